"""The institutionalization (sustainability) plan of a DMOP as a Word document for higher-level decision makers: the
refined model, the evidence (evaluation findings, indicators, the learning workshop's decisions, BOK practices), the
actions with responsible institutions and timeline, the resources, what the pilot territories showed, and the
decision requested.

The data is gathered (and redacted) by ``atlas_qual.store.cycle.plan_report_data``; this module only writes it, with
the report package's :class:`~atlas_qual.reports.docx_build.DocBuilder` into ``templates/plan.docx`` (built by
``templates/make_plan_template.py``; the built-in default when the file is missing).

Examples:
    >>> data = PlanReportData(lang="en", dmop_id="MAUEP", dmop_name="Unified enforcement procedures")
    >>> doc = build_plan_report(data).doc
    >>> "The refined model" in [p.text for p in doc.paragraphs]
    True
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from atlas_qual.i18n import Plural, t, tn
from atlas_qual.reports.model import DmopReportData, Quote
from atlas_qual.reports.text import as_written, fmt_date, fmt_month, fmt_num, fmt_pct, join_words

TEMPLATE_NAME = "plan.docx"
STEPS = ("cover", "summary", "model", "evidence", "actions", "resources", "territories", "decision")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class PlanAction:
    """An action as the plan shows it: what, the responsible institution (display name), start and end."""

    action: str
    institution: str = ""
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class PlanRefinement:
    version: str
    date: dt.date
    change: str
    why: str = ""
    recommendations: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanRecommendation:
    """A recommendation and what the learning workshop said of it."""

    ref: str
    text: str
    status: str = "proposed"
    responsible: str = ""
    yes: int | None = None
    voters: int | None = None
    priority: float | None = None
    rank: int | None = None
    draft: bool = False  # the text is still what the tool drafted from the codings; nobody reviewed it


@dataclass(frozen=True)
class PlanPractice:
    ref: str
    title: str
    evidence: str = "none"
    source: str = ""


@dataclass(frozen=True)
class PlanReportData:
    """Everything the institutionalization plan shows, already redacted and in ``lang``."""

    lang: str
    dmop_id: str
    dmop_name: str
    dmop_aim: str = ""
    dmop_phase: str = "development"
    plan_title: str = ""
    plan_status: str = "draft"
    plan_date: dt.date | None = None
    generated: dt.date = field(default_factory=dt.date.today)
    redacted: bool = True
    actions: tuple[PlanAction, ...] = ()
    resources: str = ""
    refinements: tuple[PlanRefinement, ...] = ()
    recommendations: tuple[PlanRecommendation, ...] = ()
    course_of_action: str = ""
    endorsement: Mapping[str, Any] | None = None  # {outcome, yes, voters, session, date}
    learning_session: str = ""
    practices: tuple[PlanPractice, ...] = ()
    evaluation: DmopReportData | None = None

    @property
    def version(self) -> str:
        return self.refinements[-1].version if self.refinements else "1.0"


# --------------------------------------------------------------------------------------------------------------------
# The template
# --------------------------------------------------------------------------------------------------------------------


def build_plan_template():
    """The default plan template (python-docx Document): the report package's cover-and-contents layout, so the
    plan looks like the other reports and the organisation restyles it the same way."""
    from atlas_qual.reports.templates import build_template

    return build_template("dmop")


def plan_template_path(template: str | os.PathLike | None = None) -> tuple[Path, bool]:
    """The template to use and whether it is a temporary file: ``template``, else ``templates/plan.docx``, else the
    default written to a temporary file (so an installed package works without the templates folder)."""
    if template:
        return Path(template), False
    from atlas_qual.reports.templates import templates_dir

    path = templates_dir() / TEMPLATE_NAME
    if path.exists():
        return path, False
    fd, tmp = tempfile.mkstemp(prefix="atlas-plan-", suffix=".docx")
    os.close(fd)
    build_plan_template().save(tmp)
    return Path(tmp), True


# --------------------------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------------------------


def _fields(data: PlanReportData) -> dict[str, str]:
    from atlas_qual.reports.front_matter import front_matter, with_draft_status

    lang = data.lang
    fm = front_matter(data.evaluation.settings if data.evaluation is not None else {}, lang)
    kind = t("plan_report_kind", lang=lang)
    territories = data.evaluation.territories if data.evaluation is not None else ()
    scope = t("plan_scope", lang=lang, status=t(f"plan_status_{data.plan_status}", lang=lang), version=data.version)
    if territories:
        scope += " · " + t("plan_scope_territories", lang=lang, territories=join_words(territories, lang))
    return {
        "report_kind": kind,
        "title": f"{data.dmop_id} — {data.dmop_name}",
        "subtitle": _subtitle(data, kind),
        "scope": scope,
        # the date the analyst set for the plan; else the day it was written, said as such
        "date": t("plan_cover_plan_date", lang=lang, date=fmt_date(data.plan_date, lang, long=True))
        if data.plan_date else t("plan_cover_generated", lang=lang, date=fmt_date(data.generated, lang, long=True)),
        "organisation": t("report_organisation", lang=lang),
        "short_title": t("report_short_title", lang=lang, dmop=data.dmop_id, kind=kind),
        "footer_text": "ATLAS · USDOL",
        "confidentiality": t("report_confidentiality" if data.redacted else "report_not_redacted", lang=lang),
        # the inside cover USDOL requires on every funded publication: the plan goes to government partners too
        **{k: v for k, v in fm.items() if k in ("funding", "disclaimer", "agreement", "partners", "authors")},
        # a plan printing recommendations nobody reviewed says on its cover that it is a draft
        "version_line": with_draft_status(fm["period"], sum(r.draft for r in data.recommendations), lang),
    }


def _subtitle(data: PlanReportData, kind: str) -> str:
    """The cover's subtitle: the title the analyst typed, printed as given and unmarked (a name), unless it only
    says again what the cover's kind and title say ("Plan de institucionalización del DMOP MAUEP: <name>", the
    default title); then what the plan is for.

    Examples:
        >>> data = PlanReportData("es", "MAUEP", "Ruta unificada", plan_title="Plan de institucionalización del "
        ...                       "DMOP MAUEP: Ruta unificada")
        >>> _subtitle(data, "Plan de institucionalización")
        'Plan de sostenibilidad presentado a las autoridades para su aprobación'
        >>> _subtitle(PlanReportData("es", "MAUEP", "Ruta unificada", plan_title="Hoja de ruta 2026-2027"),
        ...           "Plan de institucionalización")
        'Hoja de ruta 2026-2027'
    """
    title = " ".join(data.plan_title.split())
    said = " ".join(f"{kind} {data.dmop_id} {data.dmop_name}".casefold().split())
    words = [w for w in re.findall(r"\w+", title.casefold()) if len(w) > 2]
    if not title or (data.dmop_name and data.dmop_name.casefold() in title.casefold()
                     and all(w in said or w in ("del", "dmop", "the", "for", "plan") for w in words)):
        return t("plan_subtitle", lang=data.lang)
    return title


def _period(text: str, lang: str) -> str:
    """A timeline month ("2026-06") or day of the plan as the reader says it: "junio de 2026" / "June 2026"."""
    return fmt_month(text, lang)


def _summary(b, data: PlanReportData) -> None:
    lang = data.lang
    b.heading(t("plan_h_summary", lang=lang), 1)
    b.paragraph(t("plan_summary_intro", lang=lang, dmop=data.dmop_id, name=data.dmop_name,
                  phase=t(f"phase_{data.dmop_phase}", lang=lang), version=data.version))
    if data.dmop_aim:
        b.paragraph(data.dmop_aim, bold_prefix=t("report_aim", lang=lang) + ": ")
    bullets = []
    e = data.endorsement
    if e:
        key = "plan_summary_endorsed" if e.get("outcome") == "endorsed" else "plan_summary_not_endorsed"
        bullets.append(t(key, lang=lang, yes=e.get("yes", 0), voters=Plural("count_votes", e.get("voters", 0)),
                         session=e.get("session") or "—", date=fmt_date(e.get("date"), lang, long=True)))
    endorsed = [r for r in data.recommendations if r.status == "endorsed"]
    if data.recommendations:
        bullets.append(t("plan_summary_recommendations", lang=lang, endorsed=len(endorsed),
                         total=Plural("count_evaluation_recommendations_endorsed", len(data.recommendations))))
    if data.refinements:
        bullets.append(tn("plan_summary_refinements", "plan_summary_refinements_plural", len(data.refinements), lang,
                          version=data.version))
    if data.actions:
        first = min((a.start for a in data.actions if a.start), default="")
        last = max((a.end or a.start for a in data.actions if a.end or a.start), default="")
        institutions = sorted({a.institution for a in data.actions if a.institution})
        bullets.append(tn("plan_summary_actions", "plan_summary_actions_plural", len(data.actions), lang=lang,
                          institutions=join_words(institutions, lang) or "—",
                          first=_period(first, lang), last=_period(last, lang)))
    if data.practices:
        bullets.append(tn("plan_summary_practices", "plan_summary_practices_plural", len(data.practices), lang))
    b.bullets(bullets)
    b.key_figure(t("plan_decision_requested_short", lang=lang, dmop=data.dmop_id))


def _model(b, data: PlanReportData) -> None:
    lang = data.lang
    b.heading(t("plan_h_model", lang=lang), 1)
    if data.refinements:
        latest = data.refinements[-1]
        b.paragraph(t("plan_model_intro", lang=lang, version=latest.version,
                      date=fmt_date(latest.date, lang, long=True)))
        b.paragraph(as_written(latest.change, lang))
        b.heading(t("plan_h_refinement_log", lang=lang), 2)
        b.table([t("plan_col_version", lang=lang), t("plan_col_date", lang=lang), t("plan_col_change", lang=lang),
                 t("plan_col_why", lang=lang)],
                [(r.version, fmt_date(r.date, lang), as_written(r.change, lang),
                  as_written(r.why, lang) + (f" ({t('plan_linked', lang=lang)}: {', '.join(r.recommendations)})"
                           if r.recommendations else ""))
                 for r in data.refinements],
                caption=t("plan_cap_refinements", lang=lang, dmop=data.dmop_id), widths_cm=(2.0, 2.3, 6.0, 5.7))
        findings = [f for r in data.refinements for f in r.findings]
        if findings:
            b.paragraph(t("plan_findings_used", lang=lang))
            b.bullets(dict.fromkeys(as_written(f, lang) for f in findings))
    else:
        b.paragraph(t("plan_model_not_refined", lang=lang, dmop=data.dmop_id))


def _theme_label(th, n: int, lang: str) -> str:
    """An analyst's theme name as written (marked when Spanish in an English plan), or "Theme n (unreviewed)"."""
    return as_written(th.label, lang) if th.confirmed else t("report_theme_unreviewed", lang=lang, n=n)


