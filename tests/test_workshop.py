"""Tests of the workshop decision engine: gates, scores, Kendall's W, ranking and tie-breaks, results, keys."""

from __future__ import annotations

import itertools
import json
import math
import re
import string

import numpy as np
import pytest

from atlas_qual import workshop as ws
from atlas_qual.errors import AtlasQualError, VoteRejected
from atlas_qual.workshop import (
    GateQuestion,
    GateVote,
    ItemScore,
    ScoreVote,
    ScoringCriterion,
    SessionConfig,
    TieBreakDecision,
    concordance,
    gap_prioritization_config,
    gate_results,
    hash_key,
    kendall_w,
    learning_workshop_config,
    new_facilitator_key,
    new_join_code,
    normalize_join_code,
    parse_gate_answer,
    parse_rule,
    rank_items,
    round_change,
    score_results,
    session_results,
    verify_key,
)

KEYS = ("C1", "C2", "C3")


@pytest.fixture
def gaps_config() -> SessionConfig:
    return gap_prioritization_config()


@pytest.fixture
def priority_config() -> SessionConfig:
    """One criterion (priority, weight 1): a participant's weighted score is their vote."""
    return learning_workshop_config()


def gate_votes(item: str, answers: dict[str, tuple[bool, ...]], keys=KEYS) -> list[GateVote]:
    return [GateVote(p, item, k, v) for p, values in answers.items() for k, v in zip(keys, values)]


def priority_votes(item: str, values: list[float]) -> list[ScoreVote]:
    return [ScoreVote(f"p{i}", item, "priority", v) for i, v in enumerate(values)]


def english(err: pytest.ExceptionInfo) -> str:
    return err.value.message("en")


# --------------------------------------------------------------------------------------------------------------------
# Rule language
# --------------------------------------------------------------------------------------------------------------------


def test_default_rule_matches_the_concept_papers_on_every_combination():
    rule = parse_rule("(C1 or C2) and C3", KEYS)
    for c1, c2, c3 in itertools.product((False, True), repeat=3):
        assert rule.evaluate({"C1": c1, "C2": c2, "C3": c3}) == ((c1 or c2) and c3)


def test_rule_and_binds_tighter_than_or():
    answers = {"C1": True, "C2": False, "C3": False}
    assert parse_rule("C1 or C2 and C3", KEYS).evaluate(answers) is True  # C1 or (C2 and C3)
    assert parse_rule("(C1 or C2) and C3", KEYS).evaluate(answers) is False


def test_rule_not_binds_tighter_than_and():
    answers = {"C1": False, "C2": False}
    assert parse_rule("not C1 and C2", KEYS).evaluate(answers) is False  # (not C1) and C2
    assert parse_rule("not (C1 and C2)", KEYS).evaluate(answers) is True


def test_rule_nested_parentheses_and_double_negation():
    rule = parse_rule("((C1) and not not (C2 or (C3)))", KEYS)
    assert rule.evaluate({"C1": True, "C2": False, "C3": True}) is True
    assert rule.evaluate({"C1": True, "C2": False, "C3": False}) is False
    assert rule.keys == {"C1", "C2", "C3"}


def test_rule_accepts_any_case_and_prints_canonical_keys():
    rule = parse_rule("(c1 OR c2) And C3", KEYS)
    assert str(rule) == "(C1 or C2) and C3"
    assert rule.evaluate({"C1": False, "C2": True, "C3": True}) is True


def test_rule_evaluation_without_an_answer_is_a_programming_error():
    with pytest.raises(ValueError, match="C3"):
        parse_rule("C1 and C3", KEYS).evaluate({"C1": True})


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("", "workshop_rule_empty", "empty"),
        ("   ", "workshop_rule_empty", "empty"),
        ("C1 and", "workshop_rule_ends_early", "ends too early"),
        ("not", "workshop_rule_ends_early", "ends too early"),
        ("C1 C2", "workshop_rule_expected_operator", "position 4"),
        ("(C1 or C2", "workshop_rule_unclosed", "position 1"),
        ("C1 or C2)", "workshop_rule_unmatched_close", "position 9"),
        ("C1 and C4", "workshop_rule_unknown_key", "'C4' (position 8)"),
        ("C1 && C2", "workshop_rule_bad_char", '"&" at position 4'),
        ("or C1", "workshop_rule_expected_key", "found 'or'"),
        ("C1 and ()", "workshop_rule_expected_key", "found ')'"),
        ("__import__('os').system('rm')", "workshop_rule_bad_char", "\"'\" at position 12"),
        ("C1 and C9 or C2", "workshop_rule_unknown_key", "Use one of: C1, C2, C3"),
    ],
)
def test_bad_rule_is_refused_with_position_and_fix(text, key, fragment):
    with pytest.raises(AtlasQualError) as err:
        parse_rule(text, KEYS)
    assert err.value.key == key
    assert fragment in english(err)
    assert err.value.message("es")  # the Spanish text exists and formats


