"""Replace personal data (listed names, phone and cédula numbers, e-mails, addresses...) in text that leaves the store.

The numbers and identifiers (phones, ID numbers, plates, birth dates, e-mails, street addresses) are found by
:mod:`atlas_qual.redaction_data`; the name lists and forms live in :mod:`atlas_qual.redaction_names`.

Every quote, export and report goes through a :class:`Redactor`; the store keeps the original text.

Examples:
    >>> r = Redactor({"María José Benítez": "Lucía"})
    >>> r.redact("La Sra. Benítez (0981 123 456, C.I. 1.234.567) dijo que maria jose benitez no vino.")
    'La Sra. [nombre] ([teléfono], [cédula]) dijo que Lucía no vino.'
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from atlas_qual.redaction_data import _AT_WORDS, _DIGIT_RE, DATA_OPENINGS, DATA_WORDS, data_findings

# the name lists and forms live in their own module; these names stay importable from here as before
from atlas_qual.redaction_names import (  # noqa: F401
    AFTER_TITLE_WORDS,
    _BARE,
    _COMMA_GAP_RE,
    _FIRST,
    _FOLD,
    _GAP_RE,
    _HOW_ORDER,
    _INVERTED,
    _PLACE_MAX,
    _PLAIN,
    _TITLE_GAP_RE,
    _TITLED,
    _TOKEN_RE,
    COMMON_WORDS,
    EVERYDAY_GIVEN_NAMES,
    LOWER_CASE_WORDS,
    PARTICLES,
    TITLE_WORDS,
    NameMap,
    OCR_BYTES, _after_title, _fold, _full_words, _in_place_name, _initial_after, _initial_forms, _name_forms,
    _name_lists, _token_word,
    is_hideable_name,
)

__all__ = ["COMMON_WORDS", "EVERYDAY_GIVEN_NAMES", "KINDS", "PARTICLES", "TITLE_WORDS", "Finding", "NameMap",
           "Redactor", "is_hideable_name", "redact", "redacted_slice"]

KINDS = ("name", "phone", "id_number", "email", "plate", "birth_date", "address", "account", "profile", "school",
         "record")  # "record": a medical record, bed, enrolment, registration or IMEI (redaction_ids)
_PLACEHOLDER_KEYS = {kind: f"redaction_{kind}" for kind in KINDS}


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a text: what kind, where, and what replaces it.

    ``kind`` is one of :data:`KINDS`; ``text[start:end]`` is the matched text
    (offsets into the NFC form of the text, which is the text itself for everything from the store).
    """

    kind: str
    start: int
    end: int
    text: str
    replacement: str


# characters that fold to each letter, over the scripts interviews use (Latin, its accents, combining marks)
_RAW_RANGES = ((0x20, 0x250), (0x2B0, 0x370), (0x1E00, 0x1F00), (0x2018, 0x201A), (0x2032, 0x2033))


@lru_cache(maxsize=1)
def _raw_classes() -> dict[str, str]:
    classes: dict[str, set[str]] = {}
    for lo, hi in _RAW_RANGES:
        for code in range(lo, hi):
            char = chr(code)
            classes.setdefault(char.translate(_FOLD), set()).add(char)
    classes["o"].add("0")  # OCR's zero for a capital O ("G0NZALEZ"), read as one in names (_token_word)
    return {folded: "".join(sorted(chars)) for folded, chars in classes.items()}


def _raw_words_re(words, capital=frozenset()) -> re.Pattern:
    """A regex over the original text that matches wherever one of ``words`` (folded) may stand as a token: each
    folded letter becomes the class of characters that fold to it, and the first letter of a word in ``capital``
    only its upper-case ones. It may match more than folding would (a character outside those scripts, a word
    inside an apostrophe token), never less, so a miss proves absence. An apostrophe (or the Guaraní puso, in any of
    its marks) may stand between any two letters: the words are kept without theirs, as names are matched
    ("Ka'arendy", "Ka’arendy" and "Kaarendy" are one name)."""
    classes = _raw_classes()
    apostrophe = "[" + re.escape(classes.get("'", "'")) + "]?"

    def pattern(word: str) -> str:
        chars = ["[" + re.escape(classes.get(c, "") + c) + "]" for c in word]
        upper = "".join(ch for ch in classes.get(word[0], "") + word[0] if ch.isupper())
        if word in capital and upper:  # the same test as Redactor._capitals: str.isupper of the first character
            chars[0] = "[" + re.escape(upper) + "]"
        return apostrophe.join(chars)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(pattern(w) for w in sorted(words, key=len, reverse=True)) +
                      r")(?:(?P<gn>" + _GN_SUFFIX + r")(?![^\W_])|(?![^\W_]))")  # "_" joins words (file names)


# where a sentence ends: its mark and a space, or a blank line (a line end alone may be a PDF's wrap); a speaker's
# label opening a line ("Madre CG-2: marita ya...", in a transcript exported whole) is no part of the sentence after it
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"'»”)]*\s|\n[ \t]*\n|(?:^|(?<=\n))[ \t]*[^\W\d_][^\n:.!?]{0,40}:[ \t]+")
_LOOK_BACK = 300  # characters looked at before a lower-case name for how its sentence starts


