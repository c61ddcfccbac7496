"""`autofill batch` and `Engine.purchase_many`: several real flows at once on the fixture shops, one
JSON line per result, bad jobs refused before any flow starts, and the retry rule — a flow whose
browser dies is run again once, never after a press that may have placed the order."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from autofill import Engine
from autofill.core.paths import DEMO_PROFILE
from autofill.flow import batch as batch_mod
from clirun import run_cli  # tests/ is on sys.path (rootdir conftest)
from gridserver import kill_browser


def write_jobs(path: Path, jobs: list) -> Path:
    path.write_text("\n".join(j if isinstance(j, str) else json.dumps(j) for j in jobs) + "\n", encoding="utf-8")
    return path


def test_batch_runs_flows_at_once_and_prints_one_json_line_per_result(reset, tmp_path, capsys):
    jobs = write_jobs(tmp_path / "jobs.jsonl", [
        {"url": reset.start_url("shopify-like"), "profile": str(DEMO_PROFILE), "mode": "dry-run"},
        {"url": reset.start_url("oxid-de"), "profile": str(DEMO_PROFILE), "mode": "buy", "max_total": "1000 EUR"},
        "",
        {"url": reset.start_url("winkel-nl"), "profile": str(DEMO_PROFILE), "mode": "buy", "max_total": "1"},
    ])
    code, out, err = run_cli(capsys, "batch", str(jobs), "--concurrency", "2", "--json", "--timeout", "90")
    lines = [json.loads(x) for x in out.splitlines()]
    by_job = {r["job"]: r for r in lines}
    assert sorted(by_job) == [0, 1, 3]  # line numbers from 0; the blank line is no job
    assert by_job[0]["status"] == "dry_run" and by_job[0]["steps"]
    assert by_job[1]["status"] == "placed" and by_job[1]["order_reference"]
    assert by_job[3]["status"] == "blocked"  # a maximum of 1 EUR
    assert all(r["elapsed_s"] > 0 for r in lines)
    assert code == 1  # one job did not reach its goal
    assert len(reset.orders("oxid-de")) == 1 and not reset.orders("winkel-nl") and not reset.orders("shopify-like")


def test_purchase_many_yields_each_job_with_its_result(reset):
    jobs = [{"url": reset.start_url(s), "profile": str(DEMO_PROFILE), "mode": "dry-run"} for s in ("tienda-es", "nordic-sv")]
    got = list(Engine().purchase_many(jobs, concurrency=2, timeout=90))
    assert sorted(j["url"] for j, _ in got) == sorted(j["url"] for j in jobs)
    assert all(r.status == "dry_run" and r.attempts == 1 for _, r in got)


BAD_LINES = [
    ("{not json", "not valid JSON"),
    ('{"url": "http://x", "profile": "p.yaml", "mode": "buy"}', "a buy needs max_total"),
    ('{"url": "http://x", "profile": "p.yaml", "colour": "red"}', "colour: Extra inputs are not permitted"),
    ('{"url": "http://x", "profile": "p.yaml", "mode": "purchase"}', "mode:"),
    ('{"url": "http://x", "profile": "nope.yaml"}', "profile not found"),
    ('{"url": "http://x", "profile": "broken.yaml"}', "missing required field"),
    ('{"url": "http://x", "profile": "p.yaml", "mode": "buy", "max_total": "-3"}', "max_total must not be negative"),
]


def test_a_bad_job_gets_its_own_error_line_and_the_others_run(reset, tmp_path, capsys, monkeypatch):
    (tmp_path / "p.yaml").write_text(DEMO_PROFILE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("email: x@example.com\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    good = {"url": reset.start_url("shopify-like"), "profile": "p.yaml", "mode": "dry-run"}
    jobs = write_jobs(tmp_path / "jobs.jsonl", [line for line, _ in BAD_LINES] + [good])
    code, out, err = run_cli(capsys, "batch", str(jobs), "--json", "--concurrency", "2")
    results = {r["job"]: r for r in map(json.loads, out.splitlines())}
    assert code == 1 and len(results) == len(BAD_LINES) + 1
    assert results[len(BAD_LINES)]["status"] == "dry_run"  # the good job was not held back
    errors = err.splitlines()
    for n, (_, message) in enumerate(BAD_LINES):
        assert results[n]["status"] == "failed" and message in results[n]["reason"], (n, results[n])
        assert any(e.startswith(f"autofill: jobs.jsonl line {n + 1}: ") and message in e for e in errors), (n, err)
    assert "Traceback" not in err


@pytest.mark.parametrize("content, message", [(None, "jobs file not found"), ("\n\n", "no jobs")])
def test_a_jobs_file_that_cannot_be_read_is_one_line_and_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "jobs.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run_cli(capsys, "batch", str(path))
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_an_unreachable_grid_is_one_line_and_exit_2(tmp_path, capsys):
    jobs = write_jobs(tmp_path / "jobs.jsonl", [{"url": "http://x", "profile": str(DEMO_PROFILE)}])
    code, out, err = run_cli(capsys, "batch", str(jobs), "--remote", "http://127.0.0.1:9")
    assert code == 2 and out == ""
    assert err == "autofill: cannot reach the WebDriver endpoint http://127.0.0.1:9: connection refused\n"


def _sessions(monkeypatch) -> list:
    """Real sessions, recorded as the batch starts them: (driver, profile folder)."""
    from autofill.flow import browser

    made = []
    real = browser.start_session

    def start(*a, **k):
        made.append(real(*a, **k))
        return made[-1]

    monkeypatch.setattr(browser, "start_session", start)
    return made


def test_a_flow_whose_browser_dies_early_is_run_again_once(reset, monkeypatch):
    made = _sessions(monkeypatch)
    from autofill.flow import navigate

    real_open = navigate.open_page

    def open_then_die(driver, target, timeout=30.0):
        real_open(driver, target, timeout=timeout)
        if len(made) == 1:
            kill_browser(made[0][0])  # the first session's browser dies on the product page

    monkeypatch.setattr(navigate, "open_page", open_then_die)
    job = {"url": reset.start_url("shopify-like"), "profile": str(DEMO_PROFILE), "mode": "dry-run"}
    ((_, result),) = list(batch_mod.purchase_many(Engine(), [job], concurrency=1, timeout=60))
    assert len(made) == 2 and result.attempts == 2
    assert result.status == "dry_run"


def test_a_flow_whose_browser_dies_after_the_order_is_sent_is_not_run_again(reset, monkeypatch):
    made = _sessions(monkeypatch)
    site = "oxid-de"
    stop = threading.Event()

    def watch() -> None:  # the browser dies as soon as the shop has the order
        while not stop.is_set():
            if reset.orders(site) and made:
                kill_browser(made[0][0])
                return
            time.sleep(0.02)

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    job = {"url": reset.start_url(site), "profile": str(DEMO_PROFILE), "mode": "buy", "max_total": "1000"}
    try:
        ((_, result),) = list(batch_mod.purchase_many(Engine(), [job], concurrency=1, timeout=60))
    finally:
        stop.set()
    assert len(reset.orders(site)) == 1
    assert len(made) == 1 and result.attempts == 1  # never a second session, never a second order
    assert result.status in ("failed", "placed")
    if result.status == "failed":
        assert "may have been placed" in result.reason or "may have placed" in result.reason
