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


def fmt_date(day: dt.date | str | None, lang: str, long: bool = False, month: bool = False) -> str:
    """A date in the report language's locale (Babel, through :func:`atlas_qual.i18n.fmt_date`): 14/03/2025 (es) or
    03/14/2025 (en); long: "14 de marzo de 2025" / "March 14, 2025" (as the US donor dates); month: "marzo de 2025" /
    "March 2025" (how reports date an interview: the day helps nobody and narrows who it was).

    Examples:
        >>> fmt_date(dt.date(2025, 3, 14), "es"), fmt_date(dt.date(2025, 3, 14), "en")
        ('14/03/2025', '03/14/2025')
        >>> fmt_date(dt.date(2025, 3, 14), "es", long=True), fmt_date(dt.date(2025, 3, 14), "en", long=True)
        ('14 de marzo de 2025', 'March 14, 2025')
        >>> fmt_date(dt.date(2025, 3, 14), "en", month=True)
        'March 2025'
    """
    from atlas_qual.i18n import fmt_date as locale_date

    if day in (None, ""):
        return "—"
    return locale_date(day, lang, "month" if month else "long" if long else "numeric")


_MONTH = re.compile(r"(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4})")
_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})/(\d{1,2})/(\d{4})")
_PERIOD_SEP = re.compile(r"\s*(?:[–—-]|\b(?:a|al|hasta|to)\b)\s*")


def _as_day(text: str) -> tuple[dt.date, bool] | None:
    """A typed date or month ("2024-08", "08/2024", "2024-08-19", "19/08/2024") as (date, whether a day was given)."""
    try:
        if m := _DAY.fullmatch(text):
            y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
            return dt.date(int(y), int(mo), int(d)), True
        if m := _MONTH.fullmatch(text):
            y, mo = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            return dt.date(int(y), int(mo), 1), False
    except ValueError:
        return None
    return None


def fmt_month(text: str | None, lang: str) -> str:
    """A month stored as "2026-06" (a plan's timeline, a register month) as the reader says it: "junio de 2026" /
    "June 2026"; a full date as :func:`fmt_date` writes it; anything else as typed; "—" when empty.

    Examples:
        >>> fmt_month("2026-06", "es"), fmt_month("2026-06", "en"), fmt_month("2026-06-15", "en"), fmt_month("", "es")
        ('junio de 2026', 'June 2026', '06/15/2026', '—')
    """
    text = (text or "").strip()
    if not text:
        return "—"
    parsed = _as_day(text)
    if parsed is None:
        return text
    day, has_day = parsed
    return fmt_date(day, lang, month=not has_day)


def fmt_period(text: str | None, lang: str) -> str:
    """A reporting period as typed in the settings ("08/2024 – 06/2025", "2024-08 a 2025-06") in the reader's
    locale: "agosto de 2024 – junio de 2025" / "August 2024 – June 2025"; a period in other words stays as typed.

    Examples:
        >>> fmt_period("08/2024 – 06/2025", "es"), fmt_period("2024-08 - 2025-06", "en")
        ('agosto de 2024 – junio de 2025', 'August 2024 – June 2025')
        >>> fmt_period("2024-08-19 to 2025-06-30", "en"), fmt_period("2024-08–2025-06", "es")
        ('August 19, 2024 – June 30, 2025', 'agosto de 2024 – junio de 2025')
        >>> fmt_period("Año fiscal 2025", "en")
        'Año fiscal 2025'
    """
    text = (text or "").strip()
    single = _as_day(text)
    if single is not None:
        return fmt_date(single[0], lang, long=single[1], month=not single[1])
    for sep in _PERIOD_SEP.finditer(text):  # "2024-08–2025-06": try each dash or word that may part the two ends
        ends = [_as_day(text[:sep.start()].strip()), _as_day(text[sep.end():].strip())]
        if None not in ends:
            return " – ".join(fmt_date(day, lang, long=has_day, month=not has_day) for day, has_day in ends)
    return text


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


__all__ = ["as_written", "word_shapes", "fmt_num", "fmt_pct", "fmt_share", "fmt_indicator", "fmt_date", "fmt_month", "fmt_period", "join_words", "shorten", "trim_quote", "split_items"]
