"""The one page frame of the Voila apps: header (project, links to the apps, language switch), status area, stylesheet.

Every app wraps its body in :func:`frame` so all pages share one header, one language switch in the same place, one
status area for errors and progress and one stylesheet (``frame.css``: labels on a grid, buttons and tabs that wrap
rather than clip, right-aligned numbers, visible focus, print). The notebook stays one cell::

    from atlas_qual.widgets.frame import frame
    app = CodingApp(project(), lang=lang)           # the page's own composite widget
    frame("coding", app, lang=lang, params=params)   # the widget to display (from_request returns it)

The header and the stylesheet are one HTML widget and the status area another: a frame adds two widgets to a kernel.
The language switch and the app links are plain links (``coding.ipynb?transcript=3&lang=en``): switching reloads the
page in the other language with the same query string, so no page needs to relabel itself live. On a server that only
serves the workshop (``serve --workshop-only``: ATLAS_QUAL_WORKSHOP_ONLY, or only the workshop notebooks in its
folder) the header links only the landing page and the facilitator page.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.i18n import t

# (app, notebook): the order of the header's links; "participant" is a plain web page (/p/CODE), never linked here
APPS = (
    ("landing", "index.ipynb"),
    ("facilitator", "facilitator.ipynb"),
    ("coding", "coding.ipynb"),
    ("retrieval", "retrieval.ipynb"),
    ("agreement", "agreement.ipynb"),
    ("themes", "themes.ipynb"),
    ("reports", "reports.ipynb"),
    ("register", "register.ipynb"),
    ("bok", "bok.ipynb"),
    ("cycle", "cycle.ipynb"),
)
NOTEBOOKS = dict(APPS) | {"participant": "participant.ipynb"}
WORKSHOP_APPS = ("landing", "facilitator")
LANGS = (("es", "Español"), ("en", "English"))  # each language named in itself, as language switches do


@lru_cache(maxsize=1)
def frame_css() -> str:
    """The stylesheet of every framed page (html.BASE_CSS, then frame.css), read once per kernel."""
    return H.BASE_CSS + (Path(__file__).with_name("frame.css")).read_text(encoding="utf-8")


def workshop_only() -> bool:
    """True on a server that serves only the workshop (``atlas-qual serve --workshop-only``)."""
    return os.environ.get("ATLAS_QUAL_WORKSHOP_ONLY", "").strip().lower() not in ("", "0", "false", "no")


def available_apps(root: Path | None = None) -> tuple[str, ...]:
    """The apps this server serves, in header order: those whose notebook exists (a workshop-only server copies just
    the workshop notebooks), and only the workshop's when ATLAS_QUAL_WORKSHOP_ONLY is set.

    Examples:
        >>> "landing" in available_apps()
        True
    """
    if root is None:
        from atlas_qual.server import notebooks_dir

        root = notebooks_dir()
    present = {p.name for p in Path(root).glob("*.ipynb")}
    apps = [app for app, nb in APPS if nb in present or app == "landing"]
    if workshop_only():
        apps = [app for app in apps if app in WORKSHOP_APPS]
    return tuple(apps)


def page_href(app: str, params: dict[str, str] | None = None, **changes: str) -> str:
    """The relative address of an app's page with ``params`` as its query string, ``changes`` applied.

    Examples:
        >>> page_href("coding", {"transcript": "3", "lang": "es"}, lang="en")
        'coding.ipynb?transcript=3&lang=en'
    """
    query = {k: v for k, v in {**(params or {}), **changes}.items() if v not in (None, "")}
    return NOTEBOOKS[app] + ("?" + urlencode(query) if query else "")


def header_html(app: str, lang: str, params: dict[str, str] | None = None, apps: tuple[str, ...] | None = None,
                title: str | None = None) -> str:
    """The frame's header as HTML: project name linking home, the apps' links (this one marked current), the
    language switch (a link to this page in the other language, query string kept) and the page's h1."""
    apps = available_apps() if apps is None else apps
    params = dict(params or {})
    e = H.escape
    home = page_href("landing", {"lang": lang})
    links = []
    for other in apps:
        current = ' aria-current="page"' if other == app else ""
        links.append(f'<li><a href="{e(page_href(other, {"lang": lang}))}"{current} data-app="{other}">'
                     f'{e(t("nav_" + other, lang=lang))}</a></li>')
    switch = []
    for code, name in LANGS:
        if code == lang:
            switch.append(f'<span lang="{code}" aria-current="true">{e(name)}</span>')
        else:
            switch.append(f'<a lang="{code}" hreflang="{code}" href="{e(page_href(app, params, lang=code))}" '
                          f'data-testid="lang-{code}">{e(name)}</a>')
    heading = title if title is not None else t("app_" + app, lang=lang) if app != "landing" else "atlas-qual"
    return (
        f'<header class="aq-frame-header">'
        f'<div class="aq-brand"><a class="aq-home" href="{e(home)}" data-testid="home-link">atlas-qual</a>'
        f'<span class="aq-brand-sub">{e(t("frame_project", lang=lang))}</span></div>'
        f'<nav class="aq-frame-nav" aria-label="{e(t("frame_apps", lang=lang))}"><ul>{"".join(links)}</ul></nav>'
        f'<div class="aq-lang" role="group" aria-label="{e(t("frame_language", lang=lang))}">{"".join(switch)}</div>'
        f'</header><h1 class="aq-frame-title">{e(heading)}</h1>'
    )


