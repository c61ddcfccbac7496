"""Engine `buy` vs the hand-written script on the local Oscar shop, alternating, browser start included.

Each run starts from an empty DB of orders (setup_oscar.sh reset) and must end with exactly one
order in Oscar's DB, or it is reported as failed instead of timed.

    bash benchmarks/realshop/setup_oscar.sh setup && OSCAR_CARD_FORM=nostart bash benchmarks/realshop/setup_oscar.sh start
    python benchmarks/realshop/time_oscar.py --rounds 3
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from autofill.engine import Engine  # noqa: E402
from autofill.fill.profile import Profile  # noqa: E402
import handwritten  # noqa: E402

SETUP = HERE / "setup_oscar.sh"


def orders() -> int:
    out = subprocess.run(["bash", str(SETUP), "orders"], capture_output=True, text=True, check=True).stdout
    return int(out.split("orders:")[1].split()[0])


def reset() -> None:
    subprocess.run(["bash", str(SETUP), "reset"], capture_output=True, check=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--url", default="http://127.0.0.1:8765/catalogue/oscar-test-mug_1/")
    args = ap.parse_args()
    profile = Profile.load(ROOT / "fixtures" / "profiles" / "demo.yaml")
    engine = Engine()
    _ = engine.classifier  # loaded once, as a service keeps it
    times: dict[str, list[float]] = {"engine": [], "hand": []}
    for rnd in range(args.rounds):
        for side in (("engine", "hand") if rnd % 2 == 0 else ("hand", "engine")):
            reset()
            t0 = time.perf_counter()
            if side == "engine":
                r = engine.purchase(args.url, profile, dry_run=False, max_total=Decimal("1000"), timeout=120)
                note = f"{r.status} {r.reason or ''}"
            else:
                try:
                    note = "order " + handwritten.buy(args.url, profile)
                except Exception as exc:
                    note = f"failed {exc.__class__.__name__}"
            dt = time.perf_counter() - t0
            n = orders()
            ok = n == 1
            print(f"round {rnd + 1} {side:<6} {dt:6.2f} s  orders={n} {note}", flush=True)
            if ok:
                times[side].append(dt)
    e = statistics.median(times["engine"]) if times["engine"] else None
    h = statistics.median(times["hand"]) if times["hand"] else None
    print(f"\nOscar, median of {args.rounds}: engine {e and f'{e:.2f}'} s, hand-written {h and f'{h:.2f}'} s, "
          f"ratio {f'{e / h:.2f}' if e and h else '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
