"""The M&E register page: entry forms for meetings (with attendees), DMOP phase changes and campaign reach; CSV/Excel
import of any register file (with the survey's question mapping) showing every bad row; the register's contents;
and the six indicators with their definitions, numerators and denominators."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Callable

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import N_, Plural, fmt_date, fmt_int, fmt_number, label, t

TABS = ("meeting", "phase", "reach", "import", "register", "indicators")
IMPORT_KINDS = ("meetings", "attendees", "phases", "survey", "reach")
CHANNELS = ("facebook", "whatsapp", "instagram", "tiktok", "radio_comunitaria", "afiches", "charlas")
PHASES = ("development", "pilot", "evaluated", "refined", "sustainability_plan", "institutionalized")
EXTRA_CSS = """
.aq-register .aq-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.aq-register textarea { min-height: 64px; }
.aq-register .aq-tall-attendees textarea { min-height: 120px; }
.aq-register .aq-ok { border-left: 6px solid #1b7f4c; background: #dcfce7; color: #14532d; padding: 10px 14px; }
"""


def _tr(lang: str) -> Callable[..., str]:
    return lambda key, **p: t(key, lang=lang, **p)


def parse_attendees(text: str) -> list[dict[str, str]]:
    """Attendees typed one per line as "name; institution; role; gender" (tab or | also separate fields).

    Examples:
        >>> parse_attendees("Ana Pérez; MTESS; inspectora; f\\nLuis Gómez | MP")
        [{'name': 'Ana Pérez', 'institution': 'MTESS', 'role': 'inspectora', 'gender': 'f'}, {'name': 'Luis Gómez', 'institution': 'MP', 'role': '', 'gender': ''}]
    """
    people = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in re.split(r"[;|\t]", line)]
        if not parts or not parts[0]:
            continue
        parts += [""] * (4 - len(parts))
        people.append({"name": parts[0], "institution": parts[1], "role": parts[2], "gender": parts[3]})
    return people


def render_indicators(indicators, lang: str) -> str:
    """The indicators as one table: number, title and definition, value, numerator and denominator."""
    tr = _tr(lang)
    rows = []
    for i in indicators:
        title = f"<b>{H.escape(i.title(lang))}</b><br><span class='aq-muted'>{H.escape(i.definition(lang))}</span>"
        den = "" if i.denominator is None else f"{i.denominator} — "
        rows.append([str(i.number), title, i.formatted(lang), f"{i.numerator} — {i.numerator_text(lang)}",
                     f"{den}{i.denominator_text(lang)}"])
    return '<div data-testid="indicators">' + H.table(
        rows, [tr("report_col_number"), tr("report_col_indicator"), tr("report_col_value"),
               tr("report_col_numerator"), tr("report_col_denominator")], raw_columns=(1,),
        caption=tr("report_cap_indicators"), stack=True, block_columns=(1,)) + "</div>"


def render_import(report, lang: str) -> str:
    """What an import did, with a table of every bad row (file, row, column, problem)."""
    tr = _tr(lang)
    if report.errors and not report.written:
        refused = tr("register_import_refused_app", file=report.file,
                     n=Plural("count_rows_with_errors", len(report.errors)))
        head = f'<div class="aq-error">{H.escape(refused)}</div>'
    else:
        done = tr("register_import_done", file=report.file, kind=report.kind, added=Plural("count_new_m", report.added),
                  updated=Plural("count_updated_m", report.updated),
                  unchanged=Plural("count_unchanged", report.unchanged),
                  skipped=Plural("count_bad_rows_skipped", len(report.errors)))
        head = f'<div class="aq-ok">{H.escape(done)}</div>'
    if not report.errors:
        return f'<div data-testid="import-result">{head}</div>'
    table = H.table([[e.row, e.column, e.problem(lang)] for e in report.errors],
                    [tr("register_app_row"), tr("register_app_column"), tr("register_app_problem")],
                    caption=tr("register_app_bad_rows"), stack=True)
    return f'<div data-testid="import-result">{head}{table}</div>'


def _n(text: str) -> str:
    """A number already formatted for the reader, as a right-aligned table cell's content (a raw column)."""
    return f'<span class="aq-n">{H.escape(text)}</span>'


def render_register(summary: dict, lang: str, territories: dict[str, str] | None = None) -> str:
    """The register's counts, the DMOPs' current phases, the phase history, the latest meetings and reach; numbers
    and dates in the reader's locale, territories by name (``territories``: id -> name)."""
    tr = _tr(lang)
    names = territories or {}
    place = lambda tid: names.get(tid, tid) if tid else "—"  # noqa: E731
    counts = tr("register_show_counts", meetings=Plural("count_meetings", summary["meetings"]),
                attendees=Plural("count_attendees", summary["attendees"]),
                phases=Plural("count_phase_changes", summary["phase_changes"]),
                survey=Plural("count_survey_responses", summary["survey_responses"]),
                reach=Plural("count_reach_records", summary["reach_records"]))
    dmops = H.table([[d["id"], tr("phase_" + d["phase"])] for d in summary["dmops"]],
                    ["DMOP", tr("register_app_current_phase")], stack=True)
    phases = H.table([[p["dmop"], tr("phase_" + p["phase"]), fmt_date(p["date"], lang), place(p["territory"]),
                       p["note"]] for p in summary["phase_list"]],
                     ["DMOP", tr("report_col_phase"), tr("report_col_date"), tr("report_attr_territory"),
                      tr("report_col_note")], caption=tr("report_cap_phases"), stack=True)
    meetings = H.table([[fmt_date(m["date"], lang), m["ref"], m["dmop"] or "—", place(m["territory"]), m["title"],
                         _n(fmt_int(m["attendees"], lang))] for m in summary["meeting_list"]],
                       [tr("report_col_date"), "Ref.", "DMOP", tr("report_attr_territory"), tr("report_col_meeting"),
                        tr("report_col_attendees")], caption=tr("report_cap_meetings"), raw_columns=(5,), stack=True)
    reach = H.table([[r["month"], label("channel", r["channel"], lang), place(r["territory"]),
                      _n(fmt_int(r["posts"], lang)), _n(fmt_int(r["replications"], lang)),
                      _n(fmt_int(r["comments"], lang)),
                      _n(fmt_number(r["radio_rating"], lang, 1)) if r["radio_rating"] is not None else "—"]
                     for r in summary["reach_list"][:60]],
                    [tr("report_col_month"), tr("report_col_channel"), tr("report_attr_territory"),
                     tr("report_col_posts"), tr("report_col_replications"), tr("report_col_comments"),
                     tr("report_col_radio")], caption=tr("report_cap_reach"), raw_columns=(3, 4, 5, 6), stack=True)
    return f'<div data-testid="register-summary"><p><b>{H.escape(counts)}</b></p>{dmops}{phases}{meetings}{reach}</div>'


def _form(*fields: widgets.DOMWidget, above: bool = False) -> widgets.Box:
    """Fields on the frame's grid (as many columns as fit); ``above``: full-width fields with the label on top."""
    for field in fields:
        if above:
            field.add_class("aq-above")
            field.add_class("aq-wide")
    box = widgets.Box(list(fields))
    box.add_class("aq-form")
    return box


class RegisterApp(widgets.VBox):
    """Entry forms, imports, the register and the indicators, in tabs; public state in traitlets."""

    lang = traitlets.Unicode("es").tag(sync=False)
    saved = traitlets.Int(0).tag(sync=False)  # records saved through this page (forms and imports)
    indicator_dmop = traitlets.Unicode("").tag(sync=False)

    def __init__(self, project, *, lang: str = "es", tab: str = "meeting") -> None:
        from atlas_qual.store.report_data import report_choices

        self._project = project
        self.lang = lang if lang in ("es", "en") else "es"
        tr = _tr(self.lang)
        choices = report_choices(project, self.lang)
        dmops = list(choices["dmops"])
        self._territory_names = {value: name for name, value in choices["territories"]}
        territories = [(tr("register_app_no_territory"), "")] + choices["territories"]
        # fields sit on the frame's grid (aq-form): labels beside them in one column, above them on a phone
        wide = widgets.Layout(width="auto")
        text_area = lambda key: widgets.Textarea(description=tr(key), layout=widgets.Layout(width="auto"))  # noqa: E731

        # meeting form
        self.meeting_date = widgets.DatePicker(description=tr("report_col_date"), value=dt.date.today())
        self.meeting_dmop = widgets.Dropdown(options=dmops, description="DMOP", layout=wide)
        self.meeting_territory = widgets.Dropdown(options=territories, description=tr("report_attr_territory"))
        self.meeting_title = widgets.Text(description=tr("report_col_meeting"), layout=wide)
        self.meeting_topics = text_area("report_col_topics")
        self.meeting_challenges = text_area("register_app_challenges")
        self.meeting_solutions = text_area("register_app_solutions")
        self.meeting_actions = text_area("register_app_actions")
        self.meeting_attendees = widgets.Textarea(description=tr("report_col_attendees"),
                                                  placeholder=tr("register_app_attendees_hint"),
                                                  layout=widgets.Layout(width="auto"))
        # the height on the box itself, not on label + box: a column 120 px high wrapped the box into a second
        # column beside its label, cut at the panel's edge on a phone
        self.meeting_attendees.add_class("aq-tall-attendees")
        self.meeting_save = widgets.Button(description=tr("register_app_save"), button_style="primary")
        self.meeting_status = widgets.HTML()
        meeting_box = widgets.VBox([
            widgets.HTML(f"<p class='aq-muted'>{H.escape(tr('register_app_meeting_help'))}</p>"),
            _form(self.meeting_date, self.meeting_dmop, self.meeting_territory, self.meeting_title),
            _form(self.meeting_topics, self.meeting_challenges, self.meeting_solutions, self.meeting_actions,
                  self.meeting_attendees, above=True),
            self.meeting_save, self.meeting_status])

        # phase form
        self.phase_dmop = widgets.Dropdown(options=dmops, description="DMOP", layout=wide)
        self.phase_phase = widgets.Dropdown(options=[(tr("phase_" + p), p) for p in PHASES],
                                            description=tr("report_col_phase"))
        self.phase_date = widgets.DatePicker(description=tr("report_col_date"), value=dt.date.today())
        self.phase_territory = widgets.Dropdown(options=territories, description=tr("report_attr_territory"))
        self.phase_note = widgets.Text(description=tr("report_col_note"), layout=wide)
        self.phase_save = widgets.Button(description=tr("register_app_save"), button_style="primary")
        self.phase_status = widgets.HTML()
        phase_box = widgets.VBox([_form(self.phase_dmop, self.phase_phase, self.phase_date, self.phase_territory,
                                        self.phase_note), self.phase_save, self.phase_status])

        # reach form
        self.reach_month = widgets.Text(description=tr("report_col_month"), placeholder="2025-03",
                                        value=dt.date.today().strftime("%Y-%m"))
        self.reach_channel = widgets.Combobox(options=CHANNELS, description=tr("report_col_channel"),
                                              ensure_option=False)
        self.reach_territory = widgets.Dropdown(options=territories, description=tr("report_attr_territory"))
        self.reach_posts = widgets.BoundedIntText(min=0, max=10**9, description=tr("report_col_posts"))
        self.reach_replications = widgets.BoundedIntText(min=0, max=10**9, description=tr("report_col_replications"))
        self.reach_comments = widgets.BoundedIntText(min=0, max=10**9, description=tr("report_col_comments"))
        self.reach_rating = widgets.Text(description=tr("report_col_radio"), placeholder="3.5")
        self.reach_save = widgets.Button(description=tr("register_app_save"), button_style="primary")
        self.reach_status = widgets.HTML()
        reach_box = widgets.VBox([_form(self.reach_month, self.reach_channel, self.reach_territory, self.reach_posts,
                                        self.reach_replications, self.reach_comments, self.reach_rating),
                                  self.reach_save, self.reach_status])

        # import
        self.import_kind = widgets.Dropdown(options=[(tr(f"register_kind_{k}"), k) for k in IMPORT_KINDS],
                                            description=tr("register_app_kind"))
        self.import_file = widgets.FileUpload(accept=".csv,.xlsx,.xlsm", multiple=False,
                                              description=tr("register_app_file"))
        self.import_mapping = widgets.FileUpload(accept=".yaml,.yml,.json", multiple=False,
                                                 description=tr("register_app_mapping"))
        self.import_dmop = widgets.Dropdown(options=[(tr("register_app_dmop_from_file"), "")] + dmops,
                                            description="DMOP", layout=wide)
        self.import_skip = widgets.Checkbox(value=False, description=tr("register_app_skip"), indent=False)
        self.import_button = widgets.Button(description=tr("register_app_import"), button_style="primary")
        self.import_status = widgets.HTML()
        # shown only for the survey; a box of its own so hiding it never fights the grid's display
        self._survey_row = widgets.VBox([_form(self.import_dmop, self.import_mapping)])
        import_box = widgets.VBox([
            widgets.HTML(f"<p class='aq-muted'>{H.escape(tr('register_app_import_help'))}</p>"),
            _form(self.import_kind, self.import_file), self._survey_row, self.import_skip,
            self.import_button, self.import_status])

        # register and indicators
        self.register_body = widgets.HTML()
        self.indicator_picker = widgets.Dropdown(options=[(tr("register_app_all_dmops"), "")] + dmops,
                                                 description="DMOP", layout=wide)
        self.indicator_body = widgets.HTML()
        indicators_box = widgets.VBox([
            widgets.HTML(f"<p class='aq-muted'>{H.escape(tr('register_app_indicators_help'))}</p>"),
            _form(self.indicator_picker), self.indicator_body])

        self.tabs = widgets.Tab(children=[meeting_box, phase_box, reach_box, import_box, self.register_body,
                                          indicators_box])
        for i, key in enumerate(TABS):
            self.tabs.set_title(i, tr(f"register_tab_{key}"))
        self.tabs.selected_index = TABS.index(tab) if tab in TABS else 0
        super().__init__([widgets.HTML(f"<style>{EXTRA_CSS}</style>"), self.tabs])
        self.add_class("aq-register")
        self.reset()
        self.meeting_save.on_click(self._on_save_meeting)
        self.phase_save.on_click(self._on_save_phase)
        self.reach_save.on_click(self._on_save_reach)
        self.import_button.on_click(self._on_import)
        self.import_kind.observe(self._on_import_kind, names="value")
        self.indicator_picker.observe(self._on_indicator_dmop, names="value")

    @classmethod
    def from_request(cls):
        """The page in the shared frame, from ``?tab=meeting|phase|reach|import|register|indicators&lang=``."""
        from atlas_qual.widgets.frame import frame
        from atlas_qual.widgets.page import page_lang, project, request_params

        params = request_params()
        lang = page_lang(params)
        return frame("register", cls(project(), lang=lang, tab=params.get("tab", "meeting")), lang=lang,
                     params=params)

    # --- views -----------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Redraw the register and the indicators from the store."""
        from atlas_qual.store.register import indicators_for, register_summary

        self.register_body.value = render_register(register_summary(self._project, lang=self.lang), self.lang,
                                                   self._territory_names)
        self.indicator_body.value = render_indicators(
            indicators_for(self._project, self.indicator_dmop or None), self.lang)
        self._survey_row.layout.display = "flex" if self.import_kind.value == "survey" else "none"

    def _ok(self, target: widgets.HTML, key: str, **params) -> None:
        self.saved += 1
        target.value = f'<div class="aq-ok" data-testid="saved">{H.escape(t(key, lang=self.lang, **params))}</div>'
        self.reset()

    def _error(self, target: widgets.HTML, exc: AtlasQualError) -> None:
        target.value = f'<div class="aq-error" data-testid="form-error">{H.escape(exc.message(self.lang))}</div>'

    # --- events ----------------------------------------------------------------------------------------------

    def _on_save_meeting(self, _button=None) -> None:
        from atlas_qual.store.register import add_meeting

        people = parse_attendees(self.meeting_attendees.value)
        try:
            ref = add_meeting(self._project, date=self.meeting_date.value, dmop=self.meeting_dmop.value,
                              territory=self.meeting_territory.value or None, title=self.meeting_title.value,
                              topics=self.meeting_topics.value, challenges=self.meeting_challenges.value,
                              innovative_solutions=self.meeting_solutions.value,
                              actions_taken=self.meeting_actions.value, attendees=people)
        except AtlasQualError as exc:
            self._error(self.meeting_status, exc)
            return
        for box in (self.meeting_title, self.meeting_topics, self.meeting_challenges, self.meeting_solutions,
                    self.meeting_actions, self.meeting_attendees):
            box.value = ""
        self._ok(self.meeting_status, "register_app_meeting_saved", ref=ref, n=Plural("count_attendees", len(people)))

    def _on_save_phase(self, _button=None) -> None:
        """Record the phase change; one the DMOP's history contradicts is refused as by `register phase` (the same
        reason beside the form, nothing saved, the form kept as typed)."""
        from atlas_qual.cycle import CycleDateError
        from atlas_qual.store.register import add_phase_change

        try:
            add_phase_change(self._project, self.phase_dmop.value, self.phase_phase.value, self.phase_date.value,
                             self.phase_territory.value or None, self.phase_note.value, check_order=True)
        except AtlasQualError as exc:
            if exc.key == "cycle_phase_needs":  # the fix said for this form, not as the command's --phase
                exc = CycleDateError(N_("register_app_phase_needs"), **exc.params)
            self._error(self.phase_status, exc)
            return
        self.phase_note.value = ""
        self._ok(self.phase_status, "register_app_phase_saved", dmop=self.phase_dmop.value,
                 phase=t("phase_" + self.phase_phase.value, lang=self.lang))

    def _on_save_reach(self, _button=None) -> None:
        from atlas_qual.store.register import add_reach

        try:
            add_reach(self._project, self.reach_month.value, self.reach_channel.value,
                      self.reach_territory.value or None, self.reach_posts.value, self.reach_replications.value,
                      self.reach_comments.value, self.reach_rating.value or None)
        except AtlasQualError as exc:
            self._error(self.reach_status, exc)
            return
        self._ok(self.reach_status, "register_app_reach_saved", month=self.reach_month.value,
                 channel=self.reach_channel.value)

    def _on_import_kind(self, change) -> None:
        self._survey_row.layout.display = "flex" if change["new"] == "survey" else "none"

    def _on_import(self, _button=None) -> None:
        from atlas_qual.store.register import import_register

        files = list(self.import_file.value or ())
        if not files:
            self.import_status.value = (f'<div class="aq-error">'
                                        f'{H.escape(t("register_app_no_file", lang=self.lang))}</div>')
            return
        kind = self.import_kind.value
        with tempfile.TemporaryDirectory(prefix="aq-register-") as tmp:
            upload = files[0]
            path = Path(tmp) / Path(upload["name"]).name
            path.write_bytes(bytes(upload["content"]))
            mapping = None
            if kind == "survey" and self.import_mapping.value:
                m = list(self.import_mapping.value)[0]
                mapping = Path(tmp) / Path(m["name"]).name
                mapping.write_bytes(bytes(m["content"]))
            defaults = {"dmop": self.import_dmop.value} if kind == "survey" and self.import_dmop.value else {}
            try:
                report = import_register(self._project, kind, path, mapping=mapping, defaults=defaults,
                                         skip_bad_rows=self.import_skip.value)
            except AtlasQualError as exc:
                self._error(self.import_status, exc)
                return
        self.import_status.value = render_import(report, self.lang)
        if report.written:
            self.saved += report.added + report.updated
            self.reset()

    def _on_indicator_dmop(self, change) -> None:
        self.indicator_dmop = change["new"] or ""
        self.reset()


__all__ = ["RegisterApp", "parse_attendees", "render_indicators", "render_import", "render_register"]
