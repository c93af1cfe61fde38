"""The DMOP cycle after the pilot: recommendations drafted from codings, the learning workshop on the engine and the
decisions it records (course of action, endorsement with its votes), the refinement log, institutionalization plans,
indicators 5 and 6, the plan Word document, the cycle page and the demo."""

from __future__ import annotations

import datetime as dt

import pytest

from atlas_qual import cycle as core
from atlas_qual.errors import AtlasQualError, NotAuthorized
from atlas_qual.store import cycle
from atlas_qual.store import workshop as ws

TRANSCRIPT = """Título: Entrevista piloto MAUEP Ñeembucú
Fecha: 2025-04-02
Modalidad: presencial
DMOP: MAUEP
Territorio: Ñeembucú
Institución: MTESS
Rol: inspectora de trabajo
Entrevistadora: Laura Acosta
Entrevistada: Marta Villalba Ortiz
Seudónimo: INS-NEE-09

Laura Acosta: ¿Qué funcionó mejor en el piloto?

Marta Villalba Ortiz: Lo mejor fueron las capacitaciones conjuntas con la fiscalía en Pilar. Ahora sabemos a quién llamar; mi celular es el 0981 234 567 y la fiscal me escribe directamente cuando hay un caso de criadazgo.

Laura Acosta: ¿Qué recomendaría?

Marta Villalba Ortiz: Tres cosas. Primero, que haya un juez de turno para las órdenes de allanamiento urgentes. Segundo, un registro único de casos derivados para todas las instituciones. Si no, cada una sigue con su planilla. Y tercero, que Marta Villalba Ortiz no sea la única referente de inspección del departamento.

Laura Acosta: ¿Y la coordinación?

Marta Villalba Ortiz: La coordinación aumentó, sobre todo con la CODENI de Pilar y con la policía.
"""


@pytest.fixture
def evaluated(project, tmp_path):
    """A project with one MAUEP interview whose answers are coded as strength and recommendation."""
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.transcripts import import_files, transcript_segments

    path = tmp_path / "09_mauep_neembucu.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    report = import_files(project, [path])
    assert not report.errors, report.errors
    segments = transcript_segments(project, report.imported[0].transcript_id)
    by_start = {s["text"][:20]: s["id"] for s in segments}
    strength = next(i for k, i in by_start.items() if k.startswith("Lo mejor"))
    recommendation = next(i for k, i in by_start.items() if k.startswith("Tres cosas"))
    coordination = next(i for k, i in by_start.items() if k.startswith("La coordinación"))
    for coder in ("ana.gimenez", "carlos.rojas"):
        apply_code(project, strength, "Evaluación/Fortalezas", coder)
        apply_code(project, recommendation, "Evaluación/Recomendaciones", coder)
        apply_code(project, coordination, "Cambio en la coordinación/Aumento", coder)
    return project


def _run_learning_workshop(project, votes, scores=None, *, proposals=None):
    """Create the MAUEP learning workshop and run it as participants would on their pages: ``votes`` maps a
    participant to {item: yes/no}, ``scores`` to {item: priority}, ``proposals`` to {item: [responsible]}."""
    created = cycle.create_learning_workshop(project, "MAUEP")
    tokens = {name: ws.join_session(project, created.code, name).token for name in votes}
    ws.open_round(project, created.code, created.key, 1)
    for name, answers in votes.items():
        for item, yes in answers.items():
            detail = (proposals or {}).get(name, {}).get(item)
            ws.cast_vote(project, created.code, tokens[name], item, "endorse", yes, detail=detail)
    ws.close_round(project, created.code, created.key, 1)
    if scores:
        ws.open_round(project, created.code, created.key, 2)
        for name, answers in scores.items():
            for item, value in answers.items():
                ws.cast_vote(project, created.code, tokens[name], item, "priority", value)
        ws.close_round(project, created.code, created.key, 2)
    return created


# --- pure helpers -------------------------------------------------------------------------------------------------


