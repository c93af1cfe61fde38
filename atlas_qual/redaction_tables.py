"""Tables pasted or exported into a text (CSV, a spreadsheet's tab-separated rows, "|" tables) and forms' name fields,
for :mod:`atlas_qual.redaction_data`: under a header that names a column of personal data ("nombre", "apodo",
"teléfono de referencia", "C.I.", "matrícula N°", "fecha de nacimiento"...), every cell of that column is hidden, whether
or not the person is on the project's names list: a case list's nicknames ("Cinthi", "la Gringa") are on no list.
Other columns (age, community, case code, notes) stay; their cells go through the other rules like any text.

Examples:
    >>> found = []
    >>> text = "código,nombre,edad\\nPY-1,Ana Gómez,14\\n"
    >>> table_findings(text, text.lower(), lambda *a: found.append(a[:3]), {"name": "[nombre]"})
    >>> [(kind, text[a:b]) for kind, a, b in found]
    [('name', 'Ana Gómez')]
"""

from __future__ import annotations

import re

from atlas_qual.redaction_names import COMMON_WORDS, _fold, _name_lists
from atlas_qual.redaction_places import matches_at

__all__ = ["TABLE_WORDS", "column_kind", "field_findings", "list_findings", "table_findings"]

_SEPARATORS = (",", ";", "\t", "|")
# a header cell (lower case, spaces squeezed, without "N°"/":" around it) -> the kind of data its column holds
_COLUMN_KINDS = (
    ("name", re.compile(r"(?:nombres?|apellidos?|apodos?|alias|sobrenombres?|name|names|full name|first name|"
                        r"last name|surname|nickname)(?:[ ](?:y|e|/|and|o)[ ](?:nombres?|apellidos?|apodos?|alias))?"
                        r"(?:[ ](?:complet[oa]s?|de[ ]la[ ]v[ií]ctima|del?[ ](?:ni[nñ][oa]|adolescente|madre|padre|"
                        r"tutor[a]?|responsable|referente|contacto|alumn[oa]|estudiante)))?")),
    ("phone", re.compile(r"(?:tel[eé]fonos?|tel\.?|cel\.?|celular(?:es)?|m[oó]vil|whatsapp|phone|mobile|"
                         r"n[uú]mero[ ]de[ ](?:tel[eé]fono|celular))(?:[ ](?:de[ ])?(?:referencia|contacto|"
                         r"de[ ]la[ ]madre|del[ ]padre|familiar|particular))?")),
    ("id_number", re.compile(r"(?:c\.?[ ]?i\.?(?:[ ]?n[°º.o]?)?|c[eé]dula(?:[ ]de[ ]identidad)?|"
                             r"(?:n[°º.o]?|nro\.?|n[uú]mero)?[ ]?(?:de[ ])?documento|dni|pasaporte|passport|r\.?u\.?c\.?|"
                             r"cpf|rg|id[ ]number)")),
    ("record", re.compile(r"(?:matr[ií]cula|historia[ ]cl[ií]nica|h\.[ ]?c\.|imei|n[°º.o]?[ ]?de[ ]matr[ií]cula)")),
    ("address", re.compile(r"(?:direcci[oó]n|domicilio|address)(?:[ ](?:particular|actual|exacta))?")),
    ("birth_date", re.compile(r"(?:fecha[ ]de[ ]nac(?:imiento|\.)?|f\.?[ ](?:de[ ])?nac\.?|nacimiento|"
                              r"date[ ]of[ ]birth|dob|d\.o\.b\.?)")),
    ("email", re.compile(r"(?:correo(?:[ ]electr[oó]nico)?|e-?mail)")),
    ("profile", re.compile(r"(?:perfil(?:[ ]de[ ](?:facebook|instagram|tiktok))?|facebook|instagram|tiktok)")),
)
_LABEL_RE = re.compile(r"(?i)^[ \t\"']*(?:n[°º][ ]*|(?:n[.o]|nro\.?)[ ]+)?(?P<label>.*?)[ \t\"':]*"
                       r"(?:[ ](?:n[°º.o]|nro\.?))?[ \t\"':]*$")
