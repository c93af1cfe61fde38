"""Workshop configuration: session kinds, gate questions, scoring criteria, and the gate-rule language."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from atlas_qual.errors import AtlasQualError, VoteRejected


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


def rule_text(rule: str, lang: str | None = None) -> str:
    """A gate rule as a person reads it in ``lang``: the operators translated, the keys as they are.

    Examples:
        >>> rule_text("(C1 or C2) and C3", "es")
        '(C1 o C2) y C3'
    """
    from atlas_qual.i18n import t

    return re.sub(r"(?i)\b(and|or|not)\b", lambda m: t(f"workshop_op_{m.group(1).lower()}", lang=lang), str(rule))


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
