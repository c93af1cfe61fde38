"""Every output of a project seeded with known identifiers shows none of them, and changes no word that is not a name.

The project holds interviewees named in headers (a particle name, an honorific, a title, one from a .docx metadata
table), third parties and victims put on the names list (a Guaraní name among them), a phone, a cédula and an
e-mail, and one of each kind the red teams 9-11 taught the redactor (KINDS_IDENTIFIERS: badge, credential, IPS, IMEI,
SIM, CPF, RG, foreign phones, MTCN, CBU, Pix, a handle, a WhatsApp invite, GPS and a map link, a medical record, form
fields, an OCR'd listed name, parents, NIE and Spanish DNI, an Argentine DNI, a US address, a .docx table's cells
under "Nombre"), in the interviews and again (KINDS_TEXT) in memos, workshop gaps, register rows, justifications,
findings, a codebook definition and texts for themes. Each output in OUTPUTS is produced as a user would produce it
and read back as text (Word through python-docx, Excel through openpyxl, .qdpx unzipped, CSV, CLI stdout plain and
--json, HTML, DataFrames).

To add an output: write a function ``(env) -> str`` that produces it and returns its text, and register it with
``@output("what a user runs", shows=...)``: ``"all"`` when it shows every turn (then every non-name phrase in KEPT
must be there word for word), ``"some"`` for a selection of quotes, ``"none"`` when it shows no interview text.
Whatever it shows, no phrase of KEPT may come out with one of its words swapped for a pseudonym or placeholder. Runs on SQLite by default and on PostgreSQL with ``--backend=postgresql``.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from atlas_qual.text import fold

# --- the seeded project -------------------------------------------------------------------------------------------

CONSEJERA = """Título: Entrevista a consejera de la CODENI
Fecha: 2025-04-24
DMOP: MAUEP
Territorio: Alto Paraná
Institución: CODENI
Rol: consejera
Entrevistada: Graciela Benítez de Ocampo
Seudónimo: Docente CO-1

Entrevistadora: ¿Cómo llegó el caso?
Graciela Benítez: Llegó por el fiscal de turno, en Ciudad del Este. La niña, Ana Lucía Britez, tenía miedo.
Entrevistadora: ¿Quién más ayudó?
Graciela Benítez: La Sra. Ocampo de la escuela no; yo misma, Graciela Benítez de Ocampo, llamé al 147 según la \
Ley 4788/12. Hubo una rosa blanca en la puerta y la paz del barrio volvió.
Entrevistadora: ¿Qué papeles trajo la niña?
Graciela Benítez: La ficha del hospital decía Paciente: Camila Soledad Rojas. Historia clínica N° 556677. \
Firma: Celso Aquino. La nota que dejaron decía LA SEÑORA NILSA CARD0ZO SABE DONDE ESTA. La niña es hija de Aníbal \
Cáceres y de Petrona Giménez.
"""

COMISARIO = """Título: Entrevista a comisario
Fecha: 2025-05-02
DMOP: MAUEP
Territorio: Alto Paraná
Institución: PN
Rol: comisario
Entrevistado: Comisario Hugo Ramírez Sosa
Seudónimo: Policía CE-3

Entrevistadora: ¿Cómo coordinan?
Hugo Ramírez: Con la consejera de la CODENI. Mi celular es 0981 123 456 y mi correo hramirez@policia.gov.py.
Entrevistadora: ¿Y la víctima?
Hugo Ramírez: Su cédula, C.I. 4.567.890, quedó en la fiscalía. El comisario Sosa y Pedro Gómez Sosa la llevaron. \
La otra cédula (la de 2019) es 3456789; escribile a hugo.r [at] gmail punto com, vive en Tte. Fariña N° 1234 casi \
Estados Unidos.
Entrevistadora: ¿Quiénes intervinieron?
Hugo Ramírez: El agente de guardia, placa N° 47391, y el inspector con credencial N° 08817. El celular de la chica \
tenía IMEI 356938035643809 y el chip ICCID 8959502019384756102; su número de asegurado del IPS es 0012384756. De Foz \
mandaron el CPF 321.654.987-00 y el RG nº 8.765.432 del hombre, y su celular (45) 99812-3344.
"""

LIDERESA = """Título: Entrevista a lideresa comunitaria
Fecha: 2025-05-10
DMOP: MAUEP
Territorio: Alto Paraná
Institución: CODENI
Rol: lideresa
Entrevistada: Ña Teresa Núñez
Seudónimo: Lideresa CE-2

