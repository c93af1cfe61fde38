"""People nobody listed, named where prose says who they are, for :mod:`atlas_qual.redaction_data` (the comma-less
and context forms the older rules miss):

- a relative right after the kin word, no comma between ("su tío Celso Ramírez", "la madrina Estela Ortiz", "Mi hija
  Nati", "mi prima la Fati", "Her daughter Camila", "sua mãe Ana"), also in Guaraní and jopara after "che", "nde"...
  ("che sy Eladia", "che ru Bernardo Giménez", "Che tío Celso"); a capitalised kin word is part of a name or a title
  and stays ("Fundación Tía Encarnación", "la Hermana Superiora", "Ñande Ru Tupã", "El Padre Nuestro"), and "el padre
  Julio", "la hermana Gloria" with no possessive may be a priest or a nun (hidden only with a qualifier: "el padre
  biológico Julio Ruiz");
- a person called by what they are and a nickname in quotes ('el brasileño "Alemão"');
- a person with their age ("Kevin Meza (17)", "Araceli Noemí Núñez – 13 años", "M.B.G. – 14 años"): a known given
  name (or initials) before an age in brackets or after a dash or comma; "Santa Rosa (15)", "Alto Paraná (12)" stay;
- a person beside their identity document ("Ramón Ortiz Leiva, C.I. 3.456.123", "Pasaporte brasileño FT987654, Gilmar
  Souza Lima", "a nombre de BARRIOS, Walter Hugo") or a transfer's sender ("enviado por Petrona Giménez").

- a person after an honorific ("la Sra. Graciela", "Don Pedro Benítez", "Mr. Gary Thompson"): a known given name or
  surname after a Spanish or Guaraní one, any capitalised name after an English one; "Colegio Don Bosco", "Estancia
  Don Pedro", "Nuestra Señora de la Asunción", "el Señor Jesús", "la Sra. Ministra" stay.

Each becomes ``[nombre]``; the kin word, the honorific, the age and the document stay. A listed person's name goes
by the names list (their pseudonym) before these rules.

Examples:
    >>> found = []
    >>> text = "su tío Celso Ramírez la llevó; Kevin Meza (17) trabaja; che sy Eladia oĩ Luque-pe."
    >>> kin_prose_findings(text, text.lower(), lambda *a: found.append(a[:3]), {"name": "[nombre]"})
    >>> sorted(text[a:b] for _, a, b in found)
    ['Celso Ramírez', 'Eladia', 'Kevin Meza']
"""

from __future__ import annotations

import re

from atlas_qual.redaction_names import _NEVER_ALONE, _PLACE_BEFORE, _PLACES, COMMON_WORDS, PARTICLES, TITLE_WORDS, \
    _fold, _name_lists

__all__ = ["KIN_PROSE_OPENINGS", "KIN_PROSE_WORDS", "kin_prose_findings"]

_UP = "A-ZÁÉÍÓÚÑÜÃÕÂÊÔÇ"
_WORD = rf"[{_UP}][\w'’-]*"
_NAME = rf"{_WORD}(?:[ ](?:(?:de|del|la|las|los|da|do|dos)[ ])*{_WORD}){{0,4}}"

# kin words, in lower case only (a capital makes them part of a name or a title); Spanish, Portuguese, English
_KIN = (r"t[ií]os?|t[ií]as?|abuel[oa]s?|bisabuel[oa]s?|prim[oa]s?|padrastro|madrastra|herman[oa]s?|hermanastr[oa]s?|"
        r"cu[ñn]ad[oa]s?|sobrin[oa]s?|padrino|madrina|ahijad[oa]|suegr[oa]s?|niet[oa]s?|bisniet[oa]s?|concubin[oa]|"
        r"novi[oa]|espos[oa]|marido|mujer|pareja|padre|madre|pap[aá]|mam[aá]|hij[oa]s?|hijastr[oa]s?|yerno|nuera|"
        r"irm[aã]o?|filh[oa]s?|m[aã]e|pai|av[oóô]|padrasto|madrasta|madrinha|padrinho|"
        r"uncle|aunt|grandmother|grandfather|grandma|grandpa|granddaughter|grandson|cousin|stepfather|stepmother|"
        r"stepdaughter|stepson|brother|sister|half-brother|half-sister|husband|wife|boyfriend|girlfriend|mother|"
        r"father|mom|mum|dad|son|daughter|niece|nephew|godmother|godfather")
