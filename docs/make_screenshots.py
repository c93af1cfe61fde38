"""Screenshots of the apps for the README tour: serves the demo project and captures each page in headless Chromium.

Usage: .venv/bin/python docs/make_screenshots.py [NAME...]   (writes docs/NAME.png; all of them without names)

Every Voila page at 1366x768 (the ministries' laptops), the participant page at 375x812 (a phone).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks._pages import build_demo, chromium  # noqa: E402

LAPTOP = (1366, 768)
PHONE = (375, 812)
# the page has finished drawing when its element count stays the same for three looks 250 ms apart
SETTLED_JS = """
() => new Promise(resolve => {
  let last = -1, same = 0;
  const look = () => {
    const n = document.querySelectorAll('*').length;
    same = n === last ? same + 1 : 0;
    last = n;
    if (same >= 3) resolve(n); else setTimeout(look, 250);
  };
  look();
})
"""


def main(names: list[str]) -> None:
    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project
    from atlas_qual.store.workshop import open_round

    with tempfile.TemporaryDirectory() as tmp:
        project_path = build_demo(Path(tmp))
        project = open_project(project_path)
        live, live_key = project.meta("demo_open_session"), project.meta("demo_open_facilitator_key")
        open_round(project, live, live_key, 1)  # so the projector counts ballots and the phone shows the gates
        project.dispose()
        server = VoilaProcess(project_path, log_dir=Path(tmp))

        def unlock(page):
            page.wait_for_selector(".aq-key-input input")
            page.fill(".aq-key-input input", live_key)
            page.click(".aq-unlock")

        def join(page):
            page.fill("#nickname", "fiscal_central")
            page.click("[data-testid=join] button[type=submit]")

        def search(page):
            page.wait_for_selector(".aq-retrieval input")
            page.fill(".aq-retrieval input", "inspector*")
            page.click(".aq-retrieval button:has-text('Buscar')")

        shots = {
            "landing": (server.url("index.ipynb"), ".aq-stats", LAPTOP, None),
            "coding": (server.url("coding.ipynb", coder="ana.gimenez", transcript=1), ".aq-seg", LAPTOP, None),
            "themes": (server.url("themes.ipynb"), '[data-testid="theme-card"]', LAPTOP, None),
            "facilitator": (server.url("facilitator.ipynb", session=live), ".aq-proj", LAPTOP, unlock),
            "participant": (server.participant_url(live), "[data-testid=item]", PHONE, join),
            "reports": (server.url("reports.ipynb"), '[data-testid="report-preview"]', LAPTOP, None),
            "retrieval": (server.url("retrieval.ipynb"), ".aq-retrieval", LAPTOP, search),
        }
        try:
            with chromium() as browser:
                for name, (url, selector, size, before) in shots.items():
                    if names and name not in names:
                        continue
                    phone = size == PHONE
                    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, is_mobile=phone,
                                                  has_touch=phone)
                    page = context.new_page()
                    page.set_default_timeout(180_000)
                    page.goto(url)
                    if before:
                        page.wait_for_load_state()
                        before(page)
                    page.wait_for_selector(selector, state="visible")
                    page.evaluate(SETTLED_JS)
                    page.screenshot(path=str(HERE / f"{name}.png"))
                    context.close()
                    print("wrote", HERE / f"{name}.png")
        finally:
            server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
