"""Texts the analysts typed in Spanish, printed in an English report: each one carries "[Spanish original]", the way
the plan's refinement table already did. A reader found the plan's "What changed" line and its table of the learning
workshop's recommendations in Spanish with no word saying so; the evaluation report's meeting titles, innovative
solutions, phase notes and theme names, and the learning report's cover title, agenda and facilitator-typed
recommendations had the same gap. The English reports are built with the CLI on a copy of the demo project with
more texts typed in Spanish (a plan title, theme names, a recommendation, a workshop agenda, a code definition).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import docx
import pytest

from atlas_qual.reports.docx_build import document_text
from atlas_qual.reports.model import WorkshopReportData

MARK = "[Spanish original]"

# texts this module types into the project, in Spanish (must be marked in English) and in English (must not)
PLAN_TITLE = "Plan de institucionalización de la ruta unificada en los cinco territorios"
THEMES_ES = ("Demoras en las órdenes de allanamiento", "Falta de inspectores y de vehículos",
             "La ficha única de derivación", "Rotación del personal capacitado", "Capacitación conjunta con la fiscalía",
             "Pocos fiscales para todo el país", "Coordinación con la CODENI", "Distancias del Chaco y caminos de tierra",
             "Reuniones de la mesa técnica", "Casos espejo entre las instituciones", "Radios comunitarias del barrio",
             "El plan departamental")
THEME_EN = "Joint field visits with the police"
REC_ES = "La ruta está pensada para Asunción y hay que adaptarla a las distancias del Chaco."
REC_EN = "Publish the route on the website of every institution."
AGENDA = ("Bienvenida y presentación de los participantes", "Presentación de los resultados de la evaluación",
          "Votación de respaldo al DMOP", "Priorización de las recomendaciones")
CODE_DEFINITION = "Menciones de la falta de fondos para viáticos, combustible y materiales de las instituciones."


def lines_of(path) -> list[str]:
    return document_text(docx.Document(str(path))).splitlines()


def assert_marked(lines: list[str], text: str, *, prefix: int = 60) -> None:
    """``text`` (its first ``prefix`` characters: tables shorten long texts) is printed, and every line that prints
    it carries the mark after it. Quotes and their source lines are left out: a quote is marked on its source line,
    which names the quote's theme once."""
    needle = text[:prefix]
    found = [line for line in lines if needle in line and not line.lstrip("\t").startswith(("“", "— "))]
    assert found, f"not printed: {text!r}"
    for line in found:
        assert MARK in line[line.index(needle):], f"printed without {MARK}: {line!r}"


def assert_unmarked(lines: list[str], text: str) -> None:
    found = [line for line in lines if text in line]
    assert found, f"not printed: {text!r}"
    assert all(MARK not in line for line in found), found


# --- the two defects, on hand-made data ---------------------------------------------------------------------------


def test_plan_what_changed_line_and_learning_table_mark_spanish_texts():
    from atlas_qual.reports.plan import (PlanPractice, PlanRecommendation, PlanRefinement, PlanReportData,
                                         build_plan_report)

    change = "Se incorpora el juzgado de turno para las órdenes urgentes"
    data = PlanReportData(
        lang="en", dmop_id="MAUEP", dmop_name="Route",
        refinements=(PlanRefinement("2.0", dt.date(2025, 8, 29), change, "Agreed at the learning workshop"),),
        recommendations=(PlanRecommendation("R01", "Que haya más inspectores, con vehículo y combustible.",
                                            "endorsed", "MTESS", 11, 13, 4.46, 1),
                         PlanRecommendation("R02", "A shared register of referred cases.", "endorsed", "MINNA",
                                            12, 13, 4.54, 2)),
        # a practice imported with no English title: the plan shows the Spanish one
        practices=(PlanPractice("BOK-99", "Mesas departamentales de coordinación contra la trata", "limited",
                                "Nota conceptual ATLAS Paraguay"),))
    doc = build_plan_report(data).doc
    paras = [p.text for p in doc.paragraphs]
    what_changed = paras[next(k for k, p in enumerate(paras) if p.endswith("What changed:")) + 1]
    assert what_changed == f"{change} {MARK}"
    table = next(tb for tb in doc.tables if tb.rows[0].cells[1].text == "Recommendation")
    texts = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    assert texts["R01"] == f"Que haya más inspectores, con vehículo y combustible. {MARK}"
    assert texts["R02"] == "A shared register of referred cases."  # English stays as it is
    practices = next(tb for tb in doc.tables if tb.rows[0].cells[1].text == "Practice")
    assert practices.rows[1].cells[1].text == f"Mesas departamentales de coordinación contra la trata {MARK}"

    spanish = build_plan_report(dataclasses.replace(data, lang="es")).doc
    assert MARK not in document_text(spanish) and change in document_text(spanish)


