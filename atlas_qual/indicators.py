"""The six reportable indicators of the ATLAS project (domain README), each with its definition, numerator and
denominator, computed from the M&E register (DMOP phase history, effectiveness survey) and coded interviews.

Examples:
    >>> dmops = [DmopRecord("MAUEP", phases=(("pilot", None), ("evaluated", None))), DmopRecord("CR")]
    >>> [(i.number, i.value) for i in compute_indicators(dmops, survey=["increase", "no_change"])]
    [(1, 50.0), (2, 1), (3, 1), (4, 1.0), (5, 0), (6, 0)]
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

from atlas_qual.i18n import has, locale_of, t

PHASES = ("development", "pilot", "evaluated", "refined", "sustainability_plan", "institutionalized")
COORDINATION_CHANGES = ("increase", "no_change", "decrease")
# codebook children of "Cambio en la coordinación" -> the survey's answer values
CODE_TO_CHANGE = {"Aumento": "increase", "Sin cambio": "no_change", "Disminución": "decrease"}


def phase_index(phase: str) -> int:
    """Position of a phase in the DMOP life cycle (development 0 ... institutionalized 5).

    Examples:
        >>> phase_index("refined") > phase_index("pilot")
        True
    """
    try:
        return PHASES.index(phase)
    except ValueError:
        raise ValueError(f"unknown DMOP phase {phase!r}; use one of {PHASES}") from None


@dataclass(frozen=True)
class DmopRecord:
    """What the indicators need about one DMOP: its type, whether it is evidence-based, its phase history
    (``(phase, date or None)`` pairs), its current phase and how many sustainability plans were drafted for it."""

    id: str
    type: str = "DMOP-C"
    evidence_based: bool = True
    phases: tuple[tuple[str, dt.date | None], ...] = ()
    phase: str = "development"
    sustainability_plans: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "phases", tuple((p, d) for p, d in self.phases))
        for p, _d in self.phases:
            phase_index(p)
        phase_index(self.phase)

    def furthest_phase(self, as_of: dt.date | None = None) -> int:
        """Index of the furthest phase reached; with ``as_of`` only the history dated on or before that day counts
        (the current phase has no date, so it is left out)."""
        reached = [phase_index(p) for p, d in self.phases if as_of is None or (d is not None and d <= as_of)]
        if as_of is None:
            reached.append(phase_index(self.phase))
        return max(reached, default=0)

    def reached(self, phase: str, as_of: dt.date | None = None) -> bool:
        return self.furthest_phase(as_of) >= phase_index(phase)

    @property
    def is_coordination_model(self) -> bool:
        return self.type.upper().replace("_", "-") == "DMOP-C"


@dataclass(frozen=True)
class InterviewChange:
    """The coordination changes coded in one interview (a subset of ``COORDINATION_CHANGES``)."""

    interview: str
    changes: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "changes", frozenset(self.changes))
        unknown = self.changes - set(COORDINATION_CHANGES)
        if unknown:
            raise ValueError(f"unknown coordination change(s) {sorted(unknown)}; use {COORDINATION_CHANGES}")


@dataclass(frozen=True)
class Indicator:
    """One indicator's value with the counts behind it.

    ``unit`` is ``percent`` (value 0-100), ``proportion`` (0-1) or ``count``; ``value`` is None when the denominator
    is 0. ``source`` says where the figures come from (``survey``, ``interviews``, ``register``); ``counted`` lists
    what the numerator counted (DMOP ids, or nothing for people).
    """

    number: int
    value: float | int | None
    numerator: int
    denominator: int | None
    unit: str
    source: str
    counted: tuple[str, ...] = ()

    def title(self, lang: str = "es") -> str:
        return t(f"indicator_{self.number}_title", lang=lang)

    def definition(self, lang: str = "es") -> str:
        return t(f"indicator_{self.number}_definition", lang=lang)

    def numerator_text(self, lang: str = "es") -> str:
        suffix = f"_{self.source}" if self.number == 1 else ""
        return t(f"indicator_{self.number}_numerator{suffix}", lang=lang)

    def denominator_text(self, lang: str = "es") -> str:
        if self.number == 1:
            return t(f"indicator_1_denominator_{self.source}", lang=lang)
        key = f"indicator_{self.number}_denominator"
        return t(key, lang=lang)

    def formatted(self, lang: str = "es") -> str:
        """The value as people read it: "62.5 %", "2 of 3 (66.7 %)", "3", or "n/a" (Spanish: "62,5 %").

        Examples:
            >>> Indicator(4, 2 / 3, 2, 3, "proportion", "register").formatted("en")
            '2 of 3 (66.7 %)'
        """
        if self.value is None:
            # a zero denominator is not 0 %: say which denominator is empty (indicator 1: nobody answered the
            # coordination question; 4: no DMOP-C started the pilot)
            key = f"indicator_{self.number}_not_available"
            return t(key if has(key) else "indicator_not_available", lang=lang)

        def decimal(x: float | Decimal) -> str:
            # one decimal, halves rounded up as a spreadsheet's ROUND does (6.25 -> 6.3), with the reader's decimal
            # mark: Spanish and Guaraní (es_PY) write a comma
            text = f"{Decimal(str(x)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}"
            return text.replace(".", ",") if locale_of(lang).startswith("es") else text

        if self.unit == "percent":
            return f"{decimal(self.value)} %"
        if self.unit == "proportion":
            exact = Decimal(100 * self.numerator) / Decimal(self.denominator) if self.denominator \
                else Decimal(str(100 * self.value))
            return t("indicator_proportion", lang=lang, n=self.numerator, d=self.denominator, pct=decimal(exact))
        return str(self.value)

    def to_dict(self, lang: str = "es") -> dict:
        return {
            "number": self.number,
            "title": self.title(lang),
            "definition": self.definition(lang),
            "value": self.value,
            "formatted": self.formatted(lang),
            "numerator": self.numerator,
            "numerator_text": self.numerator_text(lang),
            "denominator": self.denominator,
            "denominator_text": self.denominator_text(lang),
            "unit": self.unit,
            "source": self.source,
            "counted": list(self.counted),
        }


def _ratio(numerator: int, denominator: int, scale: int) -> float | None:
    """``scale * numerator / denominator``: a percentage (scale 100) to one decimal, a proportion (scale 1) to six;
    halves rounded up as the M&E team's spreadsheets do (1 of 16 = 6.25 % -> 6.3, where ``round`` gives 6.2); None
    when the denominator is 0 (shown as "n/a", never 0 %).

    Examples:
        >>> _ratio(1, 16, 100), _ratio(2, 3, 100), _ratio(2, 3, 1), _ratio(0, 0, 100)
        (6.3, 66.7, 0.666667, None)
    """
    if denominator == 0:
        return None
    exact = Decimal(scale * numerator) / Decimal(denominator)
    return float(exact.quantize(Decimal("0.1") if scale != 1 else Decimal("0.000001"), rounding=ROUND_HALF_UP))


def indicator_1(survey: Iterable[str | None] = (), interviews: Iterable[InterviewChange] = ()) -> Indicator:
    """% of stakeholders reporting increased coordination: from the effectiveness survey when any respondent answered
    the coordination question, else from the interviews coded under "Cambio en la coordinación".

    Survey: respondents answering "increase" over respondents who answered the question. Interviews: interviews
    coded "Aumento" over interviews coded with any coordination change (an interview coded both "Aumento" and
    another change counts as reporting an increase).

    Examples:
        >>> indicator_1(["increase", "increase", "decrease", None]).value
        66.7
        >>> indicator_1([], [InterviewChange("a", {"increase"}), InterviewChange("b", {"no_change"})]).source
        'interviews'
    """
    answers = [a for a in survey if a]
    unknown = set(answers) - set(COORDINATION_CHANGES)
    if unknown:
        raise ValueError(f"unknown survey answer(s) {sorted(unknown)}; use {COORDINATION_CHANGES}")
    if answers:
        n = sum(1 for a in answers if a == "increase")
        return Indicator(1, _ratio(n, len(answers), 100), n, len(answers), "percent", "survey")
    spoke = [i for i in interviews if i.changes]
    n = sum(1 for i in spoke if "increase" in i.changes)
    return Indicator(1, _ratio(n, len(spoke), 100), n, len(spoke), "percent", "interviews")


def compute_indicators(
    dmops: Sequence[DmopRecord],
    survey: Iterable[str | None] = (),
    interviews: Iterable[InterviewChange] = (),
    as_of: dt.date | None = None,
) -> tuple[Indicator, ...]:
    """The six indicators. Indicator 1 covers the given survey answers or interviews (the caller filters them to a
    DMOP or territory); 2-6 count the given DMOPs by the furthest phase each reached (``as_of``: by that day):

    2. evidence-based models (any type) whose development finished (reached the pilot);
    3. DMOP-C implemented (reached the pilot);
    4. DMOP-C that completed the pilot (reached "evaluated") over DMOP-C that entered it;
    5. DMOP-C refined after the pilot analysis (reached "refined");
    6. DMOP-C with a sustainability plan (a drafted plan, or reached the "sustainability plan" phase).

    Examples:
        >>> ds = [DmopRecord("A", phases=(("refined", dt.date(2025, 6, 1)),)), DmopRecord("B", phase="pilot")]
        >>> [i.value for i in compute_indicators(ds, as_of=dt.date(2025, 12, 31))[1:]]
        [1, 1, 1.0, 1, 0]
    """
    ind1 = indicator_1(survey, interviews)
    coordination = [d for d in dmops if d.is_coordination_model]

    def ids(items: Iterable[DmopRecord]) -> tuple[str, ...]:
        return tuple(sorted(d.id for d in items))

    developed = ids(d for d in dmops if d.evidence_based and d.reached("pilot", as_of))
    implemented = ids(d for d in coordination if d.reached("pilot", as_of))
    completed = ids(d for d in coordination if d.reached("evaluated", as_of))
    refined = ids(d for d in coordination if d.reached("refined", as_of))
    plans = ids(d for d in coordination if d.sustainability_plans > 0 or d.reached("sustainability_plan", as_of))
    return (
        ind1,
        Indicator(2, len(developed), len(developed), None, "count", "register", developed),
        Indicator(3, len(implemented), len(implemented), None, "count", "register", implemented),
        Indicator(4, _ratio(len(completed), len(implemented), 1), len(completed), len(implemented), "proportion",
                  "register", completed),
        Indicator(5, len(refined), len(refined), None, "count", "register", refined),
        Indicator(6, len(plans), len(plans), None, "count", "register", plans),
    )


def people_by_sex(attendances: Iterable[tuple[str, str | None]]) -> tuple[tuple[str, int], ...]:
    """Meeting attendees by sex, counting people rather than attendances: ``(name, sex)`` per attendance, one row
    per person (same name, accents, case and spacing aside). A person's sex is the one recorded most often for them
    (first recorded on a tie); a person whose sex was never recorded counts under ``"unknown"``, so the total is
    the number of people (the domain's M&E data are "stakeholders attending meetings"). Most people first.

    Examples:
        >>> people_by_sex([("Ana Benítez", "f"), ("ana benitez", ""), ("Luis Paredes", ""), ("Carlos", "m"),
        ...                ("Carlos", "m")])
        (('f', 1), ('m', 1), ('unknown', 1))
    """
    from atlas_qual.text import fold_input

    people: dict[str, Counter] = {}
    for name, sex in attendances:
        recorded = people.setdefault(fold_input(name), Counter())
        if sex:
            recorded[sex] += 1
    by_sex = Counter(c.most_common(1)[0][0] if c else "unknown" for c in people.values())
    return tuple(sorted(by_sex.items(), key=lambda kv: (kv[0] == "unknown", -kv[1], kv[0])))


__all__ = ["PHASES", "COORDINATION_CHANGES", "CODE_TO_CHANGE", "DmopRecord", "InterviewChange", "Indicator",
           "phase_index", "indicator_1", "compute_indicators", "people_by_sex"]
