"""The rest of the DMOP cycle, pure: recommendations drafted from coded interviews and themes, the learning
workshop's outcome (endorsed recommendations, priorities, who should be responsible, the endorsement of the DMOP),
refinement-log versions, and the actions of an institutionalization plan.

Examples:
    >>> split_recommendations("Tres cosas. Primero, más inspectores con vehículo. "
    ...                       "Segundo, un registro de casos compartido.")
    ['Más inspectores con vehículo.', 'Un registro de casos compartido.']
    >>> next_version(["1.1", "1.2"])
    '1.3'
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from atlas_qual.errors import AtlasQualError

# The item of a learning workshop that asks whether to endorse the DMOP itself for institutionalization.
ENDORSEMENT_REF = "ENDORSE"
REC_REF_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}")
PLAN_STATUSES = ("draft", "submitted", "approved")
RECOMMENDATION_STATUSES = ("proposed", "endorsed", "rejected")
# Candidate recommendations this similar (cosine of their terms) are one recommendation said twice.
MERGE_THRESHOLD = 0.45
MIN_WORDS = 4
MAX_DRAFTS = 20
TEXT_MAX = 300

_ENUMERATOR = re.compile(
    r"^(?:y\s+|and\s+|además,?\s+|also,?\s+|por último,?\s+|finally,?\s+|lastly,?\s+)?"
    r"(?:primero|segundo|tercero|cuarto|quinto|en primer lugar|en segundo lugar|en tercer lugar|"
    r"first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|uno|dos|tres|cuatro|\d+[.)])\s*[,:.)-]?\s*",
    re.I)
_LEAD_IN = re.compile(r"^(?:y|and|además|also|por último|finally|lastly)\s*,?\s+", re.I)
# A sentence that only announces a list ("Tres cosas.", "Two things:") is not a recommendation.
_ANNOUNCE = re.compile(r"^(?:(?:dos|tres|cuatro|cinco|two|three|four|five|varias|algunas|some|several)\s+"
                       r"(?:cosas|puntos|things|points|recomendaciones|recommendations))\s*[.:]?$", re.I)
# Sentences that explain or set a condition ("Si no se aprueba, se cae.") give the reason, not the recommendation.
_EXPLAINS = re.compile(r"^(?:si|porque|ya que|pues|es que|o sea|if|because|since|otherwise|de lo contrario)\b",
                       re.I)
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[¿¡\"«“(]?[A-ZÁÉÍÓÚÑÜ0-9])")


def _t(key: str, **params: object) -> str:
    from atlas_qual.i18n import t

    return t(key, **params)


def split_recommendations(text: str, lang: str = "es") -> list[str]:
    """The recommendations said in one coded turn: one per sentence, list markers ("Primero,", "Y cuarto,") and
    announcements ("Tres cosas.") removed; questions, conditions and explanations ("Si no...", "Porque...") and
    sentences under ``MIN_WORDS`` words dropped.

    Examples:
        >>> split_recommendations("Que haya más inspectores. Si no, se cae. Y que la ficha única se haga digital. "
        ...                       "¿Se entiende?")
        ['Que haya más inspectores.', 'Que la ficha única se haga digital.']
    """
    out = []
    for sentence in _SENTENCE.split(" ".join(str(text or "").split())):
        s = sentence.strip()
        if not s or s.endswith("?") or _ANNOUNCE.match(s):
            continue
        s = _ENUMERATOR.sub("", s, count=1)
        s = _LEAD_IN.sub("", s, count=1).strip()
        if len(re.findall(r"\w+", s)) < MIN_WORDS or _EXPLAINS.match(s):
            continue
        out.append(s[0].upper() + s[1:])
    return out


@dataclass(frozen=True)
class SourceSegment:
    """A coded segment a recommendation may come from: its id, (redacted) text, who said it (pseudonym) and where."""

    segment_id: int
    text: str
    pseudonym: str = ""
    territory: str = ""
    transcript_id: int | None = None
    lang: str = "es"


@dataclass(frozen=True)
class ThemeSource:
    """A stored theme over recommendation segments: its label (the analyst's when renamed) and its segments."""

    theme_id: int
    label: str
    segment_ids: tuple[int, ...] = ()
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """A recommendation drafted for the facilitator to edit: text, where it came from (``codings`` or ``theme``),
    the segments and interviews behind it."""

    text: str
    source: str
    segment_ids: tuple[int, ...] = ()
    interviews: int = 0
    theme_id: int | None = None
    said_by: tuple[str, ...] = ()

    def source_text(self) -> str:
        """What ``Recommendation.source`` stores: ``codings: segments 12, 40 (INS-AP-01, FIS-AC-02)`` or
        ``theme 3: segments ...``."""
        head = "codings" if self.theme_id is None else f"theme {self.theme_id}"
        segments = ", ".join(str(i) for i in self.segment_ids)
        people = f" ({', '.join(self.said_by)})" if self.said_by else ""
        return f"{head}: segments {segments}{people}"


def draft_recommendations(
    segments: Sequence[SourceSegment],
    themes: Sequence[ThemeSource] = (),
    *,
    max_items: int = MAX_DRAFTS,
    threshold: float = MERGE_THRESHOLD,
) -> list[Draft]:
    """Draft the recommendations of an evaluation from its coded segments (and its stored themes).

    Each segment is split into sentences (:func:`split_recommendations`); sentences whose terms (spaCy lemmas, see
    :func:`atlas_qual.bok.terms`) have cosine >= ``threshold`` with a draft's first sentence join that draft, so a
    recommendation made in several interviews appears once, counted for each. Themes (labels an analyst named)
    come first as drafts of their own. Drafts are ordered by themes, then by interviews behind them (most first),
    then by first appearance; at most ``max_items``. Deterministic.

    Examples:
        >>> segs = [SourceSegment(1, "Primero, más inspectores con vehículo propio. Segundo, un registro único "
        ...                           "de casos compartido.", "A"),
        ...         SourceSegment(2, "Necesitamos más inspectores y un vehículo propio para la inspección.", "B")]
        >>> [(d.text, d.interviews) for d in draft_recommendations(segs)]
        [('Más inspectores con vehículo propio.', 2), ('Un registro único de casos compartido.', 1)]
    """
    from atlas_qual.bok import cosine, terms, tfidf

    candidates: list[tuple[str, SourceSegment]] = []
    for seg in segments:
        for sentence in split_recommendations(seg.text, seg.lang):
            candidates.append((sentence, seg))
    vectors = tfidf([list(terms(text, seg.lang if seg.lang in ("es", "en") else "es")) for text, seg in candidates])
    groups: list[dict] = []
    for (text, seg), vec in zip(candidates, vectors):
        target = None
        for group in groups:
            if group["lang"] == seg.lang and cosine(group["vector"], vec) >= threshold:
                target = group
                break
        if target is None:
            target = {"text": text, "vector": vec, "lang": seg.lang, "segments": [], "people": [],
                      "interviews": set(), "order": len(groups)}
            groups.append(target)
        if seg.segment_id not in target["segments"]:
            target["segments"].append(seg.segment_id)
        if seg.pseudonym and seg.pseudonym not in target["people"]:
            target["people"].append(seg.pseudonym)
        target["interviews"].add(seg.transcript_id if seg.transcript_id is not None else f"s{seg.segment_id}")
    drafts = [Draft(text=th.label.strip()[:TEXT_MAX], source="theme", segment_ids=tuple(th.segment_ids),
                    interviews=0, theme_id=th.theme_id) for th in themes if th.label.strip()]
    groups.sort(key=lambda g: (-len(g["interviews"]), g["order"]))
    for g in groups:
        drafts.append(Draft(text=g["text"][:TEXT_MAX], source="codings", segment_ids=tuple(g["segments"]),
                            interviews=len(g["interviews"]), said_by=tuple(g["people"])))
    seen: set[str] = set()
    unique = []
    for d in drafts:
        key = re.sub(r"\W+", " ", d.text.casefold()).strip()
        if key in seen:
            continue
        seen.add(key)
        unique.append(d)
    return unique[:max(int(max_items), 0)]


def next_ref(existing: Iterable[str], prefix: str = "R") -> str:
    """The next free recommendation ref: R01, R02 ... (refs in any case count as taken).

    Examples:
        >>> next_ref(["R01", "r02", "X"])
        'R03'
    """
    taken = {e.casefold() for e in existing}
    n = 1
    while f"{prefix}{n:02d}".casefold() in taken:
        n += 1
    return f"{prefix}{n:02d}"


def check_recommendation_ref(ref: str) -> str:
    """A facilitator-given ref, checked (``ENDORSE`` is reserved for the endorsement item)."""
    ref = str(ref or "").strip()
    if not REC_REF_RE.fullmatch(ref):
        raise AtlasQualError("cycle_bad_rec_ref", ref=ref)
    if ref.casefold() == ENDORSEMENT_REF.casefold():
        raise AtlasQualError("cycle_reserved_ref", ref=ref)
    return ref


# --------------------------------------------------------------------------------------------------------------------
# Learning workshop outcome
# --------------------------------------------------------------------------------------------------------------------


def responsible_proposals(details: Iterable[Sequence[str]]) -> list[tuple[str, int]]:
    """Who participants proposed as responsible (the detail of their "yes" votes), most proposed first; names
    compared ignoring case and spaces, shown as first written.

    Examples:
        >>> responsible_proposals([["MTESS"], ["mtess", "MP"], ["MP"], ["MINNA"]])
        [('MP', 2), ('MTESS', 2), ('MINNA', 1)]
    """
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for detail in details:
        for entry in detail or ():
            name = " ".join(str(entry).split())
            if not name:
                continue
            key = name.casefold()
            shown.setdefault(key, name)
            counts[key] += 1
    return sorted(((shown[k], n) for k, n in counts.items()), key=lambda kv: (-kv[1], kv[0].casefold()))


@dataclass(frozen=True)
class ItemOutcome:
    """One recommendation after the learning workshop: endorsed or not (majority), the yes count, its priority
    (weighted mean 1-5 among those who scored it), rank, and who participants proposed as responsible."""

    ref: str
    text: str
    endorsed: bool
    yes: int
    voters: int
    priority: float | None = None
    median: float | None = None
    iqr: float | None = None
    scored_by: int = 0
    rank: int | None = None
    proposals: tuple[tuple[str, int], ...] = ()

    @property
    def yes_share(self) -> float | None:
        return None if not self.voters else self.yes / self.voters

    def to_dict(self) -> dict:
        return {"ref": self.ref, "text": self.text, "endorsed": self.endorsed, "yes": self.yes,
                "voters": self.voters, "yes_share": None if self.yes_share is None else round(self.yes_share, 4),
                "priority": self.priority, "median": self.median, "iqr": self.iqr, "scored_by": self.scored_by,
                "rank": self.rank, "proposals": [list(p) for p in self.proposals]}


@dataclass(frozen=True)
class LearningOutcome:
    """What a learning workshop decided: the outcome per recommendation (course of action: endorsed ones by
    priority) and, when the session asked it, the endorsement of the DMOP for institutionalization."""

    session: str
    dmop: str
    participants: int
    items: tuple[ItemOutcome, ...]
    endorsement: ItemOutcome | None = None
    kendall_w: float | None = None

    @property
    def course_of_action(self) -> tuple[ItemOutcome, ...]:
        """The endorsed recommendations, highest priority first (unscored ones last, by ref)."""
        endorsed = [i for i in self.items if i.endorsed]
        return tuple(sorted(endorsed, key=lambda i: (i.rank is None, i.rank or 0, i.ref)))

    @property
    def dmop_endorsed(self) -> bool | None:
        return None if self.endorsement is None else self.endorsement.endorsed

    def to_dict(self) -> dict:
        return {"session": self.session, "dmop": self.dmop, "participants": self.participants,
                "kendall_w": self.kendall_w, "items": [i.to_dict() for i in self.items],
                "course_of_action": [i.ref for i in self.course_of_action],
                "endorsement": None if self.endorsement is None else self.endorsement.to_dict(),
                "dmop_endorsed": self.dmop_endorsed}


def learning_outcome(results: Mapping, dmop: str, proposals: Mapping[str, Sequence[tuple[str, int]]] | None = None
                     ) -> LearningOutcome:
    """Read a learning session's results (``workshop.session_results`` / ``store.workshop.results``) as the
    workshop's decisions. A recommendation is endorsed when it qualifies under the session's rule (majority yes on
    "endorse"); the item ``ENDORSEMENT_REF`` is the vote on the DMOP itself, kept apart from the course of action.

    Examples:
        >>> from atlas_qual import workshop as w
        >>> cfg = w.learning_workshop_config()
        >>> votes = [w.GateVote(p, r, "endorse", v) for p, r, v in
        ...          [("a", "R01", True), ("b", "R01", True), ("a", "ENDORSE", True), ("b", "ENDORSE", False),
        ...           ("c", "ENDORSE", True)]]
        >>> res = w.session_results("ABC234", [("R01", "Más inspectores"), ("ENDORSE", "DMOP")], votes,
        ...                         [w.ScoreVote("a", "R01", "priority", 5)], cfg)
        >>> out = learning_outcome(res, "MAUEP")
        >>> [i.ref for i in out.course_of_action], out.dmop_endorsed, out.endorsement.yes
        (['R01'], True, 2)
    """
    proposals = proposals or {}
    items = []
    endorsement = None
    for g in results.get("gaps", ()):
        voters = int(g.get("gate_n") or 0)
        share = (g.get("yes_share") or {}).get("endorse")
        yes = int(round(share * voters)) if share is not None else 0
        outcome = ItemOutcome(ref=g["id"], text=g.get("title", ""), endorsed=bool(g.get("qualifies")), yes=yes,
                              voters=voters, priority=g.get("score"), median=g.get("median"), iqr=g.get("iqr"),
                              scored_by=int(g.get("n") or 0), rank=g.get("rank"),
                              proposals=tuple(tuple(p) for p in proposals.get(g["id"], ())))
        if g["id"].casefold() == ENDORSEMENT_REF.casefold():
            endorsement = outcome
        else:
            items.append(outcome)
    return LearningOutcome(session=str(results.get("session", "")), dmop=dmop,
                           participants=int(results.get("participants") or 0), items=tuple(items),
                           endorsement=endorsement, kendall_w=results.get("kendall_w"))


# --------------------------------------------------------------------------------------------------------------------
# Refinement log and plan actions
# --------------------------------------------------------------------------------------------------------------------


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text)) or (0,)


