"""Import + auto-coding speed-ups that must not change any result.

A corpus (the demo interviews with their manifest, the import-shape files, generated benchmark interviews and a few
files written for the edge cases the faster paths treat apart: invisible characters, CRLF, trailing blanks, no-break
spaces, underscores, combining marks, Guaraní with its puso, English, numbers, e-mails, Zoom-style names) is imported
in three batches and auto-coded twice. Everything a user sees of it is compared with what the code before the
speed-ups gave, frozen in ``data/perf_field9_expected.json``: the import report, the transcripts' and turns' texts,
offsets, speakers and languages, the names hidden at import, the auto-coding report and every suggestion (code, rule,
matched spans), the search index rows, the hits (redacted keyword in context) of a set of queries, and each turn as
``atlas-qual segments`` shows it (redacted). Values are kept as (count, digest) per file and section, so a failure
names the file and what changed. Regenerate only from unchanged code: ``python tests/test_perf_field9.py --freeze``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).resolve().parent / "data" / "perf_field9_expected.json"

EDGE: dict[str, bytes] = {
    # BOM, CRLF, zero-width and bidi marks, soft hyphen, no-break and thin spaces, trailing blanks, U+3000, U+2028,
    # many blank lines, underscores, a phone number, a listed-looking name
    "borde_invisible.txt": (
        "\ufeffTítulo: Prueba de invisibles\r\nIdioma: es\r\nEntrevistada: Rosa Benítez\r\nSeudónimo: INV-01\r\n\r\n"
        "Entrevistadora: ¿Qué\u200b pasó con la inspección?  \t\r\n\r\n\r\n\r\n"
        "Rosa\u00a0Benítez: Faltan inspectores\u00ad en la regional.\u3000\r\nLa fiscalía derivó el caso a la "
        "CODENI; llamá al 0981\u202f123\u00a0456 o escribí a rosa.benitez@example.org.   \r\n\r\n"
        "Entrevistadora: ¿Y la mesa de trata?\u200e\r\n\r\n"
        "Rosa Benítez: La mesa de trata no se reúne; palabra_clave y dato_2 quedaron en el acta\u2028nueva línea "
        "del\u2009acta, con la ficha única de derivación.\t\r\n\r\n"
        "Entrevistadora: ¿Algo más?\r\n\r\nRosa Benítez: Lo mejor fue conocernos personalmente.\u200b"
    ).encode("utf-8"),
    # combining marks that NFC composes (n + U+0303) and one it cannot (g + U+0303), the puso in three spellings,
    # underscores next to the puso, jopara
    "borde_guarani.txt": (
        "Idioma: es\n\nEntrevistador: ¿Mba'éichapa oĩ la coordinación?\n\n"
        "Néstor Duarte: Ko'ápe ndaipóri inspector ha umi mitã omba’apo kokuépe. Ñande ñeʼẽ ha la Nin\u0303ez, "
        "mbog\u0303ue y pyg\u0303a; a'_b x_'y ja'_e.\n\n"
        "Entrevistador: ¿Y la fiscalía?\n\n"
        "Néstor Duarte: La gente ndoikuaái mba'éichapa ojedenuncia la trata, entonces no se denuncia. Ha sido "
        "difícil, ha hecho lo que pudo. Ore romba'apo escuelape ha comisaríape.\n"
    ).encode("utf-8"),
    # no header, speakers named as Zoom and Teams write them (hidden at import)
    "borde_zoom.txt": (
        "Juan Pérez: Buenas tardes, ¿me escuchan?\n\n"
        "María González: Sí. En Ciudad del Este los casos de trata internacional pasan por el Puente de la Amistad.\n\n"
        "Juan Pérez: ¿Cuántas denuncias llegaron por la línea 147?\n\n"
        "María González: Unas 3,5 por semana; el 2do informe sale en www.mtess.gov.py, cédula 1.234.567 del "
        "denunciante. Los adolescentes rescatados fueron al CODENI-pe y al socio-económico.\n"
    ).encode("utf-8"),
    "borde_english.txt": (
        "Language: en\n\nInterviewer: What worked best in the unified procedure?\n\n"
        "Respondent: The labour inspectors referred three child labour cases to the prosecutor's office, and we "
        "don't wait for the police anymore. Coordination improved a lot since the first workshop.\n\n"
        "Interviewer: What would you recommend?\n\n"
        "Respondent: A shared directory with the phone numbers of each institution; there's no budget for fuel.\n"
    ).encode("utf-8"),
    # words longer than the index keeps (folded alike in their first 120 letters), a lone combining mark (a word
    # that folds to nothing), two spellings of the same folded word in one interview
    "borde_largo.txt": (
        "Entrevistadora: ¿Qué dijo la " + "supercalifragilistico" * 7 + "a del informe?\n\n"
        "Liz Cáceres: El " + "supercalifragilistico" * 7 + "o y el " + "Supercalifragilístico" * 7 + " no \u0301 "
        "sirven. La Fiscalia y la fiscalía, las derivaciones y las Derivaciones: recomendaría recomendaria.\n"
    ).encode("utf-8"),
    # Windows-1252, a lone CR line end and a form feed
    "borde_cp1252.txt": (
        "Entrevistadora: ¿Cómo cambió la coordinación con las otras instituciones?\r"
        "\rGraciela Villalba: La coordinación con la fiscalía aumentó bastante desde el primer taller del piloto."
        "\x0cLas órdenes de allanamiento tardan semanas.\r\rEntrevistadora: ¿Y el registro?\r\r"
        "Graciela Villalba: El registro de denuncias sigue siendo muy débil.\r"
    ).encode("cp1252"),
}
QUERIES = ("inspectores", "fiscalía", "derivación", '"mesa de trata"', "inspec*", "ndaipóri", "mba'e",
           "recomendar", "trabajo infantil", "palabra", "niñez", "ninez", "labour", "0981", "codeni", "coordinación",
           "rescatados", '"lo mejor"', "deriv* fiscalía")


def _write_corpus(folder: Path) -> list[list[Path]]:
    """The three import batches: the demo interviews (with their manifest), the import-shape files and generated
    interviews, and the edge-case files."""
    from benchmarks.bench_coding import generate_transcript

    demo = sorted(p for p in (ROOT / "data" / "interviews").iterdir() if not p.name.startswith("."))
    shapes = sorted((ROOT / "tests" / "data" / "import_shape").iterdir())
    generated = []
    for i in range(6):
        path = folder / f"generada_{i:02d}.txt"
        path.write_text(generate_transcript(i, words=700, seed=9), encoding="utf-8")
        generated.append(path)
    edge = []
    for name, data in EDGE.items():
        path = folder / name
        path.write_bytes(data)
        edge.append(path)
    return [demo, shapes + generated, edge]


def _digest(value) -> list:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return [len(value) if isinstance(value, (list, dict)) else 1, hashlib.sha256(text.encode()).hexdigest()[:20]]


def _observe(project, reports, autocodes, folder: Path) -> dict:
    """Everything the import and auto-coding left, per transcript file and section, as (count, digest)."""
    from sqlalchemy import select

    from atlas_qual.store.codebook import index_of
    from atlas_qual.store.models import Coding, RedactionName, SearchToken, Segment, Transcript
    from atlas_qual.store.search_index import search
    from atlas_qual.store.transcripts import transcript_segments

    out: dict[str, dict] = {"_reports": {
        # the files as the report names them, without the folders they were in
        "import": _digest(json.loads(json.dumps([{**r.to_dict(), "warnings": r.warnings} for r in reports])
                                     .replace(str(folder), "<tmp>").replace(str(ROOT), "<repo>"))),
        "autocode": _digest([a.to_dict() for a in autocodes]),
    }}
    with project.session() as s:
        paths = {ref.id: ref.path for ref in index_of(s)}
        transcripts = s.execute(select(Transcript.id, Transcript.filename, Transcript.title, Transcript.text,
                                       Transcript.language, Transcript.interviewee, Transcript.pseudonym)
                                .order_by(Transcript.id)).all()
        names = {t.id: t.filename for t in transcripts}
        for t in transcripts:
            segs = s.execute(select(Segment.ordinal, Segment.speaker, Segment.start, Segment.end, Segment.text,
                                    Segment.language, Segment.time_start, Segment.time_end)
                             .where(Segment.transcript_id == t.id).order_by(Segment.ordinal)).all()
            codings = s.execute(
                select(Segment.ordinal, Coding.code_id, Coding.coder, Coding.origin, Coding.status, Coding.start,
                       Coding.end, Coding.rule, Coding.matches)
                .join(Segment, Segment.id == Coding.segment_id).where(Segment.transcript_id == t.id)
                .order_by(Segment.ordinal, Coding.code_id, Coding.id)).all()
            index = s.execute(
                select(Segment.ordinal, SearchToken.position, SearchToken.term, SearchToken.lemma, SearchToken.start,
                       SearchToken.end)
                .join(Segment, Segment.id == SearchToken.segment_id).where(SearchToken.transcript_id == t.id)
                .order_by(SearchToken.position)).all()
            out[t.filename] = {
                "transcript": _digest([t.title, t.text, t.language, t.interviewee, t.pseudonym]),
                "segments": _digest([list(r) for r in segs]),
                "codings": _digest([[r[0], paths[r[1]], *r[2:]] for r in codings]),
                "search_index": _digest([list(r) for r in index]),
                "segments_redacted": _digest([[r["speaker"], r["text"], r["language"]]
                                              for r in transcript_segments(project, t.id)]),
            }
        hidden = [[r.name, r.replacement, r.kind, r.added_by]
                  for r in s.scalars(select(RedactionName).order_by(RedactionName.id))]
    out["_reports"]["hidden_names"] = _digest(hidden)
    for query in QUERIES:
        for redact in (True, False):
            hits = search(project, query, redact=redact).hits
            out["_search"] = out.get("_search", {})
            out["_search"][f"{query} redact={redact}"] = _digest(
                [[names[h.transcript_id], h.ordinal, h.speaker, h.start, h.end, h.left, h.match, h.right, h.language,
                  h.glued_left, h.glued_right, h.turn_offset] for h in hits])
    return out


def _run(project, folder: Path) -> dict:
    from atlas_qual.store.coding import autocode_project
    from atlas_qual.store.transcripts import import_files

    batches = _write_corpus(folder)
    reports = [import_files(project, batches[0], manifest=ROOT / "data" / "demo" / "manifest.csv")]
    reports += [import_files(project, batch) for batch in batches[1:]]
    reports.append(import_files(project, batches[2][:1]))  # a duplicate: refused, the same way
    autocodes = [autocode_project(project), autocode_project(project)]  # the second finds everything in place
    return _observe(project, reports, autocodes, folder)


def _differences(got: dict, expected: dict) -> list[str]:
    out = []
    for key in sorted(set(got) | set(expected)):
        a, b = got.get(key, {}), expected.get(key, {})
        for section in sorted(set(a) | set(b)):
            if a.get(section) != b.get(section):
                out.append(f"{key} / {section}: got {a.get(section)}, expected {b.get(section)}")
    return out


def test_import_and_autocode_give_what_they_gave_before_the_speed_ups(project, tmp_path):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    got = _run(project, tmp_path)
    assert len(got) == len(expected) > 30  # every file of the corpus was imported, as before
    assert not _differences(got, expected)


# the word patterns as they were before the speed-ups (the definitions the faster ones must agree with)
OLD_SEARCH_WORD = r"(?:[^\W_]|[\u0300-\u036f])+(?:['’ʼ](?:[^\W_]|[\u0300-\u036f])+)*"
OLD_LANGUAGE_WORD = r"[^\W\d_](?:[\w\u0303]|['’‘ʼ][^\W\d_])*"


def test_the_faster_word_patterns_find_the_same_words():
    """The search index's and the language detector's words, with the fast paths taken or not (underscores,
    combining marks, the puso's spellings, digits)."""
    import re
    import unicodedata

    from atlas_qual import nlp
    from atlas_qual.search import word_spans

    texts = [data.decode("utf-8", "replace") for data in EDGE.values()]
    texts += ["a'_b x_'y ja'_e", "mbog\u0303ue Nin\u0303ez", "dato_2_x 3,5 2do", "’a ʼb 'c d' e''f g'h’i ‘j k‘l",
              "", "_", "ñe'\u0303 a\u0301rbol", "x\u0300y z_\u0301w \u0303a", "İstanbul ǅemal ß 1a2b a'1 1'a"]
    old_search, old_language = re.compile(OLD_SEARCH_WORD), re.compile(OLD_LANGUAGE_WORD)
    for text in texts:
        found = list(old_search.finditer(text))
        assert word_spans(text) == ([m.group() for m in found], [m.start() for m in found], [m.end() for m in found])
        assert nlp._words(text) == old_language.findall(unicodedata.normalize("NFC", text).lower())


def test_text_without_invisible_characters_is_normalized_as_before():
    from atlas_qual.transcripts.model import _INVISIBLE, normalize_text

    for text in [*(data.decode("utf-8", "replace") for data in EDGE.values()), "plain text\n\n\nend  ",
                 "".join(map(chr, _INVISIBLE)) + "x", "a\x00b\u00a0c\u200bd\u2028e", "a \nb\t\nc\u3000\nd",
                 "a\n\nb", "a\n\n\n\n\nb\t", "x\u3000", "\n\n a \n", "no change at all", ""]:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        old = unicodedata_nfc(text.translate(_INVISIBLE))
        assert normalize_text(text) == old


def _old_language_scores(text: str) -> dict[str, float]:
    """language_scores as it was before the speed-ups: each distinct word weighed, times its count."""
    import re
    import unicodedata
    from collections import Counter

    from atlas_qual.nlp import _scores

    words = re.findall(OLD_LANGUAGE_WORD, unicodedata.normalize("NFC", text or "").lower())
    gn = es = en = 0.0
    counts = Counter(words)
    for word, count in counts.items():
        if word != "ha":
            g, e, n = _scores(word, "")
            gn, es, en = gn + g * count, es + e * count, en + n * count
    i = -1
    for _ in range(counts.get("ha", 0)):
        i = words.index("ha", i + 1)
        g, e, n = _scores(word="ha", nxt=words[i + 1] if i + 1 < len(words) else "")
        gn, es, en = gn + g, es + e, en + n
    return {"es": es, "en": en, "gn": gn, "words": float(len(words))}


def test_language_scores_and_turn_languages_are_those_of_before():
    from atlas_qual.nlp import detect_language, language_scores

    texts = [data.decode("utf-8", "replace") for data in EDGE.values()]
    texts += ["ha ha ha sido ha", "ha", "", "Ko'ápe oĩ che ha nde, la gente ha visto", "The labour inspectors ha",
              " ".join(["ndaipóri de la the"] * 3000), "mba’e ñe‘ẽ ore romba'apo escuelape"]
    for text in texts:
        got = language_scores(text)
        assert got == _old_language_scores(text)
        assert all(type(v) is float for v in got.values())
        assert language_scores(text) == got  # the words weighed before are weighed the same
    assert [detect_language(t) for t in ("Ko'ápe ndaipóri inspector", "There are no inspectors here", "")] == \
        ["gn", "en", "es"]


def test_regex_rules_find_what_the_patterns_find():
    """Regex rules are only run on texts holding their literal: the hits are every match of the pattern."""
    import re

    from atlas_qual.codebook import Rules
    from atlas_qual.coding import Matcher, Unit

    patterns = [r"\bMTESS\b", r"\bCODENIs?\b", r"(?i)\bcodeni\b", r"\b(?:147|137)\b", r"\d{4}", r"^La", r"a|e"]
    texts = ["El MTESS y la CODENI", "CODENIs y codeni; MTESSX", "línea 147 o 137, año 2025", "La fiscalía", "",
             "mtess", "xMTESS MTESS"]
    units = [Unit(i + 1, t, offset=100 * i) for i, t in enumerate(texts)]
    matcher = Matcher([(f"C{k}", Rules(regex=(p,))) for k, p in enumerate(patterns)], "es")
    got = {(s.segment_id, s.code): s.spans for s in matcher.match(units)}
    want = {}
    for k, p in enumerate(patterns):
        for u in units:
            spans = tuple(sorted({(u.offset + m.start(), u.offset + m.end()) for m in re.finditer(p, u.text)
                                  if m.end() > m.start()}))
            if spans:
                want[(u.id, f"C{k}")] = spans
    assert got == want


def unicodedata_nfc(text: str) -> str:
    """normalize_text as it was: every character translated, then the same steps."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[ \t\u3000]+$", "", text, flags=re.M)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n").rstrip()


def _freeze() -> None:  # pragma: no cover - run by hand against unchanged code
    import tempfile

    from atlas_qual.store import open_project
    from atlas_qual.store.reference import init_project

    with tempfile.TemporaryDirectory() as tmp:
        project = open_project(Path(tmp) / "p.db", create=True)
        init_project(project)
        got = _run(project, Path(tmp))
        project.dispose()
    EXPECTED.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__" and "--freeze" in sys.argv:  # pragma: no cover
    _freeze()
