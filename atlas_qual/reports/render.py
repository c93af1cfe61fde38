"""LibreOffice, where it is installed: render a report to PDF, and read back on which page each heading landed so the
table of contents carries page numbers without anyone opening the file in Word.

Examples:
    >>> heading_pages(["Contenido 1. Resumen 2. Métodos", "1. Resumen texto", "2. Métodos texto"],
    ...               ["1. Resumen", "2. Métodos"])
    [2, 3]
"""

from __future__ import annotations

import os
import re
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


def pdf_pages_lines(pdf: str | os.PathLike) -> list[list[str]]:
    """The lines of each page (pdftotext, reading order), each with its whitespace collapsed, blank ones left out."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                         timeout=60).stdout.decode("utf-8", "replace")
    return [[" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in out.split("\f")]


def pdf_pages_text(pdf: str | os.PathLike) -> list[str]:
    """The text of each page (pdftotext), whitespace collapsed."""
    return [" ".join(lines) for lines in pdf_pages_lines(pdf)]


def _running(pages: Sequence[Sequence[str]]) -> set[str]:
    """The running header and footer lines (digits ignored: "Página 4 de 10"): the first or last line of more than
    one page."""
    counts: dict[str, int] = {}
    for lines in pages:
        for key in {re.sub(r"\d+", "#", line) for line in lines[:1] + lines[-1:]}:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, n in counts.items() if n >= 2}


def page_end_lines(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """The last three body lines of each page (running header and footer left out), last line last.

    Examples:
        >>> page_end_lines([["Informe", "1. Resumen", "texto", "Página 1 de 2"],
        ...                 ["Informe", "más texto", "2. Métodos", "Página 2 de 2"]])
        [['1. Resumen', 'texto'], ['más texto', '2. Métodos']]
    """
    running = _running(pages)
    return [[line for line in lines if re.sub(r"\d+", "#", line) not in running][-3:] for lines in pages]


def _keeps_with_next(paragraph) -> bool:
    fmt = paragraph.paragraph_format
    if fmt.keep_with_next is not None:
        return bool(fmt.keep_with_next)
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return bool(style.paragraph_format.keep_with_next)
        style = style.base_style
    return False


def break_before_stranded(doc, pages: Sequence[Sequence[str]]) -> list[str]:
    """Start a new page before each heading or table caption that a renderer left as the last line of a page, cut
    off from what it introduces (LibreOffice 7 ignores "keep with next" when not one line of the next paragraph
    fits under it). When a run of such paragraphs (a heading, a subheading, a caption) ends a page, the break goes
    before the first of them. Returns the texts moved."""
    from docx.text.paragraph import Paragraph

    body = doc.element.body
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = [Paragraph(p, doc._body) for p in body.iterchildren(f"{W}p")]
    toc = [p for p in paragraphs if p.style is not None and p.style.name.startswith("TOC")]
    keeps = [p for p in paragraphs if p.text.strip() and p not in toc and _keeps_with_next(p)]
    # a contents list without page numbers prints each heading as a plain line before the heading itself
    listed: dict[str, int] = {}
    for p in toc:
        if "\t" not in p.text:
            key = " ".join(p.text.split())
            listed[key] = listed.get(key, 0) + 1
    by_text: dict[str, list] = {}
    for p in keeps:
        by_text.setdefault(" ".join(p.text.split()), []).append(p)
    def printed(text: str, k: int, upto: int) -> int:
        """How often ``text`` was printed as k whole lines on pages 1..upto (the contents page adds dots and a
        page number, so it does not count)."""
        return sum(" ".join(lines[i:i + k]) == text for lines in pages[:upto + 1] for i in range(len(lines)))

    moved = []
    ends = page_end_lines(pages)
    for number in range(len(pages) - 1):
        tail = ends[number]
        for k in (1, 2, 3):
            if len(tail) < k:
                break
            text = " ".join(tail[-k:])
            candidates = by_text.get(text) or []
            if not candidates:
                continue
            # the n-th paragraph with this text is the n-th time it was printed after the contents
            nth = printed(text, k, number) - listed.get(text, 0)
            if nth < 1:
                break  # the last line of the contents page, not a heading
            target = candidates[min(nth, len(candidates)) - 1]
            first = target._p
            while True:
                prev = first.getprevious()
                if prev is None or prev.tag != f"{W}p" or not Paragraph(prev, doc._body).text.strip() or \
                        not _keeps_with_next(Paragraph(prev, doc._body)):
                    break
                first = prev
            Paragraph(first, doc._body).paragraph_format.page_break_before = True
            moved.append(text)
            break
    return moved


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
    """Render ``path`` (a report ``builder`` just saved), start a new page before any heading or caption left alone
    at the foot of a page, put the page of each heading in its table of contents and save again. False (the file is left as it was) when LibreOffice or pdftotext is missing or fails."""
    if soffice() is None or shutil.which("pdftotext") is None or not builder.headings:
        return False
    for _attempt in range(3):  # a heading moved to the next page may push another one down: look again
        with tempfile.TemporaryDirectory(prefix="atlas-toc-") as tmp:
            try:
                lines = pdf_pages_lines(to_pdf(path, tmp))
            except (OSError, subprocess.SubprocessError, RuntimeError):
                return False
        if not break_before_stranded(builder.doc, lines):
            break
        builder.save(path)
    pages = [" ".join(page) for page in lines]
    numbers = heading_pages(pages, [text for _level, text, _mark in builder.headings])
    builder.toc_pages = {mark: n for (_l, _t, mark), n in zip(builder.headings, numbers) if n}
    builder.save(path)
    return True


__all__ = ["soffice", "to_pdf", "pdf_pages_text", "pdf_pages_lines", "page_end_lines", "break_before_stranded",
           "heading_pages", "fill_toc_pages"]
