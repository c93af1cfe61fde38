"""What every Voila page needs: the request's query parameters, the project, the page language and its CSS."""

from __future__ import annotations

import os
from functools import lru_cache
from urllib.parse import parse_qs


def request_params() -> dict[str, str]:
    """The page's query parameters (``?session=ABC&lang=en``), waiting for the request first in a preheated kernel.

    With preheated kernels the notebook runs before any request exists. This does what voila's
    ``wait_for_request`` does, but speaks Voila's ``/voila/query/<kernel>`` websocket with tornado (already loaded
    by the kernel) instead of importing ``voila.utils``, which pulls in jupyter_server, jupyterlab_server and
    nbconvert: about 68 MB in every kernel, for one message.
    """
    if os.getenv("VOILA_PREHEAT", "False") != "False":
        _wait_for_request()
    query = os.environ.get("QUERY_STRING", "")
    return {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}


def _wait_for_request() -> None:
    import asyncio
    import json
    import os
    import threading

    from tornado.websocket import websocket_connect

    protocol = os.getenv("VOILA_WS_PROTOCOL", "ws")
    host = os.getenv("VOILA_APP_IP", "127.0.0.1")
    port = os.getenv("VOILA_APP_PORT", "8866")
    base = os.getenv("VOILA_WS_BASE_URL", os.getenv("VOILA_SERVER_URL", "/"))
    url = f"{protocol}://{host}:{port}{base}voila/query/{os.getenv('VOILA_KERNEL_ID')}"
    info: dict[str, str] = {}

    def fetch() -> None:
        async def receive() -> str | None:
            conn = await websocket_connect(url, connect_timeout=5)
            try:
                return await conn.read_message()  # sent by the server when a browser asks for this page
            finally:
                conn.close()

        # the kernel's own event loop is busy running this cell: talk to the server from a thread of our own
        loop = asyncio.new_event_loop()
        try:
            message = loop.run_until_complete(receive())
        except (OSError, asyncio.TimeoutError):
            return
        finally:
            loop.close()
        if message:
            info.update(json.loads(message))

    thread = threading.Thread(target=fetch, daemon=True)
    thread.start()
    thread.join()
    for key, value in info.items():
        os.environ[key] = str(value)


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
