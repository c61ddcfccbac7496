"""Whole-flow purchase time on the fixture shops, engine vs hand-written Selenium scripts.

What is timed, for both alike: browser start → product page → … → confirmation page showing the
order number → browser quit. The engine runs `Engine().purchase(start_url, demo profile,
dry_run=False, max_total=1000)`; the hand-written scripts are site-specific, as a person would
write them (ids and names read from the site's templates, `send_keys`, clicks, WebDriverWait),
and use the same `autofill.flow.browser.browser()` session (same Chromium, same flags).

The fixture server runs with the sites' own delays (`--delay-scale 1`, the default) and is reset
before every round, so each run starts with an empty cart and no orders; after each run the
benchmark checks that exactly one order was recorded, so a fast run that bought nothing is never
counted as fast. Rounds alternate which side goes first on the sites that have both.

    python benchmarks/flow_speed.py                       # all sites, 3 rounds
    python benchmarks/flow_speed.py --rounds 5 --sites shopify-like magento-like
    python benchmarks/flow_speed.py --delay-scale 0 --steps   # also print where engine time goes
    python benchmarks/flow_speed.py --cprofile /tmp/flow.prof --sites magento-like --rounds 1

`--steps` prints, for each site's last engine run, the time between the walk's progress messages
(page read, fills, presses), which is where to look when the engine is the slower side.
"""
from __future__ import annotations

import argparse
import cProfile
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autofill.engine import Engine  # noqa: E402
from autofill.fill.profile import Profile  # noqa: E402
from autofill.fixtures_server import FixtureServer  # noqa: E402
from autofill.flow.browser import browser  # noqa: E402

PROFILE = ROOT / "fixtures" / "profiles" / "demo.yaml"
WAIT = 30  # seconds any one element may take to appear in a hand-written script


# --- hand-written, site-specific scripts ---------------------------------------------------
def _hand_shopify(url: str, p: Profile) -> str:
    """Northwind Tees: product → cart → one-page checkout (card fields in an iframe) → review."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    s, card = p.shipping, p.card
    with browser() as d:
        wait = WebDriverWait(d, WAIT)
        d.get(url)
        d.find_element(By.NAME, "add").click()
        wait.until(EC.element_to_be_clickable((By.ID, "checkout"))).click()
        wait.until(EC.presence_of_element_located((By.ID, "email"))).send_keys(p.email)
        Select(d.find_element(By.ID, "country")).select_by_value("United Kingdom")
        d.find_element(By.ID, "firstName").send_keys(s.given_name)
        d.find_element(By.ID, "lastName").send_keys(s.family_name)
        d.find_element(By.ID, "address1").send_keys(s.address_line1)
        d.find_element(By.ID, "address2").send_keys(s.address_line2 or "")
        d.find_element(By.ID, "city").send_keys(s.city)
        d.find_element(By.ID, "province").send_keys(s.region or "")
        d.find_element(By.ID, "postalCode").send_keys(s.postal_code)
        d.find_element(By.ID, "phone").send_keys(p.phone or "")
        wait.until(EC.frame_to_be_available_and_switch_to_it((By.ID, "card-frame")))
        wait.until(EC.presence_of_element_located((By.ID, "number"))).send_keys(card.number.get_secret_value())
        d.find_element(By.ID, "name").send_keys(card.name)
        d.find_element(By.ID, "expiry").send_keys(f"{card.exp_month:02d} / {card.exp_year % 100:02d}")
        d.find_element(By.ID, "verification_value").send_keys(card.csc.get_secret_value())
        d.switch_to.default_content()
        d.find_element(By.ID, "continue").click()
        wait.until(EC.element_to_be_clickable((By.ID, "place-order"))).click()
        return WebDriverWait(d, 60).until(EC.visibility_of_element_located((By.ID, "order-number"))).text


def _hand_magento(url: str, p: Profile) -> str:
    """Luma Outfitters: product → cart → guest login → shipping address → method → payment → review."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    s, card = p.shipping, p.card
    with browser() as d:
        wait = WebDriverWait(d, WAIT)
        d.get(url)
        d.find_element(By.ID, "product-addtocart-button").click()
        wait.until(EC.element_to_be_clickable((By.ID, "top-cart-btn-checkout"))).click()
        wait.until(EC.element_to_be_clickable((By.ID, "guest-checkout"))).click()
        wait.until(EC.presence_of_element_located((By.ID, "customer-email"))).send_keys(p.email)
        d.find_element(By.ID, "firstname").send_keys(s.given_name)
        d.find_element(By.ID, "lastname").send_keys(s.family_name)
        d.find_element(By.ID, "street0").send_keys(s.address_line1)
        d.find_element(By.ID, "street1").send_keys(s.address_line2 or "")
        Select(d.find_element(By.ID, "country_id")).select_by_value(s.country)
        # regions.js rebuilds the region list on the change event: wait for the county to be there.
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"#region_id option[value='{s.region}']")))
        Select(d.find_element(By.ID, "region_id")).select_by_value(s.region)
        d.find_element(By.ID, "city").send_keys(s.city)
        d.find_element(By.ID, "postcode").send_keys(s.postal_code)
        d.find_element(By.ID, "telephone").send_keys(p.phone or "")
        d.find_element(By.ID, "shipping-next").click()
        wait.until(EC.element_to_be_clickable((By.ID, "s_method_flatrate_flatrate"))).click()
        d.find_element(By.ID, "shipping-method-next").click()
        wait.until(EC.presence_of_element_located((By.ID, "cc_owner"))).send_keys(card.name)
        Select(d.find_element(By.ID, "cc_type")).select_by_value("VI")
        d.find_element(By.ID, "cc_number").send_keys(card.number.get_secret_value())
        Select(d.find_element(By.ID, "cc_exp_month")).select_by_value(str(card.exp_month))
        Select(d.find_element(By.ID, "cc_exp_year")).select_by_value(str(card.exp_year))
        d.find_element(By.ID, "cc_cid").send_keys(card.csc.get_secret_value())
        d.find_element(By.ID, "payment-next").click()
        wait.until(EC.element_to_be_clickable((By.ID, "place-order-trigger"))).click()
        return WebDriverWait(d, 60).until(EC.visibility_of_element_located((By.ID, "order-number"))).text


