"""Cell values of the M&E register: dates, months, counts, phases, genders, answers and reference ids."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Mapping

from sqlalchemy import select

from atlas_qual.indicators import COORDINATION_CHANGES, PHASES
from atlas_qual.spreadsheet import excel_date
from atlas_qual.store.models import Dmop, Institution, Meeting, Territory
from atlas_qual.store.transcripts import fold

PHASE_ALIASES = {
    "development": "development", "desarrollo": "development",
    "pilot": "pilot", "piloto": "pilot", "pilotaje": "pilot",
    "evaluated": "evaluated", "evaluado": "evaluated", "evaluacion": "evaluated", "evaluation": "evaluated",
    "refined": "refined", "refinado": "refined", "refinamiento": "refined", "refinement": "refined",
    "sustainability plan": "sustainability_plan", "plan de sostenibilidad": "sustainability_plan",
    "sostenibilidad": "sustainability_plan", "plan de institucionalizacion": "sustainability_plan",
    "institutionalized": "institutionalized", "institucionalizado": "institutionalized",
    "institucionalizacion": "institutionalized", "institutionalization": "institutionalized",
}
GENDERS = {"f": "f", "femenino": "f", "femenina": "f", "fem": "f", "mujer": "f", "female": "f", "woman": "f",
           "m": "m", "masculino": "m", "masc": "m", "h": "m", "hombre": "m", "varon": "m", "male": "m", "man": "m",
           "x": "x", "otro": "x", "other": "x", "no binario": "x", "non-binary": "x", "prefiere no decir": "x",
           "prefer not to say": "x"}
# survey answers (folded) starting with one of these -> coordination change; checked in order, so "no change"
# is found before "no" could mean anything else
CHANGE_WORDS = (
    ("no change", "no_change"), ("no_change", "no_change"), ("sin cambio", "no_change"),
    ("ningun cambio", "no_change"), ("no cambio", "no_change"), ("no hubo cambio", "no_change"),
    ("se mantuvo", "no_change"), ("igual", "no_change"), ("same", "no_change"), ("stayed", "no_change"),
    ("unchanged", "no_change"),
    ("aument", "increase"), ("increase", "increase"), ("mejor", "increase"), ("improv", "increase"),
    ("more ", "increase"),
    ("disminu", "decrease"), ("decrease", "decrease"), ("menos", "decrease"), ("empeor", "decrease"),
    ("less", "decrease"), ("worse", "decrease"),
)
# a yes to "did your coordination increase?"
CHANGE_EXACT = {"si": "increase", "yes": "increase", "increase": "increase", "decrease": "decrease"}


class InvalidValue(Exception):
    """A value the register cannot accept; ``key``/``params`` name the problem in the translation table."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params


class _Reference:
    """The project's reference ids, to check what people type (ids, names, accents or not)."""

    def __init__(self, s) -> None:
        self.dmops = {fold(d): d for d in s.scalars(select(Dmop.id))}
        self.territories: dict[str, str] = {}
        self.territory_names: list[str] = []  # as people write them, for "use one of: ..."
        for row in s.scalars(select(Territory)):
            self.territory_names.append(row.name or row.id)
            for alias in (row.id, row.name, row.name_en, row.id.replace("_", " ")):
                self.territories[fold(alias)] = row.id
        if "asuncion_central" in self.territories.values():
            self.territories.setdefault(fold("Asunción"), "asuncion_central")
            self.territories.setdefault(fold("Central"), "asuncion_central")
        self.institutions = {fold(i): i for i in s.scalars(select(Institution.id))}
        self.meetings = {m.ref: m.id for m in s.scalars(select(Meeting)) if m.ref}

    def dmop(self, value: Any, required: bool = False) -> str | None:
        text = _text(value)
        if not text:
            if required:
                raise InvalidValue("register_value_missing")
            return None
        found = self.dmops.get(fold(text))
        if found is None:
            raise InvalidValue("register_value_unknown_dmop", value=text, known=", ".join(sorted(self.dmops.values())))
        return found

    def territory(self, value: Any) -> str | None:
        text = _text(value)
        if not text:
            return None
        found = self.territories.get(fold(text))
        if found is None:
            raise InvalidValue("register_value_unknown_territory", value=text,
                               known=", ".join(sorted(self.territory_names, key=fold)))
        return found

    def institution(self, value: Any) -> str | None:
        text = _text(value)
        if not text:
            return None
        found = self.institutions.get(fold(text))
        if found is None:
            raise InvalidValue("register_value_unknown_institution", value=text,
                           known=", ".join(sorted(self.institutions.values())))
        return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _free_text(value: Any) -> str:
    """Free text keeps its line breaks (each line may be one challenge or solution)."""
    if value is None:
        return ""
    return "\n".join(" ".join(line.split()) for line in str(value).replace("\r", "").split("\n")).strip()


