"""The learning workshop of a DMOP on the workshop engine, and the decisions it took (course of action, endorsement)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual import cycle as core
from atlas_qual.errors import AtlasQualError
from atlas_qual.store.cycle.common import _clean_text, _dmop, _session_by_code, _t, _today
from atlas_qual.store.cycle.phases import _reach_phase
from atlas_qual.store.db import Project
from atlas_qual.store.models import Decision, Recommendation, Round, SessionItem, Vote, WorkshopSession

DECISION_COURSE = "course_of_action"
DECISION_ENDORSEMENT = "endorsement"


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
    core.check_not_future(day, _today(), what=_t("cycle_what_decision_date"))

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
