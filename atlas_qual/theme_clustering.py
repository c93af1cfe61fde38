"""Clustering for themes: k-means with k chosen by silhouette (penalised for tiny themes), seeded k-means for
guided themes, and the figures analysts review (per-theme coherence, per-text confidence).

Works on any unit-vector embedding (lexical LSA, multilingual-e5, their combination, a sentence-transformers model):
the silhouette compares each text's distance to its own theme with the next one, so it does not depend on how
spread the space is, unlike the Calinski-Harabasz index that only suited the lexical vectors.

Examples:
    >>> labels, scores = cluster_auto(vectors, min_size=3)        # doctest: +SKIP
    >>> labels, scores = cluster_auto(vectors, min_size=3, k=6)   # the analyst's K, exactly
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

DEFAULT_SEED = 42
MAX_THEMES = 20
SILHOUETTE_SAMPLE = 1000
CONFIDENCE_TEMPERATURE = 0.05  # softmax temperature over cosines to the theme centres
# Silhouette an emergent theme must add to be kept beside the analyst's candidate themes. Chosen on the tuning
# corpora (tests/data/themes/tuning, with their seeds): 0.015-0.03 all keep no emergent theme where the
# candidates cover the texts and one where they do not; guided ARI there 0.37/0.48/0.11/0.26 -> 0.49/0.53/0.23/0.50.
EMERGENT_PENALTY = 0.02
# Choosing k: texts in themes under this share of the run count against a k at this weight (beside the minimum
# size's full penalty). Round 10, chosen on the tuning corpora only (tests/data/themes/tuning and the round-2 ones):
# on weakly grouped texts (interview answers, short and paraphrased ones) the silhouette keeps rising with k, as
# near-repeats of one statement form tight little groups, and k ran to 11-20 for 4-7 true themes; with 0.07 / 0.5
# mean automatic ARI 0.590 -> 0.616 and themes found / true from 1.8-2.9x to 1.0-1.75x there, the well-grouped
# corpora unchanged (their peak is already at the true k). Nothing changes under 50 texts (the share is then
# below the minimum size). docs/themes.md, round 10.
SMALL_THEME_SHARE = 0.07
SMALL_THEME_WEIGHT = 0.5


def _kmeans(x, k: int, seed: int, n_init: int):
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(x).labels_


def penalised_silhouette(x, labels, min_size: int, seed: int = DEFAULT_SEED) -> float:
    """Mean cosine silhouette minus the share of texts in themes smaller than ``min_size``.

    The penalty keeps k from growing into many two-text themes that a silhouette alone can like on short texts.
    """
    import numpy as np
    from sklearn.metrics import silhouette_score

    sizes = np.bincount(labels)
    if (sizes > 0).sum() < 2:
        return -1.0
    tiny = sizes[labels].__lt__(min_size).mean()
    sample = SILHOUETTE_SAMPLE if len(x) > SILHOUETTE_SAMPLE else None
    return float(silhouette_score(x, labels, metric="cosine", sample_size=sample, random_state=seed)) - float(tiny)


def choice_score(score: float, labels, min_size: int) -> float:
    """The score a k is chosen by: the penalised silhouette, less ``SMALL_THEME_WEIGHT`` times the share of texts
    in themes under ``SMALL_THEME_SHARE`` of the run where that costs more than the minimum size's penalty."""
    import numpy as np

    sizes = np.bincount(labels)[labels]
    small = max(min_size, round(SMALL_THEME_SHARE * len(labels)))
    tiny = float((sizes < min_size).mean())
    return score + tiny - max(tiny, SMALL_THEME_WEIGHT * float((sizes < small).mean()))


