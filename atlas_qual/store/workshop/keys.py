"""The facilitator-key check of the store: slow hash outside any transaction, growing delay, old hashes upgraded."""

from __future__ import annotations

import math

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from atlas_qual import keys
from atlas_qual import workshop as core
from atlas_qual.errors import AtlasQualError, NotAuthorized
from atlas_qual.store.db import Project
from atlas_qual.store.models import WorkshopSession, utcnow


def check_key(project: Project, code: str, key: str | None) -> None:
    """Raise ``NotAuthorized`` unless ``key`` is the session's facilitator key (``AtlasQualError`` if no session).

    The hash (a few hundred ms) is computed before any transaction, so it never holds the writer's lock that votes
    wait on. Wrong keys are counted on the session row, so the delay holds across processes (several servers, the
    CLI): after ``keys.FREE_FAILURES`` wrong keys in a row every try waits ``keys.delay_after(n)`` seconds and is
    refused unseen until then. A key that already matched in this process (an unlocked facilitator page) passes
    without the delay. A right key resets the count and re-hashes an old 2,000-iteration hash.

    Examples:
        >>> # check_key(project, "AB3K9Z", key)   # or NotAuthorized("wsapp_not_authorized" | "wsapp_key_wait")
    """
    try:
        canonical = core.normalize_join_code(code)
    except AtlasQualError:
        raise AtlasQualError("wsapp_unknown_session", code=str(code).strip()) from None
    with project.session() as s:
        row = s.execute(select(WorkshopSession.id, WorkshopSession.key_hash, WorkshopSession.key_failures,
                               WorkshopSession.key_retry_at).where(WorkshopSession.code == canonical)).first()
    if row is None:
        raise AtlasQualError("wsapp_unknown_session", code=canonical)
    session_id, stored, failures, retry_at = row
    if keys.remembered(key, stored):
        return
    now = utcnow()
    if retry_at is not None and retry_at > now:
        raise NotAuthorized("wsapp_key_wait", code=canonical,
                            seconds=max(1, math.ceil((retry_at - now).total_seconds())))
    if not keys.verify_key(key, stored):
        _record_failure(project, session_id)
        raise NotAuthorized("wsapp_not_authorized", code=canonical)
    values: dict = {}
    if keys.needs_rehash(stored):
        values["key_hash"] = keys.hash_key(key)
    if failures or retry_at is not None:
        values.update(key_failures=0, key_retry_at=None)
    if values:
        # only if nobody changed the hash meanwhile (a concurrent upgrade wrote an equally valid one)
        project.write(lambda s: s.execute(update(WorkshopSession).where(WorkshopSession.id == session_id,
                                                                        WorkshopSession.key_hash == stored)
                                          .values(**values)))
    keys.remember(key, values.get("key_hash", stored))


def _record_failure(project: Project, session_id: int) -> None:
    def _do(s: Session) -> None:
        s.execute(update(WorkshopSession).where(WorkshopSession.id == session_id)
                  .values(key_failures=func.coalesce(WorkshopSession.key_failures, 0) + 1))
        failures = s.scalar(select(WorkshopSession.key_failures).where(WorkshopSession.id == session_id)) or 0
        delay = keys.delay_after(failures)
        if delay:
            import datetime as dt

            s.execute(update(WorkshopSession).where(WorkshopSession.id == session_id)
                      .values(key_retry_at=utcnow() + dt.timedelta(seconds=delay)))

    project.write(_do)


def key_matches(ws: WorkshopSession, key: str | None) -> bool:
    """Inside a transaction: True when ``key`` matches (the fast path after ``check_key``; a full, slow check
    otherwise, with no delay bookkeeping)."""
    return keys.remembered(key, ws.key_hash) or keys.verify_key(key, ws.key_hash)


__all__ = ["check_key", "key_matches"]