def _uncapitalised(text: str, pos: int) -> bool:
    """Whether the sentence holding ``pos`` is written without capitals: it starts with a lower-case letter ("marita
    ya tiene 13", "la nilda nomás"), or, with no sentence end in the ``_LOOK_BACK`` characters before it (a WhatsApp
    message that runs on), those hold no capital letter at all."""
    lo = max(0, pos - _LOOK_BACK)
    cut = None
    for m in _SENTENCE_END_RE.finditer(text, lo, pos):
        cut = m.end()
    if cut is None:
        if lo > 0:
            return not any(ch.isupper() for ch in text[lo:pos])
        cut = 0
    return next((ch for ch in text[cut:pos + 1] if ch.isalpha()), "").islower()


def _lower_case_name(text: str, tokens, i: int, length: int, how: str) -> bool:
    """Whether a listed person's given name (or its diminutive) alone, in lower case, is still theirs: in a sentence
    written without capitals ("marita ya tiene 13"), or after "la"/"el" ("la nilda"); never a word that is also a
    name ("el máximo de horas", see LOWER_CASE_WORDS) nor a word glued by "_" into a file or variable name. A surname
    alone keeps needing its capital (many are words: "rojas", "mora"); with the given name it goes in any case."""
    if how != _FIRST or length != 1 or tokens[i][2] in LOWER_CASE_WORDS or \
            "_" in text[max(0, tokens[i][0] - 1):tokens[i][1] + 1]:
        return False
    return _after_article(text, tokens, i) or _uncapitalised(text, tokens[i][0])


def _after_article(text: str, tokens, i: int) -> bool:
    """Whether ``tokens[i]`` follows "la" or "el" with a space between: Paraguayans put the article before a first
    name ("la nilda", "el ramón"), never before a common noun that is also one of a listed person's names (the
    forms that match alone hold no everyday word)."""
    return i > 0 and tokens[i - 1][2] in ("la", "el") and text[tokens[i - 1][1]:tokens[i][0]] == " "


def _bare_words(words) -> tuple[str, ...]:
    """Folded words without their apostrophes: how names and tokens are compared, so "Ka'arendy", "Ka’arendy",
    "Ka´arendy" and "Kaarendy" are one name."""
    return tuple(w.replace("'", "") for w in words)


_INITIAL_RE = re.compile(r"(?<![^\W_])[^\W\d_]\.")  # a one-letter word with its dot ("M.", "D.")
_INITIAL_GAP_RE = re.compile(r"\.[ \t\u00a0]*\n?[ \t\u00a0]*")  # after an initial: its dot, then spaces ("A. B. Ruiz")
# Guaraní postpositions written onto a name in jopara ("Maritápe", "Ramónndive", "Benítezkuéra"): the name is
# hidden, the postposition stays ("[nombre]pe"); only on a capitalised word whose stem is a word of a listed name
_GN_SUFFIXES = ("pegua", "ndive", "kuera", "rehe", "ndie", "gui", "pe", "me", "re")
_GN_SUFFIX = r"(?i:pegua|ndive|ku[eé]ra|rehe|ndie|gui|pe|me|re)"  # also in capitals ("ORTIZKUERA")
# a stem shorter than this is no name with a postposition: a short nickname ("Lu", "Ada") starts too many words
_GN_STEM_MIN = 4
# words (folded) that end like a postposition after a listed name's word but are words or names of their own
# ("Felipe" for "Feli", "Tereré" for "Tere"); the name lists and COMMON_WORDS count too (see _unsuffixed)
_GN_LOOKALIKES = frozenset({
    "felipe", "lupe", "terere", "jaime", "jaume", "pepe", "ferre", "adame", "aguirre", "arregui", "irupe",
    "guadalupe", "caacupe", "carapegua", "guarambare", "siempre", "sobre", "entre", "nombre", "hombre", "madre",
    "padre", "compadre", "comadre", "libre", "pobre", "torre", "quiere", "salvame", "mirame", "dejame", "llevame",
    "llamame", "ayudame", "decime", "contame", "andre", "alegre", "cofre", "cobre",
})


def _gn_lookalike(word: str) -> bool:
    """Whether ``word`` (folded) is a word or name of its own, never a name with a postposition: a known first name
    or surname ("Felipe", "Ferre"), an everyday word, or one of :data:`_GN_LOOKALIKES` ("Tereré", "Lupe")."""
    first, surnames = _name_lists()
    return word in _GN_LOOKALIKES or word in first or word in surnames or word in COMMON_WORDS or \
        word in EVERYDAY_GIVEN_NAMES


_FIND_MAX = 24  # up to this many anchors, one str.find each (memchr-fast) beats one regex alternation


def _gated(marks) -> tuple[tuple[bytes | None, bytes], ...]:
    """(gate, mark) for each mark (lower-case ASCII) a quick check looks for: the gate is the mark's tail from its
    first character that is no letter or digit (".com" of "facebook.com", "]" of "at]"), a part of the mark that
    one plain search over all the texts rules out at once for every mark sharing it (None: no such tail)."""
    out = []
    marks = list(dict.fromkeys(marks))
    # a mark holding another ("callej" holds "calle") marks no text the shorter one leaves unmarked
    for mark in [m for m in marks if not any(o != m and o in m for o in marks)]:
        raw = mark.encode("ascii")
        cut = next((k for k, ch in enumerate(mark) if not ch.isalnum()), None)
        out.append((raw[cut:] if cut and len(raw) > 1 else None, raw))
    return tuple(out)


