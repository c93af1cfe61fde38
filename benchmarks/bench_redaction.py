"""Redaction of 200 transcripts x 3,000 words with 200 listed names: atlas-qual's Redactor vs plain `re` alternation.

The baseline is what a simple redactor would do: one compiled, case-insensitive alternation of the 200 full names
(longest first), ``pattern.sub`` over each transcript. The Redactor does much more per text (every name form, titles,
particles, accents and case, phones, cédulas, e-mails), so the question is whether a long names list makes imports
and reports slow: the target is ours/baseline <= 2 (same texts, same run, best of 3). Both must hide every full name
the texts contain. Run: ``python -m benchmarks redaction``.
"""

from __future__ import annotations

from benchmarks._timing import best_of

import random
import re

TRANSCRIPTS, WORDS, NAMES, REPEAT = 200, 3_000, 200, 3

FIRST = ["María", "José", "Ana", "Lucía", "Graciela", "Teresa", "Hugo", "Carlos", "Rosa", "Pedro", "Yeruti", "Arasy",
         "Ramona", "Marta", "Juan", "Liz", "Derlis", "Nery", "Celeste", "Blas"]
SURNAMES = ["Benítez", "Ocampo", "Núñez", "Ramírez", "Sosa", "Britez", "Arandú", "Villalba", "Cristaldo", "Gómez",
            "Ortiz", "Giménez", "Rojas", "Acosta", "Duarte", "Ayala", "Cáceres", "Insfrán", "Yegros", "Zaracho"]
WORDS_POOL = ("el la de del y que en los las con por para una un se no es fiscal turno consejera CODENI niña caso "
              "víctima trabajo infantil coordinación MTESS inspección denuncia trata personas Ciudad Este Asunción "
              "Pilar escuela familia proceso derivación protocolo mesa interinstitucional semana reunión llamó dijo "
              "Sra. Don Doña Ña Comisario Lic. 147 2025 teléfono audiencia juzgado").split()


def make_data(seed: int = 13) -> tuple[dict[str, str], list[str]]:
    """200 names (first name, one or two surnames, some with "de"), and 200 texts of 3,000 words where about one
    word in 60 starts a mention of a listed name (full, first + surname, or a title + surname)."""
    rng = random.Random(seed)
    names: dict[str, str] = {}
    while len(names) < NAMES:
        parts = [rng.choice(FIRST), rng.choice(SURNAMES)]
        if rng.random() < 0.5:
            parts.append(rng.choice(SURNAMES))
        if rng.random() < 0.15:
            parts.insert(2, "de")
        names[" ".join(parts)] = f"E{len(names) + 1}" if rng.random() < 0.5 else ""
    listed = list(names)
    texts = []
    for _ in range(TRANSCRIPTS):
        words: list[str] = []
        while len(words) < WORDS:
            if rng.random() < 1 / 60:
                words.extend(rng.choice(listed).split())
            else:
                words.append(rng.choice(WORDS_POOL))
        texts.append(" ".join(words))
    return names, texts


def _best(func, repeat: int = REPEAT) -> tuple[float, object]:
    return best_of(func, repeat)


def run() -> list[dict]:
    from atlas_qual.redaction import Redactor

    names, texts = make_data()
    redactor = Redactor(names)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)

    def baseline():
        return [pattern.sub("[nombre]", t) for t in texts]

    ours_s, ours_out = _best(lambda: [redactor.redact(t) for t in texts])
    base_s, base_out = _best(baseline)
    left = sum(len(pattern.findall(t)) for t in ours_out)
    assert left == 0, f"the Redactor left {left} full names that plain re finds"
    assert all(not pattern.search(t) for t in base_out)
    ratio = ours_s / base_s
    return [{
        "case": f"{TRANSCRIPTS} transcripts x {WORDS} words, {NAMES} names",
        "ours_s": ours_s, "baseline_s": base_s, "ratio": ratio,
        "metric": f"redact {TRANSCRIPTS} transcripts x {WORDS} words with {NAMES} listed names",
        "value": round(ours_s, 4), "unit": "s", "baseline": round(base_s, 4),
        "baseline_name": "re alternation of the same 200 full names, IGNORECASE, same texts",
        "target": "<= 2", "ok": ratio <= 2,
    }]


if __name__ == "__main__":
    for row in run():
        print(row)
