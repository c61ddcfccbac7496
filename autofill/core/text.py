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
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=4096)
def phrase_regex(phrase: str) -> re.Pattern[str]:
    """A folded phrase matched on word boundaries (letters and digits form words)."""
    return re.compile(r"(?<![0-9a-z])" + re.escape(fold(phrase)) + r"(?![0-9a-z])")
