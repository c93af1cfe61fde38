"""Full-text search over transcripts: words and their lemmas, accent- and case-blind, shown as keyword in context.

Pure functions: tokenizing a segment for the index (``tokens``, ``lemma_keys``), reading what a person types
(``parse_query``) and cutting a redacted keyword-in-context line around a hit (``kwic``). The index itself and the
search over it live in :mod:`atlas_qual.store.search_index`; ``atlas-qual search`` and the retrieval page call it.

A query is one or more parts that must all occur in the same turn: a word (any inflection: ``derivación`` also finds
"derivaciones", ``denunciar`` finds "denunció"), a prefix ``deriv*``, or a quoted phrase ``"mesa de trata"`` (those
words in a row, accents and case ignored, no lemmas). Guaraní turns are not lemmatised: their words match as
written (accents ignored).

Examples:
    >>> [(t.term, t.start, t.end) for t in tokens("Derivó a la Fiscalía", offset=10)]
    [('derivo', 10, 16), ('a', 17, 18), ('la', 19, 21), ('fiscalia', 22, 30)]
    >>> parse_query('derivación "mesa de trata" inspec*')
    SearchQuery(parts=(Word(text='derivación', prefix=False), Phrase(words=('mesa', 'de', 'trata')), Word(text='inspec', prefix=True)))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Iterable, Mapping

from atlas_qual.errors import AtlasQualError
from atlas_qual.redaction import redacted_slice
from atlas_qual.text import fold

__all__ = ["Hit", "Phrase", "SearchQuery", "SearchResult", "Token", "Word", "kwic", "lemma_keys", "parse_query",
           "tokens"]

# letters and digits, with Guaraní's combining tilde (g̃) and the puso inside a word (mba'e, ko'ápe)
_WORD_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+(?:['’ʼ](?:[^\W_]|[\u0300-\u036f])+)*")
# the same words in a text without "_" (nearly every text), where ``(?:[^\W_]|[\u0300-\u036f])`` is one character
# class: a third faster, and the index reads every word of an import
_WORD_RUN_RE = re.compile(r"([\w\u0300-\u036f]+(?:['’ʼ][\w\u0300-\u036f]+)*)")  # a group: for re.split
KWIC_WIDTH = 60
MAX_TERM = 120


@dataclass(frozen=True)
class Token:
    """A word of a text: folded form and code-point offsets (plus ``offset`` given to :func:`tokens`)."""

    term: str
    start: int
    end: int


def tokens(text: str, offset: int = 0) -> list[Token]:
    """The words of ``text`` folded (case, accents and the puso's variants ignored), with their offsets."""
    out = []
    for m in _WORD_RE.finditer(text):
        term = _fold_term(m.group())
        if term:
            out.append(Token(term[:MAX_TERM], offset + m.start(), offset + m.end()))
    return out


def word_spans(text: str) -> tuple[list[str], list[int], list[int]]:
    """The words of ``text`` as written (what ``_WORD_RE`` finds), with their start and end offsets, as three lists.

    Examples:
        >>> word_spans("Ko'ápe, dato_2")
        (["Ko'ápe", 'dato', '2'], [0, 8, 13], [6, 12, 14])
    """
    if "_" in text:
        found = list(_WORD_RE.finditer(text))
        return list(map(re.Match.group, found)), list(map(re.Match.start, found)), list(map(re.Match.end, found))
    # text and words alternate in the split; the offsets are the running sums of their lengths (no match objects)
    parts = _WORD_RUN_RE.split(text)
    bounds = list(accumulate(map(len, parts)))
    return parts[1::2], bounds[0:-1:2], bounds[1::2]


_folded: dict[str, str] = {}


def _fold_term(word: str) -> str:
    # a corpus repeats a few thousand words: fold each once per process (bounded so it cannot grow without end)
    found = _folded.get(word)
    if found is None:
        found = fold(word).replace("’", "'").replace("ʼ", "'")
        if len(_folded) < 200_000:
            _folded[word] = found
    return found


_lemma_cache: dict[tuple[str, str], str] = {}


def lemma_keys(words: Iterable[str], lang: str) -> dict[str, str]:
    """Folded word -> folded lemma for ``lang`` ("es"; "en"; "gn" and "mixed" as described in the module doc).

    Give the words as written: the lemmatizer needs the accents ("recomendaría" is "recomendar", "recomendaria" is
    nothing it knows), and the result is keyed by the folded word. Guaraní words are their own lemma (no Spanish
    lemmatizer on Guaraní); words the lemmatizer drops (numbers) too. The lemmatizer looks words up one by one, so
    the result is cached per process.

    Examples:
        >>> lemma_keys(["derivaciones", "inspectores"], "es")
        {'derivaciones': 'derivacion', 'inspectores': 'inspector'}
        >>> lemma_keys(["Recomendaría", "podría"], "es")
        {'recomendaria': 'recomendar', 'podria': 'poder'}
    """
    forms: dict[str, str] = {}
    for word in words:
        forms.setdefault(_fold_term(word), word.lower())
    return _lemmas_of_forms(forms, lang)


def text_lemma_keys(terms: list[str], words: list[str], lang: str) -> dict[str, str]:
    """``lemma_keys(words, lang)`` for the words of a text given with their folded forms (``terms[i]`` is the folded
    ``words[i]``): each folded form is looked up once, in the spelling it first has in the text."""
    last_to_first = dict(zip(reversed(terms), reversed(words)))  # each folded form's first spelling, in C
    return _lemmas_of_forms({term: last_to_first[term].lower() for term in dict.fromkeys(terms)}, lang)


def _lemmas_of_forms(forms: dict[str, str], lang: str) -> dict[str, str]:
    """Folded word -> folded lemma, from folded word -> the spelling to look up (lowercase)."""
    if lang == "gn":
        return {term: term for term in forms}
    nlp_lang = "en" if lang == "en" else "es"
    missing = list(dict.fromkeys(form for form in forms.values() if (form, nlp_lang) not in _lemma_cache))
    if missing:
        from atlas_qual.nlp import lemmatize_many

        for form, lemmas in zip(missing, lemmatize_many(missing, nlp_lang)):
            _lemma_cache[(form, nlp_lang)] = _fold_term(lemmas[0])[:MAX_TERM] if len(lemmas) == 1 else None
    out = {}
    for term, form in forms.items():
        lemma = _lemma_cache[(form, nlp_lang)]
        out[term] = lemma if lemma else term
    return out


@dataclass(frozen=True)
class Word:
    """One word of a query: any inflection of it, or any word starting with it when ``prefix``."""

    text: str
    prefix: bool = False

    @property
    def term(self) -> str:
        return _fold_term(self.text)

    def keys(self) -> set[str]:
        """The folded forms and lemmas a token's ``term`` or ``lemma`` may equal (Spanish and English lemmas)."""
        term = self.term
        found = {term}
        for lang in ("es", "en"):
            found.add(lemma_keys([self.text], lang)[term])  # as typed: the accents find the lemma
            found.add(lemma_keys([term], lang)[term])
        return found


@dataclass(frozen=True)
class Phrase:
    """Words in a row, as written (accents and case ignored)."""

    words: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(_fold_term(w) for w in self.words)


@dataclass(frozen=True)
class SearchQuery:
    parts: tuple[Word | Phrase, ...]


_QUERY_RE = re.compile(r'"([^"]*)"|“([^”]*)”|(\S+)')


def parse_query(text: str) -> SearchQuery:
    """What a person typed as a :class:`SearchQuery`; an empty query raises :class:`AtlasQualError`."""
    parts: list[Word | Phrase] = []
    for m in _QUERY_RE.finditer(text or ""):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        if quoted is not None:
            words = tuple(m2.group() for m2 in _WORD_RE.finditer(quoted))
            if len(words) == 1:
                parts.append(Word(words[0]))
            elif words:
                parts.append(Phrase(words))
            continue
        raw = m.group(3)
        if raw[:1] in ('"', "“") or raw.count('"') or "”" in raw:  # a quote the query never closes
            raise AtlasQualError("search_unclosed_quote", query=text, part=raw)
        prefix = raw.endswith("*")
        found = [m2.group() for m2 in _WORD_RE.finditer(raw)]
        for i, word in enumerate(found):
            parts.append(Word(word, prefix=prefix and i == len(found) - 1))
    if not parts:
        raise AtlasQualError("search_empty_query", query=text or "")
    return SearchQuery(tuple(parts))


@dataclass(frozen=True)
class Hit:
    """One occurrence of a query in a turn, as keyword in context (``left`` + ``match`` + ``right``, redacted
    unless asked otherwise). ``start``/``end`` are code points into the transcript text: the span a coding of
    this hit covers; ``turn_start``/``turn_end`` in ``to_dict`` are the same span within the turn, as
    ``codings import`` and ``codings export`` give spans (``turn_offset``: where the turn starts)."""

    number: int
    transcript_id: int
    title: str
    segment_id: int
    ordinal: int
    speaker: str
    start: int
    end: int
    left: str
    match: str
    right: str
    language: str | None
    attributes: Mapping[str, Any] = field(default_factory=dict)
    turn_offset: int = 0
    glued_left: bool = False  # no space between the left context and the match in the turn ("CODENI-pe")
    glued_right: bool = False  # none between the match and the right context ("denuncias?", "147-pe")

    def separators(self) -> tuple[str, str]:
        """What goes between left and match and between match and right when a line shows them: a space, or
        nothing where the turn has none ("la CODENI-pe", "¿las denuncias?"), so no word is shown cut in two."""
        return ("" if self.glued_left or not self.left else " ", "" if self.glued_right or not self.right else " ")

    def line(self, before: str = "»", after: str = "«") -> str:
        """The keyword-in-context line as the turn has it, the match between ``before`` and ``after``."""
        sep_left, sep_right = self.separators()
        return f"{self.left}{sep_left}{before}{self.match}{after}{sep_right}{self.right}"

    def to_dict(self) -> dict[str, Any]:
        return {"hit": self.number, "transcript_id": self.transcript_id, "title": self.title,
                "segment_id": self.segment_id, "turn": self.ordinal, "speaker": self.speaker, "start": self.start,
                "end": self.end, "turn_start": self.start - self.turn_offset, "turn_end": self.end - self.turn_offset,
                "left": self.left, "match": self.match, "right": self.right,
                "language": self.language, **{k: v for k, v in self.attributes.items()}}


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    segments: int
    transcripts: int
    searched: int | None = None  # with no hits: the interviews searched (those matching the filters)
    absent: tuple[str, ...] = ()  # with no hits: the words or phrases of the query found in none of them

    def explain(self, lang: str | None = None) -> str:
        """Why there is no hit, in one line a person can act on ("" when there are hits)."""
        from atlas_qual.i18n import t

        if self.hits:
            return ""
        if not self.searched:
            return t("search_none_scope", lang=lang)
        if self.absent:
            return t("search_none_absent", lang=lang, words=", ".join(f"«{w}»" for w in self.absent),
                     transcripts=self.searched)
        return t("search_none_together", lang=lang, query=self.query, transcripts=self.searched)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": len(self.hits), "segments": self.segments,
                "transcripts": self.transcripts, "hits": [h.to_dict() for h in self.hits]}


