"""Spreadsheet safety for every export: text people typed stays text, never a formula Excel or LibreOffice would run.

Examples:
    >>> csv_text('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
    >>> csv_text("- Bueno, yo creo que sí")
    '- Bueno, yo creo que sí'
"""

from __future__ import annotations

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


def read_text_file(path: str | Path) -> str:
    """A small text file people make in a spreadsheet (manifest, codings CSV) as text: UTF-8 with or without BOM,
    UTF-16 with BOM, else Windows-1252 (what Excel writes in Spanish locales)."""
    import codecs

    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise AtlasQualError("file_unreadable", file=str(path), reason=exc.strerror or str(exc)) from None
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF8, "utf-8-sig")):
        if raw.startswith(bom):
            try:
                return raw.decode(enc).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise AtlasQualError("csv_undecodable", file=str(path), position=exc.start) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" in raw:
            raise AtlasQualError("csv_undecodable", file=str(path), position=raw.index(b"\x00")) from None
        return raw.decode("cp1252", errors="replace")
