"""REFI-QDA exchange: projects (.qdpx) and codebooks (.qdc) to and from small frozen dataclasses.

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

import bisect
import io
import json
import operator
import os
import re
import tempfile
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath

from atlas_qual.errors import AtlasQualError, ImportFailed

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_GUID_NAMESPACE = uuid.UUID("6f1b7a52-3d0e-4c55-9a43-5a1e0c7d2b91")
_GUID_RE = re.compile(
    r"^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$"
)
_COLOR_RE = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
_DATETIME_RE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
# Characters XML 1.0 cannot carry (control characters other than tab and line ends).
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAME_PREVIEW = 100
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)
ATLAS_MEMBER = "atlas-qual.json"  # atlas-qual's own details beside project.qde


# ---------------------------------------------------------------------------------------------------------------
# The data


@dataclass(frozen=True)
class RefiUser:
    """A user (coder) of the project."""

    guid: str
    name: str


@dataclass(frozen=True)
class RefiCode:
    """A code of the codebook; ``children`` are its sub-codes. ``color`` is ``#rrggbb`` or None."""

    guid: str
    name: str
    description: str = ""
    color: str | None = None
    children: tuple[RefiCode, ...] = ()
    is_codable: bool = True


@dataclass(frozen=True)
class RefiSelection:
    """One coding: the code ``code_guid`` applied by ``user_guid`` to code points ``[start, end)`` of a source.

    ``guid`` is the REFI-QDA PlainTextSelection's GUID. A selection coded with several codes in another tool
    comes in as one RefiSelection per code, all with the same guid (and span); written back, selections that
    share a guid become one PlainTextSelection with several Codings.
    """

    guid: str
    start: int
    end: int
    code_guid: str
    user_guid: str | None = None
    created: str | None = None
    # who made the selection, when another user applied the code to it (NVivo, ATLAS.ti keep both; issue 15)
    selection_user_guid: str | None = None


@dataclass(frozen=True)
class RefiSource:
    """A plain-text source (a transcript): normalized text and the codings on it."""

    guid: str
    name: str
    text: str
    selections: tuple[RefiSelection, ...] = ()
    created: str | None = None
    user_guid: str | None = None


@dataclass(frozen=True)
class RefiCase:
    """A case (an interviewee): text-valued attributes and the sources that belong to it."""

    guid: str
    name: str
    variables: dict[str, str] = field(default_factory=dict)
    source_guids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefiNote:
    """A memo. ``target_guid``: the code, source or selection it is about; None for a project memo."""

    guid: str
    name: str
    text: str
    target_guid: str | None = None
    user_guid: str | None = None


@dataclass(frozen=True)
class RefiProject:
    """A whole project as exchanged through a ``.qdpx`` file."""

    name: str
    users: tuple[RefiUser, ...] = ()
    codes: tuple[RefiCode, ...] = ()
    sources: tuple[RefiSource, ...] = ()
    cases: tuple[RefiCase, ...] = ()
    notes: tuple[RefiNote, ...] = ()
    origin: str = "atlas-qual"
    # atlas-qual's own details, written beside project.qde as atlas-qual.json (other tools ignore the file): each
    # source's segments and speakers, each coding's origin, so an atlas-qual -> atlas-qual round trip loses nothing
    atlas: dict | None = None


@dataclass(frozen=True)
class RefiUnplaced:
    """A coding of the imported file that could not be placed on its source text, and why.

    ``reason`` is one of ``source_text_missing``, ``out_of_range``, ``empty``, ``bad_position``,
    ``unknown_code``; ``start``/``end`` are the positions as written in the file; ``text_length`` is the length of
    the source text in code points (None when the text is missing).
    """

    source_guid: str
    source_name: str
    selection_guid: str
    start: int | None
    end: int | None
    code_guid: str | None
    user_guid: str | None
    reason: str
    text_length: int | None = None

    def message(self, lang: str | None = None) -> str:
        """The reason in words, e.g. for the import report."""
        from atlas_qual.i18n import t

        return t(
            f"refi_unplaced_{self.reason}",
            lang=lang,
            source=self.source_name,
            start=self.start,
            end=self.end,
            length=self.text_length,
            code=self.code_guid,
            selection=self.selection_guid,
        )


