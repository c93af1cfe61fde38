"""The workshop decision engine: gate screening, weighted scoring, ranking with a logged tie-break chain, consensus.

Pure and generic: a session has a kind, items (gaps, recommendations...), yes/no gate questions joined by a rule,
and weighted scoring criteria. The gap prioritization (gates C1-C3, rule ``(C1 or C2) and C3``) and the learning
workshop (endorse yes/no, priority 1-5) are two configurations of it. No database, no widgets: votes in, results out.

Examples:
    >>> config = gap_prioritization_config()
    >>> votes = [GateVote("p1", "G01", "C1", True), GateVote("p1", "G01", "C2", False),
    ...          GateVote("p1", "G01", "C3", True)]
    >>> gate_results(votes, ["G01"], config)["G01"].qualifies
    True
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from atlas_qual.errors import AtlasQualError, VoteRejected

__all__ = [
    "KINDS",
    "PROCEDURES",
    "TIE_BREAK_RULES",
    "JOIN_CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "GateQuestion",
    "ScoringCriterion",
    "SessionConfig",
    "gap_prioritization_config",
    "learning_workshop_config",
    "default_config",
    "Rule",
    "parse_rule",
    "parse_gate_answer",
    "GateVote",
    "GateOutcome",
    "gate_results",
    "ScoreVote",
    "ItemScore",
    "score_results",
    "quantile",
    "Concordance",
    "concordance",
    "kendall_w",
    "score_concordance",
    "TieBreakDecision",
    "TieBreak",
    "RankRow",
    "Ranking",
    "rank_items",
    "Change",
    "round_change",
    "session_results",
    "new_join_code",
    "normalize_join_code",
    "new_facilitator_key",
    "hash_key",
    "verify_key",
]

KINDS = ("gaps", "learning")
PROCEDURES = ("premise", "conclusion")
# The order in which ties on the weighted score are broken; each name is logged in Ranking.tie_breaks.
TIE_BREAK_RULES = ("median", "iqr", "top_scores", "facilitator")
# Scores that differ by less than this are the same score: weighted means of equal votes can differ in the last bits.
_DECIMALS = 9
_KEY_RE = re.compile(r"[^\W\d]\w*")
_OPERATORS = ("and", "or", "not")


def _same(x: float) -> float:
    return round(x, _DECIMALS)


def _natural_key(item: str) -> tuple:
    """G2 before G10; ids are compared piecewise as text and numbers."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", str(item)))


# --------------------------------------------------------------------------------------------------------------------
# Session configuration
# --------------------------------------------------------------------------------------------------------------------


def _check_key(key: str) -> None:
    if not isinstance(key, str) or not _KEY_RE.fullmatch(key) or key.casefold() in _OPERATORS:
        raise AtlasQualError("workshop_bad_key", name=key)


@dataclass(frozen=True)
class GateQuestion:
    """A yes/no screening question asked for every item (e.g. C1: relevant to coordination).

    Examples:
        >>> GateQuestion("C3", "Se puede abordar durante el proyecto", "Can be done during the project").label("en")
        'Can be done during the project'
    """

    key: str
    label_es: str
    label_en: str

    def __post_init__(self) -> None:
        _check_key(self.key)

    def label(self, lang: str = "es") -> str:
        return self.label_en if lang == "en" else self.label_es


@dataclass(frozen=True)
class ScoringCriterion:
    """A weighted criterion scored on an integer scale ``min``..``max`` (the weight need not sum to 1 with others).

    Examples:
        >>> c = ScoringCriterion("urgency", "Urgencia", "Urgency", 0.3)
        >>> c.check("4"), c.label("es")
        (4.0, 'Urgencia')
    """

    key: str
    label_es: str
    label_en: str
    weight: float
    min: int = 1
    max: int = 5

    def __post_init__(self) -> None:
        _check_key(self.key)
        weight = self.weight
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight <= 0:
            raise AtlasQualError("workshop_bad_weight", name=self.key, weight=weight)
        lo, hi = self.min, self.max
        if any(isinstance(v, bool) or not isinstance(v, int) for v in (lo, hi)) or lo >= hi:
            raise AtlasQualError("workshop_bad_scale", name=self.key, min=lo, max=hi)

    def label(self, lang: str = "es") -> str:
        return self.label_en if lang == "en" else self.label_es

    def check(self, value: object) -> float:
        """The vote ``value`` as a float on this criterion's scale; ``VoteRejected`` when it is not a number in range.

        Text from ballots is accepted, with a decimal comma too ("3,5").
        """
        if isinstance(value, bool):
            raise VoteRejected("workshop_bad_score", name=self.key, value=value, min=self.min, max=self.max)
        if isinstance(value, str):
            try:
                number = float(value.strip().replace(",", "."))
            except ValueError:
                raise VoteRejected(
                    "workshop_bad_score", name=self.key, value=value, min=self.min, max=self.max
                ) from None
        elif isinstance(value, (int, float)):
            number = float(value)
        else:
            raise VoteRejected("workshop_bad_score", name=self.key, value=value, min=self.min, max=self.max)
        if not math.isfinite(number):
            raise VoteRejected("workshop_bad_score", name=self.key, value=value, min=self.min, max=self.max)
        if not self.min <= number <= self.max:
            raise VoteRejected(
                "workshop_score_out_of_range", name=self.key, value=value, min=self.min, max=self.max
            )
        return number


