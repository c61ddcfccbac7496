"""Reading a target page for static classification: a local path, a file URL or an http(s) URL."""
from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import TargetError, first_line
from .decode import looks_binary
from .static import MAX_BYTES

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


def is_url(target: str) -> bool:
    return urlparse(target).scheme in ("http", "https", "file")


def local_path(target: str) -> Path:
    p = urlparse(target)
    return Path(unquote(p.path)) if p.scheme == "file" else Path(target)


def read_target(target: str, timeout: float = 30.0) -> bytes:
    """The page's bytes, or a one-line TargetError saying why there are none."""
    scheme = urlparse(target).scheme
    if scheme in ("http", "https"):
        data = _fetch(target, timeout)
    elif scheme in ("", "file") or (len(scheme) == 1 and Path(target).exists()):  # C:\ paths
        path = local_path(target)
        if not path.exists():
            raise TargetError(f"no such file: {path}")
        if path.is_dir():
            raise TargetError(f"{path} is a directory, not a page")
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise TargetError(f"cannot read {path}: {exc.strerror or exc.__class__.__name__}") from None
    else:
        raise TargetError(f"unsupported target {target!r}: give a path, a file:// URL or an http(s) URL")
    if looks_binary(data):
        raise TargetError(f"{target} is not an HTML page (binary content)")
    return data[:MAX_BYTES]


def _fetch(url: str, timeout: float) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": "autofill/0.1 (+static classify)",
                                               "Accept": "text/html,application/xhtml+xml"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            ctype = (resp.headers.get_content_type() or "").lower()
            if ctype and ctype not in HTML_TYPES:
                raise TargetError(f"{url} is not an HTML page (Content-Type {ctype})")
            return resp.read(MAX_BYTES + 1)
    except TargetError:
        raise
    except urllib.error.HTTPError as exc:
        raise TargetError(f"{url} answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise TargetError(f"cannot reach {url}: {first_line(str(exc.reason))}") from None
    except (TimeoutError, OSError) as exc:
        raise TargetError(f"cannot reach {url}: {first_line(str(exc)) or exc.__class__.__name__}") from None
