"""`serve`: the Voila apps and the kernel-free participant page (/p/CODE) over the project."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from atlas_qual.i18n import t


def cmd_serve(ctx) -> int:
    from atlas_qual.server import notebooks_dir, serve_log_path, voila_argv
    from atlas_qual.store import resolve_url
    from atlas_qual.web.guard import ENV_ALLOWED

    args = ctx.args
    project = ctx.project()  # fail now, in one line, if the project is missing or not a project
    url = resolve_url(args.project)
    # the address participants type: a user-set ATLAS_QUAL_BASE_URL, else this machine's LAN address when serving
    # on all interfaces (0.0.0.0 is not an address a phone can open), else the bound address
    base = os.environ.get("ATLAS_QUAL_BASE_URL") or f"http://{_public_host(args.ip)}:{args.port}"
    env = dict(os.environ, ATLAS_QUAL_PROJECT=url, ATLAS_QUAL_BASE_URL=base)
    # the host names the server answers besides the local ones, --ip and the base URL's (atlas_qual.web.guard)
    hosts = [h.strip() for value in (getattr(args, "allow_host", None) or []) for h in value.split(",") if h.strip()]
    env[ENV_ALLOWED] = ",".join(hosts)
    if getattr(args, "admin_password_file", None):  # the facilitator page's session list and "create" ask for it
        from atlas_qual.keys import admin_password_file

        env["ATLAS_QUAL_ADMIN_PASSWORD_FILE"] = admin_password_file(args.admin_password_file)
    root = None
    if args.workshop_only:  # participants on the LAN reach only the workshop pages, never coding or reports
        import tempfile
        from pathlib import Path

        from atlas_qual.server import workshop_only_dir

        root = workshop_only_dir(Path(tempfile.mkdtemp(prefix="aq-workshop-")))
        env["ATLAS_QUAL_NOTEBOOKS"] = str(root)
    try:
        argv = voila_argv(port=args.port, ip=args.ip, pool_size=args.pool_size, culling=args.culling, root=root)
        _check_port_free(args.ip, args.port)
        print(t("serve_urls", project=project.name, base=base, root=root or notebooks_dir()), file=sys.stderr,
              flush=True)
        from atlas_qual.store.project_redaction import project_redactor

        log_redactor = _LogRedactor(url, project_redactor(project))  # the names as the server starts
        project.dispose()
        try:
            return _run_server([sys.executable, "-m", "atlas_qual.server", *argv], env, serve_log_path(url),
                               redact=log_redactor)
        finally:
            log_redactor.close()
    finally:  # the folder of workshop pages goes with the server
        if root is not None:
            import shutil

            shutil.rmtree(root, ignore_errors=True)


def _run_server(cmd: list[str], env: dict, log_path, redact=None) -> int:
    """Run the server until Ctrl+C, `kill PID` or a closed terminal, then stop it and its kernels; 0 when stopped so.

    The terminal in front of the room shows only the addresses (printed before) and one line at the end. Everything
    the server and its kernels print goes to ``log_path`` (owner-only); an error there is announced on stderr in one
    line naming the log, never with its text (a page's error may quote an interview). The server runs in its own
    session: the terminal's Ctrl+C reaches this command only, which shuts the server down in order (Voila stops its
    kernels), instead of interrupting every kernel mid-message (tracebacks on the screen)."""
    import signal

    from atlas_qual.server import open_serve_log

    log = open_serve_log(log_path)
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    output = _ServerOutput(proc.stdout, log, log_path, redact)
    output.start()

    def stop(_signum, _frame):  # `kill PID` or a closed terminal: the server goes too, the port is freed
        raise KeyboardInterrupt

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGHUP)}
    previous[signal.SIGINT] = signal.getsignal(signal.SIGINT)
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        output.stopping = True  # what the shutdown prints is logged, not announced
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # a second Ctrl+C waits for the first
            signal.signal(signum, signal.SIG_IGN)
        _stop_server(proc)
        output.join(timeout=10)
        log.close()
        _say(t("serve_stopped"))
        return 0
    finally:  # the caller's handlers back (a notebook or a test calling this keeps its own)
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
    output.join(timeout=10)
    log.close()
    if code == 0:  # stopped from outside (its own SIGTERM)
        _say(t("serve_stopped"))
        return 0
    _say(t("serve_server_exited", code=code, log=log_path))
    return 1


def _stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM to the server (Voila shuts its kernels down); after 20 s, its whole process group is killed."""
    import signal

    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL) if hasattr(os, "killpg") else proc.kill()
        except ProcessLookupError:
            pass
        proc.wait()


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except OSError:  # the terminal was closed (SIGHUP): nobody to tell
        pass


