"""The full-text index of the project's turns (table ``search_tokens``), searching it, and coding confirmed hits.

The index is built at import (``index_transcript`` from ``store_parsed``) and completed on first search for
projects made before it existed (``ensure_index``); a deleted transcript takes its rows along (foreign keys).
It is a plain table with indexes on the folded word and the lemma, so SQLite and PostgreSQL answer the same.

Examples:
    >>> # result = search(project, "derivación", filters={"territory": "san_pedro"})
    >>> # [(h.left, h.match, h.right) for h in result.hits]
    >>> # code_hits(project, [result.hits[0]], "Procesos/Derivación", "ana.gimenez")
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from itertools import chain, repeat
from operator import add
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from atlas_qual.errors import AtlasQualError
from atlas_qual.store.db import Project
from atlas_qual.store.models import Coding, SearchToken, Segment, Transcript

__all__ = ["FILTER_COLUMNS", "code_hits", "ensure_index", "index_transcript", "index_transcripts", "search"]

FILTER_COLUMNS = {"dmop": Transcript.dmop_id, "territory": Transcript.territory_id,
                  "institution": Transcript.institution_id, "role": Transcript.role, "mode": Transcript.mode,
                  "language": Transcript.language, "transcript": Transcript.id}
SEGMENT_LANGUAGES = ("es", "en", "gn", "mixed")


# a session whose ``info`` holds this key is storing an import batch: its transcripts are indexed together when the
# batch ends (``index_transcripts``), not one by one as they are stored
INDEX_LATER = "aq_index_later"


def index_transcript(s: Session, transcript_id: int) -> int:
    """(Re)build the index rows of one transcript in the caller's transaction; returns the number of words (0 when
    the session stores an import batch, see ``INDEX_LATER``: the batch indexes it at its end)."""
    if s.info.get(INDEX_LATER):
        return 0
    s.execute(SearchToken.__table__.delete().where(SearchToken.transcript_id == transcript_id))
    values = _index_values(s, transcript_id)
    _insert_values(s, values)
    return len(values) // 7


def _index_values(s: Session, transcript_id: int) -> list:
    """The index rows of one transcript, (segment, transcript, position, term, lemma, start, end) per word, one
    after the other in one flat list (seven values a row)."""
    rows = s.execute(select(Segment.id, Segment.start, Segment.text, Segment.language)
                     .where(Segment.transcript_id == transcript_id).order_by(Segment.ordinal)).all()
    return _values(s, transcript_id, rows)


def _segment_rows(s: Session, transcript_ids: Sequence[int]) -> dict[int, list]:
    """transcript id -> its turns' (id, start, text, language) in order, read for many transcripts at once."""
    out: dict[int, list] = defaultdict(list)
    for i in range(0, len(transcript_ids), 500):
        for tid, *row in s.execute(select(Segment.transcript_id, Segment.id, Segment.start, Segment.text,
                                          Segment.language)
                                   .where(Segment.transcript_id.in_(transcript_ids[i:i + 500]))
                                   .order_by(Segment.transcript_id, Segment.ordinal)):
            out[tid].append(row)
    return out


