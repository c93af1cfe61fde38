"""What a field reading found in the reports other than the DMOP evaluation report: the learning-workshop report's
machine-drafted recommendations printed unmarked, ranks skipping numbers with no word on ties, a plan written for a
DMOP with no plan, Spanish quotes unmarked in English, "75.0 %" in English, a squeezed recommendation column, an
undated plan cover, and a handout chart with a bar per single interview. Most documents are built from hand-made
data; the CLI tests use a real project."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest

from atlas_qual.reports.docx_build import document_text, quote_parts
from atlas_qual.reports.model import DmopReportData, Interview, Quote, WorkshopReportData

NBSP = "\u00a0"


def learning_data(lang: str = "en", *, source: str = "codings: segments 16 (INS-AP-01)", language: str = "es"):
    """A learning session on MAUEP: four recommendations voted, R03 rejected, R01/R02 still tied, R04 after a gap
    left by the rejected R03 in the full ranking."""
    items = [
        {"ref": "R01", "text": "Que haya más inspectores.", "endorsed": True, "yes": 11, "voters": 13,
         "priority": 4.46, "rank": 2},
        {"ref": "R02", "text": "Un canal directo con el juzgado.", "endorsed": True, "yes": 12, "voters": 13,
         "priority": 4.46, "rank": 2},
        {"ref": "R03", "text": "La ruta está pensada para Asunción.", "endorsed": False, "yes": 3, "voters": 13,
         "priority": 4.2, "rank": 4},
        {"ref": "R04", "text": "Un registro compartido de casos.", "endorsed": True, "yes": 12, "voters": 13,
         "priority": 4.54, "rank": 1},
        {"ref": "R05", "text": "Capacitación continua.", "endorsed": True, "yes": 9, "voters": 13,
         "priority": 3.3, "rank": 5},
    ]
    recs = {i["ref"]: {"text": i["text"], "responsible": "MTESS", "status": "endorsed", "language": language,
                       "draft": source.startswith(("codings", "theme")) and not source.endswith("(edited)")}
            for i in items}
    return WorkshopReportData(lang, {
        "session": {"code": "8J8AHX", "title": "Taller de aprendizaje", "kind": "learning", "dmop": "MAUEP"},
        "results": {}, "recommendations": recs,
        "decisions": [{"kind": "endorsement", "outcome": "endorsed", "date": dt.date(2025, 6, 20),
                       "votes": {"yes": 3, "no": 1, "voters": 4, "rule": "majority"}},
                      {"kind": "course_of_action", "outcome": "Adoptar la ruta.", "date": dt.date(2025, 6, 20),
                       "votes": {"items": items, "course_of_action": ["R04", "R01", "R02", "R05"]}}]})


def build_learning(data, tmp_path, name="l.docx"):
    from atlas_qual.reports.learning_report import build_learning_report

    return docx.Document(str(build_learning_report(data, charts=False).save(tmp_path / name)))


def rec_table(doc):
    return next(tb for tb in doc.tables if tb.rows[0].cells[0].text in ("Rank", "Puesto"))


# --- 1: drafted recommendations are marked, and the CLI says so --------------------------------------------------


def test_learning_report_marks_machine_drafted_recommendations_and_counts_them(tmp_path):
    doc = build_learning(learning_data("es"), tmp_path)
    table = rec_table(doc)
    texts = [row.cells[2].text for row in table.rows[1:]]
    assert all("(borrador sin revisar)" in x for x in texts), texts
    text = document_text(doc)
    assert "5 recomendaciones de este informe son todavía borradores que la herramienta redactó" in text
    assert "R04: Un registro compartido de casos. (borrador sin revisar)" in text  # the course of action too
    assert "La ruta está pensada para Asunción. (borrador sin revisar)" in text  # and the rejected one


def test_an_edited_or_facilitator_recommendation_is_not_called_a_draft(tmp_path):
    for source in ("codings: segments 16 (INS-AP-01) (edited)", "facilitator"):
        text = document_text(build_learning(learning_data("es", source=source), tmp_path))
        assert "borrador" not in text, source


def test_learning_report_command_warns_on_stderr_and_succeeds(demo_project, tmp_path, cli):
    """The demo's learning workshop voted on twelve recommendations quoted from codings; nobody reviewed them."""
    from atlas_qual.store.cycle import learning_sessions
    from atlas_qual.store.db import open_project

    code = learning_sessions(open_project(demo_project), "MAUEP")[0]["code"]
    out = tmp_path / "aprendizaje.docx"
    res = cli("report", "workshop", "--session", code, "--lang", "es", "--out", out, "--project", demo_project)
    assert res.code == 0, res
    warnings = [line for line in res.err.splitlines() if "borrador" in line]
    assert len(warnings) == 1 and "muestra 12 recomendaciones que la herramienta redactó" in warnings[0], res.err
    assert "página del ciclo del DMOP MAUEP" in warnings[0]
    table = rec_table(docx.Document(str(out)))
    assert all("(borrador sin revisar)" in row.cells[2].text for row in table.rows[1:])
    res = cli("report", "workshop", "--session", code, "--out", tmp_path / "j.docx", "--project", demo_project,
              "--json")
    assert res.code == 0 and res.json()["drafts"] == 12


