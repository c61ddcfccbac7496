"""A regex prefilter: the literal strings one of which every match of a rule's regexes must
contain, read off the regexes' parse trees, so most identifiers skip most regexes with one scan.

The parse trees come from the standard library's own regex parser, which has no public name (it is
`re._parser` since Python 3.11, `sre_parse` before). It is only an accelerator: any tree it does
not understand, or a parser that is missing, leaves the regexes searched every time, with the
same results.
"""
from __future__ import annotations

import re
from typing import Any, Optional

try:  # Python 3.11+
    import re._constants as _sre_constants
    import re._parser as _sre_parser
except ImportError:  # Python 3.10
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]


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
