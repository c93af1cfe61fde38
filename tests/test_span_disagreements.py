"""Span differences are disagreements to reconcile: two coders who applied the same code to a turn but marked
different characters of it are listed (kind "span", each coder's quotes, redacted), reconciled by keeping one coder's
spans, the union or the whole turn (stored as the consensus coder), undone, shown in the agreement page and in
`atlas-qual agreement --json`."""

from __future__ import annotations

import html

import pytest
from test_agreement_app import app, text_of
from test_agreement_store import DEBILIDADES, FORTALEZAS, INTERVIEW_MAUEP, coder_codings, make_transcripts

ANA, CARLOS = "ana.gimenez", "carlos.rojas"
TURN = "Faltan inspectores y vehículos; para el seguimiento llámeme al 0981 123 456."

VICTIM = """Título: Entrevista a fiscal de Ñeembucú
DMOP: MAUEP
Territorio: Ñeembucú
Institución: MP
Seudónimo: FIS-NE-01

Entrevistadora: ¿Cómo llegó el caso?

Fiscal: La niña Ana Lucía Britez llegó sola al puesto de salud y nadie la derivó.
"""


@pytest.fixture
def turns(project, tmp_path):
    """The MAUEP interview: turn 4 (index 3) is TURN, a weakness both coders will code."""
    segs = make_transcripts(project, tmp_path, {"mauep.txt": INTERVIEW_MAUEP})["mauep.txt"]
    assert segs[3]["text"].startswith("Faltan inspectores")
    return segs


def span(seg: dict, phrase: str) -> dict:
    """start/end (transcript code points) of ``phrase`` in the turn, as apply_code takes them."""
    at = seg["raw"].index(phrase) if "raw" in seg else TURN.index(phrase)
    return {"start": seg["start"] + at, "end": seg["start"] + at + len(phrase)}


def code(project, seg: dict, path: str, coder: str, phrase: str | None = None) -> None:
    from atlas_qual.store.coding import apply_code

    apply_code(project, seg["id"], path, coder, **(span(seg, phrase) if phrase else {}))


def consensus(project) -> list[tuple]:
    """The consensus coder's codings: (segment, status, start, end) with start/end within the turn or None."""
    from sqlalchemy import select

    from atlas_qual.store.models import Coding, Segment

    with project.session() as s:
        rows = s.execute(select(Coding.segment_id, Coding.status, Coding.start, Coding.end, Segment.start)
                         .join(Segment, Segment.id == Coding.segment_id)
                         .where(Coding.coder.in_(("consenso", "consensus")))).all()
    return sorted((seg, status, None if a is None else a - base, None if b is None else b - base)
                  for seg, status, a, b, base in rows)


def within(phrase: str) -> tuple[int, int]:
    return TURN.index(phrase), TURN.index(phrase) + len(phrase)


# --- which (segment, code) pairs are span disagreements -----------------------------------------------------------


def test_same_code_on_different_spans_is_one_span_disagreement_with_both_quotes(project, turns):
    from atlas_qual.store.agreement import agreement_section, disagreements

    code(project, turns[3], DEBILIDADES, ANA, "Faltan inspectores")
    code(project, turns[3], DEBILIDADES, CARLOS, "vehículos")
    rows = disagreements(project, [ANA, CARLOS])
    assert len(rows) == 1
    row = rows[0]
    assert (row.kind, row.segment_id, row.code) == ("span", turns[3]["id"], DEBILIDADES)
    assert row.applied_by == (ANA, CARLOS) and row.not_applied_by == () and row.decision is None
    assert [(q.start, q.end, q.quote, q.whole) for q in row.spans[ANA]] == [(0, 18, "Faltan inspectores", False)]
    assert [q.quote for q in row.spans[CARLOS]] == ["vehículos"]
    assert row.to_dict()["spans"][CARLOS][0] == {"start": 21, "end": 30, "quote": "vehículos", "whole": False}
    section = agreement_section(project, "es", coders=[ANA, CARLOS])
    assert (section["disagreements"], section["span_disagreements"], section["reconciled"]) == (1, 1, 0)


