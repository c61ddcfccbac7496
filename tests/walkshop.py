"""A small shop for tests/test_walk_general.py: product pages whose add-to-cart says little or
nothing, what appears after adding (a drawer, a dialog, a cart only in a header dropdown), and a
checkout of four steps plus a review behind one URL.

Variants of the product page (`/p/<variant>`):
- `icon`: the add-to-cart is a button with only a bag icon, in the product's own form beside the
  quantity box and the price; the header's cart is an icon too. Adding opens a mini-cart drawer.
- `buy`: a plain "Buy" button beside the price (no form, no quantity box), and a link back to the
  page named like the shop ("Kasa Coffee": "kasa" is a checkout word in Polish). Adding opens an
  "Added to cart" dialog (View cart / Continue shopping); the cart page leads to the checkout.
- `dropdown`: "Add to cart"; the cart then lives only in a header dropdown ("Cart (1)" opens it).

The checkout (`/checkout`): Contact, Name, Address (one "Street" box), Phone, Review — every step
in the page from the start, the others `hidden`. A button pressed while its step is hidden is
recorded (`hidden_clicks`); the address is POSTed as typed (`addresses`); "Place order" records an
order and goes to Shuup's kind of confirmation URL `/order/complete/<id>/<key>/`, whose page
shows the number nowhere else. 127.0.0.1 only; stopped by the context manager.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from guardshop import _Handler as GuardHandler
from pagesrv import serve_handler

HEAD = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
<style>body{font:16px sans-serif;margin:20px} .drawer,.dialog{position:fixed;right:0;top:0;background:#fff;border:1px solid #999;padding:20px}
svg{width:24px;height:24px} .dropdown-menu{border:1px solid #999;padding:8px}</style></head><body>"""

PRODUCT_ICON = HEAD % "Copper Kettle" + """
<header><a class="shop-home" href="/">Home</a>
 <a class="header-cart" href="/cart"><svg class="icon icon-cart" viewBox="0 0 10 10"><rect width="10" height="10"/></svg></a></header>
<h1>Copper Kettle</h1>
<form class="product" action="/add" method="post" onsubmit="add(event)">
 <p class="price">£30.00</p>
 <label for="q">Qty</label> <input id="q" type="number" name="q" value="1" min="1">
 <button type="submit" class="btn"><svg class="icon icon-bag" viewBox="0 0 10 10"><rect width="10" height="10"/></svg></button>
</form>
<aside class="drawer" id="drawer" hidden><h2>Your bag</h2><p>Copper Kettle £30.00</p><a href="/checkout">Checkout</a></aside>
<script>
function add(e) { e.preventDefault(); fetch("/add", {method: "POST", body: "1"}).then(function () {
  document.getElementById("drawer").hidden = false; }); }
</script></body></html>"""

PRODUCT_BUY = HEAD % "Copper Kettle" + """
<header><a href="/p/buy">Kasa Coffee</a></header>
<h1>Copper Kettle</h1>
<div class="product"><p class="price">£30.00</p><p>Copper, 1 litre.</p>
 <button type="button" onclick="add()">Buy</button></div>
<div class="dialog" role="dialog" id="added" hidden><h2>Added to cart</h2>
 <a href="/cart">View cart</a> <button type="button" onclick="location.href='/p/buy'">Continue shopping</button></div>
<script>
function add() { fetch("/add", {method: "POST", body: "1"}).then(function () {
  document.getElementById("added").hidden = false; }); }
</script></body></html>"""

PRODUCT_DROPDOWN = HEAD % "Copper Kettle" + """
<header><div class="dropdown cart"><a href="#" class="dropdown-toggle" id="toggle" onclick="menu(event)">Cart (<span id="n">0</span>)</a>
 <div class="dropdown-menu" id="menu" hidden><p>Copper Kettle £30.00</p><a href="/checkout">Checkout</a></div></div></header>
<h1>Copper Kettle</h1>
<div class="product"><p class="price">£30.00</p>
 <button type="button" onclick="add()">Add to cart</button></div>
<script>
function add() { fetch("/add", {method: "POST", body: "1"}).then(function () { document.getElementById("n").textContent = "1"; }); }
function menu(e) { e.preventDefault(); var m = document.getElementById("menu"); m.hidden = !m.hidden; }
</script></body></html>"""

