"""Speaker labels at the start of a line (`Nombre:`, `[Nombre]`, `P:`, time stamps) and how sure we are that a
document has speakers at all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from atlas_qual.transcripts.model import _fold

# ------------------------------------------------------------------------------ speaker labels

_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_LEAD_TS_RE = re.compile(rf"[\[(]?({_TS})[\])]?[ \t]*(?:[-–—|][ \t]*)?(?=\S)")
_BRACKET_RE = re.compile(r"(?:\*\*|__)?\[([^\[\]\n]{1,40})\](?:\*\*|__)?[ \t]*(?::|\.-|[-–—](?=[ \t]))?[ \t]*")
# (bold or italic in Markdown: "**Entrevistadora:**", "*Entrevistadora:*", "__E__:")
_COLON_RE = re.compile(
    rf"(?:\*\*?|__?)?([^\W\d_][^:\n]{{0,39}}?)(?:\*\*?|__?)?(?:[ \t]*[\[(]({_TS})[\])])?[ \t]*(?:\*\*?|__?)?"
    r"(:|\.-)(?:\*\*?|__?)?(?!//)[ \t]*"
)
# a Markdown list item or quote opening a label in bold or italics: "- **Entrevistadora:** ...", "> **E:** ..."
_MD_LEAD_RE = re.compile(r"(?:(?:>[ \t]*)+(?:[-*+][ \t]+)?|[-*+][ \t]+)(?=[*_])")
# "Marta Ruiz   0:03" alone on a line, the utterance below (Otter, Teams exports)
_STAMP_LINE_RE = re.compile(rf"([^\W\d_][^:\n]{{0,39}}?)[ \t]+[\[(]?({_TS})[\])]?[ \t]*$")
_TS_VALUE_RE = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
_LABEL_BAD_CHARS = frozenset(',;!?¿¡"“”«»…=<>{}|@#$%&*+[]')
_ABBR_RE = re.compile(r"(?:[^\W\d_]{1,4}\.|(?:[^\W\d_]\.)+)")
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)+")
# "E2", "P10"; pseudonym codes too ("AP-1", "INS-AP-01"): a redacted export names the interviewee by them
_DIGIT_WORD_RE = re.compile(r"[^\W\d_]{0,3}\d{1,3}|(?:[^\W\d_]{1,4}-)+\d{1,3}")

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
# Labels that stand for the person answering (P:/R:, Entrevistador/Entrevistado): with a pseudonym in the header
# they are shown as the pseudonym, like a label with the interviewee's name. "E" and "A" are left out: "E" is
# Entrevistador as often as Entrevistado, and "A" is also a speaker's letter (A:/B:).
_RESPONDENT_LABELS = frozenset("r respuesta resp entrevistado entrevistada interviewee respondent answer".split())


def is_respondent_label(label: str | None, labels=()) -> bool:
    """True for a speaker label that means "the interviewee" (``R``, ``Entrevistada``, ``Respuesta 3``), or the one
    answering in a one-letter pair among the transcript's ``labels`` (the ``I`` of ``E``/``I``, see asking_label).

    Examples:
        >>> is_respondent_label("R"), is_respondent_label("Entrevistada"), is_respondent_label("P")
        (True, True, False)
        >>> is_respondent_label("I", ["E", "I"]), is_respondent_label("I", ["I", "R"]), is_respondent_label("I")
        (True, False, False)
    """
    if label and labels and label == answering_label(labels):
        return True
    words = _fold(label or "").replace(".", " ").split()
    if len(words) == 2 and words[1].isdigit() and words[0] in ("respuesta", "resp", "answer"):
        words = words[:1]  # "Respuesta 3" numbers answers; "Entrevistada 2" is a second person
    return len(words) == 1 and words[0] in _RESPONDENT_LABELS
_INTERVIEWER_LABELS = frozenset("p pregunta preg q question entrevistador entrevistadora entrevistadores interviewer "
                                "moderador moderadora moderator facilitador facilitadora facilitator".split())


def is_interviewer_label(label: str | None, interviewer: str | None = None) -> bool:
    """True for a speaker label that means "the one asking" (``P``, ``Entrevistadora``, ``Pregunta 2``) or names
    the transcript's ``interviewer`` (its header's, whole or by first name).

    Examples:
        >>> is_interviewer_label("P"), is_interviewer_label("Entrevistadora"), is_interviewer_label("R")
        (True, True, False)
        >>> is_interviewer_label("Ana", "Ana Giménez"), is_interviewer_label("Ana Giménez", "Ana Giménez")
        (True, True)
    """
    words = _fold(label or "").replace(".", " ").replace("/", " ").split()
    if len(words) == 2 and words[1].isdigit() and words[0] in ("pregunta", "preg", "question"):
        words = words[:1]
    if len(words) == 2 and words[0] in ("entrevistador", "entrevistadora") and words[1] in ("a", "as", "es"):
        words = words[:1]  # "Entrevistador/a"
    if len(words) == 1 and words[0] in _INTERVIEWER_LABELS:
        return True
    name = _fold(interviewer or "").split()
    return bool(words and name) and (words == name or (len(words) == 1 and words[0] == name[0]))


# One-letter pairs whose meaning is in the pair: "E:"/"I:" is entrevistador(a) and informante (the "I" answers),
# "I:"/"R:" interviewer and respondent (the "I" asks), "E:"/"R:" entrevistador(a) and respuesta
_ASKING_IN_PAIR = {frozenset({"e", "i"}): "e", frozenset({"i", "r"}): "i", frozenset({"e", "r"}): "e"}


def asking_label(labels) -> str | None:
    """The label of the one asking when a transcript's speakers are a one-letter pair whose meaning depends on the
    other letter (``E``/``I``: E asks; ``I``/``R``: I asks), as written; None otherwise.

    Examples:
        >>> asking_label(["E", "I", "E"]), asking_label(["I", "R"]), asking_label(["E.", "R."])
        ('E', 'I', 'E.')
        >>> asking_label(["I", "Ana"]), asking_label(["P", "R"])
        (None, None)
    """
    written = {_fold(label or "").strip(" .:-"): label for label in labels if label}
    asking = _ASKING_IN_PAIR.get(frozenset(written))
    return written[asking] if asking else None


def answering_label(labels) -> str | None:
    """The label of the one answering in such a one-letter pair (``I`` of ``E``/``I``, ``R`` of ``I``/``R`` and
    ``E``/``R``), as written; None otherwise.

    Examples:
        >>> answering_label(["E", "I", "E"]), answering_label(["I.", "R."]), answering_label(["P", "R"])
        ('I', 'R.', None)
    """
    written = {_fold(label or "").strip(" .:-"): label for label in labels if label}
    asking = _ASKING_IN_PAIR.get(frozenset(written))
    return next(label for key, label in written.items() if key != asking) if asking else None


# First words of the section headings, captions and post fields of papers, reports, books and social-media exports:
# "Abstract:", "Episode 1:", "Figura 2:", "Publicado:" open a block of text, nobody speaks them.
_SECTION_WORDS = frozenset(
    "abstract resumen keywords palabras introduccion introduction metodologia methodology methods metodo "
    "resultados results discusion discussion referencias references bibliografia bibliography episode "
    "episodio capitulo chapter seccion section figura figure fig tabla table cuadro grafico fuente source "
    "anexo annex appendix apendice posted publicado publicada tags etiquetas hashtags link enlace url autor "
    "author autores authors doi issn isbn vol volumen volume edicion edition tema topic asunto subject "
    "retweet rt likes comentarios shares".split()
)
# below this a document's "Word:" line starts are not taken as speakers (see speaker_confidence)
SPEAKER_THRESHOLD = 0.5


@lru_cache(maxsize=8192)  # a pure function of the text, and an interview repeats its few labels on every turn
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
    if _fold(words[0].rstrip(".")) in _SECTION_WORDS:
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
    md = _MD_LEAD_RE.match(line, pos)
    if md:
        pos = md.end()
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


_NAME_CONNECTORS = frozenset("de del la las los y e da do dos van von".split())


def speaker_confidence(keys: list[str]) -> float:
    """How much a document's label sequence (speaker keys in reading order) looks like an interview, 0 to 1.

    An interview or a focus group has a small cast who speak again and again and take turns; papers, posts and
    literature have many "Word:" line starts used once or twice ("Koronavírus:", "Pfizer:", "Abstract:"). The score
    is the share of labels said by speakers who speak again, averaged with the share of the six most frequent
    speakers, and scaled down when more than twelve different labels appear. Role labels (``Entrevistadora``,
    ``P``/``R``) and a short exchange of up to three different labels are trusted.

    Examples:
        >>> speaker_confidence(["entrevistadora", "fiscal", "entrevistadora", "fiscal"])
        1.0
        >>> speaker_confidence([f"word{i}" for i in range(20)] + ["pfizer", "pfizer"]) < SPEAKER_THRESHOLD
        True
    """
    if not keys:
        return 0.0
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    n, distinct = len(keys), len(counts)
    if any(key.split()[0] in _ROLE_WORDS for key in counts if counts[key] >= 2) or \
            (distinct <= 3 and all(key.split()[0] in _ROLE_WORDS for key in counts)):
        return 1.0
    if n <= 3 and distinct == n:
        return 0.6  # "Entrevistadora: ... / Consejera: ...": too short to judge, the labels are all we have
    recurring = sum(c for c in counts.values() if c >= 2) / n
    cast = sum(sorted(counts.values(), reverse=True)[:6]) / n
    score = (recurring + cast) / 2
    if distinct > 12:
        score *= 12 / distinct
    return round(score, 3)
