"""Themes of a column of texts in a CSV/XLSX file (open survey answers): reading the column with row-precise errors,
and running the theme engine over it (nothing is stored).

Examples:
    >>> # col, result = texts_themes("encuesta.xlsx", "respuesta")
    >>> # result.to_dict()["assignments"][:5]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural
from atlas_qual.text import fold

MAX_ROW_ERRORS = 8
# Excel shows a formula that failed as one of these: a text column holding them was exported from broken formulas
EXCEL_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!"})


def _fold(text: str) -> str:
    return fold(str(text or ""))


# --- themes of a column of texts (open survey answers) ----------------------------------------------------------


@dataclass(frozen=True)
class TextColumn:
    """The texts of one column of a CSV/XLSX file: one per data row (empty rows kept as "" so that results line up
    with the file), ``rows`` the spreadsheet row number of each, the column's name as written in the file."""

    file: str
    column: str
    texts: tuple[str, ...]
    rows: tuple[int, ...]
    encoding: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _cell(value: Any) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _find_column(header: Sequence[str], column: str, file: str) -> int:
    names = [" ".join(str(h or "").split()) for h in header]
    wanted = " ".join(str(column).split())
    for i, name in enumerate(names):
        if name == wanted:
            return i
    folded = [i for i, name in enumerate(names) if _fold(name) == _fold(wanted)]
    if len(folded) == 1:
        return folded[0]
    shown = ", ".join(n for n in names if n) or "—"
    if len(folded) > 1:
        raise AtlasQualError("themes_texts_column_twice", file=file, column=column, columns=shown)
    raise AtlasQualError("themes_texts_no_column", file=file, column=column, columns=shown)


def _raise_row_errors(file: str, problems: list[tuple[str, dict]]) -> None:
    """One error naming every bad row (``problems``: message key and parameters), in both languages."""
    if not problems:
        return
    from atlas_qual.i18n import t

    more = len(problems) - MAX_ROW_ERRORS
    shown = {}
    for lang in ("es", "en"):
        text = "; ".join(t(key, lang=lang, **params) for key, params in problems[:MAX_ROW_ERRORS])
        shown[f"rows_{lang}"] = text + (f"; … (+{more})" if more > 0 else "")
    raise AtlasQualError("themes_texts_bad_rows", file=file, n=Plural("count_unreadable_rows", len(problems)), **shown)


def _read_csv_column(data: bytes, name: str, column: str) -> TextColumn:
    from atlas_qual.codebook import sniff_delimiter
    from atlas_qual.transcripts import _decode

    warnings: list[str] = []
    try:
        # the transcript importer's decoding: BOMs, UTF-8, UTF-16 without BOM, Spanish cp1252/latin-1, detection
        text, encoding = _decode(data, name, warnings)  # noqa: SLF001
    except AtlasQualError as exc:
        if exc.key == "transcript_binary":
            raise AtlasQualError("themes_texts_binary", file=name) from None
        raise AtlasQualError("themes_texts_undecodable", file=name,
                             position=exc.params.get("position", "?")) from None
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    texts: list[str] = []
    rows: list[int] = []
    problems: list[tuple[str, dict]] = []
    header: list[str] | None = None
    col = -1
    try:
        for record in reader:
            line = reader.line_num
            if header is None:
                if not any(c.strip() for c in record):
                    continue
                header = [c.strip() for c in record]
                col = _find_column(header, column, name)
                continue
            if not record or not any(c.strip() for c in record):
                texts.append("")
                rows.append(line)
                continue
            width = len(record)
            extra = record[len(header):]
            if width < len(header) or any(c.strip() for c in extra):
                problems.append(("themes_texts_row_width",
                                 {"row": line, "found": Plural("count_cells", width), "expected": len(header)}))
                continue
            value = record[col].strip()
            if value in EXCEL_ERRORS:
                problems.append(("themes_texts_row_excel_error", {"row": line, "value": value}))
                continue
            texts.append(value)
            rows.append(line)
    except csv.Error as exc:
        raise AtlasQualError("themes_texts_csv_error", file=name, row=reader.line_num, reason=str(exc)) from None
    if header is None:
        raise AtlasQualError("themes_texts_empty", file=name)
    _raise_row_errors(name, problems)
    return TextColumn(file=name, column=header[col], texts=tuple(texts), rows=tuple(rows), encoding=encoding,
                      warnings=tuple(warnings))


def _read_xlsx_column(data: bytes, name: str, column: str) -> TextColumn:
    from openpyxl import load_workbook

    from atlas_qual.safezip import BadArchive, check_archive

    try:
        check_archive(data, name=name)  # a zip bomb never reaches openpyxl
    except BadArchive:
        pass  # damaged: openpyxl's own error below names the problem
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any damage to the archive means "cannot be opened as Excel"
        raise AtlasQualError("themes_texts_xlsx_unreadable", file=name, reason=str(exc).splitlines()[0][:200]) from None
    try:
        first_header: list[str] | None = None
        for ws in wb.worksheets:
            it = ws.iter_rows(values_only=True)
            header = None
            header_row = 0
            for n, values in enumerate(it, start=1):
                if values and any(_cell(v).strip() for v in values):
                    header, header_row = [_cell(v).strip() for v in values], n
                    break
            if header is None:
                continue
            if first_header is None:
                first_header = header
            try:
                col = _find_column(header, column, name)
            except AtlasQualError as exc:
                if exc.key == "themes_texts_column_twice":
                    raise
                continue
            texts: list[str] = []
            rows: list[int] = []
            problems: list[tuple[str, dict]] = []
            for n, values in enumerate(it, start=header_row + 1):
                value = _cell(values[col] if values and col < len(values) else None).strip()
                if value in EXCEL_ERRORS:
                    problems.append(("themes_texts_row_excel_error", {"row": n, "value": value}))
                    continue
                texts.append(value)
                rows.append(n)
            # rows left empty at the end of a sheet are formatting, not answers
            while texts and not texts[-1]:
                texts.pop()
                rows.pop()
            _raise_row_errors(f"{name} [{ws.title}]", problems)
            return TextColumn(file=name, column=header[col], texts=tuple(texts), rows=tuple(rows), encoding="xlsx")
        if first_header is None:
            raise AtlasQualError("themes_texts_empty", file=name)
        _find_column(first_header, column, name)  # raises the message listing the columns
        raise AssertionError("unreachable")  # pragma: no cover
    finally:
        wb.close()


