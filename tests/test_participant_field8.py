"""Field test on low-end phones (round 8): two quick taps on a bad line, a post that stalls, two tabs of one
participant, larger text (a bigger default font, 320 px at 130 % zoom) with Guaraní answers, the on-screen keyboard
over the "who is responsible" box, and the browser's forced dark mode."""

from __future__ import annotations

import io

import pytest

from atlas_qual.store import workshop as W
from conftest import gaps_session, join_phone, phone_page

pytestmark = pytest.mark.browser
GAPS = [["G01", "Rutas de intervención dispersas entre instituciones", "Sin ruta única"],
        ["G02", "Registros sin unificar", "Tres sistemas"]]


@pytest.fixture(scope="module")
def served(participant_server):
    return participant_server


@pytest.fixture
def session(served, tmp_path):
    project, _server = served
    created = gaps_session(project, tmp_path, GAPS, "Taller de campo")
    W.open_round(project, created.code, created.key, 1)
    return created


def _pressed(page):
    return [b.get_attribute("value") for b in page.query_selector_all("[data-testid=vote][aria-pressed=true]")]


def _stored(project, code, context, item="G01", key="C1"):
    token = next(c["value"] for c in context.cookies() if c["name"] == "aq_p")
    got = W.participant_view(project, code, token).votes.get((item, key))
    return None if got is None else ("yes" if got[0] >= 0.5 else "no")


def test_a_yes_corrected_to_no_on_a_bad_line_is_stored_as_no(served, session, browser):
    """Field: the first post crawled (a retransmission on a rural line) while the corrected answer went on another
    connection; the late "yes" overwrote the "no" the phone showed, and the notice said "Sí"."""
    project, server = served
    context, page = phone_page(browser, is_mobile=True, has_touch=True)
    try:
        join_phone(page, server.participant_url(session.code), "Corrige")
        held, answered = [], []
        page.route("**/vote", lambda route: held.append(route) if not held else route.continue_())
        page.on("requestfinished", lambda r: answered.append(r) if r.url.endswith("/vote") else None)
        page.click("[data-testid=vote][value='C1:yes']")
        page.wait_for_selector("[value='C1:yes'].sending")
        page.click("[data-testid=vote][value='C1:no']")  # changed her mind while the "yes" is still on its way
        page.wait_for_timeout(300)
        held[0].continue_()  # the slow "yes" arrives now
        page.wait_for_selector(".sending", state="detached")
        page.wait_for_selector("[data-testid=confirm].ok")
        assert page.inner_text("[data-testid=confirm]").endswith("→ No")
        assert _pressed(page) == ["C1:no"]
        assert _stored(project, session.code, context) == "no"
        page.unroute("**/vote")
        page.reload()
        assert _pressed(page) == ["C1:no"]
    finally:
        context.close()


def test_a_post_that_stalls_is_given_up_and_sent_again(served, session, browser):
    """A connection that died without a word (the phone changed cell): the answer said "sending" for minutes and was
    never retried; now it is sent again and stored."""
    project, server = served
    context, page = phone_page(browser, is_mobile=True, has_touch=True)
    try:
        page.clock.install()
        join_phone(page, server.participant_url(session.code), "Estanca")
        stalled = []
        page.route("**/vote", lambda route: stalled.append(route) if not stalled else route.continue_())
        page.click("[data-testid=vote][value='C3:yes']")
        page.wait_for_selector("[value='C3:yes'].sending")
        page.clock.run_for(21_000)  # no answer at all: given up, then asked again after the retry's wait
        page.clock.run_for(2_000)
        page.wait_for_selector("[data-testid=confirm].ok")
        assert _stored(project, session.code, context, key="C3") == "yes"
        assert _pressed(page) == ["C3:yes"]
    finally:
        context.close()


def test_an_answer_given_in_another_tab_of_the_same_phone_shows_in_this_one(served, session, browser):
    """The QR code scanned twice opens two tabs of one participant: the older tab showed the gap unanswered and the
    progress behind, so people answered again or thought their answers lost."""
    project, server = served
    context, first = phone_page(browser, is_mobile=True, has_touch=True)
    try:
        join_phone(first, server.participant_url(session.code), "DosPestanas")
        second = context.new_page()
        second.goto(server.participant_url(session.code))
        assert _pressed(second) == []
        for value in ("C1:yes", "C2:no", "C3:yes"):
            first.click(f"[data-testid=vote][value='{value}']")
            first.wait_for_selector(f"[data-testid=vote][value='{value}'][aria-pressed=true]:not(.sending)")
        second.bring_to_front()
        second.wait_for_selector("[data-testid=vote][value='C3:yes'][aria-pressed=true]")
        assert sorted(_pressed(second)) == ["C1:yes", "C2:no", "C3:yes"]
        assert "1 de 2" in second.inner_text("[data-testid=progress]")
    finally:
        context.close()


def _overflowing_buttons(page):
    return page.evaluate("""() => [...document.querySelectorAll('button, .button')].filter(e => e.offsetParent)
        .filter(e => { const r = document.createRange(); r.selectNodeContents(e);
                       const t = r.getBoundingClientRect(), b = e.getBoundingClientRect();
                       return t.left < b.left - 0.5 || t.right > b.right + 0.5; })
        .map(e => e.textContent.trim())""")


