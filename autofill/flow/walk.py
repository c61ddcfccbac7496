"""The purchase walk: page after page, fill what the profile fits, press the way forward.

No site-specific code: each page is read fresh (fields, kind, actions) and the guards decide
whether a press that may place the order happens — never in a dry run, never above the maximum or
in another currency, never without a total, never with a required field empty, never twice. Which
presses "may place the order" does not rest on recognising the final button: past the point of no
return every click does, unless the page shows otherwise (flow/guards.py, docs/security.md).
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Optional

from ..core.money import Money, parse_limit
from ..errors import AutofillError, first_line
from ..fill.plan import payment_choice_made, plan_fill
from ..fill.redact import Redactor, scrub_strings
from ..fill.secrets import scope as secrets_scope
from . import guards
from .guards import FlowMemory
from ..page.live import LivePage, capture
from .result import Filled, PurchaseResult, Step
from .wait import settle

MAX_STEPS = 16
STEP_KINDS = frozenset({"checkout", "shipping", "payment", "review"})
TOTAL_SETTLE = 1.5  # seconds the page may take to re-price what was just filled, before a final press
CONFIRM_WAIT = 45.0  # seconds a place-order answer may take before the walk gives up waiting


class Walk:
    """One flow in one browser. State lives here so guards can see the whole history."""

    def __init__(self, engine, driver: Any, profile, *, max_total: Optional[Money], dry_run: bool,
                 timeout: float, screenshots: Optional[Path], progress: Optional[Callable[[str], None]]) -> None:
        self.engine = engine
        self.driver = driver
        self.profile = profile
        self.max_total = max_total
        self.dry_run = dry_run
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.screenshots = screenshots
        self.redact = Redactor(profile)
        self._progress = progress
        self.result = PurchaseResult(status="failed")
        self.placed_click = False  # the place-order press happened: never again
        self.plan = None  # the fill plan of the page last read
        self.click_uncertain = False  # the last click raised: it may or may not have happened
        self.seen: Counter = Counter()
        self.memory = FlowMemory()
        self.views: dict[tuple, dict[str, str]] = {}  # behind each URL, title and heading: view → kind

    # -- reporting -------------------------------------------------------------------------
    def say(self, msg: str) -> None:
        if self._progress:
            self._progress(self.redact.scrub(msg))

    def finish(self, status: str, reason: Optional[str] = None) -> PurchaseResult:
        self.result.status = status  # type: ignore[assignment]
        self.result.reason = reason or None
        # Every string of the record (order reference, URLs of GET forms, error banners that echo
        # the card back, ...) is scrubbed: it is printed as JSON and saved by callers (issue #8).
        return scrub_strings(self.result, self.redact.scrub)

    # -- one page --------------------------------------------------------------------------
    def read_page(self):
        from .kinds import predict_kind
        from .state import snapshot

        page: LivePage = capture(self.driver)
        descs = page.descriptors()
        pairs = self.engine.classify_descriptors(descs)
        state = snapshot(self.driver)
        types = [f.prediction for d, f in pairs if d.visible and f.prediction != "unknown"]
        # Another checkout step already seen behind this URL: a single-page checkout, whose URL and
        # main heading say nothing about which step shows now (a product page's dialog is no step).
        shown = self.views.setdefault((state.url.split("#")[0], state.title, tuple(state.h1[:1])), {})
        one_url = any(v != state.view and k in STEP_KINDS for v, k in shown.items())
        kind = predict_kind(state, field_types=types, one_url_steps=one_url)
        shown.setdefault(state.view, kind.kind)
        return page, pairs, state, kind, types

    def fill(self, page: LivePage, pairs, step: Step) -> int:
        from .filler import apply_fill
        from .frames import card_origins

        origins = card_origins(page, pairs)
        plan = plan_fill(pairs, self.profile, allow_card=page.secure)
        self.plan = plan  # the guards at the final step read what this page still lacks
        # A cross-origin frame the page did not embed for payments gets nothing at all — not
        # even the email or address a hostile frame may ask for beside the card.
        trusted = {page.origin, *origins}
        actions = [a for a in plan.actions if not a.frame or a.frame_origin in trusted]
        if not actions:
            return 0
        from ..fill.widgets import choose_option

        profile = self.profile
        results = apply_fill(self.driver, actions, card_origins=origins,
                             choose=lambda a, options: choose_option(a, options, profile))
        n = 0
        for a, r in zip(actions, results):
            if r.ok:
                n += 1
                step.filled.append(Filled(name=a.name or f"#{a.index}", prediction=a.prediction if a.prediction != "unknown" else (a.why or "unknown"),
                                          value=r.display, section=a.section, method=r.method,
                                          price=a.price, payment_method=a.payment_method))
        return n

    def screenshot(self, step: Step, n: int, pairs) -> None:
        if not self.screenshots:
            return
        from .screenshots import save_step_screenshot

        try:
            step.screenshot = str(save_step_screenshot(self.driver, self.screenshots, n, step, pairs))
        except Exception as exc:  # a failed screenshot never stops a purchase
            self.say(f"  (screenshot failed: {exc.__class__.__name__})")

    # -- the loop --------------------------------------------------------------------------
    def run(self, url: str) -> PurchaseResult:
        from .actions import consent_button, rank_actions
        from .frames import payment_frame_present
        from .navigate import open_page
        open_page(self.driver, url, timeout=self.timeout)
        settle(self.driver)
        history: dict[str, list[str]] = {}
        retried_errors: set[str] = set()
        waited: set = set()  # pages' totals already given time to finish loading
        wait_until: dict[str, float] = {}  # steps shown with no way forward: when waiting for them ends
        memory = self.memory
        answered: set[str] = set()  # cookie banners answered (by button text)
        n = 0
        while n < MAX_STEPS:
            n += 1
            if time.monotonic() > self.deadline:
                return self.finish("failed", f"timed out after {self.timeout:g} s" + self._maybe_placed())
            page, pairs, state, kind, types = self.read_page()
            if not types and kind.kind in ("checkout", "shipping", "payment", "login") and state.total() is None:
                # Fields that appear late (rendered by script after a delay): wait for them once.
                # A page showing a total with nothing to fill is a summary, not a form still loading.
                from .wait import wait_for_fields

                if wait_for_fields(self.driver, timeout=min(8.0, self.timeout), more_than=0):
                    page, pairs, state, kind, types = self.read_page()
            banner = consent_button(state) if not memory.payment_seen else None
            if banner is not None and banner.text not in answered:
                # A cookie banner over the page hides what is under it: answer it, then read again.
                answered.add(banner.text)
                self.say(f"  cookie banner: {banner.text!r}")
                from .state import click

                if self.press_index(banner.index, click):
                    continue
            step = Step(url=state.url, kind=kind.kind, errors=[first_line(e) for e in state.errors][:5])
            self.result.steps.append(step)
            self.say(f"step {n}: {kind.kind} page {state.url}")
            if self.confirmed(state, kind.kind, types):
                if memory.clicks or self.placed_click:
                    # A confirmation after one of the engine's clicks: placed, whatever was intended.
                    self.result.order_reference = state.order_reference
                    return self.finish("placed")
                return self.finish("failed", "the start page is already an order confirmation; the engine clicked nothing")
            if memory.final_presses and kind.kind in ("product", "cart"):
                return self.finish("failed", f"after pressing {memory.final_presses[-1][1]!r}, which may have placed the order, "
                                   f"the shop shows a {kind.kind} page" + self._maybe_placed())
            if kind.kind == "cart" and not memory.payment_seen:
                self.remember_items_price(state)
            if kind.kind == "product" and not memory.payment_seen and not memory.clicks:
                blocked = self.read_product(page, state)
                if blocked:
                    return self.finish("blocked", blocked)
            payment_here = guards.payment_present(types, payment_frame_present(page), payment_choice_made(pairs))
            filled = self.fill(page, pairs, step)
            if filled:
                # Filling can reveal or rebuild fields (a state list after the country, a billing
                # form after unticking "same as shipping"): one more round for what appeared.
                settle(self.driver)
                page2, pairs2, state, _kind, types = self.read_page()
                more = self.fill(page2, pairs2, step)
                filled += more
                pairs = pairs2
                if more:  # the state the guards read must show what the second round filled
                    from .state import snapshot

                    settle(self.driver)
                    state = snapshot(self.driver)
                payment_here = payment_here or guards.payment_present(types, payment_frame_present(page2), payment_choice_made(pairs2))
            payment_here = payment_here or any(f.prediction in guards.CARD_TYPES or f.prediction == "payment method" for f in step.filled)
            if kind.kind == "product" and not memory.clicks:
                missing = variant_missing(pairs, self.profile)
                if missing:  # a size or colour the page needs and the profile does not name
                    self.screenshot(step, n, pairs)
                    return self.finish("blocked", missing)
            refusal = guards.payment_refusal(self.plan)
            if refusal:  # no accepted way to pay: stop before any press that may place the order
                self.screenshot(step, n, pairs)
                return self.finish("failed" if memory.final_presses else "blocked", refusal + self._maybe_placed())
            for f in step.filled:
                self.say(f"  filled {f.prediction:<18} {f.name:<24} {f.value}")
            # The step that shows, not just the URL: several steps behind one URL are progress.
            sig = f"{state.view}|{kind.kind}|{'/'.join(sorted(state.errors))}"
            self.seen[sig] += 1
            if state.errors and self.seen[sig] >= 2:
                if sig in retried_errors or self.seen[sig] >= 3:
                    # The shop's own validation names what is missing or wrong (a required widget the
                    # engine cannot operate, a value the profile lacks): blocked, before any final press.
                    return self.finish("failed" if memory.final_presses else "blocked",
                                       "the page rejected the details: " + "; ".join(state.errors[:3]) + self._maybe_placed())
                retried_errors.add(sig)
                # Rejected again: parts of the form may load late. Give them a moment, then fill.
                if self.wait_for_change(3.0):
                    page, pairs, state, kind, types = self.read_page()
                    filled += self.fill(page, pairs, step)
            if self.seen[sig] >= 4:
                return self.finish("failed", f"stuck on {state.url}: the same page keeps coming back" + self._maybe_placed())
            actions = rank_actions(state, kind=kind.kind, filled=bool(filled), field_types=types,
                                   history=history.get(state.url, []))
            if not actions:
                # Parts of a page that load late (a cart or a form built by script), or an overlay
                # that covers it for a moment ("Added to cart" over the product): read it again,
                # every second or on each change (an overlay fading out changes no DOM), within 8 s
                # per step shown.
                until = wait_until.setdefault(state.view, time.monotonic() + 8.0)
                if time.monotonic() < until:
                    self.wait_for_change(min(1.0, until - time.monotonic()))
                    self.result.steps.pop()
                    self.seen[sig] -= 1  # a wait is not a visit: only clicks that lead back count
                    n -= 1
                    continue
            if not actions:
                self.screenshot(step, n, pairs)
                return self.finish("blocked" if kind.kind in ("review", "payment") and not memory.final_presses else "failed",
                                   f"no way forward on this {kind.kind} page" + self._maybe_placed())
            action = actions[0]
            memory.payment_seen = memory.payment_seen or payment_here
            total, final, why = self.judge(action, state, types, kind.kind)
            if final and filled:
                # What was just filled may still be changing the total (a delivery choice the shop
                # prices after saving it, perhaps before this snapshot was even taken): the total the
                # guards judge is the one shown once the page is quiet again, read afresh, and the
                # press is found anew in that page.
                from .state import snapshot

                self.quiet_after_changes()
                state = snapshot(self.driver)
                actions = rank_actions(state, kind=kind.kind, filled=True, field_types=types,
                                       history=history.get(state.url, []))
                if not actions:
                    continue
                action = actions[0]
                total, final, why = self.judge(action, state, types, kind.kind)
            if memory.final_presses and guards.going_backwards(action):
                return self.finish("failed", f"after pressing {memory.final_presses[-1][1]!r}, which may have placed the order, "
                                   f"the page offers only {action.text!r}" + self._maybe_placed())
            if final:
                self.screenshot(step, n, pairs)
                if total is None and ("total", state.url) not in waited and self.wait_for_change(4.0):
                    # A summary that loads late: read the whole page again (the action found
                    # here belongs to the old snapshot) before judging the total.
                    waited.add(("total", state.url))
                    self.result.steps.pop()
                    continue
                self.result.total = f"{total.amount:.2f}" if total is not None else None
                self.result.currency = total.currency if total is not None else None
                unfilled = [u.label or u.name for u in (self.plan.unfilled_required if self.plan else [])
                            if u.reason != "card data not allowed in this frame"]
                blocker = guards.final_step_blockers(dry_run=self.dry_run, state=state, action=action, total=total,
                                                     max_total=self.max_total, memory=memory, unfilled=unfilled)
                if self.dry_run:
                    step.clicked = None
                    if blocker:
                        return self.finish("blocked", blocker)
                    shown = f" (total {self.result.total} {self.result.currency or ''}".rstrip() + ")" if total is not None else ""
                    self.say(f"  dry run: stopping before {action.text!r}{shown}")
                    return self.finish("dry_run", None if action.is_final else f"stopped before {action.text!r}: {why}")
                if blocker:
                    return self.finish("failed" if memory.final_presses else "blocked", blocker + self._maybe_placed())
                done = self.place(action, step, state, recognised=action.is_final)
                if done is not None:
                    return done
                continue
            if guards.on("required_fields"):
                missing = state.required_empty_for(action)
                if missing:
                    self.screenshot(step, n, pairs)
                    return self.finish("failed" if memory.final_presses else "blocked",
                                       "required fields are still empty: " + ", ".join(dict.fromkeys(
                                           (r.label or r.how).strip(" *:") for r in missing))[:200] + self._maybe_placed())
            self.screenshot(step, n, pairs)
            step.clicked = action.text or action.kind
            history.setdefault(state.url, []).append(action.kind)
            self.say(f"  → {action.kind}: {action.text!r}")
            if not self.press(action, wait=min(self.timeout, 20.0)):
                return self.finish("failed", f"could not press {action.text!r}" + self._maybe_placed())
        return self.finish("failed", f"no order after {MAX_STEPS} steps" + self._maybe_placed())

    def judge(self, action, state, types, kind: str):
        """(the page's total, whether pressing `action` may place the order, why) — what the guards
        decide on, for the page as read now."""
        from .actions import page_says_review_follows

        total = state.total()
        final, why = guards.possibly_final(
            action, state, self.memory, summary=guards.summary_page(state, types, total),
            review_follows=page_says_review_follows(state), page_kind=kind)
        return total, final, why

    def confirmed(self, state, kind: str, types) -> bool:
        """The page confirms an order: its kind; or, on a page with nothing to fill that is not a cart,
        product or login page, an order number in its text, or thanks (rules/money.yaml
        `terminal_steps`) with an order number in its URL or links (/invoice/<id>/). A cart or quote
        number alone is no confirmation."""
        if kind == "confirmation":
            return True
        if not guards.on("confirmation"):
            return self.placed_click and state.has_order_number
        if types or kind in ("cart", "product", "login"):
            return False
        if state.order_number:
            return True
        from ..core.money import is_terminal_step

        heads = [state.title, *state.h1, *state.h2, *state.h3]
        return bool(state.order_links) and any(is_terminal_step(h) for h in heads if h)

    def visible_types(self, state) -> list[str]:
        """Known field types on the page now (a confirmation has none: a cart's quote number is no order)."""
        if not state.field_count:
            return []
        try:
            return self.read_page()[4]
        except AutofillError:
            return []

    def _maybe_placed(self) -> str:
        """Said whenever a click that may have placed the order happened: "nothing placed" is never assumed."""
        if not self.memory.final_presses:
            return ""
        return (f" (an earlier press of {self.memory.final_presses[-1][1]!r} may have placed the order — "
                "check before trying again; the engine did not press it twice)")

    def read_product(self, page, state) -> Optional[str]:
        """The product page the flow starts on: out of stock blocks; a price the page states firmly
        (structured data that agrees with what is shown, or a confident reading) is remembered as
        the items' price, which a final total must not fall below."""
        from decimal import Decimal, InvalidOperation

        top = next((f for f in page.frames if not f.path), None)
        if top is None:
            return None
        try:
            product = self.engine.extract_product_html(top.html, url=state.url)
        except Exception:  # product reading is advice; it never stops a purchase by failing
            return None
        if product is None:
            return None
        if product.availability == "OutOfStock":
            return f"the product is out of stock ({product.title or 'this page'})"
        firm = product.sources.get("price") in ("json-ld", "microdata", "rdfa", "opengraph") \
            or product.confidence.get("price", 0.0) >= 0.9
        if product.price and firm:
            try:
                price = Decimal(product.price)
            except InvalidOperation:
                return None
            if self.memory.items_price is None or price > self.memory.items_price:
                self.memory.items_price, self.memory.items_currency = price, product.currency
        return None

    def remember_items_price(self, state) -> None:
        from ..core.money import read_subtotal

        sub = read_subtotal([t.label for t in state.totals], lang=state.lang, hints=state.currency_hints)
        if sub is not None and (self.memory.items_price is None or sub.amount > self.memory.items_price):
            self.memory.items_price, self.memory.items_currency = sub.amount, sub.currency

    def quiet_after_changes(self, rounds: int = 3) -> bool:
        """Whether the page changed after the fill, waiting until it stays quiet for TOTAL_SETTLE
        (a spinner, then the new price: each change gives the shop another moment)."""
        changed = False
        for _ in range(rounds):
            if not self.wait_for_change(TOTAL_SETTLE):
                break
            changed = True
        return changed

    def wait_for_change(self, timeout: float) -> bool:
        """True when the page's DOM changed within `timeout` (and then settled)."""
        from .wait import arm, wait_after

        try:
            res = wait_after(self.driver, arm(self.driver), timeout=timeout, settle_ms=200, idle_ms=timeout * 1000)
        except Exception:
            return False
        return res.changed

    def press(self, action, wait: float = 0.0) -> bool:
        """Click the action; with `wait`, also wait until the navigation or DOM change it caused is over."""
        from .state import click
        from .wait import arm, wait_after

        try:
            mark = arm(self.driver)
        except Exception:
            mark = None
        self.memory.clicks += 1
        ok = self._click(action, click)
        if ok and wait and mark is not None:
            wait_after(self.driver, mark, timeout=wait)
        return ok

    def press_index(self, index: int, click) -> bool:
        """A click on a registered candidate that is not a way forward (a cookie banner's answer)."""
        from .wait import arm, wait_after

        try:
            mark = arm(self.driver)
            ok = click(self.driver, index)  # not counted in memory.clicks: a cookie answer places no order
            if ok:
                wait_after(self.driver, mark, timeout=5.0, settle_ms=150, idle_ms=400)
            return bool(ok)
        except Exception:
            return False

    def _click(self, action, click) -> bool:
        try:
            if action.frame:
                from .state import element_for

                el = element_for(self.driver, action)
                if el is None:
                    return False
                self.driver.execute_script("arguments[0].click()", el)
                self.driver.switch_to.default_content()
                return True
            return click(self.driver, action.index)
        except Exception:
            # The click may have happened (a form POST that never answers times the script
            # out): place() must not take this for "nothing was sent" (security: issue #5).
            self.click_uncertain = True
            try:
                self.driver.switch_to.default_content()
            except Exception:
                pass
            return False

    def place(self, action, step: Step, state_before, recognised: bool) -> Optional[PurchaseResult]:
        """The press that may place the order, then patience: the answer may be slow.

        Returns the result when the flow ends here; None when the press led to another checkout
        step (a generic "Next" past the point of no return that was not the final one after all),
        so the walk goes on — never pressing this control again, never starting a new order."""
        from .kinds import predict_kind
        from .state import snapshot
        from .wait import arm, wait_after

        step.clicked = action.text or "place order"
        self.say(f"  → {'place order' if recognised else 'possibly final'}: {action.text!r} "
                 f"(total {self.result.total} {self.result.currency or ''})")
        self.placed_click = True
        guards.remember_final_press(self.memory, state_before, action)
        before = guards.page_signature(state_before)
        mark = arm(self.driver)
        self.click_uncertain = False
        if not self.press(action):
            if self.click_uncertain:
                return self.finish("failed", "the browser stopped answering after the order was sent; it may have "
                                             "been placed — check before trying again (the engine did not press twice)")
            self.placed_click = False  # nothing was sent: the element was gone before the press
            self.memory.final_presses.pop()
            return self.finish("failed", f"could not press {action.text!r}")
        # Patience for a slow answer, within what the caller allowed (never below a few seconds).
        deadline = time.monotonic() + min(CONFIRM_WAIT, max(5.0, self.deadline - time.monotonic()))
        while time.monotonic() < deadline:
            res = wait_after(self.driver, mark, timeout=max(0.5, min(10.0, deadline - time.monotonic())))
            if res.outcome in ("unchanged", "timeout"):
                continue  # the answer is still on its way
            try:
                state = snapshot(self.driver)
            except AutofillError:
                time.sleep(0.2)
                continue
            kind = predict_kind(state)
            if self.confirmed(state, kind.kind, self.visible_types(state)):
                self.result.steps.append(Step(url=state.url, kind="confirmation"))
                self.result.order_reference = state.order_reference
                self.say(f"step {len(self.result.steps)}: confirmation {state.url}" +
                         (f" — order {state.order_reference}" if state.order_reference else ""))
                return self.finish("placed")
            if state.errors and kind.kind in ("review", "payment", "checkout"):
                return self.finish("failed", "the order was refused: " + "; ".join(state.errors[:3]) + self._maybe_placed())
            if not recognised and guards.page_signature(state) != before and state.clickables:
                return None  # another step of the checkout: the walk reads it and goes on
            time.sleep(0.25)
        return self.finish("failed", "no confirmation came after the order was sent; it may have been placed — "
                                     "check before trying again (the engine did not press twice)")


def variant_missing(pairs, profile) -> Optional[str]:
    """Why the product cannot go in the cart as the profile stands: an option select (size,
    colour) showing no choice yet, which the profile's `variants` does not name or whose named
    value the page does not offer; None when every such select has a choice."""
    from ..fill.fit import _empty
    from ..fill.plan import variant_wanted

    for d, f in pairs:
        if not (d.visible and d.tag == "select" and f.prediction == "unknown" and _empty(d)):
            continue
        offered = [o.text.strip() for o in d.options if o.value.strip() and not o.disabled]
        if len(offered) < 2:
            continue
        label = (d.label or d.name or d.id or "an option").strip(" *:")
        wanted = variant_wanted(d, profile) if profile is not None else None
        listed = ", ".join(offered[:8]) + (", …" if len(offered) > 8 else "")
        if wanted is None:
            return f"the product needs a choice of {label} ({listed}): name one under `variants` in the profile"
        return f"the profile's {wanted[0]} {wanted[1]!r} is not offered here ({listed})"
    return None


def purchase(engine, url: str, profile, *, max_total: Any, dry_run: bool, remote: Optional[str],
             timeout: float, screenshots: Optional[Path], progress: Optional[Callable[[str], None]],
             driver: Any = None) -> PurchaseResult:
    """One flow in its own browser, or in `driver` (a fresh session the caller owns: a batch's).

    The result's private `session_lost` says the browser stopped answering, and `may_have_placed`
    that a press which may have placed the order happened: a batch retries only the first
    without the second."""
    from contextlib import nullcontext

    from .browser import browser
    from .pool import alive

    limit = parse_limit(max_total)  # a Money, a Decimal, or SPEC's string form; one-line errors
    if not dry_run and limit is None:
        raise AutofillError("buy needs a maximum total (--max-total)")
    start = time.perf_counter()
    engine.warm_up()  # models load while the browser starts and the first page arrives
    # The profile's secrets are held by the scrubber for this flow only, however it ends.
    session = nullcontext(driver) if driver is not None else browser(remote=remote, timeout=min(timeout, 60.0))
    with secrets_scope(profile.secret_items() if profile is not None else []), session as driver:
        walk = Walk(engine, driver, profile, max_total=limit, dry_run=dry_run, timeout=timeout,
                    screenshots=screenshots, progress=progress)
        lost = False
        try:
            result = walk.run(url)
        except AutofillError as exc:
            lost = driver is not None and not alive(driver)
            if walk.placed_click:
                result = walk.finish("failed", "an error after a press that may have placed the order; check before trying again")
            elif lost:
                result = walk.finish("failed", f"the browser session was lost: {first_line(str(exc))}")
            else:
                raise
        except Exception as exc:  # a browser that died mid-flow: say so, never a traceback
            lost = driver is not None and not alive(driver)
            reason = f"{exc.__class__.__name__}: {first_line(getattr(exc, 'msg', None) or str(exc))}"
            if walk.placed_click:
                reason += " (after a press that may have placed the order; check before trying again)"
            result = walk.finish("failed", reason)
        if result.status == "failed" and not lost:
            lost = driver is not None and not alive(driver)  # the walk may have ended on the lost session itself
        result._session_lost = lost
        result._may_have_placed = walk.placed_click
    result.elapsed_ms = round((time.perf_counter() - start) * 1000, 1)
    return result
