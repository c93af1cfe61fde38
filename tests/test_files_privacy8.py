"""Files and logs, as an auditor finds them (SECURITY.md, "Files on disk" and "The server's host names"):

- every export the library writes is readable by its owner only under a usual umask (022), also when a notebook or
  a page's kernel calls it rather than the CLI, and so is the project's write-lock file;
- the server, however started, runs with umask 077 (it and its page kernels), and the test helper's log is private;
- a database error's text (what a traceback or the server log shows) never carries the statement's values;
- files the pages write to hand over a download or to read an upload are gone once used, and
  `serve --workshop-only` leaves no folder behind;
- a request without a Host header, or whose absolute-form target names another host, is refused like a forged Host.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import httpx
import pytest

from atlas_qual.store import workshop as W

NAME, PHONE = "Graciela Benítez de Ocampo", "0981 123 456"
TEXT = f"{NAME}: la niña tenía miedo; mi celular es {PHONE}."


def _mode(path) -> int:
    return os.stat(path).st_mode & 0o777


@pytest.fixture
def desktop_umask():
    old = os.umask(0o022)  # a usual desktop umask: a plain open() gives 0644
    yield
    os.umask(old)


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """The system's temporary folder, as the pages' code sees it: a fresh empty one, to see what is left in it."""
    folder = tmp_path / "systmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


# --- modes --------------------------------------------------------------------------------------------------------


def test_every_export_the_library_writes_is_owner_only_whatever_the_umask(project, tmp_path, desktop_umask):
    """A notebook (JupyterLab runs with the user's umask) or a page's kernel calling the store's exports directly."""
    from atlas_qual.store.codebook import export_codebook
    from atlas_qual.store.coding_io import export_codings_csv, export_xlsx
    from atlas_qual.store.refi_export import export_codebook as export_qdc
    from atlas_qual.store.refi_export import export_qdpx

    gaps = tmp_path / "gaps.csv"
    gaps.write_text("id,title,description\nG01,Rutas de intervención,x\n", encoding="utf-8")
    created = W.create_session(project, "Taller", gaps_file=gaps)  # a workshop write: takes the writers' lock
    out = tmp_path / "out"
    out.mkdir()
    written = {
        "libro.yaml": lambda f: export_codebook(project, f),
        "libro.csv": lambda f: export_codebook(project, f),
        "codificaciones.csv": lambda f: export_codings_csv(project, f),
        "codificaciones.xlsx": lambda f: export_xlsx(project, f),
        "taller.xlsx": lambda f: W.export_workshop_xlsx(project, created.code, created.key, f),
        "proyecto.qdpx": lambda f: export_qdpx(project, f),
        "libro.qdc": lambda f: export_qdc(project, f),
    }
    for name, write in written.items():
        write(out / name)
    assert {p.name: _mode(p) for p in out.iterdir()} == {name: 0o600 for name in written}  # and no stray temp file
    if project.is_sqlite:  # the project and everything SQLite and the store put beside it
        from sqlalchemy.engine import make_url

        db = Path(make_url(project.url).database)
        beside = {p.name: _mode(p) for p in db.parent.iterdir() if p.name.startswith(db.name)}
        assert f"{db.name}-write.lock" in beside
        assert beside == {name: 0o600 for name in beside}


def test_an_export_that_fails_leaves_neither_a_file_nor_a_half_written_one(project, tmp_path, monkeypatch):
    import openpyxl

    from atlas_qual.errors import AtlasQualError
    from atlas_qual.store.coding_io import export_xlsx

    def broken_save(self, filename):
        Path(filename).write_bytes(b"PK half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(AtlasQualError):
        export_xlsx(project, tmp_path / "codificaciones.xlsx")
    assert [p.name for p in tmp_path.iterdir() if "codificaciones" in p.name] == []


def test_a_database_error_never_carries_the_interview_text_it_was_writing(project):
    """What a traceback on the terminal or in the server's log shows when a write fails unexpectedly (here: a turn
    whose transcript is gone, as when another process deletes it mid-import)."""
    from atlas_qual.store.models import Segment

    def write(s):
        s.add(Segment(transcript_id=987654, ordinal=1, speaker=NAME, start=0, end=len(TEXT), text=TEXT))
        s.flush()

    with pytest.raises(Exception) as caught:
        project.write(write)
    shown = "".join(traceback.format_exception(caught.value))
    assert "segments" in shown  # the statement is still named, for whoever debugs it
    for secret in (NAME, "Graciela", PHONE, "miedo"):
        assert secret not in shown


# --- temporary files ----------------------------------------------------------------------------------------------


def _upload(content: bytes, name: str) -> tuple[dict]:
    """A FileUpload value as the browser sends it."""
    import datetime as dt

    return ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime(2025, 3, 14, tzinfo=dt.timezone.utc)},)


