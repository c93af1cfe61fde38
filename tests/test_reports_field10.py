"""What the demo's reports still showed a donor officer and a ministry reader in round 10: an English author line in
Spanish reports, Annex B's privacy note alone at the top of a page, a handout question that called 16 coded segments
"16 debilidades", the community-referral reach table running over three pages (one row per month, channel and
territory), and the agreement annex leaving its last row alone under a repeated header. Documents are reopened with
python-docx; the page checks render the report with LibreOffice as the CLI does."""

from __future__ import annotations

import re
import shutil

import docx
import pytest

from atlas_qual.reports.docx_build import document_text

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                   reason="LibreOffice or pdftotext not installed")


def _report(project_path, kind: str, dmop: str, lang: str, out, toc_pages: bool = False):
    from atlas_qual.reports.generate import generate_report
    from atlas_qual.store import open_project

    project = open_project(project_path)
    try:
        return generate_report(project, kind, out, dmop=dmop, lang=lang, allow_incomplete=True,
                               toc_pages=toc_pages).path
    finally:
        project.dispose()


# --- the author line ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, expected, foreign", [
    ("es", "Autoría: Equipo de monitoreo y evaluación de ATLAS", "M&E team"),
    ("en", "ATLAS M&E team", "Equipo de monitoreo"),
])
def test_demo_report_author_line_is_in_the_report_language(demo_project_template, tmp_path, lang, expected, foreign):
    text = document_text(docx.Document(_report(demo_project_template, "dmop", "CR", lang, tmp_path / "r.docx")))
    assert expected in text
    assert foreign not in text


def test_author_line_per_language_setting_else_the_common_one():
    from atlas_qual.reports.front_matter import front_matter

    settings = {"report.authors": "Equipo de M&E de ATLAS", "report.authors.en": "ATLAS M&E team"}
    assert "Equipo de M&E de ATLAS" in front_matter(settings, "es")["authors"]
    assert "ATLAS M&E team" in front_matter(settings, "en")["authors"]
    assert "Winrock" in front_matter({"report.authors": "Winrock International"}, "en")["authors"]


def test_per_language_author_setting_is_accepted_by_the_cli(cli, project_path):
    assert cli("init", "--project", project_path).code == 0
    assert cli("settings", "set", "report.authors.en", "ATLAS M&E team", "--project", project_path).code == 0


# --- the handout's weakness question -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang, pattern, wrong", [
    ("es", r"En (\d+) entrevistas? se señalaron debilidades", r"señalaron \d+ debilidades"),
    ("en", r"Weaknesses came up in (\d+) interviews?", r"pointed out \d+ weaknesses"),
])
def test_handout_weakness_question_counts_interviews_not_coded_segments(demo_project_template, lang, pattern, wrong):
    from atlas_qual.reports.handout import discussion_questions
    from atlas_qual.store import open_project
    from atlas_qual.store.report_data import dmop_report_data

    project = open_project(demo_project_template)
    try:
        data = dmop_report_data(project, "CR", None, lang=lang)
    finally:
        project.dispose()
    weak = data.section("weaknesses")
    assert weak.segments > weak.interviews  # the demo: more segments than interviews, the count that was printed
    questions = " ".join(discussion_questions(data))
    found = re.search(pattern, questions)
    assert found and int(found.group(1)) == weak.interviews, questions
    assert not re.search(wrong, questions)


# --- the reach tables --------------------------------------------------------------------------------------------

def _tables_after(doc, caption_start: str):
    """The tables whose caption starts with ``caption_start`` (after "Tabla N. ")."""
    body = doc.element.body
    out, wanted = [], False
    for el in body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(x.text or "" for x in el.iter() if x.tag.endswith("}t"))
            wanted = caption_start in text
        elif tag == "tbl" and wanted:
            out.append(docx.table.Table(el, doc))
            wanted = False
    return out


def test_reach_tables_are_short_and_have_whole_word_headers(demo_project_template, tmp_path):
    doc = docx.Document(_report(demo_project_template, "dmop", "CR", "es", tmp_path / "r.docx"))
    tables = _tables_after(doc, "Alcance por")
    assert len(tables) == 2
    for table in tables:
        assert len(table.rows) <= 12 and len(table.columns) <= 5  # was 52 rows by 7 columns
        header = [c.text for c in table.rows[0].cells]
        assert not any(h.endswith(".") for h in header), header  # "Public.", "Replic.", "Coment." were abbreviations
    month = tables[1]
    assert month.rows[-1].cells[0].text == "Total" and month.rows[-1].cells[1].text == "752"
    text = document_text(doc)
    assert "registro de M&E" in text.split("Alcance por mes")[1][:2000]