@pytest.mark.parametrize("ana, carlos", [
    (["vehículos"], ["vehículos"]),  # identical
    (["vehículos;"], [" vehículos"]),  # only surrounding punctuation and space differ
    (["Faltan inspectores y vehículos"], ["Faltan inspectores", "y vehículos"]),  # two touching spans = one
    (["Faltan inspectores y vehículos; para el seguimiento"],  # split only at "; "
     ["Faltan inspectores y vehículos", "para el seguimiento"]),
    (None, [TURN[:-1]]),  # whole turn vs a span over all of it but the final period
])
def test_spans_over_the_same_letters_are_not_a_disagreement(project, turns, ana, carlos):
    from atlas_qual.store.agreement import agreement_section, disagreements

    for coder, phrases in ((ANA, ana), (CARLOS, carlos)):
        for phrase in phrases or [None]:
            code(project, turns[3], DEBILIDADES, coder, phrase)
    assert disagreements(project, [ANA, CARLOS]) == []
    assert agreement_section(project, "es", coders=[ANA, CARLOS])["disagreements"] == 0


def test_whole_turn_against_a_span_is_a_span_disagreement(project, turns):
    from atlas_qual.store.agreement import disagreements

    code(project, turns[3], DEBILIDADES, ANA)
    code(project, turns[3], DEBILIDADES, CARLOS, "inspectores y vehículos")
    code(project, turns[1], FORTALEZAS, ANA)  # agreed, whole turn by both: not listed
    code(project, turns[1], FORTALEZAS, CARLOS)
    [row] = disagreements(project, [ANA, CARLOS])
    assert row.kind == "span" and row.spans[ANA][0].whole and not row.spans[CARLOS][0].whole
    assert row.spans[CARLOS][0].quote == "inspectores y vehículos"


def test_presence_and_span_disagreements_are_listed_together_in_transcript_order(project, turns):
    from atlas_qual.store.agreement import disagreements

    code(project, turns[1], FORTALEZAS, ANA)  # presence: carlos did not apply it
    code(project, turns[3], DEBILIDADES, ANA, "Faltan inspectores")
    code(project, turns[3], DEBILIDADES, CARLOS, "para el seguimiento")
    rows = disagreements(project, [ANA, CARLOS])
    assert [(r.segment_id, r.kind) for r in rows] == [(turns[1]["id"], "presence"), (turns[3]["id"], "span")]
    assert rows[0].spans == {ANA: rows[0].spans[ANA]} and rows[0].spans[ANA][0].whole


# --- reconciling ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("choice, expected, shown", [
    (ANA, [within("Faltan inspectores")], ANA),
    (CARLOS, [within("para el seguimiento")], CARLOS),
    ("union", [within("Faltan inspectores"), within("para el seguimiento")], "union"),
    ("whole", [(None, None)], "whole"),
])
def test_reconciling_a_span_disagreement_keeps_the_chosen_spans_as_consensus(project, turns, choice, expected, shown):
    from atlas_qual.store.agreement import agreement_for, agreement_section, clear_decision, disagreements, reconcile

    code(project, turns[3], DEBILIDADES, ANA, "Faltan inspectores")
    code(project, turns[3], DEBILIDADES, CARLOS, "para el seguimiento")
    before, figures = coder_codings(project), agreement_for(project).to_dict()
    [row] = disagreements(project, [ANA, CARLOS])
    assert reconcile(project, row.segment_id, row.code, True, choice=choice, coders=[ANA, CARLOS]) == "consenso"
    assert consensus(project) == [(row.segment_id, "accepted", a, b) for a, b in expected]
    [after] = disagreements(project, [ANA, CARLOS])
    assert (after.decision, after.choice) == (True, shown)
    assert agreement_section(project, "es", coders=[ANA, CARLOS])["reconciled"] == 1
    assert coder_codings(project) == before and agreement_for(project).to_dict() == figures

    assert clear_decision(project, row.segment_id, row.code) == len(expected)
    assert consensus(project) == []
    [pending] = disagreements(project, [ANA, CARLOS])
    assert (pending.decision, pending.choice) == (None, None)


def test_choosing_again_replaces_the_spans_and_a_coder_without_spans_is_refused(project, turns):
    from atlas_qual.errors import AtlasQualError
    from atlas_qual.store.agreement import reconcile

    code(project, turns[3], DEBILIDADES, ANA, "Faltan inspectores")
    code(project, turns[3], DEBILIDADES, CARLOS, "vehículos")
    seg = turns[3]["id"]
    reconcile(project, seg, DEBILIDADES, choice="union")
    reconcile(project, seg, DEBILIDADES, choice=CARLOS)
    assert consensus(project) == [(seg, "accepted", *within("vehículos"))]
    with pytest.raises(AtlasQualError) as err:
        reconcile(project, seg, DEBILIDADES, choice="luis.paredes")
    assert "luis.paredes" in err.value.message("es")
    assert consensus(project) == [(seg, "accepted", *within("vehículos"))]  # the refused choice changed nothing


