"""What the SubRip and WebVTT readers share: time lines with an arrow, and lenient findings.

Both formats time a cue with ``start --> end`` and both are read leniently where players are
(a missing blank line, a stray cue number): such findings are collected while reading and
warned once each at the end, with the first line and a count, so a file with a thousand
unnumbered cues gives one warning rather than a thousand.
"""

from __future__ import annotations

from ..common import warn
from .clock import clock_ms

__all__ = ["Findings", "bad_time"]


def bad_time(line: str, shape: str) -> str:
    """Why a line holding ``-->`` is no time line: the first side that is not a time, else
    the line against ``shape`` (an example of the format's time line).

    >>> bad_time("00:01:02,5OO --> 00:01:03,000", "00:00:01,000 --> 00:00:03,500")
    "'00:01:02,5OO' is not a time"
    """
    left, _, right = line.partition("-->")
    for side in (left.strip(), (right.split() or [""])[0]):
        if clock_ms(side) is None:
            return f"{side[:40]!r} is not a time"
    return f"{line.strip()[:60]!r} is not a time line ({shape})"


class Findings:
    """Lenient readings, each warned once at the end with its first line and its count."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[int, int]] = {}

    def note(self, number: int, message: str) -> None:
        """``message`` holds at line ``number`` (the first such line is the one named)."""
        first, count = self.seen.get(message, (number, 0))
        self.seen[message] = (first, count + 1)

    def report(self, source: str) -> None:
        """Warn each finding: ``source: line N: message (and K more)``."""
        for message, (first, count) in self.seen.items():
            more = f" (and {count - 1} more)" if count > 1 else ""
            warn(source, f"line {first}", message + more)
