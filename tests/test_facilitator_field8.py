"""Field test of the facilitator side (round 8): a workshop of 25 phones run from the facilitator page, with the
wrong clicks of a real room (a round closed too early or with nobody voting, the scoring round opened instead of
"show results", "end the session" pressed mid-round), a criterion split exactly in half, and the participant count
that the CLI's results must share with the projector, `round status` and the export."""

from __future__ import annotations

import pytest

from atlas_qual.errors import AtlasQualError
from atlas_qual.store import workshop as W

from test_facilitator_page import facilitator, join, tick, vote_all
from test_workshop_apps import write_csv

GAPS = [["G01", "Inspección laboral (MTESS) y Ministerio Público (Unidad de Trata) operan de forma independiente",
         "Ninguna conoce el rol de la otra"],
        ["G02", "Poca difusión de los canales de denuncia (línea 147 Fono Ayuda, 137 Ministerio de la Mujer)",
         "Ñeembucú, Boquerón y San Pedro"],
        ["G03", "Criadazgo naturalizado en comunidades de San Pedro y Caaguazú", "Niñas y niños alojados"]]


@pytest.fixture
def session(project, tmp_path):
    path = write_csv(tmp_path / "brechas.csv", ["id", "title", "description"], GAPS)
    return W.create_session(project, "Taller de priorización — Asunción", gaps_file=path)


def shown(button) -> bool:
    return button.layout.display != "none"


def test_a_round_closed_too_early_is_reopened_from_the_page_and_late_phones_vote_again(project, session):
    app = facilitator(project, session)
    b = app._built
    b["open_btn"].click()
    people = [join(project, session.code, f"Persona {n}") for n in range(1, 26)]
    for token in people[:20]:
        vote_all(project, session.code, token, lambda n, key: "yes")
    assert not shown(b["reopen_btn"])  # nothing to reopen while the round is open
    b["close_btn"].click()  # five phones were still answering
    with pytest.raises(AtlasQualError):
        W.cast_vote(project, session.code, people[20], "G01", "C1", "yes")
    assert shown(b["reopen_btn"]) and b["reopen_btn"].description == "Reabrir ronda 1 (filtro)"
    b["reopen_btn"].click()
    assert "abierta de nuevo" in app._message.value and "abierta" in b["projector_html"].value
    for token in people[20:]:
        vote_all(project, session.code, token, lambda n, key: "yes")
    tick(app)
    assert 'data-testid="complete">25</span> de 25' in b["projector_html"].value  # no vote lost, all counted
    assert not shown(b["reopen_btn"])


def test_a_round_closed_with_nobody_voting_can_be_reopened_instead_of_a_dead_end(project, session):
    app = facilitator(project, session)
    b = app._built
    b["open_btn"].click()
    b["close_btn"].click()  # closed before anyone joined
    b["open_btn"].click()  # "Abrir ronda 2": nothing qualifies, the session looks stuck
    assert "Ningún elemento calificó" in app._message.value
    assert shown(b["reopen_btn"])
    b["reopen_btn"].click()
    assert W.session_state(project, session.code).open_round.number == 1


def test_the_scoring_round_opened_by_mistake_is_undone_and_the_gate_round_reopened(project, session):
    app = facilitator(project, session)
    b = app._built
    b["open_btn"].click()
    people = [join(project, session.code, f"P{n}") for n in range(6)]
    for token in people[:4]:  # G03 passes C3 for only two of four so far: it does not qualify yet
        vote_all(project, session.code, token, lambda n, key: "no" if (n, key) == (2, "C3") and token in people[:2]
                 else "yes")
    b["close_btn"].click()
    b["open_btn"].click()  # meant "show results": round 2 opens and fixes what qualifies
    assert W.session_setup(project, session.code).scoring_items == ("G01", "G02")
    assert shown(b["undo_btn"]) and b["undo_btn"].description == "Deshacer: ronda 2 (puntuación) vuelve a «sin empezar»"
    b["undo_btn"].click()
    state = W.session_state(project, session.code)
    assert [r.status for r in state.rounds] == ["closed", "pending"]
    assert "sin empezar" in app._message.value
    b["reopen_btn"].click()  # the last two phones answer the gate round after all
    for token in people[4:]:
        vote_all(project, session.code, token, lambda n, key: "yes")
    b["close_btn"].click()
    b["open_btn"].click()
    assert W.session_setup(project, session.code).scoring_items == ("G01", "G02", "G03")


