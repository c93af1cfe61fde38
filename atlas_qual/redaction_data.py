"""Numbers and identifiers said in interviews, for :mod:`atlas_qual.redaction`: phone numbers (also Argentina's and
Brazil's), cédula, RUC, passport, CPF, RG and IPS numbers, officers' badge numbers, licence plates, birth dates, e-mail
addresses, profiles and handles, bank accounts and transfer codes, street and rural addresses, and a child's school
named with their grade; coordinates, map links and houses told by their look are in :mod:`atlas_qual.redaction_places`.

:func:`data_findings` reports each one found in a text to the redactor's ``add``; amounts, dates, years, law and
file numbers are left alone.

Examples:
    >>> found = []
    >>> data_findings("Tel. 0981 123 456", lambda *a: found.append(a[:3]), {"phone": "[teléfono]"})
    >>> found
    [('phone', 5, 17)]
"""

from __future__ import annotations

import re

from atlas_qual.redaction_aliases import ALIAS_WORDS, alias_findings
from atlas_qual.redaction_chat import chat_findings
from atlas_qual.redaction_ids import record_findings
from atlas_qual.redaction_kin import KIN_PROSE_OPENINGS, KIN_PROSE_WORDS, kin_prose_findings
from atlas_qual.redaction_mail import MAIL_WORDS, mail_findings
from atlas_qual.redaction_net import NET_WORDS, net_findings
from atlas_qual.redaction_people import PEOPLE_WORDS, kin_findings
from atlas_qual.redaction_places import PLACE_WORDS, matches_at, place_findings
from atlas_qual.redaction_tables import field_findings, list_findings, table_findings

__all__ = ["data_findings", "DATA_WORDS"]

# the subscriber part of a number: 123 456, 123-4567, or said in pairs as people dictate it (65 43 21)
_PHONE_REST = r"(?:\d{3}[ .-]?\d{3,4}|\d{2}[ .-]\d{2}[ .-]\d{2})"
_PHONE_RE = re.compile(
    r"""(?<![\w+/.-])(?<!\d,)                   # a comma after a letter: a CSV cell ("Ybycuí,0981 552 310")
    (?:
        0\d{2,4}[ -]?15[ -]?\d{3,4}[ -]?\d{4}                                       # 011 15 6234 5512 (Argentina)
      | \(\d{2}\)[ ]?(?:9[ ]?)?[2-9]\d{3}[ -]\d{4}                                  # (45) 99876-5432 (Brazil)
      | \([2-9]\d{2}\)[ ]?[2-9]\d{2}[-.]\d{4}                                        # (217) 555-0143 (US)
      | (?:(?:\+|00)[ ]?)?595[ .-]?(?:\(0?\d{2,3}\)|0?\d{2,3})[ .-]?(?&rest)          # +595 21 123 456
      | \(0\d{2,3}\)[ ]?[ .-]?(?&rest)                                                # (021) 123-456
      | 0\d{2,3}[ .-]?(?&rest)                                                        # 0981 123 456
      | (?P<bare>9[6-9]\d[ -]?\d{3}[ -]?\d{3})                                      # 981 123 456
    )
    (?!\w|[.,-]\d)""".replace("(?&rest)", _PHONE_REST),
    re.X,
)
# a number with a country code other than Paraguay's, as victims taken to Argentina or Brazil give them ("+54 9 11
# 2345-6789", "+55 45 99999-8888"), or Paraguay's in brackets ("(+595) 981 234 567"): 8 to 15 digits (checked in code)
_INTL_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\([ ]?(?:\+|00)\d{1,3}[ ]?\)|\+[ ]?\d{1,3}|00[ -]\d{1,3})(?:[ .-]?\(?\d{1,5}\)?){2,6}"
    r"(?!\w|[.,-]\d)")
_ID_RE = re.compile(
    r"""(?<!\w)
    (?:
        c\.?[ ]?i\.?(?:[ ]?c\.?)?                        # CI, C.I., C.I.C.
      | c[eé]dula(?:[ ]de[ ]identidad(?:[ ]civil)?)?(?:[ ]paraguaya)?
      | documento[ ]de[ ]identidad                       # not "documento 12345": a file number
      | dni
      | id[ ](?:number|card|no\.?) | identity[ ]card
      | r\.?[ ]?u\.?[ ]?c\.?                             # RUC: a person's is the cédula number and a check digit
      | pasaporte | passport(?:[ ]number|[ ]no\.?)?      # a passport may start with letters
      | rg | cpf                                         # Brazil's identity card and taxpayer numbers
    )
    [ \t]*(?:(?:n[°º.o]|nro\.?|n[uú]mero|num\.?|\#)[ \t]*)?[:.]?[ \t]*
    (?:[a-z]{1,2}(?=\d)|(?-i:[A-Z]{1,2})[ ](?=\d))?                 # a passport's letters ("A 1234567")
    (?:\d{3}\.\d{3}\.\d{3}[-/]\d{2}|\d{1,2}(?:\.\d{3}){2}|\d{1,2}(?:[ \u00a0]\d{3}){2}|\d{3}\.\d{3}|\d{5,11})
    (?:-\d(?![\w-]))?  # 4 567 890
    (?!\w|[.,]\d)""",
    re.X | re.I,
)
# a bare dotted number in the range of cédula numbers (1.234.567): also the shape of amounts and counts,
# which the context check below leaves alone
# (not after a letter, digit, dot or comma: checked in code, see _LONG_NUMBER_RE)
_BARE_ID_RE = re.compile(r"\d\.\d{3}\.\d{3}(?:-\d(?![\w-]|[.,]\d))?(?!\w|[.,]\d)")  # a RUC's check digit: "-0"
# a Brazilian CPF in its own shape (123.456.789-09), said with no word before it
_CPF_RE = re.compile(r"(?<![\w.,/-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w-]|[.,/]\d)")
_CPF_HINT_RE = re.compile(r"\.\d\d\d-\d")  # its last dot: a plain scan, the full regex only there
# an officer's badge or an inspector's credential, said with its word ("placa N° 4521", "(placa 7788)", "credencial
# N° 0457", "legajo 12345"): the number names one person in the force's register, ``[registro]`` as a professional's
# registration is (not ``[cédula]``); a vehicle's plate has letters (see _PLATE_RE)
_BADGE_RE = re.compile(r"(?<!\w)(?i:placa|chapa[ ]policial|credencial|legajo|badge)(?:[ ](?i:n[°º.o]|nro\.?|"
                       r"n[uú]mero|no\.|number|\#))?[ \t]*[:.]?[ \t]*(?P<number>\d{1,3}\.\d{3}|\d{3,7})(?![\w]|[.,/-]\d)")
_BADGE_WORDS = ("placa", "chapa", "credencial", "legajo", "badge")
# ... or with a few words between ("la chapa policial del agente interviniente es la N° 8842"), its "N°" said
_BADGE_GAP_RE = re.compile(r"(?<!\w)(?i:chapa[ ]policial|placa[ ]policial|credencial|legajo|badge)[^\d\n.;!?]{1,50}?"
                           r"(?i:n[°º]|nro\.|n[uú]mero|number|no\.|\#)[ \t]*[:.]?[ \t]*(?P<number>\d{3,7})(?![\w]|[.,/-]\d)")
