"""The price ranker: which price candidate is the product's price.

Two opinions, blended: `rule_score`, a person's reading written by hand (a currency amount, big,
near the title and the buy button, in no side block), and a scikit-learn pipeline
(DictVectorizer → gradient-boosted trees) over the same candidate features, the rule score among
them, trained by `autofill train --product` (autofill/training/product.py). With 20-odd site
families to learn from, the model alone generalises worse than the rules to unseen sites
(site-grouped CV, see models/README.md), but the blend beats both; the weight and the threshold
are stored with the model. Without a model file the rules decide alone.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from ..core.paths import MODELS_DIR

MODEL_FILE = MODELS_DIR / "product.skops"
# A top candidate scoring below this is not taken as the page's price (out-of-stock pages show none).
DEFAULT_THRESHOLD = 0.3


def rule_score(f: dict[str, float]) -> float:
    """A person's reading, by hand: a currency amount, big, near the title, in no side block."""
    s = 0.35 * f.get("symbol", 0) + 0.15 * f.get("own_price_current", 0) + 0.1 * f.get("near_price_current", 0)
    s += 0.2 * f.get("itemprop_price", 0) + 0.15 * f.get("font_vs_max", 0) + 0.05 * f.get("bold", 0)
    s += 0.1 * (1 - f.get("h1_dist", 1)) + 0.1 * (1 - f.get("add_to_cart_dist", 1)) + 0.1 * f.get("claimed", 0)
    s -= 0.4 * f.get("struck", 0) + 0.3 * f.get("in_recommendations", 0) + 0.3 * f.get("in_cart_widget", 0)
    s -= 0.25 * f.get("in_chrome", 0) + 0.2 * f.get("own_price_other", 0) + 0.2 * f.get("own_price_regular", 0)
    s -= 0.3 * f.get("hidden", 0) + 0.15 * f.get("not_price_words", 0) + 0.2 * f.get("percent", 0)
    s -= 0.2 * f.get("zero", 0) + 0.1 * f.get("letters", 0) + 0.1 * f.get("symbol_rank", 0)
    s -= 0.15 * f.get("in_button", 0)
    return max(0.0, min(1.0, s))


def load_model(path: Path = MODEL_FILE) -> Any:
    from ..core.models import load_model as load_trusted

    return load_trusted(path)


@lru_cache(maxsize=2)
def bundled_model(path: Path = MODEL_FILE) -> Any:
    return load_model(path)


def score(features: Sequence[dict[str, float]], model: Any = None) -> tuple[list[float], str]:
    """Each candidate's probability of being the price, and which opinion gave it (model/rules)."""
    if not features:
        return [], "rules"
    model = bundled_model() if model is None else model
    if model is None or model is False:
        return [rule_score(f) for f in features], "rules"
    pipeline = model["pipeline"] if isinstance(model, dict) else model
    weight = float(model.get("weight", 1.0)) if isinstance(model, dict) else 1.0
    if weight <= 0:
        return [f.get("rule_score", rule_score(f)) for f in features], "rules"
    probs = pipeline.predict_proba(list(features))[:, 1]
    return [weight * float(p) + (1 - weight) * f.get("rule_score", rule_score(f)) for p, f in zip(probs, features)], "model"


def threshold(model: Any = None) -> float:
    model = bundled_model() if model is None else model
    if isinstance(model, dict):
        return float(model.get("threshold", DEFAULT_THRESHOLD))
    return DEFAULT_THRESHOLD
