"""The fixture server over plain HTTP: lifecycle, binding, validation, orders once, reset, and
the static renderer the classifier trains on."""
from __future__ import annotations

import http.cookiejar
import json
import socket
import urllib.error
import urllib.request
from urllib.parse import urlencode

import lxml.html
import pytest

from autofill.fixtures_server import FixtureServer, load_sites, render_static

CARD = "4111111111111111"

CHECKOUT = {
    "email": "jane.doe@example.com", "country": "United Kingdom", "firstName": "Jane", "lastName": "Doe",
    "address1": "221B Baker Street", "address2": "Flat 2", "city": "London", "province": "Greater London",
    "postalCode": "NW1 6XE", "phone": "+44 20 7946 0958", "shipping_rate": "express", "billing_choice": "same",
    "number": CARD, "name": "Jane Doe", "expiry": "12 / 30", "verification_value": "123",
}


class Shopper:
    """A cookie-keeping HTTP client (redirects followed, as a browser would)."""

    def __init__(self, srv: FixtureServer, site: str = "shopify-like") -> None:
        self.base = f"{srv.url}/{site}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=10) as r:
            return r.geturl(), r.read().decode()

    def post(self, path: str, data: dict) -> tuple[str, str]:
        with self.opener.open(self.base + path, urlencode(data).encode(), timeout=10) as r:
            return r.geturl(), r.read().decode()

    def to_review(self, **over: str) -> tuple[str, str]:
        self.post("/products/classic-tee", {"qty": "1", "size": "M"})
        self.post("/cart", {"qty": "1"})
        return self.post("/checkout", {**CHECKOUT, **over})


def test_start_stop_releases_port_and_binds_loopback() -> None:
    with FixtureServer(port=0, delay_scale=0) as srv:
        port = srv.port
        assert srv.url == f"http://127.0.0.1:{port}"
        assert srv._httpd.server_address[0] == "127.0.0.1"
        with urllib.request.urlopen(srv.url + "/", timeout=5) as r:
            assert "shopify-like" in r.read().decode()
        assert srv.start_url("shopify-like") == f"{srv.url}/shopify-like/products/classic-tee"
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
    with socket.socket() as s:  # the port is free again (TIME_WAIT aside, as any server binds)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
    with FixtureServer(port=port, delay_scale=0) as again:
        assert again.port == port


def test_flow_records_one_order_and_second_place_order_is_idempotent(fixture_server, reset) -> None:
    shopper = Shopper(fixture_server)
    url, page = shopper.to_review()
    assert url.endswith("/checkout/review"), page
    assert "29.98" in page  # 19.99 + express 9.99, shown before the order is placed
    url1, conf1 = shopper.post("/checkout/review", {})
    url2, conf2 = shopper.post("/checkout/review", {})
    assert url1.endswith("/checkout/thank-you") and url2 == url1
    orders = fixture_server.orders("shopify-like")
    assert len(orders) == 1
    order = orders[0]
    assert order["order_number"] in conf1 and order["order_number"] in conf2
    assert order["total"] == "29.98" and order["currency"] == "GBP" and order["shipping_method"] == "express"
    assert order["card"] == {"last4": "1111", "exp_month": 12, "exp_year": 2030, "name": "Jane Doe"}
    assert order["shipping"]["country"] == "GB" and order["billing"] == order["shipping"]
    assert order["phone"] == "+442079460958"
    with urllib.request.urlopen(f"{fixture_server.url}/_fixtures/orders/shopify-like.json", timeout=5) as r:
        assert json.loads(r.read()) == orders
    # The full card number and the CVC are kept nowhere: not in orders, not in session state.
    everything = json.dumps(orders) + repr(fixture_server.world.states)
    assert CARD not in everything and "verification_value" not in everything


def test_malformed_postcode_rerenders_step_with_error_and_values(fixture_server, reset) -> None:
    url, page = Shopper(fixture_server).to_review(postalCode="NW1 6X")
    assert url.endswith("/checkout")
    doc = lxml.html.fromstring(page)
    assert "Enter a valid postcode" in doc.cssselect("[role=alert]")[0].text_content()
    assert doc.cssselect("#address1")[0].get("value") == "221B Baker Street"
    assert doc.cssselect("#postalCode")[0].get("value") == "NW1 6X"
    assert doc.cssselect("#rate-express")[0].get("checked") is not None
    assert doc.cssselect("#rate-standard")[0].get("checked") is None
    assert CARD not in page and "123" not in page.replace("1230", "")
    assert fixture_server.orders("shopify-like") == []


@pytest.mark.parametrize("over,message", [
    ({"number": "4111111111111112"}, "valid card number"),
    ({"verification_value": "12"}, "security code"),
    ({"expiry": "13/30"}, "expiry"),
    ({"email": ""}, "Email is required"),
])
def test_card_and_required_checks(fixture_server, reset, over, message) -> None:
    url, page = Shopper(fixture_server).to_review(**over)
    assert url.endswith("/checkout") and message in page


