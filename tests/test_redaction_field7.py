"""Redaction cases a red team left open (round 7): phones in WhatsApp links and said digit by digit in words, social
network profiles, bank account numbers, a plate or a title's name after a PDF line wrap, a listed surname after
"familia" ("la familia Ayala", "the Fernández family"), names joined by underscores in file names, and outputs that
redacted too little: a search context cut through a name, a coded span cut from the words that say what a number
is, a transcript's file name in the codings export, and codebook definitions in the .qdc, .qdpx, Excel and Word
outputs."""

from __future__ import annotations

import json

import pytest

from atlas_qual.redaction import Redactor, redact

PEOPLE = {"María Benítez Ayala": "Madre SP-1", "Nilda Gauto de Riquelme": "", "Liz Fernández": "",
          "Zulma Echeverría": "Fiscal AS-4"}


# --- 1. phones in messaging links and said in words ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("por WhatsApp, wa.me/595971876543, llorando", "por WhatsApp, wa.me/[teléfono], llorando"),
    ("su WhatsApp https://wa.me/595973112233.", "su WhatsApp https://wa.me/[teléfono]."),
    ("https://api.whatsapp.com/send?phone=595981123456&text=hola",
     "https://api.whatsapp.com/send?phone=[teléfono]&text=hola"),
    ("el de la señora es cero nueve ocho uno, tres cuatro cinco, seis siete ocho. El mío",
     "el de la señora es [teléfono]. El mío"),
    ("llamame al nueve ocho uno uno dos tres cuatro cinco seis", "llamame al [teléfono]"),
    ("call zero nine eight one, one two three four five six", "call [teléfono]"),
])
def test_a_phone_in_a_whatsapp_link_or_said_digit_by_digit_is_hidden(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "contamos uno, dos, tres, cuatro y cinco chicas",
    "tenía dos o tres hijos, uno de cinco años y otro de nueve",
    "son las nueve y cero minutos",
    "vino a las nueve, ocho chicas y tres varones",
])
def test_numbers_said_in_words_that_are_no_phone_stay(text):
    assert redact(text) == text


# --- 2. social-network profiles -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("tenía su perfil facebook.com/nilda.gauto.77 y ahí", "tenía su perfil facebook.com/[perfil] y ahí"),
    ("https://www.facebook.com/profile.php?id=100012345678 ok", "https://www.facebook.com/[perfil] ok"),
    ("lo vi en instagram.com/rosita_py, hoy", "lo vi en instagram.com/[perfil], hoy"),
    ("tiktok.com/@juancito.py", "tiktok.com/[perfil]"),
    ("su instagram es @rosita.ayala y su tiktok: @juancito_py", "su instagram es [perfil] y su tiktok: [perfil]"),
])
def test_a_social_network_profile_is_hidden_and_the_network_stays(text, expected):
    assert redact(text) == expected


def test_a_profile_placeholder_is_in_the_readers_language():
    assert redact("facebook.com/nilda.gauto.77", lang="en") == "facebook.com/[profile]"


@pytest.mark.parametrize("text", ["Escribí a ana@gmail.com", "la página www.mtess.gov.py/denuncias", "Facebook"])
def test_an_email_or_an_institutions_site_is_no_profile(text):
    assert "[perfil]" not in redact(text)


# --- 3. bank accounts ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("me depositó en la cuenta 0012345678 del Banco Familiar", "me depositó en la cuenta [cuenta] del Banco Familiar"),
    ("la cuenta del Banco Itaú es la\nN° 720012345. Las niñas", "la cuenta del Banco Itaú es la\nN° [cuenta]. Las niñas"),
    ("cuenta corriente N° 12-3456789-01", "cuenta corriente N° [cuenta]"),
    ("Ej.: cuenta N° 720012345.", "Ej.: cuenta N° [cuenta]."),
    ("sends money to account no. 20-1234567/8 at the bank", "sends money to account no. [cuenta] at the bank"),
])
def test_a_bank_account_number_is_hidden(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "la cuenta venció el 12/03/2024",                  # a date
    "la cuenta era de 1.500.000 guaraníes",            # an amount
    "ella cuenta con 150000 socios",                   # "cuenta" the verb
    "me cuenta que en 2019 vino",
    "Tengo en cuenta número 5",
])
def test_a_number_near_cuenta_that_is_no_account_stays(text):
    assert redact(text) == text


def test_an_account_placeholder_is_in_the_readers_language():
    assert redact("account no. 20-1234567/8", lang="en") == "account no. [account]"


# --- 4. a line wrap, "familia", underscores ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("camioneta Toyota chapa\nAAAB 123, quedó", "camioneta Toyota chapa\n[chapa], quedó"),
    ("Jasy, familia\nAyala, y", "Jasy, familia\n[nombre], y"),
    ("la Sra.\nBenítez vino", "la Sra.\n[nombre] vino"),
])
def test_a_plate_or_a_surname_after_a_line_wrap_is_hidden(text, expected):
    assert Redactor(PEOPLE).redact(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("acá nos conocen como la familia Ayala. Mi hija", "acá nos conocen como la familia [nombre]. Mi hija"),
    ("la Flia. Ayala vino", "la Flia. [nombre] vino"),
    ("lives with the Fernández family.", "lives with the [nombre] family."),
])
def test_a_listed_persons_surname_after_familia_is_hidden(text, expected):
    assert Redactor(PEOPLE).redact(text) == expected


@pytest.mark.parametrize("text", ["la familia Gómez", "la familia vino", "Avda. Eusebio Ayala 1234 es lejos",
                                  "the family of the girl", "Gómez is a surname"])
