"""The project's gaps (PSA gaps, G01...): read CSV/Excel tables with row-level errors, import, list.

The table reader here is shared with the workshop's paper ballots and workgroup lists: one place that knows how
people hand us tables (UTF-8 or Windows-1252 CSV, comma or semicolon, Excel), and numbers rows as a spreadsheet does
(the header is row 1), so an error says the row the user sees.
"""

from __future__ import annotations

from atlas_qual.text import fold_input

import csv
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.spreadsheet import decode_text
from atlas_qual.i18n import Plural
from atlas_qual.store.db import Project
from atlas_qual.store.models import Gap, UsdolAction

GAP_ID_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{0,39}")
MAX_TABLE_ROWS = 20_000
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
# Excel files up to this size are read whole (merged cells seen); larger ones are streamed.
MERGED_READ_BYTES = 5_000_000
# A title or a note may sit above the header row: the header is looked for in this many first non-blank rows.
HEADER_SEARCH_ROWS = 10

# header (folded: lower case, no accents, spaces as "_") -> canonical column
GAP_COLUMNS = {
    "id": "id", "gap": "id", "gap_id": "id", "brecha": "id", "codigo": "id", "code": "id",
    "title": "title", "titulo": "title", "nombre": "title", "name": "title",
    "description": "description", "descripcion": "description", "detalle": "description",
    "title_en": "title_en", "titulo_en": "title_en", "english_title": "title_en",
    "description_en": "description_en", "descripcion_en": "description_en",
    "usdol_actions": "usdol_actions", "acciones_usdol": "usdol_actions", "usdol": "usdol_actions",
    "source": "source", "fuente": "source",
}


fold = fold_input  # what people type: accents, case and spacing ignored


def _header_key(text: object) -> str:
    return re.sub(r"[\s\-]+", "_", fold(text or ""))


@dataclass(frozen=True)
class RowError:
    """One bad row of a table: the file, the spreadsheet row number (header = 1) and what is wrong with it."""

    file: str
    row: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "error": self.message}

    def __str__(self) -> str:
        from atlas_qual.i18n import t

        return t("wsapp_row_error", file=self.file, row=self.row, message=self.message)


def redacted_errors(errors: Sequence[RowError], hide) -> list[RowError]:
    """Bad rows with the cells their messages quote as typed ("según Ramona Villalba" as an evidence quality) passed
    through ``hide``, the project's redactor: an import's errors are an output too. File and row stay."""
    from dataclasses import replace

    return [replace(e, message=hide(e.message)) for e in errors]


