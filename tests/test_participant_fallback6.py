"""Round 6: the participant page in a browser without EventSource (old Android WebViews, some proxies) follows round
changes by long polling, one request at a time; when the server fails or the phone is offline it asks 1, 2, 4 ... 30 s
apart (not every 3 s forever), at once when the network comes back, and a session that is gone is said so and no
longer asked about.

The page's timers run on Playwright's fake clock, paused: the tests move it on themselves, so "15 s" is the page's
15 s, not the test machine's."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest

from atlas_qual.store import workshop as W
from conftest import gaps_session, join_phone, phone_page

pytestmark = pytest.mark.browser
GAPS = [["G01", "Rutas de intervención dispersas", "Sin ruta única"],
        ["G02", "Registros sin unificar", "Tres sistemas"],
        ["G03", "Canales de denuncia poco conocidos", "147 y 137"]]
ASKS = re.compile(r"/events\?(.*&)?poll=1")  # the ask about the round, whatever the order of its query
START = dt.datetime(2026, 3, 2, 9, 0, 0)
# No EventSource, as in the browsers this is for; every ask about the round is counted by the page itself (a request
# the offline network refuses never reaches a route), with the page's (fake) time and how many were on their way at
# once.
NO_EVENTSOURCE = """
delete window.EventSource;
(function () {
  var real = window.fetch;
  window.__asks = []; window.__going = 0; window.__most = 0;
  window.fetch = function (url) {
    if (String(url).indexOf("/events") < 0) { return real.apply(this, arguments); }
    window.__asks.push([Date.now(), String(url)]);
    window.__most = Math.max(window.__most, ++window.__going);
    return real.apply(this, arguments).then(function (r) { window.__going--; return r; },
                                            function (e) { window.__going--; throw e; });
  };
})();
"""


@pytest.fixture(scope="module")
def served(participant_server):
    return participant_server


@pytest.fixture
def session(served, tmp_path):
    project, _server = served
    return gaps_session(project, tmp_path, GAPS, "Taller sin EventSource")


def fallback_phone(browser, *, paused=True):
    context, page = phone_page(browser)
    context.add_init_script(NO_EVENTSOURCE)
    if paused:
        page.clock.install(time=START)
        page.clock.pause_at(START + dt.timedelta(seconds=1))
    return context, page


def _settle(page):
    """Wait until the page's asks on their way have their answer (a route's, or the offline network's refusal)."""
    deadline = time.monotonic() + 20
    while page.evaluate("window.__going") and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    assert page.evaluate("window.__going") == 0, "an ask never got its answer"


def _run(page, seconds, nudge_every=0):
    """Move the page's clock on ``seconds``, a quarter second at a time, firing its timers; every ``nudge_every``
    steps the phone says it is back online and shown again (as a phone does when it finds signal or is unlocked)."""
    for step in range(int(seconds * 4)):
        page.clock.run_for(250)
        _settle(page)
        if nudge_every and step % nudge_every == 0:
            page.evaluate("window.dispatchEvent(new Event('online'));"
                          "document.dispatchEvent(new Event('visibilitychange'))")
            _settle(page)


def _asks(page):
    return page.evaluate("window.__asks")


def _within(asks, seconds):
    first = asks[0][0]
    return [a for a in asks if a[0] - first <= seconds * 1000]


def test_the_round_reaches_a_page_without_eventsource_through_one_long_poll_at_a_time(served, session, browser):
    project, server = served
    context, page = fallback_phone(browser, paused=False)
    try:
        join_phone(page, server.participant_url(session.code), "Sin stream")
        assert page.evaluate("typeof window.EventSource") == "undefined"
        assert page.locator("[data-testid=vote]").count() == 0
        page.wait_for_function("window.__going === 1")  # the long poll, waiting on the server
        for _ in range(3):  # online, shown again: asked at once, but never a second poll beside the first
            page.evaluate("window.dispatchEvent(new Event('online'));"
                          "document.dispatchEvent(new Event('visibilitychange'))")
        assert page.evaluate("window.__most") == 1
        assert not _asks(page)[-1][1].endswith("phase="), _asks(page)  # it names the phase it shows: held
        W.open_round(project, session.code, session.key, 1)
        page.wait_for_selector("[data-testid=vote]")
        assert "Ronda 1" in page.inner_text("[data-testid=round-state]")
        # the new page goes on listening the same way: the round closing shows too
        page.wait_for_function("window.__going === 1")
        W.close_round(project, session.code, session.key)
        page.wait_for_selector("[data-testid=round-state]:has-text('Espere')")
        assert page.locator("[data-testid=vote]").count() == 0
        assert page.evaluate("window.__most") == 1
    finally:
        context.close()


