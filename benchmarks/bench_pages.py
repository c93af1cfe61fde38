"""Landing page time to interactive vs a one-button Voila page on the same server."""

from __future__ import annotations

from benchmarks._pages import chromium, compare_pages, served_demo


def run() -> list[dict]:
    with served_demo() as (server, _project), chromium() as browser:
        return compare_pages(browser, server, {"landing page": (server.url("index.ipynb"), ".aq-stats")})


if __name__ == "__main__":
    for row in run():
        print(row)
