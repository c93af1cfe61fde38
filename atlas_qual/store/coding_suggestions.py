"""Auto-coding suggestions a coder accepts or rejects, and the passage an accepted suggestion codes.

A suggestion is stored for the whole turn (``origin="auto"``, start/end null) with the words its rules matched
(``Coding.matches``, transcript code points). Accepting it codes the PASSAGE it was found in, not the whole turn: the
sentence(s) holding the matched words (:func:`passages`), as the coding page shows them before the coder accepts;
matches in sentences far apart give one coding per group of adjacent sentences. A suggestion whose rules matched no
words (a speaker or case-attribute condition) still codes the whole turn. The coder can then change, adjust or
remove the coding like any other (atlas_qual.store.coding), and undo the acceptance (atlas_qual.store.undo).

Those of the shared coder ``auto`` (``atlas-qual autocode``) stay ``pending`` for everybody; a coder's decision is
stored as that coder's own codings (status ``accepted`` or ``rejected``), so each coder decides independently and
never sees another's decisions. Suggestions made for a named coder (``autocode --coder ana.gimenez``) are decided in
place. A suggestion counts as decided for a coder once they have any coding of its code on its turn.

Examples:
    >>> text = "Bueno, mire. La fiscalía queda lejos. No hay colectivo. Falta capacitación, dijo."
    >>> [text[a:b] for a, b in passages(text, 0, [(text.index("Falta"), text.index("Falta") + 5)])]
    ['Falta capacitación, dijo.']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.coding_ids import check_coder
from atlas_qual.store.coding_ids import same_span as _same_span
from atlas_qual.store.coding_ids import new_guid as _new_guid
from atlas_qual.store.db import Project
from atlas_qual.store.models import Coding, Segment
from atlas_qual.store.undo import tracked

AUTO_CODER = "auto"
# a sentence longer than this (transcribed speech often runs on with commas only) is narrowed to its clauses
LONG_SENTENCE = 320
MIN_PASSAGE = 60  # a narrowed passage takes neighbouring clauses until it is at least this long

_END = re.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s)|\n")
_CLAUSE_END = re.compile(r"[,;:]+(?=\s)")
# abbreviations after which a period does not end the sentence ("la Dra. Benítez", "el Sr. Ortiz")
_ABBREVIATIONS = frozenset(
    "sr sra srta dr dra lic ing abg abog prof arq ud uds vd vds av avda nro núm num art dpto depto pág pag cap "
    "tel cel aprox gral cnel sto sta ej p.ej vs".split())


def _trimmed(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def _next_char(text: str, i: int) -> str:
    while i < len(text) and text[i].isspace():
        i += 1
    return text[i] if i < len(text) else ""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a turn as (start, end) code points within it, without surrounding blanks. A sentence ends
    at . ! ? … (with closing quotes or brackets) before a blank and a word that does not go on in lower case, or
    at a line break; "Dra." and the like do not end one.

    Examples:
        >>> t = "La Dra. Benítez llegó... tarde. ¿Y después? Nada.\\nOtra línea"
        >>> [t[a:b] for a, b in sentence_spans(t)]
        ['La Dra. Benítez llegó... tarde.', '¿Y después?', 'Nada.', 'Otra línea']
    """
    out: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group() != "\n":
            following = _next_char(text, m.end())
            if following and following.islower():
                continue  # "llegó... tarde", "etc. y"
            word = re.search(r"(\S+)$", text[start:m.start()])
            token = word.group(1).lower() if word else ""
            if m.group().startswith(".") and len(m.group()) == 1 and (
                    token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())):
                continue  # "Sr. Ortiz", "M. Aquino"
        span = _trimmed(text, start, m.end())
        if span:
            out.append(span)
        start = m.end()
    span = _trimmed(text, start, len(text))
    if span:
        out.append(span)
    return out


