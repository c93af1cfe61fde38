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


def test_the_handout_withholds_a_percentage_of_one_or_two_people(tmp_path):
    """The DMOP report withholds indicator 1 below 3 answers; the handout given to ministry officials printed
    '100 %' for the one person who answered."""
    from atlas_qual.indicators import Indicator
    from atlas_qual.reports.docx_build import document_text
    from atlas_qual.reports.handout import build_handout
    from atlas_qual.reports.model import DmopReportData, Interview

    interviews = (Interview("E-01", "", "MTESS", "Alto Paraná", "", None, frozenset({"increase"}), coded=True),)

    def text(n):
        ind = Indicator(number=1, value=100.0, numerator=n, denominator=n, unit="percent", source="survey")
        data = DmopReportData(lang="es", dmop_id="MAUEP", dmop_name="Ruta", interviews=interviews * n,
                              territories=("Alto Paraná",), indicators=(ind,))
        return document_text(docx.Document(str(build_handout(data).save(tmp_path / f"h{n}.docx"))))

    assert "100" not in text(1).split("1. Hallazgos clave")[0]  # the key figure above the findings
    assert "100,0\u00a0%" in text(4).split("1. Hallazgos clave")[0]
