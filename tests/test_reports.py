"""Word reports, reopened with python-docx: headings, tables, inline charts, quotes, Spanish characters, no template
tag left, personal data redacted; templates the organisation restyles; the CLI; PDF page counts with LibreOffice."""

from __future__ import annotations

import os
import re
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from atlas_qual.errors import AtlasQualError
from atlas_qual.reports.docx_build import document_text, quote_parts

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


def generate(project, kind, out, **kw):
    """A report as the CLI writes it, without the LibreOffice page-number pass (the PDF tests do that one)."""
    from atlas_qual.reports.generate import generate_report

    kw.setdefault("toc_pages", False)
    return generate_report(project, kind, out, **kw)


# catalog keys look like this; none may reach a reader
KEY_RE = re.compile(r"\b(?:report|content|handout|criterion|priority|learning_report|workshop_report|settings|"
                    r"institution_kind|indicator)_[a-z0-9_]+\b")
UNCONFIRMED_LABEL = "ficha_derivación"


def body_text(path: Path) -> str:
    return document_text(docx.Document(str(path)))


# --- the DMOP evaluation report ---------------------------------------------------------------------------------


def test_dmop_report_has_front_matter_and_every_section_a_donor_expects(coded, tmp_path):
    before_bertopic = "bertopic" in sys.modules
    out = generate(coded, "dmop", tmp_path / "informe.docx", dmop="MAUEP", lang="es").path
    doc = docx.Document(str(out))
    heads = headings(doc)
    for expected in ("Siglas y acrónimos", "1. Resumen ejecutivo", "2. Antecedentes", "2.1. Teoría de cambio del DMOP",
                     "3. Propósito, alcance y preguntas de la evaluación", "3.1. Preguntas de evaluación",
                     "4. Metodología", "4.1. Muestra y justificación",
                     "4.2. Consentimiento y principio de no causar daño",
                     "4.3. Codificación y acuerdo entre codificadores", "4.4. Cómo se derivaron los temas",
                     "4.5. Cobertura del análisis", "4.6. Encuesta de efectividad",
                     "5. Hallazgos por pregunta de evaluación", "5.1. Pertinencia", "5.3. Eficacia",
                     "5.6. Sostenibilidad", "6. Limitaciones", "7. Conclusiones",
                     "8. Lecciones aprendidas y prácticas prometedoras", "9. Recomendaciones", "10. Indicadores",
                     "Anexos", "Anexo A. Instrumentos", "Anexo B. Lista anonimizada de entrevistas",
                     "Anexo C. Libro de códigos", "Anexo D. Acuerdo entre codificadores",
                     "Anexo E. Historial de fases del DMOP"):
        assert expected in heads, (expected, heads)
    text = document_text(doc)
    # front matter: the standard USDOL statements and the partners
    assert "Departamento de Trabajo de los Estados Unidos" in text
    assert "no refleja necesariamente los puntos de vista o las políticas" in text
    assert "Winrock International, Partners of the Americas y Lawyers Without Borders" in text
    assert "Versión 1.0" in text
    assert "{{" not in text and "{%" not in text
    # every evaluation question sits under its OECD-DAC criterion
    for qid in ("EQ1", "EQ2", "EQ3", "EQ4", "EQ5", "EQ6"):
        assert any(h.startswith(qid + ". ¿") for h in heads), qid
    assert "Ñeembucú" in text
    # codes by territory, and coordination change, each unless every territory has too few interviews to draw alone
    small = "se agrupan en «Otros»" in "\n".join(p.text for p in doc.paragraphs)
    withheld = "No se muestra el mapa de calor de códigos por territorio" in text
    assert len(doc.inline_shapes) >= 2 - small - withheld
    quotes = [quote_parts(p) for p in doc.paragraphs if p.style.name == "Quote"]  # each with its source line
    sources = [source for _quote, source in quotes]
    assert quotes and all(re.match(r"E-\d\d, ", s) for s in sources), sources
    assert "COD-SP-03" not in text and "microprogramas" not in text  # the CR interview is not in the MAUEP report
    if not before_bertopic:
        assert "bertopic" not in sys.modules
    # indicators: DMOP and project values apart, with baseline, target, period and sex columns
    table = next(t for t in doc.tables if len(t.columns) == 7 and t.rows[0].cells[2].text == "Nivel")
    assert [c.text for c in table.rows[0].cells][3:] == ["Línea de base", "Meta", "Valor", "Sexo"]
    assert any(p.text.startswith("Tabla") and "Indicadores del período" in p.text for p in doc.paragraphs)
    # 1 of 2 interviews: too few for a percentage, so the value is withheld and n is given
    assert table.rows[1].cells[2].text == "DMOP MAUEP"
    assert table.rows[1].cells[5].text == "no se informa (n\u00a0=\u00a02, mínimo 3)"
    assert table.rows[2].cells[2].text == "Proyecto"
    # register text kept whole: the innovative solution is one item
    assert "Ficha única de derivación" in text


