"""Workshop sessions in the store: create, list, state, setup, and the edits allowed before voting."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from atlas_qual import keys
from atlas_qual import workshop as core
from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.gaps import GapSpec, parse_gap_file, upsert_gaps
from atlas_qual.store.models import (
    Dmop,
    Gap,
    GateQuestion,
    Participant,
    Recommendation,
    Round,
    ScoringCriterion,
    SessionItem,
    WorkshopSession,
)
from atlas_qual.store.workshop.common import (
    ITEM_REF_RE,
    CreatedSession,
    ItemInfo,
    SessionSetup,
    SessionState,
    SessionSummary,
    _check_open_session,
    _clean_text,
    _config,
    _facilitator_write,
    _find_item,
    _gate_round_started,
    _item_info,
    _items,
    _lookup_session,
    _round_states,
    _rounds,
    _scoring_items,
    _scoring_started,
    _write,
    page_urls,
)


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
    if lang not in ("es", "en", "gn"):  # the participants' default language; the page lets each one switch
        raise ValueError(f"lang must be es, en or gn, got {lang!r}")
    config = config or core.default_config(kind)
    if config.kind != kind:
        raise ValueError(f"config is for kind {config.kind!r}, not {kind!r}")
    if procedure not in core.PROCEDURES:
        raise AtlasQualError("workshop_unknown_procedure", procedure=procedure)
    specs = parse_gap_file(gaps_file, gaps_en_file) if gaps_file is not None else None
    key = core.new_facilitator_key()
    key_hash = core.hash_key(key)  # the slow hash before the transaction: it never holds the writer's turn

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
        ws = WorkshopSession(code=code, kind=kind, title=title, key_hash=key_hash, rule=config.rule,
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

    created = _write(project, _create)
    keys.remember(key, key_hash)  # the page that created the session goes on without hashing the key again
    return created


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
    from atlas_qual.store.workshop.keys import check_key

    check_key(project, code, key)


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


def rename_session(project: Project, code: str, key: str | None, title: str) -> None:
    title = _clean_text(title)
    if not title:
        raise AtlasQualError("wsapp_title_required")

    def _do(s: Session, ws: WorkshopSession) -> None:
        ws.title = title

    _facilitator_write(project, code, key, _do)


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


def set_session_lang(project: Project, code: str, key: str | None, lang: str) -> None:
    """Set the language participants' pages open in (``es``, ``en`` or ``gn``); each participant can still switch.

    Examples:
        >>> # set_session_lang(project, "AB3K9Z", key, "gn")
    """
    if lang not in ("es", "en", "gn"):
        raise AtlasQualError("wsapp_bad_lang", lang=lang, known="es, en, gn")

    def _do(s: Session, ws: WorkshopSession) -> None:
        ws.lang = lang

    _facilitator_write(project, code, key, _do)
