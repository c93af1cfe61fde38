"""A damaged file's error says why in the reader's language: the reasons Python and the operating system give in
English ("File is not a zip file", "no %PDF- signature", "Permission denied") are translated in Spanish output."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from atlas_qual.errors import AtlasQualError, reason_text


def _import(tmp_path, *args, lang_before=None):
    project = tmp_path / "p.db"
    cli = [sys.executable, "-m", "atlas_qual.cli"]
    subprocess.run(cli + ["init", "--project", str(project)], check=True, capture_output=True, text=True)
    pre = ["--lang", lang_before] if lang_before else []
    return subprocess.run(cli + pre + ["import", *args, "--project", str(project)], capture_output=True, text=True,
                          cwd=tmp_path, env={**os.environ, "ATLAS_QUAL_LANG": ""})


@pytest.mark.parametrize("name,data,spanish", [
    ("dañado.pdf", b"esto no es un pdf", "no empieza como un PDF"),
    ("cortado.docx", b"PK\x03\x04" + b"\x00" * 40, "no es un archivo zip"),
])
def test_damaged_file_reason_is_spanish(tmp_path, name, data, spanish):
    (tmp_path / name).write_bytes(data)
    run = _import(tmp_path, name)
    assert run.returncode == 1
    assert spanish in run.stderr
    for english in ("signature", "File is not", "zip file"):
        assert english not in run.stderr, run.stderr


def test_damaged_file_reason_in_english_when_asked(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf")
    run = _import(tmp_path, "broken.pdf", lang_before="en")
    assert run.returncode == 1
    assert "it does not start as a PDF does" in run.stderr


def test_os_reasons_translated_and_unknown_kept():
    err = AtlasQualError("file_unreadable", file="a.txt", reason="Permission denied")
    assert "permiso denegado" in err.message("es")
    assert "permission denied" in err.message("en")
    # a detail nobody listed stays as it was (never a raw key)
    assert reason_text("line 3: unexpected '<'", "es") == "line 3: unexpected '<'"
