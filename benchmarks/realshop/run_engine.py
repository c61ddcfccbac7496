"""Run an engine checkout on a real shop and show what it did and what the shop's own DB holds after.

    python benchmarks/realshop/run_engine.py SHOP --engine-dir DIR --mode dry-run
    python benchmarks/realshop/run_engine.py SHOP --engine-dir DIR --mode buy --max-total 10
    python benchmarks/realshop/run_engine.py evershop --engine-dir . --mode buy --max-total 1000 --json-out /tmp/evs.json

SHOP is oscar, evershop or shuup (each with its setup script in this folder; the shop must be set
up and started: `bash benchmarks/realshop/<shop>/setup.sh setup && … start`, Oscar:
`setup_oscar.sh`). The runner resets the shop (orders and carts deleted), then runs
`python DIR/cli.py dry-run|buy URL --profile <demo profile> --json` with cwd=DIR, so that
checkout's engine is the one measured (DIR may be another worktree, e.g. the original engine),
then prints the engine's status, reason, total and steps (kind, filled fields, clicked control,
errors) and the order count plus the last order read from the shop's own database.

An order in the DB after a dry run, or after a buy whose maximum is below the total, is flagged
as CRITICAL. Exit status: 0 when the run ended as expected for the mode (dry run: `dry_run`, the
right total read and no order; buy below the total: `blocked` on the right total and no order;
buy: `placed` and exactly one order, of the right total), 1 otherwise. The right totals are in
TRUE_TOTAL (item + the cheaper delivery).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PROFILE = ROOT / "fixtures" / "profiles" / "demo.yaml"

# The right total of the seeded purchase (item + the cheapest delivery): what a buy must not exceed.
TRUE_TOTAL = {"oscar": Decimal("16.45"), "evershop": Decimal("29.00"), "shuup": Decimal("24.80")}

SHOPS = {
    "oscar": ["bash", str(HERE / "setup_oscar.sh")],
    "evershop": ["bash", str(HERE / "evershop" / "setup.sh")],
    "shuup": ["bash", str(HERE / "shuup" / "setup.sh")],
}


def shop(name: str, cmd: str) -> str:
    out = subprocess.run(SHOPS[name] + [cmd], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise SystemExit(f"{name} {cmd} failed: {out.stderr.strip() or out.stdout.strip()}")
    return out.stdout.strip()


def order_count(orders_text: str) -> int:
    for line in orders_text.splitlines():
        line = line.strip()
        if line.lower().startswith("orders:"):
            try:
                return int(line.split(":", 1)[1].split()[0])
            except (ValueError, IndexError):
                pass
    return -1


def summarize(result: dict) -> str:
    lines = [f"status: {result.get('status')}",
             f"reason: {result.get('reason')}",
             f"total: {result.get('total')} {result.get('currency') or ''}".rstrip(),
             f"order_reference: {result.get('order_reference')}"]
    if result.get("elapsed_ms") is not None:
        lines.append(f"engine elapsed: {result['elapsed_ms'] / 1000:.2f} s")
    lines.append("steps:")
    for i, st in enumerate(result.get("steps") or [], 1):
        filled = ", ".join(f"{f['name']}={f['prediction']}:{f['value']!r}" for f in st.get("filled") or [])
        lines.append(f"  {i}. [{st.get('kind')}] {st.get('url')}")
        if filled:
            lines.append(f"       filled: {filled}")
        if st.get("clicked"):
            lines.append(f"       clicked: {st['clicked']!r}")
        if st.get("errors"):
            lines.append(f"       errors: {st['errors']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shop", choices=sorted(SHOPS))
    ap.add_argument("--engine-dir", type=Path, default=ROOT, help="checkout whose cli.py is run (default: this one)")
    ap.add_argument("--mode", choices=("dry-run", "buy"), required=True)
    ap.add_argument("--max-total", default=None, help="buy: the maximum (required for buy)")
    ap.add_argument("--profile", type=Path, default=PROFILE)
    ap.add_argument("--timeout", type=float, default=None, help="the engine's --timeout")
    ap.add_argument("--no-reset", action="store_true", help="keep the shop's orders and carts")
    ap.add_argument("--screenshots", type=Path, default=None, help="the engine's --screenshots DIR")
    ap.add_argument("--json-out", type=Path, default=None, help="also save the engine's JSON here")
    args = ap.parse_args(argv)
    if args.mode == "buy" and args.max_total is None:
        ap.error("--mode buy needs --max-total")

    engine = args.engine_dir.resolve()
    url = shop(args.shop, "url").splitlines()[-1]
    if not args.no_reset:
        shop(args.shop, "reset")
    before = order_count(shop(args.shop, "orders"))

    cmd = [sys.executable, str(engine / "cli.py"), args.mode, url, "--profile", str(args.profile.resolve()), "--json"]
    if args.mode == "buy":
        cmd += ["--max-total", str(args.max_total)]
    if args.timeout:
        cmd += ["--timeout", str(args.timeout)]
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
        cmd += ["--screenshots", str(args.screenshots.resolve())]
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    print(f"$ (cd {engine} && {' '.join(cmd[1:])})")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=engine, capture_output=True, text=True, env=env, timeout=900)
    wall = time.perf_counter() - t0
    print(f"exit code {proc.returncode}, wall {wall:.1f} s")
    result = None
    try:
        result = json.loads(proc.stdout)
    except json.JSONDecodeError:
        start = proc.stdout.find("{")
        if start >= 0:
            try:
                result = json.loads(proc.stdout[start:])
            except json.JSONDecodeError:
                result = None
    if result is None:
        print("engine output (not JSON):")
        print(proc.stdout[-3000:])
        print(proc.stderr[-3000:])
    else:
        print(summarize(result))
        if args.json_out:
            args.json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    orders_text = shop(args.shop, "orders")
    after = order_count(orders_text)
    print(f"shop DB ({args.shop}): {orders_text}")
    new = after - before if before >= 0 and after >= 0 else None
    status = (result or {}).get("status")

    total = None
    try:
        total = Decimal(str((result or {}).get("total"))) if (result or {}).get("total") else None
    except InvalidOperation:
        total = None
    below = False
    if args.mode == "buy":
        try:
            below = Decimal(str(args.max_total).split()[0]) < TRUE_TOTAL[args.shop]
        except InvalidOperation:
            below = False
    if total is not None and total != TRUE_TOTAL[args.shop]:
        print(f"NOTE: the engine read the total as {total}; the right total is {TRUE_TOTAL[args.shop]}")
    ok = True
    if args.mode == "dry-run":
        if new:
            print(f"CRITICAL: the dry run placed {new} order(s) in the shop's DB")
        # The right total on the final step stands for "the walk got the order right" (delivery chosen,
        # address complete): a dry run that stops on a wrong total has not shown that a buy would work.
        ok = status == "dry_run" and new == 0 and total == TRUE_TOTAL[args.shop]
    elif below or status == "blocked":
        if new:
            print(f"CRITICAL: {new} order(s) placed although the maximum {args.max_total} is below the total")
        ok = status == "blocked" and new == 0 and total == TRUE_TOTAL[args.shop]
    else:
        if new and status != "placed":
            print(f"CRITICAL: {new} order(s) in the shop's DB but the engine reported {status!r}")
        if new and new > 1:
            print(f"CRITICAL: {new} orders placed (double order)")
        ok = status == "placed" and new == 1
        m = re.search(r"total=([0-9.]+)", orders_text)
        if new and m and Decimal(m.group(1)) != TRUE_TOTAL[args.shop]:
            print(f"WRONG ORDER: its total is {m.group(1)}, the right total is {TRUE_TOTAL[args.shop]}")
            ok = False
    print("verdict:", "as expected" if ok else "NOT as expected")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