def test_session_with_a_bad_rule_cannot_be_created():
    with pytest.raises(AtlasQualError) as err:
        default = gap_prioritization_config()
        SessionConfig("gaps", default.gates, "(C1 or C2) and C5", default.criteria)
    assert err.value.key == "workshop_rule_unknown_key"


# --------------------------------------------------------------------------------------------------------------------
# Session configuration
# --------------------------------------------------------------------------------------------------------------------


def test_gap_config_has_the_seed_criteria_in_both_languages(gaps_config):
    assert gaps_config.gate_keys == KEYS
    assert str(gaps_config.parsed_rule) == "(C1 or C2) and C3"
    assert "coordination" in gaps_config.gate("C1").label("en")
    assert "coordinación" in gaps_config.gate("C1").label("es")
    assert "USDOL" in gaps_config.gate("C2").label("es") and "2018" in gaps_config.gate("C2").label("en")
    assert "life of the project" in gaps_config.gate("C3").label("en")
    assert [(c.key, c.weight, c.min, c.max) for c in gaps_config.criteria] == [
        ("impact", 0.4, 1, 5), ("feasibility", 0.3, 1, 5), ("urgency", 0.3, 1, 5)
    ]
    assert [c.label("es") for c in gaps_config.criteria] == ["Impacto en la coordinación", "Factibilidad", "Urgencia"]
    assert [c.label("en") for c in gaps_config.criteria] == ["Impact on coordination", "Feasibility", "Urgency"]


def test_learning_config_endorses_and_prioritises(priority_config):
    assert priority_config.kind == "learning"
    assert priority_config.gate_keys == ("endorse",)
    assert [(c.key, c.weight, c.min, c.max) for c in priority_config.criteria] == [("priority", 1.0, 1, 5)]


def test_config_round_trips_through_a_dict(gaps_config):
    data = json.loads(json.dumps(gaps_config.to_dict()))
    assert SessionConfig.from_dict(data) == gaps_config
    assert gaps_config.criteria_json("en")[0] == {
        "id": "impact", "label": "Impact on coordination", "weight": 0.4, "min": 1, "max": 5
    }


@pytest.mark.parametrize(
    ("build", "key"),
    [
        (lambda: ScoringCriterion("impact", "I", "I", 0), "workshop_bad_weight"),
        (lambda: ScoringCriterion("impact", "I", "I", float("nan")), "workshop_bad_weight"),
        (lambda: ScoringCriterion("impact", "I", "I", 1, min=5, max=1), "workshop_bad_scale"),
        (lambda: ScoringCriterion("1st", "I", "I", 1), "workshop_bad_key"),
        (lambda: GateQuestion("and", "y", "and"), "workshop_bad_key"),
        (
            lambda: SessionConfig(
                "gaps", (GateQuestion("C1", "a", "a"),), "C1", (ScoringCriterion("c1", "b", "b", 1),)
            ),
            "workshop_duplicate_key",
        ),
        (lambda: SessionConfig("survey", (GateQuestion("C1", "a", "a"),), "C1", ()), "workshop_unknown_kind"),
        (lambda: SessionConfig("gaps", (GateQuestion("C1", "a", "a"),), "C1", ()), "workshop_no_criteria"),
    ],
)
def test_bad_session_settings_are_refused_with_a_message(build, key):
    with pytest.raises(AtlasQualError) as err:
        build()
    assert err.value.key == key
    assert err.value.message("en") and err.value.message("es")


def test_ballot_values_are_parsed_in_spanish_and_english(gaps_config):
    assert gaps_config.parse_value("c1", "Sí") == ("C1", True)
    assert gaps_config.parse_value("C3", "NO") == ("C3", False)
    assert gaps_config.parse_value("Impact", "4,5") == ("impact", 4.5)
    for text in ("si", "SI", "yes", "Y", "s", "1", "true", "x"):
        assert parse_gate_answer(text) is True
    for text in ("no", "N", "0", "false"):
        assert parse_gate_answer(text) is False


@pytest.mark.parametrize(
    ("key", "value", "message_key", "fragment"),
    [
        ("C1", "maybe", "workshop_bad_gate_answer", "Answer 'maybe' for question C1"),
        ("urgency", "6", "workshop_score_out_of_range", "from 1 to 5"),
        ("urgency", "0", "workshop_score_out_of_range", "outside the scale"),
        ("urgency", "alto", "workshop_bad_score", "not a number"),
        ("urgency", "nan", "workshop_bad_score", "not a number"),
        ("C9", "yes", "workshop_unknown_question", "C1, C2, C3, impact, feasibility, urgency"),
    ],
)
def test_bad_ballot_values_are_rejected_with_a_message(gaps_config, key, value, message_key, fragment):
    with pytest.raises(AtlasQualError) as err:
        gaps_config.parse_value(key, value)
    assert err.value.key == message_key
    assert fragment in english(err)
    if message_key != "workshop_unknown_question":
        assert isinstance(err.value, VoteRejected)


