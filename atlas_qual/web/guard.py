"""The server answers only the host names it serves (DNS rebinding): 127.0.0.1, localhost, the ``--ip`` address, the
address participants are given and names passed with ``--allow-host``. Anything else gets 400 (a request without a
Host header, or whose absolute-form target names another host, too), websocket upgrades included, and a websocket
whose Origin names another host is refused too."""

from __future__ import annotations

import os
from typing import Iterable
from urllib.parse import urlsplit

import tornado.web

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
ENV_ALLOWED = "ATLAS_QUAL_ALLOWED_HOSTS"


def host_name(value: str) -> str:
    """The host of a Host header or URL netloc, without the port, lower case ("[::1]:8866" -> "::1")."""
    value = (value or "").strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value[1:]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def allowed_hosts(ip: str = "", extra: Iterable[str] = (), base_url: str | None = None) -> frozenset[str]:
    """The host names this server answers.

    Examples:
        >>> sorted(allowed_hosts("10.0.0.5", ["taller.local"]))
        ['10.0.0.5', '127.0.0.1', '::1', 'localhost', 'taller.local']
    """
    names = set(LOCAL_HOSTS)
    if ip and ip not in ("0.0.0.0", "::"):
        names.add(host_name(ip))
    for name in extra:
        for part in str(name).split(","):
            if part.strip():
                names.add(host_name(part))
    if base_url:
        names.add(host_name(urlsplit(base_url).netloc))
    names.discard("")
    return frozenset(names)


def allowed_from_env(ip: str = "") -> frozenset[str]:
    """What ``atlas-qual serve`` passed down: ``$ATLAS_QUAL_ALLOWED_HOSTS`` plus the participants' base URL."""
    return allowed_hosts(ip, os.environ.get(ENV_ALLOWED, "").split(","), os.environ.get("ATLAS_QUAL_BASE_URL"))


class RefusedHost(tornado.web.RequestHandler):
    def prepare(self) -> None:
        self.set_status(400)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("400: host not served here / este servidor no atiende ese nombre\n")


class GuardedApplication(tornado.web.Application):
    """A Tornado application that refuses requests for host names it does not serve, before any handler runs."""

    def __init__(self, allowed: Iterable[str], *args, **kwargs) -> None:
        self.allowed_hosts = frozenset(allowed)
        super().__init__(*args, **kwargs)

    def host_ok(self, request) -> bool:
        if "Host" not in request.headers:  # Tornado would answer an HTTP/1.0 request without one as 127.0.0.1
            return False
        if host_name(request.host or "") not in self.allowed_hosts:
            return False
        target = request.uri or ""
        if not target.startswith("/"):  # absolute form (GET http://name/path): the name it carries counts
            if host_name(urlsplit(target).netloc) not in self.allowed_hosts:
                return False
        if request.headers.get("Upgrade", "").lower() == "websocket":
            origin = request.headers.get("Origin")
            if origin and host_name(urlsplit(origin).netloc) not in self.allowed_hosts:
                return False
        return True

    def find_handler(self, request, **kwargs):
        if not self.host_ok(request):
            return self.get_handler_delegate(request, RefusedHost)
        return super().find_handler(request, **kwargs)


__all__ = ["GuardedApplication", "allowed_hosts", "allowed_from_env", "host_name", "LOCAL_HOSTS", "ENV_ALLOWED"]
