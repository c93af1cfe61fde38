"""Themes of coded segments kept in the store: runs over one code's segments (filtered by case attributes and coder;
the selection is :mod:`atlas_qual.store.theme_segments`), the stored themes reports read with the analysts' edits
applied (the edits themselves: :mod:`atlas_qual.store.theme_edits`), and themes of a CSV/XLSX text column.

A run reads the segments coded with a code (and its subcodes) by human coders, accepted codings only, each segment
once however many coders coded it; runs the theme engine (:func:`atlas_qual.themes.extract_themes`) over the coded
text; and stores a ``ThemeRun`` (code, filters, model, parameters, text language) with its ``Theme`` rows and one
``ThemeAssignment`` per segment that got a theme (representative quotes flagged, ranked by ``score``). The store
keeps the model's output and the analysts' edits side by side (``custom_label``, ``merged_into``, ``deleted``);
reading a run applies the edits with the engine's own ``rename_theme``/``merge_themes``/``delete_theme`` and
redacts what leaves the store (quotes, labels, terms that are a listed person's name).

Examples:
    >>> # run = run_themes(project, "Evaluación/Debilidades", dmop="MAUEP")
    >>> # [(th.label, th.size) for th in run.themes]
    >>> # latest_themes(project, "Debilidades", dmop="MAUEP").themes[0].quotes[0].meta["pseudonym"]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.theme_texts import (  # noqa: F401  (re-exported: the store's public names)
    EXCEL_ERRORS,
    MAX_ROW_ERRORS,
    TextColumn,
    column_lang,
    column_themes,
    read_text_column,
    texts_themes,
)
from atlas_qual.store.theme_edits import (  # noqa: F401  (re-exported: the store's public names)
    MAX_LABEL,
    _final,
    delete_theme,
    merge_themes,
    move_segments,
    rename_theme,
    reset_edits,
    restore_theme,
)
from atlas_qual.store.theme_segments import (  # noqa: F401  (re-exported: the store's public names)
    AUTO_CODER,
    FILTER_KEYS,
    SPAN_JOINER,
    CodedSegment,
    SegmentSelection,
    _code_ref,
    _coded_text,
    _fold,
    _human_codings,
    _resolve_filters,
    _segments,
    select_segments,
)
from atlas_qual.store.models import (
    Coding,
    Dmop,
    Institution,
    RedactionName,
    Segment,
    Territory,
    Theme,
    ThemeAssignment,
    ThemeRun,
    Transcript,
)

GROUP_ATTRIBUTES = ("territory", "institution", "dmop")
DEFAULT_GROUP = "territory"
DEMO_CODES = ("Evaluación/Debilidades", "Evaluación/Fortalezas")


# --- stored runs as the rest of the program sees them --------------------------------------------------------------


@dataclass(frozen=True)
class StoredTheme:
    """A theme of a stored run with the analysts' edits applied; ``id`` is the database id (for edits), ``number``
    the model's theme id in the run; ``quotes`` are :class:`atlas_qual.themes.Quote` (redacted text; ``index`` into
    the run's segments; ``meta`` segment_id, transcript_id, pseudonym, role, territory, institution, dmop)."""

    id: int
    number: int
    label: str
    model_label: str
    custom_label: str
    size: int
    terms: tuple[str, ...]
    quotes: tuple
    share_by_group: dict[str, float]
    merged: tuple[int, ...] = ()
    segment_ids: tuple[int, ...] = ()
    label_confirmed: bool = False
    coherence: float | None = None
    seed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.number, "theme_id": self.id, "label": self.label, "size": self.size,
                "terms": list(self.terms), "quotes": [q.to_dict() for q in self.quotes],
                "share_by_group": dict(self.share_by_group), "model_label": self.model_label,
                "merged": list(self.merged), "segment_ids": list(self.segment_ids),
                "label_confirmed": self.label_confirmed, "coherence": self.coherence, "seed": self.seed}


@dataclass(frozen=True)
class RemovedTheme:
    """A theme an analyst deleted or merged into another (kept so that the edit can be undone)."""

    id: int
    number: int
    label: str
    size: int
    deleted: bool
    merged_into: int | None


