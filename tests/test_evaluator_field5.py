"""Round 5 field test of the evaluators' side: two coders in Paraguay on Spanish, jopara and English transcripts.
Each test is a finding from that session: what the coder did and what they would have noticed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from atlas_qual.store.coding import apply_code, remove_coding
from atlas_qual.store.models import Coding, Segment
from atlas_qual.store.transcripts import import_files
from atlas_qual.store.undo import redo, undo

LONG_TURN = (
    "Bueno, mire, le voy a contar cómo fue todo desde el principio porque es largo. Cuando llegó la denuncia a la "
    "oficina, nosotros no teníamos vehículo, no teníamos combustible, y la fiscalía nos decía que esperemos. "
    "Ndaipóri recurso, ndaipóri, la gente hace lo que puede con lo que tiene. " * 6
    + "Nosotros recomendamos que haya un fondo para traslados.")

TRANSCRIPT = (
    "Título: Entrevista a trabajadora social de Codeni\nDMOP: MAUEP\nTerritorio: Alto Paraná\n"
    "Entrevistada: Graciela Benítez Duarte\nSeudónimo: Codeni AP-1\n\n"
    "ENTREVISTADORA: ¿Nos puede relatar un caso reciente, sin nombres, cómo fue la derivación?\n\n"
    f"ENTREVISTADA: {LONG_TURN}\n\n"
    "ENTREVISTADORA: ¿Qué recomendaría para mejorar el mecanismo?\n\n"
    "ENTREVISTADA: Ficha única, fondo para traslados. Antes no se podía, la fiscalía tenía otra ficha.\n\n"
    "ENTREVISTADORA: ¿Y la comunidad participa?\n\n"
    "ENTREVISTADA: Jaha, umi líder comunitario oĩ, pero no siempre vienen.\n")


@pytest.fixture
def field(project, tmp_path):
    path = tmp_path / "codeni_ap1.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    report = import_files(project, [path])
    assert not report.errors
    with project.session() as s:
        segs = s.execute(select(Segment.id, Segment.start, Segment.text).order_by(Segment.ordinal)).all()
    return project, segs


def _transcript(project) -> int:
    with project.session() as s:
        return s.scalar(select(Segment.transcript_id).limit(1))


def _row(project, coding_id):
    with project.session() as s:
        c = s.get(Coding, coding_id)
        return None if c is None else (c.id, c.guid, c.segment_id, c.code_id, c.start, c.end, c.created_at,
                                       c.selected_by)


# --------------------------------------------------------------------------------- undo restores exactly


def test_undoing_a_removal_brings_back_the_same_coding_with_its_date(field):
    """Field: ana removed a span coded last week and pressed Ctrl+Z; the coding came back with a new id and today's
    date (the analysts' frame and the REFI-QDA export then said it was coded today)."""
    project, segs = field
    sid, start, _text = segs[1]
    cid = apply_code(project, sid, "Debilidades", "ana.gimenez", start=start + 100, end=start + 120)
    last_week = dt.datetime(2025, 3, 14, 10, 30, 5)
    project.write(lambda s: s.execute(update(Coding).where(Coding.id == cid)
                                      .values(created_at=last_week, selected_by="nvivo.maria")))
    before = _row(project, cid)
    # a later coding takes the next id, so a re-inserted row would not get the old one by chance
    apply_code(project, segs[3][0], "Recomendaciones", "ana.gimenez")
    remove_coding(project, cid, "ana.gimenez")
    assert _row(project, cid) is None
    undo(project, "ana.gimenez")
    assert _row(project, cid) == before
    redo(project, "ana.gimenez")  # removed again
    assert _row(project, cid) is None
    undo(project, "ana.gimenez")
    assert _row(project, cid) == before


def test_redoing_an_undone_apply_keeps_the_first_date(field):
    project, segs = field
    sid, start, _text = segs[1]
    cid = apply_code(project, sid, "Debilidades", "ana.gimenez", start=start, end=start + 30)
    before = _row(project, cid)
    undo(project, "ana.gimenez")
    redo(project, "ana.gimenez")
    assert _row(project, cid) == before


# --------------------------------------------------------------------------------- blind coding


def test_switching_coder_on_the_page_does_not_show_the_last_coders_action(field):
    """Field: on a shared laptop ana coded «no teníamos vehículo» as Debilidades, then carlos typed his name; the
    status line still read "'Evaluación/Debilidades' aplicado a «no teníamos vehículo» (turno 2, ...)"."""
    from atlas_qual.widgets.coding import CodingApp

    project, segs = field
    sid, _start, text = segs[1]
    at = text.index("no teníamos vehículo")
    app = CodingApp(project, coder="ana.gimenez", transcript_id=_transcript(project))
    app.apply(["Evaluación/Debilidades"], sid, at, at + len("no teníamos vehículo"))
    assert "no teníamos vehículo" in app.reader.status["text"]  # ana sees what she did
    app.coder_box.value = "carlos.rojas"
    assert app.coder == "carlos.rojas"
    shown = app.reader.status.get("text", "") + app.message.value
    assert "Debilidades" not in shown and "no teníamos vehículo" not in shown
    assert app.reader.status.get("clear")  # ana's pending selection and chosen codes are dropped too


# --------------------------------------------------------------------------------- search: any inflection


def _quotes(result):
    return [h.match for h in result.hits]


def test_searching_a_verb_finds_its_accented_forms(field):
    """Field: `search recomendar` found "recomendamos" but not the three "¿Qué recomendaría...?" questions, and
    `search poder` missed "no se podía": the index looked lemmas up on the words without their accents."""
    from atlas_qual.store.search_index import search

    project, _segs = field
    assert sorted(_quotes(search(project, "recomendar"))) == ["recomendamos", "recomendaría"]
    assert "podía" in _quotes(search(project, "poder"))
    assert "tenía" in _quotes(search(project, "tener"))
    # typed without the accent, as on a phone: the word itself still matches, and (field 8) its other forms too,
    # as when typed with the accent
    assert "recomendaría" in _quotes(search(project, "recomendaria"))
    assert _quotes(search(project, "recomendaria")) == _quotes(search(project, "recomendaría"))


def test_a_project_indexed_by_the_older_version_is_reindexed_on_the_first_search(field):
    from atlas_qual.store.models import Meta, SearchToken
    from atlas_qual.store.search_index import search

    project, _segs = field

    def age(s):  # what the older index stored: the lemma of the word without accents, and no version
        s.execute(update(SearchToken).where(SearchToken.term == "recomendaria").values(lemma="recomendaria"))
        meta = s.get(Meta, "search_index_version")
        if meta is not None:
            s.delete(meta)

    project.write(age)
    assert "recomendaría" in _quotes(search(project, "recomendar"))
    assert project.meta("search_index_version") == "2"


# --------------------------------------------------------------------------------- numbers in the reader's locale


def test_autocode_gives_precision_and_recall_with_a_decimal_comma_in_spanish(field, project_path, cli):
    """Field: `atlas-qual autocode` printed "precisión 0.20, exhaustividad 1.00" in a Spanish report."""
    project, segs = field
    apply_code(project, segs[3][0], "Recomendaciones", "ana.gimenez")
    r = cli("autocode", "--project", project_path)
    assert r.code == 0
    import re

    lines = [line for line in r.out.splitlines() if "precisión" in line]
    assert lines and all(re.search(r"precisión (\d,\d\d), exhaustividad (\d,\d\d) ", line) for line in lines)
    r = cli("autocode", "--project", project_path, "--lang", "en")
    assert re.search(r"precision \d\.\d\d, recall \d\.\d\d ", r.out)



def test_a_coder_name_typed_another_way_opens_that_coders_work(field):
    """Field: carlos typed "Carlos Rojas" in the coder box; the page showed an empty transcript (0 de 6 coded) and
    his next codings went to a new coder the agreement page then listed beside carlos.rojas."""
    from atlas_qual.widgets.coding import CodingApp

    project, segs = field
    apply_code(project, segs[1][0], "Debilidades", "carlos.rojas")
    apply_code(project, segs[3][0], "Recomendaciones", "ana.gimenez")
    app = CodingApp(project, coder="ana.gimenez", transcript_id=_transcript(project))
    app.coder_box.value = "Carlos Rojas"
    assert app.coder == "carlos.rojas" and app.coder_box.value == "carlos.rojas"
    assert "Se usa el nombre ya registrado «carlos.rojas»" in app.message.value
    chips = [c["label"] for p in app.reader.segments for c in p["codings"]]
    assert chips == ["Evaluación/Debilidades"]  # his own coding, and not ana's
    app.coder_box.value = "lucia.paredes"  # a new coder stays a new coder
    assert app.coder == "lucia.paredes" and "registrado" not in app.message.value


# --------------------------------------------------------------------------------- suggestions


def test_one_click_on_accept_does_not_code_a_long_turn_with_every_suggestion(field):
    """Field: carlos selected the 400-word turn and clicked "Aceptar sugerencia": all 18 suggestions of the turn
    became whole-turn codings of his (Fortalezas, Debilidades, Criadazgo, Territorios/Asunción y Central, ...)."""
    from atlas_qual.store.coding import autocode_project
    from atlas_qual.widgets.coding import CodingApp

    project, segs = field
    autocode_project(project)
    sid = segs[1][0]
    app = CodingApp(project, coder="carlos.rojas", transcript_id=_transcript(project))
    app.reader.selected = sid
    pending = next(s for s in app._view.segments if s.id == sid).suggestions
    assert len(pending) > 1
    app.accept_button.click()
    with project.session() as s:
        mine = s.scalars(select(Coding.id).where(Coding.coder == "carlos.rojas")).all()
    assert mine == []
    assert "varias sugerencias" in app.message.value and "Código" in app.message.value
    # naming one accepts exactly that one
    one = pending[0]
    label = app._code_label(app._codes.get(one.code_id))
    app.reader.code = label
    app.accept_button.click()
    with project.session() as s:
        mine = s.execute(select(Coding.segment_id, Coding.code_id, Coding.status)
                         .where(Coding.coder == "carlos.rojas")).all()
    assert mine == [(sid, one.code_id, "accepted")]
    assert f"Aceptado en #2: {label}." in app.message.value


# --------------------------------------------------------------------------------- the agreement page


def _card_text(app) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", app._card.value))


def test_a_long_turn_is_not_repeated_in_full_in_every_coders_column(field):
    """Field: a 400-word turn coded "no teníamos vehículo" by ana and a few words more by carlos filled three screens
    per disagreement (the turn in full in each column; at 375 px about 3,000 px to scroll to the buttons)."""
    from atlas_qual.widgets.agreement import AgreementApp

    project, segs = field
    sid, start, text = segs[1]
    at = text.index("no teníamos vehículo")
    apply_code(project, sid, "Debilidades", "ana.gimenez", start=start + at, end=start + at + 20)
    apply_code(project, sid, "Debilidades", "carlos.rojas", start=start + at - 9, end=start + at + 44)
    app = AgreementApp(project, coders=["ana.gimenez", "carlos.rojas"])
    [row] = app._rows
    assert row.kind == "span"
    shown = _card_text(app)
    assert len(shown) < len(text)  # both columns together show less than the turn once
    assert shown.count("no teníamos vehículo") >= 2  # each coder's span, in context
    assert "Nosotros recomendamos que haya un fondo" not in shown  # the far end of the turn is left out
    assert "Parte del turno" in shown and f"de {len(text):,}".replace(",", ".") in shown
    ana = app._card.value.split("data-coder='ana.gimenez'")[1].split("data-coder='carlos.rojas'")[0]
    assert ">no teníamos vehículo</mark>" in ana and ana.count(" …<") == 1  # cut after the spans


def test_a_long_turn_coded_whole_by_one_coder_is_shown_once(field):
    from atlas_qual.widgets.agreement import AgreementApp

    project, segs = field
    sid, _start, text = segs[1]
    apply_code(project, sid, "Fortalezas", "ana.gimenez")  # accepted suggestion: the whole turn
    apply_code(project, segs[3][0], "Fortalezas", "carlos.rojas")
    app = AgreementApp(project, coders=["ana.gimenez", "carlos.rojas"])
    while app._rows[app.index].segment_id != sid:
        app._next.click()
    shown = _card_text(app)
    assert shown.count("Nosotros recomendamos que haya un fondo") == 1
    assert "no lo aplicó" in shown


def test_a_short_turn_is_still_shown_whole_in_each_column(field):
    from atlas_qual.widgets.agreement import AgreementApp

    project, segs = field
    sid, start, text = segs[3]
    apply_code(project, sid, "Recomendaciones", "ana.gimenez", start=start, end=start + 11)
    apply_code(project, sid, "Recomendaciones", "carlos.rojas", start=start, end=start + 33)
    app = AgreementApp(project, coders=["ana.gimenez", "carlos.rojas"])
    shown = _card_text(app)
    assert shown.count("la fiscalía tenía otra ficha") == 2 and "Parte del turno" not in shown


# --------------------------------------------------------------------------------- search output


def test_search_lines_keep_the_punctuation_next_to_the_word(field, project_path, cli):
    """Field: `atlas-qual search ficha` printed "otra »ficha« ." and " »Ficha« única" (a space the turn does not
    have, and one before the first word)."""
    r = cli("search", "ficha", "--project", project_path)
    assert r.code == 0
    assert "la fiscalía tenía otra »ficha«." in r.out
    assert "  »Ficha« única, fondo para traslados." in r.out and "   »Ficha«" not in r.out


# --------------------------------------------------------------------------------- codings from a spreadsheet


def test_a_mistyped_coder_in_a_spreadsheet_is_refused_not_made_a_third_coder(field, project_path, cli, tmp_path):
    """Field: carlos's codings came back from Excel (semicolons, Windows-1252) with "carlos rojas " in one row; the
    import said "1 codificación importada" and the agreement page then listed a third coder with one coding."""
    project, segs = field
    apply_code(project, segs[1][0], "Debilidades", "carlos.rojas")
    sheet = tmp_path / "carlos.csv"
    sheet.write_bytes("segment_id;code;coder;start;end\r\n"
                      f"{segs[3][0]};Evaluación/Recomendaciones;carlos.rojas;0;11\r\n"
                      f"{segs[5][0]};Evaluación/Debilidades;carlos rojas ;;\r\n".encode("cp1252"))
    with project.session() as s:
        before = s.execute(select(Coding.coder, Coding.segment_id).order_by(Coding.id)).all()
    r = cli("codings", "import", str(sheet), "--project", project_path)
    assert r.code == 1
    assert "carlos.csv, fila 3" in r.err and "«carlos rojas»" in r.err and "«carlos.rojas»" in r.err
    with project.session() as s:
        assert s.execute(select(Coding.coder, Coding.segment_id).order_by(Coding.id)).all() == before
    sheet.write_bytes(sheet.read_bytes().replace(b"carlos rojas ", b"carlos.rojas"))
    r = cli("codings", "import", str(sheet), "--project", project_path)
    assert r.code == 0 and "2 codificaciones importadas" in r.out


# --------------------------------------------------------------------------------- code queries


@pytest.mark.parametrize("query, said", [
    ("Debilidades AND NOT", "falta un nombre de código después de «NOT», al final"),
    ("(Debilidades OR Fortalezas", "falta «)» después de «Fortalezas», al final"),
])
def test_a_query_cut_short_says_what_is_missing_at_the_end(field, project_path, cli, query, said):
    """Field: `atlas-qual query "Debilidades AND NOT"` answered 'se esperaba un nombre de código y se encontró
    «—»'."""
    r = cli("query", query, "--project", project_path)
    assert r.code == 1 and said in r.err and "«—»" not in r.err and len(r.err.strip().splitlines()) == 1


def test_search_json_gives_the_span_within_the_turn_that_codings_import_takes(field, project_path, cli, tmp_path):
    """Field: a script took "start"/"end" of `search --json` into a codings CSV; they are transcript positions, so
    the import refused the row (or, in a long turn, would code other words). turn_start/turn_end fit the CSV."""
    import csv
    import json

    r = cli("search", "combustible", "--json", "--project", project_path)
    hits = json.loads(r.out)["hits"]
    assert len(hits) == 6 and all(h["start"] > h["turn_start"] for h in hits)
    sheet = tmp_path / "hits.csv"
    sheet.write_text("segment_id,code,coder,start,end\n" + "".join(
        f"{h['segment_id']},Evaluación/Debilidades,ana.gimenez,{h['turn_start']},{h['turn_end']}\n" for h in hits),
        encoding="utf-8")
    assert cli("codings", "import", str(sheet), "--project", project_path).code == 0
    out = tmp_path / "out.csv"
    assert cli("codings", "export", str(out), "--project", project_path).code == 0
    quotes = [row["quote"] for row in csv.DictReader(out.open(encoding="utf-8-sig"))]
    assert quotes == ["combustible"] * 6


def test_a_slipped_coder_name_or_two_spellings_in_one_file_are_refused_but_a_different_person_is_not(
        field, project_path, cli, tmp_path):
    """A reviewer: "Carlso Rojas" (two letters swapped) still made a third coder, and a first import holding both
    "Ana Pérez" and "ana perez" made two; "maria.lopez" beside "mario.lopez" is another person and must import."""
    project, segs = field
    apply_code(project, segs[1][0], "Debilidades", "carlos.rojas")
    apply_code(project, segs[1][0], "Debilidades", "maria.lopez")
    sheet = tmp_path / "codificaciones.csv"
    sheet.write_text("segment_id,code,coder\n"
                     f"{segs[3][0]},Evaluación/Debilidades,Carlso Rojas\n"
                     f"{segs[4][0]},Evaluación/Debilidades,Ana Pérez\n"
                     f"{segs[5][0]},Evaluación/Debilidades,ana perez\n", encoding="utf-8")
    r = cli("codings", "import", str(sheet), "--project", project_path)
    assert r.code == 1
    assert "fila 2" in r.err and "«carlos.rojas»" in r.err
    assert "fila 4" in r.err and "«Ana Pérez»" in r.err
    sheet.write_text("segment_id,code,coder\n"
                     f"{segs[3][0]},Evaluación/Debilidades,mario.lopez\n", encoding="utf-8")
    assert cli("codings", "import", str(sheet), "--project", project_path).code == 0
