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
    from .classify.train import run_training

    run_training(("fixtures", "formasaurus", "ddg-dev"), exclude=exclude, cv=not no_cv, log=log)
    if kinds:
        from .flow import action_model
        from .flow.browser import browser
        from .flow.kinds import fixture_states, train_default

        with browser() as driver:
            report = train_default(extra=fixture_states(driver))
            log(f"page kinds: {report}")
            log(f"actions: {action_model.train_default(driver)}")


@cli.command("eval")
@click.option("--set", "sets", multiple=True, type=click.Choice(["fixtures", "formasaurus", "ddg-dev"]),
              help="Data sets to score (default: all present).")
@click.option("--cv", is_flag=True, help="Site-grouped 5-fold cross-validation instead of scoring the bundled model.")
@click.option("--errors", "show_errors", is_flag=True, help="List every wrong field.")
def evaluate(sets: tuple[str, ...], cv: bool, show_errors: bool) -> None:
    """Per-type precision, recall, F1 and accuracy of the classifier on labeled data."""
    from .report import evaluation_report

    click.echo(evaluation_report(sets or ("fixtures", "formasaurus", "ddg-dev"), cv=cv, show_errors=show_errors))


@cli.command("serve-fixtures")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--delay-scale", type=float, default=1.0, show_default=True, help="Multiply the sites' delays (0: none).")
def serve_fixtures(port: int, delay_scale: float) -> None:
    """Serve the bundled fixture shops on 127.0.0.1 until interrupted."""
    from .fixtures_server import serve_forever

    serve_forever(port=port, delay_scale=delay_scale)


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
