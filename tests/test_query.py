"""Code queries: AND, OR, NOT, OVERLAP, NEAR (same turn and within N words) on hand-made codings, filters by
attribute and coder, quotes, the query x attribute matrix, and CSV/Excel files."""

from __future__ import annotations

import csv
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from atlas_qual.errors import AtlasQualError
from atlas_qual.query import And, Code, Near, Not, Or, Overlap, parse
from atlas_qual.store.coding import apply_code
from atlas_qual.store.models import Segment
from atlas_qual.store.query_store import export_query, query_matrix, run_query
from atlas_qual.store.transcripts import import_files

WEAK, REFERRAL, CHILD = "Evaluación/Debilidades", "Procesos/Derivación", "Temas/Trabajo infantil"


@pytest.fixture
def coded(project, tmp_path):
    """Two interviews (San Pedro, Boquerón), four turns each, coded by hand; returns (project, segments by name)."""
    texts = {
        "sp.txt": "DMOP: CR\nTerritorio: San Pedro\nEntrevistada: Rosa Benítez\nSeudónimo: SP-1\n\n"
                  "Rosa: La derivación a la fiscalía tarda semanas y nadie avisa.\n"
                  "Entrevistadora: ¿Por qué?\n"
                  "Rosa: Falta personal. Los niños trabajan en la cosecha y la derivación no llega.\n"
                  "Entrevistadora: Gracias.\n",
        "bq.txt": "DMOP: MAUEP\nTerritorio: Boquerón\n\n"
                  "Inspector: La derivación funciona bien con la fiscalía.\n"
                  "Entrevistador: ¿Y lo que falta?\n"
                  "Inspector: Faltan vehículos para llegar a las estancias.\n"
                  "Entrevistador: Gracias.\n",
    }
    files = []
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    report = import_files(project, files)
    assert not report.errors, report.errors
    segs = {}
    with project.session() as s:
        for item in report.imported:
            name = item.file.rsplit("/", 1)[-1]
            segs[name] = [SimpleNamespace(id=r.id, start=r.start, text=r.text) for r in s.scalars(
                select(Segment).where(Segment.transcript_id == item.transcript_id).order_by(Segment.ordinal))]
    sp, bq = segs["sp.txt"], segs["bq.txt"]

    def span(seg, phrase):
        i = seg.text.index(phrase)
        return {"start": seg.start + i, "end": seg.start + i + len(phrase)}

    # San Pedro turn 1: weakness (whole) + referral on "La derivación a la fiscalía"
    apply_code(project, sp[0].id, WEAK, "ana")
    apply_code(project, sp[0].id, REFERRAL, "ana", **span(sp[0], "La derivación a la fiscalía"))
    # San Pedro turn 3: weakness on "Falta personal.", child labour on "Los niños trabajan en la cosecha",
    # referral on "la derivación no llega" (a few words after the child-labour span)
    apply_code(project, sp[2].id, WEAK, "ana", **span(sp[2], "Falta personal."))
    apply_code(project, sp[2].id, CHILD, "ana", **span(sp[2], "Los niños trabajan en la cosecha"))
    apply_code(project, sp[2].id, REFERRAL, "ana", **span(sp[2], "la derivación no llega"))
    # Boquerón: referral (whole turn 1) by ana; weakness on turn 3 by carlos only
    apply_code(project, bq[0].id, REFERRAL, "ana")
    apply_code(project, bq[2].id, WEAK, "carlos")
    return project, sp, bq


def turns(result):
    return [(q.attributes["territory"], q.ordinal) for q in result.quotes]


def test_parse_builds_the_operator_tree_with_precedence():
    assert parse("A AND B OR C") == Or(And(Code("A"), Code("B")), Code("C"))
    assert parse("A AND (B OR C)") == And(Code("A"), Or(Code("B"), Code("C")))
    assert parse("NOT A AND B") == And(Not(Code("A")), Code("B"))
    assert parse("Trabajo infantil OVERLAP B NEAR/3 C") == Near(Overlap(Code("Trabajo infantil"), Code("B")),
                                                                Code("C"), 3)
    assert parse('"Sí AND no" OR B') == Or(Code("Sí AND no"), Code("B"))


@pytest.mark.parametrize("bad", ["A AND", "(A OR B", "AND A", "A B )"])
def test_malformed_queries_say_what_was_expected(bad):
    with pytest.raises(AtlasQualError) as info:
        parse(bad)
    assert "AND" in info.value.message("es") or "código" in info.value.message("es")


