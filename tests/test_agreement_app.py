"""The agreement page driven headlessly: choose coders, read the figures, reconcile disagreements with clicks."""

from __future__ import annotations

import json
import re
from pathlib import Path

from test_agreement_store import coder_codings, consensus_codings, two_coder_project

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "agreement.ipynb"


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def app(project, **kw):
    from atlas_qual.widgets.agreement import AgreementApp

    return AgreementApp(project, **kw)


def test_the_page_shows_figures_per_code_a_chart_and_the_progress(project, tmp_path):
    from atlas_qual.store.agreement import agreement_for

    two_coder_project(project, tmp_path)
    w = app(project)
    report = agreement_for(project)
    assert w.coders == ["ana.gimenez", "carlos.rojas"] and (w.done, w.total) == (0, 4)
    summary = text_of(w._summary.value)
    alpha = f"{report.krippendorff_alpha:.2f}".replace(".", ",")  # Spanish decimals
    assert f"{report.units} segmentos comparados" in summary and f"α = {alpha}" in summary
    assert "Evaluación/Fortalezas" in summary and "General" in summary
    assert "<svg" in w._summary.value and "Alfa de Krippendorff por código" in w._summary.value
    assert "0 de 4 desacuerdos conciliados" in text_of(w._progress.value)
    assert "Desacuerdo 1 de 4" in text_of(w._card.value) and "Pendiente" in text_of(w._card.value)
    assert w._table.value.count("<tr>") == 5  # header + 4 disagreements


def test_clicking_apply_and_reject_reconciles_and_keeps_the_coders_codings(project, tmp_path):
    two_coder_project(project, tmp_path)
    before = coder_codings(project)
    w = app(project)
    first = w._rows[0]
    w._apply.click()
    assert (w.done, w.index) == (1, 1)
    assert "1 de 4 desacuerdos conciliados" in text_of(w._progress.value)
    assert "consenso" in text_of(w._status.value)
    w._reject.click()
    assert w.done == 2
    stored = consensus_codings(project)
    assert [(seg, status) for seg, _c, _k, status in stored if seg == first.segment_id][0][1] == "accepted"
    assert sorted(status for *_x, status in stored) == ["accepted", "rejected"]
    assert coder_codings(project) == before
    # a fresh page (another browser, or after a reload) shows the stored decisions
    again = app(project)
    assert again.done == 2 and again.index == 2
    assert "Conciliado: se aplica" in again._table.value and "Conciliado: no se aplica" in again._table.value


def test_undo_navigation_language_and_the_end_of_reconciliation(project, tmp_path):
    two_coder_project(project, tmp_path)
    w = app(project)
    w._apply.click()
    w._prev.click()
    assert w.index == 0 and "Conciliado: se aplica" in text_of(w._card.value)
    w._clear.click()
    assert w.done == 0 and consensus_codings(project) == []
    w._toggle.value = "en"
    assert "0 of 4 disagreements reconciled" in text_of(w._progress.value)
    assert "Does" in text_of(w._card.value) and "Overall" in text_of(w._summary.value)
    for _ in range(4):
        w._reject.click()
    assert (w.done, w.total) == (4, 4) and "Every disagreement is reconciled" in text_of(w._card.value)
    assert w._next_pending.disabled


def test_choosing_one_coder_asks_for_two_and_hides_reconciliation(project, tmp_path):
    two_coder_project(project, tmp_path)
    w = app(project)
    w._picker.value = ("ana.gimenez",)
    assert w.coders == ["ana.gimenez"] and w.total == 0
    assert "dos codificadores" in text_of(w._summary.value)
    assert w._decide_box.layout.display == "none"
    w._picker.value = ("ana.gimenez", "carlos.rojas")
    assert w.total == 4 and w._decide_box.layout.display is None


def test_copy_agreed_codings_button_fills_the_consensus(project, tmp_path):
    two_coder_project(project, tmp_path)
    w = app(project, coders=["carlos.rojas", "ana.gimenez"])
    w._adopt.click()
    assert "3" in text_of(w._status.value) and len(consensus_codings(project)) == 3
    assert w.done == 0  # agreed codings are not disagreements


def test_segment_text_in_the_page_is_redacted_and_code_names_are_escaped(project, tmp_path):
    from atlas_qual.store.codebook import add_code
    from test_agreement_store import code

    segs = two_coder_project(project, tmp_path)
    add_code(project, "<img src=x onerror=alert(1)>", parent="Evaluación")
    code(project, segs["cr.txt"][1], "Evaluación/<img src=x onerror=alert(1)>", "ana.gimenez")
    w = app(project)
    w._next.click()
    card = w._card.value
    assert "0981 123 456" not in card and "[teléfono]" in card and "Rosa" not in card
    everything = w._card.value + w._table.value + w._summary.value
    while w.index != w.total - 1:
        w._next.click()
        everything += w._card.value
    assert "<img src=x" not in everything and "&lt;img src=x onerror=alert(1)&gt;" in everything


def test_notebook_is_a_thin_view_without_logic():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    source = "".join("".join(c["source"]) for c in code)
    assert "AgreementApp.from_request()" in source
    assert "def " not in source and "class " not in source
    assert all(not c.get("outputs") for c in code) and len(source.strip().splitlines()) <= 3
