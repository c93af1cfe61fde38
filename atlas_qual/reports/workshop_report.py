"""The workshop results report (Word): criteria, the gate table with premise- and conclusion-based outcomes, the
ranking with its chart and tie-breaks, the shortlist with the DMOP-C for each gap, and the workgroups.

Examples:
    >>> from atlas_qual.reports.model import WorkshopReportData
    >>> data = WorkshopReportData("en", {"session": {"code": "AB3K9Z", "title": "Gap workshop", "kind": "gaps"},
    ...                                  "results": {"gaps": [], "participants": 0}})
    >>> "4. Gate round" in [p.text for p in build_workshop_report(data).doc.paragraphs]
    True
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any, Callable, Mapping

from atlas_qual.i18n import Plural, t
from atlas_qual.reports.model import WorkshopReportData
from atlas_qual.reports.text import as_written, fmt_date, fmt_num, fmt_share, join_words, shorten
from atlas_qual.workshop.config import rule_text

STEPS = ("cover", "summary", "gates", "ranking", "shortlist", "workgroups")


def kendall_strength(w: float | None) -> str:
    """The usual reading of Kendall's W: very weak < 0.1 <= weak < 0.3 <= moderate < 0.5 <= strong < 0.7 <= very
    strong (a key of the translation table).

    Examples:
        >>> kendall_strength(0.38)
        'workshop_report_w_moderate'
    """
    if w is None:
        return "workshop_report_w_none"
    for limit, name in ((0.1, "very_weak"), (0.3, "weak"), (0.5, "moderate"), (0.7, "strong")):
        if w < limit:
            return f"workshop_report_w_{name}"
    return "workshop_report_w_very_strong"


def _pct(share: float | None, lang: str) -> str:
    return fmt_share(share, lang, 0)


def _yes_no(value: Any, lang: str) -> str:
    return t("workshop_report_yes" if value else "workshop_report_no", lang=lang)


def _created(session: Mapping[str, Any]) -> dt.date | None:
    text = session.get("created_at") or ""
    try:
        return dt.datetime.fromisoformat(text).date() if text else None
    except ValueError:
        return None


def held_on(data: WorkshopReportData) -> dt.date | str | None:
    """The day the workshop was held, the one date its cover and its details table both give: the date a
    facilitator recorded (``report details --date``), else the day its decisions were voted (a learning workshop's
    endorsement), else None (not recorded).

    Examples:
        >>> held_on(WorkshopReportData("es", {"session": {}, "decisions": [{"kind": "endorsement",
        ...                                   "date": "2025-06-20"}]}))
        '2025-06-20'
    """
    details = data.data.get("details") or {}
    if details.get("held_on"):
        return details["held_on"]
    decisions = sorted(data.data.get("decisions") or [], key=lambda d: d.get("kind") != "endorsement")
    return next((d["date"] for d in decisions if d.get("date")), None)


def workshop_details(b, data: WorkshopReportData) -> None:
    """Date, place, facilitator, participants and agenda: the first thing a workshop report states."""
    lang = data.lang
    details = data.data.get("details") or {}
    participants = (data.data.get("participants") or {}).get("total") or data.results.get("participants", 0)
    b.heading(t("workshop_report_h_details", lang=lang), 1)
    missing = t("workshop_report_not_recorded", lang=lang)
    held = held_on(data)
    rows = [(t("report_col_date", lang=lang), fmt_date(held, lang, long=True) if held else missing),
            # typed by the facilitator: as written, marked in an English report when Spanish
            (t("workshop_report_place", lang=lang), as_written(details.get("place") or "", lang) or missing),
            (t("workshop_report_facilitator", lang=lang),
             as_written(details.get("facilitator") or "", lang) or missing),
            (t("workshop_report_participants", lang=lang), str(participants))]
    b.table([t("workshop_report_col_detail", lang=lang), t("report_col_value", lang=lang)], rows,
            caption=t("workshop_report_cap_details", lang=lang), widths_cm=(4.5, 11.5), bold_first=True)
    agenda = [line.strip(" -•*\t") for line in (details.get("agenda") or "").splitlines() if line.strip(" -•*\t")]
    if agenda:
        b.heading(t("workshop_report_h_agenda", lang=lang), 2)
        b.numbered([as_written(line, lang) for line in agenda])  # typed by the facilitator, as written


def build_workshop_report(data: WorkshopReportData, *, template: str | os.PathLike | None = None,
                          charts: bool = True, progress: Callable[[str], None] | None = None):
    """The report as a :class:`~atlas_qual.reports.docx_build.DocBuilder` (``.save(path)`` writes it)."""
    from atlas_qual.reports.docx_build import DocBuilder

    tick = progress or (lambda step: None)
    lang = data.lang
    session, res = data.session, data.results
    kind = session.get("kind") or "gaps"
    item_word = t(f"workshop_report_item_{'gap' if kind == 'gaps' else 'recommendation'}", lang=lang)
    gaps = list(res.get("gaps") or [])
    participants = data.data.get("participants") or {}
    fields = {
        "report_kind": t("workshop_report_kind", lang=lang),
        "title": session.get("title") or session.get("code", ""),
        "subtitle": t(f"workshop_report_subtitle_{'gaps' if kind == 'gaps' else 'learning'}", lang=lang),
        "scope": t("workshop_report_scope", lang=lang, code=session.get("code", ""),
                   n=Plural("count_participants", res.get("participants", participants.get("total", 0)))),
        "date": fmt_date(_created(session) or data.generated, lang, long=True),
        "organisation": t("report_organisation", lang=lang),
        "short_title": t("workshop_report_kind", lang=lang) + f" · {session.get('code', '')}",
        "footer_text": "ATLAS · USDOL",
        "confidentiality": t("workshop_report_confidentiality" if data.redacted else "report_not_redacted",
                             lang=lang),
    }
    from atlas_qual.reports.front_matter import front_matter

    fields.update(front_matter(data.data.get("settings") or {}, lang))
    fields["version_line"] = " · ".join(x for x in (fields["version"], fields["period"]) if x)
    held = held_on(data)
    if held:
        fields["date"] = fmt_date(held, lang, long=True)
    b = DocBuilder("workshop", lang, fields, template)
    tick("cover")
    workshop_details(b, data)

    # summary
    qualifying = [g for g in gaps if g.get("qualifies")]
    differs = [g for g in gaps if g.get("differs")]
    w = res.get("kendall_w")
    b.heading(t("workshop_report_h_summary", lang=lang), 1)
    procedure = res.get("procedure") or session.get("procedure") or "premise"
    gate_voted = any(v is not None for g in gaps for v in (g.get("yes_share") or {}).values())
    if not res.get("participants") and not gate_voted:  # "0 participants voted... 0 qualified" reads as a verdict
        b.paragraph(t("workshop_report_summary_no_votes", lang=lang,
                      items=Plural("count_gaps" if kind == "gaps" else "count_recommendations", len(gaps))))
    else:
        b.paragraph(t("workshop_report_summary", lang=lang,
                      n=Plural("count_participants_voted", res.get("participants", 0)),
                      items=Plural("count_gaps" if kind == "gaps" else "count_recommendations", len(gaps)),
                      qualifying=Plural("count_items_qualified", len(qualifying),
                                        rule=rule_text(res.get("rule") or session.get("rule", ""), lang),
                                              procedure=t(f"workshop_report_procedure_{procedure}", lang=lang))))
    bullets = []
    if participants.get("paper"):
        bullets.append(t("workshop_report_paper", lang=lang,
                         n=Plural("count_participants_on_paper", participants["paper"])))
    if differs:
        bullets.append(t("workshop_report_differs", lang=lang, n=len(differs),
                         items=join_words([g["id"] for g in differs], lang)))
    if w is not None:
        bullets.append(t("workshop_report_kendall", lang=lang, w=fmt_num(w, lang),
                         m=Plural("count_participants_scored_all_items", res.get("kendall_m", 0)),
                         strength=t(kendall_strength(w), lang=lang)))
    shortlist = list(data.data.get("shortlist") or [])
    if shortlist:
        bullets.append(t("workshop_report_shortlist_summary", lang=lang, n=len(shortlist),
                         items=join_words([f"{e['item']} ({e.get('dmop') or e.get('new_dmop_name') or '—'})"
                                           for e in shortlist], lang)))
    if res.get("unresolved_ties"):
        bullets.append(t("workshop_report_unresolved", lang=lang,
                         groups="; ".join(" = ".join(g) for g in res["unresolved_ties"])))
    b.bullets(bullets)
    rounds = data.data.get("rounds") or []
    if rounds:
        b.table([t("workshop_report_col_round", lang=lang), t("workshop_report_col_kind", lang=lang),
                 t("report_col_status", lang=lang), t("workshop_report_col_voters", lang=lang),
                 t("workshop_report_col_votes", lang=lang)],
                [(r.get("number"), t(f"workshop_report_round_{r.get('kind')}", lang=lang),
                  t(f"workshop_report_state_{r.get('status')}", lang=lang), r.get("voters", ""), r.get("votes", ""))
                 for r in rounds],
                caption=t("workshop_report_cap_rounds", lang=lang), widths_cm=(2, 4.5, 3.5, 3, 3), numeric=(3, 4))
    tick("summary")

    # criteria and the gate table
    b.heading(t("workshop_report_h_criteria", lang=lang), 1)
    gate_labels = [(g.get("key"), g.get("label", "")) for g in (data.data.get("gates") or res.get("gates") or [])]
    if gate_labels:
        b.table([t("workshop_report_col_criterion", lang=lang), t("workshop_report_col_question", lang=lang)],
                gate_labels, caption=t("workshop_report_cap_gates", lang=lang), widths_cm=(2, 14))
        b.paragraph(t("workshop_report_rule", lang=lang,
                      rule=rule_text(res.get("rule") or session.get("rule", ""), lang)))  # "(C1 o C2) y C3"
    criteria = data.data.get("criteria") or res.get("criteria") or []
    if criteria:
        b.table([t("workshop_report_col_criterion", lang=lang), t("workshop_report_col_weight", lang=lang),
                 t("workshop_report_col_scale", lang=lang)],
                [(c.get("label", c.get("id")), fmt_num(c.get("weight"), lang), f"{c.get('min', 1):g}–{c.get('max', 5):g}")
                 for c in criteria], caption=t("workshop_report_cap_criteria", lang=lang), widths_cm=(9, 3.5, 3.5),
                numeric=(1,))
    b.heading(t("workshop_report_h_gates", lang=lang), 1)
    b.paragraph(t("workshop_report_gates_intro", lang=lang))
    keys = [k for k, _ in gate_labels] or sorted({k for g in gaps for k in (g.get("yes_share") or {})})
    if gaps:
        # the titles once, in full, so the results table below holds only ids and short answers on one line each
        b.table([item_word, t("workshop_report_col_title", lang=lang)],
                [(g["id"], g.get("title", "")) for g in gaps],
                caption=t(f"workshop_report_cap_voted_{'gaps' if kind == 'gaps' else 'recommendations'}", lang=lang),
                widths_cm=(2.0, 14.0))
    rows = []
    for g in gaps:
        shares = g.get("yes_share") or {}
        if not any(v is not None for v in shares.values()):  # nobody answered its gate questions: no outcome yet
            rows.append((g["id"], *("—" for _ in keys), "—", "—", "", "—"))
            continue
        rows.append((g["id"], *(_pct(shares.get(k), lang) for k in keys),
                     _yes_no(g.get("premise_based"), lang), _yes_no(g.get("conclusion_based"), lang),
                     "⚠ " + t("workshop_report_yes", lang=lang) if g.get("differs") else "",
                     _yes_no(g.get("qualifies"), lang)))
    if gaps and not gate_voted:
        # a table of "no" under "Qualifies" for every gap would read as the workshop's verdict
        rows = []
        b.paragraph(t("workshop_report_no_gate_votes", lang=lang))
    if rows:
        yes = t("workshop_report_yes", lang=lang)
        gate_heads = [f"{k} {yes}" if re.fullmatch(r"C\d+", str(k)) else (f"% {yes}" if len(keys) == 1 else
                                                                         f"{k}: % {yes}") for k in keys]
        share_w = 1.6
        outcome_w = max((16.2 - 1.6 - share_w * len(keys)) / 4, 2.0)  # whole header words: "Conclusión"
        b.table([item_word, *gate_heads,
                 t("workshop_report_col_premise", lang=lang), t("workshop_report_col_conclusion", lang=lang),
                 t("workshop_report_col_differs", lang=lang), t("workshop_report_col_qualifies", lang=lang)],
                rows, caption=t("workshop_report_cap_gate_table", lang=lang),
                widths_cm=(1.6, *([share_w] * len(keys)), *([outcome_w] * 4)),
                numeric=tuple(range(1, len(keys) + 1)))
    if differs:
        b.table_note(t("workshop_report_differs_note", lang=lang,
                       procedure=t(f"workshop_report_procedure_{procedure}", lang=lang)))
    tick("gates")

    # ranking
    b.heading(t("workshop_report_h_ranking", lang=lang), 1)
    ranked = sorted((g for g in gaps if g.get("rank") is not None), key=lambda g: (g["rank"], g["id"]))
    if ranked:
        scale = (min((c.get("min", 1) for c in criteria), default=1), max((c.get("max", 5) for c in criteria),
                                                                         default=5))
        listed = {e["item"] for e in shortlist}
        if charts:
            from atlas_qual.reports import charts as ch

            b.figure(ch.ranking_chart([f"{g['id']}. {shorten(g.get('title', ''), 48)}" for g in ranked],
                                      [g.get("score") for g in ranked], [g.get("q1") for g in ranked],
                                      [g.get("q3") for g in ranked], scale=scale,
                                      xlabel=t("workshop_report_chart_x", lang=lang),
                                      highlight=[i for i, g in enumerate(ranked) if g["id"] in listed],
                                      lang=lang),
                     t("workshop_report_cap_ranking_chart", lang=lang))
        b.table([t("workshop_report_col_rank", lang=lang), item_word, t("workshop_report_col_score", lang=lang),
                 t("workshop_report_col_median", lang=lang), t("workshop_report_col_iqr", lang=lang), "n"],
                [(g["rank"], f"{g['id']}. {' '.join(g.get('title', '').split())}", fmt_num(g.get("score"), lang),
                  fmt_num(g.get("median"), lang), fmt_num(g.get("iqr"), lang), g.get("n", 0)) for g in ranked],
                caption=t("workshop_report_cap_ranking", lang=lang), widths_cm=(1.4, 9.2, 1.8, 1.6, 1.4, 1),
                numeric=(0, 2, 3, 4, 5))
        b.table_note(t("report_ranking_ties_note", lang=lang))
        change = res.get("change")
        if change:
            items = change.get("items") or {}
            b.paragraph(t("workshop_report_change", lang=lang, a=change.get("from_round"), b=change.get("to_round")))
            b.table([item_word, t("workshop_report_col_delta_score", lang=lang),
                     t("workshop_report_col_delta_iqr", lang=lang), t("workshop_report_col_rank_change", lang=lang)],
                    [(g["id"], fmt_num((items.get(g["id"]) or {}).get("delta_score"), lang),
                      fmt_num((items.get(g["id"]) or {}).get("delta_iqr"), lang),
                      f"{(items.get(g['id']) or {}).get('rank_before') or '—'} → "
                      f"{(items.get(g['id']) or {}).get('rank_after') or '—'}") for g in ranked],
                    caption=t("workshop_report_cap_change", lang=lang), widths_cm=(5, 3.5, 3.5, 4), numeric=(1, 2))
    else:
        b.paragraph(t("workshop_report_no_scores", lang=lang))
    texts = list(res.get("tie_break_text") or [])
    if ranked or texts:  # without scores there is nothing to tie: no section saying "there were no ties"
        b.heading(t("workshop_report_h_ties", lang=lang), 2)
        if texts:
            b.paragraph(t("workshop_report_ties_intro", lang=lang))
            b.bullets(texts)
        else:
            b.paragraph(t("workshop_report_no_ties", lang=lang))
    tick("ranking")

    # shortlist
    b.heading(t("workshop_report_h_shortlist", lang=lang), 1)
    if shortlist:
        # a "Note" column nobody wrote in gives its room to the DMOP-C names
        noted = any((e.get("note") or "").strip() for e in shortlist)
        b.table([t("workshop_report_col_rank", lang=lang), item_word, t("workshop_report_col_score", lang=lang),
                 "DMOP-C", *([t("report_col_note", lang=lang)] if noted else [])],
                [(e.get("rank"), f"{e['item']}. {e.get('title', '')}", fmt_num(e.get("score"), lang),
                  f"{e['dmop']} — {shorten(e.get('dmop_name', ''), 50 if noted else 100)}" if e.get("dmop")
                  else (e.get("new_dmop_name") or "—"),
                  *([e.get("note", "")] if noted else [])) for e in shortlist],
                caption=t("workshop_report_cap_shortlist", lang=lang),
                widths_cm=(1.3, 6.2, 1.7, 4.4, 2.4) if noted else (1.3, 6.2, 1.7, 6.8), numeric=(0, 2))
    else:
        b.paragraph(t("workshop_report_no_shortlist", lang=lang))
    tick("shortlist")

    # workgroups
    b.heading(t("workshop_report_h_workgroups", lang=lang), 1)
    members = list(data.data.get("workgroups") or [])
    if members:
        b.paragraph(t("workshop_report_workgroups_intro", lang=lang))
        by_dmop: dict[str, list] = {}
        for m in members:
            by_dmop.setdefault(m["dmop"], []).append(m)
        for dmop_id, people in by_dmop.items():
            b.heading(f"{dmop_id} — {people[0].get('dmop_name', '')}", 2)
            b.table([t("workshop_report_col_name", lang=lang), t("report_attr_institution", lang=lang),
                     t("report_attr_role", lang=lang)],
                    [(m.get("name", ""), m.get("institution") or "—",
                      t(f"workshop_report_role_{m.get('role')}", lang=lang)
                      if m.get("role") in ("champion", "technical_expert", "atlas_team") else m.get("role", ""))
                     for m in people], caption=t("workshop_report_cap_workgroup", lang=lang, dmop=dmop_id),
                    widths_cm=(6.5, 4.5, 5))
    else:
        b.paragraph(t("workshop_report_no_workgroups", lang=lang))
    by_inst = (participants or {}).get("by_institution") or {}
    if by_inst:
        b.heading(t("workshop_report_h_participants", lang=lang), 2)
        b.table([t("report_attr_institution", lang=lang), t("workshop_report_col_participants", lang=lang)],
                [(inst or t("workshop_report_no_institution", lang=lang), n) for inst, n in by_inst.items()]
                + [(t("report_total", lang=lang), sum(by_inst.values()))],
                caption=t("workshop_report_cap_participants", lang=lang), widths_cm=(10, 4), numeric=(1,))
    tick("workgroups")
    return b


def write_workshop_report(data: WorkshopReportData, path: str | os.PathLike, **kw) -> Path:
    return build_workshop_report(data, **kw).save(path)


__all__ = ["STEPS", "build_workshop_report", "write_workshop_report", "kendall_strength", "held_on", "workshop_details"]
