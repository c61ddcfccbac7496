"""`autofill demo`: the main job end to end on a bundled fixture shop, nothing to set up."""
from __future__ import annotations

import click

from .engine import Engine
from .fill.profile import DEMO_PROFILE, Profile
from .report import progress_printer, result_summary


def run_demo(site: str, as_json: bool = False) -> int:
    from .errors import AutofillError
    from .fixtures_server import FixtureServer, load_sites

    names = [s.site for s in load_sites()]
    if site not in names:
        raise AutofillError(f"no fixture site {site!r}; choose one of {', '.join(names)}")
    profile = Profile.load(DEMO_PROFILE)
    with FixtureServer(port=0, delay_scale=0.2) as srv:
        url = srv.start_url(site)
        if not as_json:
            click.echo(f"fixture shop {site} at {url}; demo profile {DEMO_PROFILE}", err=True)
        result = Engine().purchase(url, profile, dry_run=True, timeout=120,
                                   progress=None if as_json else progress_printer())
        orders = srv.orders(site)
    click.echo(result.model_dump_json() if as_json else result_summary(result, steps=False))
    if orders:
        raise AutofillError(f"the dry run recorded {len(orders)} order(s): a dry run must place nothing")
    return 0 if result.status == "dry_run" else 1
