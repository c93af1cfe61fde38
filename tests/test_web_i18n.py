"""The participant page's words: every ``part_`` message exists in Spanish, English and Guaraní, store errors reach
participants in their language, and the page's templates name only messages that exist."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from atlas_qual.errors import AtlasQualError, VoteRejected
from atlas_qual.i18n import ALL_LANGS, t
from atlas_qual.web.base import error_text

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "atlas_qual" / "web"


def _catalog(lang):
    with open(ROOT / "atlas_qual" / "locale" / lang / "LC_MESSAGES" / "atlas_qual.po", "rb") as fh:
        return read_po(fh)


def test_every_participant_message_is_translated_into_guarani():
    gn = {m.id: m.string for m in _catalog("gn") if isinstance(m.id, str)}
    keys = [m.id for m in _catalog("es") if isinstance(m.id, str) and m.id.startswith("part_")]
    assert len(keys) > 60
    missing = [k for k in keys if not (gn.get(k) or "").strip()]
    assert missing == []


def test_guarani_uses_its_own_orthography_not_spanish_copies():
    gn = {m.id: m.string for m in _catalog("gn") if isinstance(m.id, str) and m.id.startswith("part_")}
    es = {m.id: m.string for m in _catalog("es") if isinstance(m.id, str) and m.id.startswith("part_")}
    same = [k for k in gn if gn[k] == es.get(k) and not re.fullmatch(r"[\W\d{}a-z_ ]*", gn[k])]
    assert same == []
    text = " ".join(gn.values())
    for letter in ("ã", "ẽ", "ĩ", "õ", "ũ", "ỹ", "g̃", "'"):
        assert letter in text, letter


def test_every_message_the_templates_and_handlers_name_exists_in_every_language():
    named = set()
    for path in list(WEB.rglob("*.html")) + list(WEB.rglob("*.py")):
        named |= set(re.findall(r"""\b(?:t|tr)\(\s*["'](part_[a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    assert len(named) > 30
    for key in sorted(named):
        for lang in ALL_LANGS:
            assert t(key, lang=lang) != key, (key, lang)


def test_store_errors_reach_participants_in_their_language():
    closed = VoteRejected("wsapp_round_closed", round="ronda 1 (filtro)")
    assert error_text(closed, "gn") == t("part_err_round_closed", lang="gn")
    assert "oñembotýma" in error_text(closed, "gn")
    taken = AtlasQualError("wsapp_nickname_taken", nickname="Rosa")
    assert error_text(taken, "en") == ("“Rosa” is already taken in this workshop. If it is you on another phone, "
                                       "ask the facilitator to release your nickname (your answers are kept); "
                                       "otherwise choose another name.")
    assert "Rosa" in error_text(taken, "gn")
    # an error without a participant wording falls back to the store's message, never to a key
    other = AtlasQualError("wsapp_not_authorized", code="AB3K9Z")
    assert error_text(other, "gn") == other.message("gn") and "wsapp_" not in error_text(other, "gn")


def test_default_questions_have_short_phone_wording_in_every_language():
    from atlas_qual import workshop as core
    from atlas_qual.web.ballot import question_label

    for config in (core.gap_prioritization_config(), core.learning_workshop_config()):
        for q in (*config.gates, *config.criteria):
            for lang in ALL_LANGS:
                label = question_label(q.key, q.label_es, q.label(lang), config.kind, lang)
                assert label == t(f"part_q_{q.key.lower()}", lang=lang)
    # a question the facilitator rewrote is shown as written
    assert question_label("C1", "Otra pregunta", "Otra pregunta", "gaps", "gn") == "Otra pregunta"
