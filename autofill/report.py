"""What a person reads: the classify table, the purchase progress log, the evaluation report."""
from __future__ import annotations

import sys
from typing import Callable, Optional

import click


def _cut(s: str, n: int) -> str:
    s = s or ""
    return s if len(s) <= n else s[: n - 1] + "…"


def field_table(result) -> str:
    rows = [("#", "frame", "type", "name/id", "label", "vis", "prediction", "section", "part", "conf", "source")]
    for f in result.fields:
        rows.append((str(f.index), "/".join(map(str, f.frame)) or "-", f"{f.tag}:{f.input_type}" if f.tag == "input" else f.tag,
                     _cut(f.name or f.id, 28), _cut(f.label or f.placeholder, 30), "y" if f.visible else "n",
                     f.prediction, f.section or "-", str(f.part) if f.part else "-", f"{f.confidence:.2f}", f.source))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"{len(result.fields)} fields, {result.mode} mode, {result.elapsed_ms:.0f} ms")
    return "\n".join(lines)


def progress_printer() -> Callable[[str], None]:
    from .fill.secrets import scrub_any

    def show(message: str) -> None:
        click.echo(scrub_any(message), err=True)
        sys.stderr.flush()

    return show


def result_summary(result, steps: bool = True) -> str:
    """The outcome in words; with `steps`, the step-by-step record first (when no progress
    log already showed it)."""
    from .fill.secrets import scrub_any

    lines = []
    for n, step in enumerate(result.steps if steps else [], 1):
        lines.append(f"step {n}: {step.kind:<12} {step.url}")
        for f in step.filled:
            lines.append(f"    {f.prediction:<18} {f.name:<28} {f.value}")
        for e in step.errors:
            lines.append(f"    page says: {e}")
        if step.clicked:
            lines.append(f"    clicked: {step.clicked}")
    head = {"placed": "order placed", "dry_run": "dry run: stopped before placing the order",
            "blocked": "blocked", "failed": "failed"}[result.status]
    tail = f"{head}"
    if result.order_reference:
        tail += f", order {result.order_reference}"
    if result.total:
        tail += f", total {result.total} {result.currency or ''}".rstrip()
    if result.reason:
        tail += f" — {result.reason}"
    lines.append(tail)
    return scrub_any("\n".join(lines))


def evaluation_report(sets: tuple[str, ...], cv: bool = False, show_errors: bool = False) -> str:
    from .training.datasets import load_all
    from .classify.pipeline import Classifier
    from .classify.rules import load_rules
    from .training.fields import Scores, cross_validate, score_pages

    out: list[str] = []
    rules = load_rules()
    total = Scores()
    for name in sets:
        pages = load_all((name,))
        if not pages:
            out.append(f"{name}: not available")
            continue
        s = cross_validate(pages, rules) if cv else score_pages(pages, Classifier(rules=rules).classify)
        total.merge(s)
        out.append(f"== {name}{' (site-grouped 5-fold CV)' if cv else ''}: accuracy {s.accuracy:.1%} ({s.correct}/{s.total})")
        out.append(f"{'type':<20} {'prec':>6} {'recall':>6} {'F1':>6} {'n':>5}")
        for t, p, r, f1, n in s.table():
            out.append(f"{t:<20} {p:6.2f} {r:6.2f} {f1:6.2f} {n:5d}")
        if show_errors:
            out += [f"  ✗ {pg} {nm!r}: got {pr}, want {'/'.join(ex)}" for pg, nm, pr, ex in s.errors]
    if len(sets) > 1:
        out.append(f"== all: accuracy {total.accuracy:.1%} ({total.correct}/{total.total})")
    return "\n".join(out)


def product_summary(product) -> str:
    """`autofill product` for a person: one attribute a line, with what decided it."""
    def line(name: str, value: Optional[str], key: Optional[str] = None) -> str:
        src = product.sources.get(key or name)
        return f"{name:13s} {value if value not in (None, '') else '—'}" + (f"  ({src})" if src and value else "")

    price = f"{product.price} {product.currency or ''}".strip() if product.price else None
    if price and product.regular_price:
        price += f" (was {product.regular_price})"
    out = [line("title", product.title), line("price", price), line("availability", product.availability),
           line("sku", product.sku), line("brand", product.brand), line("image", product.image),
           line("add to cart", product.add_to_cart.text if product.add_to_cart else None, "add_to_cart")]
    for v in product.variants:
        out.append(f"{'choose':13s} {v.name}: {', '.join(v.options[:12])}" + (f" (now {v.selected})" if v.selected else ""))
    return "\n".join(out)


def tracking_line(r) -> str:
    """One visit of `track run` for a person: price, what changed, the alert."""
    if not r.ok:
        return f"FAILED   {r.url}: {r.reason}"
    price = f"{r.price} {r.currency or ''}".strip() if r.price else "no price"
    notes = []
    if r.price_change:
        notes.append(f"was {r.previous_price} ({r.price_change})")
    elif r.previous_price is None:
        notes.append("first visit")
    if r.availability_change:
        notes.append(f"{r.previous_availability or 'unknown'} → {r.availability}")
    if r.alert:
        notes.append(f"ALERT: at or under {r.below}" if r.alert_reason == "price" else f"ALERT: {r.alert_reason}")
    return f"{price:>14}  {r.url}" + (f"  [{'; '.join(notes)}]" if notes else "")


def batch_line(r, good: bool) -> str:
    """One finished job of `batch` for a person."""
    total = f" {r.total} {r.currency or ''}".rstrip() if r.total else ""
    ref = f" order {r.order_reference}" if r.order_reference else ""
    why = f": {r.reason}" if r.reason else ""
    return f"job {r.job:>3} {'ok  ' if good else 'FAIL'} {r.status}{ref}{total} ({r.elapsed_s:.1f} s){why}"


def progress_bar(total: int, label: str):
    """A progress bar on stderr while flows or visits run, for a person at a terminal (nothing
    otherwise): a context manager giving `advance(status)`."""
    from contextlib import contextmanager

    @contextmanager
    def bar():
        if not sys.stderr.isatty():
            yield lambda status: None
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        counts: dict[str, int] = {}
        with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("", total=total)

            def advance(status: str) -> None:
                counts[status] = counts.get(status, 0) + 1
                progress.update(task, advance=1, description=" ".join(f"{k} {v}" for k, v in sorted(counts.items())))

            yield advance

    return bar()
