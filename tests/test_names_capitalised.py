"""A name that is also an everyday word ("Rosa", "Paz") can be listed as hidden only where written with a capital
letter: `atlas-qual names add NAME --capitalised` (field finding B-1).

"la Paz" with a capital P is hidden too ("la [nombre]"): a capital cannot tell the city from a woman called Paz,
and Paraguayans put an article before a first name ("la Rosa", "el Juan"), so privacy wins; an evaluator who needs
the city reads the original with --no-redact.
"""

from __future__ import annotations

import pytest

from atlas_qual.redaction import NameMap, Redactor, is_hideable_name, redact

INTERVIEW = """Título: Entrevista a fiscal
Entrevistada: María de los Ángeles Benítez
Seudónimo: Fiscal AP-1
Territorio: Alto Paraná

Entrevistadora: ¿Quién trabajaba en la casa?
María de los Ángeles Benítez: Rosa, la madre, trabajaba en la chacra. La casa era de color rosa. Después vino el \
comisario Paz; todos queremos vivir en paz.
"""


@pytest.fixture
def interview(project, tmp_path):
    from atlas_qual.store.transcripts import import_files

    path = tmp_path / "fiscal.txt"
    path.write_text(INTERVIEW, encoding="utf-8")
    report = import_files(project, [path])
    assert not report.errors, report.errors
    return report.imported[0].transcript_id


def capitalised(*names, **more) -> Redactor:
    return Redactor(NameMap({n: "" for n in names} | more, capitalised=names))


# --- the Redactor ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Rosa, la madre, trabajaba en la chacra.", "[nombre], la madre, trabajaba en la chacra."),  # sentence start
    ("Vino Rosa ayer.", "Vino [nombre] ayer."),
    ("ROSA VINO AYER.", "[nombre] VINO AYER."),
    ("Una rosa blanca en la puerta.", "Una rosa blanca en la puerta."),
    ("La casa era de color rosa.", "La casa era de color rosa."),
    ("El comisario Paz llegó.", "El comisario [nombre] llegó."),
    ("Todos queremos vivir en paz.", "Todos queremos vivir en paz."),
    ("Paz, ven aquí.", "[nombre], ven aquí."),
    ("Viajó a la Paz.", "Viajó a la [nombre]."),  # the city is not told from "la Paz" the woman (module docstring)
    ("Doña rosa no vino.", "Doña rosa no vino."),  # lower case: not the name, even after a title
])
def test_a_capitalised_name_is_hidden_only_where_written_with_a_capital(text, expected):
    assert capitalised("Rosa", "Paz").redact(text) == expected


def test_without_the_choice_an_everyday_word_is_hidden_only_after_a_title():
    r = Redactor({"Rosa": "", "Paz": ""})
    assert r.redact("Rosa, la madre, y Paz.") == "Rosa, la madre, y Paz."
    assert r.redact("el comisario Paz") == "el comisario [nombre]"


def test_a_capitalised_full_name_needs_every_word_but_the_particles_capitalised():
    r = capitalised("Rosa de los Santos")
    assert r.redact("Vino Rosa de los Santos.") == "Vino [nombre]."
    assert r.redact("una rosa de los santos patronos") == "una rosa de los santos patronos"
    assert r.redact("Vino Rosa.") == "Vino [nombre]."  # its given name alone, capitalised, is a part of the name


def test_the_same_name_listed_without_the_choice_keeps_hiding_lower_case():
    """Two entries give the same words: the one hidden in any case wins, so hiding never gets narrower."""
    r = Redactor(NameMap({"Rosa Giménez": "Madre SP-1", "Rosa": ""}, capitalised=["Rosa"]))
    assert r.redact("rosa giménez vino; Rosa también; una rosa") == "Madre SP-1 vino; [nombre] también; una rosa"


def test_the_choice_can_be_passed_to_the_redactor_and_to_redact():
    assert Redactor({"Paz": ""}, capitalised=["Paz"]).redact("Paz vive en paz") == "[nombre] vive en paz"
    assert redact("Paz vive en paz", NameMap({"Paz": ""}, capitalised=["Paz"])) == "[nombre] vive en paz"
    assert redact("Paz vive en paz", {"Paz": ""}) == "Paz vive en paz"  # the cache tells the two apart


def test_the_quick_checks_never_clear_a_text_that_holds_a_capitalised_name():
    r = capitalised("Rosa", "Paz")
    texts = ["Rosa, la madre", "una rosa blanca", "vivir en paz", "el comisario PAZ"]
    assert r.may_hold_names(texts) == [True, False, False, True]  # lower case is cleared without the full check
    assert r.may_need_findings(texts) == [True, False, False, True]


