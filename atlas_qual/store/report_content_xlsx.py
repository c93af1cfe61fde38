"""The analysts' report content as an Excel workbook report teams edit: one sheet per section, headers and values in
the reader's language, drafts marked in a visible column; read back into the same document the YAML file holds.

A workbook exported in one language imports under either (sheet names, headers and listed values are matched in
Spanish and English, accents and case ignored). Every problem is one message naming the file, sheet, row and fix.

Examples:
    >>> # write_workbook(content, "mauep.xlsx", lang="es")   # Contexto, Preguntas y hallazgos, Conclusiones, ...
    >>> # read_workbook("mauep.xlsx")                         # -> the raw document normalize_content checks
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Callable

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import t
from atlas_qual.reports.content import CRITERIA, EVIDENCE_KEYS, LESSON_KINDS, PRIORITIES, TEXT_FIELDS
from atlas_qual.text import fold_input

LANGS = ("es", "en")
HEADER_FILL, DRAFT_FILL = "DDEBF7", "FFF2CC"


def _in(lang: str, what: str, text_lang: str) -> str:
    return t(f"content_xlsx_col_in_{text_lang}", lang=lang, what=t(f"content_xlsx_what_{what}", lang=lang))


# column key -> its header in ``lang`` (headers are matched back in either language on import)
COLUMNS: dict[str, Callable[[str], str]] = {
    "section": lambda lang: t("content_xlsx_col_section", lang=lang),
    "text_es": lambda lang: _in(lang, "text", "es"), "text_en": lambda lang: _in(lang, "text", "en"),
    "id": lambda lang: t("content_xlsx_col_id", lang=lang),
    "number": lambda lang: t("content_xlsx_col_number", lang=lang),
    "criterion": lambda lang: t("content_xlsx_col_criterion", lang=lang),
    "question_es": lambda lang: _in(lang, "question", "es"), "question_en": lambda lang: _in(lang, "question", "en"),
    "finding_es": lambda lang: _in(lang, "finding", "es"), "finding_en": lambda lang: _in(lang, "finding", "en"),
    "evidence": lambda lang: t("content_xlsx_col_evidence", lang=lang),
    "quotes": lambda lang: t("content_xlsx_col_quotes", lang=lang),
    "draft": lambda lang: t("content_xlsx_col_draft", lang=lang),
    "conclusion_es": lambda lang: _in(lang, "conclusion", "es"),
    "conclusion_en": lambda lang: _in(lang, "conclusion", "en"),
    "kind": lambda lang: t("content_xlsx_col_kind", lang=lang),
    "recommendation_es": lambda lang: _in(lang, "recommendation", "es"),
    "recommendation_en": lambda lang: _in(lang, "recommendation", "en"),
    "responsible": lambda lang: t("content_xlsx_col_responsible", lang=lang),
    "timeline_es": lambda lang: _in(lang, "timeline", "es"), "timeline_en": lambda lang: _in(lang, "timeline", "en"),
    "priority": lambda lang: t("content_xlsx_col_priority", lang=lang),
    "finding": lambda lang: t("content_xlsx_col_finding", lang=lang),
    "segment": lambda lang: t("content_xlsx_col_segment", lang=lang),
    "original": lambda lang: t("content_xlsx_col_original", lang=lang),
    "translation": lambda lang: t("content_xlsx_col_translation", lang=lang),
}
WIDTHS = {"section": 24, "text_es": 70, "text_en": 70, "id": 7, "number": 6, "criterion": 16, "question_es": 40,
          "question_en": 40, "finding_es": 60, "finding_en": 60, "evidence": 24, "quotes": 16, "draft": 11,
          "conclusion_es": 70, "conclusion_en": 70, "kind": 20, "recommendation_es": 55, "recommendation_en": 55,
          "responsible": 14, "timeline_es": 18, "timeline_en": 18, "priority": 11, "finding": 16, "segment": 12,
          "original": 40, "translation": 80}
# sheet key -> (its columns, the columns a workbook must keep); the translations sheet may be left out
SHEETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "context": (("section", "text_es", "text_en"), ("section", "text_es")),
    "questions": (("id", "criterion", "question_es", "question_en", "finding_es", "finding_en", "evidence", "quotes",
                   "draft"), ("id", "criterion", "question_es", "finding_es", "draft")),
    "conclusions": (("number", "conclusion_es", "conclusion_en", "draft"), ("conclusion_es", "draft")),
    "lessons": (("kind", "text_es", "text_en", "draft"), ("kind", "text_es", "draft")),
    "recommendations": (("id", "recommendation_es", "recommendation_en", "responsible", "timeline_es", "timeline_en",
                         "priority", "finding", "draft"), ("id", "recommendation_es", "priority", "draft")),
    "translations": (("segment", "original", "translation"), ("segment", "translation")),
}
OPTIONAL_SHEETS = ("translations",)


def _sheet_title(key: str, lang: str) -> str:
    return t(f"content_xlsx_sheet_{key}", lang=lang)[:31]


def _criterion(value: str, lang: str) -> str:
    return t(f"criterion_{value}", lang=lang)


def _priority(value: str, lang: str) -> str:
    return t(f"priority_{value}", lang=lang)


def _kind(value: str, lang: str) -> str:
    return t(f"content_xlsx_kind_{value}", lang=lang)


def _evidence(value: str, lang: str) -> str:
    return t(f"report_section_{value}", lang=lang)


def _field(value: str, lang: str) -> str:
    return t(f"content_xlsx_field_{value}", lang=lang)


def _yes_no(draft: bool, lang: str) -> str:
    return t("content_xlsx_yes" if draft else "content_xlsx_no", lang=lang)


# --- writing ------------------------------------------------------------------------------------------------------

def _rows(content: dict[str, Any], lang: str) -> dict[str, list[tuple[list[Any], bool]]]:
    """Each sheet's rows (cell values in column order) with whether the row is a machine draft."""
    rows: dict[str, list[tuple[list[Any], bool]]] = {k: [] for k in SHEETS}
    rows["context"].append(([_field("dmop", lang), content.get("dmop", ""), ""], False))
    for key in TEXT_FIELDS:
        text = content.get(key) or {}
        rows["context"].append(([_field(key, lang), text.get("es", ""), text.get("en", "")], False))
    for q in content.get("questions") or []:
        rows["questions"].append(([q["id"], _criterion(q["criterion"], lang), q["question"]["es"], q["question"]["en"],
                                   q["finding"]["es"], q["finding"]["en"],
                                   "; ".join(_evidence(e, lang) for e in q.get("evidence") or []),
                                   ", ".join(str(s) for s in q.get("quotes") or []),
                                   _yes_no(q.get("draft", False), lang)], bool(q.get("draft"))))
    for n, c in enumerate(content.get("conclusions") or [], start=1):
        rows["conclusions"].append(([n, c["text"]["es"], c["text"]["en"], _yes_no(c.get("draft", False), lang)],
                                    bool(c.get("draft"))))
    for x in content.get("lessons") or []:
        rows["lessons"].append(([_kind(x["kind"], lang), x["text"]["es"], x["text"]["en"],
                                 _yes_no(x.get("draft", False), lang)], bool(x.get("draft"))))
    for r in content.get("recommendations") or []:
        rows["recommendations"].append(([r["id"], r["text"]["es"], r["text"]["en"], r.get("responsible", ""),
                                         r["timeline"]["es"], r["timeline"]["en"], _priority(r["priority"], lang),
                                         r.get("finding", ""), _yes_no(r.get("draft", False), lang)],
                                        bool(r.get("draft"))))
    for sid, item in sorted((content.get("quote_translations") or {}).items(), key=lambda kv: int(kv[0])):
        rows["translations"].append(([int(sid), item.get("original", ""), item.get("en", "")], False))
    return rows


