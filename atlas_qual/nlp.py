"""Offline spaCy pipelines for Spanish and English interviews: lemmas, stop words and domain terms (CL, FL, HT).

Nothing here downloads anything: a trained spaCy pipeline (``es_core_news_sm`` / ``en_core_web_sm``) is used when it
is installed, otherwise a blank pipeline with a sentencizer and the lookup lemmatizer of ``spacy-lookups-data``.
Every pipeline also carries an entity ruler for the institutions, territories and CL/FL/HT terms of the ATLAS
project. spaCy is imported only when a pipeline is first needed.

Examples:
    >>> lemmas("Los inspectores derivaron los casos", "es", drop_stop=True)
    ['inspector', 'derivar', 'caso']
    >>> fold("Ñeembucú")
    'neembucu'
"""

from __future__ import annotations

from atlas_qual.text import fold  # noqa: F401  (re-exported: nlp.fold)

import importlib.util
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

LANGS = ("es", "en")
TRAINED_PIPELINES = {"es": "es_core_news_sm", "en": "en_core_web_sm"}

# Institutions and platforms of the project (acronym -> Spanish and English names and common short forms).
INSTITUTIONS: dict[str, tuple[str, ...]] = {
    "MTESS": ("MTESS", "Ministerio de Trabajo, Empleo y Seguridad Social", "Ministerio de Trabajo",
              "Ministry of Labor, Employment and Social Security", "Ministry of Labor", "Ministry of Labour",
              "inspección de trabajo", "inspección laboral", "labor inspection"),
    "MP": ("MP", "Ministerio Público", "Fiscalía", "Fiscalía General del Estado",
           "Unidad Especializada de Lucha contra la Trata", "Public Ministry", "Public Prosecutor's Office",
           "prosecutor's office"),
    "PJ": ("PJ", "Poder Judicial", "Corte Suprema de Justicia", "Judiciary", "juzgado de paz", "jueces de paz",
           "juez de paz"),
    "MDP": ("MDP", "Ministerio de la Defensa Pública", "Defensa Pública", "Defensoría Pública",
            "Public Defender's Office", "Public Defender"),
    "PN": ("PN", "Policía Nacional", "Departamento contra la Trata de Personas", "National Police", "policía"),
    "MINNA": ("MINNA", "Ministerio de la Niñez y la Adolescencia", "Ministerio de la Niñez",
              "Ministry of Children and Adolescents", "Fono Ayuda", "147"),
    "MINMUJER": ("MINMUJER", "Ministerio de la Mujer", "Ministry of Women", "SOS Mujer", "137"),
    "CODENI": ("CODENI", "CODENIs", "Consejería Municipal por los Derechos del Niño, Niña y Adolescente",
               "Consejerías Municipales por los Derechos del Niño, Niña y Adolescente",
               "Municipal Council for the Rights of Children and Adolescents", "consejería municipal"),
    "CONAETI": ("CONAETI", "Comisión Nacional de Erradicación de Trabajo Infantil",
                "Comisión Nacional de Erradicación de Trabajo Infantil y Protección del Trabajo Adolescente",
                "National Commission for the Eradication of Child Labor"),
    "CONTRAFOR": ("CONTRAFOR",
                  "Comisión Nacional de Derechos Fundamentales en el Trabajo y Prevención del Trabajo Forzoso",
                  "National Commission for Fundamental Rights at Work and Prevention of Forced Labor"),
    "MESA-TRATA": ("Mesa Interinstitucional para la Prevención y Combate a la Trata de Personas", "Mesa de Trata",
                   "mesa interinstitucional de trata", "Inter-Institutional Roundtable", "HT Roundtable",
                   "trafficking roundtable"),
    "CONSEJO-DEP": ("Consejos Departamentales de Lucha contra la Trata",
                    "Consejo Departamental de Lucha contra la Trata", "consejo departamental",
                    "consejos departamentales", "Departmental Council", "Departmental Councils"),
}

TERRITORIES: dict[str, tuple[str, ...]] = {
    "alto_parana": ("Alto Paraná", "Ciudad del Este"),
    "neembucu": ("Ñeembucú",),
    "san_pedro": ("San Pedro",),
    "boqueron": ("Boquerón", "Filadelfia"),
    "asuncion_central": ("Asunción", "Asunción y Central", "Gran Asunción", "departamento Central",
                         "Central department"),
}

