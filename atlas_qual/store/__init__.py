"""The project store: the only code that talks to the database (SQLAlchemy 2; SQLite by default, PostgreSQL for teams)."""

from atlas_qual.store import models  # noqa: F401  (all tables on Base.metadata)
from atlas_qual.store.db import Project, display_name, integrity_ok, open_project, resolve_url, set_meta

__all__ = ["Project", "open_project", "resolve_url", "display_name", "integrity_ok", "set_meta", "models"]
