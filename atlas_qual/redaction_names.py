"""Name lists and the forms under which a listed person is mentioned, for :mod:`atlas_qual.redaction`.

Folding (case and accents, one character for one), the particles, titles and everyday words that are never a name on
their own, place names that hold given names, and :func:`_name_forms`, the word sequences a listed name matches as.
A name listed as *capitalised* ("Rosa", "Paz": also everyday words) matches only where written with a capital letter.

Examples:
    >>> is_hideable_name("Rosa"), is_hideable_name("Rosa", capitalised=True)
    (False, True)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["AFTER_TITLE_WORDS", "COMMON_WORDS", "EVERYDAY_GIVEN_NAMES", "LOWER_CASE_WORDS", "PARTICLES", "TITLE_WORDS",
           "NameMap", "is_hideable_name"]


class NameMap(dict):
    """A project's names to hide (real name -> replacement), with the names listed as *capitalised*: hidden only
    where written with a capital letter, because they are also everyday words ("Rosa" but not "una rosa blanca").

    :class:`atlas_qual.redaction.Redactor` reads ``capitalised`` from the mapping it is given, so every output built
    from the project's names honours the choice without passing it separately.

    Examples:
        >>> names = NameMap({"Rosa": "", "Ana Britez": ""}, capitalised=["Rosa"])
        >>> sorted(names), sorted(names.capitalised)
        (['Ana Britez', 'Rosa'], ['Rosa'])
    """

    def __init__(self, names=(), capitalised=()) -> None:
        super().__init__(names)
        self.capitalised = frozenset(capitalised)


# the marks written for an apostrophe or the Guaraní puso: typographic quotes, an acute or grave accent on its own
# (common on Paraguayan keyboards: "ka´a"), the modifier letter apostrophe
_APOSTROPHES = "'\u2019\u2018\u00b4`\u02bc\u02b9\u2032"


class _FoldTable(dict):
    """str.translate table: each character to its lower-case base letter, always one character for one.

    Folding one-for-one keeps offsets in the folded text valid in the original, so matching can ignore case and
    accents without a second pass to map positions back.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _APOSTROPHES:  # "Ka’arendy", "Ka´arendy", "O`Connor": the one apostrophe "'"
            self[code] = "'"
            return "'"
        if unicodedata.category(char) == "Mn":
            # a mark left after NFC (the tilde of Guaraní g̃) stays inside its word, as a letter, for both sides
            self[code] = "\u02b0"
            return "\u02b0"
        base = unicodedata.normalize("NFD", char)[0].lower()
        value = base if len(base) == 1 else (char.lower() if len(char.lower()) == 1 else char)
        self[code] = value
        return value


_FOLD = _FoldTable()


