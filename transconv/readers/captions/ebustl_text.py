"""EBU STL text fields (TF) → display lines and the styling a cue can keep.

A text field mixes characters of the file's character code table (GSI CCT) with control
codes (ebu-stl.md §4). The decoding choices:

* **Table 00 (Latin, ISO 6937)** is the inverse of the writer's data tables in
  :mod:`transconv.formats.ebustl.iso6937`, so everything the writer writes reads back as
  itself; the five bytes the writer avoids because the public readers disagree on them
  (A4, A6, E2, E3, EB) read as ISO 6937 has them (``$ # Đ ª º``), and D0 reads as the em
  dash, as ttconv does. A non-spacing diacritic byte (C1–CF) applies to the character after
  it and the pair is composed (NFC): ``C2 65`` is ``é``; a letter the mark does not compose
  with keeps the combining mark; a diacritic before a space or a control code is the
  spacing accent. C9 is read as the diaeresis (old equipment wrote the umlaut there).
* **Tables 01–04** are ISO 8859-5/6/7/8 (Cyrillic, Arabic, Greek, Hebrew) above 0xA0 and
  ASCII below, taken from Python's codecs. Arabic and Hebrew are kept in stored order.
* A byte that is no character of the table becomes U+FFFD and is counted, so the reader can
  warn once per file instead of failing on one bad byte.
* **Teletext codes 00–1F** each occupy a character cell on the screen, shown as a space
  (ebu-stl.md §4), so they read as a space; the alpha colour codes 00–06 give the cue a
  ``color`` hint (white, 07, is the default and gives none). Double height, boxing, flash,
  mosaics and backgrounds are dropped: they are teletext rendering, not text.
* **Open-subtitling codes 80–85** (italics, underline, boxing on/off) are markup around
  characters and take no cell: they read as nothing, and 80/82 give the cue an ``italic`` or
  ``underline`` hint. (ttconv renders any code between two letters as a space; in files
  whose codes sit at word boundaries, as writers put them, both readings are the same.)
* ``8A`` is a line break; runs of them (double-height rows use two) make one break, since
  empty lines are dropped by the track builder.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from ...formats.ebustl.iso6937 import DIACRITICS, SINGLE, SPACING_ACCENTS

__all__ = ["TABLES", "CharTable", "Decoded", "decode_field"]

UNKNOWN: Final = "\ufffd"

_COLOURS: Final = ("black", "red", "green", "yellow", "blue", "magenta", "cyan")
_COLOUR_CODE = re.compile(rb"[\x00-\x06]")
_CONTROL_BYTES: Final = bytes(range(0x20))
_ITALICS_ON: Final = 0x80
_UNDERLINE_ON: Final = 0x82
#: A diacritic byte and, when there is one, the character byte it applies to.
_PAIR = re.compile("([\xc1-\xcf][\x20-\x7e\xa0-\xbf\xd0-\xff]?)")
_MARK_BYTES: Final = frozenset(range(0xC1, 0xD0))


def _controls() -> dict[int, str]:
    """What the control codes (00–1F, 7F–9F) read as; the same in every table."""
    table = dict.fromkeys(range(0x20), " ")
    table.update(dict.fromkeys(range(0x7F, 0xA0), ""))
    table[0x8A] = "\n"
    return table


def _latin_table() -> dict[int, str]:
    table = _controls()
    table.update({code: chr(code) for code in range(0x20, 0x7F)})
    table.update(dict.fromkeys(range(0xA0, 0x100), UNKNOWN))
    for ch, code in SINGLE.items():
        if table[code] == UNKNOWN:  # D0 stands for both long dashes: the em dash wins
            table[code] = ch
    # The bytes the writer never produces, as ISO 6937 defines them.
    table.update({0xA4: "$", 0xA6: "#", 0xE2: "\u0110", 0xE3: "\u00aa", 0xEB: "\u00ba"})
    return table


def _iso8859_table(codec: str) -> dict[int, str]:
    table = _controls()
    table.update({code: chr(code) for code in range(0x20, 0x7F)})
    for code in range(0xA0, 0x100):
        try:
            table[code] = bytes((code,)).decode(codec)
        except UnicodeDecodeError:
            table[code] = UNKNOWN
    return table


#: Mark byte → the combining mark it stands for (the writer's table, C9 as old umlaut).
_MARKS: Final[dict[int, str]] = {
    **{code: mark for mark, (code, _) in DIACRITICS.items()}, 0xC9: "\u0308"}
#: Mark byte + space → the spacing accent (the writer's table, and ISO 6937's ASCII three).
_SPACING: Final[dict[int, str]] = {
    **{code: ch for ch, code in SPACING_ACCENTS.items()},
    0xC1: "`", 0xC3: "^", 0xC4: "~", 0xC9: "\u00a8"}


@dataclass(frozen=True, slots=True)
class CharTable:
    """One character code table: byte → text, and whether it has diacritic bytes."""

    name: str
    chars: dict[int, str]
    diacritics: bool


#: GSI CCT value → its table.
TABLES: Final[dict[str, CharTable]] = {
    "00": CharTable("Latin (ISO 6937)", _latin_table(), True),
    "01": CharTable("Latin/Cyrillic (ISO 8859-5)", _iso8859_table("iso8859_5"), False),
    "02": CharTable("Latin/Arabic (ISO 8859-6)", _iso8859_table("iso8859_6"), False),
    "03": CharTable("Latin/Greek (ISO 8859-7)", _iso8859_table("iso8859_7"), False),
    "04": CharTable("Latin/Hebrew (ISO 8859-8)", _iso8859_table("iso8859_8"), False),
}


@dataclass(frozen=True, slots=True)
class Decoded:
    """A text field's lines, its cue hints and how many bytes were no character."""

    lines: list[str]
    hints: tuple[tuple[str, str], ...]
    unknown: int


def _pair(piece: str, chars: dict[int, str]) -> str:
    """A diacritic byte and its follower (both as Latin-1 characters) → text."""
    mark_byte = ord(piece[0])
    follower = piece[1:]
    if not follower or follower == " ":
        return _SPACING.get(mark_byte, UNKNOWN) if mark_byte in _MARKS else UNKNOWN + follower
    base = chars[ord(follower)]
    mark = _MARKS.get(mark_byte)
    if mark is None or base == UNKNOWN:
        return UNKNOWN + base
    return unicodedata.normalize("NFC", base + mark)


def _text(field: bytes, table: CharTable) -> str:
    """The field's characters, line breaks as ``\\n``: translated at C speed; only where a
    diacritic byte occurs is the field split around the pairs and those composed."""
    text = field.decode("latin-1")
    if not table.diacritics or _MARK_BYTES.isdisjoint(field):
        return text.translate(table.chars)
    parts = _PAIR.split(text)
    chars = table.chars
    return "".join(_pair(part, chars) if index % 2 else part.translate(chars)
                   for index, part in enumerate(parts))


def decode_field(field: bytes, table: CharTable) -> Decoded:
    """Lines and hints of one subtitle's text field (its blocks' fields joined, each cut at
    its first unused-space byte 8F)."""
    text = _text(field, table)
    hints: list[tuple[str, str]] = []
    # Codes after the last character colour nothing (a field padded with 00, alpha black).
    colour = _COLOUR_CODE.search(field.rstrip(_CONTROL_BYTES))
    if colour is not None:
        hints.append(("color", _COLOURS[colour.group()[0]]))
    if _ITALICS_ON in field:
        hints.append(("italic", "1"))
    if _UNDERLINE_ON in field:
        hints.append(("underline", "1"))
    return Decoded(text.split("\n"), tuple(hints), text.count(UNKNOWN))
