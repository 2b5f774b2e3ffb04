"""The one vocabulary of cue hints: a source's placement and styling, as readers keep them.

Every caption reader speaks this vocabulary and every caption writer reads it, so a top
subtitle in SubRip (``{\\an8}``) is a top subtitle in WebVTT, TTML, SCC or EBU STL without
any format knowing another's codes. A cue's ``hints`` are ``(name, value)`` pairs:

========== ============================================================================
name       value
========== ============================================================================
region     ``top``, ``middle`` or ``bottom``: where on the screen the cue stands
align      ``left``, ``center`` or ``right``: the lines' justification (a source's
           ``start``/``end`` are read as left/right: captions here are left-to-right)
line       ``N%``: the top of the cue's first line, from the top of the picture (0-100)
position   ``N%``: the horizontal anchor of the cue box (WebVTT ``position``)
size       ``N%``: the width of the cue box (WebVTT ``size``)
vertical   ``rl`` or ``lr``: vertical text (WebVTT ``vertical``)
italic     ``1`` when the whole cue is italic; likewise ``bold``, ``underline``, ``strike``
color      a CSS colour name in lower case, or ``#rrggbb``
x1 … y2    SubRip display coordinates in pixels, kept as read (no writer uses them)
word-times the times of a WebVTT cue's inline time stamps (see the WebVTT reader)
========== ============================================================================

A cue with ``line`` and no ``region`` (CEA-608 rows, EBU STL and CAP vertical positions)
stands where its line says: :func:`region_of` derives the region from it. A value outside
the vocabulary is a reader's defect; readers normalise with :func:`align_value` and
:func:`color_value`.

Writers call the helpers below per cue. Nearly every cue of a long file has no hints (a
transcript's cues never do), so each helper answers an empty ``hints`` first, at the cost
of one truth test.
"""

from __future__ import annotations

import re
from typing import Final

from ..model import Cue

__all__ = ["align_of", "align_value", "color_value", "faces", "hint", "is_bold",
           "is_italic", "is_underline", "percent", "region_at", "region_of"]

#: Lines whose top is above this share of the height stand at the top; below the next, at
#: the bottom. (CEA-608 rows 1-5 and teletext rows 1-8 are top; 608 rows 12-15 bottom.)
TOP_BELOW: Final = 35
BOTTOM_FROM: Final = 60
_ALIGN: Final = {"left": "left", "start": "left", "center": "center", "centre": "center",
                 "middle": "center", "right": "right", "end": "right"}
_HEX: Final = re.compile(r"#?([0-9a-f]{6})(?:[0-9a-f]{2})?|#([0-9a-f]{3})")
_RGB: Final = re.compile(r"rgba?\((\d{1,3}),(\d{1,3}),(\d{1,3})(?:,[\d.]+)?\)")
_NAME: Final = re.compile(r"[a-z]{3,20}")


def hint(cue: Cue, name: str) -> str | None:
    """The value of the cue's hint ``name``, or None."""
    if cue.hints:
        for key, value in cue.hints:
            if key == name:
                return value
    return None


def percent(value: str | None) -> int | None:
    """``"10%"`` → 10 (clamped to 0-100); None for anything else."""
    if value is None or not value.endswith("%"):
        return None
    try:
        number = float(value[:-1])
    except ValueError:
        return None
    return min(max(int(number), 0), 100) if number == number else None  # NaN is no place


def region_at(line: int) -> str:
    """The region a cue whose first line's top is at ``line`` % of the height stands in."""
    return "top" if line < TOP_BELOW else "middle" if line < BOTTOM_FROM else "bottom"


def region_of(cue: Cue) -> str:
    """``top``, ``middle`` or ``bottom`` (the default, and the answer for no hints)."""
    if not cue.hints:
        return "bottom"
    region = hint(cue, "region")
    if region in ("top", "middle", "bottom"):
        return region
    line = percent(hint(cue, "line"))
    return "bottom" if line is None else region_at(line)


def align_of(cue: Cue) -> str:
    """``left``, ``center`` or ``right`` as the source said, or ``""`` when it said nothing
    (the writer's own default then holds)."""
    return (hint(cue, "align") or "") if cue.hints else ""


def is_italic(cue: Cue) -> bool:
    return bool(cue.hints) and ("italic", "1") in cue.hints


def is_bold(cue: Cue) -> bool:
    return bool(cue.hints) and ("bold", "1") in cue.hints


def is_underline(cue: Cue) -> bool:
    return bool(cue.hints) and ("underline", "1") in cue.hints


def faces(cue: Cue, text: str) -> str:
    """``text`` inside ``<i>``, ``<b>`` and ``<u>`` as the cue's hints say: the tags SubRip
    and WebVTT share (each writer escapes the text first)."""
    if is_italic(cue):
        text = f"<i>{text}</i>"
    if is_bold(cue):
        text = f"<b>{text}</b>"
    if is_underline(cue):
        text = f"<u>{text}</u>"
    return text


def align_value(raw: str) -> str:
    """A source's alignment word in the vocabulary (``start`` → ``left``), or ``""``."""
    return _ALIGN.get(raw.strip().lower(), "")


def color_value(raw: str) -> str:
    """A source's colour in the vocabulary: ``#RRGGBB``, ``#rgb``, ``#rrggbbaa``, bare
    ``rrggbb`` and ``rgb(r, g, b)`` as ``#rrggbb``; a name in lower case; else ``""``."""
    text = raw.replace(" ", "").lower()
    hexa = _HEX.fullmatch(text)
    if hexa is not None:
        if hexa.group(1):
            return "#" + hexa.group(1)
        return "#" + "".join(2 * digit for digit in hexa.group(2))
    rgb = _RGB.fullmatch(text)
    if rgb is not None:
        return "#" + "".join(f"{min(int(part), 255):02x}" for part in rgb.groups())
    return text if _NAME.fullmatch(text) else ""
