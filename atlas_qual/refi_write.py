"""Writing REFI-QDA: the project.qde and .qdc XML, the .qdpx zip, each file replaced atomically."""

from __future__ import annotations

import json
import operator
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from atlas_qual.refi_model import (
    ATLAS_MEMBER,
    CODEBOOK_NS,
    PROJECT_NS,
    _COLOR_RE,
    RefiCode,
    RefiProject,
    RefiSelection,
    RefiSource,
    RefiUser,
    _q,
    iter_codes,
    stable_guid,
)

_GUID_RE = re.compile(
    r"^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$"
)
_DATETIME_RE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
# Characters XML 1.0 cannot carry (control characters other than tab and line ends).
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAME_PREVIEW = 100
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)


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
