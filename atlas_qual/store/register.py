"""The M&E register: meetings with their attendees, the DMOP phase history, the effectiveness survey (imported with a
mapping of its questions), community-referral reach records; entry one record at a time (the register app) or from
CSV/Excel files with every bad row reported by row; and the six indicators over it.

An import is one transaction: by default a file with any bad row writes nothing and lists every bad row; with
``skip_bad_rows=True`` the good rows go in and the bad ones are listed.

Examples:
    >>> # report = import_register(project, "meetings", "data/demo/register/meetings.csv")
    >>> # report.to_dict() -> {"kind": "meetings", "added": 6, "updated": 0, "errors": [...]}
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from sqlalchemy import select

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import t
from atlas_qual.indicators import COORDINATION_CHANGES, PHASES, phase_index
from atlas_qual.store.db import Project
from atlas_qual.store.models import (
    Dmop,
    DmopPhaseChange,
    Institution,
    Meeting,
    MeetingAttendee,
    ReachRecord,
    SurveyResponse,
    Territory,
)
from atlas_qual.store.report_data import indicators_for  # noqa: F401  (re-exported: the register's indicators)
from atlas_qual.store.transcripts import fold

KINDS = ("meetings", "attendees", "phases", "survey", "reach")
SURVEY_FIELDS = ("respondent", "dmop", "territory", "institution", "role", "date", "coordination_change")

# column name (folded) -> field, per kind; the first name is the one the demo files and the docs use
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "meetings": {
        "ref": ("ref", "id", "reunion", "meeting", "codigo", "code"),
        "date": ("date", "fecha"),
        "dmop": ("dmop",),
        "territory": ("territory", "territorio", "departamento", "department"),
        "title": ("title", "titulo", "nombre", "name"),
        "topics": ("topics", "temas", "temas tratados", "topics discussed"),
        "challenges": ("challenges", "desafios", "desafios identificados", "challenges identified"),
        "innovative_solutions": ("innovative_solutions", "soluciones innovadoras", "soluciones", "solutions",
                                 "innovative solutions"),
        "actions_taken": ("actions_taken", "acciones realizadas", "acciones", "actions", "actions taken"),
    },
    "attendees": {
        "meeting": ("meeting", "reunion", "ref", "meeting ref", "ref reunion"),
        "name": ("name", "nombre", "nombre y apellido", "full name"),
        "institution": ("institution", "institucion", "sigla"),
        "role": ("role", "rol", "cargo", "position"),
        "gender": ("gender", "genero", "sexo", "sex"),
    },
    "phases": {
        "dmop": ("dmop",),
        "phase": ("phase", "fase", "etapa"),
        "date": ("date", "fecha"),
        "territory": ("territory", "territorio", "departamento"),
        "note": ("note", "nota", "observacion", "observaciones", "notes"),
    },
    "reach": {
        "month": ("month", "mes", "periodo", "period"),
        "channel": ("channel", "canal", "medio"),
        "territory": ("territory", "territorio", "departamento"),
        "posts": ("posts", "publicaciones", "publications"),
        "replications": ("replications", "replicaciones", "compartidos", "shares", "reposts"),
        "comments": ("comments", "comentarios"),
        "radio_rating": ("radio_rating", "radio rating", "rating radio", "valoracion radio", "audiencia radio",
                         "radio"),
    },
    "survey": {
        "respondent": ("respondent", "encuestado", "id", "respondent id", "id encuestado", "codigo"),
        "dmop": ("dmop",),
        "territory": ("territory", "territorio", "departamento"),
        "institution": ("institution", "institucion"),
        "role": ("role", "rol", "cargo"),
        "date": ("date", "fecha"),
        "coordination_change": ("coordination_change", "cambio en la coordinacion", "cambio coordinacion",
                                "coordinacion", "coordination", "coordination change"),
    },
}
REQUIRED = {"meetings": ("date",), "attendees": ("meeting", "name"), "phases": ("dmop", "phase", "date"),
            "reach": ("month", "channel"), "survey": ()}

PHASE_ALIASES = {
    "development": "development", "desarrollo": "development",
    "pilot": "pilot", "piloto": "pilot", "pilotaje": "pilot",
    "evaluated": "evaluated", "evaluado": "evaluated", "evaluacion": "evaluated", "evaluation": "evaluated",
    "refined": "refined", "refinado": "refined", "refinamiento": "refined", "refinement": "refined",
    "sustainability plan": "sustainability_plan", "plan de sostenibilidad": "sustainability_plan",
    "sostenibilidad": "sustainability_plan", "plan de institucionalizacion": "sustainability_plan",
    "institutionalized": "institutionalized", "institucionalizado": "institutionalized",
    "institucionalizacion": "institutionalized", "institutionalization": "institutionalized",
}
GENDERS = {"f": "f", "femenino": "f", "mujer": "f", "female": "f", "woman": "f", "m": "m", "masculino": "m",
           "hombre": "m", "varon": "m", "male": "m", "man": "m", "x": "x", "otro": "x", "other": "x",
           "no binario": "x", "non-binary": "x", "prefiere no decir": "x", "prefer not to say": "x"}
# survey answers (folded) starting with one of these -> coordination change; checked in order, so "no change"
# is found before "no" could mean anything else
CHANGE_WORDS = (
    ("no change", "no_change"), ("no_change", "no_change"), ("sin cambio", "no_change"),
    ("ningun cambio", "no_change"), ("no cambio", "no_change"), ("no hubo cambio", "no_change"),
    ("se mantuvo", "no_change"), ("igual", "no_change"), ("same", "no_change"), ("stayed", "no_change"),
    ("unchanged", "no_change"),
    ("aument", "increase"), ("increase", "increase"), ("mejor", "increase"), ("improv", "increase"),
    ("more ", "increase"),
    ("disminu", "decrease"), ("decrease", "decrease"), ("menos", "decrease"), ("empeor", "decrease"),
    ("less", "decrease"), ("worse", "decrease"),
)
# a yes to "did your coordination increase?"
CHANGE_EXACT = {"si": "increase", "yes": "increase", "increase": "increase", "decrease": "decrease"}


# --- reading files ----------------------------------------------------------------------------------------------


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
        return t("register_row_error", lang=lang, file=self.file, row=self.row, column=self.column,
                 problem=self.problem(lang))

    def to_dict(self, lang: str | None = None) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "error": self.message(lang)}


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


def _decode(raw: bytes) -> str:
    for enc in ("utf-8-sig",):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is not None:
            return str(best)
    except ImportError:  # pragma: no cover - a dependency
        pass
    return raw.decode("cp1252", errors="replace")


def read_table(path: str | Path, sheet: str | None = None) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """The header and the non-empty rows ``(row number, {column: value})`` of a CSV (comma, semicolon or tab; any
    common encoding) or Excel (.xlsx) file. Row numbers count the header as row 1, as a spreadsheet shows them.

    Examples:
        >>> import tempfile, os
        >>> f = os.path.join(tempfile.mkdtemp(), "r.csv")
        >>> _ = open(f, "w", encoding="utf-8").write("mes;canal\\n2025-03;radio\\n\\n2025-04;facebook\\n")
        >>> read_table(f)
        (['mes', 'canal'], [(2, {'mes': '2025-03', 'canal': 'radio'}), (4, {'mes': '2025-04', 'canal': 'facebook'})])
    """
    path = Path(path)
    if not path.exists():
        raise AtlasQualError("register_file_missing", file=str(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_excel(path, sheet)
    if suffix == ".xls":
        raise AtlasQualError("register_xls", file=path.name)
    text = _decode(path.read_bytes())
    if not text.strip():
        raise AtlasQualError("register_file_empty", file=path.name)
    first = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = list(reader)
    header = [h.strip() for h in rows[0]]
    out = []
    for n, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        out.append((n, {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header) if h}))
    return header, out


def _read_excel(path: Path, sheet: str | None):
    from openpyxl import load_workbook

    from atlas_qual.safezip import BadArchive, check_archive

    try:
        check_archive(path, name=path.name)  # a zip bomb never reaches openpyxl
    except BadArchive:
        pass  # damaged: openpyxl's own error below names the problem
    try:
        wb = load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/... for a broken file
        raise AtlasQualError("register_excel_unreadable", file=path.name, reason=str(exc)[:100]) from None
    try:
        ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    if not rows:
        raise AtlasQualError("register_file_empty", file=path.name)
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    out = []
    for n, values in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        row = {}
        for i, h in enumerate(header):
            if not h:
                continue
            v = values[i] if i < len(values) else None
            row[h] = v.strip() if isinstance(v, str) else ("" if v is None else v)
        out.append((n, row))
    return header, out


def match_columns(kind: str, header: Sequence[str]) -> dict[str, str]:
    """Our field -> the file's column, recognising Spanish and English names, case and accents ignored.

    Examples:
        >>> match_columns("reach", ["Mes", "Canal", "Publicaciones", "Otra"])
        {'month': 'Mes', 'channel': 'Canal', 'posts': 'Publicaciones'}
    """
    folded = {fold(h).replace("_", " "): h for h in header if h}
    found = {}
    for fld, names in COLUMNS[kind].items():
        for name in names:
            hit = folded.get(fold(name).replace("_", " "))
            if hit is not None and hit not in found.values():
                found[fld] = hit
                break
    return found


# --- values -----------------------------------------------------------------------------------------------------


class InvalidValue(Exception):
    """A value the register cannot accept; ``key``/``params`` name the problem in the translation table."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params


