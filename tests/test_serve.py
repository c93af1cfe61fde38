"""`atlas-qual serve`: what a server open to a LAN exposes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def test_workshop_only_folder_holds_just_the_workshop_pages(tmp_path):
    from atlas_qual.server import workshop_only_dir

    folder = workshop_only_dir(tmp_path / "pages")
    assert sorted(p.name for p in folder.iterdir()) == ["facilitator.ipynb", "index.ipynb"]


def _status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.sqlite_only
def test_serve_workshop_only_refuses_the_coding_and_report_pages(demo_project):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    exe = Path(sys.executable).with_name("atlas-qual")
    proc = subprocess.Popen([str(exe), "serve", "--workshop-only", "--project", str(demo_project), "--port",
                             str(port), "--pool-size", "1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                urllib.request.urlopen(base + "/voila/tree", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        assert _status(base + "/voila/render/coding.ipynb") == 404
        assert _status(base + "/voila/render/reports.ipynb") == 404
        assert _status(base + "/voila/render/participant.ipynb") == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
