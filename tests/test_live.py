"""Live extraction (`autofill.page.live.capture`) in real headless Chromium: visibility as a person
would judge it, fields in shadow roots and same-origin frames, fields built by script after load,
and the live value after typing. One browser and one local server for the whole module."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from autofill.flow.browser import browser
from autofill.page.descriptor import FieldDescriptor
from autofill.page.live import capture

from pagesrv import serve  # tests/ is on sys.path (rootdir conftest)

VISIBILITY_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>visibility</title>
<style>
body { margin: 0; font: 16px sans-serif; }
.row { margin: 8px; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
           clip: rect(0,0,0,0); border: 0; }
</style></head><body>
<form id="f">
<div class="row"><label for="normal">Normal</label><input id="normal" name="normal"></div>
<div class="row"><input name="display" style="display:none"></div>
<div class="row" style="display:none"><input name="display_ancestor"></div>
<div class="row"><input name="visibility" style="visibility:hidden"></div>
<div class="row" style="visibility:hidden"><input name="visibility_ancestor"></div>
<div class="row"><input name="opacity" style="opacity:0"></div>
<div class="row" style="opacity:0"><input name="opacity_ancestor"></div>
<div class="row"><input name="zero_size" style="width:0;height:0;padding:0;border:0"></div>
<div class="row"><input name="one_px" style="width:1px;height:1px;padding:0;border:0"></div>
<div class="row"><input name="offscreen_left" style="position:absolute;left:-9999px;top:0"></div>
<div class="row"><input name="offscreen_top" style="position:absolute;top:-500px"></div>
<div class="row"><input name="clip" class="sr-only"></div>
<div class="row"><input name="clip_path" style="clip-path: inset(50%)"></div>
<div class="row" style="position:relative"><input name="covered" style="width:200px;height:30px">
  <div style="position:absolute;left:0;top:0;width:300px;height:40px;background:#fff;z-index:5">cover</div></div>
<details class="row"><summary>More <input name="in_summary"></summary><input name="in_closed_details"></details>
<details class="row" open><summary>Open</summary><input name="in_open_details"></details>
<div class="row" aria-hidden="true" style="height:0;overflow:hidden"><input name="aria_hidden_zero_height"></div>
<div class="row"><input type="checkbox" id="styled" name="styled_checkbox" style="opacity:0;position:absolute">
  <label for="styled">Styled checkbox</label></div>
<div style="height:3000px">spacer</div>
<div class="row"><label>Below the fold <input name="below_fold"></label></div>
</form></body></html>
"""

COMPONENT_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>components</title></head><body>
<h2>Shipping</h2>
<form id="ship">
<label for="email">Email</label><input id="email" name="email" type="email">
<address-box></address-box>
<iframe id="pay" src="frame.html" style="width:500px;height:120px;border:0"></iframe>
<div id="later"></div>
<label for="typed">Notes</label><input id="typed" name="notes">
</form>
<script>
customElements.define("address-box", class extends HTMLElement {
  constructor() { super(); const r = this.attachShadow({mode: "open"});
    r.innerHTML = '<label>Postcode <input name="postcode"></label>' +
                  '<label for="c">City</label><input id="c" name="city">'; }
});
setTimeout(() => {
  const s = document.createElement("select"); s.name = "country";
  for (const [v, t] of [["", "Choose"], ["DE", "Germany"], ["GB", "United Kingdom"]]) {
    const o = document.createElement("option"); o.value = v; o.textContent = t; s.appendChild(o); }
  const l = document.createElement("label"); l.textContent = "Country "; l.appendChild(s);
  document.getElementById("later").appendChild(l);
}, 150);
</script></body></html>
"""

FRAME_PAGE = """<!doctype html><html><body><form><label for="n">Card number</label>
<input id="n" name="cardnumber" autocomplete="cc-number"></form></body></html>"""


CROSS_PAGE = """<!doctype html><html><body><form>
<label for="a">Email</label><input id="a" name="email">
<iframe src="{other}/frame.html" style="width:500px;height:120px;border:0"></iframe>
<label for="z">Postcode</label><input id="z" name="postcode">
</form></body></html>"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("live_pages")
    (root / "visibility.html").write_text(VISIBILITY_PAGE, encoding="utf-8")
    (root / "components.html").write_text(COMPONENT_PAGE, encoding="utf-8")
    (root / "frame.html").write_text(FRAME_PAGE, encoding="utf-8")
    with serve(root) as url:
        # localhost and 127.0.0.1 are different origins: the same server gives a cross-origin frame.
        (root / "cross.html").write_text(CROSS_PAGE.replace("{other}", url.replace("127.0.0.1", "localhost")),
                                         encoding="utf-8")
        yield url


@pytest.fixture(scope="module")
def drv():
    with browser(timeout=30) as d:
        yield d


def _by_name(descs: list[FieldDescriptor]) -> dict[str, FieldDescriptor]:
    return {d.name: d for d in descs}


@pytest.fixture(scope="module")
def visibility(drv, base_url: str) -> dict[str, FieldDescriptor]:
    drv.get(f"{base_url}/visibility.html")
    return _by_name(capture(drv).descriptors())


def _open_components(drv, base_url: str) -> None:
    drv.get(f"{base_url}/components.html")
    WebDriverWait(drv, 10).until(lambda d: d.execute_script("return !!document.querySelector('select[name=country]')"))


