"""Rev caption text (``text/x-rev-transcript``): caption cues written as a Rev-style transcript.

Rev lists this representation among its caption formats but publishes no description of it,
so the layout is our choice, documented here: it is Rev's familiar plain-text transcript
layout applied to caption cues. On every change of speaker (and at the top) a header line
``Name (MM:SS):`` gives the speaker and the start of that cue; then each cue follows on its own
line, its display lines joined by a space; a blank line separates speakers::

    Dr. Alice Martin (00:01):
    So where did you grow up, and what was it like?
    And when did you move?

    Bob Smith (01:02:03):
    Mostly in Lyon.

Times are ``MM:SS`` below one hour and ``HH:MM:SS`` from then on (``time_style="hms"``
always writes hours), truncated to the second as Rev does. Speaker names are not repeated
inside cue lines: the segmenter runs with ``speaker_style="none"``, and a leading ``Name:``
marker is removed from a speaker's first cue should one be there anyway, since the header
already says it (a ``Name:`` anywhere else is what was said, and stays). A cue
without a known speaker is headed ``Unknown Speaker``. Control characters are removed. The
text is UTF-8 (returned as ``str``) with CRLF line endings, as in Rev's plain-text responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..model import CaptionTrack, Cue
from ..options import help_
from ..segment import CaptionStyle, speaker_marker
from ..text.lines import clean_line
from ..text.repertoire import UNICODE, Repertoire

UNKNOWN_SPEAKER = "Unknown Speaker"


def _default_style() -> CaptionStyle:
    return CaptionStyle(speaker_style="none")


@dataclass(frozen=True, slots=True)
class Options:
    """Segmentation rules (no speaker prefix in cue text) and the time style."""

    style: CaptionStyle = field(default_factory=_default_style)
    time_style: Literal["auto", "hms"] = field(
        default="auto", metadata=help_(
            'times as MM:SS below an hour and HH:MM:SS from it (auto), or always HH:MM:SS'))


def timestamp(ms: int, time_style: Literal["auto", "hms"] = "auto") -> str:
    """``MM:SS`` (or ``HH:MM:SS`` from one hour, or always with ``hms``), truncated."""
    minutes, ss = divmod(max(ms, 0) // 1000, 60)
    hh, mm = divmod(minutes, 60)
    if hh or time_style == "hms":
        return f"{hh:02}:{mm:02}:{ss:02}"
    return f"{mm:02}:{ss:02}"


def _without_marker(text: str, cue: Cue, style: CaptionStyle) -> str:
    """``text`` without the visible speaker marker in front of it, on the one cue that can
    have one: the first after a change of speaker. A cue the segmenter made (``turn`` set)
    has exactly ``style``'s marker, if any; a cue from elsewhere may have ``Name:`` or
    ``>> Name:``. Any other ``Name:`` is spoken text and stays."""
    label = clean_line(cue.speaker_label)
    if not (cue.new_speaker and label):
        return text
    if cue.turn >= 0:
        marker = speaker_marker(style, label) if style.speaker_style in ("name", "chevrons") \
            else ""
        if marker and (text == marker or text.startswith(marker + " ")):
            return text[len(marker):].lstrip()
        return text
    for marker in (f"{label}:", f">> {label}:"):
        if text.startswith(marker):
            return text[len(marker):].lstrip()
    return text


def repertoire(options: Options) -> Repertoire:
    """Rev caption text is UTF-8: every character."""
    return UNICODE


def render(track: CaptionTrack, options: Options) -> str:
    """The Rev-style text for the track's cues in time order."""
    out: list[str] = []
    previous: str | None = None
    for cue in sorted(track.cues, key=lambda c: c.start):
        text = " ".join(part for part in map(clean_line, cue.lines) if part)
        text = _without_marker(text, cue, options.style)
        if not text:
            continue
        if not out or cue.speaker != previous or cue.new_speaker:
            if out:
                out.append("")
            name = clean_line(cue.speaker_label) or UNKNOWN_SPEAKER
            out.append(f"{name} ({timestamp(cue.start, options.time_style)}):")
            previous = cue.speaker
        out.append(text)
    return "".join(line + "\r\n" for line in out)

