"""The character code table of the text: data for the one encoder of :mod:`transconv.text`.

Text is written in character code table 00 (:mod:`.iso6937`, ebu-stl.md §5): printable ASCII,
the single bytes of the upper half, and a diacritic byte before its letter; every other
character is folded (:mod:`transconv.text.tables`: ``€`` → ``EUR``, Greek romanised) or
becomes the writer's fallback. Nothing outside 0x20–0x7E, 0xA0–0xFF is ever produced, so no
text byte can be mistaken for a control code, and never a Latin-1 byte (0xE9 is ``Ø`` here,
not ``é``).
"""

from __future__ import annotations

from typing import Final

from ...text.encoder import CodeTable
from ...text.tables import CAPTION_FOLDS
from .iso6937 import CODES

#: Character code table 00 (Latin) and the caption fold table.
LATIN: Final = CodeTable("EBU STL (Latin table CCT 00)", CODES, CAPTION_FOLDS)
