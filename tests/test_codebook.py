"""The codebook: YAML/CSV round trips, validation messages, resolving names and paths, and the project's codebook
edits (add, rename, move, merge with codings following, delete with its codings, import/export)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from atlas_qual.codebook import (
    Codebook,
    CodeIndex,
    CodeNode,
    Rules,
    codebook_from_data,
    read_csv,
    read_yaml,
    rules_from_data,
    to_csv,
    to_yaml,
)
from atlas_qual.errors import AtlasQualError
from atlas_qual.store.codebook import (
    add_code,
    code_details,
    code_index,
    code_usage,
    delete_code,
    export_codebook,
    get_codebook,
    import_codebook,
    merge_codes,
    move_code,
    rename_code,
    update_code,
)
from atlas_qual.store.coding import apply_code
from atlas_qual.store.memos import set_memo
from atlas_qual.store.models import Code, Coding, Memo
from atlas_qual.store.transcripts import import_files

SMALL_YAML = """
codes:
  - name: Evaluación
    name_en: Evaluation
    color: "#455A64"
    definition: {es: Valoraciones, en: Assessments}
    children:
      - name: Debilidades
        name_en: Weaknesses
        when_to_use: Cuando algo falla
        rules:
          lemmas: [debilidad, inspector]
          phrases: ["no funcionó"]
          regex: ['\\bfalta(n)? de\\b']
          speakers: ["Fiscal*"]
          attributes: {territory: [boqueron, san_pedro], dmop: MAUEP}
  - name: Temas
    children:
      - name: Criadazgo