# a vehicle's plate, said as one ("tenía chapa AAB 123", "la patente ABCD 123", "plate 123 ABCD"): Mercosur and old
# Paraguayan shapes, in capitals, only after a plate word ("Convenio OIT 138" is no plate)
_PLATE_RE = re.compile(
    r"""(?<!\w)(?i:chapas?|placas?|patentes?|
    matr[ií]culas?(?:[ ]del?[ ](?:auto|veh[ií]culo|moto|cami[oó]n|camioneta))?|
    (?:licen[cs]e[ ])?plates?(?:[ ]number)?)
    (?:[ ](?i:n[°º.o]|nro\.?|n[uú]mero|number))?[ \t]*[:.]?[ \t]*\n?[ \t]*     # "chapa\nAAAB 123": a line wrap
    (?P<plate>[A-Z]{2}[ -]?\d{3}[ -]?[A-Z]{2}|[A-Z]{3}\d[A-Z]\d{2}|[A-Z]{2,4}[ -]?\d{3,4}|\d{3}[ -]?[A-Z]{3,4})
    (?!\w)""",
    re.X,
)
# a date said as someone's birth date ("nació el 12/03/2011", "fecha de nacimiento: 12 de marzo de 2011", "born on
# 3 May 2010"); other dates (of the interview, a hearing, a law) stay
_MONTHS = (r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?tiembre|octubre|noviembre|diciembre|january|february|"
           r"march|april|may|june|july|august|september|october|november|december")
_BIRTH_DATE_RE = re.compile(
    r"""(?<!\w)(?:naci(?:ó|o|d[oa]s?|miento)(?:[ ]el(?:[ ]d[ií]a)?|[ ]un|[ ]en[ ]fecha)?|nac\.|born(?:[ ]on)?|birth|
        dob|d\.o\.b\.?|nasc(?:id[oa]s?|imento)(?:[ ]em)?)
    (?:[ ]?\([^()\n\d]{1,20}\)|[ ](?:seg[uú]n|segundo)[ ](?:(?:la|el|a|o)[ ])?[^\W\d]+)?     # "(cédula)", "según partida"
    [ \t]*[:.-]?[ \t]*
    (?:(?:en|in|em)[ ](?-i:[A-ZÁÉÍÓÚÑ][\w'’]*|de|del|la)(?:[ ](?-i:[A-ZÁÉÍÓÚÑ][\w'’]*|de|del|la)){0,3}  # its place:
       (?:,[ ]?|[ ])(?:(?:el|on)[ ](?:d[ií]a[ ])?)?)?                # "nacido en Coronel Martínez el 14 de febrero"
    (?P<date>\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})
      | (?:19|20)\d{2}-\d{1,2}-\d{1,2}                                    # DOB: 2011-11-17
      | \d{1,2}[/.-](?:ene|feb|mar|abr|may|jun|jul|ago|se?t|oct|nov|dic|jan|apr|aug|dec)[/.-](?:\d{4}|\d{2})  # 03-ago-2010
      | \d{1,2}[ ](?:ene|feb|mar|abr|may|jun|jul|ago|se?t|oct|nov|dic|jan|apr|aug|dec)\.?[ ]\d{4}          # 12 mar. 2009
      | \d{1,2}(?:[ ]de)?[ ](?:"""
    + _MONTHS +
    r""")(?:[ ]de(?:l)?|,)?[ ]\d{4}
      | (?:""" + _MONTHS + r""")[ ]\d{1,2},?[ ]\d{4})(?!\w|[/.-]\d)""",
    re.X | re.I,
)
# where the birth-date regex is tried: the words it starts with, in lower case
_BIRTH_WORDS = ("nac", "nasc", "born", "birth", "dob", "d.o.b")
# what a text must hold (in lower case) for the plate regex to run
_PLATE_WORDS = ("chapa", "placa", "patente", "matr", "plate")
_PLATE_MORE_RE = re.compile(r"[ \t]*(?:,|y|e|o|and|or|(?:y|and)[ ](?:la|el|the)[ ]otra?)[ \t]+"
                            r"(?P<plate>[A-Z]{2,4}[ -]?\d{3,4}|\d{3}[ -]?[A-Z]{3,4})(?!\w)")
_DIGIT_RE = re.compile(r"\d")
_CHECK_DIGIT_RE = re.compile(r"[ ]?-[ ]?\d(?![\w-]|[.,]\d)")
# a span of years after a bracketed number ("(15) 2019-2020"): the shape of a Brazilian phone, no phone
_YEARS_RE = re.compile(r"\)[ ]?(?:19|20)\d\d-(?:19|20)\d\d\Z")
# a phone number inside a messaging link ("wa.me/595981123456", "api.whatsapp.com/send?phone=595981123456"): the
# phone regex needs a free-standing number, and a link is glued to its "/" or "="
_CHAT_LINK_RE = re.compile(r"(?i:wa\.me/|whatsapp\.com/send/?\?phone=|t\.me/\+)\+?(?P<number>\d{8,15})(?!\d)")
# a social-network profile: the handle after the domain ("facebook.com/nilda.gauto.77", "instagram.com/rosita_py",
# "tiktok.com/@rosita"), often the person's name; the domain stays, so the reader knows where it was
_PROFILE_RE = re.compile(
    r"(?i:(?<![\w.-])(?:https?://)?(?:(?:www|m|web|mobile)\.)?(?:facebook\.com|fb\.com|instagram\.com|tiktok\.com|"
    r"twitter\.com|x\.com|t\.me|threads\.net|youtube\.com|linkedin\.com/in|chat\.whatsapp\.com|wa\.me/message)/)"
    r"(?P<handle>@?[\w.%-]*\w(?:[/?=&][\w.%=&-]*\w)*)")
# the same, said with its network ("su Instagram es @rosita.ayala", "tiktok: @juancito_py")
_HANDLE_RE = re.compile(r"(?<!\w)(?i:instagram|insta|ig|tiktok|twitter|telegram|threads)\b[^@\n]{0,20}?(?<![\w.])"
                        r"(?P<handle>@[\w.]{2,30}\w)(?![\w@])")
# ... or without its "@", a dot or underscore in it ("mi ig es rosita.ayala_98", "Instagram: rosita_py")
_NETWORK_WORDS = ("insta", "ig", "tiktok", "twitter", "telegram", "threads")  # "insta" finds "instagram" too
_NAMED_HANDLE_RE = re.compile(r"(?<!\w)(?i:instagram|insta|ig|tiktok|twitter|telegram|threads)(?!\w)[ \t]*(?::|(?i:es|is))?"
                              r"[ \t]*(?P<handle>(?!(?i:www|https?)\b)[^\W\d_][\w]*[._][\w.]*\w)(?![\w@/]|\.\w)")
# a handle on its own, as a typed-out screenshot shows it ("@sole.ramirez.py etiquetó a @yamibenitez_03"): an "@" after
# no letter, digit or dot (not an e-mail, not "niñ@s") and a letter among what follows
_BARE_HANDLE_RE = re.compile(r"(?<![\w.@])@(?=[\w.]{0,30}[^\W\d_])[\w.]{2,30}\w(?![\w@]|\.\w)")
# what a text must hold (in lower case) for the link and profile regexes to run: a "/" and one of these
# (a handle said with its network holds an "@", which the quick filters look for already)
_LINK_WORDS = ("wa.me", "whatsapp.com", "t.me/", "facebook.com", "fb.com", "instagram.com", "tiktok.com",
               "twitter.com", "x.com", "threads.net", "youtube.com", "linkedin.com")
# a phone number said digit by digit in words ("cero nueve ocho uno, tres cuatro cinco...", "zero nine eight one"):
# seven digits or more in a row, one of them a zero or a nine, as every Paraguayan number said in full has (0981...,
# 021..., or 981... without its zero; a count such as "uno, dos, tres, cuatro" has neither); commas, hyphens, dots
# and "y" may stand between them
_SPOKEN_DIGITS = (r"cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|"
                  r"zero|oh|one|two|three|four|five|six|seven|eight|nine")
