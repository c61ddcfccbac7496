"""Browser sessions: a local headless Chromium or a remote WebDriver, one fresh profile per flow.

Selenium Manager must never download anything here, so the driver and the binary are always
given explicitly.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from typing import Iterator, Optional

from ..errors import BrowserError, first_line

CHROMIUM = os.environ.get("AUTOFILL_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("AUTOFILL_CHROMEDRIVER", "/usr/bin/chromedriver")

BASE_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
    "--password-store=basic",
    "--log-level=3",
)

# Selenium and urllib3 log request bodies at DEBUG, which would carry typed card data.
for _name in ("selenium", "urllib3"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def chrome_options(extra_flags: tuple[str, ...] = (), user_data_dir: Optional[str] = None):
    from selenium.webdriver.chrome.options import Options

    opts = Options()
    opts.binary_location = CHROMIUM
    for flag in BASE_FLAGS + tuple(extra_flags):
        opts.add_argument(flag)
    if user_data_dir:
        opts.add_argument(f"--user-data-dir={user_data_dir}")
    opts.page_load_strategy = "normal"
    opts.set_capability("goog:loggingPrefs", {"browser": "OFF", "driver": "OFF"})
    return opts


def start_session(remote: Optional[str] = None, timeout: float = 30.0,
                  extra_flags: tuple[str, ...] = ()) -> tuple["object", str]:
    """A new WebDriver session and the temporary profile folder it owns (remove it with
    `end_session`). Errors are one-line BrowserErrors."""
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    profile_dir = tempfile.mkdtemp(prefix="autofill-chrome-")
    try:
        if remote:
            opts = chrome_options(extra_flags)
            # The remote end makes its own fresh profile; a local path would not exist there.
            driver = webdriver.Remote(command_executor=remote, options=opts)
        else:
            if not os.path.exists(CHROMEDRIVER) or not os.path.exists(CHROMIUM):
                raise BrowserError(
                    f"Chromium not found ({CHROMIUM}, {CHROMEDRIVER}): install Debian's chromium and chromium-driver"
                )
            opts = chrome_options(extra_flags, user_data_dir=profile_dir)
            service = Service(executable_path=CHROMEDRIVER, log_output=os.devnull)
            driver = webdriver.Chrome(service=service, options=opts)
    except BrowserError:
        shutil.rmtree(profile_dir, ignore_errors=True)
        raise
    except WebDriverException as exc:
        shutil.rmtree(profile_dir, ignore_errors=True)
        where = remote or "local Chromium"
        raise BrowserError(f"could not start a browser session at {where}: {first_line(exc.msg or str(exc))}") from None
    except Exception as exc:  # connection refused and the like, from a remote end
        shutil.rmtree(profile_dir, ignore_errors=True)
        where = remote or "local Chromium"
        raise BrowserError(f"could not start a browser session at {where}: {_network_reason(exc)}") from None
    try:
        driver.set_page_load_timeout(max(5.0, timeout))
        driver.set_script_timeout(max(5.0, timeout))
    except Exception:
        end_session(driver, profile_dir)
        raise
    return driver, profile_dir


def end_session(driver: Optional["object"], profile_dir: Optional[str]) -> None:
    """Quit the session (whatever state it is in) and remove its temporary profile."""
    if driver is not None:
        try:
            driver.quit()
        except Exception:
            pass
    if profile_dir:
        shutil.rmtree(profile_dir, ignore_errors=True)


@contextmanager
def browser(remote: Optional[str] = None, timeout: float = 30.0,
            extra_flags: tuple[str, ...] = ()) -> Iterator["object"]:
    """A WebDriver that is always quit, with its temporary profile removed."""
    driver, profile_dir = start_session(remote=remote, timeout=timeout, extra_flags=extra_flags)
    try:
        yield driver
    finally:
        end_session(driver, profile_dir)


def check_remote(remote: str, timeout: float = 5.0) -> None:
    """A one-line BrowserError unless a WebDriver endpoint answers at `remote` (its /status, which
    Selenium Grid and chromedriver both serve): a batch says so once instead of failing each job."""
    import json
    import urllib.error
    import urllib.request

    url = remote.rstrip("/") + "/status"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            body = json.loads(resp.read(65536) or b"{}")
    except urllib.error.HTTPError:
        return  # something answers; the session request will tell the rest
    except (OSError, ValueError) as exc:
        raise BrowserError(f"cannot reach the WebDriver endpoint {remote}: {_network_reason(exc)}") from None
    value = body.get("value") if isinstance(body, dict) else None
    if isinstance(value, dict) and value.get("ready") is False:
        raise BrowserError(f"the WebDriver endpoint {remote} is not ready: {first_line(str(value.get('message') or ''))}")


def _network_reason(exc: BaseException) -> str:
    """Why a connection failed, in a few words ("connection refused"), not urllib3's retry essay."""
    text = str(exc)
    for needle, short in (("Connection refused", "connection refused"), ("timed out", "timed out"),
                          ("Name or service not known", "unknown host"), ("No route to host", "no route to host")):
        if needle in text:
            return short
    return first_line(text, 160)
