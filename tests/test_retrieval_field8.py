"""Field test 8 of retrieval: what an evaluator notices when searching and querying a corpus typed as people type it
(accents and ñ missing, jopara glued to Spanish words, lines within a turn), malformed queries and empty results."""

from __future__ import annotations

import pytest

from atlas_qual.search import kwic
from atlas_qual.store.search_index import search
from conftest import imported_texts
from test_query import REFERRAL, WEAK, coded  # noqa: F401  (fixture)

INTERVIEWS = {
    "jopara.txt": ("DMOP: CR\nTerritorio: San Pedro\nEntrevistada: Graciela Ñamandú Areco\n"
                   "Seudónimo: CODENI-HOR-20\nIdioma: gn\n\n"
                   "Entrevistadora: Mba'éichapa, ¿nde piko mba'e rembiapo la CODENI-pe?\n"
                   "Graciela: Che ha'e consejera, roñangareko mitã rehe. Oguahẽ la denuncia 147-pe.\n"),
    "tipeado.txt": ("DMOP: MAUEP\nTerritorio: Alto Paraná\nSeudónimo: INS-CAA-21\n\n"
                    "Entrevistador: puede contarme como trabajan las denuncias?\n"
                    "Inspector: Un niño de 12 años y otros niños trabajaban en la chacra.\n"
                    "Entrevistador: y los ninos del 147?\n"
                    "Inspector: NINOS hay en todas las compañias, ninguno con papeles.\n"),
}


@pytest.fixture
def typed(project, tmp_path):
    return imported_texts(project, tmp_path, INTERVIEWS)


def spans(result):
    return [(h.segment_id, h.start) for h in result.hits]


def test_a_word_typed_without_accent_or_enie_finds_what_the_written_word_finds(typed):
    with_enie = search(typed, "niños")
    assert sorted(h.match for h in with_enie.hits) == sorted(["NINOS", "niño", "ninos", "niños"])
    # before: "ninos" (what people type without the ñ) missed "niño", which only the lemma of "niños" reaches
    for typed_as in ("ninos", "NINOS", "Niños"):
        assert spans(search(typed, typed_as)) == spans(with_enie), typed_as


def test_keyword_in_context_keeps_glued_words_together_in_the_cli_and_the_page(typed, project_path, cli):
    from atlas_qual.widgets.retrieval import RetrievalApp

    out = cli("search", "CODENI", "--project", project_path)
    assert out.code == 0, out.err
    assert "la »CODENI«-pe?" in out.out  # not "»CODENI« -pe": the jopara word shown cut in two
    assert "Graciela" not in out.out and "Ñamandú" not in out.out
    out = cli("search", "147", "--project", project_path)
    assert "la denuncia »147«-pe." in out.out
    page = RetrievalApp(typed, view="search", query="denuncias").body.value
    assert "las <mark>denuncias</mark>?" in page  # not "denuncias ?"
    page = RetrievalApp(typed, view="search", query="codeni").body.value
    assert "<mark>CODENI</mark>-pe?" in page


def test_keyword_in_context_never_shows_part_of_a_word():
    lines = "\n".join(["primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno",
                       "décimo", "once", "doce", "trece", "catorce denuncia quince", "dieciséis", "diecisiete",
                       "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés"])
    at = lines.index("denuncia")
    left, match, right = kwic(lines, at, at + len("denuncia"))
    words = set(lines.split())
    assert match == "denuncia"
    assert left.startswith("…") and right.endswith("…")
    # a turn written line by line keeps its context, in whole words ("vei…" was shown before)
    assert left.strip("…").split() and set(left.strip("…").split()) <= words
    assert right.strip("…").split() and set(right.strip("…").split()) <= words
    url = "ver " + "https://ejemplo.org/" + "x" * 80 + " denuncia " + "y" * 90 + " fin"
    at = url.index("denuncia")
    left, _, right = kwic(url, at, at + 8)
    assert left == "…" and right == "…"  # nothing of a run without spaces is shown cut


def test_an_unclosed_quote_is_one_clear_error(typed, project_path, cli):
    out = cli("search", '"mesa de', "--project", project_path)
    assert out.code == 1 and out.out == ""
    assert len(out.err.strip().splitlines()) == 1
    assert "comillas" in out.err and '«"mesa»' in out.err


def test_an_empty_search_says_why(typed, project_path, cli):
    out = cli("search", "zzzxq", "--project", project_path)
    assert out.code == 0
    assert "«zzzxq» no aparece en ninguna de las entrevistas buscadas (2)" in out.out
    out = cli("search", "chacra CODENI", "--project", project_path)
    assert "nunca todas en un mismo turno" in out.out
    out = cli("search", "denuncia", "--territory", "Boquerón", "--project", project_path)
    assert "Ninguna entrevista cumple los filtros" in out.out
    assert cli("search", "zzzxq", "--json", "--project", project_path).json()["total"] == 0
    from atlas_qual.widgets.retrieval import RetrievalApp

    page = RetrievalApp(typed, view="search", query="chacra zzzxq").body.value
    assert "«zzzxq» no aparece" in page


@pytest.mark.parametrize("query, says", [
    ("debilidades and derivación", "(AND)"),
    ("Evaluación/Debilidades Y Procesos/Derivación", "(AND)"),
    ("Debilidades near/3 Derivación", "(NEAR/3)"),
    ("Debilidades NEAR/x Derivación", "NEAR/5"),
])
def test_a_misspelt_operator_is_named_not_taken_for_a_code(coded, project_path, cli, query, says):  # noqa: F811
    out = cli("query", query, "--project", project_path)
    assert out.code == 1 and len(out.err.strip().splitlines()) == 1
    assert says in out.err and ("operador" in out.err or "número entero" in out.err)


def test_an_empty_query_result_counts_each_codes_turns(coded, project_path, cli):  # noqa: F811
    from atlas_qual.widgets.retrieval import RetrievalApp

    out = cli("query", f"{WEAK} AND {REFERRAL}", "--territory", "Boquerón", "--project", project_path)
    assert out.code == 0, out.err
    assert "0 turnos" in out.out and f"{WEAK}: 1; {REFERRAL}: 1" in out.out
    project = coded[0]
    page = RetrievalApp(project, view="query", query=f"{WEAK} AND {REFERRAL}",
                        filters={"territory": "boqueron"}).body.value
    assert 'data-testid="query-none"' in page and f"{WEAK}: 1" in page


def test_near_does_not_reach_into_the_next_turn(coded):  # noqa: F811
    from atlas_qual.store.query_store import run_query

    project, _, _ = coded
    # Boquerón: referral on turn 1, weakness on turn 3, the interviewer's four words between them
    boqueron = {"territory": "boqueron"}
    assert not run_query(project, f"{REFERRAL} NEAR {WEAK}", filters=boqueron).quotes
    assert [q.ordinal for q in run_query(project, f"{REFERRAL} OR {WEAK}", filters=boqueron).quotes] == [1, 3]
