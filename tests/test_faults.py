"""Many people at once and processes that die: real processes on the run's backend (SQLite file or PostgreSQL).

- 60 participants vote and 3 coders code at the same time through the store functions the apps use: every write is
  counted exactly once and nobody sees "database is locked".
- A process killed (SIGKILL) in the middle of an import or of a vote leaves the project consistent (SQLite's
  integrity check, no transcript without its segments, no half-counted vote) and the next run goes through.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from atlas_qual.store import integrity_ok, open_project
from atlas_qual.store.models import Coding, Participant, Segment, Transcript, Vote, WorkshopSession

VOTERS = 60
CODERS = ("ana.gimenez", "carlos.rojas", "lucia.benitez")
ITEMS = ("G01", "G02")
GATES = ("C1", "C2", "C3")
CODES = ("Fortalezas", "Debilidades")
FORK = multiprocessing.get_context("fork")  # the children start with the store already imported: 60 are cheap


def expected_value(voter: int, item: int, gate: int, final: bool) -> bool:
    """What voter ``voter`` answers: the second pass changes every answer (a re-vote must replace, not add)."""
    first = (voter + item + gate) % 2 == 0
    return first if not final else not first


def _voter(url: str, code: str, voter: int, barrier, results) -> None:
    from atlas_qual.store.workshop import cast_vote, join_session

    project = open_project(url)
    try:
        barrier.wait(120)
        me = join_session(project, code, f"Participante {voter:02d}")
        for final in (False, True):
            for i, item in enumerate(ITEMS):
                for g, gate in enumerate(GATES):
                    cast_vote(project, code, me.token, item, gate, expected_value(voter, i, g, final))
        results.put(("voter", voter, "ok"))
    except BaseException as exc:  # noqa: BLE001 - whatever reached this "user" is the finding
        results.put(("voter", voter, f"{type(exc).__name__}: {exc}"))
    finally:
        project.dispose()


def _coder(url: str, coder: str, segments: list[int], barrier, results) -> None:
    from atlas_qual.store.coding import apply_code

    project = open_project(url)
    try:
        barrier.wait(120)
        for seg in segments:
            for code in CODES:
                apply_code(project, seg, code, coder)
        results.put(("coder", coder, "ok"))
    except BaseException as exc:  # noqa: BLE001
        results.put(("coder", coder, f"{type(exc).__name__}: {exc}"))
    finally:
        project.dispose()


def _transcript(turns: int) -> str:
    lines = ["Título: Entrevista larga en San Pedro", "DMOP: CR", "Territorio: San Pedro", ""]
    for i in range(turns):
        speaker = "Entrevistadora" if i % 2 == 0 else "Consejera"
        lines.append(f"{speaker}: turno {i}; hablamos de la CODENI, del MTESS y de las denuncias al 147. " * 2)
    return "\n".join(lines) + "\n"


@pytest.fixture
def workshop(project, tmp_path):
    """A project with one transcript (20 segments) and a gap workshop whose gate round is open."""
    from atlas_qual.store.transcripts import import_files
    from atlas_qual.store.workshop import create_session, open_round

    f = tmp_path / "entrevista.txt"
    f.write_text(_transcript(20), encoding="utf-8")
    report = import_files(project, [f])
    assert not report.errors
    created = create_session(project, "Taller de priorización",
                             items=[{"ref": ref, "title": f"Brecha {ref}"} for ref in ITEMS])
    open_round(project, created.code, created.key, 1)
    with project.session() as s:
        segments = list(s.scalars(select(Segment.id).order_by(Segment.id)))
    return {"code": created.code, "key": created.key, "segments": segments}


def _version(project, code: str) -> int:
    with project.session() as s:
        return s.scalar(select(WorkshopSession.version).where(WorkshopSession.code == code))


def test_sixty_voters_and_three_coders_at_once_every_write_counted_once(project, project_path, workshop):
    code, segments = workshop["code"], workshop["segments"]
    version_before = _version(project, code)
    project.dispose()  # the children open their own connections
    barrier = FORK.Barrier(VOTERS + len(CODERS))
    results = FORK.Queue()
    procs = [FORK.Process(target=_voter, args=(str(project_path), code, v, barrier, results)) for v in range(VOTERS)]
    procs += [FORK.Process(target=_coder, args=(str(project_path), c, segments, barrier, results)) for c in CODERS]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=540) for _ in procs]
    for p in procs:
        p.join(30)
    failures = [o for o in outcomes if o[2] != "ok"]
    assert failures == [], failures  # nobody saw "database is locked" or any other error
    assert all(p.exitcode == 0 for p in procs)

    check = open_project(project_path)
    try:
        with check.session() as s:
            people = dict(s.execute(select(Participant.id, Participant.nickname)).all())
            assert len(people) == VOTERS
            votes = s.execute(select(Vote.participant_id, Vote.item_id, Vote.criterion, Vote.value)).all()
            items = dict(s.execute(text("SELECT id, ref FROM session_items")).all())
            assert len(votes) == VOTERS * len(ITEMS) * len(GATES)  # each re-vote replaced, none added
            for pid, item_id, gate, value in votes:
                voter = int(people[pid].split()[-1])
                want = expected_value(voter, ITEMS.index(items[item_id]), GATES.index(gate), True)
                assert value == float(want), (voter, items[item_id], gate)
            codings = s.execute(select(Coding.coder, Coding.segment_id, Coding.code_id)).all()
            assert len(codings) == len(set(codings)) == len(CODERS) * len(segments) * len(CODES)
        # every join and every vote bumped the session version exactly once: nothing lost, nothing doubled
        writes = VOTERS * (1 + 2 * len(ITEMS) * len(GATES))
        assert _version(check, code) == version_before + writes
        assert integrity_ok(check)
    finally:
        check.dispose()


# --- killed processes ----------------------------------------------------------------------------------------------


class WriterProbe:
    """Tells, cheaply and repeatedly, whether another process is inside a write transaction on the project."""

    def __init__(self, project_path) -> None:
        self.path = project_path
        self.pg = None
        if "://" in str(project_path):  # a plain connection: opening the project must not wait for the writer
            from sqlalchemy import create_engine

            from atlas_qual.store.db import resolve_url

            self.pg = create_engine(resolve_url(project_path))
            self.conn = self.pg.connect()

    def busy(self) -> bool:
        if self.pg is not None:
            found = self.conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()")).scalar()
            self.conn.rollback()
            return bool(found)
        con = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return True
            raise
        finally:
            con.close()

    def close(self) -> None:
        if self.pg is not None:
            self.conn.close()
            self.pg.dispose()


def _writer_busy(project_path) -> bool:
    probe = WriterProbe(project_path)
    try:
        return probe.busy()
    finally:
        probe.close()


def _consistent(project_path) -> dict:
    """The checks a crash must pass; returns the counts."""
    if "://" not in str(project_path):
        con = sqlite3.connect(project_path)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
    project = open_project(project_path)
    try:
        with project.session() as s:
            orphans = s.scalar(select(func.count()).select_from(Transcript).where(
                ~select(Segment.id).where(Segment.transcript_id == Transcript.id).exists()))
            assert orphans == 0, "a transcript without its segments"
            partial = s.execute(select(Transcript.id, func.count(Segment.id)).join(Segment)
                                .group_by(Transcript.id)).all()
            return {"transcripts": len(partial), "segments": dict(partial)}
    finally:
        project.dispose()


def _atlas_qual(*args) -> list[str]:
    return [str(Path(sys.executable).with_name("atlas-qual")), *map(str, args)]


def test_import_killed_mid_transaction_leaves_no_half_transcript_and_the_next_run_imports(project_path, tmp_path):
    import subprocess

    before = _consistent(project_path)
    expected = dict(before["segments"])
    killed_inside = 0
    probe = WriterProbe(project_path)
    try:
        for attempt, delay in enumerate((0.0, 0.1, 0.4)):
            big = tmp_path / f"larga_{attempt}.txt"  # a different file each time: a finished one is no duplicate
            big.write_text(f"Lugar: intento {attempt}\n" + _transcript(6000), encoding="utf-8")
            proc = subprocess.Popen(_atlas_qual("import", big, "--project", project_path),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.time() + 120
            while time.time() < deadline and proc.poll() is None and not probe.busy():
                time.sleep(0.002)
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            after = _consistent(project_path)  # integrity ok, no transcript without its segments
            new = {k: v for k, v in after["segments"].items() if k not in expected}
            # the kill lands before the commit (nothing of the file) or after it (the whole file): never half
            assert new in ({}, {next(iter(new), None): 6000}), new
            killed_inside += not new
            expected.update(new)
    finally:
        probe.close()
    assert killed_inside >= 1  # at least one kill landed inside the import's transaction
    big = tmp_path / "larga_final.txt"
    big.write_text("Lugar: final\n" + _transcript(6000), encoding="utf-8")
    done = subprocess.run(_atlas_qual("import", big, "--json", "--project", project_path), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    after = _consistent(project_path)
    assert after["transcripts"] == len(expected) + 1
    assert sorted(after["segments"].values()) == sorted([*expected.values(), 6000])


def _vote_and_hang(url: str, code: str, token: str, ready) -> None:
    """Vote, but stop for good inside the vote's transaction, after its statements ran and before the commit."""
    import atlas_qual.store.workshop as ws

    project = open_project(url)
    write = project.write

    def stuck_write(fn, **kw):
        def stuck(s):
            result = fn(s)
            s.flush()
            ready.set()
            time.sleep(600)
            return result

        return write(stuck, **kw)

    project.write = stuck_write
    ws.cast_vote(project, code, token, "G01", "C1", "sí")


