"""The live workshop end to end in headless Chromium: a facilitator page and three participants in separate browser
contexts (phone-sized), served by a real Voila server over a real SQLite project."""

from __future__ import annotations

import csv
import re

import pytest

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=window.__xss=1>"


@pytest.fixture(scope="module")
def workshop_server(tmp_path_factory):
    """A Voila server over a fresh project with one session (three gaps, one with a hostile title)."""
    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project
    from atlas_qual.store.workshop import create_session

    folder = tmp_path_factory.mktemp("workshop-browser")
    gaps = folder / "gaps.csv"
    with open(gaps, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "description"])
        writer.writerows([["G01", "Rutas de intervención desconocidas", "Tres procedimientos separados"],
                          ["G02", HOSTILE, "<script>window.__xss=2</script>"],
                          ["G03", "Canales de denuncia poco conocidos", "Líneas 147 y 137"]])
    path = folder / "project.db"
    project = open_project(path, create=True)
    init_project(project)
    created = create_session(project, "Taller en el navegador", gaps_file=gaps)
    project.dispose()
    server = VoilaProcess(path, pool_size=3, log_dir=folder)
    yield server, created, path
    server.stop()


def open_facilitator(browser, server, created, key=None):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(server.url("facilitator.ipynb", session=created.code))
    page.wait_for_selector(".aq-key-input input")
    page.fill(".aq-key-input input", key or created.key)
    page.click(".aq-unlock")
    return context, page


def open_participant(browser, server, created, nickname):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(server.participant_url(created.code))
    page.fill("form[data-testid=join] input[name=nickname]", nickname)
    page.click("form[data-testid=join] button[type=submit]")
    return context, page


def answer(page, key, label, item):
    """Click an answer and wait until the page confirms that vote."""
    page.wait_for_selector(f"[data-testid=item]:has-text('{item}')")
    button = f"[data-testid=vote][value='{key}:{ {'Sí': 'yes', 'No': 'no'}.get(label, label)}']"
    page.click(button)
    page.wait_for_selector(button + "[aria-pressed=true]:not(.sending)")
    page.wait_for_selector("[data-testid=confirm].ok")


def go_next(page, number, total):
    page.click("[data-testid=next]")
    page.wait_for_selector(f"[data-testid=item]:has-text('Brecha {number} de {total}')")


def vote_gate(page, yes_for):
    for n, item in enumerate(("G01", "G02", "G03"), start=1):
        if n > 1:
            go_next(page, n, 3)
        for key in ("C1", "C2", "C3"):
            answer(page, key, "Sí" if yes_for(item, key) else "No", item)
    page.wait_for_selector("[data-testid=progress].done")


def vote_scores(page, items, score_for):
    page.wait_for_selector("[data-testid=round-state]:has-text('Ronda 2')")  # pushed: nobody taps
    for n, item in enumerate(items, start=1):
        if n > 1:
            go_next(page, n, len(items))
        for key in ("impact", "feasibility", "urgency"):
            answer(page, key, str(score_for(item)), item)


def ranking_order(page) -> list[str]:
    text = page.inner_text("[data-testid=ranking] table")
    return re.findall(r"^\s*\d+\s+(G\d\d)", text, flags=re.M)


