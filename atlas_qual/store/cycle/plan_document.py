"""The institutionalization plan document of a DMOP: the data it shows, gathered and redacted, and the Word file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from atlas_qual.store.cycle.common import _dmop, _t, _today
from atlas_qual.store.cycle.learning import DECISION_COURSE, DECISION_ENDORSEMENT, list_decisions
from atlas_qual.store.cycle.plans import get_plan
from atlas_qual.store.cycle.recommendations import list_recommendations
from atlas_qual.store.cycle.refinement import refinement_log
from atlas_qual.store.db import Project


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
        from atlas_qual.store.project_redaction import project_redactor

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
            voters=v.get("voters"), priority=v.get("priority"), rank=v.get("rank"), draft=r.machine_draft))
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
