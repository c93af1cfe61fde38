"""Krippendorff's unitized alpha on coded spans (units = characters): the worked example of Krippendorff (2004,
Content Analysis, 2nd ed., p. 254), simple cases computed by hand, the CLI's per-code "unitized_alpha", and the
reconciliation page showing each coder's spans side by side with the segment figures labelled as such."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from atlas_qual.agreement import unitized_alpha
from atlas_qual.store.coding import apply_code
from atlas_qual.store.models import Segment
from atlas_qual.store.transcripts import import_files

# Krippendorff (2004: 254): a continuum of 300 units starting at 150, two observers, category c
# observer i: [225, 295) and [370, 400); observer j: [220, 300), [355, 375) and [400, 420)
# observed: the pairs of overlapping units give 5² + 5² = 50, 15² + 25² = 850 and j's [400, 420) inside a gap of i
# gives 20² = 400: 2 * 1300 / (2 * 1 * 300²) = 0.0144; expected 0.0532; alpha = 1 - 0.0144 / 0.0532 = 0.7286.
# Category k: both observers [180, 240) and [300, 350): observed 0, expected 0.0490, alpha 1.
EXAMPLE_C = {"i": [(225, 295), (370, 400)], "j": [(220, 300), (355, 375), (400, 420)]}
EXAMPLE_K = {"i": [(180, 240), (300, 350)], "j": [(180, 240), (300, 350)]}


def test_krippendorff_2004_worked_example_category_c():
    r = unitized_alpha(EXAMPLE_C, 300, begin=150)
    assert r.observed == pytest.approx(1300 / 90000)
    assert r.observed == pytest.approx(0.0144, abs=5e-5)
    assert r.expected == pytest.approx(0.0532, abs=5e-5)
    assert r.alpha == pytest.approx(0.7286, abs=5e-5)
    assert (r.units, r.length) == (5, 300)


def test_krippendorff_2004_worked_example_category_k_agrees_perfectly():
    r = unitized_alpha(EXAMPLE_K, 300, begin=150)
    assert r.observed == 0 and r.expected == pytest.approx(0.0490, abs=5e-5) and r.alpha == 1.0


def test_hand_computed_two_coders_one_span_each():
    # continuum 10, a: [2, 6), b: [3, 6). Observed: the two units overlap: (2-3)² + (6-6)² = 1 -> D_o = 2*1/(2*100).
    # Expected: N = 2 units (l = 4, 3); gaps a: 2, 4; b: 3, 4.
    # l=4: (1/3)(128-48+4) = 28, plus 16 * ((4-4+1) + (4-4+1)) = 32 -> 60
    # l=3: (1/3)(54-27+3) = 10, plus 9 * ((4-3+1) + (4-3+1) + (3-3+1)) = 45 -> 55
    # D_e = (2/10) * 115 / (2*10*19 - (12 + 6)) = 23 / 362
    r = unitized_alpha({"a": [(2, 6)], "b": [(3, 6)]}, 10)
    assert r.observed == pytest.approx(0.01)
    assert r.expected == pytest.approx(23 / 362)
    assert r.alpha == pytest.approx(1 - 0.01 / (23 / 362))


def test_a_coder_s_overlapping_spans_are_one_unit_and_nobody_coding_is_undefined():
    merged = unitized_alpha({"a": [(0, 5), (3, 8)], "b": [(0, 8)]}, 20)
    assert merged.alpha == 1.0 and merged.units == 2
    assert unitized_alpha({"a": [], "b": []}, 20).alpha is None
    assert unitized_alpha({"a": [(0, 3)]}, 20).alpha is None  # one coder: no agreement to measure


def test_missing_a_span_entirely_is_worse_than_shifting_its_end():
    shifted = unitized_alpha({"a": [(10, 30)], "b": [(10, 33)]}, 100).alpha
    missed = unitized_alpha({"a": [(10, 30)], "b": []}, 100).alpha
    assert 0.9 < shifted < 1 and missed < shifted


@pytest.fixture
def two_coders(project, tmp_path):
    path = tmp_path / "e.txt"
    path.write_text("P: ¿Qué falta?\nR: Falta personal en la regional y la fiscalía tarda en derivar.\n"
                    "P: ¿Algo más?\nR: El directorio funciona bien desde el año pasado.\n", encoding="utf-8")
    assert not import_files(project, [path]).errors
    with project.session() as s:
        segs = {o: (sid, a) for o, sid, a in s.execute(select(Segment.ordinal, Segment.id, Segment.start))}
    sid, a = segs[2]
    apply_code(project, sid, "Debilidades", "ana", start=a + 0, end=a + 30)
    apply_code(project, sid, "Debilidades", "carlos", start=a + 0, end=a + 33)
    apply_code(project, segs[4][0], "Fortalezas", "ana")  # whole turn; carlos did not apply it
    apply_code(project, segs[4][0], "Debilidades", "carlos", start=segs[4][1] + 3, end=segs[4][1] + 13)
    return segs


def test_cli_agreement_json_keeps_its_contract_and_adds_unitized_alpha_per_code(cli, project_path, two_coders):
    res = cli("agreement", "--coders", "ana,carlos", "--json", "--project", str(project_path))
    assert res.code == 0, res.err
    data = res.json()
    assert {"units", "percent_agreement", "krippendorff_alpha", "per_code"} <= set(data)
    weak = data["per_code"]["Evaluación/Debilidades"]
    assert {"kappa", "alpha", "n"} <= set(weak)
    assert 0 < weak["unitized_alpha"] < 1  # same start, ends 3 characters apart, one span of carlos's alone
    assert data["per_code"]["Evaluación/Fortalezas"]["unitized_alpha"] < weak["unitized_alpha"]


def test_reconciliation_shows_each_coder_s_spans_side_by_side_and_labels_segment_figures(project, two_coders):
    from atlas_qual.widgets.agreement import AgreementApp

    app = AgreementApp(project, coders=["ana", "carlos"])
    assert "κ (segmentos)" in app._summary.value and "αU (caracteres)" in app._summary.value
    while app._rows[app.index].ordinal != 4 or app._rows[app.index].code != "Evaluación/Debilidades":
        app._next.click()
    card = app._card.value
    assert "data-testid='sides'" in card
    ana = card.split("data-coder='ana'")[1].split("data-coder='carlos'")[0]
    carlos = card.split("data-coder='carlos'")[1]
    assert "no lo aplicó" in ana and "<mark" not in ana
    assert "3-13" in carlos and 'background:#c6282840">directorio</mark> funciona' in carlos
