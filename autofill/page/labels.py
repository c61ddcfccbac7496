"""Label inference shared by static and live extraction: cleaning text and choosing the label a
person would read for a field."""
from __future__ import annotations

import re

from .descriptor import FieldDescriptor

_WS = re.compile(r"\s+")
_EDGE = re.compile(r"^[\s:*•·|\-–—]+|[\s:*•·|\-–—]+$")

# The order a person's eye takes: an explicit label, then text that names it in other ways.
LABEL_PRIORITY = ("label_for", "label_wrap", "aria_labelledby", "aria_label", "text_before", "legend_only",
                  "title", "text_after")


def clean(text: str | None) -> str:
    """One line of text without layout whitespace, required-markers or trailing colons."""
    if not text:
        return ""
    t = _WS.sub(" ", text).strip()
    return _EDGE.sub("", t) if len(t) < 300 else t[:300]


def cut_before(text: str, limit: int = 100) -> str:
    """The end of a run of text preceding a field: that is what sits next to it."""
    t = clean(text)
    return t if len(t) <= limit else clean(t[-limit:])


def cut_after(text: str, limit: int = 100) -> str:
    t = clean(text)
    return t if len(t) <= limit else clean(t[:limit])


def best_label(desc: FieldDescriptor) -> str:
    labels = desc.labels
    for src in LABEL_PRIORITY:
        v = labels.get(src)
        if v and (src != "text_after" or desc.input_type in ("checkbox", "radio")):
            return v
    return ""
