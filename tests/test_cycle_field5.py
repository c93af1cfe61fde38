"""Field test 5 (M&E officer and analyst): what a real team's files and notes did to the register, the analysts'
DataFrames, the refinement log and the Body of Knowledge, and what they must do instead."""

from __future__ import annotations

import json

from atlas_qual.store.register import import_register, register_summary

MEETINGS_HEADER = ("Código;Fecha;DMOP;Territorio;Título;Temas tratados;Desafíos identificados;"
                   "Soluciones innovadoras;Acciones realizadas")


def _meetings(n: int) -> list[str]:
    return [f"R-{i:04d};07/03/2025;MAUEP;Ñeembucú;Mesa técnica n.º {i} — Reunión;Derivación;Rotación;Ficha única;"
            f"Acta firmada" for i in range(1, n + 1)]


def test_excel_spanish_csv_in_windows_1252_keeps_its_accents_and_a_reimport_changes_nothing(project, tmp_path):
    """Excel in Spanish saves "CSV (delimitado por punto y coma)" in Windows-1252; the charset guess read it as
    cp1250 and stored "n.ş" for "n.º", and a second import overwrote every meeting with the garbled title."""
    f = tmp_path / "reuniones.csv"
    f.write_bytes(("\r\n".join([MEETINGS_HEADER, *_meetings(40)]) + "\r\n").encode("cp1252"))
    first = import_register(project, "meetings", f)
    assert first.written and first.added == 40 and not first.errors
    titles = {m["title"] for m in register_summary(project)["meeting_list"]}
    assert "Mesa técnica n.º 1 — Reunión" in titles
    assert not any("ş" in t or "Ă" in t for t in titles)
    again = import_register(project, "meetings", f)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 40)


