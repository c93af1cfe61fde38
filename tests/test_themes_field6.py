"""`atlas-qual themes --texts` on survey exports as analysts get them (round 6 field test): person names hidden
without a project, non-answers ("No sabe", "N/A", "-") left out, spreadsheet row numbers, one-column exports with
commas, column names typed without "¿?", seeds files in ; / cp1252 / xlsx / any column order, duplicated
candidates, --themes with candidates or not a number, human output plurals, labels that are no verb or Guaraní
connective, and the themes page marking unreviewed labels. Lexical engine only (the e5 model is not tested here)."""

from __future__ import annotations

import csv

import pytest

# 3 themes x 6 answers (tests below add names, phones and cédulas to some of them)
from test_themes_cli import ANSWERS


@pytest.fixture(autouse=True)
def _no_default_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ATLAS_QUAL_PROJECT", raising=False)


def _answers() -> list[str]:
    return [text for group in zip(*ANSWERS.values()) for text in group]


def _write(path, header, rows, delimiter=",", encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        for row in rows:
            w.writerow(row if isinstance(row, list) else [row])
    return path


def _seeds_ok():
    return [("Presupuesto", "falta de fondos, combustible y vehículos"), ("Registros", "datos y registro de denuncias"),
            ("Ruta de intervención", "protocolo y derivación")]


# --- names, phones and cédulas in open answers, no project --------------------------------------------------------

def test_person_names_in_open_answers_never_reach_labels_terms_or_quotes_without_a_project(cli, tmp_path):
    """Without a project nothing listed the names: "Lo dijo María González" on answers of every theme made a theme
    labelled "María González" and printed the name in its quotes."""
    texts = _answers()
    for i in range(0, len(texts), 2):
        texts[i] += " Lo dijo María González en la reunión."
    for i in range(1, len(texts), 3):
        texts[i] = "Soy Juan Carlos Benítez, C.I. 3.456.789. " + texts[i]
    texts[5] += " Said by John Smith, call 0981 555 123."
    path = _write(tmp_path / "encuesta.csv", ["respuesta"], texts)
    res = cli("themes", "--texts", path, "--column", "respuesta", "--embedding", "lexical", "--json")
    assert res.code == 0, res
    shown = " ".join([th["label"] for th in res.json()["themes"]] + [t for th in res.json()["themes"]
                                                                     for t in th["terms"]]
                     + [q["text"] for th in res.json()["themes"] for q in th["quotes"]]).lower()
    for part in ("maría", "maria", "gonzález", "juan", "carlos", "benítez", "john", "smith", "3.456.789", "0981"):
        assert part not in shown, part
    human = cli("themes", "--texts", path, "--column", "respuesta", "--embedding", "lexical").out
    assert "González" not in human and "Benítez" not in human and "[nombre]" in human


def test_names_found_in_a_column_are_people_not_institutions():
    from atlas_qual.store.theme_texts import column_names, column_redactor

    texts = ["Said by John Smith at the meeting.", "Soy Juan Carlos Benítez, C.I. 3.456.789.",
             "Lo dijo la Fiscalía Regional.", "El Ministerio de Trabajo no vino.", "I am Coordinator of the Mesa."]
    assert column_names(texts) == ["John Smith", "Juan Carlos Benítez"]
    redactor = column_redactor(texts, "es")
    assert redactor.redact(texts[2]) == texts[2] and redactor.redact(texts[3]) == texts[3]
    assert redactor.redact(texts[1]) == "Soy [nombre], [cédula]."


# --- non-answers --------------------------------------------------------------------------------------------------

def test_no_sabe_and_na_cells_get_no_theme_and_are_counted(cli, tmp_path):
    """Half the cells "No sabe", "N/A", "-": they formed a theme labelled "N" quoting "N/A"."""
    junk = ["No sabe", "N/A", "-", "n/a", "NS/NR", "No sabe."]
    rows = [cell for text, j in zip(_answers(), junk * 3) for cell in (text, j)]
    path = _write(tmp_path / "kobo.csv", ["respuesta"], rows)
    res = cli("themes", "--texts", path, "--column", "respuesta", "--embedding", "lexical", "--json")
    assert res.code == 0, res
    data = res.json()
    assert data["assignments"][1::2] == [-1] * 18
    assert all(a >= 0 for a in data["assignments"][0::2])
    quotes = [q["text"] for th in data["themes"] for q in th["quotes"]]
    assert not set(quotes) & set(junk)
    assert all(len(th["label"]) > 2 for th in data["themes"])
    human = cli("themes", "--texts", path, "--column", "respuesta", "--embedding", "lexical", "--lang", "en").out
    assert "18 non-answers ('No sabe', 'N/A', '-' and the like): left without a theme." in human


def test_a_column_of_only_non_answers_says_so(cli, tmp_path):
    path = _write(tmp_path / "vacia.csv", ["respuesta"], ["No sabe", "-", "N/A", "ninguna"] * 10)
    res = cli("themes", "--texts", path, "--column", "respuesta", "--embedding", "lexical")
    assert res.code == 1 and res.out == "" and "Traceback" not in res.err
    assert "40 sin respuesta" in res.err and "'No sabe', 'N/A' o '-' no cuentan" in res.err


def test_is_non_answer_keeps_real_answers():
    from atlas_qual.store.theme_texts import is_non_answer

    assert all(is_non_answer(x) for x in ("No sabe", " n/a ", "—", "NS/NR", "No sé.", "Don't know", "-"))
    assert not any(is_non_answer(x) for x in ("No hay presupuesto", "Nada funciona sin combustible", "", "Miedo"))


# --- how survey exports look ----------------------------------------------------------------------------------------

def test_row_numbers_are_spreadsheet_rows_when_answers_hold_line_breaks(cli, tmp_path):
    """Google Forms keeps an answer's line breaks inside quotes: the quotes said "fila 62" in a file of 41 rows."""
    texts = [t.replace(": ", ":\n").replace("; ", ";\n\n") + "\nGracias." for t in _answers()]
    path = _write(tmp_path / "forms.csv", ["Marca temporal", "Comentarios"],
                  [[f"3/5/2024 10:{i:02d}:00", t] for i, t in enumerate(texts)])
    res = cli("themes", "--texts", path, "--column", "comentarios", "--embedding", "lexical", "--json")
    assert res.code == 0, res
    for theme in res.json()["themes"]:
        for q in theme["quotes"]:
            assert q["meta"]["row"] == q["index"] + 2


def test_a_one_column_export_keeps_the_commas_of_its_answers(cli, tmp_path):
    """A spreadsheet that separates with ; leaves "Bueno, la falta de plata" unquoted; with one column the header
    holds no ; and each comma was read as a new cell: "3 filas no se pueden leer"."""
    texts = [f"Bueno, {t[0].lower()}{t[1:]}" for t in _answers()]
    path = _write(tmp_path / "una.csv", ["¿Qué mejoraría?"], texts, delimiter=";")
    assert "\nBueno, no tenemos presupuesto" in path.read_text(encoding="utf-8")  # the comma is not quoted
    res = cli("themes", "--texts", path, "--column", "¿Qué mejoraría?", "--embedding", "lexical", "--json")
    assert res.code == 0, res.err
    assert len(res.json()["assignments"]) == 18


def test_a_column_name_typed_without_question_marks_is_found(cli, tmp_path):
    path = _write(tmp_path / "forms.csv", ["Marca temporal", "¿Qué dificultades encontró en la coordinación?"],
                  [["x", t] for t in _answers()], delimiter=";", encoding="utf-8-sig")
    res = cli("themes", "--texts", path, "--column", "que dificultades encontro en la coordinacion",
              "--embedding", "lexical", "--json")
    assert res.code == 0, res.err
    assert len(res.json()["assignments"]) == 18


# --- seeds files ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content, encoding", [
    ("nombre;descripción\n" + "".join(f"{a};{b}\n" for a, b in _seeds_ok()), "utf-8"),
    ("nombre;descripción\n" + "".join(f"{a};{b}\n" for a, b in _seeds_ok()), "cp1252"),
    ("name\tdescription\n" + "".join(f"{a}\t{b}\n" for a, b in _seeds_ok()), "utf-8-sig"),
    ("description,name\n" + "".join(f'"{b}",{a}\n' for a, b in _seeds_ok()), "utf-8"),
    ("Name , Description\n\n" + "".join(f'{a},"{b}"\n,\n' for a, b in _seeds_ok()), "utf-8"),
])
def test_seeds_files_as_spreadsheets_save_them_are_read(tmp_path, content, encoding):
    from atlas_qual.store.theme_texts import read_seeds

    path = tmp_path / "temas.csv"
    path.write_bytes(content.encode(encoding))
    assert read_seeds(path) == _seeds_ok()


