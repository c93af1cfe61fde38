"""Moving a project between databases without losing a row: migrate (SQLite <-> PostgreSQL), backup and restore,
each verified by per-table row counts and checksums.

A table's checksum is a SHA-256 over its rows taken in primary-key order, each row written in a canonical form
(JSON with sorted keys, ISO dates, floats as Python writes them, bytes by their own SHA-256), so the same rows give
the same checksum on SQLite and on PostgreSQL. A copy happens in one transaction on the target, read from one
consistent snapshot of the source, and is compared table by table before it commits: a failed or interrupted copy
leaves the target as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, LargeBinary, String, Table, func, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.sql.sqltypes import JSON

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural
from atlas_qual.store.db import Project, display_name, open_project, resolve_url
from atlas_qual.store.models import Base, Code

# what `atlas-qual init` loads: a target holding only these (and an untouched default codebook) has no user data
INIT_TABLES = ("meta", "territories", "institutions", "usdol_actions", "enforcement_figures", "criteria", "dmops",
               "codes")
BATCH = 500
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class TableCheck:
    """One table's row count and checksum (hex SHA-256 of its canonical rows in primary-key order)."""

    table: str
    rows: int
    checksum: str

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "rows": self.rows, "checksum": self.checksum}


@dataclass(frozen=True)
class CopyReport:
    """What a migrate, backup or restore copied: the tables with their counts and checksums, identical on both
    sides (``verified``)."""

    source: str
    target: str
    tables: tuple[TableCheck, ...]
    verified: bool = True

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "verified": self.verified, "rows": self.rows,
                "tables": [t.to_dict() for t in self.tables]}


# --------------------------------------------------------------------------------------------------------------------
# checksums
# --------------------------------------------------------------------------------------------------------------------


def _canonical(column_type: Any, value: Any) -> Any:
    """A value as both backends give it back, in a JSON-writable form."""
    if value is None:
        return None
    if isinstance(column_type, Boolean):
        return bool(value)
    if isinstance(column_type, Integer):
        return int(value)
    if isinstance(column_type, Float):
        return float(value)
    if isinstance(column_type, (DateTime, Date)) or isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(column_type, LargeBinary):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(column_type, JSON):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return str(value)


