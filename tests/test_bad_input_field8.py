"""Field round 8, importers: files as Excel, LibreOffice, Google Sheets and Word save them in Paraguay (es-PY), and
inputs that must be refused with one clear message (file, row, fix), exit code 1 and the project unchanged, while
the rest of a batch still comes in.

Every file is made by the test; the CLI runs in this process (the ``cli`` fixture)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import pytest
from openpyxl import Workbook

INTERVIEW = "Entrevistadora: ¿Cómo funciona la mesa?\nRosa: Nos reunimos cada mes con la fiscalía {n}.\n"


def dump(project_path) -> dict:
    """Every row of every table, as text: what "the project is unchanged" compares."""
    from sqlalchemy import select

    from atlas_qual.store import open_project
    from atlas_qual.store.models import Base

    project = open_project(project_path)
    try:
        with project.session() as s:
            return {name: sorted(tuple(map(str, row)) for row in s.execute(select(table)))
                    for name, table in Base.metadata.tables.items()}
    finally:
        project.dispose()


def one_error_line(err: str, *words: str) -> str:
    """The one error line that names all ``words`` (no traceback anywhere)."""
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if all(w in line for w in words)]
    assert len(lines) == 1, err
    return lines[0]


# --- Word and Writer documents -----------------------------------------------------------------------------------

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/'
       'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
       'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
       '/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats'
         '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
         'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"')


def _docx(path, body: str):
    """A .docx as Word writes its body XML (tracked changes, text boxes and pictures need the raw XML)."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_NS}><w:body>{body}'
                '</w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document)
    return path


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _text_box(*paragraphs: str) -> str:
    """A paragraph anchoring a text box, written twice as Word does: a drawing and its VML fallback."""
    inner = "".join(_p(t) for t in paragraphs)
    return ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
            f'<a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp>'
            '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
            f'<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r></w:p>')


def _turns(cli, project_path, transcript_id: int) -> list[tuple[str, str]]:
    res = cli("segments", "--transcript", transcript_id, "--json", "--no-redact", "--project", project_path)
    assert res.code == 0, res.err
    return [(s["speaker"], s["text"]) for s in res.json()]


def test_moved_text_and_text_boxes_of_a_word_file_are_turns_and_a_pasted_scan_is_said_so(cli, project_path,
                                                                                          tmp_path, monkeypatch):
    moved = _docx(tmp_path / "Entrevista fiscalía ñandú 😀.docx", (
        _p("Entrevistadora: ¿Cómo funciona la mesa?")
        + '<w:p><w:r><w:t xml:space="preserve">Rosa: Nos reunimos </w:t></w:r><w:ins w:id="1" w:author="x"><w:r>'
          '<w:t xml:space="preserve">cada mes </w:t></w:r></w:ins><w:del w:id="2" w:author="x"><w:r><w:delText>'
          'nunca </w:delText></w:r></w:del><w:r><w:t>con la fiscalía.</w:t></w:r></w:p>'
        + _p("Entrevistadora: ¿Y la derivación?")
        # a paragraph moved with "track changes" on: Word keeps it as w:moveTo (and the old place as w:moveFrom)
        + '<w:p><w:moveTo w:id="3" w:author="x"><w:r><w:t>Rosa: Ahora usamos una ficha única.</w:t></w:r>'
          '</w:moveTo></w:p><w:p><w:moveFrom w:id="4" w:author="x"><w:r><w:t>Rosa: Ahora usamos una ficha única.'
          '</w:t></w:r></w:moveFrom></w:p>'))
    boxes = _docx(tmp_path / "cajas.docx", _text_box("Entrevistadora: ¿Quién convoca?", "Marta: La CODENI.")
                  + _text_box("Entrevistadora: ¿Cada cuánto?", "Marta: Cada quince días."))
    scan = _docx(tmp_path / "escaneo.docx", '<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData/>'
                                            '</a:graphic></wp:inline></w:drawing></w:r></w:p>')
    res = cli("import", moved, boxes, scan, "--json", "--project", project_path)

    assert res.code == 1
    data = res.json()
    assert [e["file"] for e in data["errors"]] == [str(scan)]
    line = one_error_line(res.err, "escaneo.docx")
    assert "solo imágenes" in line and "OCR" in line
    by_file = {i["file"]: i["transcript_id"] for i in data["imported"]}
    assert _turns(cli, project_path, by_file[str(moved)]) == [
        ("Entrevistadora", "¿Cómo funciona la mesa?"), ("Rosa", "Nos reunimos cada mes con la fiscalía."),
        ("Entrevistadora", "¿Y la derivación?"), ("Rosa", "Ahora usamos una ficha única.")]
    assert _turns(cli, project_path, by_file[str(boxes)]) == [
        ("Entrevistadora", "¿Quién convoca?"), ("Marta", "La CODENI."),
        ("Entrevistadora", "¿Cada cuánto?"), ("Marta", "Cada quince días.")]

    before = dump(project_path)
    monkeypatch.setenv("ATLAS_QUAL_LANG", "en")  # messages in English (import --lang is the interviews' language)
    res = cli("import", scan, "--project", project_path)
    assert res.code == 1 and dump(project_path) == before
    assert "only images" in one_error_line(res.err, "escaneo.docx")


