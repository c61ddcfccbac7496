"""Static extraction: every listed field of an HTML document, with every signal it carries.

One document-order walk over the lxml tree collects fields, the text a person reads around them,
headings, legends and forms. Live extraction serialises the rendered DOM of each frame and comes
through here too (with a key per field and the browser's computed visibility), so there is one
label inference for both modes.
"""
from __future__ import annotations

import re
from typing import Optional

from lxml import etree

from .decode import decode_html
from .descriptor import FieldDescriptor, Option
from .labels import clean, cut_after, cut_before, best_label
from .widgets import LISTBOX, bind_carrier, find_carrier, find_widgets, make_widget

MAX_BYTES = 8 * 1024 * 1024
KEY_ATTR = "data-autofill-key"

SKIPPED_INPUT_TYPES = frozenset({"hidden", "submit", "button", "image", "reset"})
FIELD_TAGS = frozenset({"input", "select", "textarea"})
# What a browser's `input.type` can be; anything else renders (and reports itself) as "text".
INPUT_TYPES = frozenset({"text", "search", "tel", "url", "email", "password", "date", "month", "week", "time",
                         "datetime-local", "number", "range", "color", "checkbox", "radio", "file"}) | SKIPPED_INPUT_TYPES
# Elements whose text is not something a person reads as a label.
SILENT_TAGS = frozenset({"script", "style", "noscript", "template", "select", "option", "optgroup",
                         "textarea", "button", "svg", "head", "title", "datalist", "iframe", "object"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Content a browser never renders as fields: a plain <template>'s is inert, <noscript>'s is text
# when scripts run (as in live extraction).
INERT_TAGS = frozenset({"template", "noscript"})
_STYLE_HIDDEN = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)

# A plain etree parser: lxml.html's element-class lookup costs a Python call per element touched,
# and nothing here needs HtmlElement's methods.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True,
                               huge_tree=True, default_doctype=False, collect_ids=False)


# A run of text, as a plain tuple (one is made for nearly every text node, so it stays cheap):
# (text, the <label for=…> or aria-labelledby target it sits in or None, whether the HTML hides
# it — then it labels hidden fields only —, the table row or list item it sits in or None).
_Chunk = tuple


def parse_html(data: bytes | str) -> Optional[etree._Element]:
    """The document's root element, or None for a page with nothing parseable in it."""
    if isinstance(data, bytes) and len(data) > MAX_BYTES:
        data = data[:MAX_BYTES]
    text = decode_html(data)
    if len(text) > MAX_BYTES:
        text = text[:MAX_BYTES]
    if not text.strip():
        return None
    text = text.replace("\x00", "")
    try:
        root = _document(text)
        if any("Excessive depth" in e.message for e in _PARSER.error_log):
            # libxml2 stops at depth 2048 and drops the rest of the page; a browser goes on
            # (Chromium nests at most 512 deep and adds deeper elements as siblings).
            root = _document(_flatten(text))
        return root
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None


def _document(text: str) -> Optional[etree._Element]:
    root = etree.fromstring(text, parser=_PARSER)
    if root is None or not isinstance(root.tag, str):
        return None
    if root.tag.lower() != "html":  # as lxml.html.document_fromstring: always an <html> root
        html = etree.Element("html")
        html.append(root)
        root = html
    return root


_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "keygen", "frame"})
_MAX_DEPTH = 512


def _flatten(text: str) -> str:
    """Markup with container start tags beyond `_MAX_DEPTH` (and their end tags) left out."""
    depth = 0
    dropped: dict[str, int] = {}

    def sub(m: re.Match) -> str:
        nonlocal depth
        closing, name = m.group(1), m.group(2).lower()
        if name in _VOID or m.group(3).rstrip().endswith("/"):
            return m.group(0)
        if closing:
            if dropped.get(name):
                dropped[name] -= 1
                return ""
            depth = max(0, depth - 1)
            return m.group(0)
        if depth >= _MAX_DEPTH and name not in FIELD_TAGS and name not in ("template", "option", "optgroup"):
            dropped[name] = dropped.get(name, 0) + 1
            return ""
        depth += 1
        return m.group(0)

    return _TAG_RE.sub(sub, text)


def _tag(el: etree._Element) -> str:
    tag = el.tag  # the HTML parser already lower-cases tag names
    return tag if isinstance(tag, str) else ""


