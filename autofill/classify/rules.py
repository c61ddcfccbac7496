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

import datetime as _dt
import re
import re._constants as _sre_constants
import re._parser as _sre_parser
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from rapidfuzz import process
from rapidfuzz.distance import OSA

from autofill.errors import RuleFileError
from autofill.page.descriptor import FieldDescriptor
from autofill.types import ALL_LABELS, UNKNOWN

from ..core.paths import RULES_DIR as RULES_ROOT
from .text import has_cjk, normalize

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


# --------------------------------------------------------------------------- compiled rules

@dataclass(slots=True, frozen=True)
class _Rule:
    """A validated rule, compiled for matching."""

    id: str
    type: str
    weight: float
    reads_label: bool
    reads_attr: bool
    regex: tuple[re.Pattern[str], ...]
    negative_regex: tuple[re.Pattern[str], ...]
    options: Optional[str]
    tags: Optional[frozenset[str]]
    input_types: Optional[frozenset[str]]
    not_input_types: frozenset[str]
    max_length: Optional[int]
    has_negatives: bool
    file: str

    def fits(self, desc: FieldDescriptor) -> bool:
        """Whether the field's tag, input type and length allow this rule at all."""
        tag = desc.tag
        itype = (desc.input_type or "").lower()
        if self.tags is not None and tag not in self.tags:
            return False
        if tag == "input":
            if self.input_types is not None:
                if itype not in self.input_types and not (itype == "" and "text" in self.input_types):
                    return False
            elif self.type != UNKNOWN and (itype in _NON_TEXT_INPUTS or itype == "password"):
                return False
            if itype in self.not_input_types:
                return False
            if self.max_length is not None and desc.maxlength is not None and desc.maxlength > self.max_length:
                return False
        return True


@dataclass(slots=True, frozen=True)
class _Entry:
    rule: int
    phrase: str
    negative: bool


# A phrase found in a text: (index key, start, end, quality). A plain tuple: texts yield many.
_Hit = tuple[str, int, int, float]


Explanation = tuple[str, float, str, str, str]  # (type, score, rule id, source, matched phrase)