def test_a_coded_answer_becomes_one_recommendation_per_sentence():
    text = ("Tres cosas. Primero, que haya más inspectores nombrados. Segundo, un registro compartido de casos. "
            "Si no, depende de personas. Y cuarto, capacitación continua para los fiscales. ¿Me explico?")
    assert core.split_recommendations(text) == ["Que haya más inspectores nombrados.",
                                                "Un registro compartido de casos.",
                                                "Capacitación continua para los fiscales."]


def test_the_same_recommendation_from_two_interviews_is_drafted_once_with_both_sources():
    segs = [core.SourceSegment(1, "Que haya un registro único de casos derivados.", "A", transcript_id=10),
            core.SourceSegment(2, "Necesitamos un registro único de casos derivados entre instituciones.", "B",
                               transcript_id=11),
            core.SourceSegment(3, "Que la campaña radial siga en guaraní todo el año.", "C", transcript_id=12)]
    drafts = core.draft_recommendations(segs, [core.ThemeSource(7, "Registro compartido de casos", (1, 2))])
    assert [d.source for d in drafts] == ["theme", "codings", "codings"]
    assert drafts[1].interviews == 2 and drafts[1].said_by == ("A", "B") and drafts[1].segment_ids == (1, 2)
    assert drafts[1].source_text() == "codings: segments 1, 2 (A, B)"


def test_versions_and_plan_actions_are_checked():
    assert core.next_version(["1.1", "2.0"]) == "2.1"
    with pytest.raises(AtlasQualError) as info:
        core.check_actions([{"action": "Aprobar", "start": "2026-05", "end": "2026-02"},
                            {"action": "", "start": "2026-13"}, {"action": "Difundir", "start": "mayo"}])
    message = info.value.message("es")
    assert "acción 1" in message and "acción 2" in message and "acción 3" in message and "mayo" in message


# --- recommendations --------------------------------------------------------------------------------------------


def test_recommendations_are_drafted_from_coded_segments_and_redacted(evaluated):
    recs = cycle.generate_recommendations(evaluated, "MAUEP")
    assert [r.ref for r in recs] == ["R01", "R02", "R03"]
    assert recs[0].text == "Que haya un juez de turno para las órdenes de allanamiento urgentes."
    assert recs[1].text == "Un registro único de casos derivados para todas las instituciones."
    assert "Marta" not in recs[2].text and "Villalba" not in recs[2].text  # the interviewee's name is redacted
    assert "INS-NEE-09" in recs[0].source
    again = cycle.generate_recommendations(evaluated, "MAUEP")  # two coders, one segment: nothing is doubled
    assert [r.ref for r in again] == ["R01", "R02", "R03"]


def test_a_theme_the_analyst_named_is_drafted_first_and_model_labels_are_not(evaluated):
    from sqlalchemy import select

    from atlas_qual.store.codebook import index_of
    from atlas_qual.store.models import Coding, Theme, ThemeAssignment, ThemeRun
    from atlas_qual.store.themes_store import rename_theme

    def _store(s):
        code = index_of(s).resolve("Evaluación/Recomendaciones")
        segment = s.scalar(select(Coding.segment_id).where(Coding.code_id == code.id))
        run = ThemeRun(code_id=code.id, filters={"dmop": "MAUEP"}, model="fixture", lang="es")
        s.add(run)
        s.flush()
        named = Theme(run_id=run.id, number=0, label="0_juez_turno_orden", terms=["juez", "turno"], size=1)
        unnamed = Theme(run_id=run.id, number=1, label="1_registro_caso", terms=["registro"], size=1)
        s.add_all([named, unnamed])
        s.flush()
        s.add_all([ThemeAssignment(theme_id=named.id, segment_id=segment),
                   ThemeAssignment(theme_id=unnamed.id, segment_id=segment)])
        return named.id

    theme_id = evaluated.write(_store)
    rename_theme(evaluated, theme_id, "Órdenes judiciales urgentes")
    recs = cycle.generate_recommendations(evaluated, "MAUEP")
    assert recs[0].text == "Órdenes judiciales urgentes" and recs[0].source.startswith(f"theme {theme_id}:")
    assert not any("registro_caso" in r.text for r in recs)
    assert len(recs) == 4  # the theme, then the three sentences of the coded answer


