"""The DMOP cycle after the pilot, in the store: the evaluation's recommendations (drafted from codings and stored
themes, edited by the facilitator), the learning workshop on the workshop engine, the decisions it took (course of
action; endorsement of the DMOP for institutionalization, with the vote behind it), the refinement log, the
institutionalization (sustainability) plans, DMOP phase changes, and indicators 5 and 6.

Every user action is one ``project.write`` transaction. Phase changes written here follow the register's rule: a
DMOP's current phase is the phase of its latest dated change (the furthest one on the same day).

Examples:
    >>> # generate_recommendations(project, "MAUEP")             # R01.. from segments coded Recomendaciones
    >>> # created = create_learning_workshop(project, "MAUEP")    # a session of kind "learning" + its key
    >>> # ... participants vote on the participant page or by ballots ...
    >>> # outcome = record_learning_outcome(project, created.code, created.key)
    >>> # add_refinement(project, "MAUEP", "Ruta adaptada al Chaco", "Recomendación R11", recommendations=["R11"])
    >>> # cycle_counts(project).to_dict()["indicator_5"]["value"]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from atlas_qual import cycle as core
from atlas_qual.errors import AtlasQualError
from atlas_qual.indicators import PHASES, DmopRecord, Indicator, compute_indicators, phase_index
from atlas_qual.store.db import Project
from atlas_qual.store.models import (
    Coding,
    Decision,
    Dmop,
    DmopPhaseChange,
    Institution,
    Recommendation,
    RefinementEntry,
    Round,
    Segment,
    SessionItem,
    SustainabilityPlan,
    Territory,
    Theme,
    ThemeAssignment,
    ThemeRun,
    Transcript,
    Vote,
    WorkshopSession,
)

RECOMMENDATIONS_CODE = "Evaluación/Recomendaciones"
DECISION_COURSE = "course_of_action"
DECISION_ENDORSEMENT = "endorsement"


def _t(key: str, lang: str | None = None, **params: Any) -> str:
    from atlas_qual.i18n import t

    return t(key, lang=lang, **params)


def _today() -> dt.date:
    return dt.date.today()


# --------------------------------------------------------------------------------------------------------------------
# Value objects
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationInfo:
    """A recommendation of a DMOP's evaluation as the facilitator edits it."""

    id: int
    dmop: str
    ref: str
    text: str
    source: str = ""
    responsible: str = ""
    status: str = "proposed"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "dmop": self.dmop, "ref": self.ref, "text": self.text, "source": self.source,
                "responsible": self.responsible, "status": self.status}


@dataclass(frozen=True)
class DecisionInfo:
    """A recorded decision: kind (``course_of_action`` or ``endorsement``), outcome and the votes behind it."""

    id: int
    dmop: str | None
    session: str | None
    kind: str
    outcome: str
    votes: Mapping[str, Any]
    date: dt.date

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "dmop": self.dmop, "session": self.session, "kind": self.kind,
                "outcome": self.outcome, "votes": dict(self.votes), "date": self.date.isoformat()}


@dataclass(frozen=True)
class RecordedOutcome:
    """What ``record_learning_outcome`` stored: the outcome and the ids of the two decisions."""

    outcome: core.LearningOutcome
    course_decision: int
    endorsement_decision: int | None

    def to_dict(self) -> dict[str, Any]:
        return {**self.outcome.to_dict(), "course_decision": self.course_decision,
                "endorsement_decision": self.endorsement_decision}


@dataclass(frozen=True)
class RefinementInfo:
    """One entry of a DMOP's refinement log: version, what changed, why, what it is linked to, and when."""

    id: int
    dmop: str
    version: str
    change: str
    why: str
    date: dt.date
    findings: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    decisions: tuple[int, ...] = ()
    sessions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "dmop": self.dmop, "version": self.version, "change": self.change, "why": self.why,
                "date": self.date.isoformat(), "findings": list(self.findings),
                "recommendations": list(self.recommendations), "decisions": list(self.decisions),
                "sessions": list(self.sessions)}


@dataclass(frozen=True)
class PlanInfo:
    """An institutionalization (sustainability) plan of a DMOP."""

    id: int
    dmop: str
    title: str
    status: str
    actions: tuple[core.PlanAction, ...]
    resources: str
    date: dt.date

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "dmop": self.dmop, "title": self.title, "status": self.status,
                "actions": [a.to_dict() for a in self.actions], "resources": self.resources,
                "date": self.date.isoformat()}


@dataclass(frozen=True)
class CycleCounts:
    """Indicators 5 (refined DMOP-C) and 6 (DMOP-C with a sustainability plan) with the records behind them."""

    indicator_5: Indicator
    indicator_6: Indicator
    refinements: Mapping[str, int]
    plans: Mapping[str, int]

    def to_dict(self, lang: str = "es") -> dict[str, Any]:
        return {"indicator_5": self.indicator_5.to_dict(lang), "indicator_6": self.indicator_6.to_dict(lang),
                "refinements": dict(self.refinements), "plans": dict(self.plans)}


# --------------------------------------------------------------------------------------------------------------------
# Shared lookups
# --------------------------------------------------------------------------------------------------------------------


def _dmop(s: Session, dmop: str) -> Dmop:
    from atlas_qual.bok import fold

    for row in s.scalars(select(Dmop)):
        if fold(row.id) == fold(dmop or ""):
            return row
    raise AtlasQualError("unknown_dmop", dmop=dmop,
                         known=", ".join(s.scalars(select(Dmop.id).order_by(Dmop.id))))


def _institution_resolver(s: Session) -> Callable[[str], str]:
    from atlas_qual.bok import fold

    rows = list(s.scalars(select(Institution)))

    def resolve(value: str) -> str:
        wanted = fold(value)
        for inst in rows:
            if wanted in (fold(inst.id), fold(inst.name_es), fold(inst.name_en)):
                return inst.id
        # "Ministerio Público" for "Ministerio Público (Fiscalía General del Estado)": a unique start of a name
        starts = {inst.id for inst in rows if len(wanted) >= 4 and any(
            fold(name).startswith(wanted) for name in (inst.name_es, inst.name_en))}
        if len(starts) == 1:
            return starts.pop()
        raise AtlasQualError("unknown_institution", institution=value, known=", ".join(sorted(i.id for i in rows)))

    return resolve


def _territory(s: Session, value: str | None) -> str | None:
    from atlas_qual.bok import fold

    if not value:
        return None
    rows = list(s.scalars(select(Territory)))
    for row in rows:
        if fold(value) in {fold(row.id), fold(row.name), fold(row.name_en)}:
            return row.id
    raise AtlasQualError("unknown_territory", territory=value, known=", ".join(r.id for r in rows))


