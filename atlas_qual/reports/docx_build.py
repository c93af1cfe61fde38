"""Writing a report into a Word template: fill the ``{{ field }}`` placeholders, then add headings, paragraphs,
quotes, tables and figures with the template's styles where ``{{ content }}`` stands.

The placeholders are plain text substitution, not a template language: a template can hold no code, so one sent by
anyone is safe to use. A placeholder the code does not know, or a ``{% ... %}`` tag, is an error that names it.

Examples:
    >>> b = DocBuilder("handout", "en", {"title": "Findings"})
    >>> b.heading("Key findings", 1).text  # level-1 headings are numbered
    '1. Key findings'
    >>> "{{" in "".join(p.text for p in b.doc.paragraphs)
    False
"""

from __future__ import annotations

import io
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import t
from atlas_qual.reports import templates as tpl

FIELD_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
TAG_RE = re.compile(r"\{%.*?%\}|\{#.*?#\}|\{\{.*?\}\}", re.S)
CONTENT_RE = re.compile(r"^\s*\{\{\s*content\s*\}\}\s*$")
FIELDS = ("title", "subtitle", "report_kind", "scope", "date", "organisation", "confidentiality", "toc_title",
          "toc_hint", "short_title", "footer_text", "page_word", "of_word", "funding", "disclaimer", "agreement",
          "partners", "authors", "version", "period", "coverage_note", "version_line", "front_title")