@dataclass(frozen=True)
class RefiImportResult:
    """What :func:`read_qdpx` found: the project, warnings to show, UTF-16 corrections and unplaced codings.

    ``corrected`` counts codings whose positions were converted from UTF-16 code units to code points.
    """

    project: RefiProject
    warnings: tuple[str, ...] = ()
    corrected: int = 0
    unplaced: tuple[RefiUnplaced, ...] = ()


def stable_guid(*parts: object) -> str:
    """A GUID derived from ``parts`` (UUID 5): the same object gets the same GUID in every export.

    Examples:
        >>> stable_guid("code", 7) == stable_guid("code", 7) != stable_guid("code", 8)
        True
    """
    return str(uuid.uuid5(_GUID_NAMESPACE, "\x1f".join(str(p) for p in parts)))


def iter_codes(codes: Iterable[RefiCode], parents: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], RefiCode]]:
    """Every code of a codebook tree, depth first, with its path of names.

    Examples:
        >>> tree = (RefiCode(stable_guid("a"), "Evaluación", children=(RefiCode(stable_guid("b"), "Fortalezas"),)),)
        >>> [path for path, _ in iter_codes(tree)]
        [('Evaluación',), ('Evaluación', 'Fortalezas')]
    """
    for code in codes:
        path = (*parents, code.name)
        yield path, code
        yield from iter_codes(code.children, path)


# ---------------------------------------------------------------------------------------------------------------
# Writing


def _q(tag: str, ns: str = PROJECT_NS) -> str:
    return f"{{{ns}}}{tag}"


def _clean(value: str) -> str:
    return _XML_ILLEGAL.sub("", value)


def _check_guid(guid: str, what: str) -> str:
    if not isinstance(guid, str) or not _GUID_RE.match(guid):
        raise ValueError(f"{what}: {guid!r} is not a GUID (use stable_guid() or uuid.uuid4())")
    return guid


def _check_datetime(value: object, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"{what}: {value!r} is not a date-time")
    if _DATETIME_RE.match(value):
        return value
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{what}: {value!r} is not an ISO date-time such as 2025-03-14T10:30:00Z") from None


def _code_element(parent, code: RefiCode, ns: str, note_refs: dict[str, list[str]] | None) -> None:
    from lxml import etree

    attrs = {
        "guid": _check_guid(code.guid, f"code {code.name!r}"),
        "name": _clean(code.name),
        "isCodable": "true" if code.is_codable else "false",
    }
    if code.color:
        if not _COLOR_RE.match(code.color):
            raise ValueError(f"code {code.name!r}: colour {code.color!r} is not #rrggbb")
        attrs["color"] = code.color
    el = etree.SubElement(parent, _q("Code", ns), attrs)
    if code.description:
        etree.SubElement(el, _q("Description", ns)).text = _clean(code.description)
    if note_refs is not None:
        for note_guid in note_refs.get(code.guid, ()):
            etree.SubElement(el, _q("NoteRef", ns), targetGUID=note_guid)
    for child in code.children:
        _code_element(el, child, ns, note_refs)


def _serialize(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, standalone=True)


