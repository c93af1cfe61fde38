"""Auto-coding suggests codes on what interviewees say, not on the interviewer's questions.

"¿Cómo funciona la derivación?" asked in every interview made every question a suggestion of Derivación, so the
"pending suggestions" filter listed every turn of every transcript (an evaluator's field test, round 6)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from atlas_qual.store.codebook import add_code, code_index
from atlas_qual.store.coding import AUTO_CODER, autocode_project
from atlas_qual.store.models import Coding, Segment
from atlas_qual.store.transcripts import import_files
from atlas_qual.transcripts.speakers import is_interviewer_label

WITH_NAMES = """Título: Derivación en Caaguazú
DMOP: CR
Territorio: Caaguazú
Entrevistadora: Ana Giménez
Entrevistada: Rosa Benítez
Seudónimo: CR-CAA-02

Ana: ¿Cómo funciona la derivación de casos en el distrito?
Rosa: La derivación funciona por teléfono con la CODENI.
Ana: ¿Y la fiscalía recibe las derivaciones?
Rosa: A veces derivamos a la fiscalía directamente.
"""
WITH_ROLES = """Título: Derivación en Concepción
DMOP: CR
Territorio: Concepción

P: ¿Quién decide la derivación?
R: Nadie, cada uno deriva como puede.
Entrevistador/a: ¿Hay un protocolo de derivación?
Entrevistado: No hay protocolo escrito para derivar.
"""


@pytest.fixture
def interviews(project, tmp_path):
    files = []
    for name, text in (("nombres.txt", WITH_NAMES), ("roles.txt", WITH_ROLES)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    assert not import_files(project, files).errors
    add_code(project, "Derivar casos", rules={"lemmas": ["derivación", "derivar"]})
    add_code(project, "Preguntas hechas", rules={"speakers": ["P", "Ana*"], "lemmas": ["derivación"]})
    return project


def suggested(project, code):
    code_id = code_index(project).resolve(code).id
    with project.session() as s:
        rows = s.execute(select(Segment.speaker, Segment.text).join(Coding, Coding.segment_id == Segment.id)
                         .where(Coding.code_id == code_id, Coding.coder == AUTO_CODER)).all()
    return sorted(rows)


def test_questions_get_no_suggestion_answers_do(interviews):
    autocode_project(interviews)
    rows = suggested(interviews, "Derivar casos")
    assert all(not text.startswith("¿") for _speaker, text in rows), rows
    texts = {text for _speaker, text in rows}
    assert {"La derivación funciona por teléfono con la CODENI.", "A veces derivamos a la fiscalía directamente.",
            "No hay protocolo escrito para derivar."} <= texts  # answers, under names and under role labels
    # a code whose rules name the interviewer's speaker label is still suggested on the questions it names
    asked = suggested(interviews, "Preguntas hechas")
    assert asked and all(text.startswith("¿") for _speaker, text in asked)


@pytest.mark.parametrize("label,interviewer,expected", [
    ("P", None, True), ("Pregunta 3", None, True), ("Entrevistadora", None, True), ("Entrevistador/a", None, True),
    ("Moderador", None, True), ("Interviewer", None, True), ("Ana", "Ana Giménez", True),
    ("Ana Giménez", "Ana Giménez", True), ("R", None, False), ("Entrevistada", None, False), ("Rosa", "Ana Giménez",
                                                                                                 False),
    ("Pedro", None, False), (None, None, False), ("E", None, False)])
def test_interviewer_labels(label, interviewer, expected):
    assert is_interviewer_label(label, interviewer) is expected
