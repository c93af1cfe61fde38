"""Redacting a transcript for a .qdpx export while every position (segments, codings) follows the text."""

from __future__ import annotations

import bisect

from atlas_qual.store.models import Transcript

__all__ = ["Shift", "label_findings", "redacted_text"]


class Shift:
    """Moves code-point positions of a text to the same places in its redacted form."""

    def __init__(self, spans: list[tuple[int, int, int, int]]) -> None:
        self.spans = spans  # (old start, old end, new start, new end) of each replacement, in text order
        self.starts = [s[0] for s in spans]
        self.new_starts = [s[2] for s in spans]

    def back(self, pos: int, *, end: bool) -> int:
        """The inverse of :meth:`move`: a position in the redacted text at the same place in the original (a
        position inside a replacement takes the whole replaced name)."""
        i = bisect.bisect_right(self.new_starts, pos) - 1
        if i < 0:
            return pos
        old_start, old_end, new_start, new_end = self.spans[i]
        if pos == new_start:
            return old_start
        if pos < new_end:
            return old_end if end else old_start
        return pos + (old_end - new_end)

    def move(self, pos: int, *, end: bool) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:
            return pos
        old_start, old_end, new_start, new_end = self.spans[i]
        if pos == old_start:
            return new_start
        if pos < old_end:  # inside a replaced name: take all of the replacement
            return new_end if end else new_start
        return pos + (new_end - old_end)


def label_findings(text: str, segments, tr: Transcript, redactor) -> list:
    """The speaker labels written in the text ("Rosa:" before a turn), each replaced by the speaker as every output
    shows it: a label made of the interviewee's own names becomes the pseudonym even when the name-based redactor
    would not know it from a first name alone."""
    from atlas_qual.redaction import Finding
    from atlas_qual.store.project_redaction import redact_speaker as _redact_speaker

    found = []
    for seg in segments:
        if not seg.speaker:
            continue
        line_start = text.rfind("\n", 0, seg.start) + 1
        at = text.find(seg.speaker, line_start, seg.start)
        if at < 0:
            continue
        shown = _redact_speaker(seg.speaker, tr, redactor)
        if shown != seg.speaker:
            found.append(Finding("name", at, at + len(seg.speaker), seg.speaker, shown))
    return found


def redacted_text(text: str, redactor, extra=()) -> tuple[str, Shift | None]:
    findings = list(extra)
    if findings:
        # the labels win; the redactor's findings that overlap a label are dropped
        taken = [(f.start, f.end) for f in findings]
        findings += [f for f in redactor.findings(text)
                     if not any(f.start < e and s < f.end for s, e in taken)]
        findings.sort(key=lambda f: f.start)
    else:
        findings = redactor.findings(text)
    if not findings:
        return text, None
    parts, spans, pos, out = [], [], 0, 0
    for f in findings:
        parts.append(text[pos:f.start])
        out += f.start - pos
        parts.append(f.replacement)
        spans.append((f.start, f.end, out, out + len(f.replacement)))
        out += len(f.replacement)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), Shift(spans)
