"""Read zip archives from outside (.docx, .odt, .xlsx, .qdpx, uploads) without letting a zip bomb exhaust memory.

A zip member's header states its uncompressed size, but the header is written by whoever made the file. Every
limit here is enforced on the bytes actually inflated, counted while reading in small chunks, so a 1 MB archive
that claims 10 KB and inflates to 1 GiB is stopped after the limit, with a few hundred KB of memory in use.

Two ways in:

* :func:`check_archive` streams every member once (nothing kept) and raises :class:`ArchiveTooLarge` when a member,
  the total or the number of members goes over the limits. Put it in front of readers that load the whole archive
  themselves (python-docx, odfpy, openpyxl).
* :class:`SafeZip` opens an archive and reads chosen members with the same limits (the .qdpx importer reads only
  the project file and the text sources it needs).

Examples:
    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
    ...     zf.writestr("word/document.xml", b"<w/>" + b" " * 5_000_000)
    >>> check_archive(buf.getvalue(), name="carta.docx")  # 5 MB inflated: within the limits
    >>> try:
    ...     check_archive(buf.getvalue(), name="carta.docx", max_member=1_000_000)
    ... except ArchiveTooLarge as err:
    ...     print(err.key)
    safezip_member_too_large
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path
from typing import IO, Iterator

from atlas_qual.errors import AtlasQualError

__all__ = ["ArchiveTooLarge", "BadArchive", "LIMITS", "SafeZip", "check_archive", "is_zip", "read_member"]

MB = 1024 * 1024
# Generous for real files (a 3,000-word transcript's document.xml is about 1 MB, a .qdpx of 200 interviews a few
# tens of MB) and far below what would hurt a laptop that also serves a workshop.
LIMITS = {
    "max_member": 128 * MB,   # one member, inflated
    "max_total": 512 * MB,    # all members read from one archive, inflated
    "max_members": 20_000,    # entries in the central directory
}
_CHUNK = 256 * 1024


class ArchiveTooLarge(AtlasQualError):
    """An archive that would unpack to more than the limits (a damaged file or a zip bomb)."""


class BadArchive(AtlasQualError):
    """Bytes that are not a readable zip archive."""


def _label(name: str | os.PathLike | None, source) -> str:
    if name:
        return str(name)
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    return "<zip>"


def _open(source, file: str) -> zipfile.ZipFile:
    try:
        if isinstance(source, (bytes, bytearray, memoryview)):
            return zipfile.ZipFile(io.BytesIO(bytes(source)))
        if isinstance(source, zipfile.ZipFile):
            return source
        return zipfile.ZipFile(source)  # a path or a binary file object
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise BadArchive("safezip_bad_archive", file=file, reason=str(exc) or type(exc).__name__) from None


class SafeZip:
    """A zip archive whose members are read with limits on the inflated bytes (per member and in total).

    Examples:
        >>> import io, zipfile
        >>> buf = io.BytesIO()
        >>> with zipfile.ZipFile(buf, "w") as zf:
        ...     zf.writestr("project.qde", "<Project/>")
        >>> with SafeZip(buf.getvalue(), name="p.qdpx") as z:
        ...     z.read("project.qde")
        b'<Project/>'
    """

    def __init__(self, source: str | os.PathLike | bytes | IO[bytes] | zipfile.ZipFile, *, name: str | None = None,
                 max_member: int | None = None, max_total: int | None = None,
                 max_members: int | None = None) -> None:
        self.file = _label(name, source)
        self.max_member = LIMITS["max_member"] if max_member is None else max_member
        self.max_total = LIMITS["max_total"] if max_total is None else max_total
        max_members = LIMITS["max_members"] if max_members is None else max_members
        self._owned = not isinstance(source, zipfile.ZipFile)
        self.zf = _open(source, self.file)
        self.total = 0
        count = len(self.zf.infolist())
        if count > max_members:
            self.close()
            raise ArchiveTooLarge("safezip_too_many_members", file=self.file, count=count, limit=max_members)

    def namelist(self) -> list[str]:
        return self.zf.namelist()

    def infolist(self) -> list[zipfile.ZipInfo]:
        return self.zf.infolist()

    def _too_large(self, member: str) -> ArchiveTooLarge:
        return ArchiveTooLarge("safezip_member_too_large", file=self.file, member=member,
                               limit=max(1, self.max_member // MB))

    def _total_too_large(self) -> ArchiveTooLarge:
        return ArchiveTooLarge("safezip_total_too_large", file=self.file, limit=max(1, self.max_total // MB))

    def chunks(self, member: str | zipfile.ZipInfo) -> Iterator[bytes]:
        """The inflated bytes of ``member`` in chunks, stopping with :class:`ArchiveTooLarge` over a limit."""
        info = member if isinstance(member, zipfile.ZipInfo) else self.zf.getinfo(member)
        # The declared size is only a quick first refusal; the counted bytes below are what is enforced.
        if info.file_size > self.max_member:
            raise self._too_large(info.filename)
        seen = 0
        try:
            with self.zf.open(info) as fh:
                # zipfile stops at the declared size; reading one byte past the limit also catches a
                # member whose header under-states it, whatever the zip library does with the rest
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    seen += len(chunk)
                    self.total += len(chunk)
                    if seen > self.max_member:
                        raise self._too_large(info.filename)
                    if self.total > self.max_total:
                        raise self._total_too_large()
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            raise BadArchive("safezip_bad_archive", file=self.file,
                             reason=f"{info.filename}: {exc or type(exc).__name__}") from None

    def read(self, member: str | zipfile.ZipInfo) -> bytes:
        """The inflated bytes of one member, within the limits."""
        return b"".join(self.chunks(member))

    def check(self) -> None:
        """Inflate every member once, keeping nothing, so a reader that loads them all is safe to call after."""
        for info in self.zf.infolist():
            if info.is_dir():
                continue
            for _ in self.chunks(info):
                pass

    def close(self) -> None:
        if self._owned and self.zf is not None:
            self.zf.close()

    def __enter__(self) -> "SafeZip":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_archive(source: str | os.PathLike | bytes | IO[bytes], *, name: str | None = None,
                  max_member: int | None = None, max_total: int | None = None,
                  max_members: int | None = None) -> None:
    """Raise :class:`ArchiveTooLarge` (or :class:`BadArchive`) unless every member inflates within the limits.

    Memory stays flat whatever the archive claims: members are streamed in 256 KB chunks and thrown away.
    A file object is rewound afterwards so the caller can hand it to its reader.
    """
    position = source.tell() if hasattr(source, "tell") and hasattr(source, "seek") else None
    with SafeZip(source, name=name, max_member=max_member, max_total=max_total, max_members=max_members) as z:
        z.check()
    if position is not None:
        source.seek(position)


def read_member(source: str | os.PathLike | bytes, member: str, *, name: str | None = None,
                max_member: int | None = None) -> bytes:
    """One member of an archive, inflated within the per-member limit."""
    with SafeZip(source, name=name, max_member=max_member) as z:
        try:
            return z.read(member)
        except KeyError:
            raise BadArchive("safezip_bad_archive", file=z.file, reason=f"no {member}") from None


def is_zip(source: str | os.PathLike | bytes) -> bool:
    """True when the bytes (or file) start like a zip archive."""
    if isinstance(source, (bytes, bytearray)):
        head = bytes(source[:4])
    else:
        with Path(source).open("rb") as fh:
            head = fh.read(4)
    return head in (b"PK\x03\x04", b"PK\x05\x06")