def test_a_round_with_votes_cannot_be_undone_and_says_so(project, session):
    app = facilitator(project, session)
    b = app._built
    b["open_btn"].click()
    W.cast_vote(project, session.code, join(project, session.code, "Rosa"), "G01", "C1", "yes")
    tick(app)
    assert not shown(b["undo_btn"])  # nothing offered that would throw a vote away
    with pytest.raises(AtlasQualError) as err:
        W.undo_open_round(project, session.code, session.key)
    assert err.value.message("es").startswith(
        "No se puede deshacer la apertura de la ronda 1 (filtro): ya recibió votos (1)")
    assert W.session_state(project, session.code).open_round.number == 1


def test_end_the_session_asks_first_and_an_ended_session_can_be_resumed(project, session):
    app = facilitator(project, session)
    b = app._built
    b["open_btn"].click()
    token = join(project, session.code, "Rosa")
    b["finish_btn"].click()  # a wrong click mid-round: nothing ends yet
    assert W.session_state(project, session.code).status == "open"
    assert "¿Terminar la sesión?" in app._message.value
    assert b["finish_btn"].description == "Sí, terminar la sesión" and shown(b["finish_cancel"])
    b["finish_cancel"].click()
    assert b["finish_btn"].description == "Terminar la sesión" and not shown(b["finish_cancel"])
    W.cast_vote(project, session.code, token, "G01", "C1", "yes")  # the round is still open
    b["finish_btn"].click()
    b["finish_btn"].click()
    assert W.session_state(project, session.code).status == "finished"
    assert shown(b["resume_btn"]) and not shown(b["finish_btn"])
    b["resume_btn"].click()
    assert "Sesión reanudada" in app._message.value
    b["reopen_btn"].click()
    W.cast_vote(project, session.code, token, "G01", "C2", "yes")
    assert W.session_state(project, session.code).rounds[0].votes == 2


def test_another_action_after_the_first_end_press_does_not_leave_it_armed(project, session):
    app = facilitator(project, session)
    b = app._built
    b["open_btn"].click()
    b["finish_btn"].click()
    b["close_btn"].click()
    assert b["finish_btn"].description == "Terminar la sesión"
    b["finish_btn"].click()
    assert W.session_state(project, session.code).status == "open"


def test_a_criterion_split_exactly_in_half_is_flagged_as_a_tie_on_the_results(project, session):
    app = facilitator(project, session, section="results")
    W.open_round(project, session.code, session.key, 1)
    for n in range(4):  # C3 of G02: two yes, two no
        vote_all(project, session.code, join(project, session.code, f"P{n}"),
                 lambda i, key, n=n: "no" if (i, key) == (1, "C3") and n < 2 else "yes")
    tick(app)
    gate = app._built["gate_html"].value
    assert gate.count("empate en C3: cuenta como no") == 1
    assert W.results(project, session.code)["gaps"][1]["qualifies"] is False


def test_cli_results_count_the_people_who_joined_as_the_projector_does(cli, project_path, tmp_path):
    from atlas_qual.store import open_project

    path = write_csv(tmp_path / "brechas.csv", ["id", "title", "description"], GAPS)
    project = open_project(project_path)
    created = W.create_session(project, "Taller", gaps_file=path)
    W.open_round(project, created.code, created.key, 1)
    people = [join(project, created.code, f"P{n}") for n in range(26)]
    for token in people[:25]:  # one person joined late and never voted
        W.cast_vote(project, created.code, token, "G01", "C1", "yes")
    project.dispose()
    status = cli("workshop", "round", "status", "--session", created.code, "--key", created.key,
                 "--project", project_path)
    assert "26 participantes" in status.out
    out = cli("workshop", "results", "--session", created.code, "--project", project_path)
    assert "26 participantes · 25 de 26 votaron" in out.out
    data = cli("workshop", "results", "--session", created.code, "--json", "--project", project_path).json()
    assert (data["joined"], data["participants"]) == (26, 25)
    english = cli("workshop", "results", "--session", created.code, "--project", project_path, "--lang", "en")
    assert "26 participants · 25 of 26 have voted" in english.out
