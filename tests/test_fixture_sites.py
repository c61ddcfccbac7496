"""Every fixture site, walked by a small hand-written Selenium walker that reads labels.yaml.

One walk per site (cached) feeds two checks: the recorded order equals `expected_order` exactly
once, and every listed field of every page (frames and shadow roots too) is labeled, with every
labeled selector matching exactly one element. New sites are picked up from load_sites().

The walker operates script widgets as a person would (labels.yaml `widget`): a listbox is opened
by a click on its control and closed by a click on the option; a type-ahead combobox gets the
text typed and the matching option clicked. Several steps behind one URL are told apart by their
`view` selector; fields marked `late` are waited for when their turn comes; a form that disables
itself while the shop saves is waited out before every action.
"""
from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit

import pytest
from selenium.common.exceptions import (ElementClickInterceptedException, ElementNotInteractableException,
                                        StaleElementReferenceException, TimeoutException)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from autofill.fill.profile import DEMO_PROFILE, Profile
from autofill.fixtures_server import LabelField, LabelPage, Site, load_sites

SITES = load_sites()
PROFILE = Profile.load(DEMO_PROFILE)

LISTED_FIELDS_JS = """
const skip = new Set(['hidden', 'submit', 'button', 'image', 'reset']);
const out = [];
function walk(root) {
  root.querySelectorAll('*').forEach(el => {
    const tag = el.tagName.toLowerCase();
    if (tag === 'select' || tag === 'textarea' ||
        (tag === 'input' && !skip.has((el.getAttribute('type') || 'text').toLowerCase()))) out.push(el);
    // the visible control of a script widget (a listbox button) stands for its hidden input
    else if (tag !== 'input' && (el.getAttribute('role') === 'combobox' ||
             el.getAttribute('aria-haspopup') === 'listbox')) out.push(el);
    if (el.shadowRoot) walk(el.shadowRoot);
  });
}
walk(document);
return out;
"""

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]


def type_values(site: Site, section: Optional[str]) -> dict[str, list[str]]:
    """Candidate values for each type from the demo profile (the first is typed into inputs)."""
    addr = PROFILE.billing_address if section == "billing" else PROFILE.shipping
    card = PROFILE.card
    assert card is not None
    number = card.number.get_secret_value()
    country_names = [k for k, v in site.country_values.items() if v == addr.country]
    month = f"{card.exp_month:02d}"
    return {
        "email": [PROFILE.email], "username": [PROFILE.email],
        "tel": [PROFILE.phone or ""], "tel-national": ["20 7946 0958"], "tel-country-code": ["+44", "44"],
        "tel-area-code": ["20"], "tel-local": ["79460958"], "tel-local-prefix": ["7946"], "tel-local-suffix": ["0958"],
        "name": [addr.name], "given-name": [addr.given_name], "family-name": [addr.family_name],
        "address-line1": [addr.address_line1], "address-line2": [addr.address_line2 or ""],
        "street-address": [f"{addr.address_line1}, {addr.address_line2}"],
        "address-level2": [addr.city], "address-level1": [addr.region or ""],
        "postal-code": [addr.postal_code], "country": [addr.country] + country_names + ["United Kingdom"],
        "cc-name": [card.name], "cc-given-name": [card.name.split()[0]], "cc-family-name": [card.name.split()[-1]],
        "cc-number": [number], "cc-csc": [card.csc.get_secret_value()],
        "cc-exp": [f"{month}/{card.exp_year % 100:02d}"],
        "cc-exp-month": [month, str(card.exp_month), MONTHS[card.exp_month - 1]],
        "cc-exp-year": [str(card.exp_year), f"{card.exp_year % 100:02d}"],
    }


def split_value(value: str, part: int, lab: LabelField) -> str:
    """The part-th piece of a split card number (4-digit groups) or phone."""
    digits = re.sub(r"\D", "", value)
    if lab.type == "cc-number":
        return digits[(part - 1) * 4: part * 4]
    return value


