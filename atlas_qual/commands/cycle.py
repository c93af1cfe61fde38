"""`bok ...`, `learning ...`, `cycle ...` and `report plan`: the Body of Knowledge, the learning workshop, the
refinement log, institutionalization plans and indicators 5-6 from the command line.

Each handler reads only ``ctx.args`` attributes (listed in its docstring) and returns 0 or 1; user errors raise
``AtlasQualError`` (one line on stderr, exit 1).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from atlas_qual.cycle import fmt_period
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural, fmt_date, fmt_fixed, get_lang, t, tn


def _arg(ctx, name: str, default: Any = None) -> Any:
    value = getattr(ctx.args, name, default)
    return default if value is None else value


def _emit_redacted(ctx, data: Any, human) -> None:
    """``ctx.emit`` with every text a person typed (recommendations, changes and reasons, plan titles, actions and
    resources) redacted like every other output, unless ``--no-redact``."""
    if _arg(ctx, "no_redact", False):
        ctx.emit(data, human)
        return
    from atlas_qual.store.project_redaction import project_redactor

    redact = project_redactor(ctx.project(), get_lang()).redact

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return redact(value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        return value

    ctx.emit(walk(data), (lambda: redact(human() if callable(human) else human)) if human is not None else None)


def _list(ctx, name: str) -> list[str]:
    value = _arg(ctx, name, [])
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


# --------------------------------------------------------------------------------------------------------------------
# Body of Knowledge
# --------------------------------------------------------------------------------------------------------------------


def cmd_bok_import(ctx) -> int:
    """``bok import FILE [--all-or-nothing]``: args ``file``, ``all_or_nothing``. Exit 1 when any row was bad."""
    from atlas_qual.store.bok import import_practices

    report = import_practices(ctx.project(), ctx.args.file, atomic=bool(_arg(ctx, "all_or_nothing", False)))
    for error in report.errors:
        print(f"atlas-qual: error: {error}", file=sys.stderr)
    for warning in report.warnings:
        print(f"atlas-qual: {warning}", file=sys.stderr)
    ctx.emit(report.to_dict(), lambda: t("bok_cli_imported", file=report.file,
                                         added=Plural("count_new_practices", len(report.added)),
                                         updated=Plural("count_practices_updated", len(report.updated)),
                                         errors=Plural("count_rows_with_errors", len({e.row for e in report.errors}))))
    return 1 if report.errors else 0


def cmd_bok_export(ctx) -> int:
    """``bok export FILE.csv|FILE.xlsx``: arg ``file``."""
    from atlas_qual.store.bok import export_practices

    redact = not _arg(ctx, "no_redact", False)
    count = export_practices(ctx.project(), ctx.args.file, redact=redact)
    ctx.emit({"file": str(ctx.args.file), "practices": count, "redacted": redact},
             lambda: tn("bok_cli_exported", "bok_cli_exported_plural", count, file=ctx.args.file)
             + ("" if redact else "\n" + t("report_not_redacted")))
    return 0


def cmd_bok_list(ctx) -> int:
    """``bok list [--query Q] [--topic T] [--intervention I] [--evidence E] [--gap G] [--dmop D]``."""
    from atlas_qual.store.bok import list_practices, redacted_practice

    rows = list_practices(ctx.project(), _arg(ctx, "query", ""), topic=_arg(ctx, "topic"),
                          intervention=_arg(ctx, "intervention"), evidence=_arg(ctx, "evidence"),
                          gap=_arg(ctx, "gap"), dmop=_arg(ctx, "dmop"))
    lang = get_lang()
    if not _arg(ctx, "no_redact", False):  # an entry written from an interview may name people
        from atlas_qual.store.project_redaction import project_redactor

        hide = project_redactor(ctx.project(), lang).redact
        rows = [redacted_practice(p, hide) for p in rows]

    def human() -> str:
        return "\n".join(f"{p.ref:<8} [{t('bok_evidence_' + p.evidence, lang=lang)}] {p.title_in(lang)}"
                         for p in rows)

    ctx.emit([p.to_dict() for p in rows], human)
    return 0


def cmd_bok_relevant(ctx) -> int:
    """``bok relevant --gap G [-n N]``: args ``gap``, ``n`` (default 5)."""
    from atlas_qual.store.bok import relevant_practices

    gap = ctx.args.gap
    found = relevant_practices(ctx.project(), gap, n=int(_arg(ctx, "n", 5)))
    lang = get_lang()

    def human() -> str:
        if not found:
            return t("bok_cli_none_relevant", gap=gap)
        lines = [t("bok_relevant_title", gap=gap)]
        for r in found:
            why = t(f"bok_reason_{r.relevance.reason}", lang=lang)
            shared = r.relevance.shared_in(lang)  # an English answer never names Spanish words, nor the reverse
            terms = f" ({', '.join(shared[:4])})" if shared else ""
            score = fmt_fixed(r.relevance.score, lang)  # 0,60 on a Spanish line
            lines.append(f"  {r.practice.ref:<8} {score:>4}  {why}{terms}: {r.practice.title_in(lang)}")
        return "\n".join(lines)

    ctx.emit({"gap": gap, "practices": [r.to_dict() for r in found]}, human)
    return 0


# --------------------------------------------------------------------------------------------------------------------
# Learning workshop
# --------------------------------------------------------------------------------------------------------------------


def cmd_learning_recommendations(ctx) -> int:
    """``learning recommendations --dmop ID [--generate] [--replace]``: list (and first draft from the codings
    and named themes) the DMOP's recommendations. Args ``dmop``, ``generate``, ``replace``."""
    from atlas_qual.store.cycle import generate_recommendations, list_recommendations

    dmop = ctx.args.dmop
    drafting = bool(_arg(ctx, "generate", False) or _arg(ctx, "replace", False))
    if drafting:
        recs = generate_recommendations(ctx.project(), dmop, replace_drafts=bool(_arg(ctx, "replace", False)))
    else:
        recs = list_recommendations(ctx.project(), dmop)

    def human() -> str:
        if not recs:  # after --generate, "use --generate" would send the user round in a circle
            return t("cycle_cli_nothing_to_draft" if drafting else "cycle_cli_no_recommendations", dmop=dmop)
        # a text no person reviewed yet says so: the workshop must not take a machine's sentence for an analyst's
        return "\n".join(f"{r.ref:<5} [{t('report_status_' + r.status)}] {r.text}"
                         + (f" — {r.responsible}" if r.responsible else "")
                         + (f" ({t('cycle_machine_draft')})" if r.machine_draft else "") for r in recs)

    _emit_redacted(ctx, [r.to_dict() for r in recs], human)
    return 0


