"""Deciding each attribute of the product a page shows.

Order of trust, per attribute: structured data where the page has it *and* it agrees with what is
shown (a claimed price must appear among the page's visible amounts, a claimed SKU in its text);
then the page itself — the learned ranker for the price, YAML rules for availability, SKU labels,
the buy button, the title and image. Disagreeing structured data is used only when the page
offers nothing better. `sources` records which opinion decided each value.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Optional
from urllib.parse import urljoin

from . import ranker
from .candidates import PriceCandidate, landmarks, price_candidates
from .money import code_in_text, currency_code, format_amount, territory_currency
from .page import Page, build_page, control_text, node_text, quick_fold
from .rules import availability_of, compiled_rules
from .schema import AddToCart, Product, Variant
from .structured import Claims, read_claims

CLICKABLE = ("button", "input", "a")
CLICKABLE_INPUTS = ("submit", "button", "image")
_SKU_TOKEN = re.compile(r"^[\s:：#.\-–]*([A-Za-z0-9][A-Za-z0-9._/\-]{2,39})")
_QTY = re.compile(r"qty|quantity|menge|quantit|cantidad|ilosc|antal|aantal|anzahl", re.I)


def parse_document(html: bytes | str) -> Any:
    """The lxml.html tree extruct reads, or None for a page with nothing in it."""
    from extruct.utils import parse_html

    from ..page.decode import decode_html

    text = decode_html(html).replace("\x00", "")
    if not text.strip():
        return None
    try:
        return parse_html(text.encode("utf-8"), "utf-8")
    except Exception:
        return None


def extract(html: bytes | str, url: Optional[str] = None, visual: Optional[dict[str, list]] = None,
            model: Any = None) -> Optional[Product]:
    """The product the page shows, or None when it holds none."""
    root = parse_document(html)
    if root is None:
        return None
    page = build_page(root, url, visual)
    claims = read_claims(root, url)
    return decide(page, claims, model=model)


def decide(page: Page, claims: Claims, model: Any = None) -> Optional[Product]:
    product = Product()
    claimed = tuple(p for p, _ in claims.prices)
    cands = price_candidates(page, claimed)
    _price(product, page, claims, cands, model)
    _title(product, page, claims)
    _image(product, page, claims)
    _add_to_cart(product, page)
    _availability(product, page, claims)
    _sku(product, page, claims)
    if claims.brand:
        product.brand, product.sources["brand"] = claims.brand[0]
    _variants(product, page)
    if not (product.price or product.add_to_cart or claims.is_product or product.sku):
        return None
    return product


def _price(product: Product, page: Page, claims: Claims, cands: list[PriceCandidate], model: Any) -> None:
    scores, source = ranker.score([c.features for c in cands], model)
    # a price in a "customers also bought" strip or the mini-cart is never this product's
    eligible = [i for i, c in enumerate(cands) if not (c.node.contexts & {"recommendations", "cart_widget"})]
    best = max(eligible, key=lambda i: scores[i]) if eligible else None
    threshold = ranker.threshold(model)
    shown = {c.amount for c in cands if not c.node.hidden or c.features.get("itemprop_price")}
    chosen: Optional[PriceCandidate] = None
    # a claimed price the page shows, not struck through (a sale's regular price is claimed too)
    claimed_shown = [(amount, src) for amount, src in claims.prices if amount in shown]
    if claimed_shown:
        def plain(amount: Decimal) -> float:
            idx = [i for i, c in enumerate(cands) if c.amount == amount and not c.struck]
            return max((scores[i] for i in idx), default=-1.0)
        amount, src = max(claimed_shown, key=lambda a: plain(a[0]))
        product.price, product.sources["price"] = format_amount(amount), src
        product.confidence["price"] = 0.98
        chosen = next((c for c in cands if c.amount == amount and not c.struck), None) or \
            next((c for c in cands if c.amount == amount), None)
    elif best is not None and scores[best] >= threshold:
        chosen = cands[best]
        product.price, product.sources["price"] = format_amount(chosen.amount), source
        product.confidence["price"] = round(scores[best], 3)
    elif claims.prices:
        amount, src = claims.prices[0]
        product.price, product.sources["price"] = format_amount(amount), src
        product.confidence["price"] = 0.6
    if product.price is None:
        return
    # currency: the chosen text's own symbol, then structured data, then a code near it, then the country's
    code = currency_code(chosen.symbol, page.country) if chosen and chosen.symbol else None
    if code is None and claims.currency:
        code = currency_code(claims.currency[0][0], page.country)
    if code is None and chosen is not None:
        code = code_in_text(chosen.text)
    if code is None:
        code = territory_currency(page.country)
    product.currency = code
    # regular price: a struck-through amount above the sale price near the chosen one
    if chosen is not None:
        price = Decimal(product.price)
        near = [c for c in cands if (c.struck or c.features.get("own_price_regular"))
                and c.amount > price and abs(c.node.order - chosen.node.order) < 80
                and not c.features.get("in_recommendations")]
        if near:
            reg = min(near, key=lambda c: abs(c.node.order - chosen.node.order))
            product.regular_price = format_amount(reg.amount)


def _title(product: Product, page: Page, claims: Claims) -> None:
    h1 = next((n for n in page.nodes if n.el.tag == "h1" and not n.hidden and node_text(n.el, 300)), None)
    if h1 is not None:
        product.title, product.sources["title"] = node_text(h1.el, 300), "rules"
    elif claims.title:
        product.title, product.sources["title"] = claims.title[0]
    else:
        t = page.root.findtext(".//title")
        if t and t.strip():
            product.title, product.sources["title"] = re.split(r"\s+[|–—-]\s+", t.strip())[0], "rules"


def _image(product: Product, page: Page, claims: Claims) -> None:
    if claims.image:
        src, source = claims.image[0]
        product.image, product.sources["image"] = urljoin(page.url or "", src), source
        return
    marks = landmarks(page)
    h1 = marks["h1"] or 0
    best = None
    for n in page.nodes:
        if n.el.tag != "img" or n.hidden or n.contexts & {"recommendations", "chrome", "cart_widget"}:
            continue
        src = n.el.attrib.get("src") or n.el.attrib.get("data-src")
        if not src or src.startswith("data:"):
            continue
        width = n.el.attrib.get("width", "")
        size = int(width) if width.isdigit() else 200
        if size < 80:
            continue
        key = (-(size >= 200), abs(n.order - h1))
        if best is None or key < best[0]:
            best = (key, src)
    if best:
        product.image, product.sources["image"] = urljoin(page.url or "", best[1]), "rules"


def clickables(page: Page) -> list:
    """Buttons, submit inputs and links in document order: what `add_to_cart.index` counts."""
    out = []
    for n in page.nodes:
        tag = n.el.tag
        if tag in ("button", "a") or (tag == "input" and n.el.attrib.get("type", "").lower() in CLICKABLE_INPUTS) \
                or n.el.attrib.get("role") == "button":
            out.append(n)
    return out


def _add_to_cart(product: Product, page: Page) -> None:
    regex = compiled_rules().add_to_cart
    for i, n in enumerate(clickables(page)):
        if n.hidden or n.contexts & {"recommendations", "cart_widget"}:
            continue
        text = control_text(page.root, n.el)
        if text and len(text) <= 60 and regex.search(quick_fold(text)):
            disabled = "disabled" in n.el.attrib or n.el.attrib.get("aria-disabled") == "true"
            if not disabled:
                product.add_to_cart = AddToCart(text=text, frame=[], index=i)
                product.sources["add_to_cart"] = "rules"
                return


def _availability(product: Product, page: Page, claims: Claims) -> None:
    """Structured data first (a page-wide "Out of stock" is often another size's), unless it says
    sold out while the page shows a working buy button and no stock line says so; then the stock
    line the page shows; then a product with a price or a buy button is in stock."""
    shown = _shown_availability(page)
    if claims.availability:
        value, source = claims.availability[0]
        if value == "OutOfStock" and shown != "OutOfStock" and product.add_to_cart is not None:
            # the data's first offer is sold out, but the page offers the product for sale
            product.availability, product.sources["availability"] = "InStock", "rules"
            return
        product.availability, product.sources["availability"] = value, source
        return
    if shown is not None:
        product.availability, product.sources["availability"] = shown, "rules"
    elif product.add_to_cart is not None or product.price is not None:
        product.availability, product.sources["availability"] = "InStock", "rules"


def _shown_availability(page: Page) -> Optional[str]:
    """The first short stock line in the main content, read with the YAML phrases."""
    max_chars = compiled_rules().rules.availability_max_chars
    marks = landmarks(page)
    anchor = marks["h1"] or marks["add_to_cart"] or 0
    found: list[tuple[int, str]] = []
    for n in page.nodes:
        if n.hidden or n.contexts or n.el.tag in CLICKABLE or n.el.tag in ("h1", "h2", "h3"):
            continue
        if not (n.el.text and n.el.text.strip()):
            continue
        text = node_text(n.el, max_chars + 1)
        if len(text) > max_chars:
            continue
        value = availability_of(text, max_chars)
        if value:
            found.append((abs(n.order - anchor), value))
    if not found:
        return None
    return min(found)[1]


def _sku(product: Product, page: Page, claims: Claims) -> None:
    """The code the page shows after an SKU label; else structured data's; else a product-code
    input (Amazon's ASIN) or data attribute."""
    text_sku = _labelled_sku(page)
    if text_sku:
        source = next((src for value, src in claims.sku if value == text_sku), "rules")
        product.sku, product.sources["sku"] = text_sku, source
        return
    if claims.sku:
        product.sku, product.sources["sku"] = claims.sku[0]
        return
    rules = compiled_rules().rules
    names = set(rules.sku_inputs)
    for inp in page.root.iter("input"):
        v = (inp.attrib.get("value") or "").strip()
        if (inp.attrib.get("name") in names or inp.attrib.get("id") in names) and 3 <= len(v) <= 40:
            product.sku, product.sources["sku"] = v, "rules"
            return
    for n in page.nodes:
        for a in rules.sku_attributes:
            v = n.el.attrib.get(a)
            if v and 3 <= len(v) <= 40 and "recommendations" not in n.contexts:
                product.sku, product.sources["sku"] = v.strip(), "rules"
                return


def _labelled_sku(page: Page) -> Optional[str]:
    """A code written after an SKU label ("SKU: TEE-001", "Art.-Nr. 123"), in the label's own text,
    its tail or the next element's; the strongest labels (ASIN, SKU) first, anywhere on the page."""
    rules = compiled_rules()
    labelled = [(i, n, quick_fold((n.el.text or "").strip())) for i, n in enumerate(page.nodes)
                if n.el.text and n.el.text.strip() and len(n.el.text) <= 800 and "recommendations" not in n.contexts]
    for regex in (rules.sku_label_first, rules.sku_label):
        for i, n, f in labelled:
            if len(f) > 400:
                continue
            m = regex.search(f)
            if m:
                code = _code_after(page, i, n, f[m.end():])
                if code:
                    return code
    return None


def _code_after(page: Page, i: int, n: Any, rest: str) -> Optional[str]:
    own = (n.el.text or "").strip()
    if len(quick_fold(own)) == len(own):  # same offsets: take the code in its own case
        rest = own[len(own) - len(rest):]
    got = _SKU_TOKEN.match(rest)
    if got and _code_like(got.group(1)):
        return got.group(1).rstrip(".")
    if len(own) > 60:  # prose: only a code written right after the label counts
        return None
    tail = (n.el.tail or "").strip()
    if tail:  # <strong>Product Code - </strong>39139301
        got = _SKU_TOKEN.match(tail)
        return got.group(1).rstrip(".") if got and _code_like(got.group(1)) and len(tail) <= 40 else None
    for nxt in page.nodes[i + 1:i + 6]:  # a table cell, a <span> after the label
        t = node_text(nxt.el, 60)
        if t:
            got = _SKU_TOKEN.match(t)
            if got and _code_like(got.group(1)) and len(t) <= 40:
                return got.group(1).rstrip(".")
            return None
    return None


def _code_like(token: str) -> bool:
    """A product code has a digit, or is upper-case with a separator ("CWB-OLV"), unlike a word."""
    token = token.rstrip(".")
    return any(ch.isdigit() for ch in token) or (token.isupper() and any(ch in "-_/." for ch in token))


def _variants(product: Product, page: Page) -> None:
    """Selects beside the buy button (size, colour) other than quantity, as they stand."""
    if product.add_to_cart is None:
        return
    for sel in page.root.iter("select"):
        name = sel.attrib.get("name", "") or sel.attrib.get("id", "")
        if _QTY.search(name):
            continue
        label = None
        sid = sel.attrib.get("id")
        if sid:
            found = page.root.xpath("//label[@for=$i]", i=sid)
            if found:
                label = " ".join(found[0].text_content().split())
        options = [" ".join(o.text_content().split()) for o in sel.iter("option")]
        options = [o for o in options if o]
        if len(options) < 2:
            continue
        selected = next((" ".join(o.text_content().split()) for o in sel.iter("option") if "selected" in o.attrib), None)
        product.variants.append(Variant(name=label or name or "option", options=options[:50], selected=selected))