Entrevistadora: ¿Qué pasó después?
Ña Teresa: Doña Ramona Villalba y Yeruti Arandú me avisaron; Teresa Núñez soy yo. Ña Teresa me dicen. \
Dolores, la madre, trabajaba en la chacra. Lo firmó A. L. Britez; Concepción de la Cruz la trajo desde \
Concepción. ARANDÚKUERA oho. la ramonita tiene cédula 5 678 901.
Entrevistadora: ¿Y el fiscal?
Ña Teresa: El fiscal de turno vino rápido, con la consejera de la CODENI.
Entrevistadora: ¿Cómo le pagaban a la señora?
Ña Teresa: Por Western Union, MTCN 8273619054, o a la cuenta CBU 0170099220000067712345, y desde Brasil por Pix \
45998761234. En Instagram ella es @la.tia.nelly.py y el grupo era https://chat.whatsapp.com/Jk8sP2qLm4T0bZ3xWy7. La \
casa está en -25.5123, -54.6187: https://maps.app.goo.gl/Qw7e8RtY5uIo3.
"""

FISCAL_TABLE = [("Título", "Entrevista a fiscal"), ("Fecha", "2025-06-03"), ("DMOP", "MAUEP"),
                ("Territorio", "Ñeembucú"), ("Institución", "MP"), ("Rol", "fiscal"),
                ("Entrevistada", "Marta Cristaldo"), ("Seudónimo", "Fiscal NE-1")]
FISCAL_TURNS = ["Entrevistadora: ¿Cómo trabajan?",
                "Marta Cristaldo: Con el fiscal de turno y la consejera de la CODENI; Ana Lucía Britez declaró.",
                "Entrevistadora: ¿Algo más?",
                "Marta Cristaldo: La Lic. Cristaldo, o sea yo, pidió ayuda al 147.",
                "Entrevistadora: ¿Y en el exterior?",
                "Marta Cristaldo: En Madrid tenía NIE Y-1234567-L y antes el DNI argentino N° 95.123.456; el hombre, "
                "con DNI español 12345678Z, llamaba desde el +34 612 345 678 o desde Buenos Aires al +54 9 11 "
                "6234-5512. Una fundación de Estados Unidos anotó a la madre en 1428 Elm Street, Apt 5B, "
                "Springfield, IL 62704, teléfono (217) 555-0143.",
                "Entrevistadora: ¿Con quién vivía la niña?",
                "Marta Cristaldo: Le leo el informe social del juzgado."]
# a table pasted into the transcript: its cells under a personal header name people nobody listed
FISCAL_BODY_TABLE = [("Nombre", "Parentesco", "Edad"), ("Higinio Duarte", "padre", "45"),
                     ("Eladia Duarte", "abuela", "71")]

LISTED = ["Ana Lucía Britez", "Yeruti Arandú", "Ramona Villalba", "Pedro Gómez Sosa", "Concepción de la Cruz Ayala",
          "Nilsa Cardozo"]
# names that are also everyday words, listed with `names add --capitalised`: hidden where capitalised ("Dolores, la
# madre"), while "una rosa blanca" and "la paz del barrio" (KEPT) stay in every output
CAPITALISED = ["Dolores", "Rosa", "Paz"]

# the identifier kinds red teams 9-11 taught the redactor, as the seed writes them (one of each)
KINDS_IDENTIFIERS = ["47391", "08817", "356938035643809", "8959502019384756102", "0012384756", "654.987", "8.765.432",
                     "99812", "8273619054", "0170099220000067712345", "45998761234", "tia.nelly", "Jk8sP2qLm4",
                     "25.5123", "54.6187", "Qw7e8RtY5uIo3", "556677", "Camila", "Soledad Rojas", "Celso", "Aquino",
                     "Nilsa", "Card0zo", "Cardozo", "Aníbal", "Cáceres", "Petrona", "Higinio", "Eladia", "Duarte",
                     "1234567-L", "12345678Z", "95.123.456", "612 345", "6234-5512", "Elm Street", "62704",
                     "555-0143"]
# what an analyst, a facilitator or a coder types beside the interviews (memos, workshop gaps, survey comments,
# justifications, findings, codebook definitions, texts for themes): some of those kinds again
KINDS_TEXT = ("la tía (@la.tia.nelly.py, Pix 45998761234) vive en -25.5123, -54.6187; la madre, hija de Aníbal "
              "Cáceres y de Petrona Giménez, tiene NIE Y-1234567-L y el teléfono (217) 555-0143 y vivió en "
              "1428 Elm Street, Springfield, IL 62704; el agente de placa N° 47391 lo sabe")

# what must never appear (compared without accents or case)
IDENTIFIERS = ["Graciela", "Ocampo", "Hugo", "Ramírez", "Teresa", "Núñez", "Britez", "Yeruti", "Arandú", "Ramona",
               "Villalba", "Gómez Sosa", "Marta", "Cristaldo", "0981 123", "123 456", "4.567.890", "hramirez",
               "policia.gov.py", "Teodora", "Bogado", "Dolores", "3456789", "gmail", "Fariña", "A. L.", "de la Cruz",
               "Zaracho", "NIDIA", "seis siete", "720012345", "nilda.gauto", "595971876543", "familia Villalba",
               "ramonita", "5 678 901",
               # the kinds red teams 9-11 taught the redactor: badge, credential, IMEI, SIM, IPS, CPF, RG, foreign
               # phones, MTCN, CBU, Pix, a handle, a WhatsApp invite, GPS, a map link, a medical record, a form's
               # fields, an OCR'd listed name, parents, NIE/DNI, an Argentine DNI, a US address, a table's cells
               *KINDS_IDENTIFIERS]
# words that are not names and must come out exactly as they went in (the particle bug turned "de" into a pseudonym)
KEPT = ["el fiscal de turno", "consejera de la CODENI", "Ciudad del Este", "la paz del barrio", "una rosa blanca",
        "Ley 4788/12", "147", "desde Concepción", "La otra cédula (la de 2019) es"]


@dataclass
class Env:
    project_path: object
    tmp: Path
    ids: list[int]
    import_out: str = ""
    cache: dict = field(default_factory=dict)

    def cli(self, *args, ok: bool = True) -> str:
        from atlas_qual import i18n
        from atlas_qual.cli import run

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run([str(a) for a in (*args, "--project", self.project_path)])
        i18n.set_lang("es")
        if ok:
            assert code == 0, f"atlas-qual {' '.join(map(str, args))}: {err.getvalue()}"
        return out.getvalue() + err.getvalue()

    def file(self, name: str) -> Path:
        return self.tmp / name


def _fiscal_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for key, value in FISCAL_TABLE:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    for line in FISCAL_TURNS:
        document.add_paragraph(line)
    body = document.add_table(rows=0, cols=3)
    for row in FISCAL_BODY_TABLE:
        for cell, value in zip(body.add_row().cells, row):
            cell.text = value
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def env(request, backend, tmp_path_factory) -> Env:
    from sqlalchemy import select

    from atlas_qual.store import open_project
    from atlas_qual.store.models import Segment
    from atlas_qual.store.names import add_names
    from atlas_qual.store.reference import init_project

    tmp = tmp_path_factory.mktemp("leaks")
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        project_path = server.create(template=request.getfixturevalue("_pg_project_template"))
        request.addfinalizer(lambda: server.drop(project_path))
    else:
        project_path = tmp / "project.db"
        p = open_project(project_path, create=True)
        init_project(p)
        p.dispose()
    files = []
    for name, text in (("consejera.txt", CONSEJERA), ("comisario.txt", COMISARIO), ("lideresa.txt", LIDERESA)):
        (tmp / name).write_text(text, encoding="utf-8")
        files.append(tmp / name)
    files.append(_fiscal_docx(tmp / "fiscal.docx"))
    e = Env(project_path, tmp, [])
    e.import_out = e.cli("import", *files, "--json")
    e.ids = [item["transcript_id"] for item in json.loads(e.import_out.split("\natlas-qual:")[0])["imported"]]
    assert len(e.ids) == 4
    project = open_project(project_path)
    try:
        add_names(project, LISTED, added_by="ana.gimenez")
        add_names(project, CAPITALISED, added_by="ana.gimenez", capitalised=True)
        with project.session() as s:
            segments = [(sid, speaker) for sid, speaker in s.execute(
                select(Segment.id, Segment.speaker).order_by(Segment.transcript_id, Segment.ordinal))]
    finally:
        project.dispose()
    rows = ["segment_id,code,coder"]
    for n, (sid, speaker) in enumerate(segments):
        if speaker == "Entrevistadora":
            continue
        rows.append(f"{sid},Debilidades,ana.gimenez")
        rows.append(f"{sid},{'Debilidades' if n % 4 else 'Fortalezas'},carlos.rojas")
    (tmp / "codings.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    e.cli("codings", "import", tmp / "codings.csv")
    project = open_project(project_path)
    try:
        from atlas_qual.store.codebook import code_index
        from atlas_qual.store.memos import set_memo

        note = "Revisar: " + KINDS_TEXT + "."
        set_memo(project, "code", code_index(project).resolve("Debilidades").id, "carlos.rojas", note,
                 title="Llamada de Ana Lucía Britez")
        set_memo(project, "transcript", e.ids[0], "carlos.rojas", note, title="Pix 45998761234 de Yeruti Arandú")
        set_memo(project, "segment", segments[1][0], "carlos.rojas", note)
    finally:
        project.dispose()
    return e


# --- reading outputs back as text --------------------------------------------------------------------------------

def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    props = document.core_properties
    parts.extend(str(v or "") for v in (props.title, props.subject, props.author, props.comments, props.keywords))
    return "\n".join(parts)


def xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(str(path), read_only=True)
    parts = [ws.title for ws in wb.worksheets]
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
    wb.close()
    return "\n".join(parts)


def zip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8", errors="replace") for n in zf.namelist())


# --- the registry of outputs --------------------------------------------------------------------------------------

OUTPUTS: dict[str, tuple[Callable[[Env], str], str]] = {}


def output(name: str, *, shows: str = "all"):
    """Register ``fn(env) -> text`` as an output every seeded identifier must stay out of."""
    if shows not in ("all", "some", "none"):
        raise ValueError(shows)

    def register(fn):
        OUTPUTS[name] = (fn, shows)
        return fn
    return register


@output("atlas-qual import --json (speakers)", shows="none")
def _import_json(env):
    return env.import_out


@output("atlas-qual import of a .zip holding a Zoom .vtt named by full names (and its segments)", shows="none")
def _import_zip_zoom(env):
    vtt = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nLucía Fernández: ¿Me escucha?\n\n"
           "2\n00:00:05.000 --> 00:00:09.000\nTeodora Bogado Núñez: Sí, soy la consejera.\n\n"
           "3\n00:00:10.000 --> 00:00:12.000\nLucía Fernández: ¿Cómo derivan?\n\n"
           "4\n00:00:13.000 --> 00:00:16.000\nTeodora Bogado Núñez: Por teléfono.\n")
    with zipfile.ZipFile(env.file("zoom.zip"), "w") as zf:
        zf.writestr("zoom/zoom_transcript.vtt", vtt.encode("utf-8"))
    out = env.cli("import", env.file("zoom.zip"), "--json")
    tid = json.loads(out.split("\natlas-qual:")[0])["imported"][0]["transcript_id"]
    return out + env.cli("segments", "--transcript", tid)


@output("atlas-qual segments")
def _segments(env):
    return "\n".join(env.cli("segments", "--transcript", i) for i in env.ids)


@output("atlas-qual segments --json")
def _segments_json(env):
    return "\n".join(env.cli("segments", "--transcript", i, "--json") for i in env.ids)


@output("atlas-qual serve log: a page's traceback quoting every turn as written, coloured and repr'd")
def _serve_log(env):
    from atlas_qual.commands.serve import _LogRedactor, _ServerOutput
    from atlas_qual.store import resolve_url

    turns = []
    for i in env.ids:
        rows = json.loads(env.cli("segments", "--transcript", i, "--json", "--no-redact"))
        turns += [r["text"] for r in (rows["segments"] if isinstance(rows, dict) else rows)]
    lines = []
    for text in turns:  # what a kernel's error prints: the raw text, its repr in a coloured traceback
        lines.append(f"[AtlasVoila] ERROR | Error at server while executing cell: {text}\n")
        lines.append(f"\x1b[31mRuntimeError\x1b[39m: \x1b[33m{text!r}\x1b[39m\n")
    log = io.BytesIO()
    redactor = _LogRedactor(resolve_url(str(env.project_path)))
    output = _ServerOutput(io.BytesIO("".join(lines).encode("utf-8")), log, env.tmp / "x.serve.log", redactor)
    output.stopping = True  # no terminal notice in a test
    output.start()
    output.join(30)
    redactor.close()
    return log.getvalue().decode("utf-8")


@output("atlas-qual codings export (CSV)")
def _codings_csv(env):
    env.cli("codings", "export", env.file("codings_out.csv"))
    return env.file("codings_out.csv").read_text(encoding="utf-8-sig")


@output("atlas-qual codings export FILE.xlsx and FILE.csv --sep ';' (Excel in Spanish)")
def _codings_excel(env):
    env.cli("codings", "export", env.file("codings_out.xlsx"))
    env.cli("codings", "export", env.file("codings_semi.csv"), "--sep", ";")
    return xlsx_text(env.file("codings_out.xlsx")) + env.file("codings_semi.csv").read_text(encoding="utf-8-sig")


@output("coding page (Voila): a suggestion's passage before accepting and what accepting coded", shows="some")
def _coding_page_suggestions(env):
    import json

    from atlas_qual.store import open_project
    from atlas_qual.widgets.coding import CodingApp

    coder = "codif.sugerencias"  # suggestions of its own (autocode --coder): the other outputs' data stay as they are
    env.cli("autocode", "--coder", coder)
    project = open_project(env.project_path)
    try:
        text = []
        for tid in env.ids:
            app = CodingApp(project, lang="es", coder=coder, transcript_id=int(tid))
            for turn in list(app.reader.segments):
                text.append(json.dumps([g["passages"] for g in turn["suggestions"]]))
                for g in turn["suggestions"][:3]:
                    app.reader.act({"type": "accept", "suggestion_id": g["id"], "segment_id": turn["id"]})
                    text.append(app.reader.status.get("text", ""))
            text.append(json.dumps(app.reader.segments, ensure_ascii=False))
        return "\n".join(text)
    finally:
        project.dispose()


@output("atlas-qual export qdpx")
def _qdpx(env):
    env.cli("export", "qdpx", env.file("p.qdpx"))
    return zip_text(env.file("p.qdpx"))


@output("atlas-qual export xlsx", shows="some")
def _xlsx(env):
    env.cli("export", "xlsx", env.file("all.xlsx"))
    return xlsx_text(env.file("all.xlsx"))


@output("atlas-qual export codebook (.qdc)", shows="none")
def _qdc(env):
    env.cli("export", "codebook", env.file("libro.qdc"))
    return env.file("libro.qdc").read_text(encoding="utf-8")


@output("atlas-qual report dmop (Word)", shows="some")
def _report_dmop(env):
    env.cli("report", "dmop", "--dmop", "MAUEP", "--lang", "es", "--out", env.file("mauep.docx"))
    return docx_text(env.file("mauep.docx"))


@output("atlas-qual agreement --json", shows="some")
def _agreement(env):
    return env.cli("agreement", "--coders", "ana.gimenez,carlos.rojas", "--json")


@output("atlas-qual search --json", shows="some")
def _search(env):
    return env.cli("search", "fiscal", "--json") + env.cli("search", "CODENI")


@output("atlas-qual query --json and --out CSV/xlsx", shows="some")
def _query(env):
    out = env.cli("query", "Debilidades", "--json")
    env.cli("query", "Debilidades", "--out", env.file("q.csv"))
    env.cli("query", "Debilidades", "--out", env.file("q.xlsx"))
    return out + env.file("q.csv").read_text(encoding="utf-8-sig") + xlsx_text(env.file("q.xlsx"))


@output("atlas-qual names suggest --json", shows="none")
def _suggest(env):
    return env.cli("names", "suggest", "--json")


@output("analyst API frames (transcripts, cases, segments, codings)")
def _api(env):
    import atlas_qual as aq

    with aq.open_project(env.project_path) as p:
        frames = [p.transcripts(), p.cases(), p.segments(), p.codings()]
    return "\n".join(f.to_csv(index=False) for f in frames)


@output("analyst API frames of a code and of two coders (quotes, disagreements, codings filtered, sessions)",
        shows="some")
def _api_quotes(env):
    import atlas_qual as aq

    with aq.open_project(env.project_path) as p:
        frames = [p.quotes("Debilidades"), p.disagreements(["ana.gimenez", "carlos.rojas"]),
                  p.codings(code="Debilidades", territory="Alto Paraná"), p.sessions(), p.theme_runs()]
    return "\n".join(f.to_csv(index=False) for f in frames)


@output("retrieval (the rows the retrieval page and its export show)", shows="some")
def _retrieval(env):
    from atlas_qual.store import open_project
    from atlas_qual.store.coding_io import retrieve

    project = open_project(env.project_path)
    try:
        rows = retrieve(project, code="Debilidades")
    finally:
        project.dispose()
    return "\n".join(" | ".join(str(v) for v in r.export_row()) for r in rows)


@output("atlas-qual report handout (Word)", shows="some")
def _report_handout(env):
    env.cli("report", "handout", "--dmop", "MAUEP", "--lang", "es", "--out", env.file("handout.docx"))
    return docx_text(env.file("handout.docx"))


@output("atlas-qual report plan (Word): evaluation quotes, drafted recommendations, refinement log", shows="some")
def _report_plan(env):
    from atlas_qual.store import open_project
    from atlas_qual.store.cycle import generate_recommendations, save_plan

    project = open_project(env.project_path)
    try:
        generate_recommendations(project, "MAUEP")  # drafted from the coded turns: they quote interviewees
        save_plan(project, "MAUEP", actions=[], resources="")  # `report plan` refuses a DMOP with no plan
    finally:
        project.dispose()
    # the plan's refinement log prints each change's justification as typed
    env.cli("cycle", "refine", "--dmop", "MAUEP", "--change", "Ruta con la consejera de la CODENI",
            "--why", "Lo pidió Ana Lucía Britez; Pedro Gómez Sosa atiende al 0981 123 456 "
            "(hramirez@policia.gov.py); " + KINDS_TEXT + ".")
    env.cli("report", "plan", "--dmop", "MAUEP", "--lang", "es", "--out", env.file("plan.docx"))
    return docx_text(env.file("plan.docx"))


@output("atlas-qual report dmop --lang en (Word)", shows="some")
def _report_dmop_en(env):
    env.cli("report", "dmop", "--dmop", "MAUEP", "--lang", "en", "--out", env.file("mauep_en.docx"))
    return docx_text(env.file("mauep_en.docx"))


@output("atlas-qual report handout --lang gn (Word)", shows="some")
def _report_handout_gn(env):
    env.cli("report", "handout", "--dmop", "MAUEP", "--lang", "gn", "--out", env.file("handout_gn.docx"))
    return docx_text(env.file("handout_gn.docx"))


@output("atlas-qual report content export (YAML of analysts' texts and drafts)", shows="none")
def _report_content(env):
    env.cli("report", "content", "export", "--dmop", "MAUEP", env.file("mauep.yaml"))
    return env.file("mauep.yaml").read_text(encoding="utf-8")


def _seed_ipacm_content(env) -> None:
    from atlas_qual.store import open_project
    from atlas_qual.store.report_content import save_content

    # analysts paste quotes, names and numbers into their findings; stored for IPACM so the MAUEP outputs stay as seeded
    quote = ("«Llegó por el fiscal de turno, en Ciudad del Este», dijo Graciela Benítez de Ocampo; Hugo Ramírez dejó "
             "su celular 0981 123 456 y hramirez@policia.gov.py, y la C.I. 4.567.890 quedó en la fiscalía.")
    project = open_project(env.project_path)
    try:
        save_content(project, "IPACM", {
            "questions": [{"id": "EQ1", "criterion": "relevance", "question": {"es": "¿Responde a las necesidades?"},
                           "finding": {"es": quote + " Además, " + KINDS_TEXT + ".",
                                       "en": "Marta Cristaldo and Ña Teresa called Ramona Villalba."}}],
            "conclusions": [{"text": {"es": "Ana Lucía Britez y Yeruti Arandú hablaron con la consejera de la "
                                            "CODENI.", "en": "Pedro Gómez Sosa met the consejera de la CODENI."}}],
            "recommendations": [{"id": "R1", "text": {"es": "Llamar a Benítez y a la Lic. Cristaldo."},
                                 "responsible": "MP", "priority": "high", "finding": "EQ1"}],
            "quote_translations": {1: {"original": "Llegó por el fiscal de turno", "en": "Teresa Núñez said so."}}})
    finally:
        project.dispose()


@output("atlas-qual report content export --out FILE.xlsx (analysts' texts quoting interviews, Excel)", shows="some")
def _report_content_xlsx(env):
    _seed_ipacm_content(env)
    env.cli("report", "content", "export", "--dmop", "IPACM", "--out", env.file("ipacm.xlsx"))
    return xlsx_text(env.file("ipacm.xlsx"))


@output("atlas-qual report dmop (Word) with analysts' findings that name people", shows="some")
def _report_dmop_analysts_texts(env):
    _seed_ipacm_content(env)
    env.cli("report", "dmop", "--dmop", "IPACM", "--lang", "es", "--allow-incomplete", "--out",
            env.file("ipacm.docx"))
    return docx_text(env.file("ipacm.docx"))


@output("atlas-qual themes --texts --json (quotes of arbitrary texts)", shows="none")
def _themes_texts(env):
    rows = ["answer"] + [f'"Respuesta {i}: la consejera de la CODENI y Ana Lucía Britez (0981 123 456) hablaron '
                         f'del trabajo infantil en la escuela número {i}."' for i in range(14)]
    rows += [f'"Respuesta {i}: en el trabajo infantil de la escuela, {KINDS_TEXT}."' for i in range(14, 18)]
    env.file("answers.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return env.cli("themes", "--texts", env.file("answers.csv"), "--column", "answer", "--json")


def widget_text(widget) -> str:
    """Every string a page shows: HTML and label values, dropdown options, recursively through containers."""
    parts = []
    stack = [widget]
    while stack:
        w = stack.pop()
        value = getattr(w, "value", None)
        if isinstance(value, str):
            parts.append(value)
        for option in getattr(w, "options", ()) or ():
            parts.append(str(option[0] if isinstance(option, tuple) else option))
        stack.extend(getattr(w, "children", ()) or ())
    return "\n".join(parts)


@output("themes page (Voila): theme cards, and each theme's texts offered to move", shows="some")
def _themes_page(env):
    from atlas_qual.store import open_project
    from atlas_qual.store.models import Theme, ThemeAssignment, ThemeRun
    from atlas_qual.store.themes_store import select_segments
    from atlas_qual.widgets.themes import ThemesApp

    project = open_project(env.project_path)
    try:
        # too few turns for the engine: a stored run of two themes, as the engine would store it, every turn in one
        sel = select_segments(project, "Debilidades")
        ids = [seg.segment_id for seg in sel.segments]

        def store(s):
            run = ThemeRun(code_id=sel.code_id, filters={}, model="test", lang="es",
                           params={"segment_ids": ids, "code_path": sel.code_path})
            s.add(run)
            s.flush()
            themes = [Theme(run_id=run.id, number=n, label=f"Tema {n}", terms=[], size=0) for n in (0, 1)]
            s.add_all(themes)
            s.flush()
            s.add_all(ThemeAssignment(theme_id=themes[i % 2].id, segment_id=sid, representative=True,
                                      score=1.0, confidence=0.5) for i, sid in enumerate(ids))

        project.write(store)
        app = ThemesApp(project, lang="es", code="Debilidades", warm_up=False)
        parts = [widget_text(app)]
        for _label, theme in app.theme_picker.options:
            app.theme_picker.value = theme
            parts.append(widget_text(app.texts_picker))
        return "\n".join(parts)
    finally:
        project.dispose()


@output("retrieval page (Voila): quotes view", shows="some")
def _retrieval_page(env):
    from atlas_qual.store import open_project
    from atlas_qual.widgets.retrieval import RetrievalApp

    project = open_project(env.project_path)
    try:
        return widget_text(RetrievalApp(project, lang="es", view="quotes", code="Debilidades"))
    finally:
        project.dispose()


@output("retrieval page (Voila): search (KWIC) and code query views", shows="some")
def _retrieval_search_page(env):
    from atlas_qual.store import open_project
    from atlas_qual.widgets.retrieval import RetrievalApp

    project = open_project(env.project_path)
    try:
        return "\n".join(widget_text(RetrievalApp(project, lang="es", view=view, query=q))
                         for view, q in (("search", "fiscal"), ("search", "CODENI"), ("query", "Debilidades")))
    finally:
        project.dispose()


@output("agreement page (Voila)", shows="some")
def _agreement_page(env):
    from atlas_qual.store import open_project
    from atlas_qual.widgets.agreement import AgreementApp

    project = open_project(env.project_path)
    try:
        return widget_text(AgreementApp(project, lang="es", coders=["ana.gimenez", "carlos.rojas"]))
    finally:
        project.dispose()


@output("span disagreements: agreement page list/cards and agreement --json spans (quotes cut inside names)",
        shows="some")
def _span_disagreements(env):
    from sqlalchemy import select

    from atlas_qual.store import open_project
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.models import Segment
    from atlas_qual.widgets.agreement import AgreementApp

    # two more coders code the same turns on spans that start or end inside a name or a phone (redacting the quote
    # alone would miss "Ana Lucía" cut from "Ana Lucía Britez")
    coders = ("codif.uno", "codif.dos")
    targets = ["Ana Lucía Britez", "Ramona Villalba", "Teresa Núñez", "0981 123 456", "Pedro Gómez Sosa",
               "Graciela Benítez de Ocampo", "Cristaldo"]
    project = open_project(env.project_path)
    try:
        with project.session() as s:
            turns = s.execute(select(Segment.id, Segment.start, Segment.text)
                              .where(Segment.speaker != "Entrevistadora")).all()
        for seg_id, base, text in turns:
            found = [(text.index(name), len(name)) for name in targets if name in text]
            if not found:
                continue
            at, length = found[0]
            mid = at + length // 2
            apply_code(project, seg_id, "Debilidades", coders[0], start=base + max(0, at - 12), end=base + mid)
            apply_code(project, seg_id, "Debilidades", coders[1], start=base + mid - 1,
                       end=base + min(len(text), at + length + 8))
        app = AgreementApp(project, lang="es", coders=list(coders))
        assert any(r.kind == "span" for r in app._rows)
        shown = [widget_text(app)]
        for _ in range(app.total):
            app._on_move(1)
            shown.append(widget_text(app))
    finally:
        project.dispose()
    shown.append(env.cli("agreement", "--coders", ",".join(coders), "--json"))
    shown.append(env.cli("agreement", "--coders", ",".join(coders)))
    return "\n".join(shown)


@output("atlas-qual cycle refine|log|plan (plain, --json), learning recommendations and the cycle page's "
        "refinement log, with typed justifications, actions and titles", shows="none")
def _cycle_log(env):
    from atlas_qual.store import open_project
    from atlas_qual.store.cycle import refinement_log
    from atlas_qual.widgets.cycle import log_html

    why = ("Lo pidió Ana Lucía Britez; llamar a Pedro Gómez Sosa al 0981 123 456 o a hramirez@policia.gov.py; "
           + KINDS_TEXT + ".")
    refined = env.cli("cycle", "refine", "--dmop", "CR", "--change", "Ruta adaptada", "--why", why,
                      "--finding", "C.I. 4.567.890 en la fiscalía", "--json")
    actions = env.file("acciones_nombres.csv")
    actions.write_text("action,institution,start,end\nLlamar a Yeruti Arandú al 0981 123 456,MTESS,2026-01,2026-03\n",
                       encoding="utf-8")
    plans = [env.cli("cycle", "plan", "--dmop", "CR", "--title", "Plan de Ramona Villalba", "--actions", actions,
                     "--resources", "Fondos; Teresa Núñez", "--json"),
             env.cli("cycle", "plan", "--dmop", "CR"), env.cli("cycle", "plan", "--dmop", "CR", "--json"),
             env.cli("learning", "recommendations", "--dmop", "MAUEP"),
             env.cli("learning", "recommendations", "--dmop", "MAUEP", "--json")]
    project = open_project(env.project_path)
    try:
        page = log_html(refinement_log(project, "CR", redact=True), "es")
    finally:
        project.dispose()
    return "\n".join([refined, *plans, env.cli("cycle", "log", "--dmop", "CR"),
                      env.cli("cycle", "log", "--dmop", "CR", "--json"), page])


@output("analyst API register frames: a survey with a respondent-name column, meetings naming an attendee",
        shows="none")
def _api_register(env):
    import atlas_qual.api as aq

    survey = env.file("encuesta_nombres.csv")
    survey.write_text("Nombre y apellido,DMOP,Cambio en la coordinación,Comentarios\n"
                      "Teodora Bogado,CR,Aumentó,Hablar con Teodora Bogado o Yeruti Arandú al 0981 123 456\n"
                      f'Higinio Duarte,CR,Aumentó,"Que {KINDS_TEXT}"\n', encoding="utf-8")
    meetings = env.file("reuniones_nombres.csv")
    meetings.write_text("ref,fecha,dmop,acciones realizadas\nCR-LEAK-1,07/03/2025,CR,Teodora Bogado convoca\n"
                        f'CR-LEAK-2,08/03/2025,CR,"Visita: {KINDS_TEXT}"\n', encoding="utf-8")
    attendees = env.file("asistentes_nombres.csv")
    attendees.write_text("reunión,nombre\nCR-LEAK-1,Teodora Bogado\n", encoding="utf-8")
    for kind, path in (("survey", survey), ("meetings", meetings), ("attendees", attendees)):
        env.cli("register", "import", kind, path)
    p = aq.open_project(env.project_path)
    try:
        return "\n".join(p.register(t).to_csv() for t in ("survey", "meetings", "attendees"))
    finally:
        p.close()


@output("cycle page (Voila): recommendations drafted from the codings, decisions, plan", shows="some")
def _cycle_page(env):
    from atlas_qual.store import open_project
    from atlas_qual.store.cycle import generate_recommendations
    from atlas_qual.widgets.cycle import CycleApp

    project = open_project(env.project_path)
    try:
        generate_recommendations(project, "MAUEP")  # drafts quote what interviewees said
        return widget_text(CycleApp(project, lang="es", dmop="MAUEP"))
    finally:
        project.dispose()


@output("landing page and the shared page frame (Voila)", shows="none")
def _landing_page(env):
    from atlas_qual.store import open_project
    from atlas_qual.widgets.frame import frame
    from atlas_qual.widgets.landing import Landing

    project = open_project(env.project_path)
    try:
        _session_naming_people(project)  # the landing page lists the sessions by title
        return widget_text(frame("landing", Landing(project, lang="es"), lang="es"))
    finally:
        project.dispose()


@output("coding page (Voila): turns, memos, pickers", shows="some")
def _coding_page(env):
    import json

    from atlas_qual.store import open_project
    from atlas_qual.widgets.coding import CodingApp

    project = open_project(env.project_path)
    try:
        text = []
        for tid in env.ids:
            app = CodingApp(project, lang="es", coder="ana.gimenez", transcript_id=int(tid))
            # what the span reader draws in the browser is its turns' payloads
            text.append(widget_text(app) + json.dumps(app.reader.segments, ensure_ascii=False))
            # the memo panel lists the other coders' memos on the interview and on the code
            app.memo_button.value = True
            for kind in ("transcript", "code"):
                app._memo_widgets["kind"].value = kind
                text.append(widget_text(app))
        return "\n".join(text)
    finally:
        project.dispose()


@output("participant page /p/CODE (join form, ballot, revealed results), plain HTML; the server's error pages",
        shows="none")
def _participant_page(env):
    # a facilitator typed names into a session's title and gaps: the room's phones must not show them
    import re

    import httpx

    from atlas_qual.server import VoilaProcess
    from atlas_qual.store import open_project
    from atlas_qual.store import workshop as W

    project = open_project(env.project_path)
    try:
        created = W.create_session(project, "Taller con Graciela Benítez de Ocampo", items=[
            {"ref": "G01", "title": "Caso de Ana Lucía Britez en Ciudad del Este",
             "description": "Lo contó Hugo Ramírez; celular 0981 123 456; " + KINDS_TEXT},
            {"ref": "G02", "title": "Derivación con Ña Teresa Núñez"}])
        people = [W.join_session(project, created.code, n) for n in ("a", "b", "c")]
        W.open_round(project, created.code, created.key, 1)
        for person in people:
            for ref in ("G01", "G02"):
                for key in ("C1", "C2", "C3"):
                    W.cast_vote(project, created.code, person.token, ref, key, True)
        W.close_round(project, created.code, created.key)
        W.reveal_round(project, created.code, created.key)
        W.open_round(project, created.code, created.key, 2)
    finally:
        project.dispose()
    server = VoilaProcess(env.project_path, pool_size=0, log_dir=env.tmp)
    try:
        with httpx.Client(base_url=server.base) as phone:
            path = f"/p/{created.code}"
            pages = [phone.get(path).text]
            csrf = re.search(r'name="_csrf" value="([^"]+)"', pages[0]).group(1)
            phone.post(path + "/join", data={"_csrf": csrf, "nickname": "Rosa"})
            pages += [phone.get(path, params={"i": i}).text for i in (1, 2)]
            # an address that names someone: the error page must not say it back
            pages += [phone.get("/voila/render/Graciela Benítez de Ocampo.ipynb").text,
                      phone.get("/Hugo Ramírez/0981 123 456").text]
        return "\n".join(pages)
    finally:
        server.stop()


@output("facilitator page (Voila, on the projector) and atlas-qual workshop round|results|list|release, Excel export",
        shows="none")
def _facilitator_outputs(env):
    # a facilitator typed names into a session's title and gaps: the projector, the CLI and the workbook hide them
    from atlas_qual.store import open_project
    from atlas_qual.store import workshop as W
    from atlas_qual.widgets.facilitator import FacilitatorApp

    project = open_project(env.project_path)
    try:
        created = W.create_session(project, "Taller con Graciela Benítez de Ocampo", items=[
            {"ref": "G01", "title": "Caso de Ana Lucía Britez en Ciudad del Este",
             "description": "Lo contó Hugo Ramírez; celular 0981 123 456; " + KINDS_TEXT},
            {"ref": "G02", "title": "Derivación con Ña Teresa Núñez"}])
        W.open_round(project, created.code, created.key, 1)
        token = W.join_session(project, created.code, "a").token
        for ref in ("G01", "G02"):
            for key in ("C1", "C2", "C3"):
                W.cast_vote(project, created.code, token, ref, key, True)
        app = FacilitatorApp(project, code=created.code, lang="es")
        app._key_input.value = created.key
        app._unlock_btn.click()
        app._built["show_live"].value = True
        shown = [widget_text(app)]
        for section in ("setup", "results", "shortlist"):
            app._nav.value = section
            shown.append(widget_text(app))
        W.export_workshop_xlsx(project, created.code, created.key, env.file("taller.xlsx"))
        shown.append(xlsx_text(env.file("taller.xlsx")))
    finally:
        project.dispose()
    base = ("--session", created.code)
    shown += [env.cli("workshop", "round", "status", *base, "--key", created.key),
              env.cli("workshop", "round", "close", *base, "--key", created.key, "--json"),
              env.cli("workshop", "results", *base), env.cli("workshop", "results", *base, "--json"),
              env.cli("workshop", "list"),
              env.cli("workshop", "release", *base, "--key", created.key, "--nickname", "a"),
              env.cli("workshop", "release", *base, "--key", created.key, "--nickname", "a", "--json")]
    return "\n".join(shown)



def _session_naming_people(project):
    """A workshop session whose title and gaps a facilitator typed with names and the newer kinds, voted once."""
    from atlas_qual.store import workshop as W

    created = W.create_session(project, "Taller con Graciela Benítez de Ocampo", items=[
        {"ref": "G01", "title": "Caso de Ana Lucía Britez en Ciudad del Este",
         "description": "Lo contó Hugo Ramírez; celular 0981 123 456; " + KINDS_TEXT},
        {"ref": "G02", "title": "Derivación con Ña Teresa Núñez (placa N° 47391)"}])
    W.open_round(project, created.code, created.key, 1)
    token = W.join_session(project, created.code, "a").token
    for ref in ("G01", "G02"):
        for key in ("C1", "C2", "C3"):
            W.cast_vote(project, created.code, token, ref, key, True)
    W.close_round(project, created.code, created.key)
    return created


@output("analyst API frames of a workshop, themes, the codebook and info (votes, results, themes, codebook)",
        shows="none")
def _api_workshop_themes_codebook(env):
    import atlas_qual.api as aq
    from atlas_qual.store import open_project

    project = open_project(env.project_path)
    try:
        code = _session_naming_people(project).code
    finally:
        project.dispose()
    p = aq.open_project(env.project_path)
    try:
        frames = [p.votes(code), p.results(code), p.codebook()]
        if len(p.theme_runs()):
            frames.append(p.themes())
        return "\n".join(f.to_csv(index=False) for f in frames) + "\n" + json.dumps(p.info(), default=str,
                                                                                    ensure_ascii=False)
    finally:
        p.close()


@output("atlas-qual report workshop (Word) of a session whose title and gaps name people", shows="none")
def _report_workshop(env):
    from atlas_qual.store import open_project

    project = open_project(env.project_path)
    try:
        code = _session_naming_people(project).code
    finally:
        project.dispose()
    env.cli("report", "workshop", "--session", code, "--lang", "es", "--out", env.file("taller.docx"))
    return docx_text(env.file("taller.docx"))


@output("atlas-qual register show (plain, --json) and a register import's messages naming a bad row", shows="none")
def _register_show(env):
    bad = env.file("reuniones_mal.csv")
    bad.write_text("ref,fecha,dmop,acciones realizadas\n"
                   f'CR-LEAK-3,fecha de Ramona Villalba (placa N° 47391),CR,"Visita: {KINDS_TEXT}"\n'
                   "CR-LEAK-4,31/02/2025,CR,Llamar a Yeruti Arandú al 0981 123 456\n", encoding="utf-8")
    meetings = env.file("reuniones_show.csv")
    meetings.write_text("ref,fecha,dmop,acciones realizadas\n"
                        f'CR-LEAK-5,09/03/2025,CR,"Visita de Ramona Villalba: {KINDS_TEXT}"\n', encoding="utf-8")
    shown = [env.cli("register", "import", "meetings", meetings),
             env.cli("register", "import", "meetings", bad, ok=False),
             env.cli("register", "import", "meetings", bad, "--json", ok=False)]
    return "\n".join([*shown, env.cli("register", "show"), env.cli("register", "show", "--json")])


NIDIA = """Título: Entrevista a madre
Fecha: 2025-07-11
DMOP: CR
Territorio: San Pedro
Institución: CODENI
Rol: madre
Entrevistada: Nidia Zaracho Benegas
Seudónimo: Madre SP-9

