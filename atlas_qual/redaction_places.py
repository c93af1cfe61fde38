"""Where someone can be found without a street and house number, for :mod:`atlas_qual.redaction_data`: GPS
coordinates (decimal, or degrees, minutes and seconds), map links, and a house told by how it looks and what it faces
("la casa de rejas verdes frente a la capilla San Roque"). Each becomes ``[dirección]``; a map link's site stays, as a
profile's network does.

Examples:
    >>> found = []
    >>> place_findings("ubicación: -25.2867, -57.6470", "ubicación: -25.2867, -57.6470",
    ...                lambda *a: found.append(a[:3]), {"address": "[dirección]"})
    >>> found
    [('address', 11, 29)]
"""

from __future__ import annotations

import re

__all__ = ["PLACE_WORDS", "matches_at", "place_findings"]

# decimal degrees as a phone's map shares them ("-25.2867, -57.6470", "-25,2867; -57,6470"): four decimals or more
# (a dotted amount has groups of three); a pair counts when both are negative (Paraguay lies south and west), a
# hemisphere letter follows or a coordinate word comes shortly before ("GPS 25.2867, 57.6470"), so that statistics
# ("kappa 0.7812, 0.8123") stay
_PAIR_RE = re.compile(
    r"(?<![\w.,/-])(?:(?P<lat>-?\d{1,2}\.\d{4,8})°?(?:[ ]?(?P<ns>[NS])(?!\w))?[ \t]*[,;/][ \t]*"
    r"(?P<lon>-?\d{1,3}\.\d{4,8})°?(?:[ ]?(?P<ew>[EWO])(?!\w))?"
    r"|(?P<clat>-?\d{1,2},\d{4,8})°?(?:[ ]?(?P<cns>[NS])(?!\w))?(?:[ \t]*[;/][ \t]*|,[ \t]+)"
    r"(?P<clon>-?\d{1,3},\d{4,8})°?(?:[ ]?(?P<cew>[EWO])(?!\w))?)(?![\w]|[.,]\d)")
_COORD_WORD_RE = re.compile(r"(?i)(?<!\w)(?:coordenadas?|coordinates?|gps|ubicaci[oó]n|location|localiza[cç][aã]o|"
                            r"lat(?:itud|itude)?|lon(?:g(?:itud|itude)?)?|lng|maps?|mapa|pin)(?!\w)")
# one coordinate after its word ("Lat -25.4468", "Longitud: -56,4442")
_LABELLED_RE = re.compile(r"(?<!\w)(?i:lat(?:itud|itude)?|lon(?:g(?:itud|itude)?)?|lng)\.?[ \t]*[:=]?[ \t]*"
                          r"(?P<n>-?\d{1,3}[.,]\d{4,8})°?(?:[ ]?[NSEWO](?!\w))?(?![\w]|[.,]\d)")
# degrees, minutes (and seconds) with a hemisphere: 25°26'48"S 56°26'39"W, one finding for the pair
_DMS = r"\d{1,3}[°º][ ]?\d{1,2}['′’´][ ]?(?:\d{1,2}(?:[.,]\d+)?(?:\"|″|''|”|′′)[ ]?)?[NSEWO](?!\w)"
# ... or the hemisphere first, as a GPS unit shows it: S 25° 17.123' W 57° 38.456'
_HDM = r"[NS][ ]?\d{1,2}[°º][ ]?\d{1,2}(?:[.,]\d+)?['′’´]?[ \t]*,?[ \t]*[EWO][ ]?\d{1,3}[°º][ ]?\d{1,2}(?:[.,]\d+)?['′’´]?"
_DMS_RE = re.compile(rf"(?<![\w.])(?:{_DMS}(?:[ \t]*[,;]?[ \t]*{_DMS})?|{_HDM})")
# a map link: the site stays, the place after it goes ("maps.app.goo.gl/[dirección]")
_MAP_LINK_RE = re.compile(
    r"(?i)(?<![\w.-])(?:https?://)?(?:www\.)?(?:google\.[a-z]{2,3}(?:\.[a-z]{2})?/maps|maps\.google\.[a-z]{2,3}"
    r"(?:\.[a-z]{2})?|maps\.app\.goo\.gl|goo\.gl/maps|waze\.com/ul|openstreetmap\.org)"
    r"(?:/|(?=[?#]))(?P<rest>[^\s\"'<>)\]]*[^\s\"'<>)\].,;:!?])")
