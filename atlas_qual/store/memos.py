"""Memos on turns, codes and transcripts, each with its author; memos are shared (every coder reads every memo)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.coding_ids import check_coder
from atlas_qual.store.coding_ids import new_guid as _new_guid
from atlas_qual.store.db import Project
from atlas_qual.store.models import Code, Memo, Segment, Transcript

MEMO_KINDS = ("segment", "code", "transcript")

# --- memos ----------------------------------------------------------------------------------------------------


def _check_memo_target(s: Session, kind: str, target_id: int) -> None:
    model = {"segment": Segment, "code": Code, "transcript": Transcript}.get(kind)
    if model is None:
        raise AtlasQualError("memo_kind_unknown", kind=kind)
    if s.get(model, int(target_id)) is None:
        raise AtlasQualError("memo_target_unknown", kind=kind, id=target_id)


def set_memo(project: Project, kind: str, target_id: int, author: str, text: str, *, title: str = "") -> int | None:
    """Write ``author``'s memo on a segment, code or transcript (one per author and target: writing again
    replaces it; empty text deletes it). Returns the memo id, or None when deleted.

    Examples:
        >>> # set_memo(project, "segment", 12, "ana.gimenez", "Contradice el turno 8.")
    """
    author = check_coder(author)
    body = (text or "").strip()

    def _set(s: Session) -> int | None:
        _check_memo_target(s, kind, target_id)
        row = s.scalar(select(Memo).where(Memo.target_kind == kind, Memo.target_id == int(target_id),
                                          Memo.author == author))
        if not body:
            if row is not None:
                s.delete(row)
            return None
        if row is None:
            row = Memo(target_kind=kind, target_id=int(target_id), author=author, title=title, text=body,
                       guid=_new_guid())
            s.add(row)
        else:
            row.text, row.title = body, title or row.title
        s.flush()
        return row.id

    return project.write(_set)


def get_memos(project: Project, kind: str, target_ids: Iterable[int], *, author: str | None = None
              ) -> dict[int, list[dict[str, Any]]]:
    """Memos on the given targets, newest first, each with its author (memos are shared between coders; only
    ``author``'s when given)."""
    if kind not in MEMO_KINDS:
        raise AtlasQualError("memo_kind_unknown", kind=kind)
    ids = [int(i) for i in target_ids]
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return out
    with project.session() as s:
        q = select(Memo).where(Memo.target_kind == kind, Memo.target_id.in_(ids))
        if author is not None:
            q = q.where(Memo.author == author)
        for m in s.scalars(q.order_by(Memo.updated_at.desc())):
            out[m.target_id].append({"id": m.id, "author": m.author, "title": m.title, "text": m.text,
                                     "updated_at": m.updated_at.isoformat(timespec="seconds")})
    return out
