"""Labeled fields for training and evaluation: the project's fixtures and `../shared/datasets`.

Each page is extracted exactly as `classify` would extract it, so the model trains on the same
descriptors it will see; labels are then attached by the dataset's own locator scheme.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from ..page.descriptor import FieldDescriptor
from ..page.static import extract_html
from ..types import ALL_LABELS

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "datasets"


@dataclass
class LabeledPage:
    set: str
    site: str
    page: str
    descs: list[FieldDescriptor]
    expected: list[Optional[list[str]]]  # per desc: accepted types, None where unlabeled
    sections: Optional[list[Optional[str]]] = None


def shared_root(root: Optional[Path] = None) -> Optional[Path]:
    for cand in (root, SHARED, Path.cwd().parent / "shared" / "datasets"):
        if cand is not None and cand.exists():
            return cand
    return None


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _valid(types: list[str]) -> list[str]:
    return [t for t in types if t in ALL_LABELS]


def load_ddg(root: Path, name: str = "ddg-dev") -> Iterator[LabeledPage]:
    base = root / name
    rows = _read_jsonl(base / "labels.jsonl")
    by_page: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_page[r["page"]].append(r)
    for page, labels in sorted(by_page.items()):
        descs = extract_html((base / page).read_bytes())
        index: dict[tuple, list[int]] = defaultdict(list)
        for i, d in enumerate(descs):
            index[(d.tag, d.id, d.name)].append(i)
        expected: list[Optional[list[str]]] = [None] * len(descs)
        for r in labels:
            loc = r["locator"]
            hits = index.get((loc["tag"], loc.get("id") or "", loc.get("name") or ""), [])
            occ = loc.get("occurrence", 0)
            if occ < len(hits):
                expected[hits[occ]] = _valid(r["expected"])
        yield LabeledPage("ddg", labels[0]["site"], page, descs, expected)


def load_formasaurus(root: Path) -> Iterator[LabeledPage]:
    base = root / "formasaurus"
    rows = _read_jsonl(base / "labels.jsonl")
    by_page: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if not r.get("duplicate_form"):
            by_page[r["page"]].append(r)
    for page, labels in sorted(by_page.items(), key=lambda kv: int(kv[0].split("/")[-1].split(".")[0])):
        path = base / page
        if not path.exists():
            continue
        descs = extract_html(path.read_bytes())
        want = {(r["form_index"], r["field_name"]): _valid(r["expected"]) for r in labels}
        expected = [want.get((d.form, d.name)) if d.name else None for d in descs]
        yield LabeledPage("formasaurus", labels[0]["site"], page, descs, expected)


def load_fixtures() -> Iterator[LabeledPage]:
    """Fixture pages rendered server-side, labeled by labels.yaml's CSS selectors."""
    from lxml.cssselect import CSSSelector

    from ..fixtures_server import load_sites, render_static

    for site in load_sites():
        for page in site.labels.pages:
            html = render_static(site.site, page.path)
            els: list = []
            descs = extract_html(html, elements=els)
            expected: list[Optional[list[str]]] = [None] * len(descs)
            sections: list[Optional[str]] = [None] * len(descs)
            pos = {id(e): i for i, e in enumerate(els)}
            root = els[0].getroottree().getroot() if els else None
            if root is None:
                continue
            for f in page.fields:
                # Honeypots are tests of visibility, not of type: training on them as unknown
                # would teach the model that an email box is nothing.
                if getattr(f, "frame", None) or getattr(f, "trap", False):
                    continue
                try:
                    scope = [root]
                    for host in getattr(f, "shadow", None) or []:
                        scope = [h for s in scope for h in CSSSelector(host)(s)]
                    matches = [m for s in scope for m in CSSSelector(f.selector)(s)]
                except Exception:
                    continue
                for m in matches:
                    i = pos.get(id(m))
                    if i is not None:
                        expected[i] = [f.type]
                        sections[i] = getattr(f, "section", None)
            yield LabeledPage("fixtures", site.site, page.path, descs, expected, sections)


def load_all(sets: tuple[str, ...] = ("fixtures", "formasaurus", "ddg-dev"), root: Optional[Path] = None) -> list[LabeledPage]:
    pages: list[LabeledPage] = []
    shared = shared_root(root)
    if "fixtures" in sets:
        pages += list(load_fixtures())
    if shared is not None:
        if "formasaurus" in sets and (shared / "formasaurus").exists():
            pages += list(load_formasaurus(shared))
        if "ddg-dev" in sets and (shared / "ddg-dev").exists():
            pages += list(load_ddg(shared))
    return pages
