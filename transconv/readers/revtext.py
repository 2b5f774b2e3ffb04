"""Rev's plain-text transcript (``txt``): a speaker line, the turn's paragraph, a blank line.

The layout transconv's ``txt`` writer and Rev's own export share::

    Bob Smith (00:01):
    So where did you grow up, and what was it like?

    (01:02:03):
    A turn of a speaker nobody named.

Each block is one turn: ``Name (MM:SS):`` (``HH:MM:SS`` from the first hour) names its
speaker and start; a nameless ``(MM:SS):`` is the unknown speaker; files written without
times head a turn ``Name:`` alone, and a block with no speaker line at all is a turn of the
unknown speaker. Lines of one block are one paragraph (a hand-wrapped one too). Inline
``[MM:SS]`` marks (the writer's ``timestamps=interval``) are times, not words; other
bracketed words (``[laughter]``) are tags.

The file gives times only to the second and only where a turn or mark starts, so the words
from one known time to the next share that stretch by characters (:mod:`.plaintext`): a turn
lasts until the next one starts. A file without any time is read as an untimed transcript,
which transcript writers take and caption writers refuse.
"""

from __future__ import annotations

from ..model import Speaker, Transcript, Turn
from .common import ReadOptions
from .plaintext import WORDS, Anchors, Head, head_of, paragraphs, seconds_ms, token_of

__all__ = ["read", "sniff"]


def sniff(head: str) -> int:
    """Certain when the text opens with a timed speaker line and every timed block is that
    line and one paragraph line (several lines per block are Rev caption text); likely when
    most blocks are a bare ``Name:`` line and one paragraph line."""
    blocks = list(paragraphs(head))
    if not blocks:
        return 0
    if head_of(blocks[0][0][1]) is not None:
        whole = blocks[:-1] if len(blocks) > 1 else blocks  # the last may be cut short
        return 0 if any(len(b) > 2 and head_of(b[0][1]) for b in whole) else 2
    first = head_of(blocks[0][0][1], untimed=True)
    if first is None or not first.name or len(blocks[0]) != 2:
        return 0
    headed = sum(len(b) == 2 and head_of(b[0][1], untimed=True) is not None for b in blocks)
    return 1 if 2 * headed >= len(blocks) else 0


def read(text: str, options: ReadOptions, source: str) -> Transcript:
    """The turns of a Rev plain-text transcript."""
    keys: dict[str, str] = {}
    speakers: dict[str, Speaker] = {}
    anchors = Anchors(source)
    words: list[str] = []
    turns: list[tuple[str | None, int, int]] = []  # speaker, first word, end
    for block in paragraphs(text):
        head = head_of(block[0][1], untimed=len(block) > 1)
        body = block[1:] if head is not None else block
        if head is None:
            head = Head("", None)
        key = None
        if head.name:
            key = keys.get(head.name.casefold())
            if key is None:
                key = keys[head.name.casefold()] = str(len(keys) + 1)
                speakers[key] = Speaker(key, head.name)
        first = len(words)
        if head.start is not None:
            anchors.add(first, head.start, block[0][0])
        for number, line in body:
            for word in WORDS.findall(line):
                mark = seconds_ms(word[1:-1]) if word[0] == "[" and word[-1] == "]" else None
                if mark is not None:
                    anchors.add(len(words), mark, number)
                else:
                    words.append(word)
        if len(words) > first:
            turns.append((key, first, len(words)))
    times = anchors.times([len(word) for word in words])
    out: list[Turn] = []
    for key, first, stop in turns:
        tokens = [token_of(words[i], times[i]) for i in range(first, stop)]
        start, end = times[first], times[stop - 1]
        out.append(Turn(key, None if start is None else start[0],
                        None if end is None else end[1], tokens))
    return Transcript(turns=out, speakers=speakers)
