"""Applying a fill plan in the browser: one script per frame, real key events where JS won't stick.

The script (fill.js) re-checks each field is still the one extraction saw and still visible to a
person before touching it, sets values the way frameworks notice (native setter + input/change/
blur), and reads them back. Fields whose value did not stick (key-only masks, controlled inputs
that revert) are retried here with WebDriver's real input. No value ever goes into a result, a
reason or an exception message.
"""
from __future__ import annotations

from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Literal, Optional

from pydantic import BaseModel

from ..fill.fit import FillAction

if TYPE_CHECKING:
    from .widgets import Chooser
from ..page.live import switch_to_frame


SETTLE_MS = 50  # lets page handlers (re-render, mask reformat) run before the read-back
# A shop that saves after a choice (its form disabled or aria-busy, a spinner shown) is waited out
# in the page before the next field and before the read-back: at most BUSY_MS each time, and
# BUSY_TOTAL_MS in one frame's fill (the browser's script timeout is never below 5 s + this).
BUSY_MS = 5000
BUSY_TOTAL_MS = 12000


class FillResult(BaseModel):
    index: int
    frame: list[int]
    key: Optional[str]
    name: str
    prediction: str
    display: str
    ok: bool
    method: Optional[Literal["js", "keys"]] = None  # keys: real WebDriver input (keys or click)
    reason: Optional[str] = None


@cache
def fill_script() -> str:
    return (Path(__file__).with_name("fill.js")).read_text(encoding="utf-8")


def apply_fill(driver, actions: Iterable[FillAction], *, card_origins: Iterable[str] = (),
               choose: Optional["Chooser"] = None) -> list[FillResult]:
    """Fill every action; one result per action, in the order given.

    Card actions go only into the top page's origin or one of `card_origins` (the payment
    frames the caller trusts); the check uses each frame's real `location.origin`. Scripted
    choice widgets are operated after a frame's plain fields (flow/widgets.py), in document order
    (a country before the region list it rebuilds); `choose` picks their option once open.
    """
    from .widgets import operate_widget
    from selenium.common.exceptions import WebDriverException

    actions = list(actions)
    by_frame: "OrderedDict[tuple[int, ...], list[int]]" = OrderedDict()
    for n, a in enumerate(actions):
        by_frame.setdefault(tuple(a.frame), []).append(n)
    results: dict[int, FillResult] = {}

    driver.switch_to.default_content()
    top_origin = driver.execute_script("return location.origin")
    allowed = list(card_origins)
    try:
        for frame, idxs in by_frame.items():
            if not switch_to_frame(driver, frame):
                for n in idxs:
                    results[n] = _result(actions[n], False, None, "frame not found")
                continue
            widget_idxs = [n for n in idxs if actions[n].widget and actions[n].kind == "select"]
            idxs = [n for n in idxs if n not in widget_idxs]
            job = {
                "actions": [_job_item(n, actions[n]) for n in idxs],
                "top_origin": top_origin, "is_top": not frame, "card_origins": allowed, "settle_ms": SETTLE_MS,
                "busy_ms": BUSY_MS, "busy_total_ms": _busy_budget_ms(driver),
            }
            try:
                out = driver.execute_async_script(fill_script(), job) if idxs else []
            except WebDriverException as exc:
                for n in idxs:
                    results[n] = _result(actions[n], False, None, f"fill script failed ({type(exc).__name__})")
                continue
            for r in out or []:
                n = int(r["i"])
                a = actions[n]
                if r.get("retry"):
                    ok, reason = _native_retry(driver, a, dict(job, actions=[_job_item(n, a)], check_only=True))
                    results[n] = _result(a, ok, "keys", None if ok else reason)
                else:
                    results[n] = _result(a, bool(r.get("ok")), "js" if r.get("ok") else None, r.get("reason"))
            for n in widget_idxs:
                a = actions[n]
                check_job = dict(job, actions=[_job_item(n, a)], check_only=True)
                ok, reason, chosen = operate_widget(driver, a, lambda: _still_safe(driver, check_job), choose)
                results[n] = _result(a, ok, "keys", None if ok else reason)
                if ok and chosen and not a.secret:
                    results[n].display = chosen  # the option it took, as the page names it
    finally:
        try:
            driver.switch_to.default_content()
        except WebDriverException:
            pass
    return [results.get(n) or _result(a, False, None, "not attempted") for n, a in enumerate(actions)]


