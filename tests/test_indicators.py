"""The six reportable indicators on hand-made data: numerators, denominators, sources and the phase rules."""

from __future__ import annotations

import datetime as dt

import pytest

from atlas_qual.indicators import DmopRecord, Indicator, InterviewChange, compute_indicators, indicator_1


def D(y, m, d):
    return dt.date(y, m, d)


def test_indicator_1_from_survey_counts_increase_over_answered():
    ind = indicator_1(["increase", "increase", "no_change", "decrease", None, None, "increase", "no_change"])
    assert (ind.numerator, ind.denominator, ind.value, ind.source) == (3, 6, 50.0, "survey")
    assert ind.formatted("es") == "50,0 %"
    assert ind.formatted("en") == "50.0 %"


def test_indicator_1_uses_interviews_only_when_nobody_answered_the_survey():
    interviews = [InterviewChange("a", {"increase"}), InterviewChange("b", {"increase", "no_change"}),
                  InterviewChange("c", {"no_change"}), InterviewChange("d", {"decrease"}), InterviewChange("e")]
    from_interviews = indicator_1([None, None], interviews)
    assert (from_interviews.numerator, from_interviews.denominator, from_interviews.source) == (2, 4, "interviews")
    assert from_interviews.value == 50.0
    # one survey answer is enough for the survey to be the source
    assert indicator_1(["no_change"], interviews).source == "survey"
    assert indicator_1(["no_change"], interviews).value == 0.0


def test_indicator_1_without_any_answer_is_not_available():
    ind = indicator_1([], [])
    assert ind.value is None and ind.denominator == 0
    assert ind.formatted("es").startswith("n/d")


def test_unknown_survey_answer_is_a_programming_error():
    with pytest.raises(ValueError):
        indicator_1(["mucho"])
    with pytest.raises(ValueError):
        InterviewChange("a", {"more"})


def test_indicators_2_to_6_count_dmops_by_furthest_phase():
    dmops = [
        DmopRecord("MAUEP", phases=(("development", D(2024, 5, 6)), ("pilot", D(2024, 8, 19)),
                                    ("evaluated", D(2025, 6, 20)), ("refined", D(2025, 8, 29)))),
        DmopRecord("IPACM", phases=(("pilot", D(2024, 10, 7)), ("evaluated", D(2025, 6, 27)))),
        DmopRecord("CR", phases=(("pilot", D(2024, 9, 16)),), sustainability_plans=1),
        DmopRecord("NEW", phase="development"),
        DmopRecord("ENF", type="DMOP-E", phases=(("pilot", D(2025, 1, 1)),)),
        DmopRecord("OLD", evidence_based=False, phases=(("institutionalized", D(2025, 12, 1)),)),
    ]
    ind = {i.number: i for i in compute_indicators(dmops)}
    # 2: evidence-based models of any type that reached the pilot
    assert ind[2].value == 4 and ind[2].counted == ("CR", "ENF", "IPACM", "MAUEP")
    # 3: DMOP-C implemented (the DMOP-E does not count, the non-evidence-based DMOP-C does)
    assert ind[3].counted == ("CR", "IPACM", "MAUEP", "OLD")
    # 4: completed pilots over started pilots, among DMOP-C
    assert (ind[4].numerator, ind[4].denominator) == (3, 4)
    assert ind[4].value == pytest.approx(0.75)
    assert ind[4].formatted("en") == "3 of 4 (75.0 %)"
    # 5: refined; 6: a sustainability plan record or the phase
    assert ind[5].counted == ("MAUEP", "OLD")
    assert ind[6].counted == ("CR", "OLD")


def test_as_of_counts_only_phase_changes_up_to_that_day():
    dmops = [DmopRecord("MAUEP", phase="refined",
                        phases=(("pilot", D(2024, 8, 19)), ("evaluated", D(2025, 6, 20)), ("refined", D(2025, 8, 29))))]
    before = {i.number: i for i in compute_indicators(dmops, as_of=D(2025, 1, 1))}
    assert (before[3].value, before[4].numerator, before[5].value) == (1, 0, 0)
    after = {i.number: i for i in compute_indicators(dmops, as_of=D(2025, 12, 31))}
    assert (after[4].numerator, after[5].value) == (1, 1)


def test_proportion_with_no_pilot_started_is_not_available():
    ind = {i.number: i for i in compute_indicators([DmopRecord("A")])}
    assert ind[4].value is None and ind[4].denominator == 0


def test_every_indicator_has_definition_numerator_and_denominator_in_both_languages():
    for ind in compute_indicators([DmopRecord("A", phase="pilot")], survey=["increase"]):
        for lang in ("es", "en"):
            d = ind.to_dict(lang)
            assert d["title"] and d["definition"] and d["numerator_text"] and d["denominator_text"]
    spanish = compute_indicators([])[0].to_dict("es")
    assert "coordinación" in spanish["title"]


def test_unknown_phase_is_rejected():
    with pytest.raises(ValueError):
        DmopRecord("A", phase="launched")
    assert isinstance(compute_indicators([])[0], Indicator)
