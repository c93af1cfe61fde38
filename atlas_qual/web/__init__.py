"""Plain web pages served by the same server as the Voila apps, with no kernel per visitor: the participant page.

``handlers(project_url)`` gives the Tornado routes that ``atlas_qual.server`` puts in front of Voila's: ``/p/CODE``
(join, vote, results), ``/p/CODE/events`` (round changes pushed as server-sent events), the content-hashed static
assets, and the redirect of the retired Voila participant page. The handlers read the request, call store functions
and render an autoescaped Jinja2 template; they keep nothing in memory between requests (see ``watch`` for the one
shared cache, which only mirrors the database), so several server processes can share one PostgreSQL project.
"""

from __future__ import annotations


def handlers(project_url: str | None = None) -> list[tuple]:
    """The routes of the plain pages (Tornado ``(pattern, handler, kwargs)``), to go before Voila's own."""
    from atlas_qual.web.participant import routes

    return routes(project_url)


__all__ = ["handlers"]
