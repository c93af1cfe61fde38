"""The M&E register: meetings with their attendees, the DMOP phase history, the effectiveness survey (imported with a
mapping of its questions), community-referral reach records; entry one record at a time (the register app) or from
CSV/Excel files with every bad row reported by row; and the six indicators over it.

An import is one transaction: by default a file with any bad row writes nothing and lists every bad row; with
``skip_bad_rows=True`` the good rows go in and the bad ones are listed.

Examples:
    >>> # report = import_register(project, "meetings", "data/demo/register/meetings.csv")
    >>> # report.to_dict() -> {"kind": "meetings", "added": 6, "updated": 0, "errors": [...]}

This module holds the entry points (file import, entry forms, the summary, the demo); reading files and the survey
mapping live in ``register_files``, cell values in ``register_values``, validation and writes in ``register_records``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from sqlalchemy import select

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import t
from atlas_qual.store.db import Project
from atlas_qual.store.models import Dmop, DmopPhaseChange, Meeting, MeetingAttendee, ReachRecord, SurveyResponse
from atlas_qual.store.register_files import COLUMNS as COLUMNS
from atlas_qual.store.register_files import KINDS as KINDS
from atlas_qual.store.register_files import REQUIRED as REQUIRED
from atlas_qual.store.register_files import SURVEY_FIELDS as SURVEY_FIELDS
from atlas_qual.store.register_files import SurveyMapping as SurveyMapping
from atlas_qual.store.register_files import match_columns as match_columns
from atlas_qual.store.register_files import read_mapping as read_mapping
from atlas_qual.store.register_files import read_table as read_table
from atlas_qual.store.register_files import survey_mapping_for as survey_mapping_for
from atlas_qual.store.register_records import RowError as RowError
from atlas_qual.store.register_records import _missing_columns, _next_ref, _validate, _write
from atlas_qual.store.register_values import CHANGE_EXACT as CHANGE_EXACT
from atlas_qual.store.register_values import CHANGE_WORDS as CHANGE_WORDS
from atlas_qual.store.register_values import GENDERS as GENDERS
from atlas_qual.store.register_values import PHASE_ALIASES as PHASE_ALIASES
from atlas_qual.store.register_values import InvalidValue as InvalidValue
from atlas_qual.store.register_values import _Reference
from atlas_qual.store.register_values import parse_change as parse_change
from atlas_qual.store.register_values import parse_count as parse_count
from atlas_qual.store.register_values import parse_date as parse_date
from atlas_qual.store.register_values import parse_gender as parse_gender
from atlas_qual.store.register_values import parse_month as parse_month
from atlas_qual.store.register_values import parse_phase as parse_phase
from atlas_qual.store.register_values import parse_rating as parse_rating
from atlas_qual.store.report_data import indicators_for  # noqa: F401  (re-exported: the register's indicators)

# --- importing a file -------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: rows added/updated/unchanged, and every bad row."""

    kind: str
    file: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    def to_dict(self, lang: str | None = None) -> dict:
        return {"kind": self.kind, "file": self.file, "added": self.added, "updated": self.updated,
                "unchanged": self.unchanged, "written": self.written,
                "errors": [e.to_dict(lang) for e in self.errors]}


def import_register(project: Project, kind: str, path: str | Path, *, mapping: SurveyMapping | str | Path | None = None,
                    defaults: Mapping[str, Any] | None = None, skip_bad_rows: bool = False,
                    sheet: str | None = None) -> ImportReport:
    """Import one CSV/Excel file of the register (``kind``: meetings, attendees, phases, survey, reach).

    ``defaults`` fills fields the file leaves out (e.g. ``{"dmop": "CR"}`` for a survey of one DMOP). Attendees refer
    to meetings by their ``ref``, so import meetings.csv first. Nothing is written when any row is bad, unless
    ``skip_bad_rows``; every bad row is in ``report.errors``, the values it quotes (a cell as typed: "fecha de
    Ramona Villalba") redacted like every other output.

    Examples:
        >>> # import_register(project, "survey", "encuesta.xlsx", mapping="mapeo.yaml", defaults={"dmop": "CR"})
    """
    report = _import_register(project, kind, path, mapping=mapping, defaults=defaults, skip_bad_rows=skip_bad_rows,
                              sheet=sheet)
    if report.errors:
        from dataclasses import replace

        from atlas_qual.i18n import get_lang
        from atlas_qual.store.project_redaction import project_redactor

        hide = project_redactor(project, get_lang()).redact
        report.errors = [replace(e, file=hide(e.file), params={k: hide(v) if isinstance(v, str) else v
                                                               for k, v in e.params.items()})
                         for e in report.errors]
    return report


