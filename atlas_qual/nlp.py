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
from collections import Counter
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

    ``lang`` is "es" or "en" (spaCy lookup lemmas), "gn" or "mixed" (Guaraní and jopara: lowercase tokens, no
    lookup, since a Spanish lemmatiser mangles Guaraní words) or "auto" (each text by ``detect_language``).
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
    if lang == "auto":
        return _lemmatize_by_language(list(texts), drop_stop=drop_stop, chunks=chunks, batch_size=batch_size)
    if lang in ("gn", "mixed"):
        return [guarani_tokens(t, drop_stop=drop_stop, chunks=chunks, also_spanish=lang == "mixed") for t in texts]
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


# ---------------------------------------------------------------------------------------------------------------
# Language of one text (Spanish, English, Guaraní or jopara), from orthography and function words alone: fast
# enough to run on every segment at import, and needing no model (no Guaraní model exists offline anyway).

TEXT_LANGS = ("es", "en", "gn", "mixed")

# Guaraní function words, pronouns, particles and very common words (standard spelling and the unaccented forms
# people type). Words that are also Spanish or English ("ha" of "ha sido", "che" of Paraguayan Spanish, "ore")
# are weighed apart below.
_GN_WORDS = frozenset("""
ko upe umi ndive rehe hína hina avei ñande ñane ore nde ne pende pene peẽ pee chéve cheve ndéve ndeve ñandéve
oréve chupe chupekuéra ha'e hae ha'ekuéra haekuera ndaha'éi ndahaei ndaipóri ndaiporii ndaipori oĩ oi oime
iporã ipora porã pora vai heta hetaiterei hikuái hikuai guive peve rupi ramo jave haguã hagua hag̃ua katu voi niko
ningo jepe avave avave mba'e mbae mba'éichapa mbaeichapa mba'érepa mbaerepa mba'apo mbaapo omba'apo ombaapo
tembiapo mitã mita mitãnguéra mitanguera mitãkuña mitakuña mitãrusu tekove tapicha tapichakuéra kuña kuimba'e
ko'ág̃a koaga ko'ãga ko'ápe koape upépe upepe ápe ape ikatu ndaikatúi ndaikatui ojapo ojapóva oiko oikóva ojehu
ojehúva ohecha oikuaa ndoikuaái ndoikuaai oikuaáva jaikuaa ñaikuaa jajapo ñañangareko oñangareko tetã teta
táva tava tavaygua óga oga tenda ára mokõi mbohapy peteĩ petei irundy umíva kóva kova ndaje ymave ko'ã koa
ñe'ẽ ñee avañe'ẽ avañee guaraníme guaranime castellanope oñemoarandu mbo'ehára mboehara mbo'ehao mboehao
tekotevẽ tekoteve oñeikotevẽ oñeñanduka ñepytyvõ pytyvõ oipytyvõ tembiguái mbarete ndikatúi
ndaje ou ohóvo oho jaha jahávo avei upéicha upeicha péicha peicha mávapa mávape araka'e araka'épa
hetave michĩ michi tuicha mbovy ñande'ýpe ñandéve tekoporã rembiapo upéi upei aguyje ñandejára ko'ýte
""".split())
# Also Spanish or English words: some Guaraní weight, never enough alone to call a text Guaraní.
_GN_WEAK = {"ha": 1.0, "che": 0.5, "pe": 0.75, "ore": 0.5, "ne": 0.25, "ou": 0.25, "oi": 0.25, "ape": 0.25,
            "ara": 0.25, "tava": 0.25, "oga": 0.25, "teta": 0.25, "pora": 0.25, "mita": 0.5, "koa": 0.25,
            "hina": 0.5, "cheve": 0.5, "pee": 0.25}
# Guaraní suffixes and prefixes also carried by Spanish loanwords in jopara ("escuelape", "la comisaríagui").
_GN_SUFFIXES = ("kuéra", "kuera", "nguéra", "nguera", "hápe", "hape", "rupi", "peve", "ndive", "guive", "gui",
                "re", "pe", "kuri", "hína", "ta", "va", "pa")