# --------------------------------------------------------------------------------------------------------------------
# Gate round
# --------------------------------------------------------------------------------------------------------------------


def test_discursive_dilemma_premise_qualifies_but_conclusion_does_not(gaps_config):
    # Each criterion has its majority (C1 2/3, C3 2/3), but only b's own answers pass (C1 or C2) and C3.
    votes = gate_votes("G01", {"a": (True, False, False), "b": (True, False, True), "c": (False, False, True)})
    premise = gate_results(votes, ["G01"], gaps_config, "premise")["G01"]
    conclusion = gate_results(votes, ["G01"], gaps_config, "conclusion")["G01"]
    assert (premise.premise_based, premise.conclusion_based, premise.differs) == (True, False, True)
    assert premise.qualifies is True and conclusion.qualifies is False
    assert premise.yes == {"C1": 2, "C2": 0, "C3": 2}
    assert premise.conclusion_yes == 1 and premise.n_complete == 3 and premise.n == 3


def test_discursive_dilemma_the_other_way_conclusion_qualifies(gaps_config):
    # Two participants each qualify the gap by a different premise (C1 vs C2); neither premise has a majority.
    votes = gate_votes("G02", {"a": (True, False, True), "b": (False, True, True), "c": (False, False, False)})
    out = gate_results(votes, ["G02"], gaps_config, "conclusion")["G02"]
    assert out.majority == {"C1": False, "C2": False, "C3": True}
    assert (out.premise_based, out.conclusion_based, out.differs, out.qualifies) == (False, True, True, True)


def test_procedures_agree_when_the_group_is_consistent(gaps_config):
    votes = gate_votes("G03", {"a": (True, True, True), "b": (True, False, True), "c": (False, False, False)})
    out = gate_results(votes, ["G03"], gaps_config)["G03"]
    assert out.premise_based and out.conclusion_based and not out.differs


def test_a_tie_on_a_criterion_is_not_a_majority(gaps_config):
    votes = gate_votes("G04", {"a": (True, False, True), "b": (False, False, True)})
    out = gate_results(votes, ["G04"], gaps_config)["G04"]
    assert out.yes_share["C1"] == 0.5
    assert out.majority["C1"] is False
    assert out.premise_based is False
    assert out.conclusion_based is False  # 1 of 2 participants: not a strict majority


def test_majority_counts_only_those_who_answered_the_criterion(gaps_config):
    # d skipped C1: C1 is 2 yes of 3 answers (a majority), though 2 of 4 participants is not.
    votes = gate_votes("G05", {"a": (True, False, True), "b": (True, False, True), "c": (False, False, True)})
    votes += [GateVote("d", "G05", "C2", False), GateVote("d", "G05", "C3", True)]
    out = gate_results(votes, ["G05"], gaps_config)["G05"]
    assert out.answered["C1"] == 3 and out.yes["C1"] == 2 and out.majority["C1"] is True
    assert out.n == 4 and out.n_complete == 3  # d did not answer every key of the rule
    assert out.premise_based and out.conclusion_based


def test_revoting_replaces_the_earlier_answer(gaps_config):
    votes = gate_votes("G06", {"a": (False, False, True)}) + [GateVote("a", "G06", "C1", True)]
    out = gate_results(votes, ["G06"], gaps_config)["G06"]
    assert out.yes["C1"] == 1 and out.answered["C1"] == 1 and out.qualifies


def test_item_without_votes_qualifies_under_no_procedure():
    # "not C1" would be true on an empty majority; an item nobody judged must still not pass.
    config = SessionConfig("gaps", (GateQuestion("C1", "a", "a"),), "not C1", (ScoringCriterion("x", "x", "x", 1),))
    out = gate_results([], ["G07"], config)["G07"]
    assert out.n == 0 and out.yes_share == {"C1": None}
    assert not out.premise_based and not out.conclusion_based and not out.qualifies


def test_votes_on_removed_items_are_left_out(gaps_config):
    votes = gate_votes("G99", {"a": (True, True, True)}) + gate_votes("G01", {"a": (False, False, False)})
    results = gate_results(votes, ["G01"], gaps_config)
    assert list(results) == ["G01"] and results["G01"].n == 1


def test_unknown_procedure_is_refused(gaps_config):
    with pytest.raises(AtlasQualError) as err:
        gate_results([], ["G01"], gaps_config, "majority")
    assert "premise" in err.value.message("en") and "conclusion" in err.value.message("en")


# --------------------------------------------------------------------------------------------------------------------
# Scoring round
# --------------------------------------------------------------------------------------------------------------------


def test_weighted_score_uses_the_criteria_weights(gaps_config):
    votes = [ScoreVote("a", "G01", "impact", 5), ScoreVote("a", "G01", "feasibility", 3),
             ScoreVote("a", "G01", "urgency", 1)]
    s = score_results(votes, ["G01"], gaps_config)["G01"]
    assert s.score == pytest.approx(0.4 * 5 + 0.3 * 3 + 0.3 * 1)  # 3.2, not the plain mean 3.0


