"""SQLAlchemy 2 models of the whole domain: reference data, transcripts and coding, workshops, themes, M&E, DMOP cycle."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

SCHEMA_VERSION = 2


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


# JSONB on PostgreSQL: plain JSON there has no equality operator, so DISTINCT/UNION/GROUP BY over a row fails
JSON_TYPE = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON_TYPE, list[Any]: JSON_TYPE}


# --- project ---------------------------------------------------------------------------------------------------


class Meta(Base):
    """Key/value settings of the project: schema_version, app ("atlas-qual"), lang, created_at."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- reference data --------------------------------------------------------------------------------------------


class Territory(Base):
    __tablename__ = "territories"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    why_es: Mapped[str] = mapped_column(Text, default="")
    why_en: Mapped[str] = mapped_column(Text, default="")


class Institution(Base):
    __tablename__ = "institutions"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # acronym
    name_es: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(Text, default="")


class UsdolAction(Base):
    __tablename__ = "usdol_actions"
    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    area: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    years: Mapped[str] = mapped_column(String(40))
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)


class EnforcementFigure(Base):
    __tablename__ = "enforcement_figures"
    id: Mapped[int] = mapped_column(primary_key=True)
    table: Mapped[str] = mapped_column(String(20))
    indicator: Mapped[str] = mapped_column(Text)
    y2017: Mapped[str] = mapped_column(String(60))
    y2018: Mapped[str] = mapped_column(String(60))
    __table_args__ = (UniqueConstraint("table", "indicator"),)


class Criterion(Base):
    """The gap-selection criteria C1-C3 (reference text; workshop sessions copy them as gate questions)."""

    __tablename__ = "criteria"
    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    label_es: Mapped[str] = mapped_column(Text)
    label_en: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


DMOP_PHASES = ("development", "pilot", "evaluated", "refined", "sustainability_plan", "institutionalized")


class Dmop(Base):
    __tablename__ = "dmops"
    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_es: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(10), default="DMOP-C")
    aim_es: Mapped[str] = mapped_column(Text, default="")
    aim_en: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[str] = mapped_column(String(30), default="development")
    evidence_based: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DmopPhaseChange(Base):
    __tablename__ = "dmop_phase_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    dmop_id: Mapped[str] = mapped_column(ForeignKey("dmops.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(30))
    date: Mapped[dt.date] = mapped_column()
    territory_id: Mapped[Optional[str]] = mapped_column(ForeignKey("territories.id"))
    note: Mapped[str] = mapped_column(Text, default="")


# --- codebook --------------------------------------------------------------------------------------------------


class Code(Base):
    __tablename__ = "codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"es": .., "en": ..}
    when_to_use: Mapped[dict[str, Any]] = mapped_column(default=dict)
    when_not_to_use: Mapped[dict[str, Any]] = mapped_column(default=dict)
    example: Mapped[dict[str, Any]] = mapped_column(default=dict)
    color: Mapped[str] = mapped_column(String(9), default="#607d8b")
    rules: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"lemmas": [], "phrases": [], "regex": [], ...}
    position: Mapped[int] = mapped_column(Integer, default=0)
    guid: Mapped[str] = mapped_column(String(36), unique=True)
    children: Mapped[list["Code"]] = relationship(back_populates="parent", order_by="Code.position")
    parent: Mapped[Optional["Code"]] = relationship(back_populates="children", remote_side=[id])
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_code_sibling_name"),)


# --- transcripts -----------------------------------------------------------------------------------------------


