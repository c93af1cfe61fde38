"""Serving the apps: Voila over notebooks/ with the landing page at "/", the kernel-free participant page at /p/CODE
(atlas_qual.web), preheated kernels for the pages people wait on, idle-kernel culling, sources stripped, every text
response gzipped, and only the host names the server serves answered (DNS rebinding)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

# pages that get a pool of preheated kernels; every other notebook starts a kernel on demand. The participant page
# needs none: it is a plain page (atlas_qual.web) at /p/CODE.
PREHEATED = {"facilitator.ipynb": None, "index.ipynb": 1, "coding.ipynb": 1}


WORKSHOP_PAGES = ("index.ipynb", "facilitator.ipynb")


def workshop_only_dir(target: Path) -> Path:
    """A folder with only the workshop pages: what a server open to a LAN exposes (no interviews, no reports)."""
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    for name in WORKSHOP_PAGES:
        shutil.copy(notebooks_dir() / name, target / name)
    return target


def notebooks_dir() -> Path:
    """notebooks/ of the checkout (or ATLAS_QUAL_NOTEBOOKS)."""
    env = os.environ.get("ATLAS_QUAL_NOTEBOOKS")
    if env:
        return Path(env).resolve()
    return (Path(__file__).resolve().parent.parent / "notebooks").resolve()


def voila_argv(*, port: int, ip: str, pool_size: int, culling: int, root: Path | None = None) -> list[str]:
    """The Voila command line: a function of its own so tests and benchmarks serve exactly what users get."""
    root = root or notebooks_dir()
    pools = {"default": {"pool_size": 0}}
    for name, size in PREHEATED.items():
        if (root / name).exists():
            pools[name] = {"pool_size": pool_size if size is None else min(size, pool_size)}
    return [
        str(root),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--Voila.port_retries=0",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--preheat_kernel=True",
        "--pool_size=0",
        f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
        "--VoilaKernelManager.fill_delay=0",
        # a closed tab leaves its kernel behind (voila #1458): cull kernels idle with no browser attached
        f"--MappingKernelManager.cull_idle_timeout={culling}",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
        "--theme=light",
        "--template=atlas",  # Voila's lab template without requests to other hosts (atlas_qual/data/jupyter)
        "--HTMLExporter.language_code=es",  # <html lang="es">: the pages' default language (screen readers, translators)
    ]


def serve_log_path(url: str) -> Path:
    """Where `atlas-qual serve` writes what the server and its kernels print: beside a SQLite project
    (``data/atlas.db`` -> ``data/atlas.serve.log``), else in ``$XDG_STATE_HOME/atlas-qual/`` (``~/.local/state``),
    named after the database.

    Examples:
        >>> serve_log_path("sqlite:////srv/taller/atlas.db").as_posix()
        '/srv/taller/atlas.serve.log'
    """
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        db = Path(u.database)
        return db.with_name(db.stem + ".serve.log")
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "atlas-qual"
    return state / f"{u.database or 'project'}.serve.log"


def open_serve_log(path: Path):
    """The server log, new for this run and readable by its owner only (a page's error may quote an interview); the
    previous run's log is kept as ``*.log.1``. A binary file object."""
    from atlas_qual.private_files import private_folder

    private_folder(path.parent)
    if path.exists():
        os.replace(path, path.with_name(path.name + ".1"))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


def _quiet_deprecation() -> None:
    """traitlets' deprecation of the JSON form of --kernel_pools_config (the form Voila documents) stays out of the
    server's log: it only looks alarming."""
    import warnings

    warnings.filterwarnings("ignore", message=r".*for dict-traits is deprecated", category=DeprecationWarning)


def _quiet_untrusted(log) -> None:
    """Voila's "Notebook X is not trusted", logged for every page opened, stays out of the server's log: the pages are
    ours, rendered by executing them, never from stored outputs. Errors and warnings that mean something stay."""
    import logging

    class _Untrusted(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            return not str(record.msg).startswith("Notebook %s is not trusted")

    for handler in log.handlers:
        handler.addFilter(_Untrusted())


def template_root() -> Path:
    """The Jupyter data folder holding the "atlas" Voila template (put first on JUPYTER_PATH before Voila starts)."""
    return Path(__file__).resolve().parent / "data" / "jupyter"


def main(argv: list[str] | None = None) -> None:
    """Run Voila with a redirect from "/" to the landing page and the plain pages of ``atlas_qual.web`` in front of
    Voila's own (python -m atlas_qual.server VOILA-ARGS...). Allowed host names beyond the local ones and the
    ``--Voila.ip`` address come from $ATLAS_QUAL_ALLOWED_HOSTS (``atlas-qual serve --allow-host``).

    Runs with umask 077 however it was started (``atlas-qual serve``, ``python -m``, a test): every file the server
    and its page kernels write (exports, uploads, the project's lock and journal files) is readable by its owner
    only."""
    import tempfile

    from atlas_qual.private_files import OWNER_ONLY_UMASK

    os.umask(OWNER_ONLY_UMASK)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(template_root()),
                                                                os.environ.get("JUPYTER_PATH")]))

    from tornado.web import RedirectHandler
    from voila.app import Voila

    from atlas_qual.web import handlers as web_handlers
    from atlas_qual.web.errors import NotFoundPage, with_error_pages
    from atlas_qual.web.guard import GuardedApplication, allowed_from_env

    class AtlasVoila(Voila):
        def initialize(self, argv=None):
            _quiet_deprecation()  # after the imports (one shows traitlets deprecations), before the argv is parsed
            super().initialize(argv)
            _quiet_untrusted(self.log)

        def init_handlers(self):
            landing = self.server_url.rstrip("/") + "/voila/render/index.ipynb"
            # Voila's handlers answer errors with the project's page (its own linked a CDN and spoke English only)
            return ([(r"/?", RedirectHandler, {"url": landing})] + web_handlers(os.environ.get("ATLAS_QUAL_PROJECT"))
                    + with_error_pages(super().init_handlers()))

        def start(self):
            # Voila.start, with an application that refuses unknown Host names (websockets included) and gzips
            # every text response (Voila's pages, scripts and styles, and the participant page)
            self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
            settings = self.init_settings()
            settings["compress_response"] = True
            # a path nothing serves: the project's 404 page, not Tornado's English one
            settings.update(default_handler_class=NotFoundPage, default_handler_args={"status_code": 404})
            self.app = GuardedApplication(allowed_from_env(self.ip), **settings)
            self.app.settings.update(self.tornado_settings)
            self.app.add_handlers(".*$", self.init_handlers())
            self.listen()

    AtlasVoila.launch_instance(argv=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()


class VoilaProcess:
    """A Voila server in a child process over a project, on a free local port: for tests and benchmarks, which must
    serve exactly what `atlas-qual serve` serves.

    Examples:
        >>> # server = VoilaProcess(Path("data/atlas.db")); server.url("index.ipynb"); server.stop()
    """

    def __init__(self, project, *, pool_size: int = 2, notebooks: Path | None = None, culling: int = 600,
                 log_dir: Path | None = None, env: dict | None = None, timeout: float = 90) -> None:
        import socket
        import subprocess
        import time
        import urllib.request

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.project = project
        full_env = {**os.environ, "ATLAS_QUAL_PROJECT": str(project), "ATLAS_QUAL_BASE_URL": self.base, **(env or {})}
        if notebooks:
            full_env["ATLAS_QUAL_NOTEBOOKS"] = str(notebooks)
        argv = voila_argv(port=self.port, ip="127.0.0.1", pool_size=pool_size, culling=culling, root=notebooks)
        if log_dir is None:  # beside a project file; a PostgreSQL project has no folder: the system's temp folder
            import tempfile

            log_dir = tempfile.gettempdir() if "://" in str(project) else Path(str(project)).parent
        log_dir = Path(log_dir)
        self.log_path = log_dir / f"voila-{self.port}.log"
        # owner-only: a page's error may quote what it was showing
        fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an older log of the same port
        self._log = os.fdopen(fd, "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "atlas_qual.server", *argv], env=full_env,
                                     stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited: {self.log_path.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(self.base + "/voila/tree", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("voila did not start in time")

    def url(self, notebook: str, **params) -> str:
        from urllib.parse import urlencode

        query = ("?" + urlencode(params)) if params else ""
        return f"{self.base}/voila/render/{notebook}{query}"

    def participant_url(self, code: str = "") -> str:
        """The participant page of a session (``/p/CODE``; ``/p/`` asks for the code)."""
        return f"{self.base}/p/{code}"

    def stop(self) -> None:
        import signal

        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except Exception:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._log.close()
