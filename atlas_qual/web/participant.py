"""The participant page at ``/p/CODE``: join with a nickname, answer one item at a time, see revealed results.

Every action is a plain form post (the page works with scripts disabled); ``participant.js`` only makes the same
posts without reloading, retries a vote that failed to send, and follows round changes pushed over
``/p/CODE/events``. The participant's token lives in an HttpOnly, SameSite=Strict cookie scoped to ``/p/CODE``,
so a reload or an app switch shows the same ballot with the answers given. Each state-changing post carries the
CSRF token of that path. Handlers call the store's ``join_session`` / ``cast_vote`` / ``participant_view``: the
rules live there only.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from functools import lru_cache
from urllib.parse import urlencode

import tornado.web
from tornado.iostream import StreamClosedError

from atlas_qual import workshop as core
from atlas_qual.errors import AtlasQualError, VoteRejected
from atlas_qual.i18n import ALL_LANGS, t
from atlas_qual.web import ballot
from atlas_qual.web.base import CSRF_FIELD, PageHandler, StaticAssetHandler, error_text, translator
from atlas_qual.web.limits import WINDOW_SECONDS, join_code_limit

TOKEN_COOKIE = "aq_p"
COOKIE_DAYS = 14
EVENT_PING_SECONDS = 15.0
LONG_POLL_SECONDS = 25.0
CODE_PATTERN = r"([A-Za-z0-9\-]{1,24})"
# refusals meaning "your round is over" (closed, another round open, the workshop finished), not a wrong answer
_TOO_LATE = frozenset({"wsapp_round_closed", "wsapp_no_open_round", "wsapp_wrong_round", "wsapp_session_finished"})
# a phone that lost signal without closing its stream: the pings pile up unacknowledged in the socket buffer and,
# without these, nothing fails for ~15 minutes (the projector would count it as connected all that time)
UNACKED_MS = 30_000
_log = logging.getLogger(__name__)


def _canonical(code: str) -> str | None:
    try:
        return core.normalize_join_code(code)
    except AtlasQualError:
        return None


def session_path(code: str) -> str:
    return f"/p/{code}"


@lru_cache(maxsize=4)
def _watcher(project_url: str | None):
    from atlas_qual.store.workshop import participant_phase, session_version
    from atlas_qual.web.base import _POOL, open_served_project
    from atlas_qual.web.watch import PhaseWatcher

    def off_loop(fn):
        async def run(code):
            return await asyncio.get_running_loop().run_in_executor(
                _POOL, lambda: fn(open_served_project(project_url), code))
        return run

    return PhaseWatcher(off_loop(session_version), off_loop(participant_phase))


class _SessionPage(PageHandler):
    """A page under ``/p/CODE``: the code made canonical, the participant's cookie, the page language."""

    code: str

    def token(self) -> str | None:
        return self.get_cookie(TOKEN_COOKIE) or None

    def set_token(self, token: str) -> None:
        self.set_cookie(TOKEN_COOKIE, token, path=session_path(self.code), httponly=True, samesite="Strict",
                        expires_days=COOKIE_DAYS, secure=self.over_https())

    def forget_token(self) -> None:
        self.clear_cookie(TOKEN_COOKIE, path=session_path(self.code))

    def resolve(self, raw: str) -> bool:
        if guessing(self):
            return False
        code = _canonical(raw)
        if code is None:
            self.render_code_page(raw, status=404)
            return False
        self.code = code
        return True

    def render_code_page(self, raw: str = "", *, status: int = 200, lang: str | None = None) -> None:
        lang = lang or self.chosen_lang() or "es"
        self.set_status(status)
        error = t("part_err_unknown_session", lang=lang, code=raw) if raw else ""
        self.render_page("code.html", lang=lang, t=translator(lang), error=error, typed=raw,
                         lang_links=_lang_links("/p/", {}, lang))

    async def render_ballot(self, lang: str | None, *, index: int = 0, error: str = "", nickname: str = "",
                            institution: str = "", saved: str = "", status: int = 200) -> None:
        """The join form (no valid cookie) or the ballot, in ``lang`` (None: the session's language)."""
        from atlas_qual.store.workshop import participant_view, session_intro

        token = self.token()
        view = None
        try:
            if token:
                try:
                    view = await self.store(participant_view, self.code, token, lang or "es")
                except VoteRejected:  # a cookie naming nobody here (an old session's, a wiped project)
                    self.forget_token()
            if view is None:
                intro = await self.store(session_intro, self.code)
        except AtlasQualError:
            join_code_limit().miss(self.request.remote_ip or "")
            self.render_code_page(self.code, status=404, lang=lang)
            return
        if lang is None:
            lang = (view.lang if view is not None else intro.lang)
            lang = lang if lang in ALL_LANGS else "es"
            if view is not None and lang == "en" and view.revealed:  # results' item titles in that language
                view = await self.store(participant_view, self.code, token, lang)
        path = session_path(self.code)
        context = dict(lang=lang, t=translator(lang), code=self.code, path=path, csrf=self.csrf_token(path),
                       csrf_field=CSRF_FIELD, error=error, lang_links=_lang_links(path, {"i": index + 1} if index
                                                                                  else {}, lang))
        self.set_status(status)
        redact = (await reference(self, "redactor")).redact  # names to hide, as in every output
        if view is None:
            insts = await reference(self, "institutions", "en" if lang == "en" else "es")
            self.render_page("join.html", **context, title=redact(intro.title), finished=intro.status == "finished",
                             nickname=nickname, institution=institution, institutions=insts, phase="")
            return
        usdol = None
        if view.round is not None and view.round.kind == "gate" and view.kind == "gaps" \
                and "C2" in view.config.gate_keys:
            usdol = await reference(self, "usdol_actions")
        screen = ballot.screen(view, index, lang, usdol=usdol, redact=redact)
        confirmation = ""
        if saved and screen.item is not None:
            answered = next((q for q in screen.questions if q.key == saved and q.answered), None)
            if answered is not None:
                value = next(o.text for o in answered.options if o.pressed)
                confirmation = t("part_saved", lang=lang, question=answered.short, value=value)
        self.render_page("ballot.html", **context, title=redact(view.title), phase=view.phase, view=view, s=screen,
                         nickname=view.nickname, confirmation=confirmation)


