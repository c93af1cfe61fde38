"""Write the votes of the demo gap-prioritization workshop: data/demo/ballots_gate.csv, ballots_score.csv and participants.csv.

Usage (from anywhere):  python data/demo/make_ballots.py

Plain Python (standard library only) and seeded, so the committed CSVs are exactly what this script writes.

The workshop: 17 participants screen the 22 PSA gaps of gaps.csv against the gate criteria (C1 relevant to
coordination, C2 addressable through a USDOL 2018 suggested action, C3 feasible during the project; rule
`(C1 or C2) and C3`), then score every gap that qualifies by majority per criterion (premise-based) on `impact`,
`feasibility` and `urgency` (1-5). The data is built to show what the facilitator must be able to see:

* opinions differ: no gap gets the same conclusion from everybody;
* G12 is a discursive dilemma: a majority says yes to C1 and a majority says yes to C3, so the premise-based
  procedure qualifies it, but most participants' own conclusion `(C1 or C2) and C3` is no (conclusion-based: no);
  it is the only gap where the two procedures differ;
* the gaps ranked 5th and 6th by weighted score (0.4 impact + 0.3 feasibility + 0.3 urgency) are a near-tie
  (0.005 to 0.02 apart), right at the edge of a five-gap shortlist; no two gaps tie exactly.

The script checks these properties and fails loudly if a change breaks them.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20250612

PARTICIPANTS = [
    ("inspectora_ap", "MTESS"),
    ("inspector_boq", "MTESS"),
    ("fiscal_central", "MP"),
    ("fiscal_sp", "MP"),
    ("juez_neem", "PJ"),
    ("defensora_sp", "MDP"),
    ("policia_neem", "PN"),
    ("policia_central", "PN"),
    ("minna_147", "MINNA"),
    ("minna_ap", "MINNA"),
    ("minmujer_137", "MINMUJER"),
    ("codeni_sp", "CODENI"),
    ("codeni_boq", "CODENI"),
    ("conaeti_sec", "CONAETI"),
    ("contrafor_sec", "CONTRAFOR"),
    ("mesa_trata", "MESA-TRATA"),
    ("consejo_ap", "CONSEJO-DEP"),
]

# Probability that a typical participant answers yes to C1, C2, C3 for each gap. Gaps that need laws, new posts
# or budgets (more inspectors, sanctioning powers, shelters) are seen as out of reach of the project (C3 low).
GATE_PROFILE = {
    "G01": (0.85, 0.20, 0.75),
    "G02": (0.95, 0.35, 0.85),
    "G03": (0.92, 0.40, 0.85),
    "G04": (0.90, 0.45, 0.80),
    "G05": (0.70, 0.20, 0.90),
    "G06": (0.80, 0.60, 0.70),
    "G07": (0.50, 0.95, 0.12),
    "G08": (0.30, 0.90, 0.10),
    "G09": (0.80, 0.95, 0.70),
    "G10": (0.88, 0.90, 0.75),
    "G11": (0.30, 0.90, 0.35),
    "G13": (0.60, 0.90, 0.30),
    "G14": (0.70, 0.50, 0.75),
    "G15": (0.50, 0.85, 0.20),
    "G16": (0.55, 0.35, 0.35),
    "G17": (0.40, 0.95, 0.15),
    "G18": (0.72, 0.20, 0.80),
    "G19": (0.78, 0.30, 0.75),
    "G20": (0.82, 0.30, 0.72),
    "G21": (0.35, 0.95, 0.15),
    "G22": (0.70, 0.10, 0.25),
}
DILEMMA_GAP = "G12"
QUALIFYING = {"G01", "G02", "G03", "G04", "G05", "G06", "G09", "G10", "G12", "G14", "G18", "G19", "G20"}

# Expected (impact, feasibility, urgency) per qualifying gap.
SCORE_PROFILE = {
    "G01": (3.9, 3.2, 3.3),
    "G02": (4.6, 3.9, 4.4),
    "G03": (4.5, 4.1, 4.2),
    "G04": (4.3, 3.8, 3.6),
    "G05": (3.7, 4.4, 3.8),
    "G06": (4.0, 3.0, 3.9),
    "G09": (4.1, 2.7, 4.3),
    "G10": (4.4, 3.4, 4.2),
    "G12": (3.6, 2.9, 3.2),
    "G14": (3.4, 3.5, 3.6),
    "G18": (3.2, 3.8, 3.7),
    "G19": (3.5, 3.6, 3.4),
    "G20": (3.9, 3.3, 3.5),
}
WEIGHTS = {"impact": 0.4, "feasibility": 0.3, "urgency": 0.3}
NEAR_TIE = (0.005, 0.02)

Gate = dict[str, dict[str, dict[str, bool]]]  # gap -> participant -> C1/C2/C3 -> yes
Scores = dict[str, dict[str, dict[str, int]]]  # gap -> participant -> criterion -> 1..5


def gate_outcome(answers: dict[str, dict[str, bool]]) -> tuple[bool, bool, int]:
    """(premise-based, conclusion-based, number of participants whose own conclusion is yes) for one gap."""
    n = len(answers)
    majority = {k: 2 * sum(a[k] for a in answers.values()) > n for k in ("C1", "C2", "C3")}
    premise = (majority["C1"] or majority["C2"]) and majority["C3"]
    own = sum(1 for a in answers.values() if (a["C1"] or a["C2"]) and a["C3"])
    return premise, 2 * own > n, own


def draw_gate(rng: random.Random, lean: dict[str, float]) -> Gate:
    gate: Gate = {}
    for gap, probs in GATE_PROFILE.items():
        want = gap in QUALIFYING
        # Redraw until the gap comes out as planned, with premise and conclusion agreeing and no unanimity.
        while True:
            answers = {
                p: {k: rng.random() < min(0.98, max(0.02, prob + lean[p])) for k, prob in zip(("C1", "C2", "C3"), probs)}
                for p, _ in PARTICIPANTS
            }
            premise, conclusion, own = gate_outcome(answers)
            if premise == conclusion == want and 0 < own < len(PARTICIPANTS):
                gate[gap] = answers
                break
    gate[DILEMMA_GAP] = dilemma(rng)
    return dict(sorted(gate.items()))


def dilemma(rng: random.Random) -> dict[str, dict[str, bool]]:
    # Nine say "relevant to coordination" (C1), nine say "feasible during the project" (C3), but only three say both:
    # some see the councils' missing mandate as a coordination gap the project cannot fix (it needs a law), others
    # as something a departmental resolution could fix but that is not about coordination among agencies.
    names = [p for p, _ in PARTICIPANTS]
    rng.shuffle(names)
    c1 = set(names[:9])
    c3 = set(names[6:15])  # overlaps c1 in names[6:9]
    c2 = set(names[:2])  # two C1-only voters also link it to USDOL action PY2018-14; still no C3
    return {p: {"C1": p in c1, "C2": p in c2, "C3": p in c3} for p, _ in PARTICIPANTS}


def draw_scores(rng: random.Random, bias: dict[str, float]) -> Scores:
    scores: Scores = {}
    for gap in sorted(QUALIFYING):
        scores[gap] = {}
        for p, _ in PARTICIPANTS:
            row = {}
            for crit, mean in zip(WEIGHTS, SCORE_PROFILE[gap]):
                row[crit] = min(5, max(1, round(rng.gauss(mean + bias[p], 0.75))))
            scores[gap][p] = row
    return scores


def weighted(scores: dict[str, dict[str, int]]) -> float:
    return sum(sum(WEIGHTS[c] * v for c, v in row.items()) for row in scores.values()) / len(scores)


def make_near_tie(scores: Scores) -> tuple[str, str]:
    """Nudge the 6th-ranked gap's scores so that it trails the 5th by NEAR_TIE; returns the two gap ids."""
    ranked = sorted(scores, key=lambda g: -weighted(scores[g]))
    fifth, sixth = ranked[4], ranked[5]
    n = len(PARTICIPANTS)
    gap = weighted(scores[fifth]) - weighted(scores[sixth])
    # a = impact points added to the 6th, b = feasibility/urgency points; pick the smallest change that lands in range.
    options = [
        (abs(a) + abs(b), a, b)
        for a in range(-15, 16)
        for b in range(-15, 16)
        if NEAR_TIE[0] <= gap - (0.4 * a + 0.3 * b) / n <= NEAR_TIE[1]
    ]
    _, a, b = min(options)
    _nudge(scores[sixth], ["impact"], a)
    _nudge(scores[sixth], ["feasibility", "urgency"], b)
    return fifth, sixth


