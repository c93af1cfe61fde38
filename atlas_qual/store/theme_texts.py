"""Themes of a column of texts in a CSV/XLSX file (open survey answers): reading the column with row-precise errors,
and running the theme engine over it (nothing is stored).

Examples:
    >>> # col, result = texts_themes("encuesta.xlsx", "respuesta")
    >>> # result.to_dict()["assignments"][:5]
"""

from __future__ import annotations

import csv
import io
import re
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


def _words_only(text: str) -> str:
    """The words of ``text`` folded, without punctuation ("¿Qué  pasó?" -> "que paso")."""
    return " ".join(re.sub(r"[\W_]+", " ", _fold(text)).split())


def _find_column(header: Sequence[str], column: str, file: str) -> int:
    names = [" ".join(str(h or "").split()) for h in header]
    wanted = " ".join(str(column).split())
    for i, name in enumerate(names):
        if name == wanted:
            return i
    folded = [i for i, name in enumerate(names) if _fold(name) == _fold(wanted)]
    if len(folded) == 1:
        return folded[0]
    if not folded:  # "que dificultades encontro" for "¿Qué dificultades encontró?": punctuation is not typed
        loose = [i for i, name in enumerate(names) if _words_only(name) and _words_only(name) == _words_only(wanted)]
        if len(loose) == 1:
            return loose[0]
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
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # a header without , ; or tab is a file of one column: its answers' commas (unquoted by a spreadsheet that
    # separates with ;) are text, not cells
    delimiter = sniff_delimiter(first_line) if any(d in first_line for d in ",;\t") else "\x1f"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    texts: list[str] = []
    rows: list[int] = []
    problems: list[tuple[str, dict]] = []
    header: list[str] | None = None
    col = -1
    line = 0
    try:
        for record in reader:
            # the spreadsheet's row number: one per record, whatever line breaks a quoted answer holds
            line += 1
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
        raise AtlasQualError("themes_texts_csv_error", file=name, row=line + 1, reason=str(exc)) from None
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


# what a survey holds where nobody answered: "No sabe", "N/A", "-", "NS/NR"... (folded, punctuation as spaces); such
# cells say nothing about a theme and would otherwise form one of their own ("N", quoting "N/A")
NON_ANSWERS = frozenset({
    "", "0", "x", "n", "na", "n a", "nr", "ns", "ns nr", "n s", "s r", "s d", "no", "si", "no sabe", "no se",
    "no sabe no responde", "no sabe no contesta", "no responde", "no contesta", "no corresponde", "no aplica",
    "sin respuesta", "sin datos", "sin dato", "sin comentarios", "sin comentario", "ninguno", "ninguna", "ninguno a",
    "nada", "nada que agregar", "no tengo", "no opina", "no recuerda", "ndaikuaai", "none", "nothing", "no answer",
    "dont know", "don t know", "do not know", "idk", "no comment", "no comments", "not applicable", "nil", "null",
    "yes", "ok"})


def is_non_answer(text: str) -> bool:
    """Whether a survey cell says nobody answered ("No sabe", "N/A", "-", "NS/NR", "—", "ninguna").

    Examples:
        >>> is_non_answer(" N/A "), is_non_answer("No sabe."), is_non_answer("-"), is_non_answer("No hay presupuesto")
        (True, True, True, False)
    """
    return bool(str(text or "").strip()) and _words_only(str(text)) in NON_ANSWERS


_UP = "A-ZÁÉÍÓÚÜÑ"
_LOW = "a-záéíóúüñ'’"
# capitalised words after a person's own introduction or a "said by": "Soy Rosa Ayala", "My name is John Smith",
# "Said by Mary Johnson" (names the lists of Paraguayan names do not hold)
_INTRODUCED_RE = re.compile(
    rf"(?:\b(?P<how>[Ss]oy|[Mm]e llamo|[Mm]i nombre es|I am|I'm|[Mm]y name is|[Ss]aid by|[Dd]icho por|[Ee]scrito por|"
    rf"[Ww]ritten by|[Ff]irmado por|[Ss]igned by)\s+)([{_UP}][{_LOW}]+(?:[ \t]+[{_UP}][{_LOW}]+){{0,3}})")
