"""The workshop in the store: gap files, sessions, rounds, votes, paper ballots, results through the store, tie-breaks,
second rounds, shortlist, workgroups, the Excel export, the facilitator key and the demo."""

from __future__ import annotations

import datetime as dt

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from atlas_qual import workshop as core
from atlas_qual.errors import AtlasQualError, NotAuthorized, VoteRejected
from atlas_qual.store import workshop as W
from atlas_qual.store.gaps import RowErrors, import_gaps, list_gaps, parse_gap_file
from atlas_qual.store.models import Dmop, Gap, Vote, WorkshopSession


def write_csv(path: Path, header: list[str], rows: list[list[object]], delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


GAPS = [
    ["G01", "Rutas de intervención desconocidas", "Las instituciones no conocen las rutas"],
    ["G02", "Plataformas con planes fragmentados", "CONAETI, CONTRAFOR y la Mesa"],
    ["G03", "Canales de denuncia poco conocidos", "Líneas 147 y 137"],
    ["G04", "<img src=x onerror=alert(1)>", "un título hostil"],
]


@pytest.fixture
def gap_file(tmp_path) -> Path:
    return write_csv(tmp_path / "gaps.csv", ["id", "title", "description"], GAPS)


@pytest.fixture
def session(project, gap_file):
    return W.create_session(project, "Taller de prueba", gaps_file=gap_file, base="http://10.1.1.5:8866")


def join_many(project, code, names):
    return {name: W.join_session(project, code, name) for name in names}


def gate(project, code, token, item, c1, c2, c3):
    for key, value in (("C1", c1), ("C2", c2), ("C3", c3)):
        W.cast_vote(project, code, token, item, key, value)


def scores(project, code, token, item, impact, feasibility, urgency):
    for key, value in (("impact", impact), ("feasibility", feasibility), ("urgency", urgency)):
        W.cast_vote(project, code, token, item, key, value)


def vote_count(project) -> int:
    with project.session() as s:
        return s.scalar(select(func.count()).select_from(Vote))


# --------------------------------------------------------------------------------------------------------------------
# gap files
# --------------------------------------------------------------------------------------------------------------------


def test_import_gaps_reads_semicolon_csv_with_spanish_headers_and_english_file(project, tmp_path):
    es = write_csv(tmp_path / "brechas.csv", ["ID", "Título", "Descripción", "acciones_usdol"],
                   [["G01", "Rutas", "Sin ruta única", "PY2018-03; PY2018-04"], ["G02", "Plataformas", "", ""]],
                   delimiter=";")
    en = write_csv(tmp_path / "gaps_en.csv", ["id", "title", "description"], [["G01", "Routes", "No single route"]])
    report = import_gaps(project, es, en)
    assert report.added == ["G01", "G02"]
    gaps = {g.id: g for g in list_gaps(project)}
    assert gaps["G01"].title_en == "Routes" and gaps["G01"].description_en == "No single route"
    assert gaps["G01"].usdol_actions == ("PY2018-03", "PY2018-04")
    assert gaps["G02"].title_in("en") == "Plataformas"  # falls back to Spanish when there is no English


def test_import_gaps_names_every_bad_row_and_writes_nothing(project, tmp_path):
    path = write_csv(tmp_path / "gaps.csv", ["id", "title", "description"],
                     [["G01", "Rutas", ""], ["G02", "", "sin título"], ["G01", "Otra vez", ""], ["1x", "Malo", ""]])
    with pytest.raises(RowErrors) as err:
        import_gaps(project, path)
    rows = sorted(e.row for e in err.value.errors)
    assert rows == [3, 4, 5]
    assert "fila 3" in str(err.value.errors[0]) and "gaps.csv" in str(err.value)
    assert "G01" in str(err.value.errors[1]) and "2" in str(err.value.errors[1])  # duplicate names the first row
    with project.session() as s:
        assert s.scalar(select(func.count()).select_from(Gap)) == 0


def test_import_gaps_from_excel_and_unknown_usdol_action_is_a_row_error(project, tmp_path):
    good = write_xlsx(tmp_path / "gaps.xlsx", ["id", "title", "description"], [["G07", "Datos débiles", 12.0]])
    assert import_gaps(project, good).added == ["G07"]
    assert list_gaps(project)[0].description == "12"
    bad = write_xlsx(tmp_path / "bad.xlsx", ["id", "title", "usdol_actions"], [["G08", "Otra", "PY2099-01"]])
    with pytest.raises(RowErrors) as err:
        import_gaps(project, bad)
    assert err.value.errors[0].row == 2 and "PY2099-01" in err.value.errors[0].message


def test_gap_file_missing_columns_says_what_was_found(tmp_path):
    path = write_csv(tmp_path / "g.csv", ["code", "name_x"], [["G01", "x"]])
    with pytest.raises(AtlasQualError) as err:
        parse_gap_file(path)
    assert "title" in err.value.message("en") and "name_x" in err.value.message("en")


def test_english_gap_file_with_unknown_id_is_a_row_error(tmp_path, gap_file):
    en = write_csv(tmp_path / "en.csv", ["id", "title"], [["G01", "Routes"], ["G99", "Ghost"]])
    with pytest.raises(RowErrors) as err:
        parse_gap_file(gap_file, en)
    assert [(e.file, e.row) for e in err.value.errors] == [("en.csv", 3)]


# --------------------------------------------------------------------------------------------------------------------
# sessions and the facilitator key
# --------------------------------------------------------------------------------------------------------------------


def test_create_session_returns_code_key_and_urls_and_stores_only_the_key_hash(project, session):
    assert session.participant_url == f"http://10.1.1.5:8866/p/{session.code}"
    assert session.facilitator_url == f"http://10.1.1.5:8866/voila/render/facilitator.ipynb?session={session.code}"
    assert session.key not in session.participant_url + session.facilitator_url
    assert [c["id"] for c in session.criteria] == ["impact", "feasibility", "urgency"]
    assert [c["weight"] for c in session.criteria] == [0.4, 0.3, 0.3]
    with project.session() as s:
        ws = s.scalar(select(WorkshopSession))
        assert session.key not in ws.key_hash and core.verify_key(session.key, ws.key_hash)
    setup = W.session_setup(project, session.code)
    assert [i.ref for i in setup.items] == ["G01", "G02", "G03", "G04"]
    assert setup.config.gate_keys == ("C1", "C2", "C3") and setup.procedure == "premise"
    assert {g.id for g in list_gaps(project)} == {"G01", "G02", "G03", "G04"}  # the file's gaps join the project


def test_create_session_without_any_gap_says_to_import_a_gap_file(project):
    with pytest.raises(AtlasQualError) as err:
        W.create_session(project, "Vacío")
    assert err.value.key == "wsapp_no_gaps" and "--gaps" in err.value.message("en")


def test_create_session_from_chosen_project_gaps(project, gap_file):
    import_gaps(project, gap_file)
    created = W.create_session(project, "Dos brechas", gap_ids=["g03", "G01"])
    assert [i.ref for i in W.session_setup(project, created.code).items] == ["G03", "G01"]
    with pytest.raises(AtlasQualError) as err:
        W.create_session(project, "x", gap_ids=["G99"])
    assert "G99" in err.value.message("en")


def test_every_facilitator_action_refuses_a_wrong_key_and_a_participant_token(project, session, tmp_path):
    me = W.join_session(project, session.code, "Rosa")
    ballots = write_csv(tmp_path / "b.csv", ["participant", "gap", "criterion", "value"], [["Ana", "G01", "C1", "sí"]])
    groups = write_csv(tmp_path / "w.csv", ["dmop", "name", "role"], [["MAUEP", "Ana", "champion"]])
    code = session.code
    actions = [
        lambda k: W.open_round(project, code, k, 1),
        lambda k: W.close_round(project, code, k),
        lambda k: W.reveal_round(project, code, k, 1),
        lambda k: W.add_item(project, code, k, "G09", "Nueva"),
        lambda k: W.edit_item(project, code, k, "G01", title="Cambio"),
        lambda k: W.remove_item(project, code, k, "G02"),
        lambda k: W.set_criteria(project, code, k, [{"key": "impact", "weight": 1}]),
        lambda k: W.set_procedure(project, code, k, "conclusion"),
        lambda k: W.import_ballots(project, code, k, ballots),
        lambda k: W.decide_tie(project, code, k, ["G01", "G02"]),
        lambda k: W.set_shortlist(project, code, k, [{"item": "G01"}]),
        lambda k: W.add_workgroup_member(project, code, k, "MAUEP", "Ana", None, "champion"),
        lambda k: W.import_workgroups(project, code, k, groups),
        lambda k: W.export_workshop_xlsx(project, code, k, tmp_path / "x.xlsx"),
        lambda k: W.finish_session(project, code, k),
        lambda k: W.authorize(project, code, k),
    ]
    version = W.session_version(project, code)
    for action in actions:
        for wrong in ("wrong-key", me.token, "", None, session.key.upper()):
            with pytest.raises(NotAuthorized) as err:
                action(wrong)
            # after the first wrong keys the session makes every try wait, unseen: refused all the same
            assert err.value.message("en").startswith(("Wrong facilitator key", "Too many wrong keys"))
    assert W.session_version(project, code) == version  # nothing changed
    assert not (tmp_path / "x.xlsx").exists()
    W.authorize(project, code, session.key)  # the right key passes


def test_unknown_session_code_is_a_clear_error(project):
    with pytest.raises(AtlasQualError) as err:
        W.join_session(project, "ZZZZZZ", "Rosa")
    assert err.value.key == "wsapp_unknown_session" and "ZZZZZZ" in err.value.message("es")
    with pytest.raises(AtlasQualError):
        W.session_state(project, "not a code!")
    assert W.session_version(project, "ZZZZZZ") is None


def test_join_needs_a_free_nickname_and_a_known_institution(project, session):
    W.join_session(project, session.code, "Rosa", "mtess")
    with pytest.raises(AtlasQualError) as err:
        W.join_session(project, session.code, " rosa ")
    assert err.value.key == "wsapp_nickname_taken"
    with pytest.raises(AtlasQualError) as err:
        W.join_session(project, session.code, "Beto", "NASA")
    assert "NASA" in err.value.message("en") and "MTESS" in err.value.message("en")
    with pytest.raises(AtlasQualError):
        W.join_session(project, session.code, "   ")
    assert W.session_state(project, session.code).participants == 1


# --------------------------------------------------------------------------------------------------------------------
# rounds and votes
# --------------------------------------------------------------------------------------------------------------------


def test_votes_before_the_round_opens_after_it_closes_or_out_of_range_are_refused(project, session):
    code, key = session.code, session.key
    me = W.join_session(project, code, "Rosa").token
    with pytest.raises(VoteRejected) as err:
        W.cast_vote(project, code, me, "G01", "C1", "sí")
    assert err.value.key == "wsapp_no_open_round"
    W.open_round(project, code, key, 1)
    for item, criterion, value, detail, expected in [
        ("G99", "C1", "sí", None, "wsapp_unknown_item"),
        ("G01", "C9", "sí", None, "workshop_unknown_question"),
        ("G01", "C1", "quizás", None, "workshop_bad_gate_answer"),
        ("G01", "impact", 4, None, "wsapp_wrong_round"),
        ("G01", "C2", "sí", ["PY2018-99"], "wsapp_unknown_action"),
    ]:
        with pytest.raises(VoteRejected) as err:
            W.cast_vote(project, code, me, item, criterion, value, detail=detail)
        assert err.value.key == expected
        assert str(value) in err.value.message("en") or item in err.value.message("en") \
            or criterion in err.value.message("en") or "PY2018-99" in err.value.message("en")
    with pytest.raises(VoteRejected) as err:
        W.cast_vote(project, code, "not-a-token", "G01", "C1", "sí")
    assert err.value.key == "wsapp_unknown_participant"
    W.cast_vote(project, code, me, "g01", "c1", "Sí")
    W.close_round(project, code, key)
    with pytest.raises(VoteRejected) as err:
        W.cast_vote(project, code, me, "G01", "C1", "no")
    assert err.value.key == "wsapp_round_closed" and "closed" in err.value.message("en")
    assert vote_count(project) == 1


def test_revoting_replaces_the_vote_and_keeps_one_row(project, session):
    code = session.code
    me = W.join_session(project, code, "Rosa").token
    W.open_round(project, code, session.key, 1)
    first = W.cast_vote(project, code, me, "G01", "C2", "sí", detail=["py2018-03", "PY2018-04"])
    second = W.cast_vote(project, code, me, "G01", "C2", "no", detail=["PY2018-03"])
    assert (first.replaced, second.replaced) == (False, True)
    assert first.detail == ("PY2018-03", "PY2018-04") and second.detail == ()  # a "no" relies on no action
    view = W.participant_view(project, code, me)
    assert view.votes == {("G01", "C2"): (0.0, ())}
    assert vote_count(project) == 1


def test_session_version_moves_on_every_change_and_state_counts_who_voted(project, session):
    code, key = session.code, session.key
    versions = [W.session_version(project, code)]
    people = join_many(project, code, ["A", "B", "C"])
    versions.append(W.session_version(project, code))
    W.open_round(project, code, key, 1)
    versions.append(W.session_version(project, code))
    for item in ("G01", "G02", "G03", "G04"):
        gate(project, code, people["A"].token, item, "sí", "no", "sí")
    W.cast_vote(project, code, people["B"].token, "G01", "C1", "sí")
    versions.append(W.session_version(project, code))
    assert versions == sorted(set(versions))
    state = W.session_state(project, code)
    round1 = state.round(1)
    assert (state.participants, round1.status, round1.voters, round1.complete, round1.votes, round1.expected) \
        == (3, "open", 2, 1, 13, 12)
    assert state.open_round.number == 1 and state.round(2).status == "pending"


def test_rounds_open_in_order_one_at_a_time_and_can_be_reopened_until_the_next_starts(project, session):
    code, key = session.code, session.key
    with pytest.raises(AtlasQualError) as err:
        W.open_round(project, code, key, 2)
    assert err.value.key == "wsapp_previous_not_closed"
    W.open_round(project, code, key, 1)
    with pytest.raises(AtlasQualError) as err:
        W.open_round(project, code, key, 1)
    assert err.value.key == "wsapp_round_already_open"
    p = join_many(project, code, ["A", "B", "C"])
    for name in "ABC":
        gate(project, code, p[name].token, "G01", "sí", "no", "sí")
    W.close_round(project, code, key)
    W.open_round(project, code, key, 1)  # the facilitator closed too early
    W.cast_vote(project, code, p["A"].token, "G02", "C1", "sí")
    W.close_round(project, code, key, 1)
    with pytest.raises(AtlasQualError) as err:
        W.open_round(project, code, key, 3)
    assert err.value.key == "wsapp_previous_not_closed"
    W.open_round(project, code, key, 2)
    with pytest.raises(AtlasQualError) as err:
        W.open_round(project, code, key, 3)
    assert err.value.key == "wsapp_close_first"
    W.close_round(project, code, key, 2)
    with pytest.raises(AtlasQualError) as err:
        W.open_round(project, code, key, 1)
    assert err.value.key == "wsapp_round_passed"
    with pytest.raises(AtlasQualError) as err:
        W.open_round(project, code, key, 5)
    assert err.value.key == "wsapp_no_such_round"


def test_items_can_change_before_the_gate_round_only_text_after(project, session):
    code, key = session.code, session.key
    W.add_item(project, code, key, "G09", "Datos débiles", "Registros incompletos", title_en="Weak data")
    W.remove_item(project, code, key, "G04")
    with pytest.raises(AtlasQualError) as err:
        W.add_item(project, code, key, "g01", "Duplicado")
    assert err.value.key == "wsapp_item_exists"
    assert [i.ref for i in W.session_setup(project, code).items] == ["G01", "G02", "G03", "G09"]
    assert "G09" in {g.id for g in list_gaps(project)}
    W.open_round(project, code, key, 1)
    with pytest.raises(AtlasQualError) as err:
        W.add_item(project, code, key, "G10", "Tarde")
    assert err.value.key == "wsapp_items_locked"
    with pytest.raises(AtlasQualError):
        W.remove_item(project, code, key, "G01")
    W.edit_item(project, code, key, "G01", title="Rutas (corregido)", title_en="Routes")
    item = W.session_setup(project, code).items[0]
    assert (item.title, item.title_in("en")) == ("Rutas (corregido)", "Routes")


def test_criteria_and_weights_change_until_scoring_opens(project, session):
    code, key = session.code, session.key
    out = W.set_weights(project, code, key, {"impact": 0.6, "URGENCY": 0.1})
    assert [(c["id"], c["weight"]) for c in out] == [("impact", 0.6), ("feasibility", 0.3), ("urgency", 0.1)]
    with pytest.raises(AtlasQualError) as err:
        W.set_criteria(project, code, key, [{"key": "cost", "weight": -1}])
    assert "-1" in err.value.message("en")
    out = W.set_criteria(project, code, key, [{"key": "impact", "label_es": "Impacto", "weight": 2},
                                              {"key": "cost", "label": "Costo", "weight": 1, "min": 1, "max": 3}])
    assert [c["id"] for c in out] == ["impact", "cost"] and out[1]["max"] == 3
    W.open_round(project, code, key, 1)
    me = W.join_session(project, code, "A").token
    gate(project, code, me, "G01", "sí", "sí", "sí")
    W.close_round(project, code, key)
    W.open_round(project, code, key, 2)
    with pytest.raises(VoteRejected) as err:
        W.cast_vote(project, code, me, "G01", "cost", 4)
    assert err.value.key == "workshop_score_out_of_range"
    with pytest.raises(AtlasQualError) as err:
        W.set_weights(project, code, key, {"impact": 1})
    assert err.value.key == "wsapp_criteria_locked"


# --------------------------------------------------------------------------------------------------------------------
# aggregation through the store
# --------------------------------------------------------------------------------------------------------------------


def dilemma_session(project, session):
    """G01: each criterion has a majority, yet no participant's own answers qualify (the discursive dilemma);
    G02 qualifies under both procedures; G03 under neither."""
    code = session.code
    p = join_many(project, code, ["a", "b", "c"])
    W.open_round(project, code, session.key, 1)
    for name, (c1, c2, c3) in {"a": ("sí", "no", "no"), "b": ("sí", "no", "sí"), "c": ("no", "no", "sí")}.items():
        gate(project, code, p[name].token, "G01", c1, c2, c3)
    for name in "abc":
        gate(project, code, p[name].token, "G02", "sí", "no", "sí")
        gate(project, code, p[name].token, "G03", "no", "no", "sí")
    return p


def test_premise_and_conclusion_based_outcomes_differ_and_the_chosen_procedure_decides(project, session):
    code, key = session.code, session.key
    dilemma_session(project, session)
    W.close_round(project, code, key)
    res = W.results(project, code)
    by_id = {g["id"]: g for g in res["gaps"]}
    g1 = by_id["G01"]
    assert (g1["premise_based"], g1["conclusion_based"], g1["differs"], g1["qualifies"]) == (True, False, True, True)
    assert g1["yes_share"]["C1"] == pytest.approx(2 / 3) and g1["gate_n"] == 3
    assert (by_id["G02"]["qualifies"], by_id["G02"]["differs"]) == (True, False)
    assert by_id["G03"]["qualifies"] is False and by_id["G04"]["qualifies"] is False  # nobody voted on G04
    W.set_procedure(project, code, key, "conclusion")
    res = W.results(project, code)
    assert res["procedure"] == "conclusion"
    assert [g["id"] for g in res["gaps"] if g["qualifies"]] == ["G02"]
    W.open_round(project, code, key, 2)
    assert W.session_setup(project, code).scoring_items == ("G02",)
    with pytest.raises(AtlasQualError) as err:
        W.set_procedure(project, code, key, "premise")
    assert err.value.key == "wsapp_procedure_locked"


def test_scoring_round_takes_only_qualifying_items_and_weights_the_criteria(project, session):
    code, key = session.code, session.key
    p = dilemma_session(project, session)
    W.close_round(project, code, key)
    W.set_weights(project, code, key, {"impact": 0.5, "feasibility": 0.25, "urgency": 0.25})
    W.open_round(project, code, key, 2)
    with pytest.raises(VoteRejected) as err:
        W.cast_vote(project, code, p["a"].token, "G03", "impact", 5)
    assert err.value.key == "wsapp_item_not_scored"
    with pytest.raises(VoteRejected):
        W.cast_vote(project, code, p["a"].token, "G01", "C1", "sí")
    scores(project, code, p["a"].token, "G01", 5, 1, 1)  # 0.5*5 + 0.25 + 0.25 = 3.0
    scores(project, code, p["b"].token, "G01", 4, 4, 4)  # 4.0
    scores(project, code, p["a"].token, "G02", 2, 5, 5)  # 3.5
    scores(project, code, p["b"].token, "G02", 3, 3, 3)  # 3.0
    view = W.participant_view(project, code, p["c"].token)
    assert [i.ref for i in view.items] == ["G01", "G02"] and view.round.kind == "score"
    res = W.results(project, code)
    by_id = {g["id"]: g for g in res["gaps"]}
    assert by_id["G01"]["score"] == pytest.approx(3.5) and by_id["G02"]["score"] == pytest.approx(3.25)
    assert by_id["G01"]["median"] == pytest.approx(3.5) and by_id["G01"]["iqr"] == pytest.approx(0.5)
    assert (by_id["G01"]["rank"], by_id["G02"]["rank"], by_id["G03"]["rank"]) == (1, 2, None)
    assert by_id["G01"]["n"] == 2 and res["scoring_round"] == 2
    assert res["kendall_w"] == pytest.approx(0.0)  # a ranks G02 first, b ranks G01 first


def test_tie_left_by_every_rule_is_decided_by_the_facilitator_and_logged(project, session):
    code, key = session.code, session.key
    p = dilemma_session(project, session)
    W.close_round(project, code, key)
    W.open_round(project, code, key, 2)
    for name in "ab":
        scores(project, code, p[name].token, "G01", 4, 4, 4)
        scores(project, code, p[name].token, "G02", 4, 4, 4)
    res = W.results(project, code)
    assert res["unresolved_ties"] == [["G01", "G02"]]
    assert all(g["needs_decision"] for g in res["gaps"] if g["id"] in ("G01", "G02"))
    with pytest.raises(AtlasQualError) as err:
        W.decide_tie(project, code, key, ["G01", "G03"])
    assert err.value.key == "wsapp_not_tied"
    res = W.decide_tie(project, code, key, ["g02", "G01"], by="Facilitadora")
    ranks = {g["id"]: g["rank"] for g in res["gaps"]}
    assert (ranks["G02"], ranks["G01"]) == (1, 2) and res["unresolved_ties"] == []
    assert res["tie_breaks"][-1]["rule"] == "facilitator" and res["tie_breaks"][-1]["by"] == "Facilitadora"
    assert "Facilitadora" in res["tie_break_text"][-1]


def test_a_statistical_tie_break_is_logged_in_the_results(project, session):
    code, key = session.code, session.key
    p = dilemma_session(project, session)
    W.close_round(project, code, key)
    W.open_round(project, code, key, 2)
    # both gaps have mean 3.0; G01's median is 3, G02's is 2
    scores(project, code, p["a"].token, "G01", 1, 1, 1)
    scores(project, code, p["b"].token, "G01", 3, 3, 3)
    scores(project, code, p["c"].token, "G01", 5, 5, 5)
    scores(project, code, p["a"].token, "G02", 2, 2, 2)
    scores(project, code, p["b"].token, "G02", 2, 2, 2)
    scores(project, code, p["c"].token, "G02", 5, 5, 5)
    res = W.results(project, code, lang="en")
    assert res["tie_breaks"][0]["rule"] == "median"
    assert [g["id"] for g in sorted(res["gaps"], key=lambda g: g["rank"] or 99)][:2] == ["G01", "G02"]
    assert "higher median" in res["tie_break_text"][0]


def test_second_scoring_round_shows_the_change(project, session):
    code, key = session.code, session.key
    p = dilemma_session(project, session)
    W.close_round(project, code, key)
    W.open_round(project, code, key, 2)
    for name, a, b in (("a", 2, 4), ("b", 3, 4), ("c", 1, 5)):
        scores(project, code, p[name].token, "G01", a, a, a)
        scores(project, code, p[name].token, "G02", b, b, b)
    W.close_round(project, code, key)
    W.open_round(project, code, key, 3)
    for name, a, b in (("a", 5, 3), ("b", 5, 3), ("c", 4, 3)):
        scores(project, code, p[name].token, "G01", a, a, a)
        scores(project, code, p[name].token, "G02", b, b, b)
    res = W.results(project, code)
    assert res["scoring_round"] == 3
    change = res["change"]["items"]
    assert res["change"]["from_round"] == 2 and res["change"]["to_round"] == 3
    assert change["G01"]["rank_before"] == 2 and change["G01"]["rank_after"] == 1 and change["G01"]["rank_moved"] == 1
    assert change["G01"]["delta_score"] == pytest.approx(14 / 3 - 2)
    assert change["G02"]["delta_iqr"] == pytest.approx(-0.5)
    first = W.results(project, code, round_number=2)
    assert first["scoring_round"] == 2 and first["change"] is None


def test_participants_see_results_only_when_revealed_and_never_scores_of_an_open_round(project, session):
    code, key = session.code, session.key
    p = dilemma_session(project, session)
    token = p["a"].token
    assert W.participant_view(project, code, token).revealed is None
    W.close_round(project, code, key)
    with pytest.raises(AtlasQualError):
        W.reveal_round(project, code, key, 2)
    assert W.reveal_round(project, code, key) == 1
    W.open_round(project, code, key, 2)
    scores(project, code, token, "G01", 5, 5, 5)
    view = W.participant_view(project, code, token)
    assert view.revealed["revealed_round"] == 1 and view.revealed["scoring_round"] is None
    assert all(g["score"] is None for g in view.revealed["gaps"])
    W.close_round(project, code, key)
    W.reveal_round(project, code, key, 2)
    assert W.participant_view(project, code, token).revealed["gaps"][0]["score"] == pytest.approx(5.0)
    W.reveal_round(project, code, key, 2, revealed=False)
    assert W.participant_view(project, code, token).revealed["revealed_round"] == 1


# --------------------------------------------------------------------------------------------------------------------
# paper ballots
# --------------------------------------------------------------------------------------------------------------------


def test_paper_ballots_keep_good_rows_and_name_each_bad_row(project, session, tmp_path):
    code, key = session.code, session.key
    W.join_session(project, code, "Rosa")  # votes from her phone
    W.open_round(project, code, key, 1)
    rows = [
        ["Ana", "G01", "C1", "sí", "MTESS", ""],
        ["Ana", "G01", "C2", "Si", "", "PY2018-03;PY2018-04"],
        ["ana", "G01", "C3", "NO", "", ""],          # same person, other spelling
        ["Beto", "G77", "C1", "sí", "", ""],         # row 5: unknown gap
        ["Beto", "G01", "C1", "tal vez", "", ""],    # row 6: bad value
        ["Beto", "G01", "impact", "4", "", ""],      # row 7: the scoring round is not open
        ["Rosa", "G01", "C1", "no", "", ""],         # row 8: a device participant
        ["Carla", "G02", "C1", "yes", "NASA", ""],   # row 9: unknown institution
        ["Dora", "G02", "C1", "no", "MP", ""],
    ]
    path = write_csv(tmp_path / "boletas.csv", ["participant", "gap", "criterion", "value", "institution", "actions"],
                     rows)
    report = W.import_ballots(project, code, key, path)
    assert (report.rows, report.accepted) == (9, 4)
    assert [e.row for e in report.errors] == [5, 6, 7, 8, 9]
    messages = [e.message for e in report.errors]
    assert "G77" in messages[0] and "tal vez" in messages[1] and "Rosa" in messages[3] and "NASA" in messages[4]
    assert report.participants_added == ["Ana", "Dora"]
    view = W.results(project, code)
    assert view["participants"] == 2
    export = report.to_dict()
    assert export["errors"][0] == {"file": "boletas.csv", "row": 5, "error": messages[0]}
    with project.session() as s:
        c2 = s.scalar(select(Vote).where(Vote.criterion == "C2"))
        assert c2.detail == ["PY2018-03", "PY2018-04"]


def test_paper_ballots_go_to_the_open_round_and_excel_works(project, session, tmp_path):
    code, key = session.code, session.key
    W.open_round(project, code, key, 1)
    gate_rows = [[who, gap, c, "sí"] for who in ("Ana", "Beto") for gap in ("G01", "G02") for c in ("C1", "C2", "C3")]
    W.import_ballots(project, code, key, write_xlsx(tmp_path / "gate.xlsx", ["participante", "brecha", "criterio",
                                                                             "valor"], gate_rows))
    W.close_round(project, code, key)
    W.open_round(project, code, key, 2)
    score_rows = [["Ana", "G01", "impact", 5], ["Ana", "G01", "C1", "sí"], ["Ana", "G03", "impact", 3],
                  ["Beto", "G02", "urgency", "4,0"]]
    report = W.import_ballots(project, code, key, write_xlsx(tmp_path / "s.xlsx",
                                                             ["participant", "gap", "criterion", "value"], score_rows))
    assert report.accepted == 2 and [e.row for e in report.errors] == [3, 4]
    res = {g["id"]: g for g in W.results(project, code)["gaps"]}
    assert res["G01"]["score"] == pytest.approx(5.0) and res["G02"]["score"] == pytest.approx(4.0)


def test_registered_paper_participants_carry_their_institution(project, session, tmp_path):
    path = write_csv(tmp_path / "p.csv", ["participant", "institution"], [["Ana", "MTESS"], ["Beto", "mp"]])
    assert W.register_participants(project, session.code, session.key, path) == ["Ana", "Beto"]
    assert W.register_participants(project, session.code, session.key, path) == []
    data = W.report_data(project, session.code)
    assert data["participants"] == {"total": 2, "paper": 2, "by_institution": {"MP": 1, "MTESS": 1}}


# --------------------------------------------------------------------------------------------------------------------
# shortlist, workgroups, export, report data
# --------------------------------------------------------------------------------------------------------------------


def scored_session(project, session):
    code, key = session.code, session.key
    p = dilemma_session(project, session)
    W.close_round(project, code, key)
    W.open_round(project, code, key, 2)
    for name, a, b in (("a", 4, 3), ("b", 5, 2), ("c", 4, 3)):
        scores(project, code, p[name].token, "G01", a, a, a)
        scores(project, code, p[name].token, "G02", b, b, b)
    W.close_round(project, code, key)
    return p


def test_shortlist_names_existing_or_new_dmops_and_workgroups_attach_to_them(project, session, tmp_path):
    code, key = session.code, session.key
    with pytest.raises(AtlasQualError) as err:
        W.set_shortlist(project, code, key, [{"item": "G01", "dmop": "MAUEP"}])
    assert err.value.key == "wsapp_shortlist_needs_scoring"
    scored_session(project, session)
    assert W.suggest_shortlist(project, code, 1) == ["G01"]
    with pytest.raises(AtlasQualError) as err:
        W.set_shortlist(project, code, key, [{"item": "G03", "dmop": "MAUEP"}])
    assert err.value.key == "wsapp_item_not_scored"
    stored = W.set_shortlist(project, code, key, [
        {"item": "G01", "dmop": "mauep"},
        {"item": "G02", "new_dmop_name": "Protocolo de derivación comunitaria"},
    ])
    assert stored[0]["dmop"] == "MAUEP" and stored[1]["dmop"] == "PDC"
    with project.session() as s:
        new = s.get(Dmop, "PDC")
        assert new.name_es == "Protocolo de derivación comunitaria" and new.phase == "development"
    res = W.results(project, code)
    assert res["shortlist"] == ["G01", "G02"]
    assert res["shortlist_entries"][1] == {"id": "G02", "rank": 2, "dmop": "PDC",
                                           "new_dmop_name": "Protocolo de derivación comunitaria", "note": ""}
    W.add_workgroup_member(project, code, key, "PDC", "Lidia Ortiz", "MINNA", "Campeona")
    W.add_workgroup_member(project, code, key, "MAUEP", "Equipo", "ATLAS", "equipo ATLAS")
    with pytest.raises(AtlasQualError) as err:
        W.add_workgroup_member(project, code, key, "MAUEP", "X", None, "jefe")
    assert "champion" in err.value.message("en")
    bad = write_csv(tmp_path / "wg.csv", ["dmop", "name", "institution", "role"],
                    [["CR", "Ana", "MTESS", "technical_expert"], ["NOPE", "Beto", "", "champion"]])
    with pytest.raises(RowErrors) as err:
        W.import_workgroups(project, code, key, bad)
    assert [e.row for e in err.value.errors] == [3]
    members = W.workgroups(project, code, "en")
    assert [(m["dmop"], m["name"], m["role"]) for m in members] == [
        ("MAUEP", "Equipo", "atlas_team"), ("PDC", "Lidia Ortiz", "champion")]
    W.remove_workgroup_member(project, code, key, members[0]["id"])
    assert len(W.workgroups(project, code)) == 1


def test_excel_export_has_every_vote_and_the_results_without_nicknames(project, session, tmp_path):
    from openpyxl import load_workbook

    code, key = session.code, session.key
    scored_session(project, session)
    W.set_shortlist(project, code, key, [{"item": "G01", "dmop": "MAUEP"}])
    path = W.export_workshop_xlsx(project, code, key, tmp_path / "out" / "taller.xlsx", lang="en")
    book = load_workbook(path)
    assert book.sheetnames == ["Session", "Items", "Votes", "Gate", "Scores", "Tie-breaks", "Change", "Shortlist",
                               "Workgroups", "Participants"]
    votes = list(book["Votes"].iter_rows(min_row=2, values_only=True))
    assert len(votes) == vote_count(project) == 3 * 9 + 3 * 6
    assert {v[1] for v in votes} == {"P01", "P02", "P03"}
    text = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert " a " not in f" {text} " and "MAUEP" in text
    gate_rows = {r[0]: r for r in book["Gate"].iter_rows(min_row=2, values_only=True)}
    assert gate_rows["G01"][-2:] == ("yes", "yes")  # differs, qualifies
    scores_rows = list(book["Scores"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2]) for r in scores_rows] == [(2, 1, "G01"), (2, 2, "G02")]


