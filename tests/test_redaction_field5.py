"""Redaction cases from a red-team pass with new transcripts (round 5): hyphenated surnames, English possessives,
middle initials, particle-led surnames after a title, a second given name with the surname, phone numbers said in
pairs, cédula numbers said after "es", RUC and passport numbers, licence plates, and nicknames that are words."""

from __future__ import annotations

import pytest

from atlas_qual.redaction import NameMap, Redactor, redact

# the red team's CODENI interview (Ciudad del Este): what an evaluator would list after `names suggest`
INTERVIEW = """Título: Entrevista a consejera de CODENI
Fecha: 2025-06-11
Modalidad: presencial
DMOP: MAUEP
Territorio: Alto Paraná
Institución: CODENI
Rol: consejera
Entrevistadora: Liz Cabrera
Entrevistada: Nidia Martínez Riquelme
Seudónimo: CODENI-AP-2

[Entrevistadora] ¿Qué caso recuerda del piloto, verdad, Nidia?

[Nidia Martínez Riquelme] El de Marita, una niña de 13 años que trabajaba de criadita en la casa de la \
familia González-Ruiz. La Sra. González-Ruiz decía que era su ahijada. El Ruso, el papá, la había mandado \
desde Curuguaty; él habla ruso y guaraní. La madre, Arasy Benítez, tiene cédula. Su cédula es 4567890 y su RUC 4567890-1. \
Mi celular es 0983 65 43 21. La camioneta del patrón tenía chapa AAB 123 y la otra HJK 456. \
Cobraba 1500000 por mes. Vino la licenciada Rosa María del Puerto; la Sra. del Puerto firmó y María del Puerto \
llamó después. Firmó también Marita D. González, la tía. En Santa Rosa del Aguaray y en el puerto pasa lo mismo.

[Entrevistadora] Marita's mother did not come?

[Nidia Martínez Riquelme] No. Ha'e nomba'apói.
"""

LISTED = ["Marita Duarte González", "Arasy Benítez", "Rosa María del Puerto", "Ana González-Ruiz"]


@pytest.fixture
def interview(project, tmp_path):
    from atlas_qual.store.transcripts import import_files

    path = tmp_path / "codeni.txt"
    path.write_text(INTERVIEW, encoding="utf-8")
    report = import_files(project, [path])
    assert not report.errors, report.errors
    return report.imported[0].transcript_id


def test_the_red_team_interview_shows_no_identifier_and_keeps_every_ordinary_word(cli, project_path, interview):
    assert cli("names", "add", *LISTED, "--project", project_path).code == 0
    assert cli("names", "add", "Ruso", "--capitalised", "--project", project_path).code == 0
    text = "\n".join(s["text"] for s in cli("segments", "--transcript", interview, "--json",
                                             "--project", project_path).json())
    for leak in ("Ruiz", "González", "Marita", "Ruso", "Puerto", "Nidia", "4567890", "0983", "65 43 21",
                 "AAB", "HJK"):
        assert leak not in text, leak
    assert "familia [nombre]." in text and "La Sra. [nombre] decía" in text
    assert "[nombre]'s mother did not come?" in text
    assert "Su cédula es [cédula] y su [cédula]." in text and "Mi celular es [teléfono]." in text
    assert "chapa [chapa] y la otra [chapa]." in text
    # ordinary words stay: the language, the amount, the place names, the port, Guaraní words with apostrophes
    assert "él habla ruso y guaraní" in text and "Cobraba 1500000 por mes." in text
    assert "En Santa Rosa del Aguaray y en el puerto pasa lo mismo." in text and "Ha'e nomba'apói." in text


# --- names ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("listed, text, expected", [
    ("Ana González-Ruiz", "Ana González-Ruiz vino.", "[nombre] vino."),
    ("Ana González-Ruiz", "La Sra. González-Ruiz vino.", "La Sra. [nombre] vino."),
    ("Ana González-Ruiz", "GONZÁLEZ-RUIZ, Ana firmó.", "[nombre] firmó."),
    ("Ana González-Ruiz", "La Sra. Ruiz vino.", "La Sra. [nombre] vino."),
    ("Ana González Ruiz", "Ana González-Ruiz vino.", "[nombre] vino."),
    ("Marita Duarte González", "Marita Duarte-\nGonzález vino.", "[nombre] vino."),
    ("González-Ruiz", "la familia González-Ruiz vino", "la familia [nombre] vino"),
])
def test_a_hyphenated_surname_is_hidden_whole(listed, text, expected):
    assert Redactor({listed: ""}).redact(text) == expected