def next_version(existing: Iterable[str]) -> str:
    """The next minor version after the highest of ``existing`` ("1.2" -> "1.3"); the pilot model is 1.0, so the
    first refinement is 1.1.

    Examples:
        >>> next_version([]), next_version(["1.9", "1.10"]), next_version(["2"])
        ('1.1', '1.11', '2.1')
    """
    versions = [v for v in existing if re.search(r"\d", v or "")]
    if not versions:
        return "1.1"
    top = max(versions, key=_version_key)
    parts = list(_version_key(top))
    if len(parts) == 1:
        parts.append(0)
    parts[-1] += 1
    return ".".join(str(p) for p in parts)


def parse_day(value: object, *, what: str = "date") -> dt.date:
    """A date from ISO (2025-03-14), 14/03/2025, or a ``date``; ``AtlasQualError("cycle_bad_date")`` otherwise.

    Examples:
        >>> parse_day("14/03/2025"), parse_day("2025-03-14")
        (datetime.date(2025, 3, 14), datetime.date(2025, 3, 14))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise AtlasQualError("cycle_bad_date", value=text, what=what)


# The phase a DMOP must have reached before it can enter each phase (on or before that day). A learning workshop
# may endorse the model as piloted, so a sustainability plan needs the evaluation, not a refinement.
PHASE_REQUIRES = {"pilot": "development", "evaluated": "pilot", "refined": "evaluated",
                  "sustainability_plan": "evaluated", "institutionalized": "sustainability_plan"}


def check_not_future(day: dt.date, today: dt.date, *, what: str = "date") -> dt.date:
    """A cycle record says what happened: a day after ``today`` is a typo (2052 for 2025), refused naming it.

    Examples:
        >>> check_not_future(dt.date(2025, 8, 29), dt.date(2026, 1, 1))
        datetime.date(2025, 8, 29)
    """
    if day > today:
        raise CycleDateError("cycle_date_in_future", what=what, day=day, today=today)
    return day


class CycleDateError(AtlasQualError):
    """A refused cycle date or phase, written in the language it is read in: dates (``datetime.date`` parameters)
    in the reader's format and phases (parameters ``phase`` and ``required``) by their translated names."""

    def message(self, lang: str | None = None) -> str:
        from atlas_qual.i18n import fmt_date, t

        params = {k: fmt_date(v, lang) if isinstance(v, dt.date) else
                  t(f"phase_{v}", lang=lang) if k in ("phase", "required") else v for k, v in self.params.items()}
        return t(self.key, lang=lang, **params)