class _TableHash:
    """Accumulates one table's rows (in any order) and gives the checksum of them in primary-key order."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.types = [c.type for c in table.columns]
        self.pk = [i for i, c in enumerate(table.columns) if c.primary_key]
        self.digests: list[tuple[tuple, bytes]] = []

    def add(self, row: Sequence[Any]) -> None:
        values = [_canonical(t, v) for t, v in zip(self.types, row)]
        line = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()
        self.digests.append((tuple(values[i] for i in self.pk), hashlib.sha256(line).digest()))

    def result(self) -> TableCheck:
        total = hashlib.sha256()
        for _key, digest in sorted(self.digests, key=lambda kd: kd[0]):
            total.update(digest)
        return TableCheck(self.table.name, len(self.digests), total.hexdigest())


def _tables() -> list[Table]:
    import atlas_qual.store  # noqa: F401  (every model registered on Base.metadata)

    return list(Base.metadata.sorted_tables)


def _checksums(conn: Connection) -> list[TableCheck]:
    checks = []
    for table in _tables():
        acc = _TableHash(table)
        for row in conn.execution_options(yield_per=BATCH).execute(select(table)):
            acc.add(row)
        checks.append(acc.result())
    return checks


@contextmanager
def _snapshot(project: Project) -> Iterator[Connection]:
    """A read connection that sees one consistent state of the whole project while others keep writing."""
    options = {} if project.is_sqlite else {"isolation_level": "REPEATABLE READ"}
    with project.engine.connect().execution_options(**options) as conn:
        try:
            yield conn
        finally:
            conn.rollback()


def project_checksums(project: Project) -> list[TableCheck]:
    """Row count and checksum of every table, from one consistent snapshot.

    Examples:
        >>> import tempfile, os
        >>> p = open_project(os.path.join(tempfile.mkdtemp(), "a.db"), create=True)
        >>> [c.rows for c in project_checksums(p) if c.table == "transcripts"]
        [0]
    """
    with _snapshot(project) as conn:
        return _checksums(conn)


# --------------------------------------------------------------------------------------------------------------------
# copying
# --------------------------------------------------------------------------------------------------------------------


def _default_code_names() -> list[tuple[str, str]]:
    from atlas_qual.store.reference import default_codebook

    names: list[tuple[str, str]] = []

    def walk(codes: Sequence[dict], parent: str) -> None:
        for spec in codes:
            names.append((parent, spec["name"]))
            walk(spec.get("children") or [], spec["name"])

    walk(default_codebook()["codes"], "")
    return sorted(names)


def _user_data(conn: Connection) -> dict[str, int]:
    """Rows a user would lose if the project were replaced: every table but the reference data `init` loads, and
    the codebook when it is not the untouched default one."""
    found = {}
    for table in _tables():
        if table.name in INIT_TABLES:
            continue
        n = conn.execute(select(func.count()).select_from(table)).scalar_one()
        if n:
            found[table.name] = n
    rows = conn.execute(select(Code.id, Code.parent_id, Code.name)).all()
    if rows:
        by_id = {r.id: r.name for r in rows}
        names = sorted((by_id.get(r.parent_id, "") if r.parent_id else "", r.name) for r in rows)
        if names != _default_code_names():
            found["codes"] = len(rows)
    return found


def _deferred_columns(table: Table, order: dict[str, int]) -> list[str]:
    """Foreign-key columns that point at their own table (a code's parent) or at a later one: inserted empty and
    filled in once every row exists, so row order never trips a foreign key."""
    cols = []
    for col in table.columns:
        for fk in col.foreign_keys:
            target = fk.column.table.name
            if target == table.name or order.get(target, -1) > order[table.name]:
                if not col.nullable:
                    raise RuntimeError(f"{table.name}.{col.name}: non-nullable forward reference cannot be copied")
                cols.append(col.name)
                break
    return cols


def _check_fits(table: Table, row: dict[str, Any], target_dialect: str) -> None:
    """PostgreSQL enforces VARCHAR(n) and refuses NUL characters where SQLite accepted both: say which row."""
    if target_dialect != "postgresql":
        return
    pk = ", ".join(str(row[c.name]) for c in table.primary_key.columns)
    for col in table.columns:
        value = row.get(col.name)
        if not isinstance(value, str):
            continue
        limit = getattr(col.type, "length", None) if isinstance(col.type, String) else None
        if limit and len(value) > limit:
            raise AtlasQualError("admin_too_long_for_target", table=table.name, column=col.name, id=pk,
                                 length=len(value), limit=limit)
        if "\x00" in value:
            raise AtlasQualError("admin_nul_for_target", table=table.name, column=col.name, id=pk)


def _clear(conn: Connection) -> None:
    for table in reversed(_tables()):
        conn.execute(table.delete())


def _reset_sequences(conn: Connection) -> None:
    """After rows were inserted with their ids, PostgreSQL's sequences must continue after the largest id."""
    if conn.dialect.name != "postgresql":
        return
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                           {"t": f'"{table.name}"', "c": pk[0].name}).scalar()
        if seq:
            conn.execute(text(f'SELECT setval(:seq, COALESCE((SELECT MAX("{pk[0].name}") FROM "{table.name}"), 0) + 1, '
                              "false)"), {"seq": seq})


def _copy(src: Connection, dst: Connection, progress: Progress | None) -> list[TableCheck]:
    """Copy every table from ``src`` into the (empty) ``dst`` in dependency order; the source checksums."""
    tables = _tables()
    known = {t.name for t in tables}
    unknown = sorted(set(inspect(src).get_table_names()) - known)
    if unknown:
        raise AtlasQualError("admin_unknown_tables", tables=", ".join(unknown))
    order = {t.name: i for i, t in enumerate(tables)}
    dialect = dst.dialect.name
    checks = []
    for n, table in enumerate(tables):
        if progress:
            progress(n, table.name)
        deferred = _deferred_columns(table, order)
        pk_cols = [c.name for c in table.primary_key.columns]
        later: list[dict[str, Any]] = []
        acc = _TableHash(table)
        batch: list[dict[str, Any]] = []
        result = src.execution_options(yield_per=BATCH).execute(select(table))
        for row in result:
            acc.add(row)
            values = dict(row._mapping)
            _check_fits(table, values, dialect)
            if deferred and any(values[c] is not None for c in deferred):
                later.append({**{c: values[c] for c in pk_cols}, **{c: values[c] for c in deferred}})
                values.update({c: None for c in deferred})
            batch.append(values)
            if len(batch) >= BATCH:
                dst.execute(table.insert(), batch)
                batch = []
        if batch:
            dst.execute(table.insert(), batch)
        for entry in later:
            where = [table.c[c] == entry[c] for c in pk_cols]
            dst.execute(table.update().where(*where).values({c: entry[c] for c in deferred}))
        checks.append(acc.result())
    _reset_sequences(dst)
    if progress:
        progress(len(tables), "")
    return checks


