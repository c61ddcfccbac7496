"""One tracking round: visit every watched page once, store what it shows, say what changed.

Pages are read like `autofill product` reads them (a real browser, the same extractor), several at
once from one pool of browser sessions. Each visit is compared with the last visit that read a
price: a price change, a change of availability, and an alert when the price is at or under the
watch's threshold — raised once when it gets there, not again on every round it stays there — or
when a product that was out of stock is back.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Callable, Optional

from pydantic import BaseModel

from ..errors import AutofillError, first_line
from .store import Store, Visit, Watch, iso, now


class VisitReport(BaseModel):
    """What `track run` prints for one page (one JSON line with `--json`)."""

    url: str
    ok: bool
    at: str
    title: Optional[str] = None
    price: Optional[str] = None
    currency: Optional[str] = None
    availability: Optional[str] = None
    previous_price: Optional[str] = None
    previous_availability: Optional[str] = None
    price_change: Optional[str] = None  # signed, in the page's currency: "-2.00"
    availability_change: bool = False
    alert: bool = False
    alert_reason: Optional[str] = None  # "price" (at or under `below`) or "back in stock"
    below: Optional[str] = None
    reason: Optional[str] = None


def read_page(engine, driver, url: str, timeout: float) -> Visit:
    """A Visit (not yet stored) for what `url` shows now; a failure is a Visit with its reason."""
    at = now()
    try:
        product = engine.product_in(driver, url, timeout=timeout)
    except AutofillError as exc:
        return Visit(at=at, ok=False, reason=first_line(str(exc), 300))
    if product is None:
        return Visit(at=at, ok=False, reason="no product found on the page")
    return Visit(at=at, ok=True, price=Decimal(product.price) if product.price else None,
                 currency=product.currency, availability=product.availability,
                 title=(product.title or "")[:512] or None)


def compare(watch: Watch, visit: Visit, previous: Optional[Visit]) -> VisitReport:
    """The report of `visit` against the last good one before it."""
    rep = VisitReport(url=watch.url, ok=visit.ok, at=iso(visit.at), title=visit.title,
                      price=_s(visit.price), currency=visit.currency, availability=visit.availability,
                      below=_s(watch.below), reason=visit.reason)
    if previous is not None:
        rep.previous_price, rep.previous_availability = _s(previous.price), previous.availability
    if not visit.ok:
        return rep
    same_currency = previous is not None and (previous.currency or "") == (visit.currency or "")
    if previous is not None and previous.price is not None and visit.price is not None and same_currency \
            and previous.price != visit.price:
        rep.price_change = f"{visit.price - previous.price:+.2f}"
    rep.availability_change = previous is not None and bool(visit.availability) and \
        previous.availability != visit.availability
    if _under(watch, visit) and not (previous is not None and _under(watch, previous)):
        rep.alert, rep.alert_reason = True, "price"
    elif previous is not None and previous.availability == "OutOfStock" and visit.availability == "InStock":
        rep.alert, rep.alert_reason = True, "back in stock"
    return rep


def _under(watch: Watch, visit: Visit) -> bool:
    """At or under the threshold, in the threshold's currency when it names one."""
    if watch.below is None or visit.price is None:
        return False
    if watch.below_currency and visit.currency != watch.below_currency:
        return False
    return visit.price <= watch.below


def _s(v: Optional[Decimal]) -> Optional[str]:
    return None if v is None else f"{v:.2f}"


def run_tracking(engine, store: Store, *, concurrency: int = 1, remote: Optional[str] = None,
                 timeout: float = 30.0, on_report: Optional[Callable[[VisitReport], None]] = None) -> list[VisitReport]:
    """Visit every watched page once, at most `concurrency` at a time; reports in finishing order.

    Visits are stored by this thread as they come back, so a round interrupted half-way keeps
    what it read."""
    from ..flow.pool import BrowserPool

    watches = store.watches()
    if not watches:
        return []
    reports: list[VisitReport] = []
    with BrowserPool(min(concurrency, len(watches)), remote=remote, timeout=timeout) as pool:
        work = lambda driver, w: read_page(engine, driver, w.url, timeout)  # noqa: E731
        for watch, visit, exc in pool.map(work, watches):
            if visit is None:  # the session itself failed (could not start, died mid-visit)
                visit = Visit(at=now(), ok=False, reason=first_line(f"{exc.__class__.__name__}: {exc}", 300))
            previous = store.last_ok(watch)
            visit.watch_id = watch.id
            store.record(visit)
            rep = compare(watch, visit, previous)
            reports.append(rep)
            if on_report:
                on_report(rep)
    return reports
