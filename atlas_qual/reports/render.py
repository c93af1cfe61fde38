"""LibreOffice, where it is installed: render a report to PDF, and read back on which page each heading landed so the
table of contents carries page numbers without anyone opening the file in Word.

Examples:
    >>> heading_pages(["Contenido 1. Resumen 2. Métodos", "1. Resumen texto", "2. Métodos texto"],
    ...               ["1. Resumen", "2. Métodos"])
    [2, 3]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Sequence

SOFFICE_TIMEOUT = 180


def soffice() -> str | None:
    """The LibreOffice executable (``$ATLAS_QUAL_SOFFICE``, else ``soffice`` or ``libreoffice`` on the PATH)."""
    env = os.environ.get("ATLAS_QUAL_SOFFICE")
    if env:
        return env if Path(env).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: str | os.PathLike, outdir: str | os.PathLike) -> Path:
    """Convert a .docx to PDF with LibreOffice (a private profile, so a running LibreOffice is never disturbed)."""
    exe = soffice()
    if exe is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    outdir = Path(outdir)
    with tempfile.TemporaryDirectory(prefix="atlas-lo-") as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), str(docx)], check=True, capture_output=True, timeout=SOFFICE_TIMEOUT)
    pdf = outdir / (Path(docx).stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx}")
    return pdf


def pdf_pages_text(pdf: str | os.PathLike) -> list[str]:
    """The text of each page (pdftotext), whitespace collapsed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                         timeout=60).stdout.decode("utf-8", "replace")
    return [" ".join(page.split()) for page in out.split("\f")]


def heading_pages(pages: Sequence[str], headings: Sequence[str]) -> list[int | None]:
    """The 1-based page of each heading, searched from the last heading backwards: the table of contents near the
    start lists every heading too, and a heading's own page is the last one at or before the next heading's page."""
    found: list[int | None] = [None] * len(headings)
    upper = len(pages) - 1
    for k in range(len(headings) - 1, -1, -1):
        text = " ".join(headings[k].split())
        for index in range(upper, -1, -1):
            if text in pages[index]:
                found[k] = index + 1
                upper = index
                break
    return found


def fill_toc_pages(builder, path: str | os.PathLike) -> bool:
    """Render ``path`` (a report ``builder`` just saved), put the page of each heading in its table of contents and
    save again. False (the file is left as it was) when LibreOffice or pdftotext is missing or fails."""
    if soffice() is None or shutil.which("pdftotext") is None or not builder.headings:
        return False
    with tempfile.TemporaryDirectory(prefix="atlas-toc-") as tmp:
        try:
            pages = pdf_pages_text(to_pdf(path, tmp))
        except (OSError, subprocess.SubprocessError, RuntimeError):
            return False
    numbers = heading_pages(pages, [text for _level, text, _mark in builder.headings])
    builder.toc_pages = {mark: n for (_l, _t, mark), n in zip(builder.headings, numbers) if n}
    builder.save(path)
    return True


__all__ = ["soffice", "to_pdf", "pdf_pages_text", "heading_pages", "fill_toc_pages"]
