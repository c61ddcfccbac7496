"""Server-side checkout logic shared by every fixture site: value specs, validation and the
normalised order. Card numbers and CVCs are checked here and never leave this module whole."""
from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Any, Mapping, Optional

import phonenumbers

from ..core.cards import luhn_ok
from .model import Site, Step

ADDRESS_KEYS = ("given_name", "family_name", "address_line1", "address_line2", "city", "region",
                "postal_code", "country")

POSTCODE_PATTERNS: dict[str, str] = {
    "GB": r"(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})",
    "US": r"\d{5}(-\d{4})?",
    "CA": r"[A-Z]\d[A-Z] ?\d[A-Z]\d",
    "FR": r"\d{5}", "DE": r"\d{5}", "ES": r"\d{5}", "IT": r"\d{5}",
    "NL": r"\d{4} ?[A-Z]{2}",
    "BE": r"\d{4}", "AT": r"\d{4}", "CH": r"\d{4}", "DK": r"\d{4}", "LU": r"\d{4}",
    "IE": r"[A-Z]\d[\dW] ?[A-Z\d]{4}",
    "PL": r"\d{2}-\d{3}", "PT": r"\d{4}-\d{3}", "SE": r"\d{3} ?\d{2}",
}

DEFAULT_MESSAGES = {
    "required": "{label} is required.",
    "postal": "Enter a valid postal code for {country}.",
    "email": "Enter a valid email address.",
    "card": "Enter a valid card number.",
    "cvc": "Enter the 3 or 4 digit security code.",
    "exp": "Enter a valid expiry date.",
    "honeypot": "Something went wrong. Please try again.",
}


def value(spec: Any, data: Mapping[str, str]) -> Optional[str]:
    """Evaluate a value spec (README: a field name, {join: [...], sep}, {const}, null)."""
    if spec is None:
        return None
    if isinstance(spec, str):
        v = data.get(spec)
        return v.strip() if isinstance(v, str) else v
    if isinstance(spec, dict):
        if "const" in spec:
            return spec["const"]
        if "name_part" in spec:  # {name_part: given|family, of: FIELD}: a full-name box split
            words = (value(spec["of"], data) or "").split()
            if not words:
                return None
            return words[0] if spec["name_part"] == "given" else (" ".join(words[1:]) or None)
        if "line" in spec:  # {line: 1|2, of: FIELD}: a one-box street split at its first newline or comma
            text = (value(spec["of"], data) or "").strip()
            parts = re.split(r"\s*(?:\n|,)\s*", text, maxsplit=1) if text else []
            return parts[spec["line"] - 1] if len(parts) >= spec["line"] else None
        if "join" in spec:
            parts = [value(p, data) for p in spec["join"]]
            parts = [p for p in parts if p]
            return spec.get("sep", "").join(parts) if parts else None
    raise ValueError(f"bad value spec {spec!r}")


def _filled(data: Mapping[str, str], name: Optional[str]) -> bool:
    return bool(name) and bool((data.get(name) or "").strip())


def _holds(cond: Any, data: Mapping[str, str]) -> bool:
    """A condition: a field name (posted non-empty) or {field: F, equals: V}."""
    if isinstance(cond, dict):
        return (data.get(cond["field"]) or "").strip() == str(cond["equals"])
    return _filled(data, cond)


def applies(rule: Mapping[str, Any], data: Mapping[str, str]) -> bool:
    if "when" in rule and not _holds(rule["when"], data):
        return False
    if "unless" in rule and _holds(rule["unless"], data):
        return False
    return True


def country_code(site: Site, raw: Optional[str]) -> Optional[str]:
    if not raw:
        return None
    raw = raw.strip()
    if raw in site.country_values:
        return site.country_values[raw]
    return raw.upper() if len(raw) == 2 and raw.isalpha() else raw


def postcode_ok(code: str, country: Optional[str]) -> bool:
    code = " ".join(code.upper().split())
    if not code:
        return False
    pattern = POSTCODE_PATTERNS.get(country or "")
    return bool(re.fullmatch(pattern, code)) if pattern else len(code) <= 12


def parse_expiry(month: Optional[str], year: Optional[str], joined: Optional[str] = None
                 ) -> Optional[tuple[int, int]]:
    """(month, 4-digit year) from separate or `MM/YY`-style values; None if malformed."""
    if joined is not None:
        m = re.fullmatch(r"\s*(\d{1,2})\s*[/\-. ]\s*(\d{2}|\d{4})\s*", joined or "")
        if not m:
            digits = re.sub(r"\D", "", joined or "")
            if len(digits) not in (4, 6):
                return None
            month, year = digits[:2], digits[2:]
        else:
            month, year = m.group(1), m.group(2)
    if not (month and year and month.strip().isdigit() and year.strip().isdigit()):
        return None
    mo, yr = int(month), int(year)
    if yr < 100:
        yr += 2000
    if not (1 <= mo <= 12 and 2000 <= yr <= 2100):
        return None
    return mo, yr


