"""What the demo's reports still showed a reader in round 11: in both institutionalization plans a quote's source
line ("— E-02, otra institución (grupo pequeño)") opened page 6 alone, cut off from its quote (LibreOffice ignored
"keep with next" between the two paragraphs); English reports dated "7 December 2026" for a US donor who writes
"December 7, 2026"; the methods section called 48 segments "48 decisiones (unidad: un segmento por código)" and said
the percentage was raised by the segments nobody coded, beside a 72,9 % below the kappa of 0,83 (the overall
percentage is the share of segments given exactly the same codes); and the estimate of a table's height, which
decides whether a short table is kept on one page, counted 0.2 cm a letter while column widths were measured glyph by
glyph, so a one-line gap title counted as two."""

from __future__ import annotations

import re
import shutil

import docx
import pytest

from atlas_qual.reports.docx_build import document_text, quote_parts

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                   reason="LibreOffice or pdftotext not installed")


def _report(project_path, kind: str, lang: str, out, **kw):
    from atlas_qual.reports.generate import generate_report
    from atlas_qual.store import open_project

    project = open_project(project_path)
    try:
        return generate_report(project, kind, out, lang=lang, allow_incomplete=True, **kw).path
    finally:
        project.dispose()


# --- a quote and its source on one page --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def plan_pages(demo_project_template, tmp_path_factory):
    """Both plans as the CLI writes them (contents numbered with LibreOffice), page by page, and the documents."""
    from atlas_qual.reports.render import pdf_pages_lines, to_pdf
    from atlas_qual.store import open_project
    from atlas_qual.store.cycle import write_plan

    folder = tmp_path_factory.mktemp("plans11")
    project = open_project(demo_project_template)
    try:
        paths = {lang: write_plan(project, "MAUEP", folder / f"plan_{lang}.docx", lang=lang) for lang in ("es", "en")}
    finally:
        project.dispose()
    return {lang: (pdf_pages_lines(to_pdf(path, folder)), docx.Document(str(path))) for lang, path in paths.items()}


def source_alone_at_a_page_top(pages) -> list[tuple[int, str]]:
    """(page, line) for each page whose first body line (under the running header) is a quote's source line."""
    return [(n, lines[1]) for n, lines in enumerate(pages[1:], start=2)
            if len(lines) > 1 and lines[1].startswith("— ")]


@needs_soffice
@pytest.mark.parametrize("lang", ["es", "en"])
def test_plan_never_opens_a_page_with_a_quote_source_line(plan_pages, lang):
    pages, doc = plan_pages[lang]
    assert not source_alone_at_a_page_top(pages)  # was page 6: "— E-02, otra institución (grupo pequeño)"
    # and every source line is printed right under its quote, on the same page
    for _quote, source in (quote_parts(p) for p in doc.paragraphs if p.style.name == "Quote"):
        page = next(lines for lines in pages if f"— {source}" in lines)
        index = page.index(f"— {source}")
        assert page[index - 1].endswith(("»", "”")), page[index - 2:index + 1]


def test_a_quote_is_one_paragraph_kept_on_one_page_with_its_source_right_aligned():
    from docx.enum.text import WD_TAB_ALIGNMENT

    from atlas_qual.reports.docx_build import DocBuilder

    b = DocBuilder("dmop", "es", {})
    p = b.quote("Ahora compartimos la planilla.", "E-01, protección social")
    assert quote_parts(p) == ("«Ahora compartimos la planilla.»", "E-01, protección social")
    assert p.paragraph_format.keep_together and not p.paragraph_format.keep_with_next
    tab = p.paragraph_format.tab_stops[0]
    section = b.doc.sections[-1]
    right_edge = section.page_width - section.left_margin - section.right_margin - p.style.paragraph_format.right_indent
    assert tab.alignment == WD_TAB_ALIGNMENT.RIGHT and abs(tab.position - right_edge) < 20


# --- dates as the US donor writes them ---------------------------------------------------------------------------

def test_long_dates_in_english_reports_are_month_day_year():
    import datetime as dt

    from atlas_qual.reports.text import fmt_date

    assert fmt_date(dt.date(2026, 12, 7), "en", long=True) == "December 7, 2026"
    assert fmt_date(dt.date(2026, 12, 7), "es", long=True) == "7 de diciembre de 2026"


