"""The decoder's cues of one channel → a caption track (what SCC and MCC share).

Frames become milliseconds at the file's rate (:func:`~transconv.timecode.frame_to_ms`,
exact integers). A caption still on screen when the data ends lasts to the last frame of
the data, and at least a second: a file whose last caption is never erased is common and
must not give a caption that flashes. Speakers come from the text (``>> Name:``) through
the shared :class:`~transconv.readers.captions.cues.TrackBuilder`.
"""

from __future__ import annotations

from fractions import Fraction

from ....model import CaptionTrack
from ....timecode import frame_to_ms, nominal_fps
from ...common import ReadOptions, warn
from ..cues import TrackBuilder
from .decoder import Decoder


def track_of(decoder: Decoder, end: int, rate: Fraction, drop: bool, options: ReadOptions,
             source: str) -> CaptionTrack:
    """The track of ``options.channel`` once every pair up to frame ``end`` is decoded."""
    hold = nominal_fps(rate)
    for channel in decoder.channels:
        if channel.since is not None:
            channel.finish(max(end, channel.since + hold))
        else:
            channel.finish(end)
    number = int(options.channel[2])
    chosen = decoder.channels[number - 1]
    if chosen.loaded:
        warn(source, "", f"the data ends with a CC{number} caption loaded but never shown "
                         "(cut short?)")
    if not chosen.cues:
        others = [f"CC{c.number}" for c in decoder.channels if c.cues]
        if others:
            warn(source, "", f"CC{number} holds no captions; {', '.join(others)} "
                             f"{'does' if len(others) == 1 else 'do'} (choose with --channel)")
    builder = TrackBuilder(dash_speakers=options.dash_speakers)
    for start, stop, lines, hints in chosen.cues:
        builder.add(frame_to_ms(start, rate), frame_to_ms(stop, rate), lines, hints=hints)
    return builder.track(frame_rate=rate, drop_frame=drop)
