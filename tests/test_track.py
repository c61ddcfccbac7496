"""Price tracking (SPEC `track`): real product pages of the fixture shops read in a real browser,
a price that moves on the server, history in SQLite and in PostgreSQL, charts, and bad input."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest

from autofill import Engine
from clirun import run_cli as cli  # tests/ is on sys.path (rootdir conftest)
from autofill.flow.pool import BrowserPool
from autofill.track import Store, run_tracking




@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'tracking.db'}"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def test_a_round_stores_prices_and_the_next_reports_the_change_and_alerts_once(reset, db, engine):
    tee, beans = reset.start_url("shopify-like"), reset.start_url("oxid-de")
    store = Store(db)
    store.add(tee, below=Decimal("18"), below_currency="GBP")
    store.add(beans)
    first = {r.url: r for r in run_tracking(engine, store, concurrency=2, timeout=30)}
    assert first[tee].ok and first[tee].price == "19.99" and first[tee].currency == "GBP"
    assert first[tee].availability == "InStock" and first[tee].title == "Classic Tee"
    assert first[beans].price == "24.90" and first[beans].currency == "EUR"
    assert not first[tee].alert and first[tee].price_change is None  # above the threshold, nothing before

    reset.set_product("shopify-like", "17.50")  # the shop cuts the price
    second = {r.url: r for r in run_tracking(engine, store, concurrency=2, timeout=30)}
    assert second[tee].price == "17.50" and second[tee].previous_price == "19.99"
    assert second[tee].price_change == "-2.49" and second[tee].alert
    assert second[beans].price_change is None and not second[beans].alert

    third = {r.url: r for r in run_tracking(engine, store, concurrency=1, timeout=30)}
    assert third[tee].price == "17.50" and not third[tee].alert  # still under: said once, not every round
    prices = [v.price for v in store.history(store.find(tee))]
    assert prices == [Decimal("19.99"), Decimal("17.50"), Decimal("17.50")]


def test_an_alert_in_another_currency_does_not_fire(reset, db, engine):
    store = Store(db)
    store.add(reset.start_url("shopify-like"), below=Decimal("100"), below_currency="EUR")  # the page is in GBP
    (rep,) = run_tracking(engine, store, timeout=30)
    assert rep.ok and rep.currency == "GBP" and not rep.alert


def test_a_failed_visit_is_stored_with_its_reason_and_keeps_the_history(reset, db, engine, tmp_path):
    page = tmp_path / "gone.html"
    page.write_text("<html><body><h1>Mug</h1><p>£9.99</p><button>Add to cart</button></body></html>")
    store = Store(db)
    url = page.resolve().as_uri()
    store.add(url)
    (ok,) = run_tracking(engine, store, timeout=20)
    assert ok.ok
    page.write_text("<html><body><p>Nothing here any more.</p></body></html>")
    (gone,) = run_tracking(engine, store, timeout=20)
    assert not gone.ok and gone.reason == "no product found on the page"
    page.unlink()
    (missing,) = run_tracking(engine, store, timeout=20)
    assert not missing.ok and "cannot reach" in missing.reason
    history = store.history(store.find(url))
    assert [v.ok for v in history] == [True, False, False]
    assert history[0].price == Decimal(ok.price) == Decimal("9.99")  # the good visit is still there
    assert store.last_ok(store.find(url)).id == history[0].id


def test_cli_add_run_list_history_and_plots(reset, db, capsys, tmp_path):
    url = reset.start_url("shopify-like")
    code, out, err = cli(capsys, "track", "add", url, "--below", "£18", "--db", db)
    assert code == 0 and "alert at or under 18.00 GBP" in out, err
    code, out, err = cli(capsys, "track", "run", "--json", "--db", db, "--concurrency", "1", "--timeout", "30")
    assert code == 0, err
    (line,) = [json.loads(x) for x in out.splitlines()]
    assert line["price"] == "19.99" and line["alert"] is False
    reset.set_product("shopify-like", "15.00")
    code, out, err = cli(capsys, "track", "run", "--db", db, "--timeout", "30")
    assert code == 0 and "15.00 GBP" in out and "was 19.99 (-4.99)" in out and "ALERT" in out, out
    code, out, _ = cli(capsys, "track", "list", "--json", "--db", db)
    (row,) = json.loads(out)
    assert row["url"] == url and row["price"] == "15.00" and row["below"] == "18.00" and row["below_currency"] == "GBP"
    for name in ("h.png", "h.html", "h.svg"):
        code, out, err = cli(capsys, "track", "history", url, "--json", "--plot", str(tmp_path / name), "--db", db)
        assert code == 0, err
        hist = json.loads(out)
        assert [v["price"] for v in hist["visits"]] == ["19.99", "15.00"]
        assert hist["visits"][0]["at"].endswith("+00:00")
    assert (tmp_path / "h.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (tmp_path / "h.html").read_text()
    assert "<svg" in page and "19.99" in page and "15.00" in page
    assert (tmp_path / "h.svg").read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize("args, message", [
    (["track", "add", "https://shop.example/p", "--below", "-5"], "--below must not be negative"),
    (["track", "add", "https://shop.example/p", "--below", "5 XYZ"], "unknown currency"),
    (["track", "add", "ftp://shop.example/p"], "cannot watch"),
    (["track", "add", "no/such/page.html"], "no such file"),
    (["track", "list", "--db", "nonsense://x"], "not a database URL"),
    (["track", "list", "--db", "postgresql+psycopg://u@127.0.0.1:9/db"], "cannot open the tracking database"),
    (["track", "history", "https://not.watched/p"], "is not watched"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, monkeypatch, args, message):
    monkeypatch.setenv("AUTOFILL_HOME", str(tmp_path))
    code, out, err = cli(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("autofill: ") and message in err, err
    assert "Traceback" not in err


def test_plot_needs_a_known_format(reset, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOFILL_HOME", str(tmp_path))
    Store().add("https://shop.example/p")
    code, _, err = cli(capsys, "track", "history", "https://shop.example/p", "--plot", str(tmp_path / "x.txt"))
    assert code == 2 and "give a .png, .svg or .html file name" in err


def test_default_store_lives_in_autofill_home(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AUTOFILL_HOME", str(tmp_path / "home"))
    code, out, _ = cli(capsys, "track", "add", "https://shop.example/p")
    assert code == 0 and (tmp_path / "home" / "tracking.db").is_file()


def test_pool_replaces_a_session_that_died(reset):
    with BrowserPool(1, timeout=20) as pool:
        with pool.session() as d1:
            d1.get(reset.start_url("shopify-like"))
            d1.add_cookie({"name": "k", "value": "v"})
        with pool.session() as d2:
            assert d2 is d1 and d2.get_cookies() == []  # reused, nothing of the last job left
            d2.quit()  # the browser dies under a job
        with pool.session() as d3:
            assert d3 is not d1 and d3.execute_script("return 1 + 1") == 2
        assert pool.started == 2


def test_pool_runs_jobs_concurrently_within_its_size(reset):
    urls = [reset.start_url(s) for s in ("shopify-like", "oxid-de", "winkel-nl", "tienda-es")]
    with BrowserPool(2, timeout=20) as pool:
        done = list(pool.map(lambda d, u: (d.get(u), d.title)[1], urls))
        assert sorted(u for u, _, _ in done) == sorted(urls)
        assert all(exc is None and title for _, title, exc in done)
        assert pool.started == 2


# -- PostgreSQL ------------------------------------------------------------------------------

def _pg_bin() -> Path | None:
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (base / "initdb").exists() and (base / "postgres").exists():
            return base
    return None


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on 127.0.0.1, stopped by its PID after the module."""
    pg = _pg_bin()
    if pg is None:
        pytest.skip("PostgreSQL server binaries are not installed (apt-get install postgresql)")
    root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="autofill-pg-"))
    data = base / "data"
    if root:
        shutil.chown(base, "postgres", "postgres")
    as_pg = (lambda cmd: ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(cmd)]) if root else (lambda cmd: cmd)
    subprocess.run(as_pg([str(pg / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
                   check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(as_pg([str(pg / "postgres"), "-D", str(data), "-p", str(port), "-k", str(base),
                                   "-c", "listen_addresses=127.0.0.1"]),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        time.sleep(0.3)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)
        shutil.rmtree(base, ignore_errors=True)


def test_postgresql_store_keeps_the_same_history(reset, postgres, engine):
    store = Store(postgres)
    url = reset.start_url("winkel-nl")
    store.add(url, below=Decimal("1000"))
    (first,) = run_tracking(engine, store, timeout=30)
    reset.set_product("winkel-nl", "9.95")
    (second,) = run_tracking(engine, store, timeout=30)
    assert first.ok and second.ok and second.price == "9.95" and second.previous_price == first.price
    assert first.alert and not second.alert  # under 1000 from the first visit on: said once
    again = Store(postgres)  # a second process, say: same rows
    assert [v.price for v in again.history(again.find(url))] == [Decimal(first.price), Decimal("9.95")]


def test_back_in_stock_is_an_alert(reset, db, engine):
    store = Store(db)
    url = reset.start_url("magento-like")
    store.add(url)
    reset.set_product("magento-like", in_stock=False)
    (gone,) = run_tracking(engine, store, timeout=30)
    assert gone.ok and gone.availability == "OutOfStock" and not gone.alert
    reset.set_product("magento-like", in_stock=True)
    (back,) = run_tracking(engine, store, timeout=30)
    assert back.availability == "InStock" and back.availability_change
    assert back.alert and back.alert_reason == "back in stock"
    (again,) = run_tracking(engine, store, timeout=30)
    assert not again.alert