def test_the_facilitator_page_keeps_no_upload_or_export_in_the_temporary_folder(project, private_tmp, monkeypatch):
    from atlas_qual.widgets.facilitator import FacilitatorApp

    monkeypatch.setenv("ATLAS_QUAL_ADMIN_PASSWORD", "contraseña-del-taller")
    monkeypatch.delenv("ATLAS_QUAL_ADMIN_PASSWORD_FILE", raising=False)
    app = FacilitatorApp(project)
    app._admin_input.value = "contraseña-del-taller"
    app._admin_btn.click()
    app._new_title.value = "Taller"
    app._new_file.value = _upload(b"id,title,description\nG01,Rutas,x\nG02,Datos,y\n", "gaps.csv")
    app._create_btn.click()
    assert app.unlocked
    app._nav.value = "setup"
    app._built["gap_upload"].value = _upload(b"id,title,description\nG03,Canales,z\n", "mas.csv")
    app._built["gap_upload_btn"].click()
    assert W.list_sessions(project)[0].items == 3
    W.open_round(project, app.code, app._key, 1)
    app._nav.value = "ballots"
    b = app._built
    b["ballot_upload"].value = _upload(f"participant,gap,criterion,value\n{NAME},G01,C1,yes\n".encode(), "papel.csv")
    b["ballot_btn"].click()
    assert "ballot-report" in b["ballot_report"].value
    b["export_btn"].click()
    assert 'download="taller_' in b["export_link"].value  # the download is in the page's link
    assert list(private_tmp.iterdir()) == []


def test_the_bok_and_plan_pages_keep_no_file_in_the_temporary_folder(project, private_tmp, monkeypatch):
    import base64
    import re

    from atlas_qual.widgets.bok import BokApp
    from atlas_qual.widgets.cycle import CycleApp

    monkeypatch.setenv("ATLAS_QUAL_TOC_PAGES", "0")
    bok = BokApp(project)
    bok._export_csv.click()
    link = bok._io_msg.value
    assert 'download="bok.csv"' in link
    exported = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1))
    bok._upload.value = _upload(exported, "bok.csv")
    bok._import.click()
    assert "bok-imported" in bok._io_msg.value
    cycle = CycleApp(project, dmop="MAUEP")
    cycle._doc_button.click()
    assert 'download="plan_MAUEP_es.docx"' in cycle._doc_out.value
    assert list(private_tmp.iterdir()) == []


# --- the server ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A server started without the CLI (``python -m atlas_qual.server``, as tests and benchmarks do) under
    umask 022."""
    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    folder = tmp_path_factory.mktemp("files8")
    project = open_project(folder / "project.db", create=True)
    init_project(project)
    gaps = folder / "gaps.csv"
    gaps.write_text("id,title,description\nG01,Rutas de intervención,x\n", encoding="utf-8")
    code = W.create_session(project, "Taller", gaps_file=gaps).code
    project.dispose()
    old = os.umask(0o022)
    try:
        server = VoilaProcess(folder / "project.db", pool_size=0)
    finally:
        os.umask(old)
    server.code = code
    yield server
    server.stop()


def _umask_of(pid: int) -> str:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Umask:"):
            return line.split()[1]
    raise AssertionError("no Umask line")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the process umask from /proc")
def test_the_server_and_its_page_kernels_write_owner_only_files_however_started(served):
    assert httpx.get(served.url("index.ipynb"), timeout=120).status_code == 200  # starts a page kernel
    kernels = _children(served.proc.pid)
    assert kernels, "the page's kernel"
    assert {pid: _umask_of(pid) for pid in [served.proc.pid, *kernels]} == {
        pid: "0077" for pid in [served.proc.pid, *kernels]}
    assert _mode(served.log_path) == 0o600


def _raw(port: int, request: str) -> tuple[str, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(request.encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n", 1)[0].decode("latin-1"), body


def test_a_request_without_a_host_or_naming_another_host_in_its_target_is_refused(served):
    port = served.port
    status, _ = _raw(port, f"GET /p/ HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n")
    assert " 200 " in status  # the page itself is served
    status, body = _raw(port, "GET /p/ HTTP/1.0\r\n\r\n")
    assert " 400 " in status and b"host" in body
    for target in ("http://attacker.example/p/", f"http://attacker.example:{port}/voila/render/index.ipynb"):
        status, body = _raw(port, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
        assert " 400 " in status and b"host" in body, target
    status, _ = _raw(port, f"GET http://127.0.0.1:{port}/p/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           "Connection: close\r\n\r\n")
    assert " 400 " not in status


def test_a_nickname_the_server_cannot_decode_stays_out_of_its_log(served):
    """A phone whose browser sends the form in Latin-1: Tornado would log the first 40 bytes of the value."""
    import re

    with httpx.Client(base_url=served.base) as client:
        page = client.get(f"/p/{served.code}").text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        body = f"_csrf={csrf}&nickname=".encode() + "Graciela Benítez 0981123456".encode("latin-1").replace(b" ", b"+")
        r = client.post(f"/p/{served.code}/join", content=body,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and "Graciela" not in r.text
    deadline = time.time() + 20  # the server's log line is written after the answer
    while b"POST /p/" not in (log := served.log_path.read_bytes()) and time.time() < deadline:
        time.sleep(0.1)
    assert b"nickname" in log  # the refusal is logged, by the field's name
    assert b"Graciela" not in log and b"0981123456" not in log


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.sqlite_only
def test_serve_workshop_only_leaves_nothing_in_the_temporary_folder(project_path, tmp_path):
    systmp = tmp_path / "systmp"
    systmp.mkdir()
    port = _free_port()
    exe = Path(sys.executable).with_name("atlas-qual")
    proc = subprocess.Popen([str(exe), "serve", "--workshop-only", "--project", str(project_path), "--port", str(port),
                             "--pool-size", "0"], env={**os.environ, "TMPDIR": str(systmp)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/p/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert any(p.name.startswith("aq-workshop-") for p in systmp.iterdir())  # the pages it serves
    finally:
        os.kill(proc.pid, signal.SIGTERM)  # `kill PID`, as a user stops it
        proc.wait(timeout=30)
    assert sorted(p.name for p in systmp.iterdir()) == []