class Transcript(Base):
    __tablename__ = "transcripts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    filename: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(10))
    encoding: Mapped[str] = mapped_column(String(30), default="utf-8")
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)  # normalized NFC/LF; offsets are code points into this
    language: Mapped[str] = mapped_column(String(5), default="es")
    dmop_id: Mapped[Optional[str]] = mapped_column(ForeignKey("dmops.id"), index=True)
    territory_id: Mapped[Optional[str]] = mapped_column(ForeignKey("territories.id"), index=True)
    institution_id: Mapped[Optional[str]] = mapped_column(ForeignKey("institutions.id"), index=True)
    role: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(20), default="")  # in_person | phone | online
    date: Mapped[Optional[dt.date]] = mapped_column()
    interviewer: Mapped[str] = mapped_column(Text, default="")
    interviewee: Mapped[str] = mapped_column(Text, default="")  # real name: never shown in outputs
    pseudonym: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    guid: Mapped[str] = mapped_column(String(36), unique=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    segments: Mapped[list["Segment"]] = relationship(
        back_populates="transcript", order_by="Segment.ordinal", cascade="all, delete-orphan", passive_deletes=True
    )


class SourceFile(Base):
    """The original bytes of an imported file, kept apart so listing transcripts never loads them."""

    __tablename__ = "source_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcripts.id", ondelete="CASCADE"), unique=True)
    filename: Mapped[str] = mapped_column(Text)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Segment(Base):
    __tablename__ = "segments"
    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcripts.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)  # 1-based turn number within the transcript
    speaker: Mapped[Optional[str]] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    time_start: Mapped[Optional[float]] = mapped_column(Float)
    time_end: Mapped[Optional[float]] = mapped_column(Float)
    # es | en | gn | mixed, detected per turn (atlas_qual.nlp.detect_language); null: not detected yet
    language: Mapped[Optional[str]] = mapped_column(String(8))
    transcript: Mapped[Transcript] = relationship(back_populates="segments")
    __table_args__ = (UniqueConstraint("transcript_id", "ordinal"), Index("ix_segments_transcript", "transcript_id"))


class SearchToken(Base):
    """One word of a segment for full-text search (atlas_qual.search): its folded form and lemma, its place.

    Kept current at import (store.search_index); a plain table with indexes so that SQLite and PostgreSQL search
    the same way. ``position`` counts words from the start of the transcript (phrases, NEAR)."""

    __tablename__ = "search_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcripts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    term: Mapped[str] = mapped_column(String(120))  # accent- and case-folded word
    lemma: Mapped[str] = mapped_column(String(120))  # folded lemma; the word itself for Guaraní
    start: Mapped[int] = mapped_column(Integer)  # code points into the transcript text
    end: Mapped[int] = mapped_column(Integer)
    __table_args__ = (Index("ix_search_tokens_term", "term"), Index("ix_search_tokens_lemma", "lemma"),
                      Index("ix_search_tokens_segment", "segment_id"),
                      Index("ix_search_tokens_transcript", "transcript_id"))


CODING_ORIGINS = ("manual", "auto", "import")
SUGGESTION_STATES = ("pending", "accepted", "rejected")


class Coding(Base):
    """A code applied by a coder to a segment (whole segment when start/end are null, else a character span)."""

    __tablename__ = "codings"
    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"), index=True)
    coder: Mapped[str] = mapped_column(String(120), index=True)
    origin: Mapped[str] = mapped_column(String(10), default="manual")
    status: Mapped[str] = mapped_column(String(10), default="accepted")  # auto suggestions start "pending"
    start: Mapped[Optional[int]] = mapped_column(Integer)  # code points into the transcript text
    end: Mapped[Optional[int]] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(Text, default="")  # which auto-coding rule suggested it
    # [[start, end], ...] code points of the words the rules matched (highlighted in the coding app)
    matches: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    guid: Mapped[str] = mapped_column(String(36), unique=True)
    # who made the selection when another user applied the code (from NVivo/ATLAS.ti .qdpx; null: the coder)
    selected_by: Mapped[Optional[str]] = mapped_column(String(120), nullable=True)
    __table_args__ = (
        UniqueConstraint("segment_id", "code_id", "coder", "start", "end", name="uq_coding"),
    )


class Memo(Base):
    __tablename__ = "memos"
    id: Mapped[int] = mapped_column(primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(20))  # code | segment | transcript | project | session
    target_id: Mapped[Optional[int]] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(120), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    guid: Mapped[str] = mapped_column(String(36), unique=True)
    __table_args__ = (Index("ix_memo_target", "target_kind", "target_id"),)


