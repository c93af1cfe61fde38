"""The themes app: drawn from the store without loading the theme engine; runs an extraction through widget clicks
with a progress bar; theme cards, chart and heatmap; strengths and weaknesses side by side; rename, merge, delete
and restore stored; errors shown on the page; the notebook is a thin view; the page served by Voila in Chromium."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from atlas_qual.store import open_project
from atlas_qual.store.themes_store import get_run, latest_themes, run_themes
from atlas_qual.widgets.themes import ThemesApp
from conftest import coded_interviews

ROOT = Path(__file__).resolve().parents[1]
WEAK = "Evaluación/Debilidades"
STRONG = "Evaluación/Fortalezas"
HEAVY = ("bertopic", "torch", "sentence_transformers", "umap", "hdbscan", "sklearn", "spacy", "transformers")

WEAKNESSES = [
    "No tenemos presupuesto para combustible y la camioneta está rota hace meses.",
    "No hay un registro único de denuncias; cada institución tiene su planilla.",
    "No existe una ruta de intervención clara; nadie conoce el protocolo del otro.",
    "Sin viáticos ni vehículo no podemos llegar a las estancias del Chaco.",
    "Los datos de las denuncias no coinciden entre el ministerio y la fiscalía.",
    "El inspector no sabe a quién derivar el caso: no hay protocolo común con la fiscalía.",
    "El presupuesto no alcanza: falta combustible para los operativos.",
    "Nadie sabe cuántas denuncias hubo porque el registro está en papel.",
    "Cada institución tiene su propio procedimiento de derivación y los roles no están claros.",
    "Faltan recursos: no hay vehículo propio ni presupuesto para salir al campo.",
    "Las cifras de denuncias del sistema informático están incompletas.",
    "Falta un protocolo unificado que diga qué institución interviene primero.",
    "Con el presupuesto que tenemos no se puede pagar el combustible de la camioneta.",
    "Cada oficina carga los datos a su manera y el registro nacional queda vacío.",
    "La derivación de casos depende de quién atiende, porque no hay una ruta escrita.",
    "La camioneta se comparte con otras áreas y casi nunca hay combustible ni viáticos.",
    "Sin un sistema de registro compartido no podemos seguir las denuncias.",
    "Sin protocolo común los casos se pierden entre una institución y otra.",
]
PEOPLE = (("a.txt", "Boquerón", "MAUEP", "MTESS", "Rosa Benítez Ojeda", "INS-BOQ-01", "inspectora de trabajo"),
          ("b.txt", "San Pedro", "MAUEP", "MP", "Néstor Duarte", "FIS-SP-02", "agente fiscal"),
          ("c.txt", "Alto Paraná", "CR", "CODENI", "Nilda Cardozo", "COD-AP-03", "consejera CODENI"))


@pytest.fixture
def coded(project, tmp_path):
    """Three interviews, six weakness answers each, coded by ana.gimenez; the first names its interviewee."""
    return coded_interviews(project, tmp_path, PEOPLE, WEAKNESSES, WEAK, named="Rosa Benítez Ojeda lo dijo en la "
                                                                             "reunión.")


def app_for(project, **kw) -> ThemesApp:
    kw.setdefault("warm_up", False)
    return ThemesApp(project, **kw)


def test_building_the_page_does_not_import_the_theme_engine(demo_project):
    """A fresh kernel draws the stored themes with no bertopic, torch or scikit-learn; the engine then loads in a
    background thread and the page says so."""
    script = textwrap.dedent(f"""
        import json, sys
        from atlas_qual.store import open_project
        from atlas_qual.widgets.themes import ThemesApp
        app = ThemesApp(open_project({str(demo_project)!r}), view="compare", warm_up_delay=3.0)
        drawn = {{"heavy": [m for m in {HEAVY!r} if m in sys.modules],
                  "cards": app.body.value.count('data-testid="theme-card"'),
                  "loading": app.status.value, "ready": app.engine_ready}}
        app._warm_thread.join()
        import time
        for _ in range(600):
            if app.engine_ready:
                break
            time.sleep(0.5)
        drawn["after"] = [m for m in ("bertopic", "sklearn") if m in sys.modules]
        drawn["ready_after"] = app.engine_ready
        drawn["status_after"] = app.status.value
        print(json.dumps(drawn))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["heavy"] == []  # the page drew without the engine
    assert out["cards"] >= 4  # the demo's stored strengths and weaknesses, side by side
    assert "segundo plano" in out["loading"] and out["ready"] is False
    # the engine no longer runs through BERTopic: scikit-learn and the packaged e5 model are what loads
    assert out["after"] == ["sklearn"] and out["ready_after"] is True
    assert "Motor de temas listo" in out["status_after"]


