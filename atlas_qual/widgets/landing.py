"""The landing page: what the project holds (transcripts, segments, codings by coder, sessions, gaps, DMOPs) and
links to each app."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import traitlets

from atlas_qual.i18n import fmt_int, t, tn

# (app, notebook, title key, description key); a card shows only when the server serves the app
APPS = (
    ("facilitator", "facilitator.ipynb", "app_facilitator", "app_facilitator_desc"),
    ("coding", "coding.ipynb", "app_coding", "app_coding_desc"),
    ("retrieval", "retrieval.ipynb", "app_retrieval", "app_retrieval_desc"),
    ("agreement", "agreement.ipynb", "app_agreement", "app_agreement_desc"),
    ("themes", "themes.ipynb", "app_themes", "app_themes_desc"),
    ("reports", "reports.ipynb", "app_reports", "app_reports_desc"),
    ("register", "register.ipynb", "app_register", "app_register_desc"),
    ("bok", "bok.ipynb", "app_bok", "app_bok_desc"),
    ("cycle", "cycle.ipynb", "app_cycle", "app_cycle_desc"),
)


CHART_WIDTH = 480

LANDING_CSS = """
.aq-stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 12px 0; }
.aq-stat { border: 1px solid #d1d5db; border-radius: 10px; padding: 10px 12px; background: #f8fafc; }
.aq-stat-n { font-size: 1.8em; font-weight: 700; color: #1f3b63; font-variant-numeric: tabular-nums; }
.aq-stat-l { color: #374151; overflow-wrap: normal; }
.aq-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 10px; }
.aq-cards a.aq-card { display: flex; flex-direction: column; gap: 4px; margin: 0; text-decoration: none; color: inherit; }
.aq-cards a.aq-card:hover { border-color: #1f5fa8; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.aq-cards a.aq-card b { color: #1f5fa8; }
.aq-cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 18px; }
.aq-tag { display: inline-block; font-size: .85em; padding: 1px 8px; border-radius: 9px; background: #e0e7ff;
  color: #1e3a8a; }
"""


def render_landing(info: dict, lang: str, available: set[str]) -> str:
    """The landing page body as HTML (every project value escaped); ``available``: the notebooks served."""
    from atlas_qual.html import bar_chart

    e = html.escape
    stat = lambda key, value: (  # noqa: E731
        f'<div class="aq-stat"><div class="aq-stat-n">{e(fmt_int(value, lang))}</div>'
        f'<div class="aq-stat-l">{e(t(key, lang=lang))}</div></div>'
    )
    stats = "".join(stat(k, info[k.removeprefix("info_")]) for k in (
        "info_transcripts", "info_segments", "info_codings", "info_sessions", "info_gaps", "info_dmops", "info_themes"))
    coders = "".join(f"<li><b>{e(c)}</b>: {e(fmt_int(n, lang))}</li>" for c, n in info["codings_by_coder"].items()) \
        or f"<li>{e(t('landing_no_codings', lang=lang))}</li>"
    name_key = "name_es" if lang == "es" else "name_en"
    dmops = "".join(
        f"<li><b>{e(d['id'])}</b> {e(d[name_key])} <span class='aq-tag'>{e(t('phase_' + d['phase'], lang=lang))}</span></li>"
        for d in info["dmop_list"])
    # an open workshop links to its participant page (/p/CODE, served beside Voila: two levels up from
    # /voila/render/index.ipynb, relative so a server under a URL prefix works too)
    join = lambda s: (  # noqa: E731
        f' · <a href="../../p/{e(s["code"])}">{e(t("landing_join", lang=lang))}</a>'
        if s.get("status") == "open" else "")
    sessions = "".join(
        f"<li><code>{e(s['code'])}</code> {e(s['title'])} "
        f"({e(tn('count_participants', 'count_participants_plural', s['participants'], lang))}){join(s)}</li>"
        for s in info["sessions_list"]) or f"<li>{e(t('landing_no_sessions', lang=lang))}</li>"
    apps = "".join(
        f'<a class="aq-card" href="{e(nb)}?lang={lang}"><b>{e(t(title, lang=lang))}</b>'
        f'<span>{e(t(desc, lang=lang))}</span></a>'
        for _app, nb, title, desc in APPS if nb in available)
    names = info.get("territory_names", {})
    by_territory = [(names.get(k, k), v) for k, v in info.get("transcripts_by_territory", {}).items()]
    # drawn 480 units wide: at reading size (labels 14 px, ticks 12 px) it is 280 px, so a phone's column never
    # shrinks it (640 units were shrunk to 325 px at 375 px: ticks about 10 px)
    chart = bar_chart(by_territory, title=t("landing_by_territory", lang=lang), lang=lang,
                      width=CHART_WIDTH) if by_territory else ""
    return (
        f'<style>{LANDING_CSS}</style><div class="aq-landing-body"><p class="aq-muted">'
        f'{e(t("landing_project", lang=lang))}: <code>{e(info["project"])}</code></p>'
        f'<div class="aq-stats">{stats}</div>'
        f'<h2>{e(t("landing_apps", lang=lang))}</h2><div class="aq-cards">{apps}</div>'
        f'<div class="aq-cols"><div><h2>{e(t("landing_codings_by_coder", lang=lang))}</h2><ul>{coders}</ul></div>'
        f'<div><h2>DMOP</h2><ul>{dmops}</ul></div>'
        f'<div><h2>{e(t("landing_sessions", lang=lang))}</h2><ul>{sessions}</ul></div></div>{chart}</div>'
    )


class Landing(widgets.VBox):
    """The landing page body: one HTML widget, redrawn by :meth:`reset` and when ``lang`` changes. Displayed in the
    shared frame by :meth:`from_request` (whose language switch reloads the page in the other language)."""

    lang = traitlets.Unicode("es").tag(sync=False)

    def __init__(self, project, *, lang: str = "es", notebooks: Path | None = None) -> None:
        self._project = project
        self._notebooks = notebooks
        self._body = widgets.HTML()
        super().__init__([self._body])
        self.add_class("aq-landing")
        self.lang = lang if lang in ("es", "en") else "es"
        self.observe(lambda _change: self.reset(), names="lang")
        self.reset()

    @classmethod
    def from_request(cls):
        """The landing page in the shared frame, from ``?lang=``."""
        from atlas_qual.widgets.frame import frame
        from atlas_qual.widgets.page import page_lang, project, request_params

        params = request_params()
        lang = page_lang(params)
        return frame("landing", cls(project(), lang=lang), lang=lang, params=params,
                     title=t("landing_title", lang=lang))

    def available_apps(self) -> set[str]:
        from atlas_qual.widgets.frame import NOTEBOOKS, available_apps

        return {NOTEBOOKS[app] for app in available_apps(self._notebooks)}

    def reset(self) -> None:
        from atlas_qual.store.info import project_info

        self._body.value = render_landing(project_info(self._project), self.lang, self.available_apps())
