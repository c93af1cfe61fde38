"""The M&E register: CSV/Excel imports with row-level errors, the survey's question mapping, entry forms, phase
history, indicators over the register, the demo files and the register commands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import pytest

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.register import (
    SurveyMapping,
    add_meeting,
    add_phase_change,
    add_reach,
    demo_steps,
    import_register,
    indicators_for,
    read_table,
    register_summary,
)

ROOT = Path(__file__).resolve().parents[1]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


SURVEY = (
    "N° encuesta,DMOP,Departamento,Cargo,P2. ¿Su coordinación con otras instituciones...?,P3. Utilidad (1-5)\n"
    "E1,MAUEP,Alto Paraná,inspectora,Aumentó mucho,5\n"
    "E2,MAUEP,Ñeembucú,fiscal,Se mantuvo igual,3\n"
    "E3,CR,San Pedro,consejera,Aumentó algo,4\n"
)


def test_bad_survey_rows_are_reported_by_row_and_nothing_is_written(project, tmp_path):
    f = write(tmp_path / "encuesta.csv",
              "respondent,dmop,territorio,coordination_change,fecha\n"
              "E1,MAUEP,Alto Paraná,aumentó,14/03/2025\n"
              "E2,MAUEPX,Alto Paraná,aumentó,14/03/2025\n"
              "E3,CR,Marte,aumentó,2025-03-14\n"
              "E4,CR,San Pedro,quizás,2025-03-14\n"
              "E5,IPACM,,sin cambio,31/02/2025\n")
    report = import_register(project, "survey", f)
    assert not report.written and report.added == 0
    by_row = {(e.row, e.column): e.message("en") for e in report.errors}
    assert set(by_row) == {(3, "dmop"), (4, "territorio"), (5, "coordination_change"), (6, "fecha")}
    assert "encuesta.csv, row 3" in by_row[(3, "dmop")] and "MAUEPX" in by_row[(3, "dmop")]
    assert "Marte" in by_row[(4, "territorio")]
    assert "quizás" in by_row[(5, "coordination_change")]
    assert "31/02/2025" in by_row[(6, "fecha")]
    assert register_summary(project)["survey_responses"] == 0


def test_skip_bad_rows_imports_the_good_ones_and_still_lists_the_bad(project, tmp_path):
    f = write(tmp_path / "encuesta.csv",
              "respondent,dmop,coordination_change\nE1,MAUEP,aumentó\nE2,MAUEP,???\nE3,MAUEP,disminuyó\n")
    report = import_register(project, "survey", f, skip_bad_rows=True)
    assert report.written and report.added == 2
    assert [e.row for e in report.errors] == [3]
    ind = indicators_for(project, "MAUEP")[0]
    assert (ind.numerator, ind.denominator, ind.source) == (1, 2, "survey")


def test_survey_mapping_names_questions_and_answer_values(project, tmp_path):
    f = write(tmp_path / "survey.csv", SURVEY)
    mapping = SurveyMapping(columns={"respondent": "N° encuesta",
                                     "coordination_change": "P2. ¿Su coordinación con otras instituciones...?"},
                            values={"Aumentó mucho": "increase", "Aumentó algo": "increase",
                                    "Se mantuvo igual": "no_change"},
                            questions={"usefulness": "P3. Utilidad (1-5)"})
    report = import_register(project, "survey", f, mapping=mapping)
    assert report.errors == [] and report.added == 3
    mauep = indicators_for(project, "MAUEP")[0]
    assert (mauep.numerator, mauep.denominator) == (1, 2)
    everyone = indicators_for(project)[0]
    assert (everyone.numerator, everyone.denominator) == (2, 3)
    # the same file again updates nothing (respondent ids make the import idempotent)
    again = import_register(project, "survey", f, mapping=mapping)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


def test_survey_mapping_file_in_yaml_with_unanswered_value(project, tmp_path):
    f = write(tmp_path / "survey.csv", "id,dmop,P9 coordinación\nA,CR,5\nB,CR,No sabe\nC,CR,2\n")
    m = write(tmp_path / "map.yaml", 'columns:\n  coordination_change: "P9 coordinación"\n'
                                     'values:\n  "5": increase\n  "2": decrease\n  "No sabe": null\n')
    report = import_register(project, "survey", f, mapping=m)
    assert report.errors == []
    ind = indicators_for(project, "CR")[0]
    assert (ind.numerator, ind.denominator) == (1, 2)


def test_survey_without_a_coordination_question_says_how_to_map_it(project, tmp_path):
    f = write(tmp_path / "survey.csv", "id,dmop,P1\nA,CR,sí\n")
    with pytest.raises(AtlasQualError) as exc:
        import_register(project, "survey", f)
    assert "coordination_change" in exc.value.message("en") and "P1" in exc.value.message("en")
    bad = write(tmp_path / "map.yaml", 'columns:\n  coordination_change: "P7"\n')
    with pytest.raises(AtlasQualError) as exc:
        import_register(project, "survey", f, mapping=bad)
    assert "P7" in exc.value.message("en")


def test_meetings_and_attendees_link_by_ref_and_reimport_is_idempotent(project, tmp_path):
    meetings = write(tmp_path / "meetings.csv",
                     "ref;fecha;dmop;territorio;título;desafíos;soluciones innovadoras\n"
                     "M1;2025-03-14;MAUEP;Ñeembucu;Capacitación;Rotación de personal;Ficha única\n"
                     "M2;15/03/2025;CR;san pedro;Radio;Poca señal;Mensajes en guaraní\n", encoding="cp1252")
    report = import_register(project, "meetings", meetings)
    assert report.errors == [] and report.added == 2
    attendees = write(tmp_path / "attendees.csv",
                      "meeting,name,institution,role,gender\n"
                      "M1,Ana Pérez,MTESS,inspectora,mujer\nM1,Luis Gómez,mp,fiscal,M\nM9,Nadie,PN,,\n")
    bad = import_register(project, "attendees", attendees)
    assert [(e.row, e.column) for e in bad.errors] == [(4, "meeting")]
    assert "M9" in bad.errors[0].message("es") and "meetings.csv" in bad.errors[0].message("es")
    good = import_register(project, "attendees", attendees, skip_bad_rows=True)
    assert good.added == 2
    summary = register_summary(project)
    assert summary["meetings"] == 2 and summary["attendees"] == 2
    m1 = next(m for m in summary["meeting_list"] if m["ref"] == "M1")
    assert m1["territory"] == "neembucu" and m1["attendees"] == 2
    again = import_register(project, "meetings", meetings)
    assert (again.added, again.updated) == (0, 0) and register_summary(project)["meetings"] == 2


def test_missing_required_column_is_reported_with_accepted_names(project, tmp_path):
    f = write(tmp_path / "reach.csv", "canal,publicaciones\nradio,3\n")
    report = import_register(project, "reach", f)
    assert not report.written
    assert report.errors[0].column == "month" and "mes" in report.errors[0].message("es")


def test_reach_from_excel_with_bad_numbers_by_row(project, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Mes", "Canal", "Territorio", "Publicaciones", "Replicaciones", "Comentarios", "Radio rating"])
    ws.append([dt.datetime(2025, 3, 1), "facebook", "Boquerón", 12, 40, 5, None])
    ws.append(["2025-04", "radio_comunitaria", "boqueron", "-3", 0, 0, "3,5"])
    ws.append(["13/2025", "whatsapp", "boqueron", 1, 2, 3, None])
    path = tmp_path / "alcance.xlsx"
    wb.save(path)
    report = import_register(project, "reach", path)
    assert sorted((e.row, e.column) for e in report.errors) == [(3, "Publicaciones"), (4, "Mes")]
    report = import_register(project, "reach", path, skip_bad_rows=True)
    reach = register_summary(project)["reach_list"]
    assert reach == [{"month": "2025-03", "channel": "facebook", "territory": "boqueron", "posts": 12,
                      "replications": 40, "comments": 5, "radio_rating": None}]


def test_old_excel_format_is_refused_with_a_fix(project, tmp_path):
    f = tmp_path / "viejo.xls"
    f.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(AtlasQualError) as exc:
        import_register(project, "reach", f)
    assert ".xlsx" in exc.value.message("en")


def test_phase_history_sets_the_current_phase_and_feeds_indicators(project, tmp_path):
    f = write(tmp_path / "phases.csv", "dmop,fase,fecha,territorio\n"
                                       "MAUEP,desarrollo,2024-05-06,\nMAUEP,piloto,2024-08-19,Alto Paraná\n"
                                       "MAUEP,Evaluado,2025-06-20,\nCR,piloto,2024-09-16,San Pedro\n"
                                       "CR,lanzado,2024-09-17,\n")
    report = import_register(project, "phases", f)
    assert [(e.row, e.column) for e in report.errors] == [(6, "fase")]
    assert "development" in report.errors[0].message("en")
    import_register(project, "phases", f, skip_bad_rows=True)
    phases = {d["id"]: d["phase"] for d in register_summary(project)["dmops"]}
    assert phases == {"MAUEP": "evaluated", "CR": "pilot", "IPACM": "development"}
    add_phase_change(project, "cr", "Plan de sostenibilidad", "2025-11-03", note="borrador")
    ind = {i.number: i for i in indicators_for(project)}
    assert ind[3].counted == ("CR", "MAUEP")
    assert (ind[4].numerator, ind[4].denominator) == (2, 2)  # CR's plan implies it went through evaluation
    assert ind[6].counted == ("CR",)
    with pytest.raises(AtlasQualError) as exc:
        add_phase_change(project, "CR", "terminado", "2025-11-03")
    assert "terminado" in exc.value.message("es")


def test_meeting_form_saves_attendees_in_one_transaction(project):
    ref = add_meeting(project, date=dt.date(2025, 5, 6), dmop="IPACM", territory="asuncion_central",
                      title="Mesa técnica", challenges="Planes duplicados\nSin presupuesto",
                      attendees=[{"name": "Ana Pérez", "institution": "CONAETI", "role": "técnica", "gender": "f"}])
    assert ref.startswith("IPACM-20250506")
    with pytest.raises(AtlasQualError) as exc:
        add_meeting(project, date="2025-05-07", dmop="IPACM",
                    attendees=[{"name": "Ana Pérez", "institution": "CONAETI"}, {"name": "", "institution": "MP"}])
    assert "2" in exc.value.message("es")
    summary = register_summary(project)
    assert summary["meetings"] == 1 and summary["attendees"] == 1  # the refused meeting left nothing behind


def test_reach_form_updates_the_same_month_channel_and_territory(project):
    add_reach(project, "2025-03", "facebook", "San Pedro", posts=3, replications=10, comments=1)
    add_reach(project, "03/2025", "facebook", "san_pedro", posts=5, replications=12, comments=2, radio_rating=None)
    reach = register_summary(project)["reach_list"]
    assert len(reach) == 1 and reach[0]["posts"] == 5
    with pytest.raises(AtlasQualError) as exc:
        add_reach(project, "marzo", "facebook")
    assert "marzo" in exc.value.message("es")


def test_indicator_1_falls_back_to_coded_interviews(project, tmp_path):
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.transcripts import import_files, transcript_segments

    files = []
    for n, (dmop, answer) in enumerate((("MAUEP", "aumentó"), ("MAUEP", "igual"), ("CR", "aumentó")), start=1):
        files.append(write(tmp_path / f"e{n}.txt", f"DMOP: {dmop}\nSeudónimo: E{n}\n\nE: ¿Cambió la coordinación?\n\n"
                                                    f"R: La coordinación {answer} con la fiscalía.\n"))
    imported = import_files(project, files)
    assert not imported.errors
    codes = ["Cambio en la coordinación/Aumento", "Cambio en la coordinación/Sin cambio",
             "Cambio en la coordinación/Aumento"]
    for item, code in zip(imported.imported, codes):
        seg = transcript_segments(project, item.transcript_id)[-1]
        apply_code(project, seg["id"], code, "ana.gimenez")
    ind = indicators_for(project, "MAUEP")[0]
    assert (ind.source, ind.numerator, ind.denominator) == ("interviews", 1, 2)
    assert indicators_for(project)[0].value == pytest.approx(66.7)


def test_demo_register_files_import_cleanly(project):
    steps = demo_steps(project, ROOT / "data" / "demo")
    assert [name for name, _ in steps] == ["register"]
    for _name, step in steps:
        step()
    summary = register_summary(project)
    assert summary["meetings"] >= 10 and summary["attendees"] >= 50 and summary["survey_responses"] >= 20
    assert summary["reach_records"] >= 30
    assert {d["id"]: d["phase"] for d in summary["dmops"]}["MAUEP"] == "refined"
    ind = {i.number: i for i in indicators_for(project)}
    assert ind[1].source == "survey" and 0 < ind[1].value < 100
    assert ind[4].formatted("en") == "2 of 3 (66.7 %)"


def test_read_table_sniffs_semicolons_and_keeps_spreadsheet_row_numbers(tmp_path):
    f = write(tmp_path / "t.csv", "mes;canal\n\n2025-03;radio\n", encoding="utf-16")
    header, rows = read_table(f)
    assert header == ["mes", "canal"] and rows == [(3, {"mes": "2025-03", "canal": "radio"})]


# --- commands (the CLI entries are proposed to the lead; the command functions run through a Context) ---------


def run_command(func, project_path, **args):
    from atlas_qual.cli import Context

    ctx = Context(argparse.Namespace(project=str(project_path), **args))
    try:
        return func(ctx)
    finally:
        ctx.close()


def test_register_import_command_exits_1_and_lists_bad_rows(project_path, tmp_path, capsys):
    from atlas_qual.commands.register import cmd_register_import

    f = write(tmp_path / "phases.csv", "dmop,phase,date\nMAUEP,pilot,2024-08-19\nMAUEP,pilot,19-19-2024\n")
    code = run_command(cmd_register_import, project_path, kind="phases", file=str(f), mapping=None, dmop=None,
                       territory=None, skip_bad_rows=False, sheet=None, json=False)
    out, err = capsys.readouterr()
    assert code == 1
    assert "phases.csv" in err and "19-19-2024" in err
    code = run_command(cmd_register_import, project_path, kind="phases", file=str(f), mapping=None, dmop=None,
                       territory=None, skip_bad_rows=True, sheet=None, json=True)
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["added"] == 1 and data["errors"][0]["row"] == 3


def test_indicators_command_prints_numerators_and_denominators(project_path, capsys):
    from atlas_qual.commands.register import cmd_indicators, cmd_register_phase

    run_command(cmd_register_phase, project_path, dmop="CR", phase="piloto", date="2024-09-16", territory=None,
                note="", json=True)
    capsys.readouterr()
    assert run_command(cmd_indicators, project_path, dmop=None, territory=None, as_of=None, json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["number"] for d in data] == [1, 2, 3, 4, 5, 6]
    assert data[2]["value"] == 1 and data[2]["counted"] == ["CR"]
    assert data[3]["numerator"] == 0 and data[3]["denominator"] == 1
    with pytest.raises(AtlasQualError):
        run_command(cmd_indicators, project_path, dmop=None, territory=None, as_of="mañana", json=True)