Entrevistadora: ¿Cómo la encontraron?
Nidia: El número de la señora es cero nueve ocho uno, tres cuatro cinco, seis siete ocho, y la plata fue a la \
cuenta del Banco Itaú, que es la N° 720012345, según la fiscal. Su perfil es facebook.com/nilda.gauto.77 y su \
WhatsApp wa.me/595971876543. La familia Villalba la ayudó.
Entrevistadora: ¿Y después?
Nidia: Lo derivamos el caso a la consejera de la CODENI y firmó la Abg. Nidia Zaracho ayer.
"""


@output("a transcript file named after its interviewee, spans cut from the words around a phone said in words, an "
        "account and a profile, a codebook definition naming people: codings export, Excel, query --out, .qdc, "
        "codebook YAML/CSV, "
        ".qdpx, report dmop, search context cut inside a name", shows="none")
def _cut_spans_file_names_codebook(env):
    from atlas_qual.store import open_project
    from atlas_qual.store.codebook import update_code

    src = env.file("Entrevista_NIDIA_ZARACHO.txt")
    src.write_text(NIDIA, encoding="utf-8")
    said = env.cli("import", src, "--json")
    tid = json.loads(said.split("\natlas-qual:")[0])["imported"][0]["transcript_id"]
    segments = json.loads(env.cli("segments", "--transcript", tid, "--json", "--no-redact"))
    seg = next(s for s in segments if "cero" in s["text"])
    text = seg["text"]
    spans = [(text.index("ocho uno"), text.index("seis siete") + 5), (text.index("N° 720"), text.index(", según")),
             (text.index("nilda"), text.index(" y su")), (text.index("595971"), text.index(". La")),
             (text.index("Villalba"), len(text))]
    rows = ["segment_id,code,coder,start,end"] + [f"{seg['id']},Debilidades,ana.gimenez,{a},{b}" for a, b in spans]
    env.file("spans.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    env.cli("codings", "import", env.file("spans.csv"))
    project = open_project(env.project_path)
    try:
        update_code(project, "Debilidades", example={"es": "«Lo dijo Ramona Villalba al 0981 123 456»"},
                    definition={"es": "Problemas del DMOP. Ej.: lo que contó Yeruti Arandú "
                                      "(hramirez@policia.gov.py); " + KINDS_TEXT + ".",
                                "en": "Problems of the DMOP, as Yeruti Arandú said."})
    finally:
        project.dispose()
    shown = [said, env.cli("search", "derivamos"), env.cli("search", "derivamos", "--json")]
    env.cli("codings", "export", env.file("spans_out.csv"))
    shown.append(env.file("spans_out.csv").read_text(encoding="utf-8-sig"))
    env.cli("query", "Debilidades", "--out", env.file("spans_q.csv"))
    shown.append(env.file("spans_q.csv").read_text(encoding="utf-8-sig"))
    env.cli("export", "xlsx", env.file("spans.xlsx"))
    shown.append(xlsx_text(env.file("spans.xlsx")))
    env.cli("export", "codebook", env.file("spans.qdc"))
    shown.append(env.file("spans.qdc").read_text(encoding="utf-8"))
    for name in ("libro.yaml", "libro.csv"):  # the edit-and-reimport formats
        env.cli("codebook", "export", env.file(name))
        shown.append(env.file(name).read_text(encoding="utf-8-sig"))
    env.cli("export", "qdpx", env.file("spans.qdpx"))
    shown.append(zip_text(env.file("spans.qdpx")))
    env.cli("report", "dmop", "--dmop", "CR", "--lang", "es", "--allow-incomplete", "--out", env.file("spans.docx"))
    shown.append(docx_text(env.file("spans.docx")))
    shown.append(env.cli("import", src, ok=False))  # the human line, and the message if it is refused as a repeat
    return "\n".join(shown)


# --- pages and commands added in field 10 ---------------------------------------------------------------------------

def _upload(path: Path) -> tuple[dict, ...]:
    """What a page's FileUpload holds after a user picked ``path``."""
    import datetime as dt

    data = path.read_bytes()
    return ({"name": path.name, "type": "text/csv", "size": len(data),
             "last_modified": dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc),
             "content": memoryview(data)},)


