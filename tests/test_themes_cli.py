"""`atlas-qual themes`: --code runs (filters, stored, JSON contract with a segments list), --texts FILE --column COL
(one theme per input row, row errors named), the too-little-text message, determinism, redaction."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from atlas_qual.store import open_project
from atlas_qual.store.coding import apply_code
from atlas_qual.store.models import Segment
from atlas_qual.store.transcripts import import_files

ANSWERS = {
    "budget": ["No tenemos presupuesto para combustible y la camioneta está rota hace meses.",
               "Sin viáticos ni vehículo no podemos llegar a las estancias del Chaco.",
               "El presupuesto no alcanza: falta combustible para los operativos.",
               "La camioneta se comparte con otras áreas y casi nunca hay combustible ni viáticos.",
               "Faltan recursos: no hay vehículo propio ni presupuesto para salir al campo.",
               "Con el presupuesto que tenemos no se puede pagar el combustible de la camioneta."],
    "data": ["No hay un registro único de denuncias; cada institución tiene su planilla.",
             "Los datos de las denuncias no coinciden entre el ministerio y la fiscalía.",
             "Nadie sabe cuántas denuncias hubo porque el registro está en papel.",
             "Las cifras de denuncias del sistema informático están incompletas.",
             "Cada oficina carga los datos a su manera y el registro nacional queda vacío.",
             "Sin un sistema de registro compartido no podemos seguir las denuncias."],
    "route": ["No existe una ruta de intervención clara; nadie conoce el protocolo del otro.",
              "El inspector no sabe a quién derivar el caso: no hay protocolo común con la fiscalía.",
              "Cada institución tiene su propio procedimiento de derivación y los roles no están claros.",
              "Falta un protocolo unificado que diga qué institución interviene primero.",
              "La derivación de casos depende de quién atiende, porque no hay una ruta escrita.",
              "Sin protocolo común los casos se pierden entre una institución y otra."],
}
PEOPLE = (("a.txt", "Boquerón", "MAUEP", "Rosa Benítez Ojeda", "INS-BOQ-01", "inspectora de trabajo"),
          ("b.txt", "San Pedro", "MAUEP", "Néstor Duarte", "FIS-SP-02", "agente fiscal"),
          ("c.txt", "Alto Paraná", "CR", "Nilda Cardozo", "COD-AP-03", "consejera CODENI"))


@pytest.fixture(autouse=True)
def _no_default_project(tmp_path, monkeypatch):
    """Commands run where no default project (data/atlas.db) exists, unless a test names one with --project."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ATLAS_QUAL_PROJECT", raising=False)


@pytest.fixture
def coded(project, project_path, tmp_path):
    """Three interviews with six weakness answers each (two per theme), coded by one coder."""
    files = []
    for n, (name, territory, dmop, person, pseudonym, role) in enumerate(PEOPLE):
        turns = [ANSWERS[k][2 * n + j] for j in (0, 1) for k in ("budget", "data", "route")]
        if n == 0:
            turns[0] += " Llame a Rosa Benítez Ojeda al 0981 555 123."
        head = (f"Territorio: {territory}\nDMOP: {dmop}\nRol: {role}\nEntrevistada: {person}\n"
                f"Seudónimo: {pseudonym}\n\n")
        first = person.split()[0]
        path = tmp_path / name
        path.write_text(head + "".join(f"{first}: {x}\n" for x in turns), encoding="utf-8")
        files.append(path)
    report = import_files(project, files)
    assert not report.errors
    with project.session() as s:
        ids = list(s.scalars(select(Segment.id).order_by(Segment.transcript_id, Segment.ordinal)))
    for sid in ids:
        apply_code(project, sid, "Evaluación/Debilidades", "ana.gimenez")
    return project_path, ids


def test_code_run_prints_the_json_contract_with_a_segments_list(cli, coded):
    path, ids = coded
    res = cli("themes", "--code", "Debilidades", "--json", "--project", path)
    assert res.code == 0, res
    data = res.json()
    assert {"themes", "assignments", "segments", "run"} <= set(data)
    assert data["segments"] == ids and len(data["assignments"]) == len(ids)
    assert data["run"]["code"] == "Evaluación/Debilidades" and data["run"]["filters"] == {}
    assert "segment_ids" not in data["run"]["params"]
    for theme in data["themes"]:
        assert {"id", "label", "size", "terms", "quotes"} <= set(theme)
        assert theme["size"] == data["assignments"].count(theme["id"])
        for q in theme["quotes"]:
            assert data["assignments"][q["index"]] == theme["id"]
            assert data["segments"][q["index"]] == q["meta"]["segment_id"]
            assert q["meta"]["pseudonym"] in {p[4] for p in PEOPLE}
    assert len(data["themes"]) >= 2


