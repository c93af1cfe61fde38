"""Coding over the store: applying and removing codes, suggestions each coder accepts or rejects on their own, the
blind coding page, memos, codings CSV import (both layouts, all or nothing) and export, the CLI commands, the Excel
workbook and the demo step."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import func, select

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.codebook import code_index, update_code
from atlas_qual.store.coding import (
    AUTO_CODER,
    accept_suggestion,
    apply_code,
    autocode_project,
    coding_page,
    list_coders,
    reject_suggestion,
    remove_code,
    remove_coding,
    rule_quality,
)
from atlas_qual.store.coding_io import export_codings_csv, import_codings_csv
from atlas_qual.store.memos import get_memos, set_memo
from atlas_qual.store.models import Coding, Segment
from atlas_qual.store.transcripts import import_files

INTERVIEW_A = """Título: Inspección en Alto Paraná
DMOP: MAUEP
Territorio: Alto Paraná
Institución: MTESS
Entrevistadora: Ana Giménez
Entrevistada: Rosa Benítez Ojeda
Seudónimo: INS-AP-01

Entrevistadora: ¿Qué funcionó?
Rosa Benítez: Lo mejor fueron las capacitaciones conjuntas con la fiscalía. Mi celular es 0981 123 456.
Entrevistadora: ¿Qué falta?
Rosa Benítez: Faltan inspectores en la regional.
"""
INTERVIEW_B = """Título: Defensa en San Pedro
DMOP: CR
Territorio: San Pedro
Institución: MDP

