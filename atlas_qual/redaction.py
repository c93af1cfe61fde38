"""Replace personal data (listed names, phone numbers, cédula numbers, e-mails) in text that leaves the store.

Every quote, export and report goes through a :class:`Redactor`; the store keeps the original text.

Examples:
    >>> r = Redactor({"María José Benítez": "Lucía"})
    >>> r.redact("La Sra. Benítez (0981 123 456, C.I. 1.234.567) dijo que maria jose benitez no vino.")
    'La Sra. Lucía ([teléfono], [cédula]) dijo que Lucía no vino.'
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

__all__ = ["COMMON_WORDS", "KINDS", "PARTICLES", "TITLE_WORDS", "Finding", "Redactor", "is_hideable_name", "redact"]

KINDS = ("name", "phone", "id_number", "email")
_PLACEHOLDER_KEYS = {kind: f"redaction_{kind}" for kind in KINDS}


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a text: what kind, where, and what replaces it.

    ``kind`` is one of ``name``, ``phone``, ``id_number``, ``email``; ``text[start:end]`` is the matched text
    (offsets into the NFC form of the text, which is the text itself for everything from the store).
    """

    kind: str
    start: int
    end: int
    text: str
    replacement: str


class _FoldTable(dict):
    """str.translate table: each character to its lower-case base letter, always one character for one.

    Folding one-for-one keeps offsets in the folded text valid in the original, so matching can ignore case and
    accents without a second pass to map positions back.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if unicodedata.category(char) == "Mn":
            # a mark left after NFC (the tilde of Guaraní g̃) stays inside its word, as a letter, for both sides
            self[code] = "\u02b0"
            return "\u02b0"
        base = unicodedata.normalize("NFD", char)[0].lower()
        value = base if len(base) == 1 else (char.lower() if len(char.lower()) == 1 else char)
        self[code] = value
        return value


_FOLD = _FoldTable()
# characters that fold to each letter, over the scripts interviews use (Latin, its accents, combining marks)
_RAW_RANGES = ((0x20, 0x250), (0x2B0, 0x370), (0x1E00, 0x1F00))


@lru_cache(maxsize=1)
def _raw_classes() -> dict[str, str]:
    classes: dict[str, set[str]] = {}
    for lo, hi in _RAW_RANGES:
        for code in range(lo, hi):
            char = chr(code)
            classes.setdefault(char.translate(_FOLD), set()).add(char)
    return {folded: "".join(sorted(chars)) for folded, chars in classes.items()}


def _raw_words_re(words) -> re.Pattern:
    """A regex over the original text that matches wherever one of ``words`` (folded) may stand as a token: each
    folded letter becomes the class of characters that fold to it. It may match more than folding would (a
    character outside those scripts, a word inside an apostrophe token), never less, so a miss proves absence."""
    classes = _raw_classes()

    def pattern(word: str) -> str:
        return "".join("[" + re.escape(classes.get(c, "") + c) + "]" for c in word)
    return re.compile(r"(?<!\w)(?:" + "|".join(pattern(w) for w in sorted(words, key=len, reverse=True)) + r")(?!\w)")


def _fold(text: str) -> str:
    return text.translate(_FOLD)


_FIND_MAX = 24  # up to this many anchors, one str.find each (memchr-fast) beats one regex alternation


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


def _fold_bytes(texts: list[str]) -> tuple[bytes, list[int], list[int]]:
    """``texts`` folded to lower-case ASCII and joined by NUL, the start of each, and which were folded through
    NFD (those with a character beyond Latin-1). Latin-1 text (most Spanish, Guaraní without g̃/ẽ/ỹ) folds by
    one byte table, the fast path; folding never loses a letter an anchor could match."""
    table = _latin1_fold()
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    try:
        return "\x00".join(texts).encode("latin-1").translate(table), starts, []
    except UnicodeEncodeError:
        pass
    parts, starts, slow, pos = [], [], [], 0
    for i, t in enumerate(texts):
        try:
            b = t.encode("latin-1").translate(table)
        except UnicodeEncodeError:
            b = unicodedata.normalize("NFD", t).encode("ascii", "ignore").lower()
            slow.append(i)
        starts.append(pos)
        pos += len(b) + 1
        parts.append(b)
    return b"\x00".join(parts), starts, slow


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


_PHONE_RE = re.compile(
    r"""(?<![\w+/.,-])
    (?:
        (?:(?:\+|00)[ ]?)?595[ .-]?(?:\(0?\d{2,3}\)|0?\d{2,3})[ .-]?\d{3}[ .-]?\d{3,4}   # +595 21 123 456
      | \(0\d{2,3}\)[ ]?[ .-]?\d{3}[ .-]?\d{3,4}                                    # (021) 123-456
      | 0\d{2,3}[ .-]?\d{3}[ .-]?\d{3,4}                                            # 0981 123 456
      | (?P<bare>9[6-9]\d[ -]?\d{3}[ -]?\d{3})                                      # 981 123 456
    )
    (?!\w|[.,-]\d)""",
    re.X,
)
_ID_RE = re.compile(
    r"""(?<!\w)
    (?:
        c\.?[ ]?i\.?(?:[ ]?c\.?)?                        # CI, C.I., C.I.C.
      | c[eé]dula(?:[ ]de[ ]identidad(?:[ ]civil)?)?(?:[ ]paraguaya)?
      | documento[ ]de[ ]identidad                       # not "documento 12345": a file number
      | dni
      | id[ ](?:number|card|no\.?) | identity[ ]card
    )
    [ \t]*(?:(?:n[°º.o]|nro\.?|n[uú]mero|num\.?|\#)[ \t]*)?[:.]?[ \t]*
    (?:\d{1,2}(?:\.\d{3}){2}|\d{3}\.\d{3}|\d{5,9})
    (?!\w|[.,]\d)""",
    re.X | re.I,
)
# a bare dotted number in the range of cédula numbers (1.234.567): also the shape of amounts and counts,
# which the context check below leaves alone
_BARE_ID_RE = re.compile(r"(?<![\w.,])\d\.\d{3}\.\d{3}(?!\w|[.,]\d)")
_DIGIT_RE = re.compile(r"\d")
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)

_MONEY_BEFORE_RE = re.compile(r"(?<!\w)(?:gs|g|pyg|usd|us\$|u\$s|eur|\$|₲|€|guaran[ií]es|d[oó]lares)\.?[ \t]*$", re.I)
_COUNT_AFTER_RE = re.compile(
    r"[ \t]*(?:de[ \t]+)?(?:gs\b|guaran[ií]es|₲|d[oó]lares|usd|pesos|reales|euros|millones|habitantes|personas|"
    r"ni[nñ]os|ni[nñ]as|adolescentes|casos|denuncias|trabajadores|trabajadoras|v[ií]ctimas|hect[aá]reas|ha\b|"
    r"km|kg|toneladas|cabezas|votos|hogares|familias|people|inhabitants|children|cases|workers|victims)",
    re.I,
)


def _is_amount(text: str, start: int, end: int) -> bool:
    return bool(_MONEY_BEFORE_RE.search(text, max(0, start - 12), start) or _COUNT_AFTER_RE.match(text, end))


# --- names ----------------------------------------------------------------------------------------------------------

# Words that join the parts of a name and are never a name by themselves ("Benítez de Ocampo", "de la Cruz").
PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "e", "da", "do", "dos", "van", "von", "di"})
# Honorifics and titles that precede a name (folded: lower case, no accents; "ña" is "na"). They stay in the text:
# "Fiscal Ortiz" becomes "Fiscal E2", which keeps the sentence readable and says nothing about who it is.
TITLE_WORDS = frozenset({
    "sr", "sra", "srta", "sres", "dr", "dra", "lic", "licda", "lcda", "ing", "prof", "profa", "abg", "abog", "mr",
    "mrs", "ms", "gral", "cnel", "cap", "tte", "sgto", "of", "subof", "com", "crio",
    "senor", "senora", "senorita", "don", "dona", "na", "karai", "pai", "hermano", "hermana", "padre", "madre",
    "tio", "tia", "doctor", "doctora", "licenciado", "licenciada", "ingeniero", "ingeniera", "profesor",
    "profesora", "abogado", "abogada", "fiscal", "juez", "jueza", "comisario", "comisaria", "subcomisario",
    "subcomisaria", "oficial", "suboficial", "agente", "sargento", "cabo", "capitan", "teniente", "coronel",
    "general", "ministro", "ministra", "concejal", "concejala", "intendente", "intendenta", "gobernador",
    "gobernadora", "consejero", "consejera", "director", "directora", "defensor", "defensora", "inspector",
    "inspectora", "miss", "mister", "presidente", "presidenta", "diputado", "diputada", "senador", "senadora",
})
# Titles that go with the first name in Paraguay ("Doña María", "Ña Teresa", "Karai Hugo", "Pa'i Oliva").
GIVEN_TITLE_WORDS = frozenset({"don", "dona", "na", "karai", "pai", "tio", "tia", "hermano", "hermana", "padre",
                               "madre", "senor", "senora", "senorita", "mr", "mrs", "ms", "miss"})
# Everyday words that are also names or surnames: never hidden on their own, only as part of a longer name or after a
# title ("la paz" stays; "Sra. Paz" is hidden).
COMMON_WORDS = frozenset(PARTICLES | TITLE_WORDS | {
    "el", "o", "u", "a", "en", "con", "por", "para", "que", "se", "su", "sus", "lo", "le", "les", "un", "una", "al",
    "no", "si", "mi", "tu", "yo", "ya", "ha", "he", "es", "son", "fue", "era", "pero", "como", "mas", "muy", "the",
    "and", "of", "to", "in", "on", "at", "for", "mbae", "ha'e", "upe", "ko", "pe", "ndaje", "avei", "che", "nde",
    "rosa", "luz", "paz", "blanca", "flor", "sol", "cruz", "pilar", "dolores", "mercedes", "angeles", "consuelo",
    "soledad", "esperanza", "fe", "caridad", "amparo", "rocio", "aurora", "victoria", "gloria", "justo", "leal",
    "franco", "bueno", "bravo", "cano", "delgado", "moreno", "rubio", "blanco", "negro", "vera", "leon", "lobo",
    "prieto", "rey", "reyes", "santos", "campos", "mesa", "monte", "montes", "rios", "sierra", "vega", "villa",
    "salinas", "castillo", "palacios", "ramos", "paredes", "medina", "torres", "iglesias", "puerto", "costa",
    "concepcion", "asuncion", "encarnacion", "trinidad", "guadalupe", "rosario", "belen", "caacupe", "central",
    "norte", "sur", "este", "oeste", "estado", "ley", "juzgado", "fiscalia", "policia", "ministerio", "secretaria",
    "caso", "casos", "dia", "mes", "ano", "hoy", "ayer", "nino", "nina", "ninos", "ninas", "madre", "padre",
    "hijo", "hija", "familia", "senor", "senora", "maestro", "maestra", "angel", "amor", "pastor", "domingo",
    "lunes", "martes", "jueves", "viernes", "sabado", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "octubre", "noviembre", "diciembre", "tanto", "casa", "lugar", "fin",
})

_TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*")
_GAP_RE = re.compile(r"[ \t\u00a0]*\n?[ \t\u00a0]*")  # what may separate the words of one name: spaces, one line end
_TITLE_GAP_RE = re.compile(r"\.?[ \t\u00a0]+")


def _words(name: str) -> list[str]:
    return _TOKEN_RE.findall(_fold(unicodedata.normalize("NFC", name)))


def is_hideable_name(name: str) -> bool:
    """True when ``name`` can be hidden without touching ordinary text: it holds a word of two letters or more that
    is not a particle, title or common word, and no digits.

    Examples:
        >>> is_hideable_name("Graciela Benítez de Ocampo"), is_hideable_name("de"), is_hideable_name("Fiscal")
        (True, False, False)
    """
    if any(ch.isdigit() for ch in name):
        return False
    return any(len(w) >= 2 and w not in COMMON_WORDS for w in _words(name))


def _units(words: list[str]) -> list[tuple[str, ...]]:
    """Words grouped with the particles before them: benitez de ocampo -> (benitez,), (de, ocampo)."""
    units: list[tuple[str, ...]] = []
    pending: list[str] = []
    for w in words:
        if w in PARTICLES:
            pending.append(w)
            continue
        units.append((*pending, w))
        pending = []
    return units


@lru_cache(maxsize=1)
def _name_lists() -> frozenset[str]:
    try:
        from importlib import resources

        import yaml

        data = yaml.safe_load(resources.files("atlas_qual").joinpath("data/person_names.yaml").read_text("utf-8"))
        return frozenset(_fold(n) for n in data["first_names"]), frozenset(_fold(n) for n in data["surnames"])
    except (OSError, KeyError, ImportError):  # the lists only refine the split; redaction works without them
        return frozenset(), frozenset()


# How a form of a name may match: as it stands; alone as one capitalised word; after a title; after Don/Doña/Ña.
_PLAIN, _BARE, _TITLED, _GIVEN = "plain", "bare", "titled", "given"


def _name_forms(name: str) -> list[tuple[tuple[str, ...], str]]:
    """The word sequences (folded) under which a person is mentioned, each with how it may match.

    "Graciela Benítez de Ocampo" -> the full name; first name + each surname ("Graciela Benítez", "Graciela de
    Ocampo"); the surnames after a title ("Sra. Benítez", "Sra. Benítez de Ocampo"); the first name after Doña;
    a surname alone only when it is distinctive (not a common surname nor an everyday word).
    """
    words = _words(name)
    while words and words[0] in TITLE_WORDS and len(words) > 1:  # "Comisario Hugo Ramírez Sosa", "Ña Teresa"
        words = words[1:]
    while words and words[-1] in PARTICLES:
        words = words[:-1]
    units = _units(words)
    if not units:
        return []
    first_names, common_surnames = _name_lists()
    forms: list[tuple[tuple[str, ...], str]] = []

    def add(seq, how):
        seq = tuple(seq)
        if not seq or not any(w not in COMMON_WORDS and len(w) >= 2 for w in seq):
            return  # never a bare particle, title or everyday word
        if (seq, how) not in forms:
            forms.append((seq, how))

    full = [w for u in units for w in u]
    if len(units) == 1:
        add(full, _PLAIN)  # listed on its own: the person meant it to go wherever it stands
        add(full, _TITLED)
        add(full, _GIVEN)
        return forms
    # given names: one, or two when the second is a known first name ("María José Benítez") or there are 4+ units
    n_given = 1
    if len(units) >= 4 or (len(units) == 3 and len(units[1]) == 1 and units[1][0] in first_names):
        n_given = 2
    given, surnames = units[:n_given], units[n_given:]
    add(full, _PLAIN)
    flat_given = [w for u in given for w in u]
    surname_seqs = [list(u) for u in surnames] + ([[w for u in surnames for w in u]] if len(surnames) > 1 else [])
    for seq in surname_seqs:
        bare = [w for w in seq if w not in PARTICLES]
        for g in ([given[0]] + ([flat_given] if n_given > 1 else [])):
            add([*g, *seq], _PLAIN)
            if bare != seq:
                add([*g, *bare], _PLAIN)  # "Graciela Ocampo" for "Graciela Benítez de Ocampo"
        add(seq, _TITLED)
        add(bare, _TITLED)
        if len(bare) == 1 and bare[0] not in common_surnames and bare[0] not in COMMON_WORDS and len(bare[0]) >= 4:
            add(bare, _BARE)  # a distinctive surname is a name on its own
        elif len(bare) > 1:  # both surnames together ("Benítez de Ocampo", "Benítez Ortiz")
            add(seq, _PLAIN)
            add(bare, _PLAIN)
    add(given[0], _GIVEN)
    if n_given > 1:
        add(flat_given, _GIVEN)
    return forms



class Redactor:
    """Finds and replaces personal data in text.

    ``names`` maps a real name to its replacement (the interviewee's pseudonym) or to ``""`` for the placeholder
    ``[nombre]``/``[name]``. Names match as whole words ignoring case and accents (Guaraní letters included), with
    any spacing or one line break between their words: the full name, first name + each surname, the surnames after
    a title or honorific ("Sra. Benítez", "Fiscal Ortiz", "Comisario Ramírez"; the title stays), the first name
    after Don/Doña/Ña/Karai, and a distinctive surname alone. A particle (de, del, de la, y), a title or an everyday
    word is never replaced on its own, so no word that is not part of a name changes.
    Phone numbers, cédula numbers and e-mail addresses always become ``[teléfono]``, ``[cédula]``, ``[correo]``
    (English: ``[phone]``, ``[ID number]``, ``[e-mail]``). Helplines (147, 137), dates, years, amounts and law
    numbers ("Ley 4788/12") are left alone.

    Examples:
        >>> Redactor(lang="en").redact("Write to ana.gimenez@example.org or call +595 21 123 456, not 147.")
        'Write to [e-mail] or call [phone], not 147.'
        >>> Redactor({"Graciela Benítez de Ocampo": "Docente CO-1"}).redact("el fiscal de turno y la Sra. Ocampo")
        'el fiscal de turno y la Sra. Docente CO-1'
    """

    def __init__(self, names: Mapping[str, str | None] | None = None, *, lang: str = "es") -> None:
        from atlas_qual.i18n import LANGS, t

        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; use one of {LANGS}")
        self.lang = lang
        self._placeholders = {kind: t(key, lang=lang) for kind, key in _PLACEHOLDER_KEYS.items()}
        self.names = {" ".join(str(k).split()): (v or "") for k, v in dict(names or {}).items()}
        ambiguous = self._placeholders["name"]
        # (words, how) -> replacement; the same form for two people with different replacements: the placeholder
        forms: dict[tuple[tuple[str, ...], str], str] = {}
        for real, replacement in self.names.items():
            if sum(c.isalpha() for c in real) < 2:
                continue  # one letter would match everywhere
            replacement = replacement or ambiguous
            for form in _name_forms(real):
                forms[form] = replacement if forms.get(form, replacement) == replacement else ambiguous
        self._forms = forms
        # first word -> the lengths of the forms starting with it, longest first (the longest mention wins)
        starts: dict[str, set[int]] = {}
        for words, _how in forms:
            starts.setdefault(words[0], set()).add(len(words))
        self._starts = {w: sorted(lengths, reverse=True) for w, lengths in starts.items()}
        # tokens a form (and the title before it) may stand from any of its words: the window around an anchor
        self._reach = max((len(words) for words, _how in forms), default=1) + 1
        # every form holds a word that is not a particle ("de Ocampo" holds "ocampo"): a text with none of those
        # words holds no name, whatever particles it has
        anchors = {w for words, _how in forms for w in words if w not in PARTICLES} or set(starts)
        self._maybe_name = _raw_words_re(anchors) if self._starts else None
        # the same anchors as plain ASCII, for may_hold_names; an anchor with a letter ASCII cannot hold (ø, ß)
        # leaves that check off rather than risk a miss
        ascii_anchors = {a: unicodedata.normalize("NFD", a.replace("\u02b0", "")).encode("ascii", "ignore").decode()
                         for a in anchors}
        safe = all(len(plain) == len(a.replace("\u02b0", "")) and plain for a, plain in ascii_anchors.items())
        self._ascii_anchor_words = sorted(set(ascii_anchors.values()), key=len, reverse=True) if safe else []
        self._ascii_anchors = re.compile("|".join(map(re.escape, self._ascii_anchor_words))) if safe else None

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
        nothing): a listed name (:meth:`may_hold_names`), a digit (phones, ID numbers) or an e-mail's ``@``.
        Frames of thousands of turns skip the full check on the many turns that hold none of these.

        Examples:
            >>> Redactor({"Hugo Ramírez": ""}).may_need_findings(["Tel. 0981", "HUGO RAMÍREZ", "sin datos"])
            [True, True, False]
        """
        return self._may_need(texts, names=True, data=True)

    def _may_need(self, texts: list[str], *, names: bool, data: bool) -> list[bool]:
        out = [False] * len(texts)
        names = names and bool(self._starts)
        if not texts or not (names or data):
            return out
        if (names and self._ascii_anchors is None) or any("\x00" in t for t in texts):
            return [True] * len(texts)
        folded, starts, slow = _fold_bytes(texts)
        if names:
            anchors = [a.encode("ascii") for a in self._ascii_anchor_words]
            if len(anchors) <= _FIND_MAX:
                for anchor in anchors:
                    _mark_pieces(starts, out, lambda at, a=anchor: folded.find(a, at))
            else:
                pattern = re.compile(b"|".join(map(re.escape, anchors)))

                def search(at):
                    m = pattern.search(folded, at)
                    return -1 if m is None else m.start()
                _mark_pieces(starts, out, search)
        if data:
            for char in b"0123456789@":
                _mark_pieces(starts, out, lambda at, c=bytes([char]): folded.find(c, at))
            for i in slow:  # folded through NFD: a digit of another script would have been dropped
                out[i] = out[i] or _DIGIT_RE.search(texts[i]) is not None
        return out

    def _name_findings(self, text: str, add) -> None:
        """Listed names in ``text``: only the stretches around a possible anchor word are folded and tokenised
        (a turn of 500 words that names someone once costs a window of a dozen tokens, not 500)."""
        if not self._starts:
            return
        windows: list[list[int]] = []  # [start, end] stretches, merged where they touch
        reach = self._reach
        for m in self._maybe_name.finditer(text):
            a, b = _tokens_back(text, m.start(), reach), _tokens_forward(text, m.end(), reach)
            if windows and a <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], b)
            else:
                windows.append([a, b])
        for a, b in windows:
            folded = _fold(text[a:b])
            self._scan_names(text, [(x.start() + a, x.end() + a, x.group()) for x in _TOKEN_RE.finditer(folded)],
                             add)

    def _scan_names(self, text: str, tokens: list[tuple[int, int, str]], add) -> None:
        """The longest listed form starting at each token, left to right; a stretch of ``tokens`` that starts on a
        token boundary and reaches ``self._reach`` tokens around every anchor gives what the whole text would."""
        starts, forms = self._starts, self._forms
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
                words = tuple(tok[2] for tok in tokens[i:i + length])
                candidates = [(how, forms[(words, how)]) for how in (_PLAIN, _BARE, _TITLED, _GIVEN)
                              if (words, how) in forms]
                if not candidates:
                    continue
                if any(_GAP_RE.fullmatch(text, tokens[k][1], tokens[k + 1][0]) is None
                       for k in range(i, i + length - 1)):
                    continue  # punctuation between the words: not one name ("Ana, Lucía")
                replacement = self._accept(text, tokens, i, candidates)
                if replacement is not None:
                    add("name", tokens[i][0], tokens[i + length - 1][1], replacement, 3)
                    matched = length
                    break
            i += matched or 1

    @staticmethod
    def _accept(text: str, tokens, i: int, candidates) -> str | None:
        for how, replacement in candidates:
            if how == _PLAIN:
                return replacement
            if how == _BARE:
                if text[tokens[i][0]].isupper():  # "Ocampo" is a name, "ocampo" in running text need not be
                    return replacement
                continue
            if i == 0 or _TITLE_GAP_RE.fullmatch(text, tokens[i - 1][1], tokens[i][0]) is None:
                continue
            title = tokens[i - 1][2]
            if (how == _TITLED and title in TITLE_WORDS) or (how == _GIVEN and title in GIVEN_TITLE_WORDS):
                return replacement
        return None

    def findings(self, text: str) -> list[Finding]:
        """What :meth:`redact` would replace, in text order, without overlaps (for review before export).

        Examples:
            >>> [(f.kind, f.text) for f in Redactor().findings("Tel. 0981-123-456, CI N° 4.567.890")]
            [('phone', '0981-123-456'), ('id_number', 'CI N° 4.567.890')]
        """
        if not isinstance(text, str):
            raise TypeError(f"redaction works on str, got {type(text).__name__}")
        if not unicodedata.is_normalized("NFC", text):  # the check is much cheaper than normalising
            text = unicodedata.normalize("NFC", text)
        found: list[tuple[int, int, int, str, str]] = []  # (start, -length, priority, kind, replacement)

        def add(kind: str, start: int, end: int, replacement: str, priority: int) -> None:
            found.append((start, start - end, priority, kind, replacement))

        if "@" in text:
            for m in _EMAIL_RE.finditer(text):
                add("email", m.start(), m.end(), self._placeholders["email"], 0)
        if _DIGIT_RE.search(text):  # a regex scan: a generator over every character cost more than the rest
            for m in _PHONE_RE.finditer(text):
                if m.group("bare") and _is_amount(text, m.start(), m.end()):
                    continue
                add("phone", m.start(), m.end(), self._placeholders["phone"], 1)
            for m in _ID_RE.finditer(text):
                add("id_number", m.start(), m.end(), self._placeholders["id_number"], 1)
            for m in _BARE_ID_RE.finditer(text):
                if not _is_amount(text, m.start(), m.end()):
                    add("id_number", m.start(), m.end(), self._placeholders["id_number"], 2)
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
def _cached(names: tuple[tuple[str, str], ...], lang: str) -> Redactor:
    return Redactor(dict(names), lang=lang)


def redact(text: str, names: Mapping[str, str | None] | None = None, lang: str = "es") -> str:
    """Redact ``text`` with a :class:`Redactor` over ``names`` (built once per distinct names and language).

    Examples:
        >>> redact("Escribió a ana@example.org desde el 021 123 456")
        'Escribió a [correo] desde el [teléfono]'
    """
    key = tuple(sorted((str(k), v or "") for k, v in (names or {}).items()))
    return _cached(key, lang).redact(text)