def check_phase_order(history: Iterable[tuple[str, dt.date]], dmop: str, phase: str, day: dt.date, *,
                      strict: bool = True) -> None:
    """Refuse a phase change the DMOP's history contradicts, saying why: entering ``phase`` on ``day`` needs the
    phase before it (:data:`PHASE_REQUIRES`) reached on or before that day. ``history``: the DMOP's recorded
    (phase, day) changes. A phase reached only later ("institutionalized" on 01/01/2024, piloted on 16/09/2024) is
    always refused; a phase never recorded is refused only when ``strict`` (a phase recorded by hand; a refinement
    or a learning workshop logged without a recorded pilot keeps its own evidence). Going back (the refined model
    piloted again) is allowed. Development needs nothing: a DMOP starts in it.

    Examples:
        >>> history = [("development", dt.date(2024, 7, 1)), ("pilot", dt.date(2024, 9, 16))]
        >>> check_phase_order(history, "CR", "evaluated", dt.date(2025, 6, 20))
        >>> try:
        ...     check_phase_order(history, "CR", "institutionalized", dt.date(2025, 6, 20))
        ... except AtlasQualError as exc:
        ...     print(exc.key)
        cycle_phase_needs
    """
    from atlas_qual.indicators import phase_index

    required = PHASE_REQUIRES.get(phase)
    if required is None:
        return
    history = [(p, d) for p, d in history]
    if required == "development":
        starts = [d for p, d in history if p == "development"]
        if starts and min(starts) > day:
            raise CycleDateError("cycle_phase_too_early", dmop=dmop, phase=phase, day=day, required=required,
                                 reached=min(starts))
        return
    reached = [d for p, d in history if phase_index(p) >= phase_index(required)]
    if any(d <= day for d in reached):
        return
    if reached:
        raise CycleDateError("cycle_phase_too_early", dmop=dmop, phase=phase, day=day, required=required,
                             reached=min(reached))
    if strict:
        raise CycleDateError("cycle_phase_needs", dmop=dmop, phase=phase, day=day, required=required,
                             required_id=required)


