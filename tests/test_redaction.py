"""Redaction of personal data in quotes, exports and reports: what must go, and what must stay."""

from __future__ import annotations

import pytest

from atlas_qual.redaction import Finding, Redactor, redact


# --------------------------------------------------------------------------------------------- phones

@pytest.mark.parametrize("number", [
    "0981 123 456", "0981-123-456", "0981123456", "0971 123456", "(021) 123-456", "021 123 456", "021 1234567",
    "+595 21 123 456", "+595 981 123456", "+595981123456", "00595 981 123 456", "(0981) 123 456",
    "981 123 456", "061 512 345",
])
def test_paraguayan_phone_numbers_are_redacted(number):
    assert redact(f"Llámeme al {number}, por favor.") == "Llámeme al [teléfono], por favor."


def test_phone_placeholder_in_english():
    assert redact("Call +595 21 123 456 today.", lang="en") == "Call [phone] today."


@pytest.mark.parametrize("text", [
    "Las líneas 147 (Fono Ayuda) y 137 (SOS Mujer) funcionan.",
    "Denuncie al 147 o al 137.",
])
def test_helpline_short_numbers_are_not_redacted(text):
    assert redact(text) == text


# ------------------------------------------------------------------------------------------- cédulas

@pytest.mark.parametrize("text, expected", [
    ("Su cédula es 1.234.567.", "Su cédula es [cédula]."),
    ("C.I. 1234567 presentada", "[cédula] presentada"),
    ("con CI N° 4.567.890 y", "con [cédula] y"),
    ("cédula 4567890", "[cédula]"),
    ("Cédula de identidad Nº 823.456", "[cédula]"),
    ("C.I.N° 1.234.567", "[cédula]"),
    ("documento de identidad: 3456789", "[cédula]"),
])
def test_cedula_numbers_are_redacted(text, expected):
    assert redact(text) == expected


def test_cedula_placeholder_in_english():
    assert redact("ID card 4567890 and 1.234.567", lang="en") == "[ID number] and [ID number]"


# -------------------------------------------------------------------------------------------- e-mails

def test_email_addresses_are_redacted_and_sentence_period_kept():
    text = "Escriba a ana.gimenez@mtess.gov.py o a c_rojas+atlas@gmail.com."
    assert redact(text) == "Escriba a [correo] o a [correo]."
    assert redact(text, lang="en") == "Escriba a [e-mail] o a [e-mail]."


# ----------------------------------------------------------------------------------- must not touch

@pytest.mark.parametrize("text", [
    "La reunión fue el 14/03/2025 y la otra el 14.03.2025 (o 2025-03-14).",
    "Entre 2018 y 2025, en 2019-2020.",
    "The budget was 1.1 million dollars, 45,5% more.",
    "Según la Ley 4788/12 y la Ley N° 1.680/01, el Decreto 4.951/2005.",
    "El salario mínimo es Gs. 2.798.309 y costó ₲ 1.500.000.",
    "Paraguay tiene 7.353.038 habitantes y hubo 1.234.567 personas atendidas.",
    "Llegamos a las 10:30 y salimos a las 14:45.",
    "Expediente 123/2024, página 12 de 30.",
    "Son 3.500 casos.",
    "Ver el documento 12345 del expediente.",
])
def test_dates_years_amounts_and_law_numbers_are_not_touched(text):
    assert redact(text) == text
    assert Redactor().findings(text) == []


# ----------------------------------------------------------------------------------------------- names

def test_listed_name_is_replaced_by_its_pseudonym_ignoring_case_and_accents():
    r = Redactor({"María José Benítez": "Lucía"})
    assert r.redact("Habló María José Benítez.") == "Habló Lucía."
    assert r.redact("Habló MARIA JOSE BENITEZ.") == "Habló Lucía."
    assert r.redact("Habló maría josé benítez.") == "Habló Lucía."


def test_name_listed_without_accents_matches_text_with_accents():
    r = Redactor({"Nunez Pena": "E3"})
    assert r.redact("Dijo Núñez Peña que sí.") == "Dijo E3 que sí."


def test_names_match_whole_words_only():
    r = Redactor({"Ana": "E1"})
    assert r.redact("Ana y Anabel fueron con Mariana; ana también.") == "E1 y Anabel fueron con Mariana; E1 también."


