"""What a page's structured data says about its product: JSON-LD, microdata, RDFa and OpenGraph,
read by extruct from the already-parsed tree (one parse per page).

Shops publish schema.org `Product`/`Offer` data for search engines, and it is often right and
always cheap to read; but it can be stale, another variant's, or a recommendation's. So this
module only reports what the data claims, with where it came from; `extract` accepts a claimed
price only when the page shows that amount too. RDFa goes through pyRdfa, which is slow, so it
is read only when the page carries RDFa attributes at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Optional

AVAILABILITY = {"instock": "InStock", "outofstock": "OutOfStock", "soldout": "OutOfStock",
                "discontinued": "OutOfStock", "preorder": "PreOrder", "presale": "PreOrder",
                "backorder": "InStock", "limitedavailability": "InStock", "onlineonly": "InStock",
                "instoreonly": "InStock", "in stock": "InStock", "out of stock": "OutOfStock",
                "available for order": "InStock", "preorder ": "PreOrder"}


@dataclass
class Claims:
    """Each attribute's claimed values, best first, as (value, source)."""
    title: list[tuple[str, str]] = field(default_factory=list)
    prices: list[tuple[Decimal, str]] = field(default_factory=list)
    currency: list[tuple[str, str]] = field(default_factory=list)
    availability: list[tuple[str, str]] = field(default_factory=list)
    sku: list[tuple[str, str]] = field(default_factory=list)
    brand: list[tuple[str, str]] = field(default_factory=list)
    image: list[tuple[str, str]] = field(default_factory=list)
    is_product: bool = False  # a schema.org Product (or og:type product) is declared


def _types(item: dict) -> list[str]:
    t = item.get("@type", item.get("type"))
    out = t if isinstance(t, list) else [t]
    return [str(x).rsplit("/", 1)[-1].lower() for x in out if x]


def _walk(data: Any) -> Iterable[dict]:
    """Every dict in a JSON-LD or microdata structure (graphs, lists, nested entities)."""
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            yield x
            stack.extend(v for v in x.values() if isinstance(v, (dict, list)))
        elif isinstance(x, list):
            stack.extend(reversed(x))


def _props(item: dict) -> dict:
    """Microdata keeps properties under "properties"; JSON-LD on the item itself."""
    return item.get("properties", item) if isinstance(item.get("properties"), dict) else item


def _text(v: Any) -> Optional[str]:
    if isinstance(v, list):
        v = v[0] if v else None
    if isinstance(v, dict):
        v = _props(v)
        v = v.get("name") or v.get("url") or v.get("@id") or v.get("contentUrl")
        return _text(v)
    if v is None or isinstance(v, bool):
        return None
    s = " ".join(str(v).split())
    return s or None


def _decimal(v: Any) -> Optional[Decimal]:
    s = _text(v)
    if not s:
        return None
    s = s.replace(" ", "").replace("\u00a0", "")
    if "," in s and "." not in s:
        s = s.replace(",", ".") if len(s.rsplit(",", 1)[1]) != 3 else s.replace(",", "")
    s = s.replace(",", "")
    try:
        d = Decimal(s)
    except InvalidOperation:
        from .money import parse_price

        d, _ = parse_price(s)
    return d if d is not None and d.is_finite() and d > 0 else None


def _availability(v: Any) -> Optional[str]:
    s = _text(v)
    if not s:
        return None
    key = s.rsplit("/", 1)[-1].strip().lower().replace("_", "")
    return AVAILABILITY.get(key) or AVAILABILITY.get(s.strip().lower())


def _offers(p: dict) -> list[dict]:
    offers = p.get("offers") or p.get("offer") or []
    offers = offers if isinstance(offers, list) else [offers]
    out = []
    for o in offers:
        if isinstance(o, dict):
            o = _props(o)
            out.append(o)
            nested = o.get("offers")
            if nested:  # AggregateOffer holding Offers
                out.extend(_props(x) for x in (nested if isinstance(nested, list) else [nested]) if isinstance(x, dict))
    return out