def test_learning_report_marks_a_spanish_recommendation_a_facilitator_typed(tmp_path):
    """A recommendation the facilitator typed has no interview language behind it: it was printed unmarked."""
    from atlas_qual.reports.learning_report import build_learning_report

    items = [{"ref": "R01", "text": "Que haya más inspectores.", "endorsed": True, "yes": 11, "voters": 13,
              "priority": 4.5, "rank": 1},
             {"ref": "R02", "text": "A direct channel with the court.", "endorsed": True, "yes": 12, "voters": 13,
              "priority": 4.0, "rank": 2},
             {"ref": "R03", "text": "Adaptar la ruta al Chaco.", "endorsed": False, "yes": 3, "voters": 13}]
    recs = {i["ref"]: {"text": i["text"], "responsible": "MTESS", "status": "endorsed", "draft": False,
                       "language": ""} for i in items}
    data = WorkshopReportData("en", {
        "session": {"code": "8J8AHX", "title": "Taller de aprendizaje del MAUEP", "kind": "learning",
                    "dmop": "MAUEP"},
        "results": {}, "recommendations": recs,
        "details": {"agenda": "Bienvenida y presentación\nVotación de respaldo al DMOP"},
        "decisions": [{"kind": "course_of_action", "outcome": "Adoptar la ruta.", "date": dt.date(2025, 6, 20),
                       "votes": {"items": items, "course_of_action": ["R01", "R02"]}}]})
    lines = lines_of(build_learning_report(data, charts=False).save(tmp_path / "l.docx"))
    for text in ("Que haya más inspectores.", "Adaptar la ruta al Chaco.", "Bienvenida y presentación", "Votación de respaldo al DMOP"):
        assert_marked(lines, text)
    assert_unmarked(lines, "A direct channel with the court.")


# --- each English report of a project whose texts are Spanish -----------------------------------------------------


def _type_spanish_texts(project) -> str:
    """Add to the demo what analysts type in Spanish; returns the learning session's code."""
    from sqlalchemy import select

    from atlas_qual.store.codebook import add_code
    from atlas_qual.store.cycle.learning import learning_sessions
    from atlas_qual.store.cycle.plans import get_plan, save_plan
    from atlas_qual.store.cycle.recommendations import add_recommendation, delete_recommendation
    from atlas_qual.store.models import Theme
    from atlas_qual.store.report_data import set_workshop_details
    from atlas_qual.store.theme_edits import rename_theme

    with project.session() as s:
        themes = list(s.scalars(select(Theme).where(Theme.deleted.is_(False)).order_by(Theme.run_id, Theme.number)))
        ids = [th.id for th in themes]
    for k, theme_id in enumerate(ids):  # the fourth theme named in English, the others in Spanish
        rename_theme(project, theme_id, THEME_EN if k == 3 else THEMES_ES[k % len(THEMES_ES)])
    plan = get_plan(project, "MAUEP")
    save_plan(project, "MAUEP", title=PLAN_TITLE, actions=[a.to_dict() for a in plan.actions],
              resources=plan.resources, status=plan.status, plan_id=plan.id, date=plan.date)
    # R10 again, as a facilitator typed it (no interview behind it, so no known language)
    delete_recommendation(project, "MAUEP", "R10")
    add_recommendation(project, "MAUEP", REC_ES, ref="R10")
    add_recommendation(project, "MAUEP", REC_EN, ref="R13")
    code = learning_sessions(project, "MAUEP")[0]["code"]
    set_workshop_details(project, code, held_on="2025-06-20", place="Salón auditorio del MTESS, Asunción",
                         facilitator="Equipo de M&E", agenda="\n".join(AGENDA))
    add_code(project, "Falta de presupuesto", parent="Evaluación/Debilidades", definition=CODE_DEFINITION)
    return code


@pytest.fixture(scope="module")
def reports(demo_project_template, tmp_path_factory):
    """{(kind, lang): path} of the plan, the evaluation report and the learning report of MAUEP, built with the CLI,
    and the project (for the texts the reports should print)."""
    from conftest import copy_project

    from atlas_qual.cli import run
    from atlas_qual.store import open_project

    folder = tmp_path_factory.mktemp("lang6")
    path = copy_project(demo_project_template, folder / "demo.db")
    project = open_project(path)
    code = _type_spanish_texts(project)
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATLAS_QUAL_TOC_PAGES", "0")
        for lang in ("en", "es"):
            for kind, args in (("plan", ("--dmop", "MAUEP")), ("dmop", ("--dmop", "MAUEP")),
                               ("workshop", ("--session", code))):
                out[kind, lang] = folder / f"{kind}_{lang}.docx"
                assert run(["report", kind, *args, "--lang", lang, "--out", str(out[kind, lang]),
                            "--project", str(path)]) == 0
    out["project"], out["code"] = project, code
    yield out
    project.dispose()