# the language each report is tagged with, so Word and LibreOffice spell-check it as what it is
DOC_LANG = {"es": "es-PY", "en": "en-US", "gn": "es-PY"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# one measure for how wide a column must be (fit_widths) and how many lines its text takes (table_lines): the
# glyph widths of glyphs.word_width_cm, with room for rounding and kerning, inside the cell margins
FIT_MARGIN = 1.04
CELL_PADDING_CM = 0.36  # the table style's cell margins (90 twips each side, 0.32 cm) and a little more
# a table of at most this many lines is kept on one page (it fits in half a page, so moving it leaves no gaping hole);
# a longer one may run over pages, or its start would leave most of a page blank and still break
KEEP_TOGETHER_LINES = 24
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Rich(tuple):
    """A table cell written as several runs: ``Rich(("Title", True), ("\\ndefinition", False))`` (text, bold)."""

    def __new__(cls, *parts: tuple[str, bool]):
        return super().__new__(cls, parts)


def _runs_fill(paragraph, values: dict[str, str], template: str) -> None:
    """Replace the placeholders of one paragraph, even when Word split one across several runs (the replacement
    takes the formatting of the run where the placeholder starts; field codes in other runs are left intact)."""
    runs = list(paragraph.runs)
    texts = [r.text for r in runs]
    full = "".join(texts)
    if "{" not in full:
        return
    for tag in TAG_RE.finditer(full):
        if not FIELD_RE.fullmatch(tag.group()):
            raise AtlasQualError("report_template_tag", template=template, tag=tag.group()[:60])
    matches = list(FIELD_RE.finditer(full))
    if not matches:
        return
    bounds, pos = [], 0
    for text in texts:
        bounds.append((pos, pos + len(text)))
        pos += len(text)
    # right to left, so the offsets of the placeholders still to do stay valid
    for m in reversed(matches):
        name = m.group(1)
        if name not in values:
            raise AtlasQualError("report_template_unknown_field", template=template, field=name,
                                 known=", ".join(sorted(values)))
        hit = [i for i, (a, b) in enumerate(bounds) if a < m.end() and b > m.start()]
        first, last = hit[0], hit[-1]
        head = texts[first][: m.start() - bounds[first][0]]
        tail = texts[last][m.end() - bounds[last][0]:]
        texts[first] = head + values[name] + tail
        for i in hit[1:]:
            texts[i] = ""
    for run, old, new in zip(runs, [r.text for r in runs], texts):
        if new != old:
            run.text = new


def _iter_paragraphs(container) -> Iterator:
    """Every paragraph of a body, header or footer, including those inside (nested) tables."""
    for p in container.paragraphs:
        yield p
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _iter_paragraphs(cell)


def _parts(doc) -> Iterator:
    yield doc
    for section in doc.sections:
        for attr in ("header", "first_page_header", "even_page_header", "footer", "first_page_footer",
                     "even_page_footer"):
            part = getattr(section, attr)
            if not part.is_linked_to_previous:
                yield part


def open_template(kind: str, template: str | os.PathLike | None = None):
    """The template Document of a report kind: ``template`` if given, else ``templates/<kind>.docx``, else the
    built-in default (so reports work from an installed package too)."""
    import docx

    path = Path(template) if template else tpl.template_path(kind)
    if template and not path.exists():
        raise AtlasQualError("report_template_missing", template=str(path))
    if not path.exists():
        return tpl.build_template(kind), f"<{kind}>"
    from atlas_qual.safezip import BadArchive, check_archive

    try:
        check_archive(path, name=str(path))  # a template is a file from outside like any other
    except BadArchive:
        pass  # damaged: python-docx's own error below names the problem
    try:
        return docx.Document(str(path)), str(path)
    except Exception as exc:  # python-docx raises several unrelated types for a broken file
        raise AtlasQualError("report_template_unreadable", template=str(path), reason=str(exc)[:120]) from None


class DocBuilder:
    """A report being written: the filled template plus methods that add content with the template's styles.

    ``fields`` fills the placeholders (missing ones become empty, except the defaults of ``lang``).
    Numbered captions ("Figura 3.", "Table 2.") carry Word SEQ fields so a table of figures works in Word.
    """

    def __init__(self, kind: str, lang: str, fields: dict[str, str] | None = None,
                 template: str | os.PathLike | None = None) -> None:
        self.kind, self.lang = kind, lang
        self.doc, self.template_name = open_template(kind, template)
        values = {name: "" for name in FIELDS}
        values.update({"page_word": t("report_page", lang=lang), "of_word": t("report_of", lang=lang),
                       "toc_title": t("report_toc", lang=lang), "toc_hint": "",
                       "confidentiality": t("report_confidentiality", lang=lang),
                       "front_title": t("report_front_title", lang=lang)})
        values.update({k: "" if v is None else str(v) for k, v in (fields or {}).items()})
        self._styles = {}
        self._figures = 0
        self._last_table = self._after_table = None  # the table just added and the empty line under it
        self._tables = 0
        self._tail: list = []
        self._numbers = [0, 0, 0]
        # the reports this package structures number their sections; others (the plan) keep their own headings
        self.number_headings = kind in ("dmop", "workshop", "handout")
        self.headings: list[tuple[int, str, str]] = []  # (level, text, bookmark) for the table of contents
        self.toc_pages: dict[str, int] = {}  # bookmark -> page, when a renderer told us (LibreOffice)
        self.images: list[str] = []  # alt text of every picture, in order
        values["content"] = "{{ content }}"  # the marker stays until the body is put in its place
        for part in _parts(self.doc):
            for p in list(_iter_paragraphs(part)):
                alone = FIELD_RE.fullmatch(p.text.strip())
                _runs_fill(p, values, self.template_name)
                if alone and alone.group(1) != "content" and not p.text.strip() and p._p.getparent() is not None \
                        and part is self.doc and next(p._p.iter(f"{W}instrText"), None) is None:
                    p._p.getparent().remove(p._p)  # a placeholder with nothing to say leaves no empty line
        self._take_content_marker()
        props = self.doc.core_properties
        props.title = FIELD_RE.sub(lambda m: values.get(m.group(1), ""), props.title or "") or values["title"]
        props.author = "atlas-qual"
        props.language = DOC_LANG.get(lang, "es-PY")
        self._set_language(DOC_LANG.get(lang, "es-PY"))

    def _set_language(self, tag: str) -> None:
        """Tag the document defaults and every style with the report's language (python-docx's own default
        template says en-US, which made Word spell-check Spanish reports as English)."""
        from docx.oxml import OxmlElement

        styles = self.doc.styles.element
        defaults = styles.find(f"{W}docDefaults")
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = defaults.find(f"{W}rPrDefault")
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(f"{W}rPr")
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        for el in styles.iter(f"{W}lang"):
            el.getparent().remove(el)
        lang_el = OxmlElement("w:lang")
        for attr in ("val", "eastAsia"):
            lang_el.set(f"{W}{attr}", tag)
        lang_el.set(f"{W}bidi", "ar-SA")
        rpr.append(lang_el)

    # --- structure -----------------------------------------------------------------------------------------------

    def _take_content_marker(self) -> None:
        body = self.doc.element.body
        marker = next((p for p in self.doc.paragraphs if CONTENT_RE.match(p.text)), None)
        if marker is None:
            return
        children = list(body.iterchildren())
        index = children.index(marker._p)
        self._tail = [el for el in children[index + 1:] if not el.tag.endswith("}sectPr")]
        for el in self._tail:
            body.remove(el)
        body.remove(marker._p)

    def style(self, name: str, fallback: str = "Normal"):
        """The template's style ``name`` (cached), or ``fallback`` when a restyled template dropped it."""
        if name not in self._styles:
            try:
                self._styles[name] = self.doc.styles[name]
            except KeyError:
                self._styles[name] = self.doc.styles[fallback] if fallback else None
        return self._styles[name]

    def _apply(self, paragraph, style_name: str | None):
        """Set a paragraph style by id: python-docx's ``paragraph.style =`` scans every style each time, which made
        the style lookups most of a report's writing time."""
        if style_name:
            style = self.style(style_name)
            if style is not None:
                paragraph._p.get_or_add_pPr().style = style.style_id
        return paragraph

    def _add(self, text: str = "", style_name: str | None = None):
        p = self._apply(self.doc.add_paragraph(), style_name)
        if text:
            p.add_run(text)
        return p

    # --- content -------------------------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1, numbered: bool = True):
        """A heading; levels 1-2 are numbered ("3.", "3.2.") unless ``numbered`` is False, carry a bookmark and
        are listed in the table of contents."""
        from docx.oxml import OxmlElement

        if numbered and self.number_headings and level <= 2:
            self._numbers[level - 1] += 1
            for k in range(level, len(self._numbers)):
                self._numbers[k] = 0
            text = ".".join(str(n) for n in self._numbers[:level]) + ". " + text
        p = self._add(text, f"Heading {level}")
        if level <= 2:
            mark = f"_Toc_atlas_{len(self.headings) + 1}"
            start = OxmlElement("w:bookmarkStart")
            start.set(f"{W}id", str(len(self.headings) + 1))
            start.set(f"{W}name", mark)
            end = OxmlElement("w:bookmarkEnd")
            end.set(f"{W}id", str(len(self.headings) + 1))
            p._p.insert(1 if p._p.pPr is not None else 0, start)
            p._p.append(end)
            self.headings.append((level, text, mark))
        return p

    def paragraph(self, text: str = "", style: str | None = None, *, bold_prefix: str | None = None):
        p = self._add("", style)
        if bold_prefix:
            p.add_run(bold_prefix).bold = True
        if text:
            p.add_run(text)
        return p

    def bullets(self, items: Iterable[str], style: str = "List Bullet") -> int:
        n = 0
        for item in items:
            self._add(item, style)
            n += 1
        return n

    def numbered(self, items: Iterable[str]) -> int:
        return self.bullets(items, "List Number")

    def key_figure(self, text: str):
        return self._add(text, tpl.STYLE_KEY_FIGURE)

    def note(self, text: str):
        return self._add(text, tpl.STYLE_NOTE)

    def quote(self, text: str, source: str):
        """A quote in the Quote style with its source line ("— INS-AP-01, inspectora de trabajo, Alto Paraná")
        right-aligned under it, in the Quote Source style's type.

        Both are one paragraph, kept on one page: LibreOffice does not always honour "keep with next" between two
        paragraphs, and left a source line alone at the top of a page, cut off from its quote."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Pt

        p = self._add(f"«{text}»" if self.lang == "es" else f"“{text}”", tpl.STYLE_QUOTE)
        fmt = p.paragraph_format
        fmt.keep_with_next, fmt.keep_together, fmt.widow_control = False, True, True
        look = self.style(tpl.STYLE_QUOTE_SOURCE, None)
        look_fmt = look.paragraph_format if look is not None else None
        fmt.space_after = (look_fmt.space_after if look_fmt is not None and look_fmt.space_after is not None
                           else Pt(10))
        quote_style = self.style(tpl.STYLE_QUOTE)
        section = self.doc.sections[-1]
        right = (quote_style.paragraph_format.right_indent or 0) if quote_style is not None else 0
        # Word and LibreOffice (for .docx) measure tab stops from the margin, not from the indent
        fmt.tab_stops.add_tab_stop(section.page_width - section.left_margin - section.right_margin - right,
                                   WD_TAB_ALIGNMENT.RIGHT)
        p.add_run().add_break()
        run = p.add_run(f"\t— {source}")
        run.italic = False
        font = look.font if look is not None else None
        run.font.size = (font.size if font is not None and font.size else Pt(9))
        if font is not None and font.color is not None and font.color.rgb is not None:
            run.font.color.rgb = font.color.rgb
        return p

    def _caption(self, word_key: str, seq: str, number: int, text: str):
        p = self._add(f"{t(word_key, lang=self.lang)} ", tpl.STYLE_CAPTION)
        tpl.add_field(p, f"SEQ {seq} \\* ARABIC", str(number))
        p.add_run(f". {text}")
        return p

    def table(self, header: Sequence[str], rows: Sequence[Sequence[object]], *, caption: str | None = None,
              widths_cm: Sequence[float] | None = None, numeric: Sequence[int] = (), bold_first: bool = False):
        """A table in the template's table style with a repeated header row; numbers right-aligned."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        self._keep_lead_in()
        if caption:
            self._tables += 1
            self._caption("report_table_word", "Table", self._tables, caption).paragraph_format.keep_with_next = True
        table = self.doc.add_table(rows=len(rows) + 1, cols=len(header))
        table_style = self.style(tpl.STYLE_TABLE, "Table Grid")
        if table_style is not None:
            table.style = table_style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        numeric = set(numeric)
        table_rows = list(table.rows)  # table.rows rebuilds its list on every access: read it once
        for r, (row, values) in enumerate(zip(table_rows, [header, *rows])):
            cells = row.cells
            for c, value in enumerate(values):
                para = self._apply(cells[c].paragraphs[0], tpl.STYLE_TABLE_TEXT)
                if isinstance(value, Rich):
                    for text, bold in value:
                        para.add_run(text).bold = bold or None
                    continue
                run = para.add_run("" if value is None else str(value))
                if r == 0 or (bold_first and c == 0):
                    run.bold = True
                if c in numeric and r > 0:
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if widths_cm:
            widths_cm = in_twips(fit_widths(widths_cm, header, rows), sum(widths_cm))
            table.autofit = False
            columns = list(table.columns)
            for c, width in enumerate(widths_cm):
                columns[c].width = Cm(width)
            for row in table_rows:
                for cell, width in zip(row.cells, widths_cm):
                    cell.width = Cm(width)
        keep_rows(table_rows, together=table_lines(widths_cm or [16.0 / len(header)] * len(header),
                                                   [header, *rows]) <= KEEP_TOGETHER_LINES)
        self._after_table = self._add("", tpl.STYLE_NOTE)
        self._after_table.paragraph_format.space_after = 0
        self._last_table = table
        return table

    def _keep_lead_in(self, most: int = 2) -> None:
        """The sentences that introduce a table are kept with its caption and first rows, so a heading and its
        intro never end a page whose next one starts with the table they announce: the body paragraphs (up to
        ``most``) between a heading and the table, or else one sentence right above it that ends in a colon."""
        from docx.text.paragraph import Paragraph

        body_styles = {None, getattr(self.style("Normal"), "style_id", "Normal")}
        intro, heading = [], False
        for el in reversed(list(self.doc.element.body.iterchildren())):
            if el.tag == f"{W}sectPr":
                continue
            style = el.pPr.pStyle.val if el.tag == f"{W}p" and el.pPr is not None and el.pPr.pStyle is not None \
                else None
            heading = el.tag == f"{W}p" and style is not None and style.startswith("Heading")
            text = "".join(x.text or "" for x in el.iter(f"{W}t")).strip()
            # a table, a note, a quote, a list, a figure, the line under a table, or more text than an intro
            if heading or el.tag != f"{W}p" or len(intro) >= most or style not in body_styles or not text \
                    or el.find(f".//{W}drawing") is not None:
                break
            intro.append((el, text))
        if not heading:  # no heading right above: only a sentence that ends announcing what follows
            intro = intro[:1] if intro and intro[0][1].endswith(":") else []
        for el, _text in intro:
            Paragraph(el, self.doc._body).paragraph_format.keep_with_next = True

    def table_note(self, *texts: str):
        """Notes about the table just added (what its dashes mean, why its rows are grouped), printed under it and
        never alone at the top of the next page: the table's last two rows go with them."""
        table = self._last_table
        if table is not None:
            for row in list(table.rows)[-2:]:
                for cell in row.cells:
                    for para in cell.paragraphs:
                        para.paragraph_format.keep_with_next = True
            self._after_table.paragraph_format.keep_with_next = True
        notes = [self.note(text) for text in texts if text]
        for p in notes[:-1]:
            p.paragraph_format.keep_with_next = True
        return notes[-1] if notes else None

    def figure(self, png: bytes, caption: str, width_cm: float = 15.5, alt: str | None = None):
        """An inline picture (PNG bytes) with a numbered caption below it and alt text for screen readers
        (Section 508): ``alt``, else the caption."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
        description = alt or caption
        for doc_pr in p._p.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
            doc_pr.set("descr", description)
            doc_pr.set("title", caption[:120])
        self.images.append(description)
        self._figures += 1
        return self._caption("report_figure_word", "Figure", self._figures, caption)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- output --------------------------------------------------------------------------------------------------

    def _toc(self) -> None:
        """Fill the template's TOC field with the headings as links (and page numbers when LibreOffice gave them),
        so the contents page is right in LibreOffice and in Word before anyone updates a field."""
        from docx.oxml import OxmlElement

        host = next((p for p in self.doc.element.body.iter(f"{W}p")
                     if any("TOC" in (x.text or "") for x in p.iter(f"{W}instrText"))), None)
        if host is None or not self.headings:
            return
        for old in getattr(self, "_toc_paragraphs", [])[1:]:  # written before: write it again with page numbers
            old.getparent().remove(old)
        instr = next(x.text for x in host.iter(f"{W}instrText") if "TOC" in (x.text or ""))

        def run(*children):
            r = OxmlElement("w:r")
            for child in children:
                r.append(child)
            return r

        def el(tag, text=None, **attrs):
            e = OxmlElement(f"w:{tag}")
            for k, v in attrs.items():
                e.set(f"{W}{k}" if k != "space" else "{http://www.w3.org/XML/1998/namespace}space", v)
            if text is not None:
                e.text = text
            return e

        paragraphs = []
        for k, (level, text, mark) in enumerate(self.headings):
            p = OxmlElement("w:p")
            ppr = el("pPr")
            style = self._toc_style(level)
            if style is not None:
                ppr.append(el("pStyle", val=style))
            p.append(ppr)
            if k == 0:
                p.append(run(el("fldChar", fldCharType="begin")))
                p.append(run(el("instrText", instr, space="preserve")))
                p.append(run(el("fldChar", fldCharType="separate")))
            link = el("hyperlink", anchor=mark, history="1")
            link.append(run(el("t", text, space="preserve")))
            if self.toc_pages.get(mark):  # no page known: a plain list of headings, not dots leading to nothing
                link.append(run(el("tab")))
                link.append(run(el("fldChar", fldCharType="begin")))
                link.append(run(el("instrText", f" PAGEREF {mark} \\h ", space="preserve")))
                link.append(run(el("fldChar", fldCharType="separate")))
                link.append(run(el("t", str(self.toc_pages[mark]))))
                link.append(run(el("fldChar", fldCharType="end")))
            p.append(link)
            paragraphs.append(p)
        paragraphs[-1].append(run(el("fldChar", fldCharType="end")))
        for p in paragraphs:
            host.addprevious(p)
        host.getparent().remove(host)
        self._toc_paragraphs = paragraphs

    def _toc_style(self, level: int) -> str | None:
        """The id of the "TOC n" style, created with a dotted right tab when the template lacks it."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
        from docx.shared import Cm, Pt

        name = f"TOC {level}"
        try:
            style = self.doc.styles[name]
        except KeyError:
            style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self.doc.styles["Normal"]
            style.paragraph_format.space_after = Pt(2 if level > 1 else 4)
            style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            section = self.doc.sections[0]
            width = section.page_width - section.left_margin - section.right_margin
            style.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            if level == 1:
                style.font.bold = True
        return style.style_id

    def _finish(self) -> None:
        from atlas_qual.reports.terms import gloss_terms

        self._toc()
        gloss_terms(self.doc, self.lang)  # "criadazgo (child domestic servitude)" where an English reader first meets it
        body = self.doc.element.body
        sect = body.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr")
        for el in self._tail:
            if sect is not None:
                sect.addprevious(el)
            else:
                body.append(el)
        self._tail = []

    def to_bytes(self) -> bytes:
        self._finish()
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()

    def save(self, path: str | os.PathLike) -> Path:
        """Write the .docx atomically (a half-written report never replaces a good one)."""
        data = self.to_bytes()
        path = Path(path)
        from atlas_qual.private_files import private_folder

        private_folder(path.parent)  # 0700 whatever the umask (a report called from a notebook)
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".docx", dir=str(path.parent))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return path


