"""Identifiers of connections, accounts and foreign documents, for :mod:`atlas_qual.redaction_data`: an IP address said
as one ("IP 181.120.34.56", an IPv6 "2800:a4:1234:5600::1f"), a gamer's or chat user's name ("Discord: lobito#4521",
'nick "xXLobo_CDEXx"', "Snapchat: lu_py"), a Plus Code ("8M7Q+2C"), a money transfer's or wallet's numbers
("N° de operación: 987654321", "Nro. de transacción: TM250314112233", "Código de retiro: 845 213", "giro N°
2025-031-44821", a Mercado Pago or CBU alias "MIRTA.BENITEZ.MP") and the name a wallet shows beside its number ("0981
765 432 (HUGO B.)"), US numbers (SSN and ITIN "123-45-6789", an A-Number "A 212-345-678", a driver's licence, a
professional licence or Medicaid number, a phone "832-555-0117"; a toll-free hotline "1-888-373-7888" stays) and a
passport with three letters or its country in brackets ("Pasaporte N° AAE123456", "passport (Paraguay, No.
4876543)").

A version number ("WhatsApp 2.24.6.77", "312.0.0.32.112"), a time ("21:14:05"), a port, a law or an amount stay.

Examples:
    >>> found = []
    >>> text = "IP 181.120.34.56; Discord: lobito#4521; SSN 123-45-6789"
    >>> net_findings(text, text.lower(), lambda *a: found.append(a[:3]), {"record": "[registro]",
    ...     "profile": "[perfil]", "id_number": "[cédula]"})
    >>> sorted((a, kind, text[a:b]) for kind, a, b in found)
    [(3, 'record', '181.120.34.56'), (27, 'profile', 'lobito#4521'), (44, 'id_number', '123-45-6789')]
"""

from __future__ import annotations

import re

from atlas_qual.redaction_names import _fold, _name_lists

__all__ = ["NET_WORDS", "net_findings"]

_DIGIT_RE = re.compile(r"\d")

# an IP address, where its sentence says it is one (a version number has the same shape)
_IPV4_RE = re.compile(r"(?=\d)(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
                      r"(?![\w]|\.\d)")
_IPV6_RE = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,6}|[0-9A-Fa-f]{1,4})"
                      r"(?![\w:])")
_IP_WORD_RE = re.compile(r"(?<![\w])(?i:ip|ipv4|ipv6|ip[ ]address|direcci[oó]n[ ]ip|host|conexi[oó]n(?:es)?|"
                         r"connections?|logins?|accesos?|sesi[oó]n)(?![\w])")
_VERSION_BEFORE_RE = re.compile(r"(?i)(?:versi[oó]n|version|v\.?|android|ios|whatsapp|app|build|firmware|dns)"
                                r"(?:[ ]de[ ]la[ ]app)?[ ]?\Z")
_IP_SENTENCE_RE = re.compile(r"[!?;\n]|(?<=[a-záéíóúñü])\.(?=\s)")

# a user name on a chat or game network, said after its network or "nick"/"usuario" (with a colon or quotes, and a
# digit, "_", "." or "#" in it: "el usuario denunció" stays)
_USER_RE = re.compile(
    r"(?<![\w])(?i:discord|snapchat|snap|kwai|twitch|roblox|free[ ]fire|steam|xbox|psn|nick(?:name)?|usuario|"
    r"user(?:name)?|gamertag)(?:[ ](?i:id|de[ ]usuario))?[ \t]*(?P<sep>:|=)?[ \t]*(?P<q>[\"“'])?"
    r"(?P<handle>@?[\w.#-]{2,32}[\w])(?![\w@])")
_USER_WORDS = ("discord", "snap", "kwai", "twitch", "roblox", "free fire", "steam", "xbox", "psn", "nick", "usuario",
               "user", "gamertag")

# a Plus Code (Google's open location code): "8M7Q+2C", "57QX+8R Limpio"
_PLUS_CODE_RE = re.compile(r"(?<![\w+])[2-9CFGHJMPQRVWX]{4,8}\+[2-9CFGHJMPQRVWX]{2,3}(?![\w+])")

# a transfer's or a wallet's numbers after their words
_TRANSFER_RE = re.compile(
    r"(?<![\w])(?:(?i:n[°º.o]|nro\.?|n[uú]mero)[ ](?i:de[ ])?(?i:operaci[oó]n|transacci[oó]n|referencia|"
    r"transferencia|giro|env[ií]o|comprobante[ ]de[ ]giro)|(?i:giro|transacci[oó]n|operaci[oó]n|transaction|"
    r"reference)[ ](?i:n[°º.o]|nro\.?|no\.|id|\#)|(?i:c[oó]digo[ ]de[ ](?:retiro|giro|env[ií]o|seguridad|cobro)|"
    r"transaction[ ]id|pin))"
    r"[ \t]*[:.]?[ \t]*(?P<number>[A-Z]{0,4}\d(?:[\d-]|[ ](?=\d{3}(?!\d)))*\d)(?![\w]|[.,/-]\d)")
