"""The facilitator page: create or choose a session, unlock it with the facilitator key, show the join code and QR,
watch the votes arrive, open and close rounds, read the gate and scoring results, shortlist, name workgroups, enter
paper ballots and export.

Live refresh: an ``ipywidgets.Play`` timer ticks in the browser (only while a page is open) and each tick reads the
session's version, one tiny query; only when it changed are the counts and results recomputed, and only widgets
whose HTML changed are sent. Everything is rendered as a few HTML widgets (tables and SVG from ``atlas_qual.html``).
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any, Callable, Sequence

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import t

TICK_MS = 500  # two reads of one integer per second: votes show up in well under a second
SECTIONS = ("live", "setup", "results", "shortlist", "ballots")

EXTRA_CSS = """
.aq-fac .aq-join-grid { display: flex; flex-wrap: wrap; gap: 24px; align-items: center; }
.aq-fac .aq-join-grid .aq-qr { width: 360px; max-width: 100%; }
.aq-fac .aq-url { font-size: 1.2em; word-break: break-all; }
.aq-fac .aq-round { border: 1px solid #d1d5db; border-radius: 10px; padding: 10px 14px; margin: 8px 0; }
.aq-fac .aq-round h3 { margin: 0 0 4px; font-size: 1.1em; }
.aq-fac .aq-bigcount { font-size: 2.2em; font-weight: 700; }
.aq-fac .widget-text input, .aq-fac .widget-password input { min-width: 0; }
.aq-fac .aq-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.aq-fac .aq-tiehint { margin: 6px 0; }
.aq-fac .widget-toggle-buttons .widget-toggle-button { background: #ffffff; color: #1e3a5f; }
.aq-fac .widget-toggle-buttons .widget-toggle-button.mod-active { background: #1e3a5f; color: #ffffff;
  font-weight: 700; box-shadow: inset 0 -4px 0 #f59e0b; }
.aq-fac .widget-checkbox { height: auto; }
.aq-fac .aq-key { font-family: ui-monospace, monospace; font-size: 1.3em; background: #fef3c7; padding: 4px 8px; }
"""


def _tr(lang: str) -> Callable[..., str]:
    def tr(message: str, /, **params: Any) -> str:
        return t(message, lang=lang, **params)

    return tr


def kind_text(message: str, kind: str, lang: str, **params: Any) -> str:
    """The session kind's own wording when it has one (``<message>_learning``: "recomendación" rather than
    "brecha"), else the gap workshop's."""
    from atlas_qual.i18n import has

    specific = f"{message}_{kind}"
    return t(specific if has(specific) else message, lang=lang, **params)


# --------------------------------------------------------------------------------------------------------------------
# HTML renderers (pure: results or state in, HTML string out; the participant page reuses them)
# --------------------------------------------------------------------------------------------------------------------


def round_name(number: int, kind: str, lang: str) -> str:
    return t("wsapp_round_gate" if kind == "gate" else "wsapp_round_score", lang=lang, number=number)


def render_join(code: str, participant_url: str, lang: str) -> str:
    """The join code, the participant URL and a QR code big enough for a projector."""
    tr = _tr(lang)
    return (
        '<div class="aq-join-grid"><div>'
        f'<div class="aq-muted">{H.escape(tr("wsapp_ui_join_code"))}</div>'
        f'<div class="aq-code" data-testid="join-code">{H.escape(code)}</div>'
        f'<div class="aq-muted">{H.escape(tr("wsapp_ui_join_at"))}</div>'
        f'<div class="aq-url"><a href="{H.escape(participant_url)}" target="_blank" rel="noopener">'
        f"{H.escape(participant_url)}</a></div></div>"
        f"<div>{H.qr_svg(participant_url, scale=8)}</div></div>"
    )


def render_live(state, lang: str) -> str:
    """Participants and, per round, who has voted: "18 of 23 have voted", complete ballots and votes."""
    tr = _tr(lang)
    parts = [f'<div class="aq-live" data-testid="live"><span class="aq-bigcount" data-testid="participants">'
             f"{state.participants}</span> {H.escape(tr('wsapp_ui_participants_joined'))}"]
    if state.status == "finished":
        parts.append(" " + H.badge(tr("wsapp_ui_finished"), "info"))
    for r in state.rounds:
        tone = {"open": "ok", "closed": "info", "pending": "warn"}[r.status]
        status = H.badge(tr(f"wsapp_ui_status_{r.status}"), tone)
        revealed = " " + H.badge(tr("wsapp_ui_revealed"), "info") if r.revealed else ""
        body = ""
        if r.status != "pending":
            label = tr("wsapp_ui_voted_of", voted=r.voters, total=state.participants)
            body = (H.progress_bar(r.voters, state.participants, label)
                    + f'<div class="aq-muted" data-testid="round-{r.number}-counts">'
                    + H.escape(tr("wsapp_ui_round_counts", complete=r.complete, votes=r.votes)) + "</div>")
        parts.append(f'<div class="aq-round" data-testid="round-{r.number}"><h3>'
                     f"{H.escape(round_name(r.number, r.kind, lang).capitalize())} {status}{revealed}</h3>{body}</div>")
    parts.append("</div>")
    return "".join(parts)


def render_gate_table(res: dict, lang: str) -> str:
    """Per item: share of yes per gate question, the premise- and conclusion-based outcomes, a flag where they differ
    (the discursive dilemma) and the outcome of the chosen procedure."""
    tr = _tr(lang)
    keys = [g["key"] for g in res["gates"]]
    yes, no = tr("workshop_yes"), tr("workshop_no")
    rows = []
    for g in res["gaps"]:
        bars = [H.stacked_yes_bar(g["yes_share"].get(k), label=k) for k in keys]
        differs = H.badge(tr("wsapp_ui_differs"), "warn") if g["differs"] else ""
        qualifies = H.badge(yes, "ok") if g["qualifies"] else H.badge(no, "danger")
        rows.append([g["id"], g["title"], *bars, yes if g["premise_based"] else no,
                     yes if g["conclusion_based"] else no, differs, qualifies, g["gate_n"]])
    header = ["ID", kind_text("wsapp_ui_item", res.get("kind", "gaps"), lang), *keys, tr("wsapp_ui_premise"), tr("wsapp_ui_conclusion"),
              tr("wsapp_ui_dilemma"), tr("wsapp_ui_qualifies"), "n"]
    raw = list(range(2, 2 + len(keys))) + [2 + len(keys) + 2, 2 + len(keys) + 3]
    n_differ = sum(1 for g in res["gaps"] if g["differs"])
    caption = tr("wsapp_ui_gate_caption", rule=res["rule"], procedure=tr(f"workshop_procedure_{res['procedure']}"),
                 qualifying=sum(1 for g in res["gaps"] if g["qualifies"]), total=len(res["gaps"]))
    note = ""
    if n_differ:
        note = f'<div class="aq-notice" data-testid="dilemma">{H.escape(tr("wsapp_ui_dilemma_note", n=n_differ))}</div>'
    return (f'<div data-testid="gate-table">{H.table(rows, header, raw_columns=raw, caption=caption)}{note}</div>')


def _scale(res: dict) -> tuple[float, float]:
    criteria = res.get("criteria") or [{"min": 1, "max": 5}]
    return float(min(c["min"] for c in criteria)), float(max(c["max"] for c in criteria))


def _agreement_word(w: float, lang: str) -> str:
    # Schmidt (1997) reading of Kendall's W for ranking exercises
    for limit, key in ((0.1, "very_weak"), (0.3, "weak"), (0.5, "moderate"), (0.7, "strong")):
        if w < limit:
            return t(f"wsapp_ui_w_{key}", lang=lang)
    return t("wsapp_ui_w_very_strong", lang=lang)


def render_ranking(res: dict, lang: str, *, show_ties: bool = True) -> str:
    """The scoring results: ranked bar chart with the IQR, a table (score, median, IQR, n, rank), Kendall's W, the
    tie-break log and the ties that still need the facilitator's decision."""
    tr = _tr(lang)
    if res.get("scoring_round") is None:
        return f'<p class="aq-muted">{H.escape(tr("wsapp_ui_no_scoring_yet"))}</p>'
    ranked = sorted((g for g in res["gaps"] if g["rank"] is not None), key=lambda g: (g["rank"], g["id"]))
    shortlisted = set(res.get("shortlist") or ())
    title = tr("wsapp_ui_ranking_title", round=res["scoring_round"])
    if not ranked:
        return f'<h3>{H.escape(title)}</h3><p class="aq-muted">{H.escape(tr("wsapp_ui_no_scores_yet"))}</p>'
    chart = H.ranked_bar_chart([(f"{g['rank']}. {g['id']} {g['title']}", g["score"], g["q1"], g["q3"],
                                 g["id"] in shortlisted) for g in ranked], title=title, scale=_scale(res))
    rows = []
    for g in ranked:
        flag = H.badge(tr("workshop_needs_decision"), "warn") if g["needs_decision"] else ""
        rows.append([g["rank"], g["id"], g["title"], g["score"], g["median"], g["iqr"], g["n"], flag])
    table = H.table(rows, [tr("wsapp_rank"), "ID", kind_text("wsapp_ui_item", res.get("kind", "gaps"), lang),
                           tr("wsapp_score"), tr("wsapp_median"),
                           tr("wsapp_iqr"), "n", ""], raw_columns=[7])
    w = res.get("kendall_w")
    if w is None:
        w_text = tr("wsapp_ui_w_undefined")
    else:
        w_text = tr("wsapp_ui_w", w=f"{w:.2f}", word=_agreement_word(w, lang), m=res.get("kendall_m") or 0)
    parts = [f'<div data-testid="ranking">{chart}', table, f'<p data-testid="kendall">{H.escape(w_text)}</p>']
    if res.get("tie_break_text"):
        parts.append(f"<h3>{H.escape(tr('wsapp_ui_tie_breaks'))}</h3><ul>"
                     + "".join(f"<li>{H.escape(text)}</li>" for text in res["tie_break_text"]) + "</ul>")
    if show_ties and res.get("unresolved_ties"):
        groups = "; ".join(" = ".join(g) for g in res["unresolved_ties"])
        parts.append(f'<div class="aq-notice">{H.escape(tr("wsapp_ui_unresolved", groups=groups))}</div>')
    parts.append("</div>")
    return "".join(parts)


def render_change(res: dict, lang: str) -> str:
    """How scores, spread and ranks moved between two scoring rounds (Delphi-style second round)."""
    tr = _tr(lang)
    change = res.get("change")
    if not change:
        return ""
    titles = {g["id"]: g["title"] for g in res["gaps"]}
    rows = []
    for item, c in change["items"].items():
        moved = c["rank_moved"]
        arrow = "" if moved is None else ("▲ " + str(moved) if moved > 0 else "▼ " + str(-moved) if moved < 0 else "=")
        rows.append([item, titles.get(item, item), c["delta_score"], c["delta_iqr"], c["rank_before"],
                     c["rank_after"], arrow])
    caption = tr("wsapp_ui_change_caption", before=change["from_round"], after=change["to_round"])
    return (f'<div data-testid="change">' + H.table(
        rows, ["ID", kind_text("wsapp_ui_item", res.get("kind", "gaps"), lang), "Δ " + tr("wsapp_score"), "Δ " + tr("wsapp_iqr"), tr("wsapp_x_rank_before"),
               tr("wsapp_x_rank_after"), ""], caption=caption) + "</div>")


def render_shortlist(res: dict, groups: Sequence[dict], dmop_names: dict[str, str], lang: str) -> str:
    tr = _tr(lang)
    titles = {g["id"]: g["title"] for g in res["gaps"]}
    rows = [[e["rank"], e["id"], titles.get(e["id"], e["id"]),
             f"{e['dmop']} {dmop_names.get(e['dmop'], '')}".strip() if e["dmop"] else (e["new_dmop_name"] or "—")]
            for e in res.get("shortlist_entries") or []]
    out = [f'<div data-testid="shortlist">']
    if rows:
        out.append(H.table(rows, [tr("wsapp_rank"), "ID", kind_text("wsapp_ui_item", res.get("kind", "gaps"), lang),
                                  "DMOP-C"],
                           caption=tr("wsapp_x_shortlist")))
    else:
        out.append(f'<p class="aq-muted">{H.escape(tr("wsapp_ui_no_shortlist"))}</p>')
    if groups:
        out.append(H.table([[m["dmop"], m["name"], m["institution"] or "—", tr(f"wsapp_role_{m['role']}")]
                            for m in groups],
                           ["DMOP-C", tr("wsapp_x_name"), tr("wsapp_x_institution"), tr("wsapp_x_role")],
                           caption=tr("wsapp_x_workgroups")))
    out.append("</div>")
    return "".join(out)


def render_items(items: Sequence, lang: str, kind: str = "gaps") -> str:
    tr = _tr(lang)
    rows = [[i.ref, i.title_in(lang), i.description_in(lang)] for i in items]
    return H.table(rows, ["ID", kind_text("wsapp_ui_item", kind, lang), tr("wsapp_x_description")],
                   caption=tr("wsapp_ui_items_caption", n=len(rows)))


def participant_base(environ: dict | None = None) -> str | None:
    """The address to print for participants: $ATLAS_QUAL_BASE_URL, unless it names no reachable host (a server
    bound to 0.0.0.0 for the whole room), in which case the address the facilitator's own browser used, which the
    phones on the same network can reach too. None: the store's default.

    Examples:
        >>> participant_base({"ATLAS_QUAL_BASE_URL": "http://0.0.0.0:8866", "SERVER_NAME": "192.168.1.20",
        ...                   "SERVER_PORT": "8866"})
        'http://192.168.1.20:8866'
    """
    import os
    from urllib.parse import urlsplit

    env = os.environ if environ is None else environ
    configured = env.get("ATLAS_QUAL_BASE_URL") or ""
    host = urlsplit(configured).hostname or ""
    if configured and host not in ("0.0.0.0", "::"):
        return configured
    server, port = env.get("SERVER_NAME"), env.get("SERVER_PORT")
    if server and server not in ("0.0.0.0", "::"):
        return f"http://{server}:{port}" if port else f"http://{server}"
    return configured or None


def data_link(content: bytes, filename: str, mime: str, label: str) -> str:
    """A download link carrying the file itself (works in Voila without any server route)."""
    payload = base64.b64encode(content).decode("ascii")
    return (f'<a class="aq-btn" download="{H.escape(filename)}" href="data:{mime};base64,{payload}">'
            f"{H.escape(label)}</a>")


def _upload_to_file(upload: widgets.FileUpload) -> Path | None:
    """The uploaded file written to a private temporary folder (the store reads files by path)."""
    if not upload.value:
        return None
    entry = upload.value[0]
    name = Path(str(entry["name"])).name or "upload.csv"
    folder = Path(tempfile.mkdtemp(prefix="aq-upload-"))
    target = folder / name
    target.write_bytes(bytes(entry["content"]))
    return target


# --------------------------------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------------------------------


def _button(description: str, *, style: str = "", cls: str = "") -> widgets.Button:
    b = widgets.Button(description=description, button_style=style, layout=widgets.Layout(width="auto"))
    if cls:
        b.add_class(cls)
    return b


class FacilitatorApp(widgets.VBox):
    """The facilitator page as one composite widget. Public state: ``lang``, ``code``, ``unlocked``, ``section``."""

    lang = traitlets.Unicode("es").tag(sync=False)
    code = traitlets.Unicode("").tag(sync=False)
    unlocked = traitlets.Bool(False).tag(sync=False)
    section = traitlets.Unicode("live").tag(sync=False)

    def __init__(self, project, *, code: str = "", lang: str = "es", base: str | None = None) -> None:
        from atlas_qual.widgets.page import style_html

        self._project = project
        self._base = base
        self._key: str | None = None  # kept in the kernel only; never in a synced trait or a URL
        self._version: int | None = None
        self._state = None
        self._results: dict | None = None
        self._built: dict[str, widgets.Widget] = {}
        self._shortlist_rows: list[tuple[str, widgets.Dropdown, widgets.Text]] = []
        self._setup = None
        self._updating = False
        self._next_round: int | None = None
        self._reveal_target = None
        self._heading = widgets.HTML()
        self._lang_toggle = widgets.ToggleButtons(options=[("Español", "es"), ("English", "en")], value=lang,
                                                  style={"button_width": "auto"})
        self._lang_toggle.observe(self._on_lang, names="value")
        # choose / create
        self._sessions = widgets.Dropdown(layout=widgets.Layout(width="auto", min_width="260px"))
        self._new_title = widgets.Text(layout=widgets.Layout(width="320px"))
        self._new_file = widgets.FileUpload(accept=".csv,.xlsx,.xlsm", multiple=False)
        self._create_btn = _button("", style="primary", cls="aq-create")
        self._create_btn.on_click(self._on_create)
        self._key_input = widgets.Password(layout=widgets.Layout(width="320px"))
        self._key_input.add_class("aq-key-input")
        self._unlock_btn = _button("", style="primary", cls="aq-unlock")
        self._unlock_btn.on_click(self._on_unlock)
        self._sessions.observe(self._on_choose, names="value")
        self._labels: dict[str, widgets.Widget] = {k: widgets.HTML() for k in ("choose", "create", "key")}
        self._gate = widgets.VBox([
            self._labels["choose"], self._sessions,
            self._labels["key"], widgets.HBox([self._key_input, self._unlock_btn], layout=widgets.Layout(flex_flow="row wrap")),
            self._labels["create"], widgets.HBox([self._new_title, self._new_file, self._create_btn],
                                                 layout=widgets.Layout(flex_flow="row wrap")),
        ])
        self._message = widgets.HTML()
        # unlocked area
        self._nav = widgets.ToggleButtons(options=[("", s) for s in SECTIONS], value="live",
                                          style={"button_width": "auto"})
        self._nav.add_class("aq-nav")
        self._nav.observe(self._on_section, names="value")
        self._section_box = widgets.VBox()
        self._main = widgets.VBox([self._nav, self._section_box], layout=widgets.Layout(display="none"))
        self._play = widgets.Play(interval=TICK_MS, min=0, max=10**9, step=1, repeat=True, show_repeat=False,
                                  playing=False, layout=widgets.Layout(display="none"))
        self._play.observe(self._on_tick, names="value")
        super().__init__([widgets.HTML(style_html() + f"<style>{EXTRA_CSS}</style>"),
                          widgets.HBox([self._heading, self._lang_toggle], layout=widgets.Layout(
                              justify_content="space-between", flex_flow="row wrap")),
                          self._gate, self._message, self._main, self._play])
        self.add_class("aq-page")
        self.add_class("aq-fac")
        self.lang = lang
        self.code = code
        self.reset()

    @classmethod
    def from_request(cls) -> "FacilitatorApp":
        """Build from the page's query string: ``?session=CODE`` preselects the session, ``?lang=en``."""
        from atlas_qual.widgets.page import page_lang, project, request_params

        proj = project()  # opened before the request arrives: preheated kernels do it ahead of time
        params = request_params()
        return cls(proj, code=(params.get("session") or "").strip().upper(), lang=page_lang(params),
                   base=participant_base())

    # ---- labels and session list ---------------------------------------------------------------------------------

    def _t(self, message: str, /, **params: Any) -> str:
        return t(message, lang=self.lang, **params)

    def reset(self) -> None:
        """Re-read the session list and relabel everything in the current language."""
        from atlas_qual.store.workshop import list_sessions

        tr = self._t
        self._heading.value = f"<h1>{H.escape(tr('app_facilitator'))}</h1>"
        self._labels["choose"].value = f"<b>{H.escape(tr('wsapp_ui_choose_session'))}</b>"
        self._labels["key"].value = f"<b>{H.escape(tr('wsapp_ui_enter_key'))}</b>"
        self._labels["create"].value = (f"<b>{H.escape(tr('wsapp_ui_or_create'))}</b> "
                                        f"<span class='aq-muted'>{H.escape(tr('wsapp_ui_create_hint'))}</span>")
        self._new_title.placeholder = tr("wsapp_ui_title_placeholder")
        self._key_input.placeholder = tr("wsapp_ui_key_placeholder")
        self._create_btn.description = tr("wsapp_ui_create")
        self._unlock_btn.description = tr("wsapp_ui_unlock")
        self._new_file.description = tr("wsapp_ui_gap_file")
        self._nav.options = [(tr(f"wsapp_ui_section_{s}"), s) for s in SECTIONS]
        self._nav.value = self.section
        sessions = list_sessions(self._project)
        options = [(f"{s.code} · {s.title}", s.code) for s in sessions]
        if self.code and self.code not in {c for _l, c in options}:
            options.insert(0, (self.code, self.code))
        self._updating = True
        try:
            self._sessions.options = [(tr("wsapp_ui_pick"), "")] + options
            self._sessions.value = self.code if self.code else ""
        finally:
            self._updating = False
        if self.unlocked:
            self._built.clear()
            self._shortlist_rows = []
            self._show_section()
            self._refresh(force=True)

    # ---- events ----------------------------------------------------------------------------------------------------

    def _error(self, exc: Exception) -> None:
        text = exc.message(self.lang) if isinstance(exc, AtlasQualError) else str(exc)
        self._message.value = f'<div class="aq-error" role="alert">{H.escape(text)}</div>'

    def _info(self, text: str, *, html: str = "") -> None:
        self._message.value = f'<div class="aq-notice" role="status">{H.escape(text)}{html}</div>'

    def _guard(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except AtlasQualError as exc:
            self._error(exc)
        return None

    def _on_lang(self, change) -> None:
        self.lang = change["new"]
        self.reset()

    def _on_choose(self, change) -> None:
        if getattr(self, "_updating", False):
            return
        new = change["new"] or ""
        if new != self.code:
            self._lock()
            self.code = new
            self._message.value = ""

    def _lock(self) -> None:
        self._key = None
        self.unlocked = False
        self._play.playing = False
        self._main.layout.display = "none"
        self._gate.layout.display = None

    def _on_unlock(self, _button) -> None:
        from atlas_qual.store.workshop import authorize

        code = (self._sessions.value or self.code or "").strip()
        key = (self._key_input.value or "").strip()
        try:
            if not code:
                raise AtlasQualError("wsapp_ui_pick_first")
            authorize(self._project, code, key)
        except AtlasQualError as exc:
            self._error(exc)
            return
        self._key_input.value = ""
        self._message.value = ""
        self._open(code, key)

    def _open(self, code: str, key: str) -> None:
        self.code = code
        self._key = key
        self.unlocked = True
        self._version = None
        self._built.clear()
        self._shortlist_rows = []
        self._gate.layout.display = "none"
        self._main.layout.display = None
        self._show_section()
        self._refresh(force=True)
        self._play.playing = True

    def _on_create(self, _button) -> None:
        from atlas_qual.store.workshop import create_session

        title = self._new_title.value
        try:
            path = _upload_to_file(self._new_file)
            created = create_session(self._project, title, gaps_file=path, base=self._base, lang=self.lang)
        except AtlasQualError as exc:
            self._error(exc)
            return
        self._new_title.value = ""
        self._new_file.value = ()
        self.code = created.code
        self.reset()
        self._open(created.code, created.key)
        self._info(self._t("wsapp_ui_created_key", code=created.code),
                   html=f' <span class="aq-key" data-testid="new-key">{H.escape(created.key)}</span>')

    def _on_section(self, change) -> None:
        self.section = change["new"]
        if self.unlocked:
            self._show_section()
            self._refresh(force=True)

    def _on_tick(self, _change) -> None:
        if self.unlocked:
            self._refresh()

    # ---- refresh -----------------------------------------------------------------------------------------------

    def _refresh(self, force: bool = False) -> None:
        """Redraw what depends on the store, but only when the session's version moved (or ``force``)."""
        from atlas_qual.store.workshop import results, session_state, session_version

        version = session_version(self._project, self.code)
        if version is None:
            self._lock()
            self._error(AtlasQualError("wsapp_unknown_session", code=self.code))
            return
        if version == self._version and not force:
            return
        self._version = version
        self._state = session_state(self._project, self.code)
        self._update_controls()
        live = self._built.get("live_html")
        if live is not None:
            live.value = render_live(self._state, self.lang)
        if self.section in ("results", "shortlist") or (self.section == "live" and "show_live" in self._built
                                                         and self._built["show_live"].value):
            self._results = results(self._project, self.code, lang=self.lang)
        if self.section == "live" and "live_preview" in self._built:
            self._built["live_preview"].value = self._preview_html() if self._built["show_live"].value else ""
        if self.section == "results":
            self._draw_results()
        if self.section == "shortlist":
            self._draw_shortlist()
        if self.section == "setup":
            self._draw_setup()

    def _preview_html(self) -> str:
        """On the live screen: the results of the round in progress (the facilitator decides what to project)."""
        res, state = self._results, self._state
        if res is None or state is None:
            return ""
        open_round = state.open_round
        scoring = [r for r in state.rounds if r.kind == "score" and r.status != "pending"]
        if scoring and (open_round is None or open_round.kind == "score"):
            return render_ranking(res, self.lang, show_ties=False)
        if any(r.kind == "gate" and r.status != "pending" for r in state.rounds):
            return render_gate_table(res, self.lang)
        return ""

    # ---- sections ----------------------------------------------------------------------------------------------

    def _show_section(self) -> None:
        builder = getattr(self, f"_build_{self.section}")
        self._section_box.children = [builder()]

    def _cached(self, name: str, make: Callable[[], widgets.Widget]) -> widgets.Widget:
        if name not in self._built:
            self._built[name] = make()
        return self._built[name]

    # live: join code, counts, round controls
    def _build_live(self) -> widgets.Widget:
        from atlas_qual.store.workshop import page_urls

        def make() -> widgets.Widget:
            join = widgets.HTML(render_join(self.code, page_urls(self.code, self._base)[0], self.lang))
            self._built["live_html"] = widgets.HTML()
            self._built["live_preview"] = widgets.HTML()
            self._built["show_live"] = widgets.Checkbox(value=False, indent=False, description=self._t("wsapp_ui_show_live"),
                                                        layout=widgets.Layout(width="100%"))
            self._built["show_live"].observe(lambda _c: self._refresh(force=True), names="value")
            self._built["open_btn"] = _button("", style="success", cls="aq-open-round")
            self._built["close_btn"] = _button("", style="warning", cls="aq-close-round")
            self._built["reveal_btn"] = _button("", cls="aq-reveal")
            self._built["finish_btn"] = _button("", cls="aq-finish")
            self._built["open_btn"].on_click(self._on_open_round)
            self._built["close_btn"].on_click(self._on_close_round)
            self._built["reveal_btn"].on_click(self._on_reveal)
            self._built["finish_btn"].on_click(self._on_finish)
            controls = widgets.HBox([self._built[k] for k in ("open_btn", "close_btn", "reveal_btn", "finish_btn")],
                                    layout=widgets.Layout(flex_flow="row wrap"))
            return widgets.VBox([join, controls, self._built["live_html"], self._built["show_live"],
                                 self._built["live_preview"]])

        return self._cached("live", make)

    def _update_controls(self) -> None:
        state = self._state
        if state is None or "open_btn" not in self._built:
            return
        tr = self._t
        open_round = state.open_round
        next_number = None
        if open_round is None and state.status != "finished":
            pending = [r for r in state.rounds if r.status == "pending"]
            if pending:
                next_number = pending[0].number
            elif state.rounds and state.rounds[-1].kind == "score":
                next_number = state.rounds[-1].number + 1
        open_btn = self._built["open_btn"]
        open_btn.disabled = next_number is None
        open_btn.description = tr("wsapp_ui_open_round", round=round_name(
            next_number or 0, "gate" if next_number == 1 else "score", self.lang)) if next_number else tr(
            "wsapp_ui_round_running")
        open_btn.tooltip = tr("wsapp_ui_second_round_hint") if (next_number or 0) >= 3 else ""
        self._next_round = next_number
        close_btn = self._built["close_btn"]
        close_btn.disabled = open_round is None
        close_btn.description = tr("wsapp_ui_close_round", round=round_name(
            open_round.number, open_round.kind, self.lang)) if open_round else tr("wsapp_ui_no_round_open")
        closed = [r for r in state.rounds if r.status == "closed"]
        reveal_btn = self._built["reveal_btn"]
        reveal_btn.disabled = not closed
        last = closed[-1] if closed else None
        self._reveal_target = last
        if last is not None:
            key = "wsapp_ui_hide" if last.revealed else "wsapp_ui_reveal"
            reveal_btn.description = tr(key, round=round_name(last.number, last.kind, self.lang))
        else:
            reveal_btn.description = tr("wsapp_ui_reveal_none")
        self._built["finish_btn"].disabled = state.status == "finished"
        self._built["finish_btn"].description = tr("wsapp_ui_finish")

    def _act(self, fn: Callable[[], Any], done: str | None = None) -> None:
        try:
            fn()
        except AtlasQualError as exc:
            self._error(exc)
        else:
            self._message.value = "" if done is None else f'<div class="aq-notice" role="status">{H.escape(done)}</div>'
        self._refresh(force=True)

    def _on_open_round(self, _b) -> None:
        from atlas_qual.store.workshop import open_round

        number = getattr(self, "_next_round", None)
        if number is not None:
            self._act(lambda: open_round(self._project, self.code, self._key, number))

    def _on_close_round(self, _b) -> None:
        from atlas_qual.store.workshop import close_round

        self._act(lambda: close_round(self._project, self.code, self._key))

    def _on_reveal(self, _b) -> None:
        from atlas_qual.store.workshop import reveal_round

        target = getattr(self, "_reveal_target", None)
        if target is not None:
            self._act(lambda: reveal_round(self._project, self.code, self._key, target.number,
                                           revealed=not target.revealed))

    def _on_finish(self, _b) -> None:
        from atlas_qual.store.workshop import finish_session

        self._act(lambda: finish_session(self._project, self.code, self._key), self._t("wsapp_ui_finished"))

    # setup: items, criteria, procedure
    def _build_setup(self) -> widgets.Widget:
        def make() -> widgets.Widget:
            tr = self._t
            b = self._built
            b["items_html"] = widgets.HTML()
            b["item_pick"] = widgets.Dropdown(layout=widgets.Layout(width="auto"))
            b["item_pick"].observe(self._on_item_pick, names="value")
            b["item_ref"] = widgets.Text(placeholder="G19", layout=widgets.Layout(width="110px"))
            b["item_title"] = widgets.Text(placeholder=tr("wsapp_ui_item_title"), layout=widgets.Layout(width="100%"))
            b["item_desc"] = widgets.Textarea(placeholder=tr("wsapp_x_description"), layout=widgets.Layout(width="100%"))
            b["item_title_en"] = widgets.Text(placeholder=tr("wsapp_ui_item_title_en"),
                                              layout=widgets.Layout(width="100%"))
            b["item_save"] = _button(tr("wsapp_ui_save_item"), style="primary", cls="aq-save-item")
            b["item_remove"] = _button(tr("wsapp_ui_remove_item"), style="danger")
            b["item_save"].on_click(self._on_item_save)
            b["item_remove"].on_click(self._on_item_remove)
            b["gap_upload"] = widgets.FileUpload(accept=".csv,.xlsx,.xlsm", multiple=False,
                                                 description=tr("wsapp_ui_gap_file"))
            b["gap_upload_btn"] = _button(tr("wsapp_ui_add_gap_file"))
            b["gap_upload_btn"].on_click(self._on_gap_file)
            b["criteria_box"] = widgets.VBox()
            b["criteria_save"] = _button(tr("wsapp_ui_save_criteria"), style="primary", cls="aq-save-criteria")
            b["criteria_save"].on_click(self._on_criteria_save)
            b["procedure"] = widgets.Dropdown(options=[(tr("workshop_procedure_premise"), "premise"),
                                                       (tr("workshop_procedure_conclusion"), "conclusion")],
                                              layout=widgets.Layout(width="auto"))
            b["procedure"].observe(self._on_procedure, names="value")
            return widgets.VBox([
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_items_heading'))}</h2>"), b["items_html"],
                widgets.HTML(f"<p class='aq-muted'>{H.escape(tr('wsapp_ui_item_form_hint'))}</p>"),
                widgets.HBox([b["item_pick"], b["item_ref"]], layout=widgets.Layout(flex_flow="row wrap")),
                b["item_title"], b["item_desc"], b["item_title_en"],
                widgets.HBox([b["item_save"], b["item_remove"]], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox([b["gap_upload"], b["gap_upload_btn"]], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_criteria_heading'))}</h2>"
                             f"<p class='aq-muted'>{H.escape(tr('wsapp_ui_criteria_hint'))}</p>"),
                b["criteria_box"], b["criteria_save"],
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_procedure_heading'))}</h2>"
                             f"<p class='aq-muted'>{H.escape(tr('wsapp_ui_procedure_hint'))}</p>"),
                b["procedure"],
            ])

        box = self._cached("setup", make)
        self._draw_setup(rebuild_criteria=True)
        return box

    def _draw_setup(self, rebuild_criteria: bool = False) -> None:
        from atlas_qual.store.workshop import session_setup

        b = self._built
        if "items_html" not in b:
            return
        setup = session_setup(self._project, self.code)
        self._setup = setup
        b["items_html"].value = render_items(setup.items, self.lang, setup.kind)
        options = [(self._t("wsapp_ui_new_item"), "")] + [(f"{i.ref} · {i.title_in(self.lang)}"[:80], i.ref)
                                                          for i in setup.items]
        if list(b["item_pick"].options) != options:
            current = b["item_pick"].value
            self._updating = True
            b["item_pick"].options = options
            b["item_pick"].value = current if current in {v for _l, v in options} else ""
            self._updating = False
        for name in ("item_remove", "gap_upload_btn"):
            b[name].disabled = setup.items_locked
        b["item_ref"].disabled = bool(b["item_pick"].value) or setup.items_locked
        b["criteria_save"].disabled = setup.criteria_locked
        self._updating = True
        b["procedure"].value = setup.procedure
        b["procedure"].disabled = setup.criteria_locked
        self._updating = False
        if rebuild_criteria or not b["criteria_box"].children:
            rows = []
            self._criteria_rows = []
            for c in list(setup.config.criteria) + [None]:
                key = widgets.Text(value=c.key if c else "", placeholder="key", layout=widgets.Layout(width="120px"),
                                   disabled=c is not None)
                label = widgets.Text(value=c.label(self.lang) if c else "", placeholder=self._t("wsapp_ui_label"),
                                     layout=widgets.Layout(width="280px"))
                weight = widgets.FloatText(value=c.weight if c else 0.0, step=0.05, layout=widgets.Layout(width="110px"),
                                           description=self._t("wsapp_weight"))
                self._criteria_rows.append((c, key, label, weight))
                rows.append(widgets.HBox([key, label, weight], layout=widgets.Layout(flex_flow="row wrap")))
            b["criteria_box"].children = rows

    def _on_item_pick(self, change) -> None:
        if getattr(self, "_updating", False):
            return
        b = self._built
        ref = change["new"]
        item = next((i for i in self._setup.items if i.ref == ref), None) if ref else None
        b["item_ref"].value = item.ref if item else ""
        b["item_title"].value = item.title if item else ""
        b["item_desc"].value = item.description if item else ""
        b["item_title_en"].value = item.title_en if item else ""
        b["item_ref"].disabled = item is not None or self._setup.items_locked

    def _on_item_save(self, _b) -> None:
        from atlas_qual.store.workshop import add_item, edit_item

        b = self._built
        ref = b["item_pick"].value
        if ref:
            self._act(lambda: edit_item(self._project, self.code, self._key, ref, title=b["item_title"].value,
                                        description=b["item_desc"].value, title_en=b["item_title_en"].value),
                      self._t("wsapp_ui_saved"))
        else:
            def add() -> None:
                add_item(self._project, self.code, self._key, b["item_ref"].value, b["item_title"].value,
                         b["item_desc"].value, title_en=b["item_title_en"].value)
                for name in ("item_ref", "item_title", "item_desc", "item_title_en"):
                    b[name].value = ""

            self._act(add, self._t("wsapp_ui_saved"))

    def _on_item_remove(self, _b) -> None:
        from atlas_qual.store.workshop import remove_item

        ref = self._built["item_pick"].value
        if ref:
            self._act(lambda: remove_item(self._project, self.code, self._key, ref), self._t("wsapp_ui_removed",
                                                                                             ref=ref))

    def _on_gap_file(self, _b) -> None:
        from atlas_qual.store.workshop import add_gaps_from_file

        upload = self._built["gap_upload"]

        def add() -> None:
            path = _upload_to_file(upload)
            if path is None:
                raise AtlasQualError("wsapp_ui_choose_file")
            added = add_gaps_from_file(self._project, self.code, self._key, path)
            upload.value = ()
            self._info(self._t("wsapp_ui_gaps_added", n=len(added)))

        try:
            add()
        except AtlasQualError as exc:
            self._error(exc)
        self._refresh(force=True)

    def _on_criteria_save(self, _b) -> None:
        from atlas_qual.store.workshop import set_criteria

        entries = []
        for c, key, label, weight in self._criteria_rows:
            if c is None and not key.value.strip():
                continue
            if weight.value <= 0 and c is not None:
                continue  # a weight of 0 removes the criterion
            base = {"key": key.value.strip(), "weight": weight.value,
                    "min": c.min if c else 1, "max": c.max if c else 5}
            if c is not None and self.lang == "en":
                base.update(label_es=c.label_es, label_en=label.value)
            elif c is not None:
                base.update(label_es=label.value, label_en=c.label_en)
            else:
                base.update(label_es=label.value or key.value, label_en=label.value or key.value)
            entries.append(base)

        def save() -> None:
            set_criteria(self._project, self.code, self._key, entries)
            self._draw_setup(rebuild_criteria=True)

        self._act(save, self._t("wsapp_ui_saved"))

    def _on_procedure(self, change) -> None:
        from atlas_qual.store.workshop import set_procedure

        if getattr(self, "_updating", False) or change["new"] == getattr(self._setup, "procedure", None):
            return
        self._act(lambda: set_procedure(self._project, self.code, self._key, change["new"]), self._t("wsapp_ui_saved"))

    # results: gates, ranking, ties, change
    def _build_results(self) -> widgets.Widget:
        def make() -> widgets.Widget:
            tr = self._t
            b = self._built
            b["gate_html"] = widgets.HTML()
            b["ranking_html"] = widgets.HTML()
            b["change_html"] = widgets.HTML()
            b["tie_order"] = widgets.Text(layout=widgets.Layout(width="320px"))
            b["tie_btn"] = _button(tr("wsapp_ui_decide_tie"), style="warning", cls="aq-decide")
            b["tie_btn"].on_click(self._on_decide)
            b["tie_box"] = widgets.VBox([widgets.HTML(f"<p class='aq-tiehint'>{H.escape(tr('wsapp_ui_tie_hint'))}</p>"),
                                         widgets.HBox([b["tie_order"], b["tie_btn"]])],
                                        layout=widgets.Layout(display="none"))
            return widgets.VBox([widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_gate_heading'))}</h2>"), b["gate_html"],
                                 widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_scoring_heading'))}</h2>"),
                                 b["ranking_html"], b["tie_box"], b["change_html"]])

        return self._cached("results", make)

    def _draw_results(self) -> None:
        b, res = self._built, self._results
        if res is None or "gate_html" not in b:
            return
        b["gate_html"].value = render_gate_table(res, self.lang)
        b["ranking_html"].value = render_ranking(res, self.lang)
        b["change_html"].value = render_change(res, self.lang)
        ties = res.get("unresolved_ties") or []
        b["tie_box"].layout.display = None if ties else "none"
        if ties and not b["tie_order"].value:
            b["tie_order"].value = ", ".join(ties[0])

    def _on_decide(self, _b) -> None:
        from atlas_qual.store.workshop import decide_tie

        order = [p.strip() for p in self._built["tie_order"].value.replace(">", ",").split(",") if p.strip()]

        def decide() -> None:
            decide_tie(self._project, self.code, self._key, order)
            self._built["tie_order"].value = ""

        self._act(decide, self._t("wsapp_ui_saved"))

    # shortlist and workgroups
    def _build_shortlist(self) -> widgets.Widget:
        from atlas_qual.store.workshop import dmops, institutions

        def make() -> widgets.Widget:
            tr = self._t
            b = self._built
            b["short_html"] = widgets.HTML()
            b["short_n"] = widgets.BoundedIntText(value=5, min=1, max=50, layout=widgets.Layout(width="90px"))
            b["short_propose"] = _button(tr("wsapp_ui_propose_top"), cls="aq-propose")
            b["short_propose"].on_click(self._on_propose)
            b["short_rows"] = widgets.VBox()
            b["short_save"] = _button(tr("wsapp_ui_save_shortlist"), style="primary", cls="aq-save-shortlist")
            b["short_save"].on_click(self._on_shortlist_save)
            self._dmop_list = dmops(self._project, self.lang)
            inst = institutions(self._project, self.lang)
            b["wg_dmop"] = widgets.Dropdown(options=[(d["id"], d["id"]) for d in self._dmop_list],
                                            layout=widgets.Layout(width="auto"))
            b["wg_name"] = widgets.Text(placeholder=tr("wsapp_x_name"), layout=widgets.Layout(width="220px"))
            b["wg_inst"] = widgets.Dropdown(options=[("—", "")] + [(f"{i['id']} · {i['name']}"[:60], i["id"])
                                                                   for i in inst], layout=widgets.Layout(width="240px"))
            b["wg_role"] = widgets.Dropdown(options=[(tr(f"wsapp_role_{r}"), r) for r in
                                                     ("champion", "technical_expert", "atlas_team")],
                                            layout=widgets.Layout(width="auto"))
            b["wg_add"] = _button(tr("wsapp_ui_add_member"), style="primary", cls="aq-add-member")
            b["wg_add"].on_click(self._on_member_add)
            b["wg_pick"] = widgets.Dropdown(layout=widgets.Layout(width="auto"))
            b["wg_remove"] = _button(tr("wsapp_ui_remove_member"), style="danger")
            b["wg_remove"].on_click(self._on_member_remove)
            row = widgets.Layout(flex_flow="row wrap")
            return widgets.VBox([
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_x_shortlist'))}</h2>"),
                widgets.HBox([widgets.HTML(H.escape(tr("wsapp_ui_top_n"))), b["short_n"], b["short_propose"]],
                             layout=row),
                b["short_rows"], b["short_save"], b["short_html"],
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_x_workgroups'))}</h2>"),
                widgets.HBox([b["wg_dmop"], b["wg_name"], b["wg_inst"], b["wg_role"], b["wg_add"]], layout=row),
                widgets.HBox([b["wg_pick"], b["wg_remove"]], layout=row),
            ])

        return self._cached("shortlist", make)

    def _set_shortlist_rows(self, entries: Sequence[tuple[str, str, str]]) -> None:
        tr = self._t
        titles = {g["id"]: g["title"] for g in (self._results or {}).get("gaps", [])}
        options = [(tr("wsapp_ui_dmop_pick"), "")] + [(f"{d['id']} · {d['name']}"[:70], d["id"])
                                                      for d in self._dmop_list]
        self._shortlist_rows = []
        rows = []
        for ref, dmop, new_name in entries:
            pick = widgets.Dropdown(options=options, value=dmop if dmop in {v for _l, v in options} else "",
                                    layout=widgets.Layout(width="300px"))
            name = widgets.Text(value=new_name if not dmop else "", placeholder=tr("wsapp_ui_new_dmop"),
                                layout=widgets.Layout(width="260px"))
            label = widgets.HTML(f"<b>{H.escape(ref)}</b> {H.escape(titles.get(ref, ''))}",
                                 layout=widgets.Layout(width="100%"))
            self._shortlist_rows.append((ref, pick, name))
            rows.append(widgets.VBox([label, widgets.HBox([pick, name], layout=widgets.Layout(flex_flow="row wrap"))]))
        self._built["short_rows"].children = rows

    def _draw_shortlist(self) -> None:
        from atlas_qual.store.workshop import workgroups

        b = self._built
        if "short_html" not in b or self._results is None:
            return
        if not self._shortlist_rows and self._results["shortlist_entries"]:
            self._set_shortlist_rows([(e["id"], e["dmop"] or "", e["new_dmop_name"])
                                      for e in self._results["shortlist_entries"]])
        groups = workgroups(self._project, self.code, self.lang)
        names = {d["id"]: d["name"] for d in self._dmop_list}
        b["short_html"].value = render_shortlist(self._results, groups, names, self.lang)
        members = [(self._t("wsapp_ui_member_pick"), 0)] + [
            (f"{m['dmop']} · {m['name']} · {self._t('wsapp_role_' + m['role'])}"[:80], m["id"]) for m in groups]
        if list(b["wg_pick"].options) != members:
            b["wg_pick"].options = members
        dmop_options = [(d["id"], d["id"]) for d in self._dmop_list]
        if list(b["wg_dmop"].options) != dmop_options:
            b["wg_dmop"].options = dmop_options

    def _on_propose(self, _b) -> None:
        from atlas_qual.store.workshop import dmop_by_fit, session_setup, suggest_shortlist

        try:
            top = suggest_shortlist(self._project, self.code, self._built["short_n"].value)
        except AtlasQualError as exc:
            self._error(exc)
            return
        items = {i.ref: i for i in session_setup(self._project, self.code).items}
        self._set_shortlist_rows([(ref, dmop_by_fit(f"{items[ref].title} {items[ref].description}")
                                   if ref in items else "", "") for ref in top])

    def _on_shortlist_save(self, _b) -> None:
        from atlas_qual.store.workshop import dmops, set_shortlist

        entries = [{"item": ref, "dmop": pick.value or None, "new_dmop_name": "" if pick.value else name.value}
                   for ref, pick, name in self._shortlist_rows]

        def save() -> None:
            set_shortlist(self._project, self.code, self._key, entries)
            self._dmop_list = dmops(self._project, self.lang)  # a new DMOP-C may have been created

        self._act(save, self._t("wsapp_ui_saved"))

    def _on_member_add(self, _b) -> None:
        from atlas_qual.store.workshop import add_workgroup_member

        b = self._built

        def add() -> None:
            add_workgroup_member(self._project, self.code, self._key, b["wg_dmop"].value, b["wg_name"].value,
                                 b["wg_inst"].value or None, b["wg_role"].value)
            b["wg_name"].value = ""

        self._act(add, self._t("wsapp_ui_saved"))

    def _on_member_remove(self, _b) -> None:
        from atlas_qual.store.workshop import remove_workgroup_member

        member = self._built["wg_pick"].value
        if member:
            self._act(lambda: remove_workgroup_member(self._project, self.code, self._key, member),
                      self._t("wsapp_ui_saved"))

    # paper ballots and export
    def _build_ballots(self) -> widgets.Widget:
        def make() -> widgets.Widget:
            tr = self._t
            b = self._built
            b["ballot_upload"] = widgets.FileUpload(accept=".csv,.xlsx,.xlsm", multiple=False,
                                                    description=tr("wsapp_ui_ballot_file"))
            b["ballot_btn"] = _button(tr("wsapp_ui_enter_ballots"), style="primary", cls="aq-enter-ballots")
            b["ballot_btn"].on_click(self._on_ballots)
            b["ballot_report"] = widgets.HTML()
            b["template_btn"] = _button(tr("wsapp_ui_template"))
            b["template_btn"].on_click(self._on_template)
            b["export_btn"] = _button(tr("wsapp_ui_export_xlsx"), style="primary", cls="aq-export")
            b["export_btn"].on_click(self._on_export)
            b["export_link"] = widgets.HTML()
            row = widgets.Layout(flex_flow="row wrap")
            return widgets.VBox([
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_ballots_heading'))}</h2>"
                             f"<p class='aq-muted'>{H.escape(tr('wsapp_ui_ballots_hint'))}</p>"),
                widgets.HBox([b["ballot_upload"], b["ballot_btn"], b["template_btn"]], layout=row),
                b["ballot_report"],
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_export_heading'))}</h2>"
                             f"<p class='aq-muted'>{H.escape(tr('wsapp_ui_export_hint'))}</p>"),
                b["export_btn"], b["export_link"],
            ])

        return self._cached("ballots", make)

    def _on_ballots(self, _b) -> None:
        from atlas_qual.store.workshop import import_ballots

        b = self._built
        try:
            path = _upload_to_file(b["ballot_upload"])
            if path is None:
                raise AtlasQualError("wsapp_ui_choose_file")
            report = import_ballots(self._project, self.code, self._key, path)
        except AtlasQualError as exc:
            self._error(exc)
            return
        b["ballot_upload"].value = ()
        self._message.value = ""
        tr = self._t
        summary = tr("wsapp_cli_ballots", file=report.file, accepted=report.accepted, rows=report.rows,
                     errors=len(report.errors), added=len(report.participants_added))
        errors = "".join(f"<li>{H.escape(str(e))}</li>" for e in report.errors)
        tone = "aq-error" if report.errors else "aq-notice"
        b["ballot_report"].value = (f'<div class="{tone}" data-testid="ballot-report">{H.escape(summary)}'
                                    f"{'<ul>' + errors + '</ul>' if errors else ''}</div>")
        self._refresh(force=True)

    def _on_template(self, _b) -> None:
        from atlas_qual.store.workshop import session_setup

        setup = session_setup(self._project, self.code)
        state = self._state
        score = state is not None and state.open_round is not None and state.open_round.kind == "score"
        keys = setup.config.criterion_keys if score else setup.config.gate_keys
        refs = setup.scoring_items if score and setup.scoring_items else [i.ref for i in setup.items]
        lines = ["participant,gap,criterion,value,institution"]
        lines += [f"{self._t('wsapp_ui_template_name')},{ref},{k}," for ref in refs for k in keys]
        link = data_link(("\n".join(lines) + "\n").encode("utf-8"), f"boletas_{self.code}.csv", "text/csv",
                         self._t("wsapp_ui_download_template"))
        self._built["ballot_report"].value = f"<p>{link}</p>"

    def _on_export(self, _b) -> None:
        from atlas_qual.store.workshop import export_workshop_xlsx

        try:
            folder = Path(tempfile.mkdtemp(prefix="aq-export-"))
            path = export_workshop_xlsx(self._project, self.code, self._key, folder / f"taller_{self.code}.xlsx",
                                        lang=self.lang)
        except AtlasQualError as exc:
            self._error(exc)
            return
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        self._built["export_link"].value = (
            f'<p data-testid="export-link">{data_link(path.read_bytes(), path.name, mime, self._t("wsapp_ui_download", name=path.name))}</p>')


__all__ = ["FacilitatorApp", "kind_text", "participant_base", "render_join", "render_live", "render_gate_table", "render_ranking", "render_change",
           "render_shortlist", "render_items", "round_name", "data_link"]
