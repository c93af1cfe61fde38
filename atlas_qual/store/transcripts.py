"""Storing transcripts: each file of a batch in its own transaction, case attributes, duplicates, segments."""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.spreadsheet import read_text_file  # noqa: F401  (also re-exported: its old home)
from atlas_qual.store.db import Project
from atlas_qual.store.models import Segment, Transcript
from atlas_qual.store.search_index import INDEX_LATER, index_transcripts
from atlas_qual.store.transcript_records import (  # noqa: F401  (re-exported: the names this module had)
    ATTRIBUTES,
    MODES,
    ImportedFile,
    _parse_date,
    _Resolver,
    fold,
    project_redactor,
    redaction_names,
    store_parsed,
)


@dataclass(frozen=True)
class FileError:
    file: str
    error: str
    key: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "error": self.error}


@dataclass
class ImportReport:
    imported: list[ImportedFile] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)  # {"file", "warning"}: imported, but look at this

    def to_dict(self) -> dict[str, Any]:  # exactly the DESIGN.md contract; warnings go to stderr
        return {"imported": [i.to_dict() for i in self.imported], "errors": [e.to_dict() for e in self.errors]}




# manifest columns as people write them, Spanish or English (accents and case ignored)
_MANIFEST_COLUMNS = {
    "file": "file", "archivo": "file", "fichero": "file", "filename": "file",
    "dmop": "dmop", "territory": "territory", "territorio": "territory", "institution": "institution",
    "institucion": "institution", "role": "role", "rol": "role", "mode": "mode", "modalidad": "mode",
    "departamento": "territory", "department": "territory", "cargo": "role", "modo": "mode",
    "date": "date", "fecha": "date", "language": "language", "idioma": "language", "lang": "language",
    "interviewer": "interviewer", "entrevistador": "interviewer", "entrevistadora": "interviewer",
    "pseudonym": "pseudonym", "seudonimo": "pseudonym", "interviewee": "interviewee",
    "entrevistado": "interviewee", "entrevistada": "interviewee", "title": "title", "titulo": "title",
}


class Manifest(dict):
    """File name -> case attributes, plus where each row came from, so a message names the manifest, its row and
    the column as the person wrote it."""

    def __init__(self, path: str | Path = "") -> None:
        super().__init__()
        self.name = Path(path).name if path else ""
        self.rows: dict[str, int] = {}  # file name -> row number in the spreadsheet (header = 1)
        self.columns: dict[str, str] = {}  # attribute -> column header as written
        self.ignored: list[str] = []  # columns that are no case attribute, as written
        self.conflicts: dict[str, tuple[int, int]] = {}  # file name -> two rows giving it different attributes

    def key_for(self, filename: str) -> str | None:
        """The manifest's entry for ``filename``: same name, else the same ignoring case and accents' encoding
        (Windows and macOS write names differently), else the same stem ("m3" for m3.txt)."""
        import unicodedata

        if filename in self:
            return filename

        def norm(value: str) -> str:
            return unicodedata.normalize("NFC", value).casefold()

        wanted = norm(filename)
        for key in self:
            if norm(key) == wanted:
                return key
        stem = norm(Path(filename).stem)
        for key in self:
            if not Path(key).suffix and norm(key) == stem:
                return key
        return None


def read_manifest(path: str | Path) -> Manifest:
    """A CSV with one row per file (`file,dmop,territory,institution,role,mode,date,language,interviewer,pseudonym`;
    Spanish column names accepted), keyed by file name.

    Examples:
        >>> # read_manifest("manifest.csv")["01.txt"] -> {"dmop": "MAUEP", "territory": "Alto Paraná"}
    """
    fieldnames, records = _manifest_table(path)
    rows = Manifest(path)
    columns = {f: _MANIFEST_COLUMNS.get(fold(f or ""), fold(f or "")) for f in fieldnames if f}
    if "file" not in columns.values():
        raise AtlasQualError("manifest_no_file_column", file=str(path))
    for header, attribute in columns.items():
        rows.columns.setdefault(attribute, header)
    # a column the import does not know ("Departamento" before it was a name for territory) would be dropped without
    # a word: the user is told which ones are not used
    rows.ignored = [h for h, a in columns.items() if a not in ATTRIBUTES and a != "file"]
    for n, row in enumerate(records, start=2):
        clean = {columns[k]: (v or "").strip() for k, v in row.items() if k in columns}
        if not any(clean.values()):
            continue
        if not clean.get("file"):
            raise AtlasQualError("manifest_row_no_file", file=str(path), row=n)
        name = Path(clean["file"].replace("\\", "/")).name
        values = {k: v for k, v in clean.items() if k != "file" and v}
        if name in rows and rows[name] != values and name not in rows.conflicts:
            # the same file twice with other attributes: which row is right is the user's call, not the last one's
            rows.conflicts[name] = (rows.rows[name], n)
        if name not in rows:
            rows[name] = values
            rows.rows[name] = n
    return rows


