"""Field test 8 of the DMOP cycle, walked as the M&E team would over a year: phase changes the history contradicts,
refinement dates going backwards, machine-drafted recommendations marked until a person reviews them, the cycle
page's tables redacted, two people editing one recommendation, months and dates as the reader writes them, and
tall fields whose labels covered the next field."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from atlas_qual.errors import AtlasQualError
from atlas_qual.store import cycle


def _phase(project, dmop):
    from atlas_qual.store.workshop import dmops

    return next(d for d in dmops(project) if d["id"] == dmop)["phase"]


def test_a_phase_the_history_contradicts_is_refused_saying_why_and_the_real_path_goes_through(project_path, cli):
    """`cycle phase --phase institutionalized` on a DMOP never piloted, a pilot dated before the DMOP's development
    and a phase dated 2099 were all accepted: CR read "institucionalizado" and indicator 5 counted it refined."""
    run = lambda *a: cli("cycle", "phase", "--project", project_path, "--dmop", "CR", "--lang", "es", *a)  # noqa: E731
    assert run("--phase", "development", "--date", "2024-07-01").code == 0

    skipped = run("--phase", "institutionalized", "--date", "2025-06-01")
    assert skipped.code == 1
    assert "«institucionalizado»" in skipped.err and "«plan de sostenibilidad»" in skipped.err
    assert "--phase sustainability_plan" in skipped.err

    early = run("--phase", "pilot", "--date", "01/01/2024")
    assert early.code == 1 and "1 jul. 2024" in early.err and "«desarrollo»" in early.err

    future = run("--phase", "pilot", "--date", "2099-01-01")
    assert future.code == 1 and "posterior a hoy" in future.err and "1 ene. 2099" in future.err

    english = cli("cycle", "phase", "--project", project_path, "--dmop", "CR", "--phase", "evaluated",
                  "--date", "2025-06-01", "--lang", "en")
    assert english.code == 1 and "“pilot”" in english.err and "Jun 1, 2025" in english.err

    from atlas_qual.store import open_project

    p = open_project(project_path)
    try:
        assert _phase(p, "CR") == "development"  # nothing refused was written
        assert cycle.cycle_counts(p).indicator_5.value == 0
    finally:
        p.dispose()
    # the year as it happened goes through, and the refined model may be piloted again
    for phase, day in (("pilot", "2024-09-16"), ("evaluated", "2025-06-20"), ("refined", "2025-08-29"),
                       ("pilot", "2025-09-15"), ("sustainability_plan", "2025-10-15"),
                       ("institutionalized", "2026-03-01")):
        assert run("--phase", phase, "--date", day).code == 0, (phase, day)
    assert "institucionalizado" in run("--phase", "institutionalized", "--date", "2026-03-02").out


def test_refinements_and_decisions_dated_against_the_history_are_refused(project):
    """Version 2.1 logged on 01/05/2025 after version 2.0 of 29/08/2025 went in, and so did a refinement dated
    before the evaluation it follows; the log then read backwards in the plan."""
    for phase, day in (("pilot", "2024-09-16"), ("evaluated", "2025-06-20")):
        cycle.record_phase(project, "MAUEP", phase, date=day)
    cycle.add_refinement(project, "MAUEP", "Ruta v2 con juez de turno", version="2.0", date="2025-08-29")

    with pytest.raises(AtlasQualError) as info:
        cycle.add_refinement(project, "MAUEP", "Ficha digital", date="2025-05-01")
    message = info.value.message("es")
    assert "2.1" in message and "2.0" in message and "29 ago. 2025" in message and "1 may. 2025" in message

    with pytest.raises(AtlasQualError) as info:
        cycle.record_phase(project, "IPACM", "evaluated", date="2025-06-27")
    assert info.value.key == "cycle_phase_needs"  # IPACM was never piloted: evaluating it is refused

    cycle.record_phase(project, "IPACM", "pilot", date="2024-10-07")
    cycle.record_phase(project, "IPACM", "evaluated", date="2025-06-27")
    with pytest.raises(AtlasQualError) as info:
        cycle.add_refinement(project, "IPACM", "Calendario único", date="2025-01-10")
    assert "27 jun. 2025" in info.value.message("es") and "«evaluado»" in info.value.message("es")

    with pytest.raises(AtlasQualError) as info:
        cycle.save_plan(project, "MAUEP", status="submitted", date="2099-02-01")
    assert info.value.key == "cycle_date_in_future" and "Feb 1, 2099" in info.value.message("en")
    assert [e.version for e in cycle.refinement_log(project, "MAUEP")] == ["2.0"]
    assert cycle.list_plans(project, "MAUEP") == []


def test_machine_drafted_recommendations_are_marked_until_a_person_reviews_them(project_path, cli):
    """`learning recommendations` listed a sentence split out of an interview exactly like one the analyst
    wrote, and the page said only "entrevistas codificadas": a workshop could vote on an unread machine draft."""
    from atlas_qual.store import open_project
    from atlas_qual.widgets.cycle import CycleApp

    p = open_project(project_path)
    try:
        cycle.add_recommendation(p, "CR", "Que las radios comunitarias repitan el 147 en guaraní cada semana.",
                                 source="codings: segments 3, 9 (CODENI-BOQ-14)")
        cycle.add_recommendation(p, "CR", "Una campaña sobre el criadazgo en las escuelas de San Pedro.")
    finally:
        p.dispose()
    listed = cli("learning", "recommendations", "--project", project_path, "--dmop", "CR")
    first, second = listed.out.strip().splitlines()
    assert "borrador automático, sin revisar" in first and "borrador" not in second
    rows = json.loads(cli("learning", "recommendations", "--project", project_path, "--dmop", "CR", "--json").out)
    assert [r["machine_draft"] for r in rows] == [True, False]

    p = open_project(project_path)
    try:
        app = CycleApp(p, dmop="CR")
        assert "borrador automático" in app._recs.value
        app._rec_pick.value = "R01"
        app._rec_save.click()  # read and saved unchanged: a person confirmed it
        assert "borrador automático" not in app._recs.value and "revisada" in app._recs.value
        assert cycle.list_recommendations(p, "CR")[0].text.startswith("Que las radios")
    finally:
        p.dispose()
    again = cli("learning", "recommendations", "--project", project_path, "--dmop", "CR")
    assert "borrador" not in again.out


def test_the_cycle_page_tables_hide_listed_names_and_phones(project):
    """A recommendation naming a listed person with her phone, and a course of action naming the facilitator,
    showed verbatim in the page's tables and drop-downs, while `learning recommendations` hid them."""
    from atlas_qual.store.models import Decision
    from atlas_qual.store.names import add_names
    from atlas_qual.widgets.cycle import CycleApp

    add_names(project, ["Rosalía Benítez"], added_by="me")
    cycle.add_recommendation(project, "CR", "Que Rosalía Benítez coordine la radio en Boquerón (0981 555 123).",
                             responsible="Rosalía Benítez")
    cycle.save_plan(project, "CR", title="Plan de Rosalía Benítez", date="2025-10-01")
    project.write(lambda s: s.add(Decision(dmop_id="CR", kind="course_of_action", votes={},
                                           outcome="Rosalía Benítez convoca a la CODENI", date=dt.date(2025, 6, 20))))
    app = CycleApp(project, dmop="CR")
    shown = "\n".join([app._recs.value, app._decisions.value, str(app._rec_pick.options),
                       str(app._link_recs.options), str(app._plan_pick.options)])
    assert "Rosalía" not in shown and "0981" not in shown
    assert "coordine la radio en Boquerón" in shown and "convoca a la CODENI" in shown
    app._rec_pick.value = "R01"
    assert "Rosalía Benítez" in app._rec_text.value  # the editor edits the stored text


