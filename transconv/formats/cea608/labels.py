"""Fast SMPTE labels for frames visited in increasing order (SCC lines, MCC's every frame).

:mod:`transconv.timecode` computes one label exactly; a ten-hour MCC needs a million of
them. Drop-frame skips only happen at the start of a labelled minute, so this asks
``timecode`` once per minute and fills the rest from a table of ``SS?FF`` suffixes.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from ...timecode import frame_to_label, nominal_fps


class Labeler:
    """``HH:MM:SS<sep>FF`` for absolute frame numbers, cheapest when they ascend."""

    def __init__(self, rate: Fraction, drop: bool, separator: str, after: str = "") -> None:
        self.rate, self.drop = rate, drop
        fps = nominal_fps(rate)
        self._fps = fps
        self._suffixes = [f"{s:02}{separator}{f:02}{after}" for s in range(60) for f in range(fps)]
        self._start = self._end = 0  # frames [start, end) share the cached minute
        self._prefix, self._index = "", 0

    def _anchor(self, frame: int) -> None:
        hh, mm, ss, ff = frame_to_label(frame, self.rate, self.drop)
        self._index = ss * self._fps + ff
        self._start = frame
        self._end = frame + len(self._suffixes) - self._index
        self._prefix = f"{hh:02}:{mm:02}:"

    def __call__(self, frame: int) -> str:
        if not self._start <= frame < self._end:
            self._anchor(frame)
        return self._prefix + self._suffixes[self._index + frame - self._start]

    @property
    def suffixes(self) -> list[str]:
        """``SS<sep>FF<after>`` of every frame of a labelled minute, in order."""
        return self._suffixes

    def minutes(self, first: int, count: int) -> Iterator[tuple[int, str, int, int]]:
        """``count`` consecutive frames from ``first``, one labelled minute at a time.

        Yields each piece's first frame, its ``HH:MM:`` prefix, where its frames start in
        :attr:`suffixes` and how many there are: a label is prefix + suffix, so the MCC
        writer lays out a minute from a template rather than building a million labels.
        """
        frame, end = first, first + count
        while frame < end:
            self._anchor(frame)
            n = min(self._end - frame, end - frame)
            yield frame, self._prefix, self._index, n
            frame += n
