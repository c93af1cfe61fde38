"""Shared internals of the cycle store: translated strings, today, the DMOP and session lookups, text cleaning."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.models import Dmop, WorkshopSession


def _t(key: str, lang: str | None = None, **params: Any) -> str:
    from atlas_qual.i18n import t

    return t(key, lang=lang, **params)


def _today() -> dt.date:
    return dt.date.today()


def _dmop(s: Session, dmop: str) -> Dmop:
    from atlas_qual.bok import fold

    for row in s.scalars(select(Dmop)):
        if fold(row.id) == fold(dmop or ""):
            return row
    raise AtlasQualError("unknown_dmop", dmop=dmop,
                         known=", ".join(s.scalars(select(Dmop.id).order_by(Dmop.id))))


def _session_by_code(s: Session, code: str) -> WorkshopSession:
    from atlas_qual.workshop import normalize_join_code

    try:
        canonical = normalize_join_code(code)
    except AtlasQualError:
        raise AtlasQualError("wsapp_unknown_session", code=str(code).strip()) from None
    ws = s.scalar(select(WorkshopSession).where(WorkshopSession.code == canonical))
    if ws is None:
        raise AtlasQualError("wsapp_unknown_session", code=canonical)
    return ws


def _clean_text(text: object) -> str:
    return " ".join(str(text or "").split())
