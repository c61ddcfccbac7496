"""Scripted choice widgets (issue #9): extraction, plan and real-browser operation.

The browser pages below reproduce what each library renders and, above all, what it listens to:
the handlers ignore untrusted (script-dispatched) events, as no library reacts to a value set by
script. So a fill that does not operate the widget as a person does leaves the carrier empty and
these tests fail.

- Headless UI Listbox: `button[aria-haspopup=listbox]`, `aria-labelledby` naming the label and the
  button itself, a popup rendered only once opened (on click), hidden inputs carrying the value
  (none at all while nothing is chosen).
- Radix Select: `button[role=combobox]` with `data-placeholder`, opening on pointerdown, choosing on
  pointerup, a portal at the end of <body>, and inside a form a hidden `select[aria-hidden]`
  holding the options (here with German country names: the matcher's languages).
- react-select: an auto-sized `input[role=combobox]` (a few pixels wide), a menu that opens on
  mousedown of its control, options filtered by what is typed, a hidden input for the value.
- an asynchronous type-ahead: no option until something is typed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from pydantic import SecretStr

from autofill import Engine
from autofill.fill.plan import FillAction, plan_fill
from autofill.fill.profile import DEMO_PROFILE, Profile
from autofill.fill.widgets import choose_option
from autofill.flow.filler import apply_fill
from autofill.page.descriptor import Option
from autofill.page.live import capture
from autofill.page.static import extract_html

from pagesrv import serve  # tests/ is on sys.path (rootdir conftest)

COUNTRIES = [("AU", "Australia"), ("FR", "France"), ("DE", "Germany"), ("IE", "Ireland"), ("GB", "United Kingdom")]
COUNTRIES_DE = [("AU", "Australien"), ("FR", "Frankreich"), ("DE", "Deutschland"), ("IE", "Irland"),
                ("GB", "Vereinigtes Königreich")]
COUNTIES = ["Cornwall", "Greater London", "Kent", "Yorkshire"]

# -- shared page script: a popup of role=option divs under (or portalled away from) a control --
_LIB = r"""
function popupFor(ctrl, items, onPick, portal) {
  const box = document.createElement('div');
  box.setAttribute('role', 'listbox'); box.id = ctrl.id + '-options';
  box.style.cssText = 'position:absolute;background:#fff;border:1px solid #999;max-height:120px;overflow:auto;z-index:9;width:300px';
  const r = ctrl.getBoundingClientRect();
  box.style.left = (r.left + scrollX) + 'px'; box.style.top = (r.bottom + scrollY + 2) + 'px';
  for (const [value, text] of items) {
    const o = document.createElement('div');
    o.setAttribute('role', 'option'); o.textContent = text; o.style.padding = '4px';
    o.dataset.v = value; box.appendChild(o);
  }
  box.addEventListener(portal ? 'pointerup' : 'click', e => {
    const o = e.target.closest('[role=option]');
    if (o && e.isTrusted) onPick(o.dataset.v, o.textContent);
  });
  (portal ? document.body : ctrl.parentElement).appendChild(box);
  ctrl.setAttribute('aria-expanded', 'true'); ctrl.setAttribute('aria-controls', box.id);
  return box;
}
function closePopup(ctrl) {
  const box = document.getElementById(ctrl.id + '-options');
  if (box) box.remove();
  ctrl.setAttribute('aria-expanded', 'false'); ctrl.removeAttribute('aria-controls');
}
document.addEventListener('keydown', e => {
  if (e.key === 'Escape') document.querySelectorAll('[aria-expanded=true]').forEach(closePopup);
});
"""

HEADLESS = """<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:20px;font:16px sans-serif"><form id="f">
<label for="email">Email</label> <input id="email" name="email" type="email"><br>
<div class="field"><label id="l-country" for="hui-control-1">Country</label>
<button type="button" id="country" aria-haspopup="listbox" aria-expanded="false" aria-labelledby="l-country country"
 style="width:300px;height:32px"><span>Select…</span><span aria-hidden="true">▾</span></button></div>
<div class="field"><label id="l-county" for="hui-control-2">County</label>
<button type="button" id="county" aria-haspopup="listbox" aria-expanded="false" aria-labelledby="l-county county"
 style="width:300px;height:32px"><span>Choose a county</span><span aria-hidden="true">▾</span></button></div>