def _atomic_write(path: str | os.PathLike, fill) -> None:
    """Write through a temporary file in the same folder so a failed export never leaves half a file."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _position(value: object) -> int:
    try:
        return operator.index(value)
    except TypeError:
        raise ValueError(f"position {value!r} is not an integer") from None


def _source_element(parent, source: RefiSource, codes: set[str], check_user, note_refs: dict[str, list[str]]) -> None:
    """A TextSource with its selections; selections sharing a GUID become one selection with several codings."""
    from lxml import etree

    check_user(source.user_guid, f"source {source.name!r}")
    attrs = {"guid": source.guid, "name": _clean(source.name), "plainTextPath": f"internal://{source.guid}.txt"}
    if source.user_guid:
        attrs["creatingUser"] = source.user_guid
    created = _check_datetime(source.created, f"source {source.name!r}")
    if created:
        attrs["creationDateTime"] = created
    src_el = etree.SubElement(parent, _q("TextSource"), attrs)
    groups: dict[str, list[RefiSelection]] = {}
    for sel in source.selections:
        group = groups.setdefault(_check_guid(sel.guid, f"selection in {source.name!r}"), [])
        if not any((s.code_guid, s.user_guid) == (sel.code_guid, sel.user_guid) for s in group):
            group.append(sel)
    for guid, group in groups.items():
        first = group[0]
        start, end = _position(first.start), _position(first.end)
        if not 0 <= start < end <= len(source.text):
            raise ValueError(f"selection {guid} [{start}, {end}) is outside the text of {source.name!r} "
                             f"({len(source.text)} code points)")
        for sel in group:
            if (sel.start, sel.end) != (first.start, first.end):
                raise ValueError(f"selections sharing GUID {guid} in {source.name!r} must share the span")
            if sel.code_guid not in codes:
                raise ValueError(f"selection {guid} in {source.name!r} refers to unknown code {sel.code_guid!r}")
            check_user(sel.user_guid, f"selection {guid}")
        preview = " ".join(source.text[start:end].split())
        if len(preview) > _NAME_PREVIEW:
            preview = preview[: _NAME_PREVIEW - 1] + "…"
        attrs = {"guid": guid, "name": _clean(preview), "startPosition": str(start), "endPosition": str(end)}
        # Readers fall back from a Coding to its selection, so the selection carries only what all codings share.
        if first.selection_user_guid and all(sel.selection_user_guid == first.selection_user_guid for sel in group):
            check_user(first.selection_user_guid, f"selection {guid}")
            attrs["creatingUser"] = first.selection_user_guid
        elif first.user_guid and all(sel.user_guid == first.user_guid for sel in group):
            attrs["creatingUser"] = first.user_guid
        created = _check_datetime(first.created, f"selection {guid}")
        if created and all(sel.created == first.created for sel in group):
            attrs["creationDateTime"] = created
        sel_el = etree.SubElement(src_el, _q("PlainTextSelection"), attrs)
        for sel in group:
            coding = {"guid": stable_guid("refi-coding", guid, sel.code_guid, sel.user_guid)}
            if sel.user_guid:
                coding["creatingUser"] = sel.user_guid
            created = _check_datetime(sel.created, f"selection {guid}")
            if created:
                coding["creationDateTime"] = created
            coding_el = etree.SubElement(sel_el, _q("Coding"), coding)
            etree.SubElement(coding_el, _q("CodeRef"), targetGUID=sel.code_guid)
        for note_guid in note_refs.get(guid, ()):
            etree.SubElement(sel_el, _q("NoteRef"), targetGUID=note_guid)
    for note_guid in note_refs.get(source.guid, ()):
        etree.SubElement(src_el, _q("NoteRef"), targetGUID=note_guid)


def project_xml(project: RefiProject) -> bytes:
    """The ``project.qde`` document of ``project`` (what :func:`write_qdpx` puts in the zip).

    Sources are referenced as ``internal://<guid>.txt``; the caller of this function must ship those files.

    Examples:
        >>> b"urn:QDA-XML:project:1.0" in project_xml(RefiProject("Vacío"))
        True
    """
    from lxml import etree

    users = {_check_guid(u.guid, f"user {u.name!r}"): u for u in project.users}
    all_codes = {code.guid: code for _, code in iter_codes(project.codes)}
    sources = {_check_guid(s.guid, f"source {s.name!r}"): s for s in project.sources}
    selection_guids = {sel.guid for s in project.sources for sel in s.selections}
    cases = {_check_guid(c.guid, f"case {c.name!r}"): c for c in project.cases}
    notes = {_check_guid(n.guid, f"note {n.name!r}"): n for n in project.notes}
    for kind, count, unique in (
        ("users", len(project.users), users),
        ("codes", sum(1 for _ in iter_codes(project.codes)), all_codes),
        ("sources", len(project.sources), sources),
        ("cases", len(project.cases), cases),
        ("notes", len(project.notes), notes),
    ):
        if count != len(unique):
            raise ValueError(f"two {kind} share a GUID; every GUID must be unique")

    def check_user(guid: str | None, what: str) -> None:
        if guid is not None and guid not in users:
            raise ValueError(f"{what} refers to user {guid!r}, not in project.users")

    note_refs: dict[str, list[str]] = {}
    for note in project.notes:
        check_user(note.user_guid, f"note {note.name!r}")
        if note.target_guid is None:
            continue
        if not any(note.target_guid in known for known in (all_codes, sources, selection_guids)):
            where = "a case" if note.target_guid in cases else "nothing in the project"
            raise ValueError(
                f"note {note.name!r} targets {note.target_guid!r}, which is {where}; REFI-QDA attaches notes to "
                "codes, sources and selections only"
            )
        note_refs.setdefault(note.target_guid, []).append(note.guid)

    root = etree.Element(_q("Project"), nsmap={None: PROJECT_NS}, name=_clean(project.name))
    if project.origin:
        root.set("origin", _clean(project.origin))
    if project.users:
        el = etree.SubElement(root, _q("Users"))
        for user in project.users:
            etree.SubElement(el, _q("User"), guid=user.guid, name=_clean(user.name))
    if project.codes:
        codes_el = etree.SubElement(etree.SubElement(root, _q("CodeBook")), _q("Codes"))
        for code in project.codes:
            _code_element(codes_el, code, PROJECT_NS, note_refs)

    variable_names = list(dict.fromkeys(name for case in project.cases for name in case.variables))
    variable_guid = {name: stable_guid("refi-variable", name) for name in variable_names}
    if variable_names:
        el = etree.SubElement(root, _q("Variables"))
        for name in variable_names:
            etree.SubElement(el, _q("Variable"), guid=variable_guid[name], name=_clean(name), typeOfVariable="Text")
    if project.cases:
        el = etree.SubElement(root, _q("Cases"))
        for case in project.cases:
            case_el = etree.SubElement(el, _q("Case"), guid=case.guid, name=_clean(case.name))
            for name, value in case.variables.items():
                vv = etree.SubElement(case_el, _q("VariableValue"))
                etree.SubElement(vv, _q("VariableRef"), targetGUID=variable_guid[name])
                if value not in (None, ""):
                    etree.SubElement(vv, _q("TextValue")).text = _clean(str(value))
            for guid in case.source_guids:
                if guid not in sources:
                    raise ValueError(f"case {case.name!r} refers to source {guid!r}, not in project.sources")
                etree.SubElement(case_el, _q("SourceRef"), targetGUID=guid)

    if project.sources:
        el = etree.SubElement(root, _q("Sources"))
        for source in project.sources:
            _source_element(el, source, set(all_codes), check_user, note_refs)

    if project.notes:
        el = etree.SubElement(root, _q("Notes"))
        for note in project.notes:
            attrs = {"guid": note.guid, "name": _clean(note.name)}
            if note.user_guid:
                attrs["creatingUser"] = note.user_guid
            note_el = etree.SubElement(el, _q("Note"), attrs)
            # A note must carry its text (PlainTextContent or a path); embedding keeps the zip flat.
            etree.SubElement(note_el, _q("PlainTextContent")).text = _clean(note.text)
    return _serialize(root)


def write_qdpx(project: RefiProject, path: str | os.PathLike) -> None:
    """Write ``project`` as a REFI-QDA project file: ``project.qde`` plus ``sources/<guid>.txt`` (UTF-8).

    The XML validates against the REFI-QDA ``Project.xsd``. Cases' attributes become Text variables; memos become
    Notes referenced from their code, source or selection. The file is replaced atomically.

    Raises:
        ValueError: the project is inconsistent (a coding outside its text, an unknown code, user or note target,
            a GUID or colour in the wrong format, duplicate GUIDs).

    Examples:
        >>> import tempfile, pathlib, zipfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "vacío.qdpx"
        >>> write_qdpx(RefiProject("Vacío"), p)
        >>> zipfile.ZipFile(p).namelist()
        ['project.qde']
    """
    xml = project_xml(project)

    def fill(handle) -> None:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(zipfile.ZipInfo("project.qde", _ZIP_DATE), xml, compress_type=zipfile.ZIP_DEFLATED)
            for source in project.sources:
                info = zipfile.ZipInfo(f"sources/{source.guid}.txt", _ZIP_DATE)
                zf.writestr(info, source.text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
            if project.atlas:
                zf.writestr(zipfile.ZipInfo(ATLAS_MEMBER, _ZIP_DATE),
                            json.dumps(project.atlas, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                            compress_type=zipfile.ZIP_DEFLATED)

    _atomic_write(path, fill)


def codebook_xml(codes: Iterable[RefiCode], *, origin: str = "atlas-qual") -> bytes:
    """The ``.qdc`` document of a codebook tree (valid against ``Codebook.xsd``).

    Raises:
        AtlasQualError: the codebook is empty (REFI-QDA requires at least one code).

    Examples:
        >>> b'name="Fortalezas"' in codebook_xml([RefiCode(stable_guid("c"), "Fortalezas")])
        True
    """
    from lxml import etree

    from atlas_qual.errors import AtlasQualError

    codes = tuple(codes)
    if not codes:
        raise AtlasQualError("refi_empty_codebook")
    guids = [code.guid for _, code in iter_codes(codes)]
    if len(guids) != len(set(guids)):
        raise ValueError("two codes share a GUID; every GUID must be unique")
    root = etree.Element(_q("CodeBook", CODEBOOK_NS), nsmap={None: CODEBOOK_NS})
    if origin:
        root.set("origin", _clean(origin))
    codes_el = etree.SubElement(root, _q("Codes", CODEBOOK_NS))
    for code in codes:
        _code_element(codes_el, code, CODEBOOK_NS, None)
    return _serialize(root)


def write_qdc(codes: Iterable[RefiCode], users: Iterable[RefiUser], path: str | os.PathLike) -> None:
    """Write the codebook alone as a REFI-QDA ``.qdc`` file (hierarchy, descriptions, colours).

    ``users`` is accepted for symmetry with :func:`write_qdpx` and checked, but the codebook schema has no place
    for users, so none are written. The file is replaced atomically.

    Examples:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "libro.qdc"
        >>> write_qdc([RefiCode(stable_guid("c"), "Fortalezas")], [], p)
        >>> p.read_bytes().startswith(b"<?xml")
        True
    """
    for user in users:
        _check_guid(user.guid, f"user {user.name!r}")
    xml = codebook_xml(codes)
    _atomic_write(path, lambda handle: handle.write(xml))


# ---------------------------------------------------------------------------------------------------------------
# Validation


@lru_cache(maxsize=8)
def _schema(schema_path: str):
    from lxml import etree

    return etree.XMLSchema(etree.parse(schema_path))


def validate(path_or_bytes: str | os.PathLike | bytes, schema_path: str | os.PathLike) -> list[str]:
    """Errors of an XML document against an XSD; ``[]`` when valid.

    ``path_or_bytes``: a ``.qde``/``.qdc`` file or its bytes, or a ``.qdpx`` zip (its ``.qde`` is checked).

    Examples:
        >>> validate(b"<CodeBook/>", "/work/shared/refi-qda/Codebook.xsd")  # doctest: +SKIP
        ["line 1: Element 'CodeBook': No matching global declaration available for the validation root."]
    """
    from lxml import etree

    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    if data[:4] == b"PK\x03\x04":
        from atlas_qual.safezip import SafeZip

        with SafeZip(data, name="<bytes>") as zf:
            data = zf.read(_find_qde(zf, "<bytes>"))
    schema = _schema(str(Path(schema_path).resolve()))
    try:
        doc = etree.fromstring(data, _safe_parser())
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: {exc.msg}"]
    if schema.validate(doc):
        return []
    return [f"line {err.line}: {err.message}" for err in schema.error_log]


# ---------------------------------------------------------------------------------------------------------------
# Reading


def _safe_parser():
    from lxml import etree

    # No entity expansion and no network: a .qdpx comes from outside.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def _find_qde(zf: zipfile.ZipFile, file: str) -> str:
    names = [n for n in zf.namelist() if n.lower().endswith(".qde") and not n.endswith("/")]
    if not names:
        listing = ", ".join(zf.namelist()[:8]) or "-"
        raise ImportFailed("refi_no_qde", file=file, found=listing)
    if len(names) == 1:
        return names[0]
    preferred = [n for n in names if PurePosixPath(n.replace("\\", "/")).name.lower() == "project.qde"]
    if len(preferred) == 1:
        return preferred[0]
    raise ImportFailed("refi_several_qde", file=file, found=", ".join(names))


class _Clusters:
    """Raw text -> NFC/LF text, with the position map a coding needs to follow the text."""

    def __init__(self, raw: str) -> None:
        self._crlf: list[int] | None = None
        self._floor: list[int] | None = None
        self._ceil: list[int] | None = None
        if unicodedata.is_normalized("NFC", raw):
            # The usual cases, kept fast for long transcripts: nothing to do, or only CRLF line ends to fold.
            self.text = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
            if "\r\n" in raw:
                self._crlf = [m.start() for m in re.finditer("\r\n", raw)]
            return
        n = len(raw)
        floor = [0] * (n + 1)
        ceil = [0] * (n + 1)
        parts: list[str] = []
        pos = i = 0
        nfc = unicodedata.normalize
        while i < n:
            if raw[i] == "\r":
                j = i + 2 if raw.startswith("\r\n", i) else i + 1
                piece = "\n"
            else:
                j = self._cluster_end(raw, i)
                piece = nfc("NFC", raw[i:j])
                # Some starters compose with the preceding character (Hangul jamo, a few Indic vowel signs).
                while j < n and raw[j] != "\r" and ord(raw[j]) >= 0x300:
                    k = self._cluster_end(raw, j)
                    merged = nfc("NFC", raw[i:k])
                    if merged == piece + nfc("NFC", raw[j:k]):
                        break
                    piece, j = merged, k
            floor[i] = ceil[i] = pos
            for p in range(i + 1, j):
                floor[p], ceil[p] = pos, pos + len(piece)
            parts.append(piece)
            pos += len(piece)
            i = j
        floor[n] = ceil[n] = pos
        self.text, self._floor, self._ceil = "".join(parts), floor, ceil

    @staticmethod
    def _cluster_end(raw: str, i: int) -> int:
        j = i + 1
        while j < len(raw) and raw[j] != "\r" and unicodedata.combining(raw[j]):
            j += 1
        return j

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Normalized span of raw code points [start, end); a span cutting a character widens to all of it."""
        if self._crlf is not None:
            return self._crlf_floor(start), self._crlf_floor(end) + self._inside_crlf(end)
        if self._floor is None:
            return start, end
        return self._floor[start], self._ceil[end]

    def _crlf_floor(self, p: int) -> int:
        return p - bisect.bisect_left(self._crlf, p)  # each CR of a CRLF before p is gone

    def _inside_crlf(self, p: int) -> int:
        k = bisect.bisect_left(self._crlf, p)
        return int(k > 0 and self._crlf[k - 1] == p - 1)