def check_version_dates(log: Iterable[tuple[str, dt.date]], version: str, day: dt.date, dmop: str) -> None:
    """A refinement log reads forward: a later version dated before an earlier one (or an earlier version after a
    later one) is a wrong date, refused naming the version it contradicts.

    Examples:
        >>> check_version_dates([("1.1", dt.date(2025, 8, 1))], "1.2", dt.date(2025, 9, 1), "MAUEP")
        >>> try:
        ...     check_version_dates([("1.1", dt.date(2025, 8, 1))], "1.2", dt.date(2025, 7, 1), "MAUEP")
        ... except AtlasQualError as exc:
        ...     print(exc.key)
        cycle_version_date_order
    """
    mine = _version_key(version)
    for other, other_day in log:
        theirs = _version_key(other)
        if (theirs < mine and other_day > day) or (theirs > mine and other_day < day):
            raise CycleDateError("cycle_version_date_order", dmop=dmop, version=version, day=day, other=other,
                                 other_day=other_day)


def is_machine_draft(source: str) -> bool:
    """Whether a recommendation's text is still the machine's draft (drafted from codings or a theme and never
    edited or confirmed by a person), as every output marks it.

    Examples:
        >>> is_machine_draft("codings: segments 16 (INS-AP-01)"), is_machine_draft("theme 3: segments 4 (edited)")
        (True, False)
        >>> is_machine_draft("facilitator")
        False
    """
    text = (source or "").strip()
    return text.startswith(("codings", "theme")) and not text.endswith("(edited)")


