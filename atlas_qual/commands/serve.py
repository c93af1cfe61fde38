"""`serve`: the Voila apps and the kernel-free participant page (/p/CODE) over the project."""

from __future__ import annotations

import os
import subprocess
import sys

from atlas_qual.i18n import t


def cmd_serve(ctx) -> int:
    from atlas_qual.server import notebooks_dir, voila_argv
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
        project.dispose()
        proc = subprocess.Popen([sys.executable, "-m", "atlas_qual.server", *argv], env=env)
        import signal

        def stop(_signum, _frame):  # `kill PID` or a closed terminal: the server goes too, the port is freed
            raise KeyboardInterrupt

        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, stop)
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
            return 0
    finally:  # the folder of workshop pages goes with the server
        if root is not None:
            import shutil

            shutil.rmtree(root, ignore_errors=True)


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
