"""People named by an e-mail or a letter's form, for :mod:`atlas_qual.redaction_data`: the names in a message's
header lines ("De: Lic. Marta Sosa <marta.sosa@...>", "Para: Carlos Ojeda; Fiscalía de Areguá", "CC: 'Nidia
Cabrera'", "From:", "To:", "Cc:"), the name after a greeting that opens a line ("Estimado Carlos:", "Dear Marta,")
and the signer's name on the line after a closing ("Saludos cordiales,\\nLic. Marta Sosa", "Best regards,\\nSarah
Johnson | Program Officer"). Each becomes ``[nombre]``; a title stays, and so does an institution among the
recipients ("Fiscalía de Areguá"), the subject line and the signer's post.

Examples:
    >>> found = []
    >>> text = "De: Lic. Marta Sosa <m@x.org>\\nPara: Fiscalía de Areguá\\n\\nEstimado Carlos:"
    >>> mail_findings(text, text.lower(), lambda *a: found.append(a[:3]), {"name": "[nombre]"})
    >>> [text[a:b] for _, a, b in found]
    ['Marta Sosa', 'Carlos']
"""

from __future__ import annotations

import re

from atlas_qual.redaction_names import COMMON_WORDS, PARTICLES, TITLE_WORDS, _fold, _name_lists

__all__ = ["MAIL_WORDS", "mail_findings"]

_UP = "A-ZÁÉÍÓÚÑÜÃÕÂÊÔÇ"
_WORD = rf"[{_UP}][\w'’-]*"
_NAME = rf"{_WORD}(?:[ ](?:(?i:de|del|la|las|los|van|von|da|do|dos)[ ])*{_WORD}){{0,4}}"
_TITLE = (r"(?:(?i:lic|licda|lcda|abg|abog|dr|dra|prof|profa|ing|sr|sra|srta|mr|mrs|ms|mg|msc|arq|econ|pbro)\.[ ]?"
          r"|(?i:don|doña|dona)[ ])")
# a header line and its value
_HEADER_RE = re.compile(r"(?m)^[ \t>]*(?i:de|para|cc|cco|bcc|from|to|remitente|destinatarios?|enviado[ ]por|"
                        r"c[oó]pia|reply-to|responder[ ]a)[ \t]*:[ \t]*(?P<value>[^\n]*)$")
# one recipient in it: an optional title and quotes, the name (an address in <> or a bare e-mail is the e-mail rule's)
_RECIPIENT_RE = re.compile(rf"""(?:{_TITLE})?["'“‘]?(?P<name>{_NAME})["'”’]?""")
_GREETING_RE = re.compile(rf"(?m)^[ \t]*(?i:estimad[oa]s?|querid[oa]s?|apreciad[oa]s?|dear|hola|hi|hello|"
                          rf"prezad[oa]s?|car[oa]|ol[aá])[ ]+(?:{_TITLE})?(?P<name>{_NAME})[ \t]*[,:]")
_CLOSING_RE = re.compile(
    rf"(?mi)^[ \t]*(?:(?:muy[ ])?(?:saludos(?:[ ]cordiales)?|atentamente|cordialmente|un[ ]abrazo|abrazos?|atte\.?|"
    rf"(?:best|kind|warm)(?:[ ]regards|[ ]wishes)?|regards|sincerely(?:[ ]yours)?|yours(?:[ ]truly)?|thanks|"
    rf"thank[ ]you|gracias|muchas[ ]gracias|atenciosamente|cordialmente|abra[cç]os))[,.!]?[ \t]*\n"
    rf"[ \t]*(?-i:(?:{_TITLE})?(?P<name>{_NAME}))")
# what a text must hold (lower-case ASCII) for these to be looked for
MAIL_WORDS = ("de:", "para:", "cc:", "cco:", "bcc:", "from:", "to:", "remitente", "destinatari", "enviado por",
              "copia:", "reply-to", "responder a", "estimad", "querid", "apreciad", "dear", "hola", "hi ", "hello",
              "prezad", "caro ", "cara ", "ola ", "saludos", "atentamente", "cordialmente", "abrazo", "atte",
              "regards", "wishes", "sincerely", "yours", "thanks", "thank you", "gracias", "atenciosamente", "abraco")


def _person(name: str) -> bool:
    """Whether capitalised words read as a person's name: not led by an everyday word or title ("Fiscalía de
    Areguá", "Directora"), and two words or more, or one known given name ("Carlos")."""
    words = [w for w in _fold(name).replace("-", " ").split() if w not in PARTICLES]
    if not words or words[0] in COMMON_WORDS or words[0] in TITLE_WORDS or all(w in COMMON_WORDS for w in words):
        return False
    return len(words) >= 2 or words[0] in _name_lists()[0]


def mail_findings(text: str, low: str, add, placeholders) -> None:
    """Names in a message's headers, greeting and signature (see the module), each reported as ``add("name", start,
    end, placeholder, 3)`` (``low``: the text in lower case, offsets kept)."""
    # (no quick check here: the line-start regexes below scan faster than one would)
    if ":" in text:
        for header in _HEADER_RE.finditer(text):
            pos, end = header.start("value"), header.end("value")
            while pos < end:
                m = _RECIPIENT_RE.match(text, pos, end)
                if m is not None and m.group("name") and _person(m.group("name")):
                    # a closing quote is no part of the name ("'Nidia Cabrera'"), though O'Brien's is
                    add("name", m.start("name"), m.end("name") - len(m.group("name")) +
                        len(m.group("name").rstrip("'’")), placeholders["name"], 3)
                nxt = text.find(";", pos, end)
                comma = text.find(",", pos, end)  # "Carlos Ojeda, Ana Ruiz" (not "Sosa, Marta": its second part
                nxt = min(x for x in (nxt, comma, end) if x != -1)  # reads as a given name and is hidden too)
                pos = nxt + 1
                while pos < end and text[pos] in " \t":
                    pos += 1
        for m in _GREETING_RE.finditer(text):
            if _person(m.group("name")):
                add("name", m.start("name"), m.end("name"), placeholders["name"], 3)
    if "\n" in text:
        for m in _CLOSING_RE.finditer(text):
            if _person(m.group("name")):
                add("name", m.start("name"), m.end("name"), placeholders["name"], 3)