class Coder(Base):
    """A person (or tool) who codes: REFI-QDA users come in here even before they have codings, and keep their
    GUID so a re-export names them the same way. Codings name their coder by ``Coding.coder`` == ``name``."""

    __tablename__ = "coders"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CodingAction(Base):
    """One coding action of a coder (apply, remove, change, accept, reject) as the before and after states of the
    codings it touched (by GUID), so it can be undone and redone after a reload; ``state`` is done or undone."""

    __tablename__ = "coding_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    coder: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10), default="done")
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)  # code_id, segment_id, start, end
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)  # guid -> coding row, or null: did not exist
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RedactionName(Base):
    """A name that must never appear in an output, with what replaces it (a pseudonym or a placeholder)."""

    __tablename__ = "redaction_names"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    replacement: Mapped[str] = mapped_column(Text, default="")
    # "interviewee" (from a transcript header) or "listed" (added by a person: victims, relatives, officials)
    kind: Mapped[Optional[str]] = mapped_column(String(20), nullable=True)
    added_by: Mapped[Optional[str]] = mapped_column(Text, nullable=True)
    added_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime, nullable=True, default=utcnow)
    # hidden only where written with a capital letter: a name that is also an everyday word ("Rosa", "Paz");
    # null (rows from before the choice) is false
    capitalised: Mapped[Optional[bool]] = mapped_column(Boolean, nullable=True)


# --- gaps and workshops ----------------------------------------------------------------------------------------


class Gap(Base):
    __tablename__ = "gaps"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # G01 ...
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(40), default="PSA")
    position: Mapped[int] = mapped_column(Integer, default=0)
    usdol_actions: Mapped[list[Any]] = mapped_column(default=list)  # ids of UsdolAction the gap maps to (C2)


SESSION_KINDS = ("gaps", "learning")
ROUND_KINDS = ("gate", "score")
ROUND_STATES = ("pending", "open", "closed")


class WorkshopSession(Base):
    __tablename__ = "workshop_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # join code
    kind: Mapped[str] = mapped_column(String(20), default="gaps")
    title: Mapped[str] = mapped_column(Text)
    key_hash: Mapped[str] = mapped_column(Text)  # facilitator key, hashed; the key itself is never stored
    rule: Mapped[str] = mapped_column(Text, default="(C1 or C2) and C3")
    procedure: Mapped[str] = mapped_column(String(20), default="premise")  # premise | conclusion
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    lang: Mapped[str] = mapped_column(String(5), default="es")
    dmop_id: Mapped[Optional[str]] = mapped_column(ForeignKey("dmops.id"))  # learning workshops: whose evaluation
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | finished
    version: Mapped[int] = mapped_column(Integer, default=0)  # bumped on every change: cheap polling
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)  # anything else of the engine configuration
    # what the workshop report's cover states (set from the reports page or `atlas-qual report details`)
    held_on: Mapped[Optional[dt.date]] = mapped_column(nullable=True)
    place: Mapped[Optional[str]] = mapped_column(Text, nullable=True)
    facilitator: Mapped[Optional[str]] = mapped_column(Text, nullable=True)
    agenda: Mapped[Optional[str]] = mapped_column(Text, nullable=True)  # one item per line
    # wrong facilitator keys in a row, and when the next try is accepted: the growing delay works across processes
    key_failures: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    key_retry_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime, nullable=True)


class SessionItem(Base):
    __tablename__ = "session_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(40))  # gap id, or recommendation ref
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    gap_id: Mapped[Optional[str]] = mapped_column(ForeignKey("gaps.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    title_en: Mapped[str] = mapped_column(Text, default="")  # the English page/report shows these when set
    description_en: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("session_id", "ref"),)


class GateQuestion(Base):
    __tablename__ = "gate_questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(20))
    label_es: Mapped[str] = mapped_column(Text)
    label_en: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (UniqueConstraint("session_id", "key"),)


class ScoringCriterion(Base):
    __tablename__ = "scoring_criteria"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(20))
    label_es: Mapped[str] = mapped_column(Text)
    label_en: Mapped[str] = mapped_column(Text)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    min: Mapped[float] = mapped_column(Float, default=1)
    max: Mapped[float] = mapped_column(Float, default=5)
    position: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (UniqueConstraint("session_id", "key"),)


class Round(Base):
    __tablename__ = "rounds"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1 gate, 2 scoring, 3 second scoring ...
    kind: Mapped[str] = mapped_column(String(10))  # gate | score
    status: Mapped[str] = mapped_column(String(10), default="pending")
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    closed_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    __table_args__ = (UniqueConstraint("session_id", "number"),)


