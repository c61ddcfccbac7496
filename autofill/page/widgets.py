"""Scripted choice widgets in the HTML: which elements are one, and what value and options they hold.

Stores built with Headless UI, Radix, Base UI, MUI, react-select or EverShop show no native
`<select>`: a person sees a button (`role=combobox` or `aria-haspopup=listbox`) or a type-ahead
`input[role=combobox]`, and picks from a popup of `[role=option]`s. The value a form submits sits in
a hidden input or an aria-hidden native select beside the control (its "carrier"). Extraction lists
the visible control as the field, gives it the carrier's name, value and options, and does not list
the carrier again: it is the same field, and one a person never touches.

Live extraction serialises the rendered DOM and comes through static extraction, so these rules
are the only ones; `live.js` registers the same controls (`isWidget` there mirrors `widget_kind`).
"""
from __future__ import annotations

from typing import Optional

from lxml import etree

from .descriptor import FieldDescriptor, Option
from .labels import clean

LISTBOX = "listbox"
COMBOBOX = "combobox"

# Attribute nodes in document order (cheap in libxml2, see static._XP_IDS).
_XP_ROLES = etree.XPath("descendant-or-self::*/@role")
_XP_POPUPS = etree.XPath("descendant-or-self::*/@aria-haspopup")
_FIELD_TAGS = ("input", "select", "textarea")
_UNREAD = frozenset({"script", "style", "svg", "template", "noscript"})
# How far above the control its carrier may sit (Headless UI: a sibling span; Radix and MUI: a
# sibling; react-select: four levels up).
_CARRIER_LEVELS = 4


def find_widgets(root: etree._Element) -> dict[etree._Element, str]:
    """Every choice widget control of the document, with its kind (LISTBOX or COMBOBOX)."""
    found: dict[etree._Element, str] = {}
    for attrs, wanted in ((_XP_ROLES, COMBOBOX), (_XP_POPUPS, LISTBOX)):
        for value in attrs(root):
            if str(value).strip().lower() != wanted:
                continue
            el = value.getparent()
            kind = widget_kind(el)
            if kind:
                found[el] = kind
    return found


def widget_kind(el: etree._Element) -> str:
    """LISTBOX for a button-like control, COMBOBOX for a text input, "" for neither.

    A native select keeps its own handling. An ARIA 1.1 wrapper (`div[role=combobox]` around a
    text input) is not the control: the input inside it is what a person types into.
    """
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("select", "textarea"):
        return ""
    if tag == "input":
        itype = (el.get("type") or "text").strip().lower()
        return COMBOBOX if itype in ("text", "search", "") else ""
    if any(not is_carrier(c) for c in el.iter(*_FIELD_TAGS) if c is not el):
        return ""
    return LISTBOX


def is_carrier(el: etree._Element) -> bool:
    """A form control a person never sees or touches: a widget's value holder."""
    if el.tag not in ("input", "select"):
        return False
    if el.tag == "input" and (el.get("type") or "").strip().lower() == "hidden":
        return True
    return (el.get("aria-hidden") or "").strip().lower() == "true" or el.get("hidden") is not None \
        or (el.get("tabindex") or "").strip() == "-1"


def display_text(el: etree._Element) -> str:
    """The text a control shows, without its decorations (aria-hidden chevrons, icons)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _UNREAD and child.tag not in _FIELD_TAGS \
                    and (child.get("aria-hidden") or "").lower() != "true":
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return clean(" ".join(parts))[:200]


def popup_options(el: etree._Element, by_id: dict[str, etree._Element]) -> list[Option]:
    """The options of the popup the control names (aria-controls / aria-owns), when it is in the
    page already; [] when it is not (most libraries render it only once opened)."""
    out: list[Option] = []
    for ref in ((el.get("aria-controls") or "") + " " + (el.get("aria-owns") or "")).split():
        box = by_id.get(ref)
        if box is None:
            continue
        for opt in box.iter():
            if not isinstance(opt.tag, str) or (opt.get("role") or "").strip().lower() != "option":
                continue
            text = clean(opt.get("aria-label") or display_text(opt))
            value = opt.get("data-value") or opt.get("value") or text
            out.append(Option(text[:80], value[:80], (opt.get("aria-selected") or "").lower() == "true",
                              (opt.get("aria-disabled") or "").lower() == "true"))
            if len(out) >= 400:
                return out
    return out


def find_carrier(el: etree._Element, widgets: dict[etree._Element, str]) -> Optional[etree._Element]:
    """The hidden input or aria-hidden select holding the control's value: the nearest one in the
    control's own container. The search stops at a container that holds another field a person
    uses or another widget, whose carrier it would be instead."""
    anc = el.getparent()
    for _ in range(_CARRIER_LEVELS):
        if anc is None:
            return None
        carriers = []
        for c in anc.iter(*_FIELD_TAGS, "button", "div", "span"):
            if c is el or el in c.iterancestors():
                continue
            if c in widgets and c is not el:
                return None
            if c.tag in _FIELD_TAGS:
                if not is_carrier(c):
                    return None
                carriers.append(c)
        if carriers:
            # a select carries the options too; a named input beats a nameless one (Headless UI
            # writes a nameless one first)
            for wanted in (lambda c: c.tag == "select", lambda c: bool(c.get("name")), lambda c: True):
                found = next((c for c in carriers if wanted(c)), None)
                if found is not None:
                    return found
        anc = anc.getparent()
    return None


def make_widget(desc: FieldDescriptor, el: etree._Element, kind: str, by_id: dict[str, etree._Element]) -> None:
    """Turn a control's descriptor into a widget's: select-like for a listbox, a text input that
    stays one for a combobox (its typing is how a person gets to the options)."""
    desc.widget = kind
    desc.options = popup_options(el, by_id)
    if kind == LISTBOX:
        desc.tag, desc.input_type = "select", "select-one"
        desc.widget_text = display_text(el)
        # Radix marks a placeholder; elsewhere a carrier tells (bind_carrier)
        desc.value = "" if el.get("data-placeholder") is not None else desc.widget_text
        if el.get("data-placeholder") is not None and not desc.placeholder:
            desc.placeholder = desc.widget_text
        if (el.get("aria-disabled") or "").lower() == "true" or el.get("disabled") is not None:
            desc.visible = False  # not something a person can change now
    else:
        desc.widget_text = desc.value


def bind_carrier(desc: FieldDescriptor, carrier: etree._Element, carrier_desc: Optional[FieldDescriptor]) -> None:
    """Give the widget its carrier's name, value and options (a hidden native select's options are
    the widget's, in the same order)."""
    name = (carrier.get("name") or "").strip()
    if name and not desc.name:
        desc.name = name
    if carrier.tag == "select":
        opts = carrier_desc.options if carrier_desc is not None else []
        if opts:
            desc.options = opts
        value = next((o.value for o in opts if o.selected), "")
    else:
        value = (carrier_desc.value if carrier_desc is not None else (carrier.get("value") or "")).strip()
    desc.value = value[:200]
    if not value and desc.tag == "select" and desc.widget_text and not desc.placeholder:
        desc.placeholder = desc.widget_text  # an empty carrier: what the control shows is a prompt
    if value and carrier.tag != "select":
        for o in desc.options:
            o.selected = o.value == value
