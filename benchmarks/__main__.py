"""Run the benchmarks and print figure, baseline and ratio for each (python -m benchmarks [NAME...])."""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover(names: list[str]) -> list[str]:
    found = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if not names:
        return found
    chosen = [n if n.startswith("bench_") else f"bench_{n}" for n in names]
    unknown = [n for n in chosen if n not in found]
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(found)}")
    return chosen


def fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def main(argv: list[str]) -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    json_out = "--json" in argv
    names = [a for a in argv if not a.startswith("--")]
    rows, failed = [], []
    for name in discover(names):
        print(f"== {name}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            for row in module.run():
                row.setdefault("benchmark", name.removeprefix("bench_"))
                rows.append(row)
                print("   " + "  ".join(f"{k}={fmt(v)}" for k, v in row.items() if k != "benchmark"),
                      file=sys.stderr, flush=True)
        except Exception:
            failed.append(name)
            traceback.print_exc()
        print(f"   ({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)
    if json_out:
        print(json.dumps(rows, indent=2, default=str))
    else:
        header = ("benchmark", "metric", "value", "unit", "baseline", "baseline_name", "ratio", "target", "ok")
        table = [header] + [tuple(fmt(r.get(k)) for k in header) for r in rows]
        widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
        for row in table:
            print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