def cmd_learning_create(ctx) -> int:
    """``learning create --dmop ID [--title T] [--no-endorsement] [--base-url URL]``: a learning-workshop session
    on the engine. Args ``dmop``, ``title``, ``no_endorsement``, ``base_url``. Prints the ``workshop create``
    object (session, facilitator_key, participant_url, facilitator_url, criteria)."""
    from atlas_qual.store.cycle import create_learning_workshop

    created = create_learning_workshop(ctx.project(), ctx.args.dmop, title=_arg(ctx, "title"), lang=get_lang(),
                                       endorsement_item=not _arg(ctx, "no_endorsement", False),
                                       base=_arg(ctx, "base_url"))

    def human() -> str:
        return "\n".join([t("wsapp_cli_created", code=created.code, title=created.title),
                          t("wsapp_cli_key", key=created.key),
                          t("wsapp_cli_participant_url", url=created.participant_url),
                          t("wsapp_cli_facilitator_url", url=created.facilitator_url)])

    ctx.emit({**created.to_dict(), "kind": created.kind, "dmop": ctx.args.dmop}, human)
    return 0


def cmd_learning_record(ctx) -> int:
    """``learning record --session CODE [--key KEY] [--course TEXT] [--date D]``: store what the workshop decided
    (recommendation statuses, course of action, endorsement). Args ``session``, ``key`` (or
    $ATLAS_QUAL_FACILITATOR_KEY), ``course``, ``date``."""
    from atlas_qual.store.cycle import record_learning_outcome

    key = _arg(ctx, "key") or os.environ.get("ATLAS_QUAL_FACILITATOR_KEY")
    if not key:
        raise AtlasQualError("wsapp_missing_key")
    recorded = record_learning_outcome(ctx.project(), ctx.args.session, key, course_of_action=_arg(ctx, "course", ""),
                                       date=_arg(ctx, "date"))
    out = recorded.outcome

    def human() -> str:
        lines = [t("cycle_cli_recorded", session=out.session, dmop=out.dmop, n=len(out.course_of_action),
                   total=Plural("count_recommendations_endorsed", len(out.items)))]
        for item in out.items:
            mark = t("report_status_endorsed") if item.endorsed else t("report_status_rejected")
            priority = "-" if item.priority is None else f"{item.priority:.2f}"
            lines.append(f"  {item.ref:<5} {item.yes}/{item.voters} {mark:<11} {priority:>5}  {item.text[:70]}")
        if out.endorsement is not None:
            key_ = "cycle_cli_endorsed" if out.dmop_endorsed else "cycle_cli_not_endorsed"
            lines.append(t(key_, dmop=out.dmop, yes=out.endorsement.yes,
                           voters=Plural("count_votes", out.endorsement.voters)))
        return "\n".join(lines)

    _emit_redacted(ctx, recorded.to_dict(), human)
    return 0


