"""Text and Timing Information blocks: the text field layouts and the 128-byte packing.

Layouts (ebu-stl.md §4, both verified with ttconv): teletext rows are wrapped in start-box /
end-box codes (doubled, as broadcast files do, so a receiver that misses one still boxes the
row) and, by default, preceded by double height; a double-height row uses two teletext rows,
hence two CR/LF codes between rows. Open subtitles are plain rows separated by one CR/LF. The
rows sit at the bottom of the 23-row grid: VP is the first row, so that the last one is row 23.

A text field longer than 112 bytes continues in extension blocks (EBN 0, 1, … then 0xFF) that
repeat every other field; a chunk never ends on a diacritic byte, because a reader that
decodes each block alone would otherwise pair the accent with the padding.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Final, Literal

from ...errors import UsageError
from .iso6937 import DIACRITIC_BYTES

Layout = Literal["teletext-double", "teletext", "open"]

SIZE: Final = 128
TEXT_SIZE: Final = 112
ROWS: Final = 23           # the grid VP counts in (teletext rows 1–23)
UNUSED: Final = 0x8F       # fills the text field after the text
LAST_BLOCK: Final = 0xFF
MAX_EXTENSIONS: Final = 0xEF  # EBN 0xF0–0xFE are reserved or user data

DOUBLE_HEIGHT: Final = b"\x0d"
START_BOX: Final = b"\x0b\x0b"
END_BOX: Final = b"\x0a\x0a"
NEW_LINE: Final = b"\x8a"

_PREFIX: Final[dict[Layout, bytes]] = {
    "teletext-double": DOUBLE_HEIGHT + START_BOX, "teletext": START_BOX, "open": b""}
_SUFFIX: Final[dict[Layout, bytes]] = {
    "teletext-double": END_BOX, "teletext": END_BOX, "open": b""}
_BREAK: Final[dict[Layout, bytes]] = {
    "teletext-double": NEW_LINE * 2, "teletext": NEW_LINE, "open": NEW_LINE}
_HEIGHT: Final[dict[Layout, int]] = {"teletext-double": 2, "teletext": 1, "open": 1}
_HEADER = struct.Struct("<BHBB4B4BBBB")
_DIACRITICS = bytes(sorted(DIACRITIC_BYTES))


def text_field(rows: list[bytes], layout: Layout) -> bytes:
    """The TF bytes (before padding) of a subtitle made of the encoded ``rows``."""
    prefix, suffix = _PREFIX[layout], _SUFFIX[layout]
    return _BREAK[layout].join(prefix + row + suffix for row in rows)


def cells(row: bytes, layout: Layout) -> int:
    """Character cells a row occupies: characters plus, on teletext, its control codes."""
    chars = len(row.translate(None, _DIACRITICS))  # a diacritic shares its letter's cell
    return chars + len(_PREFIX[layout]) + len(_SUFFIX[layout])


def vertical_position(row_count: int, layout: Layout) -> int:
    """VP: the first row, chosen so the last row of the subtitle is the grid's last row."""
    return max(1, ROWS + 1 - _HEIGHT[layout] * row_count)


def chunks(field: bytes) -> list[bytes]:
    """``field`` cut into text fields of at most 112 bytes, never after a diacritic byte."""
    out: list[bytes] = []
    pos = 0
    while len(field) - pos > TEXT_SIZE:
        cut = pos + TEXT_SIZE
        if field[cut - 1] in DIACRITIC_BYTES:
            cut -= 1
        out.append(field[pos:cut])
        pos = cut
    out.append(field[pos:])
    if len(out) - 1 > MAX_EXTENSIONS + 1:
        raise UsageError(f"a subtitle of {len(field)} bytes needs more extension blocks "
                         "than EBU STL allows; use a shorter caption style")
    return out


def blocks(number: int, time_in: tuple[int, int, int, int], time_out: tuple[int, int, int, int],
           position: int, justification: int, field: bytes) -> Iterator[bytes]:
    """The TTI block(s) of one subtitle: SGN 0, SN ``number``, not cumulative, not a comment."""
    parts = chunks(field)
    last = len(parts) - 1
    for index, part in enumerate(parts):
        header = _HEADER.pack(0, number, LAST_BLOCK if index == last else index, 0,
                              *time_in, *time_out, position, justification, 0)
        yield header + part.ljust(TEXT_SIZE, bytes((UNUSED,)))