def cluster_auto(vectors, *, min_size: int = 3, k: int | None = None, k_max: int = MAX_THEMES,
                 seed: int = DEFAULT_SEED, progress: Callable[[float], None] | None = None):
    """Theme of each row (-1 for zero rows), ordered by size (0 = largest), and the score of each k tried.

    ``k`` given: exactly that many themes (fewer only when there are fewer distinct texts). Otherwise k in
    2..``k_max`` with the best :func:`choice_score`; themes under ``min_size`` are then folded into their nearest.
    The scores returned are the penalised silhouettes (what tells whether the texts form clear groups at all).
    """
    import numpy as np

    x = np.asarray(vectors, dtype=np.float64)
    labels = np.full(len(x), -1, dtype=int)
    live = np.flatnonzero(np.linalg.norm(x, axis=1) > 1e-9)
    xs = x[live]
    distinct = len(np.unique(np.round(xs, 6), axis=0)) if len(xs) else 0
    scores: dict[int, float] = {}
    if distinct < 2:
        labels[live] = 0
        return order_by_size(labels), scores
    n_init = 10 if len(xs) <= 1000 else 4
    if k is not None:
        chosen = _kmeans(xs, max(1, min(k, distinct)), seed, n_init)
    else:
        hi = max(2, min(k_max, len(xs) // max(min_size, 1), distinct - 1 if distinct > 2 else 2))
        ks = list(range(2, hi + 1))
        best = None
        for i, kk in enumerate(ks):
            sub = _kmeans(xs, kk, seed, n_init)
            scores[kk] = round(penalised_silhouette(xs, sub, min_size, seed), 4)
            choice = choice_score(scores[kk], sub, min_size)
            if best is None or choice > best[0]:
                best = (choice, sub)
            if progress:
                progress((i + 1) / len(ks))
        chosen = fold_small(xs, best[1], min_size)
    labels[live] = chosen
    return order_by_size(labels), scores


def cluster_seeded(vectors, seed_vectors, *, min_size: int = 3, max_emergent: int = 6, seed: int = DEFAULT_SEED,
                   iterations: int = 30, emergent: int | None = None):
    """Guided themes: k-means whose first centres are the analyst's candidate themes, plus 0..``max_emergent``
    emergent themes for texts that fit none (how many by the penalised silhouette, less ``EMERGENT_PENALTY`` per
    emergent theme; exactly ``emergent`` when given, as when the analyst asks for K themes in all).

    Returns labels where 0..s-1 are the seeds in their order and s.. the emergent themes (by size), -1 for zero
    rows, and the score of each number of emergent themes tried. A seed keeps its identity even when few texts
    fit it (a candidate theme nobody spoke about is a finding too).
    """
    import numpy as np
    from sklearn.preprocessing import normalize

    x = np.asarray(vectors, dtype=np.float64)
    s = normalize(np.asarray(seed_vectors, dtype=np.float64))
    labels = np.full(len(x), -1, dtype=int)
    live = np.flatnonzero(np.linalg.norm(x, axis=1) > 1e-9)
    xs = x[live]
    best = None
    scores: dict[int, float] = {}
    tried = range(0, max(0, min(max_emergent, len(xs) // max(min_size, 1) - len(s))) + 1) if emergent is None else \
        [max(0, min(emergent, len(xs) - len(s)))]
    for e in tried:
        centres = s.copy()
        for _ in range(e):  # farthest-point start: the text least like every centre so far
            far = int(np.argmin((xs @ centres.T).max(axis=1)))
            centres = np.vstack([centres, xs[far]])
        sub = _lloyd(xs, centres, len(s), iterations)
        scores[e] = round(penalised_silhouette(xs, sub, min_size, seed), 4) if len(set(sub)) > 1 else -1.0
        # each emergent theme must earn its place: the analyst's candidates come first, and a silhouette that
        # creeps up with every extra theme would otherwise let emergent themes take the candidates' texts
        score = scores[e] - EMERGENT_PENALTY * e
        if best is None or score > best[0] + 1e-9:
            best = (score, sub)
    sub = best[1]
    # emergent themes ordered by size after the seeds; seeds keep their numbers
    n_seeds = len(s)
    emergent = [i for i, _ in Counter(c for c in sub.tolist() if c >= n_seeds).most_common()]
    mapping = {old: n_seeds + new for new, old in enumerate(emergent)}
    labels[live] = [c if c < n_seeds else mapping[c] for c in sub.tolist()]
    return labels, scores


def _lloyd(x, centres, n_fixed: int, iterations: int):
    """Spherical k-means from given centres; a seed centre keeps some pull toward the analyst's description."""
    import numpy as np
    from sklearn.preprocessing import normalize

    seeds = centres[:n_fixed].copy()
    labels = np.argmax(x @ centres.T, axis=1)
    for _ in range(iterations):
        new = centres.copy()
        for c in range(len(centres)):
            members = x[labels == c]
            if len(members):
                mean = members.mean(axis=0)
                new[c] = mean + (seeds[c] / max(len(members), 1) if c < n_fixed else 0.0)
        centres = normalize(new)
        updated = np.argmax(x @ centres.T, axis=1)
        if (updated == labels).all():
            break
        labels = updated
    return labels


def fold_small(x, labels, min_size: int):
    """Themes under ``min_size`` texts, smallest first, folded into the theme whose centre is nearest."""
    import numpy as np

    labels = labels.copy()
    while True:
        ids, counts = np.unique(labels, return_counts=True)
        if len(ids) <= 1 or counts.min() >= min_size:
            return labels
        smallest = ids[np.argmin(counts)]
        others = [i for i in ids if i != smallest]
        centres = np.stack([x[labels == i].mean(axis=0) for i in others])
        rows = np.flatnonzero(labels == smallest)
        labels[rows] = np.asarray(others)[np.argmax(x[rows] @ centres.T, axis=1)]


def order_by_size(labels):
    """Labels renumbered by size (0 = largest), ties by first appearance; -1 stays -1."""
    import numpy as np

    labels = np.asarray(labels)
    ids = [i for i in dict.fromkeys(labels.tolist()) if i != -1]
    size = Counter(labels.tolist())
    ranked = sorted(ids, key=lambda i: (-size[i], ids.index(i)))
    mapping = {old: new for new, old in enumerate(ranked)}
    return np.asarray([mapping.get(i, -1) for i in labels.tolist()], dtype=int)


def centroids(x, labels, k: int | None = None):
    """Unit centre of each theme 0..k-1 (zero for an empty one)."""
    import numpy as np
    from sklearn.preprocessing import normalize

    labels = np.asarray(labels)
    k = k if k is not None else (max(int(labels.max()) + 1, 1) if len(labels) else 1)
    return normalize(np.stack([x[labels == i].mean(axis=0) if (labels == i).any() else np.zeros(x.shape[1])
                               for i in range(k)]))


def confidences(x, centres, labels) -> list[float]:
    """How clearly each text belongs to its theme: its softmax weight over the cosines to every theme centre
    (1.0 = no other theme close; near 1/k = could be any). Texts without a theme get 0."""
    import numpy as np

    if len(centres) == 0:
        return [0.0] * len(x)
    sims = np.asarray(x) @ np.asarray(centres).T
    z = (sims - sims.max(axis=1, keepdims=True)) / CONFIDENCE_TEMPERATURE
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    return [round(float(p[i, c]), 3) if c >= 0 and np.linalg.norm(x[i]) > 1e-9 else 0.0
            for i, c in enumerate(np.asarray(labels).tolist())]


def coherence(x, members: Sequence[int]) -> float:
    """Mean cosine between the texts of one theme (0 = unrelated, 1 = the same); 1.0 for a single text."""
    import numpy as np

    m = np.asarray(x)[list(members)]
    n = len(m)
    if n < 2:
        return 1.0
    total = m.sum(axis=0)
    return round(float((total @ total - (m * m).sum()) / (n * (n - 1))), 3)