def test_coverage_sentence_matches_the_store_everywhere_the_sample_is_mentioned(coded, tmp_path):
    from atlas_qual.store.transcripts import import_files

    extra = tmp_path / "sp.txt"
    extra.write_text(INTERVIEWS["nee.txt"].replace("Ñeembucú", "San Pedro").replace("POL-NEE-02", "POL-SP-04")
                     .replace("Juan Carlos Duarte", "Pedro Ramírez").replace("2025-04-22", "2025-05-02"),
                     encoding="utf-8")
    assert not import_files(coded, [extra]).errors  # a fourth interview: MAUEP now 2 of 3 coded by a person
    out = generate(coded, "dmop", tmp_path / "informe.docx", dmop="MAUEP", lang="es").path
    doc = docx.Document(str(out))
    text = document_text(doc)
    sentence = "2 de 3 entrevistas codificadas por una persona"
    cover = " ".join(p.text for p in doc.paragraphs[:12])
    assert sentence in cover
    sections = {}
    current = ""
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            current = p.text
        sections.setdefault(current, []).append(p.text)
    for heading in ("1. Resumen ejecutivo", "4. Metodología", "6. Limitaciones"):
        assert sentence in " ".join(sections[heading]), heading
    assert "3 de 3" not in text
    annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "Código" and len(t.columns) == 5)
    assert [r.cells[4].text for r in annex.rows[1:]].count("No") == 1


def test_below_the_threshold_the_report_is_refused_or_says_so_on_the_cover(coded, tmp_path):
    from atlas_qual.store.settings import set_setting
    from atlas_qual.store.transcripts import import_files

    for n in range(2):
        f = tmp_path / f"x{n}.txt"
        f.write_text(INTERVIEWS["nee.txt"].replace("POL-NEE-02", f"POL-NEE-1{n}").replace("2025-04-22", f"2025-05-1{n}")
                     .replace("semanas", f"semanas {n}"), encoding="utf-8")
        assert not import_files(coded, [f]).errors
    set_setting(coded, "report.min_coverage", "80 %")  # 2 of 4 coded: 50 %
    with pytest.raises(AtlasQualError) as exc:
        generate(coded, "dmop", tmp_path / "no.docx", dmop="MAUEP", lang="es")
    assert "2 de 4" in exc.value.message("es") and "--allow-incomplete" in exc.value.message("es")
    assert not (tmp_path / "no.docx").exists()
    out = generate(coded, "dmop", tmp_path / "si.docx", dmop="MAUEP", lang="es", allow_incomplete=True).path
    doc = docx.Document(str(out))
    cover = " ".join(p.text for p in doc.paragraphs[:12])
    assert "Análisis incompleto: 2 de 4 entrevistas codificadas por una persona" in cover
    assert any("análisis está incompleto" in p.text for p in doc.paragraphs if p.style.name == "List Bullet")


def test_no_machine_label_or_tool_command_reaches_a_report_unmarked(coded, tmp_path):
    for kind, lang in (("dmop", "es"), ("dmop", "en"), ("handout", "es"), ("handout", "gn")):
        text = body_text(generate(coded, kind, tmp_path / f"{kind}_{lang}.docx", dmop="MAUEP", lang=lang).path)
        assert UNCONFIRMED_LABEL not in text and "ficha, derivación" not in text, (kind, lang)
        assert "atlas-qual" not in text and "ejecute" not in text.lower() and "clic derecho" not in text, (kind, lang)
        assert not KEY_RE.search(text), (kind, lang, KEY_RE.search(text))
        # the themes the model found and nobody named are counted, marked, never named by their words
        if kind == "dmop":
            assert ("Tema 2 (sin revisar)" if lang == "es" else "Theme 2 (unreviewed)") in text
            assert "Capacitación conjunta" in text  # the analyst's name for the other theme
    # with no analyst content, the findings the tool drafted say they are drafts
    text = body_text(tmp_path / "dmop_es.docx")
    assert text.count("(borrador sin revisar)") >= 6