@dataclass(frozen=True)
class StoredRun:
    """A stored theme run: what was run (code, filters, model, parameters, text language) and its themes as the
    analysts left them, biggest first. ``segments`` are the run's segment ids and ``assignments`` the theme number
    of each (-1: none, deleted or without content words)."""

    id: int
    code_id: int | None
    code_path: str
    filters: dict[str, str]
    model: str
    params: dict[str, Any]
    lang: str
    created_at: Any
    themes: tuple[StoredTheme, ...]
    removed: tuple[RemovedTheme, ...]
    segments: tuple[int, ...]
    assignments: tuple[int, ...]
    segment_meta: tuple[dict, ...] = ()
    confidences: tuple[float | None, ...] = ()

    @property
    def group_by(self) -> str:
        return self.params.get("group_by", DEFAULT_GROUP)

    def theme(self, theme_id: int) -> StoredTheme:
        """The live theme with database id ``theme_id`` (or a theme merged into it)."""
        for th in self.themes:
            if th.id == theme_id or theme_id in th.merged:
                return th
        raise KeyError(f"no live theme {theme_id} in run {self.id}")

    def share_matrix(self, attribute: str = DEFAULT_GROUP) -> tuple[list[str], list[list[float]], list[int]]:
        """For each group of ``attribute`` (territory, institution, dmop): the group values, the share of the
        group's segments in each theme (rows = themes in ``self.themes`` order) and the group's segment count."""
        if attribute not in GROUP_ATTRIBUTES:
            raise ValueError(f"unknown attribute {attribute!r}; use one of {GROUP_ATTRIBUTES}")
        values = [m.get(attribute) for m in self.segment_meta]
        groups = sorted({v for v in values if v})
        totals = Counter(v for v in values if v)
        matrix = []
        for th in self.themes:
            number = th.number
            hits = Counter(v for v, a in zip(values, self.assignments) if v and a == number)
            matrix.append([hits.get(g, 0) / totals[g] for g in groups])
        return groups, matrix, [totals[g] for g in groups]

    def to_dict(self) -> dict[str, Any]:
        """The ``atlas-qual themes --code ... --json`` object: the DESIGN.md contract (themes: id, label, size, terms,
        quotes; assignments) plus ``segments`` (assignments are per segment in that order) and ``run``."""
        return {
            "run": {"id": self.id, "code": self.code_path, "filters": dict(self.filters), "model": self.model,
                    "lang": self.lang, "params": {k: v for k, v in self.params.items() if k != "segment_ids"},
                    "created_at": self.created_at.isoformat(timespec="seconds") if self.created_at else None},
            "themes": [th.to_dict() for th in self.themes],
            "segments": list(self.segments),
            "assignments": list(self.assignments),
            "confidence": list(self.confidences),
        }


def _name_words(s: Session) -> set[str]:
    """Folded words of every listed person's name, minus words of places and institutions ("San", "Pedro" stay
    when "San Pedro" is a territory): a theme term made of one of them is a name and is not shown."""
    vocabulary: set[str] = set()
    for row in s.scalars(select(Territory)):
        vocabulary.update(_fold(w) for w in f"{row.name} {row.name_en}".split())
    for row in s.scalars(select(Institution)):
        vocabulary.update(_fold(w) for w in f"{row.id} {row.name_es} {row.name_en}".split())
    words: set[str] = set()
    for name in s.scalars(select(RedactionName.name)):
        words.update(w for w in (_fold(x).strip(".,") for x in str(name).split()) if len(w) >= 3)
    return words - vocabulary


def _show_terms(terms: Sequence[str], names: set[str]) -> tuple[str, ...]:
    return tuple(str(t) for t in terms if not (set(_fold(t).split()) & names))


def _show_label(label: str, shown_terms: Sequence[str], names: set[str], lang: str, redactor) -> str:
    """The model's label as it may be shown: by the theme's other terms when it names a listed person, redacted."""
    from atlas_qual import themes as core

    if names and set(re.findall(r"\w+", _fold(label))) & names:
        # label the theme by its terms without the name, as the engine labels themes
        label = core._label(tuple(shown_terms), lang)  # noqa: SLF001 - the engine's labelling rule, reused
    return redactor.redact(label) if redactor is not None else label