@output("reports page (Voila): the DMOP, territory and session pickers, the preview and the analysts' texts form",
        shows="none")
def _reports_page(env):
    from atlas_qual.store import open_project
    from atlas_qual.widgets.reports import ReportsApp

    _seed_ipacm_content(env)
    project = open_project(env.project_path)
    try:
        code = _session_naming_people(project).code  # the session picker lists sessions by title
        app = ReportsApp(project, lang="es", kind="workshop", session=code)
        shown = [widget_text(app)]
        app.kind_picker.value = "dmop"
        app.dmop_picker.value = "IPACM"
        app._on_load_content()  # the analysts' findings, conclusions and recommendations, as the form shows them
        shown.append(widget_text(app))
        return "\n".join(shown)
    finally:
        project.dispose()


@output("register page (Voila): the register and indicators tabs, and an upload's bad rows", shows="none")
def _register_page(env):
    import datetime as dt

    from atlas_qual.store import open_project
    from atlas_qual.store.register import add_meeting, add_phase_change
    from atlas_qual.widgets.register import RegisterApp

    project = open_project(env.project_path)
    try:
        # a meeting titled and a phase change noted with the names of the people concerned
        add_meeting(project, date=dt.date(2025, 3, 10), dmop="CR", title="Visita a Ramona Villalba (C.I. 4.567.890)",
                    actions_taken="Llamar a Yeruti Arandú; " + KINDS_TEXT, ref="CR-LEAK-6")
        add_phase_change(project, "CR", "pilot", dt.date(2025, 3, 11),
                         note="Piloto con Pedro Gómez Sosa; " + KINDS_TEXT)
        app = RegisterApp(project, lang="es", tab="register")
        shown = [widget_text(app)]
        bad = env.file("reuniones_pagina.csv")
        bad.write_text("ref,fecha,dmop,acciones realizadas\n"
                       f'CR-LEAK-7,fecha de Ramona Villalba (placa N° 47391),CR,"Visita: {KINDS_TEXT}"\n',
                       encoding="utf-8")
        app.import_kind.value = "meetings"
        app.import_file.value = _upload(bad)
        app._on_import()
        shown.append(app.import_status.value)
        assert "reuniones_pagina.csv" in shown[-1], shown[-1]  # still names the file and the row
        return "\n".join(shown)
    finally:
        project.dispose()


