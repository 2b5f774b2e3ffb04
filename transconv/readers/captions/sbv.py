"""YouTube SubViewer (``.sbv``): a time line ``0:00:01.000,0:00:03.500``, text lines, a blank.

YouTube's caption editor downloads this shape; older SubViewer files add a ``[INFORMATION]``
header and write ``[br]`` for a line break inside one text line. Both are accepted. A cue
lasts from its first time to its second; a text line before any time line is an error
naming its line, and a time line with no text after it is an empty cue (dropped).
"""

from __future__ import annotations

import re

from ...model import CaptionTrack
from ..common import ReadOptions
from .clock import CLOCK, ms_of
from .cues import TrackBuilder, at_line

__all__ = ["read", "sniff"]

_TIMES = re.compile(rf"^\s*{CLOCK}\s*,\s*{CLOCK}\s*$")
_HEADER = re.compile(r"^\[[A-Z ]+\]$")
_BREAK = re.compile(r"\[br\]", re.IGNORECASE)


def sniff(head: str) -> int:
    """Certain when the first non-blank line is a SubViewer time line, or when an old
    ``[INFORMATION]`` header (lines opening with ``[``) comes before it."""
    header = False
    for line in head.splitlines():
        stripped = line.strip()
        if stripped.upper() == "[INFORMATION]":
            header = True
        elif stripped and not (header and stripped.startswith("[")):
            return 2 if _TIMES.match(line) else 0
    return 0


def read(text: str, options: ReadOptions, source: str) -> CaptionTrack:
    """The cues of a SubViewer file."""
    builder = TrackBuilder(dash_speakers=options.dash_speakers)
    start = end = -1
    lines: list[str] = []
    header = True
    for number, line in enumerate(text.splitlines(), 1):
        times = _TIMES.match(line)
        if times is not None:
            header = False
            if start >= 0:
                builder.add(start, end, lines)
            groups = times.groups()
            start, end = ms_of(groups[:4]), ms_of(groups[4:])
            if end < start:
                raise at_line(number, f"the cue ends ({line.split(',')[1].strip()}) before it "
                                      "starts")
            lines = []
        elif not line.strip():
            continue
        elif header and (_HEADER.match(line.strip()) or line.startswith("[")
                         or (start < 0 and "]" in line)):
            continue  # the [INFORMATION] block of old SubViewer files
        elif start < 0:
            raise at_line(number, f"{line.strip()[:40]!r} is not a SubViewer time line "
                                  "(0:00:01.000,0:00:03.500)")
        else:
            lines.extend(_BREAK.split(line))
    if start >= 0:
        builder.add(start, end, lines)
    return builder.track()