def test_weights_are_renormalised_over_the_criteria_a_participant_scored(gaps_config):
    votes = [ScoreVote("a", "G01", "impact", 5), ScoreVote("a", "G01", "feasibility", 4)]
    s = score_results(votes, ["G01"], gaps_config)["G01"]
    assert s.participant_scores["a"] == pytest.approx((0.4 * 5 + 0.3 * 4) / 0.7)
    assert s.score == pytest.approx(32 / 7)  # a skipped criterion does not count as a zero
    assert s.per_criterion == {"impact": 5.0, "feasibility": 4.0, "urgency": None}
    assert s.per_criterion_n == {"impact": 1, "feasibility": 1, "urgency": 0}


def test_weights_need_not_sum_to_one():
    criteria = (ScoringCriterion("impact", "I", "I", 2), ScoringCriterion("feasibility", "F", "F", 1),
                ScoringCriterion("urgency", "U", "U", 1))
    config = gap_prioritization_config(criteria)
    votes = [ScoreVote("a", "G01", "impact", 5), ScoreVote("a", "G01", "feasibility", 3),
             ScoreVote("a", "G01", "urgency", 2)]
    assert score_results(votes, ["G01"], config)["G01"].score == pytest.approx((2 * 5 + 3 + 2) / 4)


def test_score_is_the_mean_over_participants_with_linear_quartiles(priority_config):
    values = [1, 2, 2, 4, 5, 5]
    s = score_results(priority_votes("R1", values), ["R1"], priority_config)["R1"]
    assert s.score == pytest.approx(np.mean(values))
    assert s.median == pytest.approx(np.percentile(values, 50))
    assert (s.q1, s.q3) == pytest.approx((np.percentile(values, 25), np.percentile(values, 75)))
    assert s.iqr == pytest.approx(np.percentile(values, 75) - np.percentile(values, 25))
    assert s.n == 6 and s.top_scores == 2


@pytest.mark.parametrize("values", [[3.0], [1.0, 5.0], [2.0, 2.0, 4.5], [1.0, 2.5, 3.0, 3.2, 4.9, 5.0, 1.1]])
@pytest.mark.parametrize("q", [0.0, 0.25, 0.5, 0.75, 1.0])
def test_quantile_matches_numpy_linear_method(values, q):
    assert ws.quantile(values, q) == pytest.approx(np.quantile(values, q, method="linear"))


def test_top_scores_count_criterion_votes_at_the_scale_maximum(gaps_config):
    votes = [ScoreVote("a", "G01", "impact", 5), ScoreVote("a", "G01", "feasibility", 5),
             ScoreVote("a", "G01", "urgency", 4), ScoreVote("b", "G01", "impact", 5)]
    assert score_results(votes, ["G01"], gaps_config)["G01"].top_scores == 3


def test_item_nobody_scored_has_no_statistics(gaps_config):
    s = score_results([], ["G01"], gaps_config)["G01"]
    assert (s.score, s.median, s.iqr, s.n, s.top_scores) == (None, None, None, 0, 0)


def test_score_outside_the_scale_is_a_programming_error(gaps_config):
    with pytest.raises(ValueError, match="outside 1-5"):
        score_results([ScoreVote("a", "G01", "impact", 7)], ["G01"], gaps_config)


# --------------------------------------------------------------------------------------------------------------------
# Kendall's W
# --------------------------------------------------------------------------------------------------------------------


def test_kendall_w_worked_example_with_ties():
    """Three participants score four gaps A, B, C, D (higher is better):

        P1: 5 4 4 2  -> ranks 4   2.5 2.5 1   ties: one pair, T1 = 2^3 - 2 = 6
        P2: 5 5 3 1  -> ranks 3.5 3.5 2   1   T2 = 6
        P3: 4 3 4 2  -> ranks 3.5 2   3.5 1   T3 = 6

    Rank sums R = (11, 8, 8, 3); their mean is m (n + 1) / 2 = 3 * 5 / 2 = 7.5, so
    S = 3.5^2 + 0.5^2 + 0.5^2 + 4.5^2 = 12.25 + 0.25 + 0.25 + 20.25 = 33.
    W = 12 S / (m^2 (n^3 - n) - m sum T) = 396 / (9 * 60 - 3 * 18) = 396 / 486 = 22/27 = 0.8148.
    Without the tie correction it would be 396 / 540 = 11/15 = 0.7333.
    """
    matrix = [[5, 4, 4, 2], [5, 5, 3, 1], [4, 3, 4, 2]]
    result = concordance(matrix)
    assert result.w == pytest.approx(22 / 27)
    assert result.w != pytest.approx(11 / 15)
    assert (result.m, result.n, result.dropped) == (3, 4, 0)