def _read_run(s: Session, run: ThemeRun, *, lang: str | None, redact: bool) -> StoredRun:
    from atlas_qual import themes as core

    out_lang = lang or run.lang or "es"
    params = dict(run.params or {})
    filters = {k: v for k, v in (run.filters or {}).items() if v}
    rows = list(s.scalars(select(Theme).where(Theme.run_id == run.id).order_by(Theme.number)))
    by_id = {th.id: th for th in rows}
    assignments = list(s.execute(
        select(ThemeAssignment.theme_id, ThemeAssignment.segment_id, ThemeAssignment.representative,
               ThemeAssignment.score, ThemeAssignment.confidence)
        .where(ThemeAssignment.theme_id.in_(list(by_id) or [-1]))
        .order_by(ThemeAssignment.id)))
    stored_ids = [int(i) for i in params.get("segment_ids", [])]
    if not stored_ids:  # a run stored without its segment list: its assigned segments, in order
        stored_ids = sorted({a.segment_id for a in assignments})
    code_path = params.get("code_path", "")
    code_ids: list[int] = []
    if run.code_id is not None:
        index, ref = _code_ref(s, run.code_id)
        code_path = ref.path
        code_ids = [ref.id, *index.descendants(ref.id)]
    # segment metadata and texts; the coded text of quotes as the codings stand now (a turn whose codings were
    # removed since the run is quoted whole)
    meta_rows = {r.id: r for r in s.execute(
        select(Segment.id, Segment.transcript_id, Segment.text, Segment.start, Transcript.pseudonym, Transcript.role,
               Transcript.territory_id, Transcript.institution_id, Transcript.dmop_id)
        .join(Transcript, Transcript.id == Segment.transcript_id)
        .where(Segment.id.in_(stored_ids or [-1])))}
    segment_ids = [i for i in stored_ids if i in meta_rows]
    position = {sid: i for i, sid in enumerate(segment_ids)}
    rep_ids = {a.segment_id for a in assignments if a.representative}
    spans: dict[int, list] = defaultdict(list)
    if code_ids and rep_ids:
        for seg_id, a, b in s.execute(_human_codings(code_ids, filters.get("coder"))
                                      .where(Coding.segment_id.in_(list(rep_ids)))):
            spans[seg_id].append((a, b))
    redactor = None
    if redact:
        from atlas_qual.redaction import Redactor
        from atlas_qual.store.project_redaction import redaction_names

        redactor = Redactor(redaction_names(s), lang=out_lang)
    names = _name_words(s) if redact else set()

    def meta_of(sid: int) -> dict[str, Any]:
        r = meta_rows[sid]
        role = r.role or ""
        return {"segment_id": sid, "transcript_id": r.transcript_id,
                "pseudonym": r.pseudonym or f"E-{r.transcript_id:02d}",
                "role": redactor.redact(role) if redactor is not None else role,
                "territory": r.territory_id, "institution": r.institution_id, "dmop": r.dmop_id}

    members: dict[int, list[int]] = defaultdict(list)
    reps: dict[int, list[tuple[float, int, int]]] = defaultdict(list)
    confidence_of: dict[int, float | None] = {}
    for theme_id, seg_id, rep, score, confidence in assignments:
        if seg_id not in position:
            continue
        confidence_of[seg_id] = confidence
        members[theme_id].append(seg_id)
        if rep:
            reps[theme_id].append((-(score or 0.0), position[seg_id], seg_id))
    number_of = {th.id: th.number for th in rows}
    core_themes = []
    for th in rows:
        quotes = []
        for _neg, pos, sid in sorted(reps.get(th.id, [])):
            r = meta_rows[sid]
            text = _coded_text(r.text, r.start, spans.get(sid, [])).strip()
            quotes.append(core.Quote(index=pos, text=redactor.redact(text) if redactor is not None else text,
                                     meta=meta_of(sid)))
        core_themes.append(core.Theme(id=th.number, label=th.label, size=len(members.get(th.id, [])),
                                      terms=tuple(th.terms or ()), quotes=tuple(quotes),
                                      share_by_group=dict(th.share_by_group or {})))
    theme_of_segment = {sid: number_of[tid] for tid, sids in members.items() for sid in sids}
    result = core.ThemeResult(themes=tuple(core_themes),
                              assignments=tuple(theme_of_segment.get(sid, -1) for sid in segment_ids),
                              model=run.model, params=params)

    # the analysts' edits, with the engine's own operations: merges (into the end of each chain), deletions, names
    targets: dict[int, list[int]] = defaultdict(list)
    for th in rows:
        end = _final(by_id, th.id)
        if end != th.id:
            targets[end].append(th.id)
    for end in sorted(targets, key=lambda i: by_id[i].number):
        result = core.merge_themes(result, [by_id[end].number, *(by_id[i].number for i in sorted(
            targets[end], key=lambda i: by_id[i].number))])
    for th in rows:
        if th.deleted and th.id not in {i for v in targets.values() for i in v}:
            result = core.delete_theme(result, th.number)
    for th in rows:
        label = (th.custom_label or "").strip()
        if label and any(t.id == th.number for t in result.themes):
            result = core.rename_theme(result, th.number, label)

    by_number = {th.number: th for th in rows}
    live = []
    for t in result.themes:
        row = by_number[t.id]
        shown = _show_terms(t.terms, names)
        model_label = _show_label(row.label, _show_terms(row.terms or (), names), names, run.lang or out_lang,
                                  redactor)
        custom = (row.custom_label or "").strip()
        label = (redactor.redact(custom) if redactor is not None else custom) if custom else \
            _show_label(t.label, shown, names, run.lang or out_lang, redactor)
        merged = tuple(sorted(targets.get(row.id, []), key=lambda i: by_id[i].number))
        live.append(StoredTheme(
            id=row.id, number=t.id, label=label, model_label=model_label, custom_label=custom,
            size=t.size, terms=shown, quotes=t.quotes, share_by_group=dict(t.share_by_group), merged=merged,
            segment_ids=tuple(sid for sid, a in zip(segment_ids, result.assignments) if a == t.id),
            label_confirmed=bool(row.label_confirmed or custom), coherence=row.coherence, seed=row.seed_name))
    live.sort(key=lambda th: (-th.size, th.number))
    live_ids = {th.id for th in live}

    def removed_label(th: Theme) -> str:
        custom = (th.custom_label or "").strip()
        if custom:
            return redactor.redact(custom) if redactor is not None else custom
        return _show_label(th.label, _show_terms(th.terms or (), names), names, run.lang or out_lang, redactor)

    removed = tuple(
        RemovedTheme(id=th.id, number=th.number, label=removed_label(th),
                     size=len(members.get(th.id, [])), deleted=bool(th.deleted),
                     merged_into=_final(by_id, th.id) if th.merged_into else None)
        for th in rows if th.id not in live_ids)
    return StoredRun(id=run.id, code_id=run.code_id, code_path=code_path, filters=filters, model=run.model,
                     params=params, lang=run.lang, created_at=run.created_at, themes=tuple(live), removed=removed,
                     segments=tuple(segment_ids), assignments=tuple(result.assignments),
                     segment_meta=tuple(meta_of(sid) for sid in segment_ids),
                     confidences=tuple(confidence_of.get(sid) if a >= 0 else None
                                       for sid, a in zip(segment_ids, result.assignments)))


