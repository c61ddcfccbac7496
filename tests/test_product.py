"""Product pages: exact title, price, currency, availability, SKU and buy button on every fixture
shop's product page (ground truth in fixtures/sites/<site>/product.yaml), read statically and in a
real browser; the money guards; the rule file's validation; and `autofill product` (exit codes,
--json shape, no product → 1, a broken or unreachable target → one line, 2).

Nothing here needs ../shared: the pages are the fixture shops and small HTML written below.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from autofill import Engine
from autofill.cli import main
from autofill.core.paths import FIXTURES_DIR
from autofill.fixtures_server import load_sites, render_static

SITES = [s for s in load_sites() if (FIXTURES_DIR / "sites" / s.site / "product.yaml").is_file()]
ENGINE = Engine()


def expected(site: str) -> dict:
    return yaml.safe_load((FIXTURES_DIR / "sites" / site / "product.yaml").read_text(encoding="utf-8"))


def product_path(site) -> str:
    return next(s.path for s in site.steps if s.kind == "product")


def check(product, truth: dict) -> None:
    assert product is not None
    got = {"title": product.title, "price": product.price, "currency": product.currency,
           "availability": product.availability, "sku": product.sku,
           "add_to_cart": product.add_to_cart.text if product.add_to_cart else None}
    want = {k: truth.get(k) for k in got}
    assert got == want


def test_every_fixture_shop_has_product_truth() -> None:
    assert len(SITES) >= 15


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.site)
def test_static_product_page(site) -> None:
    path = product_path(site)
    product = ENGINE.extract_product_html(render_static(site.site, path), url=f"http://127.0.0.1:1/{site.site}{path}")
    check(product, expected(site.site))
    assert product.regular_price is None
    assert product.sources["price"] in ("json-ld", "microdata", "opengraph", "rules", "model")


def test_live_product_pages(fixture_server, driver) -> None:
    """All shops in one browser session: the visual features come from the rendered page."""
    from autofill.flow.navigate import open_page
    from autofill.flow.wait import settle
    from autofill.product.live import extract_live_product

    wrong = {}
    for site in SITES:
        open_page(driver, fixture_server.start_url(site.site))
        settle(driver)
        product = extract_live_product(driver)
        try:
            check(product, expected(site.site))
        except AssertionError:
            wrong[site.site] = product.model_dump() if product else None
    assert wrong == {}


def test_live_add_to_cart_index_is_a_clickable(fixture_server, driver) -> None:
    from autofill.flow.navigate import open_page
    from autofill.product.live import extract_live_product

    open_page(driver, fixture_server.start_url("shopify-like"))
    product = extract_live_product(driver)
    text = driver.execute_script(
        "var c=[].filter.call(document.querySelectorAll('button,a,input,[role=button]'),"
        "function(e){return e.tagName!=='INPUT'||/^(submit|button|image)$/i.test(e.type)});"
        "return (c[arguments[0]].innerText||c[arguments[0]].value).trim()", product.add_to_cart.index)
    assert text == product.add_to_cart.text


SALE = """<html lang="en-GB"><head><title>Canvas Tote Bag | Acme</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Canvas Tote Bag",
"sku":"TOTE-001","brand":{"@type":"Brand","name":"Acme"},"image":"/img/tote.jpg",
"offers":{"@type":"Offer","price":"19.99","priceCurrency":"GBP","availability":"https://schema.org/InStock"}}</script>
</head><body><header class="site-header"><a class="minicart" href="/cart">Basket £5.00</a></header>
<main><h1>Canvas Tote Bag</h1><p class="price"><del>£24.99</del> <span class="price-now">£19.99</span></p>
<form><label for="c">Colour</label><select id="c" name="colour"><option>Natural</option><option>Black</option></select>
<button type="submit">Add to basket</button></form>
<section class="related-products"><h2>Customers also bought</h2><span class="price">£9.99</span></section></main></body></html>"""


def test_sale_price_structured_data_and_variants() -> None:
    p = ENGINE.extract_product_html(SALE, url="https://shop.example/tote")
    assert (p.title, p.price, p.currency, p.regular_price, p.availability, p.sku, p.brand) == \
        ("Canvas Tote Bag", "19.99", "GBP", "24.99", "InStock", "TOTE-001", "Acme")
    assert p.image == "https://shop.example/img/tote.jpg"
    assert p.sources["price"] == "json-ld" and p.sources["availability"] == "json-ld"
    assert p.add_to_cart.text == "Add to basket"
    assert [(v.name, v.options) for v in p.variants] == [("Colour", ["Natural", "Black"])]


def test_structured_price_the_page_does_not_show_loses_to_the_page() -> None:
    html = SALE.replace('"price":"19.99"', '"price":"99.00"')
    p = ENGINE.extract_product_html(html)
    assert p.price == "19.99" and p.sources["price"] in ("rules", "model")


@pytest.mark.parametrize("text, lang, amount", [
    ("Auf Lager", None, None), ("3.350 €", "de", Decimal("3350")), ("3.350", "en", Decimal("3.350")),
    ("1.234,56 €", "de", Decimal("1234.56")), ("-5,00 €", "de", None), ("− £5", "en", None),
    ("173,34 Lei", "ro", Decimal("173.34")), ("131 990 тг.", "ru", Decimal("131990")),
])
def test_price_parsing_guards(text, lang, amount) -> None:
    from autofill.product.money import parse_price

    assert parse_price(text, lang)[0] == amount


@pytest.mark.parametrize("symbol, country, code", [
    ("£", None, "GBP"), ("$", "CA", "CAD"), ("$", None, "USD"), ("kr", "NO", "NOK"), ("kr", None, "SEK"),
    ("EUR", None, "EUR"), ("zł", None, "PLN"), ("тг", None, "KZT"), ("R$", None, "BRL"), ("XYZ", None, None),
])
def test_currency_codes(symbol, country, code) -> None:
    from autofill.product.money import currency_code

    assert currency_code(symbol, country) == code


@pytest.mark.parametrize("text, value", [
    ("In stock", "InStock"), ("Auf Lager", "InStock"), ("Rupture de stock", "OutOfStock"), ("Agotado", "OutOfStock"),
    ("Derzeit nicht verfügbar.", "OutOfStock"), ("Not in stock", "OutOfStock"), ("Pre-order", "PreOrder"),
    ("Esaurito", "OutOfStock"), ("Free delivery on orders over £50", None),
])
def test_availability_phrases(text, value) -> None:
    from autofill.product.rules import availability_of

    assert availability_of(text) == value


def test_out_of_stock_page() -> None:
    html = ("<html lang='de'><body><h1>Espressomühle</h1><p class='price'>129,00 €</p>"
            "<p class='stock'>Derzeit nicht verfügbar</p><button disabled>In den Warenkorb</button></body></html>")
    p = ENGINE.extract_product_html(html)
    assert (p.price, p.currency, p.availability, p.add_to_cart) == ("129.00", "EUR", "OutOfStock", None)


def test_page_without_product() -> None:
    assert ENGINE.extract_product_html("<html><body><h1>About us</h1><p>Since 1999.</p></body></html>") is None
    assert ENGINE.extract_product_html("") is None


def test_rule_file_typo_is_one_line(tmp_path: Path) -> None:
    from autofill.errors import RuleFileError
    from autofill.core.paths import RULES_DIR
    from autofill.product.rules import compiled_rules

    bad = tmp_path / "product.yaml"
    bad.write_text((RULES_DIR / "product.yaml").read_text(encoding="utf-8").replace("  out_of_stock:", "  out_of_stok:", 1),
                   encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        compiled_rules(bad)
    assert "product.yaml" in str(err.value) and "out_of_stok" in str(err.value) and "\n" not in str(err.value)


# --- the command -------------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_static_json(capsys, tmp_path: Path) -> None:
    page = tmp_path / "tote.html"
    page.write_text(SALE, encoding="utf-8")
    code, out, err = run(capsys, "product", str(page), "--static", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"target", "mode", "elapsed_ms", "product"} and data["mode"] == "static"
    prod = data["product"]
    for key in ("title", "price", "currency", "regular_price", "availability", "sku", "brand", "image",
                "add_to_cart", "sources", "confidence"):
        assert key in prod
    assert (prod["price"], prod["currency"], prod["regular_price"]) == ("19.99", "GBP", "24.99")
    assert set(prod["add_to_cart"]) >= {"text", "frame", "index"} and prod["add_to_cart"]["frame"] == []


def test_cli_no_product_exit_1(capsys, tmp_path: Path) -> None:
    page = tmp_path / "about.html"
    page.write_text("<html><body><h1>About us</h1></body></html>", encoding="utf-8")
    code, out, err = run(capsys, "product", str(page), "--static")
    assert code == 1 and "no product" in out
    code, out, _ = run(capsys, "product", str(page), "--static", "--json")
    assert code == 1 and json.loads(out)["product"] is None


@pytest.mark.parametrize("target", ["/no/such/page.html", "http://127.0.0.1:9/p", "ftp://example.com/p"])
def test_cli_bad_target_one_line_exit_2(capsys, target: str) -> None:
    code, out, err = run(capsys, "product", target, "--static")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and err.startswith("autofill: ")


def test_cli_browser(capsys, fixture_server) -> None:
    code, out, err = run(capsys, "product", fixture_server.start_url("oxid-de"), "--json", "--timeout", "30")
    assert code == 0, err
    data = json.loads(out)
    assert data["mode"] == "browser"
    p = data["product"]
    assert (p["title"], p["price"], p["currency"], p["sku"]) == ("Espresso Bohnen Hafenblend, 1 kg", "24.90", "EUR", "KR-1000-ESP")


def test_runtime_imports_no_training_code_and_import_stays_light() -> None:
    """The product runtime never imports training code or the fixture world; `import autofill`
    loads neither extruct nor the model."""
    import subprocess
    import sys

    code = ("import sys, autofill, autofill.cli; assert 'extruct' not in sys.modules and 'sklearn' not in sys.modules; "
            "from autofill import Engine; Engine().extract_product_html('<h1>x</h1><p>£1.00</p><button>Add to cart</button>'); "
            "bad = [m for m in sys.modules if m.startswith(('autofill.training', 'autofill.fixtures_server'))]; "
            "assert not bad, bad")
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


def test_record_writes_a_starter_product_file_training_reads(tmp_path: Path) -> None:
    """`autofill record` saves the engine's reading as product.yaml; corrected, it is training data."""
    from autofill.record import starter_product
    from autofill.training.product import recorded_pages, rows

    url = "http://127.0.0.1:1/oxid-de/kaffee/espresso-bohnen-hafenblend-1-kg.html"
    html = render_static("oxid-de", "/kaffee/espresso-bohnen-hafenblend-1-kg.html")
    text = starter_product(html, url)
    truth = yaml.safe_load(text)
    assert (truth["price"], truth["currency"], truth["sku"]) == ("24.90", "EUR", "KR-1000-ESP")
    folder = tmp_path / "products" / "espresso"
    folder.mkdir(parents=True)
    (folder / "page.html").write_text(html, encoding="utf-8")
    (folder / "product.yaml").write_text(text, encoding="utf-8")
    [page] = recorded_pages(tmp_path / "products")
    features, labels = rows(page)
    assert sum(labels) >= 1 and len(features) == len(labels)
    assert starter_product("<html><body><p>Hello</p></body></html>", "http://x/") is None


