"""The Body of Knowledge in the store: import/export CSV or Excel with row-level errors, edit, search, and the
practices relevant to a gap (for the facilitator page and the workshop results report).

Import is row-level: in one transaction the good rows are added or update the entry with the same ``ref``, and each
bad row is reported with its row number and every problem in it (``atomic=True``: nothing is written when any row
is bad). Validation and relevance are computed by :mod:`atlas_qual.bok`.

Examples:
    >>> # report = import_practices(project, "data/demo/bok.csv"); report.added[:2], report.errors
    >>> # [(p.practice.ref, p.relevance.reason) for p in relevant_practices(project, "G05")]
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from atlas_qual import bok as core
from atlas_qual.errors import AtlasQualError
from atlas_qual.spreadsheet import csv_text, keep_text
from atlas_qual.store.db import Project
from atlas_qual.store.gaps import RowError, RowErrors, read_table, redacted_errors
from atlas_qual.store.models import Dmop, Gap, Practice, SessionItem, ShortlistEntry, WorkshopSession

AUTO_REF = "BOK-{:03d}"


@dataclass
class BokImport:
    """What an import did: refs added and updated (file order), bad rows (each named), and warnings."""

    file: str
    rows: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "rows": self.rows, "added": self.added, "updated": self.updated,
                "errors": [e.to_dict() for e in self.errors], "warnings": self.warnings}


@dataclass(frozen=True)
class RelevantPractice:
    """A practice and why it is relevant to a gap."""

    practice: core.PracticeRow
    relevance: core.Relevance

    def to_dict(self) -> dict[str, Any]:
        return {**self.practice.to_dict(), **self.relevance.to_dict()}


def _row(p: Practice) -> core.PracticeRow:
    return core.PracticeRow(ref=p.ref, title=p.title, summary=p.summary or "", title_en=p.title_en or "",
                            summary_en=p.summary_en or "", topics=tuple(p.topics or ()),
                            intervention=p.intervention or "", evidence=p.evidence or "none", source=p.source or "",
                            gap_ids=tuple(p.gap_ids or ()), dmop_ids=tuple(p.dmop_ids or ()))


def _apply(p: Practice, row: core.PracticeRow) -> None:
    p.ref, p.title, p.summary = row.ref, row.title, row.summary
    p.title_en, p.summary_en = row.title_en, row.summary_en
    p.topics, p.intervention, p.evidence = list(row.topics), row.intervention, row.evidence
    p.source, p.gap_ids, p.dmop_ids = row.source, list(row.gap_ids), list(row.dmop_ids)


REDACTED_FIELDS = ("title", "summary", "title_en", "summary_en", "source")


def _unredacted(row: core.PracticeRow, stored: Practice, hiders) -> core.PracticeRow:
    """``row`` with each free-text cell that is only the redacted form of the stored text ("Ficha de [nombre]" for
    "Ficha de Yeruti Arandú") put back to the stored text: re-importing an export (redacted by default) must not
    overwrite the library with placeholders. A cell the analyst changed is taken as written."""
    kept = {}
    for name in REDACTED_FIELDS:
        new, old = getattr(row, name), getattr(stored, name) or ""
        if new != old and old and any(hide(old) == new for hide in hiders):
            kept[name] = old
    return replace(row, **kept) if kept else row


def _dmop_ids(s: Session) -> list[str]:
    return list(s.scalars(select(Dmop.id).order_by(Dmop.id)))


def _next_refs(s: Session):
    """BOK-001, BOK-002 ... skipping refs in use (for rows and forms without a ref)."""
    used = {r.casefold() for r in s.scalars(select(Practice.ref))}
    n = 0
    while True:
        n += 1
        ref = AUTO_REF.format(n)
        if ref.casefold() not in used:
            used.add(ref.casefold())
            yield ref


def _gap_ids(s: Session) -> dict[str, str]:
    """``id_key`` -> the project's gap id (a partner's "G5" is the project's "G05")."""
    return {core.id_key(g): g for g in s.scalars(select(Gap.id))}


