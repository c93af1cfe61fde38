"""The per-project list of names to hide: add, list, remove, suggest (nothing hidden until confirmed)."""

from __future__ import annotations

import pytest

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.names import add_names, list_names, remove_names, suggest_names
from atlas_qual.store.transcripts import import_files, project_redactor

INTERVIEW = """Título: Entrevista a consejera
Entrevistada: Graciela Benítez de Ocampo
Seudónimo: Docente CO-1
Territorio: Alto Paraná

Entrevistadora: ¿Qué pasó con la niña?
Consejera: La niña, Ana Lucía Britez, vino con Doña Ramona. El fiscal de turno llamó a Pedro Gómez Sosa.
Entrevistadora: ¿Y después?
Consejera: Pedro Gómez Sosa no contestó; en Ciudad del Este la CODENI ayudó y el Comisario Villalba también.
"""


@pytest.fixture
def interview(project, tmp_path):
    path = tmp_path / "consejera.txt"
    path.write_text(INTERVIEW, encoding="utf-8")
    report = import_files(project, [path])
    assert not report.errors, report.errors
    return report.imported[0].transcript_id


def test_added_name_is_hidden_in_outputs_and_listed_with_who_added_it(project, interview):
    add_names(project, ["Ana Lucía Britez"], added_by="ana.gimenez")
    redactor = project_redactor(project)
    assert redactor.redact("vino Ana Lucía Britez, luego ana britez") == "vino [nombre], luego [nombre]"
    listed = {e.name: e for e in list_names(project)}
    assert listed["Ana Lucía Britez"].kind == "listed" and listed["Ana Lucía Britez"].added_by == "ana.gimenez"
    assert listed["Graciela Benítez de Ocampo"].kind == "interviewee"
    assert listed["Graciela Benítez de Ocampo"].replacement == "Docente CO-1"


def test_a_replacement_can_be_given_and_adding_twice_keeps_one_entry(project):
    add_names(project, ["Pedro Gómez Sosa"])
    add_names(project, ["pedro gomez sosa"], replacement="Familiar 1")
    entries = [e for e in list_names(project) if e.kind == "listed"]
    assert [(e.name, e.replacement) for e in entries] == [("Pedro Gómez Sosa", "Familiar 1")]
    assert project_redactor(project).redact("Habló Pedro Gómez.") == "Habló Familiar 1."


@pytest.mark.parametrize("word", ["de", "de la", "y", "Fiscal", "Sra.", "la paz", "12345", " "])
def test_a_particle_title_or_common_word_is_refused_and_nothing_is_added(project, word):
    with pytest.raises(AtlasQualError) as err:
        add_names(project, ["Ana Lucía Britez", word])
    # the batch is refused whole, and the message says so (names_*_batch)
    assert err.value.key in ("names_not_a_name_batch", "names_everyday_word_batch", "names_empty")
    assert [e for e in list_names(project) if e.kind == "listed"] == []


def test_remove_takes_a_listed_name_off_but_never_an_interviewee(project, interview):
    add_names(project, ["Ana Lucía Britez"])
    assert remove_names(project, ["ana lucia britez"]) == ["Ana Lucía Britez"]
    assert "Ana Lucía Britez" in project_redactor(project).redact("Ana Lucía Britez")
    with pytest.raises(AtlasQualError) as err:
        remove_names(project, ["Graciela Benítez de Ocampo"])
    assert err.value.key == "names_interviewee_kept"
    with pytest.raises(AtlasQualError) as err:
        remove_names(project, ["Nadie Nunca"])
    assert err.value.key == "names_unknown" and "Nadie Nunca" in err.value.message("es")


def test_suggestions_find_people_but_hide_nothing_until_confirmed(project, interview):
    found = {s.name: s for s in suggest_names(project, interview)}
    assert {"Ana Lucía Britez", "Pedro Gómez Sosa", "Villalba"} <= set(found)
    # "Doña Ramona" is hidden where she stands (a person after an honorific), so that mention is no suggestion:
    # printing it in the list would show a name every other output hides
    assert "Ramona" not in found and "Ramona" not in project_redactor(project).redact("vino con Doña Ramona.")
    assert found["Pedro Gómez Sosa"].count == 2 and found["Pedro Gómez Sosa"].transcripts == (interview,)
    assert "Ciudad del Este" not in found and "Alto Paraná" not in found  # places are not people
    assert "Ana Lucía Britez" in project_redactor(project).redact("Ana Lucía Britez")  # not hidden yet
    add_names(project, ["Ana Lucía Britez"])
    after = {s.name: s for s in suggest_names(project)}
    assert "Ana Lucía Britez" not in after
    # an example shown for another suggestion never shows a name already hidden
    assert all("Britez" not in ex for s in after.values() for ex in s.examples)


def test_suggest_for_an_unknown_transcript_says_so(project):
    with pytest.raises(AtlasQualError) as err:
        suggest_names(project, 999)
    assert err.value.key == "names_unknown_transcript"


def test_names_cli_add_list_remove_suggest(cli, project_path, interview):
    r = cli("names", "add", "Ana Lucía Britez", "--by", "carlos.rojas", "--project", project_path)
    assert r.code == 0 and "Ana Lucía Britez" in r.out
    r = cli("names", "list", "--json", "--project", project_path)
    rows = {row["name"]: row for row in r.json()}
    assert rows["Ana Lucía Britez"]["added_by"] == "carlos.rojas" and rows["Ana Lucía Britez"]["kind"] == "listed"
    r = cli("names", "suggest", "--transcript", interview, "--json", "--project", project_path)
    assert r.code == 0 and "Pedro Gómez Sosa" in {s["name"] for s in r.json()}
    r = cli("names", "suggest", "--project", project_path, "--lang", "en")
    assert "nothing is hidden until you confirm it" in r.out and "names add" in r.out
    r = cli("names", "add", "de", "--project", project_path, "--lang", "es")
    assert r.code == 1 and r.out == "" and "«de»" in r.err and len(r.err.strip().splitlines()) == 1
    r = cli("names", "remove", "Ana Lucía Britez", "--project", project_path)
    assert r.code == 0
    r = cli("names", "list", "--json", "--project", project_path)
    assert "Ana Lucía Britez" not in {row["name"] for row in r.json()}
