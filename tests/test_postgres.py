"""What only PostgreSQL does differently from SQLite, checked on a real server (these run in the PostgreSQL pass,
`make test-pg`; the rest of the suite runs there too through the project fixtures).

A project URL hides its password in every message; JSON columns compare (DISTINCT works); a text longer than its
column is a message, not a database trace; a stray NUL in a transcript imports; a server that drops the connections
costs the next action nothing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from atlas_qual.errors import AtlasQualError
from atlas_qual.store import open_project

pytestmark = pytest.mark.postgresql


@pytest.fixture(autouse=True)
def _postgresql_pass(backend):
    if backend != "postgresql":
        pytest.skip("runs in the PostgreSQL pass (make test-pg / --backend=postgresql)")


def test_a_project_is_created_and_read_by_url_and_its_password_never_shown(pg_database, pg_server, cli):
    url = pg_database()
    alias = "postgres://" + url.split("://", 1)[1]  # the Heroku-style spelling works too
    assert cli("init", "--project", alias).code == 0
    info = cli("info", "--json", "--project", url)
    assert info.code == 0 and info.json()["dmops"] == 3
    with_password = pg_server.url.set(database="no_such_database_here", password="s3cr3t-clave")
    res = cli("info", "--project", with_password.render_as_string(hide_password=False), "--lang", "en")
    assert res.code == 1 and "no_such_database_here" in res.err
    assert "s3cr3t-clave" not in res.err and "***" in res.err


def test_json_columns_support_distinct_and_equality(project, tmp_path):
    from atlas_qual.store.models import Coding, Segment, Vote
    from atlas_qual.store.transcripts import import_files
    from atlas_qual.store.workshop import cast_vote, create_session, join_session, open_round

    f = tmp_path / "e.txt"
    f.write_text("E: ¿Coordinan?\nFiscal: Sí, con el MTESS.\n", encoding="utf-8")
    import_files(project, [f])
    created = create_session(project, "Taller", items=[{"ref": "G01", "title": "Rutas"}])
    open_round(project, created.code, created.key, 1)
    me = join_session(project, created.code, "Rosa")
    cast_vote(project, created.code, me.token, "G01", "C2", "sí", detail=["PY2018-09"])
    with project.session() as s:
        seg = s.scalar(select(Segment.id).limit(1))
        s.add(Coding(segment_id=seg, code_id=1, coder="ana", guid="g-1", matches=[[0, 3]]))
        s.flush()
        # plain JSON has no equality operator on PostgreSQL: these would fail there
        assert len(s.scalars(select(Coding).distinct()).all()) == 1
        assert s.scalar(select(func.count()).select_from(Vote).where(Vote.detail == ["PY2018-09"])) == 1


def test_a_text_longer_than_its_column_is_a_message_and_nothing_is_saved(project):
    from atlas_qual.store.models import Coder

    def add(s):
        s.add(Coder(name="x" * 300, guid="guid-largo"))

    with pytest.raises(AtlasQualError) as err:
        project.write(add)
    assert "longer than the database accepts" in err.value.message("en")
    with project.session() as s:
        assert s.scalar(select(func.count()).select_from(Coder).where(Coder.guid == "guid-largo")) == 0


def test_a_transcript_with_a_stray_nul_byte_imports(project, tmp_path):
    from atlas_qual.store.models import Transcript
    from atlas_qual.store.transcripts import import_files

    f = tmp_path / "con_nulo.txt"
    f.write_bytes("E: ¿Cómo coordinan?\nFiscal: Con la CODENI\x00 y el MTESS.\n".encode("utf-8"))
    report = import_files(project, [f])
    assert report.errors == [] and report.imported[0].segments == 2
    with project.session() as s:
        stored = s.scalar(select(Transcript.text))
    assert "\x00" not in stored and "CODENI y el MTESS" in stored


def test_connections_dropped_by_the_server_cost_the_next_action_nothing(project, project_path, pg_server):
    from atlas_qual.store.info import project_info

    before = project_info(project)["codes"]
    with project.engine.connect() as conn:
        database = conn.execute(text("SELECT current_database()")).scalar()
    # what a server restart or an idle-connection reaper does to every pooled connection
    pg_server._conn().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                              "AND pid <> pg_backend_pid()", (database,))
    assert project_info(project)["codes"] == before
    from atlas_qual.store.codebook import add_code

    assert add_code(project, "Después del corte").name == "Después del corte"
    reopened = open_project(project_path)
    assert project_info(reopened)["codes"] == before + 1
    reopened.dispose()