def test_a_listed_hyphenated_surname_does_not_make_its_first_half_a_given_name():
    assert Redactor({"González-Ruiz": ""}).redact("González vino.") == "González vino."


@pytest.mark.parametrize("text, expected", [
    ("Marita's mother did not come.", "[nombre]'s mother did not come."),
    ("I met Nidia’s brother.", "I met [nombre]’s brother."),
])
def test_an_english_possessive_does_not_hide_the_name(text, expected):
    assert Redactor({"Marita Duarte": "", "Nidia Martínez": ""}).redact(text) == expected


def test_guarani_words_with_an_apostrophe_stay_whole():
    r = Redactor({"Marita Duarte": ""})
    assert r.redact("Marita he'i ndaha'éi mba'eve") == "[nombre] he'i ndaha'éi mba'eve"


@pytest.mark.parametrize("text, expected", [
    ("Firmó Marita D. González.", "Firmó [nombre]."),
    ("Nidia M. Riquelme llamó.", "CODENI-AP-2 llamó."),
    ("la Sra. M. Riquelme llamó", "la Sra. M. [nombre] llamó"),
])
def test_a_middle_initial_does_not_cut_the_name_in_two(text, expected):
    r = Redactor({"Marita Duarte González": "", "Nidia Martínez Riquelme": "CODENI-AP-2"})
    assert r.redact(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("la Sra. del Puerto firmó", "la Sra. [nombre] firmó"),
    ("María del Puerto llamó", "[nombre] llamó"),
    ("la Dra. de la Cruz firmó", "la Dra. [nombre] firmó"),
    ("en el puerto y la cruz de la iglesia", "en el puerto y la cruz de la iglesia"),
    ("Santa Rosa del Aguaray", "Santa Rosa del Aguaray"),
])
def test_a_surname_led_by_a_particle_or_a_second_given_name_is_hidden(text, expected):
    r = Redactor({"Rosa María del Puerto": "Lic. 1", "Concepción de la Cruz Ayala": ""})
    assert r.redact(text) == expected


def test_a_second_given_name_with_the_surname_is_a_part_not_the_pseudonym():
    # "José Benítez" for "María José Benítez" may be her brother: the placeholder, never her pseudonym
    assert Redactor({"María José Benítez": "P1"}).redact("José Benítez vino") == "[nombre] vino"


def test_a_capital_initial_alone_is_kept():
    assert Redactor({"Ana Benítez": ""}).redact("Punto A. Vino B. después.") == "Punto A. Vino B. después."


# --- nicknames that are words --------------------------------------------------------------------------------------

@pytest.mark.parametrize("nickname", ["Ruso", "El Ruso", "Luna", "la Negra", "Hope"])
def test_a_nickname_that_is_a_word_is_refused_without_the_capital_choice(nickname):
    from atlas_qual.errors import AtlasQualError
    from atlas_qual.store.names import check_name

    with pytest.raises(AtlasQualError) as err:
        check_name(nickname)
    assert err.value.key == "names_everyday_word"
    assert check_name(nickname, capitalised=True) == nickname


@pytest.mark.parametrize("name", ["Kiki", "Chiqui", "Benegas", "Ñamandu", "González-Ruiz", "Juan Luna", "Marita"])
def test_a_nickname_or_surname_that_is_no_word_is_accepted(name):
    from atlas_qual.store.names import check_name

    assert check_name(name) == name


def test_names_add_ruso_says_it_is_a_word_and_capitalised_keeps_the_language(cli, project_path, interview):
    refused = cli("names", "add", "Ruso", "--project", project_path)
    assert refused.code == 1 and 'atlas-qual names add "Ruso" --capitalised' in refused.err
    assert Redactor(NameMap({"Ruso": ""}, capitalised=["Ruso"])).redact(
        "El Ruso habla ruso.") == "El [nombre] habla ruso."