def test_first_and_last_name_combination_of_a_full_name():
    r = Redactor({"María José Benítez Ortiz": "Lucía"})
    assert r.redact("Vino María Ortiz, luego María Benítez y María José Benítez.") == \
        "Vino Lucía, luego Lucía y Lucía."


@pytest.mark.parametrize("title", ["Sr.", "Sra.", "Dr.", "Dra.", "Lic.", "Fiscal", "Don", "Doña", "Señora",
                                   "Licenciada", "sra"])
def test_surname_after_a_title_is_replaced_and_the_title_kept(title):
    r = Redactor({"Carmen Ortiz": "E2"})
    # a surname is not the whole name: maybe another Ortiz, so the placeholder, never the pseudonym
    assert r.redact(f"Según {title} Ortiz, no.") == f"Según {title} [nombre], no."


def test_surname_alone_without_title_is_not_a_name():
    # "Ortiz" alone is too common a word to redact without a title or the first name
    assert Redactor({"Carmen Ortiz": "E2"}).redact("La calle Ortiz.") == "La calle Ortiz."


def test_don_and_dona_with_the_first_name_are_replaced():
    r = Redactor({"Ramona Villalba": ""})
    assert r.redact("Doña Ramona contó todo.") == "Doña [nombre] contó todo."
    # a listed person's first name alone is a name when capitalised (finding 16), never in lower case
    assert r.redact("Ramona contó todo.") == "[nombre] contó todo."
    assert r.redact("Lo dijo ramona del patio.") == "Lo dijo ramona del patio."  # in a capitalised sentence


def test_empty_replacement_gives_the_placeholder_in_each_language():
    assert Redactor({"Carlos Rojas": ""}).redact("Carlos Rojas habló.") == "[nombre] habló."
    assert Redactor({"Carlos Rojas": ""}, lang="en").redact("Carlos Rojas spoke.") == "[name] spoke."


def test_same_surname_for_two_people_gives_the_neutral_placeholder():
    r = Redactor({"Ana Benítez": "E1", "Luis Benítez": "E2"})
    assert r.redact("Ana Benítez y Luis Benítez; la Sra. Benítez.") == "E1 y E2; la Sra. [nombre]."


def test_decomposed_accents_in_the_text_still_match():
    r = Redactor({"Benítez": "X"})
    assert r.redact("Beni\u0301tez") == "X"


# ---------------------------------------------------------------------------------------------- findings

def test_findings_list_kind_span_and_replacement_in_text_order():
    text = "Sra. Ortiz (C.I. 1.234.567) llamó del 0981 123 456 y escribió a ortiz@example.org."
    findings = Redactor({"Carmen Ortiz": "E2"}).findings(text)
    assert [(f.kind, f.text, f.replacement) for f in findings] == [
        ("name", "Ortiz", "[nombre]"),
        ("id_number", "C.I. 1.234.567", "[cédula]"),
        ("phone", "0981 123 456", "[teléfono]"),
        ("email", "ortiz@example.org", "[correo]"),
    ]
    assert all(text[f.start:f.end] == f.text for f in findings)
    assert all(isinstance(f, Finding) for f in findings)


def test_email_with_a_listed_name_inside_is_one_email_finding():
    findings = Redactor({"Ortiz": "E2"}).findings("Escriba a ortiz@example.org")
    assert [(f.kind, f.text) for f in findings] == [("email", "ortiz@example.org")]


def test_text_without_personal_data_is_returned_unchanged():
    text = "La CODENI de Pilar coordina con el MTESS desde 2024; el 147 recibe denuncias."
    assert redact(text, {"María Gómez": "E1"}) == text


def test_redactor_is_callable_and_convenience_function_agrees():
    names = {"Carlos Rojas": "E5"}
    r = Redactor(names)
    text = "Carlos Rojas (0981-123-456)"
    assert r(text) == redact(text, names) == "E5 ([teléfono])"


def test_misuse_raises_plain_errors():
    with pytest.raises(ValueError):
        Redactor(lang="fr")
    with pytest.raises(TypeError):
        Redactor().redact(None)  # type: ignore[arg-type]