# what a text must hold (lower case) for tables to be looked for; each is in a column name above
TABLE_WORDS = ("nombre", "apellido", "apodo", "alias", "name", "tel", "cel", "whatsapp", "c.i", "cédula", "cedula",
               "documento", "dni", "pasaporte", "passport", "matr", "historia", "imei", "direcci", "domicilio",
               "address", "nac", "birth", "dob", "correo", "mail", "perfil", "facebook", "instagram")
# a cell that starts with one of them: where a header may be (a line start or a separator before it)
# (a line start is the "\n" before it, or the text's start: a leading character class scans fast)
_HEADER_HINT_RE = re.compile(r"[,;\t|\n][ \t\"']*(?:n[°º.o]?[ ]*|nro\.?[ ]*)?(?:" +
                             "|".join(re.escape(w) for w in TABLE_WORDS) + ")")
# cells that say there is no value ("no tiene", "s/d"): they stay
_NO_VALUE_RE = re.compile(r"(?i)[\W_]*(?:no[ ]tiene|s/d|sd|sin[ ]datos?|n/?a|ninguno|none|no|desconocid[oa]|"
                          r"unknown|no[ ]sabe|-+|—)?[\W_]*")
_RULE_RE = re.compile(r"[\s|:+=-]*")  # a Markdown table's rule ("|---|:--|")
_NOTE_AFTER_RE = re.compile(r"[ \t]+\([^()\d\n]{2,30}\)[ \t]*\Z")  # a note in brackets after a number, no digit in it


