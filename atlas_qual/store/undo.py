"""Undo and redo of a coder's last coding actions, kept in the store so they survive a page reload.

Each action (apply, remove, change, accept, reject) is recorded in the same transaction as the change, as the
states of the codings it touched before and after, keyed by GUID. Undo puts the "before" states back, redo the
"after" states. A new action drops the coder's redo stack; only the newest ``KEEP`` actions per coder are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from atlas_qual.store.db import Project
from atlas_qual.store.models import Code, Coding, CodingAction, Segment

KEEP = 50
T = TypeVar("T")
_FIELDS = ("segment_id", "code_id", "coder", "origin", "status", "start", "end", "rule", "matches")
# kept too, so that an undone removal brings back the very coding (its id, its date, who selected it in another
# program); states recorded before these were kept lack them and come back as before
_KEPT = ("id", "created_at", "selected_by")


def _row(c: Coding) -> dict[str, Any]:
    out = {f: getattr(c, f) for f in _FIELDS}
    out["matches"] = [list(m) for m in (c.matches or [])]
    out["id"] = c.id
    out["created_at"] = c.created_at.isoformat() if c.created_at is not None else None
    out["selected_by"] = c.selected_by
    return out


def _restore_kept(s: Session, row: Coding, state: dict[str, Any], new: bool) -> None:
    import datetime as dt

    if state.get("created_at"):
        row.created_at = dt.datetime.fromisoformat(state["created_at"])
    if "selected_by" in state:
        row.selected_by = state["selected_by"]
    if new and state.get("id") is not None and s.get(Coding, state["id"]) is None:
        row.id = state["id"]


def _states(s: Session, coder: str, segment_ids: Iterable[int]) -> dict[str, dict[str, Any]]:
    ids = sorted({int(i) for i in segment_ids})
    if not ids:
        return {}
    return {c.guid: _row(c) for c in s.scalars(select(Coding).where(Coding.coder == coder,
                                                                    Coding.segment_id.in_(ids)))}


def tracked(s: Session, coder: str, segment_ids: Iterable[int], kind: str, summary: dict[str, Any],
            fn: Callable[[], T]) -> T:
    """Run ``fn`` (a change to ``coder``'s codings on ``segment_ids``) inside the caller's transaction and record
    it as one undoable action when it changed anything."""
    ids = list(segment_ids)
    before = _states(s, coder, ids)
    result = fn()
    s.flush()
    after = _states(s, coder, ids)
    changed = {g for g in set(before) | set(after) if before.get(g) != after.get(g)}
    if changed:
        s.execute(delete(CodingAction).where(CodingAction.coder == coder, CodingAction.state == "undone"))
        s.add(CodingAction(coder=coder, kind=kind, state="done", summary=dict(summary),
                           before={g: before.get(g) for g in changed}, after={g: after.get(g) for g in changed}))
        s.flush()
        old = s.scalars(select(CodingAction.id).where(CodingAction.coder == coder, CodingAction.state == "done")
                        .order_by(CodingAction.id.desc()).offset(KEEP)).all()
        if old:
            s.execute(delete(CodingAction).where(CodingAction.id.in_(old)))
    return result


def _put(s: Session, states: dict[str, Any]) -> list[int]:
    """Make each GUID's coding match its recorded state (None: absent). Returns the segments touched; a coding
    whose segment or code has since been deleted stays deleted."""
    from atlas_qual.store.coding_ids import new_guid as _new_guid

    touched = []
    for guid, state in states.items():
        row = s.scalar(select(Coding).where(Coding.guid == guid))
        if state is None:
            if row is not None:
                touched.append(row.segment_id)
                s.delete(row)
            continue
        if s.get(Segment, state["segment_id"]) is None or s.get(Code, state["code_id"]) is None:
            continue
        if row is None:
            # the same coding (same span, code, coder) may exist again under another GUID: take it over
            same_start = Coding.start.is_(None) if state["start"] is None else Coding.start == state["start"]
            same_end = Coding.end.is_(None) if state["end"] is None else Coding.end == state["end"]
            row = s.scalar(select(Coding).where(Coding.segment_id == state["segment_id"],
                                                Coding.code_id == state["code_id"], Coding.coder == state["coder"],
                                                same_start, same_end))
            if row is None:
                row = Coding(guid=guid or _new_guid())
                _restore_kept(s, row, state, new=True)
                s.add(row)
        for f in _FIELDS:
            setattr(row, f, state[f])
        _restore_kept(s, row, state, new=False)
        touched.append(state["segment_id"])
        s.flush()
    return touched


@dataclass(frozen=True)
class Undone:
    """What an undo or redo did: the action's kind, its summary (code_id, segment_id, start, end) and the
    segments whose codings changed."""

    kind: str
    summary: dict[str, Any]
    segments: tuple[int, ...]


def _step(project: Project, coder: str, undo: bool) -> Undone | None:
    from atlas_qual.store.coding_ids import check_coder

    coder = check_coder(coder)

    def _do(s: Session) -> Undone | None:
        q = select(CodingAction).where(CodingAction.coder == coder)
        if undo:
            q = q.where(CodingAction.state == "done").order_by(CodingAction.id.desc())
        else:
            q = q.where(CodingAction.state == "undone").order_by(CodingAction.id)
        action = s.scalars(q.limit(1)).first()
        if action is None:
            return None
        # the deletes first, so a coding coming back never collides with one still there (unique span)
        states = action.before if undo else action.after
        ordered = dict(sorted(states.items(), key=lambda kv: kv[1] is not None))
        touched = _put(s, ordered)
        action.state = "undone" if undo else "done"
        return Undone(action.kind, dict(action.summary or {}), tuple(dict.fromkeys(touched)))

    return project.write(_do)


def undo(project: Project, coder: str) -> Undone | None:
    """Undo ``coder``'s latest coding action (None when there is nothing to undo).

    Examples:
        >>> # apply_code(project, 12, "Debilidades", "ana"); undo(project, "ana").kind -> 'apply'
    """
    return _step(project, coder, True)


def redo(project: Project, coder: str) -> Undone | None:
    """Redo the action ``coder`` undid last (None when there is nothing to redo)."""
    return _step(project, coder, False)


def history(project: Project, coder: str) -> tuple[int, int]:
    """How many actions ``coder`` can undo and redo."""
    from sqlalchemy import func

    if not coder:
        return 0, 0
    with project.session() as s:
        counts = dict(s.execute(select(CodingAction.state, func.count()).where(CodingAction.coder == coder)
                                .group_by(CodingAction.state)).all())
    return counts.get("done", 0), counts.get("undone", 0)