<div class="field"><label id="l-month" for="hui-control-3">Expiry month</label>
<button type="button" id="exp-month" aria-haspopup="listbox" aria-expanded="false" aria-labelledby="l-month exp-month"
 style="width:300px;height:32px"><span>MM</span><span aria-hidden="true">▾</span></button></div>
</form><div style="height:600px"></div>
<script>__LIB__
function headless(id, name, items) {
  const b = document.getElementById(id);
  b.addEventListener('click', e => {
    if (!e.isTrusted) return;
    if (b.getAttribute('aria-expanded') === 'true') { closePopup(b); return; }
    popupFor(b, items, (v, t) => {
      b.firstElementChild.textContent = t; closePopup(b);
      // Headless UI renders its hidden inputs only once there is a value
      let span = b.parentElement.querySelector('span[hidden]');
      if (!span) { span = document.createElement('span'); span.hidden = true; b.parentElement.appendChild(span);
                   span.innerHTML = '<input type="hidden"><input type="hidden" name="' + name + '">'; }
      span.lastElementChild.value = v;
    });
  });
}
headless('country', 'country', __COUNTRIES__);
headless('county', 'region', __COUNTIES__);
headless('exp-month', 'exp_month', __MONTHS__);
</script></body></html>"""

RADIX = """<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:20px;font:16px sans-serif"><form id="f">
<div class="field"><label id="country-label" for="country">Land</label>
<button type="button" role="combobox" id="country" aria-expanded="false" aria-autocomplete="none" data-placeholder=""
 aria-labelledby="country-label" style="width:300px;height:32px"><span style="pointer-events:none">Land wählen</span><span aria-hidden="true">▾</span></button>
<select aria-hidden="true" tabindex="-1" name="country" style="position:absolute;pointer-events:none;opacity:0;margin:0;transform:translateX(-100%)">
<option value=""></option>__OPTIONS__</select></div>
<div class="field"><label for="city">Stadt</label> <input id="city" name="city"></div>
</form><div style="height:600px"></div>
<script>__LIB__
const b = document.getElementById('country'), sel = document.querySelector('select[name=country]');
b.addEventListener('pointerdown', e => {   // Radix opens on pointerdown, not on click
  if (!e.isTrusted || e.button !== 0) return;
  e.preventDefault();
  if (b.getAttribute('aria-expanded') === 'true') return;
  popupFor(b, Array.from(sel.options).filter(o => o.value).map(o => [o.value, o.text]), (v, t) => {
    b.firstElementChild.textContent = t; b.removeAttribute('data-placeholder'); sel.value = v; closePopup(b);
  }, true);
});
</script></body></html>"""

REACT_SELECT = """<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:20px;font:16px sans-serif"><form id="f">
<div class="field"><label for="country">Country/region</label>
<div class="container"><span class="a11y" style="position:absolute;clip:rect(0 0 0 0);width:1px;height:1px;overflow:hidden" aria-live="polite"></span>
<div class="control" style="width:300px;height:32px;border:1px solid #999;display:flex;align-items:center">
<div class="value" style="display:grid;flex:1"><div class="single" style="grid-area:1/1"></div>
<div class="input-container" style="grid-area:1/1"><input id="country" role="combobox" aria-autocomplete="list" aria-expanded="false"
 aria-haspopup="true" autocomplete="off" style="width:4px;border:0;padding:0;outline:0"></div></div>
<div aria-hidden="true">▾</div></div><input type="hidden" name="country" value=""></div></div>
<div class="field"><label for="region">Region</label>
<div class="container"><div class="control" style="width:300px;height:32px;border:1px solid #999;display:flex;align-items:center">
<div class="value" style="display:grid;flex:1"><div class="single" style="grid-area:1/1"></div>
<div class="input-container" style="grid-area:1/1"><input id="region" role="combobox" aria-autocomplete="list" aria-expanded="false"
 autocomplete="off" style="width:4px;border:0;padding:0;outline:0"></div></div></div>
