"""Money as the buy guard reads it: the maximum's forms, the total row's own amount, the currency."""
from decimal import Decimal

import pytest

from autofill.core.money import Money, parse_limit, read_subtotal, read_total, resolve_currency
from autofill.errors import AutofillError


@pytest.mark.parametrize("text,amount,currency", [
    ("50", "50", None), ("50 EUR", "50", "EUR"), ("EUR 50", "50", "EUR"), ("€50", "50", "EUR"), ("49.99", "49.99", None),
    ("0", "0", None), ("1,000.50 GBP", "1000.50", "GBP"), ("£20", "20", "GBP"), ("20 zł", "20", "PLN"), ("usd 5", "5", "USD"),
])
def test_the_maximum_in_every_form_spec_names(text, amount, currency):
    assert parse_limit(text) == Money(amount=Decimal(amount), currency=currency)


@pytest.mark.parametrize("text,words", [
    ("Infinity", "finite"), ("NaN", "finite"), ("inf EUR", "finite"), ("-5", "negative"), ("50 XYZ", "unknown currency"),
    ("$50", "several currencies"), ("fifty", "amount"), ("50 EUR USD", "amount"),
])
def test_a_nonsense_maximum_is_one_clear_error(text, words):
    with pytest.raises(AutofillError) as err:
        parse_limit(text)
    assert words in str(err.value) and "\n" not in str(err.value)


def test_a_decimal_maximum_has_no_currency_and_money_passes_through():
    assert parse_limit(Decimal("12.5")) == Money(amount=Decimal("12.5"))
    m = Money(amount=Decimal(3), currency="SEK")
    assert parse_limit(m) is m
    with pytest.raises(ValueError):
        Money(amount=Decimal("Infinity"))


@pytest.mark.parametrize("rows,amount", [
    (["Total (Inclusive of tax $0.00) $24.00"], "24.00"),           # the row's own amount, not its tax note
    (["Total $24.00 Including $2.00 in taxes"], "24.00"),
    (["Total incl. VAT £24.00"], "24.00"),
    (["Subtotal $20.00", "Total $24.00", "Total savings −$10.00"], "24.00"),  # a later saving is never the total
    (["Subtotal $20.00", "Total $24.00", "Total discount -$4.00"], "24.00"),
    (["Total $24.00", "Sub total $20.00"], "24.00"),                 # "Sub total" with a space is a subtotal
    (["Grand total $26.00", "Total $24.00"], "26.00"),               # the grand total outranks a later plain one
    (["Total TTC : 24,90 €"], "24.90"), (["Gesamtsumme 3.350,00 €"], "3350.00"), (["Do zapłaty 120,00 zł"], "120.00"),
    (["Subtotal $20 Shipping $4 Total $24"], None),                  # a whole summary block is not a row
    (["Product Quantity Total Classic Tee £19.99"], None),           # nor a table's header and a line
    (["Total tax $4.00"], None), (["Total HT : 20,00 €"], None), (["Total: $ -5.00"], None), (["Total ($5.00)"], None),
])
def test_the_total_is_the_grand_total_rows_own_amount(rows, amount):
    total = read_total(rows, lang="de" if "Gesamt" in rows[0] else "en")
    assert (total.amount if total else None) == (Decimal(amount) if amount else None)


def test_subtotal_is_read_for_the_items_price():
    assert read_subtotal(["Subtotal £19.99", "Total £24.98"]).amount == Decimal("19.99")
    assert read_subtotal(["Total £24.98"]) is None


@pytest.mark.parametrize("symbol,lang,hints,code", [
    ("$", "en-US", [], "USD"), ("$", "en-CA", [], "CAD"), ("$", "en-AU", [], "AUD"), ("$", "en", [], None),
    ("$", "en", ["CAD"], "CAD"), ("kr", "sv", [], "SEK"), ("kr", "da-DK", [], "DKK"), ("¥", "ja", [], "JPY"),
    ("€", "", [], "EUR"), ("C$", "en", [], "CAD"), ("USD", "fr", [], "USD"),
])
def test_an_ambiguous_symbol_needs_the_page_to_say_which(symbol, lang, hints, code):
    assert resolve_currency(symbol, lang, hints) == code


def test_a_row_naming_its_code_settles_the_dollar():
    assert read_total(["Total USD $24.00"], lang="en").currency == "USD"
    assert read_total(["Total $24.00"], lang="en").currency is None


def test_the_currency_table_is_validated_data(tmp_path):
    """rules/currencies.yaml serves totals and product prices alike; a wrong code is one line."""
    from autofill.core.money import currency_rules
    from autofill.errors import RuleFileError
    from autofill.product.money import currency_code

    assert currency_code("$", "CA") == "CAD" and currency_code("$") == "USD" and currency_code("Rs", "PK") == "PKR"
    assert resolve_currency("$", "en-AU") == "AUD" and resolve_currency("$", "en") is None
    bad = tmp_path / "currencies.yaml"
    bad.write_text('symbols: {"€": EUR, "£": GPB}\nshared: {"$": [USD]}\n', encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        currency_rules(bad)
    assert "'GPB' is not an ISO 4217 currency code" in str(info.value) and "\n" not in str(info.value)
