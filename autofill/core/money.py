"""Money on checkout pages: amounts with their sign, currencies as ISO 4217 codes, the order total,
and the buyer's limit (`--max-total 50 EUR`).

Why not price-parser alone: it drops minus signs ("−$10" reads as 10), it guesses "3.350" without
the page's locale, and it names a symbol, not a currency ("$" is a dozen currencies). The buy
guard compares a total with a limit, so each of those guesses fails closed here instead: a signed
amount is never a total, the page's language settles the decimal separator, and a symbol that
could be several currencies is resolved from the page (its ISO codes, structured data, the
language's territory) or stays unknown — and an unknown currency blocks a limit that names one.
The words that name totals, subtotals, savings and tax notes are data: `rules/money.yaml`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from pydantic import BaseModel, ConfigDict, field_validator

from ..errors import AutofillError
from .paths import RULES_DIR
from .rulefile import load_rule_file
from .text import fold, phrase_regex

MONEY_RULES = RULES_DIR / "money.yaml"

CURRENCY_RULES = RULES_DIR / "currencies.yaml"


class CurrencyRules(BaseModel):
    """rules/currencies.yaml: every code a real ISO 4217 currency, every shared list non-empty."""

    model_config = ConfigDict(extra="forbid")
    symbols: dict[str, str]
    shared: dict[str, list[str]]

    @field_validator("symbols")
    @classmethod
    def _codes(cls, v: dict[str, str]) -> dict[str, str]:
        _check_codes(v.values())
        return v

    @field_validator("shared")
    @classmethod
    def _lists(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for sym, codes in v.items():
            if not codes:
                raise ValueError(f"shared symbol {sym!r} lists no currency")
            _check_codes(codes)
        return v


def _check_codes(codes: Iterable[str]) -> None:
    from babel.numbers import list_currencies  # CLDR keeps currencies just retired (BGN), pycountry not

    known = list_currencies()
    for c in codes:
        if c not in known:
            raise ValueError(f"{c!r} is not an ISO 4217 currency code")


@lru_cache(maxsize=4)
def currency_rules(path: Path = CURRENCY_RULES) -> CurrencyRules:
    return load_rule_file(path, CurrencyRules)


def _symbols() -> dict[str, str]:
    return currency_rules().symbols


def _shared() -> dict[str, list[str]]:
    return currency_rules().shared


@lru_cache(maxsize=1)
def symbol_alternation() -> str:
    """Every symbol, longest first, as one regex alternation."""
    r = currency_rules()
    return "|".join(re.escape(s) for s in sorted({*r.symbols, *r.shared}, key=len, reverse=True))


_CODE_RE = r"\b[A-Z]{3}\b"
@lru_cache(maxsize=1)
def _amount_re() -> re.Pattern[str]:
    """An amount with an optional currency on either side: "£24.98", "24,98 €", "EUR 50", "1.234,50 zł"."""
    sym = symbol_alternation()
    return re.compile(
        rf"(?P<pre>(?:{sym})|{_CODE_RE})?\s?(?P<num>\d{{1,3}}(?:[.,\u00a0\u202f' ]\d{{3}})*(?:[.,]\d{{1,2}})?|\d+(?:[.,]\d{{1,2}})?)"
        rf"(?:\s?(?P<post>(?:{sym})|{_CODE_RE}))?")


_MINUS = "-\u2212\u2013"
MAX_LABEL_WORDS = 4  # "Total due today", "Your order total": a total's label is short


class MoneyRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    total_words: dict[str, list[str]]
    grand_words: list[str]
    sub_words: list[str]
    not_total_words: list[str]
    note_words: list[str]
    terminal_steps: list[str]


@dataclass(frozen=True)
class _Words:
    total: tuple[str, ...]
    grand: tuple[re.Pattern[str], ...]
    sub: tuple[re.Pattern[str], ...]
    not_total: tuple[re.Pattern[str], ...]
    note: re.Pattern[str]
    terminal: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=4)
def words(path: Path = MONEY_RULES) -> _Words:
    r: MoneyRules = load_rule_file(path, MoneyRules)
    note = "|".join(re.escape(fold(w)) for w in sorted(r.note_words, key=len, reverse=True))
    return _Words(
        total=tuple(sorted({fold(w) for w in [*(w for ws in r.total_words.values() for w in ws), *r.grand_words, *r.sub_words]},
                           key=len, reverse=True)),
        grand=tuple(phrase_regex(w) for w in r.grand_words),
        sub=tuple(phrase_regex(w) for w in r.sub_words),
        not_total=tuple(phrase_regex(w) for w in r.not_total_words),
        note=re.compile(rf"(?<![0-9a-z])(?:{note})(?![0-9a-z])"),
        terminal=tuple(phrase_regex(w) for w in r.terminal_steps),
    )


def total_words_source() -> str:
    """The total words as one regex alternation, for the page script (which folds text the same way)."""
    return "|".join(re.sub(r"([.*+?^${}()|\[\]\\/])", r"\\\1", w) for w in words().total)  # JS regex syntax (u flag)


# ---------------------------------------------------------------------------------------------
class Money(BaseModel):
    """An amount and, when known, its ISO 4217 currency."""

    model_config = ConfigDict(frozen=True)
    amount: Decimal
    currency: Optional[str] = None

    @field_validator("amount")
    @classmethod
    def _finite(cls, v: Decimal) -> Decimal:
        if not v.is_finite():
            raise ValueError("the amount must be a finite number")
        if v < 0:
            raise ValueError("the amount must not be negative")
        return v

    def __str__(self) -> str:
        return f"{self.amount:.2f} {self.currency}" if self.currency else f"{self.amount:.2f}"


def currency_code(token: str) -> Optional[str]:
    """An ISO 4217 code for a code or an unambiguous symbol, else None."""
    token = token.strip()
    if token in _symbols():
        return _symbols()[token]
    if re.fullmatch(r"[A-Za-z]{3}", token):
        import pycountry

        code = token.upper()
        return code if pycountry.currencies.get(alpha_3=code) is not None else None
    return None


def parse_limit(value: Union[str, int, float, Decimal, Money, None], what: str = "the maximum total") -> Optional[Money]:
    """The buyer's maximum: `50`, `50 EUR`, `EUR 50`, `€50`, a Decimal or a Money. One-line errors."""
    if value is None or isinstance(value, Money):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise AutofillError(f"{what} must be an amount such as 49.99 or '50 EUR', not {value!r}")
    m = re.fullmatch(r"(?P<pre>[^\d\s.,+-]+)?\s*(?P<num>[+-]?[\d.,]*\d[\d.,]*|[A-Za-z]+)\s*(?P<post>[^\d\s]+)?", text)
    if not m or (m.group("pre") and m.group("post")):
        raise AutofillError(f"{what} must be an amount such as 49.99 or '50 EUR', not {text!r}")
    cur_token = m.group("pre") or m.group("post")
    num = m.group("num")
    try:
        amount = Decimal(num.replace(",", "")) if num.count(",") and num.count(".") else Decimal(num.replace(",", "."))
    except InvalidOperation:
        raise AutofillError(f"{what} must be a finite amount such as 49.99, not {text!r}") from None
    if not amount.is_finite():
        raise AutofillError(f"{what} must be a finite amount, not {text!r}")
    if amount < 0:
        raise AutofillError(f"{what} must not be negative: {text!r}")
    currency = None
    if cur_token:
        currency = currency_code(cur_token)
        if currency is None:
            if cur_token.strip() in _shared():
                raise AutofillError(f"{cur_token.strip()!r} is several currencies: give the ISO code "
                                    f"(e.g. {', '.join(_shared()[cur_token.strip()][:3])})")
            raise AutofillError(f"unknown currency {cur_token.strip()!r} in {what} (use an ISO 4217 code such as EUR)")
    return Money(amount=amount, currency=currency)


