"""What the three hand-written shop scripts share: saving pages without secrets, and the command line.

Each script's `buy(url, profile, save_pages)` stays site-specific on purpose (element ids, waits);
only the plumbing around it lives here.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable, Optional


def page_saver(save_pages: Optional[Path], secrets: list[str]) -> Callable[[object, str], None]:
    """save(driver, name): the page's HTML into save_pages/name.html, every profile secret removed."""
    def save(d, name: str) -> None:
        if save_pages:
            html = d.page_source
            for x in secrets:
                html = html.replace(x, "")
            save_pages.mkdir(parents=True, exist_ok=True)
            (save_pages / f"{name}.html").write_text(html, encoding="utf-8")
    return save


def run(buy: Callable, profile_path: Path, doc: str, argv: Optional[list[str]] = None) -> int:
    """`script URL [--save-pages DIR]`: one purchase, its order number and its time."""
    from autofill.fill.profile import Profile

    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("url")
    ap.add_argument("--save-pages", type=Path, default=None)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    number = buy(args.url, Profile.load(profile_path), args.save_pages)
    print(f"order {number} in {time.perf_counter() - t0:.2f} s")
    return 0
