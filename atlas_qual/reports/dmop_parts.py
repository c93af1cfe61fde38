"""Parts of the DMOP evaluation report that are tables more than prose: the generalised sample, how themes were
derived, the coordination and register evidence, the indicator table (baseline, target, actual, period, sex) and the
annexes (instruments, anonymised interview list, codebook, agreement, phase history).

Examples:
    >>> merge_small([("MTESS", 4), ("PJ", 1), ("PN", 1)], 3, "es")
    [('MTESS', 4), ('Otros (menos de 3 cada uno)', 2)]
"""

from __future__ import annotations

import re

from atlas_qual.i18n import Plural, label, t, tn
from atlas_qual.indicators import COORDINATION_CHANGES
from atlas_qual.reports.front_matter import coverage_sentence
from atlas_qual.reports.model import DmopReportData
from atlas_qual.reports.text import (as_written, fmt_date, fmt_indicator, fmt_month, fmt_num, fmt_pct, fmt_period,
                                     fmt_share, join_words, split_items)

__all__ = ["merge_small", "split_small", "coverage_section", "sample_table", "themes_subsection",
           "coordination_evidence", "coordination_sentence", "register_evidence", "reach_evidence",
           "indicators_section", "annexes", "INDICATOR_MIN_N", "indicator1_headline", "indicator_value"]

# below this many interviews (or survey answers) a percentage says more about one person than about the DMOP:
# "100 %" from one interview is withheld and the counts are given instead
INDICATOR_MIN_N = 3


def _base(ind, lang: str) -> str:
    """"3 entrevistas codificadas que abordaron la coordinación": what indicator 1's denominator counts."""
    kind = "survey" if ind.source == "survey" else "interviews"
    return tn(f"report_ind1_base_{kind}", f"report_ind1_base_{kind}_plural", ind.denominator or 0, lang=lang)


def indicator1_headline(ind, lang: str) -> str:
    """Indicator 1 for the executive summary, always with its n; below :data:`INDICATOR_MIN_N` the counts only.

    Examples:
        >>> from atlas_qual.indicators import Indicator
        >>> indicator1_headline(Indicator(1, 100.0, 1, 1, "percent", "interviews"), "es").split("; ")[1]
        'de ellas, 1 reporta un aumento.'
    """
    if (ind.denominator or 0) < INDICATOR_MIN_N:
        return t("report_summary_indicator1_too_few", lang=lang, base=_base(ind, lang), min=INDICATOR_MIN_N,
                 increase=tn("report_ind1_increase", "report_ind1_increase_plural", ind.numerator, lang=lang))
    return t("report_summary_indicator1_n", lang=lang, value=fmt_indicator(ind, lang), k=fmt_num(ind.numerator, lang, 0),
             base=_base(ind, lang))


def indicator_value(ind, lang: str) -> str:
    """An indicator's value for the table: indicator 1 (a percentage of people) with its n, withheld below
    :data:`INDICATOR_MIN_N`; the others (counts of DMOPs) as they are."""
    if ind.number != 1 or ind.value is None:
        return fmt_indicator(ind, lang)
    n = ind.denominator or 0
    if n < INDICATOR_MIN_N:
        return t("report_indicator_too_few", lang=lang, n=fmt_num(n, lang, 0), min=INDICATOR_MIN_N)
    return t("report_indicator_with_n", lang=lang, value=fmt_indicator(ind, lang), n=fmt_num(n, lang, 0))


def _small(data: DmopReportData) -> int:
    try:
        return max(1, int(data.settings.get("report.small_cell", "3")))
    except ValueError:
        return 3


def merge_small(counts: list[tuple[str, int]], k: int, lang: str) -> list[tuple[str, int]]:
    """Counts with every cell under ``k`` merged into one "others" row, so no row points at one or two people."""
    big = [(name, n) for name, n in counts if n >= k]
    rest = sum(n for _name, n in counts if n < k)
    return big + ([(t("report_others_small", lang=lang, k=k), rest)] if rest else [])


