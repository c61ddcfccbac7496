"""Value formatting: one profile value shaped for each kind of field a page may hold."""
from __future__ import annotations

import pytest

from autofill.fill import values as V
from autofill.page.descriptor import FieldDescriptor, Option


def desc(tag: str = "input", input_type: str = "text", **kw) -> FieldDescriptor:
    return FieldDescriptor(frame=[], form=0, index=0, tag=tag, input_type=input_type, **kw)


def opts(*pairs: tuple[str, str]) -> list[Option]:
    return [Option(text=t, value=v) for t, v in pairs]


# ---------------------------------------------------------------------------------------- phones

PHONES = {
    "GB": ("+44 20 7946 0958", "+442079460958", "02079460958", "2079460958", ("20", "7946", "0958")),
    "US": ("+1 202 555 0123", "+12025550123", "2025550123", "2025550123", ("202", "555", "0123")),
    "FR": ("01 23 45 67 89", "+33123456789", "0123456789", "123456789", ("1", "2345", "6789")),
    "DE": ("030 12345678", "+493012345678", "03012345678", "3012345678", ("30", "1234", "5678")),
}


@pytest.mark.parametrize("region", sorted(PHONES))
def test_phone_whole_number_by_hints(region: str) -> None:
    raw, e164, national, nsn, _ = PHONES[region]
    p = V.parse_phone(raw, region)
    assert p is not None
    assert V.phone_value(p, desc(input_type="tel"), "tel") == e164
    assert V.phone_value(p, desc(), "tel-national") == national
    assert V.phone_value(p, desc(maxlength=11), "tel") in (national, nsn)
    assert V.phone_value(p, desc(placeholder="+00 000"), "tel") == e164
    # a dialling-code select beside it: the number without country code or trunk prefix
    assert V.phone_value(p, desc(), "tel", has_country_code_field=True) == nsn


def test_phone_national_placeholder_and_maxlength() -> None:
    p = V.parse_phone("+44 20 7946 0958", "GB")
    assert V.phone_value(p, desc(placeholder="07700 900123"), "tel") == "02079460958"
    assert V.phone_value(p, desc(maxlength=10), "tel") == "2079460958"
    assert V.phone_value(p, desc(maxlength=8), "tel") is None  # never cut a phone number


@pytest.mark.parametrize("region", sorted(PHONES))
def test_phone_split_parts(region: str) -> None:
    raw, *_, split = PHONES[region]
    p = V.parse_phone(raw, region)
    got = tuple(V.phone_value(p, desc(), t) for t in ("tel-area-code", "tel-local-prefix", "tel-local-suffix"))
    assert got == split
    assert tuple(V.phone_value(p, desc(), "tel", part=i, parts=3) for i in (1, 2, 3)) == split
    assert V.phone_value(p, desc(), "tel-local") == split[1] + split[2]


def test_phone_country_code_text_and_select() -> None:
    p = V.parse_phone("+44 20 7946 0958", "GB")
    assert V.phone_value(p, desc(), "tel-country-code") == "+44"
    assert V.phone_value(p, desc(maxlength=2), "tel-country-code") == "44"
    sel = opts(("Code", ""), ("+1 (US)", "1"), ("+33 France", "33"), ("United Kingdom +44", "GB"))
    assert V.match_country_code(sel, p, "GB") == 3
    us = V.parse_phone("+1 202 555 0123", "US")
    sel = opts(("Canada (+1)", "CA"), ("United States (+1)", "US"), ("UK (+44)", "GB"))
    assert V.match_country_code(sel, us, "US") == 1


# ---------------------------------------------------------------------------------------- expiry

@pytest.mark.parametrize("kw, want", [
    ({}, "12/30"),
    ({"placeholder": "MM / YY"}, "12 / 30"),
    ({"placeholder": "MM/YYYY"}, "12/2030"),
    ({"placeholder": "MMYY"}, "1230"),
    ({"maxlength": 4}, "1230"),
    ({"maxlength": 7}, "12/2030"),
    ({"label": "Expiry date (MM/YY)"}, "12/30"),
    ({"placeholder": "MM-AAAA"}, "12-2030"),
    ({"placeholder": "12/25"}, "12/30"),
])
def test_expiry_shapes(kw: dict, want: str) -> None:
    assert V.expiry_value(12, 2030, desc(**kw)) == want


def test_expiry_month_and_year_text() -> None:
    assert V.month_value(3, desc(placeholder="MM")) == "03"
    assert V.month_value(3, desc(maxlength=1)) == "3"
    assert V.year_value(2030, desc(placeholder="YY")) == "30"
    assert V.year_value(2030, desc(maxlength=2)) == "30"
    assert V.year_value(2030, desc(placeholder="YYYY")) == "2030"