# after these a person is named; after "Soy", "I am", "I'm" a job may be ("Soy Trabajadora Social")
_NAMING = frozenset({"me llamo", "mi nombre es", "my name is", "said by", "dicho por", "escrito por", "written by",
                     "firmado por", "signed by"})


def column_names(texts: Sequence[str]) -> list[str]:
    """Person names found in a column's texts (a known first name and a surname, a name after a title or after
    an introduction: "Soy Juan Carlos Benítez", "Lo dijo María González", "la Sra. Ayala", "Said by John Smith"):
    outputs hide them even without a project's list of names, as every output must. Words before the name that
    are no name ("Soy") are left out."""
    from atlas_qual.redaction import COMMON_WORDS, is_hideable_name
    from atlas_qual.store.names import _known, name_candidates

    first_names, surnames = _known()
    found: dict[str, None] = {}
    for text in texts:
        if not text or not any(c.isupper() for c in text[1:]):
            continue
        for m in _INTRODUCED_RE.finditer(text):
            words = m.group(2).split()
            while words and _fold(words[-1]) in COMMON_WORDS:
                words.pop()
            # "Soy Trabajadora Social", "I am Program Officer": a job, unless a word is a known given name or
            # surname; after "me llamo" what follows is a name
            known = any(_fold(w) in first_names or _fold(w) in surnames for w in words)
            how = " ".join(m.group("how").lower().split())
            # one word is a name only after "me llamo" ("Me llamo Nilda"); "Soy Docente" is a job
            enough = len(words) >= 2 or (len(words) == 1 and how in ("me llamo", "mi nombre es", "my name is"))
            if enough and all(_fold(w) not in COMMON_WORDS for w in words) and is_hideable_name(
                    " ".join(words)) and (known or how in _NAMING):
                found.setdefault(" ".join(words))
        for name, why, *_ in name_candidates(text):
            if why not in ("first_name", "surname", "title"):
                continue
            words = name.split()
            while words and _fold(words[0]) not in first_names and _fold(words[0]) not in surnames:
                words = words[1:]  # "Soy Juan Carlos Benítez" -> "Juan Carlos Benítez"
            name = " ".join(words)
            if len(words) >= (1 if why == "title" else 2) and is_hideable_name(name):
                found.setdefault(name)
    return list(found)


def column_redactor(texts: Sequence[str], lang: str, redactor=None):
    """``redactor`` (a project's, or phones/e-mails/cédulas only when None) that also hides the person names
    :func:`column_names` finds in ``texts``."""
    from atlas_qual.redaction import Redactor

    names = column_names(texts)
    if not names:
        return redactor if redactor is not None else Redactor(lang=lang)
    listed = dict(getattr(redactor, "names", {}) or {})
    for name in names:
        listed.setdefault(name, "")
    # found by their shape, not listed by an analyst: hidden where capitalised, as a name is written ("la trabajadora
    # social" is never taken for a "Trabajadora Social" someone introduced)
    return Redactor(listed, lang=getattr(redactor, "lang", lang),
                    capitalised=frozenset(getattr(redactor, "capitalised", frozenset())) | set(names))


def column_themes(col: TextColumn, *, lang: str | None = None, embedding: str = "default", seed: int = 42,
                  min_theme_size: int | None = None, n_quotes: int = 3, redactor=None, n_themes: int | None = None,
                  seeds=None, progress: Callable[[float, str], None] | None = None):
    """Themes of a :class:`TextColumn`. ``lang`` defaults to the language the texts are written in; quotes, terms
    and labels lose personal data: ``redactor``'s names (a project's) and the person names found in the column,
    phones, e-mails and cédula numbers. Cells where nobody answered ("No sabe", "N/A", "-") get no theme (-1);
    ``result.params["non_answers"]`` counts them."""
    from atlas_qual import themes as core

    text_lang = lang or column_lang(col)
    redactor = column_redactor(col.texts, text_lang, redactor)
    texts = ["" if is_non_answer(t) else t for t in col.texts]
    non_answers = sum(1 for t in col.texts if is_non_answer(t))
    meta = [{"row": r} for r in col.rows]
    try:
        result = core.extract_themes(texts, lang=text_lang, meta=meta, embedding=embedding, seed=seed,
                                     min_theme_size=min_theme_size, n_quotes=n_quotes, redactor=redactor,
                                     n_themes=n_themes, seeds=seeds, progress=progress)
    except AtlasQualError as exc:
        if exc.key == "themes_too_little_text":
            # the rows of a column are texts, not segments: "12 filas, 3 con texto"
            params = {**exc.params, "n": Plural("count_with_text", int(exc.params["n"]))}
            if non_answers:
                raise AtlasQualError("themes_texts_too_little_non_answers", file=col.file, column=col.column,
                                     rows=Plural("count_rows", len(col.texts)),
                                     non_answers=Plural("count_non_answers", non_answers), **params) from None
            raise AtlasQualError("themes_texts_too_little", file=col.file, column=col.column,
                                 rows=Plural("count_rows", len(col.texts)), **params) from None
        raise
    from dataclasses import replace

    return replace(result, params={**result.params, "non_answers": non_answers})


