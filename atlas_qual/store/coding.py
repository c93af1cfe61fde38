"""Coding over the store: apply and remove codes, auto-coding suggestions a coder accepts or rejects, memos, the
pages of the coding app (blind: a coder sees only their own codings and the pending suggestions), codings CSV
import/export, retrieval, code x attribute matrices, co-occurrence, the Excel export and the demo step.

Suggestions are codings with ``origin="auto"``. Those of the shared coder ``auto`` (``atlas-qual autocode``) stay
``pending`` for everybody; when a coder accepts or rejects one, the decision is stored as that coder's own coding
(status ``accepted`` or ``rejected``), so each coder decides independently and never sees another's decisions.
Suggestions made for a named coder (``autocode --coder ana.gimenez``) change status in place.

Codings CSV import is all or nothing per file: every row is checked first and, if any row is wrong, the file's
errors are listed (file, row, what and how to fix) and nothing of it is stored, so a half-imported coding file can
never skew agreement figures; the good files of a batch are still imported, each in its own transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, false, func, or_, select
from sqlalchemy.orm import Session

from atlas_qual.codebook import CodeIndex, CodeRef, fold, sniff_delimiter
from atlas_qual.errors import AtlasQualError
from atlas_qual.spreadsheet import csv_row, keep_text
from atlas_qual.store.codebook import CodeArg, index_of
from atlas_qual.store.db import Project
from atlas_qual.store.models import Code, Coding, Memo, Segment, Transcript

AUTO_CODER = "auto"
NON_CODERS = ("auto", "consenso", "consensus")  # not a person's independent judgement (same as agreement)
ATTRIBUTES = ("dmop", "territory", "institution", "role", "mode", "language", "interviewer", "pseudonym")
MEMO_KINDS = ("segment", "code", "transcript")
PAGE_SIZE = 25
_ATTR_COLUMN = {"dmop": Transcript.dmop_id, "territory": Transcript.territory_id,
                "institution": Transcript.institution_id, "role": Transcript.role, "mode": Transcript.mode,
                "language": Transcript.language, "interviewer": Transcript.interviewer,
                "pseudonym": Transcript.pseudonym}


def check_coder(coder: str | None) -> str:
    """The coder name as stored (trimmed), or an error saying it is missing.

    Examples:
        >>> check_coder("  ana.gimenez ")
        'ana.gimenez'
    """
    name = " ".join(str(coder or "").split())
    if not name:
        raise AtlasQualError("coder_missing")
    if len(name) > 120:
        raise AtlasQualError("coder_too_long", coder=name[:40])
    return name


def _resolve(index: CodeIndex, code: CodeArg) -> CodeRef:
    return index.resolve(code.id if isinstance(code, CodeRef) else code)


def _new_guid() -> str:
    return str(uuid.uuid4())


def _guids(n: int) -> list[str]:
    """``n`` distinct GUIDs for a bulk insert: random per batch (version-4 layout) with a counter in the last
    group, so that they stay unique and the unique index on ``guid`` is appended to instead of written all over."""
    base = uuid.uuid4().hex
    head = f"{base[:8]}-{base[8:12]}-4{base[13:16]}-{'89ab'[int(base[16], 16) % 4]}{base[17:20]}-{base[20:22]}"
    return [f"{head}{i:010x}" for i in range(n)]


def _spans_json(spans) -> str:
    return "[" + ",".join(f"[{a},{b}]" for a, b in spans) + "]"


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


def _same_span(start: int | None, end: int | None):
    return and_(Coding.start.is_(None), Coding.end.is_(None)) if start is None else and_(
        Coding.start == start, Coding.end == end)


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


def remove_code(project: Project, segment_id: int, code: CodeArg, coder: str, *, start: int | None = None,
                end: int | None = None) -> int:
    """Remove ``coder``'s coding of ``code`` from a segment (every span of it when no span is given). A removed
    accepted suggestion is kept as rejected so it is not suggested again. Returns how many codings went."""
    coder = check_coder(coder)

    def _remove(s: Session) -> int:
        ref = _resolve(index_of(s), code)
        seg = _segment(s, segment_id)
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
        if row.origin == "auto":
            row.status = "rejected"
        else:
            s.delete(row)

    project.write(_remove)


# --- suggestions ----------------------------------------------------------------------------------------------


def _decide(s: Session, coding_id: int, coder: str, status: str) -> int:
    row = s.get(Coding, int(coding_id))
    if row is None:
        raise AtlasQualError("suggestion_unknown", id=coding_id)
    if row.coder == coder:
        row.status = status
        return row.id
    if row.coder != AUTO_CODER or row.origin != "auto":
        raise AtlasQualError("coding_not_yours", id=coding_id)
    mine = s.scalar(select(Coding).where(Coding.segment_id == row.segment_id, Coding.code_id == row.code_id,
                                         Coding.coder == coder, _same_span(row.start, row.end)))
    if mine is not None:
        if mine.status != "accepted" or status == "accepted":
            mine.status = status
        return mine.id
    mine = Coding(segment_id=row.segment_id, code_id=row.code_id, coder=coder, origin="auto", status=status,
                  start=row.start, end=row.end, rule=row.rule, matches=list(row.matches or []), guid=_new_guid())
    s.add(mine)
    s.flush()
    return mine.id


def accept_suggestions(project: Project, coding_ids: Iterable[int], coder: str) -> list[int]:
    """Accept suggestions as ``coder`` (one transaction); returns the ids of the coder's resulting codings."""
    coder = check_coder(coder)
    ids = list(coding_ids)
    return project.write(lambda s: [_decide(s, cid, coder, "accepted") for cid in ids])


