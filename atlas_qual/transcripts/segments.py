"""Segment building: the body of a transcript cut into speaker turns (or paragraphs when it has none)."""

from __future__ import annotations

import re

from atlas_qual.i18n import Plural
from atlas_qual.transcripts.model import Turn
from atlas_qual.transcripts.speakers import (SPEAKER_THRESHOLD, _ROLE_WORDS, _canonical_label, _Label, _match_label,
                                             _speaker_key, speaker_confidence)
from atlas_qual.transcripts.header import _apply_header, _date_line, _inline_pairs, _parse_header
from atlas_qual.transcripts.caps import caps_labels

# ------------------------------------------------------------------------------------ segmentation

_PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_LINE_RE = re.compile(r"[^\n]+")
_SENTENCE_END = tuple(".?!…:\"»”)")


def _line_starts(lines: list[str]) -> list[int]:
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts


def _stripped_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    if right <= left:
        return None
    return start + left, start + right


def _paragraph_turns(text: str, start: int, unit: str) -> list[Turn]:
    """Segments of text without speaker labels: blank-line paragraphs, else lines (PDF: lines re-flowed)."""
    body = text[start:]
    if unit == "auto":
        unit = "paragraphs" if "\n\n" in body else "lines"
    if unit == "flow" and "\n\n" in body:
        unit = "paragraphs"
    turns: list[Turn] = []
    if unit in ("paragraphs", "lines"):
        pattern = _PARAGRAPH_RE if unit == "paragraphs" else _LINE_RE
        for m in pattern.finditer(text, start):
            span = _stripped_span(text, m.start(), m.end())
            if span:
                turns.append(Turn(None, text[span[0]:span[1]], span[0], span[1]))
        return turns
    # PDF pages come as wrapped lines: a paragraph ends at a line that ends a sentence
    para_start = None
    for m in _LINE_RE.finditer(text, start):
        if para_start is None:
            para_start = m.start()
        if m.group().rstrip().endswith(_SENTENCE_END):
            span = _stripped_span(text, para_start, m.end())
            if span:
                turns.append(Turn(None, text[span[0]:span[1]], span[0], span[1]))
            para_start = None
    if para_start is not None:
        span = _stripped_span(text, para_start, len(text))
        if span:
            turns.append(Turn(None, text[span[0]:span[1]], span[0], span[1]))
    return turns


def _segment(text: str, filename: str, unit: str, metadata: dict, extra: dict, warnings: list[str],
             speakers: bool = True, plain_lines: frozenset[int] = frozenset(),
             heading_lines: frozenset[int] = frozenset()) -> tuple[list[Turn], float | None]:
    """Header metadata into ``metadata``/``extra``; the turns of the body and the speaker confidence (None when
    speakers were not looked for). ``plain_lines``: line numbers where no label is looked for (tables, headings);
    ``heading_lines``: those of the headings (a .docx/.odt heading style), which close the header and, before the
    first turn, are segments of their own (the first line of the document excepted: that is its title)."""
    from atlas_qual.i18n import t

    lines = text.split("\n")
    starts = _line_starts(lines)
    header = _parse_header(lines, heading_lines)
    _apply_header(header.entries, filename, metadata, extra, warnings)
    if header.title and "title" not in metadata:
        metadata["title"] = header.title
    body_start = starts[header.end_line] if header.end_line < len(lines) else len(text)
    if not speakers:
        return _paragraph_turns(text, body_start, unit), None

    labels: list[tuple[int, _Label]] = []
    for idx in range(header.end_line, len(lines)):
        line = lines[idx]
        if line and idx not in plain_lines:
            found = _match_label(line)
            if found:
                labels.append((idx, found))
    # speakers in capitals without a colon ("ENTREVISTADORA ¿Qué...?"), when the document reads as such a dialogue
    taken = {idx for idx, _ in labels}
    capitals = [(idx, lab) for idx, lab in caps_labels(lines, header.end_line, plain_lines) if idx not in taken]
    if len(capitals) > len(labels):
        labels = sorted(labels + capitals, key=lambda pair: pair[0])

    counts: dict[str, int] = {}
    for _, lab in labels:
        key = _speaker_key(_canonical_label(lab.speaker))
        counts[key] = counts.get(key, 0) + 1
    labels, header_lines = _leading_metadata(labels, lines, counts)
    for idx in header_lines:
        _apply_header(_inline_pairs(lines[idx]) or [], filename, metadata, extra, warnings)
    if sum(1 for c in counts.values() if c >= 3) >= 2:
        # With an established cast of speakers, a one-off "Label:" is far more often a slip of the
        # transcriber ("Mire: ...") than a new person.
        kept = []
        for idx, lab in labels:
            key = _speaker_key(_canonical_label(lab.speaker))
            if counts[key] == 1 and key.split()[0] not in _ROLE_WORDS and kept:
                warnings.append(t("transcript_warn_singleton_label", file=filename, line=idx + 1,
                                  label=lab.speaker))
            else:
                kept.append((idx, lab))
        labels = kept

    confidence = speaker_confidence([_speaker_key(_canonical_label(lab.speaker)) for _, lab in labels])
    if labels and confidence < SPEAKER_THRESHOLD:
        warnings.append(t("transcript_warn_not_interview", file=filename,
                          labels=Plural("count_word_labels", len(labels)),
                          speakers=Plural("count_distinct_speakers",
                                          len({_speaker_key(_canonical_label(lab.speaker)) for _, lab in labels}))))
        # a list of posts or items ("Pfizer: ..." on every line) is cut line by line, not as one block
        body_lines = sum(1 for line in lines[header.end_line:] if line.strip())
        return _paragraph_turns(text, body_start, "lines" if len(labels) >= 0.5 * body_lines else unit), confidence
    if not labels:
        if len(text) > body_start:
            warnings.append(t("transcript_warn_no_speakers", file=filename))
        return _paragraph_turns(text, body_start, unit), confidence

    turns: list[Turn] = _before_first_turn(text, lines, starts, body_start, labels[0][0], header_lines,
                                           heading_lines, metadata, extra)
    names: dict[str, str] = {}
    for pos, (idx, lab) in enumerate(labels):
        end = starts[labels[pos + 1][0]] if pos + 1 < len(labels) else len(text)
        span = _stripped_span(text, starts[idx] + lab.content, end)
        if span is None:
            continue
        label = _canonical_label(lab.speaker)
        speaker = names.setdefault(_speaker_key(label), label)
        turns.append(Turn(speaker, text[span[0]:span[1]], span[0], span[1], lab.time, None))
    if turns and (m := _TRAILER_RE.search(turns[-1].text)):
        # "Transcribed by https://otter.ai" closing the export: the tool's line, not the last speaker's words
        last = turns[-1]
        turns[-1] = Turn(last.speaker, last.text[:m.start()], last.start, last.start + m.start(), last.time_start,
                         last.time_end)
        extra["notes"] = "\n".join(filter(None, (extra.get("notes"), m.group(1))))
    return turns, confidence


