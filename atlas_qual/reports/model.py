"""What a report shows, as frozen data: gathered (and redacted) by ``atlas_qual.store.report_data``, written by the
report builders. Building a report from these objects needs no database, so reports are tested on hand-made data.

Examples:
    >>> q = Quote("La ficha única funcionó.", "INS-AP-01", "inspectora de trabajo", "Alto Paraná")
    >>> q.source()
    'INS-AP-01, inspectora de trabajo, Alto Paraná'
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping

from atlas_qual.indicators import Indicator

# the report sections that come from codes under "Evaluación", in report order: (key, code path)
FINDING_CODES = (
    ("strengths", "Evaluación/Fortalezas"),
    ("weaknesses", "Evaluación/Debilidades"),
    ("recommendations", "Evaluación/Recomendaciones"),
    ("challenges", "Evaluación/Desafíos"),
    ("solutions", "Evaluación/Soluciones innovadoras"),
    ("actions", "Evaluación/Acciones realizadas"),
)
COORDINATION_CODE = "Cambio en la coordinación"


@dataclass(frozen=True)
class Quote:
    """A (redacted) quote with who said it: pseudonym, role and territory, never the name."""

    text: str
    pseudonym: str
    role: str = ""
    territory: str = ""
    institution: str = ""
    theme: str = ""
    segment_id: int | None = None
    translation: str = ""  # the analyst's English translation (content's quote_translations)
    language: str = "es"  # the interview's language (es, en, gn, mixed): a quote in another language is marked

    def source(self) -> str:
        return ", ".join(x for x in (self.pseudonym, self.role, self.territory) if x)


@dataclass(frozen=True)
class ThemeSummary:
    """A stored theme as the report shows it: label (the analyst's when renamed), size in scope, terms, quotes."""

    label: str
    size: int
    terms: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    confirmed: bool = False  # an analyst named or confirmed it: else the label is the model's words



@dataclass(frozen=True)
class FindingSection:
    """One code's findings: how many segments and interviews, where, its themes and its quotes."""

    key: str
    code: str
    segments: int = 0
    interviews: int = 0
    by_territory: tuple[tuple[str, int], ...] = ()
    themes: tuple[ThemeSummary, ...] = ()
    quotes: tuple[Quote, ...] = ()
    candidates: tuple[Quote, ...] = ()  # more quotes, most relevant first, for the evaluation questions


@dataclass(frozen=True)
class Interview:
    """An interview's case attributes (display names), pseudonymized."""

    pseudonym: str
    role: str = ""
    institution: str = ""
    territory: str = ""
    mode: str = ""
    date: dt.date | None = None
    changes: frozenset[str] = frozenset()
    coded: bool = False  # a person (not only the auto-coder) coded it: only these count as analysed
    group: str = ""  # the generalised description reports print (institution type + territory by default)
    kind: str = ""  # the institution's type as the report names it (the sample table counts these)

    @property
    def change(self) -> str | None:
        """The one coordination change the interview counts as in tables: an increase when one was coded (as in
        indicator 1), else a decrease, else no change; None when the interview did not address coordination."""
        for change in ("increase", "decrease", "no_change"):
            if change in self.changes:
                return change
        return None


@dataclass(frozen=True)
class Meeting:
    date: dt.date
    territory: str = ""
    title: str = ""
    attendees: int = 0
    institutions: tuple[str, ...] = ()
    topics: str = ""
    challenges: str = ""
    solutions: str = ""
    actions: str = ""


@dataclass(frozen=True)
class CodebookEntry:
    path: str
    name: str
    depth: int
    definition: str = ""


@dataclass(frozen=True)
class PhaseChange:
    phase: str
    date: dt.date | None
    territory: str = ""
    note: str = ""


@dataclass(frozen=True)
class ReachRow:
    month: str
    channel: str
    territory: str
    posts: int
    replications: int
    comments: int
    radio_rating: float | None


@dataclass(frozen=True)
class DmopReportData:
    """Everything the DMOP evaluation report and the learning-workshop handout show, already redacted."""

    lang: str
    dmop_id: str
    dmop_name: str
    dmop_aim: str = ""
    dmop_phase: str = "development"
    territory: str | None = None  # display name when the report covers one territory
    generated: dt.date = field(default_factory=dt.date.today)
    redacted: bool = True
    phases: tuple[PhaseChange, ...] = ()
    interviews: tuple[Interview, ...] = ()
    territories: tuple[str, ...] = ()  # display names, reference order
    coders: int = 0
    codings: int = 0
    codes_used: int = 0
    agreement: Mapping[str, Any] | None = None
    sections: tuple[FindingSection, ...] = ()
    coordination_quotes: tuple[Quote, ...] = ()
    survey_changes: Mapping[str, int] = field(default_factory=dict)
    survey_respondents: int = 0
    meetings: tuple[Meeting, ...] = ()
    attendance_by_institution: tuple[tuple[str, int], ...] = ()
    attendance_by_gender: tuple[tuple[str, int], ...] = ()
    indicators: tuple[Indicator, ...] = ()
    codes_by_territory: tuple[tuple[str, tuple[int, ...]], ...] = ()
    codebook: tuple[CodebookEntry, ...] = ()
    reach: tuple[ReachRow, ...] = ()
    recommendations: tuple[tuple[str, str, str], ...] = ()  # (ref, text, status) recorded for the DMOP
    settings: Mapping[str, str] = field(default_factory=dict)  # project settings (front matter, thresholds)
    content: Mapping[str, Any] = field(default_factory=dict)  # analysts' content (reports.content), drafts merged
    chosen_quotes: Mapping[int, Quote] = field(default_factory=dict)  # quotes the analysts picked, by segment id
    project_indicators: tuple[Indicator, ...] = ()  # the same indicators over every DMOP of the project
    survey_total: int = 0  # survey responses over every DMOP (response rate context)
    acronyms: tuple[tuple[str, str], ...] = ()  # (acronym, name) of the institutions the report names

    @property
    def coded(self) -> int:
        """Interviews a person coded: the only ones the report counts as analysed."""
        return sum(1 for i in self.interviews if i.coded)

    @property
    def coverage(self) -> float:
        return self.coded / len(self.interviews) if self.interviews else 0.0

    @property
    def min_coverage(self) -> float:
        try:
            return float(self.settings.get("report.min_coverage", "0.5"))
        except ValueError:
            return 0.5

    @property
    def incomplete(self) -> bool:
        """Fewer interviews coded than the project's threshold (the cover and the limitations say so)."""
        return self.coverage < self.min_coverage

    def section(self, key: str) -> FindingSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def counts(self, attribute: str) -> list[tuple[str, int]]:
        """Interviews per value of a case attribute (role, institution, territory, mode), most frequent first."""
        counter = Counter(getattr(i, attribute) or "—" for i in self.interviews)
        return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))

    def coordination_counts(self) -> tuple[int, dict[str, int]]:
        """(interviews that addressed coordination, interviews per change), each interview counted once
        (:attr:`Interview.change`), so the counts add up to the total."""
        spoke = [i.change for i in self.interviews if i.change]
        return len(spoke), {c: spoke.count(c) for c in ("increase", "no_change", "decrease")}

    def coordination_by_territory(self) -> list[tuple[str, dict[str, int]]]:
        """Interviews per coordination change in each territory (each interview once), territories in reference
        order; territories where nobody addressed coordination are left out."""
        order = list(self.territories) + sorted({i.territory for i in self.interviews} - set(self.territories))
        rows = []
        for name in order:
            changes = [i.change for i in self.interviews if i.territory == name and i.change]
            if changes:
                rows.append((name, {c: changes.count(c) for c in ("increase", "no_change", "decrease")}))
        return rows

    @property
    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        days = sorted(i.date for i in self.interviews if i.date)
        return (days[0], days[-1]) if days else (None, None)


@dataclass(frozen=True)
class WorkshopReportData:
    """The workshop results report: ``data`` is the store's report document of a session
    (``atlas_qual.store.workshop.report_data``: session, items, rounds, gates, criteria, results, shortlist,
    workgroups, participants), with its free text already redacted."""

    lang: str
    data: Mapping[str, Any]
    redacted: bool = True
    generated: dt.date = field(default_factory=dt.date.today)

    @property
    def session(self) -> Mapping[str, Any]:
        return self.data.get("session", {})

    @property
    def results(self) -> Mapping[str, Any]:
        return self.data.get("results", {})


__all__ = ["FINDING_CODES", "COORDINATION_CODE", "Quote", "ThemeSummary", "FindingSection", "Interview", "Meeting",
           "CodebookEntry", "PhaseChange", "ReachRow", "DmopReportData", "WorkshopReportData"]