def keep_rows(rows, *, together: bool) -> None:
    """No row is cut across two pages (a definition or a recommendation read in two halves), the header row
    repeats on every page, and a short table (``together``) stays on one page with its caption instead of leaving
    one row alone at the top of the next page. A long table breaks where it must, but never leaves its last row
    alone under a repeated header, nor its header alone at a page foot."""
    from docx.oxml import OxmlElement

    last = len(rows) - 1
    for r, row in enumerate(rows):
        tr_pr = row._tr.get_or_add_trPr()
        for tag in ("cantSplit",) + (("tblHeader",) if r == 0 else ()):
            if tr_pr.find(f"{W}{tag}") is None:
                tr_pr.append(OxmlElement(f"w:{tag}"))
        if r < last and (together or r in (0, last - 1)):
            for cell in row.cells:
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True


def _cell_text(value) -> str:
    return " ".join(x for x, _b in value) if isinstance(value, Rich) else str(value if value is not None else "")


def text_lines(text: str, width_cm: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in a table cell ``width_cm`` wide, its words laid out as LibreOffice and Word
    lay them out (a word goes to the next line when it does not fit; one longer than a line is cut), each measured
    by its glyphs as :func:`fit_widths` measures it.

    Examples:
        >>> text_lines("Responsable", 2.9, bold=True), text_lines("Responsable del seguimiento", 2.9)
        (1, 3)
        >>> text_lines("", 3.0), text_lines("uno\\ndos", 3.0)
        (1, 2)
    """
    from atlas_qual.reports.glyphs import word_width_cm

    room = max(width_cm - CELL_PADDING_CM, 0.1)
    space = word_width_cm(" ", bold)
    total = 0
    for part in text.split("\n"):
        lines, used = 1, 0.0
        for word in _BREAKS.split(part):
            if not word:
                continue
            width = word_width_cm(word, bold) * FIT_MARGIN
            if used and used + space + width > room:
                lines, used = lines + 1, 0.0
            used = used + space + width if used else width
            while used > room:  # a word wider than the column is cut where the line ends
                lines, used = lines + 1, used - room
        total += lines
    return total


def table_lines(widths_cm: Sequence[float], rows: Sequence[Sequence[object]]) -> int:
    """About how many lines of text a table takes (its first row, the bold header, included): each row as tall as
    its most wrapped cell, by :func:`text_lines`.

    Examples:
        >>> table_lines([2.0, 4.0], [["Ref", "Texto"], ["R1", " ".join(["palabra"] * 9)]])  # a header, 9 words 2 a line
        6
    """
    total = 0
    for r, row in enumerate(rows):
        total += max([text_lines(_cell_text(value), widths_cm[c] if c < len(widths_cm) else 2.0, bold=r == 0)
                      for c, value in enumerate(row)] or [1])
    return total


_BREAKS = re.compile(r"[ \t\n\r]+")  # where a line may break (not at a no-break space)


TWIPS_PER_CM = 1440 / 2.54


def in_twips(widths_cm: Sequence[float], total_cm: float) -> list[float]:
    """Widths as Word stores them, in whole twips, each rounded but never more in all than ``total_cm`` (the
    columns rounded up the most give back the twip or two the rounding added: a table never runs past the margin).

    Examples:
        >>> sum(in_twips([1.3, 1.2, 6.89, 1.5, 2.19, 2.89], 16.4)) <= 16.4
        True
    """
    twips = [round(w * TWIPS_PER_CM) for w in widths_cm]
    excess = sum(twips) - math.floor(total_cm * TWIPS_PER_CM + 1e-6)
    for c in sorted(range(len(twips)), key=lambda k: widths_cm[k] * TWIPS_PER_CM - twips[k])[:max(excess, 0)]:
        twips[c] -= 1
    return [tw / TWIPS_PER_CM for tw in twips]


def fit_widths(widths_cm: Sequence[float], header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[float]:
    """Column widths wide enough for the longest word of each column (so "Asistentes" never wraps as "Asistent es"),
    the extra taken from the columns with the most room; the total stays the same.

    Examples:
        >>> fit_widths([1.0, 10.0], ["Asistentes", "Tema"], [])[0] >= 2.4
        True
        >>> fit_widths([1.0, 10.0], ["C1", "Tema"], [["100\u00a0%", "x"]])[0] >= 1.45
        True
    """
    from atlas_qual.reports.glyphs import word_width_cm

    need = []
    for c in range(len(widths_cm)):
        # measured letter by letter: "Responsable" is narrower than eleven average letters, and what a narrow
        # column over-claims comes out of the table's text column
        longest = max((word_width_cm(w, bold=True) for w in _BREAKS.split(str(header[c])) if w), default=0)
        for row in rows:
            value = row[c] if c < len(row) else ""
            text = _cell_text(value)
            # a no-break space does not break: "82 %" (Spanish) is one unit, as wide as "82%"
            longest = max(longest, max((word_width_cm(w) for w in _BREAKS.split(text)), default=0))
        need.append(min(longest * FIT_MARGIN + CELL_PADDING_CM, 6.0))
    widths = list(widths_cm)
    for c, minimum in enumerate(need):
        short = minimum - widths[c]
        if short <= 0:
            continue
        donors = sorted(range(len(widths)), key=lambda k: need[k] - widths[k])
        for k in donors:
            if k == c or short <= 0:
                continue
            room = widths[k] - need[k]
            if room > 0:
                give = min(room, short)
                widths[k] -= give
                widths[c] += give
                short -= give
    return widths


def quote_parts(paragraph) -> tuple[str, str]:
    """A quote paragraph's words and its source line, without the dash: ``("«Ahora compartimos…»", "E-01, …")``
    ("" for a source when the paragraph has none)."""
    quoted, _sep, source = paragraph.text.partition("\n\t— ")
    return quoted, source


def document_text(doc) -> str:
    """All the text of a Document (body, tables, headers, footers): what tests and checks search."""
    chunks = []
    for part in _parts(doc):
        chunks.extend(p.text for p in _iter_paragraphs(part))
    return "\n".join(chunks)


__all__ = ["DocBuilder", "Rich", "open_template", "document_text", "quote_parts", "fit_widths", "table_lines",
           "text_lines", "FIELDS", "DOCX_MIME", "DOC_LANG"]
