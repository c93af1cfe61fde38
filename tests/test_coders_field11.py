"""Two evaluators field-testing the coding and agreement workflow (round 11): ana on a laptop, carlos on a phone, the
same interviews, a subcode only ana knew, carlos's work coming back from another tool or a spreadsheet.

What broke and is checked here:
* a code one coder never applied showed "κ 0,00 · α -0,09" with no word of why (it reads as "they disagree"); the
  page now shows "—", leaves it out of the chart and names the coder; the CLI and --json say so too;
* the page gave the figures without saying how to read them; now one sentence with Krippendorff's thresholds;
* `atlas-qual agreement` said "91 desacuerdos para conciliar" after 10 were reconciled;
* a .qdpx from ATLAS.ti / NVivo naming the user "Carlos Rojas" made a third coder beside carlos.rojas (kappa gone,
  alpha changed); it now joins carlos.rojas with a warning, as the codings CSV import already did;
* a codings CSV with the coder misspelled on 67 rows printed the same error 67 times; now one line naming the rows;
* keyboard coding: Ctrl+Shift+→ stopped inside "días" (\\w is a-z only), Enter on a turn dropped the words selected
  with Shift+arrows and the code box was only reachable by Shift+Tab over every turn above; after applying, Tab
  started again from the toolbar.
"""

from __future__ import annotations

import zipfile

import pytest
from test_agreement_app import app, text_of
from test_agreement_store import FORTALEZAS, INTERVIEW_MAUEP, code, make_transcripts, two_coder_project

ANA, CARLOS = "ana.gimenez", "carlos.rojas"
RECURSOS = "Evaluación/Debilidades/Recursos"


def _subcode_only_ana_knew(project, tmp_path):
    from atlas_qual.store.codebook import add_code

    segs = two_coder_project(project, tmp_path)
    add_code(project, "Recursos", parent="Evaluación/Debilidades", name_en="Resources")
    m = segs["mauep.txt"]
    code(project, m[3], RECURSOS, ANA)
    code(project, m[5], RECURSOS, ANA)
    return segs


def test_a_code_one_coder_never_applied_is_named_not_shown_as_kappa_zero(project, tmp_path, cli, project_path):
    from atlas_qual.store.agreement import agreement_for

    _subcode_only_ana_knew(project, tmp_path)
    stats = agreement_for(project).per_code[RECURSOS]
    assert stats.kappa == 0.0 and stats.unused_by == (CARLOS,)  # the figure stays what sklearn gives
    assert agreement_for(project).per_code[FORTALEZAS].unused_by == ()

    w = app(project)
    summary = w._summary.value
    said = text_of(summary[summary.index("data-testid='figures-note'"):summary.index("<table")])
    assert "Evaluación/Debilidades/Recursos: carlos.rojas no aplicó este código en ningún segmento" in said
    row = next(r for r in summary.split("<tr")[1:] if "Recursos" in r)
    assert "0,00" not in row and "—" in row
    chart = summary[summary.index("<svg"):]
    assert "Recursos" not in chart  # no bar "at -0,09" that reads as disagreement

    res = cli("agreement", "--project", project_path)
    assert res.code == 0
    assert "carlos.rojas no aplicó este código en ningún segmento" in res.out
    res = cli("agreement", "--json", "--project", project_path)
    assert res.json()["per_code"][RECURSOS]["unused_by"] == [CARLOS]


def test_agreement_in_english_names_the_codes_in_english(project, tmp_path, cli, project_path):
    """`atlas-qual agreement --lang en` printed "Evaluación/Debilidades/Recursos" beside English sentences."""
    _subcode_only_ana_knew(project, tmp_path)
    res = cli("agreement", "--lang", "en", "--project", project_path)
    assert res.code == 0
    lines = [line for line in res.out.splitlines() if "Resources" in line]
    assert lines and not any("Evaluación" in line or "Recursos" in line for line in lines), res.out
    assert RECURSOS in cli("agreement", "--lang", "en", "--json", "--project", project_path).json()["per_code"]


def test_the_page_says_in_spanish_how_to_read_kappa_and_alpha(project, tmp_path):
    two_coder_project(project, tmp_path)
    reading = text_of(app(project)._summary.value)
    assert "Cómo leer κ (kappa) y α (alfa)" in reading
    assert "0,80" in reading and "0,67" in reading and "azar" in reading
    assert "0.80" in text_of(app(project, lang="en")._summary.value)


def test_the_cli_says_how_many_disagreements_are_already_reconciled(project, tmp_path, cli, project_path):
    from atlas_qual.store.agreement import disagreements, reconcile

    two_coder_project(project, tmp_path)
    first = disagreements(project)[0]
    reconcile(project, first.segment_id, first.code, True)
    res = cli("agreement", "--project", project_path)
    assert res.code == 0
    assert "4 desacuerdos (segmento, código) para conciliar" in res.out
    assert "Conciliados hasta ahora: 1 de 4." in res.out
    one = cli("agreement", "--coders", ANA, "--project", project_path)
    assert "–" not in one.out and "kappa de Cohen: —" in one.out  # one dash for every undefined figure


