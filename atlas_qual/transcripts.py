"""Read interview transcripts (docx, txt, md, vtt, srt, odt, pdf) into normalized text, turns and case attributes.

Everything here is pure: bytes in, frozen dataclasses out. Offsets of turns are Unicode code points into
``ParsedTranscript.text``, the normalized text (NFC, LF line ends, no zero-width characters, no trailing spaces),
which is what the store keeps and what codings refer to (the REFI-QDA convention).

Examples:
    >>> p = parse_text("Fecha: 14/03/2025\\n\\nEntrevistadora: ¿Cómo?\\nConsejera CODENI: Con la fiscalía.")
    >>> p.metadata["date"], p.speakers
    ('2025-03-14', ('Entrevistadora', 'Consejera CODENI'))
    >>> t = p.turns[1]
    >>> p.text[t.start:t.end]
    'Con la fiscalía.'
"""

from __future__ import annotations

from atlas_qual.text import fold

import codecs
import hashlib
import html
import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from atlas_qual.errors import AtlasQualError

__all__ = [
    "MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "ParsedTranscript",
    "Turn",
    "detect_language",
    "normalize_text",
    "parse_text",
    "read_transcript",
]

MAX_BYTES = 50_000_000
SUPPORTED_EXTENSIONS = (".docx", ".odt", ".pdf", ".txt", ".md", ".vtt", ".srt")
_TEXT_EXTENSIONS = {".txt": "txt", ".md": "txt", ".vtt": "vtt", ".srt": "srt"}


# --------------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Turn:
    """One segment: a speaker turn (or a paragraph when the transcript has no speaker labels).

    ``text`` is the utterance without its label, stripped, and ``full_text[start:end] == text``.
    ``time_start``/``time_end`` are seconds from the start of the recording when the file had them (vtt, srt,
    ``[00:01:23]`` prefixes), else None.
    """

    speaker: str | None
    text: str
    start: int
    end: int
    time_start: float | None = None
    time_end: float | None = None


@dataclass(frozen=True)
class ParsedTranscript:
    """A transcript read from a file: normalized text, its turns and the case attributes found in its header.

    ``metadata`` holds only recognized, validated attributes under normalized keys (title, date as ISO
    ``yyyy-mm-dd``, mode ``in_person|phone|online``, dmop, territory id, institution acronym, role, interviewer,
    interviewee, pseudonym) and always ``language`` (``es|en``, from the header or detected). ``extra`` holds the
    other header lines (place, duration, unknown keys as written, values that could not be recognized) and
    ``notes`` (text before the first turn that is not the title). ``sha256`` is of the original bytes.
    """

    filename: str
    format: str
    encoding: str | None
    text: str = field(repr=False)
    turns: tuple[Turn, ...] = field(repr=False)
    metadata: dict
    extra: dict
    speakers: tuple[str, ...]
    sha256: str
    original: bytes = field(repr=False)
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------- normalization

_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    None,
)
# Word and PDF exports use no-break and thin spaces around labels and numbers; plain spaces keep patterns simple.
_INVISIBLE.update({0x00A0: " ", 0x202F: " ", 0x2007: " ", 0x2009: " ", 0x2028: "\n", 0x2029: "\n",
                   0x000B: "\n", 0x000C: "\n", 0x0085: "\n"})
