"""What extraction knows about one form field: every signal a person sees or the page carries.

Static and live extraction both produce these, so everything downstream (classification, the fill
plan) has one input shape whatever the page came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(slots=True)
class Option:
    text: str
    value: str
    selected: bool = False
    disabled: bool = False


@dataclass(slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(slots=True)
class FieldDescriptor:
    """One listed field (SPEC: input not hidden/submit/button/image/reset, select, textarea)."""

    frame: list[int]
    form: Optional[int]
    index: int
    tag: str
    input_type: str
    id: str = ""
    name: str = ""
    label: str = ""  # the best label a person would read for it
    placeholder: str = ""
    autocomplete: str = ""
    visible: bool = True
    # Every label source, by name: label_for, label_wrap, aria_label, aria_labelledby, title,
    # text_before, text_after, legend, heading. Empty sources are absent.
    labels: dict[str, str] = field(default_factory=dict)
    class_name: str = ""
    maxlength: Optional[int] = None
    options: list[Option] = field(default_factory=list)
    form_text: str = ""  # the form's id, name, action and class: hints for sections and form kind
    value: str = ""
    required: bool = False
    checked: Optional[bool] = None
    shadow: list[str] = field(default_factory=list)  # tag names of the shadow hosts around it
    # Radios: the group the browser (by name) or a person (by the box around them: a radiogroup, a
    # fieldset, a shared list) sees them in, and everything the option's own row or label says
    # (name, delivery time, price). A nameless radio is otherwise a group of one.
    group: str = ""
    choice_text: str = ""
    # Live extraction only: the handle the fill step uses, the field's box on screen, and whether
    # the frame it sits in is cross-origin to the top page (card data never goes there).
    key: Optional[str] = None
    box: Optional[Box] = None
    frame_origin: str = ""
    # A scripted choice widget (Headless UI, Radix, MUI, react-select…) in place of a native select:
    # "listbox" is a button-like control opening a popup of options (the descriptor then reads as
    # a select: tag "select", its options when the page already holds them, else none until it is
    # opened); "combobox" is a text input whose typing filters such a popup. Its hidden input or
    # aria-hidden native select is its value, never a field of its own.
    widget: str = ""
    widget_text: str = ""  # what the control shows (the chosen option's text, or its placeholder)

    def signals(self) -> dict[str, str]:
        """All text a field carries, by source, for rules and model alike."""
        out = dict(self.labels)
        for k in ("id", "name", "placeholder", "autocomplete"):
            v = getattr(self, k)
            if v:
                out[k] = v
        return out
