"""Storing transcripts: each file of a batch in its own transaction, case attributes, duplicates, segments."""

from __future__ import annotations

from atlas_qual.text import fold_input

import csv
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.models import Dmop, Institution, RedactionName, Segment, SourceFile, Territory, Transcript

ATTRIBUTES = ("dmop", "territory", "institution", "role", "mode", "date", "language", "interviewer", "pseudonym",
              "interviewee", "title")
MODES = {"in_person": "in_person", "presencial": "in_person", "in person": "in_person", "phone": "phone",
         "telefonica": "phone", "telefono": "phone", "telephone": "phone", "online": "online", "en linea": "online",
         "virtual": "online"}


@dataclass(frozen=True)
class ImportedFile:
    file: str
    transcript_id: int
    segments: int
    speakers: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "transcript_id": self.transcript_id, "segments": self.segments,
                "speakers": list(self.speakers)}


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


fold = fold_input  # what people type: accents, case and spacing ignored


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


class _Resolver:
    """Turns what people type (ids, names, accents or not) into reference ids, or says what is accepted."""

    def __init__(self, s: Session) -> None:
        self.dmops = {fold(d.id): d.id for d in s.scalars(select(Dmop))}
        self.territories: dict[str, str] = {}
        for t in s.scalars(select(Territory)):
            for alias in (t.id, t.name, t.name_en, t.id.replace("_", " ")):
                self.territories[fold(alias)] = t.id
        self.territories[fold("Asunción")] = "asuncion_central"
        self.territories[fold("Central")] = "asuncion_central"
        self.institutions = {fold(i.id): i.id for i in s.scalars(select(Institution))}

    def dmop(self, value: str | None) -> str | None:
        if not value:
            return None
        found = self.dmops.get(fold(value))
        if not found:
            raise AtlasQualError("unknown_dmop", dmop=value, known=", ".join(sorted(self.dmops.values())))
        return found

    def territory(self, value: str | None) -> str | None:
        if not value:
            return None
        found = self.territories.get(fold(value))
        if not found:
            raise AtlasQualError("unknown_territory", territory=value,
                                 known=", ".join(sorted(set(self.territories.values()))))
        return found

    def institution(self, value: str | None) -> str | None:
        if not value:
            return None
        found = self.institutions.get(fold(value))
        if not found:
            raise AtlasQualError("unknown_institution", institution=value,
                                 known=", ".join(sorted(self.institutions.values())))
        return found


def _attributes(parsed, manifest_row: Mapping[str, str], flags: Mapping[str, Any]) -> dict[str, Any]:
    """Case attributes by precedence: command-line flags, then the manifest row, then the file's header lines."""
    merged: dict[str, Any] = {}
    for source in (parsed.metadata, manifest_row, flags):
        for key in ATTRIBUTES:
            value = source.get(key)
            if value not in (None, ""):
                merged[key] = value
    return merged


def _parse_date(value: Any):
    import datetime as dt

    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise AtlasQualError("bad_date", value=text)


def store_parsed(s: Session, parsed, attrs: Mapping[str, Any], resolver: "_Resolver | None" = None) -> Transcript:
    """Add one parsed transcript with its segments and original file to the session (caller commits). Pass the
    ``resolver`` of a batch to read the reference tables once."""
    from atlas_qual.transcripts import detect_language

    existing = s.execute(select(Transcript.id, Transcript.filename).where(Transcript.sha256 == parsed.sha256)).first()
    if existing is not None:
        raise AtlasQualError("transcript_duplicate", file=parsed.filename, id=existing.id, other=existing.filename)
    resolve = resolver or _Resolver(s)
    mode = attrs.get("mode")
    if mode:
        mode = MODES.get(fold(str(mode)).replace("_", " ").replace("-", " "), MODES.get(fold(str(mode))))
        if mode is None:
            raise AtlasQualError("unknown_mode", mode=attrs.get("mode"))
    language = (attrs.get("language") or detect_language(parsed.text) or "es").lower()[:2]
    transcript = Transcript(
        title=attrs.get("title") or Path(parsed.filename).stem,
        filename=parsed.filename,
        format=parsed.format,
        encoding=parsed.encoding or "",
        sha256=parsed.sha256,
        text=parsed.text,
        language=language if language in ("es", "en") else "es",
        dmop_id=resolve.dmop(attrs.get("dmop")),
        territory_id=resolve.territory(attrs.get("territory")),
        institution_id=resolve.institution(attrs.get("institution")),
        role=attrs.get("role") or "",
        mode=mode or "",
        date=_parse_date(attrs.get("date")),
        interviewer=attrs.get("interviewer") or "",
        interviewee=attrs.get("interviewee") or "",
        pseudonym=attrs.get("pseudonym") or "",
        extra=dict(parsed.extra),
        guid=str(uuid.uuid4()),
    )
    s.add(transcript)
    s.flush()
    s.add(SourceFile(transcript_id=transcript.id, filename=parsed.filename, content=parsed.original))
    # one multi-row INSERT (Core): a long interview has thousands of turns, and ORM objects cost 10x as much
    from atlas_qual.nlp import detect_language as turn_language

    s.execute(Segment.__table__.insert(), [
        {"transcript_id": transcript.id, "ordinal": i, "speaker": turn.speaker, "start": turn.start,
         "end": turn.end, "text": turn.text, "time_start": turn.time_start, "time_end": turn.time_end,
         "language": turn_language(turn.text)}
        for i, turn in enumerate(parsed.turns, start=1)
    ])
    from atlas_qual.store.search_index import index_transcript

    index_transcript(s, transcript.id)  # searchable from the moment it is imported
    # the interviewee's real name stays in the store and is replaced by the pseudonym in every output
    if transcript.interviewee:
        known = s.scalar(select(RedactionName).where(RedactionName.name == transcript.interviewee))
        if known is None:
            s.add(RedactionName(name=transcript.interviewee, replacement=transcript.pseudonym, kind="interviewee"))
    s.flush()
    return transcript


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


def redaction_names(s: Session) -> dict[str, str]:
    """Every listed name -> its replacement (pseudonym or "" for a placeholder)."""
    return {r.name: r.replacement for r in s.scalars(select(RedactionName))}


def project_redactor(project: Project, lang: str = "es"):
    """The Redactor every output of this project uses (listed names and interviewees -> pseudonyms)."""
    from atlas_qual.redaction import Redactor

    with project.session() as s:
        return Redactor(redaction_names(s), lang=lang)