def _canonical_gaps(row: core.PracticeRow, gaps: Mapping[str, str]) -> tuple[core.PracticeRow, list[str]]:
    """The row with gap ids spelled as in the project, and the ids the project does not have (yet)."""
    unknown = [g for g in row.gap_ids if core.id_key(g) not in gaps]
    fixed = tuple(dict.fromkeys(gaps.get(core.id_key(g), g) for g in row.gap_ids))
    return replace(row, gap_ids=fixed), unknown


# --------------------------------------------------------------------------------------------------------------------
# Import and export
# --------------------------------------------------------------------------------------------------------------------


def import_practices(project: Project, path: str | Path, *, atomic: bool = False) -> BokImport:
    """Import a BOK table (CSV or Excel; columns ``title`` required, and ``ref``, ``summary``, ``title_en``,
    ``summary_en``, ``topics``, ``intervention``, ``evidence``, ``source``, ``gaps``, ``dmops``, Spanish headers
    too) in one transaction. An entry with the ``ref`` of an existing one updates it; a row without ``ref`` gets
    the next free ``BOK-NNN`` (or updates the entry with the same title).

    Row-level: every bad row is in ``errors`` (row number and all its problems) and the good rows are kept; with
    ``atomic=True`` a file with any bad row raises ``RowErrors`` and writes nothing. Gap ids the project does not
    have yet are kept (the BOK may come before the PSA gaps) and listed in ``warnings``.

    Examples:
        >>> # r = import_practices(project, "bok.csv"); [str(e) for e in r.errors]
        >>> # ['bok.csv, row 4: unknown evidence quality 'excellent'; use strong, moderate, limited or none']
    """
    from atlas_qual.i18n import fmt_list, get_lang, tn
    from atlas_qual.store.project_redaction import project_redactor

    table = read_table(path, core.COLUMNS, ["title"])
    hide = project_redactor(project, get_lang()).redact
    hiders = [hide] + [project_redactor(project, lang).redact for lang in ("es", "en") if lang != get_lang()]

    def _do(s: Session) -> BokImport:
        report = BokImport(file=table.file, rows=len(table.rows))
        existing = {p.ref.casefold(): p for p in s.scalars(select(Practice))}
        by_title = {core.fold(p.title): p for p in existing.values()}
        # a row without ref that repeats an existing title updates that entry instead of adding a copy
        rows = []
        for number, values in table.rows:
            if not (values.get("ref") or "").strip():
                same = by_title.get(core.fold(values.get("title", "")))
                if same is not None:
                    values = {**values, "ref": same.ref}
            rows.append((number, values))
        parsed = core.parse_rows(rows, known_dmops=_dmop_ids(s), next_ref=_next_refs(s))
        # a bad cell is quoted as typed ("según Ramona Villalba"): redacted like every output, file and row kept
        report.errors = redacted_errors([RowError(table.file, p.row, p.message) for p in parsed.problems], hide)
        if report.errors and atomic:
            raise RowErrors(table.file, report.errors)
        gaps = _gap_ids(s)
        for number, row in parsed.rows:
            row, unknown = _canonical_gaps(row, gaps)
            if unknown:
                report.warnings.append(tn("bok_gaps_not_in_project", "bok_gaps_not_in_project_plural",
                                          len(unknown), file=table.file, row=number,
                                          gaps=hide(fmt_list(unknown))))
            practice = existing.get(row.ref.casefold())
            if practice is None:
                practice = Practice(ref=row.ref, title=row.title)
                s.add(practice)
                existing[row.ref.casefold()] = practice
                report.added.append(row.ref)
            else:
                row = _unredacted(replace(row, ref=practice.ref), practice, hiders)
                report.updated.append(practice.ref)
            _apply(practice, row)
        s.flush()
        return report

    return project.write(_do)


