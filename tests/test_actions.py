"""The action chooser over constructed page states, in several languages: the way forward is
picked, traps (coupon, account, remove, continue shopping, social and wallet buttons) never are,
and the place-order action is recognised even when its text is generic."""
from __future__ import annotations

from pathlib import Path

import pytest

from autofill.errors import RuleFileError
from autofill.flow.actions import best_action, compiled_rules, is_place_order, rank_actions
from autofill.flow.state import Clickable, PageState, ProgressStep


def btn(text: str, **kw) -> dict:
    return {"text": text, **kw}


def page(*buttons: dict, text: str = "", steps: list[tuple[str, bool]] | None = None, **kw) -> PageState:
    clickables = []
    for i, b in enumerate(buttons):
        b = dict(b)
        b.setdefault("tag", "button")
        clickables.append(Clickable(index=i, **b))
    return PageState(url="https://shop.example/x", clickables=clickables, text=text,
                     steps=[ProgressStep(text=t, current=c) for t, c in (steps or [])], **kw)


FORM = {"form": 0, "form_fields": 6, "submits_form": True}
TRAPS = [
    btn("Apply", context="coupon-form"), btn("Apply coupon"), btn("Create account"), btn("Sign up"),
    btn("Register"), btn("Remove"), btn("Delete"), btn("Continue shopping"), btn("Back"),
    btn("Edit"), btn("Subscribe to our newsletter"), btn("Continue with Google"),
    btn("Sign in with Facebook"), btn("PayPal"), btn("Apple Pay"), btn("", aria_label="Pay with PayPal"),
    btn("Buy with GPay"), btn("Express checkout"), btn("Log in"),
    btn("Continue", context="social-login | wrapper"),
    btn("Checkout", id="paypal-express-checkout"),
]


def kinds_of(ranked):
    return [(a.kind, a.text) for a in ranked]


@pytest.mark.parametrize("trap", TRAPS, ids=lambda b: b["text"] or b.get("aria_label", ""))
def test_traps_are_never_offered(trap):
    for kind in ("product", "cart", "login", "checkout", "shipping", "payment", "review"):
        ranked = rank_actions(page(trap), kind=kind)
        assert ranked == [], (kind, kinds_of(ranked))


@pytest.mark.parametrize("kind,buttons,want,final", [
    ("product", ["Add to wishlist", "Add to cart", "Size guide"], ("add_to_cart", "Add to cart"), False),
    ("product", ["In den Warenkorb", "Merken"], ("add_to_cart", "In den Warenkorb"), False),
    ("product", ["Ajouter au panier"], ("add_to_cart", "Ajouter au panier"), False),
    ("product", ["Lägg i varukorgen"], ("add_to_cart", "Lägg i varukorgen"), False),
    ("cart", ["Continue shopping", "Update cart", "Remove", "Proceed to checkout"], ("checkout", "Proceed to checkout"), False),
    ("cart", ["Weiter einkaufen", "Zur Kasse"], ("checkout", "Zur Kasse"), False),
    ("cart", ["Continuer mes achats", "Commander"], ("checkout", "Commander"), False),
    ("cart", ["Seguir comprando", "Tramitar pedido"], ("checkout", "Tramitar pedido"), False),
    ("cart", ["Verder winkelen", "Verder naar afrekenen"], ("checkout", "Verder naar afrekenen"), False),
    ("cart", ["Kontynuuj zakupy", "Przejdź do kasy"], ("checkout", "Przejdź do kasy"), False),
    ("login", ["Sign in", "Create account", "Continue as guest"], ("guest", "Continue as guest"), False),
    ("login", ["Anmelden", "Konto erstellen", "Als Gast bestellen"], ("guest", "Als Gast bestellen"), False),
    ("login", ["Se connecter", "Continuer en tant qu'invité"], ("guest", "Continuer en tant qu'invité"), False),
    ("login", ["Accedi", "Continua come ospite"], ("guest", "Continua come ospite"), False),
    ("shipping", ["Back", "Continue to payment"], ("continue", "Continue to payment"), False),
    ("shipping", ["Zurück", "Weiter zur Zahlung"], ("continue", "Weiter zur Zahlung"), False),
    ("checkout", ["Continuar con el envío", "Volver"], ("continue", "Continuar con el envío"), False),
    ("review", ["Edit", "Place order"], ("place_order", "Place order"), True),
    ("review", ["Ändern", "Zahlungspflichtig bestellen"], ("place_order", "Zahlungspflichtig bestellen"), True),
    ("review", ["Modifier", "Passer la commande"], ("place_order", "Passer la commande"), True),
    ("review", ["Realizar pedido"], ("place_order", "Realizar pedido"), True),
    ("review", ["Conferma ordine"], ("place_order", "Conferma ordine"), True),
    ("review", ["Bestelling plaatsen"], ("place_order", "Bestelling plaatsen"), True),
    ("review", ["Slutför köp"], ("place_order", "Slutför köp"), True),
    ("review", ["Bestellung abschicken"], ("place_order", "Bestellung abschicken"), True),
    ("review", ["Zamawiam i płacę"], ("place_order", "Zamawiam i płacę"), True),
    ("payment", ["Pay £24.98"], ("place_order", "Pay £24.98"), True),
    ("payment", ["Complete order"], ("place_order", "Complete order"), True),
    ("payment", ["Pay now", "PayPal"], ("place_order", "Pay now"), True),
])
def test_chooses_the_way_forward(kind, buttons, want, final):
    state = page(*[btn(t, **(FORM if i == len(buttons) - 1 and kind != "product" else {})) for i, t in enumerate(buttons)])
    action = best_action(state, kind=kind, filled=True)
    assert action is not None
    assert (action.kind, action.text) == want
    assert is_place_order(action) is final