class RuleSet:
    """The compiled rules; `score` and `explain` are the classifier's entry points."""

    def __init__(self, specs: Iterable[tuple[str, RuleSpec]]) -> None:
        self._rules: list[_Rule] = []
        self._index: dict[str, list[_Entry]] = {}
        self._cjk: list[tuple[str, list[_Entry]]] = []
        cjk: dict[str, list[_Entry]] = {}
        seen: dict[str, str] = {}
        for file, spec in specs:
            if spec.id in seen:
                raise RuleFileError(f"{file}: rule {spec.id!r}: duplicate id (also in {seen[spec.id]})")
            seen[spec.id] = file
            idx = len(self._rules)
            neg = spec.negative if isinstance(spec.negative, dict) else {"any": spec.negative}
            self._rules.append(_Rule(
                id=spec.id, type=spec.type, weight=spec.weight,
                reads_label="label" in spec.reads, reads_attr="attr" in spec.reads,
                regex=_combined(spec.regex),
                negative_regex=_combined(spec.negative_regex),
                options=spec.options,
                tags=frozenset(spec.tags) if spec.tags is not None else None,
                input_types=frozenset(spec.input_types) if spec.input_types is not None else None,
                not_input_types=frozenset(spec.not_input_types), max_length=spec.max_length,
                has_negatives=any(neg.values()) or bool(spec.negative_regex), file=file,
            ))
            for phrases, negative in ((spec.patterns, False), (neg, True)):
                for plist in phrases.values():
                    for phrase in plist:
                        norm = normalize(phrase)
                        entry = _Entry(idx, phrase, negative)
                        if has_cjk(norm):
                            cjk.setdefault(norm.replace(" ", ""), []).append(entry)
                        else:
                            self._index.setdefault(norm.replace(" ", ""), []).append(entry)
        self._cjk = sorted(cjk.items(), key=lambda kv: -len(kv[0]))
        self._cjk_index = cjk
        vocab = {t for key_entries in self._index.values() for e in key_entries
                 for t in normalize(e.phrase).split() if len(t) >= 4 and not t.isdigit()}
        self._vocab = vocab
        self._glue = _GLUE | {t for k in self._index.values() for e in k
                              for t in normalize(e.phrase).split() if len(t) >= 2}
        self._vocab_by_len: dict[int, list[str]] = {}
        # Sorted: when several rule words are equally close to a typo, the same one must win in
        # every process (set order changes with the hash seed, and training must be deterministic).
        for word in sorted(vocab):
            for n in (len(word) - 1, len(word), len(word) + 1):
                self._vocab_by_len.setdefault(n, []).append(word)
        self._regex_attr = [i for i, r in enumerate(self._rules) if r.regex and r.reads_attr]
        self._option_rules = [i for i, r in enumerate(self._rules) if r.options]
        self._neg_regex_rules = [i for i, r in enumerate(self._rules) if r.negative_regex]
        # Identifier regexes are searched only when the identifier contains one of the strings
        # every match of them must contain (worked out from the regex itself: never a miss).
        self._regex_attr_req = [(i, _required_of(self._rules[i].regex)) for i in self._regex_attr]
        self._neg_regex_req = [(i, _required_of(self._rules[i].negative_regex)) for i in self._neg_regex_rules]
        self._literals = _LiteralScanner({lit for _i, req in self._regex_attr_req + self._neg_regex_req
                                          for lit in (req or ())})
        # literal -> positions in _regex_attr_req / _neg_regex_req of the regexes it lets through.
        self._lit_attr: dict[str, list[int]] = {}
        self._lit_neg: dict[str, list[int]] = {}
        for reqs, by_lit in ((self._regex_attr_req, self._lit_attr), (self._neg_regex_req, self._lit_neg)):
            for pos, (_i, req) in enumerate(reqs):
                for lit in req or ():
                    by_lit.setdefault(lit, []).append(pos)
        self._attr_always = frozenset(pos for pos, (_i, req) in enumerate(self._regex_attr_req) if req is None)
        self._neg_always = frozenset(pos for pos, (_i, req) in enumerate(self._neg_regex_req) if req is None)
        # key -> (rule, negative, phrase) of the entries a label (or an identifier) text may use,
        # in index order: what _text_votes reads for every hit.
        self._label_entries: dict[str, tuple[tuple[int, bool, str], ...]] = {}
        self._attr_entries: dict[str, tuple[tuple[int, bool, str], ...]] = {}
        for key, entries in [*self._cjk_index.items(), *self._index.items()]:  # as _lookup: index first
            self._label_entries[key] = tuple((e.rule, e.negative, e.phrase) for e in entries
                                             if self._rules[e.rule].reads_label)
            self._attr_entries[key] = tuple((e.rule, e.negative, e.phrase) for e in entries
                                            if self._rules[e.rule].reads_attr)
        # Every prefix of every key: an n-gram (or a piece of a glued word) that is none of them
        # cannot grow into a key.
        self._key_prefixes = frozenset(k[:n] for k in self._index for n in range(1, len(k) + 1))
        self._text_cache: dict[tuple[bool, str], tuple[tuple[int, float, str], ...]] = {}
        self._fuzzy_cache: dict[str, Optional[str]] = {}

    # ----------------------------------------------------------------- public API

    @property
    def rules(self) -> list[_Rule]:
        return list(self._rules)

    def score(self, desc: FieldDescriptor) -> dict[str, float]:
        """{type: score in [0, 1]} for every type some rule voted for; {} when none matched."""
        best: dict[str, list[float]] = {}
        for typ, s, _rid, _src, _phrase in self._votes(desc):
            best.setdefault(typ, []).append(s)
        out = {}
        for typ, ss in best.items():
            ss.sort(reverse=True)
            top = ss[0]
            if len(ss) > 1:  # a second, independent source agreeing adds a little confidence
                top = top + (1.0 - top) * 0.5 * ss[1]
            out[typ] = round(min(top, 1.0), 4)
        return out

    def explain(self, desc: FieldDescriptor) -> list[Explanation]:
        """Every vote behind `score`, best first: (type, score, rule id, source, matched phrase)."""
        return sorted(self._votes(desc), key=lambda v: -v[1])

    # ----------------------------------------------------------------- per field

    def _votes(self, desc: FieldDescriptor) -> list[Explanation]:
        """The best vote per (type, source) after constraints."""
        fits: dict[int, bool] = {}
        rules = self._rules

        def ok(i: int) -> bool:
            f = fits.get(i)
            if f is None:
                f = fits[i] = rules[i].fits(desc)
            return f

        per: dict[tuple[str, str], Explanation] = {}
        sources = _sources(desc)
        text_votes = self._text_votes
        for src, text, is_label in sources:
            w = SOURCE_WEIGHTS.get(src, 0.7)
            for ridx, q, phrase in text_votes(is_label, text):
                f = fits.get(ridx)  # ok(ridx), inline: this loop runs for every vote
                if f is None:
                    f = fits[ridx] = rules[ridx].fits(desc)
                if not f:
                    continue
                rule = rules[ridx]
                s = rule.weight * w * q
                key = (rule.type, src)
                prev = per.get(key)
                if prev is None or prev[1] < s:
                    per[key] = (rule.type, round(s, 4), rule.id, src, phrase)
        if desc.tag == "select" and desc.options and self._option_rules:
            kind = options_kind(tuple((o.text, o.value) for o in desc.options))
            if kind:
                labels = [t for s, t, is_label in sources if is_label]
                for ridx in self._option_rules:
                    rule = rules[ridx]
                    if rule.options != kind or not ok(ridx):
                        continue
                    if rule.has_negatives and any(self._vetoed(ridx, t) for t in labels):
                        continue
                    key = (rule.type, "options")
                    s = round(rule.weight * SOURCE_WEIGHTS["options"], 4)
                    if key not in per or per[key][1] < s:
                        per[key] = (rule.type, s, rule.id, "options", kind)
        return list(per.values())

    def _vetoed(self, ridx: int, text: str) -> bool:
        norm = normalize(text)
        for key, _start, _end, _q in self._find(norm):
            for entry in self._lookup(key):
                if entry.rule == ridx and entry.negative:
                    return True
        return False

    # ----------------------------------------------------------------- per text (cached)

    def _text_votes(self, is_label: bool, text: str) -> tuple[tuple[int, float, str], ...]:
        """(rule index, match quality, phrase) for one text, vetoes and precedence applied."""
        ck = (is_label, text)
        cached = self._text_cache.get(ck)
        if cached is not None:
            return cached
        norm = normalize(text)
        cands: list[tuple[int, float, int, int, str]] = []
        vetoed: set[int] = set()
        rules = self._rules
        by_key = self._label_entries if is_label else self._attr_entries
        for key, start, end, quality in self._find(norm):
            for ridx, negative, phrase in by_key.get(key, ()):
                if negative:
                    vetoed.add(ridx)
                else:
                    cands.append((ridx, quality, start, end, phrase))
        if norm and not is_label:  # regexes are for identifiers
            ident = norm.replace(" ", "_")
            # Only regexes one of whose required strings is in the identifier can match; they
            # are searched in their usual order.
            attr_pos = set(self._attr_always)
            neg_pos = set(self._neg_always)
            for lit in self._literals.present(ident):
                attr_pos.update(self._lit_attr.get(lit, ()))
                neg_pos.update(self._lit_neg.get(lit, ()))
            for pos in sorted(attr_pos):
                ridx = self._regex_attr_req[pos][0]
                for rx in rules[ridx].regex:
                    m = rx.search(ident)
                    if m:
                        cands.append((ridx, _EXACT, -1, -1, f"re:{m.group(0)}"))
                        break
            for pos in sorted(neg_pos):
                ridx = self._neg_regex_req[pos][0]
                if any(rx.search(ident) for rx in rules[ridx].negative_regex):
                    vetoed.add(ridx)
        out: list[tuple[int, float, str]] = []
        # The spans a match can lie within (longer matches for other types drop it).
        spans = [(rules[o].type, os_, oe) for o, _q, os_, oe, _p in cands if os_ >= 0 and o not in vetoed]
        longest = max((oe - os_ for _t, os_, oe in spans), default=0)
        for ridx, q, start, end, phrase in cands:
            if ridx in vetoed:
                continue
            if start >= 0:
                length = end - start
                if length < longest:  # else no span is longer, so none can contain it
                    typ = rules[ridx].type
                    if any(t != typ and os_ <= start and oe >= end and oe - os_ > length for t, os_, oe in spans):
                        continue
            out.append((ridx, q, phrase))
        result = tuple(out)
        if len(self._text_cache) > 200_000:
            self._text_cache.clear()
        self._text_cache[ck] = result
        return result

    def _lookup(self, key: str) -> list[_Entry]:
        entries = self._index.get(key)
        if entries is not None:
            return entries
        return self._cjk_index.get(key, [])

    def _find(self, norm: str) -> list[_Hit]:
        """Every indexed phrase in a normalised text, with its character span and quality."""
        if not norm:
            return []
        hits: list[_Hit] = []
        words = norm.split(" ")
        spans: list[tuple[int, int]] = []
        pos = 0
        for w in words:
            spans.append((pos, pos + len(w)))
            pos += len(w) + 1
        fixed = [self._correct(w) if len(w) >= 5 else None for w in words]  # shorter: never corrected
        index = self._index
        prefixes = self._key_prefixes
        n = len(words)
        for i in range(n):
            key = ""
            fkey = ""
            fuzzy = False
            for j in range(i, min(n, i + _MAX_NGRAM)):
                key += words[j]
                fk = fixed[j]
                if fk is not None:
                    fuzzy = True
                    fkey += fk
                else:
                    fkey += words[j]
                if key in index:
                    hits.append((key, spans[i][0], spans[j][1], _EXACT))
                elif fuzzy and fkey in index:
                    hits.append((fkey, spans[i][0], spans[j][1], _FUZZY))
                if key not in prefixes and fkey not in prefixes:
                    break  # no indexed key starts so: no longer n-gram from i can be one
            w = words[i]
            if len(w) >= 5 and w not in index and not w.isdigit():
                base = spans[i][0]
                size = len(w)
                for a, b in self._pieces(w):
                    if a == 0 and b == size:
                        continue
                    piece_len = b - a
                    affix = a == 0 or b == size
                    if piece_len < 3 or (not affix and piece_len < 4):
                        continue
                    rest = size - piece_len
                    if a == 0 and rest < 3 and w[b:] not in _INFLECTIONS:
                        continue  # "ente" in "enter": a glued word leaves a word behind
                    if a > 0 and rest < (3 if piece_len == 3 else 2):
                        continue  # "tel" in "hotel"
                    if piece_len < 5:
                        # Short words glue only to known words: "zip|code", "bill|zip",
                        # but not "stan|dard", "lan|gid".
                        if not affix:
                            continue
                        rest_word = w[b:] if a == 0 else w[:a]
                        if rest_word not in self._glue and rest_word not in _INFLECTIONS:
                            continue
                    piece = w[a:b]
                    if piece in index:
                        hits.append((piece, base + a, base + b, _AFFIX if affix else _INFIX))
        if has_cjk(norm):
            glued = norm  # CJK keys keep their own spaces removed; match on the text with spaces kept
            for k, _entries in self._cjk:
                start = glued.find(k)
                if start >= 0:
                    hits.append((k, start, start + len(k), _EXACT))
        return hits

    def _pieces(self, w: str) -> list[tuple[int, int]]:
        """Every (a, b) with w[a:b] an indexed key of 3+ characters, a ascending then b
        descending: the pairs, in the order, that trying every substring would find, but growing
        a piece only while it still begins some key (not quadratic in the word)."""
        index = self._index
        prefixes = self._key_prefixes
        out: list[tuple[int, int]] = []
        size = len(w)
        for a in range(size - 2):
            b = a + 3
            if w[a:b] not in prefixes:
                continue
            ends: list[int] = []
            while b <= size:
                piece = w[a:b]
                if piece not in prefixes:
                    break
                if piece in index:
                    ends.append(b)
                b += 1
            out.extend((a, e) for e in reversed(ends))
        return out

    def _correct(self, word: str) -> Optional[str]:
        """A vocabulary word one edit away from an unknown word (two for long ones), else None."""
        if len(word) < 5 or word.isdigit() or word in self._vocab or word in self._index:
            return None
        cached = self._fuzzy_cache.get(word, "")
        if cached != "":
            return cached
        cands = self._vocab_by_len.get(len(word))
        found: Optional[str] = None
        if cands and not has_cjk(word):
            limit = 2 if len(word) >= 9 else 1
            best = process.extractOne(word, cands, scorer=OSA.distance, score_cutoff=limit)
            if best is not None and _plausible_typo(word, best[0]):
                found = best[0]
        if len(self._fuzzy_cache) > 100_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[word] = found
        return found