# Guaraní kin words, after a Guaraní possessive only ("che sy", "nde ru", "che ryke'y")
_GN_KIN = (r"sy|ru|t[uú]a|ryvy|reindy|kyvy|rendy|ryke['’]?y|kypy['’]?y|jar[yý]i|ram[oó]i|sy['’]?y|tuty|memby|"
           r"membyku[ñn]a|ra['’]?y|rajy|ta['’]?[yý]ra|taj[yý]ra|m[eé]na|tembirek[oó]|t[ií]o|t[ií]a|abuel[oa]|prim[oa]|"
           r"herman[oa]|padrastro|madrastra|madrina|padrino|sobrin[oa]|niet[oa]|hij[oa]")
_QUALIFIER = (r"matern[oa]s?|patern[oa]s?|pol[ií]tic[oa]s?|mayor(?:es)?|menor(?:es)?|biol[oó]gic[oa]s?|"
              r"adoptiv[oa]s?|de[ ]crianza|carnal(?:es)?|segund[oa]s?|maternal|paternal|biological|adoptive|older|"
              r"younger|eldest|oldest|little|big|mais[ ]velh[oa]|mais[ ]nov[oa]")
_LEAD = r"(?:(?i:don|doña|dona|ña|karai|sr\.|sra\.|la|el|a|o)[ ])?"
_KIN_RE = re.compile(
    rf"(?<![\w'’])(?:(?P<det>(?i:su|sus|mi|mis|tu|tus|nuestr[oa]s?|el|la|los|las|del|al|her|his|my|their|your|our|the|"
    rf"seu|sua|seus|suas|meu|minha|meus|minhas|o|a|do|da))[ ](?P<kin>{_KIN})"
    rf"|(?P<gdet>(?i:che|nde|ñande|ore|pende))[ ](?P<gkin>{_GN_KIN}))"
    rf"(?P<qual>(?:[ ](?:{_QUALIFIER})){{0,2}})[ ]{_LEAD}(?P<name>{_NAME})")
# the relative of someone named, then their own name: "La madrina de Fátima, Estela Ortiz"
_KIN_OF_RE = re.compile(rf"(?<![\w'’])(?i:su|sus|mi|mis|el|la|los|las|del|al)[ ](?:{_KIN})(?:[ ](?:{_QUALIFIER})){{0,2}}"
                        rf"[ ]de[ ]{_LEAD}(?P<of>{_NAME}),[ ]{_LEAD}(?P<name>{_NAME})")
# a person, then who they are in brackets: "Sra. Emilce Núñez (madre de Araceli)", "Rubén Ortiz (padre del niño)"
_KIN_AFTER_RE = re.compile(rf"[ ]\((?:{_KIN})(?:[ ](?:{_QUALIFIER})){{0,2}}[ ](?i:de|del|of|d[oa])[ ]")
# a numbered list of people, the given name first: "4. Yamila (sin apellido...)", "3. Derlis Javier Ortiz, 15 años"
_ROW_RE = re.compile(rf"(?m)^[ \t]*\d{{1,3}}[.)][ \t]+(?P<name>{_NAME})(?=[ \t]*(?:[–—(|;,-]|$))")
# a person called by what they are and a nickname in quotes: 'el brasileño "Alemão"', 'un tipo "Chiquito"'
_CALLED_RE = re.compile(rf"(?<![\w])(?i:el|la|un|una|ese|esa|o|um|uma)[ ](?i:brasileñ[oa]|brasiler[oa]|paraguay[oa]|"
                        rf"argentin[oa]|bolivian[oa]|uruguay[oa]|gring[oa]|hombre|mujer|señor[a]?|muchach[oa]|tipo|"
                        rf"chofer|capataz|encargad[oa]|patr[oó]n|patrona|dueñ[oa]|brasileir[oa]|homem|cara)"
                        rf"[ ][\"“«](?P<name>{_WORD}(?:[ ]{_WORD})?)[\"”»]")
