"""The Body of Knowledge (BOK): evidence-based practices as validated rows, and which practices are relevant to a gap.

A practice is relevant to a gap by an explicit link (the practice names the gap, or the DMOP chosen for the gap) and
by the terms they share: TF-IDF cosine over spaCy lemmas (accent-folded, stop words removed, cut to a short stem so
"derivación" meets "derivar"), in each language both texts are written in, the better language counting.
Deterministic: equal scores are ordered by evidence quality, then by reference.

Examples:
    >>> p = practice_from_values({"ref": "BOK-01", "title": "Ficha única de derivación", "topics": "TI; trata",
    ...                           "evidence": "moderada", "intervention": "derivación"})
    >>> p.topics, p.evidence, p.intervention
    (('CL', 'HT'), 'moderate', 'referral')
    >>> rank_relevance("G05", {"es": ["canal", "denuncia"]}, [p], [{"es": ["ficha", "derivacion"]}])
    []
"""

from __future__ import annotations

from atlas_qual.text import fold_input

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from atlas_qual.errors import AtlasQualError

TOPICS = ("CL", "FL", "HT")
INTERVENTIONS = ("referral", "inspection", "prosecution", "awareness", "coordination", "victim_protection",
                 "training", "data", "social_protection", "policy")
EVIDENCE = ("strong", "moderate", "limited", "none")
LANGS = ("es", "en")
REF_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}")
ID_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{0,39}")
TITLE_MAX = 300
# Stems: the first STEM letters of a folded lemma ("derivacion", "derivar" -> "deriva"); shorter words stay whole.
STEM = 6
# Below this cosine two texts share only incidental words; such a practice is not shown as relevant.
MIN_SCORE = 0.05

# folded header -> canonical column (Spanish and English spreadsheets)
COLUMNS = {
    "ref": "ref", "id": "ref", "codigo": "ref", "code": "ref", "referencia": "ref", "reference": "ref",
    "title": "title", "titulo": "title", "practica": "title", "practice": "title", "nombre": "title",
    "recommendation": "title", "recomendacion": "title",
    "summary": "summary", "resumen": "summary", "descripcion": "summary", "description": "summary",
    "title_en": "title_en", "titulo_en": "title_en", "english_title": "title_en",
    "summary_en": "summary_en", "resumen_en": "summary_en", "description_en": "summary_en",
    "topics": "topics", "topic": "topics", "temas": "topics", "tema": "topics",
    "intervention": "intervention", "intervencion": "intervention", "tipo": "intervention",
    "tipo_de_intervencion": "intervention", "kind": "intervention", "kind_of_intervention": "intervention",
    "evidence": "evidence", "evidencia": "evidence", "calidad_de_la_evidencia": "evidence",
    "evidence_quality": "evidence", "calidad": "evidence", "quality": "evidence",
    "nivel_de_evidencia": "evidence", "nivel_de_la_evidencia": "evidence", "calidad_de_evidencia": "evidence",
    "evidence_level": "evidence", "level_of_evidence": "evidence", "solidez_de_la_evidencia": "evidence",
    "source": "source", "fuente": "source", "cita": "source", "citation": "source",
    "gaps": "gaps", "gap": "gaps", "gap_ids": "gaps", "brechas": "gaps", "brecha": "gaps",
    "dmops": "dmops", "dmop": "dmops", "dmop_ids": "dmops",
}
EXPORT_COLUMNS = ("ref", "title", "summary", "title_en", "summary_en", "topics", "intervention", "evidence",
                  "source", "gaps", "dmops")

