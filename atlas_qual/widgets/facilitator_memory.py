"""The facilitator's open session kept in the browser tab, so that a reload in the middle of a workshop (a touched
F5, a laptop woken from sleep, a browser that reloaded the page itself) reopens the session without typing its
32-character key again in front of the room.

The code and key live in the tab's ``sessionStorage`` only: kept across reloads of that tab, gone when the tab is
closed, never sent to another tab, another site or the server's logs, never drawn on the page. The page still checks
the key when the tab gives it back (a key changed since, or a session deleted, opens nothing and is forgotten).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import anywidget

_HERE = Path(__file__).resolve().parent


class TabMemory(anywidget.AnyWidget):
    """An invisible widget: ``save(code, key)``, ``forget()``; ``on_restore(fn)`` is called with ``(code, key)``
    when the page loads in a tab that had a session open."""

    _esm = _HERE / "facilitator_memory.js"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._restore: Callable[[str, str], None] | None = None
        self.on_msg(self._on_msg)

    def on_restore(self, fn: Callable[[str, str], None]) -> None:
        self._restore = fn

    def save(self, code: str, key: str) -> None:
        self.send({"save": {"code": code, "key": key}})

    def forget(self) -> None:
        self.send({"forget": True})

    def _on_msg(self, _widget, content, _buffers) -> None:
        kept = content.get("restore") if isinstance(content, dict) else None
        if isinstance(kept, dict) and self._restore is not None:
            code, key = kept.get("code"), kept.get("key")
            if isinstance(code, str) and isinstance(key, str) and code and key:
                self._restore(code, key)


__all__ = ["TabMemory"]
