"""Flows through a real Selenium Grid 4 (`--remote`): a batch whose every order is recorded exactly
once, a session killed on the Grid's node mid-flow, a bad job beside good ones, and tracking."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Iterator

import pytest

from autofill import Engine
from autofill.core.paths import DEMO_PROFILE
from autofill.flow import batch as batch_mod
from autofill.track import Store, run_tracking
from clirun import run_cli  # tests/ is on sys.path (rootdir conftest)
from gridserver import kill_browser, selenium_grid


@pytest.fixture(scope="module")
def grid() -> Iterator[str]:
    with selenium_grid(slots=2) as url:
        yield url


def test_a_batch_through_the_grid_places_every_order_exactly_once(reset, grid, tmp_path, capsys):
    buys = ("oxid-de", "tienda-es", "winkel-nl")
    lines = [json.dumps({"url": reset.start_url(s), "profile": str(DEMO_PROFILE), "mode": "buy", "max_total": "1000"})
             for s in buys]
    lines += [json.dumps({"url": reset.start_url("shopify-like"), "profile": str(DEMO_PROFILE), "mode": "dry-run"}),
              json.dumps({"url": reset.start_url("nordic-sv"), "profile": "no-such-profile.yaml", "mode": "dry-run"})]
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "batch", str(jobs), "--remote", grid, "--concurrency", "2", "--json", "--timeout", "90")
    results = {r["job"]: r for r in map(json.loads, out.splitlines())}
    assert [results[n]["status"] for n in range(5)] == ["placed", "placed", "placed", "dry_run", "failed"], results
    assert "profile not found" in results[4]["reason"] and "line 5" in err  # its own line; the others ran
    for site in buys:
        assert len(reset.orders(site)) == 1, site
    assert not reset.orders("shopify-like") and not reset.orders("nordic-sv")
    assert code == 1


def test_a_session_killed_on_the_grid_node_is_retried_on_a_fresh_slot(reset, grid, monkeypatch):
    from autofill.flow import browser, navigate

    made = []
    real_start, real_open = browser.start_session, navigate.open_page

    def start(*a, **k):
        made.append(real_start(*a, **k))
        return made[-1]

    def open_then_die(driver, target, timeout=30.0):
        real_open(driver, target, timeout=timeout)
        if len(made) == 1:
            kill_browser(driver)  # the node's Chromium dies under the first session

    monkeypatch.setattr(browser, "start_session", start)
    monkeypatch.setattr(navigate, "open_page", open_then_die)
    job = {"url": reset.start_url("oxid-de"), "profile": str(DEMO_PROFILE), "mode": "buy", "max_total": "1000"}
    ((_, result),) = list(batch_mod.purchase_many(Engine(), [job], concurrency=1, remote=grid, timeout=90))
    assert result.attempts == 2 and len(made) == 2
    assert result.status == "placed" and len(reset.orders("oxid-de")) == 1


def test_tracking_through_the_grid(reset, grid, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    for site in ("shopify-like", "oxid-de", "magento-like"):
        store.add(reset.start_url(site), below=Decimal("10"))
    reports = run_tracking(Engine(), store, concurrency=2, remote=grid, timeout=60)
    assert sorted(r.price for r in reports) == ["19.99", "24.90", "52.00"] and all(r.ok for r in reports)
