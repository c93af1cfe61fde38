"""File formats: bytes to text (encodings, .docx, .odt, .pdf), with the format sniffed from the content."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from atlas_qual.errors import AtlasQualError
from atlas_qual.transcripts.model import IMPORT_EXTENSIONS, _TEXT_EXTENSIONS, _fail, _fold, _short
from atlas_qual.transcripts.speakers import _TS_VALUE_RE, _clean_label, _match_label, _speaker_key
from atlas_qual.transcripts.header import _PERSON_KEYS, _header_key, _split_kv

_BAD_CHARS_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")  # controls except tab and line ends


def _implausible(text: str) -> bool:
    """Too many control or replacement characters for a transcript: binary data decoded as text."""
    limit = max(2, len(text) // 200)
    bad = 0
    for _ in _BAD_CHARS_RE.finditer(text):
        bad += 1
        if bad > limit:
            return True
    return False


_SPANISH_8BIT = frozenset("áéíóúñüÁÉÍÓÚÑÜ¿¡ºª°«»“”‘’–—…€·çÇàèìòùÀÈÌÒÙâêîôûäëïö")


def _decode(data: bytes, filename: str, warnings: list[str]) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (BOM or not), UTF-16/32 with BOM, else Windows-1252/latin-1 or detected."""
    from atlas_qual.i18n import t

    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):  # UTF-32 first: its LE BOM starts with UTF-16's
            name = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be",
                    codecs.BOM_UTF32_LE: "utf-32-le", codecs.BOM_UTF32_BE: "utf-32-be"}[bom]
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise _fail("transcript_undecodable", filename, position=exc.start, encoding=name) from None
            return _checked(text, filename, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _checked(text, filename, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    # UTF-16 without BOM (some Windows tools): every other byte is NUL
    sample = data[:4000]
    if len(sample) >= 4 and len(data) % 2 == 0:
        odd_nul = sample[1::2].count(0) / (len(sample) // 2)
        even_nul = sample[0::2].count(0) / (len(sample) // 2)
        for enc, ratio, other in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
            if ratio > 0.4 and other < 0.05:
                try:
                    return _checked(data.decode(enc), filename, enc)
                except (UnicodeDecodeError, AtlasQualError):
                    break
    if b"\x00" in data:
        raise _fail("transcript_binary", filename)
    # Spanish texts that are not UTF-8 come from Windows (cp1252) or old latin-1 editors: prefer cp1252 when
    # the non-ASCII letters it yields are the ones Spanish uses; charset detectors guess wrong on short texts.
    try:
        cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        cp1252 = None
    if cp1252 is not None:
        high = [c for c in cp1252 if c > "\x7f"]
        if high and sum(c in _SPANISH_8BIT for c in high) >= 0.6 * len(high) and not _implausible(cp1252):
            # latin-1 files decode the same way (cp1252 only adds € “ ” – … in 0x80-0x9F)
            warnings.append(t("transcript_warn_encoding", file=filename, encoding="cp1252"))
            return cp1252, "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # detection is a best effort; its failure means "unknown encoding"
        best = None
    if best is not None:
        text = str(best)
        if not _implausible(text):
            warnings.append(t("transcript_warn_encoding", file=filename, encoding=best.encoding))
            return text, best.encoding
    if cp1252 is not None and not _implausible(cp1252):
        warnings.append(t("transcript_warn_encoding", file=filename, encoding="cp1252"))
        return cp1252, "cp1252"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _fail("transcript_undecodable", filename, position=exc.start, encoding="utf-8/cp1252") from None
    raise _fail("transcript_binary", filename)


def _checked(text: str, filename: str, encoding: str) -> tuple[str, str]:
    if _implausible(text):
        raise _fail("transcript_binary", filename)
    return text, encoding


# ------------------------------------------------------------------------------------ formats

def _sniff(data: bytes) -> str:
    """What the bytes are, whatever the extension says: zip, pdf, ole (old .doc), vtt, srt or text."""
    head = data[:1024]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WEBVTT"):
        return "vtt"
    if re.match(rb"\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", stripped):
        return "srt"
    return "text"


def _zip_kind(data: bytes) -> str | None:
    """``docx``, ``odt`` or None for a zip archive (also None when the archive cannot be opened)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and zf.read("mimetype").strip().startswith(
                    b"application/vnd.oasis.opendocument.text"):
                return "odt"
            if "content.xml" in names:
                return "odt"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError):
        return None
    return None


def _check_zip(data: bytes, filename: str) -> None:
    """Refuse a zip bomb before any reader (zipfile, python-docx, odfpy) inflates its parts."""
    from atlas_qual.safezip import BadArchive, check_archive

    try:
        check_archive(data, name=filename)
    except BadArchive:
        pass  # damaged rather than oversized: the format's own reader below says precisely how


def _choose_format(data: bytes, ext: str, filename: str, warnings: list[str]) -> str:
    from atlas_qual.i18n import t

    kind = _sniff(data)
    if kind == "zip":
        _check_zip(data, filename)
    if ext in (".docx", ".odt"):
        wanted = ext[1:]
        if kind != "zip":
            raise _fail(f"transcript_{wanted}_not_zip", filename)
        actual = _zip_kind(data)
        if actual is None:
            # a zip that zipfile cannot list is truncated or damaged: the reader gives the precise reason
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    zf.namelist()
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise _fail(f"transcript_{wanted}_corrupt", filename, reason=str(exc) or type(exc).__name__)
            raise _fail(f"transcript_{wanted}_corrupt", filename, reason="no word/document.xml or content.xml")
        if actual != wanted:
            warnings.append(t("transcript_warn_sniffed", file=filename, ext=ext, actual=actual.upper()))
        return actual
    if ext == ".pdf":
        if kind != "pdf":
            raise _fail("transcript_pdf_corrupt", filename, reason="no %PDF- signature")
        return "pdf"
    if ext in _TEXT_EXTENSIONS or ext == "":
        declared = _TEXT_EXTENSIONS.get(ext, "txt")
        if kind == "zip":
            actual = _zip_kind(data)
            if actual:
                if ext:
                    warnings.append(t("transcript_warn_sniffed", file=filename, ext=ext, actual=actual.upper()))
                return actual
            raise _fail("transcript_binary", filename)
        if kind == "pdf":
            if ext:
                warnings.append(t("transcript_warn_sniffed", file=filename, ext=ext, actual="PDF"))
            return "pdf"
        if kind in ("ole", "rtf"):
            raise _fail("transcript_unsupported_type", filename, ext=".doc" if kind == "ole" else ".rtf",
                        supported=", ".join(IMPORT_EXTENSIONS))
        if kind in ("vtt", "srt") and declared == "txt":
            if ext:
                warnings.append(t("transcript_warn_sniffed", file=filename, ext=ext, actual=kind.upper()))
            return kind
        return declared
    if ext == ".qdc":  # a REFI-QDA codebook: it has its own command
        raise _fail("transcript_qdc_is_codebook", filename)
    raise _fail("transcript_unsupported_type", filename, ext=ext, supported=", ".join(IMPORT_EXTENSIONS))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# a tracked insertion (w:ins) or move (w:moveTo) is text of the document as Word shows it with the changes accepted;
# deletions (w:del, w:moveFrom) are left out
_W_CONTAINERS = {_W + "hyperlink", _W + "ins", _W + "moveTo", _W + "smartTag", _W + "customXml", _W + "fldSimple",
                 _W + "dir", _W + "bdo"}
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_PICTURES = ("drawing", "pict", "object")
_W_FALSE = {"0", "false", "off"}


def _w_runs(parent):
    """The runs of a paragraph in reading order, also inside hyperlinks, insertions and content controls."""
    for child in parent:
        tag = child.tag
        if tag == _W + "r":
            yield child
        elif tag in _W_CONTAINERS:
            yield from _w_runs(child)
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _w_runs(content)


def _w_run_text(run) -> str:
    parts = []
    for el in run:
        tag = el.tag
        if tag == _W + "t":
            parts.append(el.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _w_bold(run, bold_styles: frozenset[str]) -> bool:
    props = run.find(_W + "rPr")
    if props is None:
        return False
    b = props.find(_W + "b")
    if b is not None:
        return b.get(_W + "val", "true").lower() not in _W_FALSE
    style = props.find(_W + "rStyle")
    return style is not None and style.get(_W + "val") in bold_styles


def _w_paragraph(p, bold_styles: frozenset[str]) -> tuple[str, str]:
    """(text, bold prefix): the paragraph's text and the text of its leading bold runs."""
    parts, prefix, in_prefix = [], [], True
    for run in _w_runs(p):
        text = _w_run_text(run)
        if in_prefix:
            if not text.strip() or _w_bold(run, bold_styles):
                prefix.append(text)
            else:
                in_prefix = False
        parts.append(text)
    return "".join(parts), "".join(prefix)


_TABLE_HEADER_WORDS = frozenset(
    "hablante speaker orador oradora persona texto text intervencion transcripcion transcript tiempo time "
    "hora minuto timestamp nombre name dialogo marca de".split()
)


def _row_line(cells: list[str], first_row: bool) -> str | None:
    """A table row as a line: ``Label: text`` when the first cell (after a time cell) is a speaker."""
    if not cells:
        return None
    if first_row and all(set(_fold(c).split()) <= _TABLE_HEADER_WORDS for c in cells):
        return None
    if len(cells) >= 3 and _TS_VALUE_RE.fullmatch(cells[0].strip("[]() ")) and _clean_label(cells[1].rstrip(":")):
        return f"[{cells[0].strip('[]() ')}] {cells[1].rstrip(':')}: {' '.join(cells[2:])}"
    if len(cells) >= 2 and "\n" not in cells[0] and _clean_label(cells[0].rstrip(":")):
        return f"{cells[0].rstrip(':')}: {' '.join(cells[1:])}"
    return " | ".join(cells)


class _MetaTable(list):
    """Header entries read from a two-column metadata table (Título | ..., Entrevistada | ...)."""


def _metadata_table(rows: list[list[str]]) -> _MetaTable | None:
    """The table as header entries when it is a key/value table of case attributes, else None.

    At least two rows must have two cells whose first cell is a known header key, and such rows must be most of the
    table: a speaker table (Entrevistadora | ..., Fiscal | ...) has person keys at most, so it needs a non-person key.
    """
    pairs = [(cells[0].strip().rstrip(":").strip(), " ".join(cells[1].split())) for cells in rows if len(cells) == 2]
    known = [_header_key(key) for key, _ in pairs]
    recognized = sum(1 for k in known if k)
    if recognized < 2 or recognized < 0.6 * len(rows) or not any(k and k not in _PERSON_KEYS for k in known):
        return None
    return _MetaTable((key, value, norm is not None) for (key, value), norm in zip(pairs, known))


class _DataTable(str):
    """A table of data in the body (Año | Casos): its rows as lines, cells joined by " | ", kept as one segment."""


class _Heading(_DataTable):
    """A heading of the body ("Bloque 2: Recursos"): a segment of its own, never a speaker's label."""


def _lists_people(rows: list[list[str]]) -> bool:
    """Whether the header row names a column of personal data beside one no transcript layout has ("Nombre |
    Parentesco | Edad", "C.I. | Apellidos"): a list of people, whose rows must stay rows (read as "Higinio Duarte:
    padre 45", a name would pass for a speaker and the redactor's table rule would not see its column)."""
    from atlas_qual.redaction_tables import column_kind

    header = rows[0] if rows else []
    return (len(header) >= 2 and any(column_kind(cell) for cell in header)
            and not all(set(_fold(cell).split()) <= _TABLE_HEADER_WORDS for cell in header))


def _table_lines(rows: list[list[str]], out: list) -> None:
    meta = _metadata_table(rows)
    if meta is not None:
        out.append(meta)
        return
    lines = [(cells, _row_line(cells, r == 0)) for r, cells in enumerate(rows)]
    spoken = sum(1 for cells, line in lines if line and line != " | ".join(cells))
    # a "Hablante | Texto" header row (line None) counts neither way
    if lines and (spoken < 0.6 * sum(1 for _, line in lines if line) or _lists_people(rows)):
        # most rows do not start with a speaker: a table of figures, not a transcript laid out as a table; the
        # header row ("Año | Casos") is data too, and each row stays one line
        data = [" | ".join(" ".join(c.split()) for c in cells) for cells in rows if cells]
        if data:
            out.append(_DataTable("\n".join(data)))
        return
    for cells, line in lines:
        if line:
            out.append(line)


def _w_table(tbl, bold_styles: frozenset[str], out: list) -> None:
    rows = []
    for row in tbl.iter(_W + "tr"):
        if row.getparent() is not tbl:
            continue  # rows of nested tables are read with their cell
        cells = []
        for cell in row.findall(_W + "tc"):
            # a vertically merged cell repeats nothing in the XML: its continuation cells are empty
            value = "\n".join(_w_paragraph(p, bold_styles)[0] for p in cell.iter(_W + "p")).strip()
            if value:
                cells.append(value)
        rows.append(cells)
    _table_lines(rows, out)


def _text_boxes(p):
    """The contents (w:txbxContent) of the text boxes anchored in a paragraph, each once: Word writes a box twice,
    as a drawing and as its VML fallback for old readers, and a box inside a box is read with its parent."""
    found = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if tag == _W + "txbxContent":
                found.append(child)
            elif tag == _MC + "Fallback":
                continue
            elif tag == _MC + "AlternateContent" and child.find(_MC + "Choice") is not None:
                walk(child.find(_MC + "Choice"))
            elif isinstance(tag, str):
                walk(child)

    walk(p)
    return found


def _w_heading(p, heading_styles: frozenset[str]) -> bool:
    """Whether a paragraph is a heading (Título, Título 2, Heading 2 in any language of Word or Google Docs)."""
    props = p.find(_W + "pPr")
    if props is None:
        return False
    style = props.find(_W + "pStyle")
    level = props.find(_W + "outlineLvl")
    if level is not None and level.get(_W + "val", "9").isdigit():
        return int(level.get(_W + "val", "9")) < 9  # level 9 is Word's "body text"
    return style is not None and style.get(_W + "val") in heading_styles


def _w_blocks(parent, bold_styles: frozenset[str], out: list, heading_styles: frozenset[str] = frozenset()) -> None:
    for child in parent:
        tag = child.tag
        if tag == _W + "p":
            text, bold = _w_paragraph(child, bold_styles)
            rest = text[len(bold):]
            # a bold label without a colon ("**Entrevistadora** Buenos días") is a candidate speaker
            label = _clean_label(bold) if bold.strip() and ":" not in bold else None
            if _w_heading(child, heading_styles):
                out.append(_Heading(text.strip()) if text.strip() else text)
            elif label and not rest.lstrip().startswith((":", ".-")):
                # a bold name alone on its line ("**Entrevistadora**", the answer on the next line) is one too
                out.append((label, rest.strip()))
            else:
                out.append(text)
            # text boxes (a form laid out in boxes, a note beside the text) follow the paragraph they are anchored to
            for box in _text_boxes(child):
                _w_blocks(box, bold_styles, out, heading_styles)
        elif tag == _W + "tbl":
            _w_table(child, bold_styles, out)
        elif tag in (_W + "sdt", _W + "customXml", _W + "ins", _W + "moveTo"):
            content = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
            if content is not None:
                _w_blocks(content, bold_styles, out, heading_styles)


def _split_meta(blocks: list) -> tuple[list, list[tuple[str, str, bool]], list[str]]:
    """(the text blocks, the metadata tables' header entries, the data tables' texts)."""
    entries: list[tuple[str, str, bool]] = []
    rest, tables = [], []
    for block in blocks:
        if isinstance(block, _MetaTable):
            entries.extend(block)
        else:
            rest.append(block)
            if isinstance(block, _DataTable):
                tables.append(block)  # a _Heading stays one: a heading before the first turn is a segment too
    return rest, entries, tables


def _docx_text(data: bytes, filename: str) -> tuple[str, list[tuple[str, str, bool]], list[str]]:
    """The document's text, the header entries of its metadata tables (never part of the text) and the texts of
    its data tables (each one segment of its own)."""
    try:
        import docx
        from docx.enum.style import WD_STYLE_TYPE

        document = docx.Document(io.BytesIO(data))
        bold_styles = frozenset(style.style_id for style in document.styles
                                if style.type == WD_STYLE_TYPE.CHARACTER and style.font.bold)
        # built-in styles keep their English name whatever the language of Word ("heading 2" is "Título 2")
        heading_styles = frozenset(style.style_id for style in document.styles
                                   if style.type == WD_STYLE_TYPE.PARAGRAPH
                                   and (style.name or "").lower().startswith(("heading", "title", "subtitle")))
        blocks: list[str | tuple[str, str]] = []
        # the body XML is walked directly: python-docx's per-run objects cost seconds on long transcripts
        _w_blocks(document.element.body, bold_styles, blocks, heading_styles)
        pictures = not any((b[1] if isinstance(b, tuple) else str(b)).strip() for b in blocks) and any(
            el.tag in (_W + name for name in _PICTURES) for el in document.element.body.iter())
    except AtlasQualError:
        raise
    except Exception as exc:  # python-docx raises many kinds on damaged parts; all mean "damaged"
        raise _fail("transcript_docx_corrupt", filename, reason=_short(exc)) from None
    if pictures:
        # a scan pasted into Word: images and no text; saying "blank" would send the user looking for the wrong file
        raise _fail("transcript_images_only", filename)
    blocks, entries, tables = _split_meta(blocks)
    # only a bold prefix that recurs is taken as a speaker, so a bold first word of a paragraph stays text
    counts: dict[str, int] = {}
    for block in blocks:
        if isinstance(block, tuple):
            counts[_speaker_key(block[0])] = counts.get(_speaker_key(block[0]), 0) + 1
    out = []
    for block in blocks:
        if isinstance(block, tuple):
            label, rest = block
            if counts[_speaker_key(label)] < 2:
                out.append(f"{label} {rest}".rstrip())
            else:  # "Label:" alone on its line takes the paragraphs below it
                out.append(f"{label}: {rest}".rstrip())
        else:
            out.append(block)
    return "\n".join(out), entries, tables


_ODF_SKIP = {"note", "annotation", "tracked-changes", "bookmark", "bookmark-start", "bookmark-end",
             "sequence-decls", "variable-decls", "user-field-decls", "table-of-content", "soft-page-break"}


def _odf_inline(node) -> str:
    parts = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType == child.ELEMENT_NODE:
            local = child.qname[1]
            if local in _ODF_SKIP or local in _ODF_BOXES:
                continue  # a text box is read as blocks of its own after its paragraph (see _odt_blocks)
            if local == "line-break":
                parts.append("\n")
            elif local == "tab":
                parts.append("\t")
            elif local == "s":
                parts.append(" " * int(child.getAttribute("c") or 1))
            else:
                parts.append(_odf_inline(child))
    return "".join(parts)


_ODF_BOXES = {"frame", "custom-shape"}  # text boxes and shapes with text, anchored in a paragraph


def _odf_boxes(node):
    """The text boxes anchored in a paragraph, outermost first (a box in a box is read with its parent)."""
    for child in node.childNodes:
        if child.nodeType == child.ELEMENT_NODE:
            if child.qname[1] in _ODF_BOXES:
                yield child
            elif child.qname[1] not in _ODF_SKIP:
                yield from _odf_boxes(child)


def _odt_blocks(node, out: list[str]) -> None:
    for child in node.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        local = child.qname[1]
        if local in _ODF_SKIP:
            continue
        if local in ("p", "h"):
            text = _odf_inline(child)
            # a heading ("Bloque 2: Recursos") is a segment of its own, as in the docx reader
            out.append(_Heading(text.strip()) if local == "h" and text.strip() else text)
            # each paragraph of a text box is a line of its own, as in the docx reader: joined to the paragraph
            # it is anchored in, a speaker's turn inside the box would vanish into the text before it
            for box in _odf_boxes(child):
                _odt_blocks(box, out)
        elif local == "table":
            rows = []
            _odf_rows(child, rows)
            out.extend(rows)
        else:
            _odt_blocks(child, out)


def _odf_rows(table, out: list) -> None:
    rows: list[list[str]] = []
    _odf_collect_rows(table, rows)
    _table_lines(rows, out)


def _odf_collect_rows(table, rows: list[list[str]]) -> None:
    for child in table.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        local = child.qname[1]
        if local == "table-row":
            cells = []
            for cell in child.childNodes:
                if cell.nodeType == cell.ELEMENT_NODE and cell.qname[1] == "table-cell":
                    parts: list[str] = []
                    _odt_blocks(cell, parts)
                    value = "\n".join(p for p in parts if isinstance(p, str)).strip()
                    if value:
                        cells.append(value)
            rows.append(cells)
        elif local in ("table-header-rows", "table-rows", "table-row-group"):
            _odf_collect_rows(child, rows)


def _odf_has_image(node) -> bool:
    return any(child.nodeType == child.ELEMENT_NODE and (child.qname[1] == "image" or _odf_has_image(child))
               for child in node.childNodes)


def _odt_text(data: bytes, filename: str) -> tuple[str, list[tuple[str, str, bool]], list[str]]:
    try:
        from odf.opendocument import load

        document = load(io.BytesIO(data))
        blocks: list[str] = []
        _odt_blocks(document.text, blocks)
        pictures = not any(str(b).strip() for b in blocks) and _odf_has_image(document.text)
    except Exception as exc:  # odfpy raises zip, XML and attribute errors on damaged files
        raise _fail("transcript_odt_corrupt", filename, reason=_short(exc)) from None
    if pictures:
        raise _fail("transcript_images_only", filename)
    blocks, entries, tables = _split_meta(blocks)
    return "\n".join(blocks), entries, tables


_PAGE_NUMBER_RE = re.compile(
    r"\s*(?:(?:p[aá]g(?:ina)?|page)\.?\s*)?\d{1,4}(?:\s*(?:de|of|/)\s*\d{1,4})?\s*", re.I
)


def _pdf_text(data: bytes, filename: str, warnings: list[str]) -> str:
    import logging

    # pypdf logs every recoverable oddity of a file; the user gets our messages instead
    logger = logging.getLogger("pypdf")
    old_level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return _pdf_pages_text(data, filename, warnings)
    finally:
        logger.setLevel(old_level)


def _pdf_pages_text(data: bytes, filename: str, warnings: list[str]) -> str:
    from atlas_qual.i18n import Plural, tn

    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # missing AES backend or unsupported handler: same advice for the user
                opened = 0
            if not opened:
                raise _fail("transcript_pdf_encrypted", filename)
        pages = list(reader.pages)
    except AtlasQualError:
        raise
    except Exception as exc:  # pypdf's errors on broken xref tables, streams, trailers
        raise _fail("transcript_pdf_corrupt", filename, reason=_short(exc)) from None
    texts, empty = [], []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # one unreadable page must not lose the others
            text = ""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and (not lines[0].strip() or _PAGE_NUMBER_RE.fullmatch(lines[0])):
            lines.pop(0)
        while lines and (not lines[-1].strip() or _PAGE_NUMBER_RE.fullmatch(lines[-1])):
            lines.pop()
        if not any(line.strip() for line in lines):
            empty.append(number)
            continue
        texts.append(lines)
    if not texts:
        raise _fail("transcript_pdf_scanned", filename, pages=Plural("count_pages", len(pages)))
    if empty:
        warnings.append(tn("transcript_warn_pdf_empty_pages", "transcript_warn_pdf_empty_pages_plural", len(empty),
                           file=filename, pages=", ".join(map(str, empty[:20])) + (" …" if len(empty) > 20 else "")))
    return _reflow(texts)


_SENTENCE_END = tuple(".?!…:\"»”)")
_HYPHEN_END_RE = re.compile(r"[^\W\d_]-$")


def _typical_width(lines: list[str]) -> int:
    """The length of a full line of the page's body text (its 80th percentile: headings and last lines are shorter)."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < 6:
        return lengths[-1] if lengths else 0
    return lengths[int(0.8 * (len(lengths) - 1))]


def _reflow(pages: list[list[str]]) -> str:
    """PDF pages as paragraphs, one per line: the line wraps inside a paragraph joined (``traba-``/``jo`` as
    ``trabajo``), a break kept after a short line or a line that ends a sentence short of the margin, before a
    speaker label or a header line, and at blank lines.

    Examples:
        >>> _reflow([["La inspección llegó tarde porque el tra-", "bajo en la estancia ya había empezado",
        ...           "y nadie avisó.", "Fiscal: Es así."]])
        'La inspección llegó tarde porque el trabajo en la estancia ya había empezado y nadie avisó.\\nFiscal: Es así.'
    """
    out: list[str] = []
    current = ""
    all_lines = [line for page in pages for line in page]
    overall = _typical_width(all_lines)
    for page in pages:
        width = _typical_width(page) if sum(1 for line in page if line.strip()) >= 6 else overall
        for raw in page:
            line = raw.strip()
            if not line:
                if current:
                    out.append(current)
                    current = ""
                continue
            if current and (_match_label(line) or _split_kv(line) and _header_key(_split_kv(line)[0])):
                out.append(current)
                current = ""
            if not current:
                current = line
            elif _HYPHEN_END_RE.search(current) and line[:1].islower():
                current = current[:-1] + line
            else:
                current = f"{current} {line}"
            short = len(line) < 0.6 * width
            if short or (line.endswith(_SENTENCE_END) and len(line) < 0.85 * width):
                out.append(current)
                current = ""
    if current:
        out.append(current)
    return "\n".join(out)
