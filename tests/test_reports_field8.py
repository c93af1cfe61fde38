"""What a reading of every report kind, rendered to pages, found: the acronym table expanding DMOP as something the
project never called it, tables cut mid-row and short tables leaving one row alone on the next page, covers saying
"Version 1.0" over unreviewed machine drafts, and a handout for ministry officials without USDOL's funding statement
and disclaimer. Documents are built from hand-made data (no database)."""

from __future__ import annotations

import docx
import pytest

from atlas_qual.reports.docx_build import DocBuilder, document_text
from atlas_qual.reports.model import WorkshopReportData
from tests.test_reports_field import one_interview_data
from tests.test_reports_field5 import learning_data

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def saved(builder, tmp_path, name="r.docx"):
    return docx.Document(str(builder.save(tmp_path / name)))


def cover_lines(doc) -> list[str]:
    """The paragraphs before the table of contents: the cover and the inside cover."""
    lines = []
    for p in doc.paragraphs:
        if p.text in ("Contenido", "Contents"):
            break
        lines.append(p.text)
    return lines


# --- the acronym table names the model as the project does --------------------------------------------------------


@pytest.mark.parametrize("lang, dmop, dmopc", [
    ("es", "Modelo diferenciado de práctica (Differentiated Model of Practice)",
     "Modelo diferenciado de práctica de coordinación"),
    ("en", "Differentiated Model of Practice", "Differentiated Model of Practice for coordination")])
def test_acronym_table_expands_dmop_as_differentiated_model_of_practice(tmp_path, lang, dmop, dmopc):
    from atlas_qual.reports.dmop import build_dmop_report

    doc = saved(build_dmop_report(one_interview_data(lang), charts=False), tmp_path)
    table = doc.tables[0]
    meaning = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    assert meaning["DMOP"] == dmop and meaning["DMOP-C"] == dmopc
    assert "Documented Model" not in document_text(doc) and "documentado" not in document_text(doc)


# --- tables are not cut badly across pages ------------------------------------------------------------------------


def _row_flags(table):
    flags = []
    for row in table.rows:
        tr_pr = row._tr.trPr
        keep = all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
        flags.append((tr_pr is not None and tr_pr.find(f"{W}cantSplit") is not None, keep))
    return flags


def test_a_short_table_stays_on_one_page_and_no_row_is_cut_in_two(tmp_path):
    b = DocBuilder("workshop", "es", {"title": "Taller"})
    b.heading("Participantes por institución", 2)
    b.table(["Institución", "Participantes"], [("MTESS", 2), ("MP", 2), ("PN", 2)], widths_cm=(10, 4))
    table = saved(b, tmp_path).tables[0]
    flags = _row_flags(table)
    assert all(cant_split for cant_split, _ in flags)  # a row is never read in two halves
    # every row but the last keeps with the next: "PN 2" never sits alone at the top of a page
    assert [keep for _, keep in flags] == [True, True, True, False]
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None


def test_a_long_table_may_run_over_pages_but_its_rows_stay_whole(tmp_path):
    b = DocBuilder("dmop", "es", {"title": "Informe"})
    rows = [(f"Código {k}", "Una definición larga que ocupa varias líneas de la tabla. " * 3) for k in range(40)]
    b.table(["Código", "Definición"], rows, widths_cm=(5.5, 10.5))
    flags = _row_flags(saved(b, tmp_path).tables[0])
    assert all(cant_split for cant_split, _ in flags)
    # 40 rows do not fit a page: Word must be free to break it, except after the header and before the last row
    assert [keep for _, keep in flags] == [True] + [False] * 38 + [True, False]


def test_a_table_of_few_but_tall_rows_is_not_pushed_whole_to_the_next_page(tmp_path):
    """Eleven recommendations of six lines each fill more than a page: kept together, they left a page blank
    under the section heading and broke anyway."""
    b = DocBuilder("workshop", "es", {"title": "Taller"})
    text = "Que las capacitaciones conjuntas se repitan cada año, porque la gente rota y el conocimiento se pierde."
    b.table(["Puesto", "Recomendación", "Responsable"], [(k, text, "MTESS") for k in range(1, 12)],
            widths_cm=(1.5, 4.0, 3.0))
    flags = _row_flags(saved(b, tmp_path).tables[0])
    assert all(cant_split for cant_split, _ in flags)
    assert [keep for _, keep in flags] == [True] + [False] * 9 + [True, False]  # free to break between its rows


