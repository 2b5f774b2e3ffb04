"""Unicode clean-up of source text (sources.md §7.9), applied once at the reader boundary.

Upstream tools leave debris in transcripts: byte-order marks and zero-width spaces pasted
into words, C0/C1 control characters, lone UTF-16 surrogates from a broken encoder, and the
same accented letter spelled composed or decomposed. Writers should not each have to cope, so
readers pass every display string through :func:`clean`:

* NFC normalisation, so ``e`` + combining acute and ``é`` compare and measure the same;
* lone surrogates become U+FFFD (they cannot be encoded to UTF-8 at all);
* C0/C1 controls are removed except TAB and LF; CR and U+0085 NEXT LINE become LF (they are
  line breaks, and deleting them would glue two words together);
* U+200B ZERO WIDTH SPACE, U+FEFF (a BOM inside a string) and the noncharacters (U+FFFE,
  U+FFFF, U+FDD0-U+FDEF and the last two code points of every plane) are removed: they have
  no visible form, and a player may drop a whole cue over one (ffmpeg does, in SubRip);
* every other Unicode space separator (NBSP, narrow NBSP, ideographic space, …) and the line and
  paragraph separators become an ordinary space. Token joining collapses whitespace anyway
  (``str.split`` treats NBSP as a space), so keeping them would only make a word's text
  disagree with the way it is joined.

Joiners (U+200C/U+200D), directional marks and RTL text are left alone: emoji sequences,
Persian and Arabic need them. The common case (printable, already NFC) costs two C calls.
"""

from __future__ import annotations

import unicodedata
from typing import Final

_REMOVE: Final = frozenset("\u200b\ufeff")
_LINE_BREAKS: Final = frozenset("\r\x85")
_KEEP_CONTROLS: Final = frozenset("\t\n")


def is_noncharacter(code: int) -> bool:
    """The 66 Unicode noncharacters: U+FDD0-U+FDEF and U+xxFFFE/U+xxFFFF of every plane."""
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _clean_char(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        if ch in _KEEP_CONTROLS:
            return ch
        return "\n" if ch in _LINE_BREAKS else ""
    if ch in _REMOVE or is_noncharacter(code):
        return ""
    category = unicodedata.category(ch)
    if category in ("Zs", "Zl", "Zp"):
        return " "
    return ch


def clean(text: str) -> str:
    """``text`` with the §7.9 clean-up applied (see the module docstring)."""
    if text.isprintable():
        if text.isascii() or unicodedata.is_normalized("NFC", text):
            return text
        return unicodedata.normalize("NFC", text)
    cleaned = "".join([_clean_char(ch) for ch in text])
    return unicodedata.normalize("NFC", cleaned)
