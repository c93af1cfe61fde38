"""Codings out of the store: the codings CSV export, retrieval of coded quotes by code and case attributes, code x
attribute matrices, co-occurrence and the Excel workbook. The CSV import is in ``store.coding_import`` (re-exported
here).

Spans in the CSV are code points WITHIN THE TURN (empty start/end: the whole turn), as DESIGN.md says; the store keeps
transcript code points (``Coding.start``/``end``), so import adds the turn's start and export subtracts it.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from atlas_qual.codebook import fold
from atlas_qual.errors import AtlasQualError
from atlas_qual.redaction import redacted_slice
from atlas_qual.spreadsheet import csv_row, keep_text
from atlas_qual.store.codebook import CodeArg, index_of
from atlas_qual.store.coding import (
    AUTO_CODER,
    _ATTR_COLUMN,
    _attributes,
    _resolve,
    autocode_project,
    check_coder,
)
from atlas_qual.store.coding_import import CodingsImport, RowError, import_codings_csv  # noqa: F401 (re-exported)
from atlas_qual.store.coding_xlsx import EXPORT_COLUMNS  # the export's columns, one list for CSV and Excel
from atlas_qual.store.db import Project
from atlas_qual.store.project_redaction import redact_speaker as _redact_speaker
from atlas_qual.store.models import Coding, Segment, Transcript

# --- exports and retrieval ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retrieved:
    """A coded segment (or span) as retrieval shows it: quote redacted unless asked otherwise. ``text`` is the
    quote (the span, or the whole turn), ``start``/``end`` transcript code points (None: the whole turn),
    ``segment_text`` the whole turn and ``segment_start`` where it starts in the transcript."""

    coding_id: int
    segment_id: int
    code_id: int
    code: str
    coder: str
    origin: str
    transcript_id: int
    transcript: str
    title: str
    ordinal: int
    speaker: str
    text: str
    start: int | None
    end: int | None
    attributes: Mapping[str, Any]
    segment_text: str = ""
    segment_start: int = 0

    def export_row(self) -> list[Any]:
        """The CSV/Excel row: start/end are code points within the turn (empty for the whole turn)."""
        a = self.attributes
        start = "" if self.start is None else self.start - self.segment_start
        end = "" if self.end is None else self.end - self.segment_start
        return [self.segment_id, self.code, self.coder, self.transcript, self.ordinal, self.speaker,
                self.segment_text or self.text, start, end, self.text, self.origin,
                self.title, a.get("dmop") or "", a.get("territory") or "", a.get("institution") or "",
                a.get("role") or "", a.get("mode") or "", a.get("date") or "", a.get("language") or "",
                a.get("interviewer") or "", a.get("pseudonym") or ""]


def _coders_clause(coder: str | Sequence[str] | None):
    if coder is None or coder == "" or coder == []:
        return Coding.coder.not_in([AUTO_CODER])
    names = [coder] if isinstance(coder, str) else list(coder)
    return Coding.coder.in_([check_coder(c) for c in names])


def _filters_clause(filters: Mapping[str, Any] | None):
    clauses = []
    for key, value in (filters or {}).items():
        if value in (None, "", [], ()):
            continue
        if key == "transcript":
            values = [value] if isinstance(value, (int, str)) else list(value)
            clauses.append(Transcript.id.in_([int(v) for v in values]))
            continue
        column = _ATTR_COLUMN.get(key)
        if column is None:
            raise ValueError(f"unknown filter {key!r}; use one of {sorted(_ATTR_COLUMN) + ['transcript']}")
        values = [value] if isinstance(value, str) else list(value)
        clauses.append(column.in_(values))
    return and_(*clauses) if clauses else None


def retrieve(
    project: Project,
    *,
    code: CodeArg | None = None,
    coder: str | Sequence[str] | None = None,
    filters: Mapping[str, Any] | None = None,
    include_subcodes: bool = True,
    redact: bool = True,
    lang: str = "es",
    limit: int | None = None,
) -> list[Retrieved]:
    """Coded segments (accepted codings) by code (with its subcodes), filtered by coder (default: everybody but
    ``auto``) and case attributes (``{"territory": "boqueron", "dmop": ["MAUEP", "CR"]}``), in transcript order.
    Quotes and speakers are redacted unless ``redact=False``.

    Examples:
        >>> # [r.text for r in retrieve(project, code="Debilidades", filters={"territory": "boqueron"})]
    """
    from atlas_qual.store.transcripts import project_redactor

    with project.session() as s:
        index = index_of(s)
        q = (select(Coding, Segment, Transcript).join(Segment, Segment.id == Coding.segment_id)
             .join(Transcript, Transcript.id == Segment.transcript_id)
             .where(Coding.status == "accepted", _coders_clause(coder)))
        if code is not None:
            ref = _resolve(index, code)
            ids = [ref.id, *index.descendants(ref.id)] if include_subcodes else [ref.id]
            q = q.where(Coding.code_id.in_(ids))
        clause = _filters_clause(filters)
        if clause is not None:
            q = q.where(clause)
        q = q.order_by(Transcript.id, Segment.ordinal, Coding.code_id, Coding.coder, Coding.id)
        if limit:
            q = q.limit(int(limit))
        rows = s.execute(q).all()
        redactor = project_redactor(project, lang) if redact else None
        found: dict[int, list] = {}  # segment id -> the redaction findings of its whole turn
        out = []
        for coding, seg, t in rows:
            whole = seg.text
            if coding.start is not None and coding.end is not None:
                text = t.text[coding.start:coding.end]
            else:
                text = whole
            speaker = seg.speaker or ""
            attrs = _attributes(t)
            attrs["date"] = t.date.isoformat() if t.date else ""
            if redactor is not None:
                if seg.id not in found:
                    found[seg.id] = redactor.findings(whole)
                # a span is redacted with its whole turn around it: cut from its turn, "cero nueve ocho uno, tres"
                # is no phone and "N° 720012345" no account; a finding the span cuts through goes whole
                a, b = (coding.start - seg.start, coding.end - seg.start) if text is not whole else (0, len(whole))
                if 0 <= a <= b <= len(whole) and whole[a:b] == text:
                    text = redacted_slice(whole, a, b, found[seg.id])
                else:
                    text = redactor.redact(text)
                speaker = _redact_speaker(speaker, t, redactor)
                whole = redacted_slice(whole, 0, len(whole), found[seg.id])
                attrs["interviewer"] = redactor.redact(attrs["interviewer"] or "")
            out.append(Retrieved(coding.id, seg.id, coding.code_id, index.get(coding.code_id).path, coding.coder,
                                 coding.origin, t.id, redactor.redact(t.filename) if redactor else t.filename,
                                 redactor.redact(t.title) if redactor else t.title,
                                 seg.ordinal, speaker, text, coding.start, coding.end, attrs, whole, seg.start))
        return out


def export_codings_csv(project: Project, path: str | Path, *, redact: bool = True,
                       coder: str | Sequence[str] | None = None, lang: str = "es", sep: str = ",") -> int:
    """Write every accepted coding (default: every coder but ``auto``) with transcript, turn number, speaker, text
    and case attributes to a CSV (UTF-8 with BOM, so Excel shows accents; ``sep=";"`` for Excel in a Spanish
    locale, which splits a double-clicked CSV at ``;``). Returns the number of rows.
    The file can be imported back with :func:`import_codings_csv`.

    Examples:
        >>> # export_codings_csv(project, "codings.csv")
    """
    coder_filter: str | Sequence[str] | None = coder
    if coder is None:
        coder_filter = None
    rows = retrieve(project, coder=coder_filter, redact=redact, lang=lang)
    p = Path(path)
    try:
        from atlas_qual.csvio import Writer
        from atlas_qual.private_files import private_output

        with private_output(p) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:  # owner-only
            writer = Writer(fh, delimiter=sep)
            writer.writerow(EXPORT_COLUMNS)
            for r in rows:
                writer.writerow(csv_row(r.export_row()))
    except OSError as exc:
        raise AtlasQualError("export_write_failed", file=str(p), reason=exc.strerror or str(exc)) from None
    return len(rows)


# --- comparison: code x attribute, co-occurrence -------------------------------------------------------------


@dataclass(frozen=True)
class CodeMatrix:
    """Codes (rows) against the values of a case attribute (columns): coded segments, interviews where the code
    appears, and the share of the column's interviews (those coded by the chosen coders) that mention the code."""

    attribute: str
    codes: tuple[str, ...]
    code_ids: tuple[int, ...]
    values: tuple[str, ...]
    labels: tuple[str, ...]
    segments: tuple[tuple[int, ...], ...]
    interviews: tuple[tuple[int, ...], ...]
    totals: tuple[int, ...]

    @property
    def percent(self) -> tuple[tuple[float | None, ...], ...]:
        """% of the column's interviews in which the code appears (None for a column without interviews)."""
        return tuple(tuple((100.0 * n / tot) if tot else None for n, tot in zip(row, self.totals))
                     for row in self.interviews)

    def to_dict(self) -> dict[str, Any]:
        return {"attribute": self.attribute, "codes": list(self.codes), "values": list(self.values),
                "labels": list(self.labels), "segments": [list(r) for r in self.segments],
                "interviews": [list(r) for r in self.interviews], "totals": list(self.totals),
                "percent": [[None if v is None else round(v, 1) for v in r] for r in self.percent]}


