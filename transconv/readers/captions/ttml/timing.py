"""TTML time expressions and the ``ttp:`` parameters that give frames and ticks a length.

TTML writes times in two shapes (TTML1 §10.3.1):

- clock time ``hh:mm:ss``, with a decimal fraction (``01:02:03.456``), or with frames and
  optional sub-frames (``01:02:03:04``, ``01:02:03:04.5``);
- offset time: a count, an optional fraction and a metric, ``h``, ``m``, ``s``, ``ms``,
  ``f`` (frames) or ``t`` (ticks): ``1.5s``, ``20f``, ``10000t``.

Frames are counted at the *effective* frame rate, ``ttp:frameRate`` (default: the rate the
caller gives for files that state none, else 30) times ``ttp:frameRateMultiplier`` (``1000
1001`` for the NTSC rates); sub-frames at ``ttp:subFrameRate`` per frame (default 1); ticks
at ``ttp:tickRate`` per second (default: the effective frame rate times the sub-frame rate
when a frame rate is declared, else 1). Under ``ttp:timeBase="smpte"`` a clock time with
frames is a time-code label: labels are counted into frames (``ttp:dropMode="dropNTSC"``
skips the dropped labels) and the frame count divided by the effective rate. ``clock`` time
bases are read as media time: a caption file has no wall clock to align to.

Everything is exact :class:`~fractions.Fraction` seconds; a time becomes milliseconds only
once, at the very end (:func:`to_ms`), so begin offsets nested five deep add up exactly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from ....errors import UsageError
from ....timecode import frame_rate, label_to_frame
from ..cues import at_line

__all__ = ["TimeParams", "time_params", "to_ms"]

_CLOCK = re.compile(r"(\d+):(\d\d):(\d\d)(?:\.(\d+)|:(\d+)(?:\.(\d+))?)?")
_OFFSET = re.compile(r"(\d+)(?:\.(\d+))?(h|ms|m|s|f|t)")
#: Seconds per unit of the fixed offset metrics.
_UNIT = {"h": Fraction(3600), "m": Fraction(60), "s": Fraction(1), "ms": Fraction(1, 1000)}


def to_ms(seconds: Fraction) -> int:
    """``seconds`` in whole milliseconds, rounded half up: the one rounding of a time."""
    num, den = seconds.numerator, seconds.denominator
    return (2000 * num + den) // (2 * den)


def _decimal(whole: int, digits: str | None) -> Fraction:
    """``whole`` and the decimal digits after its point as one exact fraction."""
    if not digits:
        return Fraction(whole)
    scale = 10 ** len(digits)
    return Fraction(whole * scale + int(digits), scale)


@dataclass(frozen=True, slots=True)
class TimeParams:
    """The document's timing parameters, resolved with the spec's defaults."""

    #: Frames per second after ``ttp:frameRateMultiplier`` (30000/1001 for 30 × 1000:1001).
    rate: Fraction
    #: The integer ``ttp:frameRate``: how many frame labels a second of time code has.
    nominal: int
    sub_frames: int
    ticks: Fraction
    smpte: bool = False
    drop: bool = False
    #: Whether the document declares ``ttp:frameRate`` (then it counts frames for real).
    declared: bool = False

    def seconds(self, value: str) -> Fraction | None:
        """The time expression ``value`` in seconds, or None when it is not one."""
        text = value.strip()
        clock = _CLOCK.fullmatch(text)
        if clock is not None:
            return self._clock(*clock.groups())
        offset = _OFFSET.fullmatch(text)
        if offset is None:
            return None
        whole, digits, metric = offset.groups()
        count = _decimal(int(whole), digits)
        if metric == "f":
            return count / self.rate
        if metric == "t":
            return count / self.ticks
        return count if metric == "s" else count * _UNIT[metric]

    def _clock(self, hours: str, minutes: str, secs: str, digits: str | None,
               frames: str | None, sub: str | None) -> Fraction | None:
        hh, mm, ss = int(hours), int(minutes), int(secs)
        if mm > 59 or ss > 60:  # 60: a leap second, which the grammar allows
            return None
        if frames is None:
            return _decimal((hh * 60 + mm) * 60 + ss, digits)
        whole = (hh * 60 + mm) * 60 + ss
        ff, sf = int(frames), int(sub) if sub else 0
        if ff >= self.nominal or sf >= self.sub_frames:
            return None
        partial = Fraction(sf, self.sub_frames)
        if not self.smpte:
            return whole + (ff + partial) / self.rate
        try:
            if ss > 59:
                return None
            count = label_to_frame(hh, mm, ss, ff, self.rate, self.drop)
        except UsageError:  # a label drop-frame time code skips
            return None
        return (count + partial) / self.rate


def _positive(text: str, name: str, line: int) -> int:
    value = text.strip()
    if not value.isdigit() or int(value) == 0:
        raise at_line(line, f"{name}={text!r} is not a positive whole number")
    return int(value)


def time_params(get: Callable[[str], str | None], line: int, default_rate: Fraction | None,
                warn: Callable[[str], None]) -> TimeParams:
    """The parameters ``get(local_name)`` reads from the root's ``ttp:`` attributes.

    ``line`` is the root's line, for errors; ``default_rate`` the rate the caller gives for
    files that declare none (``--frame-rate``), used instead of the spec's 30 when given.
    """
    declared = get("frameRate")
    if declared is not None:
        try:  # the spec says a whole number; "29.97" and "25.0" are seen and mean the obvious
            base = frame_rate(declared)
        except UsageError:
            raise at_line(line, f"ttp:frameRate={declared!r} is not a frame rate") from None
    else:
        base = default_rate if default_rate is not None else Fraction(30)
    multiplier = get("frameRateMultiplier")
    rate = base
    if multiplier is not None:
        parts = multiplier.split()
        if len(parts) != 2:
            raise at_line(line, f"ttp:frameRateMultiplier={multiplier!r} is not "
                                "'numerator denominator'")
        num, den = (_positive(p, "ttp:frameRateMultiplier", line) for p in parts)
        rate = base * Fraction(num, den)
    sub = get("subFrameRate")
    sub_frames = _positive(sub, "ttp:subFrameRate", line) if sub is not None else 1
    tick = get("tickRate")
    if tick is not None:
        ticks = Fraction(_positive(tick, "ttp:tickRate", line))
    else:
        ticks = rate * sub_frames if declared is not None else Fraction(1)
    base_name = (get("timeBase") or "media").strip()
    if base_name not in ("media", "smpte", "clock"):
        warn(f"ttp:timeBase={base_name!r} is not media, smpte or clock; read as media")
    drop_mode = (get("dropMode") or "nonDrop").strip()
    drop = base_name == "smpte" and drop_mode == "dropNTSC"
    if drop and rate not in (Fraction(30000, 1001), Fraction(60000, 1001)):
        raise at_line(line, f"ttp:dropMode='dropNTSC' needs a 29.97 or 59.94 frame rate, "
                            f"not {float(rate):g}")
    if base_name == "smpte" and drop_mode == "dropPAL":
        warn("ttp:dropMode='dropPAL' is read as non-drop time code")
    return TimeParams(rate, math.ceil(base), sub_frames, ticks, base_name == "smpte", drop,
                      declared is not None)