@output("knowledge (BoK) page (Voila): library, gap picker, a gap's relevant practices, an upload's bad rows",
        shows="none")
def _bok_page(env):
    from atlas_qual.store import open_project
    from atlas_qual.store.bok import save_practice
    from atlas_qual.store.gaps import import_gaps
    from atlas_qual.widgets.bok import BokApp

    gaps = env.file("brechas_pagina.csv")
    gaps.write_text("id,title,description\n"
                    "G41,Derivación del caso de Ana Lucía Britez,\"Lo contó Hugo Ramírez al 0981 123 456; "
                    f'{KINDS_TEXT}"\n', encoding="utf-8")
    project = open_project(env.project_path)
    try:
        import_gaps(project, gaps)
        save_practice(project, {"ref": "BOK-LEAK-1", "title": "Ficha de derivación de Yeruti Arandú",
                                "summary": "Como la usó Ramona Villalba (0981 123 456); " + KINDS_TEXT,
                                "source": "Entrevista a Graciela Benítez de Ocampo", "evidence": "limitada",
                                "gaps": "G41"})
        app = BokApp(project, lang="es", gap="G41")
        shown = [widget_text(app)]
        bad = env.file("bok_pagina.csv")
        bad.write_text("ref,title,evidence,topics\n"
                       "BOK-LEAK-2,Ficha,según Ramona Villalba (0981 123 456),trata\n"
                       f"BOK-LEAK-3,Ficha,limitada,\"{KINDS_TEXT}\"\n", encoding="utf-8")
        app._upload.value = _upload(bad)
        app._on_import(None)
        shown.append(app._io_msg.value)
        assert "bok_pagina.csv" in shown[-1], shown[-1]
        return "\n".join(shown)
    finally:
        project.dispose()