def _attr(el: etree._Element, name: str) -> str:
    v = el.get(name)
    return v.strip() if v else ""


def _is_listed(el: etree._Element, tag: str) -> bool:
    if tag == "input":
        return (el.get("type") or "text").strip().lower() not in SKIPPED_INPUT_TYPES
    return tag in ("select", "textarea")


def _self_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _STYLE_HIDDEN.search(style))


def _text_of(el: etree._Element, skip: Optional[etree._Element] = None) -> str:
    """Readable text inside an element, leaving out fields, options, scripts and `skip`."""
    if el is skip:
        return ""
    if not len(el):  # most labels and headings: one text node
        text = el.text
        return clean(text) if text and el.tag not in SILENT_TAGS else ""
    parts: list[str] = []
    _collect_text(el, skip, parts)
    return clean(" ".join(parts))


def _collect_text(node: etree._Element, skip: Optional[etree._Element], parts: list[str]) -> None:
    # `node.tag not in SILENT_TAGS` holds for comments too (their tag is a function), as for "".
    if node.text and node.tag not in SILENT_TAGS:
        parts.append(node.text)
    for child in node:
        if child is not skip and child.tag not in SILENT_TAGS:
            _collect_text(child, skip, parts)
        if child.tail:
            parts.append(child.tail)


def _int(v: str) -> Optional[int]:
    try:
        n = int(v)
    except (TypeError, ValueError):
        return None
    return n if n > 0 else None


def extract_html(data: bytes | str, url: Optional[str] = None, frame: Optional[list[int]] = None,
                 live: Optional[dict[str, dict]] = None,
                 elements: Optional[list] = None) -> list[FieldDescriptor]:
    """Every listed field of a page (and of its `srcdoc` frames), in document order.

    `live` maps the key attribute that live extraction put on each field to what the browser
    knows about it (computed visibility, box, current value); fields absent from it were not
    rendered and are left out. `elements`, when given, receives each field's lxml element (training
    data is labeled by CSS selector).
    """
    root = parse_html(data)
    if root is None:
        return []
    return extract_tree(root, frame, live, elements)


def extract_tree(root: etree._Element, frame: Optional[list[int]] = None, live: Optional[dict[str, dict]] = None,
                 elements: Optional[list] = None) -> list[FieldDescriptor]:
    out: list[FieldDescriptor] = []
    _extract_document(root, list(frame or []), live, out, elements)
    for i, f in enumerate(out):
        f.index = i
    return out


# Attribute nodes, in document order: selecting `*/@id` is several times cheaper in libxml2 than
# `*[@id]` (a predicate per element), and each result knows its element (getparent()).
_XP_IDS = etree.XPath("descendant-or-self::*/@id")
# Attributes that can make an element matter to the walk: hiding it, or a heading role.
_MARK_ATTRS = frozenset({"hidden", "style", "aria-hidden", "role", "aria-haspopup"})
# Tags the walk does something for beyond collecting their text.
_ACTIVE_TAGS = FIELD_TAGS | SILENT_TAGS | HEADING_TAGS | INERT_TAGS | frozenset(
    {"summary", "details", "label", "form", "fieldset", "tr", "li", "iframe"})


