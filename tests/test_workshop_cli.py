"""`atlas-qual workshop create|ballot|results|list`: the DESIGN.md contract, errors on stderr, exit codes."""

from __future__ import annotations

import csv

import pytest

from conftest import run_cli_process


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def gaps_csv(tmp_path):
    return write_csv(tmp_path / "gaps.csv", ["id", "title", "description"],
                     [["G01", "Rutas de intervención", "x"], ["G02", "Plataformas fragmentadas", "y"],
                      ["G03", "Canales de denuncia", "z"]])


@pytest.fixture
def created(cli, project_path, gaps_csv):
    res = cli("workshop", "create", "--title", "Taller CLI", "--gaps", gaps_csv, "--json", "--project", project_path,
              "--base-url", "http://192.168.0.10:8866/")
    assert res.code == 0, res
    return res.json()


def test_create_prints_the_design_json(created):
    assert set(created) == {"session", "facilitator_key", "participant_url", "facilitator_url", "criteria"}
    code = created["session"]
    assert created["participant_url"] == f"http://192.168.0.10:8866/p/{code}"
    assert created["facilitator_url"].endswith(f"/facilitator.ipynb?session={code}")
    assert created["criteria"] == [
        {"id": "impact", "label": "Impacto en la coordinación", "weight": 0.4, "min": 1, "max": 5},
        {"id": "feasibility", "label": "Factibilidad", "weight": 0.3, "min": 1, "max": 5},
        {"id": "urgency", "label": "Urgencia", "weight": 0.3, "min": 1, "max": 5},
    ]
    assert len(created["facilitator_key"]) >= 32


def test_create_human_output_shows_the_key_once_and_the_urls(cli, project_path, gaps_csv):
    res = cli("workshop", "create", "--title", "Otro", "--gaps", gaps_csv, "--project", project_path, "--lang", "en")
    assert res.code == 0
    assert "Facilitator key" in res.out and "/p/" in res.out and "impact" in res.out