def _cells(line: str, sep: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of ``line`` split at ``sep``, a separator inside double quotes kept in its cell."""
    spans, start, quoted = [], 0, False
    for k, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            spans.append((start, k))
            start = k + 1
    spans.append((start, len(line)))
    return spans


def _column_kind(cell: str) -> str | None:
    label = " ".join(cell.lower().split())
    m = _LABEL_RE.match(label)
    label = m.group("label") if m else label
    if not label or len(label) > 40:
        return None
    for kind, rx in _COLUMN_KINDS:
        if rx.fullmatch(label):
            return kind
    return None


column_kind = _column_kind  # the kind of personal data a header cell names ("name", "id_number"...), or None


def _header(line: str) -> tuple[str, list[tuple[int, int]], dict[int, str]] | None:
    """The separator, cells and personal-data columns of ``line`` read as a table's header, or None: two cells or more,
    each a short label (no sentence: at most five words, no digit but in "N°"), one naming personal data."""
    for sep in _SEPARATORS:
        if sep not in line:
            continue
        cells = _cells(line, sep)
        if len(cells) < 2:
            continue
        labels = [line[a:b].strip() for a, b in cells]
        if any(len(x.split()) > 5 or re.search(r"\d", re.sub(r"(?i)n[°º]", "", x)) or x.endswith(".") and
               len(x) > 6 for x in labels):
            continue
        kinds = {k: kind for k, x in enumerate(labels) if (kind := _column_kind(x))}
        if kinds and sum(1 for x in labels if x) >= 2:
            return sep, cells, kinds
    return None


def _lines(text: str, start: int):
    """(start, end) of each line of ``text`` from the line holding ``start``."""
    pos = text.rfind("\n", 0, start) + 1
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        yield pos, end
        if end == len(text):
            return
        pos = end + 1


def table_findings(text: str, low: str, add, placeholders) -> None:
    """The cells of personal-data columns in every table of ``text`` (``low``: the text in lower case, offsets kept),
    each reported as ``add(kind, start, end, placeholder, 4)``: a header line, then the rows under it with as many
    cells (a blank or ruled line may stand between; any other line ends the table)."""
    if "\n" not in text or not any(sep in text for sep in _SEPARATORS):
        return
    done = -1  # lines up to here were read as part of a table already
    first = [0] if _HEADER_HINT_RE.match("\n" + low[:80]) else []
    for at in first + [hint.start() + 1 for hint in _HEADER_HINT_RE.finditer(low)]:
        if at <= done:
            continue
        lines = _lines(text, at)
        a, b = next(lines)
        header = _header(text[a:b]) if b - a <= 400 else None  # a header is a short line; a turn is no header
        if header is None:
            done = b
            continue
        sep, cells, kinds = header
        for a, b in lines:
            done = b
            row = text[a:b]
            if not row.strip() or (sep == "|" and _RULE_RE.fullmatch(row)):
                continue
            spans = _cells(row, sep)
            if sep not in row or len(spans) != len(cells):
                break
            for k, kind in kinds.items():
                s, e = spans[k]
                cell = row[s:e]
                s += len(cell) - len(cell.lstrip(" \t\"'"))
                e -= len(cell) - len(cell.rstrip(" \t\"'"))
                if kind != "name":  # "Pasaporte N° 7654321 (Bolivia)": the country in brackets stays
                    note = _NOTE_AFTER_RE.search(row, s, e)
                    e = note.start() if note and note.start() > s else e
                if s < e and not _NO_VALUE_RE.fullmatch(row[s:e]):
                    add(kind, a + s, a + e, placeholders[kind], 4)


# a form's name field, the value after its label ("Nombre: Liliana Raquel Martínez Vera.", 'Apodo: "la Negrita"',
# "Name: Ana Gómez   DOB: ..."): capitalised words, a particle between them; an article before a nickname stays
# the next field's label, which a value runs into after an initial ("Nombre: Liliana R. Martínez V. Edad: 13")
_LABELS = (r"(?i:edad|apodo|alias|fecha|sexo|age|dob|domicilio|direcci[oó]n|tel|cel|nacionalidad|estado|escolaridad|"
           r"ocupaci[oó]n|profesi[oó]n|lugar|sex|date|address|phone|c\.i|ci|c[eé]dula|documento)(?!\w)")
_FIELD_RE = re.compile(
    r"(?<!\w)(?i:nombres?(?:[ ]y[ ]apellidos?|[ ]complet[oa])?|apellidos?(?:[ ]y[ ]nombres?)?|apodo|alias|"
    r"sobrenombre|name|full[ ]name|nickname)[ \t]*:[ \t]*[\"“«']?(?:(?:la|el|the)[ ])?"
    rf"(?P<value>[A-ZÁÉÍÓÚÑÜ](?:\.|[\w'’-]*)"
    rf"(?:[ ](?:(?:de|del|la|las|los|y)[ ])*(?!{_LABELS})[A-ZÁÉÍÓÚÑÜ](?:\.|[\w'’-]*)){{0,5}})"
    r"(?![\w])")


# a numbered list of people, surname first as a school or a court lists them ("1. ESCOBAR GIMÉNEZ, Rodrigo – trabaja",
# "2) Fleitas, Nancy Carolina"): the surnames, a comma and a known given name, at a line's start after its number
_UPPER = "A-ZÁÉÍÓÚÑÜ"
_LIST_ROW_RE = re.compile(
    rf"(?m)^[ \t]*\d{{1,3}}[.)-][ \t]+(?P<name>[{_UPPER}][\w'’-]*(?:[ ](?:(?i:de|del|la)[ ])?[{_UPPER}][\w'’-]*){{0,3}},"
    rf"[ ](?P<given>[{_UPPER}][\w'’-]*)(?:[ ](?:(?i:de|del|la|las|los)[ ])*[{_UPPER}][\w'’-]*){{0,3}})"
    r"(?=[ \t]*(?:[–—(|;,.-]|$))")


def list_findings(text: str, add, placeholders) -> None:
    """People in numbered lists, surname first (see ``_LIST_ROW_RE``), as ``add("name", ...)``."""
    first = _name_lists()[0]
    for m in _LIST_ROW_RE.finditer(text):
        surname = _fold(m.group("name").split(",")[0]).split()
        if _fold(m.group("given")) in first and surname[0] not in COMMON_WORDS:
            add("name", m.start("name"), m.end("name"), placeholders["name"], 4)


def field_findings(text: str, low: str, add, placeholders) -> None:
    """The value of every name field of a form in ``text`` (see ``_FIELD_RE``), as ``add("name", ...)``."""
    if ":" not in text or not any(w in low for w in ("nombre", "apellido", "apodo", "alias", "name")):
        return
    for m in matches_at(_FIELD_RE, text, low, ("nombre", "apellido", "apodo", "alias", "sobrenombre", "name")):
        add("name", m.start("value"), m.end("value"), placeholders["name"], 4)
