"""Shared fixtures: real projects (SQLite files in WAL, or PostgreSQL databases), the CLI, the demo project, a Voila
server and headless Chromium.

Backend: SQLite by default. With ``--backend=postgresql`` (or ``ATLAS_QUAL_TEST_BACKEND=postgresql``) the project
fixtures (`project_path`, `project`, `demo_project`, `demo_server`) give a fresh PostgreSQL database per test instead,
cloned from a template database built once per session; the server is ``--pg-url`` or ``ATLAS_QUAL_TEST_PG`` (a role
that may CREATE DATABASE). On PostgreSQL `project_path` is a URL string, not a Path: it goes wherever a project is
accepted (`open_project`, `--project`). Tests that need the SQLite file itself (sqlite3, file bytes, WAL) are marked
``@pytest.mark.sqlite_only`` and skipped there.
"""

from __future__ import annotations

import inspect
import itertools
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
BACKENDS = ("sqlite", "postgresql")
# fixtures whose value is the project itself: a test that also opens it with sqlite3 cannot run on PostgreSQL
PROJECT_FIXTURES = ("project_path", "project", "demo_project", "demo_project_template", "demo_server")


def pytest_addoption(parser):
    group = parser.getgroup("atlas-qual")
    group.addoption("--backend", choices=BACKENDS, default=None,
                    help="database of the project fixtures (default $ATLAS_QUAL_TEST_BACKEND, else sqlite)")
    group.addoption("--pg-url", default=None,
                    help="PostgreSQL server for --backend=postgresql and the PostgreSQL tests "
                         "(default $ATLAS_QUAL_TEST_PG), e.g. postgresql://atlas:atlas@127.0.0.1:5432/atlas_test")


def pytest_configure(config):
    os.environ.setdefault("ATLAS_QUAL_LANG", "")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # an unexpected error in a command raises with its traceback here (users get one line without values)
    os.environ.setdefault("ATLAS_QUAL_DEBUG", "1")
    config.addinivalue_line("markers", "sqlite_only: needs the SQLite project file itself (skipped on PostgreSQL)")
    config.addinivalue_line("markers", "postgresql: needs a PostgreSQL server (skipped when none is configured)")
    backend = config.getoption("--backend") or os.environ.get("ATLAS_QUAL_TEST_BACKEND") or "sqlite"
    if backend not in BACKENDS:
        raise pytest.UsageError(f"ATLAS_QUAL_TEST_BACKEND={backend!r}: use one of {', '.join(BACKENDS)}")
    pg_url = config.getoption("--pg-url") or os.environ.get("ATLAS_QUAL_TEST_PG") or ""
    if backend == "postgresql" and not pg_url:
        raise pytest.UsageError("--backend=postgresql needs --pg-url or ATLAS_QUAL_TEST_PG")
    config._atlas_backend, config._atlas_pg_url = backend, pg_url


def pytest_report_header(config):
    url = config._atlas_pg_url
    shown = _hide_password(url) if url else "none"
    return f"atlas-qual backend: {config._atlas_backend} (PostgreSQL server: {shown})"


def _uses_sqlite3_on_the_project(item) -> bool:
    """A test that opens a project fixture with the sqlite3 module: a line of its source names both (a safety net
    for tests written before the PostgreSQL run existed; mark such tests sqlite_only)."""
    fixtures = set(PROJECT_FIXTURES) & set(getattr(item, "fixturenames", ()))
    if not fixtures:
        return False
    try:
        source = inspect.getsource(item.function)
    except (OSError, TypeError, AttributeError):
        return False
    return any("sqlite3." in line and any(f in line for f in fixtures) for line in source.splitlines())


def pytest_collection_modifyitems(config, items):
    if config._atlas_backend != "postgresql":
        return
    skip = pytest.mark.skip(reason="SQLite-specific (the project file itself); this run is on PostgreSQL")
    skip_auto = pytest.mark.skip(reason="opens the project with sqlite3 (auto-detected; mark it sqlite_only); "
                                        "this run is on PostgreSQL")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)
        elif _uses_sqlite3_on_the_project(item):
            item.add_marker(skip_auto)


