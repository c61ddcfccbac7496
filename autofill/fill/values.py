"""Turning one profile value into what one particular field accepts.

Pages disagree on everything: a phone as "+44 20 7946 0958" or "02079460958" or three boxes, an
expiry as "12/30" or "12 / 2030", a month select whose options read "déc." or "12 - December", a
country select keyed by "GBR" or showing "Royaume-Uni". Each function here takes the profile's
canonical value plus the field's own hints (placeholder, maxlength, label, select options) and
returns the one string, or the one option index, that field wants; None when nothing fits, so the
plan can report the field instead of typing garbage into it.
"""
from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional, Sequence

import phonenumbers
import pycountry
from rapidfuzz import fuzz, process

from ..page.descriptor import FieldDescriptor, Option

# --------------------------------------------------------------------------------------------
# text helpers


def norm(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used for every comparison."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("ß", "ss")
    text = re.sub(r"[^\w]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def digits(text: str) -> str:
    return "".join(c for c in str(text) if c.isdigit())


def fit(value: str, maxlength: Optional[int]) -> str:
    """Cut free text to the field's maxlength (a page's maxlength is a hard limit)."""
    if maxlength is not None and maxlength > 0 and len(value) > maxlength:
        return value[:maxlength].rstrip()
    return value


def fits(value: str, maxlength: Optional[int]) -> bool:
    return maxlength is None or maxlength <= 0 or len(value) <= maxlength


def hint_text(desc: FieldDescriptor) -> str:
    """Everything a person reads around the field: label sources and placeholder."""
    parts = [desc.label, desc.placeholder, *desc.labels.values()]
    return " ".join(p for p in parts if p)


# --------------------------------------------------------------------------------------------
# select options


def _real_options(options: Sequence[Option]) -> list[tuple[int, Option]]:
    return [(i, o) for i, o in enumerate(options) if not o.disabled]


def match_option(options: Sequence[Option], candidates: Iterable[str], *, fuzzy: int = 0) -> Optional[int]:
    """Index of the option whose value or text equals one of the candidates (normalized).

    Candidates are tried in order, values before texts, so an earlier (more specific) candidate
    wins; with `fuzzy` > 0 a last pass takes the best rapidfuzz ratio at or above that score.
    """
    opts = _real_options(options)
    cands = [c for c in (norm(c) for c in candidates if c) if c]
    for cand in cands:
        for i, o in opts:
            if norm(o.value) == cand:
                return i
        for i, o in opts:
            if norm(o.text) == cand:
                return i
    if fuzzy and cands:
        choices = {i: norm(o.text) for i, o in opts if norm(o.text)}
        best: Optional[tuple[float, int]] = None
        for cand in cands:
            hit = process.extractOne(cand, choices, scorer=fuzz.ratio, score_cutoff=fuzzy)
            if hit and (best is None or hit[1] > best[0]):
                best = (hit[1], hit[2])
        if best:
            return best[1]
    return None


# --------------------------------------------------------------------------------------------
# phones


@dataclass(frozen=True, slots=True)
class PhoneParts:
    country_code: str  # "44"
    national: str  # national format digits with trunk prefix: "02079460958"
    nsn: str  # national significant number: "2079460958"
    e164: str  # "+442079460958"
    international: str  # "+44 20 7946 0958"
    area: str
    local: str
    nanp: bool


def parse_phone(raw: str, region: str) -> Optional[PhoneParts]:
    try:
        num = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    nsn = phonenumbers.national_significant_number(num)
    if not nsn:
        return None
    cc = str(num.country_code)
    national = digits(phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL))
    nanp = cc == "1"
    if nanp and len(nsn) == 10:
        area, local = nsn[:3], nsn[3:]
    else:
        n = phonenumbers.length_of_geographical_area_code(num) or phonenumbers.length_of_national_destination_code(num)
        if not 0 < n < len(nsn):
            n = min(3, len(nsn) - 1)
        area, local = nsn[:n], nsn[n:]
    return PhoneParts(
        country_code=cc, national=national or nsn, nsn=nsn,
        e164=phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164),
        international=phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        area=area, local=local, nanp=nanp,
    )