def _busy_budget_ms(driver) -> int:
    """How long one fill script may wait for a saving shop: BUSY_TOTAL_MS, and always well inside the
    browser's script timeout (a script cut off by it would lose every result of its frame)."""
    try:
        limit_ms = float(driver.timeouts.script) * 1000
    except Exception:  # a driver without the property: the lowest timeout browser.py ever sets
        limit_ms = 5000.0
    return int(max(0.0, min(BUSY_TOTAL_MS, limit_ms - 3000)))


def _job_item(n: int, a: FillAction) -> dict:
    return {
        "i": n, "key": a.key, "tag": a.tag, "type": a.input_type if a.tag == "input" else "",
        "name": a.name, "kind": a.kind, "value": a.secret_value(), "option_index": a.option_index,
        "checked": a.checked, "card": a.is_card, "widget": a.widget or "",
    }


def _result(a: FillAction, ok: bool, method: Optional[str], reason: Optional[str]) -> FillResult:
    return FillResult(index=a.index, frame=list(a.frame), key=a.key, name=a.name, prediction=a.prediction,
                      display=a.display, ok=ok, method=method if ok else None, reason=reason)


def _same_text(got: str, want: str) -> bool:
    if got == want or got.strip().casefold() == want.strip().casefold():
        return True
    allowed = set("0123456789 -+()./")
    dg = "".join(c for c in got if c.isdigit())
    dw = "".join(c for c in want if c.isdigit())
    return bool(dw) and dg == dw and set(want) <= allowed and set(got) <= allowed


def _still_safe(driver, check_job: dict) -> Optional[str]:
    """None when fill.js's checks (same field, visible, card data allowed here) still pass for the
    one action in `check_job`, else why not. The page ran code since the first attempt (its input
    handlers reverted the value), so it may have renamed, re-typed or hidden the field meanwhile."""
    out = driver.execute_async_script(fill_script(), check_job) or [{}]
    return None if out[0].get("ok") else (out[0].get("reason") or "field changed")


def _native_retry(driver, a: FillAction, check_job: Optional[dict] = None) -> tuple[bool, str]:
    """Real WebDriver input for one field the script could not fill: keys, option click, click."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    try:
        el = driver.execute_script("return (window.__autofillFields || [])[arguments[0]] || null", int(a.key or -1))
        if el is None:
            return False, "field not found"
        if check_job is not None and (why := _still_safe(driver, check_job)):
            return False, why
        if a.kind == "text":
            value = a.secret_value()
            el.clear()
            if el.get_property("value"):
                el.send_keys(Keys.CONTROL, "a")
                el.send_keys(Keys.BACKSPACE)
            if check_job is not None and (why := _still_safe(driver, check_job)):
                return False, why  # clear() blurred it: the next focus is the page's chance again
            el.send_keys(value)
            driver.execute_script("arguments[0].blur()", el)
            got = el.get_property("value") or ""
            return (True, "") if _same_text(got, value) else (False, "value did not stick")
        if a.kind == "select":
            Select(el).select_by_index(int(a.option_index or 0))
            ok = int(el.get_property("selectedIndex")) == a.option_index
            return (True, "") if ok else (False, "value did not stick")
        el.click()
        ok = bool(el.get_property("checked")) == bool(a.checked)
        return (True, "") if ok else (False, "value did not stick")
    except (WebDriverException, ValueError) as exc:
        # the exception text may quote page content; only its class goes out
        return False, f"native input failed ({type(exc).__name__})"