def _combined(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    """A rule's regexes as one alternation: one search per identifier instead of one per regex."""
    if not patterns:
        return ()
    return (re.compile("|".join(f"(?:{p})" for p in patterns)),)


# --------------------------------------------------------------------------- regex prefilter

_EXACT_LIMIT = 64  # most strings tracked for one piece of a regex


class _UnsafePattern(Exception):
    """A regex whose literals cannot be taken at face value (case-insensitive parts)."""


def _required_of(patterns: tuple[re.Pattern[str], ...]) -> Optional[frozenset[str]]:
    """Strings one of which is a substring of every match of any of `patterns`; None when no such
    set can be read off the regexes (then they are always searched)."""
    out: set[str] = set()
    for rx in patterns:
        req = _required_literals(rx)
        if req is None:
            return None
        out |= req
    return frozenset(out) if out else None


def _required_literals(rx: re.Pattern[str]) -> Optional[frozenset[str]]:
    if rx.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        parsed = _sre_parser.parse(rx.pattern)
        if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
            return None
        return _seq(list(parsed))[1]
    except _UnsafePattern:
        return None
    except Exception:  # an unfamiliar parse tree: no prefilter, the regex is always searched
        return None


def _better(a: frozenset[str], b: Optional[frozenset[str]]) -> bool:
    """Whether requirement `a` filters more than `b`: longer shortest string, then fewer strings."""
    if b is None:
        return True
    la, lb = min(map(len, a)), min(map(len, b))
    return la > lb or (la == lb and len(a) < len(b))


_Piece = tuple[Optional[frozenset[str]], Optional[frozenset[str]]]  # (exact strings, required strings)


def _seq(items: list) -> _Piece:
    """For a sequence of regex items: the exact set of strings it matches when small and finite
    (anchors and lookarounds match ""), and a set of strings one of which every match contains."""
    best: Optional[frozenset[str]] = None
    run: frozenset[str] = frozenset({""})  # product of the current run of exact items
    exact_whole = True

    def consider(req: Optional[frozenset[str]]) -> None:
        nonlocal best
        if req and "" not in req and _better(req, best):
            best = req

    for item in items:
        ex, req = _item(*item)
        if ex is not None:
            grown = frozenset(a + b for a in run for b in ex)
            if len(grown) <= _EXACT_LIMIT:
                run = grown
                continue
            consider(run)  # the run so far is still contiguous and required
            exact_whole = False
            run = ex
            continue
        consider(run)
        consider(req)
        exact_whole = False
        run = frozenset({""})
    consider(run)
    return (run if exact_whole else None), best


def _item(op: Any, av: Any) -> _Piece:
    c = _sre_constants
    if op is c.LITERAL:
        ex = frozenset({chr(av)})
        return ex, ex
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return frozenset({""}), None  # matches only the empty string (when it holds)
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & (re.IGNORECASE | re.LOCALE):
            raise _UnsafePattern
        return _seq(list(sub))
    if op is c.ATOMIC_GROUP:
        return _seq(list(av))
    if op is c.BRANCH:
        parts = [_seq(list(b)) for b in av[1]]
        exact: Optional[frozenset[str]] = None
        if all(ex is not None for ex, _r in parts):
            union = frozenset().union(*(ex for ex, _r in parts))  # type: ignore[arg-type]
            exact = union if len(union) <= _EXACT_LIMIT else None
        reqs = [r for _e, r in parts]
        req = frozenset().union(*reqs) if all(r is not None for r in reqs) else None  # type: ignore[arg-type]
        return exact, req
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        ex, req = _seq(list(sub))
        exact = None
        if ex is not None and hi <= 3:
            acc: set[str] = set()
            power = frozenset({""})
            for k in range(hi + 1):
                if k >= lo:
                    acc |= power
                power = frozenset(a + b for a in power for b in ex)
                if len(power) > _EXACT_LIMIT:
                    acc = set()
                    break
            else:
                exact = frozenset(acc) if len(acc) <= _EXACT_LIMIT else None
        return exact, (req if lo >= 1 else None)
    if op is c.IN and av and all(kind is c.LITERAL for kind, _v in av) and len(av) <= 8:
        ex = frozenset(chr(v) for _k, v in av)
        return ex, ex
    return None, None  # any other item (classes, dot, backreferences…): nothing known


class _LiteralScanner:
    """Which of a fixed set of strings occur in a text, in one regex pass: a trie-shaped lookahead
    finds, at every position, the longest string starting there; every shorter one starting
    there is a prefix of it. (The regex is compiled on first use: loading stays quick.)"""

    def __init__(self, literals: set[str]) -> None:
        self._literals = frozenset(literals)
        self._rx: Optional[re.Pattern[str]] = None
        # For each string, the strings of the set that begin it (itself included).
        self._prefixes = {lit: frozenset(lit[:n] for n in range(1, len(lit) + 1) if lit[:n] in literals)
                          for lit in literals}

    def _scanner(self) -> re.Pattern[str]:
        if self._rx is None:
            # With no strings, a lookahead that never matches.
            self._rx = re.compile("(?=(" + _trie_pattern(self._literals) + "))" if self._literals else "(?!)")
        return self._rx

    def present(self, text: str) -> set[str]:
        """The strings that occur in `text`."""
        out: set[str] = set()
        prefixes = self._prefixes
        for lit in self._scanner().findall(text):
            out |= prefixes[lit]
        return out


def _trie_pattern(words: frozenset[str]) -> str:
    """An alternation of `words` shaped as a trie (one branch per next character), so that at any
    position it matches the longest word starting there."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[None] = True  # a word ends here
    escaped: dict[str, str] = {}

    def build(node: dict) -> str:
        kids = []
        for ch in sorted(k for k in node if k is not None):
            esc = escaped.get(ch)
            if esc is None:
                esc = escaped[ch] = re.escape(ch)
            kids.append(esc + build(node[ch]))
        if not kids:
            return ""
        body = kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"
        return f"(?:{body})?" if None in node else body  # greedy: the longer word first

    return build(trie)


def _plausible_typo(word: str, known: str) -> bool:
    """Whether `word` reads as a misspelt `known` rather than another real word: five-letter words
    only by swapping two letters ("emial"), and not by a trailing letter ("called" / "calle")."""
    if word[0] != known[0] and word[:2] != known[1::-1]:
        return False
    if word.startswith(known) or known.startswith(word):
        return False
    if len(word) == 5:
        return sorted(word) == sorted(known)
    return True


def _sources(desc: FieldDescriptor) -> list[tuple[str, str, bool]]:
    """(source name, text, is a label source) for every non-empty signal of a field."""
    out: list[tuple[str, str, bool]] = []
    seen_labels: set[str] = set()
    sole = not any(desc.labels.get(k) for k in ("label_for", "label_wrap", "aria_label", "aria_labelledby")) \
        and not desc.placeholder
    for src, text in desc.signals().items():
        if not text:
            continue
        if src in ATTR_SOURCES:
            out.append((src, text[:_TEXT_LIMIT], False))
        elif src in LABEL_SOURCES:
            if src == "text_before":
                text = " ".join(text[-_TEXT_LIMIT:].split()[-_NEAR_TOKENS:])
            elif src == "text_after":
                text = " ".join(text[:_TEXT_LIMIT].split()[:_NEAR_TOKENS])
            else:
                text = text[:_TEXT_LIMIT]
            seen_labels.add(text)
            out.append(("text_before_sole" if sole and src == "text_before" else src, text, True))
    if desc.label and desc.label[:_TEXT_LIMIT] not in seen_labels:
        out.append(("label", desc.label[:_TEXT_LIMIT], True))
    itype = (desc.input_type or "").lower()
    if desc.tag == "input" and itype not in _PLAIN_INPUT_TYPES:
        out.append(("input_type", itype, False))
    return out


# --------------------------------------------------------------------------- select options

_MONTHS = frozenset(normalize(m) for m in (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "januar februar marz maerz juni juli oktober dezember "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre "
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre "
    "januari februari maart mei augustus "
    "janeiro fevereiro marco maio junho julho setembro outubro novembro dezembro "
    "styczen luty kwiecien czerwiec lipiec sierpien wrzesien pazdziernik listopad grudzien "
    "augusti"
).split())


def _month_like(text: str, value: str) -> bool:
    t = normalize(text)
    if t in _MONTHS or (t.split()[:1] and t.split()[-1] in _MONTHS):
        return True
    for s in (t, normalize(value)):
        parts = s.split()
        if parts and parts[0].isdigit() and 1 <= int(parts[0]) <= 12 and len(parts[0]) <= 2:
            if len(parts) == 1 or parts[-1] in _MONTHS:
                return True
    return _KANJI_MONTH.fullmatch(text.strip()) is not None


_KANJI_MONTH = re.compile(r"\d{1,2}\s*月")
_YEAR_TEXT = re.compile(r"\s*(\d{4}|\d{2})\s*")
_YEAR_VALUE = re.compile(r"\s*(\d{4})\s*")
_ALNUM = re.compile(r"[^\W_]")  # one character for which str.isalnum() holds


def _country_raw() -> Iterable[str]:
    """The names (as written) that `_country_names` holds in normalised form."""
    import pycountry

    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                yield v
    yield from _COUNTRY_EXTRAS


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        names.add(c.alpha_2.lower())
        names.add(c.alpha_3.lower())
    names.update(normalize(v) for v in _country_raw())
    return frozenset(names)


_COUNTRY_EXTRAS = (
        "USA", "United States of America", "UK", "Great Britain", "England", "Deutschland",
        "Allemagne", "Alemania", "Germania", "Duitsland", "Niemcy", "Tyskland", "Francia",
        "Frankreich", "Frankrijk", "Francja", "Frankrike", "España", "Spanien", "Espagne",
        "Spagna", "Spanje", "Hiszpania", "Italia", "Italien", "Italie", "Italië", "Włochy",
        "Nederland", "Niederlande", "Pays-Bas", "Países Bajos", "Paesi Bassi", "Holandia",
        "Österreich", "Autriche", "Schweiz", "Suisse", "Svizzera", "Suiza", "België",
        "Belgique", "Belgien", "Bélgica", "Polska", "Polen", "Pologne", "Sverige", "Suède",
        "Schweden", "Suecia", "Brasil", "Brésil", "Brasilien", "Estados Unidos", "États-Unis",
        "Vereinigte Staaten", "Stati Uniti", "Verenigde Staten", "Stany Zjednoczone", "Russia",
        "Россия", "日本", "中国", "Japon", "Japón", "Giappone", "Canadá", "Kanada", "México",
        "Mexique", "Danmark", "Norge", "Suomi", "Česko", "Türkiye", "Ireland", "Irlande",
        "Korea", "South Korea", "Vietnam", "Iran", "Bolivia", "Venezuela", "Taiwan", "Macedonia",
        "Moldova", "Tanzania", "Syria", "Laos", "Czech Republic", "Palestine", "Vatican",
        "Ivory Coast", "Cape Verde", "Swaziland", "Burma",
)
_REGION_COUNTRIES = ("US", "CA", "AU", "IN", "MX", "BR", "IT", "ES", "DE", "JP", "AT", "CH", "NL", "BE",
                     "PL", "SE", "FR", "IE", "AR", "CN", "NZ", "ZA", "MY", "PH")
_REGION_EXTRAS = (
    "District of Columbia", "Puerto Rico", "Guam", "Armed Forces Americas",
    "Armed Forces Europe", "Armed Forces Pacific", "Virgin Islands",
)


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    import pycountry

    names: set[str] = set()
    for cc in _REGION_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=cc) or ():
            names.add(normalize(sub.name))
            if cc in ("US", "CA", "AU", "BR", "MX", "IN"):
                names.add(sub.code.split("-", 1)[1].lower())
    names.update(normalize(n) for n in _REGION_EXTRAS)
    return frozenset(names)


@lru_cache(maxsize=1)
def _place_normal() -> dict[str, str]:
    """normalize() of every country and region name as written: country and state selects list
    exactly these, so their options need no normalising of their own (same result, no work)."""
    import pycountry

    raw = set(_country_raw()) | set(_REGION_EXTRAS)
    for cc in _REGION_COUNTRIES:
        raw.update(sub.name for sub in pycountry.subdivisions.get(country_code=cc) or ())
    return {name: normalize(name) for name in raw}


@lru_cache(maxsize=4096)
def options_kind(options: tuple[tuple[str, str], ...]) -> Optional[str]:
    """What a select offers, judged from its options: months, future years (card expiry), past
    years (birth), days, countries, regions (states, provinces); None when unclear."""
    # Placeholders ("Month", "-- Select --") are usually first; judge on the rest.
    # (An option whose text starts with a letter or digit passes both tests at once.)
    real = [(t, v) for t, v in options
            if t[:1].isalnum() or ((t or v).strip() and _ALNUM.search(t + v) is not None)]
    if len(real) < 3:
        return None
    n = len(real)
    years = []
    need = max(4, int(0.8 * n))
    for k, (t, v) in enumerate(real):
        if len(years) + n - k < need:
            break  # too few options left to make it a year list: the test below fails anyway
        m = _YEAR_TEXT.fullmatch(t) or _YEAR_VALUE.fullmatch(v)
        if m:
            y = int(m.group(1))
            years.append(y + 2000 if y < 100 else y)
    now = _dt.date.today().year
    if len(years) >= need:
        if min(years) >= now - 3 and max(years) <= now + 30:
            return "years-future"
        if max(years) <= now + 1 and min(years) < now - 20:
            return "years-past"
    if 11 <= n <= 13 and sum(1 for t, v in real if _month_like(t, v)) >= 11:
        return "months"
    if 28 <= n <= 32:
        days = sum(1 for t, v in real if t.strip().isdigit() and 1 <= int(t.strip()) <= 31)
        if days >= 28:
            return "days"
    if n >= 8:
        countries = _country_names()
        regions = _region_names()
        known = _place_normal()
        c = r = 0
        for t, v in real:
            norm = known.get(t)
            if norm is None:
                norm = normalize(t)
            value = v.strip().lower()
            c += norm in countries or value in countries
            r += norm in regions or value in regions
        if n >= 20 and c >= 0.6 * n and c >= r:
            return "countries"
        if r >= 0.6 * n:
            return "regions"
    return None


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
