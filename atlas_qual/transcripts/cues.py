"""Subtitle files (.vtt, .srt): cues merged into one turn per speaker change."""

from __future__ import annotations

import html
import re

from atlas_qual.transcripts.model import Turn, _fail, normalize_text
from atlas_qual.transcripts.speakers import _match_label, _speaker_key
from atlas_qual.transcripts.header import _apply_header, _header_key, _split_kv

# ------------------------------------------------------------------------------- subtitles

_CUE_TIME_RE = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)"
)
_VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.I)
_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>|\{\\[^}]*\}")


def _cue_seconds(stamp: str) -> float | None:
    parts = stamp.replace(",", ".").split(":")
    try:
        secs = float(parts[-1])
        minutes = int(parts[-2])
        hours = int(parts[-3]) if len(parts) == 3 else 0
    except (ValueError, IndexError):
        return None
    return round(hours * 3600 + minutes * 60 + secs, 3)


def _clean_cue(text: str) -> str:
    return " ".join(html.unescape(_TAG_RE.sub("", text)).split())


def _cue_pieces(payload: list[str], voiced: bool) -> list[tuple[str | None, str]]:
    """(speaker, text) pieces of one cue: ``<v Name>`` voices, else ``Name:`` at the start of a line."""
    raw = "\n".join(payload)
    pieces: list[tuple[str | None, str]] = []
    if voiced and _VOICE_RE.search(raw):
        matches = list(_VOICE_RE.finditer(raw))
        lead = _clean_cue(raw[:matches[0].start()])
        if lead:
            pieces.append((None, lead))
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(raw)
            name = " ".join((m.group(1) or "").split()) or None
            text = _clean_cue(raw[m.end():end])
            if text:
                pieces.append((name, text))
        return pieces
    # "- Bien, gracias.\n- ¿Empezamos?": two dialogue dashes in one cue are two people, neither of them named, so
    # neither piece goes on in the turn of the last speaker named (marked "" below: another, unknown speaker)
    dialogue = sum(1 for line in payload if line.lstrip().startswith(("-", "–"))) >= 2
    for line in payload:
        line = html.unescape(_TAG_RE.sub("", line))
        lab = _match_label(line.lstrip("-– "))
        if lab:
            text = " ".join(line.lstrip("-– ")[lab.content:].split())
            pieces.append((lab.speaker, text))
        elif line.strip():
            text = " ".join(line.split())
            # the lines of a cue are one utterance wrapped for the screen; only a dialogue dash ("- Sí.") or a
            # label starts another speaker inside the cue
            if pieces and not line.lstrip().startswith(("-", "–")):
                speaker, prev = pieces[-1]
                pieces[-1] = (speaker, f"{prev} {text}".strip())
            else:
                dash = line.lstrip().startswith(("-", "–"))
                pieces.append(("" if dash and dialogue else None, text.lstrip("-– ") if dash else text))
    return pieces


