"""`track history --plot FILE`: the price of one page over time, as a PNG or a small HTML page.

Drawn with matplotlib (headless Agg backend); the HTML form embeds the same chart as inline SVG
with the visits as a table under it, so it opens anywhere without a server or a script.
"""
from __future__ import annotations

import html
import io
from pathlib import Path

from ..errors import AutofillError
from .store import Visit, Watch

FORMATS = (".png", ".html", ".htm", ".svg")


def write_plot(watch: Watch, visits: list[Visit], path: Path) -> Path:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise AutofillError(f"--plot {path.name}: give a .png, .svg or .html file name")
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot as plt
    except ImportError:
        raise AutofillError("--plot needs matplotlib: pip install 'autofill[plot]'") from None
    fig = _figure(plt, watch, visits)
    try:
        if suffix == ".png":
            fig.savefig(path, format="png", dpi=100)
        else:
            buf = io.StringIO()
            fig.savefig(buf, format="svg")
            svg = buf.getvalue()
            text = svg if suffix == ".svg" else _html_page(watch, visits, svg[svg.index("<svg"):])
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AutofillError(f"cannot write {path}: {exc.strerror or exc.__class__.__name__}") from None
    finally:
        plt.close(fig)
    return path


def _figure(plt, watch: Watch, visits: list[Visit]):
    priced = [v for v in visits if v.ok and v.price is not None]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    if priced:
        xs, ys = [v.at for v in priced], [float(v.price) for v in priced]
        ax.step(xs, ys, where="post", color="#1f77b4", linewidth=1.6)
        out = [(v.at, float(v.price)) for v in priced if v.availability == "OutOfStock"]
        ax.plot(xs, ys, "o", color="#1f77b4", markersize=4, label="price")
        if out:
            ax.plot(*zip(*out), "o", color="#d62728", markersize=6, label="out of stock")
        if watch.below is not None:
            ax.axhline(float(watch.below), color="#2ca02c", linestyle="--", linewidth=1, label=f"alert at {watch.below}")
        currency = next((v.currency for v in reversed(priced) if v.currency), "")
        ax.set_ylabel(f"price {currency}".strip())
        ax.legend(loc="best", fontsize=8)
    failed = [v.at for v in visits if not v.ok]
    if failed:
        for x in failed:
            ax.axvline(x, color="#999999", linewidth=0.6, linestyle=":")
    title = next((v.title for v in reversed(visits) if v.title), None) or watch.url
    ax.set_title(title[:90], fontsize=10)
    if not priced:
        ax.text(0.5, 0.5, "no price read yet", ha="center", va="center", transform=ax.transAxes)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def _html_page(watch: Watch, visits: list[Visit], svg: str) -> str:
    rows = "".join(
        f"<tr><td>{v.at:%Y-%m-%d %H:%M:%S}</td><td>{'' if v.price is None else f'{v.price:.2f}'}</td>"
        f"<td>{html.escape(v.currency or '')}</td><td>{html.escape(v.availability or '')}</td>"
        f"<td>{html.escape(v.reason or '')}</td></tr>" for v in visits)
    url = html.escape(watch.url)
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Price history: {url}</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:2px 8px}</style></head><body>"
            f"<h1>Price history</h1><p><a href=\"{url}\">{url}</a></p>{svg}"
            "<table><tr><th>visited (UTC)</th><th>price</th><th>currency</th><th>availability</th><th>failure</th></tr>"
            f"{rows}</table></body></html>")
