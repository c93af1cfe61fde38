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
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:  # pandas is imported when a frame is asked for, so `import atlas_qual` stays light
    import pandas as pd

from atlas_qual.api_base import ProjectBase, _session_code, pd_text
from atlas_qual.api_frames import CATEGORICAL  # noqa: F401  (importable from here, as before)
from atlas_qual.api_frames import (ApiLookupError, ApiValueError, case_filters, check_coders, code_ids, coder_list,
                                   numeric_answers, results_frame, short_errors, transcript_number)
from atlas_qual.api_frames import code_paths as _code_paths  # noqa: F401  (importable from here, as before)
from atlas_qual.api_frames import frame as _frame  # noqa: F401
from atlas_qual.api_frames import speaker_redactor as _speaker_redactor  # noqa: F401

REGISTER_TABLES = ("meetings", "attendees", "survey", "reach", "phases")
CODE_BY = ("dmop", "territory", "institution", "mode", "role")
MEASURES = ("segments", "interviews", "percent")


@short_errors
def open_project(project: str | os.PathLike | None = None, *, redact: bool = True, lang: str = "es") -> "Project":
    """Open a project (a SQLite path or a PostgreSQL URL; default ``$ATLAS_QUAL_PROJECT``, else data/atlas.db) for
    reading. ``redact=False`` makes every frame show the original names; each method can also override it. A path
    that holds no project is one line saying so (no traceback through the library). The connections are released
    by ``p.close()``, a ``with`` block, or when the notebook's kernel stops.

    Examples:
        >>> p = open_project(demo_path)
        >>> p.info()["transcripts"] > 0
        True
        >>> with open_project(demo_path, lang="en") as q:
        ...     len(q.codings()) == len(p.codings())
        True
    """
    import weakref

    from atlas_qual.store import open_project as _open

    store = _open(project)
    out = Project(store, redact=redact, lang=lang)
    # a notebook rarely closes its project: its connections (a PostgreSQL server's) are closed when it stops
    out._finalizer = weakref.finalize(out, store.dispose)
    return out


