"""Analysts' report content per DMOP (``atlas_qual.reports.content``), stored in the project's ``meta`` table as one
JSON document per DMOP. Its round trip through YAML or Excel (`atlas-qual report content export|import`) is in
``atlas_qual.store.report_content_files``.
"""

from __future__ import annotations

import json
from typing import Any

from atlas_qual.reports.content import normalize_content

PREFIX = "report_content."


def get_content(project, dmop: str) -> dict[str, Any] | None:
    """The analysts' content of a DMOP (None when nothing was stored)."""
    raw = project.meta(PREFIX + dmop)
    if not raw:
        return None
    return normalize_content(json.loads(raw), where=dmop)


def save_content(project, dmop: str, content: dict[str, Any]) -> dict[str, Any]:
    """Check and store a DMOP's content in one transaction; returns it normalised."""
    from atlas_qual.store.models import Meta
    from atlas_qual.store.case_values import resolve_dmop

    with project.session() as s:
        dmop = resolve_dmop(s, dmop).id
    clean = normalize_content({**content, "dmop": dmop}, where=dmop)
    payload = json.dumps(clean, ensure_ascii=False)

    def write(s) -> None:
        row = s.get(Meta, PREFIX + dmop)
        if row is None:
            s.add(Meta(key=PREFIX + dmop, value=payload))
        else:
            row.value = payload
    project.write(write)
    return clean


__all__ = ["PREFIX", "get_content", "save_content"]
