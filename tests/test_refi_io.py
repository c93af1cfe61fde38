"""REFI-QDA exchange of a whole project: valid redacted exports, `atlas-qual import FILE.qdpx` (the ATLAS.ti sample,
NVivo UTF-16 offsets, a second coder's work merged back), round trip into a new project, broken files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from test_agreement_store import DEBILIDADES, DERIVACION, FORTALEZAS, INTERVIEW_MAUEP, code, make_transcripts

SHARED = Path(__file__).resolve().parents[2] / "shared" / "refi-qda"
PROJECT_XSD = SHARED / "Project.xsd"
CODEBOOK_XSD = SHARED / "Codebook.xsd"
ATLASTI_SAMPLE = SHARED / "atlasti_sample_TestProject.qdpx"
needs_shared = pytest.mark.skipif(not PROJECT_XSD.exists(), reason="shared/refi-qda (schemas, sample) not found")

INTERVIEW_IPACM = """Título: Entrevista a técnica de CONAETI
Fecha: 14/03/2025
Modalidad: en línea
DMOP: IPACM
Territorio: Asunción y Central
Institución: CONAETI
Rol: técnica de planificación
Entrevistador: Carlos Rojas
Lugar: Asunción

P: ¿Qué cambió en la coordinación de los planes?

R: Ahora CONAETI y CONTRAFOR se reúnen juntas 😀 y comparten una matriz única de acciones.

P: ¿Qué falta?

