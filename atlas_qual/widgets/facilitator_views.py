"""HTML of the facilitator page: projector view, round details, gate table, ranking, shortlist (data in, HTML out).

Everything here is a string built from store results, escaped with ``atlas_qual.html``; the widgets in
``atlas_qual.widgets.facilitator`` only place these strings. States, kinds, criteria and deciders go through the
catalogs, numbers through Babel (``fmt_number``), so a Spanish projector shows "4,29", never "4.29" or "open".
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from atlas_qual import html as H
from atlas_qual.i18n import Plural, fmt_fixed, fmt_number, label, t, tn

EXTRA_CSS = """
.aq-fac .aq-proj-join { text-align: center; }
.aq-fac .aq-proj-join .aq-code { font-size: 3.8em; letter-spacing: 0.12em; }
.aq-fac .aq-proj-join .aq-qr { width: 250px; max-width: 100%; margin: 6px auto; }
.aq-fac .aq-url { font-size: 1.5em; font-weight: 600; word-break: break-all; }
.aq-fac .aq-proj-live { border: 3px solid #1e3a5f; border-radius: 14px; padding: 16px 20px; }
.aq-fac .aq-proj-round { font-size: 2em; font-weight: 700; line-height: 1.2; }
.aq-fac .aq-state { display: inline-block; padding: 2px 14px; border-radius: 999px; font-size: 0.8em;
  border: 3px solid currentColor; vertical-align: middle; }
.aq-fac .aq-state-open { color: #14532d; background: #dcfce7; }
.aq-fac .aq-state-closed { color: #1e3a8a; background: #e0ecff; }
.aq-fac .aq-state-pending, .aq-fac .aq-state-none { color: #713f12; background: #fef3c7; }
/* the projected round's flags ("resultados visibles") wrap inside the live box on a phone instead of running past it */
.aq-fac .aq-proj-live .aq-flag, .aq-fac .aq-proj-live .aq-state { white-space: normal; max-width: 100%;
  box-sizing: border-box; }
.aq-fac .aq-proj-count { font-size: 2.4em; font-weight: 700; line-height: 1.1; margin-top: 10px; }
.aq-fac .aq-huge { font-size: 2.6em; font-variant-numeric: tabular-nums; color: #14532d; }
.aq-fac .aq-proj-people { font-size: 1.4em; margin-top: 6px; }
.aq-fac .aq-round { border: 1px solid #d1d5db; border-radius: 10px; padding: 8px 14px; margin: 8px 0; }
.aq-fac .aq-round h3 { margin: 0 0 4px; font-size: 1.1em; }
.aq-fac .aq-numcell { display: block; text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.aq-fac .aq-table th { white-space: normal; word-break: normal; overflow-wrap: normal; hyphens: none; }
.aq-fac .aq-gates .aq-yesbar { min-width: 0; gap: 4px; }
.aq-fac .aq-gates .aq-yesbar svg { width: 56px; }
.aq-fac .aq-gates td, .aq-fac .aq-gates th { padding: 6px 8px; }
.aq-fac .aq-dialog-back { position: fixed; inset: 0; background: rgba(17, 24, 39, 0.55); z-index: 1000;
  display: flex; align-items: center; justify-content: center; }
.aq-fac .aq-dialog { background: #ffffff; border-radius: 12px; padding: 20px 24px; max-width: 640px;
  box-shadow: 0 10px 30px rgba(0, 0, 0, 0.35); }
.aq-fac .aq-key { font-family: ui-monospace, monospace; font-size: 1.3em; background: #fef3c7; padding: 4px 8px;
  word-break: break-all; }
.aq-fac .widget-text input, .aq-fac .widget-password input { min-width: 0; }
/* the boxes to open a session, under their labels, wide enough for their examples ("AB3K9Z", "la clave que se
   mostró al crear la sesión"); the release box wide enough for a nickname */
.aq-frame .aq-fac .aq-code-input.aq-above > input { width: 10em; max-width: 100%; }
.aq-frame .aq-fac .aq-key-input.aq-above > input { width: 26em; max-width: 100%; }
.aq-frame .aq-fac .aq-release-input.aq-above > input { width: 20em; max-width: 100%; }
.aq-fac .aq-release-input > .widget-label { white-space: normal; max-width: 34em; }
/* "Liberar apodo" right beside its box, the question on a line of its own above both: the field's own box (as wide
   as its question) gives its label and input to the row, so the button no longer waits 230 px to the right */
.aq-frame .aq-fac .aq-release-row > .aq-release-input.aq-above.widget-inline-hbox { display: contents; }
.aq-frame .aq-fac .aq-release-row > .aq-release-input > .widget-label { flex: 0 0 100%; max-width: 100%; }
.aq-frame .aq-fac .aq-release-row { align-items: center; column-gap: 8px; }
.aq-fac .aq-round-note p { margin: 4px 0; }
.aq-fac .aq-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; }
.aq-fac .aq-tiehint { margin: 6px 0; }
.aq-fac .aq-sections .widget-toggle-button { background: #ffffff; color: #1e3a5f; }
.aq-fac .aq-sections .widget-toggle-button.mod-active { background: #1e3a5f; color: #ffffff;
  font-weight: 700; box-shadow: inset 0 -4px 0 #f59e0b; }
.aq-fac .widget-checkbox { height: auto; }
.aq-fac .widget-label { white-space: normal; overflow: visible; text-overflow: clip; }
.aq-fac button:disabled, .aq-fac .jupyter-button:disabled { background: #d1d5db !important;
  color: #374151 !important; border-color: #6b7280 !important; cursor: not-allowed; }
/* one column on a phone or tablet only: a 1280 px beamer at 150 % zoom (853 px) keeps the code beside the count */
@media (max-width: 800px) { .aq-fac .aq-proj { grid-template-columns: minmax(0, 1fr) !important; } }
.aq-fac .widget-html.aq-quiet, .aq-app-facilitator > .aq-status { height: auto; min-height: 0; margin: 0; }
.aq-fac .aq-bar { height: 30px; background: #e5e7eb; border: 1px solid #6b7280; border-radius: 15px;
  overflow: hidden; margin: 10px 0 4px; }
.aq-fac .aq-bar-fill { height: 100%; background: #1b7f4c; }
/* a 1920 px beamer: the projected page uses its width (the shared frame stops at 1320 px, a reading width), and the
   ranking's chart sits beside its table instead of growing taller than the wall; tables in larger type */
.aq-frame.aq-app-facilitator { max-width: 1880px; }
@media (min-width: 1500px) {
  .aq-fac [data-testid=ranking] { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    column-gap: 40px; align-items: start; }
  .aq-fac [data-testid=ranking] > * { grid-column: 2; }
  .aq-fac [data-testid=ranking] > svg { grid-column: 1; grid-row: 1 / span 8; }
  .aq-fac .aq-table { font-size: 1.2em; }
  .aq-fac [data-testid=ranking] .aq-flag { white-space: normal; }
}
/* projected on a 1920 px beamer at 100 % the page's 16 px read as 13 px from the back of a room: every text of the
   facilitator page, its buttons and boxes in 20 px (a laptop's 1366 px keeps 16 px) */
@media (min-width: 1700px) {
  .aq-frame.aq-app-facilitator { font-size: 20px; --jp-widgets-font-size: 20px; }
  .aq-frame.aq-app-facilitator .jupyter-button, .aq-frame.aq-app-facilitator .widget-toggle-button,
  .aq-frame.aq-app-facilitator .widget-upload, .aq-frame.aq-app-facilitator .widget-label,
  .aq-frame.aq-app-facilitator .widget-text input, .aq-frame.aq-app-facilitator .widget-dropdown select,
  .aq-frame.aq-app-facilitator .widget-password input, .aq-frame.aq-app-facilitator .widget-checkbox label,
  .aq-frame.aq-app-facilitator input[type=number], .aq-frame.aq-app-facilitator textarea { font-size: 20px; }
  .aq-fac .aq-table { font-size: 1em; }
  /* the ranking's table gets the wider half; a wrapped flag is a rounded box, not a four-line oval */
  .aq-fac [data-testid=ranking] { grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); }
  .aq-fac [data-testid=ranking] .aq-flag { border-radius: 10px; }
}
/* one-word headers ("DMOP-C", "Institución") never split, not even at the hyphen */
.aq-fac .aq-shortlist th { white-space: nowrap; }
/* room for the dropdown's arrow: it covered the end of the chosen value ("MAUEP" read "MAUEF") */
.aq-fac .widget-dropdown > select { padding-right: 28px; }
"""


_SLOT = "\x00"


def _tr(lang: str) -> Callable[..., str]:
    def tr(message: str, /, **params: Any) -> str:
        return t(message, lang=lang, **params)

    return tr


def kind_text(message: str, kind: str, lang: str, **params: Any) -> str:
    """The session kind's own wording when it has one (``<message>_learning``: "recomendación" rather than
    "brecha"), else the gap workshop's."""
    from atlas_qual.i18n import has

    specific = f"{message}_{kind}"
    return t(specific if has(specific) else message, lang=lang, **params)


def round_name(number: int, kind: str, lang: str, *, heading: bool = False) -> str:
    """ "ronda 1 (filtro)": a round as the room calls it; ``heading``: capitalised."""
    text = t("wsapp_round_gate" if kind == "gate" else "wsapp_round_score", lang=lang, number=number)
    return text[:1].upper() + text[1:] if heading else text


def _num(value: float | int | None, lang: str, digits: int = 2) -> str:
    """A number cell as trusted HTML: Babel's format for ``lang``, right-aligned."""
    return f'<span class="aq-numcell">{H.escape(fmt_number(value, lang, digits))}</span>'


def _fixed(value: float | None, lang: str, digits: int = 2) -> str:
    """A number cell with exactly ``digits`` decimals (a column of scores that lines up)."""
    return f'<span class="aq-numcell">{H.escape(fmt_fixed(value, lang, digits))}</span>'


def render_join(code: str, participant_url: str, lang: str) -> str:
    """The join code, the short participant URL and a QR code, big enough for the back of a room."""
    tr = _tr(lang)
    return (
        '<div class="aq-proj-join" data-testid="join">'
        f'<div class="aq-muted">{H.escape(tr("wsapp_ui_join_code"))}</div>'
        f'<div class="aq-code" data-testid="join-code">{H.escape(code)}</div>'
        f"{H.qr_svg(participant_url, scale=8)}"
        f'<div class="aq-muted">{H.escape(tr("wsapp_ui_join_at"))}</div>'
        f'<div class="aq-url"><a href="{H.escape(participant_url)}" target="_blank" rel="noopener" '
        f'data-testid="join-url">{H.escape(participant_url)}</a></div></div>'
    )


def shown_round(state):
    """The round the projector talks about: the open one, else the last one that started, else the first."""
    if state.open_round is not None:
        return state.open_round
    started = [r for r in state.rounds if r.status != "pending"]
    return started[-1] if started else (state.rounds[0] if state.rounds else None)


def _bar(done: int, total: int, label_text: str) -> str:
    """A thick progress bar without a caption (the sentence above it says the same, in large type)."""
    share = min(done / total, 1.0) if total else 0.0
    return (f'<div class="aq-bar" role="progressbar" aria-valuemin="0" aria-valuemax="{total}" '
            f'aria-valuenow="{done}" aria-label="{H.escape(label_text)}">'
            f'<div class="aq-bar-fill" style="width: {share * 100:.1f}%"></div></div>')


def render_projector(state, lang: str, phones: int | None = None) -> str:
    """The live half of the projector view: the round and its state in large type, and "completaron X de N", the
    participants whose ballot is complete (every item and question of the round), not who gave one answer.
    ``phones``: how many phones are connected right now (open event streams), said next to how many joined, so the
    facilitator can wait for phones still sending before closing a round."""
    tr = _tr(lang)
    r = shown_round(state)
    if r is None:
        return '<div class="aq-proj-live" data-testid="projector-live"></div>'
    status = r.status if state.status != "finished" else "closed"
    state_text = tr(f"wsapp_ui_status_{status}")
    revealed = " " + H.badge(tr("wsapp_ui_revealed"), "info") if r.revealed else ""
    finished = f'<div class="aq-proj-people">{H.escape(tr("wsapp_ui_finished"))}</div>' \
        if state.status == "finished" else ""
    count = ""
    if r.status != "pending":
        # the count itself in huge type inside the translated sentence (word order differs between languages)
        big = f'<span class="aq-huge" data-testid="complete">{H.escape(fmt_number(r.complete, lang))}</span>'
        sentence = tr("wsapp_ui_completed_of", complete=_SLOT, total=fmt_number(state.participants, lang))
        count = (f'<div class="aq-proj-count" data-testid="complete-count">'
                 f"{H.escape(sentence).replace(_SLOT, big)}</div>")
        count += _bar(r.complete, state.participants,
                      tr("wsapp_ui_completed_of", complete=r.complete, total=state.participants))
    if phones is None:
        people = tn("participants_connected", "participants_connected_plural", state.participants, lang)
    else:
        people = (tn("wsapp_ui_joined_n", "wsapp_ui_joined_n_plural", state.participants, lang) + " · "
                  + tn("wsapp_ui_phones_now", "wsapp_ui_phones_now_plural", phones, lang))
    people += " · " + tn("wsapp_ui_votes_n", "wsapp_ui_votes_n_plural", r.votes, lang)
    return (
        f'<div class="aq-proj-live" data-testid="projector-live">'
        f'<div class="aq-proj-round" data-testid="round-state">'
        f"{H.escape(round_name(r.number, r.kind, lang, heading=True))} "
        f'<span class="aq-state aq-state-{status}">{H.escape(state_text)}</span>{revealed}</div>'
        f"{count}"
        f'<div class="aq-proj-people" data-testid="participants">{H.escape(people)}</div>{finished}</div>'
    )


def render_live(state, lang: str) -> str:
    """Every round in a line: its state, complete ballots out of the participants, who voted and how many votes."""
    tr = _tr(lang)
    parts = ['<div class="aq-live" data-testid="live">']
    for r in state.rounds:
        tone = {"open": "ok", "closed": "info", "pending": "warn"}[r.status]
        status = H.badge(tr(f"wsapp_ui_status_{r.status}"), tone)
        revealed = " " + H.badge(tr("wsapp_ui_revealed"), "info") if r.revealed else ""
        body = ""
        if r.status != "pending":
            body = (f'<div data-testid="round-{r.number}-counts">'
                    + H.escape(" · ".join((tr("wsapp_ui_completed_of", complete=r.complete, total=state.participants),
                                           tr("wsapp_ui_voted_of", voted=r.voters, total=state.participants),
                                           tn("wsapp_ui_votes_n", "wsapp_ui_votes_n_plural", r.votes, lang))))
                    + "</div>")
        heading = H.escape(round_name(r.number, r.kind, lang, heading=True))
        parts.append(f'<div class="aq-round" data-testid="round-{r.number}"><h3>{heading} {status}{revealed}</h3>'
                     f"{body}</div>")
    parts.append("</div>")
    return "".join(parts)


def render_gate_table(res: dict, lang: str) -> str:
    """Per item: share of yes per gate question, the premise- and conclusion-based outcomes, a flag where they differ
    (the discursive dilemma) and the outcome of the chosen procedure. Compact enough for 1366 px."""
    from atlas_qual.workshop import rule_text

    tr = _tr(lang)
    keys = [g["key"] for g in res["gates"]]
    yes, no = tr("workshop_yes"), tr("workshop_no")
    rows = []
    for g in res["gaps"]:
        bars = [H.stacked_yes_bar(g["yes_share"].get(k), label=k, lang=lang) for k in keys]
        differs = H.badge(tr("wsapp_ui_differs"), "warn") if g["differs"] else ""
        qualifies = H.badge(yes, "ok") if g["qualifies"] else H.badge(no, "danger")
        # exactly half said yes: the strict majority reads it as no, which the room should hear before moving on
        tied = [k for k in keys if g["yes_share"].get(k) is not None and abs(g["yes_share"][k] - 0.5) < 1e-9]
        if tied:
            qualifies += " " + H.badge(tr("wsapp_ui_gate_tie", keys=", ".join(tied)), "warn")
        rows.append([g["id"], g["title"], *bars, yes if g["premise_based"] else no,
                     yes if g["conclusion_based"] else no, differs, qualifies, _num(g["gate_n"], lang)])
    header = ["ID", kind_text("wsapp_ui_item", res.get("kind", "gaps"), lang), *keys, tr("wsapp_ui_premise"),
              tr("wsapp_ui_conclusion"), tr("wsapp_ui_dilemma"), tr("wsapp_ui_qualifies"), "n"]
    raw = list(range(2, 2 + len(keys))) + [2 + len(keys) + 2, 2 + len(keys) + 3, 2 + len(keys) + 4]
    n_differ = sum(1 for g in res["gaps"] if g["differs"])
    caption = tr("wsapp_ui_gate_caption", rule=rule_text(res["rule"], lang),
                 procedure=tr(f"workshop_procedure_{res['procedure']}"),
                 qualifying=sum(1 for g in res["gaps"] if g["qualifies"]), total=len(res["gaps"]))
    note = ""
    if n_differ:
        dilemma = tn("wsapp_ui_dilemma_note", "wsapp_ui_dilemma_note_plural", n_differ, lang)
        note = f'<div class="aq-notice" data-testid="dilemma">{H.escape(dilemma)}</div>'
    table = H.table(rows, header, raw_columns=raw, caption=caption, classes="aq-gates", stack=True)
    return f'<div data-testid="gate-table">{table}{note}</div>'


def _scale(res: dict) -> tuple[float, float]:
    criteria = res.get("criteria") or [{"min": 1, "max": 5}]
    return float(min(c["min"] for c in criteria)), float(max(c["max"] for c in criteria))


def _agreement_word(w: float, lang: str) -> str:
    # Schmidt (1997) reading of Kendall's W for ranking exercises
    for limit, key in ((0.1, "very_weak"), (0.3, "weak"), (0.5, "moderate"), (0.7, "strong")):
        if w < limit:
            return t(f"wsapp_ui_w_{key}", lang=lang)
    return t("wsapp_ui_w_very_strong", lang=lang)


def render_ranking(res: dict, lang: str, *, show_ties: bool = True) -> str:
    """The scoring results: ranked bar chart with the IQR, a table (score, median, IQR, n, rank), Kendall's W, the
    tie-break log and the ties that still need the facilitator's decision."""
    tr = _tr(lang)
    if res.get("scoring_round") is None:
        return f'<p class="aq-muted">{H.escape(tr("wsapp_ui_no_scoring_yet"))}</p>'
    ranked = sorted((g for g in res["gaps"] if g["rank"] is not None), key=lambda g: (g["rank"], g["id"]))
    shortlisted = set(res.get("shortlist") or ())
    title = tr("wsapp_ui_ranking_title", round=res["scoring_round"])
    if not ranked:
        return f'<h3>{H.escape(title)}</h3><p class="aq-muted">{H.escape(tr("wsapp_ui_no_scores_yet"))}</p>'
    chart = H.ranked_bar_chart([(f"{g['rank']}. {g['id']} {g['title']}", g["score"], g["q1"], g["q3"],
                                 g["id"] in shortlisted) for g in ranked], title=title, scale=_scale(res),
                               lang=lang)
    rows = []
    for g in ranked:
        flag = H.badge(tr("workshop_needs_decision"), "warn") if g["needs_decision"] else ""
        # the score with two decimals always, as the chart beside it ("3,50", not "3,5" over "2,95")
        rows.append([_num(g["rank"], lang), g["id"], g["title"], _fixed(g["score"], lang), _num(g["median"], lang),
                     _num(g["iqr"], lang), _num(g["n"], lang), flag])
    table = H.table(rows, [tr("wsapp_rank"), "ID", kind_text("wsapp_ui_item", res.get("kind", "gaps"), lang),
                           tr("wsapp_score"), tr("wsapp_median"), tr("wsapp_iqr"), "n", ""],
                    raw_columns=[0, 3, 4, 5, 6, 7], stack=True)
    w = res.get("kendall_w")
    if w is None:
        w_text = tr("wsapp_ui_w_undefined")
    else:
        w_text = tr("wsapp_ui_w", w=fmt_number(w, lang), word=_agreement_word(w, lang),
                    m=Plural("count_participants_scored_all_gaps", res.get("kendall_m") or 0))
    parts = [f'<div data-testid="ranking">{chart}', table, f'<p data-testid="kendall">{H.escape(w_text)}</p>']
    if res.get("tie_break_text"):
        parts.append(f"<h3>{H.escape(tr('wsapp_ui_tie_breaks'))}</h3><ul>"
                     + "".join(f"<li>{H.escape(text)}</li>" for text in res["tie_break_text"]) + "</ul>")
    if show_ties and res.get("unresolved_ties"):
        groups = "; ".join(" = ".join(g) for g in res["unresolved_ties"])
        parts.append(f'<div class="aq-notice">{H.escape(tr("wsapp_ui_unresolved", groups=groups))}</div>')
    parts.append("</div>")
    return "".join(parts)


def render_change(res: dict, lang: str) -> str:
    """How scores, spread and ranks moved between two scoring rounds (Delphi-style second round)."""
    tr = _tr(lang)
    change = res.get("change")
    if not change:
        return ""
    titles = {g["id"]: g["title"] for g in res["gaps"]}
    rows = []
    for item, c in change["items"].items():
        moved = c["rank_moved"]
        arrow = "" if moved is None else (f"▲ {moved}" if moved > 0 else f"▼ {-moved}" if moved < 0 else "=")
        rows.append([item, titles.get(item, item), _num(c["delta_score"], lang), _num(c["delta_iqr"], lang),
                     _num(c["rank_before"], lang), _num(c["rank_after"], lang), arrow])
    caption = tr("wsapp_ui_change_caption", before=change["from_round"], after=change["to_round"])
    return ('<div data-testid="change">' + H.table(
        rows, ["ID", kind_text("wsapp_ui_item", res.get("kind", "gaps"), lang), "Δ " + tr("wsapp_score"),
               "Δ " + tr("wsapp_iqr"), tr("wsapp_x_rank_before"), tr("wsapp_x_rank_after"), ""],
        caption=caption, raw_columns=[2, 3, 4, 5], stack=True) + "</div>")


def render_shortlist(res: dict, groups: Sequence[dict], dmop_names: dict[str, str], lang: str) -> str:
    tr = _tr(lang)
    titles = {g["id"]: g["title"] for g in res["gaps"]}
    rows = [[e["rank"], e["id"], titles.get(e["id"], e["id"]),
             f"{e['dmop']} {dmop_names.get(e['dmop'], '')}".strip() if e["dmop"] else (e["new_dmop_name"] or "—")]
            for e in res.get("shortlist_entries") or []]
    out = ['<div data-testid="shortlist">']
    if rows:
        # cards on a phone (a fourth column was cut off at the screen's edge), one line of header elsewhere
        out.append(H.table(rows, [tr("wsapp_rank"), "ID", kind_text("wsapp_ui_item", res.get("kind", "gaps"), lang),
                                  "DMOP-C"], caption=tr("wsapp_x_shortlist"), classes="aq-shortlist", stack=True))
    else:
        out.append(f'<p class="aq-muted">{H.escape(tr("wsapp_ui_no_shortlist"))}</p>')
    if groups:
        out.append(H.table([[m["dmop"], m["name"], m["institution"] or "—", label("wsapp_role", m["role"], lang)]
                            for m in groups],
                           ["DMOP-C", tr("wsapp_x_name"), tr("wsapp_x_institution"), tr("wsapp_x_role")],
                           caption=tr("wsapp_x_workgroups"), classes="aq-shortlist", stack=True))
    out.append("</div>")
    return "".join(out)


def render_items(items: Sequence, lang: str, kind: str = "gaps") -> str:
    tr = _tr(lang)
    rows = [[i.ref, i.title_in(lang), i.description_in(lang)] for i in items]
    return H.table(rows, ["ID", kind_text("wsapp_ui_item", kind, lang), tr("wsapp_x_description")],
                   caption=tr("wsapp_ui_items_caption", n=Plural("count_gaps", len(rows))), stack=True)


def participant_base(environ: dict | None = None) -> str | None:
    """The address to print for participants: $ATLAS_QUAL_BASE_URL, unless it names no reachable host (a server
    bound to 0.0.0.0 for the whole room), in which case the address the facilitator's own browser used, which the
    phones on the same network can reach too. None: the store's default.

    Examples:
        >>> participant_base({"ATLAS_QUAL_BASE_URL": "http://0.0.0.0:8866", "SERVER_NAME": "192.168.1.20",
        ...                   "SERVER_PORT": "8866"})
        'http://192.168.1.20:8866'
    """
    import os
    from urllib.parse import urlsplit

    env = os.environ if environ is None else environ
    configured = env.get("ATLAS_QUAL_BASE_URL") or ""
    host = urlsplit(configured).hostname or ""
    if configured and host not in ("0.0.0.0", "::"):
        return configured
    server, port = env.get("SERVER_NAME"), env.get("SERVER_PORT")
    if server and server not in ("0.0.0.0", "::"):
        return f"http://{server}:{port}" if port else f"http://{server}"
    return configured or None


__all__ = ["EXTRA_CSS", "kind_text", "round_name", "render_join", "shown_round", "render_projector", "render_live",
           "render_gate_table", "render_ranking", "render_change", "render_shortlist", "render_items",
           "participant_base"]
