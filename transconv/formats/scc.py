"""SCC (Scenarist Closed Caption) writer: the 608 schedule as hex lines at 29.97 fps.

An SCC line is a time code and the words sent from that frame on, one per frame. Lines
break at every gap and before every EOC and EDM, so readers that time a whole line by its
first frame (ffmpeg) still see each caption appear and clear on the right frame. Doubled
codes are glued and never split across lines. Labels are drop-frame (``;``) by default,
which keeps them within two frames of the wall clock; non-drop (``:``,
``timecode="smpte-ndf"``) is an option; the rate is always 29.97 (:data:`TIMING`). The
file is ASCII with CRLF line ends, as broadcast tools expect.
"""

from __future__ import annotations

import array
import sys
from dataclasses import dataclass, field
from typing import Final

from ..model import CaptionTrack
from ..segment import CaptionStyle
from ..text.repertoire import Repertoire
from ..timecode import Timecoder
from .cea608 import Line21, Settings, default_style, encode
from .cea608 import repertoire as line21_repertoire
from .cea608.labels import Labeler
from .cea608.scheduler import BREAK, GLUE, Schedule
from .timing import NTSC, FrameTiming, TimingRules

RATE: Final = NTSC
#: 29.97 fps, drop-frame labels (the default) or non-drop.
TIMING: Final = TimingRules("SCC", {"smpte-df": (RATE,), "smpte-ndf": (RATE,)},
                            rates_note="SCC is 29.97 fps only")
HEADER: Final = "Scenarist_SCC V1.0"
EOL: Final = "\r\n"
#: Words per line at most (readers buffer lines; a few dozen is customary).
MAX_WORDS: Final = 32


@dataclass(frozen=True, slots=True)
class Options:
    """SCC writer options.

    ``style``: segmentation (32 columns, 2 rows by default; at most 4 rows).
    ``line21`` (:class:`~.cea608.Line21`, given flat): ``mode`` (pop-on by default),
    ``roll_up_rows``, ``channel``, ``horizontal_align``, ``fallback``.
    ``timing`` (:class:`~.timing.FrameTiming`, given flat): ``timecode`` ``smpte-df``
    (default, labels with ``;``) or ``smpte-ndf`` (``:``); ``fps`` 29.97 only;
    ``start_timecode``: time code of transcript time 0 (e.g. ``01:00:00;00``), data may
    pre-roll; ``min_gap_frames``: frames left between captions (default 0).
    """

    style: CaptionStyle = field(default_factory=default_style)
    line21: Line21 = field(default_factory=Line21)
    timing: FrameTiming = field(default_factory=FrameTiming)

    def __post_init__(self) -> None:
        self.settings()  # validate early, with the writer's error messages
        self.coder()

    def settings(self) -> Settings:
        return Settings(self.style, self.line21)

    def coder(self) -> Timecoder:
        return TIMING.coder(self.timing)


def lines(schedule: Schedule, coder: Timecoder) -> list[str]:
    """The data lines (without blank separators) for ``schedule``.

    A line starts at a gap in the frames (each stretch of
    :class:`~.cea608.scheduler.Schedule` is written on its own), at a ``BREAK`` mark, and
    after ``MAX_WORDS`` words (not inside a doubled code: ``GLUE`` words stay with their
    first copy). All words are formatted in one call (``bytes.hex``), each taking exactly
    five characters, so a line's text is one slice of it. Per line, Python does a few
    steps, not one per word: the next ``BREAK`` is found by ``bytes.find``, and the label
    comes from the current minute's table (:class:`~.cea608.labels.Labeler`), inlined.
    """
    words, marks = schedule.words, bytes(schedule.marks)
    n = len(words)
    labeler = Labeler(coder.rate, coder.drop, coder.separator, after="\t")
    suffixes = labeler.suffixes
    offset = coder.offset_ticks()
    packed = array.array("H", words)
    if sys.byteorder == "little":
        packed.byteswap()
    text = packed.tobytes().hex(" ", 2) + " "
    out: list[str] = []
    brk = 0  # the next BREAK after i (n if none)
    minute = minute_end = base = 0  # frames [minute, minute_end) have suffix frame - base
    prefix = ""
    for i, stretch_end, head in schedule.stretches():
        shift = head + offset - i  # word i + k is sent on frame i + k + shift
        while i < stretch_end:
            if brk <= i:
                brk = marks.find(BREAK, i + 1)
                if brk < 0:
                    brk = n
            stop = brk if brk < stretch_end else stretch_end
            end = i + MAX_WORDS
            if end < stop:  # full: glued copies still join their first copy
                while end < stop and marks[end] == GLUE:
                    end += 1
            else:
                end = stop
            frame = i + shift
            if not minute <= frame < minute_end:
                minute, prefix, index, count = next(labeler.minutes(frame, 1 << 62))
                minute_end, base = minute + count, minute - index
            out.append(f"{prefix}{suffixes[frame - base]}{text[5 * i:5 * end - 1]}")
            i = end
    return out


def repertoire(options: Options) -> Repertoire:
    return line21_repertoire(options.settings())


def render(track: CaptionTrack, options: Options) -> str:
    """The SCC text for the track (CRLF line ends, a blank line after each line)."""
    coder = options.coder()
    body = lines(encode(track, options.settings(), coder, options.timing.min_gap_frames), coder)
    if not body:
        return HEADER + EOL + EOL
    blank = EOL + EOL
    return HEADER + blank + blank.join(body) + blank
