"""Full-text search: any inflection of a word, accents and case ignored, keyword in context, attribute and language
filters, redacted by default, kept current at import, and "code all hits" after review."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from atlas_qual.errors import AtlasQualError
from atlas_qual.search import kwic, parse_query
from atlas_qual.store.models import Coding, SearchToken
from atlas_qual.store.search_index import code_hits, ensure_index, search
from atlas_qual.store.transcripts import import_files
from conftest import imported_texts

INTERVIEWS = {
    "sp.txt": ("DMOP: CR\nTerritorio: San Pedro\nInstitución: CODENI\nEntrevistada: Rosa Benítez\n"
               "Seudónimo: Consejera SP-1\n\n"
               "Entrevistadora: ¿Cómo hacen la derivación de los casos?\n"
               "Consejera: Derivamos todo a la fiscalía. Rosa Benítez firma cada derivación.\n"
               "Entrevistadora: ¿Y la mesa de trata?\n"
               "Consejera: La MESA DE TRATA se reúne poco; llamen al 0981 123 456.\n"),
    "ap.txt": ("DMOP: MAUEP\nTerritorio: Alto Paraná\nInstitución: MTESS\n\n"
               "Entrevistador: ¿Qué pasa con las derivaciones?\n"
               "Inspector: Las derivaciones a la Fiscalia tardan. Derivó tres casos el mes pasado.\n"
               "Entrevistador: ¿Y en la comunidad?\n"
               "Inspector: Ko'ápe ndaipóri inspector ha umi mitã omba'apo kokuépe.\n"),
}


@pytest.fixture
def corpus(project, tmp_path):
    return imported_texts(project, tmp_path, INTERVIEWS)


def matches(result):
    return [h.match for h in result.hits]


def test_search_finds_every_inflection_without_accents_or_case(corpus):
    result = search(corpus, "derivacion")
    assert sorted(m.lower() for m in matches(result)) == ["derivaciones", "derivaciones", "derivación",
                                                          "derivación"]
    verbs = search(corpus, "derivar")
    assert sorted(m.lower() for m in matches(verbs)) == ["derivamos", "derivó"]
    assert matches(search(corpus, "FISCALÍA")) == ["fiscalía", "Fiscalia"]


def test_prefix_and_phrase_queries(corpus):
    assert len(search(corpus, "deriv*").hits) == 6
    phrase = search(corpus, '"mesa de trata"')
    assert matches(phrase) == ["mesa de trata", "MESA DE TRATA"]
    assert not search(corpus, '"trata de mesa"').hits


def test_all_words_of_a_query_must_share_a_turn(corpus):
    result = search(corpus, "derivación fiscalía")
    assert {h.ordinal for h in result.hits} == {2}
    assert result.segments == 2 and result.transcripts == 2
    assert not search(corpus, "derivación comunidad").hits


def test_hits_come_as_keyword_in_context_with_position(corpus):
    hit = search(corpus, "fiscalía", filters={"territory": "san_pedro"}).hits[0]
    assert (hit.left, hit.match) == ("Derivamos todo a la", "fiscalía")
    assert hit.right.startswith(". Consejera SP-1 firma")
    assert hit.speaker == "Consejera" and hit.ordinal == 2
    with corpus.session() as s:
        from atlas_qual.store.models import Transcript

        assert s.get(Transcript, hit.transcript_id).text[hit.start:hit.end] == "fiscalía"


def test_context_is_redacted_by_default_and_no_redact_opts_in(corpus):
    redacted = search(corpus, "derivación", filters={"territory": "san_pedro"})
    shown = " ".join(f"{h.left} {h.match} {h.right}" for h in redacted.hits)
    assert "Rosa" not in shown and "Consejera SP-1" in shown
    assert "0981" not in " ".join(h.right for h in search(corpus, "llamen").hits)
    raw = search(corpus, "derivación", filters={"territory": "san_pedro"}, redact=False)
    assert "Rosa Benítez" in " ".join(f"{h.left} {h.match} {h.right}" for h in raw.hits)


def test_a_name_that_is_the_keyword_is_replaced_whole():
    from atlas_qual.redaction import Redactor

    redactor = Redactor({"Rosa Benítez": "Consejera SP-1"})
    left, match, right = kwic("Lo firmó Rosa Benítez ayer.", 14, 21, redactor)
    assert "Rosa" not in left + match + right and "Benítez" not in left + match + right
    assert match == "Consejera SP-1"


def test_filters_by_case_attributes_and_segment_language(corpus):
    assert {h.attributes["dmop"] for h in search(corpus, "derivación", filters={"dmop": "MAUEP"}).hits} == {"MAUEP"}
    assert not search(corpus, "derivación", filters={"institution": "PN"}).hits
    gn = search(corpus, "inspector", languages=["gn"])
    assert [h.match for h in gn.hits] == ["inspector"] and gn.hits[0].language == "gn"
    es = search(corpus, "inspector", languages=["es"])
    assert all(h.language == "es" for h in es.hits)


def test_guarani_turns_match_words_as_written_not_spanish_lemmas(corpus):
    with corpus.session() as s:
        rows = dict(s.execute(select(SearchToken.term, SearchToken.lemma).where(SearchToken.term == "mita")).all())
    assert rows == {"mita": "mita"}
    assert [h.match for h in search(corpus, "mitã").hits] == ["mitã"]


def test_index_follows_imports_and_deletions(corpus, tmp_path):
    (tmp_path / "new.txt").write_text("Entrevistadora: ¿Hubo derivación?\nFiscal: Sí, una derivación.\n",
                                      encoding="utf-8")
    before = len(search(corpus, "derivación").hits)
    report = import_files(corpus, [tmp_path / "new.txt"])
    assert len(search(corpus, "derivación").hits) == before + 2
    from atlas_qual.store.models import Transcript

    corpus.write(lambda s: s.delete(s.get(Transcript, report.imported[0].transcript_id)))
    assert len(search(corpus, "derivación").hits) == before


def test_older_projects_are_indexed_on_first_search(corpus):
    from atlas_qual.store.models import Segment

    def forget(s):  # a project from before the index and the turn languages
        s.execute(SearchToken.__table__.delete())
        s.execute(Segment.__table__.update().values(language=None))

    corpus.write(forget)
    assert ensure_index(corpus) == 2
    assert len(search(corpus, "derivación").hits) == 4
    assert [h.match for h in search(corpus, "inspector", languages=["gn"]).hits] == ["inspector"]


def test_code_all_hits_codes_only_confirmed_hits_as_spans(corpus):
    result = search(corpus, "derivación")
    confirmed = [h for h in result.hits if h.number != 2]
    assert code_hits(corpus, confirmed, "Procesos/Derivación", "ana.gimenez") == {"coded": 3, "existing": 0}
    assert code_hits(corpus, confirmed, "Procesos/Derivación", "ana.gimenez") == {"coded": 0, "existing": 3}
    with corpus.session() as s:
        codings = s.scalars(select(Coding).where(Coding.coder == "ana.gimenez")).all()
        assert {c.origin for c in codings} == {"manual"}
        spans = sorted((c.start, c.end) for c in codings)
    assert spans == sorted((h.start, h.end) for h in confirmed)


def test_coding_all_hits_is_one_action_the_coder_can_undo(corpus):
    from atlas_qual.store.undo import redo, undo

    confirmed = search(corpus, "derivación").hits
    assert code_hits(corpus, confirmed, "Procesos/Derivación", "ana.gimenez")["coded"] == len(confirmed)

    def count():
        with corpus.session() as s:
            return len(s.scalars(select(Coding).where(Coding.coder == "ana.gimenez")).all())

    assert undo(corpus, "ana.gimenez").kind == "apply"
    assert count() == 0
    redo(corpus, "ana.gimenez")
    assert count() == len(confirmed)


def test_cli_search_lists_hits_and_codes_chosen_ones(corpus, project_path, cli):
    out = cli("search", "derivación", "--territory", "San Pedro", "--project", project_path)
    assert out.code == 0, out.err
    assert "»derivación«" in out.out and "Rosa" not in out.out
    coded = cli("search", "derivación", "--code", "Procesos/Derivación", "--coder", "ana", "--hits", "1",
                "--json", "--project", project_path)
    assert coded.json()["coded"]["coded"] == 1 and coded.json()["coded"]["hits"] == [1]
    bad = cli("search", "derivación", "--code", "Procesos/Derivación", "--coder", "ana", "--hits", "99",
              "--project", project_path)
    assert bad.code == 1 and "99" in bad.err
    gn = cli("search", "inspector", "--lang", "gn", "--json", "--project", project_path)
    assert [h["language"] for h in gn.json()["hits"]] == ["gn"]


def test_empty_query_is_refused_with_a_hint():
    with pytest.raises(AtlasQualError) as info:
        parse_query("  ")
    assert "deriv*" in info.value.message("es")