def test_excel_export_speaks_the_readers_language_with_no_raw_keys(project, session, tmp_path):
    from openpyxl import load_workbook

    code, key = session.code, session.key
    scored_session(project, session)
    res = W.results(project, code)
    for group in res["unresolved_ties"]:
        W.decide_tie(project, code, key, sorted(group))
    cells = {}
    for lang in ("es", "en"):
        book = load_workbook(W.export_workshop_xlsx(project, code, key, tmp_path / f"{lang}.xlsx", lang=lang))
        cells[lang] = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c]
        fields = dict(list(book.worksheets[0].iter_rows(min_row=2, values_only=True)))
        if lang == "es":
            assert fields["Tipo"] == "priorización de brechas" and fields["Estado"] == "abierta"
            assert fields["Regla"] == "(C1 o C2) y C3"
            assert "Criterio Impacto en la coordinación" in fields
        else:
            assert fields["Kind"] == "gap prioritization" and fields["Status"] == "open"
        # times are real dates Excel sorts, shown day first in Spanish (they were ISO text: "2026-12-07T08:45")
        created = next(v for k, v in fields.items() if k in ("Creada", "Created", "Creado", "Creación"))
        assert isinstance(created, dt.datetime), created
        times = [row[-1] for row in book[book.sheetnames[2]].iter_rows(min_row=2, values_only=True)]
        assert times and all(isinstance(v, dt.datetime) for v in times)
        formats = {row[-1].number_format for row in book[book.sheetnames[2]].iter_rows(min_row=2)}
        assert formats == {"dd/mm/yyyy hh:mm" if lang == "es" else "yyyy-mm-dd hh:mm"}
    spanish = set(cells["es"])
    for raw in ("open", "gaps", "impact", "feasibility", "urgency", "facilitator", "title_en", "description_en"):
        assert raw not in spanish, raw
    assert not any("decidido por facilitator" in c or c.endswith(" or C2) and C3") for c in cells["es"])


