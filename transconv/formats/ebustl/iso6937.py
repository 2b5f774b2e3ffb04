"""Character code table 00 (EBU Tech 3264 "Latin", based on ISO 6937), as data only.

Written from the table in the format note ebu-stl.md §5 and checked byte by byte against
ttconv's decoder by ``tests/test_ebustl.py``. Three deliberate gaps, so the two public readers
(ttconv and IRT's ``stl2stlxml``) always agree on what we write:

* the disputed bytes A4, A6, E2, E3 and EB are never produced (their characters are folded:
  ``Đ`` → ``D``, ``ª`` → ``a``, :mod:`transconv.text.tables`);
* acute + ``g`` is not offered: ttconv reads ``C2 67`` as ``ģ`` while IRT composes ``ǵ``; ``ģ``
  is written with the cedilla byte (``CB 67``), which both read as ``ģ``;
* ``0x24`` stays ASCII ``$`` (what both readers decode), not the ISO 6937 currency sign.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from ...text.tables import FOLDS

#: Characters written as one byte of the upper half (0xA0–0xFF).
SINGLE: Final[dict[str, int]] = {
    "\u00a0": 0xA0, "¡": 0xA1, "¢": 0xA2, "£": 0xA3, "¥": 0xA5, "§": 0xA7, "¤": 0xA8,
    "\u2018": 0xA9, "\u201c": 0xAA, "«": 0xAB, "←": 0xAC, "↑": 0xAD, "→": 0xAE, "↓": 0xAF,
    "°": 0xB0, "±": 0xB1, "²": 0xB2, "³": 0xB3, "×": 0xB4, "µ": 0xB5, "¶": 0xB6, "·": 0xB7,
    "÷": 0xB8, "\u2019": 0xB9, "\u201d": 0xBA, "»": 0xBB, "¼": 0xBC, "½": 0xBD, "¾": 0xBE,
    "¿": 0xBF,
    # D0 is a long dash in both readers (ttconv U+2014, IRT U+2015): either dash maps to it.
    "\u2014": 0xD0, "\u2015": 0xD0,
    "¹": 0xD1, "®": 0xD2, "©": 0xD3, "™": 0xD4, "♪": 0xD5, "¬": 0xD6, "¦": 0xD7,
    "⅛": 0xDC, "⅜": 0xDD, "⅝": 0xDE, "⅞": 0xDF,
    # The ohm sign only: Greek capital omega is text of another script (CCT 03), not a symbol.
    "\u2126": 0xE0,
    "Æ": 0xE1, "Ħ": 0xE4, "Ĳ": 0xE6, "Ŀ": 0xE7, "Ł": 0xE8, "Ø": 0xE9, "Œ": 0xEA,
    "Þ": 0xEC, "Ŧ": 0xED, "Ŋ": 0xEE, "ŉ": 0xEF,
    "ĸ": 0xF0, "æ": 0xF1, "đ": 0xF2, "ð": 0xF3, "ħ": 0xF4, "ı": 0xF5, "ĳ": 0xF6, "ŀ": 0xF7,
    "ł": 0xF8, "ø": 0xF9, "œ": 0xFA, "ß": 0xFB, "þ": 0xFC, "ŧ": 0xFD, "ŋ": 0xFE,
    "\u00ad": 0xFF,
}

#: Non-spacing diacritic byte for each Unicode combining mark, and the letters it may precede.
#: Only these pairs are written; ttconv shows U+FFFD for any other pair.
DIACRITICS: Final[dict[str, tuple[int, str]]] = {
    "\u0300": (0xC1, "AEIOUaeiou"),                     # grave
    "\u0301": (0xC2, "ACEILNORSUYZaceilnorsuyz"),       # acute (no g, see module docstring)
    "\u0302": (0xC3, "ACEGHIJOSUWYaceghijosuwy"),       # circumflex
    "\u0303": (0xC4, "AINOUainou"),                     # tilde
    "\u0304": (0xC5, "AEIOUaeiou"),                     # macron
    "\u0306": (0xC6, "AGUagu"),                         # breve
    "\u0307": (0xC7, "CEGIZcegz"),                      # dot above
    "\u0308": (0xC8, "AEIOUYaeiouy"),                   # diaeresis
    "\u030a": (0xCA, "AUau"),                           # ring above
    "\u0327": (0xCB, "CGKLNRSTcgklnrst"),               # cedilla
    "\u030b": (0xCD, "OUou"),                           # double acute
    "\u0328": (0xCE, "AEIUaeiu"),                       # ogonek
    "\u030c": (0xCF, "CDELNRSTZcdelnrstz"),             # caron
}

#: Spacing accents: the diacritic byte followed by a space. Not the tilde (``C4 20``), which
#: ttconv does not decode; ``~`` itself is ASCII anyway.
SPACING_ACCENTS: Final[dict[str, int]] = {
    "\u00b4": 0xC2, "\u00af": 0xC5, "\u02d8": 0xC6, "\u02d9": 0xC7,
    "\u00a8": 0xC8, "\u02da": 0xCA, "\u00b8": 0xCB, "\u02dd": 0xCD, "\u02db": 0xCE,
    "\u02c7": 0xCF,
}

#: Bytes that start a two-byte (diacritic + letter) character; a block split never follows one.
DIACRITIC_BYTES: Final = frozenset(range(0xC1, 0xD0))

#: Bytes the note marks as read differently by the public readers; never written.
DISPUTED: Final = frozenset({0xA4, 0xA6, 0xE2, 0xE3, 0xEB})

#: Every character of the table → its bytes: printable ASCII as itself, the single bytes,
#: each spacing accent as its diacritic byte and a space, and each letter a diacritic may
#: precede, composed, as the diacritic byte and the letter (``é`` → ``C2 65``).
CODES: Final[dict[str, bytes]] = {
    **{chr(code): bytes((code,)) for code in range(0x20, 0x7F)},
    **{ch: bytes((code,)) for ch, code in SINGLE.items()},
    **{ch: bytes((code, 0x20)) for ch, code in SPACING_ACCENTS.items()},
    **{composed: bytes((code, ord(letter)))
       for mark, (code, letters) in DIACRITICS.items() for letter in letters
       if len(composed := unicodedata.normalize("NFC", letter + mark)) == 1},
}

#: Former name: the transliterations are entries of the one fold table of
#: :mod:`transconv.text.tables` now.
TRANSLITERATIONS: Final = FOLDS
