"""Span disagreements: where every coder applied a code to a turn but marked different characters of it.

Spans here are code points WITHIN the turn (as ``codings export`` writes them); a whole-turn coding is the span
``(0, len(turn))``. Two coders' spans are the same when they cover the same letters and digits: a whole-turn coding
equals a span over the whole turn, two spans that touch equal one span over both, and a span that takes or leaves a
surrounding space, comma or period equals one that does not.

Examples:
    >>> same_spans("Faltan vehículos.", {"ana": [(0, 17)], "carlos": [(0, 16)]})
    True
    >>> same_spans("Faltan vehículos.", {"ana": [(0, 6)], "carlos": [(7, 16)]})
    False
    >>> merge([(7, 16), (0, 7)])
    [(0, 16)]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.store.models import Coding, Segment

Span = tuple[int, int]


@dataclass(frozen=True)
class SpanQuote:
    """One coded span of a turn: code points within the turn, the quoted text (redacted unless asked otherwise) and
    whether it is the whole turn."""

    start: int
    end: int
    quote: str
    whole: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "quote": self.quote, "whole": self.whole}


def merge(spans: Iterable[Span]) -> list[Span]:
    """Spans sorted, overlapping or touching ones joined (the characters they cover, as few spans as possible)."""
    out: list[list[int]] = []
    for a, b in sorted((int(a), int(b)) for a, b in spans if b > a):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def covered_letters(text: str, spans: Iterable[Span]) -> frozenset[int]:
    """The positions of letters and digits the spans cover: what two codings are compared on (spaces and
    punctuation at a span's edge or between two spans do not make a difference)."""
    found: set[int] = set()
    for a, b in merge(spans):
        found.update(i for i in range(max(0, a), min(len(text), b)) if text[i].isalnum())
    return frozenset(found)


def same_spans(text: str, spans_by_coder: Mapping[str, Sequence[Span]]) -> bool:
    """Whether every coder's spans cover the same letters and digits of ``text``."""
    covers = {covered_letters(text, spans) for spans in spans_by_coder.values()}
    return len(covers) <= 1


def quote(text: str, span: Span, findings: Sequence[Any] = ()) -> str:
    """``text[a:b]`` with the redactor's findings replaced; a name the span cuts through is replaced whole (a span
    ending inside "Ana Lucía Britez" must not show "Ana Lucía")."""
    from atlas_qual.redaction import redacted_slice

    return redacted_slice(text, span[0], span[1], findings)


def quotes(text: str, spans: Sequence[Span], findings: Sequence[Any] = ()) -> tuple[SpanQuote, ...]:
    """Each span as a SpanQuote (a span over the whole turn says so)."""
    return tuple(SpanQuote(a, b, quote(text, (a, b), findings), (a, b) == (0, len(text))) for a, b in spans)


def turn_spans(seg_start: int, seg_end: int, start: int | None, end: int | None) -> Span:
    """A stored coding (transcript code points, None for the whole turn) as a span within its turn."""
    if start is None or end is None:
        return 0, seg_end - seg_start
    return start - seg_start, end - seg_start


def codings_by_pair(s: Session, coders: Sequence[str], segment_ids: Iterable[int]
                    ) -> tuple[dict[tuple[int, int], dict[str, list[Span]]], dict[int, tuple[int, str]]]:
    """(segment, code id) -> coder -> their accepted spans within the turn (merged), for the chosen coders on the
    given segments; and segment id -> (where it starts in the transcript, its text)."""
    pairs: dict[tuple[int, int], dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    texts: dict[int, tuple[int, str]] = {}
    ids = sorted(set(segment_ids))
    for i in range(0, len(ids), 500):
        q = (select(Coding.segment_id, Coding.code_id, Coding.coder, Coding.start, Coding.end, Segment.start,
                    Segment.end, Segment.text)
             .join(Segment, Segment.id == Coding.segment_id)
             .where(Coding.status == "accepted", Coding.coder.in_(list(coders)), Coding.segment_id.in_(ids[i:i + 500])))
        for seg_id, code_id, coder, a, b, seg_a, seg_b, text in s.execute(q):
            pairs[(seg_id, code_id)][coder].append(turn_spans(seg_a, seg_b, a, b))
            texts[seg_id] = (seg_a, text)
    return {key: {c: merge(v) for c, v in by.items()} for key, by in pairs.items()}, texts


def span_candidates(s: Session, coders: Sequence[str], transcripts: set[int] | None) -> set[int]:
    """Segments where one of the chosen coders coded a span (not the whole turn): only there can spans differ."""
    q = (select(Coding.segment_id, Segment.transcript_id).join(Segment, Segment.id == Coding.segment_id)
         .where(Coding.status == "accepted", Coding.coder.in_(list(coders)), Coding.start.is_not(None)))
    return {seg for seg, tid in s.execute(q) if transcripts is None or tid in transcripts}


def choice_of(text: str, chosen: Sequence[Span], by_coder: Mapping[str, Sequence[Span]]) -> str:
    """Which reconciliation option ``chosen`` (the consensus spans) is: a coder's name when it equals their spans,
    ``union``, ``whole``, or ``other``."""
    mine = covered_letters(text, chosen)
    for coder in sorted(by_coder):
        if covered_letters(text, by_coder[coder]) == mine:
            return coder
    if covered_letters(text, [sp for spans in by_coder.values() for sp in spans]) == mine:
        return "union"
    if covered_letters(text, [(0, len(text))]) == mine:
        return "whole"
    return "other"


__all__ = ["SpanQuote", "merge", "covered_letters", "same_spans", "quote", "quotes", "turn_spans",
           "codings_by_pair", "span_candidates", "choice_of"]
