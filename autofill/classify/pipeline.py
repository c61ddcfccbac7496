"""Classification end to end for one page: rules and model per field, then the form-level pass."""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from ..field import Field
from ..page.descriptor import FieldDescriptor
from ..types import UNKNOWN
from .decide import decide, parse_autocomplete
from .features import rows
from .form import Decided, form_pass


class Classifier:
    """Rules plus the learned model; either may be swapped for tests or retraining."""

    def __init__(self, rules=None, model=None, use_model: bool = True) -> None:
        from .model import load
        from .rules import load_rules

        self.rules = rules if rules is not None else load_rules()
        self.model = model if model is not None else (load() if use_model else None)

    def clear_caches(self) -> None:
        """Forget memoised texts and rule votes, so a benchmark round sees pages as new."""
        from . import rules as rules_mod, text

        for fn in (text.fold, text.split_identifier, text.normalize, text.tokens, rules_mod.options_kind):
            fn.cache_clear()
        cache = getattr(self.rules, "_text_cache", None)
        if cache is not None:
            cache.clear()

    def rule_scores(self, descs: Sequence[FieldDescriptor]) -> list[dict[str, float]]:
        return [self.rules.score(d) for d in descs]

    def probabilities(self, descs: Sequence[FieldDescriptor], scores: list[dict[str, float]]) -> Optional[list[dict[str, float]]]:
        if self.model is None or not descs:
            return None
        from .model import predict_proba

        P = predict_proba(self.model, rows(descs, scores))
        classes = [str(c) for c in self.model.classes_]
        out = []
        for row in P:
            top = np.argpartition(row, -6)[-6:] if len(row) > 6 else range(len(row))
            out.append({classes[k]: float(row[k]) for k in top if row[k] >= 0.01})
        return out

    def decide_all(self, descs: Sequence[FieldDescriptor]) -> list[Decided]:
        scores = self.rule_scores(descs)
        probs = self.probabilities(descs, scores)
        items: list[Decided] = []
        for i, d in enumerate(descs):
            ac = parse_autocomplete(d.autocomplete)
            dec = decide(ac, scores[i], probs[i] if probs is not None else None)
            items.append(Decided(d, ac, dec, dec.prediction))
        return form_pass(items)

    def classify(self, descs: Sequence[FieldDescriptor]) -> list[tuple[FieldDescriptor, Field]]:
        return [(x.desc, to_field(x)) for x in self.decide_all(descs)]


def to_field(x: Decided) -> Field:
    d = x.desc
    pred = x.prediction
    return Field(frame=d.frame, form=d.form, index=d.index, tag=d.tag, input_type=d.input_type, id=d.id,
                 name=d.name, label=d.label, placeholder=d.placeholder, autocomplete=d.autocomplete,
                 visible=d.visible, prediction=pred, section=x.section if pred != UNKNOWN else None,
                 part=x.part, confidence=x.d.confidence, source=x.d.source)  # type: ignore[arg-type]
