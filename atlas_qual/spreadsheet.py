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


def decode_text(raw: bytes, name: str) -> str:
    """The text of a file people make in a spreadsheet (manifest, codings CSV, register CSV): UTF-8 with or without
    BOM, UTF-16 with BOM (Excel's "Unicode text"), else Windows-1252 (what Excel writes in Spanish locales; a charset
    detector guesses wrong on such files: cp1250 turned "n.º" into "n.ş"), else the detector's best guess; bytes that
    fit none raise an error naming ``name`` and the position, never silently replaced.

    Examples:
        >>> decode_text("n.º 1; Ñeembucú".encode("cp1252"), "r.csv"), decode_text("a;b".encode("utf-16"), "r.csv")
        ('n.º 1; Ñeembucú', 'a;b')
    """
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
