"""Imported texts normalized to NFC with LF line ends, with the position maps codings follow, and UTF-16 offsets."""

from __future__ import annotations

import bisect
import re
import unicodedata


class _Clusters:
    """Raw text -> NFC/LF text, with the position map a coding needs to follow the text."""

    def __init__(self, raw: str) -> None:
        self._crlf: list[int] | None = None
        self._floor: list[int] | None = None
        self._ceil: list[int] | None = None
        if unicodedata.is_normalized("NFC", raw):
            # The usual cases, kept fast for long transcripts: nothing to do, or only CRLF line ends to fold.
            self.text = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
            if "\r\n" in raw:
                self._crlf = [m.start() for m in re.finditer("\r\n", raw)]
            return
        n = len(raw)
        floor = [0] * (n + 1)
        ceil = [0] * (n + 1)
        parts: list[str] = []
        pos = i = 0
        nfc = unicodedata.normalize
        while i < n:
            if raw[i] == "\r":
                j = i + 2 if raw.startswith("\r\n", i) else i + 1
                piece = "\n"
            else:
                j = self._cluster_end(raw, i)
                piece = nfc("NFC", raw[i:j])
                # Some starters compose with the preceding character (Hangul jamo, a few Indic vowel signs).
                while j < n and raw[j] != "\r" and ord(raw[j]) >= 0x300:
                    k = self._cluster_end(raw, j)
                    merged = nfc("NFC", raw[i:k])
                    if merged == piece + nfc("NFC", raw[j:k]):
                        break
                    piece, j = merged, k
            floor[i] = ceil[i] = pos
            for p in range(i + 1, j):
                floor[p], ceil[p] = pos, pos + len(piece)
            parts.append(piece)
            pos += len(piece)
            i = j
        floor[n] = ceil[n] = pos
        self.text, self._floor, self._ceil = "".join(parts), floor, ceil

    @staticmethod
    def _cluster_end(raw: str, i: int) -> int:
        j = i + 1
        while j < len(raw) and raw[j] != "\r" and unicodedata.combining(raw[j]):
            j += 1
        return j

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Normalized span of raw code points [start, end); a span cutting a character widens to all of it."""
        if self._crlf is not None:
            return self._crlf_floor(start), self._crlf_floor(end) + self._inside_crlf(end)
        if self._floor is None:
            return start, end
        return self._floor[start], self._ceil[end]

    def _crlf_floor(self, p: int) -> int:
        return p - bisect.bisect_left(self._crlf, p)  # each CR of a CRLF before p is gone

    def _inside_crlf(self, p: int) -> int:
        k = bisect.bisect_left(self._crlf, p)
        return int(k > 0 and self._crlf[k - 1] == p - 1)


class _Utf16:
    """Conversion of UTF-16 code-unit positions of a text to code points."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.astral = not text.isascii() and any(ord(ch) > 0xFFFF for ch in text)
        if self.astral:
            prefix = [0]
            for ch in text:
                prefix.append(prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))
            self._prefix = prefix
            self.units = prefix[-1]
        else:
            self._prefix = None
            self.units = self.length

    def to_code_point(self, unit: int) -> int | None:
        """The code point at UTF-16 offset ``unit``; None inside a surrogate pair or beyond the text."""
        if self._prefix is None:
            return unit if 0 <= unit <= self.length else None
        i = bisect.bisect_left(self._prefix, unit)
        return i if i < len(self._prefix) and self._prefix[i] == unit else None


def _compact_nfc(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def _on_word_edges(text: str, start: int, end: int) -> bool:
    """Whether [start, end) neither cuts a word or a character in two nor begins or ends on a blank."""
    if not 0 <= start < end <= len(text):
        return False

    def cuts(p: int) -> bool:
        if p in (0, len(text)):
            return False
        return unicodedata.combining(text[p]) != 0 or (text[p - 1].isalnum() and text[p].isalnum())

    return not (cuts(start) or cuts(end) or text[start].isspace() or text[end - 1].isspace())


def _evidence(text: str, u: _Utf16, start: int, end: int, quoted: str) -> tuple[bool, bool, bool]:
    """(fits the text, matches the quoted name, on word edges) for positions read as code points or UTF-16."""
    readings = [(start, end)]
    cs, ce = u.to_code_point(start), u.to_code_point(end)
    if u.astral and cs is not None and ce is not None and (cs, ce) != (start, end):
        readings.append((cs, ce))
    fits = any(0 <= a < b <= len(text) for a, b in readings)
    named = len(quoted) >= 3 and any(0 <= a < b <= len(text) and _compact_nfc(text[a:b]).startswith(quoted)
                                     for a, b in readings)
    edges = any(_on_word_edges(text, a, b) for a, b in readings)
    return fits, named, edges


def counts_line_ends_otherwise(default: str, other: str, selections) -> bool:
    """Whether a tool counted the positions of ``selections`` on ``other`` rather than on ``default``, two forms
    of one text that differ only in line ends (CRLF or LF): a Windows tool may write a file with CRLF but count each
    line end as one character, or embed CRLF text in the XML (whose parsers fold it to LF) yet count two.

    ``selections``: (start, end, name) as written. Evidence, where the two readings differ: a selection that fits
    only one text, a selection whose name (the quoted text, as ATLAS.ti and NVivo write it) matches only one, and
    otherwise a selection that begins and ends on word edges in only one. A tie keeps ``default``.

    Examples:
        >>> crlf = "P: ¿Qué?\\r\\nR: La mesa funciona.\\r\\n"
        >>> lf = crlf.replace("\\r\\n", "\\n")
        >>> start = lf.index("mesa"); counts_line_ends_otherwise(crlf, lf, [(start, start + 4, "")])
        True
    """
    votes_default = votes_other = 0
    u_default, u_other = _Utf16(default), _Utf16(other)
    for start, end, name in selections:
        if start is None or end is None or start >= end:
            continue
        quoted = _compact_nfc((name or "").rstrip("…").removesuffix("..."))
        d = _evidence(default, u_default, start, end, quoted)
        o = _evidence(other, u_other, start, end, quoted)
        for k in range(3):
            if d[k] != o[k]:
                votes_default += 2 * d[k] if k < 2 else d[k]
                votes_other += 2 * o[k] if k < 2 else o[k]
                break
    return votes_other > votes_default
