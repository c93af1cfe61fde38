"""The learning-workshop report (Word): date, place, facilitator and agenda; the endorsement decision and its vote;
the course of action the workshop agreed; each recommendation with its vote, priority and who is responsible.

Examples:
    >>> from atlas_qual.reports.model import WorkshopReportData
    >>> data = WorkshopReportData("en", {"session": {"code": "9L66WT", "title": "MAUEP learning workshop",
    ...     "kind": "learning", "dmop": "MAUEP"}, "results": {}, "decisions": [{"kind": "endorsement",
    ...     "outcome": "endorsed", "votes": {"yes": 10, "no": 3, "voters": 13, "rule": "majority"}}]})
    >>> any("10 in favor" in p.text for p in build_learning_report(data).doc.paragraphs)
    True
"""

from __future__ import annotations

import os
from typing import Any, Callable, Mapping

from atlas_qual.i18n import Plural, t, tn
from atlas_qual.reports.model import WorkshopReportData
from atlas_qual.reports.text import as_written, fmt_date, fmt_num, fmt_pct, shorten
from atlas_qual.reports.workshop_report import held_on, kendall_strength, workshop_details

STEPS = ("cover", "summary", "gates", "ranking", "shortlist", "workgroups")  # same count as the results report


def machine_drafted(source: str | None) -> bool:
    """Whether a recommendation's text is still what the tool drafted (quoted from coded interviews or a theme's
    name: ``Recommendation.source`` "codings: ..." / "theme N: ...") and nobody has edited it since.

    Examples:
        >>> machine_drafted("codings: segments 16 (INS-AP-01)"), machine_drafted("codings: segments 16 (edited)")
        (True, False)
        >>> machine_drafted("facilitator")
        False
    """
    text = (source or "").strip()
    return text.startswith(("codings", "theme")) and not text.endswith("(edited)")


def draft_refs(data: WorkshopReportData) -> list[str]:
    """The refs of the recommendations the report prints whose text is still the tool's unreviewed draft."""
    recs = data.data.get("recommendations") or {}
    course = _decision(data, "course_of_action")
    printed = [i.get("ref") for i in ((course or {}).get("votes") or {}).get("items") or []]
    return [ref for ref in printed if (recs.get(ref) or {}).get("draft")]


def drafts_warning(data: WorkshopReportData, lang: str | None = None) -> str:
    """The line the CLI prints on stderr when the report shows drafted recommendations ("" when it shows none)."""
    n = len(draft_refs(data))
    if not n:
        return ""
    return tn("learning_report_drafts_warning", "learning_report_drafts_warning_plural", n, lang=lang or data.lang,
              dmop=data.session.get("dmop") or "")


def _marked(text: str, rec: Mapping[str, Any] | None, lang: str) -> str:
    """A recommendation's text with its marks: an unreviewed draft of the tool, a Spanish original in English (the
    language of the interviews it was quoted from; a text a facilitator typed is read for Spanish words)."""
    rec = rec or {}
    language = rec.get("language") or ("es" if as_written(text, lang) != text else "")
    marks = ([t("report_mark_draft", lang=lang)] if rec.get("draft") else []) + \
        ([t("report_mark_original", lang=lang)] if lang != "es" and language == "es" else [])
    return " ".join([text, *marks])


def shown_ranks(ranks: list[int | None]) -> list[int | None]:
    """Ranks among the rows a table shows (competition ranking: tied rows share a rank, the next one skips), from
    ranks over a longer list; ``ranks`` are in table order.

    Examples:
        >>> shown_ranks([1, 2, 2, 5, 7, 7, 9, None])
        [1, 2, 2, 4, 5, 5, 7, None]
    """
    known = [r for r in ranks if r is not None]
    return [None if r is None else 1 + sum(1 for other in known if other < r) for r in ranks]


def _decision(data: WorkshopReportData, kind: str) -> Mapping[str, Any] | None:
    return next((d for d in data.data.get("decisions") or [] if d.get("kind") == kind), None)