def _nudge(rows: dict[str, dict[str, int]], crits: list[str], points: int) -> None:
    step = 1 if points > 0 else -1
    cells = [(p, c) for p in sorted(rows) for c in crits]
    i = 0
    while points:
        p, c = cells[i % len(cells)]
        if 1 <= rows[p][c] + step <= 5:
            rows[p][c] += step
            points -= step
        i += 1


def check(gate: Gate, scores: Scores, pair: tuple[str, str]) -> None:
    outcomes = {g: gate_outcome(a) for g, a in gate.items()}
    differ = [g for g, (pb, cb, _) in outcomes.items() if pb != cb]
    assert differ == [DILEMMA_GAP], differ
    assert {g for g, (pb, _, _) in outcomes.items() if pb} == QUALIFYING == set(scores)
    assert all(0 < own < len(PARTICIPANTS) for _, _, own in outcomes.values()), "a unanimous gap"
    values = {g: weighted(s) for g, s in scores.items()}
    ranked = sorted(values, key=lambda g: -values[g])
    assert ranked[4:6] == list(pair), (ranked, pair)
    assert NEAR_TIE[0] <= values[pair[0]] - values[pair[1]] <= NEAR_TIE[1]
    assert len({round(v, 9) for v in values.values()}) == len(values), "exact tie"
    others = [values[ranked[i]] - values[ranked[i + 1]] for i in range(len(ranked) - 1) if i != 4]
    assert min(others) > NEAR_TIE[1], "another near-tie"


