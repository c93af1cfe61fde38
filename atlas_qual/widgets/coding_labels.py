"""The coding page's words about a transcript and its suggestions: the speaker labels as every output shows them
(the interviewee's generic label or name as the transcript's pseudonym, "E-07", so turns of different interviews
are told apart) and what accepting a suggestion coded (its passage, quoted and redacted)."""

from __future__ import annotations

from atlas_qual.i18n import t


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class CaseLabels:
    """Mixin of CodingApp (needs ``_project``, ``transcript_id``, ``_redactor``, ``_codes``, ``lang``)."""

    def _case(self):
        """The open transcript's pseudonym and interviewee (what speaker labels are shown by), read once."""
        from types import SimpleNamespace

        from atlas_qual.store.models import Transcript

        if getattr(self, "_case_of", (None, None))[0] != self.transcript_id:
            from atlas_qual.store.project_redaction import speaker_labels

            with self._project.session() as s:
                row = s.get(Transcript, int(self.transcript_id or 0))
                # its labels too: the "I" of an "E"/"I" transcript is the interviewee, that of "I"/"R" is not
                case = SimpleNamespace(pseudonym=row.pseudonym or "", interviewee=row.interviewee or "",
                                       speaker_labels=speaker_labels(row)) if row else None
            self._case_of = (self.transcript_id, case)
        return self._case_of[1]

    def _speaker(self, label: str) -> str:
        """A speaker label as the page shows it, like every output: the interviewee's generic label ("ENTREVISTADA",
        "R") or their own name becomes the transcript's pseudonym ("E-07"), so turns of different interviews are told
        apart; other labels are redacted."""
        from atlas_qual.store.project_redaction import redact_speaker
        from atlas_qual.transcripts.speakers import is_respondent_label

        if not label:
            return ""
        case = self._case()
        if self._redactor is None:
            return case.pseudonym if case and case.pseudonym and is_respondent_label(label, case.speaker_labels) \
                else label
        return redact_speaker(label, case, self._redactor) if case else self._redactor.redact(label)

    def _quote(self, seg, a: int, b: int) -> str:
        """Words ``a:b`` of a turn (code points within it) as the page shows them: redacted with the whole turn
        around them (cut from its turn, "Es la N° 720012345" is no account number, and would show)."""
        if self._redactor is None:
            return seg.text[a:b]
        from atlas_qual.redaction import redacted_slice

        return redacted_slice(seg.text, a, b, self._redactor.findings(seg.text))

    def _accepted_text(self, seg, sug) -> str:
        """What accepting ``sug`` coded: its passage(s), quoted, or the whole turn."""
        from atlas_qual.store.coding_suggestions import suggestion_passages

        code = self._codes.get(sug.code_id).label(self.lang)
        spans = suggestion_passages(seg, sug)
        if spans == [(seg.start, seg.end)]:
            return t("coding_app_accepted", lang=self.lang, codes=code, ordinal=seg.ordinal)
        quotes = " … ".join(f"«{_short(self._quote(seg, a - seg.start, b - seg.start), 60)}»" for a, b in spans)
        where = ", ".join(f"{a - seg.start}-{b - seg.start}" for a, b in spans)
        return t("coding_app_accepted_passage", lang=self.lang, codes=code, quotes=quotes, ordinal=seg.ordinal,
                 where=where)
