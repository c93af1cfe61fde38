"""The workshop decision engine: gate screening, weighted scoring, ranking with a logged tie-break chain, consensus.

Pure and generic: a session has a kind, items (gaps, recommendations...), yes/no gate questions joined by a rule,
and weighted scoring criteria. The gap prioritization (gates C1-C3, rule ``(C1 or C2) and C3``) and the learning
workshop (endorse yes/no, priority 1-5) are two configurations of it. No database, no widgets: votes in, results out.

Examples:
    >>> config = gap_prioritization_config()
    >>> votes = [GateVote("p1", "G01", "C1", True), GateVote("p1", "G01", "C2", False),
    ...          GateVote("p1", "G01", "C3", True)]
    >>> gate_results(votes, ["G01"], config)["G01"].qualifies
    True
"""

from atlas_qual.workshop.config import (
    KINDS,
    PROCEDURES,
    TIE_BREAK_RULES,
    GateQuestion,
    Rule,
    ScoringCriterion,
    SessionConfig,
    default_config,
    gap_prioritization_config,
    learning_workshop_config,
    parse_gate_answer,
    parse_rule,
    rule_text,
)
from atlas_qual.workshop.gates import GateOutcome, GateVote, gate_results
from atlas_qual.workshop.scores import (
    Concordance,
    ItemScore,
    ScoreVote,
    concordance,
    kendall_w,
    quantile,
    score_concordance,
    score_results,
)
from atlas_qual.workshop.ranking import Change, RankRow, Ranking, TieBreak, TieBreakDecision, rank_items, round_change
from atlas_qual.workshop.results import session_results
from atlas_qual.workshop.codes import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    hash_key,
    new_facilitator_key,
    new_join_code,
    normalize_join_code,
    verify_key,
)

__all__ = [
    "KINDS",
    "PROCEDURES",
    "TIE_BREAK_RULES",
    "JOIN_CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "GateQuestion",
    "ScoringCriterion",
    "SessionConfig",
    "gap_prioritization_config",
    "learning_workshop_config",
    "default_config",
    "Rule",
    "parse_rule",
    "parse_gate_answer",
    "GateVote",
    "GateOutcome",
    "gate_results",
    "ScoreVote",
    "ItemScore",
    "score_results",
    "quantile",
    "Concordance",
    "concordance",
    "kendall_w",
    "score_concordance",
    "TieBreakDecision",
    "TieBreak",
    "RankRow",
    "Ranking",
    "rank_items",
    "Change",
    "round_change",
    "session_results",
    "new_join_code",
    "normalize_join_code",
    "new_facilitator_key",
    "hash_key",
    "verify_key",
    "rule_text",
]
