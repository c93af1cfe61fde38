"""Imports keep the interview's shape: header lines and metadata tables are metadata, documents that are not
interviews get no speakers, PDF paragraphs and subtitle cues come back whole, every turn has a language."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from atlas_qual.store.models import RedactionName, Segment, Transcript
from atlas_qual.store.transcripts import import_files, transcript_segments
from atlas_qual.transcripts import parse_text, read_transcript
from atlas_qual.transcripts.speakers import SPEAKER_THRESHOLD, speaker_confidence

DATA = Path(__file__).parent / "data" / "import_shape"


def test_header_line_with_two_fields_is_metadata_not_a_speaker():
    parsed = read_transcript(DATA / "header_line.txt")
    assert parsed.speakers == ("Entrevistadora", "Asistente social")
    assert parsed.metadata["mode"] == "in_person"
    assert parsed.extra["Código de entrevistado"] == "AS-07"
    assert parsed.metadata["title"] == "Entrevista a asistente social, San Pedro"
    assert parsed.turns[0].text.startswith("Buenos días.")
    assert all("AS-07" not in turn.text for turn in parsed.turns)


def test_a_one_off_opening_turn_that_is_a_sentence_stays_a_turn():
    parsed = parse_text("Moderadora: Bienvenidos, gracias por venir hoy a conversar.\n"
                        "Ana: Gracias.\nBeto: Hola.\nAna: Sí.\nBeto: Bueno.")
    assert parsed.speakers[0] == "Moderadora"
    assert parsed.turns[0].text.startswith("Bienvenidos")


def test_docx_metadata_table_is_the_header_and_never_turns():
    parsed = read_transcript(DATA / "metadata_table.docx")
    assert parsed.metadata["title"] == "Entrevista a docente, Concepción"
    assert parsed.metadata["interviewee"] == "Graciela Benítez de Ocampo"
    assert parsed.metadata["pseudonym"] == "Docente CO-1"
    assert parsed.metadata["territory"] == "san_pedro"
    assert parsed.metadata["date"] == "2025-04-24"
    assert parsed.speakers == ("Entrevistadora", "Docente")
    assert len(parsed.turns) == 4
    assert not any(t.text.startswith(("Título", "Seudónimo")) for t in parsed.turns)
    assert "Seudónimo" not in parsed.text


def test_docx_metadata_table_registers_the_interviewee_for_redaction(project):
    report = import_files(project, [DATA / "metadata_table.docx"])
    assert not report.errors, report.errors
    tid = report.imported[0].transcript_id
    with project.session() as s:
        names = {r.name: r.replacement for r in s.scalars(select(RedactionName))}
        assert s.get(Transcript, tid).pseudonym == "Docente CO-1"
    assert names == {"Graciela Benítez de Ocampo": "Docente CO-1"}
    texts = " ".join(r["text"] for r in transcript_segments(project, tid))
    assert "Graciela" not in texts and "Docente CO-1" in texts


def test_social_media_posts_get_no_false_speakers():
    parsed = read_transcript(DATA / "social_posts.txt")
    assert parsed.speakers == ()
    assert parsed.speaker_confidence < SPEAKER_THRESHOLD
    assert any("Koronavírus: nuevas medidas" in t.text for t in parsed.turns)
    assert any("entrevista" in w for w in parsed.warnings)


def test_paper_sections_and_episodes_are_not_speakers():
    parsed = read_transcript(DATA / "paper.txt")
    assert parsed.speakers == ()
    assert any(t.text.startswith("Abstract: This paper") for t in parsed.turns)
    assert any(t.text.startswith("Episode 1: the first") for t in parsed.turns)


def test_speaker_confidence_high_for_interview_low_for_many_one_off_labels():
    assert speaker_confidence(["entrevistadora", "fiscal"] * 10) == 1.0
    assert speaker_confidence(["ana", "beto", "carla", "ana", "beto", "carla"]) >= SPEAKER_THRESHOLD
    assert speaker_confidence([f"lugar {i}" for i in range(22)]) < SPEAKER_THRESHOLD


def test_no_speakers_flag_keeps_labels_as_text(project, project_path, cli):
    result = cli("import", str(DATA / "header_line.txt"), "--no-speakers", "--json", "--project", str(project_path))
    assert result.code == 0, result.err
    imported = result.json()["imported"][0]
    assert imported["speakers"] == []
    segments = transcript_segments(project, imported["transcript_id"])
    assert all(seg["speaker"] is None for seg in segments)
    assert segments[1]["text"].startswith("Entrevistadora: Buenos días.")


def test_pdf_paragraphs_rebuilt_from_line_wraps_and_hyphenation():
    parsed = read_transcript(DATA / "wrapped_lines.pdf")
    assert parsed.speakers == ("Entrevistador", "Fiscal")
    answer = parsed.turns[1].text
    assert "\n" not in answer
    assert "Cuando el inspector conoce a la fiscal del turno, el caso avanza rápido; cuando no, la derivación" in answer
    assert parsed.turns[0].text == ("¿Cómo describiría la coordinación con la inspección del trabajo cuando aparece "
                                    "un caso de trabajo forzoso en una estancia?")


@pytest.mark.parametrize("name", ["two_line_cues.srt", "two_line_cues.vtt"])
def test_two_line_cues_are_one_turn_per_speaker_change(name):
    parsed = read_transcript(DATA / name)
    assert len(parsed.turns) == 4
    speakers = [t.speaker for t in parsed.turns]
    assert all(a != b for a, b in zip(speakers, speakers[1:]))
    first = parsed.turns[0].text
    assert "\n" not in first
    assert first in ("Buenos días, gracias por recibirnos en la oficina de la CODENI.",
                     "¿Qué funciona bien en la mesa interinstitucional de trata?")


def test_srt_continuation_cue_joins_the_same_speakers_turn():
    parsed = read_transcript(DATA / "two_line_cues.srt")
    assert parsed.turns[1].text.endswith("Muchas llegan por la radio comunitaria, otras por la escuela.")


def test_each_segment_stores_its_detected_language(project, tmp_path):
    path = tmp_path / "jopara.txt"
    path.write_text("Entrevistadora: ¿Cómo se enteran de los casos en la comunidad?\n"
                    "Lider: Ko'ápe ndaipóri inspector ha umi mitã omba'apo kokuépe.\n"
                    "Entrevistadora: ¿Y la radio ayuda?\n"
                    "Lider: La gente ndoikuaái mba'éichapa ojedenuncia la trata, entonces no se denuncia.\n",
                    encoding="utf-8")
    report = import_files(project, [path])
    with project.session() as s:
        langs = list(s.scalars(select(Segment.language).where(
            Segment.transcript_id == report.imported[0].transcript_id).order_by(Segment.ordinal)))
    assert langs == ["es", "gn", "es", "mixed"]


def test_segments_cli_redacts_by_default_and_no_redact_opts_in(project, project_path, cli):
    report = import_files(project, [DATA / "metadata_table.docx"])
    tid = str(report.imported[0].transcript_id)
    plain = cli("segments", "--transcript", tid, "--project", str(project_path))
    as_json = cli("segments", "--transcript", tid, "--json", "--project", str(project_path))
    raw = cli("segments", "--transcript", tid, "--json", "--no-redact", "--project", str(project_path))
    assert "Graciela" not in plain.out and "Docente CO-1" in plain.out
    assert "Graciela" not in as_json.out
    assert any("Graciela Benítez de Ocampo" in row["text"] for row in raw.json())