class Participant(Base):
    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)  # secret of the participant's browser
    nickname: Mapped[str] = mapped_column(String(80))
    institution_id: Mapped[Optional[str]] = mapped_column(ForeignKey("institutions.id"))
    paper: Mapped[bool] = mapped_column(Boolean, default=False)  # ballot typed in by the facilitator
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("session_id", "nickname"),)


class Vote(Base):
    __tablename__ = "votes"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("session_items.id", ondelete="CASCADE"))
    criterion: Mapped[str] = mapped_column(String(20))  # gate key or scoring criterion key
    value: Mapped[float] = mapped_column(Float)  # yes=1/no=0 for gates
    detail: Mapped[list[Any]] = mapped_column(default=list)  # e.g. USDOL action ids for C2
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    __table_args__ = (UniqueConstraint("round_id", "participant_id", "item_id", "criterion", name="uq_vote"),)


class TieBreakLog(Base):
    __tablename__ = "tie_breaks"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), index=True)
    round_number: Mapped[int] = mapped_column(Integer)
    items: Mapped[list[Any]] = mapped_column(default=list)
    rule: Mapped[str] = mapped_column(String(40))
    order: Mapped[list[Any]] = mapped_column(default=list)
    by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ShortlistEntry(Base):
    __tablename__ = "shortlist"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("session_items.id", ondelete="CASCADE"))
    rank: Mapped[int] = mapped_column(Integer)
    dmop_id: Mapped[Optional[str]] = mapped_column(ForeignKey("dmops.id"))
    new_dmop_name: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("session_id", "item_id"),)


WORKGROUP_ROLES = ("champion", "technical_expert", "atlas_team")


class WorkgroupMember(Base):
    __tablename__ = "workgroup_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    dmop_id: Mapped[str] = mapped_column(ForeignKey("dmops.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[Optional[int]] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(Text)
    institution_id: Mapped[Optional[str]] = mapped_column(ForeignKey("institutions.id"))
    role: Mapped[str] = mapped_column(String(30))


# --- themes ----------------------------------------------------------------------------------------------------


class ThemeRun(Base):
    __tablename__ = "theme_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    code_id: Mapped[Optional[int]] = mapped_column(ForeignKey("codes.id", ondelete="SET NULL"))
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    model: Mapped[str] = mapped_column(Text, default="")
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    lang: Mapped[str] = mapped_column(String(5), default="es")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    themes: Mapped[list["Theme"]] = relationship(cascade="all, delete-orphan", order_by="Theme.number")


