"""Regenerate the demo .docx interviews in data/interviews/ from their text sources in data/demo/docx_source/.

Usage (from anywhere):  python data/demo/make_docx.py

Each source is a transcript in the shared format: `Key: value` header lines, a blank line, then one
`Label: text` turn per paragraph. The .docx gets one Word paragraph per header line, an empty paragraph, and one
paragraph per turn, so a .docx and its source have the same turns in the same order. In the interviews listed in
BOLD_LABELS the speaker label is a bold run, as many transcription services write it.

The .docx files are committed as inputs; run this only after editing a source. The output is byte-for-byte
reproducible (fixed dates in the document properties and in the zip entries), so an unchanged source gives an
unchanged file in git.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "docx_source"
TARGET = HERE.parent / "interviews"

# Interviews whose speaker labels are bold runs ("Fiscal Olmedo:" in bold, then the words in regular type).
BOLD_LABELS = {"02_mauep_asuncion_central_fiscal"}

_LABEL = re.compile(r"^([^:\n]{1,60}):\s+(.*)$", re.S)
_FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)


def read_source(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Split a source transcript into header (key, value) pairs and turns (label, text)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    head, _, body = text.partition("\n\n")
    header = [tuple(part.strip() for part in line.split(":", 1)) for line in head.splitlines() if line.strip()]
    turns = []
    for n, para in enumerate((p.strip() for p in body.split("\n\n")), start=1):
        if not para:
            continue
        m = _LABEL.match(para)
        if not m:
            raise SystemExit(f"{path.name}: paragraph {n} has no 'Label: text' speaker label: {para[:60]!r}")
        turns.append((m.group(1).strip(), " ".join(m.group(2).split())))
    return header, turns


def build(path: Path) -> bytes:
    """The .docx bytes for one source file."""
    from docx import Document
    from docx.shared import Pt

    header, turns = read_source(path)
    meta = {k.lower(): v for k, v in header}
    stem = path.name.removesuffix(".docx.txt")
    bold = stem in BOLD_LABELS

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for key, value in header:
        doc.add_paragraph(f"{key}: {value}")
    doc.add_paragraph("")
    for label, said in turns:
        para = doc.add_paragraph()
        run = para.add_run(f"{label}:")
        run.bold = bold
        para.add_run(f" {said}")

    props = doc.core_properties
    props.title = meta.get("título") or meta.get("title") or stem
    props.author = meta.get("entrevistador") or meta.get("entrevistadora") or meta.get("interviewer") or "ATLAS"
    props.last_modified_by = props.author
    props.language = meta.get("idioma") or meta.get("language") or "es"
    date = meta.get("fecha") or meta.get("date") or "2025-01-01"
    when = dt.datetime.strptime(date, "%Y-%m-%d") if "-" in date else dt.datetime.strptime(date, "%d/%m/%Y")
    props.created = props.modified = when
    props.revision = 1

    raw = io.BytesIO()
    doc.save(raw)
    return _stable_zip(raw.getvalue())


def _stable_zip(data: bytes) -> bytes:
    # python-docx stamps zip entries with the current time; fixed times keep regenerated files identical.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    sources = sorted(SOURCES.glob("*.docx.txt"))
    if not sources:
        print(f"no sources in {SOURCES}", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for src in sources:
        dst = TARGET / (src.name.removesuffix(".txt"))
        dst.write_bytes(build(src))
        print(f"wrote {dst.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
