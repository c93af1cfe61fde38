"""Transcripts as field evaluators bring them (round 11): the informant of an "E:"/"I:" transcript shown by the
pseudonym like the "R" of "P:"/"R:"; WhatsApp chat exports, .txt files whose turns open with a time range
("00:01:02 --> 00:01:09") and no cue numbers, Otter's closing line, Markdown labels in lists, quotes and italics.
(Word files with tracked changes, comments, speaker tables, headers/footers and footnotes were tried too and already
read right.)"""

from __future__ import annotations

import csv
import zipfile

import pytest
from sqlalchemy import select

from atlas_qual.i18n import set_lang
from atlas_qual.store.models import Segment, Transcript
from atlas_qual.store.transcripts import import_files, transcript_segments
from atlas_qual.transcripts import read_transcript

# ------------------------------------------------------------------------- 1. the informant of an E:/I: pair

E_I = """Título: Entrevista a sobreviviente
DMOP: CR
Entrevistada: Nidia Zaracho
Seudónimo: Sobreviviente SP-3

E: ¿Cómo llegó a la estancia?
I: Me llevó un señor en camioneta, me prometió trabajo de cocinera.
E: ¿Le pagaban?
I: Nunca me pagaron, decían que debía la comida.
"""
I_R = """Title: Interview with a labor inspector
Interviewee: Marta Ruiz
Pseudonym: Inspector AP-2

I: How did the case reach you?
R: Through the hotline, the coordination with the prosecutor was fast.
I: And the police?
R: They came later.
"""