def _split_local(p: PhoneParts) -> tuple[str, str]:
    """prefix/suffix of the local number: 3-4 for NANP, else the last 4 digits as suffix."""
    if len(p.local) <= 4:
        return p.local[: len(p.local) // 2], p.local[len(p.local) // 2:]
    return p.local[:-4], p.local[-4:]


def country_code_value(p: PhoneParts, desc: FieldDescriptor) -> Optional[str]:
    """"+44" for a text box (or "44" where "+44" does not fit or the hint shows no plus)."""
    if desc.tag == "select":
        return None
    plus = "+" + p.country_code
    if not fits(plus, desc.maxlength) or (desc.placeholder and "+" not in desc.placeholder and digits(desc.placeholder)):
        return p.country_code if fits(p.country_code, desc.maxlength) else None
    return plus


def match_country_code(options: Sequence[Option], p: PhoneParts, region: str) -> Optional[int]:
    """A dialling-code select: options like "+44", "44", "GB", "United Kingdom (+44)"."""
    cc = p.country_code
    idx = match_option(options, ["+" + cc, cc, "00" + cc])
    if idx is not None:
        return idx
    pattern = re.compile(rf"(?<!\d)\+?\s*{cc}(?!\d)")
    hits = [i for i, o in _real_options(options) if pattern.search(o.text) or pattern.search(o.value)]
    if len(hits) == 1:
        return hits[0]
    if hits:  # "+1" is shared by the US, Canada, …: prefer the one naming the shopper's country
        names = {norm(n) for n in country_names(region)}
        for i in hits:
            o = options[i]
            if any(n and n in norm(o.text) for n in names) or norm(o.value) in names:
                return i
        return hits[0]
    return match_country(options, region)


def phone_value(p: PhoneParts, desc: FieldDescriptor, prediction: str, *, part: Optional[int] = None,
                parts: int = 1, has_country_code_field: bool = False) -> Optional[str]:
    """The text for one phone box, from its type, its split position and its hints."""
    prefix, suffix = _split_local(p)
    if prediction == "tel-country-code":
        return country_code_value(p, desc)
    if prediction == "tel-area-code":
        return p.area
    if prediction == "tel-local":
        return p.local
    if prediction == "tel-local-prefix":
        return prefix
    if prediction == "tel-local-suffix":
        return suffix
    if prediction == "tel-extension":
        return None
    if prediction == "tel" and part is not None and parts > 1:
        if parts == 2:
            return (p.area, p.local)[min(part, 2) - 1]
        if parts == 3:
            return (p.area, prefix, suffix)[min(part, 3) - 1]
        return None
    # a whole number in one box
    ph = desc.placeholder.strip()
    if prediction == "tel-national" or has_country_code_field:
        if has_country_code_field and fits(p.nsn, desc.maxlength) and not ph.startswith("0"):
            return p.nsn
        return p.national if fits(p.national, desc.maxlength) else p.nsn
    if ph.startswith("+") or ph.startswith("00"):
        return p.e164
    if re.match(r"^\(?0\d", ph):
        return p.national
    if re.match(r"^\(?\d", ph) and len(digits(ph)) <= 10 and p.nanp:
        return p.nsn
    if desc.maxlength in (10, 11):
        return p.national if fits(p.national, desc.maxlength) else p.nsn
    if fits(p.e164, desc.maxlength):
        return p.e164
    if fits(p.national, desc.maxlength):
        return p.national
    return p.nsn if fits(p.nsn, desc.maxlength) else None


# --------------------------------------------------------------------------------------------
# expiry dates

# Month names in the languages checkout pages most often use. Abbreviations ("déc.", "Sept",
# "Mär") are matched as prefixes of these; babel would know more languages but is not needed.
MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"),
    "fr": ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
           "octobre", "novembre", "decembre"),
    "de": ("januar", "februar", "marz", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto", "setembro",
           "outubro", "novembro", "dezembro"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december"),
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"),
    "pl": ("styczen", "luty", "marzec", "kwiecien", "maj", "czerwiec", "lipiec", "sierpien",
           "wrzesien", "pazdziernik", "listopad", "grudzien"),
}
_EXTRA_MONTH_WORDS = {"maerz": 3, "sept": 9, "juil": 7, "janv": 1, "fevr": 2, "avr": 4}


def months_named(text: str) -> set[int]:
    """Month numbers (1-12) a word names in any known language: "déc." -> {12}."""
    found: set[int] = set()
    for word in norm(text).split():
        if word.isdigit():
            continue
        if word in _EXTRA_MONTH_WORDS:
            found.add(_EXTRA_MONTH_WORDS[word])
            continue
        for names in MONTHS.values():
            for m, name in enumerate(names, 1):
                if word == name or (len(word) >= 3 and name.startswith(word)):
                    found.add(m)
    return found


