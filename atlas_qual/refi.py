"""REFI-QDA exchange: reading projects (.qdpx); re-exports the data, writers and validation of the refi_* modules.

The data (dataclasses, GUIDs) live in :mod:`atlas_qual.refi_model`, writing in :mod:`atlas_qual.refi_write`, the
container and XSD validation in :mod:`atlas_qual.refi_archive`, text normalization in :mod:`atlas_qual.refi_positions`.

Text positions are zero-based Unicode code points of the source text (the REFI-QDA convention). On import, texts
are normalized to NFC with LF line ends and every position is moved with the text; positions that other tools
wrote in UTF-16 code units (NVivo) are detected and converted; codings that still cannot be placed on the text are
listed in :attr:`RefiImportResult.unplaced`, never dropped silently.

Examples:
    >>> import tempfile, pathlib
    >>> code = RefiCode(stable_guid("code", "Fortalezas"), "Fortalezas", "Lo que funciona", "#2e7d32")
    >>> user = RefiUser(stable_guid("user", "ana.gimenez"), "ana.gimenez")
    >>> text = "Entrevistadora: ¿Qué funciona?\\nFiscal: La mesa técnica funciona bien."
    >>> sel = RefiSelection(stable_guid("sel", "1"), 39, 69, code.guid, user.guid)
    >>> src = RefiSource(stable_guid("src", "e1"), "Entrevista 1", text, (sel,))
    >>> project = RefiProject("Evaluación MAUEP", (user,), (code,), (src,), (), ())
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "p.qdpx"
    >>> write_qdpx(project, path)
    >>> read_qdpx(path).project == project
    True
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from atlas_qual.i18n import Plural
from atlas_qual.refi_archive import _Archive
from atlas_qual.refi_archive import validate as validate
from atlas_qual.refi_codebook import read_code
from atlas_qual.refi_model import ATLAS_MEMBER as ATLAS_MEMBER
from atlas_qual.refi_model import CODEBOOK_NS as CODEBOOK_NS
from atlas_qual.refi_model import PROJECT_NS as PROJECT_NS
from atlas_qual.refi_model import _q
from atlas_qual.refi_model import RefiCase as RefiCase
from atlas_qual.refi_model import RefiCode as RefiCode
from atlas_qual.refi_model import RefiImportResult as RefiImportResult
from atlas_qual.refi_model import RefiNote as RefiNote
from atlas_qual.refi_model import RefiProject as RefiProject
from atlas_qual.refi_model import RefiSelection as RefiSelection
from atlas_qual.refi_model import RefiSource as RefiSource
from atlas_qual.refi_model import RefiUnplaced as RefiUnplaced
from atlas_qual.refi_model import RefiUser as RefiUser
from atlas_qual.refi_model import iter_codes as iter_codes
from atlas_qual.refi_model import stable_guid as stable_guid
from atlas_qual.refi_positions import _Clusters, _on_word_edges, _Utf16, counts_line_ends_otherwise
from atlas_qual.refi_write import codebook_xml as codebook_xml
from atlas_qual.refi_write import project_xml as project_xml
from atlas_qual.refi_write import write_qdc as write_qdc
from atlas_qual.refi_write import write_qdpx as write_qdpx

__all__ = [
    "ATLAS_MEMBER",
    "CODEBOOK_NS",
    "PROJECT_NS",
    "RefiCase",
    "RefiCode",
    "RefiImportResult",
    "RefiNote",
    "RefiProject",
    "RefiSelection",
    "RefiSource",
    "RefiUnplaced",
    "RefiUser",
    "codebook_xml",
    "iter_codes",
    "project_xml",
    "read_qdpx",
    "stable_guid",
    "validate",
    "write_qdc",
    "write_qdpx",
]


@dataclass
class _RawSource:
    guid: str
    name: str
    raw: str | None  # the text as stored in the file; None when the file does not carry it
    path: str
    created: str | None
    user: str | None
    embedded: bool = False  # PlainTextContent inside the XML (whose parsers fold CRLF to LF) rather than a file
    rich: str | None = None  # richTextPath (.docx), when the tool wrote one


@dataclass
class _PendingSelection:
    source: int  # index into _Reader.raw_sources
    guid: str
    name: str
    start: int | None
    end: int | None
    # (code GUID as written, user GUID of the coding, created, user GUID of the selection)
    codings: list[tuple[str | None, str | None, str | None, str | None]]


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def _kids(el, tag: str):
    return el.iterchildren(_q(tag)) if el is not None else iter(())


def _kid(el, tag: str):
    return next(_kids(el, tag), None)


def _attr_guid(el, name: str) -> str | None:
    value = el.get(name)
    return value.strip() if value and value.strip() else None


def _nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "")


def _to_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _variable_text(vv) -> str:
    for tag in ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"):
        value = _kid(vv, tag)
        if value is not None:
            return _nfc(value.text if tag == "TextValue" else (value.text or "").strip())
    return ""


class _Reader(_Archive):
    """One import of one .qdpx: the container (:class:`_Archive`), the registries of GUIDs found so far."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        # GUIDs are matched case-insensitively (tools differ) but kept as the file spells them.
        self.users: dict[str, RefiUser] = {}
        self.code_keys: dict[str, str] = {}
        self.source_keys: dict[str, str] = {}
        self.note_links: list[tuple[str, str]] = []  # (note GUID, GUID of what it is about)
        self.raw_sources: list[_RawSource] = []
        self.pending: list[_PendingSelection] = []
        self.source_values: list[tuple[int, list]] = []  # variables attached to a source (MAXQDA)
        self.comment_notes: list[RefiNote] = []
        self.nontext: dict[str, int] = {}
        self.nontext_codings = 0
        self.uncoded = 0

    def user_guid(self, guid: str | None, *, invent: bool) -> str | None:
        """The canonical GUID of a user; a coder missing from <Users> is added (named by GUID) when ``invent``."""
        if guid is None:
            return None
        if guid.lower() not in self.users:
            if not invent:
                return None
            self.users[guid.lower()] = RefiUser(guid, guid)
            self.warn("refi_warn_unknown_user", guid=guid)
        return self.users[guid.lower()].guid

    # -- users and codes ----------------------------------------------------------------------------------------
    def read_users(self, root) -> None:
        for el in _kids(_kid(root, "Users"), "User"):
            guid = el.get("guid", "")
            self.users[guid.lower()] = RefiUser(guid, _nfc(el.get("name") or el.get("id") or guid))

    def read_codes(self, root) -> tuple[RefiCode, ...]:
        codes = _kids(_kid(_kid(root, "CodeBook"), "Codes"), "Code")
        return tuple(read_code(el, on_code=self._saw_code) for el in codes)

    def _saw_code(self, el, guid: str) -> None:
        """Note a code's GUID (matched case-insensitively) and the notes it links to."""
        self.code_keys[guid.lower()] = guid
        self.note_links.extend((ref.get("targetGUID", ""), guid) for ref in _kids(el, "NoteRef"))

    # -- sources ------------------------------------------------------------------------------------------------
    def read_sources(self, root) -> None:
        default_user = _attr_guid(root, "creatingUserGUID")
        sources_el = _kid(root, "Sources")
        for el in sources_el.iterchildren() if sources_el is not None else ():
            if not isinstance(el.tag, str):  # comments, processing instructions
                continue
            kind = el.tag.split("}")[-1]
            if kind == "TextSource":
                self._text_source(el, _nfc(el.get("name")), default_user)
                continue
            mirrored: set[str] = set()  # PDF selections repeated on the PDF's text layer (ATLAS.ti does this)
            rep = _kid(el, "Representation") if kind == "PDFSource" else None
            if rep is not None and self._text_source(rep, _nfc(el.get("name") or rep.get("name")),
                                                     _attr_guid(el, "creatingUser"), guid=el.get("guid", "")):
                mirrored = {sel.get("guid", "").lower() for sel in _kids(rep, "PlainTextSelection")}
                kind = "PDFSelection"
            stray = [c for c in el.iter(_q("Coding")) if c.getparent().tag != _q("PlainTextSelection")
                     and c.getparent().get("guid", "").lower() not in mirrored]
            if kind == "PDFSelection" and not stray:
                continue
            self.nontext[kind] = self.nontext.get(kind, 0) + 1
            self.nontext_codings += len(stray)

    def _text_source(self, el, name: str, default_user: str | None, guid: str | None = None) -> bool:
        """Collect a TextSource-like element; False (and nothing kept) for a PDF layer without text."""
        content = _kid(el, "PlainTextContent")
        path_attr = el.get("plainTextPath")
        raw = content.text if content is not None and content.text else None
        if raw is None and path_attr:
            raw = self.member_text(path_attr)
        if raw is None and guid is not None:
            return False
        index = len(self.raw_sources)
        guid = guid or el.get("guid", "")
        user = _attr_guid(el, "creatingUser") or default_user
        self.raw_sources.append(_RawSource(guid, name, raw or None, path_attr or "PlainTextContent",
                                           el.get("creationDateTime"), user, bool(content is not None and content.text),
                                           el.get("richTextPath")))
        self.note_links.extend((ref.get("targetGUID", ""), guid) for ref in _kids(el, "NoteRef"))
        values = list(_kids(el, "VariableValue"))
        if values:
            self.source_values.append((index, values))
        for sel in _kids(el, "PlainTextSelection"):
            sel_guid = sel.get("guid", "")
            sel_user = _attr_guid(sel, "creatingUser") or user
            codings = []
            for coding in _kids(sel, "Coding"):
                ref = _kid(coding, "CodeRef")
                codings.append((ref.get("targetGUID") if ref is not None else None,
                                _attr_guid(coding, "creatingUser") or sel_user,
                                coding.get("creationDateTime") or sel.get("creationDateTime"),
                                _attr_guid(sel, "creatingUser")))
                self.note_links.extend((r.get("targetGUID", ""), sel_guid) for r in _kids(coding, "NoteRef"))
            self.note_links.extend((r.get("targetGUID", ""), sel_guid) for r in _kids(sel, "NoteRef"))
            desc = _kid(sel, "Description")
            if desc is not None and (desc.text or "").strip():
                # A comment on a quotation (ATLAS.ti) is a memo on that passage, or on its source if uncoded.
                self.comment_notes.append(RefiNote(
                    stable_guid("refi-selection-comment", sel_guid), _nfc(sel.get("name")), _nfc(desc.text),
                    sel_guid if codings else guid, sel_user,
                ))
            if not codings:
                self.uncoded += 1
                continue
            self.pending.append(_PendingSelection(index, sel_guid, _nfc(sel.get("name")),
                                                  _to_int(sel.get("startPosition")), _to_int(sel.get("endPosition")),
                                                  codings))
        return True

    def utf16_positions(self, origin: str, units: list[_Utf16 | None]) -> bool:
        """Whether this file counts positions in UTF-16 code units (NVivo) rather than code points.

        Evidence, where the two readings differ (astral characters such as emoji before a selection): a selection
        that fits the text only under one reading, a selection whose name (tools put the quoted text there)
        matches the text only under one reading, else (weighing less) a selection that begins and ends on word
        edges only under one reading (Qt and .NET tools other than NVivo count UTF-16 too). A tie goes to code
        points (the standard) unless NVivo wrote it.
        """
        votes_cp = votes_u16 = 0
        for p in self.pending:
            u = units[p.source]
            if u is None or not u.astral or p.start is None or p.end is None:
                continue
            fits_cp = 0 <= p.start < p.end <= u.length
            cs, ce = u.to_code_point(p.start), u.to_code_point(p.end)
            fits_u16 = cs is not None and ce is not None and cs < ce
            if fits_cp != fits_u16:
                votes_cp += fits_cp
                votes_u16 += fits_u16
            elif fits_cp and (cs, ce) != (p.start, p.end):
                quoted = _compact(p.name.rstrip("…").removesuffix("..."))
                raw = self.raw_sources[p.source].raw
                as_cp = as_u16 = False
                if len(quoted) >= 3:
                    as_cp = _compact(raw[p.start:p.end]).startswith(quoted)
                    as_u16 = _compact(raw[cs:ce]).startswith(quoted)
                weight = 2
                if as_cp == as_u16:  # no quote to go by: a selection begins and ends on word edges
                    as_cp, as_u16, weight = _on_word_edges(raw, p.start, p.end), _on_word_edges(raw, cs, ce), 1
                votes_cp += weight * (as_cp and not as_u16)
                votes_u16 += weight * (as_u16 and not as_cp)
        return votes_u16 > votes_cp or (votes_u16 == votes_cp and "nvivo" in origin.lower())

    def choose_line_ends(self) -> None:
        """Read each source's positions with the line ends its tool counted (CRLF as two characters or one)."""
        by_source: dict[int, list[_PendingSelection]] = {}
        for p in self.pending:
            by_source.setdefault(p.source, []).append(p)
        moved = 0
        for index, src in enumerate(self.raw_sources):
            raw, pending = src.raw, by_source.get(index)
            if raw is None or not pending:
                continue
            if "\r\n" in raw:
                other = raw.replace("\r\n", "\n")
            elif src.embedded and self.crlf_xml and "\n" in raw:
                other = raw.replace("\n", "\r\n")  # the tool's text had CRLF, the XML parser folded it
            else:
                continue
            if counts_line_ends_otherwise(raw, other, [(p.start, p.end, p.name) for p in pending]):
                src.raw = other
                moved += sum(len(p.codings) for p in pending)
        if moved:
            self.warn("refi_warn_line_ends", count=Plural("count_codings_line_ends", moved))

    def place(self, origin: str) -> tuple[list[RefiSource], list[RefiUnplaced], int]:
        """Put every pending coding on its normalized text, or explain why it cannot be placed."""
        self.choose_line_ends()
        units = [_Utf16(s.raw) if s.raw is not None else None for s in self.raw_sources]
        utf16 = self.utf16_positions(origin, units)
        texts = [_Clusters(s.raw) if s.raw is not None else None for s in self.raw_sources]
        placed: list[list[RefiSelection]] = [[] for _ in self.raw_sources]
        lost_by_source = [0] * len(self.raw_sources)
        unplaced: list[RefiUnplaced] = []
        corrected = 0
        for p in self.pending:
            src, u, text = self.raw_sources[p.source], units[p.source], texts[p.source]
            span, reason, converted = None, None, False
            if u is None:
                reason = "source_text_missing"
                lost_by_source[p.source] += len(p.codings)
            elif p.start is None or p.end is None:
                reason = "bad_position"
            elif p.start >= p.end:
                reason = "empty"
            else:
                fits_cp = 0 <= p.start and p.end <= u.length
                cs, ce = u.to_code_point(p.start), u.to_code_point(p.end)
                fits_u16 = cs is not None and ce is not None and cs < ce
                if fits_u16 and (utf16 or not fits_cp):
                    span, converted = (cs, ce), (cs, ce) != (p.start, p.end)
                elif fits_cp:
                    span = (p.start, p.end)
                else:
                    reason = "out_of_range"
            for code_ref, user, created, sel_user in p.codings:
                code_guid = self.code_keys.get((code_ref or "").strip().lower())
                if span is None or code_guid is None:
                    unplaced.append(RefiUnplaced(
                        src.guid, src.name, p.guid, p.start, p.end, code_guid or code_ref,
                        self.user_guid(user, invent=False) or user, reason or "unknown_code",
                        None if text is None else len(text.text),
                    ))
                    continue
                start, end = text.span(*span)
                coder = self.user_guid(user, invent=True)
                selector = self.user_guid(sel_user, invent=True) if sel_user else None
                placed[p.source].append(RefiSelection(p.guid, start, end, code_guid, coder, created,
                                                      selector if selector != coder else None))
                corrected += converted
        sources = []
        for i, src in enumerate(self.raw_sources):
            if texts[i] is None:
                if src.rich and src.path == "PlainTextContent":  # only the Word version, which positions do not fit
                    self.warn("refi_warn_source_only_rich", source=src.name, path=src.rich,
                              codings=Plural("count_codings_left_unplaced", lost_by_source[i]))
                else:
                    self.warn("refi_warn_source_text_missing", source=src.name, path=src.path,
                              codings=Plural("count_codings_left_unplaced", lost_by_source[i]))
                continue
            sources.append(RefiSource(src.guid, src.name, texts[i].text, tuple(placed[i]), src.created,
                                      self.user_guid(src.user, invent=False)))
            self.source_keys[src.guid.lower()] = src.guid
        return sources, unplaced, corrected

    # -- cases and notes ----------------------------------------------------------------------------------------
    def read_cases(self, root) -> list[RefiCase]:
        variables = {el.get("guid", "").lower(): _nfc(el.get("name"))
                     for el in _kids(_kid(root, "Variables"), "Variable")}

        def values_of(elements, owner: str) -> dict[str, str]:
            out: dict[str, str] = {}
            for vv in elements:
                ref = _kid(vv, "VariableRef")
                guid = (ref.get("targetGUID", "") if ref is not None else "").strip()
                if guid.lower() not in variables:
                    self.warn("refi_warn_unknown_variable", case=owner, guid=guid or "-")
                    continue
                out[variables[guid.lower()]] = _variable_text(vv)
            return out

        cases = []
        for el in _kids(_kid(root, "Cases"), "Case"):
            name = _nfc(el.get("name") or el.get("guid"))
            refs = (self.source_keys.get(r.get("targetGUID", "").strip().lower()) for r in _kids(el, "SourceRef"))
            cases.append(RefiCase(el.get("guid", ""), name, values_of(_kids(el, "VariableValue"), name),
                                  tuple(r for r in refs if r)))
        for index, elements in self.source_values:
            src = self.raw_sources[index]
            if src.guid.lower() in self.source_keys:
                cases.append(RefiCase(stable_guid("refi-source-case", src.guid), src.name,
                                      values_of(elements, src.name), (src.guid,)))
        return cases

    def read_notes(self, root, sources: list[RefiSource]) -> list[RefiNote]:
        selection_keys = {sel.guid.lower(): sel.guid for s in sources for sel in s.selections}

        def resolve(guid: str | None) -> str | None:
            key = (guid or "").strip().lower()
            return self.code_keys.get(key) or self.source_keys.get(key) or selection_keys.get(key)

        links: dict[str, list[str]] = {}
        for note_ref, target in self.note_links:
            resolved = resolve(target)
            found = links.setdefault(note_ref.strip().lower(), [])
            if resolved is not None and resolved not in found:
                found.append(resolved)
        notes = []
        for el in _kids(_kid(root, "Notes"), "Note"):
            guid = el.get("guid", "")
            name = _nfc(el.get("name") or guid)
            content = _kid(el, "PlainTextContent")
            body = content.text if content is not None and content.text else None
            if body is None and el.get("plainTextPath"):
                body = self.member_text(el.get("plainTextPath"))
            desc = _kid(el, "Description")
            text = "\n\n".join(x for x in (desc.text if desc is not None else None, body) if x and x.strip())
            targets = links.get(guid.lower(), [])
            if len(targets) > 1:
                self.warn("refi_warn_several_note_targets", note=name)
            notes.append(RefiNote(guid, name, _nfc(text.replace("\r\n", "\n")), targets[0] if targets else None,
                                  self.user_guid(_attr_guid(el, "creatingUser"), invent=False)))
        for note in self.comment_notes:
            notes.append(RefiNote(note.guid, note.name, note.text, resolve(note.target_guid),
                                  self.user_guid(note.user_guid, invent=False)))
        return notes

    def warn_left_out(self, root, corrected: int, unplaced: int) -> None:
        if self.nontext:
            kinds = ", ".join(f"{kind} x{count}" for kind, count in self.nontext.items())
            self.warn("refi_warn_nontext_sources", count=Plural("count_nontext_sources", sum(self.nontext.values())),
                      kinds=kinds, codings=Plural("count_codings", self.nontext_codings))
        if corrected:
            self.warn("refi_warn_utf16", count=Plural("count_codings_utf16", corrected))
        if self.uncoded:
            self.warn("refi_warn_uncoded_selections", count=Plural("count_uncoded_selections", self.uncoded))
        if unplaced:
            self.warn("refi_warn_unplaced", count=Plural("count_codings_not_placed", unplaced))
        parts = [f"{tag} ({len(el)})" for tag in ("Links", "Sets", "Graphs")
                 if (el := _kid(root, tag)) is not None and len(el)]
        if parts:
            self.warn("refi_warn_not_imported", parts=", ".join(parts))


