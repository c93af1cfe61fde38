"""Reading M&E register files: CSV/Excel tables, their Spanish or English columns, the survey mapping."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from atlas_qual.errors import AtlasQualError
from atlas_qual.indicators import COORDINATION_CHANGES
from atlas_qual.spreadsheet import decode_text, formula_without_value, open_workbook, pick_sheet
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


# --- reading files ----------------------------------------------------------------------------------------------


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
    try:
        raw = path.read_bytes()
    except OSError as exc:  # a folder, a file without read permission
        raise AtlasQualError("file_unreadable", file=path.name, reason=exc.strerror or str(exc)) from None
    text = decode_text(raw, path.name)
    if not text.strip():
        raise AtlasQualError("register_file_empty", file=path.name)
    # the separator the header uses most: a title line above it ("Registro de reuniones, DMOP CR 2025") may hold a
    # comma while the columns are separated by semicolons
    lines = [line for line in text.splitlines() if line.strip()][:10]
    delimiter = max((",", ";", "\t"), key=lambda d: max((line.count(d) for line in lines), default=0))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = list(reader)
    start = _header_index(rows)
    header, first = _header(rows, start)
    header = [h.strip() for h in header]
    out = []
    for n, values in enumerate(rows[first:], start=first + 1):
        if not any(v.strip() for v in values):
            continue
        out.append((n, {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header) if h}))
    return header, out


def _read_excel(path: Path, sheet: str | None):
    wb = open_workbook(path, unreadable_key="register_excel_unreadable")
    try:
        ws = pick_sheet(wb, path.name, sheet)
        title = ws.title
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    if not rows:
        raise AtlasQualError("register_file_empty", file=path.name)
    start = _header_index(rows)
    header, first = _header(rows, start)
    header = ["" if h is None else str(h).strip() for h in header]
    blank = formula_without_value(path, title, rows, first, [i for i, h in enumerate(header) if h])
    if blank is not None:
        # Excel shows the formula's result, the file holds none: "value missing" would send the user to a full cell
        n, i, formula = blank
        raise AtlasQualError("spreadsheet_formula_no_value", file=path.name, row=n, column=header[i],
                             formula=formula[:60])
    out = []
    for n, values in enumerate(rows[first:], start=first + 1):
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


def _header_index(rows: Sequence[Sequence[Any]]) -> int:
    """The header's index: the first row with two or more filled cells among the first ten, so a title row above
    the header (often merged across the columns) and blank rows before it are not taken for the header; row
    numbers still count every row, as the spreadsheet shows them."""
    def filled(row) -> int:
        return sum(1 for v in row if v is not None and str(v).strip())

    known = _known_column_names()
    candidates = [i for i, row in enumerate(rows[:10]) if filled(row) >= 2]
    if candidates:
        # the row naming the most columns we know ("Fecha", "DMOP", ...) wins over a title row of two cells
        best = max(candidates, key=lambda i: (sum(1 for v in rows[i] if v is not None
                                                  and fold(str(v)).replace("_", " ") in known), -i))
        return best
    return next((i for i, row in enumerate(rows) if filled(row)), 0)


def _header(rows: Sequence[Sequence[Any]], start: int) -> tuple[list[Any], int]:
    """The header's cells and the index of the first data row. A header of two rows, where a cell merged across
    columns ("Lugar" over "DMOP" and "Departamento") has the column names in the row below it, is read as one:
    each column named by the lower row where it has a name, else by the upper one.

    Examples:
        >>> _header([["Código", "Fecha", "Lugar", "", "Título"], ["", "", "DMOP", "Departamento", ""],
        ...          ["R-1", "07/12/2025", "MAUEP", "San Pedro", "Mesa"]], 0)
        (['Código', 'Fecha', 'DMOP', 'Departamento', 'Título'], 2)
    """
    def filled(v: Any) -> bool:
        return v is not None and str(v).strip() != ""

    top = list(rows[start])
    if start + 1 >= len(rows):
        return top, start + 1
    below = list(rows[start + 1])
    width = max(len(top), len(below))
    top += [None] * (width - len(top))
    below += [None] * (width - len(below))
    # the columns a merged cell spans: its own (filled) and the blank ones after it
    grouped, spans = set(), False
    for i in range(width):
        if not filled(top[i]):
            if i and (filled(top[i - 1]) or i - 1 in grouped):
                grouped.update((i - 1, i))
                spans = True
    cells = [i for i in range(width) if filled(below[i])]
    known = _known_column_names()
    if (not spans or not cells or any(i not in grouped for i in cells)
            or not any(not filled(top[i]) for i in cells)
            or not any(fold(str(below[i])).replace("_", " ") in known for i in cells)):
        return list(rows[start]), start + 1
    return [below[i] if filled(below[i]) else top[i] for i in range(width)], start + 2


def _known_column_names() -> frozenset[str]:
    return frozenset(fold(name).replace("_", " ") for columns in COLUMNS.values() for names in columns.values()
                     for name in names)


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