# Child labor (CL), forced labor (FL), human trafficking (HT) and related terms, Spanish and English.
TOPIC_TERMS: dict[str, tuple[str, ...]] = {
    "child_labor": ("trabajo infantil", "trabajo infantil peligroso", "peores formas de trabajo infantil",
                    "trabajo adolescente", "child labor", "child labour", "worst forms of child labor"),
    "forced_labor": ("trabajo forzoso", "trabajo forzado", "servidumbre por deudas", "servidumbre", "forced labor",
                     "forced labour", "debt bondage"),
    "trafficking": ("trata de personas", "trata", "tratante", "tratantes", "human trafficking", "trafficking",
                    "trafficking in persons", "trafficker", "traffickers"),
    "criadazgo": ("criadazgo", "criadita", "criaditas", "criadito", "criaditos", "hijo de crianza", "hija de crianza"),
    "sexual_exploitation": ("explotación sexual", "explotación sexual comercial", "sexual exploitation",
                            "commercial sexual exploitation"),
    "complaint_channel": ("línea 147", "línea 137", "denuncia en línea", "hotline",
                          "complaint channel", "canal de denuncia", "canales de denuncia"),
}

# Conversational fillers of transcribed interviews; removed from theme terms as if they were stop words.
_FILLERS = {
    "es": {
        "entonces", "digamos", "bueno", "buena", "pues", "verdad", "este", "esto", "ahí", "allí", "nomás", "etc",
        "etcétera",
        "mire", "mirá", "mira", "che", "eh", "em", "mm", "mmm", "ajá", "aja", "okey", "ok", "vale", "claro",
        "justamente", "básicamente", "realmente", "obviamente", "ósea", "osea", "sí", "si", "no", "así", "acá",
        "allá", "tal", "cosa", "cosas", "sea", "dice", "decía", "digo", "creo", "sabe", "sabés", "entendés",
        "viste", "vio", "ponele", "capaz", "tipo", "igual", "siempre", "nunca", "vez", "veces", "hoy", "año",
        "años", "momento", "ejemplo", "forma", "manera", "parte", "hecho", "realidad", "tema", "temas",
    },
    "en": {
        "well", "like", "yeah", "yes", "um", "uh", "erm", "hmm", "okay", "ok", "basically", "honestly", "actually",
        "literally", "really", "just", "kinda", "sorta", "anyway", "anyways", "right", "so", "etc", "thing",
        "things", "stuff", "lot", "lots", "way", "time", "times", "year", "years", "example", "guess",
        "obviously", "course", "maybe", "sure", "also", "still", "even", "already",
    },
}

# Fillers of several words (matched on lowercased, accent-folded tokens).
FILLER_PHRASES: dict[str, tuple[tuple[str, ...], ...]] = {
    "es": (("o", "sea"), ("es", "decir"), ("la", "verdad"), ("por", "ejemplo"), ("mas", "o", "menos"),
           ("en", "realidad"), ("de", "hecho"), ("no", "se"), ("que", "se", "yo"), ("a", "ver")),
    "en": (("you", "know"), ("i", "mean"), ("kind", "of"), ("sort", "of"), ("i", "think"), ("you", "see"),
           ("to", "be", "honest"), ("at", "the", "end", "of", "the", "day")),
}

_pipelines: dict[str, object] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Mention:
    """A domain term found in a text: ``label`` INSTITUTION|TERRITORY|TOPIC, ``id`` the canonical id, char offsets."""

    label: str
    id: str
    text: str
    start: int
    end: int


def fold_cached(s: str) -> str:
    """``fold`` with a cache, for the many repeated words of a corpus."""
    return _fold_cached(s)


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGS}")
    return lang


@lru_cache(maxsize=2)
def STOP_WORDS(lang: str) -> frozenset[str]:  # noqa: N802 - reads as the constant it stands for
    """spaCy's stop words for ``lang`` plus interview fillers, each also in its accent-folded form.

    Examples:
        >>> {"digamos", "entonces", "o sea", "nomas"} <= STOP_WORDS("es")
        True
        >>> "basically" in STOP_WORDS("en")
        True
    """
    _check_lang(lang)
    if lang == "es":
        from spacy.lang.es.stop_words import STOP_WORDS as base
    else:
        from spacy.lang.en.stop_words import STOP_WORDS as base
    words = {w.lower() for w in base} | _FILLERS[lang] | {" ".join(p) for p in FILLER_PHRASES[lang]}
    return frozenset(words | {fold(w) for w in words})


