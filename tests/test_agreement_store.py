"""Agreement over stored codings (equal to scikit-learn and the krippendorff package), reconciliation stored as the
consensus coder without touching the coders' codings, the report annex data, and `atlas-qual agreement`."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from atlas_qual.errors import AtlasQualError

FORTALEZAS, DEBILIDADES, DERIVACION = "Evaluación/Fortalezas", "Evaluación/Debilidades", "Procesos/Derivación"

INTERVIEW_MAUEP = """Título: Entrevista a inspectora de Alto Paraná
DMOP: MAUEP
Territorio: Alto Paraná
Institución: MTESS
Rol: inspectora de trabajo
Entrevistada: Rosa Benítez Ojeda
Seudónimo: INS-AP-01

Entrevistadora: ¿Qué funcionó mejor en el piloto?

Rosa Benítez: Lo mejor fueron las capacitaciones conjuntas con la fiscalía.

Entrevistadora: ¿Y qué faltó?

Rosa Benítez: Faltan inspectores y vehículos; para el seguimiento llámeme al 0981 123 456.

Entrevistadora: ¿Cómo derivan los casos?

Rosa Benítez: Con la ficha única mandamos el caso a la CODENI el mismo día.
"""

INTERVIEW_CR = """Título: Entrevista a consejera de San Pedro
DMOP: CR
Territorio: San Pedro
Institución: CODENI
Seudónimo: CON-SP-02

Entrevistador: ¿Qué sabe la comunidad del 147?

Consejera: Ahora más gente llama al 147 porque la radio comunitaria lo repite.

Entrevistador: ¿Qué dificultades ve?

