"""The compiled rules and their matcher: phrases indexed by their space-free form, looked up by
word n-grams, with rapidfuzz asked only about unknown words (typos)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ...errors import RuleFileError
from ...page.descriptor import FieldDescriptor
from ...types import UNKNOWN
from ..text import has_cjk, normalize
from .schema import (ATTR_SOURCES, LABEL_SOURCES, SOURCE_WEIGHTS, _AFFIX, _EXACT, _FUZZY, _GLUE, _INFIX, _INFLECTIONS,
                     _MAX_NGRAM, _NEAR_TOKENS, _NON_TEXT_INPUTS, _PLAIN_INPUT_TYPES, _TEXT_LIMIT, RuleSpec)
from .prefilter import _LiteralScanner, _required_of
from .options import options_kind


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
