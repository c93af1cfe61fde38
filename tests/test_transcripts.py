"""Reading transcripts: every format and encoding, speakers, header metadata, and every bad file."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from atlas_qual.errors import AtlasQualError
from atlas_qual.transcripts import (
    ParsedTranscript,
    Turn,
    detect_language,
    normalize_text,
    parse_text,
    read_transcript,
)

INTERVIEW = """Título: Entrevista a consejera CODENI
Fecha: 14/03/2025
Modalidad: telefónica
DMOP: MAUEP
Territorio: Ñeembucú
Institución: CODENI
Rol: consejera CODENI
Entrevistadora: Lic. Marta Ruiz
Entrevistada: María José Benítez
Seudónimo: Lucía
Idioma: es
Lugar: Pilar
Duración: 45 minutos

Entrevistadora: Buenos días, ¿cómo está?
Consejera CODENI: Bien. En la Niñez y en Asunción trabajamos con la fiscalía.
Lo que pasa es que no siempre nos llaman.
Entrevistadora: ¿Y con el MTESS?
Consejera CODENI: Poco, solo por el 147.
"""


def assert_offsets(parsed: ParsedTranscript) -> None:
    """The contract the store and REFI-QDA export rely on: each turn is a slice of the normalized text."""
    for turn in parsed.turns:
        assert parsed.text[turn.start:turn.end] == turn.text
        assert turn.text == turn.text.strip() and turn.text


def turns_of(parsed: ParsedTranscript) -> list[tuple[str | None, str]]:
    return [(t.speaker, t.text) for t in parsed.turns]


# ------------------------------------------------------------------------------------------ builders

def make_docx(paragraphs, table_rows=None) -> bytes:
    """paragraphs: str, or list of (text, bold) runs."""
    import docx

    document = docx.Document()
    for para in paragraphs:
        p = document.add_paragraph()
        runs = [(para, False)] if isinstance(para, str) else para
        for text, bold in runs:
            p.add_run(text).bold = bold
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for r, row in enumerate(table_rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_odt(paragraphs) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.office import Annotation
    from odf.text import H, P

    document = OpenDocumentText()
    for i, text in enumerate(paragraphs):
        if i == 0:
            document.text.addElement(H(outlinelevel=1, text=text))
            continue
        p = P(text=text)
        if "MTESS" in text:  # a reviewer's comment must not end up in the turn
            note = Annotation()
            note.addElement(P(text="comentario del revisor"))
            p.addElement(note)
        document.text.addElement(p)
    buf = io.BytesIO()
    document.write(buf)
    return buf.getvalue()


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages) -> bytes:
    """A minimal valid PDF: each page a list of text lines (Helvetica, WinAnsi), or [] for an image-only page."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    font_id = 3 + 2 * len(pages)
    kids = []
    for i, lines in enumerate(pages):
        page_id, content_id = 3 + 2 * i, 4 + 2 * i
        kids.append(b"%d 0 R" % page_id)
        if lines:
            content = b"BT /F1 11 Tf 14 TL 72 740 Td " + b" ".join(_pdf_string(x) + b" Tj T*" for x in lines) + b" ET"
        else:  # a grey rectangle stands for a scanned image: no text operators at all
            content = b"0.5 g 72 500 300 200 re f"
        objects[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font_id, content_id))
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    objects[font_id] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return out


def error_of(source, filename=None, **kwargs) -> AtlasQualError:
    with pytest.raises(AtlasQualError) as info:
        read_transcript(source, filename, **kwargs)
    return info.value


# ----------------------------------------------------------------------------------------- plain text

def test_txt_header_fills_case_attributes_and_turns_follow():
    parsed = read_transcript(INTERVIEW.encode("utf-8"), "entrevista_03.txt")
    assert parsed.format == "txt" and parsed.encoding == "utf-8"
    assert parsed.metadata == {
        "title": "Entrevista a consejera CODENI", "date": "2025-03-14", "mode": "phone", "dmop": "MAUEP",
        "territory": "neembucu", "institution": "CODENI", "role": "consejera CODENI",
        "interviewer": "Lic. Marta Ruiz", "interviewee": "María José Benítez", "pseudonym": "Lucía",
        "language": "es",
    }
    assert parsed.extra == {"place": "Pilar", "duration": "45 minutos"}
    assert parsed.speakers == ("Entrevistadora", "Consejera CODENI")
    assert turns_of(parsed) == [
        ("Entrevistadora", "Buenos días, ¿cómo está?"),
        ("Consejera CODENI", "Bien. En la Niñez y en Asunción trabajamos con la fiscalía.\n"
                             "Lo que pasa es que no siempre nos llaman."),
        ("Entrevistadora", "¿Y con el MTESS?"),
        ("Consejera CODENI", "Poco, solo por el 147."),
    ]
    assert_offsets(parsed)


