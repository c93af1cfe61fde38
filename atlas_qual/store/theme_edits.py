"""Analysts' edits of stored themes: rename, merge, delete and restore, reset, confirm a label, move a segment to
another theme, split a theme in two, and candidate themes from the codebook's subcodes (guided themes).

Each edit is one transaction; reading the run (:func:`atlas_qual.store.themes_store.get_run`) shows it.

Examples:
    >>> # confirm_label(project, 12)                    # the model's label is right: reports show it as reviewed
    >>> # move_segment(project, 12, segment_id=481)     # this answer belongs to theme 12
    >>> # split_theme(project, 12)                      # -> [12, 19]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural
from atlas_qual.store.db import Project
from atlas_qual.store.models import Code, Segment, Theme, ThemeAssignment, ThemeRun
from atlas_qual.store.theme_segments import _code_ref

MAX_LABEL = 200


def _final(themes: Mapping[int, Theme], theme_id: int) -> int:
    """The theme a theme ends up in after merges (chains followed; a cycle in stored data stops where it closes)."""
    seen = {theme_id}
    while themes[theme_id].merged_into and themes[theme_id].merged_into in themes:
        theme_id = themes[theme_id].merged_into
        if theme_id in seen:
            break
        seen.add(theme_id)
    return theme_id


def _theme(s: Session, theme_id: int) -> Theme:
    row = s.get(Theme, int(theme_id))
    if row is None:
        raise AtlasQualError("themes_store_theme_unknown", id=theme_id)
    return row


def _run_themes(s: Session, run_id: int) -> dict[int, Theme]:
    return {th.id: th for th in s.scalars(select(Theme).where(Theme.run_id == run_id))}


def _where_it_ended(s: Session, theme_id: int) -> Theme:
    """The theme an edit of ``theme_id`` applies to: the theme itself, or the one it was merged into."""
    row = _theme(s, theme_id)
    themes = _run_themes(s, row.run_id)
    return themes[_final(themes, row.id)]


def _clean_label(label: str | None) -> str:
    text = " ".join(str(label or "").split())
    if len(text) > MAX_LABEL:
        raise AtlasQualError("themes_store_label_too_long", max=MAX_LABEL, n=len(text))
    return text


def rename_theme(project: Project, theme_id: int, label: str) -> None:
    """Give a theme the analyst's label (an empty label goes back to the model's). Reports show it.

    Examples:
        >>> # rename_theme(project, 12, "Falta de presupuesto y vehículos")
    """
    text = _clean_label(label)

    def _rename(s: Session) -> None:
        target = _where_it_ended(s, theme_id)
        if target.deleted:
            raise AtlasQualError("themes_store_theme_deleted", id=theme_id)
        target.custom_label = text
        target.label_confirmed = bool(text) or None

    project.write(_rename)


def merge_themes(project: Project, theme_ids: Sequence[int], label: str | None = None) -> int:
    """Merge themes of one run into the first of them (optionally renaming it); returns the kept theme's id.
    Each theme is taken where it already ended up (merging into a theme that was merged goes to its target).

    Examples:
        >>> # kept = merge_themes(project, [12, 15], label="Rutas y protocolos")
    """
    ids = [int(i) for i in theme_ids]
    text = _clean_label(label) if label is not None else None

    def _merge(s: Session) -> int:
        rows = [_theme(s, i) for i in ids]
        runs = {r.run_id for r in rows}
        if len(runs) > 1:
            raise AtlasQualError("themes_store_merge_runs")
        themes = _run_themes(s, runs.pop())
        finals = list(dict.fromkeys(_final(themes, r.id) for r in rows))
        if len(finals) < 2:
            raise AtlasQualError("themes_store_merge_needs_two")
        for tid in finals:
            if themes[tid].deleted:
                raise AtlasQualError("themes_store_theme_deleted", id=tid)
        keep = finals[0]
        for tid in finals[1:]:
            themes[tid].merged_into = keep
        if text:
            themes[keep].custom_label = text
            themes[keep].label_confirmed = True
        return keep

    return project.write(_merge)


def delete_theme(project: Project, theme_id: int) -> None:
    """Delete a theme (with whatever was merged into it): reports and the app stop showing it; its segments get no
    theme. :func:`restore_theme` undoes it."""

    def _delete(s: Session) -> None:
        _where_it_ended(s, theme_id).deleted = True

    project.write(_delete)


def restore_theme(project: Project, theme_id: int) -> None:
    """Undo the deletion of a theme, or take a merged theme out of the theme it was merged into."""

    def _restore(s: Session) -> None:
        row = _theme(s, theme_id)
        row.deleted = False
        row.merged_into = None

    project.write(_restore)


def reset_edits(project: Project, run_id: int) -> None:
    """Forget every edit of a run: the model's themes and labels again."""

    def _reset(s: Session) -> None:
        if s.get(ThemeRun, int(run_id)) is None:
            raise AtlasQualError("themes_store_run_unknown", id=run_id)
        for th in _run_themes(s, int(run_id)).values():
            th.custom_label, th.merged_into, th.deleted = "", None, False
            th.label_confirmed = True if th.seed_name else None

    project.write(_reset)


