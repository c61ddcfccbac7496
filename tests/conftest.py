"""Shared fixtures: one fixture server (no delays) and one headless Chromium for the session,
with cookies and server state cleared between tests so each test starts as a new shopper."""
from __future__ import annotations

from typing import Iterator

import pytest

from autofill.fixtures_server import FixtureServer


@pytest.fixture(scope="session")
def fixture_server() -> Iterator[FixtureServer]:
    with FixtureServer(port=0, delay_scale=0) as srv:
        yield srv


@pytest.fixture(scope="session")
def engine():
    """One engine (bundled rules and model) for every test that walks or classifies."""
    from autofill import Engine

    return Engine()


@pytest.fixture(scope="session")
def profile():
    """The demo shopper; a test that changes it works on a copy."""
    from autofill.fill.profile import DEMO_PROFILE, Profile

    return Profile.load(DEMO_PROFILE)


@pytest.fixture(scope="session")
def _session_driver():
    from autofill.flow.browser import browser

    with browser(timeout=30) as drv:
        yield drv


def _clear_cookies(drv) -> None:
    try:
        drv.execute_cdp_cmd("Network.clearBrowserCookies", {})
    except Exception:  # a remote end without CDP: the current origin's cookies at least
        drv.delete_all_cookies()


@pytest.fixture
def driver(_session_driver):
    """The shared browser, with no cookies and a blank page: a new shopper for each test."""
    _clear_cookies(_session_driver)
    _session_driver.get("about:blank")
    yield _session_driver


@pytest.fixture
def reset(fixture_server: FixtureServer) -> Iterator[FixtureServer]:
    """The server with no sessions, carts or orders, before and after the test."""
    fixture_server.reset()
    yield fixture_server
    fixture_server.reset()


def pytest_addoption(parser):
    parser.addoption("--guard-off", action="append", default=[], metavar="NAME",
                     help="switch one of autofill.flow.guards.ENABLED off, to see its tests fail")


def pytest_configure(config):
    names = config.getoption("--guard-off") or []
    if names:
        from autofill.flow import guards

        for name in names:
            if name not in guards.ENABLED:
                raise pytest.UsageError(f"unknown guard {name!r} (known: {', '.join(guards.ENABLED)})")
            guards.ENABLED[name] = False