def _session_by_code(s: Session, code: str) -> WorkshopSession:
    from atlas_qual.workshop import normalize_join_code

    try:
        canonical = normalize_join_code(code)
    except AtlasQualError:
        raise AtlasQualError("wsapp_unknown_session", code=str(code).strip()) from None
    ws = s.scalar(select(WorkshopSession).where(WorkshopSession.code == canonical))
    if ws is None:
        raise AtlasQualError("wsapp_unknown_session", code=canonical)
    return ws


# --------------------------------------------------------------------------------------------------------------------
# DMOP phases
# --------------------------------------------------------------------------------------------------------------------


def _furthest(s: Session, dmop: Dmop) -> int:
    phases = [phase_index(p) for p in s.scalars(select(DmopPhaseChange.phase)
                                                .where(DmopPhaseChange.dmop_id == dmop.id))]
    return max(phases + [phase_index(dmop.phase or "development")])


def _add_phase(s: Session, dmop: Dmop, phase: str, day: dt.date, *, territory: str | None = None,
               note: str = "") -> DmopPhaseChange:
    """A phase change inside the caller's transaction; the DMOP's current phase follows its latest dated change."""
    phase_index(phase)
    row = DmopPhaseChange(dmop_id=dmop.id, phase=phase, date=day, territory_id=territory, note=note)
    s.add(row)
    s.flush()
    changes = list(s.scalars(select(DmopPhaseChange).where(DmopPhaseChange.dmop_id == dmop.id)))
    latest = max(changes, key=lambda c: (c.date, phase_index(c.phase), c.id))
    dmop.phase = latest.phase
    return row


def _reach_phase(s: Session, dmop: Dmop, phase: str, day: dt.date, note: str) -> bool:
    """Record ``phase`` unless the DMOP already reached it (never moves a DMOP back); True when recorded."""
    if _furthest(s, dmop) >= phase_index(phase):
        return False
    _add_phase(s, dmop, phase, day, note=note)
    return True


def record_phase(project: Project, dmop: str, phase: str, *, date: Any = None, territory: str | None = None,
                 note: str = "") -> str:
    """Record that a DMOP entered ``phase`` (development, pilot, evaluated, refined, sustainability_plan,
    institutionalized) on ``date`` (default today), optionally in one territory; returns the DMOP's current phase.

    Examples:
        >>> # record_phase(project, "MAUEP", "institutionalized", date="2026-11-30", note="Resolución MTESS 123")
    """
    from atlas_qual.bok import fold

    wanted = fold(phase).replace(" ", "_")
    aliases = {fold(_t(f"phase_{p}", "es")).replace(" ", "_"): p for p in PHASES}
    aliases.update({fold(_t(f"phase_{p}", "en")).replace(" ", "_"): p for p in PHASES})
    canonical = wanted if wanted in PHASES else aliases.get(wanted)
    if canonical is None:
        raise AtlasQualError("cycle_unknown_phase", phase=phase, known=", ".join(PHASES))
    day = core.parse_day(date, what=_t("cycle_what_phase_date")) if date not in (None, "") else _today()

    def _do(s: Session) -> str:
        d = _dmop(s, dmop)
        _add_phase(s, d, canonical, day, territory=_territory(s, territory), note=" ".join(str(note).split()))
        return d.phase

    return project.write(_do)


# --------------------------------------------------------------------------------------------------------------------
# Recommendations
# --------------------------------------------------------------------------------------------------------------------


def _rec_info(r: Recommendation) -> RecommendationInfo:
    return RecommendationInfo(id=r.id, dmop=r.dmop_id, ref=r.ref, text=r.text, source=r.source or "",
                              responsible=r.responsible or "", status=r.status or "proposed")


def _recommendation_code_ids(s: Session) -> list[int]:
    from atlas_qual.store.codebook import index_of

    index = index_of(s)
    try:
        ref = index.resolve(RECOMMENDATIONS_CODE)
    except AtlasQualError:
        return []
    return [ref.id] + list(index.descendants(ref.id))


def _sources(s: Session, dmop: Dmop, redactor) -> tuple[list[core.SourceSegment], list[core.ThemeSource]]:
    """The DMOP's segments coded as recommendations (the consensus coder's where there is one) and the stored
    themes over them (latest run per code; merged and deleted themes left out)."""
    from atlas_qual.store.report_data import effective_codings

    code_ids = _recommendation_code_ids(s)
    if not code_ids:
        return [], []
    rows = [tuple(r) for r in s.execute(
        select(Coding.segment_id, Segment.transcript_id, Coding.code_id, Coding.coder, Coding.start, Coding.end)
        .join(Segment, Segment.id == Coding.segment_id).join(Transcript, Transcript.id == Segment.transcript_id)
        .where(Transcript.dmop_id == dmop.id, Coding.code_id.in_(code_ids), Coding.status == "accepted"))]
    segment_ids = sorted({r[0] for r in effective_codings(rows)})
    segments = []
    if segment_ids:
        info = s.execute(select(Segment.id, Segment.text, Segment.transcript_id, Transcript.pseudonym,
                                Transcript.territory_id, Transcript.language)
                         .join(Transcript, Transcript.id == Segment.transcript_id)
                         .where(Segment.id.in_(segment_ids)).order_by(Transcript.id, Segment.ordinal)).all()
        for sid, text, tid, pseudonym, territory, language in info:
            segments.append(core.SourceSegment(sid, redactor.redact(text), pseudonym or "", territory or "", tid,
                                               language if language in ("es", "en") else "es"))
    themes = []
    wanted = set(segment_ids)
    run, best = None, None
    for candidate in s.scalars(select(ThemeRun).where(ThemeRun.code_id.in_(code_ids))):
        filters = candidate.filters or {}
        if filters.get("dmop") not in (None, "", dmop.id) or any(filters.get(k) for k in
                                                                  ("territory", "institution", "role")):
            continue  # a run over part of the DMOP's interviews does not speak for the evaluation
        key = (filters.get("dmop") == dmop.id, candidate.id)  # this DMOP's own run first, then the latest
        if best is None or key > best:
            run, best = candidate, key
    if run is not None:
        for theme in s.scalars(select(Theme).where(Theme.run_id == run.id, Theme.deleted.is_(False),
                                                   Theme.merged_into.is_(None)).order_by(Theme.number)):
            if theme.number < 0:  # BERTopic's outliers are not a theme
                continue
            members = [sid for sid in s.scalars(select(ThemeAssignment.segment_id)
                                                .where(ThemeAssignment.theme_id == theme.id)) if sid in wanted]
            if not members or not theme.custom_label:
                # only a theme an analyst named says a recommendation; a model label is a bag of words
                continue
            themes.append(core.ThemeSource(theme.id, redactor.redact(theme.custom_label), tuple(sorted(members)),
                                           tuple(theme.terms or ())))
    return segments, themes