def _values(s: Session, transcript_id: int, rows: Sequence) -> list:
    from atlas_qual.search import MAX_TERM, _fold_term, _folded, text_lemma_keys, word_spans

    detected = []
    langs, texts = [], []
    for seg_id, _start, text, language in rows:
        if language is None:  # a turn imported before languages were detected: detect it now
            from atlas_qual.nlp import detect_language

            language = detect_language(text or "")
            detected.append({"sid": seg_id, "lang": language})
        langs.append(language if language in SEGMENT_LANGUAGES else "es")
        texts.append(text or "")
    # the words of all turns in one pass (atlas_qual.search.tokens, a column at a time: a batch has hundreds of
    # thousands of words); no word runs over the line break put between two turns, so each turn has the words it
    # has alone
    words, starts, ends = word_spans("\n".join(texts))
    terms = list(map(_folded.get, words))  # each word folded once per process
    if None in terms:
        terms = [term if term is not None else _fold_term(word) for term, word in zip(terms, words)]
    if "" in terms:  # a word that folds to nothing is no word
        keep = [i for i, term in enumerate(terms) if term]
        words, terms = [words[i] for i in keep], [terms[i] for i in keep]
        starts, ends = [starts[i] for i in keep], [ends[i] for i in keep]
    # where each turn's words begin in the lists, and how far its offsets move (joined text -> transcript)
    bounds, shifts, base = [], [], 0
    for (_seg_id, start, _text, _language), text in zip(rows, texts):
        bounds.append(bisect_left(starts, base))
        shifts.append((start or 0) - base)
        base += len(text) + 1
    bounds.append(len(terms))
    # the lemma of each folded word per language, looked up in its first spelling among the turns of that language
    # (the words as written: lemmas need their accents)
    if len(set(langs)) == 1:
        lemmas = {langs[0]: text_lemma_keys(terms, words, langs[0])}
    else:
        by_lang: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
        for k, lang in enumerate(langs):
            by_lang[lang][0].extend(terms[bounds[k]:bounds[k + 1]])
            by_lang[lang][1].extend(words[bounds[k]:bounds[k + 1]])
        lemmas = {lang: text_lemma_keys(t, w, lang) for lang, (t, w) in by_lang.items()}
    if terms and max(map(len, terms)) > MAX_TERM:
        terms = [term[:MAX_TERM] for term in terms]
    if detected:
        from sqlalchemy import bindparam, update

        table = Segment.__table__
        s.connection().execute(update(table).where(table.c.id == bindparam("sid")).values(language=bindparam("lang")),
                               detected)
    # column by column for the whole transcript, then one flat list: no tuple per row (zip reuses its tuple while
    # chain reads it)
    counts = [bounds[k + 1] - bounds[k] for k in range(len(rows))]
    segment_of = list(chain.from_iterable(map(repeat, [row[0] for row in rows], counts)))
    shift_of = list(chain.from_iterable(map(repeat, shifts, counts)))
    if len(lemmas) == 1:
        get = lemmas[langs[0]].get
        lemma_of = map(get, terms, terms)
    else:
        lemma_of = chain.from_iterable(map(lemmas[lang].get, terms[lo:hi], terms[lo:hi])
                                       for lang, lo, hi in zip(langs, bounds, bounds[1:]))
    return list(chain.from_iterable(zip(segment_of, repeat(transcript_id), range(len(terms)), terms, lemma_of,
                                        map(add, starts, shift_of), map(add, ends, shift_of))))


_INSERT = 'INSERT INTO search_tokens (segment_id, transcript_id, position, term, lemma, start, "end") VALUES '


