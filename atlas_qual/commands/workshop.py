"""`workshop create|ballot|results|list|round|release`: live workshop sessions from the command line (DESIGN.md
contract; ``release`` is an addition to it)."""

from __future__ import annotations

import sys

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural, fmt_fixed, fmt_number, label, t, tn


def cmd_create(ctx) -> int:
    from atlas_qual.store.workshop import create_session

    import os

    from atlas_qual.store.workshop import DEFAULT_BASE_URL, page_urls

    args = ctx.args
    # the server's address is `serve`'s (its --ip and --port, or $ATLAS_QUAL_BASE_URL), which this process cannot
    # know: a URL is printed only when the address was given; else the paths, and where the exact link is shown
    given = args.base_url or os.environ.get("ATLAS_QUAL_BASE_URL")
    created = create_session(ctx.project(), args.title, kind=args.kind, gaps_file=args.gaps, dmop=args.dmop,
                             base=given, lang=args.ui_lang or "es")
    created = _redact(ctx, created)  # the title said back, as `list` and `results` say it

    def human() -> str:
        lines = [t("wsapp_cli_created", code=created.code, title=created.title),
                 t("wsapp_cli_key", secret=created.key)]
        if given:
            lines += [t("wsapp_cli_participant_url", url=created.participant_url),
                      t("wsapp_cli_facilitator_url", url=created.facilitator_url)]
        else:
            participant, facilitator = (u.removeprefix(DEFAULT_BASE_URL) for u in page_urls(created.code,
                                                                                               DEFAULT_BASE_URL))
            lines += [t("wsapp_cli_participant_path", path=participant, default=DEFAULT_BASE_URL),
                      t("wsapp_cli_facilitator_path", path=facilitator)]
        lines += [f"  {c['id']}: {c['label']} ({t('wsapp_weight')} {fmt_number(c['weight'])}, {c['min']}-{c['max']})"
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
                                         rows=Plural("count_rows_recorded", report.rows), errors=len(report.errors),
                                         added=Plural("count_new_paper_participants",
                                                      len(report.participants_added))))
    return 1 if report.errors else 0


def cmd_results(ctx) -> int:
    from atlas_qual.store.workshop import results

    out = _redact(ctx, results(ctx.project(), ctx.args.session))

    def human() -> str:
        yes, no = t("workshop_yes"), t("workshop_no")
        lines = [f"{out['session']} {out['title']}",
                 # everyone who joined, as `round status`, `list`, the projector and the export count them, and
                 # how many of them voted (the "participants" of the JSON)
                 t("wsapp_cli_results_head", participants=" · ".join((
                     tn("count_participants", "count_participants_plural", out["joined"]),
                     t("wsapp_ui_voted_of", voted=fmt_number(out["participants"]),
                       total=fmt_number(out["joined"])))),
                   procedure=t(f"workshop_procedure_{out['procedure']}"),
                   w="-" if out["kendall_w"] is None else fmt_fixed(out["kendall_w"], digits=3))]
        ranked = sorted(out["gaps"], key=lambda g: (g["rank"] is None, g["rank"] or 0))
        for g in ranked:
            rank = "-" if g["rank"] is None else str(g["rank"])
            score = "-" if g["score"] is None else fmt_fixed(g["score"])
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

    sessions = [_redact(ctx, s) for s in list_sessions(ctx.project())]

    def human() -> str:
        if not sessions:
            return t("wsapp_cli_no_sessions")

        def counts(s) -> str:
            return t("wsapp_cli_list_counts", items=Plural("count_items", s.items),
                     people=Plural("count_participants", s.participants))

        return "\n".join(
            f"{s.code}  {label('session_status', s.status):<10} {label('session_kind', s.kind):<26} "
            f"{counts(s)}"
            f"{'  ' + t('wsapp_cli_open_round', round=s.open_round) if s.open_round else ''}  {s.title}"
            for s in sessions)

    ctx.emit([s.to_dict() for s in sessions], human)
    return 0


def cmd_round(ctx) -> int:
    """`workshop round open|close|reveal|status --session CODE --key KEY [--number N]`: a paper-only workshop runs
    end to end from the command line (create, round open, ballot, round close, round reveal, results)."""
    from atlas_qual.store.workshop import (
        authorize,
        close_round,
        next_round,
        open_round,
        reveal_round,
        session_state,
    )

    args = ctx.args
    if not args.key:
        raise AtlasQualError("wsapp_missing_key")
    project = ctx.project()
    if args.action == "open":
        number = args.number
        if number is None:
            authorize(project, args.session, args.key)  # a wrong key says so before "no round to open"
            number = next_round(session_state(project, args.session))
            if number is None:
                raise AtlasQualError("wsapp_cli_nothing_to_open", code=args.session)
        open_round(project, args.session, args.key, number)
    elif args.action == "close":
        number = close_round(project, args.session, args.key, args.number).number
    elif args.action == "reveal":
        number = reveal_round(project, args.session, args.key, args.number)
    else:
        authorize(project, args.session, args.key)
        number = None
    state = _redact(ctx, session_state(project, args.session))
    data = state.to_dict()
    if number is not None:
        data["round"] = next(r.to_dict() for r in state.rounds if r.number == number)
        data["action"] = args.action

    def human() -> str:
        lines = []
        if number is not None:
            r = state.round(number)
            lines.append(t(f"wsapp_cli_round_{args.action}", round=_round_title(r.number, r.kind)))
        lines.append(t("wsapp_cli_status_head", code=state.code, title=state.title,
                       status=label("session_status", state.status),
                       participants=Plural("count_participants", state.participants)))
        for r in state.rounds:
            lines.append("  " + t("wsapp_cli_status_round", round=_round_title(r.number, r.kind),
                                  status=t(f"wsapp_ui_status_{r.status}"), complete=r.complete,
                                  total=state.participants, votes=Plural("count_votes", r.votes))
                         + (f" · {t('wsapp_ui_revealed')}" if r.revealed else ""))
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0


def cmd_release(ctx) -> int:
    """`workshop release --session CODE --key KEY --nickname NAME`: a person whose phone died joins again under the
    same nickname from another phone, their votes still theirs. The nickname is not printed (outputs name nobody)."""
    from atlas_qual.store.workshop import release_nickname

    args = ctx.args
    if not args.key:
        raise AtlasQualError("wsapp_missing_key")
    release_nickname(ctx.project(), args.session, args.key, args.nickname)
    ctx.emit({"session": args.session.strip().upper(), "released": True},
             lambda: t("wsapp_cli_released", code=args.session.strip().upper()))
    return 0


def _round_title(number: int, kind: str) -> str:
    text = t("wsapp_round_gate" if kind == "gate" else "wsapp_round_score", number=number)
    return text[:1].upper() + text[1:]


def _redact(ctx, value):
    """Results, states and summaries with the project's listed names hidden (every output is redacted by default;
    ``--no-redact`` shows the text as stored)."""
    import dataclasses

    from atlas_qual.i18n import get_lang
    from atlas_qual.store.workshop import redacted, workshop_redactor

    if getattr(ctx.args, "no_redact", False):
        return value
    hide = workshop_redactor(ctx.project(), get_lang())
    if dataclasses.is_dataclass(value):  # SessionState, SessionSummary: only their title is free text
        return dataclasses.replace(value, title=hide(value.title))
    return redacted(value, hide)
