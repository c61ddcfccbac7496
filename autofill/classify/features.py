"""Model inputs: each field turned into a few text columns the vectorisers of the pipeline read.

The pipeline (see `model.py`) vectorises these columns with a `ColumnTransformer`; this module
only decides what text each column holds, so training and prediction cannot drift apart.
"""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Mapping, Optional, Sequence

import numpy as np

from ..page.descriptor import FieldDescriptor, Option
from .text import normalize

# ident/label: character n-grams; core: label words, shape tokens and the rules' verdicts;
# context: tagged nearby text and the neighbouring fields. Few columns keep prediction cheap.
COLUMNS = ("ident", "label", "core", "context")
COL = {name: i for i, name in enumerate(COLUMNS)}

LABEL_SOURCES = ("label_for", "label_wrap", "aria_label", "aria_labelledby", "title")
_NUM = re.compile(r"^\d+$")

MONTH_WORDS = frozenset(normalize(w) for w in (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "januar februar marz april mai juni juli august september oktober november dezember "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre "
    "januari februari maart april mei juni juli augustus september oktober november december "
    "janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro "
    "styczen luty marzec kwiecien maj czerwiec lipiec sierpien wrzesien pazdziernik listopad grudzien "
    "januari februari mars april maj juni juli augusti september oktober november december").split())


@lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    import pycountry

    names: set[str] = set()
    codes: set[str] = set()
    for c in pycountry.countries:
        codes.add(c.alpha_2.lower())
        codes.add(c.alpha_3.lower())
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names.add(normalize(v))
    subs: set[str] = set()
    for s in pycountry.subdivisions:
        if s.country_code in ("US", "CA", "AU", "DE", "IT", "ES", "MX", "BR", "IN", "GB", "NL", "FR", "CH", "AT"):
            subs.add(normalize(s.name))
            subs.add(s.code.split("-")[-1].lower())
    return frozenset(names), frozenset(codes), frozenset(subs)


def option_shape(options: Sequence[Option]) -> list[str]:
    """What a select's options look like: months, years, days, countries, states, few or many."""
    opts = [o for o in options if (o.text or o.value)]
    n = len(opts)
    if not n:
        return ["opts:none"]
    toks = [f"opts:n{min(n, 13) if n <= 13 else (30 if n < 40 else 60 if n < 100 else 200)}"]
    texts = [normalize(o.text) for o in opts]
    values = [normalize(o.value) for o in opts]
    year = _dt.date.today().year
    nums = [int(v) for v in values if _NUM.match(v or "")] + [int(t) for t in texts if _NUM.match(t or "")]
    if nums:
        if sum(1 for x in nums if 1 <= x <= 12) >= 10 and max(nums) <= 12:
            toks.append("opts:months")
        elif sum(1 for x in nums if year - 1 <= x <= year + 15) >= 5 and min(nums) >= year - 2:
            toks.append("opts:years-future")
        elif sum(1 for x in nums if year % 100 - 1 <= x <= year % 100 + 15) >= 5 and max(nums) < 100 and min(nums) > 12:
            toks.append("opts:years2-future")
        elif sum(1 for x in nums if 1900 <= x <= year) >= 20:
            toks.append("opts:years-past")
        elif max(nums) == 31 or (max(nums) <= 31 and len(nums) >= 28):
            toks.append("opts:days")
    if sum(1 for t in texts if any(w in MONTH_WORDS for w in t.split())) >= 10:
        toks.append("opts:months")
    names, codes, subs = _places()
    if n >= 5:
        c_hits = sum(1 for t, v in zip(texts, values) if t in names or v in codes)
        if c_hits >= max(5, 0.5 * n):
            toks.append("opts:countries")
        s_hits = sum(1 for t, v in zip(texts, values) if t in subs or (v in subs and t not in names))
        if s_hits >= max(5, 0.5 * n) and c_hits < s_hits:
            toks.append("opts:states")
    return toks


def _words(text: str, prefix: str) -> str:
    return " ".join(f"{prefix}{w}" for w in normalize(text).split()[:12])