def test_a_title_row_above_the_header_is_not_taken_for_the_header(project, tmp_path):
    """M&E spreadsheets carry a title merged across the columns above the header; the import said the "date"
    column was missing although "Fecha" was right there in row 2."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Registro de reuniones ATLAS 2025 — Unidad de M&E"])
    ws.merge_cells("A1:I1")
    ws.append(MEETINGS_HEADER.split(";"))
    for line in _meetings(5):
        ws.append(line.split(";"))
    ws.append([None] * 9)
    ws.append(["R-0099", "07/03/2025", "MAUEP", "San Pdro", "Mesa", "", "", "", ""])
    f = tmp_path / "reuniones.xlsx"
    wb.save(f)
    report = import_register(project, "meetings", f, skip_bad_rows=True)
    assert report.written and report.added == 5
    assert [(e.row, e.column) for e in report.errors] == [(9, "Territorio")]  # the row the spreadsheet shows
    # the same as a CSV whose title line has no separators at all
    c = tmp_path / "reuniones.csv"
    c.write_text("Registro de reuniones ATLAS 2025\n" + "\n".join([MEETINGS_HEADER, *_meetings(5)]) + "\n",
                 encoding="utf-8")
    again = import_register(project, "meetings", c)
    assert not again.errors and again.unchanged == 5


def test_a_forms_timestamp_is_the_day_the_survey_was_answered(project, tmp_path):
    """Google Forms and Kobo export "Marca temporal" as 07/03/2025 14:22:10: every row was refused."""
    from atlas_qual.api import Project

    f = tmp_path / "encuesta.csv"
    f.write_text("Marca temporal,DMOP,Departamento,Cambio en la coordinación\n"
                 "07/03/2025 14:22:10,MAUEP,San Pedro,Aumentó\n"
                 "2025-03-08T09:05:00,MAUEP,San Pedro,Se mantuvo igual\n", encoding="utf-8")
    mapping = tmp_path / "mapeo.yaml"
    mapping.write_text('columns:\n  date: "Marca temporal"\n', encoding="utf-8")
    report = import_register(project, "survey", f, mapping=mapping)
    assert not report.errors and report.added == 2
    survey = Project(project).register("survey")
    assert [d.strftime("%d/%m/%Y") for d in survey["date"]] == ["07/03/2025", "08/03/2025"]


def test_the_analysts_survey_and_meetings_frames_hide_respondents_and_attendees_named_in_them(project, tmp_path):
    """A survey with an optional name column and comments naming people, and a meeting whose actions name an
    attendee: ``p.register(...)`` showed the names although frames are redacted by default."""
    from atlas_qual.api import Project

    survey = tmp_path / "encuesta.csv"
    survey.write_text("Nombre del encuestado (opcional),Nombre de la institución,DMOP,Cambio en la coordinación,"
                      "¿Qué recomendaría?\n"
                      "Zunilda Caballero Ortt,Fiscalía,MAUEP,Aumentó,Hablar con Zunilda Caballero al 0981 555 123\n"
                      ",CODENI,MAUEP,Sin cambio,Más reuniones\n", encoding="utf-8")
    assert import_register(project, "survey", survey).added == 2
    meetings = tmp_path / "reuniones.csv"
    meetings.write_text("ref,fecha,dmop,acciones realizadas\nM-1,07/03/2025,MAUEP,Florentín Acuña Rolón convoca\n",
                        encoding="utf-8")
    attendees = tmp_path / "asistentes.csv"
    attendees.write_text("reunión,nombre y apellido\nM-1,Florentín Acuña Rolón\n", encoding="utf-8")
    assert import_register(project, "meetings", meetings).added == 1
    assert import_register(project, "attendees", attendees).added == 1

    p = Project(project)
    shown = p.register("survey").to_csv() + p.register("meetings").to_csv() + p.register("attendees").to_csv()
    for identifier in ("Zunilda", "Caballero", "0981", "Florentín", "Acuña"):
        assert identifier not in shown
    frame = p.register("survey")
    assert frame["q_Nombre del encuestado (opcional)"].iloc[0] == "[nombre]"
    assert frame["q_Nombre de la institución"].iloc[0] == "Fiscalía"  # an institution is not a person
    assert "Más reuniones" in shown and "convoca" in shown
    original = p.register("survey", redact=False).to_csv()
    assert "Zunilda Caballero Ortt" in original


def test_cycle_log_hides_phone_numbers_and_listed_names_and_dates_read_in_spanish(project_path, cli):
    """A long justification naming a listed person and a phone came out verbatim in `cycle log`, its --json and on
    the cycle page; dates read 2025-03-07."""
    from atlas_qual.store import open_project
    from atlas_qual.store.cycle import refinement_log
    from atlas_qual.store.names import add_names
    from atlas_qual.widgets.cycle import log_html

    p = open_project(project_path)
    try:
        add_names(p, ["Gladys Benítez Rojas"], added_by="me")
    finally:
        p.dispose()
    why = ("La evaluación mostró demoras de más de 15 días; la Sra. Gladys Benítez Rojas (0981 555 123) coordina la "
           "capacitación. " * 20).strip()
    done = cli("cycle", "refine", "--project", project_path, "--dmop", "MAUEP", "--change", "Ficha única v2",
               "--why", why, "--finding", "Llamar al 0971 222 333", "--date", "07/03/2025")
    assert done.code == 0 and "7 mar. 2025" in done.out and "2025-03-07" not in done.out
    human = cli("cycle", "log", "--project", project_path)
    as_json = cli("cycle", "log", "--project", project_path, "--json")
    p = open_project(project_path)
    try:
        page = log_html(refinement_log(p, "MAUEP", redact=True), "es")
        stored = refinement_log(p, "MAUEP")[0]
    finally:
        p.dispose()
    for shown in (human.out, as_json.out, page):
        assert "0981" not in shown and "0971" not in shown and "Gladys" not in shown and "Benítez" not in shown
        assert "coordina la capacitación" in shown
    assert "7 mar. 2025" in human.out
    assert json.loads(as_json.out)[0]["date"] == "2025-03-07"  # machine-readable stays ISO
    assert "0981 555 123" in stored.why  # the stored text is unchanged


def test_bok_nivel_de_evidencia_column_is_read_not_silently_dropped(project, tmp_path):
    """A BoK sheet with the header "Nivel de evidencia" lost every entry's evidence (all "sin evidencia
    evaluada"), and a wrong value in it went unnoticed."""
    from atlas_qual.store.bok import import_practices, list_practices

    f = tmp_path / "bok.csv"
    f.write_text("Código;Título;Nivel de evidencia;Descripción\n"
                 "BOK-X1;Ficha única;moderada;Una ficha para todas\n"
                 "BOK-X2;Mesa técnica;altísima;Reuniones\n", encoding="utf-8")
    report = import_practices(project, f)
    assert {p.ref: p.evidence for p in list_practices(project)}.get("BOK-X1") == "moderate"
    assert [e.row for e in report.errors] == [3] and "altísima" in str(report.errors[0])


