"""The one CSV writer of the package: every cell that a spreadsheet would run as a formula is written as text.

A quote such as ``=HYPERLINK("http://x", "ver")`` or ``@SUM(A1)`` opened in Excel or LibreOffice from a CSV would be
evaluated; a leading apostrophe (the spreadsheets' own "this is text" mark) keeps it as the words that were said.
:func:`unescape` takes the apostrophe off again when the package reads its own CSV back (codebook round trip).

Examples:
    >>> to_text(["code", "definition"], [["Citas", '=HYPERLINK("http://x")']])
    'code,definition\\nCitas,"\\'=HYPERLINK(""http://x"")"\\n'
    >>> unescape("'=HYPERLINK(1)"), unescape("'tis")
    ('=HYPERLINK(1)', "'tis")
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import IO, Any, Iterable, Mapping, Sequence

from atlas_qual.spreadsheet import csv_text, looks_like_formula

__all__ = ["DictWriter", "Writer", "cell", "to_text", "unescape", "write_csv"]

cell = csv_text


def unescape(value: str) -> str:
    """A value read from a CSV this package wrote: the protective apostrophe before a formula-like text removed."""
    if isinstance(value, str) and value.startswith("'") and looks_like_formula(value[1:]):
        return value[1:]
    return value


class Writer:
    """``csv.writer`` whose rows are made formula-safe (same arguments, same methods)."""

    def __init__(self, fh: IO[str], **kwargs: Any) -> None:
        self._w = csv.writer(fh, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._w.writerow([csv_text(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class DictWriter:
    """``csv.DictWriter`` whose values are made formula-safe."""

    def __init__(self, fh: IO[str], fieldnames: Sequence[str], **kwargs: Any) -> None:
        self._w = csv.DictWriter(fh, fieldnames=fieldnames, **kwargs)
        self.fieldnames = self._w.fieldnames

    def writeheader(self) -> Any:
        return self._w.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._w.writerow({k: csv_text(v) for k, v in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def to_text(header: Sequence[Any] | None, rows: Iterable[Iterable[Any]], *, lineterminator: str = "\n") -> str:
    """CSV text of ``header`` and ``rows`` (formula-safe)."""
    out = io.StringIO()
    w = Writer(out, lineterminator=lineterminator)
    if header is not None:
        w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def write_csv(path: str | os.PathLike, header: Sequence[Any] | None, rows: Iterable[Iterable[Any]], *,
              encoding: str = "utf-8-sig") -> int:
    """Write a CSV file atomically (a temporary file beside it, then renamed), readable by its owner only.

    ``utf-8-sig`` by default: Excel then opens accents correctly. Returns the number of data rows written.
    """
    path = Path(path)
    from atlas_qual.private_files import private_folder

    private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))  # created 0600
    count = 0
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            w = Writer(fh)
            if header is not None:
                w.writerow(header)
            for row in rows:
                w.writerow(row)
                count += 1
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return count
