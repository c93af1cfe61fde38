"""The kernel-free participant page (/p/CODE) in real Chromium: join, vote, reload, double submit, closed rounds,
rounds pushed without a tap, CSRF, hostile titles, the no-script path, Guaraní, and one thumb per answer."""

from __future__ import annotations

import re

import httpx
import pytest

from atlas_qual.store import workshop as W
from conftest import gaps_session, join_phone, phone_page

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=\"window.__pwned=1\">"
GAPS = [["G01", "Rutas de intervención y derivación dispersas entre instituciones", "Sin ruta única"],
        ["G02", HOSTILE, "<script>window.__pwned=2</script>"],
        ["G03", "Canales de denuncia poco conocidos en zonas rurales", "147 y 137"]]


@pytest.fixture(scope="module")
def served(participant_server):
    return participant_server


@pytest.fixture
def session(served, tmp_path):
    project, _server = served
    return gaps_session(project, tmp_path, GAPS, f"Taller {HOSTILE}")




def _vote(page, value):
    page.click(f"[data-testid=vote][value='{value}']")
    page.wait_for_selector(f"[data-testid=vote][value='{value}'][aria-pressed=true]:not(.sending)")
    page.wait_for_selector("[data-testid=confirm].ok")


def _votes(project, code):
    state = W.session_state(project, code)
    return state.participants, sum(r.votes for r in state.rounds)


def test_join_vote_and_reload_keeps_the_same_participant_and_answers(served, session, browser):
    project, server = served
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Rosa")
        assert "Espere" in page.inner_text("[data-testid=round-state]")
        W.open_round(project, session.code, session.key, 1)
        page.wait_for_selector("[data-testid=vote]")  # pushed: nobody reloaded
        _vote(page, "C1:yes")
        _vote(page, "C3:no")
        assert page.inner_text("[data-testid=confirm]") == "Guardado: ¿Se puede abordar durante el proyecto? → No"
        page.reload()
        # same ballot, answers kept, and still one participant: no ghost, no join form
        assert page.locator("form[data-testid=join]").count() == 0
        assert page.get_attribute("[data-testid=vote][value='C1:yes']", "aria-pressed") == "true"
        assert page.get_attribute("[data-testid=vote][value='C3:no']", "aria-pressed") == "true"
        assert page.get_attribute("[data-testid=vote][value='C2:yes']", "aria-pressed") == "false"
        assert _votes(project, session.code) == (1, 2)
        cookie = next(c for c in context.cookies() if c["name"] == "aq_p")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == f"/p/{session.code}"
    finally:
        context.close()


def test_rejoining_with_the_same_nickname_from_the_same_browser_is_the_same_person(served, session):
    project, server = served
    with httpx.Client(base_url=server.base) as client:
        page = client.get(f"/p/{session.code}").text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        for _ in range(2):
            r = client.post(f"/p/{session.code}/join", data={"_csrf": csrf, "nickname": "Rosa"})
            assert r.status_code == 303
        assert W.session_state(project, session.code).participants == 1
    with httpx.Client(base_url=server.base) as other:  # another phone: the nickname is someone else's
        page = other.get(f"/p/{session.code}").text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        r = other.post(f"/p/{session.code}/join", data={"_csrf": csrf, "nickname": "rosa"})
        assert r.status_code == 409 and "ya está en uso" in r.text
    assert W.session_state(project, session.code).participants == 1