# NUL carries nothing in a transcript and PostgreSQL text cannot hold it: a file with a stray one imports on both backends
_INVISIBLE[0x0000] = None
_TRAILING_WS = re.compile(r"[ \t\u3000]+$", re.M)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """The normalized form offsets refer to: NFC, LF, no zero-width chars/BOM, no trailing spaces.

    Runs of blank lines become one blank line and the text is stripped at both ends.

    Examples:
        >>> normalize_text("\\ufeffNin\\u0303ez  \\r\\n\\r\\n\\r\\nfin\\u200b")
        'Niñez\\n\\nfin'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_WS.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n").rstrip()


# labels and header keys compared without case or accents; the same few keys recur on every line
_fold = lru_cache(maxsize=4096)(fold)


# ------------------------------------------------------------------------------ language detection

_ES_WORDS = frozenset(
    "de la que el en los se del las por un una con para es lo como más mas pero sus le ya este sí si porque "
    "esta entre cuando muy sin sobre también tambien me hasta hay donde nos todo eso fue son está esta "
    "están estan desde ellos nosotros tiene hacer ser al".split()
)
_EN_WORDS = frozenset(
    "the and of to in is that it was for on are with as they be at this have from or by we not but what all "
    "were when there can an which their you do would about has had been our will how".split()
)
_WORD_RE = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """``"es"`` or ``"en"`` by counting frequent function words (Spanish when unsure, the working language).

    Examples:
        >>> detect_language("La inspección de trabajo y la fiscalía no se conocen.")
        'es'
        >>> detect_language("The labor inspectors and the prosecutors do not know each other.")
        'en'
    """
    es = en = 0
    for match in _WORD_RE.finditer(text, 0, min(len(text), 20_000)):
        word = match.group().lower()
        if word in _ES_WORDS:
            es += 1
        elif word in _EN_WORDS:
            en += 1
    return "en" if en > es else "es"


# ------------------------------------------------------------------------------ speaker labels

_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_LEAD_TS_RE = re.compile(rf"[\[(]?({_TS})[\])]?[ \t]*(?:[-–—|][ \t]*)?(?=\S)")
_BRACKET_RE = re.compile(r"(?:\*\*|__)?\[([^\[\]\n]{1,40})\](?:\*\*|__)?[ \t]*(?::|\.-|[-–—](?=[ \t]))?[ \t]*")
_COLON_RE = re.compile(
    rf"(?:\*\*|__)?([^\W\d_][^:\n]{{0,39}}?)(?:\*\*|__)?(?:[ \t]*[\[(]({_TS})[\])])?[ \t]*(?:\*\*|__)?"
    r"(:|\.-)(?:\*\*|__)?(?!//)[ \t]*"
)
# "Marta Ruiz   0:03" alone on a line, the utterance below (Otter, Teams exports)
_STAMP_LINE_RE = re.compile(rf"([^\W\d_][^:\n]{{0,39}}?)[ \t]+[\[(]?({_TS})[\])]?[ \t]*$")
_TS_VALUE_RE = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
_LABEL_BAD_CHARS = frozenset(',;!?¿¡"“”«»…=<>{}|@#$%&*+[]')
_ABBR_RE = re.compile(r"(?:[^\W\d_]{1,4}\.|(?:[^\W\d_]\.)+)")
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)+")
_DIGIT_WORD_RE = re.compile(r"[^\W\d_]{0,3}\d{1,3}")

# Words that make a "label" a clause: "Lo que pasa es:", "Pero cuando llegamos:" are not speakers.
_CLAUSE_WORDS = frozenset(
    "que es son era eran fue fueron ser estar esta estan estaba estaban hay habia dijo dice decia dije digo "
    "tiene tienen tenia tenemos hace hacen hizo hacemos puede pueden podemos porque pero cuando donde como si "
    "no lo le les me te se nos mi tu su sus mis un una unos unas muy mas ya solo sobre entre hasta desde cual "
    "cuales quien quienes tambien siempre nunca ahora entonces estos estas eso esto aqui alli ahi "
    "the is are was were be been that said says but because when where if not it we they he she you my our "
    "their have has had will would can could this with there here what which who why how".split()
)
_FIRST_WORD_STOP = _CLAUSE_WORDS | frozenset(
    "por en para con sin a al y e o u ni bueno mire mira pues asi ademas primero segundo tercero finalmente "
    "ejemplo nota notas importante ok okay claro la las los el hoy ayer manana luego despues antes resumen "
    "conclusion conclusiones objetivo objetivos observacion observaciones aclaracion comentario comentarios "
    "so well and or for in on at an also first second third finally note notes example yes then now today "
    "summary conclusion".split()
)
# Header keys that are never speakers, even in the body ("Fecha: el 15 vinimos").
_NEVER_SPEAKERS = frozenset(
    "titulo title fecha date modalidad mode modo dmop territorio territory departamento department institucion "
    "institution rol role cargo seudonimo pseudonimo pseudonym idioma language lugar place duracion "
    "duration".split()
)
# Bracketed transcription annotations: "[Risas]", "[Inaudible] sí".
_ANNOTATIONS = frozenset(
    "inaudible risas rie rien pausa silencio interrupcion ininteligible incomprensible nombre nombres musica "
    "ruido ruidos fin inicio corte llanto llora suspiro tos aplausos omitido omitida omision se sic "
    "laughter laughs laughing crosstalk pause silence music noise unclear redacted applause sighs coughs "
    "end start".split()
)
# Labels that are roles: never dropped as one-off slips, and "Pregunta 3" is the same speaker as "Pregunta 1".
_ROLE_WORDS = frozenset(
    "entrevistador entrevistadora entrevistado entrevistada pregunta respuesta participante moderador "
    "moderadora facilitador facilitadora interviewer interviewee question answer participant moderator "
    "facilitator p r e q a i".split()
)
_NUMBERED_ROLES = frozenset("pregunta respuesta question answer".split())


def _clean_label(raw: str) -> str | None:
    """The speaker label in ``raw`` (e.g. ``"Fiscal Adjunta María José"``) or None when it reads like a sentence."""
    label = " ".join(raw.strip(" \t*_").split())
    if not label or len(label) > 40:
        return None
    if any(c in _LABEL_BAD_CHARS for c in label):
        return None
    if len(label) == 1:
        return label if label.isupper() else None
    if not label[0].isupper():
        return None
    words = label.split()
    if len(words) > 5 or _fold(label) in _NEVER_SPEAKERS:
        return None
    if _fold(words[0].rstrip(".")) in _FIRST_WORD_STOP and len(words[0].rstrip(".")) > 1:
        return None
    for word in words:
        core = word.strip("()")
        if not core:
            return None
        if "." in core and not _ABBR_RE.fullmatch(core):
            return None
        if _fold(core.rstrip(".")) in _CLAUSE_WORDS:
            return None
        if any(ch.isdigit() for ch in core) and not _DIGIT_WORD_RE.fullmatch(core):
            return None
    return label


def _seconds(stamp: str | None) -> float | None:
    if not stamp:
        return None
    m = _TS_VALUE_RE.fullmatch(stamp.strip())
    if not m:
        return None
    hours, minutes, secs, frac = m.groups()
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)
    if frac:
        value += int(frac.ljust(3, "0")) / 1000
    return round(float(value), 3)


@dataclass(frozen=True)
class _Label:
    speaker: str
    content: int  # column where the utterance starts on the label's line
    time: float | None


def _match_label(line: str) -> _Label | None:
    """The speaker label that opens ``line``, if any."""
    pos = len(line) - len(line.lstrip(" \t"))
    if pos >= len(line):
        return None
    stamp = None
    lead = _LEAD_TS_RE.match(line, pos)
    if lead:
        stamp, pos = lead.group(1), lead.end()
    if line.startswith("[", pos) or line.startswith("**[", pos) or line.startswith("__[", pos):
        m = _BRACKET_RE.match(line, pos)
        if m:
            label = _clean_label(m.group(1))
            if label and _fold(label.split()[0]) not in _ANNOTATIONS:
                return _Label(label, m.end(), _seconds(stamp))
        return None
    m = _COLON_RE.match(line, pos)
    if m:
        label = _clean_label(m.group(1))
        after = line[m.end(3):m.end(3) + 1]
        # "Llegamos a las 10:30" is a time, not "Llegamos a las 10" speaking; "Ver: https://..." is a link
        if label and not (m.group(3) == ":" and label[-1].isdigit() and after.isdigit()) \
                and not line.startswith(("http", "www."), m.end()):
            return _Label(label, m.end(), _seconds(m.group(2) or stamp))
    if stamp is None:
        m = _STAMP_LINE_RE.match(line, pos)
        if m:
            label = _clean_label(m.group(1))
            if label and all(w[0].isupper() or w.isdigit() or _fold(w) in _NAME_CONNECTORS for w in label.split()):
                return _Label(label, len(line), _seconds(m.group(2)))
    return None


def _speaker_key(label: str) -> str:
    return _fold(" ".join(label.split()))


def _canonical_label(label: str) -> str:
    words = label.split()
    if len(words) == 2 and _fold(words[0]) in _NUMBERED_ROLES and words[1].isdigit():
        return words[0]
    return label


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
_NAME_CONNECTORS = frozenset("de del la las los y e da do dos van von".split())
_NOT_NAME_FIRST = _FIRST_WORD_STOP | frozenset(
    "buenos buenas buen hola bien gracias muchas mucho perdon disculpe disculpa encantado encantada gusto "
    "good hello hi thanks thank welcome sorry".split()
)
_KV_RE = re.compile(
    r"[ \t]*(?:[-*•·][ \t]+)?(?:\*\*|__)?([^\W\d_][^:\n]{0,39}?)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*(.*)"
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


def _parse_block(lines: list[str], i: int) -> tuple[list[tuple[int, str, str, bool]], bool]:
    """The header lines of the block starting at ``i`` (up to a blank line) and whether all of it is header."""
    n = len(lines)
    run: list[tuple[int, str, str, bool]] = []
    k = i
    while k < n and lines[k].strip():
        kv = _split_kv(lines[k])
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


def _parse_header(lines: list[str]) -> _Header:
    """The leading block of ``Key: value`` lines (and a title line above it)."""
    n = len(lines)
    header = _Header()
    i = _next_nonblank(lines, 0)
    if i >= n:
        return header
    run, complete = _parse_block(lines, i)
    if not run:
        j = _next_nonblank(lines, i + 1)
        if j >= n or len(lines[i]) > 200:
            return header
        run, complete = _parse_block(lines, j)
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
        run, complete = _parse_block(lines, j)
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


# ------------------------------------------------------------------------------------ segmentation

_PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_LINE_RE = re.compile(r"[^\n]+")
_SENTENCE_END = tuple(".?!…:\"»”)")


def _line_starts(lines: list[str]) -> list[int]:
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts


def _stripped_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    if right <= left:
        return None
    return start + left, start + right


def _paragraph_turns(text: str, start: int, unit: str) -> list[Turn]:
    """Segments of text without speaker labels: blank-line paragraphs, else lines (PDF: lines re-flowed)."""
    body = text[start:]
    if unit == "auto":
        unit = "paragraphs" if "\n\n" in body else "lines"
    if unit == "flow" and "\n\n" in body:
        unit = "paragraphs"
    turns: list[Turn] = []
    if unit in ("paragraphs", "lines"):
        pattern = _PARAGRAPH_RE if unit == "paragraphs" else _LINE_RE
        for m in pattern.finditer(text, start):
            span = _stripped_span(text, m.start(), m.end())
            if span:
                turns.append(Turn(None, text[span[0]:span[1]], span[0], span[1]))
        return turns
    # PDF pages come as wrapped lines: a paragraph ends at a line that ends a sentence
    para_start = None
    for m in _LINE_RE.finditer(text, start):
        if para_start is None:
            para_start = m.start()
        if m.group().rstrip().endswith(_SENTENCE_END):
            span = _stripped_span(text, para_start, m.end())
            if span:
                turns.append(Turn(None, text[span[0]:span[1]], span[0], span[1]))
            para_start = None
    if para_start is not None:
        span = _stripped_span(text, para_start, len(text))
        if span:
            turns.append(Turn(None, text[span[0]:span[1]], span[0], span[1]))
    return turns


def _segment(text: str, filename: str, unit: str, metadata: dict, extra: dict,
             warnings: list[str]) -> list[Turn]:
    """Header metadata into ``metadata``/``extra``; the turns of the body."""
    from atlas_qual.i18n import t

    lines = text.split("\n")
    starts = _line_starts(lines)
    header = _parse_header(lines)
    _apply_header(header.entries, filename, metadata, extra, warnings)
    if header.title and "title" not in metadata:
        metadata["title"] = header.title

    labels: list[tuple[int, _Label]] = []
    for idx in range(header.end_line, len(lines)):
        line = lines[idx]
        if line:
            found = _match_label(line)
            if found:
                labels.append((idx, found))

    counts: dict[str, int] = {}
    for _, lab in labels:
        key = _speaker_key(_canonical_label(lab.speaker))
        counts[key] = counts.get(key, 0) + 1
    if sum(1 for c in counts.values() if c >= 3) >= 2:
        # With an established cast of speakers, a one-off "Label:" is far more often a slip of the
        # transcriber ("Mire: ...") than a new person.
        kept = []
        for idx, lab in labels:
            key = _speaker_key(_canonical_label(lab.speaker))
            if counts[key] == 1 and key.split()[0] not in _ROLE_WORDS and kept:
                warnings.append(t("transcript_warn_singleton_label", file=filename, line=idx + 1,
                                  label=lab.speaker))
            else:
                kept.append((idx, lab))
        labels = kept

    body_start = starts[header.end_line] if header.end_line < len(lines) else len(text)
    if not labels:
        if len(text) > body_start:
            warnings.append(t("transcript_warn_no_speakers", file=filename))
        return _paragraph_turns(text, body_start, unit)

    pre = _stripped_span(text, body_start, starts[labels[0][0]])
    if pre:
        pre_text = text[pre[0]:pre[1]]
        first, _, rest = pre_text.partition("\n")
        if "title" not in metadata and len(first) <= 200:
            metadata["title"] = first.strip().lstrip("#").strip().strip("*_").strip()
            pre_text = rest.strip()
        if pre_text:
            extra["notes"] = pre_text

    names: dict[str, str] = {}
    turns: list[Turn] = []
    for pos, (idx, lab) in enumerate(labels):
        end = starts[labels[pos + 1][0]] if pos + 1 < len(labels) else len(text)
        span = _stripped_span(text, starts[idx] + lab.content, end)
        if span is None:
            continue
        label = _canonical_label(lab.speaker)
        speaker = names.setdefault(_speaker_key(label), label)
        turns.append(Turn(speaker, text[span[0]:span[1]], span[0], span[1], lab.time, None))
    return turns


# ----------------------------------------------------------------------------------- decoding

def _fail(key: str, filename: str, **params: object) -> AtlasQualError:
    return AtlasQualError(key, file=filename, **params)


_BAD_CHARS_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")  # controls except tab and line ends


def _implausible(text: str) -> bool:
    """Too many control or replacement characters for a transcript: binary data decoded as text."""
    limit = max(2, len(text) // 200)
    bad = 0
    for _ in _BAD_CHARS_RE.finditer(text):
        bad += 1
        if bad > limit:
            return True
    return False


_SPANISH_8BIT = frozenset("áéíóúñüÁÉÍÓÚÑÜ¿¡ºª°«»“”‘’–—…€·çÇàèìòùÀÈÌÒÙâêîôûäëïö")


def _decode(data: bytes, filename: str, warnings: list[str]) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (BOM or not), UTF-16/32 with BOM, else Windows-1252/latin-1 or detected."""
    from atlas_qual.i18n import t

    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):  # UTF-32 first: its LE BOM starts with UTF-16's
            name = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be",
                    codecs.BOM_UTF32_LE: "utf-32-le", codecs.BOM_UTF32_BE: "utf-32-be"}[bom]
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise _fail("transcript_undecodable", filename, position=exc.start, encoding=name) from None
            return _checked(text, filename, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _checked(text, filename, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    # UTF-16 without BOM (some Windows tools): every other byte is NUL
    sample = data[:4000]
    if len(sample) >= 4 and len(data) % 2 == 0:
        odd_nul = sample[1::2].count(0) / (len(sample) // 2)
        even_nul = sample[0::2].count(0) / (len(sample) // 2)
        for enc, ratio, other in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
            if ratio > 0.4 and other < 0.05:
                try:
                    return _checked(data.decode(enc), filename, enc)
                except (UnicodeDecodeError, AtlasQualError):
                    break
    if b"\x00" in data:
        raise _fail("transcript_binary", filename)
    # Spanish texts that are not UTF-8 come from Windows (cp1252) or old latin-1 editors: prefer cp1252 when
    # the non-ASCII letters it yields are the ones Spanish uses; charset detectors guess wrong on short texts.
    try:
        cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        cp1252 = None
    if cp1252 is not None:
        high = [c for c in cp1252 if c > "\x7f"]
        if high and sum(c in _SPANISH_8BIT for c in high) >= 0.6 * len(high) and not _implausible(cp1252):
            # latin-1 files decode the same way (cp1252 only adds € “ ” – … in 0x80-0x9F)
            warnings.append(t("transcript_warn_encoding", file=filename, encoding="cp1252"))
            return cp1252, "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # detection is a best effort; its failure means "unknown encoding"
        best = None
    if best is not None:
        text = str(best)
        if not _implausible(text):
            warnings.append(t("transcript_warn_encoding", file=filename, encoding=best.encoding))
            return text, best.encoding
    if cp1252 is not None and not _implausible(cp1252):
        warnings.append(t("transcript_warn_encoding", file=filename, encoding="cp1252"))
        return cp1252, "cp1252"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _fail("transcript_undecodable", filename, position=exc.start, encoding="utf-8/cp1252") from None
    raise _fail("transcript_binary", filename)


def _checked(text: str, filename: str, encoding: str) -> tuple[str, str]:
    if _implausible(text):
        raise _fail("transcript_binary", filename)
    return text, encoding


# ------------------------------------------------------------------------------------ formats

def _sniff(data: bytes) -> str:
    """What the bytes are, whatever the extension says: zip, pdf, ole (old .doc), vtt, srt or text."""
    head = data[:1024]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WEBVTT"):
        return "vtt"
    if re.match(rb"\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", stripped):
        return "srt"
    return "text"


def _zip_kind(data: bytes) -> str | None:
    """``docx``, ``odt`` or None for a zip archive (also None when the archive cannot be opened)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and zf.read("mimetype").strip().startswith(
                    b"application/vnd.oasis.opendocument.text"):
                return "odt"
            if "content.xml" in names:
                return "odt"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError):
        return None
    return None


def _choose_format(data: bytes, ext: str, filename: str, warnings: list[str]) -> str:
    from atlas_qual.i18n import t

    kind = _sniff(data)
    if ext in (".docx", ".odt"):
        wanted = ext[1:]
        if kind != "zip":
            raise _fail(f"transcript_{wanted}_not_zip", filename)
        actual = _zip_kind(data)
        if actual is None:
            # a zip that zipfile cannot list is truncated or damaged: the reader gives the precise reason
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    zf.namelist()
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise _fail(f"transcript_{wanted}_corrupt", filename, reason=str(exc) or type(exc).__name__)
            raise _fail(f"transcript_{wanted}_corrupt", filename, reason="no word/document.xml or content.xml")
        if actual != wanted:
            warnings.append(t("transcript_warn_sniffed", file=filename, ext=ext, actual=actual.upper()))
        return actual
    if ext == ".pdf":
        if kind != "pdf":
            raise _fail("transcript_pdf_corrupt", filename, reason="no %PDF- signature")
        return "pdf"
    if ext in _TEXT_EXTENSIONS or ext == "":
        declared = _TEXT_EXTENSIONS.get(ext, "txt")
        if kind == "zip":
            actual = _zip_kind(data)
            if actual:
                if ext:
                    warnings.append(t("transcript_warn_sniffed", file=filename, ext=ext, actual=actual.upper()))
                return actual
            raise _fail("transcript_binary", filename)
        if kind == "pdf":
            if ext:
                warnings.append(t("transcript_warn_sniffed", file=filename, ext=ext, actual="PDF"))
            return "pdf"
        if kind in ("ole", "rtf"):
            raise _fail("transcript_unsupported_type", filename, ext=".doc" if kind == "ole" else ".rtf",
                        supported=", ".join(SUPPORTED_EXTENSIONS))
        if kind in ("vtt", "srt") and declared == "txt":
            if ext:
                warnings.append(t("transcript_warn_sniffed", file=filename, ext=ext, actual=kind.upper()))
            return kind
        return declared
    raise _fail("transcript_unsupported_type", filename, ext=ext, supported=", ".join(SUPPORTED_EXTENSIONS))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_CONTAINERS = {_W + "hyperlink", _W + "ins", _W + "smartTag", _W + "customXml", _W + "fldSimple", _W + "dir",
                 _W + "bdo"}
_W_FALSE = {"0", "false", "off"}


def _w_runs(parent):
    """The runs of a paragraph in reading order, also inside hyperlinks, insertions and content controls."""
    for child in parent:
        tag = child.tag
        if tag == _W + "r":
            yield child
        elif tag in _W_CONTAINERS:
            yield from _w_runs(child)
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _w_runs(content)


def _w_run_text(run) -> str:
    parts = []
    for el in run:
        tag = el.tag
        if tag == _W + "t":
            parts.append(el.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _w_bold(run, bold_styles: frozenset[str]) -> bool:
    props = run.find(_W + "rPr")
    if props is None:
        return False
    b = props.find(_W + "b")
    if b is not None:
        return b.get(_W + "val", "true").lower() not in _W_FALSE
    style = props.find(_W + "rStyle")
    return style is not None and style.get(_W + "val") in bold_styles


def _w_paragraph(p, bold_styles: frozenset[str]) -> tuple[str, str]:
    """(text, bold prefix): the paragraph's text and the text of its leading bold runs."""
    parts, prefix, in_prefix = [], [], True
    for run in _w_runs(p):
        text = _w_run_text(run)
        if in_prefix:
            if not text.strip() or _w_bold(run, bold_styles):
                prefix.append(text)
            else:
                in_prefix = False
        parts.append(text)
    return "".join(parts), "".join(prefix)


_TABLE_HEADER_WORDS = frozenset(
    "hablante speaker orador oradora persona texto text intervencion transcripcion transcript tiempo time "
    "hora minuto timestamp nombre name dialogo marca de".split()
)


def _row_line(cells: list[str], first_row: bool) -> str | None:
    """A table row as a line: ``Label: text`` when the first cell (after a time cell) is a speaker."""
    if not cells:
        return None
    if first_row and all(set(_fold(c).split()) <= _TABLE_HEADER_WORDS for c in cells):
        return None
    if len(cells) >= 3 and _TS_VALUE_RE.fullmatch(cells[0].strip("[]() ")) and _clean_label(cells[1].rstrip(":")):
        return f"[{cells[0].strip('[]() ')}] {cells[1].rstrip(':')}: {' '.join(cells[2:])}"
    if len(cells) >= 2 and "\n" not in cells[0] and _clean_label(cells[0].rstrip(":")):
        return f"{cells[0].rstrip(':')}: {' '.join(cells[1:])}"
    return " | ".join(cells)


def _w_table(tbl, bold_styles: frozenset[str], out: list) -> None:
    for r, row in enumerate(tbl.iter(_W + "tr")):
        if row.getparent() is not tbl:
            continue  # rows of nested tables are read with their cell
        cells = []
        for cell in row.findall(_W + "tc"):
            # a vertically merged cell repeats nothing in the XML: its continuation cells are empty
            value = "\n".join(_w_paragraph(p, bold_styles)[0] for p in cell.iter(_W + "p")).strip()
            if value:
                cells.append(value)
        line = _row_line(cells, r == 0)
        if line:
            out.append(line)


def _w_blocks(parent, bold_styles: frozenset[str], out: list) -> None:
    for child in parent:
        tag = child.tag
        if tag == _W + "p":
            text, bold = _w_paragraph(child, bold_styles)
            rest = text[len(bold):]
            # a bold label without a colon ("**Entrevistadora** Buenos días") is a candidate speaker
            label = _clean_label(bold) if bold.strip() and ":" not in bold and rest.strip() else None
            if label and not rest.lstrip().startswith((":", ".-")):
                out.append((label, rest.strip()))
            else:
                out.append(text)
        elif tag == _W + "tbl":
            _w_table(child, bold_styles, out)
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                _w_blocks(content, bold_styles, out)


def _docx_text(data: bytes, filename: str) -> str:
    try:
        import docx
        from docx.enum.style import WD_STYLE_TYPE

        document = docx.Document(io.BytesIO(data))
        bold_styles = frozenset(style.style_id for style in document.styles
                                if style.type == WD_STYLE_TYPE.CHARACTER and style.font.bold)
        blocks: list[str | tuple[str, str]] = []
        # the body XML is walked directly: python-docx's per-run objects cost seconds on long transcripts
        _w_blocks(document.element.body, bold_styles, blocks)
    except AtlasQualError:
        raise
    except Exception as exc:  # python-docx raises many kinds on damaged parts; all mean "damaged"
        raise _fail("transcript_docx_corrupt", filename, reason=_short(exc)) from None
    # only a bold prefix that recurs is taken as a speaker, so a bold first word of a paragraph stays text
    counts: dict[str, int] = {}
    for block in blocks:
        if isinstance(block, tuple):
            counts[_speaker_key(block[0])] = counts.get(_speaker_key(block[0]), 0) + 1
    out = []
    for block in blocks:
        if isinstance(block, tuple):
            label, rest = block
            out.append(f"{label}: {rest}" if counts[_speaker_key(label)] >= 2 else f"{label} {rest}")
        else:
            out.append(block)
    return "\n".join(out)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


_ODF_SKIP = {"note", "annotation", "tracked-changes", "bookmark", "bookmark-start", "bookmark-end",
             "sequence-decls", "variable-decls", "user-field-decls", "table-of-content", "soft-page-break"}


def _odf_inline(node) -> str:
    parts = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType == child.ELEMENT_NODE:
            local = child.qname[1]
            if local in _ODF_SKIP:
                continue
            if local == "line-break":
                parts.append("\n")
            elif local == "tab":
                parts.append("\t")
            elif local == "s":
                parts.append(" " * int(child.getAttribute("c") or 1))
            else:
                parts.append(_odf_inline(child))
    return "".join(parts)


def _odt_blocks(node, out: list[str]) -> None:
    for child in node.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        local = child.qname[1]
        if local in _ODF_SKIP:
            continue
        if local in ("p", "h"):
            out.append(_odf_inline(child))
        elif local == "table":
            rows = []
            _odf_rows(child, rows)
            out.extend(rows)
        else:
            _odt_blocks(child, out)


def _odf_rows(table, out: list[str]) -> None:
    for child in table.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        local = child.qname[1]
        if local == "table-row":
            cells = []
            for cell in child.childNodes:
                if cell.nodeType == cell.ELEMENT_NODE and cell.qname[1] == "table-cell":
                    parts: list[str] = []
                    _odt_blocks(cell, parts)
                    value = "\n".join(parts).strip()
                    if value:
                        cells.append(value)
            line = _row_line(cells, not out)
            if line:
                out.append(line)
        elif local in ("table-header-rows", "table-rows", "table-row-group"):
            _odf_rows(child, out)


def _odt_text(data: bytes, filename: str) -> str:
    try:
        from odf.opendocument import load

        document = load(io.BytesIO(data))
        blocks: list[str] = []
        _odt_blocks(document.text, blocks)
    except Exception as exc:  # odfpy raises zip, XML and attribute errors on damaged files
        raise _fail("transcript_odt_corrupt", filename, reason=_short(exc)) from None
    return "\n".join(blocks)


_PAGE_NUMBER_RE = re.compile(
    r"\s*(?:(?:p[aá]g(?:ina)?|page)\.?\s*)?\d{1,4}(?:\s*(?:de|of|/)\s*\d{1,4})?\s*", re.I
)
_HYPHEN_BREAK_RE = re.compile(r"([a-záéíóúñü])-\n([a-záéíóúñü])")


def _pdf_text(data: bytes, filename: str, warnings: list[str]) -> str:
    import logging

    # pypdf logs every recoverable oddity of a file; the user gets our messages instead
    logger = logging.getLogger("pypdf")
    old_level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return _pdf_pages_text(data, filename, warnings)
    finally:
        logger.setLevel(old_level)


def _pdf_pages_text(data: bytes, filename: str, warnings: list[str]) -> str:
    from atlas_qual.i18n import t

    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # missing AES backend or unsupported handler: same advice for the user
                opened = 0
            if not opened:
                raise _fail("transcript_pdf_encrypted", filename)
        pages = list(reader.pages)
    except AtlasQualError:
        raise
    except Exception as exc:  # pypdf's errors on broken xref tables, streams, trailers
        raise _fail("transcript_pdf_corrupt", filename, reason=_short(exc)) from None
    texts, empty = [], []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # one unreadable page must not lose the others
            text = ""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and (not lines[0].strip() or _PAGE_NUMBER_RE.fullmatch(lines[0])):
            lines.pop(0)
        while lines and (not lines[-1].strip() or _PAGE_NUMBER_RE.fullmatch(lines[-1])):
            lines.pop()
        if not any(line.strip() for line in lines):
            empty.append(number)
            continue
        texts.append("\n".join(lines))
    if not texts:
        raise _fail("transcript_pdf_scanned", filename, pages=len(pages))
    if empty:
        warnings.append(t("transcript_warn_pdf_empty_pages", file=filename, count=len(empty),
                          pages=", ".join(map(str, empty[:20])) + (" …" if len(empty) > 20 else "")))
    return _HYPHEN_BREAK_RE.sub(r"\1\2", "\n".join(texts))


# ------------------------------------------------------------------------------- subtitles

_CUE_TIME_RE = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)"
)
_VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.I)
_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>|\{\\[^}]*\}")


