"""What a field tester met on the command line: a colleague's project (no permission, read-only folder or file),
agreement words and coders, themes signatures, --themes K beyond the texts, Spanish seed headers, Excel headers."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import select

from atlas_qual.store.models import Segment

INTERVIEW = ("Territorio: Alto Paraná\nDMOP: MAUEP\n\n"
             "Entrevistadora: ¿Cómo coordinan la derivación de casos?\n"
             "Inspector: Llamamos primero a la CODENI y después a la fiscalía.\n"
             "Entrevistadora: ¿Qué dificultades tienen?\n"
             "Inspector: No hay combustible para la camioneta ni viáticos para salir al campo.\n")


@pytest.fixture(autouse=True)
def _no_default_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ATLAS_QUAL_PROJECT", raising=False)
    monkeypatch.delenv("ATLAS_QUAL_LANG", raising=False)


@pytest.fixture
def coded_by_two(project, tmp_path):
    """One interview coded by ana and beto (they disagree on one turn)."""
    from atlas_qual.store.coding import apply_code
    from atlas_qual.store.transcripts import import_files

    f = tmp_path / "inspector.txt"
    f.write_text(INTERVIEW, encoding="utf-8")
    report = import_files(project, [f])
    assert not report.errors, report.errors
    with project.session() as s:
        segs = [sid for (sid,) in s.execute(select(Segment.id).order_by(Segment.ordinal))]
    for coder in ("ana", "beto"):
        apply_code(project, segs[3], "Debilidades", coder)
    apply_code(project, segs[1], "Fortalezas", "ana")
    return project


# --- 15: agreement ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("coders", ["ana,nadie", "nadie,otro"])
def test_agreement_with_an_unknown_coder_lists_every_coder_of_the_project(coded_by_two, project_path, cli, coders):
    res = cli("agreement", "--coders", coders, "--project", project_path)
    assert res.code == 1 and res.out == ""
    line = res.err.strip()
    assert "\n" not in line and "«nadie»" in line
    assert "Codificadores conocidos: ana, beto." in line


def test_spanish_agreement_text_uses_spanish_words_and_decimal_commas(coded_by_two, project_path, cli):
    res = cli("agreement", "--project", project_path)
    assert res.code == 0, res
    code_lines = [x for x in res.out.splitlines() if x.startswith("  Evaluación/")]
    assert code_lines, res.out
    for raw in ("kappa=", "alpha=", "alpha_u", "n="):
        assert raw not in res.out
    assert "kappa de Cohen" in code_lines[0] and "alfa de Krippendorff" in code_lines[0]
    assert "acuerdo: 75,0\u00a0%" in res.out and "0.750" not in res.out   # 3 of 4 units agree, as the page says it
    assert "1 desacuerdo (segmento, código)" in res.out


def test_english_agreement_text_keeps_decimal_points_and_json_keeps_its_keys(coded_by_two, project_path, cli):
    res = cli("agreement", "--lang", "en", "--project", project_path)
    assert "Cohen's kappa" in res.out and "agreement: 75.0%" in res.out and "0,750" not in res.out
    data = cli("agreement", "--json", "--project", project_path).json()
    assert set(data["per_code"]["Evaluación/Debilidades"]) >= {"kappa", "alpha", "n"}
    assert isinstance(data["percent_agreement"], float)


def test_query_error_is_in_one_language():
    from atlas_qual.errors import AtlasQualError
    from atlas_qual.query import parse

    with pytest.raises(AtlasQualError) as err:
        parse("Debilidades AND")
    assert "código / code" not in err.value.message("es") and "nombre de código" in err.value.message("es")
    assert "código" not in err.value.message("en") and "code name" in err.value.message("en")


# --- 21: themes signatures ---------------------------------------------------------------------------------------


def test_theme_quotes_are_signed_with_territory_names_not_stored_keys():
    from atlas_qual.commands.themes import _human_run

    quote = {"text": "No hay combustible para la camioneta.",
             "meta": {"pseudonym": "INS-BOQ-03", "role": "inspector de trabajo", "territory": "boqueron"}}
    data = {"run": {"code": "Evaluación/Debilidades", "id": 1, "model": "m", "filters": {"territory": "alto_parana"},
                    "params": {}},
            "segments": [1, 2], "assignments": [0, 0],
            "themes": [{"id": 0, "label": "Falta de recursos", "label_confirmed": True, "size": 2,
                        "terms": ["combustible"], "quotes": [quote]}]}
    text = _human_run(data)
    assert "— INS-BOQ-03, inspector de trabajo, Boquerón" in text
    assert "Alto Paraná" in text
    assert "boqueron" not in text and "alto_parana" not in text


# --- 9: --themes K and seed headers -----------------------------------------------------------------------------


def _answers_csv(path: Path, n: int = 12) -> Path:
    words = ["presupuesto", "combustible", "registro", "protocolo", "derivación", "fiscalía"]
    rows = [f"Falta {words[i % 6]} y {words[(i + 1) % 6]} para trabajar con la {words[(i + 2) % 6]} en el campo"
            for i in range(n)]
    path.write_text("respuesta\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_more_themes_than_texts_is_a_one_line_error_naming_the_maximum(tmp_path, cli):
    res = cli("themes", "--texts", _answers_csv(tmp_path / "r.csv"), "--column", "respuesta", "--themes", "100",
              "--json")
    assert res.code == 1 and res.out == ""
    line = res.err.strip()
    assert "\n" not in line and "100 temas para 12 textos" in line and "como máximo 12" in line


@pytest.mark.parametrize("header", ["nombre,descripción", "name,description", "Nombre,Descripcion"])
def test_seed_file_accepts_spanish_and_english_headers(tmp_path, header):
    from atlas_qual.store.theme_texts import read_seeds

    f = tmp_path / "semillas.csv"
    f.write_text(f"{header}\nFalta de recursos,presupuesto\n", encoding="utf-8")
    assert read_seeds(f) == [("Falta de recursos", "presupuesto")]


def test_seed_file_with_another_header_names_both_spellings(tmp_path):
    from atlas_qual.errors import AtlasQualError
    from atlas_qual.store.theme_texts import read_seeds

    f = tmp_path / "semillas.csv"
    f.write_text("nombre,descr\nX,y\n", encoding="utf-8")
    with pytest.raises(AtlasQualError) as err:
        read_seeds(f)
    assert "nombre,descripción" in err.value.message("es") and "name,description" in err.value.message("es")


# --- 7: Excel headers ---------------------------------------------------------------------------------------------


def test_spanish_workbook_has_spanish_headers_and_pandas_reads_no_blank_ones(coded_by_two, project_path, tmp_path,
                                                                              cli):
    import pandas as pd

    out = tmp_path / "todo.xlsx"
    assert cli("export", "xlsx", out, "--project", project_path).code == 0
    sheets = pd.read_excel(out, sheet_name=None)
    codings = sheets["Codificaciones"]
    assert list(codings.columns[:3]) == ["ID del segmento", "Código", "Codificador"]
    assert "Territorio" in codings.columns and "territory" not in codings.columns
    assert set(codings["Origen"]) == {"Manual"}  # a stored key ("manual") is shown by its name
    assert "Territorio" in sheets["Entrevistas"].columns
    blank = [(name, c) for name, df in sheets.items() for c in df.columns if str(c).startswith("Unnamed")]
    assert not blank, blank
    matrix = sheets["Código x Territorio"].set_index("Código")
    assert matrix.loc["Evaluación/Debilidades", "Alto Paraná: segmentos"] == 1
    assert matrix.loc["Evaluación/Debilidades", "Alto Paraná: % de entrevistas"] == 100.0


def test_csv_export_keeps_the_column_keys_scripts_read(coded_by_two, project_path, tmp_path, cli):
    out = tmp_path / "c.csv"
    assert cli("codings", "export", out, "--project", project_path).code == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("segment_id,code,coder")


# --- 13, 14: a colleague's project --------------------------------------------------------------------------------


def test_project_without_read_permission_is_a_one_line_error(project_path, cli, monkeypatch):
    if "://" in str(project_path):
        pytest.skip("file permissions are a SQLite matter")
    from atlas_qual.store import db

    def refused(path, *a, **kw):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(db, "open", refused, raising=False)
    res = cli("info", "--project", project_path)
    assert res.code == 1 and "Traceback" not in res.err
    assert res.err.strip() == (f"atlas-qual: error: No tiene permiso para leer {project_path}; pida acceso a quien lo "
                               "creó (o una copia) o indique otro proyecto con --project.")


def test_read_only_project_is_read_and_a_write_says_the_file_is_read_only(coded_by_two, project_path, cli,
                                                                          monkeypatch):
    if "://" in str(project_path):
        pytest.skip("file permissions are a SQLite matter")
    coded_by_two.dispose()
    from atlas_qual.store import db

    real = os.access
    monkeypatch.setattr(db.os, "access", lambda p, mode: False if mode & os.W_OK and str(p) == str(project_path)
                        else real(p, mode))
    info = cli("info", "--json", "--project", project_path)
    assert info.code == 0 and info.json()["coders"] == ["ana", "beto"]
    res = cli("names", "add", "Rosa Benítez Ojeda", "--project", project_path)
    assert res.code == 1
    assert "es de solo lectura" in res.err and "Traceback" not in res.err and len(res.err.strip().splitlines()) == 1


# the real thing: another user (nobody) on a project made by root, as on a shared machine
SETPRIV = shutil.which("setpriv")
needs_other_user = pytest.mark.skipif(not SETPRIV or os.geteuid() != 0,
                                      reason="needs setpriv and root to run as another user")


@pytest.fixture
def shared_dir(backend):
    if backend != "sqlite":
        pytest.skip("file permissions are a SQLite matter")
    d = Path(tempfile.mkdtemp(prefix="aq-shared-", dir="/tmp"))
    d.chmod(0o755)
    yield d
    for p in d.rglob("*"):
        p.chmod(0o700 if p.is_dir() else 0o600)
    shutil.rmtree(d)


def _as_nobody(*args) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("atlas-qual")
    env = {k: v for k, v in os.environ.items() if k not in ("ATLAS_QUAL_PROJECT", "ATLAS_QUAL_LANG")}
    env["HOME"] = "/tmp"
    return subprocess.run([SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups", str(exe), *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env, cwd="/tmp")


def _shared_project(folder: Path, mode: int) -> Path:
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    path = folder / "p.aqproj"
    p = open_project(path, create=True)
    init_project(p)
    p.dispose()
    path.chmod(mode)
    return path


@needs_other_user
def test_colleagues_owner_only_project_is_refused_in_one_line(shared_dir):
    path = _shared_project(shared_dir, 0o600)
    res = _as_nobody("info", "--project", path)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.strip().startswith(f"atlas-qual: error: No tiene permiso para leer {path};")


@needs_other_user
def test_project_in_a_read_only_folder_can_be_read_and_exported_but_not_changed(shared_dir):
    path = _shared_project(shared_dir, 0o644)
    out = Path(tempfile.mkdtemp(prefix="aq-out-", dir="/tmp"))
    out.chmod(0o777)
    try:
        shared_dir.chmod(0o555)
        info = _as_nobody("info", "--json", "--project", path)
        assert info.returncode == 0, info.stderr
        assert '"schema_version": 2' in info.stdout
        export = _as_nobody("export", "xlsx", out / "x.xlsx", "--project", path)
        assert export.returncode == 0, export.stderr
        assert (out / "x.xlsx").stat().st_size > 0
        write = _as_nobody("names", "add", "Rosa Benítez Ojeda", "--project", path)
        assert write.returncode == 1 and "Traceback" not in write.stderr
        assert f"La carpeta {shared_dir} es de solo lectura" in write.stderr
        workshop = _as_nobody("workshop", "create", "--title", "Taller", "--json", "--project", path)
        assert workshop.returncode == 1 and workshop.stderr.count("\n") == 1
        assert f"La carpeta {shared_dir} es de solo lectura" in workshop.stderr
        new = _as_nobody("init", "--project", shared_dir / "nuevo.aqproj")
        assert new.returncode == 1 and "Traceback" not in new.stderr
        assert f"No tiene permiso para usar {shared_dir / 'nuevo.aqproj'}" in new.stderr
        assert sorted(p.name for p in shared_dir.iterdir()) == ["p.aqproj"]   # no -wal, -shm or lock left behind
    finally:
        shared_dir.chmod(0o755)
        shutil.rmtree(out)


@needs_other_user
def test_analyst_opens_a_project_in_a_read_only_folder(shared_dir):
    path = _shared_project(shared_dir, 0o644)
    shared_dir.chmod(0o555)
    try:
        code = f"import atlas_qual as aq; p = aq.open_project({str(path)!r}); print(len(p.codebook()) > 0)"
        res = subprocess.run([SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", code],
                             capture_output=True, text=True, timeout=300, cwd="/tmp", env={**os.environ, "HOME": "/tmp"})
        assert res.returncode == 0, res.stderr
        assert res.stdout.strip() == "True"
    finally:
        shared_dir.chmod(0o755)


@needs_other_user
def test_read_only_file_in_a_shared_folder_can_be_read(shared_dir):
    path = _shared_project(shared_dir, 0o444)
    res = _as_nobody("info", "--json", "--project", path)
    assert res.returncode == 0, res.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_init_on_an_existing_empty_file_makes_it_owner_only_like_a_new_project(tmp_path, cli):
    empty = tmp_path / "cero.db"
    empty.touch()
    empty.chmod(0o644)  # touched in a shared folder: every user could read the interviews about to go in
    res = cli("init", "--project", empty)
    assert res.code == 0, res.err
    assert stat.S_IMODE(empty.stat().st_mode) == 0o600