def test_and_or_not(coded):
    project, _, _ = coded
    assert turns(run_query(project, f"{WEAK} AND {REFERRAL}")) == [("san_pedro", 1), ("san_pedro", 3)]
    assert turns(run_query(project, f"{WEAK} OR {REFERRAL}")) == [("san_pedro", 1), ("san_pedro", 3),
                                                                  ("boqueron", 1), ("boqueron", 3)]
    assert turns(run_query(project, f"{REFERRAL} AND NOT {WEAK}")) == [("boqueron", 1)]
    assert len(run_query(project, f"NOT {REFERRAL}").quotes) == 5


def test_overlap_is_the_text_coded_with_both(coded):
    project, sp, _ = coded
    result = run_query(project, f"{WEAK} OVERLAP {REFERRAL}")
    assert turns(result) == [("san_pedro", 1)]
    assert result.quotes[0].text == "La derivación a la fiscalía"
    assert not run_query(project, f"{CHILD} OVERLAP {REFERRAL}").quotes


def test_near_same_turn_and_within_n_words(coded):
    project, _, _ = coded
    assert turns(run_query(project, f"{CHILD} NEAR {REFERRAL}")) == [("san_pedro", 3)]
    # "Los niños trabajan en la cosecha" and "la derivación no llega" have one word between them ("y")
    assert turns(run_query(project, f"{CHILD} NEAR/1 {REFERRAL}")) == [("san_pedro", 3)]
    assert not run_query(project, f"{CHILD} NEAR/0 {REFERRAL}").quotes
    # within words also across turns: turn 1's referral is 9 words (turn 2 included) before "Falta personal."
    assert turns(run_query(project, f"{REFERRAL} NEAR/20 {CHILD}")) == [("san_pedro", 1), ("san_pedro", 3)]


def test_filters_by_attribute_and_coder(coded):
    project, _, _ = coded
    assert turns(run_query(project, WEAK, filters={"territory": "boqueron"})) == [("boqueron", 3)]
    assert turns(run_query(project, WEAK, coder="ana")) == [("san_pedro", 1), ("san_pedro", 3)]
    assert turns(run_query(project, WEAK, coder="carlos")) == [("boqueron", 3)]


def test_codes_by_name_or_path_and_unknown_code_named(coded):
    project, _, _ = coded
    assert turns(run_query(project, "Debilidades AND Derivación")) == turns(run_query(project,
                                                                                     f"{WEAK} AND {REFERRAL}"))
    with pytest.raises(AtlasQualError):
        run_query(project, "Inexistente AND Debilidades")


def test_quotes_are_redacted_by_default(coded):
    project, _, _ = coded
    result = run_query(project, WEAK, filters={"territory": "san_pedro"})
    assert all("Rosa" not in q.speaker and "Rosa" not in q.text for q in result.quotes)
    assert {q.speaker for q in run_query(project, WEAK, redact=False, filters={"territory": "san_pedro"}).quotes} \
        == {"Rosa"}


def test_matrix_counts_turns_and_interviews_per_territory_name(coded):
    project, _, _ = coded
    m = query_matrix(project, [f"{WEAK} AND {REFERRAL}", WEAK], "territory")
    assert m.labels == ("Boquerón", "San Pedro")
    assert m.segments == ((0, 2), (1, 2))
    assert m.interviews == ((0, 1), (1, 1))
    assert m.totals == (1, 1)


def test_export_csv_and_xlsx_with_matrix(coded, tmp_path):
    project, _, _ = coded
    result = run_query(project, f"{WEAK} AND {REFERRAL}")
    m = query_matrix(project, [result.query], "territory")
    path = export_query(result, tmp_path / "q.csv", matrix=m)
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:5] == ["Consulta", "Entrevista", "Turno", "Hablante", "Cita"]
    assert [r[1] for r in rows[1:3]] == ["SP-1", "SP-1"]
    assert any("San Pedro" in cell for cell in rows[4]) and "Rosa" not in path.read_text(encoding="utf-8-sig")
    from openpyxl import load_workbook

    wb = load_workbook(export_query(result, tmp_path / "q.xlsx", matrix=m, lang="en"))
    assert wb.sheetnames == ["Quotes", "Matrix"]
    assert wb["Matrix"]["C2"].value == "turns: 2; interviews: 1"


def test_cli_query_with_matrix_and_out(coded, project_path, cli, tmp_path):
    out = cli("query", "Debilidades AND Procesos/Derivación", "--territory", "San Pedro", "--matrix", "territory",
              "--out", tmp_path / "q.xlsx", "--json", "--project", project_path)
    assert out.code == 0, out.err
    data = out.json()
    assert data["segments"] == 2 and data["matrix"]["labels"] == ["San Pedro"]
    assert (tmp_path / "q.xlsx").exists()
    bad = cli("query", "Debilidades AND", "--project", project_path)
    assert bad.code == 1 and "Debilidades AND" in bad.err