_SPOKEN_RARE = ("cero", "nueve", "zero", "nine")
_SPOKEN_PHONE_RE = re.compile(
    rf"(?<![\w-])(?i:(?:{_SPOKEN_DIGITS})"
    rf"(?:(?:[ \t]*[,.-][ \t]*|[ \t]+(?:y[ \t]+)?)(?:{_SPOKEN_DIGITS})){{6,}})(?![\w-])")
# a bank account number said as one ("la cuenta 0012345678 del Banco Familiar", "cuenta corriente N° 12-3456789-01",
# "la cuenta del Banco Itaú es la N° 720012345", "account no. 20-1234567/8"): six digits or more, grouped or not,
# a few words after an account word used as a noun, with no other digit, clause end or amount word between them
_ACCOUNT_WORD_RE = re.compile(
    r"(?<!\w)(?i:(?:(?:la|una|su|sus|mi|mis|tu|esa|esta|nuestra|de|nro\.?|n[uú]mero)[ \t]+(?:de[ \t]+)?)"
    r"(?:cuentas?|cta\.?)(?:[ \t]+(?:corriente|cte\.?|de[ \t]+ahorros?|bancaria))?|cuentas?[ \t]+(?:corriente|cte\.?|"
    r"de[ \t]+ahorros?|bancaria|n[°º.o]|nro\.?|n[uú]mero)|cta\.[ \t]*cte\.?|caja[ \t]+de[ \t]+ahorros?|"
    r"(?:bank[ \t]+)?account(?:[ \t]+(?:no\.?|number|\#))?|"
    # Argentina's CBU/CVU, a Brazilian Pix key, a money transfer's code (Western Union's MTCN)
    r"cbu|cvu|(?:chave[ \t]+)?pix|mtcn|c[oó]digo[ \t]+de[ \t]+(?:giro|retiro|env[ií]o|control)|control[ \t]+number|"
    r"(?:n[uú]mero|n[°º.o]|nro\.?)[ \t]+de[ \t]+control)(?!\w)")  # "número de control" of a Western Union giro
_ACCOUNT_NUMBER_RE = re.compile(r"(?<![\w.,/-])\d[\d./-]{4,24}\d(?![\w]|[.,/-]\d)")
_ACCOUNT_GAP_RE = re.compile(r"[^\d!?;\n]{0,50}(?:\n[^\d!?;\n]{0,50})?")  # one line wrap (PDF) may stand there
# shapes of an account number that are something else: a date, a dotted amount or cédula (their own rules)
_NOT_ACCOUNT_RE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{1,3}(?:\.\d{3})+")
_ACCOUNT_WORDS = ("cuenta", "cta", "ahorro", "account", "cbu", "cvu", "pix", "mtcn", "digo de", "control")
# between the account word and a number, words that make the number something else: a case, a resolution, a law,
# money moving into the account ("la cuenta del caso, denuncia N° 1234567", "su cuenta recibió 2500000")
_NOT_ACCOUNT_GAP_RE = re.compile(
    r"(?i)(?<!\w)(?:denuncias?|resoluci[oó]n|expedientes?|causas?|ley|decreto|notas?|oficio|actas?|carpetas?|"
    r"recib(?:e|en|i[oó]|ieron|[ií]a)|deposit(?:a|an|[oó]|aron|aba)|transfi(?:ere|eren|ri[oó]|rieron)|"
    r"received?|deposited|transferred|guaran[ií]es|gs\.?)(?!\w)")
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
# an e-mail written to dodge harvesters: "nidia[at]gmail.com", "nidia (arroba) gmail punto com", "nidia at gmail dot
# com". The "at" (or "arroba") is found first, then the user before it and the domain after it, which must end in a
# known top-level domain; a bare "at" (English prose: "look at example.com") also needs a spoken dot or a mail
# provider, and a user that is no everyday word
_AT_SEP_RE = re.compile(r"[ \t]*[\[(][ \t]*(?:at|arroba|@)[ \t]*[\])][ \t]*|[ ]+(?P<bare>at|arroba|@)[ ]+", re.I)
_SPOKEN_DOT = r"[ \t]*[\[(][ \t]*(?:dot|punto)[ \t]*[\])][ \t]*|[ \t]+(?:dot|punto)[ \t]+"
_TLDS = r"com|org|net|edu|gov|gob|mil|int|info|biz|py|ar|br|uy|bo|cl|es|us|uk|de|fr|it|io|co|me|online"
_MAIL_DOMAIN_RE = re.compile(r"[\w-]+(?:(?:\.|" + _SPOKEN_DOT + r")[\w-]+)*?(?:(?:\.|" + _SPOKEN_DOT + r")(?:" +
                             _TLDS + r"))+(?![\w@]|\.\w)", re.I)
_SPOKEN_DOT_RE = re.compile(_SPOKEN_DOT, re.I)
_MAIL_USER_RE = re.compile(r"(?<![\w.+@-])[\w+-](?:[\w.+-]{0,62}[\w+-])?\Z")
# a part of an e-mail's user said before a spoken dot, hyphen or underscore ("nilda punto", "nilda guion bajo")
_MAIL_USER_PART_RE = re.compile(r"(?<![\w.+@-])(?P<part>[\w+-]+)(?:" + _SPOKEN_DOT +
                                r"|[ \t]+(?i:gui[oó]n(?:[ \t]+bajo)?|underscore|dash|hyphen)[ \t]+)\Z", re.I)
_MAIL_PROVIDERS = frozenset({"gmail", "hotmail", "yahoo", "outlook", "live", "icloud", "proton", "protonmail", "aol",
                             "msn", "tigo", "personal", "claro", "copaco", "mail", "correo"})
# words before a bare "at" that say it is prose ("find us at", "logged in at"), never a user name
# one must be in the (lower-case) text for the spelled e-mails to be looked for
_AT_WORDS = ("at ", "at]", "at)", "arroba", "@")
_NOT_A_USER = frozenset({
    "a", "al", "de", "del", "el", "la", "en", "es", "y", "o", "mi", "su", "tu", "que", "correo", "mail", "email",
    "e-mail", "i", "me", "us", "him", "her", "them", "it", "you", "we", "they", "in", "on", "is", "was", "are", "be",
    "here", "there", "look", "looking", "looked", "find", "found", "visit", "online", "available", "site", "page",
    "website", "log", "logged", "sign", "signed", "write", "wrote", "contact", "reach", "arrived", "stay", "stayed",
    "met", "meet", "work", "works", "worked", "live", "lives", "lived", "study", "studied", "born", "been", "www",
    "http", "https"})

# a street address with its house number: "Calle Mcal. López 1234", "Avda. España c/ Brasil 567", "Tte. Fariña
# N° 1234 casi Estados Unidos", "barrio San Vicente, casa 45". Only a street word (calle, avenida, barrio...) or a
# corner ("c/", "esq.", "casi") with a capitalised street name and a number: "la Calle Última", "Ley 1234" and
# "Avenida de la justicia" stay
_UP = "A-ZÁÉÍÓÚÑÜ"
# the abbreviations street names use (a dot only on these: "Brasil. Después" is a sentence end, not "Brasil.")
_ABBR = (r"(?i:mcal|tte|gral|cnel|tcnel|avda|av|dr|dra|pdte|pte|sgto|sta|sto|ing|lic|prof|mons|pbro|cap|cptan|cmdte|"
         r"alte|gdor|sr|sra|ntra|ma)")
