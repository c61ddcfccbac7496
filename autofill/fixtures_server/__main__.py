"""`python -m autofill.fixtures_server --port 8000`: serve the fixture shops by hand."""
from __future__ import annotations

import argparse

from .server import serve_forever


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m autofill.fixtures_server", description=__doc__)
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--delay-scale", type=float, default=1.0, help="multiplies every site's delays; 0 disables them")
    ap.add_argument("--mutation", default=None,
                    help="serve the shops mutated: all, or a comma list of neutral_final, neutral_headings, "
                         "no_progress, neutral_urls (fixtures/README.md)")
    args = ap.parse_args(argv)
    serve_forever(args.port, args.delay_scale, args.mutation)


if __name__ == "__main__":
    main()
