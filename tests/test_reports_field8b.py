"""What a second reading of every report kind, rendered to pages, found: a gate-round table whose gap titles wrapped
over five lines beside columns holding "sí" or "no"; a heading left alone at the foot of a page although its style
keeps it with the next paragraph (LibreOffice 7 ignores "keep with next" when not one line of what follows fits
under it); "ítems" and "Ranking" in Spanish; "mujeres" in lower case starting a table row; a hyphen for a minus
sign; tables without a caption or a total row. Documents are built from hand-made data (no database)."""

from __future__ import annotations

import datetime as dt
import shutil

import docx
import pytest

from atlas_qual.reports.docx_build import DocBuilder, document_text
from atlas_qual.reports.glyphs import word_width_cm
from atlas_qual.reports.model import Meeting, WorkshopReportData
from tests.test_reports_field import one_interview_data

MINUS = "\u2212"
TITLES = ["Comprensión no unificada de TI, TF y trata a nivel normativo",
          "Inspección de trabajo y Ministerio Público operan de forma independiente",
          "Desconocimiento de las rutas de intervención y de los roles institucionales"]


def workshop_data(lang: str = "es", **extra) -> WorkshopReportData:
    gaps = [{"id": f"G0{k}", "title": title, "yes_share": {"C1": 1.0, "C2": 0.29, "C3": 0.06},
             "premise_based": True, "conclusion_based": k != 2, "differs": k == 2, "qualifies": True,
             "score": 4.3 - k / 10, "median": 4.0, "iqr": 0.5, "n": 17, "rank": k}
            for k, title in enumerate(TITLES, start=1)]
    return WorkshopReportData(lang, {"session": {"code": "AB3K9Z", "title": "Brechas", "kind": "gaps"},
                                     "gates": [{"key": "C1", "label": "a"}, {"key": "C2", "label": "b"},
                                               {"key": "C3", "label": "c"}],
                                     "results": {"gaps": gaps, "participants": 17, "kendall_w": 0.38,
                                                 "kendall_m": 17},
                                     **extra})


def build_workshop(data, tmp_path, name="w.docx"):
    from atlas_qual.reports.workshop_report import build_workshop_report

    return docx.Document(str(build_workshop_report(data, charts=False).save(tmp_path / name)))


def caption_before(doc, table) -> str:
    prev = table._tbl.getprevious()
    return "".join(x.text or "" for x in prev.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))


def one_line(text: str, width_cm: float, bold: bool = False) -> bool:
    # the text as wide as it prints in DejaVu Sans (wider than Calibri), plus the cell margins (2 x 90 twips)
    return word_width_cm(text, bold) + 0.32 <= width_cm + 0.01


# --- 1: the gate-round table reads one line per gap ---------------------------------------------------------------


@pytest.mark.parametrize("lang, listed, item, yes", [("es", "Brechas sometidas a la ronda de filtro", "Brecha", "sí"),
                                                     ("en", "Gaps put to the gate round", "Gap", "yes")])
def test_gate_round_table_holds_ids_and_short_answers_on_one_line_with_titles_listed_in_full_above(
        tmp_path, lang, listed, item, yes):
    doc = build_workshop(workshop_data(lang), tmp_path)
    tables = list(doc.tables)
    index = next(k for k, tb in enumerate(tables) if tb.rows[0].cells[1].text == f"C1 {yes}")
    results, titles = tables[index], tables[index - 1]
    assert listed in caption_before(doc, titles)
    assert [(r.cells[0].text, r.cells[1].text) for r in titles.rows] == [
        (item, "Título" if lang == "es" else "Title"), *((f"G0{k}", t) for k, t in enumerate(TITLES, start=1))]
    assert [r.cells[0].text for r in results.rows[1:]] == ["G01", "G02", "G03"]  # no title squeezed in beside
    widths = [c.width.cm for c in results.columns]
    for row_index, row in enumerate(results.rows):
        for cell, width in zip(row.cells, widths):
            # every header word whole and every answer ("100 %", "⚠ sí") on one line
            assert all(one_line(word, width, bold=row_index == 0) for word in cell.text.split()), (cell.text, width)
            if row_index:
                assert one_line(cell.text, width), (cell.text, width)


# --- 2: no heading is left alone at the foot of a page ------------------------------------------------------------


