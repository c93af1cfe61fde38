"""The gate round: yes/no answers per item and question, premise- and conclusion-based outcomes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from atlas_qual.errors import AtlasQualError
from atlas_qual.workshop.config import PROCEDURES, SessionConfig


@dataclass(frozen=True)
class GateVote:
    """One participant's yes/no answer to one gate question for one item."""

    participant: str
    item: str
    key: str
    value: bool


@dataclass(frozen=True)
class GateOutcome:
    """The gate result of one item under both aggregation procedures.

    - ``yes``/``answered``/``yes_share`` per gate key (share is None when nobody answered that key);
    - ``majority`` per key: strictly more than half of those who answered said yes (a tie is no);
    - ``premise_based``: the rule applied to the per-key majorities;
    - ``conclusion_based``: strictly more than half of the ``n_complete`` participants who answered every key the
      rule uses reach "qualifies" with their own answers (``conclusion_yes`` of them did);
    - ``differs``: the two procedures disagree (the discursive dilemma);
    - ``qualifies``: the outcome of the chosen ``procedure``; ``n``: participants who answered any gate key.
    An item nobody voted on qualifies under neither procedure.
    """

    item: str
    n: int
    yes: dict[str, int]
    answered: dict[str, int]
    yes_share: dict[str, float | None]
    majority: dict[str, bool]
    premise_based: bool
    conclusion_based: bool
    n_complete: int
    conclusion_yes: int
    procedure: str

    @property
    def differs(self) -> bool:
        return self.premise_based != self.conclusion_based

    @property
    def qualifies(self) -> bool:
        return self.premise_based if self.procedure == "premise" else self.conclusion_based


def _check_procedure(procedure: str) -> None:
    if procedure not in PROCEDURES:
        raise AtlasQualError("workshop_unknown_procedure", procedure=procedure)


def _latest(votes: Iterable, items: set[str], keys: set[str]) -> dict[tuple[str, str, str], object]:
    """One value per (item, participant, key): a later vote replaces an earlier one, as re-voting does.

    Votes on items or keys outside the session (a gap removed after voting) are out of scope and left out.
    """
    latest: dict[tuple[str, str, str], object] = {}
    for vote in votes:
        if vote.item in items and vote.key in keys:
            latest[(vote.item, vote.participant, vote.key)] = vote.value
    return latest


def gate_results(
    votes: Iterable[GateVote],
    items: Sequence[str],
    config: SessionConfig,
    procedure: str = "premise",
) -> dict[str, GateOutcome]:
    """Aggregate gate votes per item, premise-based and conclusion-based; ``qualifies`` follows ``procedure``.

    Examples:
        The discursive dilemma: each criterion has a majority, yet no participant's own answers qualify the gap.

        >>> from atlas_qual.workshop import gap_prioritization_config
        >>> config = gap_prioritization_config()
        >>> answers = {"a": (True, False, False), "b": (True, False, True), "c": (False, False, True)}
        >>> votes = [GateVote(p, "G01", k, v) for p, vals in answers.items() for k, v in zip(("C1", "C2", "C3"), vals)]
        >>> out = gate_results(votes, ["G01"], config)["G01"]
        >>> out.premise_based, out.conclusion_based, out.differs, out.yes["C1"], out.conclusion_yes
        (True, False, True, 2, 1)
    """
    _check_procedure(procedure)
    rule = config.parsed_rule
    rule_keys = config.rule_keys
    gate_keys = config.gate_keys
    latest = _latest(votes, set(items), set(gate_keys))
    per_item: dict[str, dict[str, dict[str, bool]]] = {item: {} for item in items}
    for (item, participant, key), value in latest.items():
        per_item[item].setdefault(participant, {})[key] = bool(value)

    results: dict[str, GateOutcome] = {}
    for item in items:
        ballots = per_item[item]
        yes = {k: sum(1 for b in ballots.values() if b.get(k) is True) for k in gate_keys}
        answered = {k: sum(1 for b in ballots.values() if k in b) for k in gate_keys}
        share = {k: (yes[k] / answered[k] if answered[k] else None) for k in gate_keys}
        # Strict majority: 2 * yes > answered, so a tie (or nobody answering) is "no".
        majority = {k: 2 * yes[k] > answered[k] for k in gate_keys}
        complete = [b for b in ballots.values() if all(k in b for k in rule_keys)]
        conclusion_yes = sum(1 for b in complete if rule.evaluate(b))
        n = len(ballots)
        results[item] = GateOutcome(
            item=item,
            n=n,
            yes=yes,
            answered=answered,
            yes_share=share,
            majority=majority,
            premise_based=bool(n) and rule.evaluate(majority),
            conclusion_based=2 * conclusion_yes > len(complete),
            n_complete=len(complete),
            conclusion_yes=conclusion_yes,
            procedure=procedure,
        )
    return results
