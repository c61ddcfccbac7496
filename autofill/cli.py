"""The `autofill` command: a thin click layer over `autofill.Engine`.

Every failure a person can cause (bad profile, unreachable URL, broken rules) ends as one line on
stderr and exit 2; nothing here prints a traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from .errors import AutofillError, first_line

TIMEOUT = click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds for page loads and waits.")
REMOTE = click.option("--remote", default=None, metavar="URL", help="A Selenium Grid or WebDriver endpoint (default: local Chromium).")


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"autofill: {first_line(message)}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="autofill")
def cli() -> None:
    """Understands checkout pages: classifies their fields and walks the purchase flow."""


@cli.command()
@click.argument("target")
@click.option("--static", "static", is_flag=True, help="Classify the HTML alone, without a browser.")
@click.option("--json", "as_json", is_flag=True, help="SPEC's JSON instead of a table.")
@REMOTE
@TIMEOUT
def classify(target: str, static: bool, as_json: bool, remote: Optional[str], timeout: float) -> None:
    """List every field of TARGET (a path, file URL or http(s) URL) with its type."""
    from .engine import Engine

    result = Engine().classify_target(target, static=static, remote=remote, timeout=timeout)
    if as_json:
        click.echo(result.model_dump_json())
        return
    from .report import field_table

    click.echo(field_table(result))


@cli.command()
@click.argument("target")
@click.option("--static", "static", is_flag=True, help="Read the HTML alone, without a browser.")
@click.option("--json", "as_json", is_flag=True, help="SPEC's JSON instead of a summary.")
@REMOTE
@TIMEOUT
def product(target: str, static: bool, as_json: bool, remote: Optional[str], timeout: float) -> None:
    """What a shopper sees on the product page TARGET: title, price, availability, SKU, buy button.
    Exit 0 when a product was found, 1 when the page holds none, 2 on bad input."""
    from .engine import Engine

    result = Engine().product_target(target, static=static, remote=remote, timeout=timeout)
    if as_json:
        click.echo(result.model_dump_json())
    elif result.product is None:
        click.echo(f"no product found on {target}")
    else:
        from .report import product_summary

        click.echo(product_summary(result.product))
    sys.exit(0 if result.product is not None else 1)


def _purchase(url: str, profile_path: str, max_total: Optional[str], dry_run: bool, as_json: bool,
              screenshots: Optional[str], remote: Optional[str], timeout: float) -> None:
    from .core.money import parse_limit
    from .engine import Engine
    from .fill.profile import Profile
    from .report import progress_printer, result_summary

    profile = Profile.load(profile_path)
    try:
        limit = parse_limit(max_total)  # "50", "50 EUR", "€50": finite, non-negative, a known currency
    except AutofillError as exc:
        raise AutofillError(f"--max-total: {exc}") from None
    progress = None if as_json else progress_printer()
    result = Engine().purchase(url, profile, max_total=limit, dry_run=dry_run, remote=remote, timeout=timeout,
                               screenshots=Path(screenshots) if screenshots else None, progress=progress)
    if as_json:
        click.echo(result.model_dump_json())
    else:
        click.echo(result_summary(result, steps=False))
    ok = result.status == ("dry_run" if dry_run else "placed")
    sys.exit(0 if ok else 1)


@cli.command("dry-run")
@click.argument("url")
@click.option("--profile", "profile_path", required=True, type=click.Path(dir_okay=False), help="Profile YAML or JSON.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--screenshots", type=click.Path(file_okay=False), default=None, help="Save one PNG per step here.")
@REMOTE
@TIMEOUT
def dry_run(url: str, profile_path: str, as_json: bool, screenshots: Optional[str], remote: Optional[str], timeout: float) -> None:
    """Walk the purchase flow from URL and stop before the order is placed."""
    _purchase(url, profile_path, None, True, as_json, screenshots, remote, timeout)


@cli.command()
@click.argument("url")
@click.option("--profile", "profile_path", required=True, type=click.Path(dir_okay=False))
@click.option("--max-total", required=True, help="Place the order only if the total is at most this.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--screenshots", type=click.Path(file_okay=False), default=None)
@REMOTE
@TIMEOUT
def buy(url: str, profile_path: str, max_total: str, as_json: bool, screenshots: Optional[str], remote: Optional[str], timeout: float) -> None:
    """Walk the flow and place the order if the total is at most --max-total."""
    _purchase(url, profile_path, max_total, False, as_json, screenshots, remote, timeout)


@cli.command()
@click.option("--exclude-set", "exclude", multiple=True, type=click.Choice(["fixtures", "formasaurus", "ddg-dev"]),
              help="Leave a data set out of training (and report the model's accuracy on it).")
@click.option("--no-cv", is_flag=True, help="Skip cross-validation (faster).")
@click.option("--kinds/--no-kinds", default=True, show_default=True,
              help="Also retrain the page-kind and action models (synthetic pages plus the fixture shops, in a browser).")
@click.option("--product", "product_only", is_flag=True,
              help="Retrain only the product price ranker (fixture shops, plus ../shared/datasets/product-dev when present).")
def train(exclude: tuple[str, ...], no_cv: bool, kinds: bool, product_only: bool) -> None:
    """Retrain the field classifier (and the page-kind model) into models/, deterministically."""
    log = lambda m: click.echo(m, err=True)  # noqa: E731
    if product_only:
        from .training.product import run_training as train_product

        train_product(cv=not no_cv, log=log)
        return
    from .training import train_all

    train_all(exclude=exclude, cv=not no_cv, kinds=kinds, log=log)


@cli.command("eval")
@click.option("--set", "sets", multiple=True, type=click.Choice(["fixtures", "formasaurus", "ddg-dev"]),
              help="Data sets to score (default: all present).")
@click.option("--cv", is_flag=True, help="Site-grouped 5-fold cross-validation instead of scoring the bundled model.")
@click.option("--errors", "show_errors", is_flag=True, help="List every wrong field.")
def evaluate(sets: tuple[str, ...], cv: bool, show_errors: bool) -> None:
    """Per-type precision, recall, F1 and accuracy of the classifier on labeled data."""
    from .report import evaluation_report

    click.echo(evaluation_report(sets or ("fixtures", "formasaurus", "ddg-dev"), cv=cv, show_errors=show_errors))


@cli.command()
@click.argument("jobs_file", metavar="JOBS", type=click.Path(dir_okay=False))
@click.option("--concurrency", type=click.IntRange(1, 64), default=2, show_default=True, help="Flows at once.")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per result as it ends.")
@REMOTE
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds per flow.")
def batch(jobs_file: str, concurrency: int, as_json: bool, remote: Optional[str], timeout: float) -> None:
    """Run the flows of a JSON Lines file at once: {"url", "profile", "mode", "max_total"} a line.
    Exit 0 when every job reached its goal (dry_run, or placed for a buy), 1 otherwise."""
    from .engine import Engine
    from .flow.batch import load_jobs, purchase_many, reached_goal
    from .report import batch_line, progress_bar

    jobs = load_jobs(jobs_file)
    if remote:
        from .flow.browser import check_remote

        check_remote(remote)  # an unreachable Grid is one line and exit 2, not a failed result per job
    ok = True
    with progress_bar(len(jobs), "flows") as advance:
        for n, result in purchase_many(Engine(), jobs, concurrency=concurrency, remote=remote, timeout=timeout):
            good = reached_goal(jobs[n], result)
            ok = ok and good
            if result.attempts == 0:  # a job that could not start: its own error line too
                click.echo(f"autofill: {Path(jobs_file).name} line {result.job + 1}: {result.reason}", err=True)
            click.echo(result.model_dump_json() if as_json else batch_line(result, good))
            advance(result.status)
    sys.exit(0 if ok else 1)


DB = click.option("--db", "db_url", default=None, metavar="URL",
                  help="SQLAlchemy database URL (default: an SQLite file in $AUTOFILL_HOME).")


@cli.group()
def track() -> None:
    """Watch product pages' prices over time."""


