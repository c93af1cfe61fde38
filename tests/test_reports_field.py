"""What a field tester found in the DMOP evaluation report a donor reads: machine drafts presented as findings,
a headline percentage from one interview, "1 segmentos", "—" for an unknown mode, a cover claiming every pilot
territory, and English quotes marked as Spanish originals. Most reports here are built from hand-made data (no
database)."""

from __future__ import annotations

import docx
import pytest

from atlas_qual.indicators import Indicator, compute_indicators
from atlas_qual.reports.content import draft_content
from atlas_qual.reports.docx_build import document_text, quote_parts
from atlas_qual.reports.model import DmopReportData, FindingSection, Interview, Quote

NBSP = "\u00a0"


def one_interview_data(lang: str = "es", *, content=None, interviews=None, indicators=None, **kw) -> DmopReportData:
    """The tester's situation: a DMOP with one coded interview, one strength, one increase in coordination, and no
    analyst texts (so every finding is the tool's draft)."""
    quote = Quote("Ahora nos llamamos antes de cada inspección.", "E-01", "inspección del trabajo", segment_id=3)
    interviews = interviews or (Interview("E-01", "", "MTESS", "Alto Paraná", "", None, frozenset({"increase"}),
                                          coded=True, group="Alto Paraná", kind="inspección del trabajo"),)
    sections = kw.pop("sections", None) or (
        FindingSection("strengths", "Evaluación/Fortalezas", 1, 1, (("Alto Paraná", 1),), (), (quote,), (quote,)),)
    spans = {"strengths": (1, 1), "coordination": (1, 1)}
    return DmopReportData(
        lang=lang, dmop_id="MAUEP", dmop_name="Procedimientos unificados", interviews=interviews,
        territories=kw.pop("territories", ("Alto Paraná",)), sections=sections,
        content=content if content is not None else draft_content("MAUEP", spans, coded=1),
        indicators=indicators if indicators is not None else (Indicator(1, 100.0, 1, 1, "percent", "interviews"),),
        **kw)


def build(data: DmopReportData, tmp_path, name: str = "r.docx"):
    from atlas_qual.reports.dmop import build_dmop_report

    return docx.Document(str(build_dmop_report(data, charts=False).save(tmp_path / name)))


def summary_text(doc) -> str:
    """The executive summary: from its heading to the next chapter."""
    out, inside = [], False
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading 1"):
            inside = p.text.startswith(("1. Resumen ejecutivo", "1. Executive summary"))
            continue
        if inside:
            out.append(p.text)
    return "\n".join(out)


# --- 10: drafts are not findings ----------------------------------------------------------------------------------


def test_summary_with_only_machine_drafts_says_there_are_no_reviewed_findings_yet(tmp_path):
    doc = build(one_interview_data(), tmp_path)
    summary = summary_text(doc)
    assert "Borrador a partir de las codificaciones" not in summary and "(EQ" not in summary
    assert "todavía no revisó ningún hallazgo" in summary
    # the drafts stay in the findings chapter, marked as drafts and not called a finding
    text = document_text(doc)
    assert "Todavía sin hallazgo revisado. Borrador a partir de las codificaciones" in text
    assert "Hallazgo: Borrador" not in text


def test_summary_lists_reviewed_findings_and_counts_the_questions_left_as_drafts(tmp_path):
    content = draft_content("MAUEP", {"strengths": (1, 1), "coordination": (1, 1)}, coded=1)
    content["questions"][0].update(finding={"es": "La ruta única respondió a la necesidad.", "en": ""}, draft=False)
    summary = summary_text(build(one_interview_data(content=content), tmp_path))
    assert "Pertinencia (EQ1): La ruta única respondió a la necesidad." in summary
    assert "1 pregunta más solo tiene un borrador sin revisar" in summary
    assert "Borrador a partir" not in summary


def test_one_count_is_drafted_once_not_under_every_criterion_that_uses_it():
    content = draft_content("MAUEP", {"coordination": (1, 1), "weaknesses": (4, 4)}, coded=6)
    drafted = [q["finding"]["es"] for q in content["questions"] if q["finding"]["es"]]
    assert len(drafted) == 2  # EQ1 (weaknesses) and EQ2 (coordination); EQ3-EQ5 reuse them, so are left empty
    assert "1 segmento de «cambio en la coordinación» en 1 entrevista." in drafted[1]
    assert sum("«debilidades»" in d for d in drafted) == 1


