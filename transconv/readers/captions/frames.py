"""``HH:MM:SS:FF`` time codes of the frame-text caption files (Spruce STL, Avid DS, Avid DVD).

These files count frames, and most of them do not say at what rate. A reader therefore
collects its entries' labels first and converts them once the rate is settled
(:func:`settle`): the rate the file states (our writers note it in a comment), else the one
the caller gives (``--frame-rate``), else 30 fps with a warning, since a guessed rate moves
every cue. The labels mean what the format note (§0.1) calls them:

- at an integer rate, wall clock and SMPTE agree: the seconds and the frame of that second;
- at 29.97/59.94 a file that says ``wall clock`` is read as wall clock (what our writers
  write by default), one that says drop-frame, or writes ``;`` before the frames, as SMPTE
  drop-frame, and anything else as SMPTE non-drop (what editing tools write).

A frame number past the last of a second (``00:00:01:25`` at 25 fps, which old Subtitle
Edit exports wrote) is carried into the next second with a warning rather than refused, as
other readers do. All arithmetic is on integers and exact fractions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ...errors import UsageError
from ...model import CaptionTrack
from ...timecode import TimecodeMode, frame_rate, frame_to_ms, label_to_frame, nominal_fps
from ..common import ReadOptions, warn
from .cues import TrackBuilder, at_line

__all__ = ["TIMECODE", "Entry", "FrameClock", "Label", "Stated", "entry_groups", "label_of",
           "rate_note", "settle", "track_of"]

#: One time code: hours, minutes, seconds, the separator before the frames, frames.
TIMECODE = r"(\d{1,3}):([0-5]\d):([0-5]\d)([:;.])(\d{2,3})"
#: ``29.97 DF``, ``25``, ``29.97 fps SMPTE drop``, ``30 wall clock`` as our writers note a rate.
_NOTE = re.compile(r"(\d{1,3}(?:\.\d{1,3})?)\s*(?:fps)?\s*(.*)$", re.IGNORECASE)
_DEFAULT = Fraction(30)

#: A rate a file states, and the labelling mode when it says that too.
Stated = tuple[Fraction, TimecodeMode | None]


@dataclass(frozen=True, slots=True)
class Label:
    """One time code as written: its four numbers and whether ``;`` came before the frames."""

    hh: int
    mm: int
    ss: int
    ff: int
    semicolon: bool
    line: int


#: One entry as read, before the rate is settled: start and end labels, lines and hints.
Entry = tuple[Label, Label, list[str], tuple[tuple[str, str], ...]]


def label_of(groups: tuple[str, ...], line: int) -> Label:
    """The label from the five groups a :data:`TIMECODE` match captured."""
    hh, mm, ss, sep, ff = groups
    return Label(int(hh), int(mm), int(ss), int(ff), sep == ";", line)


def entry_groups(pattern: re.Pattern[str], line: str, number: int,
                 what: str) -> tuple[str | Any, ...]:
    """The groups of an entry line (None for an optional group it lacks), else the one-line
    error for line ``number``, naming ``what`` the line is not (with an example)."""
    entry = pattern.match(line)
    if entry is None:
        raise at_line(number, f"{line.strip()[:40]!r} is not {what}")
    return entry.groups()


def rate_note(text: str) -> Stated | None:
    """The rate and mode a note such as ``29.97 DF`` gives, or None when it gives none.

    >>> rate_note("29.97 DF")
    (Fraction(30000, 1001), 'smpte-df')
    """
    match = _NOTE.match(text.strip())
    if match is None:
        return None
    try:
        rate = frame_rate(match.group(1))
    except UsageError:
        return None
    words = match.group(2).lower()
    mode: TimecodeMode | None = None
    if "wall" in words:
        mode = "wallclock"
    elif "non" in words or "ndf" in words:
        mode = "smpte-ndf"
    elif "drop" in words or re.search(r"\bdf\b", words):
        mode = "smpte-df"
    if mode == "smpte-df" and (rate.denominator != 1001 or nominal_fps(rate) % 30):
        mode = None  # drop-frame exists at 29.97 and 59.94 only
    return rate, mode


@dataclass(slots=True)
class FrameClock:
    """Labels → milliseconds at one rate; ``mode`` None lets each label's separator choose
    between drop-frame and non-drop (NTSC rates only)."""

    rate: Fraction
    mode: TimecodeMode | None
    warned: bool = False

    @property
    def ntsc(self) -> bool:
        """Whether the rate has drop-frame labels (29.97, 59.94)."""
        return self.rate.denominator == 1001 and nominal_fps(self.rate) % 30 == 0

    def drop(self, labels: list[Label]) -> bool:
        """Whether the file's labels are drop-frame (what the track records)."""
        if self.mode is not None:
            return self.mode == "smpte-df"
        return self.ntsc and any(label.semicolon for label in labels)

    def ms(self, label: Label, source: str) -> int:
        """The time ``label`` names; a label drop-frame time code skips is an error."""
        nominal, ntsc = nominal_fps(self.rate), self.ntsc
        ff, ss = label.ff, label.ss
        if ff >= nominal and not self.warned:
            self.warned = True
            warn(source, f"line {label.line}", f"frame {ff} is past the last of a second at "
                 f"{float(self.rate):g} fps; carried into the next second")
        mode = self.mode or ("smpte-df" if label.semicolon and ntsc else
                             "smpte-ndf" if ntsc else "wallclock")
        if mode == "wallclock":
            whole = (label.hh * 60 + label.mm) * 60 + ss
            return whole * 1000 + frame_to_ms(ff, self.rate)
        carry, ff = divmod(ff, nominal)
        hh, rest = divmod((label.hh * 60 + label.mm) * 60 + ss + carry, 3600)
        mm, ss = divmod(rest, 60)
        try:
            frame = label_to_frame(hh, mm, ss, ff, self.rate, mode == "smpte-df")
        except UsageError as exc:  # a label drop-frame time code skips
            raise at_line(label.line, str(exc)) from None
        return frame_to_ms(frame, self.rate)