def _quotes(b, quotes: tuple[Quote, ...], lang: str, n: int, shown: set[str]) -> None:
    """Up to ``n`` quotes not shown earlier in the document (``shown`` collects what is shown)."""
    from atlas_qual.reports.dmop import print_quote

    fresh = [q for q in quotes if q.text not in shown][:n]
    for q in fresh:
        shown.add(q.text)
        print_quote(b, q, lang)  # as the evaluation report: a Spanish quote in an English plan is marked


def _evidence(b, data: PlanReportData, shown: set[str]) -> None:
    lang = data.lang
    b.heading(t("plan_h_evidence", lang=lang), 1)
    ev = data.evaluation
    b.heading(t("plan_h_findings", lang=lang), 2)
    if ev is not None and ev.interviews:
        first, last = ev.dates
        b.paragraph(t("plan_findings_intro", lang=lang, n=Plural("count_interviews", len(ev.interviews)),
                      territories=Plural("count_territories", len(ev.territories)),
                      first=fmt_date(first, lang, month=True), last=fmt_date(last, lang, month=True)))
        for key in ("strengths", "weaknesses"):
            section = ev.section(key)
            if section is None or not section.segments:
                continue
            b.heading(t(f"report_h_{key}", lang=lang), 3)
            if section.themes:
                # as in the evaluation report: a theme nobody named or confirmed is counted and marked, never
                # named by the model's words ("Caso (3)", "Camioneta (4)" read as findings)
                b.bullets(f"{_theme_label(th, n, lang)}: "
                          + tn("count_segments", "count_segments_plural", th.size, lang=lang)
                          for n, th in enumerate(section.themes[:5], start=1))
                if any(not th.confirmed for th in section.themes[:5]):
                    b.note(t("report_themes_unreviewed_note", lang=lang))
            _quotes(b, section.quotes, lang, 2, shown)
    else:
        b.paragraph(t("plan_no_evaluation", lang=lang, dmop=data.dmop_id))
    if ev is not None and ev.indicators:
        from atlas_qual.reports.dmop import indicator_rows

        b.heading(t("report_h_indicators", lang=lang), 2)
        b.table([t("report_col_number", lang=lang), t("report_col_indicator", lang=lang),
                 t("report_col_value", lang=lang), t("report_col_numerator", lang=lang),
                 t("report_col_denominator", lang=lang)], indicator_rows(ev.indicators, lang),
                caption=t("report_cap_indicators", lang=lang), widths_cm=(0.9, 6.6, 2.2, 3.3, 3.3))
    b.heading(t("plan_h_learning", lang=lang), 2)
    e = data.endorsement
    if e:
        key = "plan_endorsement_yes" if e.get("outcome") == "endorsed" else "plan_endorsement_no"
        b.key_figure(t(key, lang=lang, dmop=data.dmop_id, yes=e.get("yes", 0),
                       voters=Plural("count_votes", e.get("voters", 0)),
                       pct=fmt_pct(e.get("yes", 0), e.get("voters", 0), lang), session=e.get("session") or "—",
                       date=fmt_date(e.get("date"), lang, long=True)))
    elif data.learning_session:
        b.paragraph(t("plan_endorsement_not_asked", lang=lang, session=data.learning_session))
    else:
        b.paragraph(t("plan_no_learning", lang=lang, dmop=data.dmop_id))
    if data.course_of_action:
        b.paragraph(as_written(data.course_of_action, lang), bold_prefix=t("plan_course_of_action", lang=lang) + ": ")
    if data.recommendations:
        rows = []
        for r in sorted(data.recommendations, key=lambda r: (r.status != "endorsed", r.rank is None, r.rank or 0,
                                                             r.ref)):
            votes = f"{r.yes}/{r.voters}" if r.voters else "—"
            text = as_written(r.text, lang) + (" " + t("report_mark_draft", lang=lang) if r.draft else "")
            rows.append((r.ref, text, t(f"report_status_{r.status}", lang=lang), votes,
                         fmt_num(r.priority, lang) if r.priority is not None else "—", r.responsible or "—"))
        b.table([t("report_col_ref", lang=lang), t("report_col_recommendation", lang=lang),
                 t("report_col_status", lang=lang), t("plan_col_votes", lang=lang),
                 t("plan_col_priority", lang=lang), t("plan_col_responsible", lang=lang)], rows,
                caption=t("plan_cap_recommendations", lang=lang), widths_cm=(1.2, 8.0, 2.0, 1.4, 1.8, 2.0),
                numeric=(3, 4))
        drafted = sum(r.draft for r in data.recommendations)
        if drafted:  # a plan put to the authorities says which recommendations are still the tool's words
            b.note(tn("plan_drafts_note", "plan_drafts_note_plural", drafted, lang=lang))
    b.heading(t("plan_h_practices", lang=lang), 2)
    if data.practices:
        b.paragraph(tn("plan_practices_intro", "plan_practices_intro_plural", len(data.practices), lang))
        b.table([t("bok_col_ref", lang=lang), t("bok_col_title", lang=lang), t("bok_col_evidence", lang=lang),
                 t("bok_col_source", lang=lang)],
                # a practice with no English title falls back to its Spanish one: marked as such; a source is a
                # reference to a document, cited in the document's language like any bibliography
                [(p.ref, as_written(p.title, lang), t(f"bok_evidence_{p.evidence}", lang=lang), p.source)
                 for p in data.practices],
                caption=t("plan_cap_practices", lang=lang), widths_cm=(1.6, 6.4, 2.6, 5.4))
    else:
        b.paragraph(t("plan_no_practices", lang=lang, dmop=data.dmop_id))


