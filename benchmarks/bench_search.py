"""Full-text search over 200 transcripts x 3,000 words: the index (store.search_index) against a plain `re` scan of the
same text in the same run, plus the time to build the index.

The corpus is synthetic Spanish interviews (a Zipf vocabulary with the project's terms, turns of about 60 words,
"derivación"/"derivaciones" a few times per interview). The search is "derivación" (every inflection, accents
ignored); the baseline reads the same transcripts' text from the store and scans it with one compiled regular
expression for the same forms, cutting the same keyword-in-context lines (redacted the same way in the second row).
Both return the same hits (asserted).
Best of 5 runs with ``time.perf_counter``; target: ratio index/re <= 1 once indexed.
Run: ``python -m benchmarks search`` (``BENCH_SEARCH_TRANSCRIPTS=20`` for a quick try).
"""

from __future__ import annotations

from benchmarks._timing import best_of

import os
import random
import re
import tempfile
import time
from pathlib import Path

TRANSCRIPTS = int(os.environ.get("BENCH_SEARCH_TRANSCRIPTS", "200"))
WORDS, TURN_WORDS, REPEAT = 3_000, 60, 5
_VOCAB = ("de la que el en y a los se del las un por con no una su para es al lo como más pero sus le ya o "
          "fiscalía inspección trabajo infantil trata personas casos denuncia denuncias víctima víctimas niños "
          "escuela familia estancia cosecha comunidad municipio coordinación mesa consejo instituciones protocolo "
          "presupuesto vehículos personal capacitación registro datos ruta intervención policía juzgado defensoría "
          "ministerio codeni conaeti mtess tardan llega llegan avisan hacemos tenemos falta faltan funciona "
          "semanas meses días año distrito departamento chaco frontera radio teléfono oficina visita visitas").split()


def _corpus(n: int, seed: int = 2025) -> list[str]:
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(_VOCAB))]
    texts = []
    for t in range(n):
        words = rng.choices(_VOCAB, weights, k=WORDS)
        for k in range(3):  # a few mentions per interview, in both forms
            words[rng.randrange(WORDS)] = "derivación" if k % 2 == 0 else "derivaciones"
        turns, speakers = [], ("Entrevistadora", "Consejera")
        for i in range(0, WORDS, TURN_WORDS):
            turns.append(f"{speakers[(i // TURN_WORDS) % 2]}: " + " ".join(words[i:i + TURN_WORDS]).capitalize() + ".")
        texts.append(f"DMOP: CR\nTerritorio: San Pedro\nSeudónimo: C-{t:03d}\n\n" + "\n".join(turns) + "\n")
    return texts


def _best(func, repeat: int = REPEAT) -> tuple[float, object]:
    return best_of(func, repeat)


def run() -> list[dict]:
    from sqlalchemy import select

    from atlas_qual.search import kwic
    from atlas_qual.store import open_project
    from atlas_qual.store.models import SearchToken, Segment, Transcript
    from atlas_qual.store.reference import init_project
    from atlas_qual.store.search_index import ensure_index, search
    from atlas_qual.store.transcripts import import_files

    with tempfile.TemporaryDirectory(prefix="aq-bench-search-") as tmp:
        folder = Path(tmp)
        project = open_project(folder / "bench.db", create=True)
        init_project(project)
        files = []
        for i, text in enumerate(_corpus(TRANSCRIPTS)):
            path = folder / f"e{i:03d}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(path)
        start = time.perf_counter()
        report = import_files(project, files)
        import_s = time.perf_counter() - start
        assert not report.errors, report.errors[:3]
        # the index alone: drop it and build it again for every transcript
        project.write(lambda s: s.execute(SearchToken.__table__.delete()))
        start = time.perf_counter()
        ensure_index(project)
        index_s = time.perf_counter() - start
        with project.session() as s:
            words = s.query(SearchToken).count()

        def ours():
            return search(project, "derivación", redact=False)

        pattern = re.compile(r"(?<!\w)derivaci[oó]n(?:es)?(?!\w)", re.I)

        def theirs(redactor=None):
            hits = []
            with project.session() as s:
                rows = s.execute(select(Segment.id, Segment.start, Segment.text)
                                 .join(Transcript, Transcript.id == Segment.transcript_id)
                                 .order_by(Transcript.id, Segment.ordinal)).all()
            for seg_id, seg_start, text in rows:
                for m in pattern.finditer(text):
                    hits.append((seg_id, seg_start + m.start(), kwic(text, m.start(), m.end(), redactor)))
            return hits

        search(project, "derivación")  # warm the lemma cache and the connection, as a page would be
        ours_s, ours_v = _best(ours)
        theirs_s, theirs_v = _best(theirs)
        assert [(h.segment_id, h.start) for h in ours_v.hits] == [(h[0], h[1]) for h in theirs_v], "different hits"
        redacted_s, _ = _best(lambda: search(project, "derivación"))
        from atlas_qual.store.transcripts import project_redactor

        redactor = project_redactor(project)
        theirs_redacted_s, _ = _best(lambda: theirs(redactor))
        project.dispose()
    label = f"{TRANSCRIPTS} transcripts x {WORDS:,} words"
    return [
        {"metric": f"search 'derivación' with KWIC, {label} ({len(ours_v.hits)} hits)", "value": round(ours_s, 5),
         "unit": "s", "baseline": round(theirs_s, 5),
         "baseline_name": "re scan of the same turns read from the store, same KWIC, same hits",
         "ratio": round(ours_s / theirs_s, 3), "target": "<= 1", "ok": ours_s <= theirs_s},
        {"metric": f"same search, KWIC redacted (the default), {label}", "value": round(redacted_s, 5), "unit": "s",
         "baseline": round(theirs_redacted_s, 5), "baseline_name": "re scan as above, KWIC redacted the same way",
         "ratio": round(redacted_s / theirs_redacted_s, 3), "target": "<= 1", "ok": redacted_s <= theirs_redacted_s},
        {"metric": f"index build, {label} ({words:,} words)", "value": round(index_s, 3), "unit": "s",
         "baseline": round(import_s, 3), "baseline_name": "whole import of the same files (index included)",
         "ratio": round(index_s / import_s, 3), "target": "-", "ok": True},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
