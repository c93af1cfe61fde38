"""The report page: choose a report (DMOP evaluation, learning-workshop handout, workshop results), the DMOP,
territory or session and the language; see its key numbers; generate it with a progress bar; download the .docx
(written under ``reports/`` too). Below, the forms whose words go into the reports: the front matter (project
settings), the analysts' texts of a DMOP (findings, conclusions, recommendations; YAML) and a workshop's date, place,
facilitator and agenda."""

from __future__ import annotations

import base64
from typing import Any, Callable

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import fmt_fixed, t
from atlas_qual.reports.front_matter import coverage_sentence

KINDS = ("dmop", "handout", "workshop")
# the settings the page's front-matter form edits (the rest: `atlas-qual settings set`)
# (the author line once per report language: a Spanish report says "Equipo de M&E", an English one "M&E team")
FORM_SETTINGS = ("report.cooperative_agreement", "report.funding_amount", "report.partners", "report.authors.es",
                 "report.authors.en", "report.version", "report.period", "report.min_coverage", "report.role_level",
                 "report.small_cell")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTRA_CSS = """
.aq-reports .aq-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.aq-reports .widget-dropdown select { min-width: 220px; }
.aq-reports .aq-download { font-size: 1.1em; }
"""


def _tr(lang: str) -> Callable[..., str]:
    return lambda key, **p: t(key, lang=lang, **p)


def download_link(content: bytes, filename: str, label: str) -> str:
    """A link that carries the file itself as a data URI (Voila serves no files of its own)."""
    payload = base64.b64encode(content).decode("ascii")
    return (f'<a class="aq-btn aq-download" data-testid="report-download" download="{H.escape(filename)}" '
            f'href="data:{DOCX_MIME};base64,{payload}">{H.escape(label)}</a>')


def render_preview(kind: str, numbers: dict[str, Any] | None, lang: str) -> str:
    """The key numbers of the chosen report as one table (or a notice saying what is missing)."""
    tr = _tr(lang)
    if not numbers:
        return f'<div class="aq-notice">{H.escape(tr("reports_app_nothing"))}</div>'
    if kind == "workshop":
        rows = [(tr("reports_app_participants"), numbers["participants"]),
                (tr("reports_app_items"), numbers["items"]),
                (tr("reports_app_qualifying"), numbers["qualifying"]),
                (tr("reports_app_shortlist"), numbers["shortlist"]),
                (tr("reports_app_kendall"), "—" if numbers["kendall_w"] is None else fmt_fixed(numbers["kendall_w"], lang, 2)),
                (tr("reports_app_workgroups"), numbers["workgroups"])]
        note = "" if numbers["items"] else tr("reports_app_no_items")
    else:
        from atlas_qual.reports.dmop_parts import indicator_value

        ind1 = numbers["indicator_1"]
        rows = [(tr("reports_app_interviews"), numbers["interviews"]),
                (tr("reports_app_coverage"), coverage_sentence(numbers.get("coded", 0), numbers["interviews"], lang)),
                (tr("reports_app_institutions"), numbers["institutions"]),
                (tr("reports_app_territories"), numbers["territories"]),
                (tr("reports_app_codings"), f"{numbers['codings']} ({numbers['coders']} {tr('reports_app_coders')})"),
                (tr("reports_app_themes"), f"{numbers['sections_with_themes']} / 3"),
                (tr("reports_app_meetings"), numbers["meetings"]),
                (tr("reports_app_survey"), numbers["survey_responses"]),
                (tr("reports_app_indicator1"), indicator_value(ind1, lang))]  # as the report's table says it
        note = "" if numbers["interviews"] else tr("report_no_interviews", dmop=numbers["dmop"])
    body = H.table(rows, [tr("reports_app_what"), tr("reports_app_value")], caption=tr("reports_app_preview"))
    return f'<div data-testid="report-preview">{body}</div>' + (
        f'<div class="aq-notice">{H.escape(note)}</div>' if note else "")


