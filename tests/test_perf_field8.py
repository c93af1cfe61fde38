"""Speed-ups that must not change any output: the analyst API's quotes (turns checked in one batch, findings
remembered between frames), the search index built per import batch, language detection weighing each word once.
And the one gap the batch check had: street corners and schools carry no digit, and were left in quotes."""

from __future__ import annotations

import random
import uuid

import pytest
from sqlalchemy import select

from atlas_qual.nlp import _guarani_weight, _words, detect_language, language_scores
from atlas_qual.redaction import Redactor
from atlas_qual.store.models import SearchToken, Segment

NAMES = {"Graciela Benítez de Ocampo": "Docente CO-1", "Hugo Ramírez": ""}
TURNS = [
    "La inspección llegó tarde y Graciela Benítez firmó el acta.",
    "Vive en la calle Palma esq. Alberdi, frente a la plaza.",
    "La niña, alumna del séptimo grado de la Escuela Básica San Isidro Labrador, dejó de ir.",
    "Escribile a hugo.ramirez@example.org o llamá al 0981 123 456.",
    "Ko'ápe ndaipóri inspector ha umi mitã omba'apo kokuépe.",
    "la fiscalía pidió el acta firmada por el inspector antes de derivar el caso",
    "La Sra. Ocampo y el Dr. Ramírez no vinieron; cero nueve ocho uno dos tres cuatro cinco seis.",
    "mi facebook.com/hugo.ramirez.py y mi correo hugo arroba gmail punto com",
]


def _corpus(n: int = 300) -> list[str]:
    rng = random.Random(8)
    words = " ".join(TURNS).split()
    return TURNS + [" ".join(rng.choice(words) for _ in range(rng.randint(3, 40))) for _ in range(n)]


def test_batch_findings_are_the_findings_of_each_text():
    redactor = Redactor(NAMES)
    texts = _corpus()
    assert redactor.findings_many(texts) == [redactor.findings(t) for t in texts]
    assert redactor.findings_many([]) == []


def test_street_corners_and_schools_are_not_cleared_by_the_batch_check():
    redactor = Redactor()
    corner, school = TURNS[1], TURNS[2]
    assert redactor.findings(corner) and redactor.findings(school)  # what the full check hides, no digit in them
    assert redactor.may_need_findings([corner, school, "la fiscalía pidió el acta"]) == [True, True, False]
    assert [len(f) for f in redactor.findings_many([corner, school])] == [1, 1]


def _coded_project(path, names=NAMES) -> None:
    from atlas_qual.store import open_project
    from atlas_qual.store.models import Code, Coding, RedactionName, Transcript
    from atlas_qual.store.reference import init_project

    p = open_project(path, create=True)
    init_project(p)

    def fill(s):
        code = s.scalars(select(Code.id)).first()
        for name, replacement in names.items():
            s.add(RedactionName(name=name, replacement=replacement))
        text = "\n".join(TURNS)
        tr = Transcript(title="E1", filename="e1.txt", format="txt", sha256=uuid.uuid4().hex, text=text,
                        guid=str(uuid.uuid4()))
        s.add(tr)
        s.flush()
        pos = 0
        for k, turn in enumerate(TURNS):
            seg = Segment(transcript_id=tr.id, ordinal=k + 1, speaker="P", start=pos, end=pos + len(turn), text=turn)
            s.add(seg)
            s.flush()
            s.add(Coding(segment_id=seg.id, code_id=code, coder="ana", guid=str(uuid.uuid4())))  # the whole turn
            s.add(Coding(segment_id=seg.id, code_id=code, coder="ana", start=pos + 3, end=pos + 30,
                         guid=str(uuid.uuid4())))  # a span
            pos += len(turn) + 1
    p.write(fill)
    p.dispose()


def test_codings_quotes_hide_what_redact_hides_and_stay_the_same_on_the_next_call(tmp_path):
    import atlas_qual as aq

    path = tmp_path / "q.db"
    _coded_project(path)
    p = aq.open_project(path)
    first = p.codings()
    whole = first[first["whole_segment"]].sort_values("ordinal")["quote"].tolist()
    redactor = Redactor(NAMES)
    assert whole == [redactor.redact(t) for t in TURNS]
    assert not first["quote"].str.contains("Palma|Alberdi|San Isidro|Benítez|0981|example.org").any()
    assert "[dirección]" in whole[1] and "[escuela]" in whole[2]
    again = p.codings()  # findings remembered from the first call
    assert again["quote"].tolist() == first["quote"].tolist()
    assert aq.open_project(path).codings()["quote"].tolist() == first["quote"].tolist()  # a fresh session
    p.close()


