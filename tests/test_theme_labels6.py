"""Theme labels do not start or end on a conjugated verb: "Viene", "Red funciona", "Intendente cambia" read as
fragments of a sentence, not as names of what people said (seen on automatic themes of interview statements)."""

from __future__ import annotations

from atlas_qual import theme_labels as tl

TEXTS = [
    "La red funciona cuando el intendente quiere, si no, no pasa nada.",
    "Viene la psicóloga una vez al mes desde Asunción.",
    "La denuncia no llega nunca a la fiscalía.",
    "Faltan canales de denuncia en el campo.",
    "Respaldo del Ejecutivo para la mesa",
    "El intendente cambia y todo empieza de nuevo.",
    "Cada intendente cambia el equipo de la red.",
]


def test_conjugated_verbs_are_found_and_nouns_kept():
    verbs = tl.verb_forms(TEXTS, ["es"] * len(TEXTS))
    assert {"funciona", "viene", "cambia", "empieza"} <= verbs
    # used as nouns somewhere in the texts ("la denuncia", "de denuncia"), or opening an answer before "de"
    assert not {"denuncia", "respaldo", "red", "intendente", "psicóloga"} & verbs


def test_a_label_phrase_never_ends_or_starts_on_a_verb():
    verbs = tl.verb_forms(TEXTS, ["es"] * len(TEXTS))
    phrases = {}
    for text in TEXTS:
        phrases.update(tl.candidate_phrases(text, "es", verbs=verbs))
    shown = set(phrases.values())
    assert "red funciona" not in {p.lower() for p in shown} and "Viene" not in shown
    assert "intendente cambia" not in {p.lower() for p in shown}
    # what stays: nouns and noun phrases, a verb inside a phrase is fine
    assert {"canales de denuncia", "respaldo del ejecutivo", "intendente"} <= {p.lower() for p in shown}


def test_english_and_guarani_texts_are_left_alone():
    assert tl.verb_forms(["The network works when the mayor wants it"], ["en"]) == frozenset()
    assert tl.verb_forms(["Ko'ápe ndaipóri inspector"], ["gn"]) == frozenset()
