"""Training the action model (what moves a flow on): every fixture page with a labeled `next`
button, snapshotted in a real browser as the walk sees it, fitted into `models/actions.skops`.
The runtime half is `autofill/flow/action_model.py`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ..core.models import save_model
from ..fixtures_server import FixtureServer, load_sites, render_static
from ..flow.action_model import MODEL_FILE, N_FEATURES, bundled, candidates, clickable_document
from ..flow.state import PageState, snapshot
from ..flow.wait import settle


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


