"""The coding page's memo panel (shared memos on a turn, a transcript or a code, each with its author) and its code
frequency chart (per transcript and per case attribute). A mixin of :class:`atlas_qual.widgets.coding.CodingApp`."""

from __future__ import annotations

from typing import Any, Sequence

import ipywidgets as widgets

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError

CHART_ATTRIBUTES = ("dmop", "territory", "institution", "mode", "role")
CHART_TOP = 15  # codes per chart: more bars than this stop being readable at 1366 px


def memo_list_html(memos: Sequence[dict[str, Any]], lang: str, redact=None) -> str:
    """Every coder's memo on a target, newest first, each with its author (memos are shared)."""
    from atlas_qual.i18n import t

    if not memos:
        return ""
    redact = redact or (lambda x: x)
    items = "".join(f'<div class="aq-memo"><b>{H.escape(m["author"])}</b>: {H.escape(redact(m["text"]))}</div>'
                    for m in memos)
    return f'<div data-testid="memos"><div class="aq-muted">{H.escape(t("coding_app_memo_by", lang=lang))}</div>' \
           f"{items}</div>"


def frequency_charts(groups: Sequence[tuple[str, Sequence[tuple[str, int]]]], title: str, empty: str, *,
                     titled: bool = True, lang: str | None = None) -> str:
    """One horizontal bar chart per group (``[(group label, [(code, count), ...]), ...]``), side by side when the
    window is wide: SVG sized in CSS pixels, the most frequent codes first (``titled``: each chart names its group)."""
    charts = []
    for label, pairs in groups:
        pairs = sorted((p for p in pairs if p[1]), key=lambda p: -p[1])[:CHART_TOP]
        if pairs:
            # bar_chart reads at about 14 px where there is room and shrinks to a phone's column
            chart_title = label if titled else None
            charts.append(f'<div class="aq-freq-chart" style="flex:0 1 auto;min-width:0">'
                          f'{H.bar_chart(pairs, title=chart_title, lang=lang)}</div>')
    if not charts:
        return f'<div class="aq-notice">{H.escape(empty)}</div>'
    return (f'<h3>{H.escape(title)}</h3><div data-testid="frequency" style="display:flex;flex-wrap:wrap;gap:16px">'
            f'{"".join(charts)}</div>')