def test_each_quote_is_used_once_and_never_one_with_a_placeholder(coded, tmp_path):
    doc = docx.Document(str(generate(coded, "dmop", tmp_path / "i.docx", dmop="MAUEP", lang="es").path))
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert quotes and len(quotes) == len(set(quotes))
    assert not any(re.search(r"\[(teléfono|correo|cédula|nombre)\]", q) for q in quotes)
    assert not any("0981" in q for q in quotes)


def test_no_phone_email_id_number_or_listed_name_survives_redaction(coded, tmp_path):
    out = generate(coded, "dmop", tmp_path / "informe.docx", dmop="MAUEP", lang="es").path
    everything = all_xml_text(out)
    for secret in (PHONE, EMAIL, CEDULA, *NAMES):
        assert secret not in everything, secret
    assert "{{" not in everything and "{%" not in everything  # body, headers, footers and document properties
    # a surname alone (the register's "llamar a Benítez") may be a namesake: the placeholder, not her code
    assert "llamar a [nombre]" in everything and "llamar a E-0" not in everything
    handout = generate(coded, "handout", tmp_path / "hoja.docx", dmop="MAUEP", lang="es").path
    for secret in (PHONE, EMAIL, *NAMES):
        assert secret not in all_xml_text(handout), secret


def test_roles_are_generalised_dates_are_months_and_small_cells_merged(coded, tmp_path):
    text = body_text(generate(coded, "dmop", tmp_path / "i.docx", dmop="MAUEP", lang="es").path)
    assert "inspectora de trabajo" not in text  # the role says who it was
    assert "INS-AP-01" not in text and "POL-NEE-02" not in text  # project pseudonyms encode role and place
    assert "08/04/2025" not in text and "22/04/2025" not in text
    assert "abril de 2025" in text
    assert "Otros (menos de 3 cada uno)" in text and "identificación indirecta" in text
    # the only labour inspection interview, the only one from Alto Paraná: its description would name the person,
    # in the interview annex and under every quote, so it is generalised as the note promises
    assert "inspección del trabajo, Alto Paraná" not in text and "E-01, inspección del trabajo" not in text
    assert "E-01, otra institución (grupo pequeño)" in text


def test_a_project_that_allows_small_groups_describes_each_interview_by_kind_and_territory(coded, tmp_path):
    from atlas_qual.store.settings import set_setting

    set_setting(coded, "report.small_cell", "1")  # the project's explicit choice (e.g. a report kept in-house)
    text = body_text(generate(coded, "dmop", tmp_path / "k1.docx", dmop="MAUEP", lang="es").path)
    assert "E-01, inspección del trabajo, Alto Paraná" in text
    assert "E-01, otra institución (grupo pequeño)" not in text


def test_no_redact_keeps_the_original_text_and_warns(coded, tmp_path):
    out = generate(coded, "dmop", tmp_path / "crudo.docx", dmop="MAUEP", lang="es", redact=False).path
    everything = all_xml_text(out)
    assert "ATENCIÓN" in everything