def reject_suggestions(project: Project, coding_ids: Iterable[int], coder: str) -> list[int]:
    """Reject suggestions as ``coder``; they stop showing for this coder only."""
    coder = check_coder(coder)
    ids = list(coding_ids)
    return project.write(lambda s: [_decide(s, cid, coder, "rejected") for cid in ids])


def accept_suggestion(project: Project, coding_id: int, coder: str) -> int:
    """Accept one suggestion as ``coder``.

    Examples:
        >>> # accept_suggestion(project, suggestion_id, "ana.gimenez")
    """
    return accept_suggestions(project, [coding_id], coder)[0]


def reject_suggestion(project: Project, coding_id: int, coder: str) -> int:
    """Reject one suggestion as ``coder``."""
    return reject_suggestions(project, [coding_id], coder)[0]


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

    transcripts = {t.id: t for t in s.scalars(select(Transcript).where(Transcript.id.in_(transcript_ids)))}
    attrs = {tid: _attributes(t) for tid, t in transcripts.items()}
    rows = s.execute(select(Segment.id, Segment.transcript_id, Segment.text, Segment.speaker, Segment.start)
                     .where(Segment.transcript_id.in_(transcript_ids))
                     .order_by(Segment.transcript_id, Segment.ordinal)).all()
    return [Unit(sid, text, speaker, start, attrs[tid], transcripts[tid].language or "es")
            for sid, tid, text, speaker, start in rows]


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
    from atlas_qual.coding import autocode
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
        suggestions = autocode(units, rules, matchers=matchers)

        def _store(s: Session, chunk=chunk, suggestions=suggestions) -> None:
            segment_ids = select(Segment.id).where(Segment.transcript_id.in_(chunk))
            existing = s.execute(select(Coding.id, Coding.segment_id, Coding.code_id, Coding.status, Coding.origin,
                                        Coding.rule, Coding.matches)
                                 .where(Coding.coder == coder, Coding.segment_id.in_(segment_ids),
                                        Coding.start.is_(None))).all()
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
                new_rows.append([sug.segment_id, sug.code, coder, "auto", "pending", None, None, sug.rule,
                                 _spans_json(sug.spans), now, None])
                by_code[sug.code] += 1
            gone = [r.id for key, r in pending.items() if key not in seen]
            if gone:
                s.execute(delete(Coding).where(Coding.id.in_(gone)))
                report.withdrawn += len(gone)
            if new_rows:
                for row, guid in zip(new_rows, _guids(len(new_rows))):
                    row[10] = guid
                _insert_codings(s, [tuple(row) for row in new_rows])
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
    sql = (f"INSERT INTO {quote(Coding.__tablename__)} ({', '.join(quote(c) for c in _CODING_COLUMNS)}) "
           f"VALUES ({', '.join([placeholder] * len(_CODING_COLUMNS))})")
    conn.exec_driver_sql(sql, rows)


def rule_quality(project: Project, coder: str, *, transcript_ids: Sequence[int] | None = None,
                 matchers: dict | None = None) -> list[dict[str, Any]]:
    """Precision and recall of every auto-coding rule against ``coder``'s own codings (manual or imported, not
    accepted suggestions), on the transcripts the coder coded. One dict per rule plus one ``"*"`` row per code.

    Examples:
        >>> # rule_quality(project, "ana.gimenez")[0] -> {"code": "Evaluación/Fortalezas", "rule": "*", ...}
    """
    from atlas_qual.coding import autocode, rule_labels, rule_scores
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
    suggestions = autocode(units, rules, matchers=matchers)
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


# --- memos ----------------------------------------------------------------------------------------------------


def _check_memo_target(s: Session, kind: str, target_id: int) -> None:
    model = {"segment": Segment, "code": Code, "transcript": Transcript}.get(kind)
    if model is None:
        raise AtlasQualError("memo_kind_unknown", kind=kind)
    if s.get(model, int(target_id)) is None:
        raise AtlasQualError("memo_target_unknown", kind=kind, id=target_id)


def set_memo(project: Project, kind: str, target_id: int, author: str, text: str, *, title: str = "") -> int | None:
    """Write ``author``'s memo on a segment, code or transcript (one per author and target: writing again
    replaces it; empty text deletes it). Returns the memo id, or None when deleted.

    Examples:
        >>> # set_memo(project, "segment", 12, "ana.gimenez", "Contradice el turno 8.")
    """
    author = check_coder(author)
    body = (text or "").strip()

    def _set(s: Session) -> int | None:
        _check_memo_target(s, kind, target_id)
        row = s.scalar(select(Memo).where(Memo.target_kind == kind, Memo.target_id == int(target_id),
                                          Memo.author == author))
        if not body:
            if row is not None:
                s.delete(row)
            return None
        if row is None:
            row = Memo(target_kind=kind, target_id=int(target_id), author=author, title=title, text=body,
                       guid=_new_guid())
            s.add(row)
        else:
            row.text, row.title = body, title or row.title
        s.flush()
        return row.id

    return project.write(_set)


