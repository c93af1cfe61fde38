"""The theme engine of issue 16: terms only from a theme's own texts, each text in its own language, Guaraní kept
apart, the analyst's K and candidate themes honoured, readable label phrases, coherence and confidence, and the
packaged multilingual model working offline."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from atlas_qual import theme_labels as tl
from atlas_qual.text import fold
from atlas_qual.themes import _lemma_runs, extract_themes

DATA = Path(__file__).parent / "data" / "themes"
# candidate themes for holdout_es (a tuning corpus), worded as an analyst would, not copied from its texts
SEEDS = [("Capacitación", "talleres y cursos de formación para funcionarios"),
         ("Comunicación directa", "grupos de WhatsApp y contactos entre instituciones"),
         ("Operativos conjuntos", "inspecciones y allanamientos hechos entre varias instituciones"),
         ("Radio y campañas", "difusión en radios comunitarias y campañas"),
         ("Gobiernos locales", "municipios, gobernaciones y consejos locales"),
         ("Protocolo único", "un procedimiento común de intervención"),
         ("Comunidades indígenas", "trabajo con pueblos indígenas y sus líderes")]
SEED_LABELS = ["capacitacion", "whatsapp", "operativos", "radio", "locales", "protocolo", "indigenas"]
GUARANI = ["Ko'ápe ndaipóri inspector ha umi mitã omba'apo kokuépe", "Mitãnguéra omba'apo kokuépe ha ndohói escuelape",
           "Ñane retãme heta mitã omba'apo kokuépe", "Umi mitã ndohói mbo'ehaópe omba'apo rupi",
           "Ore roñeha'ã ropytyvõ umi família mitã omba'apóva kokuépe", "Umi tapicha ndoikuaái mávape odenunciáta",
           "Ndaipóri pytyvõ umi mitã omba'apóvape g̃uarã", "Heta mitã omba'apo kokuépe ára ha pyhare",
           "Umi mitã omba'apo ha ndohói mbo'ehaópe", "Ñande retãme mitãnguéra omba'apo heta"]


def load(name):
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def e5(name):
    return np.load(DATA / f"e5_{name}.npy").astype(np.float64)


@pytest.fixture(scope="module")
def weaknesses():
    texts, labels = load("weaknesses_es")
    return texts, labels, extract_themes(texts, lang="es", dense=e5("weaknesses_es"))


@pytest.fixture(scope="module")
def mixed():
    es, es_labels = load("holdout_es")
    en, en_labels = load("strengths_en")
    texts = es + en
    result = extract_themes(texts, lang="es", dense=np.vstack([e5("holdout_es"), e5("strengths_en")]))
    return texts, es_labels + en_labels, len(es), result


def test_no_term_is_outside_the_texts_of_its_theme(weaknesses):
    texts, _, result = weaknesses
    runs = _lemma_runs(texts, list(result.languages))
    term_sets = [tl.text_terms(r) for r in runs]
    for theme in result.themes:
        members = [i for i, a in enumerate(result.assignments) if a == theme.id]
        for term in theme.terms:
            said_by = [i for i in members if term in term_sets[i]]
            assert len(said_by) >= 2, f"{term!r} of theme {theme.label!r} is said in {len(said_by)} of its texts"


def test_no_two_word_term_joins_the_end_of_one_text_to_the_start_of_the_next():
    # every text ends with "presupuesto" and the next starts with "combustible" or "señal": glued together they
    # would make "presupuesto combustible" and "presupuesto señal", which nobody said
    budget = [f"Para los operativos del distrito {i} no alcanza el presupuesto" for i in range(8)]
    fuel = [f"Combustible y camionetas faltan en la oficina número {i}" for i in range(8)]
    signal = [f"Señal de celular no hay en la comunidad rural {i}" for i in range(8)]
    texts = [t for triple in zip(budget, fuel, signal) for t in triple]
    result = extract_themes(texts, lang="es", embedding="lexical", n_themes=3, min_theme_size=3)
    terms = {term for theme in result.themes for term in theme.terms}
    assert "presupuesto" in terms
    assert not {"presupuesto combustible", "presupuesto señal"} & terms


def test_each_text_is_lemmatised_in_its_own_language(mixed):
    texts, _, n_es, result = mixed
    assert Counter(result.languages[:n_es]) == Counter({"es": n_es})
    assert Counter(result.languages[n_es:]) == Counter({"en": len(texts) - n_es})
    terms = {term for theme in result.themes for term in theme.terms}
    assert {"training", "radio"} & terms  # English words lemmatised as English
    # no Spanish function word slipped through English stop words, no English lemma of a Spanish word
    assert not {"y", "los", "la", "en el", "de la", "con", "chic", "rolar"} & terms


def test_a_mixed_column_gathers_both_languages_in_one_theme(mixed):
    texts, labels, n_es, result = mixed
    same = {"capacitacion": "training", "whatsapp": "messaging", "operativos": "operations", "radio": "radio",
            "locales": "local"}
    truth = [same.get(lab, lab) for lab in labels]
    assert adjusted_rand_score(truth, result.assignments) >= 0.75
    radio = Counter(result.assignments[i] for i in range(len(texts)) if truth[i] == "radio").most_common(1)[0][0]
    members = [i for i, a in enumerate(result.assignments) if a == radio]
    assert any(i < n_es for i in members) and any(i >= n_es for i in members)


@pytest.mark.parametrize("k", [3, 9])
def test_the_analysts_number_of_themes_is_honoured(k):
    texts, _ = load("holdout_es")
    result = extract_themes(texts, lang="es", n_themes=k, dense=e5("holdout_es"))
    assert len(result.themes) == k
    assert result.params["n_themes"] == k


def test_candidate_themes_name_their_themes_and_gather_their_texts():
    texts, labels = load("holdout_es")
    result = extract_themes(texts, lang="es", seeds=SEEDS, dense=e5("holdout_es"))
    for i, (name, _) in enumerate(SEEDS):
        theme = result.theme(i)
        assert (theme.label, theme.seed, theme.label_confirmed) == (name, name, True)
        members = [labels[j] for j, a in enumerate(result.assignments) if a == i]
        assert Counter(members).most_common(1)[0][0] == SEED_LABELS[i], name
    assert adjusted_rand_score(labels, result.assignments) >= 0.7


def test_candidates_that_cover_the_texts_keep_them_no_emergent_theme_takes_a_share():
    """When the analyst's candidate themes cover what was said, emergent themes must not take their texts (a
    silhouette alone rises with every extra theme). Tuning corpus: 4 themes, half Spanish, half English."""

    folder = Path(__file__).parent / "data" / "themes" / "tuning"
    with open(folder / "mixed_tuning_es_en.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(folder / "seeds_mixed_tuning_es_en.csv", encoding="utf-8", newline="") as f:
        seeds = [(r["name"], r["description"]) for r in csv.DictReader(f)]
    labels = [r["label"] for r in rows]
    result = extract_themes([r["text"] for r in rows], lang="es", seeds=seeds)
    assert [t.seed for t in result.themes][:len(seeds)] == [name for name, _ in seeds]
    assert len([t for t in result.themes if t.seed is None]) <= 1
    assert adjusted_rand_score(labels, result.assignments) >= 0.4


def test_texts_that_fit_no_candidate_form_emergent_themes():
    texts, labels = load("holdout_es")
    result = extract_themes(texts, lang="es", seeds=SEEDS[:2], dense=e5("holdout_es"))
    emergent = [t for t in result.themes if t.seed is None]
    assert [t.label for t in result.themes[:2]] == [SEEDS[0][0], SEEDS[1][0]]
    assert len(emergent) >= 3 and not any(t.label_confirmed for t in emergent)
    radio = Counter(result.assignments[i] for i, lab in enumerate(labels) if lab == "radio").most_common(1)[0][0]
    assert radio >= 2  # the radio statements fit neither candidate: an emergent theme holds them


def test_guarani_texts_form_their_own_theme():
    texts, _ = load("weaknesses_es")
    texts = texts[:120] + GUARANI
    result = extract_themes(texts, lang="es", embedding="lexical")
    gn_themes = {result.assignments[i] for i in range(120, len(texts))}
    assert -1 not in gn_themes
    for theme_id in gn_themes:
        assert result.theme(theme_id).lang == "gn"
        assert all(i >= 120 for i, a in enumerate(result.assignments) if a == theme_id)  # no Spanish text mixed in
    assert result.params["guarani_texts"] == len(GUARANI)


def test_a_few_guarani_texts_are_left_out_with_a_note():
    texts, _ = load("weaknesses_es")
    texts = texts[:120] + GUARANI[:2]
    result = extract_themes(texts, lang="es", embedding="lexical")
    assert result.assignments[-2:] == (-1, -1)
    assert result.params["guarani_excluded"] == 2


def test_labels_are_short_phrases_said_in_the_theme_texts(weaknesses):
    texts, _, result = weaknesses
    for theme in result.themes:
        members = [fold(texts[i]) for i, a in enumerate(result.assignments) if a == theme.id]
        assert 1 <= len(theme.label.split()) <= 4 and theme.label[0].isupper()
        assert sum(fold(theme.label) in m for m in members) >= 2, theme.label


def test_three_relevant_quotes_per_theme(weaknesses):
    texts, _, result = weaknesses
    for theme in result.themes:
        assert len(theme.quotes) == 3
        for q in theme.quotes:
            assert result.assignments[q.index] == theme.id
            assert result.confidences[q.index] >= 0.5 or set(theme.terms[:5]) & tl.text_terms(
                _lemma_runs([texts[q.index]], [result.languages[q.index]])[0])


def test_coherence_per_theme_and_confidence_per_text(weaknesses):
    texts, labels, result = weaknesses
    assert len(result.confidences) == len(texts)
    assert all(0.0 <= c <= 1.0 for c in result.confidences)
    assert all(0.0 < t.coherence <= 1.0 for t in result.themes)
    # texts in the theme most of their label went to are, on average, more confident than the others
    majority = {lab: Counter(a for a, x in zip(result.assignments, labels) if x == lab).most_common(1)[0][0]
                for lab in set(labels)}
    fits = [c for c, a, lab in zip(result.confidences, result.assignments, labels) if a == majority[lab]]
    misfits = [c for c, a, lab in zip(result.confidences, result.assignments, labels) if a != majority[lab]]
    assert misfits and sum(fits) / len(fits) > sum(misfits) / len(misfits)


def test_a_label_can_say_what_people_fear_to_do_and_is_never_an_institution_acronym_alone():
    """A field tester's "miedo a denunciar" answers were labelled "Rurales" and other themes "CODENI": the phrase
    with its infinitive is a candidate, and an acronym alone goes after every phrase that says something."""
    assert "miedo a denunciar" in tl.candidate_phrases("Las madres tienen miedo a denunciar al patrón", "es")
    assert "afraid to report" in tl.candidate_phrases("Families are afraid to report the employer", "en")
    assert "denunciar" not in tl.candidate_phrases("Van a denunciar", "es")  # a verb alone still reads badly
    phrases = tl.theme_phrases([{"codeni": "CODENI", "miedo a denunciar": "miedo a denunciar"}] * 3
                               + [{"otro": "otro"}], [0, 0, 0, 1], 2)[0]
    assert [p for p, _ in phrases] == ["miedo a denunciar", "CODENI"]

    def flat(xs):
        return np.ones((len(xs), 2)) / np.sqrt(2)  # every phrase equally central
    centres = np.asarray([[1.0, 0.0], [0.0, 1.0]])
    assert tl.choose_label([("CODENI", 9), ("amenazas", 3)], 0, centres, flat) == "Amenazas"


def test_label_ties_go_to_the_more_frequent_phrase_not_the_alphabetical_one():
    def flat(xs):
        return np.ones((len(xs), 2)) / np.sqrt(2)  # every phrase equally central
    centres = np.asarray([[1.0, 0.0], [0.0, 1.0]])
    assert tl.choose_label([("zona", 3), ("acceso", 5)], 0, centres, flat) == "Acceso"
    terms = tl.theme_terms([{"zeta", "alfa"}, {"zeta"}, {"zeta", "alfa"}, {"otro"}], [0, 0, 0, 1], 2)
    assert terms[0][0] == "zeta"


def test_packaged_multilingual_model_embeds_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from atlas_qual.theme_embeddings import E5Embedder

    v = E5Embedder().embed(["No hay presupuesto para combustible", "There is no budget for fuel",
                            "La radio comunitaria difundió la campaña", ""])
    assert v.shape == (4, 384) and not v[3].any()
    assert v[0] @ v[1] > v[0] @ v[2]  # the same meaning across languages is closer than another topic


def test_a_text_said_many_times_is_embedded_once_and_gets_the_same_vector(monkeypatch):
    """Open answers repeat ("Más presupuesto"): the model, nearly all of a run's time, sees each text once."""
    import numpy as np

    from atlas_qual import theme_embeddings as te

    seen: list[str] = []

    class Model:
        def query(self, texts):
            seen.extend(texts)
            return np.asarray([[float(len(t)), float(t.count("a")), 1.0] + [0.0] * 381 for t in texts])

    monkeypatch.setitem(te._cache, "e5", Model())
    v = te.E5Embedder().embed(["Más presupuesto", "Capacitación", "Más  presupuesto ", "", "Capacitación"])
    assert sorted(seen) == ["Capacitación", "Más presupuesto"]
    assert (v[0] == v[2]).all() and (v[1] == v[4]).all() and not v[3].any() and (v[0] != v[1]).any()


def test_a_run_that_stops_at_the_most_themes_it_tried_tells_the_analyst_how_to_steer_it(monkeypatch):
    """Interviewees who repeat a few statements in other words keep the silhouette rising to the last k tried: the
    outputs then say so and name --themes and --seeds instead of presenting 20 themes as found."""
    from atlas_qual.commands.themes import _steer_hint
    from atlas_qual.themes import no_clear_number

    rising = {"k": 20, "k_scores": {k: 0.01 * k for k in range(2, 21)}, "seeds": [], "n_themes": None}
    peaked = {"k": 7, "k_scores": {k: -abs(k - 7) * 0.01 for k in range(2, 21)}, "seeds": [], "n_themes": None}
    assert no_clear_number(rising) == 20 and no_clear_number(peaked) is None
    assert no_clear_number({**rising, "n_themes": 20}) is None  # the analyst chose the number
    assert no_clear_number({**rising, "seeds": ["Presupuesto"]}) is None  # the analyst steered already
    hint = _steer_hint(rising)
    assert len(hint) == 1 and "--themes" in hint[0] and "--seeds" in hint[0] and "20" in hint[0]
    assert _steer_hint(peaked) == []
