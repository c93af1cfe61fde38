"""Indicators 5 (refined DMOP-C) and 6 (DMOP-C with a sustainability plan) from the cycle's records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from atlas_qual.indicators import DmopRecord, Indicator, compute_indicators
from atlas_qual.store.db import Project
from atlas_qual.store.models import RefinementEntry, SustainabilityPlan


@dataclass(frozen=True)
class CycleCounts:
    """Indicators 5 (refined DMOP-C) and 6 (DMOP-C with a sustainability plan) with the records behind them."""

    indicator_5: Indicator
    indicator_6: Indicator
    refinements: Mapping[str, int]
    plans: Mapping[str, int]

    def to_dict(self, lang: str = "es") -> dict[str, Any]:
        return {"indicator_5": self.indicator_5.to_dict(lang), "indicator_6": self.indicator_6.to_dict(lang),
                "refinements": dict(self.refinements), "plans": dict(self.plans)}


def dmop_records(s: Session) -> list[DmopRecord]:
    """Every DMOP as the indicators read it: the register's phase history and plan counts, with each refinement
    log entry counted as reaching "refined" on its date (so a logged refinement counts even when no phase change
    was recorded by hand)."""
    from atlas_qual.store.report_data import dmop_records as register_records

    refined = defaultdict(list)
    for dmop_id, day in s.execute(select(RefinementEntry.dmop_id, RefinementEntry.date)):
        refined[dmop_id].append(("refined", day))
    return [replace(r, phases=tuple(r.phases) + tuple(refined.get(r.id, ()))) for r in register_records(s)]


def cycle_counts(project: Project, as_of: dt.date | None = None) -> CycleCounts:
    """Indicators 5 (# refined DMOP-C based on the pilot analysis) and 6 (# DMOP-C sustainability plans developed)
    from the refinement log, the plans and the phase history (``as_of``: as on that day), computed by
    :func:`atlas_qual.indicators.compute_indicators`.

    Examples:
        >>> # counts = cycle_counts(project); counts.indicator_5.value, counts.indicator_5.counted
        >>> # (1, ('MAUEP',))
    """
    with project.session() as s:
        records = dmop_records(s)
        refinements = dict(s.execute(select(RefinementEntry.dmop_id, func.count())
                                     .group_by(RefinementEntry.dmop_id)).all())
        plans = dict(s.execute(select(SustainabilityPlan.dmop_id, func.count())
                               .group_by(SustainabilityPlan.dmop_id)).all())
    if as_of is not None:
        # a plan drafted after the day does not count yet: rebuild plan counts from dated plans
        with project.session() as s:
            dated = dict(s.execute(select(SustainabilityPlan.dmop_id, func.count())
                                   .where(SustainabilityPlan.date <= as_of)
                                   .group_by(SustainabilityPlan.dmop_id)).all())
        records = [replace(r, sustainability_plans=dated.get(r.id, 0)) for r in records]
    indicators = compute_indicators(records, as_of=as_of)
    return CycleCounts(indicator_5=indicators[4], indicator_6=indicators[5], refinements=refinements, plans=plans)