@pytest.fixture(autouse=True)
def _reset_lang():
    from atlas_qual import i18n

    i18n.set_lang(None)
    yield
    i18n.set_lang(None)


# --- PostgreSQL databases ----------------------------------------------------------------------------------------


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


class PgServer:
    """Creates and drops throw-away databases on the test PostgreSQL server (names ``aqt_<pid>_<n>``)."""

    _counter = itertools.count(1)

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(url.replace("postgresql+psycopg://", "postgresql://"))
        self.prefix = f"aqt_{os.getpid()}_"
        self._admin = None
        # The projects' URLs carry no password (libpq reads PGPASSWORD, here and in every child process): a test
        # may then pass project.name, which hides passwords, wherever a project is expected, as on SQLite.
        if self.url.password and not os.environ.get("PGPASSWORD"):
            os.environ["PGPASSWORD"] = str(self.url.password)

    def _conn(self):
        import psycopg

        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(self.url.render_as_string(hide_password=False), autocommit=True,
                                          connect_timeout=10)
        return self._admin

    def url_of(self, name: str) -> str:
        # URL.set() ignores None; the URL is a named tuple, so _replace drops the password
        return self.url._replace(database=name, password=None).render_as_string(hide_password=False)

    def create(self, template: str | None = None, label: str = "") -> str:
        """A new database (empty, or a copy of ``template``); returns its URL."""
        name = f"{self.prefix}{label}{next(self._counter)}"
        # template0 for an empty one: nobody may connect to it, so cloning never finds it busy (template1 can be)
        sql = f'CREATE DATABASE "{name}" TEMPLATE "{template or "template0"}"'
        if not template:
            sql += " ENCODING 'UTF8'"
        self._conn().execute(sql)
        return self.url_of(name)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        if name and name.startswith(self.prefix):
            self._drop(name)

    def _drop(self, name: str) -> None:
        """Best effort: a database that cannot go yet (a backend of another role, e.g. a maintenance worker, still
        on it) is left for drop_all at the end of the session instead of failing a test's teardown."""
        import time

        import psycopg

        for attempt in range(3):
            try:
                self._conn().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except psycopg.Error:
                time.sleep(0.2 * (attempt + 1))

    def drop_all(self) -> None:
        if self._admin is None:
            return
        rows = self._conn().execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                                    (self.prefix.replace("_", r"\_") + "%",)).fetchall()
        for (name,) in rows:
            self._drop(name)
        self._admin.close()
        self._admin = None


# one per test session, so every database made during the session (copies included) is dropped at its end
_PG: list[PgServer] = []


def pytest_unconfigure(config):
    while _PG:
        try:
            _PG.pop().drop_all()
        except Exception:  # noqa: BLE001 - the server went away: nothing left to clean
            pass


def _session_pg(url: str) -> PgServer:
    if not _PG:
        _PG.append(PgServer(url))
    return _PG[0]


@pytest.fixture(scope="session")
def backend(pytestconfig) -> str:
    """"sqlite" or "postgresql": the database the project fixtures of this run use."""
    return pytestconfig._atlas_backend


@pytest.fixture(scope="session")
def pg_server(pytestconfig):
    """The test PostgreSQL server (skips when none is configured or it does not answer; fails instead when
    ATLAS_QUAL_REQUIRE_PG is set, as in CI, or when the run is on PostgreSQL)."""
    url = pytestconfig._atlas_pg_url
    required = bool(os.environ.get("ATLAS_QUAL_REQUIRE_PG")) or pytestconfig._atlas_backend == "postgresql"
    if not url:
        if required:
            pytest.fail("ATLAS_QUAL_REQUIRE_PG is set but no PostgreSQL server is configured (ATLAS_QUAL_TEST_PG)")
        pytest.skip("no PostgreSQL server configured (set ATLAS_QUAL_TEST_PG or --pg-url)")
    server = _session_pg(url)
    try:
        server._conn()
    except Exception as exc:  # noqa: BLE001 - any connection problem means "no server here"
        if required:
            pytest.fail(f"PostgreSQL at {_hide_password(url)} does not answer: {exc}")
        pytest.skip(f"PostgreSQL at {_hide_password(url)} does not answer: {exc}")
    return server


