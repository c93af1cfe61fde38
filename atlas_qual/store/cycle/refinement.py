"""A DMOP's refinement log: what changed and why, linked to findings, recommendations, decisions and sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual import cycle as core
from atlas_qual.errors import AtlasQualError
from atlas_qual.store.cycle.common import _clean_text, _dmop, _session_by_code, _t, _today
from atlas_qual.store.cycle.phases import _reach_phase
from atlas_qual.store.cycle.recommendations import _find_rec
from atlas_qual.store.db import Project
from atlas_qual.store.models import Decision, Dmop, RefinementEntry


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
    core.check_not_future(day, _today(), what=_t("cycle_what_refinement_date"))
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
        core.check_version_dates(s.execute(select(RefinementEntry.version, RefinementEntry.date)
                                           .where(RefinementEntry.dmop_id == d.id)), chosen, day, d.id)
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


def refinement_log(project: Project, dmop: str | None = None, *, redact: bool = False,
                   lang: str = "es") -> list[RefinementInfo]:
    """The refinement log (of one DMOP or all), oldest first. ``redact``: as outputs show it, the names on the
    project's list, phone numbers, cédula numbers and e-mails that a facilitator typed in what changed, why and the
    findings hidden (the page and ``cycle log``; the stored text is unchanged)."""
    with project.session() as s:
        q = select(RefinementEntry)
        if dmop:
            q = q.where(RefinementEntry.dmop_id == _dmop(s, dmop).id)
        entries = [_ref_info(r) for r in s.scalars(q.order_by(RefinementEntry.dmop_id, RefinementEntry.date,
                                                              RefinementEntry.id))]
    if not redact or not entries:
        return entries
    from dataclasses import replace

    from atlas_qual.store.project_redaction import project_redactor

    hide = project_redactor(project, lang).redact
    return [replace(e, change=hide(e.change), why=hide(e.why), findings=tuple(hide(f) for f in e.findings))
            for e in entries]