def test_kendall_w_with_ties_equals_mean_spearman_relation():
    """With the same tie pattern in every row, mean pairwise Spearman rho = (m W - 1) / (m - 1) exactly."""
    from scipy.stats import spearmanr

    matrix = [[5, 4, 4, 2], [5, 5, 3, 1], [4, 3, 4, 2]]
    rhos = [spearmanr(a, b)[0] for a, b in itertools.combinations(matrix, 2)]
    w = kendall_w(matrix)
    assert np.mean(rhos) == pytest.approx((3 * w - 1) / 2)


def _w_from_friedman(matrix: np.ndarray) -> float:
    """W = chi2_F / (m (n - 1)), with scipy's tie-corrected Friedman statistic (an independent implementation)."""
    from scipy.stats import friedmanchisquare

    m, n = matrix.shape
    return friedmanchisquare(*matrix.T).statistic / (m * (n - 1))


def _w_from_rankdata(matrix: np.ndarray) -> float:
    from scipy.stats import rankdata

    m, n = matrix.shape
    ranks = np.apply_along_axis(rankdata, 1, matrix)
    sums = ranks.sum(axis=0)
    s = ((sums - sums.mean()) ** 2).sum()
    counts = (np.unique(row, return_counts=True)[1] for row in matrix)
    ties = sum(float((c**3 - c).sum()) for c in counts)
    return 12 * s / (m**2 * (n**3 - n) - m * ties)


@pytest.mark.parametrize("seed", range(8))
def test_kendall_w_matches_scipy_on_random_scores_with_ties(seed):
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(2, 12)), int(rng.integers(3, 9))
    matrix = rng.integers(1, 6, size=(m, n)).astype(float)  # a 1-5 scale: many ties
    matrix[0, :] = np.arange(n)  # keeps at least one row untied so W is defined
    w = kendall_w(matrix.tolist())
    assert w == pytest.approx(_w_from_rankdata(matrix))
    assert w == pytest.approx(_w_from_friedman(matrix))


def test_kendall_w_perfect_agreement_is_one():
    assert kendall_w([[4.5, 3.0, 1.0, 2.2]] * 5) == pytest.approx(1.0)


def test_kendall_w_perfect_disagreement_is_zero():
    assert kendall_w([[1, 2, 3, 4], [4, 3, 2, 1]]) == pytest.approx(0.0)
    # Three participants whose rankings cycle: every gap gets the same rank sum.
    assert kendall_w([[1, 2, 3], [2, 3, 1], [3, 1, 2]]) == pytest.approx(0.0, abs=1e-12)


def test_kendall_w_uses_only_participants_who_scored_every_item():
    full = [[5, 4, 4, 2], [5, 5, 3, 1], [4, 3, 4, 2]]
    result = concordance(full + [[1, None, 5, float("nan")]])
    assert (result.m, result.dropped) == (3, 1)
    assert result.w == pytest.approx(22 / 27)


def test_kendall_w_is_undefined_without_two_rankings():
    assert kendall_w([[1, 2, 3]]) is None
    assert kendall_w([[3, 3, 3], [2, 2, 2]]) is None  # nobody ranked anything
    assert kendall_w([[1], [2]]) is None
    assert kendall_w([]) is None


def test_kendall_w_treats_float_noise_as_a_tie():
    # 0.4*5 + 0.3*3 + 0.3*3 and 0.4*2 + 0.3*5 + 0.3*5 are both 3.8 on paper.
    a, b = 0.4 * 5 + 0.3 * 3 + 0.3 * 3, 0.4 * 2 + 0.3 * 5 + 0.3 * 5
    assert kendall_w([[a, b, 1.0], [3.8, 3.8, 1.0]]) == pytest.approx(1.0)


# --------------------------------------------------------------------------------------------------------------------
# Ranking and the tie-break chain
# --------------------------------------------------------------------------------------------------------------------


def test_items_are_ranked_by_weighted_score(priority_config):
    votes = priority_votes("R1", [3, 3]) + priority_votes("R2", [5, 4]) + priority_votes("R3", [1, 2])
    ranking = rank_items(score_results(votes, ["R1", "R2", "R3"], priority_config))
    assert ranking.order == ("R2", "R1", "R3")
    assert [row.rank for row in ranking.rows] == [1, 2, 3]
    assert ranking.tie_breaks == ()


def test_tie_on_score_is_broken_by_higher_median(priority_config):
    votes = priority_votes("R1", [2, 3, 4]) + priority_votes("R2", [1, 4, 4])  # both mean 3; medians 3 and 4
    ranking = rank_items(score_results(votes, ["R1", "R2"], priority_config))
    assert ranking.order == ("R2", "R1")
    assert [(tb.rule, tb.order, tb.values) for tb in ranking.tie_breaks] == [("median", (("R2",), ("R1",)), (4.0, 3.0))]


def test_tie_on_score_and_median_is_broken_by_lower_iqr(priority_config):
    votes = priority_votes("R1", [2, 3, 4]) + priority_votes("R2", [3, 3, 3])  # mean 3, median 3; IQR 1 vs 0
    ranking = rank_items(score_results(votes, ["R1", "R2"], priority_config))
    assert ranking.order == ("R2", "R1")
    assert [tb.rule for tb in ranking.tie_breaks] == ["iqr"]
    assert ranking.tie_breaks[0].values == (0.0, 1.0)


