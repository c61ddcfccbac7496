"""Live extraction: the rendered page's fields with the browser's own view of what is visible.

One `execute_script` covers the top document, its same-origin frames and open shadow roots;
only a cross-origin frame needs another call, made from inside it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Sequence

from .descriptor import FieldDescriptor
from .static import KEY_ATTR, extract_html


@cache
def _script(name: str) -> str:
    return (Path(__file__).with_name(name)).read_text(encoding="utf-8")


@dataclass
class LiveFrame:
    path: list[int]
    origin: str
    url: str
    html: str
    fields: dict[str, dict]
    secure: bool = True
    iframe: dict = field(default_factory=dict)  # the <iframe> element's id, name, title, allow, src
    before: int = 0  # how many of the parent document's fields precede this frame's element


@dataclass
class LivePage:
    url: str
    origin: str
    frames: list[LiveFrame] = field(default_factory=list)
    secure: bool = True  # the top page is a secure context (https or loopback)

    def descriptors(self) -> list[FieldDescriptor]:
        """Every field in document order: a frame's fields sit where its iframe element is, as
        static extraction lists the fields of `srcdoc` frames (SPEC: fields in document order)."""
        own: dict[tuple[int, ...], list[FieldDescriptor]] = {}
        children: dict[tuple[int, ...], list[LiveFrame]] = {}
        for fr in self.frames:
            descs = extract_html(fr.html, url=fr.url, frame=fr.path, live=fr.fields)
            for d in descs:
                d.frame_origin = fr.origin
            own[tuple(fr.path)] = descs
            if fr.path:
                children.setdefault(tuple(fr.path[:-1]), []).append(fr)
        out: list[FieldDescriptor] = []

        def emit(path: tuple[int, ...]) -> None:
            subs = sorted(children.get(path, []), key=lambda f: (f.before, f.path[-1]))
            for d in own.get(path, []):
                while subs and subs[0].before <= _key_pos(d):
                    emit(tuple(subs.pop(0).path))
                out.append(d)
            for sub in subs:
                emit(tuple(sub.path))

        if self.frames:
            emit(tuple(self.frames[0].path))
        for i, d in enumerate(out):
            d.index = i
        return out


def _key_pos(d: FieldDescriptor) -> int:
    """A live field's position among its document's fields (its key is its registration order)."""
    try:
        return int(d.key or 0)
    except ValueError:
        return 0


def switch_to_frame(driver: Any, path: Sequence[int]) -> bool:
    """Make the document at `path` (iframe indexes, top first, as SPEC's `frame`) the current
    browsing context; False when that frame is gone."""
    from selenium.common.exceptions import WebDriverException

    driver.switch_to.default_content()
    try:
        for i in path:
            el = driver.execute_script("return document.querySelectorAll('iframe,frame')[arguments[0]] || null", i)
            if el is None:
                return False
            driver.switch_to.frame(el)
    except WebDriverException:
        return False
    return True


def capture(driver: Any, max_opaque: int = 6) -> LivePage:
    """Every document of the page, serialised with its fields' live state."""
    driver.switch_to.default_content()
    raw = driver.execute_script(_script("live.js"), {"path": [], "keyAttr": KEY_ATTR})
    frames = [LiveFrame(**f) for f in raw["frames"]]
    top = frames[0]
    pending = list(raw.get("opaque", []))[:max_opaque]
    while pending:
        op = pending.pop(0)
        try:
            if not switch_to_frame(driver, op["path"]):
                continue
            sub = driver.execute_script(_script("live.js"), {"path": op["path"], "keyAttr": KEY_ATTR,
                                                              "visible": op.get("visible", True),
                                                              "iframe": op.get("iframe", {}),
                                                              "before": op.get("before", 0)})
        except Exception:
            continue
        frames.extend(LiveFrame(**f) for f in sub["frames"])
        pending.extend(sub.get("opaque", [])[: max(0, max_opaque - len(frames))])
    driver.switch_to.default_content()
    frames.sort(key=lambda f: f.path)
    return LivePage(url=top.url, origin=top.origin, frames=frames, secure=top.secure)


def extract_live(driver: Any) -> list[FieldDescriptor]:
    return capture(driver).descriptors()
