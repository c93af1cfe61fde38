"""What the rendered reports of round 8 still showed: the coverage table and the heat map of codes by territory gave a
territory with a single interview its own row and column (in a small territory that points at one person), and the
agreement annex printed kappa 0,00 / alpha -0,03 for a code applied once, where the agreement page prints "—" with the
reason. Documents are reopened with python-docx; chart data is read where the report hands it to the chart."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from atlas_qual.reports.docx_build import document_text

SINGLE = "Boquerón"  # the territory with one interview
HEADER = """Título: Piloto MAUEP
DMOP: MAUEP
Territorio: {territory}
Institución: {institution}
Rol: {role}
Modalidad: presencial
Fecha: 2025-04-{day:02d}
Seudónimo: {code}

Entrevistadora: ¿Qué funcionó mejor del procedimiento unificado?

Participante: Lo mejor fueron las capacitaciones conjuntas; ahora nos conocemos y nos llamamos antes de cada inspección.

Entrevistadora: ¿Y qué no funcionó?

Participante: Faltan inspectores y vehículos para llegar a las chacras del interior.

Entrevistadora: ¿Cambió la coordinación?

Participante: Sí, la coordinación aumentó con la fiscalía y con la CODENI.
"""
# three interviews in Alto Paraná, one in Boquerón
PEOPLE = [("Alto Paraná", "MTESS", "inspectora", "AP-1"), ("Alto Paraná", "PN", "comisario", "AP-2"),
          ("Alto Paraná", "MP", "fiscal", "AP-3"), (SINGLE, "CODENI", "consejera", "BQ-1")]


def build(project, tmp_path) -> None:
    """Four interviews coded by two coders who agree everywhere except on one code that only one of them applied,
    once (kappa 0, alpha just below 0: what the annex printed)."""
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.transcripts import import_files, transcript_segments

    paths = []
    for k, (territory, institution, role, code) in enumerate(PEOPLE):
        path = tmp_path / f"{code}.txt"
        path.write_text(HEADER.format(territory=territory, institution=institution, role=role, code=code, day=k + 1),
                        encoding="utf-8")
        paths.append(path)
    report = import_files(project, paths)
    assert not report.errors, report.errors
    for k, item in enumerate(report.imported):
        segs = {s["ordinal"]: s["id"] for s in transcript_segments(project, item.transcript_id)}
        for coder in ("ana.gimenez", "carlos.rojas"):
            apply_code(project, segs[2], "Evaluación/Fortalezas", coder)
            apply_code(project, segs[4], "Evaluación/Debilidades", coder)
            apply_code(project, segs[6], "Cambio en la coordinación/Aumento", coder)
        if k == 0:
            apply_code(project, segs[2], "Evaluación/Soluciones innovadoras", "ana.gimenez")


@pytest.fixture
def small_territory(project, tmp_path):
    build(project, tmp_path)
    return project


@pytest.fixture
def drawn(monkeypatch):
    """What the report hands to each chart: {chart: [(args, kwargs)]}."""
    from atlas_qual.reports import charts

    calls: dict[str, list] = {}
    for name in ("heatmap", "stacked_bars", "bar_chart"):
        original = getattr(charts, name)

        def spy(*args, _name=name, _original=original, **kw):
            calls.setdefault(_name, []).append((args, kw))
            return _original(*args, **kw)

        monkeypatch.setattr(charts, name, spy)
    return calls


def generate(project, out: Path, lang: str = "es", kind: str = "dmop") -> Path:
    from atlas_qual.reports.generate import generate_report

    return generate_report(project, kind, out, dmop="MAUEP", lang=lang, toc_pages=False).path


def table_cells(doc) -> list[str]:
    """Every cell of every table but the codebook annex's (which lists every territory code of the reference data,
    interviewed or not: no count)."""
    codebook = (["Código", "Definición"], ["Code", "Definition"])
    return [cell.text for table in doc.tables if [c.text for c in table.rows[0].cells] not in codebook
            for row in table.rows for cell in row.cells]


def alt_texts(path: Path) -> list[str]:
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)


def coverage_table(doc, territory_word: str, interviews_word: str):
    return next(tb for tb in doc.tables if [c.text for c in tb.rows[0].cells][:2] == [territory_word, interviews_word]
                and len(tb.columns) == 3)


@pytest.mark.parametrize("lang, others, territory, interviews, total", [
    ("es", "Otros (menos de 3 cada uno)", "Territorio", "Entrevistas", "Total"),
    ("en", "Others (fewer than 3 each)", "Territory", "Interviews", "Total")])
def test_no_table_or_chart_gives_the_single_interview_territory_its_own_row_or_column(
        small_territory, tmp_path, drawn, lang, others, territory, interviews, total):
    out = generate(small_territory, tmp_path / f"informe_{lang}.docx", lang)
    doc = docx.Document(str(out))
    # the coverage table: the territory of one interview is in "Others", the rows still add up to the total
    table = coverage_table(doc, territory, interviews)
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows == [["Alto Paraná", "3", "3"], [others, "1", "1"], [total, "4", "4"]]
    # no table anywhere names it (coverage, sample, coordination, interview annex, ...)
    assert not [c for c in table_cells(doc) if SINGLE in c]
    # the heat map: one column per territory of 3 or more coded interviews; Boquerón alone is not drawn
    (args, kw), = drawn["heatmap"]
    rows_drawn, columns, matrix = args
    assert columns == ["Alto Paraná"] and all(len(r) == 1 for r in matrix)
    assert all(SINGLE not in str(c) for call in drawn.values() for a, k in call for c in (*a, *k.values()))
    assert not [alt for alt in alt_texts(out) if SINGLE in alt]
    text = document_text(doc)
    assert ("suman sus segmentos en la columna «Otros»" if lang == "es"
            else "add their segments up in the “Others” column") in text


def test_the_heat_maps_others_column_sums_the_segments_of_the_small_territories(tmp_path, drawn):
    from atlas_qual.reports.dmop import build_dmop_report
    from atlas_qual.reports.model import DmopReportData, Interview

    interviews = tuple(Interview(f"E-0{k}", "", "MTESS", terr, "", None, coded=True)
                       for k, terr in enumerate(["Alto Paraná"] * 3 + ["Boquerón", "Ñeembucú", "Ñeembucú"]))
    data = DmopReportData(lang="en", dmop_id="MAUEP", dmop_name="Route", interviews=interviews,
                          territories=("Alto Paraná", "Boquerón", "Ñeembucú"), settings={"report.small_cell": "3"},
                          codes_by_territory=(("Strengths", (5, 1, 2)), ("Weaknesses", (4, 0, 3))))
    doc = docx.Document(str(build_dmop_report(data).save(tmp_path / "r.docx")))
    (args, _kw), = drawn["heatmap"]
    # segments, as the caption says: Boquerón's and Ñeembucú's added up in one column
    assert args[1] == ["Alto Paraná", "Others (fewer than 3 each)"] and args[2] == [[5, 3], [4, 3]]
    table = coverage_table(doc, "Territory", "Interviews")
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        ["Alto Paraná", "3", "3"], ["Others (fewer than 3 each)", "3", "3"], ["Total", "6", "6"]]
    assert not [c for c in table_cells(doc) if "Boquerón" in c or "Ñeembucú" in c]


def test_no_heat_map_when_every_territory_is_too_small_even_together(tmp_path, drawn):
    from atlas_qual.reports.dmop import build_dmop_report
    from atlas_qual.reports.model import DmopReportData, Interview

    interviews = (Interview("E-01", territory="Alto Paraná", coded=True), Interview("E-02", territory=SINGLE,
                                                                                    coded=True))
    data = DmopReportData(lang="es", dmop_id="MAUEP", dmop_name="Ruta", interviews=interviews,
                          territories=("Alto Paraná", SINGLE), codes_by_territory=(("Fortalezas", (1, 1)),))
    doc = docx.Document(str(build_dmop_report(data).save(tmp_path / "r.docx")))
    assert "heatmap" not in drawn
    assert "No se muestra el mapa de calor de códigos por territorio" in document_text(doc)
    assert not [c for c in table_cells(doc) if SINGLE in c or "Alto Paraná" in c]


def test_the_plan_sums_small_territories_into_others(tmp_path):
    from atlas_qual.reports.model import DmopReportData, FindingSection, Interview
    from atlas_qual.reports.plan import PlanReportData, build_plan_report

    interviews = tuple(Interview(f"E-0{k}", "", "MTESS", terr, "", None, frozenset({"increase"}), coded=True)
                       for k, terr in enumerate(["Alto Paraná"] * 3 + [SINGLE, "Ñeembucú", "Ñeembucú"]))
    sections = (FindingSection("strengths", "Evaluación/Fortalezas", 6, 6,
                               (("Alto Paraná", 3), (SINGLE, 1), ("Ñeembucú", 2))),)
    evaluation = DmopReportData(lang="es", dmop_id="MAUEP", dmop_name="Ruta", interviews=interviews,
                                territories=("Alto Paraná", SINGLE, "Ñeembucú"), sections=sections)
    doc = build_plan_report(PlanReportData(lang="es", dmop_id="MAUEP", dmop_name="Ruta",
                                           evaluation=evaluation)).doc
    table = next(tb for tb in doc.tables if tb.rows[0].cells[0].text == "Territorio")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[0] for r in rows] == ["Alto Paraná", "Otros (menos de 3 cada uno)"]
    assert rows[1][2:] == ["3", "3", "0", "3 / 0 / 0"]
    assert not [c for c in table_cells(doc) if SINGLE in c or "Ñeembucú" in c]
    assert "se suman en «Otros»" in document_text(doc)


@pytest.mark.parametrize("lang, reason", [
    ("es", "«—» en κ o α: el código tiene muy pocos casos positivos (segmentos con el código, mínimo: 2"),
    ("en", "“—” in κ or α: the code has too few positive cases (segments with the code, minimum: 2")])
def test_the_agreement_annex_prints_a_dash_and_its_reason_for_a_code_applied_once(small_territory, tmp_path, lang,
                                                                                   reason):
    out = generate(small_territory, tmp_path / f"acuerdo_{lang}.docx", lang)
    doc = docx.Document(str(out))
    table = next(tb for tb in doc.tables if [c.text for c in tb.rows[0].cells][1:3] == ["κ", "α"])
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    once = next(v for k, v in rows.items() if k.endswith(("Soluciones innovadoras", "Innovative solutions")))
    assert once[1:3] == ["—", "—"] and once[5] == "1"
    assert not any(x in " ".join(once) for x in ("0,00", "0.00", "−0,0", "−0.0"))
    # a code both coders applied on four segments keeps its figures
    both = next(v for k, v in rows.items() if k.endswith(("Fortalezas", "Strengths")))
    assert both[1] == ("1,00" if lang == "es" else "1.00")
    assert reason in document_text(doc)


def test_the_annex_gives_no_reason_when_no_figure_is_withheld(tmp_path):
    from atlas_qual.reports.dmop import build_dmop_report
    from atlas_qual.reports.model import DmopReportData

    agreement = {"units": 10, "percent_agreement": 0.9, "krippendorff_alpha": 0.8, "cohen_kappa": 0.8,
                 "per_code": {"Evaluación/Fortalezas": {"kappa": 0.8, "alpha": 0.8, "percent": 0.9, "n": 10,
                                                        "positives": 4}}}
    data = DmopReportData(lang="es", dmop_id="MAUEP", dmop_name="Ruta", agreement=agreement)
    text = document_text(build_dmop_report(data, charts=False).doc)
    assert "0,80" in text and "«—» en κ o α" not in text
