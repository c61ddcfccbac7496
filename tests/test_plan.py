"""The fill plan: what goes where, what is never touched, what blocks the walk."""
from __future__ import annotations

import itertools
from typing import Optional

import pytest

from autofill.field import Field
from autofill.fill.plan import FillPlan, checkbox_intent, plan_fill
from autofill.fill.profile import DEMO_PROFILE, Profile
from autofill.page.descriptor import FieldDescriptor, Option

_counter = itertools.count()


def pair(pred: str, *, section: Optional[str] = None, part: Optional[int] = None, tag: str = "input",
         input_type: str = "text", frame: Optional[list[int]] = None, **kw) -> tuple[FieldDescriptor, Field]:
    i = next(_counter)
    d = FieldDescriptor(frame=frame or [], form=0, index=i, tag=tag, input_type=input_type, key=str(i), **kw)
    f = Field(frame=d.frame, form=d.form, index=i, tag=tag, input_type=input_type, id=d.id, name=d.name,
              label=d.label, placeholder=d.placeholder, autocomplete=d.autocomplete, visible=d.visible,
              prediction=pred, section=section, part=part, confidence=1.0, source="rules")
    return d, f


@pytest.fixture()
def profile() -> Profile:
    return Profile.load(DEMO_PROFILE)


@pytest.fixture()
def split_profile(profile: Profile) -> Profile:
    data = profile.model_dump()
    data["card"]["number"] = profile.card.number.get_secret_value()
    data["card"]["csc"] = profile.card.csc.get_secret_value()
    data["billing"] = dict(data["shipping"], given_name="John", address_line1="1 Main Street",
                           city="Paris", region=None, postal_code="75002", country="FR")
    return Profile.model_validate(data)


def by_name(plan: FillPlan) -> dict[str, str]:
    return {a.name: a.secret_value() for a in plan.actions}


def test_sections_get_their_addresses(split_profile: Profile) -> None:
    pairs = [
        pair("given-name", section="shipping", name="s_first"),
        pair("address-line1", section="shipping", name="s_line1"),
        pair("given-name", section="billing", name="b_first"),
        pair("address-line1", section="billing", name="b_line1"),
        pair("address-line2", section="shipping", name="s_line2"),
        pair("address-line2", section="billing", name="b_line2"),
        pair("address-level2", name="city"),  # no section: shipping
    ]
    got = by_name(plan_fill(pairs, split_profile))
    assert got == {"s_first": "Jane", "s_line1": "221B Baker Street", "b_first": "John",
                   "b_line1": "1 Main Street", "s_line2": "Flat 2", "b_line2": "Flat 2", "city": "London"}


def test_a_lone_first_line_gets_both_lines(profile: Profile) -> None:
    """A form whose only street box is typed address-line1 ("Street", "Address") gets the whole
    street: line 2 has nowhere else to go. Beside a line-2 box, line 1 stays line 1."""
    alone = by_name(plan_fill([pair("address-line1", name="street"), pair("name", name="full")], profile))
    assert alone == {"street": "221B Baker Street, Flat 2", "full": "Jane Doe"}
    split = by_name(plan_fill([pair("address-line1", name="l1"), pair("address-line2", name="l2")], profile))
    assert split == {"l1": "221B Baker Street", "l2": "Flat 2"}


def test_billing_same_uses_shipping(profile: Profile) -> None:
    got = by_name(plan_fill([pair("postal-code", section="billing", name="b_zip")], profile))
    assert got == {"b_zip": "NW1 6XE"}


def test_unknown_and_invisible_never_filled(profile: Profile) -> None:
    pairs = [
        pair("unknown", name="coupon"),
        pair("unknown", name="search", tag="textarea", input_type=""),
        pair("email", name="hidden_email", visible=False),
        pair("email", name="email"),
    ]
    plan = plan_fill(pairs, profile)
    assert by_name(plan) == {"email": "jane.doe@example.com"}


def test_street_address_textarea_and_maxlength(profile: Profile) -> None:
    pairs = [
        pair("street-address", name="street"),
        pair("street-address", name="street_ta", tag="textarea", input_type=""),
        pair("address-line1", name="short", maxlength=10),
    ]
    got = by_name(plan_fill(pairs, profile))
    assert got["street"] == "221B Baker Street, Flat 2"
    assert got["street_ta"] == "221B Baker Street\nFlat 2"
    assert got["short"] == "221B Baker"


