"""The learning-workshop handout (Word, 2-4 pages): a DMOP's key findings for the participants to read before the
discussion, and the questions the discussion starts from.

Examples:
    >>> from atlas_qual.reports.model import DmopReportData
    >>> doc = build_handout(DmopReportData(lang="es", dmop_id="CR", dmop_name="Derivaciones comunitarias")).doc
    >>> "2. Preguntas para la discusión" in [p.text for p in doc.paragraphs]
    True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from atlas_qual.i18n import Plural, t, tn
from atlas_qual.indicators import COORDINATION_CHANGES
from atlas_qual.reports.content import pick
from atlas_qual.reports.dmop_parts import INDICATOR_MIN_N, _small, small_cells_merged
from atlas_qual.reports.front_matter import coverage_sentence, plain, report_fields
from atlas_qual.reports.model import DmopReportData
from atlas_qual.reports.text import (as_written, fmt_indicator, fmt_pct, fmt_share, join_words, shorten,
                                     split_items)

STEPS = ("cover", "findings", "coordination", "meetings", "questions")
MAX_POINTS = 3


def discussion_questions(data: DmopReportData) -> list[str]:
    """The questions for the learning workshop: one per confirmed weakness theme and per high-priority
    recommendation the analysts wrote, then the questions every learning workshop answers (what to keep, what to
    change before scaling up, what the sustainability plan needs). Machine theme labels never become questions.

    Examples:
        >>> from atlas_qual.reports.model import DmopReportData
        >>> len(discussion_questions(DmopReportData(lang="en", dmop_id="CR", dmop_name="Community Referrals")))
        4
    """
    lang = data.lang
    questions = []
    weak = data.section("weaknesses")
    confirmed = [th for th in (weak.themes if weak else ()) if th.confirmed]
    if confirmed:
        questions += [t("handout_q_weakness", lang=lang, theme=th.label) for th in confirmed[:2]]
    elif weak is not None and weak.interviews:
        # interviews, not coded segments: one person speaking of the same weakness four times is not four weaknesses
        questions.append(tn("handout_q_weakness_interviews", "handout_q_weakness_interviews_plural", weak.interviews,
                            lang=lang))
    recs = [r for r in data.content.get("recommendations") or [] if not r.get("draft")]
    for r in sorted(recs, key=lambda r: ("high", "medium", "low").index(r["priority"]))[:2]:
        text, _original = pick(r["text"], "es" if lang == "gn" else lang)
        questions.append(t("handout_q_recommendation", lang=lang, theme=shorten(text.rstrip("."), 110)))
    if any(i.change in ("no_change", "decrease") for i in data.interviews):
        questions.append(t("handout_q_coordination", lang=lang))
    questions += [t("handout_q_keep", lang=lang), t("handout_q_scale", lang=lang, dmop=data.dmop_id),
                  t("handout_q_plan", lang=lang), t("handout_q_who", lang=lang)]
    return questions


def build_handout(data: DmopReportData, *, template: str | os.PathLike | None = None, charts: bool = True,
                  progress: Callable[[str], None] | None = None):
    """The handout as a :class:`~atlas_qual.reports.docx_build.DocBuilder` (``.save(path)`` writes it); in
    Spanish, English or Guaraní (``data.lang == "gn"``: the handout's own words in Guaraní, analysts' texts in
    Spanish)."""
    from atlas_qual.reports.docx_build import DocBuilder
    from atlas_qual.reports.dmop import print_quote

    tick = progress or (lambda step: None)
    lang = data.lang
    text_lang = "es" if lang == "gn" else lang  # analysts write Spanish and English
    fields = report_fields(data, "report_kind_handout")
    b = DocBuilder("handout", lang, fields, template)
    tick("cover")
    b.paragraph(t("handout_intro2", lang=lang, dmop=data.dmop_id,
                  coverage=coverage_sentence(data.coded, len(data.interviews), lang),
                  meetings=Plural("count_recorded_meetings", len(data.meetings)),
                  # the institutions and territories of the interviews analysed, as the DMOP report's summary: "3 of
                  # 6 interviews coded, from 5 institutions" cannot be
                  institutions=Plural("count_institutions",
                                      len({i.institution for i in data.interviews if i.institution and i.coded})),
                  territories=Plural("count_territories",
                                     len({i.territory for i in data.interviews if i.territory and i.coded}))))
    if data.incomplete:
        b.note(t("report_incomplete_warning", lang=lang,
                 coverage=coverage_sentence(data.coded, len(data.interviews), lang),
                 threshold=fmt_share(data.min_coverage, lang, 0)))
    if data.dmop_aim:
        b.paragraph(data.dmop_aim, bold_prefix=t("report_aim", lang=lang) + ": ")
    spoke, counts = data.coordination_counts()
    ind1 = next((i for i in data.indicators if i.number == 1), None)
    # a percentage of one or two people says what each of them answered: withheld, as the DMOP report does
    if ind1 is not None and ind1.value is not None and (ind1.denominator or 0) >= INDICATOR_MIN_N:
        b.key_figure(t("handout_key_indicator1", lang=lang, value=fmt_indicator(ind1, text_lang),
                       source=t(f"report_source_{ind1.source}", lang=lang)))
    elif spoke >= INDICATOR_MIN_N:
        b.key_figure(t("handout_key_coordination", lang=lang, pct=fmt_pct(counts["increase"], spoke, text_lang)))

    b.heading(t("handout_h_findings", lang=lang), 1)
    findings = [(q, plain(q["finding"], text_lang, q["draft"])) for q in data.content.get("questions") or []]
    findings = [(q, text) for q, text in findings if text]
    if findings:
        for q, text in findings:
            b.paragraph(text, bold_prefix=t(f"criterion_{q['criterion']}", lang=lang) + ": ")
    else:
        b.paragraph(t("handout_nothing_yet", lang=lang))
    strengths = data.section("strengths")
    if strengths is not None and strengths.quotes:
        print_quote(b, strengths.quotes[0], text_lang)
    tick("findings")

    b.heading(t("report_h_coordination", lang=lang), 2)
    if spoke:
        from atlas_qual.reports.dmop_parts import coordination_sentence

        b.paragraph(coordination_sentence(spoke, counts, lang, text_lang))  # the DMOP report's sentence
        rows, hidden = small_cells_merged(data.coordination_by_territory(), _small(data), lang)
        if charts and len(rows) > 1:
            from atlas_qual.reports import charts as ch

            b.figure(ch.stacked_bars([name for name, _ in rows],
                                     {c: [r[c] for _, r in rows] for c in COORDINATION_CHANGES},
                                     colors=ch.CHANGE_COLORS,
                                     labels={c: t(f"report_change_{c}", lang=lang) for c in COORDINATION_CHANGES},
                                     xlabel=t("report_col_interviews", lang=lang),
                                     ylabel=t("report_attr_territory", lang=lang), lang=lang),
                     t("report_cap_coordination_chart", lang=lang), width_cm=12.5,
                     alt=t("report_alt_coordination", lang=lang, n=Plural("count_interviews", spoke),
                           increase=counts["increase"], no_change=counts["no_change"], decrease=counts["decrease"]))
        if charts and hidden and len(rows) > 1:  # under the chart
            b.note(tn("handout_small_cells_note", "handout_small_cells_note_plural", _small(data), lang=lang,
                      k=_small(data)))
        elif charts and hidden:  # no chart: a note about its bars would point at nothing; say why there is none
            b.note(tn("handout_no_coordination_chart", "handout_no_coordination_chart_plural", _small(data),
                      lang=lang, k=_small(data)))
    else:
        b.paragraph(t("report_coordination_none", lang=lang))
    tick("coordination")

    recs = data.content.get("recommendations") or []
    if recs:
        b.heading(t("handout_h_recommendations", lang=lang), 2)
        b.bullets([f"{r['id']} ({t('priority_' + r['priority'], lang=lang)}; {r['responsible'] or '—'}): "
                   f"{plain(r['text'], text_lang, r['draft'])}" for r in recs])
    challenges = [item for m in data.meetings for item in split_items(m.challenges)]
    solutions = [item for m in data.meetings for item in split_items(m.solutions)]
    if challenges or solutions:
        b.heading(t("handout_h_meetings", lang=lang), 2)
        if challenges:
            b.paragraph(t("report_h_challenges", lang=lang) + ":")
            # typed into the register in Spanish: marked in English, as the DMOP report marks them
            b.bullets([as_written(item, text_lang) for item in _unique(challenges)[:MAX_POINTS + 1]])
        if solutions:
            b.paragraph(t("report_h_solutions", lang=lang) + ":")
            b.bullets([as_written(item, text_lang) for item in _unique(solutions)[:MAX_POINTS + 1]])
    tick("meetings")

    b.heading(t("handout_h_questions", lang=lang), 1)
    b.numbered(discussion_questions(data))
    b.note(t("handout_footer", lang=lang, territories=join_words(list(data.territories), text_lang) or "—"))
    funded_by(b, fields)
    tick("questions")
    return b


def funded_by(b, fields: dict[str, str]) -> None:
    """USDOL's funding statement and disclaimer, which every material the grant pays for carries (the handout is
    handed out to ministry officials), at the foot of the handout unless its template already prints them."""
    from atlas_qual.reports.docx_build import document_text

    if fields.get("disclaimer") and fields["disclaimer"] not in document_text(b.doc):
        b.note(fields["funding"])
        b.note(fields["disclaimer"])


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
