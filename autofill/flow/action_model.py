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
from typing import Any, Optional, Sequence

from .kinds import fold, load_model, save_model
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


def train_actions(examples: Sequence[tuple[PageState, str, int]]) -> Any:
    """Fit on (page state, page kind, index of the labeled next element) examples."""
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    docs, ys = [], []
    for state, kind, want in examples:
        cands = candidates(state)
        for c in cands:
            docs.append(clickable_document(c, kind, len(cands)))
            ys.append(int(not c.frame and c.index == want))
    if not docs or len(set(ys)) < 2:
        raise ValueError("train_actions needs pages with a labeled next element among other clickables")
    model = Pipeline([
        ("hash", HashingVectorizer(token_pattern=r"[^ ]+", lowercase=False, n_features=N_FEATURES,
                                   alternate_sign=False, norm=None, dtype=np.float32)),
        ("tfidf", TfidfTransformer(sublinear_tf=True)),
        ("lr", LogisticRegression(C=2.0, max_iter=2000, class_weight="balanced")),
    ])
    model.fit(docs, ys)
    return model


def fixture_examples(driver: Any) -> list[tuple[PageState, str, int]]:
    """Every fixture page with a `next` button, snapshotted in the browser as the walk sees it."""
    from ..fixtures_server import FixtureServer, load_sites, render_static
    from .state import snapshot
    from .walk import settle

    out: list[tuple[PageState, str, int]] = []
    with FixtureServer(port=0, delay_scale=0) as srv:
        for site in load_sites():
            for page in site.labels.pages:
                if not page.next:
                    continue
                driver.get(f"{srv.url}/{site.site}{page.path}")
                driver.execute_script("document.open(); document.write(arguments[0]); document.close();",
                                      render_static(site.site, page.path))
                settle(driver)
                state = snapshot(driver)
                want = driver.execute_script(
                    "const e = document.querySelector(arguments[0]);"
                    "return e ? (window.__autofillActions || []).indexOf(e) : -1;", page.next)
                if want is not None and want >= 0:
                    out.append((state, page.kind, int(want)))
    return out


def train_default(driver: Any, path: Path = MODEL_FILE) -> dict[str, Any]:
    examples = fixture_examples(driver)
    save_model(train_actions(examples), path)
    bundled.cache_clear()
    return {"model": str(path), "pages": len(examples), "bytes": path.stat().st_size}


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