# --- 2: ranks among the rows shown, and how ties were broken --------------------------------------------------------


def test_learning_ranks_count_only_endorsed_rows_share_ties_and_say_how_ties_were_broken(tmp_path):
    doc = build_learning(learning_data("en"), tmp_path)
    table = rec_table(doc)
    ranks = [(row.cells[1].text, row.cells[0].text) for row in table.rows[1:]]
    assert ranks == [("R04", "1"), ("R01", "2"), ("R02", "2"), ("R05", "4")]  # not 1, 2, 2, 5
    text = document_text(doc)
    assert "A tie on the score is broken by the higher median, then the lower interquartile range (IQR)" in text
    assert "Items still tied share a rank and the next rank is skipped (1, 2, 2, 4)" in text
    assert "Ranks count only the endorsed recommendations." in text


def test_workshop_ranking_table_has_a_note_on_ties_under_it(tmp_path):
    from atlas_qual.reports.workshop_report import build_workshop_report

    gaps = [{"id": f"G0{k}", "title": f"Brecha {k}", "rank": r, "score": s, "median": 4.0, "iqr": 1.0, "n": 10,
             "qualifies": True} for k, r, s in ((1, 1, 4.5), (2, 2, 4.0), (3, 2, 4.0), (4, 4, 3.0))]
    data = WorkshopReportData("es", {"session": {"code": "AB3K9Z", "title": "Brechas", "kind": "gaps"},
                                     "results": {"gaps": gaps, "participants": 10}})
    doc = docx.Document(str(build_workshop_report(data, charts=False).save(tmp_path / "w.docx")))
    paras = [p.text for p in doc.paragraphs]
    caption = next(k for k, p in enumerate(paras) if p.startswith("Tabla") and "ranking" in p.lower()
                   or p.startswith("Tabla") and "puesto" in p.lower() or p.startswith("Tabla") and "orden" in p.lower())
    after = " ".join(paras[caption:caption + 4])
    assert "Lo que sigue empatado comparte el puesto y el puesto siguiente se salta (1, 2, 2, 4)" in after


# --- 3: no plan, no document asking for its approval -----------------------------------------------------------------


def test_report_plan_refuses_a_dmop_without_a_plan(project, project_path, tmp_path, cli):
    out = tmp_path / "plan.docx"
    res = cli("report", "plan", "--dmop", "IPACM", "--lang", "es", "--out", out, "--project", project_path)
    assert res.code == 1 and not out.exists()
    lines = [line for line in res.err.splitlines() if line.strip()]
    assert len(lines) == 1, res.err
    assert "IPACM no tiene un plan de institucionalización registrado" in lines[0]
    assert "atlas-qual cycle plan --dmop IPACM" in lines[0]


# --- 4 and 5: Spanish originals marked in English; percentages in the locale's convention ----------------------------


def test_english_learning_report_marks_spanish_texts_and_spanish_one_does_not(tmp_path):
    en = rec_table(build_learning(learning_data("en"), tmp_path, "en.docx"))
    assert all("[Spanish original]" in row.cells[2].text for row in en.rows[1:])
    es = document_text(build_learning(learning_data("es"), tmp_path, "es.docx"))
    assert "original" not in es
    english = rec_table(build_learning(learning_data("en", language="en"), tmp_path, "en2.docx"))
    assert not any("Spanish original" in row.cells[2].text for row in english.rows[1:])


def test_plan_marks_a_spanish_quote_as_such_in_english(tmp_path):
    from atlas_qual.reports.model import FindingSection
    from atlas_qual.reports.plan import PlanReportData, build_plan_report

    quote = Quote("Ahora nos llamamos antes de cada inspección.", "E-01", "inspección del trabajo", segment_id=3)
    ev = DmopReportData(lang="en", dmop_id="MAUEP", dmop_name="Unified procedures",
                        interviews=(Interview("E-01", "", "MTESS", "Alto Paraná", "", None, frozenset(), coded=True),),
                        territories=("Alto Paraná",),
                        sections=(FindingSection("strengths", "Evaluación/Fortalezas", 1, 1, (("Alto Paraná", 1),),
                                                 (), (quote,), (quote,)),))
    doc = build_plan_report(PlanReportData(lang="en", dmop_id="MAUEP", dmop_name="Unified procedures",
                                           evaluation=ev)).doc
    paras = doc.paragraphs
    source = next(quote_parts(p)[1] for p in paras if "cada inspección" in p.text)
    assert "Spanish original" in source


