"""Round control in the store: open, close, reveal, finish."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from atlas_qual import workshop as core
from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.models import Round, Vote, WorkshopSession, utcnow
from atlas_qual.store.workshop.common import (
    RoundState,
    SessionState,
    _check_open_session,
    _config,
    _facilitator_write,
    _gate_votes,
    _item_rows,
    _round_label,
    _round_states,
    _rounds,
    _scoring_items,
    _set_config,
)


def open_round(project: Project, code: str, key: str | None, number: int) -> RoundState:
    """Open round ``number``: 1 the gate round, 2 scoring of the items that qualify (fixed when it first opens),
    3+ another scoring round after discussion (created on demand once the previous one closed).

    One round is open at a time. A closed round can be reopened while the next round has not started."""

    def _do(s: Session, ws: WorkshopSession) -> RoundState:
        _check_open_session(ws)
        rounds = _rounds(s, ws)
        by_number = {r.number: r for r in rounds}
        current = next((r for r in rounds if r.status == "open"), None)
        if current is not None:
            if current.number == number:
                raise AtlasQualError("wsapp_round_already_open", round=_round_label(number, current.kind))
            raise AtlasQualError("wsapp_close_first", round=_round_label(current.number, current.kind))
        target = by_number.get(number)
        if target is None:
            last = max(by_number)
            if number != last + 1 or number < 3 or by_number[last].kind != "score":
                raise AtlasQualError("wsapp_no_such_round", round=number, last=last)
            target = Round(session_id=ws.id, number=number, kind="score", status="pending")
            s.add(target)
            s.flush()
            by_number[number] = target
        later = [r for r in by_number.values() if r.number > number and r.status != "pending"]
        if later:
            raise AtlasQualError("wsapp_round_passed", round=_round_label(number, target.kind))
        previous = by_number.get(number - 1)
        if previous is not None and previous.status != "closed":
            raise AtlasQualError("wsapp_previous_not_closed", round=_round_label(previous.number, previous.kind))
        items = _item_rows(s, ws)
        if not items:
            raise AtlasQualError("wsapp_no_items")
        if target.kind == "score" and _scoring_items(ws) is None:
            gate_round = next(r for r in rounds if r.kind == "gate")
            by_id = {i.id: i.ref for i in items}
            config = _config(s, ws)
            outcomes = core.gate_results(_gate_votes(s, gate_round.id, by_id), [i.ref for i in items], config,
                                         ws.procedure)
            qualifying = [i.ref for i in items if outcomes[i.ref].qualifies]
            if not qualifying:
                raise AtlasQualError("wsapp_nothing_qualifies")
            _set_config(ws, scoring_items=qualifying)
        target.status = "open"
        target.revealed = False
        target.opened_at = target.opened_at or utcnow()
        target.closed_at = None
        s.flush()
        config = _config(s, ws)
        return _round_states(s, ws, [target], config, len(items))[0]

    return _facilitator_write(project, code, key, _do)


def close_round(project: Project, code: str, key: str | None, number: int | None = None) -> RoundState:
    """Close the open round (``number`` optional, checked when given); votes on it are refused from now on."""

    def _do(s: Session, ws: WorkshopSession) -> RoundState:
        rounds = _rounds(s, ws)
        current = next((r for r in rounds if r.status == "open"), None)
        if current is None or (number is not None and current.number != number):
            raise AtlasQualError("wsapp_round_not_open", round=number if number is not None else "-")
        current.status = "closed"
        current.closed_at = utcnow()
        s.flush()
        return _round_states(s, ws, [current], _config(s, ws), len(_item_rows(s, ws)))[0]

    return _facilitator_write(project, code, key, _do)


def undo_open_round(project: Project, code: str, key: str | None, number: int | None = None) -> RoundState:
    """Take back a round opened by mistake: the open round (``number`` checked when given) goes back to "not started"
    as long as nobody has voted on it, so the round before it can be reopened. When it is the first scoring round,
    the qualifying items it fixed are forgotten too (they are fixed again, from the gate votes, when it opens)."""

    def _do(s: Session, ws: WorkshopSession) -> RoundState:
        rounds = _rounds(s, ws)
        current = next((r for r in rounds if r.status == "open"), None)
        if current is None or (number is not None and current.number != number):
            raise AtlasQualError("wsapp_undo_none_open", round=number if number is not None else "-")
        votes = s.scalar(select(func.count()).select_from(Vote).where(Vote.round_id == current.id)) or 0
        if votes:
            raise AtlasQualError("wsapp_undo_has_votes", round=_round_label(current.number, current.kind),
                                 votes=votes)
        current.status = "pending"
        current.revealed = False
        current.opened_at = current.closed_at = None
        if current.kind == "score" and not any(r.kind == "score" and r.status != "pending" for r in rounds):
            _set_config(ws, scoring_items=None)
        s.flush()
        return _round_states(s, ws, [current], _config(s, ws), len(_item_rows(s, ws)))[0]

    return _facilitator_write(project, code, key, _do)


def reveal_round(project: Project, code: str, key: str | None, number: int | None = None,
                 revealed: bool = True) -> int:
    """Show (or hide again) a closed round's results on the participants' pages; default: the last closed round.
    Returns the round number."""

    def _do(s: Session, ws: WorkshopSession) -> int:
        rounds = _rounds(s, ws)
        if number is None:
            closed = [r for r in rounds if r.status == "closed"]
            if not closed:
                raise AtlasQualError("wsapp_reveal_needs_closed", round="-")
            target = closed[-1]
        else:
            target = next((r for r in rounds if r.number == number), None)
            if target is None:
                raise AtlasQualError("wsapp_no_such_round", round=number, last=rounds[-1].number)
            if target.status != "closed":
                raise AtlasQualError("wsapp_reveal_needs_closed", round=_round_label(target.number, target.kind))
        target.revealed = bool(revealed)
        return target.number

    return _facilitator_write(project, code, key, _do)


def finish_session(project: Project, code: str, key: str | None) -> None:
    """End the session: closes an open round; no more joining or voting (results, shortlist and workgroups stay
    editable for the record)."""

    def _do(s: Session, ws: WorkshopSession) -> None:
        for r in _rounds(s, ws):
            if r.status == "open":
                r.status, r.closed_at = "closed", utcnow()
        ws.status = "finished"

    _facilitator_write(project, code, key, _do)


def resume_session(project: Project, code: str, key: str | None) -> None:
    """Undo "end the session" (a wrong click): people can join and vote again; rounds stay as they were (the round
    that was open is closed and can be reopened)."""

    def _do(s: Session, ws: WorkshopSession) -> None:
        ws.status = "open"

    _facilitator_write(project, code, key, _do)


def next_round(state: SessionState) -> int | None:
    """The round ``open_round`` would open next: the first pending one, else another scoring round after the last
    (Delphi style); None while a round is open or once the session is finished.

    Examples:
        >>> # next_round(session_state(project, "AB3K9Z"))   # 1 for a new session
    """
    if state.open_round is not None or state.status == "finished":
        return None
    pending = [r for r in state.rounds if r.status == "pending"]
    if pending:
        return pending[0].number
    if state.rounds and state.rounds[-1].kind == "score":
        return state.rounds[-1].number + 1
    return None


def reopen_target(state: SessionState) -> int | None:
    """The closed round a facilitator can reopen (closed too early, or with nobody voting): the last round that
    started, while it is closed, no round is open, no later round has started and the session is not finished."""
    if state.open_round is not None or state.status == "finished":
        return None
    started = [r for r in state.rounds if r.status != "pending"]
    if not started or started[-1].status != "closed":
        return None
    return started[-1].number
