"""Prices and currencies as a shopper reads them, with the page's locale.

price-parser reads most price texts well but guesses the decimal separator from the text alone:
"3.350" becomes 3350 on an English page (where it is three and a third) and "1,299" 1.299 on none;
and it drops signs, so "-5,00 €" (a discount line) reads as a price of 5. Two guards: a number
whose only separator is followed by exactly three digits is ambiguous, and is read with the
page's own decimal symbol (Babel's CLDR data for the page's language); a leading minus makes the
text no price at all. Currencies come out as ISO 4217 codes: the symbol or code in the text, told
apart by the page's country where a symbol is shared ("$", "kr", "Rs"), Babel's territory
currencies when the text has none.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from price_parser import Price

from ..core.money import country_currency, currency_rules, shared_symbol, unique_symbol

_AMBIGUOUS = re.compile(r"^\D*\d{1,3}[.,]\d{3}\D*$")
_MINUS = re.compile(r"(?:^|[\s(])[-−–]\s*(?:\D{0,4}\s*)?\d")
_CODE = re.compile(r"\b([A-Z]{3})\b")


@lru_cache(maxsize=64)
def decimal_symbol(language: Optional[str]) -> str:
    """The decimal separator of a language ("de" → ",", "en" → "."), from Babel's CLDR data."""
    if not language:
        return "."
    try:
        from babel import Locale
        from babel.numbers import get_decimal_symbol

        return get_decimal_symbol(Locale.parse(language.replace("-", "_")))
    except Exception:  # an unknown or malformed lang attribute: the common default
        return "."


def is_negative(text: str) -> bool:
    return bool(_MINUS.search(text or ""))


def parse_price(text: str, language: Optional[str] = None) -> tuple[Optional[Decimal], Optional[str]]:
    """(amount, currency symbol or code as written), or (None, None) for no price / a negative one."""
    if not text or is_negative(text):
        return None, None
    sep = decimal_symbol(language) if _AMBIGUOUS.match(text.strip()) else None
    try:
        price = Price.fromstring(text, decimal_separator=sep if sep in (".", ",") else None)
    except Exception:
        return None, None
    if price.amount is None or price.amount < 0:
        return None, None
    return price.amount, (price.currency or "").strip() or symbol_in_text(text)


@lru_cache(maxsize=1)
def _symbol_re() -> re.Pattern[str]:
    """Every symbol of rules/currencies.yaml; one made of letters only stands as its own word."""
    r = currency_rules()
    return re.compile("|".join(
        (r"(?<![A-Za-zА-Яа-я])" + re.escape(k) + r"(?![A-Za-zА-Яа-я])") if k[:1].isalpha() else re.escape(k)
        for k in sorted({*r.symbols, *r.shared}, key=len, reverse=True)))


def symbol_in_text(text: str) -> Optional[str]:
    """A currency symbol price-parser does not know ("тг.", "Lei"), found among SYMBOLS."""
    m = _symbol_re().search(text or "")
    if m:
        return m.group(0)
    low = re.search(r"(?<![a-z])(lei|kr|zł|ft|лв|тг|руб)(?![a-z])", (text or "").lower())
    return low.group(1) if low else None


def format_amount(amount: Decimal) -> str:
    """A plain decimal string as a shop writes it: cents kept as two digits ("89.00", "19.50"),
    a whole amount written with one or three zero decimals shortened ("24990.0" → "24990")."""
    text = format(amount, "f")
    if "." not in text:
        return text
    whole, frac = text.split(".")
    digits = frac.rstrip("0")
    if digits:
        return f"{whole}.{digits.ljust(2, '0')}"
    return f"{whole}.00" if len(frac) == 2 else whole


def currency_code(symbol: Optional[str], country: Optional[str] = None) -> Optional[str]:
    """ISO 4217 code of a symbol or code as written on the page, or None when it names none. A
    shared symbol ("$", "kr", "Rs") is told apart by the page's country, else its most likely code."""
    if not symbol:
        return None
    s = symbol.strip().rstrip(".").strip()
    if len(s) == 3 and s.isalpha() and s.upper() == s:
        import pycountry

        return s if pycountry.currencies.get(alpha_3=s) else None
    for key in (symbol.strip(), s, s.lower(), s.capitalize()):
        code = unique_symbol(key)
        if code:
            return code
        options = shared_symbol(key)
        if options:
            return (country_currency(country, options) if country else None) or options[0]
    if s.endswith("$") and len(s) <= 4:
        return currency_code("$", country)
    return None


@lru_cache(maxsize=256)
def territory_currency(country: Optional[str]) -> Optional[str]:
    """The currency a country uses today (Babel), for a price with no symbol on the page."""
    if not country:
        return None
    try:
        from babel.numbers import get_territory_currencies

        found = get_territory_currencies(country.upper(), tender=True, non_tender=False)
        return found[0] if found else None
    except Exception:
        return None


def code_in_text(text: str) -> Optional[str]:
    """An ISO 4217 code written in the text ("EUR 14.99"), checked against pycountry."""
    import pycountry

    for m in _CODE.finditer(text or ""):
        if pycountry.currencies.get(alpha_3=m.group(1)):
            return m.group(1)
    return None
