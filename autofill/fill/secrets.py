"""A process-wide safety net: every secret of every profile loaded, scrubbed from any text.

Per-flow redaction (`fill/redact.py`) masks what a flow reports; this catches the rest — an
exception message from a library, a reason built from page text — before it reaches a person.
"""
from __future__ import annotations

import logging
import re
import threading

_LOCK = threading.Lock()
_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(secret: str) -> re.Pattern[str]:
    if secret.isdigit() and len(secret) >= 12:
        # A card number as pages and logs write it: with spaces or dashes between the digits.
        return re.compile(r"[ \-]?".join(re.escape(c) for c in secret))
    if secret.isdigit():
        return re.compile(rf"(?<!\d){re.escape(secret)}(?!\d)")
    return re.compile(re.escape(secret))


def mask_for(secret: str) -> str:
    if secret.isdigit() and len(secret) >= 12:
        return f"•••• {secret[-4:]}"
    return "•••"


# Loggers that write what the browser is sent (WebDriver command bodies carry typed card data).
# browser.py turns them down to WARNING, but a service that turns them back up to debug its
# Selenium setup must still not log a card number: each gets a scrubbing filter.
WIRE_LOGGERS = ("selenium.webdriver.remote.remote_connection", "selenium.webdriver.remote.websocket_connection",
                "urllib3.connectionpool")


class ScrubFilter(logging.Filter):
    """Masks every registered secret in a record's final message (args merged in first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record whose args do not fit its format: keep only the format
            message = str(record.msg)
        if _PATTERNS:
            record.msg, record.args = scrub_any(message), None
        return True


def install_log_scrubber() -> None:
    """Idempotent: one ScrubFilter on each wire logger."""
    for name in WIRE_LOGGERS:
        lg = logging.getLogger(name)
        if not any(isinstance(f, ScrubFilter) for f in lg.filters):
            lg.addFilter(ScrubFilter())


def register(secrets: list[str]) -> None:
    with _LOCK:
        for s in secrets:
            if s and len(s) >= 3 and s not in _PATTERNS:
                _PATTERNS[s] = _pattern(s)
    install_log_scrubber()


def scrub_any(text: str) -> str:
    if not text:
        return text
    with _LOCK:
        items = sorted(_PATTERNS.items(), key=lambda kv: -len(kv[0]))
    for secret, pat in items:
        text = pat.sub(mask_for(secret), text)
    return text
