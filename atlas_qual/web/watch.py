"""Round changes for the open participant pages of this process: one poller per watched session reads the store's
session version twice a second and, when it moved, the session's phase (``participant_phase``); pages waiting on
that session are woken when the phase changes.

Two hundred phones therefore cost one tiny query per half second, not two hundred. This is a cache of the database
and nothing more: every process polls the same store, so a facilitator acting through another server process (or the
CLI) reaches the phones of this one just as fast, and a restart loses nothing.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable

POLL_SECONDS = 0.5
IDLE_SECONDS = 30.0  # a poller with no page waiting stops after this long


class _Watch:
    def __init__(self) -> None:
        self.version: int | None = None
        self.phase: str | None = None
        self.changed = asyncio.Event()
        self.waiting = 0
        self.task: asyncio.Task | None = None


class PhaseWatcher:
    """``await watcher.wait(code, phase, timeout)``: the session's phase once it differs from ``phase`` (or the
    current phase after ``timeout`` seconds)."""

    def __init__(self, read_version: Callable[[str], Any], read_phase: Callable[[str], Any]) -> None:
        # both are coroutines' factories: (code) -> awaitable value, run off the event loop by the caller
        self._read_version = read_version
        self._read_phase = read_phase
        self._watches: dict[str, _Watch] = {}

    async def current(self, code: str) -> str | None:
        w = self._watches.get(code)
        if w is not None and w.phase is not None:
            return w.phase
        return await self._read_phase(code)

    async def wait(self, code: str, phase: str, timeout: float) -> str | None:
        w = self._watches.get(code)
        if w is None:
            w = self._watches[code] = _Watch()
            w.phase = await self._read_phase(code)
        if w.task is None or w.task.done():
            w.task = asyncio.ensure_future(self._poll(code, w))
        w.waiting += 1
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while w.phase == phase:
                left = deadline - loop.time()
                if left <= 0:
                    break
                event = w.changed
                try:
                    await asyncio.wait_for(event.wait(), left)
                except asyncio.TimeoutError:
                    break
            return w.phase
        finally:
            w.waiting -= 1

    async def _poll(self, code: str, w: _Watch) -> None:
        loop = asyncio.get_running_loop()
        idle_since = loop.time()
        while True:
            await asyncio.sleep(POLL_SECONDS)
            if w.waiting == 0:
                if loop.time() - idle_since > IDLE_SECONDS:
                    self._watches.pop(code, None)
                    return
            else:
                idle_since = loop.time()
            try:
                version = await self._read_version(code)
                if version == w.version:
                    continue
                w.version = version
                phase = await self._read_phase(code)
            except Exception:  # noqa: BLE001 - a database hiccup: try again at the next tick, pages keep waiting
                continue
            if phase != w.phase:
                w.phase = phase
                # wake everyone waiting on the old phase; later waiters wait on a fresh event
                old, w.changed = w.changed, asyncio.Event()
                old.set()


__all__ = ["PhaseWatcher", "POLL_SECONDS"]
