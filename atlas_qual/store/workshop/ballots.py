"""Paper ballots in the store: typed-in ballot files and the register of paper participants."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.gaps import RowError, RowErrors, fold, read_table
from atlas_qual.store.models import Participant, Vote, WorkshopSession
from atlas_qual.store.workshop.common import (
    NICKNAME_MAX,
    BallotReport,
    _check_open_session,
    _clean_text,
    _facilitator_write,
    _resolve_institution,
    _rounds,
)
from atlas_qual.store.workshop.votes import _check_vote, _read_rules, _upsert_vote


BALLOT_COLUMNS = {
    "participant": "participant", "participante": "participant", "nickname": "participant", "nombre": "participant",
    "name": "participant", "seudonimo": "participant", "alias": "participant",
    "gap": "item", "brecha": "item", "item": "item", "gap_id": "item", "recommendation": "item",
    "recomendacion": "item", "ref": "item",
    "criterion": "criterion", "criterio": "criterion", "question": "criterion", "pregunta": "criterion",
    "value": "value", "valor": "value", "vote": "value", "voto": "value", "answer": "value", "respuesta": "value",
    "puntaje": "value", "score": "value",
    "institution": "institution", "institucion": "institution",
    "actions": "detail", "acciones": "detail", "usdol_actions": "detail", "acciones_usdol": "detail",
    "detail": "detail", "detalle": "detail",
}


def import_ballots(project: Project, code: str, key: str | None, path: str | Path) -> BallotReport:
    """Enter paper ballots typed in by the facilitator (CSV/Excel: ``participant,gap,criterion,value``, optional
    ``institution`` and ``actions`` (USDOL ids for C2, separated by ``;``)), in one transaction.

    Gate answers (C1/C2/C3 yes/no, sí/no) go to the open gate round, scores to the open scoring round. Each bad
    row (unknown gap or question, bad value, a round that is not open...) is reported with its row number; the
    good rows are kept. Participants are matched by name (case-insensitive) among the session's paper
    participants, and created as paper participants when new.

    Examples:
        >>> # report = import_ballots(project, "AB3K9Z", key, "ballots_gate.csv"); report.accepted, report.errors
    """
    table = read_table(path, BALLOT_COLUMNS, ["participant", "item", "criterion", "value"])

    def _do(s: Session, ws: WorkshopSession) -> BallotReport:
        report = BallotReport(file=table.file, rows=len(table.rows))
        if ws.status == "finished":
            raise AtlasQualError("wsapp_session_finished", code=ws.code)
        rounds = _rounds(s, ws)
        open_round = next((r for r in rounds if r.status == "open"), None)
        rules = _read_rules(s, ws)
        people = {fold(p.nickname): p for p in s.scalars(select(Participant).where(Participant.session_id == ws.id))}
        cache = {}
        if open_round is not None:
            cache = {(v.participant_id, v.item_id, v.criterion): v
                     for v in s.scalars(select(Vote).where(Vote.round_id == open_round.id))}
        for row_number, row in table.rows:
            try:
                name = _clean_text(row["participant"], NICKNAME_MAX + 1)
                if not name:
                    raise AtlasQualError("wsapp_nickname_required")
                if len(name) > NICKNAME_MAX:
                    raise AtlasQualError("wsapp_nickname_too_long", limit=NICKNAME_MAX)
                detail = [d for d in re.split(r"[;,|\s]+", row.get("detail", "")) if d]
                item_id, _ref, vkey, parsed, clean = _check_vote(rules, open_round, rounds, row["item"],
                                                                 row["criterion"], row["value"], detail)
                person = people.get(fold(name))
                if person is not None and not person.paper:
                    raise AtlasQualError("wsapp_ballot_device_participant", nickname=person.nickname)
                if person is None:
                    institution_id = _resolve_institution(s, row.get("institution"))
                    person = Participant(session_id=ws.id, token=secrets.token_urlsafe(24), nickname=name,
                                         institution_id=institution_id, paper=True)
                    s.add(person)
                    s.flush()
                    people[fold(name)] = person
                    report.participants_added.append(name)
                _upsert_vote(s, open_round.id, person.id, item_id, vkey, float(parsed), clean, cache)
                report.accepted += 1
            except AtlasQualError as exc:
                report.errors.append(RowError(table.file, row_number, exc.message()))
        return report

    report = _facilitator_write(project, code, key, _do)
    if report.errors:  # a bad cell is quoted as typed: redacted like every output, file and row kept
        from atlas_qual.i18n import get_lang
        from atlas_qual.store.gaps import redacted_errors
        from atlas_qual.store.workshop.common import workshop_redactor

        report.errors = redacted_errors(report.errors, workshop_redactor(project, get_lang()).redact)
    return report


PARTICIPANT_COLUMNS = {k: v for k, v in BALLOT_COLUMNS.items() if v in ("participant", "institution")}


def register_participants(project: Project, code: str, key: str | None, path: str | Path) -> list[str]:
    """Register the people who will vote on paper (a table ``participant,institution``) before their ballots are
    typed in, so each ballot carries its institution. All rows or none; names already registered are skipped.
    Returns the names added."""
    table = read_table(path, PARTICIPANT_COLUMNS, ["participant"])

    def _do(s: Session, ws: WorkshopSession) -> list[str]:
        _check_open_session(ws)
        taken = {fold(n) for n in s.scalars(select(Participant.nickname).where(Participant.session_id == ws.id))}
        errors, added = [], []
        for row_number, row in table.rows:
            try:
                name = _clean_text(row["participant"], NICKNAME_MAX + 1)
                if not name:
                    raise AtlasQualError("wsapp_nickname_required")
                if len(name) > NICKNAME_MAX:
                    raise AtlasQualError("wsapp_nickname_too_long", limit=NICKNAME_MAX)
                institution_id = _resolve_institution(s, row.get("institution"))
            except AtlasQualError as exc:
                errors.append(RowError(table.file, row_number, exc.message()))
                continue
            if fold(name) in taken:
                continue
            taken.add(fold(name))
            s.add(Participant(session_id=ws.id, token=secrets.token_urlsafe(24), nickname=name,
                              institution_id=institution_id, paper=True))
            added.append(name)
        if errors:
            raise RowErrors(table.file, errors)
        return added

    return _facilitator_write(project, code, key, _do)
