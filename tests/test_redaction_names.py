"""Name matching a victim's safety depends on: particles, honorifics and titles, Guaraní names, and never a word that
is not part of a name (issue 13, findings 1-3)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atlas_qual.redaction import COMMON_WORDS, PARTICLES, Redactor, is_hideable_name

PEOPLE = {
    "Graciela Benítez de Ocampo": "Docente CO-1",
    "Ña Teresa Núñez": "Lideresa CE-2",
    "Comisario Hugo Ramírez Sosa": "Policía CE-3",
    "Ana Lucía Britez": "",
    "Yeruti Arandú": "",
    "María José Benítez Ortiz": "E4",
}


@pytest.fixture(scope="module")
def r() -> Redactor:
    return Redactor(PEOPLE)


# --- finding 1: a particle never becomes a name -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "el fiscal de turno",
    "Entrevista a consejera de la CODENI",
    "la paz del barrio y una rosa blanca",
    "Ciudad del Este, de lunes a viernes, y los sábados",
    "DE LA CRUZ",
])
def test_particles_and_common_words_are_never_replaced(r, text):
    assert r.redact(text) == text


@pytest.mark.parametrize("text, expected", [
    ("Habló Graciela Benítez de Ocampo.", "Habló Docente CO-1."),
    ("Habló Graciela Benítez.", "Habló Docente CO-1."),
    ("Habló Graciela de Ocampo.", "Habló Docente CO-1."),
    ("Habló la Sra. Benítez de Ocampo.", "Habló la Sra. [nombre]."),
    ("Habló la Sra. Ocampo con el fiscal de turno.", "Habló la Sra. [nombre] con el fiscal de turno."),
])
def test_a_name_with_a_particle_is_replaced_whole(r, text, expected):
    assert r.redact(text) == expected


# --- finding 2: honorifics and titles ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Vino Teresa Núñez.", "Vino Lideresa CE-2."),
    ("Vino Ña Teresa.", "Vino Ña [nombre]."),
    ("Vino ña teresa núñez.", "Vino ña Lideresa CE-2."),
    ("Lo dijo Hugo Ramírez.", "Lo dijo Policía CE-3."),
    ("Lo dijo el Comisario Ramírez.", "Lo dijo el Comisario [nombre]."),
    ("Lo dijo el comisario Sosa.", "Lo dijo el comisario [nombre]."),
    ("Lo dijo Karai Hugo.", "Lo dijo Karai [nombre]."),
    ("Lo dijo Hugo Ramírez Sosa.", "Lo dijo Policía CE-3."),
])
def test_names_given_with_honorifics_or_titles_are_replaced_in_every_form(r, text, expected):
    assert r.redact(text) == expected


def test_a_part_of_a_name_never_gets_the_pseudonym_of_the_person_it_may_not_be():
    """Another interview's "la fiscal Benítez" is not the interviewee María de los Ángeles Benítez: the pseudonym
    there would assert who she is and link the two interviews. Only a whole mention carries the pseudonym."""
    r = Redactor({"María de los Ángeles Benítez": "Fiscal AP-1"})
    assert r.redact("A veces viene la fiscal Benítez.") == "A veces viene la fiscal [nombre]."
    assert r.redact("Habló María de los Ángeles Benítez.") == "Habló Fiscal AP-1."
    assert r.redact("Habló María Benítez.") == "Habló Fiscal AP-1."


@pytest.mark.parametrize("title", ["Sr.", "Sra.", "Dr.", "Dra.", "Lic.", "Abg.", "Comisario", "Fiscal", "Juez", "Jueza",
                                   "Oficial", "Don", "Doña", "Ña", "Profesora", "Inspectora"])
def test_every_title_keeps_its_place_and_the_surname_goes(title):
    assert Redactor({"Carmen Villalba": ""}).redact(f"Según {title} Villalba, no.") == f"Según {title} [nombre], no."


# --- finding 3: third parties and victims, Guaraní names ---------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("La niña, Ana Lucía Britez, tenía miedo.", "La niña, [nombre], tenía miedo."),
    ("ANA BRITEZ y Ana Britez", "[nombre] y [nombre]"),
    ("Yeruti Arandú y la Sra. Arandú", "[nombre] y la Sra. [nombre]"),
    ("Arandú llegó tarde.", "[nombre] llegó tarde."),  # a distinctive surname goes on its own
])
def test_listed_victims_and_guarani_names_are_replaced(r, text, expected):
    assert r.redact(text) == expected


def test_guarani_letters_with_a_standalone_tilde_match():
    r = Redactor({"Ñeẽngatu Mbyg̃ua": ""})
    assert r.redact("Habló Ñeẽngatu Mbyg̃ua ayer.") == "Habló [nombre] ayer."
    assert r.redact("Mbyg̃uas y más") == "Mbyg̃uas y más"  # a longer word is another word


def test_a_common_surname_alone_without_title_is_kept_but_a_distinctive_one_goes(r):
    # "Benítez" and "Ortiz" are among the commonest Paraguayan surnames: alone they name nobody in particular
    assert r.redact("La calle Benítez y la avenida Ortiz.") == "La calle Benítez y la avenida Ortiz."


def test_words_split_by_punctuation_are_not_one_name(r):
    # not the whole mention "Hugo Ramírez" (no pseudonym); each alone is still a part of his name (finding 16)
    assert r.redact("Hugo, Ramírez y otros.") == "[nombre], [nombre] y otros."


def test_a_name_broken_over_a_line_still_goes(r):
    assert r.redact("Lo dijo Hugo\nRamírez.") == "Lo dijo Policía CE-3."


@pytest.mark.parametrize("name, ok", [("de", False), ("de la", False), ("Fiscal", False), ("Sra.", False),
                                      ("la paz", False), ("123", False), ("Ana Lucía Britez", True), ("Arandú", True)])
def test_only_real_names_can_be_hidden(name, ok):
    assert is_hideable_name(name) is ok


# --- property: redaction changes only names ----------------------------------------------------------------------

NAME_WORDS = {w.casefold() for name in PEOPLE for w in name.replace(".", " ").split()}
VOCABULARY = sorted(w for w in {
    "el", "la", "de", "del", "y", "fiscal", "turno", "consejera", "CODENI", "niña", "vino", "con", "en", "Ciudad",
    "Este", "paz", "barrio", "rosa", "blanca", "Sra.", "Don", "Doña", "Ña", "Comisario", "Lic.", "dijo", "que",
    "caso", "víctima", "trabajo", "infantil", "MTESS", "Pilar", "Asunción", "Pedro", "Carmen", "Lucía", "María",
    "Benítez", "Ortiz", "González", "Rojas", "Guaraní", "ñandutí", "mba'e", "porã", "ko'ãga", "2025", "147", ",", ".",
    "¿", "?", ":", "\n",
} if w.casefold() not in NAME_WORDS)


HONORIFICS = {"Sra.", "Don", "Doña", "Ña"}


def _no_honorific_before_a_name(words: list[str]) -> list[str]:
    """The words with a comma after an honorific that a capitalised word follows: "Don Pedro" is a person nobody
    listed and is hidden (redaction_kin), "Don , Pedro" is two words."""
    out = []
    for k, word in enumerate(words):
        out.append(word)
        if word in HONORIFICS and k + 1 < len(words) and words[k + 1][:1].isupper():
            out.append(",")
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=40))
def test_redaction_never_changes_text_without_listed_names(r, words):
    text = " ".join(_no_honorific_before_a_name(words))
    assert r.redact(text) == text


@pytest.mark.parametrize("text, hidden", [
    ("Me atendió la Sra. Graciela en la oficina.", "Me atendió la Sra. [nombre] en la oficina."),
    ("Don Pedro Benítez tenía la estancia.", "Don [nombre] tenía la estancia."),
    ("el señor Brítez no vino", "el señor [nombre] no vino"),
    ("peteĩ señora Marlene ohó Caaguazúpe", "peteĩ señora [nombre] ohó Caaguazúpe"),
    ("Mr. Gary Thompson called the hotline.", "Mr. [nombre] called the hotline."),
    ("Ña Concepción Ortiz vende chipa", "Ña [nombre] vende chipa"),
])
def test_a_person_nobody_listed_is_hidden_after_an_honorific(text, hidden):
    """Red team 13: "la Sra. Graciela", "el Sr. Brítez" went out as written when nobody had listed them."""
    assert Redactor({}).redact(text) == hidden


@pytest.mark.parametrize("text", [
    "Colegio Don Bosco", "la Estancia Don Pedro queda lejos", "Nuestra Señora de la Asunción", "el Señor Jesús nos ayuda",
    "la Sra. Ministra habló", "un don de Dios", "Sr. Fiscal, le pido", "El Sr. Presidente de la República",
    "Don Carlos Antonio López queda en Itapúa", "Almacén Doña Juana", "Don Quijote de la Mancha",
])
def test_an_honorific_before_a_place_a_title_or_god_changes_nothing(text):
    assert Redactor({}).redact(text) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=20), st.sampled_from(sorted(PEOPLE)),
       st.lists(st.sampled_from(VOCABULARY), max_size=20))
def test_around_a_name_no_other_word_changes(r, before, person, after):
    """Whatever surrounds a listed name, the words before and after it come out exactly as they went in."""
    left, right = " ".join(_no_honorific_before_a_name(before)), " ".join(_no_honorific_before_a_name(after))
    text = f"{left} . {person} . {right}"
    out = r.redact(text)
    assert out.startswith(f"{left} . ") and out.endswith(f" . {right}")
    middle = out[len(left) + 3:len(out) - len(right) - 3]
    assert middle != person and not any(w.casefold() in {"graciela", "hugo", "yeruti", "britez", "ocampo"}
                                        for w in middle.split())


def test_particles_and_titles_are_common_words():
    assert PARTICLES <= COMMON_WORDS
    assert {"fiscal", "comisario", "na", "dona"} <= COMMON_WORDS


_NAME_WORDS = ["Graciela", "GRACIELA", "graciela", "Benítez", "BENITEZ", "benitez", "Ocampo", "de", "Ña", "Teresa",
               "Núñez", "NUNEZ", "Sra.", "Fiscal", "Comisario", "Ramírez", "Sosa", "Hugo", "Mba'e", "g̃uasu",
               "Jeroviaha", "la", "fiscalía", "y", "turno", "Ana", "Lucía", "Britez", "María", "José"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NAME_WORDS), min_size=0, max_size=12),
       st.sampled_from([" ", "  ", "\n", ", ", " y "]))
def test_the_quick_check_for_names_never_skips_a_text_that_holds_one(words, sep):
    from atlas_qual.redaction import Redactor

    names = {"Graciela Benítez de Ocampo": "Docente CO-1", "Ña Teresa Núñez": "", "Hugo Ramírez Sosa": "",
             "Ana Lucía Britez": "Familiar 1", "Karai g̃uasu Jeroviaha": ""}
    quick = Redactor(names)
    full = Redactor(names)
    full._maybe_name = re.compile("")  # always "may hold a name": the slow path on every text
    text = sep.join(words)
    assert quick.findings(text) == full.findings(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NAME_WORDS + ["—", "Sr—Ocampo", "Søren", "ﬁscal"]), max_size=10),
                min_size=1, max_size=6))
def test_the_batch_check_for_names_never_clears_a_text_that_holds_one(texts):
    from atlas_qual.redaction import Redactor

    names = {"Graciela Benítez de Ocampo": "Docente CO-1", "Ña Teresa Núñez": "", "Hugo Ramírez Sosa": "",
             "Karai g̃uasu Jeroviaha": ""}
    redactor = Redactor(names)
    joined = [" ".join(words) for words in texts]
    for text, maybe in zip(joined, redactor.may_hold_names(joined)):
        if not maybe:
            assert not _listed_names_found(redactor, text), text


def _listed_names_found(redactor, text: str) -> list:
    """The names ``redactor`` finds in ``text`` because they are listed: not those found with no list at all (a
    person after an honorific, a relative after a kin word), which the data half of the batch check covers."""
    from atlas_qual.redaction import Redactor

    unlisted = {(f.start, f.end) for f in Redactor({}).findings(text) if f.kind == "name"}
    return [f for f in redactor.findings(text) if f.kind == "name" and (f.start, f.end) not in unlisted]


_FILLER = ["Rosa", "de los", "Santos", "Giménez", "la", "inspección", "llegó", "tarde", "y", "la", "fiscalía", "pidió", "el", "acta", "—", "d'Ocampo",
           "Ocampo's", "Sra.", "\n", "  ", ",", "mba'e", "Fiscal"]

_MENTIONS = ["Rosa de los Santos Giménez", "Sra. de los Santos", "Graciela Benítez de Ocampo", "Dra. Benítez",
             "Ña Teresa Núñez", "Hugo Ramírez Sosa", "Comisario Ramírez", "Ana Lucía Britez", "Rosa de los Santos"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NAME_WORDS + _FILLER + _MENTIONS), min_size=0, max_size=80),
       st.lists(st.sampled_from([" ", "  ", "\n", ", ", " — ", "\u00a0"]), min_size=1, max_size=4))
def test_names_found_in_windows_around_anchors_are_those_a_whole_text_scan_finds(words, seps):
    """Long turns are folded and tokenised only around possible anchor words; the result must be what scanning
    every token of the text gives (the windows reach far enough, start on true token starts, and merge)."""
    from atlas_qual.redaction import _TOKEN_RE, Redactor, _fold

    names = {"Graciela Benítez de Ocampo": "Docente CO-1", "Ña Teresa Núñez": "", "Hugo Ramírez Sosa": "",
             "Ana Lucía Britez": "Familiar 1", "Karai g̃uasu Jeroviaha": "", "Rosa de los Santos Giménez": ""}
    redactor = Redactor(names)
    text = "".join(w + seps[i % len(seps)] for i, w in enumerate(words))
    windowed, whole = [], []
    redactor._name_findings(text, lambda *found: windowed.append(found))
    redactor._scan_names(text, [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(_fold(text))],
                         lambda *found: whole.append(found))
    assert windowed == whole


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NAME_WORDS + _FILLER + _MENTIONS + [
    "0981-123-456", "CI N° 4.567.890", "ana@correo.py", "CI N° ٤٥٦٧٨٩٠", "CI ４５６７８９０", "“comillas”", "Søren",
    "Ñandutí", "ÀÉÎÕÜ", "ß", "ª"]), max_size=12), min_size=1, max_size=8))
def test_the_batch_check_never_clears_a_text_in_which_findings_finds_something(texts):
    """The analysts' frames skip the full check on turns the batch check clears: a phone, an ID, an e-mail or a
    listed name in any script those turns may hold must never be cleared (Latin-1 fast path and NFD path)."""
    from atlas_qual.redaction import Redactor

    redactor = Redactor({"Graciela Benítez de Ocampo": "Docente CO-1", "Ña Teresa Núñez": "",
                         "Rosa de los Santos Giménez": "", "Karai g̃uasu Jeroviaha": ""})
    joined = [" ".join(words) for words in texts]
    for text, maybe in zip(joined, redactor.may_need_findings(joined)):
        if not maybe:
            assert redactor.findings(text) == [], text


# --- names listed as capitalised (field finding B-1): the same properties, case-sensitive forms included -----------

_CAPITALISED = ["Rosa", "Paz", "Victoria Britez"]
_CAPITAL_WORDS = ["Rosa", "rosa", "ROSA", "Paz", "paz", "PAZ", "Victoria", "victoria", "Britez", "britez", "Pilar",
                  "La", "la", "en", "vivir", "Ŕosa", "Ṕaz", "Rósa", "rósa", "Doña", "comisario"]


def _with_capitalised(names: dict) -> Redactor:
    from atlas_qual.redaction import NameMap

    return Redactor(NameMap({**names, **{n: "" for n in _CAPITALISED}}, capitalised=_CAPITALISED))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NAME_WORDS + _CAPITAL_WORDS), max_size=12),
       st.sampled_from([" ", "  ", "\n", ", ", " y "]))
def test_the_quick_check_never_skips_a_capitalised_name(words, sep):
    names = {"Graciela Benítez de Ocampo": "Docente CO-1", "Ana Lucía Britez": "Familiar 1"}
    quick, full = _with_capitalised(names), _with_capitalised(names)
    full._maybe_name = re.compile("")  # always "may hold a name": the slow path on every text
    text = sep.join(words)
    assert quick.findings(text) == full.findings(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NAME_WORDS + _CAPITAL_WORDS + ["0981-123-456", "Søren"]), max_size=10),
                min_size=1, max_size=6))
def test_the_batch_checks_never_clear_a_text_holding_a_capitalised_name(texts):
    redactor = _with_capitalised({"Graciela Benítez de Ocampo": "Docente CO-1", "Hugo Ramírez Sosa": ""})
    joined = [" ".join(words) for words in texts]
    for text, maybe_name, maybe_any in zip(joined, redactor.may_hold_names(joined),
                                           redactor.may_need_findings(joined)):
        if not maybe_name:
            assert not _listed_names_found(redactor, text), text
        if not maybe_any:
            assert redactor.findings(text) == [], text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NAME_WORDS + _FILLER + _MENTIONS + _CAPITAL_WORDS), max_size=80),
       st.lists(st.sampled_from([" ", "  ", "\n", ", ", " — ", "\u00a0"]), min_size=1, max_size=4))
def test_capitalised_names_found_in_windows_are_those_a_whole_text_scan_finds(words, seps):
    from atlas_qual.redaction import _TOKEN_RE, _fold

    redactor = _with_capitalised({"Graciela Benítez de Ocampo": "Docente CO-1", "Rosa de los Santos Giménez": ""})
    text = "".join(w + seps[i % len(seps)] for i, w in enumerate(words))
    windowed, whole = [], []
    redactor._name_findings(text, lambda *found: windowed.append(found))
    redactor._scan_names(text, [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(_fold(text))],
                         lambda *found: whole.append(found))
    assert windowed == whole


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([w for w in VOCABULARY if w[:1].islower() or not w[:1].isalpha()]
                                + ["rosa", "paz", "victoria", "britez", "la paz", "vivir en paz"]), max_size=40))
def test_a_capitalised_name_never_changes_lower_case_text(words):
    text = " ".join(words)
    assert _with_capitalised({}).redact(text) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=15),
       st.sampled_from(["Rosa", "ROSA", "Paz", "Victoria Britez"]), st.lists(st.sampled_from(VOCABULARY), max_size=15))
def test_a_capitalised_name_written_with_a_capital_is_hidden_wherever_it_stands(before, person, after):
    left, right = " ".join(_no_honorific_before_a_name(before)), " ".join(_no_honorific_before_a_name(after))
    out = _with_capitalised({}).redact(f"{left} . {person} . {right}")
    assert out == f"{left} . [nombre] . {right}"
