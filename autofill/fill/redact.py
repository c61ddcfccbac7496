"""Scrubbing profile secrets out of every string that leaves the engine.

SecretStr keeps secrets out of reprs, but a page can echo a card number back into an error
message, a URL or a log line ("card 4111-1111-… declined"). Every such string goes through
`Redactor.scrub` before it is printed, logged or saved.
"""
from __future__ import annotations

import logging
import re
from typing import Optional

from .profile import Profile, mask_number

# Between card digits a page or URL may put spaces, dashes, dots, "+" or "%20".
_SEP = r"(?:[\s\-.+]|%20|%2D)*"


class Redactor:
    """Replaces the profile's card number (any grouping), CVC (as a whole word) and password."""

    def __init__(self, profile: Optional[Profile]) -> None:
        self._subs: list[tuple[re.Pattern[str], str]] = []
        if profile is None:
            return
        if profile.card is not None:
            number = "".join(c for c in profile.card.number.get_secret_value() if c.isdigit())
            if number:
                pat = _SEP.join(re.escape(c) for c in number)
                self._subs.append((re.compile(rf"(?<!\d){pat}(?!\d)"), mask_number(number)))
        if profile.password is not None and profile.password.get_secret_value():
            pw = re.escape(profile.password.get_secret_value())
            # a very short password is only masked as a whole word, or every "a" would go
            pat = pw if len(profile.password.get_secret_value()) >= 4 else rf"(?<![\w]){pw}(?![\w])"
            self._subs.append((re.compile(pat), "•••"))
        if profile.card is not None:
            csc = profile.card.csc.get_secret_value()
            if csc:
                self._subs.append((re.compile(rf"(?<![\w]){re.escape(csc)}(?![\w])"), "•••"))

    def scrub(self, text: object) -> str:
        """`text` as a string with every secret masked (non-strings are str()-ed first)."""
        out = text if isinstance(text, str) else str(text)
        for pat, mask in self._subs:
            out = pat.sub(mask, out)
        return out

    __call__ = scrub

    def logging_filter(self) -> logging.Filter:
        """A filter that scrubs log records in place, for handlers that might see page text."""
        scrub = self.scrub

        class _Scrub(logging.Filter):
            def filter(self, record: logging.LogRecord) -> bool:
                record.msg = scrub(record.getMessage())
                record.args = None
                return True

        return _Scrub()
