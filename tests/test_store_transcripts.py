"""Storing transcripts: a batch imports every good file in its own transaction and lists each bad one with its
reason, leaving the project unchanged for it; duplicates are reported, not duplicated; case attributes come from
flags, a manifest CSV or the header lines; `import --json` and `segments --json` follow DESIGN.md exactly."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from atlas_qual.store.models import RedactionName, Segment, SourceFile, Transcript
from atlas_qual.store.transcripts import import_files, list_transcripts, read_manifest, transcript_segments

HEADER_TXT = """Título: Entrevista a la fiscal de San Pedro
Fecha: 14/03/2025
Modalidad: telefónica
DMOP: MAUEP
Territorio: Boquerón
Institución: MP
Rol: fiscal
Entrevistadora: Ana Giménez
Entrevistada: María José Benítez
Seudónimo: FIS-SP-01

Entrevistadora: ¿Cómo coordinan con la inspección?
María José Benítez: Antes no nos conocíamos. Ahora hay una ficha única.
Entrevistadora: ¿Y los inspectores?
María José Benítez: Faltan inspectores, pero la coordinación aumentó.
"""


def write(path, content):
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def table_counts(project) -> dict[str, int]:
    with project.session() as s:
        return {model.__tablename__: s.scalar(select(func.count()).select_from(model))
                for model in (Transcript, Segment, SourceFile, RedactionName)}


@pytest.fixture
def batch(tmp_path):
    """Two good files and one of each bad kind."""
    good_docx = tmp_path / "buena.docx"
    from docx import Document

    doc = Document()
    doc.add_paragraph("Entrevistador: ¿Qué funcionó?")
    doc.add_paragraph("Consejera CODENI: Las capacitaciones conjuntas.")
    doc.save(good_docx)
    return {
        "good_txt": write(tmp_path / "buena.txt", HEADER_TXT),
        "good_docx": good_docx,
        "fake_docx": write(tmp_path / "falsa.docx", "esto no es un docx"),
        "corrupt_docx": write(tmp_path / "rota.docx", good_docx.read_bytes()[:400]),
        "empty": write(tmp_path / "vacia.txt", b""),
        "unsupported": write(tmp_path / "foto.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "undecodable": write(tmp_path / "rara.txt", b"\xff\xfe" + "Entrevistadora: hola".encode("utf-16-le") + b"\x00"),
    }


def test_batch_imports_good_files_and_lists_each_bad_one_with_its_reason(project, batch):
    report = import_files(project, list(batch.values()))
    assert sorted(i.file.rsplit("/", 1)[-1] for i in report.imported) == ["buena.docx", "buena.txt"]
    reasons = {e.file.rsplit("/", 1)[-1]: e.key for e in report.errors}
    assert reasons == {
        "falsa.docx": "transcript_docx_not_zip",
        "rota.docx": "transcript_docx_corrupt",
        "vacia.txt": "transcript_empty",
        "foto.png": "transcript_unsupported_type",
        "rara.txt": "transcript_undecodable",
    }
    for err in report.errors:  # one message each, naming the file
        assert err.file.rsplit("/", 1)[-1] in err.error
    counts = table_counts(project)
    assert counts["transcripts"] == 2 and counts["source_files"] == 2
    assert counts["segments"] == 4 + 2


def test_a_bad_file_alone_leaves_the_project_unchanged(project, batch):
    before = table_counts(project)
    for key in ("fake_docx", "corrupt_docx", "empty", "unsupported", "undecodable"):
        report = import_files(project, [batch[key]])
        assert len(report.errors) == 1 and not report.imported
    assert table_counts(project) == before


def test_importing_the_same_file_twice_is_reported_not_duplicated(project, batch, tmp_path):
    first = import_files(project, [batch["good_txt"]])
    copy = write(tmp_path / "copia_con_otro_nombre.txt", batch["good_txt"].read_bytes())
    again = import_files(project, [batch["good_txt"], copy])
    assert not again.imported
    assert [e.key for e in again.errors] == ["transcript_duplicate", "transcript_duplicate"]
    assert f"#{first.imported[0].transcript_id}" in again.errors[1].error
    assert table_counts(project)["transcripts"] == 1


def test_header_lines_fill_the_case_attributes_and_are_not_turns(project, batch):
    report = import_files(project, [batch["good_txt"]])
    (row,) = list_transcripts(project)
    assert row["title"] == "Entrevista a la fiscal de San Pedro"
    assert (row["dmop"], row["territory"], row["institution"], row["role"], row["mode"], row["date"]) == (
        "MAUEP", "boqueron", "MP", "fiscal", "phone", "2025-03-14")
    assert (row["interviewer"], row["pseudonym"], row["language"]) == ("Ana Giménez", "FIS-SP-01", "es")
    segs = transcript_segments(project, report.imported[0].transcript_id, redact=False)
    assert [s["speaker"] for s in segs] == ["Entrevistadora", "María José Benítez"] * 2
    assert segs[1]["text"].startswith("Antes no nos conocíamos")
    shown = transcript_segments(project, report.imported[0].transcript_id)  # an output: redacted by default
    assert [s["speaker"] for s in shown] == ["Entrevistadora", "FIS-SP-01"] * 2


def test_the_interviewee_real_name_is_kept_for_redaction_with_the_pseudonym(project, batch):
    import_files(project, [batch["good_txt"]])
    with project.session() as s:
        assert s.scalar(select(RedactionName.replacement).where(RedactionName.name == "María José Benítez")) == \
            "FIS-SP-01"
        assert s.scalar(select(Transcript.interviewee)) == "María José Benítez"


def test_flags_win_over_the_manifest_which_wins_over_the_header(project, batch, tmp_path):
    manifest = write(tmp_path / "manifiesto.csv",
                     "archivo;territorio;institución;rol;modalidad\nbuena.txt;San Pedro;MTESS;inspector;presencial\n")
    import_files(project, [batch["good_txt"]], manifest=manifest, attributes={"territory": "Ñeembucú"})
    (row,) = list_transcripts(project)
    assert row["territory"] == "neembucu"  # flag
    assert (row["institution"], row["role"], row["mode"]) == ("MTESS", "inspector", "in_person")  # manifest
    assert row["dmop"] == "MAUEP"  # header


def test_manifest_in_english_columns_and_latin1_reads(tmp_path):
    path = write(tmp_path / "m.csv", "file,dmop,territory,mode\nsub/a.txt,CR,Ñeembucú,en línea\n".encode("cp1252"))
    assert read_manifest(path) == {"a.txt": {"dmop": "CR", "territory": "Ñeembucú", "mode": "en línea"}}


def test_an_unknown_territory_is_an_error_for_that_file_only(project, batch):
    report = import_files(project, [batch["good_txt"], batch["good_docx"]], attributes={"territory": "Marte"})
    assert not report.imported and len(report.errors) == 2
    assert "Marte" in report.errors[0].error and "Alto Paraná" in report.errors[0].error
    assert "alto_parana" not in report.errors[0].error  # the names people know, not the stored keys
    assert table_counts(project)["transcripts"] == 0


def test_docx_is_stored_with_its_original_bytes(project, batch):
    report = import_files(project, [batch["good_docx"]])
    tid = report.imported[0].transcript_id
    with project.session() as s:
        t = s.get(Transcript, tid)
        assert t.format == "docx" and t.encoding == ""
        assert s.scalar(select(SourceFile.content).where(SourceFile.transcript_id == tid)) == \
            batch["good_docx"].read_bytes()
    assert report.imported[0].speakers == ("Entrevistador", "Consejera CODENI")


def test_offsets_point_into_the_stored_text(project, batch):
    report = import_files(project, [batch["good_txt"]])
    with project.session() as s:
        t = s.get(Transcript, report.imported[0].transcript_id)
        for seg in s.scalars(select(Segment).where(Segment.transcript_id == t.id)):
            assert t.text[seg.start:seg.end] == seg.text


def test_progress_is_reported_per_file(project, batch):
    seen = []
    import_files(project, [batch["good_txt"], batch["empty"]], progress=lambda n, name: seen.append((n, name)))
    assert seen == [(0, "buena.txt"), (1, "vacia.txt"), (2, "")]


def test_cli_import_json_is_exactly_the_documented_shape(cli, project_path, batch):
    res = cli("import", batch["good_txt"], batch["empty"], "--project", project_path, "--json")
    assert res.code == 1  # a bad file in the batch
    data = res.json()
    assert set(data) == {"imported", "errors"}
    (item,) = data["imported"]
    assert set(item) == {"file", "transcript_id", "segments", "speakers"}
    assert item["segments"] == 4 and item["speakers"] == ["Entrevistadora", "FIS-SP-01"]  # redacted like every output
    (err,) = data["errors"]
    assert set(err) == {"file", "error"} and "vacia.txt" in err["error"]
    assert "vacia.txt" in res.err


def test_cli_import_flags_set_attributes(cli, project_path, batch, project):
    res = cli("import", batch["good_docx"], "--project", project_path, "--dmop", "cr", "--territory", "Boqueron",
              "--institution", "codeni", "--mode", "online", "--role", "consejera", "--json")
    assert res.code == 0, res
    (row,) = list_transcripts(project)
    assert (row["dmop"], row["territory"], row["institution"], row["mode"], row["role"]) == (
        "CR", "boqueron", "CODENI", "online", "consejera")


def test_cli_segments_json_is_exactly_the_documented_shape(cli, project_path, batch):
    tid = cli("import", batch["good_txt"], "--project", project_path, "--json").json()["imported"][0]["transcript_id"]
    res = cli("segments", "--transcript", tid, "--project", project_path, "--json")
    assert res.code == 0
    rows = res.json()
    assert len(rows) == 4 and all(set(r) == {"id", "speaker", "text", "start", "end"} for r in rows)
    assert rows[3]["text"] == "Faltan inspectores, pero la coordinación aumentó."


def test_cli_segments_of_an_unknown_transcript_says_so(cli, project_path):
    res = cli("segments", "--transcript", 42, "--project", project_path, "--json")
    assert res.code == 1 and "#42" in res.err


def test_demo_interviews_import_in_every_format(project):
    from atlas_qual.demo import data_dir, demo_transcripts

    files = demo_transcripts()
    report = import_files(project, files, manifest=data_dir() / "demo" / "manifest.csv")
    assert not report.errors, report.errors
    formats = {f.suffix for f in files}
    assert {".txt", ".docx", ".vtt"} <= formats
    with project.session() as s:
        assert s.scalar(select(func.count()).select_from(Transcript)) == len(files)
        assert s.scalar(select(func.count()).select_from(Transcript).where(Transcript.territory_id.is_(None))) == 0