def test_reach_totals_sum_by_key_and_average_the_radio_rating():
    from atlas_qual.reports.dmop_parts import reach_totals
    from atlas_qual.reports.model import ReachRow

    rows = [ReachRow("2024-10", "radio_comunitaria", "Pilar", 2, 0, 1, 3.0),
            ReachRow("2024-11", "radio_comunitaria", "Pilar", 4, 0, 3, 4.0),
            ReachRow("2024-11", "facebook", "Pilar", 5, 9, 2, None)]
    assert reach_totals(rows, lambda r: r.month) == [("2024-10", (2, 0, 1, 3.0)), ("2024-11", (9, 9, 5, 4.0))]


# --- tables and their notes across pages -------------------------------------------------------------------------

def _keeps(row) -> bool:
    return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)


def test_long_table_keeps_header_with_first_row_and_last_row_with_the_one_before():
    from atlas_qual.reports.docx_build import DocBuilder

    b = DocBuilder("dmop", "es", {})
    table = b.table(["Código", "Definición"], [(f"C{k}", "definición " * 12) for k in range(60)],
                    caption="Libro de códigos", widths_cm=(4, 12))
    rows = list(table.rows)
    assert _keeps(rows[0]) and _keeps(rows[-2])
    assert not _keeps(rows[-1]) and not _keeps(rows[30])  # the rest may break where the page ends


def test_table_note_goes_with_the_table_end():
    from atlas_qual.reports.docx_build import DocBuilder

    b = DocBuilder("dmop", "es", {})
    table = b.table(["Código", "Definición"], [(f"C{k}", "definición " * 12) for k in range(60)],
                    caption="Libro de códigos", widths_cm=(4, 12))
    note = b.table_note("Primera nota.", "Segunda nota.")
    assert note.text == "Segunda nota."
    assert _keeps(list(table.rows)[-1])
    paras = b.doc.paragraphs
    first = next(p for p in paras if p.text == "Primera nota.")
    assert first.paragraph_format.keep_with_next and not note.paragraph_format.keep_with_next


@pytest.fixture(scope="module")
def cr_pages(demo_project_template, tmp_path_factory):
    """The CR report in Spanish, generated as the CLI does (contents numbered with LibreOffice), page by page."""
    from atlas_qual.reports.render import pdf_pages_lines, to_pdf

    folder = tmp_path_factory.mktemp("cr")
    path = _report(demo_project_template, "dmop", "CR", "es", folder / "cr.docx", toc_pages=True)
    return pdf_pages_lines(to_pdf(path, folder))


@needs_soffice
def test_annex_b_privacy_note_shares_its_page_with_the_interview_list(cr_pages):
    annex = next(n for n, page in enumerate(cr_pages) if "Anexo B. Lista anonimizada de entrevistas" in page)
    note = next(n for n in range(annex, len(cr_pages))
                if any(line.startswith("Para evitar la identificación indirecta") for line in cr_pages[n]))
    assert any(line.startswith("E-05") for line in cr_pages[note])  # the last interview row is on the note's page
    # and a month is never cut in two in the list ("junio de" / "2025")
    listing = " ".join(cr_pages[annex] + cr_pages[note])
    assert not re.search(r"(mayo|junio) de\s*$", "\n".join(cr_pages[annex] + cr_pages[note]), re.M), listing


@needs_soffice
def test_reach_section_fits_on_one_page(cr_pages):
    start = next(n for n, page in enumerate(cr_pages) if "Alcance de la campaña de derivaciones comunitarias" in page)
    end = next(n for n in range(start, len(cr_pages)) if "5.3. Sostenibilidad" in cr_pages[n])
    with_months = [n for n in range(start, end + 1)
                   if any(re.match(r"\d{2}/20\d{2}\b|(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
                                   r"octubre|noviembre|diciembre) de 20\d{2}\b", line) for line in cr_pages[n])]
    assert len(with_months) == 1, with_months  # the monthly rows ran over two or three pages


@needs_soffice
def test_agreement_annex_never_leaves_one_row_alone_on_a_page(cr_pages):
    start = next(n for n, page in enumerate(cr_pages) if "Anexo D. Acuerdo entre codificadores" in page)
    end = next(n for n in range(start, len(cr_pages)) if any(line.startswith("κ: kappa") for line in cr_pages[n]))
    for n in range(start + 1, end + 1):  # each continuation page: more than one row under the repeated header
        rows = [line for line in cr_pages[n] if re.fullmatch(r"\d+,\d+ %|\d+(,\d)? ?%", line)]
        assert len(rows) >= 2, cr_pages[n][:25]
