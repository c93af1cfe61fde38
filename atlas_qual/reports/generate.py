"""Writing a report end to end: gather its data from the store, build the document, save it. One function shared by
the CLI (``atlas-qual report ...``) and the report app, so both produce the same file.

Examples:
    >>> # generate_report(project, "dmop", "informe.docx", dmop="MAUEP", lang="es")
    >>> # -> GeneratedReport(kind='dmop', path=PosixPath('informe.docx'), ...)
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from atlas_qual.errors import AtlasQualError

REPORT_KINDS = ("dmop", "handout", "workshop")
REPORT_LANGS = {"dmop": ("es", "en"), "handout": ("es", "en", "gn"), "workshop": ("es", "en")}


@dataclass(frozen=True)
class GeneratedReport:
    kind: str
    path: Path
    lang: str
    redacted: bool
    size: int
    dmop: str | None = None
    territory: str | None = None
    session: str | None = None
    drafts: int = 0  # unreviewed drafts the report prints (DMOP report, learning-workshop report)
    warning: str = ""  # one line for the person who generated it ("" when nothing to say)

    def to_dict(self) -> dict:
        return {"report": self.kind, "out": str(self.path), "lang": self.lang, "redacted": self.redacted,
                "bytes": self.size, "dmop": self.dmop, "territory": self.territory, "session": self.session,
                "drafts": self.drafts}


def steps(kind: str) -> int:
    """How many progress ticks :func:`generate_report` makes for a report kind (for sizing a progress bar)."""
    from atlas_qual.reports import dmop, handout, workshop_report
    from atlas_qual.store.report_data import DATA_STEPS

    if kind == "dmop":
        return len(DATA_STEPS) + len(dmop.STEPS) + 2
    if kind == "handout":
        return len(DATA_STEPS) + len(handout.STEPS) + 2
    if kind == "workshop":
        return 1 + len(workshop_report.STEPS) + 2
    raise ValueError(f"unknown report kind {kind!r}; use one of {REPORT_KINDS}")


def reports_dir() -> Path:
    """Where the report app writes files: ``$ATLAS_QUAL_REPORTS``, else ``reports/`` of the checkout (git-ignored;
    not the kernel's working folder, which under Voila is notebooks/)."""
    env = os.environ.get("ATLAS_QUAL_REPORTS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "reports"


def default_filename(kind: str, *, dmop: str | None = None, territory: str | None = None,
                     session: str | None = None, lang: str = "es", now: dt.datetime | None = None) -> str:
    """A file name that says what the report is: ``informe_dmop_MAUEP_alto_parana_es_20250614-1030.docx``.

    Examples:
        >>> default_filename("handout", dmop="CR", lang="en", now=dt.datetime(2025, 6, 14, 10, 30))
        'handout_CR_en_20250614-1030.docx'
    """
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M")
    parts = {"dmop": ["informe_dmop" if lang == "es" else "dmop_report", dmop, territory],
             "handout": ["hoja_taller" if lang == "es" else "handout", dmop, territory],
             "workshop": ["resultados_taller" if lang == "es" else "workshop_results", session]}[kind]
    name = "_".join(p for p in parts if p) + f"_{lang}_{stamp}.docx"
    return re.sub(r"[^\w.-]+", "_", name)


def generate_report(project, kind: str, out: str | os.PathLike, *, dmop: str | None = None,
                    territory: str | None = None, session: str | None = None, lang: str = "es",
                    redact: bool = True, template: str | os.PathLike | None = None, charts: bool = True,
                    progress: Callable[[str], None] | None = None, allow_incomplete: bool = False,
                    toc_pages: bool | None = None) -> GeneratedReport:
    """Gather, build and save one report; ``progress`` gets the name of each step as it finishes.

    ``kind`` is ``dmop`` (evaluation report; needs ``dmop``, optional ``territory``), ``handout`` (learning
    workshop; same; also in Guaraní, ``lang="gn"``) or ``workshop`` (results, or the learning-workshop report for a
    learning session; needs ``session``, the join code). A DMOP report whose interviews are coded below the
    project's threshold (``report.min_coverage``) is refused unless ``allow_incomplete``; then its cover and
    limitations say so. ``toc_pages``: number the table of contents with LibreOffice (default: when installed).
    """
    import dataclasses

    from atlas_qual.store import report_data

    if kind not in REPORT_KINDS:
        raise ValueError(f"unknown report kind {kind!r}; use one of {REPORT_KINDS}")
    if lang not in REPORT_LANGS[kind]:
        raise AtlasQualError("report_lang_unsupported", kind=kind, lang=lang, langs=", ".join(REPORT_LANGS[kind]))
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise AtlasQualError("report_out_not_docx", out=str(out))
    if out.is_dir():
        raise AtlasQualError("report_out_is_folder", out=str(out))
    tick = progress or (lambda step: None)
    drafts, warning = 0, ""
    if kind in ("dmop", "handout"):
        if not dmop:
            raise AtlasQualError("report_needs_dmop")
        # Guaraní handouts: the store's names in Spanish, the handout's own words from the gn catalog (es fallback)
        data = report_data.dmop_report_data(project, dmop, territory, lang="es" if lang == "gn" else lang,
                                            redact=redact, progress=tick)
        if lang == "gn":
            data = dataclasses.replace(data, lang="gn")
        if kind == "dmop" and data.incomplete and not allow_incomplete:
            from atlas_qual.reports.front_matter import coverage_sentence
            from atlas_qual.reports.text import fmt_share

            raise AtlasQualError("report_incomplete", dmop=data.dmop_id,
                                 coverage=coverage_sentence(data.coded, len(data.interviews), lang),
                                 threshold=fmt_share(data.min_coverage, lang, 0))
        if kind == "dmop":
            from atlas_qual.reports.dmop import build_dmop_report as build
            from atlas_qual.reports.dmop import draft_counts, drafts_warning

            drafts, warning = sum(draft_counts(data).values()), drafts_warning(data)
        else:
            from atlas_qual.reports.handout import build_handout as build
        builder = build(data, template=template, charts=charts, progress=tick)
        dmop = data.dmop_id
    else:
        if not session:
            raise AtlasQualError("report_needs_session")
        from atlas_qual.reports.workshop_report import build_workshop_report

        data = report_data.workshop_report_data(project, session, lang=lang, redact=redact)
        tick("data")
        if data.session.get("kind") == "learning":
            from atlas_qual.reports.learning_report import build_learning_report as build_workshop_report
            from atlas_qual.reports.learning_report import draft_refs, drafts_warning

            drafts, warning = len(draft_refs(data)), drafts_warning(data)
        builder = build_workshop_report(data, template=template, charts=charts, progress=tick)
        session = data.session.get("code", session)
    path = builder.save(out)
    tick("saved")
    if toc_pages is None:
        toc_pages = os.environ.get("ATLAS_QUAL_TOC_PAGES", "1") != "0"
    if toc_pages:  # the handout has no contents, but a heading can be stranded at a page foot there too
        from atlas_qual.reports.render import fill_toc_pages

        fill_toc_pages(builder, path)
    tick("contents")
    return GeneratedReport(kind=kind, path=path, lang=lang, redacted=redact, size=path.stat().st_size, dmop=dmop,
                           territory=territory, session=session, drafts=drafts, warning=warning)


__all__ = ["REPORT_KINDS", "GeneratedReport", "generate_report", "steps", "reports_dir", "default_filename"]