HANDWRITTEN: dict[str, Callable[[str, Profile], str]] = {
    "shopify-like": _hand_shopify,
    "magento-like": _hand_magento,
}


# --- one timed run ------------------------------------------------------------------------
class Run:
    """One timed flow: seconds, whether exactly one order was recorded, the engine's step trace."""

    def __init__(self, seconds: float, ok: bool, note: str = "", trace: Optional[list[tuple[float, str]]] = None) -> None:
        self.seconds, self.ok, self.note, self.trace = seconds, ok, note, trace or []


def run_engine(engine: Engine, srv: FixtureServer, site: str, profile: Profile,
               prof: Optional[cProfile.Profile] = None) -> Run:
    srv.reset()
    trace: list[tuple[float, str]] = []
    t0 = time.perf_counter()

    def progress(msg: str) -> None:
        trace.append((time.perf_counter() - t0, msg))

    if prof:
        prof.enable()
    try:
        result = engine.purchase(srv.start_url(site), profile, dry_run=False, max_total=Decimal("1000"),
                                 timeout=120.0, progress=progress)
    finally:
        if prof:
            prof.disable()
    seconds = time.perf_counter() - t0
    n = len(srv.orders(site))
    ok = result.status == "placed" and n == 1
    note = "" if ok else f"{result.status}: {result.reason or ''} (orders: {n})"
    return Run(seconds, ok, note, trace)


def run_hand(srv: FixtureServer, site: str, profile: Profile) -> Run:
    srv.reset()
    t0 = time.perf_counter()
    try:
        number = HANDWRITTEN[site](srv.start_url(site), profile)
        note = ""
    except Exception as exc:  # a broken script is reported, never counted as a time
        number, note = "", f"{exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    seconds = time.perf_counter() - t0
    n = len(srv.orders(site))
    ok = bool(number) and n == 1
    return Run(seconds, ok, note if not ok else "", None)


# --- reporting ----------------------------------------------------------------------------
def _median(runs: list[Run]) -> Optional[float]:
    good = [r.seconds for r in runs if r.ok]
    return statistics.median(good) if good else None


def _fmt(x: Optional[float]) -> str:
    return f"{x:8.2f}" if x is not None else "    fail"


def print_steps(site: str, trace: list[tuple[float, str]]) -> None:
    print(f"\n{site}: engine progress (s since start, gap to previous message)")
    prev = 0.0
    for t, msg in trace:
        print(f"  {t:7.2f}  +{t - prev:5.2f}  {msg.strip()[:90]}")
        prev = t


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--delay-scale", type=float, default=1.0, help="Multiply the sites' delays (default 1: full).")
    ap.add_argument("--sites", nargs="*", default=None, help="Fixture sites (default: all).")
    ap.add_argument("--steps", action="store_true", help="Print the engine's per-step timeline for each site.")
    ap.add_argument("--cprofile", default=None, metavar="FILE", help="cProfile the engine runs into FILE.")
    args = ap.parse_args(argv)

    profile = Profile.load(PROFILE)
    engine = Engine()
    _ = engine.classifier  # rules and model load once, outside the timings (a service keeps them loaded)
    prof = cProfile.Profile() if args.cprofile else None
    eng: dict[str, list[Run]] = {}
    hand: dict[str, list[Run]] = {}
    with FixtureServer(port=0, delay_scale=args.delay_scale) as srv:
        sites = args.sites or [s.site for s in srv.sites]
        for rnd in range(args.rounds):
            for site in sites:
                order = ["engine", "hand"] if rnd % 2 == 0 else ["hand", "engine"]
                for side in order:
                    if side == "hand":
                        if site not in HANDWRITTEN:
                            continue
                        r = run_hand(srv, site, profile)
                        hand.setdefault(site, []).append(r)
                    else:
                        r = run_engine(engine, srv, site, profile, prof)
                        eng.setdefault(site, []).append(r)
                    print(f"round {rnd + 1} {site:<18} {side:<6} {r.seconds:6.2f} s {'ok' if r.ok else 'FAIL ' + r.note}",
                          file=sys.stderr, flush=True)

    print(f"\nWhole-flow time, browser start to confirmation, median of {args.rounds} rounds, delay scale {args.delay_scale:g}")
    print(f"{'site':<18} {'engine s':>8} {'hand s':>8} {'ratio':>6}  notes")
    for site in sites:
        e, h = _median(eng.get(site, [])), _median(hand.get(site, [])) if site in hand else None
        ratio = f"{e / h:6.2f}" if e and h else "     -"
        fails = [r.note for r in eng.get(site, []) + hand.get(site, []) if not r.ok]
        note = f"{len(fails)} failed run(s): {fails[0]}" if fails else ""
        print(f"{site:<18} {_fmt(e)} {_fmt(h) if site in hand else '       -'} {ratio}  {note}")
    if args.steps:
        for site in sites:
            if eng.get(site):
                print_steps(site, eng[site][-1].trace)
    if prof:
        prof.dump_stats(args.cprofile)
        print(f"\ncProfile of the engine runs written to {args.cprofile} "
              f"(python -m pstats {args.cprofile}; sort cumtime; stats 30)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
