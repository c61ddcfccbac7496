"""Scrubbing profile secrets out of every string that leaves the engine.

SecretStr keeps secrets out of reprs, but a page can echo a card number back into an error
message, a URL or a log line ("card 4111-1111-… declined"). Every such string goes through
`Redactor.scrub` before it is printed, logged or saved.
"""
from __future__ import annotations

import logging
from typing import Optional

from .profile import Profile
from .secrets import ScrubFilter, mask_for, secret_pattern


class Redactor:
    """Replaces the profile's card number (any grouping), CVC and password, with the same
    patterns as the process-wide net in `secrets.py`."""

    def __init__(self, profile: Optional[Profile]) -> None:
        secrets = sorted(profile.secrets(), key=len, reverse=True) if profile is not None else []
        self._subs = [(secret_pattern(s), mask_for(s)) for s in secrets]

    def scrub(self, text: object) -> str:
        """`text` as a string with every secret masked (non-strings are str()-ed first)."""
        out = text if isinstance(text, str) else str(text)
        for pat, mask in self._subs:
            out = pat.sub(mask, out)
        return out

    __call__ = scrub

    def logging_filter(self) -> logging.Filter:
        """A filter that scrubs log records in place, for handlers that might see page text."""
        return ScrubFilter(self.scrub)