class Frame(widgets.VBox):
    """A page in the shared frame: ``[header + stylesheet, status area, body]``. Build it with :func:`frame`.

    Public state: ``app``, ``lang``; ``body`` is the page's widget. Report to the user through :meth:`show_status`,
    :meth:`show_error`, :meth:`show_progress` and :meth:`clear_status` (one status area per page, announced to
    screen readers).
    """

    app = traitlets.Unicode("landing").tag(sync=False)
    lang = traitlets.Unicode("es").tag(sync=False)

    def __init__(self, app: str, body: widgets.Widget, *, lang: str = "es", params: dict[str, str] | None = None,
                 title: str | None = None, apps: tuple[str, ...] | None = None) -> None:
        if app not in NOTEBOOKS:
            raise ValueError(f"unknown app {app!r}: one of {', '.join(NOTEBOOKS)}")
        lang = lang if lang in dict(LANGS) else "es"
        self.body = body
        self.header = widgets.HTML(f"<style>{frame_css()}</style>"
                                   + header_html(app, lang, params, apps=apps, title=title))
        self.status = widgets.HTML("")
        self.status.add_class("aq-status")
        super().__init__([self.header, self.status, body])
        self.add_class("aq-frame")
        self.add_class(f"aq-app-{app}")
        self.app, self.lang = app, lang

    def show_status(self, message: str, tone: str = "info") -> None:
        """A message in the status area; tone is info, ok or error (an error is announced at once)."""
        if tone == "error":
            self.show_error(message)
            return
        css = "aq-ok" if tone == "ok" else "aq-notice"
        self.status.value = f'<div class="{css}" role="status" data-testid="frame-status">{H.escape(message)}</div>'

    def show_error(self, message: str) -> None:
        """An error in the status area (what went wrong and what to do: the caller's translated message)."""
        self.status.value = f'<div class="aq-error" role="alert" data-testid="frame-error">{H.escape(message)}</div>'

    def show_progress(self, done: int, total: int, label: str | None = None) -> None:
        """A progress bar in the status area: "label: done of total"."""
        text = t("frame_progress", lang=self.lang, label=label or t("frame_working", lang=self.lang),
                 done=done, total=total)
        self.status.value = f'<div role="status" data-testid="frame-progress">{H.progress_bar(done, total, text)}</div>'

    def clear_status(self) -> None:
        self.status.value = ""


def frame(app: str, body: widgets.Widget, *, lang: str = "es", params: dict[str, str] | None = None,
          title: str | None = None, apps: tuple[str, ...] | None = None) -> Frame:
    """``body`` in the shared page frame: the widget a notebook displays.

    ``app`` names the page (landing, facilitator, coding, retrieval, agreement, themes, reports, register, bok,
    cycle, participant); ``params`` is the page's query string (``request_params()``), kept by the language switch;
    ``title`` replaces the page heading (default: the app's name); ``apps`` the linked apps (default: those served).

    Examples:
        >>> import ipywidgets as widgets
        >>> page = frame("coding", widgets.HTML("..."), lang="en", params={"transcript": "3"}, apps=("landing",))
        >>> "coding.ipynb?transcript=3&amp;lang=es" in page.header.value
        True
    """
    return Frame(app, body, lang=lang, params=params, title=title, apps=apps)


__all__ = ["APPS", "Frame", "available_apps", "frame", "frame_css", "header_html", "page_href", "workshop_only"]
