"""The live workshop under load: participant page time to interactive against the one-button baseline, sixty
participants voting at once (separate processes) until the facilitator page in Chromium shows every vote, and the
memory of each participant kernel."""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from atlas_qual.widgets.facilitator import TICK_MS
from benchmarks._pages import BASELINE, BASELINE_SELECTOR, HERE, chromium, compare_pages, served_demo

N_PARTICIPANTS = 60
TRIALS = 20
MEMORY_PAGES = 4
VERBOSE = bool(os.environ.get("ATLAS_QUAL_BENCH_VERBOSE"))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    h = (len(ordered) - 1) * q
    lo = int(h)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])


def _voter(path: str, code: str, n: int, questions: list[tuple[str, str]], barrier, done) -> None:
    """One participant's kernel: join, then at each trial's signal cast one vote and report when it committed."""
    from atlas_qual.store import open_project
    from atlas_qual.store.workshop import cast_vote, join_session

    project = open_project(path)
    me = join_session(project, code, f"bench{n:02d}")
    barrier.wait(timeout=300)  # everyone joined
    for item, key in questions:
        barrier.wait(timeout=300)
        cast_vote(project, code, me.token, item, key, "sí" if (n + len(item)) % 3 else "no")
        done.put(time.time())
    project.dispose()


_WATCH = """(target) => {
  window.__shown = null;
  const check = () => {
    const el = document.querySelector('[data-testid=round-1-counts]');
    if (el && el.textContent.includes(target)) { window.__shown = Date.now() / 1000; return true; }
    return false;
  };
  if (check()) return;
  const obs = new MutationObserver(() => { if (check()) obs.disconnect(); });
  obs.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def bench_live_votes(browser, server, project_path: Path) -> list[dict]:
    """60 processes vote at the same moment, TRIALS times; each time, how long until the facilitator page (a real
    Chromium page polling the store) shows all the votes, from the last vote's commit and from the signal."""
    from atlas_qual.store import open_project
    from atlas_qual.store.workshop import create_session, open_round, session_setup

    project = open_project(project_path)
    created = create_session(project, "Benchmark: 60 a la vez", gap_ids=None)
    open_round(project, created.code, created.key, 1)
    setup = session_setup(project, created.code)
    project.dispose()
    # one warm-up burst first (each process's first statements are compiled then), not counted
    questions = [(item.ref, key) for item in setup.items for key in setup.config.gate_keys][:TRIALS + 1]

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(server.url("facilitator.ipynb", session=created.code))
    page.fill(".aq-key-input input", created.key)
    page.click(".aq-unlock")
    page.wait_for_selector("[data-testid=round-1-counts]")

    # forkserver: the voters fork from a clean process, not from this one with its browser-driver threads
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["atlas_qual.store.workshop"])
    barrier = ctx.Barrier(N_PARTICIPANTS + 1)
    done = ctx.Queue()
    procs = [ctx.Process(target=_voter, args=(str(project_path), created.code, n, questions, barrier, done))
             for n in range(N_PARTICIPANTS)]
    for p in procs:
        p.start()
    after_commit, after_signal = [], []
    try:
        barrier.wait(timeout=300)
        page.wait_for_selector(f"[data-testid=participants]:text-is('{N_PARTICIPANTS}')")
        for trial in range(1, len(questions) + 1):
            page.evaluate(_WATCH, f"· {N_PARTICIPANTS * trial} ")
            time.sleep(0.3)
            barrier.wait(timeout=300)
            signal = time.time()
            commits = [done.get(timeout=120) for _ in range(N_PARTICIPANTS)]
            page.wait_for_function("window.__shown !== null", polling=20, timeout=60_000)
            shown = page.evaluate("window.__shown")
            if trial > 1:
                after_commit.append(max(0.0, shown - max(commits)))
                after_signal.append(shown - signal)
    finally:
        for p in procs:
            p.join(timeout=60)
            if p.is_alive():
                p.kill()
        context.close()
    if VERBOSE:
        print("after signal", [round(x, 3) for x in after_signal], "after commit", [round(x, 3) for x in after_commit])
    p95 = _percentile(after_signal, 0.95)
    return [
        {"metric": f"{N_PARTICIPANTS} voting at once: votes cast -> facilitator page shows all of them (p95; median "
                   f"{statistics.median(after_signal):.2f} s)",
         "value": round(p95, 3), "unit": "s", "baseline": None,
         "baseline_name": f"{len(after_signal)} bursts, incl. the 60 write transactions", "ratio": None,
         "target": "<= 1.0", "ok": p95 <= 1.0},
        {"metric": f"{N_PARTICIPANTS} voting at once: last vote committed -> page shows all (p95; median "
                   f"{statistics.median(after_commit):.2f} s)",
         "value": round(_percentile(after_commit, 0.95), 3), "unit": "s", "baseline": None,
         "baseline_name": f"polling every {TICK_MS} ms", "ratio": None, "target": "<= 1.0",
         "ok": _percentile(after_commit, 0.95) <= 1.0},
    ]