class Project(ProjectBase):
    """A project opened for analysis; every method returns a new pandas DataFrame."""

    # --- plumbing ---------------------------------------------------------------------------------------------

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        if self._finalizer is not None:
            self._finalizer.detach()
        self._p.dispose()

    def __repr__(self) -> str:
        return f"<atlas_qual project {self._p.name} redact={self.redact}>"

    # --- interviews -------------------------------------------------------------------------------------------

    def info(self, *, redact: bool | None = None) -> dict[str, Any]:
        """The counts of ``atlas-qual info --json`` (a dict, not a frame), with the names of the territories and the
        workshop sessions (their titles redacted by default, as in every output).

        Examples:
            >>> i = open_project(demo_path).info()
            >>> i["codings"] > 0 and i["territory_names"]["alto_parana"]
            'Alto Paraná'
        """
        from atlas_qual.store.info import project_info

        return project_info(self._p, redact=self._redacting(redact))

    def transcripts(self, *, redact: bool | None = None) -> "pd.DataFrame":
        """One row per interview with its case attributes and number of segments. ``id`` is also given as
        ``transcript_id``, the name every other frame uses, so ``codings.merge(transcripts, on="transcript_id")``
        works.

        Examples:
            >>> t = open_project(demo_path).transcripts()
            >>> {"id", "title", "dmop", "territory", "segments"} <= set(t.columns)
            True
            >>> bool((t["id"] == t["transcript_id"]).all())
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
                    "dmop": r[5], "territory": r[6], "institution": r[7], "role": text(r[8]),
                    "mode": r[9] or None, "date": r[10], "interviewer": text(r[11]), "pseudonym": r[12],
                    "segments": r[14], "imported_at": r[15], "transcript_id": r[0],
                    **({} if redact else {"interviewee": r[13]})} for r in rows]
        columns = ["id", "title", "filename", "format", "language", "dmop", "territory", "institution", "role",
                   "mode", "date", "interviewer", "pseudonym", "segments", "imported_at", "transcript_id"]
        return self._df(records, columns + ([] if redact else ["interviewee"]),
                        ints=("id", "segments", "transcript_id"), dates=("date", "imported_at"))

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
                    "institution_kind": r[5], "role": text(r[6]), "mode": r[7] or None, "date": r[8],
                    "language": r[9], "interviewer": text(r[10])} for r in rows]
        return self._df(records, ["transcript_id", "pseudonym", "dmop", "territory", "institution", "institution_kind",
                                "role", "mode", "date", "language", "interviewer"], ints=("transcript_id",),
                      dates=("date",))

    def segments(self, transcript: int | None = None, *, redact: bool | None = None) -> "pd.DataFrame":
        """One row per turn (speaker turn or paragraph): text, speaker, offsets (code points) and language.
        ``id`` is also given as ``segment_id``, the name codings and themes use for a turn.

        Examples:
            >>> s = open_project(demo_path).segments()
            >>> bool((s["end"] >= s["start"]).all())
            True
            >>> "segment_id" in s.columns
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
        q_id = transcript_number(transcript)
        if transcript is not None:
            q = q.where(Segment.transcript_id == q_id)
        speaker = _speaker_redactor(text, self.lang) if redact else (lambda label, *_: label)
        rows = self._rows(q)
        if transcript is not None and not rows and not self._rows(select(Transcript.id).where(Transcript.id == q_id)):
            raise ApiLookupError("api_unknown_transcript", id=transcript)
        cast = self._speaker_labels({r[1] for r in rows}) if redact else {}
        records = [{"id": r[0], "transcript_id": r[1], "ordinal": r[2],
                    "speaker": speaker(r[3], r[10], r[11], cast.get(r[1], ())),
                    "text": text(r[4]), "start": r[5], "end": r[6], "language": r[7], "time_start": r[8],
                    "time_end": r[9], "segment_id": r[0]} for r in rows]
        return self._df(records, ["id", "transcript_id", "ordinal", "speaker", "text", "start", "end", "language",
                                  "time_start", "time_end", "segment_id"],
                        ints=("id", "transcript_id", "ordinal", "start", "end", "segment_id"),
                        floats=("time_start", "time_end"))

    def codebook(self) -> "pd.DataFrame":
        """One row per code: path ("Parent/Child"), names, definition, colour and how many accepted codings it has.
        ``path`` is also given as ``code``, the column codings, quotes and matrices name a code by.

        Examples:
            >>> cb = open_project(demo_path).codebook()
            >>> cb["path"].is_unique
            True
            >>> cb.loc[cb["name"] == "Debilidades", "code"].iloc[0]
            'Evaluación/Debilidades'
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
                    "color": c[5], "position": c[6], "codings": counts.get(c[0], 0), "code": paths[c[0]]}
                   for c in codes]
        records.sort(key=lambda r: r["path"])
        return self._df(records, ["id", "path", "name", "name_en", "parent_id", "parent", "level", "definition_es",
                                  "definition_en", "color", "position", "codings", "code"],
                      ints=("id", "level", "position", "codings"), nullable_ints=("parent_id",))

    def codings(self, coder: str | Sequence[str] | None = None, *, include_pending: bool = False,
                redact: bool | None = None, code: str | Sequence[str] | None = None, dmop: str | None = None,
                territory: str | None = None, institution: str | None = None,
                include_subcodes: bool = True) -> "pd.DataFrame":
        """One row per coding: the code (path), the coder, origin, the span (``start``/``end`` code points within
        the segment; both empty for a whole turn), the quote, and the interview's case attributes. Auto-coding
        suggestions not yet accepted are left out unless ``include_pending``. ``coder`` is a name, a list or
        ``"a,b"``. ``code`` keeps one code (its name, its path or its English name; with its subcodes unless
        ``include_subcodes=False``); ``dmop``, ``territory`` and ``institution`` keep the interviews of one (an id
        or a name: ``"Alto Paraná"`` or ``"alto_parana"``). A name the project does not know is a one-line error
        listing the known ones.

        Examples:
            >>> p = open_project(demo_path)
            >>> c = p.codings()
            >>> int(c.groupby("territory", observed=True)["segment_id"].nunique().sum()) > 0
            True
            >>> w = p.codings(code="Debilidades", territory="Alto Paraná")
            >>> sorted(set(w["code"])), sorted(set(w["territory"]))
            (['Evaluación/Debilidades'], ['alto_parana'])
        """
        from sqlalchemy import select

        from atlas_qual.store.models import Coding, Segment, Transcript

        redact = self._redacting(redact)
        where = [] if include_pending else [Coding.status == "accepted"]
        if coder is not None:
            check_coders(self._p, coder_list(coder), empty_ok=True)  # a typo: one line, not an empty frame
            where.append(Coding.coder.in_(coder_list(coder) or []))
        ids = code_ids(self._p, code, include_subcodes)
        if ids is not None:
            where.append(Coding.code_id.in_(ids))
        cases = case_filters(self._p, dmop, territory, institution)
        for key, column in (("dmop", Transcript.dmop_id), ("territory", Transcript.territory_id),
                            ("institution", Transcript.institution_id)):
            if key in cases:
                where.append(Coding.segment_id.in_(select(Segment.id).join(Transcript).where(column == cases[key])))
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
        text = self._text(redact)
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
                   "dmop": dmop, "territory": terr, "institution": inst, "role": [text(r) for r in role],
                   "mode": [m or None for m in mode], "created_at": created}
        return self._df(records, ["id", "segment_id", "transcript_id", "ordinal", "code_id", "code", "coder", "origin",
                                "status", "start", "end", "whole_segment", "quote", "dmop", "territory",
                                  "institution", "role", "mode", "created_at"],
                        ints=("id", "segment_id", "transcript_id", "ordinal", "code_id"),
                        nullable_ints=("start", "end"), dates=("created_at",), bools=("whole_segment",))

    def matrix(self, code_by: str = "territory", *, measure: str = "segments", coder: str | Sequence[str] | None = None,
               include_subcodes: bool = True, dmop: str | None = None, territory: str | None = None,
               institution: str | None = None) -> "pd.DataFrame":
        """Codes (rows) by a case attribute (columns: ``dmop``, ``territory``, ``institution``, ``mode``, ``role``):
        ``measure`` is ``segments`` (coded turns), ``interviews`` (interviews mentioning the code) or ``percent``
        (% of that column's coded interviews). A parent code counts its subcodes' turns when ``include_subcodes``.
        ``dmop``, ``territory`` and ``institution`` keep the interviews of one, as in ``codings()``. On a project
        with no codings it is an empty frame with the same index and column names.

        Examples:
            >>> m = open_project(demo_path).matrix(code_by="dmop", measure="interviews")
            >>> m.columns.name
            'dmop'
            >>> int(open_project(demo_path).matrix(code_by="territory", dmop="MAUEP").loc["Evaluación"].sum()) > 0
            True
        """
        import pandas as pd

        if code_by not in CODE_BY:
            raise ApiValueError("api_unknown_code_by", value=code_by, known=", ".join(CODE_BY))
        if measure not in MEASURES:
            raise ApiValueError("api_unknown_measure", value=measure, known=", ".join(MEASURES))
        c = self.codings(coder, redact=True, dmop=dmop, territory=territory, institution=institution)
        c = c[["segment_id", "transcript_id", "code", code_by]].copy()
        if c.empty:
            return pd.DataFrame(index=pd.Index([], name="code", dtype=c["code"].dtype),
                                columns=pd.Index([], name=code_by, dtype=c["code"].dtype),
                                dtype="float64" if measure == "percent" else "int64")
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
        kind = c["code"].dtype  # text even when there is no code yet
        out = pd.DataFrame(counts, index=pd.Index(codes, name="code", dtype=kind),
                           columns=pd.Index(codes, name="code_b", dtype=kind), dtype="int64")
        return out

    def agreement(self, coders: str | Sequence[str] | None = None, codes: str | Sequence[str] | None = None, *,
                  dmop: str | None = None, territory: str | None = None) -> "pd.DataFrame":
        """Agreement per code between coders (default: every human coder), at segment level: ``n`` units,
        ``percent`` agreement, Cohen's ``kappa`` (two coders) and Krippendorff's ``alpha``; the row ``(all)``
        holds the overall figures. ``coders`` is a list or ``"a,b"``, ``codes`` a code or a list of codes (names or
        paths); ``dmop``/``territory`` keep the interviews of one. ``disagreements()`` lists the turns behind it.

        Examples:
            >>> a = open_project(demo_path).agreement("ana.gimenez,carlos.rojas", dmop="MAUEP")
            >>> "(all)" in a.index and a.attrs["coders"] == ["ana.gimenez", "carlos.rojas"]
            True
        """
        import pandas as pd

        from atlas_qual.store.agreement import agreement_for

        codes, coders = [codes] if isinstance(codes, str) else codes, coder_list(coders)
        check_coders(self._p, coders, pairs=True)
        report = agreement_for(self._p, coders, codes, dmop=dmop, territory=territory)
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

    def disagreements(self, coders: str | Sequence[str] | None = None, codes: str | Sequence[str] | None = None, *,
                      dmop: str | None = None, territory: str | None = None,
                      redact: bool | None = None) -> "pd.DataFrame":
        """The turns two (or more) coders coded differently, one row per turn and code, in transcript order:
        ``kind`` is ``presence`` (some applied the code, others did not: ``applied_by``/``not_applied_by``) or
        ``span`` (all applied it on different characters); ``decision`` is what the reconciliation decided so far
        (True / False / empty). Same arguments as ``agreement()``; the text is redacted by default.

        Examples:
            >>> d = open_project(demo_path).disagreements(["ana.gimenez", "carlos.rojas"])
            >>> len(d) > 0 and set(d["kind"]) <= {"presence", "span"}
            True
            >>> d.groupby("code")["segment_id"].count().idxmax() in set(d["code"])
            True
        """
        from atlas_qual.store.agreement import disagreements

        redact = self._redacting(redact)
        codes, coders = [codes] if isinstance(codes, str) else codes, coder_list(coders)
        check_coders(self._p, coders, pairs=True)
        rows = disagreements(self._p, coders, codes=codes, dmop=dmop, territory=territory,
                             lang=self.lang, redact=redact)
        speakers = self._speakers({r.segment_id for r in rows}, redact)
        records = [{"segment_id": r.segment_id, "transcript_id": r.transcript_id, "ordinal": r.ordinal,
                    "speaker": speakers.get(r.segment_id), "code": r.code, "kind": r.kind,
                    "applied_by": ",".join(r.applied_by), "not_applied_by": ",".join(r.not_applied_by),
                    "decision": r.decision, "text": r.text} for r in rows]
        return self._df(records, ["segment_id", "transcript_id", "ordinal", "speaker", "code", "kind", "applied_by",
                                  "not_applied_by", "decision", "text"],
                        ints=("segment_id", "transcript_id", "ordinal"), nullable_bools=("decision",))

    # --- themes -----------------------------------------------------------------------------------------------

    def themes(self, run: int | str | None = None, *, code: str | None = None,
               redact: bool | None = None) -> "pd.DataFrame":
        """One row per turn assigned to a theme of a stored themes run (default: the latest run): the theme's
        number, label (the analyst's when renamed), whether an analyst confirmed it, its size, the turn and its text,
        and the ``code`` the run was over. ``code="Debilidades"`` (or ``run="Debilidades"``) takes the latest run over
        that code; ``theme_runs()`` lists them all. Labels and texts are redacted by default, as in every output.

        Examples:
            >>> th = open_project(demo_path).themes()
            >>> {"run_id", "theme", "label", "segment_id", "text"} <= set(th.columns)
            True
            >>> w = open_project(demo_path).themes(code="Debilidades")
            >>> set(w["code"])
            {'Evaluación/Debilidades'}
            >>> int(w.groupby(["theme", "label"]).size().sum()) == len(w)
            True
        """
        from sqlalchemy import func, select

        from atlas_qual.store.models import Segment, Theme, ThemeAssignment, ThemeRun
        from atlas_qual.store.themes_store import get_run, list_runs

        redact = self._redacting(redact)
        text = self._text(redact)
        if isinstance(run, str) and not run.strip().isdigit():
            run, code = None, run
        if code is not None:
            found = list_runs(self._p, code)
            if not found:
                raise ApiLookupError("api_no_themes_for_code", code=code)
            run = found[0].id
        if run is None:
            run = self._rows(select(func.max(ThemeRun.id)))[0][0]
        columns = ["run_id", "theme_id", "theme", "label", "label_confirmed", "size", "merged_into", "segment_id",
                   "score", "representative", "transcript_id", "text", "code"]
        types = dict(ints=("run_id", "theme_id", "theme", "size", "segment_id", "transcript_id"),
                     nullable_ints=("merged_into",), floats=("score",),
                     bools=("label_confirmed", "representative"))
        if run is None:  # no themes found yet in this project
            return self._df([], columns, **types)
        run = int(run)
        if not self._rows(select(ThemeRun.id).where(ThemeRun.id == run)):
            raise ApiLookupError("api_unknown_theme_run", id=run)
        stored = get_run(self._p, run, lang=self.lang, redact=redact)  # as every output shows it: edits applied
        # each turn under the theme it ends up in after the analysts' merges and moves (the page's and the
        # reports' sizes); a deleted theme's turns are left out
        final = {sid: th for th in stored.themes for sid in th.segment_ids}
        rows = self._rows(
            select(Theme.merged_into, ThemeAssignment.segment_id, ThemeAssignment.score,
                   ThemeAssignment.representative, Segment.transcript_id, Segment.text)
            .join(ThemeAssignment, ThemeAssignment.theme_id == Theme.id)
            .join(Segment, Segment.id == ThemeAssignment.segment_id)
            .where(Theme.run_id == run).order_by(ThemeAssignment.score.desc()))
        order = {th.id: k for k, th in enumerate(stored.themes)}
        records = [{"run_id": run, "theme_id": final[r[1]].id, "theme": final[r[1]].number,
                    "label": final[r[1]].label, "label_confirmed": final[r[1]].label_confirmed,
                    "size": final[r[1]].size, "merged_into": r[0], "segment_id": r[1], "score": r[2],
                    "representative": bool(r[3]), "transcript_id": r[4], "text": text(r[5]), "code": stored.code_path}
                   for r in rows if r[1] in final]
        records.sort(key=lambda rec: order[rec["theme_id"]])  # biggest theme first, best-fitting turn first within
        return self._df(records, columns, **types)

    def theme_runs(self) -> "pd.DataFrame":
        """One row per stored themes run, newest first: its id (``run_id``, for ``themes(run)``), the code it was over,
        its filters (DMOP, territory, institution, role, coder; empty when not filtered), the model, its language,
        when it ran, how many themes it has now and how many turns it read.

        Examples:
            >>> r = open_project(demo_path).theme_runs()
            >>> "Evaluación/Debilidades" in set(r["code"]) and r["themes"].dtype.kind
            'i'
        """
        from atlas_qual.store.themes_store import list_runs

        records = [{"run_id": r.id, "code": r.code_path, **{k: (r.filters or {}).get(k) or None for k in
                    ("dmop", "territory", "institution", "role", "coder")}, "model": r.model, "language": r.lang,
                    "created_at": r.created_at, "themes": r.themes, "segments": r.segments}
                   for r in list_runs(self._p)]
        return self._df(records, ["run_id", "code", "dmop", "territory", "institution", "role", "coder", "model",
                                  "language", "created_at", "themes", "segments"],
                        ints=("run_id", "themes", "segments"), dates=("created_at",))

    def quotes(self, code: str | Sequence[str], *, dmop: str | None = None, territory: str | None = None,
               institution: str | None = None, coder: str | Sequence[str] | None = None,
               include_subcodes: bool = True, redact: bool | None = None) -> "pd.DataFrame":
        """What interviewees said under a code (its name, path or English name; with its subcodes unless
        ``include_subcodes=False``), one row per quoted passage in interview order: the quote, who said it (the
        pseudonym and speaker, never a name), the case attributes and which coders applied the code there (a
        passage two coders marked alike is one row). Filters as in ``codings()``; redacted by default.

        Examples:
            >>> q = open_project(demo_path).quotes("Debilidades", dmop="MAUEP")
            >>> list(q.columns[:4])
            ['code', 'quote', 'pseudonym', 'speaker']
            >>> len(q) > 0 and set(q["dmop"]) == {"MAUEP"}
            True
        """
        import pandas as pd
        from sqlalchemy import select

        from atlas_qual.api_frames import text_dtype
        from atlas_qual.store.models import Transcript

        redact = self._redacting(redact)
        c = self.codings(coder, redact=redact, code=code, dmop=dmop, territory=territory, institution=institution,
                         include_subcodes=include_subcodes)
        # one passage = turn, code and span (a whole turn has no span: -1); who coded it
        keys = list(zip(c["segment_id"], c["code"], c["start"].fillna(-1), c["end"].fillna(-1)))
        who: dict[tuple, set[str]] = {}
        for k, coder_name in zip(keys, c["coder"]):
            who.setdefault(k, set()).add(coder_name)
        first = ~pd.Series(keys, index=c.index, dtype="object").duplicated()
        out, kept = c[first].reset_index(drop=True), [k for k, f in zip(keys, first) if f]
        pseudonyms = dict(self._rows(select(Transcript.id, Transcript.pseudonym)))
        speakers = self._speakers(out["segment_id"], redact)
        out["pseudonym"] = pd_text([pseudonyms.get(t) for t in out["transcript_id"]], text_dtype())
        out["speaker"] = pd_text([speakers.get(s) for s in out["segment_id"]], text_dtype())
        out["coders"] = pd_text([",".join(sorted(who[k])) for k in kept], text_dtype())
        return out[["code", "quote", "pseudonym", "speaker", "dmop", "territory", "institution", "role", "mode",
                    "transcript_id", "segment_id", "ordinal", "start", "end", "whole_segment", "coders"]]

    # --- workshops --------------------------------------------------------------------------------------------

    def sessions(self, *, redact: bool | None = None) -> "pd.DataFrame":
        """One row per workshop session: join code, kind (gaps | learning), title (redacted by default, as the
        facilitator typed it), status, participants, rounds.

        Examples:
            >>> s = open_project(demo_path).sessions()
            >>> s["participants"].dtype.kind
            'i'
        """
        from sqlalchemy import func, select

        from atlas_qual.store.models import Participant, Round, WorkshopSession

        text = self._text(self._redacting(redact))
        people = dict(self._rows(select(Participant.session_id, func.count()).group_by(Participant.session_id)))
        rounds = dict(self._rows(select(Round.session_id, func.count()).group_by(Round.session_id)))
        rows = self._rows(select(WorkshopSession.id, WorkshopSession.code, WorkshopSession.kind,
                                 WorkshopSession.title, WorkshopSession.status, WorkshopSession.lang,
                                 WorkshopSession.dmop_id, WorkshopSession.anonymous, WorkshopSession.created_at)
                          .order_by(WorkshopSession.id))
        records = [{"session": r[1], "kind": r[2], "title": text(r[3]), "status": r[4], "lang": r[5], "dmop": r[6],
                    "anonymous": bool(r[7]), "participants": people.get(r[0], 0), "rounds": rounds.get(r[0], 0),
                    "created_at": r[8]} for r in rows]
        return self._df(records, ["session", "kind", "title", "status", "lang", "dmop", "anonymous", "participants",
                                  "rounds", "created_at"], ints=("participants", "rounds"), dates=("created_at",),
                        bools=("anonymous",))

    def votes(self, session: str, *, redact: bool | None = None) -> "pd.DataFrame":
        """One row per vote of a session: round, item, criterion (gate question or scoring criterion), value
        (yes = 1 / no = 0 for gates), the participant (a number; the nickname only with ``redact=False`` in a
        session that is not anonymous) and their institution. Item titles (a learning workshop's recommendations
        quote interviewees) are redacted by default. An unknown session code is a one-line error (a ``KeyError``).

        Examples:
            >>> v = open_project(demo_path).votes(open_project(demo_path).sessions()["session"].iloc[0])
            >>> {"round", "item", "criterion", "value", "institution"} <= set(v.columns)
            True
        """
        from sqlalchemy import select

        from atlas_qual.store.models import Participant, Round, SessionItem, Vote

        redact = self._redacting(redact)
        code = _session_code(session)
        sid, anonymous = self._session_row(session)
        text = self._text(redact)
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
            record = {"session": code, "round": number, "round_kind": kind, "item": ref,
                      "item_title": text(title), "criterion": criterion, "value": value,
                      "detail": ",".join(str(d) for d in (detail or [])), "participant": numbers[pid],
                      "institution": inst, "paper": bool(paper), "updated_at": updated}
            if not redact and not anonymous:
                record["nickname"] = nick
            records.append(record)
        columns = ["session", "round", "round_kind", "item", "item_title", "criterion", "value", "detail",
                   "participant", "institution", "paper", "updated_at"]
        if not redact and not anonymous:
            columns.append("nickname")
        return self._df(records, columns, ints=("round", "participant"), floats=("value",), dates=("updated_at",),
                        bools=("paper",))

    def results(self, session: str, round: int | None = None, *,  # noqa: A002  (the domain's word)
                redact: bool | None = None) -> "pd.DataFrame":
        """One row per item with the session's results, as ``atlas-qual workshop results --json``: qualifies,
        premise- and conclusion-based gate outcomes, weighted score, median, IQR, voters and rank. The item's id is
        also given as ``item``, the name ``votes()`` uses. Scores are numbers (NaN before anyone voted); titles and
        the facilitator's notes (also in ``.attrs``) are redacted by default.

        Examples:
            >>> p = open_project(demo_path)
            >>> r = p.results(p.sessions()["session"].iloc[0])
            >>> "score" in r.columns and r["score"].dtype.kind
            'f'
            >>> r.attrs["session"] == r.attrs["session"].upper()
            True
        """
        from atlas_qual.store.workshop import redacted
        from atlas_qual.store.workshop import results as store_results

        self._session_row(session)  # an unknown code: the same one-line KeyError as votes()
        doc = store_results(self._p, _session_code(session), round_number=round, lang=self.lang)
        doc = redacted(doc, self._text(True)) if self._redacting(redact) else doc
        out = results_frame(doc.get("gaps") or doc.get("items") or [])
        out.attrs.update({k: v for k, v in doc.items() if k not in ("gaps", "items")})
        return out

    # --- M&E ---------------------------------------------------------------------------------------------------

    def register(self, table: str, *, redact: bool | None = None) -> "pd.DataFrame":
        """A table of the M&E register: ``meetings``, ``attendees`` (names redacted by default), ``survey``
        (one row per response; answers as columns ``q_<question>``, in alphabetical order of the question on
        SQLite and PostgreSQL alike; a question answered only with numbers, such as a 1-5 rating, is a number
        column), ``reach`` or ``phases``. Redacted, the
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
            raise ApiValueError("api_unknown_table", table=table, known=", ".join(REGISTER_TABLES))
        redact = self._redacting(redact)
        text = self._register_text(redact)
        if table == "meetings":
            rows = self._rows(select(m.Meeting.id, m.Meeting.ref, m.Meeting.date, m.Meeting.dmop_id,
                                     m.Meeting.territory_id, m.Meeting.title, m.Meeting.topics, m.Meeting.challenges,
                                     m.Meeting.innovative_solutions, m.Meeting.actions_taken).order_by(m.Meeting.date))
            cols = ["id", "ref", "date", "dmop", "territory", "title", "topics", "challenges", "innovative_solutions",
                    "actions_taken"]
            records = [dict(zip(cols, (r[0], r[1], r[2], r[3], r[4], *(text(x) for x in r[5:])))) for r in rows]
            return self._df(records, cols, ints=("id",), dates=("date",))
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
            return self._df(records, cols, ints=("id", "meeting_id"), dates=("date",))
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
            # by name: a PostgreSQL project keeps the answers in JSONB, which does not keep the file's order
            return numeric_answers(self._df(records, cols + sorted(questions), ints=("id",), dates=("date",)),
                                   questions)
        if table == "reach":
            rows = self._rows(select(m.ReachRecord.month, m.ReachRecord.channel, m.ReachRecord.territory_id,
                                     m.ReachRecord.posts, m.ReachRecord.replications, m.ReachRecord.comments,
                                     m.ReachRecord.radio_rating).order_by(m.ReachRecord.month))
            cols = ["month", "channel", "territory", "posts", "replications", "comments", "radio_rating"]
            out = self._df([dict(zip(cols, r)) for r in rows], cols, ints=("posts", "replications", "comments"),
                         floats=("radio_rating",))
            import pandas as pd

            out["month"] = pd.to_datetime(out["month"], format="%Y-%m", errors="coerce").astype("datetime64[us]")
            return out
        rows = self._rows(select(m.DmopPhaseChange.dmop_id, m.DmopPhaseChange.phase, m.DmopPhaseChange.date,
                                 m.DmopPhaseChange.territory_id, m.DmopPhaseChange.note)
                          .order_by(m.DmopPhaseChange.date))
        cols = ["dmop", "phase", "date", "territory", "note"]
        return self._df([dict(zip(cols, (*r[:4], text(r[4])))) for r in rows], cols, dates=("date",))

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
            # a count, empty where an indicator has none (a count of the register): 12, not 12.0
            out["denominator"] = pd.to_numeric(out["denominator"], errors="coerce").astype("Int64")
            out = out.sort_values("number", ignore_index=True)
        return out


for _name, _fn in list(vars(Project).items()):
    if not _name.startswith("_") and callable(_fn):
        setattr(Project, _name, short_errors(_fn))


__all__ = ["open_project", "Project"]
