"""Which frames may receive card data.

The rule (docs/security.md): card data goes into the top page's own documents, and into a
cross-origin frame only when the top page itself embedded that frame for payments — the
<iframe> is visible, declares a payment purpose (`allow="payment"`, or a payment/card word in
its title, name, id or src), and every field inside it is a card field. A frame asking for
anything else (an email, an address) or hidden, or nested inside another cross-origin frame,
gets no card data. Nothing card-related is filled at all when the top page is not a secure
context (plain http off loopback), where anyone on the network could read it.
"""
from __future__ import annotations

import re
from typing import Sequence

from ..page.live import LivePage

_PAYMENT = re.compile(r"(pay|card|cc[-_ ]?|credit|cvc|cvv|expir|secure[-_ ]?field|hosted[-_ ]?field|checkout|stripe|"
                      r"braintree|adyen|paypal|square|worldpay|klarna|mollie)", re.I)


def card_origins(page: LivePage, pairs: Sequence) -> list[str]:
    if not page.secure:
        return []
    by_frame: dict[tuple[int, ...], list[str]] = {}
    visible: dict[tuple[int, ...], bool] = {}
    for desc, field in pairs:
        key = tuple(desc.frame)
        by_frame.setdefault(key, []).append(field.prediction)
        visible[key] = visible.get(key, False) or desc.visible
    allowed: list[str] = []
    for fr in page.frames:
        if fr.origin == page.origin or not fr.path:
            continue
        # Only frames the top page embedded directly: path of length one.
        if len(fr.path) != 1:
            continue
        attrs = fr.iframe or {}
        declared = "payment" in (attrs.get("allow") or "") or any(
            _PAYMENT.search(attrs.get(k) or "") for k in ("title", "name", "id", "src", "class"))
        types = by_frame.get(tuple(fr.path), [])
        only_card = bool(types) and all(t.startswith("cc-") or t == "unknown" for t in types) and any(t.startswith("cc-") for t in types)
        if declared and only_card and visible.get(tuple(fr.path), False) and fr.origin not in allowed and fr.origin != "null":
            allowed.append(fr.origin)
    return allowed


def payment_frame_present(page: LivePage) -> bool:
    """A frame the top page embedded for payments (a card widget), whether or not its fields are readable."""
    for fr in page.frames:
        if len(fr.path) != 1:
            continue
        attrs = fr.iframe or {}
        if "payment" in (attrs.get("allow") or "") or any(_PAYMENT.search(attrs.get(k) or "") for k in ("title", "name", "id", "src")):
            return True
    return False
