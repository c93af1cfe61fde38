"""The analysts' report texts in Excel: a workbook report teams can read and edit (sheets per section, headers in
their language, drafts marked), read back with the same checks as YAML, redacted by default, and every bad file one
message naming the sheet, row and fix, with the stored texts left as they were."""

from __future__ import annotations

import os
import stat

import pytest
from openpyxl import load_workbook

from atlas_qual.i18n import set_lang
from atlas_qual.store.report_content import get_content, save_content

DRAFT_CONCLUSION = "La ruta parece funcionar (borrador de la herramienta)."
EDITED_CONCLUSION = "El MAUEP mejoró la coordinación donde se implementó."


@pytest.fixture
def drafted(project):
    """MAUEP with a machine-drafted conclusion and analyst-written lessons and recommendations."""
    save_content(project, "MAUEP", {
        "background": {"es": "Antes del piloto cada institución tenía su ruta.", "en": "Before the pilot each "
                                                                                         "institution had its route."},
        "questions": [{"id": "EQ1", "criterion": "relevance", "question": {"es": "¿Responde a las necesidades?"},
                       "finding": {"es": "Borrador: 5 segmentos de fortalezas."}, "evidence": ["strengths"],
                       "draft": True},
                      {"id": "EQ2", "criterion": "effectiveness", "question": {"es": "¿Mejoró la coordinación?"},
                       "finding": {"es": "La coordinación mejoró.", "en": "Coordination improved."},
                       "evidence": ["coordination", "strengths"], "quotes": [30, 56]}],
        "conclusions": [{"text": {"es": DRAFT_CONCLUSION}, "draft": True},
                        {"text": {"es": "Falta el Poder Judicial.", "en": "The Judiciary is missing."}}],
        "lessons": [{"kind": "practice", "text": {"es": "Casos espejo mensuales."}}],
        "recommendations": [{"id": "R1", "text": {"es": "Sumar al Poder Judicial."}, "responsible": "PJ",
                             "timeline": {"es": "2026", "en": "2026"}, "priority": "high", "finding": "EQ2"}],
        "quote_translations": {30: {"original": "Lo más valioso", "en": "The most valuable thing"}},
    })
    return project


def sheet(wb, title):
    assert title in wb.sheetnames, wb.sheetnames
    return wb[title]


def header_of(ws) -> list[str]:
    return [c.value for c in ws[1]]


def column(ws, name) -> int:
    return header_of(ws).index(name) + 1


def test_workbook_has_a_readable_sheet_per_section_with_drafts_marked_and_no_raw_keys(drafted, cli, project_path,
                                                                                       tmp_path):
    out = tmp_path / "mauep.xlsx"
    res = cli("report", "content", "export", "--dmop", "MAUEP", "--out", out, "--project", project_path)
    assert res.code == 0, res
    assert "Borrador" in res.out and str(out) in res.out
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    wb = load_workbook(out)
    assert wb.sheetnames == ["Contexto", "Preguntas y hallazgos", "Conclusiones", "Lecciones", "Recomendaciones",
                             "Traducciones de citas"]
    qs = wb["Preguntas y hallazgos"]
    assert header_of(qs) == ["ID", "Criterio OCDE-CAD", "Pregunta (español)", "Pregunta (inglés)", "Hallazgo (español)",
                             "Hallazgo (inglés)", "Evidencia (apartados codificados)",
                             "Citas elegidas (n.º de segmento)", "Borrador"]
    assert [c.value for c in qs[2]][:2] == ["EQ1", "Pertinencia"] and qs.cell(2, 9).value == "sí"
    assert [c.value for c in qs[3]][1] == "Eficacia" and qs.cell(3, 9).value == "no"
    assert qs.cell(3, 7).value == "cambio en la coordinación; lo que funciona" and qs.cell(3, 8).value == "30, 56"
    for ws in wb.worksheets:  # readable: frozen header, wrapped text, wide text columns, no stored keys shown
        assert ws.freeze_panes == "A2"
        assert all(c.alignment.wrap_text for row in ws.iter_rows() for c in row)
        values = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
        assert not values & {"relevance", "effectiveness", "high", "practice", "strengths", "coordination", "True",
                             "theory_of_change"}
    assert wb["Conclusiones"].column_dimensions["B"].width >= 60
    assert wb["Conclusiones"].cell(2, 2).fill.fgColor.rgb.endswith("FFF2CC")  # the draft row is shaded
    assert [c.value for c in wb["Recomendaciones"][2]] == ["R1", "Sumar al Poder Judicial.", None, "PJ", "2026",
                                                           "2026", "Alta", "EQ2", "no"]
    assert [c.value for c in wb["Lecciones"][2]][0] == "Práctica prometedora"
    assert [c.value for c in wb["Traducciones de citas"][2]] == [30, "Lo más valioso", "The most valuable thing"]

    en = tmp_path / "mauep_en.xlsx"
    assert cli("report", "content", "export", "--dmop", "MAUEP", "--out", en, "--lang", "en",
               "--project", project_path).code == 0
    wb = load_workbook(en)
    qs = sheet(wb, "Questions and findings")
    assert header_of(qs)[1] == "OECD-DAC criterion" and header_of(qs)[-1] == "Draft"
    assert qs.cell(2, 2).value == "Relevance" and qs.cell(2, 9).value == "yes"


