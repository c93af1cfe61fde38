"""Accent- and case-insensitive text keys: the one folding every module uses to compare what people type.

Examples:
    >>> fold("Inspección Laboral")
    'inspeccion laboral'
    >>> fold_input("  Protección   de Víctimas ")
    'proteccion de victimas'
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case-folded, accents and diacritics dropped (ñ -> n); nothing else changed (for tokens and labels)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_input(text: object) -> str:
    """:func:`fold` of what a person typed: trimmed, inner spaces collapsed, None as ""."""
    return fold(" ".join(str(text or "").split()))
