"""The JSON API of single-page fixture shops (fixtures/README.md, "Single-page shops").

A script-built shop talks to the same session, cart, validation and order logic as the form
sites, through `/<site>/api/...` instead of form POSTs: its steps behind one URL are site.yaml
`views`, each saved with its own validation rules; the order is still built by
`logic.build_order` and recorded once per session. Every function takes the world's lock held
by the caller and returns (HTTP status, JSON body, seconds to sleep after releasing the lock).
"""
from __future__ import annotations

from typing import Any, Mapping

from . import logic
from .model import Site
from .render import SessionState, scrub_card_data, secret_names

NO_DELAY = 0.0


def shipping_offered(site: Site, state: SessionState) -> bool:
    """Delivery methods are offered once every `shipping_methods_after` field is saved."""
    return all((state.data.get(name) or "").strip() for name in site.shipping_methods_after)


def snapshot(site: Site, state: SessionState) -> dict[str, Any]:
    """`GET /<site>/api/state`: cart, totals, methods on offer, saved values (no secrets), order."""
    t = logic.totals(site, state.qty, state.data.get(site.shipping_field))
    offered = shipping_offered(site, state)
    methods = [{"id": m.id, "label": m.label, "price": f"{m.price:.2f}", "price_fmt": site.money(m.price)}
               for m in site.shipping_methods] if offered else []
    secrets = secret_names(site)
    return {
        "qty": state.qty,
        "subtotal": f"{t['subtotal']:.2f}", "subtotal_fmt": site.money(t["subtotal"]),
        "shipping": f"{t['shipping']:.2f}" if offered else None,
        "shipping_fmt": site.money(t["shipping"]) if offered else None,
        "total": f"{t['total']:.2f}" if offered else f"{t['subtotal']:.2f}",
        "total_fmt": site.money(t["total"] if offered else t["subtotal"]),
        "shipping_method": t["method"].id if offered else None,
        "shipping_methods": methods,
        "data": {k: v for k, v in state.data.items() if k not in secrets},
        "order_number": (state.order or {}).get("order_number", ""),
    }


def cart(site: Site, state: SessionState, body: Mapping[str, Any]) -> tuple[int, dict, float]:
    """`POST /<site>/api/cart` {"qty": n, "mode": "add" | "set"}: add the product or set the quantity."""
    try:
        qty = max(0, min(99, int(body.get("qty", 1))))
    except (TypeError, ValueError):
        return 400, {"ok": False, "errors": ["Enter a quantity."]}, NO_DELAY
    state.qty = state.qty + qty if body.get("mode", "add") == "add" else qty
    return 200, {"ok": True, **snapshot(site, state)}, NO_DELAY


def save_view(world, site: Site, state: SessionState, name: str, body: Mapping[str, Any]
              ) -> tuple[int, dict, float]:
    """`POST /<site>/api/checkout/<view>` {field: value}: validate the view's rules over the saved
    data merged with this post; on success merge it (card numbers cut to last 4, CVCs dropped) and,
    for the `place_order` view, build and record the order once per session."""
    found = site.view(name)
    if found is None:
        return 404, {"ok": False, "errors": [f"no step {name!r}"]}, NO_DELAY
    step, view = found
    save_delay = site.delays.save * world.delay_scale
    if view.place_order and state.order is not None:  # once per session: the same confirmation
        return 200, {"ok": True, "next": _next_url(site, step.path), **snapshot(site, state)}, NO_DELAY
    if state.qty <= 0 and state.order is None:
        return 409, {"ok": False, "errors": ["Your cart is empty."]}, NO_DELAY
    posted = {str(k): "" if v is None else str(v) for k, v in body.items() if not isinstance(v, (dict, list))}
    key = f"{step.path}#{view.name}"
    previous = state.posts.get(key, {})
    data = {k: v for k, v in state.data.items() if k not in previous}
    data.update(posted)
    errors = logic.validate(site, view, data)
    if errors:
        return 422, {"ok": False, "errors": errors}, save_delay
    scrub_card_data(data, site)
    state.data = data
    state.posts[key] = {k: [v] for k, v in posted.items() if k not in secret_names(site)}
    if not view.place_order:
        return 200, {"ok": True, **snapshot(site, state)}, save_delay
    state.order = logic.build_order(site, data, max(state.qty, 1), data.get(site.shipping_field, ""),
                                    world.next_number(site))
    world.orders[site.site].append(state.order)
    return 200, {"ok": True, "next": _next_url(site, step.path), **snapshot(site, state)}, \
        save_delay + site.delays.place_order * world.delay_scale


def _next_url(site: Site, path: str) -> str:
    idx = site.step_index(path)
    nxt = site.steps[idx + 1].path if idx + 1 < len(site.steps) else path
    return f"/{site.site}{nxt}"