@pytest.mark.parametrize("lang, expected", [("en", "76.9%"), ("es", f"76,9{NBSP}%")])
def test_percentages_follow_the_report_language(tmp_path, lang, expected):
    text = document_text(build_learning(learning_data(lang), tmp_path, f"{lang}.docx"))
    data = learning_data(lang)
    data.data["decisions"][0]["votes"] = {"yes": 10, "no": 3, "voters": 13, "rule": "majority"}
    text = document_text(build_learning(data, tmp_path, f"{lang}2.docx"))
    assert f"({expected}" in text
    assert "76.9 %" not in text


def test_indicator_values_and_gate_shares_use_babel_percent():
    from atlas_qual.indicators import Indicator
    from atlas_qual.reports.text import fmt_indicator
    from atlas_qual.reports.workshop_report import _pct

    assert fmt_indicator(Indicator(1, 75.0, 3, 4, "percent", "survey"), "en") == "75.0%"
    assert fmt_indicator(Indicator(1, 75.0, 3, 4, "percent", "survey"), "es") == f"75,0{NBSP}%"
    assert fmt_indicator(Indicator(4, 0.75, 3, 4, "proportion", "register"), "en") == "3 of 4 (75.0%)"
    assert _pct(0.75, "en") == "75%" and _pct(0.75, "es") == f"75{NBSP}%"


# --- 6: the recommendation keeps its width ------------------------------------------------------------------------


def test_learning_recommendation_column_is_the_widest_and_headers_fit(tmp_path):
    table = rec_table(build_learning(learning_data("en"), tmp_path))
    widths = [c.width.cm for c in table.columns]
    assert widths[2] >= 6.0 and widths[2] == max(widths), widths
    assert len(widths) == 6  # band and score share the priority column
    assert table.rows[1].cells[4].text == "High (4.54)"
    assert not table.autofit


# --- 7: the plan's contents and cover date ----------------------------------------------------------------------------


def test_plan_cover_shows_the_plans_date_else_says_generated(tmp_path):
    from atlas_qual.reports.plan import PlanReportData, build_plan_report

    dated = build_plan_report(PlanReportData(lang="es", dmop_id="MAUEP", dmop_name="Ruta",
                                             plan_date=dt.date(2025, 10, 15), generated=dt.date(2026, 12, 7)))
    assert "Plan del 15 de octubre de 2025" in document_text(dated.doc)
    undated = build_plan_report(PlanReportData(lang="es", dmop_id="MAUEP", dmop_name="Ruta",
                                               generated=dt.date(2026, 12, 7)))
    assert "Generado el 7 de diciembre de 2026" in document_text(undated.doc)


def test_plan_carries_the_donors_funding_statement_and_disclaimer(tmp_path):
    """The plan is a USDOL-funded publication like the other reports, but its template had no inside cover and its
    footer read "ATLAS · atlas-qual": the funding statement, agreement number and disclaimer were missing."""
    from atlas_qual.reports.model import DmopReportData
    from atlas_qual.reports.plan import PlanReportData, write_plan_report

    evaluation = DmopReportData("es", "MAUEP", "Ruta", settings={"report.cooperative_agreement": "IL-35231-20-75-K"})
    path = write_plan_report(PlanReportData(lang="es", dmop_id="MAUEP", dmop_name="Ruta", evaluation=evaluation),
                             tmp_path / "plan.docx", toc_pages=False)
    text = document_text(docx.Document(str(path)))
    assert "Financiamiento y descargo de responsabilidad" in text
    assert "IL-35231-20-75-K" in text and "Departamento de Trabajo de los Estados Unidos" in text
    assert "no refleja necesariamente" in text
    assert "ATLAS · USDOL" in text and "ATLAS · atlas-qual" not in text


def test_english_plan_marks_texts_typed_in_spanish_and_leaves_english_ones_alone(tmp_path):
    """An English plan printed the refinement log, the agreed course of action and the resources as typed, in
    Spanish, with nothing telling the donor's reader they were not the report's words."""
    from atlas_qual.reports.plan import PlanRefinement, PlanReportData, build_plan_report

    data = PlanReportData(
        lang="en", dmop_id="MAUEP", dmop_name="Route",
        refinements=(PlanRefinement("2.0", dt.date(2025, 8, 29), "Se incorpora el juzgado de turno a la ruta",
                                    "Shared form agreed at the workshop", ("R01",), ()),),
        course_of_action="Adoptar la ruta unificada como procedimiento de las instituciones",
        resources="Presupuesto 2027 del MTESS y del Ministerio Público para capacitación")
    text = document_text(build_plan_report(data).doc)
    assert "Se incorpora el juzgado de turno a la ruta [Spanish original]" in text
    assert "Adoptar la ruta unificada como procedimiento de las instituciones [Spanish original]" in text
    assert "para capacitación [Spanish original]" in text
    assert "Shared form agreed at the workshop [Spanish original]" not in text
    spanish = document_text(build_plan_report(PlanReportData(**{**data.__dict__, "lang": "es"})).doc)
    assert "[Spanish original]" not in spanish and "original en" not in spanish


