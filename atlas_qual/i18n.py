"""Every string a person reads, from the gettext catalogs (Babel), and numbers and dates in the reader's locale.

Catalogs live in ``atlas_qual/locale/<lang>/LC_MESSAGES/atlas_qual.po`` (es, en, gn), with message keys as msgids
(one convention: ``t("file_empty", file=...)``). Translators edit the ``.po`` files with their own tools (Poedit,
Weblate, Lokalize); ``make i18n`` extracts new keys from the code, updates the catalogs and compiles them to ``.mo``.
A missing ``.mo`` (fresh clone before ``make``) or one older than its ``.po`` is never used: the ``.po`` is read.

Spanish and English are complete; Guaraní (gn) covers what participants and community members read and falls back to
Spanish, never to a key. Formats follow the reader's locale: es-PY, en-US, and es-PY formats for gn.

Examples:
    >>> t("file_empty", lang="en", file="a.txt").startswith("a.txt")
    True
    >>> fmt_number(4.29, "es"), fmt_number(4617, "es"), fmt_number(4617, "en")
    ('4,29', '4.617', '4,617')
"""

from __future__ import annotations

import gettext
import os
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable

#: languages every screen, report and message exists in
LANGS = ("es", "en")
#: languages a participant or community member can choose (gn falls back to es for anything not translated)
ALL_LANGS = ("es", "en", "gn")
#: the locale whose formats each language uses (CLDR has no Guaraní data: Paraguay's Spanish formats)
LOCALES = {"es": "es_PY", "en": "en_US", "gn": "es_PY"}
#: how each language calls itself, for language switches
LANG_NAMES = {"es": "Español", "en": "English", "gn": "Avañe'ẽ"}
DOMAIN = "atlas_qual"
LOCALE_DIR = Path(__file__).with_name("locale")
_current: str | None = None


class _Catalog:
    """One language's messages: {msgid: str} and {msgid: (forms...)} for plurals, plus the plural rule."""

    def __init__(self, singular: dict[str, str], plural: dict[str, tuple[str, ...]], plural_fn) -> None:
        self.singular = singular
        self.plural = plural
        self.plural_fn = plural_fn


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def _catalog(lang: str) -> _Catalog:
    po, mo = _po_path(lang), _po_path(lang).with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with open(mo, "rb") as fh:
            tr = gettext.GNUTranslations(fh)
        singular: dict[str, str] = {}
        plural: dict[str, tuple[str, ...]] = {}
        for key, value in tr._catalog.items():  # noqa: SLF001  (the parsed .mo; gettext has no public walk)
            if isinstance(key, tuple):
                if not value or value == key[0]:  # untranslated plural compiled as its msgid
                    continue
                forms = list(plural.get(key[0], ()))
                while len(forms) <= key[1]:
                    forms.append("")
                forms[key[1]] = value
                plural[key[0]] = tuple(forms)
            elif key and value and value != key:
                singular[key] = value
        return _Catalog(singular, plural, tr.plural)
    if not po.exists():
        return _Catalog({}, {}, lambda n: int(n != 1))
    from babel.messages.pofile import read_po

    with open(po, "rb") as fh:
        cat = read_po(fh, locale=None, domain=DOMAIN)
    singular, plural = {}, {}
    for m in cat:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple):
            if all(m.string):
                plural[m.id[0]] = tuple(m.string)
        elif m.string:
            singular[m.id] = m.string
    expr = cat.plural_expr or "(n != 1)"
    return _Catalog(singular, plural, gettext.c2py(expr))


def reload() -> None:
    """Forget the loaded catalogs (after ``make i18n`` or a translator's edit in a running process)."""
    _catalog.cache_clear()


def set_lang(lang: str | None) -> None:
    """Choose the language for messages of this process (None: back to env/default)."""
    global _current
    if lang is not None and lang not in ALL_LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {ALL_LANGS}")
    _current = lang


def get_lang() -> str:
    if _current:
        return _current
    env = os.environ.get("ATLAS_QUAL_LANG", "").strip().lower()[:2]
    return env if env in ALL_LANGS else "es"


def norm_lang(lang: str | None, allowed: Iterable[str] = ALL_LANGS) -> str:
    """A language code to use: ``lang`` when allowed (``es-PY`` -> ``es``), else Spanish.

    Examples:
        >>> norm_lang("en-US"), norm_lang("gn"), norm_lang("fr"), norm_lang("gn", LANGS)
        ('en', 'gn', 'es', 'es')
    """
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in tuple(allowed) else "es"