@pytest.fixture
def pg_database(pg_server):
    """Factory of fresh, empty PostgreSQL databases (dropped after the test): ``url = pg_database()``."""
    made: list[str] = []

    def _new() -> str:
        made.append(pg_server.create(label="e"))
        return made[-1]

    yield _new
    for url in made:
        pg_server.drop(url)


@pytest.fixture(scope="session")
def _pg_project_template(pg_server) -> str:
    """A database with `atlas-qual init` done, cloned (CREATE DATABASE ... TEMPLATE) for each test's project."""
    from sqlalchemy.engine import make_url

    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    url = pg_server.create(label="tpl")
    p = open_project(url, create=True)
    init_project(p)
    p.dispose()  # a template must have no open connections when it is cloned
    return make_url(url).database


# --- projects ----------------------------------------------------------------------------------------------------


@pytest.fixture
def project_path(request, backend, tmp_path):
    """A fresh project with the reference data loaded (`atlas-qual init`): a SQLite file (Path) in tmp, or on
    PostgreSQL the URL (str) of a new database."""
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        url = server.create(template=request.getfixturevalue("_pg_project_template"))
        yield url
        server.drop(url)
        return
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    path = tmp_path / "project.db"
    p = open_project(path, create=True)
    init_project(p)
    p.dispose()
    yield path


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


def _is_url(project) -> bool:
    return "://" in str(project)


@pytest.fixture(scope="session")
def demo_project_template(request, backend, tmp_path_factory):
    """The demo project, built once per test session with `atlas-qual demo`; copy it before changing it (a SQLite
    file, or on PostgreSQL the URL of a template database)."""
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        url = server.create(label="demo")
        res = run_cli_process("demo", "--project", url, "--json")
        assert res.code == 0, res
        return url
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    res = run_cli_process("demo", "--project", path, "--json")
    assert res.code == 0, res
    return path


def copy_project(src, dst):
    """A consistent copy of a project: SQLite through the online backup API (WAL content comes along); a
    PostgreSQL database is cloned into a new database (dropped at the end of the session), whose URL is returned
    instead of ``dst``."""
    if _is_url(src):
        from sqlalchemy.engine import make_url

        return _session_pg(str(src)).create(template=make_url(str(src)).database, label="copy")
    import sqlite3

    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return dst


@pytest.fixture
def demo_project(demo_project_template, tmp_path):
    """A private copy of the demo project (a Path, or a URL on PostgreSQL)."""
    copy = copy_project(demo_project_template, tmp_path / "demo.db")
    yield copy
    if _is_url(copy):
        _session_pg(str(copy)).drop(copy)


def VoilaServer(project, **kw):
    from atlas_qual.server import VoilaProcess

    if _is_url(project) and "log_dir" not in kw:
        import tempfile

        kw["log_dir"] = Path(tempfile.mkdtemp(prefix="aq-voila-"))
    return VoilaProcess(project, **kw)


def serve_new_project(tmp_path_factory, name: str, fill):
    """(server, what ``fill`` returned): a Voila server over a new SQLite project that ``fill(project, folder)``
    filled. For module fixtures: ``server, extra = serve_new_project(...)``; stop it with ``server.stop()``."""
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    folder = tmp_path_factory.mktemp(name)
    path = folder / "project.db"
    project = open_project(path, create=True)
    init_project(project)
    try:
        extra = fill(project, folder)
    finally:
        project.dispose()
    return VoilaServer(path), extra


