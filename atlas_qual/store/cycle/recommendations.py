"""A DMOP's recommendations: drafted from codings and named themes, stored as R01, R02..., edited by the facilitator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual import cycle as core
from atlas_qual.errors import AtlasQualError
from atlas_qual.store.cycle.common import _clean_text, _dmop
from atlas_qual.store.db import Project
from atlas_qual.store.models import (
    Coding,
    Dmop,
    Recommendation,
    Segment,
    Theme,
    ThemeAssignment,
    ThemeRun,
    Transcript,
)

RECOMMENDATIONS_CODE = "Evaluación/Recomendaciones"


@dataclass(frozen=True)
class RecommendationInfo:
    """A recommendation of a DMOP's evaluation as the facilitator edits it."""

    id: int
    dmop: str
    ref: str
    text: str
    source: str = ""
    responsible: str = ""
    status: str = "proposed"

    @property
    def machine_draft(self) -> bool:
        """The text is still the machine's draft: no person edited or confirmed it."""
        return core.is_machine_draft(self.source)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "dmop": self.dmop, "ref": self.ref, "text": self.text, "source": self.source,
                "responsible": self.responsible, "status": self.status, "machine_draft": self.machine_draft}


def _rec_info(r: Recommendation) -> RecommendationInfo:
    return RecommendationInfo(id=r.id, dmop=r.dmop_id, ref=r.ref, text=r.text, source=r.source or "",
                              responsible=r.responsible or "", status=r.status or "proposed")


def _recommendation_code_ids(s: Session) -> list[int]:
    from atlas_qual.store.codebook import index_of

    index = index_of(s)
    try:
        ref = index.resolve(RECOMMENDATIONS_CODE)
    except AtlasQualError:
        return []
    return [ref.id] + list(index.descendants(ref.id))


def _sources(s: Session, dmop: Dmop, redactor) -> tuple[list[core.SourceSegment], list[core.ThemeSource]]:
    """The DMOP's segments coded as recommendations (the consensus coder's where there is one) and the stored
    themes over them (latest run per code; merged and deleted themes left out)."""
    from atlas_qual.store.report_data import effective_codings

    code_ids = _recommendation_code_ids(s)
    if not code_ids:
        return [], []
    rows = [tuple(r) for r in s.execute(
        select(Coding.segment_id, Segment.transcript_id, Coding.code_id, Coding.coder, Coding.start, Coding.end)
        .join(Segment, Segment.id == Coding.segment_id).join(Transcript, Transcript.id == Segment.transcript_id)
        .where(Transcript.dmop_id == dmop.id, Coding.code_id.in_(code_ids), Coding.status == "accepted"))]
    segment_ids = sorted({r[0] for r in effective_codings(rows)})
    segments = []
    if segment_ids:
        info = s.execute(select(Segment.id, Segment.text, Segment.transcript_id, Transcript.pseudonym,
                                Transcript.territory_id, Transcript.language)
                         .join(Transcript, Transcript.id == Segment.transcript_id)
                         .where(Segment.id.in_(segment_ids)).order_by(Transcript.id, Segment.ordinal)).all()
        for sid, text, tid, pseudonym, territory, language in info:
            segments.append(core.SourceSegment(sid, redactor.redact(text), pseudonym or "", territory or "", tid,
                                               language if language in ("es", "en") else "es"))
    themes = []
    wanted = set(segment_ids)
    run, best = None, None
    for candidate in s.scalars(select(ThemeRun).where(ThemeRun.code_id.in_(code_ids))):
        filters = candidate.filters or {}
        if filters.get("dmop") not in (None, "", dmop.id) or any(filters.get(k) for k in
                                                                  ("territory", "institution", "role")):
            continue  # a run over part of the DMOP's interviews does not speak for the evaluation
        key = (filters.get("dmop") == dmop.id, candidate.id)  # this DMOP's own run first, then the latest
        if best is None or key > best:
            run, best = candidate, key
    if run is not None:
        for theme in s.scalars(select(Theme).where(Theme.run_id == run.id, Theme.deleted.is_(False),
                                                   Theme.merged_into.is_(None)).order_by(Theme.number)):
            if theme.number < 0:  # BERTopic's outliers are not a theme
                continue
            members = [sid for sid in s.scalars(select(ThemeAssignment.segment_id)
                                                .where(ThemeAssignment.theme_id == theme.id)) if sid in wanted]
            if not members or not theme.custom_label:
                # only a theme an analyst named says a recommendation; a model label is a bag of words
                continue
            themes.append(core.ThemeSource(theme.id, redactor.redact(theme.custom_label), tuple(sorted(members)),
                                           tuple(theme.terms or ())))
    return segments, themes