def _watch_url(url: str) -> str:
    """An http(s) or file URL as stored: a local path becomes its absolute file:// URL."""
    from urllib.parse import urlparse

    from .flow.navigate import as_url

    if urlparse(url).scheme not in ("http", "https", "file", ""):
        raise AutofillError(f"cannot watch {url!r}: give an http(s) URL, a file URL or a path")
    return as_url(url)


def _amount(value, currency: Optional[str]) -> str:
    text = value if isinstance(value, str) else f"{value:.2f}"
    return f"{text} {currency}" if currency else text


@track.command("add")
@click.argument("url")
@click.option("--below", default=None, metavar="AMOUNT", help="Alert when the price is at or under this (e.g. 20, '20 EUR').")
@DB
def track_add(url: str, below: Optional[str], db_url: Optional[str]) -> None:
    """Watch the product page URL."""
    from .core.money import parse_limit
    from .track import Store

    limit = parse_limit(below, what="--below") if below is not None else None
    store = Store(db_url)
    watch = store.add(_watch_url(url), below=limit.amount if limit else None, below_currency=limit.currency if limit else None)
    alert = f", alert at or under {_amount(watch.below, watch.below_currency)}" if watch.below is not None else ""
    click.echo(f"watching {watch.url}{alert}")


@track.command("run")
@click.option("--concurrency", type=click.IntRange(1, 64), default=2, show_default=True, help="Pages visited at once.")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per page as it is visited.")
@DB
@REMOTE
@TIMEOUT
def track_run(concurrency: int, as_json: bool, db_url: Optional[str], remote: Optional[str], timeout: float) -> None:
    """Visit every watched page once; store and print prices, changes and alerts. Exit 1 when a visit failed."""
    from .engine import Engine
    from .report import progress_bar, tracking_line
    from .track import Store, run_tracking

    store = Store(db_url)
    with progress_bar(len(store.watches()), "pages") as advance:
        def show(r) -> None:
            click.echo(r.model_dump_json() if as_json else tracking_line(r))
            advance("ok" if r.ok else "failed")

        reports = run_tracking(Engine(), store, concurrency=concurrency, remote=remote, timeout=timeout, on_report=show)
    if not reports and not as_json:
        click.echo("nothing is watched: add a page with `autofill track add URL`")
    sys.exit(0 if all(r.ok for r in reports) else 1)


