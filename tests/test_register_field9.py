"""Field test 9 of the M&E register: `register phase` refused a phase change the DMOP's history contradicts, but the
register page's phase form and `register import phases FILE` still recorded it (CR "institucionalizado" without a
sustainability plan, a pilot dated before its development), and the indicators counted it.

An import takes each DMOP's rows in date order, whatever their order in the file, against the recorded history and
the file's other rows; a refused row is a bad row like any other: the file is refused whole (exit 1, every refused
row named with its fix), or with --skip-bad-rows the other rows go in."""

from __future__ import annotations

import datetime as dt


def _state(project_path) -> tuple[list[tuple], dict[str, str]]:
    """Every recorded phase change and each DMOP's current phase: what "the project is unchanged" compares."""
    from atlas_qual.store import open_project
    from atlas_qual.store.register import register_summary

    p = open_project(project_path)
    try:
        summary = register_summary(p)
        changes = [(c["dmop"], c["phase"], c["date"], c["territory"], c["note"]) for c in summary["phase_list"]]
        return changes, {d["id"]: d["phase"] for d in summary["dmops"]}
    finally:
        p.dispose()


def _error_lines(err: str) -> list[str]:
    assert "Traceback" not in err, err
    return [line for line in err.strip().splitlines() if line]


# CR's year as it happened (the refined model piloted again), and MAUEP's, listed in no particular order
YEAR = """dmop;fase;fecha;territorio;nota
CR;institucionalizado;01/03/2026;;resolución ministerial
MAUEP;piloto;19/08/2024;Alto Paraná;
CR;evaluado;20/06/2025;;
CR;plan de sostenibilidad;15/10/2025;;
MAUEP;desarrollo;06/05/2024;;
CR;piloto;16/09/2024;San Pedro;
CR;refinado;29/08/2025;;versión 2
MAUEP;evaluado;20/06/2025;;
CR;piloto;15/09/2025;Ñeembucú;piloto del modelo refinado
CR;desarrollo;01/07/2024;;
"""


def test_a_year_of_phases_in_any_row_order_imports_and_again_changes_nothing(cli, project_path, tmp_path):
    f = tmp_path / "fases 2025.csv"
    f.write_text(YEAR, encoding="utf-8")

    res = cli("register", "import", "phases", f, "--json", "--project", project_path)

    assert res.code == 0, res.err
    assert res.json()["added"] == 10 and res.json()["errors"] == []
    changes, phases = _state(project_path)
    assert len(changes) == 10
    assert phases["CR"] == "institutionalized" and phases["MAUEP"] == "evaluated"
    res = cli("register", "import", "phases", f, "--json", "--project", project_path)  # the same file again
    assert res.code == 0 and res.json()["unchanged"] == 10 and res.json()["errors"] == []
    assert _state(project_path) == (changes, phases)


# row 3: a pilot dated before the development (row 2); row 4: evaluated on the strength of row 3 only;
# row 7: institutionalized without a sustainability plan; the other rows make sense
CONTRADICTS = """dmop,phase,date,territory
CR,development,2024-07-01,
CR,pilot,2024-01-01,san_pedro
CR,evaluated,2024-03-01,
MAUEP,development,2024-05-06,
MAUEP,pilot,2024-08-19,alto_parana
MAUEP,institutionalized,2025-06-01,
IPACM,pilot,2024-10-07,asuncion_central
"""


