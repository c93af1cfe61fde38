"""The data a transcript reader returns (turns, parsed transcript), text normalization and shared helpers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from atlas_qual.errors import AtlasQualError
from atlas_qual.text import fold

MAX_BYTES = 50_000_000
SUPPORTED_EXTENSIONS = (".docx", ".odt", ".pdf", ".txt", ".md", ".vtt", ".srt")
# what `atlas-qual import` takes: the transcript formats, a REFI-QDA project, and a .zip of either kind of file
IMPORT_EXTENSIONS = SUPPORTED_EXTENSIONS + (".qdpx", ".zip")
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
    # how much the labels looked like an interview's speakers (transcripts.speakers.speaker_confidence); None: no
    # labels were looked for (subtitles, --no-speakers)
    speaker_confidence: float | None = None


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
# finds whether a text holds any of them: translating character by character costs 50x a search, and most texts hold none
_ANY_INVISIBLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_INVISIBLE)) + "]")
_TRAILING_WS = re.compile(r"[ \t\u3000]+$", re.M)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """The normalized form offsets refer to: NFC, LF, no zero-width chars/BOM, no trailing spaces.

    Runs of blank lines become one blank line and the text is stripped at both ends.

    Examples:
        >>> normalize_text("\\ufeffNin\\u0303ez  \\r\\n\\r\\n\\r\\nfin\\u200b")
        'Niñez\\n\\nfin'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ANY_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", text)
    # (each substitution only where it has something to do: the patterns try every blank of the text)
    if " \n" in text or "\t\n" in text or "\u3000\n" in text or text.endswith((" ", "\t", "\u3000")):
        text = _TRAILING_WS.sub("", text)
    if "\n\n\n" in text:
        text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n").rstrip()


# labels and header keys compared without case or accents; the same few keys recur on every line
_fold = lru_cache(maxsize=4096)(fold)


# ------------------------------------------------------------------------------ language detection

_WORD_RE = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """The transcript's language as stored on the transcript: ``"es"`` or ``"en"`` (Spanish when unsure, the working
    language). Turns keep their own finer language (es, en, gn, mixed) from the same detector, ``nlp.detect_language``.

    Examples:
        >>> detect_language("La inspección de trabajo y la fiscalía no se conocen.")
        'es'
        >>> detect_language("The labor inspectors and the prosecutors do not know each other.")
        'en'
    """
    from atlas_qual.nlp import detect_language as per_text

    return "en" if per_text(text[:20_000]) == "en" else "es"


# ----------------------------------------------------------------------------------- decoding

def _fail(key: str, filename: str, **params: object) -> AtlasQualError:
    return AtlasQualError(key, file=filename, **params)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]