_GN_PREFIXES = ("ndo", "nda", "ndai", "oje", "oñe", "ñe", "nde", "oi", "omo", "ombo", "jaj", "ñañ")
_ES_WORDS = frozenset("""
de la que el en y los se del las un por con una su para es al lo como más mas pero sus le ya este porque esta
entre cuando muy sin sobre también tambien hasta hay donde quien desde todo nos durante todos uno les ni contra
otros ese eso ante ellos esto antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada
muchos cual poco ella estar estas algunas algo nosotros están estan fue ser tiene tienen hace hacer falta faltan
era eran son pueden puede porque según segun cada través traves hacia aunque así asi bien mejor después despues
""".split()) - {"no", "a", "me", "he"}
_EN_WORDS = frozenset("""
the of and to in is that for it with as was on are be by this have from or at not but they we there their an
which you he she has had were been do does did can will would should could what when who how our us more than
so if about into them its all only also very there's it's don't doesn't didn't can't we're they're i'm i
these those some any because after before while where why just other such many much most every each our your
""".split()) - {"a", "no", "me", "he"}
_PE_WORDS = frozenset({"escape", "recipe", "europe", "envelope", "landscape", "principe", "príncipe", "antiope",
                       "interrumpe", "corrompe", "calliope"})
_NASAL = frozenset("ãẽĩõũỹÃẼĨÕŨỸ")
_APOSTROPHES = "'’‘ʼ´`"
_VOWELS = "aeiouyáéíóúýãẽĩõũỹ"
_WORD = None  # compiled lazily (re is cheap, but keep import time flat)


def _words(text: str) -> list[str]:
    global _WORD
    if _WORD is None:
        import re
        # a word may carry the puso (glottal stop) between letters: mba'e, ko'ápe, ñe'ẽ
        # (written as runs: the same words as ``[^\W\d_](?:[\w\u0303]|['’‘ʼ][^\W\d_])*``, whose alternation
        # per character took most of the time of detecting the language of every turn of an import)
        _WORD = re.compile(r"[^\W\d_][\w\u0303]*(?:['’‘ʼ][^\W\d_][\w\u0303]*)*")
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def _guarani_weight(word: str, nxt: str) -> float:
    if word in _GN_WORDS:
        return 1.0
    if any(ch in _NASAL for ch in word) or "g\u0303" in word:
        # ã and õ are Portuguese too, but Portuguese is not a language of these interviews
        return 1.0
    for mark in _APOSTROPHES:
        i = word.find(mark)
        # the puso stands before a vowel (mba'e, ha'e); English contractions never do (don't, we're, it's)
        if 0 < i < len(word) - 1 and word[i + 1] in _VOWELS:
            return 1.0
    weak = _GN_WEAK.get(word)
    if weak is not None:
        if word == "ha" and nxt.endswith(("ado", "ido", "ada", "ida", "cho", "to", "sto", "bido", "ierto")):
            return 0.0  # Spanish "ha hecho", "ha sido"
        return weak
    if len(word) >= 3 and word[:2] == "nd" and word[2] in _VOWELS:
        return 1.0  # the negation nd-...-i; no Spanish or English word starts with "nd"
    if len(word) >= 4 and word.endswith(("ápe", "épe", "ípe", "ópe", "úpe", "ýpe", "águi", "égui", "ógui")):
        return 1.0  # -pe / -gui after a stressed vowel: kokuépe, ógagui
    if len(word) >= 4 and word[0] == "ñ" and word not in _ES_WORDS:
        return 0.75  # ñande, ñane, ñe'ẽ; Spanish words seldom start with ñ
    if len(word) >= 6 and word not in _ES_WORDS and word not in _EN_WORDS:
        if word.endswith(("kuéra", "kuera", "nguéra", "nguera", "hápe", "peve")):
            return 1.0
        if word.startswith(("oñe", "ojeh", "ojej", "oñem", "omba", "ombo")):
            return 0.5
        if word.endswith("pe") and word[-3] in _VOWELS and word not in _PE_WORDS:
            return 0.5  # jopara: a Spanish noun with the Guaraní -pe (escuelape, comisaríape)
    return 0.0


