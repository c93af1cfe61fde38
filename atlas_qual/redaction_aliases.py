"""Nicknames and relatives named where a sentence says who they are, for :mod:`atlas_qual.redaction_data`.

A nickname said as one: after "alias", "apodado", "vulgo", "a.k.a.", "conocido como" / "conhecido como" / "known
as", "le dicen", "un tal", a police record's "a)" or "(a)" after a name, or in quotes between a given name and a
surname (Pedro "Tiburón" Sánchez); a police file or a newspaper names the accused by it, and in a small community
the nickname is the person. The nickname becomes ``[nombre]``; an article or quotes around it stay ('alias "el
[nombre]"'). Only a capitalised nickname counts: "un alias de correo", "alias ll='ls -la'" stay, and "conocido como"
after a place or a thing ("el local, conocido como "El Paraíso"", "la zona conocida como la Costanera") stays, as does
an enumeration's "a) Informe; b) Varios".

A relative named beside the kin word ("su tío materno, Celso Ramírez", "El padrastro, Ramón Ortiz", "her uncle on
her mother's side, Tomás Caballero"): the name points at the child as the parents in "hijo de" do
(:mod:`atlas_qual.redaction_people`). A lower-case word after the comma ("su tío materno, que vive en Luque", "su
madrina, la Directora") is no name.

Examples:
    >>> found = []
    >>> text = 'Julio Maidana, alias "el Ruso", y su tío materno, Celso Ramírez.'
    >>> alias_findings(text, text.lower(), lambda *a: found.append(a[:3]), {"name": "[nombre]"})
    >>> [text[a:b] for _, a, b in found]
    ['Ruso', 'Celso Ramírez']
"""

from __future__ import annotations

import re

from atlas_qual.redaction_names import COMMON_WORDS, PARTICLES, TITLE_WORDS, _fold, _name_lists

__all__ = ["ALIAS_WORDS", "alias_findings"]

_UP = "A-ZÁÉÍÓÚÑÜÃÕÂÊÔÇ"
_WORD = rf"[{_UP}][\w'’-]*"
# what may stand before the nickname and stays: a quote, an article
_NICK_RE = re.compile(rf"""[ \t]*[:]?[ \t]*(?P<q>["“«'‘])?(?:(?i:el|la|los|las|o|a|the)[ ])?"""
                      rf"(?P<nick>{_WORD}(?:[ ](?:(?:de|del)[ ])?{_WORD}){{0,2}})")
_MARK_RE = re.compile(
    r"(?<![\w])(?:(?P<alias>(?i:alias|apodad[oa]s?|apelidad[oa]s?|vulgo|a\.k\.a\.?|aka|le[ ](?:dicen|dec[ií]an|llaman|"
    r"llamaban)|(?:un|una|el|la)[ ]tal))"
    r"|(?P<known>(?i:conocid[oa]s?[ ]como|conhecid[oa]s?[ ]como|known[ ]as))"
    r"|(?P<letter>\(a\)|(?<=[\w.][ ])a\)))(?!\w)")
# "conocido como" after a place or a thing: what follows is that place's name, not a person's nickname
_THING_BEFORE_RE = re.compile(
    r"(?i)(?<!\w)(?:local|lugar|sitio|zona|barrio|bar|boliche|casa|prost[ií]bulo|whisker[ií]a|club|paraje|"
    r"asentamiento|compa[ñn][ií]a|calle|avenida|ruta|hotel|establecimiento|estancia|empresa|red|banda|clan|operativo|"
    r"caso|programa|plan|ley|proyecto|grupo|lugar|cerro|arroyo|r[ií]o|puente|mercado|feria|terminal|place|area|"
    r"house|street|bar|club|gang|network|operation|case|program|hotel|border|market|area|region|regi[oó]n|"
    r"departamento|ciudad|pueblo|town|city|village)(?!\w)")
# between a given name and a surname, a nickname in quotes: Pedro "Tiburón" Sánchez (the whole is the person)
_QUOTED_NICK_RE = re.compile(rf"""(?<![\w])(?P<given>{_WORD})[ ]["“«](?P<nick>{_WORD}(?:[ ]{_WORD})?)["”»][ ]"""
                             rf"(?P<surname>{_WORD})")
# a relative, then a comma and the name beside it: the comma and a capital are looked for first (", Celso"), then
# the kin word before them
_KIN = (r"t[ií]o|t[ií]a|abuel[oa]|av[oóô]|prim[oa]|padrastro|madrastra|padrasto|madrasta|herman[oa]|irm[aã]o?|"
        r"cu[ñn]ad[oa]|sobrin[oa]|padrino|madrina|suegr[oa]|niet[oa]|concubin[oa]|novi[oa]|espos[oa]|marido|"
        r"pareja|padre|madre|pap[aá]|mam[aá]|m[aã]e|pai|"
        r"uncle|aunt|grandmother|grandfather|grandma|grandpa|cousin|stepfather|stepmother|brother|sister|husband|"
        r"wife|partner|boyfriend|girlfriend|mother|father|godmother|godfather")