def draft_recommendations(project: Project, dmop: str, *, max_items: int = core.MAX_DRAFTS) -> list[core.Draft]:
    """Recommendations drafted (not saved) from the DMOP's coded segments and named themes, already redacted."""
    from atlas_qual.store.project_redaction import project_redactor

    redactor = project_redactor(project, "es")
    with project.session() as s:
        d = _dmop(s, dmop)
        segments, themes = _sources(s, d, redactor)
    return core.draft_recommendations(segments, themes, max_items=max_items)


def generate_recommendations(project: Project, dmop: str, *, replace_drafts: bool = False,
                             max_items: int = core.MAX_DRAFTS) -> list[RecommendationInfo]:
    """Store the drafted recommendations of a DMOP as R01, R02... (one transaction) and return the whole list.

    Drafts whose text is already a recommendation of the DMOP are not added twice. ``replace_drafts=True`` first
    removes the DMOP's undecided recommendations that came from codings or themes (the facilitator's own and the
    decided ones stay).

    Examples:
        >>> # [r.ref for r in generate_recommendations(project, "MAUEP")][:3]  -> ['R01', 'R02', 'R03']
    """
    from atlas_qual.bok import fold

    drafts = draft_recommendations(project, dmop, max_items=max_items)

    def _do(s: Session) -> list[RecommendationInfo]:
        d = _dmop(s, dmop)
        current = list(s.scalars(select(Recommendation).where(Recommendation.dmop_id == d.id)))
        if replace_drafts:
            for r in current:
                if r.status == "proposed" and (r.source or "").startswith(("codings", "theme")):
                    s.delete(r)
            s.flush()
            current = list(s.scalars(select(Recommendation).where(Recommendation.dmop_id == d.id)))
        texts = {fold(r.text) for r in current}
        refs = [r.ref for r in current]
        for draft in drafts:
            if fold(draft.text) in texts:
                continue
            ref = core.next_ref(refs)
            refs.append(ref)
            texts.add(fold(draft.text))
            s.add(Recommendation(dmop_id=d.id, ref=ref, text=draft.text, source=draft.source_text(),
                                 status="proposed"))
        s.flush()
        return [_rec_info(r) for r in s.scalars(select(Recommendation).where(Recommendation.dmop_id == d.id)
                                                .order_by(Recommendation.id))]

    return project.write(_do)


def list_recommendations(project: Project, dmop: str) -> list[RecommendationInfo]:
    """The DMOP's recommendations in the order they were added."""
    with project.session() as s:
        d = _dmop(s, dmop)
        return [_rec_info(r) for r in s.scalars(select(Recommendation).where(Recommendation.dmop_id == d.id)
                                                .order_by(Recommendation.id))]


def _find_rec(s: Session, d: Dmop, ref: str) -> Recommendation:
    wanted = str(ref).strip().casefold()
    for r in s.scalars(select(Recommendation).where(Recommendation.dmop_id == d.id)):
        if r.ref.casefold() == wanted:
            return r
    raise AtlasQualError("cycle_unknown_recommendation", ref=ref, dmop=d.id)


