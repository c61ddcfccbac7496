"""Label inference shared by static and live extraction: cleaning text and choosing the label a
person would read for a field."""
from __future__ import annotations

from .descriptor import FieldDescriptor

# What `clean` trims from both ends once whitespace is collapsed to single spaces.
_EDGE_CHARS = " :*•·|-–—"

# The order a person's eye takes: an explicit label, then text that names it in other ways.
LABEL_PRIORITY = ("label_for", "label_wrap", "aria_labelledby", "aria_label", "text_before", "legend_only",
                  "title", "text_after")


def clean(text: str | None) -> str:
    """One line of text without layout whitespace, required-markers or trailing colons."""
    if not text:
        return ""
    # str.split() and regex \s agree on what whitespace is, and once runs are single spaces the
    # edge trim is a plain strip: the same result as two regex passes, at a fraction of the cost.
    t = " ".join(text.split())
    return t.strip(_EDGE_CHARS) if len(t) < 300 else t[:300]


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
