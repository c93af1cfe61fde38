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


def best_of_interleaved(funcs: dict[str, object], repeat: int = 7) -> dict[str, tuple[float, object]]:
    """Best-of-N of several functions taken in turns (a, b, c, a, b, c, ...): a slow minute of a shared machine
    then falls on every contender alike, so the ratio between them holds."""
    best = {name: (float("inf"), None) for name in funcs}
    for _ in range(repeat):
        for name, func in funcs.items():
            start = time.perf_counter()
            value = func()
            best[name] = (min(best[name][0], time.perf_counter() - start), value)
    return best
