"""Where a number is a card's security code: next to a CVC word (rules/secrets.yaml).

A CVC is three or four digits, so masking every equal number would hide "123 Main Street" or an
order number 100123. It is masked where it was typed (a whole value equal to it), echoed next to a
word that names it ("security code 739", "CVV2: 739", "739 (CVC)"), sent as a URL parameter
whose name says so (?card_cvc=739), or as a whole quoted string ({"value": "739"}: the WebDriver
command that types it, as a debug log shows it). The words are data, in several languages, validated on load.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..core.paths import RULES_DIR
from ..errors import RuleFileError, first_line

RULES_FILE = RULES_DIR / "secrets.yaml"
_WORD = re.compile(r"^[^\W_]+(?:[ \-'][^\W_]+)*$")
_BETWEEN = r"(?:[\s_\-.+]|%20)+"  # what may stand between the words of a phrase
_FILL = r"(?:%[0-9A-Fa-f]{2}|[^\d\n])"  # what may stand between a word and the code: no digit
LETTER = r"[^\W\d_]"  # a letter, in Python's re


class SecretRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_distance: int = Field(ge=1, le=80)
    max_after: int = Field(ge=0, le=40)
    words: dict[str, list[str]]

    @field_validator("words")
    @classmethod
    def _words(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        if not any(v.values()):
            raise ValueError("no CVC words")
        for lang, words in v.items():
            for w in words:
                if not isinstance(w, str) or not _WORD.match(w.strip()):
                    raise ValueError(f"{lang}: {w!r} is not a word or phrase (letters, digits, spaces, - and ' only)")
        return v


def _unaccent(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def rules() -> SecretRules:
    try:
        data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
        return SecretRules.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{RULES_FILE.name}: {first_line(str(exc))}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise RuleFileError(f"{RULES_FILE.name}: rule {loc or '(top)'}: {first_line(err['msg'])}") from None


@lru_cache(maxsize=1)
def words_source() -> str:
    """All CVC words as one alternation (longest first, so "cvv2" wins over "cvv")."""
    forms = {f for ws in rules().words.values() for w in ws for f in (w.strip().lower(), _unaccent(w.strip().lower()))}
    parts = [_BETWEEN.join(re.escape(p) for p in re.split(r"[ \-]+", f)) for f in sorted(forms, key=len, reverse=True)]
    return "(?:" + "|".join(parts) + ")"


def cvc_sources(cvc: str) -> list[str]:
    """Regex sources that find `cvc` where it is a CVC; group 1 is text to keep before it. A word
    counts only whole (no letter beside it): "card_cvc" has one, "cvcs" does not."""
    r = rules()
    code = rf"(?:(?<!\d)|(?<=%[0-9A-Fa-f]{{2}})){re.escape(cvc)}(?!\d)"  # "%20418": 418 after a space
    word = rf"(?<!{LETTER}){words_source()}(?!{LETTER})"
    param_name = rf"[^\s=&?#/]*?{words_source()}[^\s=&?#/]*="
    return [
        rf"^(\s*){re.escape(cvc)}(?=\s*$)",  # the whole value: typed into a field, or shown alone
        rf"(\\?[\"']){re.escape(cvc)}(?=\\?[\"'])",  # a whole quoted string: {"value": "739"} as typed
        rf"({word}{_FILL}{{0,{r.max_distance}}}){code}",  # after a CVC word: "security code 739"
        rf"(){code}(?={_FILL}{{0,{r.max_after}}}{word})",  # before one: "739 (CVC)"
        rf"((?:^|[?&;#]){param_name}){code}",  # a URL parameter named like one: ?cardcvc=739
    ]


def cvc_patterns(cvc: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(s, re.IGNORECASE) for s in cvc_sources(cvc))
