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

import array
import re
import struct
import sys
import unicodedata
from collections.abc import Sequence
from typing import Final, cast

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


#: A character that :class:`FoldTable` changes: not in the repertoire, or preferred in
#: another form. Lets a caller find the few tokens that need folding with one C-level
#: search instead of translating every token.
NEEDS_FOLDING: Final = re.compile(
    "[^" + re.escape("".join(sorted(c for c in REPERTOIRE if PREFERRED.get(c, c) == c))) + "]")


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
#: The same for text that encodes as Latin-1 (all but a few basic characters): a byte
#: table for :meth:`bytes.translate`, identity elsewhere like :meth:`str.translate`.
_LATIN_BYTES: Final = bytes(codes.PARITY[BASIC[chr(b)]] if chr(b) in BASIC else b
                            for b in range(256))


_BASIC_SET: Final = frozenset(BASIC)
_PACKERS: Final[dict[int, struct.Struct]] = {}


def basic_words(text: str) -> tuple[int, ...] | None:
    """The words of a row of basic characters only (the common case), else ``None``.

    Packed in C, two characters a word, with no per-word Python: the pop-on scheduler
    sends tens of thousands of rows for a long transcript and wants plain words, not the
    one-tuple units of :func:`row_units`.
    """
    if not _BASIC_SET.issuperset(text):
        return None
    return _pack(text)


def _pack(text: str) -> tuple[int, ...]:
    """Basic characters two to a word, a lone last one padded with a null byte."""
    try:
        data = text.encode("latin-1").translate(_LATIN_BYTES)
    except UnicodeEncodeError:
        data = text.translate(_BASIC_BYTES).encode("latin-1")
    if len(data) % 2:
        data += b"\x80"
    n = len(data) // 2
    packer = _PACKERS.get(n)
    if packer is None:
        packer = _PACKERS[n] = struct.Struct(f">{n}H")
    return cast(tuple[int, ...], packer.unpack(data))


#: One character that is not basic: a special one, or an extended one (fallback + code).
_NOT_BASIC: Final = re.compile("[^" + re.escape("".join(BASIC)) + "]")
_CODES: Final[dict[tuple[str, int], tuple[str, int]]] = {}


def _code(ch: str, channel: int) -> tuple[str, int]:
    """The basic fallback sent before ``ch`` ('' for special characters) and its code."""
    known = _CODES.get((ch, channel))
    if known is not None:
        return known
    if ch in SPECIAL:
        known = "", codes.special(SPECIAL[ch], channel)
    elif ch in EXTENDED_12:
        known = EXTENDED_FALLBACK[ch], codes.extended(0x12, EXTENDED_12[ch], channel)
    else:
        known = EXTENDED_FALLBACK[ch], codes.extended(0x13, EXTENDED_13[ch], channel)
    _CODES[ch, channel] = known
    return known


def row_words(text: str, channel: int = 1) -> tuple[Sequence[int], list[int]]:
    """The words that write one row of already-folded ``text``, and where codes repeat.

    The second list holds the index of every word that is the second copy of a doubled
    code (the scheduler must keep it in the frame after the first). This flat form is what
    the pop-on scheduler appends for tens of thousands of rows; :func:`row_units` groups it.
    Runs of basic characters (with an extended character's basic fallback at the end of
    the run before it) are packed by :func:`_pack`: every code must start a word, so a run
    of odd length ends with a null byte.
    """
    basic = basic_words(text)
    if basic is not None:
        return basic, []
    words: list[int] = []
    copies: list[int] = []
    pos = 0
    for match in _NOT_BASIC.finditer(text):
        fallback, code = _code(match.group(), channel)
        words += _pack(text[pos:match.start()] + fallback)
        if copies and copies[-1] == len(words) - 1 and words[-1] == code:
            # Four identical words in a row read as one doubled code; a null between two
            # intended copies keeps them apart for decoders that follow the standard.
            words.append(codes.NULL_WORD)
        words += (code, code)
        copies.append(len(words) - 1)
        pos = match.end()
    words += _pack(text[pos:])
    return words, copies


