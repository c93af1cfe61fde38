"""Field test 9 of the server, as a facilitator meets it in a room without internet:

- Voila's own error pages (a notebook that does not exist, a path nothing serves, a kernel that is gone) linked
  Font Awesome from cdn.jsdelivr.net, spoke English only, and some came back empty with a traceback in the log;
- `atlas-qual serve` filled the projected terminal with traitlets deprecation warnings, "Notebook ... is not trusted"
  and kernel chatter, a page's error printed its traceback there (an interview's words with it), and Ctrl+C ended
  in kernel tracebacks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from atlas_qual.i18n import t

MISSING_KERNEL = "00000000-0000-0000-0000-000000000000"
# what an error page must never fetch: anything from a host other than the server's own
FOREIGN = re.compile(r'(?:href|src)\s*=\s*["\']?((?:https?:)?//[^"\'\s>]+)', re.I)


@pytest.fixture(scope="module")
def server(participant_server):
    _project, server = participant_server
    return server


def _foreign(page: str, base: str) -> list[str]:
    return [u for u in FOREIGN.findall(page) if not (u.startswith(base) or u.startswith("//127.0.0.1"))]


@pytest.mark.parametrize("path, status", [
    ("/voila/render/nonexistent.ipynb", 404),            # a notebook that is not there (Voila's template)
    ("/esto/no/existe", 404),                            # a path nothing serves (Tornado's bare page)
    (f"/api/kernels/{MISSING_KERNEL}/channels", 404),    # a kernel that is gone (came back empty)
    ("/voila/api/themes/nada.css", 404),                 # came back empty, "Exception in write_error" in the log
    ("/voila/static/nada.js", 403),
])
def test_error_pages_fetch_nothing_from_another_host_and_speak_the_projects_language(server, path, status):
    with httpx.Client(base_url=server.base) as client:
        page = client.get(path)
        assert page.status_code == status
        assert page.headers["content-type"].startswith("text/html")
        assert _foreign(page.text, server.base) == [], page.text
        assert '<html lang="es"' in page.text
        message = t("srv_err_404" if status == 404 else "srv_err_403", lang="es")
        assert message in page.text and 'href="/"' in page.text  # what happened, and the way back
        assert "Voilà requires JavaScript" not in page.text and "Not Found" not in page.text

        english = client.get(path, params={"lang": "en"})
        assert english.status_code == status and '<html lang="en"' in english.text
        assert t("srv_err_404" if status == 404 else "srv_err_403", lang="en") in english.text
        assert _foreign(english.text, server.base) == []
    assert "Exception in write_error" not in server.log_path.read_text(errors="replace")


def test_the_notebook_list_fetches_nothing_from_another_host(server):
    page = httpx.get(server.base + "/voila/tree")
    assert page.status_code == 200
    assert _foreign(page.text, server.base) == []
    assert "/voila/templates/atlas/static/index.css" in page.text  # still styled, from the server itself


# --- `atlas-qual serve` in a terminal --------------------------------------------------------------------------------

SECRET = "Graciela Benítez 0981 123 456"  # what a failing page's error quotes: never on the projected terminal


def _notebook(path: Path, code: str) -> None:
    path.write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [{"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None, "outputs": [],
                   "source": code}]}), encoding="utf-8")


def _wait_for(predicate, seconds: float = 120) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def test_serve_shows_only_the_addresses_announces_an_error_in_one_line_and_stops_with_ctrl_c(project_path, tmp_path,
                                                                                           monkeypatch):
    from atlas_qual.server import notebooks_dir, serve_log_path
    from atlas_qual.store import resolve_url
    from atlas_qual.store.db import display_name

    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(notebooks_dir() / "index.ipynb", pages / "index.ipynb")  # a preheated page, as in a workshop
    _notebook(pages / "falla.ipynb", f"raise RuntimeError({SECRET!r})")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ATLAS_QUAL_NOTEBOOKS": str(pages), "XDG_STATE_HOME": str(tmp_path / "state"),
           "ATLAS_QUAL_LANG": "es"}
    env.pop("ATLAS_QUAL_BASE_URL", None)
    out_path, err_path = tmp_path / "stdout", tmp_path / "stderr"
    exe = Path(sys.executable).with_name("atlas-qual")
    # the person the failing page quotes is on the project's names list: the log is an output like any other
    subprocess.run([str(exe), "names", "add", "Graciela Benítez", "--project", str(project_path)], env=env,
                   check=True, capture_output=True)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        # a session of its own, like a terminal's foreground job: Ctrl+C is SIGINT to the whole group
        proc = subprocess.Popen([str(exe), "serve", "--project", str(project_path), "--port", str(port),
                                 "--pool-size", "1"], stdout=out, stderr=err, env=env, start_new_session=True)
    # where the server writes its log: beside a SQLite project, under XDG_STATE_HOME for a PostgreSQL one
    monkeypatch.setenv("XDG_STATE_HOME", env["XDG_STATE_HOME"])
    log = serve_log_path(resolve_url(project_path))
    notice = t("serve_error_logged", lang="es", log=log)

    def printed() -> str:  # everything the server said so far, wherever it went
        return "".join(f.read_text(errors="replace") for f in (err_path, log) if f.exists())

    try:
        assert _wait_for(lambda: _answers(base + "/voila/tree")), err_path.read_text(errors="replace")
        assert _wait_for(lambda: "Kernel pool of index.ipynb is filled" in printed())
        assert httpx.get(base + "/voila/render/index.ipynb", timeout=120).status_code == 200
        failing = httpx.get(base + "/voila/render/falla.ipynb", timeout=120)
        assert failing.status_code == 200 and SECRET not in failing.text
        assert _wait_for(lambda: "Error at server while executing cell" in printed())
        _wait_for(lambda: notice in err_path.read_text(errors="replace"), 30)  # the notice follows the error
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C
        code = proc.wait(timeout=90)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    out, err = out_path.read_text(errors="replace"), err_path.read_text(errors="replace")
    assert code == 0, err
    assert out == ""
    # the addresses and how to stop, the error in one line naming the log, and one line when stopped: nothing else
    start = t("serve_urls", lang="es", project=display_name(resolve_url(project_path)), base=base, root=pages)
    assert err == f"{start}\n{notice}\n{t('serve_stopped', lang='es')}\n", err
    for noise in ("Traceback", "DeprecationWarning", "not trusted", "Kernel started", SECRET):
        assert noise not in err
    # the error itself is in the log, for whoever looks after the server, which only its owner can read
    detail = log.read_text(errors="replace")
    assert "RuntimeError" in detail and "Error at server while executing cell" in detail
    # ... redacted: the listed name and the phone number never reach the file
    assert "Graciela" not in detail and "Benítez" not in detail and "0981 123 456" not in detail, detail
    assert "[nombre]" in detail and "[teléfono]" in detail
    assert "not trusted" not in detail and "DeprecationWarning" not in detail
    assert os.stat(log).st_mode & 0o777 == 0o600
    # the server and its kernels are gone: the port is free
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