@dataclass(frozen=True)
class SessionConfig:
    """What a session asks: its kind, the gate questions, the rule joining them, and the scoring criteria.

    Keys are unique across gates and criteria (case-insensitive), so a ballot row names either one unambiguously.
    The rule is checked against the gate keys when the config is built.

    Examples:
        >>> config = gap_prioritization_config()
        >>> config.gate_keys, config.rule_keys, round(sum(c.weight for c in config.criteria), 6)
        (('C1', 'C2', 'C3'), ('C1', 'C2', 'C3'), 1.0)
    """

    kind: str
    gates: tuple[GateQuestion, ...]
    rule: str
    criteria: tuple[ScoringCriterion, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "gates", tuple(self.gates))
        object.__setattr__(self, "criteria", tuple(self.criteria))
        if self.kind not in KINDS:
            raise AtlasQualError("workshop_unknown_kind", kind=self.kind, known=", ".join(KINDS))
        if not self.gates:
            raise AtlasQualError("workshop_no_gates")
        if not self.criteria:
            raise AtlasQualError("workshop_no_criteria")
        for cls, group in ((GateQuestion, self.gates), (ScoringCriterion, self.criteria)):
            for entry in group:
                if not isinstance(entry, cls):
                    raise TypeError(f"expected {cls.__name__} objects, got {entry!r}")
        seen: set[str] = set()
        for key in [g.key for g in self.gates] + [c.key for c in self.criteria]:
            if key.casefold() in seen:
                raise AtlasQualError("workshop_duplicate_key", name=key)
            seen.add(key.casefold())
        parse_rule(self.rule, self.gate_keys)  # a bad rule fails when the session is set up, not mid-workshop

    @property
    def gate_keys(self) -> tuple[str, ...]:
        return tuple(g.key for g in self.gates)

    @property
    def criterion_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.criteria)

    @property
    def parsed_rule(self) -> Rule:
        return parse_rule(self.rule, self.gate_keys)

    @property
    def rule_keys(self) -> tuple[str, ...]:
        """The gate keys the rule uses, in gate order (conclusion-based voting needs an answer to each)."""
        used = self.parsed_rule.keys
        return tuple(k for k in self.gate_keys if k in used)

    def gate(self, key: str) -> GateQuestion:
        for g in self.gates:
            if g.key == key:
                return g
        raise KeyError(key)

    def criterion(self, key: str) -> ScoringCriterion:
        for c in self.criteria:
            if c.key == key:
                return c
        raise KeyError(key)

    def resolve_key(self, text: str) -> str:
        """The canonical key of a gate question or criterion typed in any case ("c1" -> "C1").

        Raises ``AtlasQualError("workshop_unknown_question")`` listing the valid keys.
        """
        wanted = str(text).strip().casefold()
        for key in self.gate_keys + self.criterion_keys:
            if key.casefold() == wanted:
                return key
        raise AtlasQualError(
            "workshop_unknown_question", name=text, known=", ".join(self.gate_keys + self.criterion_keys)
        )

    def parse_value(self, key: str, value: object) -> tuple[str, bool | float]:
        """A ballot cell: ``(canonical key, bool)`` for a gate question, ``(canonical key, float)`` for a criterion.

        Examples:
            >>> config = gap_prioritization_config()
            >>> config.parse_value("c2", "Sí"), config.parse_value("impact", "4")
            (('C2', True), ('impact', 4.0))
        """
        canonical = self.resolve_key(key)
        if canonical in self.gate_keys:
            return canonical, parse_gate_answer(value, canonical)
        return canonical, self.criterion(canonical).check(value)

    def to_dict(self) -> dict:
        """A JSON-ready dict (for the store); ``SessionConfig.from_dict`` reads it back."""
        return {
            "kind": self.kind,
            "gates": [{"key": g.key, "label_es": g.label_es, "label_en": g.label_en} for g in self.gates],
            "rule": self.rule,
            "criteria": [
                {"key": c.key, "label_es": c.label_es, "label_en": c.label_en, "weight": c.weight,
                 "min": c.min, "max": c.max}
                for c in self.criteria
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> SessionConfig:
        return cls(
            kind=data["kind"],
            gates=tuple(GateQuestion(**g) for g in data["gates"]),
            rule=data["rule"],
            criteria=tuple(ScoringCriterion(**c) for c in data["criteria"]),
        )

    def criteria_json(self, lang: str = "es") -> list[dict]:
        """The scoring criteria as the CLI prints them: ``[{"id", "label", "weight", "min", "max"}]``."""
        return [
            {"id": c.key, "label": c.label(lang), "weight": c.weight, "min": c.min, "max": c.max}
            for c in self.criteria
        ]


def gap_prioritization_config(
    criteria: Sequence[ScoringCriterion] | None = None,
) -> SessionConfig:
    """The gap-prioritization session: C1, C2, C3 with ``(C1 or C2) and C3``; impact 0.4, feasibility 0.3, urgency 0.3.

    ``criteria`` replaces the default scoring criteria (the facilitator may set their own weights).

    Examples:
        >>> [c.key for c in gap_prioritization_config().criteria]
        ['impact', 'feasibility', 'urgency']
    """
    gates = (
        GateQuestion(
            "C1",
            "La brecha es relevante para mejorar la coordinación entre las instituciones del gobierno que abordan "
            "el trabajo infantil, el trabajo forzoso y la trata de personas (incluidas las instituciones de "
            "aplicación de la ley y las de protección social).",
            "The gap is relevant to improving coordination among government agencies that address CL, FL and HT "
            "(including enforcement institutions and social protection agencies).",
        ),
        GateQuestion(
            "C2",
            "La brecha puede abordarse mediante una de las acciones gubernamentales sugeridas por el USDOL en los "
            "Hallazgos 2018 sobre las peores formas de trabajo infantil.",
            "The gap can be addressed through one of USDOL's suggested government actions in the 2018 Findings on "
            "the Worst Forms of Child Labor.",
        ),
        GateQuestion(
            "C3",
            "La brecha puede abordarse durante la vida del proyecto.",
            "The gap can be addressed during the life of the project.",
        ),
    )
    if criteria is None:
        criteria = (
            ScoringCriterion("impact", "Impacto en la coordinación", "Impact on coordination", 0.4),
            ScoringCriterion("feasibility", "Factibilidad", "Feasibility", 0.3),
            ScoringCriterion("urgency", "Urgencia", "Urgency", 0.3),
        )
    return SessionConfig(kind="gaps", gates=gates, rule="(C1 or C2) and C3", criteria=tuple(criteria))


def learning_workshop_config() -> SessionConfig:
    """The learning workshop: each recommendation is endorsed (yes/no) and given a priority 1-5.

    Examples:
        >>> learning_workshop_config().rule, learning_workshop_config().criteria[0].key
        ('endorse', 'priority')
    """
    return SessionConfig(
        kind="learning",
        gates=(
            GateQuestion(
                "endorse",
                "¿Respalda esta recomendación?",
                "Do you endorse this recommendation?",
            ),
        ),
        rule="endorse",
        criteria=(ScoringCriterion("priority", "Prioridad", "Priority", 1.0),),
    )


def default_config(kind: str) -> SessionConfig:
    """The default configuration of a session kind ("gaps" or "learning")."""
    if kind == "gaps":
        return gap_prioritization_config()
    if kind == "learning":
        return learning_workshop_config()
    raise AtlasQualError("workshop_unknown_kind", kind=kind, known=", ".join(KINDS))


# --------------------------------------------------------------------------------------------------------------------
# Rule language: keys, and, or, not, parentheses. A recursive-descent parser; nothing is ever evaluated as Python.
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    name: str

    def eval(self, answers: Mapping[str, bool]) -> bool:
        return bool(answers[self.name])

    def text(self, outer: int) -> str:
        return self.name


@dataclass(frozen=True)
class _Not:
    operand: object

    def eval(self, answers: Mapping[str, bool]) -> bool:
        return not self.operand.eval(answers)

    def text(self, outer: int) -> str:
        return "not " + self.operand.text(3)


@dataclass(frozen=True)
class _BinOp:
    op: str  # "and" | "or"
    operands: tuple

    def eval(self, answers: Mapping[str, bool]) -> bool:
        values = (o.eval(answers) for o in self.operands)
        return all(values) if self.op == "and" else any(values)

    def text(self, outer: int) -> str:
        level = 2 if self.op == "and" else 1
        body = f" {self.op} ".join(o.text(level) for o in self.operands)
        return f"({body})" if outer > level else body


@dataclass(frozen=True)
class Rule:
    """A parsed gate rule. ``evaluate`` needs an answer for every key the rule uses.

    Examples:
        >>> rule = parse_rule("(C1 or C2) and C3", ["C1", "C2", "C3"])
        >>> rule.evaluate({"C1": False, "C2": True, "C3": True}), str(rule)
        (True, '(C1 or C2) and C3')
    """

    text: str
    keys: frozenset[str]
    _node: object = field(repr=False, compare=False)

    def evaluate(self, answers: Mapping[str, bool]) -> bool:
        missing = sorted(k for k in self.keys if k not in answers)
        if missing:
            raise ValueError(f"rule {self.text!r} needs answers for {missing}")
        return self._node.eval(answers)

    def __str__(self) -> str:
        return self._node.text(0)


def _tokenize(text: str, known: str) -> list[tuple[str, str, int]]:
    """(kind, value, 1-based position) with kind in word, (, ), end."""
    tokens = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append((ch, ch, i + 1))
            i += 1
        else:
            match = _KEY_RE.match(text, i)
            if not match:
                raise AtlasQualError("workshop_rule_bad_char", rule=text, char=ch, position=i + 1, known=known)
            tokens.append(("word", match.group(), i + 1))
            i = match.end()
    tokens.append(("end", "", len(text) + 1))
    return tokens


class _Parser:
    # or_expr := and_expr ("or" and_expr)* ; and_expr := not_expr ("and" not_expr)*
    # not_expr := "not" not_expr | atom ; atom := KEY | "(" or_expr ")"
    def __init__(self, text: str, keys: Sequence[str]) -> None:
        self.text = text
        self.by_fold = {k.casefold(): k for k in keys}
        self.known = ", ".join(keys)
        self.tokens = _tokenize(text, self.known)
        self.i = 0
        self.used: set[str] = set()

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def is_op(self, token: tuple[str, str, int], op: str) -> bool:
        return token[0] == "word" and token[1].casefold() == op

    def parse(self) -> object:
        node = self.or_expr()
        kind, value, pos = self.peek()
        if kind == ")":
            raise AtlasQualError("workshop_rule_unmatched_close", rule=self.text, position=pos)
        if kind != "end":
            raise AtlasQualError(
                "workshop_rule_expected_operator", rule=self.text, position=pos, found=value
            )
        return node

    def or_expr(self) -> object:
        operands = [self.and_expr()]
        while self.is_op(self.peek(), "or"):
            self.i += 1
            operands.append(self.and_expr())
        return operands[0] if len(operands) == 1 else _BinOp("or", tuple(operands))

    def and_expr(self) -> object:
        operands = [self.not_expr()]
        while self.is_op(self.peek(), "and"):
            self.i += 1
            operands.append(self.not_expr())
        return operands[0] if len(operands) == 1 else _BinOp("and", tuple(operands))

    def not_expr(self) -> object:
        if self.is_op(self.peek(), "not"):
            self.i += 1
            return _Not(self.not_expr())
        return self.atom()

    def atom(self) -> object:
        kind, value, pos = self.peek()
        if kind == "end":
            raise AtlasQualError("workshop_rule_ends_early", rule=self.text, known=self.known)
        if kind == "(":
            self.i += 1
            node = self.or_expr()
            if self.peek()[0] != ")":
                if self.peek()[0] == "end":
                    raise AtlasQualError("workshop_rule_unclosed", rule=self.text, position=pos)
                raise AtlasQualError(
                    "workshop_rule_expected_operator", rule=self.text, position=self.peek()[2],
                    found=self.peek()[1],
                )
            self.i += 1
            return node
        if kind == "word" and value.casefold() not in _OPERATORS:
            key = self.by_fold.get(value.casefold())
            if key is None:
                raise AtlasQualError(
                    "workshop_rule_unknown_key", rule=self.text, name=value, position=pos, known=self.known
                )
            self.i += 1
            self.used.add(key)
            return _Key(key)
        raise AtlasQualError("workshop_rule_expected_key", rule=self.text, position=pos, found=value,
                             known=self.known)


def parse_rule(text: str, keys: Iterable[str]) -> Rule:
    """Parse a gate rule over ``keys``: ``and``, ``or``, ``not`` (any case), parentheses; not > and > or.

    Keys match case-insensitively and are stored in their canonical spelling. A bad rule raises
    ``AtlasQualError`` naming the position and what was expected.

    Examples:
        >>> parse_rule("c1 or c2 and not c3", ["C1", "C2", "C3"]).evaluate({"C1": False, "C2": True, "C3": False})
        True
        >>> str(parse_rule("c1 or c2 and not c3", ["C1", "C2", "C3"]))
        'C1 or C2 and not C3'
    """
    keys = list(keys)
    if not isinstance(text, str) or not text.strip():
        raise AtlasQualError("workshop_rule_empty", known=", ".join(keys))
    parser = _Parser(text, keys)
    node = parser.parse()
    return Rule(text=text, keys=frozenset(parser.used), _node=node)


# --------------------------------------------------------------------------------------------------------------------
# Gate round
# --------------------------------------------------------------------------------------------------------------------

_YES = {"yes", "y", "si", "s", "true", "t", "1", "x"}
_NO = {"no", "n", "false", "f", "0"}


def parse_gate_answer(value: object, key: str = "") -> bool:
    """A yes/no answer from a ballot or form: sí/si/yes/y/s/true/1/x or no/n/false/0 (any case, accents ignored).

    Raises ``VoteRejected`` otherwise.

    Examples:
        >>> parse_gate_answer("SÍ"), parse_gate_answer("no"), parse_gate_answer(True)
        (True, False, True)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        folded = "".join(
            ch for ch in unicodedata.normalize("NFD", value.strip().casefold()) if not unicodedata.combining(ch)
        )
        if folded in _YES:
            return True
        if folded in _NO:
            return False
    raise VoteRejected("workshop_bad_gate_answer", name=key, value=value)


@dataclass(frozen=True)
class GateVote:
    """One participant's yes/no answer to one gate question for one item."""

    participant: str
    item: str
    key: str
    value: bool


@dataclass(frozen=True)
class GateOutcome:
    """The gate result of one item under both aggregation procedures.

    - ``yes``/``answered``/``yes_share`` per gate key (share is None when nobody answered that key);
    - ``majority`` per key: strictly more than half of those who answered said yes (a tie is no);
    - ``premise_based``: the rule applied to the per-key majorities;
    - ``conclusion_based``: strictly more than half of the ``n_complete`` participants who answered every key the
      rule uses reach "qualifies" with their own answers (``conclusion_yes`` of them did);
    - ``differs``: the two procedures disagree (the discursive dilemma);
    - ``qualifies``: the outcome of the chosen ``procedure``; ``n``: participants who answered any gate key.
    An item nobody voted on qualifies under neither procedure.
    """

    item: str
    n: int
    yes: dict[str, int]
    answered: dict[str, int]
    yes_share: dict[str, float | None]
    majority: dict[str, bool]
    premise_based: bool
    conclusion_based: bool
    n_complete: int
    conclusion_yes: int
    procedure: str

    @property
    def differs(self) -> bool:
        return self.premise_based != self.conclusion_based

    @property
    def qualifies(self) -> bool:
        return self.premise_based if self.procedure == "premise" else self.conclusion_based


def _check_procedure(procedure: str) -> None:
    if procedure not in PROCEDURES:
        raise AtlasQualError("workshop_unknown_procedure", procedure=procedure)


def _latest(votes: Iterable, items: set[str], keys: set[str]) -> dict[tuple[str, str, str], object]:
    """One value per (item, participant, key): a later vote replaces an earlier one, as re-voting does.

    Votes on items or keys outside the session (a gap removed after voting) are out of scope and left out.
    """
    latest: dict[tuple[str, str, str], object] = {}
    for vote in votes:
        if vote.item in items and vote.key in keys:
            latest[(vote.item, vote.participant, vote.key)] = vote.value
    return latest


def gate_results(
    votes: Iterable[GateVote],
    items: Sequence[str],
    config: SessionConfig,
    procedure: str = "premise",
) -> dict[str, GateOutcome]:
    """Aggregate gate votes per item, premise-based and conclusion-based; ``qualifies`` follows ``procedure``.

    Examples:
        The discursive dilemma: each criterion has a majority, yet no participant's own answers qualify the gap.

        >>> config = gap_prioritization_config()
        >>> answers = {"a": (True, False, False), "b": (True, False, True), "c": (False, False, True)}
        >>> votes = [GateVote(p, "G01", k, v) for p, vals in answers.items() for k, v in zip(("C1", "C2", "C3"), vals)]
        >>> out = gate_results(votes, ["G01"], config)["G01"]
        >>> out.premise_based, out.conclusion_based, out.differs, out.yes["C1"], out.conclusion_yes
        (True, False, True, 2, 1)
    """
    _check_procedure(procedure)
    rule = config.parsed_rule
    rule_keys = config.rule_keys
    gate_keys = config.gate_keys
    latest = _latest(votes, set(items), set(gate_keys))
    per_item: dict[str, dict[str, dict[str, bool]]] = {item: {} for item in items}
    for (item, participant, key), value in latest.items():
        per_item[item].setdefault(participant, {})[key] = bool(value)

    results: dict[str, GateOutcome] = {}
    for item in items:
        ballots = per_item[item]
        yes = {k: sum(1 for b in ballots.values() if b.get(k) is True) for k in gate_keys}
        answered = {k: sum(1 for b in ballots.values() if k in b) for k in gate_keys}
        share = {k: (yes[k] / answered[k] if answered[k] else None) for k in gate_keys}
        # Strict majority: 2 * yes > answered, so a tie (or nobody answering) is "no".
        majority = {k: 2 * yes[k] > answered[k] for k in gate_keys}
        complete = [b for b in ballots.values() if all(k in b for k in rule_keys)]
        conclusion_yes = sum(1 for b in complete if rule.evaluate(b))
        n = len(ballots)
        results[item] = GateOutcome(
            item=item,
            n=n,
            yes=yes,
            answered=answered,
            yes_share=share,
            majority=majority,
            premise_based=bool(n) and rule.evaluate(majority),
            conclusion_based=2 * conclusion_yes > len(complete),
            n_complete=len(complete),
            conclusion_yes=conclusion_yes,
            procedure=procedure,
        )
    return results


# --------------------------------------------------------------------------------------------------------------------
# Scoring round
# --------------------------------------------------------------------------------------------------------------------


def quantile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile with linear interpolation between order statistics (numpy's default "linear" method).

    Position ``h = (n - 1) q`` in the sorted values; the result interpolates between the values at floor(h) and
    ceil(h) (Hyndman & Fan type 7).

    Examples:
        >>> quantile([1, 2, 3, 4], 0.25), quantile([1, 2, 3, 4], 0.5), quantile([5], 0.75)
        (1.75, 2.5, 5.0)
    """
    if not values:
        raise ValueError("quantile of no values")
    if not 0 <= q <= 1:
        raise ValueError(f"q must be within [0, 1], got {q}")
    ordered = sorted(float(v) for v in values)
    h = (len(ordered) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])


@dataclass(frozen=True)
class ScoreVote:
    """One participant's score for one item on one criterion."""

    participant: str
    item: str
    key: str
    value: float


@dataclass(frozen=True)
class ItemScore:
    """The scoring result of one item.

    - ``participant_scores``: each participant's weighted score: the weighted mean of the criteria they scored, with
      the weights renormalised over those criteria (skipping one criterion does not pull the score down);
    - ``score``: the mean of ``participant_scores``; ``median``, ``q1``, ``q3``, ``iqr`` of them (linear quantiles);
    - ``n``: participants who scored at least one criterion; ``top_scores``: individual criterion votes at their
      criterion's scale maximum (e.g. the number of 5s);
    - ``per_criterion``: mean vote per criterion (None if nobody scored it), ``per_criterion_n`` its vote count.
    Every statistic is None when ``n`` is 0.
    """

    item: str
    score: float | None
    median: float | None
    q1: float | None
    q3: float | None
    n: int
    top_scores: int
    per_criterion: dict[str, float | None]
    per_criterion_n: dict[str, int]
    participant_scores: dict[str, float]

    @property
    def iqr(self) -> float | None:
        return None if self.q1 is None or self.q3 is None else self.q3 - self.q1


def score_results(
    votes: Iterable[ScoreVote],
    items: Sequence[str],
    config: SessionConfig,
) -> dict[str, ItemScore]:
    """Weighted scores per item; see ``ItemScore`` for each statistic.

    A value outside its criterion's scale is a ``ValueError`` here: votes are checked when they are cast
    (``ScoringCriterion.check``).

    Examples:
        Participant b skipped urgency, so b's score is (0.4*5 + 0.3*4) / 0.7:

        >>> config = gap_prioritization_config()
        >>> votes = [ScoreVote("a", "G01", "impact", 4), ScoreVote("a", "G01", "feasibility", 4),
        ...          ScoreVote("a", "G01", "urgency", 4), ScoreVote("b", "G01", "impact", 5),
        ...          ScoreVote("b", "G01", "feasibility", 4)]
        >>> s = score_results(votes, ["G01"], config)["G01"]
        >>> round(s.participant_scores["b"], 4), round(s.score, 4), s.n, s.top_scores
        (4.5714, 4.2857, 2, 1)
    """
    criteria = {c.key: c for c in config.criteria}
    latest = _latest(votes, set(items), set(criteria))
    per_item: dict[str, dict[str, dict[str, float]]] = {item: {} for item in items}
    for (item, participant, key), value in latest.items():
        criterion = criteria[key]
        number = float(value)
        if not math.isfinite(number) or not criterion.min <= number <= criterion.max:
            raise ValueError(
                f"score {value!r} of {participant!r} on {item!r}/{key!r} is outside {criterion.min}-{criterion.max}"
            )
        per_item[item].setdefault(participant, {})[key] = number

    results: dict[str, ItemScore] = {}
    for item in items:
        ballots = per_item[item]
        weighted = {
            p: sum(criteria[k].weight * v for k, v in b.items()) / sum(criteria[k].weight for k in b)
            for p, b in ballots.items()
        }
        per_criterion_n = {k: sum(1 for b in ballots.values() if k in b) for k in criteria}
        per_criterion = {
            k: (sum(b[k] for b in ballots.values() if k in b) / per_criterion_n[k] if per_criterion_n[k] else None)
            for k in criteria
        }
        top = sum(1 for b in ballots.values() for k, v in b.items() if v == criteria[k].max)
        values = list(weighted.values())
        results[item] = ItemScore(
            item=item,
            score=sum(values) / len(values) if values else None,
            median=quantile(values, 0.5) if values else None,
            q1=quantile(values, 0.25) if values else None,
            q3=quantile(values, 0.75) if values else None,
            n=len(values),
            top_scores=top,
            per_criterion=per_criterion,
            per_criterion_n=per_criterion_n,
            participant_scores=weighted,
        )
    return results


# --------------------------------------------------------------------------------------------------------------------
# Consensus: Kendall's coefficient of concordance
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Concordance:
    """Kendall's W with the participants it was computed on.

    ``w`` is None when it is undefined: fewer than 2 complete participants or 2 items, or every participant gave
    all items the same score. ``m``: participants used (those with a score for every item); ``n``: items;
    ``dropped``: participants left out because they missed an item.
    """

    w: float | None
    m: int
    n: int
    dropped: int


def _average_ranks(values: Sequence[float]) -> tuple[list[float], float]:
    """Ranks 1..n with ties given their average rank, and the tie term sum(t^3 - t) over groups of ties."""
    n = len(values)
    order = sorted(range(n), key=lambda i: values[i])
    ranks = [0.0] * n
    ties = 0.0
    i = 0
    while i < n:
        j = i
        while j + 1 < n and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        t = j - i + 1
        ties += t**3 - t
        i = j + 1
    return ranks, ties


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def concordance(matrix: Sequence[Sequence[float | None]]) -> Concordance:
    """Kendall's W for a participants x items matrix of scores (or ranks), with the correction for ties.

    Each participant's row is ranked with average ranks for ties (the direction does not matter for W). With ``m``
    participants, ``n`` items, rank sums ``R_i`` and ``T_j = sum(t^3 - t)`` over the tie groups of row j:
    ``W = 12 S / (m^2 (n^3 - n) - m sum_j T_j)`` where ``S = sum_i (R_i - m (n + 1) / 2)^2``.
    Rows with a missing value (None or NaN) are left out; ``m`` counts the rows used.

    Examples:
        >>> concordance([[1, 2, 3], [1, 2, 3], [1, 2, 3]]).w
        1.0
        >>> concordance([[1, 2, 3], [3, 2, 1]]).w
        0.0
    """
    rows = [list(r) for r in matrix]
    n = len(rows[0]) if rows else 0
    if any(len(r) != n for r in rows):
        raise ValueError("every participant's row needs one entry per item")
    complete = [[_same(float(v)) for v in r] for r in rows if not any(_missing(v) for v in r)]
    m = len(complete)
    dropped = len(rows) - m
    if m < 2 or n < 2:
        return Concordance(w=None, m=m, n=n, dropped=dropped)
    rank_sums = [0.0] * n
    ties = 0.0
    for row in complete:
        ranks, t = _average_ranks(row)
        ties += t
        for i, r in enumerate(ranks):
            rank_sums[i] += r
    mean = m * (n + 1) / 2
    s = sum((r - mean) ** 2 for r in rank_sums)
    denominator = m * m * (n**3 - n) - m * ties
    if denominator <= 0:
        return Concordance(w=None, m=m, n=n, dropped=dropped)
    w = 12 * s / denominator
    return Concordance(w=min(1.0, max(0.0, w)), m=m, n=n, dropped=dropped)


def kendall_w(rankings: Sequence[Sequence[float | None]]) -> float | None:
    """Kendall's W (tie-corrected) of a participants x items matrix; None when undefined. See ``concordance``.

    Examples:
        >>> round(kendall_w([[5, 4, 4, 2], [5, 5, 3, 1], [4, 3, 4, 2]]), 6)  # 22/27
        0.814815
    """
    return concordance(rankings).w


def score_concordance(scores: Mapping[str, ItemScore]) -> Concordance:
    """Kendall's W of the participants' weighted scores over the items that have a score.

    Only participants who scored every one of those items count (W needs complete rankings); ``m`` says how many.
    """
    items = [item for item, s in scores.items() if s.score is not None]
    participants = sorted({p for item in items for p in scores[item].participant_scores})
    matrix = [[scores[item].participant_scores.get(p) for item in items] for p in participants]
    return concordance(matrix)


# --------------------------------------------------------------------------------------------------------------------
# Ranking with a logged tie-break chain
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TieBreakDecision:
    """The facilitator's order for items that are still tied after every statistical rule.

    ``items`` are the tied items, ``order`` the same items best first, ``by`` who decided. A decision applies to a
    tied group that is a subset of ``items`` (restricted to that group); a later decision in the sequence wins.
    """

    items: tuple[str, ...]
    order: tuple[str, ...]
    by: str = "facilitator"

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "order", tuple(self.order))
        if len(set(self.order)) != len(self.order) or set(self.order) != set(self.items):
            raise ValueError(f"order {self.order} must list each of the tied items {self.items} once")


@dataclass(frozen=True)
class TieBreak:
    """One logged tie-break step: ``items`` were tied; ``rule`` split them into ``order`` (groups, best first).

    ``values`` gives the rule's value for each group (None for a facilitator decision); ``by`` names who decided a
    facilitator decision. A group of more than one item is still tied after this rule.
    """

    items: tuple[str, ...]
    rule: str
    order: tuple[tuple[str, ...], ...]
    values: tuple[float | None, ...] = ()
    by: str | None = None

    def to_dict(self) -> dict:
        return {
            "items": list(self.items),
            "rule": self.rule,
            "order": [list(group) for group in self.order],
            "values": [None if v is None else round(float(v), 6) for v in self.values],
            "by": self.by,
        }

    def describe(self, lang: str = "es") -> str:
        """One sentence for the facilitator screen and the report.

        Examples:
            >>> TieBreak(("G01", "G02"), "median", (("G02",), ("G01",)), (4.0, 3.5)).describe("en")
            'Tie between G01, G02: broken by higher median (G02 4 > G01 3.5).'
        """
        from atlas_qual.i18n import t

        rule = t(f"workshop_rule_name_{self.rule}", lang=lang)
        if self.rule == "facilitator":
            order = " > ".join(" = ".join(g) for g in self.order)
            if self.by:
                order += "; " + t("workshop_tie_break_by", lang=lang, by=self.by)
        else:
            order = " > ".join(
                f"{' = '.join(group)} {value:g}" for group, value in zip(self.order, self.values)
            )
        return t("workshop_tie_break_text", lang=lang, items=", ".join(self.items), rule=rule, order=order)


@dataclass(frozen=True)
class RankRow:
    """One ranked item. Tied items share ``rank`` (1, 2, 2, 4); ``needs_decision`` flags an unresolved tie."""

    rank: int
    item: str
    score: float
    median: float
    iqr: float
    n: int
    top_scores: int
    needs_decision: bool


@dataclass(frozen=True)
class Ranking:
    """Items best first with the tie-breaks that ordered them.

    ``unresolved``: groups still tied after every rule and any facilitator decision (shown by item id);
    ``unscored``: items nobody scored (not ranked).
    """

    rows: tuple[RankRow, ...]
    tie_breaks: tuple[TieBreak, ...]
    unresolved: tuple[tuple[str, ...], ...]
    unscored: tuple[str, ...]

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(row.item for row in self.rows)

    def rank_of(self, item: str) -> int | None:
        for row in self.rows:
            if row.item == item:
                return row.rank
        return None


# Each statistical tie-break: (rule name, value of an item, True when a higher value ranks first).
_CHAIN = (
    ("median", lambda s: s.median, True),
    ("iqr", lambda s: s.iqr, False),
    ("top_scores", lambda s: float(s.top_scores), True),
)


def _split(
    group: list[str],
    scores: Mapping[str, ItemScore],
    step: int,
    decisions: Sequence[TieBreakDecision],
    log: list[TieBreak],
) -> list[tuple[list[str], bool]]:
    """Order a group tied on everything before ``step``: a list of (subgroup, still tied) best first."""
    if len(group) == 1:
        return [(group, False)]
    if step == len(_CHAIN):
        for decision in reversed(decisions):
            if set(group) <= set(decision.items):
                order = [item for item in decision.order if item in group]
                log.append(
                    TieBreak(
                        items=tuple(sorted(group, key=_natural_key)),
                        rule="facilitator",
                        order=tuple((item,) for item in order),
                        values=tuple(None for _ in order),
                        by=decision.by,
                    )
                )
                return [([item], False) for item in order]
        return [(sorted(group, key=_natural_key), True)]
    name, value_of, higher_first = _CHAIN[step]
    buckets: dict[float, list[str]] = {}
    for item in group:
        buckets.setdefault(_same(value_of(scores[item])), []).append(item)
    keys = sorted(buckets, reverse=higher_first)
    if len(keys) > 1:
        log.append(
            TieBreak(
                items=tuple(sorted(group, key=_natural_key)),
                rule=name,
                order=tuple(tuple(sorted(buckets[k], key=_natural_key)) for k in keys),
                values=tuple(keys),
            )
        )
    ordered: list[tuple[list[str], bool]] = []
    for k in keys:
        ordered.extend(_split(buckets[k], scores, step + 1, decisions, log))
    return ordered


def rank_items(
    scores: Mapping[str, ItemScore],
    decisions: Sequence[TieBreakDecision] = (),
) -> Ranking:
    """Rank items by weighted score, breaking ties by: higher median, lower IQR, more top scores, then a facilitator
    decision. Ties left after that share a rank and are flagged ``needs_decision`` (listed by item id).

    Scores equal to 9 decimals are ties. Every rule that separated items is logged in ``tie_breaks``.

    Examples:
        >>> def s(item, score, median, q1, q3, top):
        ...     return ItemScore(item, score, median, q1, q3, 3, top, {}, {}, {})
        >>> ranking = rank_items({"G01": s("G01", 4.0, 4.0, 3.5, 4.5, 2), "G02": s("G02", 4.0, 4.5, 4.0, 4.5, 1),
        ...                       "G03": s("G03", 3.0, 3.0, 3.0, 3.0, 0)})
        >>> ranking.order, [tb.rule for tb in ranking.tie_breaks]
        (('G02', 'G01', 'G03'), ['median'])
    """
    decisions = tuple(decisions)
    scored = [item for item, s in scores.items() if s.score is not None]
    unscored = tuple(sorted((item for item, s in scores.items() if s.score is None), key=_natural_key))
    by_score: dict[float, list[str]] = {}
    for item in scored:
        by_score.setdefault(_same(scores[item].score), []).append(item)
    log: list[TieBreak] = []
    rows: list[RankRow] = []
    unresolved: list[tuple[str, ...]] = []
    position = 1
    for key in sorted(by_score, reverse=True):
        for group, tied in _split(by_score[key], scores, 0, decisions, log):
            if tied:
                unresolved.append(tuple(group))
            for item in group:
                s = scores[item]
                rows.append(
                    RankRow(
                        rank=position,
                        item=item,
                        score=s.score,
                        median=s.median,
                        iqr=s.iqr,
                        n=s.n,
                        top_scores=s.top_scores,
                        needs_decision=tied,
                    )
                )
            position += len(group)
    return Ranking(rows=tuple(rows), tie_breaks=tuple(log), unresolved=tuple(unresolved), unscored=unscored)


# --------------------------------------------------------------------------------------------------------------------
# Delphi second round
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """How an item moved from the first to the second scoring round (None where a round has no value).

    ``delta_iqr`` below 0 means the group converged on the item.
    """

    item: str
    delta_score: float | None
    delta_iqr: float | None
    rank_before: int | None
    rank_after: int | None

    @property
    def rank_moved(self) -> int | None:
        """Places gained (positive: moved up the ranking)."""
        if self.rank_before is None or self.rank_after is None:
            return None
        return self.rank_before - self.rank_after


def round_change(
    first: Mapping[str, ItemScore],
    second: Mapping[str, ItemScore],
    decisions: Sequence[TieBreakDecision] = (),
) -> dict[str, Change]:
    """Score, IQR and rank changes per item between two scoring rounds (both ranked with ``rank_items``).

    Examples:
        >>> def s(item, score, q1, q3):
        ...     return ItemScore(item, score, score, q1, q3, 3, 0, {}, {}, {})
        >>> before = {"G01": s("G01", 3.0, 2.0, 4.0), "G02": s("G02", 3.5, 3.0, 4.0)}
        >>> after = {"G01": s("G01", 4.0, 3.5, 4.0), "G02": s("G02", 3.5, 3.0, 4.0)}
        >>> c = round_change(before, after)["G01"]
        >>> c.delta_score, c.delta_iqr, c.rank_before, c.rank_after
        (1.0, -1.5, 2, 1)
    """
    rank_first = rank_items(first, decisions)
    rank_second = rank_items(second, decisions)
    items = list(first) + [item for item in second if item not in first]
    changes = {}
    for item in items:
        a, b = first.get(item), second.get(item)
        delta_score = (
            b.score - a.score if a is not None and b is not None and a.score is not None and b.score is not None
            else None
        )
        delta_iqr = (
            b.iqr - a.iqr if a is not None and b is not None and a.iqr is not None and b.iqr is not None else None
        )
        changes[item] = Change(
            item=item,
            delta_score=delta_score,
            delta_iqr=delta_iqr,
            rank_before=rank_first.rank_of(item),
            rank_after=rank_second.rank_of(item),
        )
    return changes


# --------------------------------------------------------------------------------------------------------------------
# The results document (CLI --json, report, facilitator page)
# --------------------------------------------------------------------------------------------------------------------


def _num(value: float | None) -> float | None:
    """A JSON number: finite and rounded for reading, or None (never NaN)."""
    if value is None:
        return None
    value = float(value)
    return round(value, 6) if math.isfinite(value) else None


def session_results(
    session: str,
    items: Sequence[tuple[str, str]],
    gate_votes: Iterable[GateVote],
    score_votes: Iterable[ScoreVote],
    config: SessionConfig,
    procedure: str = "premise",
    decisions: Sequence[TieBreakDecision] = (),
    shortlist: Sequence[str] = (),
    *,
    participants: int | None = None,
) -> dict:
    """The session's results as one JSON-ready dict (DESIGN.md's ``workshop results --json``).

    ``items`` are ``(id, title)`` pairs in display order. Scores count only for items that qualify under
    ``procedure``; the others have ``score``, ``median``, ``iqr``, ``rank`` None and ``n`` 0. ``participants``
    defaults to the number of distinct participants with a vote on any item. Extra keys beyond the contract:
    ``kind``, ``rule``, ``kendall_m`` (participants W was computed on: those who scored every ranked item),
    ``unresolved_ties``, and per item ``gate_n``, ``yes_share``, ``differs``, ``q1``, ``q3``, ``top_scores``,
    ``needs_decision``. The item list is under ``"gaps"`` for every kind (the learning workshop's
    recommendations too), so one reader serves both. No NaN anywhere.

    Examples:
        >>> config = learning_workshop_config()
        >>> votes = [GateVote("a", "R1", "endorse", True), GateVote("b", "R1", "endorse", True)]
        >>> scores = [ScoreVote("a", "R1", "priority", 5), ScoreVote("b", "R1", "priority", 4)]
        >>> out = session_results("ABC234", [("R1", "Train CODENIs")], votes, scores, config)
        >>> out["gaps"][0]["qualifies"], out["gaps"][0]["score"], out["gaps"][0]["rank"], out["kendall_w"]
        (True, 4.5, 1, None)
    """
    _check_procedure(procedure)
    gate_votes = list(gate_votes)
    score_votes = list(score_votes)
    ids = [item_id for item_id, _ in items]
    if len(set(ids)) != len(ids):
        raise ValueError(f"item ids must be unique: {ids}")
    unknown = [s for s in shortlist if s not in ids]
    if unknown:
        raise ValueError(f"shortlisted ids {unknown} are not items of the session")
    gates = gate_results(gate_votes, ids, config, procedure)
    qualifying = [item_id for item_id in ids if gates[item_id].qualifies]
    scores = score_results(score_votes, qualifying, config)
    ranking = rank_items(scores, decisions)
    conc = score_concordance(scores)
    rows = {row.item: row for row in ranking.rows}
    if participants is None:
        id_set = set(ids)
        participants = len({v.participant for v in gate_votes + score_votes if v.item in id_set})

    entries = []
    for item_id, title in items:
        gate = gates[item_id]
        score = scores.get(item_id)
        row = rows.get(item_id)
        entries.append(
            {
                "id": item_id,
                "title": title,
                "qualifies": gate.qualifies,
                "premise_based": gate.premise_based,
                "conclusion_based": gate.conclusion_based,
                "differs": gate.differs,
                "gate_n": gate.n,
                "yes_share": {k: _num(v) for k, v in gate.yes_share.items()},
                "score": _num(score.score) if score else None,
                "median": _num(score.median) if score else None,
                "q1": _num(score.q1) if score else None,
                "q3": _num(score.q3) if score else None,
                "iqr": _num(score.iqr) if score else None,
                "n": score.n if score else 0,
                "top_scores": score.top_scores if score else 0,
                "rank": row.rank if row else None,
                "needs_decision": row.needs_decision if row else False,
            }
        )
    return {
        "session": session,
        "kind": config.kind,
        "rule": str(config.parsed_rule),
        "participants": participants,
        "procedure": procedure,
        "kendall_w": _num(conc.w),
        "kendall_m": conc.m,
        "gaps": entries,
        "tie_breaks": [tb.to_dict() for tb in ranking.tie_breaks],
        "unresolved_ties": [list(group) for group in ranking.unresolved],
        "shortlist": list(shortlist),
    }


# --------------------------------------------------------------------------------------------------------------------
# Join codes and facilitator keys
# --------------------------------------------------------------------------------------------------------------------

# No 0/O or 1/I: read off a projector and typed on a phone, they get confused.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6
# The facilitator key is 192 random bits, so stretching adds no security; a few thousand rounds only keep a
# leaked hash from being a plain SHA-256 while verification stays well under a few milliseconds.
_PBKDF2_ITERATIONS = 2000


def new_join_code() -> str:
    """A random 6-character session code from an alphabet without 0/O/1/I.

    Examples:
        >>> code = new_join_code()
        >>> len(code) == 6 and set(code) <= set(JOIN_CODE_ALPHABET)
        True
    """
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(text: str) -> str:
    """A typed or URL code in canonical form (upper case, spaces and dashes removed); ``AtlasQualError`` if invalid.

    Examples:
        >>> normalize_join_code(" ab3-k9z ")
        'AB3K9Z'
    """
    code = re.sub(r"[\s\-]", "", str(text)).upper()
    if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
        raise AtlasQualError(
            "workshop_bad_join_code", code=text, length=JOIN_CODE_LENGTH, alphabet=JOIN_CODE_ALPHABET
        )
    return code


def new_facilitator_key() -> str:
    """A secret facilitator key (``secrets.token_urlsafe(24)``, 32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def hash_key(key: str, *, iterations: int = _PBKDF2_ITERATIONS) -> str:
    """The stored form of a facilitator key: ``"pbkdf2$<iterations>$<salt hex>$<sha256 hash hex>"``, random salt.

    Examples:
        >>> stored = hash_key("secret")
        >>> stored.startswith("pbkdf2$"), verify_key("secret", stored), verify_key("Secret", stored)
        (True, True, False)
    """
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", key.encode("utf-8"), salt, iterations)
    return f"pbkdf2${iterations}${salt.hex()}${digest.hex()}"


def verify_key(key: str | None, stored: str | None) -> bool:
    """True when ``key`` matches the ``stored`` hash; constant-time comparison; False for a malformed hash."""
    if not key or not stored:
        return False
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != "pbkdf2":
        return False
    try:
        iterations = int(parts[1])
        salt = bytes.fromhex(parts[2])
        expected = bytes.fromhex(parts[3])
    except ValueError:
        return False
    if not 0 < iterations <= 10_000_000:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", key.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(digest, expected)
