"""Opening a target in the browser, with a one-line error when there is no page to work on."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..errors import TargetError, first_line

HTML_CONTENT = ("text/html", "application/xhtml+xml")


def as_url(target: str) -> str:
    if urlparse(target).scheme in ("http", "https", "file", "data"):
        return target
    path = Path(target)
    if not path.exists():
        raise TargetError(f"no such file: {target}")
    return path.resolve().as_uri()


def open_page(driver: Any, target: str, timeout: float = 30.0) -> None:
    from selenium.common.exceptions import TimeoutException, WebDriverException

    url = as_url(target)
    try:
        driver.get(url)
    except TimeoutException:
        raise TargetError(f"{target} did not load within {timeout:g} s") from None
    except WebDriverException as exc:
        msg = first_line(exc.msg or str(exc))
        if "ERR_" in msg:
            code = msg[msg.index("ERR_"):].split()[0].rstrip(")")
            raise TargetError(f"cannot reach {target}: {code}") from None
        raise TargetError(f"cannot open {target}: {msg}") from None
    state = driver.execute_script("return [document.documentURI, document.contentType, document.title]")
    doc_uri, ctype, _title = state
    if str(doc_uri).startswith("chrome-error://"):
        raise TargetError(f"cannot reach {target}")
    if ctype and ctype.lower() not in HTML_CONTENT and not ctype.lower().startswith("text/plain"):
        raise TargetError(f"{target} is not an HTML page (Content-Type {ctype})")
