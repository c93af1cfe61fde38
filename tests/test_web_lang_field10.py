"""The reader's language on the plain pages and on the server's error pages is read by one function
(``atlas_qual.web.base.reader_lang``): ``?lang=``, else the language cookie; the participant page also remembers a
``?lang=`` choice, the error page only reads it."""

from __future__ import annotations

import httpx
import pytest

from atlas_qual.i18n import t
from conftest import gaps_session

GAPS = [["G01", "Rutas de intervención y derivación dispersas entre instituciones", "Sin ruta única"]]


@pytest.fixture(scope="module")
def served(participant_server):
    return participant_server


def test_a_garbled_lang_in_the_address_still_shows_the_page_in_the_remembered_language(served, tmp_path):
    # a link copied out of a chat app can arrive with its escapes broken (%ff is no UTF-8): the phone still gets its
    # page, in the language it chose before, instead of an error
    project, server = served
    session = gaps_session(project, tmp_path, GAPS, "Taller de prueba")
    url = server.participant_url(session.code)
    with httpx.Client(follow_redirects=True, timeout=30) as client:
        client.cookies.set("aq_lang", "en")
        page = client.get(url + "?lang=%ff")
    assert page.status_code == 200, page.status_code
    assert '<html lang="en"' in page.text


def test_the_error_page_reads_the_choice_and_the_participant_page_remembers_it(served, tmp_path):
    project, server = served
    session = gaps_session(project, tmp_path, GAPS, "Taller de prueba")
    url = server.participant_url(session.code)
    with httpx.Client(follow_redirects=True, timeout=30) as client:
        chosen = client.get(url + "?lang=en")
        assert chosen.status_code == 200 and '<html lang="en"' in chosen.text
        assert client.cookies.get("aq_lang") == "en"
        missing = client.get(url.rsplit("/p/", 1)[0] + "/p/no/such/page")  # no handler there: the server's error page
        assert missing.status_code == 404 and '<html lang="en"' in missing.text
        assert t("srv_err_404", lang="en") in missing.text