def test_month_select_by_number_text_and_name() -> None:
    by_value = opts(("Month", ""), *((f"{m:02d}", str(m)) for m in range(1, 13)))
    assert V.match_month(by_value, 1) == 1
    by_text = opts(("Month", ""), *((f"{m} - x", f"m{m}") for m in range(1, 13)))
    assert V.match_month(by_text, 12) == 12
    fr = opts(("Mois", ""), *((t, t) for t in "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split()))
    assert V.match_month(fr, 12) == 12
    assert V.match_month(fr, 8) == 8
    de = opts(*((t, t) for t in ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                                  "September", "Oktober", "November", "Dezember"]))
    assert V.match_month(de, 3) == 2
    en = opts(("December", "Dec"), ("January", "Jan"))
    assert V.match_month(en, 12) == 0


def test_year_select_two_or_four_digits() -> None:
    four = opts(("Year", ""), *((str(y), str(y)) for y in range(2025, 2036)))
    assert four[V.match_year(four, 2030)].value == "2030"
    two = opts(("YY", ""), *((f"{y % 100}", f"{y % 100}") for y in range(2025, 2036)))
    assert two[V.match_year(two, 2030)].value == "30"
    assert V.match_year(four, 2040) is None


# ---------------------------------------------------------------------------------------- countries

def _countries(*texts_values: tuple[str, str]) -> list[Option]:
    return opts(("Select a country", ""), ("Germany", "DE-x"), *texts_values, ("France", "FR-x"))


@pytest.mark.parametrize("option", [
    ("Anything", "GB"), ("Anything", "GBR"), ("United Kingdom", "826x"), ("Great Britain", "x1"),
    ("UK", "x2"), ("Royaume-Uni", "x3"), ("Vereinigtes Königreich", "x4"), ("Reino Unido", "x5"),
    ("United Kingdom (GB)", "x6"),
])
def test_country_select_gb_every_way(option: tuple[str, str]) -> None:
    sel = _countries(option)
    assert V.match_country(sel, "GB") == 2


def test_country_select_does_not_pick_a_neighbour() -> None:
    sel = opts(("United States Minor Outlying Islands", "UM"), ("United States", "USA"))
    assert V.match_country(sel, "US") == 1
    assert V.match_country(opts(("Germany", "DE"), ("France", "FR")), "GB") is None
    assert V.match_country(opts(("Allemagne", "1"), ("Japon", "2"), ("Espagne", "3")), "ES") == 2


def test_country_text_value() -> None:
    assert V.country_value("GB", desc()) == "United Kingdom"
    assert V.country_value("GB", desc(maxlength=2)) == "GB"
    assert V.country_value("GB", desc(maxlength=3)) == "GBR"


# ---------------------------------------------------------------------------------------- regions

@pytest.mark.parametrize("option", [("London, City of", "LND"), ("Greater London", "GL"), ("London", "x")])
def test_region_greater_london(option: tuple[str, str]) -> None:
    sel = opts(("Select county", ""), ("Kent", "KEN"), option, ("Surrey", "SRY"))
    assert V.match_region(sel, "Greater London", "GB") == 2


def test_region_us_states_by_code_or_name() -> None:
    sel = opts(("State", ""), ("Alabama", "AL"), ("California", "CA"), ("Colorado", "CO"))
    assert V.match_region(sel, "California", "US") == 2
    assert V.match_region(sel, "CA", "US") == 2
    by_text_code = opts(("--", ""), ("AL", "1"), ("CA", "2"))
    assert V.match_region(by_text_code, "California", "US") == 2
    assert V.match_region(sel, "Texas", "US") is None


def test_region_localized_and_text() -> None:
    sel = opts(("Région", ""), ("Île-de-France", "IDF"), ("Bretagne", "BRE"))
    assert V.match_region(sel, "Ile de France", "FR") == 1
    assert V.region_value("California", "US", desc(maxlength=2)) == "CA"
    assert V.region_value("Greater London", "GB", desc()) == "Greater London"


# ---------------------------------------------------------------------------------------- cards, maxlength

def test_card_number_split_by_maxlength() -> None:
    n = "4111111111111111"
    assert [V.card_part(n, [4, 4, 4, 4], i) for i in (1, 2, 3, 4)] == ["4111", "1111", "1111", "1111"]
    assert [V.card_part(n, [None] * 4, i) for i in (1, 2, 3, 4)] == ["4111", "1111", "1111", "1111"]
    amex = "378282246310005"
    assert [V.card_part(amex, [4, 6, 5], i) for i in (1, 2, 3)] == ["3782", "822463", "10005"]
    assert V.card_part(n, [19], None) == n
    assert V.card_part(n, [12], None) is None  # never a truncated card number


def test_brand_select_and_radio() -> None:
    sel = opts(("Card type", ""), ("MasterCard", "MC"), ("Visa", "VI"), ("American Express", "AX"))
    assert V.match_brand(sel, "visa") == 2
    assert V.match_brand(sel, "amex") == 3
    assert V.brand_matches("Pay with Visa", "visa")
    assert not V.brand_matches("Mastercard", "visa")


def test_fit_respects_maxlength() -> None:
    assert V.fit("221B Baker Street", 10) == "221B Baker"
    assert V.fit("abc", None) == "abc"
    assert V.fits("abc", 3) and not V.fits("abcd", 3)
