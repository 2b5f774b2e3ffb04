"""Long PDF turns as a run of paragraphs cut at line ends: the same lines, in linear time.

reportlab lays a paragraph out whole: when one does not fit on a page it is split, and the
rest is laid out again on the next page, and again on the one after. A turn of a hundred
pages was laid out a hundred times (one 100,000-word monologue took 43 s; a 400,000-character
word 27 s, split a character at a time on every page), and each layout of n words itself
costs n² / 2 list moves in reportlab's line breaker. A turn longer than
:data:`LONG_TURN_CHARS` is therefore broken into lines here, a window of words at a time,
and handed over as paragraphs of at most :data:`CHUNK_LINES` lines each, cut where a line
ends: each window is broken by reportlab's own breaker, its lines but the last become
paragraphs (from the fragments reportlab's own page split makes for them), and the last,
perhaps unfinished, line goes on into the next window. Greedy line breaking depends only on
where a line starts, so the lines are the ones the whole paragraph would have had.

The paragraphs stack as the turn did: no space between them (only after the last), and a
continuation may begin on a page's last line (the whole turn's paragraph would have gone
on there). Turns up to the limit — every turn of an ordinary transcript — stay one
paragraph, so their bytes do not change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

#: A turn with more characters than this is laid out by lines here (about five pages).
LONG_TURN_CHARS: Final = 20_000
#: Lines in each paragraph of a long turn (about a page at the default size).
CHUNK_LINES: Final = 40
#: The padding reportlab's default frame keeps inside the margins, on each side.
FRAME_PADDING: Final = 6.0


def is_long(frags: list[Any]) -> bool:
    """Whether a turn of fragments ``frags`` is laid out by :func:`paragraphs`."""
    return sum(len(frag.text) for frag in frags) > LONG_TURN_CHARS


def paragraphs(frags: list[Any], style: Any, para: Callable[..., Any],
               width: float) -> list[Any]:
    """The turn of fragments ``frags`` as paragraphs of ``para`` (a Paragraph class) in
    ``style``, cut at line ends for a frame ``width`` points wide (see the module doc)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paragraph import _getFragWords

    # Each window holds about CHUNK_LINES lines of words (their widths, spaces aside).
    budget = CHUNK_LINES * width
    words = _getFragWords(frags, width)
    chunks: list[list[Any]] = []
    carry: list[Any] = []  # the unfinished last line of the window before
    i = 0
    while i < len(words):
        j, filled = i, 0.0
        while j < len(words) and (j == i or filled < budget):
            filled += words[j][0]
            j += 1
        window = para(None, style, frags=carry + words[i:j])
        window.wrap(width, float("inf"))
        lines = window.blPara.lines
        cut = window._get_split_blParaFunc()
        keep = len(lines) if j == len(words) else len(lines) - 1
        chunks += [cut(window.blPara, a, min(a + CHUNK_LINES, keep))
                   for a in range(0, keep, CHUNK_LINES)]
        carry = cut(window.blPara, keep, len(lines)) if keep < len(lines) else []
        i = j
    if len(chunks) < 2:
        return [para("", style, frags=frags)]
    first = ParagraphStyle(f"{style.name}-first", style, spaceAfter=0)
    middle = ParagraphStyle(f"{style.name}-more", first, allowOrphans=1)
    last = ParagraphStyle(f"{style.name}-last", style, allowOrphans=1)
    return [para(None, last if n == len(chunks) - 1 else first if n == 0 else middle,
                 frags=chunk)
            for n, chunk in enumerate(chunks)]
