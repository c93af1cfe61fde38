"""Agreement over the stored codings (which segments each coder covered, their codings, the report from the pure core
atlas_qual.agreement), the disagreements to reconcile and the reconciled coder, and the report annex's data.

Reconciliation never touches a coder's own codings: each decision is stored as a coding of the consensus coder
(``consenso`` in a Spanish project, ``consensus`` in an English one), ``accepted`` when the code applies to the
segment and ``rejected`` when the coders agreed it does not, so a decision "no" is remembered too. Agreement and
counts read only accepted codings of people, so the consensus coder never changes the agreement figures.

Examples:
    >>> # rows = disagreements(project, ["ana.gimenez", "carlos.rojas"])
    >>> # reconcile(project, rows[0].segment_id, rows[0].code, apply=True)
    >>> # agreement_section(project, "en")["rows"][0]  -> ["Overall", kappa, alpha, percent, units, None]
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.models import Code, Coding, Meta, Segment, Transcript

# coders whose codings are not a person's independent judgement
NON_CODERS = ("auto", "consenso", "consensus")
CONSENSUS_NAMES = ("consenso", "consensus")


def code_paths(s: Session) -> dict[int, str]:
    """Code id -> "Parent/Child" path (Spanish names), the way users name codes."""
    codes = {cid: (parent, name) for cid, parent, name in s.execute(select(Code.id, Code.parent_id, Code.name))}
    paths: dict[int, str] = {}

    def path(cid: int) -> str:
        if cid not in paths:
            parent, name = codes[cid]
            paths[cid] = name if parent is None else f"{path(parent)}/{name}"
        return paths[cid]

    for cid in codes:
        path(cid)
    return paths


def _code_index(s: Session):
    from atlas_qual.codebook import CodeIndex

    return CodeIndex(s.execute(select(Code.id, Code.parent_id, Code.name, Code.name_en, Code.color,
                                      Code.position)).all())


def _resolve_codes(s: Session, codes: Sequence[str] | None) -> list[str] | None:
    """What people type (a name, a path, English names) -> the stored paths; an unknown code is a user error."""
    if not codes:
        return None
    index = _code_index(s)
    return [index.resolve(c).path for c in codes]


def _transcript_ids(s: Session, dmop: str | None, territory: str | None) -> set[int] | None:
    if not dmop and not territory:
        return None
    from atlas_qual.store.transcript_records import _Resolver

    resolve = _Resolver(s)
    q = select(Transcript.id)
    if dmop:
        q = q.where(Transcript.dmop_id == resolve.dmop(dmop))
    if territory:
        q = q.where(Transcript.territory_id == resolve.territory(territory))
    return set(s.scalars(q))


def _data(s: Session, coders: Sequence[str] | None, transcripts: set[int] | None):
    paths = code_paths(s)
    q = (select(Coding.segment_id, Coding.coder, Coding.code_id, Segment.transcript_id)
         .join(Segment, Segment.id == Coding.segment_id)
         .where(Coding.status == "accepted"))
    wanted = set(coders) if coders else None
    triples, transcripts_of = [], defaultdict(set)
    for segment_id, coder, code_id, transcript_id in s.execute(q):
        if (wanted is not None and coder not in wanted) or (wanted is None and coder in NON_CODERS):
            continue
        if transcripts is not None and transcript_id not in transcripts:
            continue
        triples.append((segment_id, coder, paths[code_id]))
        transcripts_of[coder].add(transcript_id)
    segments_of = defaultdict(list)
    needed = set().union(*transcripts_of.values()) if transcripts_of else set()
    if needed:
        for seg_id, tid in s.execute(select(Segment.id, Segment.transcript_id)
                                     .where(Segment.transcript_id.in_(needed))):
            segments_of[tid].append(seg_id)
    coverage = {coder: [sid for tid in sorted(tids) for sid in segments_of[tid]]
                for coder, tids in transcripts_of.items()}
    return triples, coverage


def agreement_data(project: Project, coders: Sequence[str] | None = None, *, dmop: str | None = None,
                   territory: str | None = None):
    """(codings, coverage) for atlas_qual.agreement.agreement: a coder covers every segment of each transcript in
    which they applied at least one (accepted) code. ``dmop``/``territory`` keep only those transcripts."""
    with project.session() as s:
        return _data(s, coders, _transcript_ids(s, dmop, territory))


def agreement_for(project: Project, coders: Sequence[str] | None = None, codes: Sequence[str] | None = None, *,
                  dmop: str | None = None, territory: str | None = None):
    """The AgreementReport of the project's coders (default: every human coder) on `codes` (names or paths;
    default: all applied), over every transcript or those of one DMOP / territory.

    Examples:
        >>> # agreement_for(project, ["ana.gimenez", "carlos.rojas"]).to_dict()["krippendorff_alpha"]
        >>> # agreement_for(project, codes=["Fortalezas"], dmop="MAUEP").per_code["Evaluación/Fortalezas"].kappa
    """
    from dataclasses import replace

    from atlas_qual.agreement import agreement

    with project.session() as s:
        paths = _resolve_codes(s, codes)
        transcripts = _transcript_ids(s, dmop, territory)
        triples, coverage = _data(s, coders, transcripts)
        report = agreement(triples, coverage, coders=list(coders) if coders else None, codes=paths)
        unitized = _unitized(s, report.coders, transcripts, list(report.per_code))
    per_code = {code: replace(stats, unitized_alpha=unitized.get(code)) for code, stats in report.per_code.items()}
    return replace(report, per_code=per_code)


def _unitized(s: Session, coders: Sequence[str], transcripts: set[int] | None, codes: Sequence[str]
              ) -> dict[str, float | None]:
    """Unitized alpha per code over the transcripts every coder coded, laid end to end as one continuum of
    characters (a whole-turn coding is the span of its turn)."""
    from atlas_qual.agreement import unitized_alpha

    if len(coders) < 2 or not codes:
        return {}
    paths = code_paths(s)
    rows = s.execute(select(Coding.coder, Coding.code_id, Coding.start, Coding.end, Segment.start, Segment.end,
                            Segment.transcript_id).join(Segment, Segment.id == Coding.segment_id)
                     .where(Coding.status == "accepted", Coding.coder.in_(list(coders)))).all()
    if transcripts is not None:
        rows = [r for r in rows if r[6] in transcripts]
    coded_by: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        coded_by[r[0]].add(r[6])
    shared = set.intersection(*(coded_by.get(c, set()) for c in coders))
    if not shared:
        return {}
    # each transcript's characters after the previous one's: units never cross a transcript
    lengths = dict(s.execute(select(Transcript.id, func.length(Transcript.text)).where(Transcript.id.in_(shared)))
                   .all())
    offset, base = 0, {}
    for tid in sorted(shared):
        base[tid] = offset
        offset += int(lengths[tid] or 0)
    spans: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: {c: [] for c in coders})
    for coder, code_id, a, b, seg_a, seg_b, tid in rows:
        if tid not in shared:
            continue
        a, b = (seg_a, seg_b) if a is None or b is None else (a, b)
        spans[paths[code_id]][coder].append((base[tid] + a, base[tid] + b))
    out = {}
    for code in codes:
        value = unitized_alpha(spans[code], offset).alpha if code in spans else None
        out[code] = value
    return out


def coder_spans(project: Project, segment_id: int, code: str | int, coders: Sequence[str]
                ) -> dict[str, list[tuple[int, int]]]:
    """What each coder coded with ``code`` on one turn: spans as code points within the turn (a whole-turn coding is
    the whole turn), for the reconciliation page to show side by side.

    Examples:
        >>> # coder_spans(project, 12, "Evaluación/Debilidades", ["ana", "carlos"]) -> {"ana": [(0, 41)], "carlos": []}
    """
    with project.session() as s:
        index = _code_index(s)
        code_id = index.resolve(code).id if isinstance(code, str) else int(code)
        seg = s.get(Segment, int(segment_id))
        if seg is None:
            raise AtlasQualError("segment_unknown", id=segment_id)
        out: dict[str, list[tuple[int, int]]] = {c: [] for c in coders}
        for coder, a, b in s.execute(select(Coding.coder, Coding.start, Coding.end).where(
                Coding.segment_id == seg.id, Coding.code_id == code_id, Coding.status == "accepted",
                Coding.coder.in_(list(coders))).order_by(Coding.start)):
            out[coder].append((0, seg.end - seg.start) if a is None or b is None else (a - seg.start, b - seg.start))
        return out


def human_coders(project: Project) -> list[dict[str, Any]]:
    """The people who coded (not ``auto`` nor the consensus), with how many codings and transcripts each, for the
    coder picker. Sorted by name.

    Examples:
        >>> # human_coders(project) -> [{"coder": "ana.gimenez", "codings": 180, "transcripts": 16}, ...]
    """
    with project.session() as s:
        rows = s.execute(select(Coding.coder, Segment.transcript_id)
                         .join(Segment, Segment.id == Coding.segment_id)
                         .where(Coding.status == "accepted", Coding.coder.not_in(NON_CODERS))).all()
    codings: dict[str, int] = defaultdict(int)
    transcripts: dict[str, set[int]] = defaultdict(set)
    for coder, tid in rows:
        codings[coder] += 1
        transcripts[coder].add(tid)
    return [{"coder": c, "codings": codings[c], "transcripts": len(transcripts[c])} for c in sorted(codings)]


def _consensus_name(s: Session) -> str:
    used = s.scalar(select(Coding.coder).where(Coding.coder.in_(CONSENSUS_NAMES)).limit(1))
    if used:
        return used
    lang = s.get(Meta, "lang")
    return "consensus" if lang is not None and lang.value == "en" else "consenso"


def consensus_coder(project: Project) -> str:
    """The name the reconciled codings are stored under: the one already in use, else ``consenso`` (``consensus``
    in a project whose language is English).

    Examples:
        >>> # consensus_coder(project) -> 'consenso'
    """
    with project.session() as s:
        return _consensus_name(s)


# --- disagreements and reconciliation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DisagreementRow:
    """A segment where some of the chosen coders applied ``code`` and others did not, with what the reconciliation
    decided so far (``decision``: True = the code applies, False = it does not, None = still to decide).

    ``text``, ``speaker`` and ``transcript`` are redacted unless asked otherwise."""

    segment_id: int
    transcript_id: int
    transcript: str
    ordinal: int
    speaker: str | None
    text: str
    code: str  # path, Spanish names (what reconcile() takes)
    code_label: str  # path in the reader's language
    color: str
    applied_by: tuple[str, ...]
    not_applied_by: tuple[str, ...]
    decision: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"segment_id": self.segment_id, "transcript_id": self.transcript_id, "transcript": self.transcript,
                "ordinal": self.ordinal, "speaker": self.speaker, "text": self.text, "code": self.code,
                "code_label": self.code_label, "applied_by": list(self.applied_by),
                "not_applied_by": list(self.not_applied_by), "decision": self.decision}


def _decisions(s: Session, segment_ids: set[int]) -> dict[tuple[int, int], bool]:
    """(segment, code id) -> the consensus decision on the whole segment."""
    found: dict[tuple[int, int], bool] = {}
    ids = sorted(segment_ids)
    for i in range(0, len(ids), 500):
        q = select(Coding.segment_id, Coding.code_id, Coding.status).where(
            Coding.coder.in_(CONSENSUS_NAMES), Coding.segment_id.in_(ids[i:i + 500]),
            Coding.start.is_(None), Coding.end.is_(None))
        for seg, code, status in s.execute(q):
            if status in ("accepted", "rejected"):
                found[(seg, code)] = status == "accepted" or found.get((seg, code), False)
    return found


def disagreements(project: Project, coders: Sequence[str] | None = None, *, lang: str = "es", redact: bool = True,
                  dmop: str | None = None, territory: str | None = None) -> list[DisagreementRow]:
    """Every (segment, code) the chosen coders disagree on, in transcript order, with the segment's text and the
    reconciliation decision so far.

    Examples:
        >>> # [r.code for r in disagreements(project, ["ana.gimenez", "carlos.rojas"])][:2]
        >>> # ['Evaluación/Fortalezas', 'Procesos/Derivación']
    """
    report = agreement_for(project, coders, dmop=dmop, territory=territory)
    if not report.disagreements:
        return []
    redactor = None
    if redact:
        from atlas_qual.store.transcripts import project_redactor

        redactor = project_redactor(project, lang)
    seg_ids = {int(d.unit) for d in report.disagreements}
    with project.session() as s:
        index = _code_index(s)
        by_path = {ref.path: ref for ref in index}
        segments: dict[int, tuple] = {}
        ids = sorted(seg_ids)
        for i in range(0, len(ids), 500):
            q = (select(Segment.id, Segment.transcript_id, Segment.ordinal, Segment.speaker, Segment.text,
                        Transcript.title)
                 .join(Transcript, Transcript.id == Segment.transcript_id).where(Segment.id.in_(ids[i:i + 500])))
            for row in s.execute(q):
                segments[row[0]] = row[1:]
        decided = _decisions(s, seg_ids)
    cleaned: dict[int, tuple[str, str | None, str]] = {}

    def clean(seg_id: int) -> tuple[str, str | None, str]:
        if seg_id not in cleaned:
            _tid, _ordinal, speaker, text, title = segments[seg_id]
            if redactor is not None:
                text, title = redactor.redact(text), redactor.redact(title)
                speaker = redactor.redact(speaker) if speaker else speaker
            cleaned[seg_id] = (title, speaker, text)
        return cleaned[seg_id]

    rows = []
    for d in report.disagreements:
        seg_id = int(d.unit)
        tid, ordinal, _speaker, _text, _title = segments[seg_id]
        title, speaker, text = clean(seg_id)
        ref = by_path.get(d.code)
        rows.append(DisagreementRow(
            segment_id=seg_id, transcript_id=tid, transcript=title, ordinal=ordinal, speaker=speaker, text=text,
            code=d.code, code_label=ref.label(lang) if ref else d.code, color=ref.color if ref else "#607d8b",
            applied_by=d.applied_by, not_applied_by=d.not_applied_by,
            decision=decided.get((seg_id, ref.id)) if ref else None,
        ))
    rows.sort(key=lambda r: (r.transcript_id, r.ordinal, r.code))
    return rows


def _consensus_rows(s: Session, segment_id: int, code_id: int) -> list[Coding]:
    return list(s.scalars(select(Coding).where(
        Coding.segment_id == segment_id, Coding.code_id == code_id, Coding.coder.in_(CONSENSUS_NAMES),
        Coding.start.is_(None), Coding.end.is_(None)).order_by(Coding.id)))


def _decide(s: Session, segment_id: int, code_id: int, apply: bool, name: str) -> None:
    rows = _consensus_rows(s, segment_id, code_id)
    status = "accepted" if apply else "rejected"
    if rows:
        rows[0].status = status
        for extra in rows[1:]:
            s.delete(extra)
        return
    s.add(Coding(segment_id=segment_id, code_id=code_id, coder=name, origin="manual", status=status,
                 guid=str(uuid.uuid4())))


def reconcile(project: Project, segment_id: int, code: str | int, apply: bool) -> str:
    """Record the reconciled decision on one disagreement: ``apply=True`` the code applies to the whole segment,
    False it does not. Stored as the consensus coder's coding (deciding again replaces the decision); the coders'
    own codings are not touched. Returns the consensus coder's name.

    Raises:
        AtlasQualError: the segment or the code does not exist.

    Examples:
        >>> # reconcile(project, 42, "Evaluación/Fortalezas", apply=True) -> 'consenso'
    """

    def _write(s: Session) -> str:
        if s.get(Segment, int(segment_id)) is None:
            raise AtlasQualError("reconcile_unknown_segment", id=segment_id)
        ref = _code_index(s).resolve(code)
        name = _consensus_name(s)
        _decide(s, int(segment_id), ref.id, bool(apply), name)
        return name

    return project.write(_write)


def clear_decision(project: Project, segment_id: int, code: str | int) -> int:
    """Undo the reconciled decision on one disagreement (it is pending again). Returns how many rows went."""

    def _write(s: Session) -> int:
        ref = _code_index(s).resolve(code)
        rows = _consensus_rows(s, int(segment_id), ref.id)
        for row in rows:
            s.delete(row)
        return len(rows)

    return project.write(_write)


def adopt_agreed(project: Project, coders: Sequence[str] | None = None, *, dmop: str | None = None,
                 territory: str | None = None) -> int:
    """Copy to the consensus coder every code that all the chosen coders who covered a segment applied to it, so
    the consensus is complete (agreed codings + reconciled disagreements). Decisions already taken are kept.
    Returns how many consensus codings were added.

    Examples:
        >>> # adopt_agreed(project, ["ana.gimenez", "carlos.rojas"]) -> 85
    """
    def _write(s: Session) -> int:
        transcripts = _transcript_ids(s, dmop, territory)
        triples, coverage = _data(s, coders, transcripts)
        chosen = set(coders) if coders else set(coverage)
        covering: dict[Any, set[str]] = defaultdict(set)
        for coder, units in coverage.items():
            if coder in chosen:
                for unit in units:
                    covering[unit].add(coder)
        applied: dict[tuple[Any, str], set[str]] = defaultdict(set)
        for unit, coder, path in triples:
            if coder in chosen:
                applied[(unit, path)].add(coder)
        ids = {path: cid for cid, path in code_paths(s).items()}
        agreed = [(unit, ids[path]) for (unit, path), who in applied.items()
                  if len(covering[unit]) >= 2 and who == covering[unit]]
        decided = _decisions(s, {unit for unit, _ in agreed})
        name = _consensus_name(s)
        added = 0
        for unit, code_id in sorted(agreed):
            if (unit, code_id) in decided:
                continue
            s.add(Coding(segment_id=unit, code_id=code_id, coder=name, origin="manual", status="accepted",
                         guid=str(uuid.uuid4())))
            added += 1
        return added

    return project.write(_write)


# --- the report annex --------------------------------------------------------------------------------------------


def agreement_section(project: Project, lang: str = "es", *, coders: Sequence[str] | None = None,
                      dmop: str | None = None, territory: str | None = None) -> dict[str, Any]:
    """Everything the agreement annex of a report (or the agreement page) shows, in ``lang``.

    The keys of ``AgreementReport.to_dict()`` (``units``, ``percent_agreement``, ``krippendorff_alpha``,
    ``cohen_kappa``, ``coders``, ``reason``, ``per_code``) without the disagreement list, plus:
    ``header`` (column titles), ``rows`` (first the overall row, then one per code in codebook order:
    ``[label, kappa, alpha, percent, units, positives]``, None where undefined), ``chart`` (``(label, alpha)`` per
    code with a defined alpha, for a bar chart), ``notes`` (why a figure is undefined, one sentence per case),
    ``method`` (how the figures are computed, one paragraph), ``disagreements`` and ``reconciled`` (counts) and
    ``consensus_coder``.

    Examples:
        >>> # sec = agreement_section(project, "en", dmop="MAUEP")
        >>> # sec["header"] -> ['Code', 'κ', 'α', 'Agreement', 'Units', 'Segments with the code']
    """
    from atlas_qual.agreement import explain_reason
    from atlas_qual.i18n import t

    report = agreement_for(project, coders, dmop=dmop, territory=territory)
    data = report.to_dict()
    data.pop("disagreements")
    with project.session() as s:
        index = _code_index(s)
        order = {ref.path: n for n, ref in enumerate(index)}
        labels = {ref.path: ref.label(lang) for ref in index}
        seg_ids = {int(d.unit) for d in report.disagreements}
        decided = _decisions(s, seg_ids)
        ids = {ref.path: ref.id for ref in index}
        consensus = _consensus_name(s)
    codes = sorted(report.per_code, key=lambda c: (order.get(c, len(order)), c))
    rows: list[list[Any]] = [[t("agreement_app_overall", lang=lang), report.cohen_kappa, report.krippendorff_alpha,
                              report.percent_agreement, report.units, None]]
    notes: list[str] = []
    if report.reason in ("no_units", "too_few_coders"):
        notes.append(explain_reason(report.reason, lang))
    for code in codes:
        stats = report.per_code[code]
        label = labels.get(code, code)
        rows.append([label, stats.kappa, stats.alpha, stats.percent, stats.n, stats.positives])
        if stats.reason:
            notes.append(f"{label}: {explain_reason(stats.reason, lang)}")
    reconciled = sum(1 for d in report.disagreements if (int(d.unit), ids.get(d.code)) in decided)
    data.update({
        "lang": lang,
        "header": [t("agreement_app_col_code", lang=lang), "κ", "α", t("agreement_app_col_percent", lang=lang),
                   t("agreement_app_col_units", lang=lang), t("agreement_app_col_positives", lang=lang)],
        "rows": rows,
        "labels": {code: labels.get(code, code) for code in codes},
        "chart": [(labels.get(c, c), report.per_code[c].alpha) for c in codes if report.per_code[c].alpha is not None],
        # on spans, units = characters: a column of its own so the annex rows keep their shape
        "unitized": {labels.get(c, c): report.per_code[c].unitized_alpha for c in codes},
        "notes": notes,
        "method": t("agreement_app_method", lang=lang),
        "disagreements": len(report.disagreements),
        "reconciled": reconciled,
        "consensus_coder": consensus,
    })
    return data


__all__ = ["NON_CODERS", "CONSENSUS_NAMES", "DisagreementRow", "code_paths", "agreement_data", "agreement_for",
           "human_coders", "coder_spans", "consensus_coder", "disagreements", "reconcile", "clear_decision",
           "adopt_agreed", "agreement_section"]