@output("atlas-qual bok list (plain, --json), bok relevant and bok export (CSV, Excel) of entries naming people",
        shows="none")
def _bok_cli(env):
    from atlas_qual.store import open_project
    from atlas_qual.store.bok import save_practice
    from atlas_qual.store.gaps import import_gaps

    gaps = env.file("brechas_bok.csv")
    gaps.write_text("id,title,description\nG61,Acompañamiento a víctimas,Derivación y acompañamiento\n",
                    encoding="utf-8")
    project = open_project(env.project_path)
    try:
        import_gaps(project, gaps)
        save_practice(project, {"ref": "BOK-LEAK-9", "title": "Acompañamiento de Yeruti Arandú",
                                "summary": "Lo coordinó Ramona Villalba (0981 123 456); " + KINDS_TEXT,
                                "title_en": "Support for Ana Lucía Britez", "summary_en": KINDS_TEXT,
                                "source": "Entrevista a Graciela Benítez de Ocampo", "evidence": "limitada",
                                "gaps": "G61"})
    finally:
        project.dispose()
    shown = [env.cli("bok", "list", *extra) for extra in ((), ("--json",), ("--query", "acompañamiento"))]
    shown += [env.cli("bok", "relevant", "--gap", "G61", *extra) for extra in ((), ("--json",))]
    csv_out, xlsx_out = env.file("bok_exportado.csv"), env.file("bok_exportado.xlsx")
    shown += [env.cli("bok", "export", csv_out), env.cli("bok", "export", xlsx_out, "--json")]
    shown.append(csv_out.read_text(encoding="utf-8"))
    shown.append(xlsx_text(xlsx_out))
    assert "BOK-LEAK-9" in shown[0] and "BOK-LEAK-9" in shown[-2]  # the entry is there, only its names hidden
    return "\n".join(shown)


