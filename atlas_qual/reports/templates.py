"""The Word templates of the reports: where they are, and how the default ones are built (styles, cover, header and
footer with page numbers, a table-of-contents field, ``{{ field }}`` placeholders and the ``{{ content }}`` marker).

The organisation restyles ``templates/*.docx`` in Word (fonts, colours, logo, cover layout) without touching code;
the code only fills the placeholders and writes the content with the template's styles. ``templates/make_templates.py``
regenerates the default files from :func:`build_template`.

Examples:
    >>> sorted(KINDS)
    ['dmop', 'handout', 'workshop']
"""

from __future__ import annotations

import os
from pathlib import Path

KINDS = {"dmop": "dmop_report.docx", "workshop": "workshop_report.docx", "handout": "handout.docx"}

# The styles every report uses; a restyled template must keep these names (missing ones fall back to Normal).
STYLE_QUOTE = "Quote"
STYLE_QUOTE_SOURCE = "Quote Source"
STYLE_CAPTION = "Caption"
STYLE_TABLE = "Atlas Table"
STYLE_TABLE_TEXT = "Table Text"
STYLE_COVER_META = "Cover Meta"
STYLE_NOTE = "Small Note"
STYLE_KEY_FIGURE = "Key Figure"

INK, BLUE, NAVY, MUTED, LIGHT = "111827", "1F5FA8", "1E3A5F", "4B5563", "E8EEF6"


def templates_dir() -> Path:
    """``templates/`` of the checkout, or ``$ATLAS_QUAL_TEMPLATES``."""
    env = os.environ.get("ATLAS_QUAL_TEMPLATES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "templates"


def template_path(kind: str) -> Path:
    """Where the template of a report kind lives (it may not exist: then the built-in default is used)."""
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}; use one of {sorted(KINDS)}")
    return templates_dir() / KINDS[kind]


# --- building the default templates -----------------------------------------------------------------------------


def _rgb(hex_color: str):
    from docx.shared import RGBColor

    return RGBColor.from_string(hex_color)


def _paragraph_style(doc, name: str, base: str | None = "Normal"):
    from docx.enum.style import WD_STYLE_TYPE

    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = styles[base]
        style.quick_style = True
        return style


def _border(owner, side: str, color: str, size: int = 18, space: int = 8) -> None:
    """A paragraph border (``side`` left/bottom/...) on a style or a paragraph; ``size`` in eighths of a point."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = owner._p if hasattr(owner, "_p") else owner.element
    ppr = element.get_or_add_pPr()
    pbdr = ppr.find(qn("w:pBdr"))
    if pbdr is None:
        pbdr = OxmlElement("w:pBdr")
        ppr.append(pbdr)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), color)
    pbdr.append(edge)


def _shading_xml(fill: str) -> str:
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'


def _table_style(doc) -> None:
    """"Atlas Table": thin grey grid, navy header row with white bold text, banded rows, repeated header."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    styles = doc.styles
    try:
        styles[STYLE_TABLE]
        return
    except KeyError:
        pass
    style = styles.add_style(STYLE_TABLE, WD_STYLE_TYPE.TABLE)
    style.base_style = styles["Normal Table"]
    style.font.size = None
    el = style.element
    ns = nsdecls("w")
    el.append(parse_xml(
        f'<w:pPr {ns}><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr>'))
    el.append(parse_xml(f'<w:rPr {ns}><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'))
    el.append(parse_xml(
        f'<w:tblPr {ns}><w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/>'
        '<w:tblBorders>'
        '<w:top w:val="single" w:sz="4" w:space="0" w:color="9CA3AF"/>'
        '<w:left w:val="single" w:sz="4" w:space="0" w:color="9CA3AF"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="9CA3AF"/>'
        '<w:right w:val="single" w:sz="4" w:space="0" w:color="9CA3AF"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="D1D5DB"/>'
        '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="D1D5DB"/>'
        '</w:tblBorders>'
        '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="90" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar>'
        '</w:tblPr>'))
    el.append(parse_xml(
        f'<w:tblStylePr {ns} w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:trPr><w:tblHeader/></w:trPr><w:tcPr>{_shading_xml(NAVY)}</w:tcPr></w:tblStylePr>'))
    el.append(parse_xml(
        f'<w:tblStylePr {ns} w:type="band2Horz"><w:tcPr>{_shading_xml("F3F4F6")}</w:tcPr></w:tblStylePr>'))


