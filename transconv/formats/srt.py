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

The markup this writer does write is its own, after the text is defused: a caption source's
placement and styling hints (:mod:`transconv.text.hints`) as ``{\\anN}`` and ``<i>`` …
(:func:`styled`). A transcript's cues carry no hints and get none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..model import CaptionTrack, Cue
from ..options import help_
from ..segment import CaptionStyle
from ..text.clock import Seconds, millis_table
from ..text.hints import align_of, color_value, faces, hint, region_of
from ..text.lines import payload_lines
from ..text.repertoire import UNICODE, Repertoire

LineEnding = Literal["crlf", "lf"]

_ARROW = re.compile(r"-[ -]+>")
#: ``{\\anN}``: the keypad row's first key by region, plus the column by alignment.
_ROW = {"bottom": 1, "middle": 4, "top": 7}
_COLUMN = {"left": 0, "center": 1, "right": 2}


@dataclass(frozen=True, slots=True)
class Options:
    """SubRip output options.

    ``style``: segmentation rules (line length, lines per cue, speaker marker ``name`` or
    ``chevrons`` for ``>> Name:``). ``line_ending``: ``crlf`` (default, what Windows tools and
    most players expect) or ``lf``. ``styling``: write a caption source's placement and
    styling hints (see :func:`styled`).
    """

    style: CaptionStyle = field(default_factory=CaptionStyle)
    line_ending: LineEnding = field(
        default="crlf", metadata=help_('line ends: CRLF (what most players expect) or LF'))
    styling: bool = field(default=True, metadata=help_(
        "a source's placement as {\\anN} and its italics, bold, underline and colour as tags"))


def defuse(line: str) -> str:
    """Remove every sequence an SRT reader or player could take for markup or timing."""
    line = line.replace("<", "‹")
    if "{" in line:
        line = line.replace("{\\", "｛\\")
    return _ARROW.sub("→", line) if ">" in line else line  # every arrow ends in ">"


def styled(cue: Cue, text: str) -> str:
    """The cue's (defused) text with its source's placement and styling, as players read it.

    Placement is an ASS override block at the start, ``{\\anN}`` with N the numeric keypad's
    place (7 8 9 top, 4 5 6 middle, 1 2 3 bottom; ffmpeg, libass, VLC, Subtitle Edit and
    pysubs2 read it), written only when it is not bottom centre (2), where every cue goes
    anyway. Italics, bold, underline and a colour wrap the whole text in ``<i>``, ``<b>``,
    ``<u>`` and ``<font color>``, the tags every SubRip player knows.
    """
    text = faces(cue, text)
    colour = hint(cue, "color")
    if colour and color_value(colour) == colour:
        text = f'<font color="{colour}">{text}</font>'
    key = _ROW[region_of(cue)] + _COLUMN.get(align_of(cue), 1)
    return text if key == 2 else f"{{\\an{key}}}{text}"


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
        text = defuse(nl.join(lines))
        if cue.hints and options.styling:
            text = styled(cue, text)
        append(f"{index}{nl}{seconds[start // 1000]}{millis[start % 1000]} --> "
               f"{seconds[end // 1000]}{millis[end % 1000]}{nl}{text}{nl}{nl}")
    return "".join(out)
