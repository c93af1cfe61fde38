"""The coding page: a coder picks their name and a transcript, reads its turns page by page, selects words with
the mouse or Shift+arrows and applies one or more codes to exactly that span (or to a whole turn), changes or
removes a coding from its highlight, undoes and redoes, accepts or rejects suggestions, writes memos every coder
reads, looks at code frequencies, filters by code, speaker or uncoded, and edits the codebook.

Blind coding: the page shows only the current coder's codings, plus the auto-coding suggestions they have not
decided yet; another coder's codings never appear (memos are shared, with their author). Speed: the turns are one
anywidget (atlas_qual.widgets.span_reader); an action writes once to the store and sends back only the changed
turn. Names are redacted in the page as in every output.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence
from urllib.parse import urlencode

import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.widget_bool import ToggleButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural, t
from atlas_qual.widgets.coding_codebook import CodebookPanel
from atlas_qual.widgets.coding_labels import CaseLabels
from atlas_qual.widgets.coding_panels import MemoAndChartPanels
from atlas_qual.widgets.page import request_params

EXTRA_CSS = """
.aq-coding .aq-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.aq-coding .widget-text input, .aq-coding .widget-dropdown select, .aq-coding .widget-combobox input { min-width: 0; }
.aq-coding .widget-dropdown, .aq-coding .widget-text, .aq-coding .widget-combobox { height: auto; }
.aq-status-line { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; }
.aq-status-line .aq-progress { min-width: 260px; flex: 1; }
.aq-coding .aq-actions { position: sticky; top: 0; z-index: 5; background: #ffffff; padding: 4px 0;
  border-bottom: 1px solid #d1d5db; }
.aq-coding .aq-actions .aq-notice, .aq-coding .aq-actions .aq-error, .aq-coding .aq-actions .aq-card {
  max-height: 28vh; overflow-y: auto; margin: 6px 0; }
.aq-def dt { font-weight: 600; margin-top: 4px; }
/* the links of the status line (this view's address) are tapped on a phone: 40 px high */
.aq-status-line a { display: inline-flex; align-items: center; min-height: 40px; }
.aq-coding .aq-page-total { align-self: center; }
.aq-coding .aq-inline > input { flex: 0 0 4.5em; width: 4.5em; }
.aq-def dd { margin: 0 0 4px 0; }
"""

MAX_OPTION_TEXT = 70


def _tr(lang: str) -> Callable[..., str]:
    return lambda key, **p: t(key, lang=lang, **p)


# --------------------------------------------------------------------------------------------------------------------
# pure renderers
# --------------------------------------------------------------------------------------------------------------------


def render_status(page, lang: str, link: str, other_lang_link: str = "", *, framed: bool = False) -> str:
    """Title, coder, progress (coded / total), a link that reopens this exact view and one to the other language
    (``framed``: inside the shared page frame, which has the page's h1 and the language switch)."""
    tr = _tr(lang)
    if framed:
        other_lang_link = ""
    switch = ""
    if other_lang_link:
        other = "English" if lang == "es" else "Español"
        switch = f'<div><a href="{H.escape(other_lang_link)}" lang="{"en" if lang == "es" else "es"}">{other}</a></div>'
    if page is None:
        return "" if framed else f'<div class="aq-status-line"><h1>{H.escape(tr("app_coding"))}</h1>{switch}</div>'
    heading = f'<h2>{H.escape(page.title)}</h2>' if framed else \
        f'<h1>{H.escape(tr("app_coding"))}: {H.escape(page.title)}</h1>'
    label = tr("coding_app_progress", coded=page.coded, total=Plural("count_segments_coded", page.total),
               pct=f"{(100 * page.coded / page.total) if page.total else 0:.0f}")
    coder = H.escape(page.coder) if page.coder else f'<i>{H.escape(tr("coding_app_no_coder_short"))}</i>'
    return (
        f'{heading}<div class="aq-status-line"><div>{H.escape(tr("coding_app_coder"))}: <b>{coder}</b></div>'
        f'{H.progress_bar(page.coded, page.total, label) if page.coder else ""}'
        f'<div><a href="{H.escape(link)}" data-testid="permalink">{H.escape(tr("coding_app_permalink"))}</a></div>'
        f'{switch}</div>'
    )


def render_code_help(details: dict[str, Any], lang: str) -> str:
    """A code's definition, when to use it, when not, and an example (the reader's language, else Spanish)."""
    tr = _tr(lang)

    def text(key: str) -> str:
        value = details.get(key) or {}
        return value.get(lang) or value.get("es") or ""

    rows = [(tr(f"coding_app_{k}"), text(k)) for k in ("definition", "when_to_use", "when_not_to_use", "example")]
    body = "".join(f"<dt>{H.escape(k)}</dt><dd>{H.escape(v)}</dd>" for k, v in rows if v)
    title = details.get("path_en") if lang == "en" and details.get("path_en") else details.get("path", "")
    usage = tr("coding_app_code_usage", codings=Plural("count_codings", details.get("codings", 0)),
               subcodes=Plural("count_subcodes", details.get("subcodes", 0)))
    # folded: the definition is one click away and does not push the turns down the screen
    return (f'<details class="aq-card aq-def"><summary><b>{H.escape(title)}</b> '
            f'<span class="aq-muted">({H.escape(usage)})</span></summary><dl>{body}</dl></details>')


# the query string, read without importing voila (atlas_qual.widgets.page)
query_params = request_params


def _short(text: str, n: int = MAX_OPTION_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------------------------------------------------


class CodingApp(CaseLabels, MemoAndChartPanels, CodebookPanel, widgets.VBox):
    """The coding page for one project. Public state: ``coder``, ``transcript_id``, ``page``, ``filter``,
    ``segment_id`` (the selected turn) and ``lang``; ``reader`` is the span reader (turns, selection, code box,
    apply, undo/redo); every action goes through ``atlas_qual.store``."""

    coder = traitlets.Unicode("").tag(sync=False)
    transcript_id = traitlets.Int(0).tag(sync=False)
    page = traitlets.Int(1).tag(sync=False)
    filter = traitlets.Unicode("all").tag(sync=False)
    segment_id = traitlets.Int(0).tag(sync=False)
    lang = traitlets.Unicode("es").tag(sync=False)

    def __init__(self, project, *, coder: str = "", transcript_id: int | None = None, page: int = 1,
                 filter: str = "all", lang: str = "es", page_size: int = 25, redact: bool = True,
                 framed: bool = False) -> None:
        from atlas_qual.store.codebook import code_index
        from atlas_qual.store.coding import list_coders, transcript_choices
        from atlas_qual.widgets.page import style_html
        from atlas_qual.widgets.span_reader import SpanReader, reader_labels

        self._project = project
        self._page_size = page_size
        self._view = None  # the CodingPage on screen
        self._codes = code_index(project)
        self._busy = False
        self._redact = redact
        self._framed = framed
        self._redactor = None
        self.lang = lang if lang in ("es", "en") else "es"
        self._refresh_redactor()
        tr = _tr(self.lang)
        choices = transcript_choices(project, lang=self.lang)
        known = {tid for tid, _ in choices}
        tid = transcript_id if transcript_id in known else (choices[0][0] if choices else 0)
        redact_label = self._redactor.redact if self._redactor is not None else (lambda x: x)

        # Every widget model is a round trip on page load: the controls share their layout and style models
        # (ipywidgets would create one of each per widget) and the panels are built only when opened.
        layout = widgets.Layout
        plain, row_layout = layout(), layout(flex_flow="row wrap", align_items="center")
        auto = layout(width="auto")
        medium = layout(width="300px")
        square = layout(width="56px")
        described = DescriptionStyle(description_width="initial")
        text_style = TextStyle(description_width="initial")
        html_style, button_style = HTMLStyle(), widgets.ButtonStyle()
        toggle_style = ToggleButtonStyle()
        html = lambda: widgets.HTML(layout=plain, style=html_style)  # noqa: E731

        def button(key: str, tip: str = "", kind: str = "", lay=auto) -> widgets.Button:
            return widgets.Button(description=tr(key) if key else "", tooltip=tr(tip) if tip else "",
                                  button_style=kind, layout=lay, style=button_style)

        def toggle(key: str, tip: str = "") -> widgets.ToggleButton:
            return widgets.ToggleButton(description=tr(key), tooltip=tr(tip) if tip else "", layout=auto,
                                        style=toggle_style)

        self.status = html()
        self.coder_box = widgets.Combobox(value=" ".join((coder or "").split()), options=list_coders(project),
                                          placeholder=tr("coding_app_coder_placeholder"), ensure_option=False,
                                          continuous_update=False, description=tr("coding_app_coder"),
                                          layout=layout(width="400px"), style=text_style)
        self.transcript_picker = widgets.Dropdown(options=[(_short(redact_label(label)), i) for i, label in choices],
                                                  value=tid or None, description=tr("coding_app_transcript"),
                                                  # a transcript's title says which interview: as wide as the row
                                                  # allows, so it is read whole, not cut at 40 characters
                                                  layout=layout(width="auto", flex="1 1 420px", max_width="860px"),
                                                  style=described)
        self.prev_button = button("", "coding_app_prev", lay=square)
        self.prev_button.description = "◀"
        self.page_input = widgets.BoundedIntText(value=max(1, page), min=1, max=max(1, page),
                                                 description=tr("coding_app_page"), layout=auto, style=described)
        # "Página [1] de 3": the total after the box (the box's label read "Pág. (de 3)" before the number)
        self.page_input.add_class("aq-inline")
        self.page_total = widgets.HTML(layout=auto, style=html_style)
        self.page_total.add_class("aq-page-total")
        self.next_button = button("", "coding_app_next", lay=square)
        self.next_button.description = "▶"
        self.filter_picker = widgets.Dropdown(description=tr("coding_app_filter"), layout=medium, style=described)
        self.reader = SpanReader(labels=reader_labels(self.lang))
        self.accept_button = button("coding_app_accept", "coding_app_accept_tip", "success")
        self.reject_button = button("coding_app_reject", "coding_app_reject_tip")
        self.memo_button = toggle("coding_app_memos", "coding_app_memos_tip")
        self.chart_button = toggle("coding_app_chart")
        self.codebook_button = toggle("coding_app_codebook")
        self.message = html()
        self.message.add_class("aq-message")
        self.accept_button.add_class("aq-accept")
        self.panel = widgets.VBox(layout=plain)
        self._memo_widgets: dict[str, widgets.Widget] = {}
        self._codebook_widgets: dict[str, widgets.Widget] = {}
        self._chart_widgets: dict[str, widgets.Widget] = {}
        self._pending_delete: int | None = None

        row = lambda children: widgets.HBox(children, layout=row_layout)  # noqa: E731
        self._css = style_html() + f"<style>{EXTRA_CSS}</style>"
        actions = widgets.VBox([
            row([self.accept_button, self.reject_button, self.memo_button, self.chart_button, self.codebook_button]),
            self.message,
        ], layout=plain)
        super().__init__([
            self.status,
            row([self.coder_box, self.transcript_picker]),
            row([self.prev_button, self.page_input, self.page_total, self.next_button, self.filter_picker]),
            actions,
            self.panel,
            self.reader,
        ], layout=plain)
        self.add_class("aq-page")
        self.add_class("aq-coding")

        self.coder = self.coder_box.value
        self.transcript_id = tid or 0
        self.page = max(1, int(page))
        self.filter = filter or "all"
        self._fill_code_options()
        self.reset()

        self.coder_box.observe(self._on_coder, names="value")
        self.transcript_picker.observe(self._on_transcript, names="value")
        self.prev_button.on_click(self._on_prev)
        self.next_button.on_click(self._on_next)
        self.page_input.observe(self._on_page_input, names="value")
        self.filter_picker.observe(self._on_filter, names="value")
        self.reader.observe(self._on_segment, names="selected")
        self.reader.observe(self._on_code_pick, names="code")
        self.accept_button.on_click(self._on_accept)
        self.reject_button.on_click(self._on_reject)
        self.memo_button.observe(self._on_memo_toggle, names="value")
        self.chart_button.observe(self._on_chart_toggle, names="value")
        self.codebook_button.observe(self._on_codebook_toggle, names="value")
        for kind in ("apply", "remove", "change", "resize", "accept", "reject", "undo", "redo", "hide_name"):
            self.reader.on_action(kind, getattr(self, f"_on_{kind}_msg"))

    @classmethod
    def from_request(cls):
        """The page in the shared frame, from the query string: ``?coder=&transcript=&page=&filter=&lang=``."""
        from atlas_qual.widgets.frame import frame
        from atlas_qual.widgets.page import page_lang, project

        # open the project before waiting for the request: a preheated kernel has it ready when the browser comes
        proj = project()
        params = query_params()

        def as_int(key: str, default: int | None) -> int | None:
            value = params.get(key, "")
            return int(value) if value.isdigit() else default

        lang = page_lang(params)
        app = cls(proj, coder=params.get("coder", ""), transcript_id=as_int("transcript", None),
                  page=as_int("page", 1) or 1, filter=params.get("filter", "all"), lang=lang, framed=True)
        return frame("coding", app, lang=lang, params=params)

    # ------------------------------------------------------------------------------------------ state -> screen

    def _tr(self, key: str, **params: Any) -> str:
        return t(key, lang=self.lang, **params)

    def _code_label(self, ref) -> str:
        return ref.label(self.lang)

    def _refresh_redactor(self) -> None:
        from atlas_qual.store.transcripts import project_redactor

        self._redactor = project_redactor(self._project, getattr(self, "lang", "es") or "es") if self._redact \
            else None

    def _title(self) -> str:
        if self._view is None:
            return "-"
        title = self._redactor.redact(self._view.title) if self._redactor is not None else self._view.title
        from atlas_qual.store.coding import with_pseudonym

        case = self._case()  # the pseudonym the interviewee's turns show, as the transcript picker has it
        return with_pseudonym(title, case.pseudonym if case else None)

    def _fill_code_options(self) -> None:
        self.reader.codes = [{"id": r.id, "label": self._code_label(r), "color": r.color} for r in self._codes]

    def _clear_code(self) -> None:
        self._silent(lambda: setattr(self.reader, "code", ""))

    def _fill_filter_options(self, speakers: Sequence[str] = ()) -> None:
        options = [(self._tr("coding_app_filter_all"), "all"), (self._tr("coding_app_filter_uncoded"), "uncoded"),
                   (self._tr("coding_app_filter_suggested"), "suggested")]
        options += [(self._tr("coding_app_filter_code", code=_short(self._code_label(r), 50)), f"code:{r.id}")
                    for r in self._codes]
        options += [(self._tr("coding_app_filter_speaker", speaker=_short(self._speaker(sp), 40)), f"speaker:{sp}")
                    for sp in speakers]
        values = [v for _l, v in options]
        current = self.filter if self.filter in values else "all"
        with self.hold_trait_notifications():
            self._silent(lambda: setattr(self.filter_picker, "options", options))
            self._silent(lambda: setattr(self.filter_picker, "value", current))
        self.filter = current

    def _silent(self, fn: Callable[[], Any]) -> None:
        busy, self._busy = self._busy, True
        try:
            fn()
        finally:
            self._busy = busy

    def link(self, lang: str | None = None) -> str:
        """The query string that reopens this view (coder, transcript, page, filter, language)."""
        params = {"coder": self.coder, "transcript": self.transcript_id, "page": self.page, "lang": lang or self.lang}
        if self.filter != "all":
            params["filter"] = self.filter
        return "?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})

    def _other_lang(self) -> str:
        return self.link("en" if self.lang == "es" else "es")

    def reset(self) -> None:
        """Reload the current page from the store (after any change, by anyone)."""
        from atlas_qual.store.coding import coding_page

        if not self.transcript_id:
            self._view = None
            self.status.value = self._css + render_status(None, self.lang, self.link(), self._other_lang(),
                                                          framed=self._framed)
            self.reader.segments = []
            self.message.value = f'<div class="aq-notice">{H.escape(self._tr("coding_app_no_transcripts"))}</div>'
            self._enable()
            return
        try:
            view = coding_page(self._project, self.transcript_id, self.coder or None, page=self.page,
                               page_size=self._page_size, filter=self.filter)
        except AtlasQualError as exc:
            if self.filter == "all":
                raise
            # a filter that no longer applies (a code deleted by someone else, a hand-edited link): show all
            self._say(exc.message(self.lang), "error")
            self.filter = "all"
            view = coding_page(self._project, self.transcript_id, self.coder or None, page=self.page,
                               page_size=self._page_size, filter="all")
        speakers_changed = self._view is None or self._view.speakers != view.speakers or \
            self._view.transcript_id != view.transcript_id
        self._view = view
        self.page = view.page
        if speakers_changed:
            self._fill_filter_options(view.speakers)
        self._silent(lambda: self._set_page_input(view))
        ids = [s.id for s in view.segments]
        selected = self.segment_id if self.segment_id in ids else (ids[0] if ids else 0)
        self.segment_id = selected
        with self.reader.hold_sync():
            self.reader.segments = [self._payload(s) for s in view.segments]
            self._silent(lambda: setattr(self.reader, "selected", selected))
        self._render_status()
        self._enable()

    def _payload(self, seg) -> dict[str, Any]:
        from atlas_qual.widgets.span_reader import segment_payload

        return segment_payload(seg, self._codes, self.lang, self._redactor, speaker=self._speaker)

    def _set_page_input(self, view) -> None:
        self.page_input.max = view.pages
        self.page_input.value = view.page
        self.page_input.description = self._tr("coding_app_page")
        self.page_total.value = H.escape(self._tr("coding_app_page_total", pages=view.pages))

    def _render_status(self) -> None:
        from dataclasses import replace

        view = replace(self._view, title=self._title()) if self._view is not None else None
        self.status.value = self._css + render_status(view, self.lang, self.link(), self._other_lang(),
                                                      framed=self._framed)

    def _enable(self) -> None:
        from atlas_qual.store.undo import history

        has_coder = bool(self.coder)
        has_segment = bool(self.segment_id)
        # shown only where there is something to decide: a project never auto-coded has no suggestions, and a
        # green "Aceptar sugerencia" there reads as the page's main action
        suggested = self._view is not None and any(seg.suggestions for seg in self._view.segments)
        for b in (self.accept_button, self.reject_button):
            b.disabled = not (has_coder and has_segment)
            b.layout.display = None if suggested else "none"
        self.memo_button.disabled = not has_coder
        with self.reader.hold_sync():
            self.reader.enabled = has_coder and self._view is not None
            self.reader.history = list(history(self._project, self.coder)) if has_coder else [0, 0]
        view = self._view
        self.prev_button.disabled = view is None or view.page <= 1
        self.next_button.disabled = view is None or view.page >= view.pages
        if not has_coder and not self.message.value:
            self._say(self._tr("coding_app_need_coder"), "notice")

    def _say(self, text: str, kind: str = "notice") -> None:
        cls = {"notice": "aq-notice", "error": "aq-error", "ok": "aq-notice"}[kind]
        self.message.value = f'<div class="{cls}" role="status">{H.escape(text)}</div>' if text else ""

    def _selected_segment(self):
        if self._view is None:
            return None
        return next((s for s in self._view.segments if s.id == self.segment_id), None)

    def _segment(self, segment_id: Any):
        if self._view is None:
            return None
        return next((s for s in self._view.segments if s.id == int(segment_id or 0)), None)

    def _selected_code(self):
        value = (self.reader.code or "").strip()
        if not value:
            raise AtlasQualError("code_unknown", code="", hint=", ".join(self._codes.similar("")))
        return self._codes.resolve(value)

    def _run(self, action: Callable[[], str | None]) -> None:
        """Run a user action: its message on success, the error's message (Spanish or English) on failure."""
        try:
            done = action()
        except AtlasQualError as exc:
            self._say(exc.message(self.lang), "error")
            return
        self.reset()
        if done:
            self._say(done, "ok")

    def _close_panels(self) -> None:
        for b in (self.memo_button, self.chart_button, self.codebook_button):
            self._silent(lambda b=b: setattr(b, "value", False))
        self.panel.children = ()
        self._memo_widgets, self._codebook_widgets, self._chart_widgets = {}, {}, {}

    def _untoggle(self, keep) -> None:
        """Open one panel: the other toggles go up."""
        for b in (self.memo_button, self.chart_button, self.codebook_button):
            if b is not keep:
                self._silent(lambda b=b: setattr(b, "value", False))
        self._memo_widgets, self._codebook_widgets, self._chart_widgets = {}, {}, {}

    # ------------------------------------------------------------------------------------ span reader actions

    def _reader_action(self, fn: Callable[[], tuple[str, Sequence[int]]]) -> None:
        """Run an action from the span reader: one store write, then only the turns it changed are sent back, with
        the progress and what was done (or the error, in the reader's status line)."""
        from atlas_qual.store.coding import segment_views

        try:
            text, touched = fn()
        except AtlasQualError as exc:
            self.reader.say(exc.message(self.lang), "error")
            return
        on_page = [i for i in touched if self._segment(i) is not None]
        if on_page and self._view is not None:
            from dataclasses import replace

            fresh = {v.id: v for v in segment_views(self._project, on_page, self.coder)}
            segs = tuple(fresh.get(s.id, s) for s in self._view.segments)
            # progress moves only with the turns just changed: no count over the whole transcript per action
            coded = self._view.coded + sum(bool(fresh[s.id].codings) - bool(s.codings)
                                           for s in self._view.segments if s.id in fresh)
            self._view = replace(self._view, segments=segs, coded=coded)
        with self.reader.hold_sync():
            if on_page:
                self.reader.replace([self._payload(self._segment(i)) for i in on_page])
            self._enable()
            self.reader.say(text, "ok", clear=True)
        self._render_status()

    def _codes_of(self, names: Sequence[Any]) -> list:
        names = [str(n).strip() for n in (names or []) if str(n).strip()]
        if not names:
            raise AtlasQualError("code_unknown", code="", hint=", ".join(self._codes.similar("")))
        return [self._codes.resolve(n) for n in names]

    def _where(self, seg, start: int | None, end: int | None) -> str:
        if start is None or end is None:
            return self._tr("span_reader_whole_turn", ordinal=seg.ordinal)
        return self._tr("span_reader_span_at", ordinal=seg.ordinal, start=start - seg.start, end=end - seg.start)

    def apply(self, codes: Sequence[str], segment_id: int, start: int | None = None, end: int | None = None) -> None:
        """Apply ``codes`` to the turn, or to ``start:end`` of it (code points WITHIN the turn), as the reader's
        Apply button does."""
        self.reader.act({"type": "apply", "codes": list(codes), "segment_id": segment_id, "start": start,
                         "end": end})

    def _on_apply_msg(self, msg: dict[str, Any]) -> None:
        from atlas_qual.store.coding import apply_codes

        def action() -> tuple[str, list[int]]:
            refs = self._codes_of(msg.get("codes") or [])
            seg = self._segment(msg.get("segment_id"))
            if seg is None:
                raise AtlasQualError("segment_unknown", id=msg.get("segment_id"))
            start, end = msg.get("start"), msg.get("end")
            names = ", ".join(self._code_label(r) for r in refs)
            if start is None or end is None or (int(start), int(end)) == (0, len(seg.text)):
                apply_codes(self._project, seg.id, [r.id for r in refs], self.coder)
                return self._tr("coding_app_applied_turn", codes=names, ordinal=seg.ordinal), [seg.id]
            a, b = int(start), int(end)
            if not (0 <= a < b <= len(seg.text)):
                raise AtlasQualError("span_outside_segment", id=seg.id, start=a, end=b, seg_start=0,
                                     seg_end=len(seg.text))
            apply_codes(self._project, seg.id, [r.id for r in refs], self.coder, start=seg.start + a,
                        end=seg.start + b)
            return self._tr("coding_app_applied_span", codes=names, quote=_short(self._quote(seg, a, b), 60),
                            ordinal=seg.ordinal, start=a, end=b), [seg.id]

        self._reader_action(action)

    def _coding(self, coding_id: Any):
        for seg in (self._view.segments if self._view else ()):
            for c in seg.codings:
                if c.id == int(coding_id or 0):
                    return seg, c
        raise AtlasQualError("suggestion_unknown", id=coding_id)

    def _on_remove_msg(self, msg: dict[str, Any]) -> None:
        from atlas_qual.store.coding import remove_coding

        def action() -> tuple[str, list[int]]:
            seg, c = self._coding(msg.get("coding_id"))
            remove_coding(self._project, c.id, self.coder)
            code = self._code_label(self._codes.get(c.code_id))
            return self._tr("coding_app_removed_coding", code=code, where=self._where(seg, c.start, c.end)), [seg.id]

        self._reader_action(action)

    def _on_change_msg(self, msg: dict[str, Any]) -> None:
        from atlas_qual.store.coding import change_coding

        def action() -> tuple[str, list[int]]:
            seg, c = self._coding(msg.get("coding_id"))
            ref = self._codes_of([msg.get("code", "")])[0]
            change_coding(self._project, c.id, ref.id, self.coder)
            old = self._code_label(self._codes.get(c.code_id))
            return self._tr("coding_app_changed_coding", old=old, code=self._code_label(ref),
                            where=self._where(seg, c.start, c.end)), [seg.id]

        self._reader_action(action)

    def _on_resize_msg(self, msg: dict[str, Any]) -> None:
        """Move a coding to the words selected now (code points within the turn), keeping its code."""
        from atlas_qual.store.coding import resize_coding

        def action() -> tuple[str, list[int]]:
            seg, c = self._coding(msg.get("coding_id"))
            a, b = int(msg.get("start")), int(msg.get("end"))
            if not (0 <= a < b <= len(seg.text)):
                raise AtlasQualError("span_outside_segment", id=seg.id, start=a, end=b, seg_start=0,
                                     seg_end=len(seg.text))
            resize_coding(self._project, c.id, self.coder, seg.start + a, seg.start + b)
            code = self._code_label(self._codes.get(c.code_id))
            return self._tr("coding_app_resized", code=code, quote=_short(self._quote(seg, a, b), 60),
                            where=self._where(seg, seg.start + a, seg.start + b)), [seg.id]

        self._reader_action(action)

    def _decide_msg(self, msg: dict[str, Any], accept: bool) -> None:
        from atlas_qual.store.coding import accept_suggestions, reject_suggestions

        def action() -> tuple[str, list[int]]:
            seg = self._segment(msg.get("segment_id"))
            sug = next((s for s in (seg.suggestions if seg else ()) if s.id == int(msg.get("suggestion_id") or 0)),
                       None)
            if seg is None or sug is None:
                raise AtlasQualError("suggestion_unknown", id=msg.get("suggestion_id"))
            (accept_suggestions if accept else reject_suggestions)(self._project, [sug.id], self.coder)
            if accept:
                return self._accepted_text(seg, sug), [seg.id]
            return self._tr("coding_app_rejected", codes=self._code_label(self._codes.get(sug.code_id)),
                            ordinal=seg.ordinal), [seg.id]

        self._reader_action(action)

    def _on_accept_msg(self, msg: dict[str, Any]) -> None:
        self._decide_msg(msg, True)

    def _on_reject_msg(self, msg: dict[str, Any]) -> None:
        self._decide_msg(msg, False)

    def _undo_step(self, undo: bool) -> None:
        from atlas_qual.store.coding import segment_views
        from atlas_qual.store.undo import redo as redo_action
        from atlas_qual.store.undo import undo as undo_action

        def action() -> tuple[str, list[int]]:
            done = (undo_action if undo else redo_action)(self._project, self.coder)
            if done is None:
                return self._tr("coding_app_nothing_to_undo" if undo else "coding_app_nothing_to_redo"), []
            summary = done.summary
            ordinal = "?"
            seg_id = summary.get("segment_id") or (done.segments[0] if done.segments else None)
            if seg_id:
                views = segment_views(self._project, [seg_id], None)
                ordinal = views[0].ordinal if views else "?"
            code_id = summary.get("code_id")
            code = self._code_label(self._codes.get(code_id)) if code_id in self._codes.refs else ""
            what = self._tr(f"coding_app_action_{done.kind}", code=code, ordinal=ordinal)
            return self._tr("coding_app_undone" if undo else "coding_app_redone", what=what), list(done.segments)

        self._reader_action(action)

    def _on_undo_msg(self, _msg: dict[str, Any] | None = None) -> None:
        self._undo_step(True)

    def _on_redo_msg(self, _msg: dict[str, Any] | None = None) -> None:
        self._undo_step(False)

    def _on_hide_name_msg(self, msg: dict[str, Any]) -> None:
        """"Hide this name": the selected words join the project's names to hide; the page redraws redacted."""
        from atlas_qual.store.names import add_names

        seg = self._segment(msg.get("segment_id"))
        try:
            if seg is None:
                raise AtlasQualError("segment_unknown", id=msg.get("segment_id"))
            name = seg.text[int(msg.get("start") or 0):int(msg.get("end") or 0)].strip()
            capitalised = False
            try:
                add_names(self._project, [name], added_by=self.coder)
            except AtlasQualError as exc:
                # a name that is also a word ("Rosa"), selected where it is written with a capital: hidden where
                # it is capitalised, as `names add NAME --capitalised` does; "una rosa blanca" stays
                if exc.key != "names_everyday_word" or not name[:1].isupper():
                    raise
                add_names(self._project, [name], added_by=self.coder, capitalised=True)
                capitalised = True
        except AtlasQualError as exc:
            self.reader.say(exc.message(self.lang), "error")
            return
        self._refresh_redactor()
        self.reset()
        self.reader.say(self._tr("coding_app_name_hidden_capitalised", name=name) if capitalised
                        else self._tr("coding_app_name_hidden"), "ok", clear=True)

    # --------------------------------------------------------------------------------------------- events

    def _on_coder(self, change) -> None:
        from atlas_qual.store.coding_import import _coder_key

        if self._busy:
            return
        name = " ".join((change["new"] or "").split())
        known = [c for c in self.coder_box.options if c != name and _coder_key(c) == _coder_key(name)]
        if name and name not in self.coder_box.options and known:
            # "Carlos Rojas" typed for carlos.rojas: the same person, not a new coder with none of their codings
            name = known[0]
            self._silent(lambda: setattr(self.coder_box, "value", name))
        self.coder = name
        self.message.value = ""
        # blind coding: the next coder must not read what the last one did ("'Debilidades' aplicado a «...»")
        self.reader.say("", clear=True)
        self._close_panels()
        self.reset()
        if known and name == known[0] and change["new"] != name:
            self._say(self._tr("coding_app_coder_known", typed=" ".join((change["new"] or "").split()), coder=name))

    def _on_transcript(self, change) -> None:
        if change["new"] is None:
            return
        self.transcript_id = int(change["new"])
        self.page = 1
        self.segment_id = 0
        self.filter = "all"
        self.message.value = ""
        self._close_panels()
        self.reset()

    def _on_prev(self, _button=None) -> None:
        if self.page > 1:
            self.page -= 1
            self.segment_id = 0
            self.reset()

    def _on_next(self, _button=None) -> None:
        if self._view is not None and self.page < self._view.pages:
            self.page += 1
            self.segment_id = 0
            self.reset()

    def _on_page_input(self, change) -> None:
        if self._busy or change["new"] == self.page:
            return
        self.page = int(change["new"])
        self.segment_id = 0
        self.reset()

    def _on_filter(self, change) -> None:
        if self._busy or change["new"] is None:
            return
        self.filter = change["new"]
        self.page = 1
        self.segment_id = 0
        self.reset()

    def _on_segment(self, change) -> None:
        if self._busy or not change["new"]:
            return
        self.segment_id = int(change["new"])
        self._enable()
        if self._memo_widgets:
            self._load_memo()

    def _on_code_pick(self, change) -> None:
        from atlas_qual.store.codebook import code_details

        value = (change["new"] or "").strip()
        if self._busy or not value:
            return
        try:
            details = code_details(self._project, self._codes.resolve(value).id)
        except AtlasQualError:
            return
        self.message.value = render_code_help(details, self.lang)
        if self._memo_widgets:
            self._load_memo()

    def _suggestions_for_action(self):
        """The selected turn's suggestions the buttons act on: the typed code's, else all of them."""
        seg = self._selected_segment()
        if seg is None:
            return None, []
        wanted = None
        value = (self.reader.code or "").strip()
        if value:
            try:
                wanted = self._codes.resolve(value).id
            except AtlasQualError:
                wanted = None
        chosen = [s for s in seg.suggestions if wanted is None or s.code_id == wanted]
        if not chosen and wanted is not None:
            chosen = list(seg.suggestions)
        return seg, chosen

    def _decide(self, accept: bool) -> None:
        from atlas_qual.store.coding import accept_suggestions, reject_suggestions

        if accept and not (self.reader.code or "").strip():
            seg, chosen = self._suggestions_for_action()
            if seg is not None and len(chosen) > 1:
                # one click would code the whole turn with every suggestion (18 on a long turn): name the one
                self._say(self._tr("coding_app_accept_pick", ordinal=seg.ordinal), "error")
                return

        def action() -> str:
            seg, chosen = self._suggestions_for_action()
            if seg is None or not chosen:
                return self._tr("coding_app_no_suggestions", ordinal=seg.ordinal if seg else "?")
            fn = accept_suggestions if accept else reject_suggestions
            fn(self._project, [s.id for s in chosen], self.coder)
            if accept and len(chosen) == 1:
                return self._accepted_text(seg, chosen[0])
            names = ", ".join(self._code_label(self._codes.get(s.code_id)) for s in chosen
                              if s.code_id in self._codes.refs)
            key = "coding_app_accepted" if accept else "coding_app_rejected"
            return self._tr(key, codes=names, ordinal=seg.ordinal)

        self._run(action)

    def _on_accept(self, _button=None) -> None:
        self._decide(True)

    def _on_reject(self, _button=None) -> None:
        self._decide(False)
