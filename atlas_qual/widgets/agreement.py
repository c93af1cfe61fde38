"""The agreement page: choose coders, see percent agreement, kappa and alpha per code and overall at segment level
and unitized alpha on spans (characters), and reconcile each disagreement with a button, each coder's spans on the
turn side by side: whether a code applies, or (every coder applied it on different spans) which span stays: one
coder's, the union or the whole turn. Decisions are stored as the consensus coder."""

from __future__ import annotations

import dataclasses

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.agreement import MIN_POSITIVES  # the report's annex uses the same rule
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural, t

_CSS = """
.aq-agree .aq-card-text { font-size: 1.1em; white-space: pre-wrap; margin: 8px 0; }
.aq-agree .aq-swatch { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 3px; margin-right: 6px;
  vertical-align: middle; border: 1px solid #374151; }
.aq-agree .aq-current td { outline: 3px solid #c24e00; outline-offset: -3px; }
.aq-agree .aq-coder-checks { display: flex; flex-wrap: wrap; gap: 0 24px; }
.aq-agree .aq-coder-checks .widget-checkbox { width: auto; }
.aq-agree .aq-figures-note { margin: 4px 0 8px; }
.aq-agree .aq-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.aq-agree button.aq-reject, .aq-agree button.aq-adopt, .aq-agree button.aq-prev, .aq-agree button.aq-next,
.aq-agree button.aq-next-pending { background: #ffffff; color: #1e3a5f; }
.aq-agree button.aq-apply { background: #1b7f4c; border-color: #14532d; }
.aq-agree .aq-sides { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; }
.aq-agree .aq-side { flex: 1 1 320px; min-width: 0; border: 1px solid #d1d5db; border-radius: 8px; padding: 6px 10px; }
.aq-agree .aq-side-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.aq-agree .aq-side mark { color: inherit; border-radius: 2px; }
.aq-agree .aq-side-quotes { margin: 4px 0; }
.aq-agree .aq-quotes { display: flex; flex-wrap: wrap; gap: 6px; }
.aq-agree .aq-quote { flex: 1 1 160px; min-width: 0; border-left: 3px solid #9ca3af; padding-left: 6px; }
.aq-agree .aq-quote mark { color: inherit; }
"""


LONG_TURN = 900  # characters: a longer turn is shown around the coded spans, not whole in every coder's column
CONTEXT = 240  # characters of the turn shown before the first and after the last span


def excerpt_window(text: str, spans) -> tuple[int, int] | None:
    """The part of a long turn to show around ``spans`` (code points within the turn; the whole turn and spans of
    it not counted): from ``CONTEXT`` characters before the first to ``CONTEXT`` after the last, at word breaks.
    None when the turn is short, nothing but whole-turn codings are on it, or the excerpt would be most of it.

    Examples:
        >>> excerpt_window("corto", [(0, 2)]) is None
        True
        >>> excerpt_window("palabra " * 200, [(800, 807)])
        (560, 1047)
    """
    n = len(text)
    parts = [(max(0, a), min(n, b)) for a, b in spans if not (a <= 0 and b >= n)]
    if n <= LONG_TURN or not parts:
        return None
    first, last = min(a for a, _ in parts), max(b for _, b in parts)
    lo, hi = max(0, first - CONTEXT), min(n, last + CONTEXT)
    if lo > 0:
        cut = text.rfind(" ", 0, lo + 1)
        lo = cut + 1 if cut >= 0 else 0
    if hi < n:
        cut = text.find(" ", hi)
        hi = cut if cut >= 0 else n
    if hi - lo > 0.8 * n:
        return None
    return lo, hi