# Reference data (institutions, USDOL actions, the names to hide) changes only when someone edits those lists: a copy
# per process for a minute saves three queries on every page of a 200-phone burst. It is data, not session state.
_REFERENCE: dict[tuple, tuple[float, object]] = {}
REFERENCE_SECONDS = 60.0


async def reference(handler: PageHandler, what: str, *args):
    import time

    from atlas_qual.store.gaps import usdol_actions
    from atlas_qual.store.project_redaction import project_redactor
    from atlas_qual.store.workshop import institutions

    key = (handler.project_url, what, *args)
    hit = _REFERENCE.get(key)
    if hit is not None and time.monotonic() - hit[0] < REFERENCE_SECONDS:
        return hit[1]
    readers = {"institutions": institutions, "usdol_actions": usdol_actions, "redactor": project_redactor}
    value = await handler.store(readers[what], *args)
    _REFERENCE[key] = (time.monotonic(), value)
    return value


class BallotPage(_SessionPage):
    """GET ``/p/CODE``: the join form, or (with the participant's cookie) the ballot of the open round."""

    async def get(self, raw: str) -> None:
        if not self.resolve(raw):
            return
        if raw != self.code:  # one spelling, so the cookie's path matches
            query = ("?" + self.request.query) if self.request.query else ""
            self.redirect(session_path(self.code) + query)
            return
        try:
            index = int(self.get_query_argument("i", "1")) - 1
        except ValueError:
            index = 0
        await self.render_ballot(self.chosen_lang(), index=index, saved=self.get_query_argument("ok", ""))