def _fold(text: str) -> str:
    return text.translate(_FOLD)


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
    "familia", "flia", "family",  # "la familia Ayala": a listed person's surname names their family
})
# words after a surname that name its bearers as a title before it would ("the Fernández family")
AFTER_TITLE_WORDS = frozenset({"family", "families"})
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
    "agosto", "septiembre", "octubre", "noviembre", "diciembre", "tanto", "casa", "lugar", "fin", "dios",
})
# Given names that are also everyday words or places (Spanish and Guaraní): not hidden when they stand alone, only
# after a title or with a surname ("Salvador" stays in "El Salvador", "Ara" is "day", "Porã" is "beautiful").
EVERYDAY_GIVEN_NAMES = frozenset({
    "salvador", "milagros", "lourdes", "libertad", "natividad", "inocencia", "estrella", "paloma", "violeta",
    "margarita", "reina", "perla", "selva", "alba", "celeste", "clara", "iris", "cielo", "dulce", "bella",
    "felicidad", "primavera", "azucena", "jazmin", "hortensia", "camelia", "dalia", "modesto", "severo", "constancia",
    "fortunato", "remedios", "socorro", "candelaria", "purificacion", "ascension", "santiago", "ara", "pora", "jasy",
    "kuarahy", "yvoty", "panambi", "mainumby", "irupe", "arasy", "arami", "jesus",
})
# Given names that are also words in lower case (adjectives, verb forms, nouns): hidden alone only where written
# with a capital letter, even in a sentence written without capitals ("el máximo de horas", "ella lucía cansada")
LOWER_CASE_WORDS = frozenset({
    "maximo", "maxima", "amado", "amada", "armando", "lucia", "benigno", "benigna", "candido", "candida", "placido",
    "placida", "digno", "digna", "primitivo", "primitiva", "constante", "clemente", "tomas", "augusto", "augusta",
    "gracia", "lidia", "transito", "bienvenido", "bienvenida", "sincero", "honesto", "fausto", "modesta", "justa",
    "casto", "casta", "pura", "pastora", "ventura", "marino", "marina", "estela", "rubi", "esmeralda", "diamante",
    "patria", "america", "cristal", "nieves", "angustias", "serena", "sereno", "feliz", "bonita", "linda", "hermosa",
    "fiel", "prudencio", "prudencia", "inocente", "celestina", "gloriosa", "divina",
})
# Given names that are also words, but whose word never takes "la" (a masculine or plural noun: "el jazmín", "los
# dolores", "el rocío"): after "la" each is a woman ("la Jazmín ya sabe", "la dolores"), hidden as after a title.
# Words that do take it ("la rosa", "la luz", "la paz", "la blanca") are not here.
ARTICLE_NAMES = frozenset({
    "jazmin", "milagros", "dolores", "mercedes", "angeles", "consuelo", "amparo", "rocio", "pilar", "rosario",
    "socorro", "remedios", "lourdes", "belen", "iris", "cielo",
})
# Words that are never a name on their own, even after a title: particles, titles and grammar words.
_NEVER_ALONE = frozenset(PARTICLES | TITLE_WORDS | {
    "el", "o", "u", "a", "en", "con", "por", "para", "que", "se", "su", "sus", "lo", "le", "les", "un", "una", "al",
    "no", "si", "mi", "tu", "yo", "ya", "ha", "he", "es", "son", "fue", "era", "pero", "como", "mas", "muy", "the",
    "and", "of", "to", "in", "on", "at", "for", "mbae", "ha'e", "upe", "ko", "pe", "ndaje", "avei", "che", "nde",
})
# A given name or surname inside a place name is not a person: "San Lorenzo", "Villa Elisa", "Fernando de la Mora".
_PLACE_BEFORE = frozenset({"san", "santa", "santo", "sta", "sto", "villa", "puerto", "colonia", "calle", "avenida",
                           "avda", "barrio", "virgen", "isla", "nueva", "nuevo",
                           "tekoha", "comunidad", "asentamiento"})  # "Tekoha Kuaray Rese": an indigenous community
_PLACES = tuple(tuple(p.split()) for p in (
    "fernando de la mora", "mariano roque alonso", "pedro juan caballero", "juan eulogio estigarribia",
    "carlos antonio lopez", "carlos a lopez", "eusebio ayala", "jose falcon", "juan leon mallorquin",
    "juan manuel frutos", "tomas romero pereira", "jose leandro oviedo", "raul arsenio oviedo", "jose domingo ocampos",
    "natalicio talavera", "juan de mena", "benjamin aceval", "jose fassardi", "felix perez cardozo",
    "maria auxiliadora", "mariscal estigarribia", "elizardo aquino", "higinio morinigo", "bernardino caballero",
    "cecilio baez", "moises bertoni", "juan de ayolas", "jose felix estigarribia", "emiliano r fernandez",
    "carmen del parana", "virgen del carmen",
    # districts, departments and avenues named after a title and a surname ("en Presidente Franco", "Mcal. López")
    "presidente franco", "presidente hayes", "coronel oviedo", "coronel bogado", "coronel martinez",
    "general artigas", "general delgado", "general aquino", "general diaz", "general resquin", "capitan bado",
    "capitan miranda", "capitan meza", "doctor bottrell", "teniente irala fernandez", "teniente esteban martinez",
    "mayor otano", "mariscal lopez", "mcal lopez", "mcal estigarribia", "gral diaz", "cnel oviedo", "pte franco",
    "pdte franco", "eugenio a garay", "doctor cecilio baez", "isidoro resquin", "irala fernandez",
))
_PLACE_MAX = max(len(p) for p in _PLACES)
_PLACES_BY_WORD: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
for _place in _PLACES:
    for _at, _word in enumerate(_place):
        _PLACES_BY_WORD.setdefault(_word, []).append((_at, _place))