def export_practices(project: Project, path: str | Path, *, redact: bool = True) -> int:
    """Write the whole BOK to ``path`` (.csv UTF-8, or .xlsx) with the import's columns; returns the entries
    written. Written atomically: a failed export never leaves half a file. Titles, summaries and sources are
    redacted like every output unless ``redact=False`` (an entry written from an interview may name people);
    re-importing a redacted file keeps the stored text where a cell is only its redacted form.

    Examples:
        >>> # export_practices(project, "bok.xlsx")  # re-importing the file changes nothing
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise AtlasQualError("bok_export_type", file=path.name)
    practices = list_practices(project)
    if redact:
        from atlas_qual.i18n import get_lang
        from atlas_qual.store.project_redaction import project_redactor

        hide = project_redactor(project, get_lang()).redact
        practices = [redacted_practice(p, hide) for p in practices]
    rows = [p.to_cells() for p in practices]
    from atlas_qual.private_files import private_folder

    private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=".bok-", suffix=suffix, dir=str(path.parent))
    os.close(fd)
    try:
        if suffix == ".csv":
            with open(tmp, "w", newline="", encoding="utf-8") as fh:
                from atlas_qual.csvio import DictWriter

                writer = DictWriter(fh, fieldnames=list(core.EXPORT_COLUMNS))
                writer.writeheader()
                writer.writerows({k: csv_text(v) for k, v in row.items()} for row in rows)
        else:
            from openpyxl import Workbook
            from openpyxl.styles import Alignment, Font

            book = Workbook()
            sheet = book.active
            sheet.title = "BOK"
            sheet.append(list(core.EXPORT_COLUMNS))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in rows:
                sheet.append([row[c] for c in core.EXPORT_COLUMNS])
            for column, width in zip("ABCDEFGHIJK", (10, 48, 70, 48, 70, 12, 18, 12, 50, 14, 14)):
                sheet.column_dimensions[column].width = width
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.freeze_panes = "A2"
            keep_text(book)
            book.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return len(rows)


# --------------------------------------------------------------------------------------------------------------------
# Read, search, edit
# --------------------------------------------------------------------------------------------------------------------


def list_practices(project: Project, query: str = "", *, topic: str | None = None, intervention: str | None = None,
                   evidence: str | None = None, gap: str | None = None, dmop: str | None = None
                   ) -> list[core.PracticeRow]:
    """BOK entries by reference, filtered: ``query`` (every word in ref, titles, summaries or source; accents and
    case ignored), ``topic`` (CL/FL/HT or Spanish), ``intervention``, ``evidence``, linked ``gap`` or ``dmop``.

    Examples:
        >>> # [p.ref for p in list_practices(project, "denuncia", topic="trata", evidence="moderada")]
    """
    topic_code = core.parse_topics(topic)[0] if topic else None
    kind = core.parse_intervention(intervention) if intervention else None
    quality = core.parse_evidence(evidence) if evidence else None
    with project.session() as s:
        rows = [_row(p) for p in s.scalars(select(Practice))]
    out = []
    for row in rows:
        if topic_code and topic_code not in row.topics:
            continue
        if kind and row.intervention != kind:
            continue
        if quality and row.evidence != quality:
            continue
        if gap and core.id_key(gap) not in {core.id_key(g) for g in row.gap_ids}:
            continue
        if dmop and dmop.casefold() not in {d.casefold() for d in row.dmop_ids}:
            continue
        if core.matches_query(row, query):
            out.append(row)
    return sorted(out, key=lambda r: _ref_key(r.ref))


def redacted_practice(row: core.PracticeRow, hide) -> core.PracticeRow:
    """An entry as a page shows it: its free text (titles, summaries, source) through ``hide``, the project's
    redactor (an entry written from an interview may name the people in it)."""
    return replace(row, title=hide(row.title), summary=hide(row.summary), title_en=hide(row.title_en),
                   summary_en=hide(row.summary_en), source=hide(row.source))


def _ref_key(ref: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", ref))


def get_practice(project: Project, ref: str) -> core.PracticeRow:
    """One entry by reference (case-insensitive); ``AtlasQualError("bok_unknown_practice")`` when there is none."""
    with project.session() as s:
        p = s.scalar(select(Practice).where(func.lower(Practice.ref) == str(ref).strip().lower()))
        if p is None:
            raise AtlasQualError("bok_unknown_practice", ref=ref)
        return _row(p)


def save_practice(project: Project, values: Mapping[str, Any], *, ref: str | None = None) -> core.PracticeRow:
    """Add an entry, or with ``ref`` change the existing entry ``ref`` (``values["ref"]`` may rename it), in one
    transaction. ``values`` are form fields with the import's column names (lists or ``;``-separated text).
    Raises ``AtlasQualError("bok_invalid")`` listing every problem.

    Examples:
        >>> # save_practice(project, {"title": "Ficha única", "evidence": "limitada", "gaps": "G06"})
    """

    def _do(s: Session) -> core.PracticeRow:
        current = None
        if ref is not None:
            current = s.scalar(select(Practice).where(func.lower(Practice.ref) == str(ref).strip().lower()))
            if current is None:
                raise AtlasQualError("bok_unknown_practice", ref=ref)
        data = dict(values)
        if not str(data.get("ref") or "").strip():
            data["ref"] = current.ref if current is not None else next(_next_refs(s))
        row = core.practice_from_values(data, known_dmops=_dmop_ids(s))
        row, _unknown = _canonical_gaps(row, _gap_ids(s))
        clash = s.scalar(select(Practice).where(func.lower(Practice.ref) == row.ref.lower()))
        if clash is not None and clash is not current:
            raise AtlasQualError("bok_ref_taken", ref=row.ref)
        practice = current or Practice(ref=row.ref, title=row.title)
        if current is None:
            s.add(practice)
        _apply(practice, row)
        s.flush()
        return row

    return project.write(_do)


def delete_practice(project: Project, ref: str) -> None:
    """Remove an entry from the BOK."""

    def _do(s: Session) -> None:
        p = s.scalar(select(Practice).where(func.lower(Practice.ref) == str(ref).strip().lower()))
        if p is None:
            raise AtlasQualError("bok_unknown_practice", ref=ref)
        s.delete(p)

    project.write(_do)


def practice_count(project: Project) -> int:
    with project.session() as s:
        return s.scalar(select(func.count()).select_from(Practice)) or 0


# --------------------------------------------------------------------------------------------------------------------
# Relevance
# --------------------------------------------------------------------------------------------------------------------


def _gap_text(s: Session, gap_id: str) -> tuple[core.GapText, list[str]]:
    """The gap's texts and the DMOPs workshops chose for it (shortlist entries of any session)."""
    gap = s.scalar(select(Gap).where(func.lower(Gap.id) == str(gap_id).strip().lower()))
    if gap is None:  # "G5" typed for the project's "G05"
        wanted = core.id_key(gap_id)
        gap = next((g for g in s.scalars(select(Gap)) if core.id_key(g.id) == wanted), None)
    if gap is None:
        raise AtlasQualError("bok_unknown_gap", gap=gap_id)
    dmops = s.scalars(select(ShortlistEntry.dmop_id).join(SessionItem, SessionItem.id == ShortlistEntry.item_id)
                      .where(SessionItem.gap_id == gap.id, ShortlistEntry.dmop_id.is_not(None)))
    return (core.GapText(gap.id, gap.title, gap.description or "", gap.title_en or "", gap.description_en or ""),
            sorted(set(dmops)))


