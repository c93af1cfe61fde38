"""What every coding action needs before it touches the store: the coder's name as stored, a new coding GUID and
the condition that finds a coding on the same words.

Its own module so that the undo log (``atlas_qual.store.undo``), which re-creates codings, and the coding actions
(``atlas_qual.store.coding``), which record undo entries, need not import each other.
"""

from __future__ import annotations

import uuid

from atlas_qual.errors import AtlasQualError


def check_coder(coder: str | None) -> str:
    """The coder name as stored (trimmed), or an error saying it is missing.

    Examples:
        >>> check_coder("  ana.gimenez ")
        'ana.gimenez'
    """
    name = " ".join(str(coder or "").split())
    if not name:
        raise AtlasQualError("coder_missing")
    if len(name) > 120:
        raise AtlasQualError("coder_too_long", coder=name[:40])
    return name


def new_guid() -> str:
    """A new GUID for a coding or memo (REFI-QDA needs one on every coded selection)."""
    return str(uuid.uuid4())


def same_span(start: int | None, end: int | None):
    """SQL condition: a coding on exactly ``start:end`` (both None: the whole turn)."""
    from sqlalchemy import and_

    from atlas_qual.store.models import Coding

    return and_(Coding.start.is_(None), Coding.end.is_(None)) if start is None else and_(
        Coding.start == start, Coding.end == end)