def test_tie_on_score_median_and_iqr_is_broken_by_more_top_scores(gaps_config):
    # One participant: (5, 3, 3) and (2, 5, 5) both weigh 3.8, with one and two 5s.
    votes = [ScoreVote("a", "G01", "impact", 5), ScoreVote("a", "G01", "feasibility", 3),
             ScoreVote("a", "G01", "urgency", 3), ScoreVote("a", "G02", "impact", 2),
             ScoreVote("a", "G02", "feasibility", 5), ScoreVote("a", "G02", "urgency", 5)]
    ranking = rank_items(score_results(votes, ["G01", "G02"], gaps_config))
    assert ranking.order == ("G02", "G01")
    assert [(tb.rule, tb.values) for tb in ranking.tie_breaks] == [("top_scores", (2.0, 1.0))]


def test_full_tie_stays_tied_and_is_flagged_for_the_facilitator(priority_config):
    votes = priority_votes("G10", [4, 5]) + priority_votes("G2", [4, 5]) + priority_votes("G1", [5, 5])
    ranking = rank_items(score_results(votes, ["G10", "G2", "G1"], priority_config))
    assert [(row.item, row.rank, row.needs_decision) for row in ranking.rows] == [
        ("G1", 1, False), ("G2", 2, True), ("G10", 2, True)  # shown by id, G2 before G10
    ]
    assert ranking.unresolved == (("G2", "G10"),)
    assert ranking.tie_breaks == ()


def test_ranks_after_a_tie_skip_the_shared_places(priority_config):
    votes = priority_votes("A", [4]) + priority_votes("B", [4]) + priority_votes("C", [2])
    ranking = rank_items(score_results(votes, ["A", "B", "C"], priority_config))
    assert [row.rank for row in ranking.rows] == [1, 1, 3]


def test_facilitator_decision_breaks_the_remaining_tie_and_is_logged(priority_config):
    votes = priority_votes("G10", [4, 5]) + priority_votes("G2", [4, 5])
    scores = score_results(votes, ["G10", "G2"], priority_config)
    decision = TieBreakDecision(items=("G2", "G10"), order=("G10", "G2"), by="Facilitadora")
    ranking = rank_items(scores, [decision])
    assert ranking.order == ("G10", "G2")
    assert [row.rank for row in ranking.rows] == [1, 2]
    assert not any(row.needs_decision for row in ranking.rows) and ranking.unresolved == ()
    (logged,) = ranking.tie_breaks
    assert (logged.rule, logged.order, logged.by) == ("facilitator", (("G10",), ("G2",)), "Facilitadora")
    assert "Facilitadora" in logged.describe("es") and "facilitator decision" in logged.describe("en")


def test_facilitator_decision_cannot_override_the_statistical_rules(priority_config):
    votes = priority_votes("R1", [2, 3, 4]) + priority_votes("R2", [1, 4, 4])
    scores = score_results(votes, ["R1", "R2"], priority_config)
    ranking = rank_items(scores, [TieBreakDecision(("R1", "R2"), ("R1", "R2"))])
    assert ranking.order == ("R2", "R1")  # the median decided before the facilitator is asked
    assert [tb.rule for tb in ranking.tie_breaks] == ["median"]


def test_decision_over_more_items_orders_the_subset_still_tied(priority_config):
    votes = priority_votes("A", [4, 5]) + priority_votes("B", [4, 5]) + priority_votes("C", [1, 2])
    scores = score_results(votes, ["A", "B", "C"], priority_config)
    ranking = rank_items(scores, [TieBreakDecision(("A", "B", "C"), ("C", "B", "A"))])
    assert ranking.order == ("B", "A", "C")


def test_a_stale_decision_leaves_the_new_tie_flagged(priority_config):
    votes = priority_votes("A", [4, 5]) + priority_votes("B", [4, 5])
    ranking = rank_items(score_results(votes, ["A", "B"], priority_config), [TieBreakDecision(("A", "C"), ("C", "A"))])
    assert ranking.unresolved == (("A", "B"),)


def test_three_way_tie_logs_each_rule_that_separated_items(priority_config):
    # All mean 3. Medians: A 4 vs B, C 3 -> median splits A off; then B (IQR 0) before C (IQR 1).
    votes = priority_votes("A", [1, 4, 4]) + priority_votes("B", [3, 3, 3]) + priority_votes("C", [2, 3, 4])
    ranking = rank_items(score_results(votes, ["A", "B", "C"], priority_config))
    assert ranking.order == ("A", "B", "C")
    assert [(tb.rule, tb.items, tb.order) for tb in ranking.tie_breaks] == [
        ("median", ("A", "B", "C"), (("A",), ("B", "C"))),
        ("iqr", ("B", "C"), (("B",), ("C",))),
    ]
    assert ranking.tie_breaks[0].describe("en") == "Tie between A, B, C: broken by higher median (A 4 > B = C 3)."