def relevant_practices(project: Project, gap_id: str, n: int = 5, *, redact: bool = True) -> list[RelevantPractice]:
    """The ``n`` BOK practices most relevant to a project gap: those linked to it, then those linked to the DMOP a
    workshop chose for it, then by shared terms (see :func:`atlas_qual.bok.relevant`). Redacted by default, as
    every output: the practices' text, and no shared term that is a word the redactor hides (a gap and a practice
    that both name "Aníbal Cáceres" share it, but no page says it).

    Examples:
        >>> # [(r.practice.ref, r.relevance.reason) for r in relevant_practices(project, "G05", n=3)]
        >>> # [('BOK-01', 'link'), ('BOK-09', 'link'), ('BOK-10', 'link')]
    """
    with project.session() as s:
        gap, dmops = _gap_text(s, gap_id)
        practices = [_row(p) for p in s.scalars(select(Practice).order_by(Practice.ref))]
    by_ref = {p.ref: p for p in practices}
    found = [RelevantPractice(by_ref[r.ref], r) for r in core.relevant(gap, practices, gap_dmops=dmops, n=n)]
    if not redact or not found:
        return found
    from atlas_qual.i18n import get_lang
    from atlas_qual.store.project_redaction import project_redactor
    from atlas_qual.text import fold

    hide = project_redactor(project, get_lang()).redact
    gap_texts = (gap.title, gap.description, gap.title_en, gap.description_en)
    out = []
    for r in found:
        texts = gap_texts + (r.practice.title, r.practice.summary, r.practice.title_en, r.practice.summary_en)
        said, shown = fold(" ".join(texts)), fold(" ".join(hide(x) for x in texts if x))
        hidden = lambda term: fold(term) in said and fold(term) not in shown  # noqa: E731
        rel = replace(r.relevance, shared=tuple(x for x in r.relevance.shared if not hidden(x)),
                      shared_by_lang=tuple((lang, tuple(x for x in terms if not hidden(x)))
                                           for lang, terms in r.relevance.shared_by_lang))
        out.append(RelevantPractice(redacted_practice(r.practice, hide), rel))
    return out