def _leading_number(text: str) -> Optional[int]:
    m = re.match(r"\s*0*(\d{1,4})(?!\d)", text)
    return int(m.group(1)) if m else None


def match_month(options: Sequence[Option], month: int) -> Optional[int]:
    """Month select: by number in the value, then the text's leading number, then by name."""
    opts = _real_options(options)
    for i, o in opts:
        if digits(o.value) and o.value.strip().isdigit() and int(o.value) == month:
            return i
    for i, o in opts:
        if _leading_number(o.text) == month:
            return i
    for i, o in opts:
        if months_named(o.text) == {month} or months_named(o.value) == {month}:
            return i
    return None


def match_year(options: Sequence[Option], year: int) -> Optional[int]:
    opts = _real_options(options)
    for want in (str(year), f"{year % 100:02d}"):
        for i, o in opts:
            if o.value.strip() == want:
                return i
        for i, o in opts:
            if o.text.strip() == want:
                return i
    pat = re.compile(rf"(?<!\d)({year}|{year % 100:02d})(?!\d)")
    for i, o in opts:
        if pat.search(o.text):
            return i
    return None


_YEAR4 = re.compile(r"(yyyy|aaaa|jjjj|rrrr|20\d\d)", re.I)
_YEAR2 = re.compile(r"(?<![a-z])(yy|aa|jj|rr)(?![a-z])", re.I)
_EXP_SHAPE = re.compile(r"(mm|m)(\s*[/\-.]?\s*)(yyyy|yy|aaaa|aa|jjjj|jj|rrrr|rr)", re.I)


def expiry_value(month: int, year: int, desc: FieldDescriptor) -> Optional[str]:
    """One-box expiry ("cc-exp"): MM/YY by default, the shape the hints show otherwise."""
    hints = hint_text(desc)
    sep, four = "/", False
    shape = _EXP_SHAPE.search(desc.placeholder) or _EXP_SHAPE.search(hints)
    if shape:
        sep = shape.group(2)
        four = len(shape.group(3)) == 4
    else:
        m = re.search(r"\d\d(\s*[/\-.]?\s*)(\d{2,4})", desc.placeholder)
        if m:
            sep, four = m.group(1), len(m.group(2)) == 4
        elif _YEAR4.search(hints):
            four = True
        if desc.maxlength == 4:
            sep = ""
        elif desc.maxlength == 6:
            sep, four = "", True
        elif desc.maxlength in (7, 9) and not m:
            four = True
    yy = f"{year:04d}" if four else f"{year % 100:02d}"
    value = f"{month:02d}{sep}{yy}"
    if not fits(value, desc.maxlength):
        for alt in (f"{month:02d}/{year % 100:02d}", f"{month:02d}{year % 100:02d}"):
            if fits(alt, desc.maxlength):
                return alt
        return None
    return value


def month_value(month: int, desc: FieldDescriptor) -> str:
    hints = hint_text(desc)
    if desc.maxlength == 1 or (re.search(r"(?<![a-z])m(?![a-z])", hints, re.I) and not re.search(r"mm", hints, re.I)):
        return str(month)
    return f"{month:02d}"


def year_value(year: int, desc: FieldDescriptor) -> str:
    hints = hint_text(desc)
    if desc.maxlength == 2 or (_YEAR2.search(hints) and not _YEAR4.search(hints)):
        return f"{year % 100:02d}"
    return str(year)


def match_expiry(options: Sequence[Option], month: int, year: int) -> Optional[int]:
    """A single select of whole dates ("12/30", "12 / 2030")."""
    pat = re.compile(rf"^\s*0?{month}\s*[/\-. ]\s*(20)?{year % 100:02d}\s*$")
    for i, o in _real_options(options):
        if pat.match(o.text) or pat.match(o.value):
            return i
    return None


# --------------------------------------------------------------------------------------------
# countries and regions

