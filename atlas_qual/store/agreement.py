"""Agreement over the stored codings (which segments each coder covered, their codings, the report from the pure core
atlas_qual.agreement), the disagreements to reconcile and the reconciled coder, and the report annex's data.

Reconciliation never touches a coder's own codings: each decision is stored as a coding of the consensus coder
(``consenso`` in a Spanish project, ``consensus`` in an English one), ``accepted`` when the code applies to the
segment and ``rejected`` when the coders agreed it does not, so a decision "no" is remembered too. Agreement and
counts read only accepted codings of people, so the consensus coder never changes the agreement figures.

A disagreement is of kind ``presence`` (some coders applied the code to the turn, others did not) or ``span`` (every
coder applied it but they marked different characters: see atlas_qual.store.span_disagreements for when two spans
count as the same); reconciling a span disagreement keeps one coder's spans, their union or the whole turn.

Examples:
    >>> # rows = disagreements(project, ["ana.gimenez", "carlos.rojas"])
    >>> # reconcile(project, rows[0].segment_id, rows[0].code, apply=True)
    >>> # agreement_section(project, "en")["rows"][0]  -> ["Overall", kappa, alpha, percent, units, None]
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.models import Code, Coding, Meta, Segment, Transcript
from atlas_qual.store.span_disagreements import (SpanQuote, choice_of, codings_by_pair, merge, quotes, same_spans,
                                                 span_candidates, turn_spans)

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
    from atlas_qual.store.case_values import CaseResolver as _Resolver

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
    """A (segment, code) the chosen coders disagree on, with what the reconciliation decided so far (``decision``:
    True = the code applies, False = it does not, None = still to decide).

    ``kind`` is ``presence`` when some coders applied the code and others did not, ``span`` when every coder applied
    it but they marked different characters of the turn. ``spans`` has each coder's spans of the code on the turn
    (code points within the turn, with their quotes; empty for a coder who did not apply it), ``consensus`` the
    reconciled spans and ``choice`` which option they are (a coder's name, ``union``, ``whole`` or ``other``).

    ``text``, ``speaker``, ``transcript`` and the quotes are redacted unless asked otherwise."""

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
    kind: str = "presence"
    spans: Mapping[str, tuple[SpanQuote, ...]] = field(default_factory=dict)
    consensus: tuple[SpanQuote, ...] = ()
    choice: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"segment_id": self.segment_id, "transcript_id": self.transcript_id, "transcript": self.transcript,
                "ordinal": self.ordinal, "speaker": self.speaker, "text": self.text, "code": self.code,
                "code_label": self.code_label, "applied_by": list(self.applied_by),
                "not_applied_by": list(self.not_applied_by), "decision": self.decision, "kind": self.kind,
                "spans": {c: [q.to_dict() for q in qs] for c, qs in self.spans.items()},
                "consensus": [q.to_dict() for q in self.consensus], "choice": self.choice}


def _consensus_state(s: Session, segment_ids: set[int]) -> dict[tuple[int, int], tuple[bool, list[tuple]]]:
    """(segment, code id) -> (the consensus decision, its accepted spans as stored: transcript code points, or
    (None, None) for the whole turn). Accepted anywhere in the turn = the code applies; a whole-turn rejection
    alone = it does not."""
    found: dict[tuple[int, int], tuple[bool, list[tuple]]] = {}
    ids = sorted(segment_ids)
    for i in range(0, len(ids), 500):
        q = select(Coding.segment_id, Coding.code_id, Coding.status, Coding.start, Coding.end).where(
            Coding.coder.in_(CONSENSUS_NAMES), Coding.segment_id.in_(ids[i:i + 500])).order_by(Coding.start)
        for seg, code, status, a, b in s.execute(q):
            if status not in ("accepted", "rejected"):
                continue
            applies, spans = found.get((seg, code), (False, []))
            if status == "accepted":
                applies = True
                spans.append((a, b))
            found[(seg, code)] = (applies, spans)
    return found


def _decisions(s: Session, segment_ids: set[int]) -> dict[tuple[int, int], bool]:
    """(segment, code id) -> the consensus decision."""
    return {key: applies for key, (applies, _spans) in _consensus_state(s, segment_ids).items()}


def _span_conflicts(s: Session, coders: Sequence[str], transcripts: set[int] | None, codes: set[str],
                    presence: set[tuple[int, str]]):
    """The (segment, code path, code id) where at least two of ``coders`` applied the code, none of the others
    covering the turn left it out (``presence`` holds those) and their spans differ; with the codings by pair and
    the segments (start, text) read on the way."""
    if len(coders) < 2:
        return [], {}, {}
    candidates = span_candidates(s, coders, transcripts)
    if not candidates:
        return [], {}, {}
    pairs, segs = codings_by_pair(s, coders, candidates)
    paths = code_paths(s)
    found = []
    for (seg, code_id), by in pairs.items():
        path = paths[code_id]
        if path not in codes or (seg, path) in presence or len(by) < 2:
            continue
        if not same_spans(segs[seg][1], by):
            found.append((seg, path, code_id))
    return found, pairs, segs


def disagreements(project: Project, coders: Sequence[str] | None = None, *, lang: str = "es", redact: bool = True,
                  dmop: str | None = None, territory: str | None = None, codes: Sequence[str] | None = None,
                  report=None) -> list[DisagreementRow]:
    """Every (segment, code) the chosen coders disagree on, in transcript order: ``presence`` (some applied the
    code, others did not) and ``span`` (all applied it, on different spans), with the segment's text, each coder's
    spans and the reconciliation decision so far. ``report``: the agreement_for() of the same arguments, when the
    caller has it already (it is not computed twice).

    Examples:
        >>> # [(r.code, r.kind) for r in disagreements(project, ["ana.gimenez", "carlos.rojas"])][:2]
        >>> # [('Evaluación/Fortalezas', 'presence'), ('Evaluación/Debilidades', 'span')]
    """
    if report is None:
        report = agreement_for(project, coders, codes, dmop=dmop, territory=territory)
    chosen = list(report.coders)
    presence = {(int(d.unit), d.code): d for d in report.disagreements}
    with project.session() as s:
        transcripts = _transcript_ids(s, dmop, territory)
        conflicts, pairs, segs = _span_conflicts(s, chosen, transcripts, set(report.per_code), set(presence))
        if not presence and not conflicts:
            return []
        index = _code_index(s)
        by_path = {ref.path: ref for ref in index}
        seg_ids = {seg for seg, _ in presence} | {seg for seg, _p, _c in conflicts}
        missing = {seg for seg, _ in presence} - set(segs)
        if missing:
            more_pairs, more_segs = codings_by_pair(s, chosen, missing)
            pairs, segs = {**pairs, **more_pairs}, {**segs, **more_segs}
        segments: dict[int, tuple] = {}
        cases: dict[int, tuple[str, str]] = {}
        cast: dict[int, frozenset[str]] = {}
        ids = sorted(seg_ids)
        for i in range(0, len(ids), 500):
            q = (select(Segment.id, Segment.transcript_id, Segment.ordinal, Segment.speaker, Segment.text,
                        Transcript.title, Segment.start, Transcript.interviewee, Transcript.pseudonym)
                 .join(Transcript, Transcript.id == Segment.transcript_id).where(Segment.id.in_(ids[i:i + 500])))
            for row in s.execute(q):
                segments[row[0]] = row[1:7]
                cases[row[1]] = (row[7] or "", row[8] or "")
        if redact:  # who answers in an "E"/"I" pair is read from the transcript's other labels
            from atlas_qual.store.project_redaction import transcript_speaker_labels

            cast = transcript_speaker_labels(s.execute, cases)
        state = _consensus_state(s, seg_ids)
    redactor = None
    if redact:
        from atlas_qual.store.project_redaction import project_redactor

        redactor = project_redactor(project, lang)
    from atlas_qual.store.project_redaction import redact_speaker

    cleaned: dict[int, tuple[str, str | None, str, list]] = {}

    def clean(seg_id: int) -> tuple[str, str | None, str, list]:
        if seg_id not in cleaned:
            _tid, _ordinal, speaker, text, title, _start = segments[seg_id]
            findings = []
            if redactor is not None:
                findings = redactor.findings(text)
                text, title = redactor.redact(text), redactor.redact(title)
                if speaker:  # the respondent's label or own name -> the pseudonym, as every output shows it
                    who, alias = cases.get(_tid, ("", ""))
                    case = SimpleNamespace(interviewee=who, pseudonym=alias,
                                           speaker_labels=cast.get(_tid, frozenset()))
                    speaker = redact_speaker(speaker, case, redactor)
            cleaned[seg_id] = (title, speaker, text, findings)
        return cleaned[seg_id]

    def row_for(seg_id: int, path: str, kind: str, applied: tuple[str, ...], not_applied: tuple[str, ...]):
        tid, ordinal, _speaker, raw, _title, start = segments[seg_id]
        title, speaker, text, findings = clean(seg_id)
        ref = by_path.get(path)
        by = pairs.get((seg_id, ref.id), {}) if ref else {}
        decision, chosen_spans, choice = None, (), None
        if ref is not None and (seg_id, ref.id) in state:
            decision, stored = state[(seg_id, ref.id)]
            mine = [turn_spans(start, start + len(raw), a, b) for a, b in stored]
            chosen_spans = quotes(raw, mine, findings)
            choice = choice_of(raw, mine, by) if decision else None
        return DisagreementRow(
            segment_id=seg_id, transcript_id=tid, transcript=title, ordinal=ordinal, speaker=speaker, text=text,
            code=path, code_label=ref.label(lang) if ref else path, color=ref.color if ref else "#607d8b",
            applied_by=applied, not_applied_by=not_applied, decision=decision, kind=kind,
            spans={c: quotes(raw, by.get(c, []), findings) for c in chosen if c in applied},
            consensus=chosen_spans, choice=choice,
        )

    rows = [row_for(int(d.unit), d.code, "presence", d.applied_by, d.not_applied_by) for d in presence.values()]
    for seg_id, path, code_id in conflicts:
        applied = tuple(c for c in chosen if c in pairs[(seg_id, code_id)])
        rows.append(row_for(seg_id, path, "span", applied, ()))
    rows.sort(key=lambda r: (r.transcript_id, r.ordinal, r.code))
    return rows


def _consensus_rows(s: Session, segment_id: int, code_id: int) -> list[Coding]:
    """Every consensus coding of the code on the turn (whole turn or spans)."""
    return list(s.scalars(select(Coding).where(
        Coding.segment_id == segment_id, Coding.code_id == code_id, Coding.coder.in_(CONSENSUS_NAMES))
        .order_by(Coding.id)))


def _chosen_spans(s: Session, seg: Segment, code_id: int, choice: str | None, coders: Sequence[str] | None
                  ) -> list[tuple[int | None, int | None]]:
    """The spans (as stored: transcript code points, (None, None) = whole turn) a reconciliation option means."""
    length = seg.end - seg.start
    whole = [(None, None)]
    if choice == "whole":
        return whole
    q = select(Coding.coder, Coding.start, Coding.end).where(
        Coding.segment_id == seg.id, Coding.code_id == code_id, Coding.status == "accepted")
    q = q.where(Coding.coder.in_(list(coders))) if coders else q.where(Coding.coder.not_in(NON_CODERS))
    by: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for coder, a, b in s.execute(q):
        by[coder].append(turn_spans(seg.start, seg.end, a, b))
    if choice in (None, "union"):
        spans = merge(sp for spans in by.values() for sp in spans)
    elif choice in by:
        spans = merge(by[choice])
    else:
        raise AtlasQualError("reconcile_no_spans", coder=choice, id=seg.id)
    if not spans or spans == [(0, length)]:
        return whole
    return [(seg.start + a, seg.start + b) for a, b in spans]


def reconcile(project: Project, segment_id: int, code: str | int, apply: bool = True, *, choice: str | None = None,
              coders: Sequence[str] | None = None) -> str:
    """Record the reconciled decision on one disagreement, stored as the consensus coder's codings (deciding again
    replaces the decision; the coders' own codings are not touched). Returns the consensus coder's name.

    ``apply=False``: the code does not apply to the turn. ``apply=True``: it applies, on the spans ``choice`` says:
    a coder's name (that coder's spans), ``union`` (every span of ``coders``, default every person who applied it;
    also what None means, so a coder's span is never widened to the whole turn without asking) or ``whole``.

    Raises:
        AtlasQualError: the segment or the code does not exist, or the chosen coder did not apply the code there.

    Examples:
        >>> # reconcile(project, 42, "Evaluación/Fortalezas", apply=True) -> 'consenso'
        >>> # reconcile(project, 42, "Evaluación/Debilidades", choice="ana.gimenez")  # Ana's span stays
    """

    def _write(s: Session) -> str:
        seg = s.get(Segment, int(segment_id))
        if seg is None:
            raise AtlasQualError("reconcile_unknown_segment", id=segment_id)
        ref = _code_index(s).resolve(code)
        name = _consensus_name(s)
        spans = _chosen_spans(s, seg, ref.id, choice, coders) if apply else [(None, None)]
        for row in _consensus_rows(s, seg.id, ref.id):
            s.delete(row)
        s.flush()  # the old rows go before new ones with the same span are added (unique per span)
        for a, b in spans:
            s.add(Coding(segment_id=seg.id, code_id=ref.id, coder=name, origin="manual",
                         status="accepted" if apply else "rejected", start=a, end=b, guid=str(uuid.uuid4())))
        return name

    return project.write(_write)


def clear_decision(project: Project, segment_id: int, code: str | int) -> int:
    """Undo the reconciled decision on one disagreement (it is pending again): every consensus coding of the code on
    the turn goes, whole turn or spans. Returns how many rows went."""

    def _write(s: Session) -> int:
        ref = _code_index(s).resolve(code)
        rows = _consensus_rows(s, int(segment_id), ref.id)
        for row in rows:
            s.delete(row)
        return len(rows)

    return project.write(_write)


def adopt_agreed(project: Project, coders: Sequence[str] | None = None, *, dmop: str | None = None,
                 territory: str | None = None) -> int:
    """Copy to the consensus coder every code that all the chosen coders who covered a segment applied to it, on the
    spans they agreed on (the whole turn when one of them coded it whole), so the consensus is complete (agreed
    codings + reconciled disagreements). Codes applied by all but on different spans are span disagreements and
    are left to reconcile; decisions already taken are kept. Returns how many consensus codings were added.

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
        pairs, segs = codings_by_pair(s, sorted(chosen), {unit for unit, _ in agreed})
        name = _consensus_name(s)
        added = 0
        for unit, code_id in sorted(agreed):
            by = pairs.get((unit, code_id), {})
            start, text = segs.get(unit, (0, ""))
            if (unit, code_id) in decided or not same_spans(text, by):
                continue
            whole = (0, len(text))
            spans = [whole] if not by or any(whole in v for v in by.values()) else by[sorted(by)[0]]
            for a, b in spans:
                stored = (None, None) if (a, b) == whole else (start + a, start + b)
                s.add(Coding(segment_id=unit, code_id=code_id, coder=name, origin="manual", status="accepted",
                             start=stored[0], end=stored[1], guid=str(uuid.uuid4())))
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
    ``method`` (how the figures are computed, one paragraph), ``disagreements`` (counts: every kind),
    ``span_disagreements`` (of them, the same code on different spans), ``reconciled``, ``consensus_coder`` and
    ``unused`` (code label -> the sentence saying which coder never applied it, also among ``notes``).

    Examples:
        >>> # sec = agreement_section(project, "en", dmop="MAUEP")
        >>> # sec["header"] -> ['Code', 'κ', 'α', 'Agreement', 'Units', 'Segments with the code']
    """
    from atlas_qual.agreement import explain_reason, unused_note
    from atlas_qual.i18n import t

    report = agreement_for(project, coders, dmop=dmop, territory=territory)
    data = report.to_dict()
    data.pop("disagreements")
    with project.session() as s:
        index = _code_index(s)
        order = {ref.path: n for n, ref in enumerate(index)}
        labels = {ref.path: ref.label(lang) for ref in index}
        presence = {(int(d.unit), d.code) for d in report.disagreements}
        conflicts, _pairs, _segs = _span_conflicts(s, list(report.coders), _transcript_ids(s, dmop, territory),
                                                   set(report.per_code), presence)
        decided = _decisions(s, {seg for seg, _ in presence} | {seg for seg, _p, _c in conflicts})
        ids = {ref.path: ref.id for ref in index}
        consensus = _consensus_name(s)
    codes = sorted(report.per_code, key=lambda c: (order.get(c, len(order)), c))
    rows: list[list[Any]] = [[t("agreement_app_overall", lang=lang), report.cohen_kappa, report.krippendorff_alpha,
                              report.percent_agreement, report.units, None]]
    notes: list[str] = []
    unused: dict[str, str] = {}  # code label -> why its kappa and alpha say nothing (a coder never applied it)
    if report.reason in ("no_units", "too_few_coders"):
        notes.append(explain_reason(report.reason, lang))
    for code in codes:
        stats = report.per_code[code]
        label = labels.get(code, code)
        rows.append([label, stats.kappa, stats.alpha, stats.percent, stats.n, stats.positives])
        if stats.reason:
            notes.append(f"{label}: {explain_reason(stats.reason, lang)}")
        elif stats.unused_by:
            unused[label] = unused_note(label, stats.unused_by, lang)
    reconciled = (sum(1 for d in report.disagreements if (int(d.unit), ids.get(d.code)) in decided)
                  + sum(1 for seg, _path, code_id in conflicts if (seg, code_id) in decided))
    data.update({
        "lang": lang,
        "header": [t("agreement_app_col_code", lang=lang), "κ", "α", t("agreement_app_col_percent", lang=lang),
                   t("agreement_app_col_units", lang=lang), t("agreement_app_col_positives", lang=lang)],
        "rows": rows,
        "labels": {code: labels.get(code, code) for code in codes},
        "chart": [(labels.get(c, c), report.per_code[c].alpha) for c in codes if report.per_code[c].alpha is not None],
        # on spans, units = characters: a column of its own so the annex rows keep their shape
        "unitized": {labels.get(c, c): report.per_code[c].unitized_alpha for c in codes},
        "notes": notes + list(unused.values()),
        "unused": unused,
        "method": t("agreement_app_method", lang=lang),
        "disagreements": len(report.disagreements) + len(conflicts),
        "span_disagreements": len(conflicts),
        "reconciled": reconciled,
        "consensus_coder": consensus,
    })
    return data


__all__ = ["NON_CODERS", "CONSENSUS_NAMES", "DisagreementRow", "code_paths", "agreement_data", "agreement_for",
           "human_coders", "coder_spans", "consensus_coder", "disagreements", "reconcile", "clear_decision",
           "adopt_agreed", "agreement_section"]
