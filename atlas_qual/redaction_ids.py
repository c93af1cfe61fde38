"""Record numbers that name one person, for :mod:`atlas_qual.redaction_data`: a patient's medical record ("historia
clínica N° 245871", "H.C. 245871") and hospital bed ("sala 3, cama 12": the bed, with the ward and the date, is the
child), a pupil's enrolment ("matrícula N° 20251057"), a professional's registration ("Reg. Prof. N° 8734"), a phone's
IMEI or SIM (ICCID) number, each ``[registro]``; a Spanish NIE or DNI with its letter ("NIE Y-1234567-L", "DNI
12345678Z"), ``[cédula]``; and a victim's initials where a court or report gives them ("con las
iniciales M.B.G."), ``[nombre]``. A ward, a hospital, a file or case number ("informe N° 0872/2025") stay.

Examples:
    >>> found = []
    >>> record_findings("historia clínica N° 245871", lambda *a: found.append(a[:3]), {"record": "[registro]"})
    >>> found
    [('record', 20, 26)]
"""

from __future__ import annotations

import re

from atlas_qual.redaction_places import matches_at

__all__ = ["RECORD_WORDS", "record_findings"]

_NUMBER_AFTER = r"(?:[ \t]*(?i:n[°º.o]|nro\.?|n[uú]mero|no\.|number|\#))?[ \t]*[:.]?[ \t]*"
_RECORD_RE = re.compile(
    r"(?<![\w.])(?:(?i:historias?[ ]cl[ií]nicas?|ficha[ ]cl[ií]nica|expediente[ ]cl[ií]nico|medical[ ]record|"
    r"matr[ií]cula(?P<said>[ ](?:escolar|estudiantil|profesional|del?[ ](?:alumn[oa]|estudiante)))?|mat\.[ ]?prof\.|"
    r"reg(?:istro)?\.?[ ]?prof(?:esional)?\.?|imei|iccid|imsi|sim[ ]card)|H\.[ ]?C\.|MRN)"
    + _NUMBER_AFTER +
    r"(?P<number>\d[\d.-]{2,22}\d)(?![\w]|[.,/-]\d)")
# a bed in a ward: only where its sentence names a ward, room or service ("Servicio de Pediatría, sala 3, cama 12");
# "una cama de 2 plazas" stays
_BED_RE = re.compile(r"(?<!\w)(?i:cama|bed)" + _NUMBER_AFTER + r"(?P<number>\d{1,3}[A-Z]?)(?![\w]|[.,/-]\d)")
_WARD_RE = re.compile(r"(?i)(?<!\w)(?:sala|pabell[oó]n|habitaci[oó]n|servicio|internad[oa]|hospital|ward|room|"
                      r"terapia|uti|uci)(?!\w)")
# initials said as a name ("identificada con las iniciales M.B.G.", "the initials R.F.")
_INITIALS_RE = re.compile(r"(?<!\w)(?i:iniciales|initials)[ \t]*:?[ \t]*(?P<initials>(?:[A-ZÁÉÍÓÚÑ]\.[ ]?){1,4}"
                          r"[A-ZÁÉÍÓÚÑ]\.?)(?!\w)")
# Spain's foreigner's number (NIE: X, Y or Z, seven digits, a letter), in its own shape; its identity card number (DNI,
# NIF: eight digits and a letter) after its word
_NIE_RE = re.compile(r"(?<![\w-])[XYZ][ -]?\d{7}[ -]?[A-Z](?![\w-])")
_ES_DNI_RE = re.compile(r"(?<!\w)(?i:dni|nif|d\.n\.i\.)(?:[ ](?i:espa[nñ]ol|n[°º.o]|nro\.?))*[ \t]*[:.]?[ \t]*"
                        r"(?P<number>\d{8}[ -]?[A-Z])(?![\w-])")
_SPAIN_WORDS = ("nie", "dni", "nif", "d.n.i")
# a cédula handwritten and read by OCR, a letter for a digit ("C.I. N° 4.S67.89O", "CI 6.l23.4S6", "cedula 3.2B7.65O"):
# after a cédula word, dotted groups of digits and the letters OCR takes them for (checked in code: a letter among them
# and five digits or more; all digits is the cédula rule's)
_OCR = "0-9OoIlSBZ"
_OCR_NUMBER_RE = re.compile(rf"(?<![\w.])[{_OCR}]{{1,2}}\.[{_OCR}]{{3}}\.[{_OCR}]{{3}}(?![\w])")
_OCR_ID_WORD_RE = re.compile(
    r"(?<!\w)(?i:c\.?[ ]?i\.?(?:[ ]?[cn]\.?)?|c[eé]dula(?:[ ]de[ ]identidad)?|dni|documento(?:[ ]de[ ]identidad)?|rg)"
    + _NUMBER_AFTER + r"\Z")
