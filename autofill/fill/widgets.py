"""The plan for scripted choice widgets: the option they should take, decided by the select matcher.

A listbox widget (Headless UI, Radix, MUI…) is a select a person operates by pointer, and a
type-ahead combobox (react-select) one they operate by typing; either way the option wanted is the
one a native select of the same field would take, so the choice goes through the plan's own option
matcher (`plan._option_index`: country names and codes in many languages, months as numbers or
names, regions). When the page holds the options already (a hidden native select, a popup in the
DOM) the plan picks the option now; otherwise it plans the text a person would look for, and the
browser step calls `choose_option` with the options it found once the widget was open.
"""
from __future__ import annotations

from typing import Optional, Sequence, Union

from ..field import Field
from ..page.descriptor import FieldDescriptor, Option
from ..page.widgets import COMBOBOX, LISTBOX
from ..types import SECRET_TYPES
from .fit import FillAction, _action, _address_for, _Ctx, _display, _option_index, _text_value
from .profile import Profile

# Types a type-ahead combobox takes as a choice among options. Any other type in a combobox (an
# address line with suggestions) is free text: typed, never picked.
CHOICE_TYPES = frozenset({"country", "address-level1", "tel-country-code", "cc-exp-month", "cc-exp-year",
                          "cc-exp", "cc-type"})


def chosen_as_widget(d: FieldDescriptor, prediction: str) -> bool:
    """Whether the field is filled by operating a widget rather than by setting a value. Never
    for a secret (a card number or code offered as a list is a trap: it is left, and reported)."""
    if prediction in SECRET_TYPES:
        return d.widget == LISTBOX
    return d.widget == LISTBOX or (d.widget == COMBOBOX and prediction in CHOICE_TYPES)


def widget_action(d: FieldDescriptor, f: Field, profile: Profile, ctx: _Ctx) -> Union[FillAction, None, bool]:
    """The action for a widget field: None when no option can fit, False when it shows the right
    one already (as `plan._typed_action`)."""
    pred = f.prediction
    if pred in SECRET_TYPES:
        return None
    addr = _address_for(f.section, profile)
    if d.options:
        idx = _option_index(pred, d, f, profile, addr, ctx)
        if idx is None:
            return None
        opt = d.options[idx]
        if opt.selected or _shows(d, [opt]):
            return False
        return _action(d, f, "select", opt.value, _display(pred, opt.text.strip(), profile), option_index=idx)
    if _shows(d, None, pred=pred, f=f, profile=profile, ctx=ctx):
        return False
    text = _text_value(pred, d, f, profile, addr, ctx)
    if not text:
        return None
    # Options unknown until the widget opens: the browser step chooses among them (choose_option);
    # the value is what a person would type or look for.
    return _action(d, f, "select", text, _display(pred, text, profile))


def _shows(d: FieldDescriptor, opts: Optional[Sequence[Option]], *, pred: str = "", f: Optional[Field] = None,
           profile: Optional[Profile] = None, ctx: Optional[_Ctx] = None) -> bool:
    """Whether the widget's current value is the wanted option: the option's text shown, or its
    value in the carrier; with no options known, the current value read as a one-option select."""
    shown, value = d.widget_text.strip(), d.value.strip()
    if not (shown or value):
        return False
    if opts is not None:
        return any((value and o.value == value) or (shown and o.text.strip().casefold() == shown.casefold()) for o in opts)
    current = Option(shown or value, value or shown, selected=True)
    probe = FieldDescriptor(frame=d.frame, form=d.form, index=d.index, tag="select", input_type="select-one",
                            options=[current])
    assert f is not None and profile is not None and ctx is not None
    return _option_index(pred, probe, f, profile, _address_for(f.section, profile), ctx) is not None


def choose_option(action: FillAction, options: Sequence[Option], profile: Profile) -> Optional[int]:
    """The index among a just-opened widget's options that the action's field wants, by the same
    matcher a native select uses (or, for a delivery or payment choice, by the profile's `delivery`
    and `payment_methods`, as a native select's choice is made); None when none fits."""
    if action.choice:
        return _choose_by_profile(action, options, profile)
    d = FieldDescriptor(frame=list(action.frame), form=None, index=action.index, tag="select",
                        input_type="select-one", name=action.name, options=list(options))
    f = Field(frame=list(action.frame), form=None, index=action.index, tag="select", input_type="select-one",
              id="", name=action.name, label="", placeholder="", autocomplete="", visible=True,
              prediction=action.prediction, section=action.section, part=action.part, confidence=1.0,
              source="rules")  # type: ignore[arg-type]
    ctx = _Ctx([(d, f)])
    return _option_index(action.prediction, d, f, profile, _address_for(action.section, profile), ctx)


def _choose_by_profile(action: FillAction, options: Sequence[Option], profile: Profile) -> Optional[int]:
    """The delivery option or payment method the profile wants among a widget's options; the
    action then carries the chosen option's price or method into the step's record."""
    from . import choices as C

    texts = [o.text for o in options]
    shown = action.secret_value().strip()
    checked = next((i for i, o in enumerate(options) if o.selected or (shown and o.text.strip() == shown)), None)
    pick = C.pick_delivery(texts, checked, profile.delivery) if action.choice == "delivery" \
        else C.pick_payment(texts, profile.payment_methods)
    if pick.index is None:
        return None
    action.price = f"{pick.price:.2f}" if pick.price is not None else None
    action.payment_method = pick.method
    return pick.index