_TOPIC_ALIASES = {
    "cl": "CL", "ti": "CL", "child labor": "CL", "child labour": "CL", "trabajo infantil": "CL",
    "fl": "FL", "tf": "FL", "forced labor": "FL", "forced labour": "FL", "trabajo forzoso": "FL",
    "ht": "HT", "tp": "HT", "tip": "HT", "trata": "HT", "trata de personas": "HT", "human trafficking": "HT",
    "trafficking": "HT", "trafficking in persons": "HT",
}
_INTERVENTION_ALIASES = {
    "referral": "referral", "referrals": "referral", "derivacion": "referral", "derivaciones": "referral",
    "inspection": "inspection", "inspeccion": "inspection", "labor inspection": "inspection",
    "inspeccion laboral": "inspection", "inspeccion de trabajo": "inspection",
    "prosecution": "prosecution", "persecucion penal": "prosecution", "investigacion penal": "prosecution",
    "judicializacion": "prosecution", "enjuiciamiento": "prosecution",
    "awareness": "awareness", "sensibilizacion": "awareness", "concientizacion": "awareness",
    "difusion": "awareness", "outreach": "awareness",
    "coordination": "coordination", "coordinacion": "coordination",
    "victim_protection": "victim_protection", "victim protection": "victim_protection",
    "proteccion de victimas": "victim_protection", "atencion a victimas": "victim_protection",
    "training": "training", "capacitacion": "training", "formacion": "training",
    "data": "data", "datos": "data", "data systems": "data", "registros": "data", "sistemas de informacion": "data",
    "social_protection": "social_protection", "social protection": "social_protection",
    "proteccion social": "social_protection",
    "policy": "policy", "politica": "policy", "normativa": "policy", "politicas": "policy",
}
_EVIDENCE_ALIASES = {
    "strong": "strong", "fuerte": "strong", "solida": "strong", "alta": "strong", "high": "strong",
    "moderate": "moderate", "moderada": "moderate", "media": "moderate", "medium": "moderate",
    "limited": "limited", "limitada": "limited", "baja": "limited", "low": "limited", "weak": "limited",
    "debil": "limited",
    "none": "none", "ninguna": "none", "sin evidencia": "none", "no evidence": "none", "n/a": "none",
}


fold = fold_input  # what people type: accents, case and spacing ignored


def split_list(text: object) -> tuple[str, ...]:
    """Cell values separated by ``;``, ``,`` or ``|`` (order kept, duplicates dropped).

    Examples:
        >>> split_list("G05; G10,G05 | ")
        ('G05', 'G10')
    """
    if isinstance(text, (list, tuple)):
        parts = [str(p) for p in text]
    else:
        parts = re.split(r"[;,|\n]+", str(text or ""))
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


_AND = re.compile(r"\s+(?:y|e|and|&)\s+", re.I)


def split_ids(text: object) -> tuple[str, ...]:
    """Gap or DMOP ids as partners write them: separated by ``;``, ``,``, ``|`` or a final "y"/"and"
    ("G1, G2 y G5").

    Examples:
        >>> split_ids("G1, G2 y G5"), split_ids("MAUEP and CR")
        (('G1', 'G2', 'G5'), ('MAUEP', 'CR'))
    """
    parts = [x.strip() for part in split_list(text) for x in _AND.split(part)]
    return tuple(dict.fromkeys(p for p in parts if p))


def id_key(value: object) -> str:
    """How two ids are compared: case ignored and numbers without their leading zeros ("G5" is "G05").

    Examples:
        >>> id_key("g05") == id_key("G5"), id_key("G10") == id_key("G1")
        (True, False)
    """
    return re.sub(r"\d+", lambda m: str(int(m.group())), str(value or "").strip().casefold())


def _t(key: str, **params: object) -> str:
    from atlas_qual.i18n import t

    return t(key, **params)


def parse_topics(text: object) -> tuple[str, ...]:
    """Topic codes CL, FL, HT from what people type ("TI; trata", "child labor, FL"), in canonical order.

    Examples:
        >>> parse_topics("trata de personas; TI")
        ('CL', 'HT')
    """
    found = set()
    for part in split_list(text):
        code = _TOPIC_ALIASES.get(fold(part))
        if code is None:
            raise AtlasQualError("bok_bad_topic", value=part, known="CL (TI), FL (TF), HT (trata)")
        found.add(code)
    return tuple(t for t in TOPICS if t in found)


def parse_intervention(text: object) -> str:
    """The kind of intervention (``INTERVENTIONS``) in Spanish or English; "" when blank.

    Examples:
        >>> parse_intervention("Sensibilización"), parse_intervention("")
        ('awareness', '')
    """
    value = fold(text)
    if not value:
        return ""
    found = _INTERVENTION_ALIASES.get(value) or _INTERVENTION_ALIASES.get(value.replace("_", " "))
    if found is None:
        raise AtlasQualError("bok_bad_intervention", value=str(text).strip(), known=", ".join(INTERVENTIONS))
    return found