# --------------------------------------------------------------------------------------------------------------------
# Refinement, plans, phases, indicators
# --------------------------------------------------------------------------------------------------------------------


def cmd_cycle_refine(ctx) -> int:
    """``cycle refine --dmop ID --change TEXT [--why TEXT] [--version V] [--finding TEXT]... [--recommendation
    REF]... [--decision ID]... [--session CODE]... [--date D]``: args ``dmop``, ``change``, ``why``, ``version``,
    ``finding``, ``recommendation``, ``decision``, ``session`` (lists), ``date``."""
    from atlas_qual.store.cycle import add_refinement

    entry = add_refinement(ctx.project(), ctx.args.dmop, ctx.args.change, _arg(ctx, "why", ""),
                           version=_arg(ctx, "version"), findings=_list(ctx, "finding"),
                           recommendations=_list(ctx, "recommendation"), decisions=_list(ctx, "decision"),
                           sessions=_list(ctx, "session"), date=_arg(ctx, "date"))
    _emit_redacted(ctx, entry.to_dict(), lambda: t("cycle_cli_refined", dmop=entry.dmop, version=entry.version,
                                        date=fmt_date(entry.date, get_lang())))
    return 0


def cmd_cycle_log(ctx) -> int:
    """``cycle log [--dmop ID]``: the refinement log. Arg ``dmop``."""
    from atlas_qual.store.cycle import refinement_log

    entries = refinement_log(ctx.project(), _arg(ctx, "dmop"), redact=not _arg(ctx, "no_redact", False),
                             lang=get_lang())

    def human() -> str:
        if not entries:
            return t("cycle_cli_no_log")
        return "\n".join(f"{e.dmop:<6} {e.version:<6} {fmt_date(e.date, get_lang())}  {e.change}"
                         + (f"\n{'':14}{t('plan_col_why')}: {e.why}" if e.why else "") for e in entries)

    ctx.emit([e.to_dict() for e in entries], human)
    return 0


def cmd_cycle_plan(ctx) -> int:
    """``cycle plan --dmop ID [--title T] [--actions FILE] [--resources TEXT] [--status S] [--plan N] [--date D]``:
    create (or with --plan replace) an institutionalization plan; with only --dmop, show the newest plan.
    Args ``dmop``, ``title``, ``actions`` (CSV/Excel action,institution,start,end), ``resources``, ``status``,
    ``plan``, ``date``."""
    from atlas_qual.store.cycle import get_plan, read_plan_actions, save_plan

    project = ctx.project()
    changing = any(_arg(ctx, name) is not None for name in ("title", "actions", "resources", "status", "plan"))
    if not changing:
        plan = get_plan(project, ctx.args.dmop)
        if plan is None:
            raise AtlasQualError("cycle_cli_no_plan", dmop=ctx.args.dmop)
    else:
        plan_id = _arg(ctx, "plan")
        current = get_plan(project, ctx.args.dmop, int(plan_id)) if plan_id is not None else None
        actions_file = _arg(ctx, "actions")
        actions = (read_plan_actions(actions_file) if actions_file
                   else [a.to_dict() for a in current.actions] if current else [])
        plan = save_plan(project, ctx.args.dmop, title=_arg(ctx, "title") or (current.title if current else None),
                         actions=actions,
                         resources=_arg(ctx, "resources") if _arg(ctx, "resources") is not None
                         else (current.resources if current else ""),
                         status=_arg(ctx, "status") or (current.status if current else "draft"),
                         plan_id=int(plan_id) if plan_id is not None else None, date=_arg(ctx, "date"))

    def human() -> str:
        lines = [t("cycle_cli_plan", id=plan.id, dmop=plan.dmop, status=t(f"plan_status_{plan.status}"),
                   title=plan.title)]
        lang = get_lang()  # months as the reader says them ("junio de 2026"); --json keeps 2026-06
        lines += [f"  - {a.action} ({a.institution or '—'}, {fmt_period(a.start, lang) or '?'} → "
                  f"{fmt_period(a.end, lang) or '?'})" for a in plan.actions]
        return "\n".join(lines)

    _emit_redacted(ctx, plan.to_dict(), human)
    return 0


