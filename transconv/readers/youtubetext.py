"""YouTube transcript text (``youtube``): untimed paragraphs, ``>>`` at a change of speaker.

The layout transconv's ``youtube`` writer makes for YouTube to align to the audio::

    >> ANNA: Good evening, and welcome.

    [MUSIC]

    >> JÜRGEN: Señor!

    And a further paragraph of the same speaker.

A paragraph (lines between blank lines) is a turn. ``>> NAME:`` starts one of a new speaker
(names kept as written, capitals and all), ``>>`` alone one of an unnamed speaker, and a
paragraph without the mark goes on with the speaker before it. A paragraph of sounds only
(``[MUSIC]``) belongs to nobody and changes nothing. Bracketed words are tags. The file has
no times, so neither has the transcript: transcript writers take it, caption writers ask for
times (YouTube itself aligns such a file to the audio).
"""

from __future__ import annotations

import re

from ..model import TAG, Speaker, Transcript, Turn
from .common import ReadOptions
from .plaintext import WORDS, paragraphs, token_of

__all__ = ["read", "sniff"]

#: The speaker mark: ``>>`` and, optionally, a name of up to 40 characters and a colon.
_MARK = re.compile(r"^>>+\s*(?:(?P<name>[^:>\s][^:>]{0,39}?)\s*:(?=\s|$))?\s*")
_SOUNDS = re.compile(r"^(?:\[[^\[\]]*\]\s*)+$")


def sniff(head: str) -> int:
    """Likely when the first paragraph that is not only sounds opens with ``>>``."""
    for block in paragraphs(head):
        first = block[0][1]
        if _SOUNDS.match(first) and len(block) == 1:
            continue
        return 1 if first.startswith(">>") and len(first) > 2 else 0
    return 0


def read(text: str, options: ReadOptions, source: str) -> Transcript:
    """The turns of a YouTube transcript text, untimed."""
    keys: dict[str, str] = {}
    speakers: dict[str, Speaker] = {}
    current: str | None = None
    turns: list[Turn] = []
    for block in paragraphs(text):
        paragraph = " ".join(line for _, line in block)
        mark = _MARK.match(paragraph) if paragraph.startswith(">>") else None
        speaker = current
        if mark is not None:
            paragraph = paragraph[mark.end():]
            name = " ".join((mark.group("name") or "").split())
            speaker = None
            if name:
                speaker = keys.get(name.casefold())
                if speaker is None:
                    speaker = keys[name.casefold()] = str(len(keys) + 1)
                    speakers[speaker] = Speaker(speaker, name)
        tokens = [token_of(word, None) for word in WORDS.findall(paragraph)]
        if not tokens:
            continue
        if mark is None and all(token.kind == TAG for token in tokens):
            turns.append(Turn(None, None, None, tokens))  # sounds: nobody's, no change
            continue
        current = speaker
        turns.append(Turn(speaker, None, None, tokens))
    return Transcript(turns=turns, speakers=speakers)