def test_code_run_is_stored_and_quotes_are_redacted(cli, coded):
    path, _ = coded
    res = cli("themes", "--code", "Evaluación/Debilidades", "--json", "--project", path)
    data = res.json()
    text = " ".join(q["text"] for th in data["themes"] for q in th["quotes"])
    assert "Benítez" not in text and "0981" not in text
    from atlas_qual.store.themes_store import latest_themes

    p = open_project(path)
    try:
        assert latest_themes(p, "Debilidades").to_dict() == data
    finally:
        p.dispose()
    info = cli("info", "--json", "--project", path).json()
    assert info["themes"] == len(data["themes"])


def test_filters_restrict_the_run_and_are_recorded(cli, coded):
    path, ids = coded
    res = cli("themes", "--code", "Debilidades", "--dmop", "mauep", "--json", "--project", path)
    assert res.code == 0, res
    data = res.json()
    assert data["run"]["filters"] == {"dmop": "MAUEP"}
    assert data["segments"] == ids[:12]
    res = cli("themes", "--code", "Debilidades", "--role", "fiscal", "--territory", "San Pedro", "--json",
              "--project", path)
    assert res.code == 1  # six segments of one interview: too little text, and the message says where
    assert "Debilidades (Territorio san_pedro, Rol fiscal)" in res.err


def test_too_little_text_is_a_one_line_error_naming_code_and_filters(cli, coded):
    path, _ = coded
    res = cli("themes", "--code", "Debilidades", "--territory", "Boquerón", "--lang", "en", "--project", path)
    assert res.code == 1 and res.out == ""
    assert len(res.err.strip().splitlines()) == 1
    assert "too little text in Evaluación/Debilidades (Territory boqueron)" in res.err
    assert "6 segments" in res.err and "at least 10 segments" in res.err


def test_same_input_gives_the_same_output(cli, coded):
    path, _ = coded
    first = cli("themes", "--code", "Debilidades", "--seed", "7", "--json", "--project", path).json()
    second = cli("themes", "--code", "Debilidades", "--seed", "7", "--json", "--project", path).json()
    assert first["run"]["id"] != second["run"]["id"]
    assert first["run"]["params"]["seed"] == 7
    strip = lambda d: [{k: v for k, v in th.items() if k != "theme_id"} for th in d["themes"]]  # noqa: E731
    assert strip(first) == strip(second) and first["assignments"] == second["assignments"]


def test_human_output_lists_themes_with_terms_and_sourced_quotes(cli, coded):
    path, _ = coded
    res = cli("themes", "--code", "Debilidades", "--project", path)
    assert res.code == 0, res
    assert res.out.startswith("Evaluación/Debilidades: 18 segmentos")
    assert "Términos:" in res.out and "[0] " in res.out
    assert any(f"— {p[4]}, {p[5]}, " in res.out for p in PEOPLE)  # quotes say who said them (pseudonym, role)


def test_unknown_code_and_missing_arguments_say_what_to_do(cli, coded):
    path, _ = coded
    res = cli("themes", "--code", "Debilidadez", "--project", path)
    assert res.code == 1 and "Evaluación/Debilidades" in res.err
    res = cli("themes", "--project", path, "--lang", "en")
    assert res.code == 1 and "--code CODE" in res.err and "--texts FILE --column COLUMN" in res.err
    res = cli("themes", "--texts", "x.csv", "--project", path, "--lang", "en")
    assert res.code == 1 and "--column" in res.err
    res = cli("themes", "--texts", "x.csv", "--column", "c", "--dmop", "CR", "--project", path, "--lang", "en")
    assert res.code == 1 and "--dmop" in res.err and "apply to --code only" in res.err
    res = cli("themes", "--code", "Debilidades", "--texts", "x.csv", "--column", "c", "--project", path, "--lang", "es")
    assert res.code == 1 and "no los dos" in res.err


def test_a_missing_local_embedding_model_is_named_and_nothing_is_stored(cli, coded):
    path, _ = coded
    res = cli("themes", "--code", "Debilidades", "--embedding", "sentence-transformers:/no/such/model", "--lang",
              "en", "--project", path)
    assert res.code == 1 and "/no/such/model" in res.err and "never downloads" in res.err
    assert cli("info", "--json", "--project", path).json()["themes"] == 0


# --- --texts --------------------------------------------------------------------------------------------------------


def survey(tmp_path, name="encuesta.csv", extra=None):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "¿Qué no funcionó?"])
        n = 0
        for texts in zip(*ANSWERS.values()):
            for text in texts:
                n += 1
                w.writerow([n, text])
        for row in extra or []:
            w.writerow(row)
    return path