def get_run(project: Project, run_id: int, *, lang: str | None = None, redact: bool = True) -> StoredRun:
    """A stored run with the analysts' edits applied; quotes, labels and terms redacted unless ``redact=False``.
    ``lang`` is the language of the reader (placeholders such as [nombre]/[name]); default the run's.

    Examples:
        >>> # get_run(project, 3).themes[0].label -> 'Presupuesto, combustible, vehículo'
    """
    with project.session() as s:
        run = s.get(ThemeRun, int(run_id))
        if run is None:
            raise AtlasQualError("themes_store_run_unknown", id=run_id)
        return _read_run(s, run, lang=lang, redact=redact)


@dataclass(frozen=True)
class ThemeText:
    """One text of a theme as an analyst reviews it before moving it: the segment, its coded text (redacted), who
    said it (pseudonym, role, territory) and how sure the model was (1.0 once an analyst moved it there)."""

    segment_id: int
    text: str
    pseudonym: str
    role: str
    territory: str | None
    confidence: float | None


def theme_members(project: Project, theme_id: int, *, lang: str | None = None,
                  redact: bool = True) -> list[ThemeText]:
    """The texts of a live theme (with what was merged into it and what analysts moved), in the run's order, each
    as coded and redacted like the run's quotes. Raises ``AtlasQualError`` for an unknown or deleted theme.

    Examples:
        >>> # [t.pseudonym for t in theme_members(project, 12)]
    """
    with project.session() as s:
        row = s.get(Theme, int(theme_id))
        if row is None:
            raise AtlasQualError("themes_store_theme_unknown", id=theme_id)
        run_row = s.get(ThemeRun, row.run_id)
        run = _read_run(s, run_row, lang=lang, redact=redact)
        try:
            theme = run.theme(row.id)
        except KeyError:
            raise AtlasQualError("themes_store_theme_deleted", id=theme_id) from None
        wanted = list(theme.segment_ids)
        code_ids: list[int] = []
        if run_row.code_id is not None:
            index, ref = _code_ref(s, run_row.code_id)
            code_ids = [ref.id, *index.descendants(ref.id)]
        spans: dict[int, list] = defaultdict(list)
        if code_ids and wanted:
            for seg_id, a, b in s.execute(_human_codings(code_ids, run.filters.get("coder"))
                                          .where(Coding.segment_id.in_(wanted))):
                spans[seg_id].append((a, b))
        texts = {r.id: _coded_text(r.text, r.start, spans.get(r.id, [])).strip() for r in s.execute(
            select(Segment.id, Segment.text, Segment.start).where(Segment.id.in_(wanted or [-1])))}
        redactor = None
        if redact:
            from atlas_qual.redaction import Redactor
            from atlas_qual.store.project_redaction import redaction_names

            redactor = Redactor(redaction_names(s), lang=lang or run.lang or "es")
    meta = {m["segment_id"]: m for m in run.segment_meta}
    sure = dict(zip(run.segments, run.confidences))
    out = []
    for sid in wanted:
        m = meta[sid]
        text = texts.get(sid, "")
        out.append(ThemeText(segment_id=sid, text=redactor.redact(text) if redactor is not None else text,
                             pseudonym=m["pseudonym"], role=m["role"], territory=m["territory"],
                             confidence=sure.get(sid)))
    return out


