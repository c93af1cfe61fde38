"""`report dmop`, `report handout` and `report workshop`: Word reports (``report plan`` lives with the DMOP cycle)."""

from __future__ import annotations

import sys

from atlas_qual.i18n import Plural, get_lang, t


def _run(ctx, kind: str) -> int:
    from atlas_qual.reports.generate import generate_report, steps

    args = ctx.args
    lang = getattr(args, "ui_lang", None) or get_lang()
    project = ctx.project()
    bar = ctx.progress(steps(kind), t(f"report_progress_{kind}"))
    try:
        result = generate_report(
            project, kind, args.out, dmop=getattr(args, "dmop", None), territory=getattr(args, "territory", None),
            session=getattr(args, "session", None), lang=lang, redact=not getattr(args, "no_redact", False),
            template=getattr(args, "template", None), progress=lambda step: bar.update(1),
            allow_incomplete=getattr(args, "allow_incomplete", False))
    finally:
        bar.close()
    data = result.to_dict()
    ctx.emit(data, lambda: t("report_written", kind=t(f"report_progress_{kind}"), path=data["out"],
                             size=round(data["bytes"] / 1024)) + (
        "" if result.redacted else "\n" + t("report_not_redacted")))
    if result.warning:  # machine drafts in a donor's report: said once, on stderr, and the report is still written
        print(f"atlas-qual: {t('import_warning_label')}: {result.warning}", file=sys.stderr)
    return 0


def cmd_report_dmop(ctx) -> int:
    """`atlas-qual report dmop --dmop ID [--territory T] --lang es|en --out FILE.docx [--template T] [--no-redact]`"""
    return _run(ctx, "dmop")


def cmd_report_handout(ctx) -> int:
    """`atlas-qual report handout --dmop ID [--territory T] --lang es|en --out FILE.docx`"""
    return _run(ctx, "handout")


def cmd_report_workshop(ctx) -> int:
    """`atlas-qual report workshop --session CODE --lang es|en --out FILE.docx`"""
    return _run(ctx, "workshop")


def cmd_report_content_export(ctx) -> int:
    """`atlas-qual report content export --dmop ID --out FILE.xlsx|FILE.yaml [--lang es|en] [--no-redact]`: the
    analysts' texts to edit (drafts marked), redacted unless --no-redact."""
    from atlas_qual.errors import AtlasQualError
    from atlas_qual.store.report_content_files import export_content

    args = ctx.args
    target = args.out or args.file
    if not target:
        raise AtlasQualError("content_needs_out")
    lang = getattr(args, "ui_lang", None) or get_lang()
    redact = not args.no_redact
    path = export_content(ctx.project(), args.dmop, target, lang=lang, redact=redact)
    key = "content_exported_xlsx" if path.suffix.lower() == ".xlsx" else "content_exported"
    ctx.emit({"dmop": args.dmop, "file": str(path), "redacted": redact},
             lambda: t(key, dmop=args.dmop, file=str(path)) + ("" if redact else "\n" + t("report_not_redacted")))
    return 0


def cmd_report_content_import(ctx) -> int:
    """`atlas-qual report content import FILE.xlsx|FILE.yaml`: store the analysts' texts for the DMOP the file
    names (nothing is stored when the file has a problem)."""
    from atlas_qual.store.report_content_files import import_content

    result = import_content(ctx.project(), ctx.args.file, lang=getattr(ctx.args, "ui_lang", None) or get_lang())
    ctx.emit(result, lambda: content_imported_text(result))
    return 0


def content_imported_text(result: dict, lang: str | None = None) -> str:
    """The line ``report content import`` prints: what was saved, each count with its noun in the right plural."""
    return t("content_imported", lang=lang, dmop=result["dmop"], file=result["file"],
             questions=Plural("count_questions", result["questions"]),
             conclusions=Plural("count_conclusions", result["conclusions"]),
             lessons=Plural("count_lessons", result["lessons"]),
             recommendations=Plural("count_recommendations", result["recommendations"]),
             drafts=Plural("count_still_drafts", result["drafts"]))


def cmd_report_details(ctx) -> int:
    """`atlas-qual report details --session CODE [--date D] [--place P] [--facilitator F] [--agenda TEXT]`."""
    from atlas_qual.store.report_data import set_workshop_details

    args = ctx.args
    agenda = args.agenda.replace("\\n", "\n") if args.agenda is not None else None
    result = set_workshop_details(ctx.project(), args.session, held_on=args.date, place=args.place,
                                  facilitator=args.facilitator, agenda=agenda)
    ctx.emit(result, lambda: t("workshop_details_saved", session=result["session"]))
    return 0
