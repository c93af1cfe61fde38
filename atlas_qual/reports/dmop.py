"""The DMOP evaluation report (Word): what works, weaknesses and recommendations of a DMOP's pilot, with themes,
quotes, coordination change, challenges and innovative solutions from the meetings, indicators, charts and annexes.

Examples:
    >>> from atlas_qual.reports.model import DmopReportData
    >>> doc = build_dmop_report(DmopReportData(lang="en", dmop_id="CR", dmop_name="Community Referrals")).doc
    >>> "Executive summary" in [p.text for p in doc.paragraphs]
    True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from atlas_qual.i18n import t
from atlas_qual.indicators import COORDINATION_CHANGES
from atlas_qual.reports.model import DmopReportData, FindingSection, Quote
from atlas_qual.reports.text import fmt_date, fmt_num, fmt_pct, fmt_share, join_words, shorten, split_items

Progress = Callable[[str], None]
# the steps a DMOP report takes (the callers' progress bars count them)
STEPS = ("cover", "summary", "methodology", "strengths", "weaknesses", "recommendations", "coordination",
         "meetings", "indicators", "annex")
REACH_DMOPS = ("CR",)  # the community-referral campaign is the DMOP whose reach the register tracks


def report_fields(data: DmopReportData, kind_key: str) -> dict[str, str]:
    """The template placeholders of a DMOP report or handout."""
    lang = data.lang
    scope = t("report_scope_territory", lang=lang, territory=data.territory) if data.territory else \
        t("report_scope_all", lang=lang, n=len({i.territory for i in data.interviews if i.territory}))
    return {
        "report_kind": t(kind_key, lang=lang),
        "title": f"{data.dmop_id} — {data.dmop_name}",
        "subtitle": t(f"{kind_key}_subtitle", lang=lang),
        "scope": scope,
        "date": fmt_date(data.generated, lang, long=True),
        "organisation": t("report_organisation", lang=lang),
        "short_title": t("report_short_title", lang=lang, dmop=data.dmop_id, kind=t(kind_key, lang=lang)),
        "footer_text": "ATLAS · atlas-qual",
        "confidentiality": t("report_confidentiality" if data.redacted else "report_not_redacted", lang=lang),
    }


def quote_source(q: Quote, lang: str) -> str:
    source = q.source()
    return f"{source} · {t('report_theme', lang=lang)}: {q.theme}" if q.theme else source


def _code_name(section: FindingSection) -> str:
    return section.code.rsplit("/", 1)[-1]


def _section_summary(section: FindingSection | None, lang: str) -> str | None:
    """One bullet of the executive summary for a findings section."""
    if section is None or not section.segments:
        return None
    label = t(f"report_section_{section.key}", lang=lang)
    if section.themes:
        top = join_words([f"{th.label} ({th.size})" for th in section.themes[:3]], lang)
        return t("report_summary_themes", lang=lang, section=label, themes=top)
    if section.quotes:
        return t("report_summary_quote", lang=lang, section=label, segments=section.segments,
                 interviews=section.interviews, quote=shorten(section.quotes[0].text, 150))
    return t("report_summary_counts", lang=lang, section=label, segments=section.segments,
             interviews=section.interviews)


def _executive_summary(b, data: DmopReportData) -> None:
    lang = data.lang
    first, last = data.dates
    b.heading(t("report_h_summary", lang=lang), 1)
    b.paragraph(t("report_summary_intro", lang=lang, dmop=data.dmop_id, name=data.dmop_name,
                  n=len(data.interviews), institutions=len({i.institution for i in data.interviews if i.institution}),
                  territories=len({i.territory for i in data.interviews if i.territory}),
                  first=fmt_date(first, lang), last=fmt_date(last, lang)))
    if data.dmop_aim:
        b.paragraph(data.dmop_aim, bold_prefix=t("report_aim", lang=lang) + ": ")
    bullets = [_section_summary(data.section(k), lang) for k in ("strengths", "weaknesses", "recommendations")]
    spoke, counts = data.coordination_counts()
    if spoke:
        bullets.append(t("report_summary_coordination", lang=lang, n=counts["increase"], d=spoke,
                         pct=fmt_pct(counts["increase"], spoke, lang)))
    ind1 = next((i for i in data.indicators if i.number == 1), None)
    if ind1 is not None and ind1.value is not None:
        bullets.append(t("report_summary_indicator1", lang=lang, value=ind1.formatted(lang),
                         source=t(f"report_source_{ind1.source}", lang=lang)))
    if data.meetings:
        bullets.append(t("report_summary_meetings", lang=lang, n=len(data.meetings),
                         people=sum(m.attendees for m in data.meetings),
                         institutions=len(data.attendance_by_institution)))
    alpha = (data.agreement or {}).get("krippendorff_alpha")
    if alpha is not None:
        bullets.append(t("report_summary_agreement", lang=lang, alpha=fmt_num(alpha, lang),
                         units=(data.agreement or {}).get("units", 0)))
    b.bullets([x for x in bullets if x])
    if not data.interviews:
        b.note(t("report_no_interviews", lang=lang, dmop=data.dmop_id))


def _methodology(b, data: DmopReportData, draw: bool) -> None:
    lang = data.lang
    first, last = data.dates
    b.heading(t("report_h_methodology", lang=lang), 1)
    b.heading(t("report_h_interviews", lang=lang), 2)
    modes = join_words([f"{t('report_mode_' + m, lang=lang) if m != '—' else m} ({n})"
                        for m, n in data.counts("mode")], lang)
    b.paragraph(t("report_method_interviews", lang=lang, n=len(data.interviews), modes=modes or "—",
                  first=fmt_date(first, lang), last=fmt_date(last, lang),
                  institutions=len({i.institution for i in data.interviews if i.institution}),
                  territories=len({i.territory for i in data.interviews if i.territory})))
    rows = []
    for attribute in ("territory", "institution", "role", "mode"):
        label = t(f"report_attr_{attribute}", lang=lang)
        for k, (value, n) in enumerate(data.counts(attribute)):
            shown = t(f"report_mode_{value}", lang=lang) if attribute == "mode" and value != "—" else value
            rows.append((label if k == 0 else "", shown, n))
    if rows:
        b.table([t("report_col_attribute", lang=lang), t("report_col_category", lang=lang),
                 t("report_col_interviews", lang=lang)], rows, caption=t("report_cap_profile", lang=lang),
                widths_cm=(3.5, 9.5, 3), numeric=(2,))
    b.heading(t("report_h_coding", lang=lang), 2)
    b.paragraph(t("report_method_coding", lang=lang, codes=data.codes_used, codings=data.codings,
                  coders=data.coders))
    agreement = data.agreement or {}
    if agreement.get("units") and agreement.get("krippendorff_alpha") is not None:
        kappa = agreement.get("cohen_kappa")
        b.paragraph(t("report_method_agreement", lang=lang, units=agreement["units"],
                      percent=fmt_share(agreement.get("percent_agreement"), lang),
                      alpha=fmt_num(agreement["krippendorff_alpha"], lang),
                      kappa=fmt_num(kappa, lang) if kappa is not None else "—"))
    else:
        b.paragraph(t("report_method_no_agreement", lang=lang))
    b.paragraph(t("report_method_redaction" if data.redacted else "report_not_redacted", lang=lang))
    if draw and data.codes_by_territory and data.territories:
        from atlas_qual.reports import charts

        names = [name for name, _ in data.codes_by_territory]
        matrix = [list(row) for _, row in data.codes_by_territory]
        b.figure(charts.heatmap(names, list(data.territories), matrix), t("report_cap_codes_territory", lang=lang))


def _finding_section(b, data: DmopReportData, key: str, draw: bool) -> None:
    lang = data.lang
    section = data.section(key)
    b.heading(t(f"report_h_{key}", lang=lang), 1)
    if section is None or not section.segments:
        b.paragraph(t("report_section_empty", lang=lang,
                      code=section.code if section else t(f"report_section_{key}", lang=lang)))
        if key == "recommendations":
            _recorded_recommendations(b, data)
        return
    where = join_words([f"{name} ({n})" for name, n in section.by_territory], lang)
    b.paragraph(t("report_section_intro", lang=lang, segments=section.segments, interviews=section.interviews,
                  code=section.code, where=where or "—"))
    if section.themes:
        b.heading(t("report_h_themes", lang=lang), 2)
        b.paragraph(t("report_themes_intro", lang=lang, n=len(section.themes)))
        b.table([t("report_col_theme", lang=lang), t("report_col_segments", lang=lang),
                 t("report_col_terms", lang=lang)],
                [(th.label, th.size, ", ".join(th.terms[:6])) for th in section.themes],
                caption=t("report_cap_themes", lang=lang, section=t(f"report_section_{key}", lang=lang)),
                widths_cm=(7, 2.5, 6.5), numeric=(1,))
        if draw:
            from atlas_qual.reports import charts

            shown = section.themes[:8]
            b.figure(charts.bar_chart([th.label for th in shown], [th.size for th in shown],
                                      xlabel=t("report_col_segments", lang=lang)),
                     t("report_cap_themes_chart", lang=lang, section=t(f"report_section_{key}", lang=lang)))
    else:
        b.note(t("report_no_themes", lang=lang, code=section.code, dmop=data.dmop_id))
    if section.quotes:
        b.heading(t("report_h_quotes", lang=lang), 2)
        for q in section.quotes:
            b.quote(q.text, quote_source(q, lang))
    if key == "recommendations":
        _recorded_recommendations(b, data)


def _recorded_recommendations(b, data: DmopReportData) -> None:
    if not data.recommendations:
        return
    lang = data.lang
    b.heading(t("report_h_recorded_recommendations", lang=lang), 2)
    b.table([t("report_col_ref", lang=lang), t("report_col_recommendation", lang=lang),
             t("report_col_status", lang=lang)],
            [(ref, text, t(f"report_status_{status}", lang=lang) if status in ("proposed", "endorsed", "rejected")
              else status) for ref, text, status in data.recommendations],
            widths_cm=(2, 11, 3))


def _coordination(b, data: DmopReportData, draw: bool) -> None:
    lang = data.lang
    b.heading(t("report_h_coordination", lang=lang), 1)
    spoke, counts = data.coordination_counts()
    if spoke:
        b.paragraph(t("report_coordination_intro", lang=lang, d=spoke, increase=counts["increase"],
                      no_change=counts["no_change"], decrease=counts["decrease"],
                      pct=fmt_pct(counts["increase"], spoke, lang)))
        rows = data.coordination_by_territory()
        b.table([t("report_attr_territory", lang=lang)] + [t(f"report_change_{c}", lang=lang)
                                                           for c in COORDINATION_CHANGES],
                [(name, *(c[k] for k in COORDINATION_CHANGES)) for name, c in rows]
                + [(t("report_total", lang=lang), *(counts[k] for k in COORDINATION_CHANGES))],
                caption=t("report_cap_coordination", lang=lang), widths_cm=(6, 3.3, 3.3, 3.3), numeric=(1, 2, 3))
        if draw and rows:
            from atlas_qual.reports import charts

            b.figure(charts.stacked_bars([name for name, _ in rows],
                                         {c: [r[c] for _, r in rows] for c in COORDINATION_CHANGES},
                                         colors=charts.CHANGE_COLORS,
                                         labels={c: t(f"report_change_{c}", lang=lang) for c in COORDINATION_CHANGES},
                                         xlabel=t("report_col_interviews", lang=lang)),
                     t("report_cap_coordination_chart", lang=lang))
    else:
        b.paragraph(t("report_coordination_none", lang=lang))
    if data.survey_respondents:
        answered = sum(data.survey_changes.get(c, 0) for c in COORDINATION_CHANGES)
        b.paragraph(t("report_survey_intro", lang=lang, n=data.survey_respondents, d=answered,
                      increase=data.survey_changes.get("increase", 0),
                      pct=fmt_pct(data.survey_changes.get("increase", 0), answered, lang)))
        b.table([t("report_col_answer", lang=lang), t("report_col_respondents", lang=lang), "%"],
                [(t(f"report_change_{c}", lang=lang), data.survey_changes.get(c, 0),
                  fmt_pct(data.survey_changes.get(c, 0), answered, lang)) for c in COORDINATION_CHANGES],
                caption=t("report_cap_survey", lang=lang), widths_cm=(8, 4, 4), numeric=(1, 2))
    if data.coordination_quotes:
        b.heading(t("report_h_quotes", lang=lang), 2)
        for q in data.coordination_quotes:
            b.quote(q.text, quote_source(q, lang))


def _meetings(b, data: DmopReportData) -> None:
    lang = data.lang
    b.heading(t("report_h_meetings", lang=lang), 1)
    if data.meetings:
        days = sorted(m.date for m in data.meetings)
        b.paragraph(t("report_meetings_intro", lang=lang, n=len(data.meetings), first=fmt_date(days[0], lang),
                      last=fmt_date(days[-1], lang), people=sum(m.attendees for m in data.meetings),
                      institutions=len(data.attendance_by_institution)))
        b.table([t("report_col_date", lang=lang), t("report_attr_territory", lang=lang),
                 t("report_col_meeting", lang=lang), t("report_col_attendees", lang=lang),
                 t("report_col_topics", lang=lang)],
                [(fmt_date(m.date, lang), m.territory, m.title, m.attendees, "; ".join(split_items(m.topics)))
                 for m in data.meetings],
                caption=t("report_cap_meetings", lang=lang), widths_cm=(2.3, 3, 4.5, 2, 4.6), numeric=(3,))
        if data.attendance_by_gender:
            b.paragraph(t("report_attendance_gender", lang=lang, detail=join_words(
                [f"{t('report_gender_' + g, lang=lang) if g in ('f', 'm', 'x') else g} ({n})"
                 for g, n in data.attendance_by_gender], lang)))
    else:
        b.paragraph(t("report_meetings_none", lang=lang))
    for key, attr in (("challenges", "challenges"), ("solutions", "solutions"), ("actions", "actions")):
        items = [f"{item} ({m.territory or '—'}, {fmt_date(m.date, lang)})"
                 for m in data.meetings for item in split_items(getattr(m, attr))]
        section = data.section(key)
        quotes = section.quotes[:2] if section else ()
        if not items and not quotes:
            continue
        b.heading(t(f"report_h_{key}", lang=lang), 2)
        if items:
            b.bullets(items)
        if quotes:
            b.paragraph(t("report_interview_voices", lang=lang))
            for q in quotes:
                b.quote(q.text, quote_source(q, lang))


def _reach(b, data: DmopReportData) -> None:
    lang = data.lang
    if data.dmop_id not in REACH_DMOPS or not data.reach:
        return
    b.heading(t("report_h_reach", lang=lang), 1)
    totals = [sum(getattr(r, k) for r in data.reach) for k in ("posts", "replications", "comments")]
    ratings = [r.radio_rating for r in data.reach if r.radio_rating is not None]
    b.paragraph(t("report_reach_intro", lang=lang, posts=totals[0], replications=totals[1], comments=totals[2],
                  rating=fmt_num(sum(ratings) / len(ratings), lang, 1) if ratings else "—"))
    b.table([t("report_col_month", lang=lang), t("report_col_channel", lang=lang),
             t("report_attr_territory", lang=lang), t("report_col_posts", lang=lang),
             t("report_col_replications", lang=lang), t("report_col_comments", lang=lang),
             t("report_col_radio", lang=lang)],
            [(r.month, r.channel, r.territory, r.posts, r.replications, r.comments,
              fmt_num(r.radio_rating, lang, 1)) for r in data.reach],
            caption=t("report_cap_reach", lang=lang), widths_cm=(1.8, 2.6, 3, 1.9, 2.3, 2.2, 2.3),
            numeric=(3, 4, 5, 6))


def indicator_rows(data_indicators, lang: str) -> list[tuple]:
    from atlas_qual.reports.docx_build import Rich

    return [(str(i.number), Rich((i.title(lang), True), ("\n" + i.definition(lang), False)), i.formatted(lang),
             f"{i.numerator} — {i.numerator_text(lang)}",
             f"{i.denominator if i.denominator is not None else ''} {i.denominator_text(lang)}".strip())
            for i in data_indicators]


def _indicators(b, data: DmopReportData, draw: bool) -> None:
    lang = data.lang
    b.heading(t("report_h_indicators", lang=lang), 1)
    b.paragraph(t("report_indicators_intro", lang=lang, dmop=data.dmop_id))
    if not data.indicators:
        return
    b.table([t("report_col_number", lang=lang), t("report_col_indicator", lang=lang),
             t("report_col_value", lang=lang), t("report_col_numerator", lang=lang),
             t("report_col_denominator", lang=lang)], indicator_rows(data.indicators, lang),
            caption=t("report_cap_indicators", lang=lang), widths_cm=(0.9, 6.6, 2.2, 3.3, 3.3))
    if draw:
        from atlas_qual.reports import charts

        pct = [(t(f"indicator_{i.number}_short", lang=lang),
                None if i.value is None else (i.value if i.unit == "percent" else 100 * i.value))
               for i in data.indicators if i.unit in ("percent", "proportion")]
        counts = [(t(f"indicator_{i.number}_short", lang=lang), i.value)
                  for i in data.indicators if i.unit == "count"]
        b.figure(charts.indicators_chart(pct, counts, percent_title=t("report_chart_percent", lang=lang),
                                         count_title=t("report_chart_count", lang=lang)),
                 t("report_cap_indicators_chart", lang=lang))


def _annex(b, data: DmopReportData) -> None:
    lang = data.lang
    b.page_break()
    b.heading(t("report_h_annex", lang=lang), 1)
    b.heading(t("report_h_annex_codebook", lang=lang), 2)
    if data.codebook:
        b.table([t("report_col_code", lang=lang), t("report_col_definition", lang=lang)],
                [(("   " * e.depth) + (e.path if e.depth == 0 else e.name), e.definition) for e in data.codebook],
                caption=t("report_cap_codebook", lang=lang), widths_cm=(5.5, 10.5), bold_first=False)
    b.heading(t("report_h_annex_agreement", lang=lang), 2)
    agreement = data.agreement or {}
    per_code = agreement.get("per_code") or {}
    if agreement.get("units") and per_code:
        rows = [(t("report_overall", lang=lang), fmt_num(agreement.get("cohen_kappa"), lang),
                 fmt_num(agreement.get("krippendorff_alpha"), lang),
                 fmt_share(agreement.get("percent_agreement"), lang),
                 agreement.get("units"), "")]
        for code, stats in per_code.items():
            rows.append((code, fmt_num(stats.get("kappa"), lang), fmt_num(stats.get("alpha"), lang),
                         fmt_share(stats.get("percent"), lang), stats.get("n", 0), stats.get("positives", "")))
        b.table([t("report_col_code", lang=lang), "κ", "α", t("report_col_percent_agreement", lang=lang),
                 t("report_col_units", lang=lang), t("report_col_positives", lang=lang)], rows,
                caption=t("report_cap_agreement", lang=lang), widths_cm=(6.4, 1.7, 1.7, 2.4, 1.9, 1.9),
                numeric=(1, 2, 3, 4, 5))
        b.note(t("report_agreement_note", lang=lang))
    else:
        b.paragraph(t("report_method_no_agreement", lang=lang))
    b.heading(t("report_h_annex_interviews", lang=lang), 2)
    if data.interviews:
        b.table([t("report_col_pseudonym", lang=lang), t("report_attr_role", lang=lang),
                 t("report_attr_institution", lang=lang), t("report_attr_territory", lang=lang),
                 t("report_attr_mode", lang=lang), t("report_col_date", lang=lang)],
                [(i.pseudonym, i.role, i.institution, i.territory,
                  t(f"report_mode_{i.mode}", lang=lang) if i.mode else "—", fmt_date(i.date, lang))
                 for i in data.interviews],
                caption=t("report_cap_interviews", lang=lang), widths_cm=(2.6, 4.4, 2.2, 2.8, 2.0, 2.0))
    if data.phases:
        b.heading(t("report_h_annex_phases", lang=lang), 2)
        b.table([t("report_col_phase", lang=lang), t("report_col_date", lang=lang),
                 t("report_attr_territory", lang=lang), t("report_col_note", lang=lang)],
                [(t(f"phase_{p.phase}", lang=lang), fmt_date(p.date, lang), p.territory or "—", p.note)
                 for p in data.phases],
                caption=t("report_cap_phases", lang=lang), widths_cm=(3.5, 2.5, 3.5, 6.5))


def build_dmop_report(data: DmopReportData, *, template: str | os.PathLike | None = None, charts: bool = True,
                      progress: Progress | None = None):
    """The report as a :class:`~atlas_qual.reports.docx_build.DocBuilder` (``.save(path)`` writes it).

    ``progress`` is called with the name of each step of :data:`STEPS` as it is done.
    """
    from atlas_qual.reports.docx_build import DocBuilder

    tick = progress or (lambda step: None)
    b = DocBuilder("dmop", data.lang, report_fields(data, "report_kind_dmop"), template)
    tick("cover")
    _executive_summary(b, data)
    tick("summary")
    _methodology(b, data, charts)
    tick("methodology")
    for key in ("strengths", "weaknesses", "recommendations"):
        _finding_section(b, data, key, charts)
        tick(key)
    _coordination(b, data, charts)
    tick("coordination")
    _meetings(b, data)
    _reach(b, data)
    tick("meetings")
    _indicators(b, data, charts)
    tick("indicators")
    _annex(b, data)
    tick("annex")
    return b


def write_dmop_report(data: DmopReportData, path: str | os.PathLike, **kw) -> Path:
    """Build and save the DMOP evaluation report; returns the path written."""
    return build_dmop_report(data, **kw).save(path)


__all__ = ["STEPS", "build_dmop_report", "write_dmop_report", "report_fields", "quote_source", "indicator_rows"]
