"""REFI-QDA exchange of a whole project: ``.qdpx`` import here, and (from :mod:`atlas_qual.store.refi_export`) the
``.qdpx`` export (redacted by default) and ``.qdc`` codebook export.

Export: see :mod:`atlas_qual.store.refi_export` (its names are importable from here too).

Import. The whole file is one transaction: a broken file, or any error while storing it, changes nothing. Users
become coders; codes are matched by GUID, then by name under the same parent, else added; each source becomes a
transcript whose segments are its speaker turns (or paragraphs), with the case variables as attributes (unknown
ones are kept as extra attributes); each coding lands on the segment containing its start (the whole segment
when it covers it, else a span coding); notes become memos. A source whose text is already in the project is not
duplicated: its codings and memos are added to that transcript (codings already there are skipped), which is how a
second coder's work done in another tool comes back. Codings that cannot be placed are listed, never dropped
silently.

Examples:
    >>> # export_qdpx(project, "evaluacion.qdpx")            # redacted
    >>> # export_codebook(project, "libro.qdc")
    >>> # files = import_qdpx(project, "nvivo_export.qdpx"); files.report.unplaced
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
import unicodedata
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural, t
from atlas_qual.store.db import Project
from atlas_qual.store.models import (
    Code,
    Coder,
    Coding,
    Memo,
    Segment,
    Transcript,
    utcnow,
)
from atlas_qual.store.refi_common import DEFAULT_CODER, DEFAULT_COLOR
from atlas_qual.store.refi_common import ONE_TO_ONE as _ONE_TO_ONE
from atlas_qual.store.refi_common import SEGMENT_NOTE as _SEGMENT_NOTE
from atlas_qual.store.refi_common import VARIABLE_ALIASES as _VARIABLE_ALIASES
from atlas_qual.store.refi_common import fold as _fold
from atlas_qual.store.refi_common import norm_guid as _norm_guid
from atlas_qual.store.refi_common import parse_moment as _parse_moment
from atlas_qual.store.refi_export import QdpxExport, build_refi_project, export_codebook, export_qdpx
from atlas_qual.store.transcript_records import ImportedFile


# --- import -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QdpxImport:
    """Everything a ``.qdpx`` import did. ``unplaced``: one message per coding that was not imported."""

    file: str
    imported: tuple[ImportedFile, ...]
    sources_new: int = 0
    sources_merged: int = 0
    codes_added: int = 0
    codes_matched: int = 0
    users: tuple[str, ...] = ()
    codings: int = 0
    duplicates: int = 0
    memos: int = 0
    cases: int = 0
    corrected: int = 0
    unplaced: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def summary(self, lang: str | None = None) -> str:
        """One line: what came in and what did not."""
        return t("refi_io_import_summary", lang=lang, file=Path(self.file).name,
                 sources=Plural("count_new_sources", self.sources_new),
                 merged=Plural("count_already_there", self.sources_merged),
                 codes=Plural("count_new_codes", self.codes_added),
                 matched=Plural("count_already_existed", self.codes_matched),
                 users=Plural("count_users", len(self.users)),
                 codings=Plural("count_codings_imported", self.codings),
                 duplicates=Plural("count_repeated_f", self.duplicates), memos=Plural("count_memos", self.memos),
                 unplaced=Plural("count_unplaced_codings", len(self.unplaced)))

    def messages(self, lang: str | None = None) -> list[str]:
        """The summary, the warnings, then each unplaced coding (what a user must read after the import)."""
        name = Path(self.file).name
        return [self.summary(lang), *self.warnings, *(f"{name}: {u}" for u in self.unplaced)]

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "imported": [i.to_dict() for i in self.imported],
                "sources_new": self.sources_new, "sources_merged": self.sources_merged,
                "codes_added": self.codes_added, "codes_matched": self.codes_matched, "users": list(self.users),
                "codings": self.codings, "duplicates": self.duplicates, "memos": self.memos, "cases": self.cases,
                "corrected": self.corrected, "unplaced": list(self.unplaced), "warnings": list(self.warnings)}


class QdpxFiles(list):
    """The transcripts a ``.qdpx`` import made or added to (``ImportedFile`` items, what ``import_files``
    collects), with the whole :class:`QdpxImport` in ``.report`` and the lines to show the user in ``.warnings``
    (also when the file had no source texts and so no transcript came in)."""

    def __init__(self, report: QdpxImport) -> None:
        super().__init__(report.imported)
        self.report = report
        self.warnings = report.messages()


def _align(raw: str, norm: str) -> list[int] | None:
    """For each character of ``norm`` (``raw`` after normalize_text, which only deletes characters or swaps one
    for another), its position in ``raw``; None when ``norm`` is not such a form of ``raw``."""
    out: list[int] = []
    i, n = 0, len(raw)
    for ch in norm:
        while i < n and raw[i] != ch and _ONE_TO_ONE.get(raw[i]) != ch:
            i += 1
        if i == n:
            return None
        out.append(i)
        i += 1
    return out


def _paragraphs(text: str):
    from atlas_qual.transcripts import Turn

    turns = []
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*(?:\n|$)))+", text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            turns.append(Turn(None, text[start:end], start, end))
    return tuple(turns)


def _segment_source(text: str, name: str):
    """Speaker turns (or paragraphs) of a source's text, with offsets into that very text (which is kept as it is,
    so the other tool's positions stay valid); plus the header's case attributes and extra lines."""
    from atlas_qual.transcripts import Turn, normalize_text, parse_text

    try:
        parsed = parse_text(text, filename=f"{Path(name).stem or 'source'}.txt")
    except AtlasQualError:
        parsed = None
    if parsed is not None:
        turns = parsed.turns
        if parsed.text != text:
            pos = _align(text, parsed.text)
            turns = None
            if pos is not None:
                moved = [Turn(tu.speaker, text[pos[tu.start]:pos[tu.end - 1] + 1], pos[tu.start], pos[tu.end - 1] + 1,
                              tu.time_start, tu.time_end) for tu in parsed.turns]
                if all(normalize_text(m.text) == tu.text for m, tu in zip(moved, parsed.turns)):
                    turns = tuple(moved)
        if turns:
            return turns, dict(parsed.metadata), dict(parsed.extra), tuple(parsed.speakers)
    return _paragraphs(text), {}, {}, ()


class _Importer:
    """One .qdpx import inside one transaction (built afresh if the transaction is retried)."""

    def __init__(self, s: Session, result, path: Path) -> None:
        self.s = s
        self.result = result
        self.refi = result.project
        self.path = path
        self.name = path.name
        self.warnings: list[str] = []
        self.unplaced: list[str] = [u.message() for u in result.unplaced]
        self.user_name: dict[str, str] = {}
        self.code_id: dict[str, int] = {}
        self.codes_added = self.codes_matched = 0
        self.users: list[str] = []
        self.codings = self.duplicates = self.memos = self.crossing = 0
        self._redactors: list | None = None
        self.sources_new = self.sources_merged = 0
        self.transcript_of: dict[str, Transcript] = {}  # source GUID (lower) -> transcript
        self.segment_of_selection: dict[str, int] = {}
        self.imported: list[ImportedFile] = []

    def warn(self, key: str, **params: Any) -> None:
        self.warnings.append(t(key, file=self.name, **params))

    # -- users and codes ------------------------------------------------------------------------------------------
    def import_users(self) -> None:
        from atlas_qual.store.coding_import import _coder_key

        rows = list(self.s.scalars(select(Coder)))
        by_guid = {r.guid.lower(): r for r in rows}
        by_name = {r.name: r for r in rows}
        # "Carlos Rojas" as another tool names the user is the project's carlos.rojas (case, accents, spaces and
        # punctuation aside), as in the codings CSV: not a third coder who would split his codings in the agreement
        by_key: dict[str, str] = {}
        for coder in sorted({r.name for r in rows} | set(self.s.scalars(select(Coding.coder).distinct()))):
            by_key.setdefault(_coder_key(coder), coder)
        for u in self.refi.users:
            guid = _norm_guid(u.guid)
            name = " ".join((u.name or "").split())[:120] or (u.guid or "")[:120] or DEFAULT_CODER
            row = (by_guid.get(guid) if guid else None) or by_name.get(name)
            same = by_key.get(_coder_key(name)) if row is None and _coder_key(name) else None
            if same is not None and same != name:
                self.warn("refi_io_warn_same_coder", user=name, coder=same)
                row = by_name.get(same)
                if row is None:  # a coder known only by their codings (the coding page stores no Coder row)
                    row = Coder(name=same, guid=guid if guid and guid not in by_guid else str(uuid.uuid4()))
                    self.s.add(row)
                    by_guid[row.guid] = by_name[same] = row
            if row is None:
                row = Coder(name=name, guid=guid if guid and guid not in by_guid else str(uuid.uuid4()))
                self.s.add(row)
                by_guid[row.guid] = by_name[name] = row
                by_key.setdefault(_coder_key(name), name)
            self.user_name[(u.guid or "").lower()] = row.name
            if row.name not in self.users:
                self.users.append(row.name)

    def import_codes(self) -> None:
        from atlas_qual.codebook import MAX_NAME

        by_guid = {c.guid.lower(): c for c in self.s.scalars(select(Code))}
        siblings: dict[int | None, dict[str, Code]] = defaultdict(dict)
        for c in by_guid.values():
            siblings[c.parent_id][_fold(c.name)] = c

        claimed: set[int] = set()  # codes of the project that a code of this file already came onto

        def place(codes, parent_id: int | None) -> None:
            for rc in codes:
                guid = _norm_guid(rc.guid)
                name = unicodedata.normalize("NFC", " ".join((rc.name or "").split()))
                if "/" in name:
                    clean = name.replace("/", "-")
                    self.warn("refi_io_warn_code_renamed", code=name, name=clean)
                    name = clean
                name = name[:MAX_NAME] or t("refi_io_unnamed_code")
                row = by_guid.get(guid) if guid else None
                if row is None:
                    row = siblings[parent_id].get(_fold(name))
                    if row is not None and row.id in claimed:  # two codes of the file share a name and a parent
                        row, name = self._sibling_name(name, siblings[parent_id], claimed, MAX_NAME)
                if row is None:
                    position = 1 + max((c.position for c in siblings[parent_id].values()), default=-1)
                    row = Code(name=name, parent_id=parent_id, position=position, color=rc.color or DEFAULT_COLOR,
                               definition={"es": rc.description} if rc.description.strip() else {},
                               guid=guid if guid and guid not in by_guid else str(uuid.uuid4()))
                    self.s.add(row)
                    self.s.flush()
                    by_guid[row.guid] = row
                    siblings[parent_id][_fold(name)] = row
                    self.codes_added += 1
                else:
                    self.codes_matched += 1
                    if rc.description.strip() and not (row.definition or {}).get("es"):
                        row.definition = {**(row.definition or {}), "es": rc.description}
                self.code_id[rc.guid.lower()] = row.id
                claimed.add(row.id)
                place(rc.children, row.id)

        place(self.refi.codes, None)

    def _sibling_name(self, name: str, siblings: dict, claimed: set[int], limit: int):
        """A name for the second of two codes of the file with the same name under the same parent ("Otros (2)"),
        and the project's code of that name if a previous import of the file made it; said in a warning."""
        n = 2
        while True:
            candidate = f"{name[:limit - 5]} ({n})"
            row = siblings.get(_fold(candidate))
            if row is None or row.id not in claimed:
                self.warn("refi_io_warn_code_same_name", code=name, name=candidate)
                return row, candidate
            n += 1

    # -- sources --------------------------------------------------------------------------------------------------
    def _attributes(self, source, metadata: dict, variables: dict[str, str]) -> tuple[dict, dict]:
        """Case attributes (header lines, then case variables) that the project accepts, and the rest as extra."""
        from atlas_qual.store.case_values import MODES
        from atlas_qual.store.case_values import CaseResolver as _Resolver
        from atlas_qual.store.transcript_records import _parse_date

        attrs = {k: v for k, v in metadata.items() if v not in (None, "")}
        extra: dict[str, str] = {}
        for var, value in variables.items():
            key = _VARIABLE_ALIASES.get(_fold(var))
            if key is None:
                extra[var] = value
            elif value.strip():
                attrs[key] = value.strip()
        resolve = _Resolver(self.s)
        checks = {"dmop": resolve.dmop, "territory": resolve.territory, "institution": resolve.institution,
                  "date": _parse_date}
        for key, check in checks.items():
            if attrs.get(key):
                try:
                    check(attrs[key])
                except AtlasQualError:
                    extra[key] = str(attrs.pop(key))
                    self.warn("refi_io_warn_attribute", source=source.name, attribute=key, value=extra[key])
        mode = attrs.get("mode")
        if mode and _fold(str(mode)).replace("_", " ").replace("-", " ") not in MODES and _fold(str(mode)) not in MODES:
            extra["mode"] = str(attrs.pop("mode"))
            self.warn("refi_io_warn_attribute", source=source.name, attribute="mode", value=extra["mode"])
        if attrs.get("interviewee") and attrs.get("interviewee") == attrs.get("pseudonym"):
            attrs.pop("interviewee")  # a redacted export names the interviewee by the pseudonym
        attrs["title"] = source.name or t("refi_io_unnamed_source")
        return attrs, extra

    def _own_redacted(self, source) -> tuple[Transcript | None, Any]:
        """The transcript a source came from when this project exported it redacted (same GUID, and its text is
        what redacting that transcript gives now), with the :class:`Shift` from the original to that text; else
        (None, None). Without this, a redacted .qdpx sent to a colleague's NVivo and taken back would duplicate
        every interview it redacted."""
        from atlas_qual.store.refi_redaction import label_findings, redacted_text

        guid = _norm_guid(source.guid)
        tr = self.s.scalar(select(Transcript).where(Transcript.guid == guid)) if guid else None
        if tr is None:
            return None, None
        segs = list(self.s.scalars(select(Segment).where(Segment.transcript_id == tr.id).order_by(Segment.ordinal)))
        for redactor in self._redactors_now():  # the export wrote the placeholders in the project's language
            text, shift = redacted_text(tr.text, redactor, label_findings(tr.text, segs, tr, redactor))
            if text == source.text and shift is not None:
                return tr, shift
        return None, None

    def _redactors_now(self) -> list:
        if self._redactors is None:
            from atlas_qual.redaction import Redactor
            from atlas_qual.store.project_redaction import redaction_names

            names = redaction_names(self.s)
            self._redactors = [Redactor(names, lang=lang) for lang in ("es", "en")]
        return self._redactors

    def _own_redacted_memo(self, note) -> bool:
        """True when ``note`` is one of this project's memos as a redacted export wrote it (same GUID, its text
        the redacted stored text): taken back, it is not a new memo."""
        guid = _norm_guid(note.guid)
        memo = self.s.scalar(select(Memo).where(Memo.guid == guid)) if guid else None
        if memo is None:
            return False
        return any(r.redact(memo.text or "") == (note.text or "") for r in self._redactors_now())

    def _new_transcript(self, source, variables: dict[str, str]) -> tuple[Transcript, list[str]]:
        from atlas_qual.store.transcript_records import store_parsed
        from atlas_qual.transcripts import MAX_BYTES, ParsedTranscript

        size = len(source.text.encode("utf-8"))
        if size > MAX_BYTES:  # the same limit as a transcript file: said plainly, before the database sees it
            raise AtlasQualError("refi_io_source_too_large", file=self.name, source=source.name,
                                 size=-(-size // 1_000_000), limit=MAX_BYTES // 1_000_000)

        turns, metadata, header_extra, speakers = _segment_source(source.text, source.name)
        known = self._atlas_turns(source)
        if known is not None:  # atlas-qual wrote the file: its own turns and speakers, exactly
            turns, speakers = known
        attrs, extra = self._attributes(source, metadata, variables)
        parsed = ParsedTranscript(
            filename=source.name or self.name, format="qdpx", encoding="utf-8", text=source.text, turns=turns,
            metadata=metadata, extra={**header_extra, **extra}, speakers=speakers,
            sha256=hashlib.sha256(source.text.encode("utf-8")).hexdigest(), original=source.text.encode("utf-8"),
        )
        tr = store_parsed(self.s, parsed, attrs)
        guid = _norm_guid(source.guid)
        if guid and self.s.scalar(select(Transcript.id).where(Transcript.guid == guid)) is None:
            tr.guid = guid
        return tr, list(speakers)

    def _atlas_turns(self, source):
        """The turns atlas-qual recorded for ``source`` (atlas-qual.json), when they fit its text; else None."""
        from atlas_qual.transcripts import Turn

        entry = ((self.refi.atlas or {}).get("sources") or {}).get(source.guid) \
            or ((self.refi.atlas or {}).get("sources") or {}).get(source.guid.lower())
        if not isinstance(entry, dict):
            return None
        if entry.get("sha256") != hashlib.sha256(source.text.encode("utf-8")).hexdigest():
            return None  # the text was changed by another tool: recognise the turns from it
        turns, n = [], len(source.text)
        try:
            for start, end, speaker, t_start, t_end in entry.get("segments") or []:
                if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n):
                    return None
                turns.append(Turn(speaker or None, source.text[start:end], start, end,
                                  t_start if isinstance(t_start, (int, float)) else None,
                                  t_end if isinstance(t_end, (int, float)) else None))
        except (TypeError, ValueError):
            return None
        if not turns:
            return None
        return tuple(turns), tuple(dict.fromkeys(tu.speaker for tu in turns if tu.speaker))

    def _locate(self, segs: list[Segment], starts: list[int], text: str, start: int, end: int):
        """The segment a selection belongs to (the one containing its start, else the next one it overlaps), and
        whether it covers that whole segment."""
        k = bisect.bisect_right(starts, start) - 1
        if not (k >= 0 and start < segs[k].end):
            k += 1  # in a gap (header, label, blank lines): the next turn, if the selection reaches it
            if k >= len(segs) or segs[k].start >= end:
                return None, False
        seg = segs[k]
        # the whole turn, perhaps with its speaker label or line ends, and nothing of another turn
        previous_end = segs[k - 1].end if k > 0 else 0
        next_start = segs[k + 1].start if k + 1 < len(segs) else len(text)
        whole = previous_end <= start <= seg.start and seg.end <= end <= next_start
        return seg, whole

    def import_sources(self) -> None:
        variables: dict[str, dict[str, str]] = defaultdict(dict)
        orphan_cases = 0
        for case in self.refi.cases:
            if not case.source_guids:
                orphan_cases += bool(case.variables)
            for guid in case.source_guids:
                variables[guid.lower()].update(case.variables)
        if orphan_cases:
            self.warn("refi_io_warn_orphan_cases", count=Plural("count_orphan_cases", orphan_cases))
        origins = (self.refi.atlas or {}).get("origins") or {}
        if not isinstance(origins, dict):
            origins = {}
        wanted = [_norm_guid(sel.guid) for src in self.refi.sources for sel in src.selections]
        taken: set[str] = set()
        wanted = sorted({g for g in wanted if g})
        for i in range(0, len(wanted), 500):
            taken.update(self.s.scalars(select(Coding.guid).where(Coding.guid.in_(wanted[i:i + 500]))))
        for source in self.refi.sources:
            own_warnings: list[str] = []
            if not source.text.strip():
                self.warn("refi_io_warn_empty_source", source=source.name)
                self.unplaced.extend(t("refi_io_unplaced_empty_source", source=source.name, start=sel.start,
                                       end=sel.end) for sel in source.selections)
                continue
            sha = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
            tr = self.s.scalar(select(Transcript).where(Transcript.sha256 == sha))
            if tr is None:
                tr = self.s.scalar(select(Transcript).where(Transcript.text == source.text).limit(1))
            back = None  # our own redacted export coming back: selections are in its redacted text
            if tr is None:
                tr, back = self._own_redacted(source)
            if tr is not None:
                self.sources_merged += 1
                msg = t("refi_io_warn_merged", file=self.name, source=source.name, id=tr.id, title=tr.title)
                own_warnings.append(msg)
                speakers = list(dict.fromkeys(sp for (sp,) in self.s.execute(
                    select(Segment.speaker).where(Segment.transcript_id == tr.id).order_by(Segment.ordinal)) if sp))
            else:
                guid = _norm_guid(source.guid)
                same_guid = self.s.scalar(select(Transcript).where(Transcript.guid == guid)) if guid else None
                if same_guid is not None:
                    own_warnings.append(t("refi_io_warn_same_guid", file=self.name, source=source.name,
                                          id=same_guid.id, title=same_guid.title))
                tr, speakers = self._new_transcript(source, variables.get(source.guid.lower(), {}))
                self.sources_new += 1
            self.transcript_of[source.guid.lower()] = tr
            segs = list(self.s.scalars(select(Segment).where(Segment.transcript_id == tr.id)
                                       .order_by(Segment.start, Segment.ordinal)))
            starts = [seg.start for seg in segs]
            seg_ids = [seg.id for seg in segs]
            keys = set()
            for i in range(0, len(seg_ids), 500):
                keys.update(self.s.execute(select(Coding.segment_id, Coding.code_id, Coding.coder, Coding.start,
                                                  Coding.end).where(Coding.segment_id.in_(seg_ids[i:i + 500]))))
            before = len(self.unplaced)
            text = tr.text if back is not None else source.text
            for sel in source.selections:
                if back is not None:
                    sel = dataclasses.replace(sel, start=back.back(sel.start, end=False),
                                              end=back.back(sel.end, end=True))
                seg, whole = self._locate(segs, starts, text, sel.start, sel.end)
                if seg is None:
                    self.unplaced.append(t("refi_io_unplaced_outside", source=source.name, start=sel.start,
                                           end=sel.end))
                    continue
                self.segment_of_selection.setdefault(sel.guid.lower(), seg.id)
                code_id = self.code_id[sel.code_guid.lower()]
                coder = self.user_name.get((sel.user_guid or "").lower()) or DEFAULT_CODER
                a, b = (None, None) if whole else (sel.start, sel.end)
                if (seg.id, code_id, coder, a, b) in keys:
                    self.duplicates += 1
                    continue
                keys.add((seg.id, code_id, coder, a, b))
                self.crossing += (not whole and sel.end > seg.end)
                origin = origins.get(sel.guid) or origins.get(sel.guid.lower())
                guid = _norm_guid(sel.guid)
                if guid is None or guid in taken:
                    guid = str(uuid.uuid4())
                taken.add(guid)
                selector = self.user_name.get((sel.selection_user_guid or "").lower()) \
                    if sel.selection_user_guid else None
                self.s.add(Coding(segment_id=seg.id, code_id=code_id, coder=coder,
                                  origin=origin if origin in ("manual", "auto", "import") else "import",
                                  status="accepted", start=a, end=b,
                                  created_at=_parse_moment(sel.created) or utcnow(), guid=guid,
                                  selected_by=selector if selector and selector != coder else None))
                self.codings += 1
            own_warnings.extend(f"{self.name}: {u}" for u in self.unplaced[before:])
            self.imported.append(ImportedFile(file=f"{self.path} » {source.name}", transcript_id=tr.id,
                                              segments=len(segs), speakers=tuple(speakers),
                                              warnings=tuple(own_warnings)))
        if self.crossing:
            self.warn("refi_io_warn_crossing", count=Plural("count_codings_crossing", self.crossing))
        self.s.flush()

    # -- notes ----------------------------------------------------------------------------------------------------
    def import_notes(self) -> None:
        existing = set(self.s.execute(select(Memo.target_kind, Memo.target_id, Memo.title, Memo.text)))
        taken = set(self.s.scalars(select(Memo.guid)))
        for note in self.refi.notes:
            key = (note.target_guid or "").lower()
            kind, target, title = "project", None, note.name or ""
            if key in self.code_id:
                kind, target = "code", self.code_id[key]
            elif key in self.transcript_of:
                kind, target = "transcript", self.transcript_of[key].id
                m = _SEGMENT_NOTE.match(title)
                if m:
                    seg_id = self.s.scalar(select(Segment.id).where(Segment.transcript_id == target,
                                                                    Segment.ordinal == int(m.group(1))))
                    if seg_id is not None:
                        kind, target, title = "segment", seg_id, (m.group(2) or "").strip()
            elif key in self.segment_of_selection:
                kind, target = "segment", self.segment_of_selection[key]
            text = note.text or ""
            if (kind, target, title, text) in existing or not (text.strip() or title.strip()):
                continue
            if self._own_redacted_memo(note):
                continue
            existing.add((kind, target, title, text))
            guid = _norm_guid(note.guid)
            if guid is None or guid in taken:
                guid = str(uuid.uuid4())
            taken.add(guid)
            author = self.user_name.get((note.user_guid or "").lower(), "")
            self.s.add(Memo(target_kind=kind, target_id=target, author=author, title=title, text=text, guid=guid))
            self.memos += 1

    def run(self) -> QdpxImport:
        self.import_users()
        self.import_codes()
        self.import_sources()
        self.import_notes()
        self.s.flush()
        return QdpxImport(
            file=str(self.path), imported=tuple(self.imported), sources_new=self.sources_new,
            sources_merged=self.sources_merged, codes_added=self.codes_added, codes_matched=self.codes_matched,
            users=tuple(self.users), codings=self.codings, duplicates=self.duplicates, memos=self.memos,
            cases=len(self.refi.cases), corrected=self.result.corrected, unplaced=tuple(self.unplaced),
            warnings=tuple([*self.result.warnings, *self.warnings]),
        )


def import_qdpx_report(project: Project, path: str | Path) -> QdpxImport:
    """Import a ``.qdpx`` in one transaction and say everything that happened (see the module docstring).

    Raises:
        ImportFailed: the file is missing, not a zip, has no project file or broken XML (nothing changed).
        AtlasQualError: something in the file cannot be stored (nothing changed).

    Examples:
        >>> # r = import_qdpx_report(project, "/work/shared/refi-qda/atlasti_sample_TestProject.qdpx")
        >>> # r.codes_added, len(r.unplaced) -> (14, 7)
    """
    from atlas_qual.refi import read_qdpx

    path = Path(path)
    result = read_qdpx(path)
    return project.write(lambda s: _Importer(s, result, path).run())


def import_qdpx(project: Project, path: str | Path) -> QdpxFiles:
    """Import a REFI-QDA project (what ``atlas-qual import FILE.qdpx`` runs): one :class:`ImportedFile` per source
    that became (or was added to) a transcript; ``.warnings`` holds the summary and every problem to show, and
    ``.report`` the whole :class:`QdpxImport`.

    Examples:
        >>> # files = import_qdpx(project, "nvivo.qdpx"); [f.transcript_id for f in files]; files.warnings[0]
    """
    return QdpxFiles(import_qdpx_report(project, path))


__all__ = ["QdpxExport", "QdpxImport", "QdpxFiles", "build_refi_project", "export_qdpx", "export_codebook",
           "import_qdpx", "import_qdpx_report"]
