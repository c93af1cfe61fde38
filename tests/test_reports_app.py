"""The report and register pages: widgets driven headlessly (preview, generate with progress, download link, entry
forms, imports with bad rows, indicators), the notebooks as thin views, and both pages in a real Chromium."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parents[1]

INTERVIEW = """DMOP: MAUEP
Territorio: Boquerón
Institución: MTESS
Rol: inspector de trabajo
Modalidad: en línea
Entrevistado: Néstor Acuña Ruiz
Seudónimo: INS-BOQ-09

Entrevistadora: ¿Qué funcionó?

Néstor Acuña: Las salidas conjuntas con la policía y la fiscalía a las estancias del Chaco: cada uno pone algo, uno el combustible y otro el chofer, y así llegamos.

Entrevistadora: ¿Cambió la coordinación?

Néstor Acuña: Sí, aumentó; ahora nos llamamos antes de cada salida y la fiscalía nos avisa si hay denuncias nuevas.
"""


@pytest.fixture
def small(project, tmp_path, monkeypatch):
    """One coded interview; reports written under tmp_path/reports."""
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.transcripts import import_files, transcript_segments

    monkeypatch.setenv("ATLAS_QUAL_REPORTS", str(tmp_path / "reports"))
    monkeypatch.setenv("ATLAS_QUAL_TOC_PAGES", "0")  # no LibreOffice pass here: the report tests cover it
    (tmp_path / "boq.txt").write_text(INTERVIEW, encoding="utf-8")
    report = import_files(project, [tmp_path / "boq.txt"])
    segs = transcript_segments(project, report.imported[0].transcript_id)
    apply_code(project, segs[1]["id"], "Evaluación/Fortalezas", "ana.gimenez")
    apply_code(project, segs[3]["id"], "Cambio en la coordinación/Aumento", "ana.gimenez")
    return project


def decode_link(html: str) -> tuple[str, bytes]:
    m = re.search(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html)
    assert m, html[:300]
    return m.group(1), base64.b64decode(m.group(2))


# --- report app -------------------------------------------------------------------------------------------------


def test_report_app_previews_generates_with_progress_and_offers_the_download(small, tmp_path):
    from atlas_qual.widgets.reports import ReportsApp

    app = ReportsApp(small, lang="es", dmop="mauep")
    assert app.dmop == "MAUEP"
    assert "Entrevistas" in app.preview.value and '<td class="aq-num">1</td>' in app.preview.value
    assert "no se informa (n\xa0=\xa01, mínimo 3)" in app.preview.value  # indicator 1: one interview is too few
    app.lang_picker.value = "en"
    app.generate_button.click()
    assert app.progress.value == app.progress.max > 5
    path = Path(app.last_path)
    assert path.parent == tmp_path / "reports" and path.exists() and path.name.startswith("dmop_report_MAUEP_en")
    name, content = decode_link(app.result.value)
    assert name == path.name and content == path.read_bytes()
    # no analyst has written a finding yet: the page says the report shows machine drafts, as the CLI does
    assert 'data-testid="report-warning"' in app.result.value
    doc = docx.Document(io.BytesIO(content))
    assert "1. Executive summary" in [p.text for p in doc.paragraphs]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Néstor" not in text and "Acuña" not in text and "E-01" in text and "INS-BOQ-09" not in text
    assert "1 of 1 interview coded by a person" in text


def test_report_app_forms_set_the_front_matter_the_analysts_texts_and_refuse_bad_values(small, tmp_path):
    import yaml

    from atlas_qual.store.settings import get_settings
    from atlas_qual.widgets.reports import ReportsApp

    app = ReportsApp(small, lang="es", dmop="MAUEP")
    assert "1 de 1 entrevista codificada por una persona" in app.preview.value
    app.setting_fields["report.cooperative_agreement"].value = "IL-99999-24-75-K"
    app.setting_fields["report.partners"].value = "Winrock International\nPartners of the Americas"
    app.settings_button.click()
    assert "guardada" in app.form_status.value
    assert get_settings(small)["report.partners"] == "Winrock International; Partners of the Americas"
    app.setting_fields["report.min_coverage"].value = "muchas"
    app.settings_button.click()
    assert "aq-error" in app.form_status.value and "report.min_coverage" in app.form_status.value
    app.setting_fields["report.min_coverage"].value = "0,5"
    app.content_load.click()
    content = yaml.safe_load(app.content_text.value)
    assert content["dmop"] == "MAUEP" and content["questions"][0]["draft"] is True
    content["questions"][0].update(finding={"es": "La ruta sirve en el Chaco.", "en": ""}, draft=False)
    app.content_text.value = yaml.safe_dump(content, allow_unicode=True)
    app.content_save.click()
    assert "MAUEP" in app.form_status.value and "aq-error" not in app.form_status.value
    app.content_text.value = "dmop: MAUEP\nquestions: [{criterion: belleza}]"
    app.content_save.click()
    assert "aq-error" in app.form_status.value and "criterion" in app.form_status.value
    app.generate_button.click()
    doc = docx.Document(app.last_path)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "acuerdo de cooperación número IL-99999-24-75-K" in text
    assert "Hallazgo: La ruta sirve en el Chaco." in text


def test_report_app_switches_to_workshop_sessions_and_reports_errors(small):
    from atlas_qual.widgets.reports import ReportsApp

    app = ReportsApp(small, lang="en", kind="handout", dmop="CR", territory="boqueron")
    assert app.territory == "boqueron"
    assert "There are no interviews of DMOP CR yet" in app.preview.value
    app.kind_picker.value = "workshop"
    assert app._dmop_row.layout.display == "none" and app._session_row.layout.display == "flex"
    assert app.generate_button.disabled  # no session in this project
    app.kind_picker.value = "dmop"
    app.redact_box.value = False
    assert "WARNING" in app.result.value
    app.redact_box.value = True
    app.dmop_picker.value = "MAUEP"
    app.generate_button.click()
    assert app.last_path.endswith(".docx") and "Download" in app.result.value


def test_pages_escape_text_typed_by_people(small):
    from atlas_qual.store.register import add_meeting
    from atlas_qual.widgets.register import RegisterApp
    from atlas_qual.widgets.reports import ReportsApp

    add_meeting(small, date="2025-03-01", dmop="MAUEP", title="<img src=x onerror=alert(1)>")
    register = RegisterApp(small, lang="es", tab="register")
    assert "&lt;img src=x onerror=alert(1)&gt;" in register.register_body.value
    assert "<img src=x" not in register.register_body.value
    reports = ReportsApp(small, lang="es")
    assert "<img" not in reports.preview.value and "Reuniones registradas" in reports.preview.value


# --- register app -----------------------------------------------------------------------------------------------


def upload(name: str, content: bytes) -> tuple[dict, ...]:
    return ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime.now(dt.timezone.utc)},)


def test_register_app_meeting_form_saves_and_shows_errors(project):
    from atlas_qual.widgets.register import RegisterApp

    app = RegisterApp(project, lang="es")
    app.meeting_dmop.value = "CR"
    app.meeting_territory.value = "san_pedro"
    app.meeting_title.value = "Radio comunitaria"
    app.meeting_challenges.value = "Poca señal\nDesconfianza"
    app.meeting_attendees.value = "Ana Pérez; MINNA; técnica; mujer\nLuis Ríos; XYZ; ; hombre"
    app.meeting_save.click()
    assert "Asistente 2" in app.meeting_status.value and "XYZ" in app.meeting_status.value
    assert app.saved == 0
    app.meeting_attendees.value = "Ana Pérez; MINNA; técnica; mujer\nLuis Ríos; CODENI; ; hombre"
    app.meeting_save.click()
    assert 'data-testid="saved"' in app.meeting_status.value and app.saved == 1
    assert app.meeting_title.value == ""  # the form is ready for the next meeting
    assert "Radio comunitaria" in app.register_body.value


def test_register_app_import_lists_bad_rows_and_indicators_follow(project):
    from atlas_qual.widgets.register import RegisterApp

    app = RegisterApp(project, lang="en", tab="import")
    assert app.tabs.selected_index == 3
    app.import_kind.value = "phases"
    app.import_file.value = upload("phases.csv", "dmop,phase,date\nCR,pilot,2024-09-16\nCR,pilot,2024-99-16\n"
                                   .encode("utf-8"))
    app.import_button.click()
    assert "nothing was imported" in app.import_status.value
    assert "2024-99-16" in app.import_status.value
    assert re.search(r'<td class="aq-num"[^>]*>3</td>', app.import_status.value)  # the bad row, by its number
    app.import_skip.value = True
    app.import_button.click()
    assert "1 new" in app.import_status.value and app.saved == 1
    assert "Indicator" in app.indicator_body.value
    app.indicator_picker.value = "CR"
    assert app.indicator_dmop == "CR"
    assert "1 of 1" not in app.indicator_body.value  # the pilot started but is not completed
    assert "0 of 1 (0.0 %)" in app.indicator_body.value


def test_register_app_survey_import_uses_the_mapping_file(project):
    from atlas_qual.widgets.register import RegisterApp

    app = RegisterApp(project, lang="es")
    app.import_kind.value = "survey"
    assert app._survey_row.layout.display == "flex"
    app.import_file.value = upload("encuesta.csv", "id,P5\nA,Mucho mejor\nB,Igual\n".encode("utf-8"))
    app.import_mapping.value = upload("mapeo.yaml", 'columns:\n  coordination_change: "P5"\n'
                                                    'values:\n  "Mucho mejor": increase\n'.encode("utf-8"))
    app.import_dmop.value = "IPACM"
    app.import_button.click()
    assert "2 nuevos" in app.import_status.value
    app.indicator_picker.value = "IPACM"
    assert "50,0 %" in app.indicator_body.value


# --- notebooks --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, widget", [("reports.ipynb", "ReportsApp"), ("register.ipynb", "RegisterApp")])
def test_notebooks_are_thin_views(name, widget):
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(code) == 1 and not code[0]["outputs"]
    source = "".join(code[0]["source"])
    assert f"{widget}.from_request()" in source and "def " not in source and "class " not in source


# --- in a browser -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(demo_project_template, tmp_path_factory):
    """A Voila server over a copy of the demo that writes reports into a temporary folder."""
    from atlas_qual.server import VoilaProcess
    from conftest import copy_project

    folder = tmp_path_factory.mktemp("reports_app")
    path = copy_project(demo_project_template, folder / "demo.db")
    server = VoilaProcess(path, env={"ATLAS_QUAL_REPORTS": str(folder / "out"), "ATLAS_QUAL_TOC_PAGES": "0"})
    yield server, folder / "out"
    server.stop()


@pytest.mark.browser
def test_report_page_generates_a_docx_in_chromium(served, browser):
    server, out = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(server.url("reports.ipynb", dmop="CR", lang="es"))
        page.wait_for_selector("[data-testid=report-preview]")
        assert "Entrevistas" in page.inner_text("[data-testid=report-preview]")
        page.get_by_role("button", name="Generar informe").click()
        link = page.wait_for_selector("[data-testid=report-download]")
        href = link.get_attribute("href")
        assert href.startswith("data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,")
        doc = docx.Document(io.BytesIO(base64.b64decode(href.split(",", 1)[1])))
        assert "1. Resumen ejecutivo" in [p.text for p in doc.paragraphs]
        assert list(out.glob("informe_dmop_CR_es_*.docx"))
    finally:
        context.close()


@pytest.mark.browser
def test_register_page_shows_indicators_in_chromium(served, browser):
    server, _out = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(server.url("register.ipynb", tab="indicators", lang="en"))
        page.wait_for_selector("[data-testid=indicators]")
        text = page.inner_text("[data-testid=indicators]")
        assert "Proportion of DMOP-C that successfully completed the pilot" in text
    finally:
        context.close()