# ---------------------------------------------------------------------------------------------
_COMMA_DECIMAL = frozenset("de fr es it nl pt pl sv da nb nn no fi cs sk ru tr uk ro hu el id vi is et lv lt hr sl bg sr ca".split())


def _decimal(num: str, lang: str) -> Optional[Decimal]:
    """The number as written on a page in `lang`: "1.234,50" and "1,234.50" are both 1234.50; a lone
    separator before exactly three digits ("3.350") is a thousands separator or a decimal point as
    the page's language writes numbers."""
    raw = re.sub(r"[\u00a0\u202f' ]", "", num)
    seps = [c for c in raw if c in ".,"]
    if not seps:
        dec = None
    elif len(set(seps)) == 2:
        dec = seps[-1]
    else:
        sep = seps[0]
        tail = raw.rsplit(sep, 1)[1]
        if len(seps) > 1:
            dec = None  # "1.234.567": grouping only
        elif len(tail) == 3:
            comma_lang = (lang or "").lower()[:2] in _COMMA_DECIMAL
            dec = None if (sep == "." and comma_lang) or (sep == "," and not comma_lang) else sep
        else:
            dec = sep
    if dec is None:
        digits = raw.replace(".", "").replace(",", "")
    else:
        whole, frac = raw.rsplit(dec, 1)
        digits = whole.replace(".", "").replace(",", "") + "." + frac
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Amount:
    value: Decimal
    symbol: Optional[str]  # the currency token as written ("$", "€", "EUR")
    negative: bool
    start: int
    end: int


