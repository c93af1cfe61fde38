"""The coding page: a coder picks their name and a transcript, reads its segments page by page (speaker, matched
words highlighted), applies and removes codes, accepts or rejects suggestions, writes memos, filters by code,
speaker or uncoded, sees their progress, and edits the codebook.

Blind coding: the page shows only the current coder's codings and memos, plus the auto-coding suggestions they have
not decided yet; another coder's work never appears. Speed: a page of segments is ONE HTML widget and the controls
are one compact row each; the memo and codebook panels are built only when opened, so the first screen of a long
transcript costs one small query per part.
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
from atlas_qual.i18n import t
from atlas_qual.widgets.page import request_params

EXTRA_CSS = """
.aq-coding .aq-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.aq-coding .widget-text input, .aq-coding .widget-dropdown select, .aq-coding .widget-combobox input { min-width: 0; }
.aq-coding .widget-dropdown, .aq-coding .widget-text, .aq-coding .widget-combobox { height: auto; }
.aq-segs { margin: 8px 0; }
.aq-seg { border: 1px solid #d1d5db; border-left: 6px solid #d1d5db; border-radius: 8px; padding: 8px 12px;
  margin: 8px 0; background: #ffffff; }
.aq-seg-sel { border-color: #c24e00; border-left-color: #c24e00; box-shadow: 0 0 0 2px #fde2cc; }
.aq-seg-coded { border-left-color: #1b7f4c; }
.aq-seg-meta { font-size: 0.9em; color: #4b5563; display: flex; gap: 10px; align-items: baseline; }
.aq-seg-n { font-weight: 700; color: #111827; font-variant-numeric: tabular-nums; }
.aq-speaker { font-weight: 600; color: #1e3a5f; }
.aq-seg-text { white-space: pre-wrap; margin: 4px 0; }
.aq-seg mark { background: #fff3b0; color: inherit; padding: 0 1px; border-radius: 2px; }
.aq-seg .aq-span { text-decoration: underline; text-decoration-thickness: 3px; text-underline-offset: 3px; }
.aq-chips { display: flex; flex-wrap: wrap; gap: 6px; }
.aq-chip { display: inline-block; border: 2px solid #607d8b; border-radius: 999px; padding: 1px 10px;
  font-size: 0.85em; background: #f9fafb; }
.aq-chip-sug { border-style: dashed; background: #fffbeb; }
.aq-chip small { color: #4b5563; }
.aq-memo { font-size: 0.9em; background: #eef4fb; border-left: 4px solid #1f5fa8; padding: 4px 8px; margin-top: 4px; }
.aq-status-line { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; }
.aq-status-line .aq-progress { min-width: 260px; flex: 1; }
.aq-coding .aq-actions { position: sticky; top: 0; z-index: 5; background: #ffffff; padding: 4px 0;
  border-bottom: 1px solid #d1d5db; }
.aq-coding .aq-actions .aq-notice, .aq-coding .aq-actions .aq-error, .aq-coding .aq-actions .aq-card {
  max-height: 28vh; overflow-y: auto; margin: 6px 0; }
.aq-def dt { font-weight: 600; margin-top: 4px; }
.aq-def dd { margin: 0 0 4px 0; }
"""

MAX_OPTION_TEXT = 70


def _tr(lang: str) -> Callable[..., str]:
    return lambda key, **p: t(key, lang=lang, **p)


# --------------------------------------------------------------------------------------------------------------------
# pure renderers
# --------------------------------------------------------------------------------------------------------------------


def highlight(text: str, offset: int, marks: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int, str]] = ()
              ) -> str:
    """``text`` escaped, with ``marks`` (matched words, transcript offsets) in ``<mark>`` and coded ``spans``
    (start, end, colour) underlined in the code's colour; overlapping pieces nest cleanly.

    Examples:
        >>> highlight("Faltan <inspectores>", 100, [(108, 119)])
        'Faltan &lt;<mark>inspectores</mark>&gt;'
    """
    n = len(text)
    cuts = {0, n}
    rel_marks: list[tuple[int, int]] = []
    for a, b in sorted((max(0, a - offset), min(n, b - offset)) for a, b in marks if b > offset and a < offset + n):
        # neighbouring matches ("inspectora" + "de trabajo") read as one highlight
        if rel_marks and a <= rel_marks[-1][1] + 1 and not text[rel_marks[-1][1]:a].strip():
            rel_marks[-1] = (rel_marks[-1][0], max(b, rel_marks[-1][1]))
        else:
            rel_marks.append((a, b))
    rel_spans = [(max(0, a - offset), min(n, b - offset), c) for a, b, c in spans if b > offset and a < offset + n]
    for a, b in rel_marks:
        cuts.update((a, b))
    for a, b, _c in rel_spans:
        cuts.update((a, b))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        if a >= b:
            continue
        piece = H.escape(text[a:b])
        colors = [c for s, e, c in rel_spans if s <= a and b <= e]
        if colors:
            piece = f'<span class="aq-span" style="text-decoration-color:{H.escape(colors[0])}">{piece}</span>'
        if any(s <= a and b <= e for s, e in rel_marks):
            piece = f"<mark>{piece}</mark>"
        out.append(piece)
    return "".join(out)


def _chip(label: str, color: str, *, suggestion: bool = False, note: str = "") -> str:
    cls = "aq-chip aq-chip-sug" if suggestion else "aq-chip"
    extra = f" <small>{H.escape(note)}</small>" if note else ""
    return f'<span class="{cls}" style="border-color:{H.escape(color)}">{H.escape(label)}{extra}</span>'


def render_segments(page, codes, lang: str, selected: int | None = None) -> str:
    """One page of segments as HTML: number, speaker, text with matched words and coded spans, the coder's code
    chips, pending suggestions (dashed, with "?"), and the coder's memo."""
    tr = _tr(lang)
    if not page.segments:
        return f'<div class="aq-segs aq-notice">{H.escape(tr("coding_app_no_segments"))}</div>'
    parts = ['<div class="aq-segs">']
    for seg in page.segments:
        # words the rules matched: of pending suggestions and of the suggestions this coder accepted
        marks = [m for c in (*seg.suggestions, *(c for c in seg.codings if c.origin == "auto")) for m in c.matches]
        spans = []
        for c in seg.codings:
            if c.start is not None and c.end is not None:
                spans.append((c.start, c.end, codes.get(c.code_id).color if c.code_id in codes.refs else "#607d8b"))
        chips = []
        for c in seg.codings:
            ref = codes.refs.get(c.code_id)
            if ref is None:
                continue
            span_note = f"{c.start}-{c.end}" if c.start is not None else ""
            chips.append(_chip(ref.label(lang), ref.color, note=span_note))
        for s in seg.suggestions:
            ref = codes.refs.get(s.code_id)
            if ref is None:
                continue
            chips.append(_chip("? " + ref.label(lang), ref.color, suggestion=True, note=s.rule[:60]))
        cls = "aq-seg"
        if seg.codings:
            cls += " aq-seg-coded"
        if selected == seg.id:
            cls += " aq-seg-sel"
        speaker = f'<span class="aq-speaker">{H.escape(seg.speaker)}</span>' if seg.speaker else ""
        memo = f'<div class="aq-memo">✎ {H.escape(seg.memo)}</div>' if seg.memo else ""
        parts.append(
            f'<div class="{cls}" id="seg-{seg.id}" data-segment="{seg.id}" data-ordinal="{seg.ordinal}">'
            f'<div class="aq-seg-meta"><span class="aq-seg-n">#{seg.ordinal}</span>{speaker}</div>'
            f'<div class="aq-seg-text">{highlight(seg.text, seg.start, marks, spans)}</div>'
            f'<div class="aq-chips">{"".join(chips)}</div>{memo}</div>'
        )
    parts.append("</div>")
    return "".join(parts)


def render_status(page, lang: str, link: str, other_lang_link: str = "") -> str:
    """Title, coder, progress (coded / total), a link that reopens this exact view and one to the other language."""
    tr = _tr(lang)
    switch = ""
    if other_lang_link:
        other = "English" if lang == "es" else "Español"
        switch = f'<div><a href="{H.escape(other_lang_link)}" lang="{"en" if lang == "es" else "es"}">{other}</a></div>'
    if page is None:
        return f'<div class="aq-status-line"><h1>{H.escape(tr("app_coding"))}</h1>{switch}</div>'
    label = tr("coding_app_progress", coded=page.coded, total=page.total,
               pct=f"{(100 * page.coded / page.total) if page.total else 0:.0f}")
    coder = H.escape(page.coder) if page.coder else f'<i>{H.escape(tr("coding_app_no_coder_short"))}</i>'
    return (
        f'<h1>{H.escape(tr("app_coding"))}: {H.escape(page.title)}</h1>'
        f'<div class="aq-status-line"><div>{H.escape(tr("coding_app_coder"))}: <b>{coder}</b></div>'
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
    usage = tr("coding_app_code_usage", codings=details.get("codings", 0), subcodes=details.get("subcodes", 0))
    return (f'<div class="aq-card aq-def"><b>{H.escape(title)}</b> <span class="aq-muted">({H.escape(usage)})</span>'
            f"<dl>{body}</dl></div>")


# the query string, read without importing voila (atlas_qual.widgets.page)
query_params = request_params


def _short(text: str, n: int = MAX_OPTION_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------------------------------------------------


class CodingApp(widgets.VBox):
    """The coding page for one project. Public state: ``coder``, ``transcript_id``, ``page``, ``filter``,
    ``segment_id`` (the selected segment) and ``lang``; every action goes through ``atlas_qual.store``."""

    coder = traitlets.Unicode("").tag(sync=False)
    transcript_id = traitlets.Int(0).tag(sync=False)
    page = traitlets.Int(1).tag(sync=False)
    filter = traitlets.Unicode("all").tag(sync=False)
    segment_id = traitlets.Int(0).tag(sync=False)
    lang = traitlets.Unicode("es").tag(sync=False)

    def __init__(self, project, *, coder: str = "", transcript_id: int | None = None, page: int = 1,
                 filter: str = "all", lang: str = "es", page_size: int = 25) -> None:
        from atlas_qual.store.coding import list_coders, transcript_choices
        from atlas_qual.store.codebook import code_index
        from atlas_qual.widgets.page import style_html

        self._project = project
        self._page_size = page_size
        self._view = None  # the CodingPage on screen
        self._codes = code_index(project)
        self._busy = False
        self.lang = lang if lang in ("es", "en") else "es"
        tr = _tr(self.lang)
        choices = transcript_choices(project)
        known = {tid for tid, _ in choices}
        tid = transcript_id if transcript_id in known else (choices[0][0] if choices else 0)

        # Every widget model is a round trip on page load: the controls share their layout and style models
        # (ipywidgets would create one of each per widget) and the panels are built only when opened.
        layout = widgets.Layout
        plain, row_layout = layout(), layout(flex_flow="row wrap", align_items="center")
        auto = layout(width="auto")
        wide, medium, narrow = layout(width="420px"), layout(width="300px"), layout(width="150px")
        square = layout(width="56px")
        described = DescriptionStyle(description_width="initial")
        text_style = TextStyle(description_width="initial")
        html_style, button_style = HTMLStyle(), widgets.ButtonStyle()
        toggle_style = ToggleButtonStyle()
        html = lambda: widgets.HTML(layout=plain, style=html_style)  # noqa: E731

        def button(key: str, tip: str = "", kind: str = "", lay=auto) -> widgets.Button:
            return widgets.Button(description=tr(key) if key else "", tooltip=tr(tip) if tip else "",
                                  button_style=kind, layout=lay, style=button_style)

        self._shared = {"plain": plain, "described": described, "text": text_style, "html": html_style,
                        "button": button_style, "toggle": toggle_style}
        self.status = html()
        self.coder_box = widgets.Combobox(value=" ".join((coder or "").split()), options=list_coders(project),
                                          placeholder=tr("coding_app_coder_placeholder"), ensure_option=False,
                                          continuous_update=False, description=tr("coding_app_coder"),
                                          layout=medium, style=text_style)
        self.transcript_picker = widgets.Dropdown(options=[(_short(label), i) for i, label in choices],
                                                  value=tid or None, description=tr("coding_app_transcript"),
                                                  layout=wide, style=described)
        self.prev_button = button("", "coding_app_prev", lay=square)
        self.prev_button.description = "◀"
        self.page_input = widgets.BoundedIntText(value=max(1, page), min=1, max=max(1, page),
                                                 description=tr("coding_app_page"), layout=narrow, style=described)
        self.next_button = button("", "coding_app_next", lay=square)
        self.next_button.description = "▶"
        self.filter_picker = widgets.Dropdown(description=tr("coding_app_filter"), layout=medium, style=described)
        self.body = html()
        self.segment_picker = widgets.Dropdown(description=tr("coding_app_segment"), layout=wide, style=described)
        self.code_picker = widgets.Combobox(placeholder=tr("coding_app_code_placeholder"), ensure_option=True,
                                            description=tr("coding_app_code"), layout=wide, style=text_style)
        self.apply_button = button("coding_app_apply", "coding_app_apply_tip", "primary")
        self.remove_button = button("coding_app_remove", "coding_app_remove_tip")
        self.accept_button = button("coding_app_accept", "coding_app_accept_tip", "success")
        self.reject_button = button("coding_app_reject", "coding_app_reject_tip")
        self.memo_button = widgets.ToggleButton(description=tr("coding_app_memos"), tooltip=tr("coding_app_memos_tip"),
                                                layout=auto, style=toggle_style)
        self.codebook_button = widgets.ToggleButton(description=tr("coding_app_codebook"), layout=auto,
                                                    style=toggle_style)
        self.message = html()
        self.panel = widgets.VBox(layout=plain)
        self._memo_widgets: dict[str, widgets.Widget] = {}
        self._codebook_widgets: dict[str, widgets.Widget] = {}
        self._pending_delete: int | None = None

        row = lambda children: widgets.HBox(children, layout=row_layout)  # noqa: E731
        self._css = style_html() + f"<style>{EXTRA_CSS}</style>"
        # the coding controls stay at the top of the window while the coder scrolls through the page of segments
        actions = widgets.VBox([
            row([self.segment_picker, self.code_picker, self.apply_button, self.remove_button]),
            row([self.accept_button, self.reject_button, self.memo_button, self.codebook_button]),
            self.message,
        ], layout=plain)
        actions.add_class("aq-actions")
        super().__init__([
            self.status,
            row([self.coder_box, self.transcript_picker]),
            row([self.prev_button, self.page_input, self.next_button, self.filter_picker]),
            actions,
            self.panel,
            self.body,
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
        self.segment_picker.observe(self._on_segment, names="value")
        self.code_picker.observe(self._on_code_pick, names="value")
        self.apply_button.on_click(self._on_apply)
        self.remove_button.on_click(self._on_remove)
        self.accept_button.on_click(self._on_accept)
        self.reject_button.on_click(self._on_reject)
        self.memo_button.observe(self._on_memo_toggle, names="value")
        self.codebook_button.observe(self._on_codebook_toggle, names="value")

    @classmethod
    def from_request(cls) -> "CodingApp":
        """Built from the page's query string: ``?coder=&transcript=&page=&filter=&lang=``."""
        from atlas_qual.widgets.page import page_lang, project

        # open the project before waiting for the request: a preheated kernel has it ready when the browser comes
        proj = project()
        params = query_params()

        def as_int(key: str, default: int | None) -> int | None:
            value = params.get(key, "")
            return int(value) if value.isdigit() else default

        return cls(proj, coder=params.get("coder", ""), transcript_id=as_int("transcript", None),
                   page=as_int("page", 1) or 1, filter=params.get("filter", "all"), lang=page_lang(params))

    # ------------------------------------------------------------------------------------------ state -> screen

    def _tr(self, key: str, **params: Any) -> str:
        return t(key, lang=self.lang, **params)

    def _code_label(self, ref) -> str:
        return ref.label(self.lang)

    def _fill_code_options(self) -> None:
        self.code_picker.options = [self._code_label(r) for r in self._codes]

    def _fill_filter_options(self, speakers: Sequence[str] = ()) -> None:
        options = [(self._tr("coding_app_filter_all"), "all"), (self._tr("coding_app_filter_uncoded"), "uncoded"),
                   (self._tr("coding_app_filter_suggested"), "suggested")]
        options += [(self._tr("coding_app_filter_code", code=_short(self._code_label(r), 50)), f"code:{r.id}")
                    for r in self._codes]
        options += [(self._tr("coding_app_filter_speaker", speaker=_short(sp, 40)), f"speaker:{sp}") for sp in speakers]
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
            self.status.value = self._css + render_status(None, self.lang, self.link(), self._other_lang())
            self.body.value = f'<div class="aq-notice">{H.escape(self._tr("coding_app_no_transcripts"))}</div>'
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
        options = [(_short(f"#{s.ordinal} " + (f"{_short(s.speaker, 30)}: " if s.speaker else "") + s.text), s.id)
                   for s in view.segments]
        ids = [s.id for s in view.segments]
        selected = self.segment_id if self.segment_id in ids else (ids[0] if ids else 0)

        def set_segments() -> None:
            self.segment_picker.options = options
            self.segment_picker.value = selected or None

        self._silent(set_segments)
        self.segment_id = selected
        self._render()
        self._enable()

    def _set_page_input(self, view) -> None:
        self.page_input.max = view.pages
        self.page_input.value = view.page
        self.page_input.description = self._tr("coding_app_page_of", pages=view.pages)

    def _render(self) -> None:
        self.status.value = self._css + render_status(self._view, self.lang, self.link(), self._other_lang())
        if self._view is not None:
            self.body.value = render_segments(self._view, self._codes, self.lang, self.segment_id or None)

    def _enable(self) -> None:
        has_coder = bool(self.coder)
        has_segment = bool(self.segment_id)
        for button in (self.apply_button, self.remove_button, self.accept_button, self.reject_button):
            button.disabled = not (has_coder and has_segment)
        self.memo_button.disabled = not has_coder
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

    def _selected_code(self):
        value = (self.code_picker.value or "").strip()
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

    # --------------------------------------------------------------------------------------------- events

    def _on_coder(self, change) -> None:
        self.coder = " ".join((change["new"] or "").split())
        self.message.value = ""
        self._close_panels()
        self.reset()

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
        if self._busy or change["new"] is None:
            return
        self.segment_id = int(change["new"])
        self._render()
        self._enable()
        if self.panel.children and self._memo_widgets:
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

    def _on_apply(self, _button=None) -> None:
        from atlas_qual.store.coding import apply_code

        def action() -> str:
            ref = self._selected_code()
            seg = self._selected_segment()
            if seg is None:
                raise AtlasQualError("segment_unknown", id=self.segment_id)
            apply_code(self._project, seg.id, ref.id, self.coder)
            return self._tr("coding_app_applied", code=self._code_label(ref), ordinal=seg.ordinal)

        self._run(action)

    def _on_remove(self, _button=None) -> None:
        from atlas_qual.store.coding import remove_code

        def action() -> str:
            ref = self._selected_code()
            seg = self._selected_segment()
            if seg is None:
                raise AtlasQualError("segment_unknown", id=self.segment_id)
            n = remove_code(self._project, seg.id, ref.id, self.coder)
            key = "coding_app_removed" if n else "coding_app_nothing_removed"
            return self._tr(key, code=self._code_label(ref), ordinal=seg.ordinal)

        self._run(action)

    def _suggestions_for_action(self):
        """The selected segment's suggestions this action applies to: the chosen code's, else all of them."""
        seg = self._selected_segment()
        if seg is None:
            return None, []
        wanted = None
        value = (self.code_picker.value or "").strip()
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

        def action() -> str:
            seg, chosen = self._suggestions_for_action()
            if seg is None or not chosen:
                return self._tr("coding_app_no_suggestions", ordinal=seg.ordinal if seg else "?")
            fn = accept_suggestions if accept else reject_suggestions
            fn(self._project, [s.id for s in chosen], self.coder)
            names = ", ".join(self._code_label(self._codes.get(s.code_id)) for s in chosen
                              if s.code_id in self._codes.refs)
            key = "coding_app_accepted" if accept else "coding_app_rejected"
            return self._tr(key, codes=names, ordinal=seg.ordinal)

        self._run(action)

    def _on_accept(self, _button=None) -> None:
        self._decide(True)

    def _on_reject(self, _button=None) -> None:
        self._decide(False)

    # --------------------------------------------------------------------------------------------- memos

    def _close_panels(self) -> None:
        self._silent(lambda: setattr(self.memo_button, "value", False))
        self._silent(lambda: setattr(self.codebook_button, "value", False))
        self.panel.children = ()
        self._memo_widgets = {}
        self._codebook_widgets = {}

    def _on_memo_toggle(self, change) -> None:
        if self._busy:
            return
        if not change["new"]:
            self._close_panels()
            return
        self._silent(lambda: setattr(self.codebook_button, "value", False))
        self._codebook_widgets = {}
        tr = _tr(self.lang)
        kind = widgets.ToggleButtons(options=[(tr("coding_app_memo_segment"), "segment"),
                                              (tr("coding_app_memo_transcript"), "transcript"),
                                              (tr("coding_app_memo_code"), "code")], value="segment")
        text = widgets.Textarea(placeholder=tr("coding_app_memo_placeholder"),
                                layout=widgets.Layout(width="100%", height="90px"))
        save = widgets.Button(description=tr("coding_app_memo_save"), button_style="primary")
        target = widgets.HTML()
        self._memo_widgets = {"kind": kind, "text": text, "save": save, "target": target}
        kind.observe(lambda _c: self._load_memo(), names="value")
        save.on_click(self._on_memo_save)
        self.panel.children = (widgets.HTML(f"<h2>{H.escape(tr('coding_app_memos'))}</h2>"), kind, target, text, save)
        self._load_memo()

    def _memo_target(self) -> tuple[str, int | None, str]:
        kind = self._memo_widgets["kind"].value
        if kind == "segment":
            seg = self._selected_segment()
            return kind, (seg.id if seg else None), (f"#{seg.ordinal}" if seg else "-")
        if kind == "transcript":
            return kind, self.transcript_id or None, self._view.title if self._view else "-"
        try:
            ref = self._selected_code()
        except AtlasQualError:
            return kind, None, self._tr("coding_app_memo_pick_code")
        return kind, ref.id, self._code_label(ref)

    def _load_memo(self) -> None:
        from atlas_qual.store.coding import get_memos

        if not self._memo_widgets or not self.coder:
            return
        kind, target_id, label = self._memo_target()
        self._memo_widgets["target"].value = f'<div class="aq-muted">{H.escape(label)}</div>'
        text = ""
        if target_id is not None:
            memos = get_memos(self._project, kind, [target_id], author=self.coder).get(target_id, [])
            text = memos[0]["text"] if memos else ""
        self._memo_widgets["text"].value = text
        self._memo_widgets["save"].disabled = target_id is None

    def _on_memo_save(self, _button=None) -> None:
        from atlas_qual.store.coding import set_memo

        def action() -> str:
            kind, target_id, label = self._memo_target()
            if target_id is None:
                return self._tr("coding_app_memo_pick_code")
            set_memo(self._project, kind, target_id, self.coder, self._memo_widgets["text"].value)
            return self._tr("coding_app_memo_saved", target=label)

        self._run(action)

    # --------------------------------------------------------------------------------------------- codebook

    def _on_codebook_toggle(self, change) -> None:
        if self._busy:
            return
        if not change["new"]:
            self._close_panels()
            return
        self._silent(lambda: setattr(self.memo_button, "value", False))
        self._memo_widgets = {}
        tr = _tr(self.lang)
        code_options = [(tr("coding_app_top_level"), 0)] + [(self._code_label(r), r.id) for r in self._codes]
        w = {
            "name": widgets.Text(description=tr("coding_app_cb_name"), placeholder=tr("coding_app_cb_name_tip")),
            "parent": widgets.Dropdown(options=code_options, value=0, description=tr("coding_app_cb_parent")),
            "add": widgets.Button(description=tr("coding_app_cb_add")),
            "rename": widgets.Button(description=tr("coding_app_cb_rename")),
            "move": widgets.Button(description=tr("coding_app_cb_move")),
            "merge_into": widgets.Dropdown(options=code_options[1:], description=tr("coding_app_cb_merge_into")),
            "merge": widgets.Button(description=tr("coding_app_cb_merge")),
            "delete": widgets.Button(description=tr("coding_app_cb_delete"), button_style="danger"),
            "autocode": widgets.Button(description=tr("coding_app_cb_autocode")),
            "info": widgets.HTML(f'<div class="aq-muted">{H.escape(tr("coding_app_cb_help"))}</div>'),
            "export_yaml": widgets.Button(description=tr("coding_app_cb_export", fmt="YAML")),
            "export_csv": widgets.Button(description=tr("coding_app_cb_export", fmt="CSV")),
            "upload": widgets.FileUpload(accept=".yaml,.yml,.csv", multiple=False,
                                         description=tr("coding_app_cb_upload")),
            "import": widgets.Button(description=tr("coding_app_cb_import")),
            "download": widgets.HTML(),
        }
        self._codebook_widgets = w
        self._pending_delete = None
        w["add"].on_click(self._on_code_add)
        w["rename"].on_click(self._on_code_rename)
        w["move"].on_click(self._on_code_move)
        w["merge"].on_click(self._on_code_merge)
        w["delete"].on_click(self._on_code_delete)
        w["autocode"].on_click(self._on_autocode)
        w["export_yaml"].on_click(lambda _b: self._on_codebook_export(".yaml"))
        w["export_csv"].on_click(lambda _b: self._on_codebook_export(".csv"))
        w["import"].on_click(self._on_codebook_import)
        row = lambda children: widgets.HBox(children, layout=widgets.Layout(flex_flow="row wrap"))  # noqa: E731
        self.panel.children = (
            widgets.HTML(f"<h2>{H.escape(tr('coding_app_codebook'))}</h2>"), w["info"],
            row([w["name"], w["parent"], w["add"], w["rename"], w["move"]]),
            row([w["merge_into"], w["merge"], w["delete"]]),
            row([w["autocode"]]),
            row([w["export_yaml"], w["export_csv"], w["download"]]),
            row([w["upload"], w["import"]]),
        )

    def _codebook_changed(self) -> None:
        from atlas_qual.store.codebook import code_index

        self._codes = code_index(self._project)
        self._fill_code_options()
        self._view = None
        if self.codebook_button.value:
            keep = self._codebook_widgets
            options = [(self._tr("coding_app_top_level"), 0)] + [(self._code_label(r), r.id) for r in self._codes]
            keep["parent"].options = options
            keep["merge_into"].options = options[1:]

    def _codebook_action(self, fn: Callable[[], str]) -> None:
        def action() -> str:
            done = fn()
            self._codebook_changed()
            return done

        self._run(action)

    def _on_code_add(self, _button=None) -> None:
        from atlas_qual.store.codebook import add_code

        w = self._codebook_widgets

        def fn() -> str:
            parent = w["parent"].value or None
            ref = add_code(self._project, w["name"].value, parent=parent)
            self._silent(lambda: setattr(w["name"], "value", ""))
            return self._tr("coding_app_cb_added", code=ref.path)

        self._codebook_action(fn)

    def _on_code_rename(self, _button=None) -> None:
        from atlas_qual.store.codebook import rename_code

        w = self._codebook_widgets

        def fn() -> str:
            ref = self._selected_code()
            new = rename_code(self._project, ref.id, w["name"].value)
            self._silent(lambda: setattr(self.code_picker, "value", ""))
            return self._tr("coding_app_cb_renamed", old=ref.path, code=new.path)

        self._codebook_action(fn)

    def _on_code_move(self, _button=None) -> None:
        from atlas_qual.store.codebook import move_code

        w = self._codebook_widgets

        def fn() -> str:
            ref = self._selected_code()
            new = move_code(self._project, ref.id, w["parent"].value or None)
            self._silent(lambda: setattr(self.code_picker, "value", ""))
            return self._tr("coding_app_cb_moved", old=ref.path, code=new.path)

        self._codebook_action(fn)

    def _on_code_merge(self, _button=None) -> None:
        from atlas_qual.store.codebook import merge_codes

        w = self._codebook_widgets

        def fn() -> str:
            ref = self._selected_code()
            result = merge_codes(self._project, ref.id, w["merge_into"].value)
            self._silent(lambda: setattr(self.code_picker, "value", ""))
            return self._tr("coding_app_cb_merged", source=result.source, target=result.target, moved=result.moved,
                            collapsed=result.collapsed)

        self._codebook_action(fn)

    def _on_code_delete(self, _button=None) -> None:
        """First click: say what would go; second click on the same code: delete it with its codings."""
        from atlas_qual.store.codebook import code_usage, delete_code

        w = self._codebook_widgets

        def fn() -> str:
            ref = self._selected_code()
            if self._pending_delete != ref.id:
                usage = code_usage(self._project, ref.id)
                self._pending_delete = ref.id
                w["delete"].description = self._tr("coding_app_cb_confirm_delete")
                raise AtlasQualError("code_delete_unconfirmed", code=usage["path"], codes=usage["codes"],
                                     codings=usage["codings"])
            done = delete_code(self._project, ref.id, confirm=True)
            self._pending_delete = None
            w["delete"].description = self._tr("coding_app_cb_delete")
            self._silent(lambda: setattr(self.code_picker, "value", ""))
            return self._tr("coding_app_cb_deleted", code=done["path"], codings=done["codings"])

        self._codebook_action(fn)

    def _on_codebook_export(self, suffix: str) -> None:
        import tempfile
        from pathlib import Path

        from atlas_qual.store.codebook import export_codebook
        from atlas_qual.widgets.retrieval import data_link

        w = self._codebook_widgets
        with tempfile.TemporaryDirectory(prefix="aq-codebook-") as tmp:
            path = Path(tmp) / f"codebook{suffix}"
            try:
                export_codebook(self._project, path)
            except AtlasQualError as exc:
                self._say(exc.message(self.lang), "error")
                return
            mime = "text/csv" if suffix == ".csv" else "application/yaml"
            w["download"].value = data_link(path.read_bytes(), path.name, mime,
                                            self._tr("coding_app_cb_download", name=path.name))

    def _on_codebook_import(self, _button=None) -> None:
        """Merge an uploaded codebook (.yaml or .csv) into the project: same paths updated, new codes added."""
        import tempfile
        from pathlib import Path

        from atlas_qual.store.codebook import import_codebook

        w = self._codebook_widgets
        files = list(w["upload"].value or ())
        if not files:
            self._say(self._tr("coding_app_cb_no_file"), "error")
            return
        upload = files[0]
        name = Path(str(upload["name"])).name

        def fn() -> str:
            with tempfile.TemporaryDirectory(prefix="aq-codebook-") as tmp:
                path = Path(tmp) / name
                path.write_bytes(bytes(upload["content"]))
                counts = import_codebook(self._project, path)
            return self._tr("coding_app_cb_imported", file=name, **counts)

        self._codebook_action(fn)

    def _on_autocode(self, _button=None) -> None:
        from atlas_qual.store.coding import autocode_project

        w = self._codebook_widgets
        w["autocode"].disabled = True
        self._say(self._tr("coding_app_autocode_running"), "notice")

        def fn() -> str:
            report = autocode_project(self._project, transcript_ids=[self.transcript_id])
            return self._tr("coding_app_autocode_done", suggestions=report.suggestions, withdrawn=report.withdrawn)

        try:
            self._run(fn)
        finally:
            w["autocode"].disabled = False
