"""Everything about a workshop session for reports (report_data) and the Excel export."""

from __future__ import annotations

import datetime as dt

from pathlib import Path
from typing import Any, Iterable, Sequence

from sqlalchemy import func, select

from atlas_qual.spreadsheet import keep_text
from atlas_qual.store.db import Project
from atlas_qual.store.models import Dmop, Participant, Round, Vote
from atlas_qual import workshop as core
from atlas_qual.store.workshop.common import (
    _config,
    _facilitator_session,
    _item_rows,
    _items,
    _lookup_session,
    _round_states,
    _rounds,
    workshop_redactor,
)
from atlas_qual.store.workshop.keys import check_key
from atlas_qual.store.workshop.results import _results
from atlas_qual.store.workshop.shortlist import _workgroups


def report_data(project: Project, code: str, lang: str = "es") -> dict:
    """All a results report needs, in ``lang``: ``session`` (code, title, kind, status, procedure, rule, created,
    dmop), ``items`` (ref, title, description), ``rounds`` (with participants, voters and dates), ``gates`` and
    ``criteria``, ``results`` (``results()`` of the latest scoring round, incl. ``tie_break_text`` and ``change``),
    ``first_round_results`` (round 2 when a later round exists, else None), ``shortlist`` (rank, item, title,
    score, DMOP id and name, new DMOP name, note), ``workgroups`` and ``participants`` (counts by institution;
    nicknames are never included). No facilitator key is needed: it holds nothing a participant may not see once
    results are revealed, and no individual vote."""
    with project.session() as s:
        ws = _lookup_session(s, code)
        config = _config(s, ws)
        rounds = _rounds(s, ws)
        infos = _items(s, ws)
        res = _results(s, ws, lang=lang)
        first = None
        if res["change"] is not None:
            first = _results(s, ws, lang=lang, round_number=res["change"]["from_round"])
        states = {r.number: r for r in _round_states(s, ws, rounds, config, len(infos))}
        by_ref = {g["id"]: g for g in res["gaps"]}
        titles = {i.ref: i.title_in(lang) for i in infos}
        dmop_names = {d.id: (d.name_en if lang == "en" else d.name_es) for d in s.scalars(select(Dmop))}
        shortlist = [{"rank": e["rank"], "item": e["id"], "title": titles.get(e["id"], e["id"]),
                      "score": by_ref.get(e["id"], {}).get("score"), "dmop": e["dmop"],
                      "dmop_name": dmop_names.get(e["dmop"], "") if e["dmop"] else "",
                      "new_dmop_name": e["new_dmop_name"], "note": e["note"]} for e in res["shortlist_entries"]]
        people = s.execute(select(Participant.institution_id, Participant.paper, func.count())
                           .where(Participant.session_id == ws.id)
                           .group_by(Participant.institution_id, Participant.paper)).all()
        by_institution: dict[str, int] = {}
        for inst, _paper, n in people:
            by_institution[inst or ""] = by_institution.get(inst or "", 0) + n
        return {
            "session": {"code": ws.code, "title": ws.title, "kind": ws.kind, "status": ws.status,
                        "procedure": ws.procedure, "rule": ws.rule, "lang": lang, "dmop": ws.dmop_id,
                        "created_at": ws.created_at.isoformat(timespec="minutes") if ws.created_at else ""},
            "items": [{"ref": i.ref, "title": i.title_in(lang), "description": i.description_in(lang)} for i in infos],
            "rounds": [{**states[r.number].to_dict(),
                        "opened_at": r.opened_at.isoformat(timespec="minutes") if r.opened_at else None,
                        "closed_at": r.closed_at.isoformat(timespec="minutes") if r.closed_at else None}
                       for r in rounds],
            "gates": [{"key": g.key, "label": g.label(lang)} for g in config.gates],
            "criteria": config.criteria_json(lang),
            "results": res,
            "first_round_results": first,
            "shortlist": shortlist,
            "workgroups": _workgroups(s, ws, lang),
            "participants": {"total": sum(n for _i, _p, n in people),
                             "paper": sum(n for _i, p, n in people if p),
                             "by_institution": dict(sorted(by_institution.items()))},
        }


def _participant_labels(participants: Sequence[Participant], anonymous: bool) -> dict[int, str]:
    ordered = sorted(participants, key=lambda p: p.id)
    return {p.id: (f"P{n:02d}" if anonymous else p.nickname) for n, p in enumerate(ordered, start=1)}


