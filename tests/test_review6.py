"""Defects a reviewer found in round 6's change, each shown by the input that broke it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from atlas_qual.store.coding import apply_code
from atlas_qual.store.coding_io import export_codings_csv, import_codings_csv
from atlas_qual.store.models import Coding, Segment
from atlas_qual.store.transcripts import import_files

INTERVIEW = """Título: Trabajo doméstico en Luque
DMOP: CR
Territorio: Central
Entrevistadora: Ana Giménez
Entrevistada: Mirta Concepción Aquino
Seudónimo: E-07

Entrevistadora: ¿Qué pasó con la derivación?
Mirta: La derivación llegó tarde, la fiscalía tardó semanas.
"""


def test_codings_exported_with_a_redacted_file_name_import_back(project, tmp_path):
    path = tmp_path / "Entrevista_MIRTA_AQUINO.txt"
    path.write_text(INTERVIEW, encoding="utf-8")
    assert not import_files(project, [path]).errors
    with project.session() as s:
        seg_id = s.scalars(select(Segment.id).order_by(Segment.ordinal)).all()[1]
    apply_code(project, seg_id, "Procesos/Derivación", coder="ana.gimenez")
    out = tmp_path / "codings.csv"
    export_codings_csv(project, out)
    text = out.read_text(encoding="utf-8-sig")
    assert "MIRTA" not in text and "AQUINO" not in text  # the file name is redacted in the export
    with project.session() as s:
        s.execute(Coding.__table__.delete())
        s.commit()
    result = import_codings_csv(project, out)
    assert not result.errors, result.errors
    assert result.imported == 1


@pytest.mark.parametrize("text", ["Soy Trabajadora Social del municipio y no damos abasto.",
                                  "Soy Promotora Comunitaria hace diez años.", "I am Program Officer for the region.",
                                  "Soy Técnica Departamental de la gobernación.", "Soy Docente en la escuela."])
def test_a_job_after_soy_is_not_a_name(text):
    from atlas_qual.store.theme_texts import column_names

    assert column_names([text]) == []


@pytest.mark.parametrize("text,name", [("Soy Juan Carlos Benítez, del MTESS.", "Juan Carlos Benítez"),
                                       ("Me llamo Zulmira Quevedo y trabajo en la CODENI.", "Zulmira Quevedo"),
                                       ("Me llamo Nilda, trabajo en la CODENI.", "Nilda"),
                                       ("Said by John Smith at the meeting.", "John Smith")])
def test_a_name_after_an_introduction_is_still_found(text, name):
    from atlas_qual.store.theme_texts import column_names

    assert name in column_names([text])


def test_the_coding_page_quotes_a_passage_redacted_with_its_whole_turn():
    """Accepting a suggestion on "Es la N° 720012345" quoted the account number: cut from its turn, the words that
    make it an account ("la cuenta del Banco") are not in the passage."""
    from types import SimpleNamespace

    from atlas_qual.redaction import Redactor
    from atlas_qual.widgets.coding_labels import CaseLabels

    page = object.__new__(CaseLabels)
    page._redactor = Redactor()
    text = "La plata fue a la cuenta del Banco Itaú. Es la N° 720012345, según la fiscal."
    seg = SimpleNamespace(text=text)
    a = text.index("Es la")
    quote = page._quote(seg, a, len(text))
    assert "720012345" not in quote and quote.startswith("Es la N°")


@pytest.mark.parametrize("text,kept", [
    ("Se tomó en cuenta la denuncia N° 1234567/2022 del fiscal.", "1234567/2022"),
    ("A cuenta de la Resolución 123456 se pagó el viático.", "123456"),
    ("Su cuenta de ahorros recibió 2500000 el lunes.", "2500000"),
    ("Contamos uno, dos, tres, cuatro, cinco, seis, siete, nueve personas en la fila.", "siete, nueve"),
])
def test_account_and_spoken_phone_rules_leave_other_numbers(text, kept):
    from atlas_qual.redaction import Redactor

    assert kept in Redactor().redact(text)


@pytest.mark.parametrize("text,gone", [
    ("La cuenta del Banco Itaú es la N° 720012345.", "720012345"),
    ("Mi número es cero nueve ocho uno, tres cuatro cinco, seis siete ocho.", "cero nueve ocho"),
    ("Depositá en la cuenta corriente N° 12-3456789-01 del Banco Familiar.", "3456789"),
])
def test_accounts_and_spoken_phones_are_still_hidden(text, gone):
    from atlas_qual.redaction import Redactor

    assert gone not in Redactor().redact(text)


def test_everyday_nouns_are_not_taken_for_verbs_in_labels():
    from atlas_qual import theme_labels as tl

    texts = ["Falta presupuesto", "Gasto en combustible", "Viaje largo a Asunción", "Denuncia en la fiscalía",
             "Pasaron meses sin respuesta", "El trabajo es duro y largo", "No hay presupuesto para viajar",
             "La psicóloga viene una vez al mes y la red funciona cuando quiere el intendente"]
    verbs = tl.verb_forms(texts, ["es"] * len(texts))
    assert not {"presupuesto", "gasto", "viaje", "denuncia", "meses", "duro", "largo"} & verbs
    assert {"viene", "funciona"} <= verbs
    phrases = tl.candidate_phrases("Falta presupuesto", "es", verbs=verbs)
    assert "falta presupuesto" in phrases and "presupuesto" in phrases


def test_a_first_name_given_alone_is_hidden_in_what_themes_print():
    from atlas_qual.store.theme_texts import column_redactor

    texts = ["Me llamo Nilda, trabajo en la CODENI de Luque.", "Nilda dijo que no hay psicóloga.",
             "La docente Nilda es la que avisa.", "Soy Docente y nadie me capacitó."]
    r = column_redactor(texts, "es")
    out = [r.redact(t) for t in texts]
    assert not any("Nilda" in t for t in out), out
    assert "Soy Docente y nadie me capacitó." in out  # a job is left as written