# a private person after an honorific: "la Sra. Graciela", "Don Pedro Benítez", "el señor Brítez", "Mr. Gary Thompson"
_HONORIFIC_RE = re.compile(rf"(?<![\w.])(?P<hon>(?i:sra|sr|srta)\.|(?i:señora|señor|señorita|don|doña|dona|karai)"
                           rf"|(?<![^ \n\t(\"-])[Ññ]a"  # only where the quick check's marks look ("Ña", " ña", "(Ña")
                           rf"|(?P<en>(?:Mrs|Mr|Ms)\.?|Miss))[ ](?P<name>{_NAME})")
_HONORIFIC_WORDS = ("sr.", "sra.", "srta.", "señor", "don ", "doña", "dona ", "ña ", "karai", "mr", "mrs", "ms.",
                    "ms ", "miss ")
# a place or a business named after someone: "Colegio Don Bosco", "Estancia Don Pedro", "Almacén Doña Juana"
_NAMED_AFTER = frozenset({"calle", "avenida", "avda", "av", "barrio", "ruta", "almacen", "despensa", "copetin",
                          "restaurante", "bodega", "estancia", "hotel", "posada", "ferreteria", "tienda", "panaderia",
                          "supermercado", "comercial", "granja", "chacra", "colonia", "plaza", "puente", "nuestra",
                          "nuestro", "santa", "santo", "san", "virgen"})
# where a relative may be named: a kin word's stem or a Guaraní possessive, in lower case as ``low`` holds them (the
# kin regexes run only in a window around each: a turn of 3,000 words that names no relative costs a few finds)
_KIN_ANCHORS = ("tio", "tia", "tío", "tía", "abuel", "prima", "primo", "padrast", "madrast", "herman", "cuñad", "cunad",
                "sobrin", "padrin", "madrin", "ahijad", "suegr", "niet", "concubin", "novi", "espos", "marido", "mujer",
                "pareja", "padre", "madre", "papá", "papa", "mamá", "mama", "hij", "yerno", "nuera", "irmã", "irmao",
                "filh", "mãe", "mae", " pai ", " avó", " avô", " avo ", "uncle", "aunt", "grandm", "grandf", "grandp",
                "grands", "grandd", "cousin", "stepf", "stepm", "steps", "stepd", "brother", "sister", "husband", "wife",
                "boyfriend", "girlfriend", "mother", "father", " mom", " mum", " dad", "r son", "s son", "y son",
                "e son", "daughter", "niece", "nephew", "godm", "godf", "che ", "nde ", "ore ", "pende ")
# kin words that are also a priest's, a nun's or a religious brother's title ("el padre Julio", "la madre Teresa")
_RELIGIOUS = frozenset({"padre", "madre", "hermano", "hermana", "hermanos", "hermanas", "mother", "father", "brother",
                        "sister", "mae", "pai", "irmao", "irma"})
_MORE_RE = re.compile(rf"(?:,[ ]|[ ](?:y|e|and)[ ])(?P<name>{_NAME})")
_ARTICLES = frozenset({"el", "la", "los", "las", "del", "al", "the", "o", "a", "do", "da"})

# an age after a name: "Kevin Meza (17)", "(12 años)", ", 15 años", " – 13 años"
_AGE_RE = re.compile(r"(?:[ ]?\((?:de[ ])?\d{1,2}(?:[ ](?:a[ñn]os|a\.|years?(?:[ ]old)?|y/?o|yrs?\.?))?\)"
                     r"|,[ ](?:de[ ])?\d{1,2}[ ](?:a[ñn]os|years[ ]old|y/o)(?!\w)|[ ][–—-][ ]\d{1,2}[ ]a[ñn]os(?!\w))")