# Names people and pages use that ISO does not.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "GB": ("United Kingdom", "Great Britain", "UK", "U.K.", "Britain", "England", "Royaume-Uni",
           "Vereinigtes Königreich", "Großbritannien", "Reino Unido", "Regno Unito", "Gran Bretaña",
           "Verenigd Koninkrijk", "Storbritannien", "Wielka Brytania"),
    "US": ("United States", "United States of America", "USA", "U.S.A.", "US", "U.S.", "America",
           "États-Unis", "Vereinigte Staaten", "Estados Unidos", "Stati Uniti"),
    "KR": ("South Korea", "Korea", "Republic of Korea"),
    "RU": ("Russia",),
    "CZ": ("Czech Republic", "Czechia"),
    "NL": ("Netherlands", "Holland", "The Netherlands"),
    "VN": ("Vietnam",),
    "TW": ("Taiwan",),
    "IR": ("Iran",),
    "TR": ("Turkey", "Türkiye"),
    "AE": ("UAE", "United Arab Emirates"),
}

# Locales whose country names pages show most; pycountry ships the translations.
_COUNTRY_LOCALES = ("fr", "de", "es", "it", "pt", "pt_BR", "nl", "sv", "da", "nb_NO", "fi", "pl",
                    "cs", "ru", "ja", "zh_CN", "zh_TW", "ko", "tr", "ar", "he", "el", "hu", "ro")


@lru_cache(maxsize=None)
def _translator(domain: str, lang: str) -> Optional[gettext.NullTranslations]:
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return None


@lru_cache(maxsize=512)
def country_names(alpha2: str) -> tuple[str, ...]:
    """Every name a select may show for a country: ISO names, aliases, localized names."""
    c = pycountry.countries.get(alpha_2=alpha2.upper())
    if c is None:
        return (alpha2,)
    english = [getattr(c, k, None) for k in ("name", "common_name", "official_name")]
    names = [n for n in english if n]
    names += COUNTRY_ALIASES.get(c.alpha_2, ())
    for lang in _COUNTRY_LOCALES:
        tr = _translator("iso3166-1", lang)
        if tr is None:
            continue
        for n in english:
            if n:
                names.append(tr.gettext(n))
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return tuple(out)


def match_country(options: Sequence[Option], alpha2: str) -> Optional[int]:
    """Country select: ISO alpha-2, alpha-3, numeric, then any name, then a close fuzzy name."""
    c = pycountry.countries.get(alpha_2=alpha2.upper())
    codes = [alpha2]
    if c is not None:
        codes += [c.alpha_3, c.numeric]
    if alpha2.upper() == "GB":
        codes.append("UK")
    opts = _real_options(options)
    for code in codes:
        for i, o in opts:
            if o.value.strip().upper() == code.upper():
                return i
    names = country_names(alpha2)
    idx = match_option(options, names)
    if idx is not None:
        return idx
    # "United Kingdom (GB)", "+44 United Kingdom": the name inside a longer text
    wanted = [norm(n) for n in names if len(norm(n)) >= 4]
    for i, o in opts:
        t = norm(o.text)
        for n in wanted:
            if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", t) and len(t) <= len(n) + 12:
                return i
    return match_option(options, names, fuzzy=90)


def country_value(alpha2: str, desc: FieldDescriptor) -> str:
    """Country typed into a text box: the code when the box is that short, else the name."""
    c = pycountry.countries.get(alpha_2=alpha2.upper())
    if desc.maxlength is not None and 0 < desc.maxlength <= 2 or c is None:
        return alpha2.upper()
    if desc.maxlength == 3:
        return c.alpha_3
    return fit(getattr(c, "common_name", None) or c.name, desc.maxlength)


_REGION_NOISE = {"greater", "county", "state", "province", "region", "of", "the", "city", "and",
                 "department", "prefecture", "district", "metropolitan", "borough", "royal"}


def _key_words(text: str) -> set[str]:
    return {w for w in norm(text).split() if w not in _REGION_NOISE and len(w) > 1}


