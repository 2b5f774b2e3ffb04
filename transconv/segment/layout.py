"""Units → cues → lines: where each caption ends and where its lines break.

Cue ends are chosen greedily but with a bounded look-back: from a cue's first unit we walk
forward only while the text still fits ``max_lines`` × ``max_chars`` (greedy line filling
decides that exactly) and the speech still fits ``max_duration``, scoring every unit as a
possible last one; a silence of ``PAUSE_SPLIT`` ends the cue outright, because text shown
through a long silence runs ahead of the speech. The walk never passes one screenful, so the
whole transcript costs a constant number of visits per unit — no quadratic rescans however
long a turn is.

Line breaks inside a cue are a tiny dynamic program over the cue's units (at most a few
dozen): the fewest lines that fit, then the lowest cost, where cost is squared slack per line
(which balances the lines and punishes a lonely last word) plus a penalty for breaking at a
weak boundary. Text that fits on one line stays on one line.
"""

from __future__ import annotations

from typing import Final

from .text import AVOID, CLAUSE, MARKER, NONE, PHRASE, SENTENCE
from .units import Units

#: Pause lengths (ms) that make a boundary at least as strong as a phrase, clause, sentence.
PAUSE_PHRASE: Final = 250
PAUSE_CLAUSE: Final = 700
PAUSE_SENTENCE: Final = 1200
#: A silence this long (ms) always ends the cue, even when the rest of the turn would fit.
PAUSE_SPLIT: Final = 2000

#: Preference for ending a cue after a boundary of each strength (indexed by strength).
_CUE_WEIGHT: Final = (-0.5, 0.0, 1.0, 2.0, 3.0, -9.0)
#: Cost of a line break at each strength (indexed by strength). Breaking right after the
#: speaker marker is a last resort: writers and readers expect ``Name: text`` on one line.
_LINE_PENALTY: Final = (0.45, 0.3, 0.2, 0.1, 0.0, 5.0)
#: Cost of a line holding a single unit when the cue has three or more.
_ORPHAN_LINE: Final = 0.3
#: A cue ending after less than a third of a screen and less than ``min_duration`` of speech
#: is demoted by this much, so "Yes." does not flash alone when a clause break is near.
_SHORT_CUE: Final = 1.5
#: Ending a cue one unit before the end of the turn (a one-word last cue) costs this much.
_ORPHAN_CUE: Final = 1.0

assert len(_CUE_WEIGHT) == len(_LINE_PENALTY) == MARKER + 1
assert (AVOID, NONE, PHRASE, CLAUSE, SENTENCE) == (0, 1, 2, 3, 4)


def choose_cues(
    units: Units, lens: list[int], first: int, max_chars: int, max_lines: int,
    max_duration: int, min_duration: int,
) -> list[tuple[int, int, int]]:
    """(first unit, last unit, natural end ms) of each cue of one turn.

    ``lens`` are the units' lengths and ``first`` the index of the first real unit (1 when
    unit 0 is the speaker marker). The first real unit of a cue is always admitted, so
    every cue holds some text. Scores are integers scaled by twice the capacity.

    The walk visits about 1.1 units per unit (measured on the 10-hour file), so its body is
    kept to what a unit needs: the turn's last unit is handled after the loop, the pause
    thresholds are locals, and the short-cue test stops once a cue is no longer short.
    """
    starts, ends, strength = units.starts, units.ends, units.strength
    n = len(lens)
    last = n - 1
    penult = n - 2
    capacity = max_chars * max_lines
    weights = [int(w * 2 * capacity) for w in _CUE_WEIGHT]
    short_chars = capacity * 2 // 3
    short_cost = int(_SHORT_CUE * 2 * capacity)
    orphan_cost = int(_ORPHAN_CUE * 2 * capacity)
    pause_phrase, pause_split, sentence = PAUSE_PHRASE, PAUSE_SPLIT, SENTENCE
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < n:
        line_len = -1
        lines = 1
        chars = 0
        k = i
        if i < first:  # the speaker marker opens the first cue
            line_len = lens[0]
            chars = 2 * lens[0] + 2
            k = first
        head = k
        t0 = tmax = starts[k]
        best = -1
        best_end = t0
        best_score = -(1 << 60)
        short = True  # the cue is short in both text and time (once false, false for good)
        for k in range(head, last):
            size = lens[k]
            line_len += size + 1
            if line_len > max_chars:
                if lines == max_lines:
                    break
                lines += 1
                line_len = size
            end = ends[k]
            if end > tmax:
                if end - t0 > max_duration and k > head:
                    break
                tmax = end
            chars += 2 * size + 2
            s = strength[k]
            gap = starts[k + 1] - end
            if gap >= pause_phrase:
                if gap >= pause_split:  # never show text through a long silence
                    best, best_end = k, tmax
                    break
                s = _with_pause(s, gap)
            score = weights[s] + chars
            if short:
                if chars < short_chars and tmax - t0 < min_duration:
                    score -= short_cost
                else:
                    short = False
            if k == penult and s < sentence:
                score -= orphan_cost
            if score >= best_score:
                best, best_end, best_score = k, tmax, score
        else:  # the walk reached the turn's last unit: it ends the cue if it fits
            line_len += lens[last] + 1
            end = ends[last]
            if ((line_len <= max_chars or lines < max_lines)
                    and (end <= tmax or end - t0 <= max_duration or last == head)):
                best, best_end = last, max(tmax, end)
        if best < 0:  # defensive: cannot happen while units fit a line (see build_units)
            best = head
            best_end = max(ends[head], t0)
        out.append((i, best, best_end))
        i = best + 1
    return out