def _as_another_tool(src, dst, user: str) -> None:
    """carlos's codings in a .qdpx as ATLAS.ti would give them back: the user renamed with a new GUID, codes with
    new GUIDs and other capitals and accents, no atlas-qual details."""
    import uuid

    from lxml import etree

    ns = "{urn:QDA-XML:project:1.0}"
    with zipfile.ZipFile(src) as z:
        doc = etree.fromstring(z.read("project.qde"))
        files = {n: z.read(n) for n in z.namelist() if n.startswith("sources/")}
    new = {}
    for u in list(doc.iter(f"{ns}User")):
        if u.get("name") != CARLOS:
            u.getparent().remove(u)
        else:
            new[u.get("guid")] = str(uuid.uuid4()).upper()
            u.set("name", user)
            u.set("guid", new[u.get("guid")])
    for c in doc.iter(f"{ns}Code"):
        if c.get("name") == "Fortalezas":
            c.set("name", "FORTALEZAS")
        elif c.get("name") == "Evaluación":
            c.set("name", "evaluacion")
    for sel in list(doc.iter(f"{ns}PlainTextSelection")):
        for coding in sel.findall(f"{ns}Coding"):
            if coding.get("creatingUser") not in new:
                sel.remove(coding)
        if not sel.findall(f"{ns}Coding"):
            sel.getparent().remove(sel)
    for el in doc.iter():
        for attr in ("creatingUser", "modifyingUser"):
            if el.get(attr) in new:
                el.set(attr, new[el.get(attr)])
    with zipfile.ZipFile(dst, "w") as z:
        z.writestr("project.qde", etree.tostring(doc, xml_declaration=True, encoding="utf-8"))
        for name, data in files.items():
            z.writestr(name, data)


def test_a_qdpx_user_named_like_a_coder_of_the_project_joins_that_coder(project, tmp_path, cli, project_path):
    from atlas_qual.store.agreement import agreement_for
    from atlas_qual.store.coding import list_coders
    from atlas_qual.store.refi_io import export_qdpx

    segs = make_transcripts(project, tmp_path, {"mauep.txt": INTERVIEW_MAUEP})["mauep.txt"]
    code(project, segs[1], FORTALEZAS, ANA)
    code(project, segs[3], FORTALEZAS, ANA)
    code(project, segs[1], FORTALEZAS, CARLOS)  # on the phone, before he went on in ATLAS.ti
    full = tmp_path / "todo.qdpx"
    export_qdpx(project, full, redact=False)
    code(project, segs[5], "Evaluación/Debilidades", CARLOS)
    back = tmp_path / "carlos_atlasti.qdpx"
    _as_another_tool(full, back, "Carlos Rojas")
    # his ATLAS.ti work: the phone coding plus one more, coded there
    from atlas_qual.store.coding import remove_code

    remove_code(project, segs[1]["id"], FORTALEZAS, CARLOS)

    res = cli("import", back, "--project", project_path)
    assert res.code == 0, res
    assert "«Carlos Rojas» se tomó como el codificador «carlos.rojas»" in res.err
    assert list_coders(project) == [ANA, CARLOS]
    report = agreement_for(project)
    assert report.coders == (ANA, CARLOS) and report.cohen_kappa is not None
    # carlos's Fortalezas is back on turn 2, beside ana's: the only Fortalezas disagreement is ana's turn 4
    assert [d.unit for d in report.disagreements if d.code == FORTALEZAS] == [segs[3]["id"]]


def test_a_coder_misspelled_on_many_rows_is_one_error_line_and_nothing_imported(project, tmp_path, cli,
                                                                                  project_path):
    from atlas_qual.store.coding import list_coders

    segs = make_transcripts(project, tmp_path, {"mauep.txt": INTERVIEW_MAUEP})["mauep.txt"]
    code(project, segs[1], FORTALEZAS, CARLOS)
    sheet = tmp_path / "carlos.csv"
    rows = [f"{s['id']},{FORTALEZAS},carlos.roajs" for s in segs] + [f"{segs[0]['id']},Nada,{CARLOS}"]
    sheet.write_text("segment_id,code,coder\n" + "\n".join(rows) + "\n", encoding="utf-8")
    res = cli("codings", "import", sheet, "--project", project_path)
    assert res.code == 1
    lines = [line for line in res.err.splitlines() if line.strip()]
    n = len(segs)
    assert lines[0].startswith(f"atlas-qual: error: carlos.csv, filas 2–{n + 1}: el codificador «carlos.roajs»")
    assert lines[1].startswith(f"atlas-qual: error: carlos.csv, fila {n + 2}: ")  # another error: its own line
    assert f"{n + 1} filas con errores" in lines[2] and len(lines) == 3
    assert list_coders(project) == [CARLOS]