def test_original_bytes_and_their_sha256_are_kept():
    import hashlib

    data = INTERVIEW.replace("\n", "\r\n").encode("utf-8")
    parsed = read_transcript(data, "e.txt")
    assert parsed.original == data
    assert parsed.sha256 == hashlib.sha256(data).hexdigest()
    assert "\r" not in parsed.text


def test_utf8_bom_is_read_and_not_part_of_the_text():
    parsed = read_transcript(codecs.BOM_UTF8 + "Entrevistadora: ¿Qué tal?\nFiscal: Bien.".encode(), "b.txt")
    assert parsed.encoding == "utf-8-sig"
    assert parsed.text.startswith("Entrevistadora")
    assert parsed.speakers == ("Entrevistadora", "Fiscal")


@pytest.mark.parametrize("codec, name", [("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_with_bom_keeps_accents(codec, name):
    text = "Entrevistadora: ¿Cómo trabajan en Ñeembucú?\nConsejera: Con la niñez, señora."
    data = text.encode(codec) if codec == "utf-16" else codecs.BOM_UTF16_BE + text.encode(codec)
    if codec == "utf-16":
        assert data.startswith(codecs.BOM_UTF16_LE)  # Python writes little-endian on these machines
    parsed = read_transcript(data, "u16.txt")
    assert parsed.encoding == name
    assert turns_of(parsed) == [("Entrevistadora", "¿Cómo trabajan en Ñeembucú?"),
                                ("Consejera", "Con la niñez, señora.")]


def test_utf16_without_bom_from_windows_tools_is_recognized():
    parsed = read_transcript("P: ¿Dónde?\nR: En Asunción.".encode("utf-16-le"), "nobom.txt")
    assert turns_of(parsed) == [("P", "¿Dónde?"), ("R", "En Asunción.")]


def test_import_latin1_transcript_keeps_accents():
    text = "Entrevistadora: ¿Qué instituciones?\nTécnico: Niñez, Asunción, Ñeembucú, pingüino ¿sí?"
    parsed = read_transcript(text.encode("latin-1"), "viejo.txt")
    assert parsed.turns[1].text == "Niñez, Asunción, Ñeembucú, pingüino ¿sí?"
    assert parsed.speakers == ("Entrevistadora", "Técnico")
    assert parsed.encoding == "cp1252"
    assert any("cp1252" in w for w in parsed.warnings)


def test_cp1252_curly_quotes_and_dashes_are_decoded():
    text = "Fiscal: Dijo “no hay denuncias” – en Boquerón… ¿verdad?"
    parsed = read_transcript(text.encode("cp1252"), "win.txt")
    assert parsed.turns[0].text == "Dijo “no hay denuncias” – en Boquerón… ¿verdad?"


def test_md_file_is_read_as_text_with_bold_labels():
    md = "# Entrevista en Pilar\n\n**Entrevistadora:** ¿Cómo coordinan?\n\n**Fiscal**: Con la CODENI.\n"
    parsed = read_transcript(md.encode(), "notas.md")
    assert parsed.format == "txt"
    assert parsed.metadata["title"] == "Entrevista en Pilar"
    assert turns_of(parsed) == [("Entrevistadora", "¿Cómo coordinan?"), ("Fiscal", "Con la CODENI.")]


def test_normalization_nfc_lf_zero_width_and_trailing_spaces():
    raw = "Entrevistadora:\u200b Nin\u0303ez   \r\nConsejera:\u00a0Bien\ufeff\t \rfin"
    parsed = parse_text(raw)
    assert parsed.text == "Entrevistadora: Niñez\nConsejera: Bien\nfin"
    assert turns_of(parsed) == [("Entrevistadora", "Niñez"), ("Consejera", "Bien\nfin")]
    assert normalize_text("a\n\n\n\n\nb  ") == "a\n\nb"


def test_offsets_are_code_points_of_the_normalized_text():
    parsed = parse_text("Señora Ñandutí: ¿Qué? 😀 Sí.\nR: Bien.")
    first = parsed.turns[0]
    assert parsed.text[first.start:first.end] == "¿Qué? 😀 Sí."
    assert first.start == len("Señora Ñandutí: ")


# --------------------------------------------------------------------------------------- speaker labels

def test_labels_with_accents_enie_and_several_words():
    parsed = parse_text(
        "Fiscal Adjunta María José: Buenas tardes.\n"
        "Consejera CODENI: Hola.\n"
        "Técnico del MTESS (Boquerón): Presente.\n"
        "Señor Peña: Aquí.\n"
        "ENTREVISTADORA: Empecemos."
    )
    assert parsed.speakers == ("Fiscal Adjunta María José", "Consejera CODENI", "Técnico del MTESS (Boquerón)",
                               "Señor Peña", "ENTREVISTADORA")
    assert_offsets(parsed)


def test_bracket_labels_with_and_without_colon():
    parsed = parse_text("[Entrevistadora] ¿Cómo está?\n[Comisario Núñez]: Bien.\n[Risas] [inaudible] seguimos.")
    assert turns_of(parsed) == [
        ("Entrevistadora", "¿Cómo está?"),
        ("Comisario Núñez", "Bien.\n[Risas] [inaudible] seguimos."),
    ]


def test_question_answer_labels_p_r_e():
    parsed = parse_text("E: Presentación.\nP: ¿Qué funciona?\nR: La mesa.\nP.- ¿Y qué no?\nR.- Los plazos.")
    assert turns_of(parsed) == [("E", "Presentación."), ("P", "¿Qué funciona?"), ("R", "La mesa."),
                                ("P", "¿Y qué no?"), ("R", "Los plazos.")]


def test_sentences_with_a_colon_are_not_speaker_labels():
    parsed = parse_text(
        "Entrevistadora: ¿Qué pasó?\n"
        "Consejera: Le explico.\n"
        "Lo que pasa es: no hay fiscal.\n"
        "Llegamos a las 10:30 y no había nadie.\n"
        "Por ejemplo: en Pilar.\n"
        "Bueno, mire: así es.\n"
        "Ver: https://www.mtess.gov.py\n"
    )
    assert parsed.speakers == ("Entrevistadora", "Consejera")
    assert parsed.turns[1].text.endswith("Bueno, mire: así es.\nVer: https://www.mtess.gov.py")


def test_turn_continues_over_paragraphs_until_next_label():
    parsed = parse_text("Entrevistadora: Primera pregunta.\n\nFiscal: Primer párrafo.\n\nSegundo párrafo.\n\n"
                        "Entrevistadora: Gracias.")
    assert turns_of(parsed) == [("Entrevistadora", "Primera pregunta."),
                                ("Fiscal", "Primer párrafo.\n\nSegundo párrafo."),
                                ("Entrevistadora", "Gracias.")]


def test_label_alone_on_its_line_takes_the_following_paragraph():
    parsed = parse_text("Entrevistadora:\n¿Cómo está?\n\nInspector de trabajo:\nBien, gracias.")
    assert turns_of(parsed) == [("Entrevistadora", "¿Cómo está?"), ("Inspector de trabajo", "Bien, gracias.")]


def test_same_speaker_in_other_case_is_one_speaker():
    parsed = parse_text("Entrevistadora: Uno.\nFiscal: Dos.\nENTREVISTADORA: Tres.\nentrevistadora: cuatro")
    assert parsed.speakers == ("Entrevistadora", "Fiscal")
    assert [t.speaker for t in parsed.turns] == ["Entrevistadora", "Fiscal", "Entrevistadora"]
    assert parsed.turns[-1].text == "Tres.\nentrevistadora: cuatro"  # a lowercase start is not a label


def test_timestamps_in_text_labels_are_kept():
    parsed = parse_text("[00:01:05] Entrevistadora: Hola.\nFiscal (00:01:09): Buen día.\nMarta Ruiz   1:02:03\n"
                        "Sigo aquí.")
    assert [(t.speaker, t.time_start) for t in parsed.turns] == [
        ("Entrevistadora", 65.0), ("Fiscal", 69.0), ("Marta Ruiz", 3723.0)]
    assert parsed.turns[2].text == "Sigo aquí."


def test_numbered_questions_are_one_speaker():
    parsed = parse_text("Pregunta 1: ¿Qué?\nRespuesta: Esto.\nPregunta 2: ¿Y?\nRespuesta: Aquello.")
    assert parsed.speakers == ("Pregunta", "Respuesta")


def test_one_off_label_among_established_speakers_stays_text_with_warning():
    lines = []
    for i in range(3):
        lines += [f"Entrevistadora: Pregunta {i}.", f"Consejera: Respuesta {i}."]
    lines.insert(4, "Atención: esto lo dijo ella misma.")
    parsed = parse_text("\n".join(lines), "larga.txt")
    assert parsed.speakers == ("Entrevistadora", "Consejera")
    assert parsed.turns[3].text == "Respuesta 1.\nAtención: esto lo dijo ella misma."
    assert any("Atención" in w and "larga.txt" in w for w in parsed.warnings)


# ---------------------------------------------------------------------------------------- header

def test_header_interviewer_name_is_metadata_but_greeting_is_a_turn():
    text = ("Fecha: 2025-03-14\nEntrevistadora: Lic. Marta Ruiz\n\n"
            "Entrevistadora: Buenos días, ¿cómo está?\nConsejera: Bien.")
    parsed = parse_text(text)
    assert parsed.metadata["interviewer"] == "Lic. Marta Ruiz"
    assert turns_of(parsed)[0] == ("Entrevistadora", "Buenos días, ¿cómo está?")


def test_header_without_blank_line_ends_at_the_first_utterance():
    text = "Fecha: 14/03/2025\nModalidad: en línea\nEntrevistadora: Buenos días\nConsejera: Hola, buen día."
    parsed = parse_text(text)
    assert parsed.metadata["mode"] == "online" and parsed.metadata["date"] == "2025-03-14"
    assert "interviewer" not in parsed.metadata
    assert turns_of(parsed) == [("Entrevistadora", "Buenos días"), ("Consejera", "Hola, buen día.")]


def test_unknown_header_keys_go_to_extra_and_bad_values_warn():
    text = ("Entrevista 7\nHora: 10:30\nTerritorio: Itapúa\nDMOP: IPACM\nCódigo: E-07\n\n"
            "P: ¿Inicio?\nR: Sí.")
    parsed = parse_text(text, "e07.txt")
    assert parsed.metadata["title"] == "Entrevista 7"
    assert parsed.metadata["dmop"] == "IPACM"
    assert "territory" not in parsed.metadata
    assert parsed.extra == {"Hora": "10:30", "territory": "Itapúa", "Código": "E-07"}
    assert any("Itapúa" in w and "e07.txt" in w and "Ñeembucú" in w for w in parsed.warnings)


def test_first_utterance_right_after_header_is_not_swallowed_as_extra():
    parsed = parse_text("Fecha: 14/03/2025\nConsejera: Buenos días a todos\nEntrevistadora: Gracias por venir.")
    assert parsed.extra == {}
    assert parsed.speakers == ("Consejera", "Entrevistadora")


def test_title_line_blank_line_then_header_block():
    text = ("ENTREVISTA 3: CODENI Hernandarias\n\nFecha: 3 de marzo de 2025\nTerritorio: Alto Paraná\n\n"
            "P: ¿Qué?\nR: Esto.")
    parsed = parse_text(text)
    assert parsed.metadata["title"] == "ENTREVISTA 3: CODENI Hernandarias"
    assert parsed.metadata["date"] == "2025-03-03"
    assert parsed.metadata["territory"] == "alto_parana"
    assert turns_of(parsed) == [("P", "¿Qué?"), ("R", "Esto.")]


def test_text_before_the_first_turn_is_title_and_notes_not_a_turn():
    text = ("Entrevista en la oficina de la CODENI\nSe grabó con consentimiento.\n\n"
            "Entrevistadora: ¿Empezamos?\nConsejera: Sí.")
    parsed = parse_text(text)
    assert parsed.metadata["title"] == "Entrevista en la oficina de la CODENI"
    assert parsed.extra["notes"] == "Se grabó con consentimiento."
    assert len(parsed.turns) == 2


def test_english_header_and_values_are_normalized():
    text = ("Title: Interview with a labor inspector\nDate: March 14, 2025\nMode: in person\n"
            "Territory: Asunción y Central\nInstitution: Ministry of Labor\nInterviewer: Ana Giménez\n"
            "Language: English\n\nInterviewer: How do you coordinate?\nInspector: We call the prosecutor.")
    parsed = parse_text(text)
    assert parsed.metadata == {
        "title": "Interview with a labor inspector", "date": "2025-03-14", "mode": "in_person",
        "territory": "asuncion_central", "institution": "MTESS", "interviewer": "Ana Giménez", "language": "en",
    }


@pytest.mark.parametrize("value, expected", [
    ("presencial", "in_person"), ("Telefónica", "phone"), ("En línea (Zoom)", "online"), ("virtual", "online"),
])
def test_interview_mode_values(value, expected):
    assert parse_text(f"Modalidad: {value}\n\nP: a\nR: b").metadata["mode"] == expected


def test_header_keys_are_case_and_accent_insensitive():
    parsed = parse_text("TITULO: X\nfecha: 14-03-2025\nINSTITUCION: mp\nseudonimo: E3\n\nP: a")
    assert parsed.metadata["institution"] == "MP"
    assert parsed.metadata["date"] == "2025-03-14"
    assert parsed.metadata["pseudonym"] == "E3"


def test_language_is_detected_when_the_header_does_not_say():
    assert parse_text("Q: What works?\nA: The referral route works and the police call us.").metadata[
        "language"] == "en"
    assert parse_text("P: ¿Qué funciona?\nR: La ruta de derivación funciona y la policía nos llama.").metadata[
        "language"] == "es"
    assert detect_language("") == "es"


# --------------------------------------------------------------------------------- paragraph fallback

def test_without_labels_blank_line_paragraphs_are_the_segments():
    parsed = parse_text("Primer párrafo\nsigue aquí.\n\nSegundo párrafo.\n\n\nTercero.", "notas.txt")
    assert turns_of(parsed) == [(None, "Primer párrafo\nsigue aquí."), (None, "Segundo párrafo."),
                                (None, "Tercero.")]
    assert parsed.speakers == ()
    assert any("notas.txt" in w for w in parsed.warnings)
    assert_offsets(parsed)


def test_without_labels_or_blank_lines_each_line_is_a_segment():
    parsed = parse_text("Línea uno.\nLínea dos.\nLínea tres.")
    assert [t.text for t in parsed.turns] == ["Línea uno.", "Línea dos.", "Línea tres."]


def test_header_is_not_a_segment_in_the_paragraph_fallback():
    parsed = parse_text("Fecha: 2025-03-14\nTerritorio: Boquerón\n\nNotas de campo.\n\nOtra nota.")
    assert [t.text for t in parsed.turns] == ["Notas de campo.", "Otra nota."]
    assert parsed.metadata["territory"] == "boqueron"


# ------------------------------------------------------------------------------------ docx / odt / pdf

def test_docx_plain_and_bold_labels(tmp_path):
    data = make_docx([
        "Título: Entrevista fiscalía",
        "Territorio: San Pedro",
        "",
        [("Entrevistadora:", True), (" ¿Cómo coordinan con el MTESS?", False)],
        [("Fiscal Adjunta María José:", True), (" Poco.", False)],
        "Recién este año empezamos, en San Pedro del Ycuamandiyú.",
        "Entrevistadora: ¿Por qué?",
    ])
    path = tmp_path / "fiscal.docx"
    path.write_bytes(data)
    parsed = read_transcript(path)
    assert parsed.filename == "fiscal.docx" and parsed.format == "docx"
    assert parsed.metadata["territory"] == "san_pedro"
    assert turns_of(parsed) == [
        ("Entrevistadora", "¿Cómo coordinan con el MTESS?"),
        ("Fiscal Adjunta María José", "Poco.\nRecién este año empezamos, en San Pedro del Ycuamandiyú."),
        ("Entrevistadora", "¿Por qué?"),
    ]
    assert_offsets(parsed)


def test_docx_recurring_bold_label_without_colon_is_a_speaker():
    data = make_docx([
        [("Entrevistadora", True), ("  ¿Qué funciona?", False)],
        [("Consejera", True), (" La mesa.", False)],
        [("Entrevistadora", True), (" ¿Y qué no?", False)],
        [("Consejera", True), (" Los plazos.", False)],
        [("Importante", True), (" que esto quede.", False)],
    ])
    parsed = read_transcript(data, "bold.docx")
    assert parsed.speakers == ("Entrevistadora", "Consejera")
    assert parsed.turns[-1].text == "Los plazos.\nImportante que esto quede."


def test_docx_table_with_speaker_column_gives_turns():
    data = make_docx(["Fecha: 2025-03-14"], table_rows=[
        ["Hablante", "Texto"],
        ["Entrevistadora", "¿Qué hace la CODENI?"],
        ["Consejera", "Registramos adolescentes trabajadores."],
    ])
    parsed = read_transcript(data, "tabla.docx")
    assert turns_of(parsed) == [("Entrevistadora", "¿Qué hace la CODENI?"),
                                ("Consejera", "Registramos adolescentes trabajadores.")]


def test_docx_without_labels_each_paragraph_is_a_segment():
    parsed = read_transcript(make_docx(["Primera idea.", "Segunda idea.", "", "Tercera."]), "notas.docx")
    assert [t.text for t in parsed.turns] == ["Primera idea.", "Segunda idea.", "Tercera."]


def test_odt_paragraphs_and_speakers_without_comments():
    data = make_odt(["Entrevista CODENI Pilar", "Territorio: Ñeembucú", "",
                     "Entrevistadora: ¿Qué tal con el MTESS?", "Consejera: Bien, gracias."])
    parsed = read_transcript(data, "pilar.odt")
    assert parsed.format == "odt"
    assert parsed.metadata["title"] == "Entrevista CODENI Pilar"
    assert parsed.metadata["territory"] == "neembucu"
    assert turns_of(parsed) == [("Entrevistadora", "¿Qué tal con el MTESS?"), ("Consejera", "Bien, gracias.")]
    assert "revisor" not in parsed.text


def test_pdf_with_text_layer_keeps_accents_and_turns():
    data = make_pdf([
        ["Fecha: 14/03/2025", "Entrevistadora: ¿Cómo coordinan con la fiscalía?",
         "Consejera CODENI: Con el MTESS, en Ñeembucú.", "1"],
        ["Página 2 de 2", "Entrevistadora: Gracias (niñez)."],
    ])
    parsed = read_transcript(data, "entrevista.pdf")
    assert parsed.format == "pdf"
    assert parsed.metadata["date"] == "2025-03-14"
    assert turns_of(parsed) == [("Entrevistadora", "¿Cómo coordinan con la fiscalía?"),
                                ("Consejera CODENI", "Con el MTESS, en Ñeembucú."),
                                ("Entrevistadora", "Gracias (niñez).")]
    assert "Página 2" not in parsed.text


def test_pdf_without_labels_reflows_wrapped_lines_into_paragraphs():
    data = make_pdf([["La coordinación entre el MTESS y la", "fiscalía mejoró este año.",
                      "Falta presupuesto."]])
    parsed = read_transcript(data, "informe.pdf")
    assert [t.text for t in parsed.turns] == ["La coordinación entre el MTESS y la fiscalía mejoró este año.",
                                              "Falta presupuesto."]


def test_pdf_with_some_image_pages_warns_which_pages_are_missing():
    parsed = read_transcript(make_pdf([["P: ¿Qué?", "R: Esto."], []]), "mixto.pdf")
    assert len(parsed.turns) == 2
    assert any("mixto.pdf" in w and "2" in w for w in parsed.warnings)


def test_scanned_pdf_says_run_ocr_first():
    err = error_of(make_pdf([[], []]), "escaneado.pdf")
    assert err.key == "transcript_pdf_scanned"
    assert "OCR" in err.message("es") and "escaneado.pdf" in err.message("es")
    assert "OCR" in err.message("en") and "2 page" in err.message("en")


def test_password_protected_pdf_says_so():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["P: hola"]]))))
    writer.encrypt(user_password="secreto", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    err = error_of(buf.getvalue(), "clave.pdf")
    assert err.key == "transcript_pdf_encrypted" and "clave.pdf" in str(err)


# ------------------------------------------------------------------------------------------ vtt / srt

VTT = """WEBVTT - Entrevista MINNA

NOTE
Fecha: 2025-03-20
Modalidad: en línea

1
00:00:01.000 --> 00:00:04.500
<v Ana Giménez>Buenos días, ¿me escucha?</v>

2
00:00:05.000 --> 00:00:07.000 align:start
<v.loud Ana Giménez>Empecemos con la línea 147.

3
00:00:07.500 --> 00:01:02.250
<v Técnica MINNA>Sí, la escucho &amp; <i>empezamos</i>.
<v Ana Giménez>Gracias.
"""


def test_vtt_voices_timestamps_and_merged_cues():
    parsed = read_transcript(VTT.encode(), "minna.vtt")
    assert parsed.format == "vtt"
    assert parsed.metadata["title"] == "Entrevista MINNA"
    assert parsed.metadata["date"] == "2025-03-20" and parsed.metadata["mode"] == "online"
    assert [(t.speaker, t.text, t.time_start, t.time_end) for t in parsed.turns] == [
        ("Ana Giménez", "Buenos días, ¿me escucha? Empecemos con la línea 147.", 1.0, 7.0),
        ("Técnica MINNA", "Sí, la escucho & empezamos.", 7.5, 62.25),
        ("Ana Giménez", "Gracias.", 7.5, 62.25),
    ]
    assert parsed.text.startswith("Ana Giménez: Buenos días")
    assert_offsets(parsed)


def test_vtt_with_name_prefix_instead_of_voice_tags():
    vtt = "WEBVTT\n\n00:01.000 --> 00:03.000\nMarta Ruiz: ¿Qué tal?\n\n00:03.500 --> 00:05.000\nFiscal: Bien."
    parsed = read_transcript(vtt.encode(), "zoom.vtt")
    assert [(t.speaker, t.time_start) for t in parsed.turns] == [("Marta Ruiz", 1.0), ("Fiscal", 3.5)]


SRT = """1
00:00:01,000 --> 00:00:03,000
Entrevistadora: ¿Cómo funciona
la derivación?

2
00:00:03,200 --> 00:00:05,000
Es lenta, la verdad.

3
00:00:05,500 --> 00:00:09,000
Comisario: <i>Nosotros</i> recibimos la denuncia.
"""


def test_srt_name_prefix_gives_speakers_and_times():
    parsed = read_transcript(SRT.encode("utf-8"), "policia.srt")
    assert parsed.format == "srt"
    assert [(t.speaker, t.text, t.time_start, t.time_end) for t in parsed.turns] == [
        ("Entrevistadora", "¿Cómo funciona la derivación? Es lenta, la verdad.", 1.0, 5.0),
        ("Comisario", "Nosotros recibimos la denuncia.", 5.5, 9.0),
    ]
    assert_offsets(parsed)


def test_srt_without_speakers_has_no_speaker_and_keeps_times():
    srt = "1\n00:00:01,000 --> 00:00:02,000\nHola.\n\n2\n00:00:10,000 --> 00:00:12,000\nOtra frase.\n"
    parsed = read_transcript(srt.encode(), "sub.srt")
    assert [(t.speaker, t.text, t.time_start) for t in parsed.turns] == [(None, "Hola.", 1.0),
                                                                         (None, "Otra frase.", 10.0)]
    assert parsed.speakers == ()


def test_content_sniffing_reads_a_vtt_saved_as_txt():
    parsed = read_transcript(VTT.encode(), "transcript.txt")
    assert parsed.format == "vtt" and parsed.speakers == ("Ana Giménez", "Técnica MINNA")
    assert any("VTT" in w for w in parsed.warnings)


def test_bytes_without_a_name_are_sniffed():
    assert read_transcript(make_docx(["P: a", "R: b"])).format == "docx"
    assert read_transcript(make_pdf([["P: a"]])).format == "pdf"
    assert read_transcript(b"P: a\nR: b").format == "txt"


# ------------------------------------------------------------------------------------------ bad files

def test_empty_file_names_the_file(tmp_path):
    path = tmp_path / "vacia.txt"
    path.write_bytes(b"")
    err = error_of(path)
    assert err.key == "transcript_empty"
    assert "vacia.txt" in err.message("es") and "vacia.txt" in err.message("en")


def test_whitespace_only_file():
    err = error_of(b" \r\n\t\n \xc2\xa0\n", "blanco.txt")
    assert err.key == "transcript_blank" and "blanco.txt" in str(err)


def test_header_only_file_says_there_is_no_interview_text():
    err = error_of("Fecha: 2025-03-14\nTerritorio: Boquerón\n".encode(), "solo_encabezado.txt")
    assert err.key == "transcript_no_body" and "solo_encabezado.txt" in str(err)


def test_fake_docx_that_is_text_is_rejected():
    err = error_of(b"Entrevistadora: hola", "falso.docx")
    assert err.key == "transcript_docx_not_zip"
    assert "falso.docx" in err.message("en") and ".docx" in err.message("en")


def test_old_word_doc_renamed_docx_is_rejected_as_not_a_docx():
    err = error_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "viejo.docx")
    assert err.key == "transcript_docx_not_zip" and "viejo.docx" in str(err)


