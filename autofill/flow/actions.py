"""Which clickable moves a checkout flow on, and whether clicking it places the order.

The walk clicks the first action of `rank_actions`; a dry run stops before any action with
`is_final`. Being wrong about "final" in one direction buys something for real during a dry run,
so the rules lean the other way: an order-sounding button is final wherever it is, a generic
submit on a review page is final, and so is one on a page holding the whole checkout (address and
card fields) unless the page says a review step follows; a payment step's generic submit is final
when the page says the click places the order ("By placing your order…"). Shops' final buttons
say what they do (EU law requires "order with obligation to pay"), which the phrases catch.
Phrases live in `rules/actions.yaml` (multilingual, positive per action plus a `never` list).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional, Sequence

from pydantic import BaseModel, ConfigDict

from ..core.text import fold, phrase_regex
from .action_rules import CARD_TYPES, RULES_FILE, ActionKind, ActionRule, _Compiled, compiled_rules
from .state import Clickable, PageState

# Address and contact types: with card fields on one page, the page is the whole checkout.
WHOLE_CHECKOUT_TYPES = frozenset({"email", "tel", "name", "given-name", "family-name", "street-address",
                                  "address-line1", "address-level2", "postal-code", "country"})


def names_later_step(text: str, rules_path: Path = RULES_FILE) -> bool:
    """The button names the step it leads to ("Continue to review"): positive evidence it places nothing."""
    r = compiled_rules(rules_path)
    return bool(r.later_step and r.later_step.search(fold(text)))


class Action(BaseModel):
    """One clickable offered as a way forward; `index`/`frame` address it (state.click/element_for)."""

    model_config = ConfigDict(frozen=True)

    kind: ActionKind
    index: int
    frame: list[int]
    text: str
    score: float
    is_final: bool  # clicking it places the order (by its words and the page: the walk adds the point of no return)
    reason: str = ""
    form: Optional[int] = None  # its form's index in its document (required fields are those of this form)
    submits_form: bool = False


# ---------------------------------------------------------------------------------------------
def _attr_string(c: Clickable) -> str:
    """The element's own id/name/class/href as one dash-joined, folded string."""
    href = c.href.split("?")[0] if c.href and not c.href.startswith(("javascript:", "#")) else ""
    raw = " ".join((c.id, c.name, c.class_name, href))
    return "-" + re.sub(r"[^0-9a-z]+", "-", fold(raw)) + "-"


def _has_token(attr: str, token: str) -> bool:
    t = re.sub(r"[^0-9a-z]+", "-", fold(token)).strip("-")
    return bool(t) and f"-{t}-" in attr


def _near_context(c: Clickable, levels: int = 3) -> str:
    near = " ".join(c.context.split(" | ")[:levels])
    return "-" + re.sub(r"[^0-9a-z]+", "-", fold(near)) + "-"


def label_of(c: Clickable) -> str:
    return fold(c.text or c.aria_label or c.title)


def excluded(c: Clickable, rules: _Compiled) -> Optional[str]:
    """Why a candidate must never be clicked (None if it may)."""
    text = label_of(c)
    if text in rules.never_exact:
        return f"never: {text!r}"
    for p in rules.never:
        if phrase_regex(p).search(text):
            return f"never: {p!r}"
    attr = _attr_string(c)
    for a in rules.rules.never.attrs:
        if _has_token(attr, a):
            return f"never attr: {a!r}"
    near = _near_context(c)
    for a in rules.rules.never.context:
        if _has_token(near, a):
            return f"never context: {a!r}"
    if c.href and re.match(r"(?i)^(mailto|tel):", c.href):
        return "never: mail/phone link"
    return None


def _phrase_score(text: str, phrases: dict[str, float], match: dict[str, float]) -> tuple[float, str]:
    best, why = 0.0, ""
    for p, w in phrases.items():
        if text == p:
            s = match["exact"] * w
        elif text.startswith(p) and phrase_regex(p).match(text):
            s = match["prefix"] * w
        elif phrase_regex(p).search(text):
            s = match["contains"] * w
        else:
            continue
        if s > best:
            best, why = s, p
    return best, why