def confirm_label(project: Project, theme_id: int, confirmed: bool = True) -> None:
    """Mark a theme's label as reviewed by an analyst (or not): reports show unreviewed labels marked."""

    def _confirm(s: Session) -> None:
        _where_it_ended(s, theme_id).label_confirmed = bool(confirmed)

    project.write(_confirm)


def move_segment(project: Project, theme_id: int, segment_id: int) -> None:
    """Put one segment of a run in theme ``theme_id`` (taking it out of the theme it was in, if any)."""
    move_segments(project, theme_id, [segment_id])


def move_segments(project: Project, theme_id: int, segment_ids: Sequence[int]) -> None:
    """Put segments of a run in theme ``theme_id`` (each taken out of the theme it was in), in one transaction:
    every segment moves, or none does when one is not in the run.

    Examples:
        >>> # move_segments(project, 12, [481, 482, 490])   # these three answers belong to theme 12
    """
    wanted = list(dict.fromkeys(int(i) for i in segment_ids))

    def _move(s: Session) -> None:
        row = _theme(s, theme_id)
        themes = _run_themes(s, row.run_id)
        target = themes[_final(themes, row.id)]
        if target.deleted:
            raise AtlasQualError("themes_store_theme_deleted", id=theme_id)
        run = s.get(ThemeRun, row.run_id)
        in_run = {int(i) for i in (run.params or {}).get("segment_ids", [])}
        for segment_id in wanted:
            if segment_id not in in_run:
                raise AtlasQualError("themes_store_segment_not_in_run", segment=segment_id, run=row.run_id)
        existing = s.scalars(select(ThemeAssignment).where(
            ThemeAssignment.segment_id.in_(wanted), ThemeAssignment.theme_id.in_(list(themes)))).all()
        for a in existing:
            s.delete(a)
        s.flush()
        s.add_all(ThemeAssignment(theme_id=target.id, segment_id=segment_id, representative=False, score=0.0,
                                  confidence=1.0, moved=True) for segment_id in wanted)

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
        label = (target.custom_label or "").strip() or target.label
    segment_ids = [r[0] for r in rows]
    try:
        result = core.extract_themes([r[1] for r in rows], lang=lang, n_themes=2, seed=seed, min_theme_size=1)
    except AtlasQualError as exc:
        # the engine's own message speaks of finding themes and of widening filters; a split needs its own
        if exc.key != "themes_too_little_text":
            raise
        # the minimums as counts with their nouns ("10 segmentos con texto"), as the engine's own message says them
        params = {**exc.params, "min_texts": Plural("count_segments_with_text", exc.params["min_texts"]),
                  "min_words": Plural("count_content_words", exc.params["min_words"])}
        raise AtlasQualError("themes_store_split_too_small", label=_redacted_label(project, label, lang),
                             **params) from None
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


def _redacted_label(project: Project, label: str, lang: str) -> str:
    """A theme label as messages may show it (a listed person's name hidden, as the run's readers see it)."""
    from atlas_qual.store.project_redaction import project_redactor

    return project_redactor(project, lang).redact(label)


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

