"""The in-browser filler, in real headless Chromium: what gets filled, what must stay empty."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, Optional

import pytest
from pydantic import SecretStr

from autofill.fill.plan import FillAction
from autofill.flow.browser import browser
from autofill.flow.filler import apply_fill

REGISTER = "window.__autofillFields = Array.from(document.querySelectorAll('input,select,textarea'));"

MAIN = """<!doctype html><html><body style="margin:20px">
<form>
<input id="plain" name="plain">
<select name="country"><option value="">--</option><option value="FR">France</option><option value="GB">United Kingdom</option></select>
<input type="checkbox" name="same">
<input name="react" id="react">
<input name="mask" id="mask">
<input name="hidden" style="display:none">
<div style="position:relative;display:inline-block"><input name="covered"><div style="position:absolute;left:0;top:0;right:0;bottom:0;background:#fff"></div></div>
<input name="retyped">
<input name="clipped" style="position:absolute;clip:rect(0,0,0,0)">
<details><summary>More</summary><input name="indetails"></details>
<div aria-hidden="true"><input name="aria"></div>
<div style="opacity:0"><input name="transparent"></div>
<input name="tiny" style="width:1px;height:1px;padding:0;border:0">
<input name="offscreen" style="position:absolute;left:-5000px">
<span style="position:relative"><input type="checkbox" id="styled" name="styled" style="opacity:0;position:absolute">
<label for="styled" style="padding-left:20px">I accept the terms</label></span>
<input type="radio" name="ship" value="std"><input type="radio" name="ship" value="exp">
<textarea name="notes"></textarea>
<div id="host"></div>
<div style="height:2000px"></div>
<input name="far">
</form>
<script>
  // React-like controlled input: the DOM value follows state, and state changes only on input events.
  const r = document.getElementById('react'); let state = '';
  r.addEventListener('input', () => { state = r.value; });
  r.addEventListener('change', () => { setTimeout(() => { r.value = state; }, 0); });
  r.addEventListener('blur', () => { r.value = state; });
  // Card-number mask that only accepts real key presses and reformats in groups of four.
  const m = document.getElementById('mask'); let buf = '';
  const fmt = b => b.replace(/(\\d{4})(?=\\d)/g, '$1 ');
  m.addEventListener('keydown', e => {
    if (/^\\d$/.test(e.key)) buf += e.key; else if (e.key === 'Backspace') buf = buf.slice(0, -1);
    else if (e.key.length !== 1) return;
    e.preventDefault(); m.value = fmt(buf);
  });
  m.addEventListener('input', () => { m.value = fmt(buf); });
  m.addEventListener('change', () => { m.value = fmt(buf); });
  const root = document.getElementById('host').attachShadow({mode: 'open'});
  root.innerHTML = '<label>Shadow <input name="shadowed"></label>';
  window.__autofillFields = Array.from(document.querySelectorAll('input,select,textarea'))
    .concat(Array.from(root.querySelectorAll('input')));