# a word, with the apostrophes inside Guaraní words ("ha'e", "mba'e"); an English possessive "'s" is not part of the
# word before it ("Marita's mother": the name is "Marita"); an underscore joins words, not letters, as in file names
# and handles ("Entrevista_MARIA_BENITEZ.docx")
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’](?!s(?![^\W_]))[^\W_]+)*")
# what may separate the words of one name: spaces and one line end, or a hyphen ("González-Ruiz", also broken
# at the line end; a spaced dash, "Ana - Benítez", is a pause, not a compound name) or an underscore ("MARIA_BENITEZ"
# in a file name); a middle initial between them
# goes with the name ("Nidia M. Riquelme": the initial is no token of the scan, see Redactor._scan_names)
_GAP_RE = re.compile(r"[-\u2010\u2011_]\n?|[ \t\u00a0]*\n?[ \t\u00a0]*(?:[A-ZÁÉÍÓÚÑÜ]\.[ \t\u00a0]*)*")
_HYPHENS = "-\u2010\u2011"
# "la Sra. M. Benítez"; one line wrap may stand there too ("la familia\nAyala" in a PDF's lines)
_TITLE_GAP_RE = re.compile(r"\.?(?:[ \t\u00a0]+\n?|\n)[ \t\u00a0]*(?:[A-ZÁÉÍÓÚÑÜ]\.[ \t\u00a0]*)*")
# "BENÍTEZ, María": surname first, as in actas; the second surname's initial before the comma ("Martínez V., Liliana")
_COMMA_GAP_RE = re.compile(r"(?:[ \t\u00a0]+[A-ZÁÉÍÓÚÑÜ]\.)*[ \t\u00a0]*,[ \t\u00a0]*\n?[ \t\u00a0]*")
# an initial after a name is its next name's ("Liliana R. Martínez V."): it goes with it; not a company's "S. A."
_TRAILING_INITIAL_RE = re.compile(r"[ \t\u00a0][A-ZÁÉÍÓÚÑÜ]\.(?![^\W\d_])(?![ \t]?[A-ZÁÉÍÓÚÑÜ]\.)")


def _after_title(text: str, tokens, i: int, length: int, capital: bool, uncapitalised) -> bool:
    """Whether ``tokens[i:i + length]`` (a listed person's given name or surnames, one title-like gap before them)
    follow a title or honorific ("Doña Rosa", "la Sra. Paz", "Fiscal Ortiz"), or "la" before a given name whose word
    never takes it ("la Jazmín", see ARTICLE_NAMES; in lower case only where ``uncapitalised(text, start)`` says the
    sentence has no capitals: "la jazmin ya sabe"); not "la madre rosa" (an everyday word in lower case) nor "en
    Presidente Franco" (a place)."""
    words = [tok[2] for tok in tokens[i:i + length]]
    if tokens[i - 1][2] == "la" and length == 1 and words[0] in ARTICLE_NAMES and \
            text[tokens[i - 1][1]:tokens[i][0]] == " " and (capital or uncapitalised(text, tokens[i][0])):
        return True
    if not capital and all(w in COMMON_WORDS or w in EVERYDAY_GIVEN_NAMES for w in words):
        return False
    return tokens[i - 1][2] in TITLE_WORDS and not _in_place_name(tokens, i, length)


