"""The redactor of what reports print: the project's, plus a listed surname written alone, and the analysts' stored
texts through it (split from :mod:`atlas_qual.store.report_data`)."""

from __future__ import annotations

import re
from typing import Any, Mapping

from sqlalchemy import select

from atlas_qual.store.db import Project
from atlas_qual.store.models import Dmop, Institution, Territory


class _Identity:
    def redact(self, text: str) -> str:
        return text


_ACCENTS = {"a": "aáàâä", "e": "eéèêë", "i": "iíìîï", "o": "oóòôö", "u": "uúùûü", "n": "nñ"}


def _loose(word: str) -> str:
    """A regex for ``word`` ignoring accents and the case of all but the first letter ("Benitez" ~ "Benítez")."""
    from atlas_qual.store.transcripts import fold

    out = []
    for i, ch in enumerate(fold(word)):
        chars = _ACCENTS.get(ch, ch)
        if i == 0:
            chars = "".join(c.upper() for c in chars)
        else:
            chars = chars + "".join(c.upper() for c in chars)
        out.append(f"[{re.escape(chars)}]" if len(chars) > 1 else re.escape(chars))
    return "".join(out)


class _ReportRedactor:
    """The project's redactor, then one more pass for reports: a listed person's surname written alone and
    capitalised ("llamar a Benítez") becomes the placeholder too. The project redactor leaves bare surnames alone
    because in other outputs they may be ordinary words; in a report that leaves the store, a listed surname is
    treated as a name unless it is part of a place, institution or DMOP name."""

    def __init__(self, base, names: dict[str, str], vocabulary: set[str], placeholder: str) -> None:
        from atlas_qual.store.transcripts import fold

        self.base = base
        surnames: dict[str, str] = {}
        for real, replacement in names.items():
            words = real.split()
            for word in words[1:]:
                key = fold(word)
                if len(key) < 4 or key in vocabulary:
                    continue
                # a surname alone may be a relative or a namesake: the placeholder, never the person's pseudonym
                surnames[key] = placeholder
        self._table = surnames
        self._re = re.compile(r"(?<![\w\[])(" + "|".join(_loose(w) for w in sorted(surnames, key=len, reverse=True))
                              + r")(?![\w\]])") if surnames else None

    def redact(self, text: str) -> str:
        from atlas_qual.store.transcripts import fold

        text = self.base.redact(text)
        if self._re is None or not text:
            return text
        return self._re.sub(lambda m: self._table.get(fold(m.group(1)), m.group(1)), text)


_CONTENT_KEYS = frozenset({"id", "dmop", "criterion", "priority", "type", "kind", "evidence", "quotes", "draft",
                           "segment_id", "section"})


def redact_content(value: Any, red, key: str | None = None) -> Any:
    """The analysts' stored texts (findings, conclusions, lessons, recommendations, quote translations) through the
    report's redactor: an analyst who writes a name, a phone or a cédula into a finding does not print it. Ids,
    criteria and other fixed choices are left as they are."""
    if isinstance(value, str):
        return value if key in _CONTENT_KEYS else red.redact(value)
    if isinstance(value, Mapping):
        return {k: redact_content(v, red, k if isinstance(k, str) else key) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_content(v, red, key) for v in value]
    return value


def quote_translation(item: dict | None, original: str) -> str:
    """The analysts' English for a quote, only when its recorded original matches the quote's own words."""
    if not item:
        return ""
    start = " ".join((item.get("original") or "").split())[:60]
    return item["en"] if not start or " ".join(original.split()).startswith(start) else ""


class Swap:
    """A redactor, then whole-word replacements (pseudonym -> report code)."""

    def __init__(self, base, table: dict[str, str]) -> None:
        self.base, self.table = base, table
        self._re = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
                              + r")(?![\w-])") if table else None

    def redact(self, text: str) -> str:
        text = self.base.redact(text)
        return self._re.sub(lambda m: self.table[m.group(1)], text) if self._re is not None and text else text


def report_redactor(project: Project, lang: str, redact: bool):
    """The redactor of everything a report or its companion files print (``.redact(text)``): the project's names,
    phones, cédulas and e-mails, plus a listed person's surname written alone (:class:`_ReportRedactor`); a
    pass-through when ``redact`` is False."""
    if not redact:
        return _Identity()
    from atlas_qual.i18n import t
    from atlas_qual.store.case_values import fold
    from atlas_qual.store.project_redaction import project_redactor, redaction_names

    base = project_redactor(project, lang)
    with project.session() as s:
        names = redaction_names(s)
        vocabulary = set()
        for row in s.scalars(select(Territory)):
            vocabulary.update(fold(w) for w in f"{row.name} {row.name_en}".split())
        for row in s.scalars(select(Institution)):
            vocabulary.update(fold(w) for w in f"{row.id} {row.name_es} {row.name_en}".split())
        for row in s.scalars(select(Dmop)):
            vocabulary.update(fold(w) for w in f"{row.name_es} {row.name_en}".split())
    return _ReportRedactor(base, names, vocabulary, t("redaction_name", lang=lang))


__all__ = ["report_redactor", "redact_content", "quote_translation", "Swap"]
