"""The coding page's codebook panel: add, rename, move, merge and delete codes, auto-coding, YAML/CSV export and
upload. A mixin of :class:`atlas_qual.widgets.coding.CodingApp` (the page's state lives there)."""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural


class CodebookPanel:
    """The codebook panel's events; ``self`` is the CodingApp."""

    def _on_codebook_toggle(self, change) -> None:
        if self._busy:
            return
        if not change["new"]:
            self._close_panels()
            return
        self._untoggle(self.codebook_button)
        tr = self._tr
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
            self._clear_code()
            return self._tr("coding_app_cb_renamed", old=ref.path, code=new.path)

        self._codebook_action(fn)

    def _on_code_move(self, _button=None) -> None:
        from atlas_qual.store.codebook import move_code

        w = self._codebook_widgets

        def fn() -> str:
            ref = self._selected_code()
            new = move_code(self._project, ref.id, w["parent"].value or None)
            self._clear_code()
            return self._tr("coding_app_cb_moved", old=ref.path, code=new.path)

        self._codebook_action(fn)

    def _on_code_merge(self, _button=None) -> None:
        from atlas_qual.store.codebook import merge_codes

        w = self._codebook_widgets

        def fn() -> str:
            ref = self._selected_code()
            result = merge_codes(self._project, ref.id, w["merge_into"].value)
            self._clear_code()
            return self._tr("coding_app_cb_merged", source=result.source, target=result.target,
                            moved=Plural("count_codings_moved", result.moved),
                            collapsed=Plural("count_duplicates_joined", result.collapsed))

        self._codebook_action(fn)

    def _on_code_delete(self, _button=None) -> None:
        """First click: say what would go; second click on the same code: delete it with its codings."""
        from atlas_qual.i18n import Plural
        from atlas_qual.store.codebook import code_usage, delete_code

        w = self._codebook_widgets

        def fn() -> str:
            ref = self._selected_code()
            if self._pending_delete != ref.id:
                usage = code_usage(self._project, ref.id)
                self._pending_delete = ref.id
                w["delete"].description = self._tr("coding_app_cb_confirm_delete")
                raise AtlasQualError("code_delete_unconfirmed", code=usage["path"],
                                     codes=Plural("count_codes", usage["codes"]),
                                     codings=Plural("count_codings", usage["codings"]))
            done = delete_code(self._project, ref.id, confirm=True)
            self._pending_delete = None
            w["delete"].description = self._tr("coding_app_cb_delete")
            self._clear_code()
            return self._tr("coding_app_cb_deleted", code=done["path"],
                            codings=Plural("count_codings", done["codings"]))

        self._codebook_action(fn)

    def _on_codebook_export(self, suffix: str) -> None:
        import tempfile
        from pathlib import Path

        from atlas_qual.store.codebook import export_codebook
        from atlas_qual.html import data_link

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
            return self._tr("coding_app_cb_imported", file=name, added=Plural("count_new_codes", counts["added"]),
                            updated=Plural("count_updated_m", counts["updated"]))

        self._codebook_action(fn)

    def _on_autocode(self, _button=None) -> None:
        from atlas_qual.store.coding import autocode_project

        w = self._codebook_widgets
        w["autocode"].disabled = True
        self._say(self._tr("coding_app_autocode_running"), "notice")

        def fn() -> str:
            report = autocode_project(self._project, transcript_ids=[self.transcript_id])
            return self._tr("coding_app_autocode_done", suggestions=Plural("count_new_suggestions", report.suggestions),
                            withdrawn=Plural("count_withdrawn_suggestions", report.withdrawn))

        try:
            self._run(fn)
        finally:
            w["autocode"].disabled = False
