"""The facilitator page: open a session by code and key, project the join code, QR and "completaron X de N".

From there the facilitator runs the rounds, reads the results, shortlists, names workgroups, enters paper ballots
and exports (the working sections are in ``facilitator_sections``, the HTML in ``facilitator_views``).

Who may do what: a session opens with its facilitator key only (kept in the kernel, never in a URL, a synced trait or
the projected view); the session list and "create" ask for the admin password set at ``atlas-qual serve``. A new
session's key is shown once, in a dialog, at creation.

Live refresh: an ``ipywidgets.Play`` timer ticks in the browser about once a second (only while a page is open) and
each tick reads the session's version, one tiny query; only when it changed are the counts and results recomputed,
and only widgets whose HTML changed are sent. The page sits in the shared frame (``atlas_qual.widgets.frame``).
"""

from __future__ import annotations

import time
from typing import Any, Callable

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.html import data_link
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import LANG_NAMES, t
from atlas_qual.widgets.facilitator_sections import SectionsMixin, button, upload_to_file
from atlas_qual.widgets.facilitator_views import (
    EXTRA_CSS,
    kind_text,
    participant_base,
    render_change,
    render_gate_table,
    render_items,
    render_join,
    render_live,
    render_projector,
    render_ranking,
    render_shortlist,
    round_name,
)

TICK_MS = 1000  # one read of one integer per second: the count moves within a second of a vote
PHONES_SECONDS = 5.0  # how often the count of connected phones is read (phones report every 10 s)
SECTIONS = ("live", "setup", "results", "shortlist", "ballots")
# the round buttons in their usual order (a just-closed round's "show results" moves to the front)
CONTROLS = ("open_btn", "reopen_btn", "close_btn", "undo_btn", "reveal_btn", "finish_btn", "finish_cancel", "resume_btn")
_upload_to_file = upload_to_file  # the name tests and older callers use


def _labelled(widget: widgets.Widget, text: str) -> widgets.Widget:
    """Give a control a visible label that screen readers announce (ipywidgets' ``description``)."""
    widget.description = text
    widget.style = {"description_width": "initial"}
    return widget


