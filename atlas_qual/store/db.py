"""Opening a project: URL resolution, SQLite pragmas (WAL, foreign keys, busy timeout), schema version, retries."""

from __future__ import annotations

import os
import random
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar
from urllib.parse import quote

from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from atlas_qual.errors import AtlasQualError, NotAProjectError, SchemaVersionError
from atlas_qual.store.models import SCHEMA_VERSION, Base, Meta

DEFAULT_PROJECT = "data/atlas.db"
APP_ID = "atlas-qual"
T = TypeVar("T")


def resolve_url(project: str | os.PathLike | None = None) -> str:
    """The SQLAlchemy URL of a project given as a path or URL (default: $ATLAS_QUAL_PROJECT, else data/atlas.db).

    Examples:
        >>> resolve_url("postgresql://u@h/db")  # psycopg 3, not SQLAlchemy's default psycopg2
        'postgresql+psycopg://u@h/db'
        >>> resolve_url("/tmp/x.db")
        'sqlite:////tmp/x.db'
    """
    value = str(project) if project is not None else os.environ.get("ATLAS_QUAL_PROJECT") or DEFAULT_PROJECT
    if "://" in value:
        if value.startswith("postgres://"):  # Heroku-style alias
            value = "postgresql://" + value[len("postgres://"):]
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://"):]
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def display_name(url: str) -> str:
    """The project as a user wrote it: a file path for SQLite, the URL without password otherwise."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    # postgresql://, as the user typed it, not the driver spelling resolve_url adds (postgresql+psycopg://)
    return u.set(drivername=u.get_backend_name()).render_as_string(hide_password=True)


# PostgreSQL: serialization_failure, deadlock_detected, lock_not_available - the transaction did nothing; run it again
RETRY_SQLSTATES = ("40001", "40P01", "55P03")
# the advisory lock id of "a write transaction is running" on a PostgreSQL project (any constant; per database)
PG_WRITE_LOCK = 0x61746C6173  # "atlas"
# how long a write keeps retrying a busy database before the error reaches the user (SQLite's busy timeout too)
WRITE_TIMEOUT = 30.0


def _t(key: str) -> str:
    from atlas_qual.i18n import t

    return t(key)


def _is_locked(exc: BaseException) -> bool:
    """A transient conflict with another writer (SQLite lock, PostgreSQL serialization failure or deadlock)."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) in RETRY_SQLSTATES:
        return True
    msg = str(orig).lower()
    return any(s in msg for s in ("database is locked", "database is busy", "deadlock detected",
                                  "could not serialize", "serialization failure"))