def test_facilitator_edits_recommendations_and_cannot_use_the_reserved_ref(evaluated):
    cycle.generate_recommendations(evaluated, "MAUEP")
    added = cycle.add_recommendation(evaluated, "mauep", "Capacitar a las CODENI de Ñeembucú en la ruta",
                                     responsible="MINNA")
    assert added.ref == "R04" and added.source == "facilitator"
    edited = cycle.edit_recommendation(evaluated, "MAUEP", "R02", text="Registro único de casos derivados",
                                       new_ref="R02b")
    assert edited.ref == "R02b" and edited.source.endswith("(edited)")
    with pytest.raises(AtlasQualError) as info:
        cycle.add_recommendation(evaluated, "MAUEP", "Votar", ref="endorse")
    assert info.value.key == "cycle_reserved_ref"
    with pytest.raises(AtlasQualError) as info:
        cycle.edit_recommendation(evaluated, "MAUEP", "R01", new_ref="R04")
    assert info.value.key == "cycle_rec_ref_taken"
    cycle.delete_recommendation(evaluated, "MAUEP", "R03")
    assert [r.ref for r in cycle.list_recommendations(evaluated, "MAUEP")] == ["R01", "R02b", "R04"]


# --- learning workshop --------------------------------------------------------------------------------------------


def test_learning_workshop_runs_on_the_engine_and_records_the_endorsement_with_its_votes(evaluated):
    cycle.generate_recommendations(evaluated, "MAUEP")
    votes = {"ana": {"R01": True, "R02": True, "R03": False, "ENDORSE": True},
             "beto": {"R01": True, "R02": False, "R03": False, "ENDORSE": True},
             "carla": {"R01": True, "R02": True, "R03": True, "ENDORSE": False}}
    scores = {"ana": {"R01": 5, "R02": 3, "ENDORSE": 4}, "beto": {"R01": 4, "R02": 2, "ENDORSE": 5},
              "carla": {"R01": 5, "R02": 4, "ENDORSE": 4}}
    proposals = {"ana": {"R01": ["PJ"], "R02": ["MINNA"]}, "beto": {"R01": ["pj", "MP"]},
                 "carla": {"R01": ["MP"], "R02": ["MINNA"]}}
    created = _run_learning_workshop(evaluated, votes, scores, proposals=proposals)
    setup = ws.session_setup(evaluated, created.code)
    assert setup.kind == "learning" and setup.dmop_id == "MAUEP"
    assert [i.ref for i in setup.items] == ["R01", "R02", "R03", "ENDORSE"]
    assert setup.config.gate_keys == ("endorse",) and setup.config.criterion_keys == ("priority",)

    with pytest.raises(NotAuthorized):
        cycle.record_learning_outcome(evaluated, created.code, "wrong key")
    recorded = cycle.record_learning_outcome(evaluated, created.code, created.key, date="2025-06-20")
    out = recorded.outcome
    assert [i.ref for i in out.course_of_action] == ["R01", "R02"]  # by priority: 4.67 then 3
    assert out.dmop_endorsed is True and out.endorsement.yes == 2 and out.endorsement.voters == 3

    recs = {r.ref: r for r in cycle.list_recommendations(evaluated, "MAUEP")}
    assert (recs["R01"].status, recs["R02"].status, recs["R03"].status) == ("endorsed", "endorsed", "rejected")
    assert recs["R01"].responsible == "MP; PJ" and recs["R02"].responsible == "MINNA"  # most proposed (tie: both)

    decisions = {d.kind: d for d in cycle.list_decisions(evaluated, "MAUEP")}
    endorsement = decisions["endorsement"]
    assert endorsement.outcome == "endorsed" and endorsement.session == created.code
    assert (endorsement.votes["yes"], endorsement.votes["no"], endorsement.votes["voters"]) == (2, 1, 3)
    assert endorsement.date == dt.date(2025, 6, 20)
    course = decisions["course_of_action"]
    items = {i["ref"]: i for i in course.votes["items"]}
    assert items["R01"]["yes"] == 3 and items["R01"]["priority"] == pytest.approx(14 / 3, abs=1e-5)
    assert items["R03"]["endorsed"] is False and "R01, R02" in course.outcome
    assert [p[0] for p in items["R01"]["proposals"]] == ["MP", "PJ"]

    again = cycle.record_learning_outcome(evaluated, created.code, created.key, course_of_action="Adoptar R01")
    assert (again.course_decision, again.endorsement_decision) == (recorded.course_decision,
                                                                  recorded.endorsement_decision)
    assert cycle.list_decisions(evaluated, "MAUEP", "course_of_action")[0].outcome == "Adoptar R01"


