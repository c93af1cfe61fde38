"""Rule-based auto-coding: Spanish inflections, accents, phrases, regular expressions, speaker and attribute
conditions, the spans to highlight, and each rule's precision and recall against manual codings."""

from __future__ import annotations

import pytest

from atlas_qual.codebook import Rules
from atlas_qual.coding import Matcher, Suggestion, Unit, autocode, rule_labels, rule_scores


@pytest.fixture(scope="module")
def matchers():
    return {}  # compiled rules shared by the tests of this module (the spaCy pipeline loads once)


def codes_for(**rules) -> list[tuple[str, Rules]]:
    return [("C", Rules(**{k: tuple(v) if not isinstance(v, tuple) else v for k, v in rules.items()}))]


def run(units, rules, matchers=None) -> list[Suggestion]:
    return autocode(units, rules, matchers={} if matchers is None else matchers)


def test_plural_inspectores_matches_a_rule_on_inspector():
    found = run([Unit(1, "Faltan inspectores en la regional."), Unit(2, "La fiscal llegó tarde.")],
                codes_for(lemmas=["inspector"]))
    assert [(s.segment_id, s.rules) for s in found] == [(1, ("lemma:inspector",))]


def test_feminine_and_capitalised_forms_match_too():
    found = run([Unit(1, "INSPECTORAS del MTESS"), Unit(2, "Las Inspectoras llegaron")],
                codes_for(lemmas=["inspector"]))
    assert [s.segment_id for s in found] == [1, 2]


def test_verb_rule_matches_conjugated_forms():
    found = run([Unit(1, "Derivaron el caso a la CODENI"), Unit(2, "Lo derivamos ayer"), Unit(3, "La deriva del barco")],
                codes_for(lemmas=["derivar"]))
    assert [s.segment_id for s in found][:2] == [1, 2]


def test_accents_are_ignored_in_both_directions():
    rules = codes_for(lemmas=["inspección"])
    found = run([Unit(1, "La inspeccion fue breve"), Unit(2, "Una inspección laboral")], rules)
    assert [s.segment_id for s in found] == [1, 2]
    assert [s.segment_id for s in run([Unit(3, "La coordinación aumentó")], codes_for(lemmas=["coordinacion"]))] == [3]


def test_a_rule_written_in_plural_still_matches_the_singular():
    assert [s.segment_id for s in run([Unit(1, "Un inspector vino")], codes_for(lemmas=["inspectores"]))] == [1]


def test_span_points_at_the_matched_word_in_transcript_offsets():
    text = "Hay pocos inspectores aquí."
    found = run([Unit(1, text, offset=1000)], codes_for(lemmas=["inspector"]))
    (a, b), = found[0].spans
    assert text[a - 1000:b - 1000] == "inspectores"


def test_phrases_are_literal_but_ignore_case_accents_and_commas():
    rules = codes_for(phrases=["lo que funcionó"])
    found = run([Unit(1, "Lo que funciono, digamos"), Unit(2, "Lo que funciona ahora"), Unit(3, "lo, que funcionó")],
                rules)
    assert [s.segment_id for s in found] == [1, 3]


def test_a_one_word_phrase_does_not_match_other_forms_of_the_verb():
    found = run([Unit(1, "Hicimos talleres"), Unit(2, "Eso fue hace años")], codes_for(phrases=["hicimos"]))
    assert [s.segment_id for s in found] == [1]


def test_a_lemma_rule_of_several_words_matches_inflected_sequences():
    found = run([Unit(1, "Hubo faltas de inspectoras"), Unit(2, "falta de fiscales")],
                codes_for(lemmas=["falta de inspector"]))
    assert [s.segment_id for s in found] == [1]
    a, b = found[0].spans[0]
    assert "Hubo faltas de inspectoras"[a:b] == "faltas de inspectoras"


def test_regex_matches_as_written():
    found = run([Unit(1, "La línea 147 funciona"), Unit(2, "Son 1470 casos")], codes_for(regex=[r"\b147\b"]))
    assert [(s.segment_id, s.rules) for s in found] == [(1, (r"regex:\b147\b",))]


def test_speaker_condition_with_wildcard_restricts_where_the_words_count():
    rules = codes_for(lemmas=["fiscalía"], speakers=["Fiscal*"])
    found = run([Unit(1, "La fiscalía actuó", speaker="Fiscal Adjunta"),
                 Unit(2, "La fiscalía actuó", speaker="Entrevistadora")], rules)
    assert [s.segment_id for s in found] == [1]


def test_attribute_condition_uses_the_transcript_case_attributes():
    rules = codes_for(lemmas=["distancia"], attributes=(("territory", ("boqueron",)),))
    found = run([Unit(1, "Las distancias son enormes", attributes={"territory": "boqueron"}),
                 Unit(2, "Las distancias son enormes", attributes={"territory": "san_pedro"})], rules)
    assert [s.segment_id for s in found] == [1]


