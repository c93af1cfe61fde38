"""Field test 9 of the REFI-QDA exchange: .qdpx files as NVivo, MAXQDA, ATLAS.ti and QualCoder write them (Windows
line ends counted one way or the other, NFD Spanish, decomposed Guaraní letters, emoji, tabs), imported into a
project and coded spans checked word for word."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest

from atlas_qual.refi import stable_guid

G = stable_guid
ANA, CARLOS = G("f9-user", "ana"), G("f9-user", "carlos")
CODES = {"fort": G("f9-code", "fort"), "coord": G("f9-code", "coord"), "gn": G("f9-code", "gn"),
         "debil": G("f9-code", "debil")}
LINES = [
    "Entrevistadora:\t¿Cómo funcionó la mesa técnica en Ñeembucú?",
    "Fiscal:\tFuncionó bien 👍🏽 desde marzo; la coordinación mejoró 👨‍👩‍👧.",
    "Entrevistadora:\t¿Y en la comunidad?",
    "Fiscal:\tLa gente dice «ñane rekove» y también pyg̃uã, ỹvy marane'ỹ 🇵🇾 sin problemas.",
    "Entrevistadora:\t¿Qué falta?",
    "Fiscal:\tFalta presupuesto 💰 para la derivación de casos a la CODENI.",
]
PHRASES = {  # what each code was applied to, as the evaluator sees it (NFC)
    "fort": "Funcionó bien 👍🏽 desde marzo",
    "coord": "la coordinación mejoró 👨‍👩‍👧",
    "gn": "pyg̃uã, ỹvy marane'ỹ 🇵🇾",
    "debil": "Falta presupuesto 💰 para la derivación",
}
PATHS = {"fort": "Evaluación/Fortalezas", "coord": "Evaluación/Fortalezas/Coordinación",
         "gn": "Evaluación/Debilidades/Guaraní", "debil": "Evaluación/Debilidades"}


def tool_text(*, crlf: bool = True) -> str:
    """The transcript as the other tool holds it: Spanish accents and Guaraní letters decomposed (NFD)."""
    nl = "\r\n" if crlf else "\n"
    return nl.join(unicodedata.normalize("NFD", line) for line in LINES) + nl


def positions(counted_on: str, phrase: str, *, utf16: bool) -> tuple[int, int]:
    nfd = unicodedata.normalize("NFD", phrase)
    start = counted_on.index(nfd)
    end = start + len(nfd)
    if utf16:
        return tuple(len(counted_on[:p].encode("utf-16-le")) // 2 for p in (start, end))
    return start, end


def tool_qdpx(path: Path, *, origin: str, counted_on: str, text: str | None = None, utf16: bool = False,
              names: bool = False, embed: bool = False, bom: bool = True) -> Path:
    """A .qdpx as another tool writes it: nested codes, two coders, one selection per code (with a memo each), the
    source as sources/<guid>.txt (UTF-8 with BOM) or embedded as PlainTextContent; the XML has CRLF line ends."""
    text = counted_on if text is None else text
    src = G("f9-src", origin)
    sels, notes = [], []
    for i, (key, phrase) in enumerate(PHRASES.items()):
        start, end = positions(counted_on, phrase, utf16=utf16)
        user = (ANA, CARLOS)[i % 2]
        label = f' name="{phrase}"' if names else f' name="Cita {i + 1}"'
        sels.append(f'<PlainTextSelection guid="{G("f9-sel", origin, key)}"{label} startPosition="{start}" '
                    f'endPosition="{end}" creatingUser="{user}">\r\n<Coding guid="{G("f9-coding", origin, key)}" '
                    f'creatingUser="{user}"><CodeRef targetGUID="{CODES[key]}"/></Coding>\r\n'
                    f'<NoteRef targetGUID="{G("f9-note", origin, key)}"/></PlainTextSelection>\r\n')
        notes.append(f'<Note guid="{G("f9-note", origin, key)}" name="Memo {i + 1}"><PlainTextContent>'
                     f"Memo sobre {key}</PlainTextContent></Note>\r\n")
    codebook = (f'<CodeBook><Codes>\r\n<Code guid="{G("f9-code", "eval")}" name="Evaluación" isCodable="true">\r\n'
                f'<Code guid="{CODES["fort"]}" name="Fortalezas" isCodable="true" color="#00FF00">\r\n'
                f'<Code guid="{CODES["coord"]}" name="Coordinación" isCodable="true" color="#112233"/></Code>\r\n'
                f'<Code guid="{CODES["debil"]}" name="Debilidades" isCodable="true" color="#FF0000">\r\n'
                f'<Code guid="{CODES["gn"]}" name="Guaraní" isCodable="true" color="#0000FF"/></Code>\r\n'
                "</Code></Codes></CodeBook>\r\n")
    if embed:
        body, where = f"<PlainTextContent>{text}</PlainTextContent>\r\n", ""
    else:
        body, where = "", f' plainTextPath="internal://{src}.txt"'
    qde = ('<?xml version="1.0" encoding="utf-8"?>\r\n'
           f'<Project xmlns="urn:QDA-XML:project:1.0" name="Evaluación" origin="{origin}">\r\n'
           f'<Users><User guid="{ANA}" name="Ana Giménez"/><User guid="{CARLOS}" name="Carlos Rojas"/></Users>\r\n'
           f'{codebook}<Sources><TextSource guid="{src}" name="Entrevista fiscal"{where}>\r\n{body}'
           f'{"".join(sels)}</TextSource></Sources>\r\n<Notes>{"".join(notes)}</Notes></Project>\r\n')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde.encode("utf-8"))
        if not embed:
            zf.writestr(f"sources/{src}.txt", (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def coded_words(project) -> dict[str, str]:
    """Code path -> the words its coding covers in the stored transcript (what the evaluator reads as the quote)."""
    from sqlalchemy import select

    from atlas_qual.store.agreement import code_paths
    from atlas_qual.store.models import Coding, Segment, Transcript

    out = {}
    with project.session() as s:
        paths = code_paths(s)
        q = (select(Coding, Segment, Transcript).join(Segment, Segment.id == Coding.segment_id)
             .join(Transcript, Transcript.id == Segment.transcript_id))
        for coding, seg, tr in s.execute(q):
            a, b = (seg.start, seg.end) if coding.start is None else (coding.start, coding.end)
            path = paths[coding.code_id]
            out["/".join(path) if isinstance(path, tuple) else path] = tr.text[a:b]
    return out


def expected_words() -> dict[str, str]:
    return {PATHS[key]: phrase for key, phrase in PHRASES.items()}


# --- line ends: CRLF counted as one character, or as two ---------------------------------------------------------


@pytest.mark.parametrize("origin,utf16", [("QualCoder 3.5", False), ("NVivo 14", True)])
def test_a_windows_tool_that_counts_crlf_as_one_character_keeps_every_span_on_its_words(project, tmp_path, origin,
                                                                                        utf16):
    """The .txt has CRLF line ends but the tool counted positions on its text with one character per line end (a
    Python tool writing in text mode on Windows does this): without the correction each coding slides one character
    per line before it ("uncionó bien 👍🏽 desde marzo;")."""
    from atlas_qual.store.refi_io import import_qdpx_report

    crlf = tool_text(crlf=True)
    path = tool_qdpx(tmp_path / "windows.qdpx", origin=origin, text=crlf, counted_on=crlf.replace("\r\n", "\n"),
                     utf16=utf16)
    report = import_qdpx_report(project, path)
    assert report.codings == 4 and not report.unplaced
    assert coded_words(project) == expected_words()
    assert any("CRLF" in w for w in report.warnings)  # the user is told the positions were corrected


def test_crlf_embedded_in_the_xml_counted_as_two_characters_keeps_every_span_on_its_words(project, tmp_path):
    """A tool that embeds its CRLF text in project.qde (PlainTextContent) counts the CR of each line end, but every
    XML parser folds CRLF to LF: without the correction each coding slides one character per line before it."""
    from atlas_qual.store.refi_io import import_qdpx_report

    crlf = tool_text(crlf=True)
    path = tool_qdpx(tmp_path / "embedded.qdpx", origin="Otra herramienta", counted_on=crlf, embed=True)
    report = import_qdpx_report(project, path)
    assert report.codings == 4 and not report.unplaced
    assert coded_words(project) == expected_words()


@pytest.mark.parametrize("origin,utf16,names,bom", [
    ("NVivo 14", True, False, True), ("MAXQDA 2022", False, False, False), ("ATLAS.ti 23", False, True, True),
])
def test_crlf_counted_as_in_the_file_stays_as_it_was(project, tmp_path, origin, utf16, names, bom):
    """The standard reading (positions on the file's text, CRLF = two characters) is not second-guessed."""
    from atlas_qual.store.refi_io import import_qdpx_report

    crlf = tool_text(crlf=True)
    report = import_qdpx_report(project, tool_qdpx(tmp_path / "std.qdpx", origin=origin, counted_on=crlf,
                                                   utf16=utf16, names=names, bom=bom))
    assert coded_words(project) == expected_words()
    assert not any("CRLF" in w for w in report.warnings)
    assert report.memos == 4


# --- codebook -----------------------------------------------------------------------------------------------------


def test_two_codes_with_the_same_name_under_one_parent_stay_two_codes(project, tmp_path):
    """MAXQDA lets two sub-codes of one parent share a name ("Otros", "otros"): they came in as one code, mixing the
    codings of both; now the second gets its own name, the user is told, and importing the file again adds nothing."""
    from atlas_qual.store.refi_io import import_qdpx_report

    text = "P:\t¿Qué más?\r\nR:\tOtra cosa 🙂. Y algo distinto.\r\n"
    first, second, src = G("f9-dup", 1), G("f9-dup", 2), G("f9-dup", "src")
    parent, coding = G("f9-dup", "parent"), lambda p, n, c: (
        f'<PlainTextSelection guid="{G("f9-dup-sel", c)}" startPosition="{text.index(p)}" '
        f'endPosition="{text.index(p) + n}"><Coding guid="{G("f9-dup-coding", c)}" creatingUser="{ANA}">'
        f'<CodeRef targetGUID="{c}"/></Coding></PlainTextSelection>')
    qde = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x" '
           f'origin="MAXQDA 2022"><Users><User guid="{ANA}" name="Ana Giménez"/></Users><CodeBook><Codes>'
           f'<Code guid="{parent}" name="Otros temas" isCodable="true"><Code guid="{first}" name="Otros" '
           f'isCodable="true" color="#111111"/><Code guid="{second}" name="otros" isCodable="true" color="#222222"/>'
           f'</Code></Codes></CodeBook><Sources><TextSource guid="{src}" name="E" plainTextPath="internal://{src}.txt">'
           f'{coding("Otra cosa 🙂.", 12, first)}{coding("algo distinto", 13, second)}</TextSource></Sources></Project>')
    path = tmp_path / "maxqda.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr(f"sources/{src}.txt", text.encode("utf-8"))
    report = import_qdpx_report(project, path)
    assert coded_words(project) == {"Otros temas/Otros": "Otra cosa 🙂.", "Otros temas/otros (2)": "algo distinto"}
    assert any("«otros (2)»" in w for w in report.warnings)
    again = import_qdpx_report(project, path)
    assert (again.codes_added, again.codings, again.duplicates) == (0, 0, 2)
    assert coded_words(project) == {"Otros temas/Otros": "Otra cosa 🙂.", "Otros temas/otros (2)": "algo distinto"}


