"""The .qdpx container: its zip opened safely, the .qde found and parsed, member texts, XSD validation."""

from __future__ import annotations

import json
import os
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from atlas_qual.errors import AtlasQualError, ImportFailed
from atlas_qual.refi_model import ATLAS_MEMBER, _q


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


class _Archive:
    """One opened .qdpx: the zip, its members by lower-case name, and the warnings of the import."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = str(path)
        self.warnings: list[str] = []
        self.zf = None  # a SafeZip: members are read with limits on their inflated size
        self.crlf_xml = False  # whether the .qde itself has CRLF line ends

    def warn(self, key: str, **params: object) -> None:
        from atlas_qual.i18n import t

        self.warnings.append(t(key, file=self.path.name, **params))

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
        self.crlf_xml = b"\r\n" in data or b"\r\x00\n\x00" in data  # CRLF in the XML (UTF-8 or UTF-16)
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
        if name is None and "%" in ref:  # a URI with escapes: internal://Entrevista%201.txt
            ref = unquote(ref)
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
