"""The learning-workshop handout (Word, 2-4 pages): a DMOP's key findings for the participants to read before the
discussion, and the questions the discussion starts from.

Examples:
    >>> from atlas_qual.reports.model import DmopReportData
    >>> doc = build_handout(DmopReportData(lang="es", dmop_id="CR", dmop_name="Derivaciones comunitarias")).doc
    >>> "Preguntas para la discusión" in [p.text for p in doc.paragraphs]
    True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from atlas_qual.i18n import t
from atlas_qual.indicators import COORDINATION_CHANGES
from atlas_qual.reports.dmop import quote_source, report_fields
from atlas_qual.reports.model import DmopReportData, FindingSection
from atlas_qual.reports.text import fmt_pct, join_words, shorten, split_items

STEPS = ("cover", "findings", "coordination", "meetings", "questions")
MAX_POINTS = 3


def _points(section: FindingSection | None, lang: str) -> list[str]:
    """Up to three short points of a section: its biggest themes, else short quotes."""
    if section is None or not section.segments:
        return []
    if section.themes:
        return [t("handout_theme_point", lang=lang, theme=th.label, n=th.size,
                  terms=", ".join(th.terms[:4]) or "—") for th in section.themes[:MAX_POINTS]]
    return [f"«{shorten(q.text, 170)}» ({q.pseudonym}, {q.territory})" if lang == "es"
            else f"“{shorten(q.text, 170)}” ({q.pseudonym}, {q.territory})" for q in section.quotes[:MAX_POINTS]]


def discussion_questions(data: DmopReportData) -> list[str]:
    """The questions for the learning workshop: one per main weakness and recommendation, then the questions every
    learning workshop answers (what to keep, what to change before scaling up, what the sustainability plan needs).

    Examples:
        >>> from atlas_qual.reports.model import DmopReportData
        >>> len(discussion_questions(DmopReportData(lang="en", dmop_id="CR", dmop_name="Community Referrals")))
        4
    """
    lang = data.lang
    questions = []
    weak = data.section("weaknesses")
    if weak is not None and weak.themes:
        questions += [t("handout_q_weakness", lang=lang, theme=th.label) for th in weak.themes[:2]]
    elif weak is not None and weak.segments:
        questions.append(t("handout_q_weakness_generic", lang=lang, n=weak.segments))
    recs = data.section("recommendations")
    if recs is not None and recs.themes:
        questions += [t("handout_q_recommendation", lang=lang, theme=th.label) for th in recs.themes[:2]]
    elif data.recommendations:
        questions += [t("handout_q_recommendation", lang=lang, theme=shorten(text, 90))
                      for _ref, text, _status in data.recommendations[:2]]
    if any(i.change in ("no_change", "decrease") for i in data.interviews):
        questions.append(t("handout_q_coordination", lang=lang))
    questions += [t("handout_q_keep", lang=lang), t("handout_q_scale", lang=lang, dmop=data.dmop_id),
                  t("handout_q_plan", lang=lang), t("handout_q_who", lang=lang)]
    return questions


def build_handout(data: DmopReportData, *, template: str | os.PathLike | None = None, charts: bool = True,
                  progress: Callable[[str], None] | None = None):
    """The handout as a :class:`~atlas_qual.reports.docx_build.DocBuilder` (``.save(path)`` writes it)."""
    from atlas_qual.reports.docx_build import DocBuilder

    tick = progress or (lambda step: None)
    lang = data.lang
    b = DocBuilder("handout", lang, report_fields(data, "report_kind_handout"), template)
    tick("cover")
    institutions = len({i.institution for i in data.interviews if i.institution})
    territories = len({i.territory for i in data.interviews if i.territory})
    b.paragraph(t("handout_intro", lang=lang, dmop=data.dmop_id, n=len(data.interviews), institutions=institutions,
                  territories=territories, meetings=len(data.meetings)))
    if data.dmop_aim:
        b.paragraph(data.dmop_aim, bold_prefix=t("report_aim", lang=lang) + ": ")
    spoke, counts = data.coordination_counts()
    ind1 = next((i for i in data.indicators if i.number == 1), None)
    if ind1 is not None and ind1.value is not None:
        b.key_figure(t("handout_key_indicator1", lang=lang, value=ind1.formatted(lang),
                       source=t(f"report_source_{ind1.source}", lang=lang)))
    elif spoke:
        b.key_figure(t("handout_key_coordination", lang=lang, pct=fmt_pct(counts["increase"], spoke, lang)))

    b.heading(t("handout_h_findings", lang=lang), 1)
    for key in ("strengths", "weaknesses", "recommendations"):
        section = data.section(key)
        b.heading(t(f"report_h_{key}", lang=lang), 2)
        points = _points(section, lang)
        if points:
            b.bullets(points)
            if section is not None and section.themes and section.quotes:
                q = section.quotes[0]
                b.quote(shorten(q.text, 260), quote_source(q, lang))
        else:
            b.paragraph(t("handout_nothing_yet", lang=lang))
        if key == "recommendations" and data.recommendations:
            b.paragraph(t("handout_recorded", lang=lang))
            b.bullets([f"{ref}: {shorten(text, 160)}" for ref, text, _status in data.recommendations[:5]])
    tick("findings")

    b.heading(t("report_h_coordination", lang=lang), 2)
    if spoke:
        b.paragraph(t("report_coordination_intro", lang=lang, d=spoke, increase=counts["increase"],
                      no_change=counts["no_change"], decrease=counts["decrease"],
                      pct=fmt_pct(counts["increase"], spoke, lang)))
        rows = data.coordination_by_territory()
        if charts and len(rows) > 1:
            from atlas_qual.reports import charts as ch

            b.figure(ch.stacked_bars([name for name, _ in rows],
                                     {c: [r[c] for _, r in rows] for c in COORDINATION_CHANGES},
                                     colors=ch.CHANGE_COLORS,
                                     labels={c: t(f"report_change_{c}", lang=lang) for c in COORDINATION_CHANGES}),
                     t("report_cap_coordination_chart", lang=lang), width_cm=12.5)
    else:
        b.paragraph(t("report_coordination_none", lang=lang))
    tick("coordination")

    challenges = [item for m in data.meetings for item in split_items(m.challenges)]
    solutions = [item for m in data.meetings for item in split_items(m.solutions)]
    if challenges or solutions:
        b.heading(t("handout_h_meetings", lang=lang), 2)
        if challenges:
            b.paragraph(t("report_h_challenges", lang=lang) + ":", bold_prefix=None)
            b.bullets(_unique(challenges)[:MAX_POINTS + 1])
        if solutions:
            b.paragraph(t("report_h_solutions", lang=lang) + ":")
            b.bullets(_unique(solutions)[:MAX_POINTS + 1])
    tick("meetings")

    b.heading(t("handout_h_questions", lang=lang), 1)
    b.numbered(discussion_questions(data))
    b.note(t("handout_footer", lang=lang, territories=join_words(list(data.territories), lang) or "—"))
    tick("questions")
    return b


def _unique(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def write_handout(data: DmopReportData, path: str | os.PathLike, **kw) -> Path:
    return build_handout(data, **kw).save(path)


__all__ = ["STEPS", "build_handout", "write_handout", "discussion_questions"]