def test_register_csv_utf16_from_excel_unicode_text_still_reads(project, tmp_path):
    """Excel's "Texto Unicode" is UTF-16 with tabs: it must keep reading after the Windows-1252 preference."""
    f = tmp_path / "fases.txt.csv"
    f.write_bytes("dmop\tfase\tfecha\tnota\nMAUEP\tpiloto\t07/03/2025\tInicio en Ñeembucú\n".encode("utf-16"))
    report = import_register(project, "phases", f)
    assert report.added == 1 and not report.errors
    assert register_summary(project)["phase_list"][0]["note"] == "Inicio en Ñeembucú"


def test_register_errors_name_territories_and_columns_as_the_spanish_reader_knows_them(project, tmp_path):
    """A territory typo listed the choices as ids ("alto_parana, neembucu, ...") and a missing date column was
    called «date» in a Spanish message."""
    typo = tmp_path / "reuniones.csv"
    typo.write_text("ref;fecha;territorio\nR1;07/03/2025;San Pdro\n", encoding="utf-8")
    message = import_register(project, "meetings", typo).errors[0].message("es")
    assert "fila 2" in message and "San Pdro" in message
    assert "San Pedro" in message and "Ñeembucú" in message and "alto_parana" not in message
    nodate = tmp_path / "sin_fecha.csv"
    nodate.write_text("ref;dia\nR1;07/03/2025\n", encoding="utf-8")
    missing = import_register(project, "meetings", nodate).errors[0].message("es")
    assert "«Fecha»" in missing and "«date»" not in missing


def test_generating_recommendations_with_nothing_to_draft_from_says_what_to_do_instead(project_path, cli):
    """`learning recommendations --dmop CR --generate` in a project without codings answered "use --generate"."""
    plain = cli("learning", "recommendations", "--project", project_path, "--dmop", "CR")
    drafted = cli("learning", "recommendations", "--project", project_path, "--dmop", "CR", "--generate")
    assert "--generate" in plain.out
    assert drafted.code == 0 and "--generate" not in drafted.out
    assert "Codifique sus entrevistas" in drafted.out and "Ciclo de DMOP" in drafted.out


def test_register_import_and_show_speak_spanish_with_dates_and_territories_as_people_write_them(project_path, cli,
                                                                                                 tmp_path):
    """`register import` said "(meetings)" inside a Spanish sentence and `register show` listed "2025-03-07 ...
    neembucu": an ISO date and a raw key where the reader expects "7 mar. 2025" and "Ñeembucú"."""
    f = tmp_path / "reuniones.csv"
    f.write_text("\n".join([MEETINGS_HEADER, *_meetings(2)]) + "\n", encoding="utf-8")
    imported = cli("register", "import", "meetings", f, "--project", project_path)
    assert imported.code == 0 and "(reuniones)" in imported.out and "meetings" not in imported.out
    shown = cli("register", "show", "--project", project_path)
    assert "7 mar. 2025" in shown.out and "Ñeembucú" in shown.out
    assert "2025-03-07" not in shown.out and "neembucu" not in shown.out
    as_json = json.loads(cli("register", "show", "--json", "--project", project_path).out)
    assert as_json["meeting_list"][0]["date"] == "2025-03-07"  # scripts keep ISO dates and ids