def test_english_plan_marks_every_text_typed_in_spanish(reports):
    from atlas_qual.store.cycle.plan_document import plan_report_data

    data = plan_report_data(reports["project"], "MAUEP", lang="en")
    lines = lines_of(reports["plan", "en"])
    latest = data.refinements[-1]
    spanish = [latest.change, latest.why, *latest.findings, data.course_of_action,
               *[a.action for a in data.actions], *[r.text for r in data.recommendations if r.text != REC_EN],
               *[part for part in data.resources.split("\n") if part.strip()]]
    spanish += [th.label for key in ("strengths", "weaknesses") for th in data.evaluation.section(key).themes[:5]
                if th.confirmed and th.label != THEME_EN]
    assert REC_ES in spanish and any(label in THEMES_ES for label in spanish)
    for text in spanish:
        assert_marked(lines, text)
    # the "What changed" line under "The refined model", and the recommendations table of the learning workshop
    k = next(k for k, line in enumerate(lines) if line.endswith("What changed:"))
    assert lines[k + 1] == f"{latest.change} {MARK}"
    assert_unmarked(lines, REC_EN)
    if any(th.label == THEME_EN for s in data.evaluation.sections for th in s.themes[:5]):
        assert_unmarked(lines, THEME_EN)
    # the plan's title is a name: on the cover as typed, unmarked
    assert PLAN_TITLE in lines and f"{PLAN_TITLE} {MARK}" not in lines
    # the Body of Knowledge: English practice titles are not marked (a source is cited in its own language)
    assert_unmarked(lines, "Increased access to referral mechanisms")


def test_english_evaluation_report_marks_every_text_typed_in_spanish(reports):
    from atlas_qual.reports.text import split_items
    from atlas_qual.store.report_data import dmop_report_data

    data = dmop_report_data(reports["project"], "MAUEP", lang="en")
    lines = lines_of(reports["dmop", "en"])
    spanish = [m.title for m in data.meetings]
    spanish += [item for m in data.meetings for item in split_items(m.solutions) + split_items(m.challenges)]
    spanish += [p.note for p in data.phases if p.note]
    spanish += [th.label for s in data.sections for th in s.themes if th.confirmed and th.label != THEME_EN]
    spanish.append(CODE_DEFINITION)
    assert "Inicio del piloto en Pilar" in spanish and "Grupo de mensajería de referentes de la ruta" in spanish
    assert any(label in THEMES_ES for label in spanish)
    for text in spanish:
        assert_marked(lines, text)
    # a quote's source line names its theme as the analysts named it, once marked as the quote's language
    sources = [line for line in lines if line.lstrip("\t").startswith("— ") and " · Theme: " in line]
    assert sources, "no quote names its theme"
    for line in sources:
        assert MARK not in line.split(" · Theme: ")[1], line
    # the analysts' translated texts are not marked (the Spanish original stands in only when none was written)
    assert_unmarked(lines, "The MAUEP is relevant and improved coordination where it was implemented")


def test_english_learning_report_marks_every_text_typed_in_spanish(reports):
    from atlas_qual.store.report_data import workshop_report_data

    data = workshop_report_data(reports["project"], reports["code"], lang="en")
    lines = lines_of(reports["workshop", "en"])
    course = next(d for d in data.data["decisions"] if d["kind"] == "course_of_action")
    items = course["votes"]["items"]
    spanish = [course["outcome"], *AGENDA, *[i["text"] for i in items]]
    for text in spanish:
        assert_marked(lines, text)
    assert lines[2] == data.session["title"]  # the cover title, under the report's kind: a name, unmarked
    # R10 was typed by a facilitator (no interview language recorded): read for Spanish words and marked
    assert data.data["recommendations"]["R10"]["language"] == ""
    rejected = next(line for line in lines if line.startswith("R10: "))
    assert MARK in rejected


def test_spanish_reports_print_the_same_texts_without_a_mark(reports):
    """The mark is for a reader of another language: a Spanish report prints the texts as typed, unmarked (the
    helper does not mark English texts in a Spanish report; an English theme name stays as written)."""
    for kind in ("plan", "dmop", "workshop"):
        text = "\n".join(lines_of(reports[kind, "es"]))
        assert MARK not in text and "original en español" not in text
    plan = lines_of(reports["plan", "es"])
    assert any(PLAN_TITLE == line for line in plan) and any(REC_ES in line for line in plan)
    workshop = lines_of(reports["workshop", "es"])
    assert all(any(item == line for line in workshop) for item in AGENDA)