# --- locating ---------------------------------------------------------------------------
def enter_frames(driver, frames: list[str]) -> None:
    driver.switch_to.default_content()
    for sel in frames:
        driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, sel))


def find_all(driver, lab: LabelField) -> list:
    """The elements a label's selector matches, inside its frames and shadow hosts."""
    enter_frames(driver, lab.frame)
    scope = driver
    for host_sel in lab.shadow:
        hosts = scope.find_elements(By.CSS_SELECTOR, host_sel)
        if len(hosts) != 1 or hosts[0].shadow_root is None:
            return []
        scope = hosts[0].shadow_root
    return scope.find_elements(By.CSS_SELECTOR, lab.selector)


def wait_ready(driver, site: Site, page: LabelPage) -> None:
    want = f"/{site.site}{page.path}"
    WebDriverWait(driver, 10, 0.05).until(lambda d: urlsplit(d.current_url).path == want,
                                          f"never reached {want} (at {driver.current_url})")
    WebDriverWait(driver, 10, 0.05).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && "
                                   "!document.querySelector('template[data-reveal-after]')"))
    if page.view:  # one of several steps behind this URL: wait until it is the visible one
        WebDriverWait(driver, 10, 0.05).until(
            lambda d: any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, page.view)),
            f"step {page.view} never shown (at {driver.current_url})")
    for lab in page.fields:  # fields may appear late: wait for each before checking anything
        if not lab.late:
            WebDriverWait(driver, 5, 0.05).until(lambda d, lab=lab: find_all(d, lab), f"{lab.selector} never appeared")
    driver.switch_to.default_content()


def ready(el) -> bool:
    """Shown and enabled (a form that disables itself while the shop saves is not ready)."""
    try:
        return el.is_displayed() and el.is_enabled()
    except StaleElementReferenceException:
        return False


def click(driver, selector: str, timeout: float = 10) -> None:
    """Click what `selector` matches once it is shown and enabled, through overlays that go away."""
    def attempt(d):
        els = [e for e in d.find_elements(By.CSS_SELECTOR, selector) if ready(e)]
        if not els:
            return False
        try:
            els[0].click()
            return True
        except (ElementClickInterceptedException, ElementNotInteractableException, StaleElementReferenceException):
            return False
    WebDriverWait(driver, timeout, 0.05).until(attempt, f"could not click {selector} (at {driver.current_url})")


# --- label check ------------------------------------------------------------------------
def describe(el) -> str:
    return el.get_attribute("outerHTML")[:120]


def check_labels(driver, page: LabelPage, frame_path: tuple[str, ...] = (), late: bool = False) -> list[str]:
    """Every labeled selector matches once and every listed field is labeled (`late` fields only
    once they are there: `late=True` after filling)."""
    problems: list[str] = []
    here = [lab for lab in page.fields if tuple(lab.frame) == frame_path and (late or not lab.late)]
    matched = []
    for lab in here:
        els = find_all(driver, lab)
        if len(els) != 1:
            problems.append(f"{page.path}: {lab.selector} (frame {list(lab.frame)}, shadow {lab.shadow}) matches {len(els)} elements")
        else:
            matched.append(els[0])
    enter_frames(driver, list(frame_path))
    for el in driver.execute_script(LISTED_FIELDS_JS):
        if el not in matched:
            problems.append(f"{page.path}: unlabeled field in frame {list(frame_path)}: {describe(el)}")
    deeper = {lab.frame[len(frame_path)] for lab in page.fields
              if len(lab.frame) > len(frame_path) and tuple(lab.frame[:len(frame_path)]) == frame_path}
    iframes = driver.find_elements(By.CSS_SELECTOR, "iframe")
    for i, iframe in enumerate(iframes):
        sel = next((s for s in deeper if driver.find_elements(By.CSS_SELECTOR, s) == [iframe]), None)
        if sel is None:
            driver.switch_to.frame(iframe)
            n = len(driver.execute_script(LISTED_FIELDS_JS))
            if n:
                problems.append(f"{page.path}: iframe #{i} holds {n} fields but no label names it")
        else:
            problems += check_labels(driver, page, frame_path + (sel,), late)
        enter_frames(driver, list(frame_path))
    return problems


