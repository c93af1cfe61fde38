"""Field test of the facilitator side (round 11): a workshop of 15 gaps and 20 phones run from the facilitator page,
projected on a 1920 px beamer. What went wrong in the room: revealing the gate round turned every phone into "Algo
falló en el servidor"; closing a round left "Abrir ronda N" as the green button (pressed for the results); the
projected page stayed at 16 px; the ranking's scores read "3,5" beside the chart's "2,95"; a tie ordered by a slip of
the keyboard could not be ordered again."""

from __future__ import annotations

import pytest

from atlas_qual.errors import AtlasQualError
from atlas_qual.store import workshop as W
from atlas_qual.widgets.facilitator_views import render_ranking

from conftest import gaps_session, join_phone, phone_page
from test_facilitator_page import facilitator, join, vote_all

GAPS = [[f"G{n:02d}", title, "—"] for n, title in enumerate((
    "Inspección laboral y Unidad de Trata operan de forma independiente",
    "Poca difusión de los canales de denuncia (147, 137)",
    "Criadazgo naturalizado en San Pedro y Caaguazú",
    "Registros de trabajo infantil no interoperables",
    "Falta de protocolos de derivación en el Chaco",
    "Escasa presencia de inspectores en zonas rurales"), start=1)]


@pytest.fixture
def session(project, tmp_path):
    return gaps_session(project, tmp_path, GAPS, "Taller de priorización — Asunción")


def shown(button) -> bool:
    return button.layout.display != "none"


def scored(project, session, score_for, people=4):
    """Gate round (every gap passes), then a scoring round every phone completes with ``score_for(person, item)``;
    both rounds closed."""
    W.open_round(project, session.code, session.key, 1)
    tokens = [join(project, session.code, f"Tel {n}") for n in range(people)]
    for token in tokens:
        vote_all(project, session.code, token, lambda n, key: "yes")
    W.close_round(project, session.code, session.key)
    W.open_round(project, session.code, session.key, 2)
    refs = W.session_setup(project, session.code).scoring_items
    for p, token in enumerate(tokens):
        vote_all(project, session.code, token, lambda n, key, p=p: str(score_for(p, refs[n])))
    W.close_round(project, session.code, session.key)


# --- what to do next -------------------------------------------------------------------------------------------------


def test_a_just_closed_round_makes_show_results_the_green_first_button(project, session):
    app = facilitator(project, session)
    b = app._built
    b["open_btn"].click()
    for n in range(3):
        vote_all(project, session.code, join(project, session.code, f"P{n}"), lambda i, key: "yes")
    b["close_btn"].click()
    order = [w for w in b["controls"].children if shown(w)]
    assert order[0] is b["reveal_btn"] and b["reveal_btn"].button_style == "success"
    assert b["reveal_btn"].description == "Mostrar resultados de la ronda 1 (filtro)"
    assert b["open_btn"].button_style != "success"  # "Abrir ronda 2" waits, plain, beside it
    assert "Siguiente paso: mostrar a la sala los resultados de la ronda 1 (filtro)" in b["round_note"].value
    b["reveal_btn"].click()  # shown: opening round 2 is the next step again
    order = [w for w in b["controls"].children if shown(w)]
    assert order[0] is b["open_btn"] and b["open_btn"].button_style == "success"
    assert b["reveal_btn"].button_style == "" and "Siguiente paso" not in b["round_note"].value


def test_closing_the_scoring_round_does_not_offer_a_third_round_as_the_next_step(project, session):
    scored(project, session, lambda p, item: 5 if item == "G01" else 3)
    app = facilitator(project, session)
    b = app._built
    assert b["reveal_btn"].button_style == "success"
    assert b["reveal_btn"].description == "Mostrar resultados de la ronda 2 (puntuación)"
    assert b["open_btn"].description == "Abrir ronda 3 (puntuación)" and b["open_btn"].button_style == ""


# --- the ranking as projected ----------------------------------------------------------------------------------------


def test_ranking_scores_have_two_decimals_like_the_chart(project, session):
    scored(project, session, lambda p, item: {"G01": 4, "G02": 3}.get(item, 1 + p % 2))
    html = render_ranking(W.results(project, session.code), "es")
    table = html[html.index("<table"):]
    assert '<span class="aq-numcell">4,00</span>' in table and '<span class="aq-numcell">1,50</span>' in table
    assert '<span class="aq-numcell">4</span>' not in table.split("G01", 1)[1].split("</tr>")[0].split("</td>")[2]