# "25 de Mayo", "Mcal. López", "Tte. Fariña", "Avda. de la Residenta"; capitalised words
_STREET_NAME = (rf"(?:\d{{1,2}}[ ]de[ ][{_UP}]\w+|(?:(?:{_ABBR}\.|[{_UP}]\.|[{_UP}][\w'’]*)[ ]"
                rf"(?:(?:de|del|la|las|los)[ ])*){{0,4}}"
                rf"[{_UP}][\w'’]*)")
# right after a street word the name may be in lower case ("calle mcal lópez 1234"); its words are checked in code
# (_lower_name_ok), since "la calle es muy larga" is no street
_STREET_NAME_ANY = (rf"(?:\d{{1,2}}[ ]de[ ][^\W\d_]\w+|(?:(?:{_ABBR}\.|[^\W\d_][\w'’]*)[ ]){{0,4}}"
                    rf"[^\W\d_][\w'’]*)")
_HOUSE_NUMBER = r"(?:(?:N[°º.o]|n[°º]|Nro\.?|n[uú]mero)[ ]?)?\d{1,5}(?!\w|[.,/-]\d)"
_CORNER = r"(?:c/|C/|esq\.|esquina|casi)"
_STREET_WORD = r"(?i:calle|avenida|avda\.|av\.|pasaje|callej[oó]n|rua)"
# a plot in a settlement or a rural place on a road: "manzana 4 lote 12", "compañía Tayí, km 23 ruta PY02"
_LOCALITY = r"(?i:barrio|b[°º]|bo\.|asentamiento|compa[ñn][ií]a|c[ñn][ií]a\.|colonia)"
_BLOCK = r"(?i:manzana|mz[ao]?\.?)(?:[ ]?N[°º.o])?"
_LOT = r"(?i:lote|lt\.?)(?:[ ]?N[°º.o])?"
_KM = r"(?i:km)\.?[ ]?\d{1,3}(?:[.,]\d{1,3})?(?!\w|[.,]\d)"
_ROUTE = r"(?i:ruta|rta\.)[ ](?:(?:PY|py)[ ]?\d{1,2}(?!\w)|\d{1,2}(?!\w)|[A-ZÁÉÍÓÚÑ][\w'’]*)"
_ADDRESS_RE = re.compile(
    rf"""(?<![\w.])(?:
    (?P<street>{_STREET_WORD}[ ]+(?P<name>{_STREET_NAME_ANY})(?:[ ]+{_CORNER}[ ]+{_STREET_NAME})?,?[ ]+{_HOUSE_NUMBER}
        (?:[ ]+{_CORNER}[ ]+{_STREET_NAME})?)                                    # Calle Mcal. López 1234
  | (?P<corner>{_STREET_NAME},?[ ]+(?:(?:N[°º.o]|Nro\.?)[ ]?\d{{1,5}}|(?P<bare>\d{{3,5}}))(?!\w|[.,/-]\d)
        [ ]+{_CORNER}[ ]+{_STREET_NAME})                                        # Tte. Fariña N° 1234 casi EE. UU.
  | (?P<barrio>(?i:barrio|b[°º]|bo\.)[ ]+{_STREET_NAME},?[ ]+(?i:casa|lote|manzana|mz\.)[ ]+{_HOUSE_NUMBER}
        (?:,?[ ]+(?i:casa|lote)[ ]+{_HOUSE_NUMBER})?)                             # barrio San Vicente, casa 45
  | (?P<plot>(?:{_LOCALITY}[ ]+{_STREET_NAME},?[ ]+)?
        (?:{_BLOCK}[ ]?(?:\d{{1,4}}|[A-Z])(?!\w),?[ ]+{_LOT}[ ]?\d{{1,4}}
          | {_LOT}[ ]?\d{{1,4}},?[ ]+{_BLOCK}[ ]?(?:\d{{1,4}}|[A-Z]))(?!\w|[.,/-]\d))      # manzana 4 lote 12
  | (?P<rural>{_LOCALITY}[ ]+{_STREET_NAME},?[ ]+
        (?:{_KM}(?:,?[ ]+(?:de[ ]la[ ]+)?{_ROUTE})?|{_ROUTE},?[ ]+{_KM})           # compañía Tayí, km 23 ruta PY02
     | {_KM}[ ]+(?:de[ ]la[ ]+)?{_ROUTE},?[ ]+{_LOCALITY}[ ]+{_STREET_NAME})       # km 27 ruta PY02, compañía Tayí
    )""",
    re.X,
)
_ABBR_RE = re.compile(_ABBR + r"\.?\Z")
_PARTICLE_WORDS = frozenset({"de", "del", "la", "las", "los"})
# words that say a lower-case "street name" is a sentence ("la calle es muy larga 1234", "el pasaje cuesta 5000")
_NOT_STREET_WORDS = frozenset({
    "a", "al", "el", "lo", "un", "una", "unos", "unas", "y", "e", "o", "u", "que", "en", "con", "sin", "por", "para",
    "desde", "hasta", "hacia", "entre", "sobre", "tras", "ante", "como", "donde", "cuando", "muy", "mas", "más",
    "casi", "solo", "sólo", "ya", "no", "si", "sí", "se", "le", "les", "me", "te", "nos", "su", "sus", "mi", "mis",
    "es", "era", "eran", "fue", "fueron", "son", "ser", "está", "esta", "están", "estaba", "estaban", "estuvo",
    "hay", "había", "habia", "tiene", "tienen", "tenía", "tenia", "tenían", "tuvo", "mide", "medía", "queda",
    "quedaba", "cuesta", "costaba", "costó", "sale", "salía", "vale", "valía", "dura", "duraba", "tarda", "tardaba",
    "lleva", "llevaba", "pasa", "pasaba", "pasan", "pasaban", "pasaron", "pasó", "hace", "hacía", "hicieron",
    "vive", "viven", "vivía", "vivían", "vino", "vinieron", "fui", "fuimos", "iba", "iban", "va", "van", "ida",
    "vuelta", "todo", "todos", "toda", "todas", "otro", "otra", "otros", "otras", "ese", "esa", "este", "aquel",
    "aquella", "cada", "cerca", "lejos", "frente", "lado", "parte", "zona", "casa", "casas", "cuadra", "cuadras",
    "esquina", "número", "numero", "nro", "principal", "central", "nueva", "nuevo", "larga", "ancha", "angosta",
    "también", "tambien", "pero", "aunque", "porque", "entonces", "después", "despues", "antes", "ahora", "luego",
    "the", "is", "was", "and", "or", "of", "to", "in", "on", "at", "for", "with", "has", "had",
})
# a word in capitals: an acronym ("Reunión 3 c/ CODENI": "c/" is "con"), not a street named without a street word
_CAPITALS_WORD_RE = re.compile(r"(?<!\w)[A-ZÁÉÍÓÚÑÜ]{2,}(?!\w)")
# what a text must hold (in lower case) for the address regex to run
_ADDRESS_WORDS = ("calle", "avenida", "avda", "av.", "pasaje", "barrio", "b°", "bo.", "c/", "esq", "casi", "manzana",
                  "mz", "lote", "km", "rua")
