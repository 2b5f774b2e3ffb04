"""Rev caption text (``rev-txt``): a ``Name (MM:SS):`` line per speaker, then a cue per line.

The layout transconv's ``rev-txt`` writer makes (Rev publishes none)::

    Anna (00:01):
    Good evening, and welcome.
    Tonight: the café on Rue de la Paix and its crème brûlée.

    Jürgen (00:06):
    Señor!

Each block between blank lines opens with its speaker and the start of its first cue,
truncated to the second (``HH:MM:SS`` from the first hour; ``Unknown Speaker`` is nobody);
every further line is one cue, its display lines joined. Only block starts are known, so
each block's cues share the time up to the next block's start by characters, and the last
block's cues last as long as they take to say (:mod:`..plaintext`). A block without a
speaker line goes on with the speaker before it; text before any speaker line is an error.
"""

from __future__ import annotations

from ...model import CaptionTrack
from ..common import ReadOptions
from ..plaintext import Anchors, head_of, paragraphs
from .cues import TrackBuilder, at_line

__all__ = ["read", "sniff"]


def sniff(head: str) -> int:
    """Certain when the text opens with a named, timed speaker line and some block holds
    more than one cue line (one paragraph per block is the plain-text transcript's layout,
    which then wins); likely with the speaker line alone."""
    blocks = list(paragraphs(head))
    if not blocks:
        return 0
    first = head_of(blocks[0][0][1])
    if first is None or first.start is None:
        return 0
    return 2 if any(len(b) > 2 and head_of(b[0][1]) for b in blocks) else 1


def read(text: str, options: ReadOptions, source: str) -> CaptionTrack:
    """The cues of a Rev caption text file."""
    builder = TrackBuilder(dash_speakers=options.dash_speakers)
    anchors = Anchors(source)
    cues: list[tuple[str, str]] = []  # (speaker name, line)
    name: str | None = None
    for block in paragraphs(text):
        head = head_of(block[0][1])
        if head is not None:
            name = head.name
            if head.start is not None:
                anchors.add(len(cues), head.start, block[0][0])
            block = block[1:]
        elif name is None:
            number, line = block[0]
            raise at_line(number, f"{line[:40]!r} is not a Rev speaker line (Name (MM:SS):)")
        cues.extend((name, line) for _, line in block)
    times = anchors.times([len(line) for _, line in cues])
    for (speaker, line), span in zip(cues, times, strict=True):
        start, end = span if span is not None else (0, 0)
        builder.add(start, end, [line], speaker=speaker)
    return builder.track()
