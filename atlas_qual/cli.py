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
from typing import Any, Callable, Sequence

from atlas_qual.errors import AtlasQualError

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


def _common(json_flag: bool = True, lang_flag: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--project", metavar="PATH|URL",
                   help="project file or database URL (default $ATLAS_QUAL_PROJECT, else data/atlas.db)")
    if json_flag:
        p.add_argument("--json", action="store_true", help="machine-readable output")
    if lang_flag:
        p.add_argument("--lang", dest="ui_lang", choices=["es", "en"], help="language of messages (default es)")
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
    parser = argparse.ArgumentParser(
        prog="atlas-qual",
        description="Investigación cualitativa y talleres en vivo para ATLAS / qualitative research and live "
                    "workshops for ATLAS.",
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

    add("init", "project:cmd_init", "create a project with reference data")
    add("demo", "project:cmd_demo", "init + a realistic demo (transcripts, codings, a workshop)")
    p = add("serve", "serve:cmd_serve", "serve the Voila apps")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--ip", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--no-browser", action="store_true")
    p.add_argument("--pool-size", type=int, default=int(os.environ.get("ATLAS_QUAL_POOL_SIZE", "2")),
                   help="preheated kernels for the facilitator page (the participant page needs none)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="a host name (or address) the server answers besides 127.0.0.1, localhost and --ip; "
                        "repeatable (e.g. the LAN name phones use). Any other Host header gets 400")
    p.add_argument("--culling", type=int, default=600, help="shut down kernels idle for this many seconds")
    p.add_argument("--workshop-only", action="store_true",
                   help="serve only the landing and facilitator pages and the participant page /p/CODE "
                        "(for a workshop on a LAN)")
    p.add_argument("--admin-password-file", metavar="FILE",
                   help="first line: the password the facilitator page asks before listing or creating sessions "
                        "(or $ATLAS_QUAL_ADMIN_PASSWORD); without it the page opens a session by code and key only")
    add("info", "project:cmd_info", "project summary")

    p = add("import", "transcripts:cmd_import",
            "import transcripts (.docx .txt .vtt .srt .odt .pdf), a .qdpx, or a .zip of them", parents=[common_nolang])
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dmop")
    p.add_argument("--territory")
    p.add_argument("--institution")
    p.add_argument("--role")
    p.add_argument("--mode", metavar="MODE",
                   help="presencial|telefónica|en línea (virtual), or in_person|phone|online")
    p.add_argument("--lang", choices=["es", "en"], help="language of the transcripts (default: detected)")
    p.add_argument("--manifest", metavar="CSV", help="case attributes per file (file,dmop,territory,...)")
    p.add_argument("--no-speakers", action="store_true",
                   help="paragraphs only, no speaker detection (papers, posts, literature)")
    p = add("segments", "transcripts:cmd_segments", "segments of a transcript")
    p.add_argument("--transcript", type=int, required=True, metavar="ID")
    p.add_argument("--no-redact", action="store_true", help="show names and personal data (evaluators only)")
    p = add("search", "transcripts:cmd_search", "full-text search with keyword in context (lemmas, no accents)",
            parents=[common_nolang])
    p.add_argument("query", metavar="QUERY", help='words (any inflection), prefix*, or "a phrase"')
    for attr in ("dmop", "territory", "institution", "role", "mode"):
        p.add_argument(f"--{attr}")
    p.add_argument("--lang", dest="segment_lang", choices=["es", "en", "gn", "mixed"],
                   help="only turns detected in this language")
    p.add_argument("--limit", type=int, default=0, help="show at most this many hits (default all)")
    p.add_argument("--code", help="code the hits with this code (name or Parent/Child path)")
    p.add_argument("--coder", help="coder name for --code")
    p.add_argument("--hits", metavar="N,M-K", help="with --code: only these hit numbers (default: every hit)")
    p.add_argument("--no-redact", action="store_true", help="show names and personal data (evaluators only)")
    p = add("query", "transcripts:cmd_query", "codes combined: AND, OR, NOT, OVERLAP, NEAR/N, NEAR (same turn)")
    p.add_argument("expression", metavar="EXPRESSION", help='e.g. "Debilidades AND Procesos/Derivación"')
    for attr in ("dmop", "territory", "institution", "role", "mode"):
        p.add_argument(f"--{attr}")
    p.add_argument("--coder", help="only this coder's codings (default everybody but auto)")
    p.add_argument("--matrix", choices=["territory", "institution", "dmop", "role", "mode"],
                   help="count the results per value of this attribute")
    p.add_argument("--out", metavar="FILE.csv|xlsx", help="write the quotes (and the matrix) to a file")
    p.add_argument("--no-redact", action="store_true", help="show names and personal data (evaluators only)")
    p = add("autocode", "coding:cmd_autocode", "rule-based suggestions (origin auto)")
    p.add_argument("--transcript", type=int, metavar="ID")
    p.add_argument("--coder", default="auto")

    codings = sub.add_parser("codings", help="import/export codings as CSV")
    csub = codings.add_subparsers(dest="codings_command", metavar="ACTION")
    csub.required = True
    p = add("import", "coding:cmd_codings_import", "codings done elsewhere (segment_id,code,coder)", parent=csub)
    p.add_argument("file", metavar="FILE.csv", help="CSV (',' ';' or tab), or FILE.xlsx as codings export writes it")
    p = add("export", "coding:cmd_codings_export", "codings with transcript, speaker, text, attributes", parent=csub)
    p.add_argument("file", metavar="FILE.csv|FILE.xlsx", help="FILE.xlsx: an Excel workbook (opens in any locale)")
    p.add_argument("--sep", choices=[",", ";", "tab"], default=",", metavar="SEP",
                   help="CSV separator: ',' (default), ';' (Excel in Spanish: es-PY, es-ES) or tab")
    p.add_argument("--no-redact", action="store_true", help="keep personal data (never for sharing)")

    codebook = sub.add_parser("codebook", help="import/export the codebook (YAML or CSV)")
    kbsub = codebook.add_subparsers(dest="codebook_command", metavar="ACTION")
    kbsub.required = True
    p = add("import", "coding:cmd_codebook_import", "merge a codebook file (same path: updated; new: added)",
            parent=kbsub)
    p.add_argument("file", metavar="FILE.yaml|csv")
    p = add("export", "coding:cmd_codebook_export", "write the codebook to YAML or CSV (texts redacted)",
            parent=kbsub)
    p.add_argument("file", metavar="FILE.yaml|csv")
    p.add_argument("--no-redact", action="store_true", help="keep personal data (never for sharing)")

    p = add("agreement", "agreement:cmd_agreement", "inter-coder agreement")
    p.add_argument("--coders", help="comma-separated coder names (default: all but auto/consenso)")
    p.add_argument("--code", action="append", help="restrict to these codes")
    p.add_argument("--no-redact", action="store_true", help="show names in the disagreements' quotes (evaluators only)")

    p = add("themes", "themes:cmd_themes", "themes of a code's segments or of arbitrary texts")
    p.add_argument("--code")
    p.add_argument("--dmop")
    p.add_argument("--territory")
    p.add_argument("--institution")
    p.add_argument("--role")
    p.add_argument("--coder", help="only this coder's codings (default: every human coder)")
    p.add_argument("--texts", metavar="FILE.csv")
    p.add_argument("--column", metavar="COL")
    p.add_argument("--embedding", default="default",
                   help="default (multilingual-e5 + lexical), lexical, e5 or sentence-transformers:MODEL")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--themes", type=_theme_count, metavar="K", help="exactly K themes (default: chosen from the texts)")
    p.add_argument("--seeds", metavar="FILE.csv", help="candidate themes, CSV columns name,description")
    p.add_argument("--subcode-seeds", action="store_true", help="candidate themes from the code's subcodes")

    report = sub.add_parser("report", help="Word reports")
    rsub = report.add_subparsers(dest="report_command", metavar="KIND")
    rsub.required = True
    for kind, handler, help_ in (("dmop", "reports:cmd_report_dmop", "DMOP evaluation report"),
                                 ("workshop", "reports:cmd_report_workshop", "workshop results report"),
                                 ("handout", "reports:cmd_report_handout", "learning-workshop handout"),
                                 ("plan", "cycle:cmd_report_plan", "institutionalization plan")):
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
                           help="write it even when fewer interviews are coded than report.min_coverage")
        if kind == "plan":
            p.add_argument("--plan", type=int, metavar="N", help="which plan of the DMOP (default: the latest)")
    content = rsub.add_parser("content", help="analysts' report texts: findings, conclusions, recommendations")
    csub = content.add_subparsers(dest="content_command", metavar="ACTION")
    csub.required = True
    p = add("export", "reports:cmd_report_content_export",
            "write a DMOP's report texts (or drafts) to Excel or YAML (redacted; --lang for the headers)", parent=csub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--out", metavar="FILE.xlsx|FILE.yaml")
    p.add_argument("file", nargs="?", metavar="FILE.yaml", help="the same as --out (kept for scripts)")
    p.add_argument("--no-redact", action="store_true")
    p = add("import", "reports:cmd_report_content_import", "store the report texts of an edited Excel or YAML file",
            parent=csub)
    p.add_argument("file", metavar="FILE.xlsx|FILE.yaml")
    p = add("details", "reports:cmd_report_details", "date, place, facilitator and agenda of a workshop report",
            parent=rsub)
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p.add_argument("--place")
    p.add_argument("--facilitator")
    p.add_argument("--agenda", help="one item per line (or separated by \\n)")

    settings = sub.add_parser("settings", help="project settings (report front matter, thresholds)")
    ssub = settings.add_subparsers(dest="settings_command", metavar="ACTION")
    ssub.required = True
    p = add("set", "settings:cmd_settings_set", "set KEY VALUE (empty VALUE: back to the default)", parent=ssub)
    p.add_argument("key", metavar="KEY")
    p.add_argument("value", metavar="VALUE")
    add("list", "settings:cmd_settings_list", "every setting and its value", parent=ssub)

    export = sub.add_parser("export", help="REFI-QDA project/codebook, Excel")
    esub = export.add_subparsers(dest="export_command", metavar="FORMAT")
    esub.required = True
    for fmt, handler in (("qdpx", "refi:cmd_export_qdpx"), ("codebook", "refi:cmd_export_codebook"),
                         ("xlsx", "coding:cmd_export_xlsx")):
        p = add(fmt, handler, f"export {fmt}", parent=esub)
        p.add_argument("file", metavar="FILE")
        p.add_argument("--no-redact", action="store_true")

    ws = sub.add_parser("workshop", help="live workshops")
    wsub = ws.add_subparsers(dest="workshop_command", metavar="ACTION")
    wsub.required = True
    p = add("create", "workshop:cmd_create", "create a session", parent=wsub, parents=[common_nolang])
    p.add_argument("--lang", dest="ui_lang", choices=["es", "en", "gn"],
                   help="the session's language for participants (default es), also of these messages")
    p.add_argument("--title", required=True)
    p.add_argument("--gaps", metavar="FILE.csv|xlsx")
    p.add_argument("--kind", choices=["gaps", "learning"], default="gaps")
    p.add_argument("--dmop", help="learning workshop: the DMOP whose recommendations are voted")
    p.add_argument("--base-url", help="the address phones use, as `serve` prints it (or $ATLAS_QUAL_BASE_URL); "
                   "without it the pages' paths are printed, to open at the address `serve` runs on")
    p = add("ballot", "workshop:cmd_ballot", "type in paper ballots", parent=wsub)
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--file", required=True, metavar="BALLOTS.csv")
    p.add_argument("--key", default=os.environ.get("ATLAS_QUAL_FACILITATOR_KEY"),
                   help="facilitator key (or $ATLAS_QUAL_FACILITATOR_KEY)")
    p = add("results", "workshop:cmd_results", "results of a session", parent=wsub)
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--no-redact", action="store_true", help="show listed names in titles and gaps as stored")
    p = add("list", "workshop:cmd_list", "sessions of the project", parent=wsub)
    p.add_argument("--no-redact", action="store_true", help="show listed names in titles as stored")
    p = add("round", "workshop:cmd_round", "open, close or reveal a round, or show the rounds", parent=wsub)
    p.add_argument("action", choices=["open", "close", "reveal", "status"])
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--key", default=os.environ.get("ATLAS_QUAL_FACILITATOR_KEY"),
                   help="facilitator key (or $ATLAS_QUAL_FACILITATOR_KEY)")
    p.add_argument("--number", type=int, metavar="N",
                   help="open: the round to open (default the next); close/reveal: checked/chosen round")
    p.add_argument("--no-redact", action="store_true", help="show listed names in the title as stored")
    p = add("release", "workshop:cmd_release", "free a participant's nickname so they can join again from another "
            "phone (their votes stay theirs)", parent=wsub)
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--key", default=os.environ.get("ATLAS_QUAL_FACILITATOR_KEY"),
                   help="facilitator key (or $ATLAS_QUAL_FACILITATOR_KEY)")
    p.add_argument("--nickname", required=True, help="the nickname the person joined with (any case)")

    register = sub.add_parser("register", help="M&E register: meetings, phases, survey, reach")
    gsub = register.add_subparsers(dest="register_command", metavar="ACTION")
    gsub.required = True
    p = add("import", "register:cmd_register_import", "import a register file (CSV/Excel; bad rows reported)",
            parent=gsub)
    p.add_argument("kind", choices=["meetings", "attendees", "phases", "survey", "reach"])
    p.add_argument("file", metavar="FILE")
    p.add_argument("--mapping", metavar="MAP.yaml", help="survey: which column is which question")
    p.add_argument("--dmop")
    p.add_argument("--territory")
    p.add_argument("--sheet", metavar="NAME")
    p.add_argument("--skip-bad-rows", action="store_true", help="import the good rows even when some are bad")
    p = add("phase", "register:cmd_register_phase", "record a DMOP phase change", parent=gsub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--phase", required=True,
                   choices=["development", "pilot", "evaluated", "refined", "sustainability_plan", "institutionalized"])
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--territory")
    p.add_argument("--note", default="")
    add("show", "register:cmd_register_show", "the register's counts and DMOP phases", parent=gsub)
    p = add("indicators", "register:cmd_indicators", "the six reportable indicators")
    p.add_argument("--dmop")
    p.add_argument("--territory")
    p.add_argument("--as-of", metavar="YYYY-MM-DD")

    bok = sub.add_parser("bok", help="Body of Knowledge: evidence-based practices")
    bsub = bok.add_subparsers(dest="bok_command", metavar="ACTION")
    bsub.required = True
    p = add("import", "cycle:cmd_bok_import", "import practices (CSV/Excel; bad rows reported)", parent=bsub)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--all-or-nothing", action="store_true", help="write nothing when a row is bad")
    p = add("export", "cycle:cmd_bok_export", "export the practices", parent=bsub)
    p.add_argument("file", metavar="FILE")
    p = add("list", "cycle:cmd_bok_list", "search the practices", parent=bsub)
    for flag in ("--query", "--topic", "--intervention", "--evidence", "--gap", "--dmop"):
        p.add_argument(flag)
    p = add("relevant", "cycle:cmd_bok_relevant", "practices relevant to a gap", parent=bsub)
    p.add_argument("--gap", required=True)
    p.add_argument("-n", type=int, default=5)

    learning = sub.add_parser("learning", help="learning workshops on a DMOP's evaluation")
    lsub = learning.add_subparsers(dest="learning_command", metavar="ACTION")
    lsub.required = True
    p = add("recommendations", "cycle:cmd_learning_recommendations", "a DMOP's recommendations", parent=lsub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--generate", action="store_true", help="draft them from the codings and themes")
    p.add_argument("--replace", action="store_true")
    p.add_argument("--no-redact", action="store_true", help="show names and personal data typed in the texts")
    p = add("create", "cycle:cmd_learning_create", "create a learning-workshop session", parent=lsub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--title")
    p.add_argument("--no-endorsement", action="store_true")
    p.add_argument("--base-url", default=os.environ.get("ATLAS_QUAL_BASE_URL", "http://127.0.0.1:8866"))
    p = add("record", "cycle:cmd_learning_record", "record the agreed course of action and endorsement",
            parent=lsub)
    p.add_argument("--session", required=True, metavar="CODE")
    p.add_argument("--key", default=os.environ.get("ATLAS_QUAL_FACILITATOR_KEY"))
    p.add_argument("--course", default="")
    p.add_argument("--date")
    p.add_argument("--no-redact", action="store_true", help="show names and personal data typed in the texts")

    cycle = sub.add_parser("cycle", help="refinement log, institutionalization plans, DMOP phases")
    ysub = cycle.add_subparsers(dest="cycle_command", metavar="ACTION")
    ysub.required = True
    p = add("refine", "cycle:cmd_cycle_refine", "log a refinement of a DMOP", parent=ysub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--change", required=True)
    p.add_argument("--why", default="")
    p.add_argument("--version")
    for flag in ("--finding", "--recommendation", "--decision", "--session"):
        p.add_argument(flag, action="append", default=None)
    p.add_argument("--date")
    p.add_argument("--no-redact", action="store_true", help="show names and personal data typed in the texts")
    p = add("log", "cycle:cmd_cycle_log", "the refinement log", parent=ysub)
    p.add_argument("--dmop")
    p.add_argument("--no-redact", action="store_true", help="show names and personal data typed in the texts")
    p = add("plan", "cycle:cmd_cycle_plan", "create or update an institutionalization plan", parent=ysub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--title")
    p.add_argument("--actions", metavar="FILE")
    p.add_argument("--resources")
    p.add_argument("--status", choices=["draft", "submitted", "approved"])
    p.add_argument("--plan", type=int)
    p.add_argument("--date")
    p.add_argument("--no-redact", action="store_true", help="show names and personal data typed in the texts")
    p = add("phase", "cycle:cmd_cycle_phase", "record a DMOP phase", parent=ysub)
    p.add_argument("--dmop", required=True)
    p.add_argument("--phase", required=True,
                   choices=["development", "pilot", "evaluated", "refined", "sustainability_plan", "institutionalized"])
    p.add_argument("--date")
    p.add_argument("--territory")
    p.add_argument("--note", default="")
    p = add("counts", "cycle:cmd_cycle_counts", "indicators 5 and 6", parent=ysub)
    p.add_argument("--as-of")

    names = sub.add_parser("names", help="people whose names are hidden in every output")
    nsub = names.add_subparsers(dest="names_command", metavar="ACTION")
    nsub.required = True
    p = add("add", "names:cmd_names_add", "hide these names in every output", parent=nsub)
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--replacement", help="what replaces the name (default [nombre])")
    p.add_argument("--capitalised", action="store_true",
                   help="hide it only where written with a capital letter: a name that is also a word (Rosa, Paz)")
    p.add_argument("--by", help="who adds them (default $ATLAS_QUAL_CODER, else the login name)")
    p = add("list", "names:cmd_names_list", "the names hidden in every output", parent=nsub)
    p = add("remove", "names:cmd_names_remove", "stop hiding these listed names", parent=nsub)
    p.add_argument("names", nargs="+", metavar="NAME")
    p = add("suggest", "names:cmd_names_suggest", "capitalised sequences that look like names, to confirm with add",
            parent=nsub)
    p.add_argument("--transcript", type=int, metavar="ID")

    p = add("migrate", "admin:cmd_migrate", "copy the project to another database (e.g. PostgreSQL), verified")
    p.add_argument("--to", required=True, metavar="URL")
    p = add("backup", "admin:cmd_backup", "online backup of the project")
    p.add_argument("file", metavar="FILE")
    p = add("restore", "admin:cmd_restore", "restore a backup into the project")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace a project that already holds data")
    return parser


def _version() -> str:
    from atlas_qual.version import __version__

    return __version__


def run(argv: Sequence[str] | None = None) -> int:
    from atlas_qual import i18n

    parser = build_parser()
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
    finally:
        ctx.close()
        os.umask(old_umask)


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
