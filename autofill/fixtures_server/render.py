"""Page rendering: a site's template filled from the session's state, then the posted values
written back into their fields, as a real storefront re-renders a step after a failed check."""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from string import Template
from typing import Optional

import lxml.html

from . import logic
from .model import COMMON_DIR, Site, Step, load_sites

COMMON_PREFIX = "/_common"


@dataclass
class SessionState:
    """One shopper on one site: cart, what each step posted, and the order once placed."""

    qty: int = 0
    data: dict[str, str] = field(default_factory=dict)            # every step's posts merged
    posts: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # path -> last post
    order: Optional[dict] = None


def _address_html(addr: dict) -> str:
    lines = [" ".join(x for x in (addr.get("given_name"), addr.get("family_name")) if x),
             addr.get("address_line1"), addr.get("address_line2"),
             " ".join(x for x in (addr.get("city"), addr.get("region")) if x),
             addr.get("postal_code"), addr.get("country")]
    return "<br>".join(html.escape(x) for x in lines if x)


def errors_html(errors: list[str]) -> str:
    if not errors:
        return ""
    items = "".join(f"<li>{html.escape(e)}</li>" for e in errors)
    return f'<div class="errors" role="alert"><ul>{items}</ul></div>'


def context(site: Site, state: SessionState, delay_scale: float, errors: list[str],
            step: Optional[Step] = None) -> dict[str, str]:
    base = f"/{site.site}"
    t = logic.totals(site, state.qty, state.data.get(site.shipping_field))
    preview = logic.build_order(site, state.data, state.qty or 1, t["method"].id, "")
    last4 = preview["card"]["last4"]
    card_summary = f"Card •••• {last4}" if last4 else ""
    ctx = {
        "base": base, "common": COMMON_PREFIX, "site": site.site, "static": f"{base}/static",
        "site_title": site.title, "language": site.language, "currency": site.currency,
        "currency_symbol": site.currency_symbol,
        "product_name": site.product.name, "product_sku": site.product.sku,
        "product_price": f"{site.product.price:.2f}", "product_price_fmt": site.money(site.product.price),
        "stock_class": "available" if site.product.in_stock else "unavailable",
        "stock_text": "In stock" if site.product.in_stock else "Out of stock",
        "product_url": base + next((s.path for s in site.steps if s.kind == "product"), site.start),
        "qty": str(state.qty), "cart_count": str(state.qty),
        "subtotal": f"{t['subtotal']:.2f}", "shipping_price": f"{t['shipping']:.2f}",
        "total": f"{t['total']:.2f}", "shipping_label": t["method"].label,
        "subtotal_fmt": site.money(t["subtotal"]), "shipping_fmt": site.money(t["shipping"]),
        "total_fmt": site.money(t["total"]),
        "errors": errors_html(errors), "error_count": str(len(errors)),
        "ship_summary": _address_html(preview["shipping"]), "bill_summary": _address_html(preview["billing"]),
        "card_summary": html.escape(card_summary),
        "email": html.escape(preview["email"] or ""), "phone": html.escape(state.data.get("phone", "")),
        "order_number": html.escape((state.order or {}).get("order_number", "")),
        "delay_ms": str(int(site.delays.reveal * delay_scale * 1000)),
        "reveal_ms": str(int(site.delays.reveal * delay_scale * 1000)),
        "title": html.escape(step.title if step and step.title else site.title),
    }
    ctx["shop_json"] = shop_json(site, state, ctx)
    return ctx


def shop_json(site: Site, state: SessionState, ctx: dict[str, str]) -> str:
    """`${shop_json}`: what a single-page shop's script needs to start (site, product, money
    style, its steps and views, the order number once placed), safe inside a <script>."""
    data = {
        "site": site.site, "title": site.title, "language": site.language, "base": ctx["base"],
        "api": ctx["base"] + "/api", "currency": site.currency, "currency_symbol": site.currency_symbol,
        "money_format": site.money_format, "decimal_comma": site.decimal_comma,
        "product": {"slug": site.product.slug, "name": site.product.name, "sku": site.product.sku,
                    "price": f"{site.product.price:.2f}", "price_fmt": site.money(site.product.price)},
        "steps": [{"path": s.path, "kind": s.kind, "url": ctx["base"] + s.path,
                   "views": [{"name": v.name, "kind": v.kind, "title": v.title} for v in s.views]}
                  for s in site.steps],
        "qty": state.qty,
        "order_number": (state.order or {}).get("order_number", ""),
        "reveal_ms": int(ctx["reveal_ms"]),
    }
    return json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def card_names(site: Site) -> tuple[set[str], set[str]]:
    """(card-number fields, security-code fields) named in any validation rule of the site."""
    numbers: set[str] = set()
    codes: set[str] = set()
    for rule in site.rules():
        if isinstance(rule.get("card"), str):
            numbers.add(rule["card"])
        numbers.update(rule.get("card_join", []))
        if isinstance(rule.get("cvc"), str):
            codes.add(rule["cvc"])
    return numbers, codes