def test_clicking_find_themes_runs_stores_and_draws_the_themes(coded):
    app = app_for(coded)
    assert app.run_ids == [None]
    assert "Pulse «Buscar temas»" in app.body.value
    app.run_button.click()
    app.wait(600)
    assert not app.running and app.error == ""
    assert app.progress.value == 100 and not app.run_button.disabled
    stored = latest_themes(coded, WEAK)
    assert app.run_ids == [stored.id]
    assert "temas en Evaluación/Debilidades" in app.status.value
    body = app.body.value
    assert body.count('data-testid="theme-card"') == len(stored.themes) >= 2
    assert 'data-testid="theme-chart"' in body and "<svg" in body
    for th in stored.themes:
        assert th.label in body or th.label.replace("'", "&#x27;") in body
    assert "Benítez" not in body and "INS-BOQ-01" in body  # quotes redacted, sourced by pseudonym
    assert "inspectora de trabajo, Boquerón" in body  # pseudonym, role and territory under each quote
    assert [label for label, _ in app.theme_picker.options][0].endswith(f"({stored.themes[0].size})")


def test_filters_chosen_on_the_page_are_the_runs_filters(coded):
    app = app_for(coded, background=False)
    app.filter_pickers["dmop"].value = "MAUEP"
    assert app.run_ids == [None]
    app.run_button.click()
    run = get_run(coded, app.run_ids[0])
    assert run.filters == {"dmop": "MAUEP"} and len(run.segments) == 12
    app.filter_pickers["dmop"].value = ""
    assert app.run_ids == [None]  # no run over every DMOP yet
    app.filter_pickers["dmop"].value = "MAUEP"
    assert app.run_ids == [run.id]


def test_the_representation_says_what_it_runs_and_lexical_alone_can_be_chosen(coded):
    app = app_for(coded, background=False)
    options = dict(app.embedding_picker.options)
    assert options["Multilingüe e5 + léxica"] == "default"  # it said "Léxica" while running e5
    app.embedding_picker.value = "lexical"
    app.run_button.click()
    assert get_run(coded, app.run_ids[0]).model.startswith("lexical")


def test_too_little_text_is_shown_on_the_page_and_nothing_is_stored(coded):
    app = app_for(coded, background=False, lang="en")
    app.filter_pickers["territory"].value = "boqueron"
    app.run_button.click()
    assert "too little text in Evaluación/Debilidades (Territory boqueron)" in app.error
    assert 'class="aq-error"' in app.status.value and "at least 10 segments" in app.status.value
    assert app.run_ids == [None] and latest_themes(coded, WEAK, territory="boqueron") is None
    assert not app.running and not app.run_button.disabled


def test_rename_merge_delete_and_restore_from_the_page_are_stored(coded, project_path):
    run = run_themes(coded, WEAK, min_theme_size=3)
    assert len(run.themes) >= 3
    app = app_for(coded)
    a, b, c = (th.id for th in run.themes[:3])

    app.theme_picker.value = a
    app.label_input.value = "Falta de presupuesto"
    app.rename_button.click()
    assert "Cambios guardados" in app.edit_status.value and app.label_input.value == ""
    app.merge_picker.value = (b, c)
    app.label_input.value = "Datos y rutas"
    app.merge_button.click()
    other = open_project(project_path)  # what another kernel, or the report, reads
    try:
        stored = latest_themes(other, WEAK)
    finally:
        other.dispose()
    labels = {th.id: th.label for th in stored.themes}
    assert labels[a] == "Falta de presupuesto" and labels[b] == "Datos y rutas" and c not in labels
    assert stored.theme(b).size == run.themes[1].size + run.themes[2].size
    assert "Falta de presupuesto" in app.body.value and "Incluye:" in app.body.value
    assert app.removed_picker.options and app.removed_picker.value == c

    app.theme_picker.value = a
    app.delete_button.click()
    assert a not in {th.id for th in latest_themes(coded, WEAK).themes}
    assert "Falta de presupuesto" not in [label for label, _ in app.theme_picker.options]
    app.removed_picker.value = a
    app.restore_button.click()
    assert latest_themes(coded, WEAK).theme(a).label == "Falta de presupuesto"
    app.reset_button.click()
    plain = latest_themes(coded, WEAK)
    assert [(th.id, th.label) for th in plain.themes] == [(th.id, th.label) for th in run.themes]


def test_edit_mistakes_are_explained_on_the_page(coded):
    run_themes(coded, WEAK, min_theme_size=3)
    app = app_for(coded, lang="en")
    app.label_input.value = ""
    app.rename_button.click()
    assert "Type the new name" in app.edit_status.value
    app.merge_picker.value = (app.theme_picker.value,)
    app.merge_button.click()
    assert "at least two different themes" in app.edit_status.value


def test_a_theme_label_is_shown_as_text_never_as_html(coded):
    run = run_themes(coded, WEAK)
    app = app_for(coded)
    app.theme_picker.value = run.themes[0].id
    app.label_input.value = "<img src=x onerror=alert(1)>"
    app.rename_button.click()
    assert "<img src=x" not in app.body.value and "&lt;img src=x onerror=alert(1)&gt;" in app.body.value


