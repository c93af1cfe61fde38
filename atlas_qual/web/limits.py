"""A limit on guessing join codes: a client address that asked for too many codes no workshop has is answered 429
for a while, whatever code it asks for next (a right one included, or the answer would still tell codes apart).

A join code is 6 characters of 32 (about 10^9 codes): a script asking thousands of codes a second would find an open
workshop in hours and could join it and vote. With this limit one address gets ``MISSES`` wrong codes per
``WINDOW_SECONDS`` (300 per 10 minutes: finding one code of 10^9 would take decades); a person who mistypes a code a
few times never meets it, nor does a room of phones sharing one address (a hotspot, a tunnel). The count lives in the memory of the
server process (a second process counts on its own): it is a brake on a script, not a record of anyone.
``$ATLAS_QUAL_JOIN_MISSES`` changes the number, e.g. behind a reverse proxy where every phone arrives from the
proxy's address.
"""

from __future__ import annotations

import os
import time
from collections import OrderedDict, deque

MISSES = 300  # a room on one shared address (a hotspot, a tunnel) mistypes far fewer; a script: 10^9 / 300
WINDOW_SECONDS = 600.0
MAX_ADDRESSES = 10_000  # the oldest addresses are forgotten first: memory stays bounded under a flood


class CodeGuessLimit:
    """Wrong join codes per client address over a sliding window.

    Examples:
        >>> limit = CodeGuessLimit(misses=2, window=60)
        >>> limit.miss("10.0.0.7", now=0); limit.blocked("10.0.0.7", now=1)
        False
        >>> limit.miss("10.0.0.7", now=2); limit.blocked("10.0.0.7", now=3), limit.blocked("10.0.0.8", now=3)
        (True, False)
        >>> limit.blocked("10.0.0.7", now=63)
        False
    """

    def __init__(self, misses: int | None = None, window: float = WINDOW_SECONDS) -> None:
        if misses is None:
            try:
                misses = int(os.environ.get("ATLAS_QUAL_JOIN_MISSES", "") or MISSES)
            except ValueError:
                misses = MISSES
        self.misses = max(1, misses)
        self.window = window
        self._seen: OrderedDict[str, deque] = OrderedDict()

    def _recent(self, address: str, now: float) -> deque | None:
        times = self._seen.get(address)
        if times is None:
            return None
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._seen[address]
            return None
        return times

    def blocked(self, address: str, *, now: float | None = None) -> bool:
        times = self._recent(address, time.monotonic() if now is None else now)
        return times is not None and len(times) >= self.misses

    def miss(self, address: str, *, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        times = self._recent(address, now)
        if times is None:
            times = self._seen[address] = deque(maxlen=self.misses)
            while len(self._seen) > MAX_ADDRESSES:
                self._seen.popitem(last=False)
        times.append(now)


_LIMIT: list[CodeGuessLimit] = []


def join_code_limit() -> CodeGuessLimit:
    """The process's limit (created on first use, so ``$ATLAS_QUAL_JOIN_MISSES`` is read when serving starts)."""
    if not _LIMIT:
        _LIMIT.append(CodeGuessLimit())
    return _LIMIT[0]


__all__ = ["CodeGuessLimit", "join_code_limit", "MISSES", "WINDOW_SECONDS"]
