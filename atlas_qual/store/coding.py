"""Coding over the store: apply, remove and change codes (each an undoable action, atlas_qual.store.undo),
auto-coding suggestions a coder accepts or rejects, the pages of the coding app (blind: a coder sees only their own
codings, the pending suggestions and their own memos on turns; code and interview memos are shared) and the demo step. Codings CSV import/export, retrieval,
matrices and Excel are in atlas_qual.store.coding_io, memos in atlas_qual.store.memos.

Suggestions are codings with ``origin="auto"``. Those of the shared coder ``auto`` (``atlas-qual autocode``) stay
``pending`` for everybody; when a coder accepts or rejects one, the decision is stored as that coder's own coding
(status ``accepted`` or ``rejected``), so each coder decides independently and never sees another's decisions.
Suggestions made for a named coder (``autocode --coder ana.gimenez``) are decided in place. Accepting one codes the
passage it was found in, not the whole turn (atlas_qual.store.coding_suggestions).

Codings CSV import is all or nothing per file: every row is checked first and, if any row is wrong, the file's
errors are listed (file, row, what and how to fix) and nothing of it is stored, so a half-imported coding file can
never skew agreement figures; the good files of a batch are still imported, each in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from sqlalchemy import and_, delete, false, func, or_, select
from sqlalchemy.orm import Session

from atlas_qual.codebook import CodeIndex, CodeRef
from atlas_qual.errors import AtlasQualError
from atlas_qual.store.codebook import CodeArg, index_of
from atlas_qual.store.coding_ids import check_coder
from atlas_qual.store.coding_ids import same_span as _same_span
from atlas_qual.store.coding_ids import new_guid as _new_guid
from atlas_qual.store.db import Project
from atlas_qual.store.models import Coding, Memo, Segment, Transcript
from atlas_qual.store.coding_suggestions import (  # noqa: F401  (the suggestions' API, also from here)
    AUTO_CODER,
    accept_suggestion,
    accept_suggestions,
    reject_suggestion,
    reject_suggestions,
)
from atlas_qual.store.undo import tracked

NON_CODERS = ("auto", "consenso", "consensus")  # not a person's independent judgement (same as agreement)
ATTRIBUTES = ("dmop", "territory", "institution", "role", "mode", "language", "interviewer", "pseudonym")
MEMO_KINDS = ("segment", "code", "transcript")  # also in atlas_qual.store.memos
PAGE_SIZE = 25
_ATTR_COLUMN = {"dmop": Transcript.dmop_id, "territory": Transcript.territory_id,
                "institution": Transcript.institution_id, "role": Transcript.role, "mode": Transcript.mode,
                "language": Transcript.language, "interviewer": Transcript.interviewer,
                "pseudonym": Transcript.pseudonym}


def _resolve(index: CodeIndex, code: CodeArg) -> CodeRef:
    return index.resolve(code.id if isinstance(code, CodeRef) else code)


def _guids(n: int) -> list[str]:
    """``n`` distinct GUIDs for a bulk insert: random per batch (version-4 layout) with a counter in the last
    group, so that they stay unique and the unique index on ``guid`` is appended to instead of written all over."""
    base = uuid.uuid4().hex
    head = f"{base[:8]}-{base[8:12]}-4{base[13:16]}-{'89ab'[int(base[16], 16) % 4]}{base[17:20]}-{base[20:22]}"
    return [f"{head}{i:010x}" for i in range(n)]


def _spans_json(spans) -> str:
    return "[" + ",".join([f"[{a},{b}]" for a, b in spans]) + "]"


def list_coders(project: Project, *, include_auto: bool = False) -> list[str]:
    """Everybody who has codings (or decided suggestions) in the project, sorted."""
    with project.session() as s:
        coders = [c for (c,) in s.execute(select(Coding.coder).distinct())]
    return sorted(c for c in coders if include_auto or c != AUTO_CODER)


# --- applying and removing ------------------------------------------------------------------------------------


def _segment(s: Session, segment_id: int) -> Segment:
    seg = s.get(Segment, int(segment_id))
    if seg is None:
        raise AtlasQualError("segment_unknown", id=segment_id)
    return seg


def _span(seg: Segment, start: int | None, end: int | None) -> tuple[int | None, int | None]:
    if start is None and end is None:
        return None, None
    start = seg.start if start is None else int(start)
    end = seg.end if end is None else int(end)
    if not (seg.start <= start < end <= seg.end):
        raise AtlasQualError("span_outside_segment", id=seg.id, start=start, end=end, seg_start=seg.start,
                             seg_end=seg.end)
    if (start, end) == (seg.start, seg.end):  # the whole turn is the segment-level coding
        return None, None
    return start, end


def apply_code(project: Project, segment_id: int, code: CodeArg, coder: str, *, start: int | None = None,
               end: int | None = None) -> int:
    """Apply ``code`` to a segment (or to the span ``start:end`` of it, transcript code points) as ``coder``;
    applying it twice keeps one coding; a pending or rejected suggestion of the same code becomes accepted.
    Returns the coding id.

    Examples:
        >>> # apply_code(project, 12, "Evaluación/Debilidades", "ana.gimenez")
    """
    coder = check_coder(coder)

    def _apply(s: Session) -> int:
        ref = _resolve(index_of(s), code)
        seg = _segment(s, segment_id)
        a, b = _span(seg, start, end)
        return tracked(s, coder, [seg.id], "apply", {"code_id": ref.id, "segment_id": seg.id, "start": a, "end": b},
                       lambda: _apply_row(s, seg, ref, a, b))

    def _apply_row(s: Session, seg: Segment, ref: CodeRef, a: int | None, b: int | None) -> int:
        row = s.scalar(select(Coding).where(Coding.segment_id == seg.id, Coding.code_id == ref.id,
                                            Coding.coder == coder, _same_span(a, b)))
        if row is not None:
            row.status = "accepted"
            return row.id
        row = Coding(segment_id=seg.id, code_id=ref.id, coder=coder, origin="manual", status="accepted", start=a,
                     end=b, guid=_new_guid())
        s.add(row)
        s.flush()
        return row.id

    return project.write(_apply)


def apply_codes(project: Project, segment_id: int, codes: Sequence[CodeArg], coder: str, *,
                start: int | None = None, end: int | None = None) -> list[int]:
    """Apply several codes to the same segment or span (transcript code points) as ``coder`` in one transaction,
    undone and redone as one action. Returns the coding ids, in the order of ``codes``.

    Examples:
        >>> # apply_codes(project, 12, ["Debilidades", "Procesos/Derivación"], "ana.gimenez", start=340, end=371)
    """
    coder = check_coder(coder)
    if not codes:
        raise AtlasQualError("code_unknown", code="", hint="")

    def _apply(s: Session) -> list[int]:
        index = index_of(s)
        refs = list({r.id: r for r in (_resolve(index, c) for c in codes)}.values())
        seg = _segment(s, segment_id)
        a, b = _span(seg, start, end)

        def _rows() -> list[int]:
            out = []
            for ref in refs:
                row = s.scalar(select(Coding).where(Coding.segment_id == seg.id, Coding.code_id == ref.id,
                                                    Coding.coder == coder, _same_span(a, b)))
                if row is None:
                    row = Coding(segment_id=seg.id, code_id=ref.id, coder=coder, origin="manual", start=a, end=b,
                                 guid=_new_guid())
                    s.add(row)
                row.status = "accepted"
                s.flush()
                out.append(row.id)
            return out

        summary = {"code_id": refs[0].id, "codes": [r.id for r in refs], "segment_id": seg.id, "start": a, "end": b}
        return tracked(s, coder, [seg.id], "apply", summary, _rows)

    return project.write(_apply)


def remove_code(project: Project, segment_id: int, code: CodeArg, coder: str, *, start: int | None = None,
                end: int | None = None) -> int:
    """Remove ``coder``'s coding of ``code`` from a segment (every span of it when no span is given). A removed
    accepted suggestion is kept as rejected so it is not suggested again. Returns how many codings went."""
    coder = check_coder(coder)

    def _remove(s: Session) -> int:
        ref = _resolve(index_of(s), code)
        seg = _segment(s, segment_id)
        summary = {"code_id": ref.id, "segment_id": seg.id, "start": start, "end": end}
        return tracked(s, coder, [seg.id], "remove", summary, lambda: _remove_rows(s, seg, ref))

    def _remove_rows(s: Session, seg: Segment, ref: CodeRef) -> int:
        q = select(Coding).where(Coding.segment_id == seg.id, Coding.code_id == ref.id, Coding.coder == coder,
                                 Coding.status == "accepted")
        if start is not None or end is not None:
            a, b = _span(seg, start, end)
            q = q.where(_same_span(a, b))
        removed = 0
        for row in s.scalars(q).all():
            if row.origin == "auto":
                row.status = "rejected"
            else:
                s.delete(row)
            removed += 1
        return removed

    return project.write(_remove)


def remove_coding(project: Project, coding_id: int, coder: str) -> None:
    """Remove one of ``coder``'s own codings by id (another coder's coding cannot be removed)."""
    coder = check_coder(coder)

    def _remove(s: Session) -> None:
        row = s.get(Coding, int(coding_id))
        if row is None:
            raise AtlasQualError("suggestion_unknown", id=coding_id)
        if row.coder != coder:
            raise AtlasQualError("coding_not_yours", id=coding_id)
        summary = {"code_id": row.code_id, "segment_id": row.segment_id, "start": row.start, "end": row.end}

        def _go() -> None:
            if row.origin == "auto":
                row.status = "rejected"
            else:
                s.delete(row)

        tracked(s, coder, [row.segment_id], "remove", summary, _go)

    project.write(_remove)


def change_coding(project: Project, coding_id: int, code: CodeArg, coder: str) -> int:
    """Give one of ``coder``'s codings another code, on the same text (undoable). When the coder already has that
    code on exactly that text, the two become one. Returns the id of the resulting coding.

    Examples:
        >>> # change_coding(project, 41, "Evaluación/Fortalezas", "ana.gimenez")
    """
    coder = check_coder(coder)

    def _change(s: Session) -> int:
        ref = _resolve(index_of(s), code)
        row = s.get(Coding, int(coding_id))
        if row is None:
            raise AtlasQualError("suggestion_unknown", id=coding_id)
        if row.coder != coder:
            raise AtlasQualError("coding_not_yours", id=coding_id)
        summary = {"code_id": ref.id, "segment_id": row.segment_id, "start": row.start, "end": row.end,
                   "old_code_id": row.code_id}

        def _go() -> int:
            if row.code_id == ref.id:
                return row.id
            same = s.scalar(select(Coding).where(Coding.segment_id == row.segment_id, Coding.code_id == ref.id,
                                                 Coding.coder == coder, _same_span(row.start, row.end)))
            if same is not None:
                same.status = "accepted"
                s.delete(row)
                return same.id
            row.code_id, row.status = ref.id, "accepted"
            if row.origin == "auto":  # the coder's own judgement now, not the rule's
                row.origin, row.rule, row.matches = "manual", "", []
            return row.id

        return tracked(s, coder, [row.segment_id], "change", summary, _go)

    return project.write(_change)


def resize_coding(project: Project, coding_id: int, coder: str, start: int | None, end: int | None) -> int:
    """Move one of ``coder``'s codings to other words of its turn (``start:end``, transcript code points; None for
    the whole turn), keeping its code (undoable): e.g. an accepted suggestion's passage made shorter or longer.
    When the coder already has that code on exactly those words, the two become one. Returns the coding's id.

    Examples:
        >>> # resize_coding(project, 41, "ana.gimenez", 1210, 1262)
    """
    coder = check_coder(coder)

    def _resize(s: Session) -> int:
        row = s.get(Coding, int(coding_id))
        if row is None:
            raise AtlasQualError("suggestion_unknown", id=coding_id)
        if row.coder != coder:
            raise AtlasQualError("coding_not_yours", id=coding_id)
        seg = _segment(s, row.segment_id)
        a, b = _span(seg, start, end)
        summary = {"code_id": row.code_id, "segment_id": seg.id, "start": a, "end": b, "old_start": row.start,
                   "old_end": row.end}

        def _go() -> int:
            if (row.start, row.end) == (a, b):
                return row.id
            same = s.scalar(select(Coding).where(Coding.segment_id == seg.id, Coding.code_id == row.code_id,
                                                 Coding.coder == coder, _same_span(a, b)))
            if same is not None:
                same.status = "accepted"
                s.delete(row)
                return same.id
            row.start, row.end, row.status = a, b, "accepted"
            lo, hi = (seg.start, seg.end) if a is None else (a, b)
            row.matches = [list(m) for m in (row.matches or []) if m[0] < hi and lo < m[1]]
            return row.id

        return tracked(s, coder, [seg.id], "resize", summary, _go)

    return project.write(_resize)


# --- suggestions: atlas_qual.store.coding_suggestions (accepting codes the passage a suggestion was found in) ----


@dataclass
class AutocodeReport:
    """What one auto-coding run did: transcripts and segments read, suggestions added, refreshed and withdrawn
    (pending ones whose rule no longer fires), per code path."""

    coder: str
    transcripts: int = 0
    segments: int = 0
    suggestions: int = 0
    updated: int = 0
    withdrawn: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    rules: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"coder": self.coder, "transcripts": self.transcripts, "segments": self.segments,
                "suggestions": self.suggestions, "updated": self.updated, "withdrawn": self.withdrawn,
                "by_code": dict(self.by_code), "rules": list(self.rules)}


def _attributes(t: Transcript) -> dict[str, Any]:
    return {"dmop": t.dmop_id, "territory": t.territory_id, "institution": t.institution_id, "role": t.role,
            "mode": t.mode, "language": t.language, "interviewer": t.interviewer, "pseudonym": t.pseudonym}


def _units(s: Session, transcript_ids: Sequence[int]):
    from atlas_qual.coding import Unit
    from atlas_qual.transcripts.speakers import asking_label

    transcripts = {t.id: t for t in s.scalars(select(Transcript).where(Transcript.id.in_(transcript_ids)))}
    attrs = {tid: _attributes(t) for tid, t in transcripts.items()}
    rows = s.execute(select(Segment.id, Segment.transcript_id, Segment.text, Segment.speaker, Segment.start)
                     .where(Segment.transcript_id.in_(transcript_ids))
                     .order_by(Segment.transcript_id, Segment.ordinal)).all()
    speakers: dict[int, set] = {}
    for _sid, tid, _text, speaker, _start in rows:
        speakers.setdefault(tid, set()).add(speaker)
    for tid, labels in speakers.items():  # "E:"/"I:" or "I:"/"R:": who asks depends on the other letter
        attrs[tid]["asking"] = asking_label(labels)
    return [Unit(sid, text, speaker, start, attrs[tid], transcripts[tid].language or "es")
            for sid, tid, text, speaker, start in rows]


def _suggest(units, rules, matchers: dict) -> list:
    """The rules' suggestions for the interviewees' turns. A turn of the interviewer (``P:``, ``Entrevistadora:``,
    the header's interviewer by name) is a question: "¿Cómo funciona la derivación?" would otherwise be suggested
    Derivación on every interview; only a code whose rules name speakers is suggested there."""
    from atlas_qual.coding import autocode
    from atlas_qual.transcripts.speakers import is_interviewer_label

    asked = {u.id for u in units if (u.speaker is not None and u.speaker == u.attributes.get("asking"))
             or is_interviewer_label(u.speaker, u.attributes.get("interviewer"))}
    out = autocode([u for u in units if u.id not in asked], rules, matchers=matchers)
    by_speaker = [(key, r) for key, r in rules if r.speakers]
    if asked and by_speaker:  # compiled apart: a matcher holds the rules it was built with
        out += autocode([u for u in units if u.id in asked], by_speaker,
                        matchers=matchers.setdefault("interviewer_turns", {}))
    return out


def autocode_project(
    project: Project,
    *,
    transcript_ids: Sequence[int] | None = None,
    coder: str = AUTO_CODER,
    progress: Callable[[int, int], Any] | None = None,
    chunk_segments: int = 4000,
    matchers: dict | None = None,
) -> AutocodeReport:
    """Run the codebook's rules over the transcripts (default: all) and store the suggestions as ``coder``'s
    pending codings (origin auto). Re-running refreshes pending suggestions, withdraws those whose rule no longer
    fires and never re-suggests what the coder already accepted, rejected or coded. Each chunk of transcripts is
    one transaction. ``progress(done_transcripts, total)`` is called as chunks finish.

    Examples:
        >>> # autocode_project(project, transcript_ids=[3]).suggestions
    """
    from atlas_qual.coding import gc_paused

    with gc_paused():
        return _autocode_project(project, transcript_ids, coder, progress, chunk_segments, matchers)


def _autocode_project(project, transcript_ids, coder, progress, chunk_segments, matchers) -> AutocodeReport:
    from atlas_qual.store.codebook import code_rules

    coder = check_coder(coder)
    rules = code_rules(project)
    if not rules:
        raise AtlasQualError("autocode_no_rules")
    with project.session() as s:
        all_ids = [tid for (tid,) in s.execute(select(Transcript.id).order_by(Transcript.id))]
        sizes = dict(s.execute(select(Segment.transcript_id, func.count()).group_by(Segment.transcript_id)).all())
        paths = {ref.id: ref.path for ref in index_of(s)}
    if transcript_ids is not None:
        wanted = [int(t) for t in transcript_ids]
        known = set(all_ids)
        for tid in wanted:
            if tid not in known:
                raise AtlasQualError("transcript_unknown", id=tid)
        all_ids = [t for t in all_ids if t in set(wanted)]
    report = AutocodeReport(coder=coder, transcripts=len(all_ids))
    chunks: list[list[int]] = [[]]
    size = 0
    for tid in all_ids:
        if chunks[-1] and size + sizes.get(tid, 0) > chunk_segments:
            chunks.append([])
            size = 0
        chunks[-1].append(tid)
        size += sizes.get(tid, 0)
    matchers = {} if matchers is None else matchers
    by_code: dict[int, int] = defaultdict(int)
    done = 0
    for chunk in chunks:
        if not chunk:
            continue
        with project.session() as s:
            units = _units(s, chunk)
        report.segments += len(units)
        suggestions = _suggest(units, rules, matchers if matchers is not None else {})

        def _store(s: Session, chunk=chunk, suggestions=suggestions) -> None:
            segment_ids = select(Segment.id).where(Segment.transcript_id.in_(chunk))
            existing = s.execute(select(Coding.id, Coding.segment_id, Coding.code_id, Coding.status, Coding.origin,
                                        Coding.rule, Coding.matches)
                                 .where(Coding.coder == coder, Coding.segment_id.in_(segment_ids))).all()
            # an accepted suggestion codes a passage (a span): any decision or coding of the code on the turn counts
            decided = {(r.segment_id, r.code_id) for r in existing if not (r.status == "pending" and r.origin == "auto")}
            pending = {(r.segment_id, r.code_id): r for r in existing if r.status == "pending" and r.origin == "auto"}
            now = _db_now(s)
            new_rows, seen = [], set()
            for sug in suggestions:
                key = (sug.segment_id, sug.code)
                if key in decided or key in seen:
                    continue
                seen.add(key)
                old = pending.get(key)
                if old is not None:
                    matches = [list(span) for span in sug.spans]
                    if old.rule != sug.rule or list(old.matches or []) != matches:
                        s.execute(Coding.__table__.update().where(Coding.id == old.id)
                                  .values(rule=sug.rule, matches=matches))
                        report.updated += 1
                    continue
                new_rows.append(sug)
                by_code[sug.code] += 1
            gone = [r.id for key, r in pending.items() if key not in seen]
            if gone:
                s.execute(delete(Coding).where(Coding.id.in_(gone)))
                report.withdrawn += len(gone)
            if new_rows:
                _insert_codings(s, [(sug.segment_id, sug.code, coder, "auto", "pending", None, None, sug.rule,
                                     _spans_json(sug.spans), now, guid)
                                    for sug, guid in zip(new_rows, _guids(len(new_rows)))])
                report.suggestions += len(new_rows)

        project.write(_store)
        done += len(chunk)
        if progress:
            progress(done, len(all_ids))
    report.by_code = {paths.get(cid, str(cid)): n for cid, n in sorted(by_code.items(), key=lambda kv: -kv[1])}
    return report


_CODING_COLUMNS = ("segment_id", "code_id", "coder", "origin", "status", "start", "end", "rule", "matches",
                   "created_at", "guid")


def _db_now(s: Session):
    """Now (UTC, naive) as the driver stores it in a raw insert: SQLite keeps SQLAlchemy's text form."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    return now.strftime("%Y-%m-%d %H:%M:%S.%f") if s.get_bind().dialect.name == "sqlite" else now


def _insert_codings(s: Session, rows: list[tuple]) -> None:
    """Insert many codings (tuples in ``_CODING_COLUMNS`` order, ``matches`` already JSON) with one driver-level
    executemany: tens of thousands of suggestions would otherwise spend most of their time in per-row type
    processing."""
    conn = s.connection()
    placeholder = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(conn.dialect.paramstyle)
    if placeholder is None:  # a driver with another parameter style: the portable (slower) path
        s.execute(Coding.__table__.insert(), [
            {**dict(zip(_CODING_COLUMNS, r)), "matches": json.loads(r[8])} for r in rows])
        return
    quote = conn.dialect.identifier_preparer.quote
    head = f"INSERT INTO {quote(Coding.__tablename__)} ({', '.join(quote(c) for c in _CODING_COLUMNS)}) VALUES "
    row = f"({', '.join([placeholder] * len(_CODING_COLUMNS))})"
    full = 0
    if placeholder == "?":  # SQLite: many rows per statement (cheaper than one statement per row), in their order
        from atlas_qual.store.search_index import rows_per_insert

        width = len(_CODING_COLUMNS)
        per = rows_per_insert(conn, width)
        full = len(rows) // per * per
        if full:
            flat = list(chain.from_iterable(rows[:full]))
            conn.exec_driver_sql(head + ", ".join([row] * per),
                                 [tuple(flat[i:i + width * per]) for i in range(0, len(flat), width * per)])
    if full < len(rows):
        conn.exec_driver_sql(head + row, rows[full:])


def rule_quality(project: Project, coder: str, *, transcript_ids: Sequence[int] | None = None,
                 matchers: dict | None = None) -> list[dict[str, Any]]:
    """Precision and recall of every auto-coding rule against ``coder``'s own codings (manual or imported, not
    accepted suggestions), on the transcripts the coder coded. One dict per rule plus one ``"*"`` row per code.

    Examples:
        >>> # rule_quality(project, "ana.gimenez")[0] -> {"code": "Evaluación/Fortalezas", "rule": "*", ...}
    """
    from atlas_qual.coding import rule_labels, rule_scores
    from atlas_qual.store.codebook import code_rules

    coder = check_coder(coder)
    rules = code_rules(project)
    with project.session() as s:
        q = (select(Coding.segment_id, Coding.code_id, Segment.transcript_id)
             .join(Segment, Segment.id == Coding.segment_id)
             .where(Coding.coder == coder, Coding.status == "accepted", Coding.origin != "auto"))
        manual = s.execute(q).all()
        covered = sorted({tid for _sid, _cid, tid in manual})
        if transcript_ids is not None:
            covered = [t for t in covered if t in set(transcript_ids)]
        if not covered or not rules:
            return []
        units = _units(s, covered)
        paths = {ref.id: ref.path for ref in index_of(s)}
    suggestions = _suggest(units, rules, matchers if matchers is not None else {})
    scope = [u.id for u in units]
    scores = rule_scores(suggestions, [(sid, cid) for sid, cid, _t in manual], scope=scope,
                         rules_by_code={cid: rule_labels(r) for cid, r in rules})
    out = []
    for score in scores:
        row = score.to_dict()
        row["code"] = paths.get(score.code, str(score.code))
        row["coder"] = coder
        out.append(row)
    return out


# --- the coding app's page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodingView:
    """One of the coder's codings or a suggestion visible to them, on a segment."""

    id: int
    code_id: int
    origin: str
    status: str
    start: int | None
    end: int | None
    rule: str
    matches: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SegmentView:
    id: int
    ordinal: int
    speaker: str | None
    text: str
    start: int
    end: int
    codings: tuple[CodingView, ...]
    suggestions: tuple[CodingView, ...]
    memo: str = ""  # the coder's own memo on the turn
    memos: tuple[tuple[str, str], ...] = ()  # memos on the turn (author, text): the coder's own (blind coding)


@dataclass(frozen=True)
class CodingPage:
    """What the coding app shows: one page of one transcript's segments for one coder (blind), and progress."""

    transcript_id: int
    title: str
    language: str
    coder: str
    page: int
    pages: int
    page_size: int
    matching: int  # segments that pass the filter
    total: int  # segments of the transcript
    coded: int  # segments with at least one of the coder's accepted codings
    segments: tuple[SegmentView, ...]
    speakers: tuple[str, ...]
    filter: str


def transcript_choices(project: Project, lang: str = "es") -> list[tuple[int, str]]:
    """(id, label) of every transcript for the picker: "#3 E-07 · Title (DMOP, territory name)", with the
    interviewee's pseudonym as their turns show it (unless the title already says it)."""
    from atlas_qual.store.models import Territory

    with project.session() as s:
        rows = s.execute(select(Transcript.id, Transcript.title, Transcript.dmop_id, Transcript.territory_id,
                                Transcript.pseudonym).order_by(Transcript.id)).all()
        names = {tr.id: (tr.name_en if lang == "en" and tr.name_en else tr.name) for tr in s.scalars(select(Territory))}
    out = []
    for tid, title, dmop, territory, pseudonym in rows:
        extra = ", ".join(x for x in (dmop, names.get(territory, territory) if territory else None) if x)
        out.append((tid, f"#{tid} {with_pseudonym(title or '', pseudonym)}" + (f" ({extra})" if extra else "")))
    return out


def with_pseudonym(title: str, pseudonym: str | None) -> str:
    """A transcript's title led by the interviewee's pseudonym, as their turns show it (unless it says it already).

    Examples:
        >>> with_pseudonym("Entrevista en Pilar", "E-07"), with_pseudonym("E-07 en Pilar", "E-07")
        ('E-07 · Entrevista en Pilar', 'E-07 en Pilar')
    """
    return f"{pseudonym} · {title}" if pseudonym and pseudonym not in title else title


def _visible(coder: str | None):
    """Codings a coder may see: their own and the shared auto suggestions still pending."""
    shared = and_(Coding.coder == AUTO_CODER, Coding.status == "pending")
    if not coder:
        return shared
    return or_(Coding.coder == coder, shared)


def coding_page(project: Project, transcript_id: int, coder: str | None, *, page: int = 1,
                page_size: int = PAGE_SIZE, filter: str = "all") -> CodingPage:
    """One page of a transcript for a coder. ``filter``: ``all``, ``uncoded`` (no accepted coding of the coder),
    ``suggested`` (pending suggestions), ``code:<id>`` (coded by the coder with that code or a subcode) or
    ``speaker:<label>``. Only the coder's own codings and the suggestions they have not decided are included.

    Examples:
        >>> # p = coding_page(project, 1, "ana.gimenez", page=2); p.segments[0].ordinal -> 26
    """
    coder = " ".join((coder or "").split()) or None
    page_size = max(1, int(page_size))
    with project.session() as s:
        t = s.get(Transcript, int(transcript_id))
        if t is None:
            raise AtlasQualError("transcript_unknown", id=transcript_id)
        in_transcript = Segment.transcript_id == t.id
        total = s.scalar(select(func.count()).select_from(Segment).where(in_transcript)) or 0
        mine_accepted = and_(Coding.coder == coder, Coding.status == "accepted") if coder else None
        coded = 0
        if coder:
            coded = s.scalar(select(func.count(func.distinct(Coding.segment_id)))
                             .join(Segment, Segment.id == Coding.segment_id)
                             .where(in_transcript, mine_accepted)) or 0
        speakers = tuple(sp for (sp,) in s.execute(select(Segment.speaker).where(in_transcript,
                                                                                  Segment.speaker.is_not(None))
                                                     .group_by(Segment.speaker).order_by(func.min(Segment.ordinal))))
        kind, _, value = (filter or "all").partition(":")
        base = select(Segment.id).where(in_transcript)
        if kind == "uncoded" and coder:
            base = base.where(~Segment.id.in_(select(Coding.segment_id).where(mine_accepted)))
        elif kind == "code" and value:
            index = index_of(s)
            ref = _resolve(index, int(value) if value.isdigit() else value)
            ids = [ref.id, *index.descendants(ref.id)]
            # blind: without a coder name nobody's codings are shown, so none are filtered on either
            who = mine_accepted if coder else false()
            base = base.where(Segment.id.in_(select(Coding.segment_id).where(who, Coding.code_id.in_(ids))))
        elif kind == "speaker":
            base = base.where(Segment.speaker == value)
        elif kind == "suggested":
            base = base.where(Segment.id.in_(_pending_segments(coder)))
        else:
            kind = "all"
        matching = total if kind == "all" else (s.scalar(select(func.count()).select_from(base.subquery())) or 0)
        pages = max(1, -(-matching // page_size))
        page = min(max(1, int(page)), pages)
        rows_q = (select(Segment).where(Segment.id.in_(base) if kind != "all" else in_transcript)
                  .order_by(Segment.ordinal).offset((page - 1) * page_size).limit(page_size))
        segs = s.scalars(rows_q).all()
        views = _segment_views(s, segs, coder)
        return CodingPage(t.id, t.title, t.language or "es", coder or "", page, pages, page_size, matching, total,
                          coded, tuple(views), speakers, f"{kind}:{value}" if kind in ("code", "speaker") else kind)


def segment_views(project: Project, segment_ids: Sequence[int], coder: str | None) -> list[SegmentView]:
    """The coding page's view of some turns (after an action on them), in turn order."""
    coder = " ".join((coder or "").split()) or None
    with project.session() as s:
        segs = s.scalars(select(Segment).where(Segment.id.in_([int(i) for i in segment_ids]))
                         .order_by(Segment.transcript_id, Segment.ordinal)).all()
        return _segment_views(s, segs, coder)


def coded_count(project: Project, transcript_id: int, coder: str) -> int:
    """Turns of a transcript with at least one of the coder's accepted codings (the page's progress)."""
    with project.session() as s:
        return s.scalar(select(func.count(func.distinct(Coding.segment_id)))
                        .join(Segment, Segment.id == Coding.segment_id)
                        .where(Segment.transcript_id == int(transcript_id), Coding.coder == coder,
                               Coding.status == "accepted")) or 0


def _segment_views(s: Session, segs, coder: str | None) -> list[SegmentView]:
    ids = [seg.id for seg in segs]
    by_segment: dict[int, list[Coding]] = defaultdict(list)
    if ids:
        for c in s.scalars(select(Coding).where(Coding.segment_id.in_(ids), _visible(coder))
                           .order_by(Coding.id)):
            by_segment[c.segment_id].append(c)
    memos: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if ids:
        for target, author, text in s.execute(select(Memo.target_id, Memo.author, Memo.text).where(
                Memo.target_kind == "segment", Memo.target_id.in_(ids)).order_by(Memo.updated_at, Memo.id)):
            memos[target].append((author, text))
    views = []
    for seg in segs:
        mine = [c for c in by_segment[seg.id] if coder and c.coder == coder]
        # decided: any coding of the code by the coder on the turn (an accepted suggestion codes a passage of it,
        # a rejected one stays as a whole-turn row), as the "suggested" filter and a new autocode run count it
        decided = {c.code_id for c in mine}
        codings = tuple(_view(c) for c in mine if c.status == "accepted")
        suggestions = tuple(_view(c) for c in by_segment[seg.id] if c.status == "pending" and (
            c.coder == coder or (c.coder == AUTO_CODER and c.code_id not in decided)))
        own = next((text for author, text in memos.get(seg.id, ()) if coder and author == coder), "")
        # blind: another coder's memo on a turn ("I coded it as Weaknesses") would reveal their coding
        shown = [(author, text) for author, text in memos.get(seg.id, ()) if not coder or author == coder]
        views.append(SegmentView(seg.id, seg.ordinal, seg.speaker, seg.text, seg.start, seg.end, codings,
                                 suggestions, own, tuple(shown)))
    return views


def _pending_segments(coder: str | None):
    """Segments with a suggestion the coder still has to decide (a subquery)."""
    shared = select(Coding.segment_id).where(Coding.coder == AUTO_CODER, Coding.status == "pending")
    if not coder:
        return shared
    mine = Coding.__table__.alias("mine")
    auto = Coding.__table__.alias("auto_s")
    undecided = (select(auto.c.segment_id).where(auto.c.coder == AUTO_CODER, auto.c.status == "pending")
                 .where(~select(mine.c.id).where(mine.c.segment_id == auto.c.segment_id,
                                                 mine.c.code_id == auto.c.code_id, mine.c.coder == coder)
                        .exists()))
    own = select(Coding.segment_id).where(Coding.coder == coder, Coding.status == "pending")
    return undecided.union(own)


def _view(c: Coding) -> CodingView:
    return CodingView(c.id, c.code_id, c.origin, c.status, c.start, c.end, c.rule or "",
                      tuple((int(a), int(b)) for a, b in (c.matches or [])))


def segment_codings(project: Project, segment_id: int, coder: str) -> list[dict[str, Any]]:
    """The coder's accepted codings on one segment (code path, span), for the app's code panel."""
    coder = check_coder(coder)
    with project.session() as s:
        index = index_of(s)
        rows = s.scalars(select(Coding).where(Coding.segment_id == int(segment_id), Coding.coder == coder,
                                              Coding.status == "accepted")).all()
        return [{"id": c.id, "code_id": c.code_id, "code": index.get(c.code_id).path, "start": c.start,
                 "end": c.end, "origin": c.origin} for c in rows]