def test_familia_hides_no_word_that_is_not_a_listed_persons_surname(text):
    out = Redactor(PEOPLE).redact(text)
    assert "familia" not in text or out.count("familia") == text.count("familia")
    assert "[nombre]" not in out or text.startswith("Avda.")


@pytest.mark.parametrize("text, expected", [
    ("Entrevista_MARIA_BENITEZ_Potrero.txt", "Entrevista_Madre SP-1_Potrero.txt"),
    ("acta_fiscal_Zulma_Echeverria.pdf", "acta_fiscal_Fiscal AS-4.pdf"),
    ("nilda_gauto_2024.docx", "[nombre]_2024.docx"),
])
def test_a_name_in_a_file_name_joined_by_underscores_is_hidden(text, expected):
    assert Redactor(PEOPLE).redact(text) == expected


def test_underscores_join_no_everyday_word_into_a_name():
    text = "mi_variable_benitez y DMOP_CR_2025.xlsx"
    assert Redactor(PEOPLE).redact(text) == text


def test_the_batch_check_keeps_a_profile_and_a_phone_said_in_words():
    r = Redactor(PEOPLE)
    assert r.may_need_findings(["facebook.com/teodora.bogado", "cero nueve ocho uno dos tres cuatro cinco seis",
                                "la reunión fue buena"]) == [True, True, False]


# --- 5. outputs: search context, coded spans, file names, codebook definitions ----------------------------------------

def test_a_search_context_cut_through_a_name_shows_no_part_of_it():
    from atlas_qual.search import kwic

    text = ("El vehículo, camioneta Toyota chapa AAAB 123, quedó incautado. Firmado: Abg. Zulma Echeverría, fiscal; "
            "y más texto aquí para que la línea siga.")
    at = text.index("chapa")
    left, match, right = kwic(text, at, at + 5, Redactor(PEOPLE), width=50)  # the cut falls inside the name
    assert "Zulma" not in right and "Echeverr" not in right
    assert right.startswith("[chapa], quedó incautado. Firmado: Abg. Fiscal AS-4")


TRANSCRIPT = """Título: Entrevista a madre
Fecha: 2025-07-11
DMOP: CR
Territorio: San Pedro
Institución: CODENI
Rol: madre
Entrevistada: Teodora Bogado Núñez
Seudónimo: Madre SP-9

Entrevistadora: ¿Cómo la encontraron?
Teodora: El número de la señora es cero nueve ocho uno, tres cuatro cinco, seis siete ocho, y la plata fue a la \
cuenta del Banco Itaú, que es la N° 720012345, según la fiscal. Su perfil es facebook.com/nilda.gauto.77 nomás.
"""


@pytest.fixture()
def project_env(tmp_path):
    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    path = tmp_path / "p.db"
    p = open_project(path, create=True)
    init_project(p)
    p.dispose()
    return path


def _cli(path, *args):
    import contextlib
    import io

    from atlas_qual import i18n
    from atlas_qual.cli import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in (*args, "--project", path)])
    i18n.set_lang("es")
    assert code == 0, err.getvalue()
    return out.getvalue()


def test_coded_spans_cut_from_their_context_file_names_and_codebook_definitions_are_redacted(project_env, tmp_path):
    from atlas_qual.store import open_project
    from atlas_qual.store.codebook import update_code

    src = tmp_path / "Entrevista_TEODORA_BOGADO.txt"
    src.write_text(TRANSCRIPT, encoding="utf-8")
    _cli(project_env, "import", src)
    segments = json.loads(_cli(project_env, "segments", "--transcript", 1, "--json", "--no-redact"))
    seg = next(s for s in segments if "cero" in s["text"])
    text = seg["text"]
    # spans that leave out what says what a number is: the first digits said, the word "cuenta", the network
    spans = [(text.index("ocho uno"), text.index("seis siete") + 5), (text.index("N° 720"), text.index(", según")),
             (text.index("nilda"), text.index(" nomás"))]
    rows = ["segment_id,code,coder,start,end"] + [f"{seg['id']},Debilidades,ana.gimenez,{a},{b}" for a, b in spans]
    (tmp_path / "c.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _cli(project_env, "codings", "import", tmp_path / "c.csv")
    project = open_project(project_env)
    try:
        update_code(project, "Debilidades", definition={"es": "Ej.: lo dijo Teodora Bogado (0981 123 456).",
                                                        "en": "E.g. Teodora Bogado said so."})
    finally:
        project.dispose()
    _cli(project_env, "codings", "export", tmp_path / "out.csv")
    _cli(project_env, "query", "Debilidades", "--out", tmp_path / "q.csv")
    _cli(project_env, "export", "codebook", tmp_path / "libro.qdc")
    _cli(project_env, "export", "qdpx", tmp_path / "p.qdpx")
    import zipfile

    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        qdpx = "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    shown = {"codings export": (tmp_path / "out.csv").read_text(encoding="utf-8-sig"),
             "query --out": (tmp_path / "q.csv").read_text(encoding="utf-8-sig"),
             ".qdc": (tmp_path / "libro.qdc").read_text(encoding="utf-8"), ".qdpx": qdpx}
    for where, out in shown.items():
        for secret in ("seis siete", "720012345", "nilda.gauto", "TEODORA", "Teodora Bogado", "0981 123 456"):
            assert secret not in out, f"{where} shows {secret!r}"
    assert "Entrevista_Madre SP-9.txt" in shown["codings export"]
    assert "[teléfono]" in shown["codings export"] and "[cuenta]" in shown["codings export"]
    assert "[teléfono] … N° [cuenta] … [perfil]" in shown["query --out"]
    # the originals stay a flag away
    _cli(project_env, "export", "codebook", tmp_path / "raw.qdc", "--no-redact")
    assert "Teodora Bogado" in (tmp_path / "raw.qdc").read_text(encoding="utf-8")