def test_applying_a_presence_disagreement_keeps_the_coders_span_not_the_whole_turn(project, turns):
    from atlas_qual.store.agreement import disagreements, reconcile

    code(project, turns[3], DEBILIDADES, ANA, "Faltan inspectores")
    code(project, turns[1], FORTALEZAS, ANA)  # agreed: carlos covers the interview too
    code(project, turns[1], FORTALEZAS, CARLOS)
    [row] = disagreements(project)
    assert (row.kind, row.not_applied_by) == ("presence", (CARLOS,))
    reconcile(project, row.segment_id, row.code, True)
    assert consensus(project) == [(row.segment_id, "accepted", *within("Faltan inspectores"))]


def test_adopting_agreed_codings_keeps_agreed_spans_and_leaves_span_disagreements(project, turns):
    from atlas_qual.store.agreement import adopt_agreed, disagreements

    code(project, turns[3], FORTALEZAS, ANA, "para el seguimiento")  # agreed on the span (punctuation aside)
    code(project, turns[3], FORTALEZAS, CARLOS, " para el seguimiento")
    code(project, turns[3], DEBILIDADES, ANA, "Faltan inspectores")  # a span disagreement
    code(project, turns[3], DEBILIDADES, CARLOS, "vehículos")
    code(project, turns[1], FORTALEZAS, ANA)  # agreed, whole turn
    code(project, turns[1], FORTALEZAS, CARLOS)
    assert adopt_agreed(project) == 2
    assert consensus(project) == [(turns[1]["id"], "accepted", None, None),
                                  (turns[3]["id"], "accepted", *within("para el seguimiento"))]
    [row] = disagreements(project)
    assert row.kind == "span" and row.decision is None and adopt_agreed(project) == 0


# --- privacy -------------------------------------------------------------------------------------------------------


def test_span_quotes_are_redacted_even_when_a_span_cuts_through_a_name(project, tmp_path):
    from atlas_qual.store.agreement import disagreements
    from atlas_qual.store.names import add_names

    seg = make_transcripts(project, tmp_path, {"fiscal.txt": VICTIM})["fiscal.txt"][1]
    add_names(project, ["Ana Lucía Britez"], added_by=ANA)
    with project.session() as s:
        from atlas_qual.store.models import Segment

        seg["raw"] = s.get(Segment, seg["id"]).text
    code(project, seg, DEBILIDADES, ANA, "La niña Ana Lucía")  # ends inside the name
    code(project, seg, DEBILIDADES, CARLOS, "nadie la derivó")
    [row] = disagreements(project, [ANA, CARLOS])
    shown = " ".join(q.quote for qs in row.spans.values() for q in qs) + row.text
    assert "Lucía" not in shown and "Britez" not in shown and row.spans[ANA][0].quote.startswith("La niña [")
    [raw] = disagreements(project, [ANA, CARLOS], redact=False)
    assert raw.spans[ANA][0].quote == "La niña Ana Lucía"


# --- the agreement page and the CLI ---------------------------------------------------------------------------------


def test_the_page_lists_span_disagreements_with_quotes_side_by_side_and_reconciles_with_a_click(project, turns):
    code(project, turns[1], FORTALEZAS, ANA)  # a presence disagreement first
    code(project, turns[3], DEBILIDADES, ANA, "Faltan inspectores")
    code(project, turns[3], DEBILIDADES, CARLOS, "para el seguimiento")
    w = app(project, lang="en")
    assert w.total == 2
    table = w._table.value
    assert "Different span" in text_of(table) and "Applies?" in text_of(table)
    assert "ana.gimenez</b>: <mark" in table and ">Faltan inspectores</mark>" in table
    assert ">para el seguimiento</mark>" in table
    w._next.click()
    card = html.unescape(text_of(w._card.value))
    assert "Everyone applied 'Evaluation/Weaknesses', but on different spans" in card
    assert "«Faltan inspectores»" in card and "«para el seguimiento»" in card
    labels = [b.description for b in w._decide_box.children]
    assert labels == ["ana.gimenez's span", "carlos.rojas's span", "Union of the spans", "Whole turn",
                      "Do not apply", "Undo decision"]
    w._choices[CARLOS].click()
    assert consensus(project) == [(turns[3]["id"], "accepted", *within("para el seguimiento"))]
    assert w.done == 1 and "Reconciled: carlos.rojas's span" in html.unescape(text_of(w._table.value))
    assert w.index == 0 and [b.description for b in w._decide_box.children][0] == "Yes, apply the code"
    again = app(project, lang="en")  # a reload shows the stored choice
    again._on_move(1)
    assert "✓ carlos.rojas's span" in [b.description for b in again._decide_box.children]
    again._clear.click()
    assert consensus(project) == [] and again.done == 0
    again._choices["none"].click()  # on reflection the code does not belong on this turn at all
    assert consensus(project) == [(turns[3]["id"], "rejected", None, None)] and again.done == 1
    third = app(project, lang="en")  # the "no" is remembered and marked on reload
    third._on_move(1)
    assert "✓ Do not apply" in [b.description for b in third._decide_box.children]


