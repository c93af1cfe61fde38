"""migrate, backup and restore: every row arrives, verified by counts and checksums, on SQLite and PostgreSQL.

The project under test is the run's backend (`project_path`); the other side of a migration is the other backend
(PostgreSQL when a server is configured, else another SQLite file), so the SQLite run covers SQLite -> PostgreSQL and
the PostgreSQL run covers PostgreSQL -> SQLite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import uuid

import pytest
from sqlalchemy import func, select

from atlas_qual.errors import AtlasQualError
from atlas_qual.store import open_project
from atlas_qual.store.admin import backup, migrate, project_checksums, restore
from atlas_qual.store.models import Code, Coding, Segment, Theme, ThemeRun, Transcript, Vote

TRANSCRIPT = """Título: Entrevista a la fiscal de Ñeembucú
DMOP: MAUEP
Territorio: Ñeembucú
Entrevistada: Rosa Benítez
Seudónimo: Fiscal 1

E: ¿Cómo coordinan con el MTESS?
Fiscal: A veces nos llaman; no conocemos bien la ruta de intervención.
E: ¿Y con la CODENI?
Fiscal: Con la CODENI sí, casi todas las semanas.
"""


def fill(project, tmp_path) -> dict:
    """A bit of everything a real project holds: a transcript with its original bytes, a code moved under a newer
    parent (parent id > child id), codings, a workshop with votes (JSON detail, booleans), themes merged forward."""
    from atlas_qual.store.codebook import add_code, move_code
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.transcripts import import_files
    from atlas_qual.store.workshop import cast_vote, create_session, join_session, open_round

    f = tmp_path / "fiscal_ñeembucú.txt"
    f.write_text(TRANSCRIPT, encoding="utf-8")
    report = import_files(project, [f])
    assert not report.errors, report.errors
    tid = report.imported[0].transcript_id
    with project.session() as s:
        segs = list(s.scalars(select(Segment.id).where(Segment.transcript_id == tid).order_by(Segment.ordinal)))
    parent = add_code(project, "Coordinación local", name_en="Local coordination")
    moved = move_code(project, "Fortalezas", parent.path)
    apply_code(project, segs[1], moved.id, "ana.gimenez")
    apply_code(project, segs[3], "Debilidades", "carlos.rojas", start=None, end=None)
    created = create_session(project, "Taller <b>Ñeembucú</b>",
                             items=[{"ref": "G01", "title": "Rutas de intervención"},
                                    {"ref": "G02", "title": "Canales de denuncia"}])
    open_round(project, created.code, created.key, 1)
    me = join_session(project, created.code, "Rosa", "MTESS")
    cast_vote(project, created.code, me.token, "G01", "C1", "sí")
    cast_vote(project, created.code, me.token, "G01", "C2", True, detail=["PY2018-09"])
    cast_vote(project, created.code, me.token, "G02", "C3", "no")

    def themes(s):
        run = ThemeRun(filters={"dmop": "MAUEP"}, params={"seed": 42, "min_size": 2.5}, lang="es")
        s.add(run)
        s.flush()
        first = Theme(run_id=run.id, number=0, label="rutas", terms=["ruta", "intervención"], size=2,
                      share_by_group={"neembucu": 1.0})
        s.add(first)
        s.flush()
        second = Theme(run_id=run.id, number=1, label="denuncias", terms=[], size=1, deleted=False)
        s.add(second)
        s.flush()
        first.merged_into = second.id  # points forward: the copy must fill it after both rows exist

    project.write(themes)
    return {"transcript": tid, "segments": segs, "session": created.code, "key": created.key}


@pytest.fixture
def other_side(backend, request, tmp_path):
    """An empty database on the other backend (or a new SQLite file when no PostgreSQL server is configured)."""
    if backend == "sqlite" and (request.config._atlas_pg_url or ""):
        return request.getfixturevalue("pg_database")()
    return str(tmp_path / "otro lado" / "copia.db")


def counts(project) -> dict[str, int]:
    return {c.table: c.rows for c in project_checksums(project)}


def test_migrate_copies_every_row_and_prints_counts_and_checksums(project, project_path, other_side, tmp_path, cli):
    fill(project, tmp_path)
    before = project_checksums(project)
    project.dispose()
    res = cli("migrate", "--to", other_side, "--project", project_path, "--lang", "en")
    assert res.code == 0, res
    assert "Verified" in res.out
    for check in before:  # every table, its row count and the start of its checksum
        assert any(line.split()[:3] == [check.table, str(check.rows), check.checksum[:16]]
                   for line in res.out.splitlines()), check
    copy = open_project(other_side)
    try:
        assert project_checksums(copy) == before
        with copy.session() as s:
            assert s.scalar(select(Transcript.interviewee)) == "Rosa Benítez"
            votes = {(v.criterion, v.value): v.detail for v in s.scalars(select(Vote))}
            assert votes == {("C1", 1.0): [], ("C2", 1.0): ["PY2018-09"], ("C3", 0.0): []}
            moved = s.scalar(select(Code).where(Code.name == "Fortalezas"))
            assert moved.parent.name == "Coordinación local" and moved.parent_id > moved.id
            first = s.scalar(select(Theme).where(Theme.number == 0))
            assert first.merged_into is not None and s.get(Theme, first.merged_into).label == "denuncias"
    finally:
        copy.dispose()
    assert cli("info", "--json", "--project", other_side).json() == cli("info", "--json", "--project",
                                                                        project_path).json()


def test_work_continues_on_the_migrated_copy_with_new_ids(project, other_side, tmp_path):
    from atlas_qual.store.codebook import add_code
    from atlas_qual.store.coding import apply_code

    data = fill(project, tmp_path)
    with project.session() as s:
        top_code = s.scalar(select(func.max(Code.id)))
        top_coding = s.scalar(select(func.max(Coding.id)))
    migrate(project, other_side)
    copy = open_project(other_side)
    try:
        new = add_code(copy, "Presupuesto")
        coding = apply_code(copy, data["segments"][2], "Presupuesto", "ana.gimenez")
        assert new.id == top_code + 1 and coding == top_coding + 1  # sequences continue after the copied ids
    finally:
        copy.dispose()


def test_migrate_refuses_a_target_with_data_and_leaves_it_untouched(project, other_side, tmp_path):
    fill(project, tmp_path)
    migrate(project, other_side)
    from atlas_qual.store.coding import apply_code

    target = open_project(other_side)
    apply_code(target, 1, "Debilidades", "otra.persona")  # someone already works on the copy
    before = project_checksums(target)
    target.dispose()
    with pytest.raises(AtlasQualError) as err:
        migrate(project, other_side)
    message = err.value.message("en")
    assert "already holds data" in message and "codings" in message and "nothing was copied" in message
    target = open_project(other_side)
    assert project_checksums(target) == before
    target.dispose()


def test_migrate_into_itself_is_refused(project, project_path):
    with pytest.raises(AtlasQualError) as err:
        migrate(project, project_path)
    assert "is the project being copied" in err.value.message("en")


def test_a_freshly_initialized_target_is_accepted(project, other_side, tmp_path, cli):
    fill(project, tmp_path)
    assert cli("init", "--project", other_side).code == 0
    report = migrate(project, other_side)
    assert report.verified and dict((c.table, c.rows) for c in report.tables)["transcripts"] == 1


def test_checksum_changes_when_one_value_changes(project, tmp_path):
    data = fill(project, tmp_path)
    before = {c.table: c.checksum for c in project_checksums(project)}

    def edit(s):
        s.get(Segment, data["segments"][1]).text += "."

    project.write(edit)
    after = {c.table: c.checksum for c in project_checksums(project)}
    assert [t for t in before if before[t] != after[t]] == ["segments"]


@pytest.mark.postgresql
def test_text_too_long_for_postgresql_names_the_row_and_copies_nothing(tmp_path, pg_database):
    path = tmp_path / "largo.db"
    source = open_project(path, create=True)
    source.write(lambda s: s.add(Code(name="x" * 250, guid=str(uuid.uuid4()))))  # SQLite ignores VARCHAR(200)
    target = pg_database()
    with pytest.raises(AtlasQualError) as err:
        migrate(source, target)
    message = err.value.message("en")
    assert "Table codes" in message and "column name" in message and "250" in message and "200" in message
    copy = open_project(target)
    assert counts(copy)["codes"] == 0
    copy.dispose()
    source.dispose()


def test_backup_is_a_project_file_with_the_same_rows(project, tmp_path, cli, project_path):
    fill(project, tmp_path)
    expected = project_checksums(project)
    target = tmp_path / "copias" / "atlas-2025-03-14.db"
    target.parent.mkdir()
    res = cli("backup", target, "--json", "--project", project_path)
    assert res.code == 0, res
    assert res.json()["verified"] is True and res.json()["rows"] == sum(c.rows for c in expected)
    assert sorted(p.name for p in target.parent.iterdir()) == ["atlas-2025-03-14.db"]  # no journal, no temp file
    assert sqlite3.connect(target).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy = open_project(target)
    assert project_checksums(copy) == expected
    copy.dispose()


def test_backup_never_overwrites_an_existing_file(project, tmp_path, cli, project_path):
    target = tmp_path / "copia.db"
    target.write_bytes(b"la copia de ayer")
    res = cli("backup", target, "--project", project_path, "--lang", "en")
    assert res.code == 1 and "already exists" in res.err
    assert target.read_bytes() == b"la copia de ayer"


def test_backup_taken_while_others_write_is_one_consistent_moment(project, tmp_path):
    """Votes keep arriving while the backup runs: the backup holds a state where each vote is whole."""
    import threading

    from atlas_qual.store.workshop import cast_vote, join_session

    data = fill(project, tmp_path)
    people = [join_session(project, data["session"], f"P{i}") for i in range(8)]
    stop = threading.Event()

    def vote():
        n = 0
        while not stop.is_set():
            p = people[n % len(people)]
            cast_vote(project, data["session"], p.token, "G02", "C1", n % 2 == 0)
            n += 1

    worker = threading.Thread(target=vote)
    worker.start()
    try:
        reports = [backup(project, tmp_path / f"b{i}.db") for i in range(3)]
    finally:
        stop.set()
        worker.join()
    for i, report in enumerate(reports):
        copy = open_project(tmp_path / f"b{i}.db")
        assert project_checksums(copy) == list(report.tables)
        copy.dispose()


def test_restore_into_a_new_project_and_refuse_one_with_data(project, tmp_path, cli, project_path, other_side):
    fill(project, tmp_path)
    file = tmp_path / "copia.db"
    backup(project, file)
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    res = cli("restore", file, "--json", "--project", other_side)
    assert res.code == 0, res
    restored = open_project(other_side)
    assert project_checksums(restored) == project_checksums(project)
    restored.dispose()
    # the project now holds data: restoring again needs --force
    res = cli("restore", file, "--project", project_path, "--lang", "en")
    assert res.code == 1 and "--force" in res.err and "transcripts (1)" in res.err
    assert hashlib.sha256(file.read_bytes()).hexdigest() == digest  # the backup itself is never changed


def test_restore_force_replaces_the_project_with_the_backup(project, tmp_path, cli, project_path):
    from atlas_qual.store.codebook import add_code

    fill(project, tmp_path)
    backup(project, tmp_path / "antes.db")
    expected = project_checksums(project)
    add_code(project, "Código agregado después")

    def more(s):
        s.add(Transcript(title="otra", filename="otra.txt", format="txt", sha256="f" * 64, text="X: y",
                         guid=str(uuid.uuid4()), date=dt.date(2025, 3, 14)))

    project.write(more)
    project.dispose()
    res = cli("restore", tmp_path / "antes.db", "--force", "--project", project_path)
    assert res.code == 0, res
    again = open_project(project_path)
    assert project_checksums(again) == expected
    with again.session() as s:
        assert s.scalar(select(func.count()).select_from(Transcript)) == 1
        assert s.scalar(select(Code).where(Code.name == "Código agregado después")) is None
    again.dispose()


def test_restore_of_a_file_that_is_not_a_backup_changes_nothing(project, tmp_path, cli, project_path):
    fake = tmp_path / "informe.docx"
    fake.write_bytes(b"PK\x03\x04 esto no es una base")
    before = project_checksums(project)
    res = cli("restore", fake, "--force", "--project", project_path, "--lang", "en")
    assert res.code == 1 and "informe.docx" in res.err and "not an atlas-qual backup" in res.err
    assert project_checksums(project) == before
    missing = cli("restore", tmp_path / "no-existe.db", "--project", tmp_path / "nuevo.db", "--lang", "en")
    assert missing.code == 1 and "was not found" in missing.err
    assert not (tmp_path / "nuevo.db").exists()  # the target project was not created for nothing
