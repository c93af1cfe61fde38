"""`atlas-qual import` on what a field tester brought (findings B 3-6, 19, 22): a manifest that misses a file or
names one that is not there, manifest cells that are wrong, Spanish --mode words, a .zip of transcripts (and zips
that must be refused), Zoom speakers named by their full names, P:/R: transcripts with a pseudonym and a table of
figures in a Word file."""

from __future__ import annotations

import io
import zipfile

from docx import Document

HEADER = """Entrevistador: ¿Cómo coordinan con la fiscalía?
Entrevistado: Nos reunimos cada mes, pero faltan vehículos.
Entrevistador: ¿Y con la CODENI?
Entrevistado: Mejoró desde el año pasado.
"""

ZOOM_VTT = """WEBVTT

1
00:00:02.310 --> 00:00:06.120
Lucía Fernández: Buenas tardes, ¿me escucha bien?

2
00:00:06.500 --> 00:00:14.000
Teodora Bogado Núñez: Sí, le escucho. Soy la consejera de la CODENI de Pilar.

3
00:00:14.500 --> 00:00:20.000
Lucía Fernández: ¿Cómo derivan los casos de criadazgo?

4
00:00:20.500 --> 00:00:30.000
Teodora Bogado Núñez: Llamamos a la fiscalía, pero tardan mucho.
"""

PR_TXT = """Título: Entrevista a consejera de CODENI
DMOP: CR
Entrevistada: Graciela Ortiz de Vera
Seudónimo: Consejera SP-1

P: ¿Cuántos casos recibieron este año?
R: Unos quince, casi todos de criadazgo.
P: ¿Qué hacen cuando reciben el aviso?
R: Visitamos la casa y llamamos a la fiscalía.
"""


def _txt(tmp_path, name: str, body: str = HEADER):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _transcripts(project) -> list[dict]:
    from atlas_qual.store.transcripts import list_transcripts

    return list_transcripts(project)


# --- finding 3: a file the manifest does not list, a row that matches no file -----------------------------------


def test_a_file_missing_from_the_manifest_is_not_imported_without_its_case_attributes(cli, project_path, tmp_path):
    m3 = _txt(tmp_path, "m3.txt")
    manifest = tmp_path / "manifest_otro.csv"
    manifest.write_text("file,dmop,territory\notro.txt,MAUEP,San Pedro\n", encoding="utf-8")
    res = cli("import", m3, "--manifest", manifest, "--project", project_path)
    assert res.code == 1
    assert "m3.txt no figura en el manifiesto manifest_otro.csv" in res.err
    assert "manifest_otro.csv, fila 2: «otro.txt» no corresponde a ningún archivo" in res.err
    assert cli("info", "--json", "--project", project_path).json()["transcripts"] == 0


def test_a_manifest_row_matches_its_file_whatever_the_case_of_the_name(project, tmp_path):
    from atlas_qual.store.transcripts import import_files

    path = _txt(tmp_path, "Entrevista_03.TXT")
    manifest = tmp_path / "m.csv"
    manifest.write_text("archivo,dmop,territorio\nentrevista_03.txt,MAUEP,San Pedro\n", encoding="utf-8")
    report = import_files(project, [path], manifest=manifest)
    assert not report.errors and not report.warnings
    assert (_transcripts(project)[0]["dmop"], _transcripts(project)[0]["territory"]) == ("MAUEP", "san_pedro")


# --- finding 4: manifest errors name the manifest, the row and the column; territories by their names -------------


def test_a_bad_manifest_cell_names_manifest_row_and_column_and_lists_territory_names(cli, project_path, tmp_path):
    files = [_txt(tmp_path, f"m{i}.txt", HEADER + f"Entrevistador: Gracias {i}.\n") for i in (1, 2)]
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("archivo,dmop,territorio,fecha\nm1.txt,MAUEP,Alto Paraná,2025-02-30\n"
                        "m2.txt,MAUEP,Marte,2025-02-10\n", encoding="utf-8")
    res = cli("import", *files, "--manifest", manifest, "--project", project_path)
    assert res.code == 1
    lines = res.err.strip().splitlines()
    assert any(line.startswith("atlas-qual: error: manifest.csv, fila 2 (m1.txt), columna «fecha»: ")
               and "2025-02-30" in line for line in lines)
    (marte,) = [line for line in lines if "Marte" in line]
    assert "manifest.csv, fila 3 (m2.txt), columna «territorio»" in marte
    assert "Alto Paraná" in marte and "Ñeembucú" in marte and "alto_parana" not in marte