def draft_recommendations(project: Project, dmop: str, *, max_items: int = core.MAX_DRAFTS) -> list[core.Draft]:
    """Recommendations drafted (not saved) from the DMOP's coded segments and named themes, already redacted."""
    from atlas_qual.store.transcripts import project_redactor

    redactor = project_redactor(project, "es")
    with project.session() as s:
        d = _dmop(s, dmop)
        segments, themes = _sources(s, d, redactor)
    return core.draft_recommendations(segments, themes, max_items=max_items)


def generate_recommendations(project: Project, dmop: str, *, replace_drafts: bool = False,
                             max_items: int = core.MAX_DRAFTS) -> list[RecommendationInfo]:
    """Store the drafted recommendations of a DMOP as R01, R02... (one transaction) and return the whole list.

    Drafts whose text is already a recommendation of the DMOP are not added twice. ``replace_drafts=True`` first
    removes the DMOP's undecided recommendations that came from codings or themes (the facilitator's own and the
    decided ones stay).

    Examples:
        >>> # [r.ref for r in generate_recommendations(project, "MAUEP")][:3]  -> ['R01', 'R02', 'R03']
    """
    from atlas_qual.bok import fold

    drafts = draft_recommendations(project, dmop, max_items=max_items)

    def _do(s: Session) -> list[RecommendationInfo]:
        d = _dmop(s, dmop)
        current = list(s.scalars(select(Recommendation).where(Recommendation.dmop_id == d.id)))
        if replace_drafts:
            for r in current:
                if r.status == "proposed" and (r.source or "").startswith(("codings", "theme")):
                    s.delete(r)
            s.flush()
            current = list(s.scalars(select(Recommendation).where(Recommendation.dmop_id == d.id)))
        texts = {fold(r.text) for r in current}
        refs = [r.ref for r in current]
        for draft in drafts:
            if fold(draft.text) in texts:
                continue
            ref = core.next_ref(refs)
            refs.append(ref)
            texts.add(fold(draft.text))
            s.add(Recommendation(dmop_id=d.id, ref=ref, text=draft.text, source=draft.source_text(),
                                 status="proposed"))
        s.flush()
        return [_rec_info(r) for r in s.scalars(select(Recommendation).where(Recommendation.dmop_id == d.id)
                                                .order_by(Recommendation.id))]

    return project.write(_do)


def list_recommendations(project: Project, dmop: str) -> list[RecommendationInfo]:
    """The DMOP's recommendations in the order they were added."""
    with project.session() as s:
        d = _dmop(s, dmop)
        return [_rec_info(r) for r in s.scalars(select(Recommendation).where(Recommendation.dmop_id == d.id)
                                                .order_by(Recommendation.id))]


def _clean_text(text: object) -> str:
    return " ".join(str(text or "").split())


def _find_rec(s: Session, d: Dmop, ref: str) -> Recommendation:
    wanted = str(ref).strip().casefold()
    for r in s.scalars(select(Recommendation).where(Recommendation.dmop_id == d.id)):
        if r.ref.casefold() == wanted:
            return r
    raise AtlasQualError("cycle_unknown_recommendation", ref=ref, dmop=d.id)


def add_recommendation(project: Project, dmop: str, text: str, *, ref: str | None = None, responsible: str = "",
                       source: str = "facilitator") -> RecommendationInfo:
    """Add a recommendation written by the facilitator (``ref`` default: the next free R-number)."""
    clean = _clean_text(text)
    if not clean:
        raise AtlasQualError("cycle_rec_no_text")
    if len(clean) > core.TEXT_MAX:
        raise AtlasQualError("cycle_rec_too_long", limit=core.TEXT_MAX, length=len(clean))

    def _do(s: Session) -> RecommendationInfo:
        d = _dmop(s, dmop)
        refs = list(s.scalars(select(Recommendation.ref).where(Recommendation.dmop_id == d.id)))
        new_ref = core.check_recommendation_ref(ref) if ref else core.next_ref(refs)
        if new_ref.casefold() in {r.casefold() for r in refs}:
            raise AtlasQualError("cycle_rec_ref_taken", ref=new_ref, dmop=d.id)
        row = Recommendation(dmop_id=d.id, ref=new_ref, text=clean, source=source,
                             responsible=_clean_text(responsible), status="proposed")
        s.add(row)
        s.flush()
        return _rec_info(row)

    return project.write(_do)


def edit_recommendation(project: Project, dmop: str, ref: str, *, text: str | None = None,
                        responsible: str | None = None, status: str | None = None,
                        new_ref: str | None = None) -> RecommendationInfo:
    """Change a recommendation's text, responsible, status (proposed, endorsed, rejected) or ref."""
    if status is not None and status not in core.RECOMMENDATION_STATUSES:
        raise AtlasQualError("cycle_bad_rec_status", status=status, known=", ".join(core.RECOMMENDATION_STATUSES))

    def _do(s: Session) -> RecommendationInfo:
        d = _dmop(s, dmop)
        row = _find_rec(s, d, ref)
        if text is not None:
            clean = _clean_text(text)
            if not clean:
                raise AtlasQualError("cycle_rec_no_text")
            if len(clean) > core.TEXT_MAX:
                raise AtlasQualError("cycle_rec_too_long", limit=core.TEXT_MAX, length=len(clean))
            if clean != row.text and not (row.source or "").endswith("(edited)"):
                row.source = f"{row.source} (edited)".strip() if row.source else "facilitator"
            row.text = clean
        if responsible is not None:
            row.responsible = _clean_text(responsible)
        if status is not None:
            row.status = status
        if new_ref is not None and new_ref.strip().casefold() != row.ref.casefold():
            checked = core.check_recommendation_ref(new_ref)
            if _exists_ref(s, d, checked):
                raise AtlasQualError("cycle_rec_ref_taken", ref=checked, dmop=d.id)
            row.ref = checked
        s.flush()
        return _rec_info(row)

    return project.write(_do)


def _exists_ref(s: Session, d: Dmop, ref: str) -> bool:
    return any(r.casefold() == ref.casefold()
               for r in s.scalars(select(Recommendation.ref).where(Recommendation.dmop_id == d.id)))


def delete_recommendation(project: Project, dmop: str, ref: str) -> None:
    """Remove a recommendation (sessions already created keep their copy of it)."""

    def _do(s: Session) -> None:
        d = _dmop(s, dmop)
        s.delete(_find_rec(s, d, ref))

    project.write(_do)


# --------------------------------------------------------------------------------------------------------------------
# The learning workshop
# --------------------------------------------------------------------------------------------------------------------


