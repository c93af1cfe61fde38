"""Shared by the page benchmarks: a demo project, a Voila server with the baseline one-button notebook beside the
apps, and time-to-interactive measured in headless Chromium."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
BASELINE = "baseline.ipynb"  # a one-button Voila notebook: what "an empty Voila page" costs on the same server
BASELINE_SELECTOR = "button:has-text('Click me')"


def build_demo(workdir: Path) -> Path:
    path = workdir / "bench.db"
    exe = Path(sys.executable).with_name("atlas-qual")
    subprocess.run([str(exe), "demo", "--project", str(path), "--json"], check=True, capture_output=True)
    return path


@contextmanager
def served_demo(pool_size: int = 2, project: Path | None = None):
    """(server, project): a Voila server over the demo project, serving the apps plus the baseline notebook."""
    from atlas_qual.server import VoilaProcess, notebooks_dir

    with tempfile.TemporaryDirectory(prefix="aq-bench-") as tmp:
        tmp = Path(tmp)
        nbs = tmp / "notebooks"
        shutil.copytree(notebooks_dir(), nbs)
        shutil.copy(HERE / "notebooks" / BASELINE, nbs / BASELINE)
        project = project or build_demo(tmp)
        server = VoilaProcess(project, pool_size=pool_size, notebooks=nbs, log_dir=tmp)
        try:
            yield server, project
        finally:
            server.stop()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def time_to_interactive(browser, url: str, selector: str, *, repeats: int = 5, settle: float = 1.5,
                        viewport=(1280, 900)) -> list[float]:
    """Seconds from navigation to `selector` visible (the page's main control rendered), fresh context each time.
    Waits `settle` seconds between loads so preheated pools refill as they would between real participants."""
    times = []
    for _ in range(repeats):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(selector, state="visible", timeout=120_000)
        times.append(time.perf_counter() - start)
        context.close()
        time.sleep(settle)
    return times


def compare_pages(browser, server, pages: dict[str, tuple[str, str]], *, repeats: int = 5) -> list[dict]:
    """Median time to interactive of each page against the baseline notebook, interleaved in one run."""
    base_url = server.url(BASELINE)
    time_to_interactive(browser, base_url, BASELINE_SELECTOR, repeats=1)  # warm the server's template caches
    base = statistics.median(time_to_interactive(browser, base_url, BASELINE_SELECTOR, repeats=repeats))
    rows = []
    for name, (url, selector) in pages.items():
        time_to_interactive(browser, url, selector, repeats=1)
        ours = statistics.median(time_to_interactive(browser, url, selector, repeats=repeats))
        rows.append({"metric": f"{name} time to interactive", "value": round(ours, 3), "unit": "s",
                     "baseline": round(base, 3), "baseline_name": "one-button Voila page, same server",
                     "ratio": round(ours / base, 2), "target": "<= 1.5", "ok": ours / base <= 1.5})
    return rows
