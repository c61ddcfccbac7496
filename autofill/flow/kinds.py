"""What step of a checkout a page is (product, cart, login, checkout, shipping, payment, review,
confirmation), for a site the engine has never seen.

Two opinions are combined: multilingual phrase rules (`rules/kinds.yaml`, weighted by where a
phrase appears, plus what the page's fields are) and a small learned model (TF-IDF over tagged
tokens + logistic regression, `models/kinds.skops`). Rules are precise when a shop uses ordinary
words; the model covers pages whose words the rules lack. The prediction says which one decided.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Sequence
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict, field_validator

from ..errors import RuleFileError, first_line
from ..types import PAGE_KINDS
from .state import PageState
from ..core.paths import MODELS_DIR, RULES_DIR
from ..core.models import load_model
from ..core.rulefile import PhraseEntry, load_rule_file, weighted_phrases as _phrases
from ..core.text import fold, phrase_regex  # noqa: F401  (re-exported)

RULES_FILE = RULES_DIR / "kinds.yaml"
MODEL_FILE = MODELS_DIR / "kinds.skops"
N_FEATURES = 2 ** 12  # hashed token space of the kind model
PLACES = ("url", "title", "h1", "headings", "steps", "buttons", "text")
ADDRESS_TYPES = frozenset({"street-address", "address-line1", "address-line2", "address-level1",
                           "address-level2", "postal-code", "country"})

# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------
# Rule file schema.
class KindRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: list[str] = []
    phrases: dict[str, list[PhraseEntry]] = {}
    buttons: dict[str, list[PhraseEntry]] = {}

    def phrase_weights(self) -> dict[str, float]:
        return {p: w for entries in self.phrases.values() for p, w in _phrases(entries).items()}

    def button_weights(self) -> dict[str, float]:
        return {p: w for entries in self.buttons.values() for p, w in _phrases(entries).items()}


class KindRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    places: dict[str, float]
    min_score: float = 1.0
    temperature: float = 1.5
    kinds: dict[str, KindRule]
    signals: dict[str, dict[str, float]] = {}

    @field_validator("places")
    @classmethod
    def _places(cls, v: dict[str, float]) -> dict[str, float]:
        bad = set(v) - set(PLACES)
        if bad:
            raise ValueError(f"unknown place {sorted(bad)[0]!r} (known: {', '.join(PLACES)})")
        return v

    @field_validator("kinds", "signals")
    @classmethod
    def _kinds(cls, v: dict[str, Any], info: Any) -> dict[str, Any]:
        if info.field_name == "kinds":
            bad = [k for k in v if k not in PAGE_KINDS]
        else:
            bad = [f"{s}: {k}" for s, ks in v.items() for k in ks if k not in PAGE_KINDS]
        if bad:
            raise ValueError(f"unknown page kind {bad[0]!r}")
        return v


@dataclass(frozen=True)
class _Compiled:
    rules: KindRules
    phrases: dict[str, dict[str, float]]
    buttons: dict[str, dict[str, float]]
    url: dict[str, frozenset[str]]


@lru_cache(maxsize=4)
def compiled_rules(path: Path = RULES_FILE) -> _Compiled:
    rules: KindRules = load_rule_file(path, KindRules)
    try:
        phrases = {k: r.phrase_weights() for k, r in rules.kinds.items()}
        buttons = {k: r.button_weights() for k, r in rules.kinds.items()}
    except ValueError as exc:
        raise RuleFileError(f"{path.name}: {first_line(str(exc))}") from None
    url = {k: frozenset(fold(u) for u in r.url) for k, r in rules.kinds.items()}
    return _Compiled(rules, phrases, buttons, url)


# ---------------------------------------------------------------------------------------------
# Page views used by rules and model.
def url_tokens(url: str) -> list[str]:
    parts = urlsplit(url or "")
    return [t for t in re.split(r"[^0-9a-z]+", fold(unquote(parts.path + " " + parts.query))) if t]


def button_texts(state: PageState) -> list[str]:
    return [fold(c.text) for c in state.clickables if c.visible and not c.disabled and c.text]


def _places_text(state: PageState) -> dict[str, list[str]]:
    current = [s.text for s in state.steps if s.current]
    return {
        "title": [fold(state.title)],
        "h1": [fold(t) for t in state.h1],
        "headings": [fold(t) for t in state.h2 + state.h3],
        "steps": [fold(t) for t in current],
        "text": [fold(state.text)],
    }


def signals_of(state: PageState, field_types: Optional[Sequence[str]]) -> set[str]:
    """Facts beyond words: classified field types, a password box, an order number, no fields."""
    out: set[str] = set()
    types = set(field_types or ())
    for t in types:
        if t in ADDRESS_TYPES:
            out.add("address")
        elif t.startswith("cc-exp"):
            out.add("cc-exp")
        else:
            out.add(t)
    if "address" in out and "cc-number" in out:
        out.add("address_and_card")  # the whole checkout on one page
    if state.password_count:
        out.add("password_field")
    if state.order_number:
        out.add("order_number")
    if state.field_count == 0 and not types:
        out.add("no_fields")
    return out


def rule_scores(state: PageState, field_types: Optional[Sequence[str]] = None,
                path: Path = RULES_FILE) -> dict[str, float]:
    """Score per kind: sum over places of place weight × weights of distinct phrases found."""
    c = compiled_rules(path)
    places = c.rules.places
    texts = _places_text(state)
    utoks = set(url_tokens(state.url))
    buttons = button_texts(state)
    scores = {k: 0.0 for k in PAGE_KINDS}
    for kind in c.rules.kinds:
        s = 0.0
        if utoks & c.url[kind]:
            s += places.get("url", 0.0)
        for place, chunks in texts.items():
            w = places.get(place, 0.0)
            if not w:
                continue
            found = 0.0
            for phrase, pw in c.phrases[kind].items():
                rx = phrase_regex(phrase)
                if any(rx.search(t) for t in chunks):
                    found += pw
            s += w * min(found, 3.0)
        bw = places.get("buttons", 0.0)
        if bw and buttons:
            found = 0.0
            for phrase, pw in c.buttons[kind].items():
                rx = phrase_regex(phrase)
                if any(rx.search(b) for b in buttons):
                    found += pw
            s += bw * min(found, 4.0)
        scores[kind] = s
    for sig in signals_of(state, field_types):
        for kind, w in c.rules.signals.get(sig, {}).items():
            scores[kind] += w
    return scores


def _softmax(scores: dict[str, float], temperature: float) -> dict[str, float]:
    m = max(scores.values())
    ex = {k: math.exp((v - m) / temperature) for k, v in scores.items()}
    z = sum(ex.values())
    return {k: v / z for k, v in ex.items()}


# ---------------------------------------------------------------------------------------------
# The learned model: tagged tokens of the page, TF-IDF, logistic regression.
def state_document(state: PageState, field_types: Optional[Sequence[str]] = None) -> str:
    """The page as tagged tokens: `u:` URL, `t:` title, `h:` headings, `s:` current step,
    `b:` buttons, `x:` visible text, `f:` field types, `o:`/`p:` order number / password."""
    def words(prefix: str, text: str, limit: int = 400) -> list[str]:
        return [prefix + w for w in re.findall(r"[0-9a-z]+", fold(text))[:limit] if not w.isdigit()]

    toks: list[str] = ["u:" + t for t in url_tokens(state.url) if not t.isdigit()]
    toks += words("t:", state.title)
    toks += words("h:", " ".join(state.h1 + state.h1 + state.h2 + state.h3))
    toks += words("s:", " ".join(s.text for s in state.steps if s.current))
    toks += words("b:", " ".join(button_texts(state)), 200)
    toks += words("x:", state.text[:2000], 300)
    toks += ["f:" + t for t in sorted(set(field_types or ()))]
    toks += ["g:" + s for s in sorted(signals_of(state, field_types))]
    return " ".join(toks) or "empty"


@lru_cache(maxsize=2)
def _bundled_model(path: Path = MODEL_FILE) -> Any:
    return load_model(path)


# ---------------------------------------------------------------------------------------------
class KindPrediction(BaseModel):
    kind: str
    confidence: float
    source: str  # "rules" or "model"
    probabilities: dict[str, float]
    rule_scores: dict[str, float]


_NO_MODEL = object()


def predict_kind(state: PageState, field_types: Optional[Sequence[str]] = None,
                 model: Any = _NO_MODEL, rules_path: Path = RULES_FILE, one_url_steps: bool = False) -> KindPrediction:
    """One page kind with a confidence; rules decide when they have strong evidence, the model
    weighs in more as the rules' evidence gets thin. `model=None` means rules only.

    `one_url_steps`: the walk has seen another step behind this same URL, title and main heading
    (a single-page checkout), so those say nothing about which step shows now; the step is judged
    on what changes — the current progress step, the section headings, buttons, fields and text."""
    if one_url_steps:
        state = state.model_copy(update={"url": "", "title": "", "h1": []})
    c = compiled_rules(rules_path)
    scores = rule_scores(state, field_types, rules_path)
    top = max(scores.values())
    if model is _NO_MODEL:
        model = _bundled_model()
    p_rules = _softmax(scores, c.rules.temperature) if top >= c.rules.min_score else None
    p_model: Optional[dict[str, float]] = None
    if model is not None:
        proba = model.predict_proba([state_document(state, field_types)])[0]
        p_model = {k: 0.0 for k in PAGE_KINDS}
        p_model.update({str(k): float(p) for k, p in zip(model.classes_, proba)})
    if p_rules is None and p_model is None:
        uniform = {k: 1.0 / len(PAGE_KINDS) for k in PAGE_KINDS}
        best = max(scores, key=lambda k: scores[k]) if top > 0 else "checkout"
        return KindPrediction(kind=best, confidence=uniform[best], source="rules",
                              probabilities=uniform, rule_scores=scores)
    if p_model is None:
        combined, alpha = p_rules, 1.0
    elif p_rules is None:
        combined, alpha = p_model, 0.0
    else:
        alpha = top / (top + 4.0)  # strong rule evidence (score 12) → 0.75 rules
        combined = {k: alpha * p_rules[k] + (1 - alpha) * p_model[k] for k in PAGE_KINDS}
    kind = max(combined, key=lambda k: combined[k])
    # The rules decided when their own choice is the winner; otherwise the model tipped it.
    source = "rules" if p_rules is not None and max(p_rules, key=lambda k: p_rules[k]) == kind else "model"
    return KindPrediction(kind=kind, confidence=round(combined[kind], 4), source=source,
                          probabilities={k: round(v, 4) for k, v in combined.items()}, rule_scores=scores)