def test_excel_export_hides_listed_names_unless_asked(project, tmp_path):
    from openpyxl import load_workbook

    from atlas_qual.store.names import add_names

    add_names(project, ["Ana Lucía Britez"], added_by="ana.gimenez")
    created = W.create_session(project, "Taller con Ana Lucía Britez",
                               items=[{"ref": "G01", "title": "Caso de Ana Lucía Britez", "description": "0981 123 456"}])

    def cells(path):
        book = load_workbook(path)
        return " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)

    hidden = cells(W.export_workshop_xlsx(project, created.code, created.key, tmp_path / "a.xlsx"))
    assert "Britez" not in hidden and "0981" not in hidden and "Caso de [nombre]" in hidden
    plain = cells(W.export_workshop_xlsx(project, created.code, created.key, tmp_path / "b.xlsx", redact=False))
    assert "Caso de Ana Lucía Britez" in plain


def test_report_data_gives_the_word_report_everything_in_the_chosen_language(project, session):
    code, key = session.code, session.key
    W.edit_item(project, code, key, "G01", title_en="Unknown intervention routes")
    scored_session(project, session)
    W.set_shortlist(project, code, key, [{"item": "G01", "dmop": "CR"}])
    W.add_workgroup_member(project, code, key, "CR", "Lidia", "MINNA", "champion")
    data = W.report_data(project, code, "en")
    assert data["session"]["code"] == code and data["session"]["procedure"] == "premise"
    assert data["items"][0]["title"] == "Unknown intervention routes"
    assert data["shortlist"][0]["title"] == "Unknown intervention routes"
    assert data["shortlist"][0]["dmop_name"] == "Community Referrals"
    assert data["workgroups"][0]["institution"] == "MINNA"
    assert [r["number"] for r in data["rounds"]] == [1, 2] and data["rounds"][0]["closed_at"]
    assert data["results"]["gaps"][0]["title"] == "Unknown intervention routes"
    assert data["first_round_results"] is None
    assert "Rosa" not in str(data) and data["participants"]["total"] == 3


