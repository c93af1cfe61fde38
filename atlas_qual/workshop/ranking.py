"""Ranking with a logged tie-break chain, and the change between two scoring rounds (Delphi style)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from atlas_qual.workshop.config import _natural_key, _same
from atlas_qual.workshop.scores import ItemScore


@dataclass(frozen=True)
class TieBreakDecision:
    """The facilitator's order for items that are still tied after every statistical rule.

    ``items`` are the tied items, ``order`` the same items best first, ``by`` who decided. A decision applies to a
    tied group that is a subset of ``items`` (restricted to that group); a later decision in the sequence wins.
    """

    items: tuple[str, ...]
    order: tuple[str, ...]
    by: str = "facilitator"

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "order", tuple(self.order))
        if len(set(self.order)) != len(self.order) or set(self.order) != set(self.items):
            raise ValueError(f"order {self.order} must list each of the tied items {self.items} once")


@dataclass(frozen=True)
class TieBreak:
    """One logged tie-break step: ``items`` were tied; ``rule`` split them into ``order`` (groups, best first).

    ``values`` gives the rule's value for each group (None for a facilitator decision); ``by`` names who decided a
    facilitator decision. A group of more than one item is still tied after this rule.
    """

    items: tuple[str, ...]
    rule: str
    order: tuple[tuple[str, ...], ...]
    values: tuple[float | None, ...] = ()
    by: str | None = None

    def to_dict(self) -> dict:
        return {
            "items": list(self.items),
            "rule": self.rule,
            "order": [list(group) for group in self.order],
            "values": [None if v is None else round(float(v), 6) for v in self.values],
            "by": self.by,
        }

    def describe(self, lang: str = "es") -> str:
        """One sentence for the facilitator screen and the report.

        Examples:
            >>> TieBreak(("G01", "G02"), "median", (("G02",), ("G01",)), (4.0, 3.5)).describe("en")
            'Tie between G01, G02: broken by higher median (G02 4 > G01 3.5).'
        """
        from atlas_qual.i18n import fmt_number, label, t

        rule = t(f"workshop_rule_name_{self.rule}", lang=lang)
        if self.rule == "facilitator":
            order = " > ".join(" = ".join(g) for g in self.order)
            if self.by:  # "facilitator" and "demo" are stored markers, translated; a typed name stays as typed
                order += "; " + t("workshop_tie_break_by", lang=lang, by=label("decider", self.by, lang))
        else:
            order = " > ".join(
                f"{' = '.join(group)} {fmt_number(value, lang, 3)}" for group, value in zip(self.order, self.values)
            )
        return t("workshop_tie_break_text", lang=lang, items=", ".join(self.items), rule=rule, order=order)


@dataclass(frozen=True)
class RankRow:
    """One ranked item. Tied items share ``rank`` (1, 2, 2, 4); ``needs_decision`` flags an unresolved tie."""

    rank: int
    item: str
    score: float
    median: float
    iqr: float
    n: int
    top_scores: int
    needs_decision: bool


@dataclass(frozen=True)
class Ranking:
    """Items best first with the tie-breaks that ordered them.

    ``unresolved``: groups still tied after every rule and any facilitator decision (shown by item id);
    ``unscored``: items nobody scored (not ranked).
    """

    rows: tuple[RankRow, ...]
    tie_breaks: tuple[TieBreak, ...]
    unresolved: tuple[tuple[str, ...], ...]
    unscored: tuple[str, ...]

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(row.item for row in self.rows)

    def rank_of(self, item: str) -> int | None:
        for row in self.rows:
            if row.item == item:
                return row.rank
        return None


# Each statistical tie-break: (rule name, value of an item, True when a higher value ranks first).
_CHAIN = (
    ("median", lambda s: s.median, True),
    ("iqr", lambda s: s.iqr, False),
    ("top_scores", lambda s: float(s.top_scores), True),
)


def _split(
    group: list[str],
    scores: Mapping[str, ItemScore],
    step: int,
    decisions: Sequence[TieBreakDecision],
    log: list[TieBreak],
) -> list[tuple[list[str], bool]]:
    """Order a group tied on everything before ``step``: a list of (subgroup, still tied) best first."""
    if len(group) == 1:
        return [(group, False)]
    if step == len(_CHAIN):
        for decision in reversed(decisions):
            if set(group) <= set(decision.items):
                order = [item for item in decision.order if item in group]
                log.append(
                    TieBreak(
                        items=tuple(sorted(group, key=_natural_key)),
                        rule="facilitator",
                        order=tuple((item,) for item in order),
                        values=tuple(None for _ in order),
                        by=decision.by,
                    )
                )
                return [([item], False) for item in order]
        return [(sorted(group, key=_natural_key), True)]
    name, value_of, higher_first = _CHAIN[step]
    buckets: dict[float, list[str]] = {}
    for item in group:
        buckets.setdefault(_same(value_of(scores[item])), []).append(item)
    keys = sorted(buckets, reverse=higher_first)
    if len(keys) > 1:
        log.append(
            TieBreak(
                items=tuple(sorted(group, key=_natural_key)),
                rule=name,
                order=tuple(tuple(sorted(buckets[k], key=_natural_key)) for k in keys),
                values=tuple(keys),
            )
        )
    ordered: list[tuple[list[str], bool]] = []
    for k in keys:
        ordered.extend(_split(buckets[k], scores, step + 1, decisions, log))
    return ordered


def rank_items(
    scores: Mapping[str, ItemScore],
    decisions: Sequence[TieBreakDecision] = (),
) -> Ranking:
    """Rank items by weighted score, breaking ties by: higher median, lower IQR, more top scores, then a facilitator
    decision. Ties left after that share a rank and are flagged ``needs_decision`` (listed by item id).

    Scores equal to 9 decimals are ties. Every rule that separated items is logged in ``tie_breaks``.

    Examples:
        >>> def s(item, score, median, q1, q3, top):
        ...     return ItemScore(item, score, median, q1, q3, 3, top, {}, {}, {})
        >>> ranking = rank_items({"G01": s("G01", 4.0, 4.0, 3.5, 4.5, 2), "G02": s("G02", 4.0, 4.5, 4.0, 4.5, 1),
        ...                       "G03": s("G03", 3.0, 3.0, 3.0, 3.0, 0)})
        >>> ranking.order, [tb.rule for tb in ranking.tie_breaks]
        (('G02', 'G01', 'G03'), ['median'])
    """
    decisions = tuple(decisions)
    scored = [item for item, s in scores.items() if s.score is not None]
    unscored = tuple(sorted((item for item, s in scores.items() if s.score is None), key=_natural_key))
    by_score: dict[float, list[str]] = {}
    for item in scored:
        by_score.setdefault(_same(scores[item].score), []).append(item)
    log: list[TieBreak] = []
    rows: list[RankRow] = []
    unresolved: list[tuple[str, ...]] = []
    position = 1
    for key in sorted(by_score, reverse=True):
        for group, tied in _split(by_score[key], scores, 0, decisions, log):
            if tied:
                unresolved.append(tuple(group))
            for item in group:
                s = scores[item]
                rows.append(
                    RankRow(
                        rank=position,
                        item=item,
                        score=s.score,
                        median=s.median,
                        iqr=s.iqr,
                        n=s.n,
                        top_scores=s.top_scores,
                        needs_decision=tied,
                    )
                )
            position += len(group)
    return Ranking(rows=tuple(rows), tie_breaks=tuple(log), unresolved=tuple(unresolved), unscored=unscored)


@dataclass(frozen=True)
class Change:
    """How an item moved from the first to the second scoring round (None where a round has no value).

    ``delta_iqr`` below 0 means the group converged on the item.
    """

    item: str
    delta_score: float | None
    delta_iqr: float | None
    rank_before: int | None
    rank_after: int | None

    @property
    def rank_moved(self) -> int | None:
        """Places gained (positive: moved up the ranking)."""
        if self.rank_before is None or self.rank_after is None:
            return None
        return self.rank_before - self.rank_after


def round_change(
    first: Mapping[str, ItemScore],
    second: Mapping[str, ItemScore],
    decisions: Sequence[TieBreakDecision] = (),
) -> dict[str, Change]:
    """Score, IQR and rank changes per item between two scoring rounds (both ranked with ``rank_items``).

    Examples:
        >>> def s(item, score, q1, q3):
        ...     return ItemScore(item, score, score, q1, q3, 3, 0, {}, {}, {})
        >>> before = {"G01": s("G01", 3.0, 2.0, 4.0), "G02": s("G02", 3.5, 3.0, 4.0)}
        >>> after = {"G01": s("G01", 4.0, 3.5, 4.0), "G02": s("G02", 3.5, 3.0, 4.0)}
        >>> c = round_change(before, after)["G01"]
        >>> c.delta_score, c.delta_iqr, c.rank_before, c.rank_after
        (1.0, -1.5, 2, 1)
    """
    rank_first = rank_items(first, decisions)
    rank_second = rank_items(second, decisions)
    items = list(first) + [item for item in second if item not in first]
    changes = {}
    for item in items:
        a, b = first.get(item), second.get(item)
        delta_score = (
            b.score - a.score if a is not None and b is not None and a.score is not None and b.score is not None
            else None
        )
        delta_iqr = (
            b.iqr - a.iqr if a is not None and b is not None and a.iqr is not None and b.iqr is not None else None
        )
        changes[item] = Change(
            item=item,
            delta_score=delta_score,
            delta_iqr=delta_iqr,
            rank_before=rank_first.rank_of(item),
            rank_after=rank_second.rank_of(item),
        )
    return changes
