"""Malformed profiles: every problem named on one line, never a crash, never the card number.

`Profile.load` raises `ProfileError` with `.problems` (one line each); the CLI prints one
`autofill: …` line per problem on stderr and exits 2 before any browser starts.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run_cli as _cli  # tests/ is on sys.path (rootdir conftest)
from autofill.errors import ProfileError
from autofill.fill.profile import Profile

NUMBER = "4242424242424242"
GOOD = {
    "email": "sam.taylor@example.org",
    "shipping": {"given_name": "Sam", "family_name": "Taylor", "address_line1": "12 Harbour Road",
                 "city": "Bristol", "postal_code": "BS1 4DJ", "country": "GB"},
    "card": {"name": "Sam Taylor", "number": NUMBER, "exp_month": 11, "exp_year": 2031, "csc": "739"},
}


def _yaml(data: dict) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False)


def _with(path: str, value) -> dict:
    import copy

    data = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    node = data
    for p in parents:
        node = node[p]
    if value is KeyError:
        del node[last]
    else:
        node[last] = value
    return data


CASES = {
    "bad-luhn": (_yaml(_with("card.number", "4242424242424241")), ["card.number", "Luhn"]),
    "past-expiry": (_yaml(_with("card.exp_year", 2020)), ["card", "expired"]),
    "unknown-country": (_yaml(_with("shipping.country", "XX")), ["shipping.country", "unknown country"]),
    "missing-field": (_yaml(_with("shipping.city", KeyError)), ["missing required field shipping.city"]),
    "not-yaml": ("email: [unclosed\nshipping: {", ["not valid YAML"]),
    "not-a-mapping": ("- sam\n- taylor\n", ["must be a mapping"]),
    "unknown-key": (_yaml(dict(GOOD, favourite_colour="blue")), ["unknown field favourite_colour"]),
    "cvc-2-digits": (_yaml(_with("card.csc", "12")), ["card.csc", "3 or 4 digits"]),
    "empty-file": ("", ["must be a mapping"]),
}


@pytest.fixture
def write(tmp_path):
    def _write(text: str, name: str = "profile.yaml") -> Path:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p
    return _write


def test_the_good_profile_loads(write):
    assert Profile.load(write(_yaml(GOOD))).card.masked == "•••• 4242"


@pytest.mark.parametrize("case", list(CASES))
def test_each_problem_is_named_on_one_line(case, write):
    text, needles = CASES[case]
    with pytest.raises(ProfileError) as info:
        Profile.load(write(text))
    problems = info.value.problems
    assert problems and all("\n" not in p and p.strip() for p in problems)
    joined = " | ".join(problems)
    assert all(n in joined for n in needles), joined
    assert NUMBER not in joined and "4242424242424241" not in joined and "739" not in joined


def test_several_problems_are_each_reported(write):
    data = _with("card.number", "4242424242424241")
    data["shipping"]["country"] = "XX"
    data["card"]["csc"] = "12"
    with pytest.raises(ProfileError) as info:
        Profile.load(write(_yaml(data)))
    assert len(info.value.problems) == 3


def test_a_json_profile_that_is_not_json(write):
    with pytest.raises(ProfileError) as info:
        Profile.load(write("{email: ", "profile.json"))
    assert "not valid JSON" in info.value.problems[0]


def test_a_missing_profile_file(tmp_path):
    with pytest.raises(ProfileError) as info:
        Profile.load(tmp_path / "nope.yaml")
    assert "profile not found" in info.value.problems[0]




@pytest.mark.parametrize("case", list(CASES))
def test_the_cli_prints_one_line_per_problem_and_exits_2(case, write, capsys):
    text, _ = CASES[case]
    path = write(text)
    with pytest.raises(ProfileError) as info:
        Profile.load(path)
    # the URL is never opened: a bad profile is refused before any browser starts
    code, out, err = _cli(capsys, "dry-run", "http://127.0.0.1:9/", "--profile", str(path))
    assert code == 2
    lines = err.strip().splitlines()
    assert lines == [f"autofill: {p}" for p in info.value.problems]
    assert "Traceback" not in err and out == ""
    assert NUMBER not in err and "4242424242424241" not in err


def test_a_profile_error_is_one_line_in_str_and_repr_has_no_secret(write):
    with pytest.raises(ProfileError) as info:
        Profile.load(write(_yaml(_with("card.exp_year", 2020))))
    assert NUMBER not in repr(info.value) and NUMBER not in str(info.value)