def test_a_meeting_code_given_twice_in_one_file_with_other_details_is_an_error_not_a_silent_overwrite(project,
                                                                                                      tmp_path):
    """A copied row edited in the spreadsheet kept its code: the second row replaced the first without a word."""
    rows = _meetings(3)
    changed = rows[0].replace("Ñeembucú", "San Pedro")  # same code R-0001, another territory
    f = tmp_path / "reuniones.csv"
    f.write_text("\n".join([MEETINGS_HEADER, *rows, rows[1], changed]) + "\n", encoding="utf-8")
    report = import_register(project, "meetings", f)
    assert not report.written
    assert [(e.row, e.column) for e in report.errors] == [(6, "Código")]
    message = report.errors[0].message("es")
    assert "R-0001" in message and "fila 2" in message
    # the exact same row twice is counted once, not refused
    f.write_text("\n".join([MEETINGS_HEADER, *rows, rows[1]]) + "\n", encoding="utf-8")
    again = import_register(project, "meetings", f)
    assert again.written and again.added == 3 and not again.errors


def test_register_frames_hide_attendees_without_hiding_institutions_roles_or_refusals(project, tmp_path):
    """An attendee written "Ana Benítez (MTESS)" made every "MTESS" in the register read "[nombre]", and attendee
    cells such as "Coordinadora" or a survey's "Anónimo" hid those words everywhere."""
    from atlas_qual.api import Project

    meetings = tmp_path / "reuniones.csv"
    meetings.write_text("ref,fecha,dmop,acciones realizadas\n"
                        "M-1,07/03/2025,MAUEP,Ana Benítez presentó la ruta del MTESS; la Coordinadora del CODENI y "
                        "un participante anónimo opinaron\n", encoding="utf-8")
    attendees = tmp_path / "asistentes.csv"
    attendees.write_text("reunión,nombre y apellido\nM-1,Ana Benítez (MTESS)\nM-1,Coordinadora\nM-1,Anónimo\n",
                         encoding="utf-8")
    assert import_register(project, "meetings", meetings).added == 1
    assert import_register(project, "attendees", attendees).added == 3
    actions = Project(project).register("meetings")["actions_taken"].iloc[0]
    assert "Benítez" not in actions
    assert "la ruta del MTESS" in actions and "la Coordinadora del CODENI" in actions and "anónimo" in actions


def test_a_title_row_with_a_comma_above_a_semicolon_header_is_not_the_header(project, tmp_path):
    """"Registro de reuniones, DMOP CR 2025" above the header has two cells (and a comma, in a file separated by
    semicolons): it was taken for the header and the import said the "Fecha" column was missing."""
    f = tmp_path / "reuniones.csv"
    f.write_text("\n".join(["Registro de reuniones, DMOP CR 2025", MEETINGS_HEADER, *_meetings(3)]) + "\n",
                 encoding="utf-8")
    report = import_register(project, "meetings", f)
    assert report.written and report.added == 3 and not report.errors
    assert [e.row for e in import_register(project, "meetings", f).errors] == []


def test_the_same_wrong_territory_down_a_sheet_is_one_line_naming_its_rows_not_one_per_row(project_path, cli,
                                                                                          tmp_path):
    """A territory spelled one wrong way down a 2,000-row sheet printed 2,000 identical lines on stderr."""
    rows = [line.replace("Ñeembucú", "Ñembucu") for line in _meetings(300)]
    rows[149] = rows[149].replace("07/03/2025", "31/02/2025")  # one other problem, on its own line
    f = tmp_path / "reuniones.csv"
    f.write_text("\n".join([MEETINGS_HEADER, *rows]) + "\n", encoding="utf-8")
    result = cli("register", "import", "meetings", f, "--project", project_path)
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if line.strip()]
    territory = [line for line in lines if "Ñembucu" in line]
    assert len(territory) == 1 and "filas 2-301 (300 filas)" in territory[0] and "«Territorio»" in territory[0]
    assert len(lines) <= 3
    as_json = json.loads(cli("register", "import", "meetings", f, "--json", "--project", project_path).out)
    assert len(as_json["errors"]) == 301  # scripts still get one error per row
