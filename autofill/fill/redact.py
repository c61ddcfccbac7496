"""Scrubbing profile secrets out of every string that leaves the engine.

SecretStr keeps secrets out of reprs, but a page can echo a card number back into an error
message, a URL, an order reference or a log line ("card 4111-1111-… declined"). Every such string
goes through `Redactor.scrub` before it is printed, logged or saved; `scrub_strings` does it for
every string of a result model at once, so a field added later is scrubbed too.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from pydantic import BaseModel

from .profile import Profile
from .secrets import ScrubFilter, maskers


class Redactor:
    """Replaces the profile's card number (any grouping), CVC (where it is one) and password,
    with the same maskers as the process-wide net in `secrets.py`."""

    def __init__(self, profile: Optional[Profile]) -> None:
        self._maskers = maskers(profile.secret_items()) if profile is not None else []

    def scrub(self, text: object) -> str:
        """`text` as a string with every secret masked (non-strings are str()-ed first)."""
        out = text if isinstance(text, str) else str(text)
        for m in self._maskers:
            out = m.sub(out)
        return out

    __call__ = scrub

    def logging_filter(self) -> logging.Filter:
        """A filter that scrubs log records in place, for handlers that might see page text."""
        return ScrubFilter(self.scrub)


def scrub_strings(value: Any, scrub: Callable[[str], str]) -> Any:
    """`value` with `scrub` applied to every string inside it: pydantic models are changed in
    place (each field, recursively through lists, tuples and dicts); other values are returned."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = scrub_strings(old, scrub)
            if new is not old:
                setattr(value, name, new)
        return value
    if isinstance(value, list):
        return [scrub_strings(v, scrub) for v in value]
    if isinstance(value, tuple):
        return tuple(scrub_strings(v, scrub) for v in value)
    if isinstance(value, dict):
        return {scrub_strings(k, scrub): scrub_strings(v, scrub) for k, v in value.items()}
    return value