def _import_register(project: Project, kind: str, path: str | Path, *, mapping: SurveyMapping | str | Path | None,
                     defaults: Mapping[str, Any] | None, skip_bad_rows: bool, sheet: str | None) -> ImportReport:
    if kind not in KINDS:
        raise AtlasQualError("register_unknown_kind", kind=kind, known=", ".join(KINDS))
    path = Path(path)
    name = path.name
    header, rows = read_table(path, sheet)
    defaults = dict(defaults or {})
    report = ImportReport(kind=kind, file=name)
    if kind == "survey":
        if isinstance(mapping, (str, Path)):
            mapping = read_mapping(mapping)
        mapping = survey_mapping_for(header, mapping)
        absent = [col for col in list(mapping.columns.values()) + list(mapping.questions.values())
                  if col not in header]
        if absent:
            raise AtlasQualError("register_mapping_column_absent", file=name, columns=", ".join(absent),
                                 header=", ".join(header))
        columns = dict(mapping.columns)
        if "coordination_change" not in columns:
            raise AtlasQualError("register_survey_no_change_column", file=name, header=", ".join(header))
    else:
        columns = match_columns(kind, header)
    report.errors.extend(_missing_columns(kind, name, columns, defaults))
    if report.errors:
        return report
    with project.session() as s:
        ref = _Reference(s)
    records, errors = _validate(kind, name, rows, ref, columns, mapping=mapping, defaults=defaults)
    report.errors.extend(errors)
    if kind == "phases" and records:
        return _import_phases(project, report, records, columns, skip_bad_rows)
    if errors and not skip_bad_rows:
        return report
    if not records:
        return report
    report.added, report.updated, report.unchanged = project.write(lambda s: _write(s, kind, records))
    report.written = True
    return report


def _import_phases(project: Project, report: ImportReport, records: list[dict[str, Any]],
                   columns: Mapping[str, str], skip_bad_rows: bool) -> ImportReport:
    """Phase rows also answer to the DMOP's history (``register_order``), checked in the write's transaction: a
    row the history or the file's other rows contradict is a bad row like any other (the file refused whole, or
    with ``skip_bad_rows`` the other rows written), listed with its row and how to fix it."""
    from atlas_qual.store.register_order import phase_order_errors

    if report.errors and not skip_bad_rows:  # nothing will be written: list the order problems too, reading only
        with project.session() as s:
            report.errors = sorted(report.errors + phase_order_errors(s, report.file, records, columns)[1],
                                   key=lambda e: e.row)
        return report
    outcome: dict[str, Any] = {}

    def _do(s):
        allowed, refused = phase_order_errors(s, report.file, records, columns)
        outcome["refused"] = refused
        if not allowed or (refused and not skip_bad_rows):
            return None
        return _write(s, "phases", allowed)

    counts = project.write(_do)
    report.errors = sorted(report.errors + outcome["refused"], key=lambda e: e.row)
    if counts is not None:
        report.added, report.updated, report.unchanged = counts
        report.written = True
    return report


# --- one record at a time (the register app's forms) ------------------------------------------------------------


def field_label(name: str, lang: str | None = None) -> str:
    """A form field's name as the user reads it ("date" -> "Fecha")."""
    from atlas_qual.i18n import has

    key = f"register_field_{name}"
    return t(key, lang=lang) if has(key) else name


