"""Text normalisation shared by the rules and the model features.

Both layers must see the same words for the same field, so the one way of turning a label or an
identifier into tokens lives here: lowercase, accents stripped, camelCase / snake_case / digit runs
split, punctuation dropped. CJK runs are kept as they are (those scripts do not separate words with
spaces, so matching on them is by substring). Everything is cached: pages repeat the same
identifiers and labels over and over.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFKD does not decompose into base + combining mark.
_FOLD = str.maketrans({
    "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "æ": "ae", "Æ": "ae", "œ": "oe",
    "Œ": "oe", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i",
    "’": "'", "‘": "'", "＊": "*",
})

# camelCase / PascalCase / ACRONYMWord boundaries, and letter<->digit boundaries.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
# A word: letters and digits (CJK ideographs/kana/hangul and Cyrillic count as letters); anything
# else separates words.
_WORD = re.compile(r"[0-9a-z\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\u0400-\u04ff]+")
# A superset of where _CAMEL can match (see _split_identifier).
_MAY_SPLIT = re.compile(r"[A-Za-z][A-Z\d]|\d[A-Za-z]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Apostrophe elisions (l'adresse, d'utilisateur) glue the article to the noun; drop the article.
_KANA_MARKS = "\u3099\u309a"
_ELISION = re.compile(r"\b[ldjcmnst]'(?=\w)")


def has_cjk(text: str) -> bool:
    """True when text holds Chinese, Japanese or Korean characters (matched by substring)."""
    return _CJK.search(text) is not None


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase with accents stripped (é→e, ß→ss, ł→l); full-width forms folded to ASCII."""
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():  # most labels and every identifier: nothing to fold but case
        return text.lower()
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c) or c in _KANA_MARKS)
    # Recompose so kana voicing marks stay attached (NFKD splits が into か + ゛).
    return unicodedata.normalize("NFKC", stripped).lower()


@lru_cache(maxsize=65536)
def split_identifier(text: str) -> str:
    """Break camelCase, snake_case, kebab-case and digit runs apart: `billingPostalCode2` →
    `billing Postal Code 2`. Case is kept; `normalize` lowercases afterwards."""
    return _split_identifier(text)


def _split_identifier(text: str) -> str:
    # Every boundary _CAMEL finds has a letter before an upper-case letter or a digit, or a
    # digit before a letter: most texts have no such pair, and a plain search says so cheaply.
    if _MAY_SPLIT.search(text) is None:
        return text
    return _CAMEL.sub(" ", text)


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """The canonical form every matcher uses: split identifiers, folded, words separated by one
    space, punctuation gone. `E-Mail-Adresse*` → `e mail adresse`; `shipZIP` → `ship zip`."""
    if not text:
        return ""
    # split_identifier and fold, uncached and inline: this result is cached, the intermediate
    # forms need not be.
    if _MAY_SPLIT.search(text) is not None:
        text = _CAMEL.sub(" ", text)
    text = text.lower() if text.isascii() else _fold(text)
    if "'" in text:  # an elision needs its apostrophe
        text = _ELISION.sub("", text)
    # The words, one space apart.
    return " ".join(_WORD.findall(text))


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """The words of `normalize(text)`."""
    norm = normalize(text)
    return tuple(norm.split()) if norm else ()
