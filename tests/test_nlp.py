"""Offline spaCy pipelines: lemmas, stop words and fillers, domain mentions."""

import pytest

from atlas_qual import nlp


def test_spanish_inflections_lemmatize_to_dictionary_forms():
    assert nlp.lemmas("inspectores derivaron", "es") == ["inspector", "derivar"]


def test_capitalized_words_are_lemmatized_like_lowercase_ones():
    assert nlp.lemmas("Inspectores Derivaron", "es") == ["inspector", "derivar"]


def test_spanish_nouns_stay_nouns_instead_of_becoming_verbs():
    # the raw lookup table says mesa -> mesar, protocolo -> protocolar, personas -> personar
    assert nlp.lemmas("mesas protocolo presupuesto personas comisiones jóvenes jueces", "es") == [
        "mesa", "protocolo", "presupuesto", "persona", "comisión", "joven", "juez"]


def test_interview_fillers_and_stop_words_are_dropped_on_request():
    text = "O sea, digamos que bueno, nomás faltan inspectores, pues, ahí está, etc."
    assert nlp.lemmas(text, "es", drop_stop=True) == ["faltar", "inspector"]
    assert "digamos" in nlp.lemmas(text, "es") or "decir" in nlp.lemmas(text, "es")


def test_english_fillers_are_dropped():
    text = "Well, you know, I mean the inspectors basically referred the cases"
    assert nlp.lemmas(text, "en", drop_stop=True) == ["inspector", "refer", "case"]


def test_stop_words_include_spacy_list_fillers_and_folded_forms():
    es = nlp.STOP_WORDS("es")
    assert {"de", "entonces", "digamos", "bueno", "o sea", "pues", "verdad", "este", "ahí", "ahi", "nomás",
            "nomas", "etc"} <= es
    assert {"the", "basically", "you know", "um"} <= nlp.STOP_WORDS("en")


def test_fold_is_lowercase_and_accent_insensitive():
    assert nlp.fold("Ñeembucú INSPECCIÓN") == "neembucu inspeccion"


def test_lemmatize_many_gives_the_same_as_one_by_one():
    texts = ["Los inspectores visitaron las estancias.", "", "Las víctimas no denunciaron."]
    assert nlp.lemmatize_many(texts, "es") == [nlp.lemmas(t, "es") for t in texts]
    assert nlp.lemmatize_many(texts, "es")[1] == []


def test_mentions_find_institutions_territories_and_topics_without_accents_or_case():
    found = {(m.label, m.id) for m in nlp.mentions(
        "En Neembucu la codeni y el Ministerio de Trabajo vieron criadazgo y trabajo forzoso", "es")}
    assert found == {("TERRITORY", "neembucu"), ("INSTITUTION", "CODENI"), ("INSTITUTION", "MTESS"),
                     ("TOPIC", "criadazgo"), ("TOPIC", "forced_labor")}


def test_mention_offsets_point_at_the_text():
    text = "Derivamos el caso de trata de personas a la CONAETI."
    for m in nlp.mentions(text, "es"):
        assert text[m.start:m.end] == m.text


def test_se_trata_de_is_not_a_trafficking_mention():
    assert nlp.mentions("Se trata de un problema de presupuesto", "es") == []
    assert [m.id for m in nlp.mentions("Es un caso de trata en la frontera", "es")] == ["trafficking"]


def test_english_mentions():
    ids = [m.id for m in nlp.mentions("The Ministry of Labor found forced labor in Boquerón", "en")]
    assert ids == ["MTESS", "forced_labor", "boqueron"]


def test_pipeline_is_built_once_and_offline():
    first = nlp.get_nlp("es")
    assert nlp.get_nlp("es") is first
    if "lemmatizer" in first.pipe_names and not nlp.importlib.util.find_spec("es_core_news_sm"):
        assert first.get_pipe("lemmatizer").mode == "lookup"
        assert "entity_ruler" in first.pipe_names


def test_unknown_language_is_a_programming_error():
    with pytest.raises(ValueError):
        nlp.get_nlp("fr")


def test_batch_lemmas_agree_with_the_spacy_pipeline_token_lemmas():
    text = "Las CODENIs derivaron 3 casos, etc. Los inspectores (MTESS) no tenían vehículos ni viáticos."
    doc = nlp.get_nlp("es")(text)
    expected = [t.lemma_.lower() for t in doc if t.is_alpha or any(c.isalpha() for c in t.text)
                if not (t.is_punct or t.like_num)]
    assert nlp.lemmas(text, "es") == expected


def test_chunks_break_at_punctuation_conjunctions_and_fillers():
    runs = nlp.lemmatize_many(["Faltan inspectores y fiscales, o sea, la ruta de intervención"], "es",
                              drop_stop=True, chunks=True)[0]
    assert runs == [["faltar", "inspector"], ["fiscal"], ["ruta", "intervención"]]