def get_memos(project: Project, kind: str, target_ids: Iterable[int], *, author: str | None = None
              ) -> dict[int, list[dict[str, Any]]]:
    """Memos on the given targets (only ``author``'s when given: the coding app is blind), newest first."""
    if kind not in MEMO_KINDS:
        raise AtlasQualError("memo_kind_unknown", kind=kind)
    ids = [int(i) for i in target_ids]
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return out
    with project.session() as s:
        q = select(Memo).where(Memo.target_kind == kind, Memo.target_id.in_(ids))
        if author is not None:
            q = q.where(Memo.author == author)
        for m in s.scalars(q.order_by(Memo.updated_at.desc())):
            out[m.target_id].append({"id": m.id, "author": m.author, "title": m.title, "text": m.text,
                                     "updated_at": m.updated_at.isoformat(timespec="seconds")})
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
    memo: str = ""


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


def transcript_choices(project: Project) -> list[tuple[int, str]]:
    """(id, label) of every transcript for the picker: "#3 Title (DMOP, territory)"."""
    with project.session() as s:
        rows = s.execute(select(Transcript.id, Transcript.title, Transcript.dmop_id, Transcript.territory_id)
                         .order_by(Transcript.id)).all()
    out = []
    for tid, title, dmop, territory in rows:
        extra = ", ".join(x for x in (dmop, territory) if x)
        out.append((tid, f"#{tid} {title}" + (f" ({extra})" if extra else "")))
    return out


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
        ids = [seg.id for seg in segs]
        by_segment: dict[int, list[Coding]] = defaultdict(list)
        if ids:
            for c in s.scalars(select(Coding).where(Coding.segment_id.in_(ids), _visible(coder))
                               .order_by(Coding.id)):
                by_segment[c.segment_id].append(c)
        memos: dict[int, str] = {}
        if ids and coder:
            memos = dict(s.execute(select(Memo.target_id, Memo.text).where(
                Memo.target_kind == "segment", Memo.target_id.in_(ids), Memo.author == coder)).all())
        views = []
        for seg in segs:
            mine = [c for c in by_segment[seg.id] if coder and c.coder == coder]
            decided = {(c.code_id, c.start, c.end) for c in mine}
            codings = tuple(_view(c) for c in mine if c.status == "accepted")
            suggestions = tuple(_view(c) for c in by_segment[seg.id] if c.status == "pending" and (
                c.coder == coder or (c.coder == AUTO_CODER and (c.code_id, c.start, c.end) not in decided)))
            views.append(SegmentView(seg.id, seg.ordinal, seg.speaker, seg.text, seg.start, seg.end, codings,
                                     suggestions, memos.get(seg.id, "")))
        return CodingPage(t.id, t.title, t.language or "es", coder or "", page, pages, page_size, matching, total,
                          coded, tuple(views), speakers, f"{kind}:{value}" if kind in ("code", "speaker") else kind)


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


# --- codings CSV import ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    error: str


@dataclass
class CodingsImport:
    """The outcome of importing one codings CSV (all or nothing): rows stored, rows already there, row errors."""

    file: str
    imported: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def messages(self, lang: str | None = None) -> list[str]:
        from atlas_qual.i18n import t

        name = Path(self.file).name
        lines = [t("codings_row_error", lang=lang, file=name, row=e.row, error=e.error) for e in self.errors]
        if self.errors:
            lines.append(t("codings_import_failed", lang=lang, file=name, n=len(self.errors)))
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "imported": self.imported, "duplicates": self.duplicates,
                "errors": [{"row": e.row, "error": e.error} for e in self.errors]}


def _columns(fieldnames: Sequence[str] | None) -> dict[str, str]:
    aliases = {"segment_id": "segment_id", "segmento_id": "segment_id", "id_segmento": "segment_id",
               "code": "code", "codigo": "code", "coder": "coder", "codificador": "coder",
               "codificadora": "coder", "transcript": "transcript", "transcripcion": "transcript",
               "archivo": "transcript", "file": "transcript", "segment": "segment", "segmento": "segment",
               "start": "start", "inicio": "start", "end": "end", "fin": "end"}
    return {f: aliases[fold(f or "").replace(" ", "_")] for f in (fieldnames or [])
            if fold(f or "").replace(" ", "_") in aliases}