R: Falta presupuesto propio para la mesa técnica.
"""


def new_project(path):
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    p = open_project(path, create=True)
    init_project(p)
    return p


def small_project(project, tmp_path):
    """Two interviews with attributes, two coders, whole-segment and span codings, and memos of every kind."""
    from atlas_qual.store.memos import set_memo

    segs = make_transcripts(project, tmp_path, {"mauep.txt": INTERVIEW_MAUEP, "ipacm.txt": INTERVIEW_IPACM})
    m, i = segs["mauep.txt"], segs["ipacm.txt"]
    for coder in ("ana.gimenez", "carlos.rojas"):
        code(project, m[1], FORTALEZAS, coder)
        code(project, i[3], DEBILIDADES, coder)
    code(project, m[3], DEBILIDADES, "ana.gimenez")
    phrase = "capacitaciones conjuntas"
    start = m[1]["start"] + m[1]["text"].index(phrase)
    code(project, m[1], DERIVACION, "carlos.rojas", start=start, end=start + len(phrase))
    phrase = "matriz única de acciones"
    start = i[1]["start"] + i[1]["text"].index(phrase)
    code(project, i[1], FORTALEZAS, "ana.gimenez", start=start, end=start + len(phrase))
    set_memo(project, "segment", m[3]["id"], "ana.gimenez", "Rosa Benítez pide vehículos.", title="Recursos")
    set_memo(project, "segment", i[1]["id"], "carlos.rojas", "Matriz compartida.", title="IPACM")
    set_memo(project, "transcript", _tid(project, m[0]), "ana.gimenez", "Entrevista en la oficina regional.",
             title="Contexto")
    return segs


def _tid(project, segment) -> int:
    from sqlalchemy import select

    from atlas_qual.store.models import Segment

    with project.session() as s:
        return s.scalar(select(Segment.transcript_id).where(Segment.id == segment["id"]))


def snapshot(project) -> dict:
    """Everything the round trip must keep, named by content (no database ids)."""
    from sqlalchemy import select

    from atlas_qual.store.agreement import code_paths
    from atlas_qual.store.models import Code, Coding, Memo, Segment, Transcript

    with project.session() as s:
        paths = code_paths(s)
        transcripts = {t.id: t for t in s.scalars(select(Transcript))}
        segments = {seg.id: seg for seg in s.scalars(select(Segment))}
        title = {tid: t.title for tid, t in transcripts.items()}
        return {
            "sources": sorted((t.title, t.text) for t in transcripts.values()),
            "segments": sorted((title[g.transcript_id], g.ordinal, g.speaker, g.start, g.end, g.text)
                               for g in segments.values()),
            "codes": sorted((paths[c.id], (c.definition or {}).get("es", ""), c.color)
                            for c in s.scalars(select(Code))),
            "codings": sorted((title[segments[c.segment_id].transcript_id], segments[c.segment_id].ordinal,
                               paths[c.code_id], c.coder, c.start, c.end)
                              for c in s.scalars(select(Coding).where(Coding.status == "accepted"))),
            "attributes": sorted((t.title, t.dmop_id, t.territory_id, t.institution_id, t.role, t.mode, str(t.date),
                                  t.language, t.interviewer, t.pseudonym, t.interviewee,
                                  tuple(sorted((t.extra or {}).items()))) for t in transcripts.values()),
            "memos": sorted((m.target_kind, m.title, m.text, m.author) for m in s.scalars(select(Memo))),
        }


def counts(project) -> dict:
    from sqlalchemy import func, select

    from atlas_qual.store.models import Code, Coder, Coding, Memo, Segment, Transcript

    with project.session() as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m))
                for m in (Transcript, Segment, Code, Coding, Coder, Memo)}


# --- export ----------------------------------------------------------------------------------------------------


@needs_shared
def test_demo_project_exports_valid_qdpx_and_qdc(demo_project, tmp_path, cli):
    from atlas_qual.refi import read_qdpx, validate

    for flags, name in (((), "demo.qdpx"), (("--no-redact",), "demo_raw.qdpx")):
        res = cli("export", "qdpx", tmp_path / name, *flags, "--json", "--project", demo_project)
        assert res.code == 0, res
        assert validate(tmp_path / name, PROJECT_XSD) == []
        data = res.json()
        assert data["sources"] >= 12 and data["codings"] > 300 and data["users"] >= 2 and data["skipped"] == []
        assert data["redacted"] is (not flags)
    res = cli("export", "codebook", tmp_path / "libro.qdc", "--project", demo_project)
    assert res.code == 0 and "códigos" in res.out
    assert validate(tmp_path / "libro.qdc", CODEBOOK_XSD) == []
    refi = read_qdpx(tmp_path / "demo.qdpx").project
    assert {u.name for u in refi.users} >= {"ana.gimenez", "carlos.rojas"}
    assert sum(len(s.selections) for s in refi.sources) == data_codings(cli, demo_project)
    assert all("Benítez Ojeda" not in s.text for s in refi.sources)


def data_codings(cli, project) -> int:
    return cli("info", "--json", "--project", project).json()["codings"]


def test_small_project_exports_are_valid_against_the_schemas(project, tmp_path):
    from atlas_qual.refi import validate
    from atlas_qual.store.refi_io import export_codebook, export_qdpx

    small_project(project, tmp_path)
    result = export_qdpx(project, tmp_path / "p.qdpx")
    assert (result.sources, result.codings, result.notes, result.cases) == (2, 7, 3, 2)
    if PROJECT_XSD.exists():
        assert validate(tmp_path / "p.qdpx", PROJECT_XSD) == []
        assert export_codebook(project, tmp_path / "c.qdc") == result.codes
        assert validate(tmp_path / "c.qdc", CODEBOOK_XSD) == []


def test_redacted_export_replaces_names_and_keeps_codings_on_the_same_words(project, tmp_path):
    from atlas_qual.refi import read_qdpx
    from atlas_qual.store.refi_io import export_qdpx
    from atlas_qual.store.transcripts import project_redactor

    small_project(project, tmp_path)
    export_qdpx(project, tmp_path / "red.qdpx")
    export_qdpx(project, tmp_path / "raw.qdpx", redact=False)
    with zipfile.ZipFile(tmp_path / "red.qdpx") as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist()).decode("utf-8")
    for secret in ("Rosa Benítez", "Benítez Ojeda", "0981 123 456"):
        assert secret not in everything
    assert "INS-AP-01" in everything and "[teléfono]" in everything
    red, raw = read_qdpx(tmp_path / "red.qdpx").project, read_qdpx(tmp_path / "raw.qdpx").project
    redactor = project_redactor(project, "es")
    pairs = 0
    for src_red, src_raw in zip(red.sources, raw.sources):
        for a, b in zip(src_red.selections, src_raw.selections):
            assert (a.code_guid, a.user_guid) == (b.code_guid, b.user_guid)
            assert src_red.text[a.start:a.end] == redactor.redact(src_raw.text[b.start:b.end])
            pairs += 1
    assert pairs == 7
    cases = {c.name: c.variables for c in red.cases}
    assert "interviewee" not in cases["INS-AP-01"] and cases["INS-AP-01"]["territory"] == "Alto Paraná"
    raw_cases = {c.name: c.variables for c in raw.cases}
    assert raw_cases["INS-AP-01"]["interviewee"] == "Rosa Benítez Ojeda"
    assert any("Rosa Benítez" in n.text for n in raw.notes) and not any("Rosa Benítez" in n.text for n in red.notes)


def test_export_to_a_missing_folder_is_one_clear_error(cli, project_path, tmp_path):
    res = cli("export", "qdpx", tmp_path / "no" / "such" / "p.qdpx", "--project", project_path)
    assert res.code == 1 and "p.qdpx" in res.err and res.err.count("\n") == 1
    assert not (tmp_path / "no").exists()


# --- round trip ----------------------------------------------------------------------------------------------


def test_round_trip_into_a_new_project_keeps_sources_codes_codings_attributes_and_memos(project, tmp_path, cli):
    from atlas_qual.store.refi_io import export_qdpx

    small_project(project, tmp_path)
    export_qdpx(project, tmp_path / "p.qdpx", redact=False)
    target = new_project(tmp_path / "copy.db")
    try:
        res = cli("import", tmp_path / "p.qdpx", "--json", "--project", tmp_path / "copy.db")
        assert res.code == 0, res
        assert len(res.json()["imported"]) == 2 and res.json()["errors"] == []
        before, after = snapshot(project), snapshot(target)
        for key in ("sources", "segments", "codes", "codings", "attributes", "memos"):
            assert after[key] == before[key], key
    finally:
        target.dispose()


def test_demo_round_trip_gives_the_same_codings_and_agreement(demo_project, tmp_path):
    from atlas_qual.store import open_project
    from atlas_qual.store.agreement import agreement_for
    from atlas_qual.store.refi_io import export_qdpx, import_qdpx

    source = open_project(demo_project)
    target = new_project(tmp_path / "copy.db")
    try:
        export_qdpx(source, tmp_path / "demo.qdpx", redact=False)
        files = import_qdpx(target, tmp_path / "demo.qdpx")
        assert files.report.unplaced == () and files.report.sources_new == len(files)
        before, after = snapshot(source), snapshot(target)
        for key in ("sources", "codings", "attributes"):
            assert after[key] == before[key], key
        theirs, ours = agreement_for(target).to_dict(), agreement_for(source).to_dict()
        assert len(theirs.pop("disagreements")) == len(ours.pop("disagreements")) > 0  # units are new segment ids
        assert theirs == ours
    finally:
        source.dispose()
        target.dispose()


def test_importing_the_same_file_again_adds_nothing(project, tmp_path):
    from atlas_qual.store.refi_io import export_qdpx, import_qdpx

    small_project(project, tmp_path)
    export_qdpx(project, tmp_path / "p.qdpx", redact=False)
    before = counts(project)
    files = import_qdpx(project, tmp_path / "p.qdpx")
    assert (files.report.sources_merged, files.report.codings, files.report.duplicates) == (2, 0, 7)
    assert files.report.memos == 0
    assert counts(project) == {**before, "Coder": before["Coder"] + 2}  # the coders are now known by GUID
    assert "ya está en el proyecto" in files[0].warnings[0]


def test_our_redacted_export_taken_back_merges_instead_of_duplicating_every_interview(project, tmp_path):
    """The usual round trip: a redacted .qdpx to a colleague's NVivo and back. Its texts are the redacted ones, yet
    each source is the project's own interview (same GUID): nothing is added twice, and the colleague's new coding
    of redacted text lands on the same words of the stored original."""
    import dataclasses

    from atlas_qual.refi import RefiUser, read_qdpx, stable_guid, write_qdpx
    from atlas_qual.store.refi_io import export_qdpx, import_qdpx
    from atlas_qual.store.transcripts import transcript_segments

    small_project(project, tmp_path)
    export_qdpx(project, tmp_path / "red.qdpx")
    before = counts(project)
    files = import_qdpx(project, tmp_path / "red.qdpx")
    assert files.report.sources_new == 0 and files.report.sources_merged == 2
    assert files.report.codings == 0 and files.report.duplicates == 7
    assert {k: v for k, v in counts(project).items() if k != "Coder"} == \
        {k: v for k, v in before.items() if k != "Coder"}

    refi = read_qdpx(tmp_path / "red.qdpx").project
    src = next(s for s in refi.sources if "[teléfono]" in s.text)
    assert "0981" not in src.text and "Rosa Benítez" not in src.text  # the colleague only ever saw this
    phrase = "para el seguimiento llámeme al [teléfono]"
    at = src.text.index(phrase)
    luis = RefiUser(stable_guid("user", "luis"), "luis.paredes")
    sel = dataclasses.replace(src.selections[0], guid=stable_guid("luis", 1), user_guid=luis.guid,
                              start=at, end=at + len(phrase))
    refi = dataclasses.replace(refi, users=(*refi.users, luis), notes=(), cases=(),
                               sources=(dataclasses.replace(src, selections=(sel,)),))
    write_qdpx(refi, tmp_path / "luis.qdpx")
    files = import_qdpx(project, tmp_path / "luis.qdpx")
    assert files.report.sources_new == 0 and files.report.codings == 1
    tid = files[0].transcript_id
    turn = next(s for s in transcript_segments(project, tid) if "seguimiento" in s["text"])
    from sqlalchemy import select

    from atlas_qual.store.models import Coding, Transcript

    with project.session() as s:
        coding = s.execute(select(Coding.segment_id, Coding.start, Coding.end)
                           .where(Coding.coder == "luis.paredes")).one()
        text = s.get(Transcript, tid).text
    assert coding.segment_id == turn["id"]
    assert text[coding.start:coding.end] == "para el seguimiento llámeme al 0981 123 456"


def test_a_second_coder_working_in_another_tool_comes_back_onto_the_same_segments(project, tmp_path):
    """Export, let a colleague code in NVivo (same text, another user), import: agreement can be computed."""
    import dataclasses

    from atlas_qual.refi import RefiUser, read_qdpx, stable_guid, write_qdpx
    from atlas_qual.store.agreement import agreement_for
    from atlas_qual.store.refi_io import export_qdpx, import_qdpx

    segs = make_transcripts(project, tmp_path, {"mauep.txt": INTERVIEW_MAUEP})
    for seg in segs["mauep.txt"][1::2]:
        code(project, seg, FORTALEZAS, "ana.gimenez")
    export_qdpx(project, tmp_path / "p.qdpx", redact=False)
    refi = read_qdpx(tmp_path / "p.qdpx").project
    luis = RefiUser(stable_guid("user", "luis"), "luis.paredes")
    src = refi.sources[0]
    theirs = tuple(dataclasses.replace(sel, guid=stable_guid("luis", n), user_guid=luis.guid)
                   for n, sel in enumerate(src.selections[:2]))
    refi = dataclasses.replace(refi, users=(*refi.users, luis), sources=(dataclasses.replace(src, selections=theirs),))
    write_qdpx(refi, tmp_path / "luis.qdpx")
    files = import_qdpx(project, tmp_path / "luis.qdpx")
    assert files.report.codings == 2 and files.report.sources_merged == 1
    report = agreement_for(project, ["ana.gimenez", "luis.paredes"])
    assert report.units == len(segs["mauep.txt"]) and len(report.disagreements) == 1


# --- imports from other tools --------------------------------------------------------------------------------


@needs_shared
def test_atlasti_sample_imports_through_the_cli_with_its_unplaced_codings_reported(cli, project_path):
    from atlas_qual.store import open_project
    from atlas_qual.store.refi_io import import_qdpx_report

    res = cli("import", ATLASTI_SAMPLE, "--json", "--project", project_path)
    assert res.code == 0, res
    assert res.json() == {"imported": [], "errors": []}  # the file has no source texts: no transcript
    p = open_project(project_path)
    try:
        c = counts(p)
        assert (c["Code"], c["Coder"], c["Memo"], c["Coding"]) == (39 + 14, 3, 4, 0)
        again = import_qdpx_report(p, ATLASTI_SAMPLE)  # the same file again: the report, nothing duplicated
        assert counts(p) == c
    finally:
        p.dispose()
    assert len(again.unplaced) == 7 and all("no trae su texto" in u for u in again.unplaced)
    messages = "\n".join(again.messages("es"))
    assert "7 codificaciones sin ubicar" in messages and "Mabel.txt" in messages
    assert set(again.users) == {"ATLAS.ti", "Friedrich Markgraf", "Sebastian Petrausch"}


def _qdpx(path: Path, xml: str, files: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", xml.encode("utf-8"))
        for name, data in (files or {}).items():
            zf.writestr(name, data)
    return path


NS = 'xmlns="urn:QDA-XML:project:1.0"'
U = "0f2b1e3c-1111-4a4a-9b9b-000000000001"
C1, C2 = "0f2b1e3c-2222-4a4a-9b9b-000000000001", "0f2b1e3c-2222-4a4a-9b9b-000000000002"
S1 = "0f2b1e3c-3333-4a4a-9b9b-000000000001"


def test_nvivo_utf16_offsets_with_emoji_and_accents_land_on_the_right_words(project, tmp_path):
    from atlas_qual.store.refi_io import import_qdpx

    text = ("Entrevistadora: ¿Qué pasó con la mesa 👀?\r\n\r\n"
            "Fiscal: La mesa técnica 👍 funcionó bien y la Niñez 🙌 derivó los casos.\r\n")
    lf = text.replace("\r\n", "\n")

    def u16(phrase: str) -> tuple[int, int]:
        start = text.index(phrase)  # NVivo counts the CRLF file in UTF-16 code units
        return (len(text[:start].encode("utf-16-le")) // 2,
                len(text[:start + len(phrase)].encode("utf-16-le")) // 2)

    (a, b), (c, d) = u16("funcionó bien"), u16("derivó los casos")
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="NVivo" origin="NVivo 14">
 <Users><User guid="{U}" name="María Núñez"/></Users>
 <CodeBook><Codes>
  <Code guid="{C1}" name="Fortalezas" isCodable="true"><Description>Lo que funciona</Description></Code>
  <Code guid="{C2}" name="Derivación" isCodable="true"/>
 </Codes></CodeBook>
 <Sources><TextSource guid="{S1}" name="Entrevista fiscal" plainTextPath="internal://{S1}.txt">
  <PlainTextSelection guid="0f2b1e3c-4444-4a4a-9b9b-000000000001" startPosition="{a}" endPosition="{b}">
   <Coding guid="0f2b1e3c-5555-4a4a-9b9b-000000000001" creatingUser="{U}"><CodeRef targetGUID="{C1}"/></Coding>
  </PlainTextSelection>
  <PlainTextSelection guid="0f2b1e3c-4444-4a4a-9b9b-000000000002" startPosition="{c}" endPosition="{d}">
   <Coding guid="0f2b1e3c-5555-4a4a-9b9b-000000000002" creatingUser="{U}"><CodeRef targetGUID="{C2}"/></Coding>
  </PlainTextSelection>
 </TextSource></Sources>
</Project>"""
    path = _qdpx(tmp_path / "nvivo.qdpx", xml, {f"Sources/{S1}.txt": text.encode("utf-16")})
    files = import_qdpx(project, path)
    assert files.report.corrected == 2 and files.report.unplaced == ()
    from sqlalchemy import select

    from atlas_qual.store.agreement import code_paths
    from atlas_qual.store.models import Coding, Segment, Transcript

    with project.session() as s:
        stored = s.get(Transcript, files[0].transcript_id).text
        paths = code_paths(s)
        got = sorted((paths[c.code_id], c.coder, stored[c.start:c.end], seg.speaker)
                     for c, seg in s.execute(select(Coding, Segment).join(Segment, Segment.id == Coding.segment_id)))
    assert stored == lf  # kept as the other tool has it (LF), so its positions stay valid
    assert got == [("Derivación", "María Núñez", "derivó los casos", "Fiscal"),
                   ("Fortalezas", "María Núñez", "funcionó bien", "Fiscal")]
    assert "UTF-16" in "\n".join(files.warnings)


