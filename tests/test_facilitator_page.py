"""The facilitator page driven headlessly (clicks and values on its widgets) and, once, in Chromium at 1366x768."""

from __future__ import annotations

import re

import pytest

from atlas_qual.store import workshop as W
from atlas_qual.widgets.facilitator import FacilitatorApp, render_gate_table, render_projector, render_ranking

from test_workshop_apps import session, write_csv  # noqa: F401  (the same three gaps, one with a hostile title)


@pytest.fixture
def admin(monkeypatch):
    monkeypatch.setenv("ATLAS_QUAL_ADMIN_PASSWORD", "contraseña-del-taller")
    monkeypatch.delenv("ATLAS_QUAL_ADMIN_PASSWORD_FILE", raising=False)
    return "contraseña-del-taller"


def facilitator(project, session, section="live", lang="es"):
    app = FacilitatorApp(project, code=session.code, lang=lang)
    app._key_input.value = session.key
    app._unlock_btn.click()
    assert app.unlocked
    app._nav.value = section
    return app


def join(project, code, nickname):
    return W.join_session(project, code, nickname).token


def vote_all(project, code, token, value_for, upto=None):
    """Answer every question of every item of the open round (or the first ``upto`` items) as a phone would."""
    state, setup = W.session_state(project, code), W.session_setup(project, code)
    gate = state.open_round.kind == "gate"
    refs = [i.ref for i in setup.items] if gate else list(setup.scoring_items)
    keys = setup.config.gate_keys if gate else setup.config.criterion_keys
    for n, ref in enumerate(refs[:upto]):
        for key in keys:
            W.cast_vote(project, code, token, ref, key, value_for(n, key))


def upload(content: bytes, name: str) -> tuple[dict]:
    """A FileUpload value as the browser sends it."""
    import datetime as dt

    return ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime(2025, 3, 14, tzinfo=dt.timezone.utc)},)


def tick(app):
    app._play.value += 1  # what the browser's Play timer does every second


def page_text(app) -> str:
    """Everything the page's widgets hold as text (HTML values, labels, descriptions, inputs)."""
    out, stack = [], [app]
    while stack:
        w = stack.pop()
        for attr in ("value", "description", "placeholder", "tooltip"):
            value = getattr(w, attr, None)
            if isinstance(value, str):
                out.append(value)
        options = getattr(w, "options", None)
        if options:
            out.extend(str(o) for o in options)
        stack.extend(getattr(w, "children", ()))
    return "\n".join(out)


# --- opening a session -----------------------------------------------------------------------------------------------


def test_page_stays_locked_with_a_wrong_key_and_opens_with_the_right_one(project, session):
    app = FacilitatorApp(project, code=session.code)
    assert app._code_input.value == session.code
    app._key_input.value = "not the key"
    app._unlock_btn.click()
    assert not app.unlocked and app._main.layout.display == "none"
    assert "incorrecta" in app._message.value and not app._play.playing
    app._key_input.value = session.key
    app._unlock_btn.click()
    assert app.unlocked and app._play.playing and app._key_input.value == ""
    join_html = app._built["join_html"].value
    assert session.code in join_html and "<svg" in join_html and f"/p/{session.code}" in join_html


def test_session_list_and_create_are_refused_without_the_admin_password(project, session, monkeypatch):
    monkeypatch.delenv("ATLAS_QUAL_ADMIN_PASSWORD", raising=False)
    monkeypatch.delenv("ATLAS_QUAL_ADMIN_PASSWORD_FILE", raising=False)
    app = FacilitatorApp(project)
    # no admin password set at `serve`: nobody can list or create, and the page says how to enable it
    assert "--admin-password-file" in app._labels["no_admin"].value
    assert app._admin_box.layout.display == "none" and app._admin_login.layout.display == "none"
    assert session.code not in page_text(app)
    app._admin_input.value = "anything"
    app._admin_btn.click()
    assert not app.admin and session.code not in page_text(app)
    app._new_title.value = "Intruso"
    app._create_btn.click()
    assert [s.title for s in W.list_sessions(project)] == ["Taller <b>prueba</b>"]


def test_wrong_admin_password_shows_nothing_and_the_right_one_lists_sessions(project, session, admin):
    app = FacilitatorApp(project)
    assert app._admin_login.layout.display is None and app._admin_box.layout.display == "none"
    app._admin_input.value = "adivinanza"
    app._admin_btn.click()
    assert not app.admin and "incorrecta" in app._message.value and session.code not in page_text(app)
    app._admin_retry_at = 0  # the delay after a wrong password is the same schedule as keys (tested there)
    app._admin_input.value = admin
    app._admin_btn.click()
    assert app.admin and app._admin_input.value == ""
    assert session.code in [v for _l, v in app._sessions.options]
    app._sessions.value = session.code
    assert app._code_input.value == session.code and not app.unlocked  # the key is still needed to open it


