"""`workshop create|ballot|results|list`: live workshop sessions from the command line (contract in DESIGN.md)."""

from __future__ import annotations

import sys

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import t


def cmd_create(ctx) -> int:
    from atlas_qual.store.workshop import create_session

    args = ctx.args
    created = create_session(ctx.project(), args.title, kind=args.kind, gaps_file=args.gaps, dmop=args.dmop,
                             base=args.base_url)

    def human() -> str:
        lines = [t("wsapp_cli_created", code=created.code, title=created.title),
                 t("wsapp_cli_key", secret=created.key),
                 t("wsapp_cli_participant_url", url=created.participant_url),
                 t("wsapp_cli_facilitator_url", url=created.facilitator_url)]
        lines += [f"  {c['id']}: {c['label']} ({t('wsapp_weight')} {c['weight']:g}, {c['min']}-{c['max']})"
                  for c in created.criteria]
        return "\n".join(lines)

    ctx.emit(created.to_dict(), human)
    return 0


def cmd_ballot(ctx) -> int:
    from atlas_qual.store.workshop import import_ballots

    args = ctx.args
    if not args.key:
        raise AtlasQualError("wsapp_missing_key")
    report = import_ballots(ctx.project(), args.session, args.key, args.file)
    for error in report.errors:
        print(f"atlas-qual: error: {error}", file=sys.stderr)
    ctx.emit(report.to_dict(), lambda: t("wsapp_cli_ballots", file=report.file, accepted=report.accepted,
                                         rows=report.rows, errors=len(report.errors),
                                         added=len(report.participants_added)))
    return 1 if report.errors else 0


def cmd_results(ctx) -> int:
    from atlas_qual.store.workshop import results

    out = results(ctx.project(), ctx.args.session)

    def human() -> str:
        yes, no = t("workshop_yes"), t("workshop_no")
        lines = [f"{out['session']} {out['title']}",
                 t("wsapp_cli_results_head", participants=out["participants"],
                   procedure=t(f"workshop_procedure_{out['procedure']}"),
                   w="-" if out["kendall_w"] is None else f"{out['kendall_w']:.3f}")]
        ranked = sorted(out["gaps"], key=lambda g: (g["rank"] is None, g["rank"] or 0))
        for g in ranked:
            rank = "-" if g["rank"] is None else str(g["rank"])
            score = "-" if g["score"] is None else f"{g['score']:.2f}"
            flag = f" [{t('workshop_differs')}]" if g["differs"] else ""
            lines.append(f"  {rank:>3}  {g['id']:<6} {score:>5}  {yes if g['qualifies'] else no:<3} {g['title']}"
                         f"{flag}")
        lines += [f"  * {text}" for text in out["tie_break_text"]]
        if out["shortlist"]:
            lines.append(t("wsapp_cli_shortlist", items=", ".join(
                f"{e['id']} ({e['dmop'] or e['new_dmop_name'] or '-'})" for e in out["shortlist_entries"])))
        return "\n".join(lines)

    ctx.emit(out, human)
    return 0


def cmd_list(ctx) -> int:
    from atlas_qual.store.workshop import list_sessions

    sessions = list_sessions(ctx.project())

    def human() -> str:
        if not sessions:
            return t("wsapp_cli_no_sessions")
        return "\n".join(
            f"{s.code}  {s.status:<8} {s.kind:<8} {t('wsapp_cli_list_counts', items=s.items, people=s.participants)}"
            f"{'  ' + t('wsapp_cli_open_round', round=s.open_round) if s.open_round else ''}  {s.title}"
            for s in sessions)

    ctx.emit([s.to_dict() for s in sessions], human)
    return 0
