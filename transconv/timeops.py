"""Time operations on a document: a time-code offset, a frame-rate change and a shift.

Captions are often authored against a tape whose first frame is labelled ``10:00:00:00`` or
``01:00:00:00``; a film transferred to PAL plays 25/23.976 faster; a file made for another
edit is a second early. :func:`retime` corrects all three, on a transcript (every turn,
token and annotation) or a caption track (every cue), between reading and writing:

1. the **time-code offset** is subtracted first (it is a label of the source's time line);
2. the **frame-rate change** scales what is left by ``fps_from / fps_to`` (23.976 → 25 plays
   4 % faster, so every time shrinks by that much);
3. the **shift** is added last, in the target's time.

Times are integer milliseconds and the arithmetic is exact (fractions, rounded half to even
once). What ends up before 0 is cut at 0, or dropped where it ends there, with a warning.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from fractions import Fraction

from .errors import UsageError
from .model import Annotation, CaptionTrack, Cue, Document, Token, Transcript, Turn
from .timecode import frame_rate, frame_to_ms, label_to_frame

__all__ = ["Retiming", "retime", "timecode_ms"]

_SHIFT = re.compile(r"^([+-]?)\s*(.+)$")
_LABEL = re.compile(r"^(\d{1,2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$")


@dataclass(frozen=True, slots=True)
class Retiming:
    """The three operations, in milliseconds and exact rates; the default changes nothing.

    ``timecode_offset`` stays text until the document is known: ``01:00:00:00`` counts
    frames at ``fps_from``, else at the rate of the track's own time codes (an SCC's 29.97),
    else at 30; a ``;`` before the frames means drop-frame.
    """

    shift: int = 0
    fps_from: Fraction | None = None
    fps_to: Fraction | None = None
    timecode_offset: str | None = None

    def __post_init__(self) -> None:
        if (self.fps_from is None) != (self.fps_to is None):
            raise UsageError("a frame-rate change needs both fps_from and fps_to")
        if self.timecode_offset is not None:
            timecode_ms(self.timecode_offset, self.fps_from)  # refuse a bad label now

    @property
    def changes(self) -> bool:
        return bool(self.shift or self.timecode_offset or self.fps_from != self.fps_to)

    @classmethod
    def of(cls, shift: int | str | None = None, fps_from: str | Fraction | float | None = None,
           fps_to: str | Fraction | float | None = None,
           timecode_offset: str | None = None) -> Retiming:
        """From user values: ``shift`` as ``-1.5s``, ``+700ms``, ``-00:00:02.000`` or ms."""
        return cls(shift_ms(shift), _rate(fps_from, "fps_from"), _rate(fps_to, "fps_to"),
                   timecode_offset.strip() if timecode_offset else None)


def _rate(value: str | Fraction | float | None, name: str) -> Fraction | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Fraction) else frame_rate(value)
    except (UsageError, ValueError):
        raise UsageError(f"option {name}: {value!r} is not a frame rate (25, 29.97, 24000/1001)"
                         ) from None


def shift_ms(value: int | str | None) -> int:
    """A signed duration in milliseconds: ``-1.5s``, ``+700ms``, ``-00:00:02.000``, ``250``."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise UsageError(f"option shift: {value!r} is not a duration")
    if isinstance(value, int):
        return value
    from .options import duration_ms

    match = _SHIFT.match(str(value).strip())
    if match is None:
        raise UsageError(f"option shift: {value!r} is not a duration (-1.5s, +700ms)")
    sign, rest = match.groups()
    ms = duration_ms("shift", rest)
    return -ms if sign == "-" else ms


def timecode_ms(text: str, rate: Fraction | None, drop: bool = False) -> int:
    """A start time code in milliseconds: ``HH:MM:SS:FF`` (``;FF`` drop-frame) counted at
    ``rate`` (30 when unknown), or ``HH:MM:SS.mmm`` / a duration with a unit."""
    match = _LABEL.match(text.strip())
    if match is None:
        try:
            return shift_ms(text)
        except UsageError:
            raise UsageError(f"option timecode_offset: {text!r} is not a time code "
                             "(01:00:00:00, 00:59:58;00 or 01:00:00.000)") from None
    hh, mm, ss, sep, ff = match.groups()
    if sep in ".,":
        return ((int(hh) * 60 + int(mm)) * 60 + int(ss)) * 1000 + int(ff.ljust(3, "0"))
    fps = rate or Fraction(30)
    drop = drop or sep == ";"
    if drop and fps.denominator == 1 and fps in (30, 60):
        fps = fps * 1000 / 1001
    try:
        return frame_to_ms(label_to_frame(int(hh), int(mm), int(ss), int(ff), fps, drop), fps)
    except ValueError as exc:
        raise UsageError(f"option timecode_offset: {text!r}: {exc}") from None