_MAP_WORDS = ("maps", "goo.gl", "waze.com", "openstreetmap")
# a street address as the English write it, the house number first: "1428 Elm Street, Apt 5B, Springfield, IL 62704"
# (its apartment, city, state and ZIP code go with it); "in 2024 Victoria Street..." is a year, checked in code
_US_STREET = (r"(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Lane|Ln\.?|Court|Ct\.?|Place|"
              r"Way|Terrace|Parkway|Pkwy\.?|Highway|Hwy\.?|Circle)")  # "4521 Westheimer Rd, Apt 12"
_US_ADDRESS_RE = re.compile(
    rf"(?<![\w.,/-])(?P<number>\d{{1,6}})[ ](?:[NSEW]\.?[ ])?(?:[A-Z][\w'’-]*[ ]){{1,3}}{_US_STREET}(?![\w])"
    r"(?:[ ](?:N|S|E|W|NE|NW|SE|SW)(?!\w))?(?:,?[ ](?:Apt\.?|Apartment|Suite|Ste\.|Unit|\#)[ ]?[\w-]+)?"
    r"(?:,[ ][A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2},[ ][A-Z]{2}[ ]\d{5}(?:-\d{4})?(?!\w))?")
_US_STREET_WORDS = (" street", " st.", " avenue", " ave", " road", " rd", " boulevard", " blvd", " drive",
                    " lane", " ln", " court", " ct", " place", " way", " terrace", " parkway", " pkwy", " highway",
                    " hwy", " circle")
_YEAR_BEFORE_RE = re.compile(r"(?i)(?:in|since|by|of|from|until|en|desde|year)[ ]\Z")

# a house told by how it looks and what it stands by: "la casa de rejas verdes frente a la capilla San Roque", "la
# casa de portón negro al lado del almacén", "casa de madeira azul atrás do posto Ipiranga". Its look (a colour or a
# feature such as bars or a gate, checked in code) and a landmark after "frente a", "al lado de"... make it one
# house; "la casa de mi abuela, al lado de la escuela" says no look and stays
_RELATION = (r"(?:justo[ ])?(?:frente[ ]al?|enfrente[ ]del?|al[ ]frente[ ]del?|al[ ]lado[ ]del?|al[ ]costado[ ]del?|"
             r"detr[aá]s[ ]del?|atr[aá]s[ ]del?|pegad[oa][ ]al?|a[ ]la[ ]par[ ]del?|en[ ]la[ ]esquina[ ]del?|"
             r"ao[ ]lado[ ]d[oa]|em[ ]frente[ ](?:ao?|à)|na[ ]frente[ ]d[oa]|atr[aá]s[ ]d[oa])")
_HOUSE_RE = re.compile(
    r"(?<!\w)(?i:casa|casita|casona|vivienda|rancho|ranchito)[ ](?P<look>(?:[^\W\d_]+[ ]){0,7}?[^\W\d_]+),?[ ]"
    rf"(?i:{_RELATION})[ ]"
    r"(?i:(?:la|el|los|las|una|un|o|a|os|as)[ ])?"
    r"[^\W\d_]+(?:[ ]de[ ][^\W\d_]+)?(?:[ ](?:(?:de|del|la|los)[ ])*[A-ZÁÉÍÓÚÑÜ][\w'’]*){0,3}(?!\w)")