def _manifest_table(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """The manifest's column names and rows, from a CSV (any separator or common encoding) or an Excel sheet."""
    from atlas_qual.codebook import sniff_delimiter

    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        import datetime as dt

        from atlas_qual.spreadsheet import open_workbook, pick_sheet

        wb = open_workbook(path)
        try:
            table = [["" if v is None else v.date().isoformat() if isinstance(v, dt.datetime)
                      else v.isoformat() if isinstance(v, dt.date)
                      else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in row]
                     for row in pick_sheet(wb, Path(path).name).iter_rows(values_only=True)]
        finally:
            wb.close()
        header = [h.strip() for h in table[0]] if table else []
        return header, [dict(zip(header, row)) for row in table[1:]]
    text = read_text_file(path)
    reader = csv.DictReader(text.splitlines(), delimiter=sniff_delimiter(text))
    return list(reader.fieldnames or []), list(reader)


def _attributes(parsed, manifest_row: Mapping[str, str], flags: Mapping[str, Any]) -> dict[str, Any]:
    """Case attributes by precedence: command-line flags, then the manifest row, then the file's header lines."""
    merged: dict[str, Any] = {}
    for source in (parsed.metadata, manifest_row, flags):
        for key in ATTRIBUTES:
            value = source.get(key)
            if value not in (None, ""):
                merged[key] = value
    return merged


def import_files(
    project: Project,
    files: Sequence[str | Path],
    *,
    attributes: Mapping[str, Any] | None = None,
    manifest: str | Path | Mapping[str, Mapping[str, str]] | None = None,
    progress: Callable[[int, str], None] | None = None,
    speakers: bool = True,
) -> ImportReport:
    """Import transcripts (and .qdpx projects); each file is its own transaction, so one bad file never blocks the
    others and nothing of a bad file is left behind. ``speakers=False`` (``--no-speakers``): paragraphs, no speaker
    detection (papers, posts, literature).

    Examples:
        >>> # report = import_files(project, ["a.docx", "b.txt"], attributes={"dmop": "MAUEP"})
        >>> # report.to_dict() -> {"imported": [...], "errors": [...]}
    """
    from atlas_qual.coding import gc_paused

    with gc_paused():  # a batch allocates many short-lived objects and no cycles worth a collection
        return _import_files(project, files, attributes, manifest, progress, speakers)


# the error of a reference value -> the attribute (manifest column) it came from
_ATTRIBUTE_ERRORS = {"unknown_dmop": "dmop", "unknown_territory": "territory", "unknown_institution": "institution",
                     "unknown_mode": "mode", "bad_date": "date"}


def _import_files(project, files, attributes, manifest, progress, speakers=True) -> ImportReport:
    from atlas_qual.store.transcript_records import hide_named_speakers
    from atlas_qual.transcripts import read_transcript

    flags = {k: v for k, v in (attributes or {}).items() if v not in (None, "")}
    report = ImportReport()
    manifest_rows: Mapping[str, Mapping[str, str]] = {}
    if isinstance(manifest, (str, Path)):
        manifest_rows = read_manifest(manifest)
    elif manifest:
        manifest_rows = manifest
    listed = manifest_rows if isinstance(manifest_rows, Manifest) else None
    used: set[str] = set()
    resolver: list[_Resolver] = []  # read once per batch (reference data do not change during an import)
    archives: list = []
    stored: list[int] = []  # the batch's transcripts, indexed for search together at its end
    try:
        items = list(_expand(files, report, archives))
        for n, (label, name, load, archive, shown) in enumerate(items):
            if progress:
                progress(n, name)
            try:
                if name.lower().endswith(".qdpx"):
                    from atlas_qual.store.refi_io import import_qdpx

                    done_files = import_qdpx(project, load())
                    report.imported.extend(done_files)
                    report.warnings.extend({"file": label, "warning": w}
                                           for w in getattr(done_files, "warnings", ()))
                    continue
                row: Mapping[str, str] = {}
                if manifest_rows:
                    key = listed.key_for(name) if listed is not None else (name if name in manifest_rows else None)
                    if key is None:
                        # imported without its row it would have no DMOP or territory, and drop out of every
                        # filter and report; nothing can set them afterwards, so it waits for a fixed manifest
                        raise AtlasQualError("manifest_missing_file", file=name,
                                             manifest=getattr(manifest_rows, "name", "") or str(manifest))
                    used.add(key)
                    if listed is not None and key in listed.conflicts:
                        raise AtlasQualError("manifest_duplicate_file", manifest=listed.name, file=key,
                                             rows=", ".join(map(str, listed.conflicts[key])))
                    row = manifest_rows[key]
                # a zip member is named by its path inside the zip in every message (what the user can find), and
                # stored under its own name like any file
                parsed = read_transcript(load(), shown, speakers=speakers)
                if shown != name:
                    parsed = dataclasses.replace(parsed, filename=name)
                attrs = _attributes(parsed, row, flags)

                def _store(s: Session, parsed=parsed, attrs=attrs, label=label, shown=shown) -> ImportedFile:
                    if not resolver:
                        resolver.append(_Resolver(s))
                    s.info[INDEX_LATER] = True
                    try:
                        t = store_parsed(s, parsed, attrs, resolver[0])
                    finally:
                        s.info.pop(INDEX_LATER, None)
                    hidden = hide_named_speakers(s, parsed.speakers, t)
                    warnings = tuple(parsed.warnings)
                    if hidden:
                        from atlas_qual.i18n import fmt_list, tn

                        warnings += (tn("import_warn_speaker_names", "import_warn_speaker_names_plural",
                                        len(hidden), file=shown, count=len(hidden),
                                        replacements=fmt_list(f"«{r}»" for r in hidden)),)
                    return ImportedFile(file=label, transcript_id=t.id, segments=len(parsed.turns),
                                        speakers=tuple(parsed.speakers), warnings=warnings)

                try:
                    done = project.write(_store)
                except AtlasQualError as exc:
                    raise _in_manifest(exc, name, row, flags, manifest_rows) from None
                stored.append(done.transcript_id)
                report.imported.append(done)
                report.warnings.extend({"file": label, "warning": w} for w in done.warnings)
            except AtlasQualError as exc:
                exc = _as_member(exc, name, shown)
                report.errors.append(FileError(file=label, error=_with_file(exc.message(), shown, archive),
                                               key=exc.key))
            except IntegrityError:  # the same file imported at the same moment by someone else
                report.errors.append(FileError(file=label, error=_with_file(
                    AtlasQualError("transcript_duplicate_race", file=shown).message(), shown, archive)))
            except OSError as exc:
                report.errors.append(FileError(file=label, error=AtlasQualError(
                    "file_unreadable", file=label, reason=exc.strerror or str(exc)).message(),
                    key="file_unreadable"))
            except Exception as exc:  # noqa: BLE001 - one file the readers choke on must not stop the batch
                # a database error's text carries the SQL statement and its parameters (the interview text): only
                # the driver's first line is shown
                detail = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
                report.errors.append(FileError(file=label, error=_with_file(AtlasQualError(
                    "import_unexpected", file=shown, reason=f"{type(exc).__name__}: {detail}"[:200]).message(),
                    shown, archive), key="import_unexpected"))
        try:
            index_transcripts(project, stored)  # searchable when the batch is done
        except Exception:  # noqa: BLE001 - the transcripts are in; the first search indexes what is missing
            pass
    finally:
        for archive in archives:
            archive.close()
    if listed is not None:
        if listed.ignored:
            report.warnings.append({"file": listed.name, "warning": AtlasQualError(
                "manifest_ignored_columns", manifest=listed.name, columns=", ".join(f"«{c}»" for c in listed.ignored),
                known="file, dmop, territory (departamento), institution, role, mode, date, language, interviewer, "
                      "pseudonym, title").message()})
        for key, row_number in listed.rows.items():
            if key not in used:
                report.warnings.append({"file": listed.name, "warning": AtlasQualError(
                    "manifest_unused_row", manifest=listed.name, row=row_number, file=key).message()})
    if progress:
        progress(len(files), "")
    return report


def _in_manifest(exc: AtlasQualError, name: str, row: Mapping[str, str], flags: Mapping[str, Any],
                 manifest: Mapping) -> AtlasQualError:
    """A bad value that came from the manifest, named by the manifest's file, row and column."""
    attribute = _ATTRIBUTE_ERRORS.get(exc.key)
    if not isinstance(manifest, Manifest) or attribute is None or attribute in flags or not row.get(attribute):
        return exc
    key = manifest.key_for(name)
    return AtlasQualError("manifest_bad_value", manifest=manifest.name, row=manifest.rows.get(key, "?"), file=name,
                          column=manifest.columns.get(attribute, attribute), reason=exc.message())


def _expand(files, report: ImportReport, archives: list):
    """(label, file name, loader, archive name, name in messages) per file to import; a .zip gives one per member,
    read within the limits of :mod:`atlas_qual.safezip` and named in messages by its path inside the zip
    ("lote/a.docx"), and an archive that cannot be opened is one error."""
    from atlas_qual.safezip import LIMITS, ArchiveTooLarge, BadArchive, SafeZip
    from atlas_qual.transcripts import MAX_BYTES

    for f in files:
        name = Path(f).name
        if not name.lower().endswith(".zip"):
            yield str(f), name, (lambda f=f: f), "", name
            continue
        try:
            # a member is capped like a transcript file; all of them together like any archive
            archive = SafeZip(f, name=name, max_member=MAX_BYTES, max_total=LIMITS["max_total"])
        except (ArchiveTooLarge, BadArchive) as exc:
            report.errors.append(FileError(file=str(f), error=_with_file(exc.message(), name), key=exc.key))
            continue
        except OSError as exc:
            report.errors.append(FileError(file=str(f), error=AtlasQualError(
                "file_unreadable", file=str(f), reason=exc.strerror or str(exc)).message(), key="file_unreadable"))
            continue
        archives.append(archive)
        members = 0
        for info in archive.infolist():
            member = info.filename
            base = member.rstrip("/").rsplit("/", 1)[-1]
            if info.is_dir() or member.startswith("__MACOSX/") or base.startswith((".", "~$")) or not base:
                continue  # folders, macOS resource forks, hidden files and Word's lock files are no transcripts
            members += 1
            label = f"{name}/{member}"
            parts = member.replace("\\", "/").split("/")
            if member.startswith(("/", "\\")) or ".." in parts or (len(parts[0]) == 2 and parts[0][1] == ":"):
                report.errors.append(FileError(file=label, error=AtlasQualError(
                    "import_zip_unsafe_path", file=name, member=member).message(), key="import_zip_unsafe_path"))
                continue
            if base.lower().endswith((".zip", ".qdpx")):
                report.errors.append(FileError(file=label, error=AtlasQualError(
                    "import_zip_nested", file=name, member=member).message(), key="import_zip_nested"))
                continue
            yield label, base, (lambda info=info, archive=archive: archive.read(info)), name, member
        if not members:
            report.errors.append(FileError(file=str(f), error=AtlasQualError(
                "import_zip_empty", file=name).message(), key="import_zip_empty"))


def _as_member(exc: AtlasQualError, name: str, shown: str) -> AtlasQualError:
    """The error about a zip member named by its path inside the zip (``shown``), whoever raised it: the readers and
    the store name the file (``name``), the zip reader names the member too large to inflate as a part of the zip."""
    if shown == name:
        return exc
    if exc.key == "safezip_member_too_large" and exc.params.get("member") == shown:
        return AtlasQualError("import_zip_member_too_large", file=shown, limit=exc.params.get("limit"))
    if exc.params.get("file") == name:
        return AtlasQualError(exc.key, **{**exc.params, "file": shown})
    return exc


def _with_file(message: str, name: str, archive: str = "") -> str:
    """The message starting with the file it is about; a zip member's also names its archive."""
    message = message if name in message else f"{name}: {message}"
    return f"{archive}: {message}" if archive and archive not in message else message


def transcript_segments(project: Project, transcript_id: int, *, redact: bool = True,
                        lang: str = "es") -> list[dict[str, Any]]:
    """`atlas-qual segments --json`: [{"id", "speaker", "text", "start", "end", ...}] in order; text and speaker
    redacted (listed names, the interviewee, phones, cédulas, e-mails) unless ``redact=False``."""
    with project.session() as s:
        transcript = s.get(Transcript, transcript_id)
        if transcript is None:
            raise AtlasQualError("transcript_unknown", id=transcript_id)
        rows = s.scalars(select(Segment).where(Segment.transcript_id == transcript_id).order_by(Segment.ordinal))
        out = [{"id": r.id, "speaker": r.speaker, "text": r.text, "start": r.start, "end": r.end,
                "ordinal": r.ordinal, "time_start": r.time_start, "time_end": r.time_end, "language": r.language}
               for r in rows]
        if not redact:
            return out
        from atlas_qual.store.project_redaction import redact_speaker as _redact_speaker

        redactor = project_redactor(project, lang)
        for row in out:
            row["text"] = redactor.redact(row["text"])
            if row["speaker"]:
                row["speaker"] = _redact_speaker(row["speaker"], transcript, redactor)
        return out


def list_transcripts(project: Project) -> list[dict[str, Any]]:
    """Transcripts with their case attributes (no text), for pickers and exports."""
    from sqlalchemy import func

    with project.session() as s:
        counts = dict(s.execute(select(Segment.transcript_id, func.count()).group_by(Segment.transcript_id)).all())
        return [
            {"id": t.id, "title": t.title, "filename": t.filename, "dmop": t.dmop_id, "territory": t.territory_id,
             "institution": t.institution_id, "role": t.role, "mode": t.mode,
             "date": t.date.isoformat() if t.date else None, "language": t.language, "interviewer": t.interviewer,
             "pseudonym": t.pseudonym, "segments": counts.get(t.id, 0)}
            for t in s.scalars(select(Transcript).order_by(Transcript.id))
        ]