@pytest.mark.parametrize("name, ok", [("Rosa", True), ("Paz", True), ("la Paz", True), ("La", False),
                                      ("Fiscal", False), ("Doña", False), ("que", False), ("Rosa 2", False)])
def test_a_particle_title_or_grammar_word_is_refused_even_capitalised(name, ok):
    assert is_hideable_name(name, capitalised=True) is ok


# --- the CLI -----------------------------------------------------------------------------------------------------

def test_names_add_refuses_an_everyday_word_and_names_the_flag_as_the_fix(cli, project_path, interview):
    result = cli("names", "add", "Rosa", "--project", project_path)
    assert result.code == 1 and result.out == ""
    line = result.err.strip()
    assert "\n" not in line and "«Rosa»" in line and 'atlas-qual names add "Rosa" --capitalised' in line
    assert cli("names", "list", "--json", "--project", project_path).json()[-1]["name"] != "Rosa"


def test_a_refused_batch_says_the_other_names_were_not_added_either(cli, project_path, interview):
    result = cli("names", "add", "Ana Britez", "Rosa", "Carlos Díaz", "--project", project_path, "--lang", "en")
    assert result.code == 1
    assert "none of the names in this command was added" in result.err and "--capitalised" in result.err
    listed = [e["name"] for e in cli("names", "list", "--json", "--project", project_path).json()]
    assert "Ana Britez" not in listed and "Carlos Díaz" not in listed
    result = cli("names", "add", "Ana Britez", "de la", "--project", project_path, "--lang", "es")
    assert result.code == 1 and "no se agregó ninguno de los nombres de esta orden" in result.err


def test_names_add_capitalised_hides_rosa_and_paz_in_segments_and_keeps_the_words(cli, project_path, interview):
    added = cli("names", "add", "Rosa", "Paz", "--capitalised", "--json", "--project", project_path)
    assert added.code == 0 and [e["capitalised"] for e in added.json()["added"]] == [True, True]
    listed = {e["name"]: e for e in cli("names", "list", "--json", "--project", project_path).json()}
    assert listed["Rosa"]["capitalised"] is True and listed["María de los Ángeles Benítez"]["capitalised"] is False
    assert "Rosa (solo con mayúscula)" in cli("names", "list", "--project", project_path).out
    text = " ".join(s["text"] for s in cli("segments", "--transcript", interview, "--json",
                                            "--project", project_path).json())
    assert "[nombre], la madre, trabajaba" in text and "comisario [nombre];" in text
    assert "de color rosa" in text and "vivir en paz" in text
    assert "Rosa" not in text and "Paz" not in text
    original = " ".join(s["text"] for s in cli("segments", "--transcript", interview, "--json", "--no-redact",
                                                "--project", project_path).json())
    assert "Rosa, la madre" in original


def test_the_choice_reaches_the_analysts_frames_even_when_set_on_a_listed_name_later(project_path, project,
                                                                                       interview):
    import atlas_qual as aq
    from atlas_qual.store.names import add_names, list_names

    add_names(project, ["Rosa Giménez"])
    frames = aq.open_project(project_path)
    try:
        assert "Rosa, la madre" in " ".join(frames.segments()["text"])
        add_names(project, ["Rosa"], capitalised=True)
        text = " ".join(frames.segments()["text"])
        assert "[nombre], la madre" in text and "de color rosa" in text
        add_names(project, ["Rosa Giménez"], capitalised=True)  # the choice set on a name already listed
        assert [e.capitalised for e in list_names(project) if e.name == "Rosa Giménez"] == [True]
        assert "[nombre], la madre" in " ".join(frames.segments()["text"])
    finally:
        frames.close()


def test_selecting_a_capitalised_everyday_word_on_the_coding_page_hides_it_where_capitalised(project, interview):
    from sqlalchemy import select

    from atlas_qual.store.models import Segment
    from atlas_qual.store.names import list_names
    from atlas_qual.widgets.coding import CodingApp

    with project.session() as s:
        seg_id, text = s.execute(select(Segment.id, Segment.text).where(Segment.text.like("Rosa,%"))).one()
    app = CodingApp(project, coder="ana", transcript_id=interview)
    app.reader.act({"type": "hide_name", "segment_id": seg_id, "start": 0, "end": 4})
    assert app.reader.status["kind"] == "ok" and "mayúscula" in app.reader.status["text"]
    assert [e.capitalised for e in list_names(project) if e.name == "Rosa"] == [True]