def _one(project: Project, kind: str, values: Mapping[str, Any],
         check: Callable[[Any, list[dict[str, Any]]], None] | None = None) -> tuple[int, int, int]:
    with project.session() as s:
        ref = _Reference(s)
    records, errors = _validate(kind, "form", [(1, dict(values))], ref, {f: f for f in COLUMNS[kind]})
    if errors:
        raise AtlasQualError("register_form_error", field=field_label(errors[0].column), problem=errors[0].problem())

    def _do(s):
        if check is not None:  # inside the write's transaction: a refusal leaves the project unchanged
            check(s, records)
        return _write(s, kind, records)

    return project.write(_do)


def add_meeting(project: Project, *, date: Any, dmop: str | None = None, territory: str | None = None,
                title: str = "", topics: str = "", challenges: str = "", innovative_solutions: str = "",
                actions_taken: str = "", attendees: Iterable[Mapping[str, Any]] = (), ref: str = "") -> str:
    """Record a meeting (and its attendees: name, institution, role, gender) in one transaction; returns its ref.

    Examples:
        >>> # add_meeting(project, date="2025-05-06", dmop="MAUEP", territory="San Pedro", title="Mesa técnica",
        >>> #             attendees=[{"name": "...", "institution": "MTESS", "role": "inspectora", "gender": "f"}])
    """
    with project.session() as s:
        reference = _Reference(s)
    values = {"ref": ref, "date": date, "dmop": dmop, "territory": territory, "title": title, "topics": topics,
              "challenges": challenges, "innovative_solutions": innovative_solutions, "actions_taken": actions_taken}
    records, errors = _validate("meetings", "form", [(1, values)], reference, {f: f for f in COLUMNS["meetings"]})
    if errors:
        raise AtlasQualError("register_form_error", field=field_label(errors[0].column), problem=errors[0].problem())
    people = []
    for i, a in enumerate(attendees, start=1):
        row = {"meeting": "new", "name": a.get("name"), "institution": a.get("institution"), "role": a.get("role"),
               "gender": a.get("gender")}
        recs, errs = _validate("attendees", "form", [(i, row)], reference, {f: f for f in COLUMNS["attendees"]},
                               known_meetings=False)
        if errs:
            raise AtlasQualError("register_form_attendee_error", n=i, field=field_label(errs[0].column),
                                 problem=errs[0].problem())
        people.extend(recs)

    def _do(s) -> str:
        rec = records[0]
        if not rec["ref"]:
            rec["ref"] = _next_ref(s, rec["dmop"], rec["date"])
        _write(s, "meetings", [rec])
        for p in people:
            p["meeting"] = rec["ref"]
        _write(s, "attendees", people)
        return rec["ref"]

    return project.write(_do)


def add_phase_change(project: Project, dmop: str, phase: str, date: Any, territory: str | None = None,
                     note: str = "", *, check_order: bool = False) -> None:
    """Record that a DMOP entered a phase on a date (the DMOP's current phase follows its latest change). With
    ``check_order`` (`register phase`, like `cycle phase`) a change the DMOP's history contradicts is refused with
    ``cycle.check_phase_order``'s message: institutionalized before a sustainability plan, a pilot before the
    development started."""
    _one(project, "phases", {"dmop": dmop, "phase": phase, "date": date, "territory": territory, "note": note},
         check=_check_phase_order if check_order else None)


def _check_phase_order(s, records: list[dict[str, Any]]) -> None:
    from atlas_qual.cycle import check_phase_order

    for r in records:
        history = [(p, d) for p, d in s.execute(select(DmopPhaseChange.phase, DmopPhaseChange.date)
                                                .where(DmopPhaseChange.dmop_id == r["dmop"]))]
        check_phase_order(history, r["dmop"], r["phase"], r["date"])


