"""The Body of Knowledge page: search and filter the evidence library, add and edit practices, import/export
CSV/Excel, and see the practices relevant to a gap (the same panel the facilitator page shows during a workshop).

The library and the relevant practices are each one escaped HTML widget; the relevance panel imports spaCy only when
a gap is first chosen, so the page opens fast.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural, t, tn

EXTRA_CSS = """
.aq-bok .aq-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.aq-bok .widget-textarea textarea { min-height: 90px; }
.aq-bok .aq-why { font-size: 0.9em; color: #374151; }
.aq-bok td:first-child { white-space: nowrap; }
.aq-frame .aq-bok-filters { grid-template-columns: repeat(auto-fill, minmax(min(100%, 18em), 1fr)); gap: 8px 16px; }
"""
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _tags(practice, lang: str) -> str:
    topics = ", ".join(t(f"bok_topic_{x}", lang=lang) for x in practice.topics)
    kind = t(f"bok_intervention_{practice.intervention}", lang=lang) if practice.intervention else ""
    return " · ".join(x for x in (topics, kind) if x)


def _labels(keys: tuple[str, ...], lang: str) -> list[str]:
    """`` data-label="…"`` per column: the column's name each cell shows on a phone, where a table reads as cards
    (``aq-stack`` in frame.css; a 5-column table scrolled sideways at 375 px)."""
    return [f' data-label="{H.escape(t(k, lang=lang))}"' for k in keys]


def library_html(rows, lang: str) -> str:
    """The library as one escaped HTML table (ref, practice with summary, topics and kind, evidence, source,
    links)."""
    keys = ("bok_col_ref", "bok_col_title", "bok_col_evidence", "bok_col_source", "bok_col_links")
    ref, title, evidence, source, links = _labels(keys, lang)
    body = []
    for p in rows:
        summary = p.summary_in(lang)
        summary_html = f'<br><span class="aq-why">{H.escape(summary)}</span>' if summary else ""
        body.append(
            f"<tr><td{ref}>{H.escape(p.ref)}</td><td class='aq-block'{title}><b>{H.escape(p.title_in(lang))}</b>"
            f"{summary_html}<br><span class='aq-muted'>{H.escape(_tags(p, lang))}</span></td>"
            f"<td{evidence}>{H.escape(t('bok_evidence_' + p.evidence, lang=lang))}</td>"
            f"<td class='aq-block'{source}>{H.escape(p.source)}</td>"
            f"<td{links}>{H.escape(', '.join(p.gap_ids + p.dmop_ids))}</td></tr>")
    head = "".join(f'<th scope="col">{H.escape(t(k, lang=lang))}</th>' for k in keys)
    caption = H.escape(tn("bok_ui_count_n", "bok_ui_count_n_plural", len(rows), lang))
    return (f'<div class="aq-table-wrap" data-testid="bok-library"><table class="aq-table aq-stack"><caption>{caption}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def relevant_html(gap_id: str, found, lang: str) -> str:
    """The practices relevant to a gap as escaped HTML (see :func:`practices_html`)."""
    title = H.escape(t("bok_relevant_title", lang=lang, gap=gap_id))
    if not found:
        return (f'<div data-testid="bok-relevant"><h3>{title}</h3>'
                f'<p class="aq-muted">{H.escape(t("bok_relevant_none", lang=lang))}</p></div>')
    keys = ("bok_col_ref", "bok_col_title", "bok_col_evidence", "bok_col_why", "bok_col_source")
    l_ref, l_title, l_evidence, l_why, l_source = _labels(keys, lang)
    body = []
    for r in found:
        p, rel = r.practice, r.relevance
        why = t(f"bok_reason_{rel.reason}", lang=lang)
        shared = rel.shared_in(lang)  # words of the page's language, never the other language's stems
        if shared:
            why += f": {', '.join(shared[:4])}"
        body.append(f"<tr><td{l_ref}>{H.escape(p.ref)}</td><td class='aq-block'{l_title}>"
                    f"<b>{H.escape(p.title_in(lang))}</b>"
                    f"<br><span class='aq-why'>{H.escape(p.summary_in(lang))}</span></td>"
                    f"<td{l_evidence}>{H.escape(t('bok_evidence_' + p.evidence, lang=lang))}</td>"
                    f"<td class='aq-block'{l_why}>{H.escape(why)}</td>"
                    f"<td class='aq-block'{l_source}>{H.escape(p.source)}</td></tr>")
    head = "".join(f'<th scope="col">{H.escape(t(k, lang=lang))}</th>' for k in keys)
    return (f'<div data-testid="bok-relevant"><h3>{title}</h3><div class="aq-table-wrap">'
            f'<table class="aq-table aq-stack">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div></div>")


def _hider(project, lang: str):
    """The project's redactor for what the page shows (practices and gaps may name people)."""
    from atlas_qual.store.project_redaction import project_redactor

    return project_redactor(project, lang).redact


def practices_html(project, gap_id: str, lang: str = "es", n: int = 5) -> str:
    """The BOK practices relevant to a gap as escaped HTML, for any page (the facilitator shows it during the gap
    workshop): linked practices first, then those linked to the gap's DMOP, then by shared terms, each with why.

    Examples:
        >>> # facilitator_panel.value = practices_html(project, "G05", "es")
    """
    from atlas_qual.store.bok import relevant_practices

    try:
        found = relevant_practices(project, gap_id, n=n)  # redacted: practices and shared terms
    except AtlasQualError as exc:
        return f'<div class="aq-error" role="alert">{H.escape(exc.message(lang))}</div>'
    return relevant_html(gap_id, found, lang)


def _upload_path(upload: widgets.FileUpload) -> Path | None:
    if not upload.value:
        return None
    entry = upload.value[0]
    target = Path(tempfile.mkdtemp(prefix="aq-bok-")) / (Path(str(entry["name"])).name or "bok.csv")
    target.write_bytes(bytes(entry["content"]))
    return target


class BokApp(widgets.VBox):
    """The Body of Knowledge page as one composite widget. Public state: ``lang``, ``query``, ``selected`` (the
    ref being edited, "" for a new practice) and ``gap`` (whose relevant practices are shown)."""

    lang = traitlets.Unicode("es").tag(sync=False)
    query = traitlets.Unicode("").tag(sync=False)
    selected = traitlets.Unicode("").tag(sync=False)
    gap = traitlets.Unicode("").tag(sync=False)

    def __init__(self, project, *, lang: str = "es", gap: str = "") -> None:
        self._project = project
        self._loading = False
        self._title = widgets.HTML()
        # search and filters
        self._search = widgets.Text(continuous_update=False)
        self._search.observe(self._on_search, names="value")
        self._topic = widgets.Dropdown()
        self._intervention = widgets.Dropdown()
        self._evidence = widgets.Dropdown()
        self._dmop = widgets.Dropdown()
        # every field is labelled by its own description (relabelled in reset), shown above it on a grid
        for w in (self._search, self._topic, self._intervention, self._evidence, self._dmop):
            w.add_class("aq-above")
        for w in (self._topic, self._intervention, self._evidence, self._dmop):
            w.observe(self._on_search, names="value")
        self._library = widgets.HTML()
        # relevance
        self._gap_pick = widgets.Dropdown(layout=widgets.Layout(width="100%", max_width="720px"))
        self._gap_pick.add_class("aq-above")
        self._gap_pick.observe(self._on_gap, names="value")
        self._relevant = widgets.HTML()
        # editing
        self._pick = widgets.Dropdown(layout=widgets.Layout(width="100%", max_width="720px"))
        self._pick.add_class("aq-above")
        self._pick.observe(self._on_pick, names="value")
        self._f = {name: widgets.Text() for name in ("ref", "title", "title_en", "source", "gaps", "dmops", "topics")}
        self._f["summary"] = widgets.Textarea()
        self._f["summary_en"] = widgets.Textarea()
        self._f["intervention"] = widgets.Dropdown()
        self._f["evidence"] = widgets.Dropdown()
        for name, field in self._f.items():
            field.add_class("aq-above")
            if name.startswith("summary"):
                field.add_class("aq-wide")
        self._save = widgets.Button(button_style="primary")
        self._save.add_class("aq-bok-save")
        self._save.on_click(self._on_save)
        self._delete = widgets.Button(button_style="danger")
        self._delete.on_click(self._on_delete)
        self._edit_msg = widgets.HTML()
        # import / export
        self._upload = widgets.FileUpload(accept=".csv,.xlsx,.xlsm", multiple=False)
        self._import = widgets.Button()
        self._import.on_click(self._on_import)
        self._export_csv = widgets.Button()
        self._export_csv.on_click(lambda _b: self._on_export(".csv"))
        self._export_xlsx = widgets.Button()
        self._export_xlsx.on_click(lambda _b: self._on_export(".xlsx"))
        self._io_msg = widgets.HTML()
        self._heads = {k: widgets.HTML() for k in ("library", "relevant", "edit", "io")}
        filters = widgets.Box([self._search, self._topic, self._intervention, self._evidence, self._dmop])
        filters.add_class("aq-form")
        filters.add_class("aq-bok-filters")
        form = widgets.Box(list(self._f.values()))
        form.add_class("aq-form")
        super().__init__([
            widgets.HTML(f"<style>{EXTRA_CSS}</style>"), self._title,
            self._heads["library"], filters, self._library,
            self._heads["relevant"], self._gap_pick, self._relevant,
            self._heads["edit"], self._pick, form, widgets.HBox([self._save, self._delete]), self._edit_msg,
            self._heads["io"], widgets.HBox([self._upload, self._import, self._export_csv, self._export_xlsx]),
            self._io_msg,
        ])
        self.add_class("aq-bok")
        self.lang = lang
        self.observe(self._on_lang, names="lang")
        self.gap = gap
        self.reset()

    @classmethod
    def from_request(cls):
        """The page in the shared frame: ``?lang=en`` for English, ``?gap=G05`` to open with the practices relevant
        to a gap."""
        from atlas_qual.widgets.frame import frame
        from atlas_qual.widgets.page import page_lang, project, request_params

        params = request_params()
        lang = page_lang(params)
        return frame("bok", cls(project(), lang=lang, gap=(params.get("gap") or "").strip()), lang=lang,
                     params=params)

    # ---- labels ----------------------------------------------------------------------------------------------------

    def _t(self, key: str, **params: Any) -> str:
        return t(key, lang=self.lang, **params)

    def reset(self) -> None:
        """Relabel everything in the current language and redraw the library, the gap list and the form."""
        from atlas_qual import bok as core
        from atlas_qual.store.gaps import list_gaps
        from atlas_qual.store.workshop import dmops

        tr = self._t
        self._loading = True
        try:
            self._title.value = f"<p class='aq-muted'>{H.escape(tr('bok_ui_intro'))}</p>"
            for key, head in (("library", "bok_ui_library"), ("relevant", "bok_ui_relevant"),
                              ("edit", "bok_ui_edit"), ("io", "bok_ui_io")):
                self._heads[key].value = f"<h2>{H.escape(tr(head))}</h2>"
            self._search.placeholder = tr("bok_ui_search")
            self._search.description = tr("bok_ui_search_label")
            self._topic.description = tr("bok_ui_topic")
            self._intervention.description = tr("bok_field_intervention")
            self._evidence.description = tr("bok_field_evidence")
            self._dmop.description = "DMOP"
            self._gap_pick.description = tr("bok_ui_gap")
            self._pick.description = tr("bok_ui_practice")
            self._upload.description = tr("bok_ui_file")
            kept = {w: w.value or "" for w in (self._topic, self._intervention, self._evidence, self._dmop)}
            self._topic.options = [(tr("bok_ui_all_topics"), "")] + [(tr(f"bok_topic_{x}"), x) for x in core.TOPICS]
            kinds = [(tr(f"bok_intervention_{x}"), x) for x in core.INTERVENTIONS]
            self._intervention.options = [(tr("bok_ui_all_interventions"), "")] + kinds
            qualities = [(tr(f"bok_evidence_{x}"), x) for x in core.EVIDENCE]
            self._evidence.options = [(tr("bok_ui_all_evidence"), "")] + qualities
            self._dmop.options = [(tr("bok_ui_all_dmops"), "")] + [(d["id"], d["id"]) for d in dmops(self._project)]
            for widget, value in kept.items():  # new options leave a dropdown empty: keep what was chosen
                widget.value = value if value in {v for _l, v in widget.options} else ""
            gaps = list_gaps(self._project)
            hide = _hider(self._project, self.lang)
            self._gap_pick.options = [(tr("bok_ui_pick_gap"), "")] + [
                (f"{g.id} · {hide(g.title_in(self.lang))}"[:90], g.id) for g in gaps]
            self._gap_pick.value = self.gap if self.gap in {g.id for g in gaps} else ""
            self._f["intervention"].options = [("—", "")] + kinds
            self._f["evidence"].options = qualities
            for name, field in self._f.items():
                field.description = tr("bok_field_" + name)
            self._save.description = tr("bok_ui_save")
            self._delete.description = tr("bok_ui_delete")
            self._import.description = tr("bok_ui_import")
            self._export_csv.description = tr("bok_ui_export", kind="CSV")
            self._export_xlsx.description = tr("bok_ui_export", kind="Excel")
        finally:
            self._loading = False
        self._refresh_library()
        self._refresh_picker()
        self._fill_form(self.selected)
        self._refresh_relevant()

    def _refresh_library(self) -> None:
        from atlas_qual.store.bok import list_practices, redacted_practice

        try:
            rows = list_practices(self._project, self._search.value, topic=self._topic.value or None,
                                  intervention=self._intervention.value or None,
                                  evidence=self._evidence.value or None, dmop=self._dmop.value or None)
        except AtlasQualError as exc:
            self._library.value = f'<div class="aq-error" role="alert">{H.escape(exc.message(self.lang))}</div>'
            return
        self.query = self._search.value
        hide = _hider(self._project, self.lang)
        self._library.value = library_html([redacted_practice(p, hide) for p in rows], self.lang)

    def _refresh_picker(self) -> None:
        from atlas_qual.store.bok import list_practices

        self._loading = True
        try:
            hide = _hider(self._project, self.lang)
            self._pick.options = [(self._t("bok_ui_new"), "")] + [
                (f"{p.ref} · {hide(p.title_in(self.lang))}"[:90], p.ref) for p in list_practices(self._project)]
            self._pick.value = self.selected if self.selected in {v for _l, v in self._pick.options} else ""
        finally:
            self._loading = False

    def _refresh_relevant(self) -> None:
        self._relevant.value = practices_html(self._project, self.gap, self.lang) if self.gap else ""

    def _fill_form(self, ref: str) -> None:
        from atlas_qual.store.bok import get_practice

        values = {name: "" for name in self._f}
        values["evidence"] = "none"
        if ref:
            try:
                p = get_practice(self._project, ref)
            except AtlasQualError:
                ref = ""
            else:
                values.update({k: ("; ".join(v) if isinstance(v, list) else v) for k, v in p.to_dict().items()})
        self.selected = ref
        self._loading = True
        try:
            for name, widget in self._f.items():
                widget.value = values.get(name, "") or ("" if name != "evidence" else "none")
        finally:
            self._loading = False
        self._delete.disabled = not ref

    # ---- events ----------------------------------------------------------------------------------------------------

    def _on_lang(self, _change) -> None:
        self.reset()

    def _on_search(self, _change) -> None:
        if not self._loading:
            self._refresh_library()

    def _on_gap(self, change) -> None:
        if self._loading:
            return
        self.gap = change["new"] or ""
        self._refresh_relevant()

    def _on_pick(self, change) -> None:
        if self._loading:
            return
        self._edit_msg.value = ""
        self._fill_form(change["new"] or "")

    def _on_save(self, _button) -> None:
        from atlas_qual.store.bok import save_practice

        values = {name: widget.value for name, widget in self._f.items()}
        try:
            row = save_practice(self._project, values, ref=self.selected or None)
        except AtlasQualError as exc:
            self._edit_msg.value = f'<div class="aq-error" role="alert">{H.escape(exc.message(self.lang))}</div>'
            return
        self.selected = row.ref
        self._edit_msg.value = (f'<div class="aq-notice" role="status" data-testid="bok-saved">'
                                f"{H.escape(self._t('bok_ui_saved', ref=row.ref))}</div>")
        self._refresh_picker()
        self._fill_form(row.ref)
        self._refresh_library()
        self._refresh_relevant()

    def _on_delete(self, _button) -> None:
        from atlas_qual.store.bok import delete_practice

        if not self.selected:
            return
        ref = self.selected
        try:
            delete_practice(self._project, ref)
        except AtlasQualError as exc:
            self._edit_msg.value = f'<div class="aq-error" role="alert">{H.escape(exc.message(self.lang))}</div>'
            return
        self._edit_msg.value = f'<div class="aq-notice">{H.escape(self._t("bok_ui_deleted", ref=ref))}</div>'
        self.selected = ""
        self._refresh_picker()
        self._fill_form("")
        self._refresh_library()
        self._refresh_relevant()

    def _on_import(self, _button) -> None:
        from atlas_qual.store.bok import import_practices

        from atlas_qual.private_files import discard_temp

        path = _upload_path(self._upload)
        if path is None:
            self._io_msg.value = f'<div class="aq-error">{H.escape(self._t("bok_ui_no_file"))}</div>'
            return
        try:
            report = import_practices(self._project, path)
        except AtlasQualError as exc:
            self._io_msg.value = f'<div class="aq-error" role="alert">{H.escape(exc.message(self.lang))}</div>'
            return
        finally:
            discard_temp(path)  # the uploaded file does not outlive its import
        rows = len({e.row for e in report.errors})
        summary = self._t("bok_cli_imported", file=report.file, added=Plural("count_new_practices", len(report.added)),
                          updated=Plural("count_practices_updated", len(report.updated)),
                          errors=Plural("count_rows_with_errors", rows))
        parts = [f'<div class="aq-notice" data-testid="bok-imported">{H.escape(summary)}</div>']
        if report.errors or report.warnings:
            items = [str(e) for e in report.errors] + list(report.warnings)
            parts.append("<ul class='aq-error'>" + "".join(f"<li>{H.escape(x)}</li>" for x in items) + "</ul>")
        self._io_msg.value = "".join(parts)
        self._refresh_library()
        self._refresh_picker()

    def _on_export(self, suffix: str) -> None:
        from atlas_qual.store.bok import export_practices

        from atlas_qual.private_files import private_tempdir

        with private_tempdir("aq-bok-") as folder:  # the file lives on in the page's link only
            path = folder / f"bok{suffix}"
            count = export_practices(self._project, path)
            data = path.read_bytes()
        mime = "text/csv" if suffix == ".csv" else XLSX_MIME
        label = self._t("bok_ui_download", name=path.name, n=Plural("count_practices", count))
        self._io_msg.value = H.data_link(data, path.name, mime, label, testid="bok-download")


__all__ = ["BokApp", "practices_html", "relevant_html", "library_html"]