def _ruler_patterns(lang: str) -> list[dict]:
    patterns = []
    groups = (("INSTITUTION", INSTITUTIONS), ("TERRITORY", TERRITORIES), ("TOPIC", TOPIC_TERMS))
    for label, table in groups:
        for ident, names in table.items():
            for name in dict.fromkeys(names + tuple(fold(n) for n in names)):
                if name.isdigit():
                    continue  # bare numbers (147, 137) only count inside "línea 147"
                patterns.append({"label": label, "pattern": name, "id": ident})
    return patterns


# Words the lookup tables get wrong in this domain (trafficking -> traffic, number -> numb).
_LEMMA_OVERRIDES = {
    "es": {},
    "en": {"trafficking": "trafficking", "trafficker": "trafficker", "traffickers": "trafficker", "does": "do"},
}


def _plural_candidates(word: str, lang: str) -> list[str]:
    if lang == "en":
        cands = [word[:-3] + "y"] if word.endswith("ies") else []
        return cands + [word[:-1], word[:-2]] if not word.endswith("ss") else cands
    return _spanish_plural_candidates(word)


def _spanish_plural_candidates(word: str) -> list[str]:
    cands = []
    if word.endswith("iones"):
        cands.append(word[:-5] + "ión")
    if word.endswith("ces"):
        cands.append(word[:-3] + "z")
    if word.endswith("es"):
        cands += [word[:-2], _unaccent_penultimate(word[:-2])]
    cands.append(word[:-1])
    return cands


def _unaccent_penultimate(word: str) -> str:
    # jóvenes -> joven, exámenes -> examen: the plural carries an accent the singular does not.
    return "".join(ch if not unicodedata.combining(ch) else "" for ch in unicodedata.normalize("NFD", word)) \
        if sum(ch in "áéíóú" for ch in word) == 1 else word


class _LemmaFix:
    """Pipeline component: each word's lemma from its lowercase form (``lemma_of``, also used without spaCy)."""

    def __init__(self, lemma_of) -> None:
        self.lemma_of = lemma_of

    def __call__(self, doc):
        for token in doc:
            token.lemma_ = self.lemma_of(token.lower_)
        return doc


def _lemma_fix_component(nlp, lang: str):
    """Lookup lemmas keyed by lowercase forms, with nouns (and Spanish adjectives) kept as they are.

    The Spanish lookup table maps many nouns to verbs (mesa -> mesar, protocolo -> protocolar, personas ->
    personar) and the English one number -> numb, which makes theme terms unreadable; spaCy's own part-of-speech
    word index (also in spacy-lookups-data) decides those cases.
    """
    from spacy.language import Language

    name = "atlas_lemma_fixes"
    if not Language.has_factory(name):

        @Language.factory(name, default_config={"lang": "es"})
        def _make(nlp, name, lang):  # noqa: ANN001 - spaCy factory signature
            from spacy.lookups import load_lookups

            table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup", {})
            nominal: set[str] = set()
            index = load_lookups(lang, ["lemma_index"], strict=False)
            if index.has_table("lemma_index"):
                pos_index = index.get_table("lemma_index")
                # English adjectives are mostly participles (rescued, learned): only nouns stay as they are there.
                kinds = ("noun", "adj") if lang == "es" else ("noun",)
                nominal = {w for pos in kinds for w in pos_index.get(pos, ()) if w.isalpha()}
            overrides = _LEMMA_OVERRIDES.get(lang, {})
            cache: dict[str, str] = {}

            def lemma_of(lower: str) -> str:
                if lower in overrides:
                    return overrides[lower]
                if lower in nominal:
                    return lower
                if nominal and lower.endswith("s") and len(lower) > 3:
                    for cand in _plural_candidates(lower, lang):
                        if cand in nominal:
                            return cand
                return table.get(lower, lower)

            def cached_lemma(lower: str) -> str:
                lemma = cache.get(lower)
                if lemma is None:
                    lemma = cache[lower] = lemma_of(lower)
                return lemma

            return _LemmaFix(cached_lemma)

    nlp.add_pipe(name, after="lemmatizer", config={"lang": lang})


