"""The learned action ranker: trained on labeled next buttons, it re-ranks the rules' candidates."""
from __future__ import annotations

from autofill.flow import action_model as AM
from autofill.training import actions as TA
from autofill.flow.actions import rank_actions
from autofill.flow.state import Clickable, PageState


def _state(*clickables: Clickable) -> PageState:
    return PageState(url="http://shop.test/checkout", title="Checkout", clickables=list(clickables))


def _btn(i: int, text: str, **kw) -> Clickable:
    return Clickable(index=i, text=text, tag=kw.pop("tag", "button"), type=kw.pop("type", "submit"), **kw)


def _examples():
    out = []
    for n in range(12):
        nxt = _btn(0, "Continue", submits_form=True, form=0, form_fields=5, class_name="btn primary")
        header = _btn(1, "Continue shopping", tag="a", type="", href="/shop", class_name="nav-link")
        help_ = _btn(2, "Help", tag="a", type="", href="/help")
        out.append((_state(nxt, header, help_), "shipping", 0))
        pay = _btn(0, "Review order", submits_form=True, form=0, form_fields=3, id=f"review-{n}")
        back = _btn(1, "Back", tag="a", type="", href="/cart")
        out.append((_state(back, pay), "payment", 0))
    return out


def test_trained_ranker_prefers_the_forms_submit():
    model = TA.train_actions(_examples())
    st = _state(_btn(0, "Next", submits_form=True, form=0, form_fields=4),
                _btn(1, "Next offer", tag="a", type="", href="/offers", class_name="nav-link"))
    p = AM.forward_probabilities(st, "shipping", model)
    assert p[((), 0)] > p[((), 1)]
    ranked = rank_actions(st, kind="shipping", filled=True, model=model)
    assert ranked[0].index == 0 and "model" in ranked[0].reason


def test_model_never_adds_a_candidate_the_rules_refuse():
    model = TA.train_actions(_examples())
    st = _state(_btn(0, "Apply coupon", submits_form=True, form=0, form_fields=1))
    assert rank_actions(st, kind="payment", filled=True, model=model) == []


def test_bundled_ranker_tells_the_forms_submit_from_header_links():
    """The shipped model (trained on the fixture shops) on a page it never saw: the form's submit
    moves the flow on, the header's 'Continue shopping' and 'Help' links do not; rank_actions uses it."""
    st = _state(_btn(0, "Continue shopping", tag="a", type="", href="/shop", class_name="nav-link"),
                _btn(1, "Help", tag="a", type="", href="/help"),
                _btn(2, "Continue to payment", submits_form=True, form=0, form_fields=6, class_name="button alt"))
    p = AM.forward_probabilities(st, "shipping")
    assert set(p) == {((), 0), ((), 1), ((), 2)}
    assert p[((), 2)] > 0.5 > max(p[((), 0)], p[((), 1)]), p
    ranked = rank_actions(st, kind="shipping", filled=True)
    assert [a.index for a in ranked] == [2] and "model" in ranked[0].reason
    st = _state(_btn(0, "Next", submits_form=True, form=0, form_fields=4),
                _btn(1, "Next offer", tag="a", type="", href="/offers", class_name="nav-link"))
    p = AM.forward_probabilities(st, "shipping")
    assert p[((), 0)] > 0.5 > p[((), 1)], p
