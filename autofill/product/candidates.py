"""Elements that could be the product's price, each with the features a person reads it by.

A shopper finds the price as the biggest amount with a currency near the title and the buy
button, not struck through, not in the "customers also bought" strip, the mini-cart or the
footer. Each candidate is a short element (≤ 48 characters) whose text parses as an amount; its
features are that text's shape, its class/id words (from `rules/product.yaml`), where it sits
and how it looks (font size and weight, struck through, hidden). The same features come from a
real browser (computed style) or from the markup alone; the ranker (`ranker.py`) learns how much
each counts.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional

from .money import currency_code, is_negative, parse_price
from .page import SKIP_TAGS, Node, Page, control_text, node_text, quick_fold
from .rules import compiled_rules

MAX_CHARS = 48
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]", re.U)
# A currency sign or code somewhere in the text: the cheap test before price-parser runs.
_MONEY_HINT = re.compile(r"[$€£¥₹₩₽₴₺₪₫฿₱₸元円원]|(?<![A-Za-z])(?:[A-Z]{3}|zł|kr|Kč|Ft|[Ll]ei|лв|тг|руб|Rs|din|Br|р\.)(?![A-Za-z])")
_TAG_FEATURES = ("span", "div", "p", "strong", "b", "del", "s", "li", "td", "dd", "h1", "h2", "h3", "h4", "a",
                 "label", "button", "ins", "bdi", "sup", "em")


@dataclass
class PriceCandidate:
    node: Node
    text: str
    amount: Decimal
    symbol: Optional[str]
    # struck through as read: the element itself, or a wrapper whose only digits are a struck child's
    # ("<font><del>$420</del></font>", "<td>RRP <del>$420</del> each</td>")
    struck: bool = False
    features: dict[str, float] = field(default_factory=dict)


_CENTS = re.compile(r"^\s*\d{2}\s*$")


def price_text(el: Any, limit: int = MAX_CHARS + 1) -> str:
    """The element's text as a shopper reads the amount: superscript cents ("173<sup>34</sup>")
    become decimals, which plain text joining would glue into 17334."""
    if el.find(".//sup") is None:
        return node_text(el, limit)
    parts: list[str] = []

    def walk(e: Any) -> None:
        if e.text:
            if e.tag == "sup" and _CENTS.match(e.text) and parts and parts[-1].rstrip()[-1:].isdigit():
                parts[-1] = parts[-1].rstrip()
                parts.append("." + e.text.strip())
            else:
                parts.append(e.text)
        for child in e:
            if isinstance(child.tag, str) and child.tag not in SKIP_TAGS:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join("".join(parts).split())[:limit]


def _sibling_symbol(el: Any) -> tuple[str, str]:
    """A currency sign in the element just before or after ("<span>294</span><span>元</span>")."""
    before = after = ""
    prev, nxt = el.getprevious(), el.getnext()
    if prev is not None and isinstance(prev.tag, str) and prev.text and len(prev.text.strip()) <= 4 \
            and not (prev.tail or "").strip() and _MONEY_HINT.search(prev.text):
        before = prev.text.strip()
    if not (el.tail or "").strip() and nxt is not None and isinstance(nxt.tag, str) and nxt.text \
            and len(nxt.text.strip()) <= 4 and _MONEY_HINT.search(nxt.text):
        after = nxt.text.strip()
    elif el.tail and len(el.tail.strip()) <= 4 and _MONEY_HINT.search(el.tail):
        after = el.tail.strip()
    return before, after


def _own_text_has_digit(el: Any) -> bool:
    if el.text and _DIGIT.search(el.text):
        return True
    return any(c.tail and _DIGIT.search(c.tail) for c in el)


def in_button(el: Any, levels: int = 6) -> bool:
    """Inside a button: a variant swatch ("1000 W — 92,99 €") or another offer's control, whose
    amount is that option's price, not the one the page sells at now. Links do not count: shops
    wrap their main price in one often enough."""
    for _ in range(levels):
        if el is None:
            return False
        if el.tag == "button" or el.attrib.get("role") in ("button", "radio", "option"):
            return True
        el = el.getparent()
    return False


def landmarks(page: Page) -> dict[str, Optional[int]]:
    """Document-order positions of the first visible h1 and the first add-to-cart control."""
    if page.marks is not None:
        return page.marks
    h1 = next((n.order for n in page.nodes if n.el.tag == "h1" and not n.hidden and node_text(n.el, 200)), None)
    atc_re = compiled_rules().add_to_cart
    atc = None
    for n in page.nodes:
        if n.el.tag in ("button", "input", "a") and not n.hidden and "recommendations" not in n.contexts:
            text = control_text(page.root, n.el)
            if text and len(text) <= 60 and atc_re.search(quick_fold(text)):
                atc = n.order
                break
    page.marks = {"h1": h1, "add_to_cart": atc}
    return page.marks


def price_candidates(page: Page, claimed: tuple[Decimal, ...] = ()) -> list[PriceCandidate]:
    """Every short element whose text reads as a non-negative amount, with its features."""
    found: dict[int, PriceCandidate] = {}
    seen: set[int] = set()  # elements whose text was already read (siblings share ancestors)
    words = compiled_rules().words
    pricey = words.get("price_current", frozenset()) | words.get("price_regular", frozenset())
    for node in page.nodes:
        el = node.el
        if not _own_text_has_digit(el):
            continue
        cur: Optional[Node] = node
        inner_struck, inner_digits = False, -1  # the child just read: struck, and its digit count
        for _ in range(4):  # the element and the short ancestors that hold the whole price
            if cur is None or cur.order in seen:
                break
            seen.add(cur.order)
            text = price_text(cur.el)
            if len(text) > MAX_CHARS:
                break
            digits = len(_DIGIT.findall(text))
            struck = cur.struck or (inner_struck and digits == inner_digits)
            inner_struck, inner_digits = struck, digits
            if not _MONEY_HINT.search(text) and cur is node:
                before, after = _sibling_symbol(cur.el)
                if before or after:
                    text = " ".join(filter(None, (before, text, after)))
            if not (_MONEY_HINT.search(text) or cur.tokens & pricey or cur.near_tokens & pricey):
                amount = None  # a bare number in no price-named element: a rating, a count, a date
            else:
                amount, symbol = parse_price(text, page.language)
            if amount is not None and not is_negative(text):
                if symbol and currency_code(symbol, page.country) is None:
                    symbol = None  # price-parser takes any short word for a currency ("VALUE")
                found[cur.order] = PriceCandidate(cur, text, amount, symbol, struck)
            parent = cur.el.getparent()
            cur = page.by_el.get(parent) if parent is not None else None
        # meta/content prices (itemprop="price" content="19.99") are read by `structured`
    cands = sorted(found.values(), key=lambda c: c.node.order)
    _add_features(page, cands, claimed)
    return cands


_TOKEN_GROUPS: dict[str, frozenset[str]] = {}


def _token_groups(token: str, words: dict[str, frozenset[str]]) -> frozenset[str]:
    """The price word groups a class/id token holds, whole or inside it ("priceblock_ourprice")."""
    hit = _TOKEN_GROUPS.get(token)
    if hit is None:
        hit = frozenset(g for g in ("price_current", "price_regular", "price_other")
                        if token in words.get(g, ()) or any(len(w) >= 4 and w in token for w in words.get(g, ())))
        if len(_TOKEN_GROUPS) > 50000:
            _TOKEN_GROUPS.clear()
        _TOKEN_GROUPS[token] = hit
    return hit


def _has_word(tokens: frozenset[str], group: str, words: dict[str, frozenset[str]]) -> bool:
    return any(group in _token_groups(t, words) for t in tokens)


def _add_features(page: Page, cands: list[PriceCandidate], claimed: tuple[Decimal, ...]) -> None:
    c = compiled_rules()
    words = c.words
    marks = landmarks(page)
    counts = Counter(x.amount for x in cands if x.symbol)
    with_symbol = [x for x in cands if x.symbol]
    amounts = sorted(x.amount for x in with_symbol) or [Decimal(1)]
    median = amounts[len(amounts) // 2] or Decimal(1)
    size = page.size
    max_font = max((x.node.font_px for x in with_symbol), default=16.0) or 16.0
    rank_sym = 0
    for i, cand in enumerate(cands):
        n = cand.node
        text = cand.text
        f = cand.features
        letters = len(_LETTERS.findall(text)) - (len(cand.symbol) if cand.symbol and cand.symbol.isalpha() else 0)
        digits = len(_DIGIT.findall(text))
        f["symbol"] = 1.0 if cand.symbol else 0.0
        f["letters"] = min(max(letters, 0), 30) / 30
        f["digits"] = min(digits, 12) / 12
        f["chars"] = len(text) / MAX_CHARS
        f["cents"] = 1.0 if cand.amount != cand.amount.to_integral_value() else 0.0
        f["zero"] = 1.0 if cand.amount == 0 else 0.0
        f["log_amount"] = math.log10(float(cand.amount) + 1)
        f["vs_median"] = max(-3.0, min(3.0, math.log10((float(cand.amount) + 0.01) / (float(median) + 0.01))))
        f["repeats"] = min(counts.get(cand.amount, 0), 6) / 6
        f["claimed"] = 1.0 if cand.amount in claimed else 0.0
        f["not_price_words"] = 1.0 if c.not_price.search(quick_fold(text)) else 0.0
        f["percent"] = 1.0 if "%" in text else 0.0
        f["slash"] = 1.0 if "/" in text else 0.0
        f["range"] = 1.0 if re.search(r"\d\s*[-–]\s*\D{0,3}\d", text) else 0.0
        for group in ("price_current", "price_regular", "price_other"):
            f[f"own_{group}"] = 1.0 if _has_word(n.tokens, group, words) else 0.0
            f[f"near_{group}"] = 1.0 if _has_word(n.near_tokens, group, words) else 0.0
        f["itemprop_price"] = 1.0 if n.el.attrib.get("itemprop", "").lower() in ("price", "lowprice") else 0.0
        for ctx in ("recommendations", "cart_widget", "chrome"):
            f[f"in_{ctx}"] = 1.0 if ctx in n.contexts else 0.0
        f["struck"] = 1.0 if cand.struck else 0.0
        f["in_button"] = 1.0 if in_button(n.el) else 0.0
        f["hidden"] = 1.0 if n.hidden else 0.0
        f["font"] = min(n.font_px, 48.0) / 48
        f["font_vs_max"] = n.font_px / max_font
        f["bold"] = 1.0 if n.bold else 0.0
        f["position"] = n.order / size
        f["index"] = min(i, 60) / 60
        if cand.symbol:
            f["symbol_rank"] = min(rank_sym, 30) / 30
            rank_sym += 1
        else:
            f["symbol_rank"] = 1.0
        f["depth"] = min(n.depth, 40) / 40
        for key in ("h1", "add_to_cart"):
            mark = marks[key]
            if mark is None:
                f[f"{key}_missing"] = 1.0
                f[f"{key}_dist"] = 1.0
                f[f"after_{key}"] = 0.0
            else:
                d = (n.order - mark) / size
                f[f"{key}_missing"] = 0.0
                f[f"{key}_dist"] = min(math.log10(abs(n.order - mark) + 1) / 4, 1.0)
                f[f"after_{key}"] = 1.0 if d > 0 else 0.0
        tag = n.el.tag
        for t in _TAG_FEATURES:
            if tag == t:
                f[f"tag_{t}"] = 1.0
    # page-relative features: how this candidate compares with the page's other amounts
    from .ranker import rule_score

    fonts = sorted({x.node.font_px for x in with_symbol}, reverse=True)
    h1 = marks["h1"]
    first_after = next((x for x in with_symbol if h1 is not None and x.node.order > h1 and not x.node.hidden
                        and not x.struck and "recommendations" not in x.node.contexts), None)
    n_sym = len(with_symbol)
    for cand in cands:
        f = cand.features
        f["font_rank"] = min(fonts.index(cand.node.font_px), 10) / 10 if cand.symbol and cand.node.font_px in fonts else 1.0
        f["first_after_h1"] = 1.0 if cand is first_after else 0.0
        f["same_as_first_after_h1"] = 1.0 if first_after is not None and cand.amount == first_after.amount else 0.0
        f["n_symbol_candidates"] = math.log10(n_sym + 1)
        f["rule_score"] = rule_score(f)