def test_report_command_warns_once_on_stderr_when_it_prints_drafts_and_still_succeeds(project, project_path,
                                                                                    tmp_path, cli):
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.transcripts import import_files, transcript_segments

    f = tmp_path / "ap.txt"
    f.write_text("DMOP: MAUEP\nTerritorio: Alto Paraná\nInstitución: MTESS\nSeudónimo: INS-AP-01\n\n"
                 "Entrevistadora: ¿Qué funcionó?\n\nInspectora: Las capacitaciones conjuntas con la fiscalía.\n\n"
                 "Entrevistadora: ¿Cambió la coordinación?\n\nInspectora: Sí, aumentó con la CODENI.\n",
                 encoding="utf-8")
    tid = import_files(project, [f]).imported[0].transcript_id
    segs = {s["ordinal"]: s["id"] for s in transcript_segments(project, tid)}
    apply_code(project, segs[2], "Evaluación/Fortalezas", "ana.gimenez")
    apply_code(project, segs[4], "Cambio en la coordinación/Aumento", "ana.gimenez")
    out = tmp_path / "informe.docx"
    res = cli("report", "dmop", "--dmop", "MAUEP", "--lang", "es", "--out", out, "--project", project_path)
    assert res.code == 0, res
    warnings = [line for line in res.err.splitlines() if "borrador" in line]
    assert len(warnings) == 1 and "2 borradores sin revisar (2 hallazgos)" in warnings[0], res.err
    assert "atlas-qual report content export --dmop MAUEP" in warnings[0]
    doc = docx.Document(str(out))
    assert "Borrador a partir" not in summary_text(doc)
    res = cli("report", "dmop", "--dmop", "MAUEP", "--out", tmp_path / "j.docx", "--project", project_path, "--json")
    assert res.code == 0 and res.json()["drafts"] == 2


def test_no_warning_when_every_printed_finding_was_reviewed(tmp_path):
    from atlas_qual.reports.dmop import drafts_warning

    content = draft_content("MAUEP", {"strengths": (1, 1)}, coded=1)
    for q in content["questions"]:
        q["draft"] = False
    assert drafts_warning(one_interview_data(content=content)) == ""


# --- 11: n beside the indicator, plural forms, no dash for an unknown mode ------------------------------------------


def test_indicator_1_from_one_interview_is_not_reported_as_a_percentage(tmp_path):
    doc = build(one_interview_data(), tmp_path)
    summary = summary_text(doc)
    assert f"100,0{NBSP}%" not in summary and "100,0 %" not in summary
    assert ("no se informa un porcentaje porque la base es de solo 1 entrevista codificada que abordó la "
            "coordinación (mínimo 3); de ellas, 1 reporta un aumento.") in summary
    table = next(t for t in doc.tables if len(t.columns) == 7)
    assert table.rows[1].cells[5].text == f"no se informa (n{NBSP}={NBSP}1, mínimo 3)"


def test_indicator_1_headline_and_table_give_the_n_behind_the_percentage(tmp_path):
    ind = Indicator(1, 66.66666, 2, 3, "percent", "interviews")
    doc = build(one_interview_data(indicators=(ind,)), tmp_path)
    assert ("Indicador 1 (actores que reportan más coordinación): 66,7\u00a0% (2 de 3 entrevistas codificadas que "
            "abordaron la coordinación).") in summary_text(doc)
    table = next(t for t in doc.tables if len(t.columns) == 7)
    assert table.rows[1].cells[5].text == f"66,7{NBSP}% (n{NBSP}={NBSP}3)"
    en = build(one_interview_data("en", indicators=(Indicator(1, 75.0, 9, 12, "percent", "survey"),)), tmp_path,
               "en.docx")
    assert "75.0% (9 of 12 effectiveness survey answers)" in summary_text(en)  # English: no space before %