class _Reference:
    """The project's reference ids, to check what people type (ids, names, accents or not)."""

    def __init__(self, s) -> None:
        self.dmops = {fold(d): d for d in s.scalars(select(Dmop.id))}
        self.territories: dict[str, str] = {}
        for row in s.scalars(select(Territory)):
            for alias in (row.id, row.name, row.name_en, row.id.replace("_", " ")):
                self.territories[fold(alias)] = row.id
        if "asuncion_central" in self.territories.values():
            self.territories.setdefault(fold("Asunción"), "asuncion_central")
            self.territories.setdefault(fold("Central"), "asuncion_central")
        self.institutions = {fold(i): i for i in s.scalars(select(Institution.id))}
        self.meetings = {m.ref: m.id for m in s.scalars(select(Meeting)) if m.ref}

    def dmop(self, value: Any, required: bool = False) -> str | None:
        text = _text(value)
        if not text:
            if required:
                raise InvalidValue("register_value_missing")
            return None
        found = self.dmops.get(fold(text))
        if found is None:
            raise InvalidValue("register_value_unknown_dmop", value=text, known=", ".join(sorted(self.dmops.values())))
        return found

    def territory(self, value: Any) -> str | None:
        text = _text(value)
        if not text:
            return None
        found = self.territories.get(fold(text))
        if found is None:
            raise InvalidValue("register_value_unknown_territory", value=text,
                           known=", ".join(sorted(set(self.territories.values()))))
        return found

    def institution(self, value: Any) -> str | None:
        text = _text(value)
        if not text:
            return None
        found = self.institutions.get(fold(text))
        if found is None:
            raise InvalidValue("register_value_unknown_institution", value=text,
                           known=", ".join(sorted(self.institutions.values())))
        return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _free_text(value: Any) -> str:
    """Free text keeps its line breaks (each line may be one challenge or solution)."""
    if value is None:
        return ""
    return "\n".join(" ".join(line.split()) for line in str(value).replace("\r", "").split("\n")).strip()


