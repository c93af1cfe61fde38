"""Reading a REFI-QDA codebook (``.qdc``, what ATLAS.ti, NVivo, MAXQDA and QualCoder export as "codebook")."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Callable

from atlas_qual.errors import ImportFailed
from atlas_qual.refi_model import CODEBOOK_NS, PROJECT_NS, RefiCode, _q
from atlas_qual.refi_model import read_color as _color

MAX_QDC_BYTES = 50_000_000


def read_code(el, ns: str = PROJECT_NS, on_code: Callable[[object, str], None] | None = None) -> RefiCode:
    """A REFI-QDA ``<Code>`` element and its sub-codes, as a codebook (``.qdc``) or a project (``.qde``) writes it:
    the name with its runs of blanks as one space, the description with LF line ends, both NFC. ``on_code(element,
    guid)`` is called for each code of the tree, parents first (a project import records GUIDs and note links)."""
    guid = el.get("guid", "")
    if on_code is not None:
        on_code(el, guid)
    desc = el.find(_q("Description", ns))
    return RefiCode(
        guid=guid,
        name=unicodedata.normalize("NFC", " ".join((el.get("name") or "").split())),
        description=unicodedata.normalize("NFC", (desc.text or "").replace("\r\n", "\n")) if desc is not None else "",
        color=_color(el.get("color")),
        children=tuple(read_code(child, ns, on_code) for child in el.iterchildren(_q("Code", ns))),
        is_codable=el.get("isCodable", "true").strip().lower() in ("true", "1"),
    )


def read_qdc(path: str | os.PathLike) -> tuple[RefiCode, ...]:
    """The code tree of a ``.qdc`` file (names, descriptions, colours, hierarchy); a ``.qde`` project's codebook
    is read too. Nothing is stored.

    Raises:
        ImportFailed: the file is missing, is not XML, or is not a REFI-QDA codebook (the message names the file
            and says what to do).

    Examples:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "libro.qdc"
        >>> _ = p.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="g" name="Fortalezas" '
        ...                  'isCodable="true" color="#2E7D32"><Code guid="h" name="Logros" isCodable="true"/></Code>'
        ...                  '</Codes></CodeBook>')
        >>> [(c.name, c.color, [k.name for k in c.children]) for c in read_qdc(p)]
        [('Fortalezas', '#2e7d32', ['Logros'])]
    """
    from lxml import etree

    from atlas_qual.refi_archive import _safe_parser

    p = Path(path)
    if not p.is_file():
        raise ImportFailed("refi_not_found", file=str(p))
    if p.stat().st_size > MAX_QDC_BYTES:
        raise ImportFailed("refi_qdc_wrong_root", file=p.name, found=f"> {MAX_QDC_BYTES // 1_000_000} MB")
    try:
        root = etree.fromstring(p.read_bytes(), _safe_parser())
    except etree.XMLSyntaxError as exc:
        raise ImportFailed("refi_bad_xml", file=p.name, member=p.name, line=exc.lineno, reason=exc.msg) from None
    if root.tag == _q("CodeBook", CODEBOOK_NS):
        codes_el, ns = root.find(_q("Codes", CODEBOOK_NS)), CODEBOOK_NS
    elif root.tag == _q("Project", PROJECT_NS):
        book = root.find(_q("CodeBook", PROJECT_NS))
        codes_el, ns = (book.find(_q("Codes", PROJECT_NS)) if book is not None else None), PROJECT_NS
    else:
        raise ImportFailed("refi_qdc_wrong_root", file=p.name, found=str(root.tag))
    return tuple(read_code(el, ns) for el in codes_el.iterchildren(_q("Code", ns))) if codes_el is not None else ()


def codebook_data(codes: tuple[RefiCode, ...]) -> list[dict]:
    """The code tree in the shape :func:`atlas_qual.codebook.codebook_from_data` validates (a "/" in a name, which
    atlas-qual uses between levels, becomes "-")."""
    return [{"name": c.name.replace("/", "-"), **({"definition": {"es": c.description}} if c.description.strip()
                                                  else {}),
             **({"color": c.color} if c.color else {}), "children": codebook_data(c.children)} for c in codes]