class _ServerOutput:
    """Copies the server's output into its log, announcing an error on stderr once (then at most every 30 s)."""

    ERROR = re.compile(r"\b(?:ERROR|CRITICAL)\b|^Traceback \(most recent call last\)|^\[[EC] \d"
                       r"|^\s*5\d\d (?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) ")

    def __init__(self, stream, log, log_path, redact=None) -> None:
        import threading

        self.stream, self.log, self.log_path = stream, log, log_path
        self.redact = redact
        self.stopping = False
        self._last: float | None = None
        self._thread = threading.Thread(target=self._run, name="aq-serve-log", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        import time

        for raw in iter(self.stream.readline, b""):
            try:
                self.log.write(self.redact(raw) if self.redact else raw)
                self.log.flush()
            except (OSError, ValueError):  # a full disk or a closed log: the server keeps running
                pass
            if self.stopping or not self.ERROR.search(raw.decode("utf-8", "replace")):
                continue
            now = time.monotonic()
            if self._last is None or now - self._last >= 30:
                self._last = now
                _say(t("serve_error_logged", log=self.log_path))


class _LogRedactor:
    """Each line of the server log redacted as every other output is (a page's traceback can quote a transcript or a
    name typed into a form): the project's names list, and phones, cédulas, e-mails and addresses; terminal colours
    taken out. A line the redactor cannot read is written as a placeholder, never raw.

    The names list is read again once a minute by a thread of its own (names added while serving join it): the
    thread that copies the server's output never waits on the database, since a server whose output pipe is not
    read stops."""

    REFRESH_SECONDS = 60.0

    def __init__(self, url: str, redactor=None) -> None:
        import threading

        self.url = url
        self._redactor = redactor
        self._context: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        if self._redactor is None:
            self._refresh()
        threading.Thread(target=self._keep_fresh, name="aq-serve-log-names", daemon=True).start()

    def _refresh(self) -> None:
        try:
            from atlas_qual.store import open_project
            from atlas_qual.store.project_redaction import project_redactor

            project = open_project(self.url)
            try:
                self._redactor = project_redactor(project)
            finally:
                project.dispose()
        except Exception:  # noqa: BLE001 - the project unreadable for a moment: keep the last list
            if self._redactor is None:
                from atlas_qual.redaction import Redactor

                self._redactor = Redactor({})

    def _keep_fresh(self) -> None:
        while not self._stop.wait(self.REFRESH_SECONDS):
            self._refresh()

    def close(self) -> None:
        self._stop.set()

    # a kernel's coloured traceback, raw or quoted in a logged message ("\\x1b[33m'Graciela"): colours glue to words
    ANSI = re.compile(r"(?:\x1b|\\x1b|\\u001b|\\033)\[[0-9;]*[A-Za-z]")

    # the lines before a line, up to a blank one, are read with it: a traceback quoting a table ("Nombre | Edad" then
    # "Higinio Duarte | 45") names people in rows whose header is lines above
    CONTEXT_LINES, CONTEXT_CHARS = 40, 8000
    QUOTE_START = re.compile(r": ['\"]?(?=[^\n|]{1,40}\|)")

    def __call__(self, raw: bytes) -> bytes:
        import unicodedata

        from atlas_qual.redaction import redacted_slice

        text = unicodedata.normalize("NFC", self.ANSI.sub("", raw.decode("utf-8", "replace")))
        with self._lock:
            if not text.strip():
                self._context = []
                return raw
            before = "".join(self._context)
            self._context = (self._context + [text])[-self.CONTEXT_LINES:]
            while len(self._context) > 1 and sum(map(len, self._context)) > self.CONTEXT_CHARS:
                self._context.pop(0)
        try:
            whole = before + text
            # a repr'd string keeps its line breaks and tabs as "\\n" and "\\t": read as what they stand for (same
            # length, so the findings' offsets hold for the line as written)
            read = whole.replace("\\n", " \n").replace("\\t", " \t")
            # and a table quoted after a log prefix ("...cell: Nombre | Edad", "RuntimeError: 'Nombre | Edad") read
            # also from where the quote starts, so its header is a header; what either reading finds is hidden
            found = self._redactor.findings(read) + self._redactor.findings(self.QUOTE_START.sub(
                lambda m: "\n" + " " * (len(m.group()) - 1), read))
            found.sort(key=lambda f: (f.start, f.start - f.end))
            kept, end = [], 0
            for f in found:
                if f.start >= end:
                    kept.append(f)
                    end = f.end
            return redacted_slice(whole, len(before), len(whole), kept).encode("utf-8")
        except Exception:  # noqa: BLE001 - never the raw line
            return b"[line withheld: could not be redacted]\n"


def _check_port_free(ip: str, port: int) -> None:
    """One line and exit 1 when the port is taken (another ``serve`` still running, another program), instead of a
    server that fails to start in its log while this command seems to run."""
    import errno
    import socket

    from atlas_qual.errors import AtlasQualError

    family = socket.AF_INET6 if ":" in (ip or "") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # what the server itself sets
        try:
            sock.bind((ip or "0.0.0.0", port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise AtlasQualError("serve_port_in_use", port=port) from None
            raise AtlasQualError("serve_port_unusable", ip=ip, port=port, reason=exc.strerror or str(exc)) from None


def _public_host(ip: str) -> str:
    if ip not in ("0.0.0.0", "::", ""):
        return ip
    import socket

    try:  # this machine's name resolved locally: what phones on the same network can open
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return socket.gethostname()