def test_a_writer_text_box_gives_its_own_turns_and_a_writer_scan_is_said_so(cli, project_path, tmp_path):
    from odf.draw import Frame, Image, TextBox
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    doc = OpenDocumentText()
    doc.text.addElement(P(text="Entrevistadora: ¿Cómo funciona la mesa?"))
    anchor, frame, box = P(), Frame(width="10cm", height="5cm", anchortype="paragraph"), TextBox()
    box.addElement(P(text="Rosa: Nos reunimos cada mes."))
    box.addElement(P(text="Entrevistadora: ¿Y la ficha?"))
    frame.addElement(box)
    anchor.addElement(frame)
    doc.text.addElement(anchor)
    doc.text.addElement(P(text="Rosa: Ahora usamos una ficha única."))
    doc.save(str(tmp_path / "cajas.odt"))
    scan = OpenDocumentText()
    anchor, frame = P(), Frame(width="10cm", height="5cm", anchortype="paragraph")
    frame.addElement(Image(href="Pictures/pagina1.png"))
    anchor.addElement(frame)
    scan.text.addElement(anchor)
    scan.save(str(tmp_path / "escaneo.odt"))

    res = cli("import", tmp_path / "cajas.odt", tmp_path / "escaneo.odt", "--json", "--project", project_path)

    assert res.code == 1
    assert "solo imágenes" in one_error_line(res.err, "escaneo.odt")
    [imported] = res.json()["imported"]
    assert _turns(cli, project_path, imported["transcript_id"]) == [
        ("Entrevistadora", "¿Cómo funciona la mesa?"), ("Rosa", "Nos reunimos cada mes."),
        ("Entrevistadora", "¿Y la ficha?"), ("Rosa", "Ahora usamos una ficha única.")]


# --- the manifest of case attributes -----------------------------------------------------------------------------


def test_a_spanish_manifest_reads_departamento_short_and_serial_dates_and_refuses_a_file_listed_twice(
        cli, project_path, tmp_path):
    for n in (1, 2, 3):
        (tmp_path / f"e{n}.txt").write_text(INTERVIEW.format(n=n), encoding="utf-8")
    # Excel in es-PY: semicolons, Windows-1252, a trailing empty column, a date Excel left as a serial number
    (tmp_path / "manifiesto.csv").write_bytes(
        "Archivo;DMOP;Departamento;Fecha;Notas;\r\n"
        "e1.txt;MAUEP;Ñeembucú;46363;llamar de nuevo;\r\n"
        "e2.txt;MAUEP;San Pedro;07/12/25;;\r\n"
        "e3.txt;MAUEP;San Pedro;01/12/2025;;\r\n"
        "e3.txt;CR;Boquerón;02/12/2025;;\r\n".encode("cp1252"))

    res = cli("import", "--manifest", tmp_path / "manifiesto.csv", tmp_path / "e1.txt", tmp_path / "e2.txt",
              tmp_path / "e3.txt", "--json", "--project", project_path)

    assert res.code == 1
    line = one_error_line(res.err, "manifiesto.csv", "e3.txt")
    assert "filas 2, 4" not in line and "filas 4, 5" in line and "dos veces" in line
    assert "«Notas»" in one_error_line(res.err, "manifiesto.csv", "Notas")  # said, not silently dropped
    from atlas_qual.store import open_project
    from atlas_qual.store.transcripts import list_transcripts

    project = open_project(project_path)
    try:
        rows = {t["filename"]: (t["territory"], t["date"]) for t in list_transcripts(project)}
    finally:
        project.dispose()
    assert rows == {"e1.txt": ("neembucu", "2026-12-07"), "e2.txt": ("san_pedro", "2025-12-07")}


