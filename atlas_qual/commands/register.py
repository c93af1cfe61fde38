"""The M&E register from the command line: import meetings, attendees, phases, survey or reach from CSV/Excel
(every bad row reported by row), record a DMOP phase change, show the register, and the six indicators.

Proposed CLI entries (not yet in cli.py)::

    atlas-qual register import KIND FILE [--mapping MAP.yaml] [--dmop ID] [--territory T] [--sheet NAME]
                                         [--skip-bad-rows] [--json]        KIND: meetings|attendees|phases|survey|reach
    atlas-qual register phase --dmop ID --phase PHASE --date YYYY-MM-DD [--territory T] [--note TEXT] [--json]
    atlas-qual register show [--json]
    atlas-qual indicators [--dmop ID] [--territory T] [--as-of YYYY-MM-DD] [--json]
"""

from __future__ import annotations

import sys

from atlas_qual.i18n import Plural, fmt_date, get_lang, label, t


def cmd_register_import(ctx) -> int:
    """Import one register file; exit 1 (nothing written) when a row is bad, unless --skip-bad-rows."""
    from atlas_qual.store.register import import_register

    args = ctx.args
    defaults = {k: v for k, v in (("dmop", getattr(args, "dmop", None)),
                                  ("territory", getattr(args, "territory", None))) if v}
    report = import_register(ctx.project(), args.kind, args.file, mapping=getattr(args, "mapping", None),
                             defaults=defaults, skip_bad_rows=bool(getattr(args, "skip_bad_rows", False)),
                             sheet=getattr(args, "sheet", None))
    data = report.to_dict(get_lang())

    def human() -> str:
        if not report.written and report.errors:
            return t("register_import_refused", file=report.file,
                     n=Plural("count_rows_with_errors", len(report.errors)))
        return t("register_import_done", file=report.file, kind=t(f"register_kind_short_{report.kind}"), added=Plural("count_new_m", report.added),
                 updated=Plural("count_updated_m", report.updated),
                 unchanged=Plural("count_unchanged", report.unchanged),
                 skipped=Plural("count_bad_rows_skipped", len(report.errors)))

    ctx.emit(data, human)
    if report.errors and not ctx.json:
        from atlas_qual.store.register_records import grouped_messages

        for line in grouped_messages(report.errors):  # one line per problem, with its rows (--json: one per row)
            print(line, file=sys.stderr)
    return 1 if report.errors and not report.written else 0


def cmd_register_phase(ctx) -> int:
    """Record that a DMOP entered a phase on a date; a change its history contradicts is refused as by `cycle
    phase` (one line saying which phase it needs, or since when; nothing written)."""
    from atlas_qual.store.register import add_phase_change, register_summary

    args = ctx.args
    add_phase_change(ctx.project(), args.dmop, args.phase, args.date, getattr(args, "territory", None),
                     getattr(args, "note", "") or "", check_order=True)
    dmops = {d["id"].casefold(): d for d in register_summary(ctx.project())["dmops"]}
    current = dmops.get(str(args.dmop).casefold(), {"id": args.dmop, "phase": ""})
    ctx.emit({"dmop": current["id"], "phase": current["phase"]},
             lambda: t("register_phase_done", dmop=current["id"], phase=t(f"phase_{current['phase']}")))
    return 0


def cmd_register_show(ctx) -> int:
    """The register's counts, the DMOPs' phases and the latest meetings."""
    from atlas_qual.store.register import register_summary

    data = register_summary(ctx.project())

    def human() -> str:
        lines = [t("register_show_counts", meetings=Plural("count_meetings", data["meetings"]),
                   attendees=Plural("count_attendees", data["attendees"]),
                   phases=Plural("count_phase_changes", data["phase_changes"]),
                   survey=Plural("count_survey_responses", data["survey_responses"]),
                   reach=Plural("count_reach_records", data["reach_records"]))]
        lines += [f"  {d['id']}: {t('phase_' + d['phase'])}" for d in data["dmops"]]
        # dates and territories as the reader knows them (the --json keeps ISO dates and ids)
        lines += [f"  {fmt_date(m['date'])} {m['ref']} {m['dmop'] or '-'} "
                  f"{label('territory', m['territory']) if m['territory'] else '-'} ({m['attendees']}) {m['title']}"
                  for m in data["meeting_list"][:10]]
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0


def cmd_indicators(ctx) -> int:
    """The six indicators with numerators and denominators (indicator 1 for --dmop/--territory)."""
    from atlas_qual.store.register import indicators_for, parse_date

    args = ctx.args
    as_of = None
    if getattr(args, "as_of", None):
        from atlas_qual.errors import AtlasQualError
        from atlas_qual.store.register import InvalidValue

        try:
            as_of = parse_date(args.as_of)
        except InvalidValue as exc:
            raise AtlasQualError("register_bad_as_of", value=args.as_of, problem=t(exc.key, **exc.params)) from None
    lang = get_lang()
    indicators = indicators_for(ctx.project(), getattr(args, "dmop", None), getattr(args, "territory", None), as_of)
    data = [i.to_dict(lang) for i in indicators]

    def human() -> str:
        lines = []
        for i in indicators:
            den = "" if i.denominator is None else f" / {i.denominator}"
            lines.append(f"{i.number}. {i.title(lang)}\n   = {i.formatted(lang)}   ({i.numerator}{den}; "
                         f"{i.numerator_text(lang)})")
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0
