"""`autofill record URL DIR`: turn a live page into a static fixture a person can label.

The browser renders the page (scripts, web components, frames); `page.live.capture` serialises
every reachable document with open shadow roots as declarative shadow DOM. Here the frames are
inlined into their parent as `<iframe srcdoc="…">`, which static extraction reads with a `frame`
path, so `Engine().classify_html(page.html)` sees the fields the browser saw, in the same order.
Every frame the capture entered is inlined: same-origin ones and the few cross-origin ones it
switched into (a card frame), so the fixture holds the whole checkout; `<frame>` elements of a
frameset cannot carry srcdoc and stay as they are.

What is never saved: the extraction keys, scripts (the snapshot must not rebuild itself when
opened), and field values — neither what a script or a person typed nor what the server filled
in; card data must never reach a file. Visibility the browser computed (covered, off-screen,
zero-size…) is kept as `visibility:hidden` on the field, so static extraction agrees with it
without changing the layout.
"""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any, Optional

import yaml
from lxml import etree
from lxml import html as lxml_html

from .errors import TargetError
from .page.live import LiveFrame, LivePage, capture
from .page.static import KEY_ATTR, SKIPPED_INPUT_TYPES, parse_html

PAGE_FILE = "page.html"
LABELS_FILE = "labels.yaml"
# Inputs whose value attribute is the control's own text or choice, not something typed.
_KEEP_VALUE_TYPES = frozenset({"checkbox", "radio"}) | (SKIPPED_INPUT_TYPES - {"hidden"})
_SIMPLE_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def record_page(url: str, directory: Path, remote: Optional[str] = None, timeout: float = 30.0) -> Path:
    """Open `url`, let it settle, and write `directory/page.html` and a starter `labels.yaml`.

    Returns the path of page.html. Raises TargetError (one line) for a page that cannot be opened.
    """
    from .engine import Engine
    from .flow.browser import browser
    from .flow.navigate import open_page

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise TargetError(f"{directory} is a file, not a directory")
    with browser(remote=remote, timeout=timeout) as driver:
        open_page(driver, url, timeout=timeout)
        _settle(driver, timeout)
        page = capture(driver)
    descs = page.descriptors()
    fields = [f for _, f in Engine().classify_descriptors(descs)]
    docs = {tuple(fr.path): _clean_tree(fr) for fr in page.frames}
    labels = starter_labels(url, page, docs, descs, fields)
    html = fixture_html(page, docs)
    directory.mkdir(parents=True, exist_ok=True)
    out = directory / PAGE_FILE
    out.write_text(html, encoding="utf-8")
    (directory / LABELS_FILE).write_text(labels, encoding="utf-8")
    product = starter_product(html, url)
    if product is not None:
        (directory / PRODUCT_FILE).write_text(product, encoding="utf-8")
    return out


PRODUCT_FILE = "product.yaml"


def starter_product(html: str, url: str) -> Optional[str]:
    """The engine's reading of a product page, as a `product.yaml` for a person to correct; put
    the folder under fixtures/products/ and `autofill train --product` learns from it."""
    from .engine import Engine

    product = Engine().extract_product_html(html, url=url)
    if product is None:
        return None
    truth = {"url": url, "title": product.title, "price": product.price, "currency": product.currency,
             "availability": product.availability, "sku": product.sku,
             "add_to_cart": product.add_to_cart.text if product.add_to_cart else None}
    head = ("# What a shopper sees on this product page, as the engine read it: correct every value\n"
            "# (null where the page shows none), then `autofill train --product`.\n")
    return head + yaml.safe_dump(truth, allow_unicode=True, sort_keys=False)


def _settle(driver: Any, timeout: float) -> None:
    """Until the DOM has been quiet for a moment: scripts that build fields after load are done."""
    from .flow.wait import arm, wait_after

    try:
        wait_after(driver, arm(driver), timeout=min(timeout, 10.0), settle_ms=300, idle_ms=600)
    except Exception:  # a page that will not settle is recorded as it is
        pass


# --- the fixture HTML --------------------------------------------------------------------------
def _clean_tree(fr: LiveFrame) -> Optional[etree._Element]:
    """A frame's serialised DOM without keys, scripts or values; hidden fields marked hidden."""
    root = parse_html(fr.html)
    if root is None:
        return None
    for el in list(root.iter("script")):
        _drop(el)
    for el in root.iter("input", "select", "textarea"):
        key = el.attrib.pop(KEY_ATTR, None)
        info = fr.fields.get(key) if key is not None else None
        tag = el.tag
        if tag == "input" and (el.get("type") or "text").strip().lower() not in _KEEP_VALUE_TYPES:
            el.attrib.pop("value", None)
        elif tag == "textarea":
            for child in list(el):
                el.remove(child)
            el.text = None
        if info is not None and not info.get("visible", True):
            style = (el.get("style") or "").strip().rstrip(";")
            el.set("style", f"{style}; visibility: hidden" if style else "visibility: hidden")
    for el in root.iter():
        if isinstance(el.tag, str) and KEY_ATTR in el.attrib:
            del el.attrib[KEY_ATTR]
    return root