def rows_per_insert(conn, width: int, most: int = 1000) -> int:
    """SQLite: how many rows of ``width`` values one INSERT statement takes, within the library's limit on variables
    (999 before SQLite 3.32, 32766 since): a thousand rows per statement cost an eighth less than 140."""
    limit = 999
    dbapi = getattr(getattr(conn.connection, "dbapi_connection", None), "getlimit", None)
    if dbapi is not None:  # Python 3.11+
        import sqlite3

        try:
            limit = dbapi(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except Exception:  # noqa: BLE001 - a driver without limits: the old safe figure
            limit = 999
    return max(1, min(most, limit // width))


def _insert_values(s: Session, values: list) -> None:
    """Insert index rows given as one flat list (seven values a row), in their order."""
    if not values:
        return
    # straight to the driver: a transcript has thousands of words, and building SQLAlchemy parameters for each
    # row costs more than the insert itself
    conn = s.connection()
    if conn.dialect.paramstyle != "qmark":
        conn.exec_driver_sql(_INSERT + f"({', '.join(['%s'] * 7)})", list(zip(*[iter(values)] * 7)))
        return
    # SQLite: many rows per statement (a third cheaper than one statement per row)
    per = rows_per_insert(conn, 7)
    size = 7 * per
    full = len(values) // size * size
    if full:
        conn.exec_driver_sql(_INSERT + ",".join(["(?, ?, ?, ?, ?, ?, ?)"] * per),
                             [tuple(values[i:i + size]) for i in range(0, full, size)])
    if full < len(values):
        conn.exec_driver_sql(_INSERT + "(?, ?, ?, ?, ?, ?, ?)", list(zip(*[iter(values[full:])] * 7)))


# an import batch is indexed in transactions of at most this much text (the writer's lock is held meanwhile)
BATCH_CHARS = 8_000_000
# SQLite: a batch bringing at least this share of the words the index holds rebuilds the index's own indexes
REBUILD_SHARE = 0.5


def index_transcripts(project: Project, transcript_ids: Sequence[int]) -> int:
    """Index the transcripts an import batch stored (each as ``index_transcript`` does, same rows), a few hundred
    per transaction; returns the number of words. On SQLite, when the words coming in are many against those the
    index holds, the table's indexes are dropped and created again around the insert, in the same transaction (one
    sort per index instead of a B-tree insert per word and index: about three times faster; a failure leaves the
    index as it was). A transcript deleted meanwhile is skipped."""
    ids = list(dict.fromkeys(transcript_ids))
    if not ids:
        return 0
    with project.session() as s:
        sizes = {}
        for i in range(0, len(ids), 500):
            sizes.update(s.execute(select(Segment.transcript_id, func.sum(func.length(Segment.text)))
                                   .where(Segment.transcript_id.in_(ids[i:i + 500]))
                                   .group_by(Segment.transcript_id)).all())
    groups, size = [[]], 0
    for tid in ids:
        if groups[-1] and size + (sizes.get(tid) or 0) > BATCH_CHARS:
            groups.append([])
            size = 0
        groups[-1].append(tid)
        size += sizes.get(tid) or 0
    total = 0
    for group in groups:
        chars = sum(sizes.get(tid) or 0 for tid in group)
        total += project.write(lambda s, group=group, chars=chars: _index_group(s, group, chars))
    return total


def _index_group(s: Session, ids: list[int], chars: int) -> int:
    conn = s.connection()
    rebuild = []
    if conn.dialect.name == "sqlite" and chars >= 20_000:
        held = s.scalar(select(func.count()).select_from(SearchToken)) or 0
        if held * REBUILD_SHARE <= chars / 6:  # about six characters a word
            rebuild = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                                           "tbl_name = 'search_tokens' AND sql IS NOT NULL").all()
    # the old rows go while the index on transcript_id can find them
    for i in range(0, len(ids), 500):
        s.execute(SearchToken.__table__.delete().where(SearchToken.transcript_id.in_(ids[i:i + 500])))
    for name, _sql in rebuild:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    total = 0
    rows = _segment_rows(s, ids)
    for tid in ids:
        values = _values(s, tid, rows.pop(tid, ()))
        _insert_values(s, values)
        total += len(values) // 7
    for _name, sql in rebuild:
        conn.exec_driver_sql(sql)
    return total


# 2: lemmas of the words as written (before, of the words without accents: "recomendar" missed "recomendaría")
INDEX_VERSION = "2"


def ensure_index(project: Project) -> int:
    """Index the transcripts that have turns but no index rows yet (projects from before the index), and all of them
    once when the index was built by an older version (see ``INDEX_VERSION``); returns how many were indexed. Each
    transcript is its own transaction; a project opened read-only keeps the index it has."""
    from atlas_qual.store.db import set_meta

    stale = project.read_only is None and project.meta("search_index_version") != INDEX_VERSION
    with project.session() as s:
        q = select(Segment.transcript_id).distinct().where(Segment.text != "")
        if not stale:
            q = q.where(Segment.transcript_id.not_in(select(SearchToken.transcript_id).distinct()))
        todo = list(s.scalars(q))
    for tid in todo:
        project.write(lambda s, tid=tid: index_transcript(s, tid))
    if stale:
        set_meta(project, "search_index_version", INDEX_VERSION)
    return len(todo)


def _filter_clauses(filters: Mapping[str, Any] | None) -> list:
    clauses = []
    for key, value in (filters or {}).items():
        if value in (None, "", [], ()):
            continue
        column = FILTER_COLUMNS.get(key)
        if column is None:
            raise ValueError(f"unknown filter {key!r}; use one of {sorted(FILTER_COLUMNS)}")
        values = [value] if isinstance(value, (str, int)) else list(value)
        clauses.append(column.in_([int(v) for v in values] if key == "transcript" else values))
    return clauses


def _token_clause(part, s: Session | None = None) -> Any:
    from atlas_qual.search import Word

    if isinstance(part, Word):
        if part.prefix:
            pattern = part.term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            return or_(SearchToken.term.like(pattern, escape="\\"), SearchToken.lemma.like(pattern, escape="\\"))
        keys = set(part.keys())
        if s is not None:
            # the lemmatizer needs the accents ("niños" is "niño", "ninos" is nothing it knows): a word typed without
            # them also takes the lemmas the index gave to the same word written with them, so "ninos" finds "niño"
            keys.update(s.scalars(select(SearchToken.lemma).distinct().where(SearchToken.term == part.term)))
        keys = sorted(keys)
        return or_(SearchToken.term.in_(keys), SearchToken.lemma.in_(keys))
    return SearchToken.term == part.terms[0]


def _matches(s: Session, part, scope) -> dict[int, list[tuple[int, int, int]]]:
    """segment id -> [(start, end, position)] of the part's occurrences within the scope's transcripts."""
    from atlas_qual.search import Phrase

    q = (select(SearchToken.segment_id, SearchToken.start, SearchToken.end, SearchToken.position,
                SearchToken.transcript_id)
         .where(_token_clause(part, s)))
    if scope is not None:
        q = q.where(SearchToken.segment_id.in_(scope))
    rows = s.execute(q).all()
    out: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    if not isinstance(part, Phrase):
        for seg_id, start, end, pos, _tid in rows:
            out[seg_id].append((start, end, pos))
        return out
    # a phrase: the next words at the next positions of the same turn
    terms = part.terms
    segs = {r[0] for r in rows}
    if not segs:
        return out
    following: dict[tuple[int, int], tuple[str, int]] = {}
    for seg_id, pos, term, end in s.execute(
            select(SearchToken.segment_id, SearchToken.position, SearchToken.term, SearchToken.end)
            .where(SearchToken.segment_id.in_(segs), SearchToken.term.in_(set(terms[1:])))):
        following[(seg_id, pos)] = (term, end)
    for seg_id, start, end, pos, _tid in rows:
        last = end
        for k, term in enumerate(terms[1:], start=1):
            nxt = following.get((seg_id, pos + k))
            if nxt is None or nxt[0] != term:
                break
            last = nxt[1]
        else:
            out[seg_id].append((start, last, pos))
    return out


def search(project: Project, query: str, *, filters: Mapping[str, Any] | None = None,
           languages: Sequence[str] | None = None, redact: bool = True, lang: str = "es",
           limit: int | None = None):
    """Every occurrence of ``query`` (see :mod:`atlas_qual.search`) in the turns of the transcripts matching
    ``filters`` (dmop, territory, institution, role, mode, language: ids as stored; a list means any of them) and,
    when given, turns whose detected language is in ``languages`` (es, en, gn, mixed). Hits are numbered in
    transcript order; keyword-in-context lines are redacted unless ``redact=False``. Returns an
    :class:`atlas_qual.search.SearchResult`.
    """
    from atlas_qual.search import Hit, SearchResult, kwic, parse_query

    parsed = parse_query(query)
    for value in languages or ():
        if value not in SEGMENT_LANGUAGES:
            raise AtlasQualError("search_bad_language", value=value, known=", ".join(SEGMENT_LANGUAGES))
    ensure_index(project)
    with project.session() as s:
        scope_q = select(Segment.id).join(Transcript, Transcript.id == Segment.transcript_id)
        clauses = _filter_clauses(filters)
        if languages:
            clauses.append(Segment.language.in_(list(languages)))
        scope = scope_q.where(and_(*clauses)) if clauses else None
        found: dict[int, list[tuple[int, int, int]]] | None = None
        for part in parsed.parts:
            matches = _matches(s, part, scope if found is None else list(found))
            if found is None:
                found = dict(matches)
            else:
                found = {seg: found[seg] + occ for seg, occ in matches.items() if seg in found}
            if not found:
                break
        found = found or {}
        if not found:
            return _no_hits(s, query, parsed, scope)
        # only the columns shown: the transcripts' full texts stay in the database
        seg_rows = s.execute(select(Segment.id, Segment.ordinal, Segment.speaker, Segment.start, Segment.text,
                                    Segment.language, *_TRANSCRIPT_COLUMNS)
                             .join(Transcript, Transcript.id == Segment.transcript_id)
                             .where(Segment.id.in_(list(found)))
                             .order_by(Transcript.id, Segment.ordinal)).all()
        redactor = None
        if redact:
            from atlas_qual.store.project_redaction import project_redactor

            redactor = project_redactor(project, lang)
        labels = _labels(s, lang)
        hits: list[Hit] = []
        seg_rows = [(_Row(*row[:6]), _Row(*row[6:])) for row in seg_rows]
        if redactor is not None:  # who answers in an "E:"/"I:" pair is read from the transcript's labels
            from atlas_qual.store.project_redaction import transcript_speaker_labels

            cast = transcript_speaker_labels(s.execute, {t.id for _, t in seg_rows})
            for _, t in seg_rows:
                t.speaker_labels = cast.get(t.id, frozenset())
        for seg, t in seg_rows:
            attrs = _attributes(t, labels, redactor)
            speaker = _speaker(seg.speaker or "", t, redactor)
            title = redactor.redact(t.title) if redactor is not None else t.title
            for start, end, _pos in _merged(found[seg.id]):
                a, b = start - seg.start, end - seg.start
                left, match, right = kwic(seg.text, a, b, redactor)
                hits.append(Hit(len(hits) + 1, t.id, title, seg.id, seg.ordinal, speaker, start, end, left, match,
                                right, seg.language, attrs, turn_offset=seg.start,
                                glued_left=a > 0 and not seg.text[a - 1].isspace(),
                                glued_right=b < len(seg.text) and not seg.text[b].isspace()))
                if limit and len(hits) >= limit:
                    break
            if limit and len(hits) >= limit:
                break
        return SearchResult(query, tuple(hits), len(found), len({t.id for _, t in seg_rows}))


def _no_hits(s: Session, query: str, parsed, scope):
    """An empty result that says why: no interview in scope, words found nowhere, or never together in a turn."""
    from atlas_qual.search import Phrase, SearchResult

    q = select(func.count(func.distinct(Segment.transcript_id)))
    searched = int(s.scalar(q.where(Segment.id.in_(scope)) if scope is not None else q) or 0)
    absent = []
    if searched:
        for part in parsed.parts:
            if not _matches(s, part, scope):
                absent.append(" ".join(part.words) if isinstance(part, Phrase) else
                              part.text + ("*" if part.prefix else ""))
    return SearchResult(query, (), 0, 0, searched=searched, absent=tuple(absent))


_TRANSCRIPT_COLUMNS = (Transcript.id, Transcript.title, Transcript.interviewee, Transcript.pseudonym,
                       Transcript.dmop_id, Transcript.territory_id, Transcript.institution_id, Transcript.role,
                       Transcript.mode)


class _Row:
    """A segment or transcript row with the attributes the hits need (what an ORM object would offer)."""

    def __init__(self, *values) -> None:
        if len(values) == 6:
            self.id, self.ordinal, self.speaker, self.start, self.text, self.language = values
        else:
            (self.id, self.title, self.interviewee, self.pseudonym, self.dmop_id, self.territory_id,
             self.institution_id, self.role, self.mode) = values


def _merged(occurrences: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Occurrences in text order, overlapping ones (a word matched by two parts) once."""
    out: list[tuple[int, int, int]] = []
    for start, end, pos in sorted(set(occurrences)):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]), out[-1][2])
        else:
            out.append((start, end, pos))
    return out


def _labels(s: Session, lang: str) -> dict[str, dict[str, str]]:
    from atlas_qual.store.models import Territory

    return {"territory": {tr.id: (tr.name_en if lang == "en" else tr.name) for tr in s.scalars(select(Territory))}}


def _attributes(t: Transcript, labels, redactor) -> dict[str, Any]:
    return {"dmop": t.dmop_id or "", "territory": t.territory_id or "",
            "territory_name": labels["territory"].get(t.territory_id or "", ""), "institution": t.institution_id or "",
            "role": t.role or "", "mode": t.mode or "", "pseudonym": t.pseudonym or ""}


def _speaker(label: str, t: Transcript, redactor) -> str:
    if redactor is None or not label:
        return label
    from atlas_qual.store.project_redaction import redact_speaker as _redact_speaker

    return _redact_speaker(label, t, redactor)


def code_hits(project: Project, hits: Iterable[Any], code: Any, coder: str) -> dict[str, int]:
    """Code the confirmed hits (each with ``segment_id``, ``start``, ``end``) as ``coder``'s manual codings of
    exactly the hit's words; a hit already coded so is left as it is. One transaction: all or nothing.

    Returns ``{"coded": new codings, "existing": already there}``.
    """
    import uuid

    from atlas_qual.store.codebook import index_of
    from atlas_qual.store.coding_ids import check_coder

    coder = check_coder(coder)
    wanted = [(int(h["segment_id"] if isinstance(h, Mapping) else h.segment_id),
               int(h["start"] if isinstance(h, Mapping) else h.start),
               int(h["end"] if isinstance(h, Mapping) else h.end)) for h in hits]

    def _code(s: Session) -> dict[str, int]:
        from atlas_qual.store.undo import tracked

        ref = index_of(s).resolve(code)
        seg_ids = sorted({w[0] for w in wanted})
        # one undoable action for the whole batch: the coder's Ctrl+Z on the coding page takes every hit back
        return tracked(s, coder, seg_ids, "apply", {"code_id": ref.id, "segment_id": seg_ids[0] if seg_ids else None},
                       lambda: _apply(s, ref))

    def _apply(s: Session, ref) -> dict[str, int]:
        segs = {seg.id: seg for seg in s.scalars(select(Segment).where(Segment.id.in_({w[0] for w in wanted})))}
        coded = existing = 0
        for seg_id, start, end in dict.fromkeys(wanted):
            seg = segs.get(seg_id)
            if seg is None:
                raise AtlasQualError("segment_unknown", id=seg_id)
            if not (seg.start <= start < end <= seg.end):
                raise AtlasQualError("span_outside_segment", id=seg_id, start=start, end=end, seg_start=seg.start,
                                     seg_end=seg.end)
            a, b = (None, None) if (start, end) == (seg.start, seg.end) else (start, end)
            span = and_(Coding.start.is_(None), Coding.end.is_(None)) if a is None else and_(Coding.start == a,
                                                                                           Coding.end == b)
            row = s.scalar(select(Coding).where(Coding.segment_id == seg_id, Coding.code_id == ref.id,
                                                Coding.coder == coder, span))
            if row is not None:
                if row.status != "accepted":
                    row.status = "accepted"
                    coded += 1
                else:
                    existing += 1
                continue
            s.add(Coding(segment_id=seg_id, code_id=ref.id, coder=coder, origin="manual", status="accepted",
                         start=a, end=b, guid=str(uuid.uuid4())))
            coded += 1
        s.flush()
        return {"coded": coded, "existing": existing}

    return project.write(_code)


def index_size(project: Project) -> int:
    """Number of indexed words (for ``info`` and benchmarks)."""
    with project.session() as s:
        return int(s.scalar(select(func.count()).select_from(SearchToken)) or 0)


def resolve_filters(project: Project, filters: Mapping[str, Any]) -> dict[str, Any]:
    """Attribute filters as people type them (``{"territory": "San Pedro", "dmop": "mauep"}``) as stored ids; an
    unknown value raises :class:`AtlasQualError` listing the known ones."""
    from atlas_qual.store.case_values import MODES, fold
    from atlas_qual.store.case_values import CaseResolver as _Resolver

    out: dict[str, Any] = {}
    with project.session() as s:
        resolver = _Resolver(s)
        for key, value in filters.items():
            if value in (None, ""):
                continue
            if key in ("dmop", "territory", "institution"):
                out[key] = getattr(resolver, key)(str(value))
            elif key == "mode":
                mode = MODES.get(fold(str(value)).replace("_", " "), MODES.get(fold(str(value))))
                if mode is None:
                    raise AtlasQualError("unknown_mode", mode=value)
                out[key] = mode
            else:
                out[key] = value
    return out


def attribute_labels(project: Project, attribute: str, values: Iterable[str], lang: str = "es") -> dict[str, str]:
    """What people read for stored attribute values: territory names (Ñeembucú, not neembucu), interview modes in
    words, DMOP and institution acronyms as they are."""
    from atlas_qual.i18n import t

    values = list(values)
    if attribute == "territory":
        with project.session() as s:
            names = _labels(s, lang)["territory"]
        return {v: names.get(v, v) for v in values}
    if attribute == "mode":
        return {v: t(f"mode_{v}", lang=lang) for v in values}
    if attribute == "language":
        return {v: t(f"language_{v}", lang=lang) for v in values}
    return {v: v for v in values}
