"""Live mode: the visual features come from the browser that rendered the page, in ONE
`execute_script` (live.js): computed font size and weight, line-through, visibility and position
of the elements that matter, plus the DOM as rendered. The same extractor as static mode then
runs on that DOM with the measured values in place of the markup's approximations, so the two
modes differ only in what they can see.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from .schema import Product

_SCRIPT = Path(__file__).with_name("live.js")


@lru_cache(maxsize=1)
def _script() -> str:
    return _SCRIPT.read_text(encoding="utf-8")


def extract_live_product(driver: Any) -> Optional[Product]:
    from .extract import extract

    html, info = driver.execute_script(_script())
    url = driver.current_url
    return extract(html, url=url, visual=info or {})
