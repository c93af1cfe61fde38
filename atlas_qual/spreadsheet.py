"""Spreadsheet safety for every export: text people typed stays text, never a formula Excel or LibreOffice would run.

Examples:
    >>> csv_text('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
    >>> csv_text("- Bueno, yo creo que sí")
    '- Bueno, yo creo que sí'
"""

from __future__ import annotations

from typing import Any

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
