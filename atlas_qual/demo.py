"""The demo project: the committed synthetic inputs (data/interviews, data/demo) run through the normal import paths,
the way an evaluator and a facilitator would."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural
from atlas_qual.store.db import Project

TRANSCRIPT_SUFFIXES = {".txt", ".docx", ".vtt", ".srt", ".odt", ".pdf", ".md"}


def data_dir() -> Path:
    """The repository's data/ folder (or ATLAS_QUAL_DEMO_DATA)."""
    env = os.environ.get("ATLAS_QUAL_DEMO_DATA")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data"


def demo_transcripts(root: Path | None = None) -> list[Path]:
    root = root or data_dir()
    return sorted(p for p in (root / "interviews").iterdir() if p.suffix.lower() in TRANSCRIPT_SUFFIXES)


def build_demo(project: Project, *, progress: Callable[[int, str], Any] | None = None) -> dict[str, Any]:
    """Build the demo into a new project: reference data, interviews, two coders' codings, the PSA gaps and a
    finished gap-prioritization workshop. Returns the counts of `info`."""
    from atlas_qual.store.info import project_info
    from atlas_qual.store.reference import init_project

    before = project_info(project) if project.meta("app") else None
    if before and before["transcripts"]:
        raise AtlasQualError("project_exists_demo", path=project.name,
                             transcripts=Plural("count_transcripts", before["transcripts"]))
    root = data_dir()
    demo = root / "demo"
    steps: list[tuple[str, Callable[[], Any]]] = [("init", lambda: init_project(project))]

    def transcripts() -> None:
        from atlas_qual.store.transcripts import import_files

        report = import_files(project, demo_transcripts(root), manifest=demo / "manifest.csv")
        if report.errors:
            raise RuntimeError(f"demo transcripts failed to import: {report.errors}")

    steps.append(("transcripts", transcripts))
    steps.extend(_optional_steps(project, demo))
    bar = progress(len(steps), "demo") if progress else None
    for name, step in steps:
        if bar is not None:
            bar.set_postfix_str(name)
        step()
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    info = project_info(project)
    return {k: info[k] for k in ("transcripts", "segments", "codings", "coders", "gaps", "sessions", "dmops")}


def _optional_steps(project: Project, demo: Path) -> list[tuple[str, Callable[[], Any]]]:
    """The demo steps of each area, in order; an area contributes a `demo_steps(project, demo_dir)` function."""
    import importlib

    steps: list[tuple[str, Callable[[], Any]]] = []
    for module_name in ("atlas_qual.store.coding_io", "atlas_qual.store.workshop", "atlas_qual.store.register",
                        "atlas_qual.store.cycle", "atlas_qual.store.themes_store", "atlas_qual.store.report_content_files"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        fn = getattr(module, "demo_steps", None)
        if fn is not None:
            steps.extend(fn(project, demo))
    return steps