def _lines(value: Any, width: int, bold: bool = False) -> int:
    """How many lines a wrapped cell needs (for a row height Excel shows without a manual "fit")."""
    text = "" if value is None else str(value)
    # a column width is about one character of the default font; bold headers are wider and break at words
    chars = max(1, int(width * (0.8 if bold else 1.1)))
    return sum(max(1, math.ceil(len(part) / chars)) for part in text.split("\n"))


def write_workbook(content: dict[str, Any], path: str | Path, *, lang: str = "es") -> Path:
    """Write a normalised content document as an editable workbook (header frozen, text wrapped, drafts shaded)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from atlas_qual.spreadsheet import keep_text

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    choices = {"criterion": [_criterion(c, lang) for c in CRITERIA],
               "priority": [_priority(p, lang) for p in PRIORITIES],
               "kind": [_kind(k, lang) for k in LESSON_KINDS],
               "draft": [_yes_no(True, lang), _yes_no(False, lang)]}
    wrap, bold = Alignment(wrap_text=True, vertical="top"), Font(bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    draft_fill = PatternFill("solid", fgColor=DRAFT_FILL)
    for key, rows in _rows(content, lang).items():
        columns = SHEETS[key][0]
        ws = wb.create_sheet(_sheet_title(key, lang))
        ws.append([COLUMNS[c](lang) for c in columns])
        for values, _draft in rows:
            ws.append(values)
        for i, col in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = WIDTHS[col]
        for r, row in enumerate(ws.iter_rows(), start=1):
            for cell in row:
                cell.alignment = wrap
                if r == 1:
                    cell.font, cell.fill = bold, header_fill
            lines = max(_lines(cell.value, WIDTHS[columns[cell.column - 1]], bold=r == 1) for cell in row)
            ws.row_dimensions[r].height = min(409, 15 * lines + 2)
        for r, (_values, draft) in enumerate(rows, start=2):
            if draft:  # the whole row shaded: a draft is seen before it is read
                for cell in ws[r]:
                    cell.fill = draft_fill
        ws.freeze_panes = "A2"
        # printed for a review meeting: landscape, one page wide, the header on every page
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.print_title_rows = "1:1"
        last = max(len(rows) + 1, 200)  # room for rows analysts add
        for col, options in choices.items():
            if col in columns:
                letter = get_column_letter(columns.index(col) + 1)
                dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
                dv.add(f"{letter}2:{letter}{last}")
                ws.add_data_validation(dv)
    keep_text(wb)
    from atlas_qual.private_files import private_folder

    private_folder(path.parent)
    wb.save(path)
    return path


# --- reading ------------------------------------------------------------------------------------------------------

def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _lookup(values, show: Callable[[str, str], str]) -> dict[str, str]:
    """Every way a stored value may be written (its label in Spanish or English, or the value itself) -> value."""
    table = {}
    for value in values:
        table[fold_input(value)] = value
        for lang in LANGS:
            table[fold_input(show(value, lang))] = value
    return table


class _Sheet:
    """One sheet's rows as {column key: text}, with its name and row numbers for messages."""

    def __init__(self, file: str, key: str, ws, lang: str) -> None:
        self.file, self.key, self.title, self.lang = file, key, ws.title, lang
        headers = {}
        for lang_ in LANGS:
            headers.update({fold_input(COLUMNS[c](lang_)): c for c in SHEETS[key][0]})
        rows = list(ws.iter_rows(values_only=True))
        found = {}
        for i, value in enumerate(rows[0] if rows else ()):
            column = headers.get(fold_input(_cell(value)))
            if column and column not in found:
                found[column] = i
        for column in SHEETS[key][1]:
            if column not in found:
                raise AtlasQualError("content_xlsx_missing_column", file=file, sheet=self.title,
                                     column=COLUMNS[column](lang))
        self.rows: list[tuple[int, dict[str, str]]] = []
        for n, row in enumerate(rows[1:], start=2):
            cells = {c: _cell(row[i]) if i < len(row) else "" for c, i in found.items()}
            if any(v for c, v in cells.items() if c not in ("draft", "number")):
                self.rows.append((n, cells))

    def fail(self, row: int, column: str, value: str, choices) -> AtlasQualError:
        return AtlasQualError("content_xlsx_bad_value", file=self.file, sheet=self.title, row=row,
                              column=COLUMNS[column](self.lang), value=value, choices=choices)

    def choice(self, row: int, cells: dict[str, str], column: str, table: dict[str, str], shown: list[str],
               default: str | None = None) -> str:
        text = cells.get(column, "")
        if not text and default is not None:
            return default
        if not text:
            raise AtlasQualError("content_xlsx_missing_value", file=self.file, sheet=self.title, row=row,
                                 column=COLUMNS[column](self.lang))
        value = table.get(fold_input(text))
        if value is None:
            raise self.fail(row, column, text, ", ".join(shown))
        return value

    def draft(self, row: int, cells: dict[str, str]) -> bool:
        text = fold_input(cells.get("draft", ""))
        yes = {fold_input(t("content_xlsx_yes", lang=x)) for x in LANGS} | {"si", "x", "1", "true", "draft",
                                                                             "borrador"}
        no = {fold_input(t("content_xlsx_no", lang=x)) for x in LANGS} | {"", "0", "false"}
        if text in yes:
            return True
        if text in no:
            return False
        raise self.fail(row, "draft", cells["draft"], ", ".join([_yes_no(True, self.lang), _yes_no(False, self.lang),
                                                                  t("content_xlsx_hint_empty", lang=self.lang)]))


