"""The reconciliation page served by Voila, in headless Chromium: a decision clicked in the browser is stored as the
consensus coder and the progress moves."""

from __future__ import annotations

import pytest

from test_agreement_store import coder_codings, consensus_codings, two_coder_project


@pytest.fixture(scope="module")
def agreement_server(tmp_path_factory):
    """A Voila server over a small project with two coders and four disagreements."""
    from conftest import serve_new_project

    server, _ = serve_new_project(tmp_path_factory, "agreement", two_coder_project)
    yield server
    server.stop()


@pytest.mark.browser
def test_reconciling_a_disagreement_in_chromium_stores_the_consensus(agreement_server, page):
    from atlas_qual.store import open_project

    page.goto(agreement_server.url("agreement.ipynb", lang="es"))
    page.wait_for_selector("text=0 de 4 desacuerdos conciliados")
    assert page.locator(".aq-figures").count() == 1 and page.locator("svg.aq-chart").count() == 1
    assert "Desacuerdo 1 de 4" in page.inner_text(".aq-disagreement")
    assert "0981" not in page.inner_text(".aq-agree")
    project = open_project(agreement_server.project)
    try:
        before = coder_codings(project)
        page.get_by_role("button", name="Sí, aplicar el código").click()
        page.wait_for_selector("text=1 de 4 desacuerdos conciliados")
        page.wait_for_selector("text=Desacuerdo 2 de 4")
        page.get_by_role("button", name="No aplicar").click()
        page.wait_for_selector("text=2 de 4 desacuerdos conciliados")
        assert sorted(status for *_x, status in consensus_codings(project)) == ["accepted", "rejected"]
        assert coder_codings(project) == before
        page.get_by_text("English").click()
        page.wait_for_selector("text=2 of 4 disagreements reconciled")
    finally:
        project.dispose()