def test_a_code_with_only_conditions_is_suggested_wherever_they_hold():
    rules = codes_for(speakers=["Fiscal*"])
    found = run([Unit(1, "Nada especial", speaker="fiscal adjunta"), Unit(2, "Nada", speaker="P")], rules)
    assert [(s.segment_id, s.rules, s.spans) for s in found] == [(1, ("speaker:Fiscal*",), ())]


def test_several_rules_of_one_code_make_one_suggestion_naming_each():
    rules = codes_for(lemmas=["inspector"], phrases=["falta de recursos"])
    found = run([Unit(1, "Falta de recursos y de inspectores")], rules)
    assert len(found) == 1 and set(found[0].rules) == {"lemma:inspector", "phrase:falta de recursos"}
    assert found[0].rule == "; ".join(found[0].rules)


def test_english_interviews_use_the_english_pipeline(matchers):
    found = autocode([Unit(1, "The inspectors referred the cases", lang="en")], codes_for(lemmas=["inspector"]),
                     matchers=matchers)
    assert [s.segment_id for s in found] == [1] and "en" in matchers


def test_codes_without_rules_suggest_nothing():
    assert autocode([Unit(1, "texto")], [("C", Rules())]) == []


def test_matcher_keeps_unit_order_and_code_order():
    m = Matcher([("A", Rules(lemmas=("niño",))), ("B", Rules(lemmas=("inspector",)))], "es")
    found = m.match([Unit(1, "inspectores y niños"), Unit(2, "Un niño")])
    assert [(s.segment_id, s.code) for s in found] == [(1, "A"), (1, "B"), (2, "A")]


def test_word_by_word_lemmas_give_what_the_full_pipeline_gives():
    from atlas_qual.codebook import codebook_from_data
    from atlas_qual.demo import data_dir
    from atlas_qual.store.reference import default_codebook

    codes = [(path, node.rules) for path, node, _d in codebook_from_data(default_codebook()).walk()
             if not node.rules.is_empty]
    text = (data_dir() / "interviews" / "01_mauep_alto_parana_inspector.txt").read_text(encoding="utf-8")
    text += "\nLas INSPECTORAS, ¿hicimos? niñas; 147 fiscalías. Lo que funcionó, la mesa de trata."
    units = [Unit(i, para, offset=i * 10) for i, para in enumerate(text.split("\n")) if para.strip()]
    fast = Matcher(codes, "es")
    slow = Matcher(codes, "es")
    assert fast._wordwise
    slow._wordwise = False  # read every text through nlp.pipe, as a trained pipeline would be
    found = fast.match(units)
    assert len(found) > 50 and found == slow.match(units)


def test_rule_labels_name_text_rules_or_conditions():
    assert rule_labels(Rules(lemmas=("a",), phrases=("b c",))) == ["lemma:a", "phrase:b c"]
    assert rule_labels(Rules(speakers=("P",))) == ["speaker:P"]


def test_precision_and_recall_of_each_rule_against_manual_codings():
    suggestions = [Suggestion(1, "W", ("lemma:falta",)), Suggestion(2, "W", ("lemma:falta", "phrase:no hay")),
                   Suggestion(3, "W", ("phrase:no hay",)), Suggestion(4, "S", ("lemma:bien",))]
    manual = [(2, "W"), (3, "W"), (5, "W"), (4, "S"), (99, "W")]  # 99 lies outside the coded transcripts
    scores = {(r.code, r.rule): r for r in rule_scores(suggestions, manual, scope=[1, 2, 3, 4, 5],
                                                       rules_by_code={"W": ["lemma:falta", "phrase:no hay",
                                                                            "regex:nunca"]})}
    falta = scores[("W", "lemma:falta")]
    assert (falta.suggested, falta.relevant, falta.hits) == (2, 3, 1)
    assert falta.precision == 0.5 and falta.recall == pytest.approx(1 / 3)
    assert scores[("W", "phrase:no hay")].precision == 1.0
    never = scores[("W", "regex:nunca")]
    assert never.suggested == 0 and never.precision is None and never.recall == 0.0 and never.f1 is None
    overall = scores[("W", "*")]
    assert (overall.suggested, overall.hits, overall.recall) == (3, 2, pytest.approx(2 / 3))
    assert scores[("S", "*")].to_dict()["precision"] == 1.0


def test_scores_list_codes_coded_by_hand_that_no_rule_found():
    scores = rule_scores([], [(1, "X")], scope=[1])
    assert [(r.code, r.rule, r.recall) for r in scores] == [("X", "*", 0.0)]
