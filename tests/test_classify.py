"""Classification decisions: autocomplete first, rules plus model, and the form-level pass
(sections, split fields, duplicates, street lines) on small pages with exact expected types."""
from __future__ import annotations

import pytest

from autofill import Engine, Field
from autofill.classify.decide import parse_autocomplete


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def types(fields: list[Field]) -> list[tuple[str, str | None, int | None]]:
    return [(f.prediction, f.section, f.part) for f in fields]


def by_name(fields: list[Field]) -> dict[str, Field]:
    return {f.name or f.id: f for f in fields}


@pytest.mark.parametrize("value, field, section", [
    ("shipping postal-code", "postal-code", "shipping"),
    ("section-a billing cc-number", "cc-number", "billing"),
    ("email", "email", None),
    ("work tel", "tel", None),
    ("country-name", "country", None),
    ("off", None, None),
    ("on", None, None),
    ("nope", None, None),
    ("shipping nonsense", None, None),
    ("", None, None),
])
def test_autocomplete_parsing(value, field, section):
    ac = parse_autocomplete(value)
    assert (ac.field, ac.section) == (field, section)


def test_valid_autocomplete_decides_with_its_source(engine):
    f = engine.classify_html('<form><input name="x1" autocomplete="shipping postal-code"></form>')[0]
    assert (f.prediction, f.section, f.source) == ("postal-code", "shipping", "autocomplete")
    assert f.confidence > 0.9


def test_invalid_autocomplete_falls_back_to_rules_and_model(engine):
    f = engine.classify_html('<form><label for=z>Postcode</label><input id=z name=zip autocomplete="nope"></form>')[0]
    assert f.prediction == "postal-code"
    assert f.source in ("rules", "model")


def test_card_number_in_four_boxes_is_one_split_field(engine):
    html = """<form><label for=c1>Card number</label>
      <input id=c1 name=cc1 maxlength=4><input name=cc2 maxlength=4><input name=cc3 maxlength=4><input name=cc4 maxlength=4>
      <label for=cvc>CVC</label><input id=cvc name=cvc maxlength=4></form>"""
    assert types(engine.classify_html(html)) == [("cc-number", None, 1), ("cc-number", None, 2), ("cc-number", None, 3),
                                                 ("cc-number", None, 4), ("cc-csc", None, None)]


def test_phone_in_three_boxes(engine):
    html = """<form><label for=p1>Phone</label><input id=p1 name=phone_1 maxlength=3>
      <input name=phone_2 maxlength=3><input name=phone_3 maxlength=4></form>"""
    assert [(f.prediction, f.part) for f in engine.classify_html(html)] == [
        ("tel-area-code", 1), ("tel-local-prefix", 2), ("tel-local-suffix", 3)]


def test_expiry_as_one_box_and_as_two_selects(engine):
    one = engine.classify_html('<form><label for=e>Expiry date (MM/YY)</label><input id=e name=exp maxlength=5 placeholder="MM/YY"></form>')
    assert one[0].prediction == "cc-exp"
    months = "".join(f"<option value={m:02d}>{m:02d}</option>" for m in range(1, 13))
    years = "".join(f"<option>{y}</option>" for y in range(2026, 2040))
    two = engine.classify_html(f"""<form><label for=n>Card number</label><input id=n name=cardnumber>
      <label>Expires</label><select name=expm>{months}</select><select name=expy>{years}</select>
      <label for=c>Security code</label><input id=c name=cvc></form>""")
    assert [f.prediction for f in two] == ["cc-number", "cc-exp-month", "cc-exp-year", "cc-csc"]