def kwic(text: str, start: int, end: int, redactor=None, width: int = KWIC_WIDTH) -> tuple[str, str, str]:
    """(left, match, right) around ``text[start:end]``, cut at word boundaries about ``width`` characters out.

    With a redactor, personal data are replaced in all three; a name that overlaps the match is replaced whole, the
    match with it, so no part of it shows on either side.

    Examples:
        >>> kwic("Lo derivamos a la fiscalía de Pilar ese mismo día.", 3, 12, width=12)
        ('Lo', 'derivamos', 'a la…')
    """
    # personal data are looked for in a window a little wider than what is shown (a name that starts inside the
    # shown text ends inside the window), not in the whole turn
    window_from = max(0, _cut_left(text, start, width) - _MARGIN)
    window_to = min(len(text), _cut_right(text, end, width) + _MARGIN)
    findings = _findings(redactor, text, window_from, window_to) if redactor is not None else []
    # widen the match over any finding it touches so each piece holds only whole findings
    changed = True
    while changed:
        changed = False
        for f in findings:
            if f.start < end and f.end > start and (f.start < start or f.end > end):
                start, end, changed = min(start, f.start), max(end, f.end), True

    def piece(a: int, b: int) -> str:
        if redactor is None:
            return text[a:b]
        if findings is _NO_FINDINGS:
            return redactor.redact(text[a:b])
        # a finding the cut goes through ("Abg. Zulma|Echeverría") is replaced whole, never shown in part
        return redacted_slice(text, a, b, sorted(findings, key=lambda f: f.start))

    left_from = _cut_left(text, start, width)
    right_to = _cut_right(text, end, width)
    left = piece(left_from, start).strip()
    right = piece(end, right_to).strip()
    if left_from > 0:
        left = "…" + left
    if right_to < len(text):
        right = right + "…"
    return " ".join(left.split()), " ".join(piece(start, end).split()), " ".join(right.split())