def test_english_report_is_english_with_spanish_originals_marked(coded, tmp_path):
    from atlas_qual.store.report_content import save_content

    doc = docx.Document(str(generate(coded, "dmop", tmp_path / "r.docx", dmop="MAUEP", lang="en").path))
    heads = headings(doc)
    assert {"1. Executive summary", "4. Methodology", "5. Findings by evaluation question", "6. Limitations",
            "9. Recommendations", "10. Indicators", "Annexes"} <= set(heads)
    text = document_text(doc)
    assert "Page" in text and "Funding is provided by the United States Department of Labor" in text
    assert "2 of 2 interviews coded by a person" in text
    sources = [quote_parts(p)[1] for p in doc.paragraphs if p.style.name == "Quote"]
    assert sources and all("Spanish original" in s for s in sources)
    assert "Resumen ejecutivo" not in text and "inspección del trabajo" not in text
    # the analyst's translation of a quote replaces the Spanish original
    first = next(p for p in doc.paragraphs if p.style.name == "Quote").text
    from atlas_qual.store.report_data import dmop_report_data

    data = dmop_report_data(coded, "MAUEP", lang="en")
    quote = next(q for s in data.sections for q in s.candidates if q.text in first)
    save_content(coded, "MAUEP", {"quote_translations": {quote.segment_id: "The joint trainings worked best."}})
    doc = docx.Document(str(generate(coded, "dmop", tmp_path / "r2.docx", dmop="MAUEP", lang="en").path))
    assert "“The joint trainings worked best.”" in [quote_parts(p)[0] for p in doc.paragraphs]
    assert any("translated by the analysis team" in p.text for p in doc.paragraphs)


def test_document_language_captions_alt_text_and_print_resolution(coded, tmp_path):
    from io import BytesIO

    from PIL import Image

    from atlas_qual.store.settings import set_setting

    # one interview in each of two territories: by default no chart is drawn (each column would be one person)
    set_setting(coded, "report.small_cell", "1")
    for lang, tag in (("es", "es-PY"), ("en", "en-US")):
        path = generate(coded, "dmop", tmp_path / f"{lang}.docx", dmop="MAUEP", lang=lang).path
        doc = docx.Document(str(path))
        styles_xml = doc.styles.element.xml
        assert f'w:val="{tag}"' in styles_xml and 'w:val="en-US"' not in styles_xml.replace(
            'w:val="en-US"', "" if lang == "en" else 'w:val="en-US"')
        assert doc.core_properties.language == tag
        shapes = list(doc.inline_shapes)
        assert len(shapes) >= 1
        for shape in shapes:
            doc_pr = shape._inline.docPr
            assert len(doc_pr.get("descr") or "") > 20  # alt text that says what the chart shows
            blob = doc.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
            pixels = Image.open(BytesIO(blob)).size[0]
            assert pixels / (shape.width / 914400) >= 200, (pixels, shape.width)
        captions = [p for p in doc.paragraphs if p.style.name == "Caption"]
        assert len(captions) >= len(doc.tables) + len(shapes)


def test_analyst_content_round_trips_through_yaml_and_prints_without_draft_marks(coded, tmp_path, cli, project_path):
    import yaml

    from atlas_qual.store.report_content_files import export_content, import_content

    path = export_content(coded, "MAUEP", tmp_path / "mauep.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert raw["dmop"] == "MAUEP" and all(q["draft"] for q in raw["questions"])
    raw["questions"][0].update(finding={"es": "La ruta única respondió a lo que más faltaba.",
                                        "en": "The single route met the most pressing need."}, draft=False)
    raw["conclusions"] = [{"text": {"es": "El MAUEP es pertinente.", "en": "The MAUEP is relevant."}}]
    raw["recommendations"] = [{"id": "R1", "text": {"es": "Sumar al Poder Judicial.", "en": "Bring in the courts."},
                               "responsible": "PJ", "timeline": {"es": "2026", "en": "2026"}, "priority": "high",
                               "finding": "EQ1"}]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert import_content(coded, path)["recommendations"] == 1
    es = docx.Document(str(generate(coded, "dmop", tmp_path / "es.docx", dmop="MAUEP", lang="es").path))
    texts = [p.text for p in es.paragraphs]
    assert "Hallazgo: La ruta única respondió a lo que más faltaba." in texts
    assert "El MAUEP es pertinente." in texts
    recs = next(t for t in es.tables if t.rows[0].cells[1].text == "Recomendación")
    assert [c.text for c in recs.rows[1].cells] == ["R1", "Sumar al Poder Judicial.", "PJ\n2026", "Alta", "EQ1"]
    en = body_text(generate(coded, "dmop", tmp_path / "en.docx", dmop="MAUEP", lang="en").path)
    assert "The single route met the most pressing need." in en and "Bring in the courts." in en
    raw["recommendations"][0]["priority"] = "urgent"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AtlasQualError) as exc:
        import_content(coded, path)
    assert "recommendations[1]" in exc.value.message("es") and "high | medium | low" in exc.value.message("es")


