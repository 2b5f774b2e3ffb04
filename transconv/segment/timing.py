"""Final cue timing: sort, lengthen for reading, and remove every overlap.

Runs once over the cues of the whole transcript, after text layout, because overlapping
turns (crosstalk) interleave the cues of different turns and only the sorted sequence shows
which cue follows which. One forward pass holds the previous cue open until the next start
is known, then settles its end:

* a cue is lengthened to ``min_duration`` and to the time ``max_cps`` reading needs, but
  only into silence: never past the next cue's start minus ``min_gap``;
* when speech itself overlaps the next cue, the earlier cue is cut back to leave the gap;
* if that would leave it almost nothing (two cues starting together), it keeps a short
  visible floor (a quarter of ``min_duration``, 250 ms by default) and the later cue starts
  after it instead — text a viewer cannot see is as good as lost.

``max_duration`` caps every cue, starts strictly increase, and ``end > start`` always.
"""

from __future__ import annotations

import math
from operator import itemgetter

#: A laid-out cue before timing repair: (start, end, lines, chars, turn index, new speaker).
#: Times are the speech's own. A plain tuple: ten thousand of these are made per run.
RawCue = tuple[int, int, tuple[str, ...], int, int, bool]


def settle(
    raw: list[RawCue], *, min_duration: int, max_duration: int, max_cps: float, min_gap: int,
) -> list[tuple[int, int, RawCue]]:
    """(start, end, cue) for every cue, sorted, with the rules of the module docstring."""
    raw.sort(key=itemgetter(0))  # stable: cues of one turn keep their (non-decreasing) order
    floor = max(1, min_duration // 4)
    out: list[tuple[int, int, RawCue]] = []
    prev: RawCue | None = None
    ps = pe = 0
    for cue in raw:
        start = cue[0]
        if prev is not None:
            limit = start - min_gap
            if pe > limit:
                keep = ps + min(pe - ps, floor)
                if limit >= keep:
                    pe = limit
                else:
                    pe = keep
                    start = pe + min_gap
            out.append((ps, pe, prev))
        end = max(cue[1], start + min_duration, start + math.ceil(cue[3] * 1000 / max_cps))
        end = min(end, start + max_duration)
        if end <= start:
            end = start + 1
        prev, ps, pe = cue, start, end
    if prev is not None:
        out.append((ps, pe, prev))
    return out

