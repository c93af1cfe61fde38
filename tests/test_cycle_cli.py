"""The cycle from the command line: BOK import with bad rows, relevant practices, a learning workshop run end to end
(create, paper ballots through `workshop ballot`, results, record), the refinement log, a plan, indicators 5-6 and
`report plan`.

The cycle commands are called through their handlers with the arguments argparse gives them (``ctx.args``), and the
existing workshop commands through the real CLI, so the test holds whichever way the commands are wired.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest

from atlas_qual.cli import Context
from atlas_qual.commands import cycle as commands
from atlas_qual.errors import AtlasQualError


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self):
        return json.loads(self.out)

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out[-400:]!r}, err={self.err[-400:]!r})"


@pytest.fixture
def run(project_path):
    """Run a cycle command handler like `atlas-qual` does: ``run("bok_import", file=..., json=True)``."""

    def _run(name: str, **args) -> Result:
        from atlas_qual import i18n

        args.setdefault("ui_lang", None)
        namespace = argparse.Namespace(project=str(project_path), json=args.pop("json", True), **args)
        if namespace.ui_lang:  # as `atlas-qual --lang`: messages in that language too
            i18n.set_lang(namespace.ui_lang)
        ctx = Context(namespace)
        out, err = io.StringIO(), io.StringIO()
        try:
            with redirect_stdout(out), redirect_stderr(err):
                try:
                    code = int(getattr(commands, f"cmd_{name}")(ctx) or 0)
                except AtlasQualError as exc:
                    print(f"atlas-qual: error: {exc.message()}", file=sys.stderr)
                    code = 1
        finally:
            ctx.close()
            i18n.set_lang(None)
        return Result(code, out.getvalue(), err.getvalue())

    return _run


def _write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_bok_import_reports_bad_rows_by_number_and_exits_1(run, tmp_path):
    path = _write(tmp_path / "bok.csv",
                  "ref,title,evidence,topics,gaps\n"
                  "B1,Ficha única de derivación,moderada,TI,G06\n"
                  "B2,Campaña 147,excelente,TI,\n"
                  ",,limitada,,\n"
                  "B4,Entrevista única,limited,trata,G19\n")
    res = run("bok_import", file=str(path))
    assert res.code == 1
    data = res.json()
    assert data["added"] == ["B1", "B4"]
    assert [e["row"] for e in data["errors"]] == [3, 4]
    assert "bok.csv, fila 3" in res.err and "excelente" in res.err
    listed = run("bok_list", query="entrevista")
    assert [p["ref"] for p in listed.json()] == ["B4"]
    strict = run("bok_import", file=str(path), all_or_nothing=True)
    assert strict.code == 1 and "no se importó nada" in strict.err


def test_bok_relevant_lists_linked_practices_and_shared_terms(run, tmp_path, project):
    from atlas_qual.store.gaps import import_gaps

    import_gaps(project, _write(tmp_path / "gaps.csv", "id,title,description\n"
                                "G05,Poco conocimiento de los canales de denuncia,La gente no conoce la línea 147\n"))
    run("bok_import", file=str(_write(tmp_path / "bok.csv",
                                      "ref,title,evidence\n"
                                      "B1,Campañas sobre la línea 147 y otros canales de denuncia,moderate\n"
                                      "B2,Albergues para víctimas adultas,limited\n")))
    res = run("bok_relevant", gap="G05", n=3)
    assert res.code == 0
    found = res.json()["practices"]
    assert [p["ref"] for p in found] == ["B1"] and found[0]["reason"] == "terms"
    human = run("bok_relevant", gap="G05", json=False)
    assert "B1" in human.out and "términos en común" in human.out
    missing = run("bok_relevant", gap="G77")
    assert missing.code == 1 and "G77" in missing.err


def test_learning_workshop_end_to_end_from_the_command_line(run, cli, project_path, project, tmp_path):
    from atlas_qual.store.cycle import add_recommendation

    for text in ("Juez de turno para órdenes de allanamiento urgentes",
                 "Registro único de casos derivados entre instituciones",
                 "Que la ruta se piense también para Asunción"):
        add_recommendation(project, "MAUEP", text)
    listed = run("learning_recommendations", dmop="mauep")
    assert [r["ref"] for r in listed.json()] == ["R01", "R02", "R03"]

    created = run("learning_create", dmop="MAUEP", base_url="http://10.0.0.5:8866")
    assert created.code == 0, created
    session = created.json()
    code, key = session["session"], session["facilitator_key"]
    assert session["participant_url"].startswith("http://10.0.0.5:8866/") and session["kind"] == "learning"
    assert [c["id"] for c in session["criteria"]] == ["priority"]

    people = ["rosa", "hugo", "carmen"]
    gate = ["participant,item,criterion,value,detail"]
    for n, person in enumerate(people):
        gate.append(f"{person},R01,endorse,sí,PJ")
        gate.append(f"{person},R02,endorse,{'sí' if n < 2 else 'no'},MINNA")
        gate.append(f"{person},R03,endorse,no,")
        gate.append(f"{person},ENDORSE,endorse,{'sí' if n != 1 else 'no'},")
    score = ["participant,item,criterion,value"]
    for person, (a, b, c) in zip(people, [(5, 3, 4), (4, 4, 5), (5, 2, 4)]):
        score += [f"{person},R01,priority,{a}", f"{person},R02,priority,{b}", f"{person},ENDORSE,priority,{c}"]
    gate_file = _write(tmp_path / "gate.csv", "\n".join(gate) + "\n")
    score_file = _write(tmp_path / "score.csv", "\n".join(score) + "\n")

    # the facilitator opens the endorsement round on the engine and types in the paper ballots
    from atlas_qual.store import workshop as ws

    ws.open_round(project, code, key, 1)
    res = cli("workshop", "ballot", "--session", code, "--file", gate_file, "--key", key, "--project", project_path,
              "--json")
    assert res.code == 0, res
    early = run("learning_record", session=code, key=key)
    assert early.code == 1 and "todavía no se cerró" in early.err
    ws.close_round(project, code, key, 1)
    ws.open_round(project, code, key, 2)
    res = cli("workshop", "ballot", "--session", code, "--file", score_file, "--key", key, "--project", project_path,
              "--json")
    assert res.code == 0, res
    ws.close_round(project, code, key, 2)
    results = cli("workshop", "results", "--session", code, "--project", project_path, "--json").json()
    assert {g["id"]: g["qualifies"] for g in results["gaps"]} == {"R01": True, "R02": True, "R03": False,
                                                                   "ENDORSE": True}

    wrong = run("learning_record", session=code, key="not-the-key")
    assert wrong.code == 1
    recorded = run("learning_record", session=code, key=key, course="Adoptar R01 y R02 en 2026", date="2025-06-20")
    assert recorded.code == 0, recorded
    out = recorded.json()
    assert out["course_of_action"] == ["R01", "R02"] and out["dmop_endorsed"] is True
    assert out["endorsement"]["yes"] == 2 and out["endorsement"]["voters"] == 3
    human = run("learning_recommendations", dmop="MAUEP", json=False)
    assert "R01" in human.out and "respaldada" in human.out and "rechazada" in human.out and "PJ" in human.out

    refined = run("cycle_refine", dmop="MAUEP", change="Juez de turno incorporado a la ruta", why="R01 respaldada",
                  recommendation=["R01"], decision=[str(out["course_decision"])], session=[code], date="2025-08-29")
    assert refined.code == 0 and refined.json()["version"] == "1.1"
    log = run("cycle_log", dmop="MAUEP").json()
    assert log[0]["decisions"] == [out["course_decision"]] and log[0]["sessions"] == [code]

    actions = _write(tmp_path / "acciones.csv", "acción,institución,inicio,fin\n"
                                                "Aprobar la ruta por resolución,MTESS,2026-06,2026-08\n"
                                                "Protocolo con la Corte,Poder Judicial,2026-07,2026-10\n")
    plan = run("cycle_plan", dmop="MAUEP", actions=str(actions), resources="Presupuesto 2027")
    assert plan.code == 0, plan
    assert [a["institution"] for a in plan.json()["actions"]] == ["MTESS", "PJ"]
    shown = run("cycle_plan", dmop="MAUEP", json=False)
    assert "Protocolo con la Corte" in shown.out
    submitted = run("cycle_plan", dmop="MAUEP", plan=plan.json()["id"], status="submitted")
    assert submitted.json()["status"] == "submitted" and len(submitted.json()["actions"]) == 2

    counts = run("cycle_counts").json()
    assert counts["indicator_5"]["value"] == 1 and counts["indicator_6"]["counted"] == ["MAUEP"]

    docx_path = tmp_path / "plan.docx"
    report = run("report_plan", dmop="MAUEP", ui_lang="es", out=str(docx_path), territory=None, template=None,
                 no_redact=False)
    assert report.code == 0, report
    import docx

    from atlas_qual.reports.docx_build import document_text

    text = document_text(docx.Document(str(docx_path)))
    assert "respaldó el DMOP MAUEP para su institucionalización con 2 de 3 votos" in text
    assert "Protocolo con la Corte" in text and "{{" not in text


def test_cycle_commands_name_what_is_wrong(run):
    res = run("cycle_refine", dmop="XYZ", change="algo")
    assert res.code == 1 and "XYZ" in res.err and "MAUEP" in res.err
    res = run("cycle_plan", dmop="CR")
    assert res.code == 1 and "CR" in res.err
    res = run("cycle_phase", dmop="CR", phase="pilot", date="31/02/2025")
    assert res.code == 1 and "31/02/2025" in res.err
    res = run("cycle_phase", dmop="CR", phase="piloto", date="2025-02-03")
    assert res.code == 0 and res.json()["phase"] == "pilot"
    res = run("learning_create", dmop="IPACM")
    assert res.code == 1 and "IPACM" in res.err  # no recommendations to vote on
    res = run("learning_record", session="ZZZZZZ", key="x")
    assert res.code == 1 and "ZZZZZZ" in res.err
