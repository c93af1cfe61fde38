"""Shared internals of the cycle store: translated strings, today, the DMOP and session lookups, text cleaning."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.models import Dmop
from atlas_qual.store.workshop.common import _lookup_session as _session_by_code  # noqa: F401  (one lookup of a join code)


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


def _clean_text(text: object) -> str:
    return " ".join(str(text or "").split())
