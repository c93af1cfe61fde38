"""Participants in the store: join with a nickname, vote with the secret token, what a participant page shows."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual import workshop as core
from atlas_qual.errors import AtlasQualError, VoteRejected
from atlas_qual.store.db import Project
from atlas_qual.store.gaps import fold
from atlas_qual.store.models import Participant, Round, Vote, WorkshopSession, utcnow
from atlas_qual.store.workshop.common import (
    NICKNAME_MAX,
    ItemInfo,
    RoundState,
    _bump,
    _check_open_session,
    _facilitator_write,
    _clean_text,
    _config,
    _item_rows,
    _items,
    _lookup_session,
    _resolve_institution,
    _round_label,
    _round_states,
    _rounds,
    _scoring_items,
    _write,
)
from atlas_qual.store.workshop.results import _results
from atlas_qual.store.workshop.votes import _check_vote, _read_rules, _round_rules


@dataclass(frozen=True)
class Joined:
    """A participant who joined: the secret ``token`` identifies their browser for every vote."""

    code: str
    token: str
    nickname: str
    participant_id: int


@dataclass(frozen=True)
class VoteReceipt:
    round: int
    item: str
    criterion: str
    value: bool | float
    detail: tuple[str, ...]
    replaced: bool


@dataclass(frozen=True)
class BallotView:
    """What a participant page shows: the open round's items and questions, the participant's own votes in it,
    and the results the facilitator has revealed (None until then)."""

    code: str
    title: str
    kind: str
    status: str
    nickname: str
    config: core.SessionConfig
    round: RoundState | None
    items: tuple[ItemInfo, ...]
    votes: dict[tuple[str, str], tuple[float, tuple[str, ...]]]
    revealed: dict | None
    version: int
    lang: str = "es"  # the session's default language (the facilitator's choice)
    phase: str = ""  # participant_phase() of the session as read here

    def answered(self, item: str) -> int:
        return sum(1 for (ref, _key) in self.votes if ref == item)


def join_session(project: Project, code: str, nickname: str, institution: str | None = None, *,
                 token: str | None = None) -> Joined:
    """Join as a participant with a nickname (unique in the session, case-insensitive) and optionally an
    institution (acronym or name from the reference list). Returns the secret token that identifies the browser.

    ``token``: the token this browser already holds (the participant page's cookie). Joining again with the same
    nickname from the same browser is the same person: their token comes back and nobody new is counted, so a
    reloaded or re-opened page never leaves a ghost participant behind.

    Examples:
        >>> # me = join_session(project, "AB3K9Z", "Rosa", "MTESS"); cast_vote(project, "AB3K9Z", me.token, ...)
    """
    name = _clean_text(nickname, NICKNAME_MAX + 1)
    if not name:
        raise AtlasQualError("wsapp_nickname_required")
    if len(name) > NICKNAME_MAX:
        raise AtlasQualError("wsapp_nickname_too_long", limit=NICKNAME_MAX)

    def _do(s: Session) -> Joined:
        ws = _lookup_session(s, code)
        _check_open_session(ws)
        if token:
            mine = s.scalar(select(Participant).where(Participant.token == str(token), Participant.session_id == ws.id))
            if mine is not None and fold(mine.nickname) == fold(name):
                return Joined(code=ws.code, token=mine.token, nickname=mine.nickname, participant_id=mine.id)
        institution_id = _resolve_institution(s, institution)
        taken = [p for p in s.scalars(select(Participant).where(Participant.session_id == ws.id))
                 if fold(p.nickname) == fold(name)]
        if taken and taken[0].token.startswith(RELEASED):
            # the facilitator released it (the person's phone died): the same participant on a new phone, with
            # every earlier vote still theirs and counted once
            again = taken[0]
            again.token = secrets.token_urlsafe(24)
            if institution_id is not None:
                again.institution_id = institution_id
            s.flush()
            _bump(s, ws)
            return Joined(code=ws.code, token=again.token, nickname=again.nickname, participant_id=again.id)
        if taken:
            raise AtlasQualError("wsapp_nickname_taken", nickname=name)
        secret = secrets.token_urlsafe(24)
        p = Participant(session_id=ws.id, token=secret, nickname=name, institution_id=institution_id)
        s.add(p)
        s.flush()
        _bump(s, ws)
        return Joined(code=ws.code, token=secret, nickname=name, participant_id=p.id)

    return _write(project, _do)


RELEASED = "released:"  # the token of a released nickname: it opens no ballot, and the next join takes it over


def release_nickname(project: Project, code: str, key: str | None, nickname: str) -> str:
    """Let a participant whose phone died (cookie gone) join again under the same nickname from another phone:
    the old browser's token stops working, and the next ``join_session`` with that nickname (case-insensitive)
    becomes the same participant, so the votes given so far stay theirs and are never counted twice. Returns the
    nickname as stored. ``AtlasQualError("wsapp_nickname_unknown")`` when no phone joined under that nickname
    (paper participants have no phone to lose).

    Examples:
        >>> # release_nickname(project, "AB3K9Z", key, "rosa"); join_session(project, "AB3K9Z", "Rosa")
    """
    name = _clean_text(nickname, NICKNAME_MAX + 1)

    def _do(s: Session, ws: WorkshopSession) -> str:
        for p in s.scalars(select(Participant).where(Participant.session_id == ws.id, Participant.paper.is_(False))):
            if name and fold(p.nickname) == fold(name):
                if not p.token.startswith(RELEASED):
                    p.token = RELEASED + secrets.token_urlsafe(24)
                return p.nickname
        raise AtlasQualError("wsapp_nickname_unknown", nickname=name)

    return _facilitator_write(project, code, key, _do)


def cast_vote(project: Project, code: str, token: str, item: str, criterion: str, value: object, *,
              detail: Iterable[object] | None = None) -> VoteReceipt:
    """Record one participant's vote on one item and question of the open round (one transaction).

    ``criterion`` is a gate key (yes/no: True/False or sí/no text) during the gate round, or a scoring criterion
    key (a number on its scale) during a scoring round. Voting again replaces the earlier vote. ``detail``: for
    C2, the USDOL action ids the "yes" relies on. ``VoteRejected`` says why a vote was refused (no open round,
    round closed, unknown item or question, value out of range, unknown participant).

    Examples:
        >>> # cast_vote(project, "AB3K9Z", me.token, "G03", "C1", "sí")
        >>> # cast_vote(project, "AB3K9Z", me.token, "G03", "impact", 4)
    """

    # What to store is worked out in a read snapshot, outside the write lock: with sixty phones voting at once the
    # lock is then held only for three short statements, not for the reading and checking.
    with project.session() as s:
        ws = _lookup_session(s, code)
        participant_id = s.scalar(select(Participant.id).where(Participant.token == str(token or ""),
                                                               Participant.session_id == ws.id))
        if participant_id is None:
            raise VoteRejected("wsapp_unknown_participant", code=ws.code)
        if ws.status == "finished":
            raise VoteRejected("wsapp_session_finished", code=ws.code)
        round_ = s.scalar(select(Round).where(Round.session_id == ws.id, Round.status == "open"))
        if round_ is None:
            _check_vote(_read_rules(s, ws), None, _rounds(s, ws), item, criterion, value, detail)  # says why
        rules = _round_rules(project, s, ws, round_.id)
        item_id, ref, key, parsed, clean = _check_vote(rules, round_, None, item, criterion, value, detail)
        session_id, round_id, number, kind = ws.id, round_.id, round_.number, round_.kind
        replaced = s.scalar(select(Vote.id).where(Vote.round_id == round_id, Vote.participant_id == participant_id,
                                                  Vote.item_id == item_id, Vote.criterion == key)) is not None

    def _do(s: Session) -> int:
        upsert, seen, bump = _vote_statements(s.get_bind().dialect.name)
        now = utcnow()
        # the insert only happens while the round is still open: the facilitator may have closed it since the check
        stored = s.execute(upsert, {"round_id": round_id, "participant_id": participant_id, "item_id": item_id,
                                    "criterion": key, "value": float(parsed), "detail": list(clean), "now": now})
        if stored.rowcount == 0:
            raise VoteRejected("wsapp_round_closed", round=_round_label(number, kind))
        s.execute(seen, {"participant_id": participant_id, "now": now})
        s.execute(bump, {"session_id": session_id})
        return stored.rowcount

    _write(project, _do)
    return VoteReceipt(round=number, item=ref, criterion=key, value=parsed, detail=clean, replaced=replaced)


@lru_cache(maxsize=4)
def _vote_statements(dialect: str):
    """The three statements of a vote, as plain SQL (SQLite and PostgreSQL both have INSERT ... ON CONFLICT): built
    once, they cost a third of the equivalent expression-built statements inside the write lock."""
    from sqlalchemy import JSON, DateTime, bindparam, text

    votes, rounds = Vote.__tablename__, Round.__tablename__
    detail = "CAST(:detail AS JSON)" if dialect == "postgresql" else ":detail"
    upsert = text(
        f"INSERT INTO {votes} (round_id, participant_id, item_id, criterion, value, detail, updated_at) "
        f"SELECT :round_id, :participant_id, :item_id, :criterion, :value, {detail}, :now "
        f"WHERE (SELECT status FROM {rounds} WHERE id = :round_id) = 'open' "
        "ON CONFLICT (round_id, participant_id, item_id, criterion) DO UPDATE SET value = excluded.value, "
        "detail = excluded.detail, updated_at = excluded.updated_at"
    ).bindparams(bindparam("detail", type_=JSON), bindparam("now", type_=DateTime))
    seen = text(f"UPDATE {Participant.__tablename__} SET last_seen = :now WHERE id = :participant_id").bindparams(
        bindparam("now", type_=DateTime))
    bump = text(f"UPDATE {WorkshopSession.__tablename__} SET version = version + 1 WHERE id = :session_id")
    return upsert, seen, bump


CONNECTED_SECONDS = 35.0  # a phone heard from this recently is "connected now" (open streams report every 10 s)


def mark_seen(project: Project, code: str, tokens: Iterable[str]) -> None:
    """Phones whose event stream is open right now (their tokens): their ``last_seen`` moves to now, in one short
    write for the lot. The session's version does not move: nothing a page shows changed."""
    from sqlalchemy import update

    wanted = sorted({str(t) for t in tokens if t})
    if not wanted:
        return

    def _do(s: Session) -> None:
        ws = _lookup_session(s, code)
        s.execute(update(Participant).where(Participant.session_id == ws.id, Participant.token.in_(wanted))
                  .values(last_seen=utcnow()))

    _write(project, _do)


def connected_phones(project: Project, code: str, within: float = CONNECTED_SECONDS) -> int:
    """How many phones are connected right now: participants (not paper ones) with an open event stream or an
    answer within the last ``within`` seconds. The facilitator waits for them before closing a round."""
    import datetime as dt

    from sqlalchemy import func

    since = utcnow() - dt.timedelta(seconds=within)
    with project.session() as s:
        ws = _lookup_session(s, code)
        return s.scalar(select(func.count()).where(Participant.session_id == ws.id, Participant.paper.is_(False),
                                                   ~Participant.token.startswith(RELEASED),
                                                   Participant.last_seen >= since)) or 0


@dataclass(frozen=True)
class SessionIntro:
    """What a join form shows: the session's title, whether it still takes participants, its default language."""

    code: str
    title: str
    status: str
    lang: str


def session_intro(project: Project, code: str) -> SessionIntro:
    """The join form's one small read (``AtlasQualError("wsapp_unknown_session")`` for an unknown code)."""
    with project.session() as s:
        ws = _lookup_session(s, code)
        return SessionIntro(code=ws.code, title=ws.title, status=ws.status, lang=ws.lang or "es")


def _phase(status: str, rounds) -> str:
    return status + ";" + ",".join(f"{r.number}{r.kind}:{r.status}:{'r' if r.revealed else '-'}"
                                   for r in sorted(rounds, key=lambda r: r.number))


def participant_phase(project: Project, code: str) -> str | None:
    """What decides which screen a participant page shows, as a short string (None: no such session): the session's
    status and each round's number, status and whether it is revealed. It changes when the facilitator opens, closes
    or reveals a round or finishes the session, never when someone votes, so a page that is told about every change
    of it redraws only when its screen changes.

    Examples:
        >>> # participant_phase(project, "AB3K9Z") -> 'open;1gate:closed:r,2score:open:-'
    """
    try:
        canonical = core.normalize_join_code(code)
    except AtlasQualError:
        return None
    with project.session() as s:
        ws = s.execute(select(WorkshopSession.id, WorkshopSession.status)
                       .where(WorkshopSession.code == canonical)).first()
        if ws is None:
            return None
        rounds = s.execute(select(Round.number, Round.kind, Round.status, Round.revealed)
                           .where(Round.session_id == ws.id)).all()
    return _phase(ws.status, rounds)


def participant_view(project: Project, code: str, token: str | None = None, lang: str = "es") -> BallotView:
    """Everything a participant page shows, in one read: the open round's items and questions, the participant's
    own votes in that round (with ``token``), and the results of the last revealed round (or None).

    Raises ``AtlasQualError("wsapp_unknown_session")`` for an unknown code and ``VoteRejected`` for a token that
    is not a participant of the session."""
    with project.session() as s:
        ws = _lookup_session(s, code)
        config = _config(s, ws)
        rounds = _rounds(s, ws)
        items = _items(s, ws)
        nickname = ""
        participant_id = None
        if token:
            p = s.scalar(select(Participant).where(Participant.token == token, Participant.session_id == ws.id))
            if p is None:
                raise VoteRejected("wsapp_unknown_participant", code=ws.code)
            nickname, participant_id = p.nickname, p.id
        open_round = next((r for r in rounds if r.status == "open"), None)
        state = None
        votes: dict[tuple[str, str], tuple[float, tuple[str, ...]]] = {}
        if open_round is not None:
            state = _round_states(s, ws, [open_round], config, len(items))[0]
            if open_round.kind == "score":
                scoring = _scoring_items(ws)
                if scoring is not None:
                    wanted = {r.casefold() for r in scoring}
                    items = [i for i in items if i.ref.casefold() in wanted]
            if participant_id is not None:
                by_id = {r.id: r.ref for r in _item_rows(s, ws)}
                for item_id, criterion, value, detail in s.execute(
                    select(Vote.item_id, Vote.criterion, Vote.value, Vote.detail)
                    .where(Vote.round_id == open_round.id, Vote.participant_id == participant_id)
                ):
                    if item_id in by_id:
                        votes[(by_id[item_id], criterion)] = (value, tuple(detail or ()))
        revealed_round = max((r.number for r in rounds if r.revealed and r.status == "closed"), default=None)
        revealed = None
        if revealed_round is not None:
            # only what was revealed: the gate table alone while scoring is still open
            revealed = _results(s, ws, lang=lang, round_number=revealed_round if revealed_round > 1 else None,
                                scores=revealed_round > 1)
            revealed["revealed_round"] = revealed_round
        return BallotView(code=ws.code, title=ws.title, kind=ws.kind, status=ws.status, nickname=nickname,
                          config=config, round=state, items=tuple(items), votes=votes, revealed=revealed,
                          version=ws.version, lang=ws.lang or "es", phase=_phase(ws.status, rounds))