def small_cells_merged(rows: list[tuple[str, dict[str, int]]], k: int, lang: str
                       ) -> tuple[list[tuple[str, dict[str, int]]], bool]:
    """Territory rows of the coordination chart with every territory of fewer than ``k`` interviews (the report's
    ``report.small_cell``) merged into one "Others" row, left out when even together they are fewer than ``k``; and
    whether any territory was merged or left out.

    Examples:
        >>> small_cells_merged([("A", {"increase": 3}), ("B", {"increase": 1}), ("C", {"no_change": 1})], 3, "en")
        ([('A', {'increase': 3})], True)
    """
    big = [(name, c) for name, c in rows if sum(c.values()) >= k]
    small = [(name, c) for name, c in rows if sum(c.values()) < k]
    if not small:
        return rows, False
    merged = {x: sum(c.get(x, 0) for _name, c in small) for x in COORDINATION_CHANGES}
    if sum(merged.values()) >= k:
        big.append((t("report_others_small", lang=lang, k=k), merged))
    return big, True


def split_small(sizes: list[tuple[str, int]], k: int) -> tuple[list[str], list[str], int]:
    """(names of ``k`` or more, in order; names of fewer than ``k`` but more than none; how many those have together):
    the one small-cell rule of every table and chart by territory.

    Examples:
        >>> split_small([("A", 4), ("B", 1), ("C", 0), ("D", 2)], 3)
        (['A'], ['B', 'D'], 3)
    """
    big = [name for name, n in sizes if n >= k]
    small = [name for name, n in sizes if 0 < n < k]
    return big, small, sum(n for name, n in sizes if name in small)


def coverage_section(b, data: DmopReportData, draw: bool) -> None:
    """Interviews held and coded by territory, and the heat map of codes by territory. As the sample table, the
    coverage table merges the territories with fewer than ``report.small_cell`` interviews into one "Others" row (its
    counts summed, so the rows add up to the total); the heat map, whose cells say what the interviews of a territory
    were coded with, sums the segments of the territories with fewer than that many coded interviews into an "Others"
    column, left out when even together they are fewer, as the coordination chart does."""
    lang = data.lang
    k = _small(data)
    others = t("report_others_small", lang=lang, k=k)
    by_terr: dict[str, list[int]] = {}
    for i in data.interviews:
        cell = by_terr.setdefault(i.territory or t("report_territory_unknown", lang=lang), [0, 0])
        cell[0] += 1
        cell[1] += int(i.coded)
    big, small, _ = split_small([(name, n) for name, (n, _c) in by_terr.items()], k)
    rows = [(name, *by_terr[name]) for name in big]
    if small:
        rows.append((others, sum(by_terr[name][0] for name in small), sum(by_terr[name][1] for name in small)))
    b.paragraph(t("report_coverage_intro", lang=lang, coverage=coverage_sentence(data.coded, len(data.interviews),
                                                                                 lang)))
    b.table([t("report_attr_territory", lang=lang), t("report_col_interviews", lang=lang),
             t("report_col_coded_n", lang=lang)],
            rows + [(t("report_total", lang=lang), len(data.interviews), data.coded)],
            caption=t("report_cap_coverage", lang=lang), widths_cm=(8, 4, 4), numeric=(1, 2))
    if not (draw and data.codes_by_territory and data.territories):
        return
    coded = [(name, by_terr.get(name, [0, 0])[1]) for name in data.territories]
    big, small, pooled = split_small(coded, k)
    column = {name: j for j, name in enumerate(data.territories)}
    # a finding code's row under the name its section and the themes table give it ("Lo que funciona", not the
    # code's "Fortalezas"); the coordination codes under their own names
    section_names = {s.code.rsplit("/", 1)[-1]: _capital(t(f"report_section_{s.key}", lang=lang))
                     for s in data.sections}
    names = [section_names.get(name, name) for name, _ in data.codes_by_territory]
    # the merged column counts segments, as every other cell and the caption do: the small territories' sum
    matrix = [[row[column[name]] for name in big] + ([sum(row[column[name]] for name in small)] if pooled >= k else [])
              for _, row in data.codes_by_territory]
    columns = big + ([others] if pooled >= k else [])
    if columns:
        from atlas_qual.reports import charts

        b.figure(charts.heatmap(names, columns, matrix, xlabel=t("report_attr_territory", lang=lang),
                                ylabel=t("report_col_code", lang=lang), legend=t("report_col_segments", lang=lang),
                                lang=lang),
                 t("report_cap_codes_territory2", lang=lang),
                 alt=t("report_alt_heatmap", lang=lang, codes=Plural("count_codes", len(names)),
                       territories=Plural("count_territories", len(columns))))
    if small:
        key = "report_heatmap_small_cells_note" if columns else "report_heatmap_withheld"
        b.note(tn(key, key + "_plural", k, lang=lang, k=k))