def learning_items(project: Project, dmop: str, *, refs: Sequence[str] | None = None,
                   endorsement_item: bool = True) -> list[dict[str, str]]:
    """The items a learning workshop votes on: the DMOP's recommendations (``refs``, default all that are not
    rejected) and, last, the endorsement of the DMOP for institutionalization (``ENDORSE``)."""
    with project.session() as s:
        d = _dmop(s, dmop)
        recs = list(s.scalars(select(Recommendation).where(Recommendation.dmop_id == d.id)
                              .order_by(Recommendation.id)))
        if refs is not None:
            by_ref = {r.ref.casefold(): r for r in recs}
            missing = [r for r in refs if r.casefold() not in by_ref]
            if missing:
                raise AtlasQualError("cycle_unknown_recommendation", ref=", ".join(missing), dmop=d.id)
            recs = [by_ref[r.casefold()] for r in refs]
        else:
            recs = [r for r in recs if r.status != "rejected"]
        if not recs:
            raise AtlasQualError("cycle_no_recommendations", dmop=d.id)
        items = []
        for r in recs:
            items.append({"ref": r.ref, "title": r.text,
                          "description": _t("cycle_item_responsible", "es", who=r.responsible) if r.responsible
                          else "",
                          "title_en": "",
                          "description_en": _t("cycle_item_responsible", "en", who=r.responsible)
                          if r.responsible else ""})
        if endorsement_item:
            items.append({"ref": core.ENDORSEMENT_REF,
                          "title": _t("cycle_endorse_item", "es", dmop=d.id, name=d.name_es),
                          "description": _t("cycle_endorse_item_help", "es"),
                          "title_en": _t("cycle_endorse_item", "en", dmop=d.id, name=d.name_en),
                          "description_en": _t("cycle_endorse_item_help", "en")})
    return items


def create_learning_workshop(project: Project, dmop: str, *, title: str | None = None, lang: str = "es",
                             refs: Sequence[str] | None = None, endorsement_item: bool = True,
                             base: str | None = None):
    """Create the learning workshop of a DMOP on the workshop engine: a session of kind "learning" whose items are
    the DMOP's recommendations plus the endorsement item, gate "endorse" (yes/no; a "yes" may name who should be
    responsible) and criterion "priority" 1-5. Returns the engine's ``CreatedSession`` (join code, facilitator
    key, URLs).

    Examples:
        >>> # created = create_learning_workshop(project, "MAUEP"); created.code, created.participant_url
    """
    from atlas_qual.store.workshop import create_session

    items = learning_items(project, dmop, refs=refs, endorsement_item=endorsement_item)
    with project.session() as s:
        d = _dmop(s, dmop)
        name = d.name_en if lang == "en" else d.name_es
        dmop_id = d.id
    return create_session(project, title or _t("cycle_learning_title", lang, dmop=dmop_id, name=name),
                          kind="learning", items=items, lang=lang, dmop=dmop_id, base=base)


def _proposals(s: Session, ws: WorkshopSession) -> dict[str, list[tuple[str, int]]]:
    """Who participants proposed as responsible for each item (the detail of their "endorse" votes, gate round)."""
    gate = s.scalar(select(Round).where(Round.session_id == ws.id, Round.kind == "gate"))
    if gate is None:
        return {}
    details: dict[str, list] = defaultdict(list)
    for ref, detail in s.execute(select(SessionItem.ref, Vote.detail).join(SessionItem, SessionItem.id == Vote.item_id)
                                 .where(Vote.round_id == gate.id, Vote.criterion == "endorse", Vote.value >= 0.5)):
        if detail:
            details[ref].append(detail)
    return {ref: core.responsible_proposals(d) for ref, d in details.items()}


def learning_outcome(project: Project, code: str) -> core.LearningOutcome:
    """The decisions a learning session's votes say (nothing stored; see :func:`record_learning_outcome`)."""
    from atlas_qual.store.workshop import results

    out = results(project, code, lang="es")
    with project.session() as s:
        ws = _session_by_code(s, code)
        if ws.kind != "learning" or ws.dmop_id is None:
            raise AtlasQualError("cycle_not_learning", code=ws.code)
        proposals = _proposals(s, ws)
        dmop_id = ws.dmop_id
    return core.learning_outcome(out, dmop_id, proposals)


def record_learning_outcome(project: Project, code: str, key: str | None, *, course_of_action: str = "",
                            date: Any = None, by: str = "") -> RecordedOutcome:
    """Store what a learning workshop decided (facilitator key required; the gate round must be closed), in one
    transaction:

    - each voted recommendation's status: ``endorsed`` or ``rejected`` (majority on "endorse"); its responsible,
      when none was set, becomes the most proposed one;
    - a ``course_of_action`` Decision: ``course_of_action`` text (default: the endorsed refs by priority) with
      every item's votes (yes/voters, priority, median, IQR, rank, responsible proposals);
    - an ``endorsement`` Decision when the session asked it: ``endorsed`` or ``not_endorsed`` with yes, voters and
      the session behind it;
    - the DMOP reaches the "evaluated" phase if it had not (a learning workshop shares a finished evaluation).

    Recording the same session again updates its decisions (their ids stay, so refinement links stay valid).

    Examples:
        >>> # rec = record_learning_outcome(project, "AB3K9Z", key, course_of_action="Adoptar R01-R03 en 2026")
        >>> # rec.outcome.dmop_endorsed, rec.endorsement_decision
    """
    from atlas_qual.store.workshop import authorize

    authorize(project, code, key)
    outcome = learning_outcome(project, code)
    day = core.parse_day(date, what=_t("cycle_what_decision_date")) if date not in (None, "") else _today()

    def _do(s: Session) -> RecordedOutcome:
        ws = _session_by_code(s, code)
        gate = s.scalar(select(Round).where(Round.session_id == ws.id, Round.kind == "gate"))
        if gate is None or gate.status != "closed":
            raise AtlasQualError("cycle_gate_not_closed", code=ws.code)
        d = _dmop(s, ws.dmop_id)
        recs = {r.ref.casefold(): r for r in s.scalars(select(Recommendation)
                                                         .where(Recommendation.dmop_id == d.id))}
        for item in outcome.items:
            rec = recs.get(item.ref.casefold())
            if rec is None:
                continue
            rec.status = "endorsed" if item.endorsed else "rejected"
            if not rec.responsible and item.endorsed and item.proposals:
                top = item.proposals[0][1]
                rec.responsible = "; ".join(name for name, n in item.proposals if n == top)
        endorsed = [i.ref for i in outcome.course_of_action]
        text = _clean_text(course_of_action) or (
            _t("cycle_course_default", "es", refs=", ".join(endorsed)) if endorsed
            else _t("cycle_course_none", "es"))
        votes = {"session": ws.code, "participants": outcome.participants, "kendall_w": outcome.kendall_w,
                 "items": [i.to_dict() for i in outcome.items], "course_of_action": endorsed, "by": by}
        course = _decision(s, d.id, ws.id, DECISION_COURSE, text, votes, day)
        endorsement_id = None
        if outcome.endorsement is not None:
            e = outcome.endorsement
            endorsement = _decision(s, d.id, ws.id, DECISION_ENDORSEMENT,
                                    "endorsed" if e.endorsed else "not_endorsed",
                                    {"session": ws.code, "yes": e.yes, "no": e.voters - e.yes, "voters": e.voters,
                                     "yes_share": None if e.yes_share is None else round(e.yes_share, 4),
                                     "rule": "majority", "priority": e.priority, "by": by}, day)
            endorsement_id = endorsement.id
        _reach_phase(s, d, "evaluated", day, _t("cycle_phase_note_learning", "es", code=ws.code))
        return RecordedOutcome(outcome, course.id, endorsement_id)

    return project.write(_do)