# OCR reads a capital O as a zero ("MARIA G0NZALEZ", "CARD0ZO"): in a word that also holds letters it is read as one
_OCR_ZERO_RE = re.compile(r"(?<=[^\W\d_])0|0(?=[^\W\d_])")
OCR_BYTES = bytes.maketrans(b"0", b"o")  # the quick check's names search reads every zero as an "o" (a superset)


def _token_word(word: str) -> str:
    """A token's folded word as names are compared: without apostrophes, a zero among its letters read as "o"."""
    word = word.replace("'", "")
    return _OCR_ZERO_RE.sub("o", word) if "0" in word else word


def _initial_after(text: str, end: int) -> int:
    """Where a name ending at ``end`` ends with the capital initial after it, if one follows ("Martínez V.")."""
    m = _TRAILING_INITIAL_RE.match(text, end)
    return m.end() if m else end



def _words(name: str) -> list[str]:
    return _TOKEN_RE.findall(_fold(unicodedata.normalize("NFC", name)))


def is_hideable_name(name: str, *, capitalised: bool = False) -> bool:
    """True when ``name`` can be hidden without touching ordinary text: it holds a word of two letters or more that
    is not a particle, title or common word, and no digits. ``capitalised``: hidden only where written with a
    capital letter, so an everyday word that is also a name ("Rosa", "Paz") may be listed; a particle, a title or a
    grammar word ("La", "Fiscal", "Que") still may not, since a capital at a sentence start is everywhere.

    Examples:
        >>> is_hideable_name("Graciela Benítez de Ocampo"), is_hideable_name("de"), is_hideable_name("Fiscal")
        (True, False, False)
        >>> is_hideable_name("Paz"), is_hideable_name("Paz", capitalised=True), is_hideable_name("La", capitalised=True)
        (False, True, False)
    """
    if any(ch.isdigit() for ch in name):
        return False
    never = _NEVER_ALONE if capitalised else COMMON_WORDS
    return any(len(w) >= 2 and w not in never for w in _words(name))


def _units(words: list[str], hyphens=()) -> list[tuple[str, ...]]:
    """Words grouped with the particles before them: benitez de ocampo -> (benitez,), (de, ocampo); words joined
    by a hyphen (``hyphens[k]``: word k to the next) are one unit: gonzalez-ruiz -> (gonzalez, ruiz)."""
    units: list[tuple[str, ...]] = []
    pending: list[str] = []
    glued = False
    for k, w in enumerate(words):
        if w in PARTICLES and not glued:
            pending.append(w)
            continue
        if glued and units and not pending:
            units[-1] = (*units[-1], w)
        else:
            units.append((*pending, w))
        pending = []
        glued = k < len(hyphens) and hyphens[k]
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


# How a form of a name may match: as it stands; a surname alone as one capitalised word; surnames after a title;
# a given name after a title ("Doña María", "Sra. Rosa"); a given name alone, capitalised; surname first with a
# comma ("BENÍTEZ, María", as in actas and lists).
_PLAIN, _BARE, _TITLED, _GIVEN, _FIRST, _INVERTED = "plain", "bare", "titled", "given", "first", "inverted"
_HOW_ORDER = {how: k for k, how in enumerate((_PLAIN, _INVERTED, _BARE, _TITLED, _GIVEN, _FIRST))}


def _full_tokens(name: str) -> list[tuple[str, bool]]:
    """The listed name's words (folded) without a leading title or trailing particles, each with whether a hyphen
    joins it to the next ("González-Ruiz": one compound surname)."""
    folded = _fold(unicodedata.normalize("NFC", name))
    found = list(_TOKEN_RE.finditer(folded))
    tokens = [(m.group(), k + 1 < len(found) and folded[m.end():found[k + 1].start()].strip() in tuple(_HYPHENS))
              for k, m in enumerate(found)]
    while tokens and tokens[0][0] in TITLE_WORDS and len(tokens) > 1:  # "Comisario Hugo Ramírez Sosa", "Ña Teresa"
        tokens = tokens[1:]
    while tokens and tokens[-1][0] in PARTICLES:
        tokens = tokens[:-1]
    return tokens


