"""Operating a scripted choice widget as a person does: open it, find the option, click it, look.

No script can set these: Headless UI, Radix, MUI and react-select keep the value in component
state and change it only on their own pointer or key handlers (Radix opens on pointerdown,
Headless UI on click, react-select on mousedown of its control or typing into its input). So the
input here is WebDriver's real input (ActionChains: pointer move, down, up, click; send_keys),
which fires every event in the order a browser does, whatever a library listens to.

Steps: the same checks fill.js makes for any field (still the field extraction saw, visible, card
data allowed in this frame); a click on the control; a wait for its options; for a type-ahead
combobox whose list does not hold the wanted option, the planned text typed; the option chosen in
Python by the plan's matcher (`choose`); a click on it; and a read-back: the control shows the
option, or its carrier holds the option's value. A popup left open is closed with Escape.
Reasons carry no value: they are printed.
"""
from __future__ import annotations

import logging
import time
from functools import cache
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from ..fill import values as V
from ..fill.fit import FillAction
from ..page.descriptor import Option

log = logging.getLogger(__name__)

Chooser = Callable[[FillAction, Sequence[Option]], Optional[int]]
_CONTROL = """
// The registered control; a page that re-rendered it (EverShop rebuilds the province list after the
// country) has put a new one under the same id: that is the field a person sees now.
const reg = window.__autofillFields || [], k = arguments[0];
let el = reg[k] || null;
if (el && !el.isConnected && el.id) {
  const now = el.ownerDocument.getElementById(el.id);
  if (now && now.tagName === el.tagName && (now.getAttribute("role") || "") === (el.getAttribute("role") || "")) reg[k] = el = now;
}
return el && !el.isConnected ? "detached" : el;
"""
SETTLE_TIMEOUT = 2.0  # a choice may rebuild what follows it (a region list after the country)
OPEN_TIMEOUT = 3.0  # options of a widget appear within a few frames, or after a fetch
TYPED_TIMEOUT = 3.0  # a type-ahead list filters (or loads) after the keys
CLOSE_TIMEOUT = 2.0  # the control shows the chosen option
POLL = 0.05


@cache
def _script() -> str:
    return (Path(__file__).with_name("widget.js")).read_text(encoding="utf-8")


def read_widget(driver: Any, action: FillAction) -> dict:
    """The widget's state now: shown text, carrier value, whether open, the options and their
    elements (widget.js)."""
    return driver.execute_script(_script(), {"key": action.key, "name": action.name}) or {"found": False}


def _wait(driver: Any, action: FillAction, what: str, timeout: float, ready: Callable[[dict], bool]) -> dict:
    """Poll the widget until `ready`; on a timeout, log what was awaited and return the last state."""
    end = time.monotonic() + timeout
    while True:
        state = read_widget(driver, action)
        if not state.get("found") or ready(state):
            return state
        if time.monotonic() >= end:
            log.info("widget %s: no %s within %.1f s", action.name or action.index, what, timeout)
            return state
        time.sleep(POLL)


def match_by_text(action: FillAction, options: Sequence[Option]) -> Optional[int]:
    """The option whose text or value is the planned one: the choice when no profile-aware
    chooser is given (the plan already picked the option by the matcher)."""
    return V.match_option(options, [action.secret_value(), action.display])


def operate_widget(driver: Any, action: FillAction, check: Callable[[], Optional[str]],
                   choose: Optional[Chooser] = None) -> tuple[bool, str, str]:
    """(ok, reason, the chosen option's text) after choosing the action's option in its widget.
    `check` runs fill.js's checks on the control (None when it may be used, else why not)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    choose = choose or match_by_text
    for attempt in (1, 2):
        try:
            return _operate(driver, action, check, choose)
        except StaleElementReferenceException as exc:
            if attempt == 2:  # rebuilt while being operated, twice
                return False, f"widget input failed ({type(exc).__name__})", ""
            _settle(driver)
        except (WebDriverException, ValueError) as exc:
            # the exception text may quote page content; only its class goes out
            return False, f"widget input failed ({type(exc).__name__})", ""
    return False, "not attempted", ""


def _settle(driver: Any, mark: Any = None) -> None:
    """Until the page's DOM is quiet again after a choice (or at once when it stays quiet)."""
    from .wait import arm, wait_after

    wait_after(driver, mark or arm(driver), timeout=SETTLE_TIMEOUT, settle_ms=300, idle_ms=300)


def _operate(driver: Any, action: FillAction, check: Callable[[], Optional[str]],
             choose: Chooser) -> tuple[bool, str, str]:
    """One attempt of operate_widget; WebDriver errors go to the caller."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    from .wait import arm

    el = driver.execute_script(_CONTROL, int(action.key or -1))
    if el is None or el == "detached":
        return False, "detached" if el else "field not found", ""
    if why := check():
        return False, why, ""
    state = read_widget(driver, action)
    if not state.get("options"):
        ActionChains(driver).move_to_element(el).click().perform()
        state = _wait(driver, action, "options", OPEN_TIMEOUT, lambda s: bool(s.get("options")))
    options = _options(state)
    idx = choose(action, options) if options else None
    if idx is None and action.widget == "combobox":
        # a type-ahead list may hold only the first options, or none before typing
        el.send_keys(action.secret_value())
        state = _wait(driver, action, "options after typing", TYPED_TIMEOUT,
                      lambda s: choose(action, _options(s)) is not None)
        options = _options(state)
        idx = choose(action, options) if options else None
    if idx is None:
        _close(driver, el, Keys)
        return False, "no option matches" if options else "no options appeared", ""
    opt, target = options[idx], state["elements"][idx]
    if opt.disabled:
        _close(driver, el, Keys)
        return False, "option disabled", ""
    driver.execute_script("arguments[0].scrollIntoView({block: 'nearest', behavior: 'instant'})", target)
    mark = arm(driver)
    ActionChains(driver).move_to_element(target).click().perform()
    state = _wait(driver, action, "chosen option shown", CLOSE_TIMEOUT, lambda s: _shows(s, opt) and not s.get("expanded"))
    if state.get("expanded"):
        _close(driver, el, Keys)
        state = read_widget(driver, action)
    ok = _shows(state, opt)
    if ok:
        _settle(driver, mark)
    return (True, "", opt.text) if ok else (False, "value did not stick", "")


def _options(state: dict) -> list[Option]:
    return [Option(o.get("text", ""), o.get("value", ""), bool(o.get("selected")), bool(o.get("disabled")))
            for o in state.get("options") or []]


def _shows(state: dict, opt: Option) -> bool:
    """The control shows the option's text, or its carrier holds the option's value or text."""
    if not state.get("found"):
        return False
    carrier = (state.get("carrier") or "").strip()
    if carrier and (carrier == opt.value or V.norm(carrier) == V.norm(opt.text)):
        return True
    shown, text = V.norm(state.get("shown") or ""), V.norm(opt.text)
    return bool(text) and (shown == text or f" {text} " in f" {shown} ")


def _close(driver: Any, el: Any, keys: Any) -> None:
    """Escape closes every library's popup; it goes to whatever has focus (the popup, usually)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.action_chains import ActionChains

    try:
        ActionChains(driver).send_keys(keys.ESCAPE).perform()
    except WebDriverException:
        pass
