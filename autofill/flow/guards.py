"""The guarantees of SPEC "Guarantees (v2)" as checks that do not depend on understanding the page.

The walk recognises a final button by its words and the page kind, and that recognition can fail
on a shop it has never seen ("Next" on a summary step that places the order). So recognition only
ever makes the walk *more* careful, never less:

- **The point of no return.** From the moment payment data is on the page or has been submitted
  (card fields, a card frame, a payment method chosen), or the page is a summary (a total and no
  field of a known type to fill), every click the walk makes is treated as possibly placing the
  order — unless there is positive evidence that it does not: a progress indicator whose current
  step has later steps that are not just "Confirmation", "Step 2 of 3", a button that names the
  step it leads to ("Continue to review"), or the page saying a review follows.
- **Before a possibly-final click** (`final_step_blockers`): a dry run stops; a buy needs a total
  read on this page, in the maximum's currency when it names one, at most the maximum and not below
  the items' price seen earlier; no required field left empty; and never the same control pressed
  twice.
- **After every click** the walk looks for a confirmation (walk.py): one that appears means
  `placed`, whatever the walk intended.

`ENABLED` exists so each guard's test can show that it fails when the guard is switched off
(tests/conftest.py `--guard-off`); nothing in the package switches a guard off.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional, Sequence

from ..core.money import Money, Total, is_terminal_step
from ..core.text import fold
from .actions import Action, names_later_step
from .state import PageState

ENABLED: dict[str, bool] = {
    "point_of_no_return": True,   # generic clicks past payment/summary are possibly final
    "max_total": True,            # total at most the maximum
    "currency": True,             # total in the maximum's currency
    "total_on_page": True,        # no total read, no final click
    "below_items": True,          # a total below the items' price seen earlier is suspicious
    "required_fields": True,      # a required field left empty blocks
    "one_press": True,            # never the same possibly-final control twice
    "confirmation": True,         # a confirmation after any click means placed
    "payment_method": True,       # a page offering no payment method the profile accepts blocks
}
CARD_TYPES = frozenset({"cc-number", "cc-csc", "cc-exp", "cc-exp-month", "cc-exp-year", "cc-name", "cc-type"})
_STEP_OF = re.compile(r"(?<![0-9a-z])(?:step|schritt|etape|paso|passo|stap|steg|krok|vaihe)\s+(\d+)\s*"
                      r"(?:of|von|sur|de|di|van|av|af|z|ze|/)\s*(\d+)(?![0-9])")


def on(name: str) -> bool:
    return ENABLED.get(name, True)


@dataclass
class FlowMemory:
    """What the walk has seen that a later page cannot take back."""

    payment_seen: bool = False        # card data on a page or submitted, or a payment method chosen
    items_price: Optional[Decimal] = None  # the highest items total seen before checkout (cart subtotal)
    items_currency: Optional[str] = None
    final_presses: list[tuple[str, str, int, str]] = field(default_factory=list)  # (url, text, fields, total)
    clicks: int = 0                   # every click the walk made


def page_signature(state: PageState) -> str:
    """What a person would call "the same page": URL, headings, visible field count and buttons."""
    buttons = sorted({c.text for c in state.clickables if c.visible and not c.disabled and c.text})[:40]
    return "|".join([state.url.split("#")[0], *state.h1, *state.h2[:5], str(state.field_count), *buttons])


def progress_says_later(state: PageState) -> bool:
    """A progress indicator shows a later step that is not just the confirmation ("Payment > Review >
    Done" on the payment step; "Step 2 of 3"), or one it links to."""
    if any(not is_terminal_step(s.text) or s.linked for s in state.later_steps()):
        # A later step linked from the bar is a page that exists before the order (Shuup's "3.
        # Confirmation" is its review): a thank-you page carries the order and cannot be linked ahead.
        return True
    for m in _STEP_OF.finditer(fold(" ".join([*state.h1, *state.h2, *state.h3, state.text[:1500]]))):
        n, total = int(m.group(1)), int(m.group(2))
        if 0 < n < total:
            return True
    return False


def summary_page(state: PageState, field_types: Sequence[str], total: Optional[Total]) -> bool:
    """A total and nothing of a known type to fill: a review step, whatever it calls itself."""
    return total is not None and not field_types


def payment_present(field_types: Sequence[str], card_frame: bool, payment_choice: bool) -> bool:
    return bool(CARD_TYPES & set(field_types)) or card_frame or payment_choice


def payment_refusal(plan: Any) -> Optional[str]:
    """Why the page cannot be passed: it offers payment methods and the profile accepts none of them
    (fill/plan.py `FillPlan.refused`). Checked on every page, before any press: paying some other
    way than the shopper accepts is as wrong as paying too much."""
    if not on("payment_method") or plan is None:
        return None
    return plan.refused or None


def _own_words(action: Action, state: PageState) -> str:
    """The button's text plus its id and name as words ("till-granskning" → "till granskning")."""
    c = next((c for c in state.clickables if c.index == action.index and c.frame == action.frame), None)
    attrs = " ".join(x for x in ((c.id, c.name) if c else ()) if x)
    return action.text + (" | " + re.sub(r"[-_]+", " ", re.sub(r"([a-z])([A-Z])", r"\1 \2", attrs)) if attrs else "")


def possibly_final(action: Action, state: PageState, memory: FlowMemory, *, summary: bool,
                   review_follows: bool, page_kind: Optional[str] = None) -> tuple[bool, str]:
    """Whether pressing `action` may place the order, and why."""
    if action.is_final:
        return True, action.reason or "the button places the order"
    if not on("point_of_no_return"):
        return False, ""
    if not (memory.payment_seen or summary):
        return False, ""
    if not memory.payment_seen and (action.kind in ("add_to_cart", "view_cart")
                                    or (action.kind in ("checkout", "guest") and page_kind in ("product", "cart", "login"))):
        return False, ""  # into the cart, or from the cart into the checkout, before any payment data
    if any(names_later_step(part) for part in _own_words(action, state).split(" | ")):
        return False, f"{action.text!r} names a later step"
    if progress_says_later(state):
        return False, "the progress indicator shows a later step"
    if review_follows:
        return False, "the page says a review step follows"
    why = "payment details are in" if memory.payment_seen else "the page is a summary with a total"
    return True, f"past the point of no return ({why}) and nothing says {action.text!r} leads to another step"


def final_step_blockers(*, dry_run: bool, state: PageState, action: Action, total: Optional[Total],
                        max_total: Optional[Money], memory: FlowMemory, unfilled: Sequence[str]) -> Optional[str]:
    """Why the walk must not press a possibly-final `action` (None: every guard passed).

    A dry run is held to the same required-field and total checks as a buy: its exit 0 promises
    that a buy with a high enough maximum would press this control with every required field filled."""
    if on("required_fields"):
        missing = list(unfilled) + [r.label or r.how for r in state.required_empty_for(action)]
        if missing:
            names = ", ".join(dict.fromkeys(m.strip(" *:") or "?" for m in missing))
            return "required fields are still empty: " + names[:200]
    if on("total_on_page") and total is None:
        return "no order total could be read on the page before the final step"
    if dry_run:
        return None
    if on("one_press") and _press_key(state, action, total) in memory.final_presses:
        # The same control on the same page (URL, visible fields, total): pressing it again would
        # submit the same order again, whatever the page now says around it.
        return f"{action.text!r} was already pressed once; not pressing it again"
    if total is not None and max_total is not None:
        if on("currency") and max_total.currency and total.currency != max_total.currency:
            shown = total.currency or f"unknown ({total.symbol or 'no symbol'})"
            return f"the page's currency is {shown}, the maximum is in {max_total.currency}"
        if on("max_total") and total.amount > max_total.amount:
            return f"total {total.amount:.2f} {total.currency or ''} is above the maximum {max_total}".replace("  ", " ")
    if on("below_items") and total is not None and memory.items_price is not None and total.amount < memory.items_price \
            and (memory.items_currency is None or total.currency in (None, memory.items_currency)):
        return (f"total {total.amount:.2f} is below the items' price {memory.items_price:.2f} seen earlier: "
                "the total read is not the order's")
    return None


def _press_key(state: PageState, action: Action, total: Optional[Total]) -> tuple[str, str, int, str]:
    return (state.url.split("#")[0], action.text, state.field_count, f"{total.amount}" if total else "")


def remember_final_press(memory: FlowMemory, state: PageState, action: Action) -> None:
    memory.final_presses.append(_press_key(state, action, state.total()))


def going_backwards(action: Any) -> bool:
    """After a possibly-final press, these would start a new order from an order that may exist."""
    return getattr(action, "kind", "") in ("add_to_cart", "view_cart", "checkout")