def _full_words(name: str) -> list[str]:
    """The listed name's words (folded) without a leading title or trailing particles: its exact form."""
    return [w for w, _ in _full_tokens(name)]


def _name_forms(name: str, capitalised: bool = False) -> list[tuple[tuple[str, ...], str, bool, int, bool]]:
    """The word sequences (folded) under which a person is mentioned, each with how it may match, whether it is
    a whole mention (a given name with a surname, or the name as listed) rather than a part of the name, for
    a surname-first form the index of the first word after its comma (0 otherwise), and whether it matches only
    where its words but the particles are capitalised.

    "Graciela Benítez de Ocampo" -> the full name; first name + each surname ("Graciela Benítez", "Graciela de
    Ocampo"); the same surname first ("BENÍTEZ DE OCAMPO, Graciela", "Ocampo, Graciela"); the surnames after a
    title ("Sra. Benítez", "Sra. Benítez de Ocampo"); the first name after Doña, or alone when capitalised and not
    an everyday word ("Graciela no vino"); a surname alone, capitalised (common or not; never an everyday word nor
    inside a place name). Only the full name, a given name with a surname and their surname-first forms are whole
    mentions.
    ``capitalised`` (the name is matched only where written with a capital letter): an everyday word ("Rosa",
    "Paz") may be a form too, alone or as a part of the name; particles, titles and grammar words still may not.
    A given name with a surname made only of everyday or place words ("Concepción de la Cruz" for "Concepción de
    la Cruz Ayala") is a form that needs capitals: two capitalised parts of one name together are that name, while
    each alone ("en Concepción", "la cruz") stays.
    """
    tokens = _full_tokens(name)
    words = [w for w, _ in tokens]
    units = _units(words, [h for _, h in tokens])
    if not units:
        return []
    first_names, _ = _name_lists()
    forms: list[tuple[tuple[str, ...], str, bool, int, bool]] = []

    def add(seq, how, whole=False, comma=0):
        seq = tuple(seq)
        # never a bare particle, title or everyday word; after a title an everyday word may be a name ("Sra. Paz")
        never = _NEVER_ALONE if how in (_TITLED, _GIVEN) else COMMON_WORDS
        if how == _FIRST:
            never = COMMON_WORDS | EVERYDAY_GIVEN_NAMES
        if capitalised:  # the capital letter it needs is what tells "Rosa" from "una rosa"
            never = _NEVER_ALONE
        caps_only = False
        if not seq or not any(w not in never and len(w) >= 2 for w in seq):
            # everyday words only: a given name with a surname still is the person where both are capitalised
            # ("Concepción de la Cruz"), never a single word ("en Concepción")
            core = [w for w in seq if w not in PARTICLES]
            if not (whole and how in (_PLAIN, _INVERTED) and len(core) >= 2 and
                    all(w not in _NEVER_ALONE and len(w) >= 2 for w in core)):
                return
            caps_only = True
        if not any(f[0] == seq and f[1] == how and f[3] == comma for f in forms):
            forms.append((seq, how, whole, comma, caps_only))

    full = [w for u in units for w in u]
    if len(units) == 1:
        add(full, _PLAIN, True)  # listed on its own: the person meant it to go wherever it stands
        add(full, _TITLED, True)
        add(full, _GIVEN, True)
        for part in _compound_parts(units[0]):  # "la Sra. González" for "González-Ruiz"
            add(part, _TITLED)
        return forms
    n_given = _n_given(units, first_names)
    given, surnames = units[:n_given], units[n_given:]
    add(full, _PLAIN, True)
    for j in range(1, len(units)):  # surname first, whichever words are the given names ("BENÍTEZ, María de los
        head = [w for u in units[j:] for w in u]  # Ángeles" for "María de los Ángeles Benítez")
        add([*head, *(w for u in units[:j] for w in u)], _INVERTED, True, len(head))
    flat_given = [w for u in given for w in u]
    surname_seqs = [list(u) for u in surnames] + [p for u in surnames for p in _compound_parts(u)] + \
        ([[w for u in surnames for w in u]] if len(surnames) > 1 else [])
    for seq in surname_seqs:
        bare = [w for w in seq if w not in PARTICLES]
        for g in ([given[0]] + ([flat_given] if n_given > 1 else [])):
            add([*g, *seq], _PLAIN, True)
            add([*seq, *g], _INVERTED, True, len(seq))
            if bare != seq:
                add([*g, *bare], _PLAIN, True)  # "Graciela Ocampo" for "Graciela Benítez de Ocampo"
                add([*bare, *g], _INVERTED, True, len(bare))
        if n_given > 1:  # "María del Puerto" for "Rosa María del Puerto": a part, since "José Benítez" for
            add([*given[1], *seq], _PLAIN)  # "María José Benítez" may be her brother
            add([*given[1], *bare], _PLAIN)
        add(seq, _TITLED)
        add(bare, _TITLED)
        if len(bare) == 1 and len(bare[0]) >= 4 and bare[0] not in (_NEVER_ALONE if capitalised else COMMON_WORDS):
            # a listed person's surname, capitalised, is a name on its own, common or not ("Benítez dijo"): the
            # placeholder, as for a first name alone; never an everyday word ("Rosa") nor inside a place name
            add(bare, _BARE)
        elif len(bare) > 1:  # both surnames together ("Benítez de Ocampo", "Benítez Ortiz")
            add(seq, _PLAIN)
            add(bare, _PLAIN)
    add(given[0], _GIVEN)
    add(given[0], _FIRST)  # "Sonia no quiere que se sepa", "Derlis, el hermano, llamó"
    if n_given > 1:
        add(flat_given, _GIVEN)
        add(flat_given, _FIRST)
        add(given[1], _FIRST)
    # diminutives of a given name, alone or with a surname ("Nildita", "Juancito Benítez", "la Marita"): the
    # placeholder, as for the given name alone
    # (of an everyday word, "Rosa": only with a surname, "Rosita Benítez"; "una rosita" stays)
    for unit in given[:2]:
        if len(unit) != 1:
            continue
        everyday = unit[0] in COMMON_WORDS or unit[0] in EVERYDAY_GIVEN_NAMES
        for small in diminutives(unit[0]):
            if not everyday:
                add([small], _GIVEN)
                add([small], _FIRST)
            for seq in surname_seqs:
                add([small, *seq], _PLAIN)
    return forms


