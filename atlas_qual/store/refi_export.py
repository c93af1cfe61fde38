"""REFI-QDA export of a whole project: ``.qdpx`` (redacted by default) and the ``.qdc`` codebook.

Sources are the transcripts' normalized text; each accepted coding becomes a text selection (a segment-level
coding covers its segment's span); users are the coders; the codebook keeps hierarchy, Spanish definitions and
colours; one case per transcript carries the case attributes as variables; memos become notes. Outputs are
redacted by default, and a redacted text is shorter or longer than the original, so every position is moved with
the text: a coding that started or ended inside a replaced name now covers the whole replacement, and every other
coding keeps exactly the same words. The interviewee's real name is never exported unless ``redact=False``
(``--no-redact``), which writes the texts and attributes as stored, for moving a project between trusted machines.

Examples:
    >>> # export_qdpx(project, "evaluacion.qdpx")            # redacted
    >>> # export_codebook(project, "libro.qdc")
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import t
from atlas_qual.store.db import Project
from atlas_qual.store.models import Code, Coder, Coding, Memo, Segment, Territory, Transcript
from atlas_qual.store.refi_common import VARIABLE_ALIASES as _VARIABLE_ALIASES
from atlas_qual.store.refi_common import fold as _fold
from atlas_qual.store.refi_common import guid as _guid
from atlas_qual.store.refi_common import hex_color as _hex_color
from atlas_qual.store.refi_common import iso as _iso
from atlas_qual.store.refi_redaction import label_findings, redacted_text

@dataclass(frozen=True)
class QdpxExport:
    """What an export wrote (``skipped``: codings that could not be written, one message each)."""

    file: str
    sources: int
    codes: int
    codings: int
    users: int
    cases: int
    notes: int
    redacted: bool
    skipped: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "sources": self.sources, "codes": self.codes, "codings": self.codings,
                "users": self.users, "cases": self.cases, "notes": self.notes, "redacted": self.redacted,
                "skipped": list(self.skipped)}


def _code_tree(s: Session, red=None):
    """The codebook as RefiCode trees, and code id -> GUID; ``red`` redacts the definitions (an example quoted from
    an interview may name someone)."""
    from atlas_qual.refi import RefiCode

    rows = list(s.scalars(select(Code)))
    children: dict[int | None, list[Code]] = defaultdict(list)
    for c in rows:
        children[c.parent_id].append(c)
    guid_of = {c.id: _guid(c.guid, "atlas-qual-code", c.id) for c in rows}
    seen: set[int] = set()

    def node(c: Code) -> RefiCode:
        seen.add(c.id)
        definition = c.definition or {}
        kids = sorted(children.get(c.id, []), key=lambda k: (k.position, k.id))
        description = definition.get("es") or definition.get("en") or ""
        return RefiCode(guid=guid_of[c.id], name=c.name, description=red(description) if red else description,
                        color=_hex_color(c.color), children=tuple(node(k) for k in kids if k.id not in seen))

    top = sorted(children.get(None, []), key=lambda k: (k.position, k.id))
    return tuple(node(c) for c in top), guid_of


def build_refi_project(project: Project, *, redact: bool = True, lang: str | None = None):
    """The project as a :class:`~atlas_qual.refi.RefiProject` (what :func:`export_qdpx` writes), the messages of
    codings that could not be included, and how many codings were.

    Examples:
        >>> # refi, skipped, n_codings = build_refi_project(project, redact=True)
        >>> # [s.name for s in refi.sources][:1] -> ['01_mauep_alto_parana_inspector']
    """
    from atlas_qual.version import __version__
    from atlas_qual.refi import RefiCase, RefiNote, RefiProject, RefiSelection, RefiSource, RefiUser, stable_guid
    from atlas_qual.store.project_redaction import redaction_names

    with project.session() as s:
        lang = lang or (project.meta("lang") or "es")
        lang = lang if lang in ("es", "en") else "es"
        redactor = None
        if redact:
            from atlas_qual.redaction import Redactor

            redactor = Redactor(redaction_names(s), lang=lang)

        def red(value: str | None) -> str:
            value = value or ""
            return redactor.redact(value) if (redactor is not None and value) else value

        codes, code_guid = _code_tree(s, red)
        known_coders = {c.name: _guid(c.guid, "atlas-qual-user", c.name) for c in s.scalars(select(Coder))}
        users: dict[str, RefiUser] = {}

        def user(name: str | None) -> str | None:
            if not name:
                return None
            if name not in users:
                users[name] = RefiUser(known_coders.get(name) or stable_guid("atlas-qual-user", name), name)
            return users[name].guid

        for name in sorted(known_coders):
            user(name)
        territories = {tid: name for tid, name in s.execute(select(Territory.id, Territory.name))}
        segments_of: dict[int, list[Segment]] = defaultdict(list)
        for seg in s.scalars(select(Segment).order_by(Segment.transcript_id, Segment.ordinal)):
            segments_of[seg.transcript_id].append(seg)
        atlas_sources: dict[str, dict] = {}
        origins: dict[str, str] = {}
        codings_of: dict[int, list] = defaultdict(list)
        q = (select(Coding, Segment).join(Segment, Segment.id == Coding.segment_id)
             .where(Coding.status == "accepted").order_by(Segment.transcript_id, Segment.ordinal, Coding.id))
        for coding, seg in s.execute(q):
            codings_of[seg.transcript_id].append((coding, seg))

        sources, cases, skipped = [], [], []
        whole_selection: dict[int, str] = {}  # segment id -> a selection covering it (where segment memos go)
        source_of: dict[int, tuple[str, dict[int, int]]] = {}  # transcript id -> (source GUID, segment ordinals)
        n_codings = 0
        for tr in s.scalars(select(Transcript).order_by(Transcript.id)):
            source_guid = _guid(tr.guid, "atlas-qual-transcript", tr.id)
            segs = segments_of.get(tr.id, [])
            if redactor is not None:
                text, shift = redacted_text(tr.text, redactor, label_findings(tr.text, segs, tr, redactor))
            else:
                text, shift = tr.text, None
            title = red(tr.title) or f"#{tr.id}"
            atlas_segments = []
            for seg in segs:
                a, b = seg.start, seg.end
                if shift is not None:
                    a, b = shift.move(a, end=False), shift.move(b, end=True)
                speaker = seg.speaker or None
                if speaker and redactor is not None:
                    from atlas_qual.store.project_redaction import redact_speaker as _redact_speaker

                    speaker = _redact_speaker(speaker, tr, redactor)
                atlas_segments.append([a, b, speaker, seg.time_start, seg.time_end])
            atlas_sources[source_guid] = {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                                          "segments": atlas_segments}
            selections = []
            for coding, seg in codings_of.get(tr.id, []):
                start, end = (seg.start, seg.end) if coding.start is None else (coding.start, coding.end)
                if shift is not None:
                    start, end = shift.move(start, end=False), shift.move(end, end=True)
                if end is None or not 0 <= start < end <= len(text):
                    skipped.append(t("refi_io_export_skipped", source=title, segment=seg.ordinal, start=start,
                                     end=end))
                    continue
                sel_guid = _guid(coding.guid, "atlas-qual-coding", coding.id)
                if coding.start is None:
                    whole_selection.setdefault(seg.id, sel_guid)
                coder_guid = user(coding.coder)
                selector = user(coding.selected_by) if coding.selected_by else None
                selections.append(RefiSelection(sel_guid, start, end, code_guid[coding.code_id], coder_guid,
                                                _iso(coding.created_at),
                                                selector if selector != coder_guid else None))
                origins[sel_guid] = coding.origin or "manual"
            n_codings += len(selections)
            sources.append(RefiSource(source_guid, title, text, tuple(selections), _iso(tr.imported_at)))
            source_of[tr.id] = (source_guid, {})
            variables: dict[str, str] = {}
            for key, value in (("dmop", tr.dmop_id), ("territory", territories.get(tr.territory_id or "")),
                               ("institution", tr.institution_id), ("role", tr.role), ("mode", tr.mode),
                               ("date", tr.date.isoformat() if tr.date else None), ("language", tr.language),
                               ("interviewer", tr.interviewer), ("pseudonym", tr.pseudonym),
                               ("interviewee", None if redact else tr.interviewee)):
                if value:
                    variables[key] = red(str(value))
            for key, value in (tr.extra or {}).items():
                if (isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip()
                        and _VARIABLE_ALIASES.get(_fold(str(key))) is None and key not in variables):
                    variables[str(key)] = red(str(value))
            cases.append(RefiCase(stable_guid("atlas-qual-case", source_guid), red(tr.pseudonym) or title, variables,
                                  (source_guid,)))

        ordinals = dict(s.execute(select(Segment.id, Segment.ordinal)).all()) if s.scalar(
            select(Memo.id).where(Memo.target_kind == "segment").limit(1)) else {}
        seg_transcript = dict(s.execute(select(Segment.id, Segment.transcript_id)).all()) if ordinals else {}
        notes = []
        for memo in s.scalars(select(Memo).order_by(Memo.id)):
            name = red(memo.title).strip()
            target = None
            if memo.target_kind == "code":
                target = code_guid.get(memo.target_id)
            elif memo.target_kind == "transcript":
                target = source_of.get(memo.target_id, (None,))[0]
            elif memo.target_kind == "segment":
                target = whole_selection.get(memo.target_id)
                if target is None and memo.target_id in seg_transcript:
                    # no selection covers the segment: the note goes on the source, its name says which turn
                    target = source_of[seg_transcript[memo.target_id]][0]
                    name = f"¶{ordinals[memo.target_id]} {name}".strip()
            elif memo.target_kind != "project":
                continue  # workshop memos are not part of a QDA project
            text = red(memo.text)
            if not name:
                first = " ".join(text.split())
                name = (first[:60] + "…") if len(first) > 60 else (first or t("refi_io_memo", lang=lang))
            notes.append(RefiNote(_guid(memo.guid, "atlas-qual-memo", memo.id), name, text, target,
                                  user(memo.author)))
    stem = Path(project.name).stem if project.is_sqlite else project.name.rsplit("/", 1)[-1]
    refi = RefiProject(name=f"atlas-qual: {stem}", users=tuple(users.values()), codes=codes, sources=tuple(sources),
                       cases=tuple(cases), notes=tuple(notes), origin=f"atlas-qual {__version__}",
                       atlas={"version": 1, "sources": atlas_sources, "origins": origins})
    return refi, skipped, n_codings


def _write_failed(path: str | Path, exc: OSError) -> AtlasQualError:
    return AtlasQualError("refi_io_write_failed", file=str(path), reason=exc.strerror or str(exc))


def export_qdpx(project: Project, path: str | Path, redact: bool = True) -> QdpxExport:
    """Write the project as a REFI-QDA ``.qdpx`` (valid against Project.xsd), redacted unless ``redact=False``.

    Raises:
        AtlasQualError: the file cannot be written (the message names it and the reason).

    Examples:
        >>> # export_qdpx(project, "evaluacion.qdpx").to_dict()["codings"] -> 343
    """
    from atlas_qual.refi import iter_codes, write_qdpx

    refi, skipped, n_codings = build_refi_project(project, redact=redact)
    try:
        write_qdpx(refi, path)
    except OSError as exc:
        raise _write_failed(path, exc) from None
    return QdpxExport(file=str(path), sources=len(refi.sources), codes=sum(1 for _ in iter_codes(refi.codes)),
                      codings=n_codings, users=len(refi.users), cases=len(refi.cases), notes=len(refi.notes),
                      redacted=redact, skipped=tuple(skipped))


def export_codebook(project: Project, path: str | Path, redact: bool = True) -> int:
    """Write the codebook as a REFI-QDA ``.qdc`` (hierarchy, Spanish definitions, colours; valid against
    Codebook.xsd), its definitions redacted unless ``redact=False``. Returns the number of codes.

    Raises:
        AtlasQualError: the codebook is empty, or the file cannot be written.

    Examples:
        >>> # export_codebook(project, "libro.qdc") -> 41
    """
    from atlas_qual.refi import iter_codes, write_qdc

    with project.session() as s:
        red = None
        if redact:
            from atlas_qual.redaction import Redactor
            from atlas_qual.store.project_redaction import redaction_names

            red = Redactor(redaction_names(s)).redact
        codes, _ = _code_tree(s, red)
    try:
        write_qdc(codes, (), path)
    except OSError as exc:
        raise _write_failed(path, exc) from None
    return sum(1 for _ in iter_codes(codes))


__all__ = ["QdpxExport", "build_refi_project", "export_qdpx", "export_codebook"]
