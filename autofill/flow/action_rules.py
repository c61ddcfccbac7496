"""rules/actions.yaml: what each kind of way forward is called, in many languages, as validated
data, compiled once. Kept apart from the ranking in `actions.py` so the page reader (`state.py`)
can take the quantity-box names for its script without importing the ranker that reads its pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, field_validator

from ..core.paths import RULES_DIR
from ..core.rulefile import PhraseEntry, load_rule_file, weighted_phrases as _phrases
from ..core.text import fold
from ..errors import RuleFileError, first_line
from ..types import PAGE_KINDS

RULES_FILE = RULES_DIR / "actions.yaml"
ActionKind = Literal["add_to_cart", "view_cart", "checkout", "guest", "continue", "place_order"]
ACTION_KINDS: tuple[str, ...] = ("add_to_cart", "view_cart", "checkout", "guest", "continue", "place_order")
CARD_TYPES = frozenset({"cc-number", "cc-csc", "cc-exp", "cc-exp-month", "cc-exp-year"})


class ActionRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phrases: dict[str, list[PhraseEntry]]
    attrs: list[str] = []
    kinds: dict[str, float] = {}

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, v: dict[str, float]) -> dict[str, float]:
        bad = [k for k in v if k not in PAGE_KINDS]
        if bad:
            raise ValueError(f"unknown page kind {bad[0]!r}")
        return v


class Never(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phrases: dict[str, list[str]]
    attrs: list[str] = []
    context: list[str] = []


class PreCheckout(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pages: list[str]
    phrases: list[str]


class LaterStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    connectors: list[str]
    steps: list[str]
    starts: list[str] = []


class Consent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    context: list[str]
    decline: list[str]
    accept: list[str]


class ProductForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quantity: float = 2.5
    price: float = 0.5
    quantity_names: list[str] = []


class Icons(BaseModel):
    model_config = ConfigDict(extra="forbid")
    add_to_cart: list[str] = []
    cart: list[str] = []


class ActionRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    match: dict[Literal["exact", "prefix", "contains"], float]
    attr: float = 1.0
    min_score: float = 1.5
    long_text: int = 60
    actions: dict[str, ActionRule]
    never: Never
    not_final_hints: dict[str, list[str]] = {}
    final_hints: dict[str, list[str]] = {}
    review_steps: list[str] = []
    generic_submit: list[str] = []
    pre_checkout_orders: Optional[PreCheckout] = None
    later_step: Optional[LaterStep] = None
    consent: Optional[Consent] = None
    product_form: ProductForm = ProductForm()
    icons: Icons = Icons()

    @field_validator("actions")
    @classmethod
    def _actions(cls, v: dict[str, ActionRule]) -> dict[str, ActionRule]:
        bad = [k for k in v if k not in ACTION_KINDS]
        if bad:
            raise ValueError(f"unknown action {bad[0]!r} (known: {', '.join(ACTION_KINDS)})")
        return v


@dataclass(frozen=True)
class _Compiled:
    rules: ActionRules
    phrases: dict[str, dict[str, float]]
    never: tuple[str, ...]
    never_exact: frozenset[str]
    hints: tuple[str, ...]
    final_hints: tuple[str, ...]
    review_steps: tuple[str, ...]
    generic: tuple[str, ...]
    pre_checkout: frozenset[str]
    pre_pages: frozenset[str]
    later_step: Optional[re.Pattern[str]]


@lru_cache(maxsize=4)
def compiled_rules(path: Path = RULES_FILE) -> _Compiled:
    rules: ActionRules = load_rule_file(path, ActionRules)
    try:
        phrases = {a: {p: w for es in r.phrases.values() for p, w in _phrases(es).items()}
                   for a, r in rules.actions.items()}
    except ValueError as exc:
        raise RuleFileError(f"{path.name}: {first_line(str(exc))}") from None
    never_all = [fold(p) for ps in rules.never.phrases.values() for p in ps]
    pre = rules.pre_checkout_orders
    return _Compiled(
        rules=rules, phrases=phrases,
        never=tuple(p for p in never_all if len(p) > 2),
        never_exact=frozenset(p for p in never_all if len(p) <= 2),
        hints=tuple(fold(h) for hs in rules.not_final_hints.values() for h in hs),
        final_hints=tuple(fold(h) for hs in rules.final_hints.values() for h in hs),
        review_steps=tuple(fold(s) for s in rules.review_steps),
        generic=tuple(fold(g) for g in rules.generic_submit),
        pre_checkout=frozenset(fold(p) for p in (pre.phrases if pre else [])),
        pre_pages=frozenset(pre.pages if pre else []),
        later_step=_later_step_regex(rules.later_step),
    )


def _alternation(phrases: Sequence[str]) -> str:
    return "|".join(re.escape(fold(p)) for p in sorted(phrases, key=len, reverse=True))


def _later_step_regex(ls: Optional[LaterStep]) -> Optional[re.Pattern[str]]:
    """"<connector> [to/the/…] <step>" anywhere in the text, or a review phrase at its start."""
    if ls is None:
        return None
    conn, steps = _alternation(ls.connectors), _alternation(ls.steps)
    starts = _alternation(ls.starts) if ls.starts else r"(?!x)x"
    return re.compile(rf"(?<![0-9a-z])(?:{conn})\W*(?:(?:the|your|la|le|les|el|il|lo|de|der|die|das|het|de|a|o)\s+)?(?:{steps})(?![0-9a-z])"
                      rf"|^(?:{starts})(?![0-9a-z])")


def quantity_words_source(rules_path: Path = RULES_FILE) -> str:
    """The quantity box names as one regex alternation, for the page script (flow/page_state.js)."""
    return _alternation(compiled_rules(rules_path).rules.product_form.quantity_names)


