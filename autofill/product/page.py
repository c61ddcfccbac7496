"""One product page parsed once: the lxml.html tree extruct also reads, the page's language and
country, and a document-order walk that notes for every element what a person would notice
about where it sits (inside a recommendations carousel, a cart widget, the header or footer;
struck through; hidden), so candidates and rules ask the walk instead of climbing the tree.

Live mode hands in the browser's computed style per element (keyed by `data-af-i`, see
`live.py`); static mode approximates font size and weight from tags and inline styles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import urlsplit


from ..core.text import fold
from .rules import compiled_rules

SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "path", "iframe",
                       "object", "link", "meta", "option", "select", "textarea"})
STRUCK_TAGS = frozenset({"del", "s", "strike"})
HEADING_PX = {"h1": 32.0, "h2": 24.0, "h3": 18.7, "h4": 16.0, "h5": 13.3, "h6": 10.7, "big": 19.2, "small": 13.3}
BOLD_TAGS = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"})
_TOKEN = re.compile(r"[a-z]+")
_FONT_SIZE = re.compile(r"font-size\s*:\s*([\d.]+)\s*(px|em|rem|pt|%)", re.I)
_FONT_WEIGHT = re.compile(r"font-weight\s*:\s*(bold|bolder|\d+)", re.I)
# The `font` shorthand ("font: bold 27px Verdana"): old table layouts style their big price with it.
_FONT_SHORTHAND = re.compile(r"(?:^|;)\s*font\s*:\s*([^;]*)", re.I)
_SHORTHAND_SIZE = re.compile(r"(?:^|\s)([\d.]+)(px|em|rem|pt|%)", re.I)
_SHORTHAND_BOLD = re.compile(r"(?:^|\s)(bold|bolder|[6-9]00)(?=\s)", re.I)
_HIDDEN_STYLE = re.compile(r"(display\s*:\s*none|visibility\s*:\s*hidden)", re.I)
# Whole class names that hide an element (utility classes of common frameworks).
_HIDDEN_CLASS = frozenset({"hidden", "hide", "is-hidden", "u-hidden", "d-none", "sr-only", "visually-hidden",
                           "visuallyhidden", "screen-reader-text", "a-offscreen", "offscreen", "invisible", "aok-hidden",
                           "hidden-xs", "display-none", "js-hidden"})
PAGE_TAGS = frozenset({"body", "html", "main"})  # their classes describe the whole page, not a block
_BIG_CLASS = frozenset({"big", "large", "lg", "xl", "xxl", "huge", "medium", "main", "primary", "headline"})
COUNTRY_TLDS = {"uk": "GB", "com": None, "net": None, "org": None, "eu": None, "io": None}


@dataclass(slots=True)
class Node:
    """What the walk knows about one element."""
    el: Any
    order: int
    depth: int
    tokens: frozenset[str]          # its own class/id/itemprop/data-attribute words
    near_tokens: frozenset[str]     # the same for its parent and grandparent
    up1: frozenset[str]
    contexts: frozenset[str]        # recommendations / cart_widget / chrome, from any ancestor
    struck: bool
    hidden: bool
    font_px: float
    bold: bool
    y: Optional[float] = None       # live mode only: page coordinates of the element's box
    x: Optional[float] = None


@dataclass
class Page:
    root: Any
    url: Optional[str]
    language: Optional[str]
    country: Optional[str]
    nodes: list[Node] = field(default_factory=list)
    by_el: dict[Any, Node] = field(default_factory=dict)
    live: bool = False
    marks: Optional[dict] = None  # landmarks (h1, add-to-cart), computed once by `candidates.landmarks`

    @property
    def size(self) -> int:
        return max(1, len(self.nodes))


_TOKEN_CACHE: dict[str, frozenset[str]] = {}


def _attr_tokens(el: Any) -> frozenset[str]:
    a = el.attrib
    if not a:
        return frozenset()
    text = " ".join(filter(None, (a.get("class"), a.get("id"), a.get("itemprop"), a.get("data-testid"),
                                  a.get("data-test"), a.get("data-qa"))))
    if not text:
        return frozenset()
    found = _TOKEN_CACHE.get(text)
    if found is None:
        low = text.lower()
        toks = set(_TOKEN.findall(low))
        if "-" in low:
            toks.update(w for w in re.split(r"[\s_]+", low) if "-" in w)
        found = frozenset(toks)
        if len(_TOKEN_CACHE) > 50000:
            _TOKEN_CACHE.clear()
        _TOKEN_CACHE[text] = found
    return found


def language_of(root: Any) -> Optional[str]:
    for path in ("/html/@lang", "/html/@xml:lang", "//meta[@http-equiv='content-language']/@content",
                 "//meta[@property='og:locale']/@content"):
        try:
            found = root.xpath(path)
        except Exception:
            continue
        if found and str(found[0]).strip():
            return str(found[0]).strip().replace("_", "-")
    return None


def country_of(language: Optional[str], url: Optional[str]) -> Optional[str]:
    """The shop's country: the lang attribute's region ("de-CH"), else the URL's country TLD."""
    if language and "-" in language:
        region = language.split("-")[1]
        if len(region) == 2 and region.isalpha():
            return region.upper()
    host = (urlsplit(url).hostname or "") if url else ""
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if tld in COUNTRY_TLDS:
        return COUNTRY_TLDS[tld]
    if len(tld) == 2 and tld.isalpha():
        return tld.upper()
    return None


