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


# Between card digits a page or URL may put spaces, dashes, dots, "+" or "%20".
_SEP = r"(?:[\s\-.+]|%20|%2D)*"


def secret_pattern(secret: str) -> re.Pattern[str]:
    """How a secret shows up in text: a card number in any grouping, a CVC as its own digits
    (not inside a longer number), a password as typed (a very short one only as a whole word,
    or every "a" would go)."""
    if secret.isdigit() and len(secret) >= 12:
        return re.compile(_SEP.join(re.escape(c) for c in secret))
    if secret.isdigit():
        return re.compile(rf"(?<!\d){re.escape(secret)}(?!\d)")
    if len(secret) >= 3:
        return re.compile(re.escape(secret))
    return re.compile(rf"(?<!\w){re.escape(secret)}(?!\w)")


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
    """Masks secrets in a record's final message (args merged in first); by default every
    registered secret, or what a given `scrub` function masks."""

    def __init__(self, scrub=None) -> None:
        super().__init__()
        self._scrub = scrub

    def filter(self, record: logging.LogRecord) -> bool:
        if self._scrub is None and not _PATTERNS:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a record whose args do not fit its format: keep only the format
            message = str(record.msg)
        record.msg, record.args = (self._scrub or scrub_any)(message), None
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
            if s and s not in _PATTERNS:
                _PATTERNS[s] = secret_pattern(s)
    install_log_scrubber()


def scrub_any(text: str) -> str:
    if not text:
        return text
    with _LOCK:
        items = sorted(_PATTERNS.items(), key=lambda kv: -len(kv[0]))
    for secret, pat in items:
        text = pat.sub(mask_for(secret), text)
    return text