def _decision(s: Session, dmop: str, session_id: int, kind: str, outcome: str, votes: dict, day: dt.date
              ) -> Decision:
    row = s.scalar(select(Decision).where(Decision.session_id == session_id, Decision.kind == kind))
    if row is None:
        row = Decision(dmop_id=dmop, session_id=session_id, kind=kind, outcome=outcome, votes=votes, date=day)
        s.add(row)
    else:
        row.outcome, row.votes, row.date, row.dmop_id = outcome, votes, day, dmop
    s.flush()
    return row


def list_decisions(project: Project, dmop: str | None = None, kind: str | None = None) -> list[DecisionInfo]:
    """Recorded decisions, oldest first (optionally of one DMOP and one kind)."""
    with project.session() as s:
        q = select(Decision, WorkshopSession.code).outerjoin(WorkshopSession,
                                                              WorkshopSession.id == Decision.session_id)
        if dmop:
            q = q.where(Decision.dmop_id == _dmop(s, dmop).id)
        if kind:
            q = q.where(Decision.kind == kind)
        return [DecisionInfo(id=d.id, dmop=d.dmop_id, session=code, kind=d.kind, outcome=d.outcome,
                             votes=dict(d.votes or {}), date=d.date)
                for d, code in s.execute(q.order_by(Decision.date, Decision.id))]


def learning_sessions(project: Project, dmop: str | None = None) -> list[dict[str, Any]]:
    """Learning sessions (newest first): code, title, DMOP, status, and whether their outcome was recorded."""
    with project.session() as s:
        q = select(WorkshopSession).where(WorkshopSession.kind == "learning")
        if dmop:
            q = q.where(WorkshopSession.dmop_id == _dmop(s, dmop).id)
        recorded = set(s.scalars(select(Decision.session_id).where(Decision.kind == DECISION_COURSE)))
        return [{"code": ws.code, "title": ws.title, "dmop": ws.dmop_id, "status": ws.status,
                 "recorded": ws.id in recorded}
                for ws in s.scalars(q.order_by(WorkshopSession.id.desc()))]


# --------------------------------------------------------------------------------------------------------------------
# Refinement log
# --------------------------------------------------------------------------------------------------------------------


def _ref_info(r: RefinementEntry) -> RefinementInfo:
    links = r.links or {}
    return RefinementInfo(id=r.id, dmop=r.dmop_id, version=r.version, change=r.change, why=r.why or "",
                          date=r.date, findings=tuple(links.get("findings") or ()),
                          recommendations=tuple(links.get("recommendations") or ()),
                          decisions=tuple(int(x) for x in links.get("decisions") or ()),
                          sessions=tuple(links.get("sessions") or ()))


def _links(s: Session, d: Dmop, findings: Iterable[str], recommendations: Iterable[str], decisions: Iterable[Any],
           sessions: Iterable[str]) -> dict[str, list]:
    """Links of a refinement, checked: recommendation refs of this DMOP, decision ids and session codes that exist
    (spelled as stored)."""
    out_findings = [_clean_text(f) for f in findings if _clean_text(f)]
    out_recs = []
    for ref in recommendations:
        if str(ref).strip():
            out_recs.append(_find_rec(s, d, ref).ref)
    out_decisions = []
    for value in decisions:
        if str(value).strip() == "":
            continue
        try:
            number = int(str(value).strip())
        except ValueError:
            raise AtlasQualError("cycle_unknown_decision", decision=value) from None
        if s.get(Decision, number) is None:
            raise AtlasQualError("cycle_unknown_decision", decision=value)
        out_decisions.append(number)
    out_sessions = [_session_by_code(s, c).code for c in sessions if str(c).strip()]
    return {"findings": list(dict.fromkeys(out_findings)), "recommendations": list(dict.fromkeys(out_recs)),
            "decisions": list(dict.fromkeys(out_decisions)), "sessions": list(dict.fromkeys(out_sessions))}


def add_refinement(project: Project, dmop: str, change: str, why: str = "", *, version: str | None = None,
                   findings: Iterable[str] = (), recommendations: Iterable[str] = (), decisions: Iterable[Any] = (),
                   sessions: Iterable[str] = (), date: Any = None) -> RefinementInfo:
    """Log a refinement of a DMOP: what changed and why, linked to evaluation findings (text), recommendations
    (refs), decisions (ids) and sessions (codes). ``version`` defaults to the next minor version (1.1, 1.2...).
    The DMOP reaches the "refined" phase on ``date`` if it had not (indicator 5).

    Examples:
        >>> # add_refinement(project, "MAUEP", "Se agrega el juzgado de turno a la ruta", "Demoras en allanamientos",
        >>> #                recommendations=["R02"], decisions=[7])
    """
    text = _clean_text(change)
    if not text:
        raise AtlasQualError("cycle_refinement_no_change")
    day = core.parse_day(date, what=_t("cycle_what_refinement_date")) if date not in (None, "") else _today()
    findings, recommendations = list(findings), list(recommendations)
    decisions, sessions = list(decisions), list(sessions)

    def _do(s: Session) -> RefinementInfo:
        d = _dmop(s, dmop)
        links = _links(s, d, findings, recommendations, decisions, sessions)
        versions = list(s.scalars(select(RefinementEntry.version).where(RefinementEntry.dmop_id == d.id)))
        chosen = _clean_text(version) or core.next_version(versions)
        if chosen.casefold() in {v.casefold() for v in versions}:
            raise AtlasQualError("cycle_version_exists", version=chosen, dmop=d.id)
        if len(chosen) > 20:
            raise AtlasQualError("cycle_version_too_long", version=chosen)
        row = RefinementEntry(dmop_id=d.id, version=chosen, change=text, why=str(why or "").strip(), links=links,
                              date=day)
        s.add(row)
        s.flush()
        _reach_phase(s, d, "refined", day, _t("cycle_phase_note_refined", "es", version=chosen))
        return _ref_info(row)

    return project.write(_do)


