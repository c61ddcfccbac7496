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