_NAME_END_RE = re.compile(rf"(?<![\w'’.-])(?:(?P<initials>(?:[{_UP}]\.[ ]?){{2,4}})|(?P<name>{_NAME}))\Z")
_AGE_WORDS = ("años", "anos", "year", "y/o", "(")

# a document beside its holder: "Ramón Ortiz Leiva, C.I. 3.456.123" and "Pasaporte brasileño FT987654, Gilmar Souza"
_DOC = r"(?:C\.?[ ]?I\.?(?:[ ]?[CN]\.?)?|(?i:c[eé]dula|dni|pasaporte|passport|passaporte|rg|cpf))"
_DOC_AFTER_NAME_RE = re.compile(rf",[ ](?:{_DOC})(?![\w])(?=[^\n;]{{0,25}}\d)")
_NAME_AFTER_DOC_RE = re.compile(
    rf"(?<![\w.])(?:{_DOC})(?![\w])[^\d\n;]{{0,25}}?(?<![\w])[A-Z]{{0,3}}\d[\d.-]*\d(?:[ ][A-Z]{{2}})?(?![\w])"
    rf",[ ](?P<name>{_NAME}(?:,[ ]{_NAME})?)")
# a transfer's holder or sender said without a colon: "a nombre de BARRIOS, Walter Hugo", "enviado por Mirta Benítez"
_BY_RE = re.compile(
    rf"(?<!\w)(?:(?i:a[ ]nombre[ ]de)|(?i:(?:enviad|recibid|cobrad|retirad|remitid|depositad|transferid|girad|firmad)"
    rf"[oa]s?|sent|received|signed|wired)(?:[ ][^\W\d_][\w]*){{0,4}}?[ ](?i:por|by))[ ]{_LEAD}"
    rf"(?P<name>{_NAME}(?:,[ ]{_NAME})?)")
_BY_WORDS = ("a nombre de", "enviad", "recibid", "cobrad", "retirad", "remitid", "depositad", "transferid", "girad",
             "firmad", "sent ", "received ", "signed ", "wired ")

# words that are never a private person here: God and the saints, institutions, countries
_NO_NAME = frozenset({"dios", "virgen", "jesus", "jesucristo", "cristo", "tupa", "nandejara", "nandeyara", "espiritu",
                      "patria", "tierra", "paraguay", "argentina", "brasil", "brazil", "bolivia", "uruguay", "chile",
                      "peru", "universo", "universe", "mundo", "world"})
_INSTITUTION = frozenset({
    "fundacion", "foundation", "church", "iglesia", "colegio", "escuela", "school", "hospital", "centro", "center",
    "centre", "community", "comunidad", "asociacion", "association", "ministerio", "ministry", "hogar", "parroquia",
    "capilla", "instituto", "universidad", "university", "banco", "bank", "empresa", "s.a", "sa", "srl", "s.r.l",
    "ltda", "inc", "ltd", "llc", "club", "radio", "programa", "program", "union", "comision", "municipalidad",
    "gobernacion", "secretaria", "direccion", "fiscalia", "juzgado", "comisaria", "policia", "unidad", "oficina",
    # a document, a currency: "C.I. paraguaya 6.789.012, Pasaporte PY N° ...", "la señora Gs. 200.000"
    "pasaporte", "passport", "passaporte", "cedula", "dni", "documento", "ruc", "cpf", "rg", "gs", "usd", "pyg",
})
_PLACE_FIRST = frozenset(_PLACE_BEFORE | {"ciudad", "departamento", "distrito", "compania", "alto", "bajo", "gran",
                                          "mariscal", "presidente", "general", "coronel", "capitan", "doctor",
                                          "teniente", "puente", "ruta"})
_PLACE_SET = frozenset(_PLACES)

