"""What a theme run reads from the store: the segments coded with one code (and its subcodes) by human coders,
each once, restricted by case attributes (DMOP, territory, institution, role) and coder, as coded text.

Examples:
    >>> # sel = select_segments(project, "Debilidades", territory="Boquerón")
    >>> # len(sel.segments), sel.filters -> (12, {'territory': 'boqueron'})
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.models import Coding, Dmop, Institution, Segment, Territory, Transcript

FILTER_KEYS = ("dmop", "territory", "institution", "role", "coder")
AUTO_CODER = "auto"  # rule-based suggestions: never a human coder's judgement
SPAN_JOINER = " … "


def _fold(text: str) -> str:
    from atlas_qual.store.transcripts import fold

    return fold(str(text or ""))


@dataclass(frozen=True)
class CodedSegment:
    """One segment coded with the run's code: the coded text (whole turn, or the coded spans of it) and its case."""

    segment_id: int
    transcript_id: int
    text: str
    pseudonym: str
    role: str
    territory: str | None
    institution: str | None
    dmop: str | None
    language: str

    def group(self, attribute: str) -> str | None:
        return getattr(self, attribute)


@dataclass(frozen=True)
class SegmentSelection:
    """The segments a run works on, in transcript and turn order, with the code and the filters that chose them."""

    code_id: int
    code_path: str
    filters: dict[str, str]
    segments: tuple[CodedSegment, ...]

    @property
    def lang(self) -> str:
        """The language most of the segments are in (their transcripts' language); Spanish on a tie."""
        counts = Counter(s.language for s in self.segments if s.language in ("es", "en"))
        return "en" if counts.get("en", 0) > counts.get("es", 0) else "es"


def _resolve_filters(s: Session, *, dmop=None, territory=None, institution=None, role=None,
                     coder=None) -> dict[str, str]:
    """Filters as stored ids (what people type: ids, names, accents or not); empty ones left out."""
    out: dict[str, str] = {}
    if dmop:
        dmops = {_fold(d): d for d in s.scalars(select(Dmop.id))}
        found = dmops.get(_fold(dmop))
        if not found:
            raise AtlasQualError("unknown_dmop", dmop=dmop, known=", ".join(sorted(dmops.values())))
        out["dmop"] = found
    if territory:
        names: dict[str, str] = {}
        for row in s.scalars(select(Territory)):
            for alias in (row.id, row.name, row.name_en, row.id.replace("_", " ")):
                names[_fold(alias)] = row.id
        found = names.get(_fold(territory))
        if not found:
            raise AtlasQualError("unknown_territory", territory=territory,
                                 known=", ".join(sorted(set(names.values()))))
        out["territory"] = found
    if institution:
        known = {_fold(i): i for i in s.scalars(select(Institution.id))}
        found = known.get(_fold(institution))
        if not found:
            raise AtlasQualError("unknown_institution", institution=institution,
                                 known=", ".join(sorted(known.values())))
        out["institution"] = found
    if role and str(role).strip():
        out["role"] = " ".join(str(role).split())
    if coder and str(coder).strip():
        out["coder"] = " ".join(str(coder).split())
    return out


def _code_ref(s: Session, code):
    from atlas_qual.store.codebook import index_of

    index = index_of(s)
    ref = index.resolve(code.id if hasattr(code, "path") else code)
    return index, ref


def _human_codings(code_ids: Sequence[int], coder: str | None):
    q = select(Coding.segment_id, Coding.start, Coding.end).where(
        Coding.code_id.in_(list(code_ids)), Coding.status == "accepted", Coding.coder != AUTO_CODER)
    if coder:
        q = q.where(Coding.coder == coder)
    return q


def _coded_text(seg_text: str, seg_start: int, spans: Sequence[tuple[int | None, int | None]]) -> str:
    """The turn when any coder coded all of it; else the coded spans of it, overlapping spans joined, in order."""
    from atlas_qual.store.span_disagreements import merge

    if not spans or any(a is None or b is None for a, b in spans):
        return seg_text
    parts = [seg_text[max(a - seg_start, 0):max(b - seg_start, 0)].strip() for a, b in merge(spans)]
    return SPAN_JOINER.join(p for p in parts if p) or seg_text


def _role_matches(role: str, wanted: str) -> bool:
    # roles are free text ("inspectora de trabajo"): a filter matches the roles that contain it, accents ignored
    return _fold(wanted) in _fold(role)


def _segments(s: Session, code_ids: Sequence[int], filters: Mapping[str, str],
              only: Sequence[int] | None = None) -> list[CodedSegment]:
    spans: dict[int, list[tuple[int | None, int | None]]] = defaultdict(list)
    for seg_id, a, b in s.execute(_human_codings(code_ids, filters.get("coder"))):
        spans[seg_id].append((a, b))
    if only is not None:
        wanted = set(only)
        spans = {k: v for k, v in spans.items() if k in wanted}
    if not spans:
        return []
    q = (select(Segment.id, Segment.transcript_id, Segment.text, Segment.start, Transcript.pseudonym,
                Transcript.role, Transcript.territory_id, Transcript.institution_id, Transcript.dmop_id,
                Transcript.language)
         .join(Transcript, Transcript.id == Segment.transcript_id)
         .where(Segment.id.in_(list(spans)))
         .order_by(Segment.transcript_id, Segment.ordinal))
    for key, column in (("dmop", Transcript.dmop_id), ("territory", Transcript.territory_id),
                        ("institution", Transcript.institution_id)):
        if filters.get(key):
            q = q.where(column == filters[key])
    out = []
    for row in s.execute(q):
        if filters.get("role") and not _role_matches(row.role or "", filters["role"]):
            continue
        out.append(CodedSegment(segment_id=row.id, transcript_id=row.transcript_id,
                                text=_coded_text(row.text, row.start, spans[row.id]),
                                pseudonym=row.pseudonym or f"E-{row.transcript_id:02d}", role=row.role or "",
                                territory=row.territory_id, institution=row.institution_id, dmop=row.dmop_id,
                                language=row.language or "es"))
    return out


def select_segments(project: Project, code, *, dmop: str | None = None, territory: str | None = None,
                    institution: str | None = None, role: str | None = None,
                    coder: str | None = None) -> SegmentSelection:
    """The segments coded with ``code`` (name or path; its subcodes too) by human coders, accepted codings only,
    each segment once however many coders coded it, restricted to the interviews of a DMOP, territory, institution
    or role (role: the roles that contain the words, e.g. "inspector") and optionally to one coder's codings.

    Examples:
        >>> # sel = select_segments(project, "Debilidades", territory="Boquerón")
        >>> # len(sel.segments), sel.filters -> (12, {'territory': 'boqueron'})
    """
    with project.session() as s:
        index, ref = _code_ref(s, code)
        filters = _resolve_filters(s, dmop=dmop, territory=territory, institution=institution, role=role,
                                   coder=coder)
        segments = _segments(s, [ref.id, *index.descendants(ref.id)], filters)
    return SegmentSelection(code_id=ref.id, code_path=ref.path, filters=filters, segments=tuple(segments))
