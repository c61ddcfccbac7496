"""Text folding for matching words of any supported language: one function, used everywhere."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Lower case, accents folded, quotes unified; letters NFKD leaves whole (ł, ø, ß, æ) mapped by hand.
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "œ": "oe",
                       "đ": "d", "’": "'", "‘": "'", "´": "'", "`": "'", "\u00a0": " "})


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text so "Lägg i varukorgen" meets "lagg i varukorgen"."""
    if text.isascii():  # the hot path (most labels and buttons): nothing to decompose
        return " ".join(text.replace("`", "'").lower().split())
    text = unicodedata.normalize("NFKD", text.translate(_FOLD)).translate(_combining_marks())
    return " ".join(text.lower().split())


@lru_cache(maxsize=1)
def _combining_marks() -> dict[int, None]:
    """Every combining mark (Unicode's canonical combining class not 0) as a deletion table: one
    C-level `translate` instead of a Python loop over the characters of every text."""
    return {cp: None for cp in range(0x300, 0x20000) if unicodedata.combining(chr(cp))}


@lru_cache(maxsize=4096)
def phrase_regex(phrase: str) -> re.Pattern[str]:
    """A folded phrase matched on word boundaries (letters and digits form words)."""
    return re.compile(r"(?<![0-9a-z])" + re.escape(fold(phrase)) + r"(?![0-9a-z])")
