"""Clock strings for the caption formats timed in milliseconds (SubRip, WebVTT, TTML, ...).

``HH:MM:SS`` of whole seconds comes from a table filled an hour at a time and the
milliseconds from a second table, so a cue time is two look-ups and a concatenation.
"""

from __future__ import annotations

import functools


def clock(ms: int, separator: str) -> str:
    """``HH:MM:SS<sep>mmm`` from integer milliseconds; negatives clamp to 0, hours may exceed 99."""
    seconds, millis = divmod(max(ms, 0), 1000)
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    return f"{hours:02}:{mins:02}:{secs:02}{separator}{millis:03}"


@functools.cache
def minutes_seconds() -> list[str]:
    """``:MM:SS`` for the 3,600 seconds of an hour, made once per process."""
    two_digits = [f"{n:02}" for n in range(60)]
    return [f":{mm}:{ss}" for mm in two_digits for ss in two_digits]


class Seconds(dict[int, str]):
    """Whole seconds → ``HH:MM:SS``, made on first use, for writing many cue times.

    A ten-hour file has some 17,000 cue times; looking the seconds up (a C-level subscript,
    ``__missing__`` only on a miss) and appending the milliseconds from a table is a third
    of the cost of :func:`clock`'s three ``divmod`` calls and format. A miss fills the whole
    hour with one concatenation per second: formatting each second on its own miss was
    10 ms of the TTML writer on a ten-hour file, the hour at a time 2 ms.
    """

    __slots__ = ()

    def __missing__(self, seconds: int) -> str:
        if seconds < 0:
            minutes, secs = divmod(seconds, 60)
            hours, mins = divmod(minutes, 60)
            text = self[seconds] = f"{hours:02}:{mins:02}:{secs:02}"
            return text
        hour = seconds // 3600
        label = f"{hour:02}"
        first = hour * 3600
        self.update(zip(range(first, first + 3600),
                        [label + rest for rest in minutes_seconds()], strict=True))
        return self[seconds]


def millis_table(separator: str) -> list[str]:
    """``separator + "mmm"`` for 0..999: with :class:`Seconds`, ``clock`` as two lookups."""
    return [f"{separator}{millis:03}" for millis in range(1000)]