# --- filling ----------------------------------------------------------------------------
def norm(text: str) -> str:
    return " ".join((text or "").split()).lower()


def choose_option(el, candidates: list[str]) -> bool:
    wanted = [norm(c) for c in candidates if c]
    for opt in el.find_elements(By.CSS_SELECTOR, "option"):
        val, text = norm(opt.get_attribute("value")), norm(opt.text)
        if val in wanted or text in wanted or (val.isdigit() and val.lstrip("0") in [w.lstrip("0") for w in wanted if w.isdigit()]):
            opt.click()
            return True
    return False


VISIBLE_OPTIONS_JS = """
return [...document.querySelectorAll('[role=option]')].filter(o => {
  const r = o.getBoundingClientRect(), s = getComputedStyle(o);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden';
}).map(o => [o, o.textContent]);
"""


def visible_options(driver) -> list:
    """The role=options on show, with their text: [(element, text)] (one script call)."""
    return [tuple(pair) for pair in driver.execute_script(VISIBLE_OPTIONS_JS)]


def pick_option(driver, candidates: list[str], timeout: float = 5):
    """The shown role=option whose text is a candidate (else starts with one), once there is one."""
    wanted = [norm(c) for c in candidates if c]

    def find(d):
        shown = visible_options(d)
        options, texts = [o for o, _ in shown], [norm(t) for _, t in shown]
        for w in wanted:
            for o, t in zip(options, texts):
                if t == w:
                    return o
        for w in wanted:
            for o, t in zip(options, texts):
                if t.startswith(w):
                    return o
        return False
    try:
        return WebDriverWait(driver, timeout, 0.05).until(find)
    except TimeoutException:
        return None


def operate_widget(driver, el, lab: LabelField, values: list[str]) -> None:
    """A person's way with a script widget: open it, choose the option, see it closed."""
    if lab.widget == "listbox":
        el.click()
        option = pick_option(driver, values)
        assert option is not None, f"{lab.selector}: no option fits {values} in {[t for _, t in visible_options(driver)]}"
        option.click()
    else:  # a type-ahead combobox: type until an option fits
        for value in values:
            el.click()
            el.send_keys(Keys.CONTROL, "a")
            el.send_keys(Keys.BACKSPACE)
            el.send_keys(value)
            option = pick_option(driver, values, timeout=1.5)
            if option is not None:
                option.click()
                break
        else:
            raise AssertionError(f"{lab.selector}: typing {values} offered no fitting option")
    WebDriverWait(driver, 5, 0.05).until(lambda d: not visible_options(d), f"{lab.selector} stayed open")


def fill_page(driver, site: Site, page: LabelPage) -> None:
    for lab in page.fields:
        if lab.trap or (lab.type == "unknown" and lab.fill is None and not lab.choose):
            continue
        if lab.late:  # appears once the fields before it are filled (and the shop saved them)
            WebDriverWait(driver, 10, 0.05).until(lambda d, lab=lab: find_all(d, lab), f"{lab.selector} never appeared")
        el = find_all(driver, lab)[0]
        # a form that disables itself while the shop saves: wait until it is usable again
        WebDriverWait(driver, 10, 0.05).until(lambda d, el=el: not el.is_displayed() or el.is_enabled(),
                                              f"{lab.selector} stayed disabled")
        if not el.is_displayed():
            continue
        if lab.choose:
            if not el.is_selected():
                el.click()
            continue
        values = [lab.fill] if lab.fill is not None else type_values(site, lab.section).get(lab.type, [])
        if not values or not values[0]:
            continue
        if lab.widget:
            operate_widget(driver, el, lab, values)
            continue
        if el.tag_name == "select":
            assert choose_option(el, values), f"{page.path}: no option of {lab.selector} fits {lab.type}"
            continue
        value = split_value(values[0], lab.part, lab) if lab.part else values[0]
        if lab.type == "cc-exp-year" and (el.get_attribute("maxlength") or "") == "2":
            value = values[1]
        el.clear()
        el.send_keys(value)
    driver.switch_to.default_content()


