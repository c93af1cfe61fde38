"""Field test 10 of the REFI-QDA exchange: a colleague's code tree reads the same from their project (.qdpx) as from
their codebook (.qdc, or the project's .qde read as a codebook): one reader of ``<Code>`` serves both."""

from __future__ import annotations

import zipfile
from pathlib import Path

from atlas_qual.refi import read_qdpx, stable_guid
from atlas_qual.refi_codebook import read_qdc

G = stable_guid
PARENT, CHILD, NOTE = G("f10-code", "debil"), G("f10-code", "presupuesto"), G("f10-note", "presupuesto")

# a name broken over two lines with a run of blanks, and a definition with Windows line ends kept as character
# references (as .NET tools write them): what the XML parser alone does not fold
QDE = ('<?xml version="1.0" encoding="utf-8"?>\n'
       '<Project xmlns="urn:QDA-XML:project:1.0" name="Evaluación" origin="NVivo 14">\n'
       f'<CodeBook><Codes><Code guid="{PARENT}" name="Debilidades" isCodable="true" color="#C62828">\n'
       f'<Code guid="{CHILD}" name="Falta  de&#10;  presupuesto" isCodable="true">'
       '<Description>No hay fondos.&#13;\nNi combustible.</Description>'
       f'<NoteRef targetGUID="{NOTE}"/></Code></Code></Codes></CodeBook>\n'
       f'<Notes><Note guid="{NOTE}" name="Memo"><PlainTextContent>Sobre el presupuesto</PlainTextContent></Note>'
       '</Notes></Project>\n')


def _files(tmp_path: Path) -> tuple[Path, Path]:
    qde = tmp_path / "project.qde"
    qde.write_text(QDE, encoding="utf-8")
    qdpx = tmp_path / "evaluacion.qdpx"
    with zipfile.ZipFile(qdpx, "w") as zf:
        zf.writestr("project.qde", QDE.encode("utf-8"))
    return qdpx, qde


def test_project_and_codebook_give_the_same_codes(tmp_path):
    qdpx, qde = _files(tmp_path)
    from_project = read_qdpx(qdpx).project.codes
    from_codebook = read_qdc(qde)
    assert from_project == from_codebook
    child = from_project[0].children[0]
    # the name as one line, the definition with the line ends every other text of the project has
    assert child.name == "Falta de presupuesto"
    assert child.description == "No hay fondos.\nNi combustible."
    assert (from_project[0].color, child.guid) == ("#c62828", CHILD)


def test_project_code_keeps_its_memo(tmp_path):
    qdpx, _qde = _files(tmp_path)
    project = read_qdpx(qdpx).project
    assert [(n.name, n.target_guid) for n in project.notes] == [("Memo", CHILD)]
