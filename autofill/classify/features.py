"""Model inputs: each field turned into a few text columns the vectorisers of the pipeline read.

The pipeline (see `model.py`) vectorises these columns with a `ColumnTransformer`; this module
only decides what text each column holds, so training and prediction cannot drift apart.
"""
from __future__ import annotations

from typing import Mapping, Optional, Sequence

import numpy as np

from ..page.descriptor import FieldDescriptor, Option
from .rules import options_kind
from .text import normalize

# ident/label: character n-grams; core: label words, shape tokens and the rules' verdicts;
# context: tagged nearby text and the neighbouring fields. Few columns keep prediction cheap.
COLUMNS = ("ident", "label", "core", "context")
COL = {name: i for i, name in enumerate(COLUMNS)}

LABEL_SOURCES = ("label_for", "label_wrap", "aria_label", "aria_labelledby", "title")

def option_shape(options: Sequence[Option]) -> list[str]:
    """What a select's options look like — months, future or past years, days, countries,
    regions — judged by the same function the rules use, plus how many there are."""
    opts = [o for o in options if (o.text or o.value)]
    n = len(opts)
    if not n:
        return ["opts:none"]
    toks = [f"opts:n{min(n, 13) if n <= 13 else (30 if n < 40 else 60 if n < 100 else 200)}"]
    kind = options_kind(tuple((o.text, o.value) for o in opts))
    if kind:
        toks.append(f"opts:{kind}")
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
