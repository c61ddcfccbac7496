"""The public field record: SPEC's `classify --json` entry, a pydantic model at the boundary."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

Source = Literal["autocomplete", "rules", "model"]


class Field(BaseModel):
    model_config = ConfigDict(extra="forbid")

    frame: list[int]
    form: Optional[int]
    index: int
    tag: str
    input_type: str
    id: str
    name: str
    label: str
    placeholder: str
    autocomplete: str
    visible: bool
    prediction: str
    section: Optional[Literal["shipping", "billing"]]
    part: Optional[int]
    confidence: float
    source: Source