def _actions(b, data: PlanReportData) -> None:
    lang = data.lang
    b.heading(t("plan_h_actions", lang=lang), 1)
    if not data.actions:
        b.paragraph(t("plan_no_actions", lang=lang))
        return
    b.paragraph(t("plan_actions_intro", lang=lang, n=Plural("count_actions_by_date", len(data.actions))))
    ordered = sorted(enumerate(data.actions, start=1),
                     key=lambda ia: (ia[1].start == "", ia[1].start, ia[0]))
    b.table([t("plan_col_number", lang=lang), t("plan_col_action", lang=lang), t("plan_col_institution", lang=lang),
             t("plan_col_start", lang=lang), t("plan_col_end", lang=lang)],
            # "septiembre de 2026" on one line: the month columns widen for it, not the month in two halves
            [(str(n), as_written(a.action, lang), a.institution or "—", _period(a.start, lang).replace(" ", "\u00a0"),
              _period(a.end, lang).replace(" ", "\u00a0")) for n, a in ordered],
            caption=t("plan_cap_actions", lang=lang), widths_cm=(1.1, 6.3, 2.6, 3.0, 3.0))


def _resources(b, data: PlanReportData) -> None:
    lang = data.lang
    b.heading(t("plan_h_resources", lang=lang), 1)
    if data.resources.strip():
        for part in [p.strip() for p in data.resources.split("\n") if p.strip()]:
            b.paragraph(as_written(part, lang))
    else:
        b.paragraph(t("plan_no_resources", lang=lang))