def test_facilitator_sees_votes_and_ranking_update_live_while_three_participants_vote(browser, workshop_server):
    server, created, _path = workshop_server
    fac_context, fac = open_facilitator(browser, server, created)
    fac.wait_for_selector(f"[data-testid=join-code]:text-is('{created.code}')")
    fac.wait_for_selector("svg.aq-qr")
    fac.click(".aq-open-round")
    fac.wait_for_selector("[data-testid=round-1] .aq-flag-ok")
    people = [open_participant(browser, server, created, name) for name in ("Rosa", "Beto", "Carla")]
    for _context, page in people:
        page.wait_for_selector("[data-testid=round-state]:has-text('Ronda 1')")
    fac.wait_for_selector("[data-testid=participants]:has-text('3 se unieron · 3 teléfonos conectados ahora')")
    fac.wait_for_selector("text=0 de 3 votaron")

    # gate round: G03 fails C3 for two of three participants, so it does not qualify
    vote_gate(people[0][1], lambda item, key: True)
    fac.wait_for_selector("text=1 de 3 votaron")  # no reload: the page polls the store
    vote_gate(people[1][1], lambda item, key: item != "G03" or key != "C3")
    vote_gate(people[2][1], lambda item, key: item != "G03" or key != "C3")
    fac.wait_for_selector("text=3 de 3 votaron")
    fac.wait_for_selector("[data-testid=round-1-counts]:has-text('completaron 3 de 3')")
    assert fac.inner_text("[data-testid=complete]") == "3"  # the projector's big count: complete ballots
    url = fac.url
    fac.click(".aq-close-round")
    fac.wait_for_selector("[data-testid=round-1] .aq-flag-info")
    fac.click(".aq-open-round")
    fac.wait_for_selector("[data-testid=round-2] .aq-flag-ok")

    # scoring round, watched on the results screen
    fac.click(".aq-sections button:text-is('Resultados')")
    fac.wait_for_selector("[data-testid=gate-table]:has-text('califican 2 de 3')")
    vote_scores(people[0][1], ["G01", "G02"], lambda item: 5 if item == "G01" else 2)
    fac.wait_for_function("document.querySelector('[data-testid=ranking] table') !== null")
    fac.wait_for_function(
        "() => /1\\s+G01[\\s\\S]*2\\s+G02/.test(document.querySelector('[data-testid=ranking] table').innerText)")
    assert ranking_order(fac) == ["G01", "G02"]
    vote_scores(people[1][1], ["G01", "G02"], lambda item: 1 if item == "G01" else 5)
    vote_scores(people[2][1], ["G01", "G02"], lambda item: 1 if item == "G01" else 5)
    fac.wait_for_function(
        "() => /1\\s+G02/.test(document.querySelector('[data-testid=ranking] table').innerText)")
    assert ranking_order(fac) == ["G02", "G01"]
    assert fac.url == url  # never reloaded
    assert fac.locator("[data-testid=kendall]").inner_text().startswith("W de Kendall")
    # the hostile title is text on every page, never markup
    assert HOSTILE in fac.inner_text("[data-testid=gate-table]")
    for _context, page in people:
        assert page.evaluate("window.__xss") is None
    assert fac.evaluate("window.__xss") is None
    for context, _page in people:
        context.close()
    fac_context.close()


def test_participant_page_fits_a_phone_and_cannot_run_the_session(browser, workshop_server):
    server, created, path = workshop_server
    context, page = open_participant(browser, server, created, "Dora")
    page.wait_for_selector("[data-testid=round-state]")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1  # nothing sticks out sideways on a 375-pixel phone
    for selector in (".aq-open-round", ".aq-close-round", ".aq-reveal", ".aq-finish", ".aq-key-input"):
        assert page.locator(selector).count() == 0
    page.click("nav.langs a[lang=en]")
    page.wait_for_selector("html[lang=en] nav.langs a[lang=en][aria-current=true]")
    context.close()


def test_wrong_facilitator_key_is_refused_in_the_browser(browser, workshop_server):
    server, created, _path = workshop_server
    context, page = open_facilitator(browser, server, created, key="not-the-key")
    page.wait_for_selector(".aq-error:has-text('Clave de facilitación incorrecta')")
    assert page.locator("[data-testid=join-code]").count() == 0
    assert page.locator(".aq-open-round").count() == 0
    context.close()


def test_unknown_code_on_the_participant_page(browser, workshop_server):
    server, _created, _path = workshop_server
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(server.url("participant.ipynb", session="ZZZZZZ"))  # an old link: redirected to /p/ZZZZZZ
    page.wait_for_selector("[data-testid=error]:has-text('ZZZZZZ')")
    context.close()