class ReportsApp(widgets.VBox):
    """Choose, preview, generate and download a Word report; public state in traitlets."""

    kind = traitlets.Unicode("dmop").tag(sync=False)
    dmop = traitlets.Unicode("").tag(sync=False)
    territory = traitlets.Unicode("").tag(sync=False)
    session = traitlets.Unicode("").tag(sync=False)
    report_lang = traitlets.Unicode("es").tag(sync=False)
    redact = traitlets.Bool(True).tag(sync=False)
    last_path = traitlets.Unicode("").tag(sync=False)
    lang = traitlets.Unicode("es").tag(sync=False)

    def __init__(self, project, *, lang: str = "es", kind: str = "dmop", dmop: str = "", territory: str = "",
                 session: str = "", report_lang: str | None = None) -> None:
        from atlas_qual.store.report_data import report_choices
        from atlas_qual.widgets.page import style_html

        self._project = project
        self.lang = lang if lang in ("es", "en") else "es"
        tr = _tr(self.lang)
        choices = report_choices(project, self.lang)
        layout = widgets.Layout
        self.kind_picker = widgets.ToggleButtons(options=[(tr(f"report_progress_{k}"), k) for k in KINDS],
                                                 value=kind if kind in KINDS else "dmop")
        dmop_values = [v for _label, v in choices["dmops"]]
        self.dmop_picker = widgets.Dropdown(options=choices["dmops"], description="DMOP",
                                            value=_pick(dmop, dmop_values),
                                            layout=layout(width="100%", max_width="640px"))  # its name read whole
        territory_values = [v for _label, v in choices["territories"]]
        self.territory_picker = widgets.Dropdown(
            options=[(tr("reports_app_all_territories"), "")] + choices["territories"],
            value=territory if territory in territory_values else "", description=tr("report_attr_territory"),
            layout=layout(width="360px"))
        session_values = [v for _label, v in choices["sessions"]]
        self.session_picker = widgets.Dropdown(options=choices["sessions"], description=tr("reports_app_session"),
                                               value=_pick(session.upper() if session else "", session_values),
                                               layout=layout(width="100%", max_width="560px"))
        chosen_lang = report_lang if report_lang in ("es", "en", "gn") else self.lang
        self.lang_picker = widgets.ToggleButtons(options=[("Español", "es"), ("English", "en"), ("Avañe'ẽ", "gn")],
                                                 value=chosen_lang, description=tr("reports_app_language"))
        self.redact_box = widgets.Checkbox(value=True, description=tr("reports_app_redact"), indent=False)
        self.incomplete_box = widgets.Checkbox(value=False, description=tr("reports_app_allow_incomplete"),
                                               indent=False)
        self.generate_button = widgets.Button(description=tr("reports_app_generate"),
                                              button_style="primary")
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="",
                                            layout=layout(width="360px", visibility="hidden"))
        self.preview = widgets.HTML()
        self.result = widgets.HTML()
        row = lambda children: widgets.HBox(children, layout=layout(flex_flow="row wrap", align_items="center"))  # noqa: E731
        self._dmop_row = row([self.dmop_picker, self.territory_picker])
        self._session_row = row([self.session_picker])
        self._title = widgets.HTML(style_html() + f"<style>{EXTRA_CSS}</style><h1>{H.escape(tr('reports_app_title'))}"
                                   f"</h1><p class='aq-muted'>{H.escape(tr('reports_app_intro'))}</p>")
        self._build_forms(tr)
        super().__init__([
            self._title, self.kind_picker, self._dmop_row, self._session_row,
            row([self.lang_picker, self.redact_box, self.incomplete_box]),
            self.preview, row([self.generate_button, self.progress]), self.result, self.forms,
        ])
        self.add_class("aq-page")
        self.add_class("aq-reports")
        self.kind, self.dmop = self.kind_picker.value, self.dmop_picker.value or ""
        self.territory, self.session = self.territory_picker.value, self.session_picker.value or ""
        self.report_lang = chosen_lang
        self._fill_details()
        self.reset()
        self.kind_picker.observe(self._on_kind, names="value")
        self.dmop_picker.observe(self._on_dmop, names="value")
        self.territory_picker.observe(self._on_territory, names="value")
        self.session_picker.observe(self._on_session, names="value")
        self.lang_picker.observe(self._on_lang, names="value")
        self.redact_box.observe(self._on_redact, names="value")
        self.generate_button.on_click(self._on_generate)

    def _build_forms(self, tr) -> None:
        """The three forms under the generator, in one accordion (closed: the page opens on generating)."""
        from atlas_qual.store.settings import ROLE_LEVELS, get_settings

        layout = widgets.Layout
        values = get_settings(self._project)
        self.setting_fields: dict[str, widgets.Widget] = {}
        for key in FORM_SETTINGS:
            label = tr("reports_app_setting_" + key.split(".", 1)[1].replace(".", "_"))
            if key == "report.role_level":
                field = widgets.Dropdown(options=[(tr("reports_app_level_" + v), v) for v in ROLE_LEVELS],
                                         value=values[key], description=label)
            elif key == "report.partners":
                # rows, not a height: a fixed height (label included on a phone) let the third partner spill over
                # the next field's label
                field = widgets.Textarea(value=values[key].replace("; ", "\n"), description=label, rows=3,
                                         layout=layout(width="100%", max_width="560px"))
            else:
                # an author line not set in this language shows the common one, the line its reports print
                value = values[key] or (values["report.authors"] if key.startswith("report.authors.") else "")
                field = widgets.Text(value=value, description=label, layout=layout(width="100%", max_width="560px"))
            field.style.description_width = "190px"
            self.setting_fields[key] = field
        self.settings_button = widgets.Button(description=tr("reports_app_save"))
        self.settings_button.on_click(self._on_save_settings)
        self.content_text = widgets.Textarea(layout=layout(width="100%", height="360px"))
        self.content_load = widgets.Button(description=tr("reports_app_content_load"))
        self.content_save = widgets.Button(description=tr("reports_app_save"), button_style="primary")
        self.content_load.on_click(self._on_load_content)
        self.content_save.on_click(self._on_save_content)
        self.detail_fields = {name: widgets.Text(description=tr(f"reports_app_detail_{name}"),
                                                 layout=layout(width="100%", max_width="560px"))
                              for name in ("date", "place", "facilitator")}
        self.detail_fields["agenda"] = widgets.Textarea(
            description=tr("reports_app_detail_agenda"), rows=5, layout=layout(width="100%", max_width="560px"))
        for field in self.detail_fields.values():
            field.style.description_width = "190px"
        self.details_button = widgets.Button(description=tr("reports_app_save"))
        self.details_button.on_click(self._on_save_details)
        self.form_status = widgets.HTML()
        hint = lambda key: widgets.HTML(f"<p class='aq-muted'>{H.escape(tr(key))}</p>")  # noqa: E731
        accordion = widgets.Accordion(children=[
            widgets.VBox([hint("reports_app_settings_hint"), *self.setting_fields.values(), self.settings_button]),
            widgets.VBox([hint("reports_app_content_hint"), widgets.HBox([self.content_load, self.content_save]),
                          self.content_text]),
            widgets.VBox([hint("reports_app_details_hint"), *self.detail_fields.values(), self.details_button]),
        ], selected_index=None)
        for k, key in enumerate(("reports_app_settings_title", "reports_app_content_title",
                                 "reports_app_details_title")):
            accordion.set_title(k, tr(key))
        self.forms = widgets.VBox([accordion, self.form_status])

    @classmethod
    def from_request(cls):
        """Built from ``?report=dmop|handout|workshop&dmop=&territory=&session=&lang=&report_lang=``, in the shared
        page frame (which carries the page's heading and the language switch)."""
        from atlas_qual.widgets.frame import frame
        from atlas_qual.widgets.page import page_lang, project, request_params

        params = request_params()
        lang = page_lang(params)
        app = cls(project(), lang=lang, kind=params.get("report", "dmop"),
                  dmop=params.get("dmop", ""), territory=params.get("territory", ""),
                  session=params.get("session", ""), report_lang=params.get("report_lang"))
        app.children = tuple(c for c in app.children if c is not app._title)
        return frame("reports", app, lang=lang, params=params)

    # --- state -----------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Show the pickers of the chosen kind and refresh the preview."""
        workshop = self.kind == "workshop"
        self.incomplete_box.layout.display = "flex" if self.kind == "dmop" else "none"
        self._dmop_row.layout.display = "none" if workshop else "flex"
        self._session_row.layout.display = "flex" if workshop else "none"
        self.preview.value = render_preview(self.kind, self._numbers(), self.lang)
        ready = bool(self.session) if workshop else bool(self.dmop)
        self.generate_button.disabled = not ready

    def _numbers(self) -> dict[str, Any] | None:
        try:
            if self.kind == "workshop":
                if not self.session:
                    return None
                from atlas_qual.store.workshop import results, workgroups

                res = results(self._project, self.session, lang=self.lang)
                gaps = res.get("gaps") or []
                return {"participants": res.get("participants", 0), "items": len(gaps),
                        "qualifying": sum(1 for g in gaps if g.get("qualifies")),
                        "shortlist": len(res.get("shortlist") or []), "kendall_w": res.get("kendall_w"),
                        "workgroups": len(workgroups(self._project, self.session))}
            if not self.dmop:
                return None
            from atlas_qual.store.report_data import report_preview

            return report_preview(self._project, self.dmop, self.territory or None)
        except AtlasQualError as exc:
            self.result.value = f'<div class="aq-error">{H.escape(exc.message(self.lang))}</div>'
            return None

    # --- events ----------------------------------------------------------------------------------------------

    def _on_kind(self, change) -> None:
        self.kind = change["new"]
        self.result.value = ""
        self.reset()

    def _on_dmop(self, change) -> None:
        self.dmop = change["new"] or ""
        self.reset()

    def _on_territory(self, change) -> None:
        self.territory = change["new"] or ""
        self.reset()

    def _on_session(self, change) -> None:
        self.session = change["new"] or ""
        self._fill_details()
        self.reset()

    def _fill_details(self) -> None:
        """The chosen session's recorded date, place, facilitator and agenda in the details form."""
        from sqlalchemy import select

        from atlas_qual.store.models import WorkshopSession

        with self._project.session() as s:
            ws = s.scalar(select(WorkshopSession).where(WorkshopSession.code == self.session)) if self.session \
                else None
            values = {"date": ws.held_on.isoformat() if ws is not None and ws.held_on else "",
                      "place": (ws.place if ws is not None else "") or "",
                      "facilitator": (ws.facilitator if ws is not None else "") or "",
                      "agenda": (ws.agenda if ws is not None else "") or ""}
        for name, value in values.items():
            self.detail_fields[name].value = value

    def _on_lang(self, change) -> None:
        self.report_lang = change["new"]

    def _on_redact(self, change) -> None:
        self.redact = bool(change["new"])
        self.result.value = "" if self.redact else \
            f'<div class="aq-error">{H.escape(t("report_not_redacted", lang=self.lang))}</div>'

    def _on_generate(self, _button=None) -> None:
        from atlas_qual.reports.generate import default_filename, generate_report, reports_dir, steps

        tr = _tr(self.lang)
        self.generate_button.disabled = True
        self.progress.max = steps(self.kind)
        self.progress.value = 0
        self.progress.layout.visibility = "visible"
        self.result.value = f'<p class="aq-muted">{H.escape(tr("reports_app_working"))}</p>'
        name = default_filename(self.kind, dmop=self.dmop or None, territory=self.territory or None,
                                 session=self.session or None, lang=self.report_lang)
        path = reports_dir() / name

        def tick(_step: str) -> None:
            self.progress.value = min(self.progress.value + 1, self.progress.max)

        try:
            done = generate_report(self._project, self.kind, path, dmop=self.dmop or None,
                                   territory=self.territory or None, session=self.session or None,
                                   lang=self.report_lang, redact=self.redact, progress=tick,
                                   allow_incomplete=self.incomplete_box.value)
        except AtlasQualError as exc:
            self.result.value = f'<div class="aq-error" data-testid="report-error">{H.escape(exc.message(self.lang))}</div>'
            return
        finally:
            self.generate_button.disabled = False
        self.progress.value = self.progress.max
        self.last_path = str(done.path)
        link = download_link(done.path.read_bytes(), done.path.name, tr("reports_app_download", name=done.path.name))
        # the unreviewed drafts the report shows, said where the CLI says it (stderr): before it goes to the donor
        hint = f'<p class="aq-hint" data-testid="report-warning">{H.escape(done.warning)}</p>' if done.warning else ""
        self.result.value = (f'<div class="aq-card">{link}<p class="aq-muted">'
                             f'{H.escape(tr("reports_app_saved", path=str(done.path.resolve()), size=round(done.size / 1024)))}'
                             f'</p>{hint}</div>')


    # --- the forms ---------------------------------------------------------------------------------------------

    def _status(self, text: str, error: bool = False) -> None:
        css = "aq-error" if error else "aq-notice"
        self.form_status.value = f'<div class="{css}" data-testid="report-form-status">{H.escape(text)}</div>'

    def _on_save_settings(self, _button=None) -> None:
        from atlas_qual.store.settings import set_settings

        values = {k: (f.value.replace("\n", "; ") if k == "report.partners" else f.value)
                  for k, f in self.setting_fields.items()}
        try:
            set_settings(self._project, values)
        except AtlasQualError as exc:
            self._status(exc.message(self.lang), error=True)
            return
        self._status(t("reports_app_saved_settings", lang=self.lang))

    def _on_load_content(self, _button=None) -> None:
        import yaml

        from atlas_qual.store.report_data import content_or_drafts

        if not self.dmop:
            return
        content = content_or_drafts(self._project, self.dmop)
        content["quote_translations"] = {str(k): v for k, v in content.get("quote_translations", {}).items()}
        self.content_text.value = yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=110)

    def _on_save_content(self, _button=None) -> None:
        import yaml

        from atlas_qual.reports.content import normalize_content
        from atlas_qual.store.report_content import save_content

        try:
            raw = yaml.safe_load(self.content_text.value or "") or {}
            if not isinstance(raw, dict) or not raw.get("dmop"):
                raise AtlasQualError("content_needs_dmop", file=t("reports_app_content_title", lang=self.lang))
            save_content(self._project, str(raw["dmop"]), normalize_content(raw, where=str(raw["dmop"])))
        except yaml.YAMLError as exc:
            self._status(t("content_file_unreadable", lang=self.lang, file="YAML",
                           reason=str(exc).splitlines()[0]), error=True)
            return
        except AtlasQualError as exc:
            self._status(exc.message(self.lang), error=True)
            return
        self._status(t("reports_app_saved_content", lang=self.lang, dmop=raw["dmop"]))

    def _on_save_details(self, _button=None) -> None:
        from atlas_qual.store.report_data import set_workshop_details

        if not self.session:
            return
        f = self.detail_fields
        try:
            set_workshop_details(self._project, self.session, held_on=f["date"].value, place=f["place"].value,
                                 facilitator=f["facilitator"].value, agenda=f["agenda"].value)
        except AtlasQualError as exc:
            self._status(exc.message(self.lang), error=True)
            return
        self._status(t("workshop_details_saved", lang=self.lang, session=self.session))


def _pick(value: str, values: list[str]) -> str | None:
    if value in values:
        return value
    folded = {v.casefold(): v for v in values}
    return folded.get((value or "").casefold(), values[0] if values else None)


__all__ = ["ReportsApp", "render_preview", "download_link"]