def _seeds_file(env) -> Path:
    seeds = env.file("temas_semilla.csv")
    seeds.write_text("nombre,descripción\n"
                     "Derivación,\"la consejera de la CODENI deriva, como contó Ana Lucía Britez al 0981 123 456\"\n"
                     f"Riesgos,\"{KINDS_TEXT}\"\n", encoding="utf-8")
    return seeds


@output("atlas-qual themes --code --json with --seeds naming a listed person (quotes, labels, seed descriptions)",
        shows="some")
def _themes_code(env):
    return env.cli("themes", "--code", "Debilidades", "--seeds", _seeds_file(env), "--json")


@output("atlas-qual themes --texts FILE --column C (human output) with --seeds naming a listed person",
        shows="none")
def _themes_texts_human(env):
    if not env.file("answers.csv").exists():
        _themes_texts(env)
    return env.cli("themes", "--texts", env.file("answers.csv"), "--column", "answer", "--seeds", _seeds_file(env))


@output("atlas-qual workshop create (plain and --json): a title and gaps that name people", shows="none")
def _workshop_create(env):
    gaps = env.file("brechas_taller.csv")
    gaps.write_text("id,title,description\n"
                    "G51,Caso de Ana Lucía Britez,\"Lo contó Hugo Ramírez al 0981 123 456; " + KINDS_TEXT + "\"\n"
                    "G52,Derivación con Ña Teresa Núñez (placa N° 47391),\n", encoding="utf-8")
    shown = [env.cli("workshop", "create", "--title", "Taller con Graciela Benítez de Ocampo", "--gaps", gaps,
                     *extra) for extra in ((), ("--json",))]
    return "\n".join(re.sub(r"[A-Za-z0-9_-]{32}", "KEY", s) for s in shown)


