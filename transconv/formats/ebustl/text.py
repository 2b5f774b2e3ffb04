"""The character code tables of the text: data for the one encoder of :mod:`transconv.text`.

GSI field CCT names the table every text field is written in (ebu-stl.md §2, §5):

* ``00`` Latin (:mod:`.iso6937`, the default): printable ASCII, the single bytes of the upper
  half, and a diacritic byte before its letter;
* ``01``–``04`` Latin/Cyrillic, Latin/Arabic, Latin/Greek and Latin/Hebrew: printable ASCII and
  the upper half of ISO 8859-5, -6, -7 and -8, one byte a character.

Every other character is folded (:mod:`transconv.text.tables`: ``€`` → ``EUR``, Greek
romanised where the table has no Greek) or becomes the writer's fallback. Nothing outside
0x20–0x7E, 0xA0–0xFF is ever produced, so no text byte can be mistaken for a control code,
and never a Latin-1 byte in table 00 (0xE9 is ``Ø`` there, not ``é``).
"""

from __future__ import annotations

from typing import Final

from ...text.encoder import CodeTable
from ...text.tables import CAPTION_FOLDS
from .iso6937 import CODES, DIACRITIC_BYTES

#: Character code table 00 (Latin) and the caption fold table.
LATIN: Final = CodeTable("EBU STL (Latin table CCT 00)", CODES, CAPTION_FOLDS)


def _iso8859(name: str, part: int) -> CodeTable:
    """An ISO 8859 table: ASCII and the printable characters of the upper half."""
    upper = {ch: bytes((code,)) for code in range(0xA0, 0x100)
             if (ch := bytes((code,)).decode(f"iso8859_{part}", errors="ignore"))
             and (ch.isprintable() or ch in "\u00a0\u00ad")}
    return CodeTable(name, {**{chr(code): bytes((code,)) for code in range(0x20, 0x7F)},
                            **upper}, CAPTION_FOLDS)


#: Every table by its CCT code.
TABLES: Final[dict[str, CodeTable]] = {
    "00": LATIN,
    "01": _iso8859("EBU STL (Latin/Cyrillic table CCT 01)", 5),
    "02": _iso8859("EBU STL (Latin/Arabic table CCT 02)", 6),
    "03": _iso8859("EBU STL (Latin/Greek table CCT 03)", 7),
    "04": _iso8859("EBU STL (Latin/Hebrew table CCT 04)", 8),
}

#: The bytes that start a two-byte character, by table: only the Latin table has any.
DIACRITICS: Final[dict[str, frozenset[int]]] = {
    code: DIACRITIC_BYTES if code == "00" else frozenset() for code in TABLES}
