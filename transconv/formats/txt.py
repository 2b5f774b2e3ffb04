"""Rev's plain-text transcript (``text/plain``): a speaker line, the paragraph, a blank line.

The layout follows the widely seen Rev export (webvtt-srt.md §5)::

    Bob Smith (00:01):
    So where did you grow up, and what was it like?

One paragraph per turn; times are ``(MM:SS)`` below one hour and ``(HH:MM:SS)`` from one hour
on (``time_style="hms"`` always writes hours); CRLF as in Rev's SDK fixtures. A turn of the
unknown speaker gets no name, only its time (or no header line at all without times). With
``timestamps="interval"`` the header carries no time; instead a ``[MM:SS]`` mark, showing the
word's own start, goes before the first word at or after each ``interval``-second boundary,
so a reader can find a place in the audio inside long monologues.

Rev documents this representation as stripped of control characters, so C0 (except TAB, CR
and LF, which whitespace collapsing turns into spaces anyway), DEL and C1 are removed.
An untimed transcript is written without any times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..model import TAG, WORD, Token, Transcript, Turn, join_tokens
from ..options import help_
from ..text.lines import clean_line

TimestampMode = Literal["none", "turn", "interval"]
TimeStyle = Literal["auto", "hms"]
LineEnding = Literal["crlf", "lf"]



@dataclass(frozen=True, slots=True)
class Options:
    """Plain-text transcript options.

    ``timestamps``: ``turn`` (default: the turn's start on the speaker line), ``interval``
    (inline marks every ``interval`` seconds) or ``none``. ``time_style``: ``auto`` (MM:SS
    below one hour) or ``hms`` (always HH:MM:SS). ``line_ending``: ``crlf`` (default) or ``lf``.
    """

    timestamps: TimestampMode = field(
        default="turn", metadata=help_(
            'where times appear: none, one per turn, or every interval seconds inline'))
    interval: int = field(
        default=30, metadata=help_('seconds between inline times when timestamps=interval', 's'))
    time_style: TimeStyle = field(
        default="auto", metadata=help_(
            'times as MM:SS below an hour and HH:MM:SS from it (auto), or always HH:MM:SS'))
    line_ending: LineEnding = field(
        default="crlf", metadata=help_('line ends: CRLF (what Rev writes) or LF'))

    def __post_init__(self) -> None:
        if self.interval <= 0:
            raise ValueError(f"interval must be a positive number of seconds, not {self.interval}")


def stamp(ms: int, style: TimeStyle = "auto") -> str:
    """``MM:SS`` (below one hour, ``auto``) or ``HH:MM:SS``; seconds are truncated."""
    seconds = max(ms, 0) // 1000
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    if hours == 0 and style == "auto":
        return f"{mins:02}:{secs:02}"
    return f"{hours:02}:{mins:02}:{secs:02}"


def _turn_start(turn: Turn) -> int | None:
    if turn.start is not None:
        return turn.start
    return next((t.start for t in turn.tokens if t.start is not None), None)


def _with_marks(tokens: list[Token], next_mark: int, step: int,
                style: TimeStyle) -> tuple[list[Token], int]:
    """Tokens with a time mark (rendered ``[MM:SS]``) before each word crossing a boundary."""
    out: list[Token] = []
    for token in tokens:
        if token.kind == WORD and token.start is not None and token.start >= next_mark:
            out.append(Token(TAG, stamp(token.start, style)))
            next_mark = (token.start // step + 1) * step
        out.append(token)
    return out, next_mark


def write(transcript: Transcript, options: Options) -> str:
    """The transcript in Rev's plain-text layout."""
    nl = "\r\n" if options.line_ending == "crlf" else "\n"
    timed = transcript.is_timed
    step = options.interval * 1000
    next_mark = 0
    blocks: list[str] = []
    for turn in transcript.turns:
        tokens = turn.tokens
        if timed and options.timestamps == "interval":
            tokens, next_mark = _with_marks(tokens, next_mark, step, options.time_style)
        text = clean_line(join_tokens(tokens))
        if not text:
            continue
        head = clean_line(transcript.speaker_label(turn.speaker))
        start = _turn_start(turn) if timed and options.timestamps == "turn" else None
        if start is not None:
            head = f"{head} ({stamp(start, options.time_style)})".lstrip()
        blocks.append(f"{head}:{nl}{text}" if head else text)
    return (nl + nl).join(blocks) + nl if blocks else ""