def language_scores(text: str) -> dict[str, float]:
    """Evidence for each language in ``text``: Guaraní orthography and words, Spanish and English function words.

    Examples:
        >>> language_scores("Ko'ápe ndaipóri inspector")["gn"]
        2.0
    """
    words = _words(text or "")
    if len(words) >= 1 << 18:  # beyond what the packed sum below holds exactly: the plain count
        return _counted_scores(words)
    try:
        # each word's three weights packed in one integer, in quarters: one sum in C gives all three
        packed = sum(map(_PACKED_WEIGHT.__getitem__, words))
    except KeyError:  # words never weighed before
        new = set(words).difference(_PACKED_WEIGHT)
        if len(_PACKED_WEIGHT) + len(new) > 200_000:  # the table is full (bounded): weigh this text's words here
            return _counted_scores(words)
        for word in new:
            quarters = [weight * 4 for weight in _scores(word, "")]
            if any(q % 1 or not 0 <= q <= 4 for q in quarters):  # not a weight the packing holds: count instead
                return _counted_scores(words)
            g, e, n = map(int, quarters)
            _PACKED_WEIGHT[word] = (g << 40) | (e << 20) | n
        packed = sum(map(_PACKED_WEIGHT.__getitem__, words))
    # the weights are quarters and a text has fewer than 2**18 words: each field's sum is exact and below 2**20
    gn, es, en = (packed >> 40) / 4, ((packed >> 20) & 0xFFFFF) / 4, (packed & 0xFFFFF) / 4
    if "ha" in words:  # "ha" alone depends on the word after it ("ha sido" is Spanish): weighed 0 above
        gn, es, en = _add_ha(words, words.count("ha"), gn, es, en)
    return {"es": es, "en": en, "gn": gn, "words": float(len(words))}


# each word's (gn, es, en) weights but "ha"'s, in quarters packed as gn << 40 | es << 20 | en, filled as words are
# first seen (bounded)
_PACKED_WEIGHT: dict[str, int] = {"ha": 0}


def _add_ha(words: list[str], count: int, gn: float, es: float, en: float) -> tuple[float, float, float]:
    i = -1
    for _ in range(count):
        i = words.index("ha", i + 1)
        g, e, n = _scores(word="ha", nxt=words[i + 1] if i + 1 < len(words) else "")
        gn, es, en = gn + g, es + e, en + n
    return gn, es, en


def _counted_scores(words: list[str]) -> dict[str, float]:
    """:func:`language_scores` of ``words`` weighing each distinct word once, without the tables."""
    gn = es = en = 0.0
    counts = Counter(words)
    for word, count in counts.items():
        if word != "ha":
            g, e, n = _word_scores(word)
            gn, es, en = gn + g * count, es + e * count, en + n * count
    if "ha" in counts:
        gn, es, en = _add_ha(words, counts["ha"], gn, es, en)
    return {"es": es, "en": en, "gn": gn, "words": float(len(words))}


def _scores(word: str, nxt: str) -> tuple[float, float, float]:
    """What one word adds to the (gn, es, en) scores of :func:`language_scores`."""
    g = _guarani_weight(word, nxt)
    if g >= 1.0:
        return g, 0.0, 0.0
    if word in _ES_WORDS:
        return g, 1.0, 0.0
    if word in _EN_WORDS:
        return g, 0.0, 1.0
    if len(word) > 4 and word.endswith(("ción", "ciones", "mente", "dad", "dades")):
        return g, 0.5, 0.0
    return g, 0.0, 0.0


_word_scores_seen: dict[str, tuple[float, float, float]] = {}


def _word_scores(word: str) -> tuple[float, float, float]:
    """:func:`_scores` of a word other than "ha" (the next word does not matter), once per word and process (bounded
    so it cannot grow without end): every turn of an import is weighed, and interviews repeat their words."""
    found = _word_scores_seen.get(word)
    if found is None:
        found = _scores(word, "")
        if len(_word_scores_seen) < 200_000:
            _word_scores_seen[word] = found
    return found


