"""The gettext catalogs: complete in Spanish and English, placeholders kept in every translation, Guaraní falling back
to Spanish, and numbers, dates and lists in the reader's locale."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from atlas_qual import i18n
from atlas_qual.i18n import fmt_date, fmt_int, fmt_list, fmt_number, fmt_percent, t, tn

ROOT = Path(__file__).resolve().parents[1]


def _catalog(lang):
    with open(ROOT / "atlas_qual" / "locale" / lang / "LC_MESSAGES" / "atlas_qual.po", "rb") as fh:
        return read_po(fh)


def _fields(text):
    # a field may carry its language ({code_es} / {code_en}): the same field in each language
    return {f[:-3] + "_<lang>" if f[-3:] in ("_es", "_en", "_gn") else f
            for _, f, _, _ in string.Formatter().parse(text) if f}


def _strings(message):
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_every_spanish_message_has_an_english_one_with_the_same_placeholders():
    es, en = _catalog("es"), _catalog("en")
    assert len(es) > 1000
    for m in es:
        if not m.id:
            continue
        other = en.get(m.id if isinstance(m.id, str) else m.id[0])
        assert other is not None and all(s.strip() for s in _strings(other)), m.id
        for a, b in zip(_strings(m), _strings(other)):
            assert _fields(a) == _fields(b), m.id


def test_guarani_translations_keep_the_placeholders_and_are_marked_for_review():
    es, gn = _catalog("es"), _catalog("gn")
    po_text = (ROOT / "atlas_qual/locale/gn/LC_MESSAGES/atlas_qual.po").read_text(encoding="utf-8")
    assert "hablante nativa" in po_text  # the note asking a native speaker to review
    for m in gn:
        if not m.id or not all(_strings(m)):
            continue
        ref = es.get(m.id if isinstance(m.id, str) else m.id[0])
        assert ref is not None, m.id
        assert _fields(_strings(m)[0]) == _fields(_strings(ref)[0]), m.id


def test_guarani_falls_back_to_spanish_never_to_a_key():
    untranslated = next(m.id for m in _catalog("gn") if m.id and isinstance(m.id, str) and not m.string)
    assert t(untranslated, lang="gn") == t(untranslated, lang="es")
    assert t(untranslated, lang="gn") != untranslated


def test_unknown_key_is_a_programming_error():
    with pytest.raises(KeyError):
        t("no_such_message_key", lang="es")


def test_plural_forms():
    assert tn("participants_connected", "participants_connected_plural", 1, lang="es") == "1 participante conectado"
    assert tn("participants_connected", "participants_connected_plural", 2, lang="en") == "2 participants connected"
    assert "4.617" in tn("participants_connected", "participants_connected_plural", 4617, lang="es")


def test_numbers_in_the_readers_locale():
    assert fmt_number(4.29, "es") == "4,29"
    assert fmt_number(4.29, "en") == "4.29"
    assert fmt_int(4617, "es") == "4.617"
    assert fmt_int(4617, "en") == "4,617"
    assert fmt_int(4617, "gn") == "4.617"  # gn uses Paraguay's Spanish formats
    assert fmt_percent(0.649, "es") == "64,9\u00a0%"
    assert fmt_percent(0.649, "en") == "64.9%"


def test_dates_and_lists_in_the_readers_locale():
    assert fmt_date(date(2025, 4, 24), "es", "month") == "abril de 2025"
    assert fmt_date(date(2025, 4, 24), "en", "month") == "April 2025"
    assert fmt_list(["MTESS", "Fiscalía", "Policía"], "es") == "MTESS, Fiscalía y Policía"
    assert fmt_list(["MTESS", "Prosecutors", "Police"], "en") == "MTESS, Prosecutors, and Police"


def test_compiled_catalog_gives_the_same_messages(tmp_path, monkeypatch):
    # a fresh clone has only .po files; `make install` compiles .mo. Both must answer the same.
    from_po = t("file_empty", lang="en", file="x.txt")
    subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "compile"], check=True)
    i18n.reload()
    try:
        assert t("file_empty", lang="en", file="x.txt") == from_po
    finally:
        i18n.reload()


def test_every_key_the_code_names_is_in_the_catalogs():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]


# every stored value a page, workbook or report shows: (kind of label, values)
def _stored_values():
    from atlas_qual.store import models

    return {
        "session_kind": models.SESSION_KINDS,
        "round_kind": models.ROUND_KINDS,
        "round_state": models.ROUND_STATES,
        "phase": models.DMOP_PHASES,
        "workgroup_role": models.WORKGROUP_ROLES,
        "coding_origin": models.CODING_ORIGINS,
        "mode": ("in_person", "phone", "online"),
        "coordination_change": ("increase", "no_change", "decrease"),
        "evidence": ("strong", "moderate", "limited", "none"),
        "plan_status": ("draft", "submitted", "approved"),
        "rec_status": ("proposed", "endorsed", "rejected"),
        "session_status": ("open", "finished"),
        "gender": ("f", "m", "x"),
        "channel": ("facebook", "whatsapp", "radio_comunitaria"),
        "language": ("es", "en", "gn", "mixed"),
        "territory": ("alto_parana", "neembucu", "san_pedro", "boqueron", "asuncion_central"),
    }


def test_every_stored_value_has_a_display_name_in_spanish_and_english_never_the_raw_key():
    from atlas_qual.i18n import label

    missing = []
    for kind, values in _stored_values().items():
        for value in values:
            for lang in ("es", "en", "gn"):
                shown = label(kind, value, lang)
                if shown == value and "_" in value or shown == f"{kind}_{value}":
                    missing.append((kind, value, lang))
            if value not in ("facebook", "whatsapp") and kind != "territory":
                assert label(kind, value, "es") != value, (kind, value)
    assert not missing, missing


def test_territories_read_as_names():
    from atlas_qual.i18n import label

    assert label("territory", "asuncion_central", "es") == "Asunción y Central"
    assert label("territory", "asuncion_central", "en") == "Asunción and Central"
    assert label("territory", "alto_parana", "gn") == "Alto Paraná"
    assert label("territory", "somewhere_new", "es") == "somewhere_new"  # a value typed by a user stays itself


def test_untranslated_guarani_plural_falls_back_to_spanish_with_compiled_catalogs():
    subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "compile"], check=True)
    i18n.reload()
    try:
        gn = _catalog("gn")
        es = _catalog("es")
        key = next((m.id for m in gn if isinstance(m.id, tuple) and not all(m.string)
                    and _fields(" ".join(_strings(es.get(m.id[0])))) <= {"n"}), None)
        if key is None:
            pytest.skip("every plural has a Guaraní translation")
        text = tn(key[0], key[1], 3, lang="gn")
        assert text == tn(key[0], key[1], 3, lang="es")
        assert key[0] not in text
    finally:
        i18n.reload()


def test_docstring_examples_of_the_i18n_module_run():
    import doctest

    failures, tried = doctest.testmod(i18n, optionflags=doctest.ELLIPSIS)
    assert tried >= 8 and failures == 0


# "3 sesión(es)", "{n} código(s)", "row(s)": a count written as a machine would; every count has real plural forms
_PAREN_PLURAL = re.compile(r"\w\((?:s|es|a|as|os)\)")


def test_no_catalog_message_writes_a_plural_with_parentheses():
    bad = [(lang, m.id) for lang in ("es", "en") for m in _catalog(lang)
           if m.id and any(_PAREN_PLURAL.search(s) for s in _strings(m))]
    assert not bad, bad


@pytest.mark.parametrize("lang, one, two", [
    ("es", "Demo construida en demo: 1 transcripción, 1 segmento, 1 codificación y 1 sesión de taller.",
     "Demo construida en demo: 2 transcripciones, 2 segmentos, 2 codificaciones y 2 sesiones de taller."),
    ("en", "Demo built at demo: 1 transcript, 1 segment, 1 coding and 1 workshop session.",
     "Demo built at demo: 2 transcripts, 2 segments, 2 codings and 2 workshop sessions."),
])
def test_demo_summary_line_agrees_with_each_count(lang, one, two):
    from atlas_qual.commands.project import demo_done_text

    def summary(n):
        return {"transcripts": n, "segments": n, "codings": n, "sessions": n, "coders": 3, "gaps": 9, "dmops": 3}

    assert demo_done_text("demo", summary(1), lang) == one
    assert demo_done_text("demo", summary(2), lang) == two
    mixed = demo_done_text("demo", {**summary(4617), "sessions": 1}, lang)
    assert ("4.617 segmentos" if lang == "es" else "4,617 segments") in mixed
    assert mixed.endswith(" 1 sesión de taller." if lang == "es" else " 1 workshop session.")


def test_table_import_error_agrees_with_the_number_of_bad_rows_in_the_language_it_is_read_in():
    from atlas_qual.store.gaps import RowError, RowErrors

    one = RowErrors("brechas.csv", [RowError("brechas.csv", 3, "falta el título")])
    assert one.message("es") == ("brechas.csv: 1 fila con errores, no se importó nada. Fila 3: falta el título. "
                                 "Corrija esa fila y vuelva a importar el archivo.")
    assert one.message("en").startswith("brechas.csv: 1 row with errors, nothing was imported. Row 3: ")
    assert "Fix that row" in one.message("en")
    two = RowErrors("brechas.csv", [RowError("brechas.csv", 3, "a"), RowError("brechas.csv", 5, "b")])
    assert two.message("es").startswith("brechas.csv: 2 filas con errores, no se importó nada. Filas 3: a; 5: b.")
    assert "Corrija esas filas" in two.message("es")
    assert two.message("en").startswith("brechas.csv: 2 rows with errors, nothing was imported. Rows 3: a; 5: b.")
    assert two.params["rows"] == 2  # the count stays a number for code and JSON


def test_codings_import_failure_line_agrees_with_the_number_of_bad_rows():
    from atlas_qual.store.coding_io import CodingsImport, RowError

    one = CodingsImport("/tmp/cod.csv", errors=[RowError(4, "x")]).messages
    two = CodingsImport("/tmp/cod.csv", errors=[RowError(4, "x"), RowError(7, "y")]).messages
    assert one("es")[-1].startswith("cod.csv: 1 fila con errores;") and "Corrija la fila " in one("es")[-1]
    assert two("es")[-1].startswith("cod.csv: 2 filas con errores;") and "Corrija las filas " in two("es")[-1]
    assert one("en")[-1].startswith("cod.csv: 1 row with errors;") and "Fix the row " in one("en")[-1]
    assert two("en")[-1].startswith("cod.csv: 2 rows with errors;") and "Fix the rows " in two("en")[-1]


def test_a_plural_count_in_an_error_is_written_in_the_language_the_error_is_read_in():
    import json
    import pickle

    from atlas_qual.errors import AtlasQualError
    from atlas_qual.i18n import Plural

    err = AtlasQualError("code_delete_unconfirmed", code="Temas", codes=Plural("count_codes", 1),
                         codings=Plural("count_codings", 2))
    assert err.message("es") == "Borrar 'Temas' elimina 1 código y 2 codificaciones. Confirme para borrar."
    assert err.message("en") == "Deleting 'Temas' removes 1 code and 2 codings. Confirm to delete."
    assert json.dumps(err.params) == '{"code": "Temas", "codes": 1, "codings": 2}'
    assert pickle.loads(pickle.dumps(err.params["codings"])).text("en") == "2 codings"
