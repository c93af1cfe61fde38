"""Workshop results in the store: gate outcomes, scores, ranking, tie-break decisions, suggested shortlist."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from atlas_qual import workshop as core
from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.models import (
    Participant,
    Round,
    SessionItem,
    ShortlistEntry,
    TieBreakLog,
    Vote,
    WorkshopSession,
)
from atlas_qual.store.workshop.common import (
    _clean_text,
    _config,
    _facilitator_write,
    _gate_votes,
    _item_rows,
    _items,
    _lookup_session,
    _rounds,
    _score_votes,
)


def _decisions(s: Session, ws: WorkshopSession, round_numbers: Iterable[int]) -> list[core.TieBreakDecision]:
    rows = s.scalars(select(TieBreakLog).where(TieBreakLog.session_id == ws.id, TieBreakLog.rule == "facilitator",
                                               TieBreakLog.round_number.in_(list(round_numbers)))
                     .order_by(TieBreakLog.round_number, TieBreakLog.id))
    return [core.TieBreakDecision(items=tuple(r.items), order=tuple(r.order), by=r.by or "facilitator") for r in rows]


def _scoring_round(rounds: Sequence[Round], round_number: int | None) -> Round | None:
    scoring = [r for r in rounds if r.kind == "score"]
    if round_number is not None:
        found = next((r for r in rounds if r.number == round_number), None)
        if found is None or found.kind != "score":
            raise AtlasQualError("wsapp_no_such_round", round=round_number,
                                 last=max((r.number for r in rounds), default=0))
        return found
    started = [r for r in scoring if r.status != "pending"]
    return started[-1] if started else None


def _results(s: Session, ws: WorkshopSession, *, lang: str = "es", round_number: int | None = None,
             scores: bool = True) -> dict:
    config = _config(s, ws)
    rounds = _rounds(s, ws)
    item_rows = _item_rows(s, ws)
    infos = _items(s, ws)
    by_id = {i.id: i.ref for i in item_rows}
    gate_round = next(r for r in rounds if r.kind == "gate")
    chosen = _scoring_round(rounds, round_number) if scores else None
    gate_votes = _gate_votes(s, gate_round.id, by_id)
    score_votes = _score_votes(s, chosen.id, by_id) if chosen is not None else []
    decisions = _decisions(s, ws, [chosen.number]) if chosen is not None else []
    shortlist_rows = list(s.execute(select(ShortlistEntry, SessionItem.ref)
                                    .join(SessionItem, SessionItem.id == ShortlistEntry.item_id)
                                    .where(ShortlistEntry.session_id == ws.id).order_by(ShortlistEntry.rank)).all())
    voters = s.scalar(select(func.count(func.distinct(Vote.participant_id)))
                      .where(Vote.round_id.in_([r.id for r in rounds]))) or 0
    out = core.session_results(ws.code, [(i.ref, i.title_in(lang)) for i in infos], gate_votes, score_votes, config,
                               ws.procedure, decisions, [ref for _e, ref in shortlist_rows], participants=voters)
    out["title"] = ws.title
    out["status"] = ws.status
    # everyone who joined (the projector's "se unieron", `round status`, the export), beside "participants": who voted
    out["joined"] = s.scalar(select(func.count()).select_from(Participant)
                             .where(Participant.session_id == ws.id)) or 0
    out["lang"] = lang
    out["scoring_round"] = chosen.number if chosen is not None else None
    out["rounds"] = [{"number": r.number, "kind": r.kind, "status": r.status, "revealed": bool(r.revealed)}
                     for r in rounds]
    out["criteria"] = config.criteria_json(lang)
    out["gates"] = [{"key": g.key, "label": g.label(lang)} for g in config.gates]
    out["shortlist_entries"] = [{"id": ref, "rank": e.rank, "dmop": e.dmop_id, "new_dmop_name": e.new_dmop_name,
                                 "note": e.note} for e, ref in shortlist_rows]
    out["tie_break_text"] = [_describe(tb, lang) for tb in out["tie_breaks"]]
    out["change"] = None
    if chosen is not None:
        previous = [r for r in rounds if r.kind == "score" and r.number < chosen.number and r.status != "pending"]
        if previous:
            before = previous[-1]
            qualifying = [g["id"] for g in out["gaps"] if g["qualifies"]]
            first = core.score_results(_score_votes(s, before.id, by_id), qualifying, config)
            second = core.score_results(score_votes, qualifying, config)
            changes = core.round_change(first, second, _decisions(s, ws, [before.number, chosen.number]))
            out["change"] = {
                "from_round": before.number, "to_round": chosen.number,
                "items": {item: {"delta_score": _round6(c.delta_score), "delta_iqr": _round6(c.delta_iqr),
                                 "rank_before": c.rank_before, "rank_after": c.rank_after, "rank_moved": c.rank_moved}
                          for item, c in changes.items()},
            }
    return out


def _round6(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _describe(tb: Mapping[str, Any], lang: str) -> str:
    values = tuple(tb.get("values") or ())
    tie = core.TieBreak(items=tuple(tb["items"]), rule=tb["rule"], order=tuple(tuple(g) for g in tb["order"]),
                        values=values if tb["rule"] != "facilitator" else tuple(None for _ in tb["order"]),
                        by=tb.get("by"))
    return tie.describe(lang)


def results(project: Project, code: str, *, round_number: int | None = None, lang: str | None = None) -> dict:
    """The session's results: DESIGN.md's ``workshop results --json`` object (from ``workshop.session_results``).

    Gates from round 1 under the session's procedure; scores from ``round_number`` (default: the latest scoring
    round that has started). Beyond the contract: ``title``, ``status``, ``joined`` (everyone who joined, voting
    or not; ``participants`` counts those who voted), ``scoring_round``, ``rounds``,
    ``criteria``, ``gates``, ``shortlist_entries`` (with the DMOP per shortlisted item), ``tie_break_text`` (one
    sentence per tie-break, in ``lang``) and ``change`` (score, IQR and rank change per item against the previous
    scoring round, or None).

    Examples:
        >>> # out = results(project, "AB3K9Z"); [g["id"] for g in sorted(out["gaps"], key=...)]
    """
    from atlas_qual.i18n import get_lang

    with project.session() as s:
        ws = _lookup_session(s, code)
        return _results(s, ws, lang=lang or get_lang(), round_number=round_number)


def decide_tie(project: Project, code: str, key: str | None, order: Sequence[str], *,
               round_number: int | None = None, by: str = "facilitator") -> dict:
    """Log the facilitator's order for items still tied after every rule (the last step of the tie-break chain).

    ``order`` lists exactly the items of one unresolved tie, best first, or of a tie decided before (the new order
    replaces the old one). Returns the new results."""
    wanted = [str(o).strip() for o in order if str(o).strip()]

    def _do(s: Session, ws: WorkshopSession) -> dict:
        current = _results(s, ws, round_number=round_number)
        chosen = current["scoring_round"]
        if chosen is None:
            raise AtlasQualError("wsapp_not_tied", items=", ".join(wanted))
        folded = {w.casefold() for w in wanted}
        group = next((g for g in current["unresolved_ties"] if {x.casefold() for x in g} == folded), None)
        if group is None:  # a tie the facilitator already ordered, ordered again (a slip of the keyboard): the later
            # decision wins (``workshop.ranking``), the earlier one stays in the log
            group = next((tb["items"] for tb in current.get("tie_breaks") or ()
                          if tb["rule"] == "facilitator" and {x.casefold() for x in tb["items"]} == folded), None)
        if group is None or len(folded) != len(wanted):
            raise AtlasQualError("wsapp_not_tied", items=", ".join(wanted))
        canonical = {x.casefold(): x for x in group}
        ordered = [canonical[w.casefold()] for w in wanted]
        s.add(TieBreakLog(session_id=ws.id, round_number=chosen, items=sorted(ordered), rule="facilitator",
                          order=ordered, by=_clean_text(by, 120) or "facilitator"))
        s.flush()
        return _results(s, ws, round_number=chosen)

    return _facilitator_write(project, code, key, _do)


def suggest_shortlist(project: Project, code: str, n: int = 5) -> list[str]:
    """The ``n`` best-ranked items of the latest scoring round (ties at the cut included in rank order)."""
    ranked = [g for g in results(project, code)["gaps"] if g["rank"] is not None]
    ranked.sort(key=lambda g: g["rank"])
    return [g["id"] for g in ranked[:max(int(n), 0)]]