@dataclass(frozen=True)
class RunSummary:
    id: int
    code_id: int | None
    code_path: str
    filters: dict[str, str]
    model: str
    lang: str
    created_at: Any
    themes: int
    segments: int


def list_runs(project: Project, code=None) -> list[RunSummary]:
    """Stored runs (of one code, or all), newest first."""
    with project.session() as s:
        q = select(ThemeRun).order_by(ThemeRun.created_at.desc(), ThemeRun.id.desc())
        index = None
        if code is not None:
            index, ref = _code_ref(s, code)
            q = q.where(ThemeRun.code_id == ref.id)
        out = []
        for run in s.scalars(q):
            if index is None:
                from atlas_qual.store.codebook import index_of

                index = index_of(s)
            path = index.get(run.code_id).path if run.code_id in index.refs else (run.params or {}).get("code_path", "")
            live = sum(1 for th in run.themes if not th.deleted and not th.merged_into)
            n = (run.params or {}).get("n_segments", len((run.params or {}).get("segment_ids", [])))
            out.append(RunSummary(run.id, run.code_id, path, dict(run.filters or {}), run.model, run.lang,
                                  run.created_at, live, n))
        return out


def latest_themes(project: Project, code, dmop: str | None = None, territory: str | None = None,
                  institution: str | None = None, role: str | None = None, coder: str | None = None, *,
                  lang: str | None = None, redact: bool = True) -> StoredRun | None:
    """The newest stored run of ``code`` with exactly these filters (None = not filtered on it), edits applied and
    redacted; None when there is none. Reports call this: they never run the model.

    Examples:
        >>> # latest_themes(project, "Evaluación/Debilidades").themes[0].label
        >>> # latest_themes(project, "Debilidades", dmop="MAUEP") is None   # no run over MAUEP alone yet
    """
    with project.session() as s:
        try:
            _, ref = _code_ref(s, code)
        except AtlasQualError:
            return None
        wanted = _resolve_filters(s, dmop=dmop, territory=territory, institution=institution, role=role, coder=coder)
        runs = s.scalars(select(ThemeRun).where(ThemeRun.code_id == ref.id)
                         .order_by(ThemeRun.created_at.desc(), ThemeRun.id.desc()))
        for run in runs:
            have = {k: v for k, v in (run.filters or {}).items() if v and k in FILTER_KEYS}
            if _same_filters(have, wanted):
                return _read_run(s, run, lang=lang, redact=redact)
    return None


