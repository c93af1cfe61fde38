"""Word reports, reopened with python-docx: headings, tables, inline charts, quotes, Spanish characters, no template
tag left, personal data redacted; templates the organisation restyles; the CLI; PDF page counts with LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from atlas_qual.errors import AtlasQualError
from atlas_qual.reports.docx_build import document_text

PHONE, EMAIL, CEDULA = "0981 123 456", "rosa.benitez@mtess.gov.py", "1.234.567"
NAMES = ("Rosa Benítez Ojeda", "Benítez", "Juan Carlos Duarte", "Duarte")

INTERVIEWS = {
    "ap.txt": """Título: Piloto MAUEP en Alto Paraná
DMOP: MAUEP
Territorio: Alto Paraná
Institución: MTESS
Rol: inspectora de trabajo
Modalidad: presencial
Fecha: 2025-04-08
Entrevistado: Rosa Benítez Ojeda
Seudónimo: INS-AP-01

Entrevistadora: ¿Qué funcionó mejor del procedimiento unificado?

Rosa Benítez: Lo mejor fueron las capacitaciones conjuntas con la fiscalía de Ñeembucú y de Alto Paraná; ahora la Sra. Benítez ya no trabaja sola, nos conocemos y nos llamamos antes de cada inspección.

Entrevistadora: ¿Y qué no funcionó?

Rosa Benítez: Faltan inspectores y vehículos; para llegar a las chacras del interior dependemos del combustible de la policía, y así perdemos semanas enteras de trabajo.

Entrevistadora: ¿Qué recomendaría?

Rosa Benítez: Que la ruta se apruebe por resolución de cada institución. Pueden escribirme a rosa.benitez@mtess.gov.py o llamarme al 0981 123 456; mi cédula es C.I. 1.234.567 por si necesitan el registro.

Entrevistadora: ¿Cambió la coordinación?

Rosa Benítez: Sí, la coordinación aumentó muchísimo con la fiscalía y con la CODENI; antes ni sabíamos quién era quién en la ruta.
""",
    "nee.txt": """Título: Piloto MAUEP en Ñeembucú
DMOP: MAUEP
Territorio: Ñeembucú
Institución: PN
Rol: comisario
Modalidad: telefónica
Fecha: 2025-04-22
Entrevistado: Juan Carlos Duarte
Seudónimo: POL-NEE-02

Entrevistador: ¿Qué funcionó?

Juan Carlos Duarte: La ficha única de derivación: ahora todos anotamos los mismos datos del niño y del caso, y la CODENI de Pilar recibe el caso el mismo día en que lo encontramos.

Entrevistador: ¿Y las debilidades?

Juan Carlos Duarte: El juzgado tarda semanas en dar la orden de allanamiento; cuando llegamos, los trabajadores ya fueron llevados a otra estancia, como le dije al comisario Duarte de la otra comisaría.

Entrevistador: ¿Cambió la coordinación con otras instituciones?

Juan Carlos Duarte: Con la fiscalía se mantuvo igual que antes del piloto; seguimos esperando sus llamadas para cada procedimiento.
""",
    "cr.txt": """Título: Campaña comunitaria en San Pedro
DMOP: CR
Territorio: San Pedro
Institución: CODENI
Rol: consejera CODENI
Modalidad: en línea
Fecha: 2025-05-02
Entrevistado: María Gómez
Seudónimo: COD-SP-03

Entrevistadora: ¿Qué funcionó de la campaña?