def test_selections_on_header_lines_are_reported_and_whole_turns_become_segment_codings(project, tmp_path):
    from sqlalchemy import select

    from atlas_qual.store.models import Coding, Transcript
    from atlas_qual.store.refi_io import import_qdpx

    text = "Título: Taller\nLugar: Pilar\n\nP: ¿Funciona?\n\nR: Sí, la ruta funciona.\n"
    turn = text.index("R: Sí")
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="x">
 <CodeBook><Codes><Code guid="{C1}" name="Fortalezas" isCodable="true"/></Codes></CodeBook>
 <Sources><TextSource guid="{S1}" name="Taller Pilar"><PlainTextContent>{text}</PlainTextContent>
  <PlainTextSelection guid="0f2b1e3c-4444-4a4a-9b9b-000000000001" startPosition="0" endPosition="6">
   <Coding guid="0f2b1e3c-5555-4a4a-9b9b-000000000001"><CodeRef targetGUID="{C1}"/></Coding></PlainTextSelection>
  <PlainTextSelection guid="0f2b1e3c-4444-4a4a-9b9b-000000000002" startPosition="{turn}" endPosition="{len(text)}">
   <Coding guid="0f2b1e3c-5555-4a4a-9b9b-000000000002"><CodeRef targetGUID="{C1}"/></Coding></PlainTextSelection>
 </TextSource></Sources>
 <Cases><Case guid="0f2b1e3c-6666-4a4a-9b9b-000000000001" name="Caso 1">
  <VariableValue><VariableRef targetGUID="0f2b1e3c-7777-4a4a-9b9b-000000000001"/><TextValue>Ñeembucú</TextValue></VariableValue>
  <VariableValue><VariableRef targetGUID="0f2b1e3c-7777-4a4a-9b9b-000000000002"/><TextValue>Baviera</TextValue></VariableValue>
  <VariableValue><VariableRef targetGUID="0f2b1e3c-7777-4a4a-9b9b-000000000003"/><TextValue>45</TextValue></VariableValue>
  <SourceRef targetGUID="{S1}"/></Case></Cases>