QDC = ('<?xml version="1.0" encoding="utf-8"?>\r\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti 23">'
       f'<Codes><Code guid="{G("f9-qdc", 1)}" name="Coordinación interinstitucional" isCodable="true" color="#1E88E5">'
       "<Description>Cómo trabajan juntas las instituciones.</Description>"
       f'<Code guid="{G("f9-qdc", 2)}" name="Mesa técnica" isCodable="true" color="#abc"/>'
       f'<Code guid="{G("f9-qdc", 3)}" name="Derivación/seguimiento" isCodable="true"/></Code></Codes></CodeBook>')


def test_a_colleagues_qdc_codebook_comes_in_through_codebook_import(cli, project_path, tmp_path):
    """An ATLAS.ti or NVivo user shares the codebook as .qdc: `atlas-qual import` refused it telling the evaluator to
    re-save it as .docx/.txt, and `codebook import` refused it too; now `import` points to `codebook import`, which
    brings in the hierarchy, definitions and colours (and our own .qdc export comes back unchanged)."""
    (tmp_path / "libro.qdc").write_text(QDC, encoding="utf-8")
    before = cli("info", "--json", "--project", project_path).json()
    wrong = cli("import", tmp_path / "libro.qdc", "--project", project_path)
    assert wrong.code == 1 and "atlas-qual codebook import" in wrong.err and "libro.qdc" in wrong.err
    assert cli("info", "--json", "--project", project_path).json() == before
    done = cli("codebook", "import", tmp_path / "libro.qdc", "--json", "--project", project_path)
    assert done.code == 0, done
    assert done.json()["added"] == 3
    from atlas_qual.store import open_project
    from atlas_qual.store.codebook import get_codebook

    project = open_project(project_path)
    try:
        nodes = {path: node for path, node, _ in get_codebook(project).walk()}
    finally:
        project.dispose()
    top = nodes["Coordinación interinstitucional"]
    assert top.color == "#1e88e5" and top.definition["es"] == "Cómo trabajan juntas las instituciones."
    assert nodes["Coordinación interinstitucional/Mesa técnica"].color == "#aabbcc"
    assert "Coordinación interinstitucional/Derivación-seguimiento" in nodes
    assert cli("export", "codebook", tmp_path / "ours.qdc", "--project", project_path).code == 0
    again = cli("codebook", "import", tmp_path / "ours.qdc", "--json", "--project", project_path)
    assert again.code == 0 and again.json()["added"] == 0