@output("error messages of atlas-qual workshop ballot, bok import and codings import quoting a bad cell",
        shows="none")
def _import_errors(env):
    from atlas_qual.store import open_project

    project = open_project(env.project_path)
    try:
        created = _session_naming_people(project)
        from atlas_qual.store import workshop as W

        W.open_round(project, created.code, created.key, 1)
    finally:
        project.dispose()
    ballots = env.file("papeletas.csv")
    ballots.write_text("participant,gap,criterion,value\n"
                       "p1,G01,C1,Ramona Villalba 0981 123 456\n"
                       "p1,Caso de Yeruti Arandú (placa N° 47391),C1,sí\n"
                       f"p1,G01,\"{KINDS_TEXT}\",sí\n", encoding="utf-8")
    bok = env.file("bok_malo.csv")
    bok.write_text("ref,title,evidence,topics\n"
                   "BOK-LEAK-4,Ficha,según Ramona Villalba (0981 123 456),trata\n"
                   f"BOK-LEAK-5,Ficha,limitada,\"{KINDS_TEXT}\"\n", encoding="utf-8")
    codings = env.file("codificaciones_malas.csv")
    codings.write_text("segment_id,code,coder\n"
                       "Yeruti Arandú 0981 123 456,Debilidades,ana.gimenez\n"
                       f"1,\"Código de Ramona Villalba: {KINDS_TEXT}\",ana.gimenez\n", encoding="utf-8")
    shown = []
    for args, file in ((("workshop", "ballot", "--session", created.code, "--key", created.key, "--file", ballots),
                        ballots),
                       (("bok", "import", bok), bok), (("bok", "import", bok, "--all-or-nothing"), bok),
                       (("codings", "import", codings), codings)):
        for extra in ((), ("--json",)):
            said = env.cli(*args, *extra, ok=False)
            assert file.name in said and "2" in said, said  # the message still names the file and the row
            shown.append(said)
    return "\n".join(shown)


# --- the checks -------------------------------------------------------------------------------------------------

def leaks(text: str) -> list[str]:
    folded = fold(text)
    return [ident for ident in IDENTIFIERS if fold(ident) in folded]


def test_the_seed_holds_every_identifier(env):
    """The check is only worth something if the originals are there to leak: --no-redact shows them."""
    shown = "\n".join(env.cli("segments", "--transcript", i, "--no-redact") for i in env.ids)
    assert set(leaks(shown)) >= {"Graciela", "Ocampo", "Hugo", "Ramírez", "Teresa", "Britez", "Yeruti", "Ramona",
                                 "Gómez Sosa", "Marta", "0981 123", "4.567.890", "hramirez", "3456789", "gmail",
                                 "Fariña", "A. L.", "de la Cruz", *KINDS_IDENTIFIERS} - {"Cardozo"}


REPLACEMENTS = ["Docente CO-1", "Policía CE-3", "Lideresa CE-2", "Fiscal NE-1", "[nombre]", "[name]"]


def corrupted(text: str) -> list[str]:
    """KEPT phrases found with one word swapped for a pseudonym or placeholder ("el fiscal Docente CO-1 turno")."""
    found = []
    for phrase in KEPT:
        words = phrase.split()
        if len(words) < 2:
            continue
        for i in range(len(words)):
            for replacement in REPLACEMENTS:
                variant = " ".join([*words[:i], replacement, *words[i + 1:]])
                if variant in text:
                    found.append(variant)
    return found


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_output_shows_no_listed_name_phone_cedula_or_email(env, name):
    fn, shows = OUTPUTS[name]
    text = fn(env)
    assert text.strip(), f"{name} produced nothing"
    found = leaks(text)
    assert not found, f"{name} leaks {found}: " + " | ".join(
        text[max(0, m.start() - 80):m.end() + 40] for f in found for m in re.finditer(re.escape(f), text, re.I))[:2000]
    assert not corrupted(text), f"{name} changed words that are not names: {corrupted(text)}"
    if shows == "all":
        missing = [w for w in KEPT if w not in text and w.replace(" ", "\u00a0") not in text]
        assert not missing, f"{name} lost words that are not names: {missing}"