# --- price error classes from the product-dev error analysis (issue #13), one small page each ---

def _candidates(html: str, url: str = "https://shop.example/p"):
    from autofill.product.candidates import price_candidates
    from autofill.product.extract import parse_document
    from autofill.product.page import build_page

    return price_candidates(build_page(parse_document(html), url))


LIST_PRICE_IN_WRAPPER = """<html><body><h1>Goose floss 250 g</h1>
<table><tr><td><strong>List price</strong> <font size="2"><del>$420</del></font></td></tr>
<tr><td><strong>Special</strong> <span>$294</span></td></tr></table>
<button>Add to cart</button></body></html>"""


def test_wrapper_of_a_struck_amount_is_struck() -> None:
    """<font><del>$420</del></font>: the wrapper reads the same amount and must not pass for a live price."""
    cands = [c for c in _candidates(LIST_PRICE_IN_WRAPPER) if c.amount == Decimal("420") and "294" not in c.text]
    assert len(cands) >= 2 and all(c.struck and c.features["struck"] == 1.0 for c in cands)
    assert ENGINE.extract_product_html(LIST_PRICE_IN_WRAPPER).price == "294"


def test_struck_child_does_not_strike_a_wrapper_with_its_own_amount() -> None:
    html = "<html><body><h1>Tee</h1><p class='price'><del>$20</del> $15</p></body></html>"
    wrapper = next(c for c in _candidates(html) if c.node.el.tag == "p")
    assert not wrapper.struck


