"""Numbers in the reader's locale and no raw keys in the files people read: a Spanish and an English DMOP report, the
workshop report and the Excel workbooks of the demo project."""

from __future__ import annotations

import re

import pytest
from docx import Document
from openpyxl import load_workbook

# stored values that must never reach a Spanish reader as they are (each has a display name in the catalogs)
RAW_KEYS = ("in_person", "alto_parana", "asuncion_central", "radio_comunitaria", "technical_expert", "atlas_team",
            "no_change", "sustainability_plan", "institutionalized")
SPANISH_DECIMAL_POINT = re.compile(r"(?<![\d.,/:-])\d{1,3}\.\d{1,2}(?![\d.,/:-])")   # 4.29, 0.78 (not 4.617)
ENGLISH_DECIMAL_COMMA = re.compile(r"(?<![\d.,/:-])\d{1,3},\d{1,2}(?![\d.,/:-])")     # 4,29 (not 4,617)


def _docx_text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _without_quotes(text: str) -> str:
    """The report's own text: interviewees' words are quoted as said («...», “...”) and a version is not a number."""
    text = re.sub(r"«[^»]*»|“[^”]*”|\"[^\"]*\"", "", text)
    return re.sub(r"\b[Vv]ersi[oó]n\s+\S+", "", text)  # a version number (1.0) is not a decimal


@pytest.fixture(scope="module")
def reports(demo_project_template, tmp_path_factory):
    from conftest import run_cli_process

    out = tmp_path_factory.mktemp("locale")
    made = {}
    for lang in ("es", "en"):
        path = out / f"mauep_{lang}.docx"
        res = run_cli_process("report", "dmop", "--dmop", "MAUEP", "--lang", lang, "--allow-incomplete", "--out",
                              path, "--project", demo_project_template)
        assert res.code == 0, res
        made[lang] = path
    return made


def test_spanish_report_writes_decimal_commas_and_no_raw_keys(reports):
    text = _without_quotes(_docx_text(reports["es"]))
    assert re.search(r"\d,\d", text), "the Spanish report shows no decimal number at all"
    bad = SPANISH_DECIMAL_POINT.findall(text)
    assert not bad, bad[:10]
    leaked = [k for k in RAW_KEYS if re.search(rf"\b{k}\b", text)]
    assert not leaked, leaked


def test_english_report_writes_decimal_points_and_no_raw_keys(reports):
    text = _without_quotes(_docx_text(reports["en"]))
    bad = ENGLISH_DECIMAL_COMMA.findall(text)
    assert not bad, bad[:10]
    leaked = [k for k in RAW_KEYS if re.search(rf"\b{k}\b", text)]
    assert not leaked, leaked


def test_spanish_workbook_shows_display_names_not_stored_keys(demo_project_template, tmp_path):
    from conftest import run_cli_process

    path = tmp_path / "todo.xlsx"
    res = run_cli_process("export", "xlsx", str(path), "--lang", "es", "--project", demo_project_template)
    assert res.code == 0, res
    cells = []
    for ws in load_workbook(path, read_only=True).worksheets:
        for row in ws.iter_rows(values_only=True):
            cells.extend(str(v) for v in row if isinstance(v, str))
    leaked = sorted({c for c in cells if c.strip() in RAW_KEYS})
    assert not leaked, leaked
    assert any(c == "Alto Paraná" for c in cells) or any("Alto Paraná" in c for c in cells)
