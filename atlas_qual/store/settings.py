"""Project settings (report front matter, coverage threshold, how reports generalise roles, indicator baselines and
targets), kept in the project's ``meta`` table under ``setting.<key>`` so they travel with the project file.

Examples:
    >>> SETTINGS["report.role_level"].default
    'institution_type_territory'
    >>> parse_value("report.min_coverage", "80 %")
    '0.8'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping

from atlas_qual.errors import AtlasQualError

PREFIX = "setting."
ROLE_LEVELS = ("institution_type_territory", "institution_territory", "role")
PRIORITIES = ("high", "medium", "low")


def _fraction(key: str, value: str) -> str:
    text = value.strip().replace(",", ".").rstrip("%").strip()
    try:
        x = float(text)
    except ValueError:
        raise AtlasQualError("settings_bad_value", name=key, value=value, hint="0.8 / 80 %") from None
    if "%" in value or x > 1:
        x /= 100
    if not 0 <= x <= 1:
        raise AtlasQualError("settings_bad_value", name=key, value=value, hint="0.8 / 80 %")
    return f"{x:g}"


def _choice(choices: tuple[str, ...]) -> Callable[[str, str], str]:
    def check(key: str, value: str) -> str:
        if value.strip() not in choices:
            raise AtlasQualError("settings_bad_value", name=key, value=value, hint=" | ".join(choices))
        return value.strip()
    return check


def _count(key: str, value: str) -> str:
    if not value.strip().isdigit() or int(value) < 1:
        raise AtlasQualError("settings_bad_value", name=key, value=value, hint="1, 2, 3 ...")
    return str(int(value))


def _number(key: str, value: str) -> str:
    if value.strip() == "":
        return ""
    try:
        float(value.strip().replace(",", "."))
    except ValueError:
        raise AtlasQualError("settings_bad_value", name=key, value=value, hint="62.5") from None
    return value.strip().replace(",", ".")


@dataclass(frozen=True)
class Setting:
    key: str
    default: str = ""
    check: Callable[[str, str], str] | None = None


_DEFS = [
    Setting("report.cooperative_agreement"),
    Setting("report.partners", "Winrock International; Partners of the Americas; Lawyers Without Borders"),
    Setting("report.authors"),
    # the author line in one language ("Equipo de M&E de ATLAS" / "ATLAS M&E team"); empty: report.authors in both
    Setting("report.authors.es"), Setting("report.authors.en"),
    Setting("report.version", "1.0"),
    Setting("report.period"),
    Setting("report.funding_amount"),
    # empty: the standard USDOL statement and disclaimer of the catalogs, in the report's language
    Setting("report.funding_statement.es"), Setting("report.funding_statement.en"),
    Setting("report.disclaimer.es"), Setting("report.disclaimer.en"),
    Setting("report.min_coverage", "0.5", _fraction),
    Setting("report.role_level", "institution_type_territory", _choice(ROLE_LEVELS)),
    Setting("report.small_cell", "3", _count),
]
for _n in range(1, 7):
    _DEFS += [Setting(f"indicator.{_n}.baseline", "", _number), Setting(f"indicator.{_n}.target", "", _number)]
SETTINGS: dict[str, Setting] = {s.key: s for s in _DEFS}


# settings per DMOP: how many people the effectiveness survey was sent to (for the response rate)
PATTERNS = ((re.compile(r"survey\.[A-Za-z0-9_-]+\.invited"), _count),)


def parse_value(key: str, value: str) -> str:
    """The stored form of a setting's value, checked (an unknown key or a bad value is a user error)."""
    for pattern, check in PATTERNS:
        if pattern.fullmatch(key):
            return check(key, value)
    if key not in SETTINGS:
        raise AtlasQualError("settings_unknown_key", name=key, known=", ".join(SETTINGS))
    check = SETTINGS[key].check
    return check(key, value) if check else value.strip()


def get_settings(project) -> dict[str, str]:
    """Every setting: the stored value, else the default."""
    from sqlalchemy import select

    from atlas_qual.store.models import Meta

    out = {k: s.default for k, s in SETTINGS.items()}
    with project.session() as s:
        for row in s.scalars(select(Meta).where(Meta.key.like(PREFIX + "%"))):
            key = row.key[len(PREFIX):]
            if key in out or any(p.fullmatch(key) for p, _c in PATTERNS):
                out[key] = row.value
    return out


def set_setting(project, key: str, value: str) -> str:
    """Store one setting (an empty value restores the default); returns the stored form."""
    stored = parse_value(key, value) if value.strip() else ""
    set_settings(project, {key: value})
    return stored or (SETTINGS[key].default if key in SETTINGS else "")


def set_settings(project, values: Mapping[str, str]) -> None:
    """Several settings in one transaction (the reports page's form); every value is checked first."""
    from atlas_qual.store.models import Meta

    checked = {k: (parse_value(k, v) if str(v).strip() else "") for k, v in values.items()}

    def write(s) -> None:
        for key, stored in checked.items():
            row = s.get(Meta, PREFIX + key)
            if not stored:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(Meta(key=PREFIX + key, value=stored))
            else:
                row.value = stored
    project.write(write)


def partners(value: str) -> list[str]:
    """The partner list of the setting: one per line or separated by semicolons (never commas: names hold them)."""
    return [p.strip() for p in re.split(r"[;\n]+", value or "") if p.strip()]


__all__ = ["PATTERNS", "SETTINGS", "ROLE_LEVELS", "PRIORITIES", "Setting", "parse_value", "get_settings", "set_setting",
           "set_settings", "partners"]