def test_an_xlsx_seeds_file_is_read_not_a_traceback(cli, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["nombre", "descripción"])
    for row in _seeds_ok():
        ws.append(list(row))
    wb.save(tmp_path / "temas.xlsx")
    survey = _write(tmp_path / "encuesta.csv", ["respuesta"], _answers())
    res = cli("themes", "--texts", survey, "--column", "respuesta", "--seeds", tmp_path / "temas.xlsx",
              "--embedding", "lexical", "--json")
    assert res.code == 0, res.err
    assert [t["label"] for t in res.json()["themes"][:3]] == [a for a, _ in _seeds_ok()]


def test_a_candidate_named_twice_is_refused_naming_both_rows(cli, tmp_path):
    seeds = tmp_path / "temas.csv"
    seeds.write_text("name,description\nCapacitación,talleres\nPresupuesto,fondos\ncapacitacion,cursos\n",
                     encoding="utf-8")
    survey = _write(tmp_path / "encuesta.csv", ["respuesta"], _answers())
    res = cli("themes", "--texts", survey, "--column", "respuesta", "--seeds", seeds, "--lang", "en")
    assert res.code == 1 and res.out == ""
    assert "temas.csv, row 4: the candidate theme 'capacitacion' is already in row 2" in res.err


def test_a_seeds_header_typo_shows_what_was_read(cli, tmp_path):
    seeds = tmp_path / "temas.csv"
    seeds.write_text("nmbre,descripcion\nPresupuesto,fondos\n", encoding="utf-8")
    survey = _write(tmp_path / "encuesta.csv", ["respuesta"], _answers())
    res = cli("themes", "--texts", survey, "--column", "respuesta", "--seeds", seeds)
    assert res.code == 1 and len(res.err.strip().splitlines()) == 1
    assert "nombre,descripción (o name,description)" in res.err and "se leyó: nmbre, descripcion" in res.err