def test_css_font_shorthand_sets_size_and_weight() -> None:
    """style="font:bold 27px Verdana" is how old table layouts make the price big."""
    from autofill.product.page import style_font

    assert style_font("font:bold 27px Verdana;color:#ff0000", 16.0, False) == (27.0, True)
    assert style_font("color:red; font: 12pt/1.2 Arial", 16.0, False) == (pytest.approx(16.0, abs=0.01), False)
    assert style_font("font-size: 20px; font: bold 10px Arial", 16.0, False) == (20.0, True)
    assert style_font("font-family: Arial", 18.0, True) == (18.0, True)


VARIANT_SWATCHES = """<html lang="de-DE"><body><h1>Bohrmaschine</h1>
<div class="sizes"><button><span>1000 W</span> <span class="price">92,99 €</span></button>
<button><span>1500 W</span> <span class="price">87,63 €</span></button></div>
<div><span class="color-price">99,12 €</span></div>
<button>In den Warenkorb</button></body></html>"""


def test_price_inside_a_variant_button_is_not_the_price() -> None:
    """Swatch buttons show each option's price; the page's own price stands outside them."""
    assert ENGINE.extract_product_html(VARIANT_SWATCHES, url="https://shop.example.de/p").price == "99.12"


@pytest.mark.parametrize("text", ["每期 $806", "建議售價 $420 元"])
def test_chinese_instalment_and_list_price_words(text: str) -> None:
    from autofill.product.page import quick_fold
    from autofill.product.rules import compiled_rules

    assert compiled_rules().not_price.search(quick_fold(text))
