"""Sanity check for the holdout3 theme corpora (reads only this folder). Run: python3 check_holdout3.py"""
import csv, collections, glob, os, re
D = os.path.dirname(os.path.abspath(__file__))
WL = {"interview3_es": (8, 70), "paraphrased3_es": (5, 40), "short3_es": (2, 7), "mixed3_es_en": (5, 40), "long3_es": (80, 200)}
ok = True
alltexts = collections.Counter()
for name, (lo, hi) in WL.items():
    rows = list(csv.DictReader(open(f"{D}/{name}.csv", encoding="utf-8", newline="")))
    assert list(rows[0].keys()) == ["text", "label"]
    cnt = collections.Counter(r["label"] for r in rows)
    texts = collections.Counter(r["text"].strip().lower() for r in rows)
    dups = [t for t, c in texts.items() if c > 1]
    alltexts.update(texts.keys())
    wc = [len(r["text"].split()) for r in rows]
    bad = [(len(r["text"].split()), r["text"][:60]) for r in rows if not lo <= len(r["text"].split()) <= hi]
    snake = all(re.fullmatch(r"[a-z]+(_[a-z]+)*", l) for l in cnt)
    seeds = list(csv.DictReader(open(f"{D}/seeds_{name}.csv", encoding="utf-8", newline="")))
    assert list(seeds[0].keys()) == ["name", "description"]
    labels = sorted(cnt)
    seed_ok = len(seeds) == len(labels)
    names_ok = all(2 <= len(s["name"].split()) <= 4 for s in seeds)
    print(f"== {name}: {len(rows)} rows, words {min(wc)}-{max(wc)} (mean {sum(wc)/len(wc):.1f}), dups={len(dups)}, snake={snake}, seeds={len(seeds)} match={seed_ok}, seed names 2-4 words={names_ok}")
    for l in labels:
        print(f"   {l}: {cnt[l]}")
    for l, s in zip(labels, seeds):
        print(f"   seed: {l} -> {s['name']}")
    if bad: print("   OUT OF RANGE:", bad); ok = False
    if dups: print("   DUPS:", dups); ok = False
    if not (seed_ok and names_ok and snake): ok = False
cross = [t for t, c in alltexts.items() if c > 1]
print("cross-file duplicates:", cross)
print("ALL OK" if ok else "PROBLEMS")