class JoinAction(_SessionPage):
    """POST ``/p/CODE/join``: nickname (and institution) -> the participant's cookie. The same nickname again from
    the same browser is the same person (the store recognises the token), never a second participant."""

    async def post(self, raw: str) -> None:
        from atlas_qual.store.workshop import join_session

        if not self.resolve(raw):
            return
        lang = self.chosen_lang() or (self.get_body_argument("lang", "") if self.get_body_argument("lang", "")
                                      in ALL_LANGS else None)
        if not self.csrf_ok():
            raise tornado.web.HTTPError(403)
        nickname = self.get_body_argument("nickname", "")
        institution = self.get_body_argument("institution", "")
        try:
            joined = await self.store(join_session, self.code, nickname, institution or None, token=self.token())
        except AtlasQualError as exc:
            _count_unknown(self, exc)
            message = error_text(exc, lang or "es")
            if self.wants_json():
                self.set_status(409)
                self.finish({"ok": False, "error": message})
                return
            await self.render_ballot(lang, error=message, nickname=nickname, institution=institution, status=409)
            return
        self.set_token(joined.token)
        if self.wants_json():
            self.finish({"ok": True, "nickname": joined.nickname})
            return
        self.redirect(session_path(self.code), status=303)


class VoteAction(_SessionPage):
    """POST ``/p/CODE/vote``: one answer (``vote=KEY:VALUE`` from the pressed button). Sent twice, it is stored once
    (the store replaces a participant's vote on the same item and question)."""

    async def post(self, raw: str) -> None:
        from atlas_qual.store.workshop import cast_vote

        if not self.resolve(raw):
            return
        lang = self.chosen_lang() or self.get_body_argument("lang", "es")
        lang = lang if lang in ALL_LANGS else "es"
        if not self.csrf_ok():
            raise tornado.web.HTTPError(403)
        token = self.token()
        if not token:
            if self.wants_json():
                self.set_status(401)
                self.finish({"ok": False, "error": t("part_err_unknown_participant", lang=lang), "reload": True})
                return
            self.redirect(session_path(self.code), status=303)
            return
        item = self.get_body_argument("item", "")
        key, _sep, value = self.get_body_argument("vote", "").partition(":")
        try:
            index = int(self.get_body_argument("i", "0"))
        except ValueError:
            index = 0
        detail = None
        if key == "C2" and self.get_body_argument("actions", ""):
            detail = self.get_body_arguments("a")
        elif key == "endorse" and self.get_body_argument("responsible", ""):
            text = self.get_body_argument("resp", "").strip()
            detail = [text] if text else []
        try:
            receipt = await self.store(cast_vote, self.code, token, item, key, value, detail=detail)
        except AtlasQualError as exc:
            _count_unknown(self, exc)
            message = error_text(exc, lang)
            if self.wants_json():
                self.set_status(409)
                # "closed": the answer came too late to count (its round is over), which the page must say plainly
                self.finish({"ok": False, "error": message, "reload": True, "closed": exc.key in _TOO_LATE})
                return
            await self.render_ballot(lang, index=index, error=message, status=409)
            return
        if self.wants_json():
            shown = (t("part_yes", lang=lang) if receipt.value else t("part_no", lang=lang)) \
                if isinstance(receipt.value, bool) else value
            self.finish({"ok": True, "item": receipt.item, "q": receipt.criterion, "v": value,
                         "detail": list(receipt.detail), "value": shown})
            return
        query = urlencode({"i": index + 1, "ok": receipt.criterion})
        self.redirect(f"{session_path(self.code)}?{query}#q-{receipt.criterion}", status=303)