def practices_for_shortlist(project: Project, session_code: str, n: int = 3) -> list[dict[str, Any]]:
    """The practices consulted for each shortlisted gap of a workshop session, in shortlist order (for the
    workshop results report): ``[{"gap", "title", "title_en", "rank", "dmop", "practices": [{"ref", "title",
    "title_en", "evidence", "intervention", "source", "reason", "score", "shared_terms"}]}]``. Items that are not
    project gaps are skipped.

    Examples:
        >>> # for entry in practices_for_shortlist(project, "AB3K9Z"): entry["gap"], [p["ref"] for p in ...]
    """
    from atlas_qual.workshop import normalize_join_code

    try:
        code = normalize_join_code(session_code)
    except AtlasQualError:
        raise AtlasQualError("wsapp_unknown_session", code=str(session_code).strip()) from None
    with project.session() as s:
        ws = s.scalar(select(WorkshopSession).where(WorkshopSession.code == code))
        if ws is None:
            raise AtlasQualError("wsapp_unknown_session", code=code)
        entries = s.execute(select(ShortlistEntry.rank, ShortlistEntry.dmop_id, SessionItem.gap_id, SessionItem.title,
                                   SessionItem.title_en)
                            .join(SessionItem, SessionItem.id == ShortlistEntry.item_id)
                            .where(ShortlistEntry.session_id == ws.id).order_by(ShortlistEntry.rank)).all()
    out = []
    for rank, dmop, gap_id, title, title_en in entries:
        if gap_id is None:
            continue
        found = relevant_practices(project, gap_id, n=n)
        out.append({"gap": gap_id, "title": title, "title_en": title_en or "", "rank": rank, "dmop": dmop,
                    "practices": [{"ref": r.practice.ref, "title": r.practice.title,
                                   "title_en": r.practice.title_en, "evidence": r.practice.evidence,
                                   "intervention": r.practice.intervention, "source": r.practice.source,
                                   "reason": r.relevance.reason, "score": round(r.relevance.score, 4),
                                   "shared_terms": list(r.relevance.shared)} for r in found]})
    return out


def practices_for_dmop(project: Project, dmop_id: str) -> list[core.PracticeRow]:
    """The entries linked to a DMOP, strongest evidence first (for the institutionalization plan)."""
    rows = list_practices(project, dmop=dmop_id)
    return sorted(rows, key=lambda r: (core.EVIDENCE.index(r.evidence), _ref_key(r.ref)))


__all__ = ["BokImport", "RelevantPractice", "import_practices", "export_practices", "list_practices",
           "get_practice", "redacted_practice", "save_practice", "delete_practice", "practice_count", "relevant_practices",
           "practices_for_shortlist", "practices_for_dmop"]