def test_a_larger_default_font_size_is_used_and_guarani_answers_fit_the_buttons(served, session, browser):
    """Android's larger text: the page's 16 px ignored a reader's default font size; at 320 px with 130 % zoom
    (246 CSS px) the pressed "✓ Nahániri" ran out of its button and the saved notice was cut mid-word."""
    _project, server = served
    context, page = phone_page(browser, 320, 640, is_mobile=True, has_touch=True)
    narrow, small = phone_page(browser, 246, 437, is_mobile=True, has_touch=True)
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Page.enable")
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 20, "fixed": 20}})
        page.goto(server.participant_url(session.code) + "?lang=gn")
        join_phone(page, server.participant_url(session.code), "Tuichave")
        assert page.evaluate("getComputedStyle(document.body).fontSize") == "20px"
        for tab in (page, small):
            if tab is small:
                small.goto(server.participant_url(session.code) + "?lang=gn")
                join_phone(small, server.participant_url(session.code), "Michĩ")
            tab.click("[data-testid=vote][value='C1:no']")
            tab.wait_for_selector("[data-testid=confirm].ok")
            assert "Nahániri" in tab.inner_text("[value='C1:no']")
            assert _overflowing_buttons(tab) == []
            assert tab.evaluate("document.documentElement.scrollWidth") <= tab.viewport_size["width"]
            confirm = tab.locator("[data-testid=confirm]")
            assert confirm.evaluate("e => e.scrollHeight <= e.clientHeight + 1 && e.scrollWidth <= e.clientWidth + 1")
            assert "Nahániri" in confirm.inner_text()
    finally:
        context.close()
        narrow.close()


def _learning(project):
    created = W.create_session(project, "Taller de aprendizaje", kind="learning",
                               items=[{"ref": "R1", "title": "Crear una mesa departamental contra la trata"},
                                      {"ref": "R2", "title": "Capacitar a las CODENI"}])
    W.open_round(project, created.code, created.key, 1)
    return created


def test_typing_who_is_responsible_with_the_keyboard_up_is_not_hidden_under_the_answer_bar(served, browser):
    """The keyboard left ~420 px: the sticky answer bar sat on the box being typed in and on its Save button. The
    page also showed the internal key "endorse" (English) as a badge and in the saved notice."""
    project, server = served
    created = _learning(project)
    context, page = phone_page(browser, 375, 812, is_mobile=True, has_touch=True)
    try:
        join_phone(page, server.participant_url(created.code), "Teclado")
        page.click("[data-testid=vote][value='endorse:yes']")
        page.wait_for_selector("[data-testid=confirm].ok")
        page.focus("#resp")
        page.set_viewport_size({"width": 375, "height": 420})  # the keyboard up (a browser that resizes the page)
        page.keyboard.type("MINNA")
        dock = page.locator(".dock").bounding_box()
        assert page.locator("#resp").bounding_box()["y"] + 48 <= 420  # what is typed is on screen
        for what in ("#resp", "#responsible button"):
            box = page.locator(what).bounding_box()
            below_dock = box["y"] >= dock["y"] + dock["height"]
            above_dock = box["y"] + box["height"] <= dock["y"]
            assert below_dock or above_dock, (what, box, dock)  # not under the bar
        page.click("#responsible button")
        page.wait_for_selector("#responsible button:not(.sending)")
        page.wait_for_selector("[data-testid=confirm].ok")
        assert page.inner_text("[data-testid=confirm]") == "Guardado: ¿Respalda esta recomendación? → Sí"
        assert "endorse" not in page.inner_text("body")
        token = next(c["value"] for c in context.cookies() if c["name"] == "aq_p")
        assert W.participant_view(project, created.code, token).votes[("R1", "endorse")] == (1.0, ("MINNA",))
    finally:
        context.close()


def test_the_browser_s_forced_dark_mode_leaves_the_checked_colours_alone(served, session, browser):
    """Chrome's "darken websites" (and Samsung Internet's dark mode) repainted the page: the primary button and the
    pressed answer lost the dark fill that tells them apart, with contrast nobody checked."""
    from PIL import Image

    _project, server = served
    context, page = phone_page(browser, 375, 812, is_mobile=True, has_touch=True, color_scheme="dark")
    try:
        context.new_cdp_session(page).send("Emulation.setAutoDarkModeOverride", {"enabled": True})
        join_phone(page, server.participant_url(session.code), "Noche")
        page.click("[data-testid=vote][value='C1:yes']")
        page.wait_for_selector("[data-testid=confirm].ok")
        shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
        title = page.locator("h2.item-title").bounding_box()
        pressed = page.locator("[value='C1:yes']").bounding_box()
        other = page.locator("[value='C1:no']").bounding_box()
        background = shot.getpixel((int(title["x"] + title["width"] - 2), int(title["y"] - 4)))
        assert min(background) >= 240, background  # the white page, as designed (#fff)
        fill = shot.getpixel((int(pressed["x"] + 12), int(pressed["y"] + pressed["height"] / 2)))
        assert max(fill) <= 100, fill  # the pressed answer's dark fill (#1e3a5f)
        unpressed = shot.getpixel((int(other["x"] + 12), int(other["y"] + other["height"] / 2)))
        assert min(unpressed) >= 240, unpressed
    finally:
        context.close()
