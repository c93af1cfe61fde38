"""The project store: every model round-trips through a real SQLite file, init is idempotent, schema versions."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, String, Text, func, select

from atlas_qual.errors import NotAProjectError, SchemaVersionError
from atlas_qual.store import integrity_ok, open_project
from atlas_qual.store.models import SCHEMA_VERSION, Base, Code, Criterion, Dmop, Institution, Meta, Territory, UsdolAction
from atlas_qual.store.reference import init_project


def _value(column, n: int):
    t = column.type
    if isinstance(t, Boolean):
        return True
    if isinstance(t, DateTime):
        return dt.datetime(2025, 3, 14, 10, 30, n % 60)
    if isinstance(t, Date):
        return dt.date(2025, 3, 14)
    if isinstance(t, Integer):
        return 7 + n
    if isinstance(t, Float):
        return 2.5
    if isinstance(t, LargeBinary):
        return b"\x00\xffbytes"
    if isinstance(t, JSON):
        return {"clave": ["Ñeembucú", 1]}
    if isinstance(t, (String, Text)):
        text = f"Ñandutí ¿qué? {column.name} {n}"
        return text[: t.length] if getattr(t, "length", None) else text
    raise AssertionError(f"no test value for {column.type!r}")


def test_every_model_round_trips_through_the_sqlite_file(tmp_path):
    path = tmp_path / "rt.db"
    project = open_project(path, create=True)
    written: dict[str, dict] = {}
    with project.engine.begin() as conn:
        for n, table in enumerate(Base.metadata.sorted_tables):
            if table.name in written or table.name == "meta":
                continue
            row = {}
            for col in table.columns:
                fks = list(col.foreign_keys)
                if fks:
                    target = fks[0].column
                    if target.table is table:  # self reference (parent code, merged theme): leave empty
                        row[col.name] = None
                        continue
                    row[col.name] = written[target.table.name][target.name]
                else:
                    row[col.name] = _value(col, n)
            conn.execute(table.insert().values(**row))
            written[table.name] = row
    project.dispose()

    reopened = open_project(path)
    with reopened.engine.connect() as conn:
        for name, row in written.items():
            table = Base.metadata.tables[name]
            got = conn.execute(select(table)).mappings().one()
            assert dict(got) == row, name
    assert integrity_ok(reopened)
    assert len(written) >= 30  # the whole domain: reference, coding, workshops, themes, M&E, cycle
    reopened.dispose()


def test_project_file_uses_wal_and_foreign_keys(project_path):
    con = sqlite3.connect(project_path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    project = open_project(project_path)
    with project.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10000
    project.dispose()


def test_init_twice_leaves_one_copy_of_the_reference_data(project_path):
    project = open_project(project_path)
    counts = lambda: {m.__name__: project.session().__enter__().scalar(select(func.count()).select_from(m))  # noqa: E731
                      for m in (Territory, Institution, UsdolAction, Dmop, Criterion, Code)}
    before = counts()
    init_project(project)
    assert counts() == before
    assert before == {"Territory": 5, "Institution": 13, "UsdolAction": 18, "Dmop": 3, "Criterion": 3,
                      "Code": before["Code"]}
    assert before["Code"] >= 30
    project.dispose()


def test_reference_data_keeps_spanish_names_and_the_exact_usdol_text(project):
    with project.session() as s:
        assert s.get(Territory, "neembucu").name == "Ñeembucú"
        assert s.get(UsdolAction, "PY2018-09").text.startswith("Establish a referral mechanism between criminal")
        assert s.get(Dmop, "MAUEP").phase == "development"
        assert "(C1" not in s.get(Criterion, "C3").label_en


def test_default_codebook_has_definitions_in_both_languages(project):
    with project.session() as s:
        codes = s.scalars(select(Code)).all()
        names = {c.name for c in codes}
        assert {"Fortalezas", "Debilidades", "Recomendaciones", "Criadazgo", "Derivación"} <= names
        for c in codes:
            assert c.definition.get("es") and c.definition.get("en"), c.name
            assert c.color.startswith("#")


def test_opening_a_missing_project_says_how_to_create_one(tmp_path):
    with pytest.raises(NotAProjectError) as err:
        open_project(tmp_path / "nope.db")
    assert "atlas-qual init" in err.value.message("en")
    assert not (tmp_path / "nope.db").exists()


def test_opening_a_file_that_is_not_a_project_changes_nothing(tmp_path):
    fake = tmp_path / "notes.db"
    fake.write_bytes(b"these are my notes, not a database")
    with pytest.raises(NotAProjectError) as err:
        open_project(fake)
    assert "not an atlas-qual project" in err.value.message("en")
    assert fake.read_bytes() == b"these are my notes, not a database"


def test_opening_another_apps_sqlite_database_is_refused_untouched(tmp_path):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("create table invoices (id integer)")
    con.commit()
    con.close()
    before = other.read_bytes()
    with pytest.raises(NotAProjectError):
        open_project(other)
    with pytest.raises(NotAProjectError):
        open_project(other, create=True)
    assert other.read_bytes() == before


def test_newer_schema_version_is_refused_with_the_versions_named(project_path):
    con = sqlite3.connect(project_path)
    con.execute("update meta set value = ? where key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    with pytest.raises(SchemaVersionError) as err:
        open_project(project_path)
    msg = err.value.message("en")
    assert str(SCHEMA_VERSION + 1) in msg and "Upgrade" in msg
    con = sqlite3.connect(project_path)
    assert con.execute("select value from meta where key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION + 1)
    con.close()


def test_write_is_one_transaction_nothing_half_written(project):
    def half(s):
        s.add(Meta(key="half", value="1"))
        s.flush()
        raise RuntimeError("crash in the middle")

    with pytest.raises(RuntimeError):
        project.write(half)
    assert project.meta("half") is None


def test_project_of_schema_1_is_upgraded_with_the_new_columns_and_keeps_its_rows(project_path):
    import sqlite3

    from atlas_qual.store import open_project

    open_project(project_path, create=True).dispose()
    con = sqlite3.connect(project_path)
    con.execute("insert into transcripts (title, filename, format, encoding, sha256, text, language, role, mode, "
                "interviewer, interviewee, pseudonym, extra, guid, imported_at) values ('t', 't.txt', 'txt', 'utf-8', "
                "'x', 'hola', 'es', '', '', '', '', '', '{}', 'g-1', '2025-01-01 00:00:00')")
    con.execute("alter table segments drop column language")
    con.execute("update meta set value = '1' where key = 'schema_version'")
    con.commit()
    con.close()
    p = open_project(project_path)
    try:
        assert p.meta("schema_version") == str(SCHEMA_VERSION)
    finally:
        p.dispose()
    con = sqlite3.connect(project_path)
    assert "language" in {row[1] for row in con.execute("pragma table_info(segments)")}
    assert con.execute("select title from transcripts").fetchone()[0] == "t"
