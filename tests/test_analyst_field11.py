"""An analyst's afternoon with the notebook API and the themes page (field test, round 11): a misspelt coder, an
agreement of one coder, an unknown session or transcript each say so in one line instead of an empty frame, NaN or a
raw error; survey ratings are numbers; indicator denominators are counts; themes and theme runs join on ``run_id``;
a theme too small to split says its minimums as counts; the themes page keeps its editing buttons off while a new
run is about to replace the themes shown; on a phone the territory shares read on their dark shades."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

import atlas_qual
from atlas_qual.store.themes_store import latest_themes, run_themes
from atlas_qual.widgets.themes import ThemesApp
from conftest import coded_interviews

WEAK = "Evaluación/Debilidades"
CODERS = "ana.gimenez, carlos.rojas"


@pytest.fixture(scope="module")
def demo_path(demo_project_template, tmp_path_factory):
    from conftest import copy_project

    return copy_project(demo_project_template, tmp_path_factory.mktemp("analyst11") / "demo.db")


@pytest.fixture(scope="module")
def demo(demo_path):
    p = atlas_qual.open_project(demo_path)
    yield p
    p.close()


# --- the notebook API ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda p: p.codings(coder="ana.gimenes"),
    lambda p: p.quotes("Debilidades", coder="ana.gimenes"),
    lambda p: p.matrix(coder="ana.gimenes"),
    lambda p: p.cooccurrence(coder="ana.gimenes"),
], ids=["codings", "quotes", "matrix", "cooccurrence"])
def test_a_misspelt_coder_names_the_projects_coders_instead_of_giving_an_empty_frame(demo, call):
    with pytest.raises(KeyError) as err:
        call(demo)
    message = str(err.value)
    assert "ana.gimenes" in message and CODERS in message and "\n" not in message
    assert len(demo.codings(coder="ana.gimenez")) > 0


def test_a_coder_filter_on_a_project_without_codings_still_gives_its_empty_frame(demo, project_path):
    with pytest.raises(KeyError):
        demo.codings(coder="nadie")
    with atlas_qual.open_project(project_path) as fresh:  # a notebook written on the demo runs on a new project
        assert fresh.codings(coder="ana.gimenez").empty


def test_agreement_of_one_coder_says_it_needs_two_not_a_row_of_nan(demo, demo_path):
    for call in (lambda: demo.agreement("ana.gimenez"), lambda: demo.disagreements(["ana.gimenez"])):
        with pytest.raises(ValueError) as err:
            call()
        assert "dos codificadores" in str(err.value) and CODERS in str(err.value)
    with atlas_qual.open_project(demo_path, lang="en") as en:
        with pytest.raises(ValueError, match="at least two coders"):
            en.agreement("ana.gimenez")


def test_results_of_an_unknown_session_is_the_same_key_error_as_votes(demo):
    with pytest.raises(KeyError) as votes:
        demo.votes("ZZZZZZ")
    with pytest.raises(KeyError) as results:
        demo.results("ZZZZZZ")
    assert str(results.value) == str(votes.value) and "ZZZZZZ" in str(results.value)


@pytest.mark.parametrize("transcript", [999, "tres"])
def test_segments_of_an_unknown_transcript_says_so(demo, transcript):
    with pytest.raises(KeyError) as err:
        demo.segments(transcript)
    assert f"transcripción {transcript}" in str(err.value) and "p.transcripts()" in str(err.value)
    assert len(demo.segments("3")) > 0


def test_survey_ratings_are_numbers_an_analyst_can_average(demo):
    from atlas_qual.api_frames import numeric_answers

    survey = demo.register("survey")
    assert survey["q_usefulness"].dtype == "Int64"
    assert 1 <= survey["q_usefulness"].mean() <= 5
    assert survey["q_participated"].dtype == atlas_qual.api_frames.text_dtype()  # "Sí" / "No" stay text
    # a decimal comma (Spanish), an empty answer, a text among numbers
    frame = pd.DataFrame({"q_a": ["4,5", "3", None], "q_b": ["4", "", "5"], "q_c": ["4", "no sabe", "5"]})
    out = numeric_answers(frame, ["q_a", "q_b", "q_c"])
    assert out["q_a"].dtype == "float64" and out["q_a"].tolist()[:2] == [4.5, 3.0]
    assert out["q_b"].dtype == "Int64" and out["q_b"].isna().tolist() == [False, True, False]
    assert out["q_c"].tolist() == ["4", "no sabe", "5"]


def test_indicator_denominators_are_counts_not_floats(demo):
    ind = demo.indicators()
    assert ind["denominator"].dtype == "Int64" and ind["numerator"].dtype == "int64"
    assert ind["denominator"].notna().any() and ind["denominator"].isna().any()


def test_themes_and_theme_runs_name_a_run_with_the_same_dtype(demo):
    themes, runs = demo.themes(), demo.theme_runs()
    assert themes["run_id"].dtype == runs["run_id"].dtype == "int64"
    joined = themes.merge(runs[["run_id", "model"]], on="run_id", validate="many_to_one")
    assert len(joined) == len(themes)


# --- the themes page -------------------------------------------------------------------------------------------------

BUDGET = ["No tenemos presupuesto para combustible y la camioneta está rota hace meses.",
          "Sin viáticos ni vehículo no podemos llegar a las estancias del Chaco.",
          "El presupuesto no alcanza: falta combustible para los operativos.",
          "Faltan recursos: no hay vehículo propio ni presupuesto para salir al campo."]
RECORDS = ["No hay un registro único de denuncias; cada institución tiene su planilla.",
           "Los datos de las denuncias no coinciden entre el ministerio y la fiscalía.",
           "Nadie sabe cuántas denuncias hubo porque el registro está en papel.",
           "Las cifras de denuncias del sistema informático están incompletas."]
ROUTES = ["No existe una ruta de intervención clara; nadie conoce el protocolo del otro.",
          "El inspector no sabe a quién derivar el caso: no hay protocolo común con la fiscalía.",
          "Cada institución tiene su propio procedimiento de derivación y los roles no están claros.",
          "Falta un protocolo unificado que diga qué institución interviene primero."]
PEOPLE = (("a.txt", "Boquerón", "MAUEP", "MTESS", "Rosa Benítez Ojeda", "INS-BOQ-01", "inspectora de trabajo"),
          ("b.txt", "San Pedro", "MAUEP", "MP", "Néstor Duarte", "FIS-SP-02", "agente fiscal"),
          ("c.txt", "Alto Paraná", "CR", "CODENI", "Nilda Cardozo", "COD-AP-03", "consejera CODENI"))


@pytest.fixture
def coded(project, tmp_path):
    answers = [x for triple in zip(BUDGET, RECORDS, ROUTES) for x in triple]
    return coded_interviews(project, tmp_path, PEOPLE, answers, WEAK, per=4)


def test_a_theme_too_small_to_split_says_its_minimums_as_counts(coded):
    run = run_themes(coded, WEAK, embedding="lexical", n_themes=3, min_theme_size=2)
    app = ThemesApp(coded, warm_up=False, background=False)
    app.theme_picker.value = min(run.themes, key=lambda th: th.size).id
    app.split_button.click()
    message = app.edit_status.value
    assert "al menos 10 segmentos con texto y 50 palabras con contenido" in message, message
    assert "es de segmentos" not in message


def test_the_editing_buttons_are_off_while_a_new_run_is_about_to_replace_the_themes(coded, monkeypatch):
    """An analyst who renames a theme while "Buscar temas" runs would see the rename vanish when the new run lands."""
    from atlas_qual.store import themes_store

    first = run_themes(coded, WEAK, embedding="lexical", n_themes=3, min_theme_size=2)
    release, started = threading.Event(), threading.Event()
    real = themes_store.run_themes

    def slow_run(*args, **kwargs):
        started.set()
        release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(themes_store, "run_themes", slow_run)
    app = ThemesApp(coded, warm_up=False, background=True)
    buttons = [app.rename_button, app.merge_button, app.delete_button, app.confirm_button, app.split_button,
               app.move_button, app.discard_button, app.reset_button]
    assert not any(b.disabled for b in buttons[:5])
    app.run_button.click()
    try:
        assert started.wait(30)
        assert all(b.disabled for b in buttons), [b.description for b in buttons if not b.disabled]
        assert "Espere a que termine la búsqueda" in app.edit_status.value  # why they are greyed, beside them
        app.label_input.value = "Nombre del analista"
        app._on_rename()  # a click that reached the kernel anyway: refused, and said why
        assert "Espere a que termine la búsqueda" in app.edit_status.value
        assert "Nombre del analista" not in [th.label for th in latest_themes(coded, WEAK).themes]
    finally:
        release.set()
        app.wait(120)
    assert latest_themes(coded, WEAK).id != first.id and "Espere" not in app.edit_status.value
    assert not any(b.disabled for b in (app.rename_button, app.merge_button, app.confirm_button, app.split_button))


@pytest.mark.browser
def test_territory_shares_on_a_phone_are_read_in_their_cells_ink(browser, demo_server):
    """At 375 px each theme is a card of shares; the share's name ("Ñeembucú (n=1):") was grey on the darkest blue."""
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(demo_server.url("themes.ipynb", code="Fortalezas"))
        page.wait_for_selector('[data-testid="theme-heatmap"] td', state="attached")
        cells = page.evaluate("""() => [...document.querySelectorAll('[data-testid=theme-heatmap] td[data-label]')]
            .map(td => [td.textContent, getComputedStyle(td).color, getComputedStyle(td, '::before').color])""")
        assert cells and any(ink == "rgb(255, 255, 255)" for _, ink, _ in cells)  # a dark shade is among them
        assert all(ink == label for _, ink, label in cells), [c for c in cells if c[1] != c[2]]
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        context.close()