def test_a_heading_printed_as_the_last_line_of_a_page_starts_the_next_page_with_its_subheading():
    from atlas_qual.reports.render import break_before_stranded

    b = DocBuilder("dmop", "es", {"title": "Informe"})
    model = b.heading("El modelo refinado", 1).text
    b.paragraph("Versión 2.0 del modelo.")
    evidence = b.heading("La evidencia", 1).text
    findings = b.heading("Hallazgos de la evaluación del piloto", 2).text
    b.paragraph("La evaluación se basó en 6 entrevistas.")
    b.to_bytes()  # the contents list is written on saving
    pages = [["Informe · MAUEP", "Contenido", model, evidence, findings, "Página 1 de 3"],  # contents, no numbers
             ["Informe · MAUEP", model, "Versión 2.0 del modelo.", evidence, "Página 2 de 3"],
             ["Informe · MAUEP", findings, "La evaluación se basó en 6 entrevistas.", "Página 3 de 3"]]
    assert break_before_stranded(b.doc, pages) == [evidence]
    moved = [p.text for p in b.doc.paragraphs if p.paragraph_format.page_break_before]
    assert moved == [evidence]  # not the last line of the contents page, nor the subheading


def test_a_caption_left_under_its_heading_at_the_foot_of_a_page_moves_with_the_heading():
    from atlas_qual.reports.render import break_before_stranded

    b = DocBuilder("workshop", "es", {"title": "Taller"})
    b.paragraph("Texto.")
    b.heading("Participantes por institución", 2)
    b.table(["Institución", "Participantes"], [("MTESS", 2)], caption="Participantes por institución",
            widths_cm=(10, 4))
    head = b.headings[-1][1]
    pages = [["Informe · AB3K9Z", "Texto.", head, "Tabla 1. Participantes por institución", "Página 1 de 2"],
             ["Informe · AB3K9Z", "Institución Participantes", "MTESS 2", "Página 2 de 2"]]
    assert break_before_stranded(b.doc, pages) == ["Tabla 1. Participantes por institución"]
    assert [p.text for p in b.doc.paragraphs if p.paragraph_format.page_break_before] == [head]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or pdftotext not installed")
def test_rendered_page_never_ends_with_a_heading_cut_off_from_its_text(tmp_path):
    """LibreOffice 7.4 leaves a keep-with-next heading as the last line of a page when it fits there exactly and
    not one line of the next paragraph does (here: the heading after 49 or 50 lines). After the pass, the heading
    starts the next page with its text."""
    from atlas_qual.reports.render import break_before_stranded, page_end_lines, pdf_pages_lines, to_pdf

    for lines, spacer in ((49, True), (50, False)):
        doc = docx.Document()
        for k in range(lines):
            doc.add_paragraph(f"Línea {k}")
        if spacer:
            doc.add_paragraph("").paragraph_format.space_after = 0
        doc.add_heading("Hallazgos del piloto", 1)
        doc.add_paragraph("Las instituciones acordaron una ruta común para derivar los casos. " * 6)
        path = tmp_path / f"h{lines}.docx"
        doc.save(str(path))
        break_before_stranded(doc, pdf_pages_lines(to_pdf(path, tmp_path)))
        doc.save(str(path))
        pages = pdf_pages_lines(to_pdf(path, tmp_path))
        ends = [tail[-1] for tail in page_end_lines(pages)[:-1] if tail]
        assert "Hallazgos del piloto" not in ends, (lines, ends)
        start = next(k for k, page in enumerate(pages) if "Hallazgos del piloto" in page)
        assert pages[start][pages[start].index("Hallazgos del piloto") + 1].startswith("Las instituciones")


# --- 3: Spanish as written in Paraguay, numbers as the reader writes them -----------------------------------------


def test_spanish_workshop_report_says_elementos_and_orden_de_prioridad_not_items_or_ranking(tmp_path):
    doc = build_workshop(workshop_data("es"), tmp_path)
    text = document_text(doc)
    assert "ítem" not in text.lower() and "ranking" not in text.lower()
    assert "5. Orden de prioridad de los elementos que califican" in [p.text for p in doc.paragraphs]
    assert "Regla: un elemento califica cuando" in text
    ranking = next(tb for tb in doc.tables if tb.rows[0].cells[0].text == "Puesto")
    assert [c.text for c in ranking.rows[0].cells][4] == "RIC"  # the note under it spells out RIC
    english = build_workshop(workshop_data("en"), tmp_path, "en.docx")
    ranking = next(tb for tb in english.tables if tb.rows[0].cells[0].text == "Rank")
    assert [c.text for c in ranking.rows[0].cells][4] == "IQR"


