"""Spreadsheet safety for every export: text people typed stays text, never a formula Excel or LibreOffice would run.

Examples:
    >>> csv_text('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
    >>> csv_text("- Bueno, yo creo que sí")
    '- Bueno, yo creo que sí'
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from atlas_qual.errors import AtlasQualError

_ALWAYS = ("=", "@", "\t", "\r")
_OPERATORS = set("=+-*/()!|&^@")


def looks_like_formula(value: str) -> bool:
    """True for text a spreadsheet would evaluate: "=..", "@..", or "+"/"-" followed by formula syntax."""
    if not value:
        return False
    if value.startswith(_ALWAYS):
        return True
    return value[0] in "+-" and any(ch in _OPERATORS for ch in value[1:])


def csv_text(value: Any) -> Any:
    """A CSV cell: text that looks like a formula gets a leading apostrophe (the usual spreadsheet escape)."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def csv_row(values) -> list:
    return [csv_text(v) for v in values]


def keep_text(workbook) -> None:
    """Every openpyxl cell that would be stored as a formula is stored as the text that was typed."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


_WHOLE_RE = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:[.,]0+)?")


def whole_number(value: Any) -> int | None:
    """A whole number as a spreadsheet in a Spanish locale may have saved it (``12,00`` from a number format with
    decimals, ``1.234`` with thousands separators, ``'12`` typed as text), or None when it is not one.

    Examples:
        >>> whole_number("12,00"), whole_number("1.234"), whole_number("'7"), whole_number("1,5"), whole_number("")
        (12, 1234, 7, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value or "").strip().lstrip("'").replace("\u00a0", "").replace(" ", "")
    m = _WHOLE_RE.fullmatch(text)
    return int(m.group(1).replace(".", "")) if m else None


_EXCEL_EPOCH = dt.date(1899, 12, 30)


def excel_date(value: Any) -> dt.date | None:
    """The date an Excel serial number stands for (46363 is 7 December 2026), as a cell holds it when its column
    is not formatted as a date or a CSV was saved from such a column; only days from 1954 to 2119, so a count or
    a year is never taken for a date.

    Examples:
        >>> excel_date("46363"), excel_date(46363.5), excel_date("2025")
        (datetime.date(2026, 12, 7), datetime.date(2026, 12, 7), None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = " ".join(str(value).split())
        if not re.fullmatch(r"\d{5}(?:[.,]\d+)?", text):
            return None
        number = float(text.replace(",", "."))
    if not 20_000 <= number < 80_000:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def decode_text(raw: bytes, name: str) -> str:
    """The text of a file people make in a spreadsheet (manifest, codings CSV, register CSV): UTF-8 with or without
    BOM, UTF-16 with BOM (Excel's "Unicode text"), else Windows-1252 (what Excel writes in Spanish locales; a charset
    detector guesses wrong on such files: cp1250 turned "n.º" into "n.ş"), else the detector's best guess; bytes that
    fit none raise an error naming ``name`` and the position, never silently replaced.

    Examples:
        >>> decode_text("n.º 1; Ñeembucú".encode("cp1252"), "r.csv"), decode_text("a;b".encode("utf-16"), "r.csv")
        ('n.º 1; Ñeembucú', 'a;b')

    A first line ``sep=;`` (the hint Excel writes and reads to pick the separator; it hides the line, so row
    numbers count without it) is left out:

        >>> decode_text(b"sep=;\\r\\nmes;canal\\r\\n", "r.csv")
        'mes;canal\\r\\n'
    """
    text = _decoded(raw, name)
    return re.sub(r"\A\ufeff?sep=.[ \t]*(\r\n|\n|\r|\Z)", "", text, count=1)


def _decoded(raw: bytes, name: str) -> str:
    import codecs

    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF8, "utf-8-sig")):
        if raw.startswith(bom):
            try:
                return raw.decode(enc).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise AtlasQualError("csv_undecodable", file=name, position=exc.start) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" not in raw:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined: not Windows-1252
            pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is not None:
            return str(best)
    except ImportError:  # pragma: no cover - a dependency
        pass
    bad = raw.index(b"\x00") if b"\x00" in raw else 0
    raise AtlasQualError("csv_undecodable", file=name, position=bad)


def read_text_file(path: str | Path) -> str:
    """A small text file people make in a spreadsheet, as text (see :func:`decode_text`)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise AtlasQualError("file_unreadable", file=str(path), reason=exc.strerror or str(exc)) from None
    return decode_text(raw, str(path))


def open_workbook(path: str | Path, *, name: str | None = None, unreadable_key: str = "file_unreadable",
                  data_only: bool = True):
    """An .xlsx opened read-only for its values (the results formulas had when the file was last saved), after the
    zip-bomb check; a folder, an unreadable or a damaged file is one error naming it (``unreadable_key`` with
    ``file`` and ``reason``)."""
    from openpyxl import load_workbook

    from atlas_qual.safezip import BadArchive, check_archive

    path = Path(path)
    name = name or path.name
    try:
        check_archive(path, name=name)  # a zip bomb never reaches openpyxl
    except BadArchive:
        pass  # damaged: openpyxl's own error below names the problem
    except OSError as exc:
        raise AtlasQualError("file_unreadable", file=name, reason=exc.strerror or str(exc)) from None
    try:
        return load_workbook(str(path), read_only=True, data_only=data_only)
    except OSError as exc:
        raise AtlasQualError("file_unreadable", file=name, reason=exc.strerror or str(exc)) from None
    except Exception as exc:  # openpyxl raises zipfile/KeyError/... for a broken file
        raise AtlasQualError(unreadable_key, file=name, reason=str(exc)[:100] or type(exc).__name__) from None


def pick_sheet(workbook, file: str, sheet: str | None = None):
    """The sheet named ``sheet`` (an error listing the sheets when there is none of that name), else the first
    visible one: a hidden first sheet holds the lists a drop-down menu takes its values from, not the data."""
    if sheet:
        if sheet not in workbook.sheetnames:  # a mistyped name must not read another sheet's rows
            raise AtlasQualError("register_sheet_unknown", file=file, sheet=sheet,
                                 sheets=", ".join(f"«{n}»" for n in workbook.sheetnames))
        return workbook[sheet]
    visible = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    return (visible or workbook.worksheets)[0]


def formula_without_value(path: str | Path, sheet_title: str, rows: list, first: int, columns: list[int]):
    """(row number, column index, formula) of the first cell among ``columns`` of the data ``rows`` (from index
    ``first``) that is empty only because it holds a formula whose result was never saved (a file written by a
    program and never opened in Excel or LibreOffice), or None."""
    wanted = [(n, i) for n, row in enumerate(rows[first:], start=first) for i in columns
              if i < len(row) and row[i] is None and any(v is not None for v in row)]
    if not wanted:
        return None
    try:
        wb = open_workbook(path, data_only=False)
    except AtlasQualError:
        return None
    try:
        formulas = list(pick_sheet(wb, "", sheet_title).iter_rows(values_only=True))
    finally:
        wb.close()
    for n, i in wanted:
        value = formulas[n][i] if n < len(formulas) and i < len(formulas[n]) else None
        if isinstance(value, str) and value.startswith("="):
            return n + 1, i, value
    return None