def edit_refinement(project: Project, entry_id: int, *, change: str | None = None, why: str | None = None,
                    findings: Iterable[str] | None = None, recommendations: Iterable[str] | None = None,
                    decisions: Iterable[Any] | None = None, sessions: Iterable[str] | None = None
                    ) -> RefinementInfo:
    """Correct a log entry's text or links (its version and date stay: the log keeps its history)."""

    def _do(s: Session) -> RefinementInfo:
        row = s.get(RefinementEntry, int(entry_id))
        if row is None:
            raise AtlasQualError("cycle_unknown_refinement", entry=entry_id)
        d = _dmop(s, row.dmop_id)
        old = _ref_info(row)
        if change is not None:
            text = _clean_text(change)
            if not text:
                raise AtlasQualError("cycle_refinement_no_change")
            row.change = text
        if why is not None:
            row.why = str(why).strip()
        row.links = _links(s, d, old.findings if findings is None else findings,
                           old.recommendations if recommendations is None else recommendations,
                           old.decisions if decisions is None else decisions,
                           old.sessions if sessions is None else sessions)
        s.flush()
        return _ref_info(row)

    return project.write(_do)


def refinement_log(project: Project, dmop: str | None = None) -> list[RefinementInfo]:
    """The refinement log (of one DMOP or all), oldest first."""
    with project.session() as s:
        q = select(RefinementEntry)
        if dmop:
            q = q.where(RefinementEntry.dmop_id == _dmop(s, dmop).id)
        return [_ref_info(r) for r in s.scalars(q.order_by(RefinementEntry.dmop_id, RefinementEntry.date,
                                                           RefinementEntry.id))]


# --------------------------------------------------------------------------------------------------------------------
# Institutionalization (sustainability) plans
# --------------------------------------------------------------------------------------------------------------------


PLAN_COLUMNS = {
    "action": "action", "accion": "action", "actividad": "action", "activity": "action",
    "institution": "institution", "institucion": "institution", "responsable": "institution",
    "responsible": "institution",
    "start": "start", "inicio": "start", "desde": "start", "from": "start",
    "end": "end", "fin": "end", "hasta": "end", "to": "end",
}


def _plan_info(p: SustainabilityPlan) -> PlanInfo:
    actions = tuple(core.PlanAction(str(a.get("action", "")), str(a.get("institution", "") or ""),
                                    str(a.get("start", "") or ""), str(a.get("end", "") or ""))
                    for a in (p.actions or ()))
    return PlanInfo(id=p.id, dmop=p.dmop_id, title=p.title, status=p.status, actions=actions,
                    resources=p.resources or "", date=p.date)


def read_plan_actions(path: str | Path) -> list[dict[str, str]]:
    """Plan actions from a CSV/Excel table ``action,institution,start,end`` (Spanish headers too:
    ``acción,institución,inicio,fin``); checked when the plan is saved."""
    from atlas_qual.store.gaps import read_table

    table = read_table(path, PLAN_COLUMNS, ["action"])
    return [dict(row) for _n, row in table.rows]


def save_plan(project: Project, dmop: str, *, title: str | None = None,
              actions: Sequence[Mapping[str, Any]] = (), resources: str = "", status: str = "draft",
              plan_id: int | None = None, date: Any = None) -> PlanInfo:
    """Create (or with ``plan_id`` replace the content of) a DMOP's institutionalization plan: actions with the
    responsible institution (acronym or name) and timeline, resources, status draft/submitted/approved.

    A plan counts for indicator 6 from its first draft; a submitted or approved plan also puts the DMOP in the
    "sustainability plan" phase if it was not there yet.

    Examples:
        >>> # save_plan(project, "MAUEP", actions=[{"action": "Aprobar la ruta por resolución conjunta",
        >>> #     "institution": "MTESS", "start": "2026-02", "end": "2026-04"}], resources="Presupuesto 2027")
    """
    if status not in core.PLAN_STATUSES:
        raise AtlasQualError("cycle_bad_plan_status", status=status, known=", ".join(core.PLAN_STATUSES))
    day = core.parse_day(date, what=_t("cycle_what_plan_date")) if date not in (None, "") else _today()

    def _do(s: Session) -> PlanInfo:
        d = _dmop(s, dmop)
        checked = core.check_actions(actions, _institution_resolver(s))
        name = _clean_text(title) or _t("cycle_plan_default_title", "es", dmop=d.id, name=d.name_es)
        if plan_id is not None:
            row = s.get(SustainabilityPlan, int(plan_id))
            if row is None or row.dmop_id != d.id:
                raise AtlasQualError("cycle_unknown_plan", plan=plan_id, dmop=d.id)
        else:
            row = SustainabilityPlan(dmop_id=d.id, title=name, date=day)
            s.add(row)
        row.title, row.status = name, status
        row.actions = [a.to_dict() for a in checked]
        row.resources = str(resources or "").strip()
        row.date = day
        s.flush()
        if status in ("submitted", "approved"):
            _reach_phase(s, d, "sustainability_plan", day, _t("cycle_phase_note_plan", "es", plan=row.id))
        return _plan_info(row)

    return project.write(_do)


def set_plan_status(project: Project, plan_id: int, status: str, *, date: Any = None) -> PlanInfo:
    """Mark a plan draft, submitted (to the decision makers) or approved."""
    if status not in core.PLAN_STATUSES:
        raise AtlasQualError("cycle_bad_plan_status", status=status, known=", ".join(core.PLAN_STATUSES))
    day = core.parse_day(date, what=_t("cycle_what_plan_date")) if date not in (None, "") else _today()

    def _do(s: Session) -> PlanInfo:
        row = s.get(SustainabilityPlan, int(plan_id))
        if row is None:
            raise AtlasQualError("cycle_unknown_plan", plan=plan_id, dmop="-")
        row.status = status
        row.date = day
        if status in ("submitted", "approved"):
            _reach_phase(s, _dmop(s, row.dmop_id), "sustainability_plan", day,
                         _t("cycle_phase_note_plan", "es", plan=row.id))
        s.flush()
        return _plan_info(row)

    return project.write(_do)


def list_plans(project: Project, dmop: str | None = None) -> list[PlanInfo]:
    """Plans (of one DMOP or all), newest first."""
    with project.session() as s:
        q = select(SustainabilityPlan)
        if dmop:
            q = q.where(SustainabilityPlan.dmop_id == _dmop(s, dmop).id)
        return [_plan_info(p) for p in s.scalars(q.order_by(SustainabilityPlan.date.desc(),
                                                            SustainabilityPlan.id.desc()))]