class Events(_SessionPage):
    """GET ``/p/CODE/events?phase=P``: server-sent events naming the session's phase whenever it changes (a round
    opened, closed or revealed); with ``&poll=1`` a long poll answering once, as JSON."""

    _closed = False

    def prepare(self) -> None:
        # no gzip on the event stream: some proxies and phone browsers hold compressed chunks back until more arrive
        self._transforms = []

    def on_connection_close(self) -> None:
        self._closed = True

    async def get(self, raw: str) -> None:
        if guessing(self):
            return
        code = _canonical(raw)
        if code is None:
            raise tornado.web.HTTPError(404)
        watcher = _watcher(self.project_url)
        if await watcher.current(code) is None:  # no such session: nothing will ever change
            join_code_limit().miss(self.request.remote_ip or "")
            raise tornado.web.HTTPError(404)
        phase = self.get_query_argument("phase", "")
        if self.get_query_argument("poll", ""):
            now = await watcher.wait(code, phase, LONG_POLL_SECONDS)
            self.finish({"phase": now})
            return
        self.set_header("Content-Type", "text/event-stream; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Accel-Buffering", "no")  # nginx: pass each event on at once
        _drop_when_unacknowledged(self.request.connection)
        streams = _STREAMS.setdefault((self.project_url, code), {})
        streams[id(self)] = self.token() or ""  # the phones connected now, for the facilitator (_report_seen)
        _report_seen_soon()
        try:
            self.write("retry: 2000\n\n")
            await self.flush()
            while not self._closed:
                now = await watcher.wait(code, phase, EVENT_PING_SECONDS)
                if now is None:  # the session is gone
                    break
                if now != phase:
                    phase = now
                    self.write(f"event: phase\ndata: {now}\n\n")
                else:
                    self.write("event: ping\ndata: 1\n\n")  # the page's sign that the stream still lives
                await self.flush()
        except StreamClosedError:
            return
        finally:
            streams.pop(id(self), None)
        if not self._closed:
            self.finish()


def guessing(handler: PageHandler) -> bool:
    """Answer 429 (and True) when the client's address asked for too many unknown join codes lately
    (``atlas_qual.web.limits``)."""
    if not join_code_limit().blocked(handler.request.remote_ip or ""):
        return False
    handler.set_status(429)
    handler.set_header("Retry-After", str(int(WINDOW_SECONDS)))
    handler.write_error(429)
    return True


def _count_unknown(handler: PageHandler, exc: AtlasQualError) -> None:
    if exc.key == "wsapp_unknown_session":
        join_code_limit().miss(handler.request.remote_ip or "")


def _drop_when_unacknowledged(connection) -> None:
    """TCP keepalive and TCP_USER_TIMEOUT on an event stream's socket: a ping the phone does not acknowledge
    within ~30 s (it lost signal without closing) fails the connection, and the stream leaves _STREAMS."""
    sock = getattr(getattr(connection, "stream", None), "socket", None)
    if sock is None:
        return
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        for name, value in (("TCP_KEEPIDLE", 20), ("TCP_KEEPINTVL", 5), ("TCP_KEEPCNT", 2)):
            if hasattr(socket, name):
                sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, name), value)
        if hasattr(socket, "TCP_USER_TIMEOUT"):  # Linux only
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, UNACKED_MS)
    except OSError:  # a socket type without these options (a test transport, a Unix socket)
        pass


# The event streams open in this process, by (project, session): every SEEN_SECONDS their phones' last_seen is
# moved to now in one write per session, so the facilitator's page (another process) can say how many phones are
# connected right now (store.workshop.connected_phones) and wait for them before closing a round.
SEEN_SECONDS = 10.0
_STREAMS: dict[tuple, dict[int, str]] = {}
_SEEN_TASK: list = []


def _report_seen_soon() -> None:
    if not _SEEN_TASK or _SEEN_TASK[0].done():
        _SEEN_TASK[:] = [asyncio.ensure_future(_report_seen())]