def _extract_document(root: etree._Element, frame: list[int], live: Optional[dict[str, dict]],
                      out: list[FieldDescriptor], elements: Optional[list] = None) -> None:
    # Pre-pass: ids for aria-labelledby, label[for] targets, forms by id.
    by_id: dict[str, etree._Element] = {}
    label_for: dict[str, list[etree._Element]] = {}
    forms: dict[etree._Element, int] = {}
    form_ids: dict[str, etree._Element] = {}
    aria_refs: dict[str, list[etree._Element]] = {}  # id -> the fields it labels (aria-labelledby)
    # XPath and iter(tags) walk the tree in C; a Python loop over every element here would cost
    # as much as the walk itself.
    for value in _XP_IDS(root):
        eid = str(value)
        if eid and eid not in by_id:
            by_id[eid] = value.getparent()
    frames: list[etree._Element] = []
    for el in root.iter("label", "form", "iframe", "frame", "input", "select", "textarea"):
        tag = el.tag
        if tag == "label":
            target = el.get("for")
            if target is not None:
                label_for.setdefault(target.strip(), []).append(el)
        elif tag == "form":
            forms[el] = len(forms)
            eid = el.get("id")
            if eid:
                form_ids[eid] = el
        elif tag == "iframe" or tag == "frame":
            frames.append(el)
        else:
            refs = el.get("aria-labelledby")
            if refs is not None:
                for ref in refs.split():
                    aria_refs.setdefault(ref, []).append(el)
    widgets = find_widgets(root)  # scripted selects: their controls are fields too
    for el in widgets:
        if el.tag != "input":
            for ref in (el.get("aria-labelledby") or "").split():
                aria_refs.setdefault(ref, []).append(el)

    # A label whose `for` names no element but whose id is the stem of split widgets (Django's
    # MultiWidget writes `for="id_start"` above `id_start_0`, `id_start_1`) labels those widgets.
    for target in [t for t in label_for if t not in by_id]:
        for k in range(4):
            part_id = f"{target}_{k}"
            if part_id in by_id and part_id not in label_for:
                label_for[part_id] = label_for[target]

    chunks: list[_Chunk] = []
    fields: list[tuple[etree._Element, FieldDescriptor, int, Optional[etree._Element]]] = []
    label_stack: list[etree._Element] = []
    # Labels and aria-labelledby targets, innermost last: the text inside them names their field.
    owner_stack: list[etree._Element] = []
    row_stack: list[etree._Element] = []  # <tr>/<li>: a label in the same row beats text from rows above
    form_stack: list[etree._Element] = []
    fieldset_stack: list[etree._Element] = []
    shadow_stack: list[str] = []
    hidden_depth = 0  # >0 while inside something the HTML itself hides
    inert_depth = 0  # >0 inside a plain <template> or <noscript>
    heading = ""
    hidden_heading = ""  # the last heading, hidden ones included: what labels a hidden block
    details_closed: list[bool] = []
    # Labels that belong to a field (by for= or by wrapping it): their text is that field's only.
    claimed = {lab for labs in label_for.values() for lab in labs}
    # What to undo on "end" (events nest, so a stack suffices); None for a plain element.
    state_stack: list[Optional[tuple[bool, bool, bool, bool, bool]]] = []
    push_state = state_stack.append
    pop_state = state_stack.pop
    add_chunk = chunks.append
    has_refs = bool(aria_refs)
    # Script, style, select, template… subtrees are skipped whole (skip_subtree), so no text is
    # ever collected inside one: text is added below without a "silent" check. Nothing inside
    # those is a field or a label (a select's options are read from the element itself); their
    # end event still comes, so the stacks stay balanced.

    context = etree.iterwalk(root, events=("start", "end"))
    for event, el in context:
        tag = el.tag
        if event == "start":
            if tag.__class__ is not str:  # a comment or processing instruction
                continue
            # Whether its attributes may matter (hidden, style, aria-hidden, role, or the target
            # of an aria-labelledby); an unmarked element whose tag is not in _ACTIVE_TAGS only
            # contributes its text, and takes a short path.
            keys = el.keys()
            marked = bool(keys) and (not _MARK_ATTRS.isdisjoint(keys)
                                     or (has_refs and el.get("id") in aria_refs))
            if not marked and tag not in _ACTIVE_TAGS:
                # A plain element (div, span, a, p…): only its text matters.
                text = el.text
                if text:
                    t = text.strip()
                    if t:
                        add_chunk((t, owner_stack[-1] if owner_stack else None, hidden_depth > 0,
                                   row_stack[-1] if row_stack else None))
                push_state(None)
                continue
            is_shadow = tag == "template" and (el.get("shadowrootmode") or el.get("shadowroot"))
            # Unmarked: not hidden by its attributes, no heading role, not a label target.
            el_hidden = marked and (_self_hidden(el) or (el.get("aria-hidden") or "").lower() == "true")
            if el_hidden:
                hidden_depth += 1
            # A closed <details> still shows its summary.
            unhides = tag == "summary" and bool(details_closed) and details_closed[-1] \
                and el.getparent() is not None and _tag(el.getparent()) == "details"
            if unhides:
                hidden_depth -= 1
            if tag == "details":
                closed = el.get("open") is None
                details_closed.append(closed)
                if closed:
                    hidden_depth += 1
            inert = tag in INERT_TAGS and not is_shadow
            if inert:
                inert_depth += 1
            wkind = widgets.get(el, "") if widgets and marked else ""
            if inert_depth == 0 and (wkind or (tag in FIELD_TAGS and _is_listed(el, tag))):
                desc = _field(el, tag, frame, forms, form_ids, form_stack, label_stack, fieldset_stack,
                              by_id, label_for, shadow_stack,
                              hidden_heading if hidden_depth > 0 else heading, hidden_depth > 0)
                if _apply_live(desc, el, live):
                    if wkind:
                        make_widget(desc, el, wkind, by_id)
                    own = list(label_for.get(desc.id, [])) if desc.id else []
                    if label_stack:
                        own.append(label_stack[-1])
                        claimed.add(label_stack[-1])
                    own += [by_id[r] for r in (el.get("aria-labelledby") or "").split() if r in by_id and by_id[r] is not el]
                    fields.append((desc, len(chunks), own, el, row_stack[-1] if row_stack else None))
            if is_shadow:
                parent = el.getparent()
                shadow_stack.append(_tag(parent) if parent is not None else "")
            elif tag in SILENT_TAGS or wkind == LISTBOX:
                context.skip_subtree()  # a widget's text is its value, not a label
            elif tag == "label":
                label_stack.append(el)
                owner_stack.append(el)
            elif tag == "form":
                form_stack.append(el)
            elif tag == "fieldset":
                fieldset_stack.append(el)
            elif tag in ("tr", "li"):
                row_stack.append(el)
            elif tag in HEADING_TAGS or (marked and el.get("role") == "heading"):
                if hidden_depth == 0:
                    heading = _text_of(el)[:120] or heading
                    hidden_heading = heading
                else:
                    hidden_heading = _text_of(el)[:120] or hidden_heading
            is_ref = marked and tag != "label" and tag not in FIELD_TAGS and (el.get("id") or "") in aria_refs
            if is_ref:
                owner_stack.append(el)
                claimed.add(el)
            if (tag not in SILENT_TAGS or is_shadow) and wkind != LISTBOX:
                text = el.text
                if text:
                    t = text.strip()
                    if t:
                        add_chunk((t, owner_stack[-1] if owner_stack else None, hidden_depth > 0,
                                   row_stack[-1] if row_stack else None))
            push_state((bool(is_shadow), el_hidden, unhides, inert, is_ref))
            continue
        # "end"
        if tag.__class__ is str:
            state = pop_state() if state_stack else (False,) * 5
            if state is not None:
                is_shadow, el_hidden, unhides, inert, is_ref = state
                if is_ref and owner_stack:
                    owner_stack.pop()
                if inert:
                    inert_depth -= 1
                if unhides:
                    hidden_depth += 1
                if is_shadow:
                    shadow_stack.pop()
                elif tag == "label" and label_stack:
                    label_stack.pop()
                    if owner_stack:
                        owner_stack.pop()
                elif tag == "form" and form_stack:
                    form_stack.pop()
                elif tag == "fieldset" and fieldset_stack:
                    fieldset_stack.pop()
                elif tag in ("tr", "li") and row_stack:
                    row_stack.pop()
                if tag == "details" and details_closed:
                    if details_closed.pop():
                        hidden_depth -= 1
                if el_hidden:
                    hidden_depth -= 1
                if tag == "iframe" and el.get("srcdoc") and live is None:
                    try:
                        idx = frames.index(el)
                    except ValueError:
                        idx = -1
                    if idx >= 0:
                        sub = parse_html(el.get("srcdoc") or "")
                        if sub is not None:
                            _finish(fields, chunks, claimed, out, elements, widgets)
                            fields, chunks = [], []
                            add_chunk = chunks.append
                            _extract_document(sub, frame + [idx], None, out, elements)
        tail = el.tail
        if tail:
            t = tail.strip()
            if t:
                add_chunk((t, owner_stack[-1] if owner_stack else None, hidden_depth > 0,
                           row_stack[-1] if row_stack else None))
    _finish(fields, chunks, claimed, out, elements, widgets)