# words that open a sentence or a clause, not a street's name ("En Tte. Fariña 1234 casi...")
_ADDRESS_LEAD_RE = re.compile(r"(?:(?:En|La|El|Los|Las|Vive|Viven|Vivía|Vivían|Queda|Sobre|Por|Desde|Hasta|Y)[ ]+)+")
# a number that is a count, a time or a law, not a house: "la Avenida España 20 minutos", "Ley 1234 casi Nadie"
_ADDRESS_NOT_AFTER_RE = re.compile(
    r"[ \t]*(?:mil|millones|minutos?|horas?|veces|d[ií]as|semanas|meses|años|metros|cuadras|km|kil[oó]metros|a[nñ]os|personas|"
    r"polic[ií]as|ni[nñ]os|ni[nñ]as|casas|familias|hours?|minutes?|times|days|blocks|meters)(?!\w)", re.I)
_ADDRESS_LAW_RE = re.compile(r"(?<!\w)(?i:ley|decreto|resoluci[oó]n|convenio|expediente|art[ií]culo|art\.|causa|"
                             r"acta|nota|oficio|c[oó]digo|caso|n[uú]mero|page|p[aá]gina|cap[ií]tulo|ruta|km|"
                             r"l[ií]nea|piso|grado|sala|aula|turno)(?!\w)")

_MONEY_BEFORE_RE = re.compile(r"(?<!\w)(?:gs|g|pyg|usd|us\$|u\$s|r\$|eur|\$|₲|€|guaran[ií]es|d[oó]lares)\.?[ \t]*$",
                              re.I)
_COUNT_AFTER_RE = re.compile(
    r"[ \t]*(?:de[ \t]+)?(?:gs\b|guaran[ií]es|₲|d[oó]lares|usd|pesos|reales|euros|millones|habitantes|personas|"
    r"ni[nñ]os|ni[nñ]as|adolescentes|casos|denuncias|trabajadores|trabajadoras|v[ií]ctimas|hect[aá]reas|ha\b|"
    r"km|kg|toneladas|cabezas|votos|hogares|familias|asegurad[oa]s|afiliad[oa]s|aportantes|jubilad[oa]s|"
    r"beneficiari[oa]s|consultas|people|inhabitants|children|cases|workers|victims)",
    re.I,
)


def _is_amount(text: str, start: int, end: int) -> bool:
    return bool(_MONEY_BEFORE_RE.search(text, max(0, start - 12), start) or _COUNT_AFTER_RE.match(text, end))


# Words that make a bare dotted number an amount ("el salario mínimo, que es 2.798.309", "le pagaban 1.500.000"): Gs.
# is often left out in speech, while a cédula number said with no "cédula", "C.I." or "documento" is rare.
_AMOUNT_CONTEXT_RE = re.compile(
    r"(?<!\w)(?:salarios?|sueldos?|jornal(?:es)?|montos?|importes?|precios?|valor(?:es)?|costos?|cuestan?|"
    r"costaban?|cost[oó]|costar|multas?|deudas?|gastos?|presupuestos?|ingresos?|ganancias?|pr[eé]stamos?|"
    r"alquiler(?:es)?|aguinaldos?|indemnizaci[oó]n|total|suma|cobr(?:a|as|an|aba|abas|aban|[oó]|aron|ar|ado|ando)|"
    r"pag(?:a|as|an|aba|abas|aban|[oó]|aron|ar|ado|ada|ando|os|ue|uen)|gan(?:a|as|an|aba|aban|[oó]|aron|ar)|"
    r"valen?|val[ií]an?|deb(?:e|en|[ií]a|[ií]an)|salary|salaries|wages?|paid|pays?|costs?|fined?|amount|price|debt|"
    r"earn(?:s|ed)?)(?!\w)",
    re.I,
)
_AMOUNT_JUST_BEFORE_RE = re.compile(
    r"(?<!\w)(?:(?:es|son|era|eran|fue|fueron|ser[aá]|ser[ií]a)[ \t]+de|m[aá]s[ \t]+de|menos[ \t]+de|cerca[ \t]+de|"
    r"alrededor[ \t]+de|unos|unas|casi|hasta|aproximadamente)[ \t]*$",
    re.I,
)
_ID_CONTEXT_RE = re.compile(r"(?<!\w)(?:c\.?[ ]?i\b\.?|c[eé]dulas?|documentos?|dni|identidad|id)(?!\w)", re.I)
# an undotted number said a few words after a cédula word ("Su cédula es 4567890", "My ID number is 4567890"): hidden
# when no other digit and no clause end stands between them, and it is not said as an amount
# (what may stand before it is checked in code: a look-behind first would cost the regex its fast digit scan)
# (six digits spelled out scan twice as fast as \d{6,9})
_LONG_NUMBER_RE = re.compile(r"[0-9][0-9][0-9][0-9][0-9][0-9][0-9]{0,6}(?:-[0-9](?![\w-]))?(?!\w|[.,/-]\d)")
# ... or grouped, as an Argentine DNI is dotted (95.123.456) or a voice note's transcript spaces one (5 678 123)
_GROUPED_ID_RE = re.compile(r"(?<![\w.,/-])[0-9]{1,2}([ .])[0-9]{3}\1[0-9]{3}(?!\w|[.,/-]\d)")
_GROUPED_ID_WORDS = ("dni", "dula", "c.i", "ci ", "identidad", "pasaporte", "passport", "id ", "asegurad", "ips",
                     "cpf", "ruc")
# an IPS (social security) number names an insured worker in IPS's register, as a record number does
_INSURED_RE = re.compile(r"(?i)asegurad|social|seguro|ips|i\.p\.s")
_ID_WORD_BEFORE_RE = re.compile(
    r"(?<!\w)(?:c\.?[ ]?i\.?(?:[ ]?[cn]\.?)?|c[eé]dulas?|dni|identidad|ruc|r\.u\.c\.?|pasaportes?|passports?|"
    r"id(?:[ ](?:number|card|no\.?))?|cpf|asegurad[oa]|social[ ]security|seguro[ ]social|"
    # the IPS (social security) number of an insured worker: "asegurado N° 5012344", "IPS no.: 4409873"
    r"(?:ips|i\.p\.s\.)(?=[ \t]*\)?[ \t]*(?:n[°º.o]|nro|n[uú]mero|no\.|\#|:)))(?!\w)",
    re.I,
)
# a passport's letters right before its number ("PY0123456", "A 1234567"), only after a passport word
_PASSPORT_LETTERS_RE = re.compile(r"(?<![\w.-])[A-Z]{1,2}[ ]?\Z")
# (one aside in brackets may stand between them: "su cédula (la de 2019) es 4567890")
# (a word said in brackets, "(IPS) no.: 4409873", is followed by its closing bracket)
_ID_WORD_GAP_RE = re.compile(r"\)?[^\d!?;,()\n]{0,40}(?:\([^()\n]{0,30}\)[^\d!?;,()\n]{0,40})?")
# where a sentence ends, for the look-back: not the dots of "C.I." or "N°." (a capital or digit before the dot)
_CLAUSE_END_RE = re.compile(r"[!?;\n]|(?<=[a-záéíóúñü])\.(?=\s)")


def _in_amount_context(text: str, start: int) -> bool:
    """Whether a bare dotted number at ``start`` is said as an amount: an amount word earlier in its sentence with no
    cédula word after it, or "es de", "más de", "unos" right before it."""
    lo = max(0, start - 90)
    if _AMOUNT_JUST_BEFORE_RE.search(text, max(lo, start - 20), start):
        return True
    cut = lo
    for m in _CLAUSE_END_RE.finditer(text, lo, start):
        cut = m.end()
    amount = [m.end() for m in _AMOUNT_CONTEXT_RE.finditer(text, cut, start)]
    if not amount:
        return False
    ids = [m.end() for m in _ID_CONTEXT_RE.finditer(text, cut, start)]
    return not ids or ids[-1] < amount[-1]



