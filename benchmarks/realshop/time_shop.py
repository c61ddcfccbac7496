"""Time a real shop's purchase: the hand-written script against the engine, as whole processes.

    python benchmarks/realshop/time_shop.py evershop --rounds 3                 # hand-written only
    python benchmarks/realshop/time_shop.py shuup --rounds 3 --engine-dir .     # and the engine's `buy`

Each run starts from a reset shop and is checked for exactly one new order in the shop's own DB.
Engine and hand-written runs alternate (which goes first changes every round), each is a fresh
process (`python handwritten.py URL` / `python DIR/cli.py buy URL --max-total 1000 --json`, with
cwd=DIR), so the figures include Python start-up and browser start. Prints each run and the medians.
For Oscar, `time_oscar.py` times both in one process instead.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_engine import PROFILE, ROOT, order_count, shop  # noqa: E402

HANDWRITTEN = {"evershop": HERE / "evershop" / "handwritten.py", "shuup": HERE / "shuup" / "handwritten.py",
               "oscar": HERE / "handwritten.py"}


def run(kind: str, name: str, url: str, engine: Path | None) -> tuple[float, str, int]:
    shop(name, "reset")
    if kind == "hand":
        cmd, cwd = [sys.executable, str(HANDWRITTEN[name]), url], ROOT
    else:
        cmd = [sys.executable, str(engine / "cli.py"), "buy", url, "--profile", str(PROFILE),
               "--max-total", "1000", "--json"]
        cwd = engine
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - t0
    if kind == "hand":
        note = (proc.stdout.strip().splitlines() or ["(no output)"])[-1] if proc.returncode == 0 else \
            f"exit {proc.returncode}: {(proc.stderr.strip().splitlines() or [''])[-1][:120]}"
    else:
        try:
            r = json.loads(proc.stdout)
            note = f"{r.get('status')} {r.get('order_reference') or r.get('reason') or ''}".strip()
        except json.JSONDecodeError:
            note = f"exit {proc.returncode}, no JSON"
    return wall, note, order_count(shop(name, "orders"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shop", choices=sorted(HANDWRITTEN))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--engine-dir", type=Path, default=None, help="also time this checkout's engine")
    args = ap.parse_args(argv)
    url = shop(args.shop, "url").splitlines()[-1]
    engine = args.engine_dir.resolve() if args.engine_dir else None
    times: dict[str, list[float]] = {"hand": [], "engine": []}
    for i in range(1, args.rounds + 1):
        kinds = ["hand"] if engine is None else (["engine", "hand"] if i % 2 else ["hand", "engine"])
        for kind in kinds:
            wall, note, orders = run(kind, args.shop, url, engine)
            ok = orders == 1
            print(f"round {i} {kind:6s} {wall:6.2f} s  orders={orders}  {note}")
            if ok:
                times[kind].append(wall)
    hand = statistics.median(times["hand"]) if times["hand"] else None
    line = f"{args.shop}, median of {args.rounds}: hand-written {hand:.2f} s" if hand else f"{args.shop}: no good hand-written run"
    if engine is not None:
        eng = statistics.median(times["engine"]) if times["engine"] else None
        line += f", engine {eng:.2f} s, ratio {eng / hand:.2f}" if eng and hand else ", engine: no run placed exactly one order"
    print(line)
    shop(args.shop, "reset")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
