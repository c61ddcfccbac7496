"""The choices a checkout asks for that are no profile value: the delivery option and the payment method.

A shop asks them as a radio group or a select whose options are prose ("Standard delivery (3–5
working days) £3.49", "Nachnahme"). What each option is, is read from its text with the words of
`rules/choices.yaml`, and chosen by the profile (SPEC: Profile `delivery`, `payment_methods`):

- delivery: the cheapest option by default — a shop's preselected dearer one is changed —, the
  fastest on request, or the shop's own choice. Options that are no delivery to the address (a
  shop counter) or need a place chosen that the profile does not hold (a parcel locker) are taken
  only when nothing else is offered: the cheapest option is often one of those.
- payment: the first method of the profile's list the shop offers; when it offers none of them the
  walk must stop (`blocked`), never pay some other way.

Pure functions over texts, so every rule here is testable without a page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict

from ..core.money import find_amounts
from ..core.paths import RULES_DIR
from ..core.rulefile import load_rule_file
from ..core.text import fold, phrase_regex
from .profile import PAYMENT_METHODS, PaymentMethod

CHOICE_RULES = RULES_DIR / "choices.yaml"
OTHER = "other"  # a way to pay that is no profile's (PayPal, Klarna, Pix…)
Topic = Literal["delivery", "payment"]


class _GroupWords(BaseModel):
    model_config = ConfigDict(extra="forbid")
    delivery: list[str]
    payment: list[str]


class _DeliveryWords(BaseModel):
    model_config = ConfigDict(extra="forbid")
    free: list[str]
    fast: list[str]
    avoid: list[str]
    day_words: list[str]
    hour_words: list[str]


class ChoiceRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    group_words: _GroupWords
    payment_methods: dict[PaymentMethod, dict[str, list[str]]]
    other_methods: list[str]
    delivery: _DeliveryWords


@dataclass(frozen=True)
class _Words:
    delivery_group: re.Pattern[str]
    payment_group: re.Pattern[str]
    methods: tuple[tuple[str, re.Pattern[str]], ...]
    free: re.Pattern[str]
    fast: re.Pattern[str]
    avoid: re.Pattern[str]
    span: re.Pattern[str]  # "3–5 working days", "48-72 h", "24/48 h", "2 days"


def _any(phrases: Sequence[str]) -> re.Pattern[str]:
    """One regex for many folded phrases on word boundaries, longest first."""
    alts = "|".join(phrase_regex(p).pattern for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(alts or r"(?!x)x")


@lru_cache(maxsize=4)
def words(path: Path = CHOICE_RULES) -> _Words:
    r: ChoiceRules = load_rule_file(path, ChoiceRules)
    missing = [m for m in PAYMENT_METHODS if m not in r.payment_methods]
    if missing:
        from ..errors import RuleFileError

        raise RuleFileError(f"{path.name}: rule payment_methods: no words for {', '.join(missing)}")
    d = r.delivery
    days = "|".join(re.escape(fold(w)) for w in sorted(d.day_words, key=len, reverse=True))
    hours = "|".join(re.escape(fold(w)) for w in sorted(d.hour_words, key=len, reverse=True))
    return _Words(
        delivery_group=_any(r.group_words.delivery),
        payment_group=_any(r.group_words.payment),
        methods=tuple((m, _any([w for ws in by_lang.values() for w in ws])) for m, by_lang in r.payment_methods.items())
        + ((OTHER, _any(r.other_methods)),),
        free=_any(d.free), fast=_any(d.fast), avoid=_any(d.avoid),
        span=re.compile(rf"(?<![0-9])(\d{{1,3}})(?:\s*(?:-|–|/|a|to|bis|tot|till|do)\s*(\d{{1,3}}))?\s*"
                        rf"(?:(?P<days>{days})|(?P<hours>{hours}))(?![0-9a-z])"),
    )


# --------------------------------------------------------------------------------------------
# what one option says


def payment_method_of(text: str) -> Optional[str]:
    """The profile's name for the payment method an option's text names (the first named, when
    several are: "Cash on delivery — pay the courier in cash or by card" is cash on delivery);
    OTHER for a way to pay no profile accepts (PayPal); None when the text names no way to pay."""
    t = fold(text)
    best: Optional[tuple[int, int, str]] = None
    for method, rx in words().methods:
        m = rx.search(t)
        if m and (best is None or (m.start(), -len(m.group(0))) < best[:2]):
            best = (m.start(), -len(m.group(0)), method)
    return best[2] if best else None


def delivery_price(text: str, lang: str = "") -> Optional[Decimal]:
    """What an option costs: the first amount it shows, 0 for "Free" with none, None when it says no price."""
    amounts = [a for a in find_amounts(text, lang) if not a.negative]
    if amounts:
        return amounts[0].value
    return Decimal(0) if words().free.search(fold(text)) else None


def delivery_days(text: str) -> Optional[float]:
    """How many days an option takes, from its text: the middle of a stated span ("3–5 working
    days" → 4, "48-72 h" → 2.5), 1 for words of a fast option ("Express", "Next day"), else None."""
    t = fold(text)
    m = words().span.search(t)
    if m:
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        mid = (lo + hi) / 2
        return mid / 24 if m.group("hours") else float(mid)
    return 1.0 if words().fast.search(t) else None


def avoided(text: str) -> bool:
    """An option that is no delivery to the address, or needs a place the profile does not hold."""
    return bool(words().avoid.search(fold(text)))


# --------------------------------------------------------------------------------------------
# what a group asks, and the pick


def group_topic(header: str, options: Sequence[str]) -> Optional[Topic]:
    """Whether a group asks for the delivery or the payment method (None: neither, as far as its
    words tell). `header` is what labels the group (legend, heading, its name); `options` each
    option's own text. Options that are payment methods outvote a header word both topics share
    ("Cash on delivery" says delivery too)."""
    w = words()
    h = fold(header)
    pay_h, del_h = bool(w.payment_group.search(h)), bool(w.delivery_group.search(h))
    if pay_h != del_h:
        return "payment" if pay_h else "delivery"
    methods = [payment_method_of(o) for o in options]
    if options and sum(m is not None for m in methods) * 2 >= len(options):
        return "payment"
    if any(delivery_days(o) is not None or w.delivery_group.search(fold(o)) for o in options):
        return "delivery"
    if any(find_amounts(o) for o in options) and len(options) > 1 and del_h:
        return "delivery"
    return "payment" if pay_h else None


@dataclass(frozen=True)
class Pick:
    """The option to choose (None: leave the group as it is) and what is known about it."""

    index: Optional[int]
    price: Optional[Decimal] = None
    method: Optional[str] = None


def pick_delivery(options: Sequence[str], checked: Optional[int], mode: str, lang: str = "") -> Pick:
    """The delivery option `mode` wants (cheapest, fastest, preselected); `checked` is the shop's.

    Cheapest: the lowest price among options that state one (a tie keeps the shop's choice).
    Fastest: the fewest days, then the lowest price. Either falls back on the shop's choice, else
    the first option, when the texts tell nothing to compare."""
    prices = [delivery_price(o, lang) for o in options]
    if not options:
        return Pick(None)
    candidates = [i for i, o in enumerate(options) if not avoided(o)] or list(range(len(options)))
    if mode == "preselected" and checked is not None:
        return Pick(checked, prices[checked])
    best: Optional[int] = None
    if mode == "fastest":
        days = {i: delivery_days(options[i]) for i in candidates}
        timed = [i for i in candidates if days[i] is not None]
        if timed:
            best = min(timed, key=lambda i: (days[i], prices[i] if prices[i] is not None else Decimal("Infinity"),
                                             i != checked))
    if best is None:
        priced = [i for i in candidates if prices[i] is not None]
        if priced:
            best = min(priced, key=lambda i: (prices[i], i != checked))
    if best is None:
        best = checked if checked is not None else candidates[0]
    return Pick(best, prices[best])


def offers_payment_methods(options: Sequence[str]) -> bool:
    """Whether these options are ways to pay: at least one names one. A payment section's other
    questions (instalments "3x sem juros", a card brand, a saved card) are no choice of method."""
    return any(payment_method_of(o) is not None for o in options)


def pick_payment(options: Sequence[str], accepted: Sequence[str]) -> Pick:
    """The option of the first accepted method the shop offers; Pick(None) when it offers none."""
    methods = [payment_method_of(o) for o in options]
    for want in accepted:
        if want in methods:
            i = methods.index(want)
            return Pick(i, method=want)
    return Pick(None)


def describe_offer(options: Sequence[str], limit: int = 4) -> str:
    """The options a shop offers, short, for a reason a person reads ("Cash on delivery, PayPal")."""
    short = [re.split(r"\s[—–-]\s|\(", o)[0].strip()[:40] for o in options if o.strip()]
    return ", ".join(short[:limit]) + (", …" if len(short) > limit else "")
