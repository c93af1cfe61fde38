"""WhatsApp chat exports: ``12/3/24 14:05 - Nombre: texto`` (Android) and ``[12/03/24, 14:05:33] Nombre: texto``
(iPhone), one message a line with its continuation lines below. An interview held by chat (or its voice notes
transcribed into it) becomes one turn per run of messages of one sender, in the normalized text ``Nombre: texto``.

Media the export does not carry (``<Multimedia omitido>``, ``audio omitted``, ``IMG-….jpg (archivo adjunto)``) and
deleted messages are not text anybody wrote: they are left out, and a warning says how many and when, so that the
evaluator can transcribe the voice notes. WhatsApp's own notices (end-to-end encryption, someone joined) have no
sender and are left out too. The first message's date is the interview's date; each turn's time is seconds since
the first message."""

from __future__ import annotations

import re
from datetime import datetime

from atlas_qual.transcripts.model import Turn, _fail, _fold
from atlas_qual.transcripts.header import _header_key, _split_kv

_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[ ]?[ap]\.?[ ]?m\.?)?"
_ANDROID_RE = re.compile(rf"({_DATE}),?[ ]({_TIME})[ ]?[-–][ ](.*)", re.I)
_IOS_RE = re.compile(rf"\[({_DATE}),?[ ]({_TIME})\][ ]?(.*)", re.I)
_SENDER_RE = re.compile(r"([^:\n]{1,60}?):[ ](.*)|([^:\n]{1,60}?):$")
_MEDIA = frozenset(_fold(m) for m in (
    "<Multimedia omitido>", "<Media omitted>", "<Archivo omitido>", "audio omitido", "audio omitted",
    "imagen omitida", "image omitted", "video omitido", "video omitted", "sticker omitido", "sticker omitted",
    "GIF omitido", "GIF omitted", "documento omitido", "document omitted", "tarjeta de contacto omitida",
    "Contact card omitted", "null", "Este mensaje fue eliminado", "Se eliminó este mensaje.",
    "Se eliminó este mensaje", "Eliminaste este mensaje", "Eliminaste este mensaje.", "This message was deleted",
    "This message was deleted.", "You deleted this message", "You deleted this message.",
    "<Ver una vez omitido>", "<View once omitted>", "Mensaje de voz omitido", "Voice message omitted"))
_ATTACHED_RE = re.compile(r"(?:<(?:adjunto|attached): [^>]+>|\S+\.\w{2,4} \((?:archivo adjunto|file attached)\))",
                          re.I)
_EDITED_RE = re.compile(r"[ ]?<(?:Se editó este mensaje\.?|This message was edited)>$", re.I)
# WhatsApp's notices that the iPhone export puts under a sender's name
_NOTICES = ("cifrados de extremo a extremo", "end-to-end encrypted", "codigo de seguridad", "security code changed")


def _message_start(line: str) -> tuple[str, str, str] | None:
    m = _IOS_RE.fullmatch(line) or _ANDROID_RE.fullmatch(line)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def is_chat(text: str) -> bool:
    """Whether a text is a WhatsApp export: its first line (after any ``Clave: valor`` lines) opens a message, and so
    do at least two lines."""
    lines = [line for line in text.split("\n") if line.strip()]
    first = next((i for i, line in enumerate(lines[:15]) if _message_start(line)), None)
    if first is None or any(not _split_kv(line) for line in lines[:first][1:]):
        return False
    return sum(1 for line in lines if _message_start(line)) >= 2


def _day_first(dates: list[str]) -> bool:
    """Whether the export's dates are day/month (Spanish phones) or month/day (a phone set to US English)."""
    parts = [re.split(r"[/.-]", d) for d in dates]
    if any(int(p[0]) > 12 for p in parts):
        return True
    return not any(int(p[1]) > 12 for p in parts)


def _when(date: str, time: str, day_first: bool) -> datetime | None:
    a, b, y = (int(x) for x in re.split(r"[/.-]", date))
    day, month = (a, b) if day_first else (b, a)
    year = y + 2000 if y < 100 else y
    folded = _fold(time).replace(".", "").replace(" ", "")
    pm, am = folded.endswith("pm"), folded.endswith("am")
    clock = [int(x) for x in folded.rstrip("apm").split(":")]
    hour = clock[0] % 12 + (12 if pm else 0) if pm or am else clock[0]
    try:
        return datetime(year, month, day, hour, clock[1], clock[2] if len(clock) > 2 else 0)
    except ValueError:
        return None


def parse_chat(text: str, filename: str, metadata: dict, extra: dict, warnings: list[str],
               speakers: bool = True) -> tuple[str, list[Turn], list[tuple[str, str, bool]]]:
    """(the chat as ``Nombre: texto`` turns, its turns, the header entries above the first message)."""
    from atlas_qual.i18n import tn

    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if _message_start(line))
    header: list[tuple[str, str, bool]] = []
    notes = []
    for line in lines[:first]:
        kv = _split_kv(line)
        if kv:
            header.append((kv[0], kv[1], _header_key(kv[0]) is not None))
        elif line.strip():
            notes.append(line.strip())
    if notes:
        metadata["title"] = notes[0]
        if notes[1:]:
            extra["notes"] = "\n".join(notes[1:])
    raw: list[list] = []  # [date, time, sender or None, text]
    for line in lines[first:]:
        start = _message_start(line)
        if start:
            date, time, rest = start
            m = _SENDER_RE.fullmatch(rest)
            sender, body = (m.group(1) or m.group(3), m.group(2) or "") if m else (None, rest)
            raw.append([date, time, sender and " ".join(sender.split()), body])
        elif raw:
            raw[-1][3] += "\n" + line
    day_first = _day_first([r[0] for r in raw])
    messages, media = [], []
    for date, time, sender, body in raw:
        when = _when(date, time, day_first)
        body = _EDITED_RE.sub("", body.strip()).strip()
        if sender is None or any(n in _fold(body) for n in _NOTICES):
            continue  # WhatsApp's notices: no one said them
        if _fold(body) in _MEDIA or _ATTACHED_RE.fullmatch(body):
            media.append(f"{date} {time}")
            continue
        if body:
            messages.append((when, sender, body))
    if media:
        shown = ", ".join(media[:10]) + (" …" if len(media) > 10 else "")
        warnings.append(tn("transcript_warn_chat_media", "transcript_warn_chat_media_plural", len(media),
                           file=filename, when=shown))
    if not messages:
        raise _fail("transcript_chat_no_text", filename)
    origin = next((w for w, _s, _b in messages if w is not None), None)
    if origin is not None:
        metadata["date"] = origin.date().isoformat()
    # a run of messages of one sender is one turn, as cues of one speaker are
    runs: list[list] = []
    for when, sender, body in messages:
        if runs and runs[-1][1] == sender:
            runs[-1][2] += "\n" + body
        else:
            runs.append([when, sender, body])
    parts, turns, pos = [], [], 0
    for when, sender, body in runs:
        prefix = f"{sender}: "
        if parts:
            pos += 2
        seconds = round((when - origin).total_seconds(), 3) if when and origin else None
        turns.append(Turn(sender if speakers else None, body, pos + len(prefix), pos + len(prefix) + len(body),
                          seconds, None))
        parts.append(prefix + body)
        pos += len(prefix) + len(body)
    return "\n\n".join(parts), turns, header