def diminutives(word: str) -> list[str]:
    """The diminutives (folded) Paraguayans make of a given name (folded): -ito/-ita on its stem ("nilda" ->
    "nildita", "maria" -> "marita", "carlos" -> "carlitos"), -cito/-cita after n, r, e, y ("ramon" -> "ramoncito",
    "juan" -> "juancito", "gladys" -> "gladycita"), and the Guaraní -'i ("nilda'i"). A diminutive under five letters
    or that is an everyday word is left out.

    Examples:
        >>> diminutives("nilda"), diminutives("ramon")
        (['nildita', "nilda'i"], ['ramoncita', 'ramoncito', 'ramonita', 'ramonito', "ramon'i"])
    """
    if len(word) < 3 or not word.isalpha():
        return []
    stems: list[tuple[str, str]] = []  # (stem, endings)
    last = word[-1]
    if word.endswith("ia") and len(word) >= 5:  # "maria" -> "marita", "lucia" -> "lucita"
        stems.append((word[:-2], "a"))
    if last in "ao":
        stems.append((word[:-1], last))
    elif last == "s" and word[-2:] in ("os", "as"):  # "carlos" -> "carlitos"
        stems.append((word[:-2], word[-2] + "s"))
    elif last == "s" and word[-2:] == "ys":  # "gladys" -> "gladycita"
        stems.append((word[:-1] + "c", "ao"))
    elif last in "nrey":
        stems.append((word + "c" if last != "y" else word[:-1] + "c", "ao"))
        stems.append((word if last != "e" else word[:-1], "ao"))
    elif last == "l":  # "daniel" -> "danielito", "isabel" -> "isabelita"
        stems.append((word, "ao"))
    out = []
    for stem, endings in stems:
        # spelling before "i": a hard c or g takes a u ("marcos" -> "marquitos", "diego" -> "dieguito"); a z is c
        if word.startswith(stem) and len(stem) < len(word) and stem[-1] in "cgz" and \
                (stem[-1] == "z" or word[len(stem)] in "aou"):
            stem = stem[:-1] + {"c": "qu", "g": "gu", "z": "c"}[stem[-1]]
        for ending in ("os", "as") if endings in ("os", "as") else endings:
            small = stem + "it" + ending
            if len(small) < 5:
                continue
            if small not in out and small not in COMMON_WORDS and small not in EVERYDAY_GIVEN_NAMES:
                out.append(small)
    out.append(word + "'i")
    return out


