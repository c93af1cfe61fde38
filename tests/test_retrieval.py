"""Retrieval and comparison: coded segments by code with attribute and coder filters, the code x attribute matrix
(segments, interviews, % of interviews), co-occurrence at segment level, and the retrieval page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.coding import apply_code
from atlas_qual.store.coding_io import code_attribute_matrix, cooccurrence, retrieve
from atlas_qual.store.models import Segment
from atlas_qual.store.transcripts import import_files


def interview(territory: str, dmop: str, person: str, pseudonym: str, lines: list[str]) -> str:
    head = f"DMOP: {dmop}\nTerritorio: {territory}\nEntrevistada: {person}\nSeudónimo: {pseudonym}\n\n"
    return head + "\n".join(f"{person.split()[0]}: {line}" for line in lines) + "\n"


@pytest.fixture
def study(project, tmp_path):
    """Three interviews (two in Boquerón, one in San Pedro) coded by two coders; returns (project, segments)."""
    files = []
    for name, terr, dmop, person, pseudo in (("b1.txt", "Boquerón", "MAUEP", "Lidia Ramos", "B-01"),
                                             ("b2.txt", "Boquerón", "CR", "Pedro Gauto", "B-02"),
                                             ("s1.txt", "San Pedro", "MAUEP", "Sara Núñez", "S-01")):
        path = tmp_path / name
        path.write_text(interview(terr, dmop, person, pseudo, [
            "Faltan inspectores y vehículos.", "Lidia Ramos y yo hicimos talleres.", "La ruta no está clara."]),
            encoding="utf-8")
        files.append(path)
    report = import_files(project, files)
    assert not report.errors
    segs = {}
    with project.session() as s:
        for item in report.imported:
            name = item.file.rsplit("/", 1)[-1]
            segs[name] = [sid for (sid,) in s.execute(select(Segment.id).where(
                Segment.transcript_id == item.transcript_id).order_by(Segment.ordinal))]
    code = lambda name, i, path, coder: apply_code(project, segs[name][i], path, coder)  # noqa: E731
    code("b1.txt", 0, "Evaluación/Debilidades", "ana")
    code("b1.txt", 0, "Instituciones/MTESS", "ana")
    code("b1.txt", 2, "Evaluación/Debilidades", "ana")
    code("b1.txt", 1, "Evaluación/Acciones realizadas", "ana")
    code("b2.txt", 1, "Evaluación/Fortalezas", "ana")
    code("s1.txt", 0, "Evaluación/Debilidades", "ana")
    code("s1.txt", 0, "Instituciones/MTESS", "ana")
    code("b1.txt", 0, "Evaluación/Debilidades", "carlos")
    code("b2.txt", 0, "Evaluación/Debilidades", "carlos")
    return project, segs


def test_retrieve_by_code_includes_subcodes_and_respects_filters(study):
    project, segs = study
    weak = retrieve(project, code="Debilidades")
    assert len(weak) == 5  # ana 3, carlos 2
    assert [(r.transcript, r.ordinal, r.coder) for r in weak][:3] == [("b1.txt", 1, "ana"), ("b1.txt", 1, "carlos"),
                                                                     ("b1.txt", 3, "ana")]
    assert len(retrieve(project, code="Evaluación")) == 7
    assert len(retrieve(project, code="Evaluación", include_subcodes=False)) == 0
    boq = retrieve(project, code="Debilidades", filters={"territory": "boqueron"}, coder="ana")
    assert {(r.transcript, r.ordinal) for r in boq} == {("b1.txt", 1), ("b1.txt", 3)}
    assert len(retrieve(project, code="Debilidades", filters={"dmop": ["CR", "MAUEP"]}, coder=["carlos"])) == 2
    assert retrieve(project, code="Debilidades", filters={"territory": "neembucu"}) == []


def test_retrieved_quotes_and_speakers_are_redacted_unless_asked(study):
    project, _ = study
    row = next(r for r in retrieve(project, code="Acciones realizadas"))
    assert "Lidia" not in row.text and "B-01" in row.text
    assert row.speaker == "B-01"  # the label "Lidia" is the interviewee's first name
    raw = next(r for r in retrieve(project, code="Acciones realizadas", redact=False))
    assert raw.text.startswith("Lidia Ramos y yo")


def test_retrieval_of_an_unknown_code_is_a_clear_error(study):
    project, _ = study
    with pytest.raises(AtlasQualError) as info:
        retrieve(project, code="Debilidadez")
    assert "Evaluación/Debilidades" in info.value.message("es")


def test_code_by_territory_matrix_counts_segments_interviews_and_shares(study):
    project, _ = study
    m = code_attribute_matrix(project, "territory")
    assert m.values == ("boqueron", "san_pedro") and m.labels == ("Boquerón", "San Pedro")
    assert m.totals == (2, 1)  # coded interviews per territory
    weak = m.codes.index("Evaluación/Debilidades")
    assert m.segments[weak] == (3, 1)  # b1 #1 (two coders, one segment), b1 #3, b2 #1 | s1 #1
    assert m.interviews[weak] == (2, 1)
    assert m.percent[weak] == (100.0, 100.0)
    fort = m.codes.index("Evaluación/Fortalezas")
    assert m.percent[fort] == (50.0, 0.0)
    parent = m.codes.index("Evaluación")  # a parent counts the segments of its subcodes once each
    assert m.segments[parent] == (5, 1)
    assert "Temas" not in m.codes  # codes never applied are left out


def test_matrix_for_one_coder_uses_that_coders_interviews_as_denominators(study):
    project, _ = study
    m = code_attribute_matrix(project, "territory", coder="carlos")
    assert m.values == ("boqueron",) and m.totals == (2,)
    assert m.to_dict()["percent"][m.codes.index("Evaluación/Debilidades")] == [100.0]


def test_matrix_by_dmop_in_english(study):
    project, _ = study
    m = code_attribute_matrix(project, "dmop", coder="ana", lang="en")
    assert m.values == ("CR", "MAUEP") and "Evaluation/Weaknesses" in m.codes
    assert m.interviews[m.codes.index("Evaluation/Weaknesses")] == (0, 2)


def test_cooccurrence_counts_segments_carrying_both_codes(study):
    project, _ = study
    co = cooccurrence(project, coder="ana")
    i, j = co.codes.index("Evaluación/Debilidades"), co.codes.index("Instituciones/MTESS")
    assert co.counts[i][j] == co.counts[j][i] == 2
    assert co.counts[i][i] == 3
    assert co.pairs()[0] == ("Evaluación/Debilidades", "Instituciones/MTESS", 2)
    only_sp = cooccurrence(project, coder="ana", filters={"territory": "san_pedro"})
    assert only_sp.to_dict()["pairs"] == [{"a": "Evaluación/Debilidades", "b": "Instituciones/MTESS", "segments": 1}]


def test_retrieval_page_switches_views_and_offers_downloads(study):
    from atlas_qual.widgets.retrieval import RetrievalApp

    project, _ = study
    app = RetrievalApp(project, code="Debilidades")
    assert 'data-testid="retrieval-count"><b>5</b>' in app.body.value
    app.filter_pickers["territory"].value = "san_pedro"
    assert "<b>1</b>" in app.body.value
    app.filter_pickers["territory"].value = ""
    app.coder_picker.value = "carlos"
    assert "<b>2</b>" in app.body.value
    app.coder_picker.value = ""
    app.view_picker.value = "matrix"
    assert 'data-testid="matrix"' in app.body.value and "Boquerón (n=2)" in app.body.value
    assert "100 %" in app.body.value
    app.view_picker.value = "cooccurrence"
    assert "Instituciones/MTESS" in app.body.value and "<svg" in app.body.value
    app.excel_button.click()
    assert 'download="atlas-qual-codings.xlsx"' in app.downloads.value
    app.csv_button.click()
    assert 'download="atlas-qual-codings.csv"' in app.downloads.value


def test_retrieval_page_escapes_quotes_and_shows_them_redacted(study, tmp_path):
    from atlas_qual.widgets.retrieval import RetrievalApp

    project, _ = study
    path = tmp_path / "x.txt"
    path.write_text("Territorio: Boquerón\n\nAna: <img src=x onerror=alert(1)> Faltan inspectores.\n", encoding="utf-8")
    tid = import_files(project, [path]).imported[0].transcript_id
    with project.session() as s:
        seg = s.scalar(select(Segment.id).where(Segment.transcript_id == tid))
    apply_code(project, seg, "Debilidades", "ana")
    app = RetrievalApp(project, lang="en", code="Debilidades", coder="ana")
    assert "&lt;img src=x onerror=alert(1)&gt;" in app.body.value and "<img src=x" not in app.body.value
    assert "Lidia" not in app.body.value and "Quote" in app.body.value