class _Clock:
    """The mapping of one document's times, and the count of what fell before 0."""

    def __init__(self, timing: Retiming, offset: int) -> None:
        self.offset = offset
        self.scale = (timing.fps_from / timing.fps_to
                      if timing.fps_from is not None and timing.fps_to is not None
                      else Fraction(1))
        self.shift = timing.shift
        self.cut = 0
        self.dropped = 0

    def __call__(self, ms: int) -> int:
        moved = ms - self.offset
        if self.scale != 1:
            moved = round(moved * self.scale)
        return moved + self.shift

    def maybe(self, ms: int | None) -> int | None:
        return None if ms is None else self(ms)

    def length(self, ms: int | None) -> int | None:
        """A duration: only the frame-rate change applies to it."""
        return None if ms is None else round(ms * self.scale)

    def span(self, start: int | None, end: int | None) -> tuple[int | None, int | None] | None:
        """(start, end) mapped; cut at 0, or None when the span ends at or before 0."""
        new_start, new_end = self.maybe(start), self.maybe(end)
        if new_end is not None and new_end <= 0 and (start is not None or end is not None):
            self.dropped += 1
            return None
        if new_start is not None and new_start < 0:
            self.cut += 1
            new_start = 0
        return new_start, new_end


def retime(document: Document, timing: Retiming) -> Document:
    """``document`` with ``timing`` applied (a new document; the given one is unchanged).

    >>> from transconv.model import CaptionTrack, Cue
    >>> track = CaptionTrack([Cue(3_601_000, 3_602_000, ("Hello",))])
    >>> retime(track, Retiming.of(timecode_offset="01:00:00.000")).cues[0].start
    1000
    """
    if not timing.changes:
        return document
    rate = timing.fps_from
    drop = False
    if rate is None and isinstance(document, CaptionTrack):
        rate, drop = document.frame_rate, document.drop_frame
    offset = timecode_ms(timing.timecode_offset, rate, drop) if timing.timecode_offset else 0
    clock = _Clock(timing, offset)
    if isinstance(document, CaptionTrack):
        result: Document = _track(document, clock)
    else:
        result = _transcript(document, clock)
    if clock.cut or clock.dropped:
        from .notices import logger

        logger("transconv.timeops").warning(
            "retiming moved %d item(s) before 0: %d cut to start at 0, %d dropped",
            clock.cut + clock.dropped, clock.cut, clock.dropped)
    return result


def _track(track: CaptionTrack, clock: _Clock) -> CaptionTrack:
    cues: list[Cue] = []
    for cue in track.cues:
        span = clock.span(cue.start, cue.end)
        if span is not None:
            start, end = span
            cues.append(dataclasses.replace(cue, start=start or 0, end=end or 0))
    return dataclasses.replace(track, cues=cues, annotations=_notes(track.annotations, clock),
                               duration=clock.length(track.duration))


def _transcript(transcript: Transcript, clock: _Clock) -> Transcript:
    turns: list[Turn] = []
    for turn in transcript.turns:
        tokens: list[Token] = []
        for token in turn.tokens:
            if token.start is None and token.end is None:
                tokens.append(token)
                continue
            span = clock.span(token.start, token.end)
            if span is not None:
                tokens.append(Token(token.kind, token.text, span[0], span[1], token.confidence))
        if not any(t.kind in ("word", "tag") for t in tokens) and turn.tokens:
            continue  # every word of the turn fell before 0
        start, end = clock.maybe(turn.start), clock.maybe(turn.end)
        turns.append(Turn(turn.speaker, None if start is None else max(start, 0),
                          None if end is None else max(end, 0), tokens))
    return dataclasses.replace(transcript, turns=turns,
                               annotations=_notes(transcript.annotations, clock),
                               duration=clock.length(transcript.duration))


def _notes(notes: list[Annotation], clock: _Clock) -> list[Annotation]:
    kept: list[Annotation] = []
    for note in notes:
        span = clock.span(note.start, note.end)
        if span is not None:
            kept.append(dataclasses.replace(note, start=span[0], end=span[1]))
    return kept
