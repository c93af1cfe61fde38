"""Live workshops in the store: sessions, items, rounds, participants, votes, paper ballots, results, shortlist,
workgroups and the Excel export.

Every user action is one ``project.write`` transaction and bumps the session's ``version``, so a facilitator page
can poll one tiny query (``session_version``) and redraw only when something changed. Everything a facilitator does
takes the facilitator key (checked with ``workshop.verify_key``, constant time) and raises ``NotAuthorized``
without it; participants act through the secret token ``join_session`` returns. The engine is generic over the
session kind (gap prioritization, learning workshop): items, gate questions with a rule, and scoring criteria come
from the session's configuration, never from constants here. The decisions themselves (gates, scores, ranking,
Kendall's W, tie-breaks) are computed by ``atlas_qual.workshop``.
"""

from __future__ import annotations

import os
import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

try:
    import fcntl
except ImportError:  # Windows: SQLite's own busy handler alone
    fcntl = None

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from atlas_qual import workshop as core
from atlas_qual.errors import AtlasQualError, NotAuthorized, VoteRejected
from atlas_qual.spreadsheet import keep_text
from atlas_qual.store.db import Project
from atlas_qual.store.gaps import (
    GapSpec,
    RowError,
    RowErrors,
    fold,
    parse_gap_file,
    read_table,
    upsert_gaps,
)
from atlas_qual.store.models import (
    WORKGROUP_ROLES,
    Dmop,
    Gap,
    GateQuestion,
    Institution,
    Participant,
    Recommendation,
    Round,
    ScoringCriterion,
    SessionItem,
    ShortlistEntry,
    TieBreakLog,
    UsdolAction,
    Vote,
    WorkgroupMember,
    WorkshopSession,
    utcnow,
)

DEFAULT_BASE_URL = "http://127.0.0.1:8866"
NICKNAME_MAX = 40
TITLE_MAX = 300
ITEM_REF_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}")
DETAIL_MAX_ENTRIES = 20
DETAIL_MAX_CHARS = 200
# A gate question whose "yes" may name the USDOL 2018 suggested actions it relies on (criterion C2).
USDOL_GATE = "C2"
ROLE_ALIASES = {
    "champion": "champion", "campeon": "champion", "campeona": "champion", "referente": "champion",
    "technical_expert": "technical_expert", "technical expert": "technical_expert", "expert": "technical_expert",
    "experto tecnico": "technical_expert", "experta tecnica": "technical_expert", "experto": "technical_expert",
    "experta": "technical_expert", "tecnico": "technical_expert", "tecnica": "technical_expert",
    "atlas_team": "atlas_team", "atlas team": "atlas_team", "atlas": "atlas_team", "equipo atlas": "atlas_team",
    "equipo_atlas": "atlas_team",
}


# --------------------------------------------------------------------------------------------------------------------
# Value objects
# --------------------------------------------------------------------------------------------------------------------