def build_page(root: Any, url: Optional[str], visual: Optional[dict[str, list]] = None) -> Page:
    """Walk the body once in document order; `visual` maps data-af-i to the browser's
    [font_px, weight, struck, visible, x, y] when the page came from a real browser."""
    words = compiled_rules().words
    ctx_words = {k: words[k] for k in ("recommendations", "cart_widget", "chrome")}
    language = language_of(root)
    page = Page(root=root, url=url, language=language, country=country_of(language, url), live=visual is not None)
    body = root.find(".//body")
    start = body if body is not None else root
    state: dict[Any, Node] = {}
    nodes = page.nodes
    empty: frozenset[str] = frozenset()
    chrome_tags = ("header", "footer", "nav", "aside")
    ctx_items = list(ctx_words.items())
    ctx_cache: dict[tuple, frozenset[str]] = {}
    order = 0
    for el in start.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS:
            continue
        parent = el.getparent()
        pnode = state.get(parent)
        if pnode is None and el is not start:
            continue  # inside a skipped element (a <select>'s options, an <svg>'s shapes)
        attrib = el.attrib
        toks = _attr_tokens(el) if attrib else empty
        if pnode is not None:
            contexts = pnode.contexts
            struck, hidden, font, bold = pnode.struck, pnode.hidden, pnode.font_px, pnode.bold
            depth = pnode.depth + 1
            near = pnode.tokens | pnode.up1 if (pnode.tokens or pnode.up1) else empty
            up1 = pnode.tokens
        else:
            contexts, struck, hidden, font, bold, depth, near, up1 = empty, False, False, 16.0, False, 0, empty, empty
        if (toks and tag not in PAGE_TAGS) or tag in chrome_tags:
            key = (contexts, toks, tag in chrome_tags)
            got = ctx_cache.get(key)
            if got is None:
                extra = {name for name, ws in ctx_items if toks & ws}
                if tag in chrome_tags:
                    extra.add("chrome")
                got = contexts | extra if extra else contexts
                ctx_cache[key] = got
            contexts = got
        if tag in STRUCK_TAGS:
            struck = True
        if tag in HEADING_PX:
            font = HEADING_PX[tag]
        if tag in BOLD_TAGS:
            bold = True
        if attrib:
            style = attrib.get("style")
            if style:
                if "line-through" in style:
                    struck = True
                if _HIDDEN_STYLE.search(style):
                    hidden = True
                font, bold = style_font(style, font, bold)
            cls = attrib.get("class")
            if "hidden" in attrib or attrib.get("aria-hidden") == "true" or (cls and not _HIDDEN_CLASS.isdisjoint(cls.split())):
                hidden = True
            if toks and toks & _BIG_CLASS and not (style and "font-size" in style):
                font = max(font, 20.0)
        x = y = None
        if visual is not None:
            info = visual.get(attrib.get("data-af-i", ""))
            if info:
                font, weight, struck_live, visible, x, y = info
                bold = weight >= 600
                struck = bool(struck_live)
                hidden = not visible
        node = Node(el, order, depth, toks, near, up1, contexts, struck, hidden, font, bold, y, x)
        state[el] = node
        nodes.append(node)
        order += 1
    page.by_el = state
    return page


def _css_px(value: float, unit: str, inherited: float) -> float:
    unit = unit.lower()
    return value if unit == "px" else value * 1.333 if unit == "pt" else value * inherited / 100 if unit == "%" \
        else value * 16.0


def style_font(style: str, font: float, bold: bool) -> tuple[float, bool]:
    """(font px, bold) an inline style sets over the inherited ones: `font-size`/`font-weight`,
    else the `font` shorthand, which a static reading would otherwise take for body text."""
    m = _FONT_SIZE.search(style)
    if m:
        font = _css_px(float(m.group(1)), m.group(2), font)
    w = _FONT_WEIGHT.search(style)
    if w:
        bold = w.group(1) in ("bold", "bolder") or (w.group(1).isdigit() and int(w.group(1)) >= 600)
    short = _FONT_SHORTHAND.search(style) if "font:" in style.replace(" ", "").lower() else None
    if short:
        value = short.group(1) + " "
        size = _SHORTHAND_SIZE.search(value)
        if size and not m:
            font = _css_px(float(size.group(1)), size.group(2), font)
        if not w and _SHORTHAND_BOLD.search(value):
            bold = True
    return font, bold


def node_text(el: Any, limit: int = 200) -> str:
    """An element's readable text (scripts and styles left out), single-spaced, cut at `limit`."""
    parts: list[str] = []
    n = 0
    for t in _itertext(el):
        parts.append(t)
        n += len(t)
        if n > limit * 2:
            break
    return " ".join(" ".join(parts).split())[:limit]


def _itertext(el: Any):
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str) and child.tag not in SKIP_TAGS:
            yield from _itertext(child)
        if child.tail:
            yield child.tail




def quick_fold(text: str) -> str:
    """The engine's one `fold` (core/text.py), which takes the fast path for ASCII text itself."""
    return fold(text)


def control_text(root: Any, el: Any) -> str:
    """What a button says: its text, else its value, aria-label, title, or the element its
    aria-labelledby names (Amazon's <input> buttons carry their words in a separate span)."""
    text = node_text(el, 80) or el.attrib.get("value", "") or el.attrib.get("aria-label", "") or el.attrib.get("title", "")
    if not text.strip() and el.attrib.get("aria-labelledby"):
        ids = el.attrib["aria-labelledby"].split()
        try:
            found = root.xpath("//*[@id=$i]", i=ids[0]) if ids else []
        except Exception:
            found = []
        if found:
            text = node_text(found[0], 80)
    return " ".join(text.split())
