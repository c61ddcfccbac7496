"""Safety on hostile pages, in real headless Chromium (docs/security.md maps threats to these tests).

The pages (`fixtures/hostile/`, served by `HostileServer`) report every value they see
(`beacons()`), record every checkout form posted (`posts()`) and count place-order POSTs
(`place_order_count()`), so each guarantee is judged by what the hostile side received.
"""
from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest

from autofill import Engine, Profile
from autofill.fixtures_server.hostile import PAGES, HostileServer

ROOT = Path(__file__).resolve().parents[1]
NUMBER = "4242424242424242"
CSC = "739"
PROFILE_YAML = f"""
email: sam.taylor@example.org
phone: "+44 20 7946 0123"
shipping:
  given_name: Sam
  family_name: Taylor
  address_line1: 12 Harbour Road
  city: Bristol
  postal_code: BS1 4DJ
  country: GB
card:
  name: Sam Taylor
  number: "{NUMBER}"
  exp_month: 11
  exp_year: 2031
  csc: "{CSC}"
"""
# The card number in any grouping a page, a URL or a log might use; the CVC as a whole number.
NUMBER_RX = re.compile(r"(?:[\s\-.+]|%20|%2D)*".join(NUMBER))
CSC_RX = re.compile(rf"(?<![0-9.]){CSC}(?![0-9.])")
TRAP_NAMES = re.findall(r'name="([^"]+)"[^>]*data-trap', (PAGES / "traps.html").read_text(encoding="utf-8"))


def leaks(text: str) -> list[str]:
    return [m.group(0) for rx in (NUMBER_RX, CSC_RX) for m in rx.finditer(text or "")]


# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[HostileServer, HostileServer]]:
    """The hostile shop and a second server on another port: another origin, for frames."""
    with HostileServer() as other, HostileServer(frame_origin=other.url, place_delay=3.0, hang_seconds=60) as srv:
        yield srv, other


@pytest.fixture
def srv(servers) -> HostileServer:
    main, other = servers
    main.reset()
    other.reset()
    return main


@pytest.fixture
def other(servers) -> HostileServer:
    return servers[1]


