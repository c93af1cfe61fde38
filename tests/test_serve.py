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


def _wait_up(base: str, seconds: float = 90) -> None:
    """Until the server answers (Voila starting its kernels takes a while)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/voila/tree", timeout=2)
            return
        except OSError:
            time.sleep(0.3)


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
        _wait_up(base)
        assert _status(base + "/voila/render/coding.ipynb") == 404
        assert _status(base + "/voila/render/reports.ipynb") == 404
        assert _status(base + "/voila/render/participant.ipynb") == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_serve_on_a_port_in_use_says_so_in_one_line(demo_project):
    """A facilitator restarting the server while the old one still holds the port got a server failing in its log
    and a command that seemed to run."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        exe = Path(sys.executable).with_name("atlas-qual")
        res = subprocess.run([str(exe), "serve", "--project", str(demo_project), "--port", str(port)],
                             capture_output=True, text=True, timeout=120)
    assert res.returncode == 1
    assert res.stderr.count("\n") == 1 and f"{port}" in res.stderr and "--port" in res.stderr


@pytest.mark.sqlite_only
def test_stopping_serve_with_kill_stops_the_server_and_frees_the_port(demo_project):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    exe = Path(sys.executable).with_name("atlas-qual")
    # not a new session: `kill PID` reaches the command only, as a facilitator's kill does
    proc = subprocess.Popen([str(exe), "serve", "--workshop-only", "--project", str(demo_project), "--port",
                             str(port), "--pool-size", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        deadline = time.time() + 30
        free = False
        while time.time() < deadline and not free:
            with socket.socket() as probe:
                free = probe.connect_ex(("127.0.0.1", port)) != 0
            time.sleep(0.3)
        assert free, "the server outlived the command and still holds the port"
    finally:
        if proc.poll() is None:
            proc.kill()
