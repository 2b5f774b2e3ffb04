"""Reading frame-based time-code labels back in tests (shared by the Spruce and Avid tests)."""

from __future__ import annotations

from transconv.formats.frametext import text_timing
from transconv.formats.timing import FrameTiming
from transconv.timecode import TimecodeMode, Timecoder, label_to_frame, parse_label


def timecoder(fps: str, mode: TimecodeMode, offset: str) -> Timecoder:
    """The coder the frame-text writers use for these options."""
    return text_timing("test").coder(FrameTiming(fps, mode, offset))


def label_ms(label: str, coder: Timecoder) -> int:
    """Read one of our labels back to milliseconds (offset removed)."""
    hh, mm, ss, ff = parse_label(label)
    assert ff < coder.nominal, label
    if coder.mode == "wallclock":
        ticks = ((hh * 60 + mm) * 60 + ss) * coder.nominal + ff
    else:
        ticks = label_to_frame(hh, mm, ss, ff, coder.rate, coder.drop)
    return coder.ticks_to_ms(ticks - coder.offset_ticks())