@pytest.mark.parametrize("content,words", [
    ("<CodeBook><Codes/>", "XML"),
    ('<Project xmlns="urn:QDA-XML:codebook:2.0"/>', "urn:QDA-XML:codebook:1.0"),
])
def test_a_broken_qdc_is_one_clear_error_and_changes_nothing(cli, project_path, tmp_path, content, words):
    (tmp_path / "roto.qdc").write_text(content, encoding="utf-8")
    before = cli("info", "--json", "--project", project_path).json()
    result = cli("codebook", "import", tmp_path / "roto.qdc", "--project", project_path)
    assert result.code == 1 and "roto.qdc" in result.err and words in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert cli("info", "--json", "--project", project_path).json() == before


# --- sources: where the text is ----------------------------------------------------------------------------------


def _two_sources_qdpx(path: Path) -> tuple[Path, str]:
    """One source given only as .docx (richTextPath), one as a .txt whose internal:// path is a URI with %20."""
    text = "P:\t¿Qué funciona?\r\nR:\tLa mesa técnica 👍🏽 funciona.\r\n"
    start = text.index("La mesa técnica")
    docx, txt, code = G("f9-rich", "docx"), G("f9-rich", "txt"), G("f9-rich", "code")

    def sel(n: int) -> str:
        return (f'<PlainTextSelection guid="{G("f9-rich-sel", n)}" startPosition="{start}" endPosition="{start + 15}">'
                f'<Coding guid="{G("f9-rich-coding", n)}" creatingUser="{ANA}"><CodeRef targetGUID="{code}"/>'
                "</Coding></PlainTextSelection>")

    qde = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x" '
           f'origin="MAXQDA 2022"><Users><User guid="{ANA}" name="Ana Giménez"/></Users><CodeBook><Codes>'
           f'<Code guid="{code}" name="Mesa técnica" isCodable="true"/></Codes></CodeBook><Sources>'
           f'<TextSource guid="{docx}" name="Entrevista Word" richTextPath="internal://{docx}.docx">{sel(1)}'
           f'</TextSource><TextSource guid="{txt}" name="Entrevista 2" richTextPath="internal://Entrevista%202.docx" '
           f'plainTextPath="internal://Entrevista%202.txt">{sel(2)}</TextSource></Sources></Project>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr(f"sources/{docx}.docx", b"PK\x03\x04 (a Word document)")
        zf.writestr("sources/Entrevista 2.docx", b"PK\x03\x04 (a Word document)")
        zf.writestr("sources/Entrevista 2.txt", text.encode("utf-8"))
    return path, f"internal://{docx}.docx"


