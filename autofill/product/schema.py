"""The product a page shows, as SPEC's `product --json` prints it."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field

Availability = Literal["InStock", "OutOfStock", "PreOrder"]
Source = Literal["json-ld", "microdata", "rdfa", "opengraph", "rules", "model"]


class AddToCart(BaseModel):
    """The control that puts the product in the cart: its text, the frame path (`[]` for the top
    document) and its position among the page's clickables (buttons, submit inputs, links)."""
    text: str
    frame: list[int] = Field(default_factory=list)
    index: int


class Variant(BaseModel):
    """A choice the shopper must or may make (a size or colour select): reported, never guessed."""
    name: str
    options: list[str]
    selected: Optional[str] = None


class Product(BaseModel):
    title: Optional[str] = None
    price: Optional[str] = None
    currency: Optional[str] = None
    regular_price: Optional[str] = None
    availability: Optional[Availability] = None
    sku: Optional[str] = None
    brand: Optional[str] = None
    image: Optional[str] = None
    add_to_cart: Optional[AddToCart] = None
    variants: list[Variant] = Field(default_factory=list)
    sources: dict[str, Source] = Field(default_factory=dict)
    confidence: dict[str, float] = Field(default_factory=dict)


class ProductResult(BaseModel):
    target: str
    mode: Literal["browser", "static"]
    elapsed_ms: float
    product: Optional[Product]
