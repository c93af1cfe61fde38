"""Code queries over the project (atlas_qual.query): the codings they read, redacted quotes, the query x attribute
matrix, and CSV/Excel files of both.

Examples:
    >>> # result = run_query(project, "Debilidades AND Procesos/Derivación", filters={"territory": "san_pedro"})
    >>> # [q.text for q in result.quotes]
    >>> # query_matrix(project, ["Debilidades AND Procesos/Derivación"], "territory").to_dict()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from sqlalchemy import and_, select

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.models import Coding, Segment, Transcript

__all__ = ["MATRIX_ATTRIBUTES", "Quote", "QueryResult", "QueryMatrix", "export_query", "query_matrix", "run_query"]

MATRIX_ATTRIBUTES = ("territory", "institution", "dmop", "role", "mode")
_COLUMN = {"territory": Transcript.territory_id, "institution": Transcript.institution_id, "dmop": Transcript.dmop_id,
           "role": Transcript.role, "mode": Transcript.mode}


@dataclass(frozen=True)
class Quote:
    """A turn a query matched: the matched text (the spans, or the whole turn), redacted unless asked otherwise."""

    transcript_id: int
    title: str
    segment_id: int
    ordinal: int
    speaker: str
    text: str
    spans: tuple[tuple[int, int], ...]
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"transcript_id": self.transcript_id, "title": self.title, "segment_id": self.segment_id,
                "turn": self.ordinal, "speaker": self.speaker, "text": self.text,
                "spans": [list(s) for s in self.spans], **dict(self.attributes)}


@dataclass(frozen=True)
class QueryResult:
    query: str
    quotes: tuple[Quote, ...]
    code_turns: tuple[tuple[str, int], ...] = ()  # with no quote: each code of the query and its coded turns in scope

    def explain(self, lang: str | None = None) -> str:
        """Why no turn matches, in one line: how many turns in scope carry each code of the query."""
        from atlas_qual.i18n import t

        if self.quotes or not self.code_turns:
            return ""
        return t("query_none", lang=lang, counts="; ".join(f"{name}: {n}" for name, n in self.code_turns))

    @property
    def transcripts(self) -> int:
        return len({q.transcript_id for q in self.quotes})

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "segments": len(self.quotes), "transcripts": self.transcripts,
                "quotes": [q.to_dict() for q in self.quotes]}


@dataclass(frozen=True)
class QueryMatrix:
    """Queries (rows) against the values of a case attribute (columns): matching turns and interviews, and the
    interviews in scope per value (the denominators)."""

    attribute: str
    queries: tuple[str, ...]
    values: tuple[str, ...]
    labels: tuple[str, ...]
    segments: tuple[tuple[int, ...], ...]
    interviews: tuple[tuple[int, ...], ...]
    totals: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"attribute": self.attribute, "queries": list(self.queries), "values": list(self.values),
                "labels": list(self.labels), "segments": [list(r) for r in self.segments],
                "interviews": [list(r) for r in self.interviews], "totals": list(self.totals)}


def _coders_clause(coder: str | Sequence[str] | None):
    from atlas_qual.store.coding import check_coder

    if not coder:
        return Coding.coder != "auto"
    names = [coder] if isinstance(coder, str) else list(coder)
    return Coding.coder.in_([check_coder(c) for c in names])


def _scope(s, filters: Mapping[str, Any] | None) -> list[Transcript]:
    from atlas_qual.store.search_index import _filter_clauses

    clauses = _filter_clauses(filters)
    q = select(Transcript)
    if clauses:
        q = q.where(and_(*clauses))
    return list(s.scalars(q.order_by(Transcript.id)))


def _corpus(s, node, transcripts: list[Transcript], coder):
    from atlas_qual.query import Corpus, codes_in, needs_words
    from atlas_qual.search import tokens
    from atlas_qual.store.codebook import index_of

    index = index_of(s)
    tids = [t.id for t in transcripts]
    segments = {sid: (tid, start, end) for sid, tid, start, end in s.execute(
        select(Segment.id, Segment.transcript_id, Segment.start, Segment.end).where(Segment.transcript_id.in_(tids)))}
    codings: dict[str, list[tuple[int, int, int]]] = {}
    for name in codes_in(node):
        try:
            ref = index.resolve(name)
        except AtlasQualError as exc:
            from atlas_qual.query import misplaced_operator

            raise (misplaced_operator(name) if exc.key == "code_unknown" else None) or exc from None
        ids = [ref.id, *index.descendants(ref.id)]
        rows = s.execute(select(Coding.segment_id, Coding.start, Coding.end, Segment.start, Segment.end)
                         .join(Segment, Segment.id == Coding.segment_id)
                         .where(Coding.code_id.in_(ids), Coding.status == "accepted", _coders_clause(coder),
                                Segment.transcript_id.in_(tids))).all()
        codings[name] = [(sid, seg_start if start is None else start, seg_end if end is None else end)
                         for sid, start, end, seg_start, seg_end in rows]
    word_starts = {}
    if needs_words(node):
        word_starts = {t.id: [tok.start for tok in tokens(t.text)] for t in transcripts}
    return Corpus(segments, codings, word_starts)


def run_query(project: Project, query: str, *, filters: Mapping[str, Any] | None = None,
              coder: str | Sequence[str] | None = None, redact: bool = True, lang: str = "es") -> QueryResult:
    """The turns matching ``query`` (see :mod:`atlas_qual.query`) among the transcripts matching ``filters``, over the
    accepted codings of ``coder`` (default everybody but ``auto``), as quotes in transcript order."""
    from atlas_qual.query import evaluate, merge_spans, parse
    from atlas_qual.store.search_index import _attributes, _labels, _speaker

    node = parse(query)
    with project.session() as s:
        transcripts = _scope(s, filters)
        corpus = _corpus(s, node, transcripts, coder)
        matches = evaluate(node, corpus)
        if not matches:
            return QueryResult(query, (), tuple((name, len({c[0] for c in rows if c[0] in corpus.segments}))
                                                for name, rows in corpus.codings.items()))
        redactor = None
        if redact:
            from atlas_qual.store.project_redaction import project_redactor

            redactor = project_redactor(project, lang)
        labels = _labels(s, lang)
        by_id = {t.id: t for t in transcripts}
        quotes = []
        rows = s.scalars(select(Segment).where(Segment.id.in_(list(matches)))
                         .order_by(Segment.transcript_id, Segment.ordinal))
        for seg in rows:
            t = by_id[seg.transcript_id]
            spans = [(max(a, seg.start), min(b, seg.end)) for a, b in merge_spans(matches[seg.id])]
            spans = [sp for sp in spans if sp[0] < sp[1]]
            whole = not spans or any(sp == (seg.start, seg.end) for sp in spans)
            if redactor is None:
                text = seg.text if whole else " … ".join(t.text[a:b] for a, b in spans)
            else:
                # each span redacted with its whole turn around it (a span alone may hold a cut phone or a number
                # without the word that says it is an account); a finding it cuts through goes whole
                from atlas_qual.redaction import redacted_slice

                found = redactor.findings(seg.text)
                text = redacted_slice(seg.text, 0, len(seg.text), found) if whole else " … ".join(
                    redacted_slice(seg.text, a - seg.start, b - seg.start, found) for a, b in spans)
            quotes.append(Quote(t.id, redactor.redact(t.title) if redactor else t.title, seg.id, seg.ordinal,
                                _speaker(seg.speaker or "", t, redactor), text, tuple(spans),
                                _attributes(t, labels, redactor)))
        return QueryResult(query, tuple(quotes))


def query_matrix(project: Project, queries: Sequence[str], attribute: str, *,
                 filters: Mapping[str, Any] | None = None, coder: str | Sequence[str] | None = None,
                 lang: str = "es") -> QueryMatrix:
    """Each query against the values of ``attribute`` (territory, institution, dmop, role, mode): matching turns and
    interviews per value, and the interviews in scope per value. Values are shown by name (territories) or label."""
    from atlas_qual.i18n import t as tr
    from atlas_qual.query import evaluate, parse
    from atlas_qual.store.search_index import _labels
    from atlas_qual.text import fold

    if attribute not in _COLUMN:
        raise AtlasQualError("query_bad_matrix", attribute=attribute, known=", ".join(MATRIX_ATTRIBUTES))
    nodes = [parse(q) for q in queries]
    with project.session() as s:
        transcripts = _scope(s, filters)
        value_of = {t.id: (getattr(t, _COLUMN[attribute].key) or "") for t in transcripts}
        values = sorted(set(value_of.values()), key=lambda v: (v == "", fold(v)))
        names = _labels(s, lang).get(attribute, {})
        seg_rows, int_rows = [], []
        for node in nodes:
            corpus = _corpus(s, node, transcripts, coder)
            matches = evaluate(node, corpus)
            segs = {v: 0 for v in values}
            ints: dict[str, set[int]] = {v: set() for v in values}
            for seg in matches:
                tid = corpus.segments[seg][0]
                segs[value_of[tid]] += 1
                ints[value_of[tid]].add(tid)
            seg_rows.append(tuple(segs[v] for v in values))
            int_rows.append(tuple(len(ints[v]) for v in values))
    labels = []
    for v in values:
        if not v:
            labels.append(tr("attr_none", lang=lang))
        elif attribute == "territory":
            labels.append(names.get(v, v))
        elif attribute == "mode":
            labels.append(tr(f"mode_{v}", lang=lang))
        else:
            labels.append(v)
    totals = tuple(sum(1 for tid in value_of if value_of[tid] == v) for v in values)
    return QueryMatrix(attribute, tuple(queries), tuple(values), tuple(labels), tuple(seg_rows), tuple(int_rows),
                       totals)


def export_query(result: QueryResult, path: str | Path, *, matrix: QueryMatrix | None = None,
                 lang: str = "es") -> Path:
    """Write the quotes (and the matrix, as a second sheet in .xlsx or after a blank line in .csv) to ``path``;
    the quotes are whatever ``result`` holds (redacted by :func:`run_query` by default)."""
    from atlas_qual.i18n import t

    path = Path(path)
    header = [t(k, lang=lang) for k in ("query_col_query", "query_col_interview", "retrieval_turn",
                                         "retrieval_speaker", "retrieval_quote", "attr_dmop", "attr_territory",
                                         "attr_institution", "attr_role", "attr_mode")]
    rows = [[result.query, q.attributes.get("pseudonym") or q.title, q.ordinal, q.speaker, q.text,
             q.attributes.get("dmop", ""), q.attributes.get("territory_name") or q.attributes.get("territory", ""),
             q.attributes.get("institution", ""), q.attributes.get("role", ""),
             t(f"mode_{q.attributes['mode']}", lang=lang) if q.attributes.get("mode") else ""]
            for q in result.quotes]
    matrix_rows: list[list[Any]] = []
    if matrix is not None:
        matrix_rows.append([t("query_col_query", lang=lang)] + [f"{label} (n={n})" for label, n in
                                                                zip(matrix.labels, matrix.totals)])
        for q, segs, ints in zip(matrix.queries, matrix.segments, matrix.interviews):
            matrix_rows.append([q] + [t("query_matrix_cell", lang=lang, segments=a, interviews=b)
                                      for a, b in zip(segs, ints)])
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise AtlasQualError("query_bad_out", file=str(path))
    from atlas_qual.private_files import private_output

    with private_output(path) as tmp:  # owner-only from the start: exports hold interview quotes
        _write_quotes(tmp, suffix, header, rows, matrix_rows, lang)
    return path


def _write_quotes(path: Path, suffix: str, header, rows, matrix_rows, lang: str) -> None:
    from atlas_qual.i18n import t
    from atlas_qual.spreadsheet import csv_row

    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            from atlas_qual.csvio import Writer

            writer = Writer(fh)
            writer.writerow(csv_row(header))
            writer.writerows(csv_row(r) for r in rows)
            if matrix_rows:
                writer.writerow([])
                writer.writerows(csv_row(r) for r in matrix_rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        from atlas_qual.spreadsheet import keep_text

        wb = Workbook()
        ws = wb.active
        ws.title = t("query_sheet_quotes", lang=lang)[:31]
        ws.append(header)
        for r in rows:
            ws.append(r)
        for col, width in zip("ABCDEFGHIJ", (30, 18, 8, 18, 80, 10, 18, 14, 20, 14)):
            ws.column_dimensions[col].width = width
        if matrix_rows:
            ms = wb.create_sheet(t("query_sheet_matrix", lang=lang)[:31])
            for r in matrix_rows:
                ms.append(r)
        keep_text(wb)
        wb.save(path)