def _too_long(exc: BaseException) -> bool:
    """PostgreSQL enforces VARCHAR(n) lengths that SQLite ignores (string_data_right_truncation)."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == "22001"


class Project:
    """An open project. Reads go through :meth:`session`; every user action that writes goes through :meth:`write`,
    one transaction, retried with backoff when another process holds the lock."""

    def __init__(self, url: str, engine: Engine, *, read_only: AtlasQualError | None = None) -> None:
        self.url = url
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        # a SQLite file opened read-only (read-only file or folder): the error any write raises, else None
        self.read_only = read_only
        # Writers take turns on both backends, so code written against SQLite's single writer (read, check, write)
        # stays correct on a server: BEGIN IMMEDIATE on SQLite, the project's write lock on PostgreSQL (_make_engine).
        if self.is_sqlite:
            write_engine = engine.execution_options(sqlite_begin="IMMEDIATE")
        else:
            write_engine = engine.execution_options(pg_write_lock=True)
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=write_engine, expire_on_commit=False)

    @property
    def name(self) -> str:
        return display_name(self.url)

    def check_writable(self) -> None:
        """A write on a project opened read-only: one clear error before SQLite says "readonly database"."""
        if self.read_only is not None:
            raise type(self.read_only)(self.read_only.key, **self.read_only.params)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session (rolled back at the end; use :meth:`write` to change anything)."""
        s = self._read()
        try:
            yield s
        finally:
            s.rollback()
            s.close()

    def rows(self, statement, *, raw: bool = False) -> list[tuple]:
        """The rows of a SELECT as plain tuples, through a Core connection: no ORM result processing, which costs
        as much as the query itself on the analysts' large frames (atlas_qual.api).

        ``raw``: straight from the driver's cursor, values as the driver gives them (SQLite: dates as ISO text,
        booleans as 0/1): for callers that convert whole columns themselves (pandas), where SQLAlchemy's
        per-value conversion and Row objects would cost more than the query."""
        with self.engine.connect() as conn:
            try:
                if not raw:
                    return [tuple(r) for r in conn.execute(statement).fetchall()]  # one fetch, not one per row
                compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
                params = compiled.construct_params()
                if compiled.positiontup is not None:
                    params = tuple(params[name] for name in compiled.positiontup)
                cursor = conn.connection.dbapi_connection.cursor()
                try:
                    cursor.execute(str(compiled), params)
                    return cursor.fetchall()
                finally:
                    cursor.close()
            finally:
                conn.rollback()

    def write(self, fn: Callable[[Session], T], *, retries: int = 12, timeout: float = WRITE_TIMEOUT) -> T:
        """Run ``fn(session)`` in one transaction and commit; run the whole of it again (backoff with jitter) while
        the database is busy or reports a serialization conflict: at least ``retries`` times and for up to
        ``timeout`` seconds, so a crowd of writers never turns into an error a user sees. Writers take turns (on
        both backends), so ``fn`` may read, check and write as if it were alone."""
        self.check_writable()
        delay = 0.005
        deadline = time.monotonic() + timeout
        attempt = 0
        while True:
            s = self._write()
            try:
                result = fn(s)
                s.commit()
                return result
            except (OperationalError, DBAPIError) as exc:
                s.rollback()
                attempt += 1
                if _too_long(exc):
                    raise AtlasQualError("admin_value_too_long",
                                         reason=str(exc.orig).splitlines()[0]) from None
                if not _is_locked(exc) or (attempt > retries and time.monotonic() >= deadline):
                    raise
            except BaseException:
                s.rollback()
                raise
            finally:
                s.close()
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.25)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction as a context manager (no retry: for work that cannot simply be repeated)."""
        self.check_writable()
        s = self._write()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def meta(self, key: str, default: str | None = None) -> str | None:
        with self.session() as s:
            row = s.get(Meta, key)
            return row.value if row else default

    def dispose(self) -> None:
        self.engine.dispose()


def _make_engine(url: str, sqlite_mode: str | None = None) -> Engine:
    """``sqlite_mode``: ``"mode=ro"`` or ``"immutable=1"`` opens the file read-only (see :func:`_read_only`)."""
    if url.startswith("sqlite"):
        if sqlite_mode:
            database = make_url(url).database or ""
            url = f"sqlite:///file:{quote(database)}?{sqlite_mode}&uri=true"
        # hide_parameters: a database error's text (in a traceback, the server's log) never carries the values of
        # its statement: transcript text, names, nicknames, tokens
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
            # pysqlite's own transaction handling defers BEGIN badly; we emit BEGIN ourselves (SQLAlchemy recipe).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):  # pragma: no cover
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "begin")
        def _on_pg_begin(conn):  # pragma: no cover - exercised by every PostgreSQL test
            if conn.get_execution_options().get("pg_write_lock"):
                # One writer at a time per database, as SQLite's BEGIN IMMEDIATE: under READ COMMITTED each statement
                # after the lock sees every earlier commit, so writes are serial without SERIALIZABLE's abort storms
                # on the hot rows (the session version every vote bumps). Waiters queue in the server and wake at
                # once; a holder that died releases it with its connection. Measured (benchmarks/bench_server.py):
                # letting votes share the lock gained little and, with everyone running at once, slowed the
                # facilitator's refresh several-fold; the turn taking doubles as admission control.
                conn.exec_driver_sql(f"SELECT set_config('lock_timeout', '{int(WRITE_TIMEOUT * 1000)}ms', true), "
                                     f"pg_advisory_xact_lock({PG_WRITE_LOCK})")

    return engine


def _check_sqlite_file(url: str) -> None:
    path = Path(make_url(url).database or "")
    try:  # a colleague's project (owner-only file, or a folder we may not enter) raises PermissionError here
        if not path.exists():
            raise NotAProjectError("no_project", path=str(path))
        if path.is_dir():
            raise NotAProjectError("not_a_project", path=str(path), reason=_t("project_reason_folder"))
        with open(path, "rb") as fh:
            head = fh.read(16)
    except PermissionError:
        raise AtlasQualError("project_no_permission", path=str(path)) from None
    if head and head != b"SQLite format 3\x00":
        raise NotAProjectError("not_a_project", path=str(path), reason=_t("project_reason_not_sqlite"))


def _read_only(url: str) -> AtlasQualError | None:
    """Why this SQLite project cannot be written by us (the error a write will raise), or None when it can.

    A read-only file, or a folder where SQLite cannot create its -wal/-shm/-journal files (a share, a USB stick,
    a colleague's folder): the project is still read, so analysts can open what they were handed."""
    path = Path(make_url(url).database or "")
    if str(path) in ("", ":memory:"):
        return None
    # the folder first: when it is read-only, making the file writable would not help
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return AtlasQualError("project_read_only_folder", path=str(path), folder=str(path.parent))
    if not os.access(path, os.W_OK):
        return AtlasQualError("project_read_only_file", path=str(path))
    return None


def _read_only_modes(url: str) -> list[str]:
    """How to open a project read-only: ``mode=ro`` reads a live WAL (it needs the -shm file, or to create it);
    ``immutable=1`` needs neither, and is safe only when no -wal holds changes not yet in the main file (in a
    folder nobody can write no new ones can appear)."""
    path = Path(make_url(url).database or "")
    wal = Path(str(path) + "-wal")
    try:
        pending = wal.exists() and wal.stat().st_size > 0
    except OSError:
        pending = True
    return ["mode=ro"] if pending else ["mode=ro", "immutable=1"]


def open_project(project: str | os.PathLike | None = None, *, create: bool = False) -> Project:
    """Open (or with ``create=True`` create) a project; upgrades an older schema, refuses a newer one.

    Examples:
        >>> import tempfile, os
        >>> p = open_project(os.path.join(tempfile.mkdtemp(), "a.db"), create=True)
        >>> p.meta("schema_version") == str(SCHEMA_VERSION)
        True
    """
    url = resolve_url(project)
    is_sqlite = url.startswith("sqlite")
    read_only = None
    if is_sqlite:
        path = Path(make_url(url).database or "")
        if create:
            try:
                from atlas_qual.private_files import private_folder

                private_folder(path.parent)  # 0700 whatever the umask: nobody else may plant a -wal there
                if path.exists():
                    _check_sqlite_file(url)
                    read_only = _read_only(url)
                    if not read_only and path.stat().st_size == 0:
                        # an empty file becoming a project (touched, or made by another tool) takes the mode a new
                        # one gets: it is about to hold interviews
                        path.chmod(0o600)
                elif str(path) not in ("", ":memory:"):
                    # interviews about trafficking victims: only the owner may read the file; SQLite gives the
                    # -wal and -shm files the main file's mode
                    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except PermissionError as exc:  # a folder of someone else's, or a read-only one
                raise AtlasQualError("file_no_permission", file=exc.filename or str(path)) from None
        else:
            _check_sqlite_file(url)
            read_only = _read_only(url)
    modes = _read_only_modes(url) if read_only is not None else [None]
    for number, mode in enumerate(modes, start=1):
        engine = _make_engine(url, mode)
        try:
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
            break
        except DBAPIError as exc:
            engine.dispose()
            reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            if is_sqlite and "not a database" in reason:
                raise NotAProjectError("not_a_project", path=display_name(url), reason=reason) from None
            if number < len(modes):
                continue
            raise AtlasQualError("db_unreachable", path=display_name(url), reason=reason) from None
    project_obj = Project(url, engine, read_only=read_only)
    if "meta" in tables:
        _check_version(project_obj)
    elif tables and not create:
        engine.dispose()
        raise NotAProjectError("not_a_project", path=display_name(url), reason=_t("project_reason_no_meta"))
    elif tables and create and "meta" not in tables:
        engine.dispose()
        raise NotAProjectError("not_a_project", path=display_name(url), reason=_t("project_reason_other_tables"))
    elif not create:
        engine.dispose()
        raise NotAProjectError("no_project", path=display_name(url))
    if create or "meta" in tables:
        _create_or_upgrade(project_obj)
    return project_obj


def _check_version(project: Project) -> None:
    app, ver = project.meta("app"), project.meta("schema_version")
    if app != APP_ID or ver is None:
        project.dispose()
        raise NotAProjectError("not_a_project", path=project.name, reason=_t("project_reason_other_app"))
    try:
        found = int(ver)
    except ValueError:
        found = 10**6
    if found > SCHEMA_VERSION:
        project.dispose()
        raise SchemaVersionError("schema_too_new", path=project.name, found=ver, supported=SCHEMA_VERSION)


def _add_missing_columns(conn) -> None:
    """Schema 1 -> 2: every column a model has and the table lacks is added (new columns are nullable or carry a
    server default, so existing rows stay valid). New tables were already made by ``create_all``."""
    from sqlalchemy.schema import CreateColumn

    insp = inspect(conn)
    # one catalog query for every table (PostgreSQL would otherwise take a round trip per table at each open)
    found = {key[1]: {c["name"] for c in cols} for key, cols in insp.get_multi_columns().items()}
    for table in Base.metadata.sorted_tables:
        have = found.get(table.name)
        if have is None:
            continue
        for column in table.columns:
            if column.name in have:
                continue
            ddl = CreateColumn(column).compile(dialect=conn.dialect)
            conn.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN {ddl}'))


# Upgrades from older schema versions: {from_version: fn(connection)}; create_all adds new tables first.
MIGRATIONS: dict[int, Callable] = {1: _add_missing_columns}


def _schema_complete(project: Project) -> bool:
    """Whether every table and column of the models is in the database (checked without writing)."""
    with project.engine.connect() as conn:
        insp = inspect(conn)
        found = {key[1]: {c["name"] for c in cols} for key, cols in insp.get_multi_columns().items()}
    return all(t.name in found and {c.name for c in t.columns} <= found[t.name] for t in Base.metadata.sorted_tables)


def _create_or_upgrade(project: Project) -> None:
    if project.read_only is not None:
        # nothing may be written: read the project as it is, if it is up to date
        if project.meta("schema_version") != str(SCHEMA_VERSION) or not _schema_complete(project):
            project.dispose()
            raise AtlasQualError("project_read_only_outdated", path=project.name)
        return
    with project.engine.begin() as conn:
        Base.metadata.create_all(conn)
        # a column a model gained within a schema version (always nullable or with a default) is added in place
        _add_missing_columns(conn)
    if project.is_sqlite:  # WAL is a property of the file: set once the file is known to be ours
        raw = project.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA journal_mode=WAL")
        finally:
            raw.close()
    def _meta(s: Session) -> None:
        current = s.get(Meta, "schema_version")
        version = int(current.value) if current else SCHEMA_VERSION
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](s.connection())
            version += 1
        for key, value in (("app", APP_ID), ("schema_version", str(SCHEMA_VERSION))):
            row = s.get(Meta, key)
            if row is None:
                s.add(Meta(key=key, value=value))
            else:
                row.value = value
        if s.get(Meta, "created_at") is None:
            from atlas_qual.store.models import utcnow

            s.add(Meta(key="created_at", value=utcnow().isoformat(timespec="seconds")))

    # opening an up-to-date project writes nothing: a write would queue every opening kernel behind the writer
    with project.session() as s:
        found = {k: s.get(Meta, k) for k in ("app", "schema_version", "created_at")}
        current = (found["app"] and found["app"].value, found["schema_version"] and found["schema_version"].value,
                   found["created_at"] is not None)
    if current != (APP_ID, str(SCHEMA_VERSION), True):
        project.write(_meta)


def set_meta(project: Project, key: str, value: str) -> None:
    def _set(s: Session) -> None:
        row = s.get(Meta, key)
        if row is None:
            s.add(Meta(key=key, value=value))
        else:
            row.value = value
    project.write(_set)


def integrity_ok(project: Project) -> bool:
    """SQLite's own integrity check (True on other backends, which check themselves)."""
    if not project.is_sqlite:
        return True
    with project.engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"


__all__ = ["Project", "open_project", "resolve_url", "display_name", "set_meta", "integrity_ok", "select"]
