"""The translation table: every string a user reads, in Spanish (default) and English.

Messages live in ``atlas_qual/_messages/<area>.py`` as ``MESSAGES = {key: (es, en)}``; this module joins
them into one table so each area of the code keeps its strings next to it without sharing a file.

Examples:
    >>> t("file_empty", lang="en", file="a.txt").startswith("a.txt")
    True
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from functools import lru_cache

LANGS = ("es", "en")
_current: str | None = None


@lru_cache(maxsize=1)
def table() -> dict[str, tuple[str, str]]:
    import atlas_qual._messages as pkg

    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"atlas_qual._messages.{info.name}")
        for key, pair in getattr(module, "MESSAGES", {}).items():
            if key in merged and merged[key] != pair:
                raise ValueError(f"message key {key!r} defined twice ({info.name})")
            merged[key] = pair
    return merged


def set_lang(lang: str | None) -> None:
    """Choose the language for messages of this process (None: back to env/default)."""
    global _current
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGS}")
    _current = lang


def get_lang() -> str:
    if _current:
        return _current
    env = os.environ.get("ATLAS_QUAL_LANG", "").strip().lower()[:2]
    return env if env in LANGS else "es"


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The message ``key`` in ``lang`` (default: current language) with ``params`` filled in."""
    lang = lang or get_lang()
    pair = table().get(key)
    if pair is None:
        raise KeyError(f"no message {key!r} in the translation table")
    text = pair[LANGS.index(lang)]
    return text.format(**params) if params else text