# --------------------------------------------------------------------------------------------------- keyboard

KEY_TURNS = [
    ("Entrevistadora", "¿Qué funcionó?"),
    ("Inspectora", "Buenos días. La Niñez ganó con las reuniones del miércoles y la ficha única."),
    ("Entrevistadora", "¿Y después?"),
    ("Inspectora", "Después faltó movilidad."),
]


@pytest.fixture(scope="module")
def key_server(tmp_path_factory):
    from conftest import serve_new_project

    def fill(project, folder):
        from atlas_qual.store.transcripts import import_files

        path = folder / "teclado.txt"
        path.write_text("\n".join(f"{s}: {x}" for s, x in KEY_TURNS) + "\n", encoding="utf-8")
        assert not import_files(project, [path]).errors

    server, _ = serve_new_project(tmp_path_factory, "keys", fill)
    yield server
    server.stop()


def _stored(project_path, coder):
    from sqlalchemy import select

    from atlas_qual.store import open_project
    from atlas_qual.store.models import Coding, Segment

    p = open_project(project_path)
    try:
        with p.session() as s:
            return s.execute(select(Segment.ordinal, Coding.start - Segment.start, Coding.end - Segment.start)
                             .join(Segment, Segment.id == Coding.segment_id)
                             .where(Coding.coder == coder, Coding.status == "accepted")).all()
    finally:
        p.dispose()


@pytest.mark.browser
def test_keyboard_only_coding_selects_whole_spanish_words_and_comes_back_to_the_turn(browser, key_server):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(key_server.url("coding.ipynb", coder="teclado", transcript=1))
        page.wait_for_selector("[data-testid=segment]", state="visible", timeout=120_000)
        turn = page.locator('[data-testid=segment][data-ordinal="2"]')
        turn.focus()
        for _ in range(2):
            page.keyboard.press("Control+Shift+ArrowRight")  # a word at a time: "Buenos", "días"
        target = page.locator("[data-testid=selection]")
        assert "«Buenos días» (turno 2, 0-11)" in target.inner_text()
        for _ in range(2):
            page.keyboard.press("Control+Shift+ArrowRight")  # ". La", " Niñez": the ñ is inside the word
        assert "«Buenos días. La Niñez» (turno 2, 0-21)" in target.inner_text()
        assert "Enter lleva a la casilla Código" in target.inner_text()

        page.keyboard.press("Enter")  # to the code box, the words still selected
        assert page.evaluate("document.activeElement.dataset.testid") == "code-input"
        assert "«Buenos días. La Niñez»" in target.inner_text()
        page.keyboard.type("Evaluación/Fortalezas")
        page.keyboard.press("Enter")  # adds the code
        page.keyboard.press("Enter")  # applies it
        chip = page.locator('[data-ordinal="2"] .aq-chip', has_text="Evaluación/Fortalezas")
        chip.wait_for()
        assert "0-21" in chip.inner_text()
        page.wait_for_function("document.activeElement.dataset && document.activeElement.dataset.ordinal === '2'")
        assert _stored(key_server.project, "teclado") == [(2, 0, 21)]

        page.keyboard.press("Tab")  # the chip of turn 2, then turn 3: not the toolbar again
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.ordinal") == "3"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # turn 4, no words selected: the whole turn, and the code box
        assert page.evaluate("document.activeElement.dataset.testid") == "code-input"
        assert "turno 4 completo" in target.inner_text()
        page.keyboard.type("Evaluación/Debilidades")
        page.keyboard.press("Control+Enter")
        page.locator('[data-ordinal="4"] .aq-chip', has_text="Evaluación/Debilidades").wait_for()
        assert sorted(_stored(key_server.project, "teclado"), key=str) == [(2, 0, 21), (4, None, None)]
    finally:
        context.close()


def test_the_suggestion_buttons_show_only_where_there_are_suggestions(project, tmp_path):
    """In a project nobody had auto-coded, a green "Aceptar sugerencia" stood beside the memo button on every turn
    and read as the page's main action; it shows once there are suggestions to decide."""
    from atlas_qual.store.coding import autocode_project
    from atlas_qual.widgets.coding import CodingApp

    from sqlalchemy import select

    from atlas_qual.store.models import Segment

    segs = two_coder_project(project, tmp_path)
    with project.session() as s:
        transcript_id = s.scalar(select(Segment.transcript_id).where(Segment.id == segs["mauep.txt"][0]["id"]))
    app = CodingApp(project, coder=ANA, transcript_id=transcript_id)
    assert app.accept_button.layout.display == "none" and app.reject_button.layout.display == "none"
    autocode_project(project)
    app = CodingApp(project, coder=ANA, transcript_id=transcript_id)
    assert any(seg.suggestions for seg in app._view.segments)
    assert app.accept_button.layout.display != "none" and app.reject_button.layout.display != "none"