# what may_need_findings looks for besides names: digits (phones, ID numbers, plates, dates, addresses), an e-mail's
# "@" or its spelled "at"/"arroba", profile links, phones said in words, street and school words (DATA_WORDS)
_DATA_MARKS = _gated((*"0123456789@", *(w for w in _AT_WORDS if w != "@"), *DATA_WORDS))


def _mark_pieces(starts: list[int], out: list[bool], search) -> None:
    """Mark ``out[k]`` for every piece (pieces begin at ``starts`` in the searched text) where ``search(at)``
    finds a hit at or after ``at``; after a hit the search goes on from the next piece (one hit is enough)."""
    at = search(0)
    while at != -1:
        k = bisect.bisect_right(starts, at) - 1
        out[k] = True
        if k + 1 >= len(starts):
            return
        at = search(starts[k + 1])


@lru_cache(maxsize=1)
def _latin1_fold() -> bytes:
    """bytes.translate table over Latin-1: each byte to the ASCII letter ``_FOLD`` gives it (lower case, no
    accent), anything else that folds outside ASCII to 0x01 (never part of an anchor)."""
    table = bytearray(range(256))
    for code in range(256):
        folded = chr(code).translate(_FOLD)
        table[code] = ord(folded) if len(folded) == 1 and ord(folded) < 128 else 1
    table[0] = 0
    return bytes(table)


@lru_cache(maxsize=1)
def _upper_tables() -> tuple[bytes, bytes]:
    """bytes.translate tables to 1 for an upper-case letter, 0 otherwise: over Latin-1 (``str.isupper``, the test
    :meth:`Redactor._capitals` makes) and over ASCII (for text folded through NFD, whose base letters keep case)."""
    latin1 = bytes(1 if chr(code).isupper() else 0 for code in range(256))
    ascii_ = bytes(1 if 65 <= code <= 90 else 0 for code in range(256))
    return latin1, ascii_


# the Latin-1 bytes of the apostrophe marks (see redaction_names._APOSTROPHES), dropped by _fold_bytes
_APOSTROPHE_DROP = b"'`\xb4"
_APOSTROPHE_BYTES = (b"'", b"`", b"\xb4")


def _fold_bytes(texts: list[str], upper: bool = False) -> tuple[bytes, list[int], list[int], bytes | None]:
    """``texts`` folded to lower-case ASCII and joined by NUL, the start of each, which were folded through NFD
    (those with a character beyond Latin-1), and with ``upper`` one byte per folded byte, 1 where the letter was
    upper case (None otherwise). Latin-1 text (most Spanish, Guaraní without g̃/ẽ/ỹ) folds by one byte table,
    the fast path; folding never loses a letter an anchor could match. Apostrophes are dropped, as the anchors
    have none ("Ka'arendy" holds the anchor "kaarendy")."""
    table = _latin1_fold()
    latin1_upper, ascii_upper = _upper_tables()
    starts, pos = [], 0
    try:
        raw = "\x00".join(texts).encode("latin-1")
    except UnicodeEncodeError:
        raw = None
    if raw is not None:
        if any(mark in raw for mark in _APOSTROPHE_BYTES):
            folded = raw.translate(table, _APOSTROPHE_DROP)
            for piece in folded.split(b"\x00"):
                starts.append(pos)
                pos += len(piece) + 1
            return folded, starts, [], raw.translate(latin1_upper, _APOSTROPHE_DROP) if upper else None
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        return raw.translate(table), starts, [], raw.translate(latin1_upper) if upper else None
    parts, flags, starts, slow, pos = [], [], [], [], 0
    for i, t in enumerate(texts):
        try:
            raw = t.encode("latin-1")
            b, f = raw.translate(table, _APOSTROPHE_DROP), \
                raw.translate(latin1_upper, _APOSTROPHE_DROP) if upper else b""
        except UnicodeEncodeError:
            raw = unicodedata.normalize("NFD", t).encode("ascii", "ignore")  # drops ’ and ´ (not ASCII)
            b, f = raw.lower().translate(None, _APOSTROPHE_DROP), \
                raw.translate(ascii_upper, _APOSTROPHE_DROP) if upper else b""
            slow.append(i)
        starts.append(pos)
        pos += len(b) + 1
        parts.append(b)
        flags.append(f)
    return b"\x00".join(parts), starts, slow, b"\x00".join(flags) if upper else None


def _tokens_back(text: str, pos: int, count: int) -> int:
    """Where the ``count``-th token before ``pos`` starts (0 when there are fewer): a true token start of the
    whole text, because a token cut by the look-back window is never the one returned."""
    span = 12 * count
    while True:
        lo = max(0, pos - span)
        found = [m.start() for m in _TOKEN_RE.finditer(text, lo, pos)]
        if lo == 0:
            return found[-count] if len(found) >= count else 0
        if len(found) > count:  # the first may be cut at ``lo``; the last ``count`` are whole
            return found[-count]
        span *= 4


def _tokens_forward(text: str, pos: int, count: int) -> int:
    """Where the ``count``-th token after ``pos`` ends (the text's end when there are fewer)."""
    span = 12 * count
    n = len(text)
    while True:
        hi = min(n, pos + span)
        found = [m.end() for m in _TOKEN_RE.finditer(text, pos, hi)]
        if hi == n:
            return found[count - 1] if len(found) >= count else n
        if len(found) > count:  # the last may be cut at ``hi``; the first ``count`` are whole
            return found[count - 1]
        span *= 4