def _bind_carriers(fields: list, widgets: dict) -> list:
    """Each widget takes its carrier's name, value and options; a carrier that was listed (an
    aria-hidden native select, MUI's hidden input) leaves the list: it is the widget's value."""
    if not widgets:
        return fields
    by_el = {f[3]: f[0] for f in fields}
    dropped: set = set()
    for desc, _pos, _own, el, _row in fields:
        if not desc.widget:
            continue
        carrier = find_carrier(el, widgets)
        if carrier is not None:
            bind_carrier(desc, carrier, by_el.get(carrier))
            dropped.add(carrier)
    return [f for f in fields if f[3] not in dropped]


def _finish(fields: list, chunks: list[_Chunk], claimed: set, out: list[FieldDescriptor],
            elements: Optional[list], widgets: Optional[dict] = None) -> None:
    """Texts before and after each field, now that the whole document's text is known."""
    fields = _bind_carriers(fields, widgets or {})
    for n, (desc, pos, own, el, row) in enumerate(fields):
        prev_pos = fields[n - 1][1] if n else 0
        next_pos = fields[n + 1][1] if n + 1 < len(fields) else len(chunks)
        # Text bound to another field by label[for] is not this field's.
        own_label = set(own)
        # A visible field is labeled by visible text only; a hidden one by any (it shows with its block).
        before_c = [c for c in chunks[prev_pos:pos]
                    if (c[1] not in claimed or c[1] in own_label) and (not c[2] or not desc.visible)]
        after_c = [c for c in chunks[pos:next_pos]
                   if (c[1] not in claimed or c[1] in own_label) and (not c[2] or not desc.visible)]
        # In a table row or list item, the row's own text names the field; text left over from
        # the previous field's row (its help text, its price) does not.
        prev_row = fields[n - 1][4] if n else None
        same = [c for c in before_c if row is not None and c[3] is row]
        before_c = same or [c for c in before_c if prev_row is None or c[3] is not prev_row]
        if row is not None:
            after_c = [c for c in after_c if c[3] is row]
        before = [c[0] for c in before_c]
        after = [c[0] for c in after_c]
        if before:
            desc.labels["text_before"] = cut_before(" ".join(before[-3:]))
        if after and (desc.input_type in ("checkbox", "radio") or not before):
            desc.labels["text_after"] = cut_after(" ".join(after[:2]))
        if desc.input_type == "radio":
            desc.choice_text = _choice_text(desc, before_c, after_c, row)
        desc.label = best_label(desc)
        out.append(desc)
        if elements is not None:
            elements.append(el)


