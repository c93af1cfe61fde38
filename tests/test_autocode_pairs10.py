"""Auto-coding skips the interviewer's questions in "E:"/"I:" and "I:"/"R:" transcripts too (round 10).

"E" alone means nothing, and "I" is the informant beside an "E" (entrevistador/a - informante) but the interviewer
beside an "R" (interviewer - respondent): who asks is in the pair. A field evaluator's E:/I: transcripts got
suggestions on every question ("¿Cómo funciona la derivación?")."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from atlas_qual.store.codebook import add_code, code_index
from atlas_qual.store.coding import AUTO_CODER, autocode_project
from atlas_qual.store.models import Coding, Segment
from atlas_qual.store.transcripts import import_files

E_I = """Título: Derivación en Itapúa
DMOP: CR
Territorio: Itapúa

E: ¿Cómo funciona la derivación de casos en el distrito?
I: La derivación funciona por teléfono con la CODENI.
E: ¿Y la fiscalía recibe las derivaciones?
I: A veces derivamos a la fiscalía directamente.
"""
I_R = """Title: Referral in Itapúa
DMOP: CR
Territory: Itapúa

I: How does the referral of cases work in the district?
R: The referral works by phone with the CODENI.
I: Does the prosecutor's office take referrals?
R: Sometimes we refer straight to the prosecutor.
"""


@pytest.fixture
def interviews(project, tmp_path):
    files = []
    for name, text in (("e_i.txt", E_I), ("i_r.txt", I_R)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    assert not import_files(project, files).errors
    add_code(project, "Derivar casos", rules={"lemmas": ["derivación", "derivar", "referral", "refer"]})
    return project


def test_questions_in_letter_pairs_get_no_suggestion_answers_do(interviews):
    autocode_project(interviews)
    code_id = code_index(interviews).resolve("Derivar casos").id
    with interviews.session() as s:
        rows = s.execute(select(Segment.speaker, Segment.text).join(Coding, Coding.segment_id == Segment.id)
                         .where(Coding.code_id == code_id, Coding.coder == AUTO_CODER)).all()
    assert rows
    assert [text for _speaker, text in rows if text.startswith("¿") or text.endswith("?")] == []
    assert {speaker for speaker, _text in rows} == {"I", "R"}  # the informant's and the respondent's answers