# what a text must hold (lower-case ASCII, as the quick check folds texts) for these rules to run: the kin words are
# in redaction_aliases.ALIAS_WORDS already; honorifics, Guaraní possessives, a transfer's "por"
KIN_PROSE_WORDS = ("hij", "mujer", "pareja", "yerno", "nuera", "filh", "mae", "daughter", "son ", "niece", "nephew",
                   "mom", "mum", "dad", "che ", "nde ", "ore ", "pende ",
                   *_BY_WORDS, "sr.", "sra.", "srta.", "senor", "don ", "dona ", " na ", "\nna ", "\tna ", "(na ",
                   '"na ', "-na ", "karai", "mr.", "mr ", "mrs", "ms.", "ms ", "miss ")
# ... and what a text may open with ("Ña Ana vino": "na " anywhere would mark every "una", "semana")
KIN_PROSE_OPENINGS = ("na ",)


# capitalised at a sentence's start, never a name: "Soy Juan Carlos Benítez, C.I. ...", "Yo María Ortiz, DNI ..."
_OPENERS = frozenset(_NEVER_ALONE | {
    "soy", "somos", "sos", "eres", "estoy", "esta", "estaba", "fui", "era", "me", "mis", "hola", "buenas", "buenos",
    "gracias", "atte", "atentamente", "saludos", "firma", "firmado", "habla", "hablo", "llamo", "dijo", "vino",
    "conoce", "conozco", "hoy", "ayer", "luego", "despues", "entonces", "tambien", "segun", "sin", "desde", "hasta",
    "i", "i'm", "im", "hello", "hi", "dear", "this", "is", "my", "yes", "sim", "eu", "sou", "ola"})


def _words(name: str) -> list[str]:
    return [w for w in _fold(name).replace("-", " ").replace(",", " ").split() if w not in PARTICLES]


# a Guaraní postposition on the name's last word ("Luquitas-pe", "Benítezgui"): it stays
_GN_SUFFIX_RE = re.compile(r"(?:-(?i:pe|me|gui|re|rehe|ndive|ndie|kuéra|kuera|pegua)|(?<=[a-záéíóúñ]{4})(?:pe|gui|ndive|"
                           r"kuéra|kuera|rehe|pegua))\Z")


def _known(word: str) -> bool:
    first, surnames = _name_lists()
    folded = _fold(word).replace("0", "o")  # OCR's zero ("CARD0ZO")
    return folded in first or folded in surnames


def _span(text: str, start: int, end: int, *, from_end: bool = False) -> tuple[int, int]:
    """``text[start:end]``, a capitalised run read as a name: in capitals (a text in capitals: "LA SEÑORA NILSA
    CARD0ZO SABE", "Don CODENI") only its known given names and surnames, from its start (or with ``from_end``, back
    from its end: "CONDUCIDO POR RAMÓN ORTIZ, C.I."), since every word there has a capital; a "de" before a word that
    is no known name ends it ("Petrona Zárate de Tobatí": a place); a Guaraní postposition stays ("Luquitas-pe")."""
    name = text[start:end]
    words = name.split(" ")
    if name.isupper() and len(name) > 1:
        order = range(len(words) - 1, -1, -1) if from_end else range(len(words))
        keep = None
        for k in order:
            if _fold(words[k]) in PARTICLES:
                continue
            if not _known(words[k]):
                break
            keep = k
        if keep is None:
            return start, start
        if from_end:
            return start + len(" ".join(words[:keep])) + (1 if keep else 0), end
        return start, start + len(" ".join(words[:keep + 1]))
    lead = 0
    while lead < len(words) - 1 and _fold(words[lead]) in _OPENERS:  # "Soy Juan Carlos Benítez, C.I. ..."
        lead += 1
    if lead:
        start += len(" ".join(words[:lead])) + 1
        words = words[lead:]
    for k in range(1, len(words) - 1):
        if _fold(words[k]) in PARTICLES and _fold(words[k - 1]) not in PARTICLES and not any(
                _known(w) for w in words[k + 1:] if _fold(w) not in PARTICLES):
            words = words[:k]  # "Petrona Zárate de Tobatí"
            break
    name = " ".join(words)
    suffix = _GN_SUFFIX_RE.search(name)
    if suffix:
        name = name[:suffix.start()]
    return start, start + len(name)


