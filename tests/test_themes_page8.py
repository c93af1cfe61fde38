"""The themes page as an analyst uses it for an afternoon (field test, round 8): moving texts between themes from the
page, splitting a theme too small to split, guided themes from the codebook's subcodes, a failed run explained in its
column, a new run that would hide the analysts' edits, and the theme picked staying picked after an edit."""

from __future__ import annotations

import pytest

from atlas_qual import open_project as open_api
from atlas_qual.store import open_project
from atlas_qual.store.codebook import add_code
from atlas_qual.store.themes_store import get_run, latest_themes, run_themes, theme_members
from conftest import coded_interviews
from atlas_qual.widgets.themes import ThemesApp

WEAK = "Evaluación/Debilidades"
STRONG = "Evaluación/Fortalezas"

BUDGET = [
    "No tenemos presupuesto para combustible y la camioneta está rota hace meses.",
    "Sin viáticos ni vehículo no podemos llegar a las estancias del Chaco.",
    "El presupuesto no alcanza: falta combustible para los operativos.",
    "Faltan recursos: no hay vehículo propio ni presupuesto para salir al campo.",
    "Con el presupuesto que tenemos no se puede pagar el combustible de la camioneta.",
    "La camioneta se comparte con otras áreas y casi nunca hay combustible ni viáticos.",
]
RECORDS = [
    "No hay un registro único de denuncias; cada institución tiene su planilla.",
    "Los datos de las denuncias no coinciden entre el ministerio y la fiscalía.",
    "Nadie sabe cuántas denuncias hubo porque el registro está en papel.",
    "Las cifras de denuncias del sistema informático están incompletas.",
    "Cada oficina carga los datos a su manera y el registro nacional queda vacío.",
    "Sin un sistema de registro compartido no podemos seguir las denuncias.",
]
ROUTES = [
    "No existe una ruta de intervención clara; nadie conoce el protocolo del otro.",
    "El inspector no sabe a quién derivar el caso: no hay protocolo común con la fiscalía.",
    "Cada institución tiene su propio procedimiento de derivación y los roles no están claros.",
    "Falta un protocolo unificado que diga qué institución interviene primero.",
    "La derivación de casos depende de quién atiende, porque no hay una ruta escrita.",
    "Sin protocolo común los casos se pierden entre una institución y otra.",
]
PEOPLE = (("a.txt", "Boquerón", "MAUEP", "MTESS", "Rosa Benítez Ojeda", "INS-BOQ-01", "inspectora de trabajo"),
          ("b.txt", "San Pedro", "MAUEP", "MP", "Néstor Duarte", "FIS-SP-02", "agente fiscal"),
          ("c.txt", "Alto Paraná", "CR", "CODENI", "Nilda Cardozo", "COD-AP-03", "consejera CODENI"))


@pytest.fixture
def coded(project, tmp_path):
    """Three interviews, six weakness answers each (budget, records, routes mixed), coded by ana.gimenez; the first
    answer names its interviewee."""
    answers = [x for triple in zip(BUDGET, RECORDS, ROUTES) for x in triple]
    return coded_interviews(project, tmp_path, PEOPLE, answers, WEAK, named="Rosa Benítez Ojeda lo dijo en la "
                                                                          "reunión.")


def app_for(project, **kw) -> ThemesApp:
    kw.setdefault("warm_up", False)
    kw.setdefault("background", False)
    return ThemesApp(project, **kw)


def lexical_run(project, **kw):
    return run_themes(project, WEAK, embedding="lexical", n_themes=3, min_theme_size=2, **kw)


def test_three_texts_moved_from_the_page_stay_moved_for_the_page_the_store_and_the_api(coded, project_path):
    run = lexical_run(coded)
    source, target = run.themes[0], run.themes[1]
    app = app_for(coded)
    app.theme_picker.value = source.id
    # the picked theme's texts, by pseudonym, redacted (the interviewee's name is a listed name)
    shown = [label for label, _ in app.texts_picker.options]
    assert len(shown) == source.size and all(": «" in label for label in shown)
    assert not any("Rosa" in label or "Benítez" in label for label in shown)
    # only the other themes of the same run can receive them
    assert [v for _, v in app.move_target.options] == [th.id for th in run.themes if th.id != source.id]
    moved = [v for _, v in app.texts_picker.options][:3]
    app.texts_picker.value = tuple(moved)
    app.move_target.value = target.id
    app.move_button.click()
    assert f"Movidos a «{target.label}»: 3." in app.edit_status.value
    assert app.theme_picker.value == source.id  # the analyst stays on the theme they were sorting
    assert len(app.texts_picker.options) == source.size - 3

    other = open_project(project_path)  # what a reload, another kernel or the report reads
    try:
        after = get_run(other, run.id)
        assert after.theme(target.id).size == target.size + 3
        assert after.theme(source.id).size == source.size - 3
        assert set(moved) <= set(after.theme(target.id).segment_ids)
        assert {m.segment_id for m in theme_members(other, target.id)} >= set(moved)
        fresh = app_for(other)
        assert f"{target.label} ({target.size + 3})" in [label for label, _ in fresh.theme_picker.options]
    finally:
        other.dispose()
    frame = open_api(project_path).themes(run.id)  # the API: each moved text in the theme it was moved to
    assert set(frame[frame["segment_id"].isin(moved)]["theme_id"]) == {target.id}


def test_moving_needs_texts_and_a_theme_and_says_so(coded):
    lexical_run(coded)
    app = app_for(coded)
    app.texts_picker.value = ()
    app.move_button.click()
    assert "Elija en «Textos del tema»" in app.edit_status.value