def bare_project_server(tmp_path_factory, name: str):
    """(project, server): a new SQLite project and a Voila server over it without kernels (the participant pages need
    none). For module fixtures; stop the server and dispose of the project after."""
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    path = tmp_path_factory.mktemp(name) / "project.db"
    project = open_project(path, create=True)
    init_project(project)
    return project, VoilaServer(path, pool_size=0)


@pytest.fixture(scope="module")
def participant_server(request, tmp_path_factory):
    """(project, server) for a module of participant-page tests: one SQLite project and one kernel-less server."""
    project, server = bare_project_server(tmp_path_factory, request.module.__name__.rsplit(".", 1)[-1])
    yield project, server
    server.stop()
    project.dispose()


def gaps_session(project, folder, gaps, title: str) -> dict:
    """A workshop session titled ``title`` whose gaps are ``gaps`` (rows id, title, description), read from a CSV
    written in ``folder`` as a facilitator would give it."""
    import csv

    from atlas_qual.store import workshop as W

    path = folder / "gaps.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "description"])
        writer.writerows(gaps)
    return W.create_session(project, title, gaps_file=path)


def phone_page(browser, width=375, height=667, **kw):
    """(context, page): a new browser context the size of a phone (or ``width`` x ``height``)."""
    context = browser.new_context(viewport={"width": width, "height": height}, **kw)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def join_phone(page, url, nickname):
    """Join a workshop from the participant page at ``url`` under ``nickname`` and wait for the round."""
    page.goto(url)
    page.fill("form[data-testid=join] input[name=nickname]", nickname)
    page.click("form[data-testid=join] button[type=submit]")
    page.wait_for_selector("[data-testid=round-state]")


@pytest.fixture(scope="session")
def demo_server(demo_project_template, tmp_path_factory):
    """A Voila server over a copy of the demo project, shared by the browser tests of a session."""
    if _is_url(demo_project_template):
        path = copy_project(demo_project_template, None)
        server = VoilaServer(path, log_dir=tmp_path_factory.mktemp("served"))
    else:
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


# Facilitator keys: a cheap PBKDF2 count for the suite and the servers it starts (600,000 rounds cost ~0.3 s per
# check); tests/test_workshop_keys.py checks the real count once.
os.environ.setdefault("ATLAS_QUAL_FAST_KDF", "1")


def coded_interviews(project, tmp_path, people, answers, code: str, per: int = 6, named: str = ""):
    """Interviews with ``per`` answers each, written as files with a header (territory, DMOP, institution, role,
    interviewee, pseudonym), imported, and every turn coded ``code`` by ana.gimenez; ``named`` is added to the first
    answer (an interviewee's name said in a turn). ``people``: (file, territory, dmop, institution, person,
    pseudonym, role)."""
    from sqlalchemy import select

    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.models import Segment
    from atlas_qual.store.transcripts import import_files

    files = []
    for n, (name, territory, dmop, inst, person, pseudonym, role) in enumerate(people):
        turns = list(answers[per * n:per * n + per])
        if n == 0 and named:
            turns[0] += " " + named
        path = tmp_path / name
        path.write_text(f"Territorio: {territory}\nDMOP: {dmop}\nInstitución: {inst}\nRol: {role}\n"
                        f"Entrevistada: {person}\nSeudónimo: {pseudonym}\n\n"
                        + "".join(f"{person.split()[0]}: {x}\n" for x in turns), encoding="utf-8")
        files.append(path)
    assert not import_files(project, files).errors
    with project.session() as s:
        for sid in s.scalars(select(Segment.id).order_by(Segment.id)).all():
            apply_code(project, sid, code, "ana.gimenez")
    return project


def imported_texts(project, tmp_path, interviews: dict[str, str]):
    """``project`` with each of ``interviews`` (file name -> text) written to ``tmp_path`` and imported."""
    from atlas_qual.store.transcripts import import_files

    files = []
    for name, text in interviews.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    report = import_files(project, files)
    assert not report.errors, report.errors
    return project