def test_report_builds_from_hand_made_data_without_a_database(tmp_path):
    from atlas_qual.indicators import compute_indicators
    from atlas_qual.reports.dmop import build_dmop_report
    from atlas_qual.reports.model import DmopReportData, FindingSection, Interview, Quote

    quote = Quote("La niña trabajaba como criada en Ñeembucú; el acompañamiento llegó tarde.", "E-01",
                  "defensa pública, Ñeembucú", segment_id=7)
    data = DmopReportData(
        lang="es", dmop_id="MAUEP", dmop_name="Procedimientos unificados",
        interviews=(Interview("E-01", "defensora pública", "MDP", "Ñeembucú", "phone", None,
                              frozenset({"decrease"}), coded=True, group="defensa pública, Ñeembucú"),),
        territories=("Ñeembucú",),
        sections=(FindingSection("weaknesses", "Evaluación/Debilidades", 1, 1, (("Ñeembucú", 1),), (), (quote,),
                                 (quote,)),),
        content={"questions": [{"id": "EQ1", "criterion": "relevance", "question": {"es": "¿Sirve?"},
                                "finding": {"es": "Sí."}, "evidence": ["weaknesses"], "quotes": [], "draft": False}]},
        indicators=compute_indicators([]))
    path = build_dmop_report(data, charts=False).save(tmp_path / "a.docx")
    doc = docx.Document(str(path))
    texts = [quote_parts(p)[0] for p in doc.paragraphs]  # a quote paragraph ends with its source
    assert texts.count("«La niña trabajaba como criada en Ñeembucú; el acompañamiento llegó tarde.»") == 1
    assert "EQ1. ¿Sirve?" in texts and "1 de 1 entrevista codificada por una persona" in document_text(doc)
    assert len(doc.inline_shapes) == 0


def test_register_text_is_never_split_on_commas():
    from atlas_qual.reports.text import split_items

    assert split_items("Acuerdo de salidas conjuntas firmado por MTESS; fiscalía y Policía, con actas") == [
        "Acuerdo de salidas conjuntas firmado por MTESS; fiscalía y Policía, con actas"]
    assert split_items("Falta de presupuesto; Rotación del personal\nDemoras, sobre todo en el Chaco") == [
        "Falta de presupuesto", "Rotación del personal", "Demoras, sobre todo en el Chaco"]


def test_table_columns_are_wide_enough_for_their_longest_header_word():
    from atlas_qual.reports.docx_build import fit_widths
    from atlas_qual.reports.glyphs import word_width_cm

    margins = 0.32  # the table style's cell margins, 90 twips each side
    widths = fit_widths([1.2, 1.2, 13.6], ["Asistentes", "Responsable", "Tema"], [("12", "MTESS", "x")])
    assert widths[0] >= word_width_cm("Asistentes", bold=True) + margins
    assert widths[1] >= word_width_cm("Responsable", bold=True) + margins
    assert abs(sum(widths) - 16.0) < 1e-9


# --- handout, workshop and learning-workshop reports ------------------------------------------------------------


def test_handout_has_findings_and_discussion_questions_in_spanish_and_guarani(coded, tmp_path):
    doc = docx.Document(str(generate(coded, "handout", tmp_path / "hoja.docx", dmop="MAUEP", lang="es").path))
    heads = headings(doc)
    assert "1. Hallazgos clave" in heads and "2. Preguntas para la discusión" in heads
    questions = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    assert len(questions) >= 4 and all("¿" in q and q.endswith("?") for q in questions)
    assert not any(UNCONFIRMED_LABEL in q for q in questions)
    gn = docx.Document(str(generate(coded, "handout", tmp_path / "gn.docx", dmop="MAUEP", lang="gn").path))
    heads = headings(gn)
    assert "1. Mba'e ojejuhúva" in heads and "2. Porandu ñemongeta haguã" in heads
    text = document_text(gn)
    assert not KEY_RE.search(text) and "{{" not in text
    assert "2 entrevista 2-gui" in text  # the coverage sentence in Guaraní
    assert "Pertinencia" in text  # not translated yet: Spanish, never a key


@pytest.fixture
def demo(demo_project):
    from atlas_qual.store import open_project

    p = open_project(demo_project)
    yield p
    p.dispose()