def test_create_needs_the_admin_password_and_shows_the_key_once_in_a_dialog(project, admin):
    app = FacilitatorApp(project)
    app._admin_input.value = admin
    app._admin_btn.click()
    app._new_title.value = "Nuevo taller"
    app._new_lang.value = "gn"
    app._new_file.value = upload("id,title,description\nG01,Rutas,x\nG02,Datos,y\n".encode(), "gaps.csv")
    app._create_btn.click()
    assert app.unlocked
    [created] = W.list_sessions(project)
    assert app.code == created.code and created.items == 2
    assert W.session_state(project, created.code).lang == "gn"
    assert app._dialog.layout.display is None
    shown_key = app._dialog_html.value.split('data-testid="new-key">')[1].split("<")[0]
    W.authorize(project, created.code, shown_key)
    # the key is in the dialog only: never in the projected view, the status line or any other widget
    assert shown_key not in app._message.value and shown_key not in app._built["join_html"].value
    app._dialog_ok.click()
    assert app._dialog.layout.display == "none" and shown_key not in page_text(app)


def test_the_facilitator_key_never_appears_on_the_unlocked_page(project, session):
    app = facilitator(project, session)
    for section in ("live", "setup", "results", "shortlist", "ballots"):
        app._nav.value = section
        assert session.key not in page_text(app)


# --- the projector view ----------------------------------------------------------------------------------------------


def test_projector_counts_complete_ballots_not_single_answers(project, session):
    app = facilitator(project, session)
    b = app._built
    assert "Abrir ronda 1" in b["open_btn"].description and b["close_btn"].disabled
    b["open_btn"].click()
    people = [join(project, session.code, n) for n in ("ana", "beto", "carla", "dora")]
    for token in people:  # everyone answers one gap of three: nobody has a complete ballot yet
        vote_all(project, session.code, token, lambda n, key: "yes", upto=1)
    tick(app)
    proj = b["projector_html"].value
    assert re.search(r'data-testid="complete">0</span> de 4', proj), proj
    assert "Ronda 1 (filtro)" in proj and "abierta" in proj
    vote_all(project, session.code, people[0], lambda n, key: "yes")
    vote_all(project, session.code, people[1], lambda n, key: "no")
    tick(app)
    proj = b["projector_html"].value
    assert re.search(r'data-testid="complete">2</span> de 4', proj)
    assert 'aria-valuenow="2"' in proj and 'aria-valuemax="4"' in proj  # the bar shows complete ballots too
    assert "4 se unieron · 4 teléfonos conectados ahora" in proj
    assert "completaron 2 de 4" in b["live_html"].value and "4 de 4 votaron" in b["live_html"].value
    version = app._version
    tick(app)
    assert app._version == version  # nothing changed, nothing redrawn
    b["close_btn"].click()
    assert "cerrada" in b["projector_html"].value


def test_projector_view_renders_in_english_with_english_states(project, session):
    W.open_round(project, session.code, session.key, 1)
    state = W.session_state(project, session.code)
    html = render_projector(state, "en")
    assert "Round 1 (gate)" in html and "open" in html and "of 0 completed" in html
    assert "abierta" not in html


def test_live_results_and_second_round_follow_the_store(project, session):
    app = facilitator(project, session)
    b = app._built
    b["open_btn"].click()
    people = [join(project, session.code, n) for n in ("ana", "beto", "carla")]
    vote_all(project, session.code, people[0], lambda n, key: "yes")
    vote_all(project, session.code, people[1], lambda n, key: "yes" if n < 2 else "no")
    vote_all(project, session.code, people[2], lambda n, key: "yes" if n == 0 or key == "C2" else "no")
    app._nav.value = "results"
    gate = app._built["gate_html"].value
    assert "califican 2 de 3" in gate and "100\xa0%" in gate and "(C1 o C2) y C3" in gate
    app._nav.value = "live"
    b["close_btn"].click()
    b["open_btn"].click()
    vote_all(project, session.code, people[0], lambda n, key: 5 if n == 0 else 2)
    app._nav.value = "results"
    ranking = app._built["ranking_html"].value
    assert "Orden de prioridad (ronda 2)" in ranking and "<svg" in ranking
    first = ranking
    vote_all(project, session.code, people[1], lambda n, key: 1 if n == 0 else 4)
    vote_all(project, session.code, people[2], lambda n, key: 1 if n == 0 else 5)
    tick(app)
    ranking = app._built["ranking_html"].value
    assert ranking != first and ranking.index("1. G02") < ranking.index("2. G01")
    assert "W de Kendall" in ranking and re.search(r"\d,\d", ranking)  # Spanish decimals: 3,67 not 3.67


