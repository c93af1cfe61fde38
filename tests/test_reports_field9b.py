"""What reading every report kind of the demo project, in Spanish and English, rendered to pages, found after the
rewording of the Spanish messages and the merging of small cells: charts whose labels spilled past the printed width,
so the report shrank the whole picture and printed a ranking's gap titles at 7 pt; an institutionalization plan put
to the authorities with recommendations the tool drafted and nobody reviewed, unmarked, under a cover without
"DRAFT"; a handout saying "3 of 6 interviews coded, from 5 institutions in 5 territories"; a note about the bars of
a chart the handout does not draw; Spanish meeting notes unmarked in an English handout; a workshop nobody has voted
in yet reading "no" under "Qualifies" for every gap and "there were no ties"; "Fecha: no registrado"; an empty "Note"
column squeezing the DMOP-C names of the shortlist; a plan dating interviews by the day (the evaluation report dates
them by month) and breaking "Coordinación" in a header; English dates in a sentence breaking at a hyphen
("2025-" / "02-11")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import struct
import subprocess

import docx
import pytest

from atlas_qual.reports.docx_build import document_text
from atlas_qual.reports.model import DmopReportData, Interview, Meeting, WorkshopReportData
from tests.test_reports_field8b import workshop_data

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLES = ["Desconocimiento de las rutas de intervención y de los roles institucionales",
          "Inspección de trabajo y Ministerio Público operan de forma independiente",
          "Falta de un mecanismo de derivación entre autoridades penales y servicios sociales"]


def png_width_in(png: bytes) -> float:
    from atlas_qual.reports.charts import DPI

    return struct.unpack(">II", png[16:24])[0] / DPI


def table_after(doc, caption_start: str):
    """The table whose caption paragraph starts with ``caption_start`` (after "Tabla n. ")."""
    for table in doc.tables:
        prev = table._tbl.getprevious()
        text = "".join(x.text or "" for x in prev.iter(f"{W}t"))
        if re.sub(r"^\w+ \d+\. ", "", text).startswith(caption_start):
            return table
    raise AssertionError(f"no table captioned {caption_start!r}")


# --- 1: a chart's labels print at the size the chart was drawn for ------------------------------------------------


def test_charts_with_long_labels_fit_the_printed_width_so_their_text_stays_at_8_pt_or_more():
    from atlas_qual.reports import charts as ch

    labels = [f"G{k:02}. {TITLES[k % 3][:48]}…" for k in range(13)]
    pictures = {
        "ranking": ch.ranking_chart(labels, [4.3 - k / 10 for k in range(13)], [4.0] * 13, [4.5] * 13, lang="es",
                                    xlabel="Puntaje ponderado (barra) y rango intercuartílico (línea)"),
        "heatmap": ch.heatmap(["Soluciones innovadoras de las instituciones"] * 9, ["Otros (menos de 3 cada uno)"],
                              [[3]] * 9, xlabel="Territorio", ylabel="Código", legend="Segmentos", lang="es"),
        "bars": ch.stacked_bars(["Otros (menos de 3 cada uno) y un nombre muy largo"], {"increase": [2]},
                                colors=ch.CHANGE_COLORS, labels={"increase": "Aumento"}, xlabel="Entrevistas",
                                ylabel="Territorio", lang="es"),
    }
    for name, png in pictures.items():
        # the report prints every figure WIDTH_IN wide: a wider picture is shrunk, and its FONT-pt text with it
        printed_pt = ch.FONT * ch.WIDTH_IN / png_width_in(png)
        assert printed_pt >= 8, (name, round(png_width_in(png), 2))


# --- 2: the institutionalization plan marks the tool's drafts -----------------------------------------------------


def plan_with(recommendations, lang="es", **kw):
    from atlas_qual.reports.plan import PlanReportData, build_plan_report

    return build_plan_report(PlanReportData(lang=lang, dmop_id="MAUEP", dmop_name="Ruta",
                                            recommendations=tuple(recommendations), **kw)).doc


@pytest.mark.parametrize("lang, mark, cover, note", [
    ("es", "(borrador sin revisar)", "BORRADOR: 1 texto", "1 recomendación de este plan es todavía el borrador"),
    ("en", "(unreviewed draft)", "DRAFT: 1 text", "1 recommendation in this plan is still the draft")])
def test_plan_marks_recommendations_the_tool_drafted_and_says_draft_on_its_cover(lang, mark, cover, note):
    from atlas_qual.reports.plan import PlanRecommendation

    recs = [PlanRecommendation("R01", "Que haya más inspectores.", "endorsed", "MTESS", 11, 13, 4.46, 1, draft=True),
            PlanRecommendation("R02", "Shared register of referred cases.", "endorsed", "MINNA", 12, 13, 4.5, 2)]
    doc = plan_with(recs, lang)
    table = next(tb for tb in doc.tables if tb.rows[0].cells[0].text == "Ref." and len(tb.columns) == 6)
    cells = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    assert cells["R01"].endswith(mark) and mark not in cells["R02"]
    text = document_text(doc)
    assert cover in text and note in text
    reviewed = document_text(plan_with([recs[1]], lang))
    assert mark not in reviewed and cover.split(":")[0] + ":" not in reviewed


def test_demo_plan_marks_its_drafted_recommendations_dates_interviews_by_month_and_keeps_header_words_whole(
        demo_project_template):
    from atlas_qual.reports.docx_build import CELL_PADDING_CM
    from atlas_qual.reports.plan import build_plan_report
    from atlas_qual.store import open_project
    from atlas_qual.store.cycle.plan_document import plan_report_data

    project = open_project(demo_project_template)
    try:
        data = plan_report_data(project, "MAUEP", lang="es")
    finally:
        project.dispose()
    assert any(r.draft for r in data.recommendations)  # the demo's recommendations are the tool's drafts
    doc = build_plan_report(data).doc
    text = document_text(doc)
    assert "(borrador sin revisar)" in text
    # interviews by month and year, as the evaluation report dates them: a day narrows who was interviewed
    intro = next(p.text for p in doc.paragraphs if p.text.startswith("La evaluación se basó en"))
    assert not re.search(r"\d{2}/\d{2}/\d{4}", intro) and "de 2025" in intro
    # "Coordinación +/=/−" had 2.7 cm, and LibreOffice printed "Coordinació" / "n"
    table = table_after(doc, "El piloto por territorio")
    header = [c.text for c in table.rows[0].cells]
    width_cm = table.columns[header.index("Coordinación +/=/−")].width / 360000
    assert width_cm >= 3.0 - 1e-6 and sum(c.width for c in table.columns) / 360000 <= 16.4 + 1e-6
    assert len("Coordinación") * 0.2 + CELL_PADDING_CM <= width_cm


# --- 3: the handout ------------------------------------------------------------------------------------------------


def handout_data(lang="es", **kw) -> DmopReportData:
    """Three coded interviews from three territories (each under the small-cell threshold of 3) and three not yet
    coded, from other institutions and territories; meetings whose notes were typed in Spanish."""
    coded = [Interview(f"E-0{k}", "", inst, terr, "", None, frozenset({"increase"}), coded=True)
             for k, (inst, terr) in enumerate((("MTESS", "Alto Paraná"), ("MP", "Boquerón"), ("MTESS", "San Pedro")),
                                              start=1)]
    pending = [Interview(f"E-0{k}", "", inst, terr, "", None, frozenset(), coded=False)
               for k, (inst, terr) in enumerate((("PJ", "Ñeembucú"), ("MINNA", "Asunción y Central"), ("PN", "Ñeembucú")),
                                                start=4)]
    meetings = (Meeting(dt.date(2024, 8, 20), "Alto Paraná", "Capacitación conjunta", 7,
                        challenges="Cada institución usa su propio formulario de derivación",
                        solutions="Ficha única de derivación acordada entre todas las instituciones"),)
    return DmopReportData(lang=lang, dmop_id="MAUEP", dmop_name="Ruta", interviews=tuple(coded + pending),
                          territories=("Alto Paraná", "Boquerón", "San Pedro", "Ñeembucú", "Asunción y Central"),
                          meetings=meetings, **kw)


def build_handout_doc(data, tmp_path, name="h.docx"):
    from atlas_qual.reports.handout import build_handout

    return docx.Document(str(build_handout(data, charts=True).save(tmp_path / name)))


@pytest.mark.parametrize("lang, expected", [
    ("es", "3 de 6 entrevistas codificadas por una persona, de 2 instituciones en 3 territorios"),
    ("en", "3 of 6 interviews coded by a person, from 2 institutions in 3 territories")])
def test_handout_counts_the_institutions_and_territories_of_the_interviews_it_analysed(tmp_path, lang, expected):
    text = document_text(build_handout_doc(handout_data(lang), tmp_path))
    assert expected in text  # was "3 of 6 interviews coded ..., from 5 institutions in 5 territories"


@pytest.mark.parametrize("lang, absent, says", [
    ("es", "para que ninguna barra señale", "No se muestra el gráfico por territorio"),
    ("en", "so that no bar points", "No chart by territory is shown")])
def test_handout_without_a_coordination_chart_says_why_instead_of_describing_its_bars(tmp_path, lang, absent, says):
    doc = build_handout_doc(handout_data(lang), tmp_path)
    assert not doc.inline_shapes  # every territory is under the threshold: no chart
    text = document_text(doc)
    assert says in text and absent not in text


def test_english_handout_marks_meeting_notes_typed_in_spanish(tmp_path):
    paragraphs = [p.text for p in build_handout_doc(handout_data("en"), tmp_path).paragraphs]
    assert "Cada institución usa su propio formulario de derivación [Spanish original]" in paragraphs
    assert "Ficha única de derivación acordada entre todas las instituciones [Spanish original]" in paragraphs
    spanish = [p.text for p in build_handout_doc(handout_data("es"), tmp_path, "es.docx").paragraphs]
    assert "Cada institución usa su propio formulario de derivación" in spanish


# --- 4: the workshop results report --------------------------------------------------------------------------------


def build_workshop(data, tmp_path, name="w.docx"):
    from atlas_qual.reports.workshop_report import build_workshop_report

    return docx.Document(str(build_workshop_report(data, charts=False).save(tmp_path / name)))


def unvoted(lang):
    gaps = [{"id": f"G0{k}", "title": title, "yes_share": {"C1": None, "C2": None, "C3": None},
             "premise_based": False, "conclusion_based": False, "differs": False, "qualifies": False,
             "score": None, "median": None, "iqr": None, "n": 0, "rank": None}
            for k, title in enumerate(TITLES, start=1)]
    data = workshop_data(lang)
    data.data["results"] = {"gaps": gaps, "participants": 0, "kendall_w": None}
    return data


@pytest.mark.parametrize("lang, no_votes, verdict, ties", [
    ("es", "La ronda de filtro todavía no tiene votos", "0 cumplieron", "No hubo empates"),
    ("en", "The gate round has no votes yet", "0 met", "There were no ties")])
def test_a_workshop_nobody_voted_in_does_not_print_no_under_qualifies_or_a_ties_section(tmp_path, lang, no_votes,
                                                                                       verdict, ties):
    doc = build_workshop(unvoted(lang), tmp_path)
    text = document_text(doc)
    assert no_votes in text and verdict not in text and ties not in text
    qualifies = "Califica" if lang == "es" else "Qualifies"
    assert not any(qualifies in [c.text for c in tb.rows[0].cells] for tb in doc.tables)
    # once somebody voted, the gate table is back with its answers
    voted = document_text(build_workshop(workshop_data(lang), tmp_path, "v.docx"))
    assert no_votes not in voted


def test_a_gap_nobody_answered_shows_a_dash_not_no_in_the_gate_table(tmp_path):
    data = workshop_data("es")
    data.data["results"]["gaps"][2].update(yes_share={"C1": None, "C2": None, "C3": None}, qualifies=False,
                                           premise_based=False, conclusion_based=False, differs=False)
    table = table_after(build_workshop(data, tmp_path), "Resultados de la ronda de filtro")
    row = [c.text for c in table.rows[3].cells]
    assert row[0] == "G03" and row[-1] == "—" and "no" not in row


def test_workshop_details_not_given_read_sin_registrar_for_fecha_and_facilitacion(tmp_path):
    table = table_after(build_workshop(workshop_data("es"), tmp_path), "Fecha, lugar, facilitación")
    values = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert values["Fecha"] == values["Facilitación"] == values["Lugar"] == "sin registrar"  # not "Fecha: no registrado"


def test_shortlist_without_notes_gives_the_note_columns_room_to_the_dmop_names(tmp_path):
    shortlist = [{"item": "G01", "title": TITLES[0], "rank": 1, "score": 4.29, "dmop": "MAUEP", "note": "",
                  "dmop_name": "Procedimientos Unificados de Intervención Multiagencial para casos de TI, TF y TdP"}]
    table = table_after(build_workshop(workshop_data("es", shortlist=shortlist), tmp_path), "Lista corta")
    header = [c.text for c in table.rows[0].cells]
    assert "Nota" not in header
    assert table.rows[1].cells[header.index("DMOP-C")].text.endswith("para casos de TI, TF y TdP")
    noted = [{**shortlist[0], "note": "Empate resuelto por la facilitación"}]
    table = table_after(build_workshop(workshop_data("es", shortlist=noted), tmp_path, "n.docx"), "Lista corta")
    assert [c.text for c in table.rows[0].cells][-1] == "Nota"


# --- 5: dates in a sentence -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, expected", [
    ("en", "between August 20, 2024 and February 11, 2025"),
    ("es", "entre el 20 de agosto de 2024 y el 11 de febrero de 2025")])
def test_meeting_sentence_writes_its_dates_out_so_they_never_break_at_a_hyphen(tmp_path, lang, expected):
    from atlas_qual.reports.dmop import build_dmop_report
    from tests.test_reports_field import one_interview_data

    meetings = (Meeting(dt.date(2024, 8, 20), "Alto Paraná", "Capacitación", 7),
                Meeting(dt.date(2025, 2, 11), "Alto Paraná", "Seguimiento", 5))
    doc = build_dmop_report(one_interview_data(lang, meetings=meetings), charts=False).doc
    sentence = next(p.text for p in doc.paragraphs if "2024" in p.text and "2025" in p.text and
                    ("recorded" in p.text or "registró" in p.text))
    assert expected in sentence and not re.search(r"\d{4}-\d{2}-\d{2}", sentence)


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or pdftotext not installed")
@pytest.mark.parametrize("lang, word", [("es", "Coordinación"), ("en", "Coordination")])
def test_rendered_plan_never_breaks_a_date_or_a_header_word(tmp_path, demo_project_template, lang, word):
    from atlas_qual.reports.plan import build_plan_report
    from atlas_qual.store import open_project
    from atlas_qual.store.cycle.plan_document import plan_report_data

    project = open_project(demo_project_template)
    try:
        out = build_plan_report(plan_report_data(project, "MAUEP", lang=lang)).save(tmp_path / "plan.docx")
    finally:
        project.dispose()
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "plan.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert word in text and not re.search(word[:-1] + r"\s*$", text, re.M)  # not "Coordinació" / "n"
    assert not re.search(r"\d{4}-(\d{2}-)?\s*$", text, re.M)  # not "2025-05-" / "06"


def test_coordination_chart_legend_sits_under_the_axis_title_not_over_it(monkeypatch):
    from atlas_qual.reports import charts as ch

    drawn = []
    original = ch._png
    monkeypatch.setattr(ch, "_png", lambda fig: drawn.append(fig) or original(fig))
    ch.stacked_bars(["Asunción y Central"], {"increase": [2], "no_change": [1], "decrease": [0]},
                    colors=ch.CHANGE_COLORS, labels={"increase": "Aumento", "no_change": "Sin cambio",
                                                     "decrease": "Disminución"},
                    xlabel="Entrevistas", ylabel="Territorio", lang="es")
    fig = drawn[0]
    renderer = fig.canvas.get_renderer()
    axis_title = fig.axes[0].xaxis.label.get_window_extent(renderer)
    legend = (fig.legends or [fig.axes[0].get_legend()])[0].get_window_extent(renderer)
    assert not axis_title.overlaps(legend) and legend.y1 <= axis_title.y0  # "Entrevistas" was printed over the keys


# --- 6: the recommendations table gives the recommendation the room --------------------------------------------------


@pytest.mark.parametrize("lang, head, cell", [("es", "Responsable y plazo", "PJ\nantes de diciembre de 2025"),
                                              ("en", "Responsible and timeline", "PJ\nby December 2025")])
def test_recommendations_table_keeps_the_recommendation_column_wide_with_who_and_when_in_one(tmp_path, lang, head,
                                                                                            cell):
    from atlas_qual.reports.dmop import build_dmop_report
    from tests.test_reports_field import one_interview_data

    text = ("Adaptar el mecanismo a los consejos departamentales, que en el territorio cumplen el papel de las tres "
            "plataformas, con un canal formal de consulta antes de aprobar los planes nacionales.")
    content = {"recommendations": [{"id": "R1", "text": {"es": text, "en": text}, "responsible": "PJ",
                                    "timeline": {"es": "antes de diciembre de 2025", "en": "by December 2025"},
                                    "priority": "high", "finding": "EQ2", "draft": False}]}
    doc = build_dmop_report(one_interview_data(lang, content=content), charts=False).doc
    table = next(tb for tb in doc.tables if tb.rows[0].cells[0].text == "Ref." and len(tb.columns) == 5)
    header = [c.text for c in table.rows[0].cells]
    widths = [c.width / 360000 for c in table.columns]
    rec = 1
    assert widths[rec] == max(widths) and widths[rec] >= 6.5  # was 4.6 cm beside five narrow columns
    assert header[2] == head and table.rows[1].cells[2].text == cell


# --- 7: sentences after the rewording, and one spelling for a US donor -------------------------------------------


def _six_interviews(lang):
    from tests.test_reports_field import one_interview_data

    people = tuple(Interview(f"E-0{k}", "", "MTESS", "Alto Paraná", mode, None, frozenset(), coded=k <= 3)
                   for k, mode in enumerate(("in_person", "in_person", "phone", "in_person", "online",
                                             "in_person"), start=1))
    return one_interview_data(lang, interviews=people)


@pytest.mark.parametrize("lang, sample, coverage", [
    ("es", "Cobertura del análisis: 3 de 6 entrevistas codificadas por una persona.",
     "Las sugerencias automáticas que nadie revisó no cuentan como análisis: 3 de 6 entrevistas"),
    ("en", "Coverage of the analysis: 3 of 6 interviews coded by a person.",
     "Automatic suggestions nobody reviewed do not count as analysis: 3 of 6 interviews")])
def test_sample_and_coverage_sentences_read_without_nested_brackets_or_a_repeated_phrase(tmp_path, lang, sample,
                                                                                         coverage):
    from atlas_qual.reports.dmop import build_dmop_report

    doc = build_dmop_report(_six_interviews(lang), charts=False).doc
    paragraphs = [p.text for p in doc.paragraphs]
    held = next(p for p in paragraphs if "semiestructurada" in p or "semi-structured" in p)
    assert sample in held and not re.search(r"\([^()]*\(", held), held  # was "(presencial (4), en línea (1) ...)"
    intro = next(p for p in paragraphs if p.startswith(coverage.split(":")[0]))
    assert coverage in intro
    assert intro.count("codificadas por una persona" if lang == "es" else "coded by a person") == 1


def test_english_reports_spell_as_the_us_donor_does():
    from atlas_qual.i18n import t

    words = " ".join(t(k, lang="en") for k in ("report_h_annex_interviews2", "report_cap_interviews2",
                                                "report_cap_interviews", "institution_kind_enforcement_labor",
                                                "report_coverage_intro", "learning_report_vote",
                                                "learning_report_col_yes", "institution_kind_justice",
                                                "plan_summary_endorsed", "learning_report_rejected_item"))
    assert "Anonymized list of interviews" in words and "labor inspection" in words and "in favor" in words
    assert not re.search(r"\b(anonymised|analysed|labour|favour|defence)\b", words, re.I)


@pytest.mark.parametrize("lang, month", [("es", "octubre\u00a0de\u00a02024"), ("en", "October\u00a02024")])
def test_reach_table_months_read_as_the_reports_other_months(lang, month):
    from atlas_qual.reports.dmop import build_dmop_report
    from atlas_qual.reports.model import ReachRow
    from tests.test_reports_field import one_interview_data

    reach = (ReachRow("2024-10", "facebook", "Ñeembucú", 11, 44, 20, None),)
    data = dataclasses.replace(one_interview_data(lang, reach=reach), dmop_id="CR")  # the campaign DMOP
    doc = build_dmop_report(data, charts=False).doc
    table = next(tb for tb in doc.tables if tb.rows[0].cells[0].text in ("Mes", "Month"))
    assert table.rows[1].cells[0].text == month  # a Spanish report printed "2024-10"; months as the locale says them (11b)


@pytest.mark.parametrize("lang, expected", [("en", "Version 2.0 of the model, dated August 29, 2025. What changed:"),
                                            ("es", "Versión 2.0 del modelo, del 29 de agosto de 2025. Qué cambió:")])
def test_plan_dates_its_refined_model_in_words(lang, expected):
    from atlas_qual.reports.plan import PlanRefinement

    refinement = PlanRefinement("2.0", dt.date(2025, 8, 29), "Ruta v2", "Demoras")
    doc = plan_with([], lang, refinements=(refinement,))
    assert expected in [p.text for p in doc.paragraphs]  # was "Version 2.0 of the model, of 2025-08-29."
