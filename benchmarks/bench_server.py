"""A workshop and a coding team on one project: vote throughput and facilitator refresh latency on SQLite and
PostgreSQL side by side, and concurrent coding throughput.

PostgreSQL figures need a server: ``ATLAS_QUAL_BENCH_PG`` (or ``ATLAS_QUAL_TEST_PG``), a URL whose role may create
databases; a throw-away database is made and dropped. Without one, only the SQLite rows are reported.

Workload (real processes, each group started together): first ``CODERS`` coders apply two codes to every segment;
then ``VOTERS`` participants each join and answer C1-C3 on every item twice (the second pass replaces the first),
as fast as they can, far beyond a real room's pace. The facilitator's
refresh is what its page does once a second: read the session version and, when it changed, the live state and the
results; it is timed while the voters write (p50 and p95) and once they are done (idle: the cost without contention).
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import tempfile
import time
from pathlib import Path

VOTERS = 60
ITEMS = 6
GATES = ("C1", "C2", "C3")
CODERS = 3
SEGMENTS = 40
CODES = ("Fortalezas", "Debilidades")
FORK = multiprocessing.get_context("fork")

# what a live workshop needs: 60 people voting at once (one answer a second each at the busiest moment), a
# facilitator screen redrawn within a quarter of a second of its once-a-second poll, three coders clicking codes
TARGET_VOTES_PER_S = 60.0
TARGET_REFRESH_P95_MS = 250.0
TARGET_CODINGS_PER_S = 10.0


def _pg_url() -> str | None:
    return os.environ.get("ATLAS_QUAL_BENCH_PG") or os.environ.get("ATLAS_QUAL_TEST_PG") or None


class _PgDatabase:
    """A throw-away PostgreSQL database for one backend run."""

    def __init__(self, server_url: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        self.server = make_url(server_url.replace("postgresql+psycopg://", "postgresql://"))
        self.name = f"aq_bench_{os.getpid()}"
        self.admin = psycopg.connect(self.server.render_as_string(hide_password=False), autocommit=True)
        self.admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.execute(f'CREATE DATABASE "{self.name}"')
        self.url = self.server.set(database=self.name).render_as_string(hide_password=False)

    def drop(self) -> None:
        self.admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.close()


def _transcript(turns: int) -> str:
    lines = ["Título: Entrevista de referencia", "DMOP: CR", ""]
    for i in range(turns):
        speaker = "Entrevistadora" if i % 2 == 0 else "Consejera"
        lines.append(f"{speaker}: turno {i}; la coordinación con la CODENI y el MTESS mejoró en San Pedro.")
    return "\n".join(lines) + "\n"


def _setup(url: str, workdir: Path) -> dict:
    from sqlalchemy import select

    from atlas_qual.store import open_project
    from atlas_qual.store.models import Segment
    from atlas_qual.store.reference import init_project
    from atlas_qual.store.transcripts import import_files
    from atlas_qual.store.workshop import create_session, open_round

    project = open_project(url, create=True)
    init_project(project)
    f = workdir / "entrevista.txt"
    f.write_text(_transcript(SEGMENTS), encoding="utf-8")
    import_files(project, [f])
    created = create_session(project, "Taller de referencia",
                             items=[{"ref": f"G{i:02d}", "title": f"Brecha {i}"} for i in range(1, ITEMS + 1)])
    open_round(project, created.code, created.key, 1)
    with project.session() as s:
        segments = list(s.scalars(select(Segment.id).order_by(Segment.id)))
    project.dispose()
    return {"code": created.code, "segments": segments}


def _voter(url: str, code: str, n: int, barrier, out) -> None:
    from atlas_qual.store import open_project
    from atlas_qual.store.workshop import cast_vote, join_session

    project = open_project(url)
    try:
        barrier.wait(300)
        me = join_session(project, code, f"P{n:02d}")
        done = 0
        for second_pass in (False, True):
            for i in range(1, ITEMS + 1):
                for g, gate in enumerate(GATES):
                    cast_vote(project, code, me.token, f"G{i:02d}", gate, ((n + i + g) % 2 == 0) != second_pass)
                    done += 1
        out.put(("vote", done, time.perf_counter()))
    except Exception as exc:  # noqa: BLE001 - a failed write is a finding, reported as such
        out.put(("error", f"{type(exc).__name__}: {exc}", time.perf_counter()))
    finally:
        project.dispose()


def _coder(url: str, coder: str, segments: list[int], barrier, out) -> None:
    from atlas_qual.store import open_project
    from atlas_qual.store.coding import apply_code

    project = open_project(url)
    try:
        barrier.wait(300)
        done = 0
        for seg in segments:
            for code in CODES:
                apply_code(project, seg, code, coder)
                done += 1
        out.put(("code", done, time.perf_counter()))
    except Exception as exc:  # noqa: BLE001
        out.put(("error", f"{type(exc).__name__}: {exc}", time.perf_counter()))
    finally:
        project.dispose()


def _facilitator(url: str, code: str, stop, out) -> None:
    """Poll like the facilitator page: version, and on a change the state and the results; time each refresh."""
    from atlas_qual.store import open_project
    from atlas_qual.store.workshop import results, session_state, session_version

    project = open_project(url)
    seen = None
    times = []
    try:
        while not stop.is_set():
            start = time.perf_counter()
            version = session_version(project, code)
            if version != seen:
                session_state(project, code)
                results(project, code)
                seen = version
                times.append(time.perf_counter() - start)
            time.sleep(0.05)
        idle = []  # the same full refresh once everyone has voted and nobody writes: its cost without contention
        for _ in range(20):
            start = time.perf_counter()
            session_version(project, code)
            session_state(project, code)
            results(project, code)
            idle.append(time.perf_counter() - start)
        out.put(("refresh", times, time.perf_counter(), idle))
    finally:
        project.dispose()


def _together(procs: list, barrier, out) -> tuple[float, list]:
    """Start the processes, release them at once, collect one result from each; (start time, results)."""
    for p in procs:
        p.start()
    barrier.wait(300)
    start = time.perf_counter()
    finished = [out.get(timeout=1800) for _ in procs]
    return start, finished


def _run_backend(url: str, workdir: Path) -> dict:
    info = _setup(url, workdir)
    # 1. the coding team alone: three coders clicking codes at once
    barrier, out = FORK.Barrier(CODERS + 1), FORK.Queue()
    coders = [FORK.Process(target=_coder, args=(url, f"coder{n}", info["segments"], barrier, out))
              for n in range(CODERS)]
    start, coded = _together(coders, barrier, out)
    for p in coders:
        p.join(60)
    codings = sum(f[1] for f in coded if f[0] == "code")
    code_end = max((f[2] for f in coded if f[0] == "code"), default=start)
    # 2. the workshop: sixty participants voting at once while the facilitator's page refreshes
    barrier, out, stop = FORK.Barrier(VOTERS + 1), FORK.Queue(), FORK.Event()
    voters = [FORK.Process(target=_voter, args=(url, info["code"], n, barrier, out)) for n in range(VOTERS)]
    facilitator = FORK.Process(target=_facilitator, args=(url, info["code"], stop, out))
    facilitator.start()
    start_votes, voted = _together(voters, barrier, out)
    stop.set()
    refresh = out.get(timeout=300)
    for p in [*voters, facilitator]:
        p.join(60)
    errors = [f for f in coded + voted if f[0] == "error"]
    votes = sum(f[1] for f in voted if f[0] == "vote")
    vote_end = max((f[2] for f in voted if f[0] == "vote"), default=start_votes)
    times = sorted(refresh[1]) or [float("nan")]
    return {
        "votes_per_s": votes / max(vote_end - start_votes, 1e-9),
        "codings_per_s": codings / max(code_end - start, 1e-9),
        "refresh_p50_ms": 1000 * statistics.median(times),
        "refresh_p95_ms": 1000 * times[min(len(times) - 1, int(0.95 * len(times)))],
        "refreshes": len(refresh[1]),
        "refresh_idle_ms": 1000 * statistics.median(refresh[3]),
        "errors": len(errors),
        "first_error": errors[0][1] if errors else "",
    }


def _row(metric, value, unit, target, ok, baseline=None, baseline_name=None) -> dict:
    ratio = (value / baseline) if baseline else None
    return {"metric": metric, "value": round(value, 2), "unit": unit, "baseline": baseline and round(baseline, 2),
            "baseline_name": baseline_name, "ratio": ratio and round(ratio, 2), "target": target, "ok": ok}


def run() -> list[dict]:
    figures: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="aq-bench-server-") as tmp:
        tmp = Path(tmp)
        (tmp / "sqlite").mkdir()
        figures["sqlite"] = _run_backend(str(tmp / "sqlite" / "bench.db"), tmp / "sqlite")
        server = _pg_url()
        if server:
            (tmp / "pg").mkdir()
            db = _PgDatabase(server)
            try:
                figures["postgresql"] = _run_backend(db.url, tmp / "pg")
            finally:
                db.drop()
    rows = []
    base = figures["sqlite"]
    for backend, f in figures.items():
        is_base = backend == "sqlite"
        clean = f["errors"] == 0
        rows.append(_row(f"vote_throughput_{backend}_{VOTERS}_voters", f["votes_per_s"], "votes/s",
                         f">= {TARGET_VOTES_PER_S:g}", clean and f["votes_per_s"] >= TARGET_VOTES_PER_S,
                         None if is_base else base["votes_per_s"], None if is_base else "sqlite"))
        rows.append(_row(f"facilitator_refresh_p50_{backend}", f["refresh_p50_ms"], "ms", None, None,
                         None if is_base else base["refresh_p50_ms"], None if is_base else "sqlite"))
        rows.append(_row(f"facilitator_refresh_p95_{backend}", f["refresh_p95_ms"], "ms",
                         f"<= {TARGET_REFRESH_P95_MS:g}", f["refresh_p95_ms"] <= TARGET_REFRESH_P95_MS,
                         None if is_base else base["refresh_p95_ms"], None if is_base else "sqlite"))
        rows.append(_row(f"facilitator_refresh_idle_{backend}", f["refresh_idle_ms"], "ms",
                         f"<= {TARGET_REFRESH_P95_MS:g}", f["refresh_idle_ms"] <= TARGET_REFRESH_P95_MS,
                         None if is_base else base["refresh_idle_ms"], None if is_base else "sqlite"))
        rows.append(_row(f"coding_throughput_{backend}_{CODERS}_coders", f["codings_per_s"], "codings/s",
                         f">= {TARGET_CODINGS_PER_S:g}", clean and f["codings_per_s"] >= TARGET_CODINGS_PER_S,
                         None if is_base else base["codings_per_s"], None if is_base else "sqlite"))
        rows.append(_row(f"write_errors_seen_by_users_{backend}", f["errors"], "errors", "0", clean))
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