Consejera: No tenemos movilidad para llegar a las compañías lejanas.
"""


def make_transcripts(project, tmp_path, texts: dict[str, str]) -> dict[str, list[dict]]:
    """Import each text as a .txt transcript; returns file name -> its segments (dicts with id, text, ...)."""
    from atlas_qual.store.transcripts import import_files, transcript_segments

    paths = []
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    report = import_files(project, paths)
    assert not report.errors, report.errors
    return {item.file.rsplit("/", 1)[-1]: transcript_segments(project, item.transcript_id) for item in report.imported}


def code(project, segment: dict, path: str, coder: str, **span) -> int:
    from atlas_qual.store.coding import apply_code

    return apply_code(project, segment["id"], path, coder, **span)


def two_coder_project(project, tmp_path) -> dict[str, list[dict]]:
    """Two interviews coded by ana.gimenez and carlos.rojas with a few disagreements (3 in the MAUEP interview, 1 in
    the CR one): a small, readable stand-in for a real evaluation."""
    segs = make_transcripts(project, tmp_path, {"mauep.txt": INTERVIEW_MAUEP, "cr.txt": INTERVIEW_CR})
    m, c = segs["mauep.txt"], segs["cr.txt"]
    for coder in ("ana.gimenez", "carlos.rojas"):
        code(project, m[1], FORTALEZAS, coder)  # agreed
        code(project, m[3], DEBILIDADES, coder)  # agreed
        code(project, c[1], FORTALEZAS, coder)  # agreed
    code(project, m[5], DERIVACION, "ana.gimenez")  # disagreement 1
    code(project, m[1], DERIVACION, "carlos.rojas")  # disagreement 2
    code(project, m[3], FORTALEZAS, "ana.gimenez")  # disagreement 3
    code(project, c[3], DEBILIDADES, "carlos.rojas")  # disagreement 4
    return segs


def coder_codings(project, coders=("ana.gimenez", "carlos.rojas")) -> list[tuple]:
    from sqlalchemy import select

    from atlas_qual.store.models import Coding

    with project.session() as s:
        return sorted(s.execute(select(Coding.id, Coding.segment_id, Coding.code_id, Coding.coder, Coding.status,
                                       Coding.start, Coding.end, Coding.guid)
                                .where(Coding.coder.in_(coders))).all())


def consensus_codings(project) -> list[tuple]:
    from sqlalchemy import select

    from atlas_qual.store.models import Coding

    with project.session() as s:
        return sorted(s.execute(select(Coding.segment_id, Coding.code_id, Coding.coder, Coding.status)
                                .where(Coding.coder.in_(("consenso", "consensus")))).all())


# --- values equal the independent implementations ------------------------------------------------------------


def test_stored_agreement_equals_sklearn_kappa_and_krippendorff_alpha_with_a_missing_coder(project, tmp_path):
    """Random codings by three coders, the third of whom coded only one of the two interviews (missing data)."""
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    from atlas_qual.store.agreement import agreement_for

    segs = make_transcripts(project, tmp_path, {"mauep.txt": INTERVIEW_MAUEP, "cr.txt": INTERVIEW_CR})
    units = segs["mauep.txt"] + segs["cr.txt"]
    codes = [FORTALEZAS, DEBILIDADES, DERIVACION]
    covers = {"ana.gimenez": units, "carlos.rojas": units, "luis.paredes": segs["mauep.txt"]}
    rng = random.Random(7)
    applied = {coder: set() for coder in covers}
    for coder, covered in covers.items():
        for seg in covered:
            for c in codes:
                if rng.random() < 0.35:
                    applied[coder].add((seg["id"], c))
        for part in (segs["mauep.txt"], segs["cr.txt"]):  # a coder covers a transcript by coding in it
            if any(s in covered for s in part) and not any(u == s["id"] for s in part for u, _ in applied[coder]):
                applied[coder].add((part[0]["id"], FORTALEZAS))
    for coder, pairs in applied.items():
        for seg_id, c in sorted(pairs):
            code(project, {"id": seg_id}, c, coder)

    unit_ids = [s["id"] for s in units]
    covered_ids = {coder: {s["id"] for s in covered} for coder, covered in covers.items()}

    def matrix(coders, c):
        return np.array([[(1.0 if (u, c) in applied[k] else 0.0) if u in covered_ids[k] else np.nan
                          for u in unit_ids] for k in coders])

    pair = agreement_for(project, ["ana.gimenez", "carlos.rojas"])
    trio = agreement_for(project, ["ana.gimenez", "carlos.rojas", "luis.paredes"])
    assert pair.units == trio.units == len(unit_ids)
    for c in codes:
        a, b = matrix(["ana.gimenez", "carlos.rojas"], c)
        assert pair.per_code[c].kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
        expected = krippendorff.alpha(reliability_data=matrix(list(covers), c), level_of_measurement="nominal")
        assert trio.per_code[c].alpha == pytest.approx(expected, abs=1e-12)
    pooled = np.concatenate([matrix(list(covers), c) for c in codes], axis=1)
    assert trio.krippendorff_alpha == pytest.approx(
        krippendorff.alpha(reliability_data=pooled, level_of_measurement="nominal"), abs=1e-12)
    pooled_pair = np.concatenate([matrix(["ana.gimenez", "carlos.rojas"], c) for c in codes], axis=1)
    assert pair.cohen_kappa == pytest.approx(cohen_kappa_score(pooled_pair[0], pooled_pair[1]), abs=1e-12)
    same = [all(((u, c) in applied["ana.gimenez"]) == ((u, c) in applied["carlos.rojas"]) for c in codes)
            for u in unit_ids]
    assert pair.percent_agreement == pytest.approx(sum(same) / len(same))


def test_demo_agreement_equals_the_krippendorff_package(demo_project):
    """The demo's two evaluators: stored figures equal the reference implementations on the same matrix."""
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    from atlas_qual.store import open_project
    from atlas_qual.store.agreement import agreement_data, agreement_for

    p = open_project(demo_project)
    try:
        coders = ["ana.gimenez", "carlos.rojas"]
        report = agreement_for(p, coders)
        triples, coverage = agreement_data(p, coders)
    finally:
        p.dispose()
    units = sorted(set(coverage["ana.gimenez"]) & set(coverage["carlos.rojas"]))
    assert report.units == len(units) > 50
    applied = {(u, k, c) for u, k, c in triples}
    codes = sorted(report.per_code)
    rows = [[float((u, k, c) in applied) for c in codes for u in units] for k in coders]
    assert report.krippendorff_alpha == pytest.approx(
        krippendorff.alpha(reliability_data=np.array(rows), level_of_measurement="nominal"), abs=1e-12)
    assert report.cohen_kappa == pytest.approx(cohen_kappa_score(rows[0], rows[1]), abs=1e-12)
    for c in codes[:5]:
        a = [float((u, "ana.gimenez", c) in applied) for u in units]
        b = [float((u, "carlos.rojas", c) in applied) for u in units]
        if report.per_code[c].kappa is not None:
            assert report.per_code[c].kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


# --- filters, names, errors ----------------------------------------------------------------------------------


