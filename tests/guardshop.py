"""A shop built to be misunderstood, for the guarantee tests: three checkout steps behind one URL
(address, card, a read-only summary) whose order-placing button says only "Next", as the real
server-rendered shop of issue #8 did. Variants change one thing each (see VARIANTS).

The browser does everything client-side; the server records each order POSTed to /order and
answers with an order number that the page then shows only inside a link (/invoice/<id>/).
127.0.0.1 only; stopped by the context manager.
"""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

from pagesrv import serve_handler  # tests/ is on sys.path (rootdir conftest)

# variant: (progress text per step or None, summary rows HTML, extra step-1 HTML, which step places the order)
VARIANTS = {
    "generic": dict(progress=True, rows='<div class="row"><span>Items</span> <span>$26.00</span></div>'
                    '<div class="row"><span>Shipping</span> <span>$3.99</span></div>'
                    '<div class="row total"><span>Total</span> <span>$29.99</span></div>', extra="", places=3),
    "noprogress": dict(progress=False, rows='<div class="row total"><span>Total</span> <span>$29.99</span></div>', extra="", places=3),
    "taxnote": dict(progress=True, rows='<div class="row"><span>Subtotal</span> <span>$34.00</span></div>'
                    '<div class="row total"><div>Total <span class="note">(Inclusive of tax $0.00)</span></div><div>$24.00</div></div>'
                    '<div class="row"><span>Total savings</span> <span>−$10.00</span></div>', extra="", places=3),
    "listbox": dict(progress=True, rows='<div class="row total"><span>Total</span> <span>$29.99</span></div>',
                    extra='<div class="fld"><span id="c-l">Country *</span><button type="button" role="combobox" aria-haspopup="listbox" '
                          'aria-required="true" aria-labelledby="c-l" id="country-btn">Select a country</button>'
                          '<input type="hidden" value=""></div>', places=3),
    "liar": dict(progress=True, rows='<div class="row total"><span>Total</span> <span>$29.99</span></div>', extra="", places=2),
    # the summary's Next records the order, then shows the same summary again (no confirmation)
    "again": dict(progress=True, rows='<div class="row total"><span>Total</span> <span>$29.99</span></div>', extra="", places=3,
                  after="again"),
    # a deposit row read as the total: below the items' price the cart showed (start at /cart?v=lowtotal)
    "lowtotal": dict(progress=True, rows='<div class="row"><span>Items</span> <span>$26.00</span></div>'
                     '<div class="row total"><span>Total due today</span> <span>$9.99</span></div>', extra="", places=3),
}

PRODUCT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Canvas Tote Bag</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product", "name": "Canvas Tote Bag",
 "sku": "TOTE-1", "offers": {"@type": "Offer", "price": "26.00", "priceCurrency": "USD",
 "availability": "https://schema.org/%(avail)s"}}</script></head>
<body><h1>Canvas Tote Bag</h1><p class="price">$26.00</p><p>%(avail_text)s</p>
<a class="button" href="/checkout?v=%(v)s">Add to cart</a></body></html>"""

CART = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Your cart</title></head><body>
<h1>Your cart</h1><table><tr><td>Canvas Tote Bag</td><td>$26.00</td></tr></table>
<div class="row"><span>Subtotal</span> <span>$26.00</span></div>
<a class="button" href="/checkout?v=%s">Proceed to checkout</a></body></html>"""

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<style>body{font:16px sans-serif;margin:20px} .fld{margin:6px 0} .step[hidden]{display:none} .row{display:flex;gap:20px}</style></head>
<body><h1 id="h">Checkout</h1>
<form id="f" onsubmit="return false">
 <section class="step" id="s1"><h2>%(p1)s</h2>
  <div class="fld"><label for="em">Email</label> <input id="em" name="email" type="email" required></div>
  <div class="fld"><label for="fn">First name</label> <input id="fn" name="first" required></div>
  <div class="fld"><label for="ln">Last name</label> <input id="ln" name="last" required></div>
  <div class="fld"><label for="st">Street</label> <input id="st" name="street" required></div>
  <div class="fld"><label for="ci">City</label> <input id="ci" name="city" required></div>
  <div class="fld"><label for="pc">Postcode</label> <input id="pc" name="zip" required></div>
  %(extra)s
  <button type="button" class="next" onclick="go(1)">Next</button></section>
 <section class="step" id="s2" hidden><h2>%(p2)s</h2>
  <div class="fld"><label for="cn">Card number</label> <input id="cn" name="cardnumber" autocomplete="off" required></div>
  <div class="fld"><label for="ex">Expiry (MM/YY)</label> <input id="ex" name="exp" placeholder="MM/YY" required></div>
  <div class="fld"><label for="cv">CVC</label> <input id="cv" name="cvc" required></div>
  <button type="button" class="next" onclick="go(2)">Next</button></section>
 <section class="step" id="s3" hidden><h2>%(p3)s</h2>
  <div class="summary">%(rows)s</div>
  <button type="button" class="next" onclick="go(3)">Next</button></section>
</form>
<div id="done" hidden><h2>Thank you!</h2><p>We have received your order. <a id="inv" href="#">View your invoice</a></p></div>
<script>
var PLACES = %(places)d, AFTER = "%(after)s";
function go(n) {
  if (n === PLACES) {
    fetch("/order", {method: "POST", body: JSON.stringify({email: document.getElementById("em").value})})
      .then(function (r) { return r.json(); }).then(function (o) {
        if (AFTER === "again") { var h = document.createElement("h2"); h.textContent = "Processing your order";
          document.getElementById("s3").prepend(h); return; }
        document.getElementById("f").hidden = true;
        document.getElementById("done").hidden = false;
        document.getElementById("inv").href = "/invoice/" + o.id + "/";
      });
    return;
  }
  document.getElementById("s" + n).hidden = true;
  document.getElementById("s" + (n + 1)).hidden = false;
}
</script></body></html>"""


def page(variant: str) -> str:
    v = VARIANTS[variant]
    steps = ("Step 1 of 3: Address", "Step 2 of 3: Payment", "Step 3 of 3") if v["progress"] else ("Details", "Details", "Details")
    return PAGE % {"p1": steps[0], "p2": steps[1], "p3": steps[2], "rows": v["rows"], "extra": v["extra"], "places": v["places"],
                   "after": v.get("after", "")}


class _Handler(BaseHTTPRequestHandler):
    orders: list = []
    lock = threading.Lock()

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: str, ctype: str = "text/html; charset=utf-8") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        if parts.path == "/checkout":
            variant = parse_qs(parts.query).get("v", ["generic"])[0]
            return self._send(200, page(variant))
        if parts.path == "/product":
            v = parse_qs(parts.query).get("v", ["generic"])[0]
            oos = parse_qs(parts.query).get("stock", [""])[0] == "out"
            return self._send(200, PRODUCT % {"v": v, "avail": "OutOfStock" if oos else "InStock",
                                              "avail_text": "Out of stock" if oos else "In stock"})
        if parts.path == "/cart":
            return self._send(200, CART % parse_qs(parts.query).get("v", ["generic"])[0])
        if parts.path.startswith("/invoice/"):
            return self._send(200, "<h1>Invoice</h1>")
        self._send(404, "not found")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        with self.lock:
            oid = f"GS-{1001 + len(self.orders)}"
            self.orders.append(oid)
        self._send(200, json.dumps({"id": oid}), "application/json")


@contextmanager
def guard_shop() -> Iterator[tuple[str, list]]:
    """Yields (base URL, the list of order ids the server recorded)."""
    handler = type("H", (_Handler,), {"orders": []})
    with serve_handler(handler) as base:
        yield base, handler.orders