def import_codings_csv(project: Project, path: str | Path) -> CodingsImport:
    """Import codings done elsewhere from a CSV with columns ``segment_id,code,coder`` or
    ``transcript,segment,code,coder`` (transcript = the imported file's name, segment = the 1-based turn number);
    optional ``start,end`` give a span in transcript code points. Codes by name or path "Parent/Child".
    All or nothing: any bad row and nothing of this file is stored (see the module docstring).

    Examples:
        >>> # import_codings_csv(project, "data/demo/codings.csv").imported
    """
    from atlas_qual.i18n import t
    from atlas_qual.store.transcripts import read_text_file

    result = CodingsImport(file=str(path))
    text = read_text_file(path)
    reader = csv.DictReader(io.StringIO(text), delimiter=sniff_delimiter(text))
    columns = _columns(reader.fieldnames)
    have = set(columns.values())
    by_id = {"segment_id", "code", "coder"} <= have
    by_ordinal = {"transcript", "segment", "code", "coder"} <= have
    if not (by_id or by_ordinal):
        raise AtlasQualError("codings_csv_columns", file=Path(path).name, found=",".join(reader.fieldnames or []))
    rows = []
    for n, raw in enumerate(reader, start=2):
        row = {columns[k]: (v or "").strip() for k, v in raw.items() if k in columns}
        if any(row.values()):
            rows.append((n, row))
    if not rows:
        raise AtlasQualError("codings_csv_empty", file=Path(path).name)

    def err(n: int, key: str, **params: Any) -> None:
        result.errors.append(RowError(n, t(key, **params)))

    with project.session() as s:
        index = index_of(s)
        by_name: dict[str, list[int]] = defaultdict(list)
        for tid, filename in s.execute(select(Transcript.id, Transcript.filename)):
            by_name[filename].append(tid)
            folded = fold(Path(filename).name)
            if folded != filename:
                by_name[folded].append(tid)
        wanted_ids = {int(r["segment_id"]) for _n, r in rows if r.get("segment_id", "").isdigit()}
        segments: dict[int, tuple[int, int]] = {}
        for chunk_start in range(0, len(wanted_ids), 900):
            chunk = list(wanted_ids)[chunk_start:chunk_start + 900]
            segments.update({sid: (a, b) for sid, a, b in s.execute(
                select(Segment.id, Segment.start, Segment.end).where(Segment.id.in_(chunk)))})
        ordinals: dict[int, dict[int, tuple[int, int, int]]] = {}
        planned: list[tuple[int, int, str, int | None, int | None]] = []
        for n, row in rows:
            coder = " ".join(row.get("coder", "").split())
            if not coder:
                err(n, "codings_row_no_coder")
                continue
            if not row.get("code"):
                err(n, "codings_row_no_code")
                continue
            try:
                ref = index.resolve(row["code"])
            except AtlasQualError as exc:
                result.errors.append(RowError(n, exc.message()))
                continue
            seg_id: int | None = None
            bounds: tuple[int, int] | None = None
            if row.get("segment_id"):
                value = row["segment_id"]
                if not value.isdigit():
                    err(n, "codings_row_bad_segment_id", value=value)
                    continue
                seg_id = int(value)
                if seg_id not in segments:
                    err(n, "codings_row_unknown_segment", value=value)
                    continue
                bounds = segments[seg_id]
            if by_ordinal and (row.get("transcript") or row.get("segment") or seg_id is None):
                name = row.get("transcript", "")
                tids = list(dict.fromkeys(by_name.get(name) or by_name.get(fold(Path(name.replace("\\", "/")).name))
                                          or []))
                if not tids:
                    err(n, "codings_row_unknown_transcript", value=name)
                    continue
                if len(tids) > 1:
                    err(n, "codings_row_ambiguous_transcript", value=name, ids=", #".join(map(str, tids)))
                    continue
                ordinal = row.get("segment", "")
                if not ordinal.isdigit() or int(ordinal) < 1:
                    err(n, "codings_row_bad_ordinal", value=ordinal)
                    continue
                if tids[0] not in ordinals:
                    ordinals[tids[0]] = {o: (sid, a, b) for sid, o, a, b in s.execute(
                        select(Segment.id, Segment.ordinal, Segment.start, Segment.end)
                        .where(Segment.transcript_id == tids[0]))}
                found = ordinals[tids[0]].get(int(ordinal))
                if found is None:
                    err(n, "codings_row_no_ordinal", transcript=name, value=ordinal, count=len(ordinals[tids[0]]))
                    continue
                # a file exported from another project carries that project's segment ids: the file name and
                # turn number must name the same segment, or the row would code the wrong text
                if seg_id is not None and seg_id != found[0]:
                    err(n, "codings_row_segment_mismatch", segment_id=seg_id, transcript=name, value=ordinal)
                    continue
                seg_id, bounds = found[0], (found[1], found[2])
            if seg_id is None or bounds is None:
                err(n, "codings_row_bad_segment_id", value="")
                continue
            a, b = row.get("start", ""), row.get("end", "")
            span: tuple[int | None, int | None] = (None, None)
            if a or b:
                if not (a.isdigit() and b.isdigit()):
                    err(n, "span_outside_segment", id=seg_id, start=a or "?", end=b or "?", seg_start=bounds[0],
                        seg_end=bounds[1])
                    continue
                a_i, b_i = int(a), int(b)
                if not (bounds[0] <= a_i < b_i <= bounds[1]):
                    err(n, "span_outside_segment", id=seg_id, start=a_i, end=b_i, seg_start=bounds[0],
                        seg_end=bounds[1])
                    continue
                if (a_i, b_i) != bounds:
                    span = (a_i, b_i)
            planned.append((seg_id, ref.id, coder, span[0], span[1]))
    if result.errors:
        return result

    def _store(s: Session) -> tuple[int, int]:
        seg_ids = sorted({p[0] for p in planned})
        existing: dict[tuple, Coding] = {}
        for chunk_start in range(0, len(seg_ids), 900):
            chunk = seg_ids[chunk_start:chunk_start + 900]
            for c in s.scalars(select(Coding).where(Coding.segment_id.in_(chunk))):
                existing[(c.segment_id, c.code_id, c.coder, c.start, c.end)] = c
        now = _db_now(s)
        new_rows, seen, duplicates = [], set(), 0
        for key in planned:
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            old = existing.get(key)
            if old is not None:
                if old.status == "accepted":
                    duplicates += 1
                else:  # a pending or rejected suggestion: the imported coding is the coder's decision
                    old.status, old.origin = "accepted", "import"
                    new_rows.append(None)
                continue
            seg_id, code_id, coder, a, b = key
            new_rows.append((seg_id, code_id, coder, "import", "accepted", a, b, "", "[]", now, _new_guid()))
        real = [r for r in new_rows if r is not None]
        if real:
            _insert_codings(s, real)
        return len(new_rows), duplicates

    result.imported, result.duplicates = project.write(_store)
    return result