def test_corrupt_docx_zip_is_rejected():
    data = make_docx(["P: hola"])
    err = error_of(data[: len(data) // 2], "cortado.docx")
    assert err.key == "transcript_docx_corrupt" and "cortado.docx" in str(err)


def test_zip_that_is_not_a_word_document_is_rejected():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("foto.jpg", b"\xff\xd8")
    err = error_of(buf.getvalue(), "fotos.docx")
    assert err.key == "transcript_docx_corrupt" and "fotos.docx" in str(err)


def test_fake_odt_is_rejected():
    err = error_of(b"no soy un odt", "falso.odt")
    assert err.key == "transcript_odt_not_zip" and "falso.odt" in str(err)


def test_fake_and_corrupt_pdf_are_rejected():
    assert error_of(b"hola", "falso.pdf").key == "transcript_pdf_corrupt"
    err = error_of(b"%PDF-1.4\n garbage with no objects", "roto.pdf")
    assert err.key == "transcript_pdf_corrupt" and "roto.pdf" in str(err)


def test_unsupported_type_lists_the_supported_ones():
    err = error_of(b"MZ\x90\x00\x03\x00\x00\x00", "programa.exe")
    assert err.key == "transcript_unsupported_type"
    for text in (err.message("es"), err.message("en")):
        assert "programa.exe" in text and ".exe" in text
        assert all(ext in text for ext in (".docx", ".txt", ".vtt", ".srt", ".odt", ".pdf"))


def test_binary_bytes_in_a_txt_are_rejected():
    err = error_of(bytes(range(256)) * 8, "datos.txt")
    assert err.key == "transcript_binary" and "datos.txt" in str(err)


def test_undecodable_utf16_is_rejected():
    err = error_of(codecs.BOM_UTF16_LE + "P: hola".encode("utf-16-le") + b"\x00\xd8", "roto16.txt")
    assert err.key == "transcript_undecodable" and "roto16.txt" in str(err)


def test_too_large_file_is_rejected_before_reading(tmp_path):
    path = tmp_path / "grande.txt"
    path.write_bytes(b"P: hola\n" * 200)
    err = error_of(path, max_bytes=1000)
    assert err.key == "transcript_too_large"
    assert "grande.txt" in str(err) and "0.001" in err.message("en")
    assert error_of(b"x" * 2000, "b.txt", max_bytes=1000).key == "transcript_too_large"


def test_missing_file_is_reported(tmp_path):
    err = error_of(tmp_path / "no_existe.docx")
    assert err.key == "transcript_not_found" and "no_existe.docx" in str(err)


def test_subtitle_file_without_cues_is_rejected():
    err = error_of(b"WEBVTT\n\nNOTE nada\n", "vacio.vtt")
    assert err.key == "transcript_no_cues" and "vacio.vtt" in str(err)


def test_programmer_misuse_is_a_type_error():
    with pytest.raises(TypeError):
        read_transcript(12345)
    with pytest.raises(TypeError):
        parse_text(b"bytes")


def test_turn_and_parsed_transcript_are_frozen():
    turn = Turn("P", "a", 0, 1, None, None)
    with pytest.raises(AttributeError):
        turn.text = "b"  # type: ignore[misc]
    parsed = parse_text("P: a")
    with pytest.raises(AttributeError):
        parsed.text = "b"  # type: ignore[misc]


def test_long_transcript_offsets_hold_everywhere():
    block = ("Entrevistadora: ¿Cómo fue la derivación del caso de criadazgo en Ñeembucú?\n"
             "Consejera CODENI: La fiscalía tardó; el MTESS no vino. Después, la policía sí.\n\n")
    parsed = parse_text("Fecha: 2025-03-14\n\n" + block * 2000)
    assert len(parsed.text) > 300_000
    assert len(parsed.turns) == 4000
    assert_offsets(parsed)
