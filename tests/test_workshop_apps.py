"""The facilitator and participant pages driven headlessly (clicks and values on the widgets), and their notebooks."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import ipywidgets as widgets
import pytest

from atlas_qual.store import workshop as W
from atlas_qual.widgets.facilitator import FacilitatorApp, render_gate_table, render_ranking
from atlas_qual.widgets.participant import ParticipantApp

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "<img src=x onerror=alert(1)>"


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def session(project, tmp_path):
    path = write_csv(tmp_path / "gaps.csv", ["id", "title", "description"],
                     [["G01", "Rutas de intervención", "Sin ruta única"], ["G02", HOSTILE, "<script>x</script>"],
                      ["G03", "Canales de denuncia", "147 y 137"]])
    return W.create_session(project, "Taller <b>prueba</b>", gaps_file=path)


def facilitator(project, session, section="live"):
    app = FacilitatorApp(project, code=session.code)
    app._key_input.value = session.key
    app._unlock_btn.click()
    assert app.unlocked
    app._nav.value = section
    return app


def participant(project, code, nickname, lang="es"):
    app = ParticipantApp(project, code=code, lang=lang)
    app._nick_in.value = nickname
    app._join_btn.click()
    return app


def answer_all(app, value_for):
    """Answer every question of every item of the open round, moving with the ▶ button."""
    app._pick.value = 0
    for n in range(len(app._view.items)):
        for key, _head, toggle in app._rows:
            toggle.value = value_for(n, key)
        app._next.click()


def all_widgets(root):
    seen, stack = [], [root]
    while stack:
        w = stack.pop()
        seen.append(w)
        stack.extend(getattr(w, "children", ()))
    return seen


def upload(content: bytes, name: str) -> tuple[dict]:
    """A FileUpload value as the browser sends it."""
    import datetime as dt

    return ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime(2025, 3, 14, tzinfo=dt.timezone.utc)},)


def tick(app):
    app._play.value += 1  # what the browser's Play timer does every half second


# --------------------------------------------------------------------------------------------------------------------
# facilitator
# --------------------------------------------------------------------------------------------------------------------


def test_facilitator_page_stays_locked_with_a_wrong_key(project, session):
    app = FacilitatorApp(project, code=session.code)
    assert app._sessions.value == session.code
    app._key_input.value = "not the key"
    app._unlock_btn.click()
    assert not app.unlocked and app._main.layout.display == "none"
    assert "incorrecta" in app._message.value and not app._play.playing
    app._key_input.value = session.key
    app._unlock_btn.click()
    assert app.unlocked and app._play.playing and app._key_input.value == ""
    join = app._built["live"].children[0].value
    assert session.code in join and "<svg" in join and "participant.ipynb?session=" + session.code in join


def test_facilitator_creates_a_session_from_an_uploaded_gap_file_and_shows_the_key_once(project, tmp_path):
    app = FacilitatorApp(project)
    app._new_title.value = "Nuevo taller"
    content = "id,title,description\nG01,Rutas,x\nG02,Datos,y\n".encode("utf-8")
    app._new_file.value = upload(content, "gaps.csv")
    app._create_btn.click()
    assert app.unlocked
    [created] = W.list_sessions(project)
    assert app.code == created.code and created.items == 2
    shown_key = app._message.value.split('data-testid="new-key">')[1].split("<")[0]
    W.authorize(project, created.code, shown_key)


def test_live_counts_rounds_and_results_update_from_the_store(project, session):
    app = facilitator(project, session)
    b = app._built
    assert "Abrir ronda 1" in b["open_btn"].description and b["close_btn"].disabled
    b["open_btn"].click()
    assert W.session_state(project, session.code).open_round.number == 1
    people = [participant(project, session.code, n) for n in ("ana", "beto", "carla")]
    tick(app)
    assert "0 de 3 votaron" in b["live_html"].value
    answer_all(people[0], lambda n, key: "yes")
    answer_all(people[1], lambda n, key: "yes" if n < 2 else "no")
    tick(app)
    assert "2 de 3 votaron" in b["live_html"].value and "2 completaron todo" in b["live_html"].value
    version = app._version
    tick(app)
    assert app._version == version  # nothing changed, nothing redrawn
    answer_all(people[2], lambda n, key: "yes" if n == 0 or key == "C2" else "no")
    app._nav.value = "results"
    gate = app._built["gate_html"].value
    assert "califican 2 de 3" in gate and "100%" in gate
    app._nav.value = "live"
    b["close_btn"].click()
    b["open_btn"].click()
    for person in people:
        person._refresh_btn.click()
        assert [i.ref for i in person._view.items] == ["G01", "G02"]
    answer_all(people[0], lambda n, key: 5 if n == 0 else 2)
    app._nav.value = "results"
    ranking = app._built["ranking_html"].value
    assert "Ranking (ronda 2)" in ranking and "<svg" in ranking
    first = ranking
    answer_all(people[1], lambda n, key: 1 if n == 0 else 4)
    answer_all(people[2], lambda n, key: 1 if n == 0 else 5)
    tick(app)
    ranking = app._built["ranking_html"].value
    assert ranking != first
    assert ranking.index("1. G02") < ranking.index("2. G01")  # the ranking follows the new votes
    assert "W de Kendall" in ranking


def test_reveal_and_second_round_buttons(project, session):
    app = facilitator(project, session)
    b = app._built
    b["open_btn"].click()
    people = [participant(project, session.code, n) for n in ("a", "b")]
    for person in people:
        answer_all(person, lambda n, key: "yes")
    b["close_btn"].click()
    assert b["reveal_btn"].description.startswith("Mostrar resultados de la ronda 1")
    b["reveal_btn"].click()
    people[0]._refresh_btn.click()
    assert "gate-table" in people[0]._results_html.value
    b["open_btn"].click()
    for person, value in zip(people, (4, 2)):
        person._refresh_btn.click()
        answer_all(person, lambda n, key, v=value: v if n else 3)
    b["close_btn"].click()
    assert "Abrir ronda 3" in b["open_btn"].description
    b["open_btn"].click()
    assert W.session_state(project, session.code).open_round.number == 3
    people[0]._refresh_btn.click()
    answer_all(people[0], lambda n, key: 5)
    app._nav.value = "results"
    assert "Cambio de la ronda 2 a la 3" in app._built["change_html"].value


def test_unresolved_tie_is_decided_on_the_results_screen(project, session):
    app = facilitator(project, session)
    app._built["open_btn"].click()
    people = [participant(project, session.code, n) for n in ("a", "b")]
    for person in people:
        answer_all(person, lambda n, key: "yes")
    app._built["close_btn"].click()
    app._built["open_btn"].click()
    for person in people:
        person._refresh_btn.click()
        answer_all(person, lambda n, key: 4)
    app._nav.value = "results"
    b = app._built
    assert b["tie_box"].layout.display is None and b["tie_order"].value == "G01, G02, G03"
    b["tie_order"].value = "G03, G01, G02"
    b["tie_btn"].click()
    res = W.results(project, session.code)
    assert [g["rank"] for g in res["gaps"]] == [2, 3, 1] and res["tie_breaks"][-1]["rule"] == "facilitator"
    assert b["tie_box"].layout.display == "none"


def test_setup_section_edits_gaps_and_criteria_before_voting(project, session):
    app = facilitator(project, session, "setup")
    b = app._built
    assert "G03" in b["items_html"].value and "&lt;img" in b["items_html"].value
    b["item_pick"].value = ""
    b["item_ref"].value = "G04"
    b["item_title"].value = "Datos débiles"
    b["item_save"].click()
    assert [i.ref for i in W.session_setup(project, session.code).items][-1] == "G04"
    b["item_pick"].value = "G01"
    assert b["item_title"].value == "Rutas de intervención"
    b["item_title"].value = "Rutas de intervención (corregido)"
    b["item_save"].click()
    assert W.session_setup(project, session.code).items[0].title.endswith("(corregido)")
    b["item_pick"].value = "G04"
    b["item_remove"].click()
    assert "G04" not in [i.ref for i in W.session_setup(project, session.code).items]
    rows = app._criteria_rows
    rows[0][3].value = 0.5  # impact
    rows[2][3].value = 0  # urgency: removed
    rows[3][1].value, rows[3][2].value, rows[3][3].value = "cost", "Costo", 0.2
    b["criteria_save"].click()
    crit = W.session_setup(project, session.code).config.criteria
    assert [(c.key, c.weight) for c in crit] == [("impact", 0.5), ("feasibility", 0.3), ("cost", 0.2)]
    b["procedure"].value = "conclusion"
    assert W.session_setup(project, session.code).procedure == "conclusion"


def test_shortlist_workgroups_ballots_and_export_sections(project, session, tmp_path):
    code = session.code
    app = facilitator(project, session)
    app._built["open_btn"].click()
    people = [participant(project, code, n) for n in ("a", "b", "c")]
    for person in people:
        answer_all(person, lambda n, key: "yes")
    app._built["close_btn"].click()
    app._built["open_btn"].click()
    for i, person in enumerate(people):
        person._refresh_btn.click()
        answer_all(person, lambda n, key, i=i: 5 - n if i else 5)
    app._nav.value = "shortlist"
    b = app._built
    b["short_n"].value = 2
    b["short_propose"].click()
    assert [ref for ref, _pick, _name in app._shortlist_rows] == ["G01", "G02"]
    app._shortlist_rows[1][1].value = ""
    app._shortlist_rows[1][2].value = "Registro unificado de denuncias"
    b["short_save"].click()
    res = W.results(project, code)
    assert res["shortlist"] == ["G01", "G02"] and res["shortlist_entries"][1]["dmop"] == "RUD"
    assert "RUD" in [v for _l, v in b["wg_dmop"].options]
    b["wg_dmop"].value = "RUD"
    b["wg_name"].value = "Lidia Ortiz"
    b["wg_inst"].value = "MINNA"
    b["wg_role"].value = "champion"
    b["wg_add"].click()
    assert "Lidia Ortiz" in b["short_html"].value and "Campeón/a" in b["short_html"].value
    # paper ballots for the open scoring round, then the Excel export
    app._nav.value = "ballots"
    b = app._built
    content = "participant,gap,criterion,value\nDora,G01,impact,4\nDora,G02,impact,9\n".encode()
    b["ballot_upload"].value = upload(content, "papel.csv")
    b["ballot_btn"].click()
    report = b["ballot_report"].value
    assert "1 de 2" in report and "fila 3" in report
    b["template_btn"].click()
    assert "download=" in b["ballot_report"].value and "boletas_" in b["ballot_report"].value
    b["export_btn"].click()
    link = b["export_link"].value
    assert f'download="taller_{code}.xlsx"' in link and "base64," in link


def test_facilitator_html_escapes_gap_text(project, session):
    app = facilitator(project, session, "results")
    html = app._built["gate_html"].value
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    res = W.results(project, session.code)
    res["scoring_round"] = 2
    res["gaps"][1].update(rank=1, score=4.0, q1=3.5, q3=4.5, median=4.0, iqr=1.0, n=3)
    for html in (render_gate_table(res, "es"), render_ranking(res, "en")):
        assert "<img" not in html and "<script>" not in html


def test_facilitator_switches_to_english(project, session):
    app = facilitator(project, session)
    app._lang_toggle.value = "en"
    assert app.unlocked and app._built["open_btn"].description == "Open round 1 (gate)"
    assert "Join code" in app._built["live"].children[0].value


# --------------------------------------------------------------------------------------------------------------------
# participant
# --------------------------------------------------------------------------------------------------------------------


def test_participant_page_with_an_unknown_code_says_so(project):
    app = ParticipantApp(project, code="ZZZZZZ")
    assert "ZZZZZZ" in app._join_msg.value and "aq-error" in app._join_msg.value
    app._nick_in.value = "Rosa"
    app._join_btn.click()
    assert not app.joined


def test_participant_joins_waits_and_votes_with_confirmation(project, session):
    code = session.code
    app = ParticipantApp(project, code=code)
    assert "Taller &lt;b&gt;prueba&lt;/b&gt;" in app._header.value
    app._nick_in.value = "Rosa"
    app._inst_in.value = "MTESS"
    app._join_btn.click()
    assert app.joined and app._join_box.layout.display == "none"
    assert "Todavía no hay una ronda abierta" in app._round_html.value
    W.open_round(project, code, session.key, 1)
    app._refresh_btn.click()
    assert [key for key, _h, _t in app._rows] == ["C1", "C2", "C3"]
    assert "Completó 0 de 3" in app._round_html.value and "Brecha 1 de 3" in app._card.value
    app._rows[0][2].value = "yes"
    assert "Voto guardado: G01 · C1 = sí" in app._confirm.value
    app._rows[0][2].value = "no"  # change of mind: replaces
    view = W.participant_view(project, code, app._token)
    assert view.votes[("G01", "C1")][0] == 0.0
    app._next.click()
    assert "G02" in app._card.value and "&lt;img" in app._card.value and "<img" not in app._card.value
    assert app._rows[0][2].value is None  # a new gap starts unanswered
    app._prev.click()
    assert app._rows[0][2].value == "no"  # and their own earlier answer comes back


def test_participant_can_name_usdol_actions_for_c2(project, session):
    W.open_round(project, session.code, session.key, 1)
    app = participant(project, session.code, "Rosa")
    assert app._actions_box.layout.display == "none"
    app._rows[1][2].value = "yes"
    assert app._actions_box.layout.display is None and len(app._actions) == 18
    app._actions["PY2018-05"].value = True
    app._actions["PY2018-12"].value = True
    view = W.participant_view(project, session.code, app._token)
    assert view.votes[("G01", "C2")] == (1.0, ("PY2018-05", "PY2018-12"))
    headers = " ".join(w.value for w in app._actions_box.children if isinstance(w, widgets.HTML))
    assert "Aplicación de la ley" in headers


def test_participant_sees_a_closed_round_message(project, session):
    W.open_round(project, session.code, session.key, 1)
    app = participant(project, session.code, "Rosa")
    W.close_round(project, session.code, session.key)
    app._rows[0][2].value = "yes"
    assert "cerrada" in app._confirm.value and "no se registró" in app._confirm.value
    assert W.participant_view(project, session.code, app._token).votes == {}


def test_participant_results_appear_only_when_revealed(project, session):
    W.open_round(project, session.code, session.key, 1)
    app = participant(project, session.code, "Rosa")
    answer_all(app, lambda n, key: "yes")
    W.close_round(project, session.code, session.key)
    app._refresh_btn.click()
    assert app._results_html.value == "" and "Todavía no hay una ronda abierta" in app._round_html.value
    W.reveal_round(project, session.code, session.key, 1)
    app._refresh_btn.click()
    assert "Resultados" in app._results_html.value and "gate-table" in app._results_html.value


def test_participant_nickname_taken_and_english(project, session):
    participant(project, session.code, "Rosa")
    app = ParticipantApp(project, code=session.code, lang="en")
    assert app._join_btn.description == "Join"
    app._nick_in.value = "rosa"
    app._join_btn.click()
    assert "already taken" in app._join_msg.value and not app.joined
    app._nick_in.value = "Rosa B"
    app._join_btn.click()
    assert app.joined and "No round is open yet" in app._round_html.value
    app._lang_toggle.value = "es"
    assert "Todavía no hay una ronda abierta" in app._round_html.value


def test_participant_page_has_no_facilitator_controls_and_keeps_few_widgets(project, session):
    W.open_round(project, session.code, session.key, 1)
    app = participant(project, session.code, "Rosa")
    found = all_widgets(app)
    labels = " ".join(getattr(w, "description", "") or "" for w in found)
    assert "Abrir" not in labels and "Cerrar" not in labels and "Mostrar" not in labels
    assert not any(isinstance(w, widgets.Play) for w in found)  # no timer: an idle kernel
    assert len(found) < 40
    assert session.key not in json.dumps([w.get_state() for w in found], default=str)
    assert app._token not in json.dumps([w.get_state() for w in found], default=str)


# --------------------------------------------------------------------------------------------------------------------
# notebooks
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, cls", [("participant", "ParticipantApp"), ("facilitator", "FacilitatorApp")])
def test_notebooks_are_thin_views(name, cls):
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    source = "\n".join(c.source for c in code)
    assert len(code) == 1 and f"{cls}.from_request()" in source
    assert "def " not in source and "class " not in source
    assert all(not c.get("outputs") for c in code)


def test_participant_url_uses_the_address_the_room_can_reach():
    from atlas_qual.widgets.facilitator import participant_base

    assert participant_base({"ATLAS_QUAL_BASE_URL": "http://10.0.0.5:8866"}) == "http://10.0.0.5:8866"
    served_everywhere = {"ATLAS_QUAL_BASE_URL": "http://0.0.0.0:8866", "SERVER_NAME": "192.168.1.20",
                         "SERVER_PORT": "8866"}
    assert participant_base(served_everywhere) == "http://192.168.1.20:8866"
    assert participant_base({}) is None


def test_learning_session_speaks_of_recommendations(project):
    created = W.create_session(project, "Aprendizaje", kind="learning",
                               items=[{"ref": "R1", "title": "Capacitar a las CODENI"}])
    W.open_round(project, created.code, created.key, 1)
    app = participant(project, created.code, "Rosa")
    assert [key for key, _h, _t in app._rows] == ["endorse"]
    assert "Recomendación 1 de 1" in app._card.value and "respalda" in app._round_html.value
    assert app._actions_box.layout.display == "none"
    app._rows[0][2].value = "yes"
    assert W.results(project, created.code)["gaps"][0]["yes_share"]["endorse"] == 1.0
