"""`autocode`, `codings import`, `codings export` (CSV, or a workbook for FILE.xlsx) and `export xlsx`."""

from __future__ import annotations

import sys

from atlas_qual.i18n import Plural, fmt_fixed, get_lang, t


def _fmt(value) -> str:
    return "-" if value is None else fmt_fixed(value, get_lang(), 2)  # 0,20 in Spanish


def cmd_autocode(ctx) -> int:
    from atlas_qual.store.coding import NON_CODERS, autocode_project, list_coders, rule_quality

    a = ctx.args
    project = ctx.project()
    bar = ctx.progress(0, t("autocode_progress"))
    last = [0]

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - last[0])
        last[0] = done

    matchers: dict = {}
    report = autocode_project(project, transcript_ids=[a.transcript] if a.transcript else None, coder=a.coder,
                              progress=progress, matchers=matchers)
    bar.close()
    # precision and recall of each rule against every person who coded by hand (where both exist)
    for coder in list_coders(project):
        if coder in NON_CODERS:
            continue
        report.rules.extend(rule_quality(project, coder, transcript_ids=[a.transcript] if a.transcript else None,
                                         matchers=matchers))

    def human() -> str:
        lines = [t("autocode_done", transcripts=Plural("count_transcripts", report.transcripts),
                   segments=Plural("count_segments", report.segments),
                   suggestions=Plural("count_new_suggestions", report.suggestions), coder=report.coder)]
        lines += [f"  {code}: {n}" for code, n in report.by_code.items()]
        for row in report.rules:
            if row["rule"] == "*" and row["relevant"]:
                lines.append(t("autocode_rule_line", code=row["code"], rule=row["rule"],
                               precision=_fmt(row["precision"]), recall=_fmt(row["recall"]), coder=row["coder"],
                               tp=Plural("count_hits", row["hits"])))
        return "\n".join(lines)

    ctx.emit(report.to_dict(), human)
    return 0


def cmd_codings_import(ctx) -> int:
    from atlas_qual.store.coding_io import import_codings_csv

    result = import_codings_csv(ctx.project(), ctx.args.file)
    if ctx.json:
        ctx.emit(result.to_dict())
    elif result.ok:
        print(t("codings_import_ok", file=ctx.args.file, imported=Plural("count_codings_imported", result.imported),
                duplicates=Plural("count_already_existed", result.duplicates)))
    for line in result.messages():
        print(f"atlas-qual: error: {line}", file=sys.stderr)
    return 0 if result.ok else 1


def _redacted_note(redact: bool) -> str:
    return t("export_redacted") if redact else t("export_not_redacted")


def cmd_codings_export(ctx) -> int:
    from pathlib import Path

    from atlas_qual.store.coding_io import export_codings_csv, export_codings_xlsx
    from atlas_qual.store.coding_xlsx import separator

    redact = not ctx.args.no_redact
    if Path(ctx.args.file).suffix.lower() == ".xlsx":  # Excel opens it whatever the locale's list separator
        rows = export_codings_xlsx(ctx.project(), ctx.args.file, redact=redact, lang=get_lang())
    else:
        rows = export_codings_csv(ctx.project(), ctx.args.file, redact=redact, lang=get_lang(),
                                  sep=separator(getattr(ctx.args, "sep", ",")))
    ctx.emit({"file": ctx.args.file, "rows": rows, "redacted": redact},
             t("codings_export_ok", file=ctx.args.file, rows=Plural("count_codings_exported", rows),
               redacted=_redacted_note(redact)))
    return 0


def cmd_export_xlsx(ctx) -> int:
    from atlas_qual.store.coding_io import export_xlsx

    redact = not ctx.args.no_redact
    info = export_xlsx(ctx.project(), ctx.args.file, redact=redact, lang=get_lang())
    ctx.emit({"file": ctx.args.file, "sheets": info["sheets"], "rows": info["rows"], "redacted": redact},
             t("xlsx_export_ok", file=ctx.args.file, sheets=Plural("count_sheets", len(info["sheets"])),
               rows=Plural("count_codings", info["rows"]), redacted=_redacted_note(redact)))
    return 0


def cmd_codebook_import(ctx) -> int:
    from atlas_qual.store.codebook import import_codebook

    counts = import_codebook(ctx.project(), ctx.args.file)
    ctx.emit(counts, lambda: t("codebook_import_done", file=ctx.args.file,
                               added=Plural("count_new_codes", counts["added"]),
                               updated=Plural("count_updated_m", counts["updated"])))
    return 0


def cmd_codebook_export(ctx) -> int:
    from atlas_qual.store.codebook import export_codebook

    n = export_codebook(ctx.project(), ctx.args.file, redact=not ctx.args.no_redact)
    ctx.emit({"file": ctx.args.file, "codes": n}, lambda: t("codebook_export_done", file=ctx.args.file,
                                                            n=Plural("count_codes_written", n)))
    return 0
