"""Storing transcripts: each file of a batch in its own transaction, case attributes, duplicates, segments."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.models import Segment, Transcript
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




def read_text_file(path: str | Path) -> str:
    """A small text file people make in a spreadsheet (manifest, codings CSV) as text: UTF-8 with or without BOM,
    UTF-16 with BOM, else Windows-1252 (what Excel writes in Spanish locales)."""
    import codecs

    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise AtlasQualError("file_unreadable", file=str(path), reason=exc.strerror or str(exc)) from None
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF8, "utf-8-sig")):
        if raw.startswith(bom):
            try:
                return raw.decode(enc).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise AtlasQualError("csv_undecodable", file=str(path), position=exc.start) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" in raw:
            raise AtlasQualError("csv_undecodable", file=str(path), position=raw.index(b"\x00")) from None
        return raw.decode("cp1252", errors="replace")


# manifest columns as people write them, Spanish or English (accents and case ignored)
_MANIFEST_COLUMNS = {
    "file": "file", "archivo": "file", "fichero": "file", "filename": "file",
    "dmop": "dmop", "territory": "territory", "territorio": "territory", "institution": "institution",
    "institucion": "institution", "role": "role", "rol": "role", "mode": "mode", "modalidad": "mode",
    "date": "date", "fecha": "date", "language": "language", "idioma": "language", "lang": "language",
    "interviewer": "interviewer", "entrevistador": "interviewer", "entrevistadora": "interviewer",
    "pseudonym": "pseudonym", "seudonimo": "pseudonym", "interviewee": "interviewee",
    "entrevistado": "interviewee", "entrevistada": "interviewee", "title": "title", "titulo": "title",
}


def read_manifest(path: str | Path) -> dict[str, dict[str, str]]:
    """A CSV with one row per file (`file,dmop,territory,institution,role,mode,date,language,interviewer,pseudonym`;
    Spanish column names accepted), keyed by file name.

    Examples:
        >>> # read_manifest("manifest.csv")["01.txt"] -> {"dmop": "MAUEP", "territory": "Alto Paraná"}
    """
    from atlas_qual.codebook import sniff_delimiter

    text = read_text_file(path)
    rows: dict[str, dict[str, str]] = {}
    reader = csv.DictReader(text.splitlines(), delimiter=sniff_delimiter(text))
    columns = {f: _MANIFEST_COLUMNS.get(fold(f or ""), fold(f or "")) for f in (reader.fieldnames or [])}
    if "file" not in columns.values():
        raise AtlasQualError("manifest_no_file_column", file=str(path))
    for n, row in enumerate(reader, start=2):
        clean = {columns[k]: (v or "").strip() for k, v in row.items() if k in columns}
        if not any(clean.values()):
            continue
        if not clean.get("file"):
            raise AtlasQualError("manifest_row_no_file", file=str(path), row=n)
        rows[Path(clean["file"].replace("\\", "/")).name] = {k: v for k, v in clean.items() if k != "file" and v}
    return rows


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


def _import_files(project, files, attributes, manifest, progress, speakers=True) -> ImportReport:
    from atlas_qual.transcripts import read_transcript

    flags = {k: v for k, v in (attributes or {}).items() if v not in (None, "")}
    report = ImportReport()
    manifest_rows: Mapping[str, Mapping[str, str]] = {}
    if isinstance(manifest, (str, Path)):
        manifest_rows = read_manifest(manifest)
    elif manifest:
        manifest_rows = manifest
    resolver: list[_Resolver] = []  # read once per batch (reference data do not change during an import)
    for n, f in enumerate(files):
        name = Path(f).name
        if progress:
            progress(n, name)
        try:
            if str(f).lower().endswith(".qdpx"):
                from atlas_qual.store.refi_io import import_qdpx

                files = import_qdpx(project, f)
                report.imported.extend(files)
                report.warnings.extend({"file": str(f), "warning": w} for w in getattr(files, "warnings", ()))
                continue
            parsed = read_transcript(f, speakers=speakers)
            attrs = _attributes(parsed, manifest_rows.get(name, {}), flags)

            def _store(s: Session, parsed=parsed, attrs=attrs) -> ImportedFile:
                if not resolver:
                    resolver.append(_Resolver(s))
                t = store_parsed(s, parsed, attrs, resolver[0])
                return ImportedFile(file=str(f), transcript_id=t.id, segments=len(parsed.turns),
                                    speakers=tuple(parsed.speakers), warnings=tuple(parsed.warnings))

            done = project.write(_store)
            report.imported.append(done)
            report.warnings.extend({"file": str(f), "warning": w} for w in done.warnings)
        except AtlasQualError as exc:
            report.errors.append(FileError(file=str(f), error=_with_file(exc.message(), name), key=exc.key))
        except IntegrityError:  # the same file imported at the same moment by someone else
            report.errors.append(FileError(file=str(f), error=_with_file(
                AtlasQualError("transcript_duplicate_race", file=name).message(), name)))
        except OSError as exc:
            report.errors.append(FileError(file=str(f), error=AtlasQualError(
                "file_unreadable", file=str(f), reason=exc.strerror or str(exc)).message(), key="file_unreadable"))
        except Exception as exc:  # noqa: BLE001 - one file the readers choke on must not stop the batch
            # a database error's text carries the SQL statement and its parameters (the interview text): only the
            # driver's first line is shown
            detail = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
            report.errors.append(FileError(file=str(f), error=AtlasQualError(
                "import_unexpected", file=name, reason=f"{type(exc).__name__}: {detail}"[:200]).message(),
                key="import_unexpected"))
    if progress:
        progress(len(files), "")
    return report


def _with_file(message: str, name: str) -> str:
    return message if name in message else f"{name}: {message}"


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
        from atlas_qual.store.coding import _redact_speaker

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


