"""The product rules (`rules/product.yaml`), validated on load and compiled to regexes once.

Words are data, as in the other rule files: a shop in a new language is a YAML change. Loading
goes through the same one-line-error loader as the page-kind rules, so a typo names the file and
the rule instead of failing later on a page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from ..core.paths import RULES_DIR
from ..errors import RuleFileError
from ..core.rulefile import load_rule_file
from ..core.text import fold

RULES_FILE = RULES_DIR / "product.yaml"
AVAILABILITY = {"out_of_stock": "OutOfStock", "pre_order": "PreOrder", "in_stock": "InStock"}

Phrases = dict[str, list[str]]


def _no_empty(v: Phrases) -> Phrases:
    for lang, words in v.items():
        if not all(isinstance(w, str) and w.strip() for w in words):
            raise ValueError(f"an empty phrase under {lang!r}")
    return v


class ProductRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    availability: dict[str, Phrases]
    availability_max_chars: int = 60
    add_to_cart: Phrases
    sku_labels: Phrases
    sku_labels_first: list[str] = []
    sku_attributes: list[str] = []
    sku_inputs: list[str] = []
    price_words: dict[str, list[str]]
    contexts: dict[str, list[str]]
    not_price_phrases: Phrases = {}

    @field_validator("availability")
    @classmethod
    def _availability(cls, v: dict[str, Phrases]) -> dict[str, Phrases]:
        bad = [k for k in v if k not in AVAILABILITY]
        if bad:
            raise ValueError(f"unknown availability {bad[0]!r} (use {', '.join(AVAILABILITY)})")
        for phrases in v.values():
            _no_empty(phrases)
        return v

    @field_validator("price_words")
    @classmethod
    def _price_words(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        bad = [k for k in v if k not in ("current", "regular", "other")]
        if bad:
            raise ValueError(f"unknown price word group {bad[0]!r} (use current, regular, other)")
        return v

    @field_validator("contexts")
    @classmethod
    def _contexts(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        bad = [k for k in v if k not in ("recommendations", "cart_widget", "chrome")]
        if bad:
            raise ValueError(f"unknown context {bad[0]!r} (use recommendations, cart_widget, chrome)")
        return v

    _phrases_ok = field_validator("add_to_cart", "sku_labels", "not_price_phrases")(_no_empty)


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    folded = sorted({fold(p) for p in phrases if fold(p)}, key=len, reverse=True)
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(re.escape(p) for p in folded) + r")(?![0-9a-z])")


def _flat(phrases: Phrases) -> list[str]:
    return [p for words in phrases.values() for p in words]


@dataclass(frozen=True)
class CompiledRules:
    rules: ProductRules
    availability: tuple[tuple[str, re.Pattern[str]], ...]  # (schema.org value, regex), in priority order
    add_to_cart: re.Pattern[str]
    sku_label: re.Pattern[str]
    sku_label_first: re.Pattern[str]
    not_price: re.Pattern[str]
    words: dict[str, frozenset[str]]  # price word groups and contexts, as token sets


@lru_cache(maxsize=4)
def compiled_rules(path: Path = RULES_FILE) -> CompiledRules:
    rules: ProductRules = load_rule_file(path, ProductRules)
    try:
        availability = tuple((AVAILABILITY[k], _alternation(_flat(rules.availability[k])))
                             for k in AVAILABILITY if k in rules.availability)
        words = {f"price_{k}": frozenset(fold(w) for w in v) for k, v in rules.price_words.items()}
        words.update({k: frozenset(fold(w) for w in v) for k, v in rules.contexts.items()})
        return CompiledRules(rules=rules, availability=availability,
                             add_to_cart=_alternation(_flat(rules.add_to_cart)),
                             sku_label=_alternation(_flat(rules.sku_labels) + rules.sku_labels_first),
                             sku_label_first=_alternation(rules.sku_labels_first or ["\x00"]),
                             not_price=_alternation(_flat(rules.not_price_phrases) or ["\x00"]),
                             words=words)
    except re.error as exc:  # pragma: no cover - phrases are escaped
        raise RuleFileError(f"{path.name}: {exc}") from None


def availability_of(text: str, max_chars: int | None = None) -> str | None:
    """The schema.org availability a short stock line states, or None."""
    c = compiled_rules()
    folded = fold(text)
    if not folded or len(folded) > (max_chars or c.rules.availability_max_chars):
        return None
    for value, regex in c.availability:
        if regex.search(folded):
            return value
    return None