def test_generic_submit_on_review_page_is_final():
    state = page(btn("Edit address"), btn("Continue", **FORM))
    action = best_action(state, kind="review")
    assert action.kind == "place_order" and action.is_final
    state = page(btn("Submit", type="submit", **FORM))
    assert best_action(state, kind="review").is_final


def test_generic_submit_on_payment_page_is_final_only_when_the_page_says_so():
    assert not best_action(page(btn("Continue", **FORM)), kind="payment").is_final
    said = "By placing your order you agree to our terms."
    a = best_action(page(btn("Continue", **FORM), text=said), kind="payment")
    assert a.kind == "place_order" and a.is_final
    a = best_action(page(btn("Weiter", **FORM), text="Mit dem Klick auf Weiter bestellen Sie zahlungspflichtig."), kind="payment")
    assert a.is_final
    steps = [("Shipping", False), ("Payment", True), ("Review", False)]
    a = best_action(page(btn("Continue", **FORM), steps=steps), kind="payment")
    assert a.kind == "continue" and not a.is_final
    hint = "You'll review your order before it's placed. By placing your order you agree."
    a = best_action(page(btn("Continue", **FORM), text=hint), kind="payment")
    assert not a.is_final
    a = best_action(page(btn("Continue to review", **FORM)), kind="payment")
    assert a.kind == "continue" and not a.is_final
    a = best_action(page(btn("Weiter zur Übersicht", **FORM)), kind="payment")
    assert not a.is_final


def test_generic_submit_on_single_page_checkout_with_card_fields_is_final():
    state = page(btn("Apply", context="coupon"), btn("Submit", **FORM))
    assert not best_action(state, kind="checkout", field_types=["email", "postal-code"]).is_final
    a = best_action(state, kind="checkout", field_types=["email", "postal-code", "cc-number", "cc-csc"])
    assert a.text == "Submit" and a.is_final


def test_order_sounding_text_is_final_everywhere_but_product_and_cart():
    assert best_action(page(btn("Place order")), kind="shipping").is_final
    assert best_action(page(btn("Buy now")), kind="checkout").is_final
    assert best_action(page(btn("Place order")), kind=None).is_final
    # A product page's "Buy now" leads to the checkout; add to cart is preferred anyway.
    ranked = rank_actions(page(btn("Buy now"), btn("Add to cart")), kind="product")
    assert ranked[0].kind == "add_to_cart"
    assert all(not a.is_final for a in ranked)


def test_after_add_to_cart_the_drawer_checkout_wins():
    state = page(btn("Add to cart"), btn("View cart", tag="a", href="/cart"), btn("Checkout", tag="a", href="/checkout"))
    assert best_action(state, kind="product").kind == "add_to_cart"
    a = best_action(state, kind="product", history=["add_to_cart"])
    assert a.kind == "checkout"
    state = page(btn("Add to cart"), btn("View cart", tag="a", href="/cart"))
    assert best_action(state, kind="product", history=["add_to_cart"]).kind == "view_cart"


def test_invisible_and_disabled_candidates_are_skipped():
    state = page(btn("Place order", visible=False), btn("Continue", disabled=True), btn("Next"))
    ranked = rank_actions(state, kind="shipping")
    assert [a.text for a in ranked] == ["Next"]


def test_submit_of_the_filled_form_beats_a_stray_continue():
    state = page(btn("Continue", tag="a", href="/somewhere"), btn("Continue", **FORM))
    ranked = rank_actions(state, kind="shipping", filled=True)
    assert ranked[0].index == 1


def test_icon_button_uses_aria_label_and_attributes():
    state = page(btn("", aria_label="Add to basket"), btn("", id="place_order", tag="button"))
    assert best_action(state, kind="product").kind == "add_to_cart"
    a = best_action(page(btn("", id="place-order", class_name="btn")), kind="review")
    assert a is not None and a.is_final


def test_confirmation_page_offers_nothing_forward():
    state = page(btn("Continue shopping"), btn("Track order"), btn("Create account"))
    assert rank_actions(state, kind="confirmation") == []


def test_rule_file_typo_is_one_line_naming_file_and_rule(tmp_path: Path):
    src = (Path(__file__).resolve().parents[1] / "rules" / "actions.yaml").read_text()
    bad = tmp_path / "actions.yaml"
    bad.write_text(src.replace("  place_order:\n", "  place_ordr:\n", 1))
    with pytest.raises(RuleFileError) as err:
        compiled_rules(bad)
    msg = str(err.value)
    assert "actions.yaml" in msg and "place_ordr" in msg and "\n" not in msg
    bad.write_text(src.replace("kinds: {product: 3.0, cart: -3.0", "kinds: {prodct: 3.0, cart: -3.0", 1))
    with pytest.raises(RuleFileError) as err:
        compiled_rules(bad)
    assert "actions.yaml" in str(err.value) and "add_to_cart" in str(err.value) and "prodct" in str(err.value)