def test_a_manifest_kept_in_excel_is_read_from_its_visible_sheet(cli, project_path, tmp_path):
    (tmp_path / "e1.txt").write_text(INTERVIEW.format(n=1), encoding="utf-8")
    wb = Workbook()
    lists = wb.active
    lists.title, lists.sheet_state = "Listas", "hidden"
    lists.append(["dmop", "departamento"])
    lists.append(["CR", "Boquerón"])
    sheet = wb.create_sheet("Entrevistas")
    sheet.append(["Archivo", "DMOP", "Departamento", "Fecha"])
    sheet.append(["e1.txt", "MAUEP", "San Pedro", dt.datetime(2025, 12, 7)])
    wb.save(tmp_path / "manifiesto.xlsx")

    res = cli("import", "--manifest", tmp_path / "manifiesto.xlsx", tmp_path / "e1.txt", "--json",
              "--project", project_path)

    assert res.code == 0, res.err
    from atlas_qual.store import open_project
    from atlas_qual.store.transcripts import list_transcripts

    project = open_project(project_path)
    try:
        [row] = list_transcripts(project)
    finally:
        project.dispose()
    assert (row["dmop"], row["territory"], row["date"]) == ("MAUEP", "san_pedro", "2025-12-07")


# --- the M&E register ----------------------------------------------------------------------------------------------


def _meetings(project_path) -> dict[str, str]:
    from atlas_qual.store import open_project
    from atlas_qual.store.register import register_summary

    project = open_project(project_path)
    try:
        return {m["ref"]: m["date"] for m in register_summary(project)["meeting_list"]}
    finally:
        project.dispose()


def test_register_dates_as_a_spanish_excel_saves_them_short_or_as_serial_numbers(cli, project_path, tmp_path):
    f = tmp_path / "reuniones 2025 ñ.csv"
    f.write_bytes("Código;Fecha;DMOP;Departamento;Título;\r\n"
                  "R-01;07/12/2026;MAUEP;Alto Paraná;Reunión técnica;\r\n"
                  "R-02;46363;MAUEP;San Pedro;Mesa;\r\n"
                  "R-03;08/12/25;MAUEP;San Pedro;Mesa 3;\r\n".encode("cp1252"))

    res = cli("register", "import", "meetings", f, "--project", project_path)

    assert res.code == 0, res.err
    assert _meetings(project_path) == {"R-01": "2026-12-07", "R-02": "2026-12-07", "R-03": "2025-12-08"}
    before = dump(project_path)
    res = cli("register", "import", "meetings", f, "--json", "--project", project_path)  # the same file again
    assert res.code == 0 and res.json()["unchanged"] == 3 and dump(project_path) == before


