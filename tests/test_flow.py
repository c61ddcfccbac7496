"""The purchase walk on every fixture shop, in real headless Chromium, with no site-specific code.

Dry run: the flow reaches the final step and the server records nothing. Buy: the server records
exactly one order, equal to the site's `expected_order` for the demo profile.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from autofill.fill.profile import DEMO_PROFILE
from autofill.fixtures_server import load_sites
from engine_pending import ENGINE_PENDING, engine_cases  # tests/ is on sys.path (rootdir conftest)

SITES = [s.site for s in load_sites()]
WALKABLE = [s for s in SITES if s not in ENGINE_PENDING]  # single-site tests below pick from these
EXPECTED = {s.site: s.labels.expected_order for s in load_sites()}
ROOT = Path(__file__).resolve().parents[1]


def _strip(order: dict) -> dict:
    return {k: v for k, v in order.items() if k != "order_number"}


# 'Continue' (magento-like) and 'VALIDER LE PAIEMENT' (prestashop-fr) on the payment page, with
# the card in: nothing says they lead to another step, so a dry run must not press them.
STOPS_ON_PAYMENT = {"magento-like", "prestashop-fr"}


@pytest.mark.parametrize("site", engine_cases(SITES))
def test_dry_run_reaches_the_final_step_and_places_nothing(site, engine, profile, reset):
    result = engine.purchase(reset.start_url(site), profile, dry_run=True, timeout=90)
    assert result.status == "dry_run", result.reason
    assert reset.orders(site) == []
    # Every shop's labels end review → confirmation; the dry run stops there, or earlier where a
    # payment page's button past the point of no return does not say it leads to another step.
    if site in STOPS_ON_PAYMENT:
        assert result.steps and result.steps[-1].kind == "payment", [s.kind for s in result.steps]
        assert "past the point of no return" in (result.reason or ""), result.reason
    else:
        assert result.steps and result.steps[-1].kind == "review", ([s.kind for s in result.steps], result.reason)
    assert result.total == EXPECTED[site]["total"]
    filled = [f for s in result.steps for f in s.filled]
    assert any(f.prediction == "email" for f in filled)
    assert "4111111111111111" not in result.model_dump_json()


@pytest.mark.parametrize("site", engine_cases(SITES))
def test_buy_places_exactly_the_profile_order(site, engine, profile, reset):
    result = engine.purchase(reset.start_url(site), profile, max_total=Decimal("1000"), dry_run=False, timeout=90)
    assert result.status == "placed", result.reason
    orders = reset.orders(site)
    assert len(orders) == 1
    assert _strip(orders[0]) == EXPECTED[site]
    assert result.order_reference == orders[0]["order_number"].lstrip("#")  # "#1001" reads as 1001
    assert result.total == EXPECTED[site]["total"]


def test_buy_above_the_maximum_is_blocked_and_places_nothing(engine, profile, reset):
    site = WALKABLE[0]
    limit = Decimal(EXPECTED[site]["total"]) - Decimal("0.01")
    result = engine.purchase(reset.start_url(site), profile, max_total=limit, dry_run=False, timeout=90)
    assert result.status == "blocked"
    assert "above the maximum" in (result.reason or "")
    assert reset.orders(site) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_remote_webdriver_endpoint(engine, profile, reset):
    """`--remote` drives any WebDriver endpoint: here a chromedriver the test starts itself."""
    port = _free_port()
    proc = subprocess.Popen(["/usr/bin/chromedriver", f"--port={port}", "--allowed-ips=127.0.0.1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        site = "shopify-like" if "shopify-like" in WALKABLE else WALKABLE[0]
        result = engine.purchase(reset.start_url(site), profile, dry_run=True, timeout=90,
                                 remote=f"http://127.0.0.1:{port}")
        assert result.status == "dry_run", result.reason
        assert reset.orders(site) == []
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_cli_dry_run_json_masks_the_card(fixture_server, reset, tmp_path):
    site = "woocommerce-like" if "woocommerce-like" in WALKABLE else WALKABLE[0]
    shots = tmp_path / "shots"
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "dry-run", reset.start_url(site), "--profile",
                          str(DEMO_PROFILE), "--json", "--screenshots", str(shots)],
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["status"] == "dry_run"
    assert {"status", "order_reference", "total", "currency", "reason", "steps"} <= set(data)
    values = [f["value"] for s in data["steps"] for f in s["filled"] if f["prediction"] == "cc-number"]
    assert values and all(v.startswith("•••• ") for v in values)
    for text in (out.stdout, out.stderr):
        assert "4111111111111111" not in text and "4111 1111" not in text
    pngs = sorted(shots.glob("*.png"))
    # One PNG per step, named by its number and kind, and each step's JSON points at its own.
    assert len(data["steps"]) >= 3 and data["steps"][-1]["kind"] == "review"
    assert [p.name for p in pngs] == [f"step-{n:02d}-{s['kind']}.png" for n, s in enumerate(data["steps"], 1)]
    assert [s["screenshot"] for s in data["steps"]] == [str(p) for p in pngs]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    assert reset.orders(site) == []


def test_cli_buy_exit_codes(reset):
    site = WALKABLE[0]
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "buy", reset.start_url(site), "--profile",
                          str(DEMO_PROFILE), "--max-total", "0.50"], capture_output=True, text=True, timeout=180)
    assert out.returncode == 1
    assert "blocked" in out.stdout
    assert reset.orders(site) == []


def test_readme_demo_command_runs_a_dry_run_and_places_nothing():
    """The README's first command: `autofill demo` serves a fixture shop in-process and dry-runs it."""
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "demo"], capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    assert "dry run: stopped before placing the order" in out.stdout
    assert "step 1:" in out.stderr and "filled" in out.stderr
    assert "4111111111111111" not in out.stdout + out.stderr
