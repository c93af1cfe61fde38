"""Stored theme runs: segments of one code read once per segment from human coders' accepted codings, filters, the
run and its assignments stored, analysts' edits (rename, merge, delete) persisted and applied when read, quotes
redacted with pseudonym, role and territory, determinism through the store, texts of a CSV/XLSX column, the demo."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from atlas_qual.errors import AtlasQualError
from atlas_qual.store import open_project
from atlas_qual.store.coding import apply_code
from atlas_qual.store.models import Coding, Segment, ThemeAssignment
from atlas_qual.store.themes_store import (
    delete_theme,
    get_run,
    latest_themes,
    list_runs,
    merge_themes,
    read_text_column,
    rename_theme,
    reset_edits,
    restore_theme,
    run_themes,
    select_segments,
    texts_themes,
)
from atlas_qual.store.transcripts import import_files

WEAK = "Evaluación/Debilidades"
STRONG = "Evaluación/Fortalezas"

# three weaknesses people keep naming: no budget or vehicles, no data on complaints, no common route
BUDGET = [
    "No tenemos presupuesto para combustible y la camioneta está rota hace meses.",
    "Sin viáticos ni vehículo no podemos llegar a las estancias del Chaco.",
    "El presupuesto no alcanza: falta combustible para los operativos.",
    "La camioneta de la oficina se comparte con otras áreas y casi nunca hay combustible.",
    "Pedimos fondos para viáticos y vehículos pero el presupuesto se recortó otra vez.",
    "Faltan recursos: no hay vehículo propio ni presupuesto para salir al campo.",
    "Con el presupuesto que tenemos no se puede pagar el combustible de la camioneta.",
    "Los viáticos llegan tarde y sin vehículo las inspecciones se suspenden.",
]
DATA = [
    "No hay un registro único de denuncias; cada institución tiene su planilla.",
    "Los datos de las denuncias no coinciden entre el ministerio y la fiscalía.",
    "El sistema de registro no tiene categoría para trabajo forzoso, así que los datos no sirven.",
    "Llevamos las estadísticas en un cuaderno y en una planilla de Excel que nadie consolida.",
    "Nadie sabe cuántas denuncias hubo porque el registro está en papel.",
    "Las cifras de denuncias del sistema informático están incompletas y desactualizadas.",
    "Cada oficina carga los datos a su manera y el registro nacional queda vacío.",
    "Sin un sistema de registro compartido no podemos dar seguimiento a las denuncias.",
]
ROUTE = [
    "No existe una ruta de intervención clara; nadie conoce el protocolo del otro.",
    "El inspector no sabe a quién derivar el caso: no hay un protocolo común con la fiscalía.",
    "Cada institución tiene su propio procedimiento de derivación y los roles no están claros.",
    "Falta un protocolo unificado que diga qué institución interviene primero.",
    "La derivación de casos depende de quién atiende, porque no hay una ruta escrita.",
    "Los roles de cada institución en la ruta de intervención no se conocen.",
    "Necesitamos un flujograma de derivación común; hoy cada uno improvisa su procedimiento.",
    "Sin protocolo común los casos se pierden entre una institución y otra.",
]
STRENGTHS = [
    "Los talleres conjuntos de capacitación nos ayudaron a conocernos entre instituciones.",
    "El grupo de WhatsApp del consejo departamental acelera las derivaciones.",
    "La capacitación conjunta con fiscales fue muy útil para entender el trabajo forzoso.",
    "Ahora sabemos a quién llamar gracias a los talleres y al grupo de WhatsApp.",
    "La línea 147 es más conocida después de la campaña en la radio.",
    "La campaña radial sobre la línea 147 llegó a las comunidades rurales.",
    "Los talleres de capacitación dejaron un directorio de contactos que usamos siempre.",
    "El grupo de WhatsApp permite coordinar operativos en el mismo día.",
    "La radio comunitaria difundió los canales de denuncia en guaraní.",
    "Las capacitaciones conjuntas mejoraron la confianza entre inspectores y policías.",
    "Gracias a la radio más familias conocen la línea 147.",
    "Con el grupo de WhatsApp los casos se derivan más rápido.",
]

INTERVIEWS = (
    # file, territory, dmop, institution, role, interviewee, pseudonym, language
    ("i1.txt", "Boquerón", "MAUEP", "MTESS", "inspectora de trabajo", "Rosa Benítez Ojeda", "INS-BOQ-01", "es"),
    ("i2.txt", "San Pedro", "MAUEP", "MP", "agente fiscal", "Néstor Duarte Insfrán", "FIS-SP-02", "es"),
    ("i3.txt", "Alto Paraná", "CR", "CODENI", "consejera CODENI", "Nilda Cardozo Paredes", "COD-AP-03", "es"),
    ("i4.txt", "Ñeembucú", "CR", "PN", "comisario", "Derlis Cabañas Ruiz", "POL-NEE-04", "es"),
)


def write_interview(path, spec, turns):
    _file, territory, dmop, institution, role, person, pseudonym, language = spec
    head = (f"Territorio: {territory}\nDMOP: {dmop}\nInstitución: {institution}\nRol: {role}\n"
            f"Entrevistada: {person}\nSeudónimo: {pseudonym}\nIdioma: {language}\n\n")
    first = person.split()[0]
    body = "".join(f"Entrevistadora: ¿Qué no funciona?\n{first}: {turn}\n" for turn in turns)
    path.write_text(head + body, encoding="utf-8")


def segment_ids(project, transcript_id):
    with project.session() as s:
        return list(s.scalars(select(Segment.id).where(Segment.transcript_id == transcript_id)
                              .order_by(Segment.ordinal)))


@pytest.fixture
def study(project, tmp_path):
    """Four interviews: six weakness answers each (two of each theme), three strengths each; coded by ana (all) and
    carlos (half of the weaknesses again); plus a pending auto suggestion. Returns (project, info)."""
    files, weak_turns, strong_turns = [], {}, {}
    for n, spec in enumerate(INTERVIEWS):
        weak = [BUDGET[2 * n], DATA[2 * n], ROUTE[2 * n], BUDGET[2 * n + 1], DATA[2 * n + 1], ROUTE[2 * n + 1]]
        strong = STRENGTHS[3 * n:3 * n + 3]
        if n == 0:  # personal data in what the inspector said: it must never reach a quote
            weak[0] = weak[0] + " Rosa Benítez Ojeda lo denunció; mi celular es 0981 555 123."
        path = tmp_path / spec[0]
        write_interview(path, spec, weak + strong)
        files.append(path)
        weak_turns[spec[0]], strong_turns[spec[0]] = weak, strong
    report = import_files(project, files)
    assert not report.errors, report.errors
    info = {"weak": [], "strong": [], "by_file": {}, "auto_only": None}
    for item in report.imported:
        name = item.file.rsplit("/", 1)[-1]
        ids = segment_ids(project, item.transcript_id)
        answers = ids[1::2]  # interviewer, interviewee, interviewer, ...
        info["by_file"][name] = answers
        for i, sid in enumerate(answers[:6]):
            apply_code(project, sid, WEAK, "ana.gimenez")
            if i % 2 == 0:
                apply_code(project, sid, WEAK, "carlos.rojas")
            info["weak"].append(sid)
        for sid in answers[6:]:
            apply_code(project, sid, STRONG, "ana.gimenez")
            info["strong"].append(sid)
    # a suggestion of the rule-based coder on an interviewer question: not a human judgement, never themed
    question = segment_ids(project, report.imported[0].transcript_id)[0]

    def suggest(s):
        from atlas_qual.store.codebook import index_of

        s.add(Coding(segment_id=question, code_id=index_of(s).resolve(WEAK).id, coder="auto", origin="auto",
                     status="accepted", guid="auto-1"))

    project.write(suggest)
    info["auto_only"] = question
    return project, info


def test_run_reads_each_coded_segment_once_whatever_the_number_of_coders(study):
    project, info = study
    run = run_themes(project, WEAK)
    assert sorted(run.segments) == sorted(info["weak"])
    assert len(run.segments) == len(set(run.segments)) == 24
    assert info["auto_only"] not in run.segments
    assert sum(th.size for th in run.themes) + run.assignments.count(-1) == 24
    with project.session() as s:
        stored = s.scalars(select(ThemeAssignment.segment_id)).all()
    assert sorted(stored) == sorted(sid for sid, a in zip(run.segments, run.assignments) if a >= 0)


def test_each_theme_gathers_statements_of_one_known_theme(study):
    project, info = study
    run = run_themes(project, WEAK)
    known = {}
    for answers in info["by_file"].values():
        for i, sid in enumerate(answers[:6]):
            known[sid] = ("budget", "data", "route")[i % 3]
    assert len(run.themes) >= 3
    for th in run.themes:
        assert len({known[sid] for sid in th.segment_ids}) == 1, th.label
    assert {known[th.segment_ids[0]] for th in run.themes} == {"budget", "data", "route"}
    budget = next(th for th in run.themes if known[th.segment_ids[0]] == "budget")
    assert {"presupuesto", "combustible", "vehículo", "viático", "camioneta"} & set(budget.terms[:3])


def test_run_stores_code_filters_model_parameters_and_language(study):
    project, _ = study
    run = run_themes(project, "debilidades", dmop="mauep", coder="ana.gimenez", min_theme_size=2)
    assert run.code_path == WEAK
    assert run.filters == {"dmop": "MAUEP", "coder": "ana.gimenez"}
    assert run.model.startswith("multilingual-e5")
    assert run.params["seed"] == 42 and run.params["min_theme_size"] == 2
    assert run.lang == "es"
    summary = list_runs(project, WEAK)[0]
    assert (summary.id, summary.code_path, summary.segments) == (run.id, WEAK, 12)


def test_filters_restrict_the_segments_to_the_matching_interviews(study):
    project, info = study
    boq = select_segments(project, WEAK, territory="Boquerón")
    assert [s.segment_id for s in boq.segments] == info["by_file"]["i1.txt"][:6]
    assert {s.territory for s in boq.segments} == {"boqueron"}
    cr = select_segments(project, WEAK, dmop="CR")
    assert {s.dmop for s in cr.segments} == {"CR"} and len(cr.segments) == 12
    mp = select_segments(project, WEAK, institution="mp")
    assert {s.institution for s in mp.segments} == {"MP"}
    inspectors = select_segments(project, WEAK, role="Inspector")  # "inspectora de trabajo" contains it
    assert {s.pseudonym for s in inspectors.segments} == {"INS-BOQ-01"}
    carlos = select_segments(project, WEAK, coder="carlos.rojas")
    assert len(carlos.segments) == 12


def test_unknown_filter_values_are_clear_errors(study):
    project, _ = study
    with pytest.raises(AtlasQualError) as err:
        run_themes(project, WEAK, territory="Narnia")
    assert "Narnia" in err.value.message("es") and "boqueron" in err.value.message("es")
    with pytest.raises(AtlasQualError) as err:
        run_themes(project, "Debilidadez")
    assert "Evaluación/Debilidades" in err.value.message("es")


def test_too_little_text_names_the_code_and_the_filters(study):
    project, _ = study
    with pytest.raises(AtlasQualError) as err:
        run_themes(project, WEAK, territory="Boquerón")
    assert err.value.key == "themes_store_too_little"
    es, en = err.value.message("es"), err.value.message("en")
    assert "Evaluación/Debilidades (Territorio boqueron)" in es and "6 segmentos" in es
    assert "Evaluación/Debilidades (Territory boqueron)" in en and "at least 10 segments" in en
    assert list_runs(project) == []  # nothing half-written


def test_no_coded_segment_is_its_own_message(study):
    project, _ = study
    with pytest.raises(AtlasQualError) as err:
        run_themes(project, "Evaluación/Recomendaciones")
    assert err.value.key == "themes_store_no_segments"
    assert "Evaluación/Recomendaciones" in err.value.message("en")


def test_quotes_are_redacted_and_carry_pseudonym_role_and_territory(study):
    project, info = study
    run = run_themes(project, WEAK, n_quotes=8)  # themes are small: every segment is a quote
    quotes = [q for th in run.themes for q in th.quotes]
    assert len(quotes) == 24
    for q in quotes:
        assert "Rosa" not in q.text and "Benítez" not in q.text and "0981" not in q.text
        assert {"pseudonym", "role", "territory", "segment_id"} <= set(q.meta)
        assert q.meta["pseudonym"] in {spec[6] for spec in INTERVIEWS}
        assert run.segments[q.index] == q.meta["segment_id"]
    personal = next(q for q in quotes if "[teléfono]" in q.text)
    assert "INS-BOQ-01 lo denunció" in personal.text  # the interviewee's name became her pseudonym
    assert personal.meta["role"] == "inspectora de trabajo" and personal.meta["territory"] == "boqueron"
    english = get_run(project, run.id, lang="en")
    assert any("[phone]" in q.text for th in english.themes for q in th.quotes)
    raw = get_run(project, run.id, redact=False)
    assert any("Rosa Benítez Ojeda lo denunció" in q.text for th in raw.themes for q in th.quotes)
    with project.session() as s:
        assert "0981 555 123" in s.get(Segment, info["by_file"]["i1.txt"][0]).text  # the store keeps the original


def test_theme_terms_and_labels_never_name_a_listed_person(project, tmp_path):
    files = []
    for n, spec in enumerate(INTERVIEWS):  # the budget answers keep naming Ms Benítez (an interviewee)
        weak = [BUDGET[2 * n] + " Lo dijo la señora Benítez.", DATA[2 * n], ROUTE[2 * n],
                BUDGET[2 * n + 1] + " Benítez lo sabe.", DATA[2 * n + 1], ROUTE[2 * n + 1]]
        write_interview(tmp_path / spec[0], spec, weak)
        files.append(tmp_path / spec[0])
    for item in import_files(project, files).imported:
        for sid in segment_ids(project, item.transcript_id)[1::2]:
            apply_code(project, sid, WEAK, "ana")
    run = run_themes(project, WEAK)
    raw = get_run(project, run.id, redact=False)
    assert any("benítez" in term for th in raw.themes for term in th.terms)  # the model did pick the name up
    if not any("benítez" in th.label.lower() for th in raw.themes):
        # the machine's label chose other words this time: store one that names her, as a label phrase could
        from atlas_qual.store.models import Theme

        with project.session() as s:
            s.scalars(select(Theme).where(Theme.run_id == run.id)).first().label = "Presupuesto de la señora Benítez"
            s.commit()
        run = get_run(project, run.id)
        assert any("benítez" in th.label.lower() for th in get_run(project, run.id, redact=False).themes)
    for th in run.themes:
        assert not any("benítez" in term for term in th.terms)
        assert "benítez" not in th.label.lower() and th.label[0].isupper()


def test_same_segments_give_the_same_stored_themes(study):
    project, _ = study
    first = run_themes(project, WEAK).to_dict()
    second = run_themes(project, WEAK).to_dict()
    assert first["run"]["id"] != second["run"]["id"]  # two stored runs ...
    assert first["segments"] == second["segments"] and first["assignments"] == second["assignments"]
    assert first["run"]["params"] == second["run"]["params"]

    def without_db_ids(themes):
        return [{k: v for k, v in th.items() if k != "theme_id"} for th in themes]

    assert without_db_ids(first["themes"]) == without_db_ids(second["themes"])  # ... with the same themes


def test_rename_merge_and_delete_persist_and_are_applied_when_read(study, project_path):
    project, _ = study
    run = run_themes(project, WEAK, min_theme_size=2)
    assert len(run.themes) >= 3
    a, b, c = run.themes[0], run.themes[1], run.themes[2]
    rename_theme(project, a.id, "Falta de presupuesto y vehículos")
    kept = merge_themes(project, [b.id, c.id], label="Datos y rutas")
    assert kept == b.id
    other = open_project(project_path)  # another kernel reading the same project
    try:
        again = latest_themes(other, WEAK)
    finally:
        other.dispose()
    assert again.id == run.id
    labels = {th.id: th.label for th in again.themes}
    assert labels[a.id] == "Falta de presupuesto y vehículos"
    assert labels[b.id] == "Datos y rutas" and c.id not in labels
    merged = again.theme(b.id)
    assert merged.size == b.size + c.size and merged.merged == (c.id,)
    assert set(merged.segment_ids) == set(b.segment_ids) | set(c.segment_ids)
    assert again.assignments.count(b.number) == merged.size and c.number not in again.assignments
    assert again.theme(c.id) is merged  # a merged theme is found in the theme it went into
    assert [r.id for r in again.removed] == [c.id] and again.removed[0].merged_into == b.id

    delete_theme(project, c.id)  # deleting a merged theme deletes where it went: the whole merged theme
    after = get_run(project, run.id)
    assert b.id not in {th.id for th in after.themes}
    assert after.assignments.count(-1) == run.assignments.count(-1) + b.size + c.size
    assert after.theme(a.id).label == "Falta de presupuesto y vehículos"

    restore_theme(project, b.id)  # the merged theme comes back whole: c is still merged into b
    restored = get_run(project, run.id)
    assert restored.theme(b.id).size == b.size + c.size
    reset_edits(project, run.id)
    plain = get_run(project, run.id)
    assert [(th.id, th.label, th.size) for th in plain.themes] == [(th.id, th.label, th.size) for th in run.themes]


def test_edits_say_what_is_wrong(study):
    project, _ = study
    weak = run_themes(project, WEAK, min_theme_size=2)
    strong = run_themes(project, STRONG, min_theme_size=2)
    with pytest.raises(AtlasQualError) as err:
        merge_themes(project, [weak.themes[0].id, strong.themes[0].id])
    assert err.value.key == "themes_store_merge_runs"
    with pytest.raises(AtlasQualError) as err:
        merge_themes(project, [weak.themes[0].id, weak.themes[0].id])
    assert err.value.key == "themes_store_merge_needs_two"
    delete_theme(project, weak.themes[1].id)
    with pytest.raises(AtlasQualError) as err:
        rename_theme(project, weak.themes[1].id, "x")
    assert "Restore it" in err.value.message("en")
    with pytest.raises(AtlasQualError) as err:
        rename_theme(project, weak.themes[0].id, "x" * 300)
    assert "300" in err.value.message("es")
    with pytest.raises(AtlasQualError):
        rename_theme(project, 99999, "x")
    rename_theme(project, weak.themes[0].id, "Propio")
    rename_theme(project, weak.themes[0].id, "   ")  # empty: back to the model's label
    assert get_run(project, weak.id).theme(weak.themes[0].id).label == weak.themes[0].label


def test_latest_themes_matches_the_filters_exactly_and_takes_the_newest(study):
    project, _ = study
    assert latest_themes(project, WEAK) is None
    everything = run_themes(project, WEAK)
    cr = run_themes(project, WEAK, dmop="CR", min_theme_size=2)
    assert latest_themes(project, "Debilidades").id == everything.id
    assert latest_themes(project, WEAK, dmop="cr").id == cr.id
    assert latest_themes(project, WEAK, dmop="MAUEP") is None
    newer = run_themes(project, WEAK)
    assert latest_themes(project, WEAK).id == newer.id
    assert latest_themes(project, "no such code") is None
    english = latest_themes(project, WEAK, lang="en")
    assert english.id == newer.id


def test_share_matrix_gives_each_groups_share_of_segments_per_theme(study):
    project, _ = study
    run = run_themes(project, WEAK)
    groups, matrix, totals = run.share_matrix("territory")
    assert groups == sorted(["boqueron", "san_pedro", "alto_parana", "neembucu"]) and totals == [6, 6, 6, 6]
    for th, row in zip(run.themes, matrix):
        assert row == [pytest.approx(th.share_by_group[g], abs=1e-5) for g in groups]  # the engine's shares
    inst_groups, inst_matrix, _ = run.share_matrix("institution")
    assert inst_groups == ["CODENI", "MP", "MTESS", "PN"]
    for j in range(len(inst_groups)):
        assert sum(row[j] for row in inst_matrix) == pytest.approx(1.0)  # every segment has a theme here


def test_span_codings_theme_only_the_coded_words(study):
    project, info = study
    sid = info["by_file"]["i2.txt"][7]  # a strength turn nobody coded as a weakness
    with project.session() as s:
        seg = s.get(Segment, sid)
        start, text = seg.start, seg.text
    words = text.split()
    span_end = start + len(" ".join(words[:4]))
    apply_code(project, sid, WEAK, "ana.gimenez", start=start, end=span_end)
    sel = select_segments(project, WEAK)
    chosen = next(x for x in sel.segments if x.segment_id == sid)
    assert chosen.text == " ".join(words[:4])


def test_english_interviews_run_in_english(project, tmp_path):
    lines = [
        "We have no budget for fuel and the truck has been broken for months.",
        "Without a vehicle we cannot reach the ranches in the Chaco.",
        "The budget does not cover fuel for joint operations.",
        "There is no single registry of complaints; every office keeps its own spreadsheet.",
        "Complaint data from the ministry and the prosecutors never match.",
        "Nobody knows how many complaints there were because the registry is on paper.",
        "There is no clear referral route and nobody knows the other agency's protocol.",
        "Each institution has its own referral procedure and roles are unclear.",
        "Cases get lost between agencies because there is no common protocol.",
        "Fuel money arrives late and inspections are cancelled for lack of a vehicle.",
        "The statistics are kept in a notebook that nobody consolidates into the registry.",
        "We need a common referral flowchart; today everyone improvises the procedure.",
    ]
    path = tmp_path / "en.txt"
    path.write_text("Territory: Boquerón\nInterviewee: Mark Doe\nPseudonym: EN-01\nLanguage: en\n\n"
                    + "".join(f"Interviewer: What does not work?\nMark: {x}\n" for x in lines), encoding="utf-8")
    report = import_files(project, [path])
    for sid in segment_ids(project, report.imported[0].transcript_id)[1::2]:
        apply_code(project, sid, "Weaknesses", "ana")
    run = run_themes(project, "Evaluation/Weaknesses", min_theme_size=3)
    assert run.lang == "en"
    terms = {term for th in run.themes for term in th.terms}
    assert {"budget", "complaint", "referral", "registry", "fuel"} & terms
    assert not ({"the", "and", "because"} & terms)


# --- texts of a CSV/XLSX column ------------------------------------------------------------------------------------


SURVEY = BUDGET + DATA + ROUTE


def test_csv_column_with_semicolons_in_windows_encoding_is_read_with_its_accents(tmp_path):
    path = tmp_path / "encuesta.csv"
    rows = ["id;¿Qué no funcionó?;territorio"] + [f"{i};{text};Boquerón" for i, text in enumerate(SURVEY[:5], 1)]
    path.write_bytes("\r\n".join(rows).encode("cp1252"))
    col = read_text_column(path, "¿qué no funcionó?")
    assert col.column == "¿Qué no funcionó?"
    assert col.texts == tuple(SURVEY[:5]) and col.rows == (2, 3, 4, 5, 6)
    assert col.encoding == "cp1252" and col.warnings


def test_csv_rows_with_broken_cells_are_all_named_and_nothing_is_read(tmp_path):
    path = tmp_path / "roto.csv"
    path.write_text('id,respuesta,territorio\n1,"Falta presupuesto, y vehículos",Boquerón\n'
                    "2,Falta presupuesto, y vehículos,Boquerón\n3,Sin datos\n4,#N/A,San Pedro\n5,Bien,Ñeembucú\n",
                    encoding="utf-8")
    with pytest.raises(AtlasQualError) as err:
        read_text_column(path, "respuesta")
    msg = err.value.message("en")
    assert "3 rows" in msg and "row 3 has 4 cells" in msg and "row 4 has 2 cells" in msg
    assert "row 5 holds the Excel error #N/A" in msg and "nothing was analysed" in msg


def test_missing_column_lists_the_columns_of_the_file(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("id,respuesta\n1,algo\n", encoding="utf-8")
    with pytest.raises(AtlasQualError) as err:
        read_text_column(path, "answer")
    assert err.value.key == "themes_texts_no_column" and "id, respuesta" in err.value.message("es")


def test_xlsx_column_is_read_from_the_sheet_that_has_it(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Notas"
    wb.active.append(["nada que ver"])
    ws = wb.create_sheet("Respuestas")
    ws.append(["id", "Respuesta"])
    for i, text in enumerate(SURVEY[:4], 1):
        ws.append([i, text])
    ws.append([5, None])
    ws.append([6, 42])
    path = tmp_path / "encuesta.xlsx"
    wb.save(path)
    col = read_text_column(path, "respuesta")
    assert col.texts == (*SURVEY[:4], "", "42") and col.rows == (2, 3, 4, 5, 6, 7)


def test_old_excel_and_unknown_files_say_how_to_save_them(tmp_path):
    old = tmp_path / "viejo.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(AtlasQualError) as err:
        read_text_column(old, "respuesta")
    assert ".xlsx" in err.value.message("en")
    empty = tmp_path / "vacio.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(AtlasQualError) as err:
        read_text_column(empty, "respuesta")
    assert err.value.key == "themes_texts_empty"


def test_texts_of_a_column_get_one_theme_per_row_and_redacted_quotes(tmp_path):
    path = tmp_path / "encuesta.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "respuesta"])
        for i, text in enumerate(SURVEY, 1):
            w.writerow([i, text + (" Escríbame a ana.perez@example.org" if i == 1 else "")])
            if i == 5:
                w.writerow([99, ""])  # a row left empty: no theme, still counted
    col, result = texts_themes(path, "respuesta", min_theme_size=3, n_quotes=8)
    assert len(result.assignments) == len(SURVEY) + 1
    assert result.assignments[5] == -1 and col.rows[5] == 7
    quotes = [q for th in result.themes for q in th.quotes]
    assert all("@" not in q.text for q in quotes)
    assert all(col.rows.index(q.meta["row"]) == q.index for q in quotes)


def test_too_little_text_in_a_column_names_the_file_and_column(tmp_path):
    path = tmp_path / "corta.csv"
    path.write_text("respuesta\nFalta presupuesto.\nNo hay datos.\n\n", encoding="utf-8")
    with pytest.raises(AtlasQualError) as err:
        texts_themes(path, "respuesta")
    msg = err.value.message("es")
    assert "corta.csv" in msg and "'respuesta'" in msg and "al menos 10" in msg


# --- the demo ------------------------------------------------------------------------------------------------------


def test_demo_has_stored_themes_for_strengths_and_weaknesses(demo_project):
    project = open_project(demo_project)
    try:
        weak = latest_themes(project, WEAK)
        strong = latest_themes(project, STRONG)
        assert weak is not None and strong is not None
        assert len(weak.themes) >= 2 and len(strong.themes) >= 2
        from atlas_qual.store.transcripts import redaction_names

        with project.session() as s:
            names = redaction_names(s)
        text = " ".join(q.text + " " + q.meta["pseudonym"] for run in (weak, strong)
                        for th in run.themes for q in th.quotes)
        for real in names:
            assert real not in text
        assert all(q.meta["pseudonym"] for th in weak.themes for q in th.quotes)
    finally:
        project.dispose()


def test_confirm_move_and_split_persist_and_label_confirmed_is_exposed(study, project_path):
    from atlas_qual.store.theme_edits import confirm_label, move_segment, split_theme

    project, _ = study
    run = run_themes(project, WEAK, min_theme_size=2, embedding="lexical")
    assert all(th.label_confirmed is False for th in run.themes)
    a, b = run.themes[0], run.themes[1]
    confirm_label(project, a.id)
    moved = b.segment_ids[0]
    move_segment(project, a.id, moved)
    rename_theme(project, b.id, "Rutas")
    other = open_project(project_path)  # another kernel reading the same project
    try:
        again = get_run(other, run.id)
    finally:
        other.dispose()
    assert again.theme(a.id).label_confirmed and again.theme(b.id).label_confirmed
    assert moved in again.theme(a.id).segment_ids and moved not in again.theme(b.id).segment_ids
    out = again.to_dict()
    assert {th["theme_id"]: th["label_confirmed"] for th in out["themes"]}[a.id] is True
    assert len(out["confidence"]) == len(out["segments"])

    two = run_themes(project, WEAK, n_themes=2, embedding="lexical")  # the analyst's K: two big themes
    assert len(two.themes) == 2
    big = two.themes[0]
    first, second = split_theme(project, big.id)
    after = get_run(project, two.id)
    parts = [after.theme(first), after.theme(second)]
    assert sum(p.size for p in parts) == big.size and all(p.size > 0 for p in parts)
    assert set(parts[0].segment_ids) | set(parts[1].segment_ids) == set(big.segment_ids)
    assert all(p.label and p.terms for p in parts)
