"""What the plain-text readers share: Rev's speaker lines, and times spread over words.

Rev's text layouts (the ``txt`` transcript and the ``rev-txt`` caption text) head each
speaker's block with ``Name (MM:SS):`` (``HH:MM:SS`` from the first hour); the transcript
also writes ``(MM:SS):`` for an unnamed speaker and ``Name:`` when it carries no times.
These files give a time only where a block (or an inline ``[MM:SS]`` mark) starts, truncated
to the second, so the readers spread each stretch of text over the time to the next known
one by characters, as the caption-to-transcript view does, and give the text after the last
known time the time it takes to say: :data:`CHARS_PER_SECOND` is a brisk speaking pace (about
170 words a minute), close to what caption editors aim at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import TAG, WORD, Token
from .common import warn
from .text import clean

__all__ = ["CHARS_PER_SECOND", "UNKNOWN", "WORDS", "Anchors", "Head", "head_of", "paragraphs",
           "seconds_ms", "speaking_time", "token_of"]

CHARS_PER_SECOND = 15
#: The name Rev writes for a speaker it does not know: no speaker, not one called that.
UNKNOWN = "unknown speaker"
#: A time as Rev writes it: ``MM:SS`` or ``HH:MM:SS``.
TIME = r"(?:(\d{1,4}):)?(\d{1,2}):(\d{2})"
_TIMED_HEAD = re.compile(rf"\((?P<time>{TIME})\):\s*$")
_NAME_HEAD = re.compile(r"^(?P<name>[^\s:\[\]()>][^:\[\]]{0,79}?):\s*$")
_CLOCK = re.compile(rf"^{TIME}$")
#: A word, or a bracketed tag or time mark (which may hold spaces).
WORDS = re.compile(r"\[[^\[\]\n]*\]|\S+")


@dataclass(frozen=True, slots=True)
class Head:
    """A speaker line: the name ('' for none) and the start it gives (None for none)."""

    name: str
    start: int | None


def seconds_ms(text: str) -> int | None:
    """Milliseconds of ``MM:SS`` or ``HH:MM:SS`` (seconds below 60), else None.

    >>> seconds_ms("01:02:03"), seconds_ms("02:03"), seconds_ms("2:75")
    (3723000, 123000, None)
    """
    match = _CLOCK.match(text.strip())
    if match is None:
        return None
    hours, minutes, seconds = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000


def head_of(line: str, *, untimed: bool = False) -> Head | None:
    """The speaker line ``line`` is, or None; ``untimed`` also accepts a bare ``Name:``.
    ``Unknown Speaker`` is no name.

    >>> head_of("Bob Smith (01:02:03):"), head_of("Bob:", untimed=True)
    (Head(name='Bob Smith', start=3723000), Head(name='Bob', start=None))
    """
    timed = _TIMED_HEAD.search(line)
    start = None if timed is None else seconds_ms(timed.group("time"))
    if timed is not None and start is not None:
        name = line[:timed.start()]
    else:
        match = _NAME_HEAD.match(line.strip()) if untimed else None
        if match is None:
            return None
        name = match.group("name")
    name = " ".join(name.split())
    return Head("" if name.casefold() == UNKNOWN else name, start)


def paragraphs(text: str) -> Iterator[list[tuple[int, str]]]:
    """The blocks of ``text`` between blank lines, each line with its number (1-based) and
    cleaned (:func:`transconv.readers.text.clean`)."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = " ".join(clean(line).split())
        if line:
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def speaking_time(chars: int) -> int:
    """How long ``chars`` characters take to say, in milliseconds (at least one second)."""
    return max(1000, chars * 1000 // CHARS_PER_SECOND)


class Anchors:
    """The known times of a text: (unit index, ms) in order, kept non-decreasing.

    A time earlier than the one before is a slip of an editor's hand: it is warned about and
    taken as the time before, so no word ends before it starts.
    """

    def __init__(self, source: str) -> None:
        self.points: list[tuple[int, int]] = []
        self._source = source

    def add(self, index: int, ms: int, line: int) -> None:
        """Unit ``index`` starts at ``ms`` (read from line ``line``)."""
        points = self.points
        if points and ms < points[-1][1]:
            warn(self._source, f"line {line}", "this time is earlier than the one before it; "
                 "taken as that one")
            ms = points[-1][1]
        if points and points[-1][0] == index:
            points[-1] = (index, ms)
        else:
            points.append((index, ms))

    def times(self, weights: list[int]) -> list[tuple[int, int] | None]:
        """Each unit's (start, end): the units from one known time to the next share that
        stretch by their ``weights`` (characters); those after the last known time last as
        long as they take to say; those before the first have none."""
        out: list[tuple[int, int] | None] = [None] * len(weights)
        points = self.points
        for k, (index, start) in enumerate(points):
            following = points[k + 1] if k + 1 < len(points) else None
            stop = following[0] if following else len(weights)
            total = sum(weights[index:stop])
            end = following[1] if following else start + speaking_time(total)
            span, total, done = max(end - start, 0), total or 1, 0
            for i in range(index, stop):
                begin = start + span * done // total
                done += weights[i]
                out[i] = (begin, start + span * done // total)
        return out


def token_of(word: str, times: tuple[int, int] | None) -> Token:
    """A word token, or a tag token for ``[sound]``, with ``times`` where known."""
    start, end = times if times is not None else (None, None)
    if len(word) > 1 and word[0] == "[" and word[-1] == "]" and word[1:-1].strip():
        return Token(TAG, word[1:-1].strip(), start, end)
    return Token(WORD, word, start, end)
