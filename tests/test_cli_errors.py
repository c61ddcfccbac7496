"""Bad input never crashes: unreachable and non-HTML targets, bad amounts, missing files, broken
rule files. Each ends as one `autofill: …` line on stderr and exit 2, never a traceback."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from clirun import run_cli as run  # tests/ is on sys.path (rootdir conftest)
from autofill.errors import RuleFileError
from autofill.fixtures_server.hostile import HostileServer

PROFILE = """email: sam.taylor@example.org
shipping: {given_name: Sam, family_name: Taylor, address_line1: 12 Harbour Road, city: Bristol,
           postal_code: BS1 4DJ, country: GB}
card: {name: Sam Taylor, number: "4242424242424242", exp_month: 11, exp_year: 2031, csc: "739"}
"""


@pytest.fixture(scope="module")
def srv() -> Iterator[HostileServer]:
    with HostileServer() as s:
        yield s


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("p") / "profile.yaml"
    p.write_text(PROFILE, encoding="utf-8")
    return p




def one_line_error(code: int, out: str, err: str) -> str:
    assert code == 2, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("autofill: "), err
    assert "Traceback" not in err and "4242424242424242" not in err + out
    return lines[0]


@pytest.mark.parametrize("command", ["dry-run", "classify"])
def test_unreachable_url(command, capsys, profile):
    extra = ["--profile", str(profile)] if command == "dry-run" else []
    line = one_line_error(*run(capsys, command, "http://127.0.0.1:9/", *extra, "--timeout", "10"))
    assert "127.0.0.1:9" in line


CONTENT_TYPES = {"image.png": "image/png", "data.json": "application/json", "doc.pdf": "application/pdf"}


@pytest.mark.parametrize("target", ["image.png", "data.json", "doc.pdf"])
@pytest.mark.parametrize("command", ["dry-run", "classify"])
def test_non_html_targets(command, target, capsys, profile, srv):
    extra = ["--profile", str(profile)] if command == "dry-run" else []
    line = one_line_error(*run(capsys, command, f"{srv.url}/{target}", *extra, "--timeout", "10"))
    assert line == f"autofill: {srv.url}/{target} is not an HTML page (Content-Type {CONTENT_TYPES[target]})", line


@pytest.mark.parametrize("target", ["image.png", "data.json", "doc.pdf"])
def test_non_html_targets_static(target, capsys, srv):
    line = one_line_error(*run(capsys, "classify", f"{srv.url}/{target}", "--static"))
    assert line == f"autofill: {srv.url}/{target} is not an HTML page (Content-Type {CONTENT_TYPES[target]})", line


def test_max_total_not_an_amount(capsys, profile, srv):
    line = one_line_error(*run(capsys, "buy", srv.start_url("plain"), "--profile", str(profile), "--max-total", "abc"))
    assert "--max-total" in line and "abc" in line


@pytest.mark.parametrize("amount,words", [("-5", "negative"), ("Infinity", "finite"), ("NaN", "finite"),
                                          ("$50", "several currencies"), ("50 XYZ", "unknown currency")])
def test_a_nonsense_max_total_is_one_line(capsys, profile, srv, amount, words):
    line = one_line_error(*run(capsys, "buy", srv.start_url("plain"), "--profile", str(profile), "--max-total", amount))
    assert line.startswith("autofill: --max-total") and words in line


def test_missing_profile_file(capsys, tmp_path, srv):
    line = one_line_error(*run(capsys, "dry-run", srv.start_url("plain"), "--profile", str(tmp_path / "nope.yaml")))
    assert "profile not found" in line


def test_missing_local_file_for_classify(capsys, tmp_path):
    line = one_line_error(*run(capsys, "classify", str(tmp_path / "nope.html"), "--static"))
    assert line == f"autofill: no such file: {tmp_path / 'nope.html'}", line


# ------------------------------------------------------------------------------ rule files
GOOD_RULE = """rules:
  - id: email
    type: email
    patterns:
      en: [email]
"""


@pytest.mark.parametrize("text, needle", [
    (GOOD_RULE.replace("type: email", "type: e-mail"), "unknown type"),
    (GOOD_RULE + "    colour: blue\n", "colour"),
    ("rules:\n  - id: [unclosed\n", "contact.yaml"),
    ("rules:\n  - id: email\n", "type"),
])
def test_rule_file_errors_are_one_line(tmp_path, text, needle):
    from autofill.classify.rules import load_rules

    (tmp_path / "contact.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rules(tmp_path)
    msg = str(info.value)
    assert "\n" not in msg and needle in msg and "contact.yaml" in msg, msg


def test_good_rule_file_loads(tmp_path):
    from autofill.classify.rules import load_rules

    from autofill.page.static import extract_html

    (tmp_path / "contact.yaml").write_text(GOOD_RULE, encoding="utf-8")
    rules = load_rules(tmp_path)
    assert [(r.id, r.type, Path(r.file).name) for r in rules.rules] == [("email", "email", "contact.yaml")]
    email, other = extract_html("<form><label for=a>Email</label><input id=a name=a>"
                                "<label for=b>Favourite colour</label><input id=b name=b></form>")
    assert rules.score(email) and max(rules.score(email), key=rules.score(email).get) == "email"
    assert rules.score(other) == {}


def test_missing_rules_directory(tmp_path):
    from autofill.classify.rules import load_rules

    with pytest.raises(RuleFileError) as info:
        load_rules(tmp_path / "none")
    assert str(info.value) == f"{tmp_path / 'none'}: no such rules directory"