def settle(stated: Stated | None, labels: list[Label],
           options: ReadOptions, source: str, name: str) -> FrameClock:
    """The clock of a file: its stated rate, else the caller's, else 30 fps (warned).

    A file that states no rate but writes ``;`` before its frames is drop-frame video, so it
    is read at 29.97 (warned) unless the caller gives 59.94.
    """
    if stated is not None:
        return FrameClock(*stated)
    if options.rate is not None:
        return FrameClock(options.rate, None)
    if not labels:
        return FrameClock(_DEFAULT, None)
    if any(label.semicolon for label in labels):
        warn(source, "", f"{name} does not say its frame rate and writes drop-frame time "
             "codes; read at 29.97 fps drop-frame (--frame-rate sets another)")
        return FrameClock(Fraction(30000, 1001), "smpte-df")
    warn(source, "", f"{name} does not say its frame rate; read at 30 fps "
         "(--frame-rate sets another)")
    return FrameClock(_DEFAULT, None)


def track_of(entries: list[Entry], stated: Stated | None, options: ReadOptions, source: str,
             name: str, *, noun: str = "subtitle", tape: bool = False) -> CaptionTrack:
    """The track of a file's entries, once every label is read and the clock can be settled.

    Every frame-text reader ends this way, so the rate rules (:func:`settle`), the check
    that an entry does not end before it starts, and the frame rate the track records stay
    one rule. ``tape``: the file says its time codes are the tape's (``$TapeOffset``), which
    is worth a warning unless the caller maps them with ``--timecode-offset``.
    """
    if tape and options.timecode_offset is None:
        warn(source, "", "$TapeOffset is TRUE: the time codes are the tape's; "
             "--timecode-offset (e.g. 01:00:00:00) maps them to media time")
    labels = [label for entry in entries for label in entry[:2]]
    clock = settle(stated, labels, options, source, name)
    builder = TrackBuilder(dash_speakers=options.dash_speakers)
    for first, second, lines, hints in entries:
        start, end = clock.ms(first, source), clock.ms(second, source)
        if end < start:
            raise at_line(first.line, f"the {noun} ends before it starts")
        builder.add(start, end, lines, hints=hints)
    return builder.track(frame_rate=clock.rate, drop_frame=clock.drop(labels))