P: ¿Cómo cambió la coordinación?
R: La coordinación aumentó con la CODENI.
P: ¿Algún problema?
R: Los inspectores casi no vienen.
"""


@pytest.fixture
def two(project, tmp_path):
    """A project with two interviews; returns (project, {name: [segment ids in order]}, {name: transcript id})."""
    a = tmp_path / "a_inspector.txt"
    a.write_text(INTERVIEW_A, encoding="utf-8")
    b = tmp_path / "b_defensora.txt"
    b.write_text(INTERVIEW_B, encoding="utf-8")
    report = import_files(project, [a, b])
    assert not report.errors
    ids = {p.file.rsplit("/", 1)[-1]: p.transcript_id for p in report.imported}
    segs = {}
    with project.session() as s:
        for name, tid in ids.items():
            segs[name] = [sid for (sid,) in s.execute(select(Segment.id).where(Segment.transcript_id == tid)
                                                      .order_by(Segment.ordinal))]
    return project, segs, ids


def codings_of(project, **where):
    with project.session() as s:
        q = select(Coding.segment_id, Coding.code_id, Coding.coder, Coding.status, Coding.origin)
        for key, value in where.items():
            q = q.where(getattr(Coding, key) == value)
        return s.execute(q.order_by(Coding.id)).all()


def test_apply_twice_keeps_one_coding_and_remove_takes_it_away(two):
    project, segs, _ = two
    seg = segs["a_inspector.txt"][3]
    first = apply_code(project, seg, "Evaluación/Debilidades", "ana.gimenez")
    assert apply_code(project, seg, "Debilidades", "ana.gimenez") == first
    assert len(codings_of(project, coder="ana.gimenez")) == 1
    assert remove_code(project, seg, "Debilidades", "ana.gimenez") == 1
    assert codings_of(project, coder="ana.gimenez") == []
    assert remove_code(project, seg, "Debilidades", "ana.gimenez") == 0


def test_a_span_must_lie_inside_its_segment(two):
    project, segs, _ = two
    seg = segs["a_inspector.txt"][3]
    with project.session() as s:
        row = s.get(Segment, seg)
        start, end = row.start, row.end
    cid = apply_code(project, seg, "MTESS", "ana", start=start + 8, end=start + 19)
    with project.session() as s:
        coding = s.get(Coding, cid)
        assert (coding.start, coding.end) == (start + 8, start + 19)
    with pytest.raises(AtlasQualError) as info:
        apply_code(project, seg, "MTESS", "ana", start=start, end=end + 5)
    assert info.value.key == "span_outside_segment" and f"#{seg}" in info.value.message("es")
    # the whole turn as a span is the segment-level coding
    whole = apply_code(project, seg, "MTESS", "ana", start=start, end=end)
    assert whole == apply_code(project, seg, "MTESS", "ana")


def test_coding_needs_a_coder_name_and_a_real_segment(two):
    project, segs, _ = two
    with pytest.raises(AtlasQualError) as info:
        apply_code(project, segs["a_inspector.txt"][1], "MTESS", "   ")
    assert info.value.key == "coder_missing"
    with pytest.raises(AtlasQualError) as info:
        apply_code(project, 9999, "MTESS", "ana")
    assert "#9999" in info.value.message("en")


def test_autocode_suggests_pending_codes_on_spanish_inflections(two):
    project, segs, ids = two
    report = autocode_project(project)
    assert report.transcripts == 2 and report.segments == 8 and report.suggestions > 0
    with project.session() as s:
        mtess = code_index(project).resolve("Instituciones/MTESS").id
        rows = s.execute(select(Coding.segment_id, Coding.rule, Coding.matches, Coding.status)
                         .where(Coding.code_id == mtess, Coding.coder == AUTO_CODER)).all()
        texts = {sid: s.get(Segment, sid).text for sid, *_ in rows}
    inspectores = segs["a_inspector.txt"][3]
    assert inspectores in {r.segment_id for r in rows}
    row = next(r for r in rows if r.segment_id == inspectores)
    assert row.status == "pending" and "lemma:inspector" in row.rule
    assert texts[inspectores] == "Faltan inspectores en la regional."
    # and the stored span highlights exactly that word in the transcript text
    with project.session() as s:
        from atlas_qual.store.models import Transcript

        text = s.get(Transcript, ids["a_inspector.txt"]).text
    (a, b), = [m for m in row.matches if "inspector" in text[m[0]:m[1]]]
    assert text[a:b] == "inspectores"
    assert info_codings(project) == 0  # suggestions are not codings until accepted


def info_codings(project) -> int:
    from atlas_qual.store.info import project_info

    return project_info(project)["codings"]


def test_each_coder_decides_shared_suggestions_independently(two):
    project, segs, _ = two
    autocode_project(project)
    seg = segs["a_inspector.txt"][3]
    page_ana = coding_page(project, _tid(project, seg), "ana")
    sug = next(s for view in page_ana.segments if view.id == seg for s in view.suggestions)
    accept_suggestion(project, sug.id, "ana")
    reject_suggestion(project, sug.id, "carlos")
    # the shared suggestion stays pending; each coder has their own decision
    assert codings_of(project, coder=AUTO_CODER, code_id=sug.code_id, segment_id=seg)[0].status == "pending"
    assert codings_of(project, coder="ana", segment_id=seg)[0][3:] == ("accepted", "auto")
    assert codings_of(project, coder="carlos", segment_id=seg)[0][3:] == ("rejected", "auto")
    view_ana = _segment_view(project, seg, "ana")
    view_carlos = _segment_view(project, seg, "carlos")
    view_new = _segment_view(project, seg, "diana")
    assert sug.code_id in {c.code_id for c in view_ana.codings} and sug.id not in {s.id for s in view_ana.suggestions}
    assert not view_carlos.codings and sug.id not in {s.id for s in view_carlos.suggestions}
    assert sug.id in {s.id for s in view_new.suggestions}


def test_rerunning_autocode_never_resuggests_decisions_and_withdraws_stale_rules(two):
    project, segs, _ = two
    first = autocode_project(project, coder="ana")  # suggestions made for one named coder change in place
    assert first.suggestions > 0
    seg = segs["a_inspector.txt"][3]
    mine = _segment_view(project, seg, "ana").suggestions
    accept_suggestion(project, mine[0].id, "ana")
    again = autocode_project(project, coder="ana")
    assert again.suggestions == 0 and again.withdrawn == 0
    assert codings_of(project, coder="ana", segment_id=seg, code_id=mine[0].code_id)[0].status == "accepted"
    update_code(project, "Instituciones/MTESS", rules={})
    update_code(project, "Instituciones/MP", rules={})
    third = autocode_project(project, coder="ana")
    assert third.withdrawn >= 1
    mtess = code_index(project).resolve("Instituciones/MTESS").id
    assert all(r.status != "pending" for r in codings_of(project, coder="ana", code_id=mtess))


def test_removing_an_accepted_suggestion_keeps_it_rejected(two):
    project, segs, _ = two
    autocode_project(project)
    seg = segs["a_inspector.txt"][3]
    sug = _segment_view(project, seg, "ana").suggestions[0]
    mine = accept_suggestion(project, sug.id, "ana")
    remove_coding(project, mine, "ana")
    view = _segment_view(project, seg, "ana")
    assert sug.code_id not in {c.code_id for c in view.codings}
    assert sug.id not in {s.id for s in view.suggestions}  # not suggested to ana again
    with pytest.raises(AtlasQualError) as info:
        remove_coding(project, mine, "carlos")
    assert info.value.key == "coding_not_yours"


def _tid(project, segment_id):
    with project.session() as s:
        return s.get(Segment, segment_id).transcript_id


def _segment_view(project, segment_id, coder):
    page = coding_page(project, _tid(project, segment_id), coder, page_size=100)
    return next(v for v in page.segments if v.id == segment_id)


def test_the_coding_page_is_blind_to_other_coders(two):
    project, segs, ids = two
    a = segs["a_inspector.txt"]
    apply_code(project, a[1], "Fortalezas", "ana")
    apply_code(project, a[1], "Debilidades", "carlos")
    apply_code(project, a[3], "Debilidades", "carlos")
    page = coding_page(project, ids["a_inspector.txt"], "ana")
    weak = code_index(project).resolve("Debilidades").id
    assert all(c.code_id != weak for v in page.segments for c in v.codings)
    assert (page.coded, page.total) == (1, 4)
    assert coding_page(project, ids["a_inspector.txt"], "carlos").coded == 2
    assert list_coders(project) == ["ana", "carlos"]
    # without a coder name nobody's codings show, not even through the code filter
    anonymous = coding_page(project, ids["a_inspector.txt"], None, filter=f"code:{weak}")
    assert anonymous.segments == () and anonymous.coded == 0


def test_the_coding_page_filters_and_pages(two):
    project, segs, ids = two
    a = segs["a_inspector.txt"]
    apply_code(project, a[1], "Fortalezas", "ana")
    tid = ids["a_inspector.txt"]
    uncoded = coding_page(project, tid, "ana", filter="uncoded")
    assert [v.id for v in uncoded.segments] == [a[0], a[2], a[3]]
    fort = code_index(project).resolve("Fortalezas").id
    assert [v.id for v in coding_page(project, tid, "ana", filter=f"code:{fort}").segments] == [a[1]]
    parent = code_index(project).resolve("Evaluación").id  # a parent finds its subcodes' segments
    assert [v.id for v in coding_page(project, tid, "ana", filter=f"code:{parent}").segments] == [a[1]]
    assert [v.id for v in coding_page(project, tid, "ana", filter="speaker:Rosa Benítez").segments] == [a[1], a[3]]
    paged = coding_page(project, tid, "ana", page=2, page_size=3)
    assert (paged.page, paged.pages, [v.ordinal for v in paged.segments]) == (2, 2, [4])
    assert coding_page(project, tid, "ana", page=99, page_size=3).page == 2
    assert coding_page(project, tid, "ana").speakers == ("Entrevistadora", "Rosa Benítez")
    autocode_project(project)
    suggested = coding_page(project, tid, "ana", filter="suggested")
    assert suggested.segments and all(v.suggestions for v in suggested.segments)


def test_memos_are_per_author_and_empty_text_deletes(two):
    project, segs, ids = two
    seg = segs["a_inspector.txt"][1]
    set_memo(project, "segment", seg, "ana", "Contradice el turno 4.")
    set_memo(project, "segment", seg, "ana", "Ver turno 4.")
    set_memo(project, "segment", seg, "carlos", "Otra lectura")
    set_memo(project, "transcript", ids["a_inspector.txt"], "ana", "Entrevista corta")
    assert [m["text"] for m in get_memos(project, "segment", [seg], author="ana")[seg]] == ["Ver turno 4."]
    assert len(get_memos(project, "segment", [seg])[seg]) == 2
    assert _segment_view(project, seg, "ana").memo == "Ver turno 4."
    assert set_memo(project, "segment", seg, "ana", "  ") is None
    assert [m["author"] for m in get_memos(project, "segment", [seg])[seg]] == ["carlos"]
    with pytest.raises(AtlasQualError):
        set_memo(project, "segment", 9999, "ana", "x")
    with pytest.raises(AtlasQualError):
        set_memo(project, "gap", 1, "ana", "x")


def write_csv(path, rows, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def test_codings_csv_by_segment_id_imports_codes_by_name_or_path(two, tmp_path):
    project, segs, _ = two
    a = segs["a_inspector.txt"]
    path = write_csv(tmp_path / "c.csv", [["segment_id", "code", "coder"], [a[1], "Fortalezas", "ana"],
                                          [a[3], "Evaluación/Debilidades", "ana"], [a[3], "Weaknesses", "carlos"]])
    result = import_codings_csv(project, path)
    assert result.ok and (result.imported, result.duplicates) == (3, 0)
    assert {r.origin for r in codings_of(project)} == {"import"}
    again = import_codings_csv(project, path)
    assert (again.imported, again.duplicates) == (0, 3)


def test_codings_csv_by_file_name_and_turn_number_as_the_demo_writes_it(two, tmp_path):
    project, segs, _ = two
    path = write_csv(tmp_path / "c.csv", [["transcript", "segment", "code", "coder"],
                                          ["b_defensora.txt", "2", "Cambio en la coordinación/Aumento", "ana"],
                                          ["b_defensora.txt", "4", "MTESS", "ana"]], delimiter=";")
    result = import_codings_csv(project, path)
    assert result.ok and result.imported == 2
    assert [r.segment_id for r in codings_of(project)] == [segs["b_defensora.txt"][1], segs["b_defensora.txt"][3]]


def test_a_codings_file_with_bad_rows_imports_nothing_and_lists_every_row(two, tmp_path):
    project, _segs, _ = two
    path = write_csv(tmp_path / "malo.csv", [
        ["transcript", "segment", "code", "coder"],
        ["a_inspector.txt", "2", "Fortalezas", "ana"],  # good, but the file is all or nothing
        ["no_existe.txt", "1", "Fortalezas", "ana"],
        ["a_inspector.txt", "99", "Fortalezas", "ana"],
        ["a_inspector.txt", "2", "Debilidad", "ana"],
        ["a_inspector.txt", "x", "Fortalezas", "ana"],
        ["a_inspector.txt", "2", "Fortalezas", ""],
    ])
    result = import_codings_csv(project, path)
    assert not result.ok and result.imported == 0
    assert [e.row for e in result.errors] == [3, 4, 5, 6, 7]
    messages = result.messages("es")
    assert "malo.csv, fila 3" in messages[0] and "no_existe.txt" in messages[0]
    assert "tiene 4" in messages[1]
    assert "Evaluación/Debilidades" in messages[2]
    assert "todo o nada" in messages[-1]
    assert codings_of(project) == []


def test_segment_ids_from_another_project_are_caught_by_file_and_turn(two, tmp_path):
    project, segs, _ = two
    b = segs["b_defensora.txt"]
    path = write_csv(tmp_path / "otro.csv", [["segment_id", "code", "coder", "transcript", "segment"],
                                             [b[0], "Fortalezas", "ana", "a_inspector.txt", "2"]])
    result = import_codings_csv(project, path)
    assert not result.ok and "otro proyecto" in result.messages("es")[0]
    ok = write_csv(tmp_path / "ok.csv", [["segment_id", "code", "coder", "transcript", "segment"],
                                         ["", "Fortalezas", "ana", "a_inspector.txt", "2"]])
    assert import_codings_csv(project, ok).imported == 1
    assert codings_of(project)[0].segment_id == segs["a_inspector.txt"][1]


def test_a_codings_file_without_the_needed_columns_says_which_ones(two, tmp_path):
    project, _segs, _ = two
    path = write_csv(tmp_path / "c.csv", [["segmento", "codigo"], ["1", "A"]])
    with pytest.raises(AtlasQualError) as info:
        import_codings_csv(project, path)
    assert "segment_id,code,coder" in info.value.message("es")


def test_import_turns_a_pending_suggestion_into_the_coders_decision(two, tmp_path):
    project, segs, _ = two
    autocode_project(project, coder="ana")
    seg = segs["a_inspector.txt"][3]
    pending = _segment_view(project, seg, "ana").suggestions[0]
    code_path = code_index(project).get(pending.code_id).path
    result = import_codings_csv(project, write_csv(tmp_path / "c.csv", [["segment_id", "code", "coder"],
                                                                         [seg, code_path, "ana"]]))
    assert result.imported == 1
    assert codings_of(project, coder="ana", segment_id=seg, code_id=pending.code_id)[0][3:] == ("accepted", "import")


def test_export_csv_redacts_names_and_phones_and_reimports(two, tmp_path, project_path):
    project, segs, _ = two
    a = segs["a_inspector.txt"]
    apply_code(project, a[1], "Fortalezas", "ana")
    apply_code(project, a[3], "Debilidades", "carlos")
    out = tmp_path / "export.csv"
    assert export_codings_csv(project, out) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert list(rows[0])[:7] == ["segment_id", "code", "coder", "transcript", "segment", "speaker", "text"]
    first = rows[0]
    assert first["code"] == "Evaluación/Fortalezas" and first["transcript"] == "a_inspector.txt"
    assert first["segment"] == "2" and first["territory"] == "alto_parana" and first["dmop"] == "MAUEP"
    assert "0981" not in first["text"] and "[teléfono]" in first["text"]
    assert "Rosa" not in first["speaker"] and first["speaker"] == "INS-AP-01"
    raw = export_codings_csv(project, tmp_path / "raw.csv", redact=False)
    assert raw == 2 and "0981 123 456" in (tmp_path / "raw.csv").read_text(encoding="utf-8-sig")
    # the exported file is a codings file: into a fresh project with the same interviews it gives the same codings
    for row in codings_of(project):
        remove_code(project, row.segment_id, row.code_id, row.coder)
    result = import_codings_csv(project, out)
    assert result.ok and result.imported == 2
    assert sorted((r.segment_id, r.coder) for r in codings_of(project)) == [(a[1], "ana"), (a[3], "carlos")]


def test_rule_quality_scores_rules_against_a_coders_own_codings(two):
    project, segs, _ = two
    a = segs["a_inspector.txt"]
    apply_code(project, a[3], "Instituciones/MTESS", "ana")
    rows = rule_quality(project, "ana")
    mtess = {r["rule"]: r for r in rows if r["code"] == "Instituciones/MTESS"}
    assert mtess["lemma:inspector"]["hits"] == 1 and mtess["lemma:inspector"]["recall"] == 1.0
    assert mtess["*"]["relevant"] == 1
    assert {r["coder"] for r in rows} == {"ana"}
    assert all(r["suggested"] >= r["hits"] for r in rows)
    assert rule_quality(project, "nadie") == []


def test_cli_autocode_json_reports_suggestions_and_rule_quality(cli, two):
    project, segs, ids = two
    apply_code(project, segs["a_inspector.txt"][3], "Instituciones/MTESS", "ana")
    res = cli("autocode", "--project", project.name, "--transcript", ids["a_inspector.txt"], "--json")
    assert res.code == 0, res
    data = res.json()
    assert data["transcripts"] == 1 and data["segments"] == 4 and data["suggestions"] > 0
    assert "Instituciones/MTESS" in data["by_code"]
    assert any(r["code"] == "Instituciones/MTESS" and r["coder"] == "ana" for r in data["rules"])
    res = cli("autocode", "--project", project.name, "--transcript", 77)
    assert res.code == 1 and "#77" in res.err


def test_cli_codings_import_and_export(cli, two, tmp_path):
    project, segs, _ = two
    good = write_csv(tmp_path / "ok.csv", [["transcript", "segment", "code", "coder"],
                                           ["a_inspector.txt", 2, "Fortalezas", "ana"]])
    res = cli("codings", "import", good, "--project", project.name)
    assert res.code == 0 and "1" in res.out
    bad = write_csv(tmp_path / "bad.csv", [["transcript", "segment", "code", "coder"],
                                           ["a_inspector.txt", 2, "Nada", "ana"]])
    res = cli("codings", "import", bad, "--project", project.name, "--lang", "en")
    assert res.code == 1 and "bad.csv, row 2" in res.err and "all or nothing" in res.err
    out = tmp_path / "out.csv"
    res = cli("codings", "export", out, "--project", project.name, "--json")
    assert res.code == 0 and res.json() == {"file": str(out), "rows": 1, "redacted": True}


def test_excel_workbook_holds_codings_matrices_and_cooccurrence(two, tmp_path, cli):
    from openpyxl import load_workbook

    project, segs, _ = two
    a, b = segs["a_inspector.txt"], segs["b_defensora.txt"]
    apply_code(project, a[3], "Debilidades", "ana")
    apply_code(project, a[3], "Instituciones/MTESS", "ana")
    apply_code(project, b[3], "Debilidades", "ana")
    apply_code(project, a[1], "Fortalezas", "carlos")
    out = tmp_path / "analisis.xlsx"
    res = cli("export", "xlsx", out, "--project", project.name, "--json")
    assert res.code == 0, res
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Codificaciones" and "Coocurrencia" in wb.sheetnames
    codings = list(wb["Codificaciones"].iter_rows(values_only=True))
    assert codings[0][:3] == ("ID del segmento", "Código", "Codificador") and len(codings) == 5
    assert all("0981" not in str(row[6]) for row in codings)
    terr = list(wb["Código x Territorio"].iter_rows(values_only=True))
    header = terr[0]
    assert header[:3] == ("Código", "Alto Paraná: segmentos", "San Pedro: segmentos")
    weak = next(r for r in terr if r[0] == "Evaluación/Debilidades")
    assert weak[1:5] == (1, 1, 100.0, 100.0)
    co = {row[0]: row for row in wb["Coocurrencia"].iter_rows(values_only=True)}
    names = co["Código"]
    assert co["Evaluación/Debilidades"][names.index("Instituciones/MTESS")] == 1


def test_demo_steps_import_the_demo_codings_through_the_normal_import(project):
    from atlas_qual.demo import data_dir, demo_transcripts
    from atlas_qual.store.coding_io import demo_steps

    import_files(project, demo_transcripts(), manifest=data_dir() / "demo" / "manifest.csv")
    steps = dict(demo_steps(project, data_dir() / "demo"))
    assert list(steps) == ["codings", "autocode"]
    steps["codings"]()
    with project.session() as s:
        coders = dict(s.execute(select(Coding.coder, func.count()).group_by(Coding.coder)).all())
    assert set(coders) == {"ana.gimenez", "carlos.rojas"} and sum(coders.values()) > 300