def _value_labels(s: Session, attribute: str, values: Iterable[str], lang: str) -> dict[str, str]:
    from atlas_qual.i18n import t
    from atlas_qual.store.models import Dmop, Institution, Territory

    labels: dict[str, str] = {}
    if attribute == "territory":
        labels = {tr.id: (tr.name_en if lang == "en" else tr.name) for tr in s.scalars(select(Territory))}
    elif attribute == "institution":
        labels = {i.id: i.id for i in s.scalars(select(Institution))}
    elif attribute == "dmop":
        labels = {d.id: d.id for d in s.scalars(select(Dmop))}
    elif attribute == "mode":
        labels = {m: t(f"mode_{m}", lang=lang) for m in ("in_person", "phone", "online")}
    return {v: (labels.get(v, v) if v else t("attr_none", lang=lang)) for v in values}


def _coded_rows(s: Session, coder, filters):
    q = (select(Coding.segment_id, Coding.code_id, Segment.transcript_id)
         .join(Segment, Segment.id == Coding.segment_id).join(Transcript, Transcript.id == Segment.transcript_id)
         .where(Coding.status == "accepted", _coders_clause(coder)))
    clause = _filters_clause(filters)
    if clause is not None:
        q = q.where(clause)
    return s.execute(q).all()


def code_attribute_matrix(
    project: Project,
    attribute: str,
    *,
    coder: str | Sequence[str] | None = None,
    filters: Mapping[str, Any] | None = None,
    codes: Sequence[CodeArg] | None = None,
    include_subcodes: bool = True,
    drop_empty: bool = True,
    lang: str = "es",
) -> CodeMatrix:
    """Code x attribute (e.g. weaknesses by territory): for each code (a parent counts its subcodes' segments
    when ``include_subcodes``) and each value of ``attribute``, coded segments, interviews mentioning the code and
    % of that value's interviews. The denominators are the interviews coded by the chosen coders (an interview
    nobody coded says nothing about a code's absence).

    Examples:
        >>> # m = code_attribute_matrix(project, "territory"); m.percent[m.codes.index("Evaluación/Debilidades")]
    """
    if attribute not in _ATTR_COLUMN:
        raise ValueError(f"unknown attribute {attribute!r}; use one of {sorted(_ATTR_COLUMN)}")
    with project.session() as s:
        index = index_of(s)
        rows = _coded_rows(s, coder, filters)
        value_of = {tid: (v or "") for tid, v in s.execute(select(Transcript.id, _ATTR_COLUMN[attribute]))}
        coded_transcripts = {tid for _sid, _cid, tid in rows}
        values = sorted({value_of[tid] for tid in coded_transcripts}, key=lambda v: (v == "", fold(v)))
        labels = _value_labels(s, attribute, values, lang)
    refs = [_resolve(index, c) for c in codes] if codes else list(index)
    ancestors: dict[int, list[int]] = {}
    for ref in index:
        chain, parent = [], ref.parent_id
        while parent is not None and include_subcodes:
            chain.append(parent)
            parent = index.get(parent).parent_id
        ancestors[ref.id] = chain
    segs: dict[tuple[int, str], set[int]] = defaultdict(set)
    ints: dict[tuple[int, str], set[int]] = defaultdict(set)
    for sid, cid, tid in rows:
        value = value_of[tid]
        for target in (cid, *ancestors.get(cid, [])):
            segs[(target, value)].add(sid)
            ints[(target, value)].add(tid)
    totals = tuple(sum(1 for tid in coded_transcripts if value_of[tid] == v) for v in values)
    kept = [r for r in refs if not drop_empty or any(segs.get((r.id, v)) for v in values)]
    return CodeMatrix(
        attribute=attribute, codes=tuple(r.label(lang) for r in kept), code_ids=tuple(r.id for r in kept),
        values=tuple(values), labels=tuple(labels[v] for v in values),
        segments=tuple(tuple(len(segs.get((r.id, v), ())) for v in values) for r in kept),
        interviews=tuple(tuple(len(ints.get((r.id, v), ())) for v in values) for r in kept),
        totals=totals,
    )