def test_reset_forgets_orders_and_carts(fixture_server, reset) -> None:
    shopper = Shopper(fixture_server)
    shopper.to_review()
    shopper.post("/checkout/review", {})
    assert len(fixture_server.orders("shopify-like")) == 1
    req = urllib.request.Request(f"{fixture_server.url}/_fixtures/reset", data=b"", method="POST")
    with urllib.request.urlopen(req, timeout=5) as r:
        assert r.status == 200
    assert fixture_server.orders("shopify-like") == []
    url, _ = shopper.get("/checkout")  # the cart is gone: sent back to it
    assert url.endswith("/cart")


def test_skipping_ahead_with_empty_cart_goes_to_cart(fixture_server, reset) -> None:
    url, _ = Shopper(fixture_server).get("/checkout/thank-you")
    assert url.endswith("/cart")


# Server-rendered sites only: a single-page shop's HTML is a shell its script fills in the browser
# (site.yaml `rendered: client`), so its labels are checked by the walk (test_fixture_sites) alone.
PAGES = [(s, p) for s in load_sites() if s.rendered == "server" for p in s.labels.pages]


@pytest.mark.parametrize("site,page", PAGES, ids=[f"{s.site}{p.path}" for s, p in PAGES])
def test_render_static_holds_every_labeled_field(site, page) -> None:
    """Training data: each top-document label (and shadow-root label) matches in the static HTML."""
    doc = lxml.html.fromstring(render_static(site.site, page.path))
    for lab in page.fields:
        if lab.frame:
            continue
        scope = [doc]
        for host in lab.shadow:
            scope = [h for s in scope for h in s.cssselect(host)]
        found = [e for s in scope for e in s.cssselect(lab.selector)]
        assert len(found) == 1, f"{lab.selector}: {len(found)} matches"


def test_magento_rejects_postcode_that_does_not_fit_the_country(fixture_server, reset) -> None:
    shopper = Shopper(fixture_server, "magento-like")
    shopper.post("/chaz-kangeroo-hoodie.html", {"qty": "1"})
    shopper.post("/checkout/cart", {"qty": "1"})
    shopper.post("/checkout/login", {"checkout_method": "guest"})
    form = {"username": "jane.doe@example.com", "firstname": "Jane", "lastname": "Doe", "street[0]": "221B Baker Street",
            "country_id": "GB", "region_id": "Greater London", "city": "London", "postcode": "75002",
            "telephone": "+44 20 7946 0958"}
    url, page = shopper.post("/checkout/shipping", form)
    assert url.endswith("/checkout/shipping") and "Zip/Postal Code seems to be invalid" in page
    doc = lxml.html.fromstring(page)
    assert doc.cssselect("#country_id option[selected]")[0].get("value") == "GB"
    assert doc.cssselect("#region_id")[0].get("data-value") == "Greater London"
    url, _ = shopper.post("/checkout/shipping", {**form, "postcode": "NW1 6XE"})
    assert url.endswith("/checkout/shipping-method")


def test_prestashop_rejects_postcode_in_french(fixture_server, reset) -> None:
    shopper = Shopper(fixture_server, "prestashop-fr")
    shopper.post("/12-mug-en-gres.html", {"qty": "1"})
    shopper.post("/panier", {"qty": "1"})
    url, page = shopper.post("/commande", {"firstname": "Jane", "lastname": "Doe", "email": "jane.doe@example.com",
                                           "address1": "1 rue de Rivoli", "postcode": "7500", "city": "Paris",
                                           "id_country": "8", "delivery_option": "2"})
    assert url.endswith("/commande") and "Code postal invalide" in page
    assert lxml.html.fromstring(page).cssselect("#address1")[0].get("value") == "1 rue de Rivoli"


def test_place_order_delay_is_scaled(monkeypatch) -> None:
    """delay_scale multiplies the site's place-order delay (0 = none); observed via time.sleep."""
    import autofill.fixtures_server.server as server_mod

    slept: list[float] = []
    monkeypatch.setattr(server_mod.time, "sleep", lambda s: slept.append(s))
    with FixtureServer(port=0, delay_scale=2.0) as srv:
        shopper = Shopper(srv)
        shopper.to_review()
        shopper.post("/checkout/review", {})
    assert slept == [3.0]  # shopify-like: place_order 1.5 s × 2


