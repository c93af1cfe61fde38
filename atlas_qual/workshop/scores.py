"""The scoring round: weighted scores, quartiles, and consensus (Kendall's W) over the ranking."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from atlas_qual.workshop.config import SessionConfig, _same
from atlas_qual.workshop.gates import _latest


def quantile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile with linear interpolation between order statistics (numpy's default "linear" method).

    Position ``h = (n - 1) q`` in the sorted values; the result interpolates between the values at floor(h) and
    ceil(h) (Hyndman & Fan type 7).

    Examples:
        >>> quantile([1, 2, 3, 4], 0.25), quantile([1, 2, 3, 4], 0.5), quantile([5], 0.75)
        (1.75, 2.5, 5.0)
    """
    if not values:
        raise ValueError("quantile of no values")
    if not 0 <= q <= 1:
        raise ValueError(f"q must be within [0, 1], got {q}")
    ordered = sorted(float(v) for v in values)
    h = (len(ordered) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])


@dataclass(frozen=True)
class ScoreVote:
    """One participant's score for one item on one criterion."""

    participant: str
    item: str
    key: str
    value: float


@dataclass(frozen=True)
class ItemScore:
    """The scoring result of one item.

    - ``participant_scores``: each participant's weighted score: the weighted mean of the criteria they scored, with
      the weights renormalised over those criteria (skipping one criterion does not pull the score down);
    - ``score``: the mean of ``participant_scores``; ``median``, ``q1``, ``q3``, ``iqr`` of them (linear quantiles);
    - ``n``: participants who scored at least one criterion; ``top_scores``: individual criterion votes at their
      criterion's scale maximum (e.g. the number of 5s);
    - ``per_criterion``: mean vote per criterion (None if nobody scored it), ``per_criterion_n`` its vote count.
    Every statistic is None when ``n`` is 0.
    """

    item: str
    score: float | None
    median: float | None
    q1: float | None
    q3: float | None
    n: int
    top_scores: int
    per_criterion: dict[str, float | None]
    per_criterion_n: dict[str, int]
    participant_scores: dict[str, float]

    @property
    def iqr(self) -> float | None:
        return None if self.q1 is None or self.q3 is None else self.q3 - self.q1


def score_results(
    votes: Iterable[ScoreVote],
    items: Sequence[str],
    config: SessionConfig,
) -> dict[str, ItemScore]:
    """Weighted scores per item; see ``ItemScore`` for each statistic.

    A value outside its criterion's scale is a ``ValueError`` here: votes are checked when they are cast
    (``ScoringCriterion.check``).

    Examples:
        Participant b skipped urgency, so b's score is (0.4*5 + 0.3*4) / 0.7:

        >>> from atlas_qual.workshop import gap_prioritization_config
        >>> config = gap_prioritization_config()
        >>> votes = [ScoreVote("a", "G01", "impact", 4), ScoreVote("a", "G01", "feasibility", 4),
        ...          ScoreVote("a", "G01", "urgency", 4), ScoreVote("b", "G01", "impact", 5),
        ...          ScoreVote("b", "G01", "feasibility", 4)]
        >>> s = score_results(votes, ["G01"], config)["G01"]
        >>> round(s.participant_scores["b"], 4), round(s.score, 4), s.n, s.top_scores
        (4.5714, 4.2857, 2, 1)
    """
    criteria = {c.key: c for c in config.criteria}
    latest = _latest(votes, set(items), set(criteria))
    per_item: dict[str, dict[str, dict[str, float]]] = {item: {} for item in items}
    for (item, participant, key), value in latest.items():
        criterion = criteria[key]
        number = float(value)
        if not math.isfinite(number) or not criterion.min <= number <= criterion.max:
            raise ValueError(
                f"score {value!r} of {participant!r} on {item!r}/{key!r} is outside {criterion.min}-{criterion.max}"
            )
        per_item[item].setdefault(participant, {})[key] = number

    results: dict[str, ItemScore] = {}
    for item in items:
        ballots = per_item[item]
        weighted = {
            p: sum(criteria[k].weight * v for k, v in b.items()) / sum(criteria[k].weight for k in b)
            for p, b in ballots.items()
        }
        per_criterion_n = {k: sum(1 for b in ballots.values() if k in b) for k in criteria}
        per_criterion = {
            k: (sum(b[k] for b in ballots.values() if k in b) / per_criterion_n[k] if per_criterion_n[k] else None)
            for k in criteria
        }
        top = sum(1 for b in ballots.values() for k, v in b.items() if v == criteria[k].max)
        values = list(weighted.values())
        results[item] = ItemScore(
            item=item,
            score=sum(values) / len(values) if values else None,
            median=quantile(values, 0.5) if values else None,
            q1=quantile(values, 0.25) if values else None,
            q3=quantile(values, 0.75) if values else None,
            n=len(values),
            top_scores=top,
            per_criterion=per_criterion,
            per_criterion_n=per_criterion_n,
            participant_scores=weighted,
        )
    return results


