"""Header metadata of a transcript: the `Clave: valor` lines before the first turn, read into case attributes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from atlas_qual.transcripts.model import _WORD_RE, _fold
from atlas_qual.transcripts.speakers import _CLAUSE_WORDS, _FIRST_WORD_STOP, _INITIALS_RE, _LABEL_BAD_CHARS, _NAME_CONNECTORS, _match_label

# -------------------------------------------------------------------------------- header metadata

_HEADER_KEYS = {
    "titulo": "title", "title": "title",
    "fecha": "date", "date": "date", "fecha de la entrevista": "date", "fecha de entrevista": "date",
    "interview date": "date",
    "modalidad": "mode", "mode": "mode", "modo": "mode", "modalidad de la entrevista": "mode",
    "modalidad de entrevista": "mode", "interview mode": "mode",
    "dmop": "dmop", "dmop-c": "dmop",
    "territorio": "territory", "territory": "territory", "departamento": "territory", "department": "territory",
    "institucion": "institution", "institution": "institution", "organismo": "institution",
    "entidad": "institution", "organizacion": "institution", "organization": "institution",
    "organisation": "institution",
    "rol": "role", "role": "role", "cargo": "role", "rol del entrevistado": "role",
    "rol de la entrevistada": "role", "rol del entrevistado/a": "role",
    "entrevistador": "interviewer", "entrevistadora": "interviewer", "entrevistador/a": "interviewer",
    "entrevistador(a)": "interviewer", "entrevistadores": "interviewer", "interviewer": "interviewer",
    "entrevistado": "interviewee", "entrevistada": "interviewee", "entrevistado/a": "interviewee",
    "entrevistado(a)": "interviewee", "persona entrevistada": "interviewee", "interviewee": "interviewee",
    "seudonimo": "pseudonym", "pseudonimo": "pseudonym", "pseudonym": "pseudonym", "alias": "pseudonym",
    "idioma": "language", "language": "language", "lengua": "language",
    "lugar": "place", "place": "place", "location": "place", "ubicacion": "place", "localidad": "place",
    "duracion": "duration", "duration": "duration",
}
_PERSON_KEYS = frozenset({"interviewer", "interviewee"})
_EXTRA_KEYS = frozenset({"place", "duration"})
_NOT_NAME_FIRST = _FIRST_WORD_STOP | frozenset(
    "buenos buenas buen hola bien gracias muchas mucho perdon disculpe disculpa encantado encantada gusto "
    "good hello hi thanks thank welcome sorry".split()
)
_KV_RE = re.compile(
    r"[ \t]*(?:[-*•·][ \t]+)?(?:\*\*?|__?)?([^\W\d_][^:\n]{0,39}?)(?:\*\*?|__?)?[ \t]*:(?:\*\*?|__?)?[ \t]*(.*)"
)
_PARENS_RE = re.compile(r"\([^)]*\)")
_SENTENCE_MARKS = frozenset("?¿!¡…\"“”«»;")

_MODES = {
    "presencial": "in_person", "en persona": "in_person", "in person": "in_person", "in-person": "in_person",
    "in_person": "in_person", "face to face": "in_person", "face-to-face": "in_person",
    "cara a cara": "in_person",
    "telefonica": "phone", "telefonico": "phone", "telefono": "phone", "por telefono": "phone",
    "llamada": "phone", "llamada telefonica": "phone", "phone": "phone", "telephone": "phone",
    "by phone": "phone",
    "en linea": "online", "online": "online", "on-line": "online", "virtual": "online", "remota": "online",
    "remote": "online", "videollamada": "online", "video llamada": "online", "videoconferencia": "online",
    "video call": "online", "zoom": "online", "teams": "online", "google meet": "online", "meet": "online",
    "whatsapp": "online",
}
_DMOPS = {
    "mauep": "MAUEP", "multi-agency unified enforcement procedures": "MAUEP",
    "procedimientos unificados": "MAUEP",
    "ipacm": "IPACM", "inter-platforms action plan coordination mechanism": "IPACM",
    "mecanismo de coordinacion": "IPACM",
    "cr": "CR", "community referrals": "CR", "derivaciones comunitarias": "CR",
    "referencias comunitarias": "CR", "denuncias comunitarias": "CR",
}
_TERRITORIES = (
    # (folded text found in the value, territory id): names, ids and a few main towns of each department
    ("alto parana", "alto_parana"), ("alto_parana", "alto_parana"), ("ciudad del este", "alto_parana"),
    ("hernandarias", "alto_parana"), ("presidente franco", "alto_parana"),
    ("neembucu", "neembucu"), ("pilar", "neembucu"),
    ("san pedro", "san_pedro"), ("san_pedro", "san_pedro"),
    ("boqueron", "boqueron"), ("filadelfia", "boqueron"), ("mariscal estigarribia", "boqueron"),
    ("loma plata", "boqueron"),
    ("asuncion", "asuncion_central"), ("central", "asuncion_central"), ("asuncion_central", "asuncion_central"),
    ("san lorenzo", "asuncion_central"), ("luque", "asuncion_central"), ("capiata", "asuncion_central"),
    ("lambare", "asuncion_central"), ("fernando de la mora", "asuncion_central"),
)
_INSTITUTIONS = ("MTESS", "MP", "PJ", "MDP", "PN", "MINNA", "MINMUJER", "CODENI", "CONAETI", "CONTRAFOR",
                 "MESA-TRATA", "CONSEJO-DEP")
_INSTITUTION_NAMES = (
    ("ministerio de trabajo", "MTESS"), ("ministry of labor", "MTESS"), ("ministry of labour", "MTESS"),
    ("inspeccion de trabajo", "MTESS"),
    ("ministerio publico", "MP"), ("fiscalia", "MP"), ("public ministry", "MP"), ("prosecutor", "MP"),
    ("poder judicial", "PJ"), ("juzgado", "PJ"), ("judiciary", "PJ"), ("corte suprema", "PJ"),
    ("defensa publica", "MDP"), ("defensoria publica", "MDP"), ("public defender", "MDP"),
    ("policia nacional", "PN"), ("national police", "PN"), ("policia", "PN"),
    ("ministerio de la ninez", "MINNA"), ("ministry of children", "MINNA"),
    ("ministerio de la mujer", "MINMUJER"), ("ministry of women", "MINMUJER"),
    ("consejeria municipal", "CODENI"), ("consejerias municipales", "CODENI"),
    ("municipal council", "CODENI"),
    ("comision nacional de erradicacion", "CONAETI"),
    ("derechos fundamentales en el trabajo", "CONTRAFOR"),
    ("mesa interinstitucional", "MESA-TRATA"), ("mesa de trata", "MESA-TRATA"), ("mesa trata", "MESA-TRATA"),
    ("ht roundtable", "MESA-TRATA"), ("inter-institutional roundtable", "MESA-TRATA"),
    ("consejo departamental", "CONSEJO-DEP"), ("consejos departamentales", "CONSEJO-DEP"),
    ("departmental council", "CONSEJO-DEP"),
)
_LANGUAGES = {
    "es": "es", "esp": "es", "spa": "es", "espanol": "es", "castellano": "es", "spanish": "es",
    "en": "en", "eng": "en", "ingles": "en", "english": "en",
}
_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "ene": 1, "feb": 2, "mar": 3, "abr": 4, "jun": 6, "jul": 7, "ago": 8, "sep": 9, "set": 9, "oct": 10,
    "nov": 11, "dic": 12, "jan": 1, "apr": 4, "aug": 8, "dec": 12,
}
_DATE_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DATE_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?!\d)")
_DATE_WORDS_DMY = re.compile(r"(\d{1,2})(?:\s+de)?\s+([^\W\d_]+)\.?(?:\s+de(?:l)?)?\s*,?\s+(\d{4})")
_DATE_WORDS_MDY = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def _parse_date(value: str) -> str | None:
    folded = _fold(value.strip())
    candidates = []
    if m := _DATE_ISO.search(folded):
        candidates.append((int(m.group(1)), int(m.group(2)), int(m.group(3))))
    elif m := _DATE_DMY.search(folded):
        year = int(m.group(3))
        candidates.append((year + 2000 if year < 100 else year, int(m.group(2)), int(m.group(1))))
    elif m := _DATE_WORDS_DMY.search(folded):
        if m.group(2) in _MONTHS:
            candidates.append((int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1))))
    elif m := _DATE_WORDS_MDY.search(folded):
        if m.group(1) in _MONTHS:
            candidates.append((int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2))))
    for year, month, day in candidates:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    return None


_WEEKDAYS = frozenset("lunes martes miercoles jueves viernes sabado domingo monday tuesday wednesday thursday friday "
                      "saturday sunday".split())
# the time after a date, as Teams, Zoom and Word write it: "5:03p. m.", "5:03PM", "17:03", "a las 9:15 hs"
_TIME_TAIL_RE = re.compile(r"(?:\s*,)?\s+(?:a\s+las\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s*m\.?|hs?\.?)?\s*$")


def _date_line(line: str) -> str | None:
    """The ISO date of a line that holds only a date, with its weekday and time if any ("10 de junio de 2025, 5:03p.
    m." and "June 10, 2025, 5:03PM" as the first lines of a Teams transcript export, "Martes 3/6/2025"); None for
    any other line, one that also says something ("Nos reunimos el 3 de junio de 2025").

    Examples:
        >>> _date_line("10 de junio de 2025, 5:03p. m."), _date_line("June 10, 2025, 5:03PM")
        ('2025-06-10', '2025-06-10')
        >>> _date_line("Nos reunimos el 10 de junio de 2025") is None
        True
    """
    folded = _fold(line.strip().strip("*_").strip())
    if not folded or len(folded) > 60:
        return None
    folded = _TIME_TAIL_RE.sub("", folded).strip(" ,.")
    first, _, rest = folded.partition(" ")
    if first.rstrip(",") in _WEEKDAYS:
        folded = rest.strip(" ,")
    for pattern in (_DATE_ISO, _DATE_DMY, _DATE_WORDS_DMY, _DATE_WORDS_MDY):
        if pattern.fullmatch(folded):
            return _parse_date(folded)
    return None


def _lookup_phrase(value: str, table: dict[str, str]) -> str | None:
    folded = " ".join(_fold(value).replace("_", " ").split()).strip(" .")
    if folded in table:
        return table[folded]
    hits = {v for k, v in table.items() if len(k) > 3 and re.search(rf"(?<!\w){re.escape(k)}(?!\w)", folded)}
    return hits.pop() if len(hits) == 1 else None


def _territory(value: str) -> str | None:
    folded = " ".join(_fold(value).split())
    hits = {tid for name, tid in _TERRITORIES if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded)}
    return hits.pop() if len(hits) == 1 else None


def _institution(value: str) -> str | None:
    upper = value.upper()
    hits = {a for a in _INSTITUTIONS if re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", upper)}
    if not hits and re.search(r"(?<![\w-])MESA[ -]TRATA(?![\w-])", upper):
        hits.add("MESA-TRATA")
    if not hits:
        folded = " ".join(_fold(value).split())
        hits = {a for name, a in _INSTITUTION_NAMES if name in folded}
    return hits.pop() if len(hits) == 1 else None


def _language(value: str) -> str | None:
    words = _WORD_RE.findall(_fold(value))
    found = {_LANGUAGES[w] for w in words if w in _LANGUAGES}
    # "español y guaraní": Spanish is the language the tools can process
    return found.pop() if len(found) == 1 else None


_KNOWN_VALUES = {
    "date": "2025-03-14, 14/03/2025",
    "mode": "presencial, telefónica, en línea / in person, phone, online",
    "dmop": "MAUEP, IPACM, CR",
    "territory": "Alto Paraná, Ñeembucú, San Pedro, Boquerón, Asunción y Central",
    "institution": ", ".join(_INSTITUTIONS),
    "language": "es, en",
}


def _normalize_value(key: str, value: str) -> str | None:
    """The stored form of a recognized header value, or None when it is not one of the known values."""
    if key == "date":
        return _parse_date(value)
    if key == "mode":
        return _lookup_phrase(value, _MODES)
    if key == "dmop":
        upper = value.upper()
        ids = {d for d in ("MAUEP", "IPACM", "CR") if re.search(rf"(?<![A-Z]){d}(?![A-Z])", upper)}
        return ids.pop() if len(ids) == 1 else _lookup_phrase(value, _DMOPS)
    if key == "territory":
        return _territory(value)
    if key == "institution":
        return _institution(value)
    if key == "language":
        return _language(value)
    return " ".join(value.strip(" *_").split())


def _split_kv(line: str) -> tuple[str, str] | None:
    m = _KV_RE.fullmatch(line)
    if not m:
        return None
    key = " ".join(m.group(1).split())
    if len(key.split()) > 4 or any(c in _LABEL_BAD_CHARS - {"(", ")"} for c in key.replace("/", "")):
        return None
    value = m.group(2).strip().strip("*_").strip()
    return key, value


def _header_key(key: str) -> str | None:
    return _HEADER_KEYS.get(_fold(key).rstrip("."))


def _name_like(value: str, lenient: bool) -> bool:
    """Whether ``value`` reads as a person's name ("Lic. Marta Ruiz"), not as an utterance ("Buenos días...")."""
    if any(c in _SENTENCE_MARKS for c in value) or len(value) > 80:
        return False
    words = _PARENS_RE.sub(" ", value).replace(",", " ").split()
    if not words or len(words) > 8 or _fold(words[0].rstrip(".")) in _NOT_NAME_FIRST:
        return False
    if value.endswith(".") and not _INITIALS_RE.fullmatch(words[-1]):
        return False  # "Bienvenida." and "Uno." end a sentence; "M. J." is initials
    if all(w[0].isupper() or _fold(w) in _NAME_CONNECTORS for w in words):
        return True
    # inside a header block a role-like value is still metadata ("Entrevistada: consejera de Pilar")
    return lenient and "," not in value and not any(_fold(w) in _CLAUSE_WORDS for w in words)


def _plausible_extra(key: str, value: str) -> bool:
    return bool(key[0].isupper()) and len(value) <= 100 and not any(c in "?¿!¡" for c in value)


@dataclass
class _Header:
    end_line: int = 0  # first line after the header
    title: str | None = None
    entries: list[tuple[str, str, bool]] = field(default_factory=list)  # (key as written, value, recognized)


def _is_strict_header_line(line: str, next_line: str) -> bool:
    kv = _split_kv(line)
    if not kv:
        return False
    norm = _header_key(kv[0])
    if norm is None:
        return False
    if norm in _PERSON_KEYS:
        return _name_like(kv[1], False) if kv[1] else (not next_line.strip() or _is_recognized_kv(next_line))
    return True


def _is_recognized_kv(line: str) -> bool:
    kv = _split_kv(line)
    return bool(kv and _header_key(kv[0]))


def _parse_block(lines: list[str], i: int, headings: frozenset[int] = frozenset()
                 ) -> tuple[list[tuple[int, str, str, bool]], bool]:
    """The header lines of the block starting at ``i`` (up to a blank line or a heading) and whether all of it is
    header."""
    n = len(lines)
    run: list[tuple[int, str, str, bool]] = []
    k = i
    while k < n and lines[k].strip():
        kv = _split_kv(lines[k])
        if k in headings and not (kv and _header_key(kv[0])):
            # a line styled as a heading ("Bloque 1: Coordinación") opens the body, as a blank line would
            return (run, True) if any(rec for *_, rec in run) else ([], False)
        if kv is None:
            break
        key, value = kv
        norm = _header_key(key)
        if norm in _PERSON_KEYS:
            following = lines[k + 1] if k + 1 < n else ""
            if value:
                ok = _name_like(value, lenient=any(rec for *_, rec in run))
            else:
                ok = not following.strip() or _is_recognized_kv(following)
            if not ok:
                break
        elif norm is None and not _plausible_extra(key, value):
            break
        run.append((k, key, value, norm is not None))
        k += 1
    # a header is closed by a blank line; lines running on to the end of the file may be turns
    complete = k < n and not lines[k].strip()
    if not complete:
        while run and not run[-1][3]:
            run.pop()
        # "Entrevistadora: Marta" running straight into more lines is the first turn, not a header
        if all(_header_key(key) in _PERSON_KEYS for _, key, _, rec in run if rec):
            run = []
    if not any(rec for *_, rec in run):
        return [], False
    return run, complete


def _parse_header(lines: list[str], headings: frozenset[int] = frozenset()) -> _Header:
    """The leading block of ``Key: value`` lines (and a title line above it); ``headings``: the numbers of the lines
    styled as headings in a .docx/.odt, where the header ends unless the line is a known field."""
    n = len(lines)
    header = _Header()
    i = _next_nonblank(lines, 0)
    if i >= n:
        return header
    run, complete = _parse_block(lines, i, headings)
    if not run:
        j = _next_nonblank(lines, i + 1)
        if j >= n or len(lines[i]) > 200:
            return header
        run, complete = _parse_block(lines, j, headings)
        # a turn is never followed by "Fecha: 14/03/2025", so then the first line is a title even with a colon
        if not run or (_match_label(lines[i]) and all(_header_key(key) in _PERSON_KEYS
                                                       for _, key, _, rec in run if rec)):
            return header
        kv = _split_kv(lines[i])
        if j == i + 1 and kv and _header_key(kv[0]) in _PERSON_KEYS and not any(c in "?¿!¡" for c in kv[1]):
            run = [(i, kv[0], kv[1], True), *run]  # "Entrevistada: consejera de Pilar" opening the header
        else:
            header.title = lines[i].strip().lstrip("#").strip().strip("*_").strip()
    while run:
        header.entries.extend((key, value, rec) for _, key, value, rec in run)
        header.end_line = run[-1][0] + 1
        if not complete:
            break
        j = _next_nonblank(lines, header.end_line)
        if j >= n or not _is_strict_header_line(lines[j], lines[j + 1] if j + 1 < n else ""):
            break
        run, complete = _parse_block(lines, j, headings)
    return header


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _apply_header(entries: Iterable[tuple[str, str, bool]], filename: str, metadata: dict, extra: dict,
                  warnings: list[str]) -> None:
    from atlas_qual.i18n import t

    for key, value, recognized in entries:
        norm = _header_key(key) if recognized else None
        if norm is None:
            if value:
                extra[key] = value
            continue
        if not value:
            continue
        if norm in _EXTRA_KEYS:
            extra[norm] = " ".join(value.split())
            continue
        stored = _normalize_value(norm, value)
        if stored:
            metadata[norm] = stored
        else:
            extra[norm] = value
            warnings.append(t("transcript_warn_bad_value", file=filename, field=key, value=value,
                              known=_KNOWN_VALUES.get(norm, "")))


_INLINE_SEPARATORS_RE = re.compile(r"[ \t]+[·|•;][ \t]+")


def _inline_pairs(line: str) -> list[tuple[str, str, bool]] | None:
    """``Código de entrevistado: AS-07 · Modalidad: presencial`` as header entries, or None when a part is not
    ``Key: value``."""
    entries = []
    for part in _INLINE_SEPARATORS_RE.split(line.strip()):
        kv = _split_kv(part)
        if kv is None:
            return None
        entries.append((kv[0], kv[1], _header_key(kv[0]) is not None))
    return entries or None