def parse_evidence(text: object) -> str:
    """The evidence quality (strong, moderate, limited, none) in Spanish or English; blank means "none" (not
    assessed).

    Examples:
        >>> parse_evidence("Moderada"), parse_evidence(""), parse_evidence("Moderada (2 estudios)")
        ('moderate', 'none', 'moderate')
    """
    value = fold(text)
    if not value:
        return "none"
    found = _EVIDENCE_ALIASES.get(value)
    if found is None:
        # "Moderada (2 estudios)", "Limitada - 1 estudio", "Evidencia moderada": the quality, the detail aside
        head = re.split(r"\s*[(\[:;,]|\s+[-–]\s*", value, maxsplit=1)[0].strip()
        head = re.sub(r"^(?:evidencia|evidence)\s+|\s+(?:evidence|evidencia)$", "", head)
        found = _EVIDENCE_ALIASES.get(head)
    if found is None:
        raise AtlasQualError("bok_bad_evidence", value=str(text).strip(), known=", ".join(EVIDENCE))
    return found


@dataclass(frozen=True)
class PracticeRow:
    """One BOK entry, validated: a practice or recommendation with its evidence and links."""

    ref: str
    title: str
    summary: str = ""
    title_en: str = ""
    summary_en: str = ""
    topics: tuple[str, ...] = ()
    intervention: str = ""
    evidence: str = "none"
    source: str = ""
    gap_ids: tuple[str, ...] = ()
    dmop_ids: tuple[str, ...] = ()

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def summary_in(self, lang: str) -> str:
        return self.summary_en if lang == "en" and self.summary_en else self.summary

    def text(self, lang: str) -> str:
        """Title and summary written in ``lang`` ("" when the entry has no text in that language)."""
        if lang == "en":
            return " ".join(x for x in (self.title_en, self.summary_en) if x)
        return " ".join(x for x in (self.title, self.summary) if x)

    def to_dict(self) -> dict:
        """The entry as the CSV/Excel export and ``--json`` write it (lists joined by ``; `` in files)."""
        return {"ref": self.ref, "title": self.title, "summary": self.summary, "title_en": self.title_en,
                "summary_en": self.summary_en, "topics": list(self.topics), "intervention": self.intervention,
                "evidence": self.evidence, "source": self.source, "gaps": list(self.gap_ids),
                "dmops": list(self.dmop_ids)}

    def to_cells(self) -> dict[str, str]:
        data = self.to_dict()
        return {k: "; ".join(v) if isinstance(v, list) else str(v) for k, v in data.items()}


def _clean(value: object, limit: int | None = None) -> str:
    text = " ".join(str(value or "").split())
    return text[:limit] if limit else text


def check_practice(values: Mapping[str, object], *, known_dmops: Collection[str] | None = None,
                   ref: str | None = None) -> tuple[PracticeRow | None, list[str]]:
    """Validate one entry (a table row or a form): the row, or None with every problem found (translated).

    ``values`` uses the canonical columns (``COLUMNS`` values). ``known_dmops``: the project's DMOP ids (checked,
    case-insensitive, when given). ``ref`` replaces a missing ``ref`` (the store assigns ``BOK-NNN``).

    Examples:
        >>> row, problems = check_practice({"title": "", "evidence": "excelente"}, ref="BOK-001")
        >>> row is None, len(problems)
        (True, 2)
    """
    problems: list[str] = []
    given_ref = _clean(values.get("ref")) or (ref or "")
    if not given_ref:
        problems.append(_t("bok_no_ref"))
    elif not REF_RE.fullmatch(given_ref):
        problems.append(_t("bok_bad_ref", ref=given_ref))
    title = _clean(values.get("title"))
    if not title:
        problems.append(_t("bok_no_title"))
    elif len(title) > TITLE_MAX:
        problems.append(_t("bok_title_too_long", limit=TITLE_MAX, length=len(title)))
    parsed: dict[str, object] = {}
    for name, parser in (("topics", parse_topics), ("intervention", parse_intervention),
                         ("evidence", parse_evidence)):
        try:
            parsed[name] = parser(values.get(name, ""))
        except AtlasQualError as exc:
            problems.append(exc.message())
    gaps = split_ids(values.get("gaps", ""))
    bad_gaps = [g for g in gaps if not ID_RE.fullmatch(g)]
    if bad_gaps:
        problems.append(_t("bok_bad_gap", gaps=", ".join(bad_gaps)))
    dmops = split_ids(values.get("dmops", ""))
    if known_dmops is not None:
        canonical = {d.casefold(): d for d in known_dmops}
        unknown = [d for d in dmops if d.casefold() not in canonical]
        if unknown:
            problems.append(_t("unknown_dmop", dmop=", ".join(unknown), known=", ".join(sorted(known_dmops))))
        dmops = tuple(dict.fromkeys(canonical.get(d.casefold(), d) for d in dmops))
    else:
        dmops = tuple(d.upper() for d in dmops)
    if problems:
        return None, problems
    return PracticeRow(
        ref=given_ref, title=title, summary=str(values.get("summary") or "").strip(),
        title_en=_clean(values.get("title_en"), TITLE_MAX), summary_en=str(values.get("summary_en") or "").strip(),
        topics=parsed["topics"], intervention=parsed["intervention"], evidence=parsed["evidence"],
        source=str(values.get("source") or "").strip(), gap_ids=tuple(gaps), dmop_ids=dmops,
    ), []


