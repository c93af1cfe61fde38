"""Field test on participants' phones (round 11): an Android 7-era browser (no SubmitEvent.submitter, the old
URLSearchParams), a phone with scripts off waiting for the next round, a screen reader, the USDOL actions on a
Spanish or Guaraní page, and a scoring round of a single gap.

Tried and found working (no test here): the server restarted mid-round on the same port (nickname, answers and an
answer tapped while it was down all kept, the round change after the restart shown without a reload), phones joining
after a round closed / was revealed / during scoring / after the ranking and the shortlist, the language switched
mid-round (answers kept), 30 phones answering the same round at once (every answer stored once), and a first answer
on a 6x slower CPU and a 400 kbps / 400 ms line."""

from __future__ import annotations

import re

import pytest

from atlas_qual.store import workshop as W
from conftest import gaps_session, join_phone, phone_page

pytestmark = pytest.mark.browser
GAPS = [["G01", "Rutas de intervención dispersas entre instituciones", "Sin ruta única"],
        ["G02", "Registros sin unificar", "Tres sistemas"]]
# what Chrome 60 (Android 7) lacks that the page used: the button that submitted a form (Chrome 81), and a
# URLSearchParams made from a FormData (Chrome 61: it became the text "[object FormData]")
OLD_CHROME = """
delete SubmitEvent.prototype.submitter;
(function () {
  var Native = URLSearchParams;
  function Old(init) { return new Native(init instanceof FormData ? String(init) : init); }
  Old.prototype = Native.prototype;
  window.URLSearchParams = Old;
})();
"""


@pytest.fixture(scope="module")
def served(participant_server):
    return participant_server


@pytest.fixture
def session(served, tmp_path):
    project, _server = served
    return gaps_session(project, tmp_path, GAPS, "Taller de campo 11")


def _stored(project, code, context, item="G01", key="C1"):
    token = next(c["value"] for c in context.cookies() if c["name"] == "aq_p")
    got = W.participant_view(project, code, token).votes.get((item, key))
    return None if got is None else ("yes" if got[0] >= 0.5 else "no")


def test_an_old_android_browser_keeps_an_answer_tapped_without_signal_and_sends_it_later(served, session, browser):
    """Chrome before 81 has no ``submitter``: the script stood aside, every answer was a page reload, and one tapped
    without signal left the ballot for the browser's "no internet" page with the answer gone."""
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser)
    try:
        context.add_init_script(OLD_CHROME)
        join_phone(page, server.participant_url(session.code), "Teodora")
        context.set_offline(True)
        page.click("[data-testid=vote][value='C1:yes']")
        page.wait_for_selector("[data-testid=confirm].warn")
        # still the ballot, the answer shown as chosen and said to be on its way
        assert page.get_attribute("[data-testid=vote][value='C1:yes']", "aria-pressed") == "true"
        assert "Reintentando" in page.inner_text("[data-testid=confirm]")
        context.set_offline(False)
        page.wait_for_selector("[data-testid=confirm].ok")
        assert _stored(project, session.code, context) == "yes"
        assert page.url == server.participant_url(session.code)  # answered in the background, no reload
    finally:
        context.close()


def test_with_scripts_off_the_waiting_page_shows_the_new_round_by_itself(served, session, browser):
    """The waiting screen says "this page updates by itself; no need to tap anything": with scripts off nothing
    updated it and the person waited for a round the room was already answering."""
    project, server = served
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 667})
    page = context.new_page()
    try:
        join_phone(page, server.participant_url(session.code), "Sin scripts")
        assert "actualiza sola" in page.inner_text("[data-testid=round-state]")
        W.open_round(project, session.code, session.key, 1)
        page.wait_for_selector("[data-testid=vote]", timeout=60_000)  # nobody tapped anything
        page.click("[data-testid=vote][value='C3:no']")
        assert page.get_attribute("[data-testid=vote][value='C3:no']", "aria-pressed") == "true"
        assert _stored(project, session.code, context, key="C3") == "no"
    finally:
        context.close()