class FacilitatorApp(SectionsMixin, widgets.VBox):
    """The facilitator page as one composite widget. Public state: ``lang``, ``code``, ``unlocked``, ``admin``,
    ``section``."""

    lang = traitlets.Unicode("es").tag(sync=False)
    code = traitlets.Unicode("").tag(sync=False)
    unlocked = traitlets.Bool(False).tag(sync=False)
    admin = traitlets.Bool(False).tag(sync=False)
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
        self._shortlist_rows: list = []
        self._criteria_rows: list = []
        self._setup = None
        self._updating = False
        self._next_round: int | None = None
        self._reopen: int | None = None  # the closed round "reopen" opens again (closed too early, nobody voting)
        self._finish_armed = False  # "end the session" asks once more before it ends anything
        self._reveal_target = None
        self._admin_failures = 0
        self._admin_retry_at = 0.0
        self._hide: Callable[[str], str] | None = None  # the project's redactor, read when a session opens
        self._phones: int | None = None  # phones connected right now (None: not read yet)
        self._phones_at = 0.0

        def row() -> widgets.Layout:  # one Layout per box: hiding one box must not hide the others
            return widgets.Layout(flex_flow="row wrap", align_items="flex-end")

        # open a session: its code and its key
        # labels above the boxes: beside them, the code's box was 56 px wide and cut its example "AB3K9Z"
        self._code_input = widgets.Text(value=code, layout=widgets.Layout(width="auto"))
        self._code_input.add_class("aq-code-input")
        self._key_input = widgets.Password(layout=widgets.Layout(width="auto"))
        self._key_input.add_class("aq-key-input")
        for field in (self._code_input, self._key_input):
            field.add_class("aq-above")
        self._unlock_btn = button("", style="primary", cls="aq-unlock")
        self._unlock_btn.on_click(self._on_unlock)
        self._labels: dict[str, widgets.HTML] = {k: widgets.HTML() for k in ("open", "admin", "create", "no_admin")}
        # the admin area: session list and "create", behind the admin password set at `serve`
        self._admin_input = widgets.Password(layout=widgets.Layout(width="280px"))
        self._admin_input.add_class("aq-admin-input")
        self._admin_btn = button("", cls="aq-admin-unlock")
        self._admin_btn.on_click(self._on_admin)
        self._sessions = widgets.Dropdown(layout=widgets.Layout(width="auto", min_width="260px"))
        self._sessions.observe(self._on_choose, names="value")
        self._new_title = widgets.Text(layout=widgets.Layout(width="340px"))
        self._new_file = widgets.FileUpload(accept=".csv,.xlsx,.xlsm", multiple=False)
        self._new_lang = widgets.Dropdown(options=[(LANG_NAMES[c], c) for c in ("es", "en", "gn")], value="es",
                                          layout=widgets.Layout(width="auto"))
        self._create_btn = button("", style="primary", cls="aq-create")
        self._create_btn.on_click(self._on_create)
        self._admin_box = widgets.VBox([
            self._sessions, self._labels["create"],
            widgets.HBox([self._new_title, self._new_lang, self._new_file, self._create_btn], layout=row()),
        ], layout=widgets.Layout(display="none"))
        self._admin_login = widgets.HBox([self._admin_input, self._admin_btn], layout=row())
        self._gate = widgets.VBox([
            self._labels["open"], widgets.HBox([self._code_input, self._key_input, self._unlock_btn], layout=row()),
            self._labels["admin"], self._labels["no_admin"], self._admin_login, self._admin_box,
        ])
        # the key of a new session, once, in a dialog that is closed before projecting
        self._dialog_html = widgets.HTML()
        self._dialog_ok = button("", style="primary", cls="aq-key-ok")
        self._dialog_ok.on_click(self._on_dialog_ok)
        self._dialog = widgets.VBox([widgets.VBox([self._dialog_html, self._dialog_ok])],
                                    layout=widgets.Layout(display="none"))
        self._dialog.children[0].add_class("aq-dialog")
        self._dialog.add_class("aq-dialog-back")
        self._message = widgets.HTML()
        # unlocked area
        self._nav = widgets.ToggleButtons(options=[("", s) for s in SECTIONS], value="live",
                                          style={"button_width": "auto"})
        self._nav.add_class("aq-sections")
        self._nav.observe(self._on_section, names="value")
        self._section_box = widgets.VBox()
        self._main = widgets.VBox([self._nav, self._section_box], layout=widgets.Layout(display="none"))
        self._play = widgets.Play(interval=TICK_MS, min=0, max=10**9, step=1, repeat=True, show_repeat=False,
                                  playing=False, layout=widgets.Layout(display="none"))
        self._play.observe(self._on_tick, names="value")
        # the open session kept in this browser tab: a reload mid-workshop reopens it without the key typed again
        from atlas_qual.widgets.facilitator_memory import TabMemory

        self._memory = TabMemory()
        self._memory.on_restore(self._on_restore)
        styles = widgets.HTML(style_html() + f"<style>{EXTRA_CSS}</style>")
        for quiet in (styles, self._message):  # no blank band above the page while they hold nothing visible
            quiet.add_class("aq-quiet")
        super().__init__([styles, self._gate, self._message,
                          self._main, self._dialog, self._play, self._memory])
        self.add_class("aq-page")
        self.add_class("aq-fac")
        self.lang = lang
        self.code = code
        self.reset()

    @classmethod
    def from_request(cls):
        """The page in the shared frame, from the query string: ``?session=CODE`` fills the code, ``?lang=en``."""
        from atlas_qual.widgets.frame import frame
        from atlas_qual.widgets.page import page_lang, project, request_params

        proj = project()  # opened before the request arrives: preheated kernels do it ahead of time
        params = request_params()
        lang = page_lang(params)
        app = cls(proj, code=(params.get("session") or "").strip().upper(), lang=lang, base=participant_base())
        return frame("facilitator", app, lang=lang, params=params)

    # ---- labels ---------------------------------------------------------------------------------------------------

    def _t(self, message: str, /, **params: Any) -> str:
        return t(message, lang=self.lang, **params)

    def reset(self) -> None:
        """Relabel everything in the current language (and re-read the session list when the admin is in)."""
        from atlas_qual.keys import admin_password

        tr = self._t
        e = H.escape
        self._labels["open"].value = (f"<h2>{e(tr('wsapp_ui_open_heading'))}</h2>"
                                      f"<p class='aq-muted'>{e(tr('wsapp_ui_open_hint'))}</p>")
        self._labels["admin"].value = f"<h2>{e(tr('wsapp_ui_admin_heading'))}</h2>"
        configured = admin_password() is not None
        self._labels["no_admin"].value = "" if configured else (
            f"<p class='aq-muted' data-testid='no-admin'>{e(tr('wsapp_ui_admin_unset'))}</p>")
        self._admin_login.layout.display = "none" if (self.admin or not configured) else None
        self._labels["create"].value = (f"<b>{e(tr('wsapp_ui_or_create'))}</b> "
                                        f"<span class='aq-muted'>{e(tr('wsapp_ui_create_hint'))}</span>")
        _labelled(self._code_input, tr("wsapp_ui_code_label"))
        _labelled(self._key_input, tr("wsapp_ui_enter_key"))
        _labelled(self._admin_input, tr("wsapp_ui_admin_password"))
        _labelled(self._sessions, tr("wsapp_ui_choose_session"))
        _labelled(self._new_title, tr("wsapp_ui_title_label"))
        _labelled(self._new_lang, tr("wsapp_ui_session_lang"))
        self._code_input.placeholder = "AB3K9Z"
        self._new_title.placeholder = tr("wsapp_ui_title_placeholder")
        self._key_input.placeholder = tr("wsapp_ui_key_placeholder")
        self._create_btn.description = tr("wsapp_ui_create")
        self._unlock_btn.description = tr("wsapp_ui_unlock")
        self._admin_btn.description = tr("wsapp_ui_admin_unlock")
        self._dialog_ok.description = tr("wsapp_ui_key_saved")
        self._new_file.description = tr("wsapp_ui_gap_file")
        self._nav.options = [(tr(f"wsapp_ui_section_{s}"), s) for s in SECTIONS]
        self._nav.value = self.section
        if self.admin:
            self._fill_sessions()
        if self.unlocked:
            self._built.clear()
            self._shortlist_rows = []
            self._show_section()
            self._refresh(force=True)

    def _fill_sessions(self) -> None:
        from atlas_qual.store.workshop import list_sessions

        if not self.admin:  # the list is the admin's: nobody else learns which sessions exist
            return
        options = [(f"{s.code} · {s.title}", s.code) for s in list_sessions(self._project)]
        self._updating = True
        try:
            self._sessions.options = [(self._t("wsapp_ui_pick"), "")] + options
            self._sessions.value = self.code if self.code in {c for _l, c in options} else ""
        finally:
            self._updating = False

    # ---- events ----------------------------------------------------------------------------------------------------

    def _error(self, exc: Exception) -> None:
        text = exc.message(self.lang) if isinstance(exc, AtlasQualError) else str(exc)
        self._message.value = f'<div class="aq-error" role="alert">{H.escape(text)}</div>'

    def _info(self, text: str, *, html: str = "") -> None:
        self._message.value = f'<div class="aq-notice" role="status">{H.escape(text)}{html}</div>'

    def _on_choose(self, change) -> None:
        if self._updating:
            return
        new = change["new"] or ""
        if new:
            self._code_input.value = new
        if new != self.code:
            self._lock()
            self.code = new
            self._message.value = ""

    def _lock(self) -> None:
        if self.unlocked:
            self._memory.forget()
        self._key = None
        self.unlocked = False
        self._play.playing = False
        self._main.layout.display = "none"
        self._gate.layout.display = None

    def _on_admin(self, _button) -> None:
        from atlas_qual import keys

        given = self._admin_input.value or ""
        self._admin_input.value = ""
        wait = self._admin_retry_at - time.monotonic()
        if wait > 0:  # the same growing delay as wrong facilitator keys, for this page
            self._error(AtlasQualError("wsapp_ui_admin_wait", seconds=int(wait) + 1))
            return
        if not keys.check_admin_password(given):
            self._admin_failures += 1
            self._admin_retry_at = time.monotonic() + keys.delay_after(self._admin_failures)
            self._error(AtlasQualError("wsapp_ui_admin_wrong"))
            return
        self._admin_failures = 0
        self.admin = True
        self._message.value = ""
        self._admin_login.layout.display = "none"
        self._admin_box.layout.display = None
        self._fill_sessions()

    def _on_unlock(self, _button) -> None:
        from atlas_qual.store.workshop import authorize

        code = (self._code_input.value or self.code or "").strip().upper()
        key = (self._key_input.value or "").strip()
        try:
            if not code:
                raise AtlasQualError("wsapp_ui_pick_first")
            authorize(self._project, code, key)
        except AtlasQualError as exc:
            self._error(exc)
            return
        finally:
            self._key_input.value = ""  # typed keys never stay in a widget
        self._message.value = ""
        self._open(code, key)

    def _on_restore(self, code: str, key: str) -> None:
        """The tab kept a session from before a reload: reopen it if its key still opens it (the page asked for no
        other session in its address), else forget it."""
        from atlas_qual.store.workshop import authorize

        if self.unlocked or (self.code and self.code != code.strip().upper()):
            return
        try:
            authorize(self._project, code, key)
        except AtlasQualError:
            self._memory.forget()
            return
        self._open(code, key)

    def _open(self, code: str, key: str) -> None:
        from atlas_qual.workshop import normalize_join_code

        from atlas_qual.store.workshop import workshop_redactor

        self.code = normalize_join_code(code)
        self._code_input.value = self.code
        self._key = key
        self._hide = workshop_redactor(self._project, self.lang)
        self.unlocked = True
        self._version = None
        self._built.clear()
        self._shortlist_rows = []
        self._gate.layout.display = "none"
        self._main.layout.display = None
        self._show_section()
        self._refresh(force=True)
        self._play.playing = True
        self._memory.save(self.code, key)

    def _on_create(self, _button) -> None:
        from atlas_qual import keys
        from atlas_qual.store.workshop import create_session

        if not self.admin or keys.admin_password() is None:  # the admin password was removed since: ask again
            self.admin = False
            self._admin_box.layout.display = "none"
            self._error(AtlasQualError("wsapp_ui_admin_wrong"))
            return
        title = self._new_title.value
        from atlas_qual.private_files import discard_temp

        path = None
        try:
            path = upload_to_file(self._new_file)
            created = create_session(self._project, title, gaps_file=path, base=self._base,
                                     lang=self._new_lang.value or "es")
        except AtlasQualError as exc:
            self._error(exc)
            return
        finally:
            discard_temp(path)  # the uploaded file does not outlive its import
        self._new_title.value = ""
        self._new_file.value = ()
        self._open(created.code, created.key)
        self._fill_sessions()
        self._info(self._t("wsapp_ui_created", code=created.code))
        e = H.escape
        self._dialog_html.value = (
            f'<div role="dialog" aria-modal="true" aria-labelledby="aq-key-title">'
            f'<h2 id="aq-key-title">{e(self._t("wsapp_ui_key_dialog_title", code=created.code))}</h2>'
            f'<p>{e(self._t("wsapp_ui_key_dialog_text"))}</p>'
            f'<p><span class="aq-key" data-testid="new-key">{e(created.key)}</span></p></div>')
        self._dialog.layout.display = None

    def _on_dialog_ok(self, _button) -> None:
        self._dialog_html.value = ""  # the key leaves the page: nothing left to project by mistake
        self._dialog.layout.display = "none"

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
        from atlas_qual.store.workshop import redacted, results, session_state, session_version

        version = session_version(self._project, self.code)
        if version is None:
            self._lock()
            self._error(AtlasQualError("wsapp_unknown_session", code=self.code))
            return
        phones_moved = self._read_phones(force or version != self._version)
        if version == self._version and not force:
            if phones_moved and self._state is not None and "projector_html" in self._built:
                self._built["projector_html"].value = render_projector(self._state, self.lang, self._phones)
            return
        self._version = version
        self._state = session_state(self._project, self.code)
        self._update_controls()
        for name, html in (("projector_html", lambda: render_projector(self._state, self.lang, self._phones)),
                           ("live_html", lambda: render_live(self._state, self.lang))):
            target = self._built.get(name)
            if target is not None:
                value = html()
                if target.value != value:  # unchanged HTML is not sent to the browser again
                    target.value = value
        show_live = "show_live" in self._built and self._built["show_live"].value
        if self.section in ("results", "shortlist") or (self.section == "live" and show_live):
            # the room sees this screen: listed names are hidden in every title, as in every other output
            self._results = redacted(results(self._project, self.code, lang=self.lang), self._hide)
        if self.section == "live" and "live_preview" in self._built:
            value = self._preview_html() if show_live else ""
            if self._built["live_preview"].value != value:
                self._built["live_preview"].value = value
        if self.section == "results":
            self._draw_results()
        if self.section == "shortlist":
            self._draw_shortlist()
        if self.section == "setup":
            self._draw_setup()

    def _read_phones(self, now: bool) -> bool:
        """The phones connected right now (open event streams), read every few seconds: True when it moved."""
        from atlas_qual.store.workshop import connected_phones

        if not now and time.monotonic() - self._phones_at < PHONES_SECONDS:
            return False
        self._phones_at = time.monotonic()
        try:
            phones = connected_phones(self._project, self.code)
        except AtlasQualError:
            return False
        moved, self._phones = phones != self._phones, phones
        return moved

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

    # live: the projector view (join code, QR, round state, complete ballots) and the round controls
    def _build_live(self) -> widgets.Widget:
        from atlas_qual.store.workshop import page_urls

        def make() -> widgets.Widget:
            b = self._built
            b["join_html"] = widgets.HTML(render_join(self.code, page_urls(self.code, self._base)[0], self.lang))
            b["projector_html"] = widgets.HTML()
            b["live_html"] = widgets.HTML()
            b["live_preview"] = widgets.HTML()
            b["show_live"] = widgets.Checkbox(value=False, indent=False, description=self._t("wsapp_ui_show_live"),
                                              layout=widgets.Layout(width="100%"))
            b["show_live"].observe(lambda _c: self._refresh(force=True), names="value")
            b["open_btn"] = button("", style="success", cls="aq-open-round")
            b["close_btn"] = button("", style="warning", cls="aq-close-round")
            b["reveal_btn"] = button("", cls="aq-reveal")
            b["finish_btn"] = button("", cls="aq-finish")
            # the way back from a wrong click: reopen a round closed too early, take back a round opened by
            # mistake (nobody voted yet), keep "end the session" from ending it at once, resume an ended session
            b["reopen_btn"] = button("", cls="aq-reopen-round")
            b["undo_btn"] = button("", cls="aq-undo-open")
            b["finish_cancel"] = button("", cls="aq-finish-cancel")
            b["resume_btn"] = button("", cls="aq-resume")
            b["open_btn"].on_click(self._on_open_round)
            b["close_btn"].on_click(self._on_close_round)
            b["reveal_btn"].on_click(self._on_reveal)
            b["finish_btn"].on_click(self._on_finish)
            b["reopen_btn"].on_click(self._on_reopen)
            b["undo_btn"].on_click(self._on_undo_open)
            b["finish_cancel"].on_click(self._on_finish_cancel)
            b["resume_btn"].on_click(self._on_resume)
            controls = widgets.HBox([b[k] for k in CONTROLS], layout=widgets.Layout(flex_flow="row wrap"))
            b["controls"] = controls
            # what the buttons cannot do now, said as text (a greyed-out "Hay una ronda abierta" read as a broken
            # button)
            b["round_note"] = widgets.HTML()
            b["round_note"].add_class("aq-round-note")
            # a person whose phone died joins again under the same nickname: the facilitator releases it (the
            # question above the box, wrapping: beside it, it ran 872 px wide on a phone)
            b["release_input"] = _labelled(widgets.Text(layout=widgets.Layout(width="auto")),
                                           self._t("wsapp_ui_release_label"))
            b["release_input"].add_class("aq-release-input")
            b["release_input"].add_class("aq-above")
            b["release_btn"] = button(self._t("wsapp_ui_release"), cls="aq-release")
            b["release_btn"].on_click(self._on_release)
            release = widgets.HBox([b["release_input"], b["release_btn"]],
                                   layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
            release.add_class("aq-release-row")
            projector = widgets.GridBox([b["join_html"], b["projector_html"]], layout=widgets.Layout(
                grid_template_columns="minmax(0, 5fr) minmax(0, 7fr)", grid_gap="24px", width="100%"))
            projector.add_class("aq-proj")
            return widgets.VBox([projector, b["round_note"], controls, b["live_html"], release, b["show_live"],
                                 b["live_preview"]])

        return self._cached("live", make)

    def _update_controls(self) -> None:
        from atlas_qual.store.workshop import next_round, reopen_target

        state = self._state
        if state is None or "open_btn" not in self._built:
            return
        tr = self._t
        open_round = state.open_round
        next_number = next_round(state)
        open_btn = self._built["open_btn"]
        open_btn.disabled = next_number is None
        open_btn.description = tr("wsapp_ui_open_round", round=round_name(
            next_number or 0, "gate" if next_number == 1 else "score", self.lang)) if next_number else tr(
            "wsapp_ui_round_running" if open_round else "wsapp_ui_finished")
        open_btn.tooltip = tr("wsapp_ui_second_round_hint") if (next_number or 0) >= 3 else ""
        self._next_round = next_number
        close_btn = self._built["close_btn"]
        close_btn.disabled = open_round is None
        close_btn.description = tr("wsapp_ui_close_round", round=round_name(
            open_round.number, open_round.kind, self.lang)) if open_round else tr("wsapp_ui_no_round_open")
        closed = [r for r in state.rounds if r.status == "closed"]
        reveal_btn = self._built["reveal_btn"]
        reveal_btn.disabled = not closed
        # a button that cannot be pressed now is not shown; the note says why ("close it to open the next")
        for btn in (open_btn, close_btn, reveal_btn):
            btn.layout.display = "none" if btn.disabled else None
        last = closed[-1] if closed else None
        # a round just closed whose results the room has not seen: showing them is the next step, so "show results"
        # is the green button and comes first; "open round N" (which fixes what qualifies, or starts a second
        # scoring round) waits beside it, plain (closing the scoring round, the green "Abrir ronda 3" was pressed
        # for the ranking)
        show_next = (last is not None and not last.revealed and open_round is None
                     and last.number == max((r.number for r in state.rounds if r.status != "pending"), default=0))
        reveal_btn.button_style = "success" if show_next else ""
        open_btn.button_style = "" if show_next else "success"
        order = ("reveal_btn", "open_btn") if show_next else ("open_btn", "reveal_btn")
        wanted = tuple(self._built[k] for k in order + tuple(k for k in CONTROLS if k not in order))
        if tuple(self._built["controls"].children) != wanted:
            self._built["controls"].children = wanted
        if show_next:
            note = tr("wsapp_ui_next_reveal", round=round_name(last.number, last.kind, self.lang))
        elif next_number is not None:
            note = ""
        elif open_round is not None:
            note = tr("wsapp_ui_round_running_note", round=round_name(open_round.number, open_round.kind, self.lang,
                                                                      heading=True))
        else:
            note = tr("wsapp_ui_finished")
        self._built["round_note"].value = (f'<p class="aq-muted" role="status" data-testid="round-note">'
                                           f'{H.escape(note)}</p>') if note else ""
        self._reveal_target = last
        if last is not None:
            key = "wsapp_ui_hide" if last.revealed else "wsapp_ui_reveal"
            reveal_btn.description = tr(key, round=round_name(last.number, last.kind, self.lang))
        else:
            reveal_btn.description = tr("wsapp_ui_reveal_none")
        b = self._built
        self._reopen = reopen_target(state)
        if self._reopen is not None:
            r = state.round(self._reopen)
            b["reopen_btn"].description = tr("wsapp_ui_reopen_round", round=round_name(r.number, r.kind, self.lang))
        b["reopen_btn"].layout.display = None if self._reopen is not None else "none"
        undoable = open_round is not None and open_round.votes == 0
        if undoable:
            b["undo_btn"].description = tr("wsapp_ui_undo_open", round=round_name(open_round.number,
                                                                                  open_round.kind, self.lang))
        b["undo_btn"].layout.display = None if undoable else "none"
        finished = state.status == "finished"
        if finished:
            self._finish_armed = False
        b["finish_btn"].layout.display = "none" if finished else None
        b["finish_btn"].button_style = "danger" if self._finish_armed else ""
        b["finish_btn"].description = tr("wsapp_ui_finish_confirm_btn" if self._finish_armed else "wsapp_ui_finish")
        b["finish_cancel"].description = tr("wsapp_ui_finish_cancel")
        b["finish_cancel"].layout.display = None if self._finish_armed else "none"
        b["resume_btn"].description = tr("wsapp_ui_resume")
        b["resume_btn"].layout.display = None if finished else "none"

    def _act(self, fn: Callable[[], Any], done: str | None = None) -> None:
        self._finish_armed = False  # any other action answers "end the session?" with no
        try:
            fn()
        except AtlasQualError as exc:
            self._error(exc)
        else:
            self._message.value = "" if done is None else f'<div class="aq-notice" role="status">{H.escape(done)}</div>'
        self._refresh(force=True)

    def _on_open_round(self, _b) -> None:
        from atlas_qual.store.workshop import open_round

        number = self._next_round
        if number is not None:
            self._act(lambda: open_round(self._project, self.code, self._key, number))

    def _on_close_round(self, _b) -> None:
        from atlas_qual.store.workshop import close_round

        self._act(lambda: close_round(self._project, self.code, self._key))

    def _on_reveal(self, _b) -> None:
        from atlas_qual.store.workshop import reveal_round

        target = self._reveal_target
        if target is not None:
            self._act(lambda: reveal_round(self._project, self.code, self._key, target.number,
                                           revealed=not target.revealed))

    def _on_release(self, _b) -> None:
        from atlas_qual.store.workshop import release_nickname

        field = self._built["release_input"]
        nickname = field.value
        self._act(lambda: release_nickname(self._project, self.code, self._key, nickname),
                  self._t("wsapp_ui_released"))
        if self._message.value.startswith('<div class="aq-notice"'):
            field.value = ""  # released: the name leaves the projected screen

    def _on_reopen(self, _b) -> None:
        from atlas_qual.store.workshop import open_round

        number, state = self._reopen, self._state
        if number is not None and state is not None:
            r = state.round(number)
            self._act(lambda: open_round(self._project, self.code, self._key, number),
                      self._t("wsapp_ui_reopened", round=round_name(r.number, r.kind, self.lang, heading=True)))

    def _on_undo_open(self, _b) -> None:
        from atlas_qual.store.workshop import undo_open_round

        state = self._state
        r = state.open_round if state is not None else None
        if r is not None:
            self._act(lambda: undo_open_round(self._project, self.code, self._key, r.number),
                      self._t("wsapp_ui_undone", round=round_name(r.number, r.kind, self.lang, heading=True)))

    def _on_finish(self, _b) -> None:
        from atlas_qual.store.workshop import finish_session

        if not self._finish_armed:  # first press: say what ending does and ask again; nothing changes yet
            self._finish_armed = True
            self._info(self._t("wsapp_ui_finish_confirm"))
            self._update_controls()
            return
        self._finish_armed = False
        self._act(lambda: finish_session(self._project, self.code, self._key), self._t("wsapp_ui_finished"))

    def _on_finish_cancel(self, _b) -> None:
        self._finish_armed = False
        self._message.value = ""
        self._update_controls()

    def _on_resume(self, _b) -> None:
        from atlas_qual.store.workshop import resume_session

        self._act(lambda: resume_session(self._project, self.code, self._key), self._t("wsapp_ui_resumed"))


__all__ = ["FacilitatorApp", "TICK_MS", "SECTIONS", "kind_text", "participant_base", "render_join", "render_live",
           "render_projector", "render_gate_table", "render_ranking", "render_change", "render_shortlist",
           "render_items", "round_name", "data_link"]
