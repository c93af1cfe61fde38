"""`atlas-qual names suggest` proposes nicknames and diminutives ("Marita", "la Chiqui", "Kiki", "el Ruso", "Juancito")
and a hyphenated surname on its own ("González-Ruiz"); a suggestion hides nothing, and one that is also a word says
to add it with --capitalised (red team, round 6)."""

from __future__ import annotations

import pytest

from atlas_qual.store.names import name_candidates, suggest_names

INTERVIEW = """Título: Entrevista a consejera de CODENI
Entrevistada: Nidia Martínez Riquelme
Seudónimo: CODENI-AP-2
Territorio: Alto Paraná

[Entrevistadora] ¿Qué caso recuerda?
[Nidia Martínez Riquelme] El de Marita, una niña que trabajaba de criadita en la casa de la familia González-Ruiz. \
El Ruso, el papá, la había mandado desde Curuguaty; él habla ruso. Vino la Chiqui con Kiki y Juancito. \
Fuimos a la Fiscalía, a la Municipalidad y a la Secretaría; en el Paraguay pasa en Concepción y en la Concepción.
"""

NICKNAMES = {"Marita", "Chiqui", "Kiki", "Ruso", "Juancito", "González-Ruiz"}


@pytest.fixture
def interview(project, tmp_path):
    from atlas_qual.store.transcripts import import_files

    path = tmp_path / "codeni.txt"
    path.write_text(INTERVIEW, encoding="utf-8")
    report = import_files(project, [path])
    assert not report.errors, report.errors
    return report.imported[0].transcript_id


def test_nicknames_diminutives_and_a_lone_hyphenated_surname_are_suggested(project, interview):
    found = {s.name: s for s in suggest_names(project, interview)}
    assert NICKNAMES <= set(found), sorted(found)
    assert found["Juancito"].why == "nickname" and found["González-Ruiz"].why == "surname"
    # institutions, places and a country after an article are not people
    assert not {"Fiscalía", "Municipalidad", "Secretaría", "Paraguay", "Concepción", "Curuguaty"} & set(found)


def test_a_suggestion_hides_nothing(project, interview):
    from atlas_qual.store.transcripts import project_redactor

    suggest_names(project, interview)
    text = "Vino la Chiqui con Kiki, Marita, Juancito y el Ruso de la familia González-Ruiz."
    assert project_redactor(project).redact(text) == text


def test_a_suggestion_that_is_a_word_says_to_add_it_with_capitalised(cli, project_path, interview):
    rows = {s["name"]: s for s in cli("names", "suggest", "--json", "--project", project_path).json()}
    assert rows["Ruso"]["capitalised"] is True
    assert rows["Kiki"]["capitalised"] is False and rows["Marita"]["capitalised"] is False
    shown = cli("names", "suggest", "--project", project_path, "--lang", "es").out
    lines = shown.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("Ruso:"))
    assert "apodo o diminutivo" in lines[at]
    assert 'atlas-qual names add "Ruso" --capitalised' in lines[at + 1]
    kiki = next(i for i, line in enumerate(lines) if line.strip().startswith("Kiki:"))
    assert "--capitalised" not in lines[kiki + 1]
    english = cli("names", "suggest", "--project", project_path, "--lang", "en").out
    assert "looks like a nickname or diminutive" in english and "also an everyday word" in english
    # the hint is what works: the word is refused without the choice and accepted with it
    assert cli("names", "add", "Ruso", "--project", project_path).code == 1
    assert cli("names", "add", "Ruso", "--capitalised", "--project", project_path).code == 0


@pytest.mark.parametrize("text, name", [
    ("le decían Pedrito", "Pedrito"), ("vino Carlitos", "Carlitos"), ("la Fati llamó", "Fati"),
    ("con Coco y Lulú", "Coco"), ("la Negra no vino", "Negra"),
])
def test_more_pet_names_are_suggested(text, name):
    assert name in {c[0] for c in name_candidates(text)}


@pytest.mark.parametrize("text", [
    "la Fiscalía y el Ministerio", "la Gobernación de Itapúa", "en el Paraguay", "la Mesa Interinstitucional",
    "Una Bonita casa", "vino el Comisario", "la CODENI", "en la Policía", "fue a Caacupé",
])
def test_words_that_only_look_like_nicknames_are_not_suggested(text):
    assert not [c for c in name_candidates(text) if c[1] == "nickname"]
