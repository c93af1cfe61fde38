"""Sixty participants voting at the same moment, each in its own process, through the store functions the participant
page calls (join_session, cast_vote) on one real SQLite file: every vote is counted exactly once."""

from __future__ import annotations

import csv
import multiprocessing as mp
import random

import pytest

N_PROCESSES = 60
ITEMS = ("G01", "G02", "G03")
KEYS = ("C1", "C2", "C3")


def _participant(path: str, code: str, n: int, barrier, results) -> None:
    """One participant's browser kernel: join, wait for everyone, then answer every question (changing one answer)."""
    from atlas_qual.store import open_project
    from atlas_qual.store.workshop import cast_vote, join_session

    rng = random.Random(n)
    project = open_project(path)
    try:
        me = join_session(project, code, f"p{n:02d}")
        answers = {(item, key): rng.random() < 0.6 for item in ITEMS for key in KEYS}
        barrier.wait(timeout=120)
        first = next(iter(answers))
        cast_vote(project, code, me.token, first[0], first[1], not answers[first])  # to be changed below
        replaced = []
        for (item, key), value in answers.items():
            replaced.append(cast_vote(project, code, me.token, item, key, "sí" if value else "no").replaced)
        results.put((n, me.participant_id, {f"{i}|{k}": v for (i, k), v in answers.items()}, replaced, None))
    except Exception as exc:  # reported to the test, which fails with it
        results.put((n, None, None, None, repr(exc)))
    finally:
        project.dispose()


def _watcher(path: str, code: str, stop, results) -> None:
    """What the facilitator page does meanwhile: read the session version over and over."""
    import time

    from atlas_qual.store import open_project
    from atlas_qual.store.workshop import session_version

    project = open_project(path)
    seen = []
    while not stop.is_set():
        seen.append(session_version(project, code))
        time.sleep(0.01)
    project.dispose()
    results.put(("watcher", seen))


@pytest.fixture
def open_session(project_path, tmp_path):
    from atlas_qual.store import open_project
    from atlas_qual.store.workshop import create_session, open_round

    gaps = tmp_path / "gaps.csv"
    with open(gaps, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "description"])
        writer.writerows([[item, f"Brecha {item}", ""] for item in ITEMS])
    project = open_project(project_path)
    created = create_session(project, "Sesenta a la vez", gaps_file=gaps)
    open_round(project, created.code, created.key, 1)
    project.dispose()  # no connection of the parent crosses into the forked children
    return created


def test_sixty_processes_voting_at_once_count_every_vote_once(project_path, open_session):
    from atlas_qual.store import integrity_ok, open_project
    from atlas_qual.store.workshop import results, session_state, session_version

    code = open_session.code
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(N_PROCESSES)
    queue = ctx.Queue()
    stop = ctx.Event()
    watcher = ctx.Process(target=_watcher, args=(str(project_path), code, stop, queue))
    watcher.start()
    procs = [ctx.Process(target=_participant, args=(str(project_path), code, n, barrier, queue))
             for n in range(N_PROCESSES)]
    for p in procs:
        p.start()
    outcomes = [queue.get(timeout=300) for _ in range(N_PROCESSES)]
    for p in procs:
        p.join(timeout=60)
    stop.set()
    _tag, versions = queue.get(timeout=60)
    watcher.join(timeout=60)

    errors = [o[4] for o in outcomes if o[4]]
    assert errors == []
    assert all(p.exitcode == 0 for p in procs)
    project = open_project(project_path)
    try:
        assert integrity_ok(project)
        state = session_state(project, code)
        gate = state.round(1)
        assert (state.participants, gate.voters, gate.complete) == (N_PROCESSES, N_PROCESSES, N_PROCESSES)
        assert gate.votes == N_PROCESSES * len(ITEMS) * len(KEYS)  # one row per participant, gap and question
        # each participant's first answer was changed: exactly one replacement each, and the final value stands
        assert all(o[3].count(True) == 1 for o in outcomes)
        out = results(project, code)
        for item in out["gaps"]:
            for key in KEYS:
                yes = sum(1 for o in outcomes if o[2][f"{item['id']}|{key}"])
                assert item["yes_share"][key] == pytest.approx(yes / N_PROCESSES)
        assert out["participants"] == N_PROCESSES
        # joins and votes each moved the version once: what the facilitator page polls
        final = session_version(project, code)
        writes = N_PROCESSES * (1 + 1 + len(ITEMS) * len(KEYS))
        assert final >= writes
        assert versions == sorted(versions) and versions[-1] <= final
    finally:
        project.dispose()