_TRAILER_RE = re.compile(r"\n\n((?:Transcribed by|Transcrito por|Transcripci[oó]n (?:hecha |realizada )?(?:por|con))"
                         r" https?://\S+)$", re.I)


def _line_index(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset) - 1


def _before_first_turn(text: str, lines: list[str], starts: list[int], body_start: int, first_turn: int,
                       header_lines: set[int], heading_lines: frozenset[int], metadata: dict,
                       extra: dict) -> list[Turn]:
    """What lies between the header and the first turn: its first line is the title (when the header gave none and
    it is no heading below the header), a line that is only a date ("10 de junio de 2025, 5:03p. m.", Teams'
    export) is the interview's date, and the rest are notes; from the first section heading on ("Bloque 1:
    Coordinación", styled as a heading) it is the body, cut into segments without speaker (each heading one, the
    lines between two headings one)."""
    pre = _stripped_span(text, body_start, starts[first_turn])
    if not pre:
        return []
    first_line = _line_index(starts, pre[0])
    kept = [i for i in range(first_line, first_turn) if i not in header_lines]
    nonblank = [i for i in kept if lines[i].strip()]
    if nonblank and "date" not in metadata and (when := _date_line(lines[nonblank[0]])):
        metadata["date"] = when  # a date alone on the first line is no title
        kept.remove(nonblank.pop(0))
    # a heading below the header fields opens a section: only at the top of the document is it the title
    if nonblank and "title" not in metadata and len(lines[nonblank[0]].strip()) <= 200 \
            and (nonblank[0] == 0 or nonblank[0] not in heading_lines):
        metadata["title"] = lines[nonblank[0]].strip().lstrip("#").strip().strip("*_").strip()
        kept = [i for i in kept if i > nonblank[0]]
    body = next((n for n, i in enumerate(kept) if i in heading_lines and i > 0), len(kept))
    notes = kept[:body]
    if "date" not in metadata:
        dated = next((i for i in notes if _date_line(lines[i])), None)
        if dated is not None:
            metadata["date"] = _date_line(lines[dated])
            notes.remove(dated)
    note_text = "\n".join(lines[i] for i in notes).strip()
    if note_text:
        extra["notes"] = note_text
    out: list[Turn] = []
    group: list[int] = []
    for i in [*kept[body:], None]:
        if group and (i is None or i in heading_lines or group[-1] in heading_lines or i != group[-1] + 1):
            span = _stripped_span(text, starts[group[0]], starts[group[-1]] + len(lines[group[-1]]))
            if span:
                out.append(Turn(None, text[span[0]:span[1]], span[0], span[1]))
            group = []
        if i is not None:
            group.append(i)
    return out


def _leading_metadata(labels: list[tuple[int, _Label]], lines: list[str],
                      counts: dict[str, int]) -> tuple[list[tuple[int, _Label]], set[int]]:
    """Labels before the first turn of a speaker who speaks again that read as ``Key: value`` metadata
    (``Código de entrevistado: AS-07 · Modalidad: presencial``): (the remaining labels, their line numbers)."""
    first_recurring = next((i for i, (_, lab) in enumerate(labels)
                            if counts[_speaker_key(_canonical_label(lab.speaker))] >= 2), None)
    if not first_recurring:
        return labels, set()
    header_lines: set[int] = set()
    for idx, lab in labels[:first_recurring]:
        key = _speaker_key(_canonical_label(lab.speaker))
        line = lines[idx]
        value = line[lab.content:].strip()
        nxt = lines[idx + 1] if idx + 1 < len(lines) else ""
        one_line = not nxt.strip() or _match_label(nxt) is not None
        if counts[key] != 1 or key.split()[0] in _ROLE_WORDS or not one_line or len(value) > 120 \
                or any(c in value for c in "?¿!¡") or _inline_pairs(line) is None:
            return labels, set()  # a real opening turn: nothing before it is taken as metadata
        header_lines.add(idx)
    return labels[first_recurring:], header_lines
