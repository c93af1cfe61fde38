"""Krippendorff's alpha for 10,000 segments x 3 coders x 20 codes: atlas-qual vs the `krippendorff` package.

Same data for both, values asserted equal (1e-9), best of 5 runs with ``time.perf_counter``; the target is a
ratio ours/theirs <= 1. Run: ``python benchmarks/bench_agreement.py``.
"""

from __future__ import annotations

from benchmarks._timing import best_of


import numpy as np

SEGMENTS, CODERS, CODES, REPEAT = 10_000, 3, 20, 5


def make_data(seed: int = 2025) -> np.ndarray:
    """Presence of each code per coder and segment (coders x segments x codes), NaN where a coder is missing.

    Realistic shape: a code is in about 12 % of segments, each coder flips about 4 % of the calls, and each
    coder skipped some whole transcripts (blocks of 40 segments).
    """
    rng = np.random.default_rng(seed)
    truth = rng.random((SEGMENTS, CODES)) < 0.12
    data = np.empty((CODERS, SEGMENTS, CODES))
    for k in range(CODERS):
        data[k] = truth ^ (rng.random((SEGMENTS, CODES)) < 0.04)
        skipped = np.repeat(rng.random(SEGMENTS // 40) < 0.15, 40)
        data[k, skipped, :] = np.nan
    return data


def _best(func, repeat: int = REPEAT) -> tuple[float, object]:
    return best_of(func, repeat)


def run() -> list[dict]:
    """Time both implementations per code and pooled; one row per measurement."""
    import krippendorff

    from atlas_qual.agreement import krippendorff_alpha_nominal

    data = make_data()
    per_code = [np.ascontiguousarray(data[:, :, c]) for c in range(CODES)]
    pooled = np.ascontiguousarray(data.transpose(0, 2, 1).reshape(CODERS, -1))

    def theirs(matrix: np.ndarray) -> float:
        return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))

    rows = []
    for case, matrices in ((f"per code ({CODES} codes)", per_code), ("pooled (unit, code) pairs", [pooled])):
        ours_s, ours_v = _best(lambda: [krippendorff_alpha_nominal(m) for m in matrices])
        theirs_s, theirs_v = _best(lambda: [theirs(m) for m in matrices])
        for a, b in zip(ours_v, theirs_v):
            assert abs(a - b) <= 1e-9, f"{case}: alpha differs: ours {a!r}, krippendorff {b!r}"
        rows.append({
            "case": case,
            "segments": SEGMENTS,
            "coders": CODERS,
            "codes": CODES,
            "alpha": ours_v[0] if len(ours_v) == 1 else None,
            "alpha_range": (min(ours_v), max(ours_v)),
            "ours_s": ours_s,
            "theirs_s": theirs_s,
            "ratio": ours_s / theirs_s,
            # the runner's common columns
            "metric": f"Krippendorff's alpha, {case}, {SEGMENTS} segments x {CODERS} coders x {CODES} codes",
            "value": round(ours_s, 5), "unit": "s", "baseline": round(theirs_s, 5),
            "baseline_name": "krippendorff package, same data (values equal to 1e-9)",
            "target": "<= 1", "ok": ours_s <= theirs_s,
        })
    return rows


def time_report() -> tuple[float, int]:
    """Seconds for the whole :func:`agreement` report (all figures and the disagreement list) on the same data."""
    from atlas_qual.agreement import agreement

    data = make_data()
    codes = [f"code{c:02d}" for c in range(CODES)]
    coders = [f"coder{k}" for k in range(CODERS)]
    codings = [(int(u), coders[k], codes[c]) for k, u, c in zip(*np.nonzero(data == 1))]
    coverage = {coders[k]: np.nonzero(~np.isnan(data[k, :, 0]))[0].tolist() for k in range(CODERS)}
    seconds, report = _best(lambda: agreement(codings, coverage))
    return seconds, len(report.disagreements)


def main() -> int:
    rows = run()
    print(f"Krippendorff's alpha (nominal), {SEGMENTS:,} segments x {CODERS} coders x {CODES} codes, best of {REPEAT}")
    print(f"{'case':30s} {'alpha':>17s} {'ours (ms)':>10s} {'krippendorff (ms)':>18s} {'ours/theirs':>12s}")
    worst = 0.0
    for row in rows:
        low, high = row["alpha_range"]
        alpha = f"{low:.4f}" if row["alpha"] is not None else f"{low:.3f}..{high:.3f}"
        print(f"{row['case']:30s} {alpha:>17s} {row['ours_s'] * 1e3:10.2f} {row['theirs_s'] * 1e3:18.2f} "
              f"{row['ratio']:12.2f}")
        worst = max(worst, row["ratio"])
    seconds, disagreements = time_report()
    print(f"whole agreement() report from {SEGMENTS:,} x {CODERS} x {CODES} codings: {seconds * 1e3:.1f} ms "
          f"({disagreements:,} disagreements listed)")
    print("values equal to 1e-9: yes;", "target ratio <= 1: met" if worst <= 1 else "target ratio <= 1: NOT met")
    return 0 if worst <= 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