<input type="hidden" name="region" value=""></div></div>
</form><div style="height:600px"></div>
<script>__LIB__
function reactSelect(id, items, asyncOnly) {
  const input = document.getElementById(id), control = input.closest('.control');
  const single = control.querySelector('.single'), hidden = control.parentElement.querySelector('input[type=hidden]');
  const menu = () => {
    closePopup(input);
    const q = input.value.toLowerCase();
    if (asyncOnly && !q) return;   // options load only once something is typed
    const shown = items.filter(([v, t]) => t.toLowerCase().includes(q));
    popupFor(input, shown, (v, t) => {
      single.textContent = t; hidden.value = v; input.value = ''; input.style.opacity = '0'; closePopup(input);
    });
  };
  control.addEventListener('mousedown', e => {   // react-select opens on mousedown of its control
    if (!e.isTrusted || e.target.closest('[role=listbox]')) return;
    input.focus(); if (input.getAttribute('aria-expanded') !== 'true') menu();
  });
  input.addEventListener('input', e => { if (e.isTrusted) { input.style.opacity = '1'; single.textContent = ''; menu(); } });
  input.addEventListener('blur', () => { input.value = ''; setTimeout(() => closePopup(input), 150); });
}
reactSelect('country', __COUNTRIES__, false);
reactSelect('region', __COUNTIES__, true);
</script></body></html>"""


def _page(template: str) -> str:
    import json

    months = [(f"{m:02d}", f"{m:02d}") for m in range(1, 13)]
    options = "".join(f'<option value="{c}">{n}</option>' for c, n in COUNTRIES_DE)
    return (template.replace("__LIB__", _LIB).replace("__COUNTRIES__", json.dumps(COUNTRIES))
            .replace("__COUNTIES__", json.dumps([[c, c] for c in COUNTIES])).replace("__MONTHS__", json.dumps(months))
            .replace("__OPTIONS__", options))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("widgets")
    for name, tpl in (("headless", HEADLESS), ("radix", RADIX), ("reactselect", REACT_SELECT)):
        (root / f"{name}.html").write_text(_page(tpl), encoding="utf-8")
    with serve(root) as base:
        yield base


def _fill(driver, engine: Engine, profile: Profile, rounds: int = 2) -> list:
    """What Walk.fill does on one page: extract, classify, plan, fill, and once more for fields
    the first round revealed."""
    results = []
    for _ in range(rounds):
        pairs = engine.classify_descriptors(capture(driver).descriptors())
        plan = plan_fill(pairs, profile)
        results += apply_fill(driver, plan.actions, choose=lambda a, opts: choose_option(a, opts, profile))
    return results


def _value(driver, name: str) -> str:
    return driver.execute_script("const e = document.querySelector(`[name='${arguments[0]}']`); return e ? e.value : null", name)


# -- static extraction ----------------------------------------------------------------------------


def test_headless_listbox_is_one_select_like_field_labeled_without_its_own_text():
    html = _page(HEADLESS).replace('<span>Select…</span>', '<span>United Kingdom</span>').replace(
        '<span aria-hidden="true">▾</span></button></div>',
        '<span aria-hidden="true">▾</span></button><span hidden><input type="hidden"><input type="hidden" name="country" value="GB"></span></div>', 1)
    descs = {d.id: d for d in extract_html(html)}
    assert set(descs) == {"email", "country", "county", "exp-month"}
    c = descs["country"]
    assert (c.tag, c.input_type, c.widget) == ("select", "select-one", "listbox")
    assert c.label == "Country" and "United Kingdom" not in c.labels.get("aria_labelledby", "")
    assert (c.name, c.value, c.widget_text, c.options) == ("country", "GB", "United Kingdom", [])
    # no carrier yet: what the control shows is all there is
    assert descs["county"].widget_text == "Choose a county"


def test_radix_hidden_select_is_the_widgets_value_not_a_second_field():
    descs = extract_html(_page(RADIX))
    assert [d.id or d.name for d in descs] == ["country", "city"]
    c = descs[0]
    assert (c.widget, c.name, c.value, c.label, c.placeholder) == ("listbox", "country", "", "Land", "Land wählen")
    assert [o.text for o in c.options][1:] == [n for _, n in COUNTRIES_DE]
    # the text the control shows labels nothing that follows
    assert "Land wählen" not in descs[1].labels.get("text_before", "")


def test_react_select_input_is_a_combobox_named_by_its_carrier():
    descs = {d.id: d for d in extract_html(_page(REACT_SELECT))}
    c = descs["country"]
    assert (c.tag, c.input_type, c.widget, c.name, c.label) == ("input", "text", "combobox", "country", "Country/region")


def test_popup_in_the_dom_gives_options_and_aria11_wrapper_is_not_a_widget():
    html = """<form><label id="l">Month</label>
    <div role="combobox" aria-haspopup="listbox" aria-labelledby="l" aria-controls="m" tabindex="0">March</div>
    <ul role="listbox" id="m" hidden><li role="option" data-value="1">January</li>
    <li role="option" data-value="3" aria-selected="true">March</li></ul>
    <label for="q">City</label><div role="combobox" aria-expanded="false"><input id="q" name="city"></div></form>"""
    descs = extract_html(html)
    assert [(d.widget, d.label) for d in descs] == [("listbox", "Month"), ("", "City")]
    assert [(o.text, o.value, o.selected) for o in descs[0].options] == [("January", "1", False), ("March", "3", True)]


def test_widgets_classify_like_selects(engine):
    html = _page(HEADLESS)
    preds = {f.id: f.prediction for f in engine.classify_html(html)}
    assert preds["country"] == "country" and preds["county"] == "address-level1" and preds["exp-month"] == "cc-exp-month"


# -- plan -----------------------------------------------------------------------------------------


def test_plan_picks_a_known_option_with_the_select_matcher_and_defers_unknown_ones(engine, profile):
    pairs = engine.classify_descriptors(extract_html(_page(RADIX)))
    plan = plan_fill(pairs, profile)
    act = next(a for a in plan.actions if a.name == "country")
    assert (act.widget, act.kind, act.secret_value(), act.display) == ("listbox", "select", "GB", "Vereinigtes Königreich")
    pairs = engine.classify_descriptors(extract_html(_page(HEADLESS)))
    acts = {a.name or a.index: a for a in plan_fill(pairs, profile).actions}
    month = next(a for a in acts.values() if a.prediction == "cc-exp-month")
    assert month.widget == "listbox" and month.option_index is None  # options known once open


def test_plan_leaves_a_widget_that_shows_the_wanted_option(engine, profile):
    html = _page(HEADLESS).replace('<span>Select…</span>', '<span>United Kingdom</span>')
    pairs = engine.classify_descriptors(extract_html(html))
    assert not [a for a in plan_fill(pairs, profile).actions if a.prediction == "country"]


def test_choose_option_uses_the_matcher_languages_and_month_names(profile):
    act = FillAction(frame=[], key="0", index=0, tag="select", input_type="select-one", name="m",
                     prediction="cc-exp-month", kind="select", value=SecretStr("12"), display="12", widget="listbox")
    months = [Option(t, t) for t in ("Januar", "Februar", "Oktober", "November", "Dezember")]
    assert choose_option(act, months, profile) == 4
    act = act.model_copy(update={"prediction": "country", "section": "shipping"})
    assert choose_option(act, [Option(n, n) for _, n in COUNTRIES_DE], profile) == 4
    assert choose_option(act, [Option("Mars", "Mars")], profile) is None


# -- in the browser -------------------------------------------------------------------------------


def test_headless_listboxes_are_opened_and_chosen_by_click(driver, site, engine, profile):
    driver.get(site + "/headless.html")
    results = _fill(driver, engine, profile)
    assert _value(driver, "country") == "GB"
    assert _value(driver, "region") == "Greater London"
    assert _value(driver, "exp_month") == "12"
    assert driver.find_element("id", "exp-month").text.startswith("12")
    ok = {r.prediction for r in results if r.ok and r.method == "keys"}
    assert {"country", "address-level1", "cc-exp-month"} <= ok
    assert not driver.find_elements("css selector", "[role=listbox]")  # every popup closed


def test_radix_select_opens_on_pointerdown_and_matches_translated_names(driver, site, engine, profile):
    driver.get(site + "/radix.html")
    results = _fill(driver, engine, profile, rounds=1)
    assert _value(driver, "country") == "GB"
    assert driver.find_element("id", "country").text.startswith("Vereinigtes Königreich")
    assert [r.display for r in results if r.prediction == "country"] == ["Vereinigtes Königreich"]


def test_react_select_combobox_opens_on_mousedown_and_async_one_takes_typing(driver, site, engine, profile):
    driver.get(site + "/reactselect.html")
    results = _fill(driver, engine, profile)
    assert _value(driver, "country") == "GB"
    assert _value(driver, "region") == "Greater London"  # offered only once "Greater London" was typed
    assert [(r.prediction, r.ok) for r in results if r.prediction in ("country", "address-level1")] == [("country", True), ("address-level1", True)]
    # filled once each: the second round reads them as done (a chosen value shows beside the input)
    assert sorted(r.prediction for r in results if r.prediction in ("country", "address-level1")) == ["address-level1", "country"]


def test_no_option_that_fits_is_reported_not_forced(driver, site, engine):
    driver.get(site + "/headless.html")
    mars = Profile.load(DEMO_PROFILE).model_copy(deep=True)
    mars.shipping.region = "Olympus Mons"
    results = _fill(driver, engine, mars, rounds=1)
    region = next(r for r in results if r.prediction == "address-level1")
    assert not region.ok and region.reason == "no option matches"
    assert "Olympus" not in (region.reason or "")
    assert not driver.find_elements("css selector", "[role=listbox]")


def test_a_card_number_offered_as_a_list_is_never_operated(engine, profile):
    html = """<form><label id="l">Card number</label>
    <button type="button" role="combobox" aria-labelledby="l" aria-required="true" data-placeholder="">Choose</button></form>"""
    pairs = engine.classify_descriptors(extract_html(html))
    assert pairs[0][1].prediction == "cc-number"
    plan = plan_fill(pairs, profile)
    assert plan.actions == [] and [u.label for u in plan.unfilled_required] == ["Card number"]


def test_result_names_the_option_the_page_shows(driver, site, engine):
    driver.get(site + "/headless.html")
    london = Profile.load(DEMO_PROFILE).model_copy(deep=True)
    london.shipping.region = "London"
    region = next(r for r in _fill(driver, engine, london, rounds=1) if r.prediction == "address-level1")
    assert region.ok and region.display == "Greater London"  # the page's own option, not the profile's text
    assert _value(driver, "region") == "Greater London"


def test_mui_select_hidden_native_input_is_its_value_not_a_field():
    html = """<form><div class="MuiFormControl-root"><label id="c-label" for="c">Country</label>
    <div class="MuiInputBase-root"><div tabindex="0" role="combobox" aria-expanded="false" aria-haspopup="listbox"
    aria-labelledby="c-label c" id="c" class="MuiSelect-select">France</div>
    <input aria-invalid="false" aria-hidden="true" tabindex="-1" class="MuiSelect-nativeInput" value="FR" name="country">
    <svg aria-hidden="true"></svg></div></div>
    <label for="city">City</label><input id="city" name="city"></form>"""
    descs = extract_html(html)
    assert [(d.id, d.widget) for d in descs] == [("c", "listbox"), ("city", "")]
    assert (descs[0].name, descs[0].value, descs[0].widget_text, descs[0].label) == ("country", "FR", "France", "Country")
    assert "France" not in descs[1].labels.get("text_before", "")


def test_a_carrier_is_never_taken_from_a_container_with_another_field():
    # the hidden input belongs to the text field's group, not to the widget beside it
    html = """<form><div><button type="button" aria-haspopup="listbox" id="size">M</button>
    <div><input name="qty" value="1"><input type="hidden" name="sku" value="X1"></div></div></form>"""
    w = next(d for d in extract_html(html) if d.widget)
    assert (w.name, w.value) == ("", "M")


def test_a_region_list_of_larger_divisions_takes_the_one_the_region_lies_in():
    from autofill.fill.values import match_region

    evershop_gb = [Option(t, t, disabled=t == "Province") for t in ("Province", "England", "Northern Ireland", "Scotland", "Wales")]
    assert match_region(evershop_gb, "Greater London", "GB") == 1
    assert match_region([Option("Kent", "Kent"), Option("Cornwall", "Cornwall")], "Greater London", "GB") is None