def find_amounts(text: str, lang: str = "") -> list[Amount]:
    """Every money amount in `text` (a currency next to it, or a decimal part), with its sign."""
    out: list[Amount] = []
    for m in _amount_re().finditer(text):
        pre, post = m.group("pre"), m.group("post")
        if pre and re.fullmatch(_CODE_RE, pre) and not currency_code(pre):
            pre = None  # "Total TTC 24,90 €": an upper-case word, not a currency
        if post and re.fullmatch(_CODE_RE, post) and not currency_code(post):
            post = None
        cur = pre or post
        num = m.group("num")
        if not cur and not re.search(r"[.,]\d{2}$", num):
            continue  # a bare integer is a quantity or a step number, not money
        value = _decimal(num, lang)
        if value is None:
            continue
        before = text[max(0, m.start() - 2):m.start()]
        inner = text[m.start():m.end()]
        negative = bool(re.search(f"[{_MINUS}]\\s?$", before) or re.search(f"[{_MINUS}]", inner[:inner.find(num)] if num in inner else "")
                        or (before.endswith("(") and text[m.end():m.end() + 1] == ")"))
        out.append(Amount(value, cur.strip() if cur else None, negative, m.start(), m.end()))
    return out


def resolve_currency(symbol: Optional[str], lang: str = "", hints: Iterable[str] = ()) -> Optional[str]:
    """The ISO code of a currency token on a page; an ambiguous symbol ("$", "kr", "¥") is settled by
    an ISO code the page shows or declares (`hints`), else by the territory of the page's language
    ("en-CA" → CAD, "sv" → SEK); None when the page does not tell."""
    if not symbol:
        codes = {c for c in hints if currency_code(c)}
        return next(iter(codes)) if len(codes) == 1 else None
    code = currency_code(symbol)
    if code:
        return code
    options = _shared().get(symbol.strip())
    if not options:
        return None
    hinted = [c for c in dict.fromkeys(h.upper() for h in hints) if c in options]
    if len(hinted) == 1:
        return hinted[0]
    return _territory_currency(lang, options)


_LANG_ONLY = {"sv": "SEK", "da": "DKK", "nb": "NOK", "nn": "NOK", "no": "NOK", "is": "ISK", "ja": "JPY", "zh": "CNY"}


def _territory_currency(lang: str, options: Sequence[str]) -> Optional[str]:
    parts = re.split(r"[-_]", (lang or "").strip())
    if len(parts) >= 2 and len(parts[-1]) == 2:
        return country_currency(parts[-1], options)
    code = _LANG_ONLY.get(parts[0].lower()) if parts and parts[0] else None
    return code if code in options else None


def country_currency(country: str, options: Sequence[str]) -> Optional[str]:
    """Which of a shared symbol's currencies `country` (ISO 3166 alpha-2) uses today (Babel)."""
    from babel.numbers import get_territory_currencies

    try:
        current = get_territory_currencies(country.upper())
    except Exception:
        current = []
    return next((code for code in current if code in options), None)


def shared_symbol(symbol: str) -> Optional[list[str]]:
    """The currencies a shared symbol may stand for, most likely first; None for any other token."""
    return _shared().get(symbol)


def unique_symbol(symbol: str) -> Optional[str]:
    """The one currency a symbol names, or None."""
    return _symbols().get(symbol)


# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Total:
    amount: Decimal
    currency: Optional[str]
    symbol: Optional[str]
    label: str