def test_a_screen_reader_hears_the_new_round_and_the_answer_without_a_drawn_tick(served, session, browser):
    """A round arriving reloads the page, and a screen reader says a loaded page's title: it said the workshop's
    name and "participant page", never which round opened. A chosen answer was read "check mark, Yes, pressed"."""
    project, server = served
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Lectora")
        assert "Espere" in page.title()
        W.open_round(project, session.code, session.key, 1)
        page.wait_for_selector("[data-testid=vote]")
        assert page.title().startswith("Ronda 1: sí o no")
        page.click("[data-testid=vote][value='C1:yes']")
        page.wait_for_selector("[data-testid=confirm].ok")
        tree = page.locator("main").aria_snapshot()
        question = page.locator("#q-C1")
        assert question.get_attribute("role") is None and question.evaluate("e => e.tagName") == "FIELDSET"
        c1 = page.locator("#q-C1").aria_snapshot()
        assert re.search(r'^- group "C1 ¿Mejora la coordinación', c1, re.M), c1  # the question names the group
        assert '- button "Sí" [pressed]' in c1 and '- button "No"' in c1, c1
        assert "✓" not in page.locator("[data-testid=confirm]").aria_snapshot()
        buttons = re.findall(r"^\s*- button(.*)$", tree, re.M)
        assert buttons and all(re.match(r' "[^"]+"', b) for b in buttons), tree  # every button has a name
        assert page.locator("[data-testid=confirm]").get_attribute("aria-live") == "polite"
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["es", "gn"])
def test_the_usdol_actions_read_in_spanish_on_a_spanish_or_guarani_page(served, session, browser, lang):
    """A yes to C2 opens USDOL's suggested actions: they were in English on every page, a list of eighteen sentences
    most of the room cannot read."""
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code) + f"?lang={lang}", "Ña Juana")
        page.click("[data-testid=vote][value='C2:yes']")
        page.wait_for_selector("#actions:not([hidden])")
        page.click("#actions summary")
        text = page.inner_text("#actions")
        assert "Consejerías Municipales por los Derechos del Niño" in text
        assert not re.search(r"\b(the|Strengthen|Ensure|labor)\b", text), text
    finally:
        context.close()


def test_a_scoring_round_of_one_gap_offers_no_way_back_to_itself(served, session, browser):
    """One gap passed the filter: its scoring screen offered "Back to the first", which opened the same screen."""
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    token = W.join_session(project, session.code, "Marta").token
    W.cast_vote(project, session.code, token, "G01", "C1", "yes")
    W.cast_vote(project, session.code, token, "G01", "C3", "yes")
    W.close_round(project, session.code, session.key, 1)
    W.open_round(project, session.code, session.key, 2)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Tardía")
        assert "1 de 1" in page.inner_text("[data-testid=item]")
        nav = page.inner_text("nav.nav")
        assert "Volver a la primera" not in nav and "Anterior" not in nav
    finally:
        context.close()


def test_a_scoring_round_revealed_without_a_single_score_says_so_instead_of_an_empty_heading(served, session,
                                                                                            browser):
    """The facilitator revealed a scoring round nobody had scored (the room ran out of time): phones showed the
    heading "Prioridades (ronda 2)" over nothing, and people asked whether their phone had failed."""
    project, server = served
    person = W.join_session(project, session.code, "Ana")
    W.open_round(project, session.code, session.key, 1)
    for ref, _title, _desc in GAPS:
        for key in ("C1", "C2", "C3"):
            W.cast_vote(project, session.code, person.token, ref, key, True)
    W.close_round(project, session.code, session.key)
    W.open_round(project, session.code, session.key, 2)
    W.close_round(project, session.code, session.key)
    W.reveal_round(project, session.code, session.key)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Dora")
        results = page.locator("[data-testid=results]")
        assert "Prioridades (ronda 2)" in results.inner_text()
        assert results.locator("[data-testid=results-empty]").inner_text().startswith("Nadie puntuó las brechas")
        page.click("nav.langs a[lang=gn]")
        page.wait_for_selector("html[lang=gn]")
        assert "Avave nombohovái" in page.locator("[data-testid=results-empty]").inner_text()
    finally:
        context.close()
