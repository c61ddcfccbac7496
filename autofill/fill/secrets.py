"""The secrets the process may meet, and how to find and mask them in any text.

Per-flow redaction (`fill/redact.py`) masks what a flow reports; this registry catches the rest — an
exception message from a library, a Selenium debug record, a reason built from page text — before
it reaches a person. It holds a secret only while something needs it: a registration is counted,
taken by each live `Profile` (dropped when the profile is garbage-collected) and by each running
flow (`scope`, dropped when the flow ends, however it ends). Two flows with the same card do not
unregister each other; the Engine is shared between threads, so every change is under one lock.
"""
from __future__ import annotations

import logging
import re
import threading
import weakref
from collections import deque
from contextlib import contextmanager
from typing import Iterable, Iterator, Union

from .cvc_words import cvc_patterns

SecretItem = Union[str, tuple[str, str]]  # a bare secret (its kind guessed) or (kind, secret)
KINDS = ("card", "cvc", "password")

# Between card digits a page or URL may put spaces, dashes, dots, "+" or "%20".
_SEP = r"(?:[\s\-.+]|%20|%2D)*"


def guess_kind(secret: str) -> str:
    if secret.isdigit() and len(secret) >= 12:
        return "card"
    if secret.isdigit() and len(secret) <= 4:
        return "cvc"
    return "password"


def mask_for(secret: str, kind: str = "") -> str:
    if (kind or guess_kind(secret)) == "card":
        return f"•••• {secret[-4:]}"
    return "•••"


class Masker:
    """One secret: where it shows up in text, and what replaces it there.

    A card number in any grouping anywhere; a CVC only where it is one (see `cvc_words.py`); a
    password as typed (a very short one only as a whole word, or every "a" would go).
    """

    __slots__ = ("kind", "length", "mask", "_patterns")

    def __init__(self, kind: str, secret: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown secret kind {kind!r}")
        self.kind, self.length, self.mask = kind, len(secret), mask_for(secret, kind)
        if kind == "card":
            pats = (re.compile(r"()" + _SEP.join(re.escape(c) for c in secret), re.IGNORECASE),)
        elif kind == "cvc":
            pats = cvc_patterns(secret)
        elif len(secret) >= 3:
            pats = (re.compile(r"()" + re.escape(secret)),)
        else:
            pats = (re.compile(rf"()(?<!\w){re.escape(secret)}(?!\w)"),)
        self._patterns = pats  # group 1 of each: text the match keeps before the secret

    def sub(self, text: str) -> str:
        for pat in self._patterns:
            text = pat.sub(lambda m: m.group(1) + self.mask, text)
        return text

    def found(self, text: str) -> bool:
        return any(pat.search(text) for pat in self._patterns)


def maskers(items: Iterable[SecretItem]) -> list[Masker]:
    """Longest secret first, so a card number is masked before a CVC inside it could be."""
    out = [Masker(k, s) for k, s in _keys(items)]
    return sorted(out, key=lambda m: -m.length)


def _keys(items: Iterable[SecretItem]) -> list[tuple[str, str]]:
    keys = []
    for item in items:
        kind, secret = item if isinstance(item, tuple) else (guess_kind(item), item)
        if secret:
            keys.append((kind, secret))
    return keys


# ------------------------------------------------------------------------------ the registry
_LOCK = threading.Lock()
_ENTRIES: dict[tuple[str, str], list] = {}  # (kind, secret) -> [holders, Masker]
# Registrations dropped by a garbage-collected profile. A finalizer may run in any thread, even in
# the middle of a locked section of its own thread (gc runs on allocation), so it never waits for
# the lock: it queues, and whoever next holds the lock applies the queue before letting go.
_RELEASED: deque = deque()


def _apply_released() -> None:
    while _RELEASED:
        for key in _RELEASED.popleft():
            entry = _ENTRIES.get(key)
            if entry is not None:
                entry[0] -= 1
                if entry[0] <= 0:
                    del _ENTRIES[key]


def _drain() -> None:
    while _RELEASED and _LOCK.acquire(blocking=False):
        try:
            _apply_released()
        finally:
            _LOCK.release()


def register(secrets: Iterable[SecretItem]) -> list[tuple[str, str]]:
    """Hold `secrets` once more; returns the keys to give back to `unregister`."""
    keys = _keys(secrets)
    with _LOCK:
        for key in keys:
            entry = _ENTRIES.get(key)
            if entry is None:
                _ENTRIES[key] = [1, Masker(*key)]
            else:
                entry[0] += 1
        _apply_released()
    _drain()
    install_log_scrubber()
    return keys


def unregister(keys: list[tuple[str, str]]) -> None:
    _RELEASED.append(list(keys))
    with _LOCK:
        _apply_released()
    _drain()


def register_for(owner: object, secrets: Iterable[SecretItem]) -> None:
    """Hold `secrets` as long as `owner` lives (dropped when it is garbage-collected)."""
    keys = register(secrets)
    if keys:
        weakref.finalize(owner, _release_later, keys)


def _release_later(keys: list[tuple[str, str]]) -> None:
    _RELEASED.append(keys)
    _drain()


@contextmanager
def scope(secrets: Iterable[SecretItem]) -> Iterator[None]:
    """Hold `secrets` for the duration of a block (a flow), released however the block ends."""
    keys = register(secrets)
    try:
        yield
    finally:
        unregister(keys)


def holds(secret: str) -> bool:
    """Whether the registry still keeps `secret` (any kind)."""
    _drain()
    with _LOCK:
        return any(s == secret for _, s in _ENTRIES)


def _current() -> list[Masker]:
    _drain()
    with _LOCK:
        found = [e[1] for e in _ENTRIES.values()]
    return sorted(found, key=lambda m: -m.length)


def scrub_any(text: str) -> str:
    """`text` with every registered secret masked."""
    if not text:
        return text
    for m in _current():
        text = m.sub(text)
    return text


def contains_any(text: str) -> bool:
    """Whether `text` holds a registered secret where the scrubber would mask it."""
    return bool(text) and any(m.found(text) for m in _current())


def any_registered() -> bool:
    _drain()
    return bool(_ENTRIES)


def registered_kinds() -> set[str]:
    _drain()
    with _LOCK:
        return {k for k, _ in _ENTRIES}


# ------------------------------------------------------------------------------ log records
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
        if self._scrub is None and not any_registered():
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
