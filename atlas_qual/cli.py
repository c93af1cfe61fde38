"""`atlas-qual`: the command line over the core (contract in DESIGN.md); --json output for scripts.

Every command takes ``--project PATH|URL`` (default ``$ATLAS_QUAL_PROJECT``, else ``data/atlas.db``). Bad input: one
line on stderr naming the file/row and the fix, exit code 1 (usage errors 2), nothing half-written. Command bodies
live in ``atlas_qual/commands/<area>.py`` and are imported only when run, so ``atlas-qual info`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from contextlib import contextmanager
from typing import Any, Callable, Sequence

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import N_

# command path -> "module:function" in atlas_qual.commands
HANDLERS: dict[str, str] = {}


class Context:
    """What a command needs: its arguments, the project (opened on first use) and output helpers."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._project = None

    @property
    def project_arg(self) -> str | None:
        return getattr(self.args, "project", None)

    def project(self, *, create: bool = False):
        if self._project is None:
            from atlas_qual.store import open_project

            self._project = open_project(self.project_arg, create=create)
            _apply_project_lang(self._project, self.args)
        return self._project

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def emit(self, data: Any, human: str | Callable[[], str] | None = None) -> None:
        """Print ``data`` as JSON with --json, else the human text (or JSON when there is none)."""
        if self.json or human is None:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            print(human() if callable(human) else human)

    def progress(self, total: int, desc: str):
        """A progress bar on stderr for long work (hidden with --json or when stderr is not a terminal)."""
        from tqdm import tqdm

        return tqdm(total=total, desc=desc, file=sys.stderr, disable=self.json or not sys.stderr.isatty(),
                    leave=False)

    def close(self) -> None:
        if self._project is not None:
            self._project.dispose()


def _apply_project_lang(project, args) -> None:
    from atlas_qual import i18n

    if getattr(args, "ui_lang", None) or os.environ.get("ATLAS_QUAL_LANG"):
        return
    lang = project.meta("lang")
    if lang in i18n.LANGS:
        i18n.set_lang(lang)