def _take(text: str, start: int, end: int, add, placeholder: str, *, known: bool = False, words: int = 1,
          from_end: bool = False) -> bool:
    """Report ``text[start:end]`` (see ``_span``) as a name when it reads as a private person's (``_private``) of
    ``words`` words or more; whether it did."""
    start, end = _span(text, start, end, from_end=from_end)
    name = text[start:end]
    if start < end and len(_words(name)) >= words and _private(name, known=known):
        add("name", start, end, placeholder, 3)
        return True
    return False


def _is_place(words: list[str]) -> bool:
    n = len(words)
    return any(tuple(words[a:b]) in _PLACE_SET for a in range(n) for b in range(a + 2, n + 1))


def _private(name: str, *, known: bool = False) -> bool:
    """Whether capitalised words said in a place that names a relative or a private person read as one: not led by
    a grammar word, a title or an everyday word (unless it is also a given name: "Mi hermana Gloria"), no God, saint,
    institution or place. ``known``: one of the words must be a known given name or surname."""
    words = _words(name)
    if not words or len(words[0]) < 2 or words[0] in _NEVER_ALONE or words[0] in TITLE_WORDS or words[0] in _NO_NAME or \
            words[0] in _PLACE_FIRST:
        return False
    first, surnames = _name_lists()
    if words[0] in COMMON_WORDS and words[0] not in first:
        return False
    if any(w in _INSTITUTION or w in _NO_NAME for w in words) or _is_place(words):
        return False
    return not known or any(w in first or w in surnames for w in words)


def _kin_windows(low: str) -> list[tuple[int, int]]:
    """Stretches of ``low`` around each kin anchor (from the possessive before it to the names after it), merged."""
    spans = []
    for word in _KIN_ANCHORS:
        at = low.find(word)
        while at != -1:
            spans.append((max(0, at - 14), at + 120))
            at = low.find(word, at + 1)
    spans.sort()
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, min(hi, len(low))) for lo, hi in merged]


def _relatives(text: str, windows, add, placeholder: str) -> None:
    for m in (m for lo, hi in windows for m in _KIN_RE.finditer(text, lo, hi)):
        kin = _fold(m.group("kin") or m.group("gkin"))
        det = (m.group("det") or "").lower()
        if m.group("kin") and kin in _RELIGIOUS and det in _ARTICLES and not m.group("qual"):
            continue  # "el padre Julio" may be the parish priest, "la hermana Gloria" a nun
        if _take(text, m.start("name"), m.end("name"), add, placeholder) and kin.endswith("s"):
            at = m.end("name")  # "sus hijos Tobías y Noelia"
            while (nxt := _MORE_RE.match(text, at)) and _take(text, nxt.start("name"), nxt.end("name"), add,
                                                              placeholder):
                at = nxt.end()


def _called(text: str, add, placeholder: str) -> None:
    for m in _CALLED_RE.finditer(text):
        words = _words(m.group("name"))
        if words and not all(w in COMMON_WORDS or w in TITLE_WORDS for w in words):
            add("name", m.start("name"), m.end("name"), placeholder, 3)


def _kin_of(text: str, windows, add, placeholder: str) -> None:
    first = _name_lists()[0]
    for m in (m for lo, hi in windows for m in _KIN_OF_RE.finditer(text, lo, hi)):
        if _take(text, m.start("name"), m.end("name"), add, placeholder) and \
                _fold(m.group("of").split(" ")[0]) in first:
            _take(text, m.start("of"), m.end("of"), add, placeholder, known=True)  # the child's given name


def _kin_after(text: str, add, placeholder: str) -> None:
    for m in _KIN_AFTER_RE.finditer(text):
        name = _NAME_END_RE.search(text, max(0, m.start() - 80), m.start())
        if name is not None and name.group("name"):
            _take(text, name.start(), name.end(), add, placeholder, words=2, from_end=True)