def practice_from_values(values: Mapping[str, object], *, known_dmops: Collection[str] | None = None,
                         ref: str | None = None) -> PracticeRow:
    """Like :func:`check_practice`, raising ``AtlasQualError("bok_invalid")`` with every problem (for forms).

    Examples:
        >>> practice_from_values({"ref": "X1", "title": "Ruta única"}).evidence
        'none'
    """
    row, problems = check_practice(values, known_dmops=known_dmops, ref=ref)
    if row is None:
        raise AtlasQualError("bok_invalid", ref=_clean(values.get("ref")) or ref or "-", problems="; ".join(problems))
    return row


@dataclass(frozen=True)
class RowProblem:
    """A bad row of a BOK table: its spreadsheet row number (header = 1) and what is wrong."""

    row: int
    message: str


@dataclass(frozen=True)
class ParsedTable:
    """The good rows of a BOK table (``(row number, PracticeRow)``) and the bad ones, each named."""

    rows: tuple[tuple[int, PracticeRow], ...]
    problems: tuple[RowProblem, ...]


def parse_rows(rows: Iterable[tuple[int, Mapping[str, object]]], *, known_dmops: Collection[str] | None = None,
               next_ref: Iterable[str] = ()) -> ParsedTable:
    """Validate the rows of a BOK table: each bad row is reported with its number and all its problems; a ``ref``
    repeated in the file is a problem of the later row. Rows without ``ref`` take the next of ``next_ref``.

    Examples:
        >>> out = parse_rows([(2, {"ref": "A", "title": "x"}), (3, {"ref": "A", "title": "y"}), (4, {"ref": "B"})])
        >>> [r for r, _ in out.rows], [p.row for p in out.problems]
        ([2], [3, 4])
    """
    refs = iter(next_ref)
    good: list[tuple[int, PracticeRow]] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        ref = None
        if not _clean(values.get("ref")):
            ref = next(refs, None)
        row, found = check_practice(values, known_dmops=known_dmops, ref=ref)
        if row is not None and row.ref.casefold() in seen:
            found = [_t("bok_duplicate_ref", ref=row.ref, other=seen[row.ref.casefold()])]
            row = None
        if row is None:
            problems.extend(RowProblem(number, message) for message in found)
            continue
        seen[row.ref.casefold()] = number
        good.append((number, row))
    return ParsedTable(tuple(good), tuple(problems))


def matches_query(practice: PracticeRow, query: str) -> bool:
    """True when every word of ``query`` appears (accents and case ignored) in the entry's ref, titles, summaries
    or source.

    Examples:
        >>> matches_query(PracticeRow("B1", "Línea 147 de denuncias"), "linea DENUNCIAS")
        True
    """
    words = fold(query).split()
    if not words:
        return True
    haystack = fold(" ".join((practice.ref, practice.title, practice.summary, practice.title_en,
                              practice.summary_en, practice.source)))
    return all(w in haystack for w in words)


# --------------------------------------------------------------------------------------------------------------------
# Relevance of practices to a gap
# --------------------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _terms_cached(text: str, lang: str) -> tuple[tuple[str, str], ...]:
    from atlas_qual.nlp import lemmas

    out = []
    for lemma in lemmas(text, lang, drop_stop=True):
        folded = fold(lemma)
        if len(folded) < 3 or not folded.isalpha():
            continue
        if len(folded) > 4 and folded.endswith("s"):
            # a plural the lookup lemmatizer missed ("líneas"): both texts get the same cut, so matches stay fair
            folded = folded[:-1]
        out.append((folded[:STEM], lemma))
    return tuple(out)


