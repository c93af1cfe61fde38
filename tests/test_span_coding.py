"""Span coding in the coding page, in headless Chromium: a phrase selected with the mouse (after an emoji, so UTF-16
and code points differ) gets the code and `codings export` shows exactly that quote and offsets; Shift+arrows select
too; a selection across two turns is refused and codes nothing; a highlight can be removed and the removal undone;
the codings CSV round trip keeps spans (start/end within the turn)."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from atlas_qual.store.models import Coding, Segment

TURNS = [
    ("Entrevistadora", "¿Por qué faltan los chicos a la escuela?"),
    ("Docente", "Llegó 👍 el caso de Ñandutí: Por las ausencias. En época de cosecha los chicos trabajan."),
    ("Entrevistadora", "¿Y quién avisa?"),
    ("Docente", "Avisamos a la CODENI y a la fiscalía, pero tarda."),
]
PHRASE = "Por las ausencias. En época de cosecha"


def _write_interview(folder):
    path = folder / "escuela.txt"
    path.write_text("\n".join(f"{s}: {x}" for s, x in TURNS) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def span_server(tmp_path_factory):
    """A Voila server over a small project of its own: one interview with an emoji and accents."""
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project
    from atlas_qual.store.transcripts import import_files

    from conftest import VoilaServer

    folder = tmp_path_factory.mktemp("span")
    path = folder / "span.db"
    p = open_project(path, create=True)
    init_project(p)
    report = import_files(p, [_write_interview(folder)])
    assert not report.errors
    p.dispose()
    server = VoilaServer(path)
    yield server
    server.stop()


def _segment(project_path, ordinal):
    from atlas_qual.store import open_project

    p = open_project(project_path)
    try:
        with p.session() as s:
            seg = s.scalar(select(Segment).where(Segment.ordinal == ordinal))
            return seg.id, seg.start, seg.text
    finally:
        p.dispose()


def _codings(project_path, coder):
    from atlas_qual.store import open_project

    p = open_project(project_path)
    try:
        with p.session() as s:
            return s.execute(select(Coding.segment_id, Coding.start, Coding.end)
                             .where(Coding.coder == coder, Coding.status == "accepted")).all()
    finally:
        p.dispose()


def open_page(page, server, coder):
    page.goto(server.url("coding.ipynb", coder=coder, transcript=1))
    page.wait_for_selector("[data-testid=segment]", state="visible", timeout=120_000)


def drag(page, start_ordinal, start_text, end_ordinal, end_text):
    """Press the mouse on the first character of ``start_text`` in one turn and release it after the last one of
    ``end_text`` (the same turn or another): a real mouse selection."""
    box = page.evaluate("""([o1, t1, o2, t2]) => {
        const locate = (ord, phrase, end) => {
            const el = document.querySelector(`[data-testid=segment][data-ordinal="${ord}"] .aq-seg-text`);
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let full = "", nodes = [];
            while (walker.nextNode()) { nodes.push([walker.currentNode, full.length]); full += walker.currentNode.data; }
            const k = full.indexOf(phrase) + (end ? phrase.length - 1 : 0);
            for (const [n, o] of nodes) if (k >= o && k < o + n.data.length) {
                const r = document.createRange(); r.setStart(n, k - o); r.setEnd(n, k - o + 1);
                const rect = r.getClientRects()[0];
                return {x: end ? rect.right - 0.5 : rect.left + 0.5, y: rect.top + rect.height / 2};
            }
        };
        return [locate(o1, t1, false), locate(o2, t2, true)];
    }""", [start_ordinal, start_text, end_ordinal, end_text])
    (a, b) = box
    page.mouse.move(a["x"], a["y"])
    page.mouse.down()
    page.mouse.move((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2, steps=5)
    page.mouse.move(b["x"], b["y"], steps=5)
    page.mouse.up()


@pytest.mark.browser
def test_a_phrase_selected_with_the_mouse_is_coded_and_exported_with_that_quote_and_offsets(page, span_server,
                                                                                               tmp_path, cli):
    coder = "span.mouse"
    open_page(page, span_server, coder)
    drag(page, 2, PHRASE, 2, PHRASE)
    seg_id, seg_start, text = _segment(span_server.project, 2)
    a = text.index(PHRASE)  # code points: the emoji before the phrase is one, not two UTF-16 units
    b = a + len(PHRASE)
    target = page.locator("[data-testid=selection]")
    assert f"«{PHRASE}» (turno 2, {a}-{b})" in target.inner_text()
    page.fill("[data-testid=code-input]", "Temas/Trabajo infantil")
    page.click("[data-testid=apply]")
    status = page.locator("[data-testid=coding-status]")
    status.locator(".aq-notice").wait_for(timeout=30_000)
    assert status.inner_text() == f"'Temas/Trabajo infantil' aplicado a «{PHRASE}» (turno 2, {a}-{b})"
    highlighted = "".join(page.locator('[data-ordinal="2"] .aq-hl').all_inner_texts())
    assert highlighted == PHRASE
    assert page.locator('[data-ordinal="2"] .aq-hl').first.get_attribute("title") == "Temas/Trabajo infantil"
    assert _codings(span_server.project, coder) == [(seg_id, seg_start + a, seg_start + b)]

    out = tmp_path / "codings.csv"
    assert cli("codings", "export", str(out), "--project", str(span_server.project)).code == 0
    rows = [r for r in csv.DictReader(out.open(encoding="utf-8-sig")) if r["coder"] == coder]
    assert [(r["segment"], r["start"], r["end"], r["quote"]) for r in rows] == [("2", str(a), str(b), PHRASE)]
    assert rows[0]["text"] == text  # the whole turn beside the quote


@pytest.mark.browser
def test_a_selection_across_two_turns_is_refused_and_codes_nothing(page, span_server):
    coder = "span.cross"
    open_page(page, span_server, coder)
    drag(page, 3, "quién avisa", 4, "Avisamos a la CODENI")
    status = page.locator("[data-testid=coding-status]")
    status.locator(".aq-error").wait_for(timeout=30_000)
    assert "abarca dos turnos" in status.inner_text()
    assert "Selección" not in page.locator("[data-testid=selection]").inner_text()
    assert _codings(span_server.project, coder) == []


@pytest.mark.browser
def test_shift_arrows_select_and_a_highlight_can_be_removed_and_the_removal_undone(page, span_server):
    coder = "span.keys"
    open_page(page, span_server, coder)
    seg_id, seg_start, text = _segment(span_server.project, 4)
    turn = page.locator('[data-testid=segment][data-ordinal="4"]')
    turn.focus()
    for _ in range(8):
        page.keyboard.press("Shift+ArrowRight")
    assert f"«{text[:8]}» (turno 4, 0-8)" in page.locator("[data-testid=selection]").inner_text()
    page.fill("[data-testid=code-input]", "Instituciones/CODENI")
    page.click("[data-testid=apply]")
    page.locator('[data-ordinal="4"] .aq-hl').first.wait_for(timeout=30_000)
    assert _codings(span_server.project, coder) == [(seg_id, seg_start, seg_start + 8)]

    page.locator('[data-ordinal="4"] .aq-hl').first.click()  # a click on a highlight shows it, to change or remove
    page.click("[data-testid=remove-coding]")
    page.locator('[data-ordinal="4"] .aq-hl').first.wait_for(state="detached", timeout=30_000)
    assert _codings(span_server.project, coder) == []
    page.click("[data-testid=undo]")
    page.locator('[data-ordinal="4"] .aq-hl').first.wait_for(timeout=30_000)
    assert "Deshecho" in page.locator("[data-testid=coding-status]").inner_text()
    assert _codings(span_server.project, coder) == [(seg_id, seg_start, seg_start + 8)]


def test_codings_csv_round_trip_keeps_spans_within_the_turn(project, tmp_path, cli, project_path):
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.coding_io import export_codings_csv, import_codings_csv
    from atlas_qual.store.transcripts import import_files

    import_files(project, [_write_interview(tmp_path)])
    with project.session() as s:
        seg = s.scalar(select(Segment).where(Segment.ordinal == 2))
        seg_id, seg_start, text = seg.id, seg.start, seg.text
    a = text.index(PHRASE)
    apply_code(project, seg_id, "Temas/Trabajo infantil", "ana", start=seg_start + a, end=seg_start + a + len(PHRASE))
    apply_code(project, seg_id, "Evaluación/Debilidades", "ana")
    out = tmp_path / "out.csv"
    assert export_codings_csv(project, out) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    span = next(r for r in rows if r["code"] == "Temas/Trabajo infantil")
    whole = next(r for r in rows if r["code"] == "Evaluación/Debilidades")
    assert (span["start"], span["end"], span["quote"]) == (str(a), str(a + len(PHRASE)), PHRASE)
    assert (whole["start"], whole["end"], whole["quote"]) == ("", "", text)

    # into another coder's name: the same spans come back
    with out.open(encoding="utf-8-sig") as fh:
        data = fh.read().replace(",ana,", ",beto,")
    again = tmp_path / "beto.csv"
    again.write_text(data, encoding="utf-8")
    result = import_codings_csv(project, again)
    assert result.ok and result.imported == 2
    with project.session() as s:
        got = sorted(s.execute(select(Coding.start, Coding.end).where(Coding.coder == "beto")).all(),
                     key=lambda r: (r[0] is not None, r))
    assert got == [(None, None), (seg_start + a, seg_start + a + len(PHRASE))]


def test_a_span_outside_the_turn_is_one_row_error_naming_the_fix(project, tmp_path, cli, project_path):
    from atlas_qual.store.transcripts import import_files

    import_files(project, [_write_interview(tmp_path)])
    with project.session() as s:
        seg_id, length = s.execute(select(Segment.id, Segment.end - Segment.start).where(Segment.ordinal == 4)).one()
    bad = tmp_path / "bad.csv"
    bad.write_text(f"segment_id,code,coder,start,end\n{seg_id},Debilidades,ana,3,{length + 5}\n", encoding="utf-8")
    res = cli("codings", "import", str(bad), "--project", str(project_path))
    assert res.code == 1
    assert "bad.csv" in res.err and "fila 2" in res.err.lower() and f"(0-{length})" in res.err
    with project.session() as s:
        assert s.scalar(select(Coding.id).where(Coding.coder == "ana")) is None


def test_span_codings_survive_a_refi_qda_round_trip_in_place(project, tmp_path):
    """Exported to .qdpx and imported into a new project, a span keeps its exact characters (the emoji before it is
    one code point, as REFI-QDA counts)."""
    from atlas_qual.store import open_project
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.reference import init_project
    from atlas_qual.store.refi_io import export_qdpx, import_qdpx
    from atlas_qual.store.transcripts import import_files

    import_files(project, [_write_interview(tmp_path)])
    with project.session() as s:
        seg = s.scalar(select(Segment).where(Segment.ordinal == 2))
        seg_id, seg_start, text = seg.id, seg.start, seg.text
    a = seg_start + text.index(PHRASE)
    apply_code(project, seg_id, "Temas/Trabajo infantil", "ana", start=a, end=a + len(PHRASE))
    export_qdpx(project, tmp_path / "p.qdpx", redact=False)
    target = open_project(tmp_path / "copy.db", create=True)
    try:
        init_project(target)
        import_qdpx(target, tmp_path / "p.qdpx")
        with target.session() as s:
            from atlas_qual.store.models import Transcript

            rows = s.execute(select(Coding.start, Coding.end, Transcript.text, Segment.ordinal)
                             .join(Segment, Segment.id == Coding.segment_id)
                             .join(Transcript, Transcript.id == Segment.transcript_id)
                             .where(Coding.coder == "ana")).all()
        assert [(t[s:e], o) for s, e, t, o in rows] == [(PHRASE, 2)]
    finally:
        target.dispose()
