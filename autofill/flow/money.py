"""Reading the order total a page shows, with price-parser, and naming its currency."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Optional

from price_parser import Price

SYMBOLS = {"£": "GBP", "$": "USD", "US$": "USD", "€": "EUR", "¥": "JPY", "CHF": "CHF", "kr": "SEK", "SEK": "SEK",
           "zł": "PLN", "PLN": "PLN", "R$": "BRL", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD",
           "NOK": "NOK", "DKK": "DKK", "Kč": "CZK", "₹": "INR"}


def parse_amount(text: str) -> tuple[Optional[Decimal], Optional[str]]:
    price = Price.fromstring(text or "")
    if price.amount is None:
        return None, None
    cur = (price.currency or "").strip()
    code = SYMBOLS.get(cur) or (cur.upper() if len(cur) == 3 and cur.isalpha() else None)
    return price.amount, code


def read_total(candidates: Iterable[str]) -> tuple[Optional[Decimal], Optional[str]]:
    """The first candidate that parses as money (candidates come likeliest-grand-total first)."""
    for text in candidates:
        amount, code = parse_amount(text)
        if amount is not None and amount >= 0:
            return amount, code
    return None, None