def test_cli_agreement_json_gives_the_kind_and_each_coders_spans(cli, project_path, tmp_path):
    from atlas_qual.store import open_project

    p = open_project(project_path)
    try:
        turns = make_transcripts(p, tmp_path, {"mauep.txt": INTERVIEW_MAUEP})["mauep.txt"]
        code(p, turns[3], DEBILIDADES, ANA, "Faltan inspectores")
        code(p, turns[3], DEBILIDADES, CARLOS, "vehículos; para el seguimiento llámeme al 0981 123 456")
        code(p, turns[1], FORTALEZAS, ANA)
    finally:
        p.dispose()
    res = cli("agreement", "--coders", f"{ANA},{CARLOS}", "--json", "--project", project_path)
    assert res.code == 0, res
    found = {d["kind"]: d for d in res.json()["disagreements"]}
    assert set(found) == {"presence", "span"}
    assert {"unit", "code", "applied_by", "not_applied_by"} <= set(found["presence"])  # DESIGN.md fields stay
    spans = found["span"]["spans"]
    assert spans[ANA] == [{"start": 0, "end": 18, "quote": "Faltan inspectores", "whole": False}]
    assert "0981" not in spans[CARLOS][0]["quote"] and "[teléfono]" in spans[CARLOS][0]["quote"]
    raw = cli("agreement", "--coders", f"{ANA},{CARLOS}", "--json", "--no-redact", "--project", project_path)
    found = {d["kind"]: d for d in raw.json()["disagreements"]}
    assert found["span"]["spans"][CARLOS][0]["quote"].endswith("0981 123 456")  # an evaluator's explicit opt-in
    human = cli("agreement", "--lang", "en", "--project", project_path)
    assert "2 disagreements" in human.out and "1 with the same code on different spans" in human.out


@pytest.fixture(scope="module")
def span_server(tmp_path_factory):
    """A Voila server over one interview where the two coders applied Debilidades to different spans of a turn."""
    from conftest import serve_new_project

    def fill(project, folder):
        turns = make_transcripts(project, folder, {"mauep.txt": INTERVIEW_MAUEP})["mauep.txt"]
        code(project, turns[3], DEBILIDADES, ANA, "Faltan inspectores")
        code(project, turns[3], DEBILIDADES, CARLOS, "vehículos; para el seguimiento llámeme al 0981 123 456")
        return turns

    server, turns = serve_new_project(tmp_path_factory, "spans", fill)
    server.segment_id = turns[3]["id"]
    yield server
    server.stop()


@pytest.mark.browser
def test_keeping_one_coders_span_in_chromium_stores_it_as_consensus(span_server, page):
    from atlas_qual.store import open_project

    page.goto(span_server.url("agreement.ipynb", lang="es"))
    page.wait_for_selector("text=0 de 1 desacuerdo conciliado")
    card = page.inner_text(".aq-disagreement")
    assert "en fragmentos distintos" in card and "«Faltan inspectores»" in card and "0981" not in card
    assert page.locator(".aq-disagreements .aq-quote").count() == 2
    page.get_by_role("button", name="Fragmento de ana.gimenez").click()
    page.wait_for_selector("text=1 de 1 desacuerdo conciliado")
    project = open_project(span_server.project)
    try:
        assert consensus(project) == [(span_server.segment_id, "accepted", *within("Faltan inspectores"))]
    finally:
        project.dispose()
