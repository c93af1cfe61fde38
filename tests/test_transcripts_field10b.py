"""Leftovers of the round-10 field test of the transcript importer: a section heading before the first turn of a
Word/Writer file is a segment (not a case attribute), the date line of a Teams transcript export is the interview's
date (not a note), and a zip member is named by its path inside the zip in every message."""

from __future__ import annotations

import io
import zipfile

from docx import Document

from atlas_qual.transcripts import read_transcript

TURNS = [("Entrevistadora", "¿Cómo se coordinan con la policía?"), ("Fiscal", "Por teléfono."),
         ("Entrevistadora", "¿Y con el Ministerio de Trabajo?"), ("Fiscal", "Casi nunca.")]


def _docx(build) -> bytes:
    doc = Document()
    build(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _turns(parsed):
    return [(t.speaker, t.text) for t in parsed.turns]


# ------------------------------------------------------------------ 1. a heading before the first turn


def test_a_heading_below_the_header_fields_of_a_word_file_is_the_first_segment_not_a_case_attribute():
    def build(doc):
        doc.add_heading("Entrevista 4 – Fiscalía de Ciudad del Este", level=1)
        for line in ("DMOP: MAUEP", "Territorio: Alto Paraná", "Entrevistadora: Marta Ruiz"):
            doc.add_paragraph(line)
        doc.add_heading("Bloque 1: Coordinación", level=2)
        for name, said in TURNS:
            doc.add_paragraph(f"{name}: {said}")

    p = read_transcript(_docx(build), "fiscalia.docx")
    assert _turns(p) == [(None, "Bloque 1: Coordinación"), *TURNS]
    assert p.metadata["dmop"] == "MAUEP" and p.metadata["territory"] == "alto_parana"
    assert p.metadata["interviewer"] == "Marta Ruiz"
    assert p.metadata["title"] == "Entrevista 4 – Fiscalía de Ciudad del Este"
    assert "Bloque 1" not in repr(p.extra)  # neither a field "Bloque 1" nor a note
    for t in p.turns:
        assert p.text[t.start:t.end] == t.text


def test_a_heading_after_a_blank_line_below_the_header_is_a_segment_not_the_title():
    def build(doc):
        for line in ("DMOP: IPACM", "Territorio: Boquerón", ""):
            doc.add_paragraph(line)
        doc.add_heading("Bloque 1: Coordinación", level=2)
        for name, said in TURNS:
            doc.add_paragraph(f"{name}: {said}")

    p = read_transcript(_docx(build), "sin_titulo.docx")
    assert _turns(p)[0] == (None, "Bloque 1: Coordinación")
    assert p.metadata.get("title") != "Bloque 1: Coordinación" and "Bloque 1" not in repr(p.extra)
    assert p.metadata["dmop"] == "IPACM"


def test_the_first_section_heading_of_a_google_docs_export_is_a_segment_like_the_others():
    def build(doc):
        doc.add_heading("Transcripción – Entrevista", level=0)
        table = doc.add_table(rows=2, cols=2)
        for i, (k, v) in enumerate([("Fecha", "12/05/2025"), ("DMOP", "IPACM")]):
            table.cell(i, 0).text, table.cell(i, 1).text = k, v
        for heading, turns in (("Bloque 1: Coordinación", TURNS[:2]), ("Bloque 2: Recursos", TURNS[2:])):
            doc.add_heading(heading, level=2)
            for name, said in turns:
                par = doc.add_paragraph()
                par.add_run(name + ":").bold = True
                par.add_run(" " + said)

    p = read_transcript(_docx(build), "gdocs.docx")
    assert _turns(p) == [(None, "Bloque 1: Coordinación"), *TURNS[:2], (None, "Bloque 2: Recursos"), *TURNS[2:]]
    assert "notes" not in p.extra
    assert p.metadata["title"] == "Transcripción – Entrevista" and p.metadata["date"] == "2025-05-12"


def test_a_heading_before_the_first_turn_of_a_writer_file_is_a_segment():
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    doc = OpenDocumentText()
    doc.text.addElement(P(text="Territorio: Ñeembucú"))
    doc.text.addElement(H(outlinelevel=2, text="Bloque 1: Coordinación"))
    for name, said in TURNS:
        doc.text.addElement(P(text=f"{name}: {said}"))
    buf = io.BytesIO()
    doc.write(buf)
    p = read_transcript(buf.getvalue(), "pilar.odt")
    assert _turns(p) == [(None, "Bloque 1: Coordinación"), *TURNS]
    assert p.metadata["territory"] == "neembucu" and "Bloque 1" not in repr(p.extra)


# ------------------------------------------------------------------ 2. Teams .docx export: the date line


def _teams(date_line: str) -> bytes:
    def build(doc):
        doc.add_paragraph("Reunión de evaluación-20250610_140312-Grabación de la reunión")
        doc.add_paragraph(date_line)
        doc.add_paragraph("1 h 2 min 11 s")
        for name, ts, said in (("Entrevistadora", "0:03", "¿Nos cuenta de la mesa?"),
                               ("Técnico", "0:11", "Se creó por resolución en 2021."),
                               ("Entrevistadora", "0:25", "¿Y funciona?"),
                               ("Técnico", "0:27", "Cuando hay un caso grande.")):
            doc.add_paragraph(f"{name}   {ts}")
            doc.add_paragraph(said)

    return _docx(build)


def test_the_date_line_of_a_teams_transcript_export_is_the_interview_date_in_spanish_and_english():
    for date_line in ("10 de junio de 2025, 5:03p. m.", "June 10, 2025, 5:03PM"):
        p = read_transcript(_teams(date_line), "reunion.docx")
        assert p.metadata["date"] == "2025-06-10", date_line
        assert date_line not in p.extra.get("notes", "")
        assert p.metadata["title"].startswith("Reunión de evaluación")
        assert [t.speaker for t in p.turns] == ["Entrevistadora", "Técnico"] * 2


def test_a_sentence_with_a_date_before_the_first_turn_stays_a_note():
    from atlas_qual.transcripts import parse_text

    p = parse_text("Entrevista 9\nNos reunimos el 10 de junio de 2025 en la fiscalía.\n\n"
                   "Entrevistadora: ¿Cómo está?\nFiscal: Bien.\nEntrevistadora: ¿Empezamos?\nFiscal: Sí.\n", "e9.txt")
    assert "date" not in p.metadata
    assert "10 de junio de 2025" in p.extra["notes"]


# ------------------------------------------------------------------ 3. zip members named by their path


def test_a_damaged_member_and_a_zip_bomb_member_are_named_alike_by_their_path_in_the_zip(cli, project_path,
                                                                                          tmp_path):
    batch = tmp_path / "lote.zip"
    with zipfile.ZipFile(batch, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("lote/a_buena.txt", "Entrevistadora: ¿Cómo está?\nFiscal: Bien.\n")
        zf.writestr("lote/c_rota.docx", b"PK\x03\x04 not really a Word file")
        zf.writestr("lote/d_bomba.txt", b"Entrevistadora: hola\n" + b" " * 51_000_000)
    result = cli("import", batch, "--json", "--project", project_path)
    assert result.code == 1
    errors = {e["file"]: e["error"] for e in result.json()["errors"]}
    assert set(errors) == {"lote.zip/lote/c_rota.docx", "lote.zip/lote/d_bomba.txt"}
    assert errors["lote.zip/lote/c_rota.docx"].startswith("lote.zip: lote/c_rota.docx: ")
    assert errors["lote.zip/lote/d_bomba.txt"].startswith("lote.zip: lote/d_bomba.txt: ")
    bomb = errors["lote.zip/lote/d_bomba.txt"]
    assert "bomba zip" in bomb and "vuelva a guardarlo" in bomb and "divídalo" in bomb  # the fix is still said
    for shown in ("lote.zip: lote/c_rota.docx: ", "lote.zip: lote/d_bomba.txt: "):
        assert shown in result.err
    assert [i["file"] for i in result.json()["imported"]] == ["lote.zip/lote/a_buena.txt"]


def test_a_warning_about_a_member_names_its_path_in_the_zip(cli, project_path, tmp_path):
    batch = tmp_path / "zoom.zip"
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Marta Ruiz>¿Cómo llegan los casos?</v>\n\n"
           "00:00:04.000 --> 00:00:08.000\n<v Carlos Benítez>Por la CODENI.</v>\n")
    with zipfile.ZipFile(batch, "w") as zf:
        zf.writestr("junio/reunion.vtt", vtt)
    result = cli("import", batch, "--project", project_path)
    assert result.code == 0
    assert "junio/reunion.vtt: " in result.err  # the two names hidden from now on: said of the member
