"""The field-type vocabulary of SPEC.md, kept in one place so every layer agrees on it."""
from __future__ import annotations

from typing import Final

GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "name": ("name", "honorific-prefix", "given-name", "additional-name", "family-name"),
    "company": ("organization",),
    "address": (
        "street-address", "address-line1", "address-line2", "address-line3",
        "address-level1", "address-level2", "postal-code", "country",
    ),
    "contact": (
        "email", "tel", "tel-country-code", "tel-national", "tel-area-code", "tel-local",
        "tel-local-prefix", "tel-local-suffix", "tel-extension",
    ),
    "card": (
        "cc-name", "cc-given-name", "cc-family-name", "cc-number", "cc-exp", "cc-exp-month",
        "cc-exp-year", "cc-csc", "cc-type",
    ),
    "account": ("username", "new-password", "current-password"),
}

UNKNOWN: Final = "unknown"
FIELD_TYPES: Final[tuple[str, ...]] = tuple(t for group in GROUPS.values() for t in group)
ALL_LABELS: Final[tuple[str, ...]] = FIELD_TYPES + (UNKNOWN,)
TYPE_GROUP: Final[dict[str, str]] = {t: g for g, ts in GROUPS.items() for t in ts}

# WHATWG tokens that are valid autocomplete field names but outside SPEC's vocabulary; they are
# folded onto the nearest SPEC type (or unknown) when a page uses them.
AUTOCOMPLETE_ALIASES: Final[dict[str, str]] = {
    "country-name": "country",
    "address-level3": "address-level2",
    "address-level4": "address-level2",
    "cc-additional-name": "cc-name",
    "honorific-suffix": UNKNOWN,
    "nickname": UNKNOWN,
    "organization-title": UNKNOWN,
    "one-time-code": UNKNOWN,
    "transaction-currency": UNKNOWN,
    "transaction-amount": UNKNOWN,
    "language": UNKNOWN,
    "bday": UNKNOWN,
    "bday-day": UNKNOWN,
    "bday-month": UNKNOWN,
    "bday-year": UNKNOWN,
    "sex": UNKNOWN,
    "url": UNKNOWN,
    "photo": UNKNOWN,
    "impp": UNKNOWN,
    "webauthn": UNKNOWN,
}

SECTIONS: Final = ("shipping", "billing")

# Types a section holds at most once; split parts and confirmation boxes are the exceptions the
# form-level pass allows.
SINGLE_VALUED: Final[frozenset[str]] = frozenset(FIELD_TYPES) - {"address-line3"}

# Types whose values are secrets: masked in every output but the field they go into.
SECRET_TYPES: Final[frozenset[str]] = frozenset({"cc-number", "cc-csc", "new-password", "current-password"})

PAGE_KINDS: Final = ("product", "cart", "login", "checkout", "shipping", "payment", "review", "confirmation")