@pytest.mark.parametrize("answer", [(503, "<html><body><h1>503 Service Unavailable</h1></body></html>"),
                                    (200, "<html><body>Portal de acceso: acepte las condiciones</body></html>")],
                         ids=["error-page", "html-not-json"])
def test_a_failing_server_is_asked_less_and_less_often_and_the_round_shows_once_it_answers(
        served, session, browser, answer):
    """A server restarting (or a proxy's error page, a captive portal's HTML) was asked every 3 s forever, plus once
    more for every 'online' event: 25 phones at once, all session long."""
    project, server = served
    status, body = answer
    context, page = fallback_phone(browser)
    try:
        page.route(ASKS, lambda route: route.fulfill(status=status, body=body, content_type="text/html"))
        join_phone(page, server.participant_url(session.code), "Paciente")
        W.open_round(project, session.code, session.key, 1)  # while the server cannot say so
        _run(page, 15, nudge_every=10)  # and the phone says five times it is back
        asks = _asks(page)
        assert 3 <= len(_within(asks, 15)) <= 6, [a[0] for a in asks]  # backoff 1, 2, 4, 8 s (jittered)
        _run(page, 45)
        assert len(_within(_asks(page), 60)) <= 9, [a[0] for a in _asks(page)]  # ... 16, 30, 30 s
        assert page.evaluate("window.__most") == 1
        assert page.locator("[data-testid=vote]").count() == 0
        page.unroute(ASKS)  # the server answers again: the next ask (at most 30 s on) shows the round
        page.clock.run_for(30_500)
        page.wait_for_selector("[data-testid=vote]")
        assert "Ronda 1" in page.inner_text("[data-testid=round-state]")
    finally:
        context.close()


def test_a_phone_offline_for_a_while_asks_rarely_and_shows_the_round_as_soon_as_it_is_back(
        served, session, browser):
    project, server = served
    context, page = fallback_phone(browser)
    try:
        page.route(ASKS, lambda route: route.fulfill(status=502, body="Bad Gateway"))
        join_phone(page, server.participant_url(session.code), "Sin señal")
        context.set_offline(True)
        page.unroute(ASKS)
        W.open_round(project, session.code, session.key, 1)
        _run(page, 15, nudge_every=10)
        asks = _asks(page)
        assert 3 <= len(_within(asks, 15)) <= 6, [a[0] for a in asks]
        assert page.locator("[data-testid=vote]").count() == 0
        context.set_offline(False)  # signal again: asked at once, without waiting for the backoff's next turn
        page.wait_for_selector("[data-testid=vote]")
        assert "Ronda 1" in page.inner_text("[data-testid=round-state]")
    finally:
        context.close()


@pytest.mark.parametrize("status", [404, 410])
def test_a_session_that_is_gone_is_said_so_and_no_longer_asked_about(served, session, browser, status):
    _project, server = served
    context, page = fallback_phone(browser)
    try:
        page.route(ASKS, lambda route: route.fulfill(status=status, body="Not Found", content_type="text/html"))
        join_phone(page, server.participant_url(session.code), "Sin sesión")
        page.wait_for_selector("[data-testid=round-state]:has-text('Este taller ya terminó')")
        _run(page, 120, nudge_every=20)  # two minutes, the phone coming back online and unlocked every 5 s
        assert len(_asks(page)) == 1, _asks(page)
        assert page.locator("[data-testid=round-state]").is_visible()
        assert page.locator("[data-testid=vote]").count() == 0
    finally:
        context.close()
