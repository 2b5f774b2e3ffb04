"""Fonts for the PDF writer, chosen per run of text so every character has a glyph.

No single free font covers Latin, Greek, Cyrillic and CJK at a size worth shipping, so text is
split by script: CJK goes to one of reportlab's built-in CID fonts (Chinese, Japanese or Korean
by character and transcript language; not embedded, every PDF viewer provides them) or to a
TrueType file the caller supplies; everything else to the main TrueType font — the bundled
DejaVu Sans unless the caller names another, with DejaVu as fallback for what that one lacks.
Right-to-left text keeps its characters in logical order but is neither reordered nor shaped.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ...errors import UsageError
from .layout import escape

Face = Literal["regular", "bold", "italic"]
_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "fonts")
_DEJAVU = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf",
           "italic": "DejaVuSans-Oblique.ttf"}
#: Characters beyond the Basic Multilingual Plane. reportlab writes the ToUnicode map of an
#: embedded subset with four hex digits per character and its CID fonts use a UCS-2
#: encoding, so such a character would leave a malformed map (an unreadable text layer) and
#: no glyph; it is drawn as U+FFFD instead, which DejaVu has and every extractor reads.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CID = {"zh": "STSong-Light", "zh-hant": "MSung-Light", "ja": "HeiseiMin-W3",
        "ko": "HYSMyeongJo-Medium"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_WIDTH_CACHE_LIMIT = 200_000  # distinct strings per font; a transcript's vocabulary is far less


@functools.cache
def _measured_class() -> type:
    """``TTFont`` whose ``stringWidth`` remembers each string's width.

    Platypus measures every word of every paragraph (and again when a paragraph is split at a
    page end); reportlab's pure-Python measure walks the string a character at a time, and
    did so ~400,000 times for a ten-hour PDF. A transcript repeats a few thousand
    distinct words, so one dictionary lookup replaces nearly every walk. The arithmetic is
    reportlab's own, so widths (and therefore line breaks and bytes) are unchanged.
    """
    from reportlab.pdfbase.ttfonts import TTFont

    class MeasuredTTFont(TTFont):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._widths: dict[str, float] = {}

        def stringWidth(self, text: str | bytes, size: float,
                        encoding: str = "utf8") -> float:
            chars = text if isinstance(text, str) else text.decode(encoding or "utf8")
            total = self._widths.get(chars)
            if total is None:
                if " " in chars and chars != " ":
                    # A line being drawn: itself unique, but made of words that are not.
                    # (Glyph widths are multiples of 1000 / unitsPerEm, a binary fraction
                    # for usual fonts, so the sum is exact in any order.)
                    pieces = chars.split(" ")
                    total = (sum(map(self._word, pieces))
                             + (len(pieces) - 1) * self._word(" "))
                else:
                    total = self._word(chars)
            return 0.001 * size * total

        def _word(self, chars: str) -> float:
            total = self._widths.get(chars)
            if total is None:
                total = sum(map(self.face.charWidths.get, map(ord, chars),
                                itertools.repeat(self.face.defaultWidth)))
                if len(self._widths) >= _WIDTH_CACHE_LIMIT:
                    self._widths.clear()
                self._widths[chars] = total
            return total

    return MeasuredTTFont


def _registered(name: str) -> bool:
    """Whether reportlab already knows ``name``, asked without ``getFont``: for an unknown
    name that searches and parses every Type 1 metrics file reportlab ships (over a hundred),
    which cost more than loading the three fonts a document actually uses."""
    from reportlab.pdfbase import pdfmetrics

    return name in pdfmetrics.getRegisteredFontNames()


def _register(name: str, path: str) -> Any:
    """Register a TrueType font once (reportlab's registry is process-wide)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    if _registered(name):
        return pdfmetrics.getFont(name)
    try:
        font = _measured_class()(name, path)
    except (OSError, TTFError) as exc:
        raise UsageError(f"font {path!r} cannot be used: {exc}") from None
    pdfmetrics.registerFont(font)
    return font


def _register_cid(name: str) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if not _registered(name):
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def _cjk_kind(cp: int) -> str | None:
    """'ko', 'ja' or 'han' for characters that need a CJK font, else None."""
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
        return "ko"
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return "ja"
    if (0x2E80 <= cp <= 0x2FDF or 0x3000 <= cp <= 0x303F or 0x3400 <= cp <= 0x4DBF
            or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF00 <= cp <= 0xFF65
            or 0x20000 <= cp <= 0x2FFFF):
        return "han"
    return None


@dataclass(slots=True)
class FontSet:
    """The fonts of one document and a per-character cache of which one draws it."""

    faces: dict[str, str]          # face → main font name
    cjk: dict[str, str]            # 'ko' / 'ja' / 'han' → font name (CID or embedded)
    main_cover: frozenset[int] | dict[int, int]
    fallback: dict[str, str]       # face → DejaVu name when the main font is the caller's
    fallback_cover: frozenset[int] | dict[int, int]
    _cache: dict[tuple[str, str], str] = field(default_factory=dict)
    _ascii_main: bool = field(init=False, default=True)

    def __post_init__(self) -> None:
        # Whether every ASCII character goes to the main face: then ASCII stretches — nearly
        # all of an English transcript — need no per-character lookup at all.
        self._ascii_main = not self.fallback or all(
            cp in self.main_cover or cp not in self.fallback_cover for cp in range(128))

    def font_for(self, char: str, face: str) -> str:
        key = (char, face)
        name = self._cache.get(key)
        if name is None:
            cp = ord(char)
            kind = _cjk_kind(cp)
            if kind is not None:
                name = self.cjk[kind]
            elif cp in self.main_cover or not self.fallback or cp not in self.fallback_cover:
                name = self.faces[face]
            else:
                name = self.fallback[face]
            self._cache[key] = name
        return name

    def runs(self, text: str, face: Face = "regular") -> list[tuple[str, str]]:
        """``text`` cut into (font name, text) runs of one font each, in order, unescaped.

        A space stays in the run it follows, so a CJK phrase and its spaces are one run.
        Characters are looked up one by one only outside ASCII (or everywhere when the
        caller's font lacks some ASCII): a regular expression finds those stretches, so an
        English paragraph with one "é" costs one lookup, not one per character.
        """
        main = self.faces[face]
        if self._ascii_main and text.isascii():
            return [(main, text)] if text else []
        text = _ASTRAL.sub("\ufffd", text)
        out: list[tuple[str, list[str]]] = []  # each run's pieces, joined once at the end
        pos = 0
        for match in _NON_ASCII.finditer(text) if self._ascii_main else ():
            if match.start() > pos:
                _add(out, main, text[pos:match.start()])
            self._per_char(match.group(), face, out)
            pos = match.end()
        if pos < len(text):
            if self._ascii_main:
                _add(out, main, text[pos:])
            else:
                self._per_char(text[pos:], face, out)
        return [(font, "".join(pieces)) for font, pieces in out]

    def _per_char(self, text: str, face: str, out: list[tuple[str, list[str]]]) -> None:
        run_font = ""
        start = 0
        for i, char in enumerate(text):
            name = self.font_for(char, face)
            if name != run_font:
                if i > start:
                    _add(out, run_font, text[start:i])
                run_font, start = name, i
        _add(out, run_font, text[start:])

    def markup(self, text: str, face: Face = "regular") -> str:
        """Paragraph markup for ``text``: escaped, one ``<font>`` per run of one font.

        Runs in the regular main font carry no tag: paragraphs use it as their base font.
        """
        plain = self.faces["regular"]
        return "".join(escape(chunk) if font == plain
                       else f'<font face="{font}">{escape(chunk)}</font>'
                       for font, chunk in self.runs(text, face))


def _add(out: list[tuple[str, list[str]]], font: str, text: str) -> None:
    """Append a run, joining the previous one if it has the same font or ``text`` is
    spaces (which any font draws, and which must not split a run of another script).

    A run is kept as its pieces: adding each piece to a growing string copied the run
    again for every accented word, quadratic in the length of a long turn.
    """
    if not text:
        return
    if out:
        last_font, pieces = out[-1]
        if last_font == font:
            pieces.append(text)
            return
        if text[0] == " ":
            body = text.lstrip(" ")
            pieces.append(text[:len(text) - len(body)])
            text = body
            if not text:
                return
    out.append((font, [text]))


def load(main: str | None, cjk: str | None, language: str | None) -> FontSet:
    """Register and return the fonts for one document (see the module docstring)."""
    loaded = {face: _register(f"TransconvDejaVu-{face}", os.path.join(_DIR, file))
              for face, file in _DEJAVU.items()}
    dejavu = {face: font.fontName for face, font in loaded.items()}
    dejavu_cover = loaded["regular"].face.charToGlyph
    if main is None:
        faces, cover, fallback = dejavu, dejavu_cover, {}
    else:
        tag = hashlib.sha1(os.path.abspath(main).encode()).hexdigest()[:8]
        font = _register(f"TransconvUser-{tag}", main)
        faces = dict.fromkeys(_DEJAVU, font.fontName)
        cover, fallback = font.face.charToGlyph, dejavu
    if cjk is not None:
        tag = hashlib.sha1(os.path.abspath(cjk).encode()).hexdigest()[:8]
        name = _register(f"TransconvCJK-{tag}", cjk).fontName
        cjk_fonts = dict.fromkeys(("ko", "ja", "han"), name)
    else:
        lang = (language or "").lower()
        han = ("ja" if lang.startswith("ja") else "ko" if lang.startswith("ko")
               else "zh-hant" if lang in ("zh-tw", "zh-hk", "zh-mo", "zh-hant") else "zh")
        cjk_fonts = {"ko": _register_cid(_CID["ko"]), "ja": _register_cid(_CID["ja"]),
                     "han": _register_cid(_CID[han])}
    return FontSet(faces, cjk_fonts, cover, fallback, dejavu_cover if fallback else {})