def add_recommendation(project: Project, dmop: str, text: str, *, ref: str | None = None, responsible: str = "",
                       source: str = "facilitator") -> RecommendationInfo:
    """Add a recommendation written by the facilitator (``ref`` default: the next free R-number)."""
    clean = _clean_text(text)
    if not clean:
        raise AtlasQualError("cycle_rec_no_text")
    if len(clean) > core.TEXT_MAX:
        raise AtlasQualError("cycle_rec_too_long", limit=core.TEXT_MAX, length=len(clean))

    def _do(s: Session) -> RecommendationInfo:
        d = _dmop(s, dmop)
        refs = list(s.scalars(select(Recommendation.ref).where(Recommendation.dmop_id == d.id)))
        new_ref = core.check_recommendation_ref(ref) if ref else core.next_ref(refs)
        if new_ref.casefold() in {r.casefold() for r in refs}:
            raise AtlasQualError("cycle_rec_ref_taken", ref=new_ref, dmop=d.id)
        row = Recommendation(dmop_id=d.id, ref=new_ref, text=clean, source=source,
                             responsible=_clean_text(responsible), status="proposed")
        s.add(row)
        s.flush()
        return _rec_info(row)

    return project.write(_do)


def edit_recommendation(project: Project, dmop: str, ref: str, *, text: str | None = None,
                        responsible: str | None = None, status: str | None = None,
                        new_ref: str | None = None, confirm: bool = False,
                        expected_text: str | None = None) -> RecommendationInfo:
    """Change a recommendation's text, responsible, status (proposed, endorsed, rejected) or ref.

    ``confirm``: a person reviewed the text (saved it, changed or not), so a machine draft stops being one.
    ``expected_text``: the text the editor started from; when someone else changed it meanwhile nothing is written
    and ``cycle_rec_changed`` shows their text (a concurrent edit never silently replaces another person's words).
    """
    if status is not None and status not in core.RECOMMENDATION_STATUSES:
        raise AtlasQualError("cycle_bad_rec_status", status=status, known=", ".join(core.RECOMMENDATION_STATUSES))

    def _do(s: Session) -> RecommendationInfo:
        d = _dmop(s, dmop)
        row = _find_rec(s, d, ref)
        if expected_text is not None and _clean_text(expected_text) != row.text:
            raise AtlasQualError("cycle_rec_changed", ref=row.ref, text=row.text)
        if text is not None:
            clean = _clean_text(text)
            if not clean:
                raise AtlasQualError("cycle_rec_no_text")
            if len(clean) > core.TEXT_MAX:
                raise AtlasQualError("cycle_rec_too_long", limit=core.TEXT_MAX, length=len(clean))
            if (clean != row.text or confirm) and not (row.source or "").endswith("(edited)"):
                row.source = f"{row.source} (edited)".strip() if row.source else "facilitator"
            row.text = clean
        if responsible is not None:
            row.responsible = _clean_text(responsible)
        if status is not None:
            row.status = status
        if new_ref is not None and new_ref.strip().casefold() != row.ref.casefold():
            checked = core.check_recommendation_ref(new_ref)
            if _exists_ref(s, d, checked):
                raise AtlasQualError("cycle_rec_ref_taken", ref=checked, dmop=d.id)
            row.ref = checked
        s.flush()
        return _rec_info(row)

    return project.write(_do)


def _exists_ref(s: Session, d: Dmop, ref: str) -> bool:
    return any(r.casefold() == ref.casefold()
               for r in s.scalars(select(Recommendation.ref).where(Recommendation.dmop_id == d.id)))


def delete_recommendation(project: Project, dmop: str, ref: str) -> None:
    """Remove a recommendation (sessions already created keep their copy of it)."""

    def _do(s: Session) -> None:
        d = _dmop(s, dmop)
        s.delete(_find_rec(s, d, ref))

    project.write(_do)
