"""SPEC's `dry-run --json` / `buy --json` record: what the walk did, step by step."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field as PField, PrivateAttr

Status = Literal["placed", "dry_run", "blocked", "failed"]


class Filled(BaseModel):
    name: str
    prediction: str
    value: str  # masked for card number, CVC and passwords
    section: Optional[str] = None
    method: Optional[str] = None  # js | keys
    # A choice the engine made (prediction "shipping method" / "payment method"; value its label):
    # what the delivery option costs as read from the page, and which payment method it is.
    price: Optional[str] = None
    payment_method: Optional[str] = None


class Step(BaseModel):
    url: str
    kind: str
    filled: list[Filled] = PField(default_factory=list)
    clicked: Optional[str] = None
    errors: list[str] = PField(default_factory=list)  # validation messages the page showed
    elapsed_ms: Optional[float] = None
    screenshot: Optional[str] = None


class PurchaseResult(BaseModel):
    status: Status
    order_reference: Optional[str] = None
    total: Optional[str] = None
    currency: Optional[str] = None
    reason: Optional[str] = None
    steps: list[Step] = PField(default_factory=list)
    elapsed_ms: Optional[float] = None
    # Not part of the JSON: what a batch needs to decide on a retry (flow/walk.py `purchase`).
    _session_lost: bool = PrivateAttr(default=False)
    _may_have_placed: bool = PrivateAttr(default=False)