def _same_filters(a: Mapping[str, str], b: Mapping[str, str]) -> bool:
    if set(a) != set(b):
        return False
    return all(_fold(a[k]) == _fold(b[k]) for k in a)


def reference_names(project: Project, lang: str = "es") -> dict[str, dict[str, str]]:
    """Display names of the case attributes themes are compared by: territory id -> name, institution and DMOP ids
    (acronyms, shown as they are)."""
    with project.session() as s:
        return {
            "territory": {r.id: (r.name_en if lang == "en" and r.name_en else r.name)
                          for r in s.scalars(select(Territory))},
            "institution": {i: i for i in s.scalars(select(Institution.id))},
            "dmop": {d: d for d in s.scalars(select(Dmop.id))},
        }


# --- running ---------------------------------------------------------------------------------------------------


def _describe(code_path: str, filters: Mapping[str, str]) -> dict[str, str]:
    """``code_es``/``code_en``: the code with its filters, for messages in either language."""
    from atlas_qual.i18n import t

    out = {}
    for lang in ("es", "en"):
        parts = [f"{t('themes_app_filter_' + k, lang=lang)} {v}" for k, v in filters.items() if v]
        out[f"code_{lang}"] = f"{code_path} ({', '.join(parts)})" if parts else code_path
    return out