def _kernel_pids(server) -> set[int]:
    import psutil

    root = psutil.Process(server.proc.pid)
    pids = set()
    for child in root.children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                pids.add(child.pid)
        except psutil.Error:
            continue
    return pids


def _wait_for_kernels(server, n: int, timeout: float = 180) -> set[int]:
    """The pool's kernels once all `n` are up and have finished their start-up work (RSS stable)."""
    import psutil

    deadline = time.time() + timeout
    last: dict[int, int] = {}
    while time.time() < deadline:
        pids = _kernel_pids(server)
        if len(pids) >= n:
            rss = {}
            for pid in pids:
                try:
                    rss[pid] = psutil.Process(pid).memory_info().rss
                except psutil.Error:
                    pass
            if rss and rss == last:
                return set(rss)
            last = rss
        time.sleep(2)
    raise RuntimeError(f"the kernel pool did not settle: {len(_kernel_pids(server))} of {n} kernels")


def _kernel_rss(browser, project: Path, notebook: str, selector: str, pages: int, joiner=None) -> list[float]:
    """RSS (MB) of the kernels that served `pages` pages of `notebook`, on a server that serves only it."""
    import psutil

    from atlas_qual.server import VoilaProcess

    with tempfile.TemporaryDirectory(prefix="aq-mem-") as tmp:
        nbs = Path(tmp) / "notebooks"
        nbs.mkdir()
        source = HERE / "notebooks" / notebook if notebook == BASELINE else None
        shutil.copy(source or (Path(__file__).resolve().parent.parent / "notebooks" / notebook), nbs / notebook)
        server = VoilaProcess(project, pool_size=pages, notebooks=nbs, log_dir=Path(tmp))
        try:
            if notebook == BASELINE:  # only the apps get a preheated pool; start the baseline's kernels by visiting
                used = set()
            else:
                used = _wait_for_kernels(server, pages)
            contexts = []
            for n in range(pages):
                context = browser.new_context(viewport={"width": 375, "height": 740})
                page = context.new_page()
                page.set_default_timeout(120_000)
                page.goto(server.url(notebook, **({"session": joiner[0]} if joiner else {})))
                page.wait_for_selector(selector, state="visible")
                if joiner:
                    joiner[1](page, n)
                contexts.append(context)
            time.sleep(2)
            if not used:
                used = _kernel_pids(server)
            sizes = []
            for pid in used:
                try:
                    sizes.append(psutil.Process(pid).memory_info().rss / 2**20)
                except psutil.Error:
                    pass
            for context in contexts:
                context.close()
            return sizes
        finally:
            server.stop()


def bench_memory(browser, project: Path, code: str) -> list[dict]:
    def join(page, n: int) -> None:
        page.fill("input[placeholder='Apodo']", f"mem{n}")
        page.click(".aq-join")
        page.wait_for_selector("[data-testid=round-state]")

    participant = _kernel_rss(browser, project, "participant.ipynb", ".aq-join", MEMORY_PAGES, (code, join))
    baseline = _kernel_rss(browser, project, BASELINE, BASELINE_SELECTOR, 1)
    ours, base = statistics.median(participant), statistics.median(baseline)
    return [{"metric": f"memory per participant kernel (RSS, median of {len(participant)} joined pages)",
             "value": round(ours, 1), "unit": "MB", "baseline": round(base, 1),
             "baseline_name": "one-button Voila kernel", "ratio": round(ours / base, 2), "target": "<= 2.0",
             "ok": ours / base <= 2.0}]


def run() -> list[dict]:
    from atlas_qual.store import open_project

    rows: list[dict] = []
    with served_demo(pool_size=2) as (server, project), chromium() as browser:
        proj = open_project(project)
        code = proj.meta("demo_open_session")
        proj.dispose()
        rows += compare_pages(browser, server, {
            "participant page (?session=CODE, join form)": (server.url("participant.ipynb", session=code),
                                                            ".aq-join"),
        })
        rows += bench_live_votes(browser, server, project)
        rows += bench_memory(browser, project, code)
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
