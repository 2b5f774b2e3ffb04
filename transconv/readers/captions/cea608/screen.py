"""A 608 caption memory (15 rows of 32 cells) and what it shows as cue lines and hints.

A decoder has two: the displayed memory and the non-displayed one pop-on captions are
built in. Rows are made on first write, so an empty memory costs nothing and a snapshot
reads only the rows that were written. Each cell keeps its style as a small int
(colour index, italic and underline bits), because the style of a caption is a property
of its characters, set by preamble address and mid-row codes as they arrive.
"""

from __future__ import annotations

from typing import Final

from .chars import COLOURS

ROWS: Final = 15
COLUMNS: Final = 32
ITALIC: Final = 8
UNDERLINE: Final = 16
BLANK_ROW: Final = " " * COLUMNS

#: What a memory shows: its lines (top to bottom, blank rows left out) and its hints.
Shown = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]


class Memory:
    """One caption memory: row number (1-15) → its 32 characters and their styles."""

    __slots__ = ("chars", "styles")

    def __init__(self) -> None:
        self.chars: dict[int, list[str]] = {}
        self.styles: dict[int, list[int]] = {}

    def row(self, number: int) -> tuple[list[str], list[int]]:
        """Row ``number``'s cells and styles, made blank on first use."""
        cells = self.chars.get(number)
        if cells is None:
            cells = self.chars[number] = [" "] * COLUMNS
            self.styles[number] = [0] * COLUMNS
        return cells, self.styles[number]

    def clear(self) -> None:
        self.chars.clear()
        self.styles.clear()

    def blank(self) -> bool:
        return all("".join(cells).isspace() for cells in self.chars.values())

    def erase_row(self, number: int) -> None:
        self.chars.pop(number, None)
        self.styles.pop(number, None)

    def move_rows(self, mapping: dict[int, int]) -> None:
        """Rows renumbered (roll-up: a scroll, or the window moved by a PAC); rows not in
        ``mapping`` are erased."""
        chars = {mapping[r]: cells for r, cells in self.chars.items() if r in mapping}
        styles = {mapping[r]: cells for r, cells in self.styles.items() if r in mapping}
        self.chars, self.styles = chars, styles

    def snapshot(self) -> Shown | None:
        """The lines and hints this memory shows, or None when it shows nothing."""
        rows = [(r, cells) for r, cells in sorted(self.chars.items())
                if not "".join(cells).isspace()]
        if not rows:
            return None
        lines = tuple("".join(cells).strip() for _, cells in rows)
        return lines, self._hints(rows)

    def _hints(self, rows: list[tuple[int, list[str]]]) -> tuple[tuple[str, str], ...]:
        """Placement from the rows and columns used, style where every character shares it.

        ``line`` is the top row's place on the screen: the 15 rows fill the middle 80 % of
        its height (the safe caption area), so row 1 is at 10 % and row 15 at 85 %.
        ``align`` is ``center`` when every row is centred on the 32 columns (within a
        column) and not all of them start at column 0, ``right`` when every row ends at the
        last column and not all start at column 0, else ``left``.
        """
        top = rows[0][0]
        hints = [("line", f"{(2 * (150 + 80 * (top - 1)) + 15) // 30}%")]
        spans = []
        for _, cells in rows:
            text = "".join(cells)
            left = len(text) - len(text.lstrip())
            spans.append((left, len(text.rstrip())))
        centred = all(abs(left + right - COLUMNS) <= 1 for left, right in spans)
        flush = all(left == 0 for left, _ in spans)
        right = all(end == COLUMNS for _, end in spans)
        hints.append(("align", "left" if flush else "center" if centred
                      else "right" if right else "left"))
        styles: set[int] = set()
        for r, cells in rows:
            row_styles = self.styles[r]
            if any(row_styles):  # (plain white rows, nearly all, need no look at the cells)
                styles.update(s for ch, s in zip(cells, row_styles, strict=True)
                              if not ch.isspace())
            else:
                styles.add(0)
        if all(s & ITALIC for s in styles):
            hints.append(("italic", "1"))
        if all(s & UNDERLINE for s in styles):
            hints.append(("underline", "1"))
        colours = {s & 7 for s in styles}
        if len(colours) == 1 and (colour := colours.pop()):
            hints.append(("color", COLOURS[colour]))
        return tuple(hints)
