"""Timing repair shared by the readers (sources.md §4.4): sanity, interpolation, turn order.

Readers build turns with whatever times the source gave (``None`` where it gave none; a turn's
own ``start``/``end`` are the segment's times when the source has them) and hand them to
:func:`finish`, which makes the promises writers rely on:

* a transcript with no times at all is left untouched (``Transcript.is_timed`` is false);
* otherwise every word and tag has a start and an end, every turn has a start and an end with
  ``0 <= start <= end``, and the turns are sorted by start (stable, so crosstalk keeps its
  document order).

Sanity rules, per span: ``end < start`` is swapped when both lie within the media (a typo),
otherwise ``end = start``; with a known media duration, times beyond it are clamped to it.

Interpolation rule (documented for the README): inside a turn, a run of words and tags that
lack times is laid out between the nearest known instants on either side, proportionally to the
words' character counts (tags take no time, so they sit at the boundary where they occur), words
back to back. The instant before a run is the end of the previous timed token, else the turn's
own start, else the end of the previous turn, else 0. The instant after is the start of the next
timed token, else the turn's own end, else the first known start of a later turn, else the media
duration; with none of these the run gets :data:`MS_PER_CHAR` per character. A token that has
only a start opens its run at that start; one that has only an end closes its run at that end.
Fractions of a millisecond are dropped (floor), so times never run backwards.
"""

from __future__ import annotations

from typing import Final

from ..model import PUNCT, SPACE, TAG, Annotation, Token, Turn

#: Speaking-rate estimate used only when a run of untimed words has no later anchor at all
#: (about 150 words a minute at six characters a word including the space).
MS_PER_CHAR: Final = 65

_UNTIMED_KINDS: Final = frozenset((PUNCT, SPACE))


def fix_span(start: int, end: int, duration: int | None) -> tuple[int, int]:
    """Repair ``end < start``: swap inside the media, else collapse to ``start``."""
    if end >= start:
        return start, end
    if duration is None or (start <= duration and end <= duration):
        return end, start
    return start, start


class _Survey:
    """What one pass over a turn found: any time at all, an untimed word, the token span."""

    __slots__ = ("first", "last", "missing", "timed")

    def __init__(self) -> None:
        self.timed = False
        self.missing = False
        self.first: int | None = None
        self.last: int | None = None


def settle_notes(notes: list[Annotation], duration: int | None) -> list[Annotation]:
    """Annotations get the turns' span repair and clamping, then a stable sort by start
    (untimed notes last); they are never interpolated."""
    for note in notes:
        start, end = note.start, note.end
        if start is not None and end is not None:
            start, end = fix_span(start, end, duration)
        if duration is not None:
            start = None if start is None else min(start, duration)
            end = None if end is None else min(end, duration)
        note.start, note.end = start, end
    notes.sort(key=lambda n: (n.start is None, n.start or 0))
    return notes


def _sanitise(turn: Turn, duration: int | None) -> _Survey:
    """Fix spans and clamp (a token that changes is replaced in the turn's list, never
    altered: tokens are values, and one may be shared), in one pass that also measures the
    turn."""
    survey = _Survey()
    s, e = turn.start, turn.end
    if s is not None or e is not None:
        survey.timed = True
        if s is not None and e is not None and e < s:
            s, e = fix_span(s, e, duration)
        if duration is not None:
            s = s if s is None or s <= duration else duration
            e = e if e is None or e <= duration else duration
        turn.start, turn.end = s, e
    untimed = _UNTIMED_KINDS
    tokens = turn.tokens
    first = last = -1
    missing = False
    for index, token in enumerate(tokens):
        start = token.start
        end = token.end
        # One test for the common fully timed token; the half-timed cases below it.
        if start is None:
            if token.kind not in untimed:
                missing = True
            if end is None:
                continue
            start = end
        elif end is None:
            if token.kind not in untimed:
                missing = True
            end = start
        elif end < start:
            start, end = fix_span(start, end, duration)
            tokens[index] = token = _retimed(token, start, end)
        if duration is not None and (start > duration or end > duration):
            start = min(start, duration)
            end = min(end, duration)
            tokens[index] = token = _retimed(
                token, None if token.start is None else start, None if token.end is None else end)
        if first < 0 or start < first:
            first = start
        if end > last:
            last = end
    if last >= 0:
        survey.timed = True
        survey.first, survey.last = first, last
    survey.missing = missing
    return survey