class RowErrors(AtlasQualError):
    """A table with bad rows that was not imported at all; ``errors`` lists every bad row."""

    def __init__(self, file: str, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        first = "; ".join(f"{e.row}: {e.message.rstrip('.')}" for e in self.errors[:5])  # the sentence ends it
        more = len(self.errors) - 5
        # one row or several: the whole sentence agrees with the count ("Corrija esa fila" / "esas filas")
        super().__init__("wsapp_table_rows_invalid", file=file,
                         rows=Plural("wsapp_table_rows_invalid_detail", len(self.errors), first=first,
                                     more=f" (+{more})" if more > 0 else ""))


@dataclass(frozen=True)
class Table:
    """A table read from CSV or Excel: canonical column names and ``(row number, {column: text})`` rows."""

    file: str
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 4 as 4.0; a score of "4.0" reads oddly in an error message
    return str(value).strip()


def _raw_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import zipfile

        from openpyxl import load_workbook

        from atlas_qual.safezip import BadArchive, check_archive

        try:
            check_archive(path, name=path.name)  # a zip bomb never reaches openpyxl
        except BadArchive:
            pass  # damaged: openpyxl's own error below names the problem
        # a sheet as partners send it has merged cells (one "Tema" over three practices): read it whole to see them
        small = path.stat().st_size <= MERGED_READ_BYTES
        try:
            book = load_workbook(path, read_only=not small, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise AtlasQualError("wsapp_table_unreadable", file=path.name, reason=str(exc).splitlines()[0]) from None
        try:
            sheet = book.worksheets[0]
            rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            for merged in (getattr(sheet, "merged_cells", None) or ()):
                # every cell of a merged range reads as its top-left cell, as the partner sees it on screen
                top, left = merged.min_row - 1, merged.min_col - 1
                value = rows[top][left] if top < len(rows) and left < len(rows[top]) else ""
                for r in range(top, min(merged.max_row, len(rows))):
                    for c in range(left, min(merged.max_col, len(rows[r]))):
                        rows[r][c] = value
            return rows
        finally:
            book.close()
    text = decode_text(path.read_bytes(), path.name)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    return [[_cell_text(v) for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_table(path: str | Path, aliases: Mapping[str, str], required: Iterable[str]) -> Table:
    """Read a CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or an Excel sheet (the first) into a ``Table``.

    Headers are matched case- and accent-insensitively through ``aliases`` (folded header -> column); unknown
    columns are ignored; a missing required column is an ``AtlasQualError`` naming what was found. Blank rows are
    skipped but keep their numbers, so row 7 is row 7 in the user's spreadsheet.

    Examples:
        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "g.csv")
        >>> _ = open(p, "w", encoding="utf-8").write("ID;Título\\nG01;Rutas\\n")
        >>> read_table(p, GAP_COLUMNS, ["id", "title"]).rows
        ((2, {'id': 'G01', 'title': 'Rutas'}),)
    """
    path, required = Path(path), tuple(required)
    if not path.exists() or path.is_dir():
        raise AtlasQualError("wsapp_file_not_found", file=str(path))
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise AtlasQualError("wsapp_table_type", file=path.name)
    raw = _raw_rows(path)
    filled = [i for i, row in enumerate(raw) if any(cell for cell in row)]
    if not filled:
        raise AtlasQualError("wsapp_table_empty", file=path.name)
    # the first row naming every required column ("Cuerpo de conocimiento ATLAS" above the header is a title)
    header_index = next((i for i in filled[:HEADER_SEARCH_ROWS]
                         if all(c in {aliases.get(_header_key(h)) for h in raw[i]} for c in required)), filled[0])
    header = raw[header_index]
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        column = aliases.get(_header_key(name))
        if column and column not in positions:
            positions[column] = i
    missing = [c for c in required if c not in positions]
    if missing:
        found = ", ".join(h for h in header if h) or "-"
        raise AtlasQualError("wsapp_table_missing_columns", file=path.name, missing=", ".join(missing), found=found)
    rows = []
    for offset, row in enumerate(raw[header_index + 1:], start=header_index + 2):
        if not any(cell for cell in row):
            continue
        rows.append((offset, {c: (row[i] if i < len(row) else "") for c, i in positions.items()}))
        if len(rows) > MAX_TABLE_ROWS:
            raise AtlasQualError("wsapp_table_too_long", file=path.name, limit=MAX_TABLE_ROWS)
    return Table(file=path.name, columns=tuple(positions), rows=tuple(rows))


# --------------------------------------------------------------------------------------------------------------------
# Gaps
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapSpec:
    """A gap read from a file (not yet stored); ``row`` is its row in the file, for error messages."""

    id: str
    title: str
    description: str = ""
    title_en: str = ""
    description_en: str = ""
    usdol_actions: tuple[str, ...] = ()
    source: str = "PSA"
    row: int = 0
    file: str = ""


@dataclass(frozen=True)
class GapInfo:
    id: str
    title: str
    description: str
    title_en: str
    description_en: str
    usdol_actions: tuple[str, ...]
    source: str
    position: int

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "description": self.description, "title_en": self.title_en,
                "description_en": self.description_en, "usdol_actions": list(self.usdol_actions),
                "source": self.source}


@dataclass
class GapImport:
    """What an import did: gap ids added and updated, in file order."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return self.added + self.updated

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated}


def _split_ids(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[;,|\s]+", text) if part.strip())


def parse_gap_file(path: str | Path, en_path: str | Path | None = None) -> list[GapSpec]:
    """Gaps from a table with columns ``id,title,description`` (optional ``title_en``, ``description_en``,
    ``usdol_actions`` separated by ``;``, ``source``); ``en_path`` is a second table ``id,title,description`` in
    English. Every bad row is collected and raised together as ``RowErrors``; nothing is returned half-checked.

    Examples:
        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "g.csv")
        >>> _ = open(p, "w", encoding="utf-8").write("id,title,description\\nG01,Rutas de intervención,\\n")
        >>> [g.id for g in parse_gap_file(p)]
        ['G01']
    """
    from atlas_qual.i18n import t

    table = read_table(path, GAP_COLUMNS, ["id", "title"])
    errors: list[RowError] = []
    specs: dict[str, GapSpec] = {}
    seen_rows: dict[str, int] = {}
    for row_number, row in table.rows:
        gap_id = row.get("id", "")
        title = row.get("title", "")
        problems = []
        if not gap_id:
            problems.append(t("wsapp_gap_no_id"))
        elif not GAP_ID_RE.fullmatch(gap_id):
            problems.append(t("wsapp_gap_bad_id", id=gap_id))
        elif gap_id.casefold() in seen_rows:
            problems.append(t("wsapp_gap_duplicate", id=gap_id, other=seen_rows[gap_id.casefold()]))
        if not title:
            problems.append(t("wsapp_gap_no_title"))
        if problems:
            errors.extend(RowError(table.file, row_number, p) for p in problems)
            continue
        seen_rows[gap_id.casefold()] = row_number
        specs[gap_id] = GapSpec(
            id=gap_id, title=title, description=row.get("description", ""), title_en=row.get("title_en", ""),
            description_en=row.get("description_en", ""), usdol_actions=_split_ids(row.get("usdol_actions", "")),
            source=row.get("source", "") or "PSA", row=row_number, file=table.file,
        )
    if en_path is not None:
        english = read_table(en_path, GAP_COLUMNS, ["id", "title"])
        by_fold = {k.casefold(): k for k in specs}
        for row_number, row in english.rows:
            key = by_fold.get(row.get("id", "").casefold())
            if key is None:
                errors.append(RowError(english.file, row_number,
                                       t("wsapp_gap_en_unknown", id=row.get("id", ""), file=table.file)))
                continue
            spec = specs[key]
            specs[key] = replace(spec, title_en=row.get("title", "") or spec.title_en,
                                 description_en=row.get("description", "") or spec.description_en)
    if errors:
        raise RowErrors(table.file, errors)
    if not specs:
        raise AtlasQualError("wsapp_table_empty", file=table.file)
    return list(specs.values())


def upsert_gaps(s: Session, specs: Sequence[GapSpec]) -> GapImport:
    """Add or update gaps inside the caller's transaction (USDOL action ids checked against the reference list)."""
    from atlas_qual.i18n import t

    known_actions = {fold(a): a for a in s.scalars(select(UsdolAction.id))}
    errors = []
    resolved: dict[str, tuple[str, ...]] = {}
    for spec in specs:
        ids = []
        for action in spec.usdol_actions:
            found = known_actions.get(fold(action))
            if found is None:
                errors.append(RowError(spec.file, spec.row, t("wsapp_gap_unknown_action", action=action,
                                                              known=", ".join(sorted(known_actions.values())))))
            else:
                ids.append(found)
        resolved[spec.id] = tuple(ids)
    if errors:
        raise RowErrors(specs[0].file, errors)
    report = GapImport()
    next_position = (s.scalar(select(func.max(Gap.position))) or 0) + 1
    existing = {g.id.casefold(): g for g in s.scalars(select(Gap))}
    for spec in specs:
        gap = existing.get(spec.id.casefold())
        if gap is None:
            gap = Gap(id=spec.id, position=next_position)
            next_position += 1
            s.add(gap)
            existing[spec.id.casefold()] = gap
            report.added.append(spec.id)
        else:
            report.updated.append(gap.id)
        gap.title = spec.title
        gap.description = spec.description
        if spec.title_en or not gap.title_en:
            gap.title_en = spec.title_en
        if spec.description_en or not gap.description_en:
            gap.description_en = spec.description_en
        if spec.usdol_actions:
            gap.usdol_actions = list(resolved[spec.id])
        gap.source = spec.source
    s.flush()
    return report


def import_gaps(project: Project, path: str | Path, en_path: str | Path | None = None) -> GapImport:
    """Import gaps from CSV/Excel (see ``parse_gap_file``) in one transaction: all rows, or none when a row is bad.

    Existing gaps with the same id are updated (their English text kept when the file has none).

    Examples:
        >>> # report = import_gaps(project, "data/demo/gaps.csv", "data/demo/gaps_en.csv"); report.added[:2]
    """
    specs = parse_gap_file(path, en_path)
    return project.write(lambda s: upsert_gaps(s, specs))


def _info(g: Gap) -> GapInfo:
    return GapInfo(id=g.id, title=g.title, description=g.description or "", title_en=g.title_en or "",
                   description_en=g.description_en or "", usdol_actions=tuple(g.usdol_actions or ()),
                   source=g.source or "", position=g.position or 0)


def list_gaps(project: Project) -> list[GapInfo]:
    """The project's gaps in their order (file order of the imports)."""
    with project.session() as s:
        return [_info(g) for g in s.scalars(select(Gap).order_by(Gap.position, Gap.id))]


def usdol_actions(project: Project) -> list[dict[str, str]]:
    """The USDOL 2018 suggested actions for Paraguay (criterion C2): ``[{"id", "area", "text"}]`` by area then id."""
    with project.session() as s:
        rows = s.scalars(select(UsdolAction).order_by(UsdolAction.area, UsdolAction.id))
        return [{"id": a.id, "area": a.area, "text": a.text} for a in rows]


__all__ = ["RowError", "RowErrors", "redacted_errors", "Table", "read_table", "fold", "GapSpec", "GapInfo", "GapImport",
           "parse_gap_file", "upsert_gaps", "import_gaps", "list_gaps", "usdol_actions", "GAP_COLUMNS"]
