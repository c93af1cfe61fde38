"""Inter-coder agreement: values equal scikit-learn and the krippendorff package; report definitions hold."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from atlas_qual.agreement import (
    AgreementReport,
    agreement,
    cohen_kappa,
    explain_reason,
    krippendorff_alpha_nominal,
    percent_agreement,
)
from atlas_qual.errors import AtlasQualError

nan = float("nan")

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x 12 units, nominal.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]


def random_reliability_data(rng: np.random.Generator, coders: int, units: int, categories: int, missing: float):
    data = rng.integers(0, categories, size=(coders, units)).astype(float)
    # Coders agree more often than chance, as real coders do, so alpha is not near zero.
    consensus = rng.integers(0, categories, size=units)
    agree = rng.random((coders, units)) < 0.6
    data[agree] = np.broadcast_to(consensus, data.shape)[agree]
    data[rng.random((coders, units)) < missing] = nan
    return data


def test_alpha_of_krippendorffs_published_nominal_example_is_0743():
    assert round(krippendorff_alpha_nominal(KRIPPENDORFF_2011), 3) == 0.743


def test_alpha_equals_krippendorff_package_on_random_data_with_missing_values():
    krippendorff = pytest.importorskip("krippendorff")
    rng = np.random.default_rng(7)
    for coders, units, categories, missing in [(2, 50, 2, 0.1), (3, 200, 5, 0.3), (5, 40, 12, 0.5), (4, 1000, 3, 0.2)]:
        data = random_reliability_data(rng, coders, units, categories, missing)
        ours = krippendorff_alpha_nominal(data)
        theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert ours == pytest.approx(theirs, abs=1e-9)
    theirs = krippendorff.alpha(reliability_data=KRIPPENDORFF_2011, level_of_measurement="nominal")
    assert krippendorff_alpha_nominal(KRIPPENDORFF_2011) == pytest.approx(theirs, abs=1e-9)


def test_alpha_accepts_text_labels_with_none_for_missing():
    labels = {1: "muy bajo", 2: "bajo", 3: "medio", 4: "alto", 5: "muy alto"}
    as_text = [[None if math.isnan(v) else labels[int(v)] for v in row] for row in KRIPPENDORFF_2011]
    assert krippendorff_alpha_nominal(np.array(as_text, dtype=object)) == pytest.approx(
        krippendorff_alpha_nominal(KRIPPENDORFF_2011), abs=1e-12
    )


def test_alpha_is_nan_when_undefined_instead_of_raising():
    assert math.isnan(krippendorff_alpha_nominal([[1, 1, 1], [1, 1, 1]]))
    assert math.isnan(krippendorff_alpha_nominal([[1, nan], [nan, 2]]))


def test_kappa_equals_sklearn_on_random_labels():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(11)
    for n, k in [(30, 2), (200, 4), (1000, 7)]:
        a = rng.integers(0, k, n)
        b = np.where(rng.random(n) < 0.7, a, rng.integers(0, k, n))
        assert cohen_kappa(list(a), list(b)) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


def test_kappa_uses_only_units_both_coders_coded():
    from sklearn.metrics import cohen_kappa_score

    a = ["sí", "no", None, "sí", "no", "sí", nan, "no"]
    b = ["sí", "sí", "no", "sí", None, "sí", "no", "no"]
    both = [0, 1, 3, 5, 7]  # pairs 2, 4 and 6 miss a label
    expected = cohen_kappa_score([a[i] for i in both], [b[i] for i in both])
    assert cohen_kappa(a, b) == pytest.approx(expected, abs=1e-12)


def test_kappa_worked_example_two_readers_50_proposals_is_04():
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: observed 0.7, chance 0.5, kappa 0.4 (the textbook example).
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4, abs=1e-12)


def test_percent_agreement_counts_only_units_with_two_values():
    data = [[1, 1, 0, 1, nan], [1, 0, 0, nan, 1], [nan, 0, 0, nan, nan]]
    # unit 1: 1,1 agree; unit 2: 1,0,0 disagree; unit 3: agree; units 4 and 5: one value each, not pairable.
    assert percent_agreement(data) == pytest.approx(2 / 3)


# ---------------------------------------------------------------------------------------------------------------
# The segment-level report


def hand_made_case():
    """Three coders, six segments. Carlos did not code transcript B (segments 5 and 6); Ana and Lucía did.

    seg | ana        | carlos     | lucia
    1   | F          | F          | F
    2   | F, D       | F          | F, D
    3   | -          | -          | -
    4   | D          | D          | (missing)
    5   | T          | (missing)  | -
    6   | -          | (missing)  | (missing)   -> only one coder: not a unit
    """
    codings = [
        (1, "ana", "F"), (1, "carlos", "F"), (1, "lucia", "F"),
        (2, "ana", "F"), (2, "ana", "D"), (2, "carlos", "F"), (2, "lucia", "F"), (2, "lucia", "D"),
        (4, "ana", "D"), (4, "carlos", "D"),
        (5, "ana", "T"),
    ]
    coverage = {"ana": [1, 2, 3, 4, 5, 6], "carlos": [1, 2, 3, 4], "lucia": [1, 2, 3, 5]}
    return codings, coverage


def test_report_units_are_segments_covered_by_two_or_more_coders():
    report = agreement(*hand_made_case())
    assert report.units == 5  # segment 6 was coded by Ana alone
    assert report.coders == ("ana", "carlos", "lucia")
    assert set(report.per_code) == {"D", "F", "T"}


def test_report_overall_percent_is_share_of_segments_with_identical_code_sets():
    report = agreement(*hand_made_case())
    # Identical sets among the coders present: 1 yes, 2 no (Carlos lacks D), 3 yes, 4 yes, 5 no (Lucía lacks T).
    assert report.percent_agreement == pytest.approx(3 / 5)


def test_report_per_code_figures_on_hand_made_case():
    krippendorff = pytest.importorskip("krippendorff")
    report = agreement(*hand_made_case())
    f = report.per_code["F"]
    assert (f.n, f.positives, f.percent, f.kappa) == (5, 2, 1.0, None)  # kappa only for two coders
    d = report.per_code["D"]
    assert (d.positives, d.percent) == (2, pytest.approx(4 / 5))
    # Missing coders stay missing (NaN), not "did not apply the code".
    d_matrix = [[0, 1, 0, 1, 0], [0, 0, 0, 1, nan], [0, 1, 0, nan, 0]]
    assert d.alpha == pytest.approx(krippendorff.alpha(reliability_data=d_matrix, level_of_measurement="nominal"))
    assert d.alpha == pytest.approx(krippendorff_alpha_nominal(d_matrix))


def test_report_overall_alpha_pools_unit_code_pairs():
    krippendorff = pytest.importorskip("krippendorff")
    report = agreement(*hand_made_case())
    f_matrix = [[1, 1, 0, 0, 0], [1, 1, 0, 0, nan], [1, 1, 0, nan, 0]]
    d_matrix = [[0, 1, 0, 1, 0], [0, 0, 0, 1, nan], [0, 1, 0, nan, 0]]
    t_matrix = [[0, 0, 0, 0, 1], [0, 0, 0, 0, nan], [0, 0, 0, nan, 0]]
    pooled = np.hstack([d_matrix, f_matrix, t_matrix])
    assert report.krippendorff_alpha == pytest.approx(
        krippendorff.alpha(reliability_data=pooled, level_of_measurement="nominal"), abs=1e-12
    )


def test_report_disagreements_name_who_applied_and_who_did_not():
    report = agreement(*hand_made_case())
    found = {(d.unit, d.code): (d.applied_by, d.not_applied_by) for d in report.disagreements}
    assert found == {
        (2, "D"): (("ana", "lucia"), ("carlos",)),
        (5, "T"): (("ana",), ("lucia",)),  # Carlos is missing on segment 5: neither side
    }


def test_two_coder_report_equals_sklearn_and_krippendorff_per_code_and_pooled():
    krippendorff = pytest.importorskip("krippendorff")
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(3)
    units, codes = 300, ["Fortalezas", "Debilidades", "Recomendaciones", "Desafíos"]
    truth = rng.random((units, len(codes))) < 0.25
    coders = {}
    for coder in ("ana.gimenez", "carlos.rojas"):
        flips = rng.random(truth.shape) < 0.12
        coders[coder] = truth ^ flips
    codings = [(u, coder, codes[c]) for coder, m in coders.items() for u, c in zip(*np.nonzero(m))]
    # Carlos did not code the last 50 segments: they are not units, not disagreements.
    codings = [t for t in codings if not (t[1] == "carlos.rojas" and t[0] >= 250)]
    coverage = {"ana.gimenez": range(units), "carlos.rojas": range(250)}
    report = agreement(codings, coverage)
    assert report.units == 250
    a, b = coders["ana.gimenez"][:250], coders["carlos.rojas"][:250]
    for c, code in enumerate(codes):
        stats = report.per_code[code]
        assert stats.kappa == pytest.approx(cohen_kappa_score(a[:, c], b[:, c]), abs=1e-9)
        expected = krippendorff.alpha(reliability_data=np.vstack([a[:, c], b[:, c]]).astype(float),
                                      level_of_measurement="nominal")
        assert stats.alpha == pytest.approx(expected, abs=1e-9)
    assert report.cohen_kappa == pytest.approx(cohen_kappa_score(a.ravel(), b.ravel()), abs=1e-9)
    pooled = np.vstack([a.T.ravel(), b.T.ravel()]).astype(float)
    assert report.krippendorff_alpha == pytest.approx(
        krippendorff.alpha(reliability_data=pooled, level_of_measurement="nominal"), abs=1e-9
    )
    assert report.percent_agreement == pytest.approx(float((a == b).all(axis=1).mean()))


def test_code_nobody_applied_has_no_alpha_and_says_why():
    report = agreement([(1, "a", "X"), (1, "b", "X")], {"a": [1, 2], "b": [1, 2]}, codes=["X", "Criadazgo"])
    stats = report.per_code["Criadazgo"]
    assert (stats.alpha, stats.kappa, stats.percent, stats.reason) == (None, None, 1.0, "all_absent")
    assert "agree fully on its absence" in explain_reason(stats.reason, "en")
    assert report.per_code["X"].reason is None


def test_code_everyone_applied_everywhere_has_no_alpha_and_says_why():
    report = agreement([(1, "a", "X"), (1, "b", "X")], {"a": [1], "b": [1]})
    assert (report.per_code["X"].alpha, report.per_code["X"].reason) == (None, "all_present")
    assert (report.krippendorff_alpha, report.reason, report.percent_agreement) == (None, "all_present", 1.0)


def test_no_shared_segments_gives_zero_units_and_reason():
    report = agreement([(1, "a", "X"), (2, "b", "X")], {"a": [1], "b": [2]})
    assert (report.units, report.percent_agreement, report.krippendorff_alpha, report.reason) == (
        0, None, None, "no_units")


def test_a_single_chosen_coder_is_reported_not_crashed():
    codings, coverage = hand_made_case()
    report = agreement(codings, coverage, coders=["ana"])
    assert (report.units, report.reason) == (0, "too_few_coders")


def test_choosing_two_coders_ignores_the_third_and_gives_kappa():
    codings, coverage = hand_made_case()
    report = agreement(codings, coverage, coders=["ana", "carlos"])
    assert report.coders == ("ana", "carlos")
    assert report.units == 4  # segments 1-4; Carlos did not code 5 and 6
    assert report.cohen_kappa is not None
    assert report.per_code["D"].kappa == pytest.approx(cohen_kappa([0, 1, 0, 1], [0, 0, 0, 1]))


def test_unknown_coder_is_a_clear_user_error():
    codings, coverage = hand_made_case()
    with pytest.raises(AtlasQualError) as err:
        agreement(codings, coverage, coders=["ana", "pedro"])
    message = err.value.message("en")
    assert "pedro" in message and "ana, carlos, lucia" in message


def test_a_coding_implies_the_coder_covered_the_segment():
    report = agreement([(1, "a", "X"), (1, "b", "X")], {})
    assert report.units == 1


def test_json_has_the_cli_keys_and_never_nan():
    codings, coverage = hand_made_case()
    report = agreement(codings, coverage, codes=["F", "D", "T", "Criadazgo"])
    doc = report.to_dict()
    text = json.dumps(doc, allow_nan=False, ensure_ascii=False)  # raises on NaN
    assert {"units", "percent_agreement", "krippendorff_alpha", "cohen_kappa", "coders", "per_code",
            "disagreements"} <= set(doc)
    assert {"kappa", "alpha", "percent", "n"} <= set(doc["per_code"]["F"])
    assert doc["per_code"]["Criadazgo"]["alpha"] is None and doc["per_code"]["Criadazgo"]["reason"] == "all_absent"
    assert doc["disagreements"][0] == {"unit": 2, "code": "D", "applied_by": ["ana", "lucia"],
                                       "not_applied_by": ["carlos"]}
    assert "Criadazgo" in text


def test_report_is_immutable():
    report = agreement(*hand_made_case())
    assert isinstance(report, AgreementReport)
    with pytest.raises(AttributeError):
        report.units = 0  # type: ignore[misc]
