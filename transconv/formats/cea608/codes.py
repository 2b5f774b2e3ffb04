"""CEA-608 byte pairs ("words"): odd parity, control codes, preamble address codes.

A word is one frame's worth of line-21 data, held as an int ``first << 8 | second`` with
the parity bits already set, because that is what both SCC (as hex) and MCC (inside a
CDP) carry. Channel 1 and 2 share field 1 and differ only in the first byte (+8), so every
builder takes the channel.
"""

from __future__ import annotations

import array
import sys
from enum import IntEnum
from typing import Final

from ...errors import UsageError

#: 7-bit value → transmitted byte with odd parity in bit 7.
PARITY: Final[bytes] = bytes(b | (0x80 if bin(b).count("1") % 2 == 0 else 0) for b in range(128))

#: Two null bytes: decoders ignore it; used to separate identical codes.
NULL_WORD: Final = 0x8080


class Command(IntEnum):
    """Miscellaneous control codes: the second byte (first byte 0x14 on CC1, 0x1C on CC2)."""

    RCL = 0x20  # resume caption loading (pop-on)
    BS = 0x21
    DER = 0x24
    RU2 = 0x25
    RU3 = 0x26
    RU4 = 0x27
    RDC = 0x29  # resume direct captioning (paint-on)
    EDM = 0x2C  # erase displayed memory
    CR = 0x2D  # carriage return (roll-up)
    ENM = 0x2E  # erase non-displayed memory
    EOC = 0x2F  # end of caption: swap memories


#: Screen row (1–15) → the PAC first byte on channel 1. Rows come in pairs sharing a first
#: byte; the second byte's 0x20 bit picks the lower row of the pair (row 11 stands alone).
_ROW_FIRST: Final[dict[int, int]] = {
    1: 0x11, 2: 0x11, 3: 0x12, 4: 0x12, 5: 0x15, 6: 0x15, 7: 0x16, 8: 0x16,
    9: 0x17, 10: 0x17, 11: 0x10, 12: 0x13, 13: 0x13, 14: 0x14, 15: 0x14,
}
_LOWER_ROWS: Final = frozenset({2, 4, 6, 8, 10, 13, 15})

COLUMNS: Final = 32
ROWS: Final = 15


def word(first: int, second: int) -> int:
    """The word for two 7-bit values, parity applied."""
    return PARITY[first] << 8 | PARITY[second]


def _channel_offset(channel: int) -> int:
    if channel not in (1, 2):
        raise UsageError(f"CEA-608 channel {channel} is not 1 or 2 (field 1 carries CC1/CC2)")
    return 0 if channel == 1 else 8


def control(command: Command, channel: int = 1) -> int:
    """A miscellaneous control code (RCL, EOC, EDM …) on ``channel``."""
    return word(0x14 + _channel_offset(channel), command)


def tab_offset(columns: int, channel: int = 1) -> int:
    """TO1–TO3: move the cursor right by 1–3 columns."""
    if not 1 <= columns <= 3:
        raise ValueError(f"tab offset {columns} is not 1..3")
    return word(0x17 + _channel_offset(channel), 0x20 + columns)


def pac(row: int, indent: int, channel: int = 1) -> int:
    """A white, non-underlined preamble address code: cursor to ``row``, column ``indent``.

    ``indent`` must be a multiple of 4 (0–28); reach other columns with :func:`tab_offset`.
    """
    if row not in _ROW_FIRST:
        raise ValueError(f"row {row} is not 1..15")
    if indent % 4 or not 0 <= indent <= 28:
        raise ValueError(f"PAC indent {indent} is not a multiple of 4 in 0..28")
    second = (0x60 if row in _LOWER_ROWS else 0x40) | 0x10 | (indent // 4) << 1
    return word(_ROW_FIRST[row] + _channel_offset(channel), second)


def special(second: int, channel: int = 1) -> int:
    """A special-set character code (first byte 0x11/0x19)."""
    return word(0x11 + _channel_offset(channel), second)


def extended(first: int, second: int, channel: int = 1) -> int:
    """An extended-set character code (first byte 0x12/0x13, +8 on CC2)."""
    return word(first + _channel_offset(channel), second)


def words_of(data: bytes) -> array.array[int]:
    """Big-endian two-byte words as integers."""
    words = array.array("H")
    words.frombytes(data)
    if sys.byteorder == "little":
        words.byteswap()
    return words