def day_month_year_dates(text: str) -> list[str]:
    return re.findall(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|"
                      r"December) \d{4}\b", text)


@needs_soffice
def test_english_plan_dates_the_learning_workshop_and_the_model_month_first(plan_pages):
    _pages, doc = plan_pages["en"]
    text = document_text(doc)
    assert "June 20, 2025" in text and "August 29, 2025" in text
    assert not day_month_year_dates(text), day_month_year_dates(text)  # "20 June 2025", "29 August 2025"


# --- the agreement figures as the methods section describes them --------------------------------------------------

@pytest.mark.parametrize("lang, sentence, overall", [
    ("es", r"Acuerdo entre codificadores sobre (\d+) segmentos que codificaron ambas personas: las dos aplicaron "
           r"exactamente los mismos códigos en ([\d,]+\s?%) de los segmentos", "General"),
    ("en", r"Inter-coder agreement over (\d+) segments both people coded: the two applied exactly the same codes to "
           r"([\d.]+%) of the segments", "Overall"),
])
def test_methods_agreement_sentence_describes_the_overall_row_of_annex_d(demo_project_template, tmp_path, lang,
                                                                         sentence, overall):
    doc = docx.Document(str(_report(demo_project_template, "dmop", lang, tmp_path / "r.docx", dmop="CR",
                                    toc_pages=False)))
    text = document_text(doc)
    found = re.search(sentence, text)
    assert found, [line for line in text.splitlines() if "agreement" in line or "Acuerdo entre" in line][:2]
    table = next(tb for tb in doc.tables if tb.rows[0].cells[1].text == "κ")
    row = next(r for r in table.rows if r.cells[0].text == overall)
    assert (row.cells[4].text, row.cells[3].text) == found.groups()  # the same segments, the same percentage
    assert not re.search(r"decisiones \(unidad|decisions \(unit|muchos casos en que ninguna|many cases where neither",
                         text)
    assert ("en la fila «General»" if lang == "es" else "in the “Overall” row") in text  # the annex note says so


# --- one measure of a table's lines and its columns' widths ------------------------------------------------------

def test_table_height_is_measured_by_the_glyphs_that_size_its_columns():
    from atlas_qual.reports.docx_build import fit_widths, table_lines, text_lines

    # an English gap title LibreOffice prints on one line of the 14 cm column (70 letters: "two lines" at 0.2 cm each)
    title = "No referral mechanism between criminal authorities and social services"
    assert len(title) * 0.2 > 14.0 - 0.45
    assert text_lines(title, 14.0) == 1
    # 22 such rows and a header: 23 lines, under the limit that keeps a table on one page (it counted 27)
    assert table_lines([2.0, 14.0], [["Gap", "Title"]] + [[f"G{k:02}", title] for k in range(22)]) == 23
    # wide letters take more lines than narrow ones of the same count
    assert text_lines(" ".join(["MMMMM"] * 6), 4.0) > text_lines(" ".join(["iiiii"] * 6), 4.0)
    # a column fit_widths sized for its longest word holds that word on one line
    for word in ("Responsable", "Coordinación", "Asistentes", "Denominador"):
        width = fit_widths([1.0, 15.0], [word, "Texto"], [])[0]
        assert text_lines(word, width, bold=True) == 1, (word, width)


def _finished_prioritization(project_path) -> str:
    from atlas_qual.store import open_project
    from atlas_qual.store.workshop.sessions import list_sessions

    project = open_project(project_path)
    try:
        return next(s.code for s in list_sessions(project) if s.kind != "learning" and s.status == "finished")
    finally:
        project.dispose()


def test_demo_workshop_gap_list_is_kept_on_one_page(demo_project_template, tmp_path):
    code = _finished_prioritization(demo_project_template)
    doc = docx.Document(str(_report(demo_project_template, "workshop", "en", tmp_path / "w.docx", session=code,
                                    toc_pages=False)))
    table = next(tb for tb in doc.tables if [c.text for c in tb.rows[0].cells] == ["Gap", "Title"])
    assert len(table.rows) == 23
    # every row but the last keeps with the next: the short table moves whole rather than break (it was let break)
    assert all(p.paragraph_format.keep_with_next for row in list(table.rows)[:-1] for c in row.cells
               for p in c.paragraphs)
