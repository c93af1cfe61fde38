"""Files that may hold interview data: written readable by their owner only whatever the caller's umask (a notebook
in JupyterLab, a page's kernel, a script), and temporary ones removed once used.

The CLI and the server also run with umask 077 (``OWNER_ONLY_UMASK``); these helpers make the library itself keep
the promise when it is called from elsewhere."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

OWNER_ONLY_UMASK = 0o077


@contextmanager
def private_output(path: str | os.PathLike) -> Iterator[Path]:
    """A new file beside ``path``, mode 0600, to write into: it becomes ``path`` when the block ends and is removed
    when the block raises, so the output is owner-only and never half-written.

    Examples:
        >>> import stat
        >>> target = Path(tempfile.mkdtemp()) / "out.csv"
        >>> with private_output(target) as tmp:
        ...     _ = tmp.write_text("a,b\\n")
        >>> oct(stat.S_IMODE(target.stat().st_mode)), target.read_text()
        ('0o600', 'a,b\\n')
    """
    target = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))  # 0600
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def private_folder(path: str | os.PathLike) -> Path:
    """``path`` as a folder, creating it and any missing parent readable by their owner only (0700) whatever the
    umask: under umask 000 a plain ``mkdir(parents=True)`` makes them world-writable, and anyone on the machine could
    then put a file of their own where a project's journal (``-wal``) or an export is about to be written, and read
    what goes into it. Folders that exist are left as they are.

    Examples:
        >>> import stat
        >>> base = Path(tempfile.mkdtemp())
        >>> oct(stat.S_IMODE(private_folder(base / "a" / "b").stat().st_mode)), oct(stat.S_IMODE((base / "a").stat().st_mode))
        ('0o700', '0o700')
    """
    folder = Path(path)
    missing = []
    walk = folder
    while not walk.exists() and walk != walk.parent:
        missing.append(walk)
        walk = walk.parent
    for part in reversed(missing):
        try:
            part.mkdir(mode=0o700)
        except FileExistsError:  # made meanwhile by someone else: left as it is
            continue
        os.chmod(part, 0o700)  # mkdir's mode passes through the umask
    return folder


@contextmanager
def private_tempdir(prefix: str) -> Iterator[Path]:
    """A fresh folder (0700) in the system's temporary folder, removed with its contents when the block ends.

    Examples:
        >>> with private_tempdir("aq-doc-") as folder:
        ...     _ = (folder / "x.txt").write_text("x")
        >>> folder.exists()
        False
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def discard_temp(path: str | os.PathLike | None) -> None:
    """Remove the private temporary folder holding ``path`` (an upload written by a page), if any: only an ``aq-``
    folder directly in the system's temporary folder, never anything else."""
    if path is None:
        return
    folder = Path(path).parent
    if folder.name.startswith("aq-") and folder.parent.resolve() == Path(tempfile.gettempdir()).resolve():
        shutil.rmtree(folder, ignore_errors=True)


__all__ = ["private_output", "private_folder", "private_tempdir", "discard_temp", "OWNER_ONLY_UMASK"]