def _narrow(text: str, a: int, b: int, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A long sentence (a, b) narrowed to the clauses holding ``hits``, each grown to ``MIN_PASSAGE``."""
    cuts = [a] + [m.end() for m in _CLAUSE_END.finditer(text, a, b)] + [b]
    clauses = [c for c in (_trimmed(text, x, y) for x, y in zip(cuts, cuts[1:])) if c]
    picked = [i for i, (x, y) in enumerate(clauses) if any(ha < y and x < hb for ha, hb in hits)]
    if not picked:
        return [(a, b)]
    out: list[list[int]] = []
    for i in picked:
        if out and i <= out[-1][1] + 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    for group in out:
        while clauses[group[1]][1] - clauses[group[0]][0] < MIN_PASSAGE and (
                group[0] > 0 or group[1] < len(clauses) - 1):
            if group[1] < len(clauses) - 1:
                group[1] += 1
            if clauses[group[1]][1] - clauses[group[0]][0] < MIN_PASSAGE and group[0] > 0:
                group[0] -= 1
    merged: list[tuple[int, int]] = []
    for i, j in out:
        x, y = clauses[i][0], clauses[j][1]
        if merged and x <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(y, merged[-1][1]))
        else:
            merged.append((x, y))
    return merged


def passages(text: str, offset: int, matches: Iterable[Sequence[int]]) -> list[tuple[int, int]]:
    """Where a suggestion found its evidence in a turn: the sentences holding the matched words (``matches`` in
    transcript code points, the turn starting at ``offset``), adjacent sentences joined, in transcript code points.
    Empty when nothing matched inside the turn (a speaker or attribute rule: the whole turn).

    Examples:
        >>> t = "Uno. Falta plata. Dos. Tres. Falta gente."
        >>> [t[a:b] for a, b in passages(t, 0, [(5, 10), (29, 34)])]
        ['Falta plata.', 'Falta gente.']
        >>> passages("Falta todo.", 100, [(100, 105)])
        [(100, 111)]
    """
    n = len(text)
    hits = sorted({(max(0, int(a) - offset), min(n, int(b) - offset)) for a, b in matches
                   if int(b) > offset and int(a) < offset + n})
    hits = [(a, b) for a, b in hits if a < b]
    if not hits:
        return []
    sentences = sentence_spans(text) or [(0, n)]
    picked = [i for i, (x, y) in enumerate(sentences) if any(a < y and x < b for a, b in hits)]
    runs: list[list[int]] = []
    for i in picked:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    out: list[tuple[int, int]] = []
    for i, j in runs:
        x, y = sentences[i][0], sentences[j][1]
        if i == j and y - x > LONG_SENTENCE:
            out.extend(_narrow(text, x, y, [h for h in hits if h[0] < y and x < h[1]]))
        else:
            out.append((x, y))
    if not out:  # a match on blanks only: the words themselves
        out = hits
    return [(offset + a, offset + b) for a, b in out]


def suggestion_passages(seg, suggestion) -> list[tuple[int, int]]:
    """The passages accepting ``suggestion`` (a Coding or CodingView) codes on ``seg`` (a Segment or SegmentView),
    in transcript code points; ``[(seg.start, seg.end)]`` for the whole turn."""
    if suggestion.start is not None and suggestion.end is not None:
        return [(suggestion.start, suggestion.end)]
    return passages(seg.text, seg.start, suggestion.matches or ()) or [(seg.start, seg.end)]


def _accept(s: Session, row: Coding, coder: str) -> list[int]:
    seg = s.get(Segment, row.segment_id)
    spans = []
    for a, b in suggestion_passages(seg, row):
        spans.append((None, None) if (a, b) == (seg.start, seg.end) else (a, b))
    own_pending = row.coder == coder and row.status == "pending"
    ids, moved = [], False
    for a, b in spans:
        inside = [list(m) for m in (row.matches or []) if a is None or (m[0] < b and a < m[1])]
        mine = s.scalar(select(Coding).where(Coding.segment_id == row.segment_id, Coding.code_id == row.code_id,
                                             Coding.coder == coder, _same_span(a, b)))
        if mine is None and own_pending and not moved:
            row.start, row.end, row.matches, moved = a, b, inside, True
            mine = row
        elif mine is None:
            mine = Coding(segment_id=row.segment_id, code_id=row.code_id, coder=coder, origin="auto", start=a, end=b,
                          rule=row.rule, matches=inside, guid=_new_guid())
            s.add(mine)
        mine.status = "accepted"
        s.flush()
        ids.append(mine.id)
    if own_pending and row.status == "pending":  # every passage was coded already: the suggestion is done
        s.delete(row)
    return ids


def _decide(s: Session, coding_id: int, coder: str, status: str) -> list[int]:
    row = s.get(Coding, int(coding_id))
    if row is None:
        raise AtlasQualError("suggestion_unknown", id=coding_id)
    if row.coder != coder and (row.coder != AUTO_CODER or row.origin != "auto"):
        raise AtlasQualError("coding_not_yours", id=coding_id)
    if status == "accepted" and row.origin == "auto" and row.status == "pending":
        return _accept(s, row, coder)
    if row.coder == coder:
        row.status = status
        return [row.id]
    mine = s.scalar(select(Coding).where(Coding.segment_id == row.segment_id, Coding.code_id == row.code_id,
                                         Coding.coder == coder, _same_span(row.start, row.end)))
    if mine is not None:
        if mine.status != "accepted" or status == "accepted":
            mine.status = status
        return [mine.id]
    mine = Coding(segment_id=row.segment_id, code_id=row.code_id, coder=coder, origin="auto", status=status,
                  start=row.start, end=row.end, rule=row.rule, matches=list(row.matches or []), guid=_new_guid())
    s.add(mine)
    s.flush()
    return [mine.id]


def _decide_many(s: Session, ids: list[int], coder: str, status: str) -> list[int]:
    segments = [sid for (sid,) in s.execute(select(Coding.segment_id).where(Coding.id.in_([int(i) for i in ids])))]
    kind = "accept" if status == "accepted" else "reject"
    first = {}
    for cid in ids:
        row = s.get(Coding, int(cid))
        if row is not None:
            first = {"code_id": row.code_id}
            break
    summary = {**first, "segment_id": segments[0] if len(set(segments)) == 1 else None, "codings": len(ids)}

    def _go() -> list[int]:
        return [made for cid in ids for made in _decide(s, cid, coder, status)]

    return tracked(s, coder, segments, kind, summary, _go)


def accept_suggestions(project: Project, coding_ids: Iterable[int], coder: str) -> list[int]:
    """Accept suggestions as ``coder`` (one transaction, one undoable action): each codes the passage it was found
    in (:func:`passages`). Returns the ids of the coder's resulting codings (one per passage)."""
    coder = check_coder(coder)
    ids = list(coding_ids)
    return project.write(lambda s: _decide_many(s, ids, coder, "accepted"))


def reject_suggestions(project: Project, coding_ids: Iterable[int], coder: str) -> list[int]:
    """Reject suggestions as ``coder``; they stop showing for this coder only."""
    coder = check_coder(coder)
    ids = list(coding_ids)
    return project.write(lambda s: _decide_many(s, ids, coder, "rejected"))


def accept_suggestion(project: Project, coding_id: int, coder: str) -> int:
    """Accept one suggestion as ``coder``; returns the id of the coding of its (first) passage.

    Examples:
        >>> # accept_suggestion(project, suggestion_id, "ana.gimenez")
    """
    return accept_suggestions(project, [coding_id], coder)[0]


def reject_suggestion(project: Project, coding_id: int, coder: str) -> int:
    """Reject one suggestion as ``coder``."""
    return reject_suggestions(project, [coding_id], coder)[0]