def read_text_column(path: str | Path, column: str) -> TextColumn:
    """The texts of ``column`` in a CSV (any delimiter , ; tab; encoding detected as for transcripts) or XLSX file
    (the first sheet that has the column). Row problems (a row with more or fewer cells than the header, an Excel
    error value such as #N/A) are all listed with their row numbers and nothing is read.

    Examples:
        >>> # col = read_text_column("encuesta.csv", "¿Qué funcionó?")
        >>> # col.texts[0], col.rows[0] -> ('Los talleres conjuntos...', 2)
    """
    p = Path(path)
    if not str(column or "").strip():
        raise AtlasQualError("themes_texts_column_missing", file=str(p))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise AtlasQualError("file_unreadable", file=str(p), reason=exc.strerror or str(exc)) from None
    if not data.strip():
        raise AtlasQualError("themes_texts_empty", file=str(p))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx_column(data, str(p), column)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise AtlasQualError("themes_texts_old_excel", file=str(p))
    return _read_csv_column(data, str(p), column)


def texts_themes(path: str | Path, column: str, *, lang: str | None = None, embedding: str = "default",
                 seed: int = 42, min_theme_size: int | None = None, n_quotes: int = 3, redactor=None,
                 n_themes: int | None = None, seeds=None, progress: Callable[[float, str], None] | None = None):
    """Themes of the texts of one column of a CSV/XLSX file (e.g. open survey answers); nothing is stored.

    Returns ``(TextColumn, ThemeResult)``: ``result.assignments`` has one theme id per data row (-1 = none), each
    quote's ``meta`` the spreadsheet ``row``. See :func:`column_themes` for the other arguments.

    Examples:
        >>> # col, result = texts_themes("encuesta.xlsx", "respuesta")
        >>> # result.to_dict()["assignments"][:5]
    """
    col = read_text_column(path, column)
    return col, column_themes(col, lang=lang, embedding=embedding, seed=seed, min_theme_size=min_theme_size,
                              n_quotes=n_quotes, redactor=redactor, n_themes=n_themes, seeds=seeds,
                              progress=progress)


def column_lang(col: TextColumn) -> str:
    """The language the texts of a column are written in ("es" or "en")."""
    from atlas_qual.transcripts import detect_language

    found = detect_language("\n".join(t for t in col.texts if t)) or "es"
    return found if found in ("es", "en") else "es"


def column_themes(col: TextColumn, *, lang: str | None = None, embedding: str = "default", seed: int = 42,
                  min_theme_size: int | None = None, n_quotes: int = 3, redactor=None, n_themes: int | None = None,
                  seeds=None, progress: Callable[[float, str], None] | None = None):
    """Themes of a :class:`TextColumn`. ``lang`` defaults to the language the texts are written in; quotes are
    redacted with ``redactor`` (without one: phones, e-mails and cédula numbers)."""
    from atlas_qual import themes as core

    text_lang = lang or column_lang(col)
    if redactor is None:
        from atlas_qual.redaction import Redactor

        redactor = Redactor(lang=text_lang)
    meta = [{"row": r} for r in col.rows]
    try:
        return core.extract_themes(list(col.texts), lang=text_lang, meta=meta, embedding=embedding, seed=seed,
                                   min_theme_size=min_theme_size, n_quotes=n_quotes, redactor=redactor,
                                   n_themes=n_themes, seeds=seeds, progress=progress)
    except AtlasQualError as exc:
        if exc.key == "themes_too_little_text":
            # the rows of a column are texts, not segments: "12 filas, 3 con texto"
            params = {**exc.params, "n": Plural("count_with_text", int(exc.params["n"]))}
            raise AtlasQualError("themes_texts_too_little", file=col.file, column=col.column,
                                 rows=Plural("count_rows", len(col.texts)), **params) from None
        raise


def read_seeds(path: str | Path) -> list[tuple[str, str]]:
    """Candidate themes from a CSV file with columns ``name,description`` (one theme per row; description may be
    empty). Errors name the file and row.

    Examples:
        >>> # read_seeds("temas.csv") -> [("Presupuesto", "falta de fondos, vehículos, combustible"), ...]
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise AtlasQualError("file_unreadable", file=str(p), reason=exc.strerror or str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    rows = list(csv.reader(io.StringIO(text)))
    # Spanish headers too (nombre,descripción): analysts write the file in the language they work in
    header = [_fold(c).strip() for c in rows[0][:2]] if rows else []
    if header not in (["name", "description"], ["nombre", "descripcion"], ["name"], ["nombre"]):
        raise AtlasQualError("themes_seeds_header", file=str(p))
    seeds: list[tuple[str, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        name = " ".join(row[0].split()) if row else ""
        if not name:
            raise AtlasQualError("themes_seeds_no_name", file=str(p), row=number)
        seeds.append((name, " ".join(row[1].split()) if len(row) > 1 else ""))
    if not seeds:
        raise AtlasQualError("themes_seeds_empty", file=str(p))
    return seeds
