"""The English DMOP report's agreement annex named codes by their Spanish paths ("Evaluación/Debilidades") under a
codebook annex in English: both annexes now use the report language's names."""

from __future__ import annotations

import docx

from test_reports import build_project


def test_the_english_agreement_annex_names_codes_as_the_codebook_annex_does(project, tmp_path):
    from atlas_qual.reports.generate import generate_report

    build_project(project, tmp_path)
    out = generate_report(project, "dmop", tmp_path / "r.docx", dmop="MAUEP", lang="en", toc_pages=False).path
    doc = docx.Document(str(out))
    table = next(tb for tb in doc.tables if "κ" in [c.text for c in tb.rows[0].cells])
    codes = [row.cells[0].text for row in table.rows[2:]]
    assert codes, "the agreement table lists codes"
    assert not any("Evaluación" in c or "Debilidades" in c or "Fortalezas" in c for c in codes), codes
    assert any("Weaknesses" in c or "Strengths" in c or "Evaluation" in c for c in codes), codes