@lru_cache(maxsize=256)
def region_candidates(region: str, alpha2: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(codes, names) the profile's free-text region may appear as in a select."""
    codes: list[str] = []
    names: list[str] = [region]
    subs = list(pycountry.subdivisions.get(country_code=alpha2.upper()) or [])
    r = norm(region)
    rk = _key_words(region)
    for s in subs:
        short = s.code.split("-", 1)[1]
        sn = norm(s.name)
        if r in (norm(s.code), norm(short), sn) or (rk and rk == _key_words(s.name)):
            codes += [short, s.code]
            names.append(s.name)
    if not codes and subs:
        best = process.extractOne(r, {s.code: norm(s.name) for s in subs}, scorer=fuzz.ratio, score_cutoff=88)
        if best:
            s = pycountry.subdivisions.get(code=best[2])
            codes += [s.code.split("-", 1)[1], s.code]
            names.append(s.name)
    # localized subdivision names ("Londres ville")
    for n in list(names[1:]):
        for lang in ("fr", "de", "es", "it", "pt", "nl"):
            tr = _translator("iso3166-2", lang)
            if tr is not None and tr.gettext(n) not in names:
                names.append(tr.gettext(n))
    return tuple(codes), tuple(names)


def match_region(options: Sequence[Option], region: Optional[str], alpha2: str) -> Optional[int]:
    """State/county select by code, name, or the key word ("Greater London" -> "London")."""
    if not region:
        return None
    codes, names = region_candidates(region, alpha2)
    opts = _real_options(options)
    for code in codes:
        for i, o in opts:
            if o.value.strip().upper() == code.upper() or o.text.strip().upper() == code.upper():
                return i
    idx = match_option(options, names)
    if idx is not None:
        return idx
    keys = set().union(*(_key_words(n) for n in names))
    if keys:
        for i, o in opts:  # same key words: "London, City of" for "Greater London"
            kw = _key_words(o.text) or _key_words(o.value)
            if kw and kw <= keys | _key_words(region) and kw & keys:
                return i
        for i, o in opts:  # the key word inside a longer option text
            if _key_words(region) and _key_words(region) <= _key_words(o.text):
                return i
    idx = match_option(options, names, fuzzy=88)
    if idx is not None:
        return idx
    # A list of the larger divisions only (EverShop offers England, Scotland, Wales and Northern
    # Ireland for GB): the one the profile's region lies in.
    for code in codes:
        sub = pycountry.subdivisions.get(code=code) if "-" in code else None
        parent = pycountry.subdivisions.get(code=sub.parent_code) if sub is not None and sub.parent_code else None
        if parent is not None:
            idx = match_region(options, parent.name, alpha2)
            if idx is not None:
                return idx
    return None


def region_value(region: Optional[str], alpha2: str, desc: FieldDescriptor) -> Optional[str]:
    if not region:
        return None
    if desc.maxlength is not None and 0 < desc.maxlength < len(region):
        codes, _ = region_candidates(region, alpha2)
        short = [c for c in codes if fits(c, desc.maxlength)]
        if short:
            return short[0]
    return fit(region, desc.maxlength)


# --------------------------------------------------------------------------------------------
# cards

BRAND_NAMES: dict[str, tuple[str, ...]] = {
    "visa": ("visa", "vi", "visa card", "visa credit", "visa debit"),
    "mastercard": ("mastercard", "master card", "master", "mc", "ca", "eurocard"),
    "amex": ("amex", "american express", "ax", "ae", "americanexpress"),
    "discover": ("discover", "di", "ds", "discover card"),
}


def match_brand(options: Sequence[Option], brand: str) -> Optional[int]:
    names = BRAND_NAMES.get(brand, (brand,))
    idx = match_option(options, names)
    if idx is not None:
        return idx
    for i, o in _real_options(options):
        t = f"{norm(o.text)} {norm(o.value)}"
        if any(len(n) > 2 and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", t) for n in names):
            return i
    return None


def brand_matches(text: str, brand: str) -> bool:
    t = norm(text)
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", t) for n in BRAND_NAMES.get(brand, (brand,)) if len(n) > 2 or t == n)


def card_part(number: str, maxlengths: Sequence[Optional[int]], part: Optional[int]) -> Optional[str]:
    """One box of a split card number, sized by the boxes' maxlengths (4-4-4-4 by default)."""
    if part is None or len(maxlengths) <= 1:
        return number if fits(number, maxlengths[0] if maxlengths else None) else None
    sizes = [m if m and m > 0 else 4 for m in maxlengths]
    if len(sizes) == 3 and len(number) == 15 and all(not m for m in maxlengths):
        sizes = [4, 6, 5]  # amex boxes without maxlength
    start = sum(sizes[: part - 1])
    if part == len(sizes):  # the last box takes the rest
        chunk = number[start:]
        return chunk if fits(chunk, maxlengths[-1]) else None
    return number[start: start + sizes[part - 1]] or None