def get_plan(project: Project, dmop: str, plan_id: int | None = None) -> PlanInfo | None:
    """A plan of the DMOP: ``plan_id``, else its newest (None when it has none)."""
    plans = list_plans(project, dmop)
    if plan_id is None:
        return plans[0] if plans else None
    found = next((p for p in plans if p.id == int(plan_id)), None)
    if found is None:
        raise AtlasQualError("cycle_unknown_plan", plan=plan_id, dmop=dmop)
    return found


# --------------------------------------------------------------------------------------------------------------------
# Indicators 5 and 6
# --------------------------------------------------------------------------------------------------------------------


def dmop_records(s: Session) -> list[DmopRecord]:
    """Every DMOP as the indicators read it: the register's phase history and plan counts, with each refinement
    log entry counted as reaching "refined" on its date (so a logged refinement counts even when no phase change
    was recorded by hand)."""
    from atlas_qual.store.report_data import dmop_records as register_records

    refined = defaultdict(list)
    for dmop_id, day in s.execute(select(RefinementEntry.dmop_id, RefinementEntry.date)):
        refined[dmop_id].append(("refined", day))
    return [replace(r, phases=tuple(r.phases) + tuple(refined.get(r.id, ()))) for r in register_records(s)]


def cycle_counts(project: Project, as_of: dt.date | None = None) -> CycleCounts:
    """Indicators 5 (# refined DMOP-C based on the pilot analysis) and 6 (# DMOP-C sustainability plans developed)
    from the refinement log, the plans and the phase history (``as_of``: as on that day), computed by
    :func:`atlas_qual.indicators.compute_indicators`.

    Examples:
        >>> # counts = cycle_counts(project); counts.indicator_5.value, counts.indicator_5.counted
        >>> # (1, ('MAUEP',))
    """
    with project.session() as s:
        records = dmop_records(s)
        refinements = dict(s.execute(select(RefinementEntry.dmop_id, func.count())
                                     .group_by(RefinementEntry.dmop_id)).all())
        plans = dict(s.execute(select(SustainabilityPlan.dmop_id, func.count())
                               .group_by(SustainabilityPlan.dmop_id)).all())
    if as_of is not None:
        # a plan drafted after the day does not count yet: rebuild plan counts from dated plans
        with project.session() as s:
            dated = dict(s.execute(select(SustainabilityPlan.dmop_id, func.count())
                                   .where(SustainabilityPlan.date <= as_of)
                                   .group_by(SustainabilityPlan.dmop_id)).all())
        records = [replace(r, sustainability_plans=dated.get(r.id, 0)) for r in records]
    indicators = compute_indicators(records, as_of=as_of)
    return CycleCounts(indicator_5=indicators[4], indicator_6=indicators[5], refinements=refinements, plans=plans)


# --------------------------------------------------------------------------------------------------------------------
# The institutionalization plan document
# --------------------------------------------------------------------------------------------------------------------


def plan_report_data(project: Project, dmop: str, *, lang: str = "es", plan_id: int | None = None,
                     territory: str | None = None, redact: bool = True, today: dt.date | None = None):
    """Gather everything the institutionalization plan shows (``atlas_qual.reports.plan.PlanReportData``): the
    DMOP's newest plan (or ``plan_id``), refinement log, recommendations with the learning workshop's votes, the
    endorsement decision, the BOK practices linked to it, and the evaluation evidence of
    ``atlas_qual.store.report_data.dmop_report_data`` (optionally one ``territory``). Free text (quotes,
    recommendations, log entries, actions, resources) goes through the project's redactor unless ``redact=False``.

    Examples:
        >>> # data = plan_report_data(project, "MAUEP", lang="en"); data.endorsement["outcome"]
    """
    from atlas_qual.reports import plan as doc
    from atlas_qual.store.bok import practices_for_dmop
    from atlas_qual.store.report_data import dmop_report_data

    if lang not in ("es", "en"):
        raise ValueError(f"unknown report language {lang!r}")
    if redact:
        from atlas_qual.store.transcripts import project_redactor

        red = project_redactor(project, lang).redact
    else:
        def red(text: str) -> str:
            return text
    evaluation = dmop_report_data(project, dmop, territory, lang=lang, redact=redact, today=today)
    plan = get_plan(project, dmop, plan_id)
    refinements = refinement_log(project, dmop)
    recs = list_recommendations(project, dmop)
    course = list_decisions(project, dmop, DECISION_COURSE)
    endorsement = list_decisions(project, dmop, DECISION_ENDORSEMENT)
    with project.session() as s:
        d = _dmop(s, dmop)
        name, aim, phase, dmop_id = ((d.name_en, d.aim_en) if lang == "en" else (d.name_es, d.aim_es)) + (
            d.phase or "development", d.id)
    votes = {}
    if course:
        for item in course[-1].votes.get("items") or ():
            votes[str(item.get("ref", "")).casefold()] = item
    recommendations = []
    for r in recs:
        v = votes.get(r.ref.casefold(), {})
        recommendations.append(doc.PlanRecommendation(
            ref=r.ref, text=red(r.text), status=r.status, responsible=red(r.responsible), yes=v.get("yes"),
            voters=v.get("voters"), priority=v.get("priority"), rank=v.get("rank")))
    e = endorsement[-1] if endorsement else None
    title = plan.title if plan else ""
    if title == _t("cycle_plan_default_title", "es", dmop=dmop_id, name=_dmop_name_es(project, dmop_id)):
        title = _t("cycle_plan_default_title", lang, dmop=dmop_id, name=name)  # the default, in the report's language
    return doc.PlanReportData(
        lang=lang, dmop_id=dmop_id, dmop_name=name, dmop_aim=aim or "", dmop_phase=phase,
        plan_title=red(title), plan_status=plan.status if plan else "draft",
        plan_date=plan.date if plan else None, generated=today or _today(), redacted=redact,
        actions=tuple(doc.PlanAction(red(a.action), a.institution, a.start, a.end) for a in plan.actions)
        if plan else (),
        resources=red(plan.resources) if plan else "",
        refinements=tuple(doc.PlanRefinement(r.version, r.date, red(r.change), red(r.why), r.recommendations,
                                             tuple(red(f) for f in r.findings)) for r in refinements),
        recommendations=tuple(recommendations),
        course_of_action=red(course[-1].outcome) if course else "",
        endorsement=None if e is None else {"outcome": e.outcome, "yes": e.votes.get("yes", 0),
                                            "voters": e.votes.get("voters", 0), "session": e.session,
                                            "date": e.date},
        learning_session=course[-1].session or "" if course else "",
        practices=tuple(doc.PlanPractice(p.ref, p.title_in(lang), p.evidence, p.source)
                        for p in practices_for_dmop(project, dmop_id)),
        evaluation=evaluation,
    )