# --- finding 5: --mode in Spanish -----------------------------------------------------------------------------------


def test_import_mode_takes_the_spanish_words_the_header_takes(cli, project_path, tmp_path):
    for n, word in enumerate(("presencial", "Telefónica", "en línea", "virtual", "phone")):
        res = cli("import", _txt(tmp_path, f"e{n}.txt", HEADER + f"Entrevistador: Fin {n}.\n"), "--mode", word,
                  "--project", project_path)
        assert res.code == 0, res
    with_modes = [t["mode"] for t in _transcripts_at(project_path)]
    assert with_modes == ["in_person", "phone", "online", "online", "phone"]


def test_an_unknown_import_mode_is_the_one_line_project_error(cli, project_path, tmp_path):
    res = cli("import", _txt(tmp_path, "e.txt"), "--mode", "satelital", "--project", project_path)
    assert res.code == 1
    assert res.err.strip() == ("atlas-qual: error: Modalidad desconocida: 'satelital'. Use presencial, telefónica o "
                               "en línea (in_person, phone, online).")


def _transcripts_at(project_path):
    from atlas_qual.store import open_project

    p = open_project(project_path)
    try:
        return _transcripts(p)
    finally:
        p.dispose()


# --- finding 6: a .zip of transcripts -------------------------------------------------------------------------------


def test_a_zip_of_transcripts_imports_each_member_and_names_the_bad_one(cli, project_path, tmp_path):
    lote = _zip(tmp_path / "lote.zip", {"entrevista_z1.txt": HEADER.encode(),
                                         "sub/entrevista_z2.txt": (HEADER + "Entrevistador: Otra.\n").encode(),
                                         "roto.docx": b"no es docx", "__MACOSX/._roto.docx": b"x"})
    res = cli("import", lote, "--json", "--project", project_path)
    assert res.code == 1
    data = res.json()
    assert [i["file"] for i in data["imported"]] == ["lote.zip/entrevista_z1.txt", "lote.zip/sub/entrevista_z2.txt"]
    (error,) = data["errors"]
    assert error["file"] == "lote.zip/roto.docx"
    assert error["error"].startswith("lote.zip: roto.docx: ")
    assert [t["filename"] for t in _transcripts_at(project_path)] == ["entrevista_z1.txt", "entrevista_z2.txt"]


def test_zip_members_take_their_case_attributes_from_the_manifest(project, tmp_path):
    from atlas_qual.store.transcripts import import_files

    lote = _zip(tmp_path / "lote.zip", {"a.txt": HEADER.encode()})
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,dmop,territory\na.txt,CR,Boquerón\n", encoding="utf-8")
    report = import_files(project, [lote], manifest=manifest)
    assert not report.errors
    assert _transcripts(project)[0]["territory"] == "boqueron"


def test_nested_zips_paths_out_of_the_zip_and_zip_bombs_are_refused_by_name(cli, project_path, tmp_path):
    inner = io.BytesIO()
    _zip(inner, {"x.txt": HEADER.encode()})
    lote = _zip(tmp_path / "raro.zip", {"dentro.zip": inner.getvalue(), "../fuera.txt": HEADER.encode(),
                                         "bueno.txt": HEADER.encode()})
    res = cli("import", lote, "--project", project_path)
    assert res.code == 1
    assert "raro.zip: «dentro.zip» es un archivo comprimido dentro del .zip" in res.err
    assert "raro.zip: «../fuera.txt» tiene una ruta que sale del .zip" in res.err
    assert "raro.zip/bueno.txt: transcripción #1" in res.out

    # 60 MB of zeros, a few tens of KB compressed: over the cap of one transcript, stopped while inflating
    bomb = _zip(tmp_path / "bomba.zip", {"grande.txt": b"0" * 60_000_000})
    res = cli("import", bomb, "--project", project_path)
    assert res.code == 1
    assert "bomba.zip" in res.err and "grande.txt" in res.err
    assert len(_transcripts_at(project_path)) == 1


def test_the_unsupported_type_message_lists_qdpx_and_zip(cli, project_path, tmp_path):
    path = _txt(tmp_path, "notas.xyz")
    res = cli("import", path, "--project", project_path)
    assert res.code == 1 and ".qdpx" in res.err and ".zip" in res.err


# --- finding 19: speakers named by their full names -----------------------------------------------------------------