_NO_FINDINGS: list = []


_MARGIN = 48


def _findings(redactor, text: str, start: int, end: int):
    finder = getattr(redactor, "findings", None)
    if finder is None:
        return _NO_FINDINGS  # a redactor without findings: each piece is redacted on its own
    return [_Shifted(f, start) for f in finder(text[start:end])]


class _Shifted:
    """A redaction finding with offsets moved from a window back into the whole text."""

    __slots__ = ("start", "end", "replacement")

    def __init__(self, finding, offset: int) -> None:
        self.start, self.end, self.replacement = finding.start + offset, finding.end + offset, finding.replacement


_SPACE_RE = re.compile(r"\s")


def _cut_left(text: str, start: int, width: int) -> int:
    """Where the left context starts: after a space (or line break) about ``width`` characters before ``start``;
    never inside a word (a run without spaces that long is left out, the ellipsis says something is there)."""
    if start <= width:
        return 0
    m = _SPACE_RE.search(text, start - width, start)
    return m.end() if m else start


def _cut_right(text: str, end: int, width: int) -> int:
    """Where the right context ends: at the last space (or line break) within ``width`` characters after ``end``;
    never inside a word."""
    if len(text) - end <= width:
        return len(text)
    cut = end + width
    while cut > end and not text[cut].isspace():
        cut -= 1
    return cut  # the match itself when no space follows within the window (the ellipsis says more is there)
