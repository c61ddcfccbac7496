"""The stored field model: it loads with skops, and the fast per-page prediction path gives the
same probabilities as scikit-learn's own Pipeline.predict_proba."""
from __future__ import annotations

import numpy as np

from autofill import Engine
from autofill.classify.features import COLUMNS, rows
from autofill.classify.model import FIELD_MODEL, build_pipeline, fit, load, predict_proba
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


def test_training_is_deterministic():
    descs = extract_html(PAGE) * 3
    X = rows(descs)
    y = ["email", "postal-code", "country", "cc-number", "unknown"] * 3
    a, b = fit(X, y), fit(X, y)
    np.testing.assert_array_equal(a.named_steps["clf"].coef_, b.named_steps["clf"].coef_)
    assert list(a.classes_) == sorted(set(y))
    assert len(build_pipeline().named_steps["features"].transformers) == len(COLUMNS)