def _cue_seconds(stamp: str) -> float | None:
    parts = stamp.replace(",", ".").split(":")
    try:
        secs = float(parts[-1])
        minutes = int(parts[-2])
        hours = int(parts[-3]) if len(parts) == 3 else 0
    except (ValueError, IndexError):
        return None
    return round(hours * 3600 + minutes * 60 + secs, 3)


def _clean_cue(text: str) -> str:
    return " ".join(html.unescape(_TAG_RE.sub("", text)).split())


def _cue_pieces(payload: list[str], voiced: bool) -> list[tuple[str | None, str]]:
    """(speaker, text) pieces of one cue: ``<v Name>`` voices, else ``Name:`` at the start of a line."""
    raw = "\n".join(payload)
    pieces: list[tuple[str | None, str]] = []
    if voiced and _VOICE_RE.search(raw):
        matches = list(_VOICE_RE.finditer(raw))
        lead = _clean_cue(raw[:matches[0].start()])
        if lead:
            pieces.append((None, lead))
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(raw)
            name = " ".join((m.group(1) or "").split()) or None
            text = _clean_cue(raw[m.end():end])
            if text:
                pieces.append((name, text))
        return pieces
    for line in payload:
        line = html.unescape(_TAG_RE.sub("", line))
        lab = _match_label(line.lstrip("-– "))
        if lab:
            text = " ".join(line.lstrip("-– ")[lab.content:].split())
            pieces.append((lab.speaker, text))
        elif line.strip():
            pieces.append((None, " ".join(line.split())))
    return pieces