def test_a_name_added_between_two_frames_is_hidden_in_the_second(tmp_path):
    import atlas_qual as aq
    from atlas_qual.store import open_project
    from atlas_qual.store.names import add_names

    path = tmp_path / "q.db"
    _coded_project(path, names={"Hugo Ramírez": ""})
    p = aq.open_project(path)
    assert p.codings()["quote"].str.contains("Graciela Benítez").any()
    store = open_project(path)
    add_names(store, ["Graciela Benítez de Ocampo"], replacement="Docente CO-1")
    store.dispose()
    quotes = p.codings()["quote"]  # the findings remembered for the old list are not used
    assert not quotes.str.contains("Benítez").any() and quotes.str.contains("Docente CO-1").any()
    p.close()


def _old_language_scores(text: str) -> dict[str, float]:
    """language_scores as it was: every word weighed in turn."""
    from atlas_qual.nlp import _EN_WORDS, _ES_WORDS

    words = _words(text or "")
    gn = es = en = 0.0
    for i, word in enumerate(words):
        g = _guarani_weight(word, words[i + 1] if i + 1 < len(words) else "")
        gn += g
        if g >= 1.0:
            continue
        if word in _ES_WORDS:
            es += 1
        elif word in _EN_WORDS:
            en += 1
        elif len(word) > 4 and word.endswith(("ción", "ciones", "mente", "dad", "dades")):
            es += 0.5
    return {"es": es, "en": en, "gn": gn, "words": float(len(words))}


@pytest.mark.parametrize("text", [*TURNS, "Ha sido difícil, ha hecho lo que pudo", "ha ha'e ha ndaipóri ha",
                                  "HA DICHO que ha", "ha", "", "Ko'ápe oĩ che ha nde, la gente ha visto"])
def test_language_detection_weighs_each_word_as_before(text):
    assert language_scores(text) == _old_language_scores(text)
    assert language_scores(text + " " + text) == _old_language_scores(text + " " + text)


def test_language_of_a_turn_still_depends_on_the_word_after_ha():
    assert detect_language("ha sido ha hecho ha tenido") == "es"
    assert detect_language("ha umi mitã ha ndaipóri") == "gn"


def _index_rows(project) -> list[tuple]:
    with project.session() as s:
        return [tuple(r) for r in s.execute(
            select(SearchToken.segment_id, SearchToken.transcript_id, SearchToken.position, SearchToken.term,
                   SearchToken.lemma, SearchToken.start, SearchToken.end).order_by(SearchToken.id))]


def _write_interviews(folder, count: int, words: int = 400) -> list:
    from benchmarks.bench_coding import generate_transcript

    files = []
    for i in range(count):
        path = folder / f"e{i:02d}.txt"
        path.write_text(generate_transcript(i, words=words), encoding="utf-8")
        files.append(path)
    return files


@pytest.mark.parametrize("rebuild", [True, False])
def test_a_batch_import_indexes_every_turn_as_one_by_one(project, tmp_path, monkeypatch, rebuild):
    from atlas_qual.store import search_index
    from atlas_qual.store.search_index import index_transcript, search
    from atlas_qual.store.transcripts import import_files

    # the batch either rebuilds the table's indexes around its insert or inserts into them
    monkeypatch.setattr(search_index, "REBUILD_SHARE", 0.0 if rebuild else 1e9)
    files = _write_interviews(tmp_path, 4)
    assert not import_files(project, files[:1]).errors
    report = import_files(project, files[1:])
    assert not report.errors
    batch = _index_rows(project)
    assert {r[1] for r in batch} == {i.transcript_id for i in report.imported} | {1}
    for tid in sorted({r[1] for r in batch}):  # the index as each transcript alone builds it
        project.write(lambda s, tid=tid: index_transcript(s, tid))
    alone = sorted(_index_rows(project))
    assert sorted(batch) == alone
    hits = search(project, "inspectores", redact=False).hits
    assert len({h.transcript_id for h in hits}) == 4
    if project.is_sqlite:  # the table's indexes are all there after the batch
        with project.session() as s:
            names = {r[0] for r in s.connection().exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'search_tokens'")}
        assert {"ix_search_tokens_term", "ix_search_tokens_lemma", "ix_search_tokens_segment",
                "ix_search_tokens_transcript"} <= names


def test_a_batch_transcript_is_found_by_search_right_after_import(project, tmp_path):
    from atlas_qual.store.search_index import search
    from atlas_qual.store.transcripts import import_files

    (tmp_path / "a.txt").write_text("Entrevistadora: ¿Qué pasó?\n\nRosa: Derivamos el caso a la fiscalía.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Entrevistadora: ¿Y luego?\n\nLiz: Las derivaciones a la Fiscalia tardan.\n", encoding="utf-8")
    report = import_files(project, [tmp_path / "a.txt", tmp_path / "b.txt"])
    with project.session() as s:
        held = s.scalar(select(SearchToken.id).limit(1))
    assert held is not None  # indexed by the import itself, not left to the first search
    hits = search(project, "fiscalía", redact=False).hits
    assert {h.transcript_id for h in hits} == {i.transcript_id for i in report.imported}
