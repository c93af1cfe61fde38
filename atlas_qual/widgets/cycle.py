"""The DMOP cycle page: a DMOP's recommendations (drafted from the codings and themes, edited), its learning workshop
(created on the workshop engine; its decisions recorded with the votes behind them), the refinement log, the
institutionalization plan and its Word document, and indicators 5 and 6.

Tables are single escaped HTML widgets; python-docx is imported only when a document is generated and spaCy only
when recommendations are drafted.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import traitlets

from atlas_qual import html as H
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural, fmt_date, fmt_int, fmt_number, t, tn

EXTRA_CSS = """
.aq-cycle .widget-textarea textarea { min-height: 80px; }
.aq-cycle .aq-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.aq-cycle .aq-small { font-size: 0.9em; color: #4b5563; }
/* tall fields: the height on the control, not on the label+control box (the label above would push the control
   out of its box and over the next field's label) */
.aq-cycle .aq-tall-actions textarea { min-height: 140px; }
.aq-cycle .aq-tall-recs select { height: 110px; }
.aq-cycle .aq-tall-decisions select { height: 80px; }
"""
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TABS = ("recommendations", "learning", "refinement", "plan")


def _full(**kw: Any) -> widgets.Layout:
    return widgets.Layout(width="100%", **kw)


def _error(exc: Exception, lang: str) -> str:
    text = exc.message(lang) if isinstance(exc, AtlasQualError) else str(exc)
    return f'<div class="aq-error" role="alert">{H.escape(text)}</div>'


def _notice(text: str, testid: str = "") -> str:
    attr = f' data-testid="{H.escape(testid)}"' if testid else ""
    return f'<div class="aq-notice" role="status"{attr}>{H.escape(text)}</div>'


# --------------------------------------------------------------------------------------------------------------------
# pure renderers
# --------------------------------------------------------------------------------------------------------------------


def source_label(source: str, lang: str) -> str:
    """Where a recommendation came from, for people: "codings: segments 16, 40 (INS-AP-01)" -> "entrevistas
    codificadas (INS-AP-01)"; "theme 3: ..." -> "tema 3"; "facilitator" -> "facilitación"; a text no person has
    reviewed is marked a machine draft, one a person edited or confirmed as reviewed.

    Examples:
        >>> source_label("codings: segments 16 (INS-AP-01) (edited)", "en")
        'coded interviews (INS-AP-01), reviewed'
        >>> source_label("codings: segments 16 (INS-AP-01)", "en")
        'coded interviews (INS-AP-01): machine draft, not reviewed'
    """
    import re

    from atlas_qual.cycle import is_machine_draft

    text = source or ""
    edited = text.endswith("(edited)")
    text = text[:-len("(edited)")].strip() if edited else text
    m = re.match(r"codings: segments [\d, ]+(?:\((.*)\))?$", text)
    if m:
        label = t("cycle_source_codings", lang=lang) + (f" ({m.group(1)})" if m.group(1) else "")
    elif (m := re.match(r"theme (\d+)", text)):
        label = t("cycle_source_theme", lang=lang, n=m.group(1))
    elif text in ("facilitator", ""):
        label = t("cycle_source_facilitator", lang=lang)
    else:
        label = text
    if is_machine_draft(source):
        return f"{label}: {t('cycle_machine_draft', lang=lang)}"
    return label + (", " + t("cycle_source_confirmed", lang=lang) if edited else "")


def _same(text: str) -> str:
    return text


def recommendations_html(recs, lang: str, redact=_same) -> str:
    """The DMOP's recommendations as one escaped table (texts through ``redact``, the project's redactor on the
    page); machine drafts no person reviewed are marked."""
    tr = lambda k, **p: t(k, lang=lang, **p)  # noqa: E731
    if not recs:
        return f'<p class="aq-muted" data-testid="cycle-recs">{H.escape(tr("cycle_ui_no_recs"))}</p>'
    rows = [[r.ref, redact(r.text), tr(f"report_status_{r.status}"), redact(r.responsible) or "—",
             source_label(r.source, lang)] for r in recs]
    table = H.table(rows, [tr("report_col_ref"), tr("report_col_recommendation"), tr("report_col_status"),
                           tr("plan_col_responsible"), tr("cycle_ui_source")], block_columns=(1, 4),
                    caption=tn("cycle_ui_recs_count", "cycle_ui_recs_count_plural", len(recs), lang), stack=True)
    return f'<div data-testid="cycle-recs">{table}</div>'


def outcome_html(outcome, lang: str, redact=_same) -> str:
    """A learning workshop's decisions: the endorsement and each recommendation's votes, priority and proposals
    (texts and proposed names through ``redact``)."""
    tr = lambda k, **p: t(k, lang=lang, **p)  # noqa: E731
    parts = []
    e = outcome.endorsement
    if e is not None:
        key = "cycle_cli_endorsed" if e.endorsed else "cycle_cli_not_endorsed"
        tone = "ok" if e.endorsed else "danger"
        decided = tr(key, dmop=outcome.dmop, yes=e.yes, voters=Plural("count_votes", e.voters))
        parts.append(f"<p>{H.badge(decided, tone)}</p>")
    rows = []
    for i in outcome.items:
        proposals = ", ".join(f"{redact(name)} ({fmt_int(n, lang)})" for name, n in i.proposals) or "—"
        priority = "—" if i.priority is None else f'<span class="aq-n">{fmt_number(i.priority, lang)}</span>'
        rows.append([i.ref, redact(i.text), f"{fmt_int(i.yes, lang)}/{fmt_int(i.voters, lang)}",
                     tr("report_status_endorsed") if i.endorsed else tr("report_status_rejected"),
                     priority, i.rank, proposals])
    parts.append(H.table(rows, [tr("report_col_ref"), tr("report_col_recommendation"), tr("plan_col_votes"),
                                tr("report_col_status"), tr("plan_col_priority"), tr("cycle_ui_rank"),
                                tr("cycle_ui_proposals")], raw_columns=(4,), block_columns=(1, 6),
                         caption=tr("cycle_ui_outcome_caption", session=outcome.session,
                                    n=Plural("count_participants", outcome.participants)), stack=True))
    return f'<div data-testid="cycle-outcome">{"".join(parts)}</div>'


def decisions_html(decisions, lang: str, redact=_same) -> str:
    tr = lambda k, **p: t(k, lang=lang, **p)  # noqa: E731
    if not decisions:
        return f'<p class="aq-muted">{H.escape(tr("cycle_ui_no_decisions"))}</p>'
    rows = []
    for d in decisions:
        if d.kind == "endorsement":
            what = tr("cycle_ui_decision_endorsement", outcome=tr(f"cycle_ui_{d.outcome}"),
                      yes=d.votes.get("yes", 0), voters=Plural("count_votes", d.votes.get("voters", 0)))
        else:
            what = redact(d.outcome)
        rows.append([d.id, fmt_date(d.date, lang), tr(f"cycle_ui_kind_{d.kind}"), d.session or "—", what])
    table = H.table(rows, ["#", tr("plan_col_date"), tr("cycle_ui_kind"), tr("cycle_ui_session"),
                           tr("plan_col_decision")], block_columns=(4,), caption=tr("cycle_ui_decisions_caption"),
                    stack=True)
    return f'<div data-testid="cycle-decisions">{table}</div>'


def log_html(entries, lang: str) -> str:
    tr = lambda k, **p: t(k, lang=lang, **p)  # noqa: E731
    if not entries:
        return f'<p class="aq-muted" data-testid="cycle-log">{H.escape(tr("cycle_cli_no_log"))}</p>'
    rows = []
    for e in entries:
        links = "; ".join(x for x in (", ".join(e.recommendations), ", ".join(f"#{d}" for d in e.decisions),
                                      ", ".join(e.sessions), " / ".join(e.findings)) if x)
        rows.append([e.version, fmt_date(e.date, lang), e.change, e.why, links or "—"])
    table = H.table(rows, [tr("plan_col_version"), tr("plan_col_date"), tr("plan_col_change"),
                           tr("plan_col_why"), tr("cycle_ui_links")], block_columns=(2, 3, 4),
                    caption=tr("plan_h_refinement_log"), stack=True)
    return f'<div data-testid="cycle-log">{table}</div>'


def counts_html(counts, dmop: dict | None, lang: str) -> str:
    parts = []
    if dmop is not None:
        parts.append(H.escape(t("cycle_ui_phase", lang=lang, dmop=dmop["id"],
                                phase=t(f"phase_{dmop['phase']}", lang=lang))))
    for ind in (counts.indicator_5, counts.indicator_6):
        parts.append(H.escape(f"{ind.title(lang)}: {ind.formatted(lang)} ({', '.join(ind.counted) or '—'})"))
    return '<p class="aq-small" data-testid="cycle-counts">' + "<br>".join(parts) + "</p>"


def parse_actions_text(text: str) -> list[dict[str, str]]:
    """Plan actions typed one per line as ``action | institution | start | end`` (missing parts blank).

    Examples:
        >>> parse_actions_text("Aprobar la ruta | MTESS | 2026-06 | 2026-08\\n\\nDifundir | MINNA")
        [{'action': 'Aprobar la ruta', 'institution': 'MTESS', 'start': '2026-06', 'end': '2026-08'}, \
{'action': 'Difundir', 'institution': 'MINNA', 'start': '', 'end': ''}]
    """
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + ["", "", ""]
        out.append({"action": parts[0], "institution": parts[1], "start": parts[2], "end": parts[3]})
    return out


def actions_text(actions) -> str:
    return "\n".join(" | ".join((a.action, a.institution, a.start, a.end)).rstrip(" |") for a in actions)


# --------------------------------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------------------------------


class CycleApp(widgets.VBox):
    """The DMOP cycle page as one composite widget. Public state: ``lang``, ``dmop``, ``selected_rec`` (ref being
    edited, "" for new), ``session`` (learning session shown), ``plan`` (plan id being edited, 0 for new)."""

    lang = traitlets.Unicode("es").tag(sync=False)
    dmop = traitlets.Unicode("").tag(sync=False)
    selected_rec = traitlets.Unicode("").tag(sync=False)
    session = traitlets.Unicode("").tag(sync=False)
    plan = traitlets.Int(0).tag(sync=False)

    def __init__(self, project, *, lang: str = "es", dmop: str = "", session: str = "") -> None:
        self._project = project
        self._loading = False
        self._title = widgets.HTML()
        self._dmop_pick = widgets.Dropdown(layout=widgets.Layout(width="100%", max_width="720px"))
        self._dmop_pick.add_class("aq-cycle-dmop")
        self._dmop_pick.observe(self._on_dmop, names="value")
        self._counts = widgets.HTML()
        self._next = widgets.HTML()  # what the cycle asks for next, and where
        # fields labelled by their own description (a <label for> screen readers announce), shown above them
        self._labels: dict[str, widgets.DOMWidget] = {"dmop": self._dmop_pick}
        self._dmop_pick.add_class("aq-above")

        # recommendations
        self._recs = widgets.HTML()
        self._generate = self._button("cycle-generate")
        self._generate.on_click(self._on_generate)
        self._rec_pick = widgets.Dropdown(layout=widgets.Layout(width="100%", max_width="720px"))
        self._rec_pick.observe(self._on_rec_pick, names="value")
        self._rec_text = widgets.Textarea(layout=_full())
        self._rec_responsible = widgets.Text(layout=_full())
        self._rec_status = widgets.Dropdown()
        self._rec_save = self._button("cycle-rec-save", "primary")
        self._rec_save.on_click(self._on_rec_save)
        self._rec_delete = self._button("cycle-rec-delete", "danger")
        self._rec_delete.on_click(self._on_rec_delete)
        self._rec_msg = widgets.HTML()
        rec_tab = widgets.VBox([self._recs, self._generate, self._field("rec_edit", self._rec_pick),
                                self._field("rec_text", self._rec_text),
                                self._field("rec_responsible", self._rec_responsible),
                                self._field("rec_status", self._rec_status),
                                widgets.HBox([self._rec_save, self._rec_delete]), self._rec_msg])

        # learning workshop
        self._create = self._button("cycle-create", "primary")
        self._create.on_click(self._on_create)
        self._created = widgets.HTML()
        self._session_pick = widgets.Dropdown(layout=widgets.Layout(width="100%", max_width="720px"))
        self._session_pick.observe(self._on_session, names="value")
        self._key = widgets.Password(layout=_full())
        self._key.add_class("aq-cycle-key")
        self._course = widgets.Textarea(layout=_full())
        self._record = self._button("cycle-record", "primary")
        self._record.on_click(self._on_record)
        self._outcome = widgets.HTML()
        self._decisions = widgets.HTML()
        learning_tab = widgets.VBox([self._label("learning_help"), self._create, self._created,
                                     self._field("session", self._session_pick), self._field("key", self._key),
                                     self._field("course", self._course), self._record, self._outcome,
                                     self._decisions])

        # refinement log
        self._log = widgets.HTML()
        self._change = widgets.Textarea(layout=_full())
        self._why = widgets.Textarea(layout=_full())
        self._version = widgets.Text()
        self._findings = widgets.Textarea(layout=_full())
        self._link_recs = widgets.SelectMultiple(layout=_full())
        self._link_recs.add_class("aq-tall-recs")
        self._link_decisions = widgets.SelectMultiple(layout=_full())
        self._link_decisions.add_class("aq-tall-decisions")
        self._refine_date = widgets.Text()
        self._refine = self._button("cycle-refine", "primary")
        self._refine.on_click(self._on_refine)
        self._refine_msg = widgets.HTML()
        refine_tab = widgets.VBox([self._log, self._field("change", self._change), self._field("why", self._why),
                                   self._field("version", self._version), self._field("findings", self._findings),
                                   self._field("link_recs", self._link_recs),
                                   self._field("link_decisions", self._link_decisions),
                                   self._field("date", self._refine_date), self._refine,
                                   self._refine_msg])

        # institutionalization plan
        self._plan_pick = widgets.Dropdown(layout=widgets.Layout(width="100%", max_width="720px"))
        self._plan_pick.observe(self._on_plan_pick, names="value")
        self._plan_title = widgets.Text(layout=_full())
        self._actions = widgets.Textarea(layout=_full())
        self._actions.add_class("aq-tall-actions")
        self._resources = widgets.Textarea(layout=_full())
        self._resources.add_class("aq-cycle-resources")
        self._plan_status = widgets.Dropdown()
        self._plan_save = self._button("cycle-plan-save", "primary")
        self._plan_save.on_click(self._on_plan_save)
        self._plan_msg = widgets.HTML()
        self._doc_lang = widgets.Dropdown(options=[("Español", "es"), ("English", "en")], value=lang)
        self._doc_button = self._button("cycle-doc")
        self._doc_button.on_click(self._on_document)
        self._doc_progress = widgets.IntProgress(min=0, max=1, value=0, layout=widgets.Layout(display="none"))
        self._doc_out = widgets.HTML()
        plan_tab = widgets.VBox([self._field("plan_pick", self._plan_pick), self._field("plan_title", self._plan_title),
                                 self._field("actions", self._actions), self._field("resources", self._resources),
                                 self._field("plan_status", self._plan_status), self._plan_save,
                                 self._plan_msg, self._label("document"),
                                 widgets.HBox([self._doc_lang, self._doc_button]), self._doc_progress,
                                 self._doc_out])

        self._tabs = widgets.Tab([rec_tab, learning_tab, refine_tab, plan_tab])
        super().__init__([widgets.HTML(f"<style>{EXTRA_CSS}</style>"), self._title, self._dmop_pick, self._counts,
                          self._next, self._tabs])
        self.add_class("aq-cycle")
        self.lang = lang
        self.observe(self._on_lang, names="lang")
        self.dmop = dmop
        self.session = session.strip().upper()
        if self.session and not dmop:
            from atlas_qual.store.cycle import learning_sessions

            self.dmop = next((x["dmop"] for x in learning_sessions(project) if x["code"] == self.session), "")
        self.reset()
        if self.session:  # opened for one learning workshop: show it, ready to record its decisions
            self._tabs.selected_index = TABS.index("learning")
            self._show_outcome()

    @classmethod
    def from_request(cls):
        """The page in the shared frame: ``?dmop=MAUEP`` opens that DMOP, ``?session=CODE`` one of its learning
        workshops, ``?lang=en`` the English page."""
        from atlas_qual.widgets.frame import frame
        from atlas_qual.widgets.page import page_lang, project, request_params

        params = request_params()
        lang = page_lang(params)
        app = cls(project(), lang=lang, dmop=(params.get("dmop") or "").strip().upper(),
                  session=params.get("session") or "")
        return frame("cycle", app, lang=lang, params=params)

    # ---- helpers -----------------------------------------------------------------------------------------------

    def _t(self, key: str, **params: Any) -> str:
        return t(key, lang=self.lang, **params)

    def _redact(self, text: str) -> str:
        """``text`` as every output shows it: listed names, phones, cédulas and e-mails hidden."""
        from atlas_qual.store.project_redaction import project_redactor

        return project_redactor(self._project, self.lang).redact(text or "") if text else ""

    def _button(self, cls: str, style: str = "") -> widgets.Button:
        b = widgets.Button(button_style=style, layout=widgets.Layout(width="auto"))
        b.add_class(cls)
        return b

    def _label(self, name: str) -> widgets.HTML:
        """Help text or a heading (not a field's label: see :meth:`_field`)."""
        label = widgets.HTML()
        self._labels[name] = label
        return label

    def _field(self, name: str, widget: widgets.DOMWidget) -> widgets.DOMWidget:
        """``widget`` labelled by its own description (relabelled in :meth:`reset`), the label above the field."""
        widget.add_class("aq-above")
        self._labels[name] = widget
        return widget

    # ---- drawing -----------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Relabel everything in the current language and redraw the current DMOP's data."""
        from atlas_qual.cycle import PLAN_STATUSES, RECOMMENDATION_STATUSES
        from atlas_qual.store.workshop import dmops

        tr = self._t
        self._loading = True
        try:
            self._title.value = f"<p class='aq-muted'>{H.escape(tr('cycle_ui_intro'))}</p>"
            options = [(f"{d['id']} · {d['name']}"[:90], d["id"]) for d in dmops(self._project, self.lang)]
            self._dmop_pick.options = options
            ids = [v for _l, v in options]
            if self.dmop not in ids:
                self.dmop = ids[0] if ids else ""
            self._dmop_pick.value = self.dmop or None
            for i, name in enumerate(TABS):
                self._tabs.set_title(i, tr(f"cycle_tab_{name}"))
            for name, label in self._labels.items():
                if isinstance(label, widgets.HTML):
                    label.value = f"<b>{H.escape(tr('cycle_label_' + name))}</b>"
                else:
                    label.description = tr("cycle_label_" + name) if name != "dmop" else "DMOP"
            self._doc_lang.description = tr("frame_language")
            self._generate.description = tr("cycle_ui_generate")
            self._rec_save.description = tr("bok_ui_save")
            self._rec_delete.description = tr("bok_ui_delete")
            self._rec_status.options = [(tr(f"report_status_{s}"), s) for s in RECOMMENDATION_STATUSES]
            self._create.description = tr("cycle_ui_create")
            self._key.placeholder = tr("cycle_ui_key")
            self._course.placeholder = tr("cycle_ui_course_placeholder")
            self._record.description = tr("cycle_ui_record")
            self._refine.description = tr("cycle_ui_refine")
            self._refine_date.placeholder = "DD/MM/AAAA" if self.lang == "es" else "YYYY-MM-DD"
            self._plan_status.options = [(tr(f"plan_status_{s}"), s) for s in PLAN_STATUSES]
            self._actions.placeholder = tr("cycle_ui_actions_placeholder")
            self._plan_save.description = tr("cycle_ui_plan_save")
            self._doc_button.description = tr("cycle_ui_document")
        finally:
            self._loading = False
        self._refresh()

    def _refresh(self) -> None:
        self._refresh_counts()
        self._refresh_recs()
        self._refresh_learning()
        self._refresh_log()
        self._refresh_plans()

    def _refresh_counts(self) -> None:
        from atlas_qual.store.cycle import cycle_counts
        from atlas_qual.store.workshop import dmops

        current = next((d for d in dmops(self._project, self.lang) if d["id"] == self.dmop), None)
        self._counts.value = counts_html(cycle_counts(self._project), current, self.lang)
        self._refresh_next()

    def _refresh_next(self) -> None:
        """The next step of the DMOP's cycle, naming the tab where it is done."""
        from atlas_qual.cycle_next import STEP_TAB, next_step
        from atlas_qual.store.cycle import learning_sessions, list_plans, list_recommendations, refinement_log

        if not self.dmop:
            self._next.value = ""
            return
        key, params = next_step([(r.status, r.machine_draft) for r in list_recommendations(self._project, self.dmop)],
                                [x["recorded"] for x in learning_sessions(self._project, self.dmop)],
                                len(refinement_log(self._project, self.dmop)),
                                [p.status for p in list_plans(self._project, self.dmop)])
        where = self._t("cycle_tab_" + STEP_TAB[key])
        self._next.value = (f'<p class="aq-notice" data-testid="cycle-next" data-step="{H.escape(key)}">'
                            f"{H.escape(self._t(key, tab=where, **params))}</p>")

    def _refresh_recs_table(self) -> None:
        from atlas_qual.store.cycle import list_recommendations

        self._recs.value = recommendations_html(list_recommendations(self._project, self.dmop), self.lang,
                                                self._redact)

    def _refresh_recs(self) -> None:
        from atlas_qual.store.cycle import list_recommendations

        recs = list_recommendations(self._project, self.dmop) if self.dmop else []
        self._recs.value = recommendations_html(recs, self.lang, self._redact)
        self._loading = True
        try:
            self._rec_pick.options = [(self._t("cycle_ui_new_rec"), "")] + [
                (f"{r.ref} · {self._redact(r.text)}"[:90], r.ref) for r in recs]
            if self.selected_rec not in {r.ref for r in recs}:
                self.selected_rec = ""
            self._rec_pick.value = self.selected_rec
            self._link_recs.options = [(f"{r.ref} · {self._redact(r.text)}"[:80], r.ref) for r in recs]
        finally:
            self._loading = False
        self._fill_rec(recs)
        self._refresh_next()

    def _fill_rec(self, recs=None) -> None:
        from atlas_qual.store.cycle import list_recommendations

        recs = recs if recs is not None else list_recommendations(self._project, self.dmop)
        rec = next((r for r in recs if r.ref == self.selected_rec), None)
        self._rec_loaded = rec.text if rec else None
        self._loading = True
        try:
            self._rec_text.value = rec.text if rec else ""
            self._rec_responsible.value = rec.responsible if rec else ""
            self._rec_status.value = rec.status if rec else "proposed"
        finally:
            self._loading = False
        self._rec_delete.disabled = rec is None

    def _refresh_learning(self) -> None:
        from atlas_qual.store.cycle import learning_sessions, list_decisions

        sessions = learning_sessions(self._project, self.dmop) if self.dmop else []
        self._loading = True
        try:
            self._session_pick.options = [(self._t("cycle_ui_pick_session"), "")] + [
                (f"{s['code']} · {s['title']}"[:80] + (" ✓" if s["recorded"] else ""), s["code"]) for s in sessions]
            if self.session not in {s["code"] for s in sessions}:
                self.session = ""
            self._session_pick.value = self.session
        finally:
            self._loading = False
        decisions = list_decisions(self._project, self.dmop) if self.dmop else []
        self._decisions.value = decisions_html(decisions, self.lang, self._redact)
        self._link_decisions.options = [
            (f"#{d.id} · {d.session or '—'} · {self._t('cycle_ui_kind_' + d.kind)}", d.id) for d in decisions]
        self._refresh_next()

    def _refresh_log(self) -> None:
        from atlas_qual.cycle import next_version
        from atlas_qual.store.cycle import refinement_log

        entries = refinement_log(self._project, self.dmop, redact=True, lang=self.lang) if self.dmop else []
        self._log.value = log_html(entries, self.lang)
        self._version.placeholder = next_version([e.version for e in entries])

    def _refresh_plans(self) -> None:
        from atlas_qual.store.cycle import list_plans

        plans = list_plans(self._project, self.dmop) if self.dmop else []
        self._loading = True
        try:
            self._plan_pick.options = [(self._t("cycle_ui_new_plan"), 0)] + [
                (f"#{p.id} · {self._redact(p.title)}"[:80] + f" ({self._t('plan_status_' + p.status)})", p.id)
                for p in plans]
            if self.plan not in {p.id for p in plans}:
                self.plan = plans[0].id if plans else 0
            self._plan_pick.value = self.plan
        finally:
            self._loading = False
        self._fill_plan(plans)

    def _fill_plan(self, plans=None) -> None:
        from atlas_qual.store.cycle import list_plans

        plans = plans if plans is not None else list_plans(self._project, self.dmop)
        plan = next((p for p in plans if p.id == self.plan), None)
        self._loading = True
        try:
            self._plan_title.value = plan.title if plan else ""
            self._actions.value = actions_text(plan.actions) if plan else ""
            self._resources.value = plan.resources if plan else ""
            self._plan_status.value = plan.status if plan else "draft"
        finally:
            self._loading = False

    # ---- events ------------------------------------------------------------------------------------------------

    def _on_lang(self, _change) -> None:
        self.reset()

    def _on_dmop(self, change) -> None:
        if self._loading or not change["new"]:
            return
        self.dmop = change["new"]
        self.selected_rec, self.session, self.plan = "", "", 0
        for out in (self._rec_msg, self._created, self._outcome, self._refine_msg, self._plan_msg, self._doc_out):
            out.value = ""
        self._refresh()

    def _on_generate(self, _button) -> None:
        from atlas_qual.store.cycle import generate_recommendations, list_recommendations

        before = len(list_recommendations(self._project, self.dmop))
        try:
            recs = generate_recommendations(self._project, self.dmop)
        except AtlasQualError as exc:
            self._rec_msg.value = _error(exc, self.lang)
            return
        drafted = tn("cycle_ui_drafted_count", "cycle_ui_drafted_count_plural", len(recs) - before, self.lang)
        self._rec_msg.value = _notice(drafted, "cycle-generated")
        self._refresh_recs()

    def _on_rec_pick(self, change) -> None:
        if self._loading:
            return
        self.selected_rec = change["new"] or ""
        self._rec_msg.value = ""
        self._fill_rec()

    def _on_rec_save(self, _button) -> None:
        from atlas_qual.store.cycle import add_recommendation, edit_recommendation

        try:
            if self.selected_rec:
                rec = edit_recommendation(self._project, self.dmop, self.selected_rec, text=self._rec_text.value,
                                          responsible=self._rec_responsible.value, status=self._rec_status.value,
                                          confirm=True, expected_text=getattr(self, "_rec_loaded", None))
            else:
                rec = add_recommendation(self._project, self.dmop, self._rec_text.value,
                                         responsible=self._rec_responsible.value)
        except AtlasQualError as exc:
            if exc.key == "cycle_rec_changed":  # keep what this person typed; a second save is a deliberate one
                self._rec_loaded = exc.params.get("text")
                self._refresh_recs_table()
            self._rec_msg.value = _error(exc, self.lang)
            return
        self.selected_rec = rec.ref
        self._rec_msg.value = _notice(self._t("cycle_ui_rec_saved", ref=rec.ref), "cycle-rec-saved")
        self._refresh_recs()

    def _on_rec_delete(self, _button) -> None:
        from atlas_qual.store.cycle import delete_recommendation

        if not self.selected_rec:
            return
        ref = self.selected_rec
        try:
            delete_recommendation(self._project, self.dmop, ref)
        except AtlasQualError as exc:
            self._rec_msg.value = _error(exc, self.lang)
            return
        self.selected_rec = ""
        self._rec_msg.value = _notice(self._t("cycle_ui_rec_deleted", ref=ref))
        self._refresh_recs()

    def _on_create(self, _button) -> None:
        from atlas_qual.store.cycle import create_learning_workshop

        try:
            created = create_learning_workshop(self._project, self.dmop, lang=self.lang)
        except AtlasQualError as exc:
            self._created.value = _error(exc, self.lang)
            return
        e = H.escape
        self.session = created.code
        self._key.value = created.key
        self._created.value = (
            f'<div class="aq-notice" data-testid="cycle-created">'
            f"<p>{e(self._t('cycle_ui_created', code=created.code))}</p>"
            f"<p><b>{e(self._t('cycle_ui_key_once'))}</b> <code>{e(created.key)}</code></p>"
            f"<p>{e(self._t('cycle_ui_participants'))}: <a href=\"{e(created.participant_url)}\" target=\"_blank\">"
            f"{e(created.participant_url)}</a><br>{e(self._t('cycle_ui_facilitator'))}: "
            f"<a href=\"{e(created.facilitator_url)}\" target=\"_blank\">{e(created.facilitator_url)}</a></p></div>")
        self._refresh_learning()

    def _on_session(self, change) -> None:
        if self._loading:
            return
        self.session = change["new"] or ""
        self._show_outcome()

    def _show_outcome(self) -> None:
        from atlas_qual.store.cycle import learning_outcome

        if not self.session:
            self._outcome.value = ""
            return
        try:
            self._outcome.value = outcome_html(learning_outcome(self._project, self.session), self.lang,
                                               self._redact)
        except AtlasQualError as exc:
            self._outcome.value = _error(exc, self.lang)

    def _on_record(self, _button) -> None:
        from atlas_qual.store.cycle import record_learning_outcome

        if not self.session:
            self._outcome.value = _error(AtlasQualError("cycle_ui_no_session"), self.lang)
            return
        try:
            recorded = record_learning_outcome(self._project, self.session, self._key.value,
                                               course_of_action=self._course.value)
        except AtlasQualError as exc:
            self._outcome.value = _error(exc, self.lang)
            return
        self._outcome.value = (_notice(self._t("cycle_cli_recorded", session=recorded.outcome.session,
                                                dmop=recorded.outcome.dmop,
                                                n=len(recorded.outcome.course_of_action),
                                                total=Plural("count_recommendations_endorsed",
                                                             len(recorded.outcome.items))), "cycle-recorded")
                               + outcome_html(recorded.outcome, self.lang, self._redact))
        self._refresh_counts()
        self._refresh_recs()
        self._refresh_learning()

    def _on_refine(self, _button) -> None:
        from atlas_qual.store.cycle import add_refinement

        try:
            entry = add_refinement(self._project, self.dmop, self._change.value, self._why.value,
                                   version=self._version.value or None,
                                   findings=[x for x in self._findings.value.splitlines() if x.strip()],
                                   recommendations=list(self._link_recs.value),
                                   decisions=list(self._link_decisions.value),
                                   date=self._refine_date.value.strip() or None)
        except AtlasQualError as exc:
            self._refine_msg.value = _error(exc, self.lang)
            return
        self._refine_msg.value = _notice(self._t("cycle_cli_refined", dmop=entry.dmop, version=entry.version,
                                                 date=fmt_date(entry.date, self.lang)), "cycle-refined")
        for w in (self._change, self._why, self._version, self._findings, self._refine_date):
            w.value = ""
        self._refresh_log()
        self._refresh_counts()

    def _on_plan_pick(self, change) -> None:
        if self._loading:
            return
        self.plan = int(change["new"] or 0)
        self._plan_msg.value = ""
        self._fill_plan()

    def _on_plan_save(self, _button) -> None:
        from atlas_qual.store.cycle import save_plan

        try:
            plan = save_plan(self._project, self.dmop, title=self._plan_title.value or None,
                             actions=parse_actions_text(self._actions.value), resources=self._resources.value,
                             status=self._plan_status.value, plan_id=self.plan or None)
        except AtlasQualError as exc:
            self._plan_msg.value = _error(exc, self.lang)
            return
        self.plan = plan.id
        self._plan_msg.value = _notice(self._t("cycle_ui_plan_saved", id=plan.id), "cycle-plan-saved")
        self._refresh_plans()
        self._refresh_counts()

    def _on_document(self, _button) -> None:
        from atlas_qual.reports.plan import STEPS
        from atlas_qual.store.cycle import write_plan

        lang = self._doc_lang.value
        self._doc_progress.max = len(STEPS)
        self._doc_progress.value = 0
        self._doc_progress.layout.display = None
        self._doc_button.disabled = True
        from atlas_qual.private_files import private_tempdir

        def tick(_step: str) -> None:
            self._doc_progress.value = min(self._doc_progress.value + 1, self._doc_progress.max)

        with private_tempdir("aq-plan-") as folder:  # the document lives on in the page's link only
            path = folder / f"plan_{self.dmop}_{lang}.docx"
            try:
                write_plan(self._project, self.dmop, path, lang=lang, plan_id=self.plan or None, progress=tick)
            except AtlasQualError as exc:
                self._doc_out.value = _error(exc, self.lang)
                return
            finally:
                self._doc_button.disabled = False
                self._doc_progress.layout.display = "none"
            data = path.read_bytes()
        self._doc_out.value = H.data_link(data, path.name, DOCX_MIME,
                                          self._t("cycle_ui_download", name=path.name), testid="cycle-download")


__all__ = ["CycleApp", "source_label", "recommendations_html", "outcome_html", "decisions_html", "log_html",
           "counts_html", "parse_actions_text", "actions_text"]