def _review_follows(state: PageState, rules: _Compiled) -> bool:
    """The page says another step (review/confirm) comes after this one."""
    after = [fold(t) for t in state.steps_after_current()]
    if any(phrase_regex(w).search(t) for t in after for w in rules.review_steps):
        return True
    return _text_says_review_follows(state, rules)


def consent_button(state: PageState, rules_path: Path = RULES_FILE) -> Optional[Clickable]:
    """The button that answers a cookie banner covering the page: a decline if there is one, else
    an accept; None when no banner is there."""
    c = compiled_rules(rules_path).rules.consent
    if c is None:
        return None
    inside = [b for b in state.clickables if b.visible and not b.disabled and b.frame == []
              and any(_has_token(_near_context(b, levels=6), t) for t in c.context)]
    for phrases in (c.decline, c.accept):
        for b in inside:
            if label_of(b) in {fold(p) for p in phrases}:
                return b
    return None


def _text_says_review_follows(state: PageState, rules: _Compiled) -> bool:
    text = fold(state.text)
    return any(h in text for h in rules.hints)


def page_says_review_follows(state: PageState, rules_path: Path = RULES_FILE) -> bool:
    """The page's text says a review comes before anything is charged ("You'll review your order")."""
    return _text_says_review_follows(state, compiled_rules(rules_path))


def _says_final(state: PageState, rules: _Compiled) -> bool:
    text = fold(state.text)
    return any(h in text for h in rules.final_hints)


def _names_next_step(text: str, rules: _Compiled) -> bool:
    return any(phrase_regex(w).search(text) for w in rules.review_steps + ("shipping", "delivery", "payment"))


MODEL_WEIGHT = 1.5
_NO_MODEL = object()


def _forward(state: PageState, kind: Optional[str], model: Any) -> dict:
    if model is None:
        return {}
    from .action_model import forward_probabilities

    try:
        return forward_probabilities(state, kind, None if model is _NO_MODEL else model)
    except Exception:  # a broken model file must not stop a purchase: rules alone then
        return {}


def _icon_action(c: Clickable, rules: _Compiled) -> Optional[str]:
    """What a control with no words says by its icon: add to cart, or a cart (which adds when it
    sits beside the product's quantity box or price, and opens the cart elsewhere)."""
    if not c.icon:
        return None
    icon = "-" + re.sub(r"[^0-9a-z]+", "-", fold(c.icon)) + "-"
    icons = rules.rules.icons
    if any(_has_token(icon, t) for t in icons.add_to_cart):
        return "add_to_cart"
    if any(_has_token(icon, t) for t in icons.cart):
        return "add_to_cart" if (c.beside_quantity or c.beside_price) else "view_cart"
    return None


def _raw_score(c: Clickable, text: str, attr: str, action: str, rule: ActionRule, rules: _Compiled,
               kind: Optional[str], pre: bool) -> tuple[float, str]:
    """How much a control reads as `action` by its words, attributes, icon and place, before the
    page kind is weighed in."""
    m = rules.rules.match
    if pre and action == "place_order":
        return 0.0, ""  # "Buy" on a product or cart page: read below as add-to-cart / checkout
    ps, why = _phrase_score(text, rules.phrases[action], m) if text else (0.0, "")
    if pre and action == ("add_to_cart" if kind == "product" else "checkout") and m["prefix"] > ps:
        # Below a plain "Add to cart" beside it (exact), above a header link's passing word.
        ps, why = m["prefix"], text
    if any(_has_token(attr, a) for a in rule.attrs):
        ps += rules.rules.attr
        why = why or "attr"
    if not text and _icon_action(c, rules) == action:
        ps, why = ps + m["exact"] * (1.0 if action == "add_to_cart" else 0.7), "icon"
    if action == "add_to_cart" and kind == "product" and not c.same_page:
        place = rules.rules.product_form
        if c.beside_quantity and c.tag != "a" and (ps > 0 or not text or c.submits_form):
            # The product's own form: its button beside the quantity box adds to the cart, whatever
            # it says ("Buy", "Add", "In den Warenkorb", an icon).
            ps, why = ps + place.quantity, why or "beside the quantity box"
        if ps > 0 and c.beside_price:
            ps += place.price
    if ps > 0 and len(text) > rules.rules.long_text:
        ps /= 2
    return ps, why