def test_create_with_a_bad_gap_file_names_the_rows_and_creates_nothing(cli, project_path, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", ["id", "title"], [["G01", "ok"], ["G02", ""]])
    res = cli("workshop", "create", "--title", "T", "--gaps", bad, "--json", "--project", project_path,
              "--lang", "en")
    assert res.code == 1 and res.out == ""
    assert res.err.count("\n") == 1 and "bad.csv" in res.err
    assert "3: the gap title is missing. Fix that row" in res.err  # one row: singular, one full stop
    listed = cli("workshop", "list", "--json", "--project", project_path)
    assert listed.json() == []


def test_create_in_a_project_without_gaps_says_how_to_fix(cli, project_path):
    res = cli("workshop", "create", "--title", "T", "--project", project_path, "--lang", "en")
    assert res.code == 1 and "--gaps" in res.err


def test_ballot_needs_the_key_and_refuses_a_wrong_one(cli, project_path, created, tmp_path, monkeypatch):
    monkeypatch.delenv("ATLAS_QUAL_FACILITATOR_KEY", raising=False)
    ballots = write_csv(tmp_path / "b.csv", ["participant", "gap", "criterion", "value"], [["Ana", "G01", "C1", "sí"]])
    code = created["session"]
    res = cli("workshop", "ballot", "--session", code, "--file", ballots, "--project", project_path, "--lang", "en")
    assert res.code == 1 and "--key" in res.err and "ATLAS_QUAL_FACILITATOR_KEY" in res.err
    res = cli("workshop", "ballot", "--session", code, "--file", ballots, "--key", "nope", "--project", project_path,
              "--lang", "en")
    assert res.code == 1 and "Wrong facilitator key" in res.err


def test_ballot_keeps_good_rows_and_reports_each_bad_row_on_stderr(cli, project_path, created, tmp_path, monkeypatch):
    from atlas_qual.store import open_project
    from atlas_qual.store.workshop import open_round

    code, key = created["session"], created["facilitator_key"]
    project = open_project(project_path)
    open_round(project, code, key, 1)
    project.dispose()
    ballots = write_csv(tmp_path / "b.csv", ["participant", "gap", "criterion", "value"],
                        [["Ana", "G01", "C1", "sí"], ["Ana", "G09", "C1", "sí"], ["Ana", "G01", "impact", "4"],
                         ["Beto", "G01", "C3", "no"]])
    monkeypatch.setenv("ATLAS_QUAL_FACILITATOR_KEY", key)
    res = cli("workshop", "ballot", "--session", code.lower(), "--file", ballots, "--json", "--project", project_path,
              "--lang", "en")
    assert res.code == 1  # some rows were bad: scripts must notice
    report = res.json()
    assert (report["rows"], report["accepted"]) == (4, 2)
    assert [e["row"] for e in report["errors"]] == [3, 4]
    lines = res.err.strip().splitlines()
    assert len(lines) == 2 and "row 3" in lines[0] and "G09" in lines[0] and "row 4" in lines[1]
    results = cli("workshop", "results", "--session", code, "--json", "--project", project_path).json()
    assert results["participants"] == 2


def test_results_json_follows_the_design_contract(cli, project_path, created):
    from atlas_qual.store import open_project
    from atlas_qual.store import workshop as W

    code, key = created["session"], created["facilitator_key"]
    project = open_project(project_path)
    W.open_round(project, code, key, 1)
    people = [W.join_session(project, code, n).token for n in ("a", "b", "c")]
    for token in people:
        for gap in ("G01", "G02"):
            for crit in ("C1", "C2", "C3"):
                W.cast_vote(project, code, token, gap, crit, "sí")
    W.close_round(project, code, key)
    W.open_round(project, code, key, 2)
    for token, (g1, g2) in zip(people, ((5, 3), (4, 2), (5, 3))):
        for crit in ("impact", "feasibility", "urgency"):
            W.cast_vote(project, code, token, "G01", crit, g1)
            W.cast_vote(project, code, token, "G02", crit, g2)
    W.set_shortlist(project, code, key, [{"item": "G01", "dmop": "MAUEP"}])
    project.dispose()
    out = cli("workshop", "results", "--session", code, "--json", "--project", project_path).json()
    assert {"session", "participants", "procedure", "kendall_w", "gaps", "tie_breaks", "shortlist"} <= set(out)
    assert out["session"] == code and out["participants"] == 3 and out["procedure"] == "premise"
    assert out["kendall_w"] == pytest.approx(1.0) and out["shortlist"] == ["G01"]
    gap = out["gaps"][0]
    assert {"id", "title", "qualifies", "premise_based", "conclusion_based", "score", "median", "iqr", "n",
            "rank"} <= set(gap)
    assert (gap["id"], gap["rank"], gap["n"], gap["score"]) == ("G01", 1, 3, pytest.approx(14 / 3))
    assert out["gaps"][2]["qualifies"] is False and out["gaps"][2]["rank"] is None
    human = cli("workshop", "results", "--session", code, "--project", project_path, "--lang", "en")
    assert human.code == 0 and "Kendall's W 1.000" in human.out and "MAUEP" in human.out


def test_results_of_an_unknown_session_is_an_error(cli, project_path):
    res = cli("workshop", "results", "--session", "QQQQQQ", "--json", "--project", project_path, "--lang", "en")
    assert res.code == 1 and "QQQQQQ" in res.err and res.out == ""


def test_list_shows_sessions_with_counts(cli, project_path, created):
    listed = cli("workshop", "list", "--json", "--project", project_path).json()
    assert [s["code"] for s in listed] == [created["session"]]
    assert listed[0]["items"] == 3 and listed[0]["participants"] == 0 and listed[0]["status"] == "open"
    human = cli("workshop", "list", "--project", project_path, "--lang", "en")
    assert created["session"] in human.out and "3 items" in human.out


def test_workshop_create_in_a_real_process(project_path, gaps_csv):
    res = run_cli_process("workshop", "create", "--title", "Proceso", "--gaps", gaps_csv, "--json", "--project",
                          project_path, env={"ATLAS_QUAL_BASE_URL": "http://10.0.0.9:9000"})
    assert res.code == 0, res
    assert res.json()["participant_url"].startswith("http://10.0.0.9:9000/p/")


# --- round control: a paper-only workshop from the command line ------------------------------------------------------


def test_paper_only_workshop_runs_end_to_end_from_the_cli(cli, project_path, created, tmp_path, monkeypatch):
    monkeypatch.delenv("ATLAS_QUAL_FACILITATOR_KEY", raising=False)
    code, key = created["session"], created["facilitator_key"]
    base = ("--session", code, "--key", key, "--project", project_path)
    opened = cli("workshop", "round", "open", *base, "--json")
    assert opened.code == 0, opened
    assert opened.json()["round"]["number"] == 1 and opened.json()["round"]["status"] == "open"
    gate = write_csv(tmp_path / "gate.csv", ["participant", "gap", "criterion", "value"],
                     [[who, gap, c, "sí" if gap != "G03" else "no"] for who in ("Ana", "Beto", "Carla")
                      for gap in ("G01", "G02", "G03") for c in ("C1", "C2", "C3")])
    assert cli("workshop", "ballot", "--session", code, "--key", key, "--file", gate, "--project",
               project_path).code == 0
    status = cli("workshop", "round", "status", *base, "--json").json()
    assert status["participants"] == 3 and status["rounds"][0]["complete"] == 3
    assert cli("workshop", "round", "close", *base).code == 0
    opened = cli("workshop", "round", "open", *base, "--json").json()  # the next round: scoring
    assert opened["round"]["number"] == 2 and opened["round"]["kind"] == "score"
    scores = write_csv(tmp_path / "scores.csv", ["participant", "gap", "criterion", "value"],
                       [[who, gap, c, v] for who in ("Ana", "Beto", "Carla")
                        for gap, v in (("G01", 5), ("G02", 3)) for c in ("impact", "feasibility", "urgency")])
    assert cli("workshop", "ballot", "--session", code, "--key", key, "--file", scores, "--project",
               project_path).code == 0
    closed = cli("workshop", "round", "close", *base, "--number", "2", "--json").json()
    assert closed["round"]["status"] == "closed" and closed["round"]["complete"] == 3
    revealed = cli("workshop", "round", "reveal", *base, "--json").json()
    assert revealed["round"]["number"] == 2 and revealed["round"]["revealed"] is True
    results = cli("workshop", "results", "--session", code, "--json", "--project", project_path).json()
    assert [(g["id"], g["rank"]) for g in results["gaps"]] == [("G01", 1), ("G02", 2), ("G03", None)]
    assert results["participants"] == 3


def test_round_status_human_output_is_translated(cli, project_path, created):
    code, key = created["session"], created["facilitator_key"]
    base = ("--session", code, "--key", key, "--project", project_path)
    opened = cli("workshop", "round", "open", *base, "--lang", "es")
    assert opened.code == 0 and "Ronda 1 (filtro): abierta" in opened.out
    assert "completaron 0 de 0" in opened.out and "sin empezar" in opened.out
    status = cli("workshop", "round", "status", *base, "--lang", "en")
    assert "Round 1 (gate): open; 0 of 0 completed" in status.out and "not started" in status.out
    assert " open " not in cli("workshop", "round", "status", *base, "--lang", "es").out


def test_round_control_errors_are_one_line_with_exit_1(cli, project_path, created, monkeypatch):
    monkeypatch.delenv("ATLAS_QUAL_FACILITATOR_KEY", raising=False)
    code, key = created["session"], created["facilitator_key"]
    for args, expected in (
        (("open", "--session", code), "--key"),
        (("open", "--session", code, "--key", "nope"), "Wrong facilitator key"),
        (("close", "--session", code, "--key", key), "round"),
        (("reveal", "--session", code, "--key", key), "round"),
        (("open", "--session", code, "--key", key, "--number", "7"), "7"),
        (("status", "--session", "QQQQQQ", "--key", key), "QQQQQQ"),
    ):
        res = cli("workshop", "round", *args, "--project", project_path, "--lang", "en", "--json")
        assert res.code == 1 and res.out == "", (args, res)
        assert res.err.count("\n") == 1 and expected in res.err, (args, res.err)
    assert cli("workshop", "round", "explode", "--session", code, "--project", project_path).code == 2


def test_round_key_can_come_from_the_environment(cli, project_path, created, monkeypatch):
    monkeypatch.setenv("ATLAS_QUAL_FACILITATOR_KEY", created["facilitator_key"])
    from atlas_qual.cli import build_parser

    args = build_parser().parse_args(["workshop", "round", "status", "--session", created["session"]])
    assert args.key == created["facilitator_key"]


def test_create_sets_the_participants_language(cli, project_path, gaps_csv):
    res = cli("workshop", "create", "--title", "Ñe'ẽ", "--gaps", gaps_csv, "--lang", "gn", "--json", "--project",
              project_path)
    assert res.code == 0, res
    from atlas_qual.store import open_project
    from atlas_qual.store import workshop as W

    project = open_project(project_path)
    try:
        assert W.session_state(project, res.json()["session"]).lang == "gn"
    finally:
        project.dispose()


def test_list_and_results_human_output_have_no_raw_english_in_spanish(cli, project_path, created):
    listed = cli("workshop", "list", "--project", project_path, "--lang", "es")
    assert "abierta" in listed.out and "priorización de brechas" in listed.out
    assert " open " not in listed.out and " gaps " not in listed.out


def test_workshop_cli_output_hides_listed_names_unless_asked(cli, project_path, monkeypatch):
    from atlas_qual.store import open_project
    from atlas_qual.store import workshop as W
    from atlas_qual.store.names import add_names

    project = open_project(project_path)
    try:
        add_names(project, ["Ana Lucía Britez"], added_by="ana.gimenez")
        created = W.create_session(project, "Taller con Ana Lucía Britez",
                                   items=[{"ref": "G01", "title": "Caso de Ana Lucía Britez"}])
    finally:
        project.dispose()
    code, key = created.code, created.key
    outputs = [cli("workshop", "results", "--session", code, "--json", "--project", project_path).out,
               cli("workshop", "results", "--session", code, "--project", project_path).out,
               cli("workshop", "list", "--project", project_path).out,
               cli("workshop", "round", "status", "--session", code, "--key", key, "--project", project_path).out,
               cli("workshop", "round", "open", "--session", code, "--key", key, "--json", "--project",
                   project_path).out]
    for out in outputs:
        assert "Britez" not in out and "[nombre]" in out, out
    plain = cli("workshop", "results", "--session", code, "--json", "--no-redact", "--project", project_path)
    assert "Caso de Ana Lucía Britez" in plain.out


def test_release_lets_a_person_rejoin_under_their_nickname_from_another_phone(cli, project_path, created):
    from atlas_qual.store import open_project
    from atlas_qual.store import workshop as W

    code, key = created["session"], created["facilitator_key"]
    project = open_project(project_path)
    try:
        W.open_round(project, code, key, 1)
        first = W.join_session(project, code, "Rosa")
        W.cast_vote(project, code, first.token, "G01", "C1", True)
        res = cli("workshop", "release", "--session", code, "--key", key, "--nickname", "rosa", "--project",
                  project_path)
        assert res.code == 0 and "Apodo liberado" in res.out and "Rosa" not in res.out  # names nobody
        again = W.join_session(project, code, "Rosa")
        assert again.participant_id == first.participant_id
        assert W.session_state(project, code).participants == 1
        res = cli("workshop", "release", "--session", code, "--key", key, "--nickname", "Nadie", "--json",
                  "--project", project_path)
        assert res.code == 1 and res.err.count("\n") == 1 and "Nadie" not in res.err
        res = cli("workshop", "release", "--session", code, "--key", key, "--nickname", "rosa", "--json",
                  "--project", project_path)
        assert res.code == 0 and res.json() == {"session": code, "released": True}
    finally:
        project.dispose()


def test_create_prints_no_port_it_cannot_know(cli, project_path, gaps_csv, monkeypatch):
    # the server may run on any --port: without the address, the paths and where the exact link is shown
    monkeypatch.delenv("ATLAS_QUAL_BASE_URL", raising=False)
    res = cli("workshop", "create", "--title", "Puerto", "--gaps", gaps_csv, "--project", project_path)
    assert res.code == 0
    line = next(x for x in res.out.splitlines() if x.startswith("Participantes: "))
    assert line.startswith("Participantes: /p/") and "atlas-qual serve" in line and "--port" in line
    assert "http://127.0.0.1:8866/p/" not in res.out
    assert "código QR" in next(x for x in res.out.splitlines() if x.startswith("Facilitación: "))
    # the address `serve` was told to use (its own default when it starts the server) gives whole URLs
    monkeypatch.setenv("ATLAS_QUAL_BASE_URL", "http://192.168.0.7:9000")
    res = cli("workshop", "create", "--title", "Puerto 2", "--gaps", gaps_csv, "--project", project_path, "--json")
    assert res.json()["participant_url"].startswith("http://192.168.0.7:9000/p/")
    res = cli("workshop", "create", "--title", "Puerto 3", "--gaps", gaps_csv, "--project", project_path,
              "--base-url", "http://10.0.0.5:8080")
    assert "Participantes: http://10.0.0.5:8080/p/" in res.out