CART = HEAD % "Your cart" + """<h1>Your cart</h1><p>Copper Kettle £30.00</p>
<p>Subtotal £30.00</p><a href="/checkout">Checkout</a></body></html>"""

CHECKOUT = HEAD % "Checkout" + """<h1>Checkout</h1>
<form id="f" onsubmit="return false">
 <section data-step="1"><h2>Contact</h2>
  <label for="em">Email</label> <input id="em" name="email" type="email">
  <button type="button" onclick="go(1, this)">Continue</button></section>
 <section data-step="2" hidden><h2>Your name</h2>
  <label for="nm">Full name</label> <input id="nm" name="full_name">
  <button type="button" onclick="go(2, this)">Continue</button></section>
 <section data-step="3" hidden><h2>Shipping address</h2>
  <label for="st">Street</label> <input id="st" name="street">
  <label for="ci">City</label> <input id="ci" name="city">
  <label for="pc">Postcode</label> <input id="pc" name="postcode">
  <button type="button" onclick="go(3, this)">Continue</button></section>
 <section data-step="4" hidden><h2>Phone</h2>
  <label for="ph">Phone</label> <input id="ph" name="phone" type="tel">
  <button type="button" onclick="go(4, this)">Continue</button></section>
 <section data-step="5" hidden><h2>Review</h2>
  <p>Copper Kettle £30.00</p><p class="total">Total £30.00</p>
  <button type="button" onclick="place(this)">Place order</button></section>
</form>
<script>
function hiddenClick(b) { if (b.closest("[hidden]")) { fetch("/hidden", {method: "POST", body: b.textContent}); return true; } return false; }
function go(n, b) {
  if (hiddenClick(b)) return;
  if (n === 3) fetch("/address", {method: "POST", body: JSON.stringify({name: document.getElementById("nm").value,
    street: document.getElementById("st").value})});
  document.querySelector("[data-step='" + n + "']").hidden = true;
  document.querySelector("[data-step='" + (n + 1) + "']").hidden = false;
}
function place(b) {
  if (hiddenClick(b)) return;
  fetch("/order", {method: "POST", body: "1"}).then(function (r) { return r.json(); }).then(function (o) {
    location.href = "/order/complete/" + o.id + "/zW1pVvFe/"; });
}
</script></body></html>"""

DONE = HEAD % "Thank you for your order!" + """<h1>Thank you for your order!</h1>
<p>Your order has been received. You can see its details below.</p><p>Copper Kettle £30.00</p></body></html>"""

PAGES = {"/p/icon": PRODUCT_ICON, "/p/buy": PRODUCT_BUY, "/p/dropdown": PRODUCT_DROPDOWN, "/cart": CART, "/checkout": CHECKOUT}


@dataclass
class Record:
    """What the shop received."""

    adds: int = 0
    orders: list[str] = field(default_factory=list)
    addresses: list[dict] = field(default_factory=list)
    hidden_clicks: list[str] = field(default_factory=list)


class _Handler(GuardHandler):
    """The guard shop's plain answers (`_send`, no logging); this shop's pages and records."""

    record: Record

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?")[0]
        if path in PAGES:
            return self._send(200, PAGES[path])
        if path.startswith("/order/complete/"):
            return self._send(200, DONE)
        self._send(404, "not found")

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        rec = self.record
        with self.lock:
            if self.path == "/add":
                rec.adds += 1
            elif self.path == "/address":
                rec.addresses.append(json.loads(body))
            elif self.path == "/hidden":
                rec.hidden_clicks.append(body)
            elif self.path == "/order":
                rec.orders.append(str(7 + len(rec.orders)))
                return self._send(200, json.dumps({"id": rec.orders[-1]}), "application/json")
        self._send(200, "{}", "application/json")


@contextmanager
def walk_shop() -> Iterator[tuple[str, Record]]:
    """Yields (base URL, what the shop received)."""
    handler = type("H", (_Handler,), {"record": Record()})
    with serve_handler(handler) as base:
        yield base, handler.record
