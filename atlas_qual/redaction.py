"""Replace personal data (listed names, phone numbers, cédula numbers, e-mails) in text that leaves the store.

Every quote, export and report goes through a :class:`Redactor`; the store keeps the original text.

Examples:
    >>> r = Redactor({"María José Benítez": "Lucía"})
    >>> r.redact("La Sra. Benítez (0981 123 456, C.I. 1.234.567) dijo que maria jose benitez no vino.")
    'La Sra. Lucía ([teléfono], [cédula]) dijo que Lucía no vino.'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

__all__ = ["KINDS", "Finding", "Redactor", "redact"]

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
        base = unicodedata.normalize("NFD", char)[0].lower()
        value = base if len(base) == 1 else (char.lower() if len(char.lower()) == 1 else char)
        self[code] = value
        return value


_FOLD = _FoldTable()


def _fold(text: str) -> str:
    return text.translate(_FOLD)


_TITLES = (
    r"(?:sr|sra|srta|sres|dr|dra|lic|licda|lcda|ing|prof|profa|abg|abog|mr|mrs|ms|gral|cnel|cap|tte)\.?"
    r"|senor|senora|senorita|doctor|doctora|licenciado|licenciada|ingeniero|ingeniera|profesor|profesora"
    r"|abogado|abogada|fiscal|juez|jueza|comisario|comisaria|oficial|ministro|ministra|concejal|intendente"
    r"|intendenta|consejero|consejera|director|directora|don|dona|miss|mister"
)
_GIVEN_NAME_TITLES = r"don|dona"  # "Doña María": in Paraguay these go with the first name

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


def _name_variants(name: str) -> tuple[set[str], set[str], set[str]]:
    """(full-name forms, surname forms that need a title, given-name forms that follow Don/Doña)."""
    words = name.split()
    n = len(words)
    plain = {" ".join(words)}
    if n < 2:
        return plain, set(), set()
    plain.add(f"{words[0]} {words[-1]}")
    if n == 2:
        surnames = [words[1]]
    elif n == 3:  # "María José Benítez" or "Juan Benítez Ortiz": both readings
        surnames = [words[1], words[2], f"{words[1]} {words[2]}"]
    else:  # two given names, then surnames
        surnames = [words[2], words[-1], " ".join(words[2:])]
    for surname in surnames:
        plain.add(f"{words[0]} {surname}")
        if n >= 4:
            plain.add(f"{words[0]} {words[1]} {surname}")
    given = {words[0]} if n < 4 else {words[0], f"{words[0]} {words[1]}"}
    return plain, set(surnames), given


def _alternation(forms) -> str:
    # longest first, so at one position "María José Benítez" wins over "María José"
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    return "|".join(r"\s+".join(re.escape(w) for w in form.split()) for form in ordered)


class Redactor:
    """Finds and replaces personal data in text.

    ``names`` maps a real name to its replacement (the interviewee's pseudonym) or to ``""`` for the placeholder
    ``[nombre]``/``[name]``. Names match ignoring case and accents, as whole words; a full name also matches as
    first name + surname and as surname after a title ("Sra. Benítez", "Fiscal Ortiz", "Doña María").
    Phone numbers, cédula numbers and e-mail addresses always become ``[teléfono]``, ``[cédula]``, ``[correo]``
    (English: ``[phone]``, ``[ID number]``, ``[e-mail]``). Helplines (147, 137), dates, years, amounts and law
    numbers ("Ley 4788/12") are left alone.

    Examples:
        >>> Redactor(lang="en").redact("Write to ana.gimenez@example.org or call +595 21 123 456, not 147.")
        'Write to [e-mail] or call [phone], not 147.'
    """

    def __init__(self, names: Mapping[str, str | None] | None = None, *, lang: str = "es") -> None:
        from atlas_qual.i18n import LANGS, t

        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; use one of {LANGS}")
        self.lang = lang
        self._placeholders = {kind: t(key, lang=lang) for kind, key in _PLACEHOLDER_KEYS.items()}
        self.names = {" ".join(str(k).split()): (v or "") for k, v in dict(names or {}).items()}

        plain: dict[str, str] = {}
        titled: dict[str, str] = {}
        given: dict[str, str] = {}
        ambiguous = self._placeholders["name"]
        for real, replacement in self.names.items():
            if sum(c.isalpha() for c in real) < 2:
                continue  # one letter would match everywhere
            replacement = replacement or ambiguous
            forms = _name_variants(_fold(unicodedata.normalize("NFC", real)))
            for table, variants in zip((plain, titled, given), forms):
                for form in variants:
                    # the same form for two people with different pseudonyms: the neutral placeholder
                    table[form] = replacement if table.get(form, replacement) == replacement else ambiguous
        self._plain = plain
        self._titled = titled
        self._given = given
        self._plain_re = re.compile(rf"(?<!\w)(?:{_alternation(plain)})(?!\w)") if plain else None
        title_alts = []
        if titled:
            title_alts.append(rf"(?<!\w)(?:{_TITLES})\s+(?P<surname>{_alternation(titled)})(?!\w)")
        if given:
            title_alts.append(rf"(?<!\w)(?:{_GIVEN_NAME_TITLES})\s+(?P<given>{_alternation(given)})(?!\w)")
        self._titled_re = re.compile("|".join(title_alts)) if title_alts else None

    def findings(self, text: str) -> list[Finding]:
        """What :meth:`redact` would replace, in text order, without overlaps (for review before export).

        Examples:
            >>> [(f.kind, f.text) for f in Redactor().findings("Tel. 0981-123-456, CI N° 4.567.890")]
            [('phone', '0981-123-456'), ('id_number', 'CI N° 4.567.890')]
        """
        if not isinstance(text, str):
            raise TypeError(f"redaction works on str, got {type(text).__name__}")
        text = unicodedata.normalize("NFC", text)
        found: list[tuple[int, int, int, str, str]] = []  # (start, -length, priority, kind, replacement)

        def add(kind: str, start: int, end: int, replacement: str, priority: int) -> None:
            found.append((start, start - end, priority, kind, replacement))

        for m in _EMAIL_RE.finditer(text):
            add("email", m.start(), m.end(), self._placeholders["email"], 0)
        for m in _PHONE_RE.finditer(text):
            if m.group("bare") and _is_amount(text, m.start(), m.end()):
                continue
            add("phone", m.start(), m.end(), self._placeholders["phone"], 1)
        for m in _ID_RE.finditer(text):
            add("id_number", m.start(), m.end(), self._placeholders["id_number"], 1)
        for m in _BARE_ID_RE.finditer(text):
            if not _is_amount(text, m.start(), m.end()):
                add("id_number", m.start(), m.end(), self._placeholders["id_number"], 2)
        if self._plain_re or self._titled_re:
            folded = _fold(text)
            if self._plain_re:
                for m in self._plain_re.finditer(folded):
                    add("name", m.start(), m.end(), self._plain[" ".join(m.group().split())], 3)
            if self._titled_re:
                for m in self._titled_re.finditer(folded):
                    group = "surname" if m.group("surname") is not None else "given"
                    table = self._titled if group == "surname" else self._given
                    add("name", m.start(group), m.end(group), table[" ".join(m.group(group).split())], 3)

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
        if not findings:
            return unicodedata.normalize("NFC", text)
        text = unicodedata.normalize("NFC", text)
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