def _n_given(units: list[tuple[str, ...]], first_names) -> int:
    """How many of a name's units are given names: one, or two when the second is a known first name ("María José
    Benítez") or there are 4+ units."""
    if len(units) >= 4 or (len(units) == 3 and len(units[1]) == 1 and units[1][0] in first_names):
        return 2
    return 1


def _initial_forms(name: str) -> list[tuple[tuple[str, ...], str]]:
    """The person's surnames (folded words) after their initials, each with the initials (folded letters) that go
    before them: "Ana Benítez Ruiz" -> (benitez,) after "a"; (ruiz,) after "a" or "ab" ("A. B. Ruiz"); (benitez,
    ruiz) after "a". Up to three initials, the first always the given name's."""
    tokens = _full_tokens(name)
    units = _units([w for w, _ in tokens], [h for _, h in tokens])
    if len(units) < 2:
        return []
    n_given = _n_given(units, _name_lists()[0])
    out: list[tuple[tuple[str, ...], str]] = []
    for k in range(1, min(3, len(units) - 1) + 1):
        letters = "".join(next((w for w in u if w not in PARTICLES), u[0])[0] for u in units[:k])
        rest = units[max(k, n_given):]
        tails = [*rest, *(tuple(w for w in u if w not in PARTICLES) for u in rest)]
        if len(rest) > 1:
            tails.append(tuple(w for u in rest for w in u))
        for tail in tails:
            if tail and any(w not in _NEVER_ALONE and len(w) >= 2 for w in tail) and (tail, letters) not in out:
                out.append((tail, letters))
    return out


def _compound_parts(unit: tuple[str, ...]) -> list[list[str]]:
    """The words of a hyphenated compound unit, each alone ("gonzalez", "ruiz"); none for a simple unit."""
    bare = [w for w in unit if w not in PARTICLES]
    return [[w] for w in bare] if len(bare) > 1 else []


def _in_place_name(tokens, i: int, length: int) -> bool:
    """Whether the words ``tokens[i:i + length]`` are part of a place name ("San Lorenzo", "Fernando de la Mora")."""
    if i > 0 and tokens[i - 1][2] in _PLACE_BEFORE:
        return True
    n = len(tokens)
    for at, place in _PLACES_BY_WORD.get(tokens[i][2], ()):
        lo = i - at
        if lo >= 0 and lo + len(place) <= n and lo + len(place) >= i + length and \
                all(tokens[lo + k][2] == w for k, w in enumerate(place)):
            return True
    return False
