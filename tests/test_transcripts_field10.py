"""Transcripts as they come from the field, round 10: Word files with the speaker's name in bold on a line of its own,
speakers written in capitals without a colon, Google Docs exports with section headings, subtitle cues with
dialogue dashes, E:/I: interviews (entrevistador / informante), and a batch where every member is named."""

from __future__ import annotations

import io

from docx import Document

from atlas_qual.transcripts import parse_text, read_transcript


def _docx(build) -> bytes:
    doc = Document()
    build(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _turns(parsed):
    return [(t.speaker, t.text) for t in parsed.turns]


# ------------------------------------------------------------------ Word: bold name alone, text below


def test_a_bold_speaker_name_on_its_own_line_in_word_starts_the_turn_below():
    def build(doc):
        doc.add_heading("Entrevista a inspector de trabajo", level=1)
        for name, said in [("Entrevistadora", "¿Cómo planifican las inspecciones en el Chaco?"),
                           ("Inspector MTESS", "Con mucha dificultad. No tenemos vehículo."),
                           ("Entrevistadora", "¿Y cuando encuentran trabajo forzoso?"),
                           ("Inspector MTESS", "Labramos el acta y avisamos a la fiscalía.")]:
            doc.add_paragraph().add_run(name).bold = True
            doc.add_paragraph(said)

    p = read_transcript(_docx(build), "inspector.docx")
    assert _turns(p) == [("Entrevistadora", "¿Cómo planifican las inspecciones en el Chaco?"),
                         ("Inspector MTESS", "Con mucha dificultad. No tenemos vehículo."),
                         ("Entrevistadora", "¿Y cuando encuentran trabajo forzoso?"),
                         ("Inspector MTESS", "Labramos el acta y avisamos a la fiscalía.")]
    assert p.metadata["title"] == "Entrevista a inspector de trabajo"
    for t in p.turns:
        assert p.text[t.start:t.end] == t.text


def test_a_bold_line_that_does_not_recur_stays_text_of_the_turn():
    def build(doc):
        for name, said in [("Entrevistadora:", "¿Qué funciona?"), ("Fiscal:", "La mesa de trata.")]:
            par = doc.add_paragraph()
            par.add_run(name).bold = True
            par.add_run(" " + said)
        doc.add_paragraph().add_run("Muy importante").bold = True
        doc.add_paragraph("Eso lo quiero remarcar.")

    p = read_transcript(_docx(build), "remarca.docx")
    assert [t.speaker for t in p.turns] == ["Entrevistadora", "Fiscal"]
    assert "Muy importante" in p.turns[-1].text


# ------------------------------------------------------------------ speakers in capitals without a colon

CAPS = """ENTREVISTADORA ¿Qué es lo que mejor funciona en la coordinación?
DEFENSORA PÚBLICA Lo que mejor funciona es la comunicación por WhatsApp entre nosotros.
ENTREVISTADORA ¿Y lo que peor funciona?
DEFENSORA PÚBLICA Las audiencias se suspenden porque no llega el traslado.
Eso pasa todas las semanas.
ENTREVISTADORA Gracias.
"""


def test_speakers_in_capitals_without_a_colon_give_turns():
    p = parse_text(CAPS, "defensora.txt")
    assert _turns(p) == [
        ("ENTREVISTADORA", "¿Qué es lo que mejor funciona en la coordinación?"),
        ("DEFENSORA PÚBLICA", "Lo que mejor funciona es la comunicación por WhatsApp entre nosotros."),
        ("ENTREVISTADORA", "¿Y lo que peor funciona?"),
        ("DEFENSORA PÚBLICA", "Las audiencias se suspenden porque no llega el traslado.\nEso pasa todas las semanas."),
        ("ENTREVISTADORA", "Gracias."),
    ]
    assert not any("no se encontraron" in w or "no speaker labels" in w for w in p.warnings)


def test_capitals_alone_on_a_line_take_the_paragraph_below():
    p = parse_text("ENTREVISTADOR\n¿Dónde trabaja?\n\nCOMISARIO\nEn Filadelfia.\n\nENTREVISTADOR\n¿Hace cuánto?\n\n"
                   "COMISARIO\nHace tres años.\n", "comisario.txt")
    assert _turns(p) == [("ENTREVISTADOR", "¿Dónde trabaja?"), ("COMISARIO", "En Filadelfia."),
                         ("ENTREVISTADOR", "¿Hace cuánto?"), ("COMISARIO", "Hace tres años.")]


def test_acronyms_opening_paragraphs_are_not_speakers():
    text = ("MTESS tiene pocos inspectores en el Chaco.\n\nCODENI recibe los avisos de las escuelas.\n\n"
            "MTESS no tiene vehículos propios.\n\nCODENI deriva a la fiscalía.\n")
    p = parse_text(text, "informe.txt")
    assert all(t.speaker is None for t in p.turns)
    assert [t.text for t in p.turns][0] == "MTESS tiene pocos inspectores en el Chaco."


# ------------------------------------------------------------------ Google Docs export: headings


def test_section_headings_of_a_word_file_are_segments_without_speaker():
    def build(doc):
        doc.add_heading("Transcripción – Entrevista", level=0)
        table = doc.add_table(rows=3, cols=2)
        for i, (k, v) in enumerate([("Fecha", "12/05/2025"), ("DMOP", "IPACM"), ("Territorio", "Boquerón")]):
            table.cell(i, 0).text, table.cell(i, 1).text = k, v
        for heading, turns in [("Bloque 1: Coordinación", [("Entrevistadora", "¿Cómo se coordinan?"),
                                                           ("Funcionaria", "Por teléfono.")]),
                               ("Bloque 2: Recursos", [("Entrevistadora", "¿Tienen presupuesto?"),
                                                       ("Funcionaria", "No, dependemos de la gobernación."),
                                                       ("Entrevistadora", "¿Y vehículos?"),
                                                       ("Funcionaria", "Uno, sin combustible.")]),
                               ("Cierre", [("Entrevistadora", "Gracias."), ("Funcionaria", "A usted.")])]:
            doc.add_heading(heading, level=2)
            for name, said in turns:
                par = doc.add_paragraph()
                par.add_run(name + ":").bold = True
                par.add_run(" " + said)

    p = read_transcript(_docx(build), "gdocs.docx")
    assert p.speakers == ("Entrevistadora", "Funcionaria")
    assert (None, "Bloque 2: Recursos") in _turns(p) and (None, "Cierre") in _turns(p)
    assert ("Funcionaria", "Uno, sin combustible.") in _turns(p)  # "Cierre" is not the end of her answer
    assert ("Funcionaria", "Por teléfono.") in _turns(p)
    assert not any("Bloque 2" in w for w in p.warnings)  # not "a one-off label left as text": it is a segment
    assert p.metadata["dmop"] == "IPACM" and p.metadata["date"] == "2025-05-12"


# ------------------------------------------------------------------ subtitles: dialogue dashes

DIALOGUE_SRT = """1
00:00:01,000 --> 00:00:04,000
ENTREVISTADORA: ¿Cómo está? ¿Le parece si empezamos?

2
00:00:04,500 --> 00:00:08,000
- Sí, cuando usted quiera.
- Bueno, primera pregunta.

3
00:00:08,500 --> 00:00:12,000
ENTREVISTADORA: ¿Cuántos casos tuvieron?
"""


def test_dialogue_dashes_in_a_cue_are_not_put_in_the_mouth_of_the_last_speaker_named():
    p = read_transcript(DIALOGUE_SRT.encode(), "dialogo.srt")
    said_by = {t.text: t.speaker for t in p.turns}
    assert said_by["Sí, cuando usted quiera."] is None  # the interviewee's answer, not the interviewer's
    assert said_by["¿Cómo está? ¿Le parece si empezamos?"] == "ENTREVISTADORA"
    assert [t.time_start for t in p.turns if t.text == "Sí, cuando usted quiera."] == [4.5]
    assert "Bueno, primera pregunta." in said_by  # nothing lost
    for t in p.turns:
        assert p.text[t.start:t.end] == t.text


def test_a_single_dash_opening_a_cue_still_goes_on_in_the_same_turn():
    srt = DIALOGUE_SRT.replace("- Sí, cuando usted quiera.\n- Bueno, primera pregunta.", "- y también la escuela.")
    p = read_transcript(srt.encode(), "guion.srt")
    assert p.turns[0].speaker == "ENTREVISTADORA" and "empezamos? y también la escuela." in p.turns[0].text


def test_section_headings_of_a_writer_file_are_segments_without_speaker():
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    doc = OpenDocumentText()
    for heading, turns in [("Bloque 1", [("Entrevistadora", "¿Cómo se coordinan?"), ("Fiscal", "Por teléfono.")] * 2),
                           ("Bloque 2: Recursos", [("Entrevistadora", "¿Tienen presupuesto?"),
                                                   ("Fiscal", "No, ninguno.")] * 2)]:
        doc.text.addElement(H(outlinelevel=2, text=heading))
        for name, said in turns:
            doc.text.addElement(P(text=f"{name}: {said}"))
    buf = io.BytesIO()
    doc.write(buf)
    p = read_transcript(buf.getvalue(), "writer.odt")
    assert p.speakers == ("Entrevistadora", "Fiscal")
    assert (None, "Bloque 2: Recursos") in _turns(p)
    assert _turns(p)[-1] == ("Fiscal", "No, ninguno.")


# ------------------------------------------------------------------ through `atlas-qual import`, on either backend


def test_a_batch_of_field_layouts_imports_with_its_turns_and_the_bad_member_named(cli, project_path, project,
                                                                                 tmp_path):
    import zipfile

    from atlas_qual.store.transcripts import transcript_segments

    caps = tmp_path / "defensora.txt"
    caps.write_text(CAPS, encoding="utf-8")
    batch = tmp_path / "lote.zip"
    with zipfile.ZipFile(batch, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("lote/dialogo.srt", DIALOGUE_SRT)
        zf.writestr("lote/rota.docx", b"PK\x03\x04 not really a Word file")
    result = cli("import", caps, batch, "--json", "--project", project_path)
    assert result.code == 1  # one member could not be read: said, and the rest is in
    data = result.json()
    assert [e["file"].rsplit("/", 1)[-1] for e in data["errors"]] == ["rota.docx"]
    assert "rota.docx" in result.err and ".docx" in data["errors"][0]["error"]
    by_file = {i["file"].rsplit("/", 1)[-1]: i for i in data["imported"]}
    assert set(by_file) == {"defensora.txt", "dialogo.srt"}
    segments = transcript_segments(project, by_file["defensora.txt"]["transcript_id"], redact=False)
    assert [s["speaker"] for s in segments] == ["ENTREVISTADORA", "DEFENSORA PÚBLICA"] * 2 + ["ENTREVISTADORA"]
    answer = transcript_segments(project, by_file["dialogo.srt"]["transcript_id"], redact=False)[1]
    assert (answer["speaker"], answer["text"], answer["time_start"]) == (None, "Sí, cuando usted quiera.", 4.5)
