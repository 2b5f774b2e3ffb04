"""SubRip (``.srt``): numbered caption cues from the segmenter, written by hand.

SubRip has no escape mechanism, and readers disagree about what counts as markup: players
treat ``<word>`` as a tag and ``{\\an8}`` as a positioning code, and webvtt-py removes anything
between ``<`` and the next ``>`` on a line. So rather than "escape", this writer makes sure no
reader can find markup: every ``<`` becomes ``‹`` (U+2039), the ``{`` of ``{\\`` becomes ``｛``
(U+FF5B), and arrows (``-->``, ``- >``) that a lenient reader could take for a timing line
become ``→``. Control characters go; a line break inside a line starts a new line; empty lines
are dropped, because a blank line ends a cue.

We write the text ourselves instead of going through pysrt: it is a joined list (fast on
ten-hour files), it gives exact control over CRLF and the absence of a BOM, and pysrt would
write tag-like text through unchanged anyway.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from ..model import Transcript
from ..segment import CaptionStyle, segment

LineEnding = Literal["crlf", "lf"]

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ARROW = re.compile(r"-[ -]+>")
_SPACES = re.compile(r" {2,}")


@dataclass(frozen=True, slots=True)
class Options:
    """SubRip output options.

    ``style``: segmentation rules (line length, lines per cue, speaker marker ``name`` or
    ``chevrons`` for ``>> Name:``). ``line_ending``: ``crlf`` (default, what Windows tools and
    most players expect) or ``lf``.
    """

    style: CaptionStyle = field(default_factory=CaptionStyle)
    line_ending: LineEnding = "crlf"


def clock(ms: int, separator: str) -> str:
    """``HH:MM:SS<sep>mmm`` from integer milliseconds; negatives clamp to 0, hours may exceed 99."""
    seconds, millis = divmod(max(ms, 0), 1000)
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    return f"{hours:02}:{mins:02}:{secs:02}{separator}{millis:03}"


@functools.cache
def _minutes_seconds() -> list[str]:
    """``:MM:SS`` for the 3,600 seconds of an hour, made once per process."""
    two_digits = [f"{n:02}" for n in range(60)]
    return [f":{mm}:{ss}" for mm in two_digits for ss in two_digits]


class Seconds(dict[int, str]):
    """Whole seconds → ``HH:MM:SS``, made on first use, for writing many cue times.

    A ten-hour file has some 17,000 cue times; looking the seconds up (a C-level subscript,
    ``__missing__`` only on a miss) and appending the milliseconds from a table is a third
    of the cost of :func:`clock`'s three ``divmod`` calls and format. A miss fills the whole
    hour with one concatenation per second: formatting each second on its own miss was
    10 ms of the TTML writer on a ten-hour file, the hour at a time 2 ms.
    """

    __slots__ = ()

    def __missing__(self, seconds: int) -> str:
        if seconds < 0:
            minutes, secs = divmod(seconds, 60)
            hours, mins = divmod(minutes, 60)
            text = self[seconds] = f"{hours:02}:{mins:02}:{secs:02}"
            return text
        hour = seconds // 3600
        label = f"{hour:02}"
        first = hour * 3600
        self.update(zip(range(first, first + 3600),
                        [label + rest for rest in _minutes_seconds()], strict=True))
        return self[seconds]


def millis_table(separator: str) -> list[str]:
    """``separator + "mmm"`` for 0..999: with :class:`Seconds`, ``clock`` as two lookups."""
    return [f"{separator}{millis:03}" for millis in range(1000)]


def payload_lines(lines: tuple[str, ...] | list[str]) -> list[str]:
    """Cue lines that cannot break a cue block: one line each, no controls, none empty.

    Embedded line breaks (any that ``str.splitlines`` knows) split a line; a tab becomes a
    space; other C0/C1 controls and DEL are removed; runs of spaces collapse (a double space
    is never meant in a caption); lines that end up blank are dropped.
    """
    out: list[str] = []
    for line in lines:
        if line.isprintable():
            # The usual case (segmenter output): no line break, control or tab, and the
            # only whitespace is U+0020, so trimming is a strip, and a split and join is
            # needed only where a space is doubled (a quarter of the cost, measured).
            line = line.strip(" ")
            if "  " in line:
                line = " ".join(line.split())
            if line:
                out.append(line)
            continue
        for piece in line.splitlines():
            cleaned = _SPACES.sub(" ", _CONTROLS.sub("", piece.replace("\t", " "))).strip()
            if cleaned:
                out.append(cleaned)
    return out


def defuse(line: str) -> str:
    """Remove every sequence an SRT reader or player could take for markup or timing."""
    line = line.replace("<", "‹")
    if "{" in line:
        line = line.replace("{\\", "｛\\")
    return _ARROW.sub("→", line) if ">" in line else line  # every arrow ends in ">"


def write(transcript: Transcript, options: Options) -> str:
    """The transcript as SubRip text: index from 1, ``HH:MM:SS,mmm``, blank line after each cue."""
    nl = "\r\n" if options.line_ending == "crlf" else "\n"
    cues = sorted(segment(transcript, options.style), key=lambda cue: cue.start)
    seconds, millis = Seconds(), millis_table(",")
    out: list[str] = []
    append = out.append
    index = 0
    for cue in cues:
        lines = payload_lines(cue.lines)
        if not lines:
            continue
        index += 1
        start = max(cue.start, 0)
        end = max(cue.end, start + 1)  # a zero-length cue is never shown; keep it positive
        # Payload lines hold no line break and nothing defuse looks for spans one, so the
        # cue's text is defused in one call rather than one per line.
        append(f"{index}{nl}{seconds[start // 1000]}{millis[start % 1000]} --> "
               f"{seconds[end // 1000]}{millis[end % 1000]}{nl}{defuse(nl.join(lines))}{nl}{nl}")
    return "".join(out)
