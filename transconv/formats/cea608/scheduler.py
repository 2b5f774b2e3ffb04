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

import itertools
from collections.abc import MutableSequence, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal, NamedTuple

from . import codes
from .codes import Command
from .placement import BOTTOM, Place, cell
from .text import Unit, row_units, rows_data

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


class Caption(NamedTuple):
    """One caption in frames (relative to the start time code): rows already folded.

    A named tuple rather than a dataclass: ten thousand are made for a ten-hour
    transcript, and ``Caption._make`` builds one in C-level steps.
    """

    start: int
    end: int
    rows: tuple[str, ...]
    place: Place = BOTTOM  # the source's region and alignment (:mod:`.placement`)


@dataclass(slots=True)
class Schedule:
    """Words by frame, ascending, plus what happened to each caption.

    Frames are kept per gapless stretch, not per word: ``starts`` holds the index of every
    word whose frame does not directly follow the previous word's (so the first, always),
    ``heads`` that word's frame; writers copy or label whole stretches. ``shown`` is the
    frame each caption actually appeared on (pop-on: its EOC); ``delayed`` counts captions
    whose load did not fit before their own frame.
    """

    words: MutableSequence[int] = field(default_factory=list)
    marks: MutableSequence[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    shown: list[int] = field(default_factory=list)
    delayed: int = 0

    @classmethod
    def of(cls, frames: Sequence[int], words: Sequence[int],
           marks: Sequence[int]) -> Schedule:
        """A schedule from every word's frame (ascending)."""
        out = cls()
        for frame, word, mark in zip(frames, words, marks, strict=True):
            out.extend(frame, (word,), (mark,))
        return out

    @property
    def frames(self) -> list[int]:
        """Every word's frame (built on demand: half a million for a ten-hour transcript)."""
        frames: list[int] = []
        for at, end, head in self.stretches():
            frames += range(head, head + end - at)
        return frames

    def stretches(self) -> list[tuple[int, int, int]]:
        """Each gapless stretch as (index of its first word, index after its last, frame)."""
        ends = [*self.starts[1:], len(self.words)] if self.starts else []
        return list(zip(self.starts, ends, self.heads, strict=True))

    def last_frame(self) -> int:
        """The frame of the last word (the schedule must not be empty)."""
        return self.heads[-1] + len(self.words) - 1 - self.starts[-1]

    def extend(self, frame: int, words: Sequence[int], marks: Sequence[int]) -> None:
        """Append ``words`` (with their ``marks``) to consecutive frames from ``frame`` on."""
        if not self.words or self.last_frame() + 1 != frame:
            self.starts.append(len(self.words))
            self.heads.append(frame)
        self.words.extend(words)
        self.marks.extend(marks)

    def add(self, frame: int, unit: Unit, mark: int = PLAIN) -> None:
        """Append ``unit`` at ``frame`` (copies in the following frames)."""
        self.extend(frame, unit, (mark,) + (GLUE,) * (len(unit) - 1))


def _address(row: int, column: int, channel: int) -> list[Unit]:
    pac = codes.pac(row, column - column % 4, channel)
    units: list[Unit] = [(pac, pac)]
    if column % 4:
        tab = codes.tab_offset(column % 4, channel)
        units.append((tab, tab))
    return units


def pop_on(captions: Sequence[Caption], channel: int = 1, align: Align = "center",
           first_frame: int = 0) -> Schedule:
    """Schedule pop-on captions; ``first_frame`` is the earliest frame data may use.

    A ten-hour transcript is about ten thousand captions and half a million words, so
    Python works per caption, never per word: every load is built beforehand as bytes
    (:func:`_loads`), the schedule is a list of byte pieces (loads, load halves around an
    EDM, EOC and EDM pairs) joined once, and only the first frame of each gapless stretch
    is noted. Units are rebuilt only on the rare path where the channel is full
    (:func:`_delayed`). Measured on the ten-hour file: 0.05 s instead of 0.15 s.
    """
    out = Schedule()
    starts, heads, shown_at = out.starts, out.heads, out.shown
    pieces: list[bytes] = []
    breaks: list[int] = []  # the index of every EOC and EDM (first copy)
    eoc, edm = codes.control(Command.EOC, channel), codes.control(Command.EDM, channel)
    eoc2, edm2 = eoc.to_bytes(2, "big") * 2, edm.to_bytes(2, "big") * 2
    loads, all_marks, offsets = _loads(captions, channel, align)
    count = 0  # words placed so far
    follow = None  # the frame right after the last word placed
    low = first_frame  # the first frame the next load may use
    clear = _NEVER  # where the previous caption's EDM goes if a gap follows it
    for cap, (begin, end) in zip(captions, itertools.pairwise(offsets), strict=True):
        base = begin >> 1  # the load's first word in ``loads`` and ``all_marks``
        size = (end - begin) >> 1
        shown = cap.start
        lowest = shown - size  # where the load starts when packed right before its frame
        placed = None
        if lowest <= clear + 1 < shown:
            # The usual case: an EDM inside the load's span pushes the words before it two
            # frames earlier (a doubled code that would straddle it moves before it whole).
            # ``k`` words go before the EDM: the fewest that leave a tail fitting between
            # the EDM and the display frame, cut at a unit boundary.
            k = clear + 2 - lowest
            while k < size and all_marks[base + k] == GLUE:
                k += 1
            if clear - k >= low:  # inlined: two thirds of the time here
                if clear - k != follow:
                    starts.append(count)
                    heads.append(clear - k)
                breaks.append(count + k)
                pieces += (loads[begin:begin + 2 * k], edm2, loads[begin + 2 * k:end], eoc2)
                if lowest + k != clear + 2:  # the tail (or the EOC) follows a gap
                    starts.append(count + k + 2)
                    heads.append(lowest + k)
                count += size + 4
                breaks.append(count - 2)
                follow = low = shown + 2
                shown_at.append(shown)
                clear = cap.end if cap.end > low else low
                continue
        elif lowest >= low:
            load = loads[begin:end]
            placed = [(lowest, load)] if clear + 1 >= shown else [(clear, edm2), (lowest, load)]
        if placed is None:  # the channel is full before this caption: load from ``low`` on
            shown, placed = _delayed(loads[begin:end], all_marks[base:base + size], shown,
                                     None if clear + 1 >= shown else clear, low, edm2)
            out.delayed += 1
        placed.append((shown, eoc2))
        for frame, data in placed:
            if frame != follow:
                starts.append(count)
                heads.append(frame)
            if data is edm2 or data is eoc2:  # a command, not (part of) a load
                breaks.append(count)
            pieces.append(data)
            follow = frame + (len(data) >> 1)
            count += len(data) >> 1
        shown_at.append(shown)
        low = shown + 2
        clear = cap.end if cap.end > low else low
    if captions:
        if clear != follow:
            starts.append(count)
            heads.append(clear)
        breaks.append(count)
        pieces.append(edm2)
    data = b"".join(pieces)
    out.words = codes.words_of(data)
    marks = out.marks = bytearray(copy_marks(data))
    for at in breaks:
        marks[at] = BREAK
    return out


#: The EDM frame before the first caption: none (later than any caption).
_NEVER: Final = 1 << 62


def _delayed(load: bytes, load_marks: bytes, shown: int, clear: int | None, low: int,
             edm2: bytes) -> tuple[int, list[tuple[int, bytes]]]:
    """A load that cannot end before ``shown``: packed from ``low`` on, around the EDM.

    Returns the display frame (moved later) and the pieces with their frames. The load is
    gapless but for the EDM's two frames (``clear`` is never before ``low``): the words
    that fit before the EDM, cut at a unit boundary, then the EDM, then the rest.
    """
    size = len(load_marks)
    if clear is None or clear - low >= size:
        placed = [(low, load)]
        if clear is not None:
            placed.append((clear, edm2))
        return max(shown, low + size), placed
    split = clear - low
    if load_marks[split] == GLUE:  # a doubled code moves after the EDM whole
        split -= 1
    placed = [(low, load[:2 * split])] if split else []
    placed += [(clear, edm2), (clear + 2, load[2 * split:])]
    return max(shown, clear + 2 + size - split), placed


#: Per first byte of a word: 1 for a code (control, PAC, tab offset, special or extended
#: character: 0x10-0x1F without parity), 0 for text and nulls.
_IS_CODE: Final = bytes(int(0x10 <= b & 0x7F <= 0x1F) for b in range(256))


def copy_marks(data: bytes) -> bytes:
    """Per word of ``data`` (big-endian): ``GLUE`` on a doubled code's second copy, else 0.

    Every code is sent twice in a row and no other word starts with a code byte, so codes
    form runs of whole pairs; pairing each run's flags left to right (``bytes.replace``)
    marks the second copies without a step per word.
    """
    marks = data[0::2].translate(_IS_CODE).replace(b"\x01\x01", bytes((PLAIN, GLUE)))
    if 1 in marks:
        raise ValueError("a code without its copy")
    return marks


class _Heads(dict[tuple[int, int, int, Place], bytes]):
    """(rows of the caption, row number in it, text width, place) → the codes sent before
    the text.

    The first row's head opens the load (:attr:`opening`: ``ENM ENM RCL RCL``); every
    row's ends with its address (``PAC PAC [TO TO]``, :func:`.placement.cell`).
    Made on first use.
    """

    def __init__(self, channel: int, align: Align) -> None:
        super().__init__()
        enm, rcl = codes.control(Command.ENM, channel), codes.control(Command.RCL, channel)
        self.opening = enm.to_bytes(2, "big") * 2 + rcl.to_bytes(2, "big") * 2
        self.channel, self.align = channel, align

    def __missing__(self, key: tuple[int, int, int, Place]) -> bytes:
        rows, number, width, place = key
        units = _address(*cell(rows, number, width, place, self.align), self.channel)
        head = b"".join(w.to_bytes(2, "big") for unit in units for w in unit)
        if number == 0:
            head = self.opening + head
        self[key] = head
        return head


def _loads(captions: Sequence[Caption], channel: int,
           align: Align) -> tuple[bytes, bytes, list[int]]:
    """Every caption's pop-on load, as big-endian bytes in a row, their marks, and offsets.

    Caption ``i``'s load is ``data[offsets[i]:offsets[i + 1]]`` (bytes; its marks start at
    half that offset). A load is ``ENM ENM RCL RCL``, then per row its address and text
    (:class:`_Heads`). The texts of all rows are encoded at once
    (:func:`~.text.rows_data`), so a row costs a look-up and a join here.
    """
    heads = _Heads(channel, align)
    datas = iter(rows_data([text for cap in captions for text in cap.rows or ("",)], channel))
    loads: list[bytes] = []
    for cap in captions:
        rows = len(cap.rows)
        if not rows:
            loads.append(heads.opening + next(datas))
            continue
        parts: list[bytes] = []
        for number, text in enumerate(cap.rows):
            parts += (heads[rows, number, len(text), cap.place], next(datas))
        loads.append(b"".join(parts))
    data = b"".join(loads)
    return data, copy_marks(data), list(itertools.accumulate(map(len, loads), initial=0))


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
        for k, row in enumerate(cap.rows):
            lead += _address(*cell(len(cap.rows), k, len(row), cap.place, align), channel)
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
