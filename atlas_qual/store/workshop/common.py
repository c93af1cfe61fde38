"""Shared internals of the workshop store: session lookup, facilitator check, writer's turn, config, value objects."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, Sequence

try:
    import fcntl
except ImportError:  # Windows: SQLite's own busy handler alone
    fcntl = None

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from atlas_qual import workshop as core
from atlas_qual.errors import AtlasQualError, NotAuthorized
from atlas_qual.store.db import Project
from atlas_qual.store.gaps import RowError, fold
from atlas_qual.store.models import (
    Gap,
    GateQuestion,
    Institution,
    Round,
    ScoringCriterion,
    SessionItem,
    Vote,
    WorkshopSession,
)
from atlas_qual.store.workshop.keys import check_key, key_matches


DEFAULT_BASE_URL = "http://127.0.0.1:8866"
NICKNAME_MAX = 40
TITLE_MAX = 300
ITEM_REF_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}")


def base_url(value: str | None = None) -> str:
    """The address participants use to reach the server: ``value``, else $ATLAS_QUAL_BASE_URL, else localhost."""
    return (value or os.environ.get("ATLAS_QUAL_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def page_urls(code: str, base: str | None = None) -> tuple[str, str]:
    """(participant URL, facilitator URL) of a session. Participants open the kernel-free page ``/p/CODE`` (short
    enough to type from a projector). The facilitator key is in neither: URLs end up in browser history, server
    logs and screenshots of the projector, so the facilitator page asks for the key instead.

    Examples:
        >>> page_urls("AB3K9Z", "http://10.0.0.5:8866")[0]
        'http://10.0.0.5:8866/p/AB3K9Z'
    """
    root = base_url(base)
    return f"{root}/p/{code}", f"{root}/voila/render/facilitator.ipynb?session={code}"


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
    if not key_matches(ws, key):
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
    project.check_writable()  # no lock file in a read-only folder: say why at once
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
        fd = os.open(database + "-write.lock", os.O_RDWR | os.O_CREAT, 0o600)  # owner-only, as the project
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


def _facilitator_write(project: Project, code: str, key: str | None,
                       fn: Callable[[Session, WorkshopSession], Any]) -> Any:
    """Run a facilitator action in one transaction: session looked up, key verified, version bumped."""

    check_key(project, code, key)  # the slow hash and the wrong-key delay, before the writer's turn

    def _do(s: Session) -> Any:
        ws = _facilitator_session(s, code, key)
        result = fn(s, ws)
        _bump(s, ws)
        return result

    return _write(project, _do)


def _find_item(s: Session, ws: WorkshopSession, ref: str) -> SessionItem:
    wanted = str(ref).strip().casefold()
    for item in _item_rows(s, ws):
        if item.ref.casefold() == wanted:
            return item
    raise AtlasQualError("wsapp_unknown_item", item=ref, code=ws.code)


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


def redacted(value: Any, redactor: Callable[[str], str] | None) -> Any:
    """``value`` (a results dict, a list, a string...) with every string passed through ``redactor``: the names listed
    in the project (victims, relatives, officials) never reach a projector, a CLI line or a workbook, whatever field a
    facilitator typed them into. Keys, codes and numbers are left as they are. ``redactor=None``: unchanged.

    Examples:
        >>> redacted({"title": "Caso de Ana", "n": 3, "ids": ["G01"]}, lambda s: s.replace("Ana", "[nombre]"))
        {'title': 'Caso de [nombre]', 'n': 3, 'ids': ['G01']}
    """
    if redactor is None:
        return value
    if isinstance(value, str):
        return redactor(value)
    if isinstance(value, dict):
        return {k: redacted(v, redactor) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redacted(v, redactor) for v in value)
    return value


def workshop_redactor(project: Project, lang: str = "es") -> Callable[[str], str]:
    """The project's redactor (listed names and interviewees), as every other output uses it."""
    from atlas_qual.store.project_redaction import project_redactor

    return project_redactor(project, lang)
