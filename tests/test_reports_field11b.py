"""What the demo's reports still showed a reader after round 11: the reporting period printed "08/2024 – 06/2025" in
both languages and English tables dated "2025-08-29" and "2026-06"; the plan's territory sentence said "5 territorios"
over a table of one "Otros" row, and its cover subtitle repeated the title; the evaluation report's "9.
Recomendaciones" heading and intro ended a page whose next one began with their table; indicator definitions printed
"• 1."; the demo workshops had no date, place or facilitator and the ranking table cut the G10 title with "…"; the
heat map called a row "Fortalezas" under a section and a table saying "Lo que funciona"; and English reports used
"criadazgo" with no word of what it is."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import docx
import pytest

from atlas_qual.reports.docx_build import document_text

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


def _plan(project_path, lang: str, out):
    from atlas_qual.store import open_project
    from atlas_qual.store.cycle import write_plan

    project = open_project(project_path)
    try:
        return write_plan(project, "MAUEP", out, lang=lang)
    finally:
        project.dispose()


def _meta(project_path, key: str) -> str:
    from atlas_qual.store import open_project

    project = open_project(project_path)
    try:
        return project.meta(key)
    finally:
        project.dispose()


@pytest.fixture(scope="module")
def plans(demo_project_template, tmp_path_factory):
    """Both plans as the CLI writes them, with the text of each PDF page."""
    from atlas_qual.reports.render import pdf_pages_lines, to_pdf

    folder = tmp_path_factory.mktemp("plans11b")
    out = {}
    for lang in ("es", "en"):
        path = _plan(demo_project_template, lang, folder / f"plan_{lang}.docx")
        pages = pdf_pages_lines(to_pdf(path, folder)) if shutil.which("soffice") else None
        out[lang] = (docx.Document(str(path)), pages)
    return out


@pytest.fixture(scope="module")
def cr_reports(demo_project_template, tmp_path_factory):
    """The CR evaluation report in both languages: the documents and the path of each."""
    folder = tmp_path_factory.mktemp("cr11b")
    return {lang: _report(demo_project_template, "dmop", lang, folder / f"cr_{lang}.docx", dmop="CR")
            for lang in ("es", "en")}


# --- 1. dates, months and the reporting period in the reader's locale ----------------------------------------------

def test_dates_months_and_periods_are_written_as_each_locale_writes_them():
    from atlas_qual.reports.text import fmt_date, fmt_month, fmt_period

    day = dt.date(2025, 8, 29)
    assert (fmt_date(day, "es"), fmt_date(day, "en")) == ("29/08/2025", "08/29/2025")  # was 2025-08-29 in English
    assert (fmt_month("2026-06", "es"), fmt_month("2026-06", "en")) == ("junio de 2026", "June 2026")
    assert fmt_period("08/2024 – 06/2025", "es") == "agosto de 2024 – junio de 2025"
    assert fmt_period("08/2024 – 06/2025", "en") == "August 2024 – June 2025"


def test_plan_prints_the_period_and_the_timeline_in_the_readers_words(plans):
    for lang, period, month in (("es", "Período del informe: agosto de 2024 – junio de 2025", "junio de 2026"),
                                ("en", "Reporting period: August 2024 – June 2025", "June 2026")):
        doc, _pages = plans[lang]
        text = document_text(doc).replace("\u00a0", " ")
        assert period in text
        actions = next(tb for tb in doc.tables if tb.rows[0].cells[1].text in ("Acción", "Action"))
        assert actions.rows[1].cells[3].text.replace("\u00a0", " ") == month  # "06/2026" (es), "2026-06" (en)
        month_numbers = re.findall(r"(?<![\d/])\d{2}/\d{4}\b|\b20\d\d-\d\d\b", text)  # "06/2026", "2026-06"
        assert not month_numbers, month_numbers[:3]
    assert "08/29/2025" in document_text(plans["en"][0])  # the refinement's date, month first


def test_english_evaluation_report_dates_its_tables_month_first(cr_reports):
    text = document_text(docx.Document(str(cr_reports["en"])))
    assert not re.search(r"\b20\d\d-\d\d(-\d\d)?\b", text), re.findall(r"\b20\d\d-\d\d(?:-\d\d)?\b", text)[:3]
    assert "09/16/2024" in text  # the phase history: the pilot began in San Pedro on 16 September 2024
    assert "August 2024 – June 2025" in text


# --- 2. the plan's territory sentence says what its table shows, on the table's page ------------------------------

@needs_soffice
@pytest.mark.parametrize("lang, grouped", [("es", "los 5 se agrupan en una sola fila, «Otros»"),
                                           ("en", "all 5 are grouped in a single “Others” row")])
def test_plan_territory_intro_agrees_with_its_table_and_stays_on_its_page(plans, lang, grouped):
    doc, pages = plans[lang]
    table = next(tb for tb in doc.tables if tb.rows[0].cells[0].text in ("Territorio", "Territory"))
    assert [r.cells[0].text.split(" (")[0] for r in table.rows[1:]] == ["Otros" if lang == "es" else "Others"]
    intro = next(p for p in doc.paragraphs if p.text.startswith(("Resultados del piloto", "Pilot results")))
    assert grouped in " ".join(intro.text.split())
    caption = "El piloto por territorio" if lang == "es" else "The pilot by territory"
    heading = "Lo que mostraron los territorios piloto" if lang == "es" else "What the pilot territories showed"
    page = next(lines for lines in pages if any(caption in line for line in lines) and heading in lines)
    assert any(line.startswith(intro.text[:20]) for line in page)


# --- 3. the plan's cover does not say its title twice --------------------------------------------------------------

@pytest.mark.parametrize("lang, subtitle", [("es", "Plan de sostenibilidad presentado a las autoridades"),
                                            ("en", "Sustainability plan submitted to the authorities")])
def test_plan_cover_subtitle_says_what_the_plan_is_for(plans, lang, subtitle):
    doc, _pages = plans[lang]
    cover = next(p.text for p in doc.paragraphs if p.style.name == "Subtitle")
    assert cover.startswith(subtitle)
    # was "Plan de institucionalización del DMOP MAUEP: Procedimientos Unificados…", under that very title
    assert "del DMOP MAUEP:" not in cover and "of DMOP MAUEP:" not in cover


# --- 4. a heading and its intro stay with the start of their table ------------------------------------------------

def test_the_sentences_that_introduce_a_table_are_kept_with_it():
    from atlas_qual.reports.docx_build import DocBuilder

    b = DocBuilder("dmop", "es", {})
    b.heading("Recomendaciones", 1)
    intro = b.paragraph("Cada recomendación indica la institución responsable y el plazo.")
    b.table(["Ref.", "Recomendación"], [("R1", "Mantener los spots")], caption="Recomendaciones")
    b.paragraph("Un párrafo de análisis que no presenta la tabla siguiente.")
    loose = b.paragraph("Otro párrafo de análisis.")
    b.table(["Ref.", "Recomendación"], [("R2", "Reforzar las CODENI")], caption="Más")
    announce = b.paragraph("La tabla siguiente resume los valores:")
    b.table(["Ref.", "Valor"], [("A", "1")])
    assert intro.paragraph_format.keep_with_next
    assert not loose.paragraph_format.keep_with_next  # analysis between two tables is not an intro
    assert announce.paragraph_format.keep_with_next


@needs_soffice
@pytest.mark.parametrize("lang, heading, caption", [("es", "9. Recomendaciones", "Tabla 10."),
                                                    ("en", "9. Recommendations", "Table 10.")])
def test_recommendations_heading_is_printed_on_the_page_of_its_table(cr_reports, tmp_path, lang, heading, caption):
    from atlas_qual.reports.render import pdf_pages_lines, to_pdf

    pages = pdf_pages_lines(to_pdf(cr_reports[lang], tmp_path))
    body = [lines for lines in pages[3:]]  # past the contents
    page = next(lines for lines in body if heading in lines)
    assert any(line.startswith(caption) for line in page), page[-6:]  # was: heading and intro alone at the foot


# --- 5. indicator definitions: a number, no bullet -----------------------------------------------------------------

def test_indicator_definitions_are_numbered_without_a_bullet(cr_reports):
    doc = docx.Document(str(cr_reports["es"]))
    defs = [p for p in doc.paragraphs if re.match(r"\d\.\t", p.text)]
    assert [p.text[0] for p in defs] == ["1", "2", "3", "4", "5", "6"]
    for p in defs:
        assert p.style.name == "Normal" and p._p.pPr.numPr is None  # no list style, no bullet before "1."
        assert p.runs[0].bold and p.runs[0].text.startswith("1.\t% de actores" if p.text[0] == "1" else p.text[:3])
    assert not any(re.match(r"\d\. ", p.text) and p.style.name.startswith("List") for p in doc.paragraphs)


# --- 6. the demo workshops' date, place and facilitator; whole gap titles ------------------------------------------

@pytest.mark.parametrize("meta_key", ["demo_session", "demo_learning_session"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_demo_workshops_record_date_place_and_facilitator(demo_project_template, tmp_path, meta_key, lang):
    code = _meta(demo_project_template, meta_key)
    doc = docx.Document(str(_report(demo_project_template, "workshop", lang, tmp_path / "w.docx", session=code,
                                    toc_pages=False)))
    details = next(tb for tb in doc.tables if tb.rows[0].cells[0].text in ("Dato", "Detail"))
    values = {r.cells[0].text: r.cells[1].text for r in details.rows[1:]}
    missing = "sin registrar" if lang == "es" else "not recorded"
    assert missing not in values.values(), values
    place, facilitator = (values["Lugar"], values["Facilitación"]) if lang == "es" else \
        (values["Place"], values["Facilitator"])
    assert "Asunción" in place and "ATLAS" in facilitator
    if meta_key == "demo_session":
        assert values.get("Fecha", values.get("Date")) in ("24 de abril de 2024", "April 24, 2024")


@pytest.mark.parametrize("lang, g10", [
    ("es", "G10. Falta de un mecanismo de derivación entre autoridades penales y servicios sociales"),
    ("en", "G10. No referral mechanism between criminal authorities and social services")])
def test_workshop_ranking_table_prints_whole_gap_titles(demo_project_template, tmp_path, lang, g10):
    code = _meta(demo_project_template, "demo_session")
    doc = docx.Document(str(_report(demo_project_template, "workshop", lang, tmp_path / "w.docx", session=code,
                                    toc_pages=False)))
    ranking = next(tb for tb in doc.tables if tb.rows[0].cells[0].text in ("Puesto", "Rank"))
    titles = [r.cells[1].text for r in ranking.rows[1:]]
    assert g10 in titles  # the Spanish title was cut: "…entre autoridades penales y servicios…"
    assert not any(title.endswith("…") for title in titles)


# --- 7. one name for the strengths: the heat map's row as the section's -------------------------------------------

@pytest.mark.parametrize("lang, works, code", [("es", "Lo que funciona", "Fortalezas"),
                                               ("en", "What works", "Strengths")])
def test_heatmap_row_is_named_as_the_section_and_the_themes_table(demo_project_template, tmp_path, monkeypatch,
                                                                  lang, works, code):
    from atlas_qual.reports import charts

    drawn = {}
    real = charts.heatmap

    def spy(rows, columns, matrix, **kw):
        drawn["rows"] = list(rows)
        return real(rows, columns, matrix, **kw)

    monkeypatch.setattr(charts, "heatmap", spy)
    doc = docx.Document(str(_report(demo_project_template, "dmop", lang, tmp_path / "m.docx", dmop="MAUEP",
                                    toc_pages=False)))
    assert works in drawn["rows"] and code not in drawn["rows"]
    themes = [tb for tb in doc.tables if any(r.cells[0].text == works for r in tb.rows[1:])]
    assert themes  # the themes table names the same row the same way


# --- 8. criadazgo glossed where an English reader first meets it ---------------------------------------------------

def test_english_reports_gloss_criadazgo_at_its_first_use(cr_reports, demo_project_template, tmp_path):
    text = document_text(docx.Document(str(cr_reports["en"])))
    first = re.search(r"criadazgo\b.{0,30}", text, re.I)
    assert first.group(0).startswith("criadazgo (child domestic servitude)"), first.group(0)
    assert text.count("(child domestic servitude)") == 1
    assert "(child domestic servitude)" not in document_text(docx.Document(str(cr_reports["es"])))
    code = _meta(demo_project_template, "demo_session")
    doc = docx.Document(str(_report(demo_project_template, "workshop", "en", tmp_path / "w.docx", session=code,
                                    toc_pages=False)))
    assert "Criadazgo (child domestic servitude) seen as normal" in document_text(doc)