def _with_pause(s: int, gap: int) -> int:
    """Strength ``s`` raised by a pause of ``gap`` ms (at least ``PAUSE_PHRASE``)."""
    if gap >= PAUSE_SENTENCE:
        return SENTENCE
    if gap >= PAUSE_CLAUSE:
        return max(s, CLAUSE)
    return max(s, PHRASE)


def layout_lines(
    texts: list[str], lens: list[int], strength: list[int], a: int, b: int, max_chars: int,
) -> tuple[tuple[str, ...], int]:
    """The lines of the cue made of units ``a..b`` (inclusive), the fewest that fit, and
    the cue's length in characters (a line break counting as one space).

    Callers guarantee the units fit ``max_lines`` lines by greedy filling, and greedy filling
    uses the fewest lines possible, so a layout always exists. Two lines (the common case)
    are tried directly; more go through :func:`_layout_many`.
    """
    if a == b:
        return (texts[a],), lens[a]
    total = sum(lens[a : b + 1]) + b - a
    if total <= max_chars:
        return (" ".join(texts[a : b + 1]),), total
    orphan = _ORPHAN_LINE if b - a >= 2 else 0.0
    scale = 1.0 / (max_chars * max_chars)
    best = -1
    best_cost = float("inf")
    # The second line starts at unit x; the first is ``left`` characters long. Skip the
    # breaks that leave the second line too long before scoring any (about half of them).
    start = a + 1
    left = lens[a]
    need = total - 1 - max_chars  # the shortest first line that leaves a second that fits
    while left < need and start < b:
        left += lens[start] + 1
        start += 1
    for x in range(start, b + 1 if left >= need else start):
        if left > max_chars:
            break
        right = total - left - 1
        s1 = max_chars - left
        s2 = max_chars - right
        cost = (s1 * s1 + s2 * s2) * scale + _LINE_PENALTY[strength[x - 1]]
        if orphan and ((x == a + 1 and strength[a] != MARKER) or x == b):
            cost += orphan
        if cost < best_cost:
            best, best_cost = x, cost
        left += lens[x] + 1
    if best >= 0:
        return (" ".join(texts[a:best]), " ".join(texts[best : b + 1])), total
    lines = _layout_many(texts[a : b + 1], lens[a : b + 1], strength[a : b + 1], max_chars)
    return lines, total


def _layout_many(
    words: list[str], sizes: list[int], brk: list[int], max_chars: int
) -> tuple[str, ...]:
    """Three or more lines: a small dynamic program over the cue's units.

    ``cost[e]`` is the best cost of units ``0..e`` on the lines placed so far and
    ``back[line][e]`` where line ``line`` starts when it ends at unit ``e``.
    """
    m = len(words)
    # fewest lines, by greedy filling
    need = 1
    line_len = -1
    for size in sizes:
        line_len += 1 + size
        if line_len > max_chars:
            need += 1
            line_len = size
    prefix = [0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    orphan = _ORPHAN_LINE if m >= 3 else 0.0
    inf = float("inf")
    # cost[e]: best cost of units 0..e on the lines placed so far; back[l][e]: start of line l
    cost = [inf] * m
    back: list[list[int]] = []
    for e in range(m):
        width = prefix[e + 1] + e
        if width > max_chars:
            break
        slack = (max_chars - width) / max_chars
        cost[e] = slack * slack + (orphan if e == 0 and brk[0] != MARKER else 0.0)
    back.append([0] * m)
    for line in range(1, need):
        new = [inf] * m
        from_ = [0] * m
        last = line == need - 1
        for e in range(m - 1 if last else line, m):
            x = e
            while x >= line:
                width = prefix[e + 1] - prefix[x] + (e - x)
                if width > max_chars:
                    break
                before = cost[x - 1]
                if before < inf:
                    slack = (max_chars - width) / max_chars
                    c = before + _LINE_PENALTY[brk[x - 1]] + slack * slack
                    if x == e:
                        c += orphan
                    if c < new[e]:
                        new[e] = c
                        from_[e] = x
                x -= 1
        back.append(from_)
        cost = new
    lines: list[str] = []
    e = m - 1
    for line in range(need - 1, -1, -1):
        x = back[line][e] if line else 0
        lines.append(" ".join(words[x : e + 1]))
        e = x - 1
    lines.reverse()
    return tuple(lines)
