"""One decision per field: the page's own `autocomplete` first, else rules and model combined.

The model already sees the rules' verdicts as features, so its probabilities are the calibrated
backbone; a confident rule still wins where the model is unsure, because rules carry languages
and phrasings the training data lacks.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from ..types import AUTOCOMPLETE_ALIASES, FIELD_TYPES, UNKNOWN

_FIELD_SET = frozenset(FIELD_TYPES)
RULE_OVER_UNKNOWN = 0.8
_CONTACT_HINTS = frozenset({"home", "work", "mobile", "fax", "pager"})


@dataclass(slots=True)
class Autocomplete:
    field: Optional[str]  # SPEC type, UNKNOWN for valid tokens outside SPEC, None when absent/invalid
    section: Optional[str]  # shipping / billing from the token, if given
    group: Optional[str]  # the section-* name, if given


def parse_autocomplete(value: str) -> Autocomplete:
    toks = value.lower().split()
    if not toks or toks[-1] in ("on", "off"):
        return Autocomplete(None, None, None)
    last = toks[-1]
    field = last if last in _FIELD_SET else AUTOCOMPLETE_ALIASES.get(last)
    if field is None:
        return Autocomplete(None, None, None)
    section = group = None
    for t in toks[:-1]:
        if t in ("shipping", "billing"):
            section = t
        elif t.startswith("section-"):
            group = t
        elif t in _CONTACT_HINTS:
            continue
        else:
            return Autocomplete(None, None, None)  # an unknown token makes the whole value invalid
    return Autocomplete(field, section, group)


@dataclass(slots=True)
class Decision:
    prediction: str
    confidence: float
    source: str  # autocomplete | rules | model
    alternatives: list[tuple[str, float]]  # next-best types, for the form-level pass


def decide(ac: Autocomplete, rules: Mapping[str, float], proba: Optional[Mapping[str, float]]) -> Decision:
    ranked_model = sorted(proba.items(), key=lambda kv: -kv[1]) if proba else []
    ranked_rules = sorted(rules.items(), key=lambda kv: -kv[1])
    if ac.field is not None:
        # Trust the page, unless rules and model both say firmly that it lies.
        rt, rs = ranked_rules[0] if ranked_rules else (None, 0.0)
        mt, ms = ranked_model[0] if ranked_model else (None, 0.0)
        if not (rt is not None and rt == mt and rt != ac.field and rs >= 0.9 and ms >= 0.85):
            return Decision(ac.field, 0.99, "autocomplete", _alts(ranked_model, ranked_rules, ac.field))
    if not ranked_model:
        if ranked_rules and ranked_rules[0][1] >= 0.5:
            t, s = ranked_rules[0]
            return Decision(t, round(min(0.95, s), 3), "rules", _alts([], ranked_rules, t))
        return Decision(UNKNOWN, 0.5, "rules", _alts([], ranked_rules, UNKNOWN))
    combined: dict[str, float] = {t: p for t, p in ranked_model}
    for t, s in ranked_rules:
        # A firm rule lifts a type the model also entertains; a weak one only nudges.
        combined[t] = combined.get(t, 0.0) + (0.35 * s if s >= 0.8 else 0.1 * s)
    total = sum(combined.values()) or 1.0
    best, score = max(combined.items(), key=lambda kv: kv[1])
    if best == UNKNOWN and ranked_rules and ranked_rules[0][0] != UNKNOWN and ranked_rules[0][1] >= RULE_OVER_UNKNOWN \
            and rules.get(UNKNOWN, 0.0) < 0.5:
        # The model's "unknown" is often "never saw this" (card fields are rare in training
        # data); a firm rule, with no negative rule against it, knows better.
        best = ranked_rules[0][0]
        score = max(combined.get(best, 0.0), 0.5 * total)
    conf = score / total
    model_top = ranked_model[0][0]
    rule_top = ranked_rules[0][0] if ranked_rules else None
    source = "rules" if (rule_top == best and (model_top != best or (proba or {}).get(best, 0) < 0.5)) else "model"
    alts = sorted(((t, s / total) for t, s in combined.items() if t != best), key=lambda kv: -kv[1])[:4]
    return Decision(best, round(float(conf), 3), source, alts)


def _alts(model: list, rules: list, taken: str) -> list[tuple[str, float]]:
    seen: dict[str, float] = {}
    for t, s in list(model) + list(rules):
        if t != taken and t not in seen:
            seen[t] = float(s)
    return sorted(seen.items(), key=lambda kv: -kv[1])[:4]