def _said_data(text: str, low: str, add, placeholders) -> None:
    """Licence plates, birth dates and undotted cédula numbers, each said as one ("chapa AAB 123", "nació el
    12/03/2011", "su cédula es 4567890"): their regexes run only where one of their words is in ``low`` (the text
    in lower case: a lower-case copy and a few finds cost a fraction of each regex's scan)."""
    _said_id_numbers(text, add, placeholders, low)
    _plates_near_vehicles(text, add, placeholders)
    if any(word in low for word in _PLATE_WORDS):
        for m in _PLATE_RE.finditer(text):
            add("plate", m.start("plate"), m.end("plate"), placeholders["plate"], 1)
            more = _PLATE_MORE_RE.match(text, m.end())  # "chapa AAB 123 y HJK 456"
            while more:
                add("plate", more.start("plate"), more.end("plate"), placeholders["plate"], 1)
                more = _PLATE_MORE_RE.match(text, more.end())
    for word in _BIRTH_WORDS:
        at = low.find(word)
        while at != -1:
            m = None if at and low[at - 1].isalnum() else _BIRTH_DATE_RE.match(text, at)  # "internacional"
            if m:
                add("birth_date", m.start("date"), m.end("date"), placeholders["birth_date"], 1)
            at = low.find(word, at + len(word))


# a plate's shape anywhere (Mercosur "ABCD 123", motorcycles "123 ABCD", the older "ABC 123"): a plate when its sentence
# also names a plate or a vehicle ("una Toyota Hilux, matrícula ABCD 123, y la otra, una Strada, AAEK 512")
_PLATE_SHAPE_RE = re.compile(r"(?<![\w-])(?:[A-Z]{4}[ -]?\d{3}|\d{3}[ -]?[A-Z]{4}|[A-Z]{3}[ -]?\d{3,4}|"
                             r"[A-Z]{2}[ -]?\d{3}[ -]?[A-Z]{2}|[A-Z]{3}\d[A-Z]\d{2})(?![\w-])")
_VEHICLE_RE = re.compile(
    r"(?<!\w)(?i:chapas?|placas?|patentes?|matr[ií]culas?|plates?|autos?|coches?|camionetas?|cami[oó]n(?:es)?|"
    r"veh[ií]culos?|motos?|motocicletas?|furg[oó]n|furgonetas?|colectivos?|taxis?|cars?|trucks?|vans?|vehicles?|"
    r"motorcycles?|toyota|hilux|kia|hyundai|nissan|chevrolet|ford|volkswagen|fiat|strada|mitsubishi|honda|yamaha|"
    r"kenton|suzuki|renault|peugeot|isuzu|scania|volvo|jeep)(?!\w)")
_SENTENCE_BOUND_RE = re.compile(r"[!?;\n]|(?<=[a-záéíóúñü0-9])\.(?=\s)")


# a maker's name or "modelo" right before a plate's shape: a model ("moto Yamaha YBR 125", "Kenton GTR 150")
_MODEL_BEFORE_RE = re.compile(r"(?i:yamaha|honda|kenton|suzuki|kawasaki|bajaj|leopard|star|taiga|motomel|zanella|"
                              r"toyota|nissan|kia|hyundai|ford|chevrolet|volkswagen|vw|fiat|renault|peugeot|"
                              r"mitsubishi|isuzu|scania|volvo|mercedes(?:-benz)?|iveco|jeep|bmw|audi|modelo|model|"
                              r"versi[oó]n|serie)[ ]\Z")


def _plates_near_vehicles(text: str, add, placeholders) -> None:
    """Plate shapes in a sentence that names a plate or a vehicle (see ``_PLATE_SHAPE_RE``), not a model's name."""
    for m in _PLATE_SHAPE_RE.finditer(text):
        if _MODEL_BEFORE_RE.search(text, max(0, m.start() - 16), m.start()):
            continue
        lo, hi = max(0, m.start() - 160), min(len(text), m.end() + 160)
        for end in _SENTENCE_BOUND_RE.finditer(text, lo, m.start()):
            lo = end.end()
        stop = _SENTENCE_BOUND_RE.search(text, m.end(), hi)
        hi = stop.start() if stop else hi
        if _VEHICLE_RE.search(text, lo, hi):
            add("plate", m.start(), m.end(), placeholders["plate"], 1)


def _said_id_numbers(text: str, add, placeholders, low: str = "") -> None:
    """Undotted (or grouped: "DNI ... N° 95.123.456", "cedula es 5 678 123") numbers said a few words after a cédula
    word ("Su cédula es 4567890", "My ID number is 4567890"), unless said as an amount; after an IPS word
    ("asegurado N° 0012345678") ``[registro]``."""
    grouped = _GROUPED_ID_RE.finditer(text) if any(w in low for w in _GROUPED_ID_WORDS) else ()
    for m in (*_LONG_NUMBER_RE.finditer(text), *grouped):
        start = m.start()
        letters = _PASSPORT_LETTERS_RE.search(text, max(0, start - 4), start) if start else None
        if letters:  # "passport number is PY0123456": a passport's letters go with it
            start = letters.start()
        elif start and (text[start - 1].isalnum() or text[start - 1] in "_.,/-"):
            continue
        said = None
        for said in _ID_WORD_BEFORE_RE.finditer(text, max(0, start - 60), start):
            pass  # the cédula word nearest the number
        if letters and (said is None or not said.group().lower().startswith("pas")):
            continue
        if said and _ID_WORD_GAP_RE.fullmatch(text, said.end(), start) and not (
                _CLAUSE_END_RE.search(text, said.end(), start) or
                _AMOUNT_CONTEXT_RE.search(text, said.end(), start) or
                _is_amount(text, m.start(), m.end())):
            kind = "record" if _INSURED_RE.match(said.group()) else "id_number"
            add(kind, start, m.end(), placeholders[kind], 0 if kind == "record" else 2)  # not a phone's shape


def _windows(low: str, words, back: int, ahead: int):
    """The stretches (start, end) from ``back`` characters before to ``ahead`` after each of ``words`` in ``low``,
    merged where they touch: a regex that must hold one of the words runs there only, not over a whole long turn
    ("casi" is a common word; the address regex over 3,000 words costs a millisecond)."""
    spans = []
    for word in words:
        at = low.find(word)
        while at != -1:
            spans.append((max(0, at - back), at + len(word) + ahead))
            at = low.find(word, at + 1)
    spans.sort()
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return merged


def _spelled_emails(text: str, low: str, add, placeholders) -> None:
    """E-mails written with "at"/"arroba" and "dot"/"punto", bracketed or not ("nidia[at]gmail.com")."""
    for lo, hi in _windows(low, _AT_WORDS, 4, 4):
        for sep in _AT_SEP_RE.finditer(text, lo, hi):
            _spelled_email(text, sep, add, placeholders)


def _spelled_email(text: str, sep: re.Match, add, placeholders) -> None:
    """The e-mail around one "at" (``sep``): the user before it, the domain after it."""
    user = _MAIL_USER_RE.search(text, max(0, sep.start() - 64), sep.start())
    domain = _MAIL_DOMAIN_RE.match(text, sep.end())
    if user is None or domain is None or user.start() == max(0, sep.start() - 64) > 0:
        return
    start = user.start()
    while True:  # "nilda punto gauto arroba...", "sarah dot oconnor at...": the user's earlier parts
        more = _MAIL_USER_PART_RE.search(text, max(0, start - 40), start)
        if more is None or more.group("part").lower() in _NOT_A_USER:
            break
        start = more.start()
    if sep.group("bare") and sep.group("bare") != "@":
        head = re.match(r"[\w-]+", domain.group()).group().lower()
        if user.group().lower() in _NOT_A_USER or head == "www" or not (
                head in _MAIL_PROVIDERS or _SPOKEN_DOT_RE.search(domain.group())):
            return  # "look at example.com", "we met at school dot"
    add("email", start, domain.end(), placeholders["email"], 0)


