"""`autofill record`: a live page (web component with an open shadow root, a same-origin card
iframe, a select built by script, a hidden field) saved as a static fixture gives the same fields
statically as the browser gives live, its starter labels point at every field, and nothing typed
or filled in by the page (card number included) reaches the saved files."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
import yaml

from autofill import Engine
from autofill.fixtures_server.model import LabelField
from autofill.flow.browser import browser
from autofill.record import css_selector, record_page
from autofill.page.static import parse_html

from pagesrv import serve  # tests/ is on sys.path (rootdir conftest)

SHOP = """<!doctype html><html><head><meta charset="utf-8"><title>Checkout</title></head><body>
<h1>Checkout</h1>
<form id="checkout" action="/pay" method="post">
<h2>Shipping address</h2>
<label for="email">Email</label><input id="email" name="email" type="email">
<label for="fn">First name</label><input id="fn" name="firstname">
<label for="ln">Last name</label><input id="ln" name="lastname">
<address-fields></address-fields>
<label for="country">Country</label><select id="country" name="country"></select>
<input name="trap" style="position:absolute;left:-5000px" aria-label="Leave empty">
<h2>Payment</h2>
<iframe id="card-frame" src="card.html" style="width:600px;height:160px;border:0"></iframe>
<label><input type="checkbox" name="newsletter"> Send me offers</label>
<div class="row"><label>Quantity <input name="qty" value="1"></label></div>
<div class="row"><label>Quantity <input name="qty" value="2"></label></div>
<textarea name="note">Typed note</textarea>
</form>
<script>
customElements.define("address-fields", class extends HTMLElement {
  constructor() { super(); const r = this.attachShadow({mode: "open"});
    r.innerHTML = '<label for="a1">Street address</label><input id="a1" name="address1">' +
      '<label for="city">City</label><input id="city" name="city">' +
      '<label for="zip">Postcode</label><input id="zip" name="postcode">'; }
});
const sel = document.getElementById("country");
for (const [v, t] of [["", "Select a country"], ["GB", "United Kingdom"], ["DE", "Germany"], ["FR", "France"]]) {
  const o = document.createElement("option"); o.value = v; o.textContent = t; sel.appendChild(o); }
document.getElementById("email").setAttribute("value", "typed.person@example.com");
</script></body></html>
"""

CARD = """<!doctype html><html><body><form>
<label for="cc">Card number</label><input id="cc" name="cardnumber" value="4111111111111111" inputmode="numeric">
<label for="exp">Expiry (MM/YY)</label><input id="exp" name="exp">
<label for="cvc">Security code</label><input id="cvc" name="cvc" maxlength="4" value="737">
</form><script>document.getElementById("exp").value = "12/30";</script></body></html>
"""

NAMES = ["email", "firstname", "lastname", "address1", "city", "postcode", "country", "trap", "cardnumber",
         "exp", "cvc", "newsletter", "qty", "qty", "note"]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    site = tmp_path_factory.mktemp("record_site")
    (site / "shop.html").write_text(SHOP, encoding="utf-8")
    (site / "card.html").write_text(CARD, encoding="utf-8")
    out = tmp_path_factory.mktemp("record_out") / "fixture"
    with serve(site) as base:
        url = f"{base}/shop.html"
        page = record_page(url, out, timeout=30)
        yield url, page


@pytest.fixture(scope="module")
def live_result(recorded):
    url, _ = recorded
    return Engine().classify_target(url, timeout=30)


def test_files_written(recorded) -> None:
    _, page = recorded
    assert page.name == "page.html" and page.is_file()
    assert (page.parent / "labels.yaml").is_file()


def test_no_values_keys_or_scripts_saved(recorded) -> None:
    _, page = recorded
    text = page.read_text(encoding="utf-8") + (page.parent / "labels.yaml").read_text(encoding="utf-8")
    for secret in ("4111111111111111", "737", "12/30", "typed.person@example.com", "Typed note"):
        assert secret not in text
    assert "data-autofill-key" not in text
    assert "<script" not in text.lower()


def test_round_trip_same_fields_as_the_browser(recorded, live_result) -> None:
    _, page = recorded
    static = Engine().classify_html(page.read_text(encoding="utf-8"))

    def key(f):
        return (f.index, f.name, f.tag, f.input_type, f.frame, f.form, f.prediction, f.section, f.part, f.visible)

    assert live_result.mode == "browser"
    assert [f.name for f in live_result.fields] == NAMES
    assert [key(f) for f in static] == [key(f) for f in live_result.fields]
    # The browser's own judgement of the off-screen trap survives as static visibility.
    trap = next(f for f in static if f.name == "trap")
    assert trap.visible is False
    assert [f.frame for f in static if f.name in ("cardnumber", "exp", "cvc")] == [[0], [0], [0]]


def test_starter_labels(recorded, live_result) -> None:
    _, page = recorded
    raw = (page.parent / "labels.yaml").read_text(encoding="utf-8")
    assert raw.startswith("# Starter labels")
    assert "PREDICTION" in raw.splitlines()[1]
    doc = yaml.safe_load(raw)
    entries = doc["fields"]
    assert len(entries) == len(NAMES)
    labels = [LabelField(**e) for e in entries]  # the fixture label format, extra keys forbidden
    assert [e.type for e in labels] == [f.prediction for f in live_result.fields]
    assert [e.section for e in labels] == [f.section for f in live_result.fields]
    by = {e.selector: e for e in labels}
    assert by["#a1"].shadow == ["address-fields"]
    assert by["#cc"].frame == ["#card-frame"]
    assert by["#email"].frame == [] and by["#email"].shadow == []


FIND = """
const [frames, shadow, selector] = arguments;
let root = document;
for (const s of shadow) { const hosts = root.querySelectorAll(s); if (hosts.length !== 1) return ['host', hosts.length]; root = hosts[0].shadowRoot; }
const found = root.querySelectorAll(selector);
return [found.length, found.length ? (found[0].name || '') : ''];
"""


def test_every_label_selector_finds_its_field_in_the_browser(recorded) -> None:
    url, page = recorded
    entries = yaml.safe_load((page.parent / "labels.yaml").read_text(encoding="utf-8"))["fields"]
    with browser(timeout=30) as drv:
        drv.get(url)
        got = []
        for e in entries:
            drv.switch_to.default_content()
            for fsel in e.get("frame", []):
                drv.switch_to.frame(drv.find_element("css selector", fsel))
            got.append(drv.execute_script(FIND, e.get("frame", []), e.get("shadow", []), e["selector"]))
    assert got == [[1, n] for n in NAMES]


def test_css_selector_fallbacks() -> None:
    root = parse_html("<form id='f'><div><input name='q'></div><div><input name='q'></div>"
                      "<input id='a b' name='x'><input id='dup'><input id='dup' name='y'><my-box></my-box></form>")
    assert root is not None
    els = list(root.iter("input")) + list(root.iter("my-box"))
    assert [css_selector(e) for e in els] == [
        "#f > div:nth-of-type(1) > input:nth-of-type(1)[name=\"q\"]",
        "#f > div:nth-of-type(2) > input:nth-of-type(1)[name=\"q\"]",
        "[id=\"a b\"]",
        "#f > input:nth-of-type(2)",
        "input[name=\"y\"]",
        "my-box",
    ]


def test_record_command_unreachable_url(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from autofill.cli import main

    out = tmp_path / "never"
    with pytest.raises(SystemExit) as exc:
        main(["record", "http://127.0.0.1:9/", str(out), "--timeout", "10"])
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert len(err.splitlines()) == 1 and err.startswith("autofill: cannot reach")
    assert not out.exists()