def _add_product(claims: Claims, p: dict, source: str) -> None:
    claims.is_product = True
    for key in ("name",):
        if _text(p.get(key)):
            claims.title.append((_text(p[key]), source))
    for key in ("sku", "productID", "mpn"):
        if _text(p.get(key)):
            claims.sku.append((_text(p[key]), source))
    if _text(p.get("brand")):
        claims.brand.append((_text(p["brand"]), source))
    if _text(p.get("image")):
        claims.image.append((_text(p["image"]), source))
    for o in _offers(p):
        for key in ("price", "lowPrice"):
            d = _decimal(o.get(key))
            if d is not None:
                claims.prices.append((d, source))
                break
        else:
            spec = o.get("priceSpecification")
            spec = spec[0] if isinstance(spec, list) and spec else spec
            if isinstance(spec, dict) and _decimal(_props(spec).get("price")) is not None:
                claims.prices.append((_decimal(_props(spec)["price"]), source))
        if _text(o.get("priceCurrency")):
            claims.currency.append((_text(o["priceCurrency"]).upper(), source))
        if _availability(o.get("availability")):
            claims.availability.append((_availability(o["availability"]), source))
        if _text(o.get("sku")):
            claims.sku.append((_text(o["sku"]), source))


def read_claims(root: Any, url: Optional[str] = None) -> Claims:
    """Structured claims of an lxml.html document; a syntax extruct cannot read is skipped."""
    from extruct.jsonld import JsonLdExtractor
    from extruct.opengraph import OpenGraphExtractor
    from extruct.w3cmicrodata import MicrodataExtractor

    claims = Claims()
    syntaxes: list[tuple[str, Any]] = [
        ("json-ld", lambda: JsonLdExtractor().extract_items(root)),
        ("microdata", lambda: MicrodataExtractor().extract_items(root, url)),
    ]
    if root.xpath("boolean(//*[@typeof or @vocab][not(self::html)])"):
        from extruct.rdfa import RDFaExtractor

        syntaxes.append(("rdfa", lambda: _rdfa_items(RDFaExtractor().extract_items(root, base_url=url or ""))))
    for source, run in syntaxes:
        try:
            items = list(run())
        except Exception:  # a broken JSON-LD block or odd markup must not lose the page
            continue
        for item in _walk(items):
            if "product" in _types(item) or any(t in ("car", "vehicle", "book", "individualproduct", "productmodel")
                                                 for t in _types(item)):
                _add_product(claims, _props(item), source)
    try:
        og = list(OpenGraphExtractor().extract_items(root))
    except Exception:
        og = []
    for item in og:
        props = dict((k, v) for k, v in item.get("properties", []))
        if str(props.get("og:type", "")).lower().startswith("product"):
            claims.is_product = True
        if props.get("og:title"):
            claims.title.append((_text(props["og:title"]), "opengraph"))
        if props.get("og:image"):
            claims.image.append((_text(props["og:image"]), "opengraph"))
        for key in ("product:price:amount", "og:price:amount"):
            if _decimal(props.get(key)) is not None:
                claims.prices.append((_decimal(props[key]), "opengraph"))
        for key in ("product:price:currency", "og:price:currency"):
            if _text(props.get(key)):
                claims.currency.append((_text(props[key]).upper(), "opengraph"))
        for key in ("product:availability", "og:availability"):
            if _availability(props.get(key)):
                claims.availability.append((_availability(props[key]), "opengraph"))
        if props.get("product:brand"):
            claims.brand.append((_text(props["product:brand"]), "opengraph"))
    return claims


def _rdfa_items(items: list[dict]) -> list[dict]:
    """pyRdfa's expanded JSON-LD ({"@type": [iri], iri: [{"@value"}]}) as plain schema.org dicts."""
    out = []
    for item in items:
        plain: dict[str, Any] = {"@type": item.get("@type", [])}
        for k, v in item.items():
            if k.startswith("@"):
                continue
            name = k.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            vals = [x.get("@value", x.get("@id")) if isinstance(x, dict) else x for x in (v if isinstance(v, list) else [v])]
            plain[name] = vals[0] if len(vals) == 1 else vals
        out.append(plain)
    return out
