"""Code queries: codes combined with AND, OR, NOT, OVERLAP and NEAR, evaluated over the codings of a project.

A query names codes by name or path (``Debilidades``, ``Procesos/Derivación``, quoted when a name holds an operator
word: ``"Trata AND explotación"``), with operators in capitals and parentheses:

* ``A AND B`` turns coded with both; ``A OR B`` with either; ``NOT A`` / ``A AND NOT B`` turns without A
* ``A OVERLAP B`` the text coded with both (the spans intersect)
* ``A NEAR B`` both in the same turn; ``A NEAR/10 B`` within 10 words of each other (also across turns)

Binding, loosest first: OR, AND, NOT, then OVERLAP/NEAR. The result of a query is a set of turns, each with the
spans that made it match; :mod:`atlas_qual.store.query_store` turns them into quotes, a matrix and files.

Examples:
    >>> parse("Debilidades AND Procesos/Derivación")
    And(left=Code(name='Debilidades'), right=Code(name='Procesos/Derivación'))
    >>> parse('NOT "Trabajo infantil" OR A NEAR/5 B')
    Or(left=Not(child=Code(name='Trabajo infantil')), right=Near(left=Code(name='A'), right=Code(name='B'), words=5))
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Union

from atlas_qual.errors import AtlasQualError

__all__ = ["And", "Code", "Near", "Not", "Or", "Overlap", "Corpus", "Matches", "codes_in", "evaluate", "needs_words",
           "parse"]


@dataclass(frozen=True)
class Code:
    name: str


@dataclass(frozen=True)
class And:
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Or:
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Not:
    child: "Node"


@dataclass(frozen=True)
class Overlap:
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Near:
    left: "Node"
    right: "Node"
    words: int | None = None  # None: the same turn


Node = Union[Code, And, Or, Not, Overlap, Near]

_TOKEN_RE = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"|“([^”]*)”|(NEAR/\d+)(?![^\s()])|(AND|OR|NOT|OVERLAP|NEAR)(?![^\s()])'
                       r'|([^\s()"“]+))')


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            raise AtlasQualError("query_syntax", query=text, position=pos + 1)
        pos = m.end()
        if m.group(1):
            out.append(("(", "("))
        elif m.group(2):
            out.append((")", ")"))
        elif m.group(3) is not None or m.group(4) is not None:
            out.append(("code", (m.group(3) if m.group(3) is not None else m.group(4)).strip()))
        elif m.group(5):
            out.append(("op", m.group(5)))
        elif m.group(6):
            out.append(("op", m.group(6)))
        elif m.group(7):
            # words of a code name with spaces ("Trabajo infantil") run together until an operator or parenthesis
            if out and out[-1][0] == "word":
                out[-1] = ("word", f"{out[-1][1]} {m.group(7)}")
            else:
                out.append(("word", m.group(7)))
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return [("code", v) if k == "word" else (k, v) for k, v in out]


def parse(text: str) -> Node:
    """The query as a tree of :class:`Code`, :class:`And`, :class:`Or`, :class:`Not`, :class:`Overlap`,
    :class:`Near`; a malformed query raises :class:`AtlasQualError` saying where."""
    toks = _tokens(text or "")
    if not toks:
        raise AtlasQualError("query_empty")
    pos = 0

    def peek() -> tuple[str, str] | None:
        return toks[pos] if pos < len(toks) else None

    def take() -> tuple[str, str]:
        nonlocal pos
        pos += 1
        return toks[pos - 1]

    def fail(expected: str | None) -> AtlasQualError:
        found = peek()
        if found is None:  # the query stops where something more was needed: say that, not "found «—»"
            last = toks[-1][1]
            if expected is None:
                return AtlasQualError("query_ends_expecting_code", query=text, last=last)
            return AtlasQualError("query_ends_expecting", query=text, expected=expected, last=last)
        if expected is None:  # "a code name": a whole message per language, not a bilingual fragment
            return AtlasQualError("query_expected_code", query=text, found=found[1])
        return AtlasQualError("query_expected", query=text, expected=expected, found=found[1])

    def or_expr() -> Node:
        node = and_expr()
        while peek() == ("op", "OR"):
            take()
            node = Or(node, and_expr())
        return node

    def and_expr() -> Node:
        node = not_expr()
        while peek() == ("op", "AND"):
            take()
            node = And(node, not_expr())
        return node

    def not_expr() -> Node:
        if peek() == ("op", "NOT"):
            take()
            return Not(not_expr())
        return binary()

    def binary() -> Node:
        node = atom()
        while (tok := peek()) is not None and tok[0] == "op" and (tok[1] == "OVERLAP" or tok[1].startswith("NEAR")):
            take()
            right = atom()
            if tok[1] == "OVERLAP":
                node = Overlap(node, right)
            else:
                node = Near(node, right, int(tok[1].split("/")[1]) if "/" in tok[1] else None)
        return node

    def atom() -> Node:
        tok = peek()
        if tok is None:
            raise fail(None)
        if tok == ("(", "("):
            take()
            node = or_expr()
            if peek() != (")", ")"):
                raise fail(")")
            take()
            return node
        if tok[0] == "code" and tok[1]:
            take()
            return Code(tok[1])
        raise fail(None)

    node = or_expr()
    if peek() is not None:
        raise fail("AND, OR, NOT, OVERLAP, NEAR")
    return node


_OPERATOR_WORDS = {"and": "AND", "or": "OR", "not": "NOT", "overlap": "OVERLAP", "near": "NEAR", "y": "AND",
                   "e": "AND", "o": "OR", "u": "OR", "no": "NOT"}
_NEAR_RE = re.compile(r"near/\S*", re.IGNORECASE)


def misplaced_operator(name: str) -> AtlasQualError | None:
    """For a code name no code has: the error to give when it holds an operator the parser could not read (``and``
    in lowercase, Spanish ``Y``/``O``/``NO``, ``NEAR/x``), so the person learns how to write it; else None.

    Examples:
        >>> misplaced_operator("debilidades and derivación").params["op"]
        'AND'
        >>> misplaced_operator("Debilidades NEAR/x Derivación").key
        'query_near_number'
        >>> misplaced_operator("Trabajo infantil") is None
        True
    """
    words = name.split()
    if len(words) < 2:
        return None
    for word in words:
        if _NEAR_RE.fullmatch(word) and not re.fullmatch(r"NEAR/\d+", word):
            if re.fullmatch(r"near/\d+", word, re.IGNORECASE):
                return AtlasQualError("query_operator_case", name=name, word=word, op=word.upper())
            return AtlasQualError("query_near_number", name=name, word=word)
    for word in words[1:-1]:  # between two names: "a and b"
        op = _OPERATOR_WORDS.get(word.lower())
        if op and word != op:
            return AtlasQualError("query_operator_case", name=name, word=word, op=op)
    return None


def needs_words(node: Node) -> bool:
    """Whether the query has a NEAR/N (which needs word positions)."""
    if isinstance(node, Code):
        return False
    if isinstance(node, Near) and node.words is not None:
        return True
    children = (node.child,) if isinstance(node, Not) else (node.left, node.right)
    return any(needs_words(child) for child in children)


def codes_in(node: Node) -> list[str]:
    """The code names a query uses, in order of appearance, once each."""
    if isinstance(node, Code):
        return [node.name]
    children = (node.child,) if isinstance(node, Not) else (node.left, node.right)
    return list(dict.fromkeys(name for child in children for name in codes_in(child)))


# ------------------------------------------------------------------------------------------ evaluation

Span = tuple[int, int]
Matches = dict[int, list[Span]]  # segment id -> spans (code points into its transcript) that made it match


@dataclass(frozen=True)
class Corpus:
    """What a query is evaluated over: the turns in scope and the codings of each code.

    ``segments``: segment id -> (transcript id, start, end). ``codings``: code name as written in the query ->
    [(segment id, start, end)] (whole-turn codings carry the turn's own start and end). ``word_starts``: transcript
    id -> sorted start offsets of its words (for NEAR/N).
    """

    segments: Mapping[int, tuple[int, int, int]]
    codings: Mapping[str, list[tuple[int, int, int]]]
    word_starts: Mapping[int, list[int]]


def evaluate(node: Node, corpus: Corpus) -> Matches:
    """The turns matching ``node`` with their evidence spans.

    Examples:
        >>> c = Corpus({1: (9, 0, 10), 2: (9, 12, 30)}, {"A": [(1, 0, 10), (2, 12, 20)], "B": [(2, 15, 30)]},
        ...            {9: [0, 5, 12, 15, 20, 25]})
        >>> sorted(evaluate(parse("A AND B"), c)), sorted(evaluate(parse("A AND NOT B"), c))
        ([2], [1])
        >>> evaluate(parse("A OVERLAP B"), c)
        {2: [(15, 20)]}
        >>> sorted(evaluate(parse("A NEAR/1 B"), c))
        [1, 2]
    """
    return _eval(node, corpus)


def _eval(node: Node, c: Corpus) -> Matches:
    if isinstance(node, Code):
        out: Matches = {}
        for seg, start, end in c.codings.get(node.name, ()):
            if seg in c.segments:
                out.setdefault(seg, []).append((start, end))
        return out
    if isinstance(node, Or):
        left, right = _eval(node.left, c), _eval(node.right, c)
        return {seg: left.get(seg, []) + right.get(seg, []) for seg in {**left, **right}}
    if isinstance(node, Not):
        child = _eval(node.child, c)
        return {seg: [(start, end)] for seg, (_t, start, end) in c.segments.items() if seg not in child}
    left, right = _eval(node.left, c), _eval(node.right, c)
    if isinstance(node, And) or (isinstance(node, Near) and node.words is None):
        return {seg: left[seg] + right[seg] for seg in left if seg in right}
    if isinstance(node, Overlap):
        out = {}
        for seg in left:
            if seg not in right:
                continue
            spans = [(max(a0, b0), min(a1, b1)) for a0, a1 in left[seg] for b0, b1 in right[seg]
                     if max(a0, b0) < min(a1, b1)]
            if spans:
                out[seg] = spans
        return out
    return _near(left, right, node.words or 0, c)


def _near(left: Matches, right: Matches, words: int, c: Corpus) -> Matches:
    def by_transcript(m: Matches) -> dict[int, list[tuple[int, int, int]]]:
        grouped: dict[int, list[tuple[int, int, int]]] = {}
        for seg, spans in m.items():
            tid = c.segments[seg][0]
            grouped.setdefault(tid, []).extend((start, end, seg) for start, end in spans)
        return grouped

    def word_of(tid: int) -> Callable[[int], int]:
        starts = c.word_starts.get(tid, [])
        return lambda offset: bisect.bisect_right(starts, offset)

    out: Matches = {}
    rights = by_transcript(right)
    for tid, spans in by_transcript(left).items():
        others = rights.get(tid)
        if not others:
            continue
        word = word_of(tid)
        for a0, a1, aseg in spans:
            for b0, b1, bseg in others:
                if a0 < b1 and b0 < a1:
                    gap = 0
                elif a1 <= b0:
                    gap = max(0, word(b0 - 1) - word(a1 - 1))
                else:
                    gap = max(0, word(a0 - 1) - word(b1 - 1))
                if gap <= words:  # "within N words": at most N words between the two
                    out.setdefault(aseg, []).append((a0, a1))
                    out.setdefault(bseg, []).append((b0, b1))
    return out


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Spans in order, overlapping or touching ones joined."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