def _without_notes(row: str, lang: str) -> tuple[str, list[Amount]]:
    """The row's label with parenthesised parts and tax notes removed, and the amounts that remain.

    "Total (Inclusive of tax $0.00) $24.00" → ("Total", [$24.00]); "Total $24.00 Including $2.00 in
    taxes" → ("Total", [$24.00]); "Total incl. VAT £24.00" → ("Total", [£24.00]). The label is the
    text before the row's amount (after it when nothing precedes it)."""
    amounts = find_amounts(row, lang)
    brackets = [m.span() for m in re.finditer(r"\([^()]*\)|\[[^\[\]]*\]", row)]
    folded = fold(row)
    notes: list[tuple[int, int, Optional[Amount]]] = []
    if len(folded) == len(row):  # folding kept positions (ASCII-like text): notes can be located
        for m in words().note.finditer(folded):
            nxt = next((a for a in amounts if a.start >= m.end()), None)
            notes.append((m.start(), nxt.start if nxt else len(row), nxt))

    def inside(a: Amount, spans: Iterable[tuple[int, int]]) -> bool:
        return any(s <= a.start and a.end <= e for s, e in spans)

    kept = [a for a in amounts if not inside(a, brackets) and not any(a is n for _, _, n in notes)]
    if not kept:  # "Total incl. VAT £24.00": the note names the tax, the amount is the row's own
        kept = [a for a in amounts if not inside(a, brackets)]
    removed = brackets + [(s, e) for s, e, _ in notes] + [(a.start, a.end) for a in amounts]
    if not kept:
        return "", kept
    keep = [True] * len(row)
    for s, e in removed:
        for i in range(s, min(e, len(row))):
            keep[i] = False
    first = kept[0]
    before = "".join(c for i, c in enumerate(row[:first.start]) if keep[i])
    after = "".join(c for i, c in enumerate(row[first.end:], first.end) if keep[i])
    label = before if before.strip(" :-–") else after
    return re.sub(r"\s+", " ", label).strip(" :-–"), kept


def read_total(rows: Sequence[str], lang: str = "", hints: Iterable[str] = ()) -> Optional[Total]:
    """The grand total among a page's total rows (label plus amount, in page order).

    A row counts only with exactly one amount outside its notes (a whole summary block does not),
    never when that amount is negative or the label names a saving, discount, tax or charge; grand
    totals rank first, plain totals next, subtotals last, and within a rank the last row wins (a
    grand total follows the lines it sums)."""
    w = words()
    hints = list(hints)
    best: Optional[tuple[int, int, Total]] = None
    for i, row in enumerate(rows):
        label, kept = _without_notes(row, lang)
        if len(kept) != 1 or kept[0].negative:
            continue
        flabel = fold(label)
        if not flabel or len(flabel.split()) > MAX_LABEL_WORDS or any(p.search(flabel) for p in w.not_total):
            continue  # a table row ("Product Quantity Total Classic Tee £19.99") is not a total's label
        rank = 2 if any(p.search(flabel) for p in w.sub) else 0 if any(p.search(flabel) for p in w.grand) else 1
        a = kept[0]
        row_codes = [c for c in re.findall(_CODE_RE, row) if currency_code(c)]  # "Total USD $24.00"
        total = Total(a.value, resolve_currency(a.symbol, lang, row_codes + hints), a.symbol, label)
        key = (rank, -i)
        if best is None or key < best[:2]:
            best = (rank, -i, total)
    return best[2] if best else None


def read_subtotal(rows: Sequence[str], lang: str = "", hints: Iterable[str] = ()) -> Optional[Total]:
    """The items' subtotal row (the last one), or None: what the items cost before delivery and tax."""
    w = words()
    found: Optional[Total] = None
    for row in rows:
        label, kept = _without_notes(row, lang)
        flabel = fold(label)
        if len(kept) == 1 and not kept[0].negative and any(p.search(flabel) for p in w.sub):
            a = kept[0]
            found = Total(a.value, resolve_currency(a.symbol, lang, hints), a.symbol, label)
    return found


def is_terminal_step(text: str) -> bool:
    """A progress step named for after the order ("Confirmation", "Thank you")."""
    f = fold(text)
    return any(p.search(f) for p in words().terminal)