@dataclass(frozen=True)
class Cooccurrence:
    """Segments coded with both codes (diagonal: segments with the code), over the chosen coders' codings."""

    codes: tuple[str, ...]
    code_ids: tuple[int, ...]
    counts: tuple[tuple[int, ...], ...]

    def pairs(self) -> list[tuple[str, str, int]]:
        """Off-diagonal pairs with their count, most frequent first."""
        out = [(self.codes[i], self.codes[j], self.counts[i][j]) for i in range(len(self.codes))
               for j in range(i + 1, len(self.codes)) if self.counts[i][j]]
        return sorted(out, key=lambda p: (-p[2], p[0], p[1]))

    def to_dict(self) -> dict[str, Any]:
        return {"codes": list(self.codes), "counts": [list(r) for r in self.counts],
                "pairs": [{"a": a, "b": b, "segments": n} for a, b, n in self.pairs()]}


def cooccurrence(
    project: Project,
    *,
    coder: str | Sequence[str] | None = None,
    filters: Mapping[str, Any] | None = None,
    codes: Sequence[CodeArg] | None = None,
    lang: str = "es",
) -> Cooccurrence:
    """Code co-occurrence at segment level: how many segments carry both codes (a segment carries a code when any
    of the chosen coders applied it). Codes default to those applied at least once, in codebook order.

    Examples:
        >>> # c = cooccurrence(project, coder="ana.gimenez"); c.pairs()[:3]
    """
    with project.session() as s:
        index = index_of(s)
        rows = _coded_rows(s, coder, filters)
    per_segment: dict[int, set[int]] = defaultdict(set)
    for sid, cid, _tid in rows:
        per_segment[sid].add(cid)
    used = {cid for cids in per_segment.values() for cid in cids}
    refs = [_resolve(index, c) for c in codes] if codes else [r for r in index if r.id in used]
    pos = {r.id: i for i, r in enumerate(refs)}
    counts = [[0] * len(refs) for _ in refs]
    for cids in per_segment.values():
        present = sorted(pos[c] for c in cids if c in pos)
        for a in present:
            for b in present:
                counts[a][b] += 1
    return Cooccurrence(tuple(r.label(lang) for r in refs), tuple(r.id for r in refs),
                        tuple(tuple(row) for row in counts))