def _parse_cues(text: str, fmt: str, filename: str, metadata: dict, extra: dict,
                warnings: list[str]) -> tuple[str, list[Turn]]:
    blocks = re.split(r"\n\s*\n", text)
    header_pairs: list[tuple[str, str, bool]] = []
    cues: list[tuple[str | None, str, float | None, float | None]] = []  # (speaker, text, start, end)
    for b, block in enumerate(blocks):
        lines = block.split("\n")
        if b == 0 and lines[0].startswith("WEBVTT"):
            title = lines[0][6:].strip(" -\t")
            if title:
                metadata.setdefault("title", title)
            lines = lines[1:]
            for line in lines:
                if _CUE_TIME_RE.match(line):
                    break
                kv = _split_kv(line)
                if kv:
                    header_pairs.append((kv[0], kv[1], _header_key(kv[0]) is not None))
            if not any(_CUE_TIME_RE.match(line) for line in lines):
                continue
        time_idx = next((i for i, line in enumerate(lines) if _CUE_TIME_RE.match(line)), None)
        if time_idx is None:
            if lines[0].startswith("NOTE") and not cues:
                for line in lines[1:]:
                    kv = _split_kv(line)
                    if kv:
                        header_pairs.append((kv[0], kv[1], _header_key(kv[0]) is not None))
            elif cues and fmt == "srt" and not (len(lines) == 1 and lines[0].strip().isdigit()):
                # a blank line inside a cue's text splits it in malformed files: the text belongs to that cue
                speaker, prev, t0, t1 = cues[-1]
                extra_text = " ".join(" ".join(lines).split())
                cues[-1] = (speaker, f"{prev} {extra_text}".strip(), t0, t1)
            continue
        m = _CUE_TIME_RE.match(lines[time_idx])
        start, end = _cue_seconds(m.group(1)), _cue_seconds(m.group(2))
        for speaker, piece in _cue_pieces(lines[time_idx + 1:], voiced=(fmt == "vtt")):
            cues.append((speaker, piece, start, end))
    if not cues:
        raise _fail("transcript_no_cues", filename, format=fmt.upper())
    _apply_header(header_pairs, filename, metadata, extra, warnings)

    merged: list[list] = []
    current: str | None = None
    for speaker, piece, start, end in cues:
        # as in plain text, a turn goes on until the next label
        speaker = speaker or current
        current = speaker
        if merged:
            last = merged[-1]
            same = (last[0] is not None and speaker is not None and _speaker_key(last[0]) == _speaker_key(speaker))
            unlabeled = last[0] is None and speaker is None and not last[1].endswith((".", "?", "!", "…")) \
                and len(last[1]) < 1000 and (start is None or last[3] is None or start - last[3] < 2.0)
            if same or unlabeled:
                last[1] = f"{last[1]} {piece}"
                last[3] = end if end is not None else last[3]
                continue
        merged.append([speaker, piece, start, end])

    names: dict[str, str] = {}
    parts, turns, pos = [], [], 0
    for speaker, piece, start, end in merged:
        piece = normalize_text(piece)
        if not piece:
            continue
        if speaker is not None:
            speaker = names.setdefault(_speaker_key(speaker), " ".join(normalize_text(speaker).split()))
        prefix = f"{speaker}: " if speaker else ""
        if parts:
            pos += 2
        turn_start = pos + len(prefix)
        parts.append(prefix + piece)
        pos += len(prefix) + len(piece)
        turns.append(Turn(speaker, piece, turn_start, turn_start + len(piece), start, end))
    return "\n\n".join(parts), turns