def _open(path: Path):
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE2 container of .xls files (or an .xlsx saved as one)
        raise AtlasQualError("content_file_old_excel", file=path.name)
    try:
        return load_workbook(str(path), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AtlasQualError("content_xlsx_unreadable", file=path.name, reason=reason) from None


def _row_id(file: str, sh, row: int, cells: dict, seen, lang: str) -> str:
    """The row's id, which must be there and not be one already seen in the sheet (findings, recommendations)."""
    rid = cells.get("id", "")
    if not rid:
        raise AtlasQualError("content_xlsx_missing_value", file=file, sheet=sh.title, row=row,
                             column=COLUMNS["id"](lang))
    if rid in seen:
        raise AtlasQualError("content_xlsx_duplicate_id", file=file, sheet=sh.title, row=row, id=rid)
    return rid


def read_workbook(path: str | Path, *, lang: str = "es") -> dict[str, Any]:
    """The raw content document of an edited workbook (``lang``: the language of error messages); every value is
    checked here so a problem names its sheet and row; ``normalize_content`` then puts it in its one shape."""
    path = Path(path)
    file = path.name
    wb = _open(path)
    try:
        titles = {fold_input(ws.title): ws for ws in wb.worksheets}
        sheets: dict[str, _Sheet] = {}
        for key in SHEETS:
            ws = next((titles[fold_input(_sheet_title(key, x))] for x in LANGS
                       if fold_input(_sheet_title(key, x)) in titles), None)
            if ws is None:
                if key in OPTIONAL_SHEETS:
                    continue
                raise AtlasQualError("content_xlsx_missing_sheet", file=file, sheet=_sheet_title(key, lang))
            sheets[key] = _Sheet(file, key, ws, lang)
    finally:
        wb.close()

    raw: dict[str, Any] = {}
    ctx = sheets["context"]
    fields = _lookup(("dmop",) + TEXT_FIELDS, _field)
    for row, cells in ctx.rows:
        field = ctx.choice(row, cells, "section", fields, [_field(f, lang) for f in ("dmop",) + TEXT_FIELDS])
        if field == "dmop":
            raw["dmop"] = cells.get("text_es") or cells.get("text_en", "")
        else:
            raw[field] = {"es": cells.get("text_es", ""), "en": cells.get("text_en", "")}
    if not raw.get("dmop"):
        raise AtlasQualError("content_xlsx_missing_value", file=file, sheet=ctx.title, row=2,
                             column=_field("dmop", lang))

    sh, questions, ids = sheets["questions"], [], {}
    criteria = _lookup(CRITERIA, _criterion)
    evidence = _lookup(EVIDENCE_KEYS, _evidence)
    for row, cells in sh.rows:
        qid = _row_id(file, sh, row, cells, ids, lang)
        ids[qid] = row
        keys = []
        for part in (p.strip() for p in re.split(r"[;\n]", cells.get("evidence", ""))):
            if part:
                if fold_input(part) not in evidence:
                    raise sh.fail(row, "evidence", part, "; ".join(_evidence(e, lang) for e in EVIDENCE_KEYS))
                keys.append(evidence[fold_input(part)])
        quotes = [p for p in re.split(r"[,;\s]+", cells.get("quotes", "")) if p]
        if any(not p.isdigit() for p in quotes):
            raise sh.fail(row, "quotes", cells["quotes"], t("content_xlsx_hint_segments", lang=lang))
        questions.append({"id": qid, "criterion": sh.choice(row, cells, "criterion", criteria,
                                                            [_criterion(c, lang) for c in CRITERIA]),
                          "question": {"es": cells.get("question_es", ""), "en": cells.get("question_en", "")},
                          "finding": {"es": cells.get("finding_es", ""), "en": cells.get("finding_en", "")},
                          "evidence": keys, "quotes": [int(p) for p in quotes], "draft": sh.draft(row, cells)})
    raw["questions"] = questions

    sh = sheets["conclusions"]
    raw["conclusions"] = [{"text": {"es": cells.get("conclusion_es", ""), "en": cells.get("conclusion_en", "")},
                           "draft": sh.draft(row, cells)} for row, cells in sh.rows]
    sh, kinds = sheets["lessons"], _lookup(LESSON_KINDS, _kind)
    raw["lessons"] = [{"kind": sh.choice(row, cells, "kind", kinds, [_kind(k, lang) for k in LESSON_KINDS]),
                       "text": {"es": cells.get("text_es", ""), "en": cells.get("text_en", "")},
                       "draft": sh.draft(row, cells)} for row, cells in sh.rows]

    sh, recs, rec_ids = sheets["recommendations"], [], set()
    priorities = _lookup(PRIORITIES, _priority)
    for row, cells in sh.rows:
        rid = _row_id(file, sh, row, cells, rec_ids, lang)
        rec_ids.add(rid)
        finding = cells.get("finding", "")
        if finding and ids and finding not in ids:
            raise sh.fail(row, "finding", finding, ", ".join(ids))
        recs.append({"id": rid, "text": {"es": cells.get("recommendation_es", ""),
                                         "en": cells.get("recommendation_en", "")},
                     "responsible": cells.get("responsible", ""),
                     "timeline": {"es": cells.get("timeline_es", ""), "en": cells.get("timeline_en", "")},
                     "priority": sh.choice(row, cells, "priority", priorities,
                                           [_priority(p, lang) for p in PRIORITIES], default="medium"),
                     "finding": finding, "draft": sh.draft(row, cells)})
    raw["recommendations"] = recs

    translations = {}
    sh = sheets.get("translations")
    for row, cells in (sh.rows if sh else []):
        segment = cells.get("segment", "")
        if not segment.isdigit():
            raise sh.fail(row, "segment", segment, t("content_xlsx_hint_segments", lang=lang))
        translations[int(segment)] = {"original": cells.get("original", ""), "en": cells.get("translation", "")}
    raw["quote_translations"] = translations
    return raw


__all__ = ["SHEETS", "write_workbook", "read_workbook"]