def _drop(el: etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _in_template(el: etree._Element) -> bool:
    return any(a.tag == "template" for a in el.iterancestors())


def frame_elements(root: etree._Element) -> list[etree._Element]:
    """The document's iframe/frame elements as `document.querySelectorAll('iframe,frame')` lists
    them: shadow roots (and template contents) are not searched."""
    return [el for el in root.iter("iframe", "frame") if not _in_template(el)]


def fixture_html(page: LivePage, docs: dict[tuple[int, ...], Optional[etree._Element]]) -> str:
    """The top document with every captured frame inlined as srcdoc, children first."""
    def render(path: tuple[int, ...]) -> str:
        root = docs.get(path)
        if root is None:
            return ""
        frames = frame_elements(root)
        for sub in sorted(p for p in docs if len(p) == len(path) + 1 and p[:-1] == path):
            i = sub[-1]
            if i < len(frames) and frames[i].tag == "iframe":
                frames[i].set("srcdoc", render(sub))
        return lxml_html.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>")

    return render(tuple(page.frames[0].path) if page.frames else ())


# --- selectors and the starter labels -----------------------------------------------------------
def _scope(el: etree._Element) -> etree._Element:
    """The root a browser's querySelectorAll would search for `el`: its shadow root's template or
    the document."""
    for a in el.iterancestors():
        if a.tag == "template":
            return a
    return el.getroottree().getroot()


def _in_scope(scope: etree._Element):
    """Elements a querySelectorAll on this scope reaches (not inside nested templates)."""
    stack = list(scope)[::-1]
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        yield el
        if el.tag != "template":
            stack.extend(list(el)[::-1])


def _quote(v: str) -> str:
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def css_selector(el: etree._Element) -> str:
    """A selector matching exactly `el` in its scope: #id, else tag[name=…], else a path."""
    scope = _scope(el)
    members = list(_in_scope(scope))
    eid = el.get("id")
    if eid and sum(1 for m in members if m.get("id") == eid) == 1:
        return f"#{eid}" if _SIMPLE_ID.match(eid) else f"[id={_quote(eid)}]"
    name = el.get("name")
    if name and sum(1 for m in members if m.tag == el.tag and m.get("name") == name) == 1:
        return f"{el.tag}[name={_quote(name)}]"
    if "-" in el.tag and sum(1 for m in members if m.tag == el.tag) == 1:
        return el.tag  # a web component's host, alone of its kind
    parts: list[str] = []
    node = el
    while node is not None and node is not scope:
        parent = node.getparent()
        nid = node.get("id")
        if node is not el and nid and _SIMPLE_ID.match(nid) and sum(1 for m in members if m.get("id") == nid) == 1:
            parts.append(f"#{nid}")
            break
        if parent is None:
            parts.append(node.tag)
            break
        k = 1 + sum(1 for s in node.itersiblings(preceding=True) if s.tag == node.tag)
        seg = f"{node.tag}:nth-of-type({k})"
        if node is el and name:
            seg += f"[name={_quote(name)}]"
        parts.append(seg)
        node = parent
    return " > ".join(reversed(parts))


def _shadow_hosts(el: etree._Element) -> list[etree._Element]:
    hosts = [a.getparent() for a in el.iterancestors()
             if a.tag == "template" and (a.get("shadowrootmode") or a.get("shadowroot")) and a.getparent() is not None]
    return hosts[::-1]


def _field_elements(root: Optional[etree._Element]) -> list[etree._Element]:
    """The listed fields of one cleaned document, in static extraction's order."""
    from .page.static import extract_tree

    if root is None:
        return []
    els: list = []
    extract_tree(root, [], None, els)
    # A page's own srcdoc frames are captured (and listed) as frames of their own.
    return [el for el in els if el.getroottree().getroot() is root]


def starter_labels(url: str, page: LivePage, docs: dict[tuple[int, ...], Optional[etree._Element]],
                   descs: list, fields: list) -> str:
    """labels.yaml: one entry per field, pre-filled with the engine's predictions."""
    per_doc = {path: _field_elements(root) for path, root in docs.items()}
    frame_sel: dict[tuple[int, ...], list[str]] = {(): []}
    for path in sorted(docs, key=len):
        root = docs[path]
        if root is None:
            continue
        for i, fr in enumerate(frame_elements(root)):
            frame_sel[path + (i,)] = frame_sel.get(path, []) + [css_selector(fr)]
    counters: dict[tuple[int, ...], int] = {}
    lines = [
        "# Starter labels written by `autofill record`: every type, section and part below is the",
        "# engine's PREDICTION, not the truth. Check each field against the page and correct it",
        "# before this file is used to train or test anything.",
        f"# recorded {_dt.datetime.now(_dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"url: {_scalar(url)}",
        f"page: {PAGE_FILE}",
        "fields:",
    ]
    for d, f in zip(descs, fields):
        path = tuple(d.frame)
        n = counters.get(path, 0)
        counters[path] = n + 1
        els = per_doc.get(path, [])
        el = els[n] if n < len(els) else None
        entry: dict[str, Any] = {"selector": css_selector(el) if el is not None else _fallback(d)}
        if d.frame:
            entry["frame"] = frame_sel.get(path, [])
        if el is not None and _shadow_hosts(el):
            entry["shadow"] = [css_selector(h) for h in _shadow_hosts(el)]
        entry["type"] = f.prediction
        entry["section"] = f.section
        if f.part is not None:
            entry["part"] = f.part
        note = " ".join(x for x in (f.label and f"label={f.label!r}", f.name and f"name={f.name!r}",
                                    not f.visible and "hidden") if x)
        body = yaml.safe_dump(entry, default_flow_style=True, sort_keys=False, width=10_000, allow_unicode=True).strip()
        lines.append(f"  - {body}" + (f"  # {_one_line(note)}" if note else ""))
    return "\n".join(lines) + "\n"


def _fallback(d) -> str:
    if d.id:
        return f"[id={_quote(d.id)}]"
    return f"{d.tag}[name={_quote(d.name)}]" if d.name else d.tag


def _scalar(v: str) -> str:
    return yaml.safe_dump(v, default_style='"').strip()


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)[:160]
