"""The participant page's screens as plain data for the templates: which item, its questions with the answer given,
progress, the round banner and the revealed results. Display only: what a vote means is decided by the store."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from atlas_qual import workshop as core
from atlas_qual.cycle import ENDORSEMENT_REF
from atlas_qual.i18n import fmt_fixed, fmt_int, has, t


@dataclass(frozen=True)
class Option:
    value: str
    text: str
    pressed: bool


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    full: str  # the question as the facilitator wrote it (shown under "see the full criteria")
    options: tuple[Option, ...]
    scale: bool  # 1..5 rather than yes/no
    answered: bool

    @property
    def code(self) -> str:
        """The gate's code the room screens with (C1, C2, C3), shown as a badge; none for a key that is a word
        (``endorse``, ``impact``): an English internal name, not something to show a participant."""
        return self.key if re.fullmatch(r"C\d{1,2}", self.key) else ""

    @property
    def short(self) -> str:
        """How the confirmation names the question: its key (C1) when the wording is a long sentence."""
        return self.key if len(self.label) > 40 else self.label


@dataclass
class Screen:
    """One screen of the ballot: the round banner, one item with its questions, and where to go next."""

    state: str  # waiting | voting | finished
    banner: str
    hint: str = ""
    kind: str = "gate"
    index: int = 0
    count: int = 0
    item: Any = None
    item_label: str = ""
    item_title: str = ""
    item_description: str = ""
    questions: list[Question] = field(default_factory=list)
    done: int = 0
    progress: str = ""
    progress_template: str = ""  # the same with {done} and {total} left for the page's script
    all_done: bool = False
    prev_index: int | None = None
    next_index: int | None = None
    actions: list[dict] | None = None  # C2: USDOL actions, each {"id", "text", "area", "chosen", "suggested"}
    actions_open: bool = False
    responsible: str | None = None  # learning workshop: who should be responsible (None: not asked here)
    responsible_open: bool = False
    results: dict | None = None
    # waiting for the facilitator's next step, and saying the page updates by itself: without scripts it reloads
    # itself now and then (ballot.html) so that stays true
    refresh: bool = False


def _tr(lang: str):
    return lambda key, **params: t(key, lang=lang, **params)


def _kind_text(key: str, kind: str, lang: str, **params: Any) -> str:
    specific = f"{key}_{kind}"
    return t(specific if has(specific) else key, lang=lang, **params)


def _default_labels(kind: str) -> dict[str, str]:
    try:
        config = core.default_config(kind)
    except Exception:  # noqa: BLE001 - a kind without defaults: every label is the facilitator's
        return {}
    return {q.key: q.label_es for q in (*config.gates, *config.criteria)}


def question_label(key: str, stored_es: str, stored: str, kind: str, lang: str) -> str:
    """The short phone wording of a default question (in every language, Guaraní included); a question the
    facilitator wrote or changed is shown as written."""
    short = f"part_q_{key.lower()}"
    if has(short) and _default_labels(kind).get(key) == stored_es:
        return t(short, lang=lang)
    return stored


def questions(view, item_ref: str, lang: str) -> list[Question]:
    config, kind = view.config, view.round.kind
    tr = _tr(lang)
    out = []
    if kind == "gate":
        for g in config.gates:
            got = view.votes.get((item_ref, g.key))
            value = None if got is None else ("yes" if got[0] >= 0.5 else "no")
            opts = (Option("yes", tr("part_yes"), value == "yes"), Option("no", tr("part_no"), value == "no"))
            out.append(Question(g.key, question_label(g.key, g.label_es, g.label(lang), view.kind, lang),
                                g.label(lang), opts, False, got is not None))
    else:
        for c in config.criteria:
            got = view.votes.get((item_ref, c.key))
            opts = tuple(Option(str(v), fmt_int(v, lang), got is not None and round(got[0]) == v)
                         for v in range(int(c.min), int(c.max) + 1))
            out.append(Question(c.key, question_label(c.key, c.label_es, c.label(lang), view.kind, lang),
                                c.label(lang), opts, True, got is not None))
    return out


def _item_done(view, ref: str, keys: list[str]) -> bool:
    return all((ref, k) in view.votes for k in keys)


def _same(text: str) -> str:
    return text


def screen(view, index: int, lang: str, *, usdol: list[dict] | None = None, redact=_same) -> Screen:
    """The screen for item ``index`` (clamped) of the open round, or the waiting / finished screen. ``redact`` is
    applied to every text the facilitator typed (item titles and descriptions), as in every other output."""
    tr = _tr(lang)
    results = revealed(view.revealed, lang, redact=redact) if view.revealed else None
    if view.status == "finished":
        return Screen(state="finished", banner=tr("part_finished"), results=results)
    if view.round is None or not view.items:
        if results and results["gates"] and not any(g["qualifies"] for g in results["gates"]):
            # nothing passed: no scoring round can open, so do not ask the room to wait for one
            return Screen(state="waiting", banner=_kind_text("part_none_qualified", view.kind, lang),
                          hint=tr("part_none_qualified_hint"), results=results)
        if results and results["ranking"]:
            # the scores are revealed: the usual last round, so no "wait for the next round" the room never gets
            return Screen(state="waiting", banner=tr("part_ranking_shown"), hint=tr("part_none_qualified_hint"),
                          results=results)
        banner = tr("part_results_shown") if results else tr("part_waiting")
        return Screen(state="waiting", banner=banner, hint=tr("part_waiting_hint"), results=results, refresh=True)
    kind = view.round.kind
    keys = list(view.config.gate_keys if kind == "gate" else view.config.criterion_keys)
    count = len(view.items)
    index = max(0, min(index, count - 1))
    item = view.items[index]
    done = sum(1 for i in view.items if _item_done(view, i.ref, keys))
    name = tr("part_round_gate" if kind == "gate" else "part_round_score", number=view.round.number)
    progress = _kind_text("part_progress", view.kind, lang, done=fmt_int(done, lang), total=fmt_int(count, lang))
    sc = Screen(state="voting", banner=name, kind=kind, index=index, count=count, item=item,
                progress_template=_kind_text("part_progress", view.kind, lang, done="{done}", total="{total}"),
                hint=_kind_text("part_gate_hint" if kind == "gate" else "part_score_hint", view.kind, lang),
                item_label=_kind_text("part_item_of", view.kind, lang, n=fmt_int(index + 1, lang),
                                      total=fmt_int(count, lang)),
                item_title=redact(item.title_in(lang)), item_description=redact(item.description_in(lang)),
                questions=questions(view, item.ref, lang), done=done, progress=progress, all_done=done == count,
                prev_index=index - 1 if index > 0 else None, next_index=index + 1 if index + 1 < count else None,
                results=results)
    if kind == "gate" and view.kind == "gaps" and "C2" in view.config.gate_keys and usdol is not None:
        got = view.votes.get((item.ref, "C2"))
        chosen = set(got[1]) if got else set()
        suggested = set(item.usdol_actions)
        sc.actions = [dict(a, text=action_text(a, lang), chosen=a["id"] in chosen, suggested=a["id"] in suggested)
                      for a in sorted(usdol, key=lambda a: (a["id"] not in suggested, a["area"], a["id"]))]
        sc.actions_open = bool(got and got[0] >= 0.5)
    if kind == "gate" and view.kind == "learning" and "endorse" in view.config.gate_keys \
            and item.ref != ENDORSEMENT_REF:
        got = view.votes.get((item.ref, "endorse"))
        sc.responsible = got[1][0] if got and got[1] else ""
        sc.responsible_open = bool(got and got[0] >= 0.5)
    return sc


def action_text(action: dict, lang: str) -> str:
    """A USDOL suggested action in the page's language: the project stores USDOL's English wording, which a Spanish
    or Guaraní page showed as it was; the catalogs hold the 2018 actions (Guaraní reads the Spanish)."""
    key = "usdol_action_" + re.sub(r"[^a-z0-9]+", "_", str(action["id"]).lower())
    return t(key, lang=lang) if has(key) else action["text"]


def revealed(res: dict, lang: str, *, redact=_same) -> dict:
    """The revealed results, phone-sized: the ranking (score bars on the criteria scale) or which items passed."""
    tr = _tr(lang)
    # "empty" always present: the template asks for it after the ranking, and a revealed gate round has none
    out: dict[str, Any] = {"title": tr("part_results"), "ranking": [], "gates": [], "empty": ""}
    if res.get("scoring_round") is not None:
        criteria = res.get("criteria") or [{"min": 1, "max": 5}]
        low, high = float(min(c["min"] for c in criteria)), float(max(c["max"] for c in criteria))
        ranked = sorted((g for g in res["gaps"] if g.get("rank") is not None), key=lambda g: (g["rank"], g["id"]))
        most = max((g.get("n") or 0 for g in ranked), default=0)
        for g in ranked:
            share = 0.0 if high <= low else max(0.0, min(1.0, (float(g["score"]) - low) / (high - low)))
            out["ranking"].append({"rank": fmt_int(g["rank"], lang), "id": g["id"], "title": redact(g["title"]),
                                   "score": fmt_fixed(g["score"], lang, 2), "width": int(round(share * 20)) * 5,
                                   "n": fmt_int(g.get("n") or 0, lang), "notes": _rank_notes(res, g, most, lang)})
        out["heading"] = tr("part_ranking", round=fmt_int(res["scoring_round"], lang))
        if not ranked:  # revealed with no score at all: say so rather than show a heading over nothing
            out["empty"] = tr("part_ranking_empty")
    else:
        for g in res["gaps"]:
            # a gap nobody answered did not fail the room's judgement: it was never judged
            outcome = "pass" if g["qualifies"] else ("fail" if g.get("gate_n", 1) else "none")
            verdict = {"pass": "part_qualifies", "fail": "part_not_qualifies", "none": "part_no_votes"}[outcome]
            out["gates"].append({"id": g["id"], "title": redact(g["title"]), "qualifies": bool(g["qualifies"]),
                                 "outcome": outcome, "verdict": tr(verdict)})
        out["heading"] = _kind_text("part_gate_results", res.get("kind", "gaps"), lang)
    return out


def _rank_notes(res: dict, g: dict, most: int, lang: str) -> list[str]:
    """Why a rank is where it is when the score alone does not say: the same weighted score as other items and the
    rule of the ranking's tie-break chain that separated them (``workshop.ranking``: higher median, lower IQR, more
    top scores, then the facilitator), a tie nothing broke (a shared rank), or fewer votes than other items."""
    tr = _tr(lang)
    notes = []
    steps = [tb for tb in res.get("tie_breaks") or () if g["id"] in tb["items"]]
    still = next((u for u in res.get("unresolved_ties") or () if g["id"] in u), None)
    if steps:  # the first step holds every item of the same score; later ones split what was still tied
        others = ", ".join(i for i in steps[0]["items"] if i != g["id"])
        rules = ", ".join(dict.fromkeys(tr(f"part_rule_{tb['rule']}") for tb in steps))
        notes.append(tr("part_rank_tie_broken", others=others, rules=rules))
    if still:
        notes.append(tr("part_rank_tie_shared", others=", ".join(i for i in still if i != g["id"])))
    n = g.get("n") or 0
    if n < most:
        notes.append(tr("part_rank_fewer_votes", n=fmt_int(n, lang)))
    return notes


__all__ = ["Screen", "Question", "Option", "screen", "questions", "revealed", "question_label", "action_text"]
