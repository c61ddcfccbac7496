"""The walk on shops it has never seen (issue #9, item 3), in real headless Chromium on the small
shop of tests/walkshop.py: add-to-cart controls told by their place and icon as much as by their
words, what appears after adding, several steps behind one URL, a single street box, and an order
number read from the confirmation's URL or links.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from autofill import Engine
from autofill.fill.profile import DEMO_PROFILE, Profile
from walkshop import walk_shop


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def profile() -> Profile:
    return Profile.load(DEMO_PROFILE)


@pytest.fixture()
def shop():
    with walk_shop() as served:
        yield served


def _dry_run(engine, profile, url):
    return engine.purchase(url, profile, dry_run=True, timeout=60)


@pytest.mark.parametrize("variant", ["icon", "buy", "dropdown"])
def test_from_the_product_page_to_the_review_behind_one_url(variant, engine, profile, shop):
    """Icon-only add-to-cart in the product form (then a drawer), "Buy" beside the price (then an
    "Added to cart" dialog, never "Continue shopping"), "Add to cart" with the cart only in a header
    dropdown: each reaches the review, adding exactly once, and four checkout steps behind one URL
    are progress (the walk would call the URL "stuck" after the fourth)."""
    base, rec = shop
    result = _dry_run(engine, profile, f"{base}/p/{variant}")
    assert result.status == "dry_run", (result.reason, [(s.kind, s.clicked) for s in result.steps])
    assert result.total == "30.00"
    assert rec.adds == 1, [(s.kind, s.clicked) for s in result.steps]
    assert rec.orders == []
    clicked = [s.clicked for s in result.steps if s.clicked]
    assert "Continue shopping" not in clicked and "Kasa Coffee" not in clicked
    checkout_steps = [s for s in result.steps if s.url.endswith("/checkout")]
    assert len(checkout_steps) >= 5  # Contact, Name, Address, Phone, Review: one URL


def test_a_hidden_steps_button_is_never_pressed(engine, profile, shop):
    base, rec = shop
    result = _dry_run(engine, profile, f"{base}/checkout")
    assert result.status == "dry_run", result.reason
    assert rec.hidden_clicks == []
    assert rec.orders == []


def test_a_single_street_box_gets_both_lines_and_a_single_name_box_the_full_name(engine, profile, shop):
    base, rec = shop
    _dry_run(engine, profile, f"{base}/checkout")
    assert rec.addresses == [{"name": "Jane Doe", "street": "221B Baker Street, Flat 2"}]


def test_the_order_number_is_read_from_the_confirmation_url(engine, profile, shop):
    """Shuup's confirmation: /order/complete/<id>/<key>/ and the number nowhere in the text."""
    base, rec = shop
    result = engine.purchase(f"{base}/p/buy", profile, dry_run=False, max_total=Decimal("1000"), timeout=60)
    assert result.status == "placed", result.reason
    assert rec.orders == ["7"]
    assert result.order_reference == "7"


@pytest.mark.parametrize("path, html, want", [
    ("/order/complete/7/zW1pVvFe/", "<h1>Thank you for your order!</h1>", "7"),
    ("/checkout/thanks", '<h1>Thank you!</h1><a href="/invoice/GS-1042/">View invoice</a>', "GS-1042"),
    ("/checkout/thanks", '<h1>Thank you!</h1><a href="/account/orders/">Your orders</a>', None),
])
def test_order_reference_from_the_url_or_a_link(path, html, want, driver, tmp_path):
    from pagesrv import serve

    from autofill.flow.state import snapshot

    with serve(tmp_path, {path: ("text/html; charset=utf-8", f"<!doctype html><html><body>{html}</body></html>".encode())}) as base:
        driver.get(base + path)
        assert snapshot(driver).order_reference == want


# -- the same readings over constructed page states (rules only: the learned ranker is left out) --
def _rank(*buttons: dict, kind: str = "product", history: tuple = ()) -> list:
    from autofill.flow.actions import rank_actions
    from autofill.flow.state import Clickable, PageState

    state = PageState(url="https://shop.example/p/kettle",
                      clickables=[Clickable(index=i, **{"tag": "button", **b}) for i, b in enumerate(buttons)])
    return rank_actions(state, kind=kind, history=list(history), model=None)


HEADER_CART = {"tag": "a", "text": "Cart (0)", "href": "/cart", "context": "header"}


def test_an_icon_only_cart_button_beside_the_price_adds_to_the_cart():
    """No words, no form, no quantity box: a bag icon beside the price adds; the same icon in the
    header opens the cart."""
    got = _rank(HEADER_CART, {"icon": "icon icon-bag", "beside_price": True},
                {"tag": "a", "href": "/cart", "icon": "icon icon-bag"})
    assert [(a.index, a.kind) for a in got[:2]] == [(1, "add_to_cart"), (2, "view_cart")]