def test_tie_break_decision_must_order_exactly_the_tied_items():
    with pytest.raises(ValueError):
        TieBreakDecision(("A", "B"), ("A", "C"))
    with pytest.raises(ValueError):
        TieBreakDecision(("A", "B"), ("A", "A"))


def test_unscored_items_are_not_ranked(priority_config):
    ranking = rank_items(score_results(priority_votes("A", [3]), ["A", "B"], priority_config))
    assert ranking.order == ("A",) and ranking.unscored == ("B",) and ranking.rank_of("B") is None


# --------------------------------------------------------------------------------------------------------------------
# Delphi second round
# --------------------------------------------------------------------------------------------------------------------


def test_second_round_shows_score_spread_and_rank_changes(priority_config):
    first = score_results(priority_votes("A", [1, 3, 5, 5]) + priority_votes("B", [4, 4, 4, 4]), ["A", "B"],
                          priority_config)
    second = score_results(priority_votes("A", [4, 5, 5, 5]) + priority_votes("B", [3, 4, 4, 4]), ["A", "B"],
                           priority_config)
    changes = round_change(first, second)
    a, b = changes["A"], changes["B"]
    assert a.delta_score == pytest.approx(4.75 - 3.5)
    assert a.delta_iqr == pytest.approx(0.25 - 2.5)  # the group converged on A
    assert (a.rank_before, a.rank_after, a.rank_moved) == (2, 1, 1)
    assert (b.rank_before, b.rank_after, b.rank_moved) == (1, 2, -1)
    assert b.delta_score == pytest.approx(-0.25)


def test_second_round_item_missing_in_one_round_has_no_deltas(priority_config):
    first = score_results(priority_votes("A", [3]), ["A"], priority_config)
    second = score_results(priority_votes("A", [4]) + priority_votes("B", [5]), ["A", "B"], priority_config)
    change = round_change(first, second)["B"]
    assert (change.delta_score, change.delta_iqr, change.rank_before, change.rank_after) == (None, None, None, 1)


# --------------------------------------------------------------------------------------------------------------------
# The results document
# --------------------------------------------------------------------------------------------------------------------


@pytest.fixture
def workshop_votes():
    """G01 qualifies (all yes), G02 fails C3, G03 qualifies but nobody scored it, G04 nobody voted on,
    G05 shows the discursive dilemma (qualifies premise-based only)."""
    gates = []
    for p in ("a", "b", "c"):
        gates += gate_votes("G01", {p: (True, True, True)})
        gates += gate_votes("G02", {p: (True, True, False)})
        gates += gate_votes("G03", {p: (True, False, True)})
    gates += gate_votes("G05", {"a": (True, False, False), "b": (True, False, True), "c": (False, False, True)})
    scores = []
    for p, (i, f, u) in {"a": (5, 4, 4), "b": (4, 4, 3), "c": (5, 5, 5)}.items():
        scores += [ScoreVote(p, "G01", "impact", i), ScoreVote(p, "G01", "feasibility", f),
                   ScoreVote(p, "G01", "urgency", u)]
    for p, v in {"a": 3, "b": 2, "c": 4}.items():
        scores += [ScoreVote(p, "G05", "impact", v)]
        scores += [ScoreVote(p, "G02", "impact", 5)]  # G02 does not qualify: its scores are left out
    return gates, scores


ITEMS = [("G01", "Sin comprensión unificada"), ("G02", "Inspección y Ministerio Público aislados"),
         ("G03", "Plataformas fragmentadas"), ("G04", "Canales de denuncia"), ("G05", "Datos administrativos débiles")]


def test_session_results_follow_the_cli_contract(gaps_config, workshop_votes):
    gates, scores = workshop_votes
    out = session_results("AB3K9Z", ITEMS, gates, scores, gaps_config, "premise", shortlist=["G01"])
    assert {"session", "participants", "procedure", "kendall_w", "gaps", "tie_breaks", "shortlist"} <= set(out)
    assert out["session"] == "AB3K9Z" and out["procedure"] == "premise" and out["participants"] == 3
    assert out["shortlist"] == ["G01"]
    for entry in out["gaps"]:
        assert {"id", "title", "qualifies", "premise_based", "conclusion_based", "score", "median", "iqr", "n",
                "rank"} <= set(entry)
    by_id = {g["id"]: g for g in out["gaps"]}
    assert [g["id"] for g in out["gaps"]] == [i for i, _ in ITEMS]
    assert by_id["G01"]["rank"] == 1 and by_id["G05"]["rank"] == 2
    per_participant = [0.4 * 5 + 0.3 * 4 + 0.3 * 4, 0.4 * 4 + 0.3 * 4 + 0.3 * 3, 5.0]
    assert by_id["G01"]["score"] == pytest.approx(np.mean(per_participant))
    assert by_id["G01"]["n"] == 3
    assert by_id["G05"]["differs"] is True and by_id["G05"]["qualifies"] is True
    for gap in ("G02", "G04"):
        assert by_id[gap]["qualifies"] is False
        assert [by_id[gap][k] for k in ("score", "median", "iqr", "rank")] == [None] * 4
        assert by_id[gap]["n"] == 0
    assert by_id["G03"]["qualifies"] is True and by_id["G03"]["score"] is None and by_id["G03"]["rank"] is None
    assert by_id["G02"]["yes_share"] == {"C1": 1.0, "C2": 1.0, "C3": 0.0}
    assert by_id["G04"]["yes_share"] == {"C1": None, "C2": None, "C3": None}
    assert out["kendall_m"] == 3 and out["kendall_w"] == pytest.approx(1.0)  # everyone put G01 above G05