def spans_html(text: str, spans, color: str, redactor=None, window: tuple[int, int] | None = None) -> str:
    """A turn's text escaped, with ``spans`` (code points within the turn) marked in ``color``; names are redacted
    without moving the marks (a redacted name is marked when any of it is). ``window``: only that part of the turn,
    with "…" where it is cut (a name at the cut is shown whole, redacted).

    Examples:
        >>> spans_html("Falta <personal>", [(0, 5)], "#c62828")
        '<mark style="background:#c6282840">Falta</mark> &lt;personal&gt;'
        >>> spans_html("Falta personal y vehículos", [(6, 14)], "#c62828", window=(6, 16))
        '… <mark style="background:#c6282840">personal</mark> y …'
    """
    from atlas_qual.html import escape

    findings = redactor.findings(text) if redactor is not None else []
    lo, hi = window if window is not None else (0, len(text))
    for f in findings:  # never cut a name in two
        if f.start < lo < f.end:
            lo = f.start
        if f.start < hi < f.end:
            hi = f.end
    cuts = {lo, hi}
    for a, b in spans:
        cuts.update((min(hi, max(lo, a)), max(lo, min(hi, b))))
    for f in findings:
        cuts.update(x for x in (f.start, f.end) if lo <= x <= hi)
    points = sorted(cuts)
    out = ["… "] if lo > 0 else []
    for a, b in zip(points, points[1:]):
        finding = next((f for f in findings if f.start <= a < f.end), None)
        if finding is not None and a > finding.start:
            continue  # the replacement is written once, at the name's start
        piece = finding.replacement if finding is not None else text[a:b]
        end = finding.end if finding is not None else b
        piece = escape(piece)
        if any(s < end and a < e for s, e in spans):
            piece = f'<mark style="background:{escape(color)}40">{piece}</mark>'
        out.append(piece)
    if hi < len(text):
        out.append(" …")
    return "".join(out)


def _fmt(value: float | None, lang: str | None = None) -> str:
    from atlas_qual.i18n import fmt_fixed

    return "—" if value is None else fmt_fixed(value, lang, 2)


def _pct(value: float | None, lang: str | None = None) -> str:
    from atlas_qual.i18n import fmt_percent

    return "—" if value is None else fmt_percent(value, lang, 0)


class CoderChecks(widgets.VBox):
    """The coders to compare, one checkbox each (a phone has no Ctrl or Shift key for a multiple-choice list, and a
    list's rows were 20 px high). ``options`` the coders, ``value`` the ticked ones in that order (a tuple, as
    ``SelectMultiple`` had); ``description`` the group's label, ``hint`` a line under it."""

    options = traitlets.List(traitlets.Unicode())
    value = traitlets.Tuple()
    description = traitlets.Unicode("")
    hint = traitlets.Unicode("")

    def __init__(self, **kw) -> None:
        self._label = widgets.HTML()
        self._label.add_class("aq-coder-label")
        self._boxes = widgets.Box()
        self._boxes.add_class("aq-coder-checks")
        self._checks: list[widgets.Checkbox] = []
        self._syncing = False
        super().__init__([self._label, self._boxes], **kw)
        self.add_class("aq-coder-picker")

    @traitlets.observe("description", "hint")
    def _on_description(self, _change) -> None:
        from atlas_qual.html import escape

        hint = f"<br><span class='aq-muted'>{escape(self.hint)}</span>" if self.hint else ""
        self._label.value = f"<b>{escape(self.description)}</b>{hint}"

    @traitlets.observe("options")
    def _on_options(self, change) -> None:
        self._checks = []
        for coder in change["new"]:
            box = widgets.Checkbox(value=coder in self.value, description=coder, indent=False,
                                   layout=widgets.Layout(width="auto"))
            box.observe(self._on_tick, names="value")
            self._checks.append(box)
        self._boxes.children = tuple(self._checks)
        self.value = tuple(c for c in self.value if c in change["new"])

    @traitlets.observe("value")
    def _on_value(self, change) -> None:
        self._syncing = True
        try:
            for box in self._checks:
                box.value = box.description in change["new"]
        finally:
            self._syncing = False

    def _on_tick(self, _change) -> None:
        if not self._syncing:
            self.value = tuple(box.description for box in self._checks if box.value)