# --- Excel ----------------------------------------------------------------------------------------------------

MATRIX_ATTRIBUTES = ("dmop", "territory", "institution", "mode")


def export_xlsx(project: Project, path: str | Path, *, redact: bool = True, lang: str = "es",
                coder: str | Sequence[str] | None = None) -> dict[str, Any]:
    """An Excel workbook with the codings (as in the CSV export), the interviews and their attributes, the
    codebook, code x DMOP / territory / institution / mode (segments, interviews, % of interviews, shaded) and
    the co-occurrence matrix. Returns ``{"sheets": [...], "rows": n}``.

    Examples:
        >>> # export_xlsx(project, "analysis.xlsx")["sheets"][0] -> 'Codificaciones'
    """
    from openpyxl import Workbook
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from atlas_qual.i18n import t
    from atlas_qual.store.codebook import get_codebook
    from atlas_qual.store.coding_xlsx import write_codings_sheet
    from atlas_qual.store.transcripts import list_transcripts, project_redactor

    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1E3A5F")

    def header(ws, values: Sequence[Any], row: int = 1) -> None:
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(vertical="top", wrap_text=True)

    def titles(columns: Sequence[str]) -> list[str]:
        # headers in the reader's language; the CSV export and --json keep the column keys scripts rely on
        return [t("xlsx_col_" + c, lang=lang) for c in columns]

    def widths(ws, sizes: Mapping[int, int]) -> None:
        for col, size in sizes.items():
            ws.column_dimensions[get_column_letter(col)].width = size

    wb = Workbook()
    ws = wb.active
    ws.title = t("sheet_codings", lang=lang)[:31]
    rows = retrieve(project, coder=coder, redact=redact, lang=lang)
    write_codings_sheet(ws, rows, lang)  # the same sheet as `codings export FILE.xlsx`
    # a workbook is read by people: stored keys (alto_parana, in_person) shown by their display names
    from atlas_qual.i18n import label

    shown = {"territory": "territory", "mode": "mode", "language": "language", "origin": "coding_origin"}

    def readable(columns, values):
        return [label(shown[c], v, lang) if c in shown and v else v for c, v in zip(columns, values)]

    redactor = project_redactor(project, lang) if redact else None
    ws = wb.create_sheet(t("sheet_transcripts", lang=lang)[:31])
    cols = ("id", "title", "filename", "dmop", "territory", "institution", "role", "mode", "date", "language",
            "interviewer", "pseudonym", "segments")
    header(ws, titles(cols))
    for tr in list_transcripts(project):
        values = readable(cols, [tr.get(c) for c in cols])
        if redactor is not None:
            values = [redactor.redact(v) if isinstance(v, str) else v for v in values]
        ws.append(values)
    ws.freeze_panes = "A2"
    widths(ws, {2: 50, 3: 36})

    ws = wb.create_sheet(t("sheet_codebook", lang=lang)[:31])
    cb_cols = ("path", "name_en", "color", "definition_es", "definition_en", "when_to_use_es", "when_not_to_use_es")
    header(ws, titles(cb_cols))
    for path_, node, _depth in get_codebook(project).walk():
        texts = [node.definition.get("es", ""), node.definition.get("en", ""), node.when_to_use.get("es", ""),
                 node.when_not_to_use.get("es", "")]
        if redactor is not None:  # an example quoted from an interview may name someone
            texts = [redactor.redact(v) for v in texts]
        ws.append([path_, node.name_en, node.color, *texts])
    widths(ws, {1: 40, 2: 30, 4: 60, 5: 60, 6: 50, 7: 50})

    scale = dict(start_type="min", start_color="F3F4F6", end_type="max", end_color="1F5FA8")
    for attribute in MATRIX_ATTRIBUTES:
        m = code_attribute_matrix(project, attribute, coder=coder, lang=lang)
        name = t("attr_" + attribute, lang=lang)
        ws = wb.create_sheet(t("sheet_matrix", lang=lang, attribute=name)[:31])
        n = len(m.values)
        # one header row, each column named in full: a second "Segmentos | % de entrevistas" row above it would
        # reach pandas (and filters) as blank "Unnamed: n" cells
        header(ws, [t("col_code", lang=lang), *[t("xlsx_matrix_segments", lang=lang, group=g) for g in m.labels],
                    *[t("xlsx_matrix_pct", lang=lang, group=g) for g in m.labels]])
        ws.append([t("col_interviews", lang=lang), *m.totals, *[None] * n])
        for code, seg_row, pct_row in zip(m.codes, m.segments, m.percent):
            ws.append([code, *seg_row, *[None if v is None else round(v, 1) for v in pct_row]])
        last = 2 + len(m.codes)
        if m.codes and n:
            first_col, last_col = get_column_letter(2), get_column_letter(1 + n)
            ws.conditional_formatting.add(f"{first_col}3:{last_col}{last}", ColorScaleRule(**scale))
            first_col, last_col = get_column_letter(2 + n), get_column_letter(1 + 2 * n)
            ws.conditional_formatting.add(f"{first_col}3:{last_col}{last}", ColorScaleRule(**scale))
        ws.freeze_panes = "B3"
        for col in range(2, 2 + 2 * n):
            ws.column_dimensions[get_column_letter(col)].width = 16
        widths(ws, {1: 44})

    co = cooccurrence(project, coder=coder, lang=lang)
    ws = wb.create_sheet(t("sheet_cooccurrence", lang=lang)[:31])
    header(ws, [t("col_code", lang=lang), *co.codes])
    for code, counts in zip(co.codes, co.counts):
        ws.append([code, *counts])
    if co.codes:
        end = get_column_letter(1 + len(co.codes))
        ws.conditional_formatting.add(f"B2:{end}{1 + len(co.codes)}", ColorScaleRule(**scale))
    ws.freeze_panes = "B2"
    widths(ws, {1: 44})

    _save_workbook(wb, path)
    return {"sheets": wb.sheetnames, "rows": len(rows)}