def test_vote_killed_mid_transaction_is_not_counted_and_voting_goes_on(project, project_path, workshop):
    from atlas_qual.store.workshop import cast_vote, join_session

    code = workshop["code"]
    rosa = join_session(project, code, "Rosa")
    cast_vote(project, code, rosa.token, "G02", "C1", "no")
    version = _version(project, code)
    project.dispose()
    ready = FORK.Event()
    child = FORK.Process(target=_vote_and_hang, args=(str(project_path), code, rosa.token, ready))
    child.start()
    assert ready.wait(60), "the child never reached the middle of its vote"
    assert _writer_busy(project_path)
    reader = open_project(project_path)
    try:  # a writer in the middle of its transaction never makes a reader (the facilitator's poll) wait
        started = time.time()
        assert _version(reader, code) == version and time.time() - started < 5
    finally:
        reader.dispose()
    os.kill(child.pid, signal.SIGKILL)
    child.join(30)
    assert child.exitcode == -signal.SIGKILL
    _consistent(project_path)
    again = open_project(project_path)
    try:
        with again.session() as s:
            assert s.scalar(select(func.count()).select_from(Vote)) == 1  # only the committed vote
        assert _version(again, code) == version  # the killed vote bumped nothing
        started = time.time()
        receipt = cast_vote(again, code, rosa.token, "G01", "C1", "sí")  # the lock died with the process
        assert receipt.item == "G01" and time.time() - started < 20
        with again.session() as s:
            assert s.scalar(select(func.count()).select_from(Vote)) == 2
        assert integrity_ok(again)
    finally:
        again.dispose()


def _increment(url: str, times: int, barrier, results) -> None:
    """Read a counter, think, write it back plus one: the pattern every check-then-write action follows."""
    from atlas_qual.store.models import Meta

    project = open_project(url)
    try:
        barrier.wait(60)
        for _ in range(times):
            def bump(s):
                row = s.get(Meta, "counter")
                value = int(row.value)
                time.sleep(0.002)  # another writer would slip in here if writers did not take turns
                row.value = str(value + 1)

            project.write(bump)
        results.put("ok")
    except BaseException as exc:  # noqa: BLE001
        results.put(f"{type(exc).__name__}: {exc}")
    finally:
        project.dispose()


def test_read_then_write_from_several_processes_loses_no_update(project, project_path):
    from atlas_qual.store.db import set_meta

    set_meta(project, "counter", "0")
    project.dispose()
    workers, times = 4, 25
    barrier, results = FORK.Barrier(workers), FORK.Queue()
    procs = [FORK.Process(target=_increment, args=(str(project_path), times, barrier, results))
             for _ in range(workers)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(30)
    assert outcomes == ["ok"] * workers
    check = open_project(project_path)
    assert check.meta("counter") == str(workers * times)
    check.dispose()