def test_an_empty_seeds_file_says_it_has_no_candidates(tmp_path):
    from atlas_qual.errors import AtlasQualError
    from atlas_qual.store.theme_texts import read_seeds

    path = tmp_path / "temas.csv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(AtlasQualError) as err:
        read_seeds(path)
    assert err.value.key == "themes_seeds_empty"


# --- --themes K -----------------------------------------------------------------------------------------------------

def test_themes_k_with_candidate_themes_is_honoured(cli, tmp_path):
    """--themes 3 --seeds temas.csv gave the candidates plus however many emergent themes, ignoring the 3: now the
    two candidates and one emergent theme; fewer themes than candidates is refused, naming both numbers."""
    seeds = tmp_path / "temas.csv"
    seeds.write_text("name,description\n" + "".join(f"{a},{b}\n" for a, b in _seeds_ok()[:2]), encoding="utf-8")
    survey = _write(tmp_path / "encuesta.csv", ["respuesta"], _answers())
    res = cli("themes", "--texts", survey, "--column", "respuesta", "--seeds", seeds, "--themes", "3", "--json")
    assert res.code == 0, res.err
    themes = res.json()["themes"]
    assert len(themes) == 3
    assert [t["label"] for t in themes[:2]] == [a for a, _ in _seeds_ok()[:2]]
    assert [bool(t["seed"]) for t in themes] == [True, True, False]
    res = cli("themes", "--texts", survey, "--column", "respuesta", "--seeds", seeds, "--themes", "1",
              "--lang", "en")
    assert res.code == 1 and res.out == ""
    assert "(--themes): 1." in res.err and "there are 2 candidate themes" in res.err