@pytest.mark.parametrize("lang", ["es", "en"])
def test_counts_of_one_read_in_the_singular(tmp_path, lang):
    text = document_text(build(one_interview_data(lang), tmp_path, f"{lang}.docx"))
    if lang == "es":
        for right in ("1 segmento de «lo que funciona» en 1 de 1 entrevista codificada",
                      "1 entrevista codificada describe un cambio en la coordinación",
                      "De la 1 entrevista que abordó la coordinación con otras instituciones, 1 reporta un aumento "
                      "(100,0\u00a0%), 0 no ven cambios y 0 reportan una disminución.",
                      "Se realizó 1 entrevista semiestructurada", "a personas de 1 institución en 1 territorio"):
            assert right in text, right
        for wrong in ("1 segmentos", "1 entrevistas", "De las 1", "1 reportan", "1 instituciones", "1 territorios"):
            assert wrong not in text, wrong
    else:
        for right in ("1 segment on “what works” in 1 of 1 coded interview", "Of the 1 interview that addressed",
                      "1 reports an increase", "1 semi-structured interview was held"):
            assert right in text, right
        for wrong in ("1 segments", "1 interviews", "1 report an", "1 institutions"):
            assert wrong not in text, wrong


def test_coordination_sentence_agrees_with_each_count(tmp_path):
    people = tuple(Interview(f"E-0{n}", territory="Alto Paraná", changes=frozenset({change}), coded=True,
                             group="Alto Paraná")
                   for n, change in enumerate(("increase", "increase", "no_change"), start=1))
    text = document_text(build(one_interview_data(interviews=people), tmp_path))
    assert ("De las 3 entrevistas que abordaron la coordinación con otras instituciones, 2 reportan un aumento "
            "(66,7\u00a0%), 1 no ve cambios y 0 reportan una disminución.") in text


def test_an_interview_without_a_mode_reads_not_recorded_never_a_dash(tmp_path):
    people = (Interview("E-01", territory="Alto Paraná", mode="", coded=True, group="Alto Paraná"),
              Interview("E-02", territory="Alto Paraná", mode="in_person", coded=True, group="Alto Paraná"))
    for lang, unknown in (("es", "sin dato"), ("en", "not recorded")):
        doc = build(one_interview_data(lang, interviews=people), tmp_path, f"{lang}.docx")
        text = document_text(doc)
        assert f" {unknown}: 1)" in text and "—: 1" not in text
        annex = doc.tables[-1] if len(doc.tables[-1].columns) == 5 else \
            next(t for t in doc.tables if len(t.columns) == 5)
        assert annex.rows[1].cells[2].text == unknown


# --- 22: the cover says which territories ----------------------------------------------------------------------------


def test_cover_names_the_territories_the_interviews_come_from(tmp_path):
    people = (Interview("E-01", territory="Alto Paraná", coded=True), Interview("E-02", territory="Ñeembucú"),
              Interview("E-03", territory="Asunción y Central"), Interview("E-04"))
    data = one_interview_data(interviews=people, territories=("Alto Paraná", "Ñeembucú", "Asunción y Central"))
    cover = " ".join(p.text for p in build(data, tmp_path).paragraphs[:12])
    assert ("Territorios de las entrevistas: Alto Paraná · Ñeembucú · Asunción y Central · "
            "sin territorio registrado") in cover
    assert "Todos los territorios" not in cover


# --- quotes: an original is marked with its own language, only when it is not the reader's -------------------------


def test_english_interview_quote_is_not_called_a_spanish_original_in_the_english_report(tmp_path):
    said_in_english = Quote("We now share an annual calendar.", "E-02", "national body", segment_id=9, language="en")
    said_in_spanish = Quote("Ahora compartimos la planilla.", "E-01", "national body", segment_id=8)
    section = FindingSection("strengths", "Evaluación/Fortalezas", 2, 2, (), (), (said_in_spanish, said_in_english),
                             (said_in_spanish, said_in_english))
    for lang, english_mark, spanish_mark in (("en", None, "Spanish original"), ("es", "original en inglés", None)):
        doc = build(one_interview_data(lang, sections=(section,)), tmp_path, f"{lang}.docx")
        paras = doc.paragraphs
        source = dict(quote_parts(p) for p in paras if p.style.name == "Quote")
        english = next(s for q, s in source.items() if "annual calendar" in q)
        spanish = next(s for q, s in source.items() if "planilla" in q)
        assert (english_mark in english) if english_mark else ("original" not in english), (lang, english)
        assert (spanish_mark in spanish) if spanish_mark else ("original" not in spanish), (lang, spanish)
