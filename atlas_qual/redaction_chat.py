"""A WhatsApp chat exported as text, for :mod:`atlas_qual.redaction_data`: every line opens with its date and time
("[12/03/25, 21:14:05] Derlis F.: ..." from a phone with iOS, "12/3/25, 21:14 - Derlis F.: ..." from one with
Android), then its sender, a contact's name or a stranger's display name after "~" ("~ Lu💕"), or a phone number
(the phone rule's). Each sender is a participant, whatever the name looks like ("~ Rosa" is a person there), and
becomes ``[nombre]``; so do the people a line says were added or removed ("Derlis F. añadió a Ana Gómez"), and a
sender's name said again in the chat with its capital ("Gracias Derlis!!"). "Tú" / "You" stays, as do the date, the
time, the messages and WhatsApp's own lines ("<Multimedia omitido>", "Los mensajes y las llamadas están cifrados").

Examples:
    >>> found = []
    >>> text = "[12/03/25, 21:14:05] Derlis F.: hola\\n[12/03/25, 21:15:00] ~ Lu: gracias Derlis"
    >>> chat_findings(text, lambda *a: found.append(a[:3]), {"name": "[nombre]"})
    >>> sorted({text[a:b] for _, a, b in found})
    ['Derlis', 'Derlis F.', 'Lu']
"""

from __future__ import annotations

import re

from atlas_qual.redaction_names import _NEVER_ALONE, _PLACE_BEFORE, TITLE_WORDS, _fold

__all__ = ["chat_findings"]

_MARKS = "\u200e\u200f\u202a\u202c"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \u202f\u00a0]?(?i:[ap]\.?[ \u202f\u00a0]?m\.?))?"
_DATE = r"\d{1,2}/\d{1,2}/\d{2,4}"
_STAMP_HINT_RE = re.compile(rf"{_DATE},?[ ]\d{{1,2}}:\d{{2}}")
_VERBS = (r"añadió|agregó|eliminó|se[ ]unió|salió|creó|cambió|te[ ]añadió|added|removed|joined|left|created|"
          r"changed|adicionou|removeu|entrou|saiu|criou|mudou")
_LINE_RE = re.compile(
    rf"(?m)^[{_MARKS}]?(?:\[{_DATE},?[ ]{_TIME}\]|{_DATE},?[ ]{_TIME}[ ][-–])[ ]+[{_MARKS}]?"
    rf"(?:(?P<tilde>~[ \u202f\u00a0]?)?(?P<sender>[^:\n{_MARKS}][^:\n]{{0,59}}?):[ ]"
    rf"|(?P<actor>[^:\n{_MARKS}][^:\n]{{0,59}}?)[ ](?:{_VERBS})(?![\w])(?P<object>[^\n]*))")
_ADDED_RE = re.compile(rf"^[ ]*(?:a[ ])?[{_MARKS}]?(?P<list>[^\n]*)$")
_SPLIT_RE = re.compile(r",[ ]*|[ ]+(?:y|e|and)[ ]+")
_INITIAL_END_RE = re.compile(r"(?<![\w])[A-ZÁÉÍÓÚÑ]\.\Z")
# WhatsApp's notice on the first line, said by the chat itself (its name stands as the sender)
_SYSTEM_RE = re.compile(rf"[{_MARKS}]?(?:Los mensajes y las llamadas|Messages and calls|As mensagens e as chamadas|"
                        r"Los mensajes que se envían|Messages to this group)")
_SELF = frozenset({"tu", "yo", "you", "vos", "voce", "usted"})


def _who(text: str, start: int, end: int, add, placeholder: str, names: set[str]) -> None:
    """One participant at ``text[start:end]`` (spaces and marks trimmed), unless a phone (the phone rule's) or "you"."""
    while start < end and text[start] in " \t" + _MARKS:
        start += 1
    while end > start and text[end - 1] in " \t" + _MARKS:
        end -= 1
    if text[end - 1:end] == "." and not _INITIAL_END_RE.search(text, start, end):
        end -= 1  # a sentence's dot, not an initial's ("Derlis F.")
    who = text[start:end]
    if not who or who[0] in "+(" or who[0].isdigit() or _fold(who) in _SELF or not any(c.isalpha() for c in who):
        return
    add("name", start, end, placeholder, 3)
    for word in re.findall(r"[^\W\d_][\w'’]{2,}", who):
        folded = _fold(word)
        if word[0].isupper() and folded not in _NEVER_ALONE and folded not in TITLE_WORDS:
            names.add(word)


def chat_findings(text: str, add, placeholders) -> None:
    """The senders and members of an exported chat in ``text`` (see the module), each reported as ``add("name",
    start, end, placeholder, 3)``."""
    if "/" not in text or ":" not in text or _STAMP_HINT_RE.search(text) is None:
        return
    placeholder = placeholders.get("name")
    names: set[str] = set()
    for m in _LINE_RE.finditer(text):
        if m.group("sender") is not None:
            if _SYSTEM_RE.match(text, m.end()):
                continue  # the chat's own name before WhatsApp's notice: no participant
            _who(text, m.start("sender"), m.end("sender"), add, placeholder, names)
            continue
        _who(text, m.start("actor"), m.end("actor"), add, placeholder, names)
        added = _ADDED_RE.match(m.group("object"))
        if added is None or not re.match(r"[ ]*(?:a[ ])?[" + _MARKS + r"]?[~A-ZÁÉÍÓÚÑ+]", m.group("object")):
            continue  # "cambió el asunto", "salió"
        base = m.start("object") + added.start("list")
        pos = 0
        for piece in _SPLIT_RE.split(added.group("list")) + [""]:
            at = added.group("list").find(piece, pos) if piece else -1
            if piece and at != -1 and piece.lstrip(_MARKS + " ~")[:1].isupper():
                _who(text, base + at, base + at + len(piece), add, placeholder, names)
                pos = at + len(piece)
    if names:  # a sender's name said again in a message, with its capital ("Gracias Derlis!!")
        said = re.compile(r"(?<![\w'’])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) +
                          r")(?![\w'’])")
        for m in said.finditer(text):
            before = text[max(0, m.start() - 12):m.start()].split()
            if before and _fold(before[-1]) in _PLACE_BEFORE:
                continue  # "Santa Rosa", "Villa Elisa"
            add("name", m.start(), m.end(), placeholder, 3)