def _verify(expected: Sequence[TableCheck], got: Sequence[TableCheck]) -> None:
    theirs = {c.table: c for c in got}
    for mine in expected:
        other = theirs.get(mine.table)
        if other is None or other.rows != mine.rows or other.checksum != mine.checksum:
            raise AtlasQualError("admin_verify_failed", table=mine.table, rows=Plural("count_rows", mine.rows),
                                 got=other.rows if other else 0)


@contextmanager
def _write_connection(project: Project) -> Iterator[Connection]:
    """One write transaction on the target, holding the project's write turn (BEGIN IMMEDIATE on SQLite, the write
    lock on PostgreSQL): nobody writes in between."""
    if project.is_sqlite:
        engine = project.engine.execution_options(sqlite_begin="IMMEDIATE")
    else:
        engine = project.engine.execution_options(pg_write_lock=True)
    with engine.begin() as conn:
        yield conn


def copy_project_data(source: Project, target: Project, *, replace: bool = False,
                      progress: Progress | None = None, refuse_key: str = "admin_target_not_empty") -> CopyReport:
    """Copy every row of ``source`` into ``target`` in one transaction, verified (counts and checksums of every
    table compared before it commits). ``target`` must hold no user data (only what `init` loads), unless
    ``replace`` is true: then its rows are deleted first, in the same transaction.

    Examples:
        >>> # copy_project_data(open_project("a.db"), open_project("postgresql://...", create=True)).rows
    """
    with _snapshot(source) as src, _write_connection(target) as dst:
        if not replace:
            found = _user_data(dst)
            if found:
                raise AtlasQualError(refuse_key, target=target.name,
                                     tables=", ".join(f"{k} ({v})" for k, v in sorted(found.items())))
        _clear(dst)
        expected = _copy(src, dst, progress)
        _verify(expected, _checksums(dst))
    return CopyReport(source=source.name, target=target.name, tables=tuple(expected))


def migrate(source: Project, target: str | os.PathLike, *, progress: Progress | None = None) -> CopyReport:
    """`atlas-qual migrate --to URL`: copy the whole project into an empty database (SQLite file or PostgreSQL
    URL), lossless, verified; a target that already holds data is refused and left untouched.

    Examples:
        >>> import tempfile, os
        >>> d = tempfile.mkdtemp()
        >>> src = open_project(os.path.join(d, "a.db"), create=True)
        >>> migrate(src, os.path.join(d, "b.db")).verified
        True
    """
    if resolve_url(target) == source.url:
        raise AtlasQualError("admin_same_database", target=display_name(resolve_url(target)))
    dest = open_project(target, create=True)
    try:
        return copy_project_data(source, dest, progress=progress)
    finally:
        dest.dispose()


# --------------------------------------------------------------------------------------------------------------------
# backup and restore
# --------------------------------------------------------------------------------------------------------------------


def _plain_checksums(path: Path) -> list[TableCheck]:
    """Checksums of a SQLite file read as it is (no upgrade, no write)."""
    from sqlalchemy import create_engine

    engine = create_engine("sqlite:///" + str(path))
    try:
        with engine.connect() as conn:
            if conn.exec_driver_sql("PRAGMA integrity_check").scalar() != "ok":
                raise AtlasQualError("admin_backup_corrupt", file=str(path))
            return _checksums(conn)
    finally:
        engine.dispose()


