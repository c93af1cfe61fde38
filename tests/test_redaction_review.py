"""Redaction cases a reviewer reproduced (round 7): the Guaraní-postposition rule hid the start of other names and
words when a short nickname was listed ("Feli": "Felipe" -> "[nombre]pe"), and the street-address pattern read any
capitalised word before a dot as an abbreviation, so it swallowed the next sentence, hid a count ("150 mil") or a
year ("Luque 2019 casi Todos"), and missed an address in lower case ("calle mcal lópez 1234")."""

from __future__ import annotations

import pytest

from atlas_qual.redaction import Redactor, redact

# --- 1. a Guaraní postposition only on a name's stem of 4+ letters, never on a word of its own ----------------------


@pytest.mark.parametrize("listed, text", [
    ("Feli", "Felipe vino"),
    ("Tere", "Terere con yuyos."),
    ("Tere", "Tereré con yuyos."),
    ("Lu", "Lupe"),
    ("Ada", "Adame"),
    ("Fer", "Ferre"),
    ("Jai", "Jaime llegó"),
    ("Guada", "Guadalupe no vino"),
])
def test_a_short_listed_nickname_leaves_other_names_and_words_that_start_with_it(listed, text):
    assert Redactor({listed: ""}).redact(text) == text


@pytest.mark.parametrize("names, text, expected", [
    ({"Marita Duarte": ""}, "Ha Maritápe ojapo", "Ha [nombre]pe ojapo"),
    ({"Ramón Ortiz": ""}, "Ramónndive oho", "[nombre]ndive oho"),
    ({"Ana Benegas": ""}, "BENEGASKUERA oho.", "[nombre]KUERA oho."),
    ({"Tere": ""}, "Tereré ha Terepe", "Tereré ha [nombre]pe"),
    ({"Feli": ""}, "Felipe ha Felipe'i, Felikuéra", "Felipe ha Felipe'i, [nombre]kuéra"),
])
def test_a_listed_name_with_a_postposition_is_still_hidden_beside_lookalikes(names, text, expected):
    assert Redactor(names).redact(text) == expected


# --- 2. street addresses: a dot only on an abbreviation, no count or year as a house, lower case after a street word


@pytest.mark.parametrize("text, expected", [
    ("Vive en la Calle Brasil 1234 c/ Perú. Después Fue Al Centro.", "Vive en la [dirección]. Después Fue Al Centro."),
    ("Tte. Fariña 1234 casi Brasil. Ella trabaja allí", "[dirección]. Ella trabaja allí"),
    ("Mcal. López N° 1234 casi Brasil. Av. España 1234.", "[dirección]. [dirección]."),
    ("vive en la calle mcal lópez 1234", "vive en la [dirección]"),
    ("vive en la calle mcal. lópez 1234, con la tía", "vive en la [dirección], con la tía"),
    ("la avenida eusebio ayala 4500", "la [dirección]"),
    ("la calle donde vive es Calle Palma 1234", "la calle donde vive es [dirección]"),
    ("Vive en Gral. Díaz 456 c/ Colón.", "Vive en [dirección]."),
])
def test_a_street_address_is_hidden_and_the_next_sentence_kept(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "El pasaje Asunción Caaguazú 150 mil",
    "Desde Luque 2019 casi Todos vinieron",
    "Pasó por la calle Palma 200 mil veces",
    "la calle es muy larga 1234",
    "el pasaje cuesta 5000",
    "la calle tiene 200 metros",
    "en la Ruta 3 casi Limpio",
    "la ruta 3 1234",
])
def test_a_count_a_year_or_a_sentence_after_a_street_word_stays(text):
    assert redact(text) == text
