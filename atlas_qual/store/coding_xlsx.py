"""Codings as a spreadsheet people open by double-click: ``codings export FILE.xlsx`` (one sheet, the CSV's columns
with headers in the reader's language) and ``codings import FILE.xlsx`` (that sheet read back, headers in Spanish,
English or the CSV's keys), and the codings sheet of ``export xlsx``.

Why: Excel in a Spanish locale (es-PY, es-ES) opens a double-clicked ``.csv`` with ``;`` as the list separator, so a
comma-separated export arrives as one column. A workbook has no separator to guess; ``codings export FILE.csv
--sep ';'`` is the CSV for those users (UTF-8 with BOM either way, so accents survive).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from atlas_qual.errors import AtlasQualError

SEPARATORS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t"}


def separator(value: str | None) -> str:
    """The CSV delimiter for ``--sep`` (``,`` ``;`` or ``tab``).

    Examples:
        >>> separator(";"), separator("tab"), separator(None)
        (';', '\\t', ',')
    """
    if value is None or value == "":
        return ","
    try:
        return SEPARATORS[value.strip().lower() if value.strip() else value]
    except KeyError:
        raise AtlasQualError("codings_bad_separator", value=value) from None


# the columns of `codings export` (CSV and Excel) and of what `codings import` reads back
EXPORT_COLUMNS = ("segment_id", "code", "coder", "transcript", "segment", "speaker", "text", "start", "end", "quote",
                  "origin",
                  "title", "dmop", "territory", "institution", "role", "mode", "date", "language", "interviewer",
                  "pseudonym")


def column_titles(columns: Sequence[str], lang: str) -> list[str]:
    """Headers in the reader's language (the CSV and ``--json`` keep the keys scripts use)."""
    from atlas_qual.i18n import t

    return [t("xlsx_col_" + c, lang=lang) for c in columns]


def write_codings_sheet(ws, rows, lang: str) -> None:
    """The codings sheet: one row per coding (as the CSV export), coloured headers, frozen header row, filters."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from atlas_qual.i18n import label

    font, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1E3A5F")
    for col, value in enumerate(column_titles(EXPORT_COLUMNS, lang), start=1):
        cell = ws.cell(row=1, column=col, value=value)
        cell.font, cell.fill = font, fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    # a workbook is read by people: stored keys (alto_parana, in_person) shown by their display names
    shown = {"territory": "territory", "mode": "mode", "language": "language", "origin": "coding_origin"}
    for r in rows:
        ws.append([label(shown[c], v, lang) if c in shown and v else v
                   for c, v in zip(EXPORT_COLUMNS, r.export_row())])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_COLUMNS))}{max(1, len(rows) + 1)}"
    for col, size in {1: 10, 2: 34, 3: 16, 4: 30, 5: 9, 6: 18, 7: 80, 10: 60}.items():
        ws.column_dimensions[get_column_letter(col)].width = size
    for row in ws.iter_rows(min_row=2, min_col=7, max_col=10):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _header_keys() -> dict[str, str]:
    """Folded column titles (Spanish and English) -> the CSV's keys."""
    from atlas_qual.codebook import fold
    from atlas_qual.i18n import t

    out = {}
    for c in EXPORT_COLUMNS:
        for lang in ("es", "en"):
            out[fold(t("xlsx_col_" + c, lang=lang)).strip()] = c
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_codings_xlsx(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """The first sheet of a codings workbook as ``codings import`` reads a CSV: the column names (titles in Spanish
    or English become the CSV's keys) and one dict per row below the header, every row kept (blank ones too), so
    an error names the row number Excel shows."""
    from atlas_qual.codebook import fold
    from atlas_qual.spreadsheet import open_workbook, pick_sheet

    # a zip bomb is refused before openpyxl inflates it; a damaged or password-protected workbook names the file
    wb = open_workbook(path, name=Path(path).name)
    try:
        rows = pick_sheet(wb, Path(path).name).iter_rows(values_only=True)
        keys = _header_keys()
        names = [keys.get(fold(_cell(v)).strip(), _cell(v)) for v in next(rows, ())]
        records = [dict(zip(names, (_cell(v) for v in row))) for row in rows]
        return names, records
    finally:
        wb.close()