@track.command("list")
@click.option("--json", "as_json", is_flag=True)
@DB
def track_list(as_json: bool, db_url: Optional[str]) -> None:
    """What is watched, with the last price read."""
    import json

    from .track import Store, iso

    store = Store(db_url)
    rows = []
    for w in store.watches():
        last = store.last_ok(w)
        rows.append({"url": w.url, "below": None if w.below is None else f"{w.below:.2f}", "below_currency": w.below_currency,
                     "added_at": iso(w.added_at), "price": None if last is None or last.price is None else f"{last.price:.2f}",
                     "currency": last.currency if last else None, "availability": last.availability if last else None,
                     "visited_at": iso(last.at) if last else None})
    if as_json:
        click.echo(json.dumps(rows))
        return
    if not rows:
        click.echo("nothing is watched")
    for r in rows:
        price = _amount(r["price"], r["currency"]) if r["price"] else "no price yet"
        below = f"  (alert at or under {_amount(r['below'], r['below_currency'])})" if r["below"] else ""
        click.echo(f"{price:>14}  {r['url']}{below}")


@track.command("history")
@click.argument("url")
@click.option("--json", "as_json", is_flag=True)
@click.option("--plot", "plot", type=click.Path(dir_okay=False), default=None, help="Write a chart: FILE.png, .svg or .html.")
@DB
def track_history(url: str, as_json: bool, plot: Optional[str], db_url: Optional[str]) -> None:
    """Every visit of one watched page, oldest first."""
    import json

    from .track import Store, iso

    store = Store(db_url)
    watch = store.find(url) or store.find(_watch_url(url))
    if watch is None:
        raise AutofillError(f"{url} is not watched (see `autofill track list`)")
    visits = store.history(watch)
    if plot:
        from .track.plot import write_plot

        write_plot(watch, visits, Path(plot))
    if as_json:
        click.echo(json.dumps({"url": watch.url, "visits": [
            {"at": iso(v.at), "ok": v.ok, "price": None if v.price is None else f"{v.price:.2f}", "currency": v.currency,
             "availability": v.availability, "title": v.title, "reason": v.reason} for v in visits]}))
        return
    for v in visits:
        what = _amount(v.price, v.currency) if v.price is not None else ("no price" if v.ok else f"failed: {v.reason}")
        click.echo(f"{v.at:%Y-%m-%d %H:%M:%S}  {what}  {v.availability or ''}".rstrip())
    if plot:
        click.echo(f"chart written to {plot}", err=True)


@cli.command("serve-fixtures")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--delay-scale", type=float, default=1.0, show_default=True, help="Multiply the sites' delays (0: none).")
@click.option("--mutation", default=None, metavar="NAMES",
              help="Serve the shops mutated: all, or a comma list of neutral_final, neutral_headings, no_progress, "
                   "neutral_urls (fixtures/README.md).")
def serve_fixtures(port: int, delay_scale: float, mutation: Optional[str]) -> None:
    """Serve the bundled fixture shops on 127.0.0.1 until interrupted."""
    from .fixtures_server import serve_forever

    serve_forever(port=port, delay_scale=delay_scale, mutation=mutation)


@cli.command()
@click.option("--site", default="shopify-like", show_default=True, help="Which bundled fixture shop.")
@click.option("--json", "as_json", is_flag=True)
def demo(site: str, as_json: bool) -> None:
    """A dry run on a bundled fixture shop with the demo profile, its steps shown."""
    from .demo_run import run_demo

    sys.exit(run_demo(site, as_json=as_json))


@cli.command()
@click.argument("url")
@click.argument("directory", type=click.Path(file_okay=False))
@REMOTE
@TIMEOUT
def record(url: str, directory: str, remote: Optional[str], timeout: float) -> None:
    """Save URL's rendered page as a static fixture with a starter labels.yaml."""
    from .record import record_page

    out = record_page(url, Path(directory), remote=remote, timeout=timeout)
    click.echo(f"saved {out}")


def main(argv: Optional[list[str]] = None) -> None:
    try:
        cli.main(args=argv, prog_name="autofill", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("aborted", 130)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(2)
    except AutofillError as exc:
        _problems(exc)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except SystemExit:
        raise
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # never a traceback: one line, with the redacted reason
        from .fill.secrets import scrub_any

        _fail(f"internal error: {exc.__class__.__name__}: {scrub_any(first_line(str(exc)))}", 2)


def _problems(exc: AutofillError) -> None:
    """One line per problem (a profile can have several), each scrubbed of secrets."""
    from .fill.secrets import scrub_any

    for line in getattr(exc, "problems", None) or [str(exc)]:
        click.echo(f"autofill: {scrub_any(first_line(line))}", err=True)
    sys.exit(getattr(exc, "exit_code", 2))


if __name__ == "__main__":  # pragma: no cover
    main()
