"""Spanish terms of art in English reports, glossed where a reader first meets them: "criadazgo (child domestic
servitude)". The term stays in Spanish (it names a Paraguayan practice the donor's own reports call by that name);
the gloss, from the catalogs, says what it is once. Quotes and texts marked "[Spanish original]" are Spanish as a
whole and are left as they are; so are headings (the gloss goes in the text under them).

Examples:
    >>> import docx
    >>> doc = docx.Document()
    >>> _ = doc.add_paragraph("Criadazgo", style="Heading 1")
    >>> _ = doc.add_paragraph("It explains what child labor and criadazgo are; criadazgo is common.")
    >>> gloss_terms(doc, "en")
    1
    >>> doc.paragraphs[1].text
    'It explains what child labor and criadazgo (child domestic servitude) are; criadazgo is common.'
    >>> gloss_terms(doc, "en"), gloss_terms(doc, "es")  # once only; Spanish reports need no gloss
    (0, 0)
"""

from __future__ import annotations

import re
from typing import Iterator

from atlas_qual.i18n import t

#: the Spanish terms an English report keeps in Spanish, each with its catalog gloss ``report_gloss_<term>``
TERMS = ("criadazgo",)
_SKIP_STYLES = ("Heading", "TOC", "Quote", "Title", "Subtitle")


def _paragraphs(doc) -> Iterator:
    """The body's paragraphs in reading order, those in table cells included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = doc.element.body
    for el in body.iterchildren():
        if el.tag.endswith("}p"):
            yield Paragraph(el, doc._body)
        elif el.tag.endswith("}tbl"):
            for row in Table(el, doc._body).rows:
                for cell in row.cells:
                    yield from cell.paragraphs


def gloss_terms(doc, lang: str) -> int:
    """Gloss each term of :data:`TERMS` at its first use in the running text of an English ``doc``; returns how
    many were glossed (none when the document already glosses them: writing a report twice glosses once)."""
    if lang != "en":
        return 0
    marked = t("report_mark_original", lang=lang)
    done = 0
    for term in TERMS:
        gloss = t(f"report_gloss_{term}", lang=lang)
        word = re.compile(rf"\b{term}\b(?!\s*\({re.escape(gloss)})", re.I)
        glossed = re.compile(rf"\b{term}\s*\({re.escape(gloss)}\)", re.I)
        paragraphs = list(_paragraphs(doc))
        if any(glossed.search(p.text) for p in paragraphs):
            continue
        for p in paragraphs:
            if not word.search(p.text) or marked in p.text:
                continue
            style = p.style.name if p.style is not None else ""
            if style.startswith(_SKIP_STYLES):
                continue
            run = next((r for r in p.runs if word.search(r.text)), None)
            if run is None:  # the word split across runs (formatting inside it): the next use
                continue
            run.text = word.sub(lambda m: f"{m.group(0)} ({gloss})", run.text, count=1)
            done += 1
            break
    return done


__all__ = ["TERMS", "gloss_terms"]
