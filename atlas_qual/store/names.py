"""The per-project list of names to hide in every output (victims, relatives, officials, interviewees).

Interviewees come in from transcript headers (kind ``interviewee``, replaced by their pseudonym); everyone else is
added by a person (kind ``listed``, replaced by ``[nombre]`` unless a replacement is given): from the CLI
(`atlas-qual names add`) or by selecting a name in the coding page. :func:`suggest_names` proposes capitalised
sequences that look like person names, for a person to confirm: nothing suggested is hidden until it is added.

Examples:
    >>> # add_names(project, ["Ana Lucía Britez"], added_by="ana.gimenez")
    >>> # [s.name for s in suggest_names(project)]  ->  ['Pedro Benítez', ...]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from sqlalchemy import select

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.models import RedactionName, Segment, Transcript, utcnow
from atlas_qual.text import fold

__all__ = ["NameEntry", "Suggestion", "add_names", "list_names", "remove_names", "suggest_names", "check_name",
           "name_candidates"]

KIND_INTERVIEWEE = "interviewee"
KIND_LISTED = "listed"


@dataclass(frozen=True)
class NameEntry:
    """One name on the list: what replaces it, where it came from, who added it."""

    name: str
    replacement: str
    kind: str
    added_by: str = ""
    added_at: str | None = None
    capitalised: bool = False  # hidden only where written with a capital letter ("Rosa", not "una rosa")

    def to_dict(self) -> dict:
        return {"name": self.name, "replacement": self.replacement, "kind": self.kind, "added_by": self.added_by,
                "added_at": self.added_at, "capitalised": self.capitalised}


@dataclass(frozen=True)
class Suggestion:
    """A capitalised sequence that looks like a person's name and is not on the list yet.

    ``why``: ``first_name`` (starts with a common first name), ``surname`` (holds a common surname), ``title``
    (follows Sr./Doña/Fiscal...) or ``nickname`` (a diminutive of a first name, "Marita", "Juancito"; a pet name,
    "Kiki"; a word after el/la, "el Ruso", "la Chiqui"); ``transcripts``: the ids of the transcripts it occurs in.
    ``capitalised``: it is also an everyday word ("Ruso"), so it can only be added with ``--capitalised``.
    """

    name: str
    count: int
    transcripts: tuple[int, ...]
    why: str
    examples: tuple[str, ...] = field(default=())
    capitalised: bool = False

    def to_dict(self) -> dict:
        return {"name": self.name, "count": self.count, "transcripts": list(self.transcripts), "why": self.why,
                "examples": list(self.examples), "capitalised": self.capitalised}


def _clean(name: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(name or "")).split())


def check_name(name: str, *, capitalised: bool = False) -> str:
    """The name cleaned (NFC, single spaces), or :class:`AtlasQualError` when hiding it would corrupt text:
    a bare particle or common word ("de", "la", "fiscal"), a single letter, or digits. With ``capitalised``
    (hidden only where written with a capital letter) an everyday word that is also a name ("Rosa") is accepted;
    without it, the error for such a word names that choice as the fix."""
    from atlas_qual.redaction import is_hideable_name

    cleaned = _clean(name)
    if not cleaned:
        raise AtlasQualError("names_empty")
    if not is_hideable_name(cleaned, capitalised=capitalised):
        if not capitalised and is_hideable_name(cleaned, capitalised=True):
            raise AtlasQualError("names_everyday_word", name=cleaned)
        raise AtlasQualError("names_not_a_name", name=cleaned)
    if not capitalised and any(w[:1].isupper() for w in cleaned.split()) and _is_dictionary_word(cleaned):
        # a nickname or surname that is a word ("Ruso", "Luna", "El Gordo"), written as a name and listed alone,
        # would be hidden in any case: "habla ruso", "la luna llena"; listed as capitalised it is still hidden
        # wherever it names someone. A word listed in lower case ("regional") is hidden as the person chose.
        raise AtlasQualError("names_everyday_word", name=cleaned)
    return cleaned


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], tuple]:
    """Spanish and English words: the lemmas (folded) and the tables of inflected forms (keyed by the form as
    written, lower case) of spaCy's lookup lemmatizer, installed with spacy-lookups-data; nothing when they are not
    installed (the built-in list of everyday words still applies)."""
    try:
        from spacy.lookups import load_lookups
    except ImportError:
        return frozenset(), ()
    lemmas: set[str] = set()
    tables = []
    for lang in ("es", "en"):
        try:
            table = load_lookups(lang, ["lemma_lookup"], strict=False).get_table("lemma_lookup", None)
        except (OSError, ValueError, KeyError):
            continue
        if table is None:
            continue
        tables.append(table)
        lemmas.update(fold(v) for v in table.values() if isinstance(v, str))
    return frozenset(lemmas), tuple(tables)


def _is_dictionary_word(name: str) -> bool:
    """Whether ``name`` is one everyday word once titles, articles and particles are left out ("Ruso", "El Ruso"):
    listed alone it would match in lower case, inside ordinary sentences."""
    from atlas_qual.redaction import COMMON_WORDS
    from atlas_qual.redaction_names import _full_words

    words = _full_words(name)
    lower = [w for w in _clean(name).lower().replace("-", " ").split() if fold(w) not in COMMON_WORDS]
    content = [w for w in words if w not in COMMON_WORDS]
    if len(content) != 1 or len(words) > 2:
        return False
    lemmas, tables = _dictionary()
    return content[0] in lemmas or any(w in table for w in lower for table in tables)


def _entry(row: RedactionName) -> NameEntry:
    kind = row.kind or KIND_INTERVIEWEE  # rows from before the list had kinds came from transcript headers
    return NameEntry(row.name, row.replacement or "", kind, row.added_by or "",
                     row.added_at.isoformat(timespec="seconds") if row.added_at else None, bool(row.capitalised))


def add_names(project: Project, names: Iterable[str], *, replacement: str | None = None,
              added_by: str = "", capitalised: bool = False) -> list[NameEntry]:
    """Add names to hide in every output (one transaction, all or nothing); a name already listed keeps its
    entry, and gets ``replacement`` when one is given. ``capitalised``: hidden only where written with a capital
    letter, for a name that is also an everyday word ("Rosa", "Paz"); given for a listed name already on the list,
    it sets that choice (an interviewee's entry is left as it is). Returns the entries, in the order given.

    Examples:
        >>> # add_names(project, ["Ana Lucía Britez", "Comisario Ortiz"], added_by="ana.gimenez")
        >>> # add_names(project, ["Rosa"], capitalised=True)  # "Rosa, la madre" hidden, "una rosa blanca" kept
    """
    names = list(names)
    cleaned = []
    for name in names:
        try:
            value = check_name(name, capitalised=capitalised)
        except AtlasQualError as exc:
            batch = {"names_not_a_name": "names_not_a_name_batch",
                     "names_everyday_word": "names_everyday_word_batch"}.get(exc.key)
            if len(names) > 1 and batch:
                # the batch is refused whole: say so, or a reader takes it that only this name failed
                raise AtlasQualError(batch, **exc.params) from None
            raise
        if value not in cleaned:
            cleaned.append(value)
    if not cleaned:
        raise AtlasQualError("names_empty")
    replacement = _clean(replacement) if replacement is not None else None

    def _add(s) -> list[NameEntry]:
        out = []
        existing = {fold(r.name): r for r in s.scalars(select(RedactionName))}
        for name in cleaned:
            row = existing.get(fold(name))
            if row is None:
                row = RedactionName(name=name, replacement=replacement or "", kind=KIND_LISTED,
                                    added_by=added_by or "", added_at=utcnow(), capitalised=capitalised)
                s.add(row)
                existing[fold(name)] = row
            elif (row.kind or KIND_INTERVIEWEE) == KIND_LISTED:
                if replacement is not None:
                    row.replacement = replacement
                if capitalised:
                    row.capitalised = True
            s.flush()
            out.append(_entry(row))
        return out

    return project.write(_add)


def list_names(project: Project) -> list[NameEntry]:
    """Every name hidden in this project's outputs, interviewees first, then the listed names alphabetically."""
    with project.session() as s:
        rows = [_entry(r) for r in s.scalars(select(RedactionName))]
    return sorted(rows, key=lambda e: (e.kind != KIND_INTERVIEWEE, fold(e.name)))


def remove_names(project: Project, names: Iterable[str]) -> list[str]:
    """Take listed names off the list (all or nothing). An interviewee's name stays: it comes from the transcript's
    header and its pseudonym must keep replacing it (change the header and re-import instead)."""
    wanted = [_clean(n) for n in names if _clean(n)]
    if not wanted:
        raise AtlasQualError("names_empty")

    def _remove(s) -> list[str]:
        existing = {fold(r.name): r for r in s.scalars(select(RedactionName))}
        rows = []
        for name in wanted:
            row = existing.get(fold(name))
            if row is None:
                raise AtlasQualError("names_unknown", name=name)
            if (row.kind or KIND_INTERVIEWEE) == KIND_INTERVIEWEE:
                raise AtlasQualError("names_interviewee_kept", name=row.name)
            rows.append(row)
        for row in rows:
            s.delete(row)
        return [row.name for row in rows]

    return project.write(_remove)


# --- suggestions --------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _known() -> tuple[frozenset[str], frozenset[str]]:
    from importlib import resources

    import yaml

    data = yaml.safe_load(resources.files("atlas_qual").joinpath("data/person_names.yaml").read_text("utf-8"))
    return frozenset(fold(n) for n in data["first_names"]), frozenset(fold(n) for n in data["surnames"])


_UPPER = "A-ZÁÉÍÓÚÜÑÃẼĨÕŨỸ"
_WORD = rf"[{_UPPER}][\w'’]*(?:-[{_UPPER}][\w'’]*)?"
_PARTICLE = r"(?:de\s+la|de\s+los|del|de)"
# a capitalised word, then more capitalised words, possibly joined by de/del/de la ("Graciela Benítez de Ocampo")
_SEQ_RE = re.compile(rf"(?<![\w.])({_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD})*)")
_TITLE_BEFORE_RE = re.compile(
    r"(?:\b(?:sr|sra|srta|dr|dra|lic|abg|prof|ing)\.?|\b(?:don|doña|ña|karai|señor|señora|fiscal|juez|jueza|"
    r"comisario|comisaria|oficial|profesor|profesora|doctor|doctora|licenciado|licenciada|abogado|abogada))\s+$",
    re.I,
)


# a nickname after an article, mid-sentence ("vino el Ruso", "la Chiqui"): one capitalised word, not an institution
# ("la Fiscalía", "la Municipalidad", "la Dirección": their endings) nor a country
_ARTICLE_BEFORE_RE = re.compile(r"(?<!\w)(?:el|la)\s+$", re.I)
_INSTITUTION_ENDINGS = ("ia", "cion", "sion", "dad", "erio", "ento", "ncia", "ismo", "ura", "ado", "al")
_NOT_NICKNAMES = frozenset({
    "paraguay", "brasil", "argentina", "bolivia", "uruguay", "chile", "peru", "chaco", "mercosur", "gobierno", "estado",
    "congreso", "senado", "codeni", "mtess", "snna", "minna", "oit", "unicef", "biblia", "internet", "whatsapp",
    "facebook", "covid", "navidad", "semana", "red", "capital", "costa", "ruta", "mesa", "plan", "ley"})
# words that may open a capitalised sequence without being part of the name ("El Ruso", "La Chiqui", "El de Marita")
_LEADING_WORDS = frozenset({"el", "la", "los", "las", "lo", "un", "una", "de", "del", "y", "e", "en", "a", "al",
                            "con", "por", "para", "que", "su", "sus", "mi", "the"})
_DIMINUTIVE_ENDINGS = ("citos", "citas", "cito", "cita", "itos", "itas", "ito", "ita", "i", "y")


def _nickname(word: str, key: str, first_names: frozenset[str], text: str, start: int) -> bool:
    """Whether one capitalised ``word`` (folded: ``key``) at ``start`` of ``text`` looks like a nickname: a diminutive
    or pet form of a known first name ("Marita", "Juancito", "Fati"), a doubled syllable ("Kiki", "Coco"), or a
    word after el/la ("el Ruso", "la Chiqui")."""
    if len(key) < 3 or key in _NOT_NICKNAMES or not word[1:].islower() or not key.isalpha():
        return False
    half = len(key) // 2
    if 4 <= len(key) <= 6 and len(key) % 2 == 0 and key[:half] == key[half:]:
        return True  # Kiki, Coco, Lulu, Pepe
    for ending in _DIMINUTIVE_ENDINGS:
        stem = key[:-len(ending)]
        if key.endswith(ending) and len(stem) >= 3 and key not in first_names and \
                any(n.startswith(stem) and n != key for n in first_names):
            return True  # Marita (María), Juancito (Juan), Carlitos (Carlos), Fati (Fátima)
    if _ARTICLE_BEFORE_RE.search(text, max(0, start - 4), start):
        return not key.endswith(_INSTITUTION_ENDINGS)
    return False


def name_candidates(text: str):
    """(name, why, context) for every capitalised sequence in ``text`` that looks like a person's name."""
    from atlas_qual.redaction import COMMON_WORDS, TITLE_WORDS

    first_names, surnames = _known()
    for m in _SEQ_RE.finditer(text):
        words = m.group(1).split()
        # leading titles are not part of the name ("Comisario Hugo Ramírez")
        titled = bool(_TITLE_BEFORE_RE.search(text[max(0, m.start() - 20):m.start()]))
        while words and (fold(words[0]).rstrip(".") in TITLE_WORDS or fold(words[0]) in _LEADING_WORDS):
            titled = titled or fold(words[0]).rstrip(".") in TITLE_WORDS  # "El de Marita": no title, no name
            words = words[1:]
        while words and fold(words[-1]) in ("de", "del", "la", "los"):
            words = words[:-1]
        if not words:
            continue
        keys = [fold(w) for w in words]
        core_keys = [k for k in keys if k not in ("de", "del", "la", "los")]
        if all(k in COMMON_WORDS for k in core_keys):
            continue
        if keys[0] in first_names and len(core_keys) >= 2:
            why = "first_name"
        elif len(core_keys) >= 2 and any(k in surnames for k in core_keys[1:]):
            why = "surname"
        elif titled and any(k in surnames or k in first_names for k in core_keys):
            why = "title"
        elif len(words) == 1 and "-" in keys[0] and any(p in surnames for p in keys[0].split("-")):
            why = "surname"  # a hyphenated surname alone ("la familia González-Ruiz")
        elif len(words) == 1 and _nickname(words[0], keys[0], first_names, text, text.find(words[0], m.start())):
            why = "nickname"
        else:
            continue
        # where the name itself is (titles stripped), to tell whether the redactor already hides it there
        first = text.find(words[0], m.start())
        start = max(0, m.start() - 30)
        yield " ".join(words), why, " ".join(text[start:m.end() + 30].split()), first, m.end()


def suggest_names(project: Project, transcript_id: int | None = None, *, limit: int = 200) -> list[Suggestion]:
    """Capitalised sequences in the transcripts (text and speaker labels) that look like person names and are not
    hidden yet, most frequent first. Nothing here is hidden until a person adds it with :func:`add_names`.

    Examples:
        >>> # [(s.name, s.count) for s in suggest_names(project, transcript_id=3)]
    """
    from atlas_qual.redaction import Redactor
    from atlas_qual.store.models import Institution, Territory
    from atlas_qual.store.project_redaction import redaction_names

    with project.session() as s:
        if transcript_id is not None and s.get(Transcript, transcript_id) is None:
            raise AtlasQualError("names_unknown_transcript", id=transcript_id)
        listed = redaction_names(s)  # with the names hidden only where capitalised
        places = {fold(n) for n in s.scalars(select(Territory.name))}
        places |= {fold(n) for n in s.scalars(select(Institution.name_es))}
        query = select(Segment.transcript_id, Segment.speaker, Segment.text)
        if transcript_id is not None:
            query = query.where(Segment.transcript_id == transcript_id)
        rows = list(s.execute(query.order_by(Segment.transcript_id, Segment.ordinal)))
    hidden = Redactor(listed)
    counts: Counter[str] = Counter()
    where: dict[str, set[int]] = defaultdict(set)
    why: dict[str, str] = {}
    examples: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, str] = {}
    for tid, speaker, text in rows:
        for chunk in (speaker or "", text or ""):
            spans = None
            for name, reason, context, start, end in name_candidates(chunk):
                key = fold(name)
                if key in places or any(f.kind == "name" for f in hidden.findings(name)):
                    continue  # a place, an institution, or already hidden
                if spans is None:
                    spans = [(f.start, f.end) for f in hidden.findings(chunk) if f.kind == "name"]
                if any(a < end and start < b for a, b in spans):
                    continue  # hidden where it stands ("Sra. Ocampo", "Ña Teresa")
                shown.setdefault(key, name)
                counts[key] += 1
                where[key].add(tid)
                why.setdefault(key, reason)
                context = hidden.redact(context)  # an example never shows a name already hidden
                if len(examples[key]) < 2 and context not in examples[key]:
                    examples[key].append(context)
    ordered = sorted(counts, key=lambda k: (-counts[k], k))[:limit]
    return [Suggestion(shown[k], counts[k], tuple(sorted(where[k])), why[k], tuple(examples[k]),
                       _needs_capitalised(shown[k])) for k in ordered]


def _needs_capitalised(name: str) -> bool:
    """Whether ``name`` is also an everyday word ("Ruso"): it can only be added hidden where capitalised."""
    try:
        check_name(name)
    except AtlasQualError as exc:
        return exc.key == "names_everyday_word"
    return False


def speakers_as_shown(project: Project, speakers: dict[int, Iterable[str]], lang: str = "es") -> dict[int, list[str]]:
    """Speaker labels per transcript as every output shows them: a label made of the interviewee's own names becomes
    the pseudonym ("Graciela Benítez" -> "Docente CO-1"), other names are redacted (for the import report).

    Examples:
        >>> # speakers_as_shown(project, {3: ["Entrevistadora", "Graciela Benítez"]}) -> {3: [..., "Docente CO-1"]}
    """
    from atlas_qual.store.project_redaction import redact_speaker as _redact_speaker
    from atlas_qual.store.project_redaction import project_redactor

    redactor = project_redactor(project, lang)
    out: dict[int, list[str]] = {}
    with project.session() as s:
        for tid, labels in speakers.items():
            tr = s.get(Transcript, tid)
            out[tid] = [(_redact_speaker(label, tr, redactor) if tr is not None else redactor.redact(label))
                        for label in labels]
    return out