def test_edited_workbook_imports_and_the_report_shows_the_edit_no_longer_a_draft(drafted, cli, project_path,
                                                                                 tmp_path):
    from atlas_qual.store.report_data import dmop_report_data

    out = tmp_path / "mauep.xlsx"
    assert cli("report", "content", "export", "--dmop", "MAUEP", "--out", out, "--project", project_path).code == 0
    wb = load_workbook(out)
    ws = wb["Conclusiones"]
    assert ws.cell(2, 2).value == DRAFT_CONCLUSION and ws.cell(2, 4).value == "sí"
    ws.cell(2, 2).value = EDITED_CONCLUSION
    ws.cell(2, 4).value = None  # the analyst clears the draft mark
    ws.cell(2, 3).value = "The MAUEP improved coordination where it was implemented."
    wb.save(out)

    res = cli("report", "content", "import", out, "--project", project_path, "--json")
    assert res.code == 0, res
    assert res.json()["conclusions"] == 2 and res.json()["drafts"] == 1  # only EQ1 is still a draft
    content = dmop_report_data(drafted, "MAUEP", lang="es").content
    first = content["conclusions"][0]
    assert first["text"] == {"es": EDITED_CONCLUSION, "en": "The MAUEP improved coordination where it was "
                                                            "implemented."}
    assert first["draft"] is False
    assert content["questions"][0]["draft"] is True and content["questions"][1]["quotes"] == [30, 56]
    assert content["recommendations"][0]["priority"] == "high" and content["quote_translations"][30]["en"]
    # nothing else moved: the rest of the document is what was stored
    assert content["background"]["en"].startswith("Before the pilot")
    assert content["lessons"] == [{"kind": "practice", "text": {"es": "Casos espejo mensuales.", "en": ""},
                                   "draft": False}]


def test_an_english_workbook_imports_under_spanish_messages(drafted, cli, project_path, tmp_path):
    out = tmp_path / "mauep_en.xlsx"
    assert cli("report", "content", "export", "--dmop", "MAUEP", "--out", out, "--lang", "en",
               "--project", project_path).code == 0
    before = get_content(drafted, "MAUEP")
    save_content(drafted, "MAUEP", {"conclusions": []})
    res = cli("report", "content", "import", out, "--project", project_path)
    assert res.code == 0, res
    assert get_content(drafted, "MAUEP") == before


def _import_fails(cli, project, project_path, path, *extra) -> str:
    before = get_content(project, "MAUEP")
    res = cli("report", "content", "import", path, "--project", project_path, *extra)
    assert res.code == 1, res
    lines = res.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("atlas-qual: error:") and "Traceback" not in res.err, res.err
    assert get_content(project, "MAUEP") == before  # the stored texts are untouched
    return lines[0]


def test_a_missing_required_column_or_an_unknown_criterion_names_sheet_and_row(drafted, cli, project_path,
                                                                               tmp_path):
    out = tmp_path / "mauep.xlsx"
    assert cli("report", "content", "export", "--dmop", "MAUEP", "--out", out, "--project", project_path).code == 0

    wb = load_workbook(out)
    ws = wb["Preguntas y hallazgos"]
    ws.delete_cols(column(ws, "Criterio OCDE-CAD"))
    wb.save(tmp_path / "no_column.xlsx")
    err = _import_fails(cli, drafted, project_path, tmp_path / "no_column.xlsx")
    assert "hoja «Preguntas y hallazgos», fila 1" in err and "«Criterio OCDE-CAD»" in err and "restaure" in err

    wb = load_workbook(out)
    wb["Preguntas y hallazgos"].cell(3, 2).value = "Relevancia"
    wb["Conclusiones"].cell(2, 2).value = "Este cambio no debe guardarse."
    wb.save(tmp_path / "criterion.xlsx")
    err = _import_fails(cli, drafted, project_path, tmp_path / "criterion.xlsx")
    assert "hoja «Preguntas y hallazgos», fila 3" in err and "«Relevancia»" in err
    assert "Pertinencia, Coherencia, Eficacia, Eficiencia, Impacto, Sostenibilidad" in err
    err = _import_fails(cli, drafted, project_path, tmp_path / "criterion.xlsx", "--lang", "en")
    assert "sheet “Preguntas y hallazgos”, row 3" in err and "Relevance, Coherence" in err
    set_lang("es")  # the in-process CLI keeps the last --lang; a new process would start in Spanish

    wb = load_workbook(out)
    wb["Recomendaciones"].cell(2, 7).value = "Urgente"
    wb["Recomendaciones"].cell(2, 9).value = "quizás"
    wb.save(tmp_path / "priority.xlsx")
    err = _import_fails(cli, drafted, project_path, tmp_path / "priority.xlsx")
    assert "hoja «Recomendaciones», fila 2, columna «Prioridad»" in err and "Alta, Media, Baja" in err

    wb = load_workbook(out)
    del wb["Lecciones"]
    wb.save(tmp_path / "no_sheet.xlsx")
    err = _import_fails(cli, drafted, project_path, tmp_path / "no_sheet.xlsx")
    assert "falta la hoja «Lecciones»" in err


