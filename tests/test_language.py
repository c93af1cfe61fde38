"""Per-text language detection (Spanish, English, Guaraní, jopara) and lookup-free Guaraní tokens."""

import pytest

from atlas_qual.nlp import detect_language, guarani_tokens, lemmatize_many

SPANISH = [
    "Faltan inspectores de trabajo en el departamento de San Pedro",
    "La fiscalía no tiene vehículos para llegar a las estancias del Chaco",
    "Se ha hecho mucho, pero la coordinación entre las instituciones todavía es débil",
    "Che, mirá, el problema es que no hay presupuesto para la inspección",
    "La señora dice que su niña trabaja de criadita en Asunción",
    "Los niños trabajan en la zafra de caña",
    "El spot tiene que ser en guaraní porque en el campo es el idioma de la gente",
]
ENGLISH = [
    "There are not enough labour inspectors in the region",
    "The prosecutor's office does not have vehicles to reach the ranches",
    "We don't have the budget, it's always the same problem",
    "Referral between the hotline and the municipal councils is slow",
]
GUARANI = [
    "Ko'ápe ndaipóri inspector ha umi mitã omba'apo kokuépe",
    "Mitãnguéra omba'apo kokuépe ha ndohói escuelape",
    "Ñane retãme heta mitã omba'apo",
    "Ore roñeha'ã ropytyvõ umi familia-pe",
    "Mba'éichapa",
    "Umi tapicha ndoikuaái mávape ohóta odenunciávo",
]
JOPARA = [
    "La gente ndoikuaái mba'éichapa ojedenuncia la trata, entonces no se denuncia",
    "Upéi la fiscalía ndojapói nada con los casos",
    "El problema es que umi mitã ndohói la escuelape porque omba'apo en la chacra",
]


@pytest.mark.parametrize("text", SPANISH)
def test_spanish_lines_are_spanish_even_with_che_and_enie(text):
    assert detect_language(text) == "es"


@pytest.mark.parametrize("text", ENGLISH)
def test_english_lines_are_english_and_contractions_are_no_puso(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", GUARANI)
def test_guarani_lines_are_guarani(text):
    assert detect_language(text) == "gn"


@pytest.mark.parametrize("text", JOPARA)
def test_jopara_lines_are_mixed(text):
    assert detect_language(text) == "mixed"


@pytest.mark.parametrize("text", ["", "   ", "ok", "Sí", "123", None])
def test_short_or_empty_text_defaults_to_spanish(text):
    assert detect_language(text) == "es"


def test_spanish_ha_of_the_perfect_tense_is_no_guarani_and():
    assert detect_language("Ha sido difícil, ha habido cambios y se ha avanzado") == "es"


def test_guarani_text_is_tokenized_without_spanish_lemma_lookup():
    # the Spanish lookup table would turn these into invented verbs; Guaraní keeps its own words and the puso
    assert lemmatize_many(["Umi mitã omba'apo kokuépe"], "auto", drop_stop=True) == [
        ["mitã", "omba'apo", "kokuépe"]]
    assert guarani_tokens("Ha'e ndive ñande ñañangareko mitãnguérare", drop_stop=True) == [
        "ñañangareko", "mitãnguérare"]


def test_auto_lemmatizes_each_text_in_its_own_language():
    out = lemmatize_many(["Las inspectoras visitaron estancias", "The inspectors referred the cases",
                          "Umi mitã omba'apo"], "auto", drop_stop=True)
    assert out == [["inspector", "visitar", "estancia"], ["inspector", "refer", "case"], ["mitã", "omba'apo"]]
