"""The DMOP evaluation report (Word), structured the way a donor reads an evaluation: front matter, acronyms, executive
summary, background and theory of change, purpose, scope and questions, methodology, findings by evaluation question
under the OECD-DAC criteria with their evidence, limitations, conclusions, lessons, recommendations, indicators and
annexes. Judgement (findings, conclusions, recommendations, theme names) is the analysts' (``reports.content``);
whatever the tool drafted is printed with a visible mark.

Examples:
    >>> from atlas_qual.reports.model import DmopReportData
    >>> doc = build_dmop_report(DmopReportData(lang="en", dmop_id="CR", dmop_name="Community Referrals")).doc
    >>> "1. Executive summary" in [p.text for p in doc.paragraphs]
    True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from atlas_qual.i18n import Plural, label, t, tn
from atlas_qual.reports.content import CRITERIA, pick
from atlas_qual.reports.front_matter import analyst_text, coverage_sentence, plain, report_fields, with_draft_status
from atlas_qual.reports.model import DmopReportData, Quote
from atlas_qual.reports.text import (as_written, fmt_date, fmt_indicator, fmt_num, fmt_pct, fmt_share, join_words,
                                     split_items)

Progress = Callable[[str], None]
# the steps a DMOP report takes (the callers' progress bars count them)
STEPS = ("cover", "summary", "background", "methodology", "findings", "limitations", "conclusions",
         "recommendations", "indicators", "annex")
REACH_DMOPS = ("CR",)  # the community-referral campaign is the DMOP whose reach the register tracks
QUOTES_PER_QUESTION = 2

__all__ = ["STEPS", "build_dmop_report", "write_dmop_report", "report_fields", "quote_source", "indicator_rows",
           "print_quote", "draft_counts", "drafts_warning"]


def quote_source(q: Quote, lang: str) -> str:
    source = q.source()
    # the theme's name unmarked: the quote beside it already says it is a Spanish original
    return f"{source} · {t('report_theme', lang=lang)}: {q.theme}" if q.theme else source


def original_mark(language: str, lang: str) -> str:
    """" · original en inglés" when a quote is printed in its interview's language and that is not the report's
    language; "" when the reader reads it in their own language.

    Examples:
        >>> original_mark("en", "es"), original_mark("en", "en"), original_mark("es", "en")
        (' · original en inglés', '', ' · Spanish original')
    """
    language = language or "es"
    if language == lang:
        return ""
    name = label("language", language, lang)
    return " · " + t("report_mark_original_in", lang=lang, language=name.lower() if lang == "es" else name)


def print_quote(b, q: Quote, lang: str) -> None:
    """A quote in the report's language: the analyst's English translation in an English report (marked as a
    translation), else the words as said, marked with their language when it is not the report's (an English
    interview in an English report is not marked; a Spanish one is)."""
    if lang == "es" or not (q.translation or "").strip():
        b.quote(q.text, quote_source(q, lang) + original_mark(q.language, lang))
    else:
        b.quote(q.translation, quote_source(q, lang) + f" · {t('report_mark_translated_quote', lang=lang)}")


def draft_counts(data: DmopReportData) -> dict[str, int]:
    """How many of the texts the report prints are unreviewed drafts the tool wrote, by kind (``findings``,
    ``recommendations``, ``conclusions``, ``lessons``); an empty draft prints nothing and is not counted."""
    lang = data.lang
    fields = {"questions": ("findings", "finding"), "recommendations": ("recommendations", "text"),
              "conclusions": ("conclusions", "text"), "lessons": ("lessons", "text")}
    counts = {}
    for key, (kind, field) in fields.items():
        counts[kind] = sum(1 for x in data.content.get(key) or [] if x.get("draft") and pick(x.get(field), lang)[0])
    return counts


def drafts_warning(data: DmopReportData, lang: str | None = None) -> str:
    """The one line the CLI prints when the report shows drafts ("" when it shows none)."""
    lang = lang or data.lang
    counts = draft_counts(data)
    total = sum(counts.values())
    if not total:
        return ""
    what = join_words([tn(f"report_n_draft_{k}", f"report_n_draft_{k}_plural", n, lang=lang)
                       for k, n in counts.items() if n], lang)
    return tn("report_drafts_warning", "report_drafts_warning_plural", total, lang=lang, what=what,
              dmop=data.dmop_id)


class _Quotes:
    """Hands out each quote once in the whole report, most relevant first."""

    def __init__(self, data: DmopReportData) -> None:
        self.data = data
        self.used: set[int] = set()

    def take(self, keys, chosen=(), limit: int = QUOTES_PER_QUESTION) -> list[Quote]:
        out: list[Quote] = []
        pool = [self.data.chosen_quotes[s] for s in chosen if s in self.data.chosen_quotes]
        if not chosen:
            for key in keys:
                if key == "coordination":
                    pool += list(self.data.coordination_quotes)
                else:
                    section = self.data.section(key)
                    pool += list(section.candidates or section.quotes) if section else []
        for q in pool:
            sid = q.segment_id if q.segment_id is not None else id(q)
            if sid in self.used:
                continue
            self.used.add(sid)
            out.append(q)
            if len(out) >= limit:
                break
        return out


def _coverage(data: DmopReportData) -> str:
    return coverage_sentence(data.coded, len(data.interviews), data.lang)


def _acronyms(b, data: DmopReportData) -> None:
    lang = data.lang
    rows = [("DMOP", t("report_acr_dmop", lang=lang)), ("DMOP-C", t("report_acr_dmopc", lang=lang)),
            ("ILAB", t("report_acr_ilab", lang=lang)), ("OECD-DAC" if lang == "en" else "OCDE-CAD",
                                                        t("report_acr_dac", lang=lang)),
            (t("report_acr_cltip", lang=lang).split(" — ")[0], t("report_acr_cltip", lang=lang).split(" — ")[1]),
            ("USDOL", t("report_acr_usdol", lang=lang))] + list(data.acronyms)
    b.heading(t("report_h_acronyms", lang=lang), 1, numbered=False)
    b.table([t("report_col_acronym", lang=lang), t("report_col_meaning", lang=lang)], sorted(set(rows)),
            caption=t("report_cap_acronyms", lang=lang), widths_cm=(3.2, 12.8), bold_first=True)


def _questions(data: DmopReportData):
    return list(data.content.get("questions") or [])


def _executive_summary(b, data: DmopReportData) -> None:
    lang = data.lang
    first, last = data.dates
    b.heading(t("report_h_summary", lang=lang), 1)
    b.paragraph(t("report_summary_intro2", lang=lang, dmop=data.dmop_id, name=data.dmop_name,
                  coverage=_coverage(data),  # the institutions and territories of the interviews analysed
                  institutions=Plural("count_institutions",
                                      len({i.institution for i in data.interviews if i.institution and i.coded})),
                  territories=Plural("count_territories",
                                     len({i.territory for i in data.interviews if i.territory and i.coded})),
                  first=fmt_date(first, lang, month=True), last=fmt_date(last, lang, month=True)))
    if data.incomplete:
        b.key_figure(t("report_incomplete_warning", lang=lang, coverage=_coverage(data),
                       threshold=fmt_share(data.min_coverage, lang, 0)))
    b.heading(t("report_h_summary_findings", lang=lang), 2)
    # a donor reads this page alone: only what an analyst wrote or confirmed is a finding here; the tool's drafts
    # stay in the findings chapter, marked
    questions = [q for q in _questions(data) if pick(q["finding"], lang)[0]]
    reviewed = [q for q in questions if not q["draft"]]
    for q in reviewed:
        b.bullets([f"{t('criterion_' + q['criterion'], lang=lang)} ({q['id']}): {plain(q['finding'], lang)}"])
    drafts = len(questions) - len(reviewed)
    if not reviewed:
        b.note(t("report_summary_no_reviewed_findings", lang=lang))
    elif drafts:
        b.note(tn("report_summary_drafts_left", "report_summary_drafts_left_plural", drafts, lang=lang))
    recs = [r for r in data.content.get("recommendations") or [] if r["priority"] == "high" and not r["draft"]]
    if recs:
        b.heading(t("report_h_summary_recommendations", lang=lang), 2)
        b.bullets([f"{r['id']}: {plain(r['text'], lang)}" for r in recs])
    ind1 = next((i for i in data.indicators if i.number == 1), None)
    if ind1 is not None and ind1.value is not None:
        from atlas_qual.reports.dmop_parts import indicator1_headline

        b.paragraph(indicator1_headline(ind1, lang))
    if not data.interviews:
        b.note(t("report_no_interviews", lang=lang, dmop=data.dmop_id))


def _background(b, data: DmopReportData) -> None:
    lang = data.lang
    content = data.content
    b.heading(t("report_h_background", lang=lang), 1)
    analyst_text(b, content.get("background") or {}, lang, False)
    if data.dmop_aim:
        b.paragraph(data.dmop_aim, bold_prefix=t("report_aim", lang=lang) + ": ")
    b.paragraph(t("report_background_phase", lang=lang, phase=t(f"phase_{data.dmop_phase}", lang=lang)))
    b.heading(t("report_h_theory", lang=lang), 2)
    analyst_text(b, content.get("theory_of_change") or {}, lang, False, empty_key="report_theory_missing")
    b.heading(t("report_h_purpose", lang=lang), 1)
    purpose, _ = pick(content.get("purpose"), lang)
    if purpose:
        analyst_text(b, content["purpose"], lang, False)
    else:
        b.paragraph(t("report_purpose_default", lang=lang, dmop=data.dmop_id))
    scope, _ = pick(content.get("scope"), lang)
    first, last = data.dates
    if scope:
        analyst_text(b, content["scope"], lang, False)
    else:
        b.paragraph(t("report_scope_default", lang=lang, territories=join_words(list(data.territories), lang) or "—",
                      first=fmt_date(first, lang, month=True), last=fmt_date(last, lang, month=True)))
    b.heading(t("report_h_questions", lang=lang), 2)
    rows = [(q["id"], t(f"criterion_{q['criterion']}", lang=lang), plain(q["question"], lang))
            for q in _questions(data)]
    if rows:
        b.table([t("report_col_ref", lang=lang), t("report_col_criterion", lang=lang),
                 t("report_col_question", lang=lang)], rows, caption=t("report_cap_questions", lang=lang),
                widths_cm=(1.6, 3.4, 11))


def _methodology(b, data: DmopReportData, draw: bool) -> None:
    from atlas_qual.reports.dmop_parts import coverage_section, sample_table, themes_subsection

    lang = data.lang
    b.heading(t("report_h_methodology", lang=lang), 1)
    b.heading(t("report_h_sample", lang=lang), 2)
    # "presencial: 4": "(presencial (4), ...)" nested one bracket in another
    modes = join_words([f"{t('report_mode_' + (m if m != '—' else 'unknown'), lang=lang)}: {n}"
                        for m, n in data.counts("mode")], lang)
    b.paragraph(tn("report_method_sample2", "report_method_sample2_plural", len(data.interviews), lang=lang,
                   coverage=_coverage(data), modes=modes or t("report_mode_unknown", lang=lang),
                   institutions=Plural("count_institutions",
                                       len({i.institution for i in data.interviews if i.institution})),
                   territories=Plural("count_territories", len({i.territory for i in data.interviews if i.territory}))))
    b.paragraph(t("report_method_rationale", lang=lang))
    sample_table(b, data)
    b.heading(t("report_h_ethics", lang=lang), 2)
    b.paragraph(t("report_method_ethics", lang=lang))
    b.paragraph(t("report_method_redaction" if data.redacted else "report_not_redacted", lang=lang))
    b.heading(t("report_h_coding", lang=lang), 2)
    b.paragraph(t("report_method_coding2", lang=lang, codes=Plural("count_distinct_codes", data.codes_used),
                  codings=Plural("count_codings", data.codings), coders=Plural("count_coder_people", data.coders),
                  coverage=_coverage(data)))
    agreement = data.agreement or {}
    if agreement.get("units") and agreement.get("krippendorff_alpha") is not None:
        kappa = agreement.get("cohen_kappa")
        b.paragraph(t("report_method_agreement_units", lang=lang, units=Plural("count_segments", agreement["units"]),
                      percent=fmt_share(agreement.get("percent_agreement"), lang),
                      alpha=fmt_num(agreement["krippendorff_alpha"], lang),
                      kappa=fmt_num(kappa, lang) if kappa is not None else "—"))
    else:
        b.paragraph(t("report_method_no_agreement", lang=lang))
    themes_subsection(b, data)
    b.heading(t("report_h_coverage", lang=lang), 2)
    coverage_section(b, data, draw)  # by territory, small territories merged as in the sample table
    b.heading(t("report_h_survey", lang=lang), 2)
    invited = (data.settings.get(f"survey.{data.dmop_id}.invited") or "").strip()
    if data.survey_respondents:
        rate = fmt_pct(data.survey_respondents, int(invited), lang) if invited.isdigit() and int(invited) else None
        b.paragraph(t("report_method_survey", lang=lang, n=Plural("count_responses", data.survey_respondents),
                      total=data.survey_total)
                    + " " + (t("report_survey_rate", lang=lang, invited=invited, rate=rate) if rate
                             else t("report_survey_rate_unknown", lang=lang, dmop=data.dmop_id)))
    else:
        b.paragraph(t("report_method_no_survey", lang=lang))


def _findings(b, data: DmopReportData, quotes: _Quotes, draw: bool) -> None:
    from atlas_qual.reports.dmop_parts import coordination_evidence, reach_evidence, register_evidence

    lang = data.lang
    b.heading(t("report_h_findings", lang=lang), 1)
    b.paragraph(t("report_findings_intro", lang=lang, coverage=_coverage(data)))
    questions = _questions(data)
    for criterion in CRITERIA:
        mine = [q for q in questions if q["criterion"] == criterion]
        if not mine:
            continue
        b.heading(t(f"criterion_{criterion}", lang=lang), 2)
        for q in mine:
            b.heading(f"{q['id']}. {plain(q['question'], lang)}", 3)
            prefix = t("report_finding_draft", lang=lang) + " " if q["draft"] else t("report_finding", lang=lang) + ": "
            analyst_text(b, q["finding"], lang, q["draft"], bold_prefix=prefix, empty_key="report_finding_missing")
            evidence = []
            for key in q["evidence"]:
                if key == "coordination":
                    spoke, _counts = data.coordination_counts()
                    if spoke:
                        evidence.append(tn("report_evidence_coordination_n", "report_evidence_coordination_n_plural",
                                           spoke, lang=lang))
                    continue
                section = data.section(key)
                if section is not None and section.segments:
                    evidence.append(t("report_evidence_section2", lang=lang,
                                      section=t(f"report_section_{key}", lang=lang),
                                      segments=Plural("count_segments", section.segments),
                                      of=tn("report_k_of_n_coded", "report_k_of_n_coded_plural", data.coded,
                                            lang=lang, k=fmt_num(section.interviews, lang, 0))))
            if evidence:
                b.paragraph(join_words(evidence, lang) + ".", bold_prefix=t("report_evidence", lang=lang) + ": ")
            for quote in quotes.take(q["evidence"], q.get("quotes") or ()):
                print_quote(b, quote, lang)
        if criterion == "effectiveness":
            coordination_evidence(b, data, draw)
            if data.dmop_id in REACH_DMOPS:
                reach_evidence(b, data)
        if criterion == "coherence":
            register_evidence(b, data)


def _limitations(b, data: DmopReportData) -> None:
    lang = data.lang
    b.heading(t("report_h_limitations", lang=lang), 1)
    items = [tn("report_limit_coverage2", "report_limit_coverage2_plural", len(data.interviews) - data.coded,
                lang=lang, coverage=_coverage(data))]
    if data.incomplete:
        items.insert(0, t("report_incomplete_warning", lang=lang, coverage=_coverage(data),
                          threshold=fmt_share(data.min_coverage, lang, 0)))
    if not (data.agreement or {}).get("units"):
        items.append(t("report_limit_agreement", lang=lang))
    items += [t("report_limit_sample", lang=lang), t("report_limit_self_report", lang=lang),
              t("report_limit_identification", lang=lang)]
    if not data.survey_respondents:
        items.append(t("report_limit_no_survey", lang=lang))
    drafts = sum(draft_counts(data).values())  # only the drafts the report prints
    if drafts:
        items.append(tn("report_limit_drafts2", "report_limit_drafts2_plural", drafts, lang=lang))
    b.bullets(items)


def _conclusions(b, data: DmopReportData) -> None:
    lang = data.lang
    b.heading(t("report_h_conclusions", lang=lang), 1)
    items = data.content.get("conclusions") or []
    if not items:
        b.note(t("report_conclusions_missing", lang=lang))
    for c in items:
        analyst_text(b, c["text"], lang, c["draft"], style="List Number")
    b.heading(t("report_h_lessons", lang=lang), 1)
    lessons = data.content.get("lessons") or []
    for kind in ("lesson", "practice"):
        mine = [x for x in lessons if x["kind"] == kind]
        if mine:
            b.heading(t(f"report_h_lessons_{kind}", lang=lang), 2)
            for x in mine:
                analyst_text(b, x["text"], lang, x["draft"], style="List Bullet")
    solutions = _unique([item for m in data.meetings for item in split_items(m.solutions)])
    if solutions:
        b.heading(t("report_h_registered_solutions", lang=lang), 2)
        b.paragraph(t("report_registered_solutions_intro", lang=lang)
                    + ("" if lang == "es" else " " + t("report_register_spanish", lang=lang)))
        b.bullets([as_written(s, lang) for s in solutions])  # as the challenges recorded at the meetings
    if not lessons and not solutions:
        b.note(t("report_lessons_missing", lang=lang))


def _unique(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


def _recommendations(b, data: DmopReportData) -> None:
    lang = data.lang
    b.heading(t("report_h_recommendations", lang=lang), 1)
    recs = data.content.get("recommendations") or []
    if not recs:
        b.note(t("report_recommendations_missing", lang=lang))
        return
    b.paragraph(t("report_recommendations_intro", lang=lang))
    order = {p: k for k, p in enumerate(("high", "medium", "low"))}
    # who and by when share a column (one line each): as two columns beside "Priority" and "Finding", whose header
    # words need their width, they left the recommendation itself 4.6 cm and rows twenty lines tall
    rows = [(r["id"], plain(r["text"], lang, r["draft"]),
             "\n".join(x for x in (r["responsible"], plain(r["timeline"], lang)) if x) or "—",
             t(f"priority_{r['priority']}", lang=lang), r["finding"] or "—")
            for r in sorted(recs, key=lambda r: (order[r["priority"]], r["id"]))]
    b.table([t("report_col_ref", lang=lang), t("report_col_recommendation", lang=lang),
             t("report_col_responsible_timeline", lang=lang), t("report_col_priority", lang=lang),
             t("report_col_finding", lang=lang)], rows,
            caption=t("report_cap_recommendations", lang=lang), widths_cm=(1.3, 8.0, 3.4, 2.2, 1.5))


def indicator_rows(data_indicators, lang: str) -> list[tuple]:
    from atlas_qual.reports.docx_build import Rich

    return [(str(i.number), Rich((i.title(lang), True), ("\n" + i.definition(lang), False)), fmt_indicator(i, lang),
             f"{i.numerator} — {i.numerator_text(lang)}",
             f"{i.denominator if i.denominator is not None else ''} {i.denominator_text(lang)}".strip())
            for i in data_indicators]


def build_dmop_report(data: DmopReportData, *, template: str | os.PathLike | None = None, charts: bool = True,
                      progress: Progress | None = None):
    """The report as a :class:`~atlas_qual.reports.docx_build.DocBuilder` (``.save(path)`` writes it).

    ``progress`` is called with the name of each step of :data:`STEPS` as it is done.
    """
    from atlas_qual.reports.dmop_parts import annexes, indicators_section
    from atlas_qual.reports.docx_build import DocBuilder

    tick = progress or (lambda step: None)
    fields = report_fields(data, "report_kind_dmop")
    fields["version_line"] = with_draft_status(fields["version_line"], sum(draft_counts(data).values()), data.lang)
    b = DocBuilder("dmop", data.lang, fields, template)
    tick("cover")
    _acronyms(b, data)
    _executive_summary(b, data)
    tick("summary")
    _background(b, data)
    tick("background")
    _methodology(b, data, charts)
    tick("methodology")
    _findings(b, data, _Quotes(data), charts)
    tick("findings")
    _limitations(b, data)
    tick("limitations")
    _conclusions(b, data)
    tick("conclusions")
    _recommendations(b, data)
    tick("recommendations")
    indicators_section(b, data, charts)
    tick("indicators")
    annexes(b, data)
    tick("annex")
    return b


def write_dmop_report(data: DmopReportData, path: str | os.PathLike, **kw) -> Path:
    """Build and save the DMOP evaluation report; returns the path written."""
    return build_dmop_report(data, **kw).save(path)

