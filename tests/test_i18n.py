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
    ("es", "Demostración creada en demo: 1 transcripción, 1 segmento, 1 codificación y 1 sesión de taller.",
     "Demostración creada en demo: 2 transcripciones, 2 segmentos, 2 codificaciones y 2 sesiones de taller."),
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


# "{n} personas", "{codings} codificaciones": a count written before a fixed plural noun reads "1 personas" when it is 1.
_COUNT_BEFORE_PLURAL = {"es": re.compile(r"\{(\w+)\} ([a-záéíóúñ]+s)\b"), "en": re.compile(r"\{(\w+)\} ([a-z]+s)\b")}
# fields that name a thing, never a count of the word after them ("{file} is", "{dmop} guardados", "{row} holds")
_NOT_COUNTS = {"file", "path", "folder", "target", "out", "dmop", "session", "id", "end", "row", "source", "code",
               "template"}
# words after a count that are not a plural noun ("{total} across the project")
_NOT_NOUNS = {"es", "is", "was", "has", "does", "across"}
# (message, field): why the count never reads wrong
_COUNT_EXCEPTIONS = {
    ("themes_too_little_text", "min_texts"): "fixed minimum MIN_TEXTS = 10",
    ("themes_too_little_text", "min_words"): "fixed minimum MIN_CONTENT_WORDS = 50",
    ("themes_store_too_little", "min_texts"): "fixed minimum MIN_TEXTS = 10",
    ("themes_store_too_little", "min_words"): "fixed minimum MIN_CONTENT_WORDS = 50",
    ("themes_texts_too_little", "min_texts"): "fixed minimum MIN_TEXTS = 10",
    ("themes_texts_too_little", "min_words"): "fixed minimum MIN_CONTENT_WORDS = 50",
    ("themes_texts_too_little_non_answers", "min_texts"): "fixed minimum MIN_TEXTS = 10",
    ("themes_texts_too_little_non_answers", "min_words"): "fixed minimum MIN_CONTENT_WORDS = 50",
    ("wsapp_table_too_long", "limit"): "fixed maximum MAX_TABLE_ROWS",
    ("wsapp_nickname_too_long", "limit"): "fixed maximum NICKNAME_MAX",
    ("workshop_bad_join_code", "length"): "fixed JOIN_CODE_LENGTH",
    ("admin_too_long_for_target", "length"): "only raised when the length is above a column limit",
    ("bok_title_too_long", "length"): "only raised when the length is above TITLE_MAX",
    ("cycle_rec_too_long", "length"): "only raised when the length is above TEXT_MAX",
    ("themes_store_label_too_long", "n"): "only raised when the length is above MAX_LABEL",
    ("safezip_too_many_members", "count"): "only raised when the count is above the maximum number of members",
    ("report_funding_amount", "amount"): "an amount of money, written with its currency",
}


def _keys_the_code_names():
    # every quoted literal of the package: keys passed to t/tn/Plural, to errors, warnings and helper methods
    names = set()
    for path in (ROOT / "atlas_qual").rglob("*"):
        if path.suffix in (".py", ".html", ".js"):
            names.update(re.findall(r"""["']([a-z][a-z0-9_]*)["']""", path.read_text(encoding="utf-8")))
    return names


def test_no_used_message_writes_a_count_before_a_plural_noun_outside_a_plural_form():
    used = _keys_the_code_names()
    bad = []
    for lang, pattern in _COUNT_BEFORE_PLURAL.items():
        for m in _catalog(lang):
            if not m.id or not isinstance(m.id, str) or m.id not in used or not m.string:
                continue
            for field, word in pattern.findall(m.string):
                if field in _NOT_COUNTS or word in _NOT_NOUNS or (m.id, field) in _COUNT_EXCEPTIONS:
                    continue
                bad.append((lang, m.id, f"{{{field}}} {word}"))
    assert not bad, bad


def test_the_count_exceptions_still_name_real_messages_and_fields():
    es = _catalog("es")
    for key, field in _COUNT_EXCEPTIONS:
        assert es.get(key) is not None and f"{{{field}}}" in es.get(key).string, (key, field)


def _p(key, n, **params):
    from atlas_qual.i18n import Plural

    return Plural(key, n, **params)