class _Utf16:
    """Conversion of UTF-16 code-unit positions of a text to code points."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.astral = not text.isascii() and any(ord(ch) > 0xFFFF for ch in text)
        if self.astral:
            prefix = [0]
            for ch in text:
                prefix.append(prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))
            self._prefix = prefix
            self.units = prefix[-1]
        else:
            self._prefix = None
            self.units = self.length

    def to_code_point(self, unit: int) -> int | None:
        """The code point at UTF-16 offset ``unit``; None inside a surrogate pair or beyond the text."""
        if self._prefix is None:
            return unit if 0 <= unit <= self.length else None
        i = bisect.bisect_left(self._prefix, unit)
        return i if i < len(self._prefix) and self._prefix[i] == unit else None


@dataclass
class _RawSource:
    guid: str
    name: str
    raw: str | None  # the text as stored in the file; None when the file does not carry it
    path: str
    created: str | None
    user: str | None


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


def _color(value: str | None) -> str | None:
    if not value or not _COLOR_RE.match(value.strip()):
        return None
    value = value.strip().lower()
    return "#" + "".join(ch * 2 for ch in value[1:]) if len(value) == 4 else value


def _variable_text(vv) -> str:
    for tag in ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"):
        value = _kid(vv, tag)
        if value is not None:
            return _nfc(value.text if tag == "TextValue" else (value.text or "").strip())
    return ""


class _Reader:
    """One import of one .qdpx: the zip, the registries of GUIDs found so far, and the warnings."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = str(path)
        self.warnings: list[str] = []
        self.zf = None  # a SafeZip: members are read with limits on their inflated size
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

    def warn(self, key: str, **params: object) -> None:
        from atlas_qual.i18n import t

        self.warnings.append(t(key, file=self.path.name, **params))

    # -- the container ------------------------------------------------------------------------------------------
    def open(self):
        from lxml import etree

        from atlas_qual.safezip import ArchiveTooLarge, BadArchive, SafeZip

        if not self.path.is_file():
            raise ImportFailed("refi_not_found", file=self.file)
        try:
            self.zf = SafeZip(self.path, name=self.file)
            member = _find_qde(self.zf, self.file)
            data = self.zf.read(member)
        except ArchiveTooLarge as exc:
            self.close()
            raise ImportFailed(exc.key, **exc.params) from None
        except ImportFailed:
            self.close()
            raise
        except BadArchive as exc:
            self.close()
            raise ImportFailed("refi_not_zip", file=self.file, reason=exc.params.get("reason", "")) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            self.close()
            raise ImportFailed("refi_not_zip", file=self.file, reason=str(exc) or type(exc).__name__) from exc
        try:
            root = etree.fromstring(data, _safe_parser())
        except etree.XMLSyntaxError as exc:
            self.close()
            raise ImportFailed("refi_bad_xml", file=self.file, member=member, line=exc.lineno, reason=exc.msg) from exc
        if root.tag != _q("Project"):
            self.close()
            raise ImportFailed("refi_wrong_namespace", file=self.file, member=member, found=str(root.tag))
        self.members: dict[str, str] = {}
        for name in self.zf.namelist():
            if not name.endswith("/"):
                self.members.setdefault(name.replace("\\", "/").lower(), name)
        return root

    def close(self) -> None:
        if self.zf is not None:
            self.zf.close()
            self.zf = None

    def member_text(self, path_attr: str) -> str | None:
        """Text of a file referenced as internal://, relative:// or absolute://, if the zip carries it."""
        ref = path_attr.split("://", 1)[-1].replace("\\", "/").lstrip("/")
        name = self.members.get(f"sources/{ref.lower()}") or self.members.get(ref.lower())
        if name is None:
            base = PurePosixPath(ref).name.lower()
            candidates = [n for key, n in self.members.items() if PurePosixPath(key).name == base]
            name = candidates[0] if len(candidates) == 1 else None
        if name is None:
            return None
        from atlas_qual.safezip import ArchiveTooLarge, BadArchive

        try:
            data = self.zf.read(name)
        except ArchiveTooLarge as exc:
            raise ImportFailed(exc.key, **exc.params) from None
        except BadArchive as exc:
            raise ImportFailed("refi_not_zip", file=self.file, reason=exc.params.get("reason", "")) from None
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise ImportFailed("refi_not_zip", file=self.file, reason=f"{name}: {exc}") from exc
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.warn("refi_warn_decoding", member=name)
            return data.decode("cp1252", errors="replace")

    def atlas_details(self) -> dict | None:
        """atlas-qual.json, when atlas-qual wrote the file (segments, speakers, origins); None otherwise or when
        it cannot be read (the import then works from the text alone, as for any other tool's file)."""
        name = self.members.get(ATLAS_MEMBER)
        if name is None:
            return None
        try:
            data = json.loads(self.zf.read(name).decode("utf-8"))
        except (ValueError, UnicodeDecodeError, AtlasQualError):
            self.warn("refi_warn_atlas_details", member=name)
            return None
        return data if isinstance(data, dict) else None

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
        return tuple(self._code(el) for el in _kids(_kid(_kid(root, "CodeBook"), "Codes"), "Code"))

    def _code(self, el) -> RefiCode:
        guid = el.get("guid", "")
        self.code_keys[guid.lower()] = guid
        self.note_links.extend((ref.get("targetGUID", ""), guid) for ref in _kids(el, "NoteRef"))
        desc = _kid(el, "Description")
        return RefiCode(
            guid=guid,
            name=_nfc(el.get("name")),
            description=_nfc(desc.text) if desc is not None else "",
            color=_color(el.get("color")),
            children=tuple(self._code(child) for child in _kids(el, "Code")),
            is_codable=el.get("isCodable", "true").strip().lower() in ("true", "1"),
        )

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
                                           el.get("creationDateTime"), user))
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
        that fits the text only under one reading, and a selection whose name (tools put the quoted text there)
        matches the text only under one reading. A tie goes to code points (the standard) unless NVivo wrote it.
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
                if len(quoted) >= 3:
                    raw = self.raw_sources[p.source].raw
                    as_cp = _compact(raw[p.start:p.end]).startswith(quoted)
                    as_u16 = _compact(raw[cs:ce]).startswith(quoted)
                    votes_cp += as_cp and not as_u16
                    votes_u16 += as_u16 and not as_cp
        return votes_u16 > votes_cp or (votes_u16 == votes_cp and "nvivo" in origin.lower())

    def place(self, origin: str) -> tuple[list[RefiSource], list[RefiUnplaced], int]:
        """Put every pending coding on its normalized text, or explain why it cannot be placed."""
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
                self.warn("refi_warn_source_text_missing", source=src.name, path=src.path, codings=lost_by_source[i])
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
            self.warn("refi_warn_nontext_sources", count=sum(self.nontext.values()), kinds=kinds,
                      codings=self.nontext_codings)
        if corrected:
            self.warn("refi_warn_utf16", count=corrected)
        if self.uncoded:
            self.warn("refi_warn_uncoded_selections", count=self.uncoded)
        if unplaced:
            self.warn("refi_warn_unplaced", count=unplaced)
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