def test_zoom_speakers_named_by_full_names_are_hidden_in_every_output_with_a_warning(cli, project_path, tmp_path):
    vtt = tmp_path / "zoom_transcript.vtt"
    vtt.write_text(ZOOM_VTT, encoding="utf-8")
    res = cli("import", vtt, "--project", project_path)
    assert res.code == 0
    assert "Teodora" not in res.out and "Hablante 1, Hablante 2" in res.out
    assert "2 hablantes son nombres de personas" in res.err and "names add" in res.err
    assert "Teodora" not in res.err  # the warning itself shows no name
    shown = cli("segments", "--transcript", 1, "--project", project_path).out
    assert "Teodora" not in shown and "Bogado" not in shown and "Lucía Fernández" not in shown
    assert "Hablante 2: Sí, le escucho." in shown
    assert "Teodora Bogado Núñez: Sí" in cli("segments", "--transcript", 1, "--no-redact", "--project",
                                             project_path).out
    # the replacement is the user's to change
    assert cli("names", "add", "Teodora Bogado Núñez", "--replacement", "Consejera PI-1", "--project",
               project_path).code == 0
    assert "Consejera PI-1: Sí, le escucho." in cli("segments", "--transcript", 1, "--project", project_path).out


def test_role_labels_and_the_named_interviewer_are_not_added_to_hidden_names(project, tmp_path):
    from atlas_qual.store.names import list_names
    from atlas_qual.store.transcripts import import_files

    body = ("Entrevistadora: Ana Giménez\nEntrevistada: Rosa Benítez Ojeda\nSeudónimo: INS-AP-01\n\n"
            "Ana Giménez: ¿Cómo coordinan?\nRosa Benítez: Con la fiscalía.\nFiscal Adjunta: Y con la policía.\n"
            "Ana Giménez: Gracias.\nRosa Benítez: A usted.\nFiscal Adjunta: Gracias.\n")
    report = import_files(project, [_txt(tmp_path, "e.txt", body)])
    assert not report.errors and not any("hablante" in w["warning"] for w in report.warnings)
    assert [n.name for n in list_names(project)] == ["Rosa Benítez Ojeda"]


# --- finding 22: P:/R: with a pseudonym; a table in a Word file -----------------------------------------------------


def test_the_respondent_of_a_p_r_transcript_is_shown_by_the_pseudonym(cli, project_path, tmp_path):
    cli("import", _txt(tmp_path, "codeni.txt", PR_TXT), "--project", project_path)
    rows = cli("segments", "--transcript", 1, "--json", "--project", project_path).json()
    assert [r["speaker"] for r in rows] == ["P", "Consejera SP-1", "P", "Consejera SP-1"]
    raw = cli("segments", "--transcript", 1, "--json", "--no-redact", "--project", project_path).json()
    assert [r["speaker"] for r in raw] == ["P", "R", "P", "R"]  # the store keeps what the file says


def test_a_table_of_figures_in_a_word_file_is_its_own_segment(tmp_path):
    from atlas_qual.transcripts import read_transcript

    doc = Document()
    for line in ("Entrevistadora: ¿Cómo se coordina la mesa?", "Coordinadora: Cada quince días.",
                 "Entrevistadora: ¿Tiene datos de casos por año?"):
        doc.add_paragraph(line)
    table = doc.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate((("Año", "Casos"), ("2023", "12"), ("2024", "19"))):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    doc.add_paragraph("Coordinadora: Como ve, subieron.")
    path = tmp_path / "tabla.docx"
    doc.save(path)
    parsed = read_transcript(path)
    assert [(t.speaker, t.text) for t in parsed.turns[2:]] == [
        ("Entrevistadora", "¿Tiene datos de casos por año?"),
        (None, "Año | Casos\n2023 | 12\n2024 | 19"),
        ("Coordinadora", "Como ve, subieron."),
    ]
    assert not any("Año" in w for w in parsed.warnings)
    assert all(parsed.text[t.start:t.end] == t.text for t in parsed.turns)


def test_a_speaker_table_in_a_word_file_still_gives_turns(tmp_path):
    from atlas_qual.transcripts import read_transcript

    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate((("Entrevistadora", "¿Qué funcionó?"), ("Consejera", "Las capacitaciones."))):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    path = tmp_path / "hablantes.docx"
    doc.save(path)
    parsed = read_transcript(path)
    assert [(t.speaker, t.text) for t in parsed.turns] == [("Entrevistadora", "¿Qué funcionó?"),
                                                          ("Consejera", "Las capacitaciones.")]
