"""Write the paper ballots of the demo MAUEP learning workshop: data/demo/cycle/learning_ballots.csv.

Usage (from anywhere):  python data/demo/cycle/make_ballots.py

Plain Python (standard library only) and seeded, so the committed CSV is exactly what this script writes.

The workshop: 13 stakeholders of the MAUEP pilot vote on the recommendations R01-R12 that `atlas-qual demo` drafts
from the segments coded Evaluación/Recomendaciones of the MAUEP interviews (in that order), and on ENDORSE, whether
to endorse the MAUEP for institutionalization. Gate round: `endorse` yes/no per item; a "yes" may name who should be
responsible (column `detail`, institution acronyms separated by ";"). Scoring round: `priority` 1-5 for each item a
strict majority endorsed. The data is built so that:

* most recommendations are endorsed, R10 (a remark about Asunción, not a recommendation) is rejected, and R08 is
  close (7 of 13);
* the DMOP itself is endorsed (10 of 13), with a dissent;
* the first and the last priority are clear (ties in between are left to the tie-break chain), and responsible
  proposals name one institution most often per item.

The script checks these properties and fails loudly if a change breaks them.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20260320

PARTICIPANTS = [
    ("inspectora_ap", "MTESS"), ("inspector_boq", "MTESS"), ("inspector_central", "MTESS"),
    ("fiscal_central", "MP"), ("fiscal_ap", "MP"), ("juez_neem", "PJ"), ("defensora_sp", "MDP"),
    ("policia_neem", "PN"), ("minna_central", "MINNA"), ("codeni_ap", "CODENI"), ("codeni_boq", "CODENI"),
    ("consejo_ap", "CONSEJO-DEP"), ("mesa_trata", "MESA-TRATA"),
]

# item -> (yes votes out of 13, mean priority, who participants propose as responsible, most proposed first)
ITEMS = {
    "R01": (11, 4.3, ("MTESS",)),
    "R02": (12, 4.6, ("PJ", "MP")),
    "R03": (12, 4.0, ("MP", "MTESS")),
    "R04": (10, 3.6, ("MINNA", "MTESS")),
    "R05": (11, 4.1, ("PJ",)),
    "R06": (12, 4.4, ("MINNA", "MP")),
    "R07": (9, 3.4, ("MP",)),
    "R08": (7, 3.0, ("MP", "MTESS")),
    "R09": (10, 3.8, ("MTESS", "CONSEJO-DEP")),
    "R10": (3, 2.0, ()),
    "R11": (9, 3.3, ("MTESS", "PJ")),
    "R12": (11, 3.9, ("MINNA",)),
    "ENDORSE": (10, 4.5, ()),
}


def _score(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def build() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    names = [p for p, _inst in PARTICIPANTS]
    rows: list[dict[str, str]] = []
    yes_by_item: dict[str, set[str]] = {}
    for item, (yes, _mean, who) in ITEMS.items():
        voters = set(rng.sample(names, yes))
        yes_by_item[item] = voters
        for name in names:
            said_yes = name in voters
            detail = ""
            if said_yes and who and rng.random() < 0.6:
                # the first institution is proposed most often; sometimes a second one too
                picked = [who[0]] if len(who) == 1 or rng.random() < 0.7 else list(who)
                detail = "; ".join(picked)
            rows.append({"participant": name, "item": item, "criterion": "endorse",
                         "value": "sí" if said_yes else "no", "detail": detail})
    for item, (yes, mean, _who) in ITEMS.items():
        if 2 * yes <= len(names):
            continue
        for name in names:
            rows.append({"participant": name, "item": item, "criterion": "priority",
                         "value": str(_score(rng, mean)), "detail": ""})
    return rows


def check(rows: list[dict[str, str]]) -> None:
    n = len(PARTICIPANTS)
    gate = [r for r in rows if r["criterion"] == "endorse"]
    yes = {item: sum(1 for r in gate if r["item"] == item and r["value"] == "sí") for item in ITEMS}
    assert yes["R10"] * 2 < n, "R10 must be rejected"
    assert yes["R08"] == 7, "R08 must be close (7 of 13)"
    assert yes["ENDORSE"] == 10, "the DMOP must be endorsed 10 of 13"
    scored = {r["item"] for r in rows if r["criterion"] == "priority"}
    assert scored == {i for i, c in yes.items() if 2 * c > n}, "only endorsed items are scored"
    means = {}
    for item in scored:
        values = [int(r["value"]) for r in rows if r["item"] == item and r["criterion"] == "priority"]
        means[item] = sum(values) / len(values)
    ordered = sorted(means.values(), reverse=True)
    assert ordered[0] > ordered[1] and ordered[-2] > ordered[-1], "the first and the last priority are clear"
    assert any(r["detail"] for r in gate), "some votes propose who is responsible"


def main() -> None:
    rows = build()
    check(rows)
    target = HERE / "learning_ballots.csv"
    with open(target, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["participant", "item", "criterion", "value", "detail"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {target} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