def read_qdpx(path: str | os.PathLike) -> RefiImportResult:
    """Read a REFI-QDA project (``.qdpx``) written by atlas-qual, NVivo, ATLAS.ti, MAXQDA, QualCoder...

    Accepts ``sources/`` or ``Sources/``, any ``*.qde`` name, texts from ``internal://`` files or embedded
    ``PlainTextContent``, CRLF text (normalized to LF) and decomposed accents (normalized to NFC), moving every
    position with the text. Positions written in UTF-16 code units (NVivo) are detected and converted (counted in
    ``corrected``); a coding that still does not fall on its text is listed in ``unplaced`` with the reason.
    Users, the code tree, codings (one :class:`RefiSelection` per code), cases with variable values (variables
    attached to a source become a case of that source) and notes come in. Non-text sources, sets, links and
    graphs are skipped with a warning. Nothing is written anywhere.

    Raises:
        ImportFailed: not a file, not a zip, no ``.qde``, broken XML, or XML that is not a REFI-QDA project
            (the message names the file and says what to do).

    Examples:
        >>> result = read_qdpx("/work/shared/refi-qda/atlasti_sample_TestProject.qdpx")  # doctest: +SKIP
        >>> sum(1 for _ in iter_codes(result.project.codes))  # doctest: +SKIP
        14
    """
    reader = _Reader(Path(path))
    root = reader.open()
    try:
        reader.read_users(root)
        codes = reader.read_codes(root)
        reader.note_links.extend((ref.get("targetGUID", ""), "") for ref in _kids(root, "NoteRef"))
        reader.read_sources(root)
        origin = root.get("origin") or ""
        sources, unplaced, corrected = reader.place(origin)
        cases = reader.read_cases(root)
        notes = reader.read_notes(root, sources)
        reader.warn_left_out(root, corrected, len(unplaced))
        atlas = reader.atlas_details()
    finally:
        reader.close()
    project = RefiProject(
        name=_nfc(root.get("name")),
        users=tuple(reader.users.values()),
        codes=codes,
        sources=tuple(sources),
        cases=tuple(cases),
        notes=tuple(notes),
        origin=origin,
        atlas=atlas,
    )
    return RefiImportResult(project, tuple(reader.warnings), corrected, tuple(unplaced))
