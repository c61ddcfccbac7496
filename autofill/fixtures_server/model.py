"""The site format (fixtures/README.md) as pydantic models, so a typo in a site.yaml fails loudly
at load instead of as a puzzling walk."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..types import ALL_LABELS, PAGE_KINDS
from ..core.paths import FIXTURES_DIR

SITES_DIR = FIXTURES_DIR / "sites"
COMMON_DIR = FIXTURES_DIR / "common"


class Product(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slug: str
    name: str
    sku: str
    price: Decimal
    in_stock: bool = True  # `${stock_text}` on pages that show it; moved by POST /_fixtures/product


class ShippingMethod(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    label: str
    price: Decimal


class View(BaseModel):
    """One step of several shown behind one URL (a single-page checkout): saved through the JSON
    API (`POST /<site>/api/checkout/<name>`), validated and merged as a form step's POST is."""

    model_config = ConfigDict(extra="forbid")
    name: str
    kind: str
    title: str = ""
    validate_: list[dict[str, Any]] = Field(default_factory=list, alias="validate")
    messages: dict[str, str] = Field(default_factory=dict)
    field_labels: dict[str, str] = Field(default_factory=dict)
    place_order: bool = False

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in PAGE_KINDS:
            raise ValueError(f"unknown page kind {v!r}")
        return v


class Step(View):
    """A page of the flow at its own URL; `views` lists the steps a script shows behind it."""

    name: str = ""
    path: str
    template: str
    views: list[View] = Field(default_factory=list)


class Delays(BaseModel):
    model_config = ConfigDict(extra="forbid")
    place_order: float = 0.0
    reveal: float = 0.0
    save: float = 0.0  # a JSON step save (the shop "saving" while its form is disabled)


class LabelField(BaseModel):
    model_config = ConfigDict(extra="forbid")
    selector: str
    type: str
    section: Optional[Literal["shipping", "billing"]] = None
    part: Optional[int] = None
    frame: list[str] = Field(default_factory=list)
    shadow: list[str] = Field(default_factory=list)
    trap: bool = False
    fill: Optional[str] = None
    widget: Optional[Literal["listbox", "combobox"]] = None  # the visible control of a script widget
    choose: bool = False   # a radio/checkbox the shopper clicks (the cheaper delivery, …)
    late: bool = False     # appears only once the fields before it are filled (and saved)

    @field_validator("type")
    @classmethod
    def _type(cls, v: str) -> str:
        if v not in ALL_LABELS:
            raise ValueError(f"unknown field type {v!r}")
        return v


class LabelPage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str
    kind: str
    view: Optional[str] = None   # several steps behind one URL: CSS selector shown only on this one
    before: list[str] = Field(default_factory=list)  # clicked first when shown (a cookie banner)
    next: Optional[str] = None
    then: list[str] = Field(default_factory=list)    # clicked in order after `next` (a dialog's "View cart")
    fields: list[LabelField] = Field(default_factory=list)


class Labels(BaseModel):
    model_config = ConfigDict(extra="forbid")
    site: str
    language: str
    start: str
    pages: list[LabelPage]
    expected_order: dict[str, Any]


class Site(BaseModel):
    """One fixture shop: its behaviour (site.yaml) and its ground truth (labels.yaml)."""

    model_config = ConfigDict(extra="forbid")
    site: str
    title: str
    language: str
    currency: str
    currency_symbol: str = ""
    money_format: str = "{symbol}{amount}"
    decimal_comma: bool = False
    order_prefix: str = ""
    product: Product
    shipping_methods: list[ShippingMethod]
    shipping_field: str = "shipping_method"
    shipping_methods_after: list[str] = Field(default_factory=list)  # API: no methods until these are saved
    rendered: Literal["server", "client"] = "server"  # client: a script builds the pages (render_static = shell)
    qty_field: str = "qty"
    delays: Delays = Field(default_factory=Delays)
    country_values: dict[str, str] = Field(default_factory=dict)
    steps: list[Step]
    extra_pages: dict[str, str] = Field(default_factory=dict)
    order: dict[str, Any]
    labels: Labels
    dir: Path

    @property
    def start(self) -> str:
        return self.labels.start

    def step(self, path: str) -> Optional[Step]:
        return next((s for s in self.steps if s.path == path), None)

    def step_index(self, path: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.path == path)

    def view(self, name: str) -> Optional[tuple[Step, View]]:
        """The step whose URL shows the view `name`, and the view."""
        return next(((s, v) for s in self.steps for v in s.views if v.name == name), None)

    def flow(self) -> list[tuple[str, str]]:
        """(path, kind) of every step a shopper sees, views expanded: what labels.yaml lists."""
        return [(s.path, v.kind) for s in self.steps for v in (s.views or [s])]

    def rules(self) -> list[dict[str, Any]]:
        """Every validation rule of every step and view."""
        return [r for s in self.steps for part in (s, *s.views) for r in part.validate_]

    def money(self, amount: Decimal) -> str:
        text = f"{amount:.2f}"
        if self.decimal_comma:
            text = text.replace(".", ",")
        return self.money_format.format(symbol=self.currency_symbol, amount=text, code=self.currency)


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_site(folder: Union[str, Path]) -> Site:
    folder = Path(folder)
    data = _read_yaml(folder / "site.yaml")
    data["labels"] = _read_yaml(folder / "labels.yaml")
    data["dir"] = folder
    try:
        site = Site.model_validate(data)
    except Exception as exc:
        raise ValueError(f"{folder.name}: bad site.yaml/labels.yaml: {exc}") from None
    if site.site != folder.name or site.labels.site != folder.name:
        raise ValueError(f"{folder.name}: 'site' must equal the folder name")
    return site


def load_sites(root: Union[str, Path, None] = None) -> list[Site]:
    """Every site under fixtures/sites, in name order (a new folder is picked up by itself)."""
    base = Path(root) if root else SITES_DIR
    return [load_site(p) for p in sorted(base.iterdir()) if (p / "site.yaml").is_file()]