@pytest.mark.parametrize("words", ["Go", "Shop it", ""])
def test_the_submit_of_the_product_form_beside_the_quantity_box_adds_whatever_it_says(words):
    got = _rank(HEADER_CART, {"text": words, "type": "submit", "form": 1, "submits_form": True, "beside_quantity": True})
    assert (got[0].index, got[0].kind) == (1, "add_to_cart")


@pytest.mark.parametrize("words", ["Buy", "Buy now", "Kaufen", "Acheter maintenant"])
def test_order_words_on_a_product_page_add_to_the_cart_and_below_a_plain_add_to_cart(words):
    got = _rank(HEADER_CART, {"text": words, "beside_price": True})
    assert (got[0].index, got[0].kind, got[0].is_final) == (1, "add_to_cart", False)
    both = _rank({"text": words}, {"text": "Add to cart"})
    assert both[0].text == "Add to cart"


def test_a_link_back_to_the_same_page_is_no_way_forward():
    """"Kasa Coffee" ("kasa": checkout in Polish) linking to the page it is on, after the add."""
    got = _rank({"tag": "a", "text": "Kasa Coffee", "href": "/p/kettle", "same_page": True},
                {"tag": "a", "text": "View cart", "href": "/cart"}, history=("add_to_cart",))
    assert [a.text for a in got] == ["View cart"]


def test_an_add_to_cart_pressed_once_is_not_offered_again_under_another_reading():
    got = _rank({"text": "Add to cart"}, HEADER_CART, history=("add_to_cart",))
    assert [a.text for a in got] == ["Cart (0)"]


PHASES = """<ul class="nav nav-pills"><li><a href="/checkout/addresses/">1. Addresses</a></li>
<li class="active"><a href="/checkout/methods/">2. Shipping &amp; Payment</a></li>
<li><a href="%s">3. Confirmation</a></li></ul><h1>Checkout: Shipping &amp; Payment</h1>"""


@pytest.mark.parametrize("href, later", [("/checkout/confirm/", True), ("#", False)])
def test_a_numbered_phase_bar_whose_later_step_is_linked_says_a_step_follows(href, later, driver, tmp_path):
    """Shuup's phase bar: numbered, no telling classes; its "3. Confirmation" is the review, a page
    linked before any order exists. Unlinked, "Confirmation" stays the thank-you it may be."""
    from pagesrv import serve

    from autofill.flow.guards import progress_says_later
    from autofill.flow.state import snapshot

    html = f"<!doctype html><html><body>{PHASES % href}</body></html>".encode()
    with serve(tmp_path, {"/checkout/methods/": ("text/html; charset=utf-8", html)}) as base:
        driver.get(base + "/checkout/methods/")
        state = snapshot(driver)
    assert [(s.text, s.current) for s in state.steps] == [
        ("1. Addresses", False), ("2. Shipping & Payment", True), ("3. Confirmation", False)]
    assert progress_says_later(state) is later


def test_a_terms_box_required_only_by_its_wrapper_is_ticked(engine, profile):
    """Django/Bootstrap forms (Shuup's confirmation) mark a required box on its wrapper only; the
    shop refuses the order without the tick."""
    from autofill.fill.plan import plan_fill
    from autofill.page.static import extract_html

    html = """<form><div class="custom-checkbox checkboxinput required"><input type="checkbox" name="accept_terms"
    id="t"><label for="t">I accept the terms and conditions</label></div>
    <div class="checkbox"><input type="checkbox" name="news" id="n"><label for="n">I accept the newsletter terms</label></div></form>"""
    descs = extract_html(html)
    assert [(d.name, d.required) for d in descs] == [("accept_terms", True), ("news", False)]
    got = engine.classify_descriptors(descs)
    assert [a.name for a in plan_fill(got, profile).actions] == ["accept_terms"]


def test_buy_read_as_add_to_cart_is_still_possibly_final_past_payment():
    """On a page read as a product page, "Buy" adds to the cart — until payment details are in:
    from there the guards treat it as possibly placing the order (flow/guards.py)."""
    from autofill.flow.guards import FlowMemory, possibly_final
    from autofill.flow.state import Clickable, PageState

    state = PageState(url="https://shop.example/p/kettle", clickables=[Clickable(index=0, tag="button", text="Buy")])
    buy = _rank({"text": "Buy"})[0]
    assert buy.kind == "add_to_cart"
    assert possibly_final(buy, state, FlowMemory(), summary=False, review_follows=False, page_kind="product")[0] is False
    assert possibly_final(buy, state, FlowMemory(payment_seen=True), summary=False, review_follows=False,
                          page_kind="product")[0] is True
