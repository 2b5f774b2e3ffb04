"""Unicode text → bytes of character code table 00, with a documented fallback.

Order of attempts for one character (ebu-stl.md §5): printable ASCII as itself; a single-byte
entry of :mod:`.iso6937`; a spacing accent; the canonical decomposition as *one* letter plus
*one* supported diacritic (written diacritic first); a transliteration (ours, then the shared
fold table of :mod:`transconv.text.tables`); a compatibility decomposition with trailing
marks dropped one by one (``ǘ`` → ``ü``, ``ạ`` → ``a``, ``ﬁ`` → ``fi``); and finally the
caller's fallback (``?`` by default), counted so the writer can warn once. Nothing outside
0x20–0x7E, 0xA0–0xFF is ever produced, so no text byte can be mistaken for a control code,
and never a Latin-1 byte (0xE9 is ``Ø`` here, not ``é``).

A file's lines are encoded all at once (:meth:`TextEncoder.encode_lines`): joined by newlines,
cleaned and translated in a few passes over the whole text, with the same result as line by
line, with the whole-file helpers of :mod:`transconv.text.lines`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from ...text.lines import join_clean, split_non_ascii, translate_split
from ...text.tables import FOLDS
from .iso6937 import DIACRITICS, SINGLE, SPACING_ACCENTS, TRANSLITERATIONS

#: A character and the combining marks after it: composed per cluster, not per line, so that
#: NFC's singleton mappings (the ohm sign becomes Greek omega) never touch a lone symbol.
_CLUSTER = re.compile("[^\u0300-\u036f][\u0300-\u036f]+")
#: The same in lines joined by newlines: a newline is never a base, as a line's start is none.
_CLUSTER_IN_LINES = re.compile("[^\u0300-\u036f\n][\u0300-\u036f]+")


@functools.lru_cache(maxsize=8192)
def encode_char(ch: str) -> bytes | None:
    """The CCT 00 bytes for one character, or None when the table cannot show it."""
    code = ord(ch)
    if 0x20 <= code <= 0x7E:
        return bytes((code,))
    single = SINGLE.get(ch)
    if single is not None:
        return bytes((single,))
    accent = SPACING_ACCENTS.get(ch)
    if accent is not None:
        return bytes((accent, 0x20))
    canonical = unicodedata.normalize("NFD", ch)
    if len(canonical) == 2:
        entry = DIACRITICS.get(canonical[1])
        if entry is not None and canonical[0] in entry[1]:
            return bytes((entry[0], ord(canonical[0])))
    replacement = TRANSLITERATIONS.get(ch, FOLDS.get(ch))
    if replacement is not None:
        return _encode_all(replacement)
    return _simplified(ch)


def _simplified(ch: str) -> bytes | None:
    """Compatibility decomposition, dropping unsupported trailing marks until it encodes."""
    decomposed = unicodedata.normalize("NFKD", ch)
    while decomposed:
        composed = unicodedata.normalize("NFC", decomposed)
        if composed != ch:
            encoded = _encode_all(composed)
            if encoded is not None:
                return encoded
        if not unicodedata.combining(decomposed[-1]):
            return None
        decomposed = decomposed[:-1]
    return None


def _encode_all(text: str) -> bytes | None:
    parts: list[bytes] = []
    for ch in text:
        encoded = encode_char(ch)
        if encoded is None:
            return None
        parts.append(encoded)
    return b"".join(parts)


#: Every character written as itself: printable ASCII, the single bytes, the spacing
#: accents and each letter a supported diacritic composes with.
NATIVE: Final = frozenset(map(chr, range(0x20, 0x7F))) | frozenset(SINGLE) | frozenset(
    SPACING_ACCENTS) | frozenset(
    composed for mark, (_, letters) in DIACRITICS.items() for letter in letters
    if len(composed := unicodedata.normalize("NFC", letter + mark)) == 1)
_BY_BYTE: Final = {code: ch for ch, code in SINGLE.items()}
_ACCENT_BY_BYTE: Final = {code: ch for ch, code in SPACING_ACCENTS.items()}
_MARK_BY_BYTE: Final = {code: mark for mark, (code, _) in DIACRITICS.items()}


def form(ch: str) -> str | None:
    """What ``ch`` is written as, in characters: the text a reader of the bytes sees (a
    mark no letter here can carry goes)."""
    encoded = encode_char(ch)
    if encoded is None:
        return "" if unicodedata.combining(ch) else None
    out: list[str] = []
    i = 0
    while i < len(encoded):
        code = encoded[i]
        if code in _MARK_BY_BYTE and i + 1 < len(encoded):
            follower = encoded[i + 1]
            out.append(_ACCENT_BY_BYTE[code] if follower == 0x20 else unicodedata.normalize(
                "NFC", chr(follower) + _MARK_BY_BYTE[code]))
            i += 2
            continue
        out.append(_BY_BYTE.get(code, chr(code)))
        i += 1
    return "".join(out)


_MISSING = "\x00"  # table sentinels; real control characters map to "" and never reach them
_DROPPED = "\x01"


class _Table(dict[int, str]):
    """Code point → its CCT 00 bytes as a Latin-1 string, computed on first use.

    Used with :meth:`str.translate`, so a ten-hour transcript is encoded at C speed after the
    first occurrence of each character.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        encoded = encode_char(ch)
        if encoded is not None:
            value = encoded.decode("latin-1")
        elif unicodedata.category(ch) == "Cc":
            value = ""
        else:
            # A mark no letter here can carry is dropped; the letter before it stays.
            value = _DROPPED if unicodedata.combining(ch) else _MISSING
        self[code] = value
        return value


_TABLE = _Table()


class TextEncoder:
    """Encodes display lines; ``replaced`` counts characters replaced by the fallback or
    dropped."""

    __slots__ = ("fallback", "replaced")

    def __init__(self, fallback: str = "?") -> None:
        encoded = _encode_all(fallback)
        if encoded is None or not encoded:
            raise ValueError(f"fallback {fallback!r} cannot itself be written in CCT 00")
        self.fallback = encoded.decode("latin-1")
        self.replaced = 0

    def encode(self, line: str) -> bytes:
        """``line`` in CCT 00; a letter followed by combining marks is composed first."""
        if line.isascii() and line.isprintable():
            return line.encode("ascii")
        line = _CLUSTER.sub(_compose, line)
        return self._resolve(line.translate(_TABLE))

    def encode_lines(self, lines: Sequence[str]) -> list[bytes]:
        """``encode(clean(line))`` for every line, computed over all the lines at once.

        A line at a time, the ten-hour benchmark's 18,000 lines took 63 ms, mostly in
        :meth:`str.translate`, which is slow on any text that is not pure ASCII; joined by
        newlines (see :func:`join_clean`) they take 10 ms.
        """
        if not lines:
            return []
        text = join_clean(lines)
        parts = split_non_ascii(text)
        if any("\u0300" <= ch <= "\u036f" for ch in set(parts[1::2])):
            parts = split_non_ascii(_CLUSTER_IN_LINES.sub(_compose, text))
        return self._resolve(translate_split(parts, _TABLE)).split(b"\n")

    def _resolve(self, out: str) -> bytes:
        """Translated text → bytes: sentinels counted, then replaced by the fallback or
        dropped."""
        missing, dropped = out.count(_MISSING), out.count(_DROPPED)
        if missing or dropped:
            self.replaced += missing + dropped
            out = out.replace(_MISSING, self.fallback).replace(_DROPPED, "")
        return out.encode("latin-1")


def _compose(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", match.group())
