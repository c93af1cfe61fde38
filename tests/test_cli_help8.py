"""`atlas-qual --help`, each command's --help and argparse's usage errors in the reader's language: Spanish by default,
English with --lang en or ATLAS_QUAL_LANG=en; exit codes unchanged (help 0, usage error 2)."""

from __future__ import annotations

import argparse
import gettext
import re

import pytest
from conftest import run_cli_process

from atlas_qual import cli as cli_module
from atlas_qual import i18n

SPANISH = {"ATLAS_QUAL_LANG": "", "COLUMNS": "100"}
ENGLISH_ENV = {"ATLAS_QUAL_LANG": "en", "COLUMNS": "100"}
ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help message and exit",
                    "show program's version number and exit")
COMMANDS = [[], ["segments"], ["import"], ["workshop", "round"], ["codings", "export"], ["report", "dmop"], ["names"]]


def _command_names() -> set[str]:
    names, todo = set(), [cli_module.build_parser()]
    while todo:
        for action in todo.pop()._actions:
            if isinstance(action, argparse._SubParsersAction):
                names.update(action.choices)
                todo.extend(action.choices.values())
    return names


def _technical(line: str, commands: set[str]) -> bool:
    """A line made only of options, metavars, values and command names (the same in both languages)."""
    for token in line.split():
        token = token.strip(",")
        if token[:1] in "-[{" or token in commands or any(c in token for c in ".|/$_") or not re.search("[a-z]", token):
            continue
        return False
    return True


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "atlas-qual")
def test_help_is_spanish_by_default_and_english_with_lang_en(command):
    es = run_cli_process(*command, "--help", env=SPANISH)
    en = run_cli_process("--lang", "en", *command, "--help", env=SPANISH)
    assert es.code == 0 and en.code == 0, (es, en)
    assert es.out.startswith("uso: atlas-qual") and "opciones:" in es.out and "muestra esta ayuda y termina" in es.out
    assert not [w for w in ARGPARSE_ENGLISH if w in es.out], es.out
    assert en.out.startswith("usage: atlas-qual") and "show this help message and exit" in en.out
    # no line of the English help (a sentence, a summary) is left untranslated in the Spanish one
    english_lines = set(en.out.splitlines())
    commands = _command_names()
    same = [line for line in es.out.splitlines() if line in english_lines and not _technical(line, commands)]
    assert not same, same


def test_top_help_summarises_every_command_in_spanish_and_says_how_to_read_it_in_english():
    out = run_cli_process("--help", env=SPANISH).out
    assert "crea un proyecto con los datos de referencia" in out
    assert "copia de seguridad del proyecto" in out and "online backup" not in out
    assert "atlas-qual --lang en COMMAND" in out and "ATLAS_QUAL_LANG=en" in out
    assert "qualitative research" not in out.lower()


def test_command_help_opens_with_its_summary_in_the_readers_language():
    es = run_cli_process("segments", "--help", env=SPANISH).out
    en = run_cli_process("segments", "--help", env=ENGLISH_ENV).out
    assert "\nsegmentos de una transcripción\n" in es
    assert "muestra nombres y datos personales (solo para evaluadores)" in es
    assert "\nsegments of a transcript\n" in en and "show names and personal data (evaluators only)" in en


def test_the_environment_and_a_lang_after_help_also_give_english():
    by_env = run_cli_process("workshop", "round", "--help", env=ENGLISH_ENV)
    by_flag = run_cli_process("--lang", "en", "workshop", "round", "--help", env=SPANISH)
    after_help = run_cli_process("workshop", "round", "--help", "--lang", "en", env=SPANISH)
    assert by_env.code == by_flag.code == after_help.code == 0
    assert by_env.out == by_flag.out == after_help.out
    assert "facilitator key (or $ATLAS_QUAL_FACILITATOR_KEY)" in by_env.out


def test_the_transcripts_language_of_import_does_not_switch_the_help():
    # `import --lang en` names the language of the transcripts, not of the messages
    res = run_cli_process("import", "--lang", "en", "--help", env=SPANISH)
    assert res.code == 0 and res.out.startswith("uso: ") and "idioma de las transcripciones" in res.out


@pytest.mark.parametrize("args, spanish, english", [
    (["frobnicate"], "argumento COMMAND: opción no válida: 'frobnicate' (elija entre 'init', ",
     "argument COMMAND: invalid choice: 'frobnicate' (choose from 'init', "),
    ([], "faltan estos argumentos obligatorios: COMMAND", "the following arguments are required: COMMAND"),
    (["segments"], "atlas-qual segments: error: faltan estos argumentos obligatorios: --transcript",
     "atlas-qual segments: error: the following arguments are required: --transcript"),
    (["info", "--bogus"], "no se reconocen estos argumentos: --bogus", "unrecognized arguments: --bogus"),
    (["serve", "--port", "abc"], "argumento --port: valor no válido: 'abc'", "argument --port: invalid int value: 'abc'"),
    (["info", "--project"], "argumento --project: falta el valor de esta opción",
     "argument --project: expected one argument"),
])
def test_usage_errors_are_exit_2_in_the_readers_language(args, spanish, english):
    es = run_cli_process(*args, env=SPANISH)
    en = run_cli_process("--lang", "en", *args, env=SPANISH)
    assert es.code == 2 and en.code == 2, (es, en)
    assert es.out == "" and en.out == ""
    assert es.err.startswith("uso: atlas-qual") and spanish in es.err, es.err
    assert not [w for w in ("usage:", "invalid", "required", "unrecognized", "expected") if w in es.err], es.err
    assert en.err.startswith("usage: atlas-qual") and english in en.err, en.err


def test_every_help_text_of_the_parser_is_a_catalog_key_translated_in_spanish_and_english():
    todo, seen = [cli_module.build_parser()], 0
    while todo:
        parser = todo.pop()
        helps = [a.help for a in parser._actions]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps += [choice.help for choice in action._choices_actions]
                todo.extend(action.choices.values())
        for text in [parser.description, parser.epilog, *helps]:
            if text in (None, argparse.SUPPRESS) or text in cli_module._ARGPARSE_KEYS:
                continue
            seen += 1
            assert text.startswith("cli_help_"), f"{parser.prog}: {text!r} is not a catalog key"
            assert i18n.t(text, lang="es") != i18n.t(text, lang="en"), text
    assert seen > 150


def test_argparse_translations_keep_its_placeholders():
    # a bare %s must stay (argparse fills it positionally); a named field may be left out (Spanish drops the
    # programming type name of "invalid %(type)s value") but never added
    for msgid, key in cli_module._ARGPARSE_KEYS.items():
        es = i18n.t(key, lang="es")
        assert re.findall(r"%[sr]", es) == re.findall(r"%[sr]", msgid), key
        assert set(re.findall(r"%\(\w+\)[sr]", es)) <= set(re.findall(r"%\(\w+\)[sr]", msgid)), key
        assert "%(value)r" not in msgid or "%(value)r" in es, key
        assert i18n.t(key, lang="en") == msgid  # English is argparse's own text


def test_argparse_is_left_as_it_was_after_a_command(cli):
    assert cli("--help").code == 0
    assert cli("frobnicate").code == 2
    assert argparse._ is gettext.gettext
    assert "usage:" in argparse.ArgumentParser(prog="other").format_usage()
