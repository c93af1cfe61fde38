"""Sanity check for the holdout4 theme corpora (reads only this folder). Run: python3 check_holdout4.py"""
import csv, collections, os, re
D = os.path.dirname(os.path.abspath(__file__))
# corpus -> (min words, max words, expected rows per label, expected number of labels)
SPEC = {
    "interview4_es": (8, 70, 40, 9),
    "paraphrased4_es": (5, 40, 13, 7),
    "short4_es": (2, 8, 10, 6),
    "mixed4_es_en": (5, 40, 10, 6),
    "long4_es": (80, 200, 8, 5),
}
EN = re.compile(r"\b(the|and|of|to|in|for|was|were|is|are|our|we|they|with|when|who|by)\b", re.I)
ES = re.compile(r"\b(el|la|los|las|de|del|que|y|en|por|para|una|un|con|se|es)\b", re.I)
ok = True
alltexts = collections.Counter()
for name, (lo, hi, per_label, n_labels) in SPEC.items():
    rows = list(csv.DictReader(open(f"{D}/{name}.csv", encoding="utf-8", newline="")))
    assert list(rows[0].keys()) == ["text", "label"]
    cnt = collections.Counter(r["label"] for r in rows)
    texts = collections.Counter(r["text"].strip().lower() for r in rows)
    dups = [t for t, c in texts.items() if c > 1]
    alltexts.update(texts.keys())
    wc = [len(r["text"].split()) for r in rows]
    bad = [(len(r["text"].split()), r["text"][:60]) for r in rows if not lo <= len(r["text"].split()) <= hi]
    snake = all(re.fullmatch(r"[a-z]+(_[a-z]+)*", l) for l in cnt)
    counts_ok = len(cnt) == n_labels and all(c == per_label for c in cnt.values())
    seeds = list(csv.DictReader(open(f"{D}/seeds_{name}.csv", encoding="utf-8", newline="")))
    assert list(seeds[0].keys()) == ["name", "description"]
    labels = sorted(cnt)
    seed_ok = len(seeds) == len(labels)
    names_ok = all(2 <= len(s["name"].split()) <= 4 for s in seeds)
    desc_ok = all(s["description"].strip() and "\n" not in s["description"] for s in seeds)
    print(f"== {name}: {len(rows)} rows, words {min(wc)}-{max(wc)} (mean {sum(wc)/len(wc):.1f}), dups={len(dups)}, "
          f"snake={snake}, counts={counts_ok}, seeds={len(seeds)} match={seed_ok}, seed names 2-4 words={names_ok}")
    for l in labels:
        print(f"   {l}: {cnt[l]}")
    for l, s in zip(labels, seeds):
        print(f"   seed: {l} -> {s['name']}")
    if name == "mixed4_es_en":  # each theme in both languages, half and half
        for l in labels:
            n_en = sum(1 for r in rows if r["label"] == l and len(EN.findall(r["text"])) > len(ES.findall(r["text"])))
            if n_en != cnt[l] // 2:
                print(f"   LANGUAGE SPLIT {l}: {n_en} English of {cnt[l]}"); ok = False
    if bad: print("   OUT OF RANGE:", bad); ok = False
    if dups: print("   DUPS:", dups); ok = False
    if not (seed_ok and names_ok and desc_ok and snake and counts_ok): ok = False
for name in SPEC:  # test data, not personal data: world-readable, not executable
    for f in (f"{D}/{name}.csv", f"{D}/seeds_{name}.csv"):
        if os.stat(f).st_mode & 0o777 != 0o644:
            print("   MODE not 0644:", f); ok = False
cross = [t for t, c in alltexts.items() if c > 1]
print("cross-file duplicates:", cross)
if cross: ok = False
print("ALL OK" if ok else "PROBLEMS")
