"""Loading a YAML rule file through a pydantic schema: any problem is one line naming file and rule."""
from __future__ import annotations

from pathlib import Path
from typing import Union, Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import RuleFileError, first_line


def validation_message(path: Path, exc: ValidationError) -> str:
    """One line: the file, the rule (the location in the file) and what is wrong."""
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith(("str", "dict[", "function")))
    return f"{path.name}: rule {loc or '(top)'}: {first_line(err['msg'])}"


def load_rule_file(path: Path, schema: type[BaseModel]) -> Any:
    """Parse and validate a rule file; any problem is a one-line RuleFileError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{path.name}: {first_line(str(exc))}") from None
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError(validation_message(path, exc)) from None


# A phrase of a rule file, alone (weight 1) or as a one-pair {phrase: weight} mapping.
PhraseEntry = Union[str, dict[str, float]]


def weighted_phrases(entries: list[PhraseEntry]) -> dict[str, float]:
    """Folded phrase → weight, from a rule file's list of phrases and {phrase: weight} pairs."""
    from .text import fold

    out: dict[str, float] = {}
    for e in entries:
        if isinstance(e, str):
            out[fold(e)] = 1.0
        else:
            if len(e) != 1:
                raise ValueError(f"a weighted phrase is one {{phrase: weight}} pair, got {e!r}")
            (p, w), = e.items()
            out[fold(str(p))] = float(w)
    return out