def _distinct(texts) -> list[str]:
    """Normalised texts without repeats: name and id, or a label and its aria twin, often agree."""
    out: list[str] = []
    for t in texts:
        n = normalize(t) if t else ""
        if n and n not in out:
            out.append(n)
    return out


def _ident(d: FieldDescriptor) -> str:
    return " ".join(_distinct((d.name, d.id)))[:80]


def _label(d: FieldDescriptor) -> str:
    parts = [d.labels.get(s, "") for s in LABEL_SOURCES] + [d.placeholder]
    if not any(parts):
        parts.append(d.labels.get("text_before", ""))
    return " ".join(_distinct(parts))[:120]


def shape_tokens(d: FieldDescriptor) -> list[str]:
    toks = [f"tag:{d.tag}", f"type:{d.input_type}"]
    if d.maxlength:
        m = d.maxlength
        toks.append(f"maxlen:{m if m <= 6 else 'mid' if m <= 20 else 'long'}")
    if d.autocomplete:
        toks.append("ac:" + "-".join(normalize(d.autocomplete).split()[-1:]))
    if d.tag == "select":
        toks += option_shape(d.options)
    if d.required:
        toks.append("required")
    if d.shadow:
        toks.append("in:shadow")
    if d.frame:
        toks.append("in:frame")
    if not d.labels.get("label_for") and not d.labels.get("label_wrap"):
        toks.append("nolabel")
    return toks


def context_text(d: FieldDescriptor) -> str:
    parts = [_words(d.labels.get("text_before", ""), "b:"), _words(d.labels.get("text_after", ""), "a:"),
             _words(d.labels.get("legend", ""), "lg:"), _words(d.labels.get("heading", ""), "h:"),
             _words(d.form_text, "f:"), _words(d.class_name, "c:")]
    return " ".join(p for p in parts if p)


def neighbour_text(descs: Sequence[FieldDescriptor], i: int,
                   words: Optional[Sequence[list[str]]] = None) -> str:
    """The fields before and after, as tagged words; `words` (each field's own words,
    precomputed once per page) saves normalising every field three times."""
    out: list[str] = []
    for off, tag in ((-1, "p:"), (1, "n:"), (-2, "pp:")):
        j = i + off
        if 0 <= j < len(descs) and descs[j].form == descs[i].form:
            nb = descs[j]
            own = words[j] if words is not None else _own_words(nb, _label(nb))
            out.append(" ".join(f"{tag}{w}" for w in own))
            out.append(f"{tag}type:{nb.input_type}")
    return " ".join(out)


def _own_words(d: FieldDescriptor, label: str) -> list[str]:
    return normalize(f"{d.name} {d.id} {label}").split()[:12]


def rule_tokens(scores: Mapping[str, float]) -> str:
    toks = []
    for t, s in sorted(scores.items(), key=lambda kv: -kv[1])[:3]:
        toks.append(f"r:{t}")
        if s >= 0.85:
            toks.append(f"rs:{t}")
    return " ".join(toks)


def rows(descs: Sequence[FieldDescriptor], rule_scores: Optional[Sequence[Mapping[str, float]]] = None) -> np.ndarray:
    """The feature matrix (one row per field, COLUMNS as columns) the pipeline consumes."""
    X = np.empty((len(descs), len(COLUMNS)), dtype=object)
    labels = [_label(d) for d in descs]
    own = [_own_words(d, lab) for d, lab in zip(descs, labels)]
    for i, d in enumerate(descs):
        label = labels[i]
        X[i, 0] = _ident(d)
        X[i, 1] = label
        # Each word column carries a constant token so no vocabulary is ever empty.
        X[i, 2] = " ".join(["r:any", _words(label, "lw:"), *shape_tokens(d),
                            rule_tokens(rule_scores[i]) if rule_scores is not None else ""])
        X[i, 3] = "ctx " + context_text(d) + " " + neighbour_text(descs, i, own)
    return X
