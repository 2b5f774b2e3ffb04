"""Avid DS caption text (Media Composer's SubCap import), ``.txt``.

Layout: ``@`` comment lines, ``<begin subtitles>``, then per title a line ``START END``
(``HH:MM:SS:FF``, ``;`` before the frames in drop-frame), its text lines and a blank line,
and ``<end subtitles>``. A blank line ends a title. Lines before ``<begin subtitles>`` are
comments; a missing ``<begin subtitles>`` or ``<end subtitles>`` is warned about, not
refused, as SubCap's own importer is lenient about both.

The frame rate: transconv's writer states it in its ``@`` line (``@ Avid DS captions from
transconv, 29.97 fps SMPTE drop, start 01:00:00:00``), which is read, else ``--frame-rate``,
else 30 fps with a warning (:mod:`.frames`). Time codes are read as written: a file made
against a sequence that starts at ``01:00:00:00`` needs ``--timecode-offset 01:00:00:00`` to
land at media time 0, and the reader says so when the ``@`` line names such a start.

The format has no placement or styling (SubCap sets those in the effect), so titles carry no
hints.
"""

from __future__ import annotations

import re

from ...model import CaptionTrack
from ..common import ReadOptions, warn
from .cues import at_line
from .frames import TIMECODE, Entry, Stated, label_of, rate_note, track_of

__all__ = ["read", "sniff"]

_TIMES = re.compile(rf"^\s*{TIMECODE}\s+{TIMECODE}\s*$")
_BEGIN, _END = "<begin subtitles>", "<end subtitles>"
_RATE = re.compile(r"(\d{1,3}(?:\.\d{1,3})?\s*fps[^,]*)", re.IGNORECASE)
_START = re.compile(r"\bstart\s+(\d\d:\d\d:\d\d[:;]\d\d)", re.IGNORECASE)


def sniff(head: str) -> int:
    """Certain when ``<begin subtitles>`` follows nothing but ``@`` comments and blanks."""
    for line in head.splitlines():
        stripped = line.strip()
        if stripped.lower() == _BEGIN:
            return 2
        if stripped and not stripped.startswith("@"):
            return 0
    return 0


def read(text: str, options: ReadOptions, source: str) -> CaptionTrack:
    """The titles of an Avid DS caption file."""
    stated = None
    inside = ended = False
    titles: list[Entry] = []
    lines: list[str] | None = None  # the text of the open title
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        lowered = stripped.lower()
        if not inside:
            if lowered == _BEGIN:
                inside = True
                continue
            if not stripped:
                continue
            if stripped.startswith("@"):
                stated = _comment(stripped, options, source) or stated
                continue
            if _TIMES.match(line) is None:
                raise at_line(number, f"{stripped[:40]!r} comes before <begin subtitles>")
            warn(source, f"line {number}", "no <begin subtitles> line; read from here")
            inside = True
        if lowered == _END:
            ended = True
            break
        if not stripped:
            lines = None
            continue
        times = _TIMES.match(line)
        if lines is None:
            if times is None:
                raise at_line(number, f"{stripped[:40]!r} is not an Avid DS time code line "
                                      "(00:00:01:00 00:00:03:15)")
            groups = times.groups()
            lines = []
            titles.append((label_of(groups[:5], number), label_of(groups[5:], number), lines,
                           ()))
        else:
            lines.append(stripped)
    if not ended and titles:
        warn(source, "", "no <end subtitles> line; read to the end")
    return track_of(titles, stated, options, source, "the Avid DS file", noun="title")


def _comment(line: str, options: ReadOptions, source: str) -> Stated | None:
    """The rate an ``@`` line states (our writer's), warning about a start time code."""
    start = _START.search(line)
    if start is not None and options.timecode_offset is None \
            and start.group(1).replace(";", ":") != "00:00:00:00":
        warn(source, "", f"time codes count from {start.group(1)}; --timecode-offset "
             f"{start.group(1)} maps them to media time 0")
    rate = _RATE.search(line)
    return rate_note(rate.group(1)) if rate is not None else None