def terms(text: str, lang: str = "es") -> tuple[str, ...]:
    """The comparable terms of a text: spaCy lemmas without stop words, accent-folded, a final plural "s" dropped,
    cut to a stem of ``STEM`` letters (words under 3 letters dropped).

    Examples:
        >>> terms("Derivación de casos a la CODENI", "es")
        ('deriva', 'caso', 'codeni')
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGS}")
    if not text or not text.strip():
        return ()
    return tuple(stem for stem, _lemma in _terms_cached(text, lang))


def term_words(text: str, lang: str = "es") -> dict[str, str]:
    """stem -> the first lemma of the text with that stem (how a shared term is shown to people)."""
    if not text or not text.strip():
        return {}
    words: dict[str, str] = {}
    for stem, lemma in _terms_cached(text, lang):
        words.setdefault(stem, lemma)
    return words


def tfidf(docs: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """L2-normalized TF-IDF vectors of tokenized documents (smooth IDF: ``ln((1+n)/(1+df)) + 1``, raw counts).

    Examples:
        >>> v = tfidf([["a", "b"], ["a"]])
        >>> round(v[1]["a"], 6), v[0]["b"] > v[0]["a"]
        (1.0, True)
    """
    n = len(docs)
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    vectors = []
    for doc in docs:
        counts = Counter(doc)
        weights = {term: count * (math.log((1 + n) / (1 + df[term])) + 1.0) for term, count in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors.append({k: w / norm for k, w in weights.items()} if norm else {})
    return vectors


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two normalized sparse vectors (their dot product).

    Examples:
        >>> cosine({"a": 1.0}, {"a": 0.6, "b": 0.8})
        0.6
    """
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())


@dataclass(frozen=True)
class Relevance:
    """Why a practice is relevant to a gap: linked to it (``linked``), linked to the DMOP chosen for it
    (``via_dmop``), and/or the cosine of their terms (``score``, 0-1) with the shared terms (most weighty first)."""

    ref: str
    score: float
    linked: bool = False
    via_dmop: bool = False
    shared: tuple[str, ...] = ()
    lang: str = ""
    # the shared terms in every language both texts are written in: ((lang, terms), ...)
    shared_by_lang: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def shared_in(self, lang: str) -> tuple[str, ...]:
        """The shared terms as words of ``lang`` (a Spanish page never names English stems), () when the texts
        share none in that language."""
        found = dict(self.shared_by_lang)
        if found:
            return found.get(lang, ())
        return self.shared if self.lang in ("", lang) else ()

    @property
    def reason(self) -> str:
        """"link", "dmop" or "terms": the strongest reason, for labels."""
        return "link" if self.linked else "dmop" if self.via_dmop else "terms"

    def to_dict(self) -> dict:
        return {"ref": self.ref, "score": round(self.score, 4), "linked": self.linked, "via_dmop": self.via_dmop,
                "reason": self.reason, "shared_terms": list(self.shared)}