_SEED_NAME = frozenset({"name", "nombre"})
_SEED_DESCRIPTION = frozenset({"description", "descripcion"})


def _seed_rows(data: bytes, name: str) -> list[list[str]]:
    """The rows of a seeds file: CSV (, ; or tab; UTF-8, UTF-8 with BOM, cp1252) or the first sheet of an .xlsx."""
    if data.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any damage means "cannot be opened as Excel"
            raise AtlasQualError("themes_texts_xlsx_unreadable", file=name,
                                 reason=str(exc).splitlines()[0][:200]) from None
        try:
            return [[_cell(v) for v in values] for values in wb.worksheets[0].iter_rows(values_only=True)]
        finally:
            wb.close()
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise AtlasQualError("themes_texts_old_excel", file=name)
    from atlas_qual.codebook import sniff_delimiter

    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    rows: list[list[str]] = []
    try:
        for record in reader:
            rows.append(record)
    except csv.Error as exc:
        raise AtlasQualError("themes_texts_csv_error", file=name, row=len(rows) + 1, reason=str(exc)) from None
    return rows


def read_seeds(path: str | Path) -> list[tuple[str, str]]:
    """Candidate themes from a CSV or XLSX file with columns ``name,description`` (or ``nombre,descripción``, in
    either order; description may be left out or empty; one theme per row). Errors name the file and row; a name
    given twice (ignoring case and accents) is an error naming both rows.

    Examples:
        >>> # read_seeds("temas.csv") -> [("Presupuesto", "falta de fondos, vehículos, combustible"), ...]
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise AtlasQualError("file_unreadable", file=str(p), reason=exc.strerror or str(exc)) from None
    rows = _seed_rows(data, str(p))
    first = next((n for n, row in enumerate(rows) if any(str(c).strip() for c in row)), None)
    if first is None:
        raise AtlasQualError("themes_seeds_empty", file=str(p))
    # Spanish headers too (nombre,descripción): analysts write the file in the language they work in
    header = [_words_only(c) for c in rows[first]]
    while header and not header[-1]:
        header.pop()
    known = _SEED_NAME | _SEED_DESCRIPTION
    names_at = [i for i, h in enumerate(header) if h in _SEED_NAME]
    described = [i for i, h in enumerate(header) if h in _SEED_DESCRIPTION]
    if len(names_at) != 1 or len(described) > 1 or any(h not in known for h in header):
        found = ", ".join(str(c).strip() for c in rows[first] if str(c).strip())
        raise AtlasQualError("themes_seeds_header_found", file=str(p), found=found)
    at, desc_at = names_at[0], (described[0] if described else None)
    seeds: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[first + 1:], start=first + 2):
        cells = [str(c) for c in row]
        if not any(c.strip() for c in cells):
            continue
        name = " ".join(cells[at].split()) if at < len(cells) else ""
        if not name:
            raise AtlasQualError("themes_seeds_no_name", file=str(p), row=number)
        key = _words_only(name)
        if key in seen:
            raise AtlasQualError("themes_seeds_duplicate", file=str(p), name=name, first=seen[key], row=number)
        seen[key] = number
        description = " ".join(cells[desc_at].split()) if desc_at is not None and desc_at < len(cells) else ""
        seeds.append((name, description))
    if not seeds:
        raise AtlasQualError("themes_seeds_empty", file=str(p))
    return seeds