def test_themes_k_that_is_not_a_number_is_explained_in_spanish_and_english(cli, tmp_path):
    survey = _write(tmp_path / "encuesta.csv", ["respuesta"], _answers())
    res = cli("themes", "--texts", survey, "--column", "respuesta", "--themes", "cinco")
    assert res.code == 2 and "Traceback" not in res.err
    assert "'cinco' no es un número de temas" in res.err and "'cinco' is not a number of themes" in res.err


# --- human output ---------------------------------------------------------------------------------------------------

def test_human_output_says_1_row_and_explains_a_candidate_no_text_fits():
    from atlas_qual import i18n
    from atlas_qual.commands.themes import _human_texts
    from atlas_qual.store.theme_texts import TextColumn

    col = TextColumn(file="e.csv", column="r", texts=("a",) * 1200, rows=tuple(range(2, 1202)))
    themes = [{"id": 0, "label": "Presupuesto", "size": 1, "terms": ["presupuesto"], "label_confirmed": True,
               "quotes": [{"index": 0, "text": "Falta presupuesto", "meta": {"row": 2}}]},
              {"id": 1, "label": "Corrupción", "size": 0, "terms": [], "quotes": [], "label_confirmed": True}]
    data = {"themes": themes, "assignments": [0] + [-1] * 1199}
    for lang, one, none, unassigned in (("es", "(1 fila)", "Ningún texto se parece a este tema candidato.",
                                         "1.199 sin tema"),
                                        ("en", "(1 row)", "No text is close to this candidate theme.",
                                         "1,199 without a theme")):
        i18n.set_lang(lang)
        try:
            out = _human_texts(col, data, "lexical-lsa", {"non_answers": 0})
        finally:
            i18n.set_lang("es")
        assert one in out and none in out and unassigned in out
        assert "(1 filas)" not in out and "Términos: \n" not in out and "Terms: \n" not in out


# --- labels ---------------------------------------------------------------------------------------------------------

def test_a_past_tense_verb_or_a_guarani_connective_is_no_label_candidate():
    """Labels "Cambió" (a verb) and "Upévare" ("therefore") came out of field answers."""
    from atlas_qual.theme_labels import candidate_phrases

    es = candidate_phrases("Cambió la directora y el plan de trabajo quedó en nada.", "es")
    assert "Cambió" not in es.values() and "quedó" not in es.values() and "plan de trabajo" in es.values()
    gn = candidate_phrases("Ndaipóri viático, upévare inspector-kuéra nosẽi capital-gui.", "gn")
    assert not {"upévare", "kuéra", "gui"} & {p.lower() for p in gn.values()} and "viático" in gn.values()


def test_a_one_letter_term_is_never_the_fallback_label():
    from atlas_qual.themes import _label

    assert _label(["n", "presupuesto", "combustible"], "es") == "Presupuesto, combustible"


# --- the themes page ------------------------------------------------------------------------------------------------

def test_the_page_marks_a_machine_label_until_an_analyst_confirms_it():
    from atlas_qual.store.themes_store import StoredTheme
    from atlas_qual.widgets.themes import render_theme_card

    theme = StoredTheme(id=1, number=0, label="Falta de presupuesto", model_label="Falta de presupuesto",
                        custom_label="", size=4, terms=("presupuesto",), quotes=(), share_by_group={})
    html = render_theme_card(theme, "es", {}, {})
    assert 'data-testid="theme-unreviewed"' in html and "sin revisar" in html
    assert "unreviewed" in render_theme_card(theme, "en", {}, {}).split('data-testid="theme-unreviewed"')[1][:80]
    from dataclasses import replace

    assert "theme-unreviewed" not in render_theme_card(replace(theme, label_confirmed=True), "es", {}, {})
