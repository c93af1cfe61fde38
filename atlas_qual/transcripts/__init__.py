"""Read interview transcripts (docx, txt, md, vtt, srt, odt, pdf) into normalized text, turns and case attributes.

Everything here is pure: bytes in, frozen dataclasses out. Offsets of turns are Unicode code points into
``ParsedTranscript.text``, the normalized text (NFC, LF line ends, no zero-width characters, no trailing spaces),
which is what the store keeps and what codings refer to (the REFI-QDA convention).

The package reads a file in steps, one module each: ``formats`` (bytes to text: encodings, .docx/.odt with their
metadata tables, .pdf with paragraphs rebuilt from line wraps), ``header`` (``Clave: valor`` lines into case
attributes), ``speakers`` (labels, and how much a document looks like an interview), ``segments`` (the body cut into
turns or paragraphs), ``caps`` (speakers in capitals without a colon), ``cues`` (.vtt/.srt), ``model`` (the
dataclasses and text normalization).

Examples:
    >>> p = parse_text("Fecha: 14/03/2025\\n\\nEntrevistadora: ¿Cómo?\\nConsejera CODENI: Con la fiscalía.")
    >>> p.metadata["date"], p.speakers
    ('2025-03-14', ('Entrevistadora', 'Consejera CODENI'))
    >>> t = p.turns[1]
    >>> p.text[t.start:t.end]
    'Con la fiscalía.'
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Sequence

from atlas_qual.errors import AtlasQualError
from atlas_qual.transcripts.model import (MAX_BYTES, SUPPORTED_EXTENSIONS, _TEXT_EXTENSIONS, ParsedTranscript, Turn, _fail,
                                          detect_language, normalize_text)
from atlas_qual.transcripts.header import _apply_header
from atlas_qual.transcripts.segments import _segment
from atlas_qual.transcripts.formats import _choose_format, _decode, _docx_text, _odt_text, _pdf_text
from atlas_qual.transcripts.cues import _parse_cues, parse_range_text, range_cues
from atlas_qual.transcripts.chat import is_chat, parse_chat


__all__ = [
    "MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "ParsedTranscript",
    "Turn",
    "detect_language",
    "normalize_text",
    "parse_text",
    "read_transcript",
]


# --------------------------------------------------------------------------------- public API

def _build(text: str, *, filename: str, fmt: str, encoding: str | None, original: bytes, unit: str,
           warnings: list[str], speakers: bool = True,
           header_entries: Sequence[tuple[str, str, bool]] = (), tables: Sequence[str] = ()) -> ParsedTranscript:
    metadata: dict = {}
    extra: dict = {}
    confidence = None
    if fmt in ("vtt", "srt"):
        text, turns = _parse_cues(normalize_text(text), fmt, filename, metadata, extra, warnings)
        if not speakers:
            turns = [Turn(None, tu.text, tu.start, tu.end, tu.time_start, tu.time_end) for tu in turns]
    elif fmt == "txt" and is_chat(text := normalize_text(text)):
        # a WhatsApp export: its header lines (if any) are applied below, as a document's metadata table is
        text, turns, header_entries = parse_chat(text, filename, metadata, extra, warnings, speakers)
    elif fmt == "txt" and range_cues(text):  # turns opening with "00:01:02 --> 00:01:09", no cue numbers
        text, turns, header_entries = parse_range_text(text, filename, metadata, extra, warnings)
        if not speakers:
            turns = [Turn(None, tu.text, tu.start, tu.end, tu.time_start, tu.time_end) for tu in turns]
    else:
        text = normalize_text(text)
        if not text:
            raise _fail("transcript_blank", filename)
        spans = _block_spans(text, tables)
        plain, headings = _block_lines(text, spans)
        turns, confidence = _segment(text, filename, unit, metadata, extra, warnings, speakers,
                                     plain_lines=plain, heading_lines=headings)
        if spans and turns:
            turns = _table_turns(text, turns, [(a, b) for a, b, _ in spans if a >= turns[0].start])
    # a metadata table (Título | ..., Entrevistada | ...) is the document's own header: it wins over body lines
    _apply_header(header_entries, filename, metadata, extra, warnings)
    if not turns:
        raise _fail("transcript_no_body" if text.strip() else "transcript_blank", filename)
    if "language" not in metadata:
        metadata["language"] = detect_language(text)
    names: dict[str, None] = {}
    for turn in turns:
        if turn.speaker is not None:
            names.setdefault(turn.speaker, None)
    return ParsedTranscript(
        filename=filename,
        format=fmt,
        encoding=encoding,
        text=text,
        turns=tuple(turns),
        metadata=metadata,
        extra=extra,
        speakers=tuple(names),
        sha256=hashlib.sha256(original).hexdigest(),
        original=original,
        warnings=tuple(warnings),
        speaker_confidence=confidence,
    )


def _block_spans(text: str, tables: Sequence[str]) -> list[tuple[int, int, bool]]:
    """Where the data tables and headings of a .docx/.odt are in the normalized text, in order: (start, end, whether
    it is a heading). Each is looked for as whole lines after the previous one, so a heading "Cierre" is not found
    inside a turn that says the word."""
    from atlas_qual.transcripts.formats import _Heading

    spans: list[tuple[int, int, bool]] = []
    cursor = 0
    for table in tables:
        block = normalize_text(table)
        at = text.find(block, cursor) if block else -1
        while at >= 0 and not ((at == 0 or text[at - 1] == "\n")
                               and (at + len(block) == len(text) or text[at + len(block)] == "\n")):
            at = text.find(block, at + 1)
        if at >= 0:
            spans.append((at, at + len(block), isinstance(table, _Heading)))
            cursor = at + len(block)
    return spans


def _block_lines(text: str, spans: Sequence[tuple[int, int, bool]]) -> tuple[frozenset[int], frozenset[int]]:
    """(the line numbers the tables and headings take, those of the headings): no speaker label is looked for there
    ("Bloque 2: Recursos" heads a section, nobody says it), and a heading is never a header field."""
    lines: set[int] = set()
    headings: set[int] = set()
    for a, b, heading in spans:
        first = text.count("\n", 0, a)
        taken = range(first, first + text.count("\n", a, b) + 1)
        lines.update(taken)
        if heading:
            headings.update(taken)
    return frozenset(lines), frozenset(headings)


def _table_turns(text: str, turns: list[Turn], spans: Sequence[tuple[int, int]]) -> list[Turn]:
    """Each data table of the body as a segment of its own (no speaker): the turn it fell into (a question before
    the table, or its rows cut line by line) gives up the table's lines, and what follows the table stays with the
    speaker it was under."""
    if not spans:
        return list(turns)
    out: list[Turn] = [Turn(None, text[a:b], a, b) for a, b in spans]
    for turn in turns:
        pieces = [(turn.start, turn.end)]
        for a, b in spans:
            cut = []
            for lo, hi in pieces:
                if lo < b and a < hi:  # the table overlaps: keep what lies before and after it
                    cut.extend(part for part in ((lo, a), (b, hi)) if part[1] > part[0])
                else:
                    cut.append((lo, hi))
            pieces = cut
        for lo, hi in pieces:
            chunk = text[lo:hi]
            left, right = len(chunk) - len(chunk.lstrip()), len(chunk.rstrip())
            if right > left:
                keep = (lo, hi) == (turn.start, turn.end)
                out.append(turn if keep else Turn(turn.speaker, chunk[left:right], lo + left, lo + right,
                                                 turn.time_start if lo == turn.start else None, None))
    return sorted(out, key=lambda tu: tu.start)


def parse_text(text: str, filename: str = "text.txt", *, speakers: bool = True) -> ParsedTranscript:
    """Parse already-decoded text (pasted, or from another importer); ``.vtt``/``.srt`` names parse cues.

    The original bytes are the UTF-8 encoding of ``text``.

    Examples:
        >>> p = parse_text("P: ¿Qué funciona?\\nR: La mesa de trata.")
        >>> [(t.speaker, t.text) for t in p.turns]
        [('P', '¿Qué funciona?'), ('R', 'La mesa de trata.')]
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_text expects str, got {type(text).__name__}; use read_transcript for bytes")
    ext = Path(filename).suffix.lower()
    fmt = _TEXT_EXTENSIONS.get(ext, "txt")
    if fmt == "txt" and text.lstrip("\ufeff \t\r\n").startswith("WEBVTT"):
        fmt = "vtt"
    if not text:
        raise _fail("transcript_empty", filename)
    return _build(text, filename=filename, fmt=fmt, encoding="utf-8", original=text.encode("utf-8"),
                  unit="auto", warnings=[], speakers=speakers)


