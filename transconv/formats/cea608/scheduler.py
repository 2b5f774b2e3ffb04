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
from .text import Unit, encode_rows, row_units

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
    ``starts`` holds the index of every word whose frame does not directly follow the
    previous word's (so the first, always): the gapless stretches, which writers copy
    whole instead of word by word.
    """

    frames: list[int] = field(default_factory=list)
    words: list[int] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)
    shown: list[int] = field(default_factory=list)
    delayed: int = 0
    starts: list[int] = field(default_factory=list)

    def stretches(self) -> list[int]:
        """:attr:`starts`, worked out from the frames for a schedule built without them."""
        if self.starts or not self.frames:
            return self.starts
        frames = self.frames
        return [i for i in range(len(frames)) if i == 0 or frames[i] != frames[i - 1] + 1]

    def extend(self, frame: int, words: Sequence[int], marks: Sequence[int]) -> None:
        """Append ``words`` (with their ``marks``) to consecutive frames from ``frame`` on."""
        if not self.frames or self.frames[-1] + 1 != frame:
            self.starts.append(len(self.frames))
        self.frames.extend(range(frame, frame + len(words)))
        self.words.extend(words)
        self.marks.extend(marks)

    def add(self, frame: int, unit: Unit, mark: int = PLAIN) -> None:
        """Append ``unit`` at ``frame`` (copies in the following frames)."""
        if not self.frames or self.frames[-1] + 1 != frame:
            self.starts.append(len(self.frames))
        for i, w in enumerate(unit):
            self.frames.append(frame + i)
            self.words.append(w)
            self.marks.append(mark if i == 0 else GLUE)


def _address(row: int, column: int, channel: int) -> list[Unit]:
    pac = codes.pac(row, column - column % 4, channel)
    units: list[Unit] = [(pac, pac)]
    if column % 4:
        tab = codes.tab_offset(column % 4, channel)
        units.append((tab, tab))
    return units


def _forward(units: Sequence[Unit], low: int, blocked: tuple[int, ...]) -> list[int]:
    """Start frames that pack ``units`` from ``low`` on, skipping ``blocked`` frames.

    ``blocked`` is empty or a run of consecutive frames (an EDM's two), so a unit hits it
    exactly when their spans overlap.
    """
    starts: list[int] = []
    f = low
    for unit in units:
        n = len(unit)
        while blocked and f <= blocked[-1] and blocked[0] < f + n:
            f += 1
        starts.append(f)
        f += n
    return starts


def pop_on(captions: Sequence[Caption], channel: int = 1, align: Align = "center",
           first_frame: int = 0) -> Schedule:
    """Schedule pop-on captions; ``first_frame`` is the earliest frame data may use.

    A ten-hour transcript is about ten thousand captions and half a million words, so all
    loads are built at once as flat word and mark lists (:func:`_loads`; a doubled code is
    a word followed by a ``GLUE`` mark), each caption's is a slice, and they are appended
    with list operations; units are rebuilt only on the rare path where the channel is
    full (:func:`_forward`).
    """
    out = Schedule()
    frames, words, marks, starts = out.frames, out.words, out.marks, out.starts
    eoc, edm = codes.control(Command.EOC, channel), codes.control(Command.EDM, channel)
    pair_marks = (BREAK, GLUE)
    all_words, all_marks, bounds = _loads(captions, channel, align)
    low = first_frame
    prev: tuple[int, int] | None = None  # (shown, end) of the previous caption
    at = 0  # the first row of the caption in ``bounds``
    for cap in captions:
        begin, end = bounds[at], bounds[at + (len(cap.rows) or 1)]
        at += len(cap.rows) or 1
        load_words, load_marks = all_words[begin:end], all_marks[begin:end]
        size = len(load_words)
        shown = cap.start
        clear: int | None = None  # where the previous caption's EDM goes, if it needs one
        if prev is not None:
            clear = max(prev[1], prev[0] + 2)
            if clear + 1 >= shown:  # no visible gap: the next EOC replaces the screen
                clear = None
        # Pack the load to end right before the display frame; an EDM inside that span pushes
        # the words before it two frames earlier (a doubled code that would straddle it moves
        # before it whole). ``k`` words go before the EDM: the fewest that leave a tail
        # fitting between the EDM and the display frame, cut at a unit boundary.
        k = 0
        if clear is not None and clear + 1 >= shown - size:
            k = min(max(size - (shown - clear - 2), 0), size)
            while k < size and load_marks[k] == GLUE:
                k += 1
        lowest = clear - k if clear is not None and k else shown - size
        if lowest >= low:
            # ``starts``: the first frame placed here, and the load after an EDM, may follow
            # a gap; everything else placed here is gapless by construction.
            head = clear if clear is not None and not k else lowest
            if not frames or frames[-1] + 1 != head:
                starts.append(len(frames))
            if clear is not None and k:
                frames.extend(range(clear - k, clear))
                words += load_words[:k]
                marks += load_marks[:k]
                frames += (clear, clear + 1)
                words += (edm, edm)
                marks += pair_marks
                if k < size and shown - (size - k) != clear + 2:
                    starts.append(len(frames))
                frames.extend(range(shown - (size - k), shown))
                words += load_words[k:]
                marks += load_marks[k:]
            else:
                if clear is not None:
                    frames += (clear, clear + 1)
                    words += (edm, edm)
                    marks += pair_marks
                    if shown - size != clear + 2:
                        starts.append(len(frames))
                frames.extend(range(shown - size, shown))
                words += load_words
                marks += load_marks
        else:  # the channel is full before this caption: load from the earliest free frame
            units = _units(load_words, load_marks)
            blocked = (clear, clear + 1) if clear is not None else ()
            unit_starts = _forward(units, low, blocked)
            shown = max(shown, unit_starts[-1] + len(units[-1]))
            out.delayed += 1
            # The load is gapless but for the EDM's two frames, which it skips at most once:
            # the units placed before the EDM, the EDM, then the rest.
            ahead = len(units) if clear is None else sum(s < clear for s in unit_starts)
            split = sum(map(len, units[:ahead]))
            if ahead:
                out.extend(unit_starts[0], load_words[:split], load_marks[:split])
            if clear is not None:
                out.extend(clear, (edm, edm), pair_marks)
            if ahead < len(units):
                out.extend(unit_starts[ahead], load_words[split:], load_marks[split:])
        if frames[-1] + 1 != shown:  # only after a delayed load
            starts.append(len(frames))
        frames += (shown, shown + 1)
        words += (eoc, eoc)
        marks += pair_marks
        out.shown.append(shown)
        low = shown + 2
        prev = (shown, max(cap.end, shown + 1))
    if prev is not None:
        out.add(max(prev[1], prev[0] + 2), (edm, edm), BREAK)
    return out


def _loads(captions: Sequence[Caption], channel: int,
           align: Align) -> tuple[list[int], list[int], list[int]]:
    """Every caption's pop-on load as one list of words, its marks, and bounds by row.

    A load is ``ENM ENM RCL RCL``, then per row its address (``PAC PAC [TO TO]``) and
    text; captions follow each other, so caption rows ``r`` to ``s`` hold
    ``words[bounds[r]:bounds[s]]``. The codes are handed to :func:`~.text.encode_rows` as
    bytes before each row, so all loads are built in one pass (with ``encode_rows``,
    measured: pop-on scheduling of a ten-hour transcript in 0.17 s instead of 0.22 s).
    """
    enm, rcl = codes.control(Command.ENM, channel), codes.control(Command.RCL, channel)
    opening = bytes([enm >> 8, enm & 0xFF] * 2 + [rcl >> 8, rcl & 0xFF] * 2)
    addresses: dict[tuple[int, int], bytes] = {}
    rows: list[str] = []
    heads: list[bytes] = []
    columns, bottom = codes.COLUMNS, codes.ROWS + 1
    center = align == "center"
    for cap in captions:
        row = bottom - len(cap.rows)
        head = opening
        for text in cap.rows or ("",):  # a caption without rows still opens a load
            key = (row, (columns - len(text)) // 2 if center else 0)
            address = addresses.get(key)
            if address is None:
                address = addresses[key] = b"".join(
                    w.to_bytes(2, "big") for w in _flat(_address(*key, channel))[0])
            rows.append(text)
            heads.append(head + address if cap.rows else head)
            head = b""
            row += 1
    words, copies, bounds = encode_rows(rows, channel, heads)
    marks = [PLAIN] * len(words)
    for copy in copies:
        marks[copy] = GLUE
    return words, marks, bounds


def _flat(units: Sequence[Unit]) -> tuple[list[int], list[int]]:
    """``units`` as words and marks (``GLUE`` on every copy after a unit's first word)."""
    return ([w for unit in units for w in unit],
            [GLUE if i else PLAIN for unit in units for i in range(len(unit))])


def _units(words: Sequence[int], marks: Sequence[int]) -> list[Unit]:
    """The inverse of :func:`_flat`."""
    units: list[list[int]] = []
    for w, m in zip(words, marks, strict=True):
        if m == GLUE and units:
            units[-1].append(w)
        else:
            units.append([w])
    return [tuple(u) for u in units]


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
