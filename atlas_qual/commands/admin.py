"""`migrate`, `backup` and `restore`: the project copied whole, verified by per-table counts and checksums."""

from __future__ import annotations

from atlas_qual.i18n import Plural, t


def _progress(ctx, total: int):
    bar = ctx.progress(total, t("admin_progress_copy"))
    last = [0]

    def update(n: int, name: str) -> None:
        bar.update(max(0, n - last[0]))
        last[0] = n
        if name:
            bar.set_postfix_str(name)

    return bar, update


def _table(report) -> str:
    """The per-table counts and checksums (first 16 hex digits), then the totals and the verdict."""
    head = (t("admin_header"), t("admin_header_rows"), t("admin_header_checksum"))
    rows = [head] + [(c.table, str(c.rows), c.checksum[:16]) for c in report.tables]
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"  {r[0].ljust(width[0])}  {r[1].rjust(width[1])}  {r[2]}" for r in rows]
    lines.append(t("admin_copied", source=report.source, target=report.target,
                   tables=Plural("count_tables", len(report.tables)), rows=Plural("count_rows", report.rows)))
    lines.append(t("admin_verified"))
    return "\n".join(lines)


def _run(ctx, fn, total: int) -> object:
    bar, update = _progress(ctx, total)
    try:
        return fn(update)
    finally:
        bar.close()


def _table_count() -> int:
    from atlas_qual.store.models import Base

    return len(Base.metadata.sorted_tables)


def cmd_migrate(ctx) -> int:
    from atlas_qual.store.admin import migrate

    project = ctx.project()
    report = _run(ctx, lambda progress: migrate(project, ctx.args.to, progress=progress), _table_count())
    ctx.emit(report.to_dict(), lambda: _table(report) + "\n" + t("admin_migrated_hint", target=report.target))
    return 0


def cmd_backup(ctx) -> int:
    from atlas_qual.store.admin import backup

    project = ctx.project()
    report = _run(ctx, lambda progress: backup(project, ctx.args.file, progress=progress), _table_count())
    ctx.emit(report.to_dict(), lambda: _table(report))
    return 0


def cmd_restore(ctx) -> int:
    from pathlib import Path

    from atlas_qual.errors import AtlasQualError
    from atlas_qual.store.admin import restore

    if not Path(ctx.args.file).expanduser().is_file():  # before a missing target project gets created
        raise AtlasQualError("admin_backup_missing", file=ctx.args.file)
    project = ctx.project(create=True)
    report = _run(ctx, lambda progress: restore(project, ctx.args.file, force=ctx.args.force, progress=progress),
                  _table_count())
    ctx.emit(report.to_dict(), lambda: _table(report))
    return 0