def _territories(b, data: PlanReportData, shown: set[str]) -> None:
    from atlas_qual.reports.dmop_parts import _small, split_small

    lang = data.lang
    ev = data.evaluation
    b.heading(t("plan_h_territories", lang=lang), 1)
    if ev is None or not ev.interviews:
        b.paragraph(t("plan_no_evaluation", lang=lang, dmop=data.dmop_id))
        return
    started = {}
    for p in ev.phases:
        if p.phase == "pilot" and p.territory and p.date:
            started.setdefault(p.territory, p.date)
    by_territory = {name: counts for name, counts in ev.coordination_by_territory()}
    sections = {key: ev.section(key) for key in ("strengths", "weaknesses")}
    names = [n for n in ev.territories if any(i.territory == n for i in ev.interviews)]
    size = {name: sum(1 for i in ev.interviews if i.territory == name) for name in names}
    # as in the evaluation report: a row of a territory with fewer than report.small_cell interviews would say what
    # one or two people said; those are summed into "Others", left out when even together they are fewer
    k = _small(ev)
    big, small, pooled = split_small([(name, size[name]) for name in names], k)

    def row(label: str, members: list[str], start: str) -> tuple:
        counts = {c: sum(by_territory.get(name, {}).get(c, 0) for name in members)
                  for c in ("increase", "no_change", "decrease")}
        per = {key: sum(dict(sec.by_territory).get(name, 0) for name in members) if sec else 0
               for key, sec in sections.items()}
        return (label, start, sum(size[name] for name in members), per["strengths"], per["weaknesses"],
                f"{counts['increase']} / {counts['no_change']} / {counts['decrease']}")

    rows = [row(name, [name], fmt_date(started.get(name), lang)) for name in big]
    if pooled >= k:
        rows.append(row(t("report_others_small", lang=lang, k=k), small, "—"))
    intro = t("plan_territories_intro", lang=lang, n=Plural("count_territories", len(names)))
    if small:  # the sentence says what the table's rows are: a row per territory, or some or all under "Others"
        key = ("plan_territories_all_grouped" if not big else "plan_territories_grouped") if pooled >= k else \
            "plan_territories_left_out"
        intro += " " + tn(key, key + "_plural", len(small), lang=lang, k=k)
    b.paragraph(intro)
    b.table([t("report_attr_territory", lang=lang), t("plan_col_pilot_start", lang=lang),
             t("report_col_interviews", lang=lang), t("plan_col_strengths", lang=lang),
             t("plan_col_weaknesses", lang=lang), t("plan_col_coordination", lang=lang)], rows,
            # the full text width (16.4 cm), the most to "Coordinación +/=/−" (LibreOffice broke it "Coordinació n")
            caption=t("plan_cap_territories", lang=lang), widths_cm=(2.9, 2.5, 2.6, 2.6, 2.8, 3.0),
            numeric=(2, 3, 4))
    if small:
        b.note(tn("plan_small_cells_note", "plan_small_cells_note_plural", k, lang=lang, k=k))
    for name in big:
        quotes = [q for key in ("strengths", "weaknesses") if sections[key] is not None
                  for q in sections[key].quotes if q.territory == name and q.text not in shown]
        if quotes:
            b.heading(name, 3)
            _quotes(b, tuple(quotes), lang, 2, shown)