_LOOK_RE = re.compile(
    r"(?i)(?<!\w)(?:verdes?|azul(?:es)?|roj[oa]s?|amarill[oa]s?|blanc[oa]s?|negr[oa]s?|celestes?|rosad[oa]s?|"
    r"gris(?:es)?|naranjas?|anaranjad[oa]s?|marr[oó]n(?:es)?|lilas?|violetas?|vermelh[oa]s?|amarel[oa]s?|"
    r"branc[oa]s?|pret[oa]s?|cinzas?|marrom|hovy|pyt[aã]|sayju|rejas?|port[oó]n(?:es)?|port[aã]o|muralla|"
    r"madera|madeira|tablas|ladrillo[ ]visto|dos[ ]pisos|sobrado|techo[ ]de[ ]\w+|tejas|morot[iĩ]|h[uũ]|"
    r"sa['’´]?yju|hovy['’´]?[uũ])(?!\w)")
# ... or by its look and its side, as directions give it: "casa de rejas verdes, segundo portón a la izquierda", "la
# casa blanca al fondo del pasillo"
_SIDE_HOUSE_RE = re.compile(
    r"(?<!\w)(?i:casa|casita|casona|vivienda)[ ](?P<look>(?:[^\W\d_]+[ ]){0,5}?[^\W\d_]+),?[ ](?i:(?:(?:primer|"
    r"segundo|tercer|cuarto|quinto|[uú]ltimo)[ ](?:port[oó]n|casa|puerta|pasillo|entrada)[ ])?(?:a|de|sobre|hacia)"
    r"[ ]la[ ](?:izquierda|derecha)|al[ ]fondo(?:[ ]del?[ ](?:pasillo|terreno|callej[oó]n))?)(?!\w)")
# ... said "of the corner" with no landmark: "la casa azul de la esquina" (its look is what makes it one house; "la
# casa de la esquina" and "una casa azul" stay)
_CORNER_HOUSE_RE = re.compile(r"(?<!\w)(?i:casa|casita|casona|vivienda)[ ](?P<look>(?:[^\W\d_]+[ ]){0,3}?[^\W\d_]+)"
                              r"[ ](?i:de|en)[ ]la[ ]esquina(?!\w)")
# ... and in Guaraní or jopara, the landmark before its postposition: "hóga hovy oĩva kapilla rovái" (her blue house,
# the one in front of the chapel), "peteĩ óga pytã oĩva escuela ykére" (a red house beside the school)
_GN_HOUSE_RE = re.compile(
    r"(?<!\w)(?i:h?[óo]ga|r[óo]ga|casa|casita|vivienda)[ ](?P<look>(?:[^\W\d_]+[ ]){0,2}?[^\W\d_'’´]+)[ ]"
    r"(?i:o[ĩiî]va[ ])?(?i:(?:la|el)[ ])?[^\W\d_]+(?:[ ](?:de[ ](?:la[ ])?)?[^\W\d_]+){0,2}?[ ]"
    r"(?i:yk[eé]re|yk[eé]rehe|yk[eé]pe|rov[aá]i|rovake|rapyku[eé]pe|rapykue|kup[eé]pe|yp[yý]pe|tenond[eé]pe)(?!\w)")
_GN_POSTPOSITIONS = ("ykere", "ykére", "ykepe", "yképe", "rovai", "rovái", "rovake", "rapyku", "kupepe", "kupépe",
                     "ypype", "ypýpe", "tenond")
_HOUSE_WORDS = ("casa", "casita", "casona", "vivienda", "ranch")
_GN_HOUSE_WORDS = ("casa", "casita", "vivienda", "hóga", "hoga", "róga", "roga", "óga", "oga")

# (lower-case, ASCII) what a text must hold for a finding here with no digit in it: a map link, a house's look
PLACE_WORDS = (*_MAP_WORDS, *_HOUSE_WORDS, *(w for w in _GN_POSTPOSITIONS if w.isascii()))


# four decimals: every coordinate above holds this, and a plain scan for it costs a fifth of the pair regex's
_DECIMALS_RE = re.compile(r"[.,]\d\d\d\d")