def test_agreement_of_one_dmop_counts_only_its_interviews(project, tmp_path):
    from atlas_qual.store.agreement import agreement_for

    segs = two_coder_project(project, tmp_path)
    everything = agreement_for(project)
    mauep = agreement_for(project, dmop="MAUEP")
    cr = agreement_for(project, dmop="cr")
    assert everything.units == len(segs["mauep.txt"]) + len(segs["cr.txt"])
    assert (mauep.units, cr.units) == (len(segs["mauep.txt"]), len(segs["cr.txt"]))
    assert len(mauep.disagreements) == 3 and len(cr.disagreements) == 1
    assert agreement_for(project, territory="San Pedro").units == len(segs["cr.txt"])


def test_codes_are_named_as_people_type_them_and_an_unknown_code_is_a_clear_error(project, tmp_path):
    from atlas_qual.store.agreement import agreement_for

    two_coder_project(project, tmp_path)
    report = agreement_for(project, codes=["fortalezas", "Weaknesses"])
    assert list(report.per_code) == [FORTALEZAS, DEBILIDADES]
    with pytest.raises(AtlasQualError) as err:
        agreement_for(project, codes=["Presupuesto"])
    assert "Presupuesto" in err.value.message("en")


def test_the_consensus_coder_and_auto_suggestions_are_not_compared_by_default(project, tmp_path):
    from atlas_qual.store.agreement import agreement_for, human_coders, reconcile

    segs = two_coder_project(project, tmp_path)
    reconcile(project, segs["mauep.txt"][5]["id"], DERIVACION, True)
    code(project, segs["mauep.txt"][1], FORTALEZAS, "auto")
    assert agreement_for(project).coders == ("ana.gimenez", "carlos.rojas")
    assert [c["coder"] for c in human_coders(project)] == ["ana.gimenez", "carlos.rojas"]
    assert human_coders(project)[0]["transcripts"] == 2


# --- reconciliation ------------------------------------------------------------------------------------------


def test_disagreements_list_the_segment_text_redacted_with_who_applied_the_code(project, tmp_path):
    from atlas_qual.store.agreement import disagreements

    segs = two_coder_project(project, tmp_path)
    rows = disagreements(project, ["ana.gimenez", "carlos.rojas"])
    assert [(r.segment_id, r.code) for r in rows] == [
        (segs["mauep.txt"][1]["id"], DERIVACION), (segs["mauep.txt"][3]["id"], FORTALEZAS),
        (segs["mauep.txt"][5]["id"], DERIVACION), (segs["cr.txt"][3]["id"], DEBILIDADES)]
    phone = rows[1]
    assert phone.applied_by == ("ana.gimenez",) and phone.not_applied_by == ("carlos.rojas",)
    assert "0981 123 456" not in phone.text and "[teléfono]" in phone.text
    assert phone.speaker == "INS-AP-01" and "Rosa" not in phone.transcript + phone.text
    assert rows[0].decision is None
    english = disagreements(project, ["ana.gimenez", "carlos.rojas"], lang="en")
    assert english[0].code_label == "Processes/Referral" and "[phone]" in english[1].text


def test_reconciliation_is_stored_as_consenso_without_touching_the_coders_codings(project, tmp_path):
    from atlas_qual.store.agreement import agreement_for, clear_decision, disagreements, reconcile

    two_coder_project(project, tmp_path)
    before = coder_codings(project)
    figures = agreement_for(project).to_dict()
    rows = disagreements(project)
    assert reconcile(project, rows[0].segment_id, rows[0].code, apply=True) == "consenso"
    reconcile(project, rows[1].segment_id, rows[1].code, apply=False)
    assert coder_codings(project) == before
    assert agreement_for(project).to_dict() == figures
    decided = {(r.segment_id, r.code): r.decision for r in disagreements(project)}
    assert decided[(rows[0].segment_id, rows[0].code)] is True
    assert decided[(rows[1].segment_id, rows[1].code)] is False
    assert sum(d is None for d in decided.values()) == 2
    assert [(c[2], c[3]) for c in consensus_codings(project)] == [("consenso", "accepted"), ("consenso", "rejected")]

    reconcile(project, rows[0].segment_id, rows[0].code, apply=False)  # changing one's mind replaces the decision
    assert [c[3] for c in consensus_codings(project)] == ["rejected", "rejected"]
    assert clear_decision(project, rows[1].segment_id, rows[1].code) == 1
    assert len(consensus_codings(project)) == 1
    assert coder_codings(project) == before


def test_consensus_is_named_consensus_in_an_english_project(project, tmp_path):
    from atlas_qual.store.agreement import consensus_coder, disagreements, reconcile
    from atlas_qual.store.db import set_meta

    two_coder_project(project, tmp_path)
    set_meta(project, "lang", "en")
    row = disagreements(project)[0]
    assert consensus_coder(project) == "consensus"
    assert reconcile(project, row.segment_id, row.code, True) == "consensus"


