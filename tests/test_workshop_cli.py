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
    assert created["participant_url"] == f"http://192.168.0.10:8866/voila/render/participant.ipynb?session={code}"
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
    assert "Facilitator key" in res.out and "participant.ipynb?session=" in res.out and "impact" in res.out


def test_create_with_a_bad_gap_file_names_the_rows_and_creates_nothing(cli, project_path, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", ["id", "title"], [["G01", "ok"], ["G02", ""]])
    res = cli("workshop", "create", "--title", "T", "--gaps", bad, "--json", "--project", project_path,
              "--lang", "en")
    assert res.code == 1 and res.out == ""
    assert res.err.count("\n") == 1 and "bad.csv" in res.err
    assert "3: the gap title is missing" in res.err and "Fix those rows" in res.err
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
    assert res.json()["participant_url"].startswith("http://10.0.0.9:9000/voila/render/participant.ipynb?session=")
