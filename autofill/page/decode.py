"""Turning page bytes into text: BOM, then a declared charset, then UTF-8, then cp1252."""
from __future__ import annotations

import codecs
import re

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_html(data: bytes | str) -> str:
    """Page text from bytes whatever they claim; never raises on undecodable input."""
    if isinstance(data, str):
        return _XML_DECL.sub("", data, count=1)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _XML_DECL.sub("", data[len(bom):].decode(enc, errors="replace"), count=1)
    m = _META.search(data[:4096])
    candidates = []
    if m:
        try:
            candidates.append(codecs.lookup(m.group(1).decode("ascii", "ignore")).name)
        except LookupError:
            pass
    candidates += ["utf-8", "cp1252"]
    for enc in candidates:
        try:
            text = data.decode(enc)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:  # pragma: no cover - cp1252 with errors=replace below always succeeds
        text = data.decode("cp1252", errors="replace")
    return _XML_DECL.sub("", text, count=1)


def looks_binary(data: bytes) -> bool:
    """True for bytes no browser would render as a page (images, archives, executables)."""
    head = data[:2048]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return ctrl / len(head) > 0.1
