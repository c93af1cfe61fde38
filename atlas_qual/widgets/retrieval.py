"""The retrieval page: full-text search with keyword in context (and "code all hits" after review), code queries
(AND, OR, NOT, OVERLAP, NEAR) with quotes and a query x attribute matrix, coded segments by code with filters on case
attributes and coder, the code x attribute matrix (coded segments and % of interviews, e.g. weaknesses by
territory), code co-occurrence at segment level, charts, and downloads (Excel workbook, CSV). Quotes and context are
redacted: this page is an output.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Callable

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural, fmt_int, fmt_percent, t, tn
from atlas_qual.html import data_link
from atlas_qual.widgets.page import request_params as query_params

VIEWS = ("search", "query", "quotes", "matrix", "cooccurrence")
SEGMENT_LANGUAGES = ("es", "en", "gn", "mixed")
MAX_HITS = 300
MATRIX_ATTRIBUTES = ("territory", "dmop", "institution", "mode", "role")
FILTERS = ("dmop", "territory", "institution", "mode")
MAX_QUOTES = 300
EXTRA_CSS = """
.aq-retrieval .aq-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.aq-retrieval .aq-quote { white-space: pre-wrap; }
.aq-retrieval .widget-dropdown { height: auto; }
.aq-retrieval .aq-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
.aq-retrieval .aq-kwic td.aq-left { text-align: right; color: #455a64; }
.aq-retrieval .aq-kwic mark { background: #fff3c4; font-weight: 600; padding: 0 2px; }
.aq-retrieval .aq-kwic td { vertical-align: top; overflow-wrap: anywhere; }
.aq-retrieval .widget-text { max-width: 100%; }
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
    counted = tn("retrieval_count", "retrieval_count_plural", len(rows), lang,
                 interviews=Plural("count_interviews", interviews))
    head = f'<p data-testid="retrieval-count"><b>{fmt_int(len(rows), lang)}</b> {H.escape(counted)}</p>'
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
        chart = H.bar_chart([(label, v) for label, v in zip(m.labels, m.percent[i])], max_value=100, lang=lang,
                            value_format=lambda v: fmt_percent(v / 100, lang, 0), title=tr("retrieval_chart_code", code=code_label, attribute=attr))
    else:
        totals = sorted(((c, sum(r)) for c, r in zip(m.codes, m.segments)), key=lambda x: -x[1])[:15]
        chart = H.bar_chart(totals, title=tr("retrieval_chart_codes"), lang=lang)
    return f'<div data-testid="matrix">{pct}{segs}<div class="aq-charts"><div>{chart}</div></div></div>'


def render_cooccurrence(co, lang: str) -> str:
    """The code x code heatmap (diagonal: segments with the code) and the most frequent pairs as bars."""
    tr = _tr(lang)
    if not co.codes:
        return f'<div class="aq-notice">{H.escape(tr("retrieval_none"))}</div>'
    heat = H.heatmap([list(r) for r in co.counts], list(co.codes), list(co.codes), vmin=0, fmt="{:.0f}",
                     caption=tr("retrieval_cooccurrence_caption"))
    pairs = co.pairs()[:12]
    chart = H.bar_chart([(f"{a} + {b}", n) for a, b, n in pairs], title=tr("retrieval_chart_pairs"),
                        lang=lang) if pairs else ""
    return f'<div data-testid="cooccurrence">{chart}{heat}</div>'


def _kwic_html(h) -> str:
    """left, <mark>match</mark>, right, spaced as in the turn (no space inside "CODENI-pe" or before "?")."""
    sep_left, sep_right = h.separators()
    return f"{H.escape(h.left)}{sep_left}<mark>{H.escape(h.match)}</mark>{sep_right}{H.escape(h.right)}"


def render_hits(result, lang: str, *, limit: int = MAX_HITS) -> str:
    """Search hits as keyword in context: number, interview, turn, speaker, then left context, the match, right."""
    tr = _tr(lang)
    if not result.hits:
        return (f'<div class="aq-notice" data-testid="search-count">{H.escape(tr("retrieval_search_none"))} '
                f'{H.escape(result.explain(lang))}</div>')
    from atlas_qual.i18n import tn

    head = (f'<p data-testid="search-count"><b>{len(result.hits)}</b> '
            f'{H.escape(tn("retrieval_search_count", "retrieval_search_count_plural", len(result.hits), lang, segments=result.segments, transcripts=result.transcripts))}</p>')
    rows = []
    for h in result.hits[:limit]:
        where = h.attributes.get("pseudonym") or h.title
        place = h.attributes.get("territory_name") or ""
        rows.append([h.number, f"{where}" + (f" · {place}" if place else ""), f"#{h.ordinal}", h.speaker,
                     f'<span class="aq-kwic-line">{_kwic_html(h)}</span>'])
    header = ["#", tr("coding_app_transcript"), tr("retrieval_turn"), tr("retrieval_speaker"),
              tr("retrieval_context")]
    more = f'<p class="aq-muted">{H.escape(tr("retrieval_more", shown=limit, total=len(result.hits)))}</p>' \
        if len(result.hits) > limit else ""
    return head + H.table(rows, header, classes="aq-kwic", raw_columns=(4,), block_columns=(4,), stack=True) + more


def render_query(result, matrix, lang: str, *, limit: int = MAX_QUOTES) -> str:
    """A query's quotes (interview, turn, speaker, quote) and its matrix against the chosen attribute."""
    tr = _tr(lang)
    from atlas_qual.i18n import tn

    summary = tn("query_summary", "query_summary_plural", len(result.quotes), lang, segments=len(result.quotes),
                 transcripts=result.transcripts)
    head = f'<p data-testid="query-count"><b>{H.escape(summary)}</b></p>'
    if not result.quotes:
        head += f'<div class="aq-notice" data-testid="query-none">{H.escape(result.explain(lang))}</div>'
    out = [head]
    if matrix is not None and matrix.values:
        cols = [f"{label} (n={n})" for label, n in zip(matrix.labels, matrix.totals)]
        out.append('<div data-testid="query-matrix">' + H.heatmap(
            [list(r) for r in matrix.segments], list(matrix.queries), cols, vmin=0, fmt="{:.0f}",
            caption=tr("retrieval_query_matrix", attribute=tr("attr_" + matrix.attribute))) + "</div>")
    if result.quotes:
        rows = [[q.attributes.get("pseudonym") or q.title, f"#{q.ordinal}", q.speaker,
                 f'<span class="aq-quote">{H.escape(q.text)}</span>'] for q in result.quotes[:limit]]
        out.append('<div style="margin-top: 16px">' + H.table(
            rows, [tr("coding_app_transcript"), tr("retrieval_turn"), tr("retrieval_speaker"), tr("retrieval_quote")],
            raw_columns=(3,)) + "</div>")
    return "".join(out)


class RetrievalApp(widgets.VBox):
    """Retrieval and comparison over the project's codings; public state in traitlets, one HTML body."""

    view = traitlets.Unicode("quotes").tag(sync=False)
    code = traitlets.Int(0).tag(sync=False)
    coder = traitlets.Unicode("").tag(sync=False)
    attribute = traitlets.Unicode("territory").tag(sync=False)
    lang = traitlets.Unicode("es").tag(sync=False)

    query = traitlets.Unicode("").tag(sync=False)  # the search text or the code query of the current view

    def __init__(self, project, *, lang: str = "es", view: str = "quotes", code: str | int | None = None,
                 coder: str = "", attribute: str = "territory", filters: dict[str, str] | None = None,
                 query: str = "", segment_lang: str = "") -> None:
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
        self.lang_picker = widgets.Dropdown(
            options=[(tr("retrieval_any"), "")] + [(tr(f"language_{v}"), v) for v in SEGMENT_LANGUAGES],
            value=segment_lang if segment_lang in SEGMENT_LANGUAGES else "", description=tr("retrieval_segment_lang"),
            layout=layout(width="260px"), style=described)
        self.search_box = widgets.Text(value=query if view == "search" else "", continuous_update=False,
                                       placeholder=tr("retrieval_search_placeholder"),
                                       layout=layout(width="420px", max_width="100%"))
        self.search_button = widgets.Button(description=tr("retrieval_search_go"),
                                            button_style="primary")
        self.query_box = widgets.Text(value=query if view == "query" else "", continuous_update=False,
                                      placeholder="Debilidades AND Procesos/Derivación",
                                      layout=layout(width="420px", max_width="100%"))
        self.query_button = widgets.Button(description=tr("retrieval_query_go"), button_style="primary")
        self.hits_box = widgets.Text(placeholder=tr("retrieval_hits_placeholder"), description=tr("retrieval_hits"),
                                     layout=layout(width="260px"), style={"description_width": "initial"})
        self.coder_box = widgets.Text(value=coder, placeholder="ana.gimenez", description=tr("coding_app_coder"),
                                      layout=layout(width="260px"), style={"description_width": "initial"})
        self.code_hits_button = widgets.Button(description=tr("retrieval_code_hits"))
        self.status = widgets.HTML()
        self.excel_button = widgets.Button(description=tr("retrieval_excel"))
        self.csv_button = widgets.Button(description=tr("retrieval_csv"))
        self.downloads = widgets.HTML()
        self.body = widgets.HTML()
        row = lambda children: widgets.HBox(children, layout=layout(flex_flow="row wrap", align_items="center"))  # noqa: E731
        self._search_row = row([self.search_box, self.search_button, self.lang_picker])
        self._query_row = row([self.query_box, self.query_button])
        self._code_row = row([self.code_picker, self.coder_picker, self.attribute_picker])
        self._code_hits_row = row([self.hits_box, self.coder_box, self.code_hits_button, self.status])
        super().__init__([
            widgets.HTML(style_html() + f"<style>{EXTRA_CSS}</style>"),
            self.view_picker,
            self._search_row,
            self._query_row,
            self._code_row,
            row(list(self.filter_pickers.values())),
            row([self.excel_button, self.csv_button, self.downloads]),
            self._code_hits_row,
            self.body,
        ])
        self._search_result = None
        self.add_class("aq-page")
        self.add_class("aq-retrieval")
        self.view, self.code, self.coder, self.attribute = (self.view_picker.value, code_id, self.coder_picker.value,
                                                            self.attribute_picker.value)
        self.query = query
        self._show_rows()
        self.reset()
        self.search_button.on_click(self._on_search)
        self.search_box.observe(self._on_search, names="value")  # Enter or leaving the box (continuous_update off)
        self.query_button.on_click(self._on_query)
        self.query_box.observe(self._on_query, names="value")
        self.lang_picker.observe(self._on_filter, names="value")
        self.code_hits_button.on_click(self._on_code_hits)
        self.view_picker.observe(self._on_view, names="value")
        self.code_picker.observe(self._on_code, names="value")
        self.coder_picker.observe(self._on_coder, names="value")
        self.attribute_picker.observe(self._on_attribute, names="value")
        for picker in self.filter_pickers.values():
            picker.observe(self._on_filter, names="value")
        self.excel_button.on_click(self._on_excel)
        self.csv_button.on_click(self._on_csv)

    @classmethod
    def from_request(cls):
        """The page in the shared frame, from ``?view=search|query|quotes|matrix|cooccurrence&q=&code=&coder=
        &attribute=&dmop=&territory=&institution=&mode=&segment_lang=&lang=``."""
        from atlas_qual.widgets.frame import frame
        from atlas_qual.widgets.page import page_lang, project

        params = query_params()
        lang = page_lang(params)
        app = cls(project(), lang=lang, view=params.get("view", "search"), code=params.get("code"),
                  coder=params.get("coder", ""), attribute=params.get("attribute", "territory"),
                  filters={k: params[k] for k in FILTERS if params.get(k)}, query=params.get("q", ""),
                  segment_lang=params.get("segment_lang", ""))
        return frame("retrieval", app, lang=lang, params=params)

    def _show_rows(self) -> None:
        """Only the controls of the current view are shown."""
        shown = {self._search_row: self.view == "search", self._query_row: self.view == "query",
                 self._code_hits_row: self.view == "search" and self._search_result is not None
                 and bool(self._search_result.hits),
                 self.code_picker: self.view != "query", self.attribute_picker: self.view in ("query", "matrix"),
                 # searching ignores codings: the coder who codes the hits is typed next to the button
                 self.coder_picker: self.view != "search",
                 self.lang_picker: self.view == "search"}
        for widget, visible in shown.items():
            widget.layout.display = "" if visible else "none"

    def _fill_filters(self, chosen: dict[str, str]) -> None:
        from atlas_qual.store.transcripts import list_transcripts

        from atlas_qual.store.search_index import attribute_labels

        tr = _tr(self.lang)
        transcripts = list_transcripts(self._project)
        for key, picker in self.filter_pickers.items():
            values = {tr_[key] for tr_ in transcripts if tr_.get(key)}
            # people read names (Ñeembucú, presencial), never stored ids (neembucu, in_person)
            labels = attribute_labels(self._project, key, values, self.lang)
            ordered = sorted(values, key=lambda v: labels[v].casefold())
            picker.options = [(tr("retrieval_any"), "")] + [(labels[v], v) for v in ordered]
            picker.value = chosen.get(key, "") if chosen.get(key, "") in values else ""

    def filters(self) -> dict[str, str]:
        """The attribute filters chosen on the page."""
        return {k: p.value for k, p in self.filter_pickers.items() if p.value}

    def reset(self) -> None:
        """Recompute the current view from the store."""
        from atlas_qual.store.coding_io import code_attribute_matrix, cooccurrence, retrieve

        coder = self.coder or None
        self._show_rows()
        try:
            if self.view == "search":
                self._run_search()
            elif self.view == "query":
                self._run_query()
            elif self.view == "quotes":
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

    def _run_search(self) -> None:
        from atlas_qual.store.search_index import search

        text = self.search_box.value.strip()
        self.query = text
        if not text:
            self._search_result = None
            self.body.value = f'<div class="aq-notice">{H.escape(_tr(self.lang)("retrieval_search_hint"))}</div>'
            return
        self._search_result = search(self._project, text, filters=self.filters(),
                                     languages=[self.lang_picker.value] if self.lang_picker.value else None,
                                     lang=self.lang)
        self.body.value = render_hits(self._search_result, self.lang)
        self._show_rows()

    def _run_query(self) -> None:
        from atlas_qual.store.query_store import query_matrix, run_query

        text = self.query_box.value.strip()
        self.query = text
        if not text:
            self.body.value = f'<div class="aq-notice">{H.escape(_tr(self.lang)("retrieval_query_hint"))}</div>'
            return
        coder = self.coder or None
        result = run_query(self._project, text, filters=self.filters(), coder=coder, lang=self.lang)
        matrix = query_matrix(self._project, [text], self.attribute, filters=self.filters(), coder=coder,
                              lang=self.lang)
        self.body.value = render_query(result, matrix, self.lang)

    def _on_search(self, _widget=None) -> None:
        self.status.value = ""
        self.reset()

    def _on_query(self, _widget=None) -> None:
        self.reset()

    def _on_code_hits(self, _button=None) -> None:
        """Code the hits the evaluator confirmed (all, or the numbers typed) with the chosen code."""
        from atlas_qual.store.search_index import code_hits

        tr = _tr(self.lang)
        result = self._search_result
        try:
            if result is None or not result.hits:
                raise AtlasQualError("retrieval_no_hits_to_code")
            if not self.code:
                raise AtlasQualError("retrieval_choose_code")
            from atlas_qual.commands.transcripts import _numbers

            chosen = set(_numbers(self.hits_box.value, len(result.hits))) if self.hits_box.value.strip() else None
            hits = [h for h in result.hits if chosen is None or h.number in chosen]
            done = code_hits(self._project, hits, self.code, self.coder_box.value.strip() or self.coder)
        except AtlasQualError as exc:
            self.status.value = f'<span class="aq-error" role="alert">{H.escape(exc.message(self.lang))}</span>'
            return
        label = self._codes.get(self.code).label(self.lang)
        coded = tr("retrieval_coded", code=label, coded=Plural("count_new_codings", done["coded"]),
                   existing=Plural("count_already_existed", done["existing"]))
        self.status.value = f'<span class="aq-ok" data-testid="coded" role="status">{H.escape(coded)}</span>'

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

    def _download(self, suffix: str, write: Callable[[Path], Any], mime: str, stem: str = "atlas-qual-codings") -> None:
        with tempfile.TemporaryDirectory(prefix="aq-export-") as tmp:
            path = Path(tmp) / f"{stem}{suffix}"
            try:
                write(path)
            except AtlasQualError as exc:
                self.downloads.value = f'<span class="aq-error">{H.escape(exc.message(self.lang))}</span>'
                return
            label = t("retrieval_download", lang=self.lang, name=path.name)
            self.downloads.value = f'<span data-testid="download">{data_link(path.read_bytes(), path.name, mime, label)}</span>'

    def _query_download(self, suffix: str, mime: str) -> None:
        from atlas_qual.store.query_store import export_query, query_matrix, run_query

        def write(path: Path) -> None:
            coder = self.coder or None
            result = run_query(self._project, self.query, filters=self.filters(), coder=coder, lang=self.lang)
            matrix = query_matrix(self._project, [self.query], self.attribute, filters=self.filters(), coder=coder,
                                  lang=self.lang)
            export_query(result, path, matrix=matrix, lang=self.lang)

        self._download(suffix, write, mime, stem="atlas-qual-query")

    def _on_excel(self, _button=None) -> None:
        from atlas_qual.store.coding_io import export_xlsx

        if self.view == "query" and self.query:
            return self._query_download(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self._download(".xlsx", lambda p: export_xlsx(self._project, p, lang=self.lang, coder=self.coder or None),
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    def _on_csv(self, _button=None) -> None:
        from atlas_qual.store.coding_io import export_codings_csv

        if self.view == "query" and self.query:
            return self._query_download(".csv", "text/csv")
        self._download(".csv", lambda p: export_codings_csv(self._project, p, lang=self.lang,
                                                            coder=self.coder or None), "text/csv")