def secret_names(site: Site) -> set[str]:
    """Fields never echoed back into a page nor kept whole: card numbers and security codes."""
    numbers, codes = card_names(site)
    return numbers | codes


def scrub_card_data(data: dict[str, str], site: Site) -> None:
    """Keep only the last 4 digits of card numbers and drop CVCs: the order needs no more."""
    _, codes = card_names(site)
    for name in codes:
        data.pop(name, None)
    for rule in site.rules():
        parts = [rule["card"]] if isinstance(rule.get("card"), str) else list(rule.get("card_join", []))
        if not parts:
            continue
        digits = "".join(c for p in parts for c in (data.get(p) or "") if c.isdigit())
        for p in parts:
            data.pop(p, None)
        if digits:
            data[parts[-1]] = digits[-4:]


def refill(page: str, posted: dict[str, list[str]], skip: set[str]) -> str:
    """Write posted values back into the fields of `page`, by name (values, selected, checked)."""
    if not posted:
        return page
    doc = lxml.html.document_fromstring(page)
    for el in doc.iter("input", "select", "textarea"):
        name = el.get("name")
        if not name or name in skip:
            continue
        kind = (el.get("type") or "text").lower()
        if kind in ("hidden", "password", "submit", "button", "image", "reset", "file"):
            continue
        values = posted.get(name)
        if el.tag == "input" and kind in ("checkbox", "radio"):
            if values is None and kind == "radio":
                continue
            if el.get("value", "on") in (values or []):
                el.set("checked", "checked")
            elif "checked" in el.attrib:
                del el.attrib["checked"]
            continue
        if values is None:
            continue
        if el.tag == "select":
            el.set("data-value", values[0])  # for scripts that build their options later
            for opt in el.iter("option"):
                if opt.get("value", opt.text_content()) in values:
                    opt.set("selected", "selected")
                elif "selected" in opt.attrib:
                    del opt.attrib["selected"]
        elif el.tag == "textarea":
            el.text = values[0]
        else:
            el.set("value", values[0])
    return lxml.html.tostring(doc, doctype="<!DOCTYPE html>", encoding="unicode", method="html")


def render_template(site: Site, name: str, ctx: dict[str, str]) -> str:
    """A site's template, else the shared one of that name (`common/templates/`, e.g. the shell of
    the single-page shops), inside the site's layout.html when it has one."""
    tdir = site.dir / "templates"
    source = tdir / name if (tdir / name).is_file() else COMMON_DIR / "templates" / name
    body = Template(source.read_text(encoding="utf-8")).safe_substitute(ctx)
    layout = tdir / "layout.html"
    if layout.is_file() and name != "layout.html" and not body.lstrip().lower().startswith("<!doctype"):
        body = Template(layout.read_text(encoding="utf-8")).safe_substitute({**ctx, "content": body})
    return body


def render_page(site: Site, path: str, state: SessionState, delay_scale: float = 0.0,
                errors: Optional[list[str]] = None, posted: Optional[dict[str, list[str]]] = None) -> Optional[str]:
    """The HTML of `path` (relative to the site root) for this session; None if no such page."""
    step = site.step(path)
    template = step.template if step else site.extra_pages.get(path)
    if template is None:
        return None
    page = render_template(site, template, context(site, state, delay_scale, errors or [], step))
    if posted is None and step is not None:
        posted = state.posts.get(path)
    return refill(page, posted or {}, secret_names(site))


def render_static(site: str, path: str) -> str:
    """A page as a typical session sees it (one product in the cart, nothing posted), without a
    server: fixture pages as classifier training data, matched to labels.yaml by selector."""
    found = next((s for s in load_sites() if s.site == site), None)
    if found is None:
        raise KeyError(f"no fixture site {site!r}")
    state = SessionState(qty=1)
    if path == found.steps[-1].path:
        state.order = {"order_number": f"{found.order_prefix}1001"}
    page = render_page(found, path, state)
    if page is None:
        raise KeyError(f"{site}: no page {path!r}")
    return page