# --- help and usage errors in the reader's language ------------------------------------------------------------------
# The commands' help texts are catalog keys (cli_help_<command>[_<sub>][_<option>], cli_help_common_* when several
# commands share a text), marked with N_ and looked up when help is shown, so `--lang en` or ATLAS_QUAL_LANG=en gives
# English help and Spanish stays the default. argparse's own words (its gettext msgids) map to cli_argparse_* keys:
_ARGPARSE_KEYS = {
    "usage: ": N_("cli_argparse_usage"),
    "positional arguments": N_("cli_argparse_positionals"),
    "options": N_("cli_argparse_options"),
    "show this help message and exit": N_("cli_argparse_help"),
    "show program's version number and exit": N_("cli_argparse_version"),
    "%(prog)s: error: %(message)s\n": N_("cli_argparse_error"),
    "argument %(argument_name)s: %(message)s": N_("cli_argparse_argument"),
    "the following arguments are required: %s": N_("cli_argparse_required"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_("cli_argparse_invalid_choice"),
    "unrecognized arguments: %s": N_("cli_argparse_unrecognized"),
    "invalid %(type)s value: %(value)r": N_("cli_argparse_invalid_type"),
    "expected one argument": N_("cli_argparse_expected_one"),
    "expected at most one argument": N_("cli_argparse_expected_at_most_one"),
    "expected at least one argument": N_("cli_argparse_expected_at_least_one"),
    "ambiguous option: %(option)s could match %(matches)s": N_("cli_argparse_ambiguous"),
    "not allowed with argument %s": N_("cli_argparse_not_allowed_with"),
    "ignored explicit argument %r": N_("cli_argparse_ignored_explicit"),
    "one of the arguments %s is required": N_("cli_argparse_one_required"),
}
# the options that choose the language of messages (import's and search's --lang name the texts' language instead)
_UI_LANG_DESTS = ("ui_lang", "ui_lang_global")


def _tr(text):
    """``text`` in the reader's language when it is a cli_* catalog key or one of argparse's own words, else as is."""
    from atlas_qual import i18n

    key = _ARGPARSE_KEYS.get(text, text) if isinstance(text, str) else None
    return i18n.t(key) if key and key.startswith("cli_") and i18n.has(key) else text


@contextmanager
def _argparse_in_lang():
    """Meanwhile argparse's module-level gettext (``usage:``, its error messages) answers from the catalogs."""
    saved = argparse._
    argparse._ = _tr
    try:
        yield
    finally:
        argparse._ = saved


class _HelpFormatter(argparse.HelpFormatter):
    """Help texts, descriptions and section titles in the reader's language, looked up when the help is shown."""

    def start_section(self, heading):
        super().start_section(_tr(heading))

    def _format_text(self, text):
        return super()._format_text(_tr(text))

    def _get_help_string(self, action):
        text = _tr(action.help)
        return text.replace("%", "%%") if text != action.help else text  # a catalog text is plain text


class _Parser(argparse.ArgumentParser):
    """The parser of `atlas-qual` and its commands: help, usage and usage errors in the reader's language."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):  # "unrecognized arguments" is written here
        with _argparse_in_lang():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _argparse_in_lang():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _argparse_in_lang():
            return super().format_usage()

    def format_help(self) -> str:
        with _argparse_in_lang():
            return super().format_help()

    def error(self, message):
        with _argparse_in_lang():
            super().error(message)


def _describe_commands(parser: argparse.ArgumentParser) -> None:
    """Each command's own --help opens with the summary the command list shows for it."""
    for action in parser._actions:  # noqa: SLF001  (argparse has no public walk over its subcommands)
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for choice in action._choices_actions:  # noqa: SLF001
                child = action.choices[choice.dest]
                if child.description is None:
                    child.description = choice.help
                _describe_commands(child)


def _lang_asked(parser: argparse.ArgumentParser, argv: Sequence[str]) -> str | None:
    """The language of messages asked on the command line (`--lang en` before the command, or on a command whose
    --lang is that of its messages), read before parsing so that --help and usage errors are already in it."""
    found: dict[str, str] = {}
    i = 0
    while i < len(argv):
        token = argv[i]
        i += 1
        if token == "--":
            break
        if token.startswith("-"):
            option, has_value, value = token.partition("=")
            action = parser._option_string_actions.get(option)  # noqa: SLF001
            if action is None or action.nargs == 0:
                continue
            if not has_value and i < len(argv):
                value, i = argv[i], i + 1
            if action.dest in _UI_LANG_DESTS and value in (action.choices or ()):
                found[action.dest] = value
            continue
        for action in parser._actions:  # noqa: SLF001
            if isinstance(action, argparse._SubParsersAction) and token in action.choices:  # noqa: SLF001
                parser = action.choices[token]
                break
    return found.get("ui_lang") or found.get("ui_lang_global")


def _common(json_flag: bool = True, lang_flag: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--project", metavar="PATH|URL",
                   help=N_("cli_help_common_project"))
    if json_flag:
        p.add_argument("--json", action="store_true", help=N_("cli_help_common_json"))
    if lang_flag:
        p.add_argument("--lang", dest="ui_lang", choices=["es", "en"], help=N_("cli_help_common_lang"))
    return p


def _theme_count(value: str) -> int:
    """--themes K: a whole number; otherwise a usage error in both languages (--lang is not read yet)."""
    try:
        return int(value.strip())
    except ValueError:
        from atlas_qual.i18n import t

        raise argparse.ArgumentTypeError(" / ".join(t("themes_cli_k_not_number", lang=lang, k=value)
                                                    for lang in ("es", "en"))) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="atlas-qual",
        description=N_("cli_help_description"),
        epilog=N_("cli_help_epilog"),
    )
    parser.add_argument("--version", action="version", version=f"atlas-qual {_version()}")
    parser.add_argument("--lang", dest="ui_lang_global", choices=["es", "en"], help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    common, common_nolang = _common(), _common(lang_flag=False)

    def add(name: str, handler: str, help: str, parent=None, parents=None, **kw) -> argparse.ArgumentParser:
        target = parent if parent is not None else sub
        p = target.add_parser(name, help=help, parents=parents if parents is not None else [common], **kw)
        path = (p.prog.split(" ", 1)[1] if " " in p.prog else name)
        HANDLERS[path] = handler
        p.set_defaults(_handler=handler)
        return p

    add("init", "project:cmd_init", N_("cli_help_init"))
    add("demo", "project:cmd_demo", N_("cli_help_demo"))
    p = add("serve", "serve:cmd_serve", N_("cli_help_serve"))
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--ip", default="127.0.0.1", help=N_("cli_help_serve_ip"))
    p.add_argument("--no-browser", action="store_true")
    p.add_argument("--pool-size", type=int, default=int(os.environ.get("ATLAS_QUAL_POOL_SIZE", "2")),
                   help=N_("cli_help_serve_pool_size"))
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help=N_("cli_help_serve_allow_host"))
    p.add_argument("--culling", type=int, default=300, help=N_("cli_help_serve_culling"))
    p.add_argument("--workshop-only", action="store_true",
                   help=N_("cli_help_serve_workshop_only"))
    p.add_argument("--admin-password-file", metavar="FILE",
                   help=N_("cli_help_serve_admin_password_file"))
    add("info", "project:cmd_info", N_("cli_help_info"))

    p = add("import", "transcripts:cmd_import",
            N_("cli_help_import"), parents=[common_nolang])
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dmop")
    p.add_argument("--territory")
    p.add_argument("--institution")
    p.add_argument("--role")
    p.add_argument("--mode", metavar="MODE",
                   help=N_("cli_help_import_mode"))
    p.add_argument("--lang", choices=["es", "en"], help=N_("cli_help_import_lang"))
    p.add_argument("--manifest", metavar="CSV", help=N_("cli_help_import_manifest"))
    p.add_argument("--no-speakers", action="store_true",
                   help=N_("cli_help_import_no_speakers"))
    p = add("segments", "transcripts:cmd_segments", N_("cli_help_segments"))
    p.add_argument("--transcript", type=int, required=True, metavar="ID")
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_show"))
    p = add("search", "transcripts:cmd_search", N_("cli_help_search"),
            parents=[common_nolang])
    p.add_argument("query", metavar="QUERY", help=N_("cli_help_search_query"))
    for attr in ("dmop", "territory", "institution", "role", "mode"):
        p.add_argument(f"--{attr}")
    p.add_argument("--lang", dest="segment_lang", choices=["es", "en", "gn", "mixed"],
                   help=N_("cli_help_search_lang"))
    p.add_argument("--limit", type=int, default=0, help=N_("cli_help_search_limit"))
    p.add_argument("--code", help=N_("cli_help_search_code"))
    p.add_argument("--coder", help=N_("cli_help_search_coder"))
    p.add_argument("--hits", metavar="N,M-K", help=N_("cli_help_search_hits"))
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_show"))
    p = add("query", "transcripts:cmd_query", N_("cli_help_query"))
    p.add_argument("expression", metavar="EXPRESSION", help=N_("cli_help_query_expression"))
    for attr in ("dmop", "territory", "institution", "role", "mode"):
        p.add_argument(f"--{attr}")
    p.add_argument("--coder", help=N_("cli_help_query_coder"))
    p.add_argument("--matrix", choices=["territory", "institution", "dmop", "role", "mode"],
                   help=N_("cli_help_query_matrix"))
    p.add_argument("--out", metavar="FILE.csv|xlsx", help=N_("cli_help_query_out"))
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_show"))
    p = add("autocode", "coding:cmd_autocode", N_("cli_help_autocode"))
    p.add_argument("--transcript", type=int, metavar="ID")
    p.add_argument("--coder", default="auto")

    codings = sub.add_parser("codings", help=N_("cli_help_codings"))
    csub = codings.add_subparsers(dest="codings_command", metavar="ACTION")
    csub.required = True
    p = add("import", "coding:cmd_codings_import", N_("cli_help_codings_import"), parent=csub)
    p.add_argument("file", metavar="FILE.csv", help=N_("cli_help_codings_import_file"))
    p = add("export", "coding:cmd_codings_export", N_("cli_help_codings_export"), parent=csub)
    p.add_argument("file", metavar="FILE.csv|FILE.xlsx", help=N_("cli_help_codings_export_file"))
    p.add_argument("--sep", choices=[",", ";", "tab"], default=",", metavar="SEP",
                   help=N_("cli_help_codings_export_sep"))
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_keep"))

    codebook = sub.add_parser("codebook", help=N_("cli_help_codebook"))
    kbsub = codebook.add_subparsers(dest="codebook_command", metavar="ACTION")
    kbsub.required = True
    p = add("import", "coding:cmd_codebook_import", N_("cli_help_codebook_import"),
            parent=kbsub)
    p.add_argument("file", metavar="FILE.yaml|csv")
    p = add("export", "coding:cmd_codebook_export", N_("cli_help_codebook_export"),
            parent=kbsub)
    p.add_argument("file", metavar="FILE.yaml|csv")
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_keep"))

    p = add("agreement", "agreement:cmd_agreement", N_("cli_help_agreement"))
    p.add_argument("--coders", help=N_("cli_help_agreement_coders"))
    p.add_argument("--code", action="append", help=N_("cli_help_agreement_code"))
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_agreement_no_redact"))

    p = add("themes", "themes:cmd_themes", N_("cli_help_themes"))
    p.add_argument("--code")
    p.add_argument("--dmop")
    p.add_argument("--territory")
    p.add_argument("--institution")
    p.add_argument("--role")
    p.add_argument("--coder", help=N_("cli_help_themes_coder"))
    p.add_argument("--texts", metavar="FILE.csv")
    p.add_argument("--column", metavar="COL")
    p.add_argument("--embedding", default="default",
                   help=N_("cli_help_themes_embedding"))
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--themes", type=_theme_count, metavar="K", help=N_("cli_help_themes_themes"))
    p.add_argument("--seeds", metavar="FILE.csv", help=N_("cli_help_themes_seeds"))
    p.add_argument("--subcode-seeds", action="store_true", help=N_("cli_help_themes_subcode_seeds"))

    report = sub.add_parser("report", help=N_("cli_help_report"))
    rsub = report.add_subparsers(dest="report_command", metavar="KIND")
    rsub.required = True
    for kind, handler, help_ in (("dmop", "reports:cmd_report_dmop", N_("cli_help_report_dmop")),
                                 ("workshop", "reports:cmd_report_workshop", N_("cli_help_report_workshop")),
                                 ("handout", "reports:cmd_report_handout", N_("cli_help_report_handout")),
                                 ("plan", "cycle:cmd_report_plan", N_("cli_help_report_plan"))):
        p = add(kind, handler, help_, parent=rsub, parents=[common_nolang])
        if kind in ("dmop", "handout", "plan"):
            p.add_argument("--dmop", required=True)
            p.add_argument("--territory")
        if kind == "workshop":
            p.add_argument("--session", required=True, metavar="CODE")
        p.add_argument("--lang", dest="ui_lang", choices=["es", "en", "gn"] if kind == "handout" else ["es", "en"],
                       default=None)
        p.add_argument("--out", required=True, metavar="FILE.docx")
        p.add_argument("--template", metavar="FILE.docx")
        p.add_argument("--no-redact", action="store_true")
        if kind == "dmop":
            p.add_argument("--allow-incomplete", action="store_true",
                           help=N_("cli_help_report_dmop_allow_incomplete"))
        if kind == "plan":
            p.add_argument("--plan", type=int, metavar="N", help=N_("cli_help_report_plan_plan"))
    content = rsub.add_parser("content", help=N_("cli_help_report_content"))
    csub = content.add_subparsers(dest="content_command", metavar="ACTION")
    csub.required = True
    p = add("export", "reports:cmd_report_content_export",
            N_("cli_help_report_content_export"), parent=csub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--out", metavar="FILE.xlsx|FILE.yaml")
    p.add_argument("file", nargs="?", metavar="FILE.yaml", help=N_("cli_help_report_content_export_file"))
    p.add_argument("--no-redact", action="store_true")
    p = add("import", "reports:cmd_report_content_import", N_("cli_help_report_content_import"),
            parent=csub)
    p.add_argument("file", metavar="FILE.xlsx|FILE.yaml")
    p = add("details", "reports:cmd_report_details", N_("cli_help_report_details"),
            parent=rsub)
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p.add_argument("--place")
    p.add_argument("--facilitator")
    p.add_argument("--agenda", help=N_("cli_help_report_details_agenda"))

    settings = sub.add_parser("settings", help=N_("cli_help_settings"))
    ssub = settings.add_subparsers(dest="settings_command", metavar="ACTION")
    ssub.required = True
    p = add("set", "settings:cmd_settings_set", N_("cli_help_settings_set"), parent=ssub)
    p.add_argument("key", metavar="KEY")
    p.add_argument("value", metavar="VALUE")
    add("list", "settings:cmd_settings_list", N_("cli_help_settings_list"), parent=ssub)

    export = sub.add_parser("export", help=N_("cli_help_export"))
    esub = export.add_subparsers(dest="export_command", metavar="FORMAT")
    esub.required = True
    for fmt, handler, help_ in (("qdpx", "refi:cmd_export_qdpx", N_("cli_help_export_qdpx")),
                                ("codebook", "refi:cmd_export_codebook", N_("cli_help_export_codebook")),
                                ("xlsx", "coding:cmd_export_xlsx", N_("cli_help_export_xlsx"))):
        p = add(fmt, handler, help_, parent=esub)
        p.add_argument("file", metavar="FILE")
        p.add_argument("--no-redact", action="store_true")

    ws = sub.add_parser("workshop", help=N_("cli_help_workshop"))
    wsub = ws.add_subparsers(dest="workshop_command", metavar="ACTION")
    wsub.required = True
    p = add("create", "workshop:cmd_create", N_("cli_help_workshop_create"), parent=wsub, parents=[common_nolang])
    p.add_argument("--lang", dest="ui_lang", choices=["es", "en", "gn"],
                   help=N_("cli_help_workshop_create_lang"))
    p.add_argument("--title", required=True)
    p.add_argument("--gaps", metavar="FILE.csv|xlsx")
    p.add_argument("--kind", choices=["gaps", "learning"], default="gaps")
    p.add_argument("--dmop", help=N_("cli_help_workshop_create_dmop"))
    p.add_argument("--base-url", help=N_("cli_help_workshop_create_base_url"))
    p = add("ballot", "workshop:cmd_ballot", N_("cli_help_workshop_ballot"), parent=wsub)
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--file", required=True, metavar="BALLOTS.csv")
    p.add_argument("--key", default=os.environ.get("ATLAS_QUAL_FACILITATOR_KEY"),
                   help=N_("cli_help_common_key"))
    p = add("results", "workshop:cmd_results", N_("cli_help_workshop_results"), parent=wsub)
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_workshop_results_no_redact"))
    p = add("list", "workshop:cmd_list", N_("cli_help_workshop_list"), parent=wsub)
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_workshop_list_no_redact"))
    p = add("round", "workshop:cmd_round", N_("cli_help_workshop_round"), parent=wsub)
    p.add_argument("action", choices=["open", "close", "reveal", "status"])
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--key", default=os.environ.get("ATLAS_QUAL_FACILITATOR_KEY"),
                   help=N_("cli_help_common_key"))
    p.add_argument("--number", type=int, metavar="N",
                   help=N_("cli_help_workshop_round_number"))
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_workshop_round_no_redact"))
    p = add("release", "workshop:cmd_release", N_("cli_help_workshop_release"), parent=wsub)
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--key", default=os.environ.get("ATLAS_QUAL_FACILITATOR_KEY"),
                   help=N_("cli_help_common_key"))
    p.add_argument("--nickname", required=True, help=N_("cli_help_workshop_release_nickname"))

    register = sub.add_parser("register", help=N_("cli_help_register"))
    gsub = register.add_subparsers(dest="register_command", metavar="ACTION")
    gsub.required = True
    p = add("import", "register:cmd_register_import", N_("cli_help_register_import"),
            parent=gsub)
    p.add_argument("kind", choices=["meetings", "attendees", "phases", "survey", "reach"])
    p.add_argument("file", metavar="FILE")
    p.add_argument("--mapping", metavar="MAP.yaml", help=N_("cli_help_register_import_mapping"))
    p.add_argument("--dmop")
    p.add_argument("--territory")
    p.add_argument("--sheet", metavar="NAME")
    p.add_argument("--skip-bad-rows", action="store_true", help=N_("cli_help_register_import_skip_bad_rows"))
    p = add("phase", "register:cmd_register_phase", N_("cli_help_register_phase"), parent=gsub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--phase", required=True,
                   choices=["development", "pilot", "evaluated", "refined", "sustainability_plan", "institutionalized"])
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--territory")
    p.add_argument("--note", default="")
    add("show", "register:cmd_register_show", N_("cli_help_register_show"), parent=gsub)
    p = add("indicators", "register:cmd_indicators", N_("cli_help_indicators"))
    p.add_argument("--dmop")
    p.add_argument("--territory")
    p.add_argument("--as-of", metavar="YYYY-MM-DD")

    bok = sub.add_parser("bok", help=N_("cli_help_bok"))
    bsub = bok.add_subparsers(dest="bok_command", metavar="ACTION")
    bsub.required = True
    p = add("import", "cycle:cmd_bok_import", N_("cli_help_bok_import"), parent=bsub)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--all-or-nothing", action="store_true", help=N_("cli_help_bok_import_all_or_nothing"))
    p = add("export", "cycle:cmd_bok_export", N_("cli_help_bok_export"), parent=bsub)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_keep"))
    p = add("list", "cycle:cmd_bok_list", N_("cli_help_bok_list"), parent=bsub)
    for flag in ("--query", "--topic", "--intervention", "--evidence", "--gap", "--dmop"):
        p.add_argument(flag)
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_show"))
    p = add("relevant", "cycle:cmd_bok_relevant", N_("cli_help_bok_relevant"), parent=bsub)
    p.add_argument("--gap", required=True)
    p.add_argument("-n", type=int, default=5)

    learning = sub.add_parser("learning", help=N_("cli_help_learning"))
    lsub = learning.add_subparsers(dest="learning_command", metavar="ACTION")
    lsub.required = True
    p = add("recommendations", "cycle:cmd_learning_recommendations", N_("cli_help_learning_recommendations"),
            parent=lsub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--generate", action="store_true", help=N_("cli_help_learning_recommendations_generate"))
    p.add_argument("--replace", action="store_true")
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_texts"))
    p = add("create", "cycle:cmd_learning_create", N_("cli_help_learning_create"), parent=lsub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--title")
    p.add_argument("--no-endorsement", action="store_true")
    p.add_argument("--base-url", default=os.environ.get("ATLAS_QUAL_BASE_URL", "http://127.0.0.1:8866"))
    p = add("record", "cycle:cmd_learning_record", N_("cli_help_learning_record"),
            parent=lsub)
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--key", default=os.environ.get("ATLAS_QUAL_FACILITATOR_KEY"))
    p.add_argument("--course", default="")
    p.add_argument("--date")
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_texts"))

    cycle = sub.add_parser("cycle", help=N_("cli_help_cycle"))
    ysub = cycle.add_subparsers(dest="cycle_command", metavar="ACTION")
    ysub.required = True
    p = add("refine", "cycle:cmd_cycle_refine", N_("cli_help_cycle_refine"), parent=ysub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--change", required=True)
    p.add_argument("--why", default="")
    p.add_argument("--version")
    for flag in ("--finding", "--recommendation", "--decision", "--session"):
        p.add_argument(flag, action="append", default=None)
    p.add_argument("--date")
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_texts"))
    p = add("log", "cycle:cmd_cycle_log", N_("cli_help_cycle_log"), parent=ysub)
    p.add_argument("--dmop")
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_texts"))
    p = add("plan", "cycle:cmd_cycle_plan", N_("cli_help_cycle_plan"), parent=ysub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--title")
    p.add_argument("--actions", metavar="FILE")
    p.add_argument("--resources")
    p.add_argument("--status", choices=["draft", "submitted", "approved"])
    p.add_argument("--plan", type=int)
    p.add_argument("--date")
    p.add_argument("--no-redact", action="store_true", help=N_("cli_help_common_no_redact_texts"))
    p = add("phase", "cycle:cmd_cycle_phase", N_("cli_help_cycle_phase"), parent=ysub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--phase", required=True,
                   choices=["development", "pilot", "evaluated", "refined", "sustainability_plan", "institutionalized"])
    p.add_argument("--date")
    p.add_argument("--territory")
    p.add_argument("--note", default="")
    p = add("counts", "cycle:cmd_cycle_counts", N_("cli_help_cycle_counts"), parent=ysub)
    p.add_argument("--as-of")

    names = sub.add_parser("names", help=N_("cli_help_names"))
    nsub = names.add_subparsers(dest="names_command", metavar="ACTION")
    nsub.required = True
    p = add("add", "names:cmd_names_add", N_("cli_help_names_add"), parent=nsub)
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--replacement", help=N_("cli_help_names_add_replacement"))
    p.add_argument("--capitalised", action="store_true",
                   help=N_("cli_help_names_add_capitalised"))
    p.add_argument("--by", help=N_("cli_help_names_add_by"))
    p = add("list", "names:cmd_names_list", N_("cli_help_names_list"), parent=nsub)
    p = add("remove", "names:cmd_names_remove", N_("cli_help_names_remove"), parent=nsub)
    p.add_argument("names", nargs="+", metavar="NAME")
    p = add("suggest", "names:cmd_names_suggest", N_("cli_help_names_suggest"),
            parent=nsub)
    p.add_argument("--transcript", type=int, metavar="ID")

    p = add("migrate", "admin:cmd_migrate", N_("cli_help_migrate"))
    p.add_argument("--to", required=True, metavar="URL")
    p = add("backup", "admin:cmd_backup", N_("cli_help_backup"))
    p.add_argument("file", metavar="FILE")
    p = add("restore", "admin:cmd_restore", N_("cli_help_restore"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--force", action="store_true", help=N_("cli_help_restore_force"))
    _describe_commands(parser)
    return parser


def _version() -> str:
    from atlas_qual.version import __version__

    return __version__


def run(argv: Sequence[str] | None = None) -> int:
    from atlas_qual import i18n

    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    asked = _lang_asked(parser, argv)
    if asked:  # --help and usage errors already in the language asked for
        i18n.set_lang(asked)
    args = parser.parse_args(argv)
    lang = getattr(args, "ui_lang", None) or getattr(args, "ui_lang_global", None)
    if lang:
        i18n.set_lang(lang)
    module_name, func_name = args._handler.split(":")
    ctx = Context(args)
    # every file a command writes (exports, reports, backups, the project) is readable by its owner only
    old_umask = os.umask(0o077)
    try:
        module = importlib.import_module(f"atlas_qual.commands.{module_name}")
        return int(getattr(module, func_name)(ctx) or 0)
    except AtlasQualError as exc:
        print(f"atlas-qual: error: {exc.message()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("atlas-qual: interrumpido / interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `atlas-qual ... | head`: the reader left; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug or a database failure: one line, no values from the project
        if os.environ.get("ATLAS_QUAL_DEBUG"):
            raise
        # a traceback quotes values: a database's "Key (name)=(...)", the text a function was given
        print(f"atlas-qual: error: {i18n.t('cli_unexpected_error', kind=_error_kind(exc))}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
        os.umask(old_umask)


def _error_kind(exc: BaseException) -> str:
    """The kind of an unexpected error without its text: ``IntegrityError/UniqueViolation``, ``KeyError``."""
    orig = getattr(exc, "orig", None)  # SQLAlchemy's wrapper of the driver's error
    return type(exc).__name__ + (f"/{type(orig).__name__}" if orig is not None else "")


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