def test_selects_by_option(profile: Profile) -> None:
    country = [Option("Choose", ""), Option("France", "FR"), Option("Royaume-Uni", "GB")]
    months = [Option("Mois", "")] + [Option(m, str(i)) for i, m in enumerate(
        "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(), 1)]
    years = [Option("Année", "")] + [Option(str(y), str(y)) for y in range(2025, 2036)]
    pairs = [pair("country", name="country", tag="select", input_type="", options=country),
             pair("cc-exp-month", name="mm", tag="select", input_type="", options=months),
             pair("cc-exp-year", name="yy", tag="select", input_type="", options=years)]
    plan = plan_fill(pairs, profile)
    acts = {a.name: a for a in plan.actions}
    assert all(a.kind == "select" for a in acts.values())
    assert (acts["country"].option_index, acts["country"].secret_value()) == (2, "GB")
    assert acts["mm"].option_index == 12 and acts["mm"].display == "déc."
    assert acts["yy"].secret_value() == "2030"


def test_already_right_is_skipped(profile: Profile) -> None:
    sel = [Option("France", "FR"), Option("United Kingdom", "GB", selected=True)]
    pairs = [pair("email", name="email", value="jane.doe@example.com"),
             pair("country", name="country", tag="select", input_type="", options=sel, value="GB"),
             pair("postal-code", name="zip", value="nw1 6xe"),
             pair("address-level2", name="city", value="Paris")]
    assert by_name(plan_fill(pairs, profile)) == {"city": "London"}


def test_card_masking_and_split_number(profile: Profile) -> None:
    pairs = [pair("cc-number", name=f"cc{i}", part=i, maxlength=4) for i in (1, 2, 3, 4)]
    pairs += [pair("cc-csc", name="cvc"), pair("cc-exp", name="exp", placeholder="MM / YY")]
    plan = plan_fill(pairs, profile)
    acts = {a.name: a for a in plan.actions}
    assert [acts[f"cc{i}"].secret_value() for i in (1, 2, 3, 4)] == ["4111", "1111", "1111", "1111"]
    assert all(acts[f"cc{i}"].display == "•••• 1111" and acts[f"cc{i}"].secret for i in (1, 2, 3, 4))
    assert acts["cvc"].display == "•••" and acts["cvc"].secret
    assert acts["exp"].secret_value() == "12 / 30" and not acts["exp"].secret
    dumped = plan.model_dump_json() + repr(plan) + str(plan)
    assert "4111" not in dumped and "123" not in dumped.replace("•", "")


def test_card_fields_refused_when_not_allowed(profile: Profile) -> None:
    pairs = [pair("cc-number", name="number", required=True), pair("cc-name", name="holder"),
             pair("email", name="email")]
    plan = plan_fill(pairs, profile, allow_card=False)
    assert by_name(plan) == {"email": "jane.doe@example.com"}
    assert [(u.name, u.reason) for u in plan.unfilled_required] == [("number", "card data not allowed in this frame")]


def test_unfilled_required(profile: Profile) -> None:
    pairs = [pair("unknown", name="vat", label="VAT number", required=True),
             pair("unknown", name="vat_filled", required=True, value="GB123"),
             pair("tel-extension", name="ext", required=True),
             pair("organization", name="company", label="Company *"),
             pair("organization", name="company_opt"),
             pair("unknown", name="hidden_req", required=True, visible=False)]
    plan = plan_fill(pairs, profile)
    assert plan.actions == []
    assert sorted(u.name for u in plan.unfilled_required) == ["company", "ext", "vat"]
    assert plan.blocked


def checkbox(label: str, **kw) -> tuple[FieldDescriptor, Field]:
    return pair("unknown", input_type="checkbox", label=label, name=kw.pop("name", label[:12]), **kw)


@pytest.mark.parametrize("label, intent", [
    ("Billing address same as shipping", "same_billing"),
    ("Use my delivery address as billing address", "same_billing"),
    ("Adresse de facturation identique à l'adresse de livraison", "same_billing"),
    ("Rechnungsadresse gleich wie Lieferadresse", "same_billing"),
    ("Ship to a different address?", "different_address"),
    ("Abweichende Lieferadresse", "different_address"),
    ("Usar una dirección de facturación diferente", "different_address"),
    ("Sign up for our newsletter", "opt_out"),
    ("Save this card for future purchases", "opt_out"),
    ("Create an account?", "opt_out"),
    ("Je souhaite recevoir les offres par e-mail", "opt_out"),
    ("I agree to the Terms and Conditions", "terms"),
    ("J'accepte les conditions générales de vente", "terms"),
    ("Ich akzeptiere die AGB", "terms"),
    ("Gift wrap this order", None),
])
def test_checkbox_intents(label: str, intent: Optional[str]) -> None:
    assert checkbox_intent(checkbox(label)[0]) == intent


def test_checkbox_decisions(profile: Profile, split_profile: Profile) -> None:
    pairs = [checkbox("Billing address same as shipping", name="same", checked=False),
             checkbox("Ship to a different address?", name="diff", checked=True),
             checkbox("I accept the terms", name="terms_req", required=True, checked=False),
             checkbox("I accept the terms", name="terms_opt", checked=False),
             checkbox("Subscribe to our newsletter", name="news", checked=True),
             checkbox("Remember my card", name="save", checked=False),
             checkbox("Gift wrap", name="gift", checked=False)]
    acts = {a.name: a.checked for a in plan_fill(pairs, profile).actions}
    assert acts == {"same": True, "diff": False, "terms_req": True, "news": False}
    acts = {a.name: a.checked for a in plan_fill(pairs, split_profile).actions}
    assert acts == {"terms_req": True, "news": False}  # same already unticked, diff already ticked
    assert all(a.kind == "checkbox" for a in plan_fill(pairs, profile).actions)


@pytest.mark.parametrize("label", ["I do not want to receive offers", "Please don't send me marketing emails",
                                   "Ich möchte keine Angebote erhalten", "Je ne souhaite pas recevoir les offres",
                                   "No quiero recibir ofertas", "Ik wil geen nieuwsbrief"])
def test_a_box_that_opts_out_stays_ticked(profile: Profile, label: str) -> None:
    """Unticking "I do NOT want offers" would opt the shopper in (issue #8)."""
    pre_checked = checkbox(label, name="no_offers", checked=True)
    unticked = checkbox(label, name="no_offers", checked=False)
    assert plan_fill([pre_checked], profile).actions == []
    assert [(a.name, a.checked) for a in plan_fill([unticked], profile).actions] == [("no_offers", True)]


def test_method_radio_groups(profile: Profile) -> None:
    ship = [pair("unknown", input_type="radio", name="shipping_method", label=l, value=v)
            for l, v in (("Standard £3.99", "std"), ("Express £9.99", "exp"))]
    pay = [pair("unknown", input_type="radio", name="payment_method", label=l, value=v)
           for l, v in (("PayPal", "paypal"), ("Credit card", "card"))]
    chosen = [pair("unknown", input_type="radio", name="delivery", label="Home", value="home", checked=True),
              pair("unknown", input_type="radio", name="delivery", label="Pickup", value="pickup")]
    other = [pair("unknown", input_type="radio", name="gender", label="Mr", value="m")]
    plan = plan_fill(ship + pay + chosen + other, profile)
    assert [(a.kind, a.name, a.display) for a in plan.actions] == [
        ("radio", "shipping_method", "Standard £3.99"), ("radio", "payment_method", "Credit card")]


def test_phone_with_country_code_select(profile: Profile) -> None:
    cc = [Option("+33", "33"), Option("+44", "44")]
    pairs = [pair("tel-country-code", name="cc", tag="select", input_type="", options=cc),
             pair("tel", name="phone", input_type="tel")]
    acts = {a.name: a for a in plan_fill(pairs, profile).actions}
    assert acts["cc"].option_index == 1
    assert acts["phone"].secret_value() == "2079460958"
    pairs = [pair("tel", name="phone", input_type="tel")]
    assert by_name(plan_fill(pairs, profile)) == {"phone": "+442079460958"}


def test_cc_type_radio_by_brand(profile: Profile) -> None:
    pairs = [pair("cc-type", input_type="radio", name="brand", label="Mastercard", value="mc"),
             pair("cc-type", input_type="radio", name="brand", label="Visa", value="visa")]
    plan = plan_fill(pairs, profile)
    assert [(a.kind, a.display, a.checked) for a in plan.actions] == [("radio", "Visa", True)]


# ---------------------------------------------------------------------------------------- redaction
# (Redactor lives beside the plan in autofill.fill; its tests are pure like the plan's.)

def test_redactor_masks_every_secret_shape(profile: Profile) -> None:
    from autofill.fill.redact import Redactor

    data = profile.model_dump()
    data["card"]["number"] = profile.card.number.get_secret_value()
    data["card"]["csc"] = profile.card.csc.get_secret_value()
    data["password"] = "hunter2!x"
    r = Redactor(Profile.model_validate(data))
    text = ("card 4111111111111111 / 4111 1111 1111 1111 / 4111-1111-1111-1111 "
            "url ?cc=4111%201111%201111%201111&cvc=123&pw=hunter2!x; order 51234 code 1234")
    out = r.scrub(text)
    assert "4111" not in out and "hunter2" not in out
    assert out.count("•••• 1111") == 4
    assert "cvc=•••&" in out
    assert "order 51234 code 1234" in out  # a CVC is only masked as a whole word
    assert r.scrub(ValueError("declined 4111111111111111")) == "declined •••• 1111"
    assert Redactor(None).scrub("4111111111111111") == "4111111111111111"


def test_redactor_logging_filter(profile: Profile, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from autofill.fill.redact import Redactor

    logger = logging.getLogger("autofill.test.redact")
    flt = Redactor(profile).logging_filter()
    logger.addFilter(flt)
    try:
        with caplog.at_level(logging.INFO, logger=logger.name):
            logger.info("page said %s", "card 4111 1111 1111 1111 cvc 123")
    finally:
        logger.removeFilter(flt)
    assert "4111" not in caplog.text and "•••• 1111" in caplog.text and "cvc •••" in caplog.text