def parse_date(value: Any, required: bool = True) -> dt.date | None:
    """A date from a spreadsheet cell or text: 2025-03-14, 14/03/2025, 14-03-2025, an Excel date, or a form's
    timestamp (14/03/2025 09:41:07).

    Examples:
        >>> parse_date("14/03/2025")
        datetime.date(2025, 3, 14)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    serial = excel_date(value)
    if serial is not None:
        return serial
    text = _text(value)
    if not text:
        if required:
            raise InvalidValue("register_value_missing")
        return None
    # a form's timestamp ("07/03/2025 14:22:10", "2025-03-07T14:22") is the day it was answered
    day = re.split(r"[ T](?=\d{1,2}:\d{2})", text, maxsplit=1)[0]
    # dd/mm/yy is how a Spanish Excel shows a short date (07/12/25): the 20th century never appears in the register
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y"):
        try:
            return dt.datetime.strptime(day, fmt).date()
        except ValueError:
            continue
    raise InvalidValue("register_value_bad_date", value=text)


_MONTHS = {name: n for n, names in enumerate((
    "ene enero jan january", "feb febrero february", "mar marzo march", "abr abril apr april", "may mayo",
    "jun junio june", "jul julio july", "ago agosto aug august", "set sep sept setiembre septiembre september",
    "oct octubre october", "nov noviembre november", "dic diciembre dec december"), start=1) for name in names.split()}


def parse_month(value: Any) -> str:
    """A month as YYYY-MM from 2025-03, 03/2025, 2025-03-01, an Excel date, or its name as a Spanish or English
    spreadsheet shows it (dic-25, setiembre 2025, Dec-25).

    Examples:
        >>> parse_month("3/2025"), parse_month("2025-03-31"), parse_month("dic-25"), parse_month("Setiembre de 2025")
        ('2025-03', '2025-03', '2025-12', '2025-09')
    """
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    text = _text(value)
    if not text:
        raise InvalidValue("register_value_missing")
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})(?:[-/]\d{1,2})?(?: .*)?", text) or None
    named = re.fullmatch(r"([a-z]+)\.?[\s/-]*(?:de\s+|del\s+)?(\d{4}|\d{2})", fold(text))
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    elif named and named.group(1) in _MONTHS:
        # "dic-25" (a Spanish Excel's month format), "setiembre 2025", "Dec-25"
        month, year = _MONTHS[named.group(1)], int(named.group(2))
        year += 2000 if year < 100 else 0
    else:
        m = re.fullmatch(r"(?:\d{1,2}[-/])?(\d{1,2})[-/](\d{4})", text)
        if not m:
            raise InvalidValue("register_value_bad_month", value=text)
        month, year = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise InvalidValue("register_value_bad_month", value=text)
    return f"{year:04d}-{month:02d}"


def parse_count(value: Any) -> int:
    text = _text(value)
    if not text:
        return 0
    try:
        number = float(text.replace(".", "").replace(",", ".")) if re.fullmatch(r"\d{1,3}(\.\d{3})+", text) \
            else float(text.replace(",", "."))
    except ValueError:
        raise InvalidValue("register_value_not_count", value=text) from None
    if number < 0 or not number.is_integer():
        raise InvalidValue("register_value_not_count", value=text)
    return int(number)


def parse_rating(value: Any) -> float | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise InvalidValue("register_value_not_number", value=text) from None
    if number < 0:
        raise InvalidValue("register_value_not_number", value=text)
    return number


def parse_phase(value: Any) -> str:
    """A DMOP phase id from its English id or Spanish name (accents, case, spaces and underscores ignored).

    Examples:
        >>> parse_phase("Plan de sostenibilidad"), parse_phase("piloto")
        ('sustainability_plan', 'pilot')
    """
    text = fold(_text(value)).replace("_", " ").replace("-", " ")
    if not text:
        raise InvalidValue("register_value_missing")
    found = PHASE_ALIASES.get(text)
    if found is None:
        raise InvalidValue("register_value_bad_phase", value=_text(value), known=", ".join(PHASES))
    return found


def parse_gender(value: Any, hm_letters: bool = False) -> str:
    """f / m / x from what a register says ("mujer", "F", "Masculino"), the text itself when unknown, "" when blank.
    ``hm_letters``: the column writes H/M (hombre/mujer), so "M" is a woman (see :func:`hm_letters`).

    Examples:
        >>> parse_gender("Mujer"), parse_gender("M"), parse_gender("M", hm_letters=True), parse_gender("H")
        ('f', 'm', 'f', 'm')
    """
    text = fold(_text(value))
    if hm_letters and text == "m":
        return "f"
    return GENDERS.get(text, _text(value)[:20]) if text else ""


def hm_letters(values: Iterable[Any]) -> bool:
    """Whether a sex column uses the Spanish letters H (hombre) and M (mujer): it holds an "H" and no "F". In
    F/M columns M is masculino; reading an H/M column that way would turn every woman into a man and break the
    disaggregation by sex.

    Examples:
        >>> hm_letters(["H", "M", "m", ""]), hm_letters(["F", "M"]), hm_letters(["M", "M"])
        (True, False, False)
    """
    letters = {fold(_text(v)) for v in values}
    return "h" in letters and "f" not in letters


def parse_change(value: Any, values: Mapping[str, str] | None = None) -> str | None:
    """A survey answer about coordination as increase / no_change / decrease (None when blank). ``values`` maps the
    survey's own answers (e.g. "4" or "Mucho mejor") first.

    Examples:
        >>> parse_change("Aumentó mucho"), parse_change("Se mantuvo igual"), parse_change("5", {"5": "increase"})
        ('increase', 'no_change', 'increase')
    """
    text = _text(value)
    if not text:
        return None
    for answer, change in (values or {}).items():
        if fold(str(answer)) == fold(text):
            if change in (None, ""):
                return None  # mapped to "did not answer" (e.g. "No sabe")
            if change not in COORDINATION_CHANGES:
                raise ValueError(f"survey mapping value {change!r}: use one of {COORDINATION_CHANGES}")
            return change
    folded = fold(text).strip(" .!")
    if folded in CHANGE_EXACT:
        return CHANGE_EXACT[folded]
    for prefix, change in CHANGE_WORDS:
        if folded.startswith(prefix):
            return change
    raise InvalidValue("register_value_bad_change", value=text)

