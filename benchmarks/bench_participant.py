"""The kernel-free participant page (/p/CODE) against the retired Voila participant page, in the same run: bytes over
the wire (gzip) and requests, time to interactive under Chrome's "Fast 3G" throttling, a 200-participant join burst
(HTTP clients: p95 join, p95 vote-to-facilitator-count, errors, server memory growth) and 40 Chromium pages opening
at once.

The baseline is the Voila participant notebook as it was before this page replaced it (``git show
<the commit that retired it>^:atlas_qual/widgets/participant.py``, served from a temporary folder on the same server);
when the checkout's history does not have it (a shallow clone), the baseline columns stay empty.
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from benchmarks._pages import CHROMIUM, CHROMIUM_ARGS, chromium

ROOT = Path(__file__).resolve().parents[1]
BURST = 200
VOTES_EACH = 3
PAGES_AT_ONCE = 40
ARRIVAL_SECONDS = 8.0
OLD_NOTEBOOK = "participant_voila.ipynb"
# Chrome DevTools' "Fast 3G" preset (as Lighthouse and Playwright's examples define it)
FAST_3G = {"offline": False, "latency": 150 * 3.75, "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
           "uploadThroughput": 750 * 1024 / 8 * 0.9}
TARGET_KB, TARGET_REQUESTS, TARGET_TTI_S, TARGET_JOIN_P95_S, TARGET_COUNT_P95_S, TARGET_MEMORY_MB = \
    150, 6, 2.0, 1.0, 1.0, 50


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _project(folder: Path) -> tuple[Path, object]:
    from atlas_qual.store import open_project
    from atlas_qual.store import workshop as W
    from atlas_qual.store.reference import init_project

    path = folder / "bench.db"
    project = open_project(path, create=True)
    init_project(project)
    gaps = folder / "gaps.csv"
    with open(gaps, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "description"])
        for n in range(1, 9):
            writer.writerow([f"G0{n}", f"Brecha de coordinación número {n} entre instituciones del territorio",
                             "Descripción de la brecha, con el detalle que trae la matriz del taller. " * 3])
    created = W.create_session(project, "Taller de priorización de brechas", gaps_file=gaps)
    return path, (project, created)


OLD_SOURCE = "atlas_qual/widgets/participant.py"


def _old_page(folder: Path) -> Path | None:
    """The retired Voila participant page in a folder of its own (module + one-cell notebook), or None."""
    try:
        # the commit that retired it, then the file as it was just before
        retired = subprocess.run(["git", "rev-list", "-n", "1", "HEAD", "--", OLD_SOURCE], cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout.strip()
        if not retired:
            return None
        source = subprocess.run(["git", "show", f"{retired}^:{OLD_SOURCE}"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    (folder / "old_participant.py").write_text(source, encoding="utf-8")
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "old", "metadata": {}, "outputs": [],
                     "source": ["from old_participant import ParticipantApp\n", "ParticipantApp.from_request()"]}],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    (folder / OLD_NOTEBOOK).write_text(json.dumps(nb), encoding="utf-8")
    return folder


def _wire(browser, url: str, selector: str, throttle: dict | None = None) -> tuple[int, int, float]:
    """(bytes received, requests, seconds to `selector` visible) for one cold load in a fresh context."""
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = {"bytes": 0, "requests": 0}

    def finished(event):
        received["bytes"] += int(event.get("encodedDataLength") or 0)
        received["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    if throttle:
        cdp.send("Network.emulateNetworkConditions", throttle)
    start = time.perf_counter()
    page.goto(url, timeout=300_000)
    page.wait_for_selector(selector, state="visible", timeout=300_000)
    page.wait_for_load_state("load", timeout=300_000)
    tti = time.perf_counter() - start
    page.wait_for_timeout(1500)  # whatever the page still fetches once interactive counts too
    result = (received["bytes"], received["requests"], tti)
    context.close()
    return result


def bench_wire(browser, server, code: str, old: bool) -> list[dict]:
    new_url, new_sel = server.participant_url(code), "form[data-testid=join]"
    old_url, old_sel = server.url(OLD_NOTEBOOK, session=code), ".aq-join"
    _wire(browser, new_url, new_sel)  # warm the server
    new = [_wire(browser, new_url, new_sel) for _ in range(3)]
    old_runs = [_wire(browser, old_url, old_sel) for _ in range(2)] if old else []
    nb, nr = statistics.median(b for b, _r, _t in new), statistics.median(r for _b, r, _t in new)
    ob = statistics.median(b for b, _r, _t in old_runs) if old_runs else None
    orq = statistics.median(r for _b, r, _t in old_runs) if old_runs else None
    throttled = [_wire(browser, new_url, new_sel, FAST_3G)[2] for _ in range(3)]
    old_throttled = _wire(browser, old_url, old_sel, FAST_3G)[2] if old else None
    tti = statistics.median(throttled)
    return [
        {"metric": "participant page over the wire (gzip, join form)", "value": round(nb / 1024, 1), "unit": "KB",
         "baseline": round(ob / 1024, 1) if ob else None, "baseline_name": "Voila participant page, same server",
         "ratio": round(nb / ob, 4) if ob else None, "target": f"<= {TARGET_KB} KB", "ok": nb / 1024 <= TARGET_KB},
        {"metric": "participant page requests", "value": nr, "unit": "requests", "baseline": orq,
         "baseline_name": "Voila participant page, same server", "ratio": round(nr / orq, 3) if orq else None,
         "target": f"<= {TARGET_REQUESTS}", "ok": nr <= TARGET_REQUESTS},
        {"metric": "participant page time to interactive, Fast 3G", "value": round(tti, 2), "unit": "s",
         "baseline": round(old_throttled, 1) if old_throttled else None,
         "baseline_name": "Voila participant page, Fast 3G", "ratio": round(tti / old_throttled, 3)
         if old_throttled else None, "target": f"<= {TARGET_TTI_S} s", "ok": tti <= TARGET_TTI_S},
    ]


async def _burst(base: str, code: str) -> dict:
    import httpx

    path = f"{base}/p/{code}"
    joins: list[float] = []
    sent: list[float] = []
    errors: list[str] = []
    # one connection pool for all (each phone still has its own cookies): building an SSL context per client would
    # cost the load generator more CPU than the server spends, on the same two cores
    transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=BURST * 2,
                                                             max_keepalive_connections=BURST * 2))

    async def phone(n: int) -> None:
        client = httpx.AsyncClient(timeout=60, transport=transport)
        try:
            start = time.perf_counter()
            page = await client.get(path)
            csrf = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
            joined = await client.post(path + "/join", data={"_csrf": csrf, "nickname": f"persona{n}"})
            if joined.status_code != 303:
                errors.append(f"join {joined.status_code}")
                return
            joins.append(time.perf_counter() - start)
            for key in ("C1", "C2", "C3")[:VOTES_EACH]:
                sent.append(time.perf_counter())
                r = await client.post(path + "/vote", data={"_csrf": csrf, "item": "G01", "vote": f"{key}:yes"},
                                      headers={"Accept": "application/json"})
                if r.status_code != 200:
                    errors.append(f"vote {r.status_code}")
        except Exception as exc:  # noqa: BLE001 - every failure a phone would see counts as an error
            errors.append(type(exc).__name__)

    # the phones arrive over ARRIVAL_SECONDS, as a room scanning the QR code does, each joining and answering at once,
    # all within the 10 s of the target
    async def delayed(n: int) -> None:
        await asyncio.sleep(ARRIVAL_SECONDS * n / BURST)
        await phone(n)

    started = time.perf_counter()
    await asyncio.gather(*(delayed(n) for n in range(BURST)))
    await transport.aclose()
    return {"joins": joins, "sent": sent, "errors": errors, "wall": time.perf_counter() - started}


def bench_burst(server, project, created) -> list[dict]:
    import psutil

    from atlas_qual.store import workshop as W

    W.open_round(project, created.code, created.key, 1)
    proc = psutil.Process(server.proc.pid)
    rss = lambda: sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20  # noqa: E731
    before = rss()
    counts: list[tuple[float, int]] = []
    stop = threading.Event()

    def facilitator() -> None:  # what the facilitator page reads, as often as it can
        while not stop.is_set():
            state = W.session_state(project, created.code)
            counts.append((time.perf_counter(), state.rounds[0].votes))
            time.sleep(0.02)

    watcher = threading.Thread(target=facilitator, daemon=True)
    watcher.start()
    out = asyncio.run(_burst(server.base, created.code))
    deadline = time.time() + 30
    while time.time() < deadline and (not counts or counts[-1][1] < len(out["sent"])):
        time.sleep(0.1)
    stop.set()
    watcher.join()
    after = rss()
    # the i-th vote sent is counted once the facilitator's count reaches i (votes are interchangeable)
    lags = []
    for i, t_sent in enumerate(sorted(out["sent"]), start=1):
        seen = next((t for t, n in counts if n >= i), None)
        if seen is not None:
            lags.append(max(0.0, seen - t_sent))
    state = W.session_state(project, created.code)
    join_p95, lag_p95 = _p95(out["joins"]), _p95(lags) if lags else float("inf")
    return [
        {"metric": f"join burst: {BURST} phones in {ARRIVAL_SECONDS:g} s, p95 join (page + post)",
         "value": round(join_p95, 3),
         "unit": "s", "baseline": round(statistics.median(out["joins"]), 3), "baseline_name": "median join",
         "ratio": round(join_p95 / statistics.median(out["joins"]), 2), "target": f"<= {TARGET_JOIN_P95_S} s",
         "ok": join_p95 <= TARGET_JOIN_P95_S},
        {"metric": f"p95 vote to facilitator count ({len(lags)} votes)", "value": round(lag_p95, 3), "unit": "s",
         "baseline": round(statistics.median(lags), 3) if lags else None, "baseline_name": "median",
         "ratio": round(lag_p95 / statistics.median(lags), 2) if lags and statistics.median(lags) else None,
         "target": f"<= {TARGET_COUNT_P95_S} s", "ok": lag_p95 <= TARGET_COUNT_P95_S},
        {"metric": "burst errors (participants, votes stored)", "value": len(out["errors"]), "unit": "errors",
         "baseline": f"{state.participants}, {state.rounds[0].votes}", "baseline_name": "stored",
         "ratio": None, "target": "0", "ok": not out["errors"] and state.rounds[0].votes == BURST * VOTES_EACH},
        {"metric": "server memory growth over the burst", "value": round(after - before, 1), "unit": "MB",
         "baseline": round(before, 1), "baseline_name": "server RSS before", "ratio": round(after / before, 3),
         "target": f"<= {TARGET_MEMORY_MB} MB", "ok": after - before <= TARGET_MEMORY_MB},
    ]


async def _pages_at_once(url: str, selector: str) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        contexts = [await browser.new_context(viewport={"width": 375, "height": 667}) for _ in range(PAGES_AT_ONCE)]
        pages = [await c.new_page() for c in contexts]

        async def open_one(page) -> float:
            start = time.perf_counter()
            await page.goto(url, timeout=120_000)
            await page.wait_for_selector(selector, state="attached", timeout=120_000)
            return time.perf_counter() - start

        times = await asyncio.gather(*(open_one(p) for p in pages))
        await browser.close()
        return list(times)


def bench_pages_at_once(server, code: str) -> list[dict]:
    # the baseline: the same 40 tabs opening the page's stylesheet, a static file: what Chromium itself costs here
    from atlas_qual.web.base import asset_url

    static = asyncio.run(_pages_at_once(server.base + asset_url("participant.css"), "body"))
    times = asyncio.run(_pages_at_once(server.participant_url(code), "form[data-testid=join]"))
    ours, base = _p95(times), _p95(static)
    return [{"metric": f"{PAGES_AT_ONCE} Chromium pages opening at once: p95 to join form", "value": round(ours, 2),
             "unit": "s", "baseline": round(base, 2), "baseline_name": f"{PAGES_AT_ONCE} tabs opening a static file",
             "ratio": round(ours / base, 2), "target": "all interactive", "ok": len(times) == PAGES_AT_ONCE}]


def run() -> list[dict]:
    from atlas_qual.server import VoilaProcess

    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="aq-bench-part-") as tmp:
        tmp = Path(tmp)
        path, (project, created) = _project(tmp)
        pages = tmp / "pages"
        pages.mkdir()
        old = _old_page(pages) is not None
        # the old page's kernel imports its module from the folder it is served from
        server = VoilaProcess(path, pool_size=0, notebooks=pages if old else None, log_dir=tmp,
                              env={"PYTHONPATH": str(pages)})
        try:
            with chromium() as browser:
                rows += bench_wire(browser, server, created.code, old)
            rows += bench_pages_at_once(server, created.code)
            rows += bench_burst(server, project, created)
        finally:
            server.stop()
            project.dispose()
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