def test_a_dmop_the_majority_does_not_endorse_is_recorded_as_not_endorsed(evaluated):
    cycle.add_recommendation(evaluated, "MAUEP", "Ampliar la ruta a Boquerón con intérpretes")
    votes = {"ana": {"R01": True, "ENDORSE": False}, "beto": {"R01": True, "ENDORSE": False},
             "carla": {"R01": False, "ENDORSE": True}}
    created = _run_learning_workshop(evaluated, votes)
    recorded = cycle.record_learning_outcome(evaluated, created.code, created.key)
    assert recorded.outcome.dmop_endorsed is False
    decision = cycle.list_decisions(evaluated, "MAUEP", "endorsement")[0]
    assert decision.outcome == "not_endorsed" and decision.votes["yes"] == 1 and decision.votes["no"] == 2


def test_decisions_wait_for_the_endorsement_round_to_close(evaluated):
    cycle.add_recommendation(evaluated, "MAUEP", "Ampliar la ruta a Boquerón con intérpretes")
    created = cycle.create_learning_workshop(evaluated, "MAUEP")
    ws.open_round(evaluated, created.code, created.key, 1)
    with pytest.raises(AtlasQualError) as info:
        cycle.record_learning_outcome(evaluated, created.code, created.key)
    assert info.value.key == "cycle_gate_not_closed"
    assert cycle.list_decisions(evaluated) == []