def read_transcript(source: str | os.PathLike | bytes, filename: str | None = None, *,
                    max_bytes: int = MAX_BYTES, speakers: bool = True) -> ParsedTranscript:
    """Read a transcript file (or its bytes) into a :class:`ParsedTranscript`.

    ``source`` is a path or the file's bytes; ``filename`` names it in messages and gives the extension (default:
    the path's name; for bytes without a name the format is sniffed). Formats: .docx, .odt, .pdf (with a text
    layer), .txt/.md (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252/latin-1), .vtt, .srt. Every
    problem raises :class:`AtlasQualError` with a message naming the file and saying how to fix it.
    ``speakers=False`` (``import --no-speakers``) cuts the body into paragraphs without looking for speaker labels.

    Examples:
        >>> p = read_transcript("Entrevistadora: ¿Cómo está?\\nFiscal Adjunta: Bien.".encode("cp1252"), "e.txt")
        >>> p.encoding, p.speakers
        ('cp1252', ('Entrevistadora', 'Fiscal Adjunta'))
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = filename or "transcript"
        if len(data) > max_bytes:
            raise _fail("transcript_too_large", name, size_mb=_mb(len(data)), max_mb=_mb(max_bytes))
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = filename or path.name
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise _fail("transcript_too_large", name, size_mb=_mb(size), max_mb=_mb(max_bytes))
            data = path.read_bytes()
        except AtlasQualError:
            raise
        except OSError as exc:
            raise _fail("transcript_not_found", name, reason=exc.strerror or type(exc).__name__) from None
    else:
        raise TypeError(f"read_transcript expects a path or bytes, got {type(source).__name__}")
    if not data:
        raise _fail("transcript_empty", name)
    warnings: list[str] = []
    ext = Path(name).suffix.lower()
    if ext and ext not in SUPPORTED_EXTENSIONS and (ext[1:].isdigit() or not re.fullmatch(r"\.[a-z0-9]{1,5}", ext)):
        ext = ""  # "Entrevista 14.03.2025" has no real extension: the content decides
    fmt = _choose_format(data, ext, name, warnings)
    common = {"filename": name, "original": data, "warnings": warnings, "speakers": speakers}
    if fmt == "docx":
        text, entries, tables = _docx_text(data, name)
        return _build(text, fmt="docx", encoding=None, unit="lines", header_entries=entries, tables=tables, **common)
    if fmt == "odt":
        text, entries, tables = _odt_text(data, name)
        return _build(text, fmt="odt", encoding=None, unit="lines", header_entries=entries, tables=tables, **common)
    if fmt == "pdf":
        # paragraphs are rebuilt from the line wraps by the reader: one line, one paragraph
        return _build(_pdf_text(data, name, warnings), fmt="pdf", encoding=None, unit="lines", **common)
    text, encoding = _decode(data, name, warnings)
    if not text.strip(" \t\r\n\ufeff\u200b\u00a0"):
        raise _fail("transcript_blank", name)
    if fmt == "txt" and text.lstrip("\ufeff \t\r\n").startswith("WEBVTT"):
        fmt = "vtt"
    return _build(text, fmt=fmt, encoding=encoding, unit="auto", **common)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.3g}"
