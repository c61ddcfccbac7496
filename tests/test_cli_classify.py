"""`autofill classify`: exact types on three small bundled pages (tests/pages/), one-line errors
with exit 2 for every kind of bad target, and the browser mode on a local page.

The command runs in-process through `autofill.cli.main` (the entry point the installed command
uses, with its error handling) for speed; one test runs `python cli.py` as a real process.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Iterator, Optional

import pytest

from autofill.cli import main

from pagesrv import serve  # tests/ is on sys.path (rootdir conftest)

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).resolve().parent / "pages"


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = capsys.readouterr()
    return code, out, err


_CACHE: dict[str, dict] = {}


def classify_static(capsys: pytest.CaptureFixture, page: str) -> dict:
    if page not in _CACHE:
        code, out, err = run(capsys, "classify", str(PAGES / page), "--static", "--json")
        assert code == 0, err
        _CACHE[page] = json.loads(out)
    return _CACHE[page]


def field(capsys: pytest.CaptureFixture, page: str, name: str) -> dict:
    matches = [f for f in classify_static(capsys, page)["fields"] if f["name"] == name]
    assert len(matches) == 1, f"{name} listed {len(matches)} times"
    return matches[0]


# (name, type, section or "any", part)
CHECKOUT_EN = [
    ("q", "unknown", None, None),
    ("email", "email", "any", None),
    ("phone", "tel", "any", None),
    ("first_name", "given-name", "shipping", None),
    ("last_name", "family-name", "shipping", None),
    ("address1", "address-line1", "shipping", None),
    ("address2", "address-line2", "shipping", None),
    ("city", "address-level2", "shipping", None),
    ("state", "address-level1", "shipping", None),
    ("zip", "postal-code", "shipping", None),
    ("country", "country", "shipping", None),
    ("cc_name", "cc-name", None, None),
    ("cc_number", "cc-number", None, None),
    ("cc_exp", "cc-exp", None, None),
    ("cc_cvc", "cc-csc", None, None),
    ("coupon", "unknown", None, None),
    ("newsletter", "unknown", None, None),
]

ADDRESS_DE = [
    ("anrede", "honorific-prefix", "any", None),
    ("vorname", "given-name", "shipping", None),
    ("nachname", "family-name", "shipping", None),
    ("firma", "organization", "shipping", None),
    ("strasse", "address-line1", "shipping", None),
    ("plz", "postal-code", "shipping", None),
    ("ort", "address-level2", "shipping", None),
    ("land", "country", "shipping", None),
    ("telefon", "tel", "any", None),
    ("email", "email", "any", None),
]

PAYMENT_SPLIT = [
    ("holder", "cc-name", None, None),
    ("ccnum1", "cc-number", None, 1),
    ("ccnum2", "cc-number", None, 2),
    ("ccnum3", "cc-number", None, 3),
    ("ccnum4", "cc-number", None, 4),
    ("exp_month", "cc-exp-month", None, None),
    ("exp_year", "cc-exp-year", None, None),
    ("cvv", "cc-csc", None, None),
]


def _check(f: dict, typ: str, section: Optional[str], part: Optional[int]) -> None:
    assert f["prediction"] == typ
    if section != "any":
        assert f["section"] == section
    assert f["part"] == part


@pytest.mark.parametrize("name, typ, section, part", CHECKOUT_EN)
def test_checkout_en(capsys, name, typ, section, part) -> None:
    _check(field(capsys, "checkout_en.html", name), typ, section, part)


@pytest.mark.parametrize("name, typ, section, part", ADDRESS_DE)
def test_address_de(capsys, name, typ, section, part) -> None:
    _check(field(capsys, "address_de.html", name), typ, section, part)


@pytest.mark.parametrize("name, typ, section, part", PAYMENT_SPLIT)
def test_payment_split(capsys, name, typ, section, part) -> None:
    _check(field(capsys, "payment_split.html", name), typ, section, part)


@pytest.mark.parametrize("page, expected", [
    ("checkout_en.html", [n for n, *_ in CHECKOUT_EN]),
    ("address_de.html", [p.values[0] if hasattr(p, "values") else p[0] for p in ADDRESS_DE]),
    ("payment_split.html", [n for n, *_ in PAYMENT_SPLIT]),
])
def test_listing_and_json_shape(capsys, page: str, expected: list[str]) -> None:
    r = classify_static(capsys, page)
    assert r["mode"] == "static"
    assert r["target"] == str(PAGES / page)
    assert isinstance(r["elapsed_ms"], float)
    assert [f["name"] for f in r["fields"]] == expected  # hidden and button inputs are not listed
    assert [f["index"] for f in r["fields"]] == list(range(len(expected)))
    keys = {"frame", "form", "index", "tag", "input_type", "id", "name", "label", "placeholder", "autocomplete",
            "visible", "prediction", "section", "part", "confidence", "source"}
    for f in r["fields"]:
        assert set(f) == keys
        assert f["frame"] == [] and f["visible"] is True
        assert f["source"] in ("autocomplete", "rules", "model")
        assert 0.0 <= f["confidence"] <= 1.0


def test_checkout_forms_are_told_apart(capsys) -> None:
    r = classify_static(capsys, "checkout_en.html")
    assert {f["name"]: f["form"] for f in r["fields"]}["q"] == 0  # the header search form
    assert {f["form"] for f in r["fields"] if f["name"] != "q"} == {1}


def test_table_output(capsys) -> None:
    code, out, err = run(capsys, "classify", str(PAGES / "payment_split.html"), "--static")
    assert code == 0 and err == ""
    assert "cc-number" in out and "ccnum4" in out and "cc-exp-year" in out


# --- bad input --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def odd_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("odd")
    (root / "ok.html").write_text((PAGES / "checkout_en.html").read_text(encoding="utf-8"), encoding="utf-8")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    extra = {"/image.png": ("image/png", png), "/data.json": ("application/json", b'{"fields": []}')}
    with serve(root, extra=extra) as url:
        yield url


def _bad(capsys, target: str, *extra: str) -> str:
    code, out, err = run(capsys, "classify", target, "--static", "--json", *extra)
    lines = err.splitlines()
    assert code == 2, (code, err)
    assert len(lines) == 1, err
    assert lines[0].startswith("autofill: ")
    assert "Traceback" not in err and out == ""
    return lines[0]


def test_missing_file(capsys, tmp_path: Path) -> None:
    assert "no such file" in _bad(capsys, str(tmp_path / "nope.html"))


def test_directory(capsys, tmp_path: Path) -> None:
    assert "directory" in _bad(capsys, str(tmp_path))


def test_binary_file(capsys, tmp_path: Path) -> None:
    p = tmp_path / "blob.html"
    p.write_bytes(bytes(range(256)) * 64)
    assert "not an HTML page" in _bad(capsys, str(p))


def test_unreachable_url(capsys) -> None:
    assert "cannot reach" in _bad(capsys, "http://127.0.0.1:9/", "--timeout", "5")


@pytest.mark.parametrize("path, ctype", [("/image.png", "image/png"), ("/data.json", "application/json")])
def test_non_html_url(capsys, odd_server: str, path: str, ctype: str) -> None:
    line = _bad(capsys, odd_server + path)
    assert "not an HTML page" in line and ctype in line


def test_http_error(capsys, odd_server: str) -> None:
    assert "404" in _bad(capsys, odd_server + "/missing.html")


def test_static_url_works(capsys, odd_server: str) -> None:
    code, out, err = run(capsys, "classify", odd_server + "/ok.html", "--static", "--json")
    assert code == 0, err
    assert [f["prediction"] for f in json.loads(out)["fields"]][:3] == ["unknown", "email", "tel"]


def test_real_process_one_line_error(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "cli.py", "classify", str(tmp_path / "missing.html"), "--static"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("autofill: no such file")


# --- browser mode -----------------------------------------------------------------------------
def test_browser_mode_json(capsys, odd_server: str) -> None:
    code, out, err = run(capsys, "classify", odd_server + "/ok.html", "--json", "--timeout", "30")
    assert code == 0, err
    r = json.loads(out)
    assert r["mode"] == "browser"
    static = classify_static(capsys, "checkout_en.html")
    assert [(f["name"], f["prediction"], f["visible"]) for f in r["fields"]] == \
        [(f["name"], f["prediction"], True) for f in static["fields"]]


def test_browser_mode_non_html_url(capsys, odd_server: str) -> None:
    code, out, err = run(capsys, "classify", odd_server + "/data.json", "--json", "--timeout", "30")
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith("autofill: ")