def test_a_source_path_written_as_a_uri_with_escapes_finds_its_text(project, tmp_path):
    """internal://Entrevista%202.txt names the member "sources/Entrevista 2.txt": the source and its coding were
    dropped as "comes without its text"."""
    from atlas_qual.store.refi_io import import_qdpx_report

    path, _ = _two_sources_qdpx(tmp_path / "maxqda.qdpx")
    report = import_qdpx_report(project, path)
    assert report.sources_new == 1 and report.codings == 1
    assert coded_words(project) == {"Mesa técnica": "La mesa técnica"}


def test_a_source_given_only_as_word_says_so_instead_of_asking_for_the_sources(project, tmp_path):
    """A source with only its .docx (no plain text, which the standard requires for positions) was reported as
    "nothing found at PlainTextContent ... export with the sources included", though the .docx was in the file."""
    from atlas_qual.store.refi_io import import_qdpx_report

    path, member = _two_sources_qdpx(tmp_path / "maxqda.qdpx")
    report = import_qdpx_report(project, path)
    told = [w for w in report.warnings if "Entrevista Word" in w]
    assert len(told) == 1 and member in told[0] and "Word" in told[0] and "PlainTextContent" not in told[0]
    assert len(report.unplaced) == 1


# --- UTF-16 positions from tools other than NVivo -----------------------------------------------------------------


