"""Analysts' report content per DMOP (``atlas_qual.reports.content``), stored in the project's ``meta`` table as one
JSON document per DMOP, and its YAML round trip (`atlas-qual report content export|import`).

Examples:
    >>> # export_content(project, "MAUEP", "mauep.yaml")   # stored content, else drafts marked draft: true
    >>> # import_content(project, "mauep.yaml")            # -> {"dmop": "MAUEP", "questions": 6, ...}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from atlas_qual.errors import AtlasQualError
from atlas_qual.reports.content import normalize_content

PREFIX = "report_content."


def get_content(project, dmop: str) -> dict[str, Any] | None:
    """The analysts' content of a DMOP (None when nothing was stored)."""
    raw = project.meta(PREFIX + dmop)
    if not raw:
        return None
    return normalize_content(json.loads(raw), where=dmop)


def save_content(project, dmop: str, content: dict[str, Any]) -> dict[str, Any]:
    """Check and store a DMOP's content in one transaction; returns it normalised."""
    from atlas_qual.store.models import Meta
    from atlas_qual.store.report_data import resolve_dmop

    with project.session() as s:
        dmop = resolve_dmop(s, dmop).id
    clean = normalize_content({**content, "dmop": dmop}, where=dmop)
    payload = json.dumps(clean, ensure_ascii=False)

    def write(s) -> None:
        row = s.get(Meta, PREFIX + dmop)
        if row is None:
            s.add(Meta(key=PREFIX + dmop, value=payload))
        else:
            row.value = payload
    project.write(write)
    return clean


def content_or_drafts(project, dmop: str) -> dict[str, Any]:
    """What the analysts stored, completed with drafts from the codings where they have written nothing yet."""
    from atlas_qual.store.report_data import dmop_report_data

    return dict(dmop_report_data(project, dmop, lang="es", redact=True).content)


def export_content(project, dmop: str, path: str | Path) -> Path:
    """Write a DMOP's content as YAML for analysts to edit (drafts marked ``draft: true``)."""
    import yaml

    path = Path(path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise AtlasQualError("content_file_not_yaml", file=str(path))
    content = content_or_drafts(project, dmop)
    content["quote_translations"] = {str(k): v for k, v in content.get("quote_translations", {}).items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
    return path


def import_content(project, path: str | Path) -> dict[str, Any]:
    """Read an edited YAML file and store it for its DMOP; returns counts of what it holds."""
    import yaml

    path = Path(path)
    if not path.exists():
        raise AtlasQualError("content_file_missing", file=str(path))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" ({mark.line + 1}:{mark.column + 1})" if mark is not None else ""
        raise AtlasQualError("content_file_unreadable", file=path.name + where,
                             reason=getattr(exc, "problem", None) or str(exc).splitlines()[0]) from None
    if not isinstance(raw, dict) or not raw.get("dmop"):
        raise AtlasQualError("content_needs_dmop", file=path.name)
    clean = save_content(project, str(raw["dmop"]), normalize_content(raw, where=path.name))
    return {"dmop": clean["dmop"], "file": str(path), "questions": len(clean["questions"]),
            "conclusions": len(clean["conclusions"]), "lessons": len(clean["lessons"]),
            "recommendations": len(clean["recommendations"]),
            "drafts": sum(1 for k in ("questions", "conclusions", "lessons", "recommendations")
                          for x in clean[k] if x.get("draft"))}


def demo_steps(project, demo_dir: Path):
    """The demo's analyst content (``data/demo/report_content/*.yaml``) and report settings."""
    folder = Path(demo_dir) / "report_content"

    def run() -> None:
        from atlas_qual.store.settings import set_settings

        for file in sorted(folder.glob("*.yaml")):
            import_content(project, file)
        settings = folder / "settings.json"
        if settings.exists():
            set_settings(project, json.loads(settings.read_text(encoding="utf-8")))

    return [("report content", run)] if folder.is_dir() else []


__all__ = ["get_content", "save_content", "content_or_drafts", "export_content", "import_content", "demo_steps"]
