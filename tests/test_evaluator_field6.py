"""Round 6 field test of the evaluators' side: two coders on interviews from Hernandarias and San Pedro, coding with
auto-coding suggestions on long turns, exporting for Excel in a Spanish locale and reading segments of several
interviews. Each test is a finding from that session: what the evaluator did and what they would have noticed."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from atlas_qual.store.coding import apply_code, autocode_project, coding_page, remove_coding
from atlas_qual.store.coding_suggestions import accept_suggestions, passages, reject_suggestions, sentence_spans
from atlas_qual.store.models import Coding, Segment
from atlas_qual.store.transcripts import import_files
from atlas_qual.store.undo import redo, undo

ANSWER = ("Bueno, acá la gente primero viene a la iglesia o a la Codeni. Cuando hay un caso de una chica que se fue "
          "a trabajar a Buenos Aires y no volvió, la familia no sabe a dónde ir. La fiscalía queda lejos, en Ciudad "
          "del Este, y no hay colectivo todos los días. Nosotros llamamos a la línea 147 pero a veces nadie atiende. "
          "Una vez esperamos tres semanas y nadie vino. Falta capacitación para los docentes, ellos ven las señales "
          "primero.")
FALTA = "Falta capacitación para los docentes, ellos ven las señales primero."
E07 = ("Título: Entrevista a referente comunitaria de Hernandarias\nDMOP: MAUEP\nTerritorio: Alto Paraná\n"
       "Entrevistada: Mirta Concepción Aquino\nSeudónimo: E-07\n\n"
       "ENTREVISTADORA: ¿Cómo funciona la derivación de casos en su comunidad?\n\n"
       f"ENTREVISTADA: {ANSWER}\n\n"
       "ENTREVISTADORA: ¿Qué recomendaría?\n\n"
       "ENTREVISTADA: Que haya un protocolo único. Y que nos avisen qué pasó con el caso, porque nunca sabemos.\n")
E12 = ("Título: Entrevista a docente de San Pedro\nDMOP: MAUEP\nTerritorio: San Pedro\n"
       "Entrevistado: Ramón Giménez Ortiz\nSeudónimo: E-12\n\n"
       "ENTREVISTADOR: ¿Qué dificultades encuentra en la escuela?\n\n"
       "Ramón: Los chicos faltan en época de cosecha. Ramón no sabe qué hacer, dice el director. Nosotros no "
       "tenemos capacitación sobre trata. Ndaipóri recurso, ndaipóri.\n")


@pytest.fixture
def field(project, tmp_path):
    files = []
    for name, text in (("e07.txt", E07), ("e12.txt", E12)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    report = import_files(project, files)
    assert not report.errors
    with project.session() as s:
        long_turn = s.scalar(select(Segment).where(Segment.text == ANSWER))
        turn = (long_turn.id, long_turn.start, long_turn.transcript_id)
    autocode_project(project)
    return project, turn


def _suggestion(project, segment_id, code_path, coder="ana.gimenez"):
    from atlas_qual.store.codebook import code_index

    code_id = code_index(project).resolve(code_path).id
    page = coding_page(project, _transcript_of(project, segment_id), coder)
    seg = next(s for s in page.segments if s.id == segment_id)
    return seg, next(g for g in seg.suggestions if g.code_id == code_id)


def _transcript_of(project, segment_id):
    with project.session() as s:
        return s.get(Segment, segment_id).transcript_id


def _mine(project, coder="ana.gimenez"):
    with project.session() as s:
        return s.execute(select(Coding.segment_id, Coding.code_id, Coding.start, Coding.end, Coding.status)
                         .where(Coding.coder == coder).order_by(Coding.id)).all()


# --------------------------------------------------------------------------------- 1. suggestions code their passage


def test_accepting_a_suggestion_codes_the_sentence_it_was_found_in_not_the_whole_turn(field):
    """Field: "falta" matched in the last sentence of a 420-character answer; accepting it coded all of it as
    Debilidades, so the quote in the export was the whole answer and the span agreement compared turns."""
    from atlas_qual.store.coding_io import retrieve

    project, (sid, start, _tid) = field
    seg, sug = _suggestion(project, sid, "Evaluación/Debilidades")
    at = ANSWER.index(FALTA)
    accept_suggestions(project, [sug.id], "ana.gimenez")
    assert _mine(project) == [(sid, sug.code_id, start + at, start + at + len(FALTA), "accepted")]
    quotes = [r.text for r in retrieve(project, code="Evaluación/Debilidades", coder="ana.gimenez")]
    assert quotes == [FALTA]
    # decided: the suggestion is gone from the turn
    page = coding_page(project, _transcript_of(project, sid), "ana.gimenez")
    seg_after = next(s for s in page.segments if s.id == sid)
    assert sug.code_id not in {g.code_id for g in seg_after.suggestions}


def test_matches_in_sentences_far_apart_give_one_coding_per_passage():
    text = "Uno. Falta plata para el traslado. Dos cosas más. Tres. Falta gente en la fiscalía."
    spans = passages(text, 1000, [(1000 + text.index("Falta"), 1000 + text.index("Falta") + 5),
                                  (1000 + text.rindex("Falta"), 1000 + text.rindex("Falta") + 5)])
    assert [text[a - 1000:b - 1000] for a, b in spans] == ["Falta plata para el traslado.",
                                                          "Falta gente en la fiscalía."]
    # adjacent sentences are one passage; "Dra." and "llegó... tarde" do not end a sentence
    t = "La Dra. Benítez llegó... tarde. Falta plata. Falta gente. Nada más."
    assert [t[a:b] for a, b in passages(t, 0, [(t.index("Falta"), t.index("Falta") + 5),
                                              (t.rindex("Falta"), t.rindex("Falta") + 5)])] == [
        "Falta plata. Falta gente."]
    assert t[slice(*sentence_spans(t)[0])] == "La Dra. Benítez llegó... tarde."


def test_a_run_on_turn_without_periods_is_narrowed_to_the_clauses_around_the_match():
    """Transcribed speech often has commas only: the "sentence" would be the whole 700-character turn."""
    turn = ", ".join(["y la gente viene de lejos a la oficina"] * 10 + ["falta un vehículo para ir a las compañías"]
                     + ["después vuelven a la casa sin respuesta"] * 8)
    at = turn.index("falta")
    (a, b), = passages(turn, 0, [(at, at + 5)])
    assert a <= at < b and b - a < 200 and "falta un vehículo para ir a las compañías" in turn[a:b]


def test_the_page_shows_the_passage_before_accepting_and_says_what_was_coded(field):
    from atlas_qual.widgets.coding import CodingApp

    project, (sid, start, tid) = field
    app = CodingApp(project, coder="ana.gimenez", transcript_id=tid)
    turn = next(t for t in app.reader.segments if t["id"] == sid)
    g = next(g for g in turn["suggestions"] if g["label"] == "Evaluación/Debilidades")
    at = ANSWER.index(FALTA)
    assert g["passages"] == [[at, at + len(FALTA)]] and not g["whole"]
    app.reader.act({"type": "accept", "suggestion_id": g["id"], "segment_id": sid})
    said = app.reader.status["text"]
    assert "Aceptado en #2: Evaluación/Debilidades." in said and "«Falta capacitación" in said
    turn = next(t for t in app.reader.segments if t["id"] == sid)
    assert [(c["label"], c["whole"], c["a"], c["b"]) for c in turn["codings"]] == [
        ("Evaluación/Debilidades", False, at, at + len(FALTA))]


def test_undo_and_redo_of_an_accepted_passage(field):
    project, (sid, start, _tid) = field
    _seg, sug = _suggestion(project, sid, "Evaluación/Debilidades")
    accept_suggestions(project, [sug.id], "ana.gimenez")
    coded = _mine(project)
    assert undo(project, "ana.gimenez").kind == "accept"
    assert _mine(project) == []
    _seg, again = _suggestion(project, sid, "Evaluación/Debilidades")  # offered again, as before accepting
    assert again.id == sug.id
    redo(project, "ana.gimenez")
    assert _mine(project) == coded


def test_an_accepted_passage_is_adjusted_on_the_page_and_the_adjustment_undone(field):
    """Field: the sentence was right but the coder wanted the sentence before it too; the only way was to remove
    the coding and code again by hand, losing that it came from a suggestion."""
    from atlas_qual.widgets.coding import CodingApp

    project, (sid, start, tid) = field
    _seg, sug = _suggestion(project, sid, "Evaluación/Debilidades")
    accept_suggestions(project, [sug.id], "ana.gimenez")
    app = CodingApp(project, coder="ana.gimenez", transcript_id=tid)
    turn = next(t for t in app.reader.segments if t["id"] == sid)
    coding = turn["codings"][0]
    a = ANSWER.index("Una vez esperamos")
    app.reader.act({"type": "resize", "coding_id": coding["id"], "start": a, "end": coding["b"]})
    assert "ahora en «Una vez esperamos" in app.reader.status["text"]
    code_id = sug.code_id
    assert _mine(project) == [(sid, code_id, start + a, start + coding["b"], "accepted")]
    app.reader.act({"type": "undo"})
    assert _mine(project) == [(sid, code_id, start + coding["a"], start + coding["b"], "accepted")]


def test_a_decided_suggestion_is_not_offered_again_when_autocode_runs_again(field):
    """Suggestions made for a named coder are decided in place; an accepted passage (a span) must still count."""
    project, (sid, start, tid) = field
    autocode_project(project, coder="carlos.rojas")
    _seg, sug = _suggestion(project, sid, "Evaluación/Debilidades", coder="carlos.rojas")
    accept_suggestions(project, [sug.id], "carlos.rojas")
    report = autocode_project(project, coder="carlos.rojas")
    assert report.suggestions == 0
    rows = [r for r in _mine(project, "carlos.rojas") if r[0] == sid and r[1] == sug.code_id]
    at = ANSWER.index(FALTA)
    assert rows == [(sid, sug.code_id, start + at, start + at + len(FALTA), "accepted")]


def test_removing_an_accepted_passage_keeps_the_suggestion_decided(field):
    project, (sid, _start, _tid) = field
    _seg, sug = _suggestion(project, sid, "Evaluación/Debilidades")
    (cid,) = accept_suggestions(project, [sug.id], "ana.gimenez")
    remove_coding(project, cid, "ana.gimenez")
    page = coding_page(project, _transcript_of(project, sid), "ana.gimenez", filter="suggested")
    seg = next((s for s in page.segments if s.id == sid), None)
    assert seg is None or sug.code_id not in {g.code_id for g in seg.suggestions}


def test_agreement_on_an_accepted_passage_and_the_same_sentence_coded_by_hand(field):
    """Two coders: ana accepts the suggestion, carlos selects the same sentence by hand; before the fix ana's
    coding was the whole turn and the span agreement read a disagreement that was not there."""
    from atlas_qual.store.agreement import agreement_for

    project, (sid, start, _tid) = field
    _seg, sug = _suggestion(project, sid, "Evaluación/Debilidades")
    accept_suggestions(project, [sug.id], "ana.gimenez")
    at = ANSWER.index(FALTA)
    apply_code(project, sid, "Evaluación/Debilidades", "carlos.rojas", start=start + at,
               end=start + at + len(FALTA))
    stats = agreement_for(project, ["ana.gimenez", "carlos.rojas"]).per_code["Evaluación/Debilidades"]
    assert stats.unitized_alpha == pytest.approx(1.0)
    assert stats.percent == pytest.approx(1.0)


def test_rejecting_is_unchanged_and_a_rule_without_words_still_codes_the_whole_turn(field):
    from atlas_qual.store.coding_suggestions import suggestion_passages

    project, (sid, _start, _tid) = field
    seg, sug = _suggestion(project, sid, "Evaluación/Debilidades")
    reject_suggestions(project, [sug.id], "ana.gimenez")
    assert _mine(project) == [(sid, sug.code_id, None, None, "rejected")]
    from dataclasses import replace

    assert suggestion_passages(seg, replace(sug, matches=())) == [(seg.start, seg.end)]


# --------------------------------------------------------------------------------- 2. exports for Excel in Spanish


def test_codings_export_xlsx_opens_as_columns_and_imports_back(field, cli, project_path, tmp_path):
    """Field: `codings export codigos.csv` double-clicked in Excel (es-PY) showed one column of commas."""
    from openpyxl import load_workbook

    project, (sid, start, _tid) = field
    _seg, sug = _suggestion(project, sid, "Evaluación/Debilidades")
    accept_suggestions(project, [sug.id], "ana.gimenez")
    out = tmp_path / "codificaciones.xlsx"
    res = cli("codings", "export", out, "--project", project_path)
    assert res.code == 0, res.err
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["ID del segmento", "Código", "Codificador"] and "Cita" in header
    row = dict(zip(header, [c.value for c in ws[2]]))
    assert row["Cita"] == FALTA and row["Hablante"] == "E-07"
    assert row["Inicio"] == ANSWER.index(FALTA)  # a number, not text
    # the workbook goes back in as it came out (another project, same transcripts)
    remove_coding(project, _coding_id(project), "ana.gimenez")
    assert [r[-1] for r in _mine(project)] == ["rejected"]
    res = cli("codings", "import", out, "--project", project_path)
    assert res.code == 0, res.err
    at = ANSWER.index(FALTA)
    assert (sid, sug.code_id, start + at, start + at + len(FALTA), "accepted") in _mine(project)


def _coding_id(project):
    with project.session() as s:
        return s.scalar(select(Coding.id).where(Coding.coder == "ana.gimenez", Coding.status == "accepted"))


def test_codings_export_sep_semicolon_keeps_the_bom_and_the_columns(field, cli, project_path, tmp_path):
    project, (sid, _start, _tid) = field
    apply_code(project, sid, "Evaluación/Debilidades", "ana.gimenez")
    semi, comma = tmp_path / "c_semi.csv", tmp_path / "c.csv"
    assert cli("codings", "export", semi, "--sep", ";", "--project", project_path).code == 0
    assert cli("codings", "export", comma, "--project", project_path).code == 0
    raw = semi.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM: "acá" stays "acá"
    rows = list(csv.reader(semi.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:5] == ["segment_id", "code", "coder", "transcript", "segment"]  # DESIGN's keys
    assert len(rows) == 2 and len(rows[1]) == len(rows[0]) and rows[1][6] == ANSWER
    # the default stays the DESIGN contract: comma-separated
    assert comma.read_text(encoding="utf-8-sig").splitlines()[0].startswith("segment_id,code,coder,")
    assert cli("codings", "export", semi, "--sep", "x", "--project", project_path).code == 2
    # and it imports back (the separator is sniffed): the coding is already there
    res = cli("codings", "import", semi, "--project", project_path)
    assert res.code == 0 and "1 ya exist" in res.out, res


# --------------------------------------------------------------------------------- 3. the pseudonym, not the role


def test_the_coding_page_names_the_interviewee_by_the_pseudonym(field):
    """Field: turns of E-07 and E-12 both read "ENTREVISTADA"/"ENTREVISTADO"; E-12's turns were labelled with his
    first name "Ramón", which the page showed as written."""
    from atlas_qual.widgets.coding import CodingApp

    project, (_sid, _start, tid) = field
    with project.session() as s:
        other = s.scalar(select(Segment.transcript_id).where(Segment.transcript_id != tid).limit(1))
    app = CodingApp(project, coder="ana.gimenez", transcript_id=tid)
    assert [t["speaker"] for t in app.reader.segments] == ["ENTREVISTADORA", "E-07", "ENTREVISTADORA", "E-07"]
    labels = [label for label, _v in app.filter_picker.options]
    assert "hablante:\xa0E-07" in [lbl.replace(" ", "\xa0") for lbl in labels]
    assert not any("ENTREVISTADA" in lbl for lbl in labels)
    assert app.transcript_picker.label.startswith(f"#{tid} E-07 · ")
    assert "E-07 · Entrevista a referente" in app.status.value
    app.transcript_picker.value = other
    assert [t["speaker"] for t in app.reader.segments] == ["ENTREVISTADOR", "E-12"]
    shown = [label for label, _v in app.filter_picker.options]  # what reaches the browser: labels, not values
    assert "Ramón" not in str(app.reader.segments) + app.status.value + str(shown)
    assert "hablante:\xa0E-12" in [lbl.replace(" ", "\xa0") for lbl in shown]


# --------------------------------------------------------------------------------- in Chromium, phone and laptop


@pytest.fixture(scope="module")
def field_server(tmp_path_factory):
    from conftest import serve_new_project

    def fill(project, folder):
        for name, text in (("e07.txt", E07), ("e12.txt", E12)):
            (folder / name).write_text(text, encoding="utf-8")
        assert not import_files(project, [folder / "e07.txt", folder / "e12.txt"]).errors
        autocode_project(project)
        with project.session() as s:
            return s.scalar(select(Segment.transcript_id).where(Segment.text == ANSWER))

    server, tid = serve_new_project(tmp_path_factory, "field6", fill)
    yield server, tid
    server.stop()


@pytest.mark.browser
@pytest.mark.parametrize("size", [(375, 740), (1366, 768)])
def test_in_chromium_the_passage_is_shown_accepted_and_undone(field_server, browser, size):
    server, tid = field_server
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(server.url("coding.ipynb", coder=f"nav{size[0]}", transcript=tid))
        page.wait_for_selector("[data-testid=segment]", state="visible", timeout=120_000)
        assert page.locator('[data-ordinal="2"] .aq-speaker').inner_text() == "E-07"
        chip = page.locator('[data-ordinal="2"] .aq-chip-sug', has_text="Evaluación/Debilidades")
        chip.click()
        passage = page.locator("[data-testid=suggestion-passage]")
        assert FALTA in passage.inner_text() and "Bueno, acá" not in passage.inner_text()
        box = page.locator(".aq-sr-pop").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= size[0] + 1
        page.locator(".aq-sr-pop button", has_text="Aceptar").click()
        at = ANSWER.index(FALTA)
        coded = page.locator('[data-ordinal="2"] .aq-chip:not(.aq-chip-sug)', has_text="Evaluación/Debilidades")
        coded.wait_for()
        assert f"{at}-{at + len(FALTA)}" in coded.inner_text()  # the sentence, not the whole turn
        assert "«Falta capacitación" in page.locator("[data-testid=coding-status]").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        page.locator('[data-ordinal="2"]').focus()
        page.keyboard.press("Control+z")
        coded.wait_for(state="detached")
        chip.wait_for()  # offered again
    finally:
        context.close()
