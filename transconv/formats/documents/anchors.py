"""Which notes a turn, and each word in it, touch: one sweep, not a scan per turn or word.

A note is anchored on the words whose time it touches. Scanning every note for every turn,
then every candidate for every word, was quadratic: 5,000 notes over a transcript took
24 s to lay out and write, and a single long turn with thousands of notes was worse. The
notes are sorted by start (the layout numbers them in that order), and turns and the words
in a turn come in time order, so a sweep keeps a small pool — the notes that have begun by
the latest range asked about and that a later range can still touch — and answers from it.

Every answer is exactly what the full scan gave, in the same order: the pool only drops a
note that no later range can touch, and a range that goes back in time (out of order
input) gets the full scan.
"""

from __future__ import annotations

from bisect import bisect_right

#: (index of the note, start, stop) with ``stop`` the end, or the start when it has none.
Item = tuple[int, int, int]


class _Sweep:
    """Items sorted by start, asked about ranges whose lower ends (mostly) rise."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.starts = [start for _, start, _ in items]
        self.added = 0
        self.pool: list[Item] = []
        self.low: int | None = None

    def _grow(self, low: int, high: int) -> bool:
        """Add the items starting by ``high`` to the pool; False when ``low`` went back."""
        if self.low is not None and low < self.low:
            return False
        self.low = low
        end = bisect_right(self.starts, high)
        if end > self.added:
            self.pool += self.items[self.added:end]
            self.added = end
        return True

    def _begun(self, high: int) -> list[Item]:
        """Every item starting by ``high``: the full scan's range."""
        return self.items[:bisect_right(self.starts, high)]


class TurnNotes(_Sweep):
    """The notes a turn's range touches: ``start <= hi`` and ``stop >= lo``."""

    def __call__(self, lo: int, hi: int) -> list[Item]:
        if not self._grow(lo, hi):
            return [item for item in self._begun(hi) if item[2] >= lo]
        # A note that stopped before this turn began stops before every later one begins.
        self.pool = pool = [item for item in self.pool if item[2] >= lo]
        return [item for item in pool if item[1] <= hi]


class WordNotes(_Sweep):
    """The notes of one turn (its :class:`TurnNotes`) a word touches, as note indexes: the
    word overlaps the note, or the note starts within the word."""

    def __call__(self, start: int, end: int) -> tuple[int, ...]:
        if self._grow(start, end):
            # Dropped: a note that began and stopped before this word starts, so before
            # every later word starts too.
            self.pool = pool = [item for item in self.pool
                                if item[2] > start or item[1] >= start]
        else:
            pool = self._begun(end)
        return tuple(i for i, s, e in pool if (start < e and end > s) or start <= s <= end)