# rewritten messages, filled as their callers fill them, with counts of 1 and of 2
@pytest.mark.parametrize("key, params, es_1, en_1, es_2, en_2", [
    ("report_method_coding2",
     lambda n: dict(codings=_p("count_codings", n), codes=_p("count_distinct_codes", n),
                    coders=_p("count_coder_people", n), coverage="x"),
     "1 codificación con 1 código distinto, de 1 persona codificadora;", "1 coding with 1 distinct code, by 1 coder;",
     "2 codificaciones con 2 códigos distintos, de 2 personas codificadoras;",
     "2 codings with 2 distinct codes, by 2 coders;"),
    ("report_meetings_intro",
     lambda n: dict(n=_p("count_meetings", n), people=_p("count_attendances", n),
                    institutions=_p("count_institutions", n), first="a", last="b"),
     "registró 1 reunión del DMOP entre el a y el b, con 1 asistencia de 1 institución.",
     "recorded 1 meeting of the DMOP between a and b, with 1 attendance from 1 institution.",
     "registró 2 reuniones del DMOP entre el a y el b, con 2 asistencias de 2 instituciones.",
     "recorded 2 meetings of the DMOP between a and b, with 2 attendances from 2 institutions."),
    ("report_method_agreement_units",
     lambda n: dict(units=_p("count_segments", n), percent="90 %", alpha="0,8", kappa="0,7"),
     "sobre 1 segmento que", "over 1 segment both", "sobre 2 segmentos que", "over 2 segments both"),
    ("workshop_report_summary",
     lambda n: dict(n=_p("count_participants_voted", n), items=_p("count_gaps", n),
                    qualifying=_p("count_items_qualified", n, rule="r", procedure="p")),
     "1 participante votó sobre 1 brecha. 1 cumplió la regla de filtro «r» según el procedimiento p y pasó",
     "1 participant voted on 1 gap. 1 met the gate rule",
     "2 participantes votaron sobre 2 brechas. 2 cumplieron la regla de filtro «r» según el procedimiento p y pasaron",
     "2 participants voted on 2 gaps. 2 met the gate rule"),
    ("learning_report_vote",
     lambda n: dict(yes=1, no=0, voters=_p("count_participants_who_voted", n), pct="x", rule="r", date="d"),
     "de 1 participante que votó (", "of 1 participant who voted (",
     "de 2 participantes que votaron (", "of 2 participants who voted ("),
    ("register_import_refused", lambda n: dict(file="f.csv", n=_p("count_rows_with_errors", n)),
     "f.csv: no se importó nada porque hay 1 fila con errores (abajo).",
     "f.csv: nothing was imported because of 1 row with errors (below).",
     "porque hay 2 filas con errores (abajo).", "because of 2 rows with errors (below)."),
    ("project_exists_demo", lambda n: dict(path="p", transcripts=_p("count_transcripts", n)),
     "p ya contiene datos (1 transcripción);", "p already holds data (1 transcript);",
     "p ya contiene datos (2 transcripciones);", "p already holds data (2 transcripts);"),
    ("transcript_warn_not_interview",
     lambda n: dict(file="f.txt", labels=_p("count_word_labels", n), speakers=_p("count_distinct_speakers", n)),
     "(1 etiqueta «Palabra:» de 1 hablante distinto,", '(1 "Word:" label from 1 different speaker,',
     "(2 etiquetas «Palabra:» de 2 hablantes distintos,", '(2 "Word:" labels from 2 different speakers,'),
    ("refi_io_warn_crossing", lambda n: dict(file="p.qdpx", count=_p("count_codings_crossing", n)),
     "p.qdpx: 1 codificación abarca más de un segmento; se guardó", "p.qdpx: 1 coding spans more than one segment; it was",
     "p.qdpx: 2 codificaciones abarcan más de un segmento; se guardaron",
     "p.qdpx: 2 codings span more than one segment; they were"),
])
def test_rewritten_messages_agree_with_a_count_of_one_and_of_two(key, params, es_1, en_1, es_2, en_2):
    assert es_1 in t(key, lang="es", **params(1))
    assert en_1 in t(key, lang="en", **params(1))
    assert es_2 in t(key, lang="es", **params(2))
    assert en_2 in t(key, lang="en", **params(2))


def test_report_content_import_line_agrees_with_each_count():
    from atlas_qual.commands.reports import content_imported_text

    def result(n, drafts):
        return {"dmop": "MAUEP", "file": "t.xlsx", "questions": n, "conclusions": n, "lessons": n,
                "recommendations": n, "drafts": drafts}

    assert content_imported_text(result(1, 1), "es").endswith(
        "1 pregunta, 1 conclusión, 1 lección, 1 recomendación (1 aún en borrador).")
    assert content_imported_text(result(1, 1), "en").endswith(
        "1 question, 1 conclusion, 1 lesson, 1 recommendation (1 still a draft).")
    assert content_imported_text(result(2, 2), "es").endswith(
        "2 preguntas, 2 conclusiones, 2 lecciones, 2 recomendaciones (2 aún en borrador).")
    assert content_imported_text(result(2, 2), "en").endswith(
        "2 questions, 2 conclusions, 2 lessons, 2 recommendations (2 still drafts).")


def test_too_little_text_for_themes_agrees_with_one_segment():
    from atlas_qual.errors import AtlasQualError
    from atlas_qual.themes import extract_themes

    with pytest.raises(AtlasQualError) as err:
        extract_themes(["Falta presupuesto."], lang="es")
    assert "1 segmento con texto y 2 palabras con contenido" in err.value.message("es")
    assert "1 segment with text and 2 content words" in err.value.message("en")
    assert err.value.params["n"] == 1  # still a number for --json
