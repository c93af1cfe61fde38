"""The participant page: join a session by code with a nickname, answer the gate questions or score the qualifying
items one at a time (phone-sized), change answers until the round closes, and see the results once revealed.

No timer runs here: the kernel stays idle between clicks (an abandoned tab costs nothing and is culled), and the
"refresh" button reads the current round on demand. Each answer is one store transaction through the same
``cast_vote`` the concurrency tests exercise.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError, VoteRejected
from atlas_qual.i18n import t

EXTRA_CSS = """
.aq-part { max-width: 720px; }
.aq-part .widget-text, .aq-part .widget-dropdown { width: 100%; max-width: 100%; }
.aq-part .widget-text input, .aq-part .widget-dropdown select { width: 100%; }
.aq-part .widget-toggle-buttons { width: 100%; flex-wrap: wrap; }
.aq-part .widget-toggle-buttons .widget-toggle-button { flex: 1 1 0; min-width: 48px; margin: 2px;
  background: #ffffff; color: #1e3a5f; }
.aq-part .widget-toggle-buttons .widget-toggle-button.mod-active { background: #1e3a5f; color: #ffffff;
  font-weight: 700; box-shadow: inset 0 0 0 3px #f59e0b; }
.aq-part .aq-lang .widget-toggle-button { min-height: 36px; padding: 4px 10px; font-size: 0.9em; }
.aq-part .aq-prev, .aq-part .aq-next { padding: 0; flex: none; }
.aq-part .aq-q { margin-top: 10px; }
.aq-part .aq-q-label { font-weight: 600; }
.aq-part .aq-q-text { font-size: 0.9em; color: #4b5563; }
.aq-part .widget-checkbox { width: 100%; height: auto; }
.aq-part .widget-checkbox label { white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  line-height: 1.35; align-items: flex-start; }
.aq-part .widget-checkbox label span { white-space: normal; overflow: visible; text-overflow: clip; }
.aq-part .aq-nav { display: flex; gap: 6px; align-items: center; width: 100%; }
.aq-part .aq-item-title { font-size: 1.15em; font-weight: 700; margin: 6px 0 2px; }
.aq-part .aq-ok { border-left: 6px solid #1b7f4c; background: #dcfce7; color: #14532d; padding: 8px 12px; margin: 8px 0; }
"""


def _full(**kw: Any) -> widgets.Layout:
    return widgets.Layout(width="100%", **kw)


class ParticipantApp(widgets.VBox):
    """The participant page as one composite widget. Public state: ``lang``, ``code``, ``nickname``, ``joined``,
    ``item_index``. The participant's secret token stays in the kernel (never synced to the browser)."""

    lang = traitlets.Unicode("es").tag(sync=False)
    code = traitlets.Unicode("").tag(sync=False)
    nickname = traitlets.Unicode("").tag(sync=False)
    joined = traitlets.Bool(False).tag(sync=False)
    item_index = traitlets.Int(0).tag(sync=False)

    def __init__(self, project, *, code: str = "", lang: str = "es") -> None:
        from atlas_qual.widgets.page import style_html

        self._project = project
        self._token: str | None = None
        self._view = None
        self._round_seen: int | None = None
        self._loading = False
        self._rows: list[tuple[str, widgets.HTML, widgets.ToggleButtons]] = []
        self._row_signature: tuple = ()
        self._actions: dict[str, widgets.Checkbox] = {}
        self._actions_box = widgets.VBox(layout=widgets.Layout(display="none"))
        # learning workshops: a "yes" to a recommendation may name who should be responsible for it
        self._resp_box = widgets.VBox(layout=widgets.Layout(display="none"))
        self._resp_text: widgets.Text | None = None
        self._institutions: list[dict] | None = None
        self._lang_toggle = widgets.ToggleButtons(options=[("Español", "es"), ("English", "en")], value=lang,
                                                  style={"button_width": "auto"})
        self._lang_toggle.add_class("aq-lang")
        self._lang_toggle.observe(self._on_lang, names="value")
        self._header = widgets.HTML()
        self._intro = widgets.HTML()
        self._code_in = widgets.Text(value=code, layout=_full())
        self._nick_in = widgets.Text(layout=_full())
        self._inst_in = widgets.Dropdown(layout=_full())
        self._join_btn = widgets.Button(button_style="primary", layout=_full())
        self._join_btn.add_class("aq-join")
        self._join_btn.on_click(self._on_join)
        self._join_msg = widgets.HTML()
        self._join_box = widgets.VBox([self._intro, self._code_in, self._nick_in, self._inst_in, self._join_btn])
        self._vote_box = widgets.VBox()
        self._built = False
        super().__init__([widgets.HTML(style_html() + f"<style>{EXTRA_CSS}</style>"), self._lang_toggle,
                          self._header, self._join_box, self._join_msg, self._vote_box])
        self.add_class("aq-page")
        self.add_class("aq-part")
        self.lang = lang
        self.code = code
        self.reset()

    @classmethod
    def from_request(cls) -> "ParticipantApp":
        """Build from the query string: ``?session=CODE`` fills the code, ``?lang=en`` switches to English (default:
        the session's language, else Spanish)."""
        from atlas_qual.widgets.page import project, request_params

        proj = project()  # opened while the kernel is preheated, before the request arrives
        params = request_params()
        code = (params.get("session") or "").strip().upper()
        lang = (params.get("lang") or "").lower()[:2]
        if lang not in ("es", "en"):
            lang = "es"
            if code:
                try:
                    lang = _session_lang(proj, code)
                except AtlasQualError:
                    lang = "es"
        return cls(proj, code=code, lang=lang)

    # ---- text ----------------------------------------------------------------------------------------------------

    def _t(self, message: str, /, **params: Any) -> str:
        return t(message, lang=self.lang, **params)

    def reset(self) -> None:
        """Relabel in the current language; before joining, check the code from the URL."""
        from atlas_qual.store.workshop import institutions

        tr = self._t
        self._intro.value = f"<p>{H.escape(tr('wsapp_p_intro'))}</p>"
        self._code_in.placeholder = tr("wsapp_p_code")
        self._nick_in.placeholder = tr("wsapp_p_nickname")
        self._join_btn.description = tr("wsapp_p_join")
        if self._institutions is None or getattr(self, "_inst_lang", None) != self.lang:
            self._institutions = institutions(self._project, self.lang)
            self._inst_lang = self.lang
            self._inst_in.options = [(tr("wsapp_p_institution"), "")] + [
                (f"{i['id']} · {i['name']}"[:70], i["id"]) for i in self._institutions]
        if not self.joined:
            self._header.value = f"<h1>{H.escape(tr('app_participant'))}</h1>"
            if self.code:
                self._check_code(self.code)
        else:
            self._build_vote_box(force=True)
            self._render()

    def _check_code(self, code: str) -> None:
        from atlas_qual.store.workshop import session_setup

        try:
            setup = session_setup(self._project, code)
        except AtlasQualError as exc:
            self._join_msg.value = self._error_html(exc)
            return
        self._join_msg.value = ""
        self._header.value = (f"<h1>{H.escape(setup.title)}</h1>"
                              f"<p class='aq-muted'>{H.escape(self._t('wsapp_p_session', code=setup.code))}</p>")
        if setup.status == "finished":
            self._join_msg.value = self._error_html(AtlasQualError("wsapp_session_finished", code=setup.code))

    def _error_html(self, exc: Exception) -> str:
        text = exc.message(self.lang) if isinstance(exc, AtlasQualError) else str(exc)
        return f'<div class="aq-error" role="alert">{H.escape(text)}</div>'

    def _on_lang(self, change) -> None:
        self.lang = change["new"]
        self.reset()

    # ---- joining -------------------------------------------------------------------------------------------------

    def _on_join(self, _button) -> None:
        from atlas_qual.store.workshop import join_session

        code = self._code_in.value.strip().upper()
        try:
            if not code:
                raise AtlasQualError("wsapp_p_code_required")
            joined = join_session(self._project, code, self._nick_in.value, self._inst_in.value or None)
        except AtlasQualError as exc:
            self._join_msg.value = self._error_html(exc)
            return
        self._token = joined.token
        self.code = joined.code
        self.nickname = joined.nickname
        self.joined = True
        self._join_box.layout.display = "none"
        self._join_msg.value = ""
        self._build_vote_box()
        self._load()

    # ---- voting ----------------------------------------------------------------------------------------------------

    def _build_vote_box(self, force: bool = False) -> None:
        tr = self._t
        if not self._built:
            self._round_html = widgets.HTML()
            self._prev = widgets.Button(description="◀", layout=widgets.Layout(width="56px"))
            self._next = widgets.Button(description="▶", layout=widgets.Layout(width="56px"))
            self._prev.add_class("aq-prev")
            self._next.add_class("aq-next")
            self._pick = widgets.Dropdown(layout=widgets.Layout(flex="1 1 auto", width="auto"))
            self._pick.observe(self._on_pick, names="value")
            self._prev.on_click(lambda _b: self._go(-1))
            self._next.on_click(lambda _b: self._go(+1))
            self._nav = widgets.HBox([self._prev, self._pick, self._next], layout=_full())
            self._nav.add_class("aq-nav")
            self._card = widgets.HTML()
            self._qbox = widgets.VBox()
            self._confirm = widgets.HTML()
            self._refresh_btn = widgets.Button(layout=widgets.Layout(width="auto"))
            self._refresh_btn.add_class("aq-refresh")
            self._refresh_btn.on_click(lambda _b: self._load())
            self._results_html = widgets.HTML()
            self._voting = widgets.VBox([self._nav, self._card, self._qbox, self._actions_box, self._resp_box,
                                         self._confirm])
            self._vote_box.children = [self._round_html, self._voting, self._refresh_btn, self._results_html]
            self._built = True
        self._refresh_btn.description = "⟳ " + tr("wsapp_p_refresh")
        if force:
            self._row_signature = ()
            self._actions_box.children = []
            self._actions = {}
            self._resp_box.children = []
            self._resp_text = None

    def _load(self) -> None:
        """Read the current round, the participant's own votes and any revealed results (one store read)."""
        from atlas_qual.store.workshop import participant_view

        try:
            self._view = participant_view(self._project, self.code, self._token, self.lang)
        except AtlasQualError as exc:
            self._round_html.value = self._error_html(exc)
            return
        self._render()

    def _render(self) -> None:
        view = self._view
        if view is None:
            return
        tr = self._t
        self._header.value = (f"<h1>{H.escape(view.title)}</h1><p class='aq-muted'>"
                              f"{H.escape(tr('wsapp_p_hello', nickname=view.nickname, code=view.code))}</p>")
        round_ = view.round
        if view.status == "finished" or round_ is None or not view.items:
            key = "wsapp_p_finished" if view.status == "finished" else "wsapp_p_waiting"
            self._round_html.value = f'<div class="aq-notice" data-testid="round-state">{H.escape(tr(key))}</div>'
            self._voting.layout.display = "none"
        else:
            self._voting.layout.display = None
            if round_.number != self._round_seen:  # a new round starts at its first item
                self._round_seen = round_.number
                self.item_index = 0
            self._setup_rows(round_.kind)
            self._update_progress()
            self.item_index = min(self.item_index, len(view.items) - 1)
            self._update_picker()
            self._show_item()
        self._render_results()

    def _questions(self, kind: str) -> list[tuple[str, str, list[tuple[str, Any]]]]:
        """(key, label, toggle options) of the round's questions."""
        config = self._view.config
        if kind == "gate":
            options = [(self._t("workshop_yes").capitalize(), "yes"), (self._t("workshop_no").capitalize(), "no")]
            return [(g.key, g.label(self.lang), options) for g in config.gates]
        return [(c.key, c.label(self.lang), [(str(v), v) for v in range(c.min, c.max + 1)]) for c in config.criteria]

    def _setup_rows(self, kind: str) -> None:
        questions = self._questions(kind)
        signature = (kind, self.lang, tuple((k, label, tuple(o)) for k, label, o in questions))
        if signature == self._row_signature:
            return
        self._row_signature = signature
        self._rows = []
        boxes = []
        for key, label, options in questions:
            head = widgets.HTML(f'<div class="aq-q"><span class="aq-q-label">{H.escape(key)}</span> '
                                f'<span class="aq-q-text">{H.escape(label)}</span></div>')
            toggle = widgets.ToggleButtons(options=options, value=None, layout=_full())
            toggle.add_class(f"aq-q-{key}")
            toggle.observe(lambda change, key=key: self._on_answer(key, change), names="value")
            self._rows.append((key, head, toggle))
            boxes.append(widgets.VBox([head, toggle], layout=_full()))
        self._qbox.children = boxes
        self._actions_box.layout.display = "none"

    def _answered(self, ref: str) -> int:
        keys = {k for k, _h, _t in self._rows}
        return sum(1 for (item, key) in self._view.votes if item == ref and key in keys)

    def _update_progress(self) -> None:
        view, tr = self._view, self._t
        total = len(view.items)
        done = sum(1 for i in view.items if self._answered(i.ref) >= len(self._rows))
        name = t("wsapp_round_gate" if view.round.kind == "gate" else "wsapp_round_score", lang=self.lang,
                 number=view.round.number)
        from atlas_qual.widgets.facilitator import kind_text

        hint = kind_text("wsapp_p_gate_hint" if view.round.kind == "gate" else "wsapp_p_score_hint", view.kind,
                         self.lang)
        status = tr("wsapp_p_all_done") if done == total else kind_text("wsapp_p_progress", view.kind, self.lang,
                                                                         done=done, total=total)
        self._round_html.value = (f'<div data-testid="round-state"><h2>{H.escape(name.capitalize())}</h2>'
                                  f"<p>{H.escape(hint)}</p>"
                                  f'<p class="{"aq-ok" if done == total else "aq-muted"}" data-testid="progress">'
                                  f"{H.escape(status)}</p></div>")

    def _update_picker(self) -> None:
        options = []
        for n, item in enumerate(self._view.items):
            answered = self._answered(item.ref)
            mark = "✓" if answered >= len(self._rows) else ("◐" if answered else "○")
            options.append((f"{mark} {item.ref} · {item.title_in(self.lang)}"[:90], n))
        self._loading = True
        try:
            if list(self._pick.options) != options:
                self._pick.options = options
            self._pick.value = self.item_index
        finally:
            self._loading = False

    def _show_item(self) -> None:
        from atlas_qual.widgets.facilitator import kind_text

        view = self._view
        item = view.items[self.item_index]
        description = item.description_in(self.lang)
        position = kind_text("wsapp_p_item_of", view.kind, self.lang, n=self.item_index + 1, total=len(view.items))
        self._card.value = (f'<div class="aq-card" data-testid="item"><div class="aq-muted">{H.escape(position)}</div>'
                            f'<div class="aq-item-title">{H.escape(item.ref)} · {H.escape(item.title_in(self.lang))}'
                            f"</div>{'<p>' + H.escape(description) + '</p>' if description else ''}</div>")
        self._prev.disabled = self.item_index == 0
        self._next.disabled = self.item_index >= len(view.items) - 1
        self._loading = True
        try:
            for key, _head, toggle in self._rows:
                vote = view.votes.get((item.ref, key))
                toggle.value = self._toggle_value(key, vote[0]) if vote else None
        finally:
            self._loading = False
        self._confirm.value = ""
        self._show_actions(item)

    def _toggle_value(self, key: str, value: float) -> Any:
        if self._view.round.kind == "gate":
            return "yes" if value >= 0.5 else "no"
        return int(round(value))

    def _go(self, step: int) -> None:
        if self._view is None or not self._view.items:
            return
        self.item_index = max(0, min(len(self._view.items) - 1, self.item_index + step))
        self._update_picker()
        self._show_item()

    def _on_pick(self, change) -> None:
        if self._loading or change["new"] is None:
            return
        self.item_index = change["new"]
        self._show_item()

    def _on_answer(self, key: str, change) -> None:
        if self._loading or change["new"] is None or self._view is None:
            return
        item = self._view.items[self.item_index]
        value = change["new"]
        detail = None
        if self._view.round.kind == "gate":
            value = value == "yes"
            if key == "C2" and value:
                detail = [a for a, box in self._actions.items() if box.value]
        if self._cast(item.ref, key, value, detail):
            self._show_actions(item)

    def _cast(self, ref: str, key: str, value: Any, detail: list[str] | None) -> bool:
        """Send one vote; True when it was recorded (else the reason is on screen)."""
        from atlas_qual.store.workshop import cast_vote

        tr = self._t
        try:
            receipt = cast_vote(self._project, self.code, self._token, ref, key, value, detail=detail)
        except VoteRejected as exc:
            message = self._error_html(exc)
            self._load()  # the round may have closed: show what is open now
            self._confirm.value = message
            self._round_html.value = message + self._round_html.value
            return False
        except AtlasQualError as exc:
            self._confirm.value = self._error_html(exc)
            return False
        self._view.votes[(receipt.item, receipt.criterion)] = (float(receipt.value), tuple(receipt.detail))
        shown = (tr("workshop_yes") if receipt.value else tr("workshop_no")) if isinstance(receipt.value, bool) \
            else f"{receipt.value:g}"
        self._confirm.value = (f'<div class="aq-ok" role="status" data-testid="confirm">'
                               f"{H.escape(tr('wsapp_p_saved', item=receipt.item, question=receipt.criterion, value=shown))}"
                               f"</div>")
        self._update_progress()
        self._update_picker()
        return True

    # ---- C2: which USDOL 2018 actions --------------------------------------------------------------------------

    def _show_actions(self, item) -> None:
        self._show_responsible(item)
        view = self._view
        c2 = view.round is not None and view.round.kind == "gate" and view.kind == "gaps" \
            and "C2" in view.config.gate_keys
        vote = view.votes.get((item.ref, "C2")) if c2 else None
        if not c2 or vote is None or vote[0] < 0.5:
            self._actions_box.layout.display = "none"
            return
        if not self._actions:
            self._build_actions()
        suggested = set(item.usdol_actions)
        chosen = set(vote[1])
        self._loading = True
        try:
            for action_id, box in self._actions.items():
                box.value = action_id in chosen
                base = box.description.lstrip("★ ")
                box.description = ("★ " + base) if action_id in suggested else base
        finally:
            self._loading = False
        self._actions_box.layout.display = None

    def _build_actions(self) -> None:
        from atlas_qual.store.gaps import usdol_actions

        tr = self._t
        children: list[widgets.Widget] = [widgets.HTML(f"<p><b>{H.escape(tr('wsapp_p_actions'))}</b><br>"
                                                       f"<span class='aq-muted'>{H.escape(tr('wsapp_p_actions_hint'))}"
                                                       f"</span></p>")]
        area = None
        for action in usdol_actions(self._project):
            if action["area"] != area:
                area = action["area"]
                children.append(widgets.HTML(f"<div class='aq-q-label'>{H.escape(_area_name(area, self.lang))}</div>"))
            box = widgets.Checkbox(value=False, indent=False, description=f"{action['id']} — {action['text']}",
                                   layout=_full())
            box.observe(self._on_action, names="value")
            self._actions[action["id"]] = box
            children.append(box)
        self._actions_box.children = children

    def _on_action(self, _change) -> None:
        if self._loading or self._view is None:
            return
        item = self._view.items[self.item_index]
        self._cast(item.ref, "C2", True, [a for a, box in self._actions.items() if box.value])

    # ---- learning workshop: who should be responsible -----------------------------------------------------------

    def _show_responsible(self, item) -> None:
        view = self._view
        learning = view.round is not None and view.round.kind == "gate" and view.kind == "learning" \
            and "endorse" in view.config.gate_keys and item.ref != "ENDORSE"
        vote = view.votes.get((item.ref, "endorse")) if learning else None
        if vote is None or vote[0] < 0.5:
            self._resp_box.layout.display = "none"
            return
        if self._resp_text is None:
            tr = self._t
            self._resp_text = widgets.Text(placeholder=tr("wsapp_p_responsible_hint"), layout=_full())
            self._resp_text.add_class("aq-responsible")
            save = widgets.Button(description=tr("wsapp_p_responsible_save"))
            save.add_class("aq-responsible-save")
            save.on_click(self._on_responsible)
            self._resp_box.children = [widgets.HTML(f"<p><b>{H.escape(tr('wsapp_p_responsible'))}</b></p>"),
                                       self._resp_text, save]
        self._loading = True
        try:
            self._resp_text.value = vote[1][0] if vote[1] else ""
        finally:
            self._loading = False
        self._resp_box.layout.display = None

    def _on_responsible(self, _button=None) -> None:
        if self._view is None or self._resp_text is None:
            return
        item = self._view.items[self.item_index]
        text = self._resp_text.value.strip()
        self._cast(item.ref, "endorse", True, [text] if text else [])

    # ---- results -------------------------------------------------------------------------------------------------

    def _render_results(self) -> None:
        view = self._view
        if view.revealed is None:
            self._results_html.value = ""
            return
        from atlas_qual.widgets.facilitator import render_gate_table, render_ranking

        res = view.revealed
        parts = [f'<h2>{H.escape(self._t("wsapp_p_results"))}</h2>']
        if res.get("scoring_round") is not None:
            parts.append(render_ranking(res, self.lang, show_ties=False))
        parts.append(render_gate_table(res, self.lang))
        self._results_html.value = f'<div data-testid="results">{"".join(parts)}</div>'


def _area_name(area: str, lang: str) -> str:
    key = "wsapp_area_" + "".join(ch if ch.isalnum() else "_" for ch in area.lower())
    try:
        return t(key, lang=lang)
    except KeyError:
        return area


def _session_lang(project, code: str) -> str:
    from atlas_qual.store.workshop import session_state

    return session_state(project, code).lang


__all__ = ["ParticipantApp"]
