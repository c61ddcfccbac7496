"""What the browser adds to a statically parsed field: computed visibility, box, current value."""
from __future__ import annotations

from .descriptor import Box, FieldDescriptor


def merge_live(desc: FieldDescriptor, key: str, info: dict) -> None:
    desc.key = key
    desc.visible = bool(info.get("visible", False))
    box = info.get("box")
    if box:
        desc.box = Box(x=box[0], y=box[1], width=box[2], height=box[3])
    if "value" in info and info["value"] is not None:
        desc.value = str(info["value"])[:200]
    if "checked" in info and info["checked"] is not None:
        desc.checked = bool(info["checked"])
    if info.get("type"):
        desc.input_type = str(info["type"]).lower() if desc.tag == "input" else desc.input_type
    sel = info.get("selectedIndex")
    if sel is not None and desc.options:
        for i, opt in enumerate(desc.options):
            opt.selected = i == sel