def test_finished_session_refuses_joining_and_voting(project, session):
    code, key = session.code, session.key
    me = W.join_session(project, code, "A").token
    W.open_round(project, code, key, 1)
    W.finish_session(project, code, key)
    with pytest.raises(AtlasQualError) as err:
        W.join_session(project, code, "B")
    assert err.value.key == "wsapp_session_finished"
    with pytest.raises(VoteRejected):
        W.cast_vote(project, code, me, "G01", "C1", "sí")
    assert W.session_state(project, code).open_round is None
    assert [s.status for s in W.list_sessions(project)] == ["finished"]


def test_learning_kind_runs_on_the_same_engine(project):
    items = [{"ref": "R1", "title": "Capacitar a las CODENI"}, {"ref": "R2", "title": "Unificar registros"}]
    created = W.create_session(project, "Taller de aprendizaje", kind="learning", items=items, dmop="CR")
    code, key = created.code, created.key
    assert [c["id"] for c in created.criteria] == ["priority"]
    p = join_many(project, code, ["a", "b", "c"])
    W.open_round(project, code, key, 1)
    for name, r1, r2 in (("a", "sí", "no"), ("b", "sí", "no"), ("c", "no", "sí")):
        W.cast_vote(project, code, p[name].token, "R1", "endorse", r1)
        W.cast_vote(project, code, p[name].token, "R2", "endorse", r2)
    W.close_round(project, code, key)
    W.open_round(project, code, key, 2)
    assert W.session_setup(project, code).scoring_items == ("R1",)
    for name, v in (("a", 5), ("b", 4)):
        W.cast_vote(project, code, p[name].token, "R1", "priority", v)
    res = W.results(project, code)
    assert res["kind"] == "learning" and res["gaps"][0]["score"] == pytest.approx(4.5)
    assert res["gaps"][1]["qualifies"] is False


