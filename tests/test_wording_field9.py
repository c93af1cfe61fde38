"""Spanish wording before the tool is shown to ministries and the donor: one term per concept (docs/glossary_es.md),
headings in sentence case and every Spanish question or exclamation opened with ¿ or ¡, over every Spanish message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from atlas_qual.i18n import t

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary_es.md"

# (message key, avoided term) pairs that are legitimate: keep this list short and say why
EXCEPTIONS = {
    # the one place that glosses the project's English word for the role
    ("workshop_report_workgroups_intro", "champions"),
}


def _spanish_messages() -> dict[str, str]:
    with open(ROOT / "atlas_qual" / "locale" / "es" / "LC_MESSAGES" / "atlas_qual.po", "rb") as fh:
        catalog = read_po(fh)
    out = {}
    for m in catalog:
        if not m.id:
            continue
        key = m.id if isinstance(m.id, str) else m.id[0]
        forms = [m.string] if isinstance(m.string, str) else list(m.string)
        # placeholders ({item}, %(prog)s) and command-line options (--shortlist) are not words a reader sees
        text = " ||| ".join(forms)
        text = re.sub(r"\{[^{}]*\}|%\([a-z_]+\)[a-z]|--[a-z][a-z0-9-]*", " ", text)
        out[key] = text
    return out


def _glossary_rows() -> list[tuple[str, list[str]]]:
    """(used term, avoided terms) for each row of the glossary table."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("Concepto (inglés)", "---"):
            continue
        rows.append((cells[1], re.findall(r"`([^`]+)`", cells[2])))
    return rows


def _word(term: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


MESSAGES = _spanish_messages()


def test_the_glossary_lists_avoided_terms_for_the_audited_concepts():
    avoided = {term for _used, terms in _glossary_rows() for term in terms}
    for term in ("tramo", "entrevistados", "votante", "facilitador", "campeón", "ítem", "ranking", "IQR",
                 "relevante", "agencias", "sin redactar", "email", "resetear", "remover", "en orden de", "tópico"):
        assert term in avoided, term


@pytest.mark.parametrize("term", sorted({term for _used, terms in _glossary_rows() for term in terms}))
def test_no_spanish_message_uses_a_term_the_glossary_avoids(term):
    pattern = _word(term)
    found = sorted(f"{key}: {text[:120]}" for key, text in MESSAGES.items()
                   if pattern.search(text) and (key, term) not in EXCEPTIONS)
    assert not found, f"«{term}» (see docs/glossary_es.md):\n" + "\n".join(found)


def test_multiword_terms_are_written_in_sentence_case():
    small = {"de", "del", "la", "las", "los", "el", "y", "o", "en", "a", "por", "con"}
    title_cased = []
    for used, _avoided in _glossary_rows():
        for phrase in re.split(r"[;,]|\(|\)", used):
            words = phrase.split()
            if len(words) < 2 or not phrase.strip().islower():
                continue
            title = " ".join(w if w in small else w[:1].upper() + w[1:] for w in words)
            title_cased.append(title)
    assert "Lista Corta" in title_cased and "Ronda De Filtro" not in title_cased
    bad = sorted(f"{key}: {title}" for key, text in MESSAGES.items() for title in title_cased if title in text)
    assert not bad, bad


def test_every_spanish_question_and_exclamation_opens_with_its_inverted_mark():
    bad = []
    for key, text in MESSAGES.items():
        for form in text.split(" ||| "):
            for close, opening in (("?", "¿"), ("!", "¡")):
                depth = 0
                for ch in form:
                    if ch == opening:
                        depth += 1
                    elif ch == close:
                        if depth == 0:
                            bad.append(f"{key}: {form[:120]}")
                            break
                        depth -= 1
                if form.count(opening) != form.count(close):
                    bad.append(f"{key}: {form[:120]}")
    assert not bad, "\n".join(sorted(set(bad)))


def test_what_a_reader_sees_after_the_audit():
    # a report that keeps personal data says so with the word that means "hide", not "draft"
    assert "sin ocultar" in t("report_not_redacted", lang="es")
    assert t("reports_app_redact", lang="es") == "Ocultar datos personales (recomendado)"
    # participants and the facilitator page name the same role the same way
    assert "persona facilitadora" in t("part_waiting", lang="es")
    assert t("wsapp_ui_enter_key", lang="es") == "Clave de facilitación"
    assert t("wsapp_role_champion", lang="es") == t("workgroup_role_champion", lang="es") == "Referente"
    # the gate round has one name everywhere
    assert t("round_kind_gate", lang="es") == "Ronda de filtro"
    # the English and Guaraní texts were kept when only the Spanish changed
    assert t("round_kind_gate", lang="en") != t("round_kind_gate", lang="es")
    assert "facilitator" in t("part_waiting", lang="en").lower()
