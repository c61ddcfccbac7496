"""The fill actions and the value each field gets: which profile value fits a field (as text, or as
the index of one of a select's options), and the action that carries it to the browser. Shared by
the page plan (`plan.py`) and the scripted widgets (`widgets.py`), which decide the same way.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, SecretStr

from ..field import Field
from ..page.descriptor import FieldDescriptor
from ..types import GROUPS, SECRET_TYPES
from . import values as V
from .profile import Address, Profile


Kind = Literal["text", "select", "checkbox", "radio"]


CARD_TYPES = frozenset(GROUPS["card"])


PHONE_TYPES = frozenset(GROUPS["contact"]) - {"email"}


# Values that are wrong when cut short: better unfilled (and reported) than truncated.
EXACT_TYPES = frozenset({"email", "cc-number", "cc-csc", "cc-exp", "postal-code", "username",
                         "new-password", "current-password"}) | PHONE_TYPES


class FillAction(BaseModel):
    """One thing to do to one field. `value` is the real value (never printed); `display` is safe."""

    model_config = ConfigDict(extra="forbid")

    frame: list[int]
    frame_origin: str = ""
    key: Optional[str]
    index: int
    tag: str
    input_type: str
    name: str
    prediction: str
    section: Optional[str] = None
    part: Optional[int] = None
    kind: Kind
    value: SecretStr
    option_index: Optional[int] = None  # select: the option to pick
    checked: Optional[bool] = None  # checkbox/radio: the state wanted
    secret: bool = False
    display: str
    why: str = ""  # for decisions on unknown fields: "billing same as shipping", "terms", …
    price: Optional[str] = None  # a delivery choice: what the option costs, as read from its text
    payment_method: Optional[str] = None  # a payment choice: the profile's name of the method
    # A choice among options not known before a widget opens: "delivery" or "payment", decided
    # by the profile's `delivery` / `payment_methods` once the options are read (fill/widgets.py).
    choice: Optional[str] = None
    # A scripted widget ("listbox" / "combobox", see page/widgets.py): operated by pointer and
    # keys, its option chosen once open (flow/widgets.py); option_index None: options not yet known.
    widget: Optional[str] = None

    @property
    def is_card(self) -> bool:
        return self.prediction in CARD_TYPES

    def secret_value(self) -> str:
        return self.value.get_secret_value()


class Unfilled(BaseModel):
    """A required visible field the plan leaves empty, and why."""

    frame: list[int]
    key: Optional[str]
    index: int
    name: str
    label: str
    prediction: str
    reason: str


class FillPlan(BaseModel):
    actions: list[FillAction]
    unfilled_required: list[Unfilled]
    # Why the page cannot be passed whatever is filled: it offers payment methods and the profile
    # accepts none of them (the walk stops `blocked` before any possibly-final press).
    refused: Optional[str] = None

    @property
    def blocked(self) -> bool:
        return bool(self.unfilled_required)


def _is_required(desc: FieldDescriptor) -> bool:
    return desc.required or desc.label.rstrip().endswith("*")


class _Ctx:
    """What a field's value depends on beyond itself: its split siblings, a country-code box, a
    second address line beside the first."""

    def __init__(self, pairs: Sequence[tuple[FieldDescriptor, Field]]):
        self.groups: dict[tuple, list[tuple[FieldDescriptor, Field]]] = defaultdict(list)
        self.cc_forms: set[tuple] = set()
        self.line2_forms: set[tuple] = set()
        for d, f in pairs:
            if f.part is not None:
                self.groups[self._gkey(d, f)].append((d, f))
            if f.prediction == "tel-country-code":
                self.cc_forms.add((tuple(d.frame), d.form))
            if f.prediction in ("address-line2", "address-line3"):
                self.line2_forms.add((tuple(d.frame), d.form, f.section))
        for g in self.groups.values():
            g.sort(key=lambda p: p[1].part or 0)

    @staticmethod
    def _gkey(d: FieldDescriptor, f: Field) -> tuple:
        return (tuple(d.frame), d.form, f.section, f.prediction)

    def siblings(self, d: FieldDescriptor, f: Field) -> list[tuple[FieldDescriptor, Field]]:
        return self.groups.get(self._gkey(d, f), [(d, f)])

    def has_country_code(self, d: FieldDescriptor) -> bool:
        return (tuple(d.frame), d.form) in self.cc_forms

    def has_line2(self, d: FieldDescriptor, f: Field) -> bool:
        return (tuple(d.frame), d.form, f.section) in self.line2_forms


def _address_for(section: Optional[str], profile: Profile) -> Address:
    return profile.billing_address if section == "billing" else profile.shipping


def _phone_raw(profile: Profile, addr: Address) -> Optional[str]:
    return addr.phone or profile.phone


def _text_value(pred: str, d: FieldDescriptor, f: Field, profile: Profile, addr: Address, ctx: _Ctx) -> Optional[str]:
    """The string for a text box, or None when the profile has nothing that fits."""
    card = profile.card
    if pred == "name":
        return addr.name
    if pred == "given-name":
        return addr.given_name
    if pred == "family-name":
        return addr.family_name
    if pred in ("additional-name", "honorific-prefix", "address-line3", "tel-extension"):
        return None
    if pred == "organization":
        return addr.organization or None
    if pred == "street-address" or (pred == "address-line1" and not ctx.has_line2(d, f)):
        # A single street box ("Street", "Address") is the whole street address: with no second
        # line beside it, "Flat 2" would otherwise never reach the shop.
        sep = "\n" if d.tag == "textarea" else ", "
        return sep.join(x for x in (addr.address_line1, addr.address_line2) if x)
    if pred == "address-line1":
        return addr.address_line1
    if pred == "address-line2":
        return addr.address_line2 or None
    if pred == "address-level2":
        return addr.city
    if pred == "address-level1":
        return V.region_value(addr.region, addr.country, d)
    if pred == "postal-code":
        return addr.postal_code
    if pred == "country":
        return V.country_value(addr.country, d)
    if pred == "email":
        return profile.email
    if pred in PHONE_TYPES:
        raw = _phone_raw(profile, addr)
        p = V.parse_phone(raw, addr.country) if raw else None
        if p is None:
            return None
        sibs = ctx.siblings(d, f)
        return V.phone_value(p, d, pred, part=f.part, parts=len(sibs), has_country_code_field=ctx.has_country_code(d))
    if pred == "username":
        return profile.username or profile.email
    if pred in ("new-password", "current-password"):
        return profile.password.get_secret_value() if profile.password else None
    if card is None:
        return None
    if pred == "cc-name":
        return card.name
    if pred in ("cc-given-name", "cc-family-name"):
        first, _, last = card.name.partition(" ")
        return (first if pred == "cc-given-name" else last) or None
    if pred == "cc-number":
        number = card.number.get_secret_value()
        sibs = ctx.siblings(d, f)
        return V.card_part(number, [s.maxlength for s, _ in sibs], f.part if len(sibs) > 1 else None)
    if pred == "cc-csc":
        return card.csc.get_secret_value()
    if pred == "cc-exp":
        return V.expiry_value(card.exp_month, card.exp_year, d)
    if pred == "cc-exp-month":
        return V.month_value(card.exp_month, d)
    if pred == "cc-exp-year":
        return V.year_value(card.exp_year, d)
    if pred == "cc-type":
        return card.brand
    return None


def _option_index(pred: str, d: FieldDescriptor, f: Field, profile: Profile, addr: Address, ctx: _Ctx) -> Optional[int]:
    opts = d.options
    card = profile.card
    if pred == "country":
        return V.match_country(opts, addr.country)
    if pred == "address-level1":
        return V.match_region(opts, addr.region, addr.country)
    if pred == "tel-country-code":
        raw = _phone_raw(profile, addr)
        p = V.parse_phone(raw, addr.country) if raw else None
        return V.match_country_code(opts, p, addr.country) if p else None
    if pred in ("cc-exp-month", "cc-exp-year", "cc-exp", "cc-type") and card is None:
        return None
    if pred == "cc-exp-month":
        return V.match_month(opts, card.exp_month)
    if pred == "cc-exp-year":
        return V.match_year(opts, card.exp_year)
    if pred == "cc-exp":
        return V.match_expiry(opts, card.exp_month, card.exp_year)
    if pred == "cc-type":
        return V.match_brand(opts, card.brand)
    text = _text_value(pred, d, f, profile, addr, ctx)
    if not text:
        return None
    if pred in PHONE_TYPES:
        return V.match_option(opts, [text, text.lstrip("0")])
    return V.match_option(opts, [text], fuzzy=90)


def _display(pred: str, text: str, profile: Profile) -> str:
    if pred == "cc-number":
        return profile.card.masked if profile.card else "••••"
    if pred in SECRET_TYPES:
        return "•••"
    return text


def _same(current: str, wanted: str) -> bool:
    if current == wanted:
        return True
    if V.norm(current) and V.norm(current) == V.norm(wanted):
        return True
    dc, dw = V.digits(current), V.digits(wanted)
    return bool(dw) and dc == dw and len(dw) >= max(1, len(V.norm(wanted).replace(" ", "")) - 2)


def _action(d: FieldDescriptor, f: Field, kind: Kind, value: str, display: str, *, option_index: Optional[int] = None,
            checked: Optional[bool] = None, why: str = "") -> FillAction:
    return FillAction(
        frame=list(d.frame), frame_origin=d.frame_origin, key=d.key, index=d.index, tag=d.tag,
        input_type=d.input_type, name=d.name or d.id, prediction=f.prediction, section=f.section,
        part=f.part, kind=kind, value=SecretStr(value), option_index=option_index, checked=checked,
        secret=f.prediction in SECRET_TYPES, display=display, why=why, widget=d.widget or None,
    )


def _empty(d: FieldDescriptor) -> bool:
    if d.input_type in ("checkbox", "radio"):
        return not d.checked
    if d.tag == "select":
        sel = [o for o in d.options if o.selected]
        return not d.value.strip() and (not sel or not sel[0].value.strip())
    return not d.value.strip()


def _unfilled(d: FieldDescriptor, f: Field, reason: str) -> Unfilled:
    return Unfilled(frame=list(d.frame), key=d.key, index=d.index, name=d.name or d.id, label=d.label,
                    prediction=f.prediction, reason=reason)
