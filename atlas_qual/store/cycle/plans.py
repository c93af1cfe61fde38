"""Institutionalization (sustainability) plans of a DMOP: actions with responsible institutions, resources, status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual import cycle as core
from atlas_qual.errors import AtlasQualError
from atlas_qual.store.cycle.common import _clean_text, _dmop, _t, _today
from atlas_qual.store.cycle.phases import _reach_phase
from atlas_qual.store.db import Project
from atlas_qual.store.models import Institution, SustainabilityPlan


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


PLAN_COLUMNS = {
    "action": "action", "accion": "action", "actividad": "action", "activity": "action",
    "institution": "institution", "institucion": "institution", "responsable": "institution",
    "responsible": "institution",
    "start": "start", "inicio": "start", "desde": "start", "from": "start",
    "end": "end", "fin": "end", "hasta": "end", "to": "end",
}


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
    core.check_not_future(day, _today(), what=_t("cycle_what_plan_date"))

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
    core.check_not_future(day, _today(), what=_t("cycle_what_plan_date"))

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