def _addresses(text: str, low: str, add, placeholders) -> None:
    """Street addresses with a house number (see ``_ADDRESS_RE``), looked for around a street or corner word; a
    leading "En"/"La" stays, and a number said as a count or time, or after a law word, is no house. A match that is
    no address ("la calle donde vive es Calle Palma 1234") is tried again from its next word, so the address inside
    it is still found."""
    for lo, hi in _windows(low, _ADDRESS_WORDS, 100, 200):
        at = lo
        while True:
            m = _ADDRESS_RE.search(text, at, hi)
            if m is None:
                break
            if _address(text, m, add, placeholders):
                at = m.end()
            else:
                space = text.find(" ", m.start(), m.end())
                at = m.end() if space == -1 else space + 1


# a street corner said with a street word, no house number needed: "sobre Avda. San Blas casi Mcal. López", "calle
# Palma esq. Alberdi" (both streets capitalised: "la calle de tierra casi sin luz" is no corner)
_STREET_CORNER_RE = re.compile(rf"(?<![\w.]){_STREET_WORD}[ ]+{_STREET_NAME}[ ]+{_CORNER}[ ]+{_STREET_NAME}")
_CORNER_WORDS = ("casi", "esq", "c/")


def _street_corners(text: str, low: str, add, placeholders) -> None:
    """Street corners after a street word (see ``_STREET_CORNER_RE``), looked for around a corner word."""
    for lo, hi in _windows(low, _CORNER_WORDS, 100, 80):
        for m in _STREET_CORNER_RE.finditer(text, lo, hi):
            if not _CAPITALS_WORD_RE.search(text, m.start(), m.end()):  # "Avda. España c/ CODENI": "con"
                add("address", m.start(), m.end(), placeholders["address"], 1)


# a school named with its number or its name, where its sentence says a child's grade or that someone is a pupil there
# ("está en el 7° grado de la Escuela Básica N° 4512 San Isidro Labrador", "in the 8th grade at Colegio Nacional
# N° 2 "Cerro Corá""): with the grade and an age, it points at one child; the school becomes [escuela]. A pupil word
# counts in the singular only ("alumna del séptimo grado"; "con 300 alumnos" speaks of the school)
_SCHOOL_RE = re.compile(
    rf"""(?<![\w.])(?:(?:Escuela|Colegio|Liceo|Instituto|Centro[ ]Educativo|Unidad[ ]Educativa|Esc\.|Col\.)
      (?:[ ](?:B[aá]sica|Graduada|Nacional|T[eé]cnico|Privad[oa]|Subvencionad[oa]|Parroquial|Municipal|Rural|
           Agr[ií]cola|Polivalente|Secundaria|Primaria|Profesional|Indígena))*
     |(?i:escuela|colegio|liceo|school|high[ ]school)(?=[ ](?i:n[°º.o]|nro\.?|n[uú]mero|\#)?[ ]?\d))
    (?:[ ](?i:n[°º.o]|nro\.?|n[uú]mero|no\.?|\#)?[ ]?(?P<number>\d{{1,5}})(?!\w|[.,/-]\d))?
    (?P<name>[ ](?:"[^"\n]{{1,40}}"|“[^”\n]{{1,40}}”|«[^»\n]{{1,40}}»|
        [{_UP}][\w'’]*(?:[ ](?:(?:de|del|la|las|los)[ ])*[{_UP}][\w'’]*){{0,4}}))?""",
    re.X,
)
_GRADE_RE = re.compile(
    r"(?<!\w)(?:\d{1,2}(?:[°º]|er|ro|do|to|mo|vo|no|th|st|nd|rd)?[ ]?(?:grado|curso|grade|form)|(?:grado|curso|grade)"
    r"[ ]\d|(?:primer|segundo|tercer|cuarto|quinto|sexto|s[eé]ptimo|octavo|noveno|first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth)[ ](?:grado|curso|a[nñ]o|grade)|alumn[oa]|estudiante|student|pupil|attends|"
    r"cursa|cursaba|va[ ]a[ ]la[ ]escuela|goes[ ]to)(?!\w)", re.I)
_SCHOOL_WORDS = ("escuela", "colegio", "liceo", "instituto", "centro educativo", "unidad educativa", "esc.", "col.",
                 "school")


def _schools(text: str, low: str, add, placeholders) -> None:
    """Schools named in a sentence that gives a child's grade or says who studies there (see ``_SCHOOL_RE``)."""
    if not any(word in low for word in _SCHOOL_WORDS) or not _GRADE_RE.search(text):
        return
    for m in _SCHOOL_RE.finditer(text):
        if not (m.group("number") or m.group("name")):
            continue  # "la Escuela" alone names no school
        lo, hi = max(0, m.start() - 200), min(len(text), m.end() + 200)
        for end in _SENTENCE_BOUND_RE.finditer(text, lo, m.start()):
            lo = end.end()
        stop = _SENTENCE_BOUND_RE.search(text, m.end(), hi)
        if _GRADE_RE.search(text, lo, stop.start() if stop else hi):
            add("school", m.start(), m.end(), placeholders["school"], 1)


def _lower_name_ok(name: str) -> bool:
    """Whether a street name said after a street word may be one: each word in lower case an abbreviation
    ("mcal"), a particle or no word of a sentence ("calle mcal lópez", not "calle es muy larga")."""
    words = name.split(" ")
    if words[-1].lower() in _PARTICLE_WORDS:
        return False
    for word in words:
        if word[:1].isupper() or word[:1].isdigit() or _ABBR_RE.match(word) or word in _PARTICLE_WORDS:
            continue
        if word.lower() in _NOT_STREET_WORDS or word.endswith("."):
            return False
    return True


def _address(text: str, m: re.Match, add, placeholders) -> bool:
    """One street address the regex matched, unless it is a count, a law or a clause's opening words; whether it
    was one."""
    start, end = m.start(), m.end()
    if m.group("street") and not _lower_name_ok(m.group("name")):
        return False
    if m.group("corner"):  # no street word: a leading "En"/"La" stays, and the street is named in words
        lead = _ADDRESS_LEAD_RE.match(text, start, end)
        start = lead.end() if lead else start
        if (text[start].isdigit() and not re.match(r"\d{1,2} de ", text[start:end])) or \
                _CAPITALS_WORD_RE.search(text, start, end):
            return False  # "En 2019 casi Todos", "Reunión 3 c/ CODENI"
        if m.group("bare") and re.fullmatch(r"(?:19|20)\d\d", m.group("bare")):
            return False  # "Desde Luque 2019 casi Todos": a year, not a house
    if m.group("rural"):  # its "km" and "ruta" are the address, not a law's words
        add("address", start, end, placeholders["address"], 1)
        return True
    number = [d for d in re.finditer(r"\d{1,5}(?!\d)", text[start:end])]
    if not number or _ADDRESS_NOT_AFTER_RE.match(text, start + number[-1].end()) or \
            _ADDRESS_LAW_RE.search(text, start, end) or _is_amount(text, start + number[-1].start(),
                                                                  start + number[-1].end()):
        return False
    add("address", start, end, placeholders["address"], 1)
    return True