def test_session_results_never_contain_nan(gaps_config, workshop_votes):
    gates, scores = workshop_votes
    for procedure in ("premise", "conclusion"):
        out = session_results("AB3K9Z", ITEMS, gates, scores, gaps_config, procedure)
        text = json.dumps(out, allow_nan=False)  # raises on NaN or infinity
        assert "NaN" not in text
    empty = session_results("AB3K9Z", ITEMS, [], [], gaps_config)
    json.dumps(empty, allow_nan=False)
    assert empty["kendall_w"] is None and empty["participants"] == 0


def test_conclusion_based_procedure_changes_what_is_scored(gaps_config, workshop_votes):
    gates, scores = workshop_votes
    out = session_results("AB3K9Z", ITEMS, gates, scores, gaps_config, "conclusion")
    g05 = next(g for g in out["gaps"] if g["id"] == "G05")
    assert g05["qualifies"] is False and g05["score"] is None and g05["rank"] is None
    assert out["kendall_w"] is None  # a single ranked gap has no ranking to agree on


def test_session_results_log_tie_breaks_as_json(priority_config):
    votes = [GateVote(p, r, "endorse", True) for p in ("a", "b", "c") for r in ("R1", "R2")]
    scores = [ScoreVote(p, "R1", "priority", v) for p, v in zip("abc", (2, 3, 4))]
    scores += [ScoreVote(p, "R2", "priority", v) for p, v in zip("abc", (1, 4, 4))]
    out = session_results("QW7RTY", [("R1", "a"), ("R2", "b")], votes, scores, priority_config)
    assert out["tie_breaks"] == [
        {"items": ["R1", "R2"], "rule": "median", "order": [["R2"], ["R1"]], "values": [4.0, 3.0], "by": None}
    ]
    assert out["kind"] == "learning"


def test_session_results_refuse_an_unknown_shortlisted_gap(gaps_config):
    with pytest.raises(ValueError, match="G42"):
        session_results("AB3K9Z", ITEMS, [], [], gaps_config, shortlist=["G42"])


# --------------------------------------------------------------------------------------------------------------------
# Join codes and facilitator keys
# --------------------------------------------------------------------------------------------------------------------


def test_join_codes_avoid_ambiguous_characters():
    codes = {new_join_code() for _ in range(500)}
    assert len(codes) > 490  # random, not a fixed code
    for code in codes:
        assert re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", code)
        assert not set(code) & set("0O1I")


def test_typed_join_code_is_normalised_or_refused():
    assert normalize_join_code(" ab3-k9z ") == "AB3K9Z"
    with pytest.raises(AtlasQualError) as err:
        normalize_join_code("AB0K9Z")
    assert err.value.key == "workshop_bad_join_code" and "AB0K9Z" in err.value.message("en")
    with pytest.raises(AtlasQualError):
        normalize_join_code("AB3K9")


def test_facilitator_key_hash_verifies_only_the_right_key():
    key = new_facilitator_key()
    assert len(key) == 32 and key != new_facilitator_key()
    stored = hash_key(key)
    scheme, iterations, salt, digest = stored.split("$")
    assert scheme == "pbkdf2" and int(iterations) > 0 and len(salt) == 32 and len(digest) == 64
    assert key not in stored
    assert verify_key(key, stored)
    assert not verify_key(key[:-1] + ("A" if key[-1] != "A" else "B"), stored)
    assert not verify_key("", stored) and not verify_key(None, stored)


def test_same_key_hashes_differently_each_time():
    assert hash_key("clave") != hash_key("clave")  # random salt
    assert verify_key("clave", hash_key("clave"))


@pytest.mark.parametrize("stored", ["", "plain", "pbkdf2$x$00$00", "pbkdf2$1000$zz$00", "sha1$1000$00$00", None])
def test_malformed_stored_hash_never_verifies(stored):
    assert verify_key("clave", stored) is False


def test_itemscore_iqr_is_q3_minus_q1():
    s = ItemScore("G01", 3.0, 3.0, 2.5, 4.0, 4, 0, {}, {}, {})
    assert s.iqr == 1.5 and not math.isnan(s.iqr)
