"""The pages on a phone (375x740) after the review of every page and tab at phone and laptop size: tables that ran
past the screen's edge are one card per row, every value named by its column.

Findings: the register's "Registro" tab drew its phase history, meetings and reach as tables 453-601 px wide in a
295 px box (the notes and attendees cut at the edge) and its indicators 573 px wide; the facilitation page's results
drew the gate table 1003 px wide (C2, C3, the outcome off-screen) and the ranking 551 px wide ("Punta", "4,");
the themes' share of each territory per theme ran 466 px wide in 325 px.
"""

from __future__ import annotations

import re

import pytest

from test_pages_narrow8 import opened, settle, sideways

PHONE = (375, 740)

# every table of the page (but the header's) with its own width and the width of the box it sits in
TABLES_JS = """
(sel) => [...document.querySelectorAll(sel)].filter(t => t.getClientRects().length).map(t => {
  const box = (t.closest('.aq-table-wrap') || t.parentElement).clientWidth;
  return [(t.querySelector('caption') || t).textContent.trim().slice(0, 30), Math.round(t.scrollWidth),
          Math.round(t.getBoundingClientRect().width), box];
})
"""

# the first card's values, each "column: value"; an empty value drawn with its label ("Dilema:" and nothing) is listed
CARD_JS = """
(sel) => { const row = document.querySelector(sel + ' tbody tr');
  const shown = [...row.querySelectorAll('td')].filter(td => td.getClientRects().length);
  return {named: shown.slice(1).filter(td => td.dataset.label &&
                  getComputedStyle(td, '::before').content.includes(td.dataset.label)).length,
          values: shown.length - 1,
          emptyShown: shown.filter(td => !td.textContent.trim()).map(td => td.dataset.label || '?')}; }
"""


@pytest.fixture(scope="module")
def demo(demo_server):
    from atlas_qual.store import open_project

    project = open_project(demo_server.project)
    try:
        meta = {k: project.meta(k) for k in ("demo_session", "demo_facilitator_key")}
    finally:
        project.dispose()
    return demo_server, meta


def _fits(page, selector: str, at_least: int) -> None:
    tables = page.evaluate(TABLES_JS, selector)
    assert len(tables) >= at_least, tables
    for name, content, width, box in tables:
        assert content <= box + 1 and width <= box + 1, f'"{name}": {content} px of table in a {box} px box'


@pytest.mark.browser
def test_register_tables_are_cards_on_a_phone(browser, demo):
    server, _meta = demo
    with opened(browser, server.url("register.ipynb"), PHONE, ".lm-TabBar-tab") as page:
        page.locator(".lm-TabBar-tab", has_text=re.compile(r"^\s*Registro\s*$")).click()
        page.wait_for_selector("[data-testid=register-summary] table", state="visible")
        settle(page)
        assert sideways(page) == []
        _fits(page, "[data-testid=register-summary] table", 4)  # phases now, phase history, meetings, reach
        card = page.evaluate(CARD_JS, "[data-testid=register-summary] .aq-table-wrap:nth-of-type(2) table")
        assert card["values"] == 4 and card["named"] == 4, card  # "Fase: piloto", "Fecha: 16 sept. 2024", ...
        page.locator(".lm-TabBar-tab", has_text="Indicadores").click()
        page.wait_for_selector("[data-testid=indicators] table", state="visible")
        settle(page)
        assert sideways(page) == []
        _fits(page, "[data-testid=indicators] table", 1)


@pytest.mark.browser
def test_facilitation_results_are_cards_on_a_phone_without_empty_labels(browser, demo):
    server, meta = demo
    url = server.url("facilitator.ipynb", session=meta["demo_session"])
    with opened(browser, url, PHONE, ".aq-key-input input") as page:
        page.fill(".aq-key-input input", meta["demo_facilitator_key"])
        page.click(".aq-unlock")
        page.wait_for_selector(".aq-sections button")
        settle(page)
        page.locator(".aq-sections button", has_text="Resultados").click()
        page.wait_for_selector("[data-testid=gate-table] table", state="visible")
        page.wait_for_selector("[data-testid=ranking] table", state="visible")
        settle(page)
        assert sideways(page) == []
        _fits(page, "[data-testid=gate-table] table, [data-testid=ranking] table", 2)
        gates = page.evaluate(CARD_JS, "[data-testid=gate-table] table")
        assert gates["named"] >= 6 and gates["emptyShown"] == [], gates  # "C1: 82 %" ... "Califica: sí", no "Dilema:"
        ranking = page.evaluate(CARD_JS, "[data-testid=ranking] table")
        assert ranking["named"] >= 5 and ranking["emptyShown"] == [], ranking  # "Puntaje: 4,29", whole


@pytest.mark.browser
def test_theme_shares_by_territory_are_cards_on_a_phone_with_their_shades(browser, demo):
    server, _meta = demo
    with opened(browser, server.url("themes.ipynb"), PHONE, "[data-testid=theme-heatmap] table") as page:
        assert sideways(page) == []
        _fits(page, "[data-testid=theme-heatmap] table", 1)
        got = page.evaluate("""() => { const row = document.querySelector('[data-testid=theme-heatmap] tbody tr');
            return [...row.querySelectorAll('td')].map(td => [td.dataset.label || '', td.textContent.trim(),
                     getComputedStyle(td, '::before').content, getComputedStyle(td).backgroundColor]); }""")
        assert len(got) >= 2
        for label, value, before, shade in got:
            assert re.search(r"\(n=\d+\)", label) and label in before, (label, before)  # "Alto Paraná (n=7): 29 %"
            assert re.fullmatch(r"\d+ %|—", value), value
            assert shade not in ("rgba(0, 0, 0, 0)", "transparent"), shade  # the share's shade is kept


# every visible drop-down and text field shorter than a finger (40 px), by its page
SHORT_FIELDS_JS = """
() => [...document.querySelectorAll('.aq-frame select, .aq-frame input[type=text], .aq-frame input:not([type])')]
  .filter(e => e.getClientRects().length && !e.multiple)
  .map(e => Math.round(e.getBoundingClientRect().height)).filter(h => h < 40)
"""


@pytest.mark.browser
@pytest.mark.parametrize("notebook", ["coding.ipynb", "themes.ipynb", "register.ipynb"])
def test_drop_downs_and_text_fields_are_a_finger_high_on_a_phone(browser, demo, notebook):
    server, _meta = demo
    with opened(browser, server.url(notebook), PHONE, ".aq-frame select") as page:
        settle(page)
        assert page.evaluate(SHORT_FIELDS_JS) == []
        assert sideways(page) == []


@pytest.mark.browser
def test_a_theme_run_names_its_representation_in_the_pages_words(browser, demo):
    server, _meta = demo
    with opened(browser, server.url("themes.ipynb"), (1366, 768), "[data-testid=run-info]") as page:
        info = page.locator("[data-testid=run-info]").first.inner_text()
    assert "Multilingüe e5 + léxica" in info  # as the "Representación" choice names it
    assert "multilingual-e5" not in info and "lexical-lsa" not in info  # not the engine's id on a Spanish page