def _single_file(path: Path) -> None:
    """A backup is one self-contained file: rollback journal instead of WAL (open_project turns WAL back on)."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def backup(project: Project, file: str | os.PathLike, *, progress: Progress | None = None) -> CopyReport:
    """`atlas-qual backup FILE`: a consistent copy of the project, taken while others keep working, as one SQLite
    file (itself an atlas-qual project: `--project FILE` opens it). SQLite projects use SQLite's online backup API;
    PostgreSQL projects are exported row by row into the file, so a backup restores on either backend. The backup
    is verified against the snapshot it was taken from; an existing FILE is never overwritten.

    Examples:
        >>> import tempfile, os
        >>> d = tempfile.mkdtemp()
        >>> report = backup(open_project(os.path.join(d, "a.db"), create=True), os.path.join(d, "copia.db"))
        >>> report.verified and os.path.exists(os.path.join(d, "copia.db"))
        True
    """
    path = Path(file).expanduser().resolve()
    if path.exists():
        raise AtlasQualError("admin_backup_exists", file=str(path))
    if not path.parent.is_dir():
        raise AtlasQualError("admin_backup_no_folder", folder=str(path.parent))
    # written beside the final name and renamed at the end: a crash never leaves a half-written backup under FILE
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if project.is_sqlite:
            import sqlite3

            with _snapshot(project) as conn:
                expected = _checksums(conn)  # also opens the read transaction the backup below copies
                if progress:
                    progress(1, path.name)
                target = sqlite3.connect(tmp)
                try:
                    conn.connection.driver_connection.backup(target)
                finally:
                    target.close()
            _single_file(tmp)
            _verify(expected, _plain_checksums(tmp))
            report = CopyReport(source=project.name, target=str(path), tables=tuple(expected))
        else:
            tmp.unlink()
            dest = open_project(tmp, create=True)
            try:
                report = copy_project_data(project, dest, replace=True, progress=progress)
            finally:
                dest.dispose()
            _single_file(tmp)
            _verify(report.tables, _plain_checksums(tmp))
            report = CopyReport(source=project.name, target=str(path), tables=report.tables)
        os.replace(tmp, path)
        return report
    finally:
        for leftover in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm"), Path(str(tmp) + "-journal")):
            leftover.unlink(missing_ok=True)


def restore(project: Project, file: str | os.PathLike, *, force: bool = False,
            progress: Progress | None = None) -> CopyReport:
    """`atlas-qual restore FILE`: put a backup (or any SQLite project file) into ``project`` (SQLite or
    PostgreSQL), verified by counts and checksums. A project that holds data is only replaced with ``force``; the
    replacement is one transaction, so an interrupted restore leaves the project as it was. The backup file is
    never changed (an older backup is upgraded in a temporary copy).

    Examples:
        >>> # restore(open_project("postgresql://.../atlas", create=True), "copia.db").rows
    """
    import sqlite3

    path = Path(file).expanduser()
    if not path.is_file():
        raise AtlasQualError("admin_backup_missing", file=str(path))
    with tempfile.TemporaryDirectory(prefix="atlas-qual-restore-") as tmpdir:
        work = Path(tmpdir) / "backup.db"
        try:
            source_con = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
            target_con = sqlite3.connect(work)
            try:
                source_con.backup(target_con)
            finally:
                source_con.close()
                target_con.close()
        except sqlite3.DatabaseError as exc:
            raise AtlasQualError("admin_not_a_backup", file=str(path), reason=str(exc)) from None
        source = open_project(work)  # refuses a non-project or newer schema; upgrades an older backup
        try:
            with source.engine.connect() as conn:
                if conn.exec_driver_sql("PRAGMA integrity_check").scalar() != "ok":
                    raise AtlasQualError("admin_backup_corrupt", file=str(path))
            report = copy_project_data(source, project, replace=force, progress=progress,
                                       refuse_key="admin_restore_not_empty")
        finally:
            source.dispose()
    return CopyReport(source=str(path), target=project.name, tables=report.tables)


__all__ = ["TableCheck", "CopyReport", "project_checksums", "copy_project_data", "migrate", "backup", "restore",
           "INIT_TABLES"]
