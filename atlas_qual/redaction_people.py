"""People nobody listed, named where a sentence or a form says who they are, for :mod:`atlas_qual.redaction_data`:
the parents in a court's or a register's "hijo de Juan Benítez y de María Ortiz" (the names point at the child), and
the person in a form's field that names one ("Paciente: Camila Rojas", "Firma: Rubén Villalba", "Niña: Ana Duarte").
Each becomes ``[nombre]``; a title before it ("hija de don Aníbal Cáceres") stays. A name is taken only when it reads
as one: two capitalised words or more, or one that is a known given name; "hija de Dios y de la Virgen", "Paciente:
Refiere dolor" and "Firma: Director General" stay.

Examples:
    >>> found = []
    >>> text = "hijo de Juan Benítez y de María Ortiz"
    >>> kin_findings(text, text.lower(), lambda *a: found.append(a[:3]), {"name": "[nombre]"})
    >>> [text[a:b] for _, a, b in found]
    ['Juan Benítez', 'María Ortiz']
"""

from __future__ import annotations

import re

from atlas_qual.redaction_names import COMMON_WORDS, PARTICLES, TITLE_WORDS, _fold, _name_lists

__all__ = ["PEOPLE_WORDS", "kin_findings"]

_UP = "A-ZÁÉÍÓÚÑÜ"
# "hijo de", "hija de", "son of", "filha de": where a child's parents are named
_CHILD_OF_RE = re.compile(r"(?<!\w)(?i:hij[oa]s?[ ]de|son[ ]of|daughter[ ]of|child[ ]of|filh[oa]s?[ ]de)[ ]")
# a title before a parent's name, which stays ("don", "doña", "Sra.")
_TITLE_RE = re.compile(r"(?i:don|doña|dona|ña|sr\.|sra\.|señor|señora|mr\.|mrs\.|ms\.)[ ]")
# capitalised words with particles between them ("María de los Ángeles Ortiz", "JUAN ACUÑA"); a capital "Y" or "E"
# ("JUAN ACUÑA Y DE MARÍA") joins two names, it is no word of one
_NAME_RE = re.compile(rf"(?!(?:Y|E|AND)\b)[{_UP}][\w'’-]*(?:[ ](?:(?i:de|del|la|las|los)[ ])*(?!(?:Y|E|AND)\b)"
                      rf"[{_UP}][\w'’-]*){{0,4}}")
# between the two parents: "y de", "y", ", y de"; lower-case words before it are a parent said without a name
# ("hijo de padre desconocido y de María Ortiz")
_AND_RE = re.compile(r"(?:[ ][^\W\d_]+){0,3}?,?[ ](?i:y|e|and)[ ](?:(?i:de|of)[ ])?")
# a form's field that names one person (a weaker label than "Nombre:": its value must read as a name)
_FIELD_RE = re.compile(
    r"(?<!\w)(?i:paciente|patient|firma|firmado[ ]por|signed|signature|aclaraci[oó]n(?:[ ]de[ ]firma)?|"
    r"acompa[nñ]ante|responsable|tutor[a]?|titular|denunciante|v[ií]c?tima|imputad[oa]|ni[nñ][oa]|adolescente|"
    r"madre|padre|mother|father|"
    # a notification's addressee, a witness, the one who served or wrote a paper, a case's client or author
    r"se[nñ]or(?:a|/a|\(a\))?|destinatari[oa]|notificad[oa]|testigos?|ujier(?:[ ]notificador)?|notificador[a]?|"
    r"autor[a]?|client[e]?|docente|profesor[a]?|(?:prepared|approved|reviewed)[ ]by|(?:elaborado|aprobado|"
    r"revisado)[ ]por|"
    # a transfer's beneficiary or sender, a guest or passenger, a worker and their boss, the officer in charge
    r"beneficiari[oa]|remitente|ordenante|pasajer[oa]|hu[eé]sped|pe[oó]n|capataz|encargad[oa]|agente|menor|"
    r"conductor[a]?|chofer|caseworker|case[ ]manager|employer|empleador[a]?|patr[oó]n|patrona)"
    # "Responsable del traslado:"; the colon on its label ("niña : Carmen" is no form's field)
    r"(?:[ ](?i:de|del|de[ ]la)[ ][a-záéíóúñ]+)?:[ \t]*"
    r"(?:(?i:don|doña|sr\.|sra\.|mr\.|mrs\.|ms\.|lic\.|abg\.|dr\.|dra\.|prof\.|ing\.|of\.|ofic\.|ppal\.|migr\.|"
    r"sgto\.|subof\.|insp\.|crio\.|cabo|sub\.)[ ]){0,3}")
# a person given by initials in a field ("víctima: L.M.F.")
_INITIALS_RE = re.compile(r"(?:[A-ZÁÉÍÓÚÑ]\.[ ]?){2,4}")
# a court case's title ("caratulado "MINISTERIO PÚBLICO c/ ANTONIO GAVILÁN y OTROS s/ TRATA DE PERSONAS"", "Gavilán,
# Antonio Ramón s/ trata de personas"): the parties before "s/" ("sobre"), each side of "c/" ("contra"), are people
# unless an institution ("Ministerio Público", "Fiscalía", "Estado Paraguayo")
_CASE_TITLE_RE = re.compile(r"(?P<open>[\"“«]|(?i:caratulad[oa]s?|autos)[ \t]*:?[ \t]*)(?P<parties>[^\"“”«»\n]{3,120}?)"
                            r"[ ](?i:s/|s\.[ ]?/)[ ]")
