"""An unexpected error in a command (a bug, a database failure) gives one line without values, not a traceback.

A traceback quotes what the code was handling: a database's "DETAIL: Key (name)=(Graciela Benítez) already
exists", the text a function was given. On a projected terminal or in a message pasted to a helpdesk that is an
interviewee's name. The user gets the kind of error and how to see the detail on purpose (ATLAS_QUAL_DEBUG=1).
"""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from atlas_qual.i18n import t

SECRET = "Graciela Benítez"


class UniqueViolation(Exception):
    pass


def _failing(ctx):
    raise IntegrityError("INSERT INTO redaction_names (name) VALUES (%(name)s)", {"name": SECRET},
                         UniqueViolation(f"duplicate key value\nDETAIL:  Key (name)=({SECRET}) already exists."))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_unexpected_database_error_is_one_line_without_the_values(cli, project_path, monkeypatch, lang):
    import atlas_qual.commands.project as commands

    monkeypatch.setattr(commands, "cmd_info", _failing)
    monkeypatch.delenv("ATLAS_QUAL_DEBUG", raising=False)
    res = cli("info", "--project", project_path, "--lang", lang)
    assert res.code == 1
    lines = res.err.strip().splitlines()
    assert len(lines) == 1, res.err
    assert lines[0] == "atlas-qual: error: " + t("cli_unexpected_error", lang=lang, kind="IntegrityError/UniqueViolation")
    for leak in ("Graciela", "Benítez", "Traceback", "DETAIL", "INSERT"):
        assert leak not in res.err and leak not in res.out
    assert "ATLAS_QUAL_DEBUG=1" in lines[0]


def test_the_detail_is_there_when_asked_for(cli, project_path, monkeypatch):
    import atlas_qual.commands.project as commands

    monkeypatch.setattr(commands, "cmd_info", _failing)
    monkeypatch.setenv("ATLAS_QUAL_DEBUG", "1")
    with pytest.raises(IntegrityError, match="Graciela"):
        cli("info", "--project", project_path)
