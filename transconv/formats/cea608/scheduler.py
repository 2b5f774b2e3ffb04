"""Frame scheduling: captions with display/clear frames → one word per frame on line 21.

Line 21 carries one word per frame, so "show this text from frame D to frame E" has to
become a timetable of decoder commands that respects the channel's bandwidth. Frames are
integers at 30000/1001 (computed once in :mod:`transconv.timecode`), so nothing here can
drift: every caption is scheduled against its own exact frame, never against where the
previous one ended.

Pop-on (default). Each caption is loaded into non-displayed memory (``ENM ENM RCL RCL``,
then per row ``PAC PAC [TO TO] text``) and shown by ``EOC`` at exactly its display frame
D; ``EDM`` at its end frame clears the screen when a gap follows. The load is packed as
late as possible before D and moves earlier past frames already taken (the previous
caption's EDM), down to the frame after the previous caption's EOC — before that, the
non-displayed memory still holds the previous caption. Only if the load cannot fit in
that window is D delayed, by exactly the missing frames; the next caption is again
scheduled at its own frame, so a delay never propagates unless the channel is genuinely
full (see :attr:`Schedule.delayed`).

Roll-up and paint-on show text as it arrives: each row's lead-in (``CR``/``PAC`` or
``EDM``/``RDC``/``PAC``) is sent just before the row's frame and its text from that frame on.

Doubled codes are units that always occupy two consecutive frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from . import codes
from .codes import Command
from .text import Unit, row_units

Mode = Literal["pop-on", "roll-up", "paint-on"]
Align = Literal["center", "left"]

#: Marks on scheduled words: may continue a line, must start a line (EOC, EDM, the first
#: text of a roll-up/paint-on row: readers that time a whole line by its first frame then
#: time it right), or glued to the previous word (second copy of a doubled code).
PLAIN: Final = 0
BREAK: Final = 1
GLUE: Final = 2

#: Roll-up and paint-on clear the screen (EDM) only before a pause longer than this many
#: frames; shorter pauses would just blink (roll-up scrolls on, paint-on erases the old
#: caption in the next one's lead-in).
ROLL_UP_PAUSE: Final = 6
PAINT_ON_PAUSE: Final = 12


@dataclass(frozen=True, slots=True)
class Caption:
    """One caption in frames (relative to the start time code): rows already folded."""

    start: int
    end: int
    rows: tuple[str, ...]


@dataclass(slots=True)
class Schedule:
    """Words by frame, ascending, plus what happened to each caption.

    ``shown`` is the frame each caption actually appeared on (pop-on: its EOC);
    ``delayed`` counts captions whose load did not fit before their own frame.
    """

    frames: list[int] = field(default_factory=list)
    words: list[int] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)
    shown: list[int] = field(default_factory=list)
    delayed: int = 0

    def add(self, frame: int, unit: Unit, mark: int = PLAIN) -> None:
        """Append ``unit`` at ``frame`` (copies in the following frames)."""
        for i, w in enumerate(unit):
            self.frames.append(frame + i)
            self.words.append(w)
            self.marks.append(mark if i == 0 else GLUE)


def _rows(rows: Sequence[str], channel: int, align: Align, bottom: int) -> list[Unit]:
    """Load units for ``rows`` ending on row ``bottom``: PAC (+ tab offset) and text."""
    units: list[Unit] = []
    first = bottom - len(rows) + 1
    for i, text in enumerate(rows):
        column = (codes.COLUMNS - len(text)) // 2 if align == "center" else 0
        units.extend(_address(first + i, column, channel))
        units.extend(row_units(text, channel))
    return units


def _address(row: int, column: int, channel: int) -> list[Unit]:
    pac = codes.pac(row, column - column % 4, channel)
    units: list[Unit] = [(pac, pac)]
    if column % 4:
        tab = codes.tab_offset(column % 4, channel)
        units.append((tab, tab))
    return units


def _forward(units: Sequence[Unit], low: int, blocked: tuple[int, ...]) -> list[int]:
    """Start frames that pack ``units`` from ``low`` on, skipping ``blocked`` frames."""
    starts: list[int] = []
    f = low
    for unit in units:
        n = len(unit)
        while blocked and any(f <= b < f + n for b in blocked):
            f += 1
        starts.append(f)
        f += n
    return starts


def _split(units: Sequence[Unit], room: int) -> int:
    """Index of the first unit of the longest tail of ``units`` that fits in ``room`` frames."""
    k, used = len(units), 0
    while k and used + len(units[k - 1]) <= room:
        k -= 1
        used += len(units[k])
    return k


def pop_on(captions: Sequence[Caption], channel: int = 1, align: Align = "center",
           first_frame: int = 0) -> Schedule:
    """Schedule pop-on captions; ``first_frame`` is the earliest frame data may use."""
    out = Schedule()
    enm, rcl = codes.control(Command.ENM, channel), codes.control(Command.RCL, channel)
    eoc, edm = codes.control(Command.EOC, channel), codes.control(Command.EDM, channel)
    head: list[Unit] = [(enm, enm), (rcl, rcl)]
    low = first_frame
    prev: tuple[int, int] | None = None  # (shown, end) of the previous caption
    for cap in captions:
        clear: int | None = None  # where the previous caption's EDM goes, if it needs one
        if prev is not None:
            clear = max(prev[1], prev[0] + 2)
            if clear + 1 >= cap.start:  # no visible gap: the next EOC replaces the screen
                clear = None
        units = head + _rows(cap.rows, channel, align, codes.ROWS)
        size = sum(len(u) for u in units)
        shown = cap.start
        # Pack the load to end right before the display frame; an EDM inside that span pushes
        # the units before it two frames earlier (a doubled unit that would straddle it moves
        # before it whole).
        inside = clear is not None and clear + 1 >= shown - size
        k = _split(units, shown - clear - 2) if clear is not None and inside else 0
        before = sum(len(u) for u in units[:k])
        lowest = clear - before if clear is not None and k else shown - size
        if lowest >= low:
            if clear is not None and k:
                _put(out, clear - before, units[:k])
                out.add(clear, (edm, edm), BREAK)
                _put(out, shown - (size - before), units[k:])
            else:
                if clear is not None:
                    out.add(clear, (edm, edm), BREAK)
                _put(out, shown - size, units)
        else:  # the channel is full before this caption: load from the earliest free frame
            blocked = (clear, clear + 1) if clear is not None else ()
            starts = _forward(units, low, blocked)
            shown = max(shown, starts[-1] + len(units[-1]))
            out.delayed += 1
            placed = [(s, u, PLAIN) for s, u in zip(starts, units, strict=True)]
            if clear is not None:
                placed.append((clear, (edm, edm), BREAK))
            placed.sort(key=lambda item: item[0])
            for frame, unit, mark in placed:
                out.add(frame, unit, mark)
        out.add(shown, (eoc, eoc), BREAK)
        out.shown.append(shown)
        low = shown + 2
        prev = (shown, max(cap.end, shown + 1))
    if prev is not None:
        out.add(max(prev[1], prev[0] + 2), (edm, edm), BREAK)
    return out


def _put(out: Schedule, frame: int, units: Sequence[Unit]) -> None:
    """Append ``units`` in consecutive frames from ``frame``."""
    words = [w for unit in units for w in unit]
    out.frames.extend(range(frame, frame + len(words)))
    out.words.extend(words)
    out.marks.extend([GLUE if i else PLAIN for unit in units for i in range(len(unit))])


def _row_frames(cap: Caption) -> list[int]:
    """When each row of a roll-up/paint-on caption is due: spread by characters."""
    total = sum(len(r) for r in cap.rows) or 1
    span = max(cap.end - cap.start, 0)
    frames, before = [], 0
    for row in cap.rows:
        frames.append(cap.start + span * before // total)
        before += len(row)
    return frames


def roll_up(captions: Sequence[Caption], depth: int = 2, channel: int = 1,
            first_frame: int = 0) -> Schedule:
    """Schedule roll-up captions in a ``depth``-row window on the bottom row."""
    if depth not in (2, 3, 4):
        raise ValueError(f"roll-up depth {depth} is not 2, 3 or 4")
    out = Schedule()
    ru = codes.control((Command.RU2, Command.RU3, Command.RU4)[depth - 2], channel)
    cr, edm = codes.control(Command.CR, channel), codes.control(Command.EDM, channel)
    pac = codes.pac(codes.ROWS, 0, channel)
    free = first_frame
    lead: list[Unit] = [(ru, ru)]  # the mode is selected once, before the first row
    for i, cap in enumerate(captions):
        for k, (row, due) in enumerate(zip(cap.rows, _row_frames(cap), strict=True)):
            lead += [(cr, cr), (pac, pac)]
            text_at, free = _lead_then_text(out, lead, row_units(row, channel), due, free)
            lead = []
            if k == 0:
                out.shown.append(text_at)
        nxt = captions[i + 1].start if i + 1 < len(captions) else None
        if nxt is None or max(cap.end, free) + ROLL_UP_PAUSE < nxt:
            at = max(cap.end, free)
            out.add(at, (edm, edm), BREAK)
            free = at + 2
    return out


def paint_on(captions: Sequence[Caption], channel: int = 1, align: Align = "center",
             first_frame: int = 0) -> Schedule:
    """Schedule paint-on captions: each appears as it is written, from its frame on."""
    out = Schedule()
    rdc, edm = codes.control(Command.RDC, channel), codes.control(Command.EDM, channel)
    free = first_frame
    dirty = False  # something is on screen that the next caption must erase first
    for i, cap in enumerate(captions):
        lead: list[Unit] = [(edm, edm)] if dirty else []
        lead.append((rdc, rdc))
        first = codes.ROWS - len(cap.rows) + 1
        for k, row in enumerate(cap.rows):
            column = (codes.COLUMNS - len(row)) // 2 if align == "center" else 0
            lead += _address(first + k, column, channel)
            text_at, free = _lead_then_text(out, lead, row_units(row, channel), cap.start, free)
            lead = []
            if k == 0:
                out.shown.append(text_at)
        dirty = True
        nxt = captions[i + 1].start if i + 1 < len(captions) else None
        if nxt is None or max(cap.end, free) + PAINT_ON_PAUSE < nxt:
            at = max(cap.end, free)
            out.add(at, (edm, edm), BREAK)
            free = at + 2
            dirty = False
    return out


def _lead_then_text(out: Schedule, lead: list[Unit], text: list[Unit], due: int,
                    free: int) -> tuple[int, int]:
    """Send ``lead`` to end just before ``due`` (not before ``free``), then ``text``.

    Returns the frame of the first text word and the next free frame.
    """
    size = sum(len(u) for u in lead)
    f = max(free, due - size)
    for unit in lead:
        out.add(f, unit)
        f += len(unit)
    f = max(f, due)
    text_at = f
    mark = BREAK
    for unit in text:
        out.add(f, unit, mark)
        mark = PLAIN
        f += len(unit)
    return text_at, f