HIDDEN = ["display", "display_ancestor", "visibility", "visibility_ancestor", "opacity", "opacity_ancestor",
          "zero_size", "one_px", "offscreen_left", "offscreen_top", "clip", "clip_path", "covered",
          "in_closed_details", "aria_hidden_zero_height"]
VISIBLE = ["normal", "in_summary", "in_open_details", "styled_checkbox", "below_fold"]


def test_every_field_is_listed_once_in_document_order(visibility: dict[str, FieldDescriptor]) -> None:
    order = ["normal", "display", "display_ancestor", "visibility", "visibility_ancestor", "opacity",
             "opacity_ancestor", "zero_size", "one_px", "offscreen_left", "offscreen_top", "clip", "clip_path",
             "covered", "in_summary", "in_closed_details", "in_open_details", "aria_hidden_zero_height",
             "styled_checkbox", "below_fold"]
    assert sorted(visibility.values(), key=lambda d: d.index)[0].name == "normal"
    assert [d.name for d in sorted(visibility.values(), key=lambda d: d.index)] == order
    assert [d.index for d in sorted(visibility.values(), key=lambda d: d.index)] == list(range(len(order)))


@pytest.mark.parametrize("name", HIDDEN)
def test_hidden_fields(visibility: dict[str, FieldDescriptor], name: str) -> None:
    assert visibility[name].visible is False


@pytest.mark.parametrize("name", VISIBLE)
def test_visible_fields(visibility: dict[str, FieldDescriptor], name: str) -> None:
    assert visibility[name].visible is True


def test_live_fields_carry_box_key_and_labels(visibility: dict[str, FieldDescriptor]) -> None:
    normal, below = visibility["normal"], visibility["below_fold"]
    assert normal.label == "Normal" and below.label == "Below the fold"
    assert normal.key is not None and normal.box is not None and normal.box.width > 16
    assert below.box is not None and below.box.y > 3000  # page coordinates, not the viewport's


def test_capture_leaves_no_key_attributes(drv, base_url: str) -> None:
    drv.get(f"{base_url}/visibility.html")
    page = capture(drv)
    assert "data-autofill-key" not in drv.execute_script("return document.documentElement.outerHTML")
    assert 'data-autofill-key="0"' in page.frames[0].html  # the serialised copy carries them


def test_shadow_roots_frames_and_script_built_fields(drv, base_url: str) -> None:
    _open_components(drv, base_url)
    page = capture(drv)
    assert [(f.path, f.url.rsplit("/", 1)[-1]) for f in page.frames] == [([], "components.html"), ([0], "frame.html")]
    descs = page.descriptors()
    got = [(d.name, d.frame, d.shadow, d.form, d.visible, d.label) for d in descs]
    assert got == [
        ("email", [], [], 0, True, "Email"),
        ("postcode", [], ["address-box"], 0, True, "Postcode"),
        ("city", [], ["address-box"], 0, True, "City"),
        ("cardnumber", [0], [], 0, True, "Card number"),  # where its iframe is: document order
        ("country", [], [], 0, True, "Country"),
        ("notes", [], [], 0, True, "Notes"),
    ]
    assert [d.index for d in descs] == list(range(6))
    country = descs[4]
    assert [(o.text, o.value) for o in country.options] == [("Choose", ""), ("Germany", "DE"), ("United Kingdom", "GB")]
    assert descs[3].frame_origin == descs[0].frame_origin


def test_live_value_after_typing(drv, base_url: str) -> None:
    _open_components(drv, base_url)
    drv.find_element(By.ID, "typed").send_keys("Leave at the door")
    host = drv.find_element(By.CSS_SELECTOR, "address-box")
    host.shadow_root.find_element(By.CSS_SELECTOR, "input[name=postcode]").send_keys("10115")
    drv.execute_script("document.querySelector('select[name=country]').value = 'GB'")
    f = _by_name(capture(drv).descriptors())
    assert f["notes"].value == "Leave at the door"
    assert f["postcode"].value == "10115"
    assert [o.selected for o in f["country"].options] == [False, False, True]
    assert f["email"].value == ""


def test_fields_added_after_capture_are_seen_by_the_next_capture(drv, base_url: str) -> None:
    _open_components(drv, base_url)
    before = [d.name for d in capture(drv).descriptors()]
    drv.execute_script("const i = document.createElement('input'); i.name = 'coupon';"
                       "i.setAttribute('aria-label', 'Discount code'); document.getElementById('ship').appendChild(i);")
    after = capture(drv).descriptors()
    assert "coupon" not in before
    assert [d.name for d in after] == before + ["coupon"]
    assert after[-1].label == "Discount code" and after[-1].visible is True


def test_cross_origin_frame_fields_in_document_order(drv, base_url: str) -> None:
    drv.get(f"{base_url}/cross.html")
    descs = capture(drv).descriptors()
    assert [(d.name, d.frame, d.index) for d in descs] == [("email", [], 0), ("cardnumber", [0], 1), ("postcode", [], 2)]
    assert descs[0].frame_origin == base_url
    assert descs[1].frame_origin == base_url.replace("127.0.0.1", "localhost")
    assert descs[1].label == "Card number" and descs[1].visible is True
