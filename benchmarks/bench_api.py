"""The analyst API: ``p.codings()`` (redacted, as analysts get it) on 200 transcripts x 60 codings each, against a
plain ``pandas.read_sql`` of the same query in the same run (target ratio <= 2).

The project is built directly in the store (200 interviews of 30 turns, 60 codings each, a third of them spans, a
listed name in one turn of ten) so the figure measures the frame, not an import. Best of 9 runs each,
taken in turns (ours, unredacted, read_sql, ours, ...) so a slow moment of the machine hits all three alike.
"""

from __future__ import annotations

from benchmarks._timing import best_of_interleaved

import random
import tempfile
import uuid
from pathlib import Path

TRANSCRIPTS, TURNS, CODINGS_PER, REPEAT = 200, 30, 60, 9
WORDS = ("la inspección llegó tarde porque no había movilidad y la fiscalía pidió el acta firmada por el "
         "inspector antes de derivar el caso a la defensoría; en la chacra trabajaban niños durante la zafra "
         "y la CODENI no tenía teléfono para avisar a la policía del distrito").split()


def build(path: Path) -> None:
    from atlas_qual.store import open_project
    from atlas_qual.store.models import Code, Coding, RedactionName, Segment, Transcript

    from atlas_qual.store.reference import init_project

    rng = random.Random(7)
    p = open_project(path, create=True)
    init_project(p)
    try:
        def fill(s):
            codes = [c.id for c in s.query(Code).all()][:20]
            s.add(RedactionName(name="Graciela Benítez de Ocampo", replacement="Docente CO-1"))
            for t in range(TRANSCRIPTS):
                turns, text, pos = [], [], 0
                for k in range(TURNS):
                    words = [rng.choice(WORDS) for _ in range(rng.randint(40, 90))]
                    if k % 10 == 3:
                        words[5:5] = ["Graciela", "Benítez"]
                    turn = " ".join(words)
                    turns.append((pos, pos + len(turn), turn))
                    text.append(turn)
                    pos += len(turn) + 1
                tr = Transcript(title=f"Entrevista {t}", filename=f"e{t}.txt", format="txt", sha256=uuid.uuid4().hex,
                                text="\n".join(text), dmop_id=("MAUEP", "IPACM", "CR")[t % 3],
                                territory_id=("alto_parana", "san_pedro", "boqueron")[t % 3], guid=str(uuid.uuid4()))
                s.add(tr)
                s.flush()
                segs = []
                for k, (a, b, turn) in enumerate(turns):
                    seg = Segment(transcript_id=tr.id, ordinal=k + 1, speaker="E" if k % 2 else "P", start=a, end=b,
                                  text=turn)
                    s.add(seg)
                    segs.append(seg)
                s.flush()
                seen = set()
                while len(seen) < CODINGS_PER:
                    seg = rng.choice(segs)
                    code = rng.choice(codes)
                    if rng.random() < 0.33:
                        a = rng.randint(seg.start, seg.end - 20)
                        span = (a, a + rng.randint(10, 19))
                    else:
                        span = (None, None)
                    if (seg.id, code, span) in seen:
                        continue
                    seen.add((seg.id, code, span))
                    s.add(Coding(segment_id=seg.id, code_id=code, coder="ana", start=span[0], end=span[1],
                                 guid=str(uuid.uuid4())))
        p.write(fill)
    finally:
        p.dispose()


SQL = """
SELECT codings.id, codings.segment_id, segments.transcript_id, segments.ordinal, codings.code_id, codings.coder,
       codings.origin, codings.status, codings.start, codings."end", segments.start AS seg_start, segments.text,
       transcripts.dmop_id, transcripts.territory_id, transcripts.institution_id, transcripts.role, transcripts.mode,
       codings.created_at
FROM codings JOIN segments ON segments.id = codings.segment_id JOIN transcripts ON transcripts.id = segments.transcript_id
WHERE codings.status = 'accepted' ORDER BY segments.transcript_id, segments.ordinal, codings.id
"""


def run() -> list[dict]:
    import sqlite3

    import pandas as pd

    import atlas_qual as aq

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        build(path)
        p = aq.open_project(path)
        con = sqlite3.connect(path)
        p.codings(), p.codings(redact=False), pd.read_sql(SQL, con)  # imports and caches warm for all three
        timed = best_of_interleaved({"ours": lambda: p.codings(), "raw": lambda: p.codings(redact=False),
                                     "theirs": lambda: pd.read_sql(SQL, con)}, REPEAT)
        (ours_s, frame), (raw_s, _), (theirs_s, plain) = timed["ours"], timed["raw"], timed["theirs"]
        con.close()
        p.close()
        assert len(frame) == len(plain) == TRANSCRIPTS * CODINGS_PER
        assert not frame["quote"].str.contains("Benítez").any()
    n = TRANSCRIPTS * CODINGS_PER
    return [
        {"metric": f"p.codings() redacted, {TRANSCRIPTS} transcripts x {CODINGS_PER} codings ({n} rows)",
         "value": round(ours_s, 4), "unit": "s", "baseline": round(theirs_s, 4),
         "baseline_name": "pandas.read_sql of the same query (no redaction, no dtypes)",
         "ratio": round(ours_s / theirs_s, 2), "target": "<= 2", "ok": ours_s / theirs_s <= 2},
        {"metric": "p.codings(redact=False), same project", "value": round(raw_s, 4), "unit": "s",
         "baseline": round(theirs_s, 4), "baseline_name": "pandas.read_sql of the same query",
         "ratio": round(raw_s / theirs_s, 2), "target": "(<= 2)", "ok": raw_s / theirs_s <= 2},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
