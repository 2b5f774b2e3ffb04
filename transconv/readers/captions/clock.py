"""Clock times as caption text files write them: ``01:02:03,456``, ``1:02:03.4``, ``02:03.456``.

SubRip, WebVTT and YouTube's SubViewer all write hours, minutes, seconds and a fraction, and
files in the wild differ in the details: one to three fraction digits, ``,`` or ``.`` before
them, hours left out or past 99. :func:`clock_ms` accepts all of those and nothing else.
"""

from __future__ import annotations

import re

__all__ = ["CLOCK", "clock_ms"]

#: A clock time: optional hours (up to nine digits: int() refuses thousands of them),
#: minutes, seconds, a 1-3 digit fraction.
CLOCK = r"(?:(\d{1,9}):)?([0-5]?\d):([0-5]\d)(?:[,.](\d{1,3}))?"
_WHOLE = re.compile(rf"^\s*{CLOCK}\s*$")


def clock_ms(text: str) -> int | None:
    """Milliseconds of a clock time, or None when ``text`` is not one.

    >>> clock_ms("01:02:03,4"), clock_ms("2:03.456"), clock_ms("00:01:02,5OO")
    (3723400, 123456, None)
    """
    match = _WHOLE.match(text)
    return None if match is None else ms_of(match.groups())


def ms_of(groups: tuple[str | None, ...]) -> int:
    """Milliseconds of the groups a :data:`CLOCK` match captured."""
    hours, minutes, seconds, fraction = groups
    whole = (int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(seconds or 0)
    return whole * 1000 + (int(fraction.ljust(3, "0")) if fraction else 0)
