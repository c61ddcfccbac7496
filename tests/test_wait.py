"""Waiting after a click, in real headless Chromium against pages served on 127.0.0.1: a link,
a slow form POST + redirect, a DOM update, a history.pushState, a click that does nothing, and
fields revealed late."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from autofill.flow.browser import browser
from autofill.flow.state import click, snapshot
from autofill.flow.wait import arm, visible_field_count, wait_after, wait_for_fields

PAGES = {
    "/start": """<!doctype html><meta charset=utf-8><title>Start</title>
<a id=link href="/next">Go on</a>
<form method=post action="/slow-post"><input name=q value=1><button id=post>Send</button></form>
<button id=mutate onclick="setTimeout(function(){var p=document.createElement('p');p.textContent='Added';document.body.appendChild(p);
  setTimeout(function(){p.textContent='Added twice'},60)},80)">Mutate</button>
<button id=push onclick="setTimeout(function(){history.pushState({}, '', '/start#step2');document.title='Step 2'},50)">Push</button>
<button id=noop onclick="return false">Nothing</button>""",
    "/next": "<!doctype html><title>Next</title><h1>Next page</h1>",
    "/done": "<!doctype html><title>Done</title><h1>Posted</h1>",
    "/late": """<!doctype html><title>Late</title><div id=box></div>
<script>setTimeout(function(){document.getElementById('box').innerHTML='<input name=a><input name=b>';
  setTimeout(function(){var i=document.createElement('input');i.name='c';document.body.appendChild(i)},50)},250)</script>""",
    "/never": "<!doctype html><title>Never</title><p>No fields here</p><input type=hidden name=x>",
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = PAGES.get(self.path.split("?")[0])
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(0.9)  # slower than idle_ms: the old document stays up meanwhile
        self.send_response(303)
        self.send_header("Location", "/done")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture(scope="module")
def driver():
    with browser(timeout=20) as d:
        yield d


def click_by_id(driver, element_id: str) -> None:
    state = snapshot(driver)
    target = next(c for c in state.clickables if c.id == element_id)
    assert click(driver, target.index)


def test_link_navigation(driver, site):
    driver.get(site + "/start")
    mark = arm(driver)
    click_by_id(driver, "link")
    res = wait_after(driver, mark, timeout=10)
    assert res.outcome == "navigated" and res.url.endswith("/next")
    assert driver.title == "Next"


def test_slow_form_post_waits_for_the_new_document(driver, site):
    driver.get(site + "/start")
    mark = arm(driver)
    click_by_id(driver, "post")
    res = wait_after(driver, mark, timeout=10)
    assert res.outcome == "navigated" and res.url.endswith("/done")
    assert driver.title == "Done"


def test_dom_change_then_settle(driver, site):
    driver.get(site + "/start")
    mark = arm(driver)
    click_by_id(driver, "mutate")
    res = wait_after(driver, mark, timeout=10)
    assert res.outcome == "dom_changed" and res.mutations >= 2
    # Settled means the second, later change is already there.
    assert "Added twice" in driver.execute_script("return document.body.innerText")


def test_history_push_state(driver, site):
    driver.get(site + "/start")
    mark = arm(driver)
    click_by_id(driver, "push")
    res = wait_after(driver, mark, timeout=10)
    assert res.outcome == "url_changed" and res.url.endswith("#step2")


def test_click_that_does_nothing(driver, site):
    driver.get(site + "/start")
    mark = arm(driver)
    click_by_id(driver, "noop")
    res = wait_after(driver, mark, timeout=10, idle_ms=300)
    assert res.outcome == "unchanged" and not res.changed


def test_timeout_is_reported_not_raised(driver, site):
    driver.get(site + "/start")
    mark = arm(driver)
    driver.execute_script("window.__iv = setInterval(function(){document.title = Math.random()}, 20)")
    res = wait_after(driver, mark, timeout=0.6)
    driver.execute_script("clearInterval(window.__iv)")
    assert res.outcome == "timeout" and res.mutations > 0


def test_wait_for_fields_that_appear_late(driver, site):
    driver.get(site + "/late")
    n = wait_for_fields(driver, timeout=10)
    assert n == 3  # settled: the third field, added after the first two, is counted
    assert visible_field_count(driver) == 3


def test_wait_for_fields_gives_up(driver, site):
    driver.get(site + "/never")
    assert wait_for_fields(driver, timeout=0.5) == 0