@pytest.fixture(scope="module")
def profile_file(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("profile") / "shopper.yaml"
    p.write_text(PROFILE_YAML, encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def profile(profile_file) -> Profile:
    return Profile.load(profile_file)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _beacon_values(server: HostileServer, *, names=None, trap=None) -> list[str]:
    out = []
    for b in server.beacons():
        if "value" not in b:
            continue
        if names is not None and b.get("name") not in names:
            continue
        if trap is not None and bool(b.get("trap")) != trap:
            continue
        out.append(b["value"])
    return out


def _live_plan(engine, driver, profile, force_visible: bool = False):
    from autofill.fill.plan import plan_fill
    from autofill.page.live import capture

    page = capture(driver)
    pairs = engine.classify_descriptors(page.descriptors())
    if force_visible:  # as if extraction had been fooled: the fill-time check must stand alone
        for d, _ in pairs:
            d.visible = True
    return page, pairs, plan_fill(pairs, profile)


# ------------------------------------------------------------------- hidden-field traps
def test_no_trap_receives_any_value_during_a_run(engine, profile, srv):
    result = engine.purchase(srv.start_url("traps"), profile, dry_run=True, timeout=60)
    assert result.status == "dry_run", result.reason
    posted = srv.posts("traps")
    assert len(posted) == 1
    form = posted[0]
    # the real fields were filled (so the run did type into this page) ...
    assert form["email"] == "sam.taylor@example.org" and form["cardnumber"] == NUMBER and form["cvc"] == CSC
    # ... and every trap arrived empty, and no page script ever saw a value in one
    assert len(TRAP_NAMES) >= 18
    assert {n: form.get(n) for n in TRAP_NAMES} == {n: "" for n in TRAP_NAMES}
    assert _beacon_values(srv, trap=True) == []
    assert _beacon_values(srv, names=set(TRAP_NAMES)) == []
    # the card number reached the page only through its own card field
    carriers = {b.get("name") for b in srv.beacons() if NUMBER_RX.search(str(b.get("value", "")))}
    assert carriers == {"cardnumber"}


def test_extraction_marks_every_trap_hidden(engine, driver, profile, srv):
    driver.get(srv.start_url("traps"))
    _, pairs, plan = _live_plan(engine, driver, profile)
    hidden = {d.name for d, _ in pairs if not d.visible}
    assert set(TRAP_NAMES) <= hidden
    assert not {a.name for a in plan.actions} & set(TRAP_NAMES)


def test_fill_time_check_refuses_traps_even_when_planned(engine, driver, profile, srv):
    """Second line: were extraction fooled into calling traps visible, fill.js still refuses them."""
    from autofill.flow.filler import apply_fill

    driver.get(srv.start_url("traps"))
    _, _, plan = _live_plan(engine, driver, profile, force_visible=True)
    trap_actions = [a for a in plan.actions if a.name in TRAP_NAMES]
    assert len(trap_actions) >= 15  # the plan did try them: the filler is what stops them
    results = apply_fill(driver, plan.actions)
    by_name = {r.name: r for r in results}
    refused = {a.name: by_name[a.name].reason for a in trap_actions}
    assert all(not by_name[n].ok for n in refused), refused
    # Each trap refused by the check made for its way of hiding (traps.html), not by another by luck.
    assert refused == {
        "card_number_confirm": "hidden (display)", "email_confirm": "hidden (visibility)",
        "mobile": "hidden (opacity)", "billing_street": "hidden (opacity)",
        "cvv2": "hidden (size)", "ccnum": "hidden (size)",
        "contact_email": "off-screen", "telephone": "off-screen", "street": "off-screen", "cid": "off-screen",
        "pan": "hidden (clipped)", "card_cvc": "hidden (clipped)",
        "creditcard": "covered", "email2": "covered", "security_code": "covered",
        "gift_phone": "hidden (closed details)", "cc_number": "hidden (aria-hidden)",
        "bill_addr": "hidden (overflow clipped)",
    }, refused
    values = driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-trap]')).map(e => [e.name, e.value])")
    assert {n: v for n, v in values} == {n: "" for n in TRAP_NAMES}
    assert by_name["cardnumber"].ok  # the real card field was filled in the same call


# --------------------------------------------------------------- fields that change at fill time
def test_fields_that_change_at_focus_or_after_extraction_get_nothing(engine, driver, profile, srv):
    from autofill.flow.filler import apply_fill

    driver.get(srv.start_url("typechange"))
    _, _, plan = _live_plan(engine, driver, profile)
    names = {a.name for a in plan.actions}
    assert {"updates_email", "nickname", "courier_phone", "cardnumber"} <= names
    # between classification and filling, the card-number box is renamed into a comment box
    driver.execute_script("document.getElementById('ccnumber').name = 'comment';")
    results = {r.name: r for r in apply_fill(driver, plan.actions)}
    assert results["cardnumber"].reason == "field changed since extraction"
    assert results["updates_email"].reason == "field changed at focus"
    assert results["nickname"].reason == "field changed at focus"
    assert results["courier_phone"].reason == "off-screen at focus"
    assert not any(results[n].ok for n in ("cardnumber", "updates_email", "nickname", "courier_phone"))
    dom = driver.execute_script(
        "return ['ccnumber','tc-news','tc-nick','tc-gift'].map(i => document.getElementById(i).value)")
    assert dom == ["", "", "", ""]
    assert results["email"].ok and results["cvc"].ok  # the rest of the page was filled


# --------------------------------------------------------------------------- cross-origin frames
def test_card_data_never_enters_an_undeclared_cross_origin_frame(engine, profile, srv, other):
    result = engine.purchase(srv.start_url("xframe-widget"), profile, dry_run=True, timeout=60)
    assert result.steps, result.reason
    assert srv.posts("xframe-widget")  # the top page's own fields were filled and sent
    seen = _beacon_values(other)
    assert [v for v in seen if leaks(v)] == []
    assert not any(f.prediction.startswith("cc-") for s in result.steps for f in s.filled)


@pytest.fixture(scope="module")
def mixed_run(engine, profile, servers) -> list[dict]:
    """One walk on the frame that asks for card data and an email: what that frame's scripts saw."""
    main, other = servers
    main.reset()
    other.reset()
    engine.purchase(main.start_url("xframe-mixed"), profile, dry_run=True, timeout=60)
    return other.beacons()


def test_card_data_never_enters_a_payment_frame_that_also_asks_for_an_email(mixed_run):
    assert [b for b in mixed_run if leaks(str(b.get("value", "")))] == []
    assert not [b for b in mixed_run if b.get("name") in ("cardnumber", "cvc", "exp-date") and b.get("value")]


def test_an_untrusted_cross_origin_frame_gets_nothing_at_all(mixed_run):
    assert [b for b in mixed_run if b.get("value")] == []


def test_control_a_declared_card_only_payment_frame_does_get_the_card(engine, profile, srv, other):
    """Proves the frame tests can fail: the beacon in a trusted payment frame sees the number."""
    engine.purchase(srv.start_url("xframe-pay"), profile, dry_run=True, timeout=60)
    assert any(NUMBER_RX.search(v) for v in _beacon_values(other, names={"cardnumber"}))


# ------------------------------------------------------------------------- totals and the order
def test_total_raised_by_a_review_page_checkbox_blocks_the_order(engine, profile, srv):
    result = engine.purchase(srv.start_url("upsell"), profile, max_total=Decimal("25"), dry_run=False, timeout=60)
    assert result.status == "blocked", result.reason
    assert result.total == "35.00" and "above the maximum" in result.reason
    assert srv.place_order_count("upsell") == 0
    assert not [b for b in srv.beacons() if b.get("event") == "place-click"]


def test_a_total_that_changes_on_the_place_click_is_never_pressed_again(engine, profile, srv):
    result = engine.purchase(srv.start_url("reprice"), profile, max_total=Decimal("25"), dry_run=False, timeout=60)
    assert result.status == "failed", result.reason
    assert "price has changed" in (result.reason or "")
    assert [b["event"] for b in srv.beacons() if b.get("event") == "place-click"] == ["place-click"]
    assert srv.place_order_count("reprice") == 0


def test_no_total_means_no_order(engine, profile, srv):
    result = engine.purchase(srv.start_url("nototal"), profile, max_total=Decimal("100"), dry_run=False, timeout=60)
    assert result.status == "blocked"
    assert "no order total" in (result.reason or "")
    assert srv.place_order_count("nototal") == 0


def test_a_total_above_the_maximum_means_no_order(engine, profile, srv):
    result = engine.purchase(srv.start_url("plain"), profile, max_total=Decimal("19.99"), dry_run=False, timeout=60)
    assert result.status == "blocked" and "above the maximum" in (result.reason or "")
    assert srv.place_order_count("plain") == 0


def test_a_slow_place_order_answer_is_sent_once(engine, profile, srv):
    result = engine.purchase(srv.start_url("slow", "review"), profile, max_total=Decimal("25"), dry_run=False, timeout=60)
    assert result.status == "placed", result.reason
    assert result.order_reference and result.order_reference.startswith("HX-")
    assert srv.place_order_count("slow") == 1
    assert len([b for b in srv.beacons() if b.get("event") == "place-click"]) == 1


def test_a_confirmation_that_never_comes_fails_without_a_second_press(engine, profile, srv):
    # The wait for the confirmation is bounded by the caller's timeout (here 5 s).
    result = engine.purchase(srv.start_url("hang", "review"), profile, max_total=Decimal("25"), dry_run=False, timeout=5)
    assert result.status == "failed"
    # The press was sent and no answer came: said as such (whether the browser hung on the press
    # or the page never changed), never "timed out" or "could not press", and never a second press.
    assert (result.reason or "").endswith(
        "after the order was sent; it may have been placed — check before trying again (the engine did not press twice)"), result.reason
    assert srv.place_order_count("hang") == 1
    assert len([b for b in srv.beacons() if b.get("event") == "place-click"]) == 1


# ------------------------------------------------------------------------------ secrets
def test_profile_secrets_are_secret_str(profile):
    from pydantic import SecretStr

    assert isinstance(profile.card.number, SecretStr) and isinstance(profile.card.csc, SecretStr)
    for text in (repr(profile), str(profile), profile.model_dump_json(), repr(profile.card), str(profile.model_dump())):
        assert leaks(text) == [], text


def test_secrets_stay_out_of_logs_results_progress_and_screenshots(engine, profile, srv, tmp_path, caplog, monkeypatch):
    """A page that echoes the card number (a GET form puts it in the URL, an error banner repeats
    it): the number and CVC still appear nowhere but in their fields."""
    import autofill.flow.browser  # noqa: F401  (its import turns Selenium's loggers down: do that first)

    caplog.set_level(logging.DEBUG)
    for name in ("selenium", "urllib3"):  # as a service debugging its Selenium setup would
        caplog.set_level(logging.DEBUG, logger=name)
    said: list[str] = []
    shots = tmp_path / "shots"
    import autofill.flow.screenshots as screenshots_mod

    covers: list[int] = []
    real_draw = screenshots_mod.draw_secret_covers
    monkeypatch.setattr(screenshots_mod, "draw_secret_covers", lambda *a, **k: covers.append(real_draw(*a, **k)) or covers[-1])
    result = engine.purchase(srv.start_url("echo"), profile, dry_run=True, timeout=60, screenshots=shots,
                             progress=said.append)
    echoed = srv.posts("echo")
    assert echoed and echoed[0]["cardnumber"] == NUMBER  # the page did get it, and did echo it back
    assert result.steps[-1].errors and "Card •••• 4242" in result.steps[-1].errors[0]  # echoed, then masked
    assert leaks("Card " + NUMBER) and leaks("code 739)")  # the detector works
    assert any(r.name.startswith("selenium") for r in caplog.records)  # wire logging was on
    assert leaks(caplog.text) == []
    assert leaks(result.model_dump_json()) == []
    assert leaks("\n".join(said)) == []
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files, "no screenshot was written"
    for p in files:
        assert leaks(p.name) == []
    # The review page echoes the number in its banner: its screenshot covered it (pixels: the
    # test below; a PNG is compressed, so searching its bytes for digits could never fail).
    assert covers and covers[-1] >= 1, covers


def test_screenshot_covers_secret_fields(engine, driver, profile, srv, tmp_path, monkeypatch):
    """The overlay puts an opaque box over each card field while the PNG is taken."""
    from autofill.flow.filler import apply_fill
    from autofill.flow.result import Filled, Step
    from autofill.flow.screenshots import save_step_screenshot

    driver.get(srv.start_url("plain"))
    _, pairs, plan = _live_plan(engine, driver, profile)
    results = apply_fill(driver, plan.actions)
    step = Step(url="x", kind="checkout", filled=[Filled(name=a.name, prediction=a.prediction, value=a.display)
                                                   for a, r in zip(plan.actions, results) if r.ok])
    seen: dict = {}
    real_save = driver.save_screenshot

    def checking_save(path: str) -> bool:
        seen["covers"] = driver.execute_script("""
          const out = {};
          for (const id of ['ccnumber', 'cccvc']) {
            const el = document.getElementById(id), r = el.getBoundingClientRect();
            const boxes = Array.from(document.querySelectorAll('#__autofill_marks > div'));
            out[id] = boxes.some(b => { const q = b.getBoundingClientRect(), cs = getComputedStyle(b);
              return q.left <= r.left && q.top <= r.top && q.right >= r.right && q.bottom >= r.bottom &&
                     cs.backgroundColor !== 'rgba(0, 0, 0, 0)' && !b.textContent.includes(el.value); });
          }
          out.text = document.getElementById('__autofill_marks').textContent;
          return out;""")
        return real_save(path)

    monkeypatch.setattr(driver, "save_screenshot", checking_save)
    path = save_step_screenshot(driver, tmp_path, 1, step, pairs)
    assert path.name == "step-01-checkout.png" and path.stat().st_size > 0
    assert seen["covers"]["ccnumber"] and seen["covers"]["cccvc"], seen
    assert leaks(seen["covers"]["text"]) == [] and "•••• 4242" in seen["covers"]["text"]
    assert driver.execute_script("return document.getElementById('ccnumber').value") == NUMBER


_ECHO_RECTS = r"""
// Every echo's client rects in top-viewport coordinates: [id, plain?, [[left, top, right, bottom], ...]].
const out = [];
const rectsOf = el => {
  if (el.nodeName === 'INPUT' || el.hasAttribute('title')) return el.getClientRects();
  const r = el.ownerDocument.createRange();
  r.selectNodeContents(el);
  return r.getClientRects();
};
const collect = (root, ox, oy) => {
  for (const el of root.querySelectorAll('[data-echo],[data-plain]'))
    out.push([el.id, el.hasAttribute('data-plain'),
              Array.from(rectsOf(el)).map(q => [q.left + ox, q.top + oy, q.right + ox, q.bottom + oy])]);
};
collect(document, 0, 0);
collect(document.getElementById('host').shadowRoot, 0, 0);
const f = document.getElementById('fr'), r = f.getBoundingClientRect(), cs = getComputedStyle(f);
collect(f.contentDocument, r.left + f.clientLeft + parseFloat(cs.paddingLeft), r.top + f.clientTop + parseFloat(cs.paddingTop));
return out;
"""
ECHO_IDS = {"banner", "err", "split", "setval", "ph", "titled", "cvcword", "cvcbox", "shadowed", "inframe", "modal"}


def _all_colour(img, rect, colour) -> bool:
    """Every pixel inside `rect` (whole pixels only) is `colour`."""
    import math

    left, top, right, bottom = rect
    box = (math.ceil(left), math.ceil(top), math.floor(right), math.floor(bottom))
    assert box[2] > box[0] and box[3] > box[1], rect
    colours = img.crop(box).getcolors(maxcolors=1 << 20)
    return [c for _, c in colours] == [colour]


def test_screenshot_pixels_over_every_echo_of_a_secret_are_covered(driver, profile, tmp_path, monkeypatch):
    """A page that shows the card number and CVC back in every way it can (a banner, an error, a
    number split across tags, a value and a placeholder it set, a title, open shadow root,
    same-origin frame, modal dialog): in the PNG, every pixel over each echo is the cover colour;
    an equal number that is not the CVC ("739 Main Street") stays visible."""
    import io

    from PIL import Image

    from autofill.flow.covers import COVER_COLOUR
    from autofill.flow.result import Step
    from autofill.flow.screenshots import save_step_screenshot

    assert profile.card.number.get_secret_value() == NUMBER  # the registry holds this card and CVC
    driver.get((PAGES / "echoes.html").as_uri())
    assert driver.execute_script("return window.devicePixelRatio") == 1
    found = driver.execute_script(_ECHO_RECTS)
    echoes = {i: rects for i, plain, rects in found if not plain}
    plain = {i: rects for i, is_plain, rects in found if is_plain}
    assert set(echoes) == ECHO_IDS and all(echoes.values()) and set(plain) == {"street", "order"}
    # Control: without the covers the echoes show, so the pixel check below can fail.
    bare = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    assert [i for i, rects in echoes.items() if any(_all_colour(bare, r, COVER_COLOUR) for r in rects)] == []

    sent: list = []
    real = driver.execute_script

    def spy(script, *args):
        sent.append(args)
        return real(script, *args)

    monkeypatch.setattr(driver, "execute_script", spy)
    path = save_step_screenshot(driver, tmp_path, 1, Step(url="x", kind="payment"), [])
    monkeypatch.undo()
    img = Image.open(path).convert("RGB")
    uncovered = [i for i, rects in echoes.items() if not all(_all_colour(img, r, COVER_COLOUR) for r in rects)]
    assert uncovered == []
    assert [i for i, rects in plain.items() if all(_all_colour(img, r, COVER_COLOUR) for r in rects)] == []
    # The secrets never went to the page, and nothing of the covers is left in it.
    assert sent and leaks(json.dumps(sent, default=str)) == []
    assert driver.execute_script("return [!!document.getElementById('__autofill_covers'), "
                                 "'__autofillCoverCandidates' in window]") == [False, False]


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A short temporary root: Chromium's profile socket path must stay under 108 characters."""
    import shutil
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="afx-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_cli_output_and_written_files_carry_no_secret(srv, profile_file, short_tmp, as_json):
    home, tmp, shots = short_tmp / "h", short_tmp / "t", short_tmp / "s"
    for d in (home, tmp):
        d.mkdir()
    env = dict(os.environ, HOME=str(home), TMPDIR=str(tmp), PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, str(ROOT / "cli.py"), "dry-run", srv.start_url("echo"), "--profile", str(profile_file),
           "--screenshots", str(shots), "--timeout", "60"] + (["--json"] if as_json else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, cwd=str(short_tmp))
    assert srv.posts("echo"), proc.stderr  # the run really typed the card into the page
    assert "Traceback" not in proc.stderr
    assert leaks(proc.stdout) == [] and leaks(proc.stderr) == []
    if as_json:
        out = json.loads(proc.stdout)
        assert out["status"] == "dry_run", out["reason"]  # it walked the echo shop to its review page
        assert any(f["prediction"] == "cc-number" and f["value"] == "•••• 4242" for s in out["steps"] for f in s["filled"])
    else:
        assert "•••• 4242" in proc.stdout + proc.stderr
        assert "dry run: stopped before placing the order" in proc.stdout, proc.stdout
    written = [p for p in short_tmp.rglob("*") if p.is_file()]
    assert any(p.suffix == ".png" for p in written)
    # Whatever the browser left in HOME and TMPDIR (a screenshot's bytes are compressed, so this
    # proves nothing for a PNG: the pixel test above does).
    for p in written:
        assert leaks(str(p.relative_to(short_tmp))) == []
        data = p.read_bytes()
        assert NUMBER.encode() not in data and NUMBER.encode("utf-16-le") not in data, p