def test_reveal_and_a_third_round_show_the_change(project, session):
    app = facilitator(project, session)
    b = app._built
    b["open_btn"].click()
    people = [join(project, session.code, n) for n in ("a", "b")]
    for token in people:
        vote_all(project, session.code, token, lambda n, key: "yes")
    b["close_btn"].click()
    assert b["reveal_btn"].description.startswith("Mostrar resultados de la ronda 1")
    b["reveal_btn"].click()
    assert W.session_state(project, session.code).round(1).revealed
    b["open_btn"].click()
    for token, value in zip(people, (4, 2)):
        vote_all(project, session.code, token, lambda n, key, v=value: v if n else 3)
    b["close_btn"].click()
    assert "Abrir ronda 3" in b["open_btn"].description
    b["open_btn"].click()
    assert W.session_state(project, session.code).open_round.number == 3
    vote_all(project, session.code, people[0], lambda n, key: 5)
    app._nav.value = "results"
    assert "Cambio de la ronda 2 a la 3" in app._built["change_html"].value


def test_tie_decided_on_the_results_screen_is_logged_in_the_readers_words(project, session):
    app = facilitator(project, session)
    app._built["open_btn"].click()
    people = [join(project, session.code, n) for n in ("a", "b")]
    for token in people:
        vote_all(project, session.code, token, lambda n, key: "yes")
    app._built["close_btn"].click()
    app._built["open_btn"].click()
    for token in people:
        vote_all(project, session.code, token, lambda n, key: 4)
    app._nav.value = "results"
    b = app._built
    assert b["tie_box"].layout.display is None and b["tie_order"].value == "G01, G02, G03"
    b["tie_order"].value = "G03, G01, G02"
    b["tie_btn"].click()
    res = W.results(project, session.code)
    assert [g["rank"] for g in res["gaps"]] == [2, 3, 1] and res["tie_breaks"][-1]["rule"] == "facilitator"
    # decided: the box stays only to correct an order typed wrong (field test 11), empty and saying so
    assert b["tie_order"].value == "" and "en el orden equivocado" in b["tie_hint"].value
    ranking = b["ranking_html"].value
    assert "decidido por la persona facilitadora" in ranking and "by facilitator" not in ranking
    assert "decidido por facilitator" not in ranking


# --- the working sections --------------------------------------------------------------------------------------------


def test_setup_edits_gaps_criteria_procedure_and_the_participants_language(project, session):
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
    assert [v for _l, v in b["session_lang"].options] == ["es", "en", "gn"] and b["session_lang"].value == "es"
    b["session_lang"].value = "gn"
    assert W.session_state(project, session.code).lang == "gn"


def test_gap_upload_on_the_page_needs_the_key(project, session, tmp_path):
    app = facilitator(project, session, "setup")
    b = app._built
    app._key = "stolen-or-typed-wrong"  # a page whose key is not the session's changes nothing
    b["gap_upload"].value = upload("id,title,description\nG07,Nueva,x\n".encode(), "mas.csv")
    b["gap_upload_btn"].click()
    assert "incorrecta" in app._message.value
    assert "G07" not in [i.ref for i in W.session_setup(project, session.code).items]
    app._key = session.key
    b["gap_upload"].value = upload("id,title,description\nG07,Nueva,x\n".encode(), "mas.csv")
    b["gap_upload_btn"].click()
    assert "G07" in [i.ref for i in W.session_setup(project, session.code).items]


def test_shortlist_workgroups_ballots_and_export_sections(project, session):
    code = session.code
    app = facilitator(project, session)
    app._built["open_btn"].click()
    people = [join(project, code, n) for n in ("a", "b", "c")]
    for token in people:
        vote_all(project, code, token, lambda n, key: "yes")
    app._built["close_btn"].click()
    app._built["open_btn"].click()
    for i, token in enumerate(people):
        vote_all(project, code, token, lambda n, key, i=i: 5 - n if i else 5)
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
    assert "Lidia Ortiz" in b["short_html"].value and "Referente" in b["short_html"].value
    app._nav.value = "ballots"
    b = app._built
    content = "participant,gap,criterion,value\nDora,G01,impact,4\nDora,G02,impact,9\n".encode()
    b["ballot_upload"].value = upload(content, "papel.csv")
    b["ballot_btn"].click()
    report = b["ballot_report"].value
    assert "1 de 2" in report and "fila 3" in report
    b["template_btn"].click()
    assert "download=" in b["ballot_report"].value and "boletas_" in b["ballot_report"].value
    import base64
    import csv
    import io
    import re

    template = base64.b64decode(re.search(r"base64,([^\"']+)", b["ballot_report"].value).group(1)).decode("utf-8")
    rows = list(csv.reader(io.StringIO(template)))
    assert rows[0] == ["participant", "gap", "criterion", "value", "institution"]
    assert len(rows) > 1 and all(len(r) == 5 for r in rows)  # every row as wide as its header: Excel columns align
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