# --------------------------------------------------------------------------------- public API

def _build(text: str, *, filename: str, fmt: str, encoding: str | None, original: bytes, unit: str,
           warnings: list[str]) -> ParsedTranscript:
    metadata: dict = {}
    extra: dict = {}
    if fmt in ("vtt", "srt"):
        text, turns = _parse_cues(normalize_text(text), fmt, filename, metadata, extra, warnings)
    else:
        text = normalize_text(text)
        if not text:
            raise _fail("transcript_blank", filename)
        turns = _segment(text, filename, unit, metadata, extra, warnings)
    if not turns:
        raise _fail("transcript_no_body" if text.strip() else "transcript_blank", filename)
    if "language" not in metadata:
        metadata["language"] = detect_language(text)
    speakers: dict[str, None] = {}
    for turn in turns:
        if turn.speaker is not None:
            speakers.setdefault(turn.speaker, None)
    return ParsedTranscript(
        filename=filename,
        format=fmt,
        encoding=encoding,
        text=text,
        turns=tuple(turns),
        metadata=metadata,
        extra=extra,
        speakers=tuple(speakers),
        sha256=hashlib.sha256(original).hexdigest(),
        original=original,
        warnings=tuple(warnings),
    )


def parse_text(text: str, filename: str = "text.txt") -> ParsedTranscript:
    """Parse already-decoded text (pasted, or from another importer); ``.vtt``/``.srt`` names parse cues.

    The original bytes are the UTF-8 encoding of ``text``.

    Examples:
        >>> p = parse_text("P: ¿Qué funciona?\\nR: La mesa de trata.")
        >>> [(t.speaker, t.text) for t in p.turns]
        [('P', '¿Qué funciona?'), ('R', 'La mesa de trata.')]
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_text expects str, got {type(text).__name__}; use read_transcript for bytes")
    ext = Path(filename).suffix.lower()
    fmt = _TEXT_EXTENSIONS.get(ext, "txt")
    if fmt == "txt" and text.lstrip("\ufeff \t\r\n").startswith("WEBVTT"):
        fmt = "vtt"
    if not text:
        raise _fail("transcript_empty", filename)
    return _build(text, filename=filename, fmt=fmt, encoding="utf-8", original=text.encode("utf-8"),
                  unit="auto", warnings=[])


def read_transcript(source: str | os.PathLike | bytes, filename: str | None = None, *,
                    max_bytes: int = MAX_BYTES) -> ParsedTranscript:
    """Read a transcript file (or its bytes) into a :class:`ParsedTranscript`.

    ``source`` is a path or the file's bytes; ``filename`` names it in messages and gives the extension (default:
    the path's name; for bytes without a name the format is sniffed). Formats: .docx, .odt, .pdf (with a text
    layer), .txt/.md (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252/latin-1), .vtt, .srt. Every
    problem raises :class:`AtlasQualError` with a message naming the file and saying how to fix it.

    Examples:
        >>> p = read_transcript("Entrevistadora: ¿Cómo está?\\nFiscal Adjunta: Bien.".encode("cp1252"), "e.txt")
        >>> p.encoding, p.speakers
        ('cp1252', ('Entrevistadora', 'Fiscal Adjunta'))
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = filename or "transcript"
        if len(data) > max_bytes:
            raise _fail("transcript_too_large", name, size_mb=_mb(len(data)), max_mb=_mb(max_bytes))
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = filename or path.name
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise _fail("transcript_too_large", name, size_mb=_mb(size), max_mb=_mb(max_bytes))
            data = path.read_bytes()
        except AtlasQualError:
            raise
        except OSError as exc:
            raise _fail("transcript_not_found", name, reason=exc.strerror or type(exc).__name__) from None
    else:
        raise TypeError(f"read_transcript expects a path or bytes, got {type(source).__name__}")
    if not data:
        raise _fail("transcript_empty", name)
    warnings: list[str] = []
    ext = Path(name).suffix.lower()
    if ext and ext not in SUPPORTED_EXTENSIONS and (ext[1:].isdigit() or not re.fullmatch(r"\.[a-z0-9]{1,5}", ext)):
        ext = ""  # "Entrevista 14.03.2025" has no real extension: the content decides
    fmt = _choose_format(data, ext, name, warnings)
    if fmt == "docx":
        return _build(_docx_text(data, name), filename=name, fmt="docx", encoding=None, original=data,
                      unit="lines", warnings=warnings)
    if fmt == "odt":
        return _build(_odt_text(data, name), filename=name, fmt="odt", encoding=None, original=data,
                      unit="lines", warnings=warnings)
    if fmt == "pdf":
        return _build(_pdf_text(data, name, warnings), filename=name, fmt="pdf", encoding=None, original=data,
                      unit="flow", warnings=warnings)
    text, encoding = _decode(data, name, warnings)
    if not text.strip(" \t\r\n\ufeff\u200b\u00a0"):
        raise _fail("transcript_blank", name)
    if fmt == "txt" and text.lstrip("\ufeff \t\r\n").startswith("WEBVTT"):
        fmt = "vtt"
    return _build(text, filename=name, fmt=fmt, encoding=encoding, original=data, unit="auto",
                  warnings=warnings)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.3g}"
