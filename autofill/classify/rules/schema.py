"""The rule-file format (rules/fields/*.yaml) as pydantic models, and reading one file with
one-line errors naming the file and the rule."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ...errors import RuleFileError
from ...types import ALL_LABELS
from ...core.paths import RULES_DIR as RULES_ROOT
from ..text import normalize

RULES_DIR = RULES_ROOT / "fields"

LANGUAGES: frozenset[str] = frozenset(
    "any en fr de es it nl pt pl sv ja da no fi cs ru tr zh ko".split()
)
OPTION_KINDS = ("months", "years-future", "years-past", "countries", "regions", "days")

# How much a match in each source counts: what a person reads next to the box counts most;
# text merely near it, or identifiers a developer chose, somewhat less.
SOURCE_WEIGHTS: dict[str, float] = {
    "label_for": 1.0, "label_wrap": 1.0, "aria_label": 1.0, "label": 1.0,
    "aria_labelledby": 0.95, "placeholder": 0.9, "title": 0.85, "text_before": 0.75,
    "text_after": 0.45, "autocomplete": 0.9, "name": 0.9, "id": 0.85, "input_type": 0.8,
    # Text before a field that has no label of its own: in table and div layouts it is the label.
    "text_before_sole": 0.9,
    "options": 1.0,
}
LABEL_SOURCES = ("label_for", "label_wrap", "aria_label", "aria_labelledby", "title", "text_before",
                 "placeholder", "text_after", "label")
ATTR_SOURCES = ("id", "name", "autocomplete", "input_type")
# Input types whose value is not text: only rules that name them explicitly may fire on them.
_NON_TEXT_INPUTS = frozenset({"checkbox", "radio", "file", "range", "color", "submit", "button",
                              "image", "reset", "hidden"})
_PLAIN_INPUT_TYPES = frozenset({"", "text"})
_MAX_NGRAM = 6
_TEXT_LIMIT = 160  # characters of a label source looked at (text near a field can be long)
_NEAR_TOKENS = 8   # words of text_before / text_after kept, nearest to the field
_EXACT, _AFFIX, _INFIX, _FUZZY = 1.0, 0.85, 0.8, 0.85
# Identifier parts that short words are glued to ("shipzip", "custtel", "billcity").
_GLUE = frozenset("bill billing ship shipping cust customer contact home work new confirm main del "
                  "delivery inv invoice user your my txt tb inp input field fld primary alt "
                  "personal private business company buyer sender receiver recipient".split())
# Endings a known word may carry and still be that word ("names", "Adressen", "nombres").
_INFLECTIONS = frozenset({"s", "es", "e", "n", "en", "a", "o", "i", "er"})


# --------------------------------------------------------------------------- file schema

Phrases = dict[str, list[str]]


class RuleSpec(BaseModel):
    """One rule as written in a YAML file; validated strictly so typos fail loudly on load."""

    model_config = ConfigDict(extra="forbid")

    id: str
    type: str
    reads: list[str] = Field(default_factory=lambda: ["label", "attr"])
    weight: float = 1.0
    patterns: Phrases = Field(default_factory=dict)
    regex: list[str] = Field(default_factory=list)
    negative: Union[Phrases, list[str]] = Field(default_factory=dict)
    negative_regex: list[str] = Field(default_factory=list)
    options: Optional[str] = None
    tags: Optional[list[str]] = None
    input_types: Optional[list[str]] = None
    not_input_types: list[str] = Field(default_factory=list)
    max_length: Optional[int] = None

    @field_validator("type")
    @classmethod
    def _known_type(cls, v: str) -> str:
        if v not in ALL_LABELS:
            raise ValueError(f"unknown type {v!r}")
        return v

    @field_validator("reads")
    @classmethod
    def _known_reads(cls, v: list[str]) -> list[str]:
        for r in v:
            if r not in ("label", "attr"):
                raise ValueError(f"unknown source {r!r} in reads (label or attr)")
        if not v:
            raise ValueError("reads is empty")
        return v

    @field_validator("weight")
    @classmethod
    def _weight_range(cls, v: float) -> float:
        if not 0 < v <= 1:
            raise ValueError(f"weight {v} is not in (0, 1]")
        return v

    @field_validator("patterns", "negative")
    @classmethod
    def _known_languages(cls, v: Any) -> Any:
        if isinstance(v, dict):
            for lang, phrases in v.items():
                if lang not in LANGUAGES:
                    raise ValueError(f"unknown language {lang!r}")
                for p in phrases:
                    if not normalize(p):
                        raise ValueError(f"empty phrase {p!r} in {lang}")
        return v

    @field_validator("regex", "negative_regex")
    @classmethod
    def _compilable(cls, v: list[str]) -> list[str]:
        for pattern in v:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regex {pattern!r}: {exc}") from None
        return v

    @field_validator("options")
    @classmethod
    def _known_options(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and v not in OPTION_KINDS:
            raise ValueError(f"unknown options kind {v!r} (one of {', '.join(OPTION_KINDS)})")
        return v

    @field_validator("tags")
    @classmethod
    def _known_tags(cls, v: Optional[list[str]]) -> Optional[list[str]]:
        for t in v or ():
            if t not in ("input", "select", "textarea"):
                raise ValueError(f"unknown tag {t!r}")
        return v

    @model_validator(mode="after")
    def _has_something_to_match(self) -> "RuleSpec":
        if not any(self.patterns.values()) and not self.regex and self.options is None:
            raise ValueError("missing patterns (give patterns, regex or options)")
        return self


class _RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[dict[str, Any]]


def _pydantic_message(exc: ValidationError) -> str:
    """The first problem of a validation error, as a short phrase."""
    err = exc.errors()[0]
    loc = [str(p) for p in err.get("loc", ())]
    if err["type"] == "extra_forbidden":
        return f"unknown key {loc[-1]!r}"
    if err["type"] == "missing":
        return f"missing key {loc[-1]!r}"
    msg = err["msg"].removeprefix("Value error, ")
    if loc and err["type"] != "value_error":
        return f"{'.'.join(loc)}: {msg}"
    return msg


def _display(path: Path) -> str:
    """Bundled files are named as `rules/fields/x.yaml`; others by the path given."""
    try:
        return path.resolve().relative_to(RULES_DIR.parent.parent).as_posix()
    except ValueError:
        return str(path)


def _read_file(path: Path) -> list[RuleSpec]:
    name = _display(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "YAML syntax error"
        raise RuleFileError(f"{name}{where}: YAML syntax error: {problem}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{name}: cannot read: {exc}") from None
    if data is None:
        return []
    try:
        rule_file = _RuleFile.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError(f"{name}: {_pydantic_message(exc)} (expected a top-level `rules:` list)") from None
    specs = []
    for i, raw in enumerate(rule_file.rules):
        rid = raw.get("id") if isinstance(raw, dict) else None
        label = f"rule {rid!r}" if rid else f"rule #{i + 1}"
        try:
            specs.append(RuleSpec.model_validate(raw))
        except ValidationError as exc:
            raise RuleFileError(f"{name}: {label}: {_pydantic_message(exc)}") from None
    return specs