_OTHERS_RE = re.compile(r"(?i)[ ](?:y|e)[ ]otr[oa]s?\Z")
_CONTRA_RE = re.compile(r"[ ](?i:c/|c\.[ ]?/|contra)[ ]")
_INVERTED_RE = re.compile(rf"(?P<surnames>[{_UP}][\w'’-]*(?:[ ][{_UP}][\w'’-]*){{0,2}}),[ ]"
                          rf"(?P<given>[{_UP}][\w'’-]*(?:[ ](?:(?i:de|del|la|las|los)[ ])*[{_UP}][\w'’-]*){{0,3}})")
# what a text must hold for these to be looked for (lower-case ASCII, as a quick check folds texts; "niñ" besides)
PEOPLE_WORDS = ("hijo de", "hija de", "hijos de", "hijas de", "son of", "daughter of", "child of", "filho de",
                "filha de", "paciente", "patient", "firma", "signed", "signature", "aclaraci", "acompa", "responsable",
                "tutor", "titular", "denunciante", "ctima", "imputad", "nino", "nina", "adolescente", "madre", "padre",
                "mother", "father", "senor", "destinatari", "notificad", "testigo", "ujier", "autor", "client",
                "vitima", "docente", "profesor", "prepared by", "approved by", "reviewed by", "elaborado por",
                "aprobado por", "revisado por", "s/", "beneficiari", "remitente", "ordenante", "pasajer", "huesped",
                "peon", "capataz", "encargad", "agente", "menor", "conductor", "chofer", "caseworker", "case manager",
                "employer", "empleador", "patron")
_LOOK_WORDS = (*PEOPLE_WORDS, "niñ", "señor", "vítima", "peón", "huésped", "patrón")
_NO_NAME = frozenset({"dios", "virgen", "jesus", "cristo", "maria auxiliadora", "desconocido", "desconocida", "nn"})


def _person(name: str) -> bool:
    """Whether capitalised words read as a person's name: two or more that are not all everyday words or titles, or
    one that is a known given name."""
    words = [w for w in _fold(name).replace("-", " ").split() if w not in PARTICLES]
    if not words or words[0] in TITLE_WORDS or words[0] in _NO_NAME or all(w in COMMON_WORDS for w in words):
        return False
    return len(words) >= 2 or words[0] in _name_lists()[0]


def _name_at(text: str, pos: int) -> re.Match | None:
    title = _TITLE_RE.match(text, pos)
    return _NAME_RE.match(text, title.end() if title else pos)


def kin_findings(text: str, low: str, add, placeholders) -> None:
    """Parents named after "hijo de ... y de ..." and the people in forms' fields (see the module), each reported as
    ``add("name", start, end, placeholder, 3)`` (``low``: the text in lower case, offsets kept)."""
    if not any(word in low for word in _LOOK_WORDS):
        return
    first_names, surnames = _name_lists()
    for m in _CHILD_OF_RE.finditer(text):
        first = _name_at(text, m.end())
        joint = _AND_RE.match(text, first.end() if first else m.end() - 1)
        if joint is None:
            # one parent named ("hija de Ña Celia Gómez", "filha de Ana Rocha"): a given name and a surname
            words = _fold(first.group()).split() if first is not None else []
            if len(words) >= 2 and words[0] in first_names and (words[-1] in surnames or words[-1] not in COMMON_WORDS) \
                    and " ".join(words) not in _NO_NAME and _person(first.group()):
                add("name", first.start(), first.end(), placeholders["name"], 3)
            continue
        second = _name_at(text, joint.end())
        for name in (first, second):
            if name is not None and _person(name.group()):
                add("name", name.start(), name.end(), placeholders["name"], 3)
    if ":" in text:
        for m in _FIELD_RE.finditer(text):
            name = _NAME_RE.match(text, m.end())
            if name is not None and _person(name.group()):
                add("name", name.start(), name.end(), placeholders["name"], 4)
            elif name is None or len(name.group()) == 1:
                initials = _INITIALS_RE.match(text, m.end())
                if initials is not None:
                    add("name", initials.start(), initials.end(), placeholders["name"], 4)
    if "s/" in low or "s./" in low:
        for m in _CASE_TITLE_RE.finditer(text):
            _case_parties(text, m.start("parties"), m.end("parties"), add, placeholders)


def _case_parties(text: str, start: int, end: int, add, placeholders) -> None:
    """The people among the parties of a case's title ``text[start:end]`` (see ``_CASE_TITLE_RE``)."""
    cut = _CONTRA_RE.search(text, start, end)
    for a, b in ((start, cut.start()), (cut.end(), end)) if cut else ((start, end),):
        others = _OTHERS_RE.search(text, a, b)
        b = others.start() if others else b
        party = text[a:b]
        inverted = _INVERTED_RE.fullmatch(party)
        name = party if inverted else (_NAME_RE.fullmatch(party) and party)
        words = _fold(party.replace(",", " ")).split()
        if name and words and words[0] not in COMMON_WORDS and _person(party.replace(",", "")):
            add("name", a, b, placeholders["name"], 3)