def test_sections_from_name_prefixes_and_headings(engine):
    html = """<form>
      <h3>Shipping address</h3>
      <label for=a>First name</label><input id=a name=first_name>
      <label for=b>Postcode</label><input id=b name=postcode>
      <h3>Billing address</h3>
      <label for=c>First name</label><input id=c name=b_first_name>
      <label for=d>Postcode</label><input id=d name=b_postcode>
      <label for=e>ZIP</label><input id=e name="billing_zip_extra" autocomplete="billing postal-code">
    </form>"""
    fs = engine.classify_html(html)
    assert [(f.prediction, f.section) for f in fs[:4]] == [
        ("given-name", "shipping"), ("postal-code", "shipping"), ("given-name", "billing"), ("postal-code", "billing")]
    assert fs[4].section == "billing" and fs[4].source == "autocomplete"


def test_street_lines_and_textarea(engine):
    lines = engine.classify_html("""<form><label for=a>Address</label><input id=a name=address>
      <label for=b>Address line 2</label><input id=b name=address2><label for=c>City</label><input id=c name=city></form>""")
    assert [f.prediction for f in lines] == ["address-line1", "address-line2", "address-level2"]
    area = engine.classify_html('<form><label for=s>Street address</label><textarea id=s name=street></textarea></form>')
    assert area[0].prediction == "street-address"


def test_two_street_boxes_without_labels_are_lines_one_and_two(engine):
    fs = engine.classify_html("""<form><label for=s0>Street Address</label><input id=s0 name="street[0]">
      <input name="street[1]"><label for=c>City</label><input id=c name=city></form>""")
    assert [f.prediction for f in fs] == ["address-line1", "address-line2", "address-level2"]


def test_email_confirmation_box_keeps_its_type(engine):
    fs = engine.classify_html("""<form><label for=a>Email</label><input id=a name=email type=email>
      <label for=b>Confirm email</label><input id=b name=email_confirm type=email></form>""")
    assert [f.prediction for f in fs] == ["email", "email"]


@pytest.mark.parametrize("label, name", [
    ("Coupon code", "coupon"), ("Gift card number", "giftcard"), ("Search", "q"), ("Quantity", "qty"),
    ("Subscribe to our newsletter", "newsletter"), ("Code promo", "code_promo"), ("Gutscheincode", "gutschein"),
])
def test_fields_the_engine_must_not_fill_are_unknown(engine, label, name):
    f = engine.classify_html(f'<form><label for=x>{label}</label><input id=x name="{name}"></form>')[0]
    assert f.prediction == "unknown", (label, f)


@pytest.mark.parametrize("label, expected", [
    ("Vorname", "given-name"), ("Nachname", "family-name"), ("PLZ", "postal-code"), ("Straße und Hausnummer", "address-line1"),
    ("Prénom", "given-name"), ("Code postal", "postal-code"), ("Ville", "address-level2"),
    ("Nombre", "given-name"), ("Código postal", "postal-code"), ("Teléfono", "tel"),
    ("Cognome", "family-name"), ("CAP", "postal-code"), ("Città", "address-level2"),
    ("Achternaam", "family-name"), ("Postcode", "postal-code"), ("Woonplaats", "address-level2"),
    ("E-mail", "email"), ("Kartennummer", "cc-number"), ("Numéro de carte", "cc-number"),
    ("Postnummer", "postal-code"), ("Kod pocztowy", "postal-code"), ("郵便番号", "postal-code"),
])
def test_labels_in_many_languages(engine, label, expected):
    f = engine.classify_html(f'<form><label for=x>{label}</label><input id=x name=f1></form>')[0]
    assert f.prediction == expected, (label, f)


def test_fields_keep_document_order_and_spec_keys(engine):
    fs = engine.classify_html('<form><input name=a><select name=b><option>x</option></select><textarea name=c></textarea>'
                              '<input type=hidden name=h><input type=submit></form>')
    assert [(f.index, f.tag, f.name) for f in fs] == [(0, "input", "a"), (1, "select", "b"), (2, "textarea", "c")]
    assert set(fs[0].model_dump()) == {"frame", "form", "index", "tag", "input_type", "id", "name", "label", "placeholder",
                                       "autocomplete", "visible", "prediction", "section", "part", "confidence", "source"}
