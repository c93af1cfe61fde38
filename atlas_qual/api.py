"""The analyst's way in: a project as tidy, read-only pandas DataFrames, redacted by default.

One row per observation (a coding, a vote, a segment), columns named in English, values as stored, DMOP / territory /
institution / mode as categoricals, dates as pandas datetimes and counts as integers, so ``groupby``, ``pivot_table``
and seaborn work without reshaping. Nothing here writes to the project: writes stay in the CLI and the apps.

Examples:
    >>> import atlas_qual as aq
    >>> p = aq.open_project(demo_path)                       # a path or a postgresql:// URL
    >>> codings = p.codings()
    >>> set(["code", "coder", "quote", "territory"]) <= set(codings.columns)
    True
    >>> p.matrix(code_by="territory").index.name
    'code'
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:  # pandas is imported when a frame is asked for, so `import atlas_qual` stays light
    import pandas as pd

CATEGORICAL = ("dmop", "territory", "institution", "mode", "institution_kind", "kind", "status", "origin",
               "round_kind", "language")
REGISTER_TABLES = ("meetings", "attendees", "survey", "reach", "phases")


def open_project(project: str | os.PathLike | None = None, *, redact: bool = True, lang: str = "es") -> "Project":
    """Open a project (a SQLite path or a PostgreSQL URL; default ``$ATLAS_QUAL_PROJECT``, else data/atlas.db) for
    reading. ``redact=False`` makes every frame show the original names; each method can also override it.

    Examples:
        >>> p = open_project(demo_path)
        >>> p.info()["transcripts"] > 0
        True
    """
    from atlas_qual.store import open_project as _open

    return Project(_open(project), redact=redact, lang=lang)



def _cached(redactor):
    """``redactor.redact`` remembering each text: frames repeat the same texts (codes, speakers, attributes)."""
    cache: dict[str, str] = {}

    def apply(value):
        if not value:
            return value
        out = cache.get(value)
        if out is None:
            out = cache[value] = redactor.redact(value)
        return out
    return apply

class Project:
    """A project opened for analysis; every method returns a new pandas DataFrame."""

    def __init__(self, store_project, *, redact: bool = True, lang: str = "es") -> None:
        self._p = store_project
        self.redact = redact
        self.lang = lang
        self._redactor_cache: dict[str, Any] = {}

    # --- plumbing ---------------------------------------------------------------------------------------------

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        self._p.dispose()

    def __repr__(self) -> str:
        return f"<atlas_qual project {self._p.name} redact={self.redact}>"

    def _redacting(self, redact: bool | None) -> bool:
        return self.redact if redact is None else bool(redact)

    def _redactor(self):
        """The project's redactor, rebuilt when the list of names to hide changed since the last frame (an
        evaluator may add a name with `atlas-qual names add` while this notebook is open)."""
        from sqlalchemy import case, func, select

        from atlas_qual.store.models import RedactionName

        # the ids of the names hidden only where capitalised: `names add NAME --capitalised` may change that choice
        signature = self._rows(select(func.count(), func.max(RedactionName.id),
                                      func.sum(func.length(RedactionName.name)),
                                      func.sum(case((RedactionName.capitalised.is_(True), RedactionName.id),
                                                    else_=0))))[0]
        if self._redactor_cache.get("signature") != signature:
            from atlas_qual.store.project_redaction import project_redactor

            self._redactor_cache = {"signature": signature,
                                    "r": project_redactor(self._p, lang=self.lang)}
        return self._redactor_cache["r"]

    def _text(self, redact: bool):
        """A function that returns text as outputs show it (redacted unless asked otherwise), cached per text."""
        if not redact:
            return lambda value: value
        return _cached(self._redactor())

    def _register_text(self, redact: bool):
        """As ``_text``, also hiding the people the M&E register names (attendees, survey respondents' names),
        whom the project's names list does not hold, wherever the register's free text mentions them."""
        if not redact:
            return lambda value: value
        from atlas_qual.redaction import Redactor
        from atlas_qual.redaction_names import NameMap
        from atlas_qual.store.register import register_person_names

        base = self._redactor()
        listed = NameMap(getattr(base, "names", {}) or {}, capitalised=getattr(base, "capitalised", ()))
        extra = [n for n in register_person_names(self._p) if n not in listed]
        if not extra:
            return self._text(redact)
        return _cached(Redactor(NameMap({**listed, **{n: "" for n in extra}}, capitalised=listed.capitalised),
                                lang=self.lang))

    def _quoter(self, redact: bool, turns: dict[int, str] | None = None):
        """quote(segment_id, segment_text, start, end): the span (or whole turn) as outputs show it. The personal
        data of a turn is found once per turn, on the whole turn, so a span that cuts a name still hides all of it.
        With ``turns`` (every turn the frame quotes), the turns that cannot hold a listed name, a number or an
        e-mail are known in one pass and sliced as they are (most turns: this keeps large frames fast)."""
        if not redact:
            return lambda _sid, seg_text, a, b: seg_text if a is None else seg_text[a:b]
        from atlas_qual.redaction import redacted_slice

        redactor, found = self._redactor(), {}
        if turns:
            ids = list(turns)
            maybe = redactor.may_need_findings([turns[i] for i in ids])
            found.update({i: [] for i, m in zip(ids, maybe) if not m})

        def quote(sid, seg_text, a, b):
            findings = found.get(sid)
            if findings is None:
                findings = found[sid] = redactor.findings(seg_text)
            a, b = (0, len(seg_text)) if a is None else (a, b)
            return redacted_slice(seg_text, a, b, findings) if findings else seg_text[a:b]
        return quote

    def _rows(self, statement) -> list[tuple]:
        return self._p.rows(statement)

    # --- interviews -------------------------------------------------------------------------------------------

    def info(self) -> dict[str, Any]:
        """The counts of ``atlas-qual info --json``."""
        from atlas_qual.store.info import project_info

        return project_info(self._p)

    def transcripts(self, *, redact: bool | None = None) -> "pd.DataFrame":
        """One row per interview with its case attributes and number of segments.

        Examples:
            >>> t = open_project(demo_path).transcripts()
            >>> {"id", "title", "dmop", "territory", "segments"} <= set(t.columns)
            True
        """
        from sqlalchemy import func, select

        from atlas_qual.store.models import Segment, Transcript

        redact = self._redacting(redact)
        text = self._text(redact)
        counts = select(Segment.transcript_id, func.count().label("n")).group_by(Segment.transcript_id).subquery()
        rows = self._rows(
            select(Transcript.id, Transcript.title, Transcript.filename, Transcript.format, Transcript.language,
                   Transcript.dmop_id, Transcript.territory_id, Transcript.institution_id, Transcript.role,
                   Transcript.mode, Transcript.date, Transcript.interviewer, Transcript.pseudonym,
                   Transcript.interviewee, func.coalesce(counts.c.n, 0), Transcript.imported_at)
            .outerjoin(counts, counts.c.transcript_id == Transcript.id).order_by(Transcript.id))
        records = [{"id": r[0], "title": text(r[1]), "filename": text(r[2]), "format": r[3], "language": r[4],
                    "dmop": r[5], "territory": r[6], "institution": r[7], "role": r[8], "mode": r[9] or None,
                    "date": r[10], "interviewer": text(r[11]), "pseudonym": r[12], "segments": r[14],
                    "imported_at": r[15], **({} if redact else {"interviewee": r[13]})} for r in rows]
        columns = ["id", "title", "filename", "format", "language", "dmop", "territory", "institution", "role",
                   "mode", "date", "interviewer", "pseudonym", "segments", "imported_at"]
        return _frame(records, columns + ([] if redact else ["interviewee"]), ints=("id", "segments"),
                      dates=("date", "imported_at"))

    def cases(self, *, redact: bool | None = None) -> "pd.DataFrame":
        """The case attributes of each interview (one row per transcript), with the institution's kind.

        Examples:
            >>> c = open_project(demo_path).cases()
            >>> c["transcript_id"].is_unique
            True
        """
        from sqlalchemy import select

        from atlas_qual.store.models import Institution, Transcript

        text = self._text(self._redacting(redact))
        rows = self._rows(
            select(Transcript.id, Transcript.pseudonym, Transcript.dmop_id, Transcript.territory_id,
                   Transcript.institution_id, Institution.kind, Transcript.role, Transcript.mode, Transcript.date,
                   Transcript.language, Transcript.interviewer)
            .outerjoin(Institution, Institution.id == Transcript.institution_id).order_by(Transcript.id))
        records = [{"transcript_id": r[0], "pseudonym": r[1], "dmop": r[2], "territory": r[3], "institution": r[4],
                    "institution_kind": r[5], "role": r[6], "mode": r[7] or None, "date": r[8], "language": r[9],
                    "interviewer": text(r[10])} for r in rows]
        return _frame(records, ["transcript_id", "pseudonym", "dmop", "territory", "institution", "institution_kind",
                                "role", "mode", "date", "language", "interviewer"], ints=("transcript_id",),
                      dates=("date",))

    def segments(self, transcript: int | None = None, *, redact: bool | None = None) -> "pd.DataFrame":
        """One row per turn (speaker turn or paragraph): text, speaker, offsets (code points) and language.

        Examples:
            >>> s = open_project(demo_path).segments()
            >>> bool((s["end"] >= s["start"]).all())
            True
        """
        from sqlalchemy import select

        from atlas_qual.store.models import Segment, Transcript

        redact = self._redacting(redact)
        text = self._text(redact)
        q = (select(Segment.id, Segment.transcript_id, Segment.ordinal, Segment.speaker, Segment.text, Segment.start,
                    Segment.end, Segment.language, Segment.time_start, Segment.time_end, Transcript.interviewee,
                    Transcript.pseudonym)
             .join(Transcript, Transcript.id == Segment.transcript_id).order_by(Segment.transcript_id, Segment.ordinal))
        if transcript is not None:
            q = q.where(Segment.transcript_id == int(transcript))
        speaker = _speaker_redactor(text, self.lang) if redact else (lambda label, *_: label)
        records = [{"id": r[0], "transcript_id": r[1], "ordinal": r[2], "speaker": speaker(r[3], r[10], r[11]),
                    "text": text(r[4]), "start": r[5], "end": r[6], "language": r[7], "time_start": r[8],
                    "time_end": r[9]} for r in self._rows(q)]
        return _frame(records, ["id", "transcript_id", "ordinal", "speaker", "text", "start", "end", "language",
                                "time_start", "time_end"], ints=("id", "transcript_id", "ordinal", "start", "end"))

    def codebook(self) -> "pd.DataFrame":
        """One row per code: path ("Parent/Child"), names, definition, colour and how many accepted codings it has.

        Examples:
            >>> cb = open_project(demo_path).codebook()
            >>> cb["path"].is_unique
            True
        """
        from sqlalchemy import func, select

        from atlas_qual.store.models import Code, Coding

        counts = dict(self._rows(select(Coding.code_id, func.count()).where(Coding.status == "accepted")
                                 .group_by(Coding.code_id)))
        codes = self._rows(select(Code.id, Code.parent_id, Code.name, Code.name_en, Code.definition, Code.color,
                                  Code.position).order_by(Code.position, Code.id))
        paths = _code_paths({c[0]: (c[1], c[2]) for c in codes})
        records = [{"id": c[0], "path": paths[c[0]], "name": c[2], "name_en": c[3] or c[2], "parent_id": c[1],
                    "parent": paths.get(c[1]) if c[1] else None, "level": paths[c[0]].count("/") + 1,
                    "definition_es": (c[4] or {}).get("es", ""), "definition_en": (c[4] or {}).get("en", ""),
                    "color": c[5], "position": c[6], "codings": counts.get(c[0], 0)} for c in codes]
        records.sort(key=lambda r: r["path"])
        return _frame(records, ["id", "path", "name", "name_en", "parent_id", "parent", "level", "definition_es",
                                "definition_en", "color", "position", "codings"],
                      ints=("id", "level", "position", "codings"), nullable_ints=("parent_id",))

    def codings(self, coder: str | Sequence[str] | None = None, *, include_pending: bool = False,
                redact: bool | None = None) -> "pd.DataFrame":
        """One row per coding: the code (path), the coder, origin, the span (``start``/``end`` code points within
        the segment; both empty for a whole turn), the quote, and the interview's case attributes. Auto-coding
        suggestions not yet accepted are left out unless ``include_pending``.

        Examples:
            >>> c = open_project(demo_path).codings()
            >>> int(c.groupby("territory", observed=True)["segment_id"].nunique().sum()) > 0
            True
        """
        from sqlalchemy import select

        from atlas_qual.store.models import Coding, Segment, Transcript

        redact = self._redacting(redact)
        where = [] if include_pending else [Coding.status == "accepted"]
        if coder is not None:
            where.append(Coding.coder.in_([coder] if isinstance(coder, str) else list(coder)))
        q = (select(Coding.id, Coding.segment_id, Segment.transcript_id, Segment.ordinal, Coding.code_id, Coding.coder,
                    Coding.origin, Coding.status, Coding.start, Coding.end, Segment.start,
                    Transcript.dmop_id, Transcript.territory_id, Transcript.institution_id, Transcript.role,
                    Transcript.mode, Coding.created_at)
             .join(Segment, Segment.id == Coding.segment_id).join(Transcript, Transcript.id == Segment.transcript_id)
             .where(*where).order_by(Segment.transcript_id, Segment.ordinal, Coding.id))
        rows = self._p.rows(q, raw=True)  # plain columns: dates are parsed by pandas, column-wise, below
        # each turn's text once, not once per coding (a turn coded twice would be read twice)
        texts = dict(self._p.rows(select(Segment.id, Segment.text).where(
            Segment.id.in_(select(Coding.segment_id).where(*where))), raw=True))
        paths = self._code_paths()
        # column by column: a 12,000-row frame built from per-row dicts cost as much as the query itself
        (cid, sid, tid, ordinal, code_id, who, origin, status, start, end, seg_start, dmop, terr, inst,
         role, mode, created) = (list(col) for col in zip(*rows)) if rows else ([] for _ in range(17))
        late = set(sid) - texts.keys()  # coded between the two reads
        if late:
            texts.update(self._p.rows(select(Segment.id, Segment.text).where(Segment.id.in_(late)), raw=True))
        quote_of = self._quoter(redact, texts)
        spans = [(None, None) if a is None or b is None else (max(0, a - s0), max(0, b - s0))
                 for a, b, s0 in zip(start, end, seg_start)]
        rel_start = [a for a, _ in spans]
        rel_end = [b for _, b in spans]
        records = {"id": cid, "segment_id": sid, "transcript_id": tid, "ordinal": ordinal, "code_id": code_id,
                   "code": [paths.get(c, "") for c in code_id], "coder": who, "origin": origin, "status": status,
                   "start": rel_start, "end": rel_end, "whole_segment": [a is None for a in rel_start],
                   "quote": [quote_of(i, texts[i], a, b) for i, a, b in zip(sid, rel_start, rel_end)],
                   "dmop": dmop, "territory": terr, "institution": inst, "role": role,
                   "mode": [m or None for m in mode], "created_at": created}
        return _frame(records, ["id", "segment_id", "transcript_id", "ordinal", "code_id", "code", "coder", "origin",
                                "status", "start", "end", "whole_segment", "quote", "dmop", "territory",
                                "institution", "role", "mode", "created_at"],
                      ints=("id", "segment_id", "transcript_id", "ordinal", "code_id"),
                      nullable_ints=("start", "end"), dates=("created_at",))

    def _code_paths(self) -> dict[int, str]:
        from sqlalchemy import select

        from atlas_qual.store.models import Code

        return _code_paths({r[0]: (r[1], r[2]) for r in self._rows(select(Code.id, Code.parent_id, Code.name))})

    def matrix(self, code_by: str = "territory", *, measure: str = "segments", coder: str | Sequence[str] | None = None,
               include_subcodes: bool = True) -> "pd.DataFrame":
        """Codes (rows) by a case attribute (columns: ``dmop``, ``territory``, ``institution``, ``mode``, ``role``):
        ``measure`` is ``segments`` (coded turns), ``interviews`` (interviews mentioning the code) or ``percent``
        (% of that column's coded interviews). A parent code counts its subcodes' turns when ``include_subcodes``.

        Examples:
            >>> m = open_project(demo_path).matrix(code_by="dmop", measure="interviews")
            >>> m.columns.name
            'dmop'
        """
        import pandas as pd

        if code_by not in ("dmop", "territory", "institution", "mode", "role"):
            raise ValueError(f"code_by must be dmop, territory, institution, mode or role, not {code_by!r}")
        if measure not in ("segments", "interviews", "percent"):
            raise ValueError(f"measure must be segments, interviews or percent, not {measure!r}")
        c = self.codings(coder, redact=True)[["segment_id", "transcript_id", "code", code_by]].copy()
        c[code_by] = c[code_by].astype("object").fillna("")
        if include_subcodes and not c.empty:
            expanded = [c]
            parents = c["code"].str.split("/")
            for depth in range(1, int(parents.str.len().max())):
                part = c[parents.str.len() > depth].copy()
                part["code"] = parents[parents.str.len() > depth].str[:depth].str.join("/")
                expanded.append(part)
            c = pd.concat(expanded, ignore_index=True)
        key = "segment_id" if measure == "segments" else "transcript_id"
        out = c.groupby(["code", code_by])[key].nunique().unstack(code_by, fill_value=0).astype("int64")
        if measure == "percent":
            totals = c.groupby(code_by)["transcript_id"].nunique()
            out = (100.0 * out / totals).round(1)
        out.index.name, out.columns.name = "code", code_by
        return out.sort_index()

    def cooccurrence(self, coder: str | Sequence[str] | None = None) -> "pd.DataFrame":
        """Code x code: turns coded with both (diagonal: turns with the code), over the chosen coders' codings.

        Examples:
            >>> co = open_project(demo_path).cooccurrence()
            >>> bool((co.values == co.values.T).all())
            True
        """
        import pandas as pd

        c = self.codings(coder, redact=True)[["segment_id", "code"]].drop_duplicates()
        codes = sorted(c["code"].unique())
        pos = {code: i for i, code in enumerate(codes)}
        counts = [[0] * len(codes) for _ in codes]
        for _sid, group in c.groupby("segment_id")["code"]:
            present = [pos[x] for x in group]
            for a in present:
                for b in present:
                    counts[a][b] += 1
        out = pd.DataFrame(counts, index=pd.Index(codes, name="code"), columns=pd.Index(codes, name="code_b"),
                           dtype="int64")
        return out

    def agreement(self, coders: Sequence[str] | None = None, codes: Sequence[str] | None = None) -> "pd.DataFrame":
        """Agreement per code between coders (default: every human coder), at segment level: ``n`` units,
        ``percent`` agreement, Cohen's ``kappa`` (two coders) and Krippendorff's ``alpha``; the row ``(all)``
        holds the overall figures.

        Examples:
            >>> a = open_project(demo_path).agreement()
            >>> "(all)" in a.index
            True
        """
        import pandas as pd

        from atlas_qual.store.agreement import agreement_for

        report = agreement_for(self._p, coders, codes)
        rows = [{"code": code, "n": stats.n, "positives": stats.positives, "percent": stats.percent,
                 "kappa": stats.kappa, "alpha": stats.alpha} for code, stats in sorted(report.per_code.items())]
        rows.append({"code": "(all)", "n": report.units, "positives": None, "percent": report.percent_agreement,
                     "kappa": report.cohen_kappa, "alpha": report.krippendorff_alpha})
        out = pd.DataFrame(rows).set_index("code")
        for col in ("percent", "kappa", "alpha"):
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
        out["n"] = out["n"].astype("int64")
        out["positives"] = out["positives"].astype("Int64")
        out.attrs["coders"] = list(report.coders)
        return out

    # --- themes -----------------------------------------------------------------------------------------------

    def themes(self, run: int | None = None, *, redact: bool | None = None) -> "pd.DataFrame":
        """One row per turn assigned to a theme of a stored themes run (default: the latest run): the theme's
        number, label (the analyst's when renamed), whether an analyst confirmed it, its size, the turn and its text.

        Examples:
            >>> th = open_project(demo_path).themes()
            >>> {"run_id", "theme", "label", "segment_id", "text"} <= set(th.columns)
            True
        """
        from sqlalchemy import func, select

        from atlas_qual.store.models import Segment, Theme, ThemeAssignment, ThemeRun

        text = self._text(self._redacting(redact))
        if run is None:
            run = self._rows(select(func.max(ThemeRun.id)))[0][0]
        confirmed_col = getattr(Theme, "label_confirmed", None)
        cols = [Theme.id, Theme.number, Theme.label, Theme.custom_label, Theme.size, Theme.deleted,
                Theme.merged_into, ThemeAssignment.segment_id, ThemeAssignment.score, ThemeAssignment.representative,
                Segment.transcript_id, Segment.text]
        if confirmed_col is not None:
            cols.append(confirmed_col)
        rows = [] if run is None else self._rows(
            select(*cols).join(ThemeAssignment, ThemeAssignment.theme_id == Theme.id)
            .join(Segment, Segment.id == ThemeAssignment.segment_id)
            .where(Theme.run_id == int(run)).order_by(Theme.number, ThemeAssignment.score.desc()))
        records = []
        for r in rows:
            if r[5]:  # deleted by an analyst
                continue
            confirmed = bool(r[3]) or (bool(r[12]) if len(r) > 12 and r[12] is not None else False)
            records.append({"run_id": run, "theme_id": r[0], "theme": r[1], "label": r[3] or r[2],
                            "label_confirmed": confirmed, "size": r[4], "merged_into": r[6], "segment_id": r[7],
                            "score": r[8], "representative": bool(r[9]), "transcript_id": r[10], "text": text(r[11])})
        return _frame(records, ["run_id", "theme_id", "theme", "label", "label_confirmed", "size", "merged_into",
                                "segment_id", "score", "representative", "transcript_id", "text"],
                      ints=("theme_id", "theme", "size", "segment_id", "transcript_id"),
                      nullable_ints=("run_id", "merged_into"))

    # --- workshops --------------------------------------------------------------------------------------------

    def sessions(self) -> "pd.DataFrame":
        """One row per workshop session: join code, kind (gaps | learning), title, status, participants, rounds.

        Examples:
            >>> s = open_project(demo_path).sessions()
            >>> s["participants"].dtype.kind
            'i'
        """
        from sqlalchemy import func, select

        from atlas_qual.store.models import Participant, Round, WorkshopSession

        people = dict(self._rows(select(Participant.session_id, func.count()).group_by(Participant.session_id)))
        rounds = dict(self._rows(select(Round.session_id, func.count()).group_by(Round.session_id)))
        rows = self._rows(select(WorkshopSession.id, WorkshopSession.code, WorkshopSession.kind,
                                 WorkshopSession.title, WorkshopSession.status, WorkshopSession.lang,
                                 WorkshopSession.dmop_id, WorkshopSession.anonymous, WorkshopSession.created_at)
                          .order_by(WorkshopSession.id))
        records = [{"session": r[1], "kind": r[2], "title": r[3], "status": r[4], "lang": r[5], "dmop": r[6],
                    "anonymous": bool(r[7]), "participants": people.get(r[0], 0), "rounds": rounds.get(r[0], 0),
                    "created_at": r[8]} for r in rows]
        return _frame(records, ["session", "kind", "title", "status", "lang", "dmop", "anonymous", "participants",
                                "rounds", "created_at"], ints=("participants", "rounds"), dates=("created_at",))

    def votes(self, session: str, *, redact: bool | None = None) -> "pd.DataFrame":
        """One row per vote of a session: round, item, criterion (gate question or scoring criterion), value
        (yes = 1 / no = 0 for gates), the participant (a number; the nickname only with ``redact=False`` in a
        session that is not anonymous) and their institution.

        Examples:
            >>> v = open_project(demo_path).votes(open_project(demo_path).sessions()["session"].iloc[0])
            >>> {"round", "item", "criterion", "value", "institution"} <= set(v.columns)
            True
        """
        from sqlalchemy import select

        from atlas_qual.store.models import Participant, Round, SessionItem, Vote, WorkshopSession

        redact = self._redacting(redact)
        found = self._rows(select(WorkshopSession.id, WorkshopSession.anonymous)
                           .where(WorkshopSession.code == str(session).strip().upper()))
        if not found:
            raise KeyError(f"no workshop session {session!r}; see Project.sessions()")
        sid, anonymous = found[0]
        rows = self._rows(
            select(Round.number, Round.kind, SessionItem.ref, SessionItem.title, Vote.criterion, Vote.value,
                   Vote.detail, Participant.id, Participant.nickname, Participant.institution_id, Participant.paper,
                   Vote.updated_at)
            .join(Round, Round.id == Vote.round_id).join(SessionItem, SessionItem.id == Vote.item_id)
            .join(Participant, Participant.id == Vote.participant_id)
            .where(Round.session_id == sid).order_by(Round.number, SessionItem.position, Participant.id))
        numbers: dict[int, int] = {}
        records = []
        for (number, kind, ref, title, criterion, value, detail, pid, nick, inst, paper, updated) in rows:
            numbers.setdefault(pid, len(numbers) + 1)
            record = {"session": str(session).upper(), "round": number, "round_kind": kind, "item": ref,
                      "item_title": title, "criterion": criterion, "value": value,
                      "detail": ",".join(str(d) for d in (detail or [])), "participant": numbers[pid],
                      "institution": inst, "paper": bool(paper), "updated_at": updated}
            if not redact and not anonymous:
                record["nickname"] = nick
            records.append(record)
        columns = ["session", "round", "round_kind", "item", "item_title", "criterion", "value", "detail",
                   "participant", "institution", "paper", "updated_at"]
        if not redact and not anonymous:
            columns.append("nickname")
        return _frame(records, columns, ints=("round", "participant"), floats=("value",), dates=("updated_at",))

    def results(self, session: str, round: int | None = None) -> "pd.DataFrame":  # noqa: A002  (the domain's word)
        """One row per item with the session's results, as ``atlas-qual workshop results --json``: qualifies,
        premise- and conclusion-based gate outcomes, weighted score, median, IQR, voters and rank.

        Examples:
            >>> r = open_project(demo_path).results(open_project(demo_path).sessions()["session"].iloc[0])
            >>> "score" in r.columns
            True
        """
        import pandas as pd

        from atlas_qual.store.workshop import results as store_results

        doc = store_results(self._p, str(session).strip().upper(), round_number=round, lang=self.lang)
        items = []
        for item in doc.get("gaps") or doc.get("items") or []:
            flat = {}
            for key, value in item.items():  # {"yes_share": {"C1": .8}} -> yes_share_C1: one value per column
                if isinstance(value, dict):
                    flat.update({f"{key}_{k}": v for k, v in value.items()})
                else:
                    flat[key] = value
            items.append(flat)
        out = pd.DataFrame(items)
        if "rank" in out.columns:
            out["rank"] = pd.to_numeric(out["rank"], errors="coerce").astype("Int64")
        if "n" in out.columns:
            out["n"] = pd.to_numeric(out["n"], errors="coerce").fillna(0).astype("int64")
        out.attrs.update({k: v for k, v in doc.items() if k not in ("gaps", "items")})
        return out

    # --- M&E ---------------------------------------------------------------------------------------------------

    def register(self, table: str, *, redact: bool | None = None) -> "pd.DataFrame":
        """A table of the M&E register: ``meetings``, ``attendees`` (names redacted by default), ``survey``
        (one row per response; answers as columns ``q_<question>``), ``reach`` or ``phases``. Redacted, the
        answers to a name question ("Nombre del encuestado") read ``[nombre]`` and the attendees and respondents
        named in the register's free text (actions, comments) are hidden too. Territories are ids
        (``alto_parana``), so filter with ``df[df.territory == "alto_parana"]``.

        Examples:
            >>> open_project(demo_path).register("meetings")["date"].dtype.kind
            'M'
        """
        from sqlalchemy import select

        from atlas_qual.store import models as m

        if table not in REGISTER_TABLES:
            raise ValueError(f"table must be one of {REGISTER_TABLES}, not {table!r}")
        redact = self._redacting(redact)
        text = self._register_text(redact)
        if table == "meetings":
            rows = self._rows(select(m.Meeting.id, m.Meeting.ref, m.Meeting.date, m.Meeting.dmop_id,
                                     m.Meeting.territory_id, m.Meeting.title, m.Meeting.topics, m.Meeting.challenges,
                                     m.Meeting.innovative_solutions, m.Meeting.actions_taken).order_by(m.Meeting.date))
            cols = ["id", "ref", "date", "dmop", "territory", "title", "topics", "challenges", "innovative_solutions",
                    "actions_taken"]
            records = [dict(zip(cols, (r[0], r[1], r[2], r[3], r[4], *(text(x) for x in r[5:])))) for r in rows]
            return _frame(records, cols, ints=("id",), dates=("date",))
        if table == "attendees":
            rows = self._rows(select(m.MeetingAttendee.id, m.MeetingAttendee.meeting_id, m.Meeting.ref, m.Meeting.date,
                                     m.Meeting.dmop_id, m.MeetingAttendee.name, m.MeetingAttendee.institution_id,
                                     m.MeetingAttendee.role, m.MeetingAttendee.gender)
                              .join(m.Meeting, m.Meeting.id == m.MeetingAttendee.meeting_id)
                              .order_by(m.Meeting.date, m.MeetingAttendee.id))
            cols = ["id", "meeting_id", "meeting_ref", "date", "dmop", "name", "institution", "role", "gender"]
            records = []
            for r in rows:
                rec = dict(zip(cols, r))
                if redact:  # attendees are named people: a stable number instead of the name
                    rec["name"] = f"#{r[0]}"
                records.append(rec)
            return _frame(records, cols, ints=("id", "meeting_id"), dates=("date",))
        if table == "survey":
            rows = self._rows(select(m.SurveyResponse.id, m.SurveyResponse.respondent, m.SurveyResponse.dmop_id,
                                     m.SurveyResponse.territory_id, m.SurveyResponse.institution_id,
                                     m.SurveyResponse.role, m.SurveyResponse.coordination_change,
                                     m.SurveyResponse.date, m.SurveyResponse.answers).order_by(m.SurveyResponse.id))
            from atlas_qual.i18n import t
            from atlas_qual.store.register import is_name_question

            placeholder = t("redaction_name", lang=self.lang)
            cols = ["id", "respondent", "dmop", "territory", "institution", "role", "coordination_change", "date"]
            records, questions = [], []
            for r in rows:
                rec = dict(zip(cols, r[:8]))
                rec["respondent"] = f"#{r[0]}" if redact else r[1]
                for q, a in (r[8] or {}).items():
                    col = f"q_{q}"
                    if col not in questions:
                        questions.append(col)
                    if redact and a not in (None, "") and is_name_question(q):  # "Nombre del encuestado"
                        a = placeholder
                    rec[col] = text(a) if isinstance(a, str) else a
                records.append(rec)
            return _frame(records, cols + questions, ints=("id",), dates=("date",))
        if table == "reach":
            rows = self._rows(select(m.ReachRecord.month, m.ReachRecord.channel, m.ReachRecord.territory_id,
                                     m.ReachRecord.posts, m.ReachRecord.replications, m.ReachRecord.comments,
                                     m.ReachRecord.radio_rating).order_by(m.ReachRecord.month))
            cols = ["month", "channel", "territory", "posts", "replications", "comments", "radio_rating"]
            out = _frame([dict(zip(cols, r)) for r in rows], cols, ints=("posts", "replications", "comments"),
                         floats=("radio_rating",))
            import pandas as pd

            out["month"] = pd.to_datetime(out["month"], format="%Y-%m", errors="coerce")
            return out
        rows = self._rows(select(m.DmopPhaseChange.dmop_id, m.DmopPhaseChange.phase, m.DmopPhaseChange.date,
                                 m.DmopPhaseChange.territory_id, m.DmopPhaseChange.note)
                          .order_by(m.DmopPhaseChange.date))
        cols = ["dmop", "phase", "date", "territory", "note"]
        return _frame([dict(zip(cols, (*r[:4], text(r[4])))) for r in rows], cols, dates=("date",))

    def indicators(self, dmop: str | None = None, territory: str | None = None) -> "pd.DataFrame":
        """The project's reportable indicators (one row each), computed from the register and the codings, with
        the numerator and denominator behind each value.

        Examples:
            >>> ind = open_project(demo_path).indicators()
            >>> ind["number"].tolist()[:3]
            [1, 2, 3]
        """
        import pandas as pd

        from atlas_qual.store.register import indicators_for

        found = indicators_for(self._p, dmop=dmop, territory=territory)
        items = found.values() if isinstance(found, dict) else found
        rows = []
        for ind in items:
            d = ind.to_dict(self.lang) if hasattr(ind, "to_dict") else dict(ind)
            d["counted"] = ",".join(d.get("counted") or [])
            rows.append(d)
        out = pd.DataFrame(rows)
        if not out.empty:
            out["number"] = out["number"].astype("int64")
            out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
            out = out.sort_values("number", ignore_index=True)
        return out


# --- helpers -----------------------------------------------------------------------------------------------------

def _code_paths(codes: dict[int, tuple[int | None, str]]) -> dict[int, str]:
    """code id -> "Parent/Child" from {id: (parent_id, name)}."""
    paths: dict[int, str] = {}

    def path(cid: int) -> str:
        if cid not in paths:
            parent, name = codes[cid]
            paths[cid] = f"{path(parent)}/{name}" if parent in codes else name
        return paths[cid]

    for cid in codes:
        path(cid)
    return paths


def _speaker_redactor(text, lang: str):
    """Speaker labels as outputs show them: a label made of the interviewee's own names becomes the pseudonym (the
    name redactor cannot know a first name alone belongs to them), anything else is redacted as text."""
    from atlas_qual.i18n import t
    from atlas_qual.text import fold

    def speaker(label, interviewee, pseudonym):
        if not label:
            return label
        if interviewee:
            words = set(fold(label).replace(".", " ").split())
            if words and words <= set(fold(interviewee).split()):
                return pseudonym or t("redaction_name", lang=lang)
        return text(label)
    return speaker


def _frame(records: list[dict] | dict[str, list], columns: Iterable[str], *, ints: Iterable[str] = (), floats: Iterable[str] = (),
           nullable_ints: Iterable[str] = (), dates: Iterable[str] = ()) -> "pd.DataFrame":
    """A DataFrame with the package's dtypes: categoricals for case attributes, datetimes, integer counts."""
    import pandas as pd

    columns = list(columns)
    if isinstance(records, dict):  # already columns
        out = pd.DataFrame({c: records.get(c, []) for c in columns}, columns=columns)
    else:
        out = pd.DataFrame.from_records(records, columns=columns)
    for col in ints:
        if col in out:
            out[col] = pd.to_numeric(out[col]).fillna(0).astype("int64")
    for col in nullable_ints:
        if col in out:
            out[col] = pd.to_numeric(out[col]).astype("Int64")
    for col in floats:
        if col in out:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    for col in dates:
        if col in out:
            out[col] = pd.to_datetime(out[col], errors="coerce")
    for col in CATEGORICAL:
        if col in out and not isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype("category")
    return out


__all__ = ["open_project", "Project"]