@dataclass(frozen=True)
class Concordance:
    """Kendall's W with the participants it was computed on.

    ``w`` is None when it is undefined: fewer than 2 complete participants or 2 items, or every participant gave
    all items the same score. ``m``: participants used (those with a score for every item); ``n``: items;
    ``dropped``: participants left out because they missed an item.
    """

    w: float | None
    m: int
    n: int
    dropped: int


def _average_ranks(values: Sequence[float]) -> tuple[list[float], float]:
    """Ranks 1..n with ties given their average rank, and the tie term sum(t^3 - t) over groups of ties."""
    n = len(values)
    order = sorted(range(n), key=lambda i: values[i])
    ranks = [0.0] * n
    ties = 0.0
    i = 0
    while i < n:
        j = i
        while j + 1 < n and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        t = j - i + 1
        ties += t**3 - t
        i = j + 1
    return ranks, ties


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def concordance(matrix: Sequence[Sequence[float | None]]) -> Concordance:
    """Kendall's W for a participants x items matrix of scores (or ranks), with the correction for ties.

    Each participant's row is ranked with average ranks for ties (the direction does not matter for W). With ``m``
    participants, ``n`` items, rank sums ``R_i`` and ``T_j = sum(t^3 - t)`` over the tie groups of row j:
    ``W = 12 S / (m^2 (n^3 - n) - m sum_j T_j)`` where ``S = sum_i (R_i - m (n + 1) / 2)^2``.
    Rows with a missing value (None or NaN) are left out; ``m`` counts the rows used.

    Examples:
        >>> concordance([[1, 2, 3], [1, 2, 3], [1, 2, 3]]).w
        1.0
        >>> concordance([[1, 2, 3], [3, 2, 1]]).w
        0.0
    """
    rows = [list(r) for r in matrix]
    n = len(rows[0]) if rows else 0
    if any(len(r) != n for r in rows):
        raise ValueError("every participant's row needs one entry per item")
    complete = [[_same(float(v)) for v in r] for r in rows if not any(_missing(v) for v in r)]
    m = len(complete)
    dropped = len(rows) - m
    if m < 2 or n < 2:
        return Concordance(w=None, m=m, n=n, dropped=dropped)
    rank_sums = [0.0] * n
    ties = 0.0
    for row in complete:
        ranks, t = _average_ranks(row)
        ties += t
        for i, r in enumerate(ranks):
            rank_sums[i] += r
    mean = m * (n + 1) / 2
    s = sum((r - mean) ** 2 for r in rank_sums)
    denominator = m * m * (n**3 - n) - m * ties
    if denominator <= 0:
        return Concordance(w=None, m=m, n=n, dropped=dropped)
    w = 12 * s / denominator
    return Concordance(w=min(1.0, max(0.0, w)), m=m, n=n, dropped=dropped)


def kendall_w(rankings: Sequence[Sequence[float | None]]) -> float | None:
    """Kendall's W (tie-corrected) of a participants x items matrix; None when undefined. See ``concordance``.

    Examples:
        >>> round(kendall_w([[5, 4, 4, 2], [5, 5, 3, 1], [4, 3, 4, 2]]), 6)  # 22/27
        0.814815
    """
    return concordance(rankings).w


def score_concordance(scores: Mapping[str, ItemScore]) -> Concordance:
    """Kendall's W of the participants' weighted scores over the items that have a score.

    Only participants who scored every one of those items count (W needs complete rankings); ``m`` says how many.
    """
    items = [item for item, s in scores.items() if s.score is not None]
    participants = sorted({p for item in items for p in scores[item].participant_scores})
    matrix = [[scores[item].participant_scores.get(p) for item in items] for p in participants]
    return concordance(matrix)