def base_url(value: str | None = None) -> str:
    """The address participants use to reach the server: ``value``, else $ATLAS_QUAL_BASE_URL, else localhost."""
    return (value or os.environ.get("ATLAS_QUAL_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def page_urls(code: str, base: str | None = None) -> tuple[str, str]:
    """(participant URL, facilitator URL) of a session. The facilitator key is in neither: URLs end up in browser
    history, server logs and screenshots of the projector, so the facilitator page asks for the key instead.

    Examples:
        >>> page_urls("AB3K9Z", "http://10.0.0.5:8866")[0]
        'http://10.0.0.5:8866/voila/render/participant.ipynb?session=AB3K9Z'
    """
    root = base_url(base)
    return (f"{root}/voila/render/participant.ipynb?session={code}",
            f"{root}/voila/render/facilitator.ipynb?session={code}")


@dataclass(frozen=True)
class CreatedSession:
    """A new session: its join code, the facilitator key (shown once; only its hash is stored) and its URLs."""

    code: str
    key: str
    title: str
    kind: str
    participant_url: str
    facilitator_url: str
    criteria: tuple[dict, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ``workshop create --json`` object of DESIGN.md."""
        return {"session": self.code, "facilitator_key": self.key, "participant_url": self.participant_url,
                "facilitator_url": self.facilitator_url, "criteria": [dict(c) for c in self.criteria]}


@dataclass(frozen=True)
class ItemInfo:
    """An item of a session (a gap, a recommendation) in Spanish and English."""

    ref: str
    title: str
    description: str
    title_en: str
    description_en: str
    gap_id: str | None
    position: int
    usdol_actions: tuple[str, ...] = ()

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def description_in(self, lang: str) -> str:
        return self.description_en if lang == "en" and self.description_en else self.description

    def to_dict(self) -> dict[str, Any]:
        return {"ref": self.ref, "title": self.title, "description": self.description, "title_en": self.title_en,
                "description_en": self.description_en, "gap_id": self.gap_id, "usdol_actions": list(self.usdol_actions)}


@dataclass(frozen=True)
class RoundState:
    """One round as the facilitator watches it: ``voters`` cast at least one vote, ``complete`` cast all
    ``expected`` votes (every item times every question of the round)."""

    number: int
    kind: str
    status: str
    revealed: bool
    voters: int
    votes: int
    complete: int
    expected: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SessionState:
    """The cheap live state of a session (counts, rounds), read on every version change."""

    code: str
    title: str
    kind: str
    status: str
    version: int
    procedure: str
    lang: str
    participants: int
    items: int
    rounds: tuple[RoundState, ...]

    @property
    def open_round(self) -> RoundState | None:
        return next((r for r in self.rounds if r.status == "open"), None)

    def round(self, number: int) -> RoundState | None:
        return next((r for r in self.rounds if r.number == number), None)

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "rounds"}
        out["rounds"] = [r.to_dict() for r in self.rounds]
        return out


@dataclass(frozen=True)
class SessionSetup:
    """What the facilitator edits: items, the configuration (gates, rule, criteria), the procedure, and which edits
    are still allowed (items until the gate round opens; criteria and procedure until scoring opens)."""

    code: str
    title: str
    kind: str
    status: str
    config: core.SessionConfig
    procedure: str
    items: tuple[ItemInfo, ...]
    scoring_items: tuple[str, ...] | None
    items_locked: bool
    criteria_locked: bool
    dmop_id: str | None = None


@dataclass(frozen=True)
class SessionSummary:
    code: str
    title: str
    kind: str
    status: str
    created_at: str
    participants: int
    items: int
    open_round: int | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Joined:
    """A participant who joined: the secret ``token`` identifies their browser for every vote."""

    code: str
    token: str
    nickname: str
    participant_id: int


@dataclass(frozen=True)
class VoteReceipt:
    round: int
    item: str
    criterion: str
    value: bool | float
    detail: tuple[str, ...]
    replaced: bool


@dataclass(frozen=True)
class BallotView:
    """What a participant page shows: the open round's items and questions, the participant's own votes in it,
    and the results the facilitator has revealed (None until then)."""

    code: str
    title: str
    kind: str
    status: str
    nickname: str
    config: core.SessionConfig
    round: RoundState | None
    items: tuple[ItemInfo, ...]
    votes: dict[tuple[str, str], tuple[float, tuple[str, ...]]]
    revealed: dict | None
    version: int

    def answered(self, item: str) -> int:
        return sum(1 for (ref, _key) in self.votes if ref == item)


@dataclass
class BallotReport:
    """The result of entering a file of paper ballots: good rows kept, each bad row named by its row number."""

    file: str
    rows: int = 0
    accepted: int = 0
    participants_added: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "rows": self.rows, "accepted": self.accepted,
                "participants_added": list(self.participants_added), "errors": [e.to_dict() for e in self.errors]}


# --------------------------------------------------------------------------------------------------------------------
# Internals shared by the actions
# --------------------------------------------------------------------------------------------------------------------


def _msg(key: str, **params: Any) -> str:
    from atlas_qual.i18n import t

    return t(key, **params)


def _lookup_session(s: Session, code: str) -> WorkshopSession:
    try:
        canonical = core.normalize_join_code(code)
    except AtlasQualError:
        raise AtlasQualError("wsapp_unknown_session", code=str(code).strip()) from None
    ws = s.scalar(select(WorkshopSession).where(WorkshopSession.code == canonical))
    if ws is None:
        raise AtlasQualError("wsapp_unknown_session", code=canonical)
    return ws


def _authorize(ws: WorkshopSession, key: str | None) -> None:
    if not core.verify_key(key, ws.key_hash):
        raise NotAuthorized("wsapp_not_authorized", code=ws.code)


def _facilitator_session(s: Session, code: str, key: str | None) -> WorkshopSession:
    ws = _lookup_session(s, code)
    _authorize(ws, key)
    return ws


def _bump(s: Session, ws: WorkshopSession) -> None:
    s.execute(update(WorkshopSession).where(WorkshopSession.id == ws.id)
              .values(version=WorkshopSession.version + 1))


_TURN_LOCKS: dict[tuple[int, str], int] = {}


@contextmanager
def _writer_turn(project: Project) -> Iterator[None]:
    """On SQLite, writers of this module take turns through a kernel file lock before ``BEGIN IMMEDIATE``.

    SQLite's busy handler polls with sleeps growing to 100 ms, so sixty phones voting in the same second spend
    seconds asleep while the database sits idle; ``flock`` hands the turn to the next writer the moment it is free.
    Writers that do not take the turn (other modules, the CLI) still wait in SQLite's busy handler: correctness
    never depends on this lock, only speed. The lock file sits next to the database (``<file>-write.lock``).
    """
    if not project.is_sqlite or fcntl is None:
        yield
        return
    from sqlalchemy.engine import make_url

    database = make_url(project.url).database or ""
    if not database or database == ":memory:":
        yield
        return
    # one descriptor per process: a forked child must not share its parent's open file (and so its lock)
    ident = (os.getpid(), database)
    fd = _TURN_LOCKS.get(ident)
    if fd is None:
        fd = os.open(database + "-write.lock", os.O_RDWR | os.O_CREAT, 0o644)
        _TURN_LOCKS[ident] = fd
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _write(project: Project, fn: Callable[[Session], Any]) -> Any:
    """``project.write`` (one transaction, retried when busy), in turn with this module's other writers."""
    with _writer_turn(project):
        return project.write(fn)


def _config(s: Session, ws: WorkshopSession) -> core.SessionConfig:
    gates = s.scalars(select(GateQuestion).where(GateQuestion.session_id == ws.id)
                      .order_by(GateQuestion.position, GateQuestion.id))
    criteria = s.scalars(select(ScoringCriterion).where(ScoringCriterion.session_id == ws.id)
                         .order_by(ScoringCriterion.position, ScoringCriterion.id))
    return core.SessionConfig(
        kind=ws.kind,
        gates=tuple(core.GateQuestion(g.key, g.label_es, g.label_en) for g in gates),
        rule=ws.rule,
        criteria=tuple(core.ScoringCriterion(c.key, c.label_es, c.label_en, float(c.weight), int(c.min), int(c.max))
                       for c in criteria),
    )


def _rounds(s: Session, ws: WorkshopSession) -> list[Round]:
    return list(s.scalars(select(Round).where(Round.session_id == ws.id).order_by(Round.number)))


def _item_rows(s: Session, ws: WorkshopSession) -> list[SessionItem]:
    return list(s.scalars(select(SessionItem).where(SessionItem.session_id == ws.id, SessionItem.active.is_(True))
                          .order_by(SessionItem.position, SessionItem.id)))


def _item_info(item: SessionItem, gaps: Mapping[str, Gap]) -> ItemInfo:
    gap = gaps.get(item.gap_id) if item.gap_id else None
    return ItemInfo(ref=item.ref, title=item.title, description=item.description or "",
                    title_en=item.title_en or "", description_en=item.description_en or "", gap_id=item.gap_id,
                    position=item.position, usdol_actions=tuple(gap.usdol_actions or ()) if gap else ())


def _items(s: Session, ws: WorkshopSession) -> list[ItemInfo]:
    rows = _item_rows(s, ws)
    gap_ids = [r.gap_id for r in rows if r.gap_id]
    gaps = {g.id: g for g in s.scalars(select(Gap).where(Gap.id.in_(gap_ids)))} if gap_ids else {}
    return [_item_info(r, gaps) for r in rows]


def _scoring_items(ws: WorkshopSession) -> tuple[str, ...] | None:
    refs = (ws.config or {}).get("scoring_items")
    return tuple(refs) if refs is not None else None


def _set_config(ws: WorkshopSession, **values: Any) -> None:
    ws.config = {**(ws.config or {}), **values}  # a new dict: the JSON column only notices reassignment


def _check_open_session(ws: WorkshopSession) -> None:
    if ws.status == "finished":
        raise AtlasQualError("wsapp_session_finished", code=ws.code)


def _gate_round_started(rounds: Sequence[Round]) -> bool:
    return any(r.kind == "gate" and r.status != "pending" for r in rounds)


def _scoring_started(rounds: Sequence[Round]) -> bool:
    return any(r.kind == "score" and r.status != "pending" for r in rounds)


def _resolve_institution(s: Session, value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    wanted = fold(value)
    institutions = list(s.scalars(select(Institution)))
    for inst in institutions:
        if wanted in (fold(inst.id), fold(inst.name_es), fold(inst.name_en)):
            return inst.id
    raise AtlasQualError("unknown_institution", institution=value,
                         known=", ".join(sorted(i.id for i in institutions)))


def _clean_text(value: object, limit: int = TITLE_MAX) -> str:
    return " ".join(str(value or "").split())[:limit]


# --------------------------------------------------------------------------------------------------------------------
# Sessions
# --------------------------------------------------------------------------------------------------------------------


def _config_rows(s: Session, ws: WorkshopSession, config: core.SessionConfig, *, gates: bool, criteria: bool) -> None:
    if gates:
        s.execute(delete(GateQuestion).where(GateQuestion.session_id == ws.id))
        for i, g in enumerate(config.gates):
            s.add(GateQuestion(session_id=ws.id, key=g.key, label_es=g.label_es, label_en=g.label_en, position=i))
        ws.rule = config.rule
    if criteria:
        s.execute(delete(ScoringCriterion).where(ScoringCriterion.session_id == ws.id))
        for i, c in enumerate(config.criteria):
            s.add(ScoringCriterion(session_id=ws.id, key=c.key, label_es=c.label_es, label_en=c.label_en,
                                   weight=c.weight, min=c.min, max=c.max, position=i))
    s.flush()


def _new_code(s: Session) -> str:
    for _ in range(50):
        code = core.new_join_code()
        if s.scalar(select(WorkshopSession.id).where(WorkshopSession.code == code)) is None:
            return code
    raise RuntimeError("could not find a free join code")  # 32^6 codes: only a broken RNG gets here


def _item_spec(spec: Mapping[str, Any] | GapSpec) -> dict[str, str]:
    if isinstance(spec, GapSpec):
        return {"ref": spec.id, "title": spec.title, "description": spec.description, "title_en": spec.title_en,
                "description_en": spec.description_en, "gap_id": spec.id}
    ref = str(spec.get("ref") or spec.get("id") or "").strip()
    return {"ref": ref, "title": _clean_text(spec.get("title")), "description": str(spec.get("description") or ""),
            "title_en": _clean_text(spec.get("title_en")), "description_en": str(spec.get("description_en") or ""),
            "gap_id": spec.get("gap_id")}


def create_session(
    project: Project,
    title: str,
    *,
    kind: str = "gaps",
    gaps_file: str | Path | None = None,
    gaps_en_file: str | Path | None = None,
    gap_ids: Sequence[str] | None = None,
    items: Sequence[Mapping[str, Any]] | None = None,
    config: core.SessionConfig | None = None,
    procedure: str = "premise",
    lang: str = "es",
    dmop: str | None = None,
    base: str | None = None,
    anonymous: bool = True,
) -> CreatedSession:
    """Create a workshop session in one transaction; returns the join code, the facilitator key and the URLs.

    Items: for ``kind="gaps"``, the gaps of ``gaps_file`` (CSV/Excel ``id,title,description``; imported into the
    project's gaps as well), else the project gaps ``gap_ids``, else every project gap. ``items`` (``[{"ref",
    "title", "description", "title_en", "description_en"}]``) gives the items of any kind directly; a learning
    workshop without items takes the recommendations of ``dmop``. ``config`` defaults to the kind's default
    configuration (``workshop.default_config``). Rounds 1 (gate) and 2 (scoring) are created pending.

    Examples:
        >>> # created = create_session(project, "Taller de priorización", gaps_file="gaps.csv")
        >>> # created.code, created.key   # ('AB3K9Z', '...32 characters...')
    """
    title = _clean_text(title)
    if not title:
        raise AtlasQualError("wsapp_title_required")
    if lang not in ("es", "en"):
        raise ValueError(f"lang must be es or en, got {lang!r}")
    config = config or core.default_config(kind)
    if config.kind != kind:
        raise ValueError(f"config is for kind {config.kind!r}, not {kind!r}")
    if procedure not in core.PROCEDURES:
        raise AtlasQualError("workshop_unknown_procedure", procedure=procedure)
    specs = parse_gap_file(gaps_file, gaps_en_file) if gaps_file is not None else None
    key = core.new_facilitator_key()

    def _create(s: Session) -> CreatedSession:
        dmop_id = None
        if dmop:
            found = s.scalar(select(Dmop.id).where(func.upper(Dmop.id) == dmop.strip().upper()))
            if found is None:
                raise AtlasQualError("unknown_dmop", dmop=dmop,
                                     known=", ".join(s.scalars(select(Dmop.id).order_by(Dmop.id))))
            dmop_id = found
        entries: list[dict[str, Any]]
        if items is not None:
            entries = [_item_spec(i) for i in items]
        elif specs is not None:
            upsert_gaps(s, specs)
            entries = [_item_spec(g) for g in specs]
        elif kind == "gaps":
            query = select(Gap).order_by(Gap.position, Gap.id)
            rows = list(s.scalars(query))
            if gap_ids is not None:
                by_fold = {g.id.casefold(): g for g in rows}
                missing = [g for g in gap_ids if g.casefold() not in by_fold]
                if missing:
                    raise AtlasQualError("wsapp_unknown_gaps", gaps=", ".join(missing))
                rows = [by_fold[g.casefold()] for g in gap_ids]
            if not rows:
                raise AtlasQualError("wsapp_no_gaps")
            entries = [{"ref": g.id, "title": g.title, "description": g.description or "",
                        "title_en": g.title_en or "", "description_en": g.description_en or "", "gap_id": g.id}
                       for g in rows]
        elif dmop_id:
            recs = s.scalars(select(Recommendation).where(Recommendation.dmop_id == dmop_id)
                             .order_by(Recommendation.id))
            entries = [{"ref": r.ref, "title": _clean_text(r.text), "description": r.text, "title_en": "",
                        "description_en": "", "gap_id": None} for r in recs]
        else:
            entries = []
        _check_item_entries(entries)
        code = _new_code(s)
        ws = WorkshopSession(code=code, kind=kind, title=title, key_hash=core.hash_key(key), rule=config.rule,
                             procedure=procedure, anonymous=anonymous, lang=lang, dmop_id=dmop_id, status="open",
                             version=1, config={})
        s.add(ws)
        s.flush()
        _config_rows(s, ws, config, gates=True, criteria=True)
        known_gaps = set(s.scalars(select(Gap.id))) if kind == "gaps" else set()
        for position, entry in enumerate(entries, start=1):
            gap_id = entry.get("gap_id") or (entry["ref"] if entry["ref"] in known_gaps else None)
            s.add(SessionItem(session_id=ws.id, ref=entry["ref"], title=entry["title"],
                              description=entry["description"], title_en=entry["title_en"],
                              description_en=entry["description_en"], position=position, gap_id=gap_id))
        s.add(Round(session_id=ws.id, number=1, kind="gate", status="pending"))
        s.add(Round(session_id=ws.id, number=2, kind="score", status="pending"))
        participant_url, facilitator_url = page_urls(code, base)
        return CreatedSession(code=code, key=key, title=title, kind=kind, participant_url=participant_url,
                              facilitator_url=facilitator_url, criteria=tuple(config.criteria_json(lang)))

    return _write(project, _create)


def _check_item_entries(entries: Sequence[Mapping[str, Any]]) -> None:
    seen: set[str] = set()
    for entry in entries:
        ref = entry["ref"]
        if not ITEM_REF_RE.fullmatch(ref or ""):
            raise AtlasQualError("wsapp_bad_item_ref", ref=ref)
        if ref.casefold() in seen:
            raise AtlasQualError("wsapp_item_exists", ref=ref)
        if not entry["title"]:
            raise AtlasQualError("wsapp_item_no_title", ref=ref)
        seen.add(ref.casefold())


def authorize(project: Project, code: str, key: str | None) -> None:
    """Raise ``NotAuthorized`` unless ``key`` is the session's facilitator key (``AtlasQualError`` if no session)."""
    with project.session() as s:
        _facilitator_session(s, code, key)


def list_sessions(project: Project) -> list[SessionSummary]:
    """Every session of the project, newest first, with participants, items and the open round."""
    with project.session() as s:
        sessions = list(s.scalars(select(WorkshopSession).order_by(WorkshopSession.id.desc())))
        people = dict(s.execute(select(Participant.session_id, func.count()).group_by(Participant.session_id)).all())
        items = dict(s.execute(select(SessionItem.session_id, func.count()).where(SessionItem.active.is_(True))
                               .group_by(SessionItem.session_id)).all())
        open_rounds = dict(s.execute(select(Round.session_id, Round.number).where(Round.status == "open")).all())
        return [SessionSummary(code=ws.code, title=ws.title, kind=ws.kind, status=ws.status,
                               created_at=ws.created_at.isoformat(timespec="seconds") if ws.created_at else "",
                               participants=people.get(ws.id, 0), items=items.get(ws.id, 0),
                               open_round=open_rounds.get(ws.id))
                for ws in sessions]


def session_version(project: Project, code: str) -> int | None:
    """The session's change counter (None when there is no such session): the one query a live page polls."""
    try:
        canonical = core.normalize_join_code(code)
    except AtlasQualError:
        return None
    with project.session() as s:
        return s.scalar(select(WorkshopSession.version).where(WorkshopSession.code == canonical))


def _round_states(s: Session, ws: WorkshopSession, rounds: Sequence[Round], config: core.SessionConfig,
                  n_items: int) -> tuple[RoundState, ...]:
    ids = [r.id for r in rounds]
    per_participant = s.execute(
        select(Vote.round_id, Vote.participant_id, func.count()).where(Vote.round_id.in_(ids))
        .group_by(Vote.round_id, Vote.participant_id)
    ).all() if ids else []
    scoring = _scoring_items(ws)
    states = []
    for r in rounds:
        if r.kind == "gate":
            expected = n_items * len(config.gate_keys)
        else:
            expected = (len(scoring) if scoring is not None else n_items) * len(config.criterion_keys)
        counts = [n for rid, _pid, n in per_participant if rid == r.id]
        states.append(RoundState(number=r.number, kind=r.kind, status=r.status, revealed=bool(r.revealed),
                                 voters=len(counts), votes=sum(counts),
                                 complete=sum(1 for n in counts if expected and n >= expected), expected=expected))
    return tuple(states)


def session_state(project: Project, code: str) -> SessionState:
    """Counts and rounds of a session: participants, and per round who voted ("18 of 23 have voted")."""
    with project.session() as s:
        ws = _lookup_session(s, code)
        config = _config(s, ws)
        rounds = _rounds(s, ws)
        n_items = s.scalar(select(func.count()).where(SessionItem.session_id == ws.id,
                                                      SessionItem.active.is_(True))) or 0
        participants = s.scalar(select(func.count()).where(Participant.session_id == ws.id)) or 0
        return SessionState(code=ws.code, title=ws.title, kind=ws.kind, status=ws.status, version=ws.version,
                            procedure=ws.procedure, lang=ws.lang, participants=participants, items=n_items,
                            rounds=_round_states(s, ws, rounds, config, n_items))


def session_setup(project: Project, code: str) -> SessionSetup:
    """Items and configuration of a session (for the facilitator's editing screen and the participant page)."""
    with project.session() as s:
        ws = _lookup_session(s, code)
        rounds = _rounds(s, ws)
        return SessionSetup(code=ws.code, title=ws.title, kind=ws.kind, status=ws.status, config=_config(s, ws),
                            procedure=ws.procedure, items=tuple(_items(s, ws)), scoring_items=_scoring_items(ws),
                            items_locked=_gate_round_started(rounds), criteria_locked=_scoring_started(rounds),
                            dmop_id=ws.dmop_id)


def _facilitator_write(project: Project, code: str, key: str | None,
                       fn: Callable[[Session, WorkshopSession], Any]) -> Any:
    """Run a facilitator action in one transaction: session looked up, key verified, version bumped."""

    def _do(s: Session) -> Any:
        ws = _facilitator_session(s, code, key)
        result = fn(s, ws)
        _bump(s, ws)
        return result

    return _write(project, _do)


def rename_session(project: Project, code: str, key: str | None, title: str) -> None:
    title = _clean_text(title)
    if not title:
        raise AtlasQualError("wsapp_title_required")

    def _do(s: Session, ws: WorkshopSession) -> None:
        ws.title = title

    _facilitator_write(project, code, key, _do)


# --------------------------------------------------------------------------------------------------------------------
# Items, criteria, gates, procedure (before voting)
# --------------------------------------------------------------------------------------------------------------------


def add_item(project: Project, code: str, key: str | None, ref: str, title: str, description: str = "", *,
             title_en: str = "", description_en: str = "") -> ItemInfo:
    """Add an item before the gate round opens. In a gap session the item is also added to the project's gaps
    (as source "workshop") unless a gap with that id exists, which it then links to."""
    entry = _item_spec({"ref": ref, "title": title, "description": description, "title_en": title_en,
                        "description_en": description_en})
    _check_item_entries([entry])

    def _do(s: Session, ws: WorkshopSession) -> ItemInfo:
        _check_open_session(ws)
        if _gate_round_started(_rounds(s, ws)):
            raise AtlasQualError("wsapp_items_locked")
        existing = s.scalars(select(SessionItem).where(SessionItem.session_id == ws.id))
        if any(i.ref.casefold() == entry["ref"].casefold() for i in existing):
            raise AtlasQualError("wsapp_item_exists", ref=entry["ref"])
        gap_id = None
        if ws.kind == "gaps":
            gap = next((g for g in s.scalars(select(Gap)) if g.id.casefold() == entry["ref"].casefold()), None)
            if gap is None:
                upsert_gaps(s, [GapSpec(id=entry["ref"], title=entry["title"], description=entry["description"],
                                        title_en=entry["title_en"], description_en=entry["description_en"],
                                        source="workshop")])
                gap_id = entry["ref"]
            else:
                gap_id = gap.id
        position = (s.scalar(select(func.max(SessionItem.position)).where(SessionItem.session_id == ws.id)) or 0) + 1
        item = SessionItem(session_id=ws.id, ref=entry["ref"], title=entry["title"],
                           description=entry["description"], title_en=entry["title_en"],
                           description_en=entry["description_en"], position=position, gap_id=gap_id)
        s.add(item)
        s.flush()
        return _item_info(item, {})

    return _facilitator_write(project, code, key, _do)


def _find_item(s: Session, ws: WorkshopSession, ref: str) -> SessionItem:
    wanted = str(ref).strip().casefold()
    for item in _item_rows(s, ws):
        if item.ref.casefold() == wanted:
            return item
    raise AtlasQualError("wsapp_unknown_item", item=ref, code=ws.code)


def edit_item(project: Project, code: str, key: str | None, ref: str, *, title: str | None = None,
              description: str | None = None, title_en: str | None = None,
              description_en: str | None = None) -> ItemInfo:
    """Correct an item's text (any time before the session ends: the votes stay with the item)."""

    def _do(s: Session, ws: WorkshopSession) -> ItemInfo:
        _check_open_session(ws)
        item = _find_item(s, ws, ref)
        if title is not None:
            clean = _clean_text(title)
            if not clean:
                raise AtlasQualError("wsapp_item_no_title", ref=item.ref)
            item.title = clean
        if description is not None:
            item.description = str(description)
        if title_en is not None:
            item.title_en = _clean_text(title_en)
        if description_en is not None:
            item.description_en = str(description_en)
        s.flush()
        return _item_info(item, {})

    return _facilitator_write(project, code, key, _do)


def remove_item(project: Project, code: str, key: str | None, ref: str) -> None:
    """Remove an item before the gate round opens (the project's gap itself stays)."""

    def _do(s: Session, ws: WorkshopSession) -> None:
        _check_open_session(ws)
        if _gate_round_started(_rounds(s, ws)):
            raise AtlasQualError("wsapp_items_locked")
        s.delete(_find_item(s, ws, ref))

    _facilitator_write(project, code, key, _do)


def add_gaps_from_file(project: Project, code: str, key: str | None, path: str | Path,
                       en_path: str | Path | None = None) -> list[str]:
    """Import a gap file into the project and add its gaps to the session (before the gate round opens).

    Gaps already in the session are updated in the project but not added twice. Returns the refs added."""
    specs = parse_gap_file(path, en_path)

    def _do(s: Session, ws: WorkshopSession) -> list[str]:
        _check_open_session(ws)
        if _gate_round_started(_rounds(s, ws)):
            raise AtlasQualError("wsapp_items_locked")
        upsert_gaps(s, specs)
        existing = {i.ref.casefold(): i for i in s.scalars(select(SessionItem).where(SessionItem.session_id == ws.id))}
        position = max((i.position for i in existing.values()), default=0)
        added = []
        for spec in specs:
            item = existing.get(spec.id.casefold())
            if item is not None:
                item.title, item.description = spec.title, spec.description
                item.title_en, item.description_en = spec.title_en, spec.description_en
                continue
            position += 1
            s.add(SessionItem(session_id=ws.id, ref=spec.id, title=spec.title, description=spec.description,
                              title_en=spec.title_en, description_en=spec.description_en, position=position,
                              gap_id=spec.id))
            added.append(spec.id)
        return added

    return _facilitator_write(project, code, key, _do)


def _criterion(value: core.ScoringCriterion | Mapping[str, Any]) -> core.ScoringCriterion:
    if isinstance(value, core.ScoringCriterion):
        return value
    data = dict(value)
    key = str(data.get("key") or data.get("id") or "").strip()
    label_es = _clean_text(data.get("label_es") or data.get("label") or key)
    label_en = _clean_text(data.get("label_en") or label_es)
    try:
        weight = float(str(data.get("weight", 1)).replace(",", "."))
        lo, hi = int(data.get("min", 1)), int(data.get("max", 5))
    except (TypeError, ValueError):
        raise AtlasQualError("workshop_bad_weight", name=key, weight=data.get("weight")) from None
    return core.ScoringCriterion(key, label_es, label_en, weight, lo, hi)


def set_criteria(project: Project, code: str, key: str | None,
                 criteria: Sequence[core.ScoringCriterion | Mapping[str, Any]]) -> list[dict]:
    """Replace the scoring criteria (keys, labels, weights, scales) before the scoring round opens.

    Mappings take ``key`` (or ``id``), ``label_es``/``label_en`` (or ``label``), ``weight``, ``min``, ``max``.
    Returns the criteria as ``workshop create --json`` prints them."""
    parsed = tuple(_criterion(c) for c in criteria)

    def _do(s: Session, ws: WorkshopSession) -> list[dict]:
        _check_open_session(ws)
        if _scoring_started(_rounds(s, ws)):
            raise AtlasQualError("wsapp_criteria_locked")
        current = _config(s, ws)
        config = core.SessionConfig(kind=current.kind, gates=current.gates, rule=current.rule, criteria=parsed)
        _config_rows(s, ws, config, gates=False, criteria=True)
        return config.criteria_json(ws.lang)

    return _facilitator_write(project, code, key, _do)


def set_weights(project: Project, code: str, key: str | None, weights: Mapping[str, float]) -> list[dict]:
    """Change only the weights of existing criteria (``{"impact": 0.5, ...}``), before the scoring round opens."""
    setup = session_setup(project, code)
    known = {c.key.casefold(): c for c in setup.config.criteria}
    unknown = [k for k in weights if k.casefold() not in known]
    if unknown:
        raise AtlasQualError("workshop_unknown_question", name=", ".join(unknown),
                             known=", ".join(setup.config.criterion_keys))
    folded = {k.casefold(): v for k, v in weights.items()}
    new = [core.ScoringCriterion(c.key, c.label_es, c.label_en, float(folded.get(c.key.casefold(), c.weight)),
                                 c.min, c.max) for c in setup.config.criteria]
    return set_criteria(project, code, key, new)


def set_gates(project: Project, code: str, key: str | None,
              gates: Sequence[core.GateQuestion | Mapping[str, Any]], rule: str) -> None:
    """Replace the gate questions and their rule before the gate round opens (for session kinds other than the
    default configuration)."""
    parsed = tuple(g if isinstance(g, core.GateQuestion) else
                   core.GateQuestion(str(g["key"]).strip(), _clean_text(g.get("label_es") or g["key"]),
                                     _clean_text(g.get("label_en") or g.get("label_es") or g["key"]))
                   for g in gates)

    def _do(s: Session, ws: WorkshopSession) -> None:
        _check_open_session(ws)
        if _gate_round_started(_rounds(s, ws)):
            raise AtlasQualError("wsapp_items_locked")
        current = _config(s, ws)
        config = core.SessionConfig(kind=current.kind, gates=parsed, rule=rule, criteria=current.criteria)
        _config_rows(s, ws, config, gates=True, criteria=False)

    _facilitator_write(project, code, key, _do)


def set_procedure(project: Project, code: str, key: str | None, procedure: str) -> None:
    """Choose the gate aggregation procedure ("premise" or "conclusion") until the scoring round opens."""
    if procedure not in core.PROCEDURES:
        raise AtlasQualError("workshop_unknown_procedure", procedure=procedure)

    def _do(s: Session, ws: WorkshopSession) -> None:
        _check_open_session(ws)
        if _scoring_started(_rounds(s, ws)):
            raise AtlasQualError("wsapp_procedure_locked")
        ws.procedure = procedure

    _facilitator_write(project, code, key, _do)


# --------------------------------------------------------------------------------------------------------------------
# Rounds
# --------------------------------------------------------------------------------------------------------------------


def _round_label(number: int, kind: str) -> str:
    return _msg("wsapp_round_gate" if kind == "gate" else "wsapp_round_score", number=number)


def _gate_votes(s: Session, round_id: int, items: Mapping[int, str]) -> list[core.GateVote]:
    rows = s.execute(select(Vote.participant_id, Vote.item_id, Vote.criterion, Vote.value)
                     .where(Vote.round_id == round_id)).all()
    return [core.GateVote(str(p), items[i], c, v >= 0.5) for p, i, c, v in rows if i in items]


def _score_votes(s: Session, round_id: int, items: Mapping[int, str]) -> list[core.ScoreVote]:
    rows = s.execute(select(Vote.participant_id, Vote.item_id, Vote.criterion, Vote.value)
                     .where(Vote.round_id == round_id)).all()
    return [core.ScoreVote(str(p), items[i], c, float(v)) for p, i, c, v in rows if i in items]


def open_round(project: Project, code: str, key: str | None, number: int) -> RoundState:
    """Open round ``number``: 1 the gate round, 2 scoring of the items that qualify (fixed when it first opens),
    3+ another scoring round after discussion (created on demand once the previous one closed).

    One round is open at a time. A closed round can be reopened while the next round has not started."""

    def _do(s: Session, ws: WorkshopSession) -> RoundState:
        _check_open_session(ws)
        rounds = _rounds(s, ws)
        by_number = {r.number: r for r in rounds}
        current = next((r for r in rounds if r.status == "open"), None)
        if current is not None:
            if current.number == number:
                raise AtlasQualError("wsapp_round_already_open", round=_round_label(number, current.kind))
            raise AtlasQualError("wsapp_close_first", round=_round_label(current.number, current.kind))
        target = by_number.get(number)
        if target is None:
            last = max(by_number)
            if number != last + 1 or number < 3 or by_number[last].kind != "score":
                raise AtlasQualError("wsapp_no_such_round", round=number, last=last)
            target = Round(session_id=ws.id, number=number, kind="score", status="pending")
            s.add(target)
            s.flush()
            by_number[number] = target
        later = [r for r in by_number.values() if r.number > number and r.status != "pending"]
        if later:
            raise AtlasQualError("wsapp_round_passed", round=_round_label(number, target.kind))
        previous = by_number.get(number - 1)
        if previous is not None and previous.status != "closed":
            raise AtlasQualError("wsapp_previous_not_closed", round=_round_label(previous.number, previous.kind))
        items = _item_rows(s, ws)
        if not items:
            raise AtlasQualError("wsapp_no_items")
        if target.kind == "score" and _scoring_items(ws) is None:
            gate_round = next(r for r in rounds if r.kind == "gate")
            by_id = {i.id: i.ref for i in items}
            config = _config(s, ws)
            outcomes = core.gate_results(_gate_votes(s, gate_round.id, by_id), [i.ref for i in items], config,
                                         ws.procedure)
            qualifying = [i.ref for i in items if outcomes[i.ref].qualifies]
            if not qualifying:
                raise AtlasQualError("wsapp_nothing_qualifies")
            _set_config(ws, scoring_items=qualifying)
        target.status = "open"
        target.revealed = False
        target.opened_at = target.opened_at or utcnow()
        target.closed_at = None
        s.flush()
        config = _config(s, ws)
        return _round_states(s, ws, [target], config, len(items))[0]

    return _facilitator_write(project, code, key, _do)


def close_round(project: Project, code: str, key: str | None, number: int | None = None) -> RoundState:
    """Close the open round (``number`` optional, checked when given); votes on it are refused from now on."""

    def _do(s: Session, ws: WorkshopSession) -> RoundState:
        rounds = _rounds(s, ws)
        current = next((r for r in rounds if r.status == "open"), None)
        if current is None or (number is not None and current.number != number):
            raise AtlasQualError("wsapp_round_not_open", round=number if number is not None else "-")
        current.status = "closed"
        current.closed_at = utcnow()
        s.flush()
        return _round_states(s, ws, [current], _config(s, ws), len(_item_rows(s, ws)))[0]

    return _facilitator_write(project, code, key, _do)


def reveal_round(project: Project, code: str, key: str | None, number: int | None = None,
                 revealed: bool = True) -> int:
    """Show (or hide again) a closed round's results on the participants' pages; default: the last closed round.
    Returns the round number."""

    def _do(s: Session, ws: WorkshopSession) -> int:
        rounds = _rounds(s, ws)
        if number is None:
            closed = [r for r in rounds if r.status == "closed"]
            if not closed:
                raise AtlasQualError("wsapp_reveal_needs_closed", round="-")
            target = closed[-1]
        else:
            target = next((r for r in rounds if r.number == number), None)
            if target is None:
                raise AtlasQualError("wsapp_no_such_round", round=number, last=rounds[-1].number)
            if target.status != "closed":
                raise AtlasQualError("wsapp_reveal_needs_closed", round=_round_label(target.number, target.kind))
        target.revealed = bool(revealed)
        return target.number

    return _facilitator_write(project, code, key, _do)


def finish_session(project: Project, code: str, key: str | None) -> None:
    """End the session: closes an open round; no more joining or voting (results, shortlist and workgroups stay
    editable for the record)."""

    def _do(s: Session, ws: WorkshopSession) -> None:
        for r in _rounds(s, ws):
            if r.status == "open":
                r.status, r.closed_at = "closed", utcnow()
        ws.status = "finished"

    _facilitator_write(project, code, key, _do)


# --------------------------------------------------------------------------------------------------------------------
# Participants and votes
# --------------------------------------------------------------------------------------------------------------------


def join_session(project: Project, code: str, nickname: str, institution: str | None = None) -> Joined:
    """Join as a participant with a nickname (unique in the session, case-insensitive) and optionally an
    institution (acronym or name from the reference list). Returns the secret token that identifies the browser.

    Examples:
        >>> # me = join_session(project, "AB3K9Z", "Rosa", "MTESS"); cast_vote(project, "AB3K9Z", me.token, ...)
    """
    name = _clean_text(nickname, NICKNAME_MAX + 1)
    if not name:
        raise AtlasQualError("wsapp_nickname_required")
    if len(name) > NICKNAME_MAX:
        raise AtlasQualError("wsapp_nickname_too_long", limit=NICKNAME_MAX)

    def _do(s: Session) -> Joined:
        ws = _lookup_session(s, code)
        _check_open_session(ws)
        institution_id = _resolve_institution(s, institution)
        taken = s.scalars(select(Participant.nickname).where(Participant.session_id == ws.id))
        if any(fold(n) == fold(name) for n in taken):
            raise AtlasQualError("wsapp_nickname_taken", nickname=name)
        token = secrets.token_urlsafe(24)
        p = Participant(session_id=ws.id, token=token, nickname=name, institution_id=institution_id)
        s.add(p)
        s.flush()
        _bump(s, ws)
        return Joined(code=ws.code, token=token, nickname=name, participant_id=p.id)

    return _write(project, _do)


@dataclass(frozen=True)
class _Rules:
    """What checking a vote in one round needs. It cannot change while the round exists (items, gate questions and
    criteria lock when their round starts; the scored items are fixed when scoring opens), so a participant's kernel
    reads it once per round rather than on every click."""

    code: str
    session_kind: str
    config: core.SessionConfig
    items: dict[str, tuple[int, str]]  # folded ref -> (item id, ref)
    scoring: frozenset[str] | None
    actions: dict[str, str]  # folded USDOL action id -> id (empty unless the session asks C2)


def _read_rules(s: Session, ws: WorkshopSession) -> _Rules:
    config = _config(s, ws)
    scoring = _scoring_items(ws)
    actions = {}
    if ws.kind == "gaps" and USDOL_GATE in config.gate_keys:
        actions = {fold(a): a for a in s.scalars(select(UsdolAction.id))}
    return _Rules(code=ws.code, session_kind=ws.kind, config=config,
                  items={i.ref.casefold(): (i.id, i.ref) for i in _item_rows(s, ws)},
                  scoring=frozenset(r.casefold() for r in scoring) if scoring is not None else None,
                  actions=actions)


_RULES_CACHE: dict[tuple[int, str, str, int], _Rules] = {}


def _round_rules(project: Project, s: Session, ws: WorkshopSession, round_id: int) -> _Rules:
    # the random join code keeps a database recreated at the same path from reusing another session's rules
    ident = (os.getpid(), project.url, ws.code, round_id)
    rules = _RULES_CACHE.get(ident)
    if rules is None:
        if len(_RULES_CACHE) > 64:
            _RULES_CACHE.clear()
        rules = _RULES_CACHE[ident] = _read_rules(s, ws)
    return rules


def _check_vote(rules: _Rules, open_round: Round | None, rounds: Sequence[Round] | None, item: str, criterion: str,
                value: object, detail: Iterable[object] | None) -> tuple[int, str, str, bool | float, tuple[str, ...]]:
    """``(item id, item ref, question key, value, detail)`` as they will be stored, or ``VoteRejected`` saying why
    not. ``rounds`` (all of the session's) is only needed to explain why no round is open."""
    try:
        key = rules.config.resolve_key(criterion)
    except AtlasQualError as exc:
        raise VoteRejected(exc.key, **exc.params) from None
    kind = "gate" if key in rules.config.gate_keys else "score"
    if open_round is None:
        closed = [r for r in rounds or () if r.status == "closed" and r.kind == kind]
        if closed:
            raise VoteRejected("wsapp_round_closed", round=_round_label(closed[-1].number, kind))
        raise VoteRejected("wsapp_no_open_round")
    if open_round.kind != kind:
        raise VoteRejected("wsapp_wrong_round", criterion=key, round=_round_label(open_round.number, open_round.kind))
    found = rules.items.get(str(item).strip().casefold())
    if found is None:
        raise VoteRejected("wsapp_unknown_item", item=item, code=rules.code)
    item_id, ref = found
    if kind == "score" and rules.scoring is not None and ref.casefold() not in rules.scoring:
        raise VoteRejected("wsapp_item_not_scored", item=ref)
    key, parsed = rules.config.parse_value(key, value)
    clean: tuple[str, ...] = ()
    if detail:
        entries = [str(d).strip() for d in detail if str(d).strip()]
        if kind == "gate" and rules.session_kind == "gaps" and key == USDOL_GATE:
            bad = [d for d in entries if fold(d) not in rules.actions]
            if bad:
                raise VoteRejected("wsapp_unknown_action", actions=", ".join(bad))
            entries = sorted({rules.actions[fold(d)] for d in entries})
        if len(entries) > DETAIL_MAX_ENTRIES or any(len(d) > DETAIL_MAX_CHARS for d in entries):
            raise VoteRejected("wsapp_detail_too_long", limit=DETAIL_MAX_ENTRIES)
        # only a "yes" relies on actions: a "no" with actions would be counted as neither
        clean = tuple(dict.fromkeys(entries)) if parsed is not False else ()
    return item_id, ref, key, parsed, clean


def _upsert_vote(s: Session, round_id: int, participant_id: int, item_id: int, key: str, value: float,
                 detail: tuple[str, ...], cache: dict | None = None) -> bool:
    """Insert or replace one vote; True when it replaced an earlier one.

    ``cache`` (for a batch such as a ballot file) maps ``(participant, item, key)`` to the round's Vote rows, read
    once, so each row costs no query."""
    ident = (participant_id, item_id, key)
    if cache is not None:
        existing = cache.get(ident)
    else:
        existing = s.scalar(select(Vote).where(Vote.round_id == round_id, Vote.participant_id == participant_id,
                                               Vote.item_id == item_id, Vote.criterion == key))
    if existing is not None:
        existing.value, existing.detail, existing.updated_at = value, list(detail), utcnow()
        return True
    values = dict(round_id=round_id, participant_id=participant_id, item_id=item_id, criterion=key, value=value,
                  detail=list(detail), updated_at=utcnow())
    if s.get_bind().dialect.name == "postgresql":
        # two requests of one participant can race past the SELECT above on a server database (SQLite write
        # transactions are serialized by BEGIN IMMEDIATE, so they cannot)
        from sqlalchemy.dialects.postgresql import insert

        stmt = insert(Vote).values(**values)
        s.execute(stmt.on_conflict_do_update(
            index_elements=["round_id", "participant_id", "item_id", "criterion"],
            set_={"value": stmt.excluded.value, "detail": stmt.excluded.detail,
                  "updated_at": stmt.excluded.updated_at}))
    else:
        vote = Vote(**values)
        s.add(vote)
        if cache is not None:
            cache[ident] = vote
    return False


def cast_vote(project: Project, code: str, token: str, item: str, criterion: str, value: object, *,
              detail: Iterable[object] | None = None) -> VoteReceipt:
    """Record one participant's vote on one item and question of the open round (one transaction).

    ``criterion`` is a gate key (yes/no: True/False or sí/no text) during the gate round, or a scoring criterion
    key (a number on its scale) during a scoring round. Voting again replaces the earlier vote. ``detail``: for
    C2, the USDOL action ids the "yes" relies on. ``VoteRejected`` says why a vote was refused (no open round,
    round closed, unknown item or question, value out of range, unknown participant).

    Examples:
        >>> # cast_vote(project, "AB3K9Z", me.token, "G03", "C1", "sí")
        >>> # cast_vote(project, "AB3K9Z", me.token, "G03", "impact", 4)
    """

    # What to store is worked out in a read snapshot, outside the write lock: with sixty phones voting at once the
    # lock is then held only for three short statements, not for the reading and checking.
    with project.session() as s:
        ws = _lookup_session(s, code)
        participant_id = s.scalar(select(Participant.id).where(Participant.token == str(token or ""),
                                                               Participant.session_id == ws.id))
        if participant_id is None:
            raise VoteRejected("wsapp_unknown_participant", code=ws.code)
        if ws.status == "finished":
            raise VoteRejected("wsapp_session_finished", code=ws.code)
        round_ = s.scalar(select(Round).where(Round.session_id == ws.id, Round.status == "open"))
        if round_ is None:
            _check_vote(_read_rules(s, ws), None, _rounds(s, ws), item, criterion, value, detail)  # says why
        rules = _round_rules(project, s, ws, round_.id)
        item_id, ref, key, parsed, clean = _check_vote(rules, round_, None, item, criterion, value, detail)
        session_id, round_id, number, kind = ws.id, round_.id, round_.number, round_.kind
        replaced = s.scalar(select(Vote.id).where(Vote.round_id == round_id, Vote.participant_id == participant_id,
                                                  Vote.item_id == item_id, Vote.criterion == key)) is not None

    def _do(s: Session) -> int:
        upsert, seen, bump = _vote_statements(s.get_bind().dialect.name)
        now = utcnow()
        # the insert only happens while the round is still open: the facilitator may have closed it since the check
        stored = s.execute(upsert, {"round_id": round_id, "participant_id": participant_id, "item_id": item_id,
                                    "criterion": key, "value": float(parsed), "detail": list(clean), "now": now})
        if stored.rowcount == 0:
            raise VoteRejected("wsapp_round_closed", round=_round_label(number, kind))
        s.execute(seen, {"participant_id": participant_id, "now": now})
        s.execute(bump, {"session_id": session_id})
        return stored.rowcount

    _write(project, _do)
    return VoteReceipt(round=number, item=ref, criterion=key, value=parsed, detail=clean, replaced=replaced)


@lru_cache(maxsize=4)
def _vote_statements(dialect: str):
    """The three statements of a vote, as plain SQL (SQLite and PostgreSQL both have INSERT ... ON CONFLICT): built
    once, they cost a third of the equivalent expression-built statements inside the write lock."""
    from sqlalchemy import JSON, DateTime, bindparam, text

    votes, rounds = Vote.__tablename__, Round.__tablename__
    detail = "CAST(:detail AS JSON)" if dialect == "postgresql" else ":detail"
    upsert = text(
        f"INSERT INTO {votes} (round_id, participant_id, item_id, criterion, value, detail, updated_at) "
        f"SELECT :round_id, :participant_id, :item_id, :criterion, :value, {detail}, :now "
        f"WHERE (SELECT status FROM {rounds} WHERE id = :round_id) = 'open' "
        "ON CONFLICT (round_id, participant_id, item_id, criterion) DO UPDATE SET value = excluded.value, "
        "detail = excluded.detail, updated_at = excluded.updated_at"
    ).bindparams(bindparam("detail", type_=JSON), bindparam("now", type_=DateTime))
    seen = text(f"UPDATE {Participant.__tablename__} SET last_seen = :now WHERE id = :participant_id").bindparams(
        bindparam("now", type_=DateTime))
    bump = text(f"UPDATE {WorkshopSession.__tablename__} SET version = version + 1 WHERE id = :session_id")
    return upsert, seen, bump


def participant_view(project: Project, code: str, token: str | None = None, lang: str = "es") -> BallotView:
    """Everything a participant page shows, in one read: the open round's items and questions, the participant's
    own votes in that round (with ``token``), and the results of the last revealed round (or None).

    Raises ``AtlasQualError("wsapp_unknown_session")`` for an unknown code and ``VoteRejected`` for a token that
    is not a participant of the session."""
    with project.session() as s:
        ws = _lookup_session(s, code)
        config = _config(s, ws)
        rounds = _rounds(s, ws)
        items = _items(s, ws)
        nickname = ""
        participant_id = None
        if token:
            p = s.scalar(select(Participant).where(Participant.token == token, Participant.session_id == ws.id))
            if p is None:
                raise VoteRejected("wsapp_unknown_participant", code=ws.code)
            nickname, participant_id = p.nickname, p.id
        open_round = next((r for r in rounds if r.status == "open"), None)
        state = None
        votes: dict[tuple[str, str], tuple[float, tuple[str, ...]]] = {}
        if open_round is not None:
            state = _round_states(s, ws, [open_round], config, len(items))[0]
            if open_round.kind == "score":
                scoring = _scoring_items(ws)
                if scoring is not None:
                    wanted = {r.casefold() for r in scoring}
                    items = [i for i in items if i.ref.casefold() in wanted]
            if participant_id is not None:
                by_id = {r.id: r.ref for r in _item_rows(s, ws)}
                for item_id, criterion, value, detail in s.execute(
                    select(Vote.item_id, Vote.criterion, Vote.value, Vote.detail)
                    .where(Vote.round_id == open_round.id, Vote.participant_id == participant_id)
                ):
                    if item_id in by_id:
                        votes[(by_id[item_id], criterion)] = (value, tuple(detail or ()))
        revealed_round = max((r.number for r in rounds if r.revealed and r.status == "closed"), default=None)
        revealed = None
        if revealed_round is not None:
            # only what was revealed: the gate table alone while scoring is still open
            revealed = _results(s, ws, lang=lang, round_number=revealed_round if revealed_round > 1 else None,
                                scores=revealed_round > 1)
            revealed["revealed_round"] = revealed_round
        return BallotView(code=ws.code, title=ws.title, kind=ws.kind, status=ws.status, nickname=nickname,
                          config=config, round=state, items=tuple(items), votes=votes, revealed=revealed,
                          version=ws.version)


# --------------------------------------------------------------------------------------------------------------------
# Paper ballots
# --------------------------------------------------------------------------------------------------------------------

BALLOT_COLUMNS = {
    "participant": "participant", "participante": "participant", "nickname": "participant", "nombre": "participant",
    "name": "participant", "seudonimo": "participant", "alias": "participant",
    "gap": "item", "brecha": "item", "item": "item", "gap_id": "item", "recommendation": "item",
    "recomendacion": "item", "ref": "item",
    "criterion": "criterion", "criterio": "criterion", "question": "criterion", "pregunta": "criterion",
    "value": "value", "valor": "value", "vote": "value", "voto": "value", "answer": "value", "respuesta": "value",
    "puntaje": "value", "score": "value",
    "institution": "institution", "institucion": "institution",
    "actions": "detail", "acciones": "detail", "usdol_actions": "detail", "acciones_usdol": "detail",
    "detail": "detail", "detalle": "detail",
}


def import_ballots(project: Project, code: str, key: str | None, path: str | Path) -> BallotReport:
    """Enter paper ballots typed in by the facilitator (CSV/Excel: ``participant,gap,criterion,value``, optional
    ``institution`` and ``actions`` (USDOL ids for C2, separated by ``;``)), in one transaction.

    Gate answers (C1/C2/C3 yes/no, sí/no) go to the open gate round, scores to the open scoring round. Each bad
    row (unknown gap or question, bad value, a round that is not open...) is reported with its row number; the
    good rows are kept. Participants are matched by name (case-insensitive) among the session's paper
    participants, and created as paper participants when new.

    Examples:
        >>> # report = import_ballots(project, "AB3K9Z", key, "ballots_gate.csv"); report.accepted, report.errors
    """
    table = read_table(path, BALLOT_COLUMNS, ["participant", "item", "criterion", "value"])

    def _do(s: Session, ws: WorkshopSession) -> BallotReport:
        report = BallotReport(file=table.file, rows=len(table.rows))
        if ws.status == "finished":
            raise AtlasQualError("wsapp_session_finished", code=ws.code)
        rounds = _rounds(s, ws)
        open_round = next((r for r in rounds if r.status == "open"), None)
        rules = _read_rules(s, ws)
        people = {fold(p.nickname): p for p in s.scalars(select(Participant).where(Participant.session_id == ws.id))}
        cache = {}
        if open_round is not None:
            cache = {(v.participant_id, v.item_id, v.criterion): v
                     for v in s.scalars(select(Vote).where(Vote.round_id == open_round.id))}
        for row_number, row in table.rows:
            try:
                name = _clean_text(row["participant"], NICKNAME_MAX + 1)
                if not name:
                    raise AtlasQualError("wsapp_nickname_required")
                if len(name) > NICKNAME_MAX:
                    raise AtlasQualError("wsapp_nickname_too_long", limit=NICKNAME_MAX)
                detail = [d for d in re.split(r"[;,|\s]+", row.get("detail", "")) if d]
                item_id, _ref, vkey, parsed, clean = _check_vote(rules, open_round, rounds, row["item"],
                                                                 row["criterion"], row["value"], detail)
                person = people.get(fold(name))
                if person is not None and not person.paper:
                    raise AtlasQualError("wsapp_ballot_device_participant", nickname=person.nickname)
                if person is None:
                    institution_id = _resolve_institution(s, row.get("institution"))
                    person = Participant(session_id=ws.id, token=secrets.token_urlsafe(24), nickname=name,
                                         institution_id=institution_id, paper=True)
                    s.add(person)
                    s.flush()
                    people[fold(name)] = person
                    report.participants_added.append(name)
                _upsert_vote(s, open_round.id, person.id, item_id, vkey, float(parsed), clean, cache)
                report.accepted += 1
            except AtlasQualError as exc:
                report.errors.append(RowError(table.file, row_number, exc.message()))
        return report

    return _facilitator_write(project, code, key, _do)


PARTICIPANT_COLUMNS = {k: v for k, v in BALLOT_COLUMNS.items() if v in ("participant", "institution")}


def register_participants(project: Project, code: str, key: str | None, path: str | Path) -> list[str]:
    """Register the people who will vote on paper (a table ``participant,institution``) before their ballots are
    typed in, so each ballot carries its institution. All rows or none; names already registered are skipped.
    Returns the names added."""
    table = read_table(path, PARTICIPANT_COLUMNS, ["participant"])

    def _do(s: Session, ws: WorkshopSession) -> list[str]:
        _check_open_session(ws)
        taken = {fold(n) for n in s.scalars(select(Participant.nickname).where(Participant.session_id == ws.id))}
        errors, added = [], []
        for row_number, row in table.rows:
            try:
                name = _clean_text(row["participant"], NICKNAME_MAX + 1)
                if not name:
                    raise AtlasQualError("wsapp_nickname_required")
                if len(name) > NICKNAME_MAX:
                    raise AtlasQualError("wsapp_nickname_too_long", limit=NICKNAME_MAX)
                institution_id = _resolve_institution(s, row.get("institution"))
            except AtlasQualError as exc:
                errors.append(RowError(table.file, row_number, exc.message()))
                continue
            if fold(name) in taken:
                continue
            taken.add(fold(name))
            s.add(Participant(session_id=ws.id, token=secrets.token_urlsafe(24), nickname=name,
                              institution_id=institution_id, paper=True))
            added.append(name)
        if errors:
            raise RowErrors(table.file, errors)
        return added

    return _facilitator_write(project, code, key, _do)


# --------------------------------------------------------------------------------------------------------------------
# Results, tie-breaks, shortlist, workgroups
# --------------------------------------------------------------------------------------------------------------------


def _decisions(s: Session, ws: WorkshopSession, round_numbers: Iterable[int]) -> list[core.TieBreakDecision]:
    rows = s.scalars(select(TieBreakLog).where(TieBreakLog.session_id == ws.id, TieBreakLog.rule == "facilitator",
                                               TieBreakLog.round_number.in_(list(round_numbers)))
                     .order_by(TieBreakLog.round_number, TieBreakLog.id))
    return [core.TieBreakDecision(items=tuple(r.items), order=tuple(r.order), by=r.by or "facilitator") for r in rows]


def _scoring_round(rounds: Sequence[Round], round_number: int | None) -> Round | None:
    scoring = [r for r in rounds if r.kind == "score"]
    if round_number is not None:
        found = next((r for r in rounds if r.number == round_number), None)
        if found is None or found.kind != "score":
            raise AtlasQualError("wsapp_no_such_round", round=round_number,
                                 last=max((r.number for r in rounds), default=0))
        return found
    started = [r for r in scoring if r.status != "pending"]
    return started[-1] if started else None


def _results(s: Session, ws: WorkshopSession, *, lang: str = "es", round_number: int | None = None,
             scores: bool = True) -> dict:
    config = _config(s, ws)
    rounds = _rounds(s, ws)
    item_rows = _item_rows(s, ws)
    infos = _items(s, ws)
    by_id = {i.id: i.ref for i in item_rows}
    gate_round = next(r for r in rounds if r.kind == "gate")
    chosen = _scoring_round(rounds, round_number) if scores else None
    gate_votes = _gate_votes(s, gate_round.id, by_id)
    score_votes = _score_votes(s, chosen.id, by_id) if chosen is not None else []
    decisions = _decisions(s, ws, [chosen.number]) if chosen is not None else []
    shortlist_rows = list(s.execute(select(ShortlistEntry, SessionItem.ref)
                                    .join(SessionItem, SessionItem.id == ShortlistEntry.item_id)
                                    .where(ShortlistEntry.session_id == ws.id).order_by(ShortlistEntry.rank)).all())
    voters = s.scalar(select(func.count(func.distinct(Vote.participant_id)))
                      .where(Vote.round_id.in_([r.id for r in rounds]))) or 0
    out = core.session_results(ws.code, [(i.ref, i.title_in(lang)) for i in infos], gate_votes, score_votes, config,
                               ws.procedure, decisions, [ref for _e, ref in shortlist_rows], participants=voters)
    out["title"] = ws.title
    out["status"] = ws.status
    out["lang"] = lang
    out["scoring_round"] = chosen.number if chosen is not None else None
    out["rounds"] = [{"number": r.number, "kind": r.kind, "status": r.status, "revealed": bool(r.revealed)}
                     for r in rounds]
    out["criteria"] = config.criteria_json(lang)
    out["gates"] = [{"key": g.key, "label": g.label(lang)} for g in config.gates]
    out["shortlist_entries"] = [{"id": ref, "rank": e.rank, "dmop": e.dmop_id, "new_dmop_name": e.new_dmop_name,
                                 "note": e.note} for e, ref in shortlist_rows]
    out["tie_break_text"] = [_describe(tb, lang) for tb in out["tie_breaks"]]
    out["change"] = None
    if chosen is not None:
        previous = [r for r in rounds if r.kind == "score" and r.number < chosen.number and r.status != "pending"]
        if previous:
            before = previous[-1]
            qualifying = [g["id"] for g in out["gaps"] if g["qualifies"]]
            first = core.score_results(_score_votes(s, before.id, by_id), qualifying, config)
            second = core.score_results(score_votes, qualifying, config)
            changes = core.round_change(first, second, _decisions(s, ws, [before.number, chosen.number]))
            out["change"] = {
                "from_round": before.number, "to_round": chosen.number,
                "items": {item: {"delta_score": _round6(c.delta_score), "delta_iqr": _round6(c.delta_iqr),
                                 "rank_before": c.rank_before, "rank_after": c.rank_after, "rank_moved": c.rank_moved}
                          for item, c in changes.items()},
            }
    return out


def _round6(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _describe(tb: Mapping[str, Any], lang: str) -> str:
    values = tuple(tb.get("values") or ())
    tie = core.TieBreak(items=tuple(tb["items"]), rule=tb["rule"], order=tuple(tuple(g) for g in tb["order"]),
                        values=values if tb["rule"] != "facilitator" else tuple(None for _ in tb["order"]),
                        by=tb.get("by"))
    return tie.describe(lang)


def results(project: Project, code: str, *, round_number: int | None = None, lang: str | None = None) -> dict:
    """The session's results: DESIGN.md's ``workshop results --json`` object (from ``workshop.session_results``).

    Gates from round 1 under the session's procedure; scores from ``round_number`` (default: the latest scoring
    round that has started). Beyond the contract: ``title``, ``status``, ``scoring_round``, ``rounds``,
    ``criteria``, ``gates``, ``shortlist_entries`` (with the DMOP per shortlisted item), ``tie_break_text`` (one
    sentence per tie-break, in ``lang``) and ``change`` (score, IQR and rank change per item against the previous
    scoring round, or None).

    Examples:
        >>> # out = results(project, "AB3K9Z"); [g["id"] for g in sorted(out["gaps"], key=...)]
    """
    from atlas_qual.i18n import get_lang

    with project.session() as s:
        ws = _lookup_session(s, code)
        return _results(s, ws, lang=lang or get_lang(), round_number=round_number)


def decide_tie(project: Project, code: str, key: str | None, order: Sequence[str], *,
               round_number: int | None = None, by: str = "facilitator") -> dict:
    """Log the facilitator's order for items still tied after every rule (the last step of the tie-break chain).

    ``order`` lists exactly the items of one unresolved tie, best first. Returns the new results."""
    wanted = [str(o).strip() for o in order if str(o).strip()]

    def _do(s: Session, ws: WorkshopSession) -> dict:
        current = _results(s, ws, round_number=round_number)
        chosen = current["scoring_round"]
        if chosen is None:
            raise AtlasQualError("wsapp_not_tied", items=", ".join(wanted))
        folded = {w.casefold() for w in wanted}
        group = next((g for g in current["unresolved_ties"] if {x.casefold() for x in g} == folded), None)
        if group is None or len(folded) != len(wanted):
            raise AtlasQualError("wsapp_not_tied", items=", ".join(wanted))
        canonical = {x.casefold(): x for x in group}
        ordered = [canonical[w.casefold()] for w in wanted]
        s.add(TieBreakLog(session_id=ws.id, round_number=chosen, items=sorted(ordered), rule="facilitator",
                          order=ordered, by=_clean_text(by, 120) or "facilitator"))
        s.flush()
        return _results(s, ws, round_number=chosen)

    return _facilitator_write(project, code, key, _do)


def suggest_shortlist(project: Project, code: str, n: int = 5) -> list[str]:
    """The ``n`` best-ranked items of the latest scoring round (ties at the cut included in rank order)."""
    ranked = [g for g in results(project, code)["gaps"] if g["rank"] is not None]
    ranked.sort(key=lambda g: g["rank"])
    return [g["id"] for g in ranked[:max(int(n), 0)]]


def _new_dmop_id(s: Session, name: str) -> str:
    words = [w for w in re.findall(r"[^\W\d_]+", fold(name)) if len(w) > 2] or ["DMOP"]
    stem = "".join(w[0] for w in words).upper()[:8] or "DMOP"
    existing = {d.upper() for d in s.scalars(select(Dmop.id))}
    candidate, n = stem, 2
    while candidate in existing:
        candidate = f"{stem}{n}"
        n += 1
    return candidate


def set_shortlist(project: Project, code: str, key: str | None,
                  entries: Sequence[Mapping[str, Any]]) -> list[dict]:
    """Replace the shortlist: ``[{"item": ref, "dmop": existing DMOP id or None, "new_dmop_name": "", "note": ""}]``
    best first. Items must be among the scored (qualifying) items. A ``new_dmop_name`` without ``dmop`` creates a
    DMOP-C in development (id from the name's initials, or ``new_dmop_id``) so workgroups can be attached.
    Returns the stored entries."""

    def _do(s: Session, ws: WorkshopSession) -> list[dict]:
        scoring = _scoring_items(ws)
        if scoring is None:
            raise AtlasQualError("wsapp_shortlist_needs_scoring")
        allowed = {r.casefold() for r in scoring}
        dmops = {d.id.upper(): d for d in s.scalars(select(Dmop))}
        s.execute(delete(ShortlistEntry).where(ShortlistEntry.session_id == ws.id))
        stored, seen = [], set()
        for rank, entry in enumerate(entries, start=1):
            ref = str(entry.get("item") or entry.get("gap") or entry.get("id") or "").strip()
            item = _find_item(s, ws, ref)
            if item.ref.casefold() not in allowed:
                raise AtlasQualError("wsapp_item_not_scored", item=item.ref)
            if item.ref in seen:
                raise AtlasQualError("wsapp_item_exists", ref=item.ref)
            seen.add(item.ref)
            dmop_id = None
            new_name = _clean_text(entry.get("new_dmop_name"))
            wanted = str(entry.get("dmop") or "").strip()
            if wanted:
                found = dmops.get(wanted.upper())
                if found is None:
                    raise AtlasQualError("unknown_dmop", dmop=wanted, known=", ".join(sorted(dmops)))
                dmop_id = found.id
            elif new_name:
                existing = next((d for d in dmops.values() if fold(d.name_es) == fold(new_name)
                                 or fold(d.name_en) == fold(new_name)), None)
                if existing is not None:
                    dmop_id = existing.id
                else:
                    new_id = str(entry.get("new_dmop_id") or "").strip().upper() or _new_dmop_id(s, new_name)
                    if new_id in dmops:
                        raise AtlasQualError("wsapp_dmop_id_taken", dmop=new_id)
                    dmop = Dmop(id=new_id[:20], name_es=new_name, name_en=new_name, type="DMOP-C",
                                phase="development")
                    s.add(dmop)
                    s.flush()
                    dmops[dmop.id.upper()] = dmop
                    dmop_id = dmop.id
            s.add(ShortlistEntry(session_id=ws.id, item_id=item.id, rank=rank, dmop_id=dmop_id,
                                 new_dmop_name=new_name, note=str(entry.get("note") or "")))
            stored.append({"id": item.ref, "rank": rank, "dmop": dmop_id, "new_dmop_name": new_name})
        return stored

    return _facilitator_write(project, code, key, _do)


def _role(value: str) -> str:
    found = ROLE_ALIASES.get(fold(value).replace("-", " ")) or ROLE_ALIASES.get(fold(value))
    if found is None:
        raise AtlasQualError("wsapp_bad_role", role=value, known=", ".join(WORKGROUP_ROLES))
    return found


def _dmop_id(s: Session, value: str) -> str:
    wanted = str(value or "").strip()
    ids = list(s.scalars(select(Dmop.id).order_by(Dmop.id)))
    for d in ids:
        if d.upper() == wanted.upper():
            return d
    raise AtlasQualError("unknown_dmop", dmop=wanted, known=", ".join(ids))


def add_workgroup_member(project: Project, code: str, key: str | None, dmop: str, name: str,
                         institution: str | None, role: str) -> int:
    """Add a workgroup member to a DMOP (role: champion, technical_expert, atlas_team; Spanish names accepted).
    Returns the member id."""
    clean = _clean_text(name, 200)
    if not clean:
        raise AtlasQualError("wsapp_member_name_required")
    role_id = _role(role)

    def _do(s: Session, ws: WorkshopSession) -> int:
        member = WorkgroupMember(dmop_id=_dmop_id(s, dmop), session_id=ws.id, name=clean,
                                 institution_id=_resolve_institution(s, institution), role=role_id)
        s.add(member)
        s.flush()
        return member.id

    return _facilitator_write(project, code, key, _do)


def remove_workgroup_member(project: Project, code: str, key: str | None, member_id: int) -> None:
    def _do(s: Session, ws: WorkshopSession) -> None:
        member = s.get(WorkgroupMember, int(member_id))
        if member is None or member.session_id != ws.id:
            raise AtlasQualError("wsapp_unknown_member", member=member_id)
        s.delete(member)

    _facilitator_write(project, code, key, _do)


WORKGROUP_COLUMNS = {
    "dmop": "dmop", "dmop_c": "dmop", "dmop_id": "dmop", "modelo": "dmop",
    "name": "name", "nombre": "name", "member": "name", "miembro": "name", "integrante": "name",
    "institution": "institution", "institucion": "institution",
    "role": "role", "rol": "role", "funcion": "role",
}


def import_workgroups(project: Project, code: str, key: str | None, path: str | Path) -> int:
    """Add workgroup members from a table ``dmop,name,institution,role`` (all rows or none). Returns how many."""
    table = read_table(path, WORKGROUP_COLUMNS, ["dmop", "name", "role"])

    def _do(s: Session, ws: WorkshopSession) -> int:
        errors = []
        members = []
        for row_number, row in table.rows:
            try:
                clean = _clean_text(row["name"], 200)
                if not clean:
                    raise AtlasQualError("wsapp_member_name_required")
                members.append(WorkgroupMember(dmop_id=_dmop_id(s, row["dmop"]), session_id=ws.id, name=clean,
                                               institution_id=_resolve_institution(s, row.get("institution")),
                                               role=_role(row["role"])))
            except AtlasQualError as exc:
                errors.append(RowError(table.file, row_number, exc.message()))
        if errors:
            raise RowErrors(table.file, errors)
        s.add_all(members)
        return len(members)

    return _facilitator_write(project, code, key, _do)


def workgroups(project: Project, code: str, lang: str = "es") -> list[dict]:
    """The workgroup members named in a session: ``[{"id", "dmop", "dmop_name", "name", "institution",
    "institution_name", "role"}]`` by DMOP then role."""
    with project.session() as s:
        ws = _lookup_session(s, code)
        return _workgroups(s, ws, lang)


def _workgroups(s: Session, ws: WorkshopSession, lang: str) -> list[dict]:
    rows = s.execute(select(WorkgroupMember, Dmop, Institution)
                     .join(Dmop, Dmop.id == WorkgroupMember.dmop_id)
                     .outerjoin(Institution, Institution.id == WorkgroupMember.institution_id)
                     .where(WorkgroupMember.session_id == ws.id)).all()
    order = {r: i for i, r in enumerate(WORKGROUP_ROLES)}
    out = [{"id": m.id, "dmop": d.id, "dmop_name": d.name_en if lang == "en" else d.name_es, "name": m.name,
            "institution": m.institution_id, "institution_name": (i.name_en if lang == "en" else i.name_es) if i else "",
            "role": m.role} for m, d, i in rows]
    out.sort(key=lambda r: (r["dmop"], order.get(r["role"], 9), r["id"]))
    return out


def dmops(project: Project, lang: str = "es") -> list[dict]:
    """The project's DMOPs ``[{"id", "name", "type", "phase"}]`` (for pickers)."""
    with project.session() as s:
        return [{"id": d.id, "name": d.name_en if lang == "en" else d.name_es, "type": d.type, "phase": d.phase}
                for d in s.scalars(select(Dmop).order_by(Dmop.created_at, Dmop.id))]


def institutions(project: Project, lang: str = "es") -> list[dict]:
    """The reference institutions ``[{"id", "name"}]`` (for pickers)."""
    with project.session() as s:
        return [{"id": i.id, "name": i.name_en if lang == "en" else i.name_es}
                for i in s.scalars(select(Institution).order_by(Institution.id))]


# --------------------------------------------------------------------------------------------------------------------
# Everything about a session, for reports and exports
# --------------------------------------------------------------------------------------------------------------------


def report_data(project: Project, code: str, lang: str = "es") -> dict:
    """All a results report needs, in ``lang``: ``session`` (code, title, kind, status, procedure, rule, created,
    dmop), ``items`` (ref, title, description), ``rounds`` (with participants, voters and dates), ``gates`` and
    ``criteria``, ``results`` (``results()`` of the latest scoring round, incl. ``tie_break_text`` and ``change``),
    ``first_round_results`` (round 2 when a later round exists, else None), ``shortlist`` (rank, item, title,
    score, DMOP id and name, new DMOP name, note), ``workgroups`` and ``participants`` (counts by institution;
    nicknames are never included). No facilitator key is needed: it holds nothing a participant may not see once
    results are revealed, and no individual vote."""
    with project.session() as s:
        ws = _lookup_session(s, code)
        config = _config(s, ws)
        rounds = _rounds(s, ws)
        infos = _items(s, ws)
        res = _results(s, ws, lang=lang)
        first = None
        if res["change"] is not None:
            first = _results(s, ws, lang=lang, round_number=res["change"]["from_round"])
        states = {r.number: r for r in _round_states(s, ws, rounds, config, len(infos))}
        by_ref = {g["id"]: g for g in res["gaps"]}
        titles = {i.ref: i.title_in(lang) for i in infos}
        dmop_names = {d.id: (d.name_en if lang == "en" else d.name_es) for d in s.scalars(select(Dmop))}
        shortlist = [{"rank": e["rank"], "item": e["id"], "title": titles.get(e["id"], e["id"]),
                      "score": by_ref.get(e["id"], {}).get("score"), "dmop": e["dmop"],
                      "dmop_name": dmop_names.get(e["dmop"], "") if e["dmop"] else "",
                      "new_dmop_name": e["new_dmop_name"], "note": e["note"]} for e in res["shortlist_entries"]]
        people = s.execute(select(Participant.institution_id, Participant.paper, func.count())
                           .where(Participant.session_id == ws.id)
                           .group_by(Participant.institution_id, Participant.paper)).all()
        by_institution: dict[str, int] = {}
        for inst, _paper, n in people:
            by_institution[inst or ""] = by_institution.get(inst or "", 0) + n
        return {
            "session": {"code": ws.code, "title": ws.title, "kind": ws.kind, "status": ws.status,
                        "procedure": ws.procedure, "rule": ws.rule, "lang": lang, "dmop": ws.dmop_id,
                        "created_at": ws.created_at.isoformat(timespec="minutes") if ws.created_at else ""},
            "items": [{"ref": i.ref, "title": i.title_in(lang), "description": i.description_in(lang)} for i in infos],
            "rounds": [{**states[r.number].to_dict(),
                        "opened_at": r.opened_at.isoformat(timespec="minutes") if r.opened_at else None,
                        "closed_at": r.closed_at.isoformat(timespec="minutes") if r.closed_at else None}
                       for r in rounds],
            "gates": [{"key": g.key, "label": g.label(lang)} for g in config.gates],
            "criteria": config.criteria_json(lang),
            "results": res,
            "first_round_results": first,
            "shortlist": shortlist,
            "workgroups": _workgroups(s, ws, lang),
            "participants": {"total": sum(n for _i, _p, n in people),
                             "paper": sum(n for _i, p, n in people if p),
                             "by_institution": dict(sorted(by_institution.items()))},
        }


def _participant_labels(participants: Sequence[Participant], anonymous: bool) -> dict[int, str]:
    ordered = sorted(participants, key=lambda p: p.id)
    return {p.id: (f"P{n:02d}" if anonymous else p.nickname) for n, p in enumerate(ordered, start=1)}


def export_workshop_xlsx(project: Project, code: str, key: str | None, path: str | Path,
                         lang: str | None = None) -> Path:
    """Write an Excel workbook with every vote and the results of a session (facilitator key required).

    Sheets: session, items, votes (round, participant, item, question, value, USDOL actions, time), gate results
    (yes share per question, premise- and conclusion-based outcome, differs), scores (score, median, IQR, n,
    rank per scoring round), tie-breaks, change between scoring rounds, shortlist, workgroups, participants.
    In an anonymous session (the default) participants appear as P01, P02... and nicknames are left out.

    Examples:
        >>> # export_workshop_xlsx(project, "AB3K9Z", key, "taller.xlsx")
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from atlas_qual.i18n import get_lang, t

    lang = lang or get_lang()
    path = Path(path)

    with project.session() as s:
        ws = _facilitator_session(s, code, key)
        config = _config(s, ws)
        rounds = _rounds(s, ws)
        item_rows = _item_rows(s, ws)
        infos = {i.ref: i for i in _items(s, ws)}
        participants = list(s.scalars(select(Participant).where(Participant.session_id == ws.id)))
        labels = _participant_labels(participants, bool(ws.anonymous))
        by_id = {i.id: i.ref for i in item_rows}
        votes = s.execute(select(Vote, Round.number, Round.kind).join(Round, Round.id == Vote.round_id)
                          .where(Round.session_id == ws.id)
                          .order_by(Round.number, Vote.participant_id, Vote.item_id, Vote.criterion)).all()
        per_round = {r.number: _results(s, ws, lang=lang, round_number=r.number)
                     for r in rounds if r.kind == "score" and r.status != "pending"}
        res = _results(s, ws, lang=lang)
        groups = _workgroups(s, ws, lang)
        info = {"code": ws.code, "title": ws.title, "kind": ws.kind, "status": ws.status, "rule": ws.rule,
                "procedure": ws.procedure, "anonymous": ws.anonymous,
                "created": ws.created_at.isoformat(timespec="minutes") if ws.created_at else ""}
        participant_rows = [(labels[p.id], p.institution_id or "", p.paper)
                            for p in sorted(participants, key=lambda p: p.id)]
        vote_rows = [(number, labels.get(v.participant_id, v.participant_id), by_id.get(v.item_id, v.item_id),
                      v.criterion, v.value, kind, "; ".join(v.detail or ()),
                      v.updated_at.isoformat(timespec="seconds") if v.updated_at else "")
                     for v, number, kind in votes]

    def tr(k: str, **p: Any) -> str:
        return t(k, lang=lang, **p)

    book = Workbook()
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1E3A5F")

    def sheet(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], first: bool = False):
        sh = book.active if first else book.create_sheet()
        sh.title = title[:31]
        sh.append(list(header))
        for cell in sh[1]:
            cell.font, cell.fill = header_font, header_fill
        for row in rows:
            sh.append(list(row))
        sh.freeze_panes = "A2"
        for col in sh.columns:
            width = max(len(str(c.value)) if c.value is not None else 0 for c in col)
            sh.column_dimensions[col[0].column_letter].width = min(max(10, width + 2), 60)
        return sh

    yes, no = tr("workshop_yes"), tr("workshop_no")
    sheet(tr("wsapp_x_session"), [tr("wsapp_x_field"), tr("wsapp_x_value")], [
        (tr("wsapp_x_code"), info["code"]), (tr("wsapp_x_title"), info["title"]), (tr("wsapp_x_kind"), info["kind"]),
        (tr("wsapp_x_status"), info["status"]), (tr("wsapp_x_rule"), info["rule"]),
        (tr("wsapp_x_procedure"), tr(f"workshop_procedure_{info['procedure']}")),
        (tr("wsapp_x_participants"), len(participant_rows)), ("Kendall W", res["kendall_w"]),
        (tr("wsapp_x_created"), info["created"]),
    ] + [(tr("wsapp_x_criterion", criterion=c["id"]), f'{c["label"]} ({tr("wsapp_weight")} {c["weight"]:g}, '
          f'{c["min"]}-{c["max"]})') for c in config.criteria_json(lang)], first=True)
    sheet(tr("wsapp_x_items"), ["id", tr("wsapp_x_title"), tr("wsapp_x_description"), "title_en", "description_en"],
          [(i.ref, i.title, i.description, i.title_en, i.description_en) for i in infos.values()])
    gate_keys = set(config.gate_keys)
    sheet(tr("wsapp_x_votes"),
          [tr("wsapp_x_round"), tr("wsapp_x_participant"), "id", tr("wsapp_x_question"), tr("wsapp_x_value"),
           tr("wsapp_x_actions"), tr("wsapp_x_time")],
          [(number, who, ref, criterion, (yes if value >= 0.5 else no) if kind == "gate" and criterion in gate_keys
            else value, detail, when) for number, who, ref, criterion, value, kind, detail, when in vote_rows])
    keys = list(config.gate_keys)
    sheet(tr("wsapp_x_gates"),
          ["id", tr("wsapp_x_title"), "n"] + [f"{k} % {yes}" for k in keys]
          + [tr("workshop_procedure_premise"), tr("workshop_procedure_conclusion"), tr("wsapp_x_differs"),
             tr("wsapp_x_qualifies")],
          [(g["id"], g["title"], g["gate_n"])
           + tuple(None if g["yes_share"].get(k) is None else round(g["yes_share"][k] * 100, 1) for k in keys)
           + (yes if g["premise_based"] else no, yes if g["conclusion_based"] else no,
              yes if g["differs"] else no, yes if g["qualifies"] else no) for g in res["gaps"]])
    score_rows = []
    for number, out in per_round.items():
        for g in sorted((g for g in out["gaps"] if g["rank"] is not None), key=lambda g: g["rank"]):
            score_rows.append((number, g["rank"], g["id"], g["title"], g["score"], g["median"], g["q1"], g["q3"],
                               g["iqr"], g["n"], g["top_scores"], yes if g["needs_decision"] else ""))
    sheet(tr("wsapp_x_scores"),
          [tr("wsapp_x_round"), tr("wsapp_rank"), "id", tr("wsapp_x_title"), tr("wsapp_score"), tr("wsapp_median"),
           "Q1", "Q3", tr("wsapp_iqr"), "n", tr("wsapp_x_top_scores"), tr("workshop_needs_decision")], score_rows)
    sheet(tr("wsapp_x_tie_breaks"), [tr("wsapp_x_round"), tr("wsapp_x_rule"), tr("wsapp_x_description")],
          [(number, tb["rule"], text) for number, out in per_round.items()
           for tb, text in zip(out["tie_breaks"], out["tie_break_text"])])
    change_rows = []
    if res["change"]:
        for item, c in res["change"]["items"].items():
            change_rows.append((item, infos[item].title_in(lang) if item in infos else item, c["delta_score"],
                                c["delta_iqr"], c["rank_before"], c["rank_after"]))
    sheet(tr("wsapp_x_change"), ["id", tr("wsapp_x_title"), "Δ " + tr("wsapp_score"), "Δ " + tr("wsapp_iqr"),
                                 tr("wsapp_x_rank_before"), tr("wsapp_x_rank_after")], change_rows)
    sheet(tr("wsapp_x_shortlist"), [tr("wsapp_rank"), "id", tr("wsapp_x_title"), "DMOP", tr("wsapp_x_new_dmop"),
                                    tr("wsapp_x_note")],
          [(e["rank"], e["id"], infos[e["id"]].title_in(lang) if e["id"] in infos else e["id"], e["dmop"] or "",
            e["new_dmop_name"], e["note"]) for e in res["shortlist_entries"]])
    sheet(tr("wsapp_x_workgroups"), ["DMOP", tr("wsapp_x_name"), tr("wsapp_x_institution"), tr("wsapp_x_role")],
          [(m["dmop"], m["name"], m["institution"] or "", tr(f"wsapp_role_{m['role']}")) for m in groups])
    sheet(tr("wsapp_x_participants"), [tr("wsapp_x_participant"), tr("wsapp_x_institution"), tr("wsapp_x_paper")],
          [(label, institution, yes if paper else no) for label, institution, paper in participant_rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    keep_text(book)  # a title or nickname typed as "=..." stays the text people typed, never a formula
    book.save(path)
    return path


# --------------------------------------------------------------------------------------------------------------------
# Demo
# --------------------------------------------------------------------------------------------------------------------

DEMO_TITLE = ("Taller de priorización de brechas — demostración", "Open demo session — try live voting")
_DMOP_KEYWORDS = {
    # words that say which of the seed's DMOPs-C addresses a gap: procedures -> MAUEP, platforms/plans -> IPACM,
    # complaint channels and communities -> CR
    "MAUEP": ("procedimiento", "ruta", "intervencion", "rol", "roles", "inspeccion", "fiscal", "ministerio publico",
              "mtess", "policia", "judicial", "defensoria", "enforcement", "procedure", "route", "derivacion",
              "protocolo", "unificad", "conocen"),
    "IPACM": ("plataforma", "plan", "planes", "conaeti", "contrafor", "mesa", "estrategia", "duplic", "fragment",
              "platform", "coordinacion interinstitucional", "datos", "registro", "informacion"),
    "CR": ("denuncia", "canal", "147", "137", "comunidad", "comunitari", "difusion", "criadazgo", "radio",
           "campana", "complaint", "community", "outreach", "mensajes", "reclutamiento"),
}


def dmop_by_fit(text: str) -> str:
    """The seed DMOP-C whose subject matches a gap's text best (ties: MAUEP, IPACM, CR). Used by the demo to name
    the DMOP of each shortlisted gap the way the seed's workshops did.

    Examples:
        >>> dmop_by_fit("Poca difusión de los canales de denuncia 147 y 137")
        'CR'
    """
    folded = fold(text)
    scores = {d: sum(folded.count(w) for w in words) for d, words in _DMOP_KEYWORDS.items()}
    return max(_DMOP_KEYWORDS, key=lambda d: scores[d])


def _demo_file(demo_dir: Path, *names: str) -> Path | None:
    return next((demo_dir / n for n in names if (demo_dir / n).exists()), None)


def demo_steps(project: Project, demo_dir: str | Path) -> list[tuple[str, Callable[[], Any]]]:
    """The demo's workshop, run the way a facilitator would: import the PSA gaps, create a session, open the gate
    round, enter the paper ballots, close it, open scoring, enter the scores, close, reveal, shortlist the top 5
    with the DMOP that fits each, name the workgroups; then leave a second session open (not started) for trying
    live voting. The demo session's facilitator key is stored in the project's meta table as
    ``demo_facilitator_key`` (the demo project only), so the README can say how to open it.
    """
    demo_dir = Path(demo_dir)
    gaps = _demo_file(demo_dir, "gaps.csv", "gaps.xlsx")
    if gaps is None:
        return []
    gaps_en = _demo_file(demo_dir, "gaps_en.csv", "gaps_en.xlsx")
    gate = _demo_file(demo_dir, "ballots_gate.csv")
    score = _demo_file(demo_dir, "ballots_score.csv")
    single = _demo_file(demo_dir, "ballots.csv")
    groups = _demo_file(demo_dir, "workgroups.csv")
    people = _demo_file(demo_dir, "participants.csv")
    state: dict[str, Any] = {}

    def import_step() -> None:
        import_gaps_report = parse_gap_file(gaps, gaps_en)
        _write(project, lambda s: upsert_gaps(s, import_gaps_report))

    def session_step() -> None:
        created = create_session(project, "Priorización de brechas del ASP (PSA) — taller 2025")
        state["code"], state["key"] = created.code, created.key
        from atlas_qual.store.db import set_meta

        set_meta(project, "demo_facilitator_key", created.key)
        set_meta(project, "demo_session", created.code)

    def ballots(kind: str) -> Path:
        if kind == "gate" and gate is not None:
            return gate
        if kind == "score" and score is not None:
            return score
        if single is None:
            raise RuntimeError(f"data/demo has no ballots_{kind}.csv (nor ballots.csv)")
        return _split_ballots(single, kind)

    def enter(kind: str) -> None:
        report = import_ballots(project, state["code"], state["key"], ballots(kind))
        if report.errors:
            raise RuntimeError(f"demo {kind} ballots have bad rows: {[str(e) for e in report.errors[:5]]}")

    def gate_step() -> None:
        if people is not None:
            register_participants(project, state["code"], state["key"], people)
        open_round(project, state["code"], state["key"], 1)
        enter("gate")
        close_round(project, state["code"], state["key"], 1)

    def score_step() -> None:
        open_round(project, state["code"], state["key"], 2)
        enter("score")
        close_round(project, state["code"], state["key"], 2)
        reveal_round(project, state["code"], state["key"], 1)
        reveal_round(project, state["code"], state["key"], 2)
        out = results(project, state["code"])
        unresolved = out["unresolved_ties"]
        for group in unresolved:  # the demo facilitator keeps the PSA order for ties no rule separates
            decide_tie(project, state["code"], state["key"], sorted(group), by="demo")

    def shortlist_step() -> None:
        top = suggest_shortlist(project, state["code"], 5)
        setup = session_setup(project, state["code"])
        text = {i.ref: f"{i.title} {i.description}" for i in setup.items}
        set_shortlist(project, state["code"], state["key"], [{"item": ref, "dmop": dmop_by_fit(text[ref])}
                                                             for ref in top])
        if groups is not None:
            import_workgroups(project, state["code"], state["key"], groups)
        finish_session(project, state["code"], state["key"])

    def open_session_step() -> None:
        created = create_session(project, DEMO_TITLE[0])
        from atlas_qual.store.db import set_meta

        set_meta(project, "demo_open_session", created.code)
        set_meta(project, "demo_open_facilitator_key", created.key)

    return [("gaps", import_step), ("workshop session", session_step), ("gate round", gate_step),
            ("scoring round", score_step), ("shortlist and workgroups", shortlist_step),
            ("open workshop session", open_session_step)]


def _split_ballots(path: Path, kind: str) -> Path:
    """The gate or the scoring rows of a single demo ballot file, as a file of their own (the demo reads ballots
    through the same import a facilitator uses, which sends each row to the round that is open)."""
    import csv
    import tempfile

    table = read_table(path, BALLOT_COLUMNS, ["participant", "item", "criterion", "value"])
    gate_keys = {k.casefold() for k in core.gap_prioritization_config().gate_keys}
    rows = [r for _n, r in table.rows if (r["criterion"].strip().casefold() in gate_keys) == (kind == "gate")]
    target = Path(tempfile.mkdtemp(prefix="aq-demo-")) / f"ballots_{kind}.csv"
    columns = list(table.columns)
    with open(target, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return target


__all__ = [
    "CreatedSession", "ItemInfo", "RoundState", "SessionState", "SessionSetup", "SessionSummary", "Joined",
    "VoteReceipt", "BallotView", "BallotReport", "RowError", "RowErrors",
    "base_url", "page_urls", "create_session", "authorize", "list_sessions", "session_version", "session_state",
    "session_setup", "rename_session", "add_item", "edit_item", "remove_item", "add_gaps_from_file",
    "set_criteria", "set_weights", "set_gates", "set_procedure", "open_round", "close_round", "reveal_round",
    "finish_session", "join_session", "cast_vote", "participant_view", "import_ballots", "register_participants", "results", "decide_tie",
    "suggest_shortlist", "set_shortlist", "add_workgroup_member", "remove_workgroup_member", "import_workgroups",
    "workgroups", "dmops", "institutions", "report_data", "export_workshop_xlsx", "dmop_by_fit", "demo_steps",
]