class Redactor:
    """Finds and replaces personal data in text.

    ``names`` maps a real name to its replacement (the interviewee's pseudonym) or to ``""`` for the placeholder
    ``[nombre]``/``[name]``. Names match as whole words ignoring case and accents (Guaraní letters included), with
    any spacing or one line break between their words: the full name, first name + each surname, the same surname
    first with a comma as in actas ("BENÍTEZ, María de los Ángeles"), the surnames after a title or honorific
    ("Sra. Benítez", "Fiscal Ortiz", "Comisario Ramírez"; the title stays, a married "de Ortiz" after the surname
    goes with it), the first name after a title ("Doña Rosa") or alone when capitalised ("Sonia no quiere"; not an
    everyday word or place such as Rosa, Paz, Pilar, San Lorenzo), and a surname alone when capitalised. The pseudonym
    replaces a whole mention (full name, first name + surname, either order); a part of a name becomes the
    placeholder, since it may be another person of that name. A listed name keeps its own replacement where a
    longer listed name holds the same words ("Juan de Dios" beside "Juan de Dios Ortiz"). A particle (de, del, de
    la, y), a title or an everyday word is never replaced on its own, so no word that is not part of a name changes;
    a given name and surname made only of everyday or place words are hidden where both are capitalised
    ("Concepción de la Cruz", never "en Concepción"). The person's initials before their surname ("A. Benítez",
    "A. B. Ruiz") become the placeholder with it.
    A name in ``capitalised`` (default: ``names.capitalised`` of a :class:`NameMap`) is hidden only where each of
    its words but the particles is written with a capital letter, at a sentence start too: such a name may be an
    everyday word ("Rosa, la madre" hidden; "una rosa blanca", "vivir en paz" kept).
    Phone numbers, cédula numbers and e-mail addresses (also spelled out: "nidia [at] gmail punto com") always become
    ``[teléfono]``, ``[cédula]``, ``[correo]`` (English: ``[phone]``, ``[ID number]``, ``[e-mail]``); a street
    address with its house number ``[dirección]`` (``[address]``). Helplines (147, 137), dates, years, amounts (also
    without Gs.: "el salario mínimo, que es 2.798.309") and law numbers ("Ley 4788/12") are left alone.

    Examples:
        >>> Redactor(lang="en").redact("Write to ana.gimenez@example.org or call +595 21 123 456, not 147.")
        'Write to [e-mail] or call [phone], not 147.'
        >>> Redactor({"Graciela Benítez de Ocampo": "Docente CO-1"}).redact("Graciela Ocampo y la Sra. Ocampo")
        'Docente CO-1 y la Sra. [nombre]'
    """

    def __init__(self, names: Mapping[str, str | None] | None = None, *, lang: str = "es",
                 capitalised=None) -> None:
        from atlas_qual.i18n import LANGS, t

        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; use one of {LANGS}")
        self.lang = lang
        self._placeholders = {kind: t(key, lang=lang) for kind, key in _PLACEHOLDER_KEYS.items()}
        if capitalised is None:  # a project's NameMap carries them (store.transcript_records.redaction_names)
            capitalised = getattr(names, "capitalised", ())
        self.names = {" ".join(str(k).split()): (v or "") for k, v in dict(names or {}).items()}
        # names hidden only where written with a capital letter ("Rosa", not "una rosa blanca")
        self.capitalised = frozenset(" ".join(str(k).split()) for k in capitalised) & set(self.names)
        ambiguous = self._placeholders["name"]
        # (words, how) -> replacement; the same form for two people with different replacements: the placeholder.
        # A pseudonym stands only for a whole mention: a part of a name ("la fiscal Benítez", "Ña Teresa") may be
        # someone else with that surname or first name, and the pseudonym there would say who (and link the two).
        # The listed name itself, exactly, keeps its own replacement over the same words derived from a longer
        # listed name ("Juan de Dios": "Familiar 1" beside "Juan de Dios Ortiz").
        derived: dict[tuple[tuple[str, ...], str, int], str] = {}
        exact: dict[tuple[tuple[str, ...], str, int], str] = {}
        # form -> whether it needs capitals: only when every name it comes from is listed as capitalised (the same
        # words from a name listed without the choice match in any case, so hiding never gets narrower)
        capital: dict[tuple[tuple[str, ...], str, int], bool] = {}
        for real, replacement in self.names.items():
            if sum(c.isalpha() for c in real) < 2:
                continue  # one letter would match everywhere
            replacement = replacement or ambiguous
            full = _bare_words(_full_words(real))
            caps = real in self.capitalised
            for words, how, whole, comma, caps_only in _name_forms(real, caps):
                words = _bare_words(words)  # without apostrophes, as tokens are compared
                shown = replacement if whole else ambiguous
                target = exact if whole and words == full else derived
                form = (words, how, comma)
                target[form] = shown if target.get(form, shown) == shown else ambiguous
                capital[form] = capital.get(form, True) and (caps or caps_only)
        derived.update(exact)
        # words -> [(how, comma, replacement, needs capitals)] in the order they are tried
        forms: dict[tuple[str, ...], list[tuple[str, int, str, bool]]] = {}
        for (words, how, comma), shown in derived.items():
            forms.setdefault(words, []).append((how, comma, shown, capital[(words, how, comma)]))
        for entries in forms.values():
            entries.sort(key=lambda e: (_HOW_ORDER[e[0]], e[1]))
        self._forms = forms
        # first word -> the lengths of the forms starting with it, longest first (the longest mention wins)
        starts: dict[str, set[int]] = {}
        for words in forms:
            starts.setdefault(words[0], set()).add(len(words))
        self._starts = {w: sorted(lengths, reverse=True) for w, lengths in starts.items()}
        # tokens a form may stand from any of its words, plus what deciding on it looks at: the title before it,
        # "de Ortiz" after it (a married name), a place name around it; this is the window around an anchor
        self._reach = max((len(words) for words in forms), default=1) + max(3, _PLACE_MAX)
        # every form holds a word that is not a particle ("de Ocampo" holds "ocampo"): a text with none of those
        # words holds no name, whatever particles it has
        # a surname after the person's initials ("A. Benítez", "A. B. Ruiz"): the placeholder, since another person
        # may share the initial (surname words -> the initials that may go before them)
        initialed: dict[tuple[str, ...], set[str]] = {}
        for real in self.names:
            for tail, letters in ((_bare_words(tail), letters) for tail, letters in _initial_forms(real)):
                initialed.setdefault(tail, set()).add(letters)
        self._initialed = initialed
        self._initial_lengths = sorted({len(tail) for tail in initialed}, reverse=True)
        anchors = {w for words in forms for w in words if w not in PARTICLES} or set(starts)
        anchors |= {w for tail in initialed for w in tail if w not in PARTICLES}  # new ones need a capital (loose)
        # an anchor only in forms that need capitals is looked for only where it starts with a capital letter:
        # "rosa" and "paz" in running text open no window
        loose = {w for words, entries in forms.items() if not all(e[3] for e in entries) for w in words}
        self._capital_anchors = frozenset(anchors - loose)
        self._maybe_name = _raw_words_re(anchors, self._capital_anchors) if self._starts else None
        self._anchor_words = frozenset(anchors)
        # the same anchors as plain ASCII, for may_hold_names; an anchor with a letter ASCII cannot hold (ø, ß)
        # leaves that check off rather than risk a miss
        ascii_anchors = {a: unicodedata.normalize("NFD", a.replace("\u02b0", "")).encode("ascii", "ignore").decode()
                         for a in anchors}
        safe = all(len(plain) == len(a.replace("\u02b0", "")) and plain for a, plain in ascii_anchors.items())
        self._ascii_anchor_words = sorted(set(ascii_anchors.values()), key=len, reverse=True) if safe else []
        self._ascii_anchors = re.compile("|".join(map(re.escape, self._ascii_anchor_words))) if safe else None
        # those found only where their first letter is upper case (every anchor folding to it needs capitals)
        loose_plain = {plain for a, plain in ascii_anchors.items() if a not in self._capital_anchors}
        self._ascii_capital = frozenset(self._ascii_anchor_words) - loose_plain
        # the anchors looked for in any case, less those holding another such anchor ("gracielai" holds "graciela":
        # a text with the longer one is marked by the shorter, so searching both gives the same answer)
        loose_words = [a for a in self._ascii_anchor_words if a not in self._ascii_capital]
        self._ascii_loose = [a.encode("ascii") for a in loose_words
                             if not any(b != a and b in a for b in loose_words)]

    def may_hold_names(self, texts: list[str]) -> list[bool]:
        """For many texts at once, whether each may hold a listed name (False proves it holds none): one accent
        and case fold of all the texts joined, then a plain substring search of the ASCII anchors, no word
        boundaries (a superset, never a miss). Phones, IDs and e-mails are not looked at here (see
        :meth:`may_need_findings`).

        Examples:
            >>> Redactor({"Graciela Benítez de Ocampo": ""}).may_hold_names(["la Sra. OCAMPO", "de la fiscalía"])
            [True, False]
        """
        return self._may_need(texts, names=True, data=False)

    def may_need_findings(self, texts: list[str]) -> list[bool]:
        """For many texts at once, whether :meth:`findings` may find anything in each (False proves it finds
        nothing): a listed name (:meth:`may_hold_names`), a digit (phones, ID numbers, plates, dates, addresses) or
        an e-mail's ``@`` or spelled "at"/"arroba".
        Frames of thousands of turns skip the full check on the many turns that hold none of these.

        Examples:
            >>> Redactor({"Hugo Ramírez": ""}).may_need_findings(["Tel. 0981", "HUGO RAMÍREZ", "sin datos"])
            [True, True, False]
        """
        return self._may_need(texts, names=True, data=True)

    def findings_many(self, texts: list[str]) -> list[list[Finding]]:
        """``[self.findings(t) for t in texts]``, the same lists, for many texts at once: one quick check of all of
        them (:meth:`may_need_findings`) clears most, and the rest skip the half of the full check (listed names;
        phones, IDs, e-mails and other data) proven to find nothing there.

        Examples:
            >>> [[f.text for f in fs] for fs in Redactor({"Hugo Ramírez": ""}).findings_many(
            ...     ["Tel. 0981-123-456", "HUGO RAMÍREZ", "sin datos"])]
            [['0981-123-456'], ['HUGO RAMÍREZ'], []]
        """
        names, data = self._need_masks(texts, names=True, data=True)
        return [self._findings(text, has_names, has_data) if has_names or has_data else []
                for text, has_names, has_data in zip(texts, names, data)]

    def _may_need(self, texts: list[str], *, names: bool, data: bool) -> list[bool]:
        by_names, by_data = self._need_masks(texts, names=names, data=data)
        return [a or b for a, b in zip(by_names, by_data)]

    def _need_masks(self, texts: list[str], *, names: bool, data: bool) -> tuple[list[bool], list[bool]]:
        """(may hold a listed name, may hold other personal data) for each of ``texts``; False proves it holds none
        (names only when ``names``, data only when ``data``: the other list is all False)."""
        out, data_out = [False] * len(texts), [False] * len(texts)
        names = names and bool(self._starts)
        if not texts or not (names or data):
            return out, data_out
        if (names and self._ascii_anchors is None) or any("\x00" in t for t in texts):
            return [names] * len(texts), [data] * len(texts)
        capital = names and bool(self._ascii_capital)
        folded, starts, slow, upper = _fold_bytes(texts, capital)
        folded_names = folded.translate(OCR_BYTES) if names else folded  # "G0NZALEZ" may be "González"
        if capital:
            # "rosa" listed as capitalised: a hit counts only where its first letter was upper case ("una rosa
            # blanca" is cleared); that is the test the full check makes, so no text holding one is cleared
            for anchor in self._ascii_capital:
                def search(at, a=anchor.encode("ascii")):
                    while True:
                        hit = folded_names.find(a, at)
                        if hit == -1 or upper[hit]:
                            return hit
                        at = hit + 1
                _mark_pieces(starts, out, search)
        if names:
            anchors = self._ascii_loose
            if len(anchors) <= _FIND_MAX:
                for anchor in anchors:
                    _mark_pieces(starts, out, lambda at, a=anchor: folded_names.find(a, at))
            elif anchors:
                pattern = re.compile(b"|".join(map(re.escape, anchors)))

                def search(at):
                    m = pattern.search(folded_names, at)
                    return -1 if m is None else m.start()
                _mark_pieces(starts, out, search)
        if data:
            gates: dict[bytes, bool] = {}
            for gate, mark in _DATA_MARKS:
                if gate is not None:
                    if gate not in gates:
                        gates[gate] = gate in folded
                    if not gates[gate]:
                        continue  # no text holds the mark's tail (".com", "]"), so none holds the mark
                _mark_pieces(starts, data_out, lambda at, c=mark: folded.find(c, at))
            for k, at in enumerate(starts):  # "Ña Ana" opening a text
                data_out[k] = data_out[k] or folded.startswith(DATA_OPENINGS, at)
            for i in slow:  # folded through NFD: a digit of another script would have been dropped
                data_out[i] = data_out[i] or _DIGIT_RE.search(texts[i]) is not None
        return out, data_out

    def _name_findings(self, text: str, add) -> None:
        """Listed names in ``text``: only the stretches around a possible anchor word are folded and tokenised
        (a turn of 500 words that names someone once costs a window of a dozen tokens, not 500)."""
        if not self._starts:
            return
        windows: list[list[int]] = []  # [start, end] stretches, merged where they touch
        reach = self._reach
        for m in self._maybe_name.finditer(text):
            a, b = _tokens_back(text, m.start(), reach), _tokens_forward(text, m.end(), reach)
            suffixed = m.lastgroup == "gn"
            if windows and a <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], b)
                windows[-1][2] = windows[-1][2] or suffixed
            else:
                windows.append([a, b, suffixed])
        for a, b, suffixed in windows:
            folded = _fold(text[a:b])
            self._scan_names(text, [(x.start() + a, x.end() + a, _token_word(x.group()))
                                    for x in _TOKEN_RE.finditer(folded)],
                             add, suffixed)

    def _scan_names(self, text: str, tokens: list[tuple[int, int, str]], add, suffixed: bool = False) -> None:
        """The longest listed form starting at each token, left to right; a stretch of ``tokens`` that starts on a
        token boundary and reaches ``self._reach`` tokens around every anchor gives what the whole text would.
        ``suffixed``: some capitalised token may be a name with a Guaraní postposition ("Maritápe"), read as the
        name alone."""
        starts, forms = self._starts, self._forms
        if suffixed:
            tokens = [self._unsuffixed(text, tok) for tok in tokens]
        # a capital initial with its dot ("Nidia M. Riquelme", "Marita D. González") is read as part of the gap
        if tokens and _INITIAL_RE.search(text, tokens[0][0], tokens[-1][1]):
            if self._initialed:
                self._initialed_names(text, tokens, add)
            tokens = [tok for tok in tokens if len(tok[2]) > 1 or not text[tok[0]].isupper() or
                      text[tok[1]:tok[1] + 1] != "."]
        n = len(tokens)
        i = 0
        while i < n:
            lengths = starts.get(tokens[i][2])
            if lengths is None:
                i += 1
                continue
            matched = 0
            for length in lengths:
                if i + length > n:
                    continue
                entries = forms.get(tuple(tok[2] for tok in tokens[i:i + length]))
                if not entries:
                    continue
                found = self._accept(text, tokens, i, length, entries)
                if found is not None:
                    how, replacement = found
                    last = i + length - 1
                    if how != _INVERTED:  # "la Sra. Benítez de Ortiz": her married name goes with her own
                        last += self._married_surname(text, tokens, last)
                    add("name", tokens[i][0], _initial_after(text, tokens[last][1]), replacement, 3)
                    matched = last + 1 - i
                    break
            i += matched or 1

    def _initialed_names(self, text: str, tokens: list[tuple[int, int, str]], add) -> None:
        """A listed person's surname after their initials ("A. Benítez", "A. B. Ruiz" for "Ana Benítez Ruiz"), the
        initials hidden with it as ``[nombre]``; the surname capitalised, the initials capitals with their dots. An
        initial that is not theirs ("C. Benítez") leaves the words alone."""
        def initial(tok) -> bool:
            return len(tok[2]) == 1 and text[tok[0]].isupper() and text[tok[1]:tok[1] + 1] == "."

        n, k = len(tokens), 0
        while k < n:
            if not initial(tokens[k]):
                k += 1
                continue
            first = k
            while k + 1 < n and initial(tokens[k + 1]) and _INITIAL_GAP_RE.fullmatch(text, tokens[k][1],
                                                                                      tokens[k + 1][0]):
                k += 1
            j = k + 1  # the surname's first token
            if j < n and _INITIAL_GAP_RE.fullmatch(text, tokens[k][1], tokens[j][0]):
                letters = "".join(tok[2] for tok in tokens[first:j])
                for length in self._initial_lengths:
                    allowed = j + length <= n and self._initialed.get(tuple(tok[2] for tok in tokens[j:j + length]))
                    if not allowed or not self._capitals(text, tokens, j, length) or not all(
                            _GAP_RE.fullmatch(text, tokens[q][1], tokens[q + 1][0]) for q in range(j, j + length - 1)):
                        continue
                    m = next((m for m in range(len(letters), 0, -1) if letters[-m:] in allowed), 0)
                    if m:
                        add("name", tokens[j - m][0], _initial_after(text, tokens[j + length - 1][1]),
                            self._placeholders["name"], 3)
                        break
            k += 1

    def _unsuffixed(self, text: str, tok: tuple[int, int, str]) -> tuple[int, int, str]:
        """``tok`` without a Guaraní postposition when it is a capitalised word of a listed name with one."""
        word = tok[2]
        if word in self._anchor_words or not text[tok[0]].isupper() or _gn_lookalike(word):
            return tok
        for suffix in _GN_SUFFIXES:
            stem = word[:-len(suffix)]
            if word.endswith(suffix) and len(stem) >= _GN_STEM_MIN and stem in self._anchor_words:
                return tok[0], tok[0] + len(stem), stem
        return tok

    @staticmethod
    def _married_surname(text: str, tokens, last: int) -> int:
        """How many tokens after token ``last`` are a married name: "de" and a capitalised common surname ("Benítez
        de Ortiz": 2), or a widow's "Vda. de" and one ("Duarte Vda. de Paredes": 3); 0 when none."""
        k, n = last, len(tokens)
        widow = k + 2 < n and tokens[k + 1][2] in ("vda", "viuda") and _GAP_RE.fullmatch(text, tokens[k][1],
                                                                                          tokens[k + 1][0])
        k += bool(widow)  # the "de" after "Vda." follows its dot
        gap = k + 2 < n and (_TITLE_GAP_RE if widow else _GAP_RE).fullmatch(text, tokens[k][1], tokens[k + 1][0])
        ok = gap and tokens[k + 1][2] == "de" and tokens[k + 2][2] in _name_lists()[1] and \
            text[tokens[k + 2][0]].isupper() and _GAP_RE.fullmatch(text, tokens[k + 1][1], tokens[k + 2][0])
        return k + 2 - last if ok else 0

    @staticmethod
    def _capitals(text: str, tokens, i: int, length: int) -> bool:
        """Whether every word of ``tokens[i:i + length]`` but the particles starts with a capital letter ("Rosa",
        "ROSA", "Rosa de los Santos"; not "rosa")."""
        return all(text[tok[0]].isupper() for tok in tokens[i:i + length] if tok[2] not in PARTICLES)

    @staticmethod
    def _everyday_place(text: str, tokens, i: int, length: int) -> bool:
        """Whether ``tokens[i:i + length]``, everyday words only, are part of a place name written around them
        ("Santa Rosa del Puerto"; not "barrio. Rosa del Puerto")."""
        return all(tok[2] in COMMON_WORDS or tok[2] in EVERYDAY_GIVEN_NAMES for tok in tokens[i:i + length]) and \
            (i == 0 or not text[tokens[i - 1][1]:tokens[i][0]].strip()) and _in_place_name(tokens, i, length)

    @staticmethod
    def _accept(text: str, tokens, i: int, length: int, entries) -> tuple[str, str] | None:
        """The first of ``entries`` (how, comma, replacement, needs capitals) that the words ``tokens[i:i + length]``
        match as: the words joined by spaces (by a comma where a surname-first form has it); capitalised when standing
        alone; after a title or honorific; every word but the particles capitalised where the entry needs capitals.
        None when none does."""
        def joined(comma: int) -> bool:
            return all((_COMMA_GAP_RE if k == i + comma - 1 else _GAP_RE).fullmatch(text, tokens[k][1],
                                                                                    tokens[k + 1][0]) is not None
                       for k in range(i, i + length - 1))

        spaced = None
        capitals = None
        for how, comma, replacement, needs_capitals in entries:
            if needs_capitals:
                if capitals is None:
                    capitals = Redactor._capitals(text, tokens, i, length)
                if not capitals:
                    continue  # listed as capitalised: "Rosa" is the person, "una rosa blanca" is not
            if needs_capitals and length > 1 and how in (_PLAIN, _INVERTED) and Redactor._everyday_place(
                    text, tokens, i, length):
                continue  # "Santa Rosa del Puerto", "Santa Cruz, Concepción" are places, whatever the capitals
            if how == _INVERTED:
                if joined(comma):
                    return how, replacement
                continue
            if spaced is None:
                spaced = joined(0)  # punctuation between the words: not one name ("Ana, Lucía")
            if not spaced:
                continue
            if how == _PLAIN:
                return how, replacement
            # the first word that is not a particle: "la Sra. del Puerto", "la Dra. de la Cruz"
            lead = next((tok for tok in tokens[i:i + length] if tok[2] not in PARTICLES), tokens[i])
            capital = text[lead[0]].isupper()
            if how in (_BARE, _FIRST):
                # "Ocampo" is a name, "ocampo" in running text need not be; "San Lorenzo" is a place. Written by
                # someone who capitalises nothing (a WhatsApp message), a given name is in lower case too; so is one
                # after an article ("la nilda", "el derlis")
                if (capital or _lower_case_name(text, tokens, i, length, how)) and \
                        not _in_place_name(tokens, i, length):
                    return how, replacement
                continue
            after = i + length
            if how == _TITLED and capital and after < len(tokens) and tokens[after][2] in AFTER_TITLE_WORDS and \
                    not text[tokens[after - 1][1]:tokens[after][0]].strip():
                return how, replacement  # "the Fernández family"
            if i == 0 or _TITLE_GAP_RE.fullmatch(text, tokens[i - 1][1], tokens[i][0]) is None:
                continue
            if _after_title(text, tokens, i, length, capital, _uncapitalised):  # "Doña Rosa", "la Jazmín"
                return how, replacement
        return None

    def findings(self, text: str) -> list[Finding]:
        """What :meth:`redact` would replace, in text order, without overlaps (for review before export).

        Examples:
            >>> [(f.kind, f.text) for f in Redactor().findings("Tel. 0981-123-456, CI N° 4.567.890")]
            [('phone', '0981-123-456'), ('id_number', 'CI N° 4.567.890')]
        """
        return self._findings(text)

    def _findings(self, text: str, names: bool = True, data: bool = True) -> list[Finding]:
        """:meth:`findings`; ``names`` / ``data`` False skip the listed names / the other personal data, for a text
        :meth:`_need_masks` proved holds none (the result is then the same)."""
        if not isinstance(text, str):
            raise TypeError(f"redaction works on str, got {type(text).__name__}")
        if not unicodedata.is_normalized("NFC", text):  # the check is much cheaper than normalising
            text = unicodedata.normalize("NFC", text)
        found: list[tuple[int, int, int, str, str]] = []  # (start, -length, priority, kind, replacement)

        def add(kind: str, start: int, end: int, replacement: str, priority: int) -> None:
            found.append((start, start - end, priority, kind, replacement))

        if data:
            data_findings(text, add, self._placeholders)
        if names:
            self._name_findings(text, add)

        found.sort()
        result: list[Finding] = []
        last_end = 0
        for start, neg_len, _, kind, replacement in found:
            end = start - neg_len
            if start < last_end:
                continue
            result.append(Finding(kind, start, end, text[start:end], replacement))
            last_end = end
        return result

    def redact(self, text: str) -> str:
        """``text`` with every finding replaced (returned in NFC form).

        Examples:
            >>> Redactor({"Carlos Rojas": ""}).redact("Lo dijo el Dr. Rojas el 14/03/2025 (Ley 4788/12).")
            'Lo dijo el Dr. [nombre] el 14/03/2025 (Ley 4788/12).'
        """
        findings = self.findings(text)
        text = unicodedata.normalize("NFC", text)
        if not findings:
            return text
        parts, pos = [], 0
        for f in findings:
            parts.append(text[pos:f.start])
            parts.append(f.replacement)
            pos = f.end
        parts.append(text[pos:])
        return "".join(parts)

    __call__ = redact

    def __repr__(self) -> str:
        return f"Redactor({len(self.names)} names, lang={self.lang!r})"