def _save_workbook(wb, path: str | Path) -> None:
    """Cells kept as text where they look like formulas, then saved; a file that cannot be written is one error."""
    keep_text(wb)
    p = Path(path)
    try:
        from atlas_qual.private_files import private_output

        with private_output(p) as tmp:  # owner-only whatever the umask: the cells quote interviews
            wb.save(tmp)
    except OSError as exc:
        raise AtlasQualError("export_write_failed", file=str(p), reason=exc.strerror or str(exc)) from None


# --- the demo -------------------------------------------------------------------------------------------------


def demo_steps(project: Project, demo_dir: Path) -> list[tuple[str, Callable[[], Any]]]:
    """The demo's coding steps: the two evaluators' codings from ``data/demo/codings.csv`` through the normal
    codings import, then auto-coding suggestions for everybody (coder ``auto``)."""
    steps: list[tuple[str, Callable[[], Any]]] = []
    codings = Path(demo_dir) / "codings.csv"
    if codings.exists():
        def import_codings() -> None:
            result = import_codings_csv(project, codings)
            if not result.ok:
                raise RuntimeError("demo codings failed to import: " + " | ".join(result.messages("en")[:5]))

        steps.append(("codings", import_codings))
    steps.append(("autocode", lambda: autocode_project(project)))
    return steps


def export_codings_xlsx(project, path: str | Path, *, redact: bool = True, coder=None, lang: str = "es") -> int:
    """Every accepted coding (default: every coder but ``auto``) to a one-sheet workbook, redacted unless
    ``redact=False``; :func:`read_codings_xlsx` reads it back for ``codings import``. Returns the number of rows.

    Examples:
        >>> # export_codings_xlsx(project, "codificaciones.xlsx")
    """
    from openpyxl import Workbook

    from atlas_qual.i18n import t
    from atlas_qual.store.coding_xlsx import write_codings_sheet

    rows = retrieve(project, coder=coder, redact=redact, lang=lang)
    wb = Workbook()
    ws = wb.active
    ws.title = t("sheet_codings", lang=lang)[:31]
    write_codings_sheet(ws, rows, lang)
    _save_workbook(wb, path)
    return len(rows)
