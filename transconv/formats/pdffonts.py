"""Fonts for the PDF writer, chosen per run of text so every character has a glyph.

No single free font covers Latin, Greek, Cyrillic and CJK at a size worth shipping, so text is
split by script: CJK goes to one of reportlab's built-in CID fonts (Chinese, Japanese or Korean
by character and transcript language; not embedded, every PDF viewer provides them) or to a
TrueType file the caller supplies; everything else to the main TrueType font — the bundled
DejaVu Sans unless the caller names another, with DejaVu as fallback for what that one lacks.
Right-to-left text keeps its characters in logical order but is neither reordered nor shaped.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.sax.saxutils import escape

from ..errors import UsageError

Face = Literal["regular", "bold", "italic"]
_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fonts")
_DEJAVU = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf",
           "italic": "DejaVuSans-Oblique.ttf"}
_CID = {"zh": "STSong-Light", "zh-hant": "MSung-Light", "ja": "HeiseiMin-W3",
        "ko": "HYSMyeongJo-Medium"}


def _register(name: str, path: str) -> Any:
    """Register a TrueType font once (reportlab's registry is process-wide)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        return pdfmetrics.getFont(name)
    except KeyError:
        pass
    try:
        font = TTFont(name, path)
    except (OSError, TTFError) as exc:
        raise UsageError(f"font {path!r} cannot be used: {exc}") from None
    pdfmetrics.registerFont(font)
    return font


def _register_cid(name: str) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    try:
        pdfmetrics.getFont(name)
    except KeyError:
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

    def markup(self, text: str, face: Face = "regular") -> str:
        """Paragraph markup for ``text``: escaped, one ``<font>`` per run of one font.

        Runs in the regular main font carry no tag: paragraphs use it as their base font,
        and fewer tags keep reportlab's markup parser fast on long transcripts.
        """
        plain = self.faces["regular"]
        if text.isascii():
            name = self.faces[face]
            return escape(text) if name == plain else f'<font face="{name}">{escape(text)}</font>'
        out: list[str] = []
        run_font = ""
        start = 0
        for i, char in enumerate(text):
            name = run_font if char == " " and run_font else self.font_for(char, face)
            if name != run_font:
                if i > start:
                    out.append(_tagged(text[start:i], run_font, plain))
                run_font, start = name, i
        out.append(_tagged(text[start:], run_font, plain))
        return "".join(out)


def _tagged(text: str, font: str, plain: str) -> str:
    return escape(text) if font == plain else f'<font face="{font}">{escape(text)}</font>'


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