def sample_table(b, data: DmopReportData) -> None:
    lang = data.lang
    k = _small(data)
    rows = []
    for attribute in ("territory", "group_kind", "mode"):
        if attribute == "group_kind":
            counts = {}
            for i in data.interviews:
                # the type itself: a description generalised to its territory alone has no type in it
                kind = i.kind or t("report_mode_unknown", lang=lang)
                counts[kind] = counts.get(kind, 0) + 1
            values = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            name = t("report_attr_institution_type", lang=lang)
        else:
            unknown = t("report_mode_unknown" if attribute == "mode" else "report_territory_unknown", lang=lang)
            values = [(unknown if v == "—" else t(f"report_mode_{v}", lang=lang) if attribute == "mode" else v, n)
                      for v, n in data.counts(attribute)]
            name = t(f"report_attr_{attribute}", lang=lang)
        for j, (value, n) in enumerate(merge_small(values, k, lang)):
            rows.append((name if j == 0 else "", value, n))
    if rows:
        b.table([t("report_col_attribute", lang=lang), t("report_col_category", lang=lang),
                 t("report_col_interviews", lang=lang)], rows, caption=t("report_cap_profile", lang=lang),
                widths_cm=(3.8, 9.2, 3), numeric=(2,))
        b.table_note(t("report_identification_note", lang=lang, k=Plural("count_interviews", k)))


def themes_subsection(b, data: DmopReportData) -> None:
    lang = data.lang
    b.heading(t("report_h_themes_method", lang=lang), 2)
    b.paragraph(t("report_method_themes", lang=lang))
    rows = []
    for section in data.sections:
        for n, th in enumerate(section.themes, start=1):
            shown = as_written(th.label, lang) if th.confirmed else t("report_theme_unreviewed", lang=lang, n=n)
            rows.append((t(f"report_section_{section.key}", lang=lang).capitalize(), shown, th.size))
    if rows:
        b.table([t("report_col_section", lang=lang), t("report_col_theme", lang=lang),
                 t("report_col_segments", lang=lang)], rows, caption=t("report_cap_themes2", lang=lang),
                widths_cm=(4, 9.5, 2.5), numeric=(2,))
        if any(not th.confirmed for s in data.sections for th in s.themes):
            b.note(t("report_themes_unreviewed_note", lang=lang))
    else:
        b.note(t("report_no_themes2", lang=lang))


def _capital(text: str) -> str:
    """A label as a table row starts it: "Mujeres", not "mujeres" (the catalog's word fits inside a sentence)."""
    return text[:1].upper() + text[1:]


def coordination_sentence(spoke: int, counts, lang: str, number_lang: str | None = None) -> str:
    """How many of the interviews that spoke of coordination saw it increase, not change or decrease, each count
    agreeing with its verb ("1 reporta", "2 reportan"); the percentage in ``number_lang`` (default ``lang``)."""
    said = [tn("report_coordination_increase_n", "report_coordination_increase_n_plural", counts["increase"],
               lang=lang, pct=fmt_pct(counts["increase"], spoke, number_lang or lang)),
            tn("report_coordination_no_change_n", "report_coordination_no_change_n_plural", counts["no_change"],
               lang=lang),
            tn("report_coordination_decrease_n", "report_coordination_decrease_n_plural", counts["decrease"],
               lang=lang)]
    return tn("report_coordination_of", "report_coordination_of_plural", spoke, lang=lang) + ", " \
        + join_words(said, lang) + "."