@pytest.fixture
def pairs(project, tmp_path):
    files = []
    for name, text in (("e_i.txt", E_I), ("i_r.txt", I_R)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    assert not import_files(project, files).errors
    with project.session() as s:
        ids = {t.filename: t.id for t in s.scalars(select(Transcript))}
    return project, ids["e_i.txt"], ids["i_r.txt"]


def test_the_informant_of_an_e_i_transcript_is_shown_by_the_pseudonym_and_the_asking_i_of_i_r_is_not(pairs):
    project, e_i, i_r = pairs
    assert [r["speaker"] for r in transcript_segments(project, e_i)] == ["E", "Sobreviviente SP-3"] * 2
    # beside an "R", the "I" is the interviewer: never the interviewee's pseudonym
    assert [r["speaker"] for r in transcript_segments(project, i_r)] == ["I", "Inspector AP-2"] * 2
    raw = [r["speaker"] for r in transcript_segments(project, e_i, redact=False)]
    assert raw == ["E", "I", "E", "I"]  # the store keeps what the file says


def test_the_informant_is_shown_by_the_pseudonym_on_the_coding_page_and_in_every_export(pairs, cli, project_path,
                                                                                       tmp_path):
    from atlas_qual.store.codebook import add_code
    from atlas_qual.store.coding import apply_code
    from atlas_qual.widgets.coding import CodingApp

    project, e_i, i_r = pairs
    app = CodingApp(project, coder="ana.gimenez", transcript_id=e_i)
    assert [t["speaker"] for t in app.reader.segments] == ["E", "Sobreviviente SP-3"] * 2
    app.transcript_picker.value = i_r
    assert [t["speaker"] for t in app.reader.segments] == ["I", "Inspector AP-2"] * 2

    add_code(project, "Engaño")
    with project.session() as s:
        answers = s.scalars(select(Segment.id).where(
            ((Segment.transcript_id == e_i) & (Segment.speaker == "I"))
            | ((Segment.transcript_id == i_r) & (Segment.speaker == "R")))).all()
    for sid in answers:
        apply_code(project, sid, "Engaño", "ana.gimenez")
    out = tmp_path / "codings.csv"
    assert cli("codings", "export", out, "--project", project_path).code == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert sorted((r["transcript"], r["speaker"]) for r in rows) == [
        ("e_i.txt", "Sobreviviente SP-3"), ("e_i.txt", "Sobreviviente SP-3"),
        ("i_r.txt", "Inspector AP-2"), ("i_r.txt", "Inspector AP-2")]

    hits = cli("search", "comida", "--json", "--project", project_path).json()["hits"]
    assert [h["speaker"] for h in hits] == ["Sobreviviente SP-3"]
    hits = cli("search", "police", "--json", "--project", project_path).json()["hits"]
    assert [h["speaker"] for h in hits] == ["I"]

    qdpx = tmp_path / "p.qdpx"
    assert cli("export", "qdpx", qdpx, "--project", project_path).code == 0
    with zipfile.ZipFile(qdpx) as zf:
        sources = "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".txt"))
    assert "Sobreviviente SP-3: Nunca me pagaron" in sources
    assert "\nI: Nunca" not in sources and "I: And the police?" in sources


# ---------------------------------------------------------------------------------------- 2. WhatsApp exports

ANDROID = """12/3/24 14:05 - Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de \
este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.
12/3/24 14:05 - Marta Giménez: Hola, ¿podemos empezar con la entrevista?
12/3/24 14:06 - Rosa: Sí, cuando quiera.
12/3/24 14:06 - Marta Giménez: ¿Cómo llegó a la fiscalía?
12/3/24 14:07 - Rosa: <Multimedia omitido>
12/3/24 14:08 - Rosa: Me llevó la consejera de la CODENI.
Después fuimos a la policía.
12/3/24 14:08 - Rosa: Y ahí quedó todo.
13/3/24 9:30 - Marta Giménez: audio omitido
13/3/24 9:31 - Marta Giménez: ¿Le devolvieron sus documentos?
13/3/24 9:40 - Rosa: No, hasta ahora no. <Se editó este mensaje.>
"""
IPHONE = """[12/03/24, 14:05:33] Marta Giménez: Los mensajes y las llamadas están cifrados de extremo a extremo.
[12/03/24, 14:05:40] Marta Giménez: Hola, ¿podemos empezar con la entrevista?
[12/03/24, 14:05:58] Rosa: Sí, cuando quiera.
[12/03/24, 14:06:30] Rosa: \u200eaudio omitido
[12/03/24, 14:07:00] Marta Giménez: ¿Cómo llegó a la fiscalía?
[12/03/24, 14:07:40] Rosa: Me llevó la consejera de la CODENI.
"""
US_ENGLISH = """3/12/24, 2:05 PM - Marta: Hello, can we start the interview?
3/12/24, 2:06 PM - Rosa: Yes, go ahead.
3/13/24, 9:31 AM - Marta: Did they give your documents back?
3/13/24, 9:40 AM - Rosa: <Media omitted>
3/13/24, 9:41 AM - Rosa: No, not yet.
"""


def _turns(parsed):
    assert all(parsed.text[t.start:t.end] == t.text for t in parsed.turns)
    return [(t.speaker, t.text) for t in parsed.turns]


def test_an_android_whatsapp_export_gives_one_turn_per_run_of_messages_without_media_or_notices():
    set_lang("es")
    parsed = read_transcript(ANDROID.encode("utf-8"), "Chat de WhatsApp con Rosa.txt")
    assert _turns(parsed) == [
        ("Marta Giménez", "Hola, ¿podemos empezar con la entrevista?"),
        ("Rosa", "Sí, cuando quiera."),
        ("Marta Giménez", "¿Cómo llegó a la fiscalía?"),
        ("Rosa", "Me llevó la consejera de la CODENI.\nDespués fuimos a la policía.\nY ahí quedó todo."),
        ("Marta Giménez", "¿Le devolvieron sus documentos?"),
        ("Rosa", "No, hasta ahora no."),
    ]
    assert parsed.metadata["date"] == "2024-03-12"  # the first message's day
    assert [t.time_start for t in parsed.turns] == [0.0, 60.0, 60.0, 180.0, 19 * 3600 + 26 * 60, 19 * 3600 + 35 * 60]
    for absent in ("cifrados", "Multimedia", "omitido", "14:05", "editó"):
        assert absent not in parsed.text
    assert parsed.warnings == ("Chat de WhatsApp con Rosa.txt: 2 mensajes multimedia (audios, fotos, documentos) o "
                               "borrados no vienen en la exportación del chat y no se importaron: 12/3/24 14:07, "
                               "13/3/24 9:30. Si eran audios, transcríbalos y agréguelos al archivo.",)


def test_an_iphone_export_and_a_us_english_export_read_alike():
    parsed = read_transcript(IPHONE.encode("utf-8"), "chat.txt")
    assert _turns(parsed) == [("Marta Giménez", "Hola, ¿podemos empezar con la entrevista?"),
                              ("Rosa", "Sí, cuando quiera."),
                              ("Marta Giménez", "¿Cómo llegó a la fiscalía?"),
                              ("Rosa", "Me llevó la consejera de la CODENI.")]
    assert parsed.metadata["date"] == "2024-03-12" and len(parsed.warnings) == 1
    english = read_transcript(US_ENGLISH.encode("utf-8"), "chat.txt")
    assert english.metadata["date"] == "2024-03-12"  # month first: 3/13/24 has no 13th month
    assert _turns(english) == [("Marta", "Hello, can we start the interview?"), ("Rosa", "Yes, go ahead."),
                               ("Marta", "Did they give your documents back?"), ("Rosa", "No, not yet.")]
    assert english.turns[2].time_start == 19 * 3600 + 26 * 60  # 2:05 PM to 9:31 AM the next day


def test_a_chat_with_only_media_is_refused_in_a_batch_naming_the_file_and_the_rest_imports(cli, project,
                                                                                           project_path, tmp_path):
    good = tmp_path / "chat_rosa.txt"
    good.write_text(ANDROID, encoding="utf-8")
    bad = tmp_path / "solo_audios.txt"
    bad.write_text("12/3/24 14:05 - Rosa: <Multimedia omitido>\n12/3/24 14:06 - Rosa: audio omitido\n",
                   encoding="utf-8")
    res = cli("import", bad, good, "--project", project_path)
    assert res.code == 1
    assert ("solo_audios.txt: el chat exportado de WhatsApp no tiene mensajes de texto, solo multimedia o avisos del "
            "sistema. Transcriba los audios en el archivo") in res.err
    assert "chat_rosa.txt" in res.out and "6 segmentos" in res.out
    res = cli("--lang", "en", "import", bad, "--project", project_path)
    assert res.code == 1 and "solo_audios.txt: the exported WhatsApp chat has no text messages" in res.err
    with project.session() as s:  # nothing of the bad file is left behind
        assert s.scalars(select(Transcript.filename)).all() == ["chat_rosa.txt"]


# ------------------------------------------------------------------ 3. time ranges without cue numbers, Otter, Markdown

RANGES_BELOW = """Entrevista a sobreviviente, Pilar
Fecha: 02/05/2025

00:01:02 --> 00:01:09
Entrevistadora: ¿Cómo empezó todo?

00:01:10 --> 00:01:30
Informante: Me ofrecieron trabajo en Buenos Aires.
Dijeron que era en una confitería.

00:01:31 --> 00:01:40
Entrevistadora: ¿Quién se lo ofreció?
"""
RANGES_INLINE = """00:01:02 --> 00:01:09 Entrevistadora: ¿Cómo empezó todo?
00:01:10 --> 00:01:30 Informante: Me ofrecieron trabajo en Buenos Aires.
00:01:31 --> 00:01:40 Entrevistadora: ¿Quién se lo ofreció?
"""


@pytest.mark.parametrize("body", [RANGES_BELOW, RANGES_INLINE], ids=["range-above-text", "range-then-text"])
def test_turns_opening_with_a_time_range_and_no_cue_number_are_turns_with_their_times(body):
    parsed = read_transcript(body.encode("utf-8"), "entrevista.txt")
    answer = "Me ofrecieron trabajo en Buenos Aires."
    if body is RANGES_BELOW:
        answer += " Dijeron que era en una confitería."  # a cue's lines are one utterance, as in .srt
        assert parsed.metadata["date"] == "2025-05-02"
        assert parsed.metadata["title"] == "Entrevista a sobreviviente, Pilar"
    assert _turns(parsed) == [("Entrevistadora", "¿Cómo empezó todo?"), ("Informante", answer),
                              ("Entrevistadora", "¿Quién se lo ofreció?")]
    assert [(t.time_start, t.time_end) for t in parsed.turns] == [(62.0, 69.0), (70.0, 90.0), (91.0, 100.0)]
    assert "-->" not in parsed.text


def test_otters_closing_line_is_not_said_by_the_last_speaker():
    body = ("Speaker 1  0:03\nBuenos días, ¿me escucha?\n\nSpeaker 2  0:07\nSí, la escucho bien.\n\n"
            "Speaker 1  0:12\n¿Cuándo llegó el caso?\n\nSpeaker 2  1:05\nEn marzo, lo trajo la maestra.\n\n"
            "Transcribed by https://otter.ai\n")
    parsed = read_transcript(body.encode("utf-8"), "otter.txt")
    assert _turns(parsed)[-1] == ("Speaker 2", "En marzo, lo trajo la maestra.")
    assert parsed.turns[-1].time_start == 65.0
    assert parsed.extra["notes"] == "Transcribed by https://otter.ai"


def test_markdown_labels_in_list_items_quotes_and_italics_are_speakers():
    body = """# Entrevista a consejera

*Fecha:* 14/03/2025

- **Entrevistadora:** ¿Cómo funciona la derivación?
- **Consejera:** Llamamos a la fiscalía.

> **Entrevistadora:** ¿Y la policía?
> **Consejera:** A veces viene.

*Entrevistadora:* ¿Algo más?
*Consejera:* No, eso es todo.
"""
    parsed = read_transcript(body.encode("utf-8"), "entrevista.md")
    assert parsed.metadata["date"] == "2025-03-14"
    assert _turns(parsed) == [("Entrevistadora", "¿Cómo funciona la derivación?"),
                              ("Consejera", "Llamamos a la fiscalía."),
                              ("Entrevistadora", "¿Y la policía?"), ("Consejera", "A veces viene."),
                              ("Entrevistadora", "¿Algo más?"), ("Consejera", "No, eso es todo.")]


def test_the_notebook_api_and_the_agreement_list_show_the_informant_by_the_pseudonym_too(pairs, project_path):
    """The analyst's DataFrames and the second coder's disagreement list named the informant "I" (and the "R" of a
    P:/R: transcript "R") while every other output showed the pseudonym."""
    from atlas_qual import api
    from atlas_qual.store.agreement import disagreements
    from atlas_qual.store.codebook import add_code
    from atlas_qual.store.coding import apply_code

    project, e_i, i_r = pairs
    add_code(project, "Engaño")
    with project.session() as s:
        answers = s.scalars(select(Segment.id).where(
            ((Segment.transcript_id == e_i) & (Segment.speaker == "I"))
            | ((Segment.transcript_id == i_r) & (Segment.speaker == "R")))
            .order_by(Segment.transcript_id, Segment.ordinal)).all()
    for sid in answers:
        apply_code(project, sid, "Engaño", "ana.gimenez")
    apply_code(project, answers[0], "Engaño", "carlos.rojas")
    p = api.open_project(project_path)
    try:
        seg = p.segments(e_i)
        assert list(seg["speaker"]) == ["E", "Sobreviviente SP-3"] * 2
        assert list(p.segments(i_r)["speaker"]) == ["I", "Inspector AP-2"] * 2
        quotes = p.quotes("Engaño")
        assert set(quotes["speaker"]) == {"Sobreviviente SP-3", "Inspector AP-2"}
        assert list(p.segments(e_i, redact=False)["speaker"]) == ["E", "I", "E", "I"]
        d = p.disagreements(["ana.gimenez", "carlos.rojas"])
        assert len(d) and "I" not in set(d["speaker"]) and "R" not in set(d["speaker"])
    finally:
        p.close()
    rows = disagreements(project, ["ana.gimenez", "carlos.rojas"])
    assert rows and {r.speaker for r in rows} <= {"Sobreviviente SP-3", "Inspector AP-2"}
