"""The retrieval page: coded segments by code with filters on case attributes and coder, the code x attribute
matrix (coded segments and % of interviews, e.g. weaknesses by territory), code co-occurrence at segment level,
charts for both, and downloads (Excel workbook, codings CSV). Quotes are redacted: this page is an output.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any, Callable

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import t
from atlas_qual.widgets.coding import query_params

VIEWS = ("quotes", "matrix", "cooccurrence")
MATRIX_ATTRIBUTES = ("territory", "dmop", "institution", "mode", "role")
FILTERS = ("dmop", "territory", "institution", "mode")
MAX_QUOTES = 300
EXTRA_CSS = """
.aq-retrieval .aq-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.aq-retrieval .aq-quote { white-space: pre-wrap; }
.aq-retrieval .widget-dropdown { height: auto; }
.aq-retrieval .aq-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
"""


def _tr(lang: str) -> Callable[..., str]:
    return lambda key, **p: t(key, lang=lang, **p)


def render_quotes(rows, lang: str, *, limit: int = MAX_QUOTES) -> str:
    """Retrieved segments as one table: code, coder, interview (pseudonym), turn, speaker, quote."""
    tr = _tr(lang)
    if not rows:
        return f'<div class="aq-notice">{H.escape(tr("retrieval_none"))}</div>'
    shown = rows[:limit]
    table_rows = [[r.code, r.coder, r.attributes.get("pseudonym") or r.title, f"#{r.ordinal}", r.speaker,
                   f'<span class="aq-quote">{H.escape(r.text)}</span>'] for r in shown]
    header = [tr("col_code"), tr("coding_app_coder"), tr("coding_app_transcript"), tr("retrieval_turn"),
              tr("retrieval_speaker"), tr("retrieval_quote")]
    more = f'<p class="aq-muted">{H.escape(tr("retrieval_more", shown=len(shown), total=len(rows)))}</p>' \
        if len(rows) > len(shown) else ""
    interviews = len({r.transcript_id for r in rows})
    head = (f'<p data-testid="retrieval-count"><b>{len(rows)}</b> '
            f'{H.escape(tr("retrieval_count", interviews=interviews))}</p>')
    return head + H.table(table_rows, header, raw_columns=(5,)) + more


def render_matrix(m, lang: str, code_label: str | None = None) -> str:
    """Heatmaps of % of interviews and of coded segments, and a bar chart (the chosen code across the values, or
    the most frequent codes)."""
    tr = _tr(lang)
    if not m.codes or not m.values:
        return f'<div class="aq-notice">{H.escape(tr("retrieval_none"))}</div>'
    attr = tr("attr_" + m.attribute)
    cols = [f"{label} (n={n})" for label, n in zip(m.labels, m.totals)]
    pct = H.heatmap([list(r) for r in m.percent], list(m.codes), cols, vmin=0, vmax=100, fmt="{:.0f} %",
                    caption=tr("retrieval_matrix_pct", attribute=attr))
    segs = H.heatmap([list(r) for r in m.segments], list(m.codes), list(m.labels), vmin=0, fmt="{:.0f}",
                     caption=tr("retrieval_matrix_segments", attribute=attr))
    if code_label and code_label in m.codes:
        i = m.codes.index(code_label)
        chart = H.bar_chart([(label, v) for label, v in zip(m.labels, m.percent[i])], max_value=100,
                            value_format="{:.0f} %", title=tr("retrieval_chart_code", code=code_label, attribute=attr))
    else:
        totals = sorted(((c, sum(r)) for c, r in zip(m.codes, m.segments)), key=lambda x: -x[1])[:15]
        chart = H.bar_chart(totals, title=tr("retrieval_chart_codes"))
    return f'<div data-testid="matrix">{pct}{segs}<div class="aq-charts"><div>{chart}</div></div></div>'


def render_cooccurrence(co, lang: str) -> str:
    """The code x code heatmap (diagonal: segments with the code) and the most frequent pairs as bars."""
    tr = _tr(lang)
    if not co.codes:
        return f'<div class="aq-notice">{H.escape(tr("retrieval_none"))}</div>'
    heat = H.heatmap([list(r) for r in co.counts], list(co.codes), list(co.codes), vmin=0, fmt="{:.0f}",
                     caption=tr("retrieval_cooccurrence_caption"))
    pairs = co.pairs()[:12]
    chart = H.bar_chart([(f"{a} + {b}", n) for a, b, n in pairs], title=tr("retrieval_chart_pairs")) if pairs else ""
    return f'<div data-testid="cooccurrence">{chart}{heat}</div>'


def data_link(content: bytes, filename: str, mime: str, label: str) -> str:
    """A download link carrying the file itself (works in Voila without any server route)."""
    payload = base64.b64encode(content).decode("ascii")
    return (f'<a class="aq-btn" download="{H.escape(filename)}" href="data:{mime};base64,{payload}">'
            f"{H.escape(label)}</a>")


class RetrievalApp(widgets.VBox):
    """Retrieval and comparison over the project's codings; public state in traitlets, one HTML body."""

    view = traitlets.Unicode("quotes").tag(sync=False)
    code = traitlets.Int(0).tag(sync=False)
    coder = traitlets.Unicode("").tag(sync=False)
    attribute = traitlets.Unicode("territory").tag(sync=False)
    lang = traitlets.Unicode("es").tag(sync=False)

    def __init__(self, project, *, lang: str = "es", view: str = "quotes", code: str | int | None = None,
                 coder: str = "", attribute: str = "territory", filters: dict[str, str] | None = None) -> None:
        from atlas_qual.store.codebook import code_index
        from atlas_qual.store.coding import list_coders
        from atlas_qual.widgets.page import style_html

        self._project = project
        self.lang = lang if lang in ("es", "en") else "es"
        tr = _tr(self.lang)
        self._codes = code_index(project)
        code_id = 0
        if code not in (None, "", 0):
            try:
                code_id = self._codes.resolve(int(code) if str(code).isdigit() else code).id
            except AtlasQualError:
                code_id = 0
        coders = list_coders(project)
        from ipywidgets.widgets.widget_description import DescriptionStyle

        layout = widgets.Layout
        described = DescriptionStyle(description_width="initial")
        self.view_picker = widgets.ToggleButtons(
            options=[(tr(f"retrieval_view_{v}"), v) for v in VIEWS], value=view if view in VIEWS else "quotes",
            style=widgets.ToggleButtonsStyle(button_width="auto"))
        self.code_picker = widgets.Dropdown(
            options=[(tr("retrieval_all_codes"), 0)] + [(r.label(self.lang), r.id) for r in self._codes],
            value=code_id, description=tr("col_code"), layout=layout(width="420px"), style=described)
        self.coder_picker = widgets.Dropdown(options=[(tr("retrieval_all_coders"), "")] + [(c, c) for c in coders],
                                             value=coder if coder in coders else "",
                                             description=tr("coding_app_coder"), layout=layout(width="300px"),
                                             style=described)
        self.attribute_picker = widgets.Dropdown(options=[(tr("attr_" + a), a) for a in MATRIX_ATTRIBUTES],
                                                 value=attribute if attribute in MATRIX_ATTRIBUTES else "territory",
                                                 description=tr("retrieval_compare_by"), layout=layout(width="300px"),
                                                 style=described)
        self.filter_pickers = {key: widgets.Dropdown(description=tr("attr_" + key), layout=layout(width="260px"),
                                                     style=described) for key in FILTERS}
        self._fill_filters(filters or {})
        self.excel_button = widgets.Button(description=tr("retrieval_excel"), icon="download")
        self.csv_button = widgets.Button(description=tr("retrieval_csv"), icon="download")
        self.downloads = widgets.HTML()
        self.body = widgets.HTML()
        row = lambda children: widgets.HBox(children, layout=layout(flex_flow="row wrap", align_items="center"))  # noqa: E731
        super().__init__([
            widgets.HTML(style_html() + f"<style>{EXTRA_CSS}</style><h1>{H.escape(tr('retrieval_title'))}</h1>"),
            self.view_picker,
            row([self.code_picker, self.coder_picker, self.attribute_picker]),
            row(list(self.filter_pickers.values())),
            row([self.excel_button, self.csv_button, self.downloads]),
            self.body,
        ])
        self.add_class("aq-page")
        self.add_class("aq-retrieval")
        self.view, self.code, self.coder, self.attribute = (self.view_picker.value, code_id, self.coder_picker.value,
                                                            self.attribute_picker.value)
        self.reset()
        self.view_picker.observe(self._on_view, names="value")
        self.code_picker.observe(self._on_code, names="value")
        self.coder_picker.observe(self._on_coder, names="value")
        self.attribute_picker.observe(self._on_attribute, names="value")
        for picker in self.filter_pickers.values():
            picker.observe(self._on_filter, names="value")
        self.excel_button.on_click(self._on_excel)
        self.csv_button.on_click(self._on_csv)

    @classmethod
    def from_request(cls) -> "RetrievalApp":
        """Built from ``?view=&code=&coder=&attribute=&dmop=&territory=&institution=&mode=&lang=``."""
        from atlas_qual.widgets.page import page_lang, project

        params = query_params()
        return cls(project(), lang=page_lang(params), view=params.get("view", "quotes"), code=params.get("code"),
                   coder=params.get("coder", ""), attribute=params.get("attribute", "territory"),
                   filters={k: params[k] for k in FILTERS if params.get(k)})

    def _fill_filters(self, chosen: dict[str, str]) -> None:
        from atlas_qual.store.transcripts import list_transcripts

        tr = _tr(self.lang)
        transcripts = list_transcripts(self._project)
        for key, picker in self.filter_pickers.items():
            values = sorted({tr_[key] for tr_ in transcripts if tr_.get(key)})
            labels = {v: (t(f"mode_{v}", lang=self.lang) if key == "mode" else v) for v in values}
            picker.options = [(tr("retrieval_any"), "")] + [(labels[v], v) for v in values]
            picker.value = chosen.get(key, "") if chosen.get(key, "") in values else ""

    def filters(self) -> dict[str, str]:
        """The attribute filters chosen on the page."""
        return {k: p.value for k, p in self.filter_pickers.items() if p.value}

    def reset(self) -> None:
        """Recompute the current view from the store."""
        from atlas_qual.store.coding import code_attribute_matrix, cooccurrence, retrieve

        coder = self.coder or None
        try:
            if self.view == "quotes":
                rows = retrieve(self._project, code=self.code or None, coder=coder, filters=self.filters(),
                                lang=self.lang)
                self.body.value = render_quotes(rows, self.lang)
            elif self.view == "matrix":
                m = code_attribute_matrix(self._project, self.attribute, coder=coder, filters=self.filters(),
                                          lang=self.lang)
                label = self._codes.get(self.code).label(self.lang) if self.code else None
                self.body.value = render_matrix(m, self.lang, label)
            else:
                co = cooccurrence(self._project, coder=coder, filters=self.filters(), lang=self.lang)
                self.body.value = render_cooccurrence(co, self.lang)
        except AtlasQualError as exc:
            self.body.value = f'<div class="aq-error">{H.escape(exc.message(self.lang))}</div>'

    def _on_view(self, change) -> None:
        self.view = change["new"]
        self.reset()

    def _on_code(self, change) -> None:
        self.code = int(change["new"] or 0)
        self.reset()

    def _on_coder(self, change) -> None:
        self.coder = change["new"] or ""
        self.reset()

    def _on_attribute(self, change) -> None:
        self.attribute = change["new"]
        self.reset()

    def _on_filter(self, _change) -> None:
        self.reset()

    def _download(self, suffix: str, write: Callable[[Path], Any], mime: str) -> None:
        with tempfile.TemporaryDirectory(prefix="aq-export-") as tmp:
            path = Path(tmp) / f"atlas-qual-codings{suffix}"
            try:
                write(path)
            except AtlasQualError as exc:
                self.downloads.value = f'<span class="aq-error">{H.escape(exc.message(self.lang))}</span>'
                return
            label = t("retrieval_download", lang=self.lang, name=path.name)
            self.downloads.value = f'<span data-testid="download">{data_link(path.read_bytes(), path.name, mime, label)}</span>'

    def _on_excel(self, _button=None) -> None:
        from atlas_qual.store.coding import export_xlsx

        self._download(".xlsx", lambda p: export_xlsx(self._project, p, lang=self.lang, coder=self.coder or None),
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    def _on_csv(self, _button=None) -> None:
        from atlas_qual.store.coding import export_codings_csv

        self._download(".csv", lambda p: export_codings_csv(self._project, p, lang=self.lang,
                                                            coder=self.coder or None), "text/csv")
