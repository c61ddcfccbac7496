"""SPEC "Guarantees (v2)" on a shop the engine cannot understand (tests/guardshop.py): three steps
behind one URL and a summary whose order-placing button says only "Next". Every test here names the
guard it proves; `pytest --guard-off NAME` switches that guard off and the test fails."""
from __future__ import annotations

import pytest

from autofill import Engine
from autofill.fill.profile import DEMO_PROFILE, Profile
from guardshop import guard_shop


@pytest.fixture(scope="module")
def shop():
    with guard_shop() as (base, orders):
        yield base, orders


@pytest.fixture(scope="module")
def engine():
    return Engine()


@pytest.fixture
def run(shop, engine):
    base, orders = shop

    def go(variant: str, max_total=None, dry_run: bool = False, start: str = "checkout", query: str = ""):
        orders.clear()
        result = engine.purchase(f"{base}/{start}?v={variant}{query}", Profile.load(DEMO_PROFILE), dry_run=dry_run,
                                 max_total=max_total, timeout=60)
        return result, list(orders)
    return go


def unrecognised(monkeypatch) -> None:
    """Every checkout step and confirmation judged a plain "checkout" page: nothing recognises the
    summary as the final step or the thanks as a confirmation, as on a shop the engine does not
    understand; only the guards stand."""
    from autofill.flow import kinds

    real = kinds.predict_kind

    def predict(*a, **k):
        p = real(*a, **k)
        if p.kind in ("shipping", "payment", "review", "confirmation"):
            p.kind = "checkout"
        return p

    monkeypatch.setattr(kinds, "predict_kind", predict)


def test_a_dry_run_stops_before_a_generic_next_on_the_summary(run, monkeypatch):
    """point_of_no_return: payment details are in and "Step 3 of 3" has no later step (with the
    page kinds unrecognised, so the guard alone stops it)."""
    unrecognised(monkeypatch)
    result, orders = run("generic", dry_run=True)
    assert orders == [] and result.status == "dry_run", result.reason
    assert result.total == "29.99" and "Next" in (result.reason or "")


def test_a_buy_above_the_maximum_places_nothing_on_an_unrecognised_final_step(run):
    """max_total: the summary's "Next" is judged possibly final, so the maximum applies to it."""
    result, orders = run("generic", max_total="10")
    assert orders == [] and result.status == "blocked" and "above the maximum" in result.reason


def test_a_buy_in_another_currency_places_nothing(run):
    """currency: "$" on an "en" page could be any dollar; a maximum in EUR is not compared with it."""
    result, orders = run("generic", max_total="100 EUR")
    assert orders == [] and result.status == "blocked" and "currency" in result.reason


def test_a_buy_under_the_maximum_places_once_and_reports_the_reference_from_a_link(run):
    """one_press + confirmation: one order, reported placed with the number only the invoice link shows."""
    result, orders = run("generic", max_total="100")
    assert orders == ["GS-1001"] and result.status == "placed" and result.order_reference == "GS-1001"


def test_the_total_is_not_the_tax_note_in_its_row(run):
    """max_total: "Total (Inclusive of tax $0.00) $24.00" is 24.00, and a later "Total savings" is not it."""
    result, orders = run("taxnote", max_total="20")
    assert orders == [] and result.status == "blocked" and result.total == "24.00"


def test_a_required_widget_left_empty_blocks_a_dry_run(run):
    """required_fields: a country listbox the engine cannot operate stays empty: no exit 0."""
    result, orders = run("listbox", dry_run=True)
    assert orders == [] and result.status == "blocked" and "Country" in result.reason


def test_a_required_widget_left_empty_blocks_a_buy(run):
    result, orders = run("listbox", max_total="100")
    assert orders == [] and result.status == "blocked" and "Country" in result.reason


def test_no_total_on_a_possibly_final_step_places_nothing(run):
    """total_on_page: without progress text the card step's "Next" may be final and shows no total."""
    dry, orders_dry = run("noprogress", dry_run=True)
    buy, orders_buy = run("noprogress", max_total="1000")
    assert orders_dry == [] and orders_buy == []
    assert dry.status == "blocked" and buy.status == "blocked" and "total" in buy.reason


def test_an_order_placed_by_a_click_the_page_lied_about_is_reported_placed(run, monkeypatch):
    """confirmation: "Step 2 of 3" said more was to come, but its Next placed the order. The status is
    the truth — placed, with its reference — even in a dry run (and with the thanks unrecognised)."""
    unrecognised(monkeypatch)
    result, orders = run("liar", dry_run=True)
    assert orders == ["GS-1001"] and result.status == "placed" and result.order_reference == "GS-1001"


def test_the_same_possibly_final_control_is_never_pressed_twice(run, monkeypatch):
    """one_press: the summary's Next records the order and shows the same summary again, with no
    confirmation. One order, and the status does not claim nothing was placed (page kinds
    unrecognised: a "Next" read as a step forward, which the guard alone keeps from a second press)."""
    unrecognised(monkeypatch)
    result, orders = run("again", max_total="100")
    assert orders == ["GS-1001"] and result.status == "failed"
    assert "may have placed the order" in result.reason


def test_a_total_below_the_items_price_seen_in_the_cart_blocks(run):
    """below_items: "Total due today $9.99" is not what $26.00 of items cost."""
    result, orders = run("lowtotal", max_total="20", start="cart")
    assert orders == [] and result.status == "blocked" and "below the items' price" in result.reason


def test_a_total_below_the_product_price_blocks(run):
    """below_items: the product page states $26.00 in its structured data and on the page."""
    result, orders = run("lowtotal", max_total="20", start="product")
    assert orders == [] and result.status == "blocked" and "below the items' price 26.00" in result.reason


def test_an_out_of_stock_product_is_blocked_before_any_click(run):
    result, orders = run("generic", max_total="100", start="product", query="&stock=out")
    assert orders == [] and result.status == "blocked" and "out of stock" in result.reason
    assert all(step.clicked is None for step in result.steps)


@pytest.mark.parametrize("kind,types,state,placed", [
    ("cart", [], dict(order_number="Q-10023", text="Quote number Q-10023"), False),        # a quote number in a cart
    ("checkout", ["email"], dict(order_number="100023", text="Order #100023"), False),       # fields still to fill
    ("review", [], dict(order_number="100023", text="Your order number is 100023"), True),
    ("checkout", [], dict(h2=["Thank you!"], order_links=["GS-1001"]), True),                 # thanks + /invoice/<id>/
    ("checkout", [], dict(h2=["Order summary"], order_links=["GS-1001"]), False),             # a link alone is no thanks
    ("confirmation", [], dict(), True),
])
def test_what_counts_as_a_confirmation(kind, types, state, placed):
    """confirmation: a cart or quote number, or a page with fields left, is no placed order."""
    from autofill.flow.state import PageState
    from autofill.flow.walk import Walk

    walk = Walk.__new__(Walk)
    walk.placed_click = True
    assert Walk.confirmed(walk, PageState(**state), kind, types) is placed