def test_page_in_english_speaks_english(project, session):
    app = facilitator(project, session, lang="en")
    assert app._built["open_btn"].description == "Open round 1 (gate)"
    assert "Join code" in app._built["join_html"].value and "Round 1 (gate)" in app._built["projector_html"].value


def test_notebook_shows_the_page_in_the_shared_frame(monkeypatch, project, session):
    from atlas_qual.widgets import page
    from atlas_qual.widgets.frame import Frame

    monkeypatch.setattr(page, "project", lambda path=None: project)
    monkeypatch.setattr(page, "request_params", lambda: {"session": session.code.lower(), "lang": "en"})
    shown = FacilitatorApp.from_request()
    assert isinstance(shown, Frame) and shown.lang == "en"
    assert isinstance(shown.body, FacilitatorApp) and shown.body._code_input.value == session.code
    assert 'data-testid="home-link"' in shown.header.value


# --- in Chromium, on a projector-sized screen ------------------------------------------------------------------------


@pytest.mark.browser
def test_projector_view_fits_1366x768_with_a_big_count_and_passes_axe(browser, tmp_path):
    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    gaps = write_csv(tmp_path / "gaps.csv", ["id", "title", "description"],
                     [[f"G{n:02d}", f"Brecha de coordinación número {n} entre instituciones del territorio",
                       "Descripción"] for n in range(1, 9)])
    path = tmp_path / "projector.db"
    project = open_project(path, create=True)
    init_project(project)
    created = W.create_session(project, "Taller en el proyector", gaps_file=gaps)
    W.open_round(project, created.code, created.key, 1)
    tokens = [W.join_session(project, created.code, f"p{n}").token for n in range(5)]
    for token in tokens[:3]:
        vote_all(project, created.code, token, lambda n, key: "yes" if n % 3 else "no")
    vote_all(project, created.code, tokens[3], lambda n, key: "yes", upto=2)
    project.dispose()
    server = VoilaProcess(path, pool_size=1, log_dir=tmp_path)
    try:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(server.url("facilitator.ipynb", session=created.code))
        page.wait_for_selector(".aq-key-input input")
        from axe_playwright_python.sync_playwright import Axe

        def serious_violations():
            found = Axe().run(page).response["violations"]
            return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found
                    if v.get("impact") in ("serious", "critical")]

        assert serious_violations() == []  # the locked page: code, key, admin note
        page.fill(".aq-key-input input", created.key)
        page.click(".aq-unlock")
        count = page.wait_for_selector("[data-testid=complete]")
        assert count.inner_text() == "3"
        height = page.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-testid=complete]'))"
                               ".fontSize)")
        assert height >= 80  # readable from the back of a room
        assert "de 5" in page.inner_text("[data-testid=complete-count]")
        assert page.inner_text("[data-testid=round-state]").startswith("Ronda 1 (filtro)")
        assert created.key not in page.content()
        page.check("text=Mostrar resultados en esta pantalla")
        page.wait_for_selector("[data-testid=gate-table]")
        page.wait_for_timeout(500)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"horizontal scroll of {overflow}px at 1366x768"
        clipped = page.evaluate("""() => [...document.querySelectorAll('button, label, .widget-label, th')]
            .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())""")
        assert clipped == [], clipped
        assert serious_violations() == []
        page.screenshot(path=str(tmp_path / "facilitator.png"))
        context.close()
    finally:
        server.stop()


# --- names listed in the project never reach the projector -----------------------------------------------------------


def test_listed_names_typed_into_gaps_are_hidden_on_the_projected_results(project, tmp_path):
    from atlas_qual.store.names import add_names

    add_names(project, ["Ana Lucía Britez"], added_by="ana.gimenez")
    created = W.create_session(project, "Taller", items=[
        {"ref": "G01", "title": "Caso de Ana Lucía Britez", "description": "Llamar al 0981 123 456"},
        {"ref": "G02", "title": "Rutas de intervención"}])
    app = facilitator(project, created)
    app._built["open_btn"].click()
    token = join(project, created.code, "rosa")
    vote_all(project, created.code, token, lambda n, key: "yes")
    app._built["show_live"].value = True
    shown = [app._built["live_preview"].value]
    for section in ("results", "setup", "shortlist"):
        app._nav.value = section
        shown.append(page_text(app._section_box))
    text = "\n".join(shown)
    assert "Caso de [nombre]" in app._built["gate_html"].value
    assert "Britez" not in text and "0981" not in text
    assert "Caso de [nombre]" in app._built["items_html"].value and "Rutas de intervención" in text
