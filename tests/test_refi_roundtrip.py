"""A redacted .qdpx export comes back whole: turns, speakers (pseudonymised), segments, codings and their origin;
the user who made a selection in NVivo survives next to the user who coded it; oversized sources say so plainly."""

from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import select

from atlas_qual.errors import AtlasQualError
from atlas_qual.store import open_project
from atlas_qual.store.models import Code, Coding, Segment
from atlas_qual.store.refi_io import export_qdpx, import_qdpx_report
from atlas_qual.store.transcripts import import_files

INSPECTOR = """Título: Entrevista a inspector
DMOP: MAUEP
Territorio: Alto Paraná
Entrevistado: Hugo Ramírez Sosa
Seudónimo: Inspector CE-1

[00:00:05] Entrevistadora: ¿Cómo empezó el piloto?
[00:00:12] Hugo: Empezó con el fiscal de turno y la consejera de la CODENI.
[00:00:40] Entrevistadora: ¿Quién más participó?
[00:00:48] Hugo Ramírez: La Lic. Britez y Ana Lucía Britez, la víctima; llamé al 0981 123 456.
[00:01:10] Entrevistadora: ¿Y ahora?
[00:01:15] Hugo: Ahora coordinamos mejor, de lunes a viernes.
"""


def _seed(project, tmp_path):
    from atlas_qual.store.names import add_names

    (tmp_path / "inspector.txt").write_text(INSPECTOR, encoding="utf-8")
    report = import_files(project, [tmp_path / "inspector.txt"])
    assert not report.errors, report.errors
    add_names(project, ["Ana Lucía Britez"])

    def code(s):
        with project.session() as r:
            ids = dict(r.execute(select(Code.name, Code.id)).all())
            segs = list(r.execute(select(Segment.id, Segment.start, Segment.end, Segment.speaker)
                                  .order_by(Segment.ordinal)))
        for n, (sid, start, end, speaker) in enumerate(segs):
            s.add(Coding(segment_id=sid, code_id=ids["Debilidades"], coder="ana.gimenez", origin="manual",
                         guid=f"00000000-0000-4000-8000-{n:012d}"))
            if speaker != "Entrevistadora":
                s.add(Coding(segment_id=sid, code_id=ids["Fortalezas"], coder="auto", origin="auto",
                             start=start, end=start + 5, guid=f"00000000-0000-4000-9000-{n:012d}"))
    project.write(code)


def _shape(project):
    with project.session() as s:
        segments = [tuple(r) for r in s.execute(select(Segment.ordinal, Segment.speaker, Segment.time_start)
                                                .order_by(Segment.transcript_id, Segment.ordinal))]
        codings = sorted(tuple(r) for r in s.execute(
            select(Segment.ordinal, Code.name, Coding.coder, Coding.origin, Coding.start.is_(None))
            .join(Segment, Segment.id == Coding.segment_id).join(Code, Code.id == Coding.code_id)))
    return segments, codings


@pytest.fixture
def second_project(tmp_path):
    from atlas_qual.store.reference import init_project

    p = open_project(tmp_path / "second.db", create=True)
    init_project(p)
    yield p
    p.dispose()


def test_redacted_export_round_trips_turns_speakers_codings_and_origins(project, tmp_path, second_project):
    _seed(project, tmp_path)
    export_qdpx(project, tmp_path / "p.qdpx")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        everything = "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist())
    for real in ("Hugo", "Ramírez", "Britez", "0981"):
        assert real not in everything
    assert "[00:00:12] Inspector CE-1:" in everything  # the label is the pseudonym, the text is still a transcript

    report = import_qdpx_report(second_project, tmp_path / "p.qdpx")
    assert not report.unplaced
    before_segments, before_codings = _shape(project)
    after_segments, after_codings = _shape(second_project)
    assert len(after_segments) == len(before_segments) == 6
    assert [(o, t) for o, _, t in after_segments] == [(o, t) for o, _, t in before_segments]
    assert [sp for _, sp, _ in after_segments] == ["Entrevistadora", "Inspector CE-1"] * 3
    assert after_codings == before_codings  # same segment, code, coder, origin (manual/auto), whole or span