def build_learning_report(data: WorkshopReportData, *, template: str | os.PathLike | None = None,
                          charts: bool = True, progress: Callable[[str], None] | None = None):
    """The report as a :class:`~atlas_qual.reports.docx_build.DocBuilder` (``.save(path)`` writes it)."""
    from atlas_qual.reports.docx_build import DocBuilder

    tick = progress or (lambda step: None)
    lang = data.lang
    session = data.session
    dmop = session.get("dmop") or ""
    endorsement = _decision(data, "endorsement")
    course = _decision(data, "course_of_action")
    items = list(((course or {}).get("votes") or {}).get("items") or [])
    held = held_on(data)  # the cover and Table 1 give the same day
    participants = (data.data.get("participants") or {}).get("total") or \
        ((endorsement or {}).get("votes") or {}).get("voters", 0)
    fields = {
        "report_kind": t("learning_report_kind", lang=lang),
        "title": session.get("title") or session.get("code", ""),  # a name: printed as given, unmarked
        "subtitle": t("learning_report_subtitle", lang=lang, dmop=dmop),
        "scope": t("workshop_report_scope", lang=lang, code=session.get("code", ""),
                   n=Plural("count_participants", participants)),
        "date": fmt_date(held, lang, long=True) if held else fmt_date(data.generated, lang, long=True),
        "organisation": t("report_organisation", lang=lang),
        "short_title": t("learning_report_kind", lang=lang) + f" · {dmop}",
        "footer_text": "ATLAS · USDOL",
        "confidentiality": t("workshop_report_confidentiality" if data.redacted else "report_not_redacted",
                             lang=lang),
    }
    from atlas_qual.reports.front_matter import front_matter, with_draft_status

    fields.update(front_matter(data.data.get("settings") or {}, lang))
    fields["version_line"] = with_draft_status(" · ".join(x for x in (fields["version"], fields["period"]) if x),
                                               len(draft_refs(data)), lang)
    b = DocBuilder("workshop", lang, fields, template)
    tick("cover")
    workshop_details(b, data)
    tick("summary")

    b.heading(t("learning_report_h_endorsement", lang=lang), 1)
    if endorsement:
        votes = endorsement.get("votes") or {}
        yes, no, voters = votes.get("yes", 0), votes.get("no", 0), votes.get("voters", 0)
        outcome = endorsement.get("outcome") or ""
        b.key_figure(t(f"learning_report_outcome_{'endorsed' if outcome == 'endorsed' else 'not_endorsed'}",
                       lang=lang, dmop=dmop))
        b.paragraph(t("learning_report_vote", lang=lang, yes=yes, no=no,
                      voters=Plural("count_participants_who_voted", voters),
                      pct=fmt_pct(yes, voters, lang),
                      rule=t(f"learning_report_rule_{votes.get('rule', 'majority')}", lang=lang)
                      if votes.get("rule") in ("majority", "two_thirds", "consensus") else votes.get("rule", "—"),
                      date=fmt_date(endorsement.get("date"), lang, long=True)))
    else:
        b.paragraph(t("learning_report_no_endorsement", lang=lang, dmop=dmop))
    tick("gates")

    b.heading(t("learning_report_h_course", lang=lang), 1)
    if course and course.get("outcome"):
        b.paragraph(as_written(course["outcome"], lang))
        order = list((course.get("votes") or {}).get("course_of_action") or [])
        by_ref = {i.get("ref"): i for i in items}
        recs = data.data.get("recommendations") or {}
        if order:
            b.paragraph(t("learning_report_course_order", lang=lang))
            texts = {ref: (recs.get(ref) or {}).get("text") or by_ref.get(ref, {}).get("text", "") for ref in order}
            # plain numbered paragraphs: a Word list would continue the agenda's numbering
            for k, ref in enumerate(order, start=1):
                b.paragraph(f"{k}. {ref}: {_marked(shorten(texts[ref], 140), recs.get(ref), lang)}")
    else:
        b.paragraph(t("learning_report_no_course", lang=lang))
    tick("ranking")

    b.heading(t("learning_report_h_recommendations", lang=lang), 1)
    recs = data.data.get("recommendations") or {}
    endorsed = sorted([i for i in items if i.get("endorsed")], key=lambda i: (i.get("rank") or 999, i.get("ref")))
    if endorsed:
        rows = []
        ranks = shown_ranks([i.get("rank") for i in endorsed])  # among the endorsed: no gap for a rejected one
        for i, rank in zip(endorsed, ranks):
            proposals = i.get("proposals") or []
            responsible = (recs.get(i.get("ref")) or {}).get("responsible") or (proposals[0][0] if proposals else "—")
            rows.append((rank or "—", i.get("ref"), _marked(shorten(i.get("text", ""), 220), recs.get(i.get("ref")),
                                                          lang),
                         f"{i.get('yes', 0)}/{i.get('voters', 0)}",
                         # the band and the score in one column: the recommendation's text keeps the width
                         f"{t(_priority(i.get('priority')), lang=lang)} ({fmt_num(i.get('priority'), lang)})"
                         if i.get("priority") is not None else t(_priority(None), lang=lang), responsible))
        b.table([t("workshop_report_col_rank", lang=lang), t("report_col_ref", lang=lang),
                 t("report_col_recommendation", lang=lang), t("learning_report_col_yes", lang=lang),
                 t("report_col_priority", lang=lang), t("report_col_responsible", lang=lang)], rows,
                caption=t("learning_report_cap_recommendations", lang=lang),
                # the narrow columns as narrow as their headers allow: the recommendation's text takes the rest
                widths_cm=(1.3, 1.2, 8.4, 1.5, 2.0, 2.0), numeric=(0, 3))
        b.table_note(t("learning_report_priority_note", lang=lang)
                     + ("" if lang == "es" else " " + t("report_register_spanish", lang=lang)),
                     t("report_ranking_ties_note", lang=lang) + " " + t("learning_report_rank_endorsed_note", lang=lang))
        drafted = len(draft_refs(data))  # every drafted one the report prints, the rejected ones too
        if drafted:
            b.note(tn("learning_report_drafts_note", "learning_report_drafts_note_plural", drafted, lang=lang))
    else:
        b.paragraph(t("learning_report_no_items", lang=lang))
    rejected = [i for i in items if not i.get("endorsed")]
    if rejected:
        b.heading(t("learning_report_h_rejected", lang=lang), 2)
        b.bullets([t("learning_report_rejected_item", lang=lang, ref=i.get("ref"),
                     text=_marked(shorten(i.get("text", ""), 160), recs.get(i.get("ref")), lang),
                     yes=i.get("yes", 0), voters=i.get("voters", 0)) for i in rejected])
    w = ((course or {}).get("votes") or {}).get("kendall_w")
    if w is not None:
        b.paragraph(t("learning_report_kendall", lang=lang, w=fmt_num(w, lang),
                      strength=t(kendall_strength(w), lang=lang)))
    for step in STEPS[3:]:
        tick(step)
    return b


def _priority(score: float | None) -> str:
    """The priority band of a mean score on the 1-5 scale: high >= 4, medium >= 3, low below."""
    if score is None:
        return "learning_report_priority_none"
    return "priority_high" if score >= 4 else "priority_medium" if score >= 3 else "priority_low"


__all__ = ["STEPS", "build_learning_report", "machine_drafted", "draft_refs", "drafts_warning", "shown_ranks"]