def _ambiguous_trata_component(nlp):
    """Bare "trata" is also the verb of "se trata de" (it is about): that one is no trafficking mention."""
    from spacy.language import Language

    name = "atlas_trata_filter"
    if not Language.has_factory(name):

        @Language.component(name)
        def _filter(doc):
            def verb(ent):
                prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
                return ent.text.lower() == "trata" and prev in {"se", "que", "él", "ella", "usted"}

            if any(verb(e) for e in doc.ents):
                doc.ents = [e for e in doc.ents if not verb(e)]
            return doc

    nlp.add_pipe(name, after="entity_ruler")


def _build(lang: str):
    import spacy

    name = TRAINED_PIPELINES[lang]
    if importlib.util.find_spec(name) is not None:
        nlp = spacy.load(name)
        before = "ner" if "ner" in nlp.pipe_names else None
    else:
        if importlib.util.find_spec("spacy_lookups_data") is None:
            raise RuntimeError(
                "spacy-lookups-data is not installed; install it (pip install spacy-lookups-data) "
                f"or a trained pipeline ({name})"
            )
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        # Lookup tables come from the installed spacy-lookups-data package (registry entry points), never a download.
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        _lemma_fix_component(nlp, lang)
        before = None
    ruler = nlp.add_pipe("entity_ruler", before=before, config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(_ruler_patterns(lang))
    if lang == "es":
        _ambiguous_trata_component(nlp)
    return nlp


def get_nlp(lang: str = "es"):
    """The cached spaCy pipeline for ``lang`` ("es" or "en"), built on first use and shared by the process.

    Examples:
        >>> nlp = get_nlp("es")
        >>> [e.ent_id_ for e in nlp("Denunció ante el MTESS en Ñeembucú").ents]
        ['MTESS', 'neembucu']
    """
    _check_lang(lang)
    nlp = _pipelines.get(lang)
    if nlp is None:
        with _lock:
            nlp = _pipelines.get(lang)
            if nlp is None:
                nlp = _build(lang)
                _pipelines[lang] = nlp
    return nlp


def _lemma_pipes(nlp) -> list[str]:
    # Only what lemmas need: trained pipelines keep their tagger/morphologizer (rule lemmatizer uses POS).
    skip = {"entity_ruler", "ner", "parser", "sentencizer", "senter"}
    return [name for name in nlp.pipe_names if name in skip]


_BREAKERS = frozenset({"y", "e", "o", "u", "ni", "pero", "sino", "and", "or", "but", "nor"})


def _select(pairs: list, drop_stop: bool, stop: frozenset[str], phrases, chunks: bool = False) -> list:
    """Lemmas of (lowercase word, lemma) pairs (None = punctuation), minus filler phrases and stop words when
    asked; with ``chunks``, runs of lemmas that a two-word term may span (broken at punctuation, fillers,
    conjunctions and gaps of two or more stop words)."""
    keep = [p is not None for p in pairs]
    if drop_stop:
        folded = [_fold_cached(p[0]) if p else "" for p in pairs]
        firsts = {p[0] for p in phrases}
        for i, word in enumerate(folded):
            if word in firsts:
                for phrase in phrases:
                    n = len(phrase)
                    if tuple(folded[i:i + n]) == phrase:
                        keep[i:i + n] = [False] * n
    runs: list[list[str]] = [[]]
    gap = 0
    for pair, k in zip(pairs, keep):
        if not k:
            runs.append([])
            continue
        lower, lemma = pair
        if not any(ch.isalpha() for ch in lemma):
            continue
        if drop_stop and (lower in stop or lemma in stop or _fold_cached(lemma) in stop):
            gap += 1
            if gap >= 2 or lower in _BREAKERS:
                runs.append([])
            continue
        gap = 0
        runs[-1].append(lemma)
    runs = [r for r in runs if r]
    return runs if chunks else [w for r in runs for w in r]


@lru_cache(maxsize=65536)
def _fold_cached(s: str) -> str:
    return fold(s)


def _doc_pairs(doc) -> list:
    return [None if t.is_punct else (t.lower_, (t.lemma_ or t.text).lower()) for t in doc
            if not (t.is_space or t.like_num or t.like_url or t.like_email)]


def _fast_pairs(nlp, texts: Iterable[str], batch_size: int):
    """Blank pipelines: the lemma depends on the lowercase word alone, so tokenize and look words up once each
    instead of building a spaCy Token per word (several times faster on thousands of segments)."""
    from spacy.attrs import IS_PUNCT, IS_SPACE, LIKE_EMAIL, LIKE_NUM, LIKE_URL, LOWER

    lemma_of = nlp.get_pipe("atlas_lemma_fixes").lemma_of
    strings = nlp.vocab.strings
    cache: dict[int, tuple[str, str]] = {}
    attrs = [LOWER, IS_PUNCT, IS_SPACE, LIKE_NUM, LIKE_URL, LIKE_EMAIL]
    for doc in nlp.tokenizer.pipe(texts, batch_size=batch_size):
        pairs = []
        for row in doc.to_array(attrs).tolist() if len(doc) else ():
            if row[1]:
                pairs.append(None)
                continue
            if any(row[2:]):
                continue
            pair = cache.get(row[0])
            if pair is None:
                lower = strings[row[0]]
                pair = cache[row[0]] = (lower, lemma_of(lower))
            pairs.append(pair)
        yield pairs


def lemmatize_many(texts: Iterable[str], lang: str = "es", *, drop_stop: bool = False, chunks: bool = False,
                   batch_size: int = 256) -> list[list]:
    """Lowercased lemmas of the words of each text (punctuation and numbers dropped), in one fast batch.

    ``drop_stop=True`` also drops stop words and interview fillers (see ``STOP_WORDS``). ``chunks=True`` gives
    each text as runs of lemmas that a two-word term may span: punctuation, fillers, conjunctions and two or more
    stop words in a row break a run ("inspectores y fiscales" gives no "inspector fiscal").

    Examples:
        >>> lemmatize_many(["Las inspectoras visitaron estancias", "O sea, digamos que faltan inspectores"],
        ...                "es", drop_stop=True)
        [['inspector', 'visitar', 'estancia'], ['faltar', 'inspector']]
        >>> lemmatize_many(["Faltan inspectores y fiscales, y la ruta de intervención"], "es", drop_stop=True,
        ...                chunks=True)
        [[['faltar', 'inspector'], ['fiscal'], ['ruta', 'intervención']]]
    """
    nlp = get_nlp(lang)
    stop = STOP_WORDS(lang)
    phrases = FILLER_PHRASES[lang]
    texts = (t or "" for t in texts)
    if "atlas_lemma_fixes" in nlp.pipe_names:
        pairs = _fast_pairs(nlp, texts, batch_size)
    else:
        pairs = (_doc_pairs(doc) for doc in nlp.pipe(texts, batch_size=batch_size, disable=_lemma_pipes(nlp)))
    return [_select(p, drop_stop, stop, phrases, chunks) for p in pairs]


def lemmas(text: str, lang: str = "es", *, drop_stop: bool = False) -> list[str]:
    """Lowercased lemmas of the words of ``text``; pass them through ``fold`` for an accent-insensitive form.

    Examples:
        >>> lemmas("Inspectores derivaron", "es")
        ['inspector', 'derivar']
        >>> lemmas("The inspectors referred the cases", "en", drop_stop=True)
        ['inspector', 'refer', 'case']
    """
    return lemmatize_many([text], lang, drop_stop=drop_stop)[0]


def mentions(text: str, lang: str = "es") -> list[Mention]:
    """Institutions, territories and CL/FL/HT terms named in ``text``, with character offsets.

    Examples:
        >>> [(m.label, m.id) for m in mentions("Un caso de criadazgo en San Pedro, derivado a la CODENI")]
        [('TOPIC', 'criadazgo'), ('TERRITORY', 'san_pedro'), ('INSTITUTION', 'CODENI')]
    """
    doc = get_nlp(lang)(text)
    return [Mention(e.label_, e.ent_id_, e.text, e.start_char, e.end_char)
            for e in doc.ents if e.label_ in ("INSTITUTION", "TERRITORY", "TOPIC")]


def warm_up(langs: Sequence[str] = LANGS) -> None:
    """Build the pipelines now (e.g. in a background thread) so that the first real call is fast."""
    for lang in langs:
        get_nlp(lang)