def test_reach_months_as_excel_names_them_after_a_sep_line_and_one_bad_row_named_by_the_row_excel_shows(
        cli, project_path, tmp_path):
    f = tmp_path / "alcance.csv"
    # "sep=;" is Excel's separator hint; Excel hides that line, so "Mesa" below is on row 4 as the user sees it
    f.write_bytes("sep=;\r\nMes;Canal;Departamento;Publicaciones;Valoración radio\r\n"
                  "dic-25;radio;San Pedro;1.234;4,5\r\nsetiembre 2025;facebook;San Pedro;3;\r\n"
                  "Mesa;whatsapp;San Pedro;2;\r\n".encode("cp1252"))
    before = dump(project_path)

    res = cli("register", "import", "reach", f, "--project", project_path)

    assert res.code == 1 and dump(project_path) == before  # all or nothing by default
    assert "«Mesa»" in one_error_line(res.err, "alcance.csv", "fila 4", "«Mes»")
    res = cli("register", "import", "reach", f, "--skip-bad-rows", "--json", "--project", project_path)
    assert res.json()["added"] == 2 and [e["row"] for e in res.json()["errors"]] == [4]
    from atlas_qual.store import open_project
    from atlas_qual.store.register import register_summary

    project = open_project(project_path)
    try:
        reach = {(r["month"], r["channel"], r["posts"]) for r in register_summary(project)["reach_list"]}
    finally:
        project.dispose()
    assert reach == {("2025-12", "radio", 1234), ("2025-09", "facebook", 3)}