def test_texts_need_no_project_and_give_one_theme_id_per_input_row(cli, tmp_path):
    path = survey(tmp_path, extra=[[19, ""], [20, "   "]])
    res = cli("themes", "--texts", path, "--column", "¿qué no funcionó?", "--json")
    assert res.code == 0, res
    data = res.json()
    assert {"themes", "assignments"} <= set(data)
    assert len(data["assignments"]) == 20 and data["assignments"][-2:] == [-1, -1]
    for theme in data["themes"]:
        assert {"id", "label", "size", "terms", "quotes", "label_confirmed", "coherence"} <= set(theme)
        for q in theme["quotes"]:
            assert q["meta"]["row"] == q["index"] + 2  # spreadsheet row of the answer (row 1 is the header)
    by_theme = {}
    for i, a in enumerate(data["assignments"][:18]):
        by_theme.setdefault(a, set()).add(("budget", "data", "route")[i % 3])
    assert all(len(kinds) == 1 for kinds in by_theme.values())  # answers of one known theme stay together


def test_texts_quotes_are_redacted_with_the_projects_names(cli, coded, tmp_path):
    path, _ = coded  # the project lists Rosa Benítez Ojeda (pseudonym INS-BOQ-01)
    rows = [[100 + i, f"{text} Lo dijo Rosa Benítez Ojeda, escriba a rosa@example.org"]
            for i, text in enumerate(ANSWERS["budget"])]
    csv_path = survey(tmp_path, extra=rows)
    res = cli("themes", "--texts", csv_path, "--column", "¿Qué no funcionó?", "--json", "--project", path)
    assert res.code == 0, res
    text = " ".join(q["text"] for th in res.json()["themes"] for q in th["quotes"])
    assert "Benítez" not in text and "@" not in text
    assert "INS-BOQ-01" in text


def test_a_named_project_that_does_not_exist_is_an_error_for_texts_too(cli, tmp_path):
    path = survey(tmp_path)
    res = cli("themes", "--texts", path, "--column", "id", "--project", tmp_path / "typo.db", "--lang", "en")
    assert res.code == 1 and "typo.db" in res.err


def test_texts_with_broken_rows_name_them_and_print_nothing(cli, tmp_path):
    path = tmp_path / "roto.csv"
    path.write_text("id;respuesta\n1;Falta presupuesto\n2;Falta; todo\n3;#N/A\n", encoding="utf-8")
    res = cli("themes", "--texts", path, "--column", "respuesta", "--json", "--lang", "en")
    assert res.code == 1 and res.out == ""
    assert "roto.csv: 2 rows cannot be read" in res.err
    assert "row 3 has 3 cells and the header 2" in res.err and "row 4 holds the Excel error #N/A" in res.err


def test_texts_with_a_wrong_column_list_the_columns(cli, tmp_path):
    path = survey(tmp_path)
    res = cli("themes", "--texts", path, "--column", "respuesta", "--lang", "en")
    assert res.code == 1 and "Columns in the file: id, ¿Qué no funcionó?" in res.err


def test_texts_too_short_say_how_much_is_needed(cli, tmp_path):
    path = tmp_path / "corta.csv"
    path.write_text("respuesta\nFalta presupuesto.\nNo hay datos.\n", encoding="utf-8")
    res = cli("themes", "--texts", path, "--column", "respuesta", "--lang", "en")
    assert res.code == 1
    assert "column 'respuesta': there is too little text" in res.err and "At least 10 texts" in res.err


def test_english_texts_get_english_terms(cli, tmp_path):
    lines = ["The joint training sessions taught inspectors and prosecutors the same procedure.",
             "Training with prosecutors helped us understand forced labor cases.",
             "The training workshop left us a directory of contacts.",
             "After the joint training we call each other directly.",
             "The radio campaign made the 147 hotline known in rural communities.",
             "Community radio spread the complaint channels in Guaraní.",
             "Thanks to the radio spots more families know the hotline.",
             "The radio campaign reached listeners that never read posters.",
             "Our WhatsApp group speeds up referrals between agencies.",
             "With the WhatsApp group we coordinate operations the same day.",
             "The WhatsApp group of the departmental council works every day.",
             "Messages in the WhatsApp group replaced slow official letters."]
    path = tmp_path / "answers.csv"
    path.write_text("answer\n" + "\n".join(lines) + "\n", encoding="utf-8")
    res = cli("themes", "--texts", path, "--column", "answer", "--json")
    assert res.code == 0, res
    terms = {t for th in res.json()["themes"] for t in th["terms"]}
    assert {"radio", "training", "whatsapp"} & terms and not ({"the", "and", "with"} & terms)