@pytest.mark.parametrize("lang, women, men", [("es", "Mujeres", "Hombres"), ("en", "Women", "Men")])
def test_attendance_table_rows_start_with_a_capital_and_negative_values_carry_a_minus_sign(tmp_path, lang, women,
                                                                                          men):
    from atlas_qual.reports.dmop import build_dmop_report

    agreement = {"units": 74, "percent_agreement": 0.649, "krippendorff_alpha": 0.75, "cohen_kappa": 0.75,
                 "per_code": {"Instituciones/MP": {"kappa": 0.0, "alpha": -0.0312, "percent": 0.932, "n": 74,
                                                   "positives": 5},
                              "Instituciones/PN": {"kappa": -0.001, "alpha": 0.0, "percent": 0.986, "n": 74,
                                                   "positives": 2}}}  # on 1 segment it would print "—"
    data = one_interview_data(lang, attendance_by_gender=(("f", 21), ("m", 14)), agreement=agreement)
    doc = docx.Document(str(build_dmop_report(data, charts=False).save(tmp_path / "d.docx")))
    sex = next(tb for tb in doc.tables if tb.rows[0].cells[0].text in ("Sexo", "Sex"))
    assert [r.cells[0].text for r in sex.rows[1:]] == [women, men, "Total"]
    kappa = next(tb for tb in doc.tables if tb.rows[0].cells[1].text == "κ")
    cells = {r.cells[0].text: (r.cells[1].text, r.cells[2].text) for r in kappa.rows[1:]}
    assert cells["Instituciones/MP"][1] == (f"{MINUS}0,03" if lang == "es" else f"{MINUS}0.03")
    assert cells["Instituciones/PN"][0] in ("0,00", "0.00")  # rounds to zero: no sign at all
    assert "-0,03" not in document_text(doc) and "-0.03" not in document_text(doc)


# --- 4: every table says what it is, and counts add up under it ---------------------------------------------------


@pytest.mark.parametrize("lang, caption, total", [("es", "Participantes por institución", "Total"),
                                                  ("en", "Participants by institution", "Total")])
def test_participants_by_institution_table_has_a_caption_and_a_total_row(tmp_path, lang, caption, total):
    members = [{"dmop": "CR", "dmop_name": "Derivaciones Comunitarias", "name": "Persona 1", "institution": "MINNA",
                "role": "champion"}]
    data = workshop_data(lang, participants={"total": 5, "by_institution": {"MTESS": 2, "MP": 2, "PN": 1}},
                         workgroups=members)
    doc = build_workshop(data, tmp_path)
    table = next(tb for tb in doc.tables if tb.rows[0].cells[1].text in ("Participantes", "Participants"))
    assert caption_before(doc, table).endswith(f". {caption}")
    assert [(r.cells[0].text, r.cells[1].text) for r in table.rows[-1:]] == [(total, "5")]
    group = next(tb for tb in doc.tables if tb.rows[0].cells[0].text in ("Nombre", "Name"))
    assert "CR" in caption_before(doc, group)


def test_dmop_report_survey_and_meeting_tables_end_with_a_total_and_coverage_counts_say_codificadas(tmp_path):
    from atlas_qual.reports.dmop import build_dmop_report

    meetings = (Meeting(dt.date(2024, 8, 20), "Alto Paraná", "Capacitación conjunta", 7),
                Meeting(dt.date(2024, 9, 17), "Boquerón", "Taller de lanzamiento", 6))
    data = one_interview_data("es", survey_respondents=12, survey_changes={"increase": 9, "no_change": 2,
                                                                           "decrease": 1}, meetings=meetings)
    doc = docx.Document(str(build_dmop_report(data, charts=False).save(tmp_path / "d.docx")))
    survey = next(tb for tb in doc.tables if tb.rows[0].cells[0].text == "Respuesta")
    assert [c.text for c in survey.rows[-1].cells] == ["Total", "12", "100,0\u00a0%"]
    register = next(tb for tb in doc.tables if len(tb.columns) == 4 and tb.rows[0].cells[2].text == "Reunión")
    assert register.rows[-1].cells[0].text == "Total" and register.rows[-1].cells[3].text == "13"
    coverage = next(tb for tb in doc.tables if tb.rows[0].cells[1].text == "Entrevistas"
                    and tb.rows[0].cells[0].text == "Territorio" and len(tb.columns) == 3)
    assert coverage.rows[0].cells[2].text == "Codificadas"