def heatmap_of(body: str) -> str:
    return body.split('data-testid="theme-heatmap"')[1].split('data-testid="theme-cards"')[0]


def test_heatmap_compares_themes_by_territory_or_institution(coded):
    run_themes(coded, WEAK)
    app = app_for(coded)
    heat = heatmap_of(app.body.value)
    assert "Boquerón (n=6)" in heat and "San Pedro (n=6)" in heat and "%" in heat
    app.group_picker.value = "institution"
    heat = heatmap_of(app.body.value)
    assert "MTESS (n=6)" in heat and "CODENI (n=6)" in heat and "Boquerón" not in heat


def test_strengths_and_weaknesses_side_by_side(demo_project):
    project = open_project(demo_project)
    try:
        app = app_for(project, view="compare", lang="en")
        assert app.code_picker.disabled
        columns = app.body.value.split('data-testid="themes-column"')[1:]
        assert len(columns) == 2
        assert 'data-code="Evaluación/Debilidades"' in columns[0] and 'data-code="Evaluación/Fortalezas"' in columns[1]
        assert all('data-testid="theme-card"' in col for col in columns)
        weak, strong = latest_themes(project, WEAK), latest_themes(project, STRONG)
        assert app.run_ids == [weak.id, strong.id]
        options = [label for label, _ in app.theme_picker.options]
        assert any(o.startswith("Weaknesses · ") for o in options) and any(o.startswith("Strengths · ")
                                                                          for o in options)
        app.view_picker.value = "single"
        assert not app.code_picker.disabled and len(app.body.value.split('data-testid="themes-column"')) == 2
    finally:
        project.dispose()


def test_page_reads_its_settings_from_the_query_string(demo_project, monkeypatch):
    import ipywidgets as widgets

    from atlas_qual.widgets import page

    monkeypatch.setenv("ATLAS_QUAL_PROJECT", str(demo_project))
    monkeypatch.setenv("QUERY_STRING", "lang=en&view=compare&group_by=institution&dmop=CR")
    page.project.cache_clear()
    try:
        framed = ThemesApp.from_request()
        app = framed.body
        try:
            assert isinstance(app, ThemesApp) and framed.app == "themes" and framed.lang == "en"
            assert app.lang == "en" and app.view == "compare" and app.group_by == "institution"
            assert app.filters() == {"dmop": "CR"}
            assert app.run_button.description == "Find themes"
            # the frame's heading and language switch, the page's query string kept; none of the page's own
            assert "<h1" in framed.header.value and "Themes" in framed.header.value
            assert 'href="themes.ipynb?lang=es&amp;view=compare&amp;group_by=institution&amp;dmop=CR"' \
                in framed.header.value
            assert not any("<h1" in w.value or "English" in w.value for w in app.children
                           if isinstance(w, widgets.HTML))
        finally:
            app._warm_thread.cancel()
    finally:
        page.project.cache_clear()


def test_the_page_displays_like_any_widget(coded):
    bundle = app_for(coded)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_the_notebook_is_a_thin_view():
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "themes.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 1 and "ThemesApp.from_request()" in code[0].source
    assert "def " not in code[0].source and not code[0].get("outputs")


@pytest.mark.browser
def test_served_page_finds_themes_from_a_click(page, demo_server):
    # a coder filter of its own: the run it stores is one reports never pick, so other tests of the shared server
    # see the demo's runs unchanged
    page.goto(demo_server.url("themes.ipynb", coder="carlos.rojas"))
    page.wait_for_selector('[data-testid="themes-column"]', state="visible", timeout=120_000)
    assert page.locator('[data-testid="theme-card"]').count() == 0
    page.get_by_role("button", name="Buscar temas").click()
    page.wait_for_selector('[data-testid="theme-card"]', state="visible", timeout=300_000)
    cards = page.locator('[data-testid="theme-card"]').count()
    assert cards >= 2
    page.reload()
    page.wait_for_selector('[data-testid="theme-card"]', state="visible", timeout=120_000)
    assert page.locator('[data-testid="theme-card"]').count() == cards  # stored: drawn again without a run


def test_a_run_without_a_clear_number_of_themes_shows_how_to_steer_it_on_the_page():
    from types import SimpleNamespace

    from atlas_qual.widgets.themes import render_run

    rising = {"k": 20, "k_scores": {k: 0.01 * k for k in range(2, 21)}, "seeds": []}
    run = SimpleNamespace(id=3, created_at=None, segments=(), model="e5", themes=(), params=rising)
    html = render_run(run, "Debilidades", "es", "territory", {})
    assert 'data-testid="steer-hint"' in html and "Temas (0 = automático)" in html
    run.params = {**rising, "k_scores": {2: 0.1, 7: 0.3, 20: 0.2}}
    assert "steer-hint" not in render_run(run, "Debilidades", "es", "territory", {})