def test_two_people_editing_one_recommendation_never_lose_each_others_text(project):
    """Two facilitators opened R01; the second to save silently replaced the first one's rewording."""
    from atlas_qual.widgets.cycle import CycleApp

    cycle.add_recommendation(project, "MAUEP", "Juez de turno para órdenes urgentes.")
    ana, beto = CycleApp(project, dmop="MAUEP"), CycleApp(project, dmop="MAUEP")
    for app in (ana, beto):
        app._rec_pick.value = "R01"
    beto._rec_text.value = "Juez de turno para allanamientos urgentes, en horas y no en semanas."
    beto._rec_save.click()
    ana._rec_text.value = "Juez de turno y fiscal de turno para órdenes urgentes."
    ana._rec_save.click()
    assert "aq-error" in ana._rec_msg.value and "en horas y no en semanas" in ana._rec_msg.value
    assert cycle.list_recommendations(project, "MAUEP")[0].text.endswith("en horas y no en semanas.")
    assert ana._rec_text.value == "Juez de turno y fiscal de turno para órdenes urgentes."  # her words stay
    ana._rec_save.click()  # having read the other text, saving again is her decision
    assert cycle.list_recommendations(project, "MAUEP")[0].text == "Juez de turno y fiscal de turno para órdenes " \
                                                                   "urgentes."


