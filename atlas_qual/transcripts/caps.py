"""Speakers written in capitals without a colon: ``ENTREVISTADORA ¿Qué funciona?``, ``DEFENSORA PÚBLICA Lo que...``,
or the name in capitals alone on its line with the utterance below (typed transcripts, court-style records).

Capitals at the start of a line are also acronyms ("MTESS tiene pocos inspectores"), so such prefixes are taken as
speakers only when the document reads as a dialogue: at least two different prefixes, each at least twice, taking
turns, and each followed by a new sentence (a capital, ``¿``, ``¡``, a dash) or by nothing (the name alone on its line),
never by a lower-case word that continues a sentence whose subject is the acronym.
"""

from __future__ import annotations

import re

from atlas_qual.transcripts.model import _fold
from atlas_qual.transcripts.speakers import _LEAD_TS_RE, _Label, _clean_label, _seconds, _speaker_key
from atlas_qual.transcripts.header import _INSTITUTIONS

_TOKEN_RE = re.compile(r"[^\s]+")
_SEPARATOR_RE = re.compile(r"[ \t]*(?:[-–—][ \t]+)?")
_NEW_SENTENCE = "¿¡«\"“'‘-–—([…"
_ACRONYMS = frozenset(a.lower() for a in _INSTITUTIONS) | frozenset(
    "oit ilo ong ngo onu usdol atlas ips ande senad senaju snpp conamuri".split())


def _capitals(token: str) -> bool:
    core = token.rstrip(".")
    return bool(core) and core.isalpha() and core.isupper()


def _caps_label(line: str) -> _Label | None:
    """The speaker in capitals opening ``line`` (the longest run of up to four words in capitals that is a label and
    is followed by a new sentence or by nothing), if any."""
    pos = len(line) - len(line.lstrip(" \t"))
    stamp = None
    lead = _LEAD_TS_RE.match(line, pos)
    if lead:
        stamp, pos = lead.group(1), lead.end()
    tokens = []
    for m in _TOKEN_RE.finditer(line, pos):
        if len(tokens) == 4 or not _capitals(m.group()):
            break
        tokens.append(m)
    for k in range(len(tokens), 0, -1):
        label = " ".join(m.group() for m in tokens[:k]).rstrip(".")
        first = tokens[0].group().rstrip(".")
        if sum(ch.isalpha() for ch in label) < 3 or len(first) < 2 or _fold(first) in _ACRONYMS \
                or not _clean_label(label):
            continue
        content = _SEPARATOR_RE.match(line, tokens[k - 1].end()).end()
        text = line[content:]
        if text and not (text[0].isupper() or text[0].isdigit() or text[0] in _NEW_SENTENCE):
            continue  # "MTESS tiene pocos inspectores": an acronym opening a sentence
        return _Label(label, content, _seconds(stamp))
    return None


def caps_labels(lines: list[str], first: int, skip: frozenset[int] = frozenset()) -> list[tuple[int, _Label]]:
    """The ``(line number, label)`` of the speakers in capitals without a colon, or ``[]`` when the lines from
    ``first`` on do not read as a dialogue written that way.

    Examples:
        >>> found = caps_labels(["FISCAL Buenas.", "ENTREVISTADORA ¿Cómo está?", "FISCAL Bien.",
        ...                      "ENTREVISTADORA ¿Empezamos?"], 0)
        >>> [(i, lab.speaker) for i, lab in found]
        [(0, 'FISCAL'), (1, 'ENTREVISTADORA'), (2, 'FISCAL'), (3, 'ENTREVISTADORA')]
        >>> caps_labels(["MTESS tiene poco.", "CODENI recibe.", "MTESS no.", "CODENI sí."], 0)
        []
    """
    found: list[tuple[int, _Label]] = []
    for idx in range(first, len(lines)):
        if idx in skip or not lines[idx].strip():
            continue
        lab = _caps_label(lines[idx])
        if lab is not None:
            found.append((idx, lab))
    counts: dict[str, int] = {}
    for _, lab in found:
        counts[_speaker_key(lab.speaker)] = counts.get(_speaker_key(lab.speaker), 0) + 1
    found = [(idx, lab) for idx, lab in found if counts[_speaker_key(lab.speaker)] >= 2]
    keys = [_speaker_key(lab.speaker) for _, lab in found]
    if len(set(keys)) < 2 or len(keys) < 3:
        return []
    changes = sum(1 for a, b in zip(keys, keys[1:]) if a != b)
    if changes < 0.6 * (len(keys) - 1):
        return []  # the same capitals opening paragraph after paragraph: a list or a section layout, not turns
    return found
