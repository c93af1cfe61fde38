"""atlas-qual: qualitative research and live workshop facilitation for the ATLAS project.

For analysts' notebooks: ``import atlas_qual as aq; p = aq.open_project("data/atlas.db")`` gives read-only pandas
DataFrames, redacted by default (see ``atlas_qual.api`` and docs/api.md).
"""

from atlas_qual.version import __version__


def open_project(project=None, *, redact: bool = True, lang: str = "es"):
    """Open a project (SQLite path or PostgreSQL URL) for analysis: see :func:`atlas_qual.api.open_project`."""
    from atlas_qual.api import open_project as _open

    return _open(project, redact=redact, lang=lang)


__all__ = ["open_project", "__version__"]
