"""YouTube transcript text: untimed paragraphs that YouTube aligns to the audio itself.

Conventions (webvtt-srt.md §4, after broadcast captioning practice): one paragraph per turn
with a blank line between (a blank line forces a new caption), ``>>`` marks a change of
speaker, sounds go in square brackets, and there are no timecodes and no markup.

Decisions: a paragraph starts ``>> NAME: `` when the speaker changes (``>> `` alone for an
unnamed speaker); a further turn of the same speaker starts without a marker; a turn made only
of sound tags (``[MUSIC]``) carries no marker, as it is not speech. Names and tags are upper
case by default (the broadcast convention YouTube's tips follow); ``uppercase_labels=False``
keeps them as written. Speech is never re-cased. ``<`` and ``>`` inside the text become
``‹``/``›`` so nothing looks like markup or a fake ``>>`` speaker change. CRLF, as in Rev's
sample response.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..model import TAG, WORD, Token, Transcript, join_tokens
from ..options import help_
from ..text.lines import clean_line

LineEnding = Literal["crlf", "lf"]


@dataclass(frozen=True, slots=True)
class Options:
    """YouTube transcript options.

    ``uppercase_labels``: upper-case speaker names and sound tags (default true).
    ``line_ending``: ``crlf`` (default) or ``lf``.
    """

    uppercase_labels: bool = field(
        default=True, metadata=help_(
            'speaker names in capitals after >>, as YouTube transcripts show them'))
    line_ending: LineEnding = field(default="crlf", metadata=help_('line ends: CRLF or LF'))


def _safe(text: str) -> str:
    return clean_line(text).replace("<", "‹").replace(">", "›")


def write(transcript: Transcript, options: Options) -> str:
    """The transcript as YouTube transcript paragraphs."""
    nl = "\r\n" if options.line_ending == "crlf" else "\n"
    upper = options.uppercase_labels
    paragraphs: list[str] = []
    previous: object = object()
    for turn in transcript.turns:
        tokens = [
            Token(TAG, t.text.upper()) if upper and t.kind == TAG else t for t in turn.tokens
        ]
        text = _safe(join_tokens(tokens))
        if not text:
            continue
        if not any(t.kind == WORD for t in tokens):
            paragraphs.append(text)  # sounds only: not a change of speaker
            continue
        if turn.speaker != previous:
            name = _safe(transcript.speaker_label(turn.speaker))
            name = name.upper() if upper else name
            text = f">> {name}: {text}" if name else f">> {text}"
        previous = turn.speaker
        paragraphs.append(text)
    return (nl + nl).join(paragraphs) + nl if paragraphs else ""
