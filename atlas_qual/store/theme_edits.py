"""Analysts' edits of stored themes beyond rename/merge/delete: confirm a label, move a segment to another theme,
split a theme in two, and candidate themes from the codebook's subcodes (guided themes).

Each edit is one transaction; reading the run (:func:`atlas_qual.store.themes_store.get_run`) shows it.

Examples:
    >>> # confirm_label(project, 12)                    # the model's label is right: reports show it as reviewed
    >>> # move_segment(project, 12, segment_id=481)     # this answer belongs to theme 12
    >>> # split_theme(project, 12)                      # -> [12, 19]
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.models import Code, Segment, Theme, ThemeAssignment, ThemeRun
from atlas_qual.store.themes_store import _code_ref, _final, _run_themes, _theme  # noqa: F401


def confirm_label(project: Project, theme_id: int, confirmed: bool = True) -> None:
    """Mark a theme's label as reviewed by an analyst (or not): reports show unreviewed labels marked."""

    def _confirm(s: Session) -> None:
        row = _theme(s, theme_id)
        themes = _run_themes(s, row.run_id)
        themes[_final(themes, row.id)].label_confirmed = bool(confirmed)

    project.write(_confirm)


def move_segment(project: Project, theme_id: int, segment_id: int) -> None:
    """Put one segment of a run in theme ``theme_id`` (taking it out of the theme it was in, if any)."""

    def _move(s: Session) -> None:
        row = _theme(s, theme_id)
        themes = _run_themes(s, row.run_id)
        target = themes[_final(themes, row.id)]
        if target.deleted:
            raise AtlasQualError("themes_store_theme_deleted", id=theme_id)
        run = s.get(ThemeRun, row.run_id)
        if int(segment_id) not in {int(i) for i in (run.params or {}).get("segment_ids", [])}:
            raise AtlasQualError("themes_store_segment_not_in_run", segment=segment_id, run=row.run_id)
        existing = s.scalars(select(ThemeAssignment).where(
            ThemeAssignment.segment_id == int(segment_id), ThemeAssignment.theme_id.in_(list(themes)))).all()
        for a in existing:
            s.delete(a)
        s.add(ThemeAssignment(theme_id=target.id, segment_id=int(segment_id), representative=False, score=0.0,
                              confidence=1.0, moved=True))

    project.write(_move)


def split_theme(project: Project, theme_id: int, *, seed: int = 42) -> list[int]:
    """Split a theme in two with the theme engine (k = 2 over its segments); returns the two theme ids (the first is
    the theme itself). Each part gets the engine's label, terms and quotes; needs the engine's minimum of text."""
    from atlas_qual import themes as core

    with project.session() as s:
        row = _theme(s, theme_id)
        themes = _run_themes(s, row.run_id)
        target = themes[_final(themes, row.id)]
        if target.deleted:
            raise AtlasQualError("themes_store_theme_deleted", id=theme_id)
        members = [target.id] + [t.id for t in themes.values() if t.id != target.id and _final(themes, t.id)
                                 == target.id]
        rows = s.execute(select(ThemeAssignment.segment_id, Segment.text)
                         .join(Segment, Segment.id == ThemeAssignment.segment_id)
                         .where(ThemeAssignment.theme_id.in_(members))
                         .order_by(ThemeAssignment.segment_id)).all()
        lang = s.get(ThemeRun, row.run_id).lang or "es"
        target_id, run_id = target.id, row.run_id
    segment_ids = [r[0] for r in rows]
    result = core.extract_themes([r[1] for r in rows], lang=lang, n_themes=2, seed=seed, min_theme_size=1)
    if len(result.themes) < 2:
        raise AtlasQualError("themes_store_split_one", id=theme_id)

    def _split(s: Session) -> list[int]:
        themes = _run_themes(s, run_id)
        keep = themes[target_id]
        number = max(t.number for t in themes.values()) + 1
        parts = [keep, Theme(run_id=run_id, number=number, label="", terms=[], size=0, share_by_group={})]
        s.add(parts[1])
        s.flush()
        for part, th in zip(parts, result.themes):
            part.label, part.terms, part.size = th.label, list(th.terms), th.size
            part.coherence, part.custom_label, part.label_confirmed = th.coherence, "", None
        for t in themes.values():
            if t.id != target_id and _final(themes, t.id) == target_id:
                t.merged_into = None
                t.deleted = True  # its segments now live in the two parts
        quotes = {q.index for th in result.themes for q in th.quotes}
        for a in s.scalars(select(ThemeAssignment).where(ThemeAssignment.theme_id.in_(members))):
            s.delete(a)
        s.flush()
        s.add_all(ThemeAssignment(theme_id=parts[a].id, segment_id=segment_ids[i], representative=i in quotes,
                                  score=1.0 if i in quotes else 0.0, confidence=result.confidences[i])
                  for i, a in enumerate(result.assignments) if 0 <= a < 2)
        return [parts[0].id, parts[1].id]

    return project.write(_split)


def subcode_seeds(project: Project, code, lang: str = "es") -> list[tuple[str, str]]:
    """Candidate themes from the subcodes of ``code``: (name, definition) in ``lang`` (Spanish when missing)."""
    with project.session() as s:
        _index, ref = _code_ref(s, code)
        children = s.scalars(select(Code).where(Code.parent_id == ref.id).order_by(Code.position)).all()
        out = []
        for c in children:
            name = (c.name_en if lang == "en" and c.name_en else c.name).strip()
            definition = c.definition or {}
            out.append((name, str(definition.get(lang) or definition.get("es") or "").strip()))
    return out

