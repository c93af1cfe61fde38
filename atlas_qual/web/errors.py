"""The server's own error pages (a page that does not exist, a path not served, a kernel that is gone, a failure):
one short page in the reader's language with a way back to the home page, and nothing loaded from another host.

Voila's and Jupyter's error pages linked Font Awesome from cdn.jsdelivr.net (offline rooms, and a third party
learning that a page was opened), spoke English only, and some of them failed to render at all (an empty 404 and a
traceback in the log). ``atlas_qual.server`` gives every handler of Voila's a ``write_error`` from here
(:func:`with_error_page`) and sends paths no handler serves to :class:`NotFoundPage`. JSON API handlers keep their
JSON errors. What went wrong stays in the server log, never on the page (it may quote what a page was showing).
"""

from __future__ import annotations

from typing import Any

import tornado.web

from atlas_qual.i18n import LANG_NAMES, LANGS, N_, get_lang, t
from atlas_qual.web.base import SECURITY_HEADERS, jinja_env, reader_lang, translator

# status -> (heading, message) keys; every other status gets the generic pair with its number
_TEXTS = {404: (N_("srv_err_404_title"), N_("srv_err_404")), 403: (N_("srv_err_403_title"), N_("srv_err_403"))}
_GENERIC = (N_("srv_err_title"), N_("srv_err_other"))


def request_lang(handler: tornado.web.RequestHandler) -> str:
    """``?lang=``, else the language the participant page remembers, else the server's (``ATLAS_QUAL_LANG``, es)."""
    return reader_lang(handler) or get_lang()


def lang_links(current: str) -> list[dict]:
    """The language switch of the error page, as the other pages have it: each link is the same address in another
    language written as ``?lang=xx`` alone, so the page never repeats the address it was asked for (it may hold a
    session code or a name someone typed). Spanish and English: the languages the error texts are written in."""
    return [{"lang": code, "name": LANG_NAMES[code], "current": code == current, "href": f"?lang={code}"}
            for code in LANGS]


def error_page(status_code: int, lang: str) -> str:
    """The HTML of the error page for ``status_code`` in ``lang``."""
    heading, message = _TEXTS.get(status_code, _GENERIC)
    return jinja_env().get_template("server_error.html").render(
        lang=lang, t=translator(lang), status=status_code, heading=t(heading, lang=lang),
        message=t(message, lang=lang, status=status_code), lang_links=lang_links(lang))


class ErrorPageMixin:
    """``write_error`` for a Tornado handler: the project's error page instead of the framework's."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        try:
            html = error_page(status_code, request_lang(self))  # type: ignore[arg-type]
        except Exception:  # never a blank answer: the framework's own page, and the reason in the log
            import logging

            logging.getLogger("atlas_qual.web").exception("error page %s", status_code)
            super().write_error(status_code, **kwargs)  # type: ignore[misc]
            return
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)  # type: ignore[attr-defined]
        self.set_header("Cache-Control", "no-store")  # type: ignore[attr-defined]
        self.set_header("Content-Type", "text/html; charset=utf-8")  # type: ignore[attr-defined]
        self.finish(html)  # type: ignore[attr-defined]


class NotFoundPage(ErrorPageMixin, tornado.web.ErrorHandler):
    """What a path no handler serves answers (Tornado's ``default_handler_class``): 404, the project's page."""


_WRAPPED: dict[type, type] = {}


def with_error_page(handler_class: Any) -> Any:
    """``handler_class`` with the project's error page; JSON API handlers (they answer scripts) and anything that is
    not a Tornado handler class come back unchanged."""
    from jupyter_server.base.handlers import APIHandler

    if (not isinstance(handler_class, type) or not issubclass(handler_class, tornado.web.RequestHandler)
            or issubclass(handler_class, (APIHandler, ErrorPageMixin))):
        return handler_class
    if handler_class not in _WRAPPED:
        _WRAPPED[handler_class] = type(handler_class.__name__, (ErrorPageMixin, handler_class),
                                       {"__module__": handler_class.__module__, "__doc__": handler_class.__doc__})
    return _WRAPPED[handler_class]


def with_error_pages(routes: list) -> list:
    """Tornado routes (``(pattern, handler[, kwargs[, name]])`` tuples) with :func:`with_error_page` handlers."""
    out = []
    for route in routes:
        if isinstance(route, tuple) and len(route) >= 2:
            route = (route[0], with_error_page(route[1]), *route[2:])
        out.append(route)
    return out


__all__ = ["ErrorPageMixin", "NotFoundPage", "error_page", "lang_links", "request_lang", "with_error_page", "with_error_pages"]
