"""The facilitator page's working sections: setup, results, shortlist and workgroups, paper ballots, export.

A mixin of ``FacilitatorApp``, which holds the key and the refresh loop. Setup edits items, criteria, the procedure
and the participants' language.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Sequence

import ipywidgets as widgets

from atlas_qual import html as H
from atlas_qual.html import data_link
from atlas_qual.errors import AtlasQualError
from atlas_qual import i18n
from atlas_qual.i18n import LANG_NAMES, Plural
from atlas_qual.widgets.facilitator_views import (
    render_change,
    render_gate_table,
    render_items,
    render_ranking,
    render_shortlist,
)


def button(description: str, *, style: str = "", cls: str = "") -> widgets.Button:
    b = widgets.Button(description=description, button_style=style, layout=widgets.Layout(width="auto"))
    if cls:
        b.add_class(cls)
    return b


def upload_to_file(upload: widgets.FileUpload) -> Path | None:
    """The uploaded file written to a private temporary folder (the store reads files by path)."""
    if not upload.value:
        return None
    entry = upload.value[0]
    name = Path(str(entry["name"])).name or "upload.csv"
    folder = Path(tempfile.mkdtemp(prefix="aq-upload-"))
    target = folder / name
    target.write_bytes(bytes(entry["content"]))
    return target


class SectionsMixin:
    """Setup, results, shortlist and ballots sections of ``FacilitatorApp`` (every action passes the key)."""

    # setup: items, criteria, procedure
    def _build_setup(self) -> widgets.Widget:
        def make() -> widgets.Widget:
            tr = self._t
            b = self._built
            b["items_html"] = widgets.HTML()
            b["item_pick"] = widgets.Dropdown(layout=widgets.Layout(width="auto"))
            b["item_pick"].observe(self._on_item_pick, names="value")
            b["item_ref"] = widgets.Text(placeholder="G19", layout=widgets.Layout(width="110px"))
            b["item_title"] = widgets.Text(placeholder=tr("wsapp_ui_item_title"), layout=widgets.Layout(width="100%"))
            b["item_desc"] = widgets.Textarea(placeholder=tr("wsapp_x_description"),
                                              layout=widgets.Layout(width="100%"))
            b["item_title_en"] = widgets.Text(placeholder=tr("wsapp_ui_item_title_en"),
                                              layout=widgets.Layout(width="100%"))
            b["item_save"] = button(tr("wsapp_ui_save_item"), style="primary", cls="aq-save-item")
            b["item_remove"] = button(tr("wsapp_ui_remove_item"), style="danger")
            b["item_save"].on_click(self._on_item_save)
            b["item_remove"].on_click(self._on_item_remove)
            b["gap_upload"] = widgets.FileUpload(accept=".csv,.xlsx,.xlsm", multiple=False,
                                                 description=tr("wsapp_ui_gap_file"))
            b["gap_upload_btn"] = button(tr("wsapp_ui_add_gap_file"))
            b["gap_upload_btn"].on_click(self._on_gap_file)
            b["criteria_box"] = widgets.VBox()
            b["criteria_save"] = button(tr("wsapp_ui_save_criteria"), style="primary", cls="aq-save-criteria")
            b["criteria_save"].on_click(self._on_criteria_save)
            b["procedure"] = widgets.Dropdown(options=[(tr("workshop_procedure_premise"), "premise"),
                                                       (tr("workshop_procedure_conclusion"), "conclusion")],
                                              layout=widgets.Layout(width="auto"))
            b["procedure"].observe(self._on_procedure, names="value")
            b["session_lang"] = widgets.Dropdown(options=[(LANG_NAMES[code], code) for code in ("es", "en", "gn")],
                                                 description=tr("wsapp_ui_session_lang"),
                                                 style={"description_width": "initial"},
                                                 layout=widgets.Layout(width="auto"))
            b["session_lang"].add_class("aq-session-lang")
            b["session_lang"].observe(self._on_session_lang, names="value")
            return widgets.VBox([
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_items_heading'))}</h2>"), b["items_html"],
                widgets.HTML(f"<p class='aq-muted'>{H.escape(tr('wsapp_ui_item_form_hint'))}</p>"),
                widgets.HBox([b["item_pick"], b["item_ref"]], layout=widgets.Layout(flex_flow="row wrap")),
                b["item_title"], b["item_desc"], b["item_title_en"],
                widgets.HBox([b["item_save"], b["item_remove"]], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox([b["gap_upload"], b["gap_upload_btn"]], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_criteria_heading'))}</h2>"
                             f"<p class='aq-muted'>{H.escape(tr('wsapp_ui_criteria_hint'))}</p>"),
                b["criteria_box"], b["criteria_save"],
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_procedure_heading'))}</h2>"
                             f"<p class='aq-muted'>{H.escape(tr('wsapp_ui_procedure_hint'))}</p>"),
                b["procedure"],
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_session_lang'))}</h2>"
                             f"<p class='aq-muted'>{H.escape(tr('wsapp_ui_session_lang_hint'))}</p>"),
                b["session_lang"],
            ])

        box = self._cached("setup", make)
        self._draw_setup(rebuild_criteria=True)
        return box

    def _draw_setup(self, rebuild_criteria: bool = False) -> None:
        from atlas_qual.store.workshop import session_setup

        b = self._built
        if "items_html" not in b:
            return
        setup = session_setup(self._project, self.code)
        self._setup = setup
        hide = self._hide or (lambda text: text)
        shown = [dataclasses.replace(i, title=hide(i.title), description=hide(i.description),
                                     title_en=hide(i.title_en), description_en=hide(i.description_en))
                 for i in setup.items]
        b["items_html"].value = render_items(shown, self.lang, setup.kind)
        options = [(self._t("wsapp_ui_new_item"), "")] + [(f"{i.ref} · {i.title_in(self.lang)}"[:80], i.ref)
                                                          for i in shown]
        if list(b["item_pick"].options) != options:
            current = b["item_pick"].value
            self._updating = True
            b["item_pick"].options = options
            b["item_pick"].value = current if current in {v for _l, v in options} else ""
            self._updating = False
        for name in ("item_remove", "gap_upload_btn"):
            b[name].disabled = setup.items_locked
        b["item_ref"].disabled = bool(b["item_pick"].value) or setup.items_locked
        b["criteria_save"].disabled = setup.criteria_locked
        self._updating = True
        b["procedure"].value = setup.procedure
        b["procedure"].disabled = setup.criteria_locked
        if self._state is not None:
            b["session_lang"].value = self._state.lang if self._state.lang in ("es", "en", "gn") else "es"
        self._updating = False
        if rebuild_criteria or not b["criteria_box"].children:
            rows = []
            self._criteria_rows = []
            for c in list(setup.config.criteria) + [None]:
                key = widgets.Text(value=c.key if c else "", placeholder="key", layout=widgets.Layout(width="120px"),
                                   disabled=c is not None)
                label = widgets.Text(value=c.label(self.lang) if c else "", placeholder=self._t("wsapp_ui_label"),
                                     layout=widgets.Layout(width="280px"))
                weight = widgets.FloatText(value=c.weight if c else 0.0, step=0.05,
                                           layout=widgets.Layout(width="110px"),
                                           description=self._t("wsapp_weight"))
                self._criteria_rows.append((c, key, label, weight))
                rows.append(widgets.HBox([key, label, weight], layout=widgets.Layout(flex_flow="row wrap")))
            b["criteria_box"].children = rows

    def _on_item_pick(self, change) -> None:
        if getattr(self, "_updating", False):
            return
        b = self._built
        ref = change["new"]
        item = next((i for i in self._setup.items if i.ref == ref), None) if ref else None
        b["item_ref"].value = item.ref if item else ""
        b["item_title"].value = item.title if item else ""
        b["item_desc"].value = item.description if item else ""
        b["item_title_en"].value = item.title_en if item else ""
        b["item_ref"].disabled = item is not None or self._setup.items_locked

    def _on_item_save(self, _b) -> None:
        from atlas_qual.store.workshop import add_item, edit_item

        b = self._built
        ref = b["item_pick"].value
        if ref:
            self._act(lambda: edit_item(self._project, self.code, self._key, ref, title=b["item_title"].value,
                                        description=b["item_desc"].value, title_en=b["item_title_en"].value),
                      self._t("wsapp_ui_saved"))
        else:
            def add() -> None:
                add_item(self._project, self.code, self._key, b["item_ref"].value, b["item_title"].value,
                         b["item_desc"].value, title_en=b["item_title_en"].value)
                for name in ("item_ref", "item_title", "item_desc", "item_title_en"):
                    b[name].value = ""

            self._act(add, self._t("wsapp_ui_saved"))

    def _on_item_remove(self, _b) -> None:
        from atlas_qual.store.workshop import remove_item

        ref = self._built["item_pick"].value
        if ref:
            self._act(lambda: remove_item(self._project, self.code, self._key, ref), self._t("wsapp_ui_removed",
                                                                                             ref=ref))

    def _on_gap_file(self, _b) -> None:
        from atlas_qual.store.workshop import add_gaps_from_file

        upload = self._built["gap_upload"]

        def add() -> None:
            from atlas_qual.private_files import discard_temp

            path = upload_to_file(upload)
            if path is None:
                raise AtlasQualError("wsapp_ui_choose_file")
            try:
                added = add_gaps_from_file(self._project, self.code, self._key, path)
            finally:
                discard_temp(path)  # the uploaded file does not outlive its import
            upload.value = ()
            self._info(self._t("wsapp_ui_gaps_added", n=Plural("count_gaps_added", len(added))))

        try:
            add()
        except AtlasQualError as exc:
            self._error(exc)
        self._refresh(force=True)

    def _on_criteria_save(self, _b) -> None:
        from atlas_qual.store.workshop import set_criteria

        entries = []
        for c, key, label, weight in self._criteria_rows:
            if c is None and not key.value.strip():
                continue
            if weight.value <= 0 and c is not None:
                continue  # a weight of 0 removes the criterion
            base = {"key": key.value.strip(), "weight": weight.value,
                    "min": c.min if c else 1, "max": c.max if c else 5}
            if c is not None and self.lang == "en":
                base.update(label_es=c.label_es, label_en=label.value)
            elif c is not None:
                base.update(label_es=label.value, label_en=c.label_en)
            else:
                base.update(label_es=label.value or key.value, label_en=label.value or key.value)
            entries.append(base)

        def save() -> None:
            set_criteria(self._project, self.code, self._key, entries)
            self._draw_setup(rebuild_criteria=True)

        self._act(save, self._t("wsapp_ui_saved"))

    def _on_procedure(self, change) -> None:
        from atlas_qual.store.workshop import set_procedure

        if getattr(self, "_updating", False) or change["new"] == getattr(self._setup, "procedure", None):
            return
        self._act(lambda: set_procedure(self._project, self.code, self._key, change["new"]), self._t("wsapp_ui_saved"))

    def _on_session_lang(self, change) -> None:
        from atlas_qual.store.workshop import set_session_lang

        if getattr(self, "_updating", False) or self._state is None or change["new"] == self._state.lang:
            return
        self._act(lambda: set_session_lang(self._project, self.code, self._key, change["new"]),
                  self._t("wsapp_ui_saved"))

    # results: gates, ranking, ties, change
    def _build_results(self) -> widgets.Widget:
        def make() -> widgets.Widget:
            tr = self._t
            b = self._built
            b["gate_html"] = widgets.HTML()
            b["ranking_html"] = widgets.HTML()
            b["change_html"] = widgets.HTML()
            b["tie_order"] = widgets.Text(layout=widgets.Layout(width="320px"))
            b["tie_btn"] = button(tr("wsapp_ui_decide_tie"), style="warning", cls="aq-decide")
            b["tie_btn"].on_click(self._on_decide)
            # after every tie is decided the box stays, to correct an order typed wrong (it said which came first)
            b["tie_hint"] = widgets.HTML()
            b["tie_box"] = widgets.VBox([b["tie_hint"], widgets.HBox([b["tie_order"], b["tie_btn"]])],
                                        layout=widgets.Layout(display="none"))
            return widgets.VBox([widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_gate_heading'))}</h2>"), b["gate_html"],
                                 widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_scoring_heading'))}</h2>"),
                                 b["ranking_html"], b["tie_box"], b["change_html"]])

        return self._cached("results", make)

    def _draw_results(self) -> None:
        b, res = self._built, self._results
        if res is None or "gate_html" not in b:
            return
        b["gate_html"].value = render_gate_table(res, self.lang)
        b["ranking_html"].value = render_ranking(res, self.lang)
        b["change_html"].value = render_change(res, self.lang)
        ties = res.get("unresolved_ties") or []
        decided = [tb for tb in res.get("tie_breaks") or () if tb["rule"] == "facilitator"]
        b["tie_box"].layout.display = None if ties or decided else "none"
        hint = self._t("wsapp_ui_tie_hint" if ties else "wsapp_ui_tie_redo_hint")
        b["tie_hint"].value = f"<p class='aq-tiehint' data-testid='tie-hint'>{H.escape(hint)}</p>"
        b["tie_btn"].button_style = "warning" if ties else ""  # a correction is not the page's call to act
        if ties and not b["tie_order"].value:
            b["tie_order"].value = ", ".join(ties[0])

    def _on_decide(self, _b) -> None:
        from atlas_qual.store.workshop import decide_tie

        order = [p.strip() for p in self._built["tie_order"].value.replace(">", ",").split(",") if p.strip()]

        def decide() -> None:
            decide_tie(self._project, self.code, self._key, order)
            self._built["tie_order"].value = ""

        self._act(decide, self._t("wsapp_ui_saved"))

    # shortlist and workgroups
    def _build_shortlist(self) -> widgets.Widget:
        from atlas_qual.store.workshop import dmops, institutions

        def make() -> widgets.Widget:
            tr = self._t
            b = self._built
            b["short_html"] = widgets.HTML()
            b["short_n"] = widgets.BoundedIntText(value=5, min=1, max=50, layout=widgets.Layout(width="90px"))
            b["short_propose"] = button(tr("wsapp_ui_propose_top"), cls="aq-propose")
            b["short_propose"].on_click(self._on_propose)
            b["short_rows"] = widgets.VBox()
            b["short_save"] = button(tr("wsapp_ui_save_shortlist"), style="primary", cls="aq-save-shortlist")
            b["short_save"].on_click(self._on_shortlist_save)
            self._dmop_list = dmops(self._project, self.lang)
            inst = institutions(self._project, self.lang)
            b["wg_dmop"] = widgets.Dropdown(options=[(d["id"], d["id"]) for d in self._dmop_list],
                                            layout=widgets.Layout(width="auto"))
            b["wg_name"] = widgets.Text(placeholder=tr("wsapp_x_name"), layout=widgets.Layout(width="220px"))
            b["wg_inst"] = widgets.Dropdown(options=[("—", "")] + [(f"{i['id']} · {i['name']}"[:60], i["id"])
                                                                   for i in inst], layout=widgets.Layout(width="240px"))
            b["wg_role"] = widgets.Dropdown(options=[(tr(f"wsapp_role_{r}"), r) for r in
                                                     ("champion", "technical_expert", "atlas_team")],
                                            layout=widgets.Layout(width="auto"))
            b["wg_add"] = button(tr("wsapp_ui_add_member"), style="primary", cls="aq-add-member")
            b["wg_add"].on_click(self._on_member_add)
            b["wg_pick"] = widgets.Dropdown(layout=widgets.Layout(width="auto"))
            b["wg_remove"] = button(tr("wsapp_ui_remove_member"), style="danger")
            b["wg_remove"].on_click(self._on_member_remove)
            row = widgets.Layout(flex_flow="row wrap")
            return widgets.VBox([
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_x_shortlist'))}</h2>"),
                widgets.HBox([widgets.HTML(H.escape(tr("wsapp_ui_top_n"))), b["short_n"], b["short_propose"]],
                             layout=row),
                b["short_rows"], b["short_save"], b["short_html"],
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_x_workgroups'))}</h2>"),
                widgets.HBox([b["wg_dmop"], b["wg_name"], b["wg_inst"], b["wg_role"], b["wg_add"]], layout=row),
                widgets.HBox([b["wg_pick"], b["wg_remove"]], layout=row),
            ])

        return self._cached("shortlist", make)

    def _set_shortlist_rows(self, entries: Sequence[tuple[str, str, str]]) -> None:
        tr = self._t
        titles = {g["id"]: g["title"] for g in (self._results or {}).get("gaps", [])}
        options = [(tr("wsapp_ui_dmop_pick"), "")] + [(f"{d['id']} · {d['name']}"[:70], d["id"])
                                                      for d in self._dmop_list]
        self._shortlist_rows = []
        rows = []
        for ref, dmop, new_name in entries:
            pick = widgets.Dropdown(options=options, value=dmop if dmop in {v for _l, v in options} else "",
                                    layout=widgets.Layout(width="300px"))
            name = widgets.Text(value=new_name if not dmop else "", placeholder=tr("wsapp_ui_new_dmop"),
                                layout=widgets.Layout(width="260px"))
            label = widgets.HTML(f"<b>{H.escape(ref)}</b> {H.escape(titles.get(ref, ''))}",
                                 layout=widgets.Layout(width="100%"))
            self._shortlist_rows.append((ref, pick, name))
            rows.append(widgets.VBox([label, widgets.HBox([pick, name], layout=widgets.Layout(flex_flow="row wrap"))]))
        self._built["short_rows"].children = rows

    def _draw_shortlist(self) -> None:
        from atlas_qual.store.workshop import workgroups

        b = self._built
        if "short_html" not in b or self._results is None:
            return
        if not self._shortlist_rows and self._results["shortlist_entries"]:
            self._set_shortlist_rows([(e["id"], e["dmop"] or "", e["new_dmop_name"])
                                      for e in self._results["shortlist_entries"]])
        groups = [{**m, "name": self._hide(m["name"]) if self._hide else m["name"]}
                  for m in workgroups(self._project, self.code, self.lang)]
        names = {d["id"]: d["name"] for d in self._dmop_list}
        b["short_html"].value = render_shortlist(self._results, groups, names, self.lang)
        members = [(self._t("wsapp_ui_member_pick"), 0)] + [
            (f"{m['dmop']} · {m['name']} · {i18n.label('wsapp_role', m['role'], self.lang)}"[:80], m["id"])
            for m in groups]
        if list(b["wg_pick"].options) != members:
            b["wg_pick"].options = members
        if b["wg_pick"].index is None:  # first filled: it showed an empty 20 px box, not "— integrante —"
            b["wg_pick"].index = 0
        dmop_options = [(d["id"], d["id"]) for d in self._dmop_list]
        if list(b["wg_dmop"].options) != dmop_options:
            b["wg_dmop"].options = dmop_options

    def _on_propose(self, _b) -> None:
        from atlas_qual.store.workshop import dmop_by_fit, session_setup, suggest_shortlist

        try:
            top = suggest_shortlist(self._project, self.code, self._built["short_n"].value)
        except AtlasQualError as exc:
            self._error(exc)
            return
        items = {i.ref: i for i in session_setup(self._project, self.code).items}
        self._set_shortlist_rows([(ref, dmop_by_fit(f"{items[ref].title} {items[ref].description}")
                                   if ref in items else "", "") for ref in top])

    def _on_shortlist_save(self, _b) -> None:
        from atlas_qual.store.workshop import dmops, set_shortlist

        entries = [{"item": ref, "dmop": pick.value or None, "new_dmop_name": "" if pick.value else name.value}
                   for ref, pick, name in self._shortlist_rows]

        def save() -> None:
            set_shortlist(self._project, self.code, self._key, entries)
            self._dmop_list = dmops(self._project, self.lang)  # a new DMOP-C may have been created

        self._act(save, self._t("wsapp_ui_saved"))

    def _on_member_add(self, _b) -> None:
        from atlas_qual.store.workshop import add_workgroup_member

        b = self._built

        def add() -> None:
            add_workgroup_member(self._project, self.code, self._key, b["wg_dmop"].value, b["wg_name"].value,
                                 b["wg_inst"].value or None, b["wg_role"].value)
            b["wg_name"].value = ""

        self._act(add, self._t("wsapp_ui_saved"))

    def _on_member_remove(self, _b) -> None:
        from atlas_qual.store.workshop import remove_workgroup_member

        member = self._built["wg_pick"].value
        if member:
            self._act(lambda: remove_workgroup_member(self._project, self.code, self._key, member),
                      self._t("wsapp_ui_saved"))

    # paper ballots and export
    def _build_ballots(self) -> widgets.Widget:
        def make() -> widgets.Widget:
            tr = self._t
            b = self._built
            b["ballot_upload"] = widgets.FileUpload(accept=".csv,.xlsx,.xlsm", multiple=False,
                                                    description=tr("wsapp_ui_ballot_file"))
            b["ballot_btn"] = button(tr("wsapp_ui_enter_ballots"), style="primary", cls="aq-enter-ballots")
            b["ballot_btn"].on_click(self._on_ballots)
            b["ballot_report"] = widgets.HTML()
            b["template_btn"] = button(tr("wsapp_ui_template"))
            b["template_btn"].on_click(self._on_template)
            b["export_btn"] = button(tr("wsapp_ui_export_xlsx"), style="primary", cls="aq-export")
            b["export_btn"].on_click(self._on_export)
            b["export_link"] = widgets.HTML()
            row = widgets.Layout(flex_flow="row wrap")
            return widgets.VBox([
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_ballots_heading'))}</h2>"
                             f"<p class='aq-muted'>{H.escape(tr('wsapp_ui_ballots_hint'))}</p>"),
                widgets.HBox([b["ballot_upload"], b["ballot_btn"], b["template_btn"]], layout=row),
                b["ballot_report"],
                widgets.HTML(f"<h2>{H.escape(tr('wsapp_ui_export_heading'))}</h2>"
                             f"<p class='aq-muted'>{H.escape(tr('wsapp_ui_export_hint'))}</p>"),
                b["export_btn"], b["export_link"],
            ])

        return self._cached("ballots", make)

    def _on_ballots(self, _b) -> None:
        from atlas_qual.store.workshop import import_ballots

        from atlas_qual.private_files import discard_temp

        b = self._built
        path = None
        try:
            path = upload_to_file(b["ballot_upload"])
            if path is None:
                raise AtlasQualError("wsapp_ui_choose_file")
            report = import_ballots(self._project, self.code, self._key, path)
        except AtlasQualError as exc:
            self._error(exc)
            return
        finally:
            discard_temp(path)  # participants' ballots do not outlive their import
        b["ballot_upload"].value = ()
        self._message.value = ""
        tr = self._t
        summary = tr("wsapp_cli_ballots", file=report.file, accepted=report.accepted,
                     rows=Plural("count_rows_recorded", report.rows), errors=len(report.errors),
                     added=Plural("count_new_paper_participants", len(report.participants_added)))
        errors = "".join(f"<li>{H.escape(str(e))}</li>" for e in report.errors)
        tone = "aq-error" if report.errors else "aq-notice"
        b["ballot_report"].value = (f'<div class="{tone}" data-testid="ballot-report">{H.escape(summary)}'
                                    f"{'<ul>' + errors + '</ul>' if errors else ''}</div>")
        self._refresh(force=True)

    def _on_template(self, _b) -> None:
        from atlas_qual.store.workshop import session_setup

        setup = session_setup(self._project, self.code)
        state = self._state
        score = state is not None and state.open_round is not None and state.open_round.kind == "score"
        keys = setup.config.criterion_keys if score else setup.config.gate_keys
        refs = setup.scoring_items if score and setup.scoring_items else [i.ref for i in setup.items]
        from atlas_qual.csvio import to_text

        # every row as wide as its header; a title with a comma stays one cell
        text = to_text(["participant", "gap", "criterion", "value", "institution"],
                       ([self._t("wsapp_ui_template_name"), ref, k, "", ""] for ref in refs for k in keys))
        link = data_link(text.encode("utf-8"), f"boletas_{self.code}.csv", "text/csv",
                         self._t("wsapp_ui_download_template"))
        self._built["ballot_report"].value = f"<p>{link}</p>"

    def _on_export(self, _b) -> None:
        from atlas_qual.store.workshop import export_workshop_xlsx

        from atlas_qual.private_files import private_tempdir

        with private_tempdir("aq-export-") as folder:  # the votes stay in the page's link only
            try:
                path = export_workshop_xlsx(self._project, self.code, self._key, folder / f"taller_{self.code}.xlsx",
                                            lang=self.lang)
            except AtlasQualError as exc:
                self._error(exc)
                return
            data = path.read_bytes()
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        link = data_link(data, path.name, mime, self._t("wsapp_ui_download", name=path.name))
        self._built["export_link"].value = f'<p data-testid="export-link">{link}</p>'