# --- the walk ---------------------------------------------------------------------------
@dataclass
class Walk:
    problems: list[str] = field(default_factory=list)
    orders: list[dict] = field(default_factory=list)
    confirmation: str = ""
    error: Optional[str] = None


_WALKS: dict[str, Walk] = {}


def walk(site: Site, driver, srv) -> Walk:
    if site.site in _WALKS:
        return _WALKS[site.site]
    srv.reset()
    try:
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    except Exception:
        driver.delete_all_cookies()
    result = Walk()
    try:
        driver.get(srv.url + f"/{site.site}{site.labels.start}")
        for page in site.labels.pages:
            wait_ready(driver, site, page)
            for selector in page.before:  # a cookie banner over the page
                click(driver, selector)
            result.problems += check_labels(driver, page)
            driver.switch_to.default_content()
            fill_page(driver, site, page)
            if any(lab.late for lab in page.fields):
                result.problems += check_labels(driver, page, late=True)
                driver.switch_to.default_content()
            if page.next:
                click(driver, page.next)
            for selector in page.then:  # what the click opened: a dialog's "View cart"
                click(driver, selector)
        # the order number may be only inside a link (an invoice URL)
        result.confirmation = driver.execute_script(
            "return document.body.innerText + ' ' + [...document.links].map(a => a.href).join(' ')")
        result.orders = srv.orders(site.site)
    except Exception:
        driver.switch_to.default_content()
        errors = driver.execute_script("return [...document.querySelectorAll('.errors, [role=alert]')].map(e => e.textContent)")
        result.error = traceback.format_exc(limit=3) + f"\nat {driver.current_url}; page errors: {errors}"
    _WALKS[site.site] = result
    return result


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.site)
def test_walk_records_expected_order(site: Site, driver, fixture_server) -> None:
    result = walk(site, driver, fixture_server)
    assert result.error is None, result.error
    assert len(result.orders) == 1, result.orders
    order = dict(result.orders[0])
    number = order.pop("order_number")
    assert number and number in result.confirmation
    assert order == site.labels.expected_order


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.site)
def test_labels_cover_every_field(site: Site, driver, fixture_server) -> None:
    result = walk(site, driver, fixture_server)
    assert result.error is None, result.error
    assert result.problems == []


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.site)
def test_labels_are_consistent_with_site(site: Site) -> None:
    """labels.yaml follows the flow of site.yaml: same paths, kinds and order; ends confirmed."""
    pages = [(p.path, p.kind) for p in site.labels.pages]
    assert pages == site.flow()  # several steps behind one URL: one page per view, in order
    for path in {p for p, _ in pages if sum(q == p for q, _ in pages) > 1}:
        views = [p.view for p in site.labels.pages if p.path == path]
        assert all(views) and len(set(views)) == len(views), f"{path}: each step needs its own view selector"
    assert site.labels.pages[-1].kind == "confirmation" and site.labels.pages[-1].next is None
    assert any(p.kind == "review" for p in site.labels.pages)
    for page in site.labels.pages[:-1]:
        assert page.next, f"{page.path} has no next selector"
    for page in site.labels.pages:
        for lab in page.fields:
            assert (lab.part is None) or lab.part >= 1


# --- shared page behaviours (common/*.js) ------------------------------------------------
def _to(driver, srv, site: str, upto: str) -> None:
    """Walk a site in the browser (filling nothing) until the page at `upto`."""
    found = next(s for s in SITES if s.site == site)
    driver.get(srv.url + f"/{site}{found.labels.start}")
    for page in found.labels.pages:
        wait_ready(driver, found, page)
        if page.path == upto:
            return
        for selector in page.before:
            click(driver, selector)
        fill_page(driver, found, page)
        click(driver, page.next)
        for selector in page.then:
            click(driver, selector)


