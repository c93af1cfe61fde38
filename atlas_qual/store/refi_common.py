"""What REFI-QDA export and import share: the case variables we write and accept, GUIDs, colours and moments."""

from __future__ import annotations

import datetime as dt
import re
import uuid

DEFAULT_CODER = "importado"  # codings of a file that names no user
DEFAULT_COLOR = "#607d8b"
# case variables we accept as attributes (accents and case ignored)
VARIABLE_ALIASES = {
    "dmop": "dmop", "territory": "territory", "territorio": "territory", "institution": "institution",
    "institucion": "institution", "role": "role", "rol": "role", "mode": "mode", "modalidad": "mode",
    "date": "date", "fecha": "date", "language": "language", "idioma": "language", "lang": "language",
    "interviewer": "interviewer", "entrevistador": "interviewer", "entrevistadora": "interviewer",
    "pseudonym": "pseudonym", "seudonimo": "pseudonym", "interviewee": "interviewee",
    "entrevistado": "interviewee", "entrevistada": "interviewee",
}
SEGMENT_NOTE = re.compile(r"^¶(\d+)(?:\s+(.*))?$", re.S)
# characters normalize_text turns into another single character (the rest it changes, it deletes)
ONE_TO_ONE = {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u2028": "\n", "\u2029": "\n",
               "\u000b": "\n", "\u000c": "\n", "\u0085": "\n"}


def fold(text: str) -> str:
    from atlas_qual.codebook import fold

    return fold(text)


def norm_guid(value: object) -> str | None:
    """A GUID in the canonical lowercase form (braces dropped), or None when it is not one."""
    try:
        return str(uuid.UUID(str(value).strip().strip("{}")))
    except (ValueError, AttributeError, TypeError):
        return None


def guid(value: object, *fallback: object) -> str:
    from atlas_qual.refi import stable_guid

    return norm_guid(value) or stable_guid(*fallback)


def hex_color(value: str | None) -> str | None:
    value = (value or "").strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", value):
        return value.lower()
    if re.fullmatch(r"#[0-9a-fA-F]{8}", value):  # #rrggbbaa: REFI-QDA has no alpha
        return value[:7].lower()
    return None


def iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"


def parse_moment(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment


__all__ = ["DEFAULT_CODER", "DEFAULT_COLOR", "VARIABLE_ALIASES", "SEGMENT_NOTE", "ONE_TO_ONE",
           "fold", "norm_guid", "guid", "hex_color", "iso", "parse_moment"]