def validate(site: Site, step: Step, data: Mapping[str, str]) -> list[str]:
    """Error messages for a POST to `step` (data = session data merged with this post)."""
    msgs = {**DEFAULT_MESSAGES, **step.messages}
    errors: list[str] = []

    def label(name: str) -> str:
        return step.field_labels.get(name, name.replace("_", " ").capitalize())

    for rule in step.validate_:
        if not applies(rule, data):
            continue
        if "required" in rule:
            errors += [msgs["required"].format(label=label(n)) for n in rule["required"] if not _filled(data, n)]
        elif "postal" in rule:
            code = data.get(rule["postal"]) or ""
            country = country_code(site, data.get(rule.get("country", ""), "")) if rule.get("country") else None
            if code.strip() and not postcode_ok(code, country):
                errors.append(msgs["postal"].format(country=country or "", label=label(rule["postal"])))
        elif "email" in rule:
            v = (data.get(rule["email"]) or "").strip()
            if v and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v):
                errors.append(msgs["email"])
        elif "card" in rule or "card_join" in rule:
            number = value(rule["card"], data) if "card" in rule else value({"join": rule["card_join"]}, data)
            digits = re.sub(r"[\s-]", "", number or "")
            if not (digits.isdigit() and luhn_ok(digits)):
                errors.append(msgs["card"])
            if "cvc" in rule:
                cvc = (data.get(rule["cvc"]) or "").strip()
                if not (cvc.isdigit() and 3 <= len(cvc) <= 4):
                    errors.append(msgs["cvc"])
            exp = _expiry_from(rule, data)
            if exp is not False:
                today = _dt.date.today()
                if exp is None or (exp[1], exp[0]) < (today.year, today.month):
                    errors.append(msgs["exp"])
        elif "honeypot" in rule:
            if any(_filled(data, n) for n in rule["honeypot"]):
                errors.append(msgs["honeypot"])
        else:
            raise ValueError(f"{site.site} {getattr(step, 'path', '') or step.name}: unknown validation rule {rule!r}")
    return errors


def _expiry_from(spec: Mapping[str, Any], data: Mapping[str, str]):
    """(month, year), None when malformed, False when the spec names no expiry fields."""
    if "exp" in spec:
        return parse_expiry(None, None, value(spec["exp"], data) or "")
    if "exp_month" in spec or "exp_year" in spec:
        return parse_expiry(value(spec.get("exp_month"), data), value(spec.get("exp_year"), data))
    return False


def _clean(v: Optional[str]) -> Optional[str]:
    if v is None:
        return None
    v = " ".join(str(v).split())
    return v or None


def address(site: Site, spec: Any, data: Mapping[str, str], built: Mapping[str, dict]) -> dict:
    if isinstance(spec, str) and spec in built:
        return dict(built[spec])
    if isinstance(spec, dict) and "same_as" in spec:
        if applies(spec, data) or "fields" not in spec:
            return dict(built[spec["same_as"]])
        spec = spec["fields"]
    out = {k: _clean(value(spec.get(k), data)) for k in ADDRESS_KEYS}
    if out["postal_code"]:
        out["postal_code"] = out["postal_code"].upper()
    out["country"] = country_code(site, out["country"])
    return out


def normalise_phone(raw: Optional[str], country: Optional[str]) -> Optional[str]:
    if not raw or not raw.strip():
        return None
    try:
        num = phonenumbers.parse(raw, country or None)
        return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return re.sub(r"[^\d+]", "", raw) or None


def build_order(site: Site, data: Mapping[str, str], qty: int, shipping_id: str, order_number: str) -> dict:
    """The normalised order (README: 'The recorded order'); only the card's last 4 survive."""
    spec = site.order
    built: dict[str, dict] = {}
    # An address block may refer to the other one (same_as), so build the one that doesn't first.
    order_keys = ["shipping", "billing"]
    if isinstance(spec.get("shipping"), dict) and spec["shipping"].get("same_as") == "billing":
        order_keys.reverse()
    for key in order_keys:
        built[key] = address(site, spec.get(key), data, built)
    card_spec = spec.get("card") or {}
    number = re.sub(r"\D", "", value(card_spec.get("number"), data) or "")
    exp = _expiry_from(card_spec, data) or (None, None)
    method = next((m for m in site.shipping_methods if m.id == shipping_id), site.shipping_methods[0])
    total = site.product.price * qty + method.price
    country = built["shipping"].get("country") or built["billing"].get("country")
    return {
        "order_number": order_number,
        "email": _clean(value(spec.get("email"), data)),
        "phone": normalise_phone(value(spec.get("phone"), data), country),
        "shipping": built["shipping"],
        "billing": built["billing"],
        "card": {"last4": number[-4:] or None, "exp_month": exp[0], "exp_year": exp[1],
                 "name": _clean(value(card_spec.get("name"), data))},
        "shipping_method": method.id,
        "total": f"{total:.2f}",
        "currency": site.currency,
        "items": [{"sku": site.product.sku, "name": site.product.name, "qty": qty,
                   "price": f"{site.product.price:.2f}"}],
    }


def totals(site: Site, qty: int, shipping_id: Optional[str]) -> dict[str, Decimal]:
    method = next((m for m in site.shipping_methods if m.id == shipping_id), site.shipping_methods[0])
    subtotal = site.product.price * qty
    return {"subtotal": subtotal, "shipping": method.price if qty else Decimal("0"),
            "total": subtotal + (method.price if qty else Decimal("0")), "method": method}
