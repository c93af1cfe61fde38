"""`init`, `demo` and `info`."""

from __future__ import annotations

from atlas_qual.i18n import Plural, t


def cmd_init(ctx) -> int:
    from atlas_qual.store.reference import init_project

    project = ctx.project(create=True)
    init_project(project)
    from atlas_qual.store.info import project_info

    info = project_info(project)
    ctx.emit({"project": project.name, "schema_version": info["schema_version"], "codes": info["codes"]},
             t("init_done", project=project.name, codes=Plural("count_codes", info["codes"]), dmops=info["dmops"],
               territories=Plural("count_territories", info["territories"]),
               institutions=Plural("count_institutions", info["institutions"])))
    return 0


def cmd_demo(ctx) -> int:
    from atlas_qual.demo import build_demo

    project = ctx.project(create=True)
    summary = build_demo(project, progress=ctx.progress)
    ctx.emit(summary, lambda: demo_done_text(project.name, summary))
    return 0


def demo_done_text(project_name: str, summary: dict, lang: str | None = None) -> str:
    """The line ``demo`` prints: what the demo project holds, each count with its noun in the right plural."""
    return t("demo_done", lang=lang, project=project_name,
             transcripts=Plural("count_transcripts", summary["transcripts"]),
             segments=Plural("count_segments", summary["segments"]),
             codings=Plural("count_codings", summary["codings"]),
             sessions=Plural("count_workshop_sessions", summary["sessions"]))


def cmd_info(ctx) -> int:
    from atlas_qual.store.info import project_info

    info = project_info(ctx.project())
    keys = ("schema_version", "transcripts", "segments", "codings", "coders", "codes", "gaps", "sessions", "dmops",
            "themes")
    data = {k: info[k] for k in keys}

    def human() -> str:
        lines = [f"{info['project']}"]
        lines += [f"  {t('info_' + k)}: {', '.join(v) if isinstance(v, list) else v}" for k, v in data.items()]
        for coder, n in info["codings_by_coder"].items():
            lines.append(f"    {coder}: {n}")
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0