_TRANSFER_WORDS = ("operaci", "transacci", "referencia", "transferencia", "giro", "envio", "envío", "digo de",
                   "transaction", "reference", "pin:", "pin ")
# an Argentine bank or Mercado Pago alias ("alias MIRTA.BENITEZ.MP", "alias CBU: sol.luna.rio")
_BANK_ALIAS_RE = re.compile(r"(?<![\w])(?i:alias)(?:[ ](?i:de[ ])?(?i:mercado[ ]pago|mp|cbu|cvu|la[ ]cuenta|"
                            r"bancario|de[ ]la[ ]cuenta))?[ \t]*:?[ \t]*(?P<alias>[A-Za-z0-9]+(?:\.[A-Za-z0-9]+){1,3})"
                            r"(?![\w]|\.\w)")
# the name a wallet or a transfer shows in brackets after the number: "0981 765 432 (HUGO B.)"
_WALLET_NAME_RE = re.compile(r"(?<![\w+])(?:\+?\d[\d -]{6,16}\d)[ ]?\((?P<name>[A-ZÁÉÍÓÚÑ][\w'’]*\.?"
                             r"(?:[ ][A-ZÁÉÍÓÚÑ][\w'’]*\.?){0,3})\)")

# US numbers after their words
_SSN_RE = re.compile(r"(?<![\w])(?i:ssn|ss\#|social[ ]security(?:[ ](?:number|no\.?|card))?|itin|tin)[ \t]*[:#]?"
                     r"[ \t]*(?P<number>\d{3}[- ]\d{2}[- ]\d{4})(?![\w-])")
_A_NUMBER_RE = re.compile(r"(?<![\w])(?i:a-?number|a-?no\.|a\#|alien[ ](?:registration[ ])?number|uscis[ ](?:number|"
                          r"\#))[ \t]*[:#]?[ \t]*(?P<number>A?[ -]?\d{3}[ -]?\d{3}[ -]?\d{3})(?![\w-])")
_LICENCE_RE = re.compile(
    r"(?<![\w])(?:(?P<driver>(?i:driver['’]?s?[ ]licen[cs]e|DL|licencia[ ]de[ ]conducir|registro[ ]de[ ]conducir|"
    r"carn[eé][ ]de[ ]conducir|CNH))|(?i:licen[cs]e|medicaid(?:[ ]id)?|medicare(?:[ ]id)?|member[ ]id))"
    r"(?:[ ](?i:no\.?|number|n[°º.o]|nro\.?|\#|id))?[ \t]*[:#]?[ \t]*(?P<number>[A-Z]{0,2}\d{4,12})(?![\w-]|[.,]\d)")
_US_WORDS = ("ssn", "ss#", "social security", "itin", " tin", "a-number", "a number", "alien", "a#", "a-no", "uscis",
             "license", "licence", "dl#", "dl ", "dl:", "conducir", "cnh", "medicaid", "medicare", "member id")
# a US phone written with hyphens, no brackets (a toll-free line is a service's, it stays)
_US_PHONE_RE = re.compile(r"(?P<area>[2-9](?<![\w+/.-][2-9])\d{2})-[2-9]\d{2}-\d{4}(?![\w-]|[.,]\d)")
_TOLL_FREE = frozenset({"800", "888", "877", "866", "855", "844", "833"})
_NOT_US_PHONE_BEFORE_RE = re.compile(r"(?i)(?:ley|resoluci[oó]n|decreto|expediente|causa|mtcn|n[°º])[ .:]*\Z")
# a passport with three letters (Argentina's) or its country said between the word and the number
_PASSPORT_RE = re.compile(r"(?<![\w])(?i:pasaporte|passport|passaporte)(?P<gap>[^\d\n;!?]{0,32}?)(?<![\w])"
                          r"(?P<number>[A-Z]{1,3}\d{6,9}|\d{6,9})(?![\w]|[.,]\d)")

# what a text must hold (lower-case ASCII) for the rules without a digit-free trigger; all need a digit but the
# handles, which the quick check's digits cover when they hold one
NET_WORDS = ("discord", "snapchat", "kwai", "twitch", "roblox", "nick", "usuario", "username", "gamertag")


def _sentence_has(text: str, start: int, end: int, rx: re.Pattern) -> bool:
    """Whether the sentence around ``text[start:end]`` (160 characters each side at most) holds ``rx``."""
    lo, hi = max(0, start - 160), min(len(text), end + 160)
    for stop in _IP_SENTENCE_RE.finditer(text, lo, start):
        lo = stop.end()
    stop = _IP_SENTENCE_RE.search(text, end, hi)
    hi = stop.start() if stop else hi
    return rx.search(text, lo, start) is not None or rx.search(text, end, hi) is not None


