"""Numbers, dates, lists and short quotes written the way each report language writes them.

Examples:
    >>> fmt_num(0.7134, "es"), fmt_num(0.7134, "en")
    ('0,71', '0.71')
    >>> join_words(["Alto Paraná", "Ñeembucú", "San Pedro"], "es")
    'Alto Paraná, Ñeembucú y San Pedro'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Iterable

from atlas_qual.i18n import t


MINUS = "\u2212"


def _minus(text: str) -> str:
    """A typeset minus sign, not a hyphen: "−0,03" (a hyphen reads as a dash and may be cut at a line end); no sign
    on a value that rounds to zero ("0,00", not "−0,00")."""
    if not text.startswith("-"):
        return text
    return MINUS + text[1:] if any(ch in "123456789" for ch in text) else text[1:]


def fmt_num(value: float | int | None, lang: str, digits: int = 2) -> str:
    """A number with the report language's decimal mark and a true minus sign; "—" when missing.

    Examples:
        >>> fmt_num(-0.0312, "es"), fmt_num(-1234, "en")
        ('\u22120,03', '\u22121,234')
    """
    from atlas_qual.i18n import fmt_fixed, fmt_int

    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if isinstance(value, int) or float(value).is_integer() and digits == 0:
        return _minus(fmt_int(int(value), lang))  # 4.617 (es), 4,617 (en)
    return _minus(fmt_fixed(float(value), lang, digits))


def fmt_pct(numerator: int, denominator: int, lang: str) -> str:
    """ "62,5 %" in Spanish, "62.5%" in English (Babel's percent pattern of the locale), or "—" when there is no
    denominator.

    Examples:
        >>> fmt_pct(5, 8, "es"), fmt_pct(5, 8, "en")
        ('62,5\xa0%', '62.5%')
    """
    if not denominator:
        return "—"
    return fmt_share(numerator / denominator, lang)


def fmt_share(share: float | None, lang: str, digits: int = 1) -> str:
    """A 0-1 share as a percentage in the report language's convention: "87,3 %" (es, a no-break space), "87.3%"
    (en); ``digits`` decimals; "—" when missing.

    Examples:
        >>> fmt_share(0.8734, "es"), fmt_share(0.8734, "en"), fmt_share(0.75, "en", 0)
        ('87,3\xa0%', '87.3%', '75%')
    """
    from atlas_qual.i18n import fmt_percent

    if share is None or (isinstance(share, float) and not math.isfinite(share)):
        return "—"
    return _minus(fmt_percent(share, "es" if lang == "gn" else lang, digits))


def fmt_indicator(ind, lang: str) -> str:
    """An indicator's value as the report language writes it: "62,5 %" / "62.5%", "2 of 3 (66.7%)", "3", or "n/a"
    (``Indicator.formatted`` with Babel's percent convention of the locale).

    Examples:
        >>> from atlas_qual.indicators import Indicator
        >>> fmt_indicator(Indicator(1, 75.0, 3, 4, "percent", "survey"), "en")
        '75.0%'
        >>> fmt_indicator(Indicator(4, 2 / 3, 2, 3, "proportion", "register"), "en")
        '2 of 3 (66.7%)'
    """
    if ind.value is None or ind.unit not in ("percent", "proportion"):
        return ind.formatted(lang)
    if ind.unit == "percent":
        return fmt_share(ind.value / 100, lang)
    return t("report_indicator_proportion", lang=lang, n=ind.numerator, d=ind.denominator,
             pct=fmt_share(ind.value, lang))


def fmt_date(day: dt.date | None, lang: str, long: bool = False, month: bool = False) -> str:
    """14/03/2025 (es) or 2025-03-14 (en); long: "14 de marzo de 2025" / "March 14, 2025" (as the US donor dates);
    month: "marzo de 2025" / "March 2025" (how reports date an interview: the day helps nobody and narrows who it
    was).

    Examples:
        >>> fmt_date(dt.date(2025, 3, 14), "es", long=True)
        '14 de marzo de 2025'
        >>> fmt_date(dt.date(2025, 3, 14), "en", month=True)
        'March 2025'
    """
    if day is None:
        return "—"
    if month:
        name = t("report_months", lang=lang).split(",")[day.month - 1].strip()
        return t("report_month_year", lang=lang, month=name, year=day.year)
    if not long:
        return day.strftime("%d/%m/%Y") if lang == "es" else day.isoformat()
    month = t("report_months", lang=lang).split(",")[day.month - 1].strip()
    return t("report_long_date", lang=lang, day=day.day, month=month, year=day.year)


def join_words(items: Iterable[str], lang: str) -> str:
    items = [str(i) for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('report_and', lang=lang)} {items[-1]}"


def shorten(text: str, limit: int = 160) -> str:
    """The text cut at a word boundary near ``limit`` characters, with "…" when cut.

    Examples:
        >>> shorten("Lo mejor fueron las capacitaciones conjuntas con la fiscalía.", 30)
        'Lo mejor fueron las…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def trim_quote(text: str, limit: int = 480) -> str:
    """A quote of at most about ``limit`` characters, cut at a sentence end when possible.

    Examples:
        >>> trim_quote("Primera frase. Segunda frase larga.", 20)
        'Primera frase. […]'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    out = ""
    for sentence in _SENTENCE_END.split(text):
        if out and len(out) + len(sentence) + 1 > limit:
            break
        out = f"{out} {sentence}".strip()
    if not out or len(out) > limit:
        return shorten(text, limit)
    return out + " […]"


# a new item starts after a semicolon only when the next word is capitalised and not an acronym: "firmado por MTESS;
# fiscalía y Policía" is one item, "Falta de presupuesto; Rotación del personal" two; commas never split
_ITEM_BREAK = re.compile(r"\n+|;\s*(?=[A-ZÁÉÍÓÚÑ][a-záéíóúñü])")


def split_items(text: str) -> list[str]:
    """Free-text register fields typed one per line or as "A; B", as a list of items; never split on commas.

    Examples:
        >>> split_items("Falta de presupuesto; Rotación del personal\\n- demoras")
        ['Falta de presupuesto', 'Rotación del personal', 'demoras']
        >>> split_items("Acuerdo firmado por MTESS; fiscalía y Policía, con actas")
        ['Acuerdo firmado por MTESS; fiscalía y Policía, con actas']
    """
    parts = _ITEM_BREAK.split(text or "")
    return [p.strip(" -•*\t;") for p in parts if p.strip(" -•*\t;")]


def as_written(text: str, lang: str) -> str:
    """A text typed into the store (a plan's change and its reason, an agreed course of action, a meeting's
    challenge), as written, marked "[Spanish original]" when an English report prints it and it reads as Spanish
    (Spanish function words and no English ones, or a short text with Spanish letters); never translated.

    Examples:
        >>> as_written("Demoras de semanas en las órdenes de allanamiento", "en")
        'Demoras de semanas en las órdenes de allanamiento [Spanish original]'
        >>> as_written("Rotación del personal", "en"), as_written("Capacitar a fiscales y jueces", "en")
        ('Rotación del personal [Spanish original]', 'Capacitar a fiscales y jueces [Spanish original]')
        >>> as_written("Shared referral form", "en"), as_written("Demoras de semanas en las órdenes", "es")
        ('Shared referral form', 'Demoras de semanas en las órdenes')
    """
    from atlas_qual.nlp import language_scores

    if lang == "es" or not text.strip():
        return text
    scores = language_scores(text)
    if scores["gn"] >= 1:
        return text
    spanish = (scores["es"] >= 2 and scores["es"] > 2 * scores["en"]) or (
        scores["en"] == 0 and (scores["es"] >= 1 or any(ch in "áéíóúñ¿¡" for ch in text.casefold())))
    if not spanish and scores["en"] == 0 and scores["words"] <= 8:
        # a short label or theme name without a function word ("Reuniones duplicadas"): its words' endings
        es_shape, en_shape = word_shapes(text)
        spanish = en_shape == 0 and es_shape + scores["es"] >= 1
    return f"{text} {t('report_mark_original', lang=lang)}" if spanish else text


# endings only Spanish words have (-ciones, -dad, -miento, -mente, -ante, -ado/-ida, -dores, -encia ...), and those
# Spanish words often have (a consonant, then -o/-a/-os/-as; -ales; -ios/-ias), weighed 1 and 0.5
_ES_ENDING = re.compile(r"(?:iones|ción|sión|dad|dades|mientos?|mente|[ae]ntes?|[aeií]d[oa]s?|dor[ae]s|[ae]ncias?)$")
_ES_WEAK_ENDING = re.compile(r"(?:[^aeiouáéíóú][oa]s?|ales|i[oa]s)$")
# what no Spanish word has: th sh ph gh ck w k ss ff; -ing -ly -ness -tion -age; a consonant then -s or -y; two
# final consonants; -ed in a longer word (not usted, pared, merced)
_EN_SHAPE = re.compile(r"th|sh|ph|gh|ck|w|k|ss|ff|tion|(?:ing|ly|ness|age|[^aeiouáéíóú\W]s|[^aeiouáéíóúy\W]y"
                       r"|[^aeiouáéíóúy\W]{2})$")
_ES_ED = frozenset({"usted", "ustedes", "pared", "merced", "césped"})


def word_shapes(text: str) -> tuple[float, int]:
    """How Spanish and how English the words of a short text look by their spelling alone: (the weight of Spanish
    endings, the number of words spelled as no Spanish word is). For labels with no function word to tell.

    Examples:
        >>> word_shapes("Reuniones duplicadas"), word_shapes("Shared referral form")
        ((2.0, 0), (0.0, 2))
        >>> word_shapes("Mesas departamentales"), word_shapes("Data quality")
        ((1.0, 0), (0.5, 1))
    """
    es, en = 0.0, 0
    for word in re.findall(r"[^\W\d_]{3,}", text.casefold()):
        if _EN_SHAPE.search(word) or (len(word) >= 5 and word.endswith("ed") and word not in _ES_ED):
            en += 1
        elif _ES_ENDING.search(word):
            es += 1
        elif _ES_WEAK_ENDING.search(word):
            es += 0.5
    return es, en


__all__ = ["as_written", "word_shapes", "fmt_num", "fmt_pct", "fmt_share", "fmt_indicator", "fmt_date", "join_words", "shorten", "trim_quote", "split_items"]
