"""The Body of Knowledge: importing practices with bad rows, editing and searching them, and which practices are
relevant to a gap (by links, by the DMOP chosen for it, by shared terms)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from atlas_qual import bok
from atlas_qual.errors import AtlasQualError
from atlas_qual.store import bok as store
from atlas_qual.store.gaps import RowErrors, import_gaps

HEADER = ["ref", "title", "summary", "title_en", "summary_en", "topics", "intervention", "evidence", "source", "gaps",
          "dmops"]


def write_csv(path: Path, rows: list[dict], header=HEADER) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def practice(ref, title, summary="", **kw) -> dict:
    return {"ref": ref, "title": title, "summary": summary, **kw}


@pytest.fixture
def gaps(project, tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text(
        "id,title,description\n"
        "G05,Poco conocimiento de los canales de denuncia,"
        "\"La población no conoce la línea 147 Fono Ayuda ni la línea 137 SOS Mujer para denunciar.\"\n"
        "G07,Número insuficiente de inspectores de trabajo,"
        "\"Muy pocos inspectores, sin vehículos ni combustible para llegar a zonas rurales.\"\n"
        "G19,Revictimización por entrevistas múltiples,"
        "\"La víctima es entrevistada por la policía, el inspector, la fiscalía y la CODENI.\"\n",
        encoding="utf-8")
    import_gaps(project, path)
    return project


@pytest.fixture
def library(gaps, tmp_path):
    rows = [
        practice("B1", "Campañas sobre las líneas de denuncia 147 y 137 en radios comunitarias",
                 "Difundir los canales de denuncia aumenta las denuncias recibidas.", topics="TI; trata",
                 intervention="sensibilización", evidence="moderada", source="Síntesis del BOK", dmops="CR"),
        practice("B2", "Más inspectores de trabajo con vehículo y viáticos",
                 "Aumentar la dotación de inspectores amplía la cobertura en zonas rurales.", topics="CL",
                 intervention="inspection", evidence="strong", source="USDOL 2018"),
        practice("B3", "Entrevista única de la víctima con anticipo de prueba",
                 "Una sola entrevista grabada evita la revictimización.", topics="HT", intervention="victim protection",
                 evidence="limited", gaps="G19"),
        practice("B4", "Albergues especializados en los departamentos", "Servicios para víctimas fuera de la capital.",
                 topics="FL; HT", intervention="protección de víctimas", evidence="limitada"),
    ]
    report = store.import_practices(gaps, write_csv(tmp_path / "bok.csv", rows))
    assert report.errors == []
    return gaps


# --- import -------------------------------------------------------------------------------------------------------


def test_import_keeps_good_rows_and_names_every_bad_row(project, tmp_path):
    rows = [
        practice("B1", "Ficha única de derivación", evidence="moderada", topics="TI"),
        practice("B2", "", evidence="moderate"),                                   # row 3: no title
        practice("B3", "Campaña 147", evidence="excelente"),                       # row 4: bad evidence
        practice("B4", "Ruta única", topics="TI; esclavitud", dmops="XYZ"),        # row 5: bad topic and DMOP
        practice("B1", "Otra con la misma ref"),                                   # row 6: duplicate ref
        practice("B6", "Mesa conjunta de plataformas", intervention="coordinación", dmops="ipacm"),
    ]
    report = store.import_practices(project, write_csv(tmp_path / "bok.csv", rows))

    assert report.added == ["B1", "B6"]
    by_row = {}
    for error in report.errors:
        by_row.setdefault(error.row, []).append(error.message)
    assert sorted(by_row) == [3, 4, 5, 6]
    assert "title" in " ".join(by_row[3])
    assert "excelente" in " ".join(by_row[4])
    assert "esclavitud" in " ".join(by_row[5]) and "XYZ" in " ".join(by_row[5])  # both problems of the row
    assert "2" in " ".join(by_row[6])  # points at the row that has the ref first
    assert all(str(e).startswith("bok.csv, fila") for e in report.errors)
    stored = {p.ref: p for p in store.list_practices(project)}
    assert sorted(stored) == ["B1", "B6"]
    assert stored["B1"].evidence == "moderate" and stored["B1"].topics == ("CL",)
    assert stored["B6"].dmop_ids == ("IPACM",) and stored["B6"].intervention == "coordination"


def test_import_all_or_nothing_writes_nothing_when_a_row_is_bad(project, tmp_path):
    rows = [practice("B1", "Ficha única"), practice("B2", "Campaña", evidence="muchísima")]
    with pytest.raises(RowErrors) as info:
        store.import_practices(project, write_csv(tmp_path / "bok.csv", rows), atomic=True)
    assert [e.row for e in info.value.errors] == [3]
    assert "muchísima" in info.value.message("es")
    assert store.practice_count(project) == 0


def test_import_excel_with_spanish_headers_and_reimport_updates(project, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Código", "Título", "Resumen", "Temas", "Tipo de intervención", "Evidencia", "Fuente", "Brechas"])
    sheet.append(["P-1", "Capacitación conjunta en Ñeembucú", "Simulacros con fiscalía", "trabajo forzoso",
                  "Capacitación", "Moderada", "OIT", "G03; G02"])
    sheet.append([None, "Registro único de casos", "", "HT", "datos", "", "", ""])
    path = tmp_path / "bok.xlsx"
    book.save(path)
    first = store.import_practices(project, path)
    assert first.added == ["P-1", "BOK-001"] and first.errors == []
    assert len(first.warnings) == 1 and "las brechas G03 y G02" in first.warnings[0]  # gaps not in the project yet, kept

    again = store.import_practices(project, path)  # same file: the row without ref matches by title
    assert again.added == [] and again.updated == ["P-1", "BOK-001"]
    p = store.get_practice(project, "p-1")
    assert p.title == "Capacitación conjunta en Ñeembucú" and p.topics == ("FL",) and p.gap_ids == ("G03", "G02")
    assert store.get_practice(project, "BOK-001").evidence == "none"  # blank: not assessed


def test_export_round_trips_through_csv_and_excel(library, tmp_path):
    before = store.list_practices(library)
    for name in ("out.csv", "out.xlsx"):
        path = tmp_path / name
        assert store.export_practices(library, path) == len(before)
        report = store.import_practices(library, path)
        assert report.errors == [] and report.added == [] and sorted(report.updated) == sorted(p.ref for p in before)
        assert store.list_practices(library) == before
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert "Albergues especializados en los departamentos" in text and "CL; HT" in text


def test_export_refuses_unknown_format(library, tmp_path):
    with pytest.raises(AtlasQualError) as info:
        store.export_practices(library, tmp_path / "bok.pdf")
    assert info.value.key == "bok_export_type"


# --- edit and search ----------------------------------------------------------------------------------------------


def test_search_ignores_accents_and_filters(library):
    assert [p.ref for p in store.list_practices(library, "VICTIMA")] == ["B3", "B4"]
    assert [p.ref for p in store.list_practices(library, topic="trata de personas")] == ["B1", "B3", "B4"]
    assert [p.ref for p in store.list_practices(library, evidence="limitada", intervention="protección de víctimas")
            ] == ["B3", "B4"]
    assert [p.ref for p in store.list_practices(library, "linea denuncia", dmop="cr")] == ["B1"]
    assert [p.ref for p in store.list_practices(library, gap="g19")] == ["B3"]


def test_save_practice_reports_every_problem_and_keeps_refs_unique(library):
    with pytest.raises(AtlasQualError) as info:
        store.save_practice(library, {"title": "", "evidence": "alta calidad", "topics": "otro"})
    text = info.value.message("en")
    assert "title" in text and "alta calidad" in text and "otro" in text
    created = store.save_practice(library, {"title": "Protocolo de retorno de derivaciones", "gaps": ["G05"]})
    assert created.ref == "BOK-001" and created.gap_ids == ("G05",)
    with pytest.raises(AtlasQualError) as clash:
        store.save_practice(library, {"ref": "B1", "title": "x"}, ref="BOK-001")
    assert clash.value.key == "bok_ref_taken"
    renamed = store.save_practice(library, {"ref": "B9", "title": "Protocolo de retorno", "evidence": "limited"},
                                  ref="BOK-001")
    assert renamed.ref == "B9" and store.get_practice(library, "B9").evidence == "limited"
    store.delete_practice(library, "B9")
    with pytest.raises(AtlasQualError):
        store.get_practice(library, "B9")


# --- relevance ----------------------------------------------------------------------------------------------------


def test_practice_linked_to_the_gap_comes_first(library):
    found = store.relevant_practices(library, "G19")
    assert found[0].practice.ref == "B3" and found[0].relevance.reason == "link"


def test_practice_sharing_terms_is_relevant_without_any_link(library):
    found = store.relevant_practices(library, "G05")
    assert [r.practice.ref for r in found][:1] == ["B1"]
    assert found[0].relevance.reason == "terms"
    assert {"denuncia", "línea"} <= set(found[0].relevance.shared)
    inspectors = store.relevant_practices(library, "G07")
    assert inspectors[0].practice.ref == "B2"  # "inspectores", "vehículo", "rurales" shared


def test_relevance_matches_words_across_inflections_and_accents():
    gap = bok.GapText("G10", "Falta de derivación de víctimas", "Las fiscalías no derivan los casos")
    practices = [bok.PracticeRow("A", "Protocolo para derivar casos a servicios sociales"),
                 bok.PracticeRow("B", "Publicación de estadísticas de condenas")]
    found = bok.relevant(gap, practices)
    assert [r.ref for r in found] == ["A"]
    assert "deriva" in bok.terms("derivación", "es") and bok.terms("derivar", "es") == bok.terms("DERIVACION", "es")


def test_shared_stop_words_alone_do_not_make_a_practice_relevant():
    gap = bok.GapText("G01", "La falta de los que son de la ruta")
    practices = [bok.PracticeRow("A", "Que los de la mesa son los que están")]
    assert bok.relevant(gap, practices) == []


def test_english_texts_are_compared_in_english():
    gap = bok.GapText("G05", "Canales poco conocidos", title_en="Little knowledge of complaint hotlines",
                      description_en="People do not know the 147 and 137 hotlines")
    practices = [bok.PracticeRow("A", "Campañas radiales", title_en="Radio campaigns on complaint hotlines"),
                 bok.PracticeRow("B", "Albergues", title_en="Shelters for adult victims")]
    found = bok.relevant(gap, practices)
    assert [r.ref for r in found] == ["A"] and found[0].lang == "en" and "hotline" in found[0].shared


def test_ranking_is_deterministic_with_ties_broken_by_evidence_then_ref():
    practices = [bok.PracticeRow("Z", "x", evidence="limited", gap_ids=("G1",)),
                 bok.PracticeRow("A", "y", evidence="limited", gap_ids=("G1",)),
                 bok.PracticeRow("M", "z", evidence="strong", gap_ids=("G1",))]
    terms = [{"es": ["ruta"]}] * 3
    order = [r.ref for r in bok.rank_relevance("G1", {"es": ["ruta"]}, practices, terms)]
    assert order == ["M", "A", "Z"]
    assert order == [r.ref for r in bok.rank_relevance("G1", {"es": ["ruta"]}, practices[::-1], terms)]


def test_unknown_gap_is_a_clear_error(library):
    with pytest.raises(AtlasQualError) as info:
        store.relevant_practices(library, "G99")
    assert "G99" in info.value.message("en")


def _shortlist(project, gap_ids, dmop):
    """A tiny finished gap workshop: two participants qualify and score the gaps, which are shortlisted."""
    from atlas_qual.store import workshop as ws

    created = ws.create_session(project, "Taller", gap_ids=gap_ids)
    people = [ws.join_session(project, created.code, name).token for name in ("ana", "beto")]
    ws.open_round(project, created.code, created.key, 1)
    for token in people:
        for gap in gap_ids:
            for key in ("C1", "C2", "C3"):
                ws.cast_vote(project, created.code, token, gap, key, "sí")
    ws.close_round(project, created.code, created.key, 1)
    ws.open_round(project, created.code, created.key, 2)
    for token in people:
        for n, gap in enumerate(gap_ids):
            for key in ("impact", "feasibility", "urgency"):
                ws.cast_vote(project, created.code, token, gap, key, 5 - n)
    ws.close_round(project, created.code, created.key, 2)
    ws.set_shortlist(project, created.code, created.key, [{"item": g, "dmop": dmop} for g in gap_ids])
    return created.code


def test_practice_linked_to_the_dmop_chosen_for_the_gap_is_relevant(library):
    _shortlist(library, ["G07"], "CR")
    found = store.relevant_practices(library, "G07")
    reasons = {r.practice.ref: r.relevance.reason for r in found}
    assert reasons["B1"] == "dmop"  # B1 is linked to CR, the DMOP the workshop named for G07
    assert [r.practice.ref for r in found][:2] == ["B1", "B2"]  # DMOP links before shared terms


def test_practices_for_shortlist_lists_the_practices_of_each_shortlisted_gap(library):
    code = _shortlist(library, ["G19", "G05"], "MAUEP")
    entries = store.practices_for_shortlist(library, code.lower())
    assert [e["gap"] for e in entries] == ["G19", "G05"]
    assert entries[0]["practices"][0]["ref"] == "B3" and entries[0]["practices"][0]["reason"] == "link"
    assert entries[1]["practices"][0]["ref"] == "B1"
    assert entries[1]["title"].startswith("Poco conocimiento")
    with pytest.raises(AtlasQualError):
        store.practices_for_shortlist(library, "ZZZZZZ")


def test_practices_html_escapes_practice_text(library):
    from atlas_qual.widgets.bok import practices_html

    store.save_practice(library, {"ref": "X1", "title": "<img src=x onerror=alert(1)> canales de denuncia 147",
                                  "gaps": "G05"})
    html = practices_html(library, "G05", "es")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "vinculada a la brecha" in html
    assert "Practices relevant to G05" in practices_html(library, "G05", "en")


def test_an_export_hides_the_names_in_entries_and_re_importing_it_keeps_them(library, tmp_path):
    """An entry written from an interview names the person who ran the practice: the exported file (to share with
    partners) shows a placeholder, and re-importing that file, as an analyst does after fixing an evidence grade,
    must not overwrite the library's text with the placeholder; what the analyst changed is taken."""
    from atlas_qual.store.names import add_names

    add_names(library, ["Ramona Villalba"])
    store.save_practice(library, {"ref": "B9", "title": "Acompañamiento de Ramona Villalba en Caaguazú",
                                  "summary": "Ramona Villalba acompañó a cada víctima a la fiscalía.",
                                  "evidence": "limitada"})
    stored = store.get_practice(library, "B9")
    path = tmp_path / "bok.csv"
    store.export_practices(library, path)
    text = path.read_text(encoding="utf-8")
    assert "Villalba" not in text and "Acompañamiento de" in text and "en Caaguazú" in text
    store.export_practices(library, tmp_path / "all.csv", redact=False)  # --no-redact: the team's own copy
    assert "Ramona Villalba" in (tmp_path / "all.csv").read_text(encoding="utf-8")

    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    for row in rows:
        if row["ref"] == "B9":
            row["evidence"] = "moderada"
            row["source"] = "Informe de Ramona Villalba 2025"
    write_csv(path, rows, header=list(rows[0]))
    report = store.import_practices(library, path)
    assert report.errors == []
    again = store.get_practice(library, "B9")
    assert (again.title, again.summary) == (stored.title, stored.summary)  # names kept, not "[nombre]"
    assert again.evidence == "moderate" and again.source == "Informe de Ramona Villalba 2025"
