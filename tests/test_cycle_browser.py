"""A learning workshop voted in headless Chromium: two participants endorse and prioritize a DMOP's recommendations on
the workshop engine's participant page (phone-sized, separate browser contexts), and the facilitator records the
decisions on the cycle page; the endorsement stored is the one the browsers voted."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=window.__xss=1> Juez de turno para órdenes urgentes"


@pytest.fixture(scope="module")
def learning_server(tmp_path_factory):
    """A Voila server over a fresh project whose MAUEP learning workshop is open for endorsement."""
    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project
    from atlas_qual.store.cycle import add_recommendation, create_learning_workshop
    from atlas_qual.store.reference import init_project
    from atlas_qual.store.workshop import open_round

    folder = tmp_path_factory.mktemp("cycle-browser")
    path = folder / "project.db"
    project = open_project(path, create=True)
    init_project(project)
    add_recommendation(project, "MAUEP", HOSTILE)
    add_recommendation(project, "MAUEP", "Registro único de casos derivados entre instituciones")
    created = create_learning_workshop(project, "MAUEP")
    open_round(project, created.code, created.key, 1)
    project.dispose()
    server = VoilaProcess(path, pool_size=2, log_dir=folder)
    yield server, created, path
    server.stop()


def open_participant(browser, server, code, nickname):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(server.participant_url(code))
    page.fill("form[data-testid=join] input[name=nickname]", nickname)
    page.click("form[data-testid=join] button[type=submit]")
    page.wait_for_selector("[data-testid=round-state]")
    return context, page


def vote(page, key, label, item):
    page.wait_for_selector(f"[data-testid=item]:has-text('{item}')")
    button = f"[data-testid=vote][value='{key}:{ {'Sí': 'yes', 'No': 'no'}.get(label, label)}']"
    page.click(button)
    page.wait_for_selector(button + "[aria-pressed=true]:not(.sending)")
    page.wait_for_selector("[data-testid=confirm].ok")


def go_to(page, item):
    page.click("[data-testid=next]")
    page.wait_for_selector(f"[data-testid=item]:has-text('{item}')")


def test_learning_workshop_voted_in_the_browser_is_recorded_with_its_endorsement(browser, learning_server):
    from atlas_qual.store import open_project
    from atlas_qual.store.cycle import list_decisions, list_recommendations
    from atlas_qual.store.workshop import close_round, open_round

    server, created, path = learning_server
    code, key = created.code, created.key
    rosa = open_participant(browser, server, code, "Rosa")
    hugo = open_participant(browser, server, code, "Hugo")
    items = ("R01", "R02", "ENDORSE")
    answers = {"Rosa": {"R01": "Sí", "R02": "Sí", "ENDORSE": "Sí"},
               "Hugo": {"R01": "Sí", "R02": "No", "ENDORSE": "Sí"}}
    for name, (_context, page) in (("Rosa", rosa), ("Hugo", hugo)):
        page.wait_for_selector("[data-testid=item]:has-text('R01')")
        # the recommendation's text is shown as text, never as markup
        assert page.locator("[data-testid=item]").inner_text().count("<img src=x") == 1
        for n, item in enumerate(items):
            if n:
                go_to(page, item)
            vote(page, "endorse", answers[name][item], item)
        page.wait_for_selector("[data-testid=progress].done")
    assert rosa[1].evaluate("window.__xss === undefined")

    project = open_project(path)
    try:
        close_round(project, code, key, 1)
        open_round(project, code, key, 2)
        for (_context, page), priorities in ((rosa, (5, 4)), (hugo, (4, 5))):
            page.wait_for_selector("[data-testid=round-state]:has-text('Ronda 2')")  # pushed: nobody taps
            for n, (item, value) in enumerate(zip(("R01", "ENDORSE"), priorities)):
                if n:
                    go_to(page, item)
                vote(page, "priority", str(value), item)
        close_round(project, code, key, 2)

        # the facilitator records what was decided on the cycle page
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        fac = context.new_page()
        fac.set_default_timeout(90_000)
        fac.goto(server.url("cycle.ipynb", session=code))
        fac.wait_for_selector("[data-testid=cycle-outcome]")
        fac.fill(".aq-cycle-key input", key)
        fac.click(".cycle-record")
        fac.wait_for_selector("[data-testid=cycle-recorded]")
        fac.wait_for_selector("[data-testid=cycle-decisions]:has-text('respaldado para su institucionalización "
                              "(2 de 2 votos)')")
        assert "<img src=x" in fac.locator("[data-testid=cycle-recs]").inner_text()

        endorsement = list_decisions(project, "MAUEP", "endorsement")[0]
        assert endorsement.session == code and endorsement.outcome == "endorsed"
        assert (endorsement.votes["yes"], endorsement.votes["voters"]) == (2, 2)
        statuses = {r.ref: r.status for r in list_recommendations(project, "MAUEP")}
        assert statuses == {"R01": "endorsed", "R02": "rejected"}  # R02: one yes of two is no majority
        course = list_decisions(project, "MAUEP", "course_of_action")[0]
        assert course.votes["course_of_action"] == ["R01"]
        context.close()
    finally:
        project.dispose()
        rosa[0].close()
        hugo[0].close()
