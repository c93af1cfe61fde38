"""Shared fixtures: real SQLite project files (WAL), the CLI, the demo project, a Voila server and headless Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_configure(config):
    os.environ.setdefault("ATLAS_QUAL_LANG", "")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _reset_lang():
    from atlas_qual import i18n

    i18n.set_lang(None)
    yield
    i18n.set_lang(None)


@pytest.fixture
def project_path(tmp_path) -> Path:
    """A fresh project file with the reference data loaded (`atlas-qual init`)."""
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    path = tmp_path / "project.db"
    p = open_project(path, create=True)
    init_project(p)
    p.dispose()
    return path


@pytest.fixture
def project(project_path):
    from atlas_qual.store import open_project

    p = open_project(project_path)
    yield p
    p.dispose()


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self):
        import json

        return json.loads(self.out)

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out[-500:]!r}, err={self.err[-500:]!r})"


@pytest.fixture
def cli(capsys):
    """Run `atlas-qual ARGS` in this process: cli("info", "--json", "--project", p)."""
    from atlas_qual.cli import run

    def _run(*args) -> CliResult:
        capsys.readouterr()
        try:
            code = run([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return _run


def run_cli_process(*args, env=None, timeout=600) -> CliResult:
    """Run the installed `atlas-qual` in a fresh process (what a script sees)."""
    exe = Path(sys.executable).with_name("atlas-qual")
    proc = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def demo_project_template(tmp_path_factory) -> Path:
    """The demo project, built once per test session with `atlas-qual demo`; copy it before changing it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    res = run_cli_process("demo", "--project", path, "--json")
    assert res.code == 0, res
    return path


def copy_project(src: Path, dst: Path) -> Path:
    """A consistent copy of a SQLite project (online backup, so WAL content comes along)."""
    import sqlite3

    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return dst


@pytest.fixture
def demo_project(demo_project_template, tmp_path) -> Path:
    """A private copy of the demo project."""
    return copy_project(demo_project_template, tmp_path / "demo.db")


def VoilaServer(project: Path, **kw):
    from atlas_qual.server import VoilaProcess

    return VoilaProcess(project, **kw)


@pytest.fixture(scope="session")
def demo_server(demo_project_template, tmp_path_factory):
    """A Voila server over a copy of the demo project, shared by the browser tests of a session."""
    path = copy_project(demo_project_template, tmp_path_factory.mktemp("served") / "served.db")
    server = VoilaServer(path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; missing browser: skip, or fail when it is required (CI)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("ATLAS_QUAL_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing but browser tests are required (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()
