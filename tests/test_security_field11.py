"""Security review 11, what an attacker tried that earlier reviews had not:

- a page of the same site (another port of the workshop laptop's address) planting the CSRF cookie and posting a vote
  or a join in a participant's name: SameSite=Strict sends the participant's cookie along, and the double-submit token
  alone let it through;
- the participant's cookies over https (behind a reverse proxy with TLS) without the Secure flag, so a plain-http
  request to the same host would carry the participant's token in the clear;
- a script trying join codes one after another with nothing to slow it down;
- under umask 000, the folders the library creates for a project or an export were world-writable (anyone on the
  machine could plant the project's -wal file there and read what SQLite writes into it).

What held (tried, no change needed; see the report): Host names with a trailing dot, upper case, IPv6, another port,
``localhost.evil.com``, absolute-form targets, duplicate Host headers, X-Forwarded-Host; kernel websockets from
another origin or port; ``.qdpx`` member names with ``../``, external entities and billion laughs in ``project.qde``.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import httpx
import pytest

from atlas_qual.store import workshop as W


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    folder = tmp_path_factory.mktemp("sec11")
    project = open_project(folder / "project.db", create=True)
    init_project(project)
    gaps = folder / "gaps.csv"
    gaps.write_text("id,title,description\nG01,Rutas de intervención,x\nG02,Canales de denuncia,y\n", encoding="utf-8")
    session = W.create_session(project, "Taller", gaps_file=gaps)
    W.open_round(project, session.code, session.key, 1)
    # a small limit, so the test of the limit needs few requests (the default is 300 per 10 minutes)
    server = VoilaProcess(folder / "project.db", pool_size=0, env={"ATLAS_QUAL_JOIN_MISSES": "5"})
    yield project, server, session
    server.stop()
    project.dispose()


def _csrf(client: httpx.Client, path: str) -> str:
    return re.search(r'name="_csrf" value="([^"]+)"', client.get(path).text).group(1)


def _joined(server, session, nickname: str) -> httpx.Client:
    client = httpx.Client(base_url=server.base)
    path = f"/p/{session.code}"
    r = client.post(path + "/join", data={"_csrf": _csrf(client, path), "nickname": nickname})
    assert r.status_code == 303, r.text[:300]
    return client


# --- CSRF from a page of the same site ----------------------------------------------------------------------------


def test_a_vote_posted_by_a_page_of_another_port_of_the_same_address_is_refused(served):
    """A page served from another port of the laptop (same site for the browser) sets the token cookie itself
    (cookies do not tell ports apart) and posts a vote: the browser marks such a post Sec-Fetch-Site: same-site, or
    an Origin naming the other port; it is refused and nothing is stored."""
    project, server, session = served
    victim = _joined(server, session, "Marta")
    path = f"/p/{session.code}"
    planted = "p" * 32
    victim.cookies.set("aq_csrf", planted, domain="127.0.0.1", path=path)  # what the other page's script did
    attack = {"_csrf": planted, "item": "G01", "vote": "C1:yes"}
    other = f"http://127.0.0.1:{server.port + 1}"
    for headers in ({"Sec-Fetch-Site": "same-site", "Origin": other},  # a current browser
                    {"Origin": other}):  # an older one, without Sec-Fetch-*
        r = victim.post(path + "/vote", data=attack, headers={**headers, "Accept": "application/json"})
        assert r.status_code == 403, (headers, r.status_code, r.text[:200])
    r = victim.post(path + "/join", data={"_csrf": planted, "nickname": "Otra"},
                    headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    view = W.participant_view(project, session.code, victim.cookies.get("aq_p", path=path))
    assert view.votes == {}  # the participant's ballot is untouched
    # the participant's own page still votes, with or without the headers a browser adds
    token = _csrf(victim, path)
    for headers in ({"Sec-Fetch-Site": "same-origin", "Origin": server.base}, {"Origin": "null"}, {}):
        r = victim.post(path + "/vote", data={"_csrf": token, "item": "G01", "vote": "C1:yes"},
                        headers={**headers, "Accept": "application/json"})
        assert r.status_code == 200 and r.json()["ok"], (headers, r.text[:200])
    victim.close()


# --- Secure cookies behind TLS ------------------------------------------------------------------------------------


def test_behind_a_tls_proxy_the_participants_cookies_are_secure(served):
    _project, server, session = served
    path = f"/p/{session.code}"
    with httpx.Client(base_url=server.base, headers={"X-Forwarded-Proto": "https"}) as client:
        page = client.get(path)
        csrf_cookie = page.headers["set-cookie"]
        assert "aq_csrf=" in csrf_cookie and "Secure" in csrf_cookie
        token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
        # (httpx, like a browser, keeps a Secure cookie from going out over plain http: the proxy's side is https)
        r = client.post(path + "/join", data={"_csrf": token, "nickname": "Lucía"},
                        headers={"Cookie": f"aq_csrf={token}"})
        assert r.status_code == 303, r.text[:200]
        cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("aq_p="))
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    with httpx.Client(base_url=server.base) as plain:  # on the laptop over plain http the page still works
        assert "Secure" not in plain.get(path).headers["set-cookie"]


# --- guessing join codes ------------------------------------------------------------------------------------------


def test_an_address_that_tries_many_unknown_codes_is_refused_for_a_while(served):
    _project, server, session = served
    from atlas_qual.workshop.codes import JOIN_CODE_ALPHABET

    with httpx.Client(base_url=server.base) as client:
        wrong = [c * 6 for c in JOIN_CODE_ALPHABET if c * 6 != session.code][:5]
        answers = [client.get(f"/p/{code}").status_code for code in wrong]
        assert answers == [404] * 5
        refused = client.get(f"/p/{session.code}")  # now even the right code: no way to tell codes apart
        assert refused.status_code == 429
        assert "Espere unos minutos" in refused.text and "Retry-After" in refused.headers
        assert client.get(f"/p/{session.code}/events", params={"poll": 1}).status_code == 429
        assert client.get("/p/", params={"code": session.code}).status_code == 429


def test_the_code_guess_limit_forgets_an_address_after_its_window():
    from atlas_qual.web.limits import CodeGuessLimit

    limit = CodeGuessLimit(misses=3, window=600)
    for second in range(3):
        limit.miss("10.0.0.7", now=second)
    assert limit.blocked("10.0.0.7", now=10) and not limit.blocked("10.0.0.8", now=10)
    assert not limit.blocked("10.0.0.7", now=601)  # the first miss has left the window


# --- folders under umask 000 --------------------------------------------------------------------------------------


@pytest.fixture
def open_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.sqlite_only
def test_folders_the_library_creates_for_a_project_or_an_export_are_private_under_umask_000(tmp_path, open_umask,
                                                                                            project):
    from atlas_qual.csvio import write_csv
    from atlas_qual.store import open_project
    from atlas_qual.store.bok import export_practices

    base = tmp_path / "home"
    base.mkdir(mode=0o700)
    new = open_project(base / "proyectos" / "2026" / "atlas.db", create=True)
    new.dispose()
    export_practices(project, base / "salidas" / "bok" / "practicas.csv")
    write_csv(base / "tablas" / "x.csv", ["h"], [["a"]])
    made = {str(p.relative_to(base)): _mode(p) for p in sorted(base.rglob("*"))}
    assert {name: mode for name, mode in made.items() if (base / name).is_dir()} == {
        "proyectos": 0o700, "proyectos/2026": 0o700, "salidas": 0o700, "salidas/bok": 0o700, "tablas": 0o700}
    assert {name: mode for name, mode in made.items() if (base / name).is_file()} == {
        name: 0o600 for name in made if (base / name).is_file()}
    assert Path(base / "proyectos" / "2026" / "atlas.db").exists()


def test_a_report_written_from_a_notebook_into_new_folders_is_private_under_umask_000(tmp_path, open_umask):
    """The reports' own folders were made with a plain mkdir: 0777 under umask 000, so anyone on the machine could
    drop a file where a report about trafficking victims was about to be written."""
    from atlas_qual.reports.docx_build import DocBuilder
    from atlas_qual.reports.templates import write_templates

    base = tmp_path / "home"
    base.mkdir(mode=0o700)
    out = DocBuilder("dmop", "es").save(base / "informes" / "2026" / "informe.docx")
    write_templates(base / "plantillas" / "nuevas")
    dirs = {str(p.relative_to(base)): _mode(p) for p in sorted(base.rglob("*")) if p.is_dir()}
    assert dirs == {"informes": 0o700, "informes/2026": 0o700, "plantillas": 0o700, "plantillas/nuevas": 0o700}
    assert _mode(out) == 0o600