def test_a_gap_session_is_not_a_learning_workshop(project, tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("id,title\nG01,Rutas\n", encoding="utf-8")
    created = ws.create_session(project, "Brechas", gaps_file=path)
    with pytest.raises(AtlasQualError) as info:
        cycle.learning_outcome(project, created.code)
    assert info.value.key == "cycle_not_learning"


# --- refinement, plans, phases, indicators ------------------------------------------------------------------------


def test_refinement_log_links_and_versions(evaluated):
    cycle.generate_recommendations(evaluated, "MAUEP")
    first = cycle.add_refinement(evaluated, "MAUEP", "Juez de turno en la ruta", "Demoras en los allanamientos",
                                 findings=["Demoras de semanas en Pilar"], recommendations=["r01"],
                                 date="2025-08-01")
    second = cycle.add_refinement(evaluated, "MAUEP", "Registro único digital", date="2025-09-01")
    assert (first.version, second.version) == ("1.1", "1.2")
    assert first.recommendations == ("R01",) and first.findings == ("Demoras de semanas en Pilar",)
    with pytest.raises(AtlasQualError) as info:
        cycle.add_refinement(evaluated, "MAUEP", "x", recommendations=["R99"])
    assert info.value.key == "cycle_unknown_recommendation"
    with pytest.raises(AtlasQualError) as info:
        cycle.add_refinement(evaluated, "MAUEP", "x", decisions=[999])
    assert info.value.key == "cycle_unknown_decision"
    with pytest.raises(AtlasQualError) as info:
        cycle.add_refinement(evaluated, "MAUEP", "x", version="1.2")
    assert info.value.key == "cycle_version_exists"
    edited = cycle.edit_refinement(evaluated, first.id, why="Demoras de semanas", recommendations=["R01", "R02"])
    assert edited.version == "1.1" and edited.recommendations == ("R01", "R02")
    assert [e.version for e in cycle.refinement_log(evaluated, "MAUEP")] == ["1.1", "1.2"]


def test_a_plan_names_bad_actions_and_resolves_institutions(project):
    with pytest.raises(AtlasQualError) as info:
        cycle.save_plan(project, "CR", actions=[{"action": "Difundir la línea 147", "institution": "Ministerio X"}])
    assert "Ministerio X" in info.value.message("es") and "acción 1" in info.value.message("es")
    plan = cycle.save_plan(project, "CR", actions=[
        {"action": "Difundir la línea 147 en radios", "institution": "Ministerio de la Niñez y la Adolescencia",
         "start": "03/2026", "end": "2026-09"}], resources="Presupuesto del MINNA")
    assert plan.actions[0].institution == "MINNA" and plan.actions[0].start == "2026-03"
    assert plan.title.startswith("Plan de institucionalización del DMOP CR")
    replaced = cycle.save_plan(project, "CR", plan_id=plan.id, status="submitted", date="2026-02-01",
                               actions=[{"action": "Difundir", "institution": "MINNA"}])
    assert replaced.id == plan.id and len(cycle.list_plans(project, "CR")) == 1
    assert ws.dmops(project)[[d["id"] for d in ws.dmops(project)].index("CR")]["phase"] == "sustainability_plan"


def test_indicators_5_and_6_count_hand_made_records(project):
    from atlas_qual.store.register import add_phase_change, indicators_for

    for dmop in ("MAUEP", "IPACM", "CR"):
        add_phase_change(project, dmop, "pilot", "2024-09-01")
    counts = cycle.cycle_counts(project)
    assert (counts.indicator_5.value, counts.indicator_6.value) == (0, 0)

    cycle.add_refinement(project, "MAUEP", "Ruta v2", date="2025-08-29")
    cycle.add_refinement(project, "MAUEP", "Ruta v3", date="2025-11-01")  # a second refinement: still one DMOP
    cycle.save_plan(project, "IPACM", actions=[{"action": "Resolución conjunta", "institution": "CONAETI"}],
                    date="2025-10-01")
    counts = cycle.cycle_counts(project)
    assert counts.indicator_5.value == 1 and counts.indicator_5.counted == ("MAUEP",)
    assert counts.indicator_6.value == 1 and counts.indicator_6.counted == ("IPACM",)
    assert dict(counts.refinements) == {"MAUEP": 2} and dict(counts.plans) == {"IPACM": 1}

    early = cycle.cycle_counts(project, as_of=dt.date(2025, 9, 15))
    assert (early.indicator_5.value, early.indicator_6.value) == (1, 0)  # the plan came later
    assert (cycle.cycle_counts(project, as_of=dt.date(2025, 1, 1)).indicator_5.value) == 0

    # the reports' indicators read the same records
    by_number = {i.number: i for i in indicators_for(project)}
    assert (by_number[5].value, by_number[6].value) == (1, 1)
    assert cycle.cycle_counts(project).to_dict("en")["indicator_5"]["counted"] == ["MAUEP"]


def test_refinement_never_moves_a_dmop_back_in_its_life_cycle(project):
    for phase, day in (("pilot", "2025-01-10"), ("evaluated", "2025-06-10"), ("sustainability_plan", "2025-11-10")):
        cycle.record_phase(project, "MAUEP", phase, date=day)  # institutionalized needs the phases before it
    cycle.record_phase(project, "MAUEP", "institutionalized", date="2026-01-10")
    cycle.add_refinement(project, "MAUEP", "Ajuste menor", date="2026-02-01")
    assert next(d for d in ws.dmops(project) if d["id"] == "MAUEP")["phase"] == "institutionalized"
    with pytest.raises(AtlasQualError) as info:
        cycle.record_phase(project, "MAUEP", "escalado")
    assert info.value.key == "cycle_unknown_phase"
    assert cycle.record_phase(project, "CR", "piloto", date="2025-01-01") == "pilot"  # Spanish names work too


# --- the plan document ------------------------------------------------------------------------------------------


@pytest.fixture
def planned(evaluated):
    from atlas_qual.store.bok import save_practice

    cycle.generate_recommendations(evaluated, "MAUEP")
    created = _run_learning_workshop(
        evaluated, {"ana": {"R01": True, "R02": True, "R03": True, "ENDORSE": True},
                    "beto": {"R01": True, "R02": True, "R03": False, "ENDORSE": True}},
        {"ana": {"R01": 5, "R02": 4, "ENDORSE": 5}, "beto": {"R01": 5, "R02": 3, "ENDORSE": 4}})
    recorded = cycle.record_learning_outcome(evaluated, created.code, created.key, date="2025-06-20",
                                             course_of_action="Adoptar la ruta con juez de turno en Ñeembucú")
    cycle.add_refinement(evaluated, "MAUEP", "Versión 2.0: juez de turno y registro único",
                         "Demoras señaladas por Marta Villalba Ortiz", recommendations=["R01", "R02"],
                         decisions=[recorded.course_decision], version="2.0", date="2025-08-29")
    cycle.save_plan(evaluated, "MAUEP", actions=[
        {"action": "Aprobar la ruta por resolución conjunta", "institution": "MTESS", "start": "2026-06",
         "end": "2026-08"},
        {"action": "Protocolo de allanamientos urgentes con la Corte", "institution": "PJ", "start": "2026-07",
         "end": "2026-10"}], resources="Presupuesto 2027 para movilidad en Ñeembucú")
    save_practice(evaluated, {"ref": "BOK-07", "title": "Entrevista única de la víctima", "evidence": "moderada",
                              "dmops": "MAUEP", "source": "Síntesis del BOK"})
    return evaluated


def _docx(path):
    import docx

    from atlas_qual.reports.docx_build import document_text

    doc = docx.Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    return doc, headings, document_text(doc)


def test_plan_document_has_the_sections_tables_and_accents_and_no_personal_data(planned, tmp_path):
    path = cycle.write_plan(planned, "MAUEP", tmp_path / "plan.docx", lang="es")
    doc, headings, text = _docx(path)
    for heading in ("Resumen", "El modelo refinado", "La evidencia", "Taller de aprendizaje",
                    "Prácticas del cuerpo de conocimiento", "Acciones, responsables y cronograma", "Recursos",
                    "Lo que mostraron los territorios piloto", "Decisión solicitada"):
        assert heading in headings
    assert "{{" not in text and "{%" not in text and "}}" not in text
    assert "Marta" not in text and "Villalba" not in text and "0981" not in text  # name and phone redacted
    assert "INS-NEE-09" in text  # the quote's pseudonym is there instead
    assert "respaldó el DMOP MAUEP para su institucionalización con 2 de 2 votos" in text
    assert "Ñeembucú" in text and "institucionalización" in text
    tables = {t.rows[0].cells[0].text: t for t in doc.tables}
    actions = next(t for t in doc.tables if t.rows[0].cells[1].text == "Acción")
    assert [r.cells[2].text for r in actions.rows[1:]] == ["MTESS", "PJ"]
    assert actions.rows[1].cells[3].text == "junio\u00a0de\u00a02026"  # the month as the reader says it, on one line
    recs = next(t for t in doc.tables if t.rows[0].cells[1].text == "Recomendación")
    assert [r.cells[0].text for r in recs.rows[1:]] == ["R01", "R02", "R03"]
    assert recs.rows[1].cells[2].text == "respaldada" and recs.rows[3].cells[2].text == "rechazada"
    assert "BOK-07" in [r.cells[0].text for t in doc.tables for r in t.rows]
    assert any(k in tables for k in ("Versión",))


def test_plan_document_in_english_and_without_a_template_file(planned, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_QUAL_TEMPLATES", str(tmp_path / "no-templates"))
    path = cycle.write_plan(planned, "MAUEP", tmp_path / "plan_en.docx", lang="en")
    _doc, headings, text = _docx(path)
    assert {"Summary", "The refined model", "Actions, responsible institutions and timeline",
            "What the pilot territories showed", "Decision requested"} <= set(headings)
    assert "endorsed DMOP MAUEP for institutionalization with 2 of 2 votes" in text
    # the default title ("Institutionalization plan of DMOP MAUEP: ...") only repeats the cover's kind and title:
    # the subtitle says what the plan is for instead, in the report's language
    assert "Institutionalization plan of DMOP MAUEP" not in text and "Plan de institucionalización" not in text
    assert "Sustainability plan submitted to the authorities for approval" in text
    assert "{{" not in text and "Villalba" not in text


def test_plan_document_of_a_dmop_with_nothing_recorded_says_so(project, tmp_path):
    _doc, headings, text = _docx(cycle.write_plan(project, "IPACM", tmp_path / "p.docx", lang="es"))
    assert "Decisión solicitada" in headings
    assert "Todavía no se registró ningún refinamiento del DMOP IPACM" in text
    assert "El plan todavía no tiene acciones" in text and "{{" not in text


# --- the page -------------------------------------------------------------------------------------------------------


def test_cycle_page_drafts_runs_records_refines_and_builds_the_document(evaluated):
    from atlas_qual.widgets.cycle import CycleApp

    app = CycleApp(evaluated, dmop="MAUEP")
    app._generate.click()
    assert "R03" in app._recs.value and "cycle-generated" in app._rec_msg.value
    app._rec_pick.value = "R02"
    app._rec_responsible.value = "MINNA"
    app._rec_save.click()
    assert cycle.list_recommendations(evaluated, "MAUEP")[1].responsible == "MINNA"

    app._create.click()
    code = app.session
    assert code and "cycle-created" in app._created.value and app._key.value
    key = app._key.value
    tokens = [ws.join_session(evaluated, code, n).token for n in ("ana", "beto")]
    ws.open_round(evaluated, code, key, 1)
    for token in tokens:
        for item in ("R01", "R02", "R03", "ENDORSE"):
            ws.cast_vote(evaluated, code, token, item, "endorse", item != "R03")
    ws.close_round(evaluated, code, key, 1)
    app._record.click()
    assert "cycle-recorded" in app._outcome.value and "respaldado para su institucionalización" in \
        app._decisions.value

    app._change.value = "Juez de turno en la ruta"
    app._link_recs.value = ("R01",)
    app._refine.click()
    assert "cycle-refined" in app._refine_msg.value and "Juez de turno" in app._log.value
    app._actions.value = "Aprobar la ruta | MTESS | 2026-06 | 2026-08\nDifundir la ruta | Ministerio Público"
    app._plan_save.click()
    assert "cycle-plan-saved" in app._plan_msg.value
    assert cycle.get_plan(evaluated, "MAUEP").actions[1].institution == "MP"
    assert "(MAUEP)" in app._counts.value
    app._doc_lang.value = "en"
    app._doc_button.click()
    assert 'download="plan_MAUEP_en.docx"' in app._doc_out.value


def test_cycle_page_shows_errors_and_escapes_user_text(evaluated):
    from atlas_qual.widgets.cycle import CycleApp

    app = CycleApp(evaluated, dmop="MAUEP", lang="en")
    app._rec_text.value = "<script>alert(1)</script> capacitar"
    app._rec_save.click()
    assert "<script>" not in app._recs.value and "&lt;script&gt;" in app._recs.value
    app._record.click()
    assert "Choose a learning workshop first" in app._outcome.value
    app._actions.value = "Aprobar | Ministerio X"
    app._plan_save.click()
    assert "aq-error" in app._plan_msg.value and "Ministerio X" in app._plan_msg.value
    app.lang = "es"
    assert "Recomendaciones" in app._tabs.get_title(0)


# --- the demo -------------------------------------------------------------------------------------------------------


def test_demo_has_a_body_of_knowledge_and_a_finished_learning_cycle(demo_project):
    from atlas_qual.store import open_project
    from atlas_qual.store.bok import list_practices

    project = open_project(demo_project)
    try:
        practices = list_practices(project)
        assert 15 <= len(practices) <= 25
        assert any("moderate evidence that increased access to referral mechanisms" in p.summary_en
                   for p in practices)
        sessions = cycle.learning_sessions(project, "MAUEP")
        assert len(sessions) == 1 and sessions[0]["status"] == "finished" and sessions[0]["recorded"]
        endorsement = cycle.list_decisions(project, "MAUEP", "endorsement")[0]
        assert endorsement.outcome == "endorsed" and endorsement.votes["voters"] == 13
        log = cycle.refinement_log(project, "MAUEP")
        assert len(log) == 1 and log[0].decisions and log[0].recommendations
        assert cycle.get_plan(project, "MAUEP").status == "draft"
        counts = cycle.cycle_counts(project)
        assert "MAUEP" in counts.indicator_5.counted and counts.indicator_6.counted == ("MAUEP",)
    finally:
        project.dispose()