def fmt_period(text: str, lang: str | None = None) -> str:
    """A plan timeline point as the reader writes it: "2026-06" -> "junio de 2026"; a day -> "15 jun. 2026".

    Examples:
        >>> fmt_period("2026-06", "es"), fmt_period("2026-06-15", "en"), fmt_period("", "es")
        ('junio de 2026', 'Jun 15, 2026', '')
    """
    from atlas_qual.i18n import fmt_date

    text = str(text or "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if not m:
        return text
    if m.group(3):
        return fmt_date(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), lang)
    return fmt_date(dt.date(int(m.group(1)), int(m.group(2)), 1), lang, "month")


def parse_period(value: object, *, end: bool = False) -> str:
    """A plan timeline point as ``YYYY-MM`` or ``YYYY-MM-DD`` (also ``MM/YYYY`` or ``DD/MM/YYYY``); "" when blank.

    Examples:
        >>> parse_period("03/2026"), parse_period("2026-3"), parse_period("")
        ('2026-03', '2026-03', '')
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value or "").strip()
    if not text:
        return ""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text) or None
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    else:
        m = re.fullmatch(r"(\d{1,2})/(\d{4})", text)
        if m:
            year, month = int(m.group(2)), int(m.group(1))
        else:
            try:
                return parse_day(text, what="timeline").isoformat()
            except AtlasQualError:
                raise AtlasQualError("cycle_bad_period", value=text) from None
    if not 1 <= month <= 12:
        raise AtlasQualError("cycle_bad_period", value=text)
    return f"{year:04d}-{month:02d}"


def _period_start(text: str) -> str:
    return text if len(text) == 10 else f"{text}-01"


@dataclass(frozen=True)
class PlanAction:
    """One action of an institutionalization plan: what, which institution is responsible, from when to when."""

    action: str
    institution: str = ""
    start: str = ""
    end: str = ""

    def to_dict(self) -> dict:
        return {"action": self.action, "institution": self.institution, "start": self.start, "end": self.end}


def check_actions(rows: Iterable[Mapping[str, object]], resolve_institution=None) -> tuple[PlanAction, ...]:
    """Validate plan actions (``action`` required; ``institution`` resolved by ``resolve_institution`` when given;
    ``start``/``end`` as :func:`parse_period`, end not before start). Raises ``AtlasQualError("cycle_bad_actions")``
    naming every bad action by its number.

    Examples:
        >>> check_actions([{"action": "Aprobar la ruta por resolución", "institution": "MTESS",
        ...                 "start": "2026-01", "end": "2026-03"}])[0].end
        '2026-03'
    """
    out = []
    problems = []
    for number, row in enumerate(rows, start=1):
        text = " ".join(str(row.get("action") or "").split())
        institution = str(row.get("institution") or "").strip()
        try:
            if not text:
                raise AtlasQualError("cycle_action_no_text")
            if institution and resolve_institution is not None:
                institution = resolve_institution(institution)
            start = parse_period(row.get("start"))
            end = parse_period(row.get("end"), end=True)
            if start and end and _period_start(end) < _period_start(start):
                raise AtlasQualError("cycle_action_end_before_start", start=start, end=end)
        except AtlasQualError as exc:
            problems.append(_t("cycle_action_problem", number=number, problem=exc.message().rstrip(".")))
            continue
        out.append(PlanAction(text, institution, start, end))
    if problems:
        raise AtlasQualError("cycle_bad_actions", problems="; ".join(problems))
    return tuple(out)


def timeline(actions: Sequence[PlanAction]) -> tuple[str, str]:
    """The first start and the last end of a plan's actions ("" when none is dated).

    Examples:
        >>> timeline([PlanAction("a", start="2026-02", end="2026-06"), PlanAction("b", start="2026-01")])
        ('2026-01', '2026-06')
    """
    starts = [a.start for a in actions if a.start]
    ends = [a.end or a.start for a in actions if a.end or a.start]
    return (min(starts, key=_period_start) if starts else "", max(ends, key=_period_start) if ends else "")


__all__ = ["ENDORSEMENT_REF", "PLAN_STATUSES", "RECOMMENDATION_STATUSES", "SourceSegment", "ThemeSource", "Draft",
           "ItemOutcome", "LearningOutcome", "PlanAction", "split_recommendations", "draft_recommendations",
           "next_ref", "check_recommendation_ref", "responsible_proposals", "learning_outcome", "next_version",
           "parse_day", "parse_period", "check_actions", "timeline", "PHASE_REQUIRES", "check_not_future",
           "check_phase_order", "check_version_dates", "is_machine_draft", "fmt_period", "CycleDateError"]
