"""REFI-QDA exchange: valid exports, round trip, imports from other tools (NVivo UTF-16, CRLF, ATLAS.ti)."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest

from atlas_qual.errors import AtlasQualError, ImportFailed
from atlas_qual.refi import (
    RefiCase,
    RefiCode,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSource,
    RefiUser,
    iter_codes,
    project_xml,
    read_qdpx,
    stable_guid,
    validate,
    write_qdc,
    write_qdpx,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "refi-qda"
PROJECT_XSD = SHARED / "Project.xsd"
CODEBOOK_XSD = SHARED / "Codebook.xsd"
ATLASTI_SAMPLE = SHARED / "atlasti_sample_TestProject.qdpx"
needs_schemas = pytest.mark.skipif(not PROJECT_XSD.exists(), reason="REFI-QDA schemas not found in shared/refi-qda")

G = stable_guid
ANA = RefiUser(G("user", "ana.gimenez"), "ana.gimenez")
CARLOS = RefiUser(G("user", "carlos.rojas"), "carlos.rojas")
TEXT = (
    "Entrevistadora: ¿Cómo ve la coordinación con el MTESS?\n"
    "Fiscal: La mesa técnica 😀 funciona bien desde marzo.\n"
    "Inspector: Falta coordinación con el Ministerio Público en Ñeembucú."
)


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def u16(text: str, code_point: int) -> int:
    """The UTF-16 code-unit offset of a code-point offset (what NVivo writes)."""
    return len(text[:code_point].encode("utf-16-le")) // 2


@pytest.fixture
def project() -> RefiProject:
    fortalezas = RefiCode(G("code", "F"), "Fortalezas", "Lo que funciona del DMOP", "#2e7d32")
    debilidades = RefiCode(G("code", "D"), "Debilidades", "", "#c62828")
    evaluacion = RefiCode(G("code", "E"), "Evaluación", "Evaluación del DMOP", None, (fortalezas, debilidades),
                          is_codable=False)
    trata = RefiCode(G("code", "T"), "Trata de personas")
    s1, e1 = span(TEXT, "La mesa técnica 😀 funciona bien")
    s2, e2 = span(TEXT, "Falta coordinación con el Ministerio Público")
    selections = (
        RefiSelection(G("sel", 1), s1, e1, fortalezas.guid, ANA.guid, "2025-03-14T10:00:00Z"),
        RefiSelection(G("sel", 1), s1, e1, trata.guid, CARLOS.guid),  # same passage, second code by another coder
        RefiSelection(G("sel", 2), s2, e2, debilidades.guid, CARLOS.guid, "2025-03-15T08:30:00-03:00"),
        RefiSelection(G("sel", 3), s2, e2, debilidades.guid, ANA.guid),
    )
    source = RefiSource(G("src", 1), "Entrevista fiscal Ñeembucú", TEXT, selections, "2025-03-14T09:00:00Z",
                        ANA.guid)
    other = RefiSource(G("src", 2), "Entrevista inspector", "Inspector: sin comentarios.", ())
    case = RefiCase(G("case", 1), "Fiscal Ñeembucú",
                    {"DMOP": "MAUEP", "Territorio": "Ñeembucú", "Modalidad": "in_person", "Rol": ""}, (source.guid,))
    notes = (
        RefiNote(G("note", 1), "Definición", "Aplicar a logros concretos.", fortalezas.guid, ANA.guid),
        RefiNote(G("note", 2), "Contexto", "Entrevista corta, con ruido.", source.guid, CARLOS.guid),
        RefiNote(G("note", 3), "Cita clave", "Usar en el informe.", G("sel", 2)),
        RefiNote(G("note", 4), "Diario del proyecto", "Primera ronda de codificación."),
    )
    return RefiProject("Evaluación MAUEP", (ANA, CARLOS), (evaluacion, trata), (source, other), (case,), notes)


def qde(body: str, *, origin: str | None = None, name: str = "Proyecto") -> bytes:
    attr = f' origin="{origin}"' if origin else ""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="{name}"{attr}>'
            f"{body}</Project>").encode("utf-8")


def make_qdpx(path: Path, qde_bytes: bytes, files: dict[str, bytes] | None = None,
              qde_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(qde_name, qde_bytes)
        for name, data in (files or {}).items():
            zf.writestr(name, data)
    return path


USERS_XML = f'<Users><User guid="{ANA.guid}" name="ana.gimenez"/></Users>'
CODES_XML = (f'<CodeBook><Codes><Code guid="{G("code", "F")}" name="Fortalezas" isCodable="true"/>'
             f'<Code guid="{G("code", "D")}" name="Debilidades" isCodable="true"/></Codes></CodeBook>')


def selection_xml(guid: str, start: int, end: int, code: str = "F", name: str | None = None) -> str:
    label = f' name="{name}"' if name else ""
    return (f'<PlainTextSelection guid="{guid}"{label} startPosition="{start}" endPosition="{end}" '
            f'creatingUser="{ANA.guid}"><Coding guid="{G("coding", guid)}" creatingUser="{ANA.guid}">'
            f'<CodeRef targetGUID="{G("code", code)}"/></Coding></PlainTextSelection>')


def one_source_project(selections: str, *, origin: str | None = None, path: str | None = None) -> bytes:
    src = G("src", "x")
    ref = path or f"internal://{src}.txt"
    return qde(f'{USERS_XML}{CODES_XML}<Sources><TextSource guid="{src}" name="Entrevista" plainTextPath="{ref}">'
               f"{selections}</TextSource></Sources>", origin=origin)


def selected(result, index: int = 0) -> list[str]:
    source = result.project.sources[index]
    return [source.text[sel.start:sel.end] for sel in source.selections]


# ---------------------------------------------------------------------------------------------------------------
# Export


@needs_schemas
def test_qdpx_export_is_valid_against_project_xsd(project, tmp_path):
    path = tmp_path / "evaluacion.qdpx"
    write_qdpx(project, path)
    assert validate(path, PROJECT_XSD) == []


@needs_schemas
def test_empty_project_export_has_no_empty_containers_and_is_valid(tmp_path):
    path = tmp_path / "vacio.qdpx"
    write_qdpx(RefiProject("Vacío"), path)
    assert validate(path, PROJECT_XSD) == []
    xml = zipfile.ZipFile(path).read("project.qde")
    for container in (b"<Users", b"<CodeBook", b"<Variables", b"<Cases", b"<Sources", b"<Notes"):
        assert container not in xml


@needs_schemas
def test_qdc_export_is_valid_against_codebook_xsd_and_keeps_hierarchy(project, tmp_path):
    path = tmp_path / "libro.qdc"
    write_qdc(project.codes, project.users, path)
    assert validate(path, CODEBOOK_XSD) == []
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    ns = {"c": "urn:QDA-XML:codebook:1.0"}
    assert root.xpath("c:Codes/c:Code[@name='Evaluación']/c:Code/@name", namespaces=ns) == ["Fortalezas",
                                                                                           "Debilidades"]
    assert root.xpath("//c:Code[@name='Fortalezas']/@color", namespaces=ns) == ["#2e7d32"]
    assert root.xpath("//c:Code[@name='Evaluación']/@isCodable", namespaces=ns) == ["false"]


@needs_schemas
def test_validate_reports_what_is_wrong_in_an_invalid_document():
    bad = b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code name="x" isCodable="true"/></Codes></CodeBook>'
    errors = validate(bad, CODEBOOK_XSD)
    assert errors and "guid" in errors[0]


def test_sources_are_guid_named_utf8_files_referenced_as_internal(project, tmp_path):
    path = tmp_path / "p.qdpx"
    write_qdpx(project, path)
    source = project.sources[0]
    with zipfile.ZipFile(path) as zf:
        assert sorted(zf.namelist()) == sorted(["project.qde"] + [f"sources/{s.guid}.txt" for s in project.sources])
        assert zf.read(f"sources/{source.guid}.txt").decode("utf-8") == TEXT
        xml = zf.read("project.qde").decode("utf-8")
    assert f'plainTextPath="internal://{source.guid}.txt"' in xml
    start, end = span(TEXT, "La mesa técnica 😀 funciona bien")
    assert f'startPosition="{start}" endPosition="{end}"' in xml  # code points, the emoji counts one


def test_cases_become_text_variables_with_values(project):
    from lxml import etree

    root = etree.fromstring(project_xml(project))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert root.xpath("q:Variables/q:Variable/@name", namespaces=ns) == ["DMOP", "Territorio", "Modalidad", "Rol"]
    assert set(root.xpath("q:Variables/q:Variable/@typeOfVariable", namespaces=ns)) == {"Text"}
    assert root.xpath("q:Cases/q:Case/q:VariableValue/q:TextValue/text()", namespaces=ns) == [
        "MAUEP", "Ñeembucú", "in_person"]


def test_export_refuses_a_coding_outside_its_text(project, tmp_path):
    source = project.sources[0]
    bad = RefiSelection(G("sel", 9), 10, len(source.text) + 5, G("code", "F"), ANA.guid)
    broken = RefiProject(project.name, project.users, project.codes,
                         (RefiSource(source.guid, source.name, source.text, (bad,)),))
    with pytest.raises(ValueError, match="outside the text"):
        write_qdpx(broken, tmp_path / "x.qdpx")
    assert not (tmp_path / "x.qdpx").exists()


def test_export_refuses_a_note_on_a_case_which_refi_cannot_carry(project, tmp_path):
    note = RefiNote(G("note", 9), "Sobre el caso", "texto", project.cases[0].guid)
    broken = RefiProject(project.name, project.users, project.codes, project.sources, project.cases, (note,))
    with pytest.raises(ValueError, match="a case"):
        write_qdpx(broken, tmp_path / "x.qdpx")


def test_codebook_export_of_no_codes_is_a_clear_user_error(tmp_path):
    with pytest.raises(AtlasQualError) as err:
        write_qdc([], [], tmp_path / "vacio.qdc")
    assert "at least one code" in err.value.message("en")


# ---------------------------------------------------------------------------------------------------------------
# Round trip


def test_round_trip_gives_the_same_project(project, tmp_path):
    path = tmp_path / "ida_y_vuelta.qdpx"
    write_qdpx(project, path)
    result = read_qdpx(path)
    assert result.project == project
    assert (result.warnings, result.corrected, result.unplaced) == ((), 0, ())


def test_round_trip_keeps_codings_on_the_same_words(project, tmp_path):
    path = tmp_path / "p.qdpx"
    write_qdpx(project, path)
    assert selected(read_qdpx(path))[:3] == [
        "La mesa técnica 😀 funciona bien", "La mesa técnica 😀 funciona bien",
        "Falta coordinación con el Ministerio Público"]


# ---------------------------------------------------------------------------------------------------------------
# Import from other tools


@pytest.mark.skipif(not ATLASTI_SAMPLE.exists(), reason="ATLAS.ti sample not found in shared/refi-qda")
def test_atlasti_sample_imports_with_its_users_codes_and_notes():
    result = read_qdpx(ATLASTI_SAMPLE)
    project = result.project
    assert project.name == "ATLAS.ti standard project"
    assert [u.name for u in project.users] == ["ATLAS.ti", "Friedrich Markgraf", "Sebastian Petrausch"]
    codes = {code.name: code for _, code in iter_codes(project.codes)}
    assert len(codes) == 14
    assert codes["Coke::diet Coke"].description == "non sucré"  # entity-encoded accent decoded
    assert codes["happiness"].color == "#f00082"
    assert codes["milk"].color is None
    assert {n.name for n in project.notes} >= {"Research Plan", "My favorite Coke ad"}
    # The sample's Sources/ folder is empty: its 6 text sources have no text, so none is imported and each of
    # their 7 codings is reported, not dropped.
    assert project.sources == ()
    assert len(result.unplaced) == 7
    assert {u.reason for u in result.unplaced} == {"source_text_missing"}
    assert {u.source_name for u in result.unplaced} == {"1994 Diet Coke-Diet Coke Break.docx", "Mabel.txt",
                                                         "Simon.docx"}
    assert sum("Simon.docx" in w for w in result.warnings) == 1
    assert any("PictureSource" in w for w in result.warnings)  # non-text sources are named, not ignored


def test_nvivo_utf16_offsets_with_emoji_and_accents_are_converted(tmp_path):
    text = ("Señora Núñez: 😀 La coordinación con el MTESS mejoró 👍 mucho.\n"
            "Fiscal: 🙏 Falta evidencia en Ñeembucú.")
    phrases = ["La coordinación con el MTESS mejoró", "mucho", "Falta evidencia en Ñeembucú"]
    sels = "".join(selection_xml(G("s", p), u16(text, span(text, p)[0]), u16(text, span(text, p)[1]))
                   for p in phrases)
    path = make_qdpx(tmp_path / "nvivo.qdpx", one_source_project(sels, origin="NVivo 14"),
                     {f"sources/{G('src', 'x')}.txt": text.encode("utf-8")})
    result = read_qdpx(path)
    assert selected(result) == phrases
    assert result.corrected == 3
    assert any("UTF-16" in w for w in result.warnings)
    assert result.unplaced == ()


def test_utf16_offsets_are_detected_without_origin_when_a_coding_ends_beyond_the_text(tmp_path):
    text = "P: 😀😀 Mejoró la derivación de casos.\nR: Falta evidencia 🙏"
    phrases = ["Mejoró la derivación", "Falta evidencia 🙏"]  # the last one ends past the code-point length
    sels = "".join(selection_xml(G("s", p), u16(text, span(text, p)[0]), u16(text, span(text, p)[1]))
                   for p in phrases)
    path = make_qdpx(tmp_path / "x.qdpx", one_source_project(sels, origin="Another QDA tool"),
                     {f"sources/{G('src', 'x')}.txt": text.encode("utf-8")})
    result = read_qdpx(path)
    assert selected(result) == phrases
    assert result.corrected == 2


def test_utf16_offsets_are_detected_from_the_quoted_text_in_selection_names(tmp_path):
    text = "E: 😀 ¿Y la coordinación?\nR: 👍 Mejoró bastante con la mesa técnica, pero falta presupuesto."
    phrases = ["Mejoró bastante", "falta presupuesto"]
    sels = "".join(selection_xml(G("s", p), u16(text, span(text, p)[0]), u16(text, span(text, p)[1]), name=p)
                   for p in phrases)
    path = make_qdpx(tmp_path / "x.qdpx", one_source_project(sels),
                     {f"sources/{G('src', 'x')}.txt": text.encode("utf-8")})
    assert selected(read_qdpx(path)) == phrases


def test_code_point_offsets_with_emoji_are_not_converted(tmp_path):
    text = "E: 😀 ¿Y la coordinación?\nR: 👍 Mejoró bastante con la mesa técnica, pero falta presupuesto."
    phrases = ["Mejoró bastante", "falta presupuesto"]
    sels = "".join(selection_xml(G("s", p), *span(text, p), name=p) for p in phrases)
    path = make_qdpx(tmp_path / "x.qdpx", one_source_project(sels, origin="MAXQDA 2022"),
                     {f"sources/{G('src', 'x')}.txt": text.encode("utf-8")})
    result = read_qdpx(path)
    assert selected(result) == phrases
    assert result.corrected == 0


def test_crlf_source_becomes_lf_and_codings_move_with_the_text(tmp_path):
    lines = ["Entrevistadora: ¿Cómo ve la coordinación?", "Fiscal: Mejoró mucho con el MTESS.",
             "Inspector: Falta evidencia."]
    raw = "\r\n".join(lines) + "\r\n"
    phrases = ["Mejoró mucho con el MTESS", "Falta evidencia"]
    sels = "".join(selection_xml(G("s", p), *span(raw, p)) for p in phrases)
    sels += selection_xml(G("s", "line"), raw.index("Fiscal"), raw.index("Inspector") - 1)  # ends between CR and LF
    path = make_qdpx(tmp_path / "crlf.qdpx", one_source_project(sels),
                     {f"sources/{G('src', 'x')}.txt": raw.encode("utf-8")})
    result = read_qdpx(path)
    assert result.project.sources[0].text == "\n".join(lines) + "\n"
    assert selected(result) == phrases + ["Fiscal: Mejoró mucho con el MTESS.\n"]


def test_decomposed_accents_become_nfc_and_codings_move_with_the_text(tmp_path):
    nfc = "Coordinación en Ñeembucú: la mesa técnica funcionó según el fiscal."
    raw = unicodedata.normalize("NFD", nfc)
    phrases = ["la mesa técnica funcionó", "según el fiscal"]
    sels = "".join(selection_xml(G("s", p), *span(raw, unicodedata.normalize("NFD", p))) for p in phrases)
    path = make_qdpx(tmp_path / "nfd.qdpx", one_source_project(sels),
                     {f"sources/{G('src', 'x')}.txt": raw.encode("utf-8")})
    result = read_qdpx(path)
    assert result.project.sources[0].text == nfc
    assert selected(result) == phrases


def test_capital_sources_folder_any_qde_name_and_embedded_text_are_read(tmp_path):
    src_a, src_b = G("src", "a"), G("src", "b")
    body = (f'{USERS_XML}{CODES_XML}<Sources>'
            f'<TextSource guid="{src_a}" name="Archivo" plainTextPath="internal://{src_a.upper()}.txt">'
            f'{selection_xml(G("s", 1), 0, 6)}</TextSource>'
            f'<TextSource guid="{src_b}" name="Incrustado"><PlainTextContent>Texto incrustado en el XML.'
            f'</PlainTextContent>{selection_xml(G("s", 2), 6, 16, "D")}</TextSource></Sources>')
    path = make_qdpx(tmp_path / "otro.qdpx", qde(body), {f"Sources/{src_a.upper()}.txt": "\ufeffFiscal: sí.".encode()},
                     qde_name="Mi Proyecto.qde")
    result = read_qdpx(path)
    assert [s.text for s in result.project.sources] == ["Fiscal: sí.", "Texto incrustado en el XML."]
    assert selected(result, 0) == ["Fiscal"] and selected(result, 1) == ["incrustado"]


def test_a_coding_that_cannot_be_placed_is_reported_with_its_reason(tmp_path):
    text = "Fiscal: la mesa funciona."
    sels = (selection_xml(G("s", 1), 0, 6) + selection_xml(G("s", 2), 8, 400)
            + selection_xml(G("s", 3), 5, 5) + selection_xml(G("s", 4), 0, 6, code="Z"))
    path = make_qdpx(tmp_path / "x.qdpx", one_source_project(sels),
                     {f"sources/{G('src', 'x')}.txt": text.encode("utf-8")})
    result = read_qdpx(path)
    assert selected(result) == ["Fiscal"]
    assert [u.reason for u in result.unplaced] == ["out_of_range", "empty", "unknown_code"]
    assert "8-400" in result.unplaced[0].message("en") and "25 characters" in result.unplaced[0].message("en")
    assert any("3 codings could not be placed" in w for w in result.warnings) or any(
        "3 codificaciones" in w for w in result.warnings)


def test_cases_variables_and_source_level_variables_are_imported(tmp_path):
    src = G("src", "x")
    dmop, edad, rural = G("var", 1), G("var", 2), G("var", 3)
    body = (f'{USERS_XML}{CODES_XML}<Variables>'
            f'<Variable guid="{dmop}" name="DMOP" typeOfVariable="Text"/>'
            f'<Variable guid="{edad}" name="Edad" typeOfVariable="Integer"/>'
            f'<Variable guid="{rural}" name="Rural" typeOfVariable="Boolean"/></Variables>'
            f'<Cases><Case guid="{G("case", 1)}" name="Fiscal">'
            f'<VariableValue><VariableRef targetGUID="{dmop}"/><TextValue>MAUEP</TextValue></VariableValue>'
            f'<VariableValue><VariableRef targetGUID="{edad}"/><IntegerValue>47</IntegerValue></VariableValue>'
            f'<SourceRef targetGUID="{src}"/></Case></Cases>'
            f'<Sources><TextSource guid="{src}" name="Entrevista"><PlainTextContent>Hola.</PlainTextContent>'
            f'<VariableValue><VariableRef targetGUID="{rural}"/><BooleanValue>true</BooleanValue></VariableValue>'
            f'</TextSource></Sources>')
    result = read_qdpx(make_qdpx(tmp_path / "casos.qdpx", qde(body)))
    cases = {c.name: c for c in result.project.cases}
    assert cases["Fiscal"].variables == {"DMOP": "MAUEP", "Edad": "47"}
    assert cases["Fiscal"].source_guids == (src,)
    assert cases["Entrevista"].variables == {"Rural": "true"}  # MAXQDA-style document variable -> case


def test_notes_keep_their_targets(tmp_path):
    src = G("src", "x")
    body = (f'{USERS_XML}<CodeBook><Codes><Code guid="{G("code", "F")}" name="Fortalezas" isCodable="true">'
            f'<NoteRef targetGUID="{G("note", 1)}"/></Code></Codes></CodeBook>'
            f'<Sources><TextSource guid="{src}" name="E"><PlainTextContent>Fiscal: bien.</PlainTextContent>'
            f'<NoteRef targetGUID="{G("note", 2)}"/></TextSource></Sources>'
            f'<Notes><Note guid="{G("note", 1)}" name="Def"><PlainTextContent>Definición</PlainTextContent></Note>'
            f'<Note guid="{G("note", 2)}" name="Ctx"><PlainTextContent>Contexto</PlainTextContent></Note></Notes>')
    notes = read_qdpx(make_qdpx(tmp_path / "n.qdpx", qde(body))).project.notes
    assert [(n.name, n.text, n.target_guid) for n in notes] == [("Def", "Definición", G("code", "F")),
                                                                 ("Ctx", "Contexto", src)]


# ---------------------------------------------------------------------------------------------------------------
# Broken files: one clear error each, naming the file


def zip_without_qde(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("sources/a.txt", "texto")
    return path


@pytest.mark.parametrize(
    ("make", "key", "words"),
    [
        (lambda p: p.write_bytes(b"esto no es un zip") and p, "refi_not_zip", "not a valid zip"),
        (zip_without_qde, "refi_no_qde", "no project file"),
        (lambda p: make_qdpx(p, b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Users>'), "refi_bad_xml",
         "not valid XML (line 1"),
        (lambda p: make_qdpx(p, b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'),
         "refi_wrong_namespace", "urn:QDA-XML:codebook:1.0"),
    ],
    ids=["not-a-zip", "missing-qde", "bad-xml", "other-namespace"],
)
def test_broken_qdpx_gives_one_clear_error_naming_the_file(tmp_path, make, key, words):
    path = tmp_path / "roto.qdpx"
    make(path)
    with pytest.raises(ImportFailed) as err:
        read_qdpx(path)
    assert err.value.key == key
    message = err.value.message("en")
    assert str(path) in message and words in message
    assert str(path) in err.value.message("es")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ImportFailed) as err:
        read_qdpx(tmp_path / "no_existe.qdpx")
    assert err.value.key == "refi_not_found" and "no_existe.qdpx" in err.value.message("en")
