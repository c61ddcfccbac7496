"""Training and evaluation of the field classifier on labeled pages.

Training is deterministic (sorted inputs, a fixed solver, no random state). Evaluation always runs
the whole classifier — rules, model, form-level pass — because that is what a user gets.
"""
from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

from ..classify.features import COLUMNS, rows
from ..classify.model import FIELD_MODEL, fit, save
from .datasets import LabeledPage

# Checkout pages matter most; formasaurus brings breadth (and thousands of negatives).
SET_WEIGHT = {"fixtures": 1.0, "ddg": 3.0, "formasaurus": 1.0}


@dataclass
class Matrix:
    X: np.ndarray
    y: list[str]
    groups: list[str]
    weights: np.ndarray


def build_matrix(pages: Sequence[LabeledPage], rules) -> Matrix:
    parts, ys, groups, weights = [], [], [], []
    for p in pages:
        if not p.descs:
            continue
        scores = [rules.score(d) for d in p.descs]
        X = rows(p.descs, scores)
        keep = [i for i, e in enumerate(p.expected) if e]
        if not keep:
            continue
        parts.append(X[keep])
        for i in keep:
            ys.append(p.expected[i][0])  # type: ignore[index]
            groups.append(f"{p.set}:{p.site}")
            weights.append(SET_WEIGHT.get(p.set, 1.0))
    X = np.concatenate(parts) if parts else np.empty((0, len(COLUMNS)), dtype=object)
    return Matrix(X, ys, groups, np.asarray(weights, dtype=np.float64))


def train_model(pages: Sequence[LabeledPage], rules):
    m = build_matrix(pages, rules)
    return fit(m.X, m.y, sample_weight=m.weights), m


@dataclass
class Scores:
    total: int = 0
    correct: int = 0
    per_type: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[tuple[str, str, str, list[str]]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def add(self, page: str, name: str, predicted: str, expected: list[str]) -> None:
        self.total += 1
        ok = predicted in expected
        self.correct += ok
        truth = predicted if ok else expected[0]
        if ok:
            self.per_type[truth]["tp"] += 1
        else:
            self.per_type[truth]["fn"] += 1
            self.per_type[predicted]["fp"] += 1
            self.errors.append((page, name, predicted, expected))

    def table(self) -> list[tuple[str, float, float, float, int]]:
        out = []
        for t in sorted(self.per_type):
            c = self.per_type[t]
            tp, fp, fn = c["tp"], c["fp"], c["fn"]
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            out.append((t, p, r, f1, tp + fn))
        return out

    def merge(self, other: "Scores") -> None:
        self.total += other.total
        self.correct += other.correct
        for t, c in other.per_type.items():
            self.per_type[t].update(c)
        self.errors += other.errors


def score_pages(pages: Sequence[LabeledPage], classify: Callable) -> Scores:
    s = Scores()
    for p in pages:
        if not p.descs:
            continue
        fields = classify(p.descs)
        for (desc, f), exp in zip(fields, p.expected):
            if exp:
                s.add(p.page, desc.name or desc.id, f.prediction, exp)
    return s


def cross_validate(pages: Sequence[LabeledPage], rules, folds: int = 5,
                   progress: Optional[Callable[[str], None]] = None) -> Scores:
    """Site-grouped k-fold: no site is ever in both the training and the test part."""
    from ..classify.pipeline import Classifier

    sites = sorted({f"{p.set}:{p.site}" for p in pages})
    fold_of = {s: i % folds for i, s in enumerate(sites)}
    total = Scores()
    for k in range(folds):
        train = [p for p in pages if fold_of[f"{p.set}:{p.site}"] != k]
        test = [p for p in pages if fold_of[f"{p.set}:{p.site}"] == k]
        model, _ = train_model(train, rules)
        clf = Classifier(rules=rules, model=model)
        total.merge(score_pages(test, clf.classify))
        if progress:
            progress(f"fold {k + 1}/{folds}: {total.accuracy:.1%} so far")
    return total


def model_card(path: Path, pages: Sequence[LabeledPage], m: Matrix, cv: Optional[Scores], heldout: dict[str, Scores]) -> None:
    counts = Counter(p.set for p in pages)
    sites = len({(p.set, p.site) for p in pages})
    lines = [
        "# Field classifier — model card",
        "",
        f"Trained {_dt.date.today().isoformat()} by `autofill train`; stored as `fields.skops` (skops, not pickle).",
        "",
        "## Data",
        f"{len(m.y)} labeled fields from {sum(counts.values())} pages of {sites} sites: "
        + ", ".join(f"{k} {v} pages" for k, v in sorted(counts.items())) + ".",
        "Unlabeled fields are not trained on. Label mix: "
        + ", ".join(f"{t} {n}" for t, n in Counter(m.y).most_common(12)) + ", …",
        "",
        "## Features and model",
        "A scikit-learn `Pipeline`: a `ColumnTransformer` of character 2–4-gram TF-IDF over the field's",
        "identifiers (name, id) and its label texts (label, aria, title, placeholder), word TF-IDF over tagged",
        "context (text before/after, legend, heading, form id/action/class), shape tokens (tag, input type,",
        "maxlength, select-option statistics: months, future years, countries, states), the neighbouring fields'",
        "tokens and the YAML rules' verdicts; then multinomial logistic regression (lbfgs, C=4), with",
        f"sample weights per source {SET_WEIGHT}. The decision step combines it with the rules and the",
        "`autocomplete` attribute; the form-level pass fixes sections, split fields and duplicates.",
        "",
    ]
    for title, s in ([("Site-grouped 5-fold cross-validation (whole classifier)", cv)] if cv else []) + \
            [(f"Held out: {k}", v) for k, v in heldout.items()]:
        lines += [f"## {title}", "", f"Accuracy **{s.accuracy:.1%}** ({s.correct}/{s.total}).", "",
                  "| type | precision | recall | F1 | support |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {t} | {p:.2f} | {r:.2f} | {f:.2f} | {n} |" for t, p, r, f, n in s.table() if n or p]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def run_training(sets: tuple[str, ...], exclude: tuple[str, ...] = (), cv: bool = True,
                 out: Path = FIELD_MODEL, log: Callable[[str], None] = print) -> Scores | None:
    from .datasets import load_all
    from ..classify.rules import load_rules

    rules = load_rules()
    chosen = tuple(s for s in sets if s not in exclude)
    pages = load_all(chosen)
    log(f"loaded {len(pages)} pages from {', '.join(chosen)}")
    model, m = train_model(pages, rules)
    log(f"trained on {len(m.y)} fields")
    cv_scores = cross_validate(pages, rules, progress=log) if cv else None
    held: dict[str, Scores] = {}
    if exclude:
        from ..classify.pipeline import Classifier

        other = load_all(tuple(exclude))
        held = {",".join(exclude): score_pages(other, Classifier(rules=rules, model=model).classify)}
        log(f"held-out {','.join(exclude)}: {held[','.join(exclude)].accuracy:.1%}")
    save(model, out)
    model_card(out.parent / "README.md", pages, m, cv_scores, held)
    log(f"saved {out} ({out.stat().st_size // 1024} KB)")
    return cv_scores
