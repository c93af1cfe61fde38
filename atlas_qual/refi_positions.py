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