def test_xlsx_texts_work_like_csv(cli, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Respuesta"])
    for texts in zip(*ANSWERS.values()):
        for text in texts:
            ws.append([text])
    path = tmp_path / "encuesta.xlsx"
    wb.save(path)
    res = cli("themes", "--texts", path, "--column", "respuesta", "--json")
    assert res.code == 0, res
    assert len(res.json()["assignments"]) == 18


def test_texts_with_themes_k_give_exactly_k_themes(cli, tmp_path):
    path = survey(tmp_path)
    res = cli("themes", "--texts", path, "--column", "¿qué no funcionó?", "--themes", "2", "--json")
    assert res.code == 0, res
    assert len(res.json()["themes"]) == 2


def test_seeds_file_names_the_guided_themes(cli, tmp_path):
    path = survey(tmp_path)
    seeds = tmp_path / "temas.csv"
    seeds.write_text("name,description\nPresupuesto,falta de fondos combustible y vehículos\n"
                     "Registros,datos y registro de denuncias\nRuta de intervención,protocolo y derivación\n",
                     encoding="utf-8")
    res = cli("themes", "--texts", path, "--column", "¿qué no funcionó?", "--seeds", str(seeds), "--json")
    assert res.code == 0, res
    themes = res.json()["themes"]
    assert [t["label"] for t in themes[:3]] == ["Presupuesto", "Registros", "Ruta de intervención"]
    assert all(t["label_confirmed"] for t in themes[:3])
    budget = themes[0]["id"]
    assert all("presupuesto" in q["text"].lower() or "combustible" in q["text"].lower()
               or "vehículo" in q["text"].lower() or "camioneta" in q["text"].lower() for q in themes[0]["quotes"])
    assert budget == 0


def test_a_seeds_file_without_its_header_is_a_one_line_error(cli, tmp_path):
    path = survey(tmp_path)
    seeds = tmp_path / "temas.csv"
    seeds.write_text("tema,detalle\nPresupuesto,fondos\n", encoding="utf-8")
    res = cli("themes", "--texts", path, "--column", "¿qué no funcionó?", "--seeds", str(seeds), "--lang", "en")
    assert res.code == 1
    assert "temas.csv" in res.err and "name,description" in res.err and len(res.err.strip().splitlines()) == 1


def test_a_new_run_over_an_edited_one_says_the_edits_are_now_hidden(cli, coded):
    """The page and the reports show the newest run of a code: a CLI run after an analyst renamed a theme on the page
    hid the rename without a word (round 8)."""
    from atlas_qual.store.theme_edits import rename_theme
    from atlas_qual.store.themes_store import latest_themes

    path, _ = coded
    first = cli("themes", "--code", "Debilidades", "--json", "--project", path)
    assert first.code == 0 and "corrida anterior" not in first.err  # nothing edited yet: nothing to say
    p = open_project(path)
    try:
        old = latest_themes(p, "Debilidades")
        rename_theme(p, old.themes[0].id, "Presupuesto que no llega")
    finally:
        p.dispose()
    again = cli("themes", "--code", "Debilidades", "--project", path)
    assert again.code == 0
    assert f"#{old.id}" in again.err and "ediciones de análisis (1)" in again.err
    assert "Descartar las corridas mostradas" in again.err


def test_the_api_shows_a_merged_theme_as_the_page_and_reports_do(cli, coded):
    """A notebook's themes() listed a merged theme's turns under its old label with the machine's size (7 turns,
    size 7) while the page and the report showed the merged theme of 12 (round 8)."""
    import atlas_qual
    from atlas_qual.store.theme_edits import merge_themes
    from atlas_qual.store.themes_store import latest_themes

    path, _ = coded
    assert cli("themes", "--code", "Debilidades", "--themes", "3", "--project", path).code == 0
    p = open_project(path)
    try:
        run = latest_themes(p, "Debilidades")
        a, b = run.themes[0], run.themes[1]
        merge_themes(p, [a.id, b.id], "Presupuesto y datos")
        after = latest_themes(p, "Debilidades")
    finally:
        p.dispose()
    frame = atlas_qual.open_project(path).themes(code="Debilidades")
    assert set(frame["label"]) == {th.label for th in after.themes}  # no row under the merged-away label
    merged = frame[frame["label"] == "Presupuesto y datos"]
    assert len(merged) == a.size + b.size and set(merged["size"]) == {a.size + b.size}
    assert (frame.groupby("theme_id").size() == frame.groupby("theme_id")["size"].first()).all()