def has(key: str, lang: str = "es") -> bool:
    """Whether ``key`` is a message of the catalogs (Spanish is the complete one)."""
    cat = _catalog(lang)
    return key in cat.singular or key in cat.plural


def _lookup(key: str, lang: str) -> str:
    for code in (lang, "es") if lang != "es" else ("es",):
        text = _catalog(code).singular.get(key)
        if text:
            return text
    raise KeyError(f"no message {key!r} in the catalogs")


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The message ``key`` in ``lang`` (default: current language) with ``params`` filled in; Guaraní falls back to
    Spanish for messages not translated yet."""
    lang = lang or get_lang()
    text = _lookup(key, lang)
    return text.format(**_fill(params, lang)) if params else text


def tn(key: str, plural_key: str, n: int, lang: str | None = None, **params: object) -> str:
    """The plural message for ``n`` (``{n}`` is filled with ``n`` in the reader's number format).

    Examples:
        >>> tn("participants_connected", "participants_connected_plural", 1, lang="es")
        '1 participante conectado'
        >>> tn("participants_connected", "participants_connected_plural", 1200, lang="es")
        '1.200 participantes conectados'
    """
    lang = lang or get_lang()
    params.setdefault("n", fmt_int(n, lang))
    for code in (lang, "es") if lang != "es" else ("es",):
        cat = _catalog(code)
        forms = cat.plural.get(key)
        if forms and all(forms):  # an untranslated plural (empty forms) falls back to Spanish
            index = min(int(cat.plural_fn(abs(int(n)))), len(forms) - 1)
            return forms[index].format(**_fill(params, lang))
    return t(key if abs(int(n)) == 1 else plural_key, lang, **params)


class Plural(int):
    """A count that a message shows with the plural form of its words in the language the message is read in, which
    is not known yet where an error is raised: ``AtlasQualError("x", codes=Plural("count_codes", 3))`` fills
    ``{codes}`` with ``tn("count_codes", "count_codes_plural", 3, lang)`` ("3 códigos" / "3 codes"). A message with
    several counts takes one per count, each with its own plural. It stays an int for code and JSON.

    Examples:
        >>> t("code_delete_unconfirmed", lang="en", code="A", codes=Plural("count_codes", 1),
        ...   codings=Plural("count_codings", 2))
        "Deleting 'A' removes 1 code and 2 codings. Confirm to delete."
    """

    def __new__(cls, key: str, n: int, **params: object) -> "Plural":
        obj = super().__new__(cls, n)
        obj.key, obj.params = key, params
        return obj

    def __getnewargs_ex__(self):  # pickling (errors cross process boundaries) rebuilds it with its key
        return (self.key, int(self)), dict(self.params)

    def text(self, lang: str | None = None) -> str:
        return tn(self.key, self.key + "_plural", int(self), lang, **self.params)


def _fill(params: dict, lang: str) -> dict:
    """``params`` with every ``Plural`` written out in ``lang``."""
    return {k: v.text(lang) if isinstance(v, Plural) else v for k, v in params.items()}


def N_(key: str) -> str:  # noqa: N802  (the gettext convention: mark a key for extraction, translate later)
    """Mark a message key built elsewhere so ``make i18n`` extracts it; returns the key unchanged."""
    return key


# --- formats ---------------------------------------------------------------------------------------------------------

def locale_of(lang: str | None = None) -> str:
    return LOCALES.get(norm_lang(lang or get_lang()), "es_PY")


def fmt_number(value: float | int | None, lang: str | None = None, digits: int = 2) -> str:
    """A number in the reader's locale with at most ``digits`` decimals (thousands grouped from 1,000 on).

    Examples:
        >>> fmt_number(0.7812, "es"), fmt_number(12345.5, "en", 1), fmt_number(None, "es")
        ('0,78', '12,345.5', '–')
    """
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    text = format_decimal(value, format=pattern, locale=locale_of(lang))
    return "0" if text in ("-0", "−0") else text


def fmt_fixed(value: float | int | None, lang: str | None = None, digits: int = 2) -> str:
    """A number with exactly ``digits`` decimals (tables where columns must line up).

    Examples:
        >>> fmt_fixed(0.5, "es"), fmt_fixed(3, "en", 1)
        ('0,50', '3.0')
    """
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=locale_of(lang))


def fmt_int(value: int | None, lang: str | None = None) -> str:
    """A count with thousands separators: ``4.617`` in Spanish, ``4,617`` in English."""
    return fmt_number(value, lang, 0)


def fmt_percent(value: float | None, lang: str | None = None, digits: int = 1) -> str:
    """A share (0..1) as a percentage in the reader's locale.

    Examples:
        >>> fmt_percent(0.649, "es"), fmt_percent(0.649, "en")   # a no-break space before % in Spanish
        ('64,9\xa0%', '64.9%')
    """
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    import decimal

    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    with decimal.localcontext() as ctx:  # halves up, as spreadsheets and the indicators round (6.25 % -> 6.3 %)
        ctx.rounding = decimal.ROUND_HALF_UP
        text = format_percent(value, format=pattern, locale=locale_of(lang))
    return text.replace("%", "\u00a0%").replace("\u00a0\u00a0%", "\u00a0%") if norm_lang(lang or get_lang()) != "en" \
        else text


def _as_datetime(value):
    """An ISO string as a datetime; a date or datetime as is; a string that is not ISO returned unchanged."""
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


def fmt_date(value: date | datetime | str | None, lang: str | None = None, form: str = "medium") -> str:
    """A date in the reader's locale (``form``: short, medium, long, ``month`` for month and year only, or
    ``numeric``: the locale's short pattern with two-digit day and month and the full year, for table columns).

    Examples:
        >>> fmt_date(date(2025, 4, 24), "es"), fmt_date("2025-04-24", "en", "month")
        ('24 abr. 2025', 'April 2025')
        >>> fmt_date(date(2025, 8, 29), "es", "numeric"), fmt_date(date(2025, 8, 29), "en", "numeric")
        ('29/08/2025', '08/29/2025')
    """
    value = _as_datetime(value)
    if value in (None, "") or isinstance(value, str):
        return value or "–"
    from babel.dates import format_date

    if isinstance(value, datetime):
        value = value.date()
    if form == "numeric":
        import re

        from babel.dates import get_date_format

        pattern = get_date_format("short", locale=locale_of(lang)).pattern  # d/M/yy (es-PY), M/d/yy (en-US)
        pattern = re.sub(r"y+", "y", re.sub(r"M+", "MM", re.sub(r"d+", "dd", pattern)))
        return format_date(value, format=pattern, locale=locale_of(lang))
    if form == "month":
        return format_date(value, format="LLLL y", locale=locale_of(lang)).capitalize() \
            if norm_lang(lang or get_lang()) == "en" else format_date(value, format="LLLL 'de' y", locale=locale_of(lang))
    return format_date(value, format=form, locale=locale_of(lang))


def fmt_datetime(value: datetime | str | None, lang: str | None = None) -> str:
    """Date and time (minutes) in the reader's locale.

    Examples:
        >>> fmt_datetime(datetime(2026, 12, 6, 18, 43, 5), "es"), fmt_datetime("2026-12-06T18:43", "en")
        ('6 dic. 2026, 18:43', 'Dec 6, 2026, 6:43\u202fPM')
    """
    value = _as_datetime(value)
    if value in (None, "") or isinstance(value, str):
        return value or "–"
    from babel.dates import format_date, format_time

    return f"{format_date(value, 'medium', locale=locale_of(lang))}, {format_time(value, 'short', locale=locale_of(lang))}"


def fmt_list(items: Iterable[str], lang: str | None = None, style: str = "standard") -> str:
    """A list in the reader's language: ``a, b y c`` / ``a, b, and c``.

    Examples:
        >>> fmt_list(["MTESS", "Fiscalía", "Policía"], "es")
        'MTESS, Fiscalía y Policía'
    """
    from babel.lists import format_list

    items = [str(i) for i in items]
    return format_list(items, style=style, locale=locale_of(lang)) if items else ""


def label(kind: str, value: str | None, lang: str | None = None) -> str:
    """The display name of a stored value (``label("territory", "alto_parana")`` -> ``Alto Paraná``): the catalog key
    ``<kind>_<value>`` when there is one, otherwise the value itself (a name typed by a user)."""
    if value in (None, ""):
        return "–"
    key = f"{kind}_{value}"
    return t(key, lang) if has(key) else str(value)


__all__ = ["LANGS", "ALL_LANGS", "LANG_NAMES", "LOCALES", "t", "tn", "N_", "has", "set_lang", "get_lang", "norm_lang",
           "reload", "fmt_number", "fmt_fixed", "fmt_int", "fmt_percent", "fmt_date", "fmt_datetime", "fmt_list",
           "label", "locale_of"]