def parse_date(value: Any, required: bool = True) -> dt.date | None:
    """A date from a spreadsheet cell or text: 2025-03-14, 14/03/2025, 14-03-2025 or an Excel date.

    Examples:
        >>> parse_date("14/03/2025")
        datetime.date(2025, 3, 14)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        if required:
            raise InvalidValue("register_value_missing")
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InvalidValue("register_value_bad_date", value=text)


def parse_month(value: Any) -> str:
    """A month as YYYY-MM from 2025-03, 03/2025, 2025-03-01 or an Excel date.

    Examples:
        >>> parse_month("3/2025"), parse_month("2025-03-31")
        ('2025-03', '2025-03')
    """
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    text = _text(value)
    if not text:
        raise InvalidValue("register_value_missing")
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})(?:[-/]\d{1,2})?(?: .*)?", text) or None
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    else:
        m = re.fullmatch(r"(?:\d{1,2}[-/])?(\d{1,2})[-/](\d{4})", text)
        if not m:
            raise InvalidValue("register_value_bad_month", value=text)
        month, year = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise InvalidValue("register_value_bad_month", value=text)
    return f"{year:04d}-{month:02d}"


def parse_count(value: Any) -> int:
    text = _text(value)
    if not text:
        return 0
    try:
        number = float(text.replace(".", "").replace(",", ".")) if re.fullmatch(r"\d{1,3}(\.\d{3})+", text) \
            else float(text.replace(",", "."))
    except ValueError:
        raise InvalidValue("register_value_not_count", value=text) from None
    if number < 0 or not number.is_integer():
        raise InvalidValue("register_value_not_count", value=text)
    return int(number)


def parse_rating(value: Any) -> float | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise InvalidValue("register_value_not_number", value=text) from None
    if number < 0:
        raise InvalidValue("register_value_not_number", value=text)
    return number


def parse_phase(value: Any) -> str:
    """A DMOP phase id from its English id or Spanish name (accents, case, spaces and underscores ignored).

    Examples:
        >>> parse_phase("Plan de sostenibilidad"), parse_phase("piloto")
        ('sustainability_plan', 'pilot')
    """
    text = fold(_text(value)).replace("_", " ").replace("-", " ")
    if not text:
        raise InvalidValue("register_value_missing")
    found = PHASE_ALIASES.get(text)
    if found is None:
        raise InvalidValue("register_value_bad_phase", value=_text(value), known=", ".join(PHASES))
    return found


def parse_gender(value: Any) -> str:
    text = fold(_text(value))
    return GENDERS.get(text, _text(value)[:20]) if text else ""


def parse_change(value: Any, values: Mapping[str, str] | None = None) -> str | None:
    """A survey answer about coordination as increase / no_change / decrease (None when blank). ``values`` maps the
    survey's own answers (e.g. "4" or "Mucho mejor") first.

    Examples:
        >>> parse_change("Aumentó mucho"), parse_change("Se mantuvo igual"), parse_change("5", {"5": "increase"})
        ('increase', 'no_change', 'increase')
    """
    text = _text(value)
    if not text:
        return None
    for answer, change in (values or {}).items():
        if fold(str(answer)) == fold(text):
            if change in (None, ""):
                return None  # mapped to "did not answer" (e.g. "No sabe")
            if change not in COORDINATION_CHANGES:
                raise ValueError(f"survey mapping value {change!r}: use one of {COORDINATION_CHANGES}")
            return change
    folded = fold(text).strip(" .!")
    if folded in CHANGE_EXACT:
        return CHANGE_EXACT[folded]
    for prefix, change in CHANGE_WORDS:
        if folded.startswith(prefix):
            return change
    raise InvalidValue("register_value_bad_change", value=text)


# --- survey mapping ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyMapping:
    """How a survey file's columns map to ours.

    ``columns``: our field (respondent, dmop, territory, institution, role, date, coordination_change) -> the
    survey's column header. ``values``: the survey's answers to the coordination question -> increase /
    no_change / decrease, or None for "did not answer" (for scales such as "1".."5" or the survey's own wording). ``questions``: short id -> column
    header of each other question to keep in the answers (empty: keep every column not mapped to a field).
    """

    columns: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, str] = field(default_factory=dict)
    questions: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.columns) - set(SURVEY_FIELDS)
        if unknown:
            raise AtlasQualError("register_mapping_unknown_field", fields=", ".join(sorted(unknown)),
                                 known=", ".join(SURVEY_FIELDS))
        bad = {k: v for k, v in self.values.items() if v not in COORDINATION_CHANGES and v not in (None, "")}
        if bad:
            raise AtlasQualError("register_mapping_bad_value", values=", ".join(f"{k}: {v}" for k, v in bad.items()),
                                 known=", ".join(COORDINATION_CHANGES))

    def to_dict(self) -> dict:
        return {"columns": dict(self.columns), "values": dict(self.values), "questions": dict(self.questions)}


def read_mapping(path: str | Path) -> SurveyMapping:
    """A survey mapping from a YAML or JSON file with the keys ``columns``, ``values`` and ``questions``."""
    import yaml

    path = Path(path)
    if not path.exists():
        raise AtlasQualError("register_file_missing", file=str(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise AtlasQualError("register_mapping_unreadable", file=path.name, reason=str(exc).splitlines()[0]) from None
    if not isinstance(data, dict):
        raise AtlasQualError("register_mapping_unreadable", file=path.name, reason="not a mapping")
    return SurveyMapping(columns={str(k): str(v) for k, v in (data.get("columns") or {}).items()},
                         values={str(k): (None if v is None else str(v)) for k, v in (data.get("values") or {}).items()},
                         questions={str(k): str(v) for k, v in (data.get("questions") or {}).items()})


def survey_mapping_for(header: Sequence[str], mapping: SurveyMapping | None = None) -> SurveyMapping:
    """The mapping to use for a file: the given one, with the fields it leaves out recognised by column name."""
    detected = match_columns("survey", header)
    columns = dict(detected)
    if mapping is not None:
        columns = {k: v for k, v in columns.items() if v not in mapping.columns.values()}
        columns.update(mapping.columns)
        return SurveyMapping(columns=columns, values=mapping.values, questions=mapping.questions)
    return SurveyMapping(columns=columns)


# --- validating rows into records -------------------------------------------------------------------------------


def _validate(kind: str, file: str, rows, ref: _Reference, columns: Mapping[str, str], *,
              mapping: SurveyMapping | None = None, defaults: Mapping[str, Any] | None = None,
              known_meetings: bool = True):
    """(records, errors): each good row as a dict of typed fields (with its row number), each bad one as RowErrors.
    ``known_meetings=False``: attendees of a meeting being added in the same transaction."""
    defaults = defaults or {}
    records, errors = [], []
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
            rec["gender"] = parse_gender(get("gender"))
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


def import_register(project: Project, kind: str, path: str | Path, *, mapping: SurveyMapping | str | Path | None = None,
                    defaults: Mapping[str, Any] | None = None, skip_bad_rows: bool = False,
                    sheet: str | None = None) -> ImportReport:
    """Import one CSV/Excel file of the register (``kind``: meetings, attendees, phases, survey, reach).

    ``defaults`` fills fields the file leaves out (e.g. ``{"dmop": "CR"}`` for a survey of one DMOP). Attendees refer
    to meetings by their ``ref``, so import meetings.csv first. Nothing is written when any row is bad, unless
    ``skip_bad_rows``; every bad row is in ``report.errors``.

    Examples:
        >>> # import_register(project, "survey", "encuesta.xlsx", mapping="mapeo.yaml", defaults={"dmop": "CR"})
    """
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
    if errors and not skip_bad_rows:
        return report
    if not records:
        return report
    report.added, report.updated, report.unchanged = project.write(lambda s: _write(s, kind, records))
    report.written = True
    return report


# --- one record at a time (the register app's forms) ------------------------------------------------------------


def field_label(name: str, lang: str | None = None) -> str:
    """A form field's name as the user reads it ("date" -> "Fecha")."""
    from atlas_qual.i18n import has

    key = f"register_field_{name}"
    return t(key, lang=lang) if has(key) else name


def _one(project: Project, kind: str, values: Mapping[str, Any]) -> tuple[int, int, int]:
    with project.session() as s:
        ref = _Reference(s)
    records, errors = _validate(kind, "form", [(1, dict(values))], ref, {f: f for f in COLUMNS[kind]})
    if errors:
        raise AtlasQualError("register_form_error", field=field_label(errors[0].column), problem=errors[0].problem())
    return project.write(lambda s: _write(s, kind, records))


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
                     note: str = "") -> None:
    """Record that a DMOP entered a phase on a date (the DMOP's current phase follows its latest change)."""
    _one(project, "phases", {"dmop": dmop, "phase": phase, "date": date, "territory": territory, "note": note})