def coordination_evidence(b, data: DmopReportData, draw: bool) -> None:
    lang = data.lang
    spoke, counts = data.coordination_counts()
    if not spoke and not data.survey_respondents:
        return
    b.heading(t("report_h_coordination", lang=lang), 3)
    if spoke:
        b.paragraph(coordination_sentence(spoke, counts, lang))
        # no row or bar may point at one or two people: small territories merged, as in the handout
        rows, hidden = small_cells_merged(data.coordination_by_territory(), _small(data), lang)
        b.table([t("report_attr_territory", lang=lang)] + [t(f"report_change_{c}", lang=lang)
                                                           for c in COORDINATION_CHANGES],
                [(name, *(c[x] for x in COORDINATION_CHANGES)) for name, c in rows]
                + [(t("report_total", lang=lang), *(counts[x] for x in COORDINATION_CHANGES))],
                caption=t("report_cap_coordination", lang=lang), widths_cm=(5.5, 3.5, 3.5, 3.5), numeric=(1, 2, 3))
        if draw and rows:
            from atlas_qual.reports import charts

            b.figure(charts.stacked_bars([name for name, _ in rows],
                                         {c: [r[c] for _, r in rows] for c in COORDINATION_CHANGES},
                                         colors=charts.CHANGE_COLORS,
                                         labels={c: t(f"report_change_{c}", lang=lang) for c in COORDINATION_CHANGES},
                                         xlabel=t("report_col_interviews", lang=lang),
                                         ylabel=t("report_attr_territory", lang=lang), lang=lang),
                     t("report_cap_coordination_chart", lang=lang),
                     alt=t("report_alt_coordination", lang=lang, n=Plural("count_interviews", spoke),
                           increase=counts["increase"], no_change=counts["no_change"], decrease=counts["decrease"]))
        if hidden:
            b.note(tn("report_small_cells_note", "report_small_cells_note_plural", _small(data), lang=lang,
                      k=_small(data)))
    if data.survey_respondents:
        answered = sum(data.survey_changes.get(c, 0) for c in COORDINATION_CHANGES)
        increase = data.survey_changes.get("increase", 0)
        b.paragraph(t("report_survey_intro", lang=lang, n=Plural("count_survey_respondents", data.survey_respondents),
                      d=Plural("count_answered_coordination", answered),
                      increase=Plural("count_of_them_increase", increase, pct=fmt_pct(increase, answered, lang))))
        b.table([t("report_col_answer", lang=lang), t("report_col_respondents", lang=lang), "%"],
                [(t(f"report_change_{c}", lang=lang), data.survey_changes.get(c, 0),
                  fmt_pct(data.survey_changes.get(c, 0), answered, lang)) for c in COORDINATION_CHANGES]
                + [(t("report_total", lang=lang), answered, fmt_pct(answered, answered, lang))],
                caption=t("report_cap_survey", lang=lang), widths_cm=(8, 4, 4), numeric=(1, 2))


def register_evidence(b, data: DmopReportData) -> None:
    lang = data.lang
    if not data.meetings:
        return
    b.heading(t("report_h_meetings2", lang=lang), 3)
    days = sorted(m.date for m in data.meetings)
    b.paragraph(t("report_meetings_intro", lang=lang, n=Plural("count_meetings", len(data.meetings)),
                  # written out in a sentence: "2025-02-11" would break at a hyphen at the end of a line
                  first=fmt_date(days[0], lang, long=True), last=fmt_date(days[-1], lang, long=True),
                  people=Plural("count_attendances", sum(m.attendees for m in data.meetings)),
                  institutions=Plural("count_institutions", len(data.attendance_by_institution))))
    if lang != "es":
        b.note(t("report_register_spanish", lang=lang))
    b.table([t("report_col_date", lang=lang), t("report_attr_territory", lang=lang),
             t("report_col_meeting", lang=lang), t("report_col_attendees", lang=lang)],
            [(fmt_date(m.date, lang), m.territory, as_written(m.title, lang), m.attendees) for m in data.meetings]
            + [(t("report_total", lang=lang), "", "", sum(m.attendees for m in data.meetings))],
            caption=t("report_cap_meetings", lang=lang), widths_cm=(2.4, 3.2, 8.2, 2.2), numeric=(3,))
    challenges = [f"{as_written(item, lang)} ({m.territory or '—'}, {fmt_date(m.date, lang, month=True)})"
                  for m in data.meetings for item in split_items(m.challenges)]
    if challenges:
        b.paragraph(t("report_h_challenges", lang=lang) + ":")
        b.bullets(challenges)