def matches_at(rx: re.Pattern, text: str, low: str, words):
    """The matches of ``rx`` that start where one of ``words`` stands in ``low`` (the text in lower case, offsets
    kept): a str.find per word in place of a scan of the whole text, for a regex that starts with one of them."""
    seen = set()
    for word in words:
        at = low.find(word)
        while at != -1:
            if at not in seen:
                seen.add(at)
                m = rx.match(text, at)
                if m:
                    yield m
            at = low.find(word, at + 1)


def _pair_ok(text: str, m: re.Match) -> bool:
    lat, lon = (m.group("lat"), m.group("lon")) if m.group("lat") else (m.group("clat"), m.group("clon"))
    y, x = abs(float(lat.replace(",", "."))), abs(float(lon.replace(",", ".")))
    if y > 90 or x > 180 or max(x, y) < 1:  # "-0.1234, -0.5678" is a statistic
        return False
    if lat.startswith("-") and lon.startswith("-"):
        return True
    if m.group("ns") or m.group("ew") or m.group("cns") or m.group("cew"):
        return True
    return _COORD_WORD_RE.search(text, max(0, m.start() - 40), m.start()) is not None


def place_findings(text: str, low: str, add, placeholders, digits: bool = True) -> None:
    """Coordinates, map links and houses told by their look in ``text`` (``low``: the text in lower case, offsets
    kept; ``digits``: whether it holds a digit), each reported as ``add("address", start, end, placeholder,
    priority)``."""
    if any(word in low for word in _MAP_WORDS):
        for m in _MAP_LINK_RE.finditer(text):
            add("address", m.start("rest"), m.end("rest"), placeholders["address"], 0)
    hint = _DECIMALS_RE.search(text) if digits else None
    if hint:
        for m in _PAIR_RE.finditer(text, max(0, hint.start() - 4)):
            if _pair_ok(text, m):
                add("address", m.start(), m.end(), placeholders["address"], 1)
        for m in matches_at(_LABELLED_RE, text, low, ("lat", "lon", "lng")):
            add("address", m.start("n"), m.end("n"), placeholders["address"], 1)
    if digits and ("°" in text or "º" in text):
            for m in _DMS_RE.finditer(text):
                add("address", m.start(), m.end(), placeholders["address"], 1)
    if digits and any(word in low for word in _US_STREET_WORDS):
        for m in _US_ADDRESS_RE.finditer(text):
            year = re.fullmatch(r"(?:19|20)\d\d", m.group("number"))
            if not (year and _YEAR_BEFORE_RE.search(text, max(0, m.start() - 8), m.start())):
                add("address", m.start(), m.end(), placeholders["address"], 1)
    if any(word in low for word in _HOUSE_WORDS):
        for m in matches_at(_HOUSE_RE, text, low, _HOUSE_WORDS):
            if _LOOK_RE.search(m.group("look")):
                add("address", m.start(), m.end(), placeholders["address"], 1)
        if "izquierda" in low or "derecha" in low or "al fondo" in low:
            for m in matches_at(_SIDE_HOUSE_RE, text, low, _HOUSE_WORDS):
                if _LOOK_RE.search(m.group("look")):
                    add("address", m.start(), m.end(), placeholders["address"], 1)
        if "esquina" in low:
            for m in matches_at(_CORNER_HOUSE_RE, text, low, _HOUSE_WORDS):
                if _LOOK_RE.search(m.group("look")):
                    add("address", m.start(), m.end(), placeholders["address"], 1)
    if ("yk" in low or "rov" in low or "kup" in low or "ypy" in low or "ypý" in low or "tenond" in low or
            "rapyku" in low):  # the postpositions' heads (_GN_POSTPOSITIONS)
        for m in matches_at(_GN_HOUSE_RE, text, low, _GN_HOUSE_WORDS):
            if _LOOK_RE.search(m.group("look")):
                add("address", m.start(), m.end(), placeholders["address"], 1)
