"""Where the engine's data lives: the top-level `rules/`, `models/` and `fixtures/` folders.

In a source checkout (and an editable install) they sit beside the `autofill/` package, where a
user edits rules, retrains models and records fixtures. A built wheel carries copies of them
inside the package as `autofill/_data/` (see `setup.py`), so `pip install .` works from any folder.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder `name` (rules, models or fixtures): the wheel's copy, else the checkout's own."""
    for candidate in (PACKAGE / "_data" / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the {name}/ folder is missing: reinstall autofill (pip install .)")


RULES_DIR = data_dir("rules")
MODELS_DIR = data_dir("models")
FIXTURES_DIR = data_dir("fixtures")
DEMO_PROFILE = FIXTURES_DIR / "profiles" / "demo.yaml"
