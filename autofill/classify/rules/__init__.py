"""Field-classification rules kept as data (rules/fields/*.yaml) and a fast fuzzy matcher.

Why data: the phrases people write next to a field ("Postleitzahl", "Código postal", "PLZ / Ort")
grow language by language and site by site; editing a YAML file is cheaper and safer than editing
code, and a typo in one is caught on load with a one-line error naming the file and the rule.

Why this matcher: classification must run at thousands of fields per second, so every phrase is
indexed by its normalised, space-free form ("postal code" → "postalcode") and a text is matched by
dictionary look-ups of its word n-grams and of the pieces of long glued words
("billingpostalcode"); rapidfuzz is only asked about words the index does not know (typos), and only
against vocabulary words of about the same length. Results per text are cached.

Rule file format (one file per group, `rules:` list)::

    - id: postal-code-en          # unique across all files
      type: postal-code           # a SPEC type or `unknown` (negatives)
      reads: [label, attr]        # label: what a person reads; attr: id / name / autocomplete
      weight: 0.95                # (0, 1]: the rule's confidence when it matches exactly
      patterns: {en: [zip, postal code], de: [plz, postleitzahl]}   # fuzzy phrases by language
      regex: ['^(bill|ship)?_?zip']   # on identifiers as `_`-joined tokens: shipZIP → ship_zip
      negative: {en: [gift]}      # vetoes the rule for a text that also contains one of these
      negative_regex: []          # identifier vetoes
      options: months             # fires on a select whose options are months / years-future /
                                  # years-past / countries / regions / days (then `negative`
                                  # phrases veto it when any label source contains them)
      tags: [input, select]       # the field's tag must be one of these
      input_types: [password]     # an input's type must be one of these
      not_input_types: [email]
      max_length: 4               # an input whose maxlength is larger does not qualify

Precedence: inside one text a match whose span lies within a longer match for another type is
dropped ("address line 2" beats "address", "first name" beats "name", "card holder name" beats
"name"); separate matches in one text all vote ("PLZ / Ort" gives postal-code and address-level2).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Union

from ...errors import RuleFileError
from .matcher import Explanation, RuleSet
from .options import options_kind
from .schema import LANGUAGES, OPTION_KINDS, RULES_DIR, RuleSpec, _display, _read_file

__all__ = ["Explanation", "LANGUAGES", "OPTION_KINDS", "RULES_DIR", "RuleSet", "RuleSpec", "load_rules", "options_kind"]


# --------------------------------------------------------------------------- loading

@lru_cache(maxsize=8)
def _load_cached(path: str) -> RuleSet:
    return _load(Path(path))


def _load(directory: Path) -> RuleSet:
    if not directory.is_dir():
        raise RuleFileError(f"{directory}: no such rules directory")
    specs: list[tuple[str, RuleSpec]] = []
    for file in sorted(directory.glob("*.yaml")):
        name = _display(file)
        specs.extend((name, s) for s in _read_file(file))
    return RuleSet(specs)


def load_rules(path: Union[str, Path, None] = None) -> RuleSet:
    """The rules in a directory of YAML files (default: the bundled rules/fields/).

    The bundled set is loaded once per process; another directory is read afresh every call so
    that edits show up. Raises RuleFileError (one line naming file and rule) on any typo."""
    if path is None:
        return _load_cached(str(RULES_DIR))
    return _load(Path(path))
