"""What every plain page shares: the Jinja2 environment (autoescape), content-hashed static assets, the project,
store calls off the event loop, the double-submit CSRF check, the reader's language and the security headers."""

from __future__ import annotations

import hashlib
import hmac
import mimetypes
import secrets
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import tornado.web

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import ALL_LANGS, LANG_NAMES, has, t

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
STATIC_PREFIX = "/p/static/"
LANG_COOKIE = "aq_lang"
CSRF_COOKIE = "aq_csrf"
CSRF_FIELD = "_csrf"
# Store calls block (SQLite waits for the writer's turn, retries sleep): they run on these threads so the event loop
# keeps serving pages, events and Voila's websockets meanwhile. Writes take turns in the store anyway.
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="aq-web")
SECURITY_HEADERS = {
    # no inline script or style anywhere: an injected tag could not run even if escaping ever failed
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@lru_cache(maxsize=1)
def assets() -> dict[str, tuple[str, bytes]]:
    """``{name: (hashed url, bytes)}`` of the static files: the URL changes with the content, so browsers may keep a
    file for a year and still never run a stale script after an upgrade."""
    out = {}
    for path in sorted(STATIC.iterdir()):
        if path.is_file():
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:12]
            out[path.name] = (f"{STATIC_PREFIX}{path.stem}.{digest}{path.suffix}", data)
    return out


def asset_url(name: str) -> str:
    return assets()[name][0]


@lru_cache(maxsize=1)
def jinja_env():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.globals.update(asset=asset_url, LANG_NAMES=LANG_NAMES, ALL_LANGS=ALL_LANGS)
    return env


@lru_cache(maxsize=4)
def open_served_project(url: str | None):
    """The project this server serves, opened once per process (its connection pool is shared by every request)."""
    from atlas_qual.store import open_project

    return open_project(url)


def error_text(exc: Exception, lang: str) -> str:
    """A store error in the participant's words: its ``part_err_*`` message where there is one (those exist in
    Guaraní too), else the store's own message."""
    if isinstance(exc, AtlasQualError):
        specific = "part_err_" + exc.key.removeprefix("wsapp_")
        if has(specific):
            return t(specific, lang=lang, **exc.params)
        return exc.message(lang)
    return t("part_err_unexpected", lang=lang)


class StaticAssetHandler(tornado.web.RequestHandler):
    """``/p/static/NAME.HASH.EXT``: one of the page's files, cacheable for a year (the hash names its content)."""

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    def get(self, stem: str, digest: str, suffix: str) -> None:
        name = f"{stem}{suffix}"
        found = assets().get(name)
        if found is None or found[0] != f"{STATIC_PREFIX}{stem}.{digest}{suffix}":
            raise tornado.web.HTTPError(404)
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self.set_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") or kind.endswith(
            "javascript") else ""))
        self.set_header("Cache-Control", "public, max-age=31536000, immutable")
        self.write(found[1])


