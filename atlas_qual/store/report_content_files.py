"""The analysts' report content of a DMOP out to YAML or Excel for editing and back (`atlas-qual report content
export|import`), and the demo's content.

Exports are redacted like every output (names on the project's list and interviewees become pseudonyms, phones and
the like placeholders), unless ``redact=False``; files are readable by their owner only.

Examples:
    >>> # export_content(project, "MAUEP", "mauep.yaml")   # stored content, else drafts marked draft: true
    >>> # export_content(project, "MAUEP", "mauep.xlsx", lang="en")   # one sheet per section, drafts marked
    >>> # import_content(project, "mauep.xlsx")            # -> {"dmop": "MAUEP", "questions": 6, ...}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from atlas_qual.errors import AtlasQualError
from atlas_qual.reports.content import normalize_content
from atlas_qual.store.report_content import save_content
from atlas_qual.store.report_data import content_or_drafts


def _redacted(project, content: dict[str, Any]) -> dict[str, Any]:
    """Every text analysts wrote with names and personal data hidden (each language by its own redactor, so the
    English text gets English placeholders): analysts paste quotes into findings, and the file leaves the store.
    Redacting twice changes nothing, so drafts already redacted by the report data pass through unchanged."""
    from atlas_qual.reports.content import TEXT_FIELDS
    from atlas_qual.store.report_redaction import report_redactor

    # the reports' redactor: these texts end up in a report, so a listed surname written alone ("llamar a Benítez")
    # is hidden here as it is there
    red = {lang: report_redactor(project, lang, True) for lang in ("es", "en")}

    def text(value: dict[str, str]) -> dict[str, str]:
        return {lang: red[lang].redact(value.get(lang, "")) if value.get(lang) else "" for lang in ("es", "en")}

    out = dict(content)
    for key in TEXT_FIELDS:
        out[key] = text(content.get(key) or {})
    out["questions"] = [{**q, "question": text(q["question"]), "finding": text(q["finding"])}
                        for q in content.get("questions") or []]
    out["conclusions"] = [{**c, "text": text(c["text"])} for c in content.get("conclusions") or []]
    out["lessons"] = [{**x, "text": text(x["text"])} for x in content.get("lessons") or []]
    out["recommendations"] = [{**r, "text": text(r["text"]), "timeline": text(r["timeline"]),
                               "responsible": red["es"].redact(r.get("responsible") or "")}
                              for r in content.get("recommendations") or []]
    out["quote_translations"] = {k: {"original": red["es"].redact(v.get("original", "")),
                                     "en": red["en"].redact(v.get("en", ""))}
                                 for k, v in (content.get("quote_translations") or {}).items()}
    return out


def export_content(project, dmop: str, path: str | Path, *, lang: str = "es", redact: bool = True) -> Path:
    """Write a DMOP's content for analysts to edit, as YAML (``.yaml``) or an Excel workbook (``.xlsx``, headers in
    ``lang``); drafts are marked (``draft: true``, or the workbook's "Borrador" column)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".xlsx"):
        raise AtlasQualError("content_file_bad_suffix", file=str(path))
    content = content_or_drafts(project, dmop, redact=redact)
    if redact:
        content = _redacted(project, content)
    from atlas_qual.private_files import private_folder, private_output

    private_folder(path.parent)

    with private_output(path) as tmp:  # owner-only from the start: analysts' texts quote interviews
        if suffix == ".xlsx":
            from atlas_qual.store.report_content_xlsx import write_workbook

            write_workbook(content, tmp, lang=lang)
        else:
            import yaml

            content["quote_translations"] = {str(k): v for k, v in content.get("quote_translations", {}).items()}
            tmp.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
    return path


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except UnicodeDecodeError:
        raise AtlasQualError("content_file_unreadable", file=path.name, reason="UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" ({mark.line + 1}:{mark.column + 1})" if mark is not None else ""
        raise AtlasQualError("content_file_unreadable", file=path.name + where,
                             reason=getattr(exc, "problem", None) or str(exc).splitlines()[0]) from None
    if not isinstance(raw, dict) or not raw.get("dmop"):
        raise AtlasQualError("content_needs_dmop", file=path.name)
    return raw


def import_content(project, path: str | Path, *, lang: str | None = None) -> dict[str, Any]:
    """Read an edited YAML file or workbook and store it for its DMOP; returns counts of what it holds. Nothing is
    stored unless the whole file is valid (``lang``: the language of the error messages' sheet and column names)."""
    from atlas_qual.i18n import get_lang

    path = Path(path)
    if not path.exists():
        raise AtlasQualError("content_file_missing", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from atlas_qual.store.report_content_xlsx import read_workbook

        raw = read_workbook(path, lang=lang or get_lang())
    elif suffix in (".yaml", ".yml"):
        raw = _read_yaml(path)
    elif suffix == ".xls":
        raise AtlasQualError("content_file_old_excel", file=path.name)
    else:
        raise AtlasQualError("content_file_bad_suffix", file=str(path))
    clean = save_content(project, str(raw["dmop"]), normalize_content(raw, where=path.name))
    return {"dmop": clean["dmop"], "file": str(path), "questions": len(clean["questions"]),
            "conclusions": len(clean["conclusions"]), "lessons": len(clean["lessons"]),
            "recommendations": len(clean["recommendations"]),
            "drafts": sum(1 for k in ("questions", "conclusions", "lessons", "recommendations")
                          for x in clean[k] if x.get("draft"))}


def demo_steps(project, demo_dir: Path):
    """The demo's analyst content (``data/demo/report_content/*.yaml``), report settings, and the date, place,
    facilitator and agenda of its workshops (``workshop_details.json``, by the meta key that names each session),
    as a facilitator records them with ``atlas-qual report details``."""
    folder = Path(demo_dir) / "report_content"

    def run() -> None:
        from atlas_qual.store.report_data import set_workshop_details
        from atlas_qual.store.settings import set_settings

        for file in sorted(folder.glob("*.yaml")):
            import_content(project, file)
        settings = folder / "settings.json"
        if settings.exists():
            set_settings(project, json.loads(settings.read_text(encoding="utf-8")))
        details = folder / "workshop_details.json"
        for meta_key, fields in (json.loads(details.read_text(encoding="utf-8")) if details.exists() else {}).items():
            code = project.meta(meta_key)
            if code:
                set_workshop_details(project, code, **fields)

    return [("report content", run)] if folder.is_dir() else []


__all__ = ["export_content", "import_content", "demo_steps"]
