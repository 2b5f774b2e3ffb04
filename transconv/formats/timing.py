"""Frame timing: the one option group every frame-based writer shares.

:class:`FrameTiming` holds what turns cue times into frame time codes — the frame rate
(``fps``), the time-code mode (``timecode``), the time code of transcript time 0
(``start_timecode``) and the frames left between cues after rounding (``min_gap_frames``).
It is a field of the Options of Spruce STL, Avid DS, Avid DVD, Cheetah CAP, EBU STL, SCC and
MCC (``timing``), given flat like the caption style's rules (``dumps(t, "scc", fps="29.97")``,
``-O start_timecode=01:00:00;00``; see :mod:`transconv.options`).

Each format allows part of it and fills in what is left open: :class:`TimingRules` lists the
modes a format writes and the rates each mode runs at (the first mode and rate are the
defaults), and :meth:`TimingRules.coder` is the one place a format's timing is checked and
made into a :class:`~transconv.timecode.Timecoder`. ``fps=None`` and ``timecode=None`` (the
defaults) mean "the format's choice": EBU STL takes its mode from the rate (25 and 30 fps
non-drop, 29.97 drop-frame), Cheetah CAP its rate from the mode (wall clock at 30 fps,
drop-frame at 29.97).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from ..errors import UsageError
from ..options import help_
from ..timecode import TIMECODE_MODES, TimecodeMode, Timecoder, frame_rate, parse_label

FrameRate = str | int | float | Fraction

NTSC: Fraction = Fraction(30000, 1001)


def rate_label(rate: Fraction) -> str:
    """A frame rate as people write it: 30, 25, 29.97, 23.976, 59.94."""
    return f"{float(rate):.3f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class FrameTiming:
    """How a frame-based writer labels time (each format's :class:`TimingRules` say what it
    allows and what ``None`` stands for).

    ``fps``: the frame rate, as text or a number (23.976, 24, 25, 29.97, 30, 59.94, or any
    rate 1..120 such as ``30000/1001``). ``timecode``: ``wallclock`` (the real time's
    H:M:S and the remainder as a frame number), ``smpte-ndf`` or ``smpte-df`` (frames counted,
    labelled as a video tool labels them). ``start_timecode``: the label of transcript time
    0, added to every time code (``01:00:00:00``; ``;`` before the frames is accepted).
    ``min_gap_frames``: frames left between cues where rounding would make them touch
    (0 by default).
    """

    fps: FrameRate | None = field(default=None, metadata=help_(
        "frame rate: 23.976, 24, 25, 29.97, 30, 59.94 or a fraction such as 30000/1001 "
        "(none: the format's own)", "frames per second"))
    timecode: TimecodeMode | None = field(default=None, metadata=help_(
        "time-code labels: the wall clock's H:M:S and a frame number, or SMPTE non-drop or "
        "drop-frame counting (none: the format's own)"))
    start_timecode: str = field(default="00:00:00:00", metadata=help_(
        "the time code of transcript time 0, added to every label (01:00:00:00 for a tape "
        "that starts at one hour)"))
    min_gap_frames: int = field(default=0, metadata=help_(
        "frames kept between cues where rounding would make them touch", "frames"))

    def __post_init__(self) -> None:
        if self.fps is not None:
            frame_rate(self.fps)
        if self.timecode is not None and self.timecode not in TIMECODE_MODES:
            raise UsageError(f"time code mode {self.timecode!r}; known: "
                             f"{', '.join(TIMECODE_MODES)}")
        parse_label(self.start_timecode)
        if self.min_gap_frames < 0:
            raise ValueError("min_gap_frames must be >= 0")


@dataclass(frozen=True, slots=True)
class TimingRules:
    """What one format allows of :class:`FrameTiming`, and what it fills in.

    ``modes``: the time-code modes the format writes, each with the rates it runs at (empty:
    any rate; the first mode, and a mode's first rate, are the defaults). ``default_rate``:
    the rate when neither the options nor the mode name one. ``rates_note``: the message
    for a rate no allowed mode runs at.
    """

    name: str
    modes: Mapping[TimecodeMode, tuple[Fraction, ...]]
    default_rate: Fraction | None = None
    rates_note: str = ""

    def coder(self, timing: FrameTiming) -> Timecoder:
        """The time coder ``timing`` stands for in this format, its start code checked too.

        Raises :class:`~transconv.errors.UsageError` for a mode, rate or start time code the
        format cannot write (called from each writer's ``Options.__post_init__``, so a bad
        value fails when the options are built, and again when the file is rendered).
        """
        mode = timing.timecode
        if mode is not None and mode not in self.modes:
            raise UsageError(f"timecode {mode!r} is not one of {', '.join(self.modes)}")
        rate = None if timing.fps is None else frame_rate(timing.fps)
        if mode is None:
            mode = next((m for m, rates in self.modes.items()
                         if rate is None or not rates or rate in rates), None)
            if mode is None:
                raise UsageError(f"{self.rates_note}, not {timing.fps!r}")
        rates = self.modes[mode]
        if rate is None:
            rate = rates[0] if rates else self.default_rate
            if rate is None:
                raise UsageError(f"{self.name} needs a frame rate (fps)")
        elif rates and rate not in rates:
            allowed = " or ".join(map(rate_label, rates))
            raise UsageError(f"timecode {mode!r} runs at {allowed} fps in {self.name}, "
                             f"not {timing.fps!r}")
        coder = Timecoder(rate, mode, timing.start_timecode)
        coder.offset_ticks()
        return coder
