"""The results document of a session (CLI --json, report, facilitator page) from gates, scores, ranking."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from atlas_qual.workshop.config import SessionConfig
from atlas_qual.workshop.gates import GateVote, _check_procedure, gate_results
from atlas_qual.workshop.ranking import TieBreakDecision, rank_items
from atlas_qual.workshop.scores import ScoreVote, score_concordance, score_results


def _num(value: float | None) -> float | None:
    """A JSON number: finite and rounded for reading, or None (never NaN)."""
    if value is None:
        return None
    value = float(value)
    return round(value, 6) if math.isfinite(value) else None


def session_results(
    session: str,
    items: Sequence[tuple[str, str]],
    gate_votes: Iterable[GateVote],
    score_votes: Iterable[ScoreVote],
    config: SessionConfig,
    procedure: str = "premise",
    decisions: Sequence[TieBreakDecision] = (),
    shortlist: Sequence[str] = (),
    *,
    participants: int | None = None,
) -> dict:
    """The session's results as one JSON-ready dict (DESIGN.md's ``workshop results --json``).

    ``items`` are ``(id, title)`` pairs in display order. Scores count only for items that qualify under
    ``procedure``; the others have ``score``, ``median``, ``iqr``, ``rank`` None and ``n`` 0. ``participants``
    defaults to the number of distinct participants with a vote on any item. Extra keys beyond the contract:
    ``kind``, ``rule``, ``kendall_m`` (participants W was computed on: those who scored every ranked item),
    ``unresolved_ties``, and per item ``gate_n``, ``yes_share``, ``differs``, ``q1``, ``q3``, ``top_scores``,
    ``needs_decision``. The item list is under ``"gaps"`` for every kind (the learning workshop's
    recommendations too), so one reader serves both. No NaN anywhere.

    Examples:
        >>> from atlas_qual.workshop import learning_workshop_config
        >>> config = learning_workshop_config()
        >>> votes = [GateVote("a", "R1", "endorse", True), GateVote("b", "R1", "endorse", True)]
        >>> scores = [ScoreVote("a", "R1", "priority", 5), ScoreVote("b", "R1", "priority", 4)]
        >>> out = session_results("ABC234", [("R1", "Train CODENIs")], votes, scores, config)
        >>> out["gaps"][0]["qualifies"], out["gaps"][0]["score"], out["gaps"][0]["rank"], out["kendall_w"]
        (True, 4.5, 1, None)
    """
    _check_procedure(procedure)
    gate_votes = list(gate_votes)
    score_votes = list(score_votes)
    ids = [item_id for item_id, _ in items]
    if len(set(ids)) != len(ids):
        raise ValueError(f"item ids must be unique: {ids}")
    unknown = [s for s in shortlist if s not in ids]
    if unknown:
        raise ValueError(f"shortlisted ids {unknown} are not items of the session")
    gates = gate_results(gate_votes, ids, config, procedure)
    qualifying = [item_id for item_id in ids if gates[item_id].qualifies]
    scores = score_results(score_votes, qualifying, config)
    ranking = rank_items(scores, decisions)
    conc = score_concordance(scores)
    rows = {row.item: row for row in ranking.rows}
    if participants is None:
        id_set = set(ids)
        participants = len({v.participant for v in gate_votes + score_votes if v.item in id_set})

    entries = []
    for item_id, title in items:
        gate = gates[item_id]
        score = scores.get(item_id)
        row = rows.get(item_id)
        entries.append(
            {
                "id": item_id,
                "title": title,
                "qualifies": gate.qualifies,
                "premise_based": gate.premise_based,
                "conclusion_based": gate.conclusion_based,
                "differs": gate.differs,
                "gate_n": gate.n,
                "yes_share": {k: _num(v) for k, v in gate.yes_share.items()},
                "score": _num(score.score) if score else None,
                "median": _num(score.median) if score else None,
                "q1": _num(score.q1) if score else None,
                "q3": _num(score.q3) if score else None,
                "iqr": _num(score.iqr) if score else None,
                "n": score.n if score else 0,
                "top_scores": score.top_scores if score else 0,
                "rank": row.rank if row else None,
                "needs_decision": row.needs_decision if row else False,
            }
        )
    return {
        "session": session,
        "kind": config.kind,
        "rule": str(config.parsed_rule),
        "participants": participants,
        "procedure": procedure,
        "kendall_w": _num(conc.w),
        "kendall_m": conc.m,
        "gaps": entries,
        "tie_breaks": [tb.to_dict() for tb in ranking.tie_breaks],
        "unresolved_ties": [list(group) for group in ranking.unresolved],
        "shortlist": list(shortlist),
    }
