"""Text → CEA-608: the 608 code table, and rows → words.

The caption pipeline folds the text into the 608 repertoire *before* segmentation, so the
segmenter measures the text that will really be sent (``€`` becomes three columns, ``EUR``):
the repertoire is :data:`TABLE`'s, the 608 characters of :data:`.tables.CODES` with the one
fold table of :mod:`transconv.text.tables` (Greek and Cyrillic romanised, then Unicode
decomposition to the base letter), else the writer's ``fallback`` character.

Encoding a row packs basic characters two to a word, pads a lone one with a null byte
before any two-byte code (codes must start a word), doubles every code like a control
code, and sends the basic fallback before each extended character.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Sequence
from typing import Final, cast

from ...text.encoder import CodeTable
from ...text.tables import CAPTION_FOLDS
from . import codes
from .tables import BASIC, CODES, PREFERRED

#: One transmission unit: a single word, or a doubled code whose two copies must go out in
#: consecutive frames.
Unit = tuple[int, ...]

#: Every character a 608 decoder can show.
REPERTOIRE: Final = frozenset(CODES)

#: What the writer sends: every 608 character but those sent in another form (PREFERRED),
#: and the caption fold table for the rest.
TABLE: Final = CodeTable("CEA-608", {ch: data for ch, data in CODES.items()
                                     if ch not in PREFERRED}, CAPTION_FOLDS)


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

    Packed in C, two characters a word, with no per-word Python (roll-up and paint-on
    send row by row; :func:`rows_data` encodes all rows of a pop-on transcript at once).
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
_BASIC_BY_BYTE: Final = {code: ch for ch, code in BASIC.items()}


def _code(ch: str, channel: int) -> tuple[str, int]:
    """The basic fallback sent before ``ch`` ('' for special characters) and its code."""
    known = _CODES.get((ch, channel))
    if known is None:
        data = CODES[ch]
        fallback = _BASIC_BY_BYTE[data[0]] if len(data) == 3 else ""
        known = _CODES[ch, channel] = fallback, codes.extended(data[-2], data[-1], channel)
    return known


def row_words(text: str, channel: int = 1) -> tuple[Sequence[int], list[int]]:
    """The words that write one row of already-folded ``text``, and where codes repeat.

    The second list holds the index of every word that is the second copy of a doubled
    code (the scheduler must keep it in the frame after the first); :func:`row_units`
    groups this flat form into units, and :func:`rows_data` does the same for many rows
    at once (this is the reference its tests compare with).
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
#: that sends its row down the slower path of :func:`rows_data`.
_ROW_BYTES: Final = bytes(
    codes.PARITY[BASIC[chr(b)]] if chr(b) in BASIC else (b if b == 0x0A else 0)
    for b in range(256))


def rows_data(rows: Sequence[str], channel: int = 1) -> list[bytes]:
    """:func:`row_words` of every row at once, each row's words as big-endian bytes.

    Rows of basic characters only (most of them) are translated together, as one Latin-1
    string, and cut apart in C (measured: 45 ms instead of 90 ms for the twenty thousand
    rows of a ten-hour transcript, a third of them with accented letters). Rows with other
    characters are spliced by :func:`_with_codes`; text that is not Latin-1 goes through
    :func:`row_words`, one row at a time. Where the doubled codes are can be read back
    from the bytes (every code's first byte, and no character's, is 0x10–0x1F without
    parity).
    """
    try:
        joined = "\n".join(rows).encode("latin-1").translate(_ROW_BYTES)
    except UnicodeEncodeError:
        return [_pack_words(row_words(row, channel)[0]) for row in rows]
    parts = joined.split(b"\n")
    out = [data + b"\x80" if len(data) % 2 else data for data in parts]
    if 0 in joined:  # special or extended characters
        coded = [k for k, data in enumerate(parts) if 0 in data]
        datas = _coded_rows([rows[k] for k in coded], channel)
        if datas is None:
            datas = [_with_codes(rows[k], parts[k], channel) for k in coded]
        for k, data in zip(coded, datas, strict=True):
            out[k] = data
    return out[:len(rows)]


#: Bytes that stand for codes in :func:`_coded_rows`: no basic character, code, padding or
#: newline holds them (their low seven bits are 01-0F, and not 0A).
_MARKERS: Final = bytes(v for v in range(256) if 1 <= v & 0x7F <= 0x0F and v != 0x0A)
#: Where :func:`_coded_rows` pads a run of basic characters (sent as a null byte).
_PAD: Final = "\x01"
#: Splits text into runs of basic characters and the single characters between them.
_RUNS: Final = re.compile("([^" + re.escape("".join(BASIC)) + "])")


def _coded_rows(rows: Sequence[str], channel: int) -> list[bytes] | None:
    """:func:`_with_codes` for Latin-1 ``rows`` all at once (``None``: too many kinds of code).

    Each extended character gets its basic fallback in front (``str.replace``); every run
    of basic characters before a code or a row end is padded to whole words (codes are
    whole words sent twice, so runs pad independently); two identical special characters
    in a row get a null word between them; the text is translated to bytes with a marker
    byte per code, and each marker is replaced by its doubled code. Measured on the
    ten-hour file (six thousand such rows): 3 ms instead of 14 ms row by row.
    """
    text = "\n".join(rows)
    chars = sorted(set(_NOT_BASIC.findall(text)) - {"\n"})
    if len(chars) > len(_MARKERS) or _PAD in chars:
        return None
    table = bytearray(_ROW_BYTES)
    table[ord(_PAD)] = 0x80
    doubled: dict[bytes, bytes] = {}
    specials = []
    for ch, marker in zip(chars, _MARKERS, strict=False):
        fallback, code = _code(ch, channel)
        if fallback:
            text = text.replace(ch, fallback + ch)
        else:
            specials.append(ch)
        table[ord(ch)] = marker
        doubled[bytes((marker,))] = code.to_bytes(2, "big") * 2
    parts = _RUNS.split(text)
    parts[0::2] = [run + _PAD if len(run) % 2 else run for run in parts[0::2]]
    text = "".join(parts)
    for ch in specials:  # see row_words: a null keeps two copies apart
        while ch + ch in text:
            text = text.replace(ch + ch, ch + _PAD * 2 + ch)
    data = text.encode("latin-1").translate(table)
    for stand_in, twice in doubled.items():
        data = data.replace(stand_in, twice)
    return data.split(b"\n")


def _pack_words(words: Sequence[int]) -> bytes:
    return struct.pack(f">{len(words)}H", *words)


def _with_codes(row: str, data: bytes, channel: int) -> bytes:
    """A Latin-1 row's bytes with its codes in place of the 00 marks (see :func:`row_words`).

    ``data`` is the row through ``_ROW_BYTES``.
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
        last = (len(out), code)
        pos = at + 1
        at = data.find(0, pos)
    out += data[pos:]
    if len(out) % 2:
        out.append(0x80)
    return bytes(out)