def finished_session(project, kind: str = "gaps") -> str:
    from atlas_qual.store.workshop import list_sessions

    return next(s.code for s in list_sessions(project) if s.participants and s.kind == kind)


def test_workshop_report_states_date_place_facilitator_and_agenda(demo, tmp_path, cli, demo_project):
    from atlas_qual.store.workshop import results, workgroups

    code = finished_session(demo)
    res = cli("report", "details", "--session", code, "--date", "2025-03-12", "--place", "Hotel del Centro, Asunción",
              "--facilitator", "Equipo ATLAS", "--agenda", "Bienvenida\\nRonda de filtro\\nPuntajes",
              "--project", demo_project, "--json")
    assert res.code == 0, res
    out = generate(demo, "workshop", tmp_path / "taller.docx", session=code.lower(), lang="es").path
    doc = docx.Document(str(out))
    heads = headings(doc)
    assert "1. Datos del taller" in heads and "1.1. Agenda" in heads
    details = next(t for t in doc.tables if t.rows[0].cells[0].text == "Dato")
    assert [r.cells[1].text for r in details.rows[1:4]] == ["12 de marzo de 2025", "Hotel del Centro, Asunción",
                                                           "Equipo ATLAS"]
    assert [p.text for p in doc.paragraphs if p.style.name == "List Number"][:3] == [
        "Bienvenida", "Ronda de filtro", "Puntajes"]
    text = document_text(doc)
    for item in results(demo, code)["shortlist"]:
        assert item in text
    assert workgroups(demo, code)[0]["name"] in text and "W de Kendall" in text
    assert "(C1 o C2) y C3" in text and "(C1 or C2) and C3" not in text  # the rule in the reader's words
    assert "El financiamiento es proporcionado por el Departamento de Trabajo" in text
    bad = cli("report", "details", "--session", code, "--date", "12/03/2025", "--project", demo_project)
    assert bad.code == 1 and "AAAA-MM-DD" in bad.err


def test_learning_workshop_report_states_the_endorsement_and_its_vote(demo, tmp_path):
    code = finished_session(demo, "learning")
    for lang, decision, vote in (("es", "El taller respaldó el MAUEP para su institucionalización.",
                                  "Votación: 10 a favor y 3 en contra, de 13 participantes"),
                                 ("en", "The workshop endorsed the MAUEP for institutionalization.",
                                  "Vote: 10 in favor and 3 against, of 13 participants")):
        doc = docx.Document(str(generate(demo, "workshop", tmp_path / f"l_{lang}.docx", session=code,
                                         lang=lang).path))
        texts = [p.text for p in doc.paragraphs]
        assert decision in texts
        assert any(p.startswith(vote) for p in texts)
        text = document_text(doc)
        assert "Regla: un ítem califica" not in text and "ENDORSE" not in text
        table = next(t for t in doc.tables if len(t.columns) == 6 and t.rows[0].cells[2].text in ("Recomendación", "Recommendation"))
        assert [c.text for c in table.rows[0].cells][4:] == (
            ["Prioridad", "Responsable"] if lang == "es" else ["Priority", "Responsible"])
        assert table.rows[1].cells[1].text == "R06" and table.rows[1].cells[5].text == "MINNA"
        assert not KEY_RE.search(text)


def test_demo_reports_carry_the_analysts_words(demo, tmp_path):
    text = body_text(generate(demo, "dmop", tmp_path / "mauep.docx", dmop="MAUEP", lang="es").path)
    assert "Incorporar al Poder Judicial al grupo de trabajo" in text and "(borrador sin revisar)" not in text
    assert "3 de 6 entrevistas codificadas por una persona" in text
    en = body_text(generate(demo, "dmop", tmp_path / "cr.docx", dmop="CR", territory="San Pedro", lang="en").path)
    assert "Territory: San Pedro" in en and "1. Executive summary" in en


def test_the_plan_never_names_a_theme_by_the_models_words(demo, tmp_path):
    """A field reader found "Caso (3)", "Camioneta (4)" and an English "Labor complaints (4)" as the strengths and
    weaknesses of a Spanish plan: themes nobody named are counted and marked, as in the evaluation report."""
    from atlas_qual.store.report_data import dmop_report_data

    data = dmop_report_data(demo, "MAUEP", lang="es")
    machine = {th.label for s in data.sections for th in s.themes if not th.confirmed}
    assert machine  # the demo's analysts have named none of its themes
    from atlas_qual.store.cycle.plan_document import write_plan

    text = body_text(write_plan(demo, "MAUEP", tmp_path / "plan.docx", lang="es"))
    assert "Tema 1 (sin revisar)" in text
    assert not [label for label in machine if f"{label} (" in text]


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
            assert any("{{ funding }}" in p.text for p in doc.paragraphs)


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