"""


def test_default_codebook_round_trips_through_yaml_and_csv():
    from importlib import resources

    text = resources.files("atlas_qual.data").joinpath("codebook.yaml").read_text(encoding="utf-8")
    cb = read_yaml(text)
    paths = [p for p, _n, _d in cb.walk()]
    assert "Evaluación/Debilidades" in paths and "Temas/Criadazgo" in paths and len(paths) >= 35
    assert read_yaml(to_yaml(cb)) == cb
    assert read_csv(to_csv(cb)) == cb


def test_yaml_keeps_definitions_colours_and_rules_of_each_code():
    cb = read_yaml(SMALL_YAML)
    weak = cb.codes[0].children[0]
    assert cb.codes[0].color == "#455a64"
    assert cb.codes[0].definition == {"es": "Valoraciones", "en": "Assessments"}
    assert weak.when_to_use == {"es": "Cuando algo falla"}
    assert weak.rules.lemmas == ("debilidad", "inspector")
    assert weak.rules.attributes == (("territory", ("boqueron", "san_pedro")), ("dmop", ("MAUEP",)))
    assert read_csv(to_csv(cb)) == cb  # regex with "\b" and "|" survives the CSV cell


def test_csv_written_by_a_spanish_spreadsheet_with_semicolons_reads():
    text = ("path;name_en;color;lemmas;attributes\n"
            "Temas;Topics;;;\n"
            'Temas/Criadazgo;Criadazgo;#abc;"criada; criadito";territory=san_pedro,boqueron\n')
    cb = read_csv(text)
    child = cb.codes[0].children[0]
    assert child.color == "#aabbcc"
    assert child.rules.lemmas == ("criada", "criadito")
    assert child.rules.attributes == (("territory", ("san_pedro", "boqueron")),)


@pytest.mark.parametrize("spec, expected", [
    ([{"name": "A/B"}], "'/'"),
    ([{"name": "Temas"}, {"name": "temas"}], "repite el nombre"),
    ([{"name": "X", "color": "azul"}], "azul"),
    ([{"name": "X", "rules": {"regex": ["(sin cerrar"]}}], "(sin cerrar"),
    ([{"name": "X", "rules": {"palabras": ["a"]}}], "palabras"),
    ([{"name": "X", "rules": {"attributes": {"provincia": "X"}}}], "provincia"),
    ([{"name": ""}], "falta el nombre"),
])
def test_invalid_codebook_names_the_code_and_the_problem(spec, expected):
    with pytest.raises(AtlasQualError) as info:
        codebook_from_data({"codes": spec}, "mi_libro.yaml")
    message = info.value.message("es")
    assert "mi_libro.yaml" in message and expected in message


def test_invalid_codebook_lists_every_problem_at_once():
    with pytest.raises(AtlasQualError) as info:
        codebook_from_data([{"name": "A", "color": "rojo", "children": [{"name": "B/C"}]}], "x.yaml")
    message = info.value.message("en")
    assert "rojo" in message and "B/C" in message and "A:" in message


def test_csv_child_without_its_parent_row_is_reported_with_the_row():
    with pytest.raises(AtlasQualError) as info:
        read_csv("path,name_en\nTemas/Criadazgo,\n", "libro.csv")
    message = info.value.message("es")
    assert "fila/row 2" in message and "'Temas'" in message


def test_broken_yaml_says_line_and_column():
    with pytest.raises(AtlasQualError) as info:
        read_yaml("codes:\n  - name: [sin cerrar\n", "roto.yaml")
    assert "roto.yaml" in info.value.message("es") and ":" in info.value.params["where"]


def test_rules_from_a_single_string_become_lists_and_merge_without_duplicates():
    a = rules_from_data({"lemmas": "inspector", "attributes": {"dmop": "MAUEP"}})
    b = rules_from_data({"lemmas": ["inspector", "fiscal"], "attributes": {"dmop": ["CR"]}})
    merged = a.merged(b)
    assert merged.lemmas == ("inspector", "fiscal")
    assert merged.attributes == (("dmop", ("MAUEP", "CR")),)
    assert Rules().is_empty and not merged.is_empty


def _index() -> CodeIndex:
    return CodeIndex([(1, None, "Evaluación", "Evaluation"), (2, 1, "Debilidades", "Weaknesses"),
                      (3, None, "Temas", "Topics"), (4, 3, "Otros", "Other"), (5, 1, "Otros", "Other")])


def test_code_resolves_by_name_path_english_or_without_accents():
    idx = _index()
    assert idx.resolve("Debilidades").id == 2
    assert idx.resolve("evaluacion / debilidades").id == 2
    assert idx.resolve("Evaluation/Weaknesses").id == 2
    assert idx.resolve("WEAKNESSES").path == "Evaluación/Debilidades"
    assert idx.resolve(4).path == "Temas/Otros"


def test_a_name_shared_by_two_codes_asks_for_the_path():
    idx = _index()
    with pytest.raises(AtlasQualError) as info:
        idx.resolve("Otros")
    assert info.value.key == "code_ambiguous"
    assert "Evaluación/Otros" in info.value.message("es") and "Temas/Otros" in info.value.message("es")
    assert idx.resolve("Temas/Otros").id == 4


def test_an_unknown_code_suggests_the_closest_ones():
    with pytest.raises(AtlasQualError) as info:
        _index().resolve("Debilidad")
    assert "Evaluación/Debilidades" in info.value.message("en")


def test_codebook_walk_gives_paths_in_order():
    cb = Codebook((CodeNode("A", children=(CodeNode("B"), CodeNode("C"))), CodeNode("D")))
    assert [(p, d) for p, _n, d in cb.walk()] == [("A", 0), ("A/B", 1), ("A/C", 1), ("D", 0)]


# --- the project's codebook -----------------------------------------------------------------------------------


@pytest.fixture
def coded(project, tmp_path):
    """A project with one interview of three turns and a few codings by two coders."""
    f = tmp_path / "e.txt"
    f.write_text("Entrevistadora: ¿Qué falló?\n\nFiscal Adjunta: Faltan inspectores.\n\nFiscal Adjunta: Y presupuesto.\n",
                 encoding="utf-8")
    report = import_files(project, [f])
    assert not report.errors
    with project.session() as s:
        from atlas_qual.store.models import Segment

        segs = [sid for (sid,) in s.execute(select(Segment.id).order_by(Segment.ordinal))]
    return project, segs


def test_add_code_under_a_parent_and_find_it_by_path(project):
    ref = add_code(project, "Presupuesto", parent="Evaluación/Debilidades", name_en="Budget", color="#c62828",
                   definition={"es": "Falta de fondos", "en": "Lack of funds"})
    assert ref.path == "Evaluación/Debilidades/Presupuesto"
    details = code_details(project, "Presupuesto")
    assert details["definition"]["en"] == "Lack of funds" and details["color"] == "#c62828"


def test_adding_a_sibling_with_the_same_name_is_refused(project):
    with pytest.raises(AtlasQualError) as info:
        add_code(project, "debilidades", parent="Evaluación")
    assert info.value.key == "code_exists"
    assert len(code_index(project)) == 39


def test_rename_keeps_codings_and_memos(coded):
    project, segs = coded
    apply_code(project, segs[1], "Debilidades", "ana")
    set_memo(project, "code", code_index(project).resolve("Debilidades").id, "ana", "Ver presupuesto")
    ref = rename_code(project, "Debilidades", "Problemas internos", name_en="Internal problems")
    assert ref.path == "Evaluación/Problemas internos"
    with project.session() as s:
        assert s.scalar(select(func.count()).select_from(Coding).where(Coding.code_id == ref.id)) == 1
        assert s.scalar(select(Memo.text).where(Memo.target_id == ref.id)) == "Ver presupuesto"
    assert code_index(project).resolve("Internal problems").id == ref.id


def test_move_changes_the_path_and_refuses_a_cycle(project):
    ref = move_code(project, "Temas/Criadazgo", "Evaluación", position=0)
    assert ref.path == "Evaluación/Criadazgo"
    assert code_index(project).children(code_index(project).resolve("Evaluación").id)[0].name == "Criadazgo"
    with pytest.raises(AtlasQualError) as info:
        move_code(project, "Evaluación", "Evaluación/Debilidades")
    assert info.value.key == "code_move_cycle"
    assert move_code(project, "Evaluación/Criadazgo", None).path == "Criadazgo"


def test_merge_moves_codings_and_collapses_duplicates(coded):
    project, segs = coded
    apply_code(project, segs[1], "Desafíos", "ana")
    apply_code(project, segs[1], "Debilidades", "ana")  # same coder, same segment, both codes: one coding remains
    apply_code(project, segs[2], "Desafíos", "ana")
    apply_code(project, segs[1], "Desafíos", "carlos")
    update_code(project, "Desafíos", rules={"lemmas": ["obstáculo"]})
    result = merge_codes(project, "Evaluación/Desafíos", "Evaluación/Debilidades")
    assert (result.moved, result.collapsed) == (2, 1)
    idx = code_index(project)
    assert not idx.find("Desafíos")
    weak = idx.resolve("Debilidades").id
    with project.session() as s:
        rows = sorted(s.execute(select(Coding.segment_id, Coding.coder).where(Coding.code_id == weak)).all())
        rules = s.get(Code, weak).rules
    assert rows == sorted([(segs[1], "ana"), (segs[2], "ana"), (segs[1], "carlos")])
    assert "obstáculo" in rules["lemmas"] and "debilidad" in rules["lemmas"]


def test_merge_also_merges_same_named_subcodes(project):
    add_code(project, "Otros", parent="Temas")
    add_code(project, "Otros", parent="Procesos")
    result = merge_codes(project, "Procesos", "Temas")
    idx = code_index(project)
    assert result.subcodes >= 3
    assert [r.path for r in idx.find("Otros")] == ["Temas/Otros"]
    assert idx.resolve("Derivación").path == "Temas/Derivación"


def test_merge_into_itself_or_a_subcode_is_refused(project):
    with pytest.raises(AtlasQualError):
        merge_codes(project, "Evaluación", "Evaluación/Debilidades")


def test_delete_asks_for_confirmation_then_removes_subcodes_and_codings(coded):
    project, segs = coded
    apply_code(project, segs[1], "Debilidades", "ana")
    apply_code(project, segs[2], "Fortalezas", "carlos")
    assert code_usage(project, "Evaluación") == {"path": "Evaluación", "codes": 7, "codings": 2}
    with pytest.raises(AtlasQualError) as info:
        delete_code(project, "Evaluación")
    assert "elimina 7 códigos y 2 codificaciones" in info.value.message("es")
    assert info.value.key == "code_delete_unconfirmed"
    assert len(code_index(project)) == 39  # nothing deleted without confirmation
    done = delete_code(project, "Evaluación", confirm=True)
    assert done["codes"] == 7 and done["codings"] == 2
    with project.session() as s:
        assert s.scalar(select(func.count()).select_from(Coding)) == 0
    assert len(code_index(project)) == 32 and not code_index(project).find("Fortalezas")


def test_export_then_import_updates_codes_without_losing_codings(coded, tmp_path):
    project, segs = coded
    apply_code(project, segs[1], "Debilidades", "ana")
    out = tmp_path / "libro.csv"
    assert export_codebook(project, out) == 39
    text = out.read_text(encoding="utf-8-sig").replace("Evaluación/Debilidades,Weaknesses",
                                                       "Evaluación/Debilidades,Internal weaknesses")
    text += "Evaluación/Debilidades/Presupuesto,Budget,#123456,,,,,,,,,presupuesto,,,,\n"
    out.write_text(text, encoding="utf-8")
    counts = import_codebook(project, out)
    assert counts == {"added": 1, "updated": 39}
    idx = code_index(project)
    assert idx.resolve("Internal weaknesses").path == "Evaluación/Debilidades"
    assert idx.resolve("Presupuesto").path == "Evaluación/Debilidades/Presupuesto"
    with project.session() as s:
        assert s.scalar(select(func.count()).select_from(Coding)) == 1


def test_yaml_export_reads_back_as_the_same_codebook(project, tmp_path):
    out = tmp_path / "libro.yaml"
    export_codebook(project, out)
    assert read_yaml(out.read_text(encoding="utf-8")) == get_codebook(project)


def test_importing_an_invalid_codebook_changes_nothing(project, tmp_path):
    bad = tmp_path / "malo.yaml"
    bad.write_text("codes:\n  - name: Nuevo\n  - name: Otro/Malo\n", encoding="utf-8")
    with pytest.raises(AtlasQualError) as info:
        import_codebook(project, bad)
    assert "malo.yaml" in info.value.message("es")
    assert not code_index(project).find("Nuevo")