</Project>""".replace("<Cases>", """<Variables>
  <Variable guid="0f2b1e3c-7777-4a4a-9b9b-000000000001" name="Territorio" typeOfVariable="Text"/>
  <Variable guid="0f2b1e3c-7777-4a4a-9b9b-000000000002" name="institution" typeOfVariable="Text"/>
  <Variable guid="0f2b1e3c-7777-4a4a-9b9b-000000000003" name="Edad" typeOfVariable="Text"/>
 </Variables><Cases>""")
    files = import_qdpx(project, _qdpx(tmp_path / "t.qdpx", xml))
    assert len(files.report.unplaced) == 1 and "0-6" in files.report.unplaced[0]
    with project.session() as s:
        tr = s.get(Transcript, files[0].transcript_id)
        rows = s.execute(select(Coding.start, Coding.end, Coding.coder)).all()
        assert (tr.territory_id, tr.institution_id, tr.extra.get("Edad"), tr.extra.get("institution")) == (
            "neembucu", None, "45", "Baviera")
        assert tr.title == "Taller Pilar" and "Pilar" in tr.extra.values()  # the header line "Lugar: Pilar"
    assert rows == [(None, None, "importado")]  # the whole turn: a segment-level coding
    assert any("Baviera" in w for w in files.warnings)


@pytest.mark.parametrize("kind", ["not_a_zip", "no_project_file", "bad_xml"])
def test_a_broken_qdpx_is_one_clear_error_and_changes_nothing(cli, project_path, tmp_path, kind):
    path = tmp_path / "roto.qdpx"
    if kind == "not_a_zip":
        path.write_bytes(b"%PDF-1.4 this is not a zip")
    elif kind == "no_project_file":
        _qdpx_without_qde = zipfile.ZipFile(path, "w")
        _qdpx_without_qde.writestr("sources/a.txt", "hola")
        _qdpx_without_qde.close()
    else:
        _qdpx(path, f'<?xml version="1.0"?><Project {NS} name="x"><Users><User guid="{U}" name="a"></Users>')
    before = cli("info", "--json", "--project", project_path).json()
    res = cli("import", path, "--project", project_path)
    assert res.code == 1
    assert res.err.count("\n") == 1 and "roto.qdpx" in res.err
    assert {"not_a_zip": "zip", "no_project_file": ".qde", "bad_xml": "XML"}[kind] in res.err
    assert cli("info", "--json", "--project", project_path).json() == before


def test_an_error_while_storing_a_qdpx_leaves_nothing_behind(project, tmp_path, monkeypatch):
    from atlas_qual.store import refi_io
    from atlas_qual.store.refi_io import export_qdpx, import_qdpx

    small_project(project, tmp_path)
    export_qdpx(project, tmp_path / "p.qdpx", redact=False)
    target = new_project(tmp_path / "copy.db")
    try:
        before = counts(target)

        def boom(self):
            raise RuntimeError("disk full while writing memos")

        monkeypatch.setattr(refi_io._Importer, "import_notes", boom)
        with pytest.raises(RuntimeError):
            import_qdpx(target, tmp_path / "p.qdpx")
        assert counts(target) == before
    finally:
        target.dispose()