def run_themes(project: Project, code, *, dmop: str | None = None, territory: str | None = None,
               institution: str | None = None, role: str | None = None, coder: str | None = None,
               embedding: str = "default", seed: int = 42, min_theme_size: int | None = None, n_quotes: int = 3,
               lang: str | None = None, group_by: str = DEFAULT_GROUP, n_themes: int | None = None,
               seeds: Sequence[tuple[str, str]] | None = None,
               progress: Callable[[float, str], None] | None = None) -> StoredRun:
    """Find the themes of a code's segments (see :func:`select_segments` for the filters), store the run and return
    it as read back from the store. ``lang`` is the language of the texts (default: that of most of the segments'
    transcripts); ``group_by`` the case attribute of ``share_by_group`` (territory, institution or dmop);
    ``n_themes`` the analyst's number of themes; ``seeds`` candidate themes ``(name, description)``: guided themes
    (the codebook's subcodes of ``code`` with :func:`subcode_seeds`).

    Raises ``AtlasQualError`` when no segment is coded with the code under these filters, or when there is too
    little text to find themes (the message names the code and filters and says how much is needed).

    Examples:
        >>> # run = run_themes(project, "Debilidades", dmop="MAUEP", progress=lambda f, msg: print(f, msg))
        >>> # run.to_dict()["themes"][0]["label"]
    """
    from atlas_qual import themes as core

    if group_by not in GROUP_ATTRIBUTES:
        raise ValueError(f"unknown group_by {group_by!r}; use one of {GROUP_ATTRIBUTES}")
    selection = select_segments(project, code, dmop=dmop, territory=territory, institution=institution, role=role,
                                coder=coder)
    where = _describe(selection.code_path, selection.filters)
    if not selection.segments:
        raise AtlasQualError("themes_store_no_segments", **where)
    text_lang = lang or selection.lang
    texts = [seg.text for seg in selection.segments]
    groups = [seg.group(group_by) for seg in selection.segments]
    try:
        result = core.extract_themes(texts, lang=text_lang, groups=groups, embedding=embedding, seed=seed,
                                     min_theme_size=min_theme_size, n_quotes=n_quotes, n_themes=n_themes,
                                     seeds=seeds, progress=progress)
    except AtlasQualError as exc:
        if exc.key == "themes_too_little_text":
            raise AtlasQualError("themes_store_too_little", **where, **exc.params) from None
        raise
    segment_ids = [seg.segment_id for seg in selection.segments]
    params = {**result.params, "group_by": group_by, "code_path": selection.code_path,
              "n_segments": len(segment_ids), "segment_ids": segment_ids}

    def _store(s: Session) -> int:
        run = ThemeRun(code_id=selection.code_id, filters=dict(selection.filters), model=result.model,
                       params=params, lang=text_lang)
        s.add(run)
        s.flush()
        rows = {}
        for th in result.themes:
            row = Theme(run_id=run.id, number=th.id, label=th.label, terms=list(th.terms), size=th.size,
                        share_by_group=dict(th.share_by_group), coherence=th.coherence, seed_name=th.seed,
                        label_confirmed=th.label_confirmed)
            s.add(row)
            rows[th.id] = row
        s.flush()
        # representative quotes keep the engine's order: the first quote scores 1.0, the last above 0
        rank = {q.index: (th.id, 1.0 - r / max(len(th.quotes), 1)) for th in result.themes
                for r, q in enumerate(th.quotes)}
        confidence = result.confidences or (0.0,) * len(result.assignments)
        s.add_all(ThemeAssignment(theme_id=rows[a].id, segment_id=segment_ids[i], representative=i in rank,
                                  score=rank[i][1] if i in rank else 0.0, confidence=confidence[i])
                  for i, a in enumerate(result.assignments) if a >= 0)
        return run.id

    run_id = project.write(_store)
    return get_run(project, run_id)


# --- analysts' edits -------------------------------------------------------------------------------------------


def edit_count(project: Project, run_id: int) -> int:
    """How many analysts' edits a run holds: themes renamed, merged, deleted or with a label confirmed by hand, and
    texts moved. A new run over the same code and filters hides them from the page and the reports (they read the
    latest run), so the page warns before running again.

    Examples:
        >>> # edit_count(project, 4) -> 5
    """
    with project.session() as s:
        rows = list(s.scalars(select(Theme).where(Theme.run_id == int(run_id))))
        n = sum(1 for th in rows if (th.custom_label or "").strip()) + sum(1 for th in rows if th.merged_into)
        n += sum(1 for th in rows if th.deleted)
        n += sum(1 for th in rows if th.label_confirmed and not th.seed_name and not (th.custom_label or "").strip())
        n += len(s.scalars(select(ThemeAssignment.id).where(
            ThemeAssignment.theme_id.in_([th.id for th in rows] or [-1]), ThemeAssignment.moved.is_(True))).all())
    return n


def delete_run(project: Project, run_id: int) -> None:
    """Remove a stored run with its themes and assignments."""

    def _delete(s: Session) -> None:
        run = s.get(ThemeRun, int(run_id))
        if run is None:
            raise AtlasQualError("themes_store_run_unknown", id=run_id)
        s.delete(run)

    project.write(_delete)


# --- the demo ----------------------------------------------------------------------------------------------------


def demo_steps(project: Project, demo_dir: Path) -> list[tuple[str, Callable[[], Any]]]:
    """The demo's theme runs: weaknesses and strengths over every interview (the demo reports read them)."""

    def run_demo() -> None:
        with project.session() as s:
            from atlas_qual.store.codebook import index_of

            index = index_of(s)
        for code in DEMO_CODES:
            if not index.find(code):
                continue
            try:
                run_themes(project, code)
            except AtlasQualError as exc:
                if exc.key not in ("themes_store_no_segments", "themes_store_too_little"):
                    raise

    return [("themes", run_demo)]