class MemoAndChartPanels:
    """The memo and chart panels' events; ``self`` is the CodingApp."""

    # ------------------------------------------------------------------------------------------------- memos

    def _on_memo_toggle(self, change) -> None:
        if self._busy:
            return
        if not change["new"]:
            self._close_panels()
            return
        self._untoggle(self.memo_button)
        tr = self._tr
        kind = widgets.ToggleButtons(options=[(tr("coding_app_memo_segment"), "segment"),
                                              (tr("coding_app_memo_transcript"), "transcript"),
                                              (tr("coding_app_memo_code"), "code")], value="segment")
        text = widgets.Textarea(placeholder=tr("coding_app_memo_placeholder"),
                                layout=widgets.Layout(width="100%", height="90px"))
        # width auto: a fixed-width button cut "Guardar memo" to "Guardar m..." at 1366 px
        save = widgets.Button(description=tr("coding_app_memo_save"), button_style="primary",
                              layout=widgets.Layout(width="auto", min_width="max-content", align_self="flex-start"))
        target = widgets.HTML()
        others = widgets.HTML()
        self._memo_widgets = {"kind": kind, "text": text, "save": save, "target": target, "others": others}
        kind.observe(lambda _c: self._load_memo(), names="value")
        save.on_click(self._on_memo_save)
        self.panel.children = (widgets.HTML(f"<h2>{H.escape(tr('coding_app_memos'))}</h2>"), kind, target, others,
                               text, save)
        self._load_memo()

    def _memo_target(self) -> tuple[str, int | None, str]:
        kind = self._memo_widgets["kind"].value
        if kind == "segment":
            seg = self._selected_segment()
            return kind, (seg.id if seg else None), (f"#{seg.ordinal}" if seg else "-")
        if kind == "transcript":
            return kind, self.transcript_id or None, self._title()
        try:
            ref = self._selected_code()
        except AtlasQualError:
            return kind, None, self._tr("coding_app_memo_pick_code")
        return kind, ref.id, self._code_label(ref)

    def _load_memo(self) -> None:
        from atlas_qual.store.memos import get_memos

        if not self._memo_widgets:
            return
        kind, target_id, label = self._memo_target()
        self._memo_widgets["target"].value = f'<div class="aq-muted">{H.escape(label)}</div>'
        text, shared = "", []
        if target_id is not None:
            shared = get_memos(self._project, kind, [target_id]).get(target_id, [])
            if kind == "segment" and self.coder:
                # blind coding: a memo on a turn may say how its author coded it; code and interview memos are shared
                shared = [m for m in shared if m["author"] == self.coder]
            own = [m for m in shared if m["author"] == self.coder]
            text = own[0]["text"] if own else ""
        redact = self._redactor.redact if self._redactor is not None else None
        self._memo_widgets["others"].value = memo_list_html(shared, self.lang, redact)
        self._memo_widgets["text"].value = text
        self._memo_widgets["save"].disabled = target_id is None or not self.coder

    def _on_memo_save(self, _button=None) -> None:
        from atlas_qual.store.memos import set_memo

        def action() -> str:
            kind, target_id, label = self._memo_target()
            if target_id is None:
                return self._tr("coding_app_memo_pick_code")
            set_memo(self._project, kind, target_id, self.coder, self._memo_widgets["text"].value)
            return self._tr("coding_app_memo_saved", target=label)

        self._run(action)
        self._load_memo()

    # ------------------------------------------------------------------------------------------------- chart

    def _on_chart_toggle(self, change) -> None:
        if self._busy:
            return
        if not change["new"]:
            self._close_panels()
            return
        self._untoggle(self.chart_button)
        from atlas_qual.i18n import t

        options = [(self._tr("coding_app_chart_transcript"), "transcript")]
        options += [(t(f"attr_{a}", lang=self.lang), a) for a in CHART_ATTRIBUTES]
        by = widgets.Dropdown(options=options, value="transcript", description=self._tr("coding_app_chart_by"),
                              layout=widgets.Layout(width="auto"))
        out = widgets.HTML()
        self._chart_widgets = {"by": by, "out": out}
        by.observe(lambda _c: self._draw_chart(), names="value")
        self.panel.children = (widgets.HTML(f"<h2>{H.escape(self._tr('coding_app_chart'))}</h2>"), by, out)
        self._draw_chart()

    def _draw_chart(self) -> None:
        from atlas_qual.i18n import t
        from atlas_qual.store.coding_io import code_attribute_matrix, retrieve

        w = getattr(self, "_chart_widgets", {})
        if not w:
            return
        by = w["by"].value
        coder = self.coder or None  # blind: the coder's own codings; without a name, nobody's
        empty = self._tr("coding_app_chart_empty")
        if not coder:
            w["out"].value = f'<div class="aq-notice">{H.escape(empty)}</div>'
            return
        if by == "transcript":
            counts: dict[str, int] = {}
            for r in retrieve(self._project, coder=coder, filters={"transcript": self.transcript_id},
                              lang=self.lang, redact=False):
                label = self._codes.get(r.code_id).label(self.lang) if r.code_id in self._codes.refs else r.code
                counts[label] = counts.get(label, 0) + 1
            scope = self._title()
            groups = [(scope, list(counts.items()))]
        else:
            m = code_attribute_matrix(self._project, by, coder=coder, lang=self.lang, include_subcodes=False)
            scope = t(f"attr_{by}", lang=self.lang)
            groups = [(label, [(code, row[j]) for code, row in zip(m.codes, m.segments)])
                      for j, label in enumerate(m.labels)]
        w["out"].value = frequency_charts(groups, self._tr("coding_app_chart_title", scope=scope), empty,
                                          titled=by != "transcript", lang=self.lang)