def add_reach(project: Project, month: Any, channel: str, territory: str | None = None, posts: Any = 0,
              replications: Any = 0, comments: Any = 0, radio_rating: Any = None) -> None:
    """Record (or correct) one month of a campaign channel's reach in a territory."""
    _one(project, "reach", {"month": month, "channel": channel, "territory": territory, "posts": posts,
                            "replications": replications, "comments": comments, "radio_rating": radio_rating})


# --- reading the register back ----------------------------------------------------------------------------------


def register_summary(project: Project, *, redact: bool = True, lang: str | None = None) -> dict[str, Any]:
    """Counts of the register and the latest records, for the register app and `register show`; meeting titles and
    phase notes (typed with the names of the people concerned) redacted like every output unless ``redact=False``."""
    from sqlalchemy import func

    hide = register_redactor(project, lang).redact if redact else (lambda value: value)
    with project.session() as s:
        count = lambda model: s.scalar(select(func.count()).select_from(model)) or 0  # noqa: E731
        meetings = [{"ref": m.ref, "date": m.date.isoformat(), "dmop": m.dmop_id, "territory": m.territory_id,
                     "title": hide(m.title or ""),
                     "attendees": s.scalar(select(func.count()).where(MeetingAttendee.meeting_id == m.id)) or 0}
                    for m in s.scalars(select(Meeting).order_by(Meeting.date.desc(), Meeting.id.desc()).limit(50))]
        phases = [{"dmop": p.dmop_id, "phase": p.phase, "date": p.date.isoformat(), "territory": p.territory_id,
                   "note": hide(p.note or "")}
                  for p in s.scalars(select(DmopPhaseChange).order_by(DmopPhaseChange.dmop_id, DmopPhaseChange.date,
                                                                      DmopPhaseChange.id))]
        reach = [{"month": r.month, "channel": r.channel, "territory": r.territory_id, "posts": r.posts,
                  "replications": r.replications, "comments": r.comments, "radio_rating": r.radio_rating}
                 for r in s.scalars(select(ReachRecord).order_by(ReachRecord.month.desc(), ReachRecord.channel))]
        dmops = [{"id": d.id, "phase": d.phase} for d in s.scalars(select(Dmop).order_by(Dmop.id))]
        return {"meetings": count(Meeting), "attendees": count(MeetingAttendee), "phase_changes": count(DmopPhaseChange),
                "survey_responses": count(SurveyResponse), "reach_records": count(ReachRecord),
                "meeting_list": meetings, "phase_list": phases, "reach_list": reach, "dmops": dmops}


# --- the people a register names -------------------------------------------------------------------------------

_NAME_WORDS = ("nombre", "apellido", "name", "surname")
_NOT_A_PERSON = ("institu", "organiza", "dmop", "proyecto", "project", "programa", "entidad", "comunidad",
                 "localidad", "ciudad", "distrito", "departamento", "reunion", "meeting", "taller", "workshop")


def register_redactor(project: Project, lang: str | None = None, base=None):
    """The project's redactor (or ``base``, an already built one) that also hides the people the register names
    (attendees, survey respondents), whom the project's names list does not hold: used by the register page,
    `register show` and the analyst API's register frames."""
    from atlas_qual.i18n import get_lang
    from atlas_qual.redaction import Redactor
    from atlas_qual.redaction_names import NameMap
    from atlas_qual.store.project_redaction import project_redactor

    lang = lang or get_lang()
    base = base if base is not None else project_redactor(project, lang)
    listed = NameMap(getattr(base, "names", {}) or {}, capitalised=getattr(base, "capitalised", ()))
    extra = [n for n in register_person_names(project) if n not in listed]
    if not extra:
        return base
    return Redactor(NameMap({**listed, **{n: "" for n in extra}}, capitalised=listed.capitalised),
                    lang=lang if lang in ("es", "en") else "es")


