"""The learned half of choosing what to click: P(this element moves the flow on | page).

Rules (`actions.py`) propose candidates and name what each does (continue, place order, …);
this model, trained on the fixture shops' labeled `next` buttons against every other visible
clickable of the same pages, re-ranks those candidates. It knows what the rules cannot spell
out: that the primary submit of the form holding the fields beats a header link with a
matching word, and how a site's own button markup looks.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from ..core.models import load_model
from ..core.text import fold
from .state import Clickable, PageState
from ..core.paths import MODELS_DIR

MODEL_FILE = MODELS_DIR / "actions.skops"
N_FEATURES = 2 ** 14
_WORD = re.compile(r"[0-9a-z]+")


def clickable_document(c: Clickable, kind: Optional[str], n_candidates: int) -> str:
    """One clickable as tagged tokens: its words, its markup, where it sits, the page kind."""
    toks = [f"kind:{kind or 'none'}", f"tag:{c.tag}", f"type:{c.type or '-'}"]
    text = fold(c.text or c.aria_label or c.title)
    words = _WORD.findall(text)[:10]
    toks += [f"t:{w}" for w in words]
    toks += [f"t2:{a}_{b}" for a, b in zip(words, words[1:])]
    toks += [f"a:{w}" for w in _WORD.findall(fold(f"{c.id} {c.name} {c.class_name}"))[:12]]
    toks += [f"ctx:{w}" for w in _WORD.findall(fold(" ".join(c.context.split(" | ")[:3])))[:12]]
    if c.href:
        toks.append("href:" + ("js" if c.href.startswith("javascript:") else "hash" if c.href.startswith("#") else "url"))
    toks.append(f"len:{min(len(words), 6)}")
    if c.submits_form:
        toks.append("submits")
    if c.in_fill_form:
        toks.append("in-fill-form")
    if c.frame:
        toks.append("in-frame")
    if c.in_shadow:
        toks.append("in-shadow")
    toks.append(f"kind_submits:{kind}_{int(c.submits_form)}")
    return " ".join(toks)


def candidates(state: PageState) -> list[Clickable]:
    return [c for c in state.clickables if c.visible and not c.disabled]


@lru_cache(maxsize=2)
def bundled(path: Path = MODEL_FILE) -> Any:
    return load_model(path)


def forward_probabilities(state: PageState, kind: Optional[str], model: Any = None) -> dict[tuple, float]:
    """P(moves the flow on) for each visible clickable, keyed by (frame path, index); empty
    without a model."""
    model = model if model is not None else bundled()
    cands = candidates(state)
    if model is None or not cands:
        return {}
    docs = [clickable_document(c, kind, len(cands)) for c in cands]
    proba = model.predict_proba(docs)
    col = list(model.classes_).index(1)
    return {(tuple(c.frame), c.index): float(p[col]) for c, p in zip(cands, proba)}