def test_plan_months_and_refinement_dates_read_as_the_reader_writes_them(project_path, cli, tmp_path):
    """`cycle plan` listed actions "(MTESS, 2026-06 → 2026-08)" and the page confirmed a refinement "(2025-08-29)"
    inside Spanish sentences."""
    from atlas_qual.store import open_project
    from atlas_qual.widgets.cycle import CycleApp

    actions = tmp_path / "acciones.csv"
    actions.write_text("acción,institución,inicio,fin\nAprobar la ruta por resolución conjunta,MTESS,2026-06,"
                       "2026-08\n", encoding="utf-8")
    done = cli("cycle", "plan", "--project", project_path, "--dmop", "MAUEP", "--actions", actions,
               "--date", "2025-10-15")
    assert done.code == 0 and "junio de 2026 → agosto de 2026" in done.out and "2026-06" not in done.out
    english = cli("cycle", "plan", "--project", project_path, "--dmop", "MAUEP", "--lang", "en")
    assert "June 2026 → August 2026" in english.out
    as_json = json.loads(cli("cycle", "plan", "--project", project_path, "--dmop", "MAUEP", "--json").out)
    assert as_json["actions"][0]["start"] == "2026-06"  # scripts keep ISO

    p = open_project(project_path)
    try:
        app = CycleApp(p, dmop="MAUEP")
        app._change.value = "Ruta v2 con juez de turno"
        app._refine_date.value = "29/08/2025"
        app._refine.click()
        assert "29 ago. 2025" in app._refine_msg.value and "2025-08-29" not in app._refine_msg.value
    finally:
        p.dispose()


@pytest.mark.browser
def test_tall_fields_labels_never_cover_the_next_field(browser, tmp_path):
    """On the Refinement and Plan tabs the label "Decisiones vinculadas" sat on top of the list of
    recommendations, and "Recursos" on top of the last plan action, at 1366 px and on a phone."""
    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    path = tmp_path / "project.db"
    p = open_project(path, create=True)
    init_project(p)
    for n in range(6):
        cycle.add_recommendation(p, "MAUEP", f"Recomendación número {n + 1} sobre la ruta de intervención.")
    cycle.save_plan(p, "MAUEP", actions=[{"action": f"Acción {n + 1}", "institution": "MTESS"} for n in range(8)],
                    resources="Presupuesto 2027", date="2025-10-15")
    p.dispose()
    server = VoilaProcess(path, pool_size=1, log_dir=tmp_path)
    try:
        for width, height in ((1366, 768), (375, 740)):
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.set_default_timeout(90_000)
            page.goto(server.url("cycle.ipynb", dmop="MAUEP"))
            page.wait_for_selector("[data-testid=cycle-counts]")
            tabs = page.locator(".lm-TabBar-tab, .p-TabBar-tab")
            for tab, above, below in ((2, ".aq-tall-recs", ".aq-tall-decisions"),
                                      (3, ".aq-tall-actions", ".aq-cycle-resources")):
                tabs.nth(tab).click()
                control = page.locator(f"{above} select, {above} textarea").first
                control.wait_for()
                label = page.locator(f"{below} .widget-label").first
                bottom = control.bounding_box()["y"] + control.bounding_box()["height"]
                assert bottom <= label.bounding_box()["y"] + 1, (width, tab, bottom, label.bounding_box())
            context.close()
    finally:
        server.stop()
