"""SubRip (``.srt``): numbered caption cues, written by hand.

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

import re
from dataclasses import dataclass, field
from typing import Literal

from ..model import CaptionTrack
from ..options import help_
from ..segment import CaptionStyle
from ..text.clock import Seconds, millis_table
from ..text.lines import payload_lines
from ..text.repertoire import UNICODE, Repertoire

LineEnding = Literal["crlf", "lf"]

_ARROW = re.compile(r"-[ -]+>")


@dataclass(frozen=True, slots=True)
class Options:
    """SubRip output options.

    ``style``: segmentation rules (line length, lines per cue, speaker marker ``name`` or
    ``chevrons`` for ``>> Name:``). ``line_ending``: ``crlf`` (default, what Windows tools and
    most players expect) or ``lf``.
    """

    style: CaptionStyle = field(default_factory=CaptionStyle)
    line_ending: LineEnding = field(
        default="crlf", metadata=help_('line ends: CRLF (what most players expect) or LF'))


def defuse(line: str) -> str:
    """Remove every sequence an SRT reader or player could take for markup or timing."""
    line = line.replace("<", "‹")
    if "{" in line:
        line = line.replace("{\\", "｛\\")
    return _ARROW.sub("→", line) if ">" in line else line  # every arrow ends in ">"


def repertoire(options: Options) -> Repertoire:
    """SubRip is UTF-8 text: every character."""
    return UNICODE


def render(track: CaptionTrack, options: Options) -> str:
    """The track as SubRip text: index from 1, ``HH:MM:SS,mmm``, blank line after each cue."""
    nl = "\r\n" if options.line_ending == "crlf" else "\n"
    cues = sorted(track.cues, key=lambda cue: cue.start)
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
