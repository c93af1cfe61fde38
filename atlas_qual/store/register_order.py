"""The phase rows of a register import checked against the DMOP's history, as `register phase` checks one change
(``cycle.check_phase_order``): a row is refused when the project's recorded changes and the file's other rows
contradict it (institutionalized before a sustainability plan, a pilot dated before the development started).

The rows of a DMOP are taken in date order (on one day: development first, institutionalized last), whatever their
order in the file: a year of phases listed in any order goes in when its dates make sense. A row refused makes the
rows that needed it refused too, naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy import select

from atlas_qual.i18n import N_
from atlas_qual.store.models import DmopPhaseChange
from atlas_qual.store.register_records import RowError


@dataclass(frozen=True)
class PhaseOrderError(RowError):
    """A phase row the history contradicts: its problem says why in the reader's language (dates in the reader's
    format, phases by their translated names) and how to fix the file."""

    def problem(self, lang: str | None = None) -> str:
        from atlas_qual.cycle import CycleDateError

        return CycleDateError(self.key, **self.params).message(lang)


def phase_order_errors(s, file: str, records: list[dict[str, Any]],
                       columns: Mapping[str, str]) -> tuple[list[dict[str, Any]], list[RowError]]:
    """(the records the history allows, a PhaseOrderError per refused record), read in session ``s`` (the import's
    write transaction, so nothing changes between the check and the write).

    Each DMOP's records, in date order, are checked against the changes already recorded plus the rows accepted
    before them (the rule `register phase` applies to one change); a development dated later in the file still
    refuses an earlier pilot, and a refusal that a later-dated row explains names the day it was reached."""
    from atlas_qual.cycle import CycleDateError, check_phase_order
    from atlas_qual.indicators import phase_index

    by_dmop: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_dmop.setdefault(r["dmop"], []).append(r)
    accepted_ids: set[int] = set()
    errors: list[RowError] = []
    for dmop, recs in by_dmop.items():
        recorded = [(p, d) for p, d in s.execute(select(DmopPhaseChange.phase, DmopPhaseChange.date)
                                                 .where(DmopPhaseChange.dmop_id == dmop))]
        ordered = sorted(recs, key=lambda r: (r["date"], phase_index(r["phase"]), r["_row"]))
        accepted = list(recorded)
        refused: list[dict[str, Any]] = []
        for i, r in enumerate(ordered):
            later = [(x["phase"], x["date"]) for x in ordered[i + 1:]]
            try:
                # with the file's later rows: a development dated after this pilot, the day a phase was reached
                check_phase_order(accepted + later, dmop, r["phase"], r["date"])
                # and without them: only what is recorded or accepted so far (two rows of one day never vouch
                # for each other, a refused row never vouches for the next)
                check_phase_order(accepted, dmop, r["phase"], r["date"])
            except CycleDateError as exc:
                errors.append(_row_error(file, r, exc, refused, columns))
                refused.append(r)
                continue
            accepted.append((r["phase"], r["date"]))
            accepted_ids.add(id(r))
    return [r for r in records if id(r) in accepted_ids], sorted(errors, key=lambda e: e.row)


def _row_error(file: str, r: dict[str, Any], exc, refused: list[dict[str, Any]],
               columns: Mapping[str, str]) -> RowError:
    """The refusal as a row of the import: a refused row that would have given the phase this one needs is named
    (fix that row); a phase never reached asks for its row; a phase reached later asks to check this row's date."""
    from atlas_qual.indicators import phase_index

    required = exc.params.get("required")
    cause = next((x for x in refused if required and phase_index(x["phase"]) >= phase_index(required)
                  and x["date"] <= r["date"]), None)
    params = {"dmop": exc.params["dmop"], "phase": r["phase"], "day": r["date"], "required": required}
    if cause is not None:
        return PhaseOrderError(file, r["_row"], "", N_("register_phase_row_needs_refused"),
                               {**params, "other": cause["_row"]})
    if exc.key == "cycle_phase_needs":
        return PhaseOrderError(file, r["_row"], "", N_("register_phase_row_needs"), params)
    return PhaseOrderError(file, r["_row"], columns.get("date", "date"), N_("register_phase_row_too_early"),
                           dict(exc.params))


__all__ = ["PhaseOrderError", "phase_order_errors"]