def test_without_atlas_details_the_pseudonymised_labels_still_parse(project, tmp_path, second_project):
    """Another tool keeps project.qde and the sources but not atlas-qual.json: turns come from the text."""
    _seed(project, tmp_path)
    export_qdpx(project, tmp_path / "p.qdpx")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf, \
            zipfile.ZipFile(tmp_path / "other.qdpx", "w", zipfile.ZIP_DEFLATED) as out:
        for name in zf.namelist():
            if name != "atlas-qual.json":
                out.writestr(name, zf.read(name))
    import_qdpx_report(second_project, tmp_path / "other.qdpx")
    segments, codings = _shape(second_project)
    assert [sp for _, sp, _ in segments] == ["Entrevistadora", "Inspector CE-1"] * 3
    assert len(codings) == len(_shape(project)[1])


def test_the_user_who_made_a_selection_survives_next_to_the_coder(project, tmp_path):
    from atlas_qual.refi import (RefiCode, RefiProject, RefiSelection, RefiSource, RefiUser, read_qdpx,
                                 stable_guid, write_qdpx)

    text = "Entrevistadora: ¿Cómo fue?\nFiscal: Bien, con la consejera de la CODENI.\n"
    marta, jose = RefiUser(stable_guid("u", "marta"), "marta"), RefiUser(stable_guid("u", "jose"), "jose")
    code = RefiCode(stable_guid("c", "x"), "Coordinación")
    start = text.index("Bien")
    sel = RefiSelection(stable_guid("s", 1), start, len(text) - 1, code.guid, jose.guid, None,
                        selection_user_guid=marta.guid)
    nvivo = RefiProject("nvivo", users=(marta, jose), codes=(code,),
                        sources=(RefiSource(stable_guid("src"), "fiscal", text, (sel,)),), origin="NVivo 14")
    write_qdpx(nvivo, tmp_path / "nvivo.qdpx")
    back = read_qdpx(tmp_path / "nvivo.qdpx").project.sources[0].selections[0]
    assert (back.user_guid, back.selection_user_guid) == (jose.guid, marta.guid)

    import_qdpx_report(project, tmp_path / "nvivo.qdpx")
    with project.session() as s:
        assert s.scalar(select(Coding.selected_by).where(Coding.coder == "jose")) == "marta"
    export_qdpx(project, tmp_path / "again.qdpx")
    again = [sel for src in read_qdpx(tmp_path / "again.qdpx").project.sources for sel in src.selections]
    users = {u.guid: u.name for u in read_qdpx(tmp_path / "again.qdpx").project.users}
    assert [(users[s.user_guid], users[s.selection_user_guid]) for s in again] == [("jose", "marta")]


def test_an_oversized_source_is_refused_plainly_without_sql(project, tmp_path, monkeypatch, cli):
    from atlas_qual import transcripts
    from atlas_qual.refi import RefiProject, RefiSource, stable_guid, write_qdpx

    big = "Entrevistadora: hola.\nFiscal: " + "palabra " * 200_000 + "\n"
    write_qdpx(RefiProject("big", sources=(RefiSource(stable_guid("big"), "larga", big),)), tmp_path / "big.qdpx")
    monkeypatch.setattr(transcripts, "MAX_BYTES", 1_000_000)
    with pytest.raises(AtlasQualError) as err:
        import_qdpx_report(project, tmp_path / "big.qdpx")
    assert err.value.key == "refi_io_source_too_large"
    r = cli("import", tmp_path / "big.qdpx", "--project", project.url)
    assert r.code == 1 and "«larga» tiene 2 MB" in r.err and "el máximo es 1 MB" in r.err
    assert "INSERT" not in r.err and "SELECT" not in r.err and "[SQL" not in r.err