def cmd_cycle_phase(ctx) -> int:
    """``cycle phase --dmop ID --phase PHASE [--date D] [--territory T] [--note N]``."""
    from atlas_qual.store.cycle import record_phase

    current = record_phase(ctx.project(), ctx.args.dmop, ctx.args.phase, date=_arg(ctx, "date"),
                           territory=_arg(ctx, "territory"), note=_arg(ctx, "note", ""))
    ctx.emit({"dmop": ctx.args.dmop, "phase": current},
             lambda: t("cycle_cli_phase", dmop=ctx.args.dmop, phase=t(f"phase_{current}")))
    return 0


def cmd_cycle_counts(ctx) -> int:
    """``cycle counts [--as-of D]``: indicators 5 and 6 with what they count. Arg ``as_of``."""
    from atlas_qual.cycle import parse_day
    from atlas_qual.store.cycle import cycle_counts

    as_of = _arg(ctx, "as_of")
    counts = cycle_counts(ctx.project(), parse_day(as_of) if as_of else None)
    lang = get_lang()

    def human() -> str:
        return "\n".join(f"{i.title(lang)}: {i.formatted(lang)} ({', '.join(i.counted) or '—'})"
                         for i in (counts.indicator_5, counts.indicator_6))

    ctx.emit(counts.to_dict(lang), human)
    return 0


def cmd_report_plan(ctx) -> int:
    """``report plan --dmop ID --lang es|en --out FILE.docx [--territory T] [--template FILE] [--no-redact]
    [--plan N]``: the institutionalization plan as a Word document. Args ``dmop``, ``ui_lang`` (the report
    language), ``out``, ``territory``, ``template``, ``no_redact``, ``plan``."""
    from atlas_qual.reports.plan import STEPS
    from atlas_qual.store.cycle import write_plan

    lang = _arg(ctx, "ui_lang") or get_lang()
    if _arg(ctx, "plan") is None:
        from atlas_qual.store.cycle import get_plan

        if get_plan(ctx.project(), ctx.args.dmop) is None:  # no plan: nothing to ask anyone to approve
            raise AtlasQualError("plan_report_no_plan", dmop=ctx.args.dmop)
    bar = ctx.progress(len(STEPS), "plan")
    try:
        path = write_plan(ctx.project(), ctx.args.dmop, ctx.args.out, lang=lang, plan_id=_arg(ctx, "plan"),
                          territory=_arg(ctx, "territory"), redact=not _arg(ctx, "no_redact", False),
                          template=_arg(ctx, "template"), progress=lambda step: bar.update(1))
    finally:
        bar.close()
    ctx.emit({"out": str(path), "dmop": ctx.args.dmop, "lang": lang},
             lambda: t("cycle_cli_plan_written", file=str(path), dmop=ctx.args.dmop))
    return 0


__all__ = ["cmd_bok_import", "cmd_bok_export", "cmd_bok_list", "cmd_bok_relevant", "cmd_learning_recommendations",
           "cmd_learning_create", "cmd_learning_record", "cmd_cycle_refine", "cmd_cycle_log", "cmd_cycle_plan",
           "cmd_cycle_phase", "cmd_cycle_counts", "cmd_report_plan"]