class Theme(Base):
    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("theme_runs.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)  # the model's label
    custom_label: Mapped[str] = mapped_column(Text, default="")  # the analyst's, when renamed
    terms: Mapped[list[Any]] = mapped_column(default=list)
    size: Mapped[int] = mapped_column(Integer, default=0)
    merged_into: Mapped[Optional[int]] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    share_by_group: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # True once an analyst renamed or confirmed the label (or named it as a candidate theme); reports mark the others
    label_confirmed: Mapped[Optional[bool]] = mapped_column(Boolean, nullable=True)
    coherence: Mapped[Optional[float]] = mapped_column(Float, nullable=True)  # mean cosine between its texts
    seed_name: Mapped[Optional[str]] = mapped_column(Text, nullable=True)  # the candidate theme it grew from


class ThemeAssignment(Base):
    __tablename__ = "theme_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    representative: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    confidence: Mapped[Optional[float]] = mapped_column(Float, nullable=True)  # 0-1: how clearly it fits its theme
    moved: Mapped[Optional[bool]] = mapped_column(Boolean, nullable=True)  # an analyst moved it here


# --- M&E register ----------------------------------------------------------------------------------------------


class Meeting(Base):
    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    # the M&E team's own meeting id (e.g. "MAUEP-AP-01"): links attendees.csv rows to meetings.csv, makes re-import idempotent
    ref: Mapped[str] = mapped_column(String(40), default="", index=True)
    date: Mapped[dt.date] = mapped_column()
    dmop_id: Mapped[Optional[str]] = mapped_column(ForeignKey("dmops.id"), index=True)
    territory_id: Mapped[Optional[str]] = mapped_column(ForeignKey("territories.id"))
    title: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[str] = mapped_column(Text, default="")
    challenges: Mapped[str] = mapped_column(Text, default="")
    innovative_solutions: Mapped[str] = mapped_column(Text, default="")
    actions_taken: Mapped[str] = mapped_column(Text, default="")


class MeetingAttendee(Base):
    __tablename__ = "meeting_attendees"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    institution_id: Mapped[Optional[str]] = mapped_column(ForeignKey("institutions.id"))
    role: Mapped[str] = mapped_column(Text, default="")
    gender: Mapped[str] = mapped_column(String(20), default="")


class SurveyResponse(Base):
    """One stakeholder's answers to the effectiveness survey, after mapping its questions to ours."""

    __tablename__ = "survey_responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    respondent: Mapped[str] = mapped_column(Text, default="")
    dmop_id: Mapped[Optional[str]] = mapped_column(ForeignKey("dmops.id"))
    territory_id: Mapped[Optional[str]] = mapped_column(ForeignKey("territories.id"))
    institution_id: Mapped[Optional[str]] = mapped_column(ForeignKey("institutions.id"))
    role: Mapped[str] = mapped_column(Text, default="")
    coordination_change: Mapped[Optional[str]] = mapped_column(String(20))  # increase | no_change | decrease
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    date: Mapped[Optional[dt.date]] = mapped_column()


class ReachRecord(Base):
    """Community-referral campaign reach: posts, replications, comments, radio ratings by channel, territory, month."""

    __tablename__ = "reach_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    channel: Mapped[str] = mapped_column(String(40))
    territory_id: Mapped[Optional[str]] = mapped_column(ForeignKey("territories.id"))
    posts: Mapped[int] = mapped_column(Integer, default=0)
    replications: Mapped[int] = mapped_column(Integer, default=0)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    radio_rating: Mapped[Optional[float]] = mapped_column(Float)
    __table_args__ = (UniqueConstraint("month", "channel", "territory_id"),)


# --- the rest of the DMOP cycle ---------------------------------------------------------------------------------


class Practice(Base):
    """A Body of Knowledge entry: an evidence-based practice or recommendation."""

    __tablename__ = "practices"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[list[Any]] = mapped_column(default=list)  # CL | FL | HT
    intervention: Mapped[str] = mapped_column(String(40), default="")
    evidence: Mapped[str] = mapped_column(String(20), default="none")  # strong | moderate | limited | none
    source: Mapped[str] = mapped_column(Text, default="")
    gap_ids: Mapped[list[Any]] = mapped_column(default=list)
    dmop_ids: Mapped[list[Any]] = mapped_column(default=list)
    # English text of the entry (pages and reports in English show it when set; relevance uses both languages)
    title_en: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")


class Recommendation(Base):
    __tablename__ = "recommendations"
    id: Mapped[int] = mapped_column(primary_key=True)
    dmop_id: Mapped[str] = mapped_column(ForeignKey("dmops.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, default="")  # codings / theme / facilitator
    responsible: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="proposed")  # proposed | endorsed | rejected
    __table_args__ = (UniqueConstraint("dmop_id", "ref"),)


class Decision(Base):
    """A recorded decision with the vote behind it (e.g. endorse a DMOP for institutionalization)."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    dmop_id: Mapped[Optional[str]] = mapped_column(ForeignKey("dmops.id"))
    session_id: Mapped[Optional[int]] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(Text)
    votes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    date: Mapped[dt.date] = mapped_column()


class RefinementEntry(Base):
    __tablename__ = "refinements"
    id: Mapped[int] = mapped_column(primary_key=True)
    dmop_id: Mapped[str] = mapped_column(ForeignKey("dmops.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(20))
    change: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[dict[str, Any]] = mapped_column(default=dict)  # findings, recommendation refs, decision ids
    date: Mapped[dt.date] = mapped_column()


class SustainabilityPlan(Base):
    __tablename__ = "sustainability_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    dmop_id: Mapped[str] = mapped_column(ForeignKey("dmops.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | submitted | approved
    actions: Mapped[list[Any]] = mapped_column(default=list)  # [{action, institution, start, end}]
    resources: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[dt.date] = mapped_column()