def test_double_submit_is_stored_once(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Doble")
        button = page.locator("[data-testid=vote][value='C1:yes']")
        button.dblclick()
        button.click()
        page.wait_for_selector("[data-testid=confirm].ok")
        page.wait_for_timeout(300)
        assert _votes(project, session.code) == (1, 1)
        assert W.results(project, session.code)["gaps"][0]["yes_share"]["C1"] == 1.0
    finally:
        context.close()


def test_a_closed_round_refuses_the_vote_and_says_so(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser)
    try:
        # the page's script would follow the close at once; cut the push so the tap reaches a closed round
        page.route("**/events*", lambda route: route.abort())
        join_phone(page, server.participant_url(session.code), "Tarde")
        W.close_round(project, session.code, session.key)
        page.click("[data-testid=vote][value='C1:yes']")
        page.wait_for_selector("[data-testid=confirm].err")
        assert "se cerró" in page.inner_text("[data-testid=confirm]")
        assert _votes(project, session.code) == (1, 0)
    finally:
        context.close()


def test_round_changes_reach_an_open_page_without_a_tap(served, session, browser):
    project, server = served
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Atenta")
        W.open_round(project, session.code, session.key, 1)
        page.wait_for_selector("[data-testid=vote]", timeout=4000)  # pushed within 2 s plus page load
        assert "Ronda 1" in page.inner_text("[data-testid=round-state]")
        W.close_round(project, session.code, session.key)
        page.wait_for_selector("[data-testid=vote]", state="detached", timeout=4000)
        assert page.locator("[data-testid=results]").count() == 0  # nothing shown until the facilitator reveals
        W.reveal_round(project, session.code, session.key)
        page.wait_for_selector("[data-testid=results]", timeout=4000)
    finally:
        context.close()


def test_a_vote_without_the_csrf_token_is_refused(served, session):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    with httpx.Client(base_url=server.base) as client:
        page = client.get(f"/p/{session.code}").text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        assert client.post(f"/p/{session.code}/join", data={"_csrf": csrf, "nickname": "Ana"}).status_code == 303
        vote = {"item": "G01", "vote": "C1:yes", "i": "0"}
        assert client.post(f"/p/{session.code}/vote", data=vote).status_code == 403
        assert client.post(f"/p/{session.code}/vote", data={**vote, "_csrf": "x" * 32}).status_code == 403
        # a forged form on another site cannot read the token; the browser's own form has it
        assert client.post(f"/p/{session.code}/vote", data={**vote, "_csrf": csrf}).status_code == 303
    assert _votes(project, session.code) == (1, 1)
    with httpx.Client(base_url=server.base) as stranger:  # no cookies at all: refused before anything is read
        r = stranger.post(f"/p/{session.code}/join", data={"_csrf": csrf, "nickname": "Intrusa"})
        assert r.status_code == 403
    assert W.session_state(project, session.code).participants == 1


def test_hostile_titles_are_shown_as_text(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Segura")
        page.goto(server.participant_url(session.code) + "?i=2")
        assert HOSTILE in page.inner_text("h1") and HOSTILE in page.inner_text(".item-title")
        page.click("details.desc summary")
        assert "<script>" in page.inner_text("details.desc")
        assert page.evaluate("window.__pwned") is None
        assert page.locator("img[src=x]").count() == 0
    finally:
        context.close()


def test_without_scripts_every_step_is_a_plain_form(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser, java_script_enabled=False)
    try:
        join_phone(page, server.participant_url(session.code), "Sin JS")
        page.click("[data-testid=vote][value='C1:yes']")
        page.wait_for_load_state()
        assert "C1" in page.inner_text("[data-testid=confirm]")
        assert page.get_attribute("[data-testid=vote][value='C1:yes']", "aria-pressed") == "true"
        page.click("[data-testid=next]")
        assert "Brecha 2 de 3" in page.inner_text(".item-of")
        page.click("[data-testid=vote][value='C2:no']")
        assert _votes(project, session.code) == (1, 2)
    finally:
        context.close()


def test_guarani_join_vote_and_confirmation(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser)
    try:
        page.goto(server.participant_url(session.code))
        page.click("nav.langs a[lang=gn]")
        assert "Eike atýpe" in page.inner_text("form[data-testid=join] button")
        page.fill("form[data-testid=join] input[name=nickname]", "Ña Juana")
        page.click("form[data-testid=join] button[type=submit]")
        assert "Jere 1" in page.inner_text("[data-testid=round-state]")
        assert page.inner_text("[data-testid=vote][value='C1:yes']").strip() == "Héẽ"
        _vote(page, "C1:yes")
        assert page.inner_text("[data-testid=confirm]").startswith("Oñeñongatu")
        assert page.get_attribute("html", "lang") == "gn"
    finally:
        context.close()


def test_a_gap_fits_one_phone_screen_with_big_targets(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser, 375, 667)
    try:
        join_phone(page, server.participant_url(session.code), "Pulgar")
        boxes = [page.locator("[data-testid=vote]").nth(i).bounding_box()
                 for i in range(page.locator("[data-testid=vote]").count())]
        dock = page.locator(".dock").bounding_box()
        assert len(boxes) == 6
        # each question carries the code the room screens by, "(C1 or C2) and C3" (C3's short wording lost it)
        assert page.locator("legend .qkey").all_inner_texts() == ["C1", "C2", "C3"]
        assert all(b["height"] >= 44 and b["width"] >= 44 for b in boxes)
        assert max(b["y"] + b["height"] for b in boxes) <= dock["y"]  # every answer above the sticky bar
        assert dock["y"] + dock["height"] <= 667  # "Siguiente" and the confirmation in view, no scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def test_revealed_ranking_fits_a_phone(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    people = [W.join_session(project, session.code, f"p{n}") for n in range(3)]
    for person in people:
        for ref, *_ in GAPS:
            for key in ("C1", "C2", "C3"):
                W.cast_vote(project, session.code, person.token, ref, key, "sí")
    W.close_round(project, session.code, session.key)
    W.open_round(project, session.code, session.key, 2)
    for n, person in enumerate(people):
        for ref, *_ in GAPS:
            for key in ("impact", "feasibility", "urgency"):
                W.cast_vote(project, session.code, person.token, ref, key, 1 + (n + len(ref + key)) % 5)
    W.close_round(project, session.code, session.key)
    W.reveal_round(project, session.code, session.key)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Mira")
        rows = page.locator(".ranking li")
        assert rows.count() == 3
        # the scores are the last round: no "espere la próxima ronda" for a round that will not come
        assert "orden final" in page.inner_text("body") and "próxima ronda" not in page.inner_text("body")
        scores = page.locator(".ranking .score").all_inner_texts()
        # Spanish decimals, always two: "2,9" beside "2,85" read as different precisions, a tie as no tie
        assert scores and all(re.fullmatch(r"\d,\d\d", s) for s in scores), scores
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def test_learning_workshop_ballot_endorse_and_responsible(served, browser):
    project, server = served
    created = W.create_session(project, "Taller de aprendizaje", kind="learning",
                               items=[{"ref": "R1", "title": "Crear una mesa departamental"},
                                      {"ref": "R2", "title": "Capacitar a las CODENI"}])
    W.open_round(project, created.code, created.key, 1)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(created.code), "Aprende")
        assert "Respalda" in page.inner_text("fieldset.q")
        assert page.locator("#responsible").is_hidden()
        _vote(page, "endorse:yes")
        page.fill("#resp", "MINNA")
        page.click("#responsible button")
        page.wait_for_selector("[data-testid=confirm].ok")
        page.reload()
        assert page.input_value("#resp") == "MINNA"
    finally:
        context.close()
    view = W.participant_view(project, created.code)
    assert view.kind == "learning"


def test_a_yes_to_c2_can_name_the_usdol_actions(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Acciones")
        assert page.locator("#actions").is_hidden()  # asked only after a "yes"
        _vote(page, "C2:yes")
        page.click("#actions summary")
        page.check("#actions input[value='PY2018-05']")
        page.check("#actions input[value='PY2018-12']")
        page.click("#actions button")
        page.wait_for_selector("#actions button:not(.sending)")
        _vote(page, "C1:no")  # another answer keeps the actions chosen
        token = next(c["value"] for c in context.cookies() if c["name"] == "aq_p")
        view = W.participant_view(project, session.code, token)
        assert view.votes[("G01", "C2")] == (1.0, ("PY2018-05", "PY2018-12"))
        page.reload()
        assert page.is_checked("#actions input[value='PY2018-05']")
    finally:
        context.close()


def _lost_entries(page):
    return page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('aq-'))")


def test_an_answer_that_arrives_after_the_round_closed_is_reported_not_dropped(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Rural")
        _vote(page, "C1:yes")
        context.set_offline(True)  # a rural dropout: the tap cannot leave the phone
        page.click("[data-testid=vote][value='C3:yes']")
        page.wait_for_selector("[data-testid=confirm].warn")
        W.close_round(project, session.code, session.key)
        context.set_offline(False)
        # the late answer is refused by the server, the page follows the close and says which answer did not count
        page.wait_for_selector("[data-testid=vote]", state="detached")
        notice = page.wait_for_selector("[data-testid=lost]")
        assert "(G01, C3: Sí) llegó después del cierre de la ronda y no se contó" in notice.inner_text()
        assert _votes(project, session.code) == (1, 1)  # only C1 counted
        page.reload()  # the notice stays until the participant has read it
        assert "no se contó" in page.inner_text("[data-testid=lost]")
        page.click("[data-testid=lost] button")
        assert page.locator("[data-testid=lost]").count() == 0
        page.reload()
        page.wait_for_selector("[data-testid=round-state]")
        assert page.locator("[data-testid=lost]").count() == 0 and _lost_entries(page) == []
    finally:
        context.close()


def test_the_normal_flow_shows_no_late_answer_notice(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Puntual")
        _vote(page, "C1:yes")
        _vote(page, "C3:no")
        W.close_round(project, session.code, session.key)
        page.wait_for_selector("[data-testid=vote]", state="detached")
        page.wait_for_timeout(500)
        assert page.locator("[data-testid=lost]").count() == 0
        assert _lost_entries(page) == []  # nothing left waiting: stored answers leave the tab's storage
        assert _votes(project, session.code) == (1, 2)
    finally:
        context.close()


def test_an_unsent_answer_survives_a_reload_and_is_sent_then(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Recarga")
        page.route("**/vote", lambda route: route.abort())  # the answer cannot leave (server unreachable)
        page.click("[data-testid=vote][value='C1:no']")
        page.wait_for_selector("[data-testid=confirm].warn")
        page.unroute("**/vote")
        page.reload()  # before the retry: the answer must not vanish with the page
        page.wait_for_selector("[data-testid=confirm].ok")
        assert page.get_attribute("[data-testid=vote][value='C1:no']", "aria-pressed") == "true"
        assert _votes(project, session.code) == (1, 1)
        assert page.locator("[data-testid=lost]").count() == 0
    finally:
        context.close()


def test_gate_results_tell_unvoted_gaps_apart_and_promise_no_impossible_round(served, session, browser):
    project, server = served
    W.open_round(project, session.code, session.key, 1)
    person = W.join_session(project, session.code, "Solo")
    W.cast_vote(project, session.code, person.token, "G01", "C1", "no")
    W.close_round(project, session.code, session.key)
    W.reveal_round(project, session.code, session.key)
    context, page = phone_page(browser)
    try:
        join_phone(page, server.participant_url(session.code), "Mira2")
        verdicts = page.locator(".gates .verdict").all_inner_texts()
        assert verdicts == ["No pasa", "Sin votos", "Sin votos"]
        banner = page.inner_text("[data-testid=round-state]")
        assert "Ninguna brecha pasó el filtro" in banner and "cómo sigue" in banner
        assert "próxima ronda" not in banner
        page.goto(server.participant_url(session.code) + "?lang=en")
        assert page.locator(".gates .verdict").all_inner_texts() == ["Does not pass", "No votes", "No votes"]
        assert "what comes next" in page.inner_text("[data-testid=round-state]")
    finally:
        context.close()
