"""Waiting after a click without fixed sleeps: until the page navigated, or the DOM settled.

`arm` stamps the current document with a token and installs a mutation counter; `wait_after`
polls (short interval) until the document is a new one and loaded, the URL changed (history API)
and the DOM is quiet, the DOM changed and then stayed quiet for `settle_ms`, or nothing happened
for `idle_ms`. A `beforeunload` seen in between means a navigation is under way, so the wait goes
on for the new document instead of calling the old one settled.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any, Literal, Optional

from selenium.common.exceptions import JavascriptException, TimeoutException, WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

Outcome = Literal["navigated", "url_changed", "dom_changed", "unchanged", "timeout"]
POLL = 0.05

_ARM = """
var token = arguments[0];
window.__autofillMark = token;
window.__autofillUnloading = false;
var st = window.__autofillMut = {count: 0, last: performance.now()};
if (window.__autofillObserver) window.__autofillObserver.disconnect();
var obs = new MutationObserver(function (list) { st.count += list.length; st.last = performance.now(); });
obs.observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
window.__autofillObserver = obs;
if (!window.__autofillUnloadHook) {
  window.__autofillUnloadHook = true;
  window.addEventListener('beforeunload', function () { window.__autofillUnloading = true; });
  window.addEventListener('pagehide', function () { window.__autofillUnloading = true; });
}
return location.href;
"""

_PROBE = """
var m = window.__autofillMut;
return {token: window.__autofillMark || null, url: location.href, ready: document.readyState,
        unloading: !!window.__autofillUnloading,
        count: m ? m.count : 0, quiet: m ? performance.now() - m.last : 0};
"""


@dataclass(frozen=True)
class Mark:
    token: str
    url: str
    started: float


@dataclass(frozen=True)
class WaitResult:
    outcome: Outcome
    url: str
    elapsed: float  # seconds
    mutations: int = 0

    @property
    def changed(self) -> bool:
        return self.outcome in ("navigated", "url_changed", "dom_changed")


def arm(driver: Any) -> Mark:
    """Call right before the click: remembers this document and starts counting mutations."""
    token = secrets.token_hex(8)
    url = driver.execute_script(_ARM, token)
    return Mark(token=token, url=str(url), started=time.monotonic())


def _probe(driver: Any) -> Optional[dict[str, Any]]:
    try:
        return driver.execute_script(_PROBE)
    except (JavascriptException, WebDriverException):
        return None  # the document is being replaced; try again


def wait_after(driver: Any, mark: Mark, timeout: float = 15.0, settle_ms: float = 150.0,
               idle_ms: float = 600.0) -> WaitResult:
    """Wait until what a click started is over; never raises on timeout (outcome says it)."""
    seen: dict[str, Any] = {}

    def done(_: Any) -> Optional[WaitResult]:
        p = _probe(driver)
        if not p:
            return None
        seen.update(p)
        elapsed = time.monotonic() - mark.started
        if p["token"] != mark.token:  # a new document
            if p["ready"] == "complete":
                return WaitResult("navigated", p["url"], elapsed)
            return None
        if p["unloading"]:
            return None  # navigation under way; the old document is still answering
        if p["url"] != mark.url:
            if p["quiet"] >= settle_ms and p["ready"] == "complete":
                return WaitResult("url_changed", p["url"], elapsed, p["count"])
            return None
        if p["count"] > 0 and p["quiet"] >= settle_ms:
            return WaitResult("dom_changed", p["url"], elapsed, p["count"])
        if p["count"] == 0 and elapsed * 1000 >= idle_ms:
            return WaitResult("unchanged", p["url"], elapsed, 0)
        return None

    try:
        return WebDriverWait(driver, timeout, poll_frequency=POLL, ignored_exceptions=(WebDriverException,)).until(done)
    except TimeoutException:
        return WaitResult("timeout", str(seen.get("url", mark.url)), time.monotonic() - mark.started,
                          int(seen.get("count", 0)))


_COUNT_FIELDS = """
var SEL = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]):not([type=reset]), select, textarea';
function vis(el) {
  if (el.checkVisibility && !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
  var r = el.getBoundingClientRect(); return r.width >= 1 && r.height >= 1;
}
function count(root) {
  var n = 0, els = root.querySelectorAll('*');
  for (var i = 0; i < els.length; i++) {
    var el = els[i];
    if (el.matches(SEL) && vis(el)) n++;
    if (el.shadowRoot) n += count(el.shadowRoot);
    if (el.tagName === 'IFRAME' || el.tagName === 'FRAME') {
      try { if (el.contentDocument && vis(el)) n += count(el.contentDocument); } catch (e) {}
    }
  }
  return n;
}
return count(document);
"""


def visible_field_count(driver: Any) -> int:
    """Visible fillable fields in the page, its same-origin frames and open shadow roots."""
    return int(driver.execute_script(_COUNT_FIELDS) or 0)


def wait_for_fields(driver: Any, timeout: float = 5.0, more_than: Optional[int] = None,
                    settle_ms: float = 150.0) -> int:
    """Wait for fields that appear late (revealed or rendered after a delay).

    Returns once the visible field count exceeds `more_than` (default: the count when called,
    or 0 if there is none yet) and has stayed the same for `settle_ms`; on timeout returns the
    count as it is. The result is the visible field count.
    """
    base = visible_field_count(driver) if more_than is None else more_than
    state = {"n": -1, "since": time.monotonic()}

    def done(_: Any) -> Optional[int]:
        n = visible_field_count(driver)
        now = time.monotonic()
        if n != state["n"]:
            state["n"], state["since"] = n, now
            return None
        if n > base and (now - state["since"]) * 1000 >= settle_ms:
            return n
        return None

    try:
        return int(WebDriverWait(driver, timeout, poll_frequency=POLL, ignored_exceptions=(WebDriverException,)).until(done))
    except TimeoutException:
        return max(state["n"], 0)


def settle(driver: Any, timeout: float = 5.0) -> None:
    """Until the page is loaded and its DOM has been quiet briefly (scripts finished building it)."""
    try:
        wait_after(driver, arm(driver), timeout=timeout, settle_ms=150, idle_ms=150)
    except Exception:
        pass