class AgreementApp(widgets.VBox):
    """Agreement figures and reconciliation for the chosen coders.

    Public state: ``lang``, ``coders`` (the chosen coders), ``index`` (the disagreement on screen), ``done`` and
    ``total`` (reconciled / all disagreements).
    """

    lang = traitlets.Unicode("es").tag(sync=False)
    coders = traitlets.List(traitlets.Unicode()).tag(sync=False)
    index = traitlets.Int(0).tag(sync=False)
    done = traitlets.Int(0).tag(sync=False)
    total = traitlets.Int(0).tag(sync=False)

    def __init__(self, project, *, lang: str = "es", coders: list[str] | None = None) -> None:
        from atlas_qual.widgets.page import style_html

        self._project = project
        self._rows: list = []
        self._wanted = list(coders or [])
        self._toggle = widgets.ToggleButtons(options=[("Español", "es"), ("English", "en")], value=lang)
        self._title = widgets.HTML()
        self._picker = CoderChecks()
        self._summary = widgets.HTML()
        self._progress = widgets.HTML()
        self._card = widgets.HTML()
        self._apply = widgets.Button()
        self._reject = widgets.Button()
        self._clear = widgets.Button()
        self._prev = widgets.Button()
        self._next = widgets.Button()
        self._next_pending = widgets.Button()
        self._adopt = widgets.Button()
        # span disagreements: one button per option (each chosen coder's spans, the union, the whole turn)
        self._choices: dict[str, widgets.Button] = {}
        self._status = widgets.HTML()
        self._table_title = widgets.HTML()
        self._table = widgets.HTML()
        for button, cls in ((self._apply, "aq-apply"), (self._reject, "aq-reject"), (self._clear, "aq-clear"),
                            (self._prev, "aq-prev"), (self._next, "aq-next"), (self._next_pending, "aq-next-pending"),
                            (self._adopt, "aq-adopt")):
            button.add_class(cls)
            button.layout = widgets.Layout(width="auto")
        self._decide_box = widgets.HBox([self._apply, self._reject, self._clear])
        self._move_box = widgets.HBox([self._prev, self._next, self._next_pending])
        self._adopt_box = widgets.HBox([self._adopt])
        self._decide_box.add_class("aq-row")
        self._move_box.add_class("aq-row")
        super().__init__([
            widgets.HTML(style_html() + f"<style>{_CSS}</style>"), self._toggle, self._title,
            self._picker, self._summary, self._progress, self._card, self._decide_box, self._move_box, self._status,
            self._adopt_box, self._table_title, self._table,
        ])
        self.add_class("aq-page")
        self.add_class("aq-agree")
        self.lang = lang
        self._toggle.observe(self._on_lang, names="value")
        self._picker.observe(self._on_coders, names="value")
        self._apply.on_click(lambda _b: self._on_decide(True))
        self._reject.on_click(lambda _b: self._on_decide(False))
        self._clear.on_click(self._on_clear)
        self._prev.on_click(lambda _b: self._on_move(-1))
        self._next.on_click(lambda _b: self._on_move(1))
        self._next_pending.on_click(self._on_next_pending)
        self._adopt.on_click(self._on_adopt)
        self.reset()

    @classmethod
    def from_request(cls):
        """The page in the shared frame, as Voila serves it: ``?lang=en&coders=ana.gimenez,carlos.rojas``."""
        from atlas_qual.widgets.frame import frame
        from atlas_qual.widgets.page import page_lang, project, request_params

        params = request_params()
        coders = [c.strip() for c in params.get("coders", "").split(",") if c.strip()]
        lang = page_lang(params)
        app = cls(project(), lang=lang, coders=coders)
        # the frame has the page's h1 and the language switch (a link that keeps the query string)
        app.children = tuple(c for c in app.children if c is not app._toggle and c is not app._title)
        return frame("agreement", app, lang=lang, params=params)

    # -- state ------------------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Reload the coders and every figure from the store."""
        from atlas_qual.store.agreement import human_coders

        available = [c["coder"] for c in human_coders(self._project)]
        chosen = [c for c in self._wanted if c in available] or available
        self._labels()
        self._picker.unobserve(self._on_coders, names="value")
        self._picker.options = available
        self._picker.value = tuple(chosen)
        self._picker.observe(self._on_coders, names="value")
        self.coders = list(chosen)
        self._status.value = ""
        self._compute()

    def _labels(self) -> None:
        lang = self.lang
        self._title.value = f"<h1>{t('agreement_app_title', lang=lang)}</h1>"
        # the group's label above the coders' checkboxes (each checkbox is named by its coder); the hint explains it
        self._picker.description = t("agreement_app_coders", lang=lang)
        self._picker.hint = t("agreement_app_coders_hint", lang=lang)
        for button, key in ((self._apply, "agreement_app_apply"), (self._reject, "agreement_app_reject"),
                            (self._clear, "agreement_app_clear"), (self._prev, "agreement_app_prev"),
                            (self._next, "agreement_app_next"), (self._next_pending, "agreement_app_next_pending"),
                            (self._adopt, "agreement_app_adopt")):
            button.description = t(key, lang=lang)
        self._table_title.value = f"<h2>{t('agreement_app_h_table', lang=lang)}</h2>"

    def _compute(self) -> None:
        from atlas_qual.store.agreement import agreement_section, disagreements

        if len(self.coders) < 2:
            self._rows = []
            self._summary.value = f"<div class='aq-notice'>{t('agreement_app_no_coders', lang=self.lang)}</div>"
        else:
            section = agreement_section(self._project, self.lang, coders=self.coders)
            self._rows = disagreements(self._project, self.coders, lang=self.lang)
            self._summary.value = self._render_summary(section)
        self.total = len(self._rows)
        self.index = min(self.index, max(self.total - 1, 0))
        if self._rows and self._rows[self.index].decision is not None:
            pending = self._pending_after(-1)
            self.index = pending if pending is not None else self.index
        self._render_rows()

    def _pending_after(self, start: int) -> int | None:
        n = len(self._rows)
        for step in range(1, n + 1):
            i = (start + step) % n
            if self._rows[i].decision is None:
                return i
        return None

    # -- rendering --------------------------------------------------------------------------------------------
    def _render_summary(self, section: dict) -> str:
        from atlas_qual.html import bar_chart, escape
        from atlas_qual.i18n import fmt_int


        lang = self.lang
        unitized = section.get("unitized", {})
        # a code on fewer than two segments: kappa and alpha are 0 or below zero beside 99 % agreement, which says
        # nothing about the coders; shown as "—" with the reason above the table
        few = {r[0] for i, r in enumerate(section["rows"]) if i and (r[5] is None or r[5] < MIN_POSITIVES)}
        # a code one coder never applied: kappa 0 and alpha below 0 by construction, not a measure of how far the
        # coders' judgements agree; "—" too, with the coder named above the table
        unused = section.get("unused", {})
        few |= set(unused)

        def stat(label: str, value: float | None) -> str:
            return "—" if label in few else _fmt(value, lang)

        # the units are the same segments for every code: said once above the table, not on every row
        units = {r[4] for r in section["rows"]}
        same_units = len(units) == 1
        rows = [[r[0], stat(r[0], r[1]), stat(r[0], r[2]), _pct(r[3], lang),
                 stat(r[0], unitized.get(r[0])) if i else "—"]
                + ([] if same_units else [fmt_int(r[4], lang)])
                + ["—" if r[5] is None else fmt_int(r[5], lang)] for i, r in enumerate(section["rows"])]
        header = list(section["header"])
        # kappa, alpha and percent are per segment; alpha-U per character of the coded spans: labelled as such
        header = [header[0], t("agreement_app_col_kappa_seg", lang=lang), t("agreement_app_col_alpha_seg", lang=lang),
                  t("agreement_app_col_percent_seg", lang=lang), t("agreement_app_col_alpha_u", lang=lang),
                  *(header[4:] if not same_units else header[5:])]
        # on a phone each code is a card: "κ: 0,67  α: 0,67  Acuerdo: 95 %" on one line
        short = [header[0], "κ", "α", t("agreement_app_col_percent", lang=lang), "αU", *header[5:]]
        said = []
        if same_units and units != {None}:
            said.append(t("agreement_app_units_once", lang=lang, n=fmt_int(units.pop(), lang)))
        if any(None in (r[1], r[2]) or (r[0] in few and r[0] not in unused) for r in section["rows"]):
            said.append(t("agreement_app_too_few_positives", lang=lang))
        said.extend(unused.values())
        above = (f"<p class='aq-muted aq-figures-note' data-testid='figures-note'>"
                 f"{'<br>'.join(escape(x) for x in said)}</p>") if said else ""
        # the chart leaves those codes out too: a bar at zero would read as "the coders disagree"
        chart_rows = [(label, value) for label, value in section["chart"] if label not in few]
        head = t("agreement_app_summary", lang=lang, units=Plural("count_segments_compared", section["units"]),
                 percent=_pct(section["percent_agreement"], lang), alpha=_fmt(section["krippendorff_alpha"], lang),
                 kappa=_fmt(section["cohen_kappa"], lang))
        chart = bar_chart(chart_rows, title=t("agreement_app_chart_title", lang=lang), max_value=1.0,
                          value_format=lambda v: _fmt(v, lang), lang=lang) if chart_rows else ""
        notes = "".join(f"<li>{escape(n)}</li>" for n in section["notes"] if n not in unused.values())
        # what the coefficients mean, in words, before any of them: Krippendorff's reading (2004, p. 241)
        reading = f"<p class='aq-muted' data-testid='reading'>{escape(t('agreement_app_reading', lang=lang))}</p>"
        return (f"<p class='aq-summary'><b>{escape(head)}</b></p>{reading}"
                f"<h2>{escape(t('agreement_app_h_figures', lang=lang))}</h2>"
                f"{above}{H.table(rows, header, classes='aq-figures', labels=short, stack=True)}{chart}"
                + (f"<ul class='aq-muted'>{notes}</ul>" if notes else "")
                + f"<p class='aq-muted'>{escape(section['method'])} "
                f"{escape(t('agreement_app_method_unitized', lang=lang))}</p>"
                f"<h2>{escape(t('agreement_app_h_reconcile', lang=lang))}</h2>")

    def _choice_button(self, choice: str) -> widgets.Button:
        """The button that keeps ``choice`` (a coder's name, ``union`` or ``whole``) on a span disagreement, or
        (``none``) decides the code does not apply to the turn at all."""
        if choice not in self._choices:
            button = widgets.Button(layout=widgets.Layout(width="auto"))
            button.add_class("aq-choice")
            if choice == "none":
                button.on_click(lambda _b: self._on_decide(False))
            else:
                button.on_click(lambda _b, c=choice: self._on_choose(c))
            self._choices[choice] = button
        return self._choices[choice]

    def _choice_label(self, choice: str) -> str:
        if choice in ("union", "whole"):
            return t(f"agreement_app_use_{choice}", lang=self.lang)
        return t("agreement_app_use_coder", lang=self.lang, coder=choice)

    def _show_choices(self, row) -> None:
        """The decision buttons of this row: apply / do not apply for a presence disagreement; for a span
        disagreement each coder's spans, the union, the whole turn and "does not apply", the one taken marked."""
        if row.kind != "span":
            self._decide_box.children = (self._apply, self._reject, self._clear)
            return
        buttons = []
        for choice in (*row.applied_by, "union", "whole"):
            button = self._choice_button(choice)
            chosen = row.decision is True and row.choice == choice
            button.description = ("✓ " if chosen else "") + self._choice_label(choice)
            button.button_style = "success" if chosen else ""  # the frame's green, with the tick for non-colour
            buttons.append(button)
        none = self._choice_button("none")  # both coded it, but on reflection it does not belong here
        none.description = ("✓ " if row.decision is False else "") + t("agreement_app_reject", lang=self.lang)
        none.button_style = "info" if row.decision is False else ""
        self._decide_box.children = (*buttons, none, self._clear)

    def _sides(self, row) -> tuple[str, bool]:
        """Each coder's spans of the code on this turn, side by side (the whole turn marked when coded whole), with
        the quotes they coded (redacted) above the turn; and whether the card should show the turn above them (not
        when the columns show a long turn's part around the spans)."""
        from atlas_qual.html import escape
        from atlas_qual.i18n import fmt_int
        from atlas_qual.store.agreement import coder_spans
        from atlas_qual.store.transcripts import project_redactor

        with self._project.session() as s:
            from atlas_qual.store.models import Segment

            seg = s.get(Segment, row.segment_id)
            text = seg.text if seg is not None else ""
        spans = coder_spans(self._project, row.segment_id, row.code, self.coders)
        redactor = project_redactor(self._project, self.lang)
        # a long turn: each column shows the same part of it, around every coder's spans; when only whole-turn
        # codings are on it, the card shows the turn once and the columns only say who coded what
        every = [span for mine in spans.values() for span in mine]
        window = excerpt_window(text, every)
        long = len(text) > LONG_TURN
        partial = any(not (a <= 0 and b >= len(text)) for a, b in every)
        note = ""
        if window is not None:
            said = t("agreement_app_excerpt", lang=self.lang, start=fmt_int(window[0], self.lang),
                     end=fmt_int(window[1], self.lang), length=fmt_int(len(text), self.lang))
            note = f"<div class='aq-muted' data-testid='excerpt'>{escape(said)}</div>"
        cols = []
        for coder in self.coders:
            mine = spans.get(coder, [])
            where = ", ".join(f"{a}-{b}" for a, b in mine) or t("agreement_app_side_none", lang=self.lang)
            quoted = "".join(f"<div class='aq-side-quote'>«{escape(q.quote)}»</div>"
                             for q in row.spans.get(coder, ()) if not q.whole) if row.kind == "span" else ""
            quoted = f"<div class='aq-side-quotes'>{quoted}</div>" if quoted else ""
            shown = (f"<div class='aq-side-text'>{spans_html(text, mine, row.color, redactor, window)}</div>"
                     if not long or partial else "")
            cols.append(f"<div class='aq-side' data-coder='{escape(coder)}'><b>{escape(coder)}</b> "
                        f"<span class='aq-muted'>{escape(where)}</span>{quoted}{shown}</div>")
        return f"{note}<div class='aq-sides' data-testid='sides'>{''.join(cols)}</div>", not long or not partial

    def _decision_badge(self, decision: bool | None, row=None) -> str:
        from atlas_qual.html import badge

        if decision is None:
            return badge(t("agreement_app_pending", lang=self.lang), "warn")
        if row is not None and row.kind == "span" and decision:
            if row.choice in ("union", "whole", "other", None):
                return badge(t(f"agreement_app_decided_{row.choice or 'other'}", lang=self.lang), "ok")
            return badge(t("agreement_app_decided_coder", lang=self.lang, coder=row.choice), "ok")
        return badge(t("agreement_app_decided_yes" if decision else "agreement_app_decided_no", lang=self.lang),
                     "ok" if decision else "info")

    def _render_rows(self) -> None:
        from atlas_qual.html import escape, progress_bar

        lang = self.lang
        self.done = sum(1 for r in self._rows if r.decision is not None)
        has_rows = bool(self._rows)
        for box in (self._decide_box, self._move_box):
            box.layout.display = None if has_rows else "none"
        self._adopt_box.layout.display = None if len(self.coders) >= 2 else "none"
        self._table_title.layout.display = None if has_rows else "none"
        if not has_rows:
            self._progress.value = ""
            self._card.value = (f"<div class='aq-notice'>{escape(t('agreement_app_no_disagreements', lang=lang))}"
                                "</div>") if len(self.coders) >= 2 else ""
            self._table.value = ""
            return
        label = t("agreement_app_progress", lang=lang, done=self.done,
                  total=Plural("count_disagreements_reconciled", self.total))
        self._progress.value = progress_bar(self.done, self.total, label)
        row = self._rows[self.index]
        where = t("agreement_app_card_where", lang=lang, transcript=row.transcript, ordinal=row.ordinal)
        speaker = f"<b>{escape(row.speaker)}:</b> " if row.speaker else ""
        done_note = (f"<p>{escape(t('agreement_app_all_done', lang=lang))}</p>"
                     if self.done == self.total else "")
        position = t("agreement_app_position", lang=lang, n=self.index + 1, total=self.total)
        sides, card_text = self._sides(row)
        if row.kind == "span":
            # the turn is in each coder's column, marked: the question and who is what, not the turn twice
            body = (f"<p class='aq-muted'>{speaker}</p>" if speaker else "") + (
                f"<p><span class='aq-swatch' style='background:{escape(row.color)}'></span>"
                f"<b>{escape(t('agreement_app_span_question', lang=lang, code=row.code_label))}</b></p>"
                f"<p>{escape(t('agreement_app_span_explain', lang=lang, coders=', '.join(row.applied_by)))}</p>")
        else:
            shown = f"<div class='aq-card-text'>{speaker}{escape(row.text)}</div>" if card_text else (
                f"<p class='aq-muted'>{speaker}</p>" if speaker else "")
            body = (
                f"{shown}"
                f"<p><span class='aq-swatch' style='background:{escape(row.color)}'></span>"
                f"<b>{escape(t('agreement_app_card_question', lang=lang, code=row.code_label))}</b></p>"
                f"<p>{escape(t('agreement_app_applied_by', lang=lang, coders=', '.join(row.applied_by)))}<br>"
                f"{escape(t('agreement_app_not_applied_by', lang=lang, coders=', '.join(row.not_applied_by)))}</p>")
        self._card.value = (
            f"<div class='aq-card aq-disagreement' data-segment='{row.segment_id}' data-kind='{row.kind}'>"
            f"<div class='aq-muted'>{escape(position)}"
            f" · {escape(where)} {self._decision_badge(row.decision, row)}</div>"
            f"{body}{sides}{done_note}</div>"
        )
        self._show_choices(row)
        self._clear.disabled = row.decision is None
        self._next_pending.disabled = self.done == self.total
        body = []
        for i, r in enumerate(self._rows):
            body.append([("▶ " if i == self.index else "") + str(i + 1), f"{r.transcript} · {r.ordinal}",
                         r.code_label, t(f"agreement_app_kind_{r.kind}", lang=lang), self._list_text(r),
                         ", ".join(r.applied_by), ", ".join(r.not_applied_by) or "—",
                         self._decision_badge(r.decision, r)])
        self._table.value = H.table(body, ["#", t("agreement_app_col_where", lang=lang),
                                           t("agreement_app_col_code", lang=lang),
                                           t("agreement_app_col_kind", lang=lang),
                                           t("agreement_app_col_text", lang=lang),
                                           t("agreement_app_col_applied", lang=lang),
                                           t("agreement_app_col_not_applied", lang=lang),
                                           t("agreement_app_col_decision", lang=lang)],
                                    classes="aq-disagreements", raw_columns=(4, 7), block_columns=(4,), stack=True)

    def _list_text(self, row) -> str:
        """The list's text cell (HTML): the turn, shortened; for a span disagreement each coder's quotes side by
        side, marked in the code's colour, so the difference shows without opening the row."""
        from atlas_qual.html import escape

        if row.kind != "span":
            text = " ".join(row.text.split())
            return escape(text if len(text) <= 160 else text[:159] + "…")
        cols = []
        for coder in row.applied_by:
            parts = []
            for q in row.spans.get(coder, ()):
                text = t("agreement_app_whole_turn", lang=self.lang) if q.whole else " ".join(q.quote.split())
                text = text if len(text) <= 120 else text[:119] + "…"
                parts.append(f"<mark style='background:{escape(row.color)}40'>{escape(text)}</mark>")
            cols.append(f"<div class='aq-quote' data-coder='{escape(coder)}'><b>{escape(coder)}</b>: "
                        f"{' · '.join(parts)}</div>")
        return f"<div class='aq-quotes'>{''.join(cols)}</div>"

    def _say(self, message: str, error: bool = False) -> None:
        from atlas_qual.html import escape

        self._status.value = f"<div class='{'aq-error' if error else 'aq-notice'}'>{escape(message)}</div>"

    # -- events -----------------------------------------------------------------------------------------------
    def _on_lang(self, change) -> None:
        self.lang = change["new"]
        self._labels()
        self._status.value = ""
        self._compute()

    def _on_coders(self, change) -> None:
        self.coders = list(change["new"])
        self._wanted = list(self.coders)
        self.index = 0
        self._status.value = ""
        self._compute()

    def _on_decide(self, apply: bool) -> None:
        from atlas_qual.store.agreement import reconcile

        if not self._rows:
            return
        row = self._rows[self.index]
        try:
            coder = reconcile(self._project, row.segment_id, row.code, apply)
        except AtlasQualError as exc:
            self._say(exc.message(self.lang), error=True)
            return
        self._rows[self.index] = dataclasses.replace(row, decision=apply, **({} if apply else
                                                                              {"choice": None, "consensus": ()}))
        self._say(t("agreement_app_saved", lang=self.lang, coder=coder))
        pending = self._pending_after(self.index)
        if pending is not None:
            self.index = pending
        self._render_rows()

    def _on_choose(self, choice: str) -> None:
        """Keep one option of a span disagreement: a coder's spans, ``union`` or ``whole``."""
        from atlas_qual.store.agreement import reconcile

        if not self._rows:
            return
        row = self._rows[self.index]
        try:
            coder = reconcile(self._project, row.segment_id, row.code, True, choice=choice, coders=self.coders)
        except AtlasQualError as exc:
            self._say(exc.message(self.lang), error=True)
            return
        # the stored spans are what ``choice`` names; ``consensus`` is read again on the next load
        self._rows[self.index] = dataclasses.replace(row, decision=True, choice=choice, consensus=())
        self._say(t("agreement_app_saved", lang=self.lang, coder=coder))
        pending = self._pending_after(self.index)
        if pending is not None:
            self.index = pending
        self._render_rows()

    def _on_clear(self, _button=None) -> None:
        from atlas_qual.store.agreement import clear_decision

        if not self._rows:
            return
        row = self._rows[self.index]
        try:
            clear_decision(self._project, row.segment_id, row.code)
        except AtlasQualError as exc:
            self._say(exc.message(self.lang), error=True)
            return
        self._rows[self.index] = dataclasses.replace(row, decision=None, choice=None, consensus=())
        self._status.value = ""
        self._render_rows()

    def _on_move(self, step: int) -> None:
        if self._rows:
            self.index = (self.index + step) % len(self._rows)
            self._render_rows()

    def _on_next_pending(self, _button=None) -> None:
        pending = self._pending_after(self.index) if self._rows else None
        if pending is not None:
            self.index = pending
            self._render_rows()

    def _on_adopt(self, _button=None) -> None:
        from atlas_qual.store.agreement import adopt_agreed, consensus_coder

        try:
            count = adopt_agreed(self._project, self.coders)
        except AtlasQualError as exc:
            self._say(exc.message(self.lang), error=True)
            return
        self._say(t("agreement_app_adopted", lang=self.lang, count=Plural("count_codings_adopted", count),
                    coder=consensus_coder(self._project)))