def rank_actions(state: PageState, kind: Optional[str] = None, filled: bool = False,
                 field_types: Optional[Sequence[str]] = None, history: Sequence[str] = (),
                 rules_path: Path = RULES_FILE, model: Any = _NO_MODEL) -> list[Action]:
    """Visible, enabled candidates that move the flow on, best first.

    `kind` is the page kind (kinds.predict_kind), `filled` whether the walk filled fields on this
    page, `field_types` the page's classified field types, `history` action kinds already taken on
    this page (an add-to-cart that was clicked is not offered again).
    """
    r = compiled_rules(rules_path)
    forward = _forward(state, kind, model)
    types = set(field_types or ())
    # A page holding the whole checkout: card fields beside the address or contact fields. Card
    # fields alone are one step of several (a payment view behind one URL), judged as a payment page.
    card_page = bool(CARD_TYPES & types) and bool(WHOLE_CHECKOUT_TYPES & types)
    payment_step = kind == "payment" or (bool(CARD_TYPES & types) and not card_page)
    review_follows: Optional[bool] = None
    out: list[Action] = []
    for c in state.clickables:
        if not c.visible or c.disabled:
            continue
        if excluded(c, r):
            continue
        text = label_of(c)
        attr = _attr_string(c)
        pre = bool(text) and kind in r.pre_pages and text in r.pre_checkout
        raw = {action: _raw_score(c, text, attr, action, rule, r, kind, pre) for action, rule in r.rules.actions.items()}
        if "add_to_cart" in history and raw["add_to_cart"][0] > 0:
            # An add-to-cart pressed on this page already is not offered again, under none of its
            # readings ("cart" in "Add to cart"): a second press would put a second item in.
            continue
        best: tuple[float, str, str] = (0.0, "", "")
        for action, rule in r.rules.actions.items():
            ps, why = raw[action]
            if ps <= 0:
                continue
            s = ps + (rule.kinds.get(kind, 0.0) if kind else 0.0)
            if action in ("continue", "place_order", "guest") and c.submits_form and c.in_fill_form:
                s += 1.0 + (0.5 if filled else 0.0)
            if c.same_page:
                s -= 3.0  # a link back to this very page (the product's own name) moves nothing on
            if re.search(r"(^|[\s_-])(primary|cta|main|btn-primary|button--primary|is-primary)($|[\s_-])", c.class_name, re.I):
                s += 0.3
            if s > best[0]:
                best = (s, action, why)
        score, action, why = best
        if not action or score < r.rules.min_score:
            continue
        final = action == "place_order"
        reason = f"{action}: {why!r}"
        if final and pre:
            # Not reached for product pages (read as add_to_cart there); kept for a cart page whose
            # order word out-scores the checkout reading.
            action, final, reason = "checkout", False, f"checkout: {text!r} on a {kind} page"
        elif action in ("continue", "guest") and kind == "review":
            action, final, reason = "place_order", True, f"forward action on a review page: {why!r}"
        elif action == "continue" and (payment_step or (card_page and kind in ("checkout", "shipping", None))):
            if review_follows is None:
                review_follows = _review_follows(state, r)
            if not review_follows and not _names_next_step(text, r):
                # A page holding the whole checkout (card fields on a checkout page) is final unless
                # it says otherwise; a payment step only when its text says the click places the order.
                if not payment_step or _says_final(state, r):
                    action, final, reason = "place_order", True, f"generic submit on the last step: {why!r}"
        p = forward.get((tuple(c.frame), c.index))
        if p is not None:
            # The learned ranker reorders what the rules proposed; it never adds or vetoes one.
            score += MODEL_WEIGHT * (p - 0.5)
            reason += f"; model {p:.2f}"
        out.append(Action(kind=action, index=c.index, frame=list(c.frame), text=c.text or c.aria_label or c.title,
                          score=round(score, 3), is_final=final, reason=reason, form=c.form, submits_form=c.submits_form))
    out.sort(key=lambda a: -a.score)
    return out


def best_action(state: PageState, **kw: object) -> Optional[Action]:
    """The action to click next, or None when nothing on the page moves the flow on."""
    ranked = rank_actions(state, **kw)  # type: ignore[arg-type]
    return ranked[0] if ranked else None


def is_place_order(action: Optional[Action]) -> bool:
    """The walk's stop signal for a dry run: True when clicking `action` places the order."""
    return bool(action and action.is_final)