def redacted_slice(text: str, start: int, end: int, findings) -> str:
    """``text[start:end]`` with the findings of the whole ``text`` (in text order, as :meth:`Redactor.findings`
    gives them) replaced; a finding the slice cuts through is replaced whole, so a span ending inside
    "Ana Lucía Britez" never shows "Ana Lucía".

    Examples:
        >>> text = "Lo dijo Ana Lucía Britez ayer."
        >>> redacted_slice(text, 0, 17, Redactor({"Ana Lucía Britez": "Familiar 1"}).findings(text))
        'Lo dijo Familiar 1'
    """
    parts, pos = [], start
    for f in findings:
        if f.end <= start or f.start >= end:
            continue
        parts.append(text[pos:max(pos, f.start)])
        parts.append(f.replacement)
        pos = max(pos, f.end)
    parts.append(text[pos:end] if pos < end else "")
    return "".join(parts)


@lru_cache(maxsize=32)
def _cached(names: tuple[tuple[str, str], ...], capitalised: frozenset[str], lang: str) -> Redactor:
    return Redactor(dict(names), lang=lang, capitalised=capitalised)


def redact(text: str, names: Mapping[str, str | None] | None = None, lang: str = "es") -> str:
    """Redact ``text`` with a :class:`Redactor` over ``names`` (built once per distinct names and language).

    Examples:
        >>> redact("Escribió a ana@example.org desde el 021 123 456")
        'Escribió a [correo] desde el [teléfono]'
    """
    key = tuple(sorted((str(k), v or "") for k, v in (names or {}).items()))
    return _cached(key, frozenset(getattr(names, "capitalised", ())), lang).redact(text)
