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

# (file, page, query, wait-for selector, viewport, actions)
SHOTS = [
    ("landing.png", "index.ipynb", {}, ".aq-stats", (1200, 900)),
]


def main() -> None:
    from atlas_qual.server import VoilaProcess

    with tempfile.TemporaryDirectory() as tmp:
        project = build_demo(Path(tmp))
        server = VoilaProcess(project, log_dir=Path(tmp))
        try:
            with chromium() as browser:
                for name, notebook, params, selector, (w, h) in SHOTS:
                    context = browser.new_context(viewport={"width": w, "height": h})
                    page = context.new_page()
                    page.goto(server.url(notebook, **params))
                    page.wait_for_selector(selector, timeout=120_000)
                    page.wait_for_timeout(500)
                    page.screenshot(path=str(HERE / name), full_page=False)
                    context.close()
                    print("wrote", HERE / name)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