def main() -> int:
    rng = random.Random(SEED)
    lean = {p: rng.uniform(-0.08, 0.08) for p, _ in PARTICIPANTS}
    bias = {p: rng.uniform(-0.35, 0.35) for p, _ in PARTICIPANTS}
    while True:
        gate = draw_gate(rng, lean)
        scores = draw_scores(rng, bias)
        pair = make_near_tie(scores)
        try:
            check(gate, scores, pair)
            break
        except AssertionError:
            continue  # another draw from the same seeded stream: still deterministic

    with open(HERE / "participants.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["participant", "institution"])
        w.writerows(PARTICIPANTS)
    # one file per round, as a facilitator types in the paper ballots of the round that is open
    with open(HERE / "ballots_gate.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["participant", "gap", "criterion", "value"])
        for p, _ in PARTICIPANTS:
            for gap, answers in gate.items():
                for k in ("C1", "C2", "C3"):
                    w.writerow([p, gap, k, "yes" if answers[p][k] else "no"])
    with open(HERE / "ballots_score.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["participant", "gap", "criterion", "value"])
        for p, _ in PARTICIPANTS:
            for gap in sorted(scores):
                for crit in WEIGHTS:
                    w.writerow([p, gap, crit, scores[gap][p][crit]])

    values = {g: weighted(s) for g, s in scores.items()}
    for rank, g in enumerate(sorted(values, key=lambda g: -values[g]), start=1):
        print(f"{rank:2d} {g} {values[g]:.4f}")
    print(f"dilemma: {DILEMMA_GAP} {gate_outcome(gate[DILEMMA_GAP])}; near-tie: {pair}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