def reach_evidence(b, data: DmopReportData) -> None:
    """The community-referral campaign's reach from the register (posts, replications, comments, radio rating)."""
    lang = data.lang
    if not data.reach:
        return
    b.heading(t("report_h_reach", lang=lang), 3)
    totals = [sum(getattr(r, k) for r in data.reach) for k in ("posts", "replications", "comments")]
    ratings = [r.radio_rating for r in data.reach if r.radio_rating is not None]
    b.paragraph(t("report_reach_intro", lang=lang, posts=Plural("count_posts", round(totals[0])),
                  replications=Plural("count_replications", round(totals[1])),
                  comments=Plural("count_comments", round(totals[2])),
                  rating=fmt_num(sum(ratings) / len(ratings), lang, 1) if ratings else "—"))
    # one row per month, channel and territory ran to three pages: the reader wants which channel worked where,
    # and how the campaign went month by month; the monthly detail stays in the register
    heads = [t("report_col_posts_full", lang=lang), t("report_col_replications_full", lang=lang),
             t("report_col_comments_full", lang=lang), t("report_col_radio_rating", lang=lang)]
    # by channel, then territory, the channel named once; the radio rating by month only (six whole-word columns
    # do not fit the page)
    channels = list(dict.fromkeys(r.channel for r in data.reach))
    by_place = sorted(reach_totals(data.reach, lambda r: (r.channel, r.territory)),
                      key=lambda kv: channels.index(kv[0][0]))
    b.table([t("report_col_channel", lang=lang), t("report_attr_territory", lang=lang), *heads[:3]],
            [(label("channel", channel, lang) if k == 0 or by_place[k - 1][0][0] != channel else "", territory,
              *_reach_cells(v, lang)[:3]) for k, ((channel, territory), v) in enumerate(by_place)],
            caption=t("report_cap_reach_place", lang=lang), widths_cm=(3.2, 3.2, 3.2, 3.2, 3.2),
            numeric=(2, 3, 4))
    by_month = reach_totals(data.reach, lambda r: r.month)
    total = reach_totals(data.reach, lambda r: "")
    b.table([t("report_col_month", lang=lang), *heads],
            # "noviembre de 2024" on one line: the column widens for it, not the month in two halves
            [(_month(month, lang).replace(" ", "\u00a0"), *_reach_cells(v, lang)) for month, v in by_month]
            + [(t("report_total", lang=lang), *_reach_cells(total[0][1], lang))],
            caption=t("report_cap_reach_month", lang=lang), widths_cm=(3.0, 3.3, 3.3, 3.2, 3.2),
            numeric=(1, 2, 3, 4))
    b.table_note(t("report_reach_note", lang=lang))


def reach_totals(rows, key) -> list[tuple[object, tuple[float, float, float, float | None]]]:
    """Register reach rows summed by ``key`` (in the register's order): posts, replications, comments and the mean
    radio rating (None where no row had one).

    Examples:
        >>> from atlas_qual.reports.model import ReachRow
        >>> rows = [ReachRow("2024-10", "radio_comunitaria", "Pilar", 2, 0, 1, 3.0),
        ...         ReachRow("2024-11", "radio_comunitaria", "Pilar", 4, 0, 3, 4.0),
        ...         ReachRow("2024-11", "facebook", "Pilar", 5, 9, 2, None)]
        >>> reach_totals(rows, lambda r: r.channel)
        [('radio_comunitaria', (6, 0, 4, 3.5)), ('facebook', (5, 9, 2, None))]
    """
    groups: dict[object, list] = {}
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    out = []
    for k, group in groups.items():
        ratings = [r.radio_rating for r in group if r.radio_rating is not None]
        out.append((k, (sum(r.posts for r in group), sum(r.replications for r in group),
                        sum(r.comments for r in group), sum(ratings) / len(ratings) if ratings else None)))
    return out


def _reach_cells(values, lang: str) -> tuple[str, str, str, str]:
    posts, replications, comments, rating = values
    return (fmt_num(posts, lang, 0), fmt_num(replications, lang, 0), fmt_num(comments, lang, 0),
            fmt_num(rating, lang, 1))