_IP_WORDS = ("ip", "host", "conexi", "connection", "login", "acceso", "sesi")


def _ips(text: str, low: str, add, placeholders) -> None:
    if not any(word in low for word in _IP_WORDS):
        return
    if text.count(".") >= 3:
        for m in _IPV4_RE.finditer(text):
            if not _VERSION_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()) and \
                    _sentence_has(text, m.start(), m.end(), _IP_WORD_RE):
                add("record", m.start(), m.end(), placeholders["record"], 1)
    if "::" in text or text.count(":") >= 5:
        for m in _IPV6_RE.finditer(text):
            group = m.group()
            if ("::" in group or group.count(":") >= 5) and any(c.isalpha() for c in group) or group.count(":") >= 7:
                if _sentence_has(text, m.start(), m.end(), _IP_WORD_RE):
                    add("record", m.start(), m.end(), placeholders["record"], 1)


def _users(text: str, low: str, add, placeholders) -> None:
    for word in _USER_WORDS:
        at = low.find(word)
        while at != -1:
            m = _USER_RE.match(text, at) if not (at and low[at - 1].isalnum()) else None
            if m and (m.group("sep") or m.group("q")):
                handle = m.group("handle")
                if any(c.isdigit() or c in "_.#" for c in handle) or \
                        (m.group("q") and any(c.isupper() for c in handle[1:])):
                    add("profile", m.start("handle"), m.end("handle"), placeholders["profile"], 1)
            at = low.find(word, at + 1)


def _money(text: str, low: str, add, placeholders) -> None:
    if "alias" in low and "." in text:
        for m in _BANK_ALIAS_RE.finditer(text):
            alias = m.group("alias")
            if not re.fullmatch(r"[\d.]+", alias) and len(alias) >= 6:
                add("account", m.start("alias"), m.end("alias"), placeholders["account"], 0)
    if _DIGIT_RE.search(text) is None:
        return
    if any(word in low for word in _TRANSFER_WORDS):
        for m in _TRANSFER_RE.finditer(text):
            if sum(c.isdigit() for c in m.group("number")) >= 5:
                add("account", m.start("number"), m.end("number"), placeholders["account"], 0)
    at = text.find("(")
    while at != -1:  # a bracket after a digit, a capital inside it: the regex runs only there
        if at and (text[at - 1].isdigit() or text[at - 2:at - 1].isdigit()) and text[at + 1:at + 2].isupper():
            m = _WALLET_NAME_RE.search(text, max(0, at - 22), min(len(text), at + 60))
            if m is not None and m.start("name") == at + 1:
                _wallet_name(text, m, add, placeholders)
        at = text.find("(", at + 1)


def _wallet_name(text: str, m: re.Match, add, placeholders) -> None:
    """The holder's name a wallet shows after its number: a known given name or surname, or two words."""
    first, surnames = _name_lists()
    words = [_fold(w).rstrip(".") for w in m.group("name").split()]
    if any(w in first or w in surnames for w in words) or len(words) >= 2:
        add("name", m.start("name"), m.end("name"), placeholders["name"], 3)


def _us_numbers(text: str, low: str, add, placeholders) -> None:
    if any(word in low for word in _US_WORDS):
        for rx in (_SSN_RE, _A_NUMBER_RE):
            for m in rx.finditer(text):
                add("id_number", m.start("number"), m.end("number"), placeholders["id_number"], 1)
        for m in _LICENCE_RE.finditer(text):
            kind = "id_number" if m.group("driver") else "record"
            add(kind, m.start("number"), m.end("number"), placeholders[kind], 1)
    if "-" in text:
        for m in _US_PHONE_RE.finditer(text):
            if m.group("area") not in _TOLL_FREE and not _NOT_US_PHONE_BEFORE_RE.search(
                    text, max(0, m.start() - 16), m.start()):
                add("phone", m.start(), m.end(), placeholders["phone"], 1)


def net_findings(text: str, low: str, add, placeholders) -> None:
    """IP addresses, network user names, Plus Codes, transfer and wallet numbers, US numbers and passports (see the
    module), each reported as ``add(kind, start, end, placeholder, priority)`` (``low``: the text in lower case)."""
    if any(word in low for word in _USER_WORDS):
        _users(text, low, add, placeholders)
    _money(text, low, add, placeholders)  # a bank alias needs no digit
    if _DIGIT_RE.search(text) is None:
        return
    _ips(text, low, add, placeholders)
    if "+" in text:
        for m in _PLUS_CODE_RE.finditer(text):
            add("address", m.start(), m.end(), placeholders["address"], 1)
    _us_numbers(text, low, add, placeholders)
    if "pasaporte" in low or "passport" in low or "passaporte" in low:
        for m in _PASSPORT_RE.finditer(text):
            add("id_number", m.start("number"), m.end("number"), placeholders["id_number"], 1)