# --- exports and retrieval ------------------------------------------------------------------------------------

EXPORT_COLUMNS = ("segment_id", "code", "coder", "transcript", "segment", "speaker", "text", "start", "end", "origin",
                  "title", "dmop", "territory", "institution", "role", "mode", "date", "language", "interviewer",
                  "pseudonym")


@dataclass(frozen=True)
class Retrieved:
    """A coded segment (or span) as retrieval shows it: quote redacted unless asked otherwise."""

    coding_id: int
    segment_id: int
    code_id: int
    code: str
    coder: str
    origin: str
    transcript_id: int
    transcript: str
    title: str
    ordinal: int
    speaker: str
    text: str
    start: int | None
    end: int | None
    attributes: Mapping[str, Any]

    def export_row(self) -> list[Any]:
        a = self.attributes
        return [self.segment_id, self.code, self.coder, self.transcript, self.ordinal, self.speaker, self.text,
                "" if self.start is None else self.start, "" if self.end is None else self.end, self.origin,
                self.title, a.get("dmop") or "", a.get("territory") or "", a.get("institution") or "",
                a.get("role") or "", a.get("mode") or "", a.get("date") or "", a.get("language") or "",
                a.get("interviewer") or "", a.get("pseudonym") or ""]


def _coders_clause(coder: str | Sequence[str] | None):
    if coder is None or coder == "" or coder == []:
        return Coding.coder.not_in([AUTO_CODER])
    names = [coder] if isinstance(coder, str) else list(coder)
    return Coding.coder.in_([check_coder(c) for c in names])


def _filters_clause(filters: Mapping[str, Any] | None):
    clauses = []
    for key, value in (filters or {}).items():
        if value in (None, "", [], ()):
            continue
        if key == "transcript":
            values = [value] if isinstance(value, (int, str)) else list(value)
            clauses.append(Transcript.id.in_([int(v) for v in values]))
            continue
        column = _ATTR_COLUMN.get(key)
        if column is None:
            raise ValueError(f"unknown filter {key!r}; use one of {sorted(_ATTR_COLUMN) + ['transcript']}")
        values = [value] if isinstance(value, str) else list(value)
        clauses.append(column.in_(values))
    return and_(*clauses) if clauses else None


def retrieve(
    project: Project,
    *,
    code: CodeArg | None = None,
    coder: str | Sequence[str] | None = None,
    filters: Mapping[str, Any] | None = None,
    include_subcodes: bool = True,
    redact: bool = True,
    lang: str = "es",
    limit: int | None = None,
) -> list[Retrieved]:
    """Coded segments (accepted codings) by code (with its subcodes), filtered by coder (default: everybody but
    ``auto``) and case attributes (``{"territory": "boqueron", "dmop": ["MAUEP", "CR"]}``), in transcript order.
    Quotes and speakers are redacted unless ``redact=False``.

    Examples:
        >>> # [r.text for r in retrieve(project, code="Debilidades", filters={"territory": "boqueron"})]
    """
    from atlas_qual.store.transcripts import project_redactor

    with project.session() as s:
        index = index_of(s)
        q = (select(Coding, Segment, Transcript).join(Segment, Segment.id == Coding.segment_id)
             .join(Transcript, Transcript.id == Segment.transcript_id)
             .where(Coding.status == "accepted", _coders_clause(coder)))
        if code is not None:
            ref = _resolve(index, code)
            ids = [ref.id, *index.descendants(ref.id)] if include_subcodes else [ref.id]
            q = q.where(Coding.code_id.in_(ids))
        clause = _filters_clause(filters)
        if clause is not None:
            q = q.where(clause)
        q = q.order_by(Transcript.id, Segment.ordinal, Coding.code_id, Coding.coder, Coding.id)
        if limit:
            q = q.limit(int(limit))
        rows = s.execute(q).all()
        redactor = project_redactor(project, lang) if redact else None
        out = []
        for coding, seg, t in rows:
            if coding.start is not None and coding.end is not None:
                text = t.text[coding.start:coding.end]
            else:
                text = seg.text
            speaker = seg.speaker or ""
            attrs = _attributes(t)
            attrs["date"] = t.date.isoformat() if t.date else ""
            if redactor is not None:
                text, speaker = redactor.redact(text), _redact_speaker(speaker, t, redactor)
                attrs["interviewer"] = redactor.redact(attrs["interviewer"] or "")
            out.append(Retrieved(coding.id, seg.id, coding.code_id, index.get(coding.code_id).path, coding.coder,
                                 coding.origin, t.id, t.filename, redactor.redact(t.title) if redactor else t.title,
                                 seg.ordinal, speaker, text, coding.start, coding.end, attrs))
        return out