def _styles(doc) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    # no colour on Normal: a paragraph style's colour would override the table style's white header text
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    for name, size, color, before, after in (("Title", 28, NAVY, 0, 6), ("Subtitle", 15, BLUE, 0, 12),
                                             ("Heading 1", 17, NAVY, 18, 6), ("Heading 2", 13.5, BLUE, 14, 4),
                                             ("Heading 3", 11.5, "374151", 10, 3), ("TOC Heading", 17, NAVY, 0, 12)):
        st = styles[name]
        st.font.name = "Calibri"
        st.font.size = Pt(size)
        st.font.color.rgb = _rgb(color)
        st.font.italic = False
        st.font.bold = name not in ("Subtitle",)
        st.paragraph_format.space_before = Pt(before)
        st.paragraph_format.space_after = Pt(after)
        st.paragraph_format.keep_with_next = True
    title_ppr = styles["Title"].element.get_or_add_pPr()
    for bdr in title_ppr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"):
        title_ppr.remove(bdr)

    quote = styles[STYLE_QUOTE]
    quote.font.italic = True
    quote.font.size = Pt(10.5)
    quote.font.color.rgb = _rgb("374151")
    quote.paragraph_format.left_indent = Cm(0.8)
    quote.paragraph_format.right_indent = Cm(0.8)
    quote.paragraph_format.space_before = Pt(6)
    quote.paragraph_format.space_after = Pt(1)
    quote.paragraph_format.keep_with_next = True
    quote.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _border(quote, "left", BLUE, size=18, space=8)

    source = _paragraph_style(doc, STYLE_QUOTE_SOURCE)
    source.font.size = Pt(9)
    source.font.color.rgb = _rgb(MUTED)
    source.paragraph_format.left_indent = Cm(0.8)
    source.paragraph_format.right_indent = Cm(0.8)
    source.paragraph_format.space_after = Pt(10)
    source.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    caption = styles[STYLE_CAPTION]
    caption.font.size = Pt(9)
    caption.font.bold = False
    caption.font.italic = True
    caption.font.color.rgb = _rgb(MUTED)
    caption.paragraph_format.space_before = Pt(3)
    caption.paragraph_format.space_after = Pt(10)

    meta = _paragraph_style(doc, STYLE_COVER_META)
    meta.font.size = Pt(12)
    meta.font.color.rgb = _rgb(MUTED)
    meta.paragraph_format.space_after = Pt(4)

    note = _paragraph_style(doc, STYLE_NOTE)
    note.font.size = Pt(8.5)
    note.font.color.rgb = _rgb(MUTED)

    table_text = _paragraph_style(doc, STYLE_TABLE_TEXT)
    table_text.font.size = Pt(9.5)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0

    key = _paragraph_style(doc, STYLE_KEY_FIGURE)
    key.font.size = Pt(12)
    key.font.bold = True
    key.font.color.rgb = _rgb(NAVY)
    key.paragraph_format.space_before = Pt(4)
    key.paragraph_format.space_after = Pt(4)
    key.paragraph_format.left_indent = Cm(0.3)
    _border(key, "left", BLUE, size=24, space=6)

    for name in ("Header", "Footer"):
        st = styles[name]
        st.font.size = Pt(8.5)
        st.font.color.rgb = _rgb(MUTED)
    _table_style(doc)


def add_field(paragraph, instruction: str, cached: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC, SEQ ...) in ``paragraph``, showing ``cached`` until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):
        run = paragraph.add_run()
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            fld.set(qn("w:dirty"), "true")
        run._r.append(fld)
        return run

    char("begin")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._r.append(instr)
    char("separate")
    paragraph.add_run(cached)
    char("end")


def _page_break(doc) -> None:
    from docx.enum.text import WD_BREAK

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _header_footer(section, *, cover: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section.different_first_page_header_footer = cover
    header = section.header.paragraphs[0]
    header.text = "{{ short_title }}"
    header.style = "Header"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _border(header, "bottom", "D1D5DB", size=4, space=4)
    footer = section.footer.paragraphs[0]
    footer.style = "Footer"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ footer_text }}  ·  {{ page_word }} ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" {{ of_word }} ")
    add_field(footer, "NUMPAGES", "1")