def row_units(text: str, channel: int = 1) -> list[Unit]:
    """The units that write one row of already-folded ``text`` at the cursor."""
    words, copies = row_words(text, channel)
    units: list[Unit] = []
    start = 0
    for copy in copies:
        units += [(w,) for w in words[start:copy - 1]]
        units.append((words[copy - 1], words[copy]))
        start = copy + 1
    units += [(w,) for w in words[start:]]
    return units


def width(text: str) -> int:
    """Columns ``text`` takes on screen (every 608 character takes one)."""
    return len(text)


#: Latin-1 bytes of folded text → the byte each basic character is sent as; the row
#: separator ``\n`` stays; every other character (special or extended) becomes 00, a mark
#: that sends its row down the slower path of :func:`encode_rows`.
_ROW_BYTES: Final = bytes(
    codes.PARITY[BASIC[chr(b)]] if chr(b) in BASIC else (b if b == 0x0A else 0)
    for b in range(256))


def encode_rows(rows: Sequence[str], channel: int = 1,
                heads: Sequence[bytes] | None = None) -> tuple[list[int], list[int], list[int]]:
    """:func:`row_words` of every row at once: all words, their copy marks, row bounds.

    Row ``k`` is ``words[bounds[k]:bounds[k + 1]]``; ``copies`` holds the (global) index of
    every second copy of a doubled code. ``heads[k]``, if given, are doubled codes (as
    big-endian bytes, each code twice) sent before row ``k`` and counted in it. Rows of
    basic characters only (most of them) are translated together, as one Latin-1 string,
    and cut apart in C; each row then costs a few steps, not a translation of its own
    (measured: 45 ms instead of 90 ms for the twenty thousand rows of a ten-hour
    transcript, a third of them with accented letters). Rows with other characters are
    spliced by :func:`_with_codes`; text that is not Latin-1 goes through
    :func:`row_words`, one row at a time.
    """
    try:
        joined = "\n".join(rows).encode("latin-1").translate(_ROW_BYTES)
    except UnicodeEncodeError:
        parts: list[bytes] | None = None
    else:
        parts = joined.split(b"\n")
    pieces: list[bytes] = []
    copies: list[int] = []
    bounds = [0]
    size = 0
    for k, row in enumerate(rows):
        if heads is not None and heads[k]:
            head = heads[k]
            copies += range(size + 1, size + len(head) // 2, 2)
            pieces.append(head)
            size += len(head) // 2
        data = parts[k] if parts is not None else b"\x00"
        if 0 in data:  # special or extended characters (or not Latin-1 text)
            if parts is not None:
                data = _with_codes(row, data, channel, copies, size)
            else:
                words, row_copies = row_words(row, channel)
                copies += (size + c for c in row_copies)
                data = struct.pack(f">{len(words)}H", *words)
        elif len(data) % 2:
            data += b"\x80"
        pieces.append(data)
        size += len(data) // 2
        bounds.append(size)
    packed = array.array("H")
    packed.frombytes(b"".join(pieces))
    if sys.byteorder == "little":
        packed.byteswap()
    return packed.tolist(), copies, bounds


def _with_codes(row: str, data: bytes, channel: int, copies: list[int], size: int) -> bytes:
    """A Latin-1 row's bytes with its codes in place of the 00 marks (see :func:`row_words`).

    ``data`` is the row through ``_ROW_BYTES``; the global index of each code's second
    copy is appended to ``copies`` (the row's first word has index ``size``).
    """
    out = bytearray()
    pos = 0
    last = (-1, -1)  # (length of ``out`` after the last code, that code)
    at = data.find(0)
    while at >= 0:
        fallback, code = _code(row[at], channel)
        out += data[pos:at]
        if fallback:
            out.append(codes.PARITY[BASIC[fallback]])
        if len(out) % 2:
            out.append(0x80)
        if last == (len(out), code):  # see row_words: a null keeps two copies apart
            out += b"\x80\x80"
        out += code.to_bytes(2, "big") * 2
        copies.append(size + len(out) // 2 - 1)
        last = (len(out), code)
        pos = at + 1
        at = data.find(0, pos)
    out += data[pos:]
    if len(out) % 2:
        out.append(0x80)
    return bytes(out)