# --- a tie ordered wrong is ordered again ---------------------------------------------------------------------------


def test_a_tie_ordered_by_mistake_is_ordered_again_from_the_results_page(project, session):
    scored(project, session, lambda p, item: {"G01": 4, "G03": 3, "G04": 2, "G06": 1}.get(item, 5))
    app = facilitator(project, session, section="results")
    b = app._built
    assert W.results(project, session.code)["unresolved_ties"] == [["G02", "G05"]]
    b["tie_order"].value = "G02, G05"  # the room said G05 first
    b["tie_btn"].click()
    assert W.results(project, session.code)["unresolved_ties"] == []
    assert shown(b["tie_box"])  # still there, to correct it
    assert "en el orden equivocado" in b["tie_hint"].value
    b["tie_order"].value = "G05, G02"
    b["tie_btn"].click()
    assert "Guardado" in app._message.value
    ranks = {g["id"]: g["rank"] for g in W.results(project, session.code)["gaps"]}
    assert (ranks["G05"], ranks["G02"]) == (1, 2)
    assert "G05 &gt; G02" in b["ranking_html"].value and "G02 &gt; G05" not in b["ranking_html"].value
    with pytest.raises(AtlasQualError) as err:  # items that were never tied are still refused
        W.decide_tie(project, session.code, session.key, ["G01", "G02"])
    assert "no forman un empate" in err.value.message("es")


# --- in the browser --------------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_revealing_the_gate_round_shows_the_phones_which_gaps_pass(participant_server, tmp_path, browser):
    project, server = participant_server
    created = gaps_session(project, tmp_path, GAPS, "Taller en vivo")
    W.open_round(project, created.code, created.key, 1)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(created.code), "Rosa")
        vote_all(project, created.code, join(project, created.code, "Beto"), lambda n, key: "yes")
        W.close_round(project, created.code, created.key)
        W.reveal_round(project, created.code, created.key)
        page.reload()
        page.wait_for_selector("[data-testid=round-state]")
        assert "Algo falló" not in page.inner_text("body")
        assert page.locator(".gates li").count() == len(GAPS)
    finally:
        context.close()


@pytest.fixture(scope="module")
def facilitator_server(tmp_path_factory):
    from conftest import serve_new_project

    def fill(project, folder):
        return gaps_session(project, folder, GAPS, "Taller proyectado")

    server, created = serve_new_project(tmp_path_factory, "facilitator-field11", fill)
    yield server, created
    server.stop()


@pytest.mark.browser
def test_the_projected_page_reads_from_the_back_of_the_room(facilitator_server, browser):
    server, created = facilitator_server
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(server.url("facilitator.ipynb", session=created.code))
        page.fill(".aq-key-input input", created.key)
        page.click(".aq-unlock")
        page.wait_for_selector("[data-testid=join-code]")
        sizes = {sel: page.evaluate("s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", sel)
                 for sel in (".aq-frame", ".aq-open-round", ".aq-sections button", "[data-testid=live] .aq-round",
                             "[data-testid=participants]")}
        assert all(v >= 20 for v in sizes.values()), sizes
        assert created.key not in page.inner_text("body")
        page.set_viewport_size({"width": 1366, "height": 768})  # the laptop keeps its reading size
        assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.aq-frame')).fontSize)") == 16
    finally:
        context.close()


@pytest.mark.browser
def test_a_reload_mid_workshop_reopens_the_session_without_typing_the_key_again(facilitator_server, browser):
    """A touched F5 in the middle of the workshop brought back the locked page: the facilitator had to type the
    32-character key again in front of the room. The tab now keeps the open session (sessionStorage: that tab
    only, gone with it); another tab or browser still has to give the key."""
    server, created = facilitator_server
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(server.url("facilitator.ipynb", session=created.code))
        page.fill(".aq-key-input input", created.key)
        page.click(".aq-unlock")
        page.wait_for_selector("[data-testid=join-code]")
        page.reload()
        page.wait_for_selector("[data-testid=join-code]")  # open again, nothing typed
        assert created.key not in page.inner_text("body") and created.key not in page.content()
        other = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        other.set_default_timeout(90_000)
        try:
            other.goto(server.url("facilitator.ipynb", session=created.code))
            other.wait_for_selector(".aq-key-input input")
            other.wait_for_timeout(3000)  # time for a restore that must not come
            assert other.locator("[data-testid=join-code]").count() == 0
        finally:
            other.context.close()
    finally:
        context.close()