def _rows(text: str, add, placeholder: str) -> None:
    first = _name_lists()[0]
    for m in _ROW_RE.finditer(text):
        words = _words(m.group("name"))
        if words and words[0] in first and words[0] not in COMMON_WORDS:
            _take(text, m.start("name"), m.end("name"), add, placeholder)


def _with_age(text: str, add, placeholder: str) -> None:
    first = _name_lists()[0]
    for m in _AGE_RE.finditer(text):
        name = _NAME_END_RE.search(text, max(0, m.start() - 80), m.start())
        if name is None:
            continue
        if name.group("initials"):
            add("name", name.start(), name.end(), placeholder, 3)
            continue
        words = name.group("name").split(" ")
        k = next((k for k, w in enumerate(words) if _fold(w) in first), None)
        if k is None:
            continue  # "Alto Paraná (12)": no given name
        start = name.start() + len(" ".join(words[:k])) + (1 if k else 0)
        before = text[max(0, start - 12):start].split()
        if before and _fold(before[-1]) in _PLACE_BEFORE:
            continue  # "Santa Rosa (15)"
        if len(_words(text[start:name.end()])) == 1 and _fold(text[start:name.end()]) in COMMON_WORDS:
            continue  # "Concepción (15)", "Pilar (3)": places and words
        _take(text, start, name.end(), add, placeholder)


def _after_honorific(text: str, add, placeholder: str) -> None:
    """A person after an honorific: the name's first word a known given name or surname ("la Sra. Graciela", "el
    señor Brítez"), any capitalised name after an English one ("Mr. Gary Thompson"); not a place or a business
    named after someone ("Colegio Don Bosco", "Estancia Don Pedro"), God or a saint ("el Señor Jesús")."""
    for m in _HONORIFIC_RE.finditer(text):
        before = text[max(0, m.start() - 20):m.start()].replace(".", " ").split()
        if before and _fold(before[-1]) in _NAMED_AFTER | _INSTITUTION:
            continue
        name = m.group("name")
        first_word = _words(name)[:1]
        if not first_word or (not m.group("en") and not _known(name.split(" ")[0])):
            continue
        _take(text, m.start("name"), m.end("name"), add, placeholder, known=not m.group("en"))


def _beside_documents(text: str, low: str, add, placeholder: str) -> None:
    for m in _DOC_AFTER_NAME_RE.finditer(text):
        name = _NAME_END_RE.search(text, max(0, m.start() - 80), m.start())
        if name is not None and name.group("name"):
            _take(text, name.start(), name.end(), add, placeholder, words=2, from_end=True)
    for m in _NAME_AFTER_DOC_RE.finditer(text):
        _take(text, m.start("name"), m.end("name"), add, placeholder, words=2)
    if any(word in low for word in _BY_WORDS):
        for m in _BY_RE.finditer(text):
            if not _take(text, m.start("name"), m.end("name"), add, placeholder, known=True) and "," in m.group("name"):
                _take(text, m.start("name"), m.start("name") + m.group("name").index(","), add, placeholder,
                      known=True)  # "por Mirta Benítez, DNI": the name before the comma


def kin_prose_findings(text: str, low: str, add, placeholders) -> None:
    """Relatives, private persons after an honorific, people with their age or beside their document (see the
    module), each reported as ``add("name", start, end, placeholder, 3)`` (``low``: the text in lower case)."""
    placeholder = placeholders.get("name")
    windows = _kin_windows(low)
    _relatives(text, windows, add, placeholder)
    if ", " in text:
        _kin_of(text, windows, add, placeholder)
    if " (" in text:
        _kin_after(text, add, placeholder)
    if "\n" in text or text.lstrip()[:1].isdigit():
        _rows(text, add, placeholder)
    if '"' in text or "“" in text or "«" in text:
        _called(text, add, placeholder)
    if any(word in low for word in _AGE_WORDS):
        _with_age(text, add, placeholder)
    if "," in text:
        _beside_documents(text, low, add, placeholder)
    if any(word in low for word in _HONORIFIC_WORDS):
        _after_honorific(text, add, placeholder)
