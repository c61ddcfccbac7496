"""The stored field model: it loads with skops, and the fast per-page prediction path gives the
same probabilities as scikit-learn's own Pipeline.predict_proba."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from autofill import Engine
from autofill.classify.features import rows
from autofill.classify.model import FIELD_MODEL, fit, load, predict_proba
from autofill.page.static import extract_html

PAGE = """<form><h2>Delivery</h2><label for=e>Email</label><input id=e name=email type=email>
<label for=p>Postcode</label><input id=p name=zip maxlength=8><label for=c>Country</label>
<select id=c name=country><option value=GB>United Kingdom</option><option value=FR>France</option></select>
<label for=n>Card number</label><input id=n name=cardnumber autocomplete=off><input name=q placeholder=Search></form>"""


def test_bundled_model_loads_and_predicts_spec_types():
    model = load(FIELD_MODEL)
    assert model is not None
    engine = Engine()
    descs = extract_html(PAGE)
    X = rows(descs, engine.classifier.rule_scores(descs))
    fast = predict_proba(model, X)
    slow = model.predict_proba(X)
    assert fast.shape == slow.shape == (len(descs), len(model.classes_))
    np.testing.assert_allclose(fast, slow, rtol=1e-5, atol=1e-6)


LABELS = ["email", "postal-code", "country", "cc-number", "unknown"]


def _fit_digest() -> str:
    """Fit the field model on PAGE's rows (with the rule scores, as `autofill train` does): the
    classes, and digests of the coefficients and of the probabilities it gives."""
    descs = extract_html(PAGE) * 3
    X = rows(descs, Engine().classifier.rule_scores(descs))
    model = fit(X, LABELS * 3)
    coef = np.ascontiguousarray(model.named_steps["clf"].coef_, dtype=np.float64)
    proba = np.ascontiguousarray(predict_proba(model, X), dtype=np.float64)
    return " ".join([",".join(map(str, model.classes_)), hashlib.sha256(coef.tobytes()).hexdigest(),
                     hashlib.sha256(proba.tobytes()).hexdigest()])


def test_training_is_deterministic_across_hash_seeds():
    """A process with other string hashing (set and dict order of feature names, rule ids) fits
    the same coefficients and gives the same probabilities as this one."""
    here = Path(__file__).resolve().parent
    env = dict(os.environ, PYTHONHASHSEED="1" if os.environ.get("PYTHONHASHSEED") == "0" else "0")
    script = f"import sys; sys.path.insert(0, {str(here)!r}); import test_model; print(test_model._fit_digest())"
    proc = subprocess.run([sys.executable, "-c", script], cwd=str(here.parent), env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == _fit_digest()
    assert _fit_digest().startswith(",".join(sorted(set(LABELS))) + " ")


def test_fit_learns_the_labels_it_is_given():
    descs = extract_html(PAGE) * 3
    X = rows(descs, Engine().classifier.rule_scores(descs))
    model = fit(X, LABELS * 3)
    assert list(model.classes_) == sorted(set(LABELS))
    assert list(model.predict(X)) == LABELS * 3
    assert list(model.classes_[predict_proba(model, X).argmax(axis=1)]) == LABELS * 3