def test_register_workbook_hidden_first_sheet_two_row_header_and_cached_formula_values(cli, project_path, tmp_path):
    wb = Workbook()
    lists = wb.active
    lists.title, lists.sheet_state = "Listas", "hidden"
    lists.append(["dmop", "territorio"])
    lists.append(["MAUEP", "San Pedro"])
    ws = wb.create_sheet("Reuniones")
    ws.append(["Código", "Fecha", "Lugar", None, "Título"])  # "Lugar" merged over DMOP and Departamento
    ws.merge_cells("C1:D1")
    ws.append([None, None, "DMOP", "Departamento", None])
    ws.append(["X-01", dt.datetime(2025, 12, 7), "MAUEP", "San Pedro", "Uno"])
    ws.append(["X-02", "=DATE(2026,12,7)", "MAUEP", "San Pedro", "Dos"])
    wb.save(tmp_path / "registro.xlsx")
    # Excel saves a formula with its result; openpyxl writes none, so the result is put in as Excel would
    with zipfile.ZipFile(tmp_path / "registro.xlsx") as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    parts[sheet] = re.sub(rb"(<f>DATE\(2026,12,7\)</f>)<v\s*/?>(</v>)?", rb"\1<v>46363</v>", parts[sheet])
    assert b"<v>46363</v>" in parts[sheet]
    with zipfile.ZipFile(tmp_path / "registro.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)

    res = cli("register", "import", "meetings", tmp_path / "registro.xlsx", "--project", project_path)

    assert res.code == 0, res.err
    assert _meetings(project_path) == {"X-01": "2025-12-07", "X-02": "2026-12-07"}
    before = dump(project_path)
    res = cli("register", "import", "meetings", tmp_path / "registro.xlsx", "--sheet", "Reunion",
              "--project", project_path)
    assert res.code == 1 and dump(project_path) == before
    line = one_error_line(res.err, "registro.xlsx", "«Reunion»")
    assert "«Listas», «Reuniones»" in line


def test_a_formula_saved_without_its_result_names_row_and_column_not_an_empty_cell(cli, project_path, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Registro de reuniones 2025"])
    ws.merge_cells("A1:E1")
    ws.append(["Código", "Fecha", "DMOP", "Departamento", "Título"])
    ws.append(["M-01", dt.datetime(2025, 12, 7), "MAUEP", "San Pedro", "Uno"])
    ws.append(["M-02", "=DATE(2025,12,8)", "MAUEP", "San Pedro", "Dos"])
    wb.save(tmp_path / "hecho por un programa.xlsx")
    before = dump(project_path)

    res = cli("register", "import", "meetings", tmp_path / "hecho por un programa.xlsx", "--project", project_path)

    assert res.code == 1 and dump(project_path) == before
    line = one_error_line(res.err, "hecho por un programa.xlsx", "fila 4", "«Fecha»")
    assert "=DATE(2025,12,8)" in line and "guárdelo" in line


@pytest.mark.parametrize("name", ["carpeta.csv", "carpeta.xlsx"])
def test_a_folder_given_as_the_register_file_is_one_line_naming_it(cli, project_path, tmp_path, name):
    (tmp_path / name).mkdir()
    before = dump(project_path)

    res = cli("register", "import", "meetings", tmp_path / name, "--project", project_path)

    assert res.code == 1 and dump(project_path) == before
    assert "es una carpeta" in one_error_line(res.err, name)


# --- codings ---------------------------------------------------------------------------------------------------


def _segments(cli, project_path, tmp_path) -> list[int]:
    (tmp_path / "e1.txt").write_text(INTERVIEW.format(n=1), encoding="utf-8")
    res = cli("import", tmp_path / "e1.txt", "--json", "--project", project_path)
    tid = res.json()["imported"][0]["transcript_id"]
    return [s["id"] for s in cli("segments", "--transcript", tid, "--json", "--project", project_path).json()]


def test_codings_csv_with_ids_as_a_spanish_excel_writes_numbers(cli, project_path, tmp_path):
    first, second = _segments(cli, project_path, tmp_path)
    f = tmp_path / "codificaciones.csv"
    # a number format with decimals ("2,00"), a text mark ("'2"), a span "0,00-5,00"
    f.write_bytes(("\ufeffsegment_id;code;coder;start;end;\r\n"
                   f"{first},00;Fortalezas;ana;;;\r\n'{second};Fortalezas;ana;0,00;5,00;\r\n").encode("utf-8"))

    res = cli("codings", "import", f, "--json", "--project", project_path)

    assert res.code == 0, res.err
    assert res.json()["imported"] == 2
    before = dump(project_path)
    assert cli("codings", "import", f, "--project", project_path).code == 0  # again: nothing doubled
    assert dump(project_path) == before


def test_codings_with_an_unknown_segment_say_where_to_find_the_ids_and_an_empty_file_says_it_is_empty(
        cli, project_path, tmp_path):
    first, _ = _segments(cli, project_path, tmp_path)
    bad = tmp_path / "codificaciones.csv"
    bad.write_text(f"segment_id,code,coder\n{first},Fortalezas,ana\n99999,Fortalezas,ana\n", encoding="utf-8")
    empty = tmp_path / "vacío.csv"
    empty.write_bytes(b"")
    before = dump(project_path)

    res = cli("codings", "import", bad, "--project", project_path)

    assert res.code == 1 and dump(project_path) == before
    line = one_error_line(res.err, "codificaciones.csv", "fila 3")
    assert "#99999" in line and "atlas-qual segments --transcript" in line
    res = cli("codings", "import", empty, "--project", project_path)
    assert res.code == 1 and dump(project_path) == before
    assert "no tiene filas" in one_error_line(res.err, "vacío.csv")


def test_a_codings_workbook_is_read_from_its_visible_sheet_and_a_bomb_is_refused(cli, project_path, tmp_path):
    first, second = _segments(cli, project_path, tmp_path)
    wb = Workbook()
    hidden = wb.active
    hidden.title, hidden.sheet_state = "códigos", "hidden"
    hidden.append(["Fortalezas"])
    ws = wb.create_sheet("codificaciones")
    ws.append(["segment_id", "code", "coder"])
    ws.append([first, "Fortalezas", "ana"])
    wb.save(tmp_path / "codificaciones.xlsx")
    # a workbook whose sheet inflates to 200 MB from a few hundred KB
    with zipfile.ZipFile(tmp_path / "bomba.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        with zipfile.ZipFile(tmp_path / "codificaciones.xlsx") as src:
            for name in src.namelist():
                zf.writestr(name, src.read(name))
        zf.writestr("xl/worksheets/relleno.xml", b" " * 200_000_000)

    res = cli("codings", "import", tmp_path / "codificaciones.xlsx", "--json", "--project", project_path)
    assert res.code == 0, res.err
    assert res.json()["imported"] == 1
    before = dump(project_path)
    res = cli("codings", "import", tmp_path / "bomba.xlsx", "--project", project_path)
    assert res.code == 1 and dump(project_path) == before
    assert "bomba" in one_error_line(res.err, "bomba.xlsx", "relleno.xml")
