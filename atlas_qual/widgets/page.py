"""What every Voila page needs: the request's query parameters, the project, the page language and its CSS."""

from __future__ import annotations

import os
from functools import lru_cache
from urllib.parse import parse_qs


def request_params() -> dict[str, str]:
    """Query-string parameters of the page's request (``?session=ABC&lang=en``).

    With preheated kernels the notebook runs before any request exists, so wait for it first (voila's
    ``wait_for_request``; a no-op without preheat or outside Voila)."""
    try:
        from voila.utils import wait_for_request
    except ImportError:  # pragma: no cover - voila is a dependency, but keep plain Jupyter working
        wait_for_request = None
    if wait_for_request is not None:
        wait_for_request()
    qs = os.environ.get("QUERY_STRING", "")
    return {k: v[-1] for k, v in parse_qs(qs, keep_blank_values=True).items()}


def page_lang(params: dict[str, str]) -> str:
    from atlas_qual.i18n import get_lang

    lang = (params.get("lang") or "").lower()[:2]
    return lang if lang in ("es", "en") else get_lang()


@lru_cache(maxsize=4)
def project(path: str | None = None):
    """The project this server serves (ATLAS_QUAL_PROJECT), opened once per kernel."""
    from atlas_qual.store import open_project

    return open_project(path)


def style_html() -> str:
    from atlas_qual.html import BASE_CSS

    return f"<style>{BASE_CSS}</style>"
