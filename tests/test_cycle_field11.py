"""Field test 11 of the DMOP cycle: the M&E officer and the DMOP lead walk the cycle on their own data.

A partner's BOK spreadsheet, as sent (a title row above the header, a "Tema" cell merged over two practices, a notes
column, evidence written "Moderada (2 estudios)", gaps listed "G1, G2 y G5"), was refused or half imported; `bok
relevant --gap G5` did not find the project's G05 and printed "0.60" on a Spanish line; the cycle page never said what
to do next (nor that machine drafts still had to be reviewed before the learning workshop)."""

from __future__ import annotations

import pytest


def _partner_bok(path):
    """The BOK spreadsheet the way a partner sends it."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Cuerpo de Conocimiento ATLAS - Paraguay (versión socios)"
    sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(["Código", "Práctica", "Descripción", "Tema", "Tipo de intervención", "Nivel de evidencia",
                  "Brechas", "Notas"])
    sheet.append(["P-01", "Mesa técnica mensual entre inspección y fiscalía", "Revisión mensual de casos", "TI; TF",
                  "Coordinación", "Moderada (2 estudios)", "G1, G2 y G5", "revisar con OIT"])
    sheet.append(["P-02", "Formulario único de derivación a la CODENI", "", None, "Derivación",
                  "Limitada - 1 estudio", "G3 y G10", ""])
    sheet.append(["P-03", "Radio comunitaria en guaraní", "Spots sobre la línea 147", "TI", "Sensibilización",
                  "Fuerte", "G5; G16", "pendiente"])
    sheet.merge_cells("D4:D5")  # one "Tema" for P-01 and P-02
    book.save(path)
    return path


def _practices(project):
    from atlas_qual.store.bok import list_practices

    return {p.ref: p for p in list_practices(project)}


def test_partner_bok_spreadsheet_imports_as_sent(project, tmp_path):
    from atlas_qual.i18n import set_lang
    from atlas_qual.store.bok import import_practices

    set_lang("es")
    report = import_practices(project, _partner_bok(tmp_path / "bok_socios.xlsx"))
    assert report.errors == [] and report.added == ["P-01", "P-02", "P-03"]
    found = _practices(project)
    assert found["P-01"].evidence == "moderate" and found["P-02"].evidence == "limited"
    assert found["P-02"].topics == ("CL", "FL")  # the merged "Tema" cell reads for both rows
    assert found["P-01"].gap_ids == ("G1", "G2", "G5") and found["P-02"].gap_ids == ("G3", "G10")
    # the project has no gaps yet: one sentence per row, in the plural when there are several
    assert report.warnings[0] == ("bok_socios.xlsx, fila 4: las brechas G1, G2 y G5 todavía no existen en el "
                                  "proyecto; los vínculos se guardan igual")


def test_partner_gap_ids_without_zero_are_the_project_gaps(project, project_path, tmp_path, cli):
    from atlas_qual.store.bok import import_practices
    from atlas_qual.store.gaps import import_gaps

    gaps = tmp_path / "gaps.csv"
    gaps.write_text("id;title\nG01;Comprensión no unificada\nG02;Inspección y fiscalía separadas\n"
                    "G05;Poco conocimiento de los canales de denuncia\n", encoding="utf-8")
    import_gaps(project, gaps)
    report = import_practices(project, _partner_bok(tmp_path / "bok.xlsx"))
    assert report.errors == []
    assert _practices(project)["P-01"].gap_ids == ("G01", "G02", "G05")
    assert not any("fila 4" in w for w in report.warnings)  # G1, G2 and G5 are the project's G01, G02, G05

    # the officer types G5 as the partner wrote it; scores in the reader's locale
    res = cli("bok", "relevant", "--project", project_path, "--gap", "G5")
    assert res.code == 0, res
    assert "P-01" in res.out and "P-03" in res.out
    assert "0," in res.out and "0." not in res.out


def _rec_state(project, **kw):
    from atlas_qual.widgets.cycle import CycleApp

    app = CycleApp(project, dmop="MAUEP", **kw)
    return app, app._next.value


def test_cycle_page_says_what_to_do_next(project):
    from atlas_qual.store.cycle import add_recommendation, create_learning_workshop

    app, html = _rec_state(project)
    assert 'data-step="cycle_next_recs"' in html and "«Recomendaciones»" in html

    add_recommendation(project, "MAUEP", "Que haya más inspectores con vehículo y combustible",
                       source="codings: segments 1 (INS-AP-01)")
    add_recommendation(project, "MAUEP", "Un registro compartido de casos derivados",
                       source="codings: segments 2 (FIS-AC-02)")
    app, html = _rec_state(project)
    # machine drafts nobody reviewed: named and counted before the workshop votes on them
    assert 'data-step="cycle_next_review"' in html and "revise 2 borradores automáticos sin revisar" in html

    for ref in ("R01", "R02"):  # the facilitator reviews each one on the page
        app._rec_pick.value = ref
        app._rec_save.click()
    assert 'data-step="cycle_next_workshop"' in app._next.value

    create_learning_workshop(project, "MAUEP")
    app, html = _rec_state(project, lang="en")
    assert 'data-step="cycle_next_record"' in html and "“Learning workshop”" in html and "«" not in html


def test_next_step_after_the_workshop_follows_the_log_and_the_plan():
    from atlas_qual.cycle_next import next_step

    recorded = [("endorsed", False)], [True]
    assert next_step(*recorded, 0, [])[0] == "cycle_next_refine"
    assert next_step(*recorded, 1, [])[0] == "cycle_next_plan"
    assert next_step(*recorded, 1, ["draft"])[0] == "cycle_next_submit"
    assert next_step(*recorded, 1, ["draft", "submitted"])[0] == "cycle_next_approve"
    assert next_step(*recorded, 1, ["approved"])[0] == "cycle_next_done"


@pytest.mark.browser
def test_next_step_is_on_screen_on_a_phone(browser, tmp_path_factory):
    from conftest import serve_new_project

    server, _ = serve_new_project(tmp_path_factory, "cycle-next", lambda project, folder: None)
    try:
        context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(server.url("cycle.ipynb", dmop="CR"))
        step = page.wait_for_selector("[data-testid=cycle-next]")
        assert "Siguiente paso" in step.inner_text()
        box = step.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375  # no sideways scrolling to read it
        context.close()
    finally:
        server.stop()