def test_the_workgroup_tables_of_a_workshop_report_are_kept_whole(tmp_path):
    from atlas_qual.reports.workshop_report import build_workshop_report

    members = [{"dmop": "CR", "dmop_name": "Derivaciones Comunitarias", "name": f"Persona {k}",
                "institution": "MINNA", "role": "champion"} for k in range(6)]
    data = WorkshopReportData("es", {"session": {"code": "AB3K9Z", "title": "Brechas", "kind": "gaps"},
                                     "results": {"gaps": [], "participants": 6}, "workgroups": members})
    doc = saved(build_workshop_report(data, charts=False), tmp_path)
    table = next(tb for tb in doc.tables if tb.rows[0].cells[0].text == "Nombre")
    assert [keep for _, keep in _row_flags(table)] == [True] * 6 + [False]


# --- a cover over drafts says it is a draft -----------------------------------------------------------------------


def test_dmop_report_cover_says_draft_while_it_prints_machine_drafts(tmp_path):
    from atlas_qual.reports.dmop import build_dmop_report, draft_counts

    data = one_interview_data("es", settings={"report.version": "1.0"})
    n = sum(draft_counts(data).values())
    assert n > 0
    cover = cover_lines(saved(build_dmop_report(data, charts=False), tmp_path))
    expected = f"BORRADOR: {n} textos que redactó la herramienta esperan la revisión del equipo de análisis"
    assert sum(expected in line for line in cover) == 2, cover  # the cover and the inside cover
    assert any(line.startswith("Versión 1.0") and expected in line for line in cover)


def test_learning_report_cover_says_draft_in_english_and_not_once_reviewed(tmp_path):
    from atlas_qual.reports.learning_report import build_learning_report

    cover = cover_lines(saved(build_learning_report(learning_data("en"), charts=False), tmp_path))
    assert any("DRAFT: 5 texts the tool drafted await the analysts' review" in line for line in cover), cover
    reviewed = learning_data("en", source="facilitator")
    cover = cover_lines(saved(build_learning_report(reviewed, charts=False), tmp_path, "ok.docx"))
    assert not any("DRAFT" in line for line in cover)
    assert any(line.startswith("Version 1.0") for line in cover)


# --- the handout carries USDOL's funding statement and disclaimer -------------------------------------------------


@pytest.mark.parametrize("lang, funding, disclaimer", [
    ("es", "El financiamiento es proporcionado por el Departamento de Trabajo de los Estados Unidos",
     "Este material no refleja necesariamente los puntos de vista o las políticas del Departamento de Trabajo"),
    ("en", "Funding is provided by the United States Department of Labor",
     "This material does not necessarily reflect the views or policies of the United States Department of Labor")])
def test_handout_carries_the_usdol_funding_statement_and_disclaimer(tmp_path, lang, funding, disclaimer):
    from atlas_qual.reports.handout import build_handout

    data = one_interview_data(lang, settings={"report.cooperative_agreement": "IL-35806-20-75-K"})
    text = document_text(saved(build_handout(data, charts=False), tmp_path))
    assert funding in text and "IL-35806-20-75-K" in text
    assert text.count(disclaimer) == 1


# --- the DMOP report's coordination table and chart: no row for one or two interviews (round 8, lead) -----------


def test_dmop_report_coordination_table_merges_territories_below_the_small_cell_threshold(tmp_path):
    from atlas_qual.reports.dmop import build_dmop_report
    from atlas_qual.reports.model import DmopReportData, Interview

    interviews = tuple(Interview(f"E-0{k}", "", "MTESS", terr, "", None, frozenset({change}), coded=True)
                       for k, (terr, change) in enumerate(
                           [("Alto Paraná", "increase")] * 4 + [("Boquerón", "no_change"), ("Ñeembucú", "increase")]))
    data = DmopReportData(lang="es", dmop_id="MAUEP", dmop_name="Ruta", interviews=interviews,
                          territories=("Alto Paraná", "Boquerón", "Ñeembucú"), settings={"report.small_cell": "3"},
                          content={"questions": [{"id": "EQ3", "criterion": "effectiveness", "finding": {}, "draft": False,
                                                  "evidence": [], "quotes": [],
                                                  "question": {"es": "¿Mejoró la coordinación?"}}]})
    doc = docx.Document(str(build_dmop_report(data, charts=False).save(tmp_path / "d.docx")))
    table = next(tb for tb in doc.tables if tb.rows[0].cells[0].text == "Territorio"
                 and any("Aumentó" in c.text or "aument" in c.text.lower() for c in tb.rows[0].cells))
    names = [row.cells[0].text for row in table.rows[1:]]
    assert "Boquerón" not in names and "Ñeembucú" not in names  # one interview each: no row points at them
    assert names[0] == "Alto Paraná" and names[-1] == "Total"
    assert "se agrupan en «Otros»" in document_text(doc)