def _update_fields_on_open(doc) -> None:
    """Word refreshes the table of contents and page counts when the file is opened."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        settings.append(el)


def build_template(kind: str):
    """A default template as a python-docx Document (A4, styles, header/footer, cover and placeholders).

    Placeholders: ``title``, ``subtitle``, ``report_kind``, ``scope``, ``date``, ``organisation``, ``confidentiality``,
    ``toc_title``, ``short_title``, ``footer_text``, ``page_word``, ``of_word``, and the front matter: ``partners``,
    ``agreement``, ``authors``, ``version_line``, ``coverage_note``, ``funding``, ``disclaimer``, ``front_title``;
    ``{{ content }}`` marks where the report body goes.

    Examples:
        >>> doc = build_template("handout")
        >>> any("{{ content }}" in p.text for p in doc.paragraphs)
        True
    """
    import docx
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm, Pt

    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}; use one of {sorted(KINDS)}")
    doc = docx.Document()
    core = doc.core_properties
    core.author, core.title, core.comments = "atlas-qual", "{{ title }}", ""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.3)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    section.start_type = WD_SECTION.NEW_PAGE
    _styles(doc)
    body = doc.element.body
    for p in list(body.iterchildren()):
        if p.tag.endswith("}p"):
            body.remove(p)

    cover = kind in ("dmop", "workshop")
    _header_footer(section, cover=cover)
    if cover:
        spacer = doc.add_paragraph()
        spacer.paragraph_format.space_before = Pt(110)
        doc.add_paragraph("{{ report_kind }}", style=STYLE_COVER_META)
        doc.add_paragraph("{{ title }}", style="Title")
        doc.add_paragraph("{{ subtitle }}", style="Subtitle")
        doc.add_paragraph("{{ scope }}", style=STYLE_COVER_META)
        doc.add_paragraph("{{ date }}", style=STYLE_COVER_META)
        doc.add_paragraph("{{ version_line }}", style=STYLE_COVER_META)
        doc.add_paragraph("{{ coverage_note }}", style=STYLE_KEY_FIGURE)
        later = doc.add_paragraph("{{ organisation }}", style=STYLE_COVER_META)
        later.paragraph_format.space_before = Pt(110)
        doc.add_paragraph("{{ partners }}", style=STYLE_COVER_META)
        doc.add_paragraph("{{ confidentiality }}", style=STYLE_NOTE)
        _page_break(doc)
        # the inside cover: what USDOL requires on every funded publication
        doc.add_paragraph("{{ front_title }}", style="TOC Heading")
        for name in ("agreement", "authors", "version_line"):
            doc.add_paragraph("{{ %s }}" % name, style=STYLE_COVER_META)
        funding = doc.add_paragraph("{{ funding }}")
        funding.paragraph_format.space_before = Pt(18)
        doc.add_paragraph("{{ disclaimer }}")
        _page_break(doc)
        doc.add_paragraph("{{ toc_title }}", style="TOC Heading")
        add_field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "{{ toc_hint }}")
        _page_break(doc)
    else:
        doc.add_paragraph("{{ report_kind }}", style=STYLE_COVER_META)
        doc.add_paragraph("{{ title }}", style="Title")
        doc.add_paragraph("{{ subtitle }}", style="Subtitle")
        doc.add_paragraph("{{ scope }}  ·  {{ date }}", style=STYLE_COVER_META)
    doc.add_paragraph("{{ content }}")
    if not cover:
        doc.add_paragraph("{{ confidentiality }}", style=STYLE_NOTE)
    _update_fields_on_open(doc)
    return doc


def write_templates(folder: str | os.PathLike | None = None) -> list[Path]:
    """Write the three default templates into ``folder`` (default: :func:`templates_dir`); returns their paths."""
    from atlas_qual.private_files import private_folder

    target = private_folder(Path(folder) if folder else templates_dir())
    written = []
    for kind, filename in KINDS.items():
        path = target / filename
        build_template(kind).save(str(path))
        written.append(path)
    return written


__all__ = ["KINDS", "templates_dir", "template_path", "build_template", "write_templates", "add_field"]
