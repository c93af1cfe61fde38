"""Outputs that still showed names (round 8): the codebook's edit-and-reimport files (YAML, CSV) printed definitions
and examples as typed, often a quote naming someone; and `import` echoed a transcript's file name, often the
interviewee's own name. Both are now redacted by default, and a redacted codebook imported back keeps the names in
the texts nobody edited."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
import yaml

from atlas_qual.store import open_project


@pytest.fixture()
def project(tmp_path):
    from atlas_qual.store.names import add_names
    from atlas_qual.store.reference import init_project

    path = tmp_path / "p.db"
    p = open_project(path, create=True)
    init_project(p)
    add_names(p, ["Ramona Villalba"])
    p.dispose()
    return path


def _cli(path, *args, ok=True) -> tuple[int, str]:
    from atlas_qual import i18n
    from atlas_qual.cli import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in (*args, "--project", path)])
    i18n.set_lang("es")
    if ok:
        assert code == 0, err.getvalue()
    return code, out.getvalue() + err.getvalue()


def _set_example(path, **texts):
    from atlas_qual.store.codebook import update_code

    p = open_project(path)
    try:
        update_code(p, "Debilidades", **texts)
    finally:
        p.dispose()


def _stored(path, field="example"):
    from atlas_qual.store.codebook import get_codebook

    p = open_project(path)
    try:
        return next(dict(getattr(n, field)) for _, n, _ in get_codebook(p).walk() if n.name == "Debilidades")
    finally:
        p.dispose()


EXAMPLE = "«Lo dijo Ramona Villalba al 0981 123 456: nadie vino»"


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_a_codebook_export_hides_the_names_and_phones_in_its_texts(project, tmp_path, suffix):
    _set_example(project, example={"es": EXAMPLE})
    book = tmp_path / f"libro{suffix}"
    _cli(project, "codebook", "export", book)
    text = book.read_text(encoding="utf-8-sig")
    assert "Ramona" not in text and "Villalba" not in text and "0981" not in text
    assert "nadie vino" in text and "Debilidades" in text  # the rest of the example and the code stay
    raw = tmp_path / f"raw{suffix}"
    _cli(project, "codebook", "export", raw, "--no-redact")
    assert "Ramona Villalba" in raw.read_text(encoding="utf-8-sig")


def test_a_redacted_codebook_imported_back_keeps_the_names_nobody_edited(project, tmp_path):
    _set_example(project, example={"es": EXAMPLE}, definition={"es": "Problemas, como contó Ramona Villalba."})
    book = tmp_path / "libro.yaml"
    _cli(project, "codebook", "export", book)
    data = yaml.safe_load(book.read_text(encoding="utf-8"))

    def debilidades(nodes):
        for node in nodes:
            if node["name"] == "Debilidades":
                return node
            found = debilidades(node.get("children", []))
            if found:
                return found

    node = debilidades(data["codes"] if isinstance(data, dict) else data)
    # the analyst edits the definition (still with the placeholder in it) and leaves the example alone
    node["definition"]["es"] = node["definition"]["es"].replace("Problemas", "Problemas del DMOP")
    book.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _cli(project, "codebook", "import", book)
    assert _stored(project)["es"] == EXAMPLE  # untouched: the stored text, names and all
    definition = _stored(project, "definition")["es"]
    assert definition.startswith("Problemas del DMOP")  # edited: the analyst's text, as typed


def test_import_shows_a_file_named_after_the_interviewee_redacted(project, tmp_path):
    src = tmp_path / "Entrevista_RAMONA_VILLALBA.txt"
    src.write_text("Entrevistadora: ¿Cómo funciona la derivación?\nRamona: Nadie vino a ayudarnos.\n",
                   encoding="utf-8")
    _, said = _cli(project, "import", src)
    assert "RAMONA" not in said.upper() and "VILLALBA" not in said.upper()
    assert "Entrevista_" in said and ".txt" in said  # the rest of the file name still says which file
    _, said = _cli(project, "import", src, "--json", ok=False)  # a repeat: refused, and the message quotes the file
    assert "VILLALBA" not in said.upper() and "Entrevista_" in said
    data = json.loads(said.split("\natlas-qual:")[0])
    assert data["imported"] == [] and "VILLALBA" not in json.dumps(data).upper()


# --- a listed person's common surname, alone ------------------------------------------------------------------------

LISTED = {"Liz Fernández": "", "María Benítez": "Madre SP-1", "Luis Oviedo": "", "Rosa Franco": "", "Ana López": ""}


@pytest.mark.parametrize("text, expected", [
    # common surnames (Benítez, Fernández, López are among Paraguay's most common) were shown alone outside reports
    ("Después Benítez dijo que no.", "Después [nombre] dijo que no."),
    ("hablé con Fernández ayer", "hablé con [nombre] ayer"),
    ("López nos llamó", "[nombre] nos llamó"),
    ("el Comisario Oviedo vino", "el Comisario [nombre] vino"),
])
def test_a_listed_persons_common_surname_alone_is_hidden(text, expected):
    from atlas_qual.redaction import Redactor

    assert Redactor(LISTED).redact(text) == expected


@pytest.mark.parametrize("text", [
    "fuimos a Presidente Franco y a Coronel Oviedo",   # cities named after a title and a surname
    "en el Hospital Mariscal López",
    "por Mcal. López hasta Cnel. Oviedo",
    "la avenida Eusebio Ayala",
    "en Carlos Antonio López, Itapúa",
    "benítez en minúsculas no es un nombre seguro",     # a surname alone needs its capital
    "Franco nos llamó",                                  # an everyday word ("franco": frank) alone stays
])
def test_a_place_named_after_a_surname_or_a_lowercase_word_stays(text):
    from atlas_qual.redaction import Redactor

    assert Redactor(LISTED).redact(text) == text
