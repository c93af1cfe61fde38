"""The CLI contract: exit codes, one-line messages in Spanish and English, --project and ATLAS_QUAL_PROJECT."""

from __future__ import annotations

import json

from conftest import run_cli_process

INFO_KEYS = {"schema_version", "transcripts", "segments", "codings", "coders", "codes", "gaps", "sessions", "dmops",
             "themes"}


def test_init_then_info_json_has_the_contract_keys(cli, tmp_path):
    path = tmp_path / "p.db"
    assert cli("init", "--project", path).code == 0
    res = cli("info", "--json", "--project", path)
    assert res.code == 0, res
    info = res.json()
    assert set(info) == INFO_KEYS
    assert info["dmops"] == 3 and info["transcripts"] == 0 and info["codes"] >= 30


def test_project_comes_from_the_environment_variable(tmp_path, monkeypatch, cli):
    path = tmp_path / "env.db"
    monkeypatch.setenv("ATLAS_QUAL_PROJECT", str(path))
    assert cli("init").code == 0
    assert path.exists()
    assert cli("info", "--json").json()["dmops"] == 3


def test_missing_project_is_exit_1_with_one_line_in_spanish_by_default(cli, tmp_path):
    res = cli("info", "--project", tmp_path / "missing.db")
    assert res.code == 1
    assert res.out == ""
    lines = res.err.strip().splitlines()
    assert len(lines) == 1 and "atlas-qual init" in lines[0] and "No hay un proyecto" in lines[0]


def test_messages_in_english_with_lang(cli, tmp_path):
    res = cli("info", "--lang", "en", "--project", tmp_path / "missing.db")
    assert res.code == 1 and "There is no project" in res.err


def test_non_project_file_is_exit_1_and_untouched(cli, tmp_path):
    fake = tmp_path / "thesis.docx"
    fake.write_bytes(b"PK\x03\x04 not a database")
    res = cli("info", "--json", "--project", fake)
    assert res.code == 1 and "thesis.docx" in res.err
    assert fake.read_bytes() == b"PK\x03\x04 not a database"


def test_unknown_command_is_a_usage_error_exit_2(cli):
    res = cli("frobnicate")
    assert res.code == 2 and "opción no válida: 'frobnicate'" in res.err  # argparse's words in Spanish too


def test_installed_console_script_runs_in_a_fresh_process(tmp_path):
    path = tmp_path / "proc.db"
    assert run_cli_process("init", "--project", path).code == 0
    res = run_cli_process("info", "--json", "--project", path)
    assert res.code == 0 and json.loads(res.out)["schema_version"] >= 1
    bad = run_cli_process("info", "--project", tmp_path / "nothing-here.db")
    assert bad.code == 1 and bad.err.count("\n") == 1


def test_codebook_export_edit_and_import_through_the_cli(cli, project_path, tmp_path):
    import csv

    book = tmp_path / "libro.csv"
    res = cli("codebook", "export", book, "--project", project_path, "--json")
    assert res.code == 0 and res.json()["codes"] >= 30
    with open(book, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    new = dict.fromkeys(header, "")
    new.update({k: v for k, v in {"path": "Temas/Explotación sexual", "name": "Explotación sexual",
                                  "color": "#aa3355"}.items() if k in header})
    with open(book, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows + [new])
    res = cli("codebook", "import", book, "--project", project_path, "--json")
    assert res.code == 0, res
    assert res.json()["added"] == 1
    yaml_book = tmp_path / "libro.yaml"
    assert cli("codebook", "export", yaml_book, "--project", project_path).code == 0
    assert "Explotación sexual" in yaml_book.read_text(encoding="utf-8")
