"""`report dmop`, `report handout` and `report workshop`: Word reports (``report plan`` lives with the DMOP cycle)."""

from __future__ import annotations

from atlas_qual.i18n import get_lang, t


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
            template=getattr(args, "template", None), progress=lambda step: bar.update(1))
    finally:
        bar.close()
    data = result.to_dict()
    ctx.emit(data, lambda: t("report_written", kind=t(f"report_progress_{kind}"), path=data["out"],
                             size=round(data["bytes"] / 1024)) + (
        "" if result.redacted else "\n" + t("report_not_redacted")))
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