_DIGIT_VALUE = {w: i for i, w in enumerate("cero uno dos tres cuatro cinco seis siete ocho nueve".split())} | \
    {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())} | {"oh": 0}


def _counting(said: str) -> bool:
    """Digits said in words that count ("uno, dos, tres, cuatro, cinco, seis, siete, nueve personas"): each one
    more than the one before for most of the run, as no phone number goes."""
    values = [_DIGIT_VALUE[w] for w in re.findall(r"[a-z]+", said) if w in _DIGIT_VALUE]
    steps = sum(1 for a, b in zip(values, values[1:]) if b == a + 1)
    return len(values) > 1 and steps >= (len(values) - 1) * 0.75


def _links_and_spoken(text: str, low: str, add, placeholders) -> None:
    """Phones in messaging links, social-network profiles, phones said digit by digit in words and bank account
    numbers, each only where one of its words is in ``low``."""
    if "/" in text and any(word in low for word in _LINK_WORDS):
        for m in _CHAT_LINK_RE.finditer(text):
            add("phone", m.start("number"), m.end("number"), placeholders["phone"], 0)
        for m in _PROFILE_RE.finditer(text):
            add("profile", m.start("handle"), m.end("handle"), placeholders["profile"], 0)
    if "@" in text:
        for m in _HANDLE_RE.finditer(text):
            add("profile", m.start("handle"), m.end("handle"), placeholders["profile"], 0)
        for m in _BARE_HANDLE_RE.finditer(text):
            add("profile", m.start(), m.end(), placeholders["profile"], 2)
    if "." in text or "_" in text:
        for m in matches_at(_NAMED_HANDLE_RE, text, low, _NETWORK_WORDS):
            add("profile", m.start("handle"), m.end("handle"), placeholders["profile"], 2)
    if any(word in low for word in _SPOKEN_RARE):
        for m in _SPOKEN_PHONE_RE.finditer(text):
            if any(re.search(rf"(?<!\w){w}(?!\w)", low[m.start():m.end()]) for w in _SPOKEN_RARE) and \
                    not _counting(low[m.start():m.end()]):
                add("phone", m.start(), m.end(), placeholders["phone"], 1)
    if any(word in low for word in _ACCOUNT_WORDS):
        for said in _ACCOUNT_WORD_RE.finditer(text):
            gap = _ACCOUNT_GAP_RE.match(text, said.end())
            m = _ACCOUNT_NUMBER_RE.match(text, gap.end()) if gap else None
            if m is None or sum(c.isdigit() for c in m.group()) < 6 or _NOT_ACCOUNT_RE.fullmatch(m.group()) or \
                    _AMOUNT_CONTEXT_RE.search(text, said.end(), m.start()) or _is_amount(text, m.start(), m.end()) \
                    or _NOT_ACCOUNT_GAP_RE.search(text, said.end(), m.start()):
                continue
            add("account", m.start(), m.end(), placeholders["account"], 0)


# a street corner needs one of these
_STREET_WORDS = ("calle", "avenida", "avda", "av.", "pasaje", "callej", "rua")


def data_findings(text: str, add, placeholders) -> None:
    """Every phone, ID number, plate, birth date, e-mail and street address in ``text``, each reported as
    ``add(kind, start, end, replacement, priority)`` with its replacement from ``placeholders`` (kind ->
    placeholder)."""
    if "@" in text:
        for m in _EMAIL_RE.finditer(text):
            add("email", m.start(), m.end(), placeholders["email"], 0)
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer: keep it, so offsets stay those of ``text``
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    _spelled_emails(text, low, add, placeholders)
    _links_and_spoken(text, low, add, placeholders)
    if any(word in low for word in _STREET_WORDS):
        _street_corners(text, low, add, placeholders)
    _schools(text, low, add, placeholders)
    table_findings(text, low, add, placeholders)
    field_findings(text, low, add, placeholders)
    kin_findings(text, low, add, placeholders)
    alias_findings(text, low, add, placeholders)
    mail_findings(text, low, add, placeholders)
    kin_prose_findings(text, low, add, placeholders)  # relatives without a comma, honorifics, ages, documents
    chat_findings(text, add, placeholders)
    net_findings(text, low, add, placeholders)  # IPs, gamers' names, transfers, US numbers, passports
    record_findings(text, add, placeholders, low)
    digits = _DIGIT_RE.search(text) is not None
    place_findings(text, low, add, placeholders, digits)
    if digits:  # a regex scan: a generator over every character cost more than the rest
        for m in _PHONE_RE.finditer(text):
            if (m.group("bare") and _is_amount(text, m.start(), m.end())) or _YEARS_RE.search(m.group()):
                continue
            add("phone", m.start(), m.end(), placeholders["phone"], 1)
        if "+" in text or "00" in text:
            for m in _INTL_PHONE_RE.finditer(text):
                if 8 <= sum(c.isdigit() for c in m.group()) <= 15:
                    add("phone", m.start(), m.end(), placeholders["phone"], 1)
        for m in _ID_RE.finditer(text):
            check = _CHECK_DIGIT_RE.match(text, m.end()) if low[m.start()] == "r" else None  # "RUC: 4567890 - 1"
            add("id_number", m.start(), check.end() if check else m.end(), placeholders["id_number"], 1)
        for hint in _CPF_HINT_RE.finditer(text) if "-" in text else ():
            m = _CPF_RE.match(text, max(0, hint.start() - 7))
            if m:
                add("id_number", m.start(), m.end(), placeholders["id_number"], 1)
        if any(word in low for word in _BADGE_WORDS):
            for rx in (_BADGE_RE, _BADGE_GAP_RE):
                for m in matches_at(rx, text, low, _BADGE_WORDS):
                    if not (_ADDRESS_NOT_AFTER_RE.match(text, m.end()) or _is_amount(text, m.start("number"), m.end())):
                        add("record", m.start("number"), m.end(), placeholders["record"], 2)
        list_findings(text, add, placeholders)
        _said_data(text, low, add, placeholders)
        _addresses(text, low, add, placeholders)
        for m in _BARE_ID_RE.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_.,"):
                continue
            if not (_is_amount(text, m.start(), m.end()) or _in_amount_context(text, m.start())):
                add("id_number", m.start(), m.end(), placeholders["id_number"], 2)


# words (lower case) that may hold a finding without a digit, "@" or a spelled "at": what a quick filter over many
# texts must look for besides those (see Redactor.may_need_findings); street corners ("calle Palma esq. Alberdi")
# and schools ("alumna del séptimo grado de la Escuela San Isidro") need no digit either
# (a handle said after its network: the network's name; "ig" with what may follow it, as it starts many words)
DATA_WORDS = (*_LINK_WORDS, *_SPOKEN_RARE, *_STREET_WORDS, *_SCHOOL_WORDS, *PLACE_WORDS, "iniciales", "initials",
              "nombre", "apellido", "apodo", "alias", "name",  # a table's name column (redaction_tables)
              *PEOPLE_WORDS,  # parents after "hijo de", a patient's or a signer's field (redaction_people)
              *ALIAS_WORDS, *MAIL_WORDS,  # nicknames and relatives (redaction_aliases), e-mails' people (redaction_mail)
              *KIN_PROSE_WORDS, *NET_WORDS,  # relatives, honorifics (redaction_kin), network user names (redaction_net)
              *(w for w in _NETWORK_WORDS if w != "ig"), "ig ", "ig\t", "ig:")
DATA_OPENINGS = tuple(w.encode("ascii") for w in KIN_PROSE_OPENINGS)  # marks only at a text's start