def _month(text: str, lang: str) -> str:
    """A register month ("2024-10") as the report's other months read: "octubre de 2024" / "October 2024".

    Examples:
        >>> _month("2024-10", "es"), _month("2024-10", "en"), _month("", "es")
        ('octubre de 2024', 'October 2024', '')
    """
    return fmt_month(text, lang) if text else ""


def _indicator_setting(data: DmopReportData, number: int, what: str) -> str:
    value = (data.settings.get(f"indicator.{number}.{what}") or "").strip()
    if not value:
        return "—"
    try:
        x = float(value)
    except ValueError:
        return value
    ind = next((i for i in data.indicators if i.number == number), None)
    if ind is not None and ind.unit == "percent":
        return fmt_share(x / 100, data.lang, 0 if x.is_integer() else 1)
    return fmt_num(x, data.lang, 1) if not x.is_integer() else fmt_num(int(x), data.lang, 0)


def _short(ind, lang: str) -> str:
    return re.sub(r"^\d+\.\s*", "", t(f"indicator_{ind.number}_short", lang=lang))


def indicators_section(b, data: DmopReportData, draw: bool) -> None:
    lang = data.lang
    b.heading(t("report_h_indicators", lang=lang), 1)
    b.paragraph(t("report_indicators_intro2", lang=lang, dmop=data.dmop_id))
    if not data.indicators:
        return
    period = fmt_period(data.settings.get("report.period"), lang) or "—"
    project = {i.number: i for i in data.project_indicators}
    missing = "—"
    rows = []
    for ind in data.indicators:
        level = t("report_level_dmop", lang=lang, dmop=data.dmop_id) if ind.number == 1 else \
            t("report_level_project", lang=lang)
        rows.append((str(ind.number), _short(ind, lang), level, _indicator_setting(data, ind.number, "baseline"),
                     _indicator_setting(data, ind.number, "target"), indicator_value(ind, lang), missing))
        if ind.number == 1 and 1 in project:
            rows.append(("", "", t("report_level_project", lang=lang), missing, missing,
                         indicator_value(project[1], lang), missing))
    b.table([t("report_col_number", lang=lang), t("report_col_indicator", lang=lang),
             t("report_col_level", lang=lang), t("report_col_baseline", lang=lang),
             t("report_col_target", lang=lang), t("report_col_actual", lang=lang), t("report_col_sex", lang=lang)],
            rows, caption=t("report_cap_indicators3", lang=lang, period=period),
            widths_cm=(1.1, 4.4, 2.4, 2.1, 1.6, 2.6, 1.8))
    b.table_note(t("report_indicators_levels_note", lang=lang))
    indicator_definitions(b, data.indicators, lang)
    if data.attendance_by_gender:
        total = sum(n for _g, n in data.attendance_by_gender)
        b.table([t("report_col_sex", lang=lang), t("report_col_attendees", lang=lang), "%"],
                [(_capital(label("report_gender", g, lang)), n, fmt_pct(n, total, lang))
                 for g, n in data.attendance_by_gender]
                + [(t("report_total", lang=lang), total, fmt_pct(total, total, lang))],
                caption=t("report_cap_attendance_sex", lang=lang, dmop=data.dmop_id), widths_cm=(8, 4, 4),
                numeric=(1, 2))


def indicator_definitions(b, indicators, lang: str) -> None:
    """Each indicator's title and definition under its number, as the table's "N.º" column numbers it: "1." hangs
    in the margin before the bold title, with no bullet beside it (a bullet and a number read "• 1.")."""
    from docx.shared import Cm

    for ind in indicators:
        p = b.paragraph(ind.definition(lang), bold_prefix=f"{ind.number}.\t{ind.title(lang)}: ")
        fmt = p.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Cm(0.75), Cm(-0.75)
        fmt.tab_stops.add_tab_stop(Cm(0.75))


