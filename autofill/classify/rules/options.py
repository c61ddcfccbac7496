"""What a select offers, judged from its options: months, years, days, countries, regions."""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Iterable, Optional

from pydantic import BaseModel, ConfigDict, field_validator


from ...core.paths import RULES_DIR
from ...core.rulefile import load_rule_file
from ..text import normalize
from .schema import LANGUAGES

OPTION_WORDS = RULES_DIR / "options.yaml"

# --------------------------------------------------------------------------- select options

class OptionWords(BaseModel):
    """rules/options.yaml."""

    model_config = ConfigDict(extra="forbid")
    month_extras: list[str]
    country_extras: list[str]
    region_countries: list[str]
    region_extras: list[str]

    @field_validator("region_countries")
    @classmethod
    def _codes(cls, v: list[str]) -> list[str]:
        import pycountry

        for cc in v:
            if pycountry.countries.get(alpha_2=cc) is None:
                raise ValueError(f"{cc!r} is not an ISO 3166 country code")
        return v


@lru_cache(maxsize=1)
def words() -> OptionWords:
    return load_rule_file(OPTION_WORDS, OptionWords)


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    """Every month name and abbreviation of the rule languages, as CLDR writes them, normalised."""
    from babel.dates import get_month_names

    names = set(words().month_extras)
    for lang in sorted(LANGUAGES):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                try:
                    names.update(get_month_names(width, context=context, locale=lang).values())
                except Exception:  # a language CLDR does not know: its rules still work
                    continue
    return frozenset(normalize(n) for n in names)


def _month_like(text: str, value: str) -> bool:
    months = _months()
    t = normalize(text)
    if t in months or (t.split()[:1] and t.split()[-1] in months):
        return True
    for s in (t, normalize(value)):
        parts = s.split()
        if parts and parts[0].isdigit() and 1 <= int(parts[0]) <= 12 and len(parts[0]) <= 2:
            if len(parts) == 1 or parts[-1] in months:
                return True
    return _KANJI_MONTH.fullmatch(text.strip()) is not None


_KANJI_MONTH = re.compile(r"\d{1,2}\s*月")
_YEAR_TEXT = re.compile(r"\s*(\d{4}|\d{2})\s*")
_YEAR_VALUE = re.compile(r"\s*(\d{4})\s*")
_ALNUM = re.compile(r"[^\W_]")  # one character for which str.isalnum() holds


def _country_raw() -> Iterable[str]:
    """The names (as written) that `_country_names` holds in normalised form."""
    import pycountry

    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                yield v
    yield from words().country_extras


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        names.add(c.alpha_2.lower())
        names.add(c.alpha_3.lower())
    names.update(normalize(v) for v in _country_raw())
    return frozenset(names)


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    import pycountry

    names: set[str] = set()
    for cc in words().region_countries:
        for sub in pycountry.subdivisions.get(country_code=cc) or ():
            names.add(normalize(sub.name))
            if cc in ("US", "CA", "AU", "BR", "MX", "IN"):
                names.add(sub.code.split("-", 1)[1].lower())
    names.update(normalize(n) for n in words().region_extras)
    return frozenset(names)


@lru_cache(maxsize=1)
def _place_normal() -> dict[str, str]:
    """normalize() of every country and region name as written: country and state selects list
    exactly these, so their options need no normalising of their own (same result, no work)."""
    import pycountry

    raw = set(_country_raw()) | set(words().region_extras)
    for cc in words().region_countries:
        raw.update(sub.name for sub in pycountry.subdivisions.get(country_code=cc) or ())
    return {name: normalize(name) for name in raw}


@lru_cache(maxsize=4096)
def options_kind(options: tuple[tuple[str, str], ...]) -> Optional[str]:
    """What a select offers, judged from its options: months, future years (card expiry), past
    years (birth), days, countries, regions (states, provinces); None when unclear."""
    # Placeholders ("Month", "-- Select --") are usually first; judge on the rest.
    # (An option whose text starts with a letter or digit passes both tests at once.)
    real = [(t, v) for t, v in options
            if t[:1].isalnum() or ((t or v).strip() and _ALNUM.search(t + v) is not None)]
    if len(real) < 3:
        return None
    n = len(real)
    years = []
    need = max(4, int(0.8 * n))
    for k, (t, v) in enumerate(real):
        if len(years) + n - k < need:
            break  # too few options left to make it a year list: the test below fails anyway
        m = _YEAR_TEXT.fullmatch(t) or _YEAR_VALUE.fullmatch(v)
        if m:
            y = int(m.group(1))
            years.append(y + 2000 if y < 100 else y)
    now = _dt.date.today().year
    if len(years) >= need:
        if min(years) >= now - 3 and max(years) <= now + 30:
            return "years-future"
        if max(years) <= now + 1 and min(years) < now - 20:
            return "years-past"
    if 11 <= n <= 13 and sum(1 for t, v in real if _month_like(t, v)) >= 11:
        return "months"
    if 28 <= n <= 32:
        days = sum(1 for t, v in real if t.strip().isdigit() and 1 <= int(t.strip()) <= 31)
        if days >= 28:
            return "days"
    if n >= 8:
        countries = _country_names()
        regions = _region_names()
        known = _place_normal()
        c = r = 0
        for t, v in real:
            norm = known.get(t)
            if norm is None:
                norm = normalize(t)
            value = v.strip().lower()
            c += norm in countries or value in countries
            r += norm in regions or value in regions
        if n >= 20 and c >= 0.6 * n and c >= r:
            return "countries"
        if r >= 0.6 * n:
            return "regions"
    return None
