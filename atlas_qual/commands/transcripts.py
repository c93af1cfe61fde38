"""`import` and `segments`."""

from __future__ import annotations

import sys

from atlas_qual.i18n import t


def cmd_import(ctx) -> int:
    from atlas_qual.store.transcripts import import_files

    a = ctx.args
    project = ctx.project()
    attrs = {"dmop": a.dmop, "territory": a.territory, "institution": a.institution, "role": a.role,
             "mode": a.mode, "language": a.lang}
    bar = ctx.progress(len(a.files), t("import_progress"))
    last = [0]

    def progress(n: int, name: str) -> None:
        bar.update(n - last[0])
        last[0] = n
        bar.set_postfix_str(name)

    report = import_files(project, a.files, attributes=attrs, manifest=a.manifest, progress=progress)
    bar.close()
    if ctx.json:
        ctx.emit(report.to_dict())
    else:
        for item in report.imported:
            print(t("import_ok", file=item.file, id=item.transcript_id, segments=item.segments,
                    speakers=", ".join(item.speakers) or "-"))
    for warning in report.warnings:
        print(f"atlas-qual: {t('import_warning_label')}: {warning['warning']}", file=sys.stderr)
    for err in report.errors:
        print(f"atlas-qual: error: {err.error}", file=sys.stderr)
    return 1 if report.errors else 0


def cmd_segments(ctx) -> int:
    from atlas_qual.store.transcripts import transcript_segments

    rows = transcript_segments(ctx.project(), ctx.args.transcript)
    keys = ("id", "speaker", "text", "start", "end")
    ctx.emit([{k: r[k] for k in keys} for r in rows],
             lambda: "\n".join(f"[{r['id']}] {r['speaker'] or '-'}: {r['text']}" for r in rows))
    return 0