def test_plan_contents_without_page_numbers_is_a_plain_list_not_dots_to_nothing(tmp_path):
    from atlas_qual.reports.plan import PlanReportData, write_plan_report

    path = write_plan_report(PlanReportData(lang="en", dmop_id="MAUEP", dmop_name="Route"), tmp_path / "p.docx",
                             toc_pages=False)
    doc = docx.Document(str(path))
    toc = [p.text for p in doc.paragraphs if p.style.name.startswith("TOC")]
    assert "Summary" in toc and "Decision requested" in toc  # each heading, nothing after it
    assert "PAGEREF" not in doc.element.xml


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice not installed")
def test_plan_contents_has_page_numbers_when_libreoffice_renders_it(tmp_path):
    from atlas_qual.reports.plan import PlanReportData, write_plan_report
    from atlas_qual.reports.render import pdf_pages_text, to_pdf

    path = write_plan_report(PlanReportData(lang="en", dmop_id="MAUEP", dmop_name="Route"), tmp_path / "p.docx",
                             toc_pages=True)
    contents = next(p for p in pdf_pages_text(to_pdf(path, tmp_path)) if "Contents" in p)
    assert "Summary" in contents and "Decision requested" in contents
    assert re.search(r"Summary\.+\s*\d", contents) and re.search(r"Decision requested\.+\s*\d", contents), contents


# --- 8: no bar for one interview in the handout -------------------------------------------------------------------


def test_handout_chart_merges_territories_below_the_small_cell_threshold_and_says_so(tmp_path):
    from atlas_qual.reports.handout import build_handout
    from atlas_qual.reports.dmop_parts import small_cells_merged

    interviews = tuple(Interview(f"E-0{k}", "", "MTESS", terr, "", None, frozenset({change}), coded=True)
                       for k, (terr, change) in enumerate(
                           [("Alto Paraná", "increase")] * 3 + [("Boquerón", "no_change"), ("Ñeembucú", "increase")]))
    rows = [(t, {c: sum(1 for i in interviews if i.territory == t and i.change == c)
                 for c in ("increase", "no_change", "decrease")}) for t in ("Alto Paraná", "Boquerón", "Ñeembucú")]
    merged, hidden = small_cells_merged(rows, 3, "es")
    assert hidden and [name for name, _ in merged] == ["Alto Paraná"]  # 2 together are still under 3: left out
    merged, _ = small_cells_merged(rows, 2, "es")
    assert [name for name, _ in merged] == ["Alto Paraná", "Otros (menos de 2 cada uno)"]
    data = DmopReportData(lang="es", dmop_id="MAUEP", dmop_name="Ruta", interviews=interviews,
                          territories=("Alto Paraná", "Boquerón", "Ñeembucú"), settings={"report.small_cell": "2"})
    doc = docx.Document(str(build_handout(data).save(tmp_path / "h.docx")))
    text = document_text(doc)
    assert "Los territorios con menos de 2 entrevistas sobre coordinación se agrupan en «Otros»" in text


def test_gate_table_percent_cells_and_outcome_headers_keep_to_one_line(tmp_path):
    from atlas_qual.reports.workshop_report import build_workshop_report

    gaps = [{"id": f"G0{k}", "title": "Comprensión no unificada de TI, TF y trata a nivel normativo",
             "yes_share": {"C1": 1.0, "C2": 0.29, "C3": 0.06}, "premise_based": True, "conclusion_based": True,
             "qualifies": True} for k in range(1, 4)]
    data = WorkshopReportData("es", {"session": {"code": "AB3K9Z", "title": "Brechas", "kind": "gaps"},
                                     "gates": [{"key": "C1", "label": "a"}, {"key": "C2", "label": "b"},
                                               {"key": "C3", "label": "c"}],
                                     "results": {"gaps": gaps, "participants": 10}})
    doc = docx.Document(str(build_workshop_report(data, charts=False).save(tmp_path / "w.docx")))
    table = next(tb for tb in doc.tables if tb.rows[0].cells[1].text == "C1 sí")
    assert table.rows[1].cells[1].text == f"100{NBSP}%"  # the number and its sign never part
    widths = {cell.text: table.columns[k].width.cm for k, cell in enumerate(table.rows[0].cells)}
    assert widths["C1 sí"] >= 1.44  # "100 %" fits (EMU rounding)
    assert widths["Conclusión"] >= 2.5 and widths["Difieren"] >= 2.0 and widths["Califica"] >= 2.0
