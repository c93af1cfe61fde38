"""The coding page driven headlessly through its widgets: pick a coder and a transcript, apply and remove codes
(through the span reader's action messages, as the browser sends them), accept and reject suggestions, shared
memos, filters, pages, codebook edits, blind view, language, redaction and the frequency chart."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from atlas_qual.store.codebook import code_index
from atlas_qual.store.coding import apply_code, autocode_project
from atlas_qual.store.memos import get_memos
from atlas_qual.store.models import Coding, Segment
from atlas_qual.store.transcripts import import_files
from atlas_qual.widgets.coding import CodingApp

TURNS = [
    ("Entrevistadora", "¿Qué funcionó del piloto?"),
    ("Rosa Benítez", "Lo mejor fueron las capacitaciones conjuntas con la fiscalía."),
    ("Entrevistadora", "¿Qué falta?"),
    ("Rosa Benítez", "Faltan inspectores <script>alert(1)</script> en la regional."),
]


@pytest.fixture
def setup(project, tmp_path):
    """A project with one 4-turn interview and one 60-turn interview; returns (project, ids, segments)."""
    short = tmp_path / "corta.txt"
    short.write_text("Territorio: Alto Paraná\n\n" + "\n".join(f"{s}: {x}" for s, x in TURNS) + "\n",
                     encoding="utf-8")
    long = tmp_path / "larga.txt"
    long.write_text("\n".join(f"{'P' if i % 2 else 'R'}: Turno número {i} sobre la coordinación." for i in range(1, 61))
                    + "\n", encoding="utf-8")
    report = import_files(project, [short, long])
    assert not report.errors
    ids = {i.file.rsplit("/", 1)[-1]: i.transcript_id for i in report.imported}
    with project.session() as s:
        segs = [sid for (sid,) in s.execute(select(Segment.id).where(Segment.transcript_id == ids["corta.txt"])
                                            .order_by(Segment.ordinal))]
    return project, ids, segs


def codings(project, coder):
    with project.session() as s:
        return s.execute(select(Coding.segment_id, Coding.code_id, Coding.status)
                         .where(Coding.coder == coder).order_by(Coding.id)).all()


def choose(app, segment_id, code_label):
    app.reader.selected = segment_id
    app.reader.code = code_label


def body(app) -> str:
    """Everything the reader draws, as one string (its turns' payloads)."""
    import json

    return json.dumps(app.reader.segments, ensure_ascii=False)


def turn(app, segment_id):
    return next(p for p in app.reader.segments if p["id"] == segment_id)


def test_without_a_coder_the_page_shows_segments_and_asks_for_a_name(setup):
    project, ids, segs = setup
    app = CodingApp(project, transcript_id=ids["corta.txt"])
    assert len(app.reader.segments) == 4
    assert not app.reader.enabled and app.accept_button.disabled
    assert "codificador" in app.message.value


def test_applying_a_code_through_the_widgets_stores_it_and_shows_it(setup):
    project, ids, segs = setup
    app = CodingApp(project, coder="ana.gimenez", transcript_id=ids["corta.txt"])
    assert app.reader.enabled
    choose(app, segs[3], "Evaluación/Debilidades")
    assert "Cuándo usarlo" in app.message.value  # the code's definition shows when it is chosen
    app.apply(["Evaluación/Debilidades"], segs[3])
    weak = code_index(project).resolve("Debilidades").id
    assert codings(project, "ana.gimenez") == [(segs[3], weak, "accepted")]
    [chip] = turn(app, segs[3])["codings"]
    assert (chip["label"], chip["color"], chip["whole"]) == ("Evaluación/Debilidades", "#c62828", True)
    assert "aplicado al turno 4 completo" in app.reader.status["text"]
    assert "1 de 4 segmentos codificados" in app.status.value
    app.reader.act({"type": "remove", "coding_id": chip["id"]})
    assert codings(project, "ana.gimenez") == []
    assert "0 de 4" in app.status.value and not turn(app, segs[3])["codings"]


def test_an_unknown_code_is_explained_not_crashed(setup):
    project, ids, segs = setup
    app = CodingApp(project, coder="ana", transcript_id=ids["corta.txt"])
    app.apply([""], segs[1])
    assert app.reader.status["kind"] == "error" and codings(project, "ana") == []
    app.apply(["No existe tal código"], segs[1])
    assert app.reader.status["kind"] == "error" and "No existe tal código" in app.reader.status["text"]
    assert codings(project, "ana") == []


def test_typing_a_coder_name_shows_only_that_coders_codings(setup):
    project, ids, segs = setup
    apply_code(project, segs[1], "Fortalezas", "carlos")
    apply_code(project, segs[3], "Debilidades", "ana")
    app = CodingApp(project, transcript_id=ids["corta.txt"])
    app.coder_box.value = "ana"
    assert "Evaluación/Debilidades" in body(app) and "Evaluación/Fortalezas" not in body(app)
    app.coder_box.value = "carlos"
    assert "Evaluación/Fortalezas" in body(app) and "Evaluación/Debilidades" not in body(app)
    assert "carlos" in app.coder_box.options and "ana" in app.coder_box.options


def test_accepting_and_rejecting_suggestions_by_clicks(setup):
    project, ids, segs = setup
    autocode_project(project, transcript_ids=[ids["corta.txt"]])
    app = CodingApp(project, coder="ana", transcript_id=ids["corta.txt"])
    assert turn(app, segs[3])["suggestions"] and turn(app, segs[3])["marks"]
    app.reader.selected = segs[3]
    pending = [s for s in app._view.segments if s.id == segs[3]][0].suggestions
    assert pending
    mtess = code_index(project).resolve("Instituciones/MTESS")
    app.reader.code = mtess.path
    app.accept_button.click()
    assert (segs[3], mtess.id, "accepted") in codings(project, "ana")
    assert "Aceptado en #4" in app.message.value
    app.reader.code = ""
    app.reject_button.click()  # no code chosen: every remaining suggestion of the segment
    view = [s for s in app._view.segments if s.id == segs[3]][0]
    assert not view.suggestions and {c.code_id for c in view.codings} == {mtess.id}
    assert all(status in ("accepted", "rejected") for _s, _c, status in codings(project, "ana"))


def test_filters_for_uncoded_speaker_and_code(setup):
    project, ids, segs = setup
    apply_code(project, segs[1], "Fortalezas", "ana")
    app = CodingApp(project, coder="ana", transcript_id=ids["corta.txt"])
    app.filter_picker.value = "uncoded"
    assert [p["ordinal"] for p in app.reader.segments] == [1, 3, 4]
    app.filter_picker.value = "speaker:Rosa Benítez"
    assert [s.ordinal for s in app._view.segments] == [2, 4]
    fort = code_index(project).resolve("Fortalezas").id
    app.filter_picker.value = f"code:{fort}"
    assert [s.ordinal for s in app._view.segments] == [2]
    assert ("?" in app.link()) and "filter=code" in app.link()


def test_a_filter_on_a_code_that_no_longer_exists_falls_back_to_all(setup):
    project, ids, _ = setup
    app = CodingApp(project, coder="ana", transcript_id=ids["corta.txt"], filter="code:No existe")
    assert app.filter == "all" and len(app._view.segments) == 4 and "aq-error" in app.message.value


def test_long_transcripts_open_page_by_page(setup):
    project, ids, _ = setup
    app = CodingApp(project, coder="ana", transcript_id=ids["larga.txt"], page_size=25)
    assert [s.ordinal for s in app._view.segments][:1] == [1] and len(app._view.segments) == 25
    assert app.prev_button.disabled and not app.next_button.disabled
    app.next_button.click()
    assert app.page == 2 and app._view.segments[0].ordinal == 26
    app.page_input.value = 3
    assert [s.ordinal for s in app._view.segments] == list(range(51, 61))
    assert app.next_button.disabled
    assert "page=3" in app.link()
    app.transcript_picker.value = ids["corta.txt"]
    assert app.page == 1 and len(app._view.segments) == 4


def test_interview_memos_are_shared_and_turn_memos_stay_with_their_coder(setup):
    project, ids, segs = setup
    app = CodingApp(project, coder="ana", transcript_id=ids["corta.txt"])
    app.reader.selected = segs[1]
    app.memo_button.value = True
    panel = app._memo_widgets
    panel["text"].value = "Valora la capacitación conjunta."
    panel["save"].click()
    assert get_memos(project, "segment", [segs[1]], author="ana")[segs[1]][0]["text"] == \
        "Valora la capacitación conjunta."
    assert turn(app, segs[1])["memos"] == [["ana", "Valora la capacitación conjunta."]]
    panel["kind"].value = "transcript"
    assert panel["text"].value == ""
    panel["text"].value = "Entrevista breve."
    panel["save"].click()
    assert get_memos(project, "transcript", [ids["corta.txt"]])[ids["corta.txt"]][0]["text"] == "Entrevista breve."
    # blind coding: another coder does not see ana's memo on the turn (it may say how she coded it), writes their
    # own, and still reads the interview memo with her name
    other = CodingApp(project, coder="carlos", transcript_id=ids["corta.txt"])
    assert turn(other, segs[1])["memos"] == []
    other.reader.selected = segs[1]
    other.memo_button.value = True
    assert "Valora la capacitación" not in other._memo_widgets["others"].value
    assert other._memo_widgets["text"].value == ""  # carlos's own memo, still empty
    other._memo_widgets["text"].value = "Coincido."
    other._memo_widgets["save"].click()
    assert turn(other, segs[1])["memos"] == [["carlos", "Coincido."]]
    assert turn(app, segs[1])["memos"] == [["ana", "Valora la capacitación conjunta."]]
    other._memo_widgets["kind"].value = "transcript"
    assert "<b>ana</b>: Entrevista breve." in other._memo_widgets["others"].value
    assert other._memo_widgets["save"].layout.width == "auto"  # "Guardar memo" never cut at 1366 px


def test_codebook_edits_from_the_page(setup):
    project, ids, segs = setup
    apply_code(project, segs[3], "Desafíos", "ana")
    app = CodingApp(project, coder="ana", transcript_id=ids["corta.txt"])
    app.codebook_button.value = True
    cb = app._codebook_widgets
    cb["name"].value = "Presupuesto"
    cb["parent"].value = code_index(project).resolve("Debilidades").id
    cb["add"].click()
    assert code_index(project).resolve("Presupuesto").path == "Evaluación/Debilidades/Presupuesto"
    assert "Evaluación/Debilidades/Presupuesto" in [c["label"] for c in app.reader.codes]
    app.reader.code = "Evaluación/Desafíos"
    cb["name"].value = "Obstáculos"
    cb["rename"].click()
    assert code_index(project).resolve("Obstáculos").path == "Evaluación/Obstáculos"
    app.reader.code = "Evaluación/Obstáculos"
    cb["merge_into"].value = code_index(project).resolve("Debilidades").id
    cb["merge"].click()
    assert "fusionado" in app.message.value and not code_index(project).find("Obstáculos")
    assert "Evaluación/Debilidades" in body(app)  # the coding followed the merge
    app.reader.code = "Evaluación/Debilidades/Presupuesto"
    cb["delete"].click()
    assert "Confirme" in app.message.value and code_index(project).find("Presupuesto")
    cb["delete"].click()
    assert not code_index(project).find("Presupuesto") and "borrado" in app.message.value


def test_codebook_export_and_upload_from_the_page(setup):
    import base64
    import datetime as dt
    import re

    project, ids, _ = setup
    app = CodingApp(project, coder="ana", transcript_id=ids["corta.txt"])
    app.codebook_button.value = True
    cb = app._codebook_widgets
    cb["export_csv"].click()
    payload = re.search(r"base64,([^\"]+)", cb["download"].value).group(1)
    text = base64.b64decode(payload).decode("utf-8-sig")
    assert text.startswith("path,name_en") and "Evaluación/Debilidades" in text
    text += "Evaluación/Debilidades/Vehículos,Vehicles,#123456,,,,,,,,,vehículo,,,,\n"
    cb["upload"].value = ({"name": "nuevo.csv", "type": "text/csv", "size": len(text),
                           "content": memoryview(text.encode("utf-8")),
                           "last_modified": dt.datetime(2025, 3, 14, tzinfo=dt.timezone.utc)},)
    cb["import"].click()
    assert "1 código nuevo," in app.message.value
    assert "Evaluación/Debilidades/Vehículos" in [c["label"] for c in app.reader.codes]
    cb["export_yaml"].click()
    assert 'download="codebook.yaml"' in cb["download"].value


def test_page_in_english_links_back_to_spanish(setup):
    project, ids, _ = setup
    app = CodingApp(project, coder="ana", transcript_id=ids["corta.txt"], lang="en")
    assert app.reader.labels["apply"] == "Apply" and "segments coded" in app.status.value
    assert "lang=es" in app.status.value and ">Español<" in app.status.value
    assert "Evaluation/Weaknesses" in [c["label"] for c in app.reader.codes]


def test_transcript_text_goes_to_the_browser_as_text_never_markup(setup):
    import pathlib

    project, ids, segs = setup
    app = CodingApp(project, coder="ana", transcript_id=ids["corta.txt"])
    assert "<script>alert(1)</script>" in turn(app, segs[3])["runs"][0][2]  # data, drawn with textContent
    js = (pathlib.Path(__file__).parents[1] / "atlas_qual/widgets/span_reader.js").read_text()
    assert "innerHTML" not in js


def test_names_are_redacted_in_the_page_and_a_selection_can_hide_one(setup):
    project, ids, segs = setup
    app = CodingApp(project, coder="ana", transcript_id=ids["corta.txt"])
    text = app._view.segments[3].text
    start = text.index("regional")
    app.reader.act({"type": "hide_name", "segment_id": segs[3], "start": start, "end": start + len("regional")})
    assert "regional" not in body(app) and "[nombre]" in body(app)
    assert app.reader.status["kind"] == "ok"
    redacted = [r for r in turn(app, segs[3])["runs"] if r[3]]
    assert [(r[0], r[1]) for r in redacted] == [(start, start + len("regional"))]  # offsets of the stored text


def test_code_frequency_chart_per_transcript_and_per_territory(setup):
    project, ids, segs = setup
    apply_code(project, segs[1], "Fortalezas", "ana")
    apply_code(project, segs[3], "Debilidades", "ana")
    apply_code(project, segs[2], "Debilidades", "ana")
    app = CodingApp(project, coder="ana", transcript_id=ids["corta.txt"])
    app.chart_button.value = True
    out = app._chart_widgets["out"].value
    assert "<svg" in out and "Evaluación/Debilidades" in out and ">2<" in out
    app._chart_widgets["by"].value = "territory"
    out = app._chart_widgets["out"].value
    assert "Alto Paraná" in out and "alto_parana" not in out


@pytest.mark.parametrize("notebook, marker", [("coding.ipynb", "\"runs\""), ("retrieval.ipynb", "retrieval-count")])
def test_notebooks_are_thin_views_that_run(setup, project_path, notebook, marker, monkeypatch):
    import json

    import nbformat
    from nbclient import NotebookClient

    from atlas_qual.server import notebooks_dir

    project, ids, _ = setup
    apply_code(project, _first_segment(project, ids["corta.txt"]), "Debilidades", "ana")
    nb = nbformat.read(notebooks_dir() / notebook, as_version=4)
    assert len(nb.cells) <= 3 and all("def " not in c.source and "class " not in c.source for c in nb.cells)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    monkeypatch.setenv("ATLAS_QUAL_PROJECT", str(project_path))
    monkeypatch.setenv("QUERY_STRING", f"coder=ana&transcript={ids['corta.txt']}&code=Debilidades&view=quotes")
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    state = json.dumps(nb.metadata.get("widgets", {}))
    assert marker in state


def _first_segment(project, transcript_id):
    with project.session() as s:
        return s.scalar(select(Segment.id).where(Segment.transcript_id == transcript_id).order_by(Segment.ordinal))
