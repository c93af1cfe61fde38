"""The codings CSV import (all or nothing per file): coders matched by name (a near-miss is an error naming the
coder meant), codes by path or id, spans within the turn (empty start/end: the whole turn) stored as transcript code
points, duplicates counted and skipped.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.codebook import fold, sniff_delimiter
from atlas_qual.errors import AtlasQualError
from atlas_qual.store.codebook import index_of
from atlas_qual.store.coding import _db_now, _insert_codings, _new_guid
from atlas_qual.store.db import Project
from atlas_qual.store.models import Coding, Segment, Transcript


@dataclass(frozen=True)
class RowError:
    row: int
    error: str


@dataclass
class CodingsImport:
    """The outcome of importing one codings CSV (all or nothing): rows stored, rows already there, row errors."""

    file: str
    imported: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def messages(self, lang: str | None = None) -> list[str]:
        from atlas_qual.i18n import t, tn

        name = Path(self.file).name
        # one line per distinct error: a coder misspelled in 67 rows is one line naming the rows, not 67 lines
        groups: dict[str, list[int]] = {}
        for e in self.errors:
            groups.setdefault(e.error, []).append(e.row)
        lines = [t("codings_row_error", lang=lang, file=name, row=rows[0], error=error) if len(rows) == 1 else
                 t("codings_rows_error", lang=lang, file=name, rows=_row_ranges(rows), error=error)
                 for error, rows in groups.items()]
        if self.errors:
            lines.append(tn("codings_import_failed", "codings_import_failed_plural", len(self.errors), lang, file=name))
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "imported": self.imported, "duplicates": self.duplicates,
                "errors": [{"row": e.row, "error": e.error} for e in self.errors]}


def _row_ranges(rows: Sequence[int], most: int = 12) -> str:
    """Row numbers as runs: "2–68", "3, 5, 9–12" (the first ``most`` runs, then "…").

    Examples:
        >>> _row_ranges([2, 3, 4, 7, 9, 10])
        '2–4, 7, 9–10'
    """
    runs: list[list[int]] = []
    for n in sorted(set(rows)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs[:most])
    return text + (", …" if len(runs) > most else "")


def _columns(fieldnames: Sequence[str] | None) -> dict[str, str]:
    aliases = {"segment_id": "segment_id", "segmento_id": "segment_id", "id_segmento": "segment_id",
               "code": "code", "codigo": "code", "coder": "coder", "codificador": "coder",
               "codificadora": "coder", "transcript": "transcript", "transcripcion": "transcript",
               "archivo": "transcript", "file": "transcript", "segment": "segment", "segmento": "segment",
               "start": "start", "inicio": "start", "end": "end", "fin": "end"}
    return {f: aliases[fold(f or "").replace(" ", "_")] for f in (fieldnames or [])
            if fold(f or "").replace(" ", "_") in aliases}


def _near_coder(coder: str, known_by_key: dict[str, str]) -> str | None:
    """A known coder whose name is one slip away from ``coder``: two letters swapped, one letter missing or doubled
    ("Carlso Rojas", "Carlos Rojs" for carlos.rojas). A different letter is not a slip: maria.lopez and mario.lopez
    may be two people.

    Examples:
        >>> keys = {"carlosrojas": "carlos.rojas", "marialopez": "maria.lopez"}
        >>> _near_coder("Carlso Rojas", keys), _near_coder("carlos rojass", keys), _near_coder("Mario Lopez", keys)
        ('carlos.rojas', 'carlos.rojas', None)
    """
    key = _coder_key(coder)
    if len(key) < 6:  # short names are too close to each other to guess
        return None
    for other, name in known_by_key.items():
        if abs(len(other) - len(key)) == 1:
            longer, shorter = (other, key) if len(other) > len(key) else (key, other)
            if any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer))):
                return name
        elif len(other) == len(key) and other != key:
            diff = [i for i in range(len(key)) if key[i] != other[i]]
            if len(diff) == 2 and diff[1] == diff[0] + 1 and key[diff[0]] == other[diff[1]] \
                    and key[diff[1]] == other[diff[0]]:
                return name
    return None


def _coder_key(name: str) -> str:
    """A coder name without case, accents, spaces or punctuation: two names with the same key are one person.

    Examples:
        >>> _coder_key("Carlos Rojas "), _coder_key("carlos.rojas")
        ('carlosrojas', 'carlosrojas')
    """
    return "".join(ch for ch in fold(name) if ch.isalnum())


def import_codings_csv(project: Project, path: str | Path) -> CodingsImport:
    """Import codings done elsewhere from a CSV with columns ``segment_id,code,coder`` or
    ``transcript,segment,code,coder`` (transcript = the imported file's name, segment = the 1-based turn number);
    optional ``start,end`` give a span in code points within the turn (empty: the whole turn), as the export
    writes them; a ``quote`` column is ignored. Codes by name or path "Parent/Child".
    All or nothing: any bad row and nothing of this file is stored (see the module docstring).

    Examples:
        >>> # import_codings_csv(project, "data/demo/codings.csv").imported
    """
    from atlas_qual.i18n import t
    from atlas_qual.spreadsheet import read_text_file, whole_number

    result = CodingsImport(file=str(path))
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):  # `codings export FILE.xlsx`, or a sheet saved in Excel
        from atlas_qual.store.coding_xlsx import read_codings_xlsx

        fieldnames, records = read_codings_xlsx(path)
    else:
        text = read_text_file(path)
        if not text.strip():  # a 0-byte file: "columns missing (found: )" would hide that it is empty
            raise AtlasQualError("codings_csv_empty", file=Path(path).name)
        reader = csv.DictReader(io.StringIO(text), delimiter=sniff_delimiter(text))
        fieldnames, records = reader.fieldnames, reader
    columns = _columns(fieldnames)
    have = set(columns.values())
    by_id = {"segment_id", "code", "coder"} <= have
    by_ordinal = {"transcript", "segment", "code", "coder"} <= have
    if not (by_id or by_ordinal):
        raise AtlasQualError("codings_csv_columns", file=Path(path).name, found=",".join(fieldnames or []))
    rows = []
    for n, raw in enumerate(records, start=2):
        row = {columns[k]: (v or "").strip() for k, v in raw.items() if k in columns}
        for key in ("segment_id", "segment", "start", "end"):  # "12,00", "1.234", "'12" from a Spanish Excel
            number = whole_number(row.get(key, ""))
            if number is not None:
                row[key] = str(number)
        if any(row.values()):
            rows.append((n, row))
    if not rows:
        raise AtlasQualError("codings_csv_empty", file=Path(path).name)

    from atlas_qual.i18n import get_lang
    from atlas_qual.store.project_redaction import project_redactor

    # a row's error quotes its bad cell ("Yeruti Arandú 0981 123 456" as a segment id): redacted like every output
    hide = project_redactor(project, get_lang()).redact

    def err(n: int, key: str, **params: Any) -> None:
        result.errors.append(RowError(n, t(key, **{k: hide(v) if isinstance(v, str) else v
                                                   for k, v in params.items()})))

    # the export redacts file names that hold a person's name (Entrevista_MARIA_BENITEZ.txt -> Entrevista_E-07.txt):
    # its own rows must find their transcript again
    redactors = [project_redactor(project, lang) for lang in ("es", "en")]  # placeholders in either language
    with project.session() as s:
        index = index_of(s)
        by_name: dict[str, list[int]] = defaultdict(list)
        for tid, filename in s.execute(select(Transcript.id, Transcript.filename)):
            shown = {filename} | {r.redact(filename) for r in redactors}
            names = shown | {fold(Path(name).name) for name in shown}
            for name in names:
                by_name[name].append(tid)
        wanted_ids = {int(r["segment_id"]) for _n, r in rows if r.get("segment_id", "").isdigit()}
        segments: dict[int, tuple[int, int]] = {}
        for chunk_start in range(0, len(wanted_ids), 900):
            chunk = list(wanted_ids)[chunk_start:chunk_start + 900]
            segments.update({sid: (a, b) for sid, a, b in s.execute(
                select(Segment.id, Segment.start, Segment.end).where(Segment.id.in_(chunk)))})
        ordinals: dict[int, dict[int, tuple[int, int, int]]] = {}
        planned: list[tuple[int, int, str, int | None, int | None]] = []
        # "carlos rojas" or "Carlos.Rojas" in a spreadsheet is carlos.rojas mistyped, not a third coder who would
        # count in the agreement with the codings of the real one
        known = set(s.scalars(select(Coding.coder).distinct()))
        known_by_key = {_coder_key(c): c for c in sorted(known)}
        for n, row in rows:
            coder = " ".join(row.get("coder", "").split())
            if not coder:
                err(n, "codings_row_no_coder")
                continue
            like = known_by_key.get(_coder_key(coder)) or _near_coder(coder, known_by_key)
            if coder not in known and like is not None and like != coder:
                err(n, "codings_row_coder_like", coder=coder, known=like)
                continue
            if coder not in known:
                # the first spelling of a new coder in this file is theirs; "Carlos Rojas" and "carlos rojas" in
                # one file are one person, not two coders
                known_by_key.setdefault(_coder_key(coder), coder)
            if not row.get("code"):
                err(n, "codings_row_no_code")
                continue
            try:
                ref = index.resolve(row["code"])
            except AtlasQualError as exc:
                result.errors.append(RowError(n, hide(exc.message())))
                continue
            seg_id: int | None = None
            bounds: tuple[int, int] | None = None
            if row.get("segment_id"):
                value = row["segment_id"]
                if not value.isdigit():
                    err(n, "codings_row_bad_segment_id", value=value)
                    continue
                seg_id = int(value)
                if seg_id not in segments:
                    err(n, "codings_row_unknown_segment", value=value)
                    continue
                bounds = segments[seg_id]
            if by_ordinal and (row.get("transcript") or row.get("segment") or seg_id is None):
                name = row.get("transcript", "")
                tids = list(dict.fromkeys(by_name.get(name) or by_name.get(fold(Path(name.replace("\\", "/")).name))
                                          or []))
                if not tids:
                    err(n, "codings_row_unknown_transcript", value=name)
                    continue
                if len(tids) > 1:
                    err(n, "codings_row_ambiguous_transcript", value=name, ids=", #".join(map(str, tids)))
                    continue
                ordinal = row.get("segment", "")
                if not ordinal.isdigit() or int(ordinal) < 1:
                    err(n, "codings_row_bad_ordinal", value=ordinal)
                    continue
                if tids[0] not in ordinals:
                    ordinals[tids[0]] = {o: (sid, a, b) for sid, o, a, b in s.execute(
                        select(Segment.id, Segment.ordinal, Segment.start, Segment.end)
                        .where(Segment.transcript_id == tids[0]))}
                found = ordinals[tids[0]].get(int(ordinal))
                if found is None:
                    err(n, "codings_row_no_ordinal", transcript=name, value=ordinal, count=len(ordinals[tids[0]]))
                    continue
                # a file exported from another project carries that project's segment ids: the file name and
                # turn number must name the same segment, or the row would code the wrong text
                if seg_id is not None and seg_id != found[0]:
                    err(n, "codings_row_segment_mismatch", segment_id=seg_id, transcript=name, value=ordinal)
                    continue
                seg_id, bounds = found[0], (found[1], found[2])
            if seg_id is None or bounds is None:
                err(n, "codings_row_bad_segment_id", value="")
                continue
            # start/end in the file: code points WITHIN the turn (DESIGN.md); the store keeps transcript ones
            a, b = row.get("start", ""), row.get("end", "")
            span: tuple[int | None, int | None] = (None, None)
            if a or b:
                length = bounds[1] - bounds[0]
                if not (a.isdigit() and b.isdigit()) or not (0 <= int(a) < int(b) <= length):
                    err(n, "codings_row_bad_span", start=a or "?", end=b or "?", length=length)
                    continue
                a_i, b_i = int(a) + bounds[0], int(b) + bounds[0]
                if (a_i, b_i) != bounds:
                    span = (a_i, b_i)
            planned.append((seg_id, ref.id, coder, span[0], span[1]))
    if result.errors:
        return result

    def _store(s: Session) -> tuple[int, int]:
        seg_ids = sorted({p[0] for p in planned})
        existing: dict[tuple, Coding] = {}
        for chunk_start in range(0, len(seg_ids), 900):
            chunk = seg_ids[chunk_start:chunk_start + 900]
            for c in s.scalars(select(Coding).where(Coding.segment_id.in_(chunk))):
                existing[(c.segment_id, c.code_id, c.coder, c.start, c.end)] = c
        now = _db_now(s)
        new_rows, seen, duplicates = [], set(), 0
        for key in planned:
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            old = existing.get(key)
            if old is not None:
                if old.status == "accepted":
                    duplicates += 1
                else:  # a pending or rejected suggestion: the imported coding is the coder's decision
                    old.status, old.origin = "accepted", "import"
                    new_rows.append(None)
                continue
            seg_id, code_id, coder, a, b = key
            new_rows.append((seg_id, code_id, coder, "import", "accepted", a, b, "", "[]", now, _new_guid()))
        real = [r for r in new_rows if r is not None]
        if real:
            _insert_codings(s, real)
        return len(new_rows), duplicates

    result.imported, result.duplicates = project.write(_store)
    return result


__all__ = ["CodingsImport", "RowError", "import_codings_csv"]