def test_a_file_that_is_not_a_workbook_is_one_clear_message(drafted, cli, project_path, tmp_path):
    text = tmp_path / "notas.xlsx"
    text.write_text("dmop: MAUEP\nesto no es Excel\n", encoding="utf-8")
    err = _import_fails(cli, drafted, project_path, text)
    assert "notas.xlsx: no es un libro de Excel (.xlsx) válido" in err and "guárdelo" in err
    truncated = tmp_path / "cortado.xlsx"
    assert cli("report", "content", "export", "--dmop", "MAUEP", "--out", tmp_path / "full.xlsx",
               "--project", project_path).code == 0
    truncated.write_bytes((tmp_path / "full.xlsx").read_bytes()[:3000])
    assert "cortado.xlsx: no es un libro de Excel (.xlsx) válido" in _import_fails(cli, drafted, project_path,
                                                                                  truncated)
    old = tmp_path / "viejo.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "(.xls)" in _import_fails(cli, drafted, project_path, old)
    other = tmp_path / "textos.docx"
    other.write_bytes(b"PK")
    assert ".yaml o .xlsx" in _import_fails(cli, drafted, project_path, other)
    res = cli("report", "content", "export", "--dmop", "MAUEP", "--out", tmp_path / "x.csv", "--project",
              project_path)
    assert res.code == 1 and ".yaml o .xlsx" in res.err and not (tmp_path / "x.csv").exists()


def test_export_hides_names_and_phones_in_analysts_texts_unless_no_redact(project, cli, project_path, tmp_path):
    from atlas_qual.store.names import add_names

    add_names(project, ["Ana Lucía Britez"], added_by="ana.gimenez")
    save_content(project, "MAUEP", {
        "questions": [{"id": "EQ1", "criterion": "relevance", "question": {"es": "¿Sirve?"},
                       "finding": {"es": "«Ana Lucía Britez llamó al 0981 123 456 y el fiscal de turno vino»."}}],
        "conclusions": [{"text": {"es": "Ver a Ana Lucía Britez.", "en": "See Ana Lucía Britez."}}],
        "recommendations": [{"id": "R1", "text": {"es": "Volver a llamar a Britez."}, "priority": "high"}]})
    out = tmp_path / "red.xlsx"
    assert cli("report", "content", "export", "--dmop", "MAUEP", "--out", out, "--project", project_path).code == 0
    cells = " ".join(str(c.value) for ws in load_workbook(out).worksheets for row in ws.iter_rows() for c in row)
    assert "Britez" not in cells and "0981" not in cells and "el fiscal de turno vino" in cells

    raw = tmp_path / "raw.xlsx"
    res = cli("report", "content", "export", "--dmop", "MAUEP", "--out", raw, "--no-redact", "--project",
              project_path)
    assert res.code == 0 and "ATENCIÓN" in res.out
    cells = " ".join(str(c.value) for ws in load_workbook(raw).worksheets for row in ws.iter_rows() for c in row)
    assert "Ana Lucía Britez llamó al 0981 123 456" in cells


def test_yaml_still_round_trips_with_out_and_positional_file(drafted, cli, project_path, tmp_path):
    before = get_content(drafted, "MAUEP")
    for args in (("--out", tmp_path / "a.yaml"), (tmp_path / "b.yaml",)):
        assert cli("report", "content", "export", "--dmop", "MAUEP", *args, "--project", project_path).code == 0
    assert stat.S_IMODE(os.stat(tmp_path / "a.yaml").st_mode) == 0o600
    assert cli("report", "content", "import", tmp_path / "a.yaml", "--project", project_path).code == 0
    assert get_content(drafted, "MAUEP") == before
    res = cli("report", "content", "export", "--dmop", "MAUEP", "--project", project_path)
    assert res.code == 1 and "--out" in res.err