_APPOSITION_RE = re.compile(rf",[ ](?=(?:(?i:don|doña|dona|ña|sr\.|sra\.|dr\.|dra\.|lic\.|prof\.|mr\.|mrs\.|ms\.)[ ])?"
                            rf"[{_UP}])")
_KIN_BEFORE_RE = re.compile(
    rf"(?<!\w)(?i:{_KIN})(?:[ ](?i:matern[oa]|patern[oa]|pol[ií]tic[oa]|herman[oa]|mayor|menor|de[ ]crianza|"
    rf"biol[oó]gic[oa]|maternal|paternal))*"
    r"(?:[ ](?i:on[ ](?:his|her|their)[ ](?:mother|father)['’]s[ ]side))?\Z")
_TITLE_RE = re.compile(r"(?i:don|doña|dona|ña|sr\.|sra\.|srta\.|dr\.|dra\.|lic\.|prof\.|mr\.|mrs\.|ms\.)[ ]")
_NAME_RE = re.compile(rf"(?!(?:Y|E|AND)\b){_WORD}(?:[ ](?:(?i:de|del|la|las|los)[ ])*(?!(?:Y|E|AND)\b){_WORD}){{0,4}}")
# what a text must hold (lower-case ASCII, as a quick check over many texts folds them) for a nickname, a quoted
# nickname or a relative to be looked for; the rules themselves look for their markers, a quote, or ", " and a capital
ALIAS_WORDS = ("alias", "apodad", "apelidad", "vulgo", "a.k.a", "aka ", "le dicen", "le decian", "le llaman",
               " tal ", "conocid", "conhecid", "known as", "a)", '"', "tio", "tia", "abuel", "avo", "prim", "padrast",
               "madrast", "herman", "irma", "cunad", "sobrin", "padrin", "madrin", "suegr", "niet", "concubin", "novi",
               "espos", "marido", "pareja", "padre", "madre", "papa", "mama", "mae", "pai", "uncle", "aunt", "grand",
               "cousin", "step", "brother", "sister", "husband", "wife", "partner", "friend", "mother", "father",
               "god")
_MARK_WORDS = ("alias", "apodad", "apelidad", "vulgo", "a.k.a", "aka ", "le dicen", "le decían", "le decian",
               "le llaman", " tal ", "conocid", "conhecid", "known as", "a)")


def _nickname(words: str) -> bool:
    """Whether capitalised words may be a nickname: not only everyday words, titles or particles."""
    folded = [w for w in _fold(words).replace("-", " ").split() if w not in PARTICLES]
    return bool(folded) and not all(w in COMMON_WORDS or w in TITLE_WORDS for w in folded)


def _relative(name: str) -> bool:
    """Whether the capitalised words after a kin word and a comma are the relative's name: two words or more, or a
    known given name, not led by an everyday word or title ("su madrina, Directora de la escuela")."""
    words = [w for w in _fold(name).replace("-", " ").split() if w not in PARTICLES]
    if not words or words[0] in TITLE_WORDS or words[0] in COMMON_WORDS or all(w in COMMON_WORDS for w in words):
        return False
    return len(words) >= 2 or words[0] in _name_lists()[0]


def alias_findings(text: str, low: str, add, placeholders) -> None:
    """Nicknames and relatives' names in ``text`` (see the module), each reported as ``add("name", start, end,
    placeholder, 3)`` (``low``: the text in lower case, offsets kept)."""
    if any(word in low for word in _MARK_WORDS):
        _nicknames(text, add, placeholders)
    if '"' in text or "“" in text or "«" in text:
        first = _name_lists()[0]
        for m in _QUOTED_NICK_RE.finditer(text):
            if _fold(m.group("given")) in first and _nickname(m.group("nick")) and _nickname(m.group("surname")):
                add("name", m.start(), m.end(), placeholders["name"], 3)
    if ", " in text:
        for m in _APPOSITION_RE.finditer(text):
            if _KIN_BEFORE_RE.search(text, max(0, m.start() - 60), m.start()) is None:
                continue
            title = _TITLE_RE.match(text, m.end())
            person = _NAME_RE.match(text, title.end() if title else m.end())
            if person is not None and _relative(person.group()):
                add("name", person.start(), person.end(), placeholders["name"], 3)


def _nicknames(text: str, add, placeholders) -> None:
    """Nicknames after their markers (see ``_MARK_RE``)."""
    for m in _MARK_RE.finditer(text):
        if m.group("letter"):
            after = text[m.end():m.end() + 120].split("\n", 1)[0]
            if re.search(r"(?<!\w)\(?b\)", after) or text[max(0, m.start() - 2):m.start()].strip(" ") in (":", ";"):
                continue  # an enumeration: "a) Informe del fiscal; b) Varios"
        if m.group("known"):
            lo = max(0, m.start() - 40)
            if _THING_BEFORE_RE.search(text, lo, m.start()):
                continue
        nick = _NICK_RE.match(text, m.end())
        if nick is None or not _nickname(nick.group("nick")):
            continue
        add("name", nick.start("nick"), nick.end("nick"), placeholders["name"], 3)
