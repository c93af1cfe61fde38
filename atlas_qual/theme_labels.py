"""What people read about a theme: its terms, a short label phrase in the texts' own language, and quotes.

Everything is counted per text, never over texts glued together (BERTopic joins a theme's texts with a space before
counting n-grams, which invents two-word terms from the last word of one text and the first of the next). Each text
is lemmatised in its own language (``nlp.detect_language``); Guaraní is tokenised without lookup.

The label is the theme's most central key phrase (KeyBERT's idea): candidate phrases are the word sequences of the
theme's texts, as written (no stop word at either end, "de"/"of" allowed inside: "falta de presupuesto"), ranked by
class-based TF-IDF; the one whose embedding is closest to the theme's centre wins, ties going to the more frequent,
never to the alphabetically first.

Examples:
    >>> terms = theme_terms([{"falta", "presupuesto"}, {"presupuesto"}, {"radio"}], [0, 0, 1], 2)
    >>> terms[0][0], terms[1]
    ('presupuesto', ('radio',))
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

from atlas_qual.text import fold

CONNECTORS = frozenset({"de", "del", "para", "contra", "sin", "a", "of", "for", "against", "without", "to"})
# an infinitive may end a phrase after these ("miedo a denunciar", "falta de coordinar", "afraid to report")
_BEFORE_INFINITIVE = frozenset({"a", "de", "para", "sin", "to"})
_INFINITIVE_ENDINGS = ("ar", "er", "ir")
ARTICLES = frozenset({"la", "las", "los", "el", "the", "un", "una"})
MAX_PHRASE_WORDS = 4
CANDIDATES = 8  # single words and phrases of several words each: the phrase embeddings cost time
MULTIWORD_BONUS = 0.01  # per extra word, on the centrality margin: "falta de presupuesto" over "falta"
# an acronym alone ("CODENI", "MTESS") names an institution, not what people said about it: a label only when
# nothing else is said
ACRONYM_PENALTY = 0.05
# Conjugated verbs and infinitives read badly at either end of a label ("Cambiaron", "Cambió", "Denunciar")
_VERB_ENDINGS = ("aron", "ieron", "aban", "ían", "amos", "emos", "imos", "ando", "iendo", "ado", "ada", "ados",
                 "adas", "ido", "ida", "idos", "idas", "ar", "er", "ir", "an", "en", "ó", "aba")
# Guaraní connectives, particles and common verbs that say nothing on their own in a label ("Upévare": therefore;
# "Oiko": it happens; "Ja'e": we say); beside nlp.GN_STOP_WORDS, for labels only
_GN_LABEL_FILLERS = frozenset("""
upévare upevare upévarã upevara kuéra kuera guarã guara haguã hagua rupi rupive oiko ja'e jae he'i hei ha'e hae
oĩ oi ndaha'éi ndahaei opa opavave peteĩ petei jey ha'éva haeva mba'épa mbaepa mba'éicha mbaeicha ñañepyrũ
ñanepyru ikatu ndaikatúi ndaikatui ojapo jajapo oreko jareko jave ko'ápe koape upépe upepe ko'ãga koaga gui
gua guáva guava ndive peve guive katu piko
""".split())
_NOT_VERBS = frozenset({"lugar", "mujer", "poder", "hogar", "bienestar", "taller", "militar", "familiar", "popular",
                        "particular", "regular", "similar", "titular", "auxiliar", "escolar", "nivel", "joven",
                        "jóvenes", "origen", "imagen", "examen", "volumen", "resumen", "orden", "crimen", "régimen",
                        "plan", "alcohol", "dólar", "bar", "mar", "par", "cáncer", "líder", "carácter", "alquiler",
                        "estado", "mercado", "juzgado", "abogado", "empleado", "empleada", "sindicato", "partido",
                        "apartado", "ciudad", "unidad", "cuidado", "resultado", "contenido", "sentido", "período",
                        "periodo", "pasado", "grado", "lado", "mandato", "delito", "dato", "datos", "ida", "vida",
                        "salida", "medida", "comida", "partida", "huida", "caída", "bebida", "acogida", "llegada",
                        "jornada", "entrada", "mirada", "temporada", "madrugada", "policía", "fiscalía", "ayuda",
                        "explotación"})
_SPLIT = re.compile(r"[.,;:!?¡¿()\[\]\"«»…—–/]+|\s-\s")
_WORD = re.compile(r"[^\W\d_](?:[\w\u0303]|['’][^\W\d_])*")


def text_terms(runs: Sequence[Sequence[str]]) -> set[str]:
    """Words and two-word terms of one text given as runs of lemmas (a term never spans two runs)."""
    out: set[str] = set()
    for run in runs:
        out.update(run)
        out.update(f"{a} {b}" for a, b in zip(run, run[1:]))
    return out


def _ctfidf(counts: Sequence[Counter], sizes: Sequence[int], df: Counter, n: int) -> list[list[tuple[str, float, int]]]:
    out = []
    for counter, size in zip(counts, sizes):
        scored = [(term, (tf / max(size, 1)) * math.log(1 + n / df[term]), tf) for term, tf in counter.items()]
        # ties by frequency, then by the order terms first appeared in the theme's texts: never alphabetical
        order = {term: i for i, term in enumerate(counter)}
        scored.sort(key=lambda s: (-s[1], -s[2], order[s[0]]))
        out.append(scored)
    return out


def theme_terms(term_sets: Sequence[set[str]], labels: Sequence[int], k: int, top_n: int = 10) -> list[tuple]:
    """Top terms of each theme 0..k-1 by class-based TF-IDF over per-text term sets (a term counts once per text).

    A term must occur in two texts of a theme of four or more (one text is an anecdote, not a theme's term), and
    only terms of the theme's own texts can come out.
    """
    counts = [Counter() for _ in range(k)]
    df: Counter = Counter()
    for terms, label in zip(term_sets, labels):
        ordered = sorted(terms, key=lambda t: (t.count(" "), 0))  # words before bigrams, stable otherwise
        df.update(ordered)
        if 0 <= label < k:
            counts[label].update(ordered)
    sizes = Counter(lab for lab in labels if lab >= 0)
    out = []
    for theme, scored in enumerate(_ctfidf(counts, [sizes[i] for i in range(k)], df, max(len(term_sets), 1))):
        need = 2 if sizes[theme] >= 4 and any(tf >= 2 for _, _, tf in scored) else 1
        chosen = [term for term, _, tf in scored if tf >= need][:top_n]
        out.append(tuple(chosen))
    return out


def _stop_words(lang: str) -> frozenset[str]:
    from atlas_qual import nlp

    if lang == "gn":
        return nlp.GN_STOP_WORDS | _GN_LABEL_FILLERS
    if lang == "mixed":
        return nlp.GN_STOP_WORDS | _GN_LABEL_FILLERS | nlp.STOP_WORDS("es")
    return nlp.STOP_WORDS(lang if lang in nlp.LANGS else "es")


# words after which a Spanish word is a noun ("la denuncia", "de denuncia", "una carga"): a conjugated verb seldom
# follows them ("la" and "los" can be pronouns before a verb: "la cambia"; counted anyway, so a noun is never lost)
_NOUN_CUES = frozenset({"el", "la", "los", "las", "un", "una", "unos", "unas", "del", "al", "su", "sus", "mi", "mis",
                        "este", "esta", "estos", "estas", "ese", "esa", "esos", "esas", "cada", "nuestro", "nuestra",
                        "nuestros", "nuestras", "otro", "otra", "de", "con", "sin", "por", "para", "en", "sobre",
                        "primer", "primera", "falta", "faltan", "hay", "más", "menos", "poco", "poca", "mucho",
                        "mucha"})
# the endings of the verb forms that read as fragments at a label's end (3rd person: "viene", "funciona", "cambian",
# "cambió", "tenía"); a word in -o or -os is far more often a noun ("presupuesto", "gasto") than "yo gasto"
_FINITE_ENDINGS = ("a", "e", "an", "en", "ó", "ió", "ía", "ían", "aba", "aban")


def verb_forms(texts: Sequence[str], langs: Sequence[str]) -> frozenset[str]:
    """Spanish words of ``texts`` that are conjugated verbs ("viene", "empieza", "funciona"): their dictionary form
    is an infinitive other than the word, and no text uses them as a noun (after an article, a possessive or a
    preposition: "la carga", "de denuncia"). They read badly at either end of a label ("Red funciona", "Viene")."""
    from atlas_qual.nlp import get_nlp

    seen: set[str] = set()
    nouns: set[str] = set()
    for text, code in zip(texts, langs):
        if code not in ("es", "mixed") or not text:
            continue
        low = [w.lower() for w in _WORD.findall(text)]
        seen.update(low)
        nouns.update(w for prev, w in zip(low, low[1:]) if prev in _NOUN_CUES)
        # an answer that opens with a noun and its complement ("Respaldo del Ejecutivo", "Falta de fondos"), or a
        # short answer's first word ("Viaje largo a Asunción")
        if low and (len(low) <= 5 or low[1] in ("de", "del")):
            nouns.add(low[0])
    if not seen:
        return frozenset()
    table = get_nlp("es").get_pipe("lemmatizer").lookups.get_table("lemma_lookup", {})
    out = set()
    for w in seen - nouns:
        lemma = str(table.get(w, w)).lower()
        if lemma != w and lemma.endswith(_INFINITIVE_ENDINGS) and w.endswith(_FINITE_ENDINGS) and \
                w not in _NOT_VERBS:
            out.add(w)
    return frozenset(out)


def candidate_phrases(text: str, lang: str, skip: frozenset[str] = frozenset(),
                      verbs: frozenset[str] = frozenset()) -> dict[str, str]:
    """Key-phrase candidates of one text: folded key -> phrase as written (1-4 words, content words at both ends;
    no word of ``verbs``, the corpus's conjugated verbs, at either end).

    Examples:
        >>> sorted(candidate_phrases("Bueno, la falta de presupuesto para combustible", "es"))[:3]
        ['combustible', 'falta', 'falta de presupuesto']
    """
    stop = _stop_words(lang)
    out: dict[str, str] = {}
    for chunk in _SPLIT.split(text or ""):
        words = _WORD.findall(chunk)
        low = [w.lower() for w in words]

        def content(i: int) -> bool:
            w = low[i]
            return len(w) > 2 and w not in stop and fold(w) not in stop and fold(w) not in skip

        def edge(i: int, start: int | None = None) -> bool:
            w = low[i]
            if start is not None and i > start and low[i - 1] in _BEFORE_INFINITIVE and content(i) \
                    and w.endswith(_INFINITIVE_ENDINGS if lang != "en" else ()) :
                return True  # "miedo a denunciar": the infinitive says what the fear is of
            if start is not None and lang == "en" and i > start and low[i - 1] == "to" and content(i):
                return True
            return content(i) and (lang not in ("es", "mixed") or w in _NOT_VERBS or not w.endswith(_VERB_ENDINGS)) \
                and not (lang == "en" and w.endswith("ed")) and w not in verbs

        for i in range(len(words)):
            if not edge(i):
                continue
            for j in range(i, min(len(words), i + MAX_PHRASE_WORDS + 1)):
                inner = low[i + 1:j]
                if any(not (content(m) or low[m] in CONNECTORS or (low[m] in ARTICLES and low[m - 1] in CONNECTORS))
                       for m in range(i + 1, j)):
                    break
                if not edge(j, i):
                    continue
                if sum(1 for w in inner if w in CONNECTORS) > 1 or j - i + 1 > MAX_PHRASE_WORDS:
                    continue
                phrase = " ".join(words[i:j + 1])
                out.setdefault(fold(phrase), phrase)
    return out


def theme_phrases(phrase_sets: Sequence[dict[str, str]], labels: Sequence[int], k: int,
                  keep: Sequence[bool] | None = None) -> list[list[tuple[str, int]]]:
    """Candidate label phrases of each theme (as written, most common spelling) with the number of its texts
    that say them, best class-based TF-IDF first. ``keep`` limits the candidates to some texts (the reader's
    language) while the statistics use every text."""
    counts = [Counter() for _ in range(k)]
    spelled: list[dict[str, Counter]] = [{} for _ in range(k)]
    df: Counter = Counter()
    for i, (phrases, label) in enumerate(zip(phrase_sets, labels)):
        df.update(phrases.keys())
        if 0 <= label < k and (keep is None or keep[i]):
            counts[label].update(phrases.keys())
            for key, phrase in phrases.items():
                spelled[label].setdefault(key, Counter())[phrase] += 1
    sizes = Counter(lab for lab in labels if lab >= 0)
    out = []
    for theme, scored in enumerate(_ctfidf(counts, [sizes[i] for i in range(k)], df, max(len(phrase_sets), 1))):
        need = 2 if sizes[theme] >= 4 and any(tf >= 2 for _, _, tf in scored) else 1
        best = [(spelled[theme][key].most_common(1)[0][0], tf) for key, _, tf in scored if tf >= need]
        single = [b for b in best if " " not in b[0]][:CANDIDATES]
        multi = [b for b in best if " " in b[0]][:CANDIDATES]
        # an acronym alone goes after every phrase that says something (the label without an embedding)
        out.append(sorted(single + multi, key=is_acronym))
    return out


def is_acronym(candidate: tuple[str, int] | str) -> bool:
    """A phrase that is only an acronym ("CODENI", "MTESS"): the name of an institution, not a theme.

    Examples:
        >>> is_acronym("CODENI"), is_acronym("Fono Ayuda"), is_acronym("Falta de presupuesto")
        (True, False, False)
    """
    phrase = candidate if isinstance(candidate, str) else candidate[0]
    return " " not in phrase.strip() and len(phrase) >= 2 and phrase.isupper()


def choose_label(candidates: Sequence[tuple[str, int]], theme: int = 0, centres=None,
                 embed: Callable | None = None) -> str:
    """The candidate phrase most central to theme ``theme`` and least to the others: its cosine to the theme's
    centre minus its best cosine to another centre (``centres``: unit rows in the space of ``embed(list) -> unit
    vectors``), ties to the more frequent phrase. Without an embedding, the best-ranked candidate. Empty string
    when there is none."""
    if not candidates:
        return ""
    best = candidates[0]
    if embed is not None and centres is not None and len(candidates) > 1:
        import numpy as np

        sims = np.asarray(embed([c for c, _ in candidates])) @ np.asarray(centres).T
        own = sims[:, theme]
        others = np.delete(sims, theme, axis=1)
        margin = own - (others.max(axis=1) if others.shape[1] else 0.0)
        margin = margin + MULTIWORD_BONUS * np.asarray([c.count(" ") for c, _ in candidates])
        margin = margin - ACRONYM_PENALTY * np.asarray([is_acronym(c) for c, _ in candidates])
        ranked = sorted(range(len(candidates)), key=lambda i: (-round(float(margin[i]), 3), -candidates[i][1], i))
        best = candidates[ranked[0]]
    phrase = best[0]
    return phrase[0].upper() + phrase[1:]


def pick_quotes(members: Sequence[int], sims: Sequence[float], confidences: Sequence[float],
                term_sets: Sequence[set[str]], terms: Sequence[str], texts: Sequence[str], n: int) -> list[int]:
    """Indexes of the ``n`` most representative texts of a theme: closest to its centre first, each relevant (it
    says one of the theme's top terms or belongs to the theme clearly), longer texts before very short ones, no
    repeated text."""
    top = set(terms[:5])
    order = sorted(range(len(members)), key=lambda j: (len(texts[members[j]].split()) < 6, -float(sims[j]),
                                                        int(members[j])))
    relevant = [j for j in order if top & term_sets[members[j]] or confidences[members[j]] >= 0.5]
    chosen: list[int] = []
    seen: set[str] = set()
    for j in relevant:
        i = int(members[j])
        key = " ".join(texts[i].lower().split())
        if key in seen or not key:
            continue
        seen.add(key)
        chosen.append(i)
        if len(chosen) == n:
            break
    return chosen
