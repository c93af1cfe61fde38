"""The retrieval page's search and query views: keyword in context, territory names in the pickers, coding the hits
the evaluator confirms, a code query with its matrix and download, and the page in Chromium at 1366 and 375 px."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from atlas_qual.store.models import Coding
from atlas_qual.store.search_index import search
from test_query import REFERRAL, WEAK, coded  # noqa: F401  (fixture)


def test_search_view_shows_keyword_in_context_redacted(coded):  # noqa: F811
    from atlas_qual.widgets.retrieval import RetrievalApp

    project, _, _ = coded
    app = RetrievalApp(project, view="search", query="derivación")
    assert 'data-testid="search-count"><b>3</b>' in app.body.value
    assert "<mark>derivación</mark>" in app.body.value
    assert "Rosa" not in app.body.value and "SP-1" in app.body.value
    app.search_box.value = "fiscalia"
    app.search_button.click()
    assert "<mark>fiscalía</mark>" in app.body.value and "<b>2</b>" in app.body.value


def test_pickers_show_territory_names_not_ids(coded):  # noqa: F811
    from atlas_qual.widgets.retrieval import RetrievalApp

    project, _, _ = coded
    app = RetrievalApp(project, view="search", query="derivación")
    labels = [label for label, _ in app.filter_pickers["territory"].options]
    assert "San Pedro" in labels and "Boquerón" in labels
    assert not any("_" in label or label == "boqueron" for label in labels)
    app.filter_pickers["territory"].value = "boqueron"
    assert "<b>1</b>" in app.body.value


def test_code_confirmed_hits_from_the_page(coded):  # noqa: F811
    from atlas_qual.widgets.retrieval import RetrievalApp

    project, _, _ = coded
    app = RetrievalApp(project, view="search", query="fiscalía", code=WEAK, coder="luz")
    assert app._code_hits_row.layout.display == ""
    app.hits_box.value = "2"
    app.code_hits_button.click()
    assert 'data-testid="coded"' in app.status.value and "1" in app.status.value
    hit = search(project, "fiscalía").hits[1]
    with project.session() as s:
        rows = s.execute(select(Coding.start, Coding.end).where(Coding.coder == "luz")).all()
    assert rows == [(hit.start, hit.end)]
    app.hits_box.value = "9"
    app.code_hits_button.click()
    assert "aq-error" in app.status.value


def test_query_view_shows_quotes_and_matrix_and_downloads(coded):  # noqa: F811
    from atlas_qual.widgets.retrieval import RetrievalApp

    project, _, _ = coded
    app = RetrievalApp(project, view="query", query=f"{WEAK} AND {REFERRAL}")
    assert 'data-testid="query-count"><b>2 turnos (entrevistas: 1)</b>' in app.body.value
    assert 'data-testid="query-matrix"' in app.body.value and "San Pedro (n=1)" in app.body.value
    app.excel_button.click()
    assert 'download="atlas-qual-query.xlsx"' in app.downloads.value
    app.query_box.value = "Debilidades AND"
    app.query_button.click()
    assert "aq-error" in app.body.value


@pytest.fixture(scope="module")
def retrieval_server(tmp_path_factory):
    """A Voila server over a project with two coded interviews."""
    from conftest import VoilaServer

    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project
    from atlas_qual.store.transcripts import import_files

    folder = tmp_path_factory.mktemp("retrieval")
    path = folder / "project.db"
    project = open_project(path, create=True)
    init_project(project)
    (folder / "sp.txt").write_text(
        "DMOP: CR\nTerritorio: San Pedro\nEntrevistada: Rosa Benítez\nSeudónimo: SP-1\n\n"
        "Rosa: La derivación a la fiscalía tarda semanas y nadie avisa a la familia ni a la escuela del distrito.\n"
        "Entrevistadora: ¿Por qué?\nRosa: Falta personal y la derivación no llega.\n", encoding="utf-8")
    import_files(project, [folder / "sp.txt"])
    project.dispose()
    server = VoilaServer(path)
    yield server
    server.stop()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1366, 768), (375, 812)])
def test_search_page_in_chromium_fits_the_screen(retrieval_server, browser, width, height, tmp_path):
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(retrieval_server.url("retrieval.ipynb", lang="es", view="search", q="derivación"))
        page.wait_for_selector("[data-testid=search-count]", timeout=120_000)
        assert "Rosa" not in page.inner_text("body")
        assert page.locator("mark", has_text="derivación").count() == 2
        page.screenshot(path=str(tmp_path / f"retrieval-{width}.png"), full_page=True)
        if width >= 1366:
            scroll = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert scroll <= 0
    finally:
        page.close()