def _decision(b, data: PlanReportData) -> None:
    lang = data.lang
    b.heading(t("plan_h_decision", lang=lang), 1)
    b.paragraph(t("plan_decision_text", lang=lang, dmop=data.dmop_id, name=data.dmop_name, version=data.version))
    approval = b.table([t("plan_col_authority", lang=lang), t("plan_col_institution", lang=lang),
                       t("plan_col_decision", lang=lang), t("plan_col_signature", lang=lang)],
                       [("", "", "", "") for _ in range(3)], caption=t("plan_cap_approval", lang=lang),
                       widths_cm=(4.5, 3.5, 3.5, 4.5))
    _room_to_sign(approval)


def _room_to_sign(table, height_cm: float = 1.5) -> None:
    """The approval table's blank rows tall enough to write a name and sign by hand (an empty row prints 0.5 cm)."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Cm

    for row in list(table.rows)[1:]:
        row.height, row.height_rule = Cm(height_cm), WD_ROW_HEIGHT_RULE.AT_LEAST


def build_plan_report(data: PlanReportData, *, template: str | os.PathLike | None = None,
                      progress: Progress | None = None):
    """The plan as a :class:`~atlas_qual.reports.docx_build.DocBuilder` (``.save(path)`` writes it).

    ``progress`` is called with each step of :data:`STEPS` as it is done.
    """
    from atlas_qual.reports.docx_build import DocBuilder

    tick = progress or (lambda step: None)
    path, temporary = plan_template_path(template)
    try:
        b = DocBuilder("plan", data.lang, _fields(data), path)
    finally:
        if temporary:
            path.unlink(missing_ok=True)
    tick("cover")
    _summary(b, data)
    tick("summary")
    _model(b, data)
    tick("model")
    shown: set[str] = set()
    _evidence(b, data, shown)
    tick("evidence")
    _actions(b, data)
    tick("actions")
    _resources(b, data)
    tick("resources")
    _territories(b, data, shown)
    tick("territories")
    _decision(b, data)
    tick("decision")
    return b


def write_plan_report(data: PlanReportData, path: str | os.PathLike, *, toc_pages: bool | None = None,
                      **kw) -> Path:
    """Build and save the institutionalization plan; returns the path written. ``toc_pages``: number the table of
    contents with LibreOffice (default: when installed and ``$ATLAS_QUAL_TOC_PAGES`` is not 0); without numbers
    the contents list the headings as links."""
    builder = build_plan_report(data, **kw)
    out = builder.save(path)
    if toc_pages is None:
        toc_pages = os.environ.get("ATLAS_QUAL_TOC_PAGES", "1") != "0"
    if toc_pages:
        from atlas_qual.reports.render import fill_toc_pages

        fill_toc_pages(builder, out)
    return out


__all__ = ["STEPS", "TEMPLATE_NAME", "PlanAction", "PlanRefinement", "PlanRecommendation", "PlanPractice",
           "PlanReportData", "build_plan_template", "plan_template_path", "build_plan_report", "write_plan_report"]