def _choice_text(desc: FieldDescriptor, before_c: list[_Chunk], after_c: list[_Chunk], row) -> str:
    """Everything an option says about itself: its table row or list item whole ("Colissimo |
    48-72 h | 6,90 €"), else its labels and the few texts after it (a price beside the label)."""
    if row is not None:
        texts = [c[0] for c in before_c if c[3] is row] + [c[0] for c in after_c]
    else:
        own = [desc.labels[k] for k in ("label_for", "label_wrap", "aria_label", "aria_labelledby") if k in desc.labels]
        texts = own + [c[0] for c in after_c[:3] if not any(c[0] in t for t in own)]
    return clean(" ".join(texts))[:300]


_REQUIRED_CLASS = re.compile(r"(?:^|\s)required(?:\s|$)")


def _wrapper_required(el) -> bool:
    """A box Django/Bootstrap forms mark required on its wrapper only (`<div class="form-group
    required">`, Shuup's terms box): the shop refuses the order without its tick."""
    parent = el.getparent()
    for _ in range(2):
        if parent is None:
            return False
        if _REQUIRED_CLASS.search(parent.get("class") or ""):
            return True
        parent = parent.getparent()
    return False


def _field(el, tag, frame, forms, form_ids, form_stack, label_stack, fieldset_stack, by_id, label_for,
           shadow_stack, heading, hidden) -> FieldDescriptor:
    get = el.get  # (get(name) or "").strip() is _attr(el, name), without a call per attribute
    input_type = (get("type") or "text").strip().lower() if tag == "input" else tag
    if tag == "input" and input_type not in INPUT_TYPES:
        input_type = "text"
    if tag == "select" and get("multiple") is not None:
        input_type = "select-multiple"
    form_el = None
    owner = (get("form") or "").strip()
    if owner and owner in form_ids:
        form_el = form_ids[owner]
    elif form_stack:
        form_el = form_stack[-1]
    desc = FieldDescriptor(
        frame=list(frame), form=forms.get(form_el) if form_el is not None else None, index=0, tag=tag,
        input_type=input_type, id=(get("id") or "").strip(), name=(get("name") or "").strip(),
        placeholder=clean((get("placeholder") or "").strip()),
        autocomplete=(get("autocomplete") or "").strip().lower(),
        visible=not hidden, class_name=(get("class") or "").strip()[:200],
        maxlength=_int((get("maxlength") or "").strip()),
        required=get("required") is not None or (get("aria-required") or "").strip().lower() == "true"
        or (input_type == "checkbox" and _wrapper_required(el)),
        shadow=list(shadow_stack),
    )
    if tag == "textarea":
        desc.value = (el.text or "")[:200]
    else:
        desc.value = (get("value") or "").strip()[:200]
    if input_type in ("checkbox", "radio"):
        desc.checked = get("checked") is not None
    labels = desc.labels
    bound = label_for.get(desc.id, []) if desc.id else []
    if bound:
        labels["label_for"] = clean(" ".join(_text_of(lab, skip=el) for lab in bound))
    if label_stack:
        wrap = _text_of(label_stack[-1], skip=el)
        if wrap and wrap != labels.get("label_for"):
            labels["label_wrap"] = wrap
    for src, attr in (("aria_label", "aria-label"), ("title", "title")):
        v = clean(_attr(el, attr))
        if v:
            labels[src] = v
    ids = _attr(el, "aria-labelledby") or _attr(el, "aria-describedby")
    if ids:
        texts = [_text_of(by_id[i]) for i in ids.split() if i in by_id and by_id[i] is not el]
        txt = clean(" ".join(t for t in texts if t))
        if txt:
            labels["aria_labelledby"] = txt
    if input_type == "radio":
        desc.group = _radio_group(el, by_id, labels)
    if fieldset_stack and "legend" not in labels:
        for child in fieldset_stack[-1]:
            if _tag(child) == "legend":
                legend = _text_of(child)
                if legend:
                    labels["legend"] = legend[:120]
                break
    if heading:
        labels["heading"] = heading
    if form_el is not None:
        desc.form_text = " ".join(v for v in (_attr(form_el, "id"), _attr(form_el, "name"),
                                              _attr(form_el, "action")[:120], _attr(form_el, "class")[:120]) if v)
    if tag == "select":
        desc.options = _options(el)
    return desc