# ... and a phone with an O for its leading zero ("O981 234 567")
_OCR_PHONE_RE = re.compile(r"(?<![\w+])O9[6-9]\d[ -]?\d{3}[ -]?\d{3}(?![\w]|[.,-]\d)")
# a Brazilian company's taxpayer number (CNPJ: 12.345.678/0001-90): as with a RUC, a one-person firm's is its owner's
_CNPJ_RE = re.compile(r"(?<![\w.,/-])\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}(?![\w-]|[.,/]\d)")
# what a text must hold (lower case) for these to be looked for
RECORD_WORDS = ("historia", "ficha cl", "expediente cl", "medical record", "matr", "mat.", "reg.", "reg ",
                "registro prof", "imei", "iccid", "imsi", "sim card", "h.c", "h. c", "mrn", "cama", "bed", "iniciales",
                "initials")
# where the record regex may start (lower case): it is tried there only
_RECORD_STARTS = ("historia", "ficha cl", "expediente cl", "medical", "matr", "mat.", "reg.", "reg ", "registro prof",
                  "imei", "iccid", "imsi", "sim card", "h.c", "h. c", "mrn")
_SENTENCE_RE = re.compile(r"[!?;\n]|(?<=[a-záéíóúñü0-9])\.(?=\s)")
# a pupil's enrolment: its sentence (or the table's header line) speaks of school
_PUPIL_RE = re.compile(r"(?i)(?<!\w)(?:alumn[oa]s?|estudiantes?|grados?|cursos?|escuelas?|colegios?|escolar|"
                       r"sección|secci[oó]n|pupils?|students?|school)(?!\w)")


def _sentence(text: str, start: int, end: int, reach: int = 120) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, at most ``reach`` characters each side."""
    lo, hi = max(0, start - reach), min(len(text), end + reach)
    for stop in _SENTENCE_RE.finditer(text, lo, start):
        lo = stop.end()
    stop = _SENTENCE_RE.search(text, end, hi)
    return lo, stop.start() if stop else hi


def record_findings(text: str, add, placeholders, low: str | None = None) -> None:
    """Medical records, beds, enrolments, professional registrations, IMEIs and initials in ``text`` (``low``: the
    text in lower case, offsets kept), each reported as ``add(kind, start, end, placeholder, priority)``."""
    low = text.lower() if low is None else low  # (no guard over RECORD_WORDS: matches_at finds each start once)
    if "iniciales" in low or "initials" in low:
        for m in _INITIALS_RE.finditer(text):
            add("name", m.start("initials"), m.end("initials"), placeholders["name"], 1)
    for m in matches_at(_RECORD_RE, text, low, _RECORD_STARTS):
        if low.startswith("matr", m.start()) and not m.group("said") and not _PUPIL_RE.search(
                text, *_sentence(text, m.start(), m.end())):
            continue  # "matrícula N° 1234 del abogado": a pupil's only where its sentence speaks of school
        add("record", m.start("number"), m.end("number"), placeholders["record"], 1)
    if any(word in low for word in _SPAIN_WORDS):
        for m in _NIE_RE.finditer(text):
            add("id_number", m.start(), m.end(), placeholders["id_number"], 1)
        for m in matches_at(_ES_DNI_RE, text, low, ("dni", "nif", "d.n.i")):
            add("id_number", m.start("number"), m.end("number"), placeholders["id_number"], 1)
    if "/" in text and "-" in text:
        for m in _CNPJ_RE.finditer(text):
            add("id_number", m.start(), m.end(), placeholders["id_number"], 1)
    ocr = "." in text and any(word in low for word in ("c.i", "ci ", "ci:", "cedula", "cédula", "dni", "documento",
                                                        "rg "))
    for m in _OCR_NUMBER_RE.finditer(text) if ocr else ():
        number = m.group()
        if sum(c.isdigit() for c in number) >= 5 and not number.replace(".", "").isdigit():
            said = _OCR_ID_WORD_RE.search(text, max(0, m.start() - 30), m.start())
            if said is not None:
                add("id_number", said.start(), m.end(), placeholders["id_number"], 1)
    if "o9" in low:
        for m in _OCR_PHONE_RE.finditer(text):
            add("phone", m.start(), m.end(), placeholders["phone"], 1)
    if "cama" in low or "bed" in low:
        for m in matches_at(_BED_RE, text, low, ("cama", "bed")):
            if _WARD_RE.search(text, _sentence(text, m.start(), m.end())[0], m.start()):
                add("record", m.start("number"), m.end("number"), placeholders["record"], 1)