</script></body></html>"""

FRAME = f"""<!doctype html><html><body><input name="number"><input name="email"><script>{REGISTER}</script></body></html>"""


def _server(pages: dict[str, str]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server API
            body = pages.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str]]:
    other = _server({"/frame.html": FRAME})
    other_url = f"http://127.0.0.1:{other.server_address[1]}"
    main = _server({"/main.html": MAIN, "/framed.html": f'<!doctype html><iframe src="{other_url}/frame.html" '
                    f'style="width:600px;height:200px"></iframe><input name="top">',
                    "/frame.html": FRAME})
    try:
        yield f"http://127.0.0.1:{main.server_address[1]}", other_url
    finally:
        for s in (main, other):
            s.shutdown()
            s.server_close()


@pytest.fixture(scope="module")
def driver():
    with browser() as d:
        yield d


def keys_by_name(driver) -> dict[str, str]:
    names = driver.execute_script("return window.__autofillFields.map(e => e.name)")
    out: dict[str, str] = {}
    for i, n in enumerate(names):
        out.setdefault(n, str(i))  # a radio group: its first box
    return out


def act(keys: dict[str, str], name: str, value: str = "x", *, kind: str = "text", tag: str = "input",
        input_type: str = "text", prediction: str = "name", option_index: Optional[int] = None,
        checked: Optional[bool] = None, frame: Optional[list[int]] = None) -> FillAction:
    return FillAction(frame=frame or [], key=keys[name], index=int(keys[name]), tag=tag, input_type=input_type,
                      name=name, prediction=prediction, kind=kind, value=SecretStr(value), option_index=option_index,
                      checked=checked, secret=prediction == "cc-number", display="shown")


def dom(driver, name: str, prop: str = "value"):
    return driver.execute_script(
        "const e = window.__autofillFields.find(e => e.name === arguments[0]); return e[arguments[1]];", name, prop)


def test_fills_what_a_person_can_reach(driver, servers) -> None:
    base, _ = servers
    driver.get(base + "/main.html")
    k = keys_by_name(driver)
    driver.execute_script("window.__autofillFields.find(e => e.name === 'retyped').type = 'number'")
    actions = [
        act(k, "plain", "Jane"),
        act(k, "country", "GB", kind="select", tag="select", input_type="", prediction="country", option_index=2),
        act(k, "same", "true", kind="checkbox", input_type="checkbox", prediction="unknown", checked=True),
        act(k, "react", "Doe"),
        act(k, "mask", "4111111111111111", prediction="cc-number"),
        act(k, "styled", "true", kind="checkbox", input_type="checkbox", prediction="unknown", checked=True),
        act(k, "ship", "true", kind="radio", input_type="radio", prediction="unknown", checked=True),
        act(k, "notes", "221B Baker Street\nFlat 2", tag="textarea", input_type="", prediction="street-address"),
        act(k, "shadowed", "in shadow"),
        act(k, "far", "below the fold"),
    ]
    refused = {n: act(k, n, "SHOULD-NOT-APPEAR") for n in (
        "hidden", "covered", "clipped", "indetails", "aria", "transparent", "tiny", "offscreen")}
    refused["retyped"] = act(k, "retyped", "12")
    results = apply_fill(driver, actions + list(refused.values()))
    res = {r.name: r for r in results}

    assert dom(driver, "plain") == "Jane"
    assert dom(driver, "country", "selectedIndex") == 2
    assert dom(driver, "same", "checked") is True
    assert dom(driver, "react") == "Doe"
    assert dom(driver, "mask") == "4111 1111 1111 1111"
    assert dom(driver, "styled", "checked") is True
    assert dom(driver, "ship", "checked") is True
    assert dom(driver, "notes") == "221B Baker Street\nFlat 2"
    assert dom(driver, "shadowed") == "in shadow"
    assert dom(driver, "far") == "below the fold"
    for name in ("plain", "country", "same", "react", "styled", "ship", "notes", "shadowed", "far"):
        assert (res[name].ok, res[name].method) == (True, "js"), (name, res[name].reason)
    assert (res["mask"].ok, res["mask"].method) == (True, "keys")

    for name in refused:
        assert dom(driver, name) == "", name
        assert not res[name].ok and res[name].reason, name
    assert res["retyped"].reason == "field changed since extraction"
    assert res["hidden"].reason == "hidden (display)"
    assert res["covered"].reason == "covered"
    assert res["indetails"].reason == "hidden (closed details)"
    assert res["aria"].reason == "hidden (aria-hidden)"
    assert "4111" not in repr(results) and "SHOULD-NOT" not in repr(results)


def test_already_in_state_and_missing_fields(driver, servers) -> None:
    base, _ = servers
    driver.get(base + "/main.html")
    k = keys_by_name(driver)
    driver.execute_script("const e = window.__autofillFields.find(e => e.name === 'same'); e.checked = true;")
    gone = act(k, "plain", "Jane")
    gone.key = "999"
    results = apply_fill(driver, [
        act(k, "same", "true", kind="checkbox", input_type="checkbox", prediction="unknown", checked=True),
        act(k, "styled", "false", kind="checkbox", input_type="checkbox", prediction="unknown", checked=False),
        gone,
    ])
    assert [r.ok for r in results] == [True, True, False]
    # no click when the box is already as wanted (a click would toggle it)
    assert dom(driver, "same", "checked") is True
    assert dom(driver, "styled", "checked") is False
    assert results[2].reason == "field not found"


def test_card_data_stays_out_of_foreign_frames(driver, servers) -> None:
    base, other = servers
    driver.get(base + "/framed.html")
    driver.execute_script(REGISTER)

    def frame_actions() -> list[FillAction]:
        k = {"number": "0", "email": "1"}
        return [act(k, "number", "4111111111111111", prediction="cc-number", frame=[0]),
                act(k, "email", "jane@example.com", prediction="email", frame=[0])]

    results = apply_fill(driver, frame_actions())
    assert [r.ok for r in results] == [False, True]
    assert results[0].reason == "card data not allowed in this frame"
    driver.switch_to.frame(0)
    assert driver.execute_script("return window.__autofillFields.map(e => e.value)") == ["", "jane@example.com"]
    driver.switch_to.default_content()

    results = apply_fill(driver, frame_actions(), card_origins=[other])
    assert [r.ok for r in results] == [True, True]
    driver.switch_to.frame(0)
    assert driver.execute_script("return window.__autofillFields[0].value") == "4111111111111111"
    driver.switch_to.default_content()

    bad = act({"top": "0"}, "top", "x", frame=[5])
    assert apply_fill(driver, [bad])[0].reason == "frame not found"


PLAN_PAGE = """<!doctype html><html><body><form>
<input name="fname"><input name="email" type="email">
<select name="country"><option value="">Pays</option><option value="FR">France</option><option value="UK">Royaume-Uni</option></select>
<select name="mm"><option value="">Mois</option><option>janv.</option><option>févr.</option><option>mars</option>
<option>avr.</option><option>mai</option><option>juin</option><option>juil.</option><option>août</option>
<option>sept.</option><option>oct.</option><option>nov.</option><option>déc.</option></select>
<input name="cc1" maxlength="4"><input name="cc2" maxlength="4"><input name="cc3" maxlength="4"><input name="cc4" maxlength="4">
</form><script>""" + REGISTER + """</script></body></html>"""


def test_plan_then_fill(driver) -> None:
    """The plan's actions drive the filler end to end: the DOM ends up as the profile says."""
    from autofill.field import Field
    from autofill.fill.plan import plan_fill
    from autofill.fill.profile import DEMO_PROFILE, Profile
    from autofill.page.descriptor import FieldDescriptor, Option

    driver.get("data:text/html;charset=utf-8," + PLAN_PAGE.replace("#", "%23"))
    fields = driver.execute_script(
        "return window.__autofillFields.map(e => [e.tagName.toLowerCase(), e.type, e.name, e.maxLength,"
        " e.options ? Array.from(e.options).map(o => [o.text, o.value]) : []])")
    preds = {"fname": ("given-name", None), "email": ("email", None), "country": ("country", None),
             "mm": ("cc-exp-month", None), "cc1": ("cc-number", 1), "cc2": ("cc-number", 2),
             "cc3": ("cc-number", 3), "cc4": ("cc-number", 4)}
    pairs = []
    for i, (tag, typ, name, maxlength, options) in enumerate(fields):
        input_type = typ if tag == "input" else ""
        d = FieldDescriptor(frame=[], form=0, index=i, tag=tag, input_type=input_type, name=name, key=str(i),
                            maxlength=maxlength if maxlength and maxlength > 0 else None,
                            options=[Option(t, v) for t, v in options])
        pred, part = preds[name]
        f = Field(frame=[], form=0, index=i, tag=tag, input_type=input_type, id="", name=name, label="",
                  placeholder="", autocomplete="", visible=True, prediction=pred, section=None, part=part,
                  confidence=1.0, source="rules")
        pairs.append((d, f))
    plan = plan_fill(pairs, Profile.load(DEMO_PROFILE))
    assert plan.unfilled_required == []
    results = apply_fill(driver, plan.actions)
    assert all(r.ok for r in results), [(r.name, r.reason) for r in results]
    got = driver.execute_script("return window.__autofillFields.map(e => e.value)")
    assert got == ["Jane", "jane.doe@example.com", "UK", "déc.", "4111", "1111", "1111", "1111"]
    assert "4111" not in repr(results) + repr(plan)
