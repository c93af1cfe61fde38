"""Checking and storing one vote against its round's rules (participant page and paper ballots alike)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual import workshop as core
from atlas_qual.errors import AtlasQualError, VoteRejected
from atlas_qual.store.db import Project
from atlas_qual.store.gaps import fold
from atlas_qual.store.models import Round, UsdolAction, Vote, WorkshopSession, utcnow
from atlas_qual.store.workshop.common import _config, _item_rows, _round_label, _scoring_items


DETAIL_MAX_ENTRIES = 20
DETAIL_MAX_CHARS = 200
# A gate question whose "yes" may name the USDOL 2018 suggested actions it relies on (criterion C2).
USDOL_GATE = "C2"


@dataclass(frozen=True)
class _Rules:
    """What checking a vote in one round needs. It cannot change while the round exists (items, gate questions and
    criteria lock when their round starts; the scored items are fixed when scoring opens), so a participant's kernel
    reads it once per round rather than on every click."""

    code: str
    session_kind: str
    config: core.SessionConfig
    items: dict[str, tuple[int, str]]  # folded ref -> (item id, ref)
    scoring: frozenset[str] | None
    actions: dict[str, str]  # folded USDOL action id -> id (empty unless the session asks C2)


def _read_rules(s: Session, ws: WorkshopSession) -> _Rules:
    config = _config(s, ws)
    scoring = _scoring_items(ws)
    actions = {}
    if ws.kind == "gaps" and USDOL_GATE in config.gate_keys:
        actions = {fold(a): a for a in s.scalars(select(UsdolAction.id))}
    return _Rules(code=ws.code, session_kind=ws.kind, config=config,
                  items={i.ref.casefold(): (i.id, i.ref) for i in _item_rows(s, ws)},
                  scoring=frozenset(r.casefold() for r in scoring) if scoring is not None else None,
                  actions=actions)


_RULES_CACHE: dict[tuple[int, str, str, int], _Rules] = {}


def _round_rules(project: Project, s: Session, ws: WorkshopSession, round_id: int) -> _Rules:
    # the random join code keeps a database recreated at the same path from reusing another session's rules
    ident = (os.getpid(), project.url, ws.code, round_id)
    rules = _RULES_CACHE.get(ident)
    if rules is None:
        if len(_RULES_CACHE) > 64:
            _RULES_CACHE.clear()
        rules = _RULES_CACHE[ident] = _read_rules(s, ws)
    return rules


def _check_vote(rules: _Rules, open_round: Round | None, rounds: Sequence[Round] | None, item: str, criterion: str,
                value: object, detail: Iterable[object] | None) -> tuple[int, str, str, bool | float, tuple[str, ...]]:
    """``(item id, item ref, question key, value, detail)`` as they will be stored, or ``VoteRejected`` saying why
    not. ``rounds`` (all of the session's) is only needed to explain why no round is open."""
    try:
        key = rules.config.resolve_key(criterion)
    except AtlasQualError as exc:
        raise VoteRejected(exc.key, **exc.params) from None
    kind = "gate" if key in rules.config.gate_keys else "score"
    if open_round is None:
        closed = [r for r in rounds or () if r.status == "closed" and r.kind == kind]
        if closed:
            raise VoteRejected("wsapp_round_closed", round=_round_label(closed[-1].number, kind))
        raise VoteRejected("wsapp_no_open_round")
    if open_round.kind != kind:
        raise VoteRejected("wsapp_wrong_round", criterion=key, round=_round_label(open_round.number, open_round.kind))
    found = rules.items.get(str(item).strip().casefold())
    if found is None:
        raise VoteRejected("wsapp_unknown_item", item=item, code=rules.code)
    item_id, ref = found
    if kind == "score" and rules.scoring is not None and ref.casefold() not in rules.scoring:
        raise VoteRejected("wsapp_item_not_scored", item=ref)
    key, parsed = rules.config.parse_value(key, value)
    clean: tuple[str, ...] = ()
    if detail:
        entries = [str(d).strip() for d in detail if str(d).strip()]
        if kind == "gate" and rules.session_kind == "gaps" and key == USDOL_GATE:
            bad = [d for d in entries if fold(d) not in rules.actions]
            if bad:
                raise VoteRejected("wsapp_unknown_action", actions=", ".join(bad))
            entries = sorted({rules.actions[fold(d)] for d in entries})
        if len(entries) > DETAIL_MAX_ENTRIES or any(len(d) > DETAIL_MAX_CHARS for d in entries):
            raise VoteRejected("wsapp_detail_too_long", limit=DETAIL_MAX_ENTRIES)
        # only a "yes" relies on actions: a "no" with actions would be counted as neither
        clean = tuple(dict.fromkeys(entries)) if parsed is not False else ()
    return item_id, ref, key, parsed, clean


def _upsert_vote(s: Session, round_id: int, participant_id: int, item_id: int, key: str, value: float,
                 detail: tuple[str, ...], cache: dict | None = None) -> bool:
    """Insert or replace one vote; True when it replaced an earlier one.

    ``cache`` (for a batch such as a ballot file) maps ``(participant, item, key)`` to the round's Vote rows, read
    once, so each row costs no query."""
    ident = (participant_id, item_id, key)
    if cache is not None:
        existing = cache.get(ident)
    else:
        existing = s.scalar(select(Vote).where(Vote.round_id == round_id, Vote.participant_id == participant_id,
                                               Vote.item_id == item_id, Vote.criterion == key))
    if existing is not None:
        existing.value, existing.detail, existing.updated_at = value, list(detail), utcnow()
        return True
    values = dict(round_id=round_id, participant_id=participant_id, item_id=item_id, criterion=key, value=value,
                  detail=list(detail), updated_at=utcnow())
    if s.get_bind().dialect.name == "postgresql":
        # two requests of one participant can race past the SELECT above on a server database (SQLite write
        # transactions are serialized by BEGIN IMMEDIATE, so they cannot)
        from sqlalchemy.dialects.postgresql import insert

        stmt = insert(Vote).values(**values)
        s.execute(stmt.on_conflict_do_update(
            index_elements=["round_id", "participant_id", "item_id", "criterion"],
            set_={"value": stmt.excluded.value, "detail": stmt.excluded.detail,
                  "updated_at": stmt.excluded.updated_at}))
    else:
        vote = Vote(**values)
        s.add(vote)
        if cache is not None:
            cache[ident] = vote
    return False