def rank_relevance(
    gap_id: str,
    gap_terms: Mapping[str, Sequence[str]],
    practices: Sequence[PracticeRow],
    practice_terms: Sequence[Mapping[str, Sequence[str]]],
    *,
    gap_dmops: Collection[str] = (),
    n: int = 5,
    min_score: float = MIN_SCORE,
    words: Mapping[str, str] | None = None,
    words_by_lang: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Relevance]:
    """The ``n`` practices most relevant to a gap, from terms already extracted (no spaCy here).

    ``gap_terms`` and each ``practice_terms[i]`` map a language to its terms. Per language, TF-IDF is fitted on the
    practices written in it plus the gap, and the score is the best cosine over the languages. Order: practices
    linked to the gap, then those linked to one of ``gap_dmops``, then by score; ties by evidence quality and
    reference. A practice with no link and a score under ``min_score`` is left out. ``words`` maps a stem to the
    word shown in ``shared``; ``words_by_lang`` does so per language (it wins over ``words``).

    Examples:
        >>> ps = [PracticeRow("A", "x", gap_ids=("G01",)), PracticeRow("B", "y"), PracticeRow("C", "z")]
        >>> pt = [{"es": ["ruta"]}, {"es": ["canal", "denuncia"]}, {"es": ["albergue"]}]
        >>> [r.ref for r in rank_relevance("G01", {"es": ["canal", "denuncia", "linea"]}, ps, pt)]
        ['A', 'B']
    """
    if len(practices) != len(practice_terms):
        raise ValueError("practices and practice_terms must have the same length")
    wanted_gap = id_key(gap_id)
    dmops = {d.casefold() for d in gap_dmops}
    best: dict[int, tuple[float, str, tuple[str, ...]]] = {}
    by_lang: dict[int, list[tuple[str, tuple[str, ...]]]] = {}
    for lang in LANGS:
        gap_doc = list(gap_terms.get(lang) or ())
        if not gap_doc:
            continue
        indexes = [i for i, pt in enumerate(practice_terms) if pt.get(lang)]
        if not indexes:
            continue
        vectors = tfidf([gap_doc] + [list(practice_terms[i][lang]) for i in indexes])
        gap_vec = vectors[0]
        shown = (words_by_lang or {}).get(lang) or words or {}
        for i, vec in zip(indexes, vectors[1:]):
            score = cosine(gap_vec, vec)
            shared = sorted((t for t in gap_vec if t in vec), key=lambda t: (-gap_vec[t] * vec[t], t))
            named = tuple(shown.get(t, t) for t in shared[:6])
            if named:
                by_lang.setdefault(i, []).append((lang, named))
            if score <= best.get(i, (-1.0, "", ()))[0]:
                continue
            best[i] = (score, lang, named)
    out = []
    for i, practice in enumerate(practices):
        score, lang, shared = best.get(i, (0.0, "", ()))
        linked = any(id_key(g) == wanted_gap for g in practice.gap_ids)
        via_dmop = bool(dmops) and any(d.casefold() in dmops for d in practice.dmop_ids)
        if not linked and not via_dmop and score < min_score:
            continue
        out.append(Relevance(practice.ref, score, linked, via_dmop, shared, lang, tuple(by_lang.get(i, ()))))
    evidence_rank = {ref: EVIDENCE.index(p.evidence) if p.evidence in EVIDENCE else len(EVIDENCE)
                     for ref, p in ((p.ref, p) for p in practices)}
    out.sort(key=lambda r: (not r.linked, not r.via_dmop, -round(r.score, 9), evidence_rank[r.ref], r.ref))
    return out[:max(int(n), 0)]


@dataclass(frozen=True)
class GapText:
    """What relevance reads of a gap: its id and its text in each language."""

    id: str
    title: str
    description: str = ""
    title_en: str = ""
    description_en: str = ""

    def text(self, lang: str) -> str:
        if lang == "en":
            return " ".join(x for x in (self.title_en, self.description_en) if x)
        return " ".join(x for x in (self.title, self.description) if x)


def relevant(gap: GapText, practices: Sequence[PracticeRow], *, gap_dmops: Collection[str] = (), n: int = 5,
             min_score: float = MIN_SCORE) -> list[Relevance]:
    """The practices most relevant to ``gap`` (see :func:`rank_relevance`), extracting terms with spaCy.

    Examples:
        >>> gap = GapText("G05", "Poco conocimiento de los canales de denuncia",
        ...               "La población no conoce la línea 147 ni la línea 137")
        >>> ps = [PracticeRow("B1", "Campañas sobre los canales de denuncia 147 y 137"),
        ...       PracticeRow("B2", "Albergues especializados para víctimas")]
        >>> [(r.ref, r.reason) for r in relevant(gap, ps)]
        [('B1', 'terms')]
    """
    gap_terms = {lang: terms(gap.text(lang), lang) for lang in LANGS}
    practice_terms = [{lang: terms(p.text(lang), lang) for lang in LANGS} for p in practices]
    words_by_lang = {lang: term_words(gap.text(lang), lang) for lang in LANGS}
    words: dict[str, str] = {}
    for lang in LANGS:
        for stem, word in words_by_lang[lang].items():
            words.setdefault(stem, word)
    return rank_relevance(gap.id, gap_terms, practices, practice_terms, gap_dmops=gap_dmops, n=n,
                          min_score=min_score, words=words, words_by_lang=words_by_lang)


__all__ = ["TOPICS", "INTERVENTIONS", "EVIDENCE", "COLUMNS", "EXPORT_COLUMNS", "MIN_SCORE", "PracticeRow",
           "RowProblem", "ParsedTable", "Relevance", "GapText", "fold", "split_list", "split_ids", "id_key",
           "parse_topics", "parse_intervention", "parse_evidence", "check_practice", "practice_from_values",
           "parse_rows",
           "matches_query", "terms", "term_words", "tfidf", "cosine", "rank_relevance", "relevant"]