def is_name_question(question: str) -> bool:
    """Whether a survey answer column holds a person's name ("Nombre del encuestado (opcional)", "nombre",
    "Full name"), so outputs hide its answers; a column naming an institution, place or meeting does not.

    Examples:
        >>> is_name_question("Nombre del encuestado (opcional)"), is_name_question("Nombre de la institución")
        (True, False)
    """
    from atlas_qual.store.transcripts import fold

    words = fold(question).replace("_", " ")
    return any(w in words for w in _NAME_WORDS) and not any(w in words for w in _NOT_A_PERSON)


def register_person_names(project: Project) -> list[str]:
    """The people the register names: meeting attendees and the answers to a survey's name question. Outputs of
    the register hide them wherever its free text mentions them (a meeting's actions, a survey's comments)."""
    names: set[str] = set()
    with project.session() as s:
        values = list(s.scalars(select(MeetingAttendee.name)))
        for answers in s.scalars(select(SurveyResponse.answers)):
            values += [v for q, v in (answers or {}).items() if isinstance(v, str) and is_name_question(q)]
    for value in values:
        name = person_name(value)
        if name:
            names.add(name)
    return sorted(names)


_NO_NAME = {"anonimo", "anonima", "anonimato", "n/a", "na", "no", "ninguno", "ninguna", "sin nombre", "no desea",
            "no desea dar su nombre", "prefiero no decir", "reservado", "reservada", "-", "--", "x", "anonymous",
            "none", "no name"}


def person_name(value: str | None) -> str | None:
    """A person's name as a register cell holds it, fit to be hidden in free text, or None: the institution in
    brackets dropped ("Ana Benítez (MTESS)"), refusals and roles ("Anónimo", "Coordinadora") left out, and at least
    a given name and a surname that are not everyday words, so hiding it never touches other words.

    Examples:
        >>> person_name("Ana Benítez (MTESS)"), person_name("Anónimo"), person_name("Coordinadora")
        ('Ana Benítez', None, None)
        >>> person_name("Sin nombre"), person_name("Teodora Bogado")
        (None, 'Teodora Bogado')
    """
    import re

    from atlas_qual.redaction_names import is_hideable_name
    from atlas_qual.text import fold_input

    text = " ".join(re.sub(r"\([^)]*\)|\[[^]]*\]", " ", value or "").split()).strip(" ,;-")
    if not text or fold_input(text) in _NO_NAME:
        return None
    words = [w for w in re.split(r"[\s,]+", text) if len(w) >= 2 and w[0].isupper()]
    if len([w for w in words if is_hideable_name(w)]) < 2 or not is_hideable_name(text):
        return None
    return text


# --- demo -------------------------------------------------------------------------------------------------------


DEMO_FILES = (("phases", "phases.csv"), ("meetings", "meetings.csv"), ("attendees", "attendees.csv"),
              ("survey", "survey.csv"), ("reach", "reach.csv"))


def demo_steps(project: Project, demo_dir: Path) -> list[tuple[str, Callable[[], Any]]]:
    """The demo's register: phase history, meetings and attendees, the effectiveness survey (with its question
    mapping) and the campaign reach, read from ``data/demo/register/`` through the normal import."""
    folder = Path(demo_dir) / "register"
    if not folder.is_dir():
        return []

    def run() -> None:
        for kind, filename in DEMO_FILES:
            path = folder / filename
            if not path.exists():
                continue
            mapping = folder / "survey_mapping.yaml" if kind == "survey" else None
            report = import_register(project, kind, path,
                                     mapping=mapping if mapping is not None and mapping.exists() else None)
            if report.errors:
                raise RuntimeError(f"demo register {filename}: {[e.message('en') for e in report.errors]}")

    return [("register", run)]


__all__ = ["KINDS", "InvalidValue", "RowError", "ImportReport", "SurveyMapping", "read_table", "match_columns", "read_mapping",
           "survey_mapping_for", "import_register", "add_meeting", "add_phase_change", "add_reach",
           "register_summary", "indicators_for", "parse_date", "parse_month", "parse_phase", "parse_change",
           "demo_steps", "is_name_question", "register_person_names", "register_redactor"]
