"""Where a 608 caption's rows go on the 15 × 32 screen: its source's region and alignment.

A caption source's hints (:mod:`transconv.text.hints`) put a cue at the top, in the middle
or at the bottom (the default) and its lines at the left, centre or right. Pop-on and
paint-on captions address every row with a PAC (and a tab offset), so both can follow them:
a top caption starts on row 1, the first of the safe caption area; a middle one is centred
on row 8; a bottom one ends on row 15. A left row starts at column 0, a right one ends at
column 32, a centred one is centred; a cue without alignment takes the writer's
``horizontal_align``. Roll-up captions scroll on the bottom rows whatever the hints say.
Italics are left out: the italics PAC always starts at column 0 and the italics mid-row
code takes a cell of its own, so neither fits a centred row without moving it.
"""

from __future__ import annotations

from typing import Final

from ...model import Cue
from ...text.hints import align_of, region_of
from . import codes

__all__ = ["BOTTOM", "Place", "cell", "place_of"]

#: (region, alignment) from a cue's hints; alignment ``""`` is the writer's option.
Place = tuple[str, str]
BOTTOM: Final[Place] = ("bottom", "")
TOP_ROW: Final = 1
MIDDLE_ROW: Final = 8


def place_of(cue: Cue) -> Place:
    """The cue's place (:data:`BOTTOM` for a cue without hints, nearly every cue)."""
    return (region_of(cue), align_of(cue)) if cue.hints else BOTTOM


def cell(rows: int, number: int, width: int, place: Place, align: str) -> tuple[int, int]:
    """(row 1-15, column 0-31) where row ``number`` of a caption of ``rows`` rows starts,
    given its text's ``width``, its ``place`` and the writer's default ``align``."""
    region, own = place
    if region == "top":
        row = TOP_ROW + number
    elif region == "middle":
        row = MIDDLE_ROW - rows // 2 + number
    else:
        row = codes.ROWS + 1 - rows + number
    chosen = own or align
    if chosen == "left":
        return row, 0
    if chosen == "right":
        return row, codes.COLUMNS - width
    return row, (codes.COLUMNS - width) // 2