# --- the JSON API of single-page shops (api.py) --------------------------------------------
class AppShopper(Shopper):
    """A single-page shop's script, as HTTP: JSON posts to /<site>/api/…, errors as JSON too."""

    def api(self, path: str, body: dict | None = None) -> tuple[int, dict]:
        req = urllib.request.Request(self.base + "/api" + path, None if body is None else json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
        try:
            with self.opener.open(req, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())


RADIX_ADDRESS = {"email": "jane.doe@example.com", "first_name": "Jane", "last_name": "Doe",
                 "address1": "221B Baker Street", "address2": "Flat 2", "city": "London", "country": "GB",
                 "state": "Greater London", "zip": "NW1 6XE", "phone": "+44 20 7946 0958"}
RADIX_CARD = {"cc_number": CARD, "cc_name": "Jane Doe", "cc_month": "12", "cc_year": "2030", "cc_cvv": "123"}


def test_api_views_validate_save_and_place_the_order_once(fixture_server, reset) -> None:
    shop = AppShopper(fixture_server, "react-radix")
    assert shop.api("/checkout/shipping", RADIX_ADDRESS)[0] == 409  # empty cart
    status, state = shop.api("/cart", {"qty": 1, "mode": "add"})
    assert status == 200 and state["qty"] == 1 and state["shipping_methods"] == []  # no address yet
    status, out = shop.api("/checkout/shipping", {**RADIX_ADDRESS, "zip": "75002"})
    assert status == 422 and any("postal code" in e for e in out["errors"])
    assert shop.api("/state")[1]["shipping_methods"] == []  # nothing saved from a rejected post
    status, state = shop.api("/checkout/shipping", RADIX_ADDRESS)
    assert status == 200 and [m["id"] for m in state["shipping_methods"]] == ["express", "ground"]
    assert state["shipping_method"] == "express" and state["total"] == "72.00"  # preselected: the dearer
    shop.api("/checkout/delivery", {"shipping_method": "ground"})
    status, out = shop.api("/checkout/payment", {**RADIX_CARD, "cc_cvv": "12"})
    assert status == 422 and any("security code" in e for e in out["errors"])
    assert shop.api("/checkout/payment", RADIX_CARD)[0] == 200
    status, first = shop.api("/checkout/review", {})
    status2, second = shop.api("/checkout/review", {})
    assert status == status2 == 200 and first["next"] == second["next"] == "/react-radix/checkout/confirmation"
    assert first["order_number"] == second["order_number"] == "HS-1001"
    orders = fixture_server.orders("react-radix")
    assert len(orders) == 1 and orders[0]["total"] == "64.50" and orders[0]["shipping_method"] == "ground"
    assert orders[0]["card"] == {"last4": "1111", "exp_month": 12, "exp_year": 2030, "name": "Jane Doe"}
    everything = json.dumps(orders) + repr(fixture_server.world.states) + json.dumps(second)
    assert CARD not in everything and "cc_cvv" not in everything
    _, page = shop.get("/checkout/confirmation")  # the shell carries the number for the script only
    assert '"order_number": "HS-1001"' in page


def test_api_rejects_bad_requests(fixture_server, reset) -> None:
    shop = AppShopper(fixture_server, "react-select")
    shop.api("/cart", {"qty": 1})
    assert shop.api("/checkout/no-such-step", {})[0] == 404
    assert shop.api("/cart", {"qty": "many"})[0] == 400
    req = urllib.request.Request(shop.base + "/api/cart", b"[1, 2]", {"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as err:
        shop.opener.open(req, timeout=10)
    assert err.value.code == 400
    status, out = shop.api("/checkout/information", {"email": "jane.doe@example.com"})
    assert status == 422 and "Full name is required" in out["errors"]


def test_api_save_delay_is_scaled_and_a_one_box_street_splits(monkeypatch) -> None:
    """`delays.save` × delay_scale after each view's save (outside the lock); {line: N, of: street}."""
    import autofill.fixtures_server.server as server_mod

    slept: list[float] = []
    monkeypatch.setattr(server_mod.time, "sleep", lambda s: slept.append(s))
    with FixtureServer(port=0, delay_scale=2.0) as srv:
        shop = AppShopper(srv, "react-select")
        shop.api("/cart", {"qty": 1})
        status, _ = shop.api("/checkout/information", {
            "email": "jane.doe@example.com", "full_name": "Jane van Doe", "street": "221B Baker Street\nFlat 2",
            "postcode": "NW1 6XE", "city": "London", "country": "GB", "region": "Greater London"})
        assert status == 200
        for view, body in (("shipping", {"shipping_method": "courier"}), ("payment", {"payment_method": "cod"}),
                           ("review", {})):
            assert shop.api("/checkout/" + view, body)[0] == 200
        order = srv.orders("react-select")[0]
    assert slept == [2.0, 2.0, 2.0, 4.0]  # save 1.0 s × 2 per view; place_order adds 1.0 s × 2
    assert order["shipping"]["given_name"] == "Jane" and order["shipping"]["family_name"] == "van Doe"
    assert (order["shipping"]["address_line1"], order["shipping"]["address_line2"]) == ("221B Baker Street", "Flat 2")
    assert order["card"] == {"last4": None, "exp_month": None, "exp_year": None, "name": None}
