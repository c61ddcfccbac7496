"""Flows per minute at several concurrencies, locally or through a Selenium Grid, with CPU use.

Every round runs the same jobs — one `buy` (maximum 1000) on each fixture shop, with the shops'
own delays unless `--delay-scale` says otherwise — through `Engine.purchase_many` at one
concurrency, from a reset server, and checks that every shop recorded exactly one order (a fast
round that bought nothing is not counted as fast). The machine's CPU use over the round comes from
/proc/stat, so the table shows where more sessions stop helping and why: on a 2-core machine each
Chromium (renderer, GPU-less compositor, browser process) keeps about a core busy while it lays
out and runs a page, and the walk's own Python is small beside it.

    python benchmarks/batch_throughput.py                                  # concurrency 1 2 4 8, local
    python benchmarks/batch_throughput.py --concurrency 1 2 --sites shopify-like oxid-de
    python benchmarks/batch_throughput.py --grid                           # also through a Selenium Grid started here
    python benchmarks/batch_throughput.py --remote http://127.0.0.1:4444   # through a Grid you run
"""
from __future__ import annotations

import argparse
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the Grid launcher the tests use

from autofill import Engine  # noqa: E402
from autofill.core.paths import DEMO_PROFILE  # noqa: E402
from autofill.fill.profile import Profile  # noqa: E402
from autofill.fixtures_server import FixtureServer, load_sites  # noqa: E402

PENDING = {"react-headlessui", "react-select", "react-radix"}  # engine cases still xfail (tests/engine_pending.py)


def cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies of all cores since boot."""
    fields = [float(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)
    return sum(fields) - idle, sum(fields)


def one_round(engine: Engine, srv: FixtureServer, sites: list[str], concurrency: int, remote: Optional[str],
              profile: Profile) -> dict:
    srv.reset()
    jobs = [{"url": srv.start_url(s), "profile": profile, "mode": "buy", "max_total": "1000"} for s in sites]
    b0, t0 = cpu_times()
    start = time.monotonic()
    results = list(engine.purchase_many(jobs, concurrency=concurrency, remote=remote, timeout=120))
    wall = time.monotonic() - start
    b1, t1 = cpu_times()
    placed = sum(1 for _, r in results if r.status == "placed")
    orders = {s: len(srv.orders(s)) for s in sites}
    return {"wall": wall, "placed": placed, "exact": all(n == 1 for n in orders.values()),
            "cpu": 100.0 * (b1 - b0) / max(1.0, t1 - t0), "per_min": 60.0 * placed / wall,
            "retried": sum(1 for _, r in results if r.attempts > 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4, 8])
    ap.add_argument("--sites", nargs="+", default=None, help="fixture shops (default: every one the engine completes)")
    ap.add_argument("--delay-scale", type=float, default=1.0)
    ap.add_argument("--remote", default=None, help="a Selenium Grid to run through")
    ap.add_argument("--grid", action="store_true", help="start a Selenium Grid here (slots = the largest concurrency)")
    args = ap.parse_args()
    engine = Engine()
    profile = Profile.load(DEMO_PROFILE)
    sites = args.sites or [s.site for s in load_sites() if s.site not in PENDING]
    targets: list[tuple[str, object]] = [("local", nullcontext(None))]
    if args.remote:
        targets = [("remote", nullcontext(args.remote))]
    elif args.grid:
        from gridserver import selenium_grid

        targets.append(("grid", selenium_grid(slots=max(args.concurrency))))
    print(f"{len(sites)} buys a round (one per fixture shop), delay scale {args.delay_scale:g}")
    print(f"{'where':7s} {'conc':>4s} {'wall s':>8s} {'flows/min':>10s} {'vs 1':>6s} {'CPU %':>6s} {'placed':>7s} {'retried':>8s}")
    with FixtureServer(port=0, delay_scale=args.delay_scale) as srv:
        for where, ctx in targets:
            with ctx as remote:
                base = None
                for c in args.concurrency:
                    r = one_round(engine, srv, sites, c, remote, profile)
                    base = base or r["per_min"]
                    mark = "" if r["exact"] else "  NOT exactly one order per shop"
                    print(f"{where:7s} {c:4d} {r['wall']:8.1f} {r['per_min']:10.1f} {r['per_min'] / base:6.2f} "
                          f"{r['cpu']:6.0f} {r['placed']:4d}/{len(sites):<2d} {r['retried']:8d}{mark}", flush=True)


if __name__ == "__main__":
    main()
