"""The plumbing behind atlas_qual.api.Project: the store, the redaction every frame goes through (rebuilt when the
list of names to hide changes), and frames typed the package's way. atlas_qual.api holds the frames themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from atlas_qual.api_frames import cached as _cached
from atlas_qual.api_frames import code_paths as _code_paths
from atlas_qual.api_frames import frame as _frame
from atlas_qual.api_frames import reference_categories
from atlas_qual.api_frames import speaker_redactor as _speaker_redactor

if TYPE_CHECKING:
    import pandas as pd


FINDINGS_MEMO_CHARS = 50_000_000  # text whose findings a project remembers between frames (~50 MB)


class ProjectBase:
    """A store opened for reading, with the redaction settings of the analyst's session."""

    def __init__(self, store_project, *, redact: bool = True, lang: str = "es") -> None:
        self._p = store_project
        self.redact = redact
        self.lang = lang
        self._redactor_cache: dict[str, Any] = {}
        self._finalizer = None

    def _df(self, records, columns, **types) -> "pd.DataFrame":
        """A frame with the package's dtypes, its case attributes categorical over the project's reference values."""
        return _frame(records, columns, categories=reference_categories(self._p), **types)

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
                                    "r": project_redactor(self._p, lang=self.lang), "findings": {}}
        return self._redactor_cache["r"]

    def _findings_of(self, redactor, texts: list[str]) -> list[list]:
        """``redactor.findings(t)`` for each of ``texts``, remembered by text while the names list stays the same:
        the next frame over the same turns (``codings()`` again, ``passages()``) finds nothing anew."""
        cache = self._redactor_cache
        memo = cache.get("findings") if cache.get("r") is redactor else None
        if memo is None:
            return redactor.findings_many(texts)
        known = {t: memo.get(t) for t in texts}
        new = [t for t, found in known.items() if found is None]
        if new:
            known.update(zip(new, redactor.findings_many(new)))
            size = cache.get("findings_chars", 0) + sum(map(len, new))
            if size > FINDINGS_MEMO_CHARS:  # a bound on what a long notebook session keeps
                memo.clear()
                size = sum(map(len, new))
            memo.update((t, known[t]) for t in new)
            cache["findings_chars"] = size
        return [known[t] for t in texts]

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
        from atlas_qual.store.register import register_redactor

        base = self._redactor()
        redactor = register_redactor(self._p, self.lang, base=base)
        return self._text(redact) if redactor is base else _cached(redactor)

    def _quoter(self, redact: bool, turns: dict[int, str] | None = None):
        """quote(segment_id, segment_text, start, end): the span (or whole turn) as outputs show it. The personal
        data of a turn is found once per turn, on the whole turn, so a span that cuts a name still hides all of it.
        With ``turns`` (every turn the frame quotes), the turns that cannot hold a listed name, a number or an
        e-mail are known in one pass and sliced as they are (most turns: this keeps large frames fast)."""
        if not redact:
            return lambda _sid, seg_text, a, b: seg_text if a is None else seg_text[a:b]
        from atlas_qual.redaction import redacted_slice

        redactor, found = self._redactor(), {}
        if turns:  # every turn at once: one quick check clears most, the rest get only the part they need
            ids = list(turns)
            found.update(zip(ids, self._findings_of(redactor, [turns[i] for i in ids])))

        def quote(sid, seg_text, a, b):
            findings = found.get(sid)
            if findings is None:
                findings = found[sid] = redactor.findings(seg_text)
            a, b = (0, len(seg_text)) if a is None else (a, b)
            return redacted_slice(seg_text, a, b, findings) if findings else seg_text[a:b]
        return quote

    def _rows(self, statement) -> list[tuple]:
        return self._p.rows(statement)

    def _speakers(self, segment_ids: Iterable[int], redact: bool) -> dict[int, str | None]:
        """segment id -> its speaker label as outputs show it (an interviewee's own name becomes the pseudonym)."""
        from sqlalchemy import select

        from atlas_qual.store.models import Segment, Transcript

        ids = sorted(set(segment_ids))
        speaker = _speaker_redactor(self._text(True), self.lang) if redact else (lambda label, *_: label)
        rows = []
        for i in range(0, len(ids), 500):
            rows += self._rows(select(Segment.id, Segment.speaker, Transcript.interviewee, Transcript.pseudonym,
                                      Segment.transcript_id)
                               .join(Transcript, Transcript.id == Segment.transcript_id)
                               .where(Segment.id.in_(ids[i:i + 500])))
        cast = self._speaker_labels({r[4] for r in rows}) if redact else {}
        return {sid: speaker(label, who, alias, cast.get(tid, ())) for sid, label, who, alias, tid in rows}

    def _speaker_labels(self, transcript_ids) -> dict[int, frozenset]:
        """transcript id -> its speaker labels (who answers in an "E"/"I" pair is read from the other letter)."""
        from atlas_qual.store.project_redaction import transcript_speaker_labels

        return transcript_speaker_labels(self._rows, transcript_ids)

    def _session_row(self, session: str) -> tuple[int, bool]:
        """(id, anonymous) of the workshop session a join code names; an unknown code is a one-line KeyError."""
        from sqlalchemy import select

        from atlas_qual.api_frames import ApiLookupError
        from atlas_qual.store.models import WorkshopSession

        code = _session_code(session)
        found = self._rows(select(WorkshopSession.id, WorkshopSession.anonymous).where(WorkshopSession.code == code))
        if not found:
            raise ApiLookupError("wsapp_unknown_session", code=code)
        return found[0][0], bool(found[0][1])

    def _code_paths(self) -> dict[int, str]:
        from sqlalchemy import select

        from atlas_qual.store.models import Code

        return _code_paths({r[0]: (r[1], r[2]) for r in self._rows(select(Code.id, Code.parent_id, Code.name))})


def _session_code(session: str) -> str:
    """A join code as people type it ("mu3-24j", " MU324J ") as stored."""
    from atlas_qual.errors import AtlasQualError
    from atlas_qual.workshop.codes import normalize_join_code

    try:
        return normalize_join_code(str(session))
    except AtlasQualError:
        return str(session).strip().upper()


def pd_text(values: list, dtype) -> "pd.Series":
    """A text column (pandas' text dtype even when empty)."""
    import pandas as pd

    return pd.Series(values, dtype=dtype)