def annexes(b, data: DmopReportData) -> None:
    lang = data.lang
    b.page_break()
    b.heading(t("report_h_annex", lang=lang), 1, numbered=False)
    b.heading(t("report_h_annex_instruments", lang=lang), 2, numbered=False)
    b.paragraph(t("report_annex_instruments", lang=lang))
    top = [e for e in data.codebook if e.depth == 1 and e.path.split("/")[0] in ("Evaluación", "Evaluation")]
    if top:
        # a definition nobody translated falls back to the Spanish one: marked as such, as below
        b.bullets([f"{e.name}: {as_written(e.definition, lang)}" if e.definition else e.name for e in top])
    b.heading(t("report_h_annex_interviews2", lang=lang), 2, numbered=False)
    if data.interviews:
        b.table([t("report_col_code", lang=lang), t("report_col_group", lang=lang), t("report_attr_mode", lang=lang),
                 t("report_col_month", lang=lang), t("report_col_coded", lang=lang)],
                [(i.pseudonym, i.group or "—", t(f"report_mode_{i.mode or 'unknown'}", lang=lang),
                  # "junio de 2025" on one line: the column widens for it, not the date in two halves
                  fmt_date(i.date, lang, month=True).replace(" ", "\u00a0"),
                  t("report_yes" if i.coded else "report_no", lang=lang))
                 for i in data.interviews],
                caption=t("report_cap_interviews2", lang=lang), widths_cm=(1.8, 7.4, 2.4, 2.6, 1.8))
        b.table_note(t("report_identification_note", lang=lang, k=Plural("count_interviews", _small(data))))
    b.heading(t("report_h_annex_codebook2", lang=lang), 2, numbered=False)
    if data.codebook:
        b.table([t("report_col_code", lang=lang), t("report_col_definition", lang=lang)],
                [(("   " * e.depth) + (e.path if e.depth == 0 else e.name), as_written(e.definition, lang))
                 for e in data.codebook],
                caption=t("report_cap_codebook", lang=lang), widths_cm=(5.5, 10.5))
    b.heading(t("report_h_annex_agreement2", lang=lang), 2, numbered=False)
    agreement = data.agreement or {}
    per_code = agreement.get("per_code") or {}
    if agreement.get("units") and per_code:
        from atlas_qual.agreement import MIN_POSITIVES

        rows = [(t("report_overall", lang=lang), fmt_num(agreement.get("cohen_kappa"), lang),
                 fmt_num(agreement.get("krippendorff_alpha"), lang),
                 fmt_share(agreement.get("percent_agreement"), lang), agreement.get("units"), "")]
        for code, stats in per_code.items():
            # the agreement page's rule: a code on fewer than MIN_POSITIVES segments gets "—", not a kappa of 0,00
            # beside 99 % agreement, which says nothing about the coders
            few = (stats.get("positives") or 0) < MIN_POSITIVES
            rows.append((code, "—" if few else fmt_num(stats.get("kappa"), lang),
                         "—" if few else fmt_num(stats.get("alpha"), lang),
                         fmt_share(stats.get("percent"), lang), stats.get("n", 0), stats.get("positives", "")))
        b.table([t("report_col_code", lang=lang), "κ", "α", t("report_col_percent_agreement", lang=lang),
                 t("report_col_units", lang=lang), t("report_col_positives", lang=lang)], rows,
                caption=t("report_cap_agreement", lang=lang), widths_cm=(5.6, 1.5, 1.5, 2.8, 2.2, 2.4),
                numeric=(1, 2, 3, 4, 5))
        b.table_note(t("report_agreement_note2", lang=lang),
                     t("report_agreement_dash_note", lang=lang, min=MIN_POSITIVES)
                     if any("—" in row[1:3] for row in rows) else "")
    else:
        b.paragraph(t("report_method_no_agreement", lang=lang))
    if data.phases:
        b.heading(t("report_h_annex_phases2", lang=lang), 2, numbered=False)
        b.table([t("report_col_phase", lang=lang), t("report_col_date", lang=lang),
                 t("report_attr_territory", lang=lang), t("report_col_note", lang=lang)],
                [(t(f"phase_{p.phase}", lang=lang), fmt_date(p.date, lang), p.territory or "—",
                  as_written(p.note, lang))
                 for p in data.phases],
                caption=t("report_cap_phases", lang=lang), widths_cm=(3.5, 2.5, 3.5, 6.5))