María Gómez: Los microprogramas en guaraní de la radio comunitaria llegaron a las compañías donde no hay internet; las familias llamaron al 147 para preguntar por el criadazgo.
""",
}

CODES = {  # (file, turn ordinal) -> codes of each coder
    ("ap.txt", 2): ["Evaluación/Fortalezas"],
    ("ap.txt", 4): ["Evaluación/Debilidades"],
    ("ap.txt", 6): ["Evaluación/Recomendaciones"],
    ("ap.txt", 8): ["Cambio en la coordinación/Aumento"],
    ("nee.txt", 2): ["Evaluación/Fortalezas", "Evaluación/Soluciones innovadoras"],
    ("nee.txt", 4): ["Evaluación/Debilidades"],
    ("nee.txt", 6): ["Cambio en la coordinación/Sin cambio"],
    ("cr.txt", 2): ["Evaluación/Fortalezas"],
}


def build_project(project, tmp_path) -> dict[str, int]:
    """Three interviews coded by two coders (who disagree once), meetings, phases, and a stored theme run."""
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.register import add_meeting, add_phase_change
    from atlas_qual.store.transcripts import import_files, transcript_segments

    paths = []
    for name, text in INTERVIEWS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    report = import_files(project, paths)
    assert not report.errors, report.errors
    ids = {Path(i.file).name: i.transcript_id for i in report.imported}
    for (name, ordinal), codes in CODES.items():
        seg = next(s for s in transcript_segments(project, ids[name]) if s["ordinal"] == ordinal)
        for code in codes:
            apply_code(project, seg["id"], code, "ana.gimenez")
            if code != "Evaluación/Soluciones innovadoras":
                apply_code(project, seg["id"], code, "carlos.rojas")
    add_meeting(project, date="2025-03-14", dmop="MAUEP", territory="Ñeembucú", title="Capacitación conjunta",
                topics="Ruta de intervención; roles", challenges="Rotación de funcionarios; llamar a Benítez al 0981 123 456",
                innovative_solutions="Ficha única de derivación", actions_taken="Ficha distribuida",
                attendees=[{"name": "Ana Pérez", "institution": "MTESS", "role": "inspectora", "gender": "f"},
                           {"name": "Luis Ríos", "institution": "PN", "role": "comisario", "gender": "m"}])
    add_phase_change(project, "MAUEP", "pilot", "2024-08-19", "Alto Paraná")
    add_phase_change(project, "MAUEP", "evaluated", "2025-06-20")
    store_theme(project, ids)
    return ids


def store_theme(project, ids) -> None:
    """A stored theme run over the strengths of MAUEP, as the themes store writes it (the report must read it, never
    run the model). Written directly: a fixture standing in for a finished theme analysis."""
    from sqlalchemy import select

    from atlas_qual.store.models import Code, Segment, Theme, ThemeAssignment, ThemeRun

    def _do(s):
        parent = s.scalar(select(Code).where(Code.name == "Evaluación", Code.parent_id.is_(None)))
        code = s.scalar(select(Code).where(Code.name == "Fortalezas", Code.parent_id == parent.id))
        run = ThemeRun(code_id=code.id, filters={"dmop": "MAUEP"}, model="fixture", lang="es")
        s.add(run)
        s.flush()
        theme = Theme(run_id=run.id, number=0, label="capacitaciones_fiscalía", custom_label="Capacitación conjunta",
                      terms=["capacitaciones", "fiscalía", "benítez", "ruta"], size=2)
        other = Theme(run_id=run.id, number=1, label="ficha_derivación", custom_label="",
                      terms=["ficha", "derivación"], size=1)
        s.add_all([theme, other])
        s.flush()
        segs = {t: [x.id for x in s.scalars(select(Segment).where(Segment.transcript_id == tid)
                                           .order_by(Segment.ordinal))] for t, tid in ids.items()}
        s.add_all([ThemeAssignment(theme_id=theme.id, segment_id=segs["ap.txt"][1], representative=True, score=0.9),
                   ThemeAssignment(theme_id=other.id, segment_id=segs["nee.txt"][1], representative=True, score=0.8)])

    project.write(_do)


@pytest.fixture
def coded(project, tmp_path):
    build_project(project, tmp_path)
    return project


def headings(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def all_xml_text(path: Path) -> str:
    """Every text node of every XML part (body, headers, footers, core properties): what a reader could find."""
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", xml)


def generate(project, kind, out, **kw):
    from atlas_qual.reports.generate import generate_report

    return generate_report(project, kind, out, **kw)


# --- the DMOP evaluation report ---------------------------------------------------------------------------------


def test_dmop_report_has_sections_tables_charts_quotes_and_spanish_text(coded, tmp_path):
    before_bertopic = "bertopic" in sys.modules
    out = generate(coded, "dmop", tmp_path / "informe.docx", dmop="MAUEP", lang="es").path
    doc = docx.Document(str(out))
    heads = headings(doc)
    for expected in ("Resumen ejecutivo", "Metodología", "Quiénes fueron entrevistados", "Lo que funciona (fortalezas)",
                     "Debilidades", "Recomendaciones", "Cambio en la coordinación",
                     "Desafíos y soluciones innovadoras de las reuniones", "Indicadores", "Anexos",
                     "Anexo A. Libro de códigos", "Anexo B. Acuerdo entre codificadores"):
        assert expected in heads, (expected, heads)
    assert len(doc.inline_shapes) >= 4  # codes by territory, themes, coordination change, indicators
    assert len(doc.tables) >= 7
    text = document_text(doc)
    assert "Ñeembucú" in text and "codificación" in text.lower()
    assert "{{" not in text and "{%" not in text
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    sources = [p.text for p in doc.paragraphs if p.style.name == "Quote Source"]
    assert len(quotes) >= 4 and len(sources) == len(quotes)
    assert any("INS-AP-01, inspectora de trabajo, Alto Paraná" in s for s in sources)
    assert any("POL-NEE-02" in s for s in sources)
    # the CR interview is not in the MAUEP report
    assert "COD-SP-03" not in text and "guaraní" not in text
    # stored themes with the analyst's label; the report never ran the model
    assert "Capacitación conjunta" in text and "Tema: Capacitación conjunta" in text
    if not before_bertopic:
        assert "bertopic" not in sys.modules
    # the indicators table carries numerators and denominators
    indicator_table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Indicador y definición")
    assert len(indicator_table.rows) == 7
    assert indicator_table.rows[1].cells[2].text == "50,0 %"  # 1 increase out of 2 interviews on coordination
    assert indicator_table.rows[4].cells[2].text.startswith("1 de 1")
    # meetings: challenges and innovative solutions from the register
    assert "Ficha única de derivación" in text and "Rotación de funcionarios" in text


def test_no_phone_email_id_number_or_listed_name_survives_redaction(coded, tmp_path):
    out = generate(coded, "dmop", tmp_path / "informe.docx", dmop="MAUEP", lang="es").path
    everything = all_xml_text(out)
    for secret in (PHONE, EMAIL, CEDULA, *NAMES):
        assert secret not in everything, secret
    assert "[teléfono]" in everything and "[correo]" in everything and "[cédula]" in everything
    assert "INS-AP-01" in everything
    assert "{{" not in everything and "{%" not in everything  # body, headers, footers and document properties
    handout = generate(coded, "handout", tmp_path / "hoja.docx", dmop="MAUEP", lang="es").path
    for secret in (PHONE, EMAIL, *NAMES):
        assert secret not in all_xml_text(handout), secret


def test_no_redact_keeps_the_original_text_and_warns(coded, tmp_path):
    out = generate(coded, "dmop", tmp_path / "crudo.docx", dmop="MAUEP", lang="es", redact=False).path
    everything = all_xml_text(out)
    assert PHONE in everything and EMAIL in everything
    assert "ATENCIÓN" in everything


def test_english_report_uses_english_labels_and_code_names(coded, tmp_path):
    out = generate(coded, "dmop", tmp_path / "report.docx", dmop="MAUEP", lang="en").path
    doc = docx.Document(str(out))
    heads = headings(doc)
    assert {"Executive summary", "Methodology", "What works (strengths)", "Weaknesses", "Recommendations",
            "Coordination change", "Indicators", "Annexes"} <= set(heads)
    text = document_text(doc)
    assert "Evaluation/Strengths" in text and "Page" in text
    assert "[phone]" in text and PHONE not in text


def test_territory_report_covers_only_that_territory(coded, tmp_path):
    out = generate(coded, "dmop", tmp_path / "nee.docx", dmop="MAUEP", territory="Neembucu", lang="es").path
    doc = docx.Document(str(out))
    assert "Territorio: Ñeembucú" in document_text(doc)
    sources = " ".join(p.text for p in doc.paragraphs if p.style.name == "Quote Source")
    assert "POL-NEE-02" in sources and "INS-AP-01" not in sources
    interviews = next(t for t in doc.tables if t.rows[0].cells[0].text == "Seudónimo")
    assert [r.cells[0].text for r in interviews.rows[1:]] == ["POL-NEE-02"]


def test_report_for_a_dmop_without_interviews_says_how_to_add_them(project, tmp_path):
    out = generate(project, "dmop", tmp_path / "vacio.docx", dmop="IPACM", lang="es").path
    text = document_text(docx.Document(str(out)))
    assert "atlas-qual import" in text and "{{" not in text


def test_report_builds_from_hand_made_data_without_a_database(tmp_path):
    from atlas_qual.indicators import compute_indicators
    from atlas_qual.reports.dmop import build_dmop_report
    from atlas_qual.reports.model import DmopReportData, FindingSection, Interview, Quote

    quote = Quote("La niña trabajaba como criada en Ñeembucú; el acompañamiento llegó tarde.", "DEF-01",
                  "defensora pública", "Ñeembucú")
    data = DmopReportData(
        lang="es", dmop_id="MAUEP", dmop_name="Procedimientos unificados",
        interviews=(Interview("DEF-01", "defensora pública", "MDP", "Ñeembucú", "phone", None,
                              frozenset({"decrease"})),),
        territories=("Ñeembucú",),
        sections=(FindingSection("weaknesses", "Evaluación/Debilidades", 1, 1, (("Ñeembucú", 1),), (), (quote,)),),
        indicators=compute_indicators([]))
    path = build_dmop_report(data, charts=False).save(tmp_path / "a.docx")
    doc = docx.Document(str(path))
    assert "«La niña trabajaba como criada en Ñeembucú; el acompañamiento llegó tarde.»" in [p.text for p in
                                                                                             doc.paragraphs]
    assert len(doc.inline_shapes) == 0
    assert "Disminución" in document_text(doc)


# --- handout and workshop report --------------------------------------------------------------------------------


def test_handout_has_key_findings_and_discussion_questions(coded, tmp_path):
    out = generate(coded, "handout", tmp_path / "hoja.docx", dmop="MAUEP", lang="es").path
    doc = docx.Document(str(out))
    heads = headings(doc)
    assert "Hallazgos clave" in heads and "Preguntas para la discusión" in heads
    questions = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    assert len(questions) >= 4 and all("¿" in q and q.endswith("?") for q in questions)
    text = document_text(doc)
    assert "Capacitación conjunta" in text  # the stored theme leads the strengths
    assert "{{" not in text and "Ñeembucú" in text


@pytest.fixture
def demo(demo_project):
    from atlas_qual.store import open_project

    p = open_project(demo_project)
    yield p
    p.dispose()


def finished_session(project, kind: str = "gaps") -> str:
    from atlas_qual.store.workshop import list_sessions

    return next(s.code for s in list_sessions(project) if s.participants and s.kind == kind)


def test_workshop_report_has_gate_table_ranking_chart_shortlist_and_workgroups(demo, tmp_path):
    from atlas_qual.store.workshop import results, workgroups

    code = finished_session(demo)
    out = generate(demo, "workshop", tmp_path / "taller.docx", session=code.lower(), lang="es").path
    doc = docx.Document(str(out))
    heads = headings(doc)
    for expected in ("Resumen", "Ronda de filtro", "Ranking de los ítems que califican", "Desempates",
                     "Lista corta y DMOP-C a desarrollar", "Grupos de trabajo"):
        assert expected in heads
    gate = next(t for t in doc.tables if t.rows[0].cells[0].text == "Brecha" and len(t.columns) == 8)
    assert [c.text for c in gate.rows[0].cells][4:] == ["Premisas", "Conclusión", "Difieren", "Califica"]
    res = results(demo, code)
    assert len(gate.rows) == len(res["gaps"]) + 1
    assert len(doc.inline_shapes) == 1
    text = document_text(doc)
    for item in res["shortlist"]:
        assert item in text
    member = workgroups(demo, code)[0]["name"]
    assert member in text
    assert "W de Kendall" in text and "{{" not in text


def test_learning_workshop_report_lists_endorsed_recommendations(demo, tmp_path):
    from atlas_qual.store.workshop import list_sessions

    if not any(s.kind == "learning" and s.participants for s in list_sessions(demo)):
        pytest.skip("the demo has no learning workshop")
    code = finished_session(demo, "learning")
    out = generate(demo, "workshop", tmp_path / "aprendizaje.docx", session=code, lang="en").path
    doc = docx.Document(str(out))
    gate = next(t for t in doc.tables if t.rows[0].cells[0].text == "Recommendation")
    assert [c.text for c in gate.rows[0].cells][1:] == ["% yes", "Premise", "Conclusion", "Differ", "Qualifies"]
    assert "Learning workshop: endorsed recommendations and priorities" in document_text(doc)


def test_demo_dmop_report_in_english_for_one_territory(demo, tmp_path):
    out = generate(demo, "dmop", tmp_path / "cr.docx", dmop="CR", territory="San Pedro", lang="en").path
    doc = docx.Document(str(out))
    text = document_text(doc)
    assert "Territory: San Pedro" in text and "Executive summary" in headings(doc)
    assert len(doc.inline_shapes) >= 2


# --- templates --------------------------------------------------------------------------------------------------


def test_default_templates_hold_styles_page_fields_toc_and_placeholders():
    from atlas_qual.reports.templates import KINDS, template_path

    for kind in KINDS:
        path = template_path(kind)
        assert path.exists(), f"run templates/make_templates.py ({path})"
        doc = docx.Document(str(path))
        names = {s.name for s in doc.styles}
        assert {"Quote", "Quote Source", "Caption", "Atlas Table", "Heading 1", "Title"} <= names
        footer_xml = doc.sections[0].footer._element.xml
        assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
        assert any("{{ content }}" in p.text for p in doc.paragraphs)
        if kind != "handout":
            assert "TOC \\o" in doc.element.body.xml


def restyled_template(tmp_path, extra: str | None = None, split: bool = False) -> Path:
    from docx.shared import RGBColor

    from atlas_qual.reports.templates import template_path

    doc = docx.Document(str(template_path("dmop")))
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    header = doc.sections[0].header.paragraphs[0]
    header.add_run(" — MINISTERIO DE TRABAJO")
    if extra:
        doc.paragraphs[1].insert_paragraph_before(extra)
    if split:  # Word often splits a placeholder over several runs
        p = doc.paragraphs[1].insert_paragraph_before("")
        for piece in ("Preparado: {", "{ da", "te }", "}"):
            p.add_run(piece)
    path = tmp_path / "mi_plantilla.docx"
    doc.save(str(path))
    return path


def test_a_restyled_template_is_used_without_code_changes(coded, tmp_path):
    template = restyled_template(tmp_path, split=True)
    out = generate(coded, "dmop", tmp_path / "r.docx", dmop="MAUEP", lang="es", template=template).path
    doc = docx.Document(str(out))
    assert "MINISTERIO DE TRABAJO" in doc.sections[0].header.paragraphs[0].text
    assert str(doc.styles["Heading 1"].font.color.rgb) == "8B0000"
    prepared = next(p.text for p in doc.paragraphs if p.text.startswith("Preparado:"))
    assert re.fullmatch(r"Preparado: \d+ de \w+ de \d{4}", prepared)


@pytest.mark.parametrize("extra, fragment", [("{{ logo_text }}", "logo_text"),
                                              ("{% for x in y %}{{ x }}{% endfor %}", "{% for x in y %}")])
def test_a_template_with_an_unknown_field_or_code_is_refused(coded, tmp_path, extra, fragment):
    template = restyled_template(tmp_path, extra=extra)
    with pytest.raises(AtlasQualError) as exc:
        generate(coded, "dmop", tmp_path / "r.docx", dmop="MAUEP", lang="es", template=template)
    assert fragment in exc.value.message("es") and "mi_plantilla.docx" in exc.value.message("es")
    assert not (tmp_path / "r.docx").exists()


# --- CLI --------------------------------------------------------------------------------------------------------


def test_cli_report_dmop_and_handout(project_path, tmp_path, cli):
    from atlas_qual.store import open_project

    p = open_project(project_path)
    build_project(p, tmp_path)
    p.dispose()
    out = tmp_path / "out" / "informe.docx"
    res = cli("report", "dmop", "--dmop", "MAUEP", "--lang", "es", "--out", out, "--project", project_path, "--json")
    assert res.code == 0, res
    assert res.json()["out"] == str(out) and out.exists()
    res = cli("report", "handout", "--dmop", "NOPE", "--out", tmp_path / "h.docx", "--project", project_path)
    assert res.code == 1 and "NOPE" in res.err and "MAUEP" in res.err
    res = cli("report", "dmop", "--dmop", "MAUEP", "--out", tmp_path / "h.pdf", "--project", project_path)
    assert res.code == 1 and ".docx" in res.err


# --- PDF with LibreOffice ---------------------------------------------------------------------------------------


def to_pdf_pages(docx_path: Path, tmp_path: Path) -> int:
    from pypdf import PdfReader

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    outdir = tmp_path / "pdf"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to",
                    "pdf", "--outdir", str(outdir), str(docx_path)], check=True, capture_output=True, timeout=180)
    return len(PdfReader(str(outdir / (docx_path.stem + ".pdf"))).pages)


def test_reports_convert_to_pdf_with_sensible_page_counts(demo, tmp_path):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice (soffice) is not installed")
    report = generate(demo, "dmop", tmp_path / "mauep.docx", dmop="MAUEP", lang="es").path
    assert 8 <= to_pdf_pages(report, tmp_path) <= 40
    handout = generate(demo, "handout", tmp_path / "hoja.docx", dmop="MAUEP", lang="es").path
    assert 2 <= to_pdf_pages(handout, tmp_path) <= 4
