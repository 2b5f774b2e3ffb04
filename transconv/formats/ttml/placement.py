"""A caption source's placement and styling in TTML and DFXP: regions and ``tts:`` attributes.

Every document has a ``bottom`` region, referenced from ``<body>``. When a cue's hints
(:mod:`transconv.text.hints`) put it at the top or in the middle of the screen, the
document declares a ``top`` or ``middle`` region of the same size beside it, and then every
``<p>`` names its region and ``<body>`` none: content flows into a region only when no
ancestor names another (TTML 1 §9.3), so a ``<p region="top">`` inside
``<body region="bottom">`` would be shown nowhere. Alignment other than the default
style's centre becomes ``tts:textAlign`` on the ``<p>``, and italics, bold, underline and a
colour the ``tts:fontStyle``, ``tts:fontWeight``, ``tts:textDecoration`` and ``tts:color``
a ``<p>`` may carry (TTML 1 §8.2, inline styling, which IMSC 1 allows too). Only written where the
document has styling at all (legacy DFXP without a styling namespace gets none).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from ...model import Cue
from ...text.hints import align_of, color_value, hint, is_bold, is_italic, is_underline, region_of

__all__ = ["Attributes", "attributes", "regions", "used_regions"]

#: A ``<p>``'s extra attributes in order: ``region`` or ``tts:`` + a local name, and value.
#: Values come from the hint vocabulary (words, ``#rrggbb``), so they never need escaping.
Attributes = tuple[tuple[str, str], ...]

#: The colour names TTML 1 defines (§10.3.5); any other colour is written as ``#rrggbb``
#: only when the source gave it so, else left out.
_BOTTOM: Final[Attributes] = (("region", "bottom"),)
_NAMED: Final = frozenset({
    "transparent", "black", "silver", "gray", "white", "maroon", "red", "purple", "fuchsia",
    "magenta", "green", "lime", "olive", "yellow", "navy", "blue", "teal", "aqua", "cyan"})


def attributes(cue: Cue, regions: bool) -> Attributes:
    """The ``<p>`` attributes the cue's hints ask for (none for a cue without hints), led by
    its region when the document has several (``regions``)."""
    if not cue.hints:
        return _BOTTOM if regions else ()
    out: list[tuple[str, str]] = []
    region = region_of(cue)
    if regions:
        out.append(("region", region))
    align = align_of(cue)
    if align in ("left", "right"):
        out.append(("tts:textAlign", align))
    if is_italic(cue):
        out.append(("tts:fontStyle", "italic"))
    if is_bold(cue):
        out.append(("tts:fontWeight", "bold"))
    if is_underline(cue):
        out.append(("tts:textDecoration", "underline"))
    colour = hint(cue, "color")
    if colour and color_value(colour) == colour and (colour[0] == "#" or colour in _NAMED):
        out.append(("tts:color", colour))
    return tuple(out)


def used_regions(cues: Iterable[Cue]) -> set[str]:
    """The regions besides ``bottom`` that ``cues`` stand in."""
    return {region for cue in cues if cue.hints and (region := region_of(cue)) != "bottom"}


def regions(height: int, used: set[str]) -> list[tuple[str, str, str, str]]:
    """(id, ``tts:origin``, ``tts:extent``, ``tts:displayAlign``) of every region, bottom
    first; ``height`` is the percentage each is high. The top one starts 10 % from the top,
    inside the same safe area as the bottom one's end 10 % from the bottom."""
    out = [("bottom", f"10% {90 - height}%", f"80% {height}%", "after")]
    if "top" in used:
        out.append(("top", "10% 10%", f"80% {height}%", "before"))
    if "middle" in used:
        out.append(("middle", f"10% {50 - height // 2}%", f"80% {height}%", "center"))
    return out
