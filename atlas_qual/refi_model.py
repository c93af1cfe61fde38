"""REFI-QDA data: the frozen dataclasses of an exchanged project, stable GUIDs and the format's namespaces."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_GUID_NAMESPACE = uuid.UUID("6f1b7a52-3d0e-4c55-9a43-5a1e0c7d2b91")
_COLOR_RE = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")


def read_color(value: str | None) -> str | None:
    """A colour as another tool wrote it, as atlas-qual stores it: "#abc" -> "#aabbcc", "#RRGGBBAA" -> "#rrggbb"
    (no alpha), anything else None."""
    value = (value or "").strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return "#" + "".join(ch * 2 for ch in value[1:])
    return value[:7] if re.fullmatch(r"#[0-9a-f]{6}([0-9a-f]{2})?", value) else None
ATLAS_MEMBER = "atlas-qual.json"  # atlas-qual's own details beside project.qde


def _q(tag: str, ns: str = PROJECT_NS) -> str:
    return f"{{{ns}}}{tag}"


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