def add_reach(project: Project, month: Any, channel: str, territory: str | None = None, posts: Any = 0,
              replications: Any = 0, comments: Any = 0, radio_rating: Any = None) -> None:
    """Record (or correct) one month of a campaign channel's reach in a territory."""
    _one(project, "reach", {"month": month, "channel": channel, "territory": territory, "posts": posts,
                            "replications": replications, "comments": comments, "radio_rating": radio_rating})


# --- reading the register back ----------------------------------------------------------------------------------


def register_summary(project: Project) -> dict[str, Any]:
    """Counts of the register and the latest records, for the register app."""
    from sqlalchemy import func

    with project.session() as s:
        count = lambda model: s.scalar(select(func.count()).select_from(model)) or 0  # noqa: E731
        meetings = [{"ref": m.ref, "date": m.date.isoformat(), "dmop": m.dmop_id, "territory": m.territory_id,
                     "title": m.title,
                     "attendees": s.scalar(select(func.count()).where(MeetingAttendee.meeting_id == m.id)) or 0}
                    for m in s.scalars(select(Meeting).order_by(Meeting.date.desc(), Meeting.id.desc()).limit(50))]
        phases = [{"dmop": p.dmop_id, "phase": p.phase, "date": p.date.isoformat(), "territory": p.territory_id,
                   "note": p.note}
                  for p in s.scalars(select(DmopPhaseChange).order_by(DmopPhaseChange.dmop_id, DmopPhaseChange.date,
                                                                      DmopPhaseChange.id))]
        reach = [{"month": r.month, "channel": r.channel, "territory": r.territory_id, "posts": r.posts,
                  "replications": r.replications, "comments": r.comments, "radio_rating": r.radio_rating}
                 for r in s.scalars(select(ReachRecord).order_by(ReachRecord.month.desc(), ReachRecord.channel))]
        dmops = [{"id": d.id, "phase": d.phase} for d in s.scalars(select(Dmop).order_by(Dmop.id))]
        return {"meetings": count(Meeting), "attendees": count(MeetingAttendee), "phase_changes": count(DmopPhaseChange),
                "survey_responses": count(SurveyResponse), "reach_records": count(ReachRecord),
                "meeting_list": meetings, "phase_list": phases, "reach_list": reach, "dmops": dmops}


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
           "demo_steps"]
