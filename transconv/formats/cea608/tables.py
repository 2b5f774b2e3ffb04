"""CEA-608 character tables, as data only (the framing lives in :mod:`.text`).

Three sets exist on line 21 and the writer uses all of them:

* the basic set, one byte per character, which is ASCII except at eleven positions;
* the special set, two-byte codes (first byte 0x11 on channel 1) that take one column;
* the extended Western European sets (first byte 0x12 and 0x13), two-byte codes that first
  erase the cell to their left. The writer therefore sends a basic-set *fallback* first, so a
  decoder without the extended sets still shows something close and one that has them
  replaces it (``Müller`` goes out as ``M``, ``u``, ``ü`` and decodes as ``Müller``).

Code values are the 7-bit second bytes; the channel decides the first byte and parity is
applied when words are built. Keys are the Unicode characters the codes stand for; where
decoders disagree on a glyph (0x1229, 0x122A, 0x1337 …) the key is the character of the
CEA-608 table itself and the test suite names the decoder that agrees.
"""

from __future__ import annotations

from typing import Final

from ...text.tables import CYRILLIC, FOLDS, GREEK

#: Positions where the basic set is not ASCII: byte → the character CEA-608 puts there.
BASIC_DIFFERENCES: Final[dict[int, str]] = {
    0x2A: "á", 0x5C: "é", 0x5E: "í", 0x5F: "ó", 0x60: "ú",
    0x7B: "ç", 0x7C: "÷", 0x7D: "Ñ", 0x7E: "ñ", 0x7F: "█",
}

#: Every basic-set character → its byte (0x20–0x7F). 0x27 is the apostrophe.
BASIC: Final[dict[str, int]] = {
    BASIC_DIFFERENCES.get(code, chr(code)): code for code in range(0x20, 0x80)
}

#: Special North American characters → second byte (first byte 0x11, or 0x19 on CC2).
#: U+00A0 stands for the 608 "transparent space" (a space that shows no background).
SPECIAL: Final[dict[str, int]] = {
    ch: 0x30 + i for i, ch in enumerate("®°½¿™¢£♪à\u00a0èâêîôû")
}

#: Extended set of first byte 0x12 (Spanish, miscellaneous, French) → second byte.
EXTENDED_12: Final[dict[str, int]] = {
    ch: 0x20 + i for i, ch in enumerate("ÁÉÓÚÜü‘¡*’—©℠•“”ÀÂÇÈÊËëÎÏïÔÙùÛ«»")
}

#: Extended set of first byte 0x13 (Portuguese, German, Danish, box corners) → second byte.
EXTENDED_13: Final[dict[str, int]] = {
    ch: 0x20 + i for i, ch in enumerate("ÃãÍÌìÒòÕõ{}\\^_|~ÄäÖöß¥¤¦ÅåØø┌┐└┘")
}

#: The basic-set character sent before each extended one, for decoders without the
#: extended sets. Every value is a key of :data:`BASIC` (``*``, ``{`` … are not, so their
#: fallbacks are other characters).
EXTENDED_FALLBACK: Final[dict[str, str]] = {
    "Á": "A", "É": "E", "Ó": "O", "Ú": "U", "Ü": "U", "ü": "u", "‘": "'", "¡": "!",
    "*": ".", "’": "'", "—": "-", "©": "c", "℠": " ", "•": ".", "“": '"', "”": '"',
    "À": "A", "Â": "A", "Ç": "C", "È": "E", "Ê": "E", "Ë": "E", "ë": "e", "Î": "I",
    "Ï": "I", "ï": "i", "Ô": "O", "Ù": "U", "ù": "u", "Û": "U", "«": '"', "»": '"',
    "Ã": "A", "ã": "a", "Í": "I", "Ì": "I", "ì": "i", "Ò": "O", "ò": "o", "Õ": "O",
    "õ": "o", "{": "(", "}": ")", "\\": "/", "^": " ", "_": "-", "|": "!", "~": "-",
    "Ä": "A", "ä": "a", "Ö": "O", "ö": "o", "ß": "s", "¥": "Y", "¤": " ", "¦": "!",
    "Å": "A", "å": "a", "Ø": "O", "ø": "o", "┌": "+", "┐": "+", "└": "+", "┘": "+",
}

#: Every character → its bytes on channel 1, before parity: a basic character its byte; a
#: special one its code (``11 xx``); an extended one the basic character sent before it and
#: its code (``12 xx`` or ``13 xx``, ``Ü`` → ``U`` ``12 24``). Channel 2 adds 8 to a code's
#: first byte.
CODES: Final[dict[str, bytes]] = {
    **{ch: bytes((code,)) for ch, code in BASIC.items()},
    **{ch: bytes((0x11, code)) for ch, code in SPECIAL.items()},
    **{ch: bytes((BASIC[EXTENDED_FALLBACK[ch]], first, code))
       for first, table in ((0x12, EXTENDED_12), (0x13, EXTENDED_13))
       for ch, code in table.items()},
}

#: Characters that have an extended code but are sent as a cheaper basic one. The right
#: single quote is the apostrophe of most transcripts: as 0x27 it costs one byte instead of
#: three words (fallback + doubled code), and decoders draw 0x27 as an apostrophe (ffmpeg
#: and libcaption even as ’). The writer's code table leaves them out, so the fold table
#: sends them in their basic form.
PREFERRED: Final[dict[str, str]] = {"’": "'"}

#: Former names: the substitutes are the one fold table of :mod:`transconv.text.tables`
#: now, which the Greek and Cyrillic romanisations moved to as well.
SUBSTITUTES: Final = FOLDS
__all__ = ["BASIC", "BASIC_DIFFERENCES", "CODES", "CYRILLIC", "EXTENDED_12", "EXTENDED_13",
           "EXTENDED_FALLBACK", "GREEK", "PREFERRED", "SPECIAL", "SUBSTITUTES"]