# --- numbers -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Mi celular es 0983 65 43 21.", "Mi celular es [teléfono]."),
    ("Llamá al 0971 22 33 44 o al 021 12 34 56.", "Llamá al [teléfono] o al [teléfono]."),
    ("+595 983 65 43 21", "[teléfono]"),
])
def test_a_phone_number_said_in_pairs_is_hidden(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Su cédula es 4567890.", "Su cédula es [cédula]."),
    ("mi número de cédula es el 4567890", "mi número de cédula es el [cédula]"),
    ("My ID number is 4567890.", "My ID number is [cédula]."),
    ("cédula de identidad N.º 4567890", "cédula de identidad N.º [cédula]"),
    ("su RUC es 4567890-1.", "su RUC es [cédula]."),
    ("RUC N° 4.567.890-1", "[cédula]"),
    ("pasaporte N° A1234567", "[cédula]"),
])
def test_an_undotted_cedula_ruc_or_passport_number_is_hidden(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "con cédula, ganaba 2500000",
    "no tiene cédula y cobra 2500000",
    "sin cédula. Cobraba 1500000 por mes",
    "la cédula y 1500000 guaraníes",
    "el expediente N° 1234/2024 y la Ley 5407/15",
    "el Convenio OIT 138 y la Ley 1702",
])
def test_amounts_and_file_numbers_near_a_cedula_word_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize("text, expected", [
    ("La camioneta tenía chapa AAB 123 y la otra HJK 456.", "La camioneta tenía chapa [chapa] y la otra [chapa]."),
    ("la patente ABCD 123", "la patente [chapa]"),
    ("una moto con placa 123 ABCD", "una moto con placa [chapa]"),
    ("licence plate AB 123 CD", "licence plate [chapa]"),
])
def test_a_licence_plate_said_as_one_is_hidden(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", ["la chapa del techo", "chapa de zinc 200 unidades",
                                  "matrícula N° 1234 del abogado"])
def test_the_word_chapa_without_a_plate_stays(text):
    assert redact(text) == text


def test_the_plate_placeholder_is_in_the_readers_language():
    assert Redactor(lang="en").redact("plate ABCD 123") == "plate [licence plate]"


# --- Guaraní postpositions on a name (jopara) ----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Ha Maritápe ojapo umi tembiapo.", "Ha [nombre]pe ojapo umi tembiapo."),
    ("Ramónndive oho Buenos Aires-pe.", "[nombre]ndive oho Buenos Aires-pe."),
    ("Oho Marita Duartépe.", "Oho [nombre]pe."),
    ("la Sra. Martínezgui ohendu", "la Sra. [nombre]gui ohendu"),
])
def test_a_name_with_a_guarani_postposition_is_hidden_and_the_postposition_stays(text, expected):
    r = Redactor({"Marita Duarte González": "", "Ramón Ortiz": "", "Nidia Martínez": ""})
    assert r.redact(text) == expected


@pytest.mark.parametrize("text", ["ha maritape ojapo", "Pepe ha Repe oho", "Ramonape", "Oñemoñe'ẽ Mba'épe"])
def test_a_word_that_only_looks_like_a_name_with_a_postposition_stays(text):
    assert Redactor({"Marita Duarte González": "", "Ramón Ortiz": ""}).redact(text) == text


# --- birth dates ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("La niña nació el 12/03/2011 en Curuguaty.", "La niña nació el [fecha de nacimiento] en Curuguaty."),
    ("Fecha de nacimiento: 12-03-2011", "Fecha de nacimiento: [fecha de nacimiento]"),
    ("F. Nac.: 12.03.11", "F. Nac.: [fecha de nacimiento]"),
    ("nacida el 12 de marzo de 2011", "nacida el [fecha de nacimiento]"),
    ("nació el día 5 de julio del 2010", "nació el día [fecha de nacimiento]"),
    ("She was born on 3 May 2010.", "She was born on [fecha de nacimiento]."),
    ("DOB: 01/02/2009", "DOB: [fecha de nacimiento]"),
])
def test_a_date_said_as_a_birth_date_is_hidden(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "La entrevista fue el 12/03/2025.", "Nació en 2011.", "el nacimiento de la ruta el 12/03/2024",
    "la Policía Nacional el 12/03/2011", "Lo dijo el Dr. Rojas el 14/03/2025 (Ley 4788/12).",
])
def test_other_dates_stay(text):
    assert redact(text) == text


def test_the_birth_date_placeholder_is_in_the_readers_language():
    assert Redactor(lang="en").redact("born on 3 May 2010") == "born on [date of birth]"
