"""Screenshots of the apps for the README: serves the demo project and captures each page in headless Chromium.

Usage: .venv/bin/python docs/make_screenshots.py  (writes docs/*.png)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks._pages import build_demo, chromium  # noqa: E402

def main() -> None:
    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project
    from atlas_qual.store.workshop import open_round

    with tempfile.TemporaryDirectory() as tmp:
        project_path = build_demo(Path(tmp))
        project = open_project(project_path)
        finished, key = project.meta("demo_session"), project.meta("demo_facilitator_key")
        live, live_key = project.meta("demo_open_session"), project.meta("demo_open_facilitator_key")
        open_round(project, live, live_key, 1)  # so the phone shows the gate questions
        project.dispose()
        server = VoilaProcess(project_path, log_dir=Path(tmp))

        def shot(browser, name, url, selector, size=(1280, 900), mobile=False, before=None):
            context = browser.new_context(viewport={"width": size[0], "height": size[1]}, is_mobile=mobile,
                                          has_touch=mobile)
            page = context.new_page()
            page.set_default_timeout(180_000)
            page.goto(url)
            if before:
                before(page)
            page.wait_for_selector(selector, state="visible")
            page.wait_for_timeout(800)
            page.screenshot(path=str(HERE / name))
            context.close()
            print("wrote", HERE / name)

        def unlock_and_show_results(page):
            page.wait_for_selector(".aq-key-input input")
            page.fill(".aq-key-input input", key)
            page.click(".aq-unlock")
            page.click(".aq-nav button:text-is('Resultados')")

        def join(page):
            page.wait_for_selector(".aq-join")
            page.fill("input[placeholder='Apodo']", "fiscal_central")
            page.click(".aq-join")

        try:
            with chromium() as browser:
                shot(browser, "landing.png", server.url("index.ipynb"), ".aq-stats", (1200, 900))
                shot(browser, "facilitator.png", server.url("facilitator.ipynb", session=finished),
                     "[data-testid=ranking] svg", (1280, 1000), before=unlock_and_show_results)
                shot(browser, "participant.png", server.url("participant.ipynb", session=live),
                     "[data-testid=item]", (375, 800), mobile=True, before=join)
                shot(browser, "coding.png", server.url("coding.ipynb", coder="ana.gimenez", transcript=1),
                     ".aq-seg", (1280, 900))
                shot(browser, "themes.png", server.url("themes.ipynb"), '[data-testid="theme-card"]', (1280, 1000))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