def _retimed(token: Token, start: int | None, end: int | None) -> Token:
    """A copy of ``token`` with other times (tokens are frozen values)."""
    return Token(token.kind, token.text, start, end, token.confidence)


def _spread(tokens: list[Token], run: list[int], left: int, right: int | None) -> None:
    """Lay out the tokens at the indices ``run`` between ``left`` and ``right``, replacing
    them in ``tokens`` by retimed copies."""
    weights = [0 if tokens[i].kind == TAG else len(tokens[i].text) for i in run]
    total = sum(weights)
    if right is None:
        right = left + MS_PER_CHAR * total
    span = max(0, right - left)
    done = 0
    for index, weight in zip(run, weights, strict=True):
        start = left + (span * done // total if total else 0)
        done += weight
        end = left + (span * done // total if total else 0)
        tokens[index] = _retimed(tokens[index], start, end)


def fill_tokens(tokens: list[Token], lower: int, upper: int | None) -> None:
    """Give every word and tag in ``tokens`` a start and end (the module's interpolation rule);
    a token given times is replaced in the list by a retimed copy."""
    untimed = _UNTIMED_KINDS
    previous_end = lower
    count = len(tokens)
    i = 0
    while i < count:
        token = tokens[i]
        if token.kind in untimed:
            i += 1
            continue
        if token.start is not None and token.end is not None:
            previous_end = token.end
            i += 1
            continue
        run = [i]
        left = token.start if token.start is not None else previous_end
        right: int | None = None
        j = i + 1
        if token.start is None and token.end is not None:
            right = token.end
        else:
            while j < count:
                other = tokens[j]
                if other.kind in untimed:
                    j += 1
                    continue
                if other.start is not None:
                    right = other.start
                    break
                run.append(j)
                j += 1
                if other.end is not None:
                    right = other.end
                    break
        _spread(tokens, run, left, upper if right is None else right)
        previous_end = tokens[run[-1]].end or left
        i = j


def _bounds(turn: Turn) -> tuple[int | None, int | None]:
    first: int | None = None
    last: int | None = None
    for token in turn.tokens:
        s, e = token.start, token.end
        if s is not None and (first is None or s < first):
            first = s
        if e is not None and (last is None or e > last):
            last = e
        if s is not None and (last is None or s > last):
            last = s
        if e is not None and (first is None or e < first):
            first = e
    return first, last


def _first_known(turn: Turn) -> int | None:
    if turn.start is not None:
        return turn.start
    for token in turn.tokens:
        if token.start is not None:
            return token.start
    return turn.end


def finish(turns: list[Turn], duration: int | None) -> list[Turn]:
    """Repair and order ``turns`` in place (see the module docstring); returns the sorted list."""
    surveys = [_sanitise(turn, duration) for turn in turns]
    if not any(survey.timed for survey in surveys):
        return turns
    following: list[int | None] = [None] * len(turns)
    anchor: int | None = duration
    for index in range(len(turns) - 1, -1, -1):
        following[index] = anchor
        known = _first_known(turns[index])
        if known is not None:
            anchor = known
    previous_end = 0
    for index, (turn, survey) in enumerate(zip(turns, surveys, strict=True)):
        lower = turn.start if turn.start is not None else previous_end
        first, last = survey.first, survey.last
        if survey.missing:
            upper = turn.end if turn.end is not None else following[index]
            if upper is not None and duration is not None:
                upper = min(upper, duration)
            fill_tokens(turn.tokens, lower, upper)
            first, last = _bounds(turn)
        start = first if first is not None else lower
        end = last if last is not None else (turn.end if turn.end is not None else start)
        turn.start, turn.end = start, max(start, end)
        previous_end = turn.end
    turns.sort(key=_start_key)
    return turns


def _start_key(turn: Turn) -> int:
    return turn.start or 0