def _parse_cues(text: str, fmt: str, filename: str, metadata: dict, extra: dict,
                warnings: list[str]) -> tuple[str, list[Turn]]:
    blocks = re.split(r"\n\s*\n", text)
    header_pairs: list[tuple[str, str, bool]] = []
    cues: list[tuple[str | None, str, float | None, float | None]] = []  # (speaker, text, start, end)
    for b, block in enumerate(blocks):
        lines = block.split("\n")
        if b == 0 and lines[0].startswith("WEBVTT"):
            title = lines[0][6:].strip(" -\t")
            if title:
                metadata.setdefault("title", title)
            lines = lines[1:]
            for line in lines:
                if _CUE_TIME_RE.match(line):
                    break
                kv = _split_kv(line)
                if kv:
                    header_pairs.append((kv[0], kv[1], _header_key(kv[0]) is not None))
            if not any(_CUE_TIME_RE.match(line) for line in lines):
                continue
        time_idx = next((i for i, line in enumerate(lines) if _CUE_TIME_RE.match(line)), None)
        if time_idx is None:
            if lines[0].startswith("NOTE") and not cues:
                for line in lines[1:]:
                    kv = _split_kv(line)
                    if kv:
                        header_pairs.append((kv[0], kv[1], _header_key(kv[0]) is not None))
            elif cues and fmt == "srt" and not (len(lines) == 1 and lines[0].strip().isdigit()):
                # a blank line inside a cue's text splits it in malformed files: the text belongs to that cue
                speaker, prev, t0, t1 = cues[-1]
                extra_text = " ".join(" ".join(lines).split())
                cues[-1] = (speaker, f"{prev} {extra_text}".strip(), t0, t1)
            continue
        m = _CUE_TIME_RE.match(lines[time_idx])
        start, end = _cue_seconds(m.group(1)), _cue_seconds(m.group(2))
        for speaker, piece in _cue_pieces(lines[time_idx + 1:], voiced=(fmt == "vtt")):
            cues.append((speaker, piece, start, end))
    if not cues:
        raise _fail("transcript_no_cues", filename, format=fmt.upper())
    _apply_header(header_pairs, filename, metadata, extra, warnings)

    merged: list[list] = []
    current: str | None = None
    for speaker, piece, start, end in cues:
        # as in plain text, a turn goes on until the next label; a dialogue dash is someone not named
        speaker = None if speaker == "" else speaker or current
        current = speaker
        if merged:
            last = merged[-1]
            same = (last[0] is not None and speaker is not None and _speaker_key(last[0]) == _speaker_key(speaker))
            unlabeled = last[0] is None and speaker is None and not last[1].endswith((".", "?", "!", "…")) \
                and len(last[1]) < 1000 and (start is None or last[3] is None or start - last[3] < 2.0)
            if same or unlabeled:
                last[1] = f"{last[1]} {piece}"
                last[3] = end if end is not None else last[3]
                continue
        merged.append([speaker, piece, start, end])

    names: dict[str, str] = {}
    parts, turns, pos = [], [], 0
    for speaker, piece, start, end in merged:
        piece = normalize_text(piece)
        if not piece:
            continue
        if speaker is not None:
            speaker = names.setdefault(_speaker_key(speaker), " ".join(normalize_text(speaker).split()))
        prefix = f"{speaker}: " if speaker else ""
        if parts:
            pos += 2
        turn_start = pos + len(prefix)
        parts.append(prefix + piece)
        pos += len(prefix) + len(piece)
        turns.append(Turn(speaker, piece, turn_start, turn_start + len(piece), start, end))
    return "\n\n".join(parts), turns


# a .txt whose turns open with a time range and no cue numbers ("00:01:02 --> 00:01:09", the text on that line or
# below it): what several transcription tools export as "text with time stamps"
_RANGE_LINE_RE = re.compile(_CUE_TIME_RE.pattern + r"[ \t]*(?:[-–|:][ \t]*)?(.*)$")


def range_cues(text: str) -> tuple[str, list[str]] | None:
    """``text`` as SRT blocks when at least two of its lines open with a time range, else None: (the blocks, the lines
    above the first range: title and ``Clave: valor`` header)."""
    lines = text.split("\n")
    opening = [i for i, line in enumerate(lines) if _CUE_TIME_RE.match(line)]
    if len(opening) < 2:
        return None
    blocks: list[str] = []
    for n, i in enumerate(opening):
        m = _RANGE_LINE_RE.match(lines[i])
        end = opening[n + 1] if n + 1 < len(opening) else len(lines)
        payload = [m.group(3)] if m.group(3).strip() else []
        # a cue number alone above the next range (an SRT whose first cue lost its number) is no text
        body = lines[i + 1:end]
        if n + 1 < len(opening) and body and body[-1].strip().isdigit():
            body = body[:-1]
        payload += [line for line in body if line.strip()]
        blocks.append(f"{m.group(1)} --> {m.group(2)}\n" + "\n".join(payload))
    return "\n\n".join(blocks), lines[:opening[0]]


def parse_range_text(text: str, filename: str, metadata: dict, extra: dict, warnings: list[str]
                     ) -> tuple[str, list[Turn], list[tuple[str, str, bool]]]:
    """A .txt of time ranges read as subtitles: (its text, its turns, the header entries above the first range)."""
    blocks, above = range_cues(text)
    header: list[tuple[str, str, bool]] = []
    notes = []
    for line in above:
        kv = _split_kv(line)
        if kv:
            header.append((kv[0], kv[1], _header_key(kv[0]) is not None))
        elif line.strip():
            notes.append(line.strip().lstrip("#").strip())
    if notes:
        metadata["title"] = notes[0]
        if notes[1:]:
            extra["notes"] = "\n".join(notes[1:])
    body, turns = _parse_cues(blocks, "srt", filename, metadata, extra, warnings)
    return body, turns, header
