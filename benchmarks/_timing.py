"""Best-of-N wall time, the one timing rule the benchmarks share."""

from __future__ import annotations

import time


def best_of(func, repeat: int = 5) -> tuple[float, object]:
    """(fastest seconds of ``repeat`` calls, the last call's value): the least disturbed run on a shared machine."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = func()
        best = min(best, time.perf_counter() - start)
    return best, value