def test_rows_the_history_contradicts_are_refused_naming_file_row_and_fix(cli, project_path, tmp_path):
    f = tmp_path / "fases.csv"
    f.write_text(CONTRADICTS, encoding="utf-8")
    before = _state(project_path)

    res = cli("register", "import", "phases", f, "--lang", "es", "--project", project_path)

    assert res.code == 1
    assert _state(project_path) == before  # a file with a refused row writes nothing by default
    lines = _error_lines(res.err)
    assert len(lines) == 3, res.err
    early, needs_refused, needs = lines
    assert early.startswith("fases.csv, fila 3, columna «date»:")
    for text in ("«piloto»", "1 ene. 2024", "«desarrollo»", "1 jul. 2024", "revise la fecha"):
        assert text in early, (text, early)
    assert needs_refused.startswith("fases.csv, fila 4:")
    for text in ("«evaluado»", "«piloto»", "la fila 3", "corrija esa fila"):
        assert text in needs_refused, (text, needs_refused)
    assert needs.startswith("fases.csv, fila 7:")
    for text in ("MAUEP", "«institucionalizado»", "«plan de sostenibilidad»", "agregue al archivo una fila"):
        assert text in needs, (text, needs)
    assert "--phase" not in res.err  # the fix is said for a file, not for the `register phase` command

    res = cli("register", "import", "phases", f, "--skip-bad-rows", "--json", "--lang", "en",
              "--project", project_path)

    assert res.json()["added"] == 4
    assert [(e["row"], e["file"]) for e in res.json()["errors"]] == [(3, "fases.csv"), (4, "fases.csv"),
                                                                      (7, "fases.csv")]
    assert "“institutionalized”" in res.json()["errors"][2]["error"]
    changes, phases = _state(project_path)
    assert sorted((c[0], c[1], c[2]) for c in changes) == [
        ("CR", "development", "2024-07-01"), ("IPACM", "pilot", "2024-10-07"),
        ("MAUEP", "development", "2024-05-06"), ("MAUEP", "pilot", "2024-08-19")]
    assert phases == {"CR": "development", "IPACM": "pilot", "MAUEP": "pilot"}


def test_a_row_the_recorded_history_contradicts_is_refused(cli, project_path, tmp_path):
    """Against what the project already holds: CR's development recorded 1 Jul 2024 by `register phase`."""
    assert cli("register", "phase", "--dmop", "CR", "--phase", "development", "--date", "2024-07-01",
               "--project", project_path).code == 0
    f = tmp_path / "cr.csv"
    f.write_text("dmop,phase,date\nCR,pilot,2024-06-01\nCR,pilot,2024-09-16\n", encoding="utf-8")
    before = _state(project_path)

    res = cli("register", "import", "phases", f, "--lang", "en", "--project", project_path)

    assert res.code == 1 and _state(project_path) == before
    (line,) = _error_lines(res.err)
    assert line.startswith("cr.csv, row 2, column \"date\":") and "Jul 1, 2024" in line and "check the date" in line
    res = cli("register", "import", "phases", f, "--skip-bad-rows", "--project", project_path)
    assert res.code == 0 and _state(project_path)[1]["CR"] == "pilot"


def test_register_page_refuses_a_phase_the_history_contradicts_and_keeps_the_form(project):
    from atlas_qual.store.register import register_summary
    from atlas_qual.widgets.register import RegisterApp

    app = RegisterApp(project, lang="es", tab="phase")
    app.phase_dmop.value = "CR"
    app.phase_phase.value = "institutionalized"
    app.phase_date.value = dt.date(2025, 6, 1)
    app.phase_territory.value = "san_pedro"
    app.phase_note.value = "resolución del ministerio"
    app.phase_save.click()

    status = app.phase_status.value
    assert 'data-testid="form-error"' in status and "\n" not in status
    for text in ("«institucionalizado»", "«plan de sostenibilidad»", "1 jun. 2025", "«Fase»"):
        assert text in status, (text, status)
    assert "--phase" not in status  # the fix said for the page, not for the command line
    assert app.saved == 0 and register_summary(project)["phase_changes"] == 0
    assert {d["id"]: d["phase"] for d in register_summary(project)["dmops"]}["CR"] == "development"
    assert (app.phase_dmop.value, app.phase_phase.value, app.phase_date.value, app.phase_territory.value,
            app.phase_note.value) == ("CR", "institutionalized", dt.date(2025, 6, 1), "san_pedro",
                                      "resolución del ministerio")

    english = RegisterApp(project, lang="en", tab="phase")
    english.phase_dmop.value = "CR"
    english.phase_phase.value = "development"
    english.phase_date.value = dt.date(2024, 7, 1)
    english.phase_save.click()
    assert 'data-testid="saved"' in english.phase_status.value
    english.phase_phase.value = "pilot"
    english.phase_date.value = dt.date(2024, 1, 1)
    english.phase_save.click()
    assert "“pilot”" in english.phase_status.value and "Jul 1, 2024" in english.phase_status.value
    assert english.saved == 1 and register_summary(project)["phase_changes"] == 1
    english.phase_date.value = dt.date(2024, 9, 16)  # the real date goes through
    english.phase_save.click()
    assert 'data-testid="saved"' in english.phase_status.value and english.saved == 2
    assert "Pilot" in english.register_body.value or "pilot" in english.register_body.value
