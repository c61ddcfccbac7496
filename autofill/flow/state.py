"""A page as the purchase walk sees it: one `execute_script` turns the live page into a `PageState`.

One round trip keeps the walk fast and consistent (nothing moves between two reads). The snapshot
also registers every clickable candidate in `window.__autofillActions`, so the chosen action is
clicked by index instead of by a selector the engine would have to invent for an unknown site.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ..core.money import Total, read_total, total_words_source
from ..errors import BrowserError, first_line
from .action_rules import quantity_words_source

JS_FILE = Path(__file__).with_name("page_state.js")
MAX_TEXT = 4000


class Box(BaseModel):
    x: float
    y: float
    width: float
    height: float


class Clickable(BaseModel):
    """One element a person could click: button, submit/image input, link, role=button, onclick."""

    model_config = ConfigDict(extra="ignore")

    index: int  # position in window.__autofillActions (top window and its own frame's window)
    frame: list[int] = Field(default_factory=list)  # iframe indexes from the top document
    text: str = ""  # innerText / value / aria-label / title / alt, whitespace collapsed
    tag: str = ""
    type: str = ""
    role: str = ""
    id: str = ""
    name: str = ""
    class_name: str = ""
    href: str = ""
    aria_label: str = ""
    title: str = ""
    form: Optional[int] = None  # index of its form in its document
    form_fields: int = 0  # visible fillable fields in that form
    submits_form: bool = False  # a submit button / submit or image input of a form
    context: str = ""  # id/class/aria-label of its ancestors: "coupon", "express-checkout", …
    in_shadow: bool = False
    visible: bool = True
    disabled: bool = False
    box: Optional[Box] = None
    # Where it sits, to tell an add-to-cart by its place as much as by its words (flow/actions.py):
    beside_quantity: bool = False  # its form or small block holds a quantity box
    beside_price: bool = False  # that block shows a money amount
    icon: str = ""  # class/symbol names of the icon inside it ("fa fa-shopping-cart")
    same_page: bool = False  # a link back to the page it is on (a logo, the product's own name)

    @property
    def in_fill_form(self) -> bool:
        """Inside a form that has fields to fill: its submit is what moves a step on."""
        return self.form is not None and self.form_fields > 0


class ProgressStep(BaseModel):
    text: str
    current: bool = False
    linked: bool = False  # a link to another page of the shop (a page that exists before any order)


class TotalCandidate(BaseModel):
    """Text of an element labelled like a total and the money amount found next to it."""

    label: str
    amount: str


class RequiredEmpty(BaseModel):
    """A control the page requires that is still empty (native, aria-required, a label marker, a widget)."""

    label: str = ""
    how: str = ""  # text, select, radio, checkbox, combobox, radiogroup, widget
    frame: list[int] = Field(default_factory=list)
    form: Optional[int] = None
    form_submits: bool = False  # its form has a submit button of its own


class PageState(BaseModel):
    model_config = ConfigDict(extra="ignore")

    url: str = ""
    title: str = ""
    lang: str = ""
    h1: list[str] = Field(default_factory=list)
    h2: list[str] = Field(default_factory=list)
    h3: list[str] = Field(default_factory=list)
    text: str = ""  # visible text, first MAX_TEXT characters
    steps: list[ProgressStep] = Field(default_factory=list)  # breadcrumb / progress steps
    clickables: list[Clickable] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)
    totals: list[TotalCandidate] = Field(default_factory=list)
    order_number: Optional[str] = None
    field_count: int = 0  # visible fillable fields
    password_count: int = 0
    frames: int = 0  # same-origin frames read
    currency_hints: list[str] = Field(default_factory=list)  # ISO codes the page declares or prints by amounts
    order_links: list[str] = Field(default_factory=list)  # order ids in the URL and in links (/invoice/<id>/)
    required_empty: list[RequiredEmpty] = Field(default_factory=list)

    @property
    def has_order_number(self) -> bool:
        return self.order_number is not None

    @property
    def current_step(self) -> Optional[str]:
        return next((s.text for s in self.steps if s.current), None)

    @property
    def view(self) -> str:
        """Which step of the page shows: its URL, the current progress step and the headings. Several
        checkout steps behind one URL differ here and not in the URL, so loop detection keys on it."""
        return "|".join([self.url.split("#")[0], self.current_step or "", *self.h1[:2], *self.h2[:4]])

    def steps_after_current(self) -> list[str]:
        """Texts of the progress steps after the current one (empty if none is marked)."""
        return [t.text for t in self.later_steps()]

    def later_steps(self) -> list[ProgressStep]:
        """The progress steps after the current one (empty if none is marked)."""
        for i, s in enumerate(self.steps):
            if s.current:
                return self.steps[i + 1:]
        return []

    def total(self) -> Optional[Total]:
        """The grand total the page shows (amount, currency), or None (autofill.core.money.read_total)."""
        return read_total([t.label for t in self.totals], lang=self.lang, hints=self.currency_hints)

    @property
    def order_reference(self) -> Optional[str]:
        """The order number from the page's text, else from its URL or its links."""
        return self.order_number or (self.order_links[0] if self.order_links else None)

    def required_empty_for(self, action: Any) -> list[RequiredEmpty]:
        """Required empty controls that pressing `action` (a Clickable or Action) would submit with:
        those of its own form, or — for a control outside any form — every one not inside a form
        that has its own submit button (a login or newsletter form beside the checkout)."""
        form = getattr(action, "form", None)
        frame = list(getattr(action, "frame", []) or [])
        out = []
        for r in self.required_empty:
            if form is not None:
                if r.form == form and r.frame == frame:
                    out.append(r)
            elif r.form is None or not r.form_submits:
                out.append(r)
        return out


class _Driver(Protocol):  # the part of a WebDriver this module uses
    def execute_script(self, script: str, *args: Any) -> Any: ...


@lru_cache(maxsize=1)
def _script() -> str:
    body = JS_FILE.read_text(encoding="utf-8").strip().rstrip(";")
    return "return (\n" + body + "\n)(arguments[0], arguments[1], arguments[2]);"


def snapshot(driver: _Driver, max_text: int = MAX_TEXT) -> PageState:
    """The current page (top document, same-origin frames, open shadow roots) in one round trip."""
    from selenium.common.exceptions import WebDriverException

    try:
        raw = driver.execute_script(_script(), max_text, total_words_source(), quantity_words_source())
    except WebDriverException as exc:
        raise BrowserError(f"could not read the page: {first_line(exc.msg or str(exc))}") from None
    state = PageState.model_validate(raw or {})
    # A required-marker "*" styled like an error is not a message.
    state.errors = [e for e in state.errors if sum(ch.isalpha() for ch in e) >= 3]
    return state


def click(driver: _Driver, index: int) -> bool:
    """Click a registered candidate from the top context; False if it left the page meanwhile.

    A script click works across same-origin frames and never misses because of a sticky banner;
    use `element_for` when a real pointer click is wanted.
    """
    return bool(driver.execute_script(
        "var e = (window.__autofillActions || [])[arguments[0]];"
        "if (!e || !e.isConnected) return false; e.click(); return true;", index))


def element_for(driver: Any, action: Any) -> Any:
    """The WebElement of a candidate (anything with `index` and `frame`), switching into its frame.

    The driver is left in that frame so the element stays usable; call
    `driver.switch_to.default_content()` afterwards. Returns None if it is gone.
    """
    from ..page.live import switch_to_frame

    if not switch_to_frame(driver, action.frame):
        return None
    return driver.execute_script(
        "var e = (window.__autofillActions || [])[arguments[0]]; return e && e.isConnected ? e : null;",
        action.index)