def test_reconciling_an_unknown_segment_or_code_is_a_clear_error_and_stores_nothing(project, tmp_path):
    from atlas_qual.store.agreement import reconcile

    segs = two_coder_project(project, tmp_path)
    with pytest.raises(AtlasQualError) as err:
        reconcile(project, 999999, FORTALEZAS, True)
    assert "999999" in err.value.message("es")
    with pytest.raises(AtlasQualError):
        reconcile(project, segs["mauep.txt"][1]["id"], "No existe", True)
    assert consensus_codings(project) == []


def test_adopting_agreed_codings_copies_only_what_every_coder_applied(project, tmp_path):
    from atlas_qual.store.agreement import adopt_agreed, disagreements, reconcile

    segs = two_coder_project(project, tmp_path)
    row = disagreements(project)[0]
    reconcile(project, row.segment_id, row.code, False)
    assert adopt_agreed(project) == 3
    assert adopt_agreed(project) == 0  # already there
    accepted = {(seg, status) for seg, _code, _coder, status in consensus_codings(project)}
    assert (segs["mauep.txt"][1]["id"], "accepted") in accepted and (segs["cr.txt"][1]["id"], "accepted") in accepted
    assert (row.segment_id, "rejected") in accepted


# --- report annex data and CLI -------------------------------------------------------------------------------


def test_agreement_section_gives_the_annex_table_chart_and_counts_in_english(project, tmp_path):
    from atlas_qual.store.agreement import agreement_for, agreement_section, disagreements, reconcile

    two_coder_project(project, tmp_path)
    row = disagreements(project)[0]
    reconcile(project, row.segment_id, row.code, True)
    sec = agreement_section(project, "en")
    report = agreement_for(project)
    assert sec["header"][0] == "Code" and sec["header"][1:3] == ["κ", "α"]
    assert sec["rows"][0][:5] == ["Overall", report.cohen_kappa, report.krippendorff_alpha,
                                  report.percent_agreement, report.units]
    labels = [r[0] for r in sec["rows"][1:]]
    assert labels == ["Evaluation/Strengths", "Evaluation/Weaknesses", "Processes/Referral"]  # codebook order
    assert sec["chart"] == [(r[0], r[2]) for r in sec["rows"][1:] if r[2] is not None]
    assert (sec["disagreements"], sec["reconciled"]) == (4, 1)
    assert sec["per_code"][FORTALEZAS]["n"] == report.units and "segment" in sec["method"]
    spanish = agreement_section(project, "es", dmop="CR")
    assert spanish["rows"][0][0] == "General" and spanish["disagreements"] == 1
    assert any("Fortalezas" in r[0] for r in spanish["rows"])


def test_agreement_section_explains_why_figures_are_missing(project, tmp_path):
    from atlas_qual.store.agreement import agreement_section

    segs = make_transcripts(project, tmp_path, {"cr.txt": INTERVIEW_CR})
    code(project, segs["cr.txt"][1], FORTALEZAS, "ana.gimenez")
    sec = agreement_section(project, "en")
    assert sec["units"] == 0 and sec["rows"][0][2] is None
    assert any("two" in note for note in sec["notes"])


def test_cli_agreement_json_for_chosen_coders_and_codes(cli, project_path, tmp_path):
    from atlas_qual.store import open_project

    p = open_project(project_path)
    try:
        two_coder_project(p, tmp_path)
    finally:
        p.dispose()
    res = cli("agreement", "--coders", "ana.gimenez,carlos.rojas", "--code", "Fortalezas", "--code", "Derivación",
              "--json", "--project", project_path)
    assert res.code == 0, res
    data = res.json()
    assert set(data) >= {"units", "percent_agreement", "krippendorff_alpha", "per_code"}
    assert list(data["per_code"]) == [FORTALEZAS, DERIVACION]
    assert set(data["per_code"][FORTALEZAS]) >= {"kappa", "alpha", "n"}
    assert all(not (isinstance(v, float) and math.isnan(v)) for v in data["per_code"][FORTALEZAS].values())
    human = cli("agreement", "--lang", "en", "--project", project_path)
    assert human.code == 0 and "4 disagreements" in human.out
    bad = cli("agreement", "--coders", "ana.gimenez,nadie", "--project", project_path)
    assert bad.code == 1 and "nadie" in bad.err and bad.err.count("\n") == 1