def _naive(moment):
    """A stored time (UTC, without a zone) as Excel takes it: this machine's local time, without a zone; or None."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone().replace(tzinfo=None)


def export_workshop_xlsx(project: Project, code: str, key: str | None, path: str | Path,
                         lang: str | None = None, *, redact: bool = True) -> Path:
    """Write an Excel workbook with every vote and the results of a session (facilitator key required).

    Redacted by default, like every output: a name listed in the project never appears in a cell, whichever field
    (title, gap, note, workgroup) it was typed into; ``redact=False`` keeps the text as stored.

    Sheets: session, items, votes (round, participant, item, question, value, USDOL actions, time), gate results
    (yes share per question, premise- and conclusion-based outcome, differs), scores (score, median, IQR, n,
    rank per scoring round), tie-breaks, change between scoring rounds, shortlist, workgroups, participants.
    In an anonymous session (the default) participants appear as P01, P02... and nicknames are left out.

    Examples:
        >>> # export_workshop_xlsx(project, "AB3K9Z", key, "taller.xlsx")
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from atlas_qual.i18n import fmt_number, get_lang, label, t

    lang = lang or get_lang()
    path = Path(path)

    check_key(project, code, key)
    with project.session() as s:
        ws = _facilitator_session(s, code, key)
        config = _config(s, ws)
        rounds = _rounds(s, ws)
        item_rows = _item_rows(s, ws)
        infos = {i.ref: i for i in _items(s, ws)}
        participants = list(s.scalars(select(Participant).where(Participant.session_id == ws.id)))
        labels = _participant_labels(participants, bool(ws.anonymous))
        by_id = {i.id: i.ref for i in item_rows}
        votes = s.execute(select(Vote, Round.number, Round.kind).join(Round, Round.id == Vote.round_id)
                          .where(Round.session_id == ws.id)
                          .order_by(Round.number, Vote.participant_id, Vote.item_id, Vote.criterion)).all()
        per_round = {r.number: _results(s, ws, lang=lang, round_number=r.number)
                     for r in rounds if r.kind == "score" and r.status != "pending"}
        res = _results(s, ws, lang=lang)
        groups = _workgroups(s, ws, lang)
        info = {"code": ws.code, "title": ws.title, "kind": ws.kind, "status": ws.status, "rule": ws.rule,
                "procedure": ws.procedure, "anonymous": ws.anonymous,
                "created": _naive(ws.created_at)}
        participant_rows = [(labels[p.id], p.institution_id or "", p.paper)
                            for p in sorted(participants, key=lambda p: p.id)]
        vote_rows = [(number, labels.get(v.participant_id, v.participant_id), by_id.get(v.item_id, v.item_id),
                      v.criterion, v.value, kind, "; ".join(v.detail or ()),
                      _naive(v.updated_at)) for v, number, kind in votes]

    def tr(k: str, **p: Any) -> str:
        return t(k, lang=lang, **p)

    book = Workbook()
    date_format = "dd/mm/yyyy hh:mm" if lang in ("es", "gn") else "yyyy-mm-dd hh:mm"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1E3A5F")

    def sheet(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], first: bool = False):
        sh = book.active if first else book.create_sheet()
        sh.title = title[:31]
        sh.append(list(header))
        for cell in sh[1]:
            cell.font, cell.fill = header_font, header_fill
        for row in rows:
            sh.append(list(row))
            for cell in sh[sh.max_row]:
                if isinstance(cell.value, dt.datetime):  # a real date Excel sorts and shows the reader's way
                    cell.number_format = date_format
        sh.freeze_panes = "A2"
        for col in sh.columns:
            width = max(len(str(c.value)) if c.value is not None else 0 for c in col)
            sh.column_dimensions[col[0].column_letter].width = min(max(10, width + 2), 60)
        return sh

    yes, no = tr("workshop_yes"), tr("workshop_no")
    sheet(tr("wsapp_x_session"), [tr("wsapp_x_field"), tr("wsapp_x_value")], [
        (tr("wsapp_x_code"), info["code"]), (tr("wsapp_x_title"), info["title"]),
        (tr("wsapp_x_kind"), label("session_kind", info["kind"], lang)),
        (tr("wsapp_x_status"), label("session_status", info["status"], lang)),
        (tr("wsapp_x_rule"), core.rule_text(info["rule"], lang)),
        (tr("wsapp_x_procedure"), tr(f"workshop_procedure_{info['procedure']}")),
        (tr("wsapp_x_participants"), len(participant_rows)), ("Kendall W", res["kendall_w"]),
        (tr("wsapp_x_created"), info["created"]),
    ] + [(tr("wsapp_x_criterion", criterion=c["label"]),
          f'{tr("wsapp_weight")} {fmt_number(c["weight"], lang)} · {c["min"]}-{c["max"]}')
         for c in config.criteria_json(lang)], first=True)
    sheet(tr("wsapp_x_items"), ["id", tr("wsapp_x_title"), tr("wsapp_x_description"), tr("wsapp_x_title_en"),
                                tr("wsapp_x_description_en")],
          [(i.ref, i.title, i.description, i.title_en, i.description_en) for i in infos.values()])
    gate_keys = set(config.gate_keys)
    # gate questions by their short key (C1, C2, C3: the names the room uses), criteria by their label, never "impact"
    question_names = {c["id"]: c["label"] for c in config.criteria_json(lang)}
    sheet(tr("wsapp_x_votes"),
          [tr("wsapp_x_round"), tr("wsapp_x_participant"), "id", tr("wsapp_x_question"), tr("wsapp_x_value"),
           tr("wsapp_x_actions"), tr("wsapp_x_time")],
          [(number, who, ref, question_names.get(criterion, criterion),
            (yes if value >= 0.5 else no) if kind == "gate" and criterion in gate_keys else value, detail, when)
           for number, who, ref, criterion, value, kind, detail, when in vote_rows])
    keys = list(config.gate_keys)
    sheet(tr("wsapp_x_gates"),
          ["id", tr("wsapp_x_title"), "n"] + [f"{k} % {yes}" for k in keys]
          + [tr("workshop_procedure_premise"), tr("workshop_procedure_conclusion"), tr("wsapp_x_differs"),
             tr("wsapp_x_qualifies")],
          [(g["id"], g["title"], g["gate_n"])
           + tuple(None if g["yes_share"].get(k) is None else round(g["yes_share"][k] * 100, 1) for k in keys)
           + (yes if g["premise_based"] else no, yes if g["conclusion_based"] else no,
              yes if g["differs"] else no, yes if g["qualifies"] else no) for g in res["gaps"]])
    score_rows = []
    for number, out in per_round.items():
        for g in sorted((g for g in out["gaps"] if g["rank"] is not None), key=lambda g: g["rank"]):
            score_rows.append((number, g["rank"], g["id"], g["title"], g["score"], g["median"], g["q1"], g["q3"],
                               g["iqr"], g["n"], g["top_scores"], yes if g["needs_decision"] else ""))
    sheet(tr("wsapp_x_scores"),
          [tr("wsapp_x_round"), tr("wsapp_rank"), "id", tr("wsapp_x_title"), tr("wsapp_score"), tr("wsapp_median"),
           "Q1", "Q3", tr("wsapp_iqr"), "n", tr("wsapp_x_top_scores"), tr("workshop_needs_decision")], score_rows)
    sheet(tr("wsapp_x_tie_breaks"), [tr("wsapp_x_round"), tr("wsapp_x_rule"), tr("wsapp_x_description")],
          [(number, tr(f"workshop_rule_name_{tb['rule']}"), text) for number, out in per_round.items()
           for tb, text in zip(out["tie_breaks"], out["tie_break_text"])])
    change_rows = []
    if res["change"]:
        for item, c in res["change"]["items"].items():
            change_rows.append((item, infos[item].title_in(lang) if item in infos else item, c["delta_score"],
                                c["delta_iqr"], c["rank_before"], c["rank_after"]))
    sheet(tr("wsapp_x_change"), ["id", tr("wsapp_x_title"), "Δ " + tr("wsapp_score"), "Δ " + tr("wsapp_iqr"),
                                 tr("wsapp_x_rank_before"), tr("wsapp_x_rank_after")], change_rows)
    sheet(tr("wsapp_x_shortlist"), [tr("wsapp_rank"), "id", tr("wsapp_x_title"), "DMOP", tr("wsapp_x_new_dmop"),
                                    tr("wsapp_x_note")],
          [(e["rank"], e["id"], infos[e["id"]].title_in(lang) if e["id"] in infos else e["id"], e["dmop"] or "",
            e["new_dmop_name"], e["note"]) for e in res["shortlist_entries"]])
    sheet(tr("wsapp_x_workgroups"), ["DMOP", tr("wsapp_x_name"), tr("wsapp_x_institution"), tr("wsapp_x_role")],
          [(m["dmop"], m["name"], m["institution"] or "", tr(f"wsapp_role_{m['role']}")) for m in groups])
    sheet(tr("wsapp_x_participants"), [tr("wsapp_x_participant"), tr("wsapp_x_institution"), tr("wsapp_x_paper")],
          [(label, institution, yes if paper else no) for label, institution, paper in participant_rows])
    from atlas_qual.private_files import private_folder

    private_folder(path.parent)
    if redact:
        hide = workshop_redactor(project, lang)
        for sh in book.worksheets:
            for row in sh.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.value = hide(cell.value)
    keep_text(book)  # a title or nickname typed as "=..." stays the text people typed, never a formula
    from atlas_qual.private_files import private_output

    with private_output(path) as tmp:  # owner-only whatever the umask: votes, nicknames, workgroup names
        book.save(tmp)
    return path
