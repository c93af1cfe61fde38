"""Undo and redo of a coder's coding actions, kept in the store: apply, remove, change, accept; per coder; only the
last 50; a new action drops what could be redone; it survives reopening the project (a page reload)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from atlas_qual.store.codebook import code_index
from atlas_qual.store.coding import (
    accept_suggestions,
    apply_code,
    apply_codes,
    autocode_project,
    change_coding,
    remove_code,
    remove_coding,
)
from atlas_qual.store.models import Coding, Segment
from atlas_qual.store.transcripts import import_files
from atlas_qual.store.undo import KEEP, history, redo, undo


@pytest.fixture
def segs(project, tmp_path):
    path = tmp_path / "e.txt"
    path.write_text("P: ¿Qué pasó con la derivación?\nR: La fiscalía recibió el caso del MTESS y tardó meses.\n"
                    "P: ¿Y ahora?\nR: Ahora hay un directorio con la CODENI.\n", encoding="utf-8")
    report = import_files(project, [path])
    assert not report.errors
    with project.session() as s:
        return [(sid, a, b) for sid, a, b in s.execute(select(Segment.id, Segment.start, Segment.end)
                                                       .order_by(Segment.ordinal))]


def state(project, coder):
    with project.session() as s:
        return sorted(s.execute(select(Coding.segment_id, Coding.code_id, Coding.start, Coding.end, Coding.status,
                                       Coding.guid).where(Coding.coder == coder)).all(), key=str)


def test_undo_of_an_apply_removes_the_coding_and_redo_brings_back_the_same_one(project, segs):
    sid, a, _b = segs[1]
    apply_code(project, sid, "Debilidades", "ana", start=a + 3, end=a + 11)
    applied = state(project, "ana")
    assert len(applied) == 1
    done = undo(project, "ana")
    assert done.kind == "apply" and done.segments == (sid,) and state(project, "ana") == []
    redo(project, "ana")
    assert state(project, "ana") == applied  # same span, same GUID
    assert history(project, "ana") == (1, 0)


def test_undo_of_a_removal_restores_the_coding(project, segs):
    sid = segs[1][0]
    cid = apply_code(project, sid, "Debilidades", "ana")
    before = state(project, "ana")
    remove_coding(project, cid, "ana")
    assert state(project, "ana") == []
    undo(project, "ana")
    assert state(project, "ana") == before
    remove_code(project, sid, "Debilidades", "ana")
    undo(project, "ana")
    assert state(project, "ana") == before


def test_undo_of_a_change_gives_the_old_code_back(project, segs):
    sid = segs[3][0]
    index = code_index(project)
    cid = apply_code(project, sid, "Debilidades", "ana")
    change_coding(project, cid, "Fortalezas", "ana")
    assert [r.code_id for r in state(project, "ana")] == [index.resolve("Fortalezas").id]
    done = undo(project, "ana")
    assert done.kind == "change"
    assert [r.code_id for r in state(project, "ana")] == [index.resolve("Debilidades").id]
    redo(project, "ana")
    assert [r.code_id for r in state(project, "ana")] == [index.resolve("Fortalezas").id]


def test_several_codes_applied_together_are_undone_together(project, segs):
    sid = segs[1][0]
    apply_codes(project, sid, ["Debilidades", "Procesos/Derivación"], "ana")
    assert len(state(project, "ana")) == 2
    undo(project, "ana")
    assert state(project, "ana") == []


def test_undo_of_an_accepted_suggestion_makes_it_pending_again(project, segs):
    autocode_project(project)
    with project.session() as s:
        sug = s.scalar(select(Coding.id).where(Coding.coder == "auto").order_by(Coding.id))
    accept_suggestions(project, [sug], "ana")
    assert [r.status for r in state(project, "ana")] == ["accepted"]
    undo(project, "ana")
    assert state(project, "ana") == []  # the shared suggestion is pending for ana again


def test_each_coder_undoes_only_their_own_actions(project, segs):
    sid = segs[1][0]
    apply_code(project, sid, "Debilidades", "ana")
    apply_code(project, sid, "Fortalezas", "carlos")
    undo(project, "ana")
    assert state(project, "ana") == [] and len(state(project, "carlos")) == 1
    assert undo(project, "ana") is None
    assert redo(project, "carlos") is None


def test_a_new_action_drops_the_redo_and_only_the_last_50_are_kept(project, segs):
    sid, a, _b = segs[1]
    for i in range(KEEP + 5):  # distinct spans: every apply is an action
        apply_code(project, sid, "Debilidades", "ana", start=a + i % 20, end=a + 21 + i // 20)
    assert history(project, "ana") == (KEEP, 0)
    undo(project, "ana")
    assert history(project, "ana") == (KEEP - 1, 1)
    apply_code(project, sid, "Fortalezas", "ana")
    assert history(project, "ana")[1] == 0


def test_undo_survives_reopening_the_project(project_path, segs, project):
    from atlas_qual.store import open_project

    sid = segs[1][0]
    apply_code(project, sid, "Debilidades", "ana")
    again = open_project(project_path)
    try:
        assert undo(again, "ana").kind == "apply"
        assert state(again, "ana") == []
    finally:
        again.dispose()


def test_the_page_undo_and_redo_buttons_restore_and_say_what(project, segs):
    from atlas_qual.widgets.coding import CodingApp

    with project.session() as s:
        tid = s.scalar(select(Segment.transcript_id))
    sid, _a, _b = segs[1]
    app = CodingApp(project, coder="ana", transcript_id=tid)
    assert app.reader.history == [0, 0]
    app.apply(["Procesos/Derivación"], sid, 3, 12)
    assert app.reader.history == [1, 0]
    turn = next(p for p in app.reader.segments if p["id"] == sid)
    assert [(c["a"], c["b"]) for c in turn["codings"]] == [(3, 12)]
    app.reader.act({"type": "undo"})
    assert "Deshecho: aplicar 'Procesos/Derivación' en el turno 2" == app.reader.status["text"]
    assert not next(p for p in app.reader.segments if p["id"] == sid)["codings"]
    assert app.reader.history == [0, 1]
    app.reader.act({"type": "redo"})
    assert [(c["a"], c["b"]) for c in next(p for p in app.reader.segments if p["id"] == sid)["codings"]] == [(3, 12)]
    app.reader.act({"type": "redo"})
    assert app.reader.status["text"] == "No hay nada que rehacer."