class PageHandler(tornado.web.RequestHandler):
    """Base of the plain pages: thin views that read the request, call store functions and render a template."""

    def initialize(self, project_url: str | None = None) -> None:
        self.project_url = project_url

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        self.set_header("Cache-Control", "no-store")

    def decode_argument(self, value: bytes, name: str | None = None) -> str:
        # Tornado's own refusal logs the first 40 bytes of the value: a nickname (a person's name) in the server log
        try:
            return value if isinstance(value, str) else value.decode("utf-8")
        except UnicodeDecodeError:
            raise tornado.web.HTTPError(400, "invalid UTF-8 in %s", name or "url") from None

    # Tornado's own XSRF check (when an application turns it on) reads a site-wide cookie; these pages carry their
    # own token scoped to the session's path instead (check_csrf).
    def check_xsrf_cookie(self) -> None:
        return None

    @property
    def project(self):
        return open_served_project(self.project_url)

    async def store(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a store function on a worker thread."""
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(_POOL, lambda: fn(self.project, *args, **kwargs))

    # ---- language ----------------------------------------------------------------------------------------------

    def chosen_lang(self) -> str | None:
        """``?lang=`` (remembered in a cookie) or the cookie; None when the reader has not chosen."""
        return reader_lang(self, remember=True)

    # ---- CSRF: a random token in a cookie of the session's path, repeated in every form ---------------------------

    def csrf_token(self, path: str) -> str:
        token = self.get_cookie(CSRF_COOKIE) or ""
        if len(token) < 20:
            token = secrets.token_urlsafe(24)
            self.set_cookie(CSRF_COOKIE, token, path=path, httponly=True, samesite="Strict", expires_days=14,
                            secure=self.over_https())
        return token

    def csrf_ok(self) -> bool:
        if self.from_another_origin():
            return False
        cookie = self.get_cookie(CSRF_COOKIE) or ""
        sent = self.get_body_argument(CSRF_FIELD, "") or self.request.headers.get("X-CSRF-Token", "")
        return len(cookie) >= 20 and hmac.compare_digest(cookie.encode(), sent.encode())

    def from_another_origin(self) -> bool:
        """Whether the browser says this post comes from a page of another origin. The double-submit token alone
        does not stop a page of the same site (another port of the same address, or of the same domain): it may set
        the token cookie itself, and SameSite=Strict sends the participant's cookie along. ``Sec-Fetch-Site``
        (which no page can forge) says so in every current browser; for older ones an ``Origin`` naming another
        host or port than the one asked (``null`` tells nothing: this page's own posts send it too, under
        Referrer-Policy no-referrer)."""
        site = self.request.headers.get("Sec-Fetch-Site", "").strip().lower()
        if site:
            return site not in ("same-origin", "none")
        origin = self.request.headers.get("Origin", "").strip().lower()
        if not origin or origin == "null":
            return False
        return urlsplit(origin).netloc != (self.request.headers.get("Host") or "").strip().lower()

    def over_https(self) -> bool:
        """Whether the browser reached this page over https (directly, or through a reverse proxy that says so):
        then the cookies are marked Secure and never go out over plain http. A forwarded header sent by anyone
        else can only make that sender's own cookies stricter."""
        if self.request.protocol == "https":
            return True
        headers = self.request.headers
        proto = (headers.get("X-Forwarded-Proto") or headers.get("X-Scheme") or "").split(",")[0].strip().lower()
        forwarded = headers.get("Forwarded", "").split(",")[0].lower().replace(" ", "")
        return proto == "https" or "proto=https" in forwarded.split(";")

    # ---- rendering ----------------------------------------------------------------------------------------------

    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("Accept", "")

    def render_page(self, template: str, **context: Any) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(jinja_env().get_template(template).render(**context))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        lang = self.chosen_lang() or "es"
        key = {404: "part_err_not_found", 403: "part_err_csrf", 400: "part_err_bad_request",
               429: "part_err_too_many_codes"}.get(
            status_code, "part_err_unexpected")
        message = t(key, lang=lang)
        if self.wants_json():
            self.finish({"ok": False, "error": message})
            return
        self.render_page("error.html", lang=lang, message=message, t=_translator(lang), status=status_code)


def reader_lang(handler: tornado.web.RequestHandler, *, remember: bool = False) -> str | None:
    """The language the reader chose: ``?lang=``, else the one the language cookie remembers; None when they have
    not chosen (a query string that does not decode chooses nothing). ``remember``: a ``?lang=`` choice is kept in
    the cookie for the plain pages (an error page only reads it)."""
    try:
        asked = (handler.get_query_argument("lang", "") or "").lower()[:2]
    except Exception:  # noqa: BLE001 - invalid UTF-8 or the like: no choice in the address
        asked = ""
    if asked in ALL_LANGS:
        if remember:
            handler.set_cookie(LANG_COOKIE, asked, path="/p/", expires_days=365, samesite="Lax")
        return asked
    remembered = (handler.get_cookie(LANG_COOKIE) or "")[:2]
    return remembered if remembered in ALL_LANGS else None


def _translator(lang: str) -> Callable[..., str]:
    def tr(key: str, **params: Any) -> str:
        return t(key, lang=lang, **params)

    return tr


translator = _translator

__all__ = ["PageHandler", "StaticAssetHandler", "assets", "asset_url", "jinja_env", "error_text", "translator",
           "open_served_project", "STATIC_PREFIX"]