def detect_language(text: str) -> str:
    """The language of one text: "es", "en", "gn" (Guaraní) or "mixed" (jopara: Guaraní with Spanish or English).

    From orthography (ã ẽ ĩ õ ũ ỹ g̃, the puso in mba'e) and function words (ha, ko, upe, ndive, rehe, hína, avei,
    ñande, ...); short or empty text and text with no evidence count as Spanish, the working language. "ñ" alone is
    Spanish too. Pure function, no model: fast enough for every segment of an import.

    Examples:
        >>> detect_language("Faltan inspectores en el departamento")
        'es'
        >>> detect_language("There are not enough labour inspectors in the region")
        'en'
        >>> detect_language("Ko'ápe ndaipóri inspector ha umi mitã omba'apo kokuépe")
        'gn'
        >>> detect_language("La gente ndoikuaái mba'éichapa ojedenuncia la trata, entonces no se denuncia")
        'mixed'
        >>> detect_language("")
        'es'
    """
    s = language_scores(text)
    gn, es, en = s["gn"], s["es"], s["en"]
    if gn >= 1.0:
        share = gn / (gn + es + en)
        if share >= 0.7:
            return "gn"
        if share >= 0.2:
            return "mixed"
    return "en" if en > es else "es"


# Guaraní words that carry no theme (conjunctions, pronouns, particles, postpositions), for lookup-free tokens.
GN_STOP_WORDS = frozenset("""
ha ko pe upe umi ndive rehe hína hina avei ñande ñane ore nde ne che pende pene peẽ chéve cheve ndéve ndeve chupe
ha'e hae ha'ekuéra oĩ oi oime katu voi niko ningo jepe ramo jave guive peve rupi upéicha upeicha péicha peicha ko'ã
kóva kova umíva upéi upei ndaje hikuái hikuai avave mba'e mbae ko'ápe upépe ápe ko'ág̃a ko'ãga koaga ikatu heta
hetaiterei ndaipóri ndaipori ku kuri ma ra pa piko pio nio ta hína hína ỹ ja ña
""".split())


def guarani_tokens(text: str, *, drop_stop: bool = False, chunks: bool = False,
                   also_spanish: bool = False) -> list:
    """Lowercase word tokens of a Guaraní (or jopara) text, puso kept, no lemma lookup.

    ``drop_stop`` drops Guaraní particles and pronouns (and Spanish stop words with ``also_spanish``); ``chunks``
    gives runs a two-word term may span, broken at punctuation and stop words, like ``lemmatize_many``.

    Examples:
        >>> guarani_tokens("Umi mitã omba'apo kokuépe ha ndohói escuelape", drop_stop=True)
        ['mitã', "omba'apo", 'kokuépe', 'ndohói', 'escuelape']
    """
    import re

    stop = GN_STOP_WORDS | (STOP_WORDS("es") if also_spanish else frozenset()) if drop_stop else frozenset()
    runs: list[list[str]] = [[]]
    for piece in re.split(r"[.,;:!?¡¿()\[\]\"«»…—–]+", text or ""):
        runs.append([])
        for word in _words(piece):
            word = word.replace("’", "'").replace("‘", "'").replace("ʼ", "'")
            if word in stop:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append(word)
    runs = [r for r in runs if r]
    return runs if chunks else [w for r in runs for w in r]


def _lemmatize_by_language(texts: list, *, drop_stop: bool, chunks: bool, batch_size: int) -> list[list]:
    by_lang: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        by_lang.setdefault(detect_language(text or ""), []).append(i)
    out: list[list] = [[] for _ in texts]
    for lang, idx in by_lang.items():
        for i, res in zip(idx, lemmatize_many([texts[i] for i in idx], lang, drop_stop=drop_stop, chunks=chunks,
                                              batch_size=batch_size)):
            out[i] = res
    return out