@pytest.mark.parametrize("origin", ["ATLAS.ti 23", "MAXQDA 2022", ""])
def test_utf16_positions_without_quotes_or_nvivo_origin_land_on_the_words(project, tmp_path, origin):
    """A WhatsApp transcript full of emoji coded in a tool that counts UTF-16 units (Qt, .NET) but is not NVivo and
    names its selections "Cita 1": every coding after the first emoji slid by one unit per emoji
    ("resupuesto 💰 para la derivación de caso")."""
    from atlas_qual.store.refi_io import import_qdpx_report

    crlf = tool_text(crlf=True)
    report = import_qdpx_report(project, tool_qdpx(tmp_path / "u16.qdpx", origin=origin, counted_on=crlf,
                                                   utf16=True))
    assert report.codings == 4 and not report.unplaced
    assert coded_words(project) == expected_words()
    assert report.corrected == 4


@pytest.mark.parametrize("origin", ["ATLAS.ti 23", "QualCoder 3.5"])
def test_code_point_positions_without_quotes_are_not_taken_for_utf16(project, tmp_path, origin):
    from atlas_qual.store.refi_io import import_qdpx_report

    lf = tool_text(crlf=False)
    report = import_qdpx_report(project, tool_qdpx(tmp_path / "cp.qdpx", origin=origin, counted_on=lf))
    assert coded_words(project) == expected_words()
    assert report.corrected == 0