def test_controlled_inputs_revert_values_set_without_input_events(driver, reset) -> None:
    _to(driver, reset, "amazon-like", "/gp/buy/addressselect")
    name, city = driver.find_element(By.ID, "f17"), driver.find_element(By.ID, "f21")
    driver.execute_script("arguments[0].value = 'Jane Doe'; arguments[0].focus();", name)
    city.click()  # blur: the script's own state wins
    assert name.get_attribute("value") == ""
    driver.execute_script("arguments[0].value = 'Jane Doe';"
                          "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", name)
    name.send_keys("")
    city.click()
    assert name.get_attribute("value") == "Jane Doe"
    city.send_keys("London")
    name.click()
    assert city.get_attribute("value") == "London"


def test_mask_builds_value_from_keys_and_clears_direct_values(driver, reset) -> None:
    _to(driver, reset, "prestashop-fr", "/commande")
    phone, email = driver.find_element(By.ID, "phone"), driver.find_element(By.ID, "email")
    phone.send_keys("+44 20 7946 0958")
    assert phone.get_attribute("value") == "+44 20 79 46 09 58"
    driver.execute_script("arguments[0].value = '+44 20 7946 0958'; arguments[0].focus();", phone)
    email.click()
    assert phone.get_attribute("value") == ""


def test_late_fields_are_absent_until_revealed() -> None:
    """With a large delay scale the payment form is still a template when the page is shown."""
    from autofill.flow.browser import browser
    from autofill.fixtures_server import FixtureServer

    with FixtureServer(port=0, delay_scale=100) as srv, browser() as drv:
        _to(drv, srv, "amazon-like", "/gp/buy/shipoptionselect")
        drv.find_element(By.ID, "continue-ship").click()
        WebDriverWait(drv, 10, 0.05).until(lambda d: d.current_url.endswith("/gp/buy/payselect"))
        assert drv.find_elements(By.ID, "n1") == []
        assert drv.find_elements(By.CSS_SELECTOR, "template[data-reveal-after='120000']")


def test_single_page_checkout_disables_itself_while_it_saves(driver) -> None:
    """At real delays (react-headlessui saves for 0.8 s): completing the address makes the form
    disable itself behind a spinner, the URL stays, and the delivery options (nameless radios, the
    dearer preselected) appear only once the shop has saved."""
    from autofill.fixtures_server import FixtureServer

    site = next(s for s in SITES if s.site == "react-headlessui")
    details = next(p for p in site.labels.pages if p.view == "section[data-step=details]")
    region = next(lab for lab in details.fields if lab.selector == "#region")
    with FixtureServer(port=0, delay_scale=1) as srv:
        _to(driver, srv, site.site, "/checkout")
        url = driver.current_url
        fill_page(driver, site, details.model_copy(update={"fields": [
            lab for lab in details.fields if not lab.late and lab is not region]}))
        assert not driver.find_elements(By.CSS_SELECTOR, "[role=radiogroup]")
        operate_widget(driver, find_all(driver, region)[0], region, type_values(site, "shipping")["address-level1"])
        WebDriverWait(driver, 2, 0.02).until(  # the save starts right after the choice
            lambda d: d.find_element(By.CSS_SELECTOR, "form fieldset").get_attribute("disabled") is not None)
        assert driver.find_element(By.CSS_SELECTOR, "form [role=status]").is_displayed()
        assert not driver.find_element(By.ID, "email").is_enabled()
        radios = WebDriverWait(driver, 5, 0.05).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "[role=radiogroup] input[type=radio]"))
        assert driver.current_url == url and driver.find_element(By.ID, "email").is_enabled()
        assert [r.get_attribute("name") for r in radios] == ["", ""] and radios[0].is_selected()
        labels = [r.find_element(By.XPATH, "./ancestor::label").text for r in radios]
        assert "£7.99" in labels[0] and "£3.49" in labels[1]
