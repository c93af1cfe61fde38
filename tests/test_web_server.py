"""The server around the pages: only the host names it serves (websockets included), gzip on every text response,
content-hashed static files cached for a year, old participant links redirected, --workshop-only serving /p/, and
two server processes sharing one PostgreSQL project."""

from __future__ import annotations

import csv
import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from atlas_qual.store import workshop as W


def _gaps(folder: Path) -> Path:
    path = folder / "gaps.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "description"])
        writer.writerows([["G01", "Rutas de intervención", "Sin ruta"], ["G02", "Canales de denuncia", "147"]])
    return path


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    folder = tmp_path_factory.mktemp("srv")
    project = open_project(folder / "project.db", create=True)
    init_project(project)
    session = W.create_session(project, "Taller", gaps_file=_gaps(folder))
    server = VoilaProcess(folder / "project.db", pool_size=0)
    yield project, server, session
    server.stop()
    project.dispose()


def _ws_headers(**extra):
    return {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", **extra}


def test_forged_host_header_is_refused_everywhere(served):
    _project, server, session = served
    evil = {"Host": f"attacker.example:{server.port}"}
    with httpx.Client(base_url=server.base) as client:
        for path in ("/voila/render/index.ipynb", f"/p/{session.code}", "/voila/render/coding.ipynb", "/"):
            assert client.get(path, headers=evil).status_code == 400, path
        assert client.post(f"/p/{session.code}/join", headers=evil, data={"nickname": "x"}).status_code == 400
        # the names it does serve still work
        assert client.get(f"/p/{session.code}", headers={"Host": f"localhost:{server.port}"}).status_code == 200
        assert client.get(f"/p/{session.code}").status_code == 200


def test_websocket_with_a_forged_host_or_foreign_origin_is_refused(served):
    _project, server, _session = served
    url = "/api/kernels/00000000-0000-0000-0000-000000000000/channels"
    with httpx.Client(base_url=server.base) as client:
        forged = client.get(url, headers=_ws_headers(Host=f"attacker.example:{server.port}"))
        assert forged.status_code == 400
        foreign = client.get(url, headers=_ws_headers(Origin="http://attacker.example"))
        assert foreign.status_code == 400
        own = client.get(url, headers=_ws_headers(Origin=server.base))
        assert own.status_code != 400  # reaches Voila (which knows no such kernel)


def test_allowed_hosts_cover_the_ip_the_base_url_and_allow_host_names():
    from atlas_qual.web.guard import allowed_hosts, host_name

    names = allowed_hosts("192.168.1.20", ["taller.local,aula.lan"], "http://10.0.0.9:8866")
    assert {"127.0.0.1", "localhost", "192.168.1.20", "taller.local", "aula.lan", "10.0.0.9"} <= names
    assert "0.0.0.0" not in allowed_hosts("0.0.0.0")
    assert host_name("[::1]:8866") == "::1" and host_name("Taller.Local:80") == "taller.local"


def test_every_text_response_is_gzipped(served):
    _project, server, session = served
    headers = {"Accept-Encoding": "gzip"}
    with httpx.Client(base_url=server.base, headers=headers) as client:
        page = client.get(f"/p/{session.code}")
        assert page.headers["content-encoding"] == "gzip"
        voila = client.get("/voila/render/index.ipynb")
        assert voila.status_code == 200 and voila.headers["content-encoding"] == "gzip"
        assets = re.findall(r'(?:href|src)="(/p/static/[^"]+)"', page.text)
        assert len(assets) == 2
        for url in assets:
            asset = client.get(url)
            assert asset.headers["content-encoding"] == "gzip"
            assert "max-age=31536000" in asset.headers["cache-control"]
            assert "immutable" in asset.headers["cache-control"]


def test_pages_ask_no_other_host(served):
    """Offline in a rural room, and telling no third party a page was opened: no stylesheet, script or font from
    another host (Voila's lab template loaded Font Awesome from cdn.jsdelivr.net)."""
    _project, server, session = served
    with httpx.Client(base_url=server.base) as client:
        for path in ("/voila/render/index.ipynb", f"/p/{session.code}"):
            page = client.get(path)
            assert page.status_code == 200
            assert '<html lang="es"' in page.text[:2000], path  # the pages' default language, for screen readers
            foreign = [u for u in re.findall(r'(?:href|src)=["\'](https?://[^"\']+)', page.text)
                       if not u.startswith(server.base)]
            assert foreign == [], (path, foreign)


def test_participant_page_is_small_over_the_wire(served):
    _project, server, session = served
    total = 0
    with httpx.Client(base_url=server.base, headers={"Accept-Encoding": "gzip"}) as client:
        with client.stream("GET", f"/p/{session.code}") as page:
            body = b"".join(page.iter_raw())
        total += len(body)
        html = gzip.decompress(body).decode()
        for url in re.findall(r'(?:href|src)="(/p/static/[^"]+)"', html):
            with client.stream("GET", url) as asset:
                total += len(b"".join(asset.iter_raw()))
    assert total < 20_000  # the Voila page it replaces: 9.85 MB


def test_a_stale_asset_url_is_not_served(served):
    _project, server, _session = served
    assert httpx.get(server.base + "/p/static/participant.000000000000.css").status_code == 404


def test_old_voila_participant_links_redirect_to_the_new_page(served):
    _project, server, session = served
    r = httpx.get(server.base + f"/voila/render/participant.ipynb?session={session.code.lower()}&lang=en")
    assert r.status_code == 302 and r.headers["location"] == f"/p/{session.code}?lang=en"
    r = httpx.get(server.base + "/voila/render/participant.ipynb")
    assert r.status_code == 302 and r.headers["location"] == "/p/"
    assert httpx.get(server.base + "/p/?code=" + session.code.lower()).headers["location"] == f"/p/{session.code}"
    unknown = httpx.get(server.base + "/p/ZZZZZZ")
    assert unknown.status_code == 404 and "ZZZZZZ" in unknown.text and "<form" in unknown.text


def test_round_changes_are_served_as_events_and_unknown_sessions_get_none(served):
    project, server, session = served
    phase = W.participant_phase(project, session.code)
    with httpx.stream("GET", server.base + f"/p/{session.code}/events", params={"phase": "stale"}, timeout=10) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        assert "content-encoding" not in r.headers  # each event leaves at once, never held by gzip
        lines = []
        for line in r.iter_lines():
            lines.append(line)
            if line.startswith("data:"):
                break
    assert lines[0] == "retry: 2000" and f"data: {phase}" in lines
    assert httpx.get(server.base + "/p/ZZZZZZ/events", params={"poll": 1}).status_code == 404


def test_pages_carry_security_headers(served):
    _project, server, session = served
    r = httpx.get(server.base + f"/p/{session.code}")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["cache-control"] == "no-store"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.sqlite_only
def test_workshop_only_serves_the_participant_page_and_allow_host(demo_project):
    port = _free_port()
    exe = Path(sys.executable).with_name("atlas-qual")
    proc = subprocess.Popen([str(exe), "serve", "--workshop-only", "--project", str(demo_project), "--port", str(port),
                             "--pool-size", "0", "--allow-host", "taller.lan"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                httpx.get(base + "/p/", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        from atlas_qual.store import open_project

        project = open_project(demo_project)
        code = W.list_sessions(project)[0].code
        project.dispose()
        assert httpx.get(f"{base}/p/{code}").status_code == 200
        assert httpx.get(f"{base}/p/{code}", headers={"Host": f"taller.lan:{port}"}).status_code == 200
        assert httpx.get(f"{base}/p/{code}", headers={"Host": f"otro.lan:{port}"}).status_code == 400
        assert httpx.get(base + "/voila/render/coding.ipynb").status_code == 404
        assert httpx.get(base + "/voila/render/participant.ipynb?session=" + code).status_code == 302
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _csrf(client: httpx.Client, path: str) -> str:
    return re.search(r'name="_csrf" value="([^"]+)"', client.get(path).text).group(1)


@pytest.mark.postgresql
def test_two_server_processes_share_one_postgresql_project(pg_server, _pg_project_template, tmp_path):
    """Handlers keep nothing in memory: a phone may join through one process and vote through another (as behind a
    round-robin proxy), and a round opened anywhere reaches pages served by either."""
    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project

    url = pg_server.create(template=_pg_project_template)
    project = open_project(url)
    servers = []
    try:
        session = W.create_session(project, "Taller compartido", gaps_file=_gaps(tmp_path))
        servers = [VoilaProcess(url, pool_size=0, log_dir=tmp_path) for _ in range(2)]
        one, two = servers
        path = f"/p/{session.code}"
        phones = []
        for n in range(4):
            # cookies are per host name, not per port: one cookie jar reaches both processes like one phone
            client = httpx.Client()
            first, second = (one, two) if n % 2 == 0 else (two, one)
            token = _csrf(client, first.base + path)
            assert client.post(first.base + path + "/join", data={"_csrf": token, "nickname": f"p{n}"}).status_code == 303
            phones.append((client, token, first, second))
        phase = W.participant_phase(project, session.code)
        W.open_round(project, session.code, session.key, 1)
        for client, _token, _first, second in phones:  # the change reaches pages of both processes
            pushed = client.get(second.base + path + "/events", params={"phase": phase, "poll": 1}, timeout=10)
            assert pushed.json()["phase"] != phase
        for client, token, first, second in phones:
            for server, key in ((first, "C1"), (second, "C2"), (first, "C3"), (second, "C3")):
                r = client.post(server.base + path + "/vote", data={"_csrf": token, "item": "G01", "vote": f"{key}:yes"},
                                headers={"Accept": "application/json"})
                assert r.status_code == 200, r.text
            assert "aria-pressed=\"true\"" in client.get(second.base + path).text
        state = W.session_state(project, session.code)
        assert state.participants == 4 and state.rounds[0].votes == 12  # the repeated C3 stored once per phone
        for client, *_ in phones:
            client.close()
    finally:
        for server in servers:
            server.stop()
        project.dispose()
        pg_server.drop(url)


def test_an_event_stream_drops_a_phone_that_stops_acknowledging_and_logs_a_broken_database(
        tmp_path, monkeypatch, caplog):
    """Review: a phone that lost signal without closing its stream stayed in 'phones connected now' for ~15
    minutes (the pings went into the socket buffer). Its socket now gives up after ~30 s unacknowledged; a write
    that fails takes it out of the count; a database that cannot record the count says so in the log."""
    import asyncio
    import logging

    import tornado.httpserver
    import tornado.netutil
    import tornado.web

    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project
    from atlas_qual.web import participant as P

    path = tmp_path / "project.db"
    project = open_project(path, create=True)
    init_project(project)
    session = W.create_session(project, "Taller", gaps_file=_gaps(tmp_path))
    url = str(path)
    monkeypatch.setattr(P, "EVENT_PING_SECONDS", 0.2)
    monkeypatch.setattr(P, "SEEN_SECONDS", 0.2)

    def broken(*_a, **_k):
        raise RuntimeError("database is locked")

    monkeypatch.setattr("atlas_qual.store.workshop.mark_seen", broken)

    async def run():
        server = tornado.httpserver.HTTPServer(tornado.web.Application(P.routes(url, warm=False)))
        [listener] = tornado.netutil.bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
        server.add_sockets([listener])
        reader, writer = await asyncio.open_connection("127.0.0.1", listener.getsockname()[1])
        try:
            writer.write(f"GET /p/{session.code}/events?phase= HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            await asyncio.wait_for(reader.readuntil(b"event: ping"), 10)
            [conn] = list(server._connections)
            sock = conn.stream.socket
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
            if hasattr(socket, "TCP_USER_TIMEOUT"):
                assert 10_000 <= sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT) <= 60_000
            if hasattr(socket, "TCP_KEEPIDLE"):
                idle = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE)
                probes = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL) * \
                    sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT)
                assert idle + probes <= 60
            assert len(P._STREAMS[(url, session.code)]) == 1  # counted as connected
            await asyncio.sleep(0.5)  # the reporter met the broken database
            # what the kernel does once the timeout expires: the socket fails, the next ping's write with it
            sock.shutdown(socket.SHUT_RDWR)
            for _ in range(50):
                if not P._STREAMS.get((url, session.code)):
                    break
                await asyncio.sleep(0.1)
            assert not P._STREAMS.get((url, session.code)), "a stream whose writes fail is still counted"
        finally:
            writer.close()
            server.stop()
            await asyncio.sleep(0.3)

    import concurrent.futures

    with caplog.at_level(logging.WARNING, logger="atlas_qual.web.participant"):
        # a thread of its own: a browser test before this one leaves an event loop running in this one
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, run()).result(timeout=60)
    logged = [r.getMessage() for r in caplog.records if r.name == "atlas_qual.web.participant"]
    assert any("database is locked" in m and session.code in m for m in logged), logged
    project.dispose()
