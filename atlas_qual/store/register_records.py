"""Register rows into records and records into the database: row errors, validation, upserts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from sqlalchemy import select

from atlas_qual.i18n import t
from atlas_qual.indicators import phase_index
from atlas_qual.store.models import Dmop, DmopPhaseChange, Meeting, MeetingAttendee, ReachRecord, SurveyResponse
from atlas_qual.store.register_files import COLUMNS, REQUIRED, SurveyMapping
from atlas_qual.store.register_values import (
    InvalidValue,
    _free_text,
    _Reference,
    _text,
    parse_change,
    parse_count,
    parse_date,
    hm_letters,
    parse_gender,
    parse_month,
    parse_phase,
    parse_rating,
)


@dataclass(frozen=True)
class RowError:
    """One bad row of an import: file, row number as the user sees it (header = row 1), column and the problem."""

    file: str
    row: int
    column: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def problem(self, lang: str | None = None) -> str:
        return t(self.key, lang=lang, **self.params)

    def message(self, lang: str | None = None) -> str:
        if not self.column:
            return t("register_row_error_nocol", lang=lang, file=self.file, row=self.row, problem=self.problem(lang))
        column = self.column
        if self.key == "register_column_missing":  # our field id ("date"): named as the reader knows it ("Fecha")
            from atlas_qual.i18n import has

            if has(f"register_field_{column}"):
                column = t(f"register_field_{column}", lang=lang)
        return t("register_row_error", lang=lang, file=self.file, row=self.row, column=column,
                 problem=self.problem(lang))

    def to_dict(self, lang: str | None = None) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "error": self.message(lang)}


def grouped_messages(errors: Sequence[RowError], lang: str | None = None) -> list[str]:
    """One line per problem rather than per row: the same problem in the same column on many rows (a territory
    spelled one wrong way down a 2,000-row sheet) is said once, with its rows ("filas 2-2001 (2000 filas)").

    Examples:
        >>> e = [RowError("r.csv", n, "Fecha", "register_value_missing") for n in (2, 3, 4, 9)]
        >>> grouped_messages(e, "es")[0].startswith("r.csv, filas 2-4, 9 (4 filas), columna «Fecha»")
        True
    """
    from atlas_qual.i18n import Plural

    groups: dict[tuple, list[RowError]] = {}
    for e in errors:
        key = (e.file, e.column, e.key, tuple(sorted((k, str(v)) for k, v in e.params.items())))
        groups.setdefault(key, []).append(e)
    lines = []
    for same in groups.values():
        first = same[0]
        if len(same) == 1:
            lines.append(first.message(lang))
            continue
        rows = sorted({e.row for e in same})
        spans, start = [], rows[0]
        for prev, row in zip(rows, rows[1:] + [None]):
            if row != prev + 1:
                spans.append(str(start) if start == prev else f"{start}-{prev}")
                start = row
        params = {"file": first.file, "rows": ", ".join(spans), "n": Plural("count_rows", len(rows)),
                  "problem": first.problem(lang)}
        if first.column:
            lines.append(t("register_rows_error", lang=lang, column=first.column, **params))
        else:
            lines.append(t("register_rows_error_nocol", lang=lang, **params))
    return lines


# --- validating rows into records -------------------------------------------------------------------------------


def _validate(kind: str, file: str, rows, ref: _Reference, columns: Mapping[str, str], *,
              mapping: SurveyMapping | None = None, defaults: Mapping[str, Any] | None = None,
              known_meetings: bool = True):
    """(records, errors): each good row as a dict of typed fields (with its row number), each bad one as RowErrors.
    ``known_meetings=False``: attendees of a meeting being added in the same transaction."""
    defaults = defaults or {}
    records, errors = [], []
    first_ref: dict[str, tuple[int, dict]] = {}  # a meeting's code -> (row, fields) where this file first gave it
    # a sex column written H/M (hombre/mujer): its "M" is a woman, for the whole file
    spanish_hm = kind == "attendees" and hm_letters(row.get(columns.get("gender", "")) for _n, row in rows)
    for n, row in rows:
        rec: dict[str, Any] = {"_row": n}
        row_errors = []

        def get(fld: str):
            col = columns.get(fld)
            value = row.get(col) if col else None
            if (value is None or _text(value) == "") and fld in defaults:
                return defaults[fld]
            return value

        def check(fld: str, fn: Callable[[Any], Any]):
            try:
                rec[fld] = fn(get(fld))
            except InvalidValue as exc:
                row_errors.append(RowError(file, n, columns.get(fld, fld), exc.key, exc.params))

        if kind == "meetings":
            rec["ref"] = _text(get("ref"))[:40]
            check("date", parse_date)
            check("dmop", ref.dmop)
            check("territory", ref.territory)
            for fld in ("title", "topics", "challenges", "innovative_solutions", "actions_taken"):
                rec[fld] = _free_text(get(fld))
        elif kind == "attendees":
            rec["meeting"] = _text(get("meeting"))
            if not rec["meeting"]:
                row_errors.append(RowError(file, n, columns.get("meeting", "meeting"), "register_value_missing"))
            elif known_meetings and rec["meeting"] not in ref.meetings:
                row_errors.append(RowError(file, n, columns.get("meeting", "meeting"), "register_value_unknown_meeting",
                                           {"value": rec["meeting"]}))
            rec["name"] = _text(get("name"))
            if not rec["name"]:
                row_errors.append(RowError(file, n, columns.get("name", "name"), "register_value_missing"))
            check("institution", ref.institution)
            rec["role"] = _text(get("role"))
            rec["gender"] = parse_gender(get("gender"), spanish_hm)
        elif kind == "phases":
            check("dmop", lambda v: ref.dmop(v, required=True))
            check("phase", parse_phase)
            check("date", parse_date)
            check("territory", ref.territory)
            rec["note"] = _free_text(get("note"))
        elif kind == "reach":
            check("month", parse_month)
            rec["channel"] = _text(get("channel"))[:40]
            if not rec["channel"]:
                row_errors.append(RowError(file, n, columns.get("channel", "channel"), "register_value_missing"))
            check("territory", ref.territory)
            for fld in ("posts", "replications", "comments"):
                check(fld, parse_count)
            check("radio_rating", parse_rating)
        elif kind == "survey":
            assert mapping is not None
            rec["respondent"] = _text(get("respondent"))
            check("dmop", ref.dmop)
            check("territory", ref.territory)
            check("institution", ref.institution)
            rec["role"] = _text(get("role"))
            check("date", lambda v: parse_date(v, required=False))
            check("coordination_change", lambda v: parse_change(v, mapping.values))
            used = {v for k, v in mapping.columns.items()}
            if mapping.questions:
                answers = {qid: _answer(row.get(col)) for qid, col in mapping.questions.items() if col in row}
            else:
                answers = {col: _answer(v) for col, v in row.items() if col not in used}
            rec["answers"] = {k: v for k, v in answers.items() if v not in ("", None)}
        if kind == "meetings" and rec["ref"] and not row_errors:
            # the same code twice in one file: the second row would silently replace the first
            fields = {k: v for k, v in rec.items() if k != "_row"}
            earlier = first_ref.setdefault(rec["ref"], (n, fields))
            if earlier[0] != n:
                if earlier[1] == fields:
                    continue  # the same row twice: once is enough
                row_errors.append(RowError(file, n, columns.get("ref", "ref"), "register_value_duplicate_ref",
                                           {"value": rec["ref"], "row": earlier[0]}))
        if row_errors:
            errors.extend(row_errors)
        else:
            records.append(rec)
    return records, errors


def _answer(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value if isinstance(value, (int, float)) else _text(value)


def _missing_columns(kind: str, file: str, columns: Mapping[str, str], defaults: Mapping[str, Any]) -> list[RowError]:
    missing = [f for f in REQUIRED[kind] if f not in columns and f not in defaults]
    return [RowError(file, 1, f, "register_column_missing",
                     {"names": ", ".join(COLUMNS[kind][f][:3])}) for f in missing]


# --- writing ----------------------------------------------------------------------------------------------------


def _next_ref(s, dmop: str | None, date: dt.date) -> str:
    base = f"{dmop or 'M'}-{date:%Y%m%d}"
    taken = set(s.scalars(select(Meeting.ref).where(Meeting.ref.like(base + "%"))))
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _set(obj, values: Mapping[str, Any]) -> bool:
    changed = False
    for k, v in values.items():
        if getattr(obj, k) != v:
            setattr(obj, k, v)
            changed = True
    return changed


def _write(s, kind: str, records: list[dict]) -> tuple[int, int, int]:
    added = updated = unchanged = 0

    def count(new: bool, changed: bool) -> None:
        nonlocal added, updated, unchanged
        if new:
            added += 1
        elif changed:
            updated += 1
        else:
            unchanged += 1

    if kind == "meetings":
        for r in records:
            values = {"date": r["date"], "dmop_id": r["dmop"], "territory_id": r["territory"], "title": r["title"],
                      "topics": r["topics"], "challenges": r["challenges"],
                      "innovative_solutions": r["innovative_solutions"], "actions_taken": r["actions_taken"]}
            existing = s.scalar(select(Meeting).where(Meeting.ref == r["ref"])) if r["ref"] else s.scalar(
                select(Meeting).where(Meeting.date == r["date"], Meeting.dmop_id == r["dmop"],
                                      Meeting.territory_id == r["territory"], Meeting.title == r["title"]))
            if existing is None:
                s.add(Meeting(ref=r["ref"] or _next_ref(s, r["dmop"], r["date"]), **values))
                s.flush()
                count(True, False)
            else:
                count(False, _set(existing, values))
    elif kind == "attendees":
        ids = {m.ref: m.id for m in s.scalars(select(Meeting)) if m.ref}
        for r in records:
            mid = ids[r["meeting"]]
            values = {"institution_id": r["institution"], "role": r["role"], "gender": r["gender"]}
            existing = s.scalar(select(MeetingAttendee).where(MeetingAttendee.meeting_id == mid,
                                                              MeetingAttendee.name == r["name"]))
            if existing is None:
                s.add(MeetingAttendee(meeting_id=mid, name=r["name"], **values))
                count(True, False)
            else:
                count(False, _set(existing, values))
    elif kind == "phases":
        touched = set()
        for r in records:
            existing = s.scalar(select(DmopPhaseChange).where(
                DmopPhaseChange.dmop_id == r["dmop"], DmopPhaseChange.phase == r["phase"],
                DmopPhaseChange.date == r["date"], DmopPhaseChange.territory_id.is_(None) if r["territory"] is None
                else DmopPhaseChange.territory_id == r["territory"]))
            if existing is None:
                s.add(DmopPhaseChange(dmop_id=r["dmop"], phase=r["phase"], date=r["date"],
                                      territory_id=r["territory"], note=r["note"]))
                count(True, False)
            else:
                count(False, _set(existing, {"note": r["note"]}))
            touched.add(r["dmop"])
        s.flush()
        for dmop_id in touched:
            _refresh_phase(s, dmop_id)
    elif kind == "reach":
        for r in records:
            values = {"posts": r["posts"], "replications": r["replications"], "comments": r["comments"],
                      "radio_rating": r["radio_rating"]}
            existing = s.scalar(select(ReachRecord).where(
                ReachRecord.month == r["month"], ReachRecord.channel == r["channel"],
                ReachRecord.territory_id.is_(None) if r["territory"] is None
                else ReachRecord.territory_id == r["territory"]))
            if existing is None:
                s.add(ReachRecord(month=r["month"], channel=r["channel"], territory_id=r["territory"], **values))
                s.flush()
                count(True, False)
            else:
                count(False, _set(existing, values))
    elif kind == "survey":
        for r in records:
            values = {"territory_id": r["territory"], "institution_id": r["institution"], "role": r["role"],
                      "coordination_change": r["coordination_change"], "answers": r["answers"], "date": r["date"]}
            existing = None
            if r["respondent"]:
                existing = s.scalar(select(SurveyResponse).where(
                    SurveyResponse.respondent == r["respondent"],
                    SurveyResponse.dmop_id.is_(None) if r["dmop"] is None else SurveyResponse.dmop_id == r["dmop"]))
            if existing is None:
                s.add(SurveyResponse(respondent=r["respondent"], dmop_id=r["dmop"], **values))
                count(True, False)
            else:
                count(False, _set(existing, values))
    return added, updated, unchanged


def _refresh_phase(s, dmop_id: str) -> None:
    """The DMOP's current phase is the one of its latest dated change (on the same day, the furthest phase)."""
    changes = list(s.scalars(select(DmopPhaseChange).where(DmopPhaseChange.dmop_id == dmop_id)))
    if changes:
        latest = max(changes, key=lambda c: (c.date, phase_index(c.phase)))
        dmop = s.get(Dmop, dmop_id)
        if dmop is not None:
            dmop.phase = latest.phase

