"""The learned field classifier: a scikit-learn Pipeline over the feature columns, stored with skops.

Character n-grams over identifiers and labels carry most of the signal across languages and
spellings; word tokens carry the context, shapes and the rules' verdicts.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from ..core.models import load_model, save_model
from .features import COL
from ..core.paths import MODELS_DIR

FIELD_MODEL = MODELS_DIR / "fields.skops"


def _words() -> TfidfVectorizer:
    return TfidfVectorizer(token_pattern=r"[^ ]+", lowercase=False, sublinear_tf=True, min_df=2, dtype=np.float32)


def build_pipeline(C: float = 4.0) -> Pipeline:
    features = ColumnTransformer(
        [
            ("ident", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2,
                                      max_features=30000, dtype=np.float32), COL["ident"]),
            ("label", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2,
                                      max_features=30000, dtype=np.float32), COL["label"]),
            ("core", _words(), COL["core"]),
            ("context", _words(), COL["context"]),
        ],
        transformer_weights={"ident": 1.0, "label": 1.0, "core": 1.2, "context": 0.5},
    )
    clf = LogisticRegression(C=C, max_iter=3000, class_weight=None, solver="lbfgs")
    return Pipeline([("features", features), ("clf", clf)])


def fit(X: np.ndarray, y: Sequence[str], sample_weight: Optional[np.ndarray] = None) -> Pipeline:
    pipe = build_pipeline()
    pipe.fit(X, list(y), clf__sample_weight=sample_weight)
    for _, vec, _ in pipe.named_steps["features"].transformers_:
        # The pruned-term list is for introspection only and dwarfs the model when stored.
        if hasattr(vec, "stop_words_"):
            delattr(vec, "stop_words_")
        # Plain ints store as one JSON mapping; numpy scalars cost skops one node (and a file) each.
        if hasattr(vec, "vocabulary_"):
            vec.vocabulary_ = {str(k): int(v) for k, v in vec.vocabulary_.items()}
    clf = pipe.named_steps["clf"]
    clf.coef_ = clf.coef_.astype(np.float32)  # half the file, same predictions to 1e-6
    return pipe


def predict_proba(pipe: Pipeline, X: np.ndarray) -> np.ndarray:
    """`pipe.predict_proba(X)` for one page, without scikit-learn's per-call validation and
    dispatch (which cost more than the arithmetic on a page of 20 fields).

    It composes the fitted steps exactly as `ColumnTransformer.transform` and
    `LogisticRegression.predict_proba` do — weighted, horizontally stacked column features, then
    a softmax over `X @ coef.T + intercept`; `tests/test_model.py` checks the two agree.
    """
    ct = pipe.named_steps["features"]
    clf = pipe.named_steps["clf"]
    weights = ct.transformer_weights or {}
    blocks = [vec.transform(X[:, col]) * weights.get(name, 1.0)
              for name, vec, col in ct.transformers_ if vec not in ("drop", "passthrough")]
    z = np.asarray(sp.hstack(blocks, format="csr") @ clf.coef_.T, dtype=np.float64) + clf.intercept_
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def save(pipe: Pipeline, path: Path = FIELD_MODEL) -> None:
    save_model(pipe, path)


@lru_cache(maxsize=4)
def load(path: Path = FIELD_MODEL) -> Optional[Pipeline]:
    """The stored pipeline, or None when no model was trained yet (rules then decide alone)."""
    return load_model(path)  # one trust policy for every model (core/models.py)
