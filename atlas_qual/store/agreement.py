"""Agreement over the stored codings: which segments each coder covered, their codings, the report (pure core in
atlas_qual.agreement)."""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from sqlalchemy import select

from atlas_qual.store.db import Project
from atlas_qual.store.models import Code, Coding, Segment

# coders whose codings are not a person's independent judgement
NON_CODERS = ("auto", "consenso", "consensus")


def code_paths(s) -> dict[int, str]:
    """Code id -> "Parent/Child" path (Spanish names), the way users name codes."""
    codes = {c.id: c for c in s.scalars(select(Code))}
    paths: dict[int, str] = {}

    def path(cid: int) -> str:
        if cid not in paths:
            c = codes[cid]
            paths[cid] = c.name if c.parent_id is None else f"{path(c.parent_id)}/{c.name}"
        return paths[cid]

    for cid in codes:
        path(cid)
    return paths


def agreement_data(project: Project, coders: Sequence[str] | None = None):
    """(codings, coverage) for atlas_qual.agreement.agreement: a coder covers every segment of each transcript in
    which they applied at least one (accepted) code."""
    with project.session() as s:
        paths = code_paths(s)
        q = (select(Coding.segment_id, Coding.coder, Coding.code_id, Segment.transcript_id)
             .join(Segment, Segment.id == Coding.segment_id)
             .where(Coding.status == "accepted"))
        rows = s.execute(q).all()
        wanted = set(coders) if coders else None
        triples, transcripts_of = [], defaultdict(set)
        for segment_id, coder, code_id, transcript_id in rows:
            if (wanted is not None and coder not in wanted) or (wanted is None and coder in NON_CODERS):
                continue
            triples.append((segment_id, coder, paths[code_id]))
            transcripts_of[coder].add(transcript_id)
        segments_of = defaultdict(list)
        needed = set().union(*transcripts_of.values()) if transcripts_of else set()
        if needed:
            for seg_id, tid in s.execute(select(Segment.id, Segment.transcript_id)
                                         .where(Segment.transcript_id.in_(needed))):
                segments_of[tid].append(seg_id)
        coverage = {coder: [sid for tid in sorted(tids) for sid in segments_of[tid]]
                    for coder, tids in transcripts_of.items()}
        return triples, coverage


def agreement_for(project: Project, coders: Sequence[str] | None = None, codes: Sequence[str] | None = None):
    """The AgreementReport of the project's coders (default: every human coder) on `codes` (default: all applied).

    Examples:
        >>> # agreement_for(project, ["ana.gimenez", "carlos.rojas"]).to_dict()["krippendorff_alpha"]
    """
    from atlas_qual.agreement import agreement

    triples, coverage = agreement_data(project, coders)
    return agreement(triples, coverage, coders=list(coders) if coders else None, codes=codes)
