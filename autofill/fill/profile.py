"""The shopper's profile (SPEC: Profile), validated at load so a bad one never reaches a page.

Card number and CVC are `SecretStr`: their repr, str and JSON dump are masked, so a profile that
ends up in a log or an exception leaks nothing.
"""
from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Literal, Optional, Union, get_args

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError, field_validator, model_validator

from ..core.paths import DEMO_PROFILE  # noqa: F401  (re-exported: the demo and tests load it)
from ..core.cards import luhn_ok
from ..errors import ProfileError
from .secrets import mask_for, register_for




class Address(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    given_name: str
    family_name: str
    organization: Optional[str] = None
    address_line1: str
    address_line2: Optional[str] = None
    city: str
    region: Optional[str] = None
    postal_code: str
    country: str
    phone: Optional[str] = None

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        v = v.strip().upper()
        if pycountry.countries.get(alpha_2=v) is None:
            raise ValueError(f"unknown country {v!r} (use an ISO 3166-1 alpha-2 code such as GB)")
        return v

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Card(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str
    number: SecretStr
    exp_month: int
    exp_year: int
    csc: SecretStr

    @field_validator("number")
    @classmethod
    def _luhn(cls, v: SecretStr) -> SecretStr:
        raw = v.get_secret_value().replace(" ", "").replace("-", "")
        if not raw.isdigit() or not luhn_ok(raw):
            raise ValueError("card number fails the Luhn check")
        return SecretStr(raw)

    @field_validator("csc")
    @classmethod
    def _csc(cls, v: SecretStr) -> SecretStr:
        raw = v.get_secret_value().strip()
        if not (raw.isdigit() and 3 <= len(raw) <= 4):
            raise ValueError("card security code must be 3 or 4 digits")
        return v

    @field_validator("exp_month")
    @classmethod
    def _month(cls, v: int) -> int:
        if not 1 <= v <= 12:
            raise ValueError("expiry month must be 1-12")
        return v

    @field_validator("exp_year")
    @classmethod
    def _year(cls, v: int) -> int:
        if v < 100:
            v += 2000
        if not 2000 <= v <= 2100:
            raise ValueError("expiry year must be a 4-digit year")
        return v

    @model_validator(mode="after")
    def _not_expired(self) -> "Card":
        today = _dt.date.today()
        if (self.exp_year, self.exp_month) < (today.year, today.month):
            raise ValueError(f"card expired ({self.exp_month:02d}/{self.exp_year})")
        return self

    @property
    def masked(self) -> str:
        return mask_for(self.number.get_secret_value())

    @property
    def brand(self) -> str:
        n = self.number.get_secret_value()
        if n.startswith("4"):
            return "visa"
        if n[:2] in {"51", "52", "53", "54", "55"} or 2221 <= int(n[:4]) <= 2720:
            return "mastercard"
        if n[:2] in {"34", "37"}:
            return "amex"
        if n.startswith("6011") or n.startswith("65"):
            return "discover"
        return "card"


PaymentMethod = Literal["card", "cash_on_delivery", "bank_transfer", "invoice"]
PAYMENT_METHODS: tuple[str, ...] = get_args(PaymentMethod)
Delivery = Literal["cheapest", "fastest", "preselected"]


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: str
    phone: Optional[str] = None
    shipping: Address
    billing: Union[Literal["same"], Address] = "same"
    card: Optional[Card] = None
    username: Optional[str] = None
    password: Optional[SecretStr] = None
    # What the shopper accepts, most wanted first (SPEC: Profile); a shop offering none is `blocked`.
    payment_methods: list[PaymentMethod] = ["card"]
    # Which shipping option to take: the cheapest (a shop's preselected dearer one is changed),
    # the fastest, or whatever the shop preselected.
    delivery: Delivery = "cheapest"
    # The product options the shopper wants, by the option's name as a product page labels it
    # ({Size: M, Colour: Navy}): a variant select the page asks for is chosen from here, and a
    # variant that must be chosen and is not named here means `blocked`.
    variants: dict[str, str] = {}

    @field_validator("variants")
    @classmethod
    def _variants(cls, v: dict[str, str]) -> dict[str, str]:
        for name, value in v.items():
            if not str(name).strip() or not str(value).strip():
                raise ValueError("a variant needs a name and a value, e.g. Size: M")
        return {str(k).strip(): str(val).strip() for k, val in v.items()}

    @field_validator("payment_methods", mode="before")
    @classmethod
    def _one_method_is_a_list(cls, v: object) -> object:
        # `payment_methods: invoice` means the one-item list a person meant.
        return [v] if isinstance(v, str) else v

    @field_validator("payment_methods")
    @classmethod
    def _methods(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError(f"name at least one payment method ({', '.join(PAYMENT_METHODS)})")
        if len(set(v)) != len(v):
            raise ValueError("a payment method is listed twice")
        return v

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        if "@" not in v or "." not in v.split("@")[-1] or " " in v:
            raise ValueError(f"not an email address: {v!r}")
        return v

    @property
    def billing_address(self) -> Address:
        return self.shipping if self.billing == "same" else self.billing

    @model_validator(mode="after")
    def _register_secrets(self) -> "Profile":
        # However the profile was built (constructor, model_validate, load), its secrets join the
        # process-wide scrubber for as long as this object lives (fill/secrets.py).
        register_for(self, self.secret_items())
        return self

    def __copy__(self) -> "Profile":  # model_copy() runs no validator: a copy registers too
        copied = super().__copy__()
        register_for(copied, copied.secret_items())
        return copied

    def __deepcopy__(self, memo: Optional[dict] = None) -> "Profile":
        copied = super().__deepcopy__(memo)
        register_for(copied, copied.secret_items())
        return copied

    def secret_items(self) -> list[tuple[str, str]]:
        """Every secret value with its kind (card, cvc, password): each is found differently."""
        out: list[tuple[str, str]] = []
        if self.card:
            out += [("card", self.card.number.get_secret_value()), ("cvc", self.card.csc.get_secret_value())]
        if self.password:
            out.append(("password", self.password.get_secret_value()))
        return [(k, s) for k, s in out if s]

    def secrets(self) -> list[str]:
        """Every secret value, for scrubbing text that must never carry them."""
        return [s for _, s in self.secret_items()]

    @classmethod
    def from_data(cls, data: object, origin: str = "profile") -> "Profile":
        if not isinstance(data, dict):
            raise ProfileError([f"{origin}: a profile must be a mapping of keys (email, shipping, card, …)"])
        try:
            profile = cls.model_validate(data)
        except ValidationError as exc:
            raise ProfileError([f"{origin}: {_describe(err)}" for err in exc.errors()]) from None
        return profile

    @classmethod
    def load(cls, path: Union[str, Path]) -> "Profile":
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ProfileError([f"profile not found: {p}"]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError([f"cannot read profile {p}: {exc.__class__.__name__}"]) from None
        try:
            data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
        except (json.JSONDecodeError, yaml.YAMLError) as exc:
            where = getattr(exc, "problem_mark", None)
            at = f" at line {where.line + 1}" if where is not None else ""
            raise ProfileError([f"{p}: not valid {'JSON' if p.suffix.lower() == '.json' else 'YAML'}{at}"]) from None
        return cls.from_data(data, origin=str(p))


def _describe(err: dict) -> str:
    loc = ".".join(str(x) for x in err.get("loc", ()) if not str(x).startswith("function-"))
    kind = err.get("type", "")
    if kind == "missing":
        return f"missing required field {loc}"
    if kind == "extra_forbidden":
        return f"unknown field {loc}"
    msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    # Never echo the input: for card fields it is the secret itself.
    return f"{loc}: {msg}" if loc else msg

