"""DMOP phase changes: a DMOP's current phase is the phase of its latest dated change (the furthest that day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual import cycle as core
from atlas_qual.errors import AtlasQualError
from atlas_qual.indicators import PHASES, phase_index
from atlas_qual.store.cycle.common import _dmop, _t, _today
from atlas_qual.store.db import Project
from atlas_qual.store.models import Dmop, DmopPhaseChange, Territory


def _territory(s: Session, value: str | None) -> str | None:
    from atlas_qual.bok import fold

    if not value:
        return None
    rows = list(s.scalars(select(Territory)))
    for row in rows:
        if fold(value) in {fold(row.id), fold(row.name), fold(row.name_en)}:
            return row.id
    raise AtlasQualError("unknown_territory", territory=value, known=", ".join(r.id for r in rows))


def _furthest(s: Session, dmop: Dmop) -> int:
    phases = [phase_index(p) for p in s.scalars(select(DmopPhaseChange.phase)
                                                .where(DmopPhaseChange.dmop_id == dmop.id))]
    return max(phases + [phase_index(dmop.phase or "development")])


def _add_phase(s: Session, dmop: Dmop, phase: str, day: dt.date, *, territory: str | None = None,
               note: str = "") -> DmopPhaseChange:
    """A phase change inside the caller's transaction; the DMOP's current phase follows its latest dated change."""
    phase_index(phase)
    row = DmopPhaseChange(dmop_id=dmop.id, phase=phase, date=day, territory_id=territory, note=note)
    s.add(row)
    s.flush()
    changes = list(s.scalars(select(DmopPhaseChange).where(DmopPhaseChange.dmop_id == dmop.id)))
    latest = max(changes, key=lambda c: (c.date, phase_index(c.phase), c.id))
    dmop.phase = latest.phase
    return row


def _history(s: Session, dmop: Dmop) -> list[tuple[str, dt.date]]:
    return [(p, d) for p, d in s.execute(select(DmopPhaseChange.phase, DmopPhaseChange.date)
                                         .where(DmopPhaseChange.dmop_id == dmop.id))]


def _reach_phase(s: Session, dmop: Dmop, phase: str, day: dt.date, note: str) -> bool:
    """Record ``phase`` unless the DMOP already reached it (never moves a DMOP back); True when recorded. A day
    the DMOP's history contradicts (a refinement dated before the evaluation it follows) is refused, saying why."""
    core.check_phase_order(_history(s, dmop), dmop.id, phase, day, strict=False)
    if _furthest(s, dmop) >= phase_index(phase):
        return False
    _add_phase(s, dmop, phase, day, note=note)
    return True


def record_phase(project: Project, dmop: str, phase: str, *, date: Any = None, territory: str | None = None,
                 note: str = "") -> str:
    """Record that a DMOP entered ``phase`` (development, pilot, evaluated, refined, sustainability_plan,
    institutionalized) on ``date`` (default today), optionally in one territory; returns the DMOP's current phase.
    The day must not be in the future, and the DMOP must have reached the phase before (``cycle.PHASE_REQUIRES``)
    by then; going back (the refined model piloted again) is allowed.

    Examples:
        >>> # record_phase(project, "MAUEP", "institutionalized", date="2026-11-30", note="Resolución MTESS 123")
    """
    from atlas_qual.bok import fold

    wanted = fold(phase).replace(" ", "_")
    aliases = {fold(_t(f"phase_{p}", "es")).replace(" ", "_"): p for p in PHASES}
    aliases.update({fold(_t(f"phase_{p}", "en")).replace(" ", "_"): p for p in PHASES})
    canonical = wanted if wanted in PHASES else aliases.get(wanted)
    if canonical is None:
        raise AtlasQualError("cycle_unknown_phase", phase=phase, known=", ".join(PHASES))
    day = core.parse_day(date, what=_t("cycle_what_phase_date")) if date not in (None, "") else _today()
    core.check_not_future(day, _today(), what=_t("cycle_what_phase_date"))

    def _do(s: Session) -> str:
        d = _dmop(s, dmop)
        # institutionalized before piloted, or piloted before developed: refused, naming the phase it needs
        core.check_phase_order(_history(s, d), d.id, canonical, day)
        _add_phase(s, d, canonical, day, territory=_territory(s, territory), note=" ".join(str(note).split()))
        return d.phase

    return project.write(_do)
