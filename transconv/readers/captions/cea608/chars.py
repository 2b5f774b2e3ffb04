"""The writer's CEA-608 character tables turned around: codes → characters.

The tables themselves live once, in :mod:`transconv.formats.cea608.tables` (the family
package of the SCC and MCC writers); here they are only inverted, so a code the writer sends
is always the code the reader understands. Parity is checked with :data:`ODD`; a text word
is decoded once and cached (:data:`TEXT`), since a file repeats the same few thousand pairs.
"""

from __future__ import annotations

from typing import Final

from ....formats.cea608.tables import BASIC, EXTENDED_12, EXTENDED_13, SPECIAL

#: Per transmitted byte: whether its parity is odd (the only valid parity on line 21).
ODD: Final[bytes] = bytes(bin(b).count("1") % 2 for b in range(256))

#: The character a decoder shows for a byte that fails the parity check: CEA-608 has a
#: decoder draw a solid block there (the glyph of basic code 0x7F).
PLACEHOLDER: Final = "█"

#: 7-bit value → basic-set character ('' for the null byte and the non-printing codes).
BASIC_CHARS: Final[tuple[str, ...]] = tuple(
    [""] * 0x20 + [ch for ch, _ in sorted(BASIC.items(), key=lambda item: item[1])])

#: Second byte (7 bits) → special character (first byte 0x11 / 0x19).
SPECIAL_CHARS: Final[dict[int, str]] = {code: ch for ch, code in SPECIAL.items()}

#: (first byte without the channel bit, second byte) → extended character, which replaces
#: the character before it.
EXTENDED_CHARS: Final[dict[tuple[int, int], str]] = {
    **{(0x12, code): ch for ch, code in EXTENDED_12.items()},
    **{(0x13, code): ch for ch, code in EXTENDED_13.items()},
}

#: The eight PAC and mid-row colours by index (bits 1-3 of the second byte).
COLOURS: Final = ("white", "green", "blue", "cyan", "red", "yellow", "magenta")

#: First byte of a PAC (channel bit removed) → its two rows (second byte below / from 0x60).
PAC_ROWS: Final[dict[int, tuple[int, int]]] = {
    0x11: (1, 2), 0x12: (3, 4), 0x15: (5, 6), 0x16: (7, 8), 0x17: (9, 10),
    0x10: (11, 11), 0x13: (12, 13), 0x14: (14, 15),
}


class _TextCache(dict[int, "str | None"]):
    """Word (two transmitted bytes) → the text it shows, or None when it is not plain text
    with good parity (a code, a null word, a parity error: the decoder's slow path)."""

    def __missing__(self, word: int) -> str | None:
        first, second = word >> 8, word & 0xFF
        text: str | None = None
        if ODD[first] and ODD[second] and (first & 0x7F >= 0x20 or
                                           (first & 0x7F == 0 and second & 0x7F >= 0x20)):
            text = BASIC_CHARS[first & 0x7F] + BASIC_CHARS[second & 0x7F]
        self[word] = text
        return text


#: See :class:`_TextCache`.
TEXT: Final = _TextCache()