async def _report_seen() -> None:
    from atlas_qual.store.workshop import mark_seen
    from atlas_qual.web.base import _POOL, open_served_project

    loop = asyncio.get_running_loop()
    while _STREAMS:
        for (url, code), streams in list(_STREAMS.items()):
            tokens = [t for t in streams.values() if t]
            if not streams:
                _STREAMS.pop((url, code), None)
                continue
            try:
                await loop.run_in_executor(_POOL, lambda u=url, c=code, ts=tokens: mark_seen(
                    open_served_project(u), c, ts))
            except Exception as exc:  # noqa: BLE001 - a database hiccup: the next report comes in SEEN_SECONDS
                # no tokens nor nicknames: the driver's own message (its first line), never the statement's
                # parameters that SQLAlchemy's text would add
                cause = getattr(exc, "orig", None) or exc
                _log.warning("phones connected now: could not record %d stream(s) of session %s: %s: %.200s",
                             len(streams), code, type(cause).__name__, str(cause).split("\n", 1)[0])
        await asyncio.sleep(SEEN_SECONDS)


class CodeEntry(PageHandler):
    """GET ``/p/``: type the join code (``?code=`` goes to the session's page)."""

    def get(self) -> None:
        if guessing(self):
            return
        raw = self.get_query_argument("code", "").strip()
        lang = self.chosen_lang() or "es"
        if raw:
            code = _canonical(raw)
            if code is not None:
                self.redirect(session_path(code), status=303)
                return
        self.set_status(404 if raw else 200)
        error = t("part_err_unknown_session", lang=lang, code=raw) if raw else ""
        self.render_page("code.html", lang=lang, t=translator(lang), error=error, typed=raw,
                         lang_links=_lang_links("/p/", {}, lang))


class LegacyParticipantRedirect(tornado.web.RequestHandler):
    """The retired Voila participant page: old QR codes and links (``participant.ipynb?session=CODE``) land on
    ``/p/CODE``."""

    def get(self) -> None:
        code = _canonical(self.get_query_argument("session", "") or "")
        lang = self.get_query_argument("lang", "")
        target = session_path(code) if code else "/p/"
        if lang in ALL_LANGS:
            target += "?" + urlencode({"lang": lang})
        self.redirect(target, permanent=False)


def _lang_links(path: str, params: dict, current: str) -> list[dict]:
    from atlas_qual.i18n import LANG_NAMES

    links = []
    for lang in ALL_LANGS:
        links.append({"lang": lang, "name": LANG_NAMES[lang], "current": lang == current,
                      "href": f"{path}?{urlencode({**params, 'lang': lang})}"})
    return links


def _warm(project_url: str | None) -> None:
    """What the first phone would otherwise wait for: the project opened, the catalogs read, the templates compiled."""
    from atlas_qual.store.workshop import session_intro  # noqa: F401  (imports the store's workshop package)
    from atlas_qual.web.base import jinja_env, open_served_project

    try:
        open_served_project(project_url)
    except AtlasQualError:
        pass
    for lang in ALL_LANGS:
        t("part_join", lang=lang)
    for name in ("join.html", "ballot.html", "code.html", "error.html"):
        jinja_env().get_template(name)


def routes(project_url: str | None = None, *, warm: bool = True) -> list[tuple]:
    if warm:
        from atlas_qual.web.base import _POOL

        _POOL.submit(_warm, project_url)
    kw = {"project_url": project_url}
    return [
        (r"/p/static/([A-Za-z0-9_\-]+)\.([0-9a-f]{12})(\.[a-z]+)", StaticAssetHandler),
        (r"/p/?", CodeEntry, kw),
        (rf"/p/{CODE_PATTERN}/?", BallotPage, kw),
        (rf"/p/{CODE_PATTERN}/join", JoinAction, kw),
        (rf"/p/{CODE_PATTERN}/vote", VoteAction, kw),
        (rf"/p/{CODE_PATTERN}/events", Events, kw),
        (r"/voila/render/participant\.ipynb", LegacyParticipantRedirect),
    ]


__all__ = ["routes", "BallotPage", "JoinAction", "VoteAction", "Events", "CodeEntry", "TOKEN_COOKIE",
           "session_path"]