def test_a_theme_too_small_to_split_says_why_and_how_to_move_texts_by_hand(coded):
    run = lexical_run(coded)
    small = min(run.themes, key=lambda th: th.size)
    assert small.size < 10
    app = app_for(coded)
    app.theme_picker.value = small.id
    app.split_button.click()
    message = app.edit_status.value
    # not the engine's "widen the filters or code more segments", which is no help for one theme
    assert "No se puede dividir" in message and "Mover textos" in message and "filtros" not in message
    assert len(latest_themes(coded, WEAK).themes) == len(run.themes)


def test_guided_themes_from_the_codes_subcodes_on_the_page(coded):
    add_code(coded, "Presupuesto", parent=WEAK, definition="falta de presupuesto, combustible y vehículos")
    add_code(coded, "Registro de denuncias", parent=WEAK, definition="datos y registro de las denuncias")
    app = app_for(coded)
    app.embedding_picker.value = "lexical"
    app.subcodes_box.value = True
    app.run_button.click()
    run = latest_themes(coded, WEAK)
    assert run is not None
    assert {"Presupuesto", "Registro de denuncias"} <= {th.seed for th in run.themes}
    # candidate names are the analysts' own: shown as reviewed, not "sin revisar"
    cards = app.body.value
    assert "Presupuesto" in cards and "Registro de denuncias" in cards


def test_a_code_without_subcodes_says_so_in_its_column_instead_of_asking_for_a_run(coded):
    app = app_for(coded, view="compare")
    app.subcodes_box.value = True
    app.run_button.click()
    assert "no tiene subcódigos" in app.status.value
    columns = app.body.value.split('data-testid="themes-column"')[1:]
    assert len(columns) == 2
    for column in columns:
        assert "no tiene subcódigos" in column and "Pulse «Buscar temas»" not in column


def test_a_run_with_too_little_text_is_explained_in_its_column(coded):
    app = app_for(coded, view="compare")  # strengths: nothing coded, weaknesses: enough
    app.embedding_picker.value = "lexical"
    app.run_button.click()
    weak, strong = app.body.value.split('data-testid="themes-column"')[1:]
    assert 'data-testid="theme-card"' in weak
    assert "No se guardaron temas nuevos para Evaluación/Fortalezas" in strong
    assert "Pulse «Buscar temas»" not in strong


def test_a_new_run_over_edited_themes_warns_first_and_discarding_it_brings_the_edits_back(coded):
    run = lexical_run(coded)
    app = app_for(coded)
    app.embedding_picker.value = "lexical"
    app.theme_picker.value = run.themes[0].id
    app.label_input.value = "Falta de presupuesto"
    app.rename_button.click()

    app.run_button.click()  # the first click only warns: the edits would vanish from the page and the reports
    assert "Ediciones de análisis en las corridas mostradas" in app.status.value
    assert app.run_ids == [run.id] and latest_themes(coded, WEAK).id == run.id
    app.run_button.click()  # the second goes on
    newer = latest_themes(coded, WEAK)
    assert newer.id != run.id and app.run_ids == [newer.id]
    assert "Falta de presupuesto" not in [th.label for th in newer.themes]

    app.discard_button.click()  # asks first
    assert "Pulse «Descartar las corridas mostradas» otra vez" in app.edit_status.value
    assert latest_themes(coded, WEAK).id == newer.id
    app.discard_button.click()
    assert f"Corridas descartadas: {newer.id}." in app.edit_status.value
    back = latest_themes(coded, WEAK)
    assert back.id == run.id and back.theme(run.themes[0].id).label == "Falta de presupuesto"
    assert "Falta de presupuesto" in app.body.value


def test_renaming_keeps_the_renamed_theme_picked(coded):
    run = lexical_run(coded)
    app = app_for(coded)
    last = run.themes[-1].id
    app.theme_picker.value = last
    app.label_input.value = "Rutas de derivación"
    app.rename_button.click()
    assert app.theme_picker.value == last
    app.confirm_button.click()  # the next action applies to the theme the analyst is looking at
    assert latest_themes(coded, WEAK).theme(last).label == "Rutas de derivación"
    assert app.theme_picker.value == last


@pytest.mark.browser
def test_served_page_moves_texts_and_the_move_survives_a_reload(browser, demo_server):
    """At laptop size: run (a coder filter of its own, so the demo's runs stay as other tests expect them), move two
    texts with the page's controls, reload: the theme sizes on the cards are the moved ones."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(300_000)
    try:
        page.goto(demo_server.url("themes.ipynb", coder="ana.gimenez", code="Debilidades"))
        page.wait_for_selector('[data-testid="themes-column"]', state="visible")
        if page.locator('[data-testid="theme-card"]').count() == 0:
            page.get_by_role("button", name="Buscar temas").click()
            page.wait_for_selector('[data-testid="theme-card"]', state="visible")

        def field(label):
            return page.locator(".widget-dropdown, .widget-select-multiple").filter(
                has=page.locator(f"label:text-is('{label}')")).first.locator("select")

        def sizes():  # each card's label with its size
            cards = page.locator('[data-testid="theme-card"]')
            return sorted(zip(cards.locator("h3").all_inner_texts(), cards.locator(".aq-size").all_inner_texts()))

        before = sizes()
        texts = field("Textos del tema")
        options = texts.locator("option").all_inner_texts()
        assert len(options) >= 3 and all(": «" in o.replace("\xa0", " ") for o in options)
        texts.select_option(label=options[:2])
        page.get_by_role("button", name="Mover textos", exact=True).click()
        page.get_by_text("Movidos a «").wait_for()
        after = sizes()
        assert after != before
        page.reload()
        page.wait_for_selector('[data-testid="theme-card"]', state="visible")
        assert sizes() == after
    finally:
        context.close()
