"""Project summary counts: the numbers `atlas-qual info` prints and the landing page shows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import distinct, func, select

from atlas_qual.store.db import Project
from atlas_qual.store.models import (
    SCHEMA_VERSION,
    Code,
    Coding,
    Dmop,
    Gap,
    Institution,
    Participant,
    Segment,
    Territory,
    Theme,
    Transcript,
    WorkshopSession,
)


def project_info(project: Project, *, redact: bool = True, lang: str = "es") -> dict[str, Any]:
    """The DESIGN.md `info --json` object, plus `codings_by_coder`, `dmop_list` and `sessions_list` for the landing page.
    Session titles (a facilitator may name people in them) are redacted, as in every output, unless ``redact=False``.

    Examples:
        >>> import tempfile, os
        >>> from atlas_qual.store import open_project
        >>> project_info(open_project(os.path.join(tempfile.mkdtemp(), "p.db"), create=True))["transcripts"]
        0
    """
    with project.session() as s:
        count = lambda model: s.scalar(select(func.count()).select_from(model)) or 0  # noqa: E731
        by_coder = dict(
            s.execute(
                select(Coding.coder, func.count()).where(Coding.status == "accepted").group_by(Coding.coder)
                .order_by(Coding.coder)
            ).all()
        )
        sessions = [
            {"code": ws.code, "title": ws.title, "kind": ws.kind, "status": ws.status,
             "participants": s.scalar(select(func.count()).where(Participant.session_id == ws.id)) or 0}
            for ws in s.scalars(select(WorkshopSession).order_by(WorkshopSession.id))
        ]
        if redact and sessions:
            from atlas_qual.store.project_redaction import project_redactor

            hide = project_redactor(project, lang).redact
            sessions = [{**ws, "title": hide(ws["title"])} for ws in sessions]
        dmops = [{"id": d.id, "name_es": d.name_es, "name_en": d.name_en, "phase": d.phase}
                 for d in s.scalars(select(Dmop).order_by(Dmop.id))]
        by_territory = dict(
            s.execute(select(Transcript.territory_id, func.count()).where(Transcript.territory_id.is_not(None))
                      .group_by(Transcript.territory_id).order_by(Transcript.territory_id)).all())
        territory_names = {t.id: t.name for t in s.scalars(select(Territory))}
        return {
            "schema_version": SCHEMA_VERSION,
            "project": project.name,
            "transcripts": count(Transcript),
            "segments": count(Segment),
            "codings": sum(by_coder.values()),
            "coders": sorted(by_coder),
            "codes": count(Code),
            "gaps": count(Gap),
            "sessions": len(sessions),
            "dmops": len(dmops),
            "themes": s.scalar(select(func.count()).select_from(Theme).where(Theme.deleted.is_(False))) or 0,
            "territories": count(Territory),
            "institutions": count(Institution),
            "interviewed_institutions": s.scalar(select(func.count(distinct(Transcript.institution_id)))) or 0,
            "codings_by_coder": by_coder,
            "dmop_list": dmops,
            "sessions_list": sessions,
            "transcripts_by_territory": by_territory,
            "territory_names": territory_names,
        }