# --------------------------------------------------------------------------------------------------------------------
# demo
# --------------------------------------------------------------------------------------------------------------------


def test_demo_steps_run_a_finished_workshop_and_leave_one_open(project):
    from atlas_qual.demo import data_dir

    steps = W.demo_steps(project, data_dir() / "demo")
    assert [name for name, _ in steps][0] == "gaps"
    for _name, step in steps:
        step()
    code = project.meta("demo_session")
    W.authorize(project, code, project.meta("demo_facilitator_key"))
    res = W.results(project, code)
    assert res["status"] == "finished" and res["participants"] == 17
    assert sum(g["qualifies"] for g in res["gaps"]) == 13
    assert [g["id"] for g in res["gaps"] if g["differs"]] == ["G12"]
    ranked = sorted((g for g in res["gaps"] if g["rank"]), key=lambda g: g["rank"])
    assert res["shortlist"] == [g["id"] for g in ranked[:5]]
    assert all(e["dmop"] in ("MAUEP", "IPACM", "CR") for e in res["shortlist_entries"])
    assert len(W.workgroups(project, code)) >= 6
    assert all(r["revealed"] for r in res["rounds"])
    open_session = project.meta("demo_open_session")
    state = W.session_state(project, open_session)
    assert state.status == "open" and state.open_round is None and state.items == 22 and state.participants == 0


def test_demo_with_one_combined_ballot_file_sends_each_row_to_its_round(project, tmp_path):
    import shutil

    from atlas_qual.demo import data_dir

    for name in ("gaps.csv", "gaps_en.csv", "ballots.csv", "participants.csv"):
        shutil.copy(data_dir() / "demo" / name, tmp_path / name)
    for _name, step in W.demo_steps(project, tmp_path):
        step()
    res = W.results(project, project.meta("demo_session"))
    assert res["participants"] == 17 and sum(g["qualifies"] for g in res["gaps"]) == 13
    assert all(g["n"] == 17 for g in res["gaps"] if g["qualifies"])