def test_cli_settings_fill_the_front_matter_and_reports_refuse_bad_input(project_path, tmp_path, cli):
    from atlas_qual.store import open_project

    p = open_project(project_path)
    build_project(p, tmp_path)
    p.dispose()
    assert cli("settings", "set", "report.cooperative_agreement", "IL-12345-23-75-K", "--project",
               project_path).code == 0
    assert cli("settings", "set", "report.authors", "Equipo de M&E", "--project", project_path).code == 0
    listed = cli("settings", "list", "--json", "--project", project_path)
    assert listed.json()["report.cooperative_agreement"] == "IL-12345-23-75-K"
    assert listed.json()["report.partners"].startswith("Winrock International")
    bad = cli("settings", "set", "report.role_level", "everything", "--project", project_path)
    assert bad.code == 1 and "institution_type_territory" in bad.err
    unknown = cli("settings", "set", "report.colour", "red", "--project", project_path)
    assert unknown.code == 1 and "report.colour" in unknown.err
    out = tmp_path / "out" / "informe.docx"
    res = cli("report", "dmop", "--dmop", "MAUEP", "--lang", "es", "--out", out, "--project", project_path, "--json")
    assert res.code == 0, res
    text = body_text(out)
    assert "acuerdo de cooperación número IL-12345-23-75-K" in text and "Autoría: Equipo de M&E" in text
    res = cli("report", "handout", "--dmop", "NOPE", "--out", tmp_path / "h.docx", "--project", project_path)
    assert res.code == 1 and "NOPE" in res.err and "MAUEP" in res.err
    res = cli("report", "dmop", "--dmop", "MAUEP", "--out", tmp_path / "h.pdf", "--project", project_path)
    assert res.code == 1 and ".docx" in res.err
    yaml_out = tmp_path / "c.yaml"
    assert cli("report", "content", "export", "--dmop", "MAUEP", yaml_out, "--project", project_path).code == 0
    res = cli("report", "content", "import", yaml_out, "--project", project_path, "--json")
    assert res.code == 0 and res.json()["questions"] == 6 and res.json()["drafts"] >= 6


# --- PDF with LibreOffice ---------------------------------------------------------------------------------------


def _need_soffice():
    from atlas_qual.reports.render import soffice

    if soffice() is None:
        if os.environ.get("ATLAS_QUAL_REQUIRE_SOFFICE"):
            pytest.fail("ATLAS_QUAL_REQUIRE_SOFFICE is set but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")


def test_reports_render_in_libreoffice_with_a_numbered_table_of_contents(demo, tmp_path):
    from pypdf import PdfReader

    from atlas_qual.reports.generate import generate_report
    from atlas_qual.reports.render import pdf_pages_text, to_pdf

    _need_soffice()
    report = generate_report(demo, "dmop", tmp_path / "mauep.docx", dmop="MAUEP", lang="es", toc_pages=True).path
    pdf = to_pdf(report, tmp_path)
    assert 12 <= len(PdfReader(str(pdf)).pages) <= 40
    pages = pdf_pages_text(pdf)
    toc = next(p for p in pages if p.startswith("Informe de evaluación") and "Contenido" in p[:80])
    for heading in ("1. Resumen ejecutivo", "4. Metodología", "5. Hallazgos por pregunta de evaluación",
                    "6. Limitaciones", "9. Recomendaciones", "Anexo B. Lista anonimizada de entrevistas"):
        entry = re.search(re.escape(heading) + r"\s*\.{3,}\s*(\d+)", toc)
        assert entry, heading
        assert heading in pages[int(entry.group(1)) - 1]  # the number is the heading's real page
    handout = generate_report(demo, "handout", tmp_path / "hoja.docx", dmop="MAUEP", lang="es").path
    assert 2 <= len(PdfReader(str(to_pdf(handout, tmp_path))).pages) <= 5
