"""Product extraction on real pages: per-attribute precision, recall and F1 beside Zyte's
automatic extraction, Diffbot and extruct (+ price-parser), and static pages/s.

Scoring is the dataset's own (../shared/datasets/product-dev/README.md): price compared as a
decimal, SKU and availability exactly; precision = right / predicted, recall = right / pages that
show the attribute. The peers' figures are computed here from peers.json with the same code.

    python benchmarks/product_eval.py            # bundled model: NOT held out (it was trained on these pages)
    python benchmarks/product_eval.py --cv       # site-grouped 5-fold CV: every page predicted by a model
                                                 # that saw no page of its site family (held out)
    python benchmarks/product_eval.py --errors   # list every wrong attribute

Speed: every page's bytes in memory → parse → structured data → candidates → ranker → product,
timed after one warm-up pass (imports and model loading excluded); the best of --rounds rounds
(the least disturbed by other work on the machine), with CPU time beside wall time.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autofill.training.product import (ATTRIBUTES, DEV_DIR, as_prediction, cross_validate, dev_pages,  # noqa: E402
                                       fixture_pages, is_right, score)


def table(rows: list[tuple[str, dict]]) -> str:
    head = f"{'':26s}" + "".join(f"{a:>28s}" for a in ATTRIBUTES)
    sub = f"{'':26s}" + "".join(f"{'P':>10s}{'R':>9s}{'F1':>9s}" for _ in ATTRIBUTES)
    lines = [head, sub]
    for name, scores in rows:
        lines.append(f"{name:26s}" + "".join(f"{scores[a].precision:10.3f}{scores[a].recall:9.3f}{scores[a].f1:9.3f}"
                                             for a in ATTRIBUTES))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEV_DIR)
    ap.add_argument("--cv", action="store_true", help="site-grouped 5-fold cross-validation (held out)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    import json

    from autofill.engine import Engine

    if not (args.data / "ground-truth.json").is_file():
        sys.exit(f"no dataset at {args.data}")
    pages = dev_pages(args.data)
    truth = {p.key: p.truth for p in pages}
    peers = json.loads((args.data / "peers.json").read_text(encoding="utf-8"))
    engine = Engine()

    # speed: static extraction from bytes, warm
    for p in pages:
        engine.extract_product_html(p.html, url=p.url)
    walls, cpus = [], []
    for _ in range(args.rounds):
        w0, c0 = time.perf_counter(), time.process_time()
        bundled = {p.key: as_prediction(engine.extract_product_html(p.html, url=p.url)) for p in pages}
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)

    if args.cv:
        print("site-grouped 5-fold CV (GroupKFold by site family; fixture shops in the training folds too)…", file=sys.stderr)
        all_pages = fixture_pages() + pages
        from autofill.product.ranker import bundled_model

        weight = float((bundled_model() or {}).get("weight", 0.3))
        oof = cross_validate(all_pages, weights=(weight,), log=lambda m: print(m, file=sys.stderr))
        ours = {k: oof[weight][k] for k in truth}
        label = "autofill (CV, held out)"
    else:
        ours = bundled
        label = "autofill (bundled, train)"
    rows = [(label, score(ours, truth))]
    if args.cv:
        rows.append(("autofill (bundled, train)", score(bundled, truth)))
    for name in ("Zyte", "Diffbot", "extruct"):
        rows.append((name, score(peers.get(name, {}), truth)))
    print(f"{len(pages)} pages of {len({p.group for p in pages})} site families ({args.data})\n")
    print(table(rows))
    best = min(walls)
    print(f"\nstatic extraction: {len(pages) / best:.1f} pages/s wall (best of {args.rounds}; median "
          f"{len(pages) / statistics.median(walls):.1f}), {len(pages) / min(cpus):.1f} pages/s CPU time, "
          f"{sum(len(p.html) for p in pages) / len(pages) / 1024:.0f} KB/page on average")
    if args.errors:
        print()
        for key, gt in truth.items():
            pr = ours.get(key) or {}
            bad = {a: (pr.get(a), gt.get(a)) for a in ATTRIBUTES
                   if (pr.get(a) or gt.get(a)) and not is_right(a, pr.get(a), gt.get(a))}
            if bad:
                print(key[:12], gt["url"][:60], bad)


if __name__ == "__main__":
    main()