_XP_NAMELESS_RADIOS = etree.XPath("count(.//input[translate(@type, 'RADIO', 'radio')='radio'][not(normalize-space(@name))])")


def _radio_group(el: etree._Element, by_id: dict[str, etree._Element], labels: dict[str, str]) -> str:
    """The group a radio belongs to: its name, as the browser groups; a nameless one (React renders
    many) by the nearest box a person reads as one question — a `role=radiogroup`, a fieldset, or
    the closest element around it that holds other nameless radios. A radiogroup's own label is
    the group's legend."""
    name = (el.get("name") or "").strip()
    if name:
        return "name:" + name
    node = el.getparent()
    while node is not None and isinstance(node.tag, str) and node.tag not in ("form", "body", "html"):
        if (node.get("role") or "").strip().lower() == "radiogroup":
            legend = clean(_attr(node, "aria-label")) or clean(" ".join(
                _text_of(by_id[i]) for i in _attr(node, "aria-labelledby").split() if i in by_id))
            if legend:
                labels["legend"] = legend[:120]
            return "box:" + node.getroottree().getpath(node)
        if node.tag == "fieldset" or _XP_NAMELESS_RADIOS(node) > 1:
            return "box:" + node.getroottree().getpath(node)
        node = node.getparent()
    return "box:" + el.getroottree().getpath(el)


def _options(sel: etree._Element) -> list[Option]:
    out: list[Option] = []
    for opt in sel.iter("option"):
        # itertext() of an option without children is its text alone, at several times the cost.
        text = clean("".join(opt.itertext()) if len(opt) else opt.text)
        value = opt.get("value")
        out.append(Option(text[:80], (value if value is not None else text)[:80],
                          opt.get("selected") is not None, opt.get("disabled") is not None))
        if len(out) >= 400:
            break
    return out


def _apply_live(desc: FieldDescriptor, el: etree._Element, live: Optional[dict[str, dict]]) -> bool:
    if live is None:
        return True
    key = el.get(KEY_ATTR)
    info = live.get(key) if key is not None else None
    if info is None:
        return False
    from .live_info import merge_live

    merge_live(desc, key, info)
    return True
