"""Storing one parsed transcript: reference values resolved from what people type, the transcript with its turns,
its original file and its interviewee's name for redaction. Shared by the file import (store.transcripts) and the
REFI-QDA import (store.refi_io), which import this module and not each other."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.models import Institution, RedactionName, Segment, SourceFile, Territory, Transcript
from atlas_qual.store.case_values import MODES, fold
from atlas_qual.store.project_redaction import project_redactor, redaction_names  # noqa: F401  (re-exported)
from atlas_qual.store.case_values import CaseResolver as _Resolver


ATTRIBUTES = ("dmop", "territory", "institution", "role", "mode", "date", "language", "interviewer", "pseudonym",
              "interviewee", "title")




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


def _parse_date(value: Any):
    import datetime as dt

    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    from atlas_qual.spreadsheet import excel_date

    serial = excel_date(value)  # a manifest saved from a date column Excel did not format as a date: 46363
    if serial is not None:
        return serial
    text = str(value).strip()
    # dd/mm/yy: a Spanish Excel's short date (07/12/25)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y"):
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

    _insert_segments(s, [(transcript.id, i, turn.speaker, turn.start, turn.end, turn.text, turn.time_start,
                          turn.time_end, turn_language(turn.text)) for i, turn in enumerate(parsed.turns, start=1)])
    from atlas_qual.store.search_index import index_transcript

    index_transcript(s, transcript.id)  # searchable from the moment it is imported
    # the interviewee's real name stays in the store and is replaced by the pseudonym in every output
    if transcript.interviewee:
        known = s.scalar(select(RedactionName).where(RedactionName.name == transcript.interviewee))
        if known is None:
            s.add(RedactionName(name=transcript.interviewee, replacement=transcript.pseudonym, kind="interviewee"))
    s.flush()
    return transcript


_SEGMENT_COLUMNS = ("transcript_id", "ordinal", "speaker", "start", "end", "text", "time_start", "time_end",
                    "language")


def _insert_segments(s: Session, rows: list[tuple]) -> None:
    """Insert turns (tuples in ``_SEGMENT_COLUMNS`` order; plain values, no type conversion) with one driver-level
    executemany: SQLAlchemy's per-row parameter handling cost more than the insert."""
    s.flush()  # what the session holds goes first, as a Core insert through the session would have done
    conn = s.connection()
    placeholder = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(conn.dialect.paramstyle)
    if placeholder is None or not rows:  # another parameter style, or no turns: the portable path, as before
        s.execute(Segment.__table__.insert(), [dict(zip(_SEGMENT_COLUMNS, row)) for row in rows])
        return
    quote = conn.dialect.identifier_preparer.quote
    conn.exec_driver_sql(f"INSERT INTO {quote(Segment.__tablename__)} ({', '.join(map(quote, _SEGMENT_COLUMNS))}) "
                         f"VALUES ({', '.join([placeholder] * len(_SEGMENT_COLUMNS))})", rows)


def hide_named_speakers(s: Session, speakers, transcript: Transcript) -> list[str]:
    """Speaker labels that are people's full names (Zoom and Teams write "Nombre Apellido: ..." and no header) are
    added to the project's hidden names, each replaced by "Hablante N", so no output shows them by default.
    Returns the replacements given, for the import's warning.

    Only a label the name suggester would propose (a known first name or surname in two or more capitalised words,
    not a place or institution) is hidden: hiding a role label ("Fiscal Adjunta") would change ordinary words in
    every transcript. The interviewee's label already shows as the pseudonym; the interviewer is named in the case
    attributes on purpose.
    """
    from atlas_qual.i18n import t
    from atlas_qual.redaction import is_hideable_name
    from atlas_qual.store.names import name_candidates

    own = set(fold(transcript.interviewee or "").split())
    interviewer = set(fold(transcript.interviewer or "").split())
    chosen = []
    for label in speakers or ():
        words = set(fold(label).split())
        if not words or (own and words <= own) or (interviewer and words <= interviewer):
            continue
        found = [c for c in name_candidates(label) if c[1] in ("first_name", "surname")]
        if len(found) == 1 and " ".join(found[0][0].split()) == " ".join(label.split()) and is_hideable_name(label):
            chosen.append(" ".join(label.split()))
    if not chosen:
        return []
    places = {fold(n) for n in s.scalars(select(Territory.name))}
    places |= {fold(n) for n in s.scalars(select(Institution.name_es))}
    existing = {fold(r.name) for r in s.scalars(select(RedactionName))}
    number = 1 + len(s.scalars(select(RedactionName.id).where(RedactionName.added_by == "import")).all())
    given = []
    for label in chosen:
        if fold(label) in existing or fold(label) in places:
            continue
        replacement = t("import_speaker_replacement", n=number)
        s.add(RedactionName(name=label, replacement=replacement, kind="listed", added_by="import"))
        existing.add(fold(label))
        given.append(replacement)
        number += 1
    s.flush()
    return given