def _redact_speaker(label: str, t: Transcript, redactor) -> str:
    """A speaker label in an output: labels made of the interviewee's own names ("Lidia:" for Lidia Ramos) become
    the pseudonym, which the name-based redactor cannot know from a first name alone; then the usual redaction."""
    if not label:
        return ""
    if t.interviewee:
        words = set(fold(label).replace(".", " ").split())
        if words and words <= set(fold(t.interviewee).split()):
            from atlas_qual.i18n import t as tr

            return t.pseudonym or tr("redaction_name", lang=redactor.lang)
    return redactor.redact(label)


def export_codings_csv(project: Project, path: str | Path, *, redact: bool = True,
                       coder: str | Sequence[str] | None = None, lang: str = "es") -> int:
    """Write every accepted coding (default: every coder but ``auto``) with transcript, turn number, speaker, text
    and case attributes to a CSV (UTF-8 with BOM, so Excel shows accents). Returns the number of rows.
    The file can be imported back with :func:`import_codings_csv`.

    Examples:
        >>> # export_codings_csv(project, "codings.csv")
    """
    coder_filter: str | Sequence[str] | None = coder
    if coder is None:
        coder_filter = None
    rows = retrieve(project, coder=coder_filter, redact=redact, lang=lang)
    p = Path(path)
    try:
        with open(p, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(EXPORT_COLUMNS)
            for r in rows:
                writer.writerow(csv_row(r.export_row()))
    except OSError as exc:
        raise AtlasQualError("export_write_failed", file=str(p), reason=exc.strerror or str(exc)) from None
    return len(rows)


# --- comparison: code x attribute, co-occurrence -------------------------------------------------------------


@dataclass(frozen=True)
class CodeMatrix:
    """Codes (rows) against the values of a case attribute (columns): coded segments, interviews where the code
    appears, and the share of the column's interviews (those coded by the chosen coders) that mention the code."""

    attribute: str
    codes: tuple[str, ...]
    code_ids: tuple[int, ...]
    values: tuple[str, ...]
    labels: tuple[str, ...]
    segments: tuple[tuple[int, ...], ...]
    interviews: tuple[tuple[int, ...], ...]
    totals: tuple[int, ...]

    @property
    def percent(self) -> tuple[tuple[float | None, ...], ...]:
        """% of the column's interviews in which the code appears (None for a column without interviews)."""
        return tuple(tuple((100.0 * n / tot) if tot else None for n, tot in zip(row, self.totals))
                     for row in self.interviews)

    def to_dict(self) -> dict[str, Any]:
        return {"attribute": self.attribute, "codes": list(self.codes), "values": list(self.values),
                "labels": list(self.labels), "segments": [list(r) for r in self.segments],
                "interviews": [list(r) for r in self.interviews], "totals": list(self.totals),
                "percent": [[None if v is None else round(v, 1) for v in r] for r in self.percent]}


def _value_labels(s: Session, attribute: str, values: Iterable[str], lang: str) -> dict[str, str]:
    from atlas_qual.i18n import t
    from atlas_qual.store.models import Dmop, Institution, Territory

    labels: dict[str, str] = {}
    if attribute == "territory":
        labels = {tr.id: (tr.name_en if lang == "en" else tr.name) for tr in s.scalars(select(Territory))}
    elif attribute == "institution":
        labels = {i.id: i.id for i in s.scalars(select(Institution))}
    elif attribute == "dmop":
        labels = {d.id: d.id for d in s.scalars(select(Dmop))}
    elif attribute == "mode":
        labels = {m: t(f"mode_{m}", lang=lang) for m in ("in_person", "phone", "online")}
    return {v: (labels.get(v, v) if v else t("attr_none", lang=lang)) for v in values}


def _coded_rows(s: Session, coder, filters):
    q = (select(Coding.segment_id, Coding.code_id, Segment.transcript_id)
         .join(Segment, Segment.id == Coding.segment_id).join(Transcript, Transcript.id == Segment.transcript_id)
         .where(Coding.status == "accepted", _coders_clause(coder)))
    clause = _filters_clause(filters)
    if clause is not None:
        q = q.where(clause)
    return s.execute(q).all()


def code_attribute_matrix(
    project: Project,
    attribute: str,
    *,
    coder: str | Sequence[str] | None = None,
    filters: Mapping[str, Any] | None = None,
    codes: Sequence[CodeArg] | None = None,
    include_subcodes: bool = True,
    drop_empty: bool = True,
    lang: str = "es",
) -> CodeMatrix:
    """Code x attribute (e.g. weaknesses by territory): for each code (a parent counts its subcodes' segments
    when ``include_subcodes``) and each value of ``attribute``, coded segments, interviews mentioning the code and
    % of that value's interviews. The denominators are the interviews coded by the chosen coders (an interview
    nobody coded says nothing about a code's absence).

    Examples:
        >>> # m = code_attribute_matrix(project, "territory"); m.percent[m.codes.index("Evaluación/Debilidades")]
    """
    if attribute not in _ATTR_COLUMN:
        raise ValueError(f"unknown attribute {attribute!r}; use one of {sorted(_ATTR_COLUMN)}")
    with project.session() as s:
        index = index_of(s)
        rows = _coded_rows(s, coder, filters)
        value_of = {tid: (v or "") for tid, v in s.execute(select(Transcript.id, _ATTR_COLUMN[attribute]))}
        coded_transcripts = {tid for _sid, _cid, tid in rows}
        values = sorted({value_of[tid] for tid in coded_transcripts}, key=lambda v: (v == "", fold(v)))
        labels = _value_labels(s, attribute, values, lang)
    refs = [_resolve(index, c) for c in codes] if codes else list(index)
    ancestors: dict[int, list[int]] = {}
    for ref in index:
        chain, parent = [], ref.parent_id
        while parent is not None and include_subcodes:
            chain.append(parent)
            parent = index.get(parent).parent_id
        ancestors[ref.id] = chain
    segs: dict[tuple[int, str], set[int]] = defaultdict(set)
    ints: dict[tuple[int, str], set[int]] = defaultdict(set)
    for sid, cid, tid in rows:
        value = value_of[tid]
        for target in (cid, *ancestors.get(cid, [])):
            segs[(target, value)].add(sid)
            ints[(target, value)].add(tid)
    totals = tuple(sum(1 for tid in coded_transcripts if value_of[tid] == v) for v in values)
    kept = [r for r in refs if not drop_empty or any(segs.get((r.id, v)) for v in values)]
    return CodeMatrix(
        attribute=attribute, codes=tuple(r.label(lang) for r in kept), code_ids=tuple(r.id for r in kept),
        values=tuple(values), labels=tuple(labels[v] for v in values),
        segments=tuple(tuple(len(segs.get((r.id, v), ())) for v in values) for r in kept),
        interviews=tuple(tuple(len(ints.get((r.id, v), ())) for v in values) for r in kept),
        totals=totals,
    )


@dataclass(frozen=True)
class Cooccurrence:
    """Segments coded with both codes (diagonal: segments with the code), over the chosen coders' codings."""

    codes: tuple[str, ...]
    code_ids: tuple[int, ...]
    counts: tuple[tuple[int, ...], ...]

    def pairs(self) -> list[tuple[str, str, int]]:
        """Off-diagonal pairs with their count, most frequent first."""
        out = [(self.codes[i], self.codes[j], self.counts[i][j]) for i in range(len(self.codes))
               for j in range(i + 1, len(self.codes)) if self.counts[i][j]]
        return sorted(out, key=lambda p: (-p[2], p[0], p[1]))

    def to_dict(self) -> dict[str, Any]:
        return {"codes": list(self.codes), "counts": [list(r) for r in self.counts],
                "pairs": [{"a": a, "b": b, "segments": n} for a, b, n in self.pairs()]}


def cooccurrence(
    project: Project,
    *,
    coder: str | Sequence[str] | None = None,
    filters: Mapping[str, Any] | None = None,
    codes: Sequence[CodeArg] | None = None,
    lang: str = "es",
) -> Cooccurrence:
    """Code co-occurrence at segment level: how many segments carry both codes (a segment carries a code when any
    of the chosen coders applied it). Codes default to those applied at least once, in codebook order.

    Examples:
        >>> # c = cooccurrence(project, coder="ana.gimenez"); c.pairs()[:3]
    """
    with project.session() as s:
        index = index_of(s)
        rows = _coded_rows(s, coder, filters)
    per_segment: dict[int, set[int]] = defaultdict(set)
    for sid, cid, _tid in rows:
        per_segment[sid].add(cid)
    used = {cid for cids in per_segment.values() for cid in cids}
    refs = [_resolve(index, c) for c in codes] if codes else [r for r in index if r.id in used]
    pos = {r.id: i for i, r in enumerate(refs)}
    counts = [[0] * len(refs) for _ in refs]
    for cids in per_segment.values():
        present = sorted(pos[c] for c in cids if c in pos)
        for a in present:
            for b in present:
                counts[a][b] += 1
    return Cooccurrence(tuple(r.label(lang) for r in refs), tuple(r.id for r in refs),
                        tuple(tuple(row) for row in counts))


# --- Excel ----------------------------------------------------------------------------------------------------

MATRIX_ATTRIBUTES = ("dmop", "territory", "institution", "mode")


def export_xlsx(project: Project, path: str | Path, *, redact: bool = True, lang: str = "es",
                coder: str | Sequence[str] | None = None) -> dict[str, Any]:
    """An Excel workbook with the codings (as in the CSV export), the interviews and their attributes, the
    codebook, code x DMOP / territory / institution / mode (segments, interviews, % of interviews, shaded) and
    the co-occurrence matrix. Returns ``{"sheets": [...], "rows": n}``.

    Examples:
        >>> # export_xlsx(project, "analysis.xlsx")["sheets"][0] -> 'Codificaciones'
    """
    from openpyxl import Workbook
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from atlas_qual.i18n import t
    from atlas_qual.store.codebook import get_codebook
    from atlas_qual.store.transcripts import list_transcripts, project_redactor

    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1E3A5F")

    def header(ws, values: Sequence[Any], row: int = 1) -> None:
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(vertical="top", wrap_text=True)

    def widths(ws, sizes: Mapping[int, int]) -> None:
        for col, size in sizes.items():
            ws.column_dimensions[get_column_letter(col)].width = size

    wb = Workbook()
    ws = wb.active
    ws.title = t("sheet_codings", lang=lang)[:31]
    rows = retrieve(project, coder=coder, redact=redact, lang=lang)
    header(ws, EXPORT_COLUMNS)
    for r in rows:
        ws.append(r.export_row())
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_COLUMNS))}{max(1, len(rows) + 1)}"
    widths(ws, {1: 10, 2: 34, 3: 16, 4: 30, 5: 9, 6: 18, 7: 80})
    for row in ws.iter_rows(min_row=2, min_col=7, max_col=7):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    redactor = project_redactor(project, lang) if redact else None
    ws = wb.create_sheet(t("sheet_transcripts", lang=lang)[:31])
    cols = ("id", "title", "filename", "dmop", "territory", "institution", "role", "mode", "date", "language",
            "interviewer", "pseudonym", "segments")
    header(ws, cols)
    for tr in list_transcripts(project):
        values = [tr.get(c) for c in cols]
        if redactor is not None:
            values = [redactor.redact(v) if isinstance(v, str) else v for v in values]
        ws.append(values)
    ws.freeze_panes = "A2"
    widths(ws, {2: 50, 3: 36})

    ws = wb.create_sheet(t("sheet_codebook", lang=lang)[:31])
    cb_cols = ("path", "name_en", "color", "definition_es", "definition_en", "when_to_use_es", "when_not_to_use_es")
    header(ws, cb_cols)
    for path_, node, _depth in get_codebook(project).walk():
        ws.append([path_, node.name_en, node.color, node.definition.get("es", ""), node.definition.get("en", ""),
                   node.when_to_use.get("es", ""), node.when_not_to_use.get("es", "")])
    widths(ws, {1: 40, 2: 30, 4: 60, 5: 60, 6: 50, 7: 50})

    scale = dict(start_type="min", start_color="F3F4F6", end_type="max", end_color="1F5FA8")
    for attribute in MATRIX_ATTRIBUTES:
        m = code_attribute_matrix(project, attribute, coder=coder, lang=lang)
        name = t("attr_" + attribute, lang=lang)
        ws = wb.create_sheet(t("sheet_matrix", lang=lang, attribute=name)[:31])
        n = len(m.values)
        ws.cell(row=1, column=2, value=t("col_segments", lang=lang)).font = Font(bold=True)
        ws.cell(row=1, column=2 + n, value=t("col_pct_interviews", lang=lang)).font = Font(bold=True)
        header(ws, [t("col_code", lang=lang), *m.labels, *m.labels], row=2)
        ws.append([t("col_interviews", lang=lang), *m.totals, *[""] * n])
        for code, seg_row, pct_row in zip(m.codes, m.segments, m.percent):
            ws.append([code, *seg_row, *[None if v is None else round(v, 1) for v in pct_row]])
        last = 3 + len(m.codes)
        if m.codes and n:
            first_col, last_col = get_column_letter(2), get_column_letter(1 + n)
            ws.conditional_formatting.add(f"{first_col}4:{last_col}{last}", ColorScaleRule(**scale))
            first_col, last_col = get_column_letter(2 + n), get_column_letter(1 + 2 * n)
            ws.conditional_formatting.add(f"{first_col}4:{last_col}{last}", ColorScaleRule(**scale))
        ws.freeze_panes = "B4"
        widths(ws, {1: 44})

    co = cooccurrence(project, coder=coder, lang=lang)
    ws = wb.create_sheet(t("sheet_cooccurrence", lang=lang)[:31])
    header(ws, [t("col_code", lang=lang), *co.codes])
    for code, counts in zip(co.codes, co.counts):
        ws.append([code, *counts])
    if co.codes:
        end = get_column_letter(1 + len(co.codes))
        ws.conditional_formatting.add(f"B2:{end}{1 + len(co.codes)}", ColorScaleRule(**scale))
    ws.freeze_panes = "B2"
    widths(ws, {1: 44})

    keep_text(wb)
    p = Path(path)
    try:
        wb.save(p)
    except OSError as exc:
        raise AtlasQualError("export_write_failed", file=str(p), reason=exc.strerror or str(exc)) from None
    return {"sheets": wb.sheetnames, "rows": len(rows)}


# --- the demo -------------------------------------------------------------------------------------------------


def demo_steps(project: Project, demo_dir: Path) -> list[tuple[str, Callable[[], Any]]]:
    """The demo's coding steps: the two evaluators' codings from ``data/demo/codings.csv`` through the normal
    codings import, then auto-coding suggestions for everybody (coder ``auto``)."""
    steps: list[tuple[str, Callable[[], Any]]] = []
    codings = Path(demo_dir) / "codings.csv"
    if codings.exists():
        def import_codings() -> None:
            result = import_codings_csv(project, codings)
            if not result.ok:
                raise RuntimeError("demo codings failed to import: " + " | ".join(result.messages("en")[:5]))

        steps.append(("codings", import_codings))
    steps.append(("autocode", lambda: autocode_project(project)))
    return steps
