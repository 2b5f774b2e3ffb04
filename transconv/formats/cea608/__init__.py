"""One CEA-608 (line 21) encoder shared by the SCC and MCC writers.

The caption pipeline folds the text to the 608 repertoire (:func:`repertoire`, from the
code table of :mod:`.text`) and cuts it into cues at 32 columns; here cue times become exact
frames at 30000/1001 with :mod:`transconv.timecode`, and decoder commands are scheduled
frame by frame (:mod:`.scheduler`). The result, a :class:`~.scheduler.Schedule`, is the same
for both files: SCC prints it as hex lines, MCC wraps each frame's word in a CDP.

The 608 choices both writers offer are one option group, :class:`Line21`; with the caption
style it makes the encoder's :class:`Settings`.
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass, field

from ...errors import DoesNotFit, UsageError
from ...model import CaptionTrack, Cue
from ...notices import logger
from ...options import help_
from ...segment import CaptionStyle
from ...text.repertoire import Folder, Repertoire
from ...timecode import Timecoder, quantize_spans
from . import codes
from .placement import BOTTOM, place_of
from .scheduler import Align, Caption, Mode, Schedule, paint_on, pop_on, roll_up
from .text import REPERTOIRE, TABLE

__all__ = ["Caption", "Line21", "Schedule", "Settings", "captions", "encode", "repertoire"]

log = logger(__name__)

#: logging.INFO, the level of the details ``-v`` shows (without importing logging here).
_DETAIL = 20

MODES: tuple[Mode, ...] = ("pop-on", "roll-up", "paint-on")
MAX_POP_ON_ROWS = 4


def default_style() -> CaptionStyle:
    """The 608 default: 32 columns, two rows."""
    return CaptionStyle(max_chars=codes.COLUMNS, max_lines=2)


@dataclass(frozen=True, slots=True)
class Line21:
    """The CEA-608 options SCC and MCC share (the ``line21`` group of their Options).

    ``mode``: ``pop-on`` (default), ``roll-up`` or ``paint-on``. ``roll_up_rows``: window
    depth for roll-up (2, 3 or 4). ``channel``: 1 (CC1, default) or 2 (CC2).
    ``horizontal_align``: ``center`` (default) or ``left`` rows (pop-on and paint-on).
    ``fallback``: what a character with no 608 form becomes (``?``; logged).
    """

    mode: Mode = field(default="pop-on", metadata=help_(
        "how captions appear: pop-on (whole captions), roll-up (rows scroll up as words "
        "come) or paint-on (words appear where they stand)"))
    roll_up_rows: int = field(default=2, metadata=help_(
        "rows of the roll-up window: 2, 3 or 4", "rows"))
    channel: int = field(default=1, metadata=help_("caption channel: 1 (CC1) or 2 (CC2)"))
    horizontal_align: Align = field(default="center", metadata=help_(
        "rows centred or at the left edge (pop-on and paint-on)"))
    fallback: str = field(default="?", metadata=help_(
        "sent for a character line 21 has no form for (each one is logged)"))

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise UsageError(f"608 mode {self.mode!r}; known: {', '.join(MODES)}")
        if self.roll_up_rows not in (2, 3, 4):
            raise UsageError(f"roll_up_rows {self.roll_up_rows} is not 2, 3 or 4")
        if self.channel not in (1, 2):
            raise UsageError(f"channel {self.channel} is not 1 or 2")
        if not self.fallback or not REPERTOIRE.issuperset(self.fallback):
            raise UsageError(f"fallback {self.fallback!r} is not CEA-608 text")


@dataclass(frozen=True, slots=True)
class Settings:
    """What the encoder needs from a writer's options: the caption style, checked against
    the 608 screen (1..32 columns, 1..4 rows), and the 608 choices."""

    style: CaptionStyle = field(default_factory=default_style)
    line21: Line21 = field(default_factory=Line21)

    def __post_init__(self) -> None:
        if not 1 <= self.style.max_chars <= codes.COLUMNS:
            raise UsageError(f"max_chars {self.style.max_chars}: a 608 row holds 1..32")
        if not 1 <= self.style.max_lines <= MAX_POP_ON_ROWS:
            raise UsageError(f"max_lines {self.style.max_lines}: 608 captions use 1..4 rows")


def _wrap(line: str, columns: int) -> list[str]:
    """Split a line wider than the screen, at spaces where possible."""
    rows: list[str] = []
    while len(line) > columns:
        cut = line.rfind(" ", 1, columns + 1)
        cut = cut if cut > 0 else columns
        rows.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    rows.append(line)
    return rows


def _fit(cue: Cue, start: int, end: int, folder: Folder, max_rows: int) -> list[Caption]:
    """The cue as captions of at most ``max_rows`` rows of 32 columns.

    The segmenter normally guarantees both; a single word wider than the screen is split,
    and a cue that then has too many rows is shown in parts that share its time.
    """
    rows: list[str] = []
    for text in cue.lines:
        # the segmenter's text is folded already, apart from anything it adds itself
        line = folder.fold(text).strip()
        if len(line) > codes.COLUMNS:
            rows += [r for r in _wrap(line, codes.COLUMNS) if r]
        elif line:
            rows.append(line)
    rows = rows or [""]
    place = place_of(cue)
    if len(rows) <= max_rows:
        return [Caption(start, end, tuple(rows), place)]
    parts = [rows[i:i + max_rows] for i in range(0, len(rows), max_rows)]
    span = max(end - start, len(parts))
    return [Caption(start + span * i // len(parts), start + span * (i + 1) // len(parts),
                    tuple(p), place) for i, p in enumerate(parts)]


_LINES = operator.attrgetter("lines")
_START = operator.attrgetter("start")


def _fit_all(cues: list[Cue], spans: list[tuple[int, int]], folder: Folder,
             max_rows: int) -> list[Caption]:
    """:func:`_fit` for every cue, checked for all cues at once where possible.

    The segmenter's lines are almost always ready as they are: 608 text, stripped, not
    empty, at most 32 columns, and at most ``max_rows`` of them. That is checked with a
    few C-level passes over all lines, and then each cue's lines become a caption's rows
    as they are (measured on the ten-hour file: 10 ms instead of 28 ms); otherwise every
    cue goes through :func:`_fit`.
    """
    per_cue = list(map(_LINES, cues))
    lines = list(itertools.chain.from_iterable(per_cue))
    if (lines and min(map(len, per_cue)) >= 1 and max(map(len, per_cue)) <= max_rows
            and "" not in lines and max(map(len, lines)) <= codes.COLUMNS
            and list(map(str.strip, lines)) == lines and not folder.needs_folding(" ".join(lines))):
        places = [place_of(cue) if cue.hints else BOTTOM for cue in cues]
        return list(map(Caption._make, zip(*zip(*spans, strict=True), per_cue, places,
                                           strict=True)))
    out: list[Caption] = []
    for cue, (start, end) in zip(cues, spans, strict=True):
        out.extend(_fit(cue, start, end, folder, max_rows))
    return out


def repertoire(settings: Settings) -> Repertoire:
    """The 608 repertoire: 32 columns of the basic, special and extended characters; any
    other character as its documented substitute, else the ``fallback``."""
    return TABLE.repertoire(settings.line21.fallback)


def captions(track: CaptionTrack, settings: Settings, coder: Timecoder,
             min_gap_frames: int = 0) -> list[Caption]:
    """The track's cues as 608-ready captions in frames (relative to the start time code),
    ``min_gap_frames`` apart where rounding would make them touch.

    The pipeline has folded the text already; a cue's line still wider than the screen or
    holding a character 608 lacks (a track rendered directly) is fitted here.
    """
    folder = Folder(repertoire(settings))
    cues = sorted(track.cues, key=_START)
    spans = quantize_spans(((c.start, c.end) for c in cues), coder, min_gap_frames)
    if spans and coder.label(spans[-1][1])[0] > 99:
        # SCC and MCC time codes have two hour digits; a longer programme cannot be labelled.
        raise DoesNotFit(f"time code {coder.format(spans[-1][1])} is past 99:59:59, the last "
                         "a CEA-608 caption file can carry")
    out = _fit_all(cues, spans, folder, settings.style.max_lines)
    count, sample = folder.unmapped()
    if count:
        log.warning("CEA-608 has no form for %d character(s) (%s); sent as %r",
                    count, sample, settings.line21.fallback)
    return out


def encode(track: CaptionTrack, settings: Settings, coder: Timecoder,
           min_gap_frames: int = 0) -> Schedule:
    """The track's 608 byte schedule on field 1 (frames relative to the start code).

    Data may begin before frame 0 when the start time code leaves room (pre-roll).
    """
    caps = captions(track, settings, coder, min_gap_frames)
    first = -coder.offset_ticks()
    line21 = settings.line21
    if line21.mode == "roll-up":
        return roll_up(caps, line21.roll_up_rows, line21.channel, first)
    if line21.mode == "paint-on":
        return paint_on(caps, line21.channel, line21.horizontal_align, first)
    sched = pop_on(caps, line21.channel, line21.horizontal_align, first)
    if sched.delayed:
        log.warning("%d caption(s) shown late: their text could not load in time",
                    sched.delayed)
        if log.isEnabledFor(_DETAIL):  # the command's -v: which captions
            late = [(cap.start, at - cap.start)
                    for cap, at in zip(caps, sched.shown, strict=False) if at > cap.start]
            for start, frames in late[:20]:
                log.info("the caption due at %s was shown %d frame(s) late",
                         coder.format(start), frames)
    return sched
