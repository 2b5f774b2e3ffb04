"""Text → CEA-608: folding to the 608 repertoire, and rows → words.

Folding happens *before* segmentation, on the transcript, so the segmenter measures the
text that will really be sent (``€`` becomes three columns, ``EUR``). Every character
ends up as something visible: a 608 character, a documented substitute (tables
``SUBSTITUTES``, ``GREEK``, ``CYRILLIC``, then Unicode decomposition to the base letter), or
the writer's replacement character — never silently nothing. Replacements are collected
so the writer can log them.

Encoding a row packs basic characters two to a word, pads a lone one with a null byte
before any two-byte code (codes must start a word), doubles every code like a control
code, and sends the basic fallback before each extended character.
"""

from __future__ import annotations

import struct
import unicodedata
from typing import Final

from . import codes
from .tables import (
    BASIC,
    CYRILLIC,
    EXTENDED_12,
    EXTENDED_13,
    EXTENDED_FALLBACK,
    GREEK,
    PREFERRED,
    SPECIAL,
    SUBSTITUTES,
)

#: One transmission unit: a single word, or a doubled code whose two copies must go out in
#: consecutive frames.
Unit = tuple[int, ...]

#: Every character a 608 decoder can show.
REPERTOIRE: Final = frozenset(BASIC) | frozenset(SPECIAL) | frozenset(EXTENDED_12) | frozenset(
    EXTENDED_13
)


class FoldTable(dict[int, str]):
    """A ``str.translate`` table that works out each character's 608 form on first use.

    ``replaced`` collects the characters that had no form and became ``replacement``.
    """

    def __init__(self, replacement: str = "?") -> None:
        super().__init__()
        if not replacement or any(ch not in REPERTOIRE for ch in replacement):
            raise ValueError(f"replacement {replacement!r} is not CEA-608 text")
        self.replacement = replacement
        self.replaced: dict[str, int] = {}

    def __missing__(self, key: int) -> str:
        ch = chr(key)
        form = self._form(ch)
        if form is None:
            form = self.replacement
            self.replaced[ch] = self.replaced.get(ch, 0) + 1
        self[key] = form
        return form

    def _form(self, ch: str) -> str | None:
        if ch in PREFERRED:
            return PREFERRED[ch]
        if ch in REPERTOIRE:
            return ch
        if ch in SUBSTITUTES:
            return SUBSTITUTES[ch]
        base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                       if not unicodedata.combining(c))
        if base and base != ch:
            parts = [self._form(c) for c in base]
            if all(p is not None for p in parts):
                return "".join(p for p in parts if p is not None)
            return None
        if ch in GREEK:
            return GREEK[ch]
        return CYRILLIC.get(ch)


def fold(text: str, table: FoldTable | None = None) -> str:
    """``text`` in the 608 repertoire (see :class:`FoldTable`)."""
    return text.translate(table if table is not None else FoldTable())


#: Basic characters → their transmitted byte as a Latin-1 character (for the fast path).
_BASIC_BYTES: Final = {ord(ch): chr(codes.PARITY[code]) for ch, code in BASIC.items()}
_WORDS: Final = struct.Struct(">H")


def row_units(text: str, channel: int = 1) -> list[Unit]:
    """The units that write one row of already-folded ``text`` at the cursor."""
    if all(ch in BASIC for ch in text):  # common case: pack in C, two bytes per word
        data = text.translate(_BASIC_BYTES).encode("latin-1")
        if len(data) % 2:
            data += b"\x80"
        return [(w,) for (w,) in _WORDS.iter_unpack(data)]
    units: list[Unit] = []
    pending = -1  # a basic byte waiting for its partner
    for ch in text:
        byte = BASIC.get(ch)
        if byte is not None:
            if pending < 0:
                pending = byte
            else:
                units.append((codes.word(pending, byte),))
                pending = -1
            continue
        if ch in SPECIAL:
            code = codes.special(SPECIAL[ch], channel)
        else:
            fallback = BASIC[EXTENDED_FALLBACK[ch]]
            if pending < 0:
                pending = fallback
            else:
                units.append((codes.word(pending, fallback),))
                pending = -1
            if ch in EXTENDED_12:
                code = codes.extended(0x12, EXTENDED_12[ch], channel)
            else:
                code = codes.extended(0x13, EXTENDED_13[ch], channel)
        if pending >= 0:
            units.append((codes.word(pending, 0),))
            pending = -1
        if units and units[-1] == (code, code):
            # Four identical words in a row read as one doubled code; a null between two
            # intended copies keeps them apart for decoders that follow the standard.
            units.append((codes.NULL_WORD,))
        units.append((code, code))
    if pending >= 0:
        units.append((codes.word(pending, 0),))
    return units


def width(text: str) -> int:
    """Columns ``text`` takes on screen (every 608 character takes one)."""
    return len(text)