def _dmop_name_es(project: Project, dmop_id: str) -> str:
    with project.session() as s:
        return _dmop(s, dmop_id).name_es


def write_plan(project: Project, dmop: str, out: str | Path, *, lang: str = "es", plan_id: int | None = None,
               territory: str | None = None, redact: bool = True, template: str | Path | None = None,
               progress: Callable[[str], None] | None = None) -> Path:
    """Write the institutionalization plan of a DMOP as a Word document; returns the path."""
    from atlas_qual.reports.plan import write_plan_report

    data = plan_report_data(project, dmop, lang=lang, plan_id=plan_id, territory=territory, redact=redact)
    return write_plan_report(data, out, template=template, progress=progress)


# --------------------------------------------------------------------------------------------------------------------
# The demo
# --------------------------------------------------------------------------------------------------------------------


def demo_steps(project: Project, demo_dir: str | Path) -> list[tuple[str, Callable[[], Any]]]:
    """The demo's cycle, through the normal paths: import the BOK (``data/demo/bok.csv``); for MAUEP draft the
    recommendations from the codings, run its learning workshop from paper ballots
    (``data/demo/cycle/learning_ballots.csv``), record the course of action and the endorsement, log a refinement
    linked to them and draft the institutionalization plan (``data/demo/cycle/plan_actions.csv``)."""
    demo_dir = Path(demo_dir)
    steps: list[tuple[str, Callable[[], Any]]] = []
    bok_file = demo_dir / "bok.csv"
    folder = demo_dir / "cycle"
    state: dict[str, Any] = {}

    def bok_step() -> None:
        from atlas_qual.store.bok import import_practices

        report = import_practices(project, bok_file)
        if report.errors:
            raise RuntimeError(f"demo BOK has bad rows: {[str(e) for e in report.errors[:5]]}")

    if bok_file.exists():
        steps.append(("body of knowledge", bok_step))
    ballots = folder / "learning_ballots.csv"
    if not ballots.exists():
        return steps

    def recommendations_step() -> None:
        recs = generate_recommendations(project, DEMO_DMOP)
        if not recs:
            raise RuntimeError("the demo has no segments coded Evaluación/Recomendaciones for MAUEP")

    def workshop_step() -> None:
        from atlas_qual.store.workshop import close_round, finish_session, import_ballots, open_round, reveal_round

        created = create_learning_workshop(project, DEMO_DMOP, title=_t("cycle_demo_title", "es"))
        state["code"], state["key"] = created.code, created.key
        import shutil

        # individual votes: in the system's temporary folder (never the current one), removed once imported
        gate, score = _split_demo_ballots(ballots, None)
        try:
            for number, path in ((1, gate), (2, score)):
                open_round(project, created.code, created.key, number)
                report = import_ballots(project, created.code, created.key, path)
                if report.errors:
                    raise RuntimeError(f"demo learning ballots have bad rows: {[str(e) for e in report.errors[:5]]}")
                close_round(project, created.code, created.key, number)
                reveal_round(project, created.code, created.key, number)
        finally:
            shutil.rmtree(gate.parent, ignore_errors=True)
        finish_session(project, created.code, created.key)
        from atlas_qual.store.db import set_meta

        set_meta(project, "demo_learning_session", created.code)
        set_meta(project, "demo_learning_facilitator_key", created.key)

    def decisions_step() -> None:
        recorded = record_learning_outcome(project, state["code"], state["key"],
                                           course_of_action=_t("cycle_demo_course", "es"), date=DEMO_DATES[0],
                                           by="demo")
        state["decisions"] = [recorded.course_decision] + ([recorded.endorsement_decision]
                                                           if recorded.endorsement_decision else [])
        state["endorsed"] = [i.ref for i in recorded.outcome.course_of_action]

    def refinement_step() -> None:
        recs = list_recommendations(project, DEMO_DMOP)
        linked = [r.ref for r in recs if r.ref in state["endorsed"]][:3]
        add_refinement(project, DEMO_DMOP, _t("cycle_demo_change", "es"), _t("cycle_demo_why", "es"),
                       findings=[_t("cycle_demo_finding_1", "es"), _t("cycle_demo_finding_2", "es")],
                       recommendations=linked, decisions=state["decisions"], sessions=[state["code"]],
                       version=DEMO_VERSION, date=DEMO_DATES[1])

    def plan_step() -> None:
        actions_file = folder / "plan_actions.csv"
        actions = read_plan_actions(actions_file) if actions_file.exists() else []
        save_plan(project, DEMO_DMOP, actions=actions, resources=_t("cycle_demo_resources", "es"), status="draft",
                  date=DEMO_DATES[2])

    steps += [("recommendations", recommendations_step), ("learning workshop", workshop_step),
              ("learning decisions", decisions_step), ("refinement log", refinement_step),
              ("institutionalization plan", plan_step)]
    return steps


DEMO_DMOP = "MAUEP"
# the register's demo history: MAUEP evaluated on 2025-06-20 (learning workshop), refined on 2025-08-29 ("v2")
DEMO_DATES = ("2025-06-20", "2025-08-29", "2025-10-15")
DEMO_VERSION = "2.0"


def _split_demo_ballots(path: Path, workdir: Path | None) -> tuple[Path, Path]:
    """The gate rows ("endorse") and the scoring rows ("priority") of the demo ballots as two files: the ballot
    import sends each row to the round that is open, so each round gets its own file."""
    import csv
    import tempfile

    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        columns = list(reader.fieldnames or [])
        rows = list(reader)
    target = Path(tempfile.mkdtemp(dir=workdir))
    out = []
    for name, wanted in (("gate", "endorse"), ("score", "priority")):
        file = target / f"learning_{name}.csv"
        with open(file, "w", newline="", encoding="utf-8") as fh:
            from atlas_qual.csvio import DictWriter

            writer = DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(r for r in rows if (r.get("criterion") or "").strip().casefold() == wanted)
        out.append(file)
    return out[0], out[1]


__all__ = ["RecommendationInfo", "DecisionInfo", "RecordedOutcome", "RefinementInfo", "PlanInfo", "CycleCounts",
           "record_phase", "draft_recommendations", "generate_recommendations", "list_recommendations",
           "add_recommendation", "edit_recommendation", "delete_recommendation", "learning_items",
           "create_learning_workshop", "learning_outcome", "record_learning_outcome", "list_decisions",
           "learning_sessions", "add_refinement", "edit_refinement", "refinement_log", "read_plan_actions",
           "save_plan", "set_plan_status", "list_plans", "get_plan", "dmop_records", "cycle_counts", "plan_report_data",
           "write_plan", "demo_steps"]
