"""Caption segmentation: Transcript → list of Cue, the one engine every caption writer uses.

PROVISIONAL: the interface (CaptionStyle, Cue, segment) is fixed; the body is a simple greedy
placeholder until the full broadcast-rules engine lands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import MissingTiming
from .model import TAG, WORD, Transcript, render_token

SpeakerStyle = Literal["name", "dash", "chevrons", "none"]


@dataclass(frozen=True, slots=True)
class CaptionStyle:
    """Every segmentation rule in one place; caption writers take one of these.

    Times are milliseconds. ``min_gap`` is two frames at 30 fps.
    """

    max_chars: int = 42
    max_lines: int = 2
    max_duration: int = 7000
    min_duration: int = 1000
    max_cps: float = 20.0
    min_gap: int = 67
    speaker_style: SpeakerStyle = "name"
    keep_tags: bool = True


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption: when it shows and the lines it shows.

    ``lines`` are final display lines (the visible speaker marker included where the style
    adds one); ``speaker`` is the speaker key and ``speaker_label`` its display name ('' when
    unknown); ``new_speaker`` is true on the first cue after a change of speaker.
    """

    start: int
    end: int
    lines: tuple[str, ...]
    speaker: str | None = None
    speaker_label: str = ""
    new_speaker: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def segment(transcript: Transcript, style: CaptionStyle | None = None) -> list[Cue]:
    """Cut a timed transcript into cues that obey ``style``."""
    style = style or CaptionStyle()
    if not transcript.is_timed:
        raise MissingTiming("the transcript has no times; timed caption formats need them")
    cues: list[Cue] = []
    previous_speaker: object = object()
    for turn in transcript.turns:
        label = transcript.speaker_label(turn.speaker)
        words = [
            (render_token(t), t.start, t.end)
            for t in turn.tokens
            if t.kind == WORD or (t.kind == TAG and style.keep_tags)
        ]
        if not words or turn.start is None:
            continue
        new = turn.speaker != previous_speaker
        previous_speaker = turn.speaker
        lines: list[str] = [f"{label}: " if new and label else ""]
        start = words[0][1] if words[0][1] is not None else turn.start
        end = start
        for text, wstart, wend in words:
            candidate = f"{lines[-1]} {text}".strip() if lines[-1].strip() else lines[-1] + text
            if len(candidate) <= style.max_chars:
                lines[-1] = candidate
            elif len(lines) < style.max_lines:
                lines.append(text)
            else:
                cues.append(Cue(start, max(end, start + 1), tuple(lines), turn.speaker, label, new))
                new = False
                lines = [text]
                start = wstart if wstart is not None else end
            end = wend if wend is not None else end
        cues.append(Cue(start, max(end, start + 1), tuple(lines), turn.speaker, label, new))
    return cues
